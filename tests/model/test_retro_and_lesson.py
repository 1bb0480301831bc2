"""Retrospectives' computed outcomes and lessons' search, read back as written."""

import pytest

from pstui.model.lesson import Lesson, LessonKind, LessonQuery, search
from pstui.model.records import RecordError
from pstui.model.retro import Action, Goals, Retro


def retro(**fields) -> Retro:
    return Retro(**({"id": "R", "board": "B", "card": "C", "held_on": "2026-11-20",
                     "created_at": "t", "updated_at": "t"} | fields))  # fmt: skip


def test_schedule_slip_in_days_either_way_or_unknown():
    assert retro(planned_end="2026-11-10", actual_end="2026-11-20").schedule_slip == 10
    assert retro(planned_end="2026-11-20", actual_end="2026-11-10").schedule_slip == -10
    assert retro(planned_end="2026-11-20").schedule_slip is None
    assert retro(planned_end="soon", actual_end="2026-11-10").schedule_slip is None


def test_budget_variance_in_percent_or_unknown():
    assert retro(budget_planned=100.0, budget_actual=120).budget_variance == pytest.approx(20)
    assert retro(budget_planned=200, budget_actual=150).budget_variance == pytest.approx(-25)
    assert retro(budget_planned=0, budget_actual=10).budget_variance is None
    assert retro(budget_actual=10).budget_variance is None


def test_a_retro_reads_back_as_written():
    r = retro(goals=Goals.PARTLY, goals_note="2 of 3", budget_planned=10.5,
              actions=[Action("A", "Spec template", card="X")], extra={"future": 1})  # fmt: skip
    assert Retro.from_dict(r.id, r.to_dict()) == r


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"held_on": "2026-11-20"}, "has no card"),
        ({"card": "C", "goals": "maybe"}, "goals is 'maybe'"),
        ({"card": "C", "budget_actual": "lots"}, "budget_actual is 'lots', not a number"),
        ({"card": "C", "budget_actual": True}, "not a number"),
        ({"card": "C", "actions": [{"text": "x"}]}, "an action has no id"),
    ],
)
def test_a_retro_pstui_cannot_read_is_named(raw, message):
    with pytest.raises(RecordError, match=message):
        Retro.from_dict("R", raw)


LESSONS = [
    Lesson(
        "1",
        "Freeze interface specs early",
        "t1",
        "t1",
        "LIS vendor docs lacked fields",
        tags=["interfaces", "vendor"],
        client="Acme Hospital",
    ),  # fmt: skip
    Lesson(
        "2",
        "培训前准备测试环境",
        "t2",
        "t2",
        "用户培训需要独立环境",
        kind=LessonKind.KNOW_HOW,
        tags=["培训"],
    ),  # fmt: skip
    Lesson("3", "How do I reset a password?", "t3", "t3", kind=LessonKind.FAQ, tags=["Support"]),
]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("", ["3", "2", "1"]),  # newest first
        ("SPEC", ["1"]),
        ("spec vendor", ["1"]),
        ("spec nothing", []),
        ("#interfaces", ["1"]),
        ("#support", ["3"]),  # tags match in any case
        ("acme", ["1"]),  # the client is searched too
        ("测试", ["2"]),  # Chinese matches as a substring
        ("kind:faq", ["3"]),
        ("kind:know-how 培训", ["2"]),
    ],
)
def test_search(typed, found):
    assert [lesson.id for lesson in search(LESSONS, typed)] == found


def test_an_unknown_kind_token_is_a_word():
    assert LessonQuery.parse("kind:poem").words == ("kind:poem",)


def test_a_lesson_reads_back_as_written_and_names_bad_tags():
    lesson = LESSONS[0]
    assert Lesson.from_dict(lesson.id, lesson.to_dict()) == lesson
    with pytest.raises(RecordError, match="tags"):
        Lesson.from_dict("L", {"title": "x", "tags": [1]})
