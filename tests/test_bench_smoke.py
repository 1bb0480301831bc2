"""The benchmark still runs: the generator and every measurement, on 100 cards, a few presses.

Timings are not checked here (the benchmark is `python -m pstui.bench`, outside the suite):
only that each figure exists, is a positive number, and the data behind it is sound.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pendulum
import pytest

from pstui.bench import __main__ as bench_main
from pstui.bench.__main__ import cold_starts_beside_the_floor, fresh_starts
from pstui.bench.generate import edit_copies, generate_store, write_store
from pstui.bench.measure import (
    BOARD_PHASES,
    FLOOR_PHASES,
    Limits,
    measure_board,
    measure_cold_start,
    measure_floor,
    measure_floor_write,
    measure_writes,
)
from pstui.bench.merge import measure_merge, merge_available
from pstui.bench.report import render
from pstui.model.lesson import Lesson, LessonKind
from pstui.model.retro import Retro
from pstui.model.survey import Response, Status, Survey, status_of
from pstui.store.check import check_data
from pstui.store.engine.serialize import dumps_store
from pstui.store.repository import Repository
from pstui.store.templates import survey_templates

CARDS = 100
SEED = 7
BASE = pendulum.Date(2026, 11, 22)  # the generated store's "today"
LIMITS = Limits(presses=12, cap=10, opens=1, writes=3, reloads=2, filter_words=("p",))
BOARD_FIGURES = (
    "first_paint",
    "cursor",
    "reorder",
    "stage_move",
    "card_move",
    "filter",
    "detail_open",
    "detail_close",
    "standup_open",
    "standup_step",
    "reload",
    "reload_ui_wait",
)


@pytest.fixture(scope="module")
def data() -> dict:
    return generate_store(CARDS, SEED)


@pytest.fixture(scope="module")
def store(data: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("bench") / "pstui.json", data)


def _positive(samples: list[float]) -> bool:
    return bool(samples) and all(s > 0 for s in samples)


def test_the_generator_is_deterministic_and_makes_a_sound_store(data: dict, store: Path) -> None:
    assert dumps_store(generate_store(CARDS, SEED)) == store.read_text(encoding="utf-8")
    assert dumps_store(generate_store(CARDS, SEED + 1)) != store.read_text(encoding="utf-8")
    repo = Repository(store, "smoke")
    assert repo.problems == []
    assert repo.cards.count() == CARDS
    board = repo.boards.all()[0]
    assert (
        len(repo.cards.on_board(board.id)) + len(repo.cards.on_board(board.id, archived=True))
        == CARDS
    )
    for table in ("risks", "surveys", "responses", "retros", "lessons", "events"):
        assert data[table], f"no {table} generated"
    assert len(data["events"]) > 3 * CARDS


def test_the_new_tables_read_as_the_model_and_the_store_read_them(data: dict, store: Path) -> None:
    """Surveys, responses, retrospectives and lessons in the shapes pstui writes, each one
    pointing at records that are there, and read back through the store's services."""
    assert check_data(data) == []
    models = {"surveys": Survey, "responses": Response, "retros": Retro, "lessons": Lesson}
    read = {
        table: {rid: model.from_dict(rid, raw) for rid, raw in data[table].items()}
        for table, model in models.items()
    }
    for table, records in read.items():
        for record_id, record in records.items():
            assert record.to_dict() == data[table][record_id], (table, record_id)
            assert not record.extra
    standard = survey_templates()
    for survey in read["surveys"].values():
        assert survey.card in data["cards"] and survey.contact and survey.due
        assert survey.questions == list(standard[survey.template].questions)
    for response in read["responses"].values():
        survey = read["surveys"][response.survey]
        assert response.card == survey.card and response.answered_on >= survey.sent_on
        for answer in response.answers:
            asked = survey.question(answer.id)
            assert asked is not None and (asked.text, asked.scale) == (
                answer.question,
                answer.scale,
            )
    for retro in read["retros"].values():
        assert data["cards"][retro.card]["stage"] in ("review", "maintenance")
        assert retro.schedule_slip is not None
    for lesson in read["lessons"].values():
        assert lesson.card is None or lesson.card in data["cards"]
        assert lesson.retro is None or read["retros"][lesson.retro].card == lesson.card
    repo = Repository(store, "smoke")
    assert len(repo.surveys.listed()) == len(data["surveys"])
    assert sum(len(repo.surveys.responses_of(s)) for s in data["surveys"]) == len(data["responses"])
    assert len(repo.lessons.search()) == len(data["lessons"])
    assert len(repo.retros.listed()) == len(data["retros"])


def test_the_proportions_at_scale() -> None:
    """At 2,000 cards, a fifth of the benchmark's store: about a survey per ten cards with
    about three responses each, in every status; a lesson per ten cards, of every kind; a
    retrospective on one card in twelve of those past Review."""
    data = generate_store(2000, SEED)
    surveys = {rid: Survey.from_dict(rid, raw) for rid, raw in data["surveys"].items()}
    responses: dict[str, list[Response]] = {}
    for rid, raw in data["responses"].items():
        response = Response.from_dict(rid, raw)
        responses.setdefault(response.survey, []).append(response)
    assert 150 <= len(surveys) <= 250
    assert 2.5 <= len(data["responses"]) / len(surveys) <= 3.5
    statuses = Counter(status_of(s, responses.get(s.id, []), BASE) for s in surveys.values())
    assert set(statuses) == set(Status)
    assert statuses[Status.ANSWERED] > len(surveys) / 2
    assert any(not r.complete for found in responses.values() for r in found)
    lessons = [Lesson.from_dict(rid, raw) for rid, raw in data["lessons"].items()]
    assert 150 <= len(lessons) <= 250
    assert {lesson.kind for lesson in lessons} == set(LessonKind)
    assert any(lesson.card is None for lesson in lessons)
    assert any(lesson.retro for lesson in lessons)
    assert 40 <= len(data["retros"]) <= 80


