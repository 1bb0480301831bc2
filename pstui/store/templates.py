"""Templates: workflows (TOML files shipped in `pstui/templates/`, and workflow export/import)
and surveys (`pstui/templates/surveys/`, and a store's own beside it)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from pstui.i18n import _
from pstui.model.survey import SurveyError
from pstui.model.survey import Template as SurveyTemplate
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
        raise WorkflowError(
            _("no template {key}; choose one of: {names}").format(
                key=repr(key), names=", ".join(template_names())
            )
        )
    return template_from_toml(source.read_text(encoding="utf-8"), key)


def template_from_toml(text: str, key: str = "imported") -> Template:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise WorkflowError(_("not valid TOML: {error}").format(error=err)) from None
    stages = raw.get("stages")
    if not isinstance(stages, list):
        raise WorkflowError(_("a workflow needs a [[stages]] list"))
    try:
        workflow = Workflow.from_list(stages)
    except (KeyError, TypeError, ValueError) as err:
        raise WorkflowError(
            _("a stage is missing a field or has a wrong one: {error}").format(error=err)
        ) from None
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


# ----- survey templates -------------------------------------------------------------------------

SURVEY_FOLDER = "pstui-surveys"  # beside pstui.json: a store's own templates, shared by git
DEFAULT_SURVEY = "standard"


def survey_templates(store: Path | None = None) -> dict[str, SurveyTemplate]:
    """The survey templates pstui ships, then the store's own (which win on a name)."""
    shipped = resources.files("pstui") / "templates" / "surveys"
    sources = sorted((p for p in shipped.iterdir() if p.name.endswith(".toml")), key=_name)
    if store is not None:
        sources += sorted((store.parent / SURVEY_FOLDER).glob("*.toml"))
    return {
        _name(source): survey_template_from_toml(source.read_text(encoding="utf-8"), _name(source))
        for source in sources
    }


def _name(source: Any) -> str:
    return str(source.name).removesuffix(".toml")


def survey_template_from_toml(text: str, name: str) -> SurveyTemplate:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SurveyError(
            _("survey template {name} is not valid TOML: {error}").format(
                name=repr(name), error=err
            )
        ) from None
    return SurveyTemplate.from_toml(name, raw)
