"""The knowledge base: searched as you type across every board, the lesson form, and every
key, on a small store of known lessons (see knowledge.py).

Changes are judged on the store as another process reads it back (`on_disk`); what the
screen shows, on the list's lessons and the text it draws.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bursts import BACK_TAB, route_at_once
from conftest import cells, fill, notices, on_disk, screen_text, type_text
from knowledge import ACME, FRESH, HARBOUR, LESSONS, build_knowledge, build_knowledge_zh
from readable import THEMES, hard_to_read, needed_in
from rich.cells import cell_len
from textual import events
from textual.widgets import Input, Label, Static, TextArea

from pstui.model.lesson import Lesson
from pstui.store.engine.serialize import dumps_store
from pstui.store.repository import Repository
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.lesson_form import LessonForm, parse_tags
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.widgets.form import Cycle
from pstui.ui.widgets.lesson_list import LessonList

SIZE = (80, 24)
BIG = (120, 40)
NEWEST_FIRST = [title for _, title, *_ in reversed(LESSONS)]
TESTERS, MIGRATION, VPN, TEMPLATE, SSO = NEWEST_FIRST

LINK = "[@click=app.quit]quit[/]"
BOLD = "[bold]loud[/bold]"
ANSI = "\x1b[31mred\x1b[0m"
ANSI_SHOWN = "^[[31mred^[[0m"


@pytest.fixture
def known(tmp_path: Path) -> Path:
    return build_knowledge(tmp_path / "pstui.json")


@pytest.fixture
def known_zh(tmp_path: Path) -> Path:
    return build_knowledge_zh(tmp_path / "pstui.json")


def card_id(repo: Repository, title: str) -> str:
    board = repo.boards.all()[0].id
    return next(c.id for c in repo.cards.on_board(board) if c.title == title)


def lesson_named(repo: Repository, title: str) -> Lesson:
    found = [lesson for lesson in repo.lessons.search() if lesson.title == title]
    assert len(found) == 1, f"{len(found)} lessons titled {title!r}"
    return found[0]


def item_done(repo: Repository, card: str, criterion: str) -> bool:
    items = [i for items in repo.cards.get(card).checklists.values() for i in items]
    return next(i.done for i in items if i.criterion == criterion)


async def open_lessons(pilot, card_title: str | None = None) -> LessonsScreen:
    app = pilot.app
    card = card_id(app.repo, card_title) if card_title else None
    app.push_screen(LessonsScreen(card))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonsScreen)
    return screen


def shown(screen: LessonsScreen) -> list[str]:
    return [lesson.title for lesson in screen.lesson_list.lessons]


def title_line(screen: LessonsScreen) -> str:
    return str(screen.query_one("#lessons-title", Static).content)


def preview(screen: LessonsScreen) -> str:
    parts = ("#lesson-preview-head", "#lesson-preview-facts", "#lesson-preview-text")
    return "\n".join(str(screen.query_one(p, Static).content) for p in parts)


async def open_form(pilot, key: str) -> LessonForm:
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, LessonForm)
    return form


async def focus(pilot, form, selector: str) -> None:
    form.query_one(selector).focus()
    await pilot.pause()


# ----- the list and the preview ----------------------------------------------------------------


async def test_every_lesson_is_listed_newest_first_with_the_first_in_full(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        assert shown(screen) == NEWEST_FIRST
        assert screen.focused is screen.lesson_list
        assert "knowledge base, every board" in title_line(screen)
        assert "5 lessons" in title_line(screen)
        text = preview(screen)
        assert TESTERS in text and "lesson learned" in text and "#testing #planning" in text
        harbour = app.repo.cards.short_id(card_id(app.repo, HARBOUR))
        assert f"card {harbour} {HARBOUR}" in text and "client Harbour Co" in text
        assert "written 2026-11-19" in text and "Acceptance waited nine days" in text
        drawn = screen_text(app)
        row = next(line for line in drawn.splitlines() if line.startswith(" lesson   Book"))
        assert "#testing" in row and "Harbour Co" in row and harbour in row and "11-19" in row
        sso = next(line for line in drawn.splitlines() if "How do I reset" in line)
        assert sso.split()[0] == "faq" and " - " in sso  # no card


async def test_j_k_and_the_arrows_move_and_the_preview_follows(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("j", "down")
        assert screen.lesson_list.current.title == VPN
        assert "The 'field' profile" in preview(screen)
        await pilot.press("k")
        assert screen.lesson_list.current.title == MIGRATION
        assert "know-how" in preview(screen) and "412 rows" in preview(screen)
        await pilot.press("end")
        assert screen.lesson_list.current.title == SSO
        facts = str(screen.query_one("#lesson-preview-facts", Static).content)
        assert facts == "client Acme\nwritten 2026-06-12 by tester"  # no card


async def test_the_wide_list_spells_dates_out(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_lessons(pilot)
        assert "2026-11-19" in screen.lesson_list.line_text(1)
        assert "Written" in screen.lesson_list.line_text(0)


# ----- the search --------------------------------------------------------------------------------


async def test_slash_searches_words_tags_and_kinds_as_typed(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("j", "slash")
        box = screen.search_box
        assert screen.focused is box
        await type_text(pilot, "client")  # in the text of three, key by key
        assert shown(screen) == [TESTERS, VPN, SSO]
        assert screen.lesson_list.current.title == TESTERS  # a new search starts at the top
        assert "3 of 5 match" in title_line(screen)
        await fill(pilot, "#planning")
        assert shown(screen) == [TESTERS, TEMPLATE]
        await fill(pilot, "kind:faq")
        assert shown(screen) == [VPN, SSO]
        await fill(pilot, "KIND:FAQ Vpn")  # every word must match; case does not matter
        assert shown(screen) == [VPN]
        await fill(pilot, "harbour co #data")  # the client is searched too
        assert shown(screen) == [MIGRATION]
        await fill(pilot, "no such thing")
        assert shown(screen) == []
        assert "No lesson matches the search" in screen_text(app)
        assert "0 of 5 match" in title_line(screen)
        assert "No lesson under the cursor" in preview(screen)


async def test_escape_clears_the_search_then_goes_back(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        before = app.screen
        screen = await open_lessons(pilot)
        await pilot.press("slash")
        await type_text(pilot, "vpn")
        assert shown(screen) == [VPN]
        await pilot.press("escape")  # clears the search, the list gets the focus
        assert shown(screen) == NEWEST_FIRST and screen.search_box.value == ""
        assert screen.focused is screen.lesson_list and app.screen is screen
        await pilot.press("slash")
        await type_text(pilot, "sso")
        await pilot.press("enter")  # keeps the search, to the list
        assert screen.focused is screen.lesson_list and shown(screen) == [SSO]
        await pilot.press("escape", "escape")
        assert app.screen is before


async def test_typing_in_the_list_goes_to_the_search(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("v")  # no key of the screen: the start of a search
        assert screen.focused is screen.search_box and screen.search_box.value == "v"
        await type_text(pilot, "pn")
        assert shown(screen) == [VPN]
        await pilot.press("enter", "escape")
        await pilot.press("number_sign", "s", "s", "o")  # '#' starts a tag
        assert screen.search_box.value == "#sso" and shown(screen) == [SSO]


async def test_a_word_typed_in_one_burst_all_reaches_the_search(known, app_for) -> None:
    """Keys sent to the list before the search took the focus (a terminal delivers a fast
    typist's word at once) go into the box too, even those the list binds (`e` edits)."""
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        for char in "vpne":
            app.post_message(events.Key(char, char))
        await pilot.pause()
        assert screen.search_box.value == "vpne" and app.screen is screen


async def test_down_and_up_move_the_list_from_the_search_box(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("slash")
        await type_text(pilot, "the")
        assert len(shown(screen)) >= 3
        assert "/ Search" not in screen_text(app).splitlines()[-1]  # / is typed here
        await pilot.press("down", "down", "up")
        assert screen.focused is screen.search_box  # still typing
        assert screen.lesson_list.cursor == 1
        assert screen.lesson_list.current.title in preview(screen)


async def test_chinese_lessons_are_found_by_substring(known_zh, app_for) -> None:
    app = app_for(known_zh)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        assert len(shown(screen)) == 3
        await pilot.press("slash")
        await fill(pilot, "迁移")  # inside 数据迁移 and 上线前一周做一次数据迁移演练
        assert shown(screen) == ["上线前一周做一次数据迁移演练"]
        await fill(pilot, "#测试")
        assert shown(screen) == ["验收前两周预约客户测试人员"]
        await fill(pilot, "华东 kind:faq")
        assert shown(screen) == ["如何重置被锁定的单点登录账号？"]
        assert "先请客户信息部" in preview(screen)
        await fill(pilot, "")
        table = screen.lesson_list
        rows = [table.line_text(y) for y in range(1, 4)]
        assert all(cells(row) == table.size.width for row in rows)
        starts = {cell_len(row[: row.index("华东电网")]) for row in rows}
        assert len(starts) == 1  # the client column starts at one cell on every row


async def test_a_search_key_refills_the_list_without_folding_the_text_again(
    known, app_for, monkeypatch
) -> None:
    """The lessons' text is folded once per change of the table, and no widget is mounted
    per key: a key typed costs one pass over the folded text and a repaint."""
    folded: list[str] = []
    haystack = Lesson.haystack

    def counted(lesson: Lesson) -> str:
        folded.append(lesson.id)
        return haystack(lesson)

    monkeypatch.setattr(Lesson, "haystack", counted)
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        widgets = len(list(screen.query("*")))
        folded.clear()
        await pilot.press("slash")
        await type_text(pilot, "plan")
        assert shown(screen) == [TESTERS, TEMPLATE]
        await pilot.press("backspace", "backspace")
        assert shown(screen) == [lesson.title for lesson in app.repo.lessons.search("pl")]
        assert folded == []  # folded when the screen opened, not per key
        assert len(list(screen.query("*"))) == widgets


# ----- the form: new, edit ----------------------------------------------------------------------


async def test_n_writes_a_lesson_on_a_card_and_ticks_its_gate_item(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        fresh = card_id(app.repo, FRESH)
        assert not item_done(app.repo, fresh, "lessons-learned")
        form = await open_form(pilot, "n")
        assert form.focused is form.query_one("#lesson-title", Input)
        await type_text(pilot, "Label the scanners")
        await pilot.press("tab", "right", "left")  # kind: lesson -> FAQ -> lesson
        assert form.query_one("#lesson-kind", Cycle).value == "lesson"
        await pilot.press("tab")
        await fill(pilot, "#hardware, site")
        await pilot.press("tab", "tab")  # client: empty, the card's is taken
        await fill(pilot, app.repo.cards.short_id(fresh).lower())
        assert FRESH in str(form.query_one("#lesson-card-note", Label).content)
        assert "Northwind" in str(form.query_one("#lesson-card-note", Label).content)
        await pilot.press("tab")
        await fill(pilot, "Stick the asset label\nbefore shipping.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        repo = on_disk(app)
        lesson = lesson_named(repo, "Label the scanners")
        assert (lesson.kind.value, lesson.tags, lesson.client) == (
            "lesson",
            ["hardware", "site"],
            "Northwind",
        )
        assert lesson.card == fresh and lesson.text == "Stick the asset label\nbefore shipping."
        assert lesson.by == "tester"
        assert item_done(repo, fresh, "lessons-learned")
        assert screen.lesson_list.current.title == "Label the scanners"


async def test_a_tag_in_use_is_offered_as_it_is_typed(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        await open_lessons(pilot)
        form = await open_form(pilot, "n")
        await focus(pilot, form, "#lesson-tags")
        await type_text(pilot, "#sup")
        await pilot.pause()
        await pilot.press("right")  # accepts the suggestion
        assert form.query_one("#lesson-tags", Input).value == "#support"
        await type_text(pilot, " pla")
        await pilot.pause()
        await pilot.press("right")
        assert form.query_one("#lesson-tags", Input).value == "#support planning"


def test_tags_are_read_from_spaces_commas_and_hashes() -> None:
    assert parse_tags("#a, b  #c,,d #") == ["a", "b", "c", "d"]
    assert parse_tags("数据 #迁移") == ["数据", "迁移"]


async def test_the_form_wants_a_title_and_a_card_that_exists(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        await open_lessons(pilot)
        form = await open_form(pilot, "n")
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "needs a title" in str(form.query_one("#lesson-title-error", Label).content)
        await fill(pilot, "A title")
        await focus(pilot, form, "#lesson-card")
        await fill(pilot, "ZZZZ")
        assert "no record matches" in str(form.query_one("#lesson-card-note", Label).content)
        await pilot.press("enter")  # Enter saves too: refused, the card keeps the focus
        assert app.screen is form and form.focused is form.query_one("#lesson-card", Input)
        await fill(pilot, "")
        assert "a lesson of its own" in str(form.query_one("#lesson-card-note", Label).content)
        await pilot.press("enter")
        await pilot.pause()
        lesson = lesson_named(on_disk(app), "A title")
        assert lesson.card is None and lesson.client == "" and lesson.kind.value == "lesson"


async def test_e_edits_the_lesson_and_u_undoes_it(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("j")
        form = await open_form(pilot, "e")
        assert form.query_one("#lesson-title", Input).value == MIGRATION
        assert form.query_one("#lesson-tags", Input).value == "#migration #data"
        assert form.query_one("#lesson-kind", Cycle).value == "know-how"
        kept = str(form.query_one("#lesson-card-kept", Label).content)
        assert HARBOUR in kept and "kept from when it was written" in kept
        assert not form.query("#lesson-card")  # a lesson keeps its card
        await focus(pilot, form, "#lesson-kind")
        await pilot.press("f")  # a letter jumps to the choice it starts
        await focus(pilot, form, "#lesson-text")
        await pilot.press(*["down"] * 5, "end", "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = lesson_named(on_disk(app), MIGRATION)
        assert edited.kind.value == "faq" and edited.text.endswith("go-live.!")
        assert edited.tags == ["migration", "data"] and edited.card is not None
        assert screen.lesson_list.current.title == MIGRATION
        await pilot.press("u")
        await pilot.pause()
        assert lesson_named(on_disk(app), MIGRATION).kind.value == "know-how"
        assert "know-how" in preview(screen)
        await pilot.press("enter")  # Enter edits too
        assert isinstance(app.screen, LessonForm)


async def test_escape_in_an_edited_form_asks_first(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        form = await open_form(pilot, "n")
        await pilot.press("escape")  # nothing typed: backs out at once
        await pilot.pause()
        assert app.screen is screen
        form = await open_form(pilot, "n")
        await fill(pilot, "Half a thought")
        await pilot.press("escape")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "Keep editing" is the one highlighted
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape", "j", "j", "enter")  # drop it
        await pilot.pause()
        assert app.screen is screen and "Half a thought" not in shown(screen)
        form = await open_form(pilot, "n")
        await fill(pilot, "A whole thought")
        await pilot.press("escape", "j", "enter")  # save it
        await pilot.pause()
        assert app.screen is screen
        assert lesson_named(on_disk(app), "A whole thought").title == "A whole thought"


async def test_d_deletes_only_after_yes_and_u_brings_it_back(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("j", "j")
        await pilot.press("d")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # "No, keep it"
        await pilot.pause()
        assert VPN in shown(screen)
        await pilot.press("delete", "j", "enter")
        await pilot.pause()
        assert VPN not in [lesson.title for lesson in on_disk(app).lessons.search()]
        assert shown(screen) == [TESTERS, MIGRATION, TEMPLATE, SSO]
        assert screen.lesson_list.current.title == TEMPLATE
        assert "4 lessons" in title_line(screen)
        await pilot.press("u")
        await pilot.pause()
        assert VPN in shown(screen) and "5 lessons" in title_line(screen)
        await pilot.press("u")  # nothing more this app did: said, not raised
        await pilot.pause()
        assert any("Nothing to undo" in n for n in notices(app))


async def test_a_new_lesson_the_search_hides_is_said(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await pilot.press("slash")
        await fill(pilot, "vpn")
        await pilot.press("enter")
        await open_form(pilot, "n")
        await fill(pilot, "Unrelated")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(screen) == [VPN]
        assert any("the search hides it" in n for n in notices(app))


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_fields_typed_in_one_burst_each_reach_their_field(known, app_for) -> None:
    """Tab moves the focus as it arrives: the keys typed fast behind it (already sent on
    before a deferred focus would move) go to the next field, not into the title."""
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        await open_lessons(pilot)
        form = await open_form(pilot, "n")
        route_at_once(app, "abc\t\ttagx\tcli")
        await settle(pilot)
        assert form.query_one("#lesson-title", Input).value == "abc"
        assert form.query_one("#lesson-kind", Cycle).value == "lesson"
        assert form.query_one("#lesson-tags", Input).value == "tagx"
        assert form.query_one("#lesson-client", Input).value == "cli"
        route_at_once(app, f"{BACK_TAB}-x")  # back to the tags, typed on
        await settle(pilot)
        assert form.query_one("#lesson-tags", Input).value == "tagx-x"
        assert form.query_one("#lesson-client", Input).value == "cli"


async def test_enter_in_a_burst_saves_the_title_typed_before_it(known, app_for) -> None:
    """Enter saves the title as typed up to it: the keys typed after it, already on their
    way to the field, are not saved into the title."""
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        await open_form(pilot, "n")
        route_at_once(app, "Short one\njk")
        await settle(pilot)
        assert app.screen is screen
        titles = [lesson.title for lesson in on_disk(app).lessons.search()]
        assert "Short one" in titles and not any(t.startswith("Short onej") for t in titles)


@pytest.fixture
def unreadable(tmp_path: Path) -> Path:
    """A hand edit made one lesson's tags a number: pstui cannot read that record."""
    path = build_knowledge(tmp_path / "pstui.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["lessons"]))
    data["lessons"][first]["tags"] = 5
    path.write_text(dumps_store(data), encoding="utf-8")
    return path


async def test_a_lesson_pstui_cannot_read_is_said_in_the_list_and_n_refuses(
    unreadable, app_for
) -> None:
    app = app_for(unreadable)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot)
        table = screen.lesson_list
        said = " ".join(table.line_text(y).strip() for y in range(1, 5))
        assert said.startswith("The lessons cannot be read: lesson ")
        assert "tags is 5, not a list" in said  # the reason, whole, wrapped to the width
        assert "No lessons yet" not in screen_text(app)
        assert "cannot be read" in title_line(screen) and "0 lessons" not in title_line(screen)
        assert "until that record is fixed" in preview(screen)
        before = len(app.notice_log)
        for key in ("n", "e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no form, no question: refused at once
        said = [n for n in app.notice_log[before:] if n.title == "The lessons cannot be read"]
        assert len(said) == 3 and all("tags is 5, not a list" in n.message for n in said)
        await pilot.press("slash")
        await fill(pilot, "vpn")  # still said while searching: not "no lesson matches"
        assert "cannot be read" in table.line_text(1)


async def test_the_card_detail_counts_its_lessons_in_words_above_a_blank_line(
    known, app_for
) -> None:
    app = app_for(known)
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(CardDetail(card_id(app.repo, ACME)))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        at = next(n for n, line in enumerate(lines) if "written from this card" in line)
        assert lines[at].strip() == "1 lesson written from this card"
        assert lines[at + 1].strip() == ""  # a blank line, as between the other sections
        assert lines[at + 2].strip().startswith("Past stages")


# ----- one card's lessons ------------------------------------------------------------------------


async def test_a_card_s_lessons_and_a_new_one_starts_on_that_card(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lessons(pilot, HARBOUR)
        assert shown(screen) == [TESTERS, MIGRATION]
        short = app.repo.cards.short_id(card_id(app.repo, HARBOUR))
        assert f"of {short} {HARBOUR}" in title_line(screen) and "2 lessons" in title_line(screen)
        form = await open_form(pilot, "n")
        assert form.query_one("#lesson-card", Input).value == short
        assert form.query_one("#lesson-client", Input).value == "Harbour Co"
        await fill(pilot, "Ship spare scanners")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(screen)[0] == "Ship spare scanners"
        acme = app.repo.cards.short_id(card_id(app.repo, ACME))
        assert acme not in screen_text(app)


# ----- what it looks like ------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = build_knowledge(tmp_path / "pstui.json", lessons=False)
    repo = Repository(path, "tester")
    for title in (LINK, BOLD, ANSI):
        repo.lessons.add(title, text=f"{BOLD}\n{ANSI}", tags=[BOLD], client=LINK)
    repo.flush()
    repo.close()
    return path


async def test_lesson_text_shows_literally(hostile, app_for) -> None:
    app = app_for(hostile)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_lessons(pilot)
        text = screen_text(app)
        assert app.is_running and "\x1b" not in text
        for literal in (LINK, BOLD, ANSI_SHOWN, f"#{BOLD}"):
            assert literal in text, literal
        assert f"{BOLD}\n{ANSI_SHOWN}" in preview(screen)
        # Editing leaves the stored text alone: the caret form is only how it is shown.
        form = await open_form(pilot, "e")
        assert form.query_one("#lesson-title", Input).value == ANSI_SHOWN
        assert form.query_one("#lesson-text", TextArea).text == f"{BOLD}\n{ANSI_SHOWN}"
        await focus(pilot, form, "#lesson-kind")
        await pilot.press("right", "ctrl+s")
        await pilot.pause()
        lesson = lesson_named(on_disk(app), ANSI)
        assert lesson.kind.value == "faq" and lesson.text == f"{BOLD}\n{ANSI}"
        assert lesson.tags == [BOLD] and lesson.client == LINK


async def test_the_footer_fits_the_main_keys_at_80_columns(known, app_for) -> None:
    app = app_for(known)
    async with app.run_test(size=SIZE) as pilot:
        await open_lessons(pilot)
        footer = screen_text(app).splitlines()[-1]
        for key in ("n New", "e Edit", "d Delete", "u Undo", "/ Search", "esc Back"):
            assert key in footer, key
        assert isinstance(app.screen.query_one(LessonList), LessonList)


@pytest.mark.parametrize("theme", THEMES)
async def test_every_text_reads_in_every_theme(known, app_for, theme) -> None:
    app = app_for(known, theme=theme)
    async with app.run_test(size=BIG) as pilot:
        screen = await open_lessons(pilot)
        assert app.theme == theme
        assert hard_to_read(screen, needed_in(theme)) == []
        await pilot.press("slash")
        await type_text(pilot, "x")  # the box focused, a search typed, no match
        assert hard_to_read(screen, needed_in(theme)) == []
        await pilot.press("escape", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LessonForm)
        box = form.query_one("#lesson-form")
        assert hard_to_read(form, needed_in(theme), within=box) == []
