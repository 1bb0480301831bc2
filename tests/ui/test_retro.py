"""The retrospective form: a card's review written with keys, its gate item, its actions
(one becoming an improvement card), a lesson written from it, and every key, on a small
store (see knowledge.py).

Changes are judged on the store as another process reads it back (`on_disk`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bursts import BACK_TAB, route_at_once
from conftest import TODAY, fill, notices, on_disk, screen_text, type_text
from knowledge import FRESH, HARBOUR, build_knowledge
from readable import THEMES, hard_to_read, needed_in
from textual.widgets import Input, Static, TextArea

from pstui.model.retro import Retro
from pstui.store.repository import Repository
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.lesson_form import LessonForm
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.retro_form import RetroForm, slip_reading, variance_reading
from pstui.ui.widgets.action_list import ActionList
from pstui.ui.widgets.form import Cycle, amount_text, read_amount

SIZE = (80, 24)
BIG = (120, 40)
LINK = "[@click=app.quit]quit[/]"
BOLD = "[bold]loud[/bold]"
ANSI = "\x1b[31mred\x1b[0m"
ANSI_SHOWN = "^[[31mred^[[0m"


@pytest.fixture
def known(tmp_path: Path) -> Path:
    return build_knowledge(tmp_path / "pstui.json")


def card_id(repo: Repository, title: str) -> str:
    board = repo.boards.all()[0].id
    return next(c.id for c in repo.cards.on_board(board) if c.title == title)


def retro_of(repo: Repository, title: str) -> Retro | None:
    return repo.retros.of_card(card_id(repo, title))


def item(repo: Repository, card: str, criterion: str):
    items = [i for items in repo.cards.get(card).checklists.values() for i in items]
    return next(i for i in items if i.criterion == criterion)


async def open_retro(pilot, title: str) -> RetroForm:
    app = pilot.app
    app.push_screen(RetroForm(card_id(app.repo, title)))
    await pilot.pause()
    form = app.screen
    assert isinstance(form, RetroForm)
    return form


def value(form: RetroForm, name: str) -> str:
    return form.query_one(f"#retro-{name}", Input).value


def reading(form: RetroForm, name: str) -> str:
    return str(form.query_one(f"#retro-{name}", Static).content)


def title_line(form: RetroForm) -> str:
    return str(form.query_one("#retro-title", Static).content)


async def focus(pilot, form: RetroForm, selector: str) -> None:
    form.query_one(selector).focus()
    await pilot.pause()
    assert form.focused is form.query_one(selector)


# ----- writing one -------------------------------------------------------------------------------


async def test_a_retrospective_written_with_keys_ticks_the_review_meeting_item(
    known, app_for
) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        fresh = card_id(app.repo, FRESH)
        assert not item(app.repo, fresh, "review-meeting").done
        assert "new: ctrl+s saves it" in title_line(form)
        assert value(form, "held-on") == TODAY.isoformat()  # a new one is held today
        assert form.focused is form.query_one("#retro-held-on", Input)
        await fill(pilot, "2026-11-20")
        assert "Friday" in reading(form, "held-on-note")
        assert form.query_one("#retro-goals", Cycle).value == "unassessed"  # until someone says
        await pilot.press("tab", "p")  # goals: a letter picks the choice
        assert form.query_one("#retro-goals", Cycle).value == "partly"
        await pilot.press("tab")
        await type_text(pilot, "Scanners in")
        await pilot.press("enter")  # Enter moves on, as Tab does
        await type_text(pilot, "2026-09-01")
        await pilot.press("tab")
        await fill(pilot, "2026-10-31")
        assert "60 days planned" in reading(form, "planned-note")
        await pilot.press("tab")
        await fill(pilot, "2026-09-03")
        await pilot.press("tab")
        await fill(pilot, "2026-11-05")
        assert "+5 days late" in reading(form, "slip")
        await pilot.press("tab")
        await fill(pilot, "80,000")
        await pilot.press("tab")
        await fill(pilot, "76000")
        assert "-5.0 % under budget" in reading(form, "variance")
        assert "not saved" in title_line(form)
        await pilot.press("tab")
        assert form.focused is form.query_one("#retro-went-well", TextArea)
        await type_text(pilot, "Pairing")
        await pilot.press("enter")  # a new line in a long text
        await type_text(pilot, "on site")
        await pilot.press("tab")
        await fill(pilot, "Late hardware")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "saved · by tester" in title_line(form)
        repo = on_disk(app)
        retro = retro_of(repo, FRESH)
        assert retro is not None
        assert (retro.held_on, retro.goals.value, retro.goals_note) == (
            "2026-11-20",
            "partly",
            "Scanners in",
        )
        assert (retro.planned_start, retro.planned_end) == ("2026-09-01", "2026-10-31")
        assert (retro.actual_start, retro.actual_end) == ("2026-09-03", "2026-11-05")
        assert (retro.budget_planned, retro.budget_actual) == (80000, 76000)
        assert retro.schedule_slip == 5 and retro.budget_variance == -5
        assert (retro.went_well, retro.to_improve) == ("Pairing\non site", "Late hardware")
        ticked = item(repo, fresh, "review-meeting")
        assert ticked.done and "2026-11-20" in (ticked.source or "")
        await pilot.press("escape")  # saved: backs out without asking
        assert not isinstance(app.screen, RetroForm)


async def test_an_existing_retrospective_opens_in_its_fields(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, HARBOUR)
        assert value(form, "held-on") == "2026-11-18"
        assert form.query_one("#retro-goals", Cycle).value == "partly"
        assert value(form, "budget-planned") == "120000"
        assert "+13 days late" in reading(form, "slip")
        assert "+9.6 % over budget" in reading(form, "variance")
        assert "122 days planned" in reading(form, "planned-note")
        assert "customs module" in value(form, "goals-note")
        text = screen_text(app)
        assert "Daily standups" in text and "Book the client's testers" in text
        assert "saved · by tester" in title_line(form)


async def test_wrong_dates_and_amounts_are_said_and_refused(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        await focus(pilot, form, "#retro-actual-end")
        await fill(pilot, "someday")
        assert "not a date" in reading(form, "slip")
        assert form.query_one("#retro-actual-end").has_class("-problem")
        await focus(pilot, form, "#retro-budget-actual")
        await fill(pilot, "-5")
        assert "cannot be negative" in reading(form, "variance")
        await focus(pilot, form, "#retro-held-on")
        await fill(pilot, "")
        assert "is needed" in reading(form, "held-on-note")
        await pilot.press("ctrl+s")
        assert retro_of(on_disk(app), FRESH) is None
        assert form.focused is form.query_one("#retro-held-on")  # the first wrong field
        await fill(pilot, "today")
        await pilot.press("ctrl+s")
        assert form.focused is form.query_one("#retro-actual-end")
        await fill(pilot, "fri")  # 2026-11-27
        await focus(pilot, form, "#retro-budget-actual")
        await fill(pilot, "12.5")
        await focus(pilot, form, "#retro-planned-start")
        await fill(pilot, "2026-12-01")
        await focus(pilot, form, "#retro-planned-end")
        await fill(pilot, "2026-11-01")  # before the start: said, marked, refused in place
        assert "end is before the start" in reading(form, "planned-note")
        assert form.query_one("#retro-planned-note").has_class("-problem")
        await focus(pilot, form, "#retro-held-on")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.focused is form.query_one("#retro-planned-end")  # the wrong field
        assert retro_of(on_disk(app), FRESH) is None
        await fill(pilot, "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        retro = retro_of(on_disk(app), FRESH)
        assert retro.held_on == TODAY.isoformat() and retro.actual_end == "2026-11-27"
        assert retro.budget_actual == 12.5 and retro.planned_end is None


def test_amounts_and_readings() -> None:
    assert read_amount(" 120,000.50 ") == 120000.5 and read_amount("") is None
    assert amount_text(120000.0) == "120000" and amount_text(12.5) == "12.5"
    for wrong in ("12k", "nan", "-1"):
        with pytest.raises(ValueError):
            read_amount(wrong)
    assert slip_reading(None).plain.startswith("slip: needs")
    assert slip_reading(0).plain == "on time" and slip_reading(1).plain == "+1 day late"
    assert slip_reading(-3).plain == "-3 days early"
    assert variance_reading(0.01).plain == "on budget"
    assert variance_reading(-12.34).plain == "-12.3 % under budget"


async def test_an_end_before_its_start_is_an_error_while_typed(known, app_for) -> None:
    """Not "-154 days early": an actual (or planned) end before its start is marked wrong
    as it is typed, the fields too, and the form will not save it."""
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        await focus(pilot, form, "#retro-planned-start")
        await fill(pilot, "2026-09-01")
        await focus(pilot, form, "#retro-planned-end")
        await fill(pilot, "2026-10-31")
        await focus(pilot, form, "#retro-actual-start")
        await fill(pilot, "2026-11-01")
        await focus(pilot, form, "#retro-actual-end")
        await fill(pilot, "2026-05-31")
        slip = form.query_one("#retro-slip", Static)
        assert reading(form, "slip") == "the end is before the start"
        assert "early" not in reading(form, "slip")
        assert slip.has_class("-problem") and form.query_one("#retro-actual-end").has_class(
            "-problem"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert retro_of(on_disk(app), FRESH) is None
        assert form.focused is form.query_one("#retro-actual-end")
        await fill(pilot, "2026-11-05")  # after it: the slip again, no mark
        assert reading(form, "slip") == "+5 days late" and not slip.has_class("-problem")
        await focus(pilot, form, "#retro-planned-end")
        await fill(pilot, "2026-09-02")
        assert reading(form, "planned-note") == "1 day planned"  # one: not "1 days"


# ----- typed fast, changed elsewhere -------------------------------------------------------------


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_fields_typed_in_one_burst_each_reach_their_field(known, app_for) -> None:
    """Tab and Enter move the focus as they arrive: the keys typed fast behind them (sent on
    before a deferred focus would move) go to the next field, not into the one they left."""
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        await fill(pilot, "")
        route_at_once(app, "2026-11-20\tn\tScanners in\n2026-09-01\t2026-10-31")
        await settle(pilot)
        assert value(form, "held-on") == "2026-11-20"
        assert form.query_one("#retro-goals", Cycle).value == "no"
        assert value(form, "goals-note") == "Scanners in"
        assert (value(form, "planned-start"), value(form, "planned-end")) == (
            "2026-09-01",
            "2026-10-31",
        )
        route_at_once(app, f"{BACK_TAB}{BACK_TAB}x")  # back two fields: the goals note
        await settle(pilot)
        assert value(form, "goals-note") == "Scanners inx"
        await focus(pilot, form, "#retro-went-well")
        route_at_once(app, "Pairing\non site\tLate")  # Enter in a text: a new line
        await settle(pilot)
        assert form.query_one("#retro-went-well", TextArea).text == "Pairing\non site"
        assert form.query_one("#retro-to-improve", TextArea).text == "Late"


async def reload_from_disk(app, pilot) -> None:
    """What the watcher does when the file changed: read on a worker, taken on the UI thread."""
    app.check_store()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_saving_keeps_the_fields_a_teammate_changed_meanwhile(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, HARBOUR)
        await focus(pilot, form, "#retro-goals-note")
        await fill(pilot, "Everything but customs")  # an edit, not saved yet
        bob = Repository(known, "bob")
        harbour = card_id(bob, HARBOUR)
        bob.retros.save(harbour, to_improve="Book testers earlier", budget_actual=125000)
        bob.flush()
        bob.close()
        await reload_from_disk(app, pilot)
        assert app.screen is form and value(form, "goals-note") == "Everything but customs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = retro_of(on_disk(app), HARBOUR)
        assert saved.goals_note == "Everything but customs"  # this form's edit
        assert saved.to_improve == "Book testers earlier"  # the teammate's, kept
        assert saved.budget_actual == 125000
        # The form shows the retrospective as saved, both edits in it, nothing left unsaved.
        assert form.query_one("#retro-to-improve", TextArea).text == "Book testers earlier"
        assert value(form, "budget-actual") == "125000"
        assert not form.edited and "saved · by tester" in title_line(form)


# ----- unsaved edits -----------------------------------------------------------------------------


async def test_escape_with_edits_not_saved_asks_first(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        form = await open_retro(pilot, HARBOUR)
        await focus(pilot, form, "#retro-goals-note")
        await fill(pilot, "Everything but customs")
        assert "not saved" in title_line(form)
        await pilot.press("escape")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "Keep editing" is the one highlighted
        await pilot.pause()
        assert app.screen is form and value(form, "goals-note") == "Everything but customs"
        await pilot.press("escape", "j", "j", "enter")  # drop the changes
        await pilot.pause()
        assert app.screen is board
        assert retro_of(on_disk(app), HARBOUR).goals_note.startswith("Portal live")
        form = await open_retro(pilot, HARBOUR)
        await focus(pilot, form, "#retro-goals-note")
        await fill(pilot, "Everything but customs")
        await pilot.press("escape", "j", "enter")  # save them
        await pilot.pause()
        assert app.screen is board
        assert retro_of(on_disk(app), HARBOUR).goals_note == "Everything but customs"


async def test_ctrl_z_undoes_a_save_and_the_fields_follow(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, HARBOUR)
        await focus(pilot, form, "#retro-goals")
        await pilot.press("right", "ctrl+s")  # partly -> no
        await pilot.pause()
        assert retro_of(on_disk(app), HARBOUR).goals.value == "no"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert retro_of(on_disk(app), HARBOUR).goals.value == "partly"
        assert form.query_one("#retro-goals", Cycle).value == "partly"
        assert "not saved" not in title_line(form)


# ----- actions -----------------------------------------------------------------------------------


async def test_actions_are_added_made_cards_and_removed_with_keys(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, HARBOUR)
        actions = form.actions
        await focus(pilot, form, "#retro-actions")
        footer = screen_text(app).splitlines()[-1]
        for key in ("a Add", "c Make card", "x Remove", "u Undo", "^s Save"):
            assert key in footer, key
        assert [a.text for a in actions.actions][0] == "Book the client's testers two weeks ahead"
        await pilot.press("a")
        assert isinstance(app.screen, TextPrompt)
        await fill(pilot, "Agree the customs scope for phase two")
        await pilot.press("enter")
        await pilot.pause()
        retro = retro_of(on_disk(app), HARBOUR)
        assert [a.text for a in retro.actions][-1] == "Agree the customs scope for phase two"
        assert actions.current.text == "Agree the customs scope for phase two"
        await pilot.press("c")  # one key: an improvement card, linked back
        await pilot.pause()
        repo = on_disk(app)
        made = retro_of(repo, HARBOUR).actions[-1].card
        assert made is not None
        card = repo.cards.get(made)
        assert card.kind == "improvement" and card.title == "Agree the customs scope for phase two"
        assert card.client == "Harbour Co"
        short = app.repo.cards.short_id(made)
        assert short in actions.line_text(3)  # the list shows the card it became
        assert any(f"Made card {short}" in n for n in notices(app))
        await pilot.press("c")  # once only
        await pilot.pause()
        assert any("already card" in n for n in notices(app))
        await pilot.press("k", "k", "x")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert len(retro_of(on_disk(app), HARBOUR).actions) == 2
        assert len(actions.actions) == 2
        await pilot.press("u")
        await pilot.pause()
        assert len(retro_of(on_disk(app), HARBOUR).actions) == 3
        await pilot.press("e")  # edit the highlighted action's text
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+u")
        await fill(pilot, "Book the testers three weeks ahead")
        await pilot.press("enter")
        await pilot.pause()
        texts = [a.text for a in retro_of(on_disk(app), HARBOUR).actions]
        assert (
            actions.current.text == "Book the testers three weeks ahead"
            and actions.current.text in texts
        )


async def test_an_action_on_a_new_retrospective_saves_it_first(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        assert "No actions yet" in form.actions.line_text(1)
        await focus(pilot, form, "#retro-actions")
        await pilot.press("c")  # nothing to make a card of: said
        assert any("No action here" in n for n in notices(app))
        await pilot.press("a")
        await fill(pilot, "Order spare scanners")
        await pilot.press("enter")
        await pilot.pause()
        retro = retro_of(on_disk(app), FRESH)
        assert retro is not None and [a.text for a in retro.actions] == ["Order spare scanners"]
        assert item(on_disk(app), card_id(app.repo, FRESH), "review-meeting").done


# ----- a lesson from it --------------------------------------------------------------------------


async def test_ctrl_l_writes_a_lesson_from_the_retrospective(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        fresh = card_id(app.repo, FRESH)
        await focus(pilot, form, "#retro-to-improve")
        await fill(pilot, "Order hardware before the plan is signed.")
        await pilot.press("ctrl+l")  # saves the retrospective first
        await pilot.pause()
        lesson_form = app.screen
        assert isinstance(lesson_form, LessonForm)
        retro = retro_of(on_disk(app), FRESH)
        assert retro is not None and retro.to_improve.startswith("Order hardware")
        assert lesson_form.query_one("#lesson-card", Input).value == app.repo.cards.short_id(fresh)
        assert lesson_form.query_one("#lesson-client", Input).value == "Northwind"
        text = lesson_form.query_one("#lesson-text", TextArea).text
        assert text == "Order hardware before the plan is signed."
        await fill(pilot, "Order hardware early")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        repo = on_disk(app)
        lesson = next(x for x in repo.lessons.search() if x.title == "Order hardware early")
        assert (lesson.card, lesson.retro, lesson.client) == (fresh, retro.id, "Northwind")
        assert item(repo, fresh, "lessons-learned").done
        assert "1 lesson" in title_line(form)


async def test_ctrl_l_with_a_wrong_field_writes_nothing(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        await fill(pilot, "not a day")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is form and retro_of(on_disk(app), FRESH) is None


# ----- what it looks like ------------------------------------------------------------------------


async def test_retrospective_text_shows_literally(tmp_path, app_for) -> None:
    path = build_knowledge(tmp_path / "pstui.json", lessons=False)
    repo = Repository(path, "tester")
    retro = repo.retros.save(
        card_id(repo, FRESH),
        held_on="2026-11-20",
        goals_note=LINK,
        went_well=f"{BOLD}\n{ANSI}",
    )
    repo.retros.add_action(retro.id, BOLD)
    repo.flush()
    repo.close()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, FRESH)
        text = screen_text(app)
        assert "\x1b" not in text and LINK in text and BOLD in text and ANSI_SHOWN in text
        assert form.query_one("#retro-went-well", TextArea).text == f"{BOLD}\n{ANSI_SHOWN}"
        assert not form.edited
        await focus(pilot, form, "#retro-goals")
        await pilot.press("n", "ctrl+s")  # goals: no
        await pilot.pause()
        saved = retro_of(on_disk(app), FRESH)
        assert saved.goals.value == "no"
        assert saved.went_well == f"{BOLD}\n{ANSI}" and saved.goals_note == LINK


async def test_the_form_fits_80x24_with_its_actions_in_view(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_retro(pilot, HARBOUR)
        fields = form.query_one("#retro-fields")
        assert fields.max_scroll_y == 0  # everything fits: nothing to scroll to
        assert isinstance(form.query_one(ActionList), ActionList)
        footer = screen_text(app).splitlines()[-1]
        for key in ("^s Save", "^l Lesson", "esc Back"):
            assert key in footer, key


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_reads_in_every_theme(known, app_for, theme) -> None:
    app = app_for(known, theme=theme)
    async with app.run_test(size=BIG) as pilot:
        form = await open_retro(pilot, HARBOUR)
        assert app.theme == theme
        assert hard_to_read(form, needed_in(theme)) == []
        await focus(pilot, form, "#retro-actions")
        await focus(pilot, form, "#retro-actual-end")
        await fill(pilot, "someday")  # a problem said in the error colour
        assert hard_to_read(form, needed_in(theme)) == []
