"""Workflow templates: TOML files shipped in `pstui/templates/`, and workflow export/import."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import tomli_w

from pstui.model.workflow import Workflow, WorkflowError

DEFAULT_TEMPLATE = "service"


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str
    workflow: Workflow


def template_names() -> list[str]:
    folder = resources.files("pstui") / "templates"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_template(key: str) -> Template:
    source = resources.files("pstui") / "templates" / f"{key}.toml"
    if not source.is_file():
        raise WorkflowError(f"no template {key!r}; choose one of: {', '.join(template_names())}")
    return template_from_toml(source.read_text(encoding="utf-8"), key)


def template_from_toml(text: str, key: str = "imported") -> Template:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise WorkflowError(f"not valid TOML: {err}") from None
    stages = raw.get("stages")
    if not isinstance(stages, list):
        raise WorkflowError("a workflow needs a [[stages]] list")
    try:
        workflow = Workflow.from_list(stages)
    except (KeyError, TypeError, ValueError) as err:
        raise WorkflowError(f"a stage is missing a field or has a wrong one: {err}") from None
    return Template(
        key=key,
        name=str(raw.get("name") or key),
        description=str(raw.get("description") or ""),
        workflow=workflow,
    )


def workflow_to_toml(name: str, workflow: Workflow, description: str = "") -> str:
    stages: list[dict[str, Any]] = []
    for stage in workflow.to_list():
        out = {k: v for k, v in stage.items() if v is not None and k != "gate"}
        out["gate"] = stage["gate"]
        stages.append(out)
    doc: dict[str, Any] = {"name": name}
    if description:
        doc["description"] = description
    doc["stages"] = stages
    return tomli_w.dumps(doc)
