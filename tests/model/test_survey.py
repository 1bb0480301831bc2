"""Survey scores by their standard definitions, at the edges and on a known set; records read
back as written; answers held to their scales; status against a fixed day."""

import pendulum
import pytest

from pstui.model.records import RecordError
from pstui.model.survey import (
    Answer,
    Question,
    Response,
    Scale,
    Status,
    Survey,
    SurveyError,
    Template,
    answered,
    by_month,
    missing_questions,
    response_rate,
    scores_of,
    status_of,
)

TODAY = pendulum.Date(2026, 11, 22)
QS = [{"id": "q", "text": "Q?", "scale": "csat"}]
QUESTIONS = [
    Question("overall", "Overall?", Scale.CSAT),
    Question("quality", "Quality?", Scale.CSAT),
    Question("recommend", "Recommend?", Scale.NPS),
    Question("effort", "Easy?", Scale.CES),
    Question("suggestions", "Better?", Scale.TEXT),
]


def survey(**fields) -> Survey:
    values = dict(
        id="S1",
        board="B",
        card="C",
        title="Survey",
        contact="Li Wei",
        sent_on="2026-11-01",
        created_at="t",
        updated_at="t",
        questions=list(QUESTIONS),
    )
    return Survey(**(values | fields))


def response(nps=None, csat=(), ces=None, *, complete=True, on="2026-11-10", rid="R") -> Response:
    answers = [Answer(f"c{i}", "", Scale.CSAT, v) for i, v in enumerate(csat)]
    if nps is not None:
        answers.append(Answer("recommend", "", Scale.NPS, nps))
    if ces is not None:
        answers.append(Answer("effort", "", Scale.CES, ces))
    return Response(rid, "S1", "C", "Li", on, "t", "t", complete=complete, answers=answers)


# ----- scores at the edges -------------------------------------------------------------------


def test_no_responses_give_no_figures_and_zero_counts():
    scores = scores_of([])
    assert scores.responses == 0
    assert (scores.csat.percent, scores.nps.score, scores.ces.mean) == (None, None, None)
    assert (scores.csat.answers, scores.nps.answers, scores.ces.answers) == (0, 0, 0)


def test_all_detractors_is_minus_100():
    scores = scores_of([response(nps=n) for n in range(7)])
    assert scores.nps.score == -100 and scores.nps.detractors == 7


def test_passives_only_is_zero_and_they_count_in_the_total():
    assert scores_of([response(nps=7), response(nps=8)]).nps.score == 0
    mixed = scores_of([response(nps=10), response(nps=7), response(nps=8), response(nps=3)])
    assert mixed.nps.score == pytest.approx(0.0)  # 1 promoter, 1 detractor of 4
    assert scores_of([response(nps=9), response(nps=8)]).nps.score == 50


def test_one_response_gives_exact_figures():
    scores = scores_of([response(nps=9, csat=(5, 3), ces=5)])
    assert scores.responses == 1
    assert scores.csat.percent == 50 and scores.csat.answers == 2
    assert scores.nps.score == 100
    assert (scores.ces.mean, scores.ces.percent_easy) == (5, 100)


def test_a_known_set():
    known = [
        response(nps=10, csat=(5, 4), ces=7),
        response(nps=9, csat=(4, 4), ces=6),
        response(nps=8, csat=(3, 5), ces=4),
        response(nps=6, csat=(2, 1), ces=2),
        response(nps=0, csat=(4, 3), ces=5),
    ]
    scores = scores_of(known)
    assert scores.csat.satisfied == 6 and scores.csat.answers == 10
    assert scores.csat.percent == 60
    assert (scores.nps.promoters, scores.nps.passives, scores.nps.detractors) == (2, 1, 2)
    assert scores.nps.score == 0
    assert scores.ces.mean == pytest.approx(24 / 5)
    assert scores.ces.percent_easy == 60


def test_csat_counts_its_answers_and_the_responses_that_gave_any():
    scores = scores_of([response(csat=(5, 4, 3)), response(nps=9), response(csat=(1,))])
    assert (scores.csat.answers, scores.csat.responses, scores.responses) == (4, 2, 3)


def test_csat_boundaries_3_is_not_satisfied_4_is():
    assert scores_of([response(csat=(3,))]).csat.percent == 0
    assert scores_of([response(csat=(4,))]).csat.percent == 100


def test_ces_boundaries_4_is_not_easy_5_is():
    assert scores_of([response(ces=4)]).ces.percent_easy == 0
    assert scores_of([response(ces=5)]).ces.percent_easy == 100


def test_a_partial_response_does_not_count_until_it_is_complete():
    partial = response(nps=0, csat=(1,), complete=False)
    assert scores_of([partial]).responses == 0
    assert scores_of([partial, response(nps=10)]).nps.score == 100


def test_by_month_orders_months_and_skips_partials():
    months = by_month(
        [
            response(nps=10, on="2026-11-02"),
            response(nps=0, on="2026-09-30"),
            response(nps=10, on="2026-11-20"),
            response(nps=0, on="2026-10-05", complete=False),
        ]
    )
    assert list(months) == ["2026-09", "2026-11"]
    assert months["2026-11"].responses == 2 and months["2026-09"].nps.score == -100


