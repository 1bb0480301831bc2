"""The surveys screen, the response form and the card's satisfaction, on a small store of
known surveys (see surveyed.py): every key, the figures as answers come in, and what the card
detail and the gate review show of them.

Changes are judged on the store as another process reads it back (`on_disk`); what the
screens show, on the table's rows and the text they draw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import WHO, fill, notices, on_disk, screen_text
from readable import THEMES, hard_to_read, needed_in
from surveyed import (
    ACME,
    CONTACTS_NEWEST_FIRST,
    GLOBEX,
    INITECH,
    build_surveyed,
)
from textual.widgets import Input, Label, Static, TextArea

import pstui.ui.screens.surveys as surveys_screen
import pstui.ui.widgets.scale_question as scale_question
from pstui.model.survey import Status, Survey
from pstui.store.engine.serialize import dumps_store
from pstui.store.repository import Repository
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.gate_review import GateReview
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.response_form import ResponseForm
from pstui.ui.screens.surveys import SurveysScreen
from pstui.ui.widgets.scale_question import ScaleQuestion
from pstui.ui.widgets.survey_table import GroupTable, SurveyTable
from pstui.ui.widgets.trend import Trend

SIZE = (80, 24)
BIG = (120, 40)

# The figures of the three complete responses (Li Wei, Maria Lopez, Ana Souza).
FIGURES = "CSAT 75% (3) · NPS 0 (3) · CES 5.3, 67% easy (3) · 3/6 answered (50%)"

LINK = "[@click=app.quit]quit[/]"
BOLD = "[bold]loud[/bold]"


@pytest.fixture
def surveyed(tmp_path: Path) -> Path:
    return build_surveyed(tmp_path / "pstui.json")


def card_id(repo: Repository, title: str) -> str:
    board = repo.boards.all()[0].id
    return next(c.id for c in repo.cards.on_board(board) if c.title == title)


def survey_to(repo: Repository, contact: str) -> Survey:
    found = [s for s in repo.surveys.listed() if s.contact == contact]
    assert len(found) == 1, f"{len(found)} surveys sent to {contact!r}"
    return found[0]


async def open_surveys(pilot, card_title: str | None = None) -> SurveysScreen:
    app = pilot.app
    board = app.repo.boards.all()[0].id
    card = card_id(app.repo, card_title) if card_title else None
    app.push_screen(SurveysScreen(board, card))
    await pilot.pause()
    await pilot.pause()  # the figures come a frame after the screen
    screen = app.screen
    assert isinstance(screen, SurveysScreen)
    return screen


def contacts(screen: SurveysScreen) -> list[str]:
    return [row.survey.contact for row in screen.table.rows]


def title_line(screen: SurveysScreen) -> str:
    return str(screen.query_one("#surveys-title", Static).content)


def figures(screen: SurveysScreen) -> str:
    return str(screen.query_one("#surveys-figures", Static).content)


def detail(screen: SurveysScreen) -> str:
    return str(screen.query_one("#survey-detail", Static).content)


async def cursor_to(pilot, screen: SurveysScreen, contact: str) -> None:
    target = contacts(screen).index(contact)
    while screen.table.cursor != target:
        await pilot.press("j" if target > screen.table.cursor else "k")
    assert screen.table.current.survey.contact == contact


async def open_form(pilot, key: str = "enter") -> ResponseForm:
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, ResponseForm)
    return form


def question(form: ResponseForm, number: int) -> ScaleQuestion:
    return form.query_one(f"#question-{number}", ScaleQuestion)


def checklist_item(repo: Repository, card: str, criterion: str):
    items = [i for items in repo.cards.get(card).checklists.values() for i in items]
    return next(i for i in items if i.criterion == criterion)


# ----- the table, the figures, the trend -------------------------------------------------------


async def test_the_screen_lists_surveys_newest_first_with_their_status_in_words(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        assert contacts(screen) == CONTACTS_NEWEST_FIRST
        statuses = [row.status for row in screen.table.rows]
        assert statuses == [
            Status.SENT,
            Status.ANSWERED,
            Status.PARTIAL,
            Status.OVERDUE,
            Status.ANSWERED,
            Status.ANSWERED,
        ]
        assert screen.focused is screen.table
        assert "Client services" in title_line(screen)
        assert "6 surveys: 1 sent, 1 partial, 3 answered, 1 overdue" in title_line(screen)
        lines = screen_text(app).splitlines()
        sam = next(line for line in lines if "Sam Park" in line)
        assert "overdue" in sam and "!11-16" in sam  # the word and the mark, not colour only
        li = next(line for line in lines if "Li Wei" in line)
        assert "answered" in li and "100%" in li and "+100" in li and "6.0" in li
        tom = next(line for line in lines if "Tom Baker" in line)
        assert " sent " in tom and "–" in tom


async def test_the_figures_give_each_score_with_its_responses_and_the_rate(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        assert figures(screen) == FIGURES
    app = app_for(surveyed)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_surveys(pilot)
        block = figures(screen)
        assert "satisfied (4-5) in 12 answers" in block
        assert "1 promoter · 1 passive · 1 detractor" in block  # one: not "1 promoters"
        assert "67% easy (5-7)" in block and "3/6 answered (50%)" in block


async def test_the_trend_is_a_sparkline_by_month_with_labels_and_counts(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        trend = screen.query_one(Trend)
        assert trend.name_shown == "NPS"
        assert [p.label for p in trend.shown] == ["2026-09", "2026-10", "2026-11"]
        assert [p.value for p in trend.shown] == [100, -100, 0]
        labels = trend.labels_text()
        assert "2026-09" in labels and "+100 (1)" in labels and "-100 (1)" in labels
        assert trend.query_one("#trend-line").data == [100, -100, 0]
        await pilot.press("t")
        assert trend.name_shown == "CSAT" and [p.value for p in trend.shown] == [100, 25, 100]
        await pilot.press("t")
        assert trend.name_shown == "CES" and "6.0 (1)" in trend.labels_text()
        await pilot.press("t")
        assert trend.name_shown == "NPS"


async def test_f_and_c_filter_by_status_and_escape_clears(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await pilot.press("f")
        assert contacts(screen) == ["Tom Baker"] and "showing 1 sent" in title_line(screen)
        await pilot.press("c")  # c does the same as f
        assert contacts(screen) == ["Chen Jie"]
        await pilot.press("f")
        assert contacts(screen) == ["Ana Souza", "Maria Lopez", "Li Wei"]
        await pilot.press("f")
        assert contacts(screen) == ["Sam Park"]
        assert figures(screen) == FIGURES  # the figures are the board's, whatever is shown
        await pilot.press("escape")  # clears the filter, stays
        assert contacts(screen) == CONTACTS_NEWEST_FIRST and app.screen is screen
        await pilot.press("f", "f", "f", "f", "f")  # round to all again
        assert contacts(screen) == CONTACTS_NEWEST_FIRST
        await pilot.press("escape")
        assert not isinstance(app.screen, SurveysScreen)


async def test_g_cycles_the_grouping_by_card_client_and_month(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        groups = screen.query_one(GroupTable)
        assert not groups.display
        await pilot.press("g")
        assert groups.display and groups.by == "card"
        labels = [g.label.split(" ", 1)[1] for g in groups.rows]
        assert labels == [GLOBEX, INITECH, ACME]  # by title
        globex = groups.rows[0]
        assert (globex.answered, globex.sent, globex.scores.responses) == (2, 3, 2)
        assert "2/3" in groups.line_text(1) and "-50" in groups.line_text(1)
        await pilot.press("g")
        assert groups.by == "client" and [g.label for g in groups.rows] == [
            "Acme",
            "Globex",
            "Initech",
        ]
        await pilot.press("g")
        assert groups.by == "month" and [g.label for g in groups.rows] == [
            "2026-09",
            "2026-10",
            "2026-11",
        ]
        assert groups.line_text(0).split()[0] == "Month"
        await pilot.press("g")
        assert not groups.display
        assert screen.focused is screen.table  # the cursor keys stay on the surveys


async def test_a_reopened_screen_reuses_its_figures_until_the_store_changes(
    surveyed, app_for, monkeypatch
) -> None:
    worked_out = []
    read_scope = surveys_screen.read_scope
    monkeypatch.setattr(
        surveys_screen, "read_scope", lambda *args: worked_out.append(1) or read_scope(*args)
    )
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        await pilot.press("escape")
        await open_surveys(pilot)
        assert len(worked_out) == 1  # the second open drew what the first worked out
        await pilot.press("escape")
        repo = app.repo
        repo.cards.edit(card_id(repo, GLOBEX), client="Globex Asia")
        screen = await open_surveys(pilot)
        assert len(worked_out) == 2
        await pilot.press("g", "g")
        assert "Globex Asia" in [g.label for g in screen.query_one(GroupTable).rows]


async def test_counts_of_one_are_said_in_the_singular(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_surveys(pilot, INITECH)  # one survey, overdue
        assert "1 survey: 0 sent, 0 partial, 0 answered, 1 overdue" in title_line(screen)
        assert "1 surveys" not in title_line(screen)
        repo = Repository(app.repo.path, "bob")
        sent = repo.surveys.send(card_id(repo, INITECH), "Ivy Chen", sent_on="2026-11-20")
        repo.surveys.respond(sent.id, {"overall": 5, "recommend": 9}, answered_on="2026-11-21")
        repo.flush()
        repo.close()
        await reload_from_disk(app, pilot)
        block = figures(screen)
        assert "satisfied (4-5) in 1 answer" in block and "1 answers" not in block
        assert "1 promoter · 0 passives · 0 detractors" in block
        await open_form(pilot)  # Ivy Chen's, answered: a new response
        await pilot.press("4", "enter", "4", "enter", "4", "enter", "4", "enter", "9", "ctrl+s")
        assert "1 scale question not answered" in screen_text(app)


async def test_one_cards_screen_lists_its_surveys_and_groups_by_month_only(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot, ACME)
        assert contacts(screen) == ["Chen Jie", "Li Wei"]
        assert f"of {app.repo.cards.short_id(screen.card_id)} {ACME}" in title_line(screen)
        assert "Card" not in screen.table.line_text(0)  # one card: no card column
        await pilot.press("g")
        assert screen.query_one(GroupTable).by == "month"
        await pilot.press("g")
        assert not screen.query_one(GroupTable).display


# ----- sending ---------------------------------------------------------------------------------


async def test_s_sends_a_survey_for_a_chosen_card(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await pilot.press("s")
        prompt = app.screen
        assert isinstance(prompt, ChoicePrompt)
        offered = [label for _, label in prompt._choices]
        assert offered[0].endswith(GLOBEX)  # the selected survey's card first
        assert any(label.endswith(ACME) for label in offered)  # then the cards in Review
        assert offered[-1].startswith("Another card")
        await pilot.press("enter")  # Globex
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "Tom Baker"  # the last contact asked
        await fill(pilot, "Grace Hopper")
        await pilot.press("enter")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "+2w"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        sent = survey_to(on_disk(app), "Grace Hopper")
        assert sent.card == card_id(app.repo, GLOBEX)
        assert (sent.sent_on, sent.due, sent.template) == ("2026-11-22", "2026-12-06", "standard")
        assert sent.sent_by == WHO and len(sent.questions) == 7
        assert screen.table.current.survey.contact == "Grace Hopper"  # the cursor on it
        assert "7 surveys: 2 sent" in title_line(screen)
        assert any("sent to Grace Hopper" in n for n in notices(app))


async def test_s_takes_another_card_by_its_id_and_checks_the_due_date(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        initech = card_id(app.repo, INITECH)
        await pilot.press("s", "end", "enter")  # "Another card: type its id…"
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "ZZZZ")
        await pilot.press("enter")
        assert "ZZZZ" in str(app.screen.query_one("#prompt-error", Label).content)
        await fill(pilot, app.repo.cards.short_id(initech))
        await pilot.press("enter")
        await fill(pilot, "Sam Park")
        await pilot.press("enter")
        await fill(pilot, "2026-11-01")  # before today: refused in place
        await pilot.press("enter")
        assert "before the survey is sent" in str(
            app.screen.query_one("#prompt-error", Label).content
        )
        await fill(pilot, "")  # no due date
        await pilot.press("enter")
        await pilot.pause()
        sent = [s for s in on_disk(app).surveys.listed(card=initech) if s.due is None]
        assert len(sent) == 1 and sent[0].contact == "Sam Park"


async def test_s_on_a_cards_screen_asks_only_the_contact_and_the_due_date(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot, INITECH)
        await pilot.press("s")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Ivy Chen")
        await pilot.press("enter", "escape")  # Escape at the due date: nothing sent
        await pilot.pause()
        assert app.screen is screen and contacts(screen) == ["Sam Park"]
        await pilot.press("s")
        await fill(pilot, "Ivy Chen")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert contacts(screen) == ["Ivy Chen", "Sam Park"]


# ----- entering answers -------------------------------------------------------------------------


async def test_enter_records_a_full_response_with_the_number_keys(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Sam Park")
        form = await open_form(pilot)
        assert form.focused is question(form, 1)
        assert form.query_one("#response-respondent", Input).value == "Sam Park"
        assert form.query_one("#response-date", Input).value == "2026-11-22"
        assert "1 very dissatisfied … 5 very satisfied" in screen_text(app)  # the anchors
        await pilot.press("4", "enter", "5", "tab", "3", "enter", "4", "enter")
        await pilot.press("1", "0")  # NPS: "10", a 1 then a 0
        assert question(form, 5).value == 10
        assert "10 promoter" in str(question(form, 5).render())
        await pilot.press("enter", "6", "enter")
        assert form.focused is form.query_one("#question-7", TextArea)
        await fill(pilot, "Shorter release notes")
        assert "6 of 6 scale questions answered" in str(
            form.query_one("#response-progress", Label).content
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        sam = survey_to(on_disk(app), "Sam Park")
        (response,) = on_disk(app).surveys.responses_of(sam.id)
        assert response.complete and response.respondent == "Sam Park"
        assert response.answered_on == "2026-11-22" and response.entered_by == WHO
        values = {a.id: a.value for a in response.answers}
        assert values == {
            "overall": 4,
            "quality": 5,
            "communication": 3,
            "handover": 4,
            "recommend": 10,
            "effort": 6,
            "suggestions": "Shorter release notes",
        }
        # The figures move: four responses now, the rate 4/6, and the row is answered.
        assert figures(screen).startswith("CSAT 75% (4) · NPS +25 (4)")
        assert "4/6 answered (67%)" in figures(screen)
        assert screen.table.current.status is Status.ANSWERED
        assert any("Recorded Sam Park's answers" in n for n in notices(app))


async def test_a_digit_off_the_scale_is_refused_and_a_late_zero_is_zero(
    surveyed, app_for, monkeypatch
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        form = await open_form(pilot)
        await pilot.press("7")  # CSAT is 1 to 5
        first = question(form, 1)
        assert first.value is None and "not on this scale: 1 to 5" in first.problem
        await pilot.press("0")
        assert first.value is None
        await pilot.press("right", "right", "minus", "end")
        assert first.value == 5
        await pilot.press("backspace")
        assert first.value is None
        monkeypatch.setattr(scale_question, "TEN_WITHIN", 0.0)  # as if the 0 came late
        question(form, 5).focus()
        await pilot.press("1", "0")
        assert question(form, 5).value == 0
        await pilot.press("home", "plus", "1", "0")  # 1, then 0: too late for ten
        assert question(form, 5).value == 0


async def test_ctrl_r_saves_part_way_and_r_resumes_with_the_answers(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        form = await open_form(pilot)  # Tom Baker, the newest
        await pilot.press("2", "enter", "3")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is screen
        tom = survey_to(on_disk(app), "Tom Baker")
        (partial,) = on_disk(app).surveys.responses_of(tom.id)
        assert not partial.complete
        assert {a.id: a.value for a in partial.answers} == {"overall": 2, "quality": 3}
        assert screen.table.current.status is Status.PARTIAL
        assert "partial, r resumes" in detail(screen)
        assert figures(screen) == FIGURES  # a partial response counts once it is finished
        form = await open_form(pilot, "r")
        assert form.resume == partial.id
        assert "Resume" in str(form.query_one("#response-heading", Label).content)
        assert question(form, 1).value == 2 and question(form, 2).value == 3
        question(form, 3).focus()
        await pilot.press("4", "enter", "4", "enter", "9", "enter", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (done,) = on_disk(app).surveys.responses_of(tom.id)
        assert done.id == partial.id and done.complete
        assert {a.id: a.value for a in done.answers}["recommend"] == 9
        assert screen.table.current.status is Status.ANSWERED
        assert "4/6 answered" in figures(screen)


async def test_a_saved_answer_can_be_changed_not_cleared(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Chen Jie")  # partial: overall 4, recommend 10
        form = await open_form(pilot, "r")
        question(form, 1).focus()
        await pilot.pause()
        await pilot.press("backspace")
        assert question(form, 1).value == 4 and "changed, not cleared" in question(form, 1).problem
        await pilot.press("2")
        assert question(form, 1).value == 2


async def test_ctrl_s_with_blank_questions_asks_first(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        form = await open_form(pilot)
        await pilot.press("5", "ctrl+s")
        assert isinstance(app.screen, ChoicePrompt)
        assert "5 scale questions not answered" in screen_text(app)
        await pilot.press("enter")  # "Back to the questions", highlighted
        await pilot.pause()
        assert app.screen is form and form.focused is question(form, 2)
        await pilot.press("ctrl+s", "j", "enter")  # "Save as answered: left blank"
        await pilot.pause()
        assert app.screen is screen
        (response,) = on_disk(app).surveys.responses_of(survey_to(app.repo, "Tom Baker").id)
        assert response.complete and [a.id for a in response.answers] == ["overall"]


async def test_escape_with_answers_asks_before_dropping_them(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await open_form(pilot)
        await pilot.press("escape")  # nothing entered: straight back
        await pilot.pause()
        assert app.screen is screen
        form = await open_form(pilot)
        await pilot.press("3", "escape")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "Keep editing"
        await pilot.pause()
        assert app.screen is form and question(form, 1).value == 3
        await pilot.press("escape", "j", "j", "enter")  # "Drop the changes"
        await pilot.pause()
        assert app.screen is screen
        assert on_disk(app).surveys.responses_of(survey_to(app.repo, "Tom Baker").id) == []
        await open_form(pilot)
        await pilot.press("4", "escape", "j", "enter")  # "Save": part way
        await pilot.pause()
        (kept,) = on_disk(app).surveys.responses_of(survey_to(app.repo, "Tom Baker").id)
        assert not kept.complete and kept.answers[0].value == 4


async def test_escape_then_save_keeps_a_fully_answered_response_as_answered(
    surveyed, app_for
) -> None:
    """Every scale question answered: "save and go back" saves it as answered, as ctrl+s
    would, and says so; with one left blank it saves part way, and says that."""
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)  # Tom Baker's, the newest
        form = await open_form(pilot)
        await pilot.press("4", "enter", "5", "enter", "4", "enter", "4", "enter", "9", "enter")
        await pilot.press("escape")
        prompt = app.screen
        assert isinstance(prompt, ChoicePrompt)
        offered = dict(prompt._choices)
        assert offered["save"] == "Save these answers part way and go back"
        await pilot.press("escape")  # back to the form: one more answer
        await pilot.pause()
        assert app.screen is form
        await pilot.press("6", "escape")
        prompt = app.screen
        assert isinstance(prompt, ChoicePrompt)
        assert dict(prompt._choices)["save"] == "Save these answers as answered and go back"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen is screen
        (saved,) = on_disk(app).surveys.responses_of(survey_to(app.repo, "Tom Baker").id)
        assert saved.complete and len(saved.answers) == 6
        assert screen.table.current.status is Status.ANSWERED


async def test_a_resumed_response_opens_on_its_first_blank_question(surveyed, app_for) -> None:
    """Not on question 1, answered already: a number typed at once answers the first
    question left blank and changes no saved answer."""
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Chen Jie")  # partial: overall 4, recommend 10
        await pilot.press("r", "3")  # typed straight on, as the form opens
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ResponseForm)
        assert question(form, 1).value == 4 and question(form, 2).value == 3
        assert form.focused is question(form, 2)
        await pilot.press("enter", "4", "enter", "4", "ctrl+r")  # 2 to 4 answered, 5 was
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ResponseForm)
        sixth = question(form, 6)
        assert form.focused is sixth  # further down: scrolled into view
        box = form.query_one("#response-questions").region
        assert box.contains_region(sixth.region)


async def reload_from_disk(app, pilot) -> None:
    """What the watcher does when the file changed: read on a worker, taken on the UI thread."""
    app.check_store()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_resuming_saves_only_what_was_changed_keeping_a_teammates_answers(
    surveyed, app_for
) -> None:
    """While the form is open, a teammate adds a suggestion and changes an answer in the
    same partial response (the CLI's `survey respond --resume`): saving sends only what was
    changed in the form, and the store keeps theirs."""
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Chen Jie")  # partial: overall 4, recommend 10
        form = await open_form(pilot, "r")
        chen = survey_to(app.repo, "Chen Jie")
        bob = Repository(surveyed, "bob")
        bob.surveys.respond(
            chen.id,
            {"overall": 2, "suggestions": "Weekly status calls"},
            respondent="Chen J.",
            answered_on="2026-11-14",
            complete=False,
            resume=form.resume,
        )
        bob.flush()
        bob.close()
        await reload_from_disk(app, pilot)
        assert app.screen is form
        question(form, 2).focus()
        await pilot.pause()
        await pilot.press("5", "ctrl+r")
        await pilot.pause()
        assert app.screen is screen
        (saved,) = on_disk(app).surveys.responses_of(chen.id)
        assert {a.id: a.value for a in saved.answers} == {
            "overall": 2,  # the teammate's change, not the 4 the form had read
            "quality": 5,  # this form's answer
            "recommend": 10,
            "suggestions": "Weekly status calls",  # the teammate's, kept
        }
        assert (saved.respondent, saved.answered_on) == ("Chen J.", "2026-11-14")
        assert not saved.complete


async def test_the_answered_day_is_checked_as_typed(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)  # Tom Baker's survey was sent on 2026-11-18
        form = await open_form(pilot)
        date = form.query_one("#response-date", Input)
        date.focus()
        await pilot.pause()
        await fill(pilot, "2026-11-17")
        note = form.query_one("#response-date-note", Label)
        assert "before the survey was sent (2026-11-18)" in str(note.content)
        await fill(pilot, "2026-11-30")
        assert "still to come" in str(note.content)
        await pilot.press("ctrl+r")
        assert app.screen is form and form.focused is date  # refused, the field focused
        await fill(pilot, "2026-11-20")
        assert "Friday" in str(note.content)
        question(form, 1).focus()
        await pilot.pause()
        await pilot.press("5", "ctrl+r")
        await pilot.pause()
        (saved,) = on_disk(app).surveys.responses_of(survey_to(app.repo, "Tom Baker").id)
        assert saved.answered_on == "2026-11-20"


async def test_a_long_text_question_wraps_at_80_columns(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        form = await open_form(pilot)
        area = form.query_one("#question-7", TextArea)
        area.focus()
        await pilot.pause()
        # The scroll to the focused field comes a refresh or an animation later.
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        heading = form.query_one(".question-text", Label)
        box = form.query_one("#response-questions")
        assert heading.size.height == 2 and heading.region.right <= box.region.right
        shown = " ".join(line.strip(" │▇▁▔╭╮╰╯") for line in screen_text(app).splitlines())
        assert "Any suggestions or other comments?" in " ".join(shown.split())


# ----- suggestions, delete, undo ---------------------------------------------------------------


async def test_i_makes_the_suggestion_an_improvement_card(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Li Wei")
        assert "(i: improvement card)" in detail(screen)
        await pilot.press("i")
        await pilot.pause()
        repo = on_disk(app)
        li = survey_to(repo, "Li Wei")
        (response,) = repo.surveys.responses_of(li.id)
        made = repo.cards.get(response.answer("suggestions").card)
        assert made.kind == "improvement" and made.title == "More training for the night shift"
        assert made.client == "Acme" and response.id in made.description
        assert f"→ card {app.repo.cards.short_id(made.id)}" in detail(screen)
        assert any("Improvement card" in n for n in notices(app))
        await pilot.press("i")  # made already: said, nothing new
        assert any("No suggestion left" in n for n in notices(app))
        await pilot.press("u")
        await pilot.pause()
        undone = on_disk(app)
        assert not undone.cards.has(made.id)
        assert undone.surveys.responses_of(li.id)[0].answer("suggestions").card is None


async def test_i_without_a_suggestion_says_so(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Ana Souza")
        count = app.repo.cards.count()
        await pilot.press("i")
        assert any("No suggestion left" in n for n in notices(app))
        assert app.repo.cards.count() == count


async def test_d_deletes_only_after_yes_and_u_undoes(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, "Maria Lopez")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        assert "sent to Maria Lopez and its 1 response?" in screen_text(app)
        await pilot.press("enter")  # "No, keep it"
        await pilot.pause()
        assert app.screen is screen and "Maria Lopez" in contacts(screen)
        await pilot.press("delete", "j", "enter")
        await pilot.pause()
        assert "Maria Lopez" not in [s.contact for s in on_disk(app).surveys.listed()]
        assert "Maria Lopez" not in contacts(screen)
        assert screen.table.current.survey.contact == "Li Wei"  # the cursor went on
        assert figures(screen).startswith("CSAT 100% (2) · NPS +50 (2)")  # the figures follow
        await pilot.press("u")
        await pilot.pause()
        assert "Maria Lopez" in [s.contact for s in on_disk(app).surveys.listed()]
        assert contacts(screen) == CONTACTS_NEWEST_FIRST and figures(screen) == FIGURES


async def test_keys_on_an_empty_screen_say_there_is_nothing(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        await pilot.press("f")  # the one sent survey
        await pilot.press("f", "f", "f")  # overdue: Sam Park
        await pilot.press("d", "j", "enter")
        await pilot.pause()
        assert contacts(screen) == []
        assert "No overdue survey" in screen_text(app)
        for key in ("enter", "i", "d"):
            await pilot.press(key)
        assert app.screen is screen
        assert any("No survey here" in n for n in notices(app))


# ----- the card detail and the gate review -----------------------------------------------------


async def test_the_card_detail_shows_the_latest_scores_and_the_waiting_surveys(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=BIG) as pilot:
        app.push_screen(CardDetail(card_id(app.repo, GLOBEX)))
        await pilot.pause()
        text = str(app.screen.query_one("#detail-satisfaction", Static).content)
        assert text.splitlines()[0] == "CSAT 100% · NPS 0 · CES 7.0 (1 response)"  # Ana Souza's
        assert "sent 2026-11-15 to Ana Souza" in text
        assert "sent     to Tom Baker on 2026-11-18, due 2026-12-02" in text
        assert "Maria Lopez" not in text  # answered before: not the latest, not waiting
        app.push_screen(CardDetail(card_id(app.repo, INITECH)))
        await pilot.pause()
        text = str(app.screen.query_one("#detail-satisfaction", Static).content)
        assert text.startswith("No survey answered.")
        assert "overdue  to Sam Park on 2026-11-02, due 2026-11-16" in text


async def test_V_opens_the_cards_surveys_and_escape_comes_back(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        detail_screen = CardDetail(card_id(app.repo, ACME))
        app.push_screen(detail_screen)
        await pilot.pause()
        await pilot.press("V")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SurveysScreen) and screen.card_id == detail_screen.card_id
        assert contacts(screen) == ["Chen Jie", "Li Wei"]
        await pilot.press("escape")
        assert app.screen is detail_screen


async def test_a_ticked_items_source_shows_in_the_detail_and_the_gate_review(
    surveyed, app_for
) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=BIG) as pilot:
        acme = card_id(app.repo, ACME)
        item = checklist_item(app.repo, acme, "satisfaction-survey")
        short = app.repo.surveys.short_id(survey_to(app.repo, "Li Wei").id)
        assert item.done and item.source == f"survey {short} answered by Li Wei on 2026-09-10"
        app.push_screen(CardDetail(acme))
        await pilot.pause()
        text = screen_text(app)
        line = next(line for line in text.splitlines() if "satisfaction survey" in line)
        assert f"· survey {short} answered by Li Wei" in line and "done by" not in line
        assert f"· suggestions from Li Wei in survey {short}" in text
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GateReview)
        listed = str(app.screen.query_one("#gate-list", Static).content)
        assert f"· survey {short} answered by Li Wei on 2026-09-10" in listed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j", "j", "space", "space")  # unticked, ticked again by hand
        await pilot.pause()
        item = checklist_item(on_disk(app), acme, "satisfaction-survey")
        assert item.done and item.source is None and item.done_by == WHO
        line = next(line for line in screen_text(app).splitlines() if "satisfaction" in line)
        assert "done by tester" in line and "answered by" not in line


async def test_answering_ticks_the_cards_gate_item_with_its_source(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        globex = card_id(app.repo, GLOBEX)
        app.repo.cards.toggle_item(
            globex, checklist_item(app.repo, globex, "satisfaction-survey").id
        )
        assert not checklist_item(app.repo, globex, "satisfaction-survey").done
        screen = await open_surveys(pilot, GLOBEX)  # Tom Baker's, the newest
        await open_form(pilot)
        for key in ("5", "enter", "5", "enter", "5", "enter", "5", "enter", "9", "enter", "7"):
            await pilot.press(key)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        item = checklist_item(on_disk(app), globex, "satisfaction-survey")
        short = app.repo.surveys.short_id(survey_to(app.repo, "Tom Baker").id)
        assert item.done and item.source == f"survey {short} answered by Tom Baker on 2026-11-22"
        await pilot.press("u")  # one undo takes back the response and the tick
        await pilot.pause()
        assert not checklist_item(on_disk(app), globex, "satisfaction-survey").done


# ----- themes, user text, keys -----------------------------------------------------------------


async def test_every_text_reads_in_every_theme(surveyed, app_for) -> None:
    for theme in THEMES:
        app = app_for(surveyed, theme=theme)
        async with app.run_test(size=BIG) as pilot:
            screen = await open_surveys(pilot)
            await pilot.press("g", "j")  # the grouped rows, a blurred and a focused cursor
            await pilot.pause()
            assert hard_to_read(screen, needed_in(theme)) == [], theme
            form = await open_form(pilot)
            await pilot.press("4", "enter", "9", "enter")  # an answer, a problem below
            await pilot.pause()
            box = form.query_one("#response-form")
            assert hard_to_read(form, needed_in(theme), within=box) == [], theme
            await pilot.press("escape", "j", "j", "enter")
            await pilot.pause()
            detail_screen = CardDetail(card_id(app.repo, GLOBEX))
            app.push_screen(detail_screen)
            await pilot.pause()
            satisfaction = detail_screen.query_one("#detail-satisfaction")
            assert hard_to_read(detail_screen, needed_in(theme), within=satisfaction) == []


async def test_every_text_reads_at_80x24_in_every_theme(surveyed, app_for) -> None:
    for theme in THEMES:
        app = app_for(surveyed, theme=theme)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_surveys(pilot)
            await cursor_to(pilot, screen, "Sam Park")  # an overdue row, not under the cursor
            await pilot.press("k")
            assert hard_to_read(screen, needed_in(theme)) == [], theme


@pytest.fixture
def unreadable(tmp_path: Path) -> Path:
    """A hand edit made one response's answers a string: pstui cannot read that record."""
    path = build_surveyed(tmp_path / "pstui.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["responses"]))
    data["responses"][first]["answers"] = "oops"
    path.write_text(dumps_store(data), encoding="utf-8")
    return path


async def test_a_response_pstui_cannot_read_is_said_in_the_table_and_keys_refuse(
    unreadable, app_for
) -> None:
    """Not "0 surveys … No survey sent yet" (and a toast that fades): the table and the
    title say the surveys cannot be read, and why, for as long as it lasts; s, Enter, i and
    d say it at once instead of asking for a card, a contact, a date first."""
    app = app_for(unreadable)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        said = " ".join(screen.table.line_text(y).strip() for y in range(1, 6))
        assert said.startswith("The surveys cannot be read: response ")
        assert "answers is 'oops', not a list" in said  # the reason, wrapped to the width
        text = screen_text(app)
        assert "No survey sent yet" not in text and "0 surveys" not in text
        assert "cannot be read" in title_line(screen)
        assert "until that record is fixed" in detail(screen)
        before = len(app.notice_log)
        for key in ("s", "enter", "i", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no prompt: refused at once
        said_by_keys = [
            n for n in app.notice_log[before:] if n.title == "The surveys cannot be read"
        ]
        assert len(said_by_keys) == 4
        assert all("answers is 'oops', not a list" in n.message for n in said_by_keys)
        await pilot.press("f")  # a status shown: still the reason, not "No sent survey"
        assert "cannot be read" in screen.table.line_text(1)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = build_surveyed(tmp_path / "pstui.json")
    repo = Repository(path, WHO)
    survey = repo.surveys.send(card_id(repo, ACME), LINK, sent_on="2026-11-20")
    repo.surveys.respond(
        survey.id,
        {"overall": 4, "suggestions": f"{BOLD} and \x1b[31mred\x1b[0m"},
        respondent=BOLD,
        answered_on="2026-11-21",
    )
    repo.flush()
    return path


async def test_user_text_shows_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_surveys(pilot)
        await cursor_to(pilot, screen, LINK)
        text = screen_text(app)
        assert app.is_running and "\x1b" not in text
        assert LINK in text and BOLD in text and "^[[31mred" in text
        form = await open_form(pilot)
        assert form.query_one("#response-respondent", Input).value == LINK
        assert LINK in screen_text(app)


async def test_the_footer_shows_the_main_keys_at_80_columns(surveyed, app_for) -> None:
    app = app_for(surveyed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("s Send", "Answers", "i Improve", "g Group", "f Status", "u Undo"):
            assert key in footer, key
        assert isinstance(screen.query_one(SurveyTable), SurveyTable)
        ids = {b.id for b in SurveysScreen.BINDINGS}
        assert {"survey-send", "survey-respond", "survey-improve", "survey-group"} <= ids
        assert all(b.tooltip for b in SurveysScreen.BINDINGS)
