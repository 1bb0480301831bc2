"""The knowledge base: every lesson, FAQ and piece of know-how across every board (or one
card's), searched as you type, with the lesson under the cursor in full below the list.

The search box filters on every key (words that must all appear, `#tag`, `kind:faq`); the
list is drawn with the Line API and refilled in place (`LessonList`), the preview is one
Static updated in place: a key typed costs one pass over the lessons' folded text, which the
repository keeps per change of the table, and a screenful of lines.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from pstui.i18n import N_, _, ngettext
from pstui.model.lesson import Lesson, kind_label
from pstui.model.text import fit, printable
from pstui.store.errors import StoreError
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.lesson_form import LessonForm
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.lesson_list import LessonList, tags_text
from pstui.ui.widgets.styled import Styled

SEARCH_HELP = N_("search: words, #tag, kind:faq · ↓↑ results · Enter: the list · Esc: clear")


class LessonsScreen(PstuiScreen):
    """The knowledge base across every board; with `card_id`, the lessons of that card."""

    CSS_PATH = "lessons.tcss"
    CHANGES = frozenset({"add", "edit", "delete", "undo"})  # the list shows a lesson whole
    AUTO_FOCUS = "#lesson-list"
    BINDINGS: ClassVar = [
        Binding("n", "add", N_("New"), id="lesson-add", tooltip=N_("Write a new lesson")),
        Binding("e,enter", "edit", N_("Edit"), id="lesson-edit", tooltip=N_("Edit the lesson")),
        Binding(
            "d,delete",
            "delete",
            N_("Delete"),
            id="lesson-delete",
            tooltip=N_("Delete the lesson (asks)"),
        ),
        Binding(
            "u,ctrl+z", "undo", N_("Undo"), id="lessons-undo", tooltip=N_("Undo the last change")
        ),
        Binding(
            "slash",
            "search",
            N_("Search"),
            id="lessons-search",
            tooltip=N_("Search: words (all of them), #tag, kind:faq or kind:know-how"),
        ),
        Binding(
            "escape",
            "back",
            N_("Back"),
            id="lessons-back",
            tooltip=N_("Clear the search; with none, go back"),
        ),
        # From the search box too: the list's own keys are for when it has the focus.
        Binding("down", "list_cursor(1)", N_("Down"), show=False, id="lessons-down"),
        Binding("up", "list_cursor(-1)", N_("Up"), show=False, id="lessons-up"),
        Binding("pagedown", "list_page(1)", N_("Page down"), show=False, id="lessons-page-down"),
        Binding("pageup", "list_page(-1)", N_("Page up"), show=False, id="lessons-page-up"),
    ]

    def __init__(self, card_id: str | None = None) -> None:
        super().__init__()
        self.card_id = card_id
        self.typed = ""  # the search as typed
        # Why the lessons cannot be read (a record pstui cannot read), None when they can:
        # said in the list and the title for as long as it lasts, and by n, e and d.
        self.unreadable: str | None = None
        self._total: tuple[int, int] = (-1, 0)  # (lessons version, lessons in scope)

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        yield Static(id="lessons-title")
        yield Input(placeholder=_(SEARCH_HELP), id="lesson-search", select_on_focus=False)
        with Vertical(id="lessons-body"):
            yield LessonList(
                repo.cards.short_id,
                self.app.today,
                moved=lambda: self.show_current(),
                id="lesson-list",
            )
            with VerticalScroll(id="lesson-preview"):
                yield Static(id="lesson-preview-head")
                yield Static(id="lesson-preview-facts")
                yield Static(id="lesson-preview-text")
        yield KeyFooter()

    @property
    def lesson_list(self) -> LessonList:
        return self.query_one("#lesson-list", LessonList)

    @property
    def search_box(self) -> Input:
        return self.query_one("#lesson-search", Input)

    def on_mount(self) -> None:
        self.show_changes()

    # ----- data down --------------------------------------------------------------------------

    def show_changes(self, keep: str | None = None) -> None:
        self.show_matches(keep)

    def show_matches(self, keep: str | None = None, *, to_top: bool = False) -> None:
        """The lessons matching the search in the list (the cursor on `keep`, or on the
        first with `to_top`), the count in the title line, the lesson under the cursor in
        the preview."""
        repo = self.app.repo
        try:
            lessons = repo.lessons.search(self.typed, card=self.card_id)
            self.unreadable = None
        except StoreError as err:  # a lesson record pstui cannot read: say so, show none
            if err.message != self.unreadable:
                self.app.notify(err.message, title=_("Cannot read the lessons"), severity="error")
            self.unreadable = err.message
            lessons = []
        table = self.lesson_list
        table.card_width = max(4, repo.cards.short_id_length)
        if to_top and lessons:
            keep = lessons[0].id
        problem = self.unreadable is not None
        table.set_rows(lessons, keep=keep, empty=self._empty_text(), problem=problem)
        self.show_title(len(lessons))
        self.show_current()

    def _empty_text(self) -> str:
        if self.unreadable is not None:
            return _("The lessons cannot be read: {problem}").format(problem=self.unreadable)
        if self.typed.strip():
            return _("No lesson matches the search: Escape clears it.")
        if self.card_id is not None:
            return _("No lessons from this card yet: n writes one.")
        return _("No lessons yet: n writes one.")

    def _in_scope(self) -> int:
        """How many lessons the screen covers, the search apart (counted once per change)."""
        lessons = self.app.repo.lessons
        version, total = self._total
        if version != lessons.version:
            try:
                total = len(lessons.search(card=self.card_id))
            except StoreError:  # said by show_matches
                total = 0
            self._total = (lessons.version, total)
        return total

    def show_title(self, shown: int) -> None:
        title = Styled(f" {_('Lessons')} ", style="$accent bold reverse")
        title.append(" " + self._scope_name(), style="bold")
        total = self._in_scope()
        if self.unreadable is not None:
            title.append("  " + _("the lessons cannot be read (see below)"), style="$error bold")
        elif self.typed.strip():
            matched = _("{shown} of {total} match").format(shown=shown, total=total)
            title.append(f"  {matched}", style="bold")
        else:
            title.append("  " + ngettext("{n} lesson", "{n} lessons", total).format(n=total))
        if self.app.repo.read_only:
            title.append("  " + _("READ-ONLY"), style="bold")
        self.query_one("#lessons-title", Static).update(title.content(), layout=False)

    def _scope_name(self) -> str:
        if self.card_id is None:
            return _("knowledge base, every board")
        repo = self.app.repo
        short = repo.cards.short_id(self.card_id)
        title = repo.cards.get(self.card_id).title if repo.cards.has(self.card_id) else "?"
        return _("of {card} {title}").format(card=short, title=fit(printable(title), 40, pad=False))

    def show_current(self) -> None:
        """The lesson under the cursor, in full, in the preview: its title and tags, where it
        came from (in muted text, the values in the text colour), and its text."""
        lesson = self.lesson_list.current
        head = self.query_one("#lesson-preview-head", Static)
        facts = self.query_one("#lesson-preview-facts", Static)
        body = self.query_one("#lesson-preview-text", Static)
        if lesson is None:
            head.update(Content())
            if self.unreadable is not None:
                facts.update(
                    Styled(
                        _("Nothing can be shown or changed here until that record is fixed."),
                        style="$error bold",
                    ).content()
                )
            else:
                facts.update(Content(_("No lesson under the cursor.")))
            body.update(Content())
        else:
            head.update(self._heading(lesson))
            facts.update(self._facts_line(lesson))
            body.update(Content(printable(lesson.text, keep_newlines=True) or _("(no text)")))
        body.set_class(lesson is None or not lesson.text, "-empty")
        self.query_one("#lesson-preview", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _heading(lesson: Lesson) -> Content:
        text = Styled(printable(lesson.title) + "\n", style="bold")
        text.append(kind_label(lesson.kind), style="$accent bold")
        if lesson.tags:
            text.append("  " + tags_text(lesson.tags), style="$secondary")
        return text.content()

    def _facts_line(self, lesson: Lesson) -> Content:
        """Where it came from, then who wrote it when: 'client Acme · card AB12 Title' over
        'written 2026-11-03 by ana'. The labels take the Static's muted colour."""
        text = Styled()
        for n, line in enumerate((self._source(lesson), self._written(lesson))):
            text.append("\n" if n else "")
            for m, (label, value) in enumerate(line):
                text.append(f"{' · ' if m else ''}{label} ")
                text.append(value, style="$foreground")
        return text.content()

    def _source(self, lesson: Lesson) -> list[tuple[str, str]]:
        repo = self.app.repo
        facts = [(_("client"), printable(lesson.client) or "-")]
        if lesson.card:
            label = repo.cards.label_of(lesson.card) or _("{card} (no longer here)").format(
                card=lesson.card[-6:]
            )
            facts.append((_("card"), printable(label)))
        return facts

    def _written(self, lesson: Lesson) -> list[tuple[str, str]]:
        written = _("{day} by {by}").format(
            day=lesson.created_at[:10], by=printable(lesson.by) or "?"
        )
        facts = [(_("written"), written)]
        if lesson.retro:
            try:
                held = self.app.repo.retros.get(lesson.retro).held_on
                facts.append((_("from the retrospective"), _("held {day}").format(day=held)))
            except KeyError:
                facts.append((_("from a retrospective"), _("no longer here")))
        return facts

    # ----- the search -------------------------------------------------------------------------

    @on(Input.Changed, "#lesson-search")
    async def search_changed(self, event: Input.Changed) -> None:
        self.typed = event.value
        self.show_matches(to_top=True)
        # Let the list ask for its repaint before the screen goes idle: the box's new text
        # and the list are then drawn in one frame.
        await asyncio.sleep(0)

    @on(Input.Submitted, "#lesson-search")
    def search_kept(self) -> None:
        self.lesson_list.focus()

    def action_search(self) -> None:
        self.search_box.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing in the list goes to the search box: the keys the screen binds apart."""
        if not event.is_printable or event.character is None:
            return
        box = self.search_box
        if self.focused is box:
            # The box types every printable key it is sent, so this one was sent to the list
            # before the search took the focus (a word typed fast): it belongs in the box
            # too, not to the list's keys (`e` edits).
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)
            return
        if self.focused is not self.lesson_list or event.key in self.active_bindings:
            return
        event.stop()
        self.set_focus(box)  # now, not after the keys already sent, as `focus()` would
        box.insert_text_at_cursor(event.character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search box, / is typed: the footer does not offer it there.
        if action == "search" and self.is_mounted:
            return self.focused is not self.search_box
        return super().check_action(action, parameters)

    def action_list_cursor(self, step: int) -> None:
        self.lesson_list.action_cursor(step)

    def action_list_page(self, step: int) -> None:
        self.lesson_list.action_page(step)

    def action_back(self) -> None:
        """Escape: clear the search if there is one; else back where the user came from."""
        if self.typed:
            box = self.search_box
            with box.prevent(Input.Changed):
                box.value = ""
            self.typed = ""
            self.lesson_list.focus()
            self.show_matches()
            return
        self.dismiss_all()

    # ----- store commands ---------------------------------------------------------------------

    def _refused(self) -> bool:
        """Whether the lessons cannot be read: then said at once, before any form."""
        if self.unreadable is None:
            return False
        self.app.notify(self.unreadable, title=_("The lessons cannot be read"), severity="error")
        return True

    def _lesson_or_say(self) -> Lesson | None:
        if self._refused():
            return None
        lesson = self.lesson_list.current
        if lesson is None:
            self.app.notify(_("No lesson here: n writes one."), severity="warning")
        return lesson

    def _label(self, lesson: Lesson) -> str:
        return printable(self.app.repo.lessons.label(lesson))

    def action_add(self) -> None:
        if self._refused():
            return
        repo = self.app.repo

        def written(fields: dict[str, object] | None) -> None:
            if fields is None:
                return
            values = dict(fields)
            title = str(values.pop("title"))
            done = self.attempt(lambda: repo.lessons.add(title, **values))  # type: ignore[arg-type]
            if done:
                lesson = done.made
                self.show_changes(keep=lesson.id)
                if self.lesson_list.current_id != lesson.id:
                    self.app.notify(
                        _("Wrote {lesson}; the search hides it.").format(
                            lesson=self._label(lesson)
                        ),
                        severity="warning",
                    )

        heading = _("New lesson")
        if self.card_id is not None:
            heading = _("New lesson from {card}").format(
                card=printable(repo.cards.label_of(self.card_id) or "?")
            )
        self.app.push_screen(LessonForm(card_id=self.card_id, heading=heading), written)

    def action_edit(self) -> None:
        lesson = self._lesson_or_say()
        if lesson is None:
            return

        def edited(fields: dict[str, object] | None) -> None:
            if fields is not None:
                self.attempt(
                    lambda: self.app.repo.lessons.edit(lesson.id, **fields), keep=lesson.id
                )

        form = LessonForm(lesson, heading=_("Edit {item}").format(item=self._label(lesson)))
        self.app.push_screen(form, edited)

    def action_delete(self) -> None:
        lesson = self._lesson_or_say()
        if lesson is not None:
            self.confirm(
                _("Delete {item}?").format(item=self._label(lesson)),
                _("Yes, delete it (u undoes)"),
                lambda: self.attempt(lambda: self.app.repo.lessons.delete(lesson.id)),
            )