def test_response_rate_counts_surveys_with_a_complete_response():
    one, two = survey(id="S1"), survey(id="S2")
    done = response(nps=9)  # of S1
    partial = Response("R2", "S2", "C", "x", "2026-11-10", "t", "t", complete=False)
    assert response_rate([one, two], [done, partial]) == (1, 2)
    assert response_rate([], []) == (0, 0)


# ----- status --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "responses", "status"),
    [
        (None, [], Status.SENT),
        ("2026-11-22", [], Status.SENT),  # due today is not overdue yet
        ("2026-11-21", [], Status.OVERDUE),
        ("2026-11-30", [response(complete=False)], Status.PARTIAL),
        ("2026-11-01", [response(complete=False)], Status.PARTIAL),  # to resume, late or not
        ("2026-11-01", [response(complete=False), response()], Status.ANSWERED),
    ],
)
def test_status(due, responses, status):
    assert status_of(survey(due=due), responses, TODAY) is status


# ----- answers -------------------------------------------------------------------------------


def test_answered_keeps_the_surveys_order_and_drops_empty_text():
    answers = answered(survey(), {"recommend": "10", "overall": 4, "suggestions": ""})
    assert [(a.id, a.value) for a in answers] == [("overall", 4), ("recommend", 10)]
    assert answers[0].question == "Overall?" and answers[0].scale is Scale.CSAT


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"overall": 6}, "overall is 6, not a whole number from 1 to 5"),
        ({"recommend": 11}, "from 0 to 10"),
        ({"effort": 0}, "from 1 to 7"),
        ({"overall": True}, "not a whole number"),
        ({"overall": "4.5"}, "not a whole number"),
        ({"nope": 3}, "does not ask nope"),
    ],
)
def test_answers_out_of_their_scale_are_refused(values, message):
    with pytest.raises(SurveyError, match=message):
        answered(survey(), values)


def test_missing_questions_leaves_text_out():
    partial = Response(
        "R", "S1", "C", "x", "d", "t", "t", answers=answered(survey(), {"overall": 5})
    )
    assert [q.id for q in missing_questions(survey(), partial)] == [
        "quality",
        "recommend",
        "effort",
    ]


# ----- records -------------------------------------------------------------------------------


def test_survey_and_response_read_back_as_written_keeping_unknown_fields():
    s = survey(due="2026-12-01", extra={"future": 1})
    assert Survey.from_dict(s.id, s.to_dict()) == s
    r = response(nps=9, csat=(5,), ces=6)
    r.answers.append(Answer("suggestions", "Better?", Scale.TEXT, "Demo weekly", card="CARD"))
    r.extra = {"future": [1]}
    assert Response.from_dict(r.id, r.to_dict()) == r


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"card": "C", "sent_on": "2026-11-01", "questions": "x"}, "questions is 'x', not a list"),
        ({"questions": []}, "has no card"),
        ({"card": "C", "sent_on": "2026-11-01", "questions": None}, "has no questions"),
        (
            {"card": "C", "sent_on": "yesterday", "questions": QS},
            "sent_on is 'yesterday', not a date",
        ),
        ({"card": "C", "sent_on": "2026-02-30", "questions": QS}, "not a date"),
        ({"card": "C", "questions": QS}, "sent_on is not set"),
        ({"card": "C", "sent_on": "2026-11-01", "due": 5, "questions": QS}, "due is 5"),
        (
            {"card": "C", "sent_on": "2026-11-01", "questions": [{"id": "q", "scale": "stars"}]},
            "scale is 'stars'",
        ),
    ],
)
def test_a_survey_pstui_cannot_read_is_named(raw, message):
    """Also what `pstui check` says: it reads every record with the model."""
    with pytest.raises(RecordError, match=message):
        Survey.from_dict("S", raw)


def test_a_stored_answer_out_of_its_scale_is_named():
    raw = {
        "survey": "S",
        "answered_on": "2026-11-02",
        "answers": [{"id": "recommend", "scale": "nps", "value": 12}],
    }
    with pytest.raises(RecordError, match="answer 'recommend' is 12"):
        Response.from_dict("R", raw)


def test_a_template_needs_questions_unique_ids_and_one_nps():
    ok = {"title": "T", "questions": [{"id": "a", "text": "A", "scale": "csat"}]}
    assert Template.from_toml("t", ok).questions[0].scale is Scale.CSAT
    with pytest.raises(SurveyError, match="no questions"):
        Template.from_toml("t", {"title": "T"})
    twice = [{"id": "a", "scale": "csat"}, {"id": "a", "scale": "nps"}]
    with pytest.raises(SurveyError, match="two questions with one id"):
        Template.from_toml("t", {"questions": twice})
    two_nps = [{"id": "a", "scale": "nps"}, {"id": "b", "scale": "nps"}]
    with pytest.raises(SurveyError, match="more than one NPS"):
        Template.from_toml("t", {"questions": two_nps})
