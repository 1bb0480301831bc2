"""The lesson form: a knowledge base entry in one modal, checked as it is typed.

Title, kind (lesson, FAQ, know-how), tags (completed from the tags in use), client, the card
it came from (its short id; optional) and the text. ctrl+s (or Enter in a one-line field)
saves; Escape backs out, asking first when something was edited. The form dismisses with the
fields for `lessons.add` (with `card`) or `lessons.edit` (without: a lesson keeps its card).

Tab, shift+Tab and Enter are the form's priority keys: they act as each key arrives, so a
word typed fast behind a Tab goes to the next field, not into the one it left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from pstui.i18n import N_, _
from pstui.model.card import Card
from pstui.model.lesson import Lesson, LessonKind, kind_label
from pstui.model.text import printable
from pstui.ui.screens.unsaved import ask_to_drop
from pstui.ui.widgets.form import (
    FORM_CSS,
    Cycle,
    LastWordSuggester,
    field_row,
    field_values,
    kept_text,
    line_input,
    say,
)
from pstui.ui.widgets.lesson_list import tags_text

if TYPE_CHECKING:
    from pstui.ui.app import PstuiApp


def kind_choices() -> list[tuple[str, str]]:
    """The kinds the form offers: (stored value, label in the interface language)."""
    return [(kind.value, kind_label(kind)) for kind in LessonKind]


def parse_tags(typed: str) -> list[str]:
    """Tags as typed: separated by spaces or commas, a leading # optional."""
    return [tag.lstrip("#") for tag in typed.replace(",", " ").split() if tag.lstrip("#")]


