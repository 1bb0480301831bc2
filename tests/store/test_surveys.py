"""The surveys service: surveys sent and answered through the commit core, the gate items
their answers satisfy, suggestions that become cards, and responses that merge cleanly."""

import copy
from pathlib import Path

import pendulum
import pytest

from pstui.model.card import Outcome
from pstui.model.survey import Status, SurveyError
from pstui.store.merge import merge_stores
from pstui.store.repository import Repository
from pstui.store.surveys import ANSWERED, SUGGESTIONS
from pstui.store.templates import SURVEY_FOLDER, load_template

TODAY = pendulum.Date(2026, 11, 22)
FULL = {"overall": 5, "quality": 4, "communication": 3, "handover": 4, "recommend": 9,
        "effort": 6, "suggestions": "Weekly demos, please"}  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository.create(
        tmp_path / "pstui.json", "Board", load_template("service").workflow, who="tester"
    )


def board_of(repo: Repository) -> str:
    return repo.boards.all()[0].id


def in_review(repo: Repository, title: str = "Portal", client: str = "Acme") -> str:
    card = repo.cards.add(board_of(repo), title, client=client, stage="review")
    return card.id


def sent(repo: Repository, card_id: str, **fields) -> str:
    fields = {"sent_on": "2026-11-01", "due": "2026-11-15"} | fields
    return repo.surveys.send(card_id, "Li Wei", **fields).id


def item(repo: Repository, card_id: str, criterion: str):
    card = repo.cards.get(card_id)
    return next(i for items in card.checklists.values() for i in items if i.criterion == criterion)


def test_send_keeps_the_templates_questions_and_leaves_an_event(repo):
    survey = repo.surveys.get(sent(repo, in_review(repo)))
    assert survey.template == "standard" and survey.contact == "Li Wei"
    assert [q.scale.value for q in survey.questions].count("nps") == 1
    assert survey.sent_by == "tester"
    [event] = repo.events_for(survey.id)
    assert event.action == "create" and "to Li Wei" in event.summary
    assert Repository(repo.path, who="x").surveys.get(survey.id) == survey


def test_a_chinese_board_gets_the_chinese_survey(tmp_path):
    repo = Repository.create(
        tmp_path / "pstui.json", "看板", load_template("service-zh").workflow, who="t"
    )
    card = repo.cards.add(board_of(repo), "门户")
    survey = repo.surveys.send(card.id, "王经理")
    assert survey.template == "standard-zh" and "满意" in survey.title


def test_a_stores_own_template_is_offered_and_wins_on_its_name(repo):
    folder = repo.path.parent / SURVEY_FOLDER
    folder.mkdir()
    (folder / "standard.toml").write_text(
        'title = "Ours"\n[[questions]]\nid = "x"\nscale = "csat"\ntext = "X?"\n',
        encoding="utf-8",
    )
    assert repo.surveys.templates()["standard"].title == "Ours"
    survey = repo.surveys.get(sent(repo, in_review(repo)))
    assert [q.id for q in survey.questions] == ["x"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"template": "nope"}, "no survey template 'nope'"),
        ({"sent_on": "2026-11-10", "due": "2026-11-01"}, "before it is sent"),
    ],
)
def test_send_refuses(repo, fields, message):
    card = in_review(repo)
    with pytest.raises(SurveyError, match=message):
        sent(repo, card, **fields)
    assert repo.surveys.listed() == []


def test_a_complete_response_ticks_both_items_in_one_undo_step(repo):
    card = in_review(repo)
    survey = sent(repo, card)
    repo.surveys.respond(survey, FULL, answered_on="2026-11-05")
    done = item(repo, card, ANSWERED)
    assert done.done and done.source.startswith("survey ") and "Li Wei" in done.source
    assert item(repo, card, SUGGESTIONS).done
    assert repo.surveys.status(repo.surveys.get(survey), TODAY) is Status.ANSWERED
    repo.undo()
    assert not item(repo, card, ANSWERED).done and not item(repo, card, SUGGESTIONS).done
    assert repo.surveys.responses_of(survey) == []


def test_a_response_without_suggestions_ticks_only_the_survey_item(repo):
    card = in_review(repo)
    repo.surveys.respond(sent(repo, card), {"overall": 4}, answered_on="2026-11-05")
    assert item(repo, card, ANSWERED).done and not item(repo, card, SUGGESTIONS).done


