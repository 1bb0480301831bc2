"""Loading workflow templates, and workflow export/import through TOML."""

from __future__ import annotations

import pytest

from pstui.model.workflow import WorkflowError
from pstui.store.templates import (
    DEFAULT_TEMPLATE,
    load_template,
    template_from_toml,
    template_names,
    workflow_to_toml,
)


def test_the_shipped_templates_are_listed():
    assert {"service", "service-zh", "support", "simple"} <= set(template_names())
    assert DEFAULT_TEMPLATE == "service"


def test_load_template():
    simple = load_template("simple")
    assert simple.key == "simple"
    assert simple.name == "Simple board"
    assert [s.id for s in simple.workflow.stages] == ["todo", "doing", "done"]
    assert simple.workflow.stage("doing").wip_limit == 5


def test_service_and_service_zh_share_stage_and_criterion_ids():
    en, zh = load_template("service").workflow, load_template("service-zh").workflow
    assert [s.id for s in en.stages] == [s.id for s in zh.stages]
    for a, b in zip(en.stages, zh.stages, strict=True):
        assert [(c.id, c.must) for c in a.gate] == [(c.id, c.must) for c in b.gate]


def test_unknown_template_names_the_choices():
    with pytest.raises(WorkflowError) as err:
        load_template("nope")
    assert "'nope'" in str(err.value) and "simple" in str(err.value)


@pytest.mark.parametrize("key", ["simple", "service", "service-zh", "support"])
def test_export_import_round_trip(key):
    template = load_template(key)
    text = workflow_to_toml(template.name, template.workflow, template.description)
    again = template_from_toml(text, "again")
    assert again.workflow == template.workflow
    assert again.name == template.name
    assert again.description == template.description
    assert again.key == "again"


def test_export_leaves_out_empty_wip():
    text = workflow_to_toml("S", load_template("simple").workflow)
    assert "wip = 5" in text
    assert text.count("wip") == 1
    assert "description" not in text


@pytest.mark.parametrize(
    "text,words",
    [
        ("name = [", "not valid TOML"),
        ('name = "x"', "[[stages]]"),
        ('stages = "x"', "[[stages]]"),
        ("[[stages]]\nname = 'no id'", "missing a field"),
        ("[[stages]]\nid = 'a'\nwip = 'many'", "wrong one"),
        ("[[stages]]\nid = 'a'\n[[stages]]\nid = 'a'", "unique"),
        ("stages = []", "at least one stage"),
    ],
)
def test_bad_workflow_toml_is_a_clear_error(text, words):
    with pytest.raises(WorkflowError) as err:
        template_from_toml(text)
    assert words in str(err.value)


def gate_with_level(level: str) -> str:
    return f"[[stages]]\nid = 'a'\n[[stages.gate]]\nid = 'c'\ntext = 'T'\nlevel = '{level}'\n"


@pytest.mark.parametrize("level", ["mandatory", "musst", ""])
def test_an_unknown_criterion_level_is_an_error(level):
    with pytest.raises(WorkflowError, match="level"):
        template_from_toml(gate_with_level(level))


@pytest.mark.parametrize(("level", "must"), [("Must", True), ("SHOULD", False), (" must ", True)])
def test_criterion_levels_are_read_whatever_their_case(level, must):
    [criterion] = template_from_toml(gate_with_level(level)).workflow.stages[0].gate
    assert criterion.must is must