def test_edit_copies_diverge_from_base_and_leave_it_alone(data: dict) -> None:
    before = dumps_store(data)
    ours, theirs = edit_copies(data, 30, SEED)
    assert dumps_store(data) == before
    changed = {cid for cid in data["cards"] if ours["cards"][cid] != data["cards"][cid]}
    changed_theirs = {cid for cid in data["cards"] if theirs["cards"][cid] != data["cards"][cid]}
    assert changed and changed_theirs and changed & changed_theirs
    assert len(ours["cards"]) > CARDS and len(theirs["cards"]) > CARDS


def test_every_board_measurement_runs(store: Path) -> None:
    results = measure_board(store, LIMITS)
    for figure in BOARD_FIGURES:
        assert _positive(results.series.get(figure, [])), figure
    # At 100 cards the file is written before a cursor key can catch it: that phase shows by
    # the changes it made, which reached the file, and by the other apps finding the index.
    rounds = LIMITS.presses // 2
    assert f"benchmark change {rounds - 1}" in store.read_text(encoding="utf-8")
    assert results.values["reopened_indexed"] == 0  # 100 cards: too small to be indexed
    assert len(results.series["first_paint"]) == 1  # the process's first app: the cold one
    assert len(results.series["first_paint_reopened"]) == len(BOARD_PHASES) - 1
    assert results.values["rss_after_paint_kb"] > 0
    assert results.values["peak_rss_kb"] >= results.values["peak_rss_before_reload_kb"]
    assert results.values["peak_rss_before_reload_kb"] >= results.values["peak_rss_after_paint_kb"]
    assert len(results.series["reload"]) == LIMITS.reloads
    assert f"reload {LIMITS.reloads - 1} reload" in store.read_text(encoding="utf-8")


def test_every_floor_measurement_runs() -> None:
    results = measure_floor(LIMITS)
    for figure in ("first_paint", "key", "filter", "detail_open", "detail_close"):
        assert _positive(results.series.get(figure, [])), figure
    assert len(results.series["first_paint"]) == 1
    assert len(results.series["first_paint_reopened"]) == len(FLOOR_PHASES) - 1
    assert _positive(measure_floor_write(LIMITS).series["write"])


def test_a_cold_start_is_one_first_paint_of_pstui_or_of_the_floor(store: Path) -> None:
    for measured in (measure_cold_start(store), measure_cold_start(None)):
        assert _positive(measured.series["first_paint"])
        assert len(measured.series["first_paint"]) == 1
        assert "first_paint_reopened" not in measured.series


def test_writes_are_measured_and_reach_the_file(store: Path) -> None:
    results = measure_writes(store, LIMITS)
    for figure in ("write_first", "write", "saved_first", "saved"):
        assert _positive(results.series[figure]), figure
    held = results.series["write_first"] + results.series["write"]
    saved = results.series["saved_first"] + results.series["saved"]
    assert all(s >= h for h, s in zip(held, saved, strict=True))
    assert Repository(store, "smoke").cards.count() == CARDS


@pytest.mark.skipif(not merge_available(), reason="the merge module is not there yet")
def test_the_merge_keeps_every_card(data: dict, tmp_path: Path) -> None:
    ours, theirs = edit_copies(data, 30, SEED)
    paths = [
        write_store(tmp_path / f"{name}.json", store)
        for name, store in (("base", data), ("ours", ours), ("theirs", theirs))
    ]
    results = measure_merge(*paths)
    assert _positive(results.series["merge"])
    everyone = set(data["cards"]) | set(ours["cards"]) | set(theirs["cards"])
    assert results.values["merged_cards"] == len(everyone)
    merged = Repository(tmp_path / "ours-merged.json", "smoke")
    assert merged.cards.count() == len(everyone)


def test_the_report_renders_every_row() -> None:
    figures = {
        "series": {
            name: [0.01, 0.02]
            for name in (*BOARD_FIGURES, "write_first", "write", "process_to_paint")
        },
        "values": {"rss_after_paint_kb": 1000, "peak_rss_kb": 2000},
        "notes": [],
    }
    floor = {"series": {"first_paint": [0.1], "key": [0.01]}, "values": {}, "notes": []}
    table = render({CARDS: figures}, floor, SimpleNamespace(presses=20, cap=10.0))
    assert "cursor key" in table and "pass" in table and "n/a" in table


def test_a_fresh_process_starts_as_pstui_does_and_paints(store: Path, tmp_path: Path) -> None:
    args = SimpleNamespace(presses=12, cap=10.0, opens=1, writes=3)
    (launched,) = fresh_starts(args, tmp_path, "launch", store, 1)
    paint, process = launched
    assert 0 < paint < process  # the process's start, imports and read come before the app


def test_cold_starts_beside_the_floor_take_turns_and_both_paint(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_main, "COLD_STARTS", 3)
    spawned: list[str] = []
    spawn = bench_main.spawn

    def noting(command: list[str], out: Path) -> Any:
        spawned.append("ours" if "--store" in command else "floor")
        return spawn(command, out)

    monkeypatch.setattr(bench_main, "spawn", noting)
    args = SimpleNamespace(presses=12, cap=10.0, opens=1, writes=3)
    ours, floors = cold_starts_beside_the_floor(args, tmp_path, store)
    assert spawned == ["ours", "floor", "ours", "floor"]
    assert len(ours) == len(floors) == 2
    assert all(0 < paint < process for paint, process in ours + floors)