def test_a_partial_response_is_resumed_with_its_answers_kept(repo):
    card = in_review(repo)
    survey = sent(repo, card)
    part = repo.surveys.respond(survey, {"overall": 2, "recommend": 3}, complete=False,
                                answered_on="2026-11-05")  # fmt: skip
    assert not item(repo, card, ANSWERED).done
    # Past its due date (the 15th), but started: partial, to be resumed.
    assert repo.surveys.status(repo.surveys.get(survey), TODAY) is Status.PARTIAL
    assert repo.surveys.partial_of(survey).id == part.id
    done = repo.surveys.respond(survey, {"recommend": 10, "effort": 7}, resume=part.id)
    assert done.id == part.id and done.complete
    assert {a.id: a.value for a in done.answers} == {"overall": 2, "recommend": 10, "effort": 7}
    assert repo.surveys.partial_of(survey) is None
    cleared = repo.surveys.respond(survey, {"overall": None}, resume=part.id)
    assert [a.id for a in cleared.answers] == ["recommend", "effort"]
    assert item(repo, card, ANSWERED).done
    assert repo.surveys.scores([repo.surveys.get(survey)]).nps.score == 100


def test_a_response_before_the_survey_was_sent_or_to_another_survey_is_refused(repo):
    card = in_review(repo)
    survey, other = sent(repo, card), sent(repo, card)
    with pytest.raises(SurveyError, match="before the survey was sent"):
        repo.surveys.respond(survey, {"overall": 4}, answered_on="2026-10-01")
    part = repo.surveys.respond(survey, {"overall": 4}, complete=False, answered_on="2026-11-02")
    with pytest.raises(SurveyError, match="another survey"):
        repo.surveys.respond(other, {"overall": 4}, resume=part.id)


def test_a_survey_answered_early_ticks_the_review_item_when_the_card_gets_there(repo):
    card = repo.cards.add(board_of(repo), "Early", client="Acme").id
    repo.surveys.respond(sent(repo, card), FULL, answered_on="2026-11-05")
    for _ in range(4):  # initiation -> execution -> acceptance -> enablement -> review
        repo.cards.decide(card, Outcome.GO, note="test")
    assert repo.cards.get(card).stage == "review"
    ticked = item(repo, card, ANSWERED)
    assert ticked.done and "answered by Li Wei" in ticked.source
    assert item(repo, card, SUGGESTIONS).done


def test_unticking_by_hand_drops_the_source(repo):
    card = in_review(repo)
    repo.surveys.respond(sent(repo, card), FULL, answered_on="2026-11-05")
    repo.cards.toggle_item(card, item(repo, card, ANSWERED).id)
    assert item(repo, card, ANSWERED).source is None
    assert "source" not in next(
        i for i in repo.table("cards")[card]["checklists"]["review"] if i["criterion"] == ANSWERED
    )


def test_a_suggestion_becomes_an_improvement_card_linked_both_ways_in_one_step(repo):
    card = in_review(repo)
    response = repo.surveys.respond(sent(repo, card), FULL, answered_on="2026-11-05")
    made = repo.surveys.suggestion_to_card(response.id, "suggestions")
    assert (made.kind, made.client, made.stage) == ("improvement", "Acme", "initiation")
    assert made.title == "Weekly demos, please" and response.id in made.description
    assert repo.surveys.response(response.id).answer("suggestions").card == made.id
    with pytest.raises(SurveyError, match="already card"):
        repo.surveys.suggestion_to_card(response.id, "suggestions")
    repo.undo()
    assert not repo.cards.has(made.id)
    assert repo.surveys.response(response.id).answer("suggestions").card is None


def test_editing_a_response_keeps_the_card_its_suggestion_became(repo):
    response = repo.surveys.respond(sent(repo, in_review(repo)), FULL, answered_on="2026-11-05")
    made = repo.surveys.suggestion_to_card(response.id, "suggestions")
    edited = repo.surveys.respond(response.survey, {"overall": 3}, resume=response.id)
    assert edited.answer("suggestions").card == made.id
    assert [a.id for a in edited.answers] == [a.id for a in response.answers]  # same order
    assert edited.answer("overall").value == 3


def test_a_scale_answer_is_no_suggestion(repo):
    response = repo.surveys.respond(sent(repo, in_review(repo)), FULL, answered_on="2026-11-05")
    with pytest.raises(SurveyError, match="no suggestion"):
        repo.surveys.suggestion_to_card(response.id, "overall")