class LessonForm(ModalScreen[dict[str, Any] | None]):
    """Write a lesson (no `lesson`; from `card_id` and `retro_id` if given) or edit one."""

    CSS_PATH = [FORM_CSS, "lesson_form.tcss"]
    AUTO_FOCUS = "#lesson-title"
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="lesson-form-save", tooltip=N_("Save the lesson")),
        Binding("escape", "cancel", N_("Cancel"), id="lesson-form-cancel", tooltip=N_("Back out")),
        # Keys that move the focus (or close the form) are the form's, and priority ones: the
        # app runs them as each key arrives. Textual's own (the app's Tab, an Input's Enter)
        # run once the keys typed fast behind them have been sent to the field they leave.
        Binding(
            "tab",
            "next_field",
            N_("Next"),
            show=False,
            priority=True,
            id="lesson-form-next",
            tooltip=N_("The next field"),
        ),
        Binding(
            "shift+tab",
            "previous_field",
            N_("Previous"),
            show=False,
            priority=True,
            id="lesson-form-previous",
            tooltip=N_("The field before"),
        ),
        Binding(
            "enter",
            "enter",
            N_("Save"),
            show=False,
            priority=True,
            id="lesson-form-enter",
            tooltip=N_("In a one-line field, save the lesson (in the text: a new line)"),
        ),
    ]

    if TYPE_CHECKING:

        @property
        def app(self) -> PstuiApp: ...

    def __init__(
        self,
        lesson: Lesson | None = None,
        *,
        card_id: str | None = None,
        retro_id: str | None = None,
        text: str = "",
        heading: str = "",
    ) -> None:
        super().__init__()
        self.lesson = lesson
        self.card_id = lesson.card if lesson else card_id
        self.retro_id = lesson.retro if lesson else retro_id
        self.first_text = text  # a new lesson's text to start from (a retrospective's)
        self.heading = heading or (_("Edit lesson") if lesson else _("New lesson"))
        self._save_tried = False
        self._opened_with: dict[str, str] = {}

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        repo = self.app.repo
        card = self._start_card()
        with Vertical(id="lesson-form", classes="form"):
            yield Label(Text(self.heading), id="lesson-form-heading")
            with VerticalScroll(id="lesson-form-fields"):
                title = line_input(
                    lesson.title if lesson else "",
                    id="lesson-title",
                    placeholder=_("what was learned"),
                )
                yield field_row(_("Title"), title)
                yield Label("", id="lesson-title-error", classes="problem")
                kind = lesson.kind.value if lesson else LessonKind.LESSON.value
                yield field_row(_("Kind"), Cycle(kind_choices(), kind, id="lesson-kind"))
                tags = Input(
                    tags_text(lesson.tags) if lesson else "",
                    placeholder=_("#tags separated by spaces"),
                    id="lesson-tags",
                    select_on_focus=False,
                    suggester=LastWordSuggester(repo.lessons.tags(), prefix="#"),
                )
                yield field_row(_("Tags"), tags)
                client = lesson.client if lesson else (card.client if card else "")
                yield field_row(
                    _("Client"),
                    line_input(client, id="lesson-client", placeholder=_("who it was for")),
                )
                if lesson is None:
                    yield field_row(_("Card"), self._card_input(card))
                    yield Label("", id="lesson-card-note", classes="note")
                else:  # a lesson keeps the card it was written from
                    yield field_row(
                        _("Card"), Label(Text(self._kept_card(card)), id="lesson-card-kept")
                    )
                text = lesson.text if lesson else self.first_text
                area = TextArea(
                    printable(text, keep_newlines=True), id="lesson-text", soft_wrap=True
                )
                yield field_row(_("Text"), area)
            yield Label(
                Text(_("ctrl+s saves · Escape backs out · Tab: next field · ←→: kind")),
                id="lesson-form-hint",
            )

    def _start_card(self) -> Card | None:
        repo = self.app.repo
        if self.card_id and repo.cards.has(self.card_id):
            return repo.cards.get(self.card_id)
        return None

    def _card_input(self, card: Card | None) -> Input:
        shown = self.app.repo.cards.short_id(card.id) if card else (self.card_id or "")
        return Input(
            shown, placeholder=_("a card's id (optional)"), id="lesson-card", select_on_focus=False
        )

    def _kept_card(self, card: Card | None) -> str:
        if card is None:
            if not self.card_id:
                return _("none (kept from when it was written)")
            return _("a card no longer here (kept from when it was written)")
        label = printable(self.app.repo.cards.label(card))
        return _("{card} (kept from when it was written)").format(card=label)

    def on_mount(self) -> None:
        self.check()
        self._opened_with = field_values(self)

    # ----- checking as typed ------------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#lesson-{name}", Input).value

    def problems(self) -> dict[str, str]:
        """What is wrong, by field id; empty when the form can be saved."""
        found: dict[str, str] = {}
        if not self._value("title").strip():
            found["lesson-title"] = _("a lesson needs a title")
        if self.lesson is None:
            try:
                self._card()
            except (LookupError, ValueError) as err:
                found["lesson-card"] = str(err)
        return found

    def _card(self) -> Card | None:
        """The card typed (a short id or any unique part of an id); None for none. Raises
        LookupError or ValueError, with what to fix, for any other text."""
        typed = self._value("card").strip()
        if not typed:
            return None
        return self.app.repo.cards.resolve(typed)

    @on(Input.Changed)
    def check(self) -> None:
        problems = self.problems()
        for box in self.query("#lesson-title, #lesson-card").results(Input):
            box.set_class(box.id in problems, "-problem")
        title_touched = self._save_tried or self._value("title") != self._opened_with.get(
            "lesson-title", ""
        )
        problem = problems.get("lesson-title", "") if title_touched else ""
        say(self.query_one("#lesson-title-error", Label), problem)
        if self.lesson is None:
            note = self.query_one("#lesson-card-note", Label)
            note.set_class("lesson-card" in problems, "-problem")
            note.update(Text(problems.get("lesson-card") or self._card_reading()))

    def _card_reading(self) -> str:
        card = self._card()
        if card is None:
            return _("none: a lesson of its own")
        client = (
            " · " + _("client {client}").format(client=printable(card.client))
            if card.client
            else ""
        )
        return f"{printable(card.title)}{client}"

    @property
    def edited(self) -> bool:
        return field_values(self) != self._opened_with

    # ----- saving -----------------------------------------------------------------------------

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_enter(self) -> None:
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()  # a new line in the text; the kind's own key
        # Saved once the keys typed before Enter, already sent to the field, are in it; the
        # keys typed after it are not (an Input's own Enter would save after them).
        focused.call_later(self.action_save)

    def action_save(self) -> None:
        problems = self.problems()
        if problems:
            self._save_tried = True
            self.check()
            self.app.bell()
            self.query_one(f"#{next(iter(problems))}").focus()
            return
        self.dismiss(self.fields())

    def fields(self) -> dict[str, Any]:
        """The form's values as `lessons.add` (with card and retro) or `lessons.edit` take
        them."""
        lesson = self.lesson
        values: dict[str, Any] = {
            "title": kept_text(self._value("title"), lesson.title if lesson else None).strip(),
            "kind": self.query_one("#lesson-kind", Cycle).value,
            "tags": self._tags(),
            "client": kept_text(self._value("client"), lesson.client if lesson else None).strip(),
            "text": kept_text(
                self.query_one("#lesson-text", TextArea).text.strip(),
                lesson.text if lesson else None,
                long=True,
            ),
        }
        if lesson is None:
            card = self._card()
            values["card"] = card.id if card else None
            values["retro"] = self.retro_id if card and card.id == self.card_id else None
            values["client"] = values["client"] or None  # None: the card's client
        return values

    def _tags(self) -> list[str]:
        typed = self._value("tags")
        if self.lesson is not None and typed == tags_text(self.lesson.tags):
            return list(self.lesson.tags)  # as shown: kept as stored (see kept_text)
        return parse_tags(typed)

    def action_cancel(self) -> None:
        if not self.edited:
            self.dismiss(None)
            return

        ask_to_drop(
            self.app, _("the lesson"), save=self.action_save, drop=lambda: self.dismiss(None)
        )
