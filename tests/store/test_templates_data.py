"""The workflow templates shipped in pstui/templates/ are well-formed data.

These tests read the TOML files directly (not through the loader) so that a broken template
is reported as a data problem, with the file and the stage named.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from pstui.model.workflow import MUST, SHOULD, Workflow

TEMPLATES = Path(__file__).resolve().parents[2] / "pstui" / "templates"
EXPECTED = {"service", "service-zh", "support", "simple"}
SERVICE_STAGES = ["initiation", "execution", "acceptance", "enablement", "review", "maintenance"]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOP_KEYS = {"name", "description", "stages"}
STAGE_KEYS = {"id", "name", "wip", "gate"}
CRITERION_KEYS = {"id", "text", "level"}
# Criterion texts are shown in an 80-column terminal next to a checkbox.
MAX_TEXT_CELLS = 70


def cells(text: str) -> int:
    """Terminal width of text: East Asian wide and fullwidth characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def load(stem: str) -> dict[str, Any]:
    with (TEMPLATES / f"{stem}.toml").open("rb") as fh:
        return tomllib.load(fh)


def to_workflow(data: dict[str, Any]) -> Workflow:
    return Workflow.from_list(
        [
            {
                "id": s["id"],
                "name": s["name"],
                "wip": s.get("wip"),
                "gate": [
                    {"id": c["id"], "text": c["text"], "level": c["level"]}
                    for c in s.get("gate", [])
                ],
            }
            for s in data["stages"]
        ]
    )


def ids(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(s["id"], [c["id"] for c in s.get("gate", [])]) for s in data["stages"]]


ALL = sorted(p.stem for p in TEMPLATES.glob("*.toml"))


def test_the_expected_templates_are_shipped() -> None:
    assert set(ALL) >= EXPECTED


@pytest.mark.parametrize("stem", ALL)
def test_template_is_well_formed(stem: str) -> None:
    data = load(stem)
    assert set(data) <= TOP_KEYS, f"{stem}: unknown keys {set(data) - TOP_KEYS}"
    assert isinstance(data.get("name"), str) and data["name"].strip(), f"{stem}: no name"
    if "description" in data:
        assert isinstance(data["description"], str) and data["description"].strip()
    assert data.get("stages"), f"{stem}: no stages"

    for stage in data["stages"]:
        where = f"{stem}/{stage.get('id')}"
        assert set(stage) <= STAGE_KEYS, f"{where}: unknown keys {set(stage) - STAGE_KEYS}"
        assert SLUG.match(stage["id"]), f"{where}: stage id is not a lowercase slug"
        assert isinstance(stage["name"], str) and stage["name"].strip(), f"{where}: no name"
        if "wip" in stage:
            wip = stage["wip"]
            assert isinstance(wip, int) and not isinstance(wip, bool) and wip > 0, where
        gate = stage.get("gate", [])
        criterion_ids = [c["id"] for c in gate]
        assert len(criterion_ids) == len(set(criterion_ids)), f"{where}: duplicate criterion"
        for c in gate:
            here = f"{where}/{c.get('id')}"
            assert set(c) <= CRITERION_KEYS, f"{here}: unknown keys {set(c) - CRITERION_KEYS}"
            assert SLUG.match(c["id"]), f"{here}: criterion id is not a lowercase slug"
            assert c.get("level") in (MUST, SHOULD), f"{here}: level must be must or should"
            assert isinstance(c["text"], str) and c["text"].strip(), f"{here}: empty text"
            assert c["text"] == c["text"].strip() and "\n" not in c["text"], here
            assert cells(c["text"]) <= MAX_TEXT_CELLS, f"{here}: text too wide for 80 columns"


@pytest.mark.parametrize("stem", ALL)
def test_template_builds_a_workflow(stem: str) -> None:
    data = load(stem)
    workflow = to_workflow(data)
    assert [s.id for s in workflow.stages] == [s["id"] for s in data["stages"]]
    for stage, raw in zip(workflow.stages, data["stages"], strict=True):
        assert stage.name == raw["name"]
        assert stage.wip_limit == raw.get("wip")
        assert [c.must for c in stage.gate] == [c["level"] == MUST for c in raw.get("gate", [])]
        assert [c.text for c in stage.gate] == [c["text"] for c in raw.get("gate", [])]
    # The round trip through the model's own dict form keeps everything.
    assert Workflow.from_list(workflow.to_list()) == workflow


def test_service_has_the_lifecycle_stages_in_order() -> None:
    assert [s["id"] for s in load("service")["stages"]] == SERVICE_STAGES


def test_service_zh_mirrors_service_ids() -> None:
    en, zh = load("service"), load("service-zh")
    assert ids(zh) == ids(en)
    for s_en, s_zh in zip(en["stages"], zh["stages"], strict=True):
        assert s_zh.get("wip") == s_en.get("wip"), s_en["id"]
        assert [c["level"] for c in s_zh.get("gate", [])] == [
            c["level"] for c in s_en.get("gate", [])
        ], s_en["id"]


def test_service_zh_is_in_chinese() -> None:
    zh = load("service-zh")

    def has_cjk(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    assert has_cjk(zh["name"])
    for stage in zh["stages"]:
        assert has_cjk(stage["name"]), stage["id"]
        for c in stage.get("gate", []):
            assert has_cjk(c["text"]), f"{stage['id']}/{c['id']}"


def test_every_service_stage_has_a_must_criterion() -> None:
    for stem in ("service", "service-zh"):
        for stage in load(stem)["stages"]:
            assert any(c["level"] == MUST for c in stage.get("gate", [])), stage["id"]
