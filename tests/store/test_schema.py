"""The table registry: one place says what each table is, and the store's parts obey it."""

from pstui.store import merge
from pstui.store.check import check_data
from pstui.store.repository import new_store_data
from pstui.store.schema import TABLES, spec_of
from pstui.store.templates import load_template

T0, T1, T2 = (f"2026-01-0{d}T00:00:00+00:00" for d in (1, 2, 3))


def test_a_new_store_holds_every_registered_table_and_no_other():
    data = new_store_data("B", load_template("simple").workflow, "me")
    assert set(data) == set(TABLES)


def test_every_reference_names_a_registered_table():
    for spec in TABLES.values():
        for ref in spec.references:
            assert ref.table in TABLES, (spec.name, ref)


def test_every_merge_rule_is_one_the_merge_knows():
    for spec in TABLES.values():
        assert set(spec.merge.values()) <= set(merge._RULES), spec.name


def test_an_unknown_table_is_kept_and_merged_field_by_field():
    assert spec_of("visits_from_the_future").read is None
    base = {"x": {"R": {"a": 1, "b": 1, "updated_at": T0}}}
    ours = {"x": {"R": {"a": 2, "b": 1, "updated_at": T1}}}
    theirs = {"x": {"R": {"a": 1, "b": 3, "updated_at": T2}}}
    merged = merge.merge_stores(base, ours, theirs).data["x"]["R"]
    assert (merged["a"], merged["b"]) == (2, 3)


def test_a_risks_notes_merge_as_a_union_by_the_registry():
    note = lambda i, at: {"id": i, "at": at, "by": "x", "text": i}  # noqa: E731
    base = {"notes": [note("a", T0)], "updated_at": T0}
    ours = {"notes": [note("a", T0), note("b", T1)], "updated_at": T1}
    theirs = {"notes": [note("a", T0), note("c", T2)], "updated_at": T2}
    merged, conflicts = merge.merge_record("risks", "R", base, ours, theirs)
    assert [n["id"] for n in merged["notes"]] == ["a", "b", "c"]
    assert conflicts == []
    # The same lists in a table with no rule for them are one value: the later side wins.
    plain, lost = merge.merge_record("boards", "B", base, ours, theirs)
    assert [n["id"] for n in plain["notes"]] == ["a", "c"]
    assert len(lost) == 1 and lost[0]["data"]["field"] == "notes"


def test_check_reads_references_from_the_registry(tmp_path):
    data = new_store_data("B", load_template("simple").workflow, "me")
    board = next(iter(data["boards"]))
    stamps = {"created_at": T0, "updated_at": T0}
    data["risks"]["01ARZ3NDEKTSV4RRFFQ69G5FA1"] = {"title": "r", **stamps}
    data["risks"]["01ARZ3NDEKTSV4RRFFQ69G5FA2"] = {
        "board": board,
        "card": "01ARZ3NDEKTSV4RRFFQ69G5FA9",
        "title": "r",
        **stamps,
    }
    problems = {(p.record[-1], p.message) for p in check_data(data)}
    assert ("1", "has no board") in problems
    assert any(r == "2" and "names no record in cards" in m for r, m in problems)