def test_scores_grouped_by_client_card_and_month_with_response_rates(repo):
    acme, beta = in_review(repo, "A", "Acme"), in_review(repo, "B", "Beta")
    one, two = sent(repo, acme), sent(repo, acme, sent_on="2026-10-01", due=None)
    three = sent(repo, beta)
    repo.surveys.respond(one, {"recommend": 10}, answered_on="2026-11-03")
    repo.surveys.respond(three, {"recommend": 0}, answered_on="2026-11-04")
    repo.surveys.respond(two, {"recommend": 0}, complete=False, answered_on="2026-10-02")
    everything = repo.surveys.listed()
    assert [s.id for s in everything][-1] == two  # newest first
    by_client = {g.label: g for g in repo.surveys.grouped("client", everything)}
    assert (by_client["Acme"].answered, by_client["Acme"].sent) == (1, 2)
    assert by_client["Acme"].scores.nps.score == 100 and by_client["Beta"].scores.nps.score == -100
    assert by_client["Acme"].rate == 50
    by_month = repo.surveys.grouped("month", everything)
    assert [g.key for g in by_month] == ["2026-10", "2026-11"]
    assert [g.scores.responses for g in by_month] == [0, 2]
    # A month's scores are the trend's: of the responses answered in it.
    trend = repo.surveys.trend(everything)
    assert {g.key: g.scores for g in by_month if g.scores.responses} == trend
    assert len(repo.surveys.grouped("card", everything)) == 2
    assert list(repo.surveys.trend(everything)) == ["2026-11"]
    with pytest.raises(SurveyError, match="grouped by"):
        repo.surveys.grouped("weather", everything)


def test_latest_answered_is_the_newest_survey_with_a_complete_response(repo):
    card = in_review(repo)
    assert repo.surveys.latest_answered(card) is None
    old = sent(repo, card, sent_on="2026-10-01", due=None)
    sent(repo, card)  # newer, unanswered
    repo.surveys.respond(old, {"overall": 5}, answered_on="2026-10-05")
    survey, scores = repo.surveys.latest_answered(card)
    assert survey.id == old and scores.csat.percent == 100


def test_delete_takes_the_responses_with_it_and_undo_brings_both_back(repo):
    survey = sent(repo, in_review(repo))
    repo.surveys.respond(survey, FULL, answered_on="2026-11-05")
    repo.surveys.delete(survey)
    assert repo.surveys.listed() == [] and len(repo.surveys.responses) == 0
    repo.undo()
    assert len(repo.surveys.responses_of(survey)) == 1


def test_two_clones_answering_different_questions_of_one_partial_response_merge(repo):
    survey = sent(repo, in_review(repo))
    part = repo.surveys.respond(survey, {"overall": 4}, complete=False, answered_on="2026-11-05")
    base = tables_of(repo)
    repo.surveys.respond(survey, {"quality": 5}, complete=False, resume=part.id)
    ours = tables_of(repo)
    theirs = copy.deepcopy(base)
    record = theirs["responses"][part.id]
    record["answers"].append({"id": "recommend", "question": "?", "scale": "nps", "value": 9})
    record["updated_at"] = "2099-01-01T00:00:00+00:00"
    merged = merge_stores(base, ours, theirs)
    answers = {a["id"]: a["value"] for a in merged.data["responses"][part.id]["answers"]}
    assert answers == {"overall": 4, "quality": 5, "recommend": 9}
    assert merged.conflicts == []


def tables_of(repo: Repository) -> dict:
    return copy.deepcopy({name: dict(table) for name, table in repo._storage.current.items()})


def test_a_survey_answered_in_another_month_scores_in_the_month_answered(repo):
    survey = sent(repo, in_review(repo), sent_on="2026-09-29", due=None)
    repo.surveys.respond(survey, {"recommend": 10}, answered_on="2026-10-02")
    [september, october] = repo.surveys.grouped("month", repo.surveys.listed())
    assert (september.key, september.sent, september.answered) == ("2026-09", 1, 1)
    assert september.scores.responses == 0 and october.scores.nps.score == 100
    assert (october.sent, october.rate) == (0, None)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r, s: r.surveys.respond(s, {}), "at least one answer"),
        (lambda r, s: r.surveys.respond(s, {"suggestions": "  "}), "at least one answer"),
        (lambda r, s: r.surveys.respond(s, {"overall": 4}, answered_on="2999-01-01"), "to come"),
        (lambda r, s: r.surveys.send(r.surveys.get(s).card, "x", sent_on="2999-01-01"), "to come"),
    ],
)
def test_an_empty_answered_response_and_days_to_come_are_refused(repo, call, message):
    survey = sent(repo, in_review(repo))
    with pytest.raises(SurveyError, match=message):
        call(repo, survey)
    assert len(repo.surveys.listed()) == 1 and repo.surveys.responses_of(survey) == []
    repo.surveys.respond(survey, {}, complete=False)  # an empty one can be saved part way


def test_a_response_and_a_survey_are_named_for_any_screen_that_lists_records(repo):
    survey = repo.surveys.get(sent(repo, in_review(repo)))
    response = repo.surveys.respond(survey.id, {"overall": 4}, answered_on="2026-11-05")
    short = repo.surveys.short_id(survey.id)
    assert repo.label_of("surveys", survey.id) == f"{short} {survey.title}"
    assert repo.label_of("responses", response.id) == f"Li Wei to {short} {survey.title}"
    assert repo.label_of("responses", "01NOPE") == "01NOPE"
