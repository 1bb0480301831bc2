"""The pieces every pstui form is made of: a labelled row, a choice changed in place, a digit
that replaces the one there, a date as people type it, and user text kept as stored.

The rows' look (label column, problem and note lines) is in `form.tcss`, which a form screen
lists in its CSS_PATH (`FORM_CSS`); `Cycle` carries its own, as a self-contained widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pendulum
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from pstui.i18n import CHINESE, N_, _, language
from pstui.model.dates import DATE_HELP, DateError, humanize_due, parse_due
from pstui.model.text import printable
from pstui.ui.widgets.scale_question import ScaleQuestion
from pstui.ui.widgets.styled import Styled

FORM_CSS = Path(__file__).with_name("form.tcss")  # for a form screen's CSS_PATH


class Cycle(Widget, can_focus=True):
    """One of a few words, changed in place: right or space to the next, left to the one
    before, a letter to the next that starts with it."""

    DEFAULT_CSS = """
    Cycle {
        width: 1fr;
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    Cycle:focus {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    BINDINGS: ClassVar = [
        Binding("right,space", "step(1)", N_("Next"), show=False, id="choice-next"),
        Binding("left", "step(-1)", N_("Previous"), show=False, id="choice-previous"),
    ]

    @dataclass
    class Changed(Message):
        cycle: Cycle
        value: str

        @property
        def control(self) -> Cycle:
            return self.cycle

    def __init__(self, choices: Sequence[tuple[str, str]], value: str, *, id: str) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.index = self._index_of(value)
        self.read_only = False  # shows its choice, changes it not (a bell says so)

    def _index_of(self, value: str) -> int:
        keys = [key for key, _label in self.choices]
        return keys.index(value) if value in keys else 0

    @property
    def value(self) -> str:
        return self.choices[self.index][0]

    def set_choices(self, choices: Sequence[tuple[str, str]], value: str) -> None:
        """Offer `choices`, keeping `value` if it is one of them (else the first)."""
        self.choices = list(choices)
        self.index = self._index_of(value)
        self.refresh()

    def select(self, index: int) -> None:
        index %= len(self.choices)
        if self.read_only:
            self.app.bell()
        elif index != self.index:
            self.index = index
            self.refresh()
            self.post_message(self.Changed(self, self.value))

    def action_step(self, step: int) -> None:
        self.select(self.index + step)

    def on_key(self, event: events.Key) -> None:
        letter = (event.character or "").casefold()
        if not letter.isalpha():
            return
        count = len(self.choices)
        for offset in range(1, count + 1):
            n = (self.index + offset) % count
            key, label = self.choices[n]
            # The label as shown, or the stored word: a Chinese label starts with no letter.
            if label.casefold().startswith(letter) or key.casefold().startswith(letter):
                event.stop()
                self.select(n)
                return

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Content:
        # Focused, it is drawn in the cursor's colours: muted text would not read on them.
        muted = "" if self.has_focus else "$text-muted"
        text = Styled("< ", style=muted)
        text.append(self.choices[self.index][1], style="bold")
        text.append(" >", style=muted)
        text.append(f"  {self.index + 1}/{len(self.choices)}", style=muted)
        return text.content()


class ScaleInput(Input):
    """A value of one digit: a digit typed replaces the one there (no need to delete it)."""

    def insert_text_at_cursor(self, text: str) -> None:
        if len(text) == 1 and text.isdigit():
            self.replace(text, 0, len(self.value))  # as any edit: `restrict` may refuse it
        else:
            super().insert_text_at_cursor(text)


# Textual's Input has no read-only mode; every edit goes through `restrict`, and a pattern no
# text matches refuses them all (with a bell).
_NO_EDIT = r"(?!)"


def read_only_fields(root: Widget) -> None:
    """Every field under `root` shows its value and can be moved through and scrolled, but
    not changed: the form shows a record of a store that cannot be written."""
    for widget in root.query("Input, TextArea, Cycle, ScaleQuestion"):
        if isinstance(widget, Input):
            widget.restrict = _NO_EDIT
        elif isinstance(widget, TextArea | Cycle | ScaleQuestion):
            widget.read_only = True


def form_heading(heading: str, *, read_only: bool) -> Text:
    """A form's heading; on a read-only store it says so first (the heading may be cut):
    the form is opened to be read."""
    if not read_only:
        return Text(heading)
    return Text.assemble((_("READ-ONLY"), "bold"), "  ", heading)


def field_row(label: str, *widgets: Widget, id: str | None = None) -> Horizontal:
    """A form row: the field's name in the label column, then its widgets."""
    return Horizontal(Label(label, classes="field-label"), *widgets, classes="field", id=id)


def line_input(value: str, *, id: str, placeholder: str = "", classes: str = "") -> Input:
    """A one-line text field showing `value` literally (control characters in caret form)."""
    return Input(
        printable(value), placeholder=placeholder, id=id, classes=classes, select_on_focus=False
    )


def kept_text(typed: str, stored: str | None, *, long: bool = False) -> str:
    """A text field as typed. Control characters are shown in caret form (ESC as ^[): a field
    left as shown keeps the stored text, never that form of it."""
    if stored is not None:
        shown = printable(stored, keep_newlines=long)
        if typed == (shown.strip() if long else shown) and shown != stored:
            return stored
    return typed


def field_values(root: Widget) -> dict[str, str]:
    """What every field under `root` holds now, by id: a form compares it with what it held
    when it opened to know whether anything was edited."""
    values: dict[str, str] = {}
    for widget in root.query("Input, TextArea, Cycle"):
        if isinstance(widget, Input):
            values[widget.id or ""] = widget.value
        elif isinstance(widget, TextArea):
            values[widget.id or ""] = widget.text
        elif isinstance(widget, Cycle):
            values[widget.id or ""] = widget.value
    return values


class LastWordSuggester(Suggester):
    """Completes the last word typed from `words` (most wanted first): tags, names."""

    def __init__(self, words: list[str], *, prefix: str = "") -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.words = words
        self.prefix = prefix  # typed before a word and kept: "#" for tags

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value[-1].isspace():
            return None
        head, _space, last = value.rpartition(" ")
        bare = last.removeprefix(self.prefix).casefold()
        if not bare:
            return None
        for word in self.words:
            if word.casefold().startswith(bare) and word.casefold() != bare:
                kept = last[: len(last) - len(last.removeprefix(self.prefix))]
                return f"{head} {kept}{word}".lstrip() if head else f"{kept}{word}"
        return None


def say(label: Label, problem: str) -> None:
    """Show `problem` under a field, or hide the line when there is none."""
    label.update(Text(problem))
    label.display = bool(problem)


# ----- dates -------------------------------------------------------------------------------------


def date_problem(typed: str, today: pendulum.Date) -> str:
    """What is wrong with a typed date ('' when it is one, or empty)."""
    try:
        parse_due(typed, today)
    except DateError:
        return date_hint()
    return ""


def date_hint() -> str:
    """What a field says under a date that is not one."""
    return _("not a date: try {help}").format(help=_(DATE_HELP))


def date_reading(day: str | None, today: pendulum.Date, *, none: str = "") -> Content:
    """A date as people read it: '2026-12-01, Tuesday (in 1 week)'; `none` (translated),
    or 'no date', for no date. Unstyled: the note it goes in is muted by its CSS (a
    `$text-muted` Content style would draw it solid)."""
    if day is None:
        return Content(none or _("no date"))
    date = pendulum.Date.fromisoformat(day)
    weekday = date.format("dddd", locale="zh" if language() == CHINESE else "en")
    return Content(
        _("{day}, {weekday} ({due})").format(day=day, weekday=weekday, due=humanize_due(day, today))
    )


# ----- numbers -----------------------------------------------------------------------------------


def read_amount(typed: str) -> float | None:
    """An amount of money as typed ('120000', '120,000', '1 250.50'); None for an empty one.
    Raises ValueError, saying what to type, for anything else or a negative amount."""
    cleaned = typed.replace(",", "").replace("_", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(_("not an amount: try 120000 or 120,000.50")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(_("not an amount: try 120000 or 120,000.50"))
    if value < 0:
        raise ValueError(_("an amount cannot be negative"))
    return value


def amount_text(value: float | None) -> str:
    """An amount as the form shows it: whole numbers without a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def fit_to_height(scroll: Widget, around: int, least: int) -> None:
    """Let `scroll` take the rows its screen leaves (`around` rows go to what surrounds it),
    at least `least`: Textual does not shrink a scrolling part to fit its box, and on a short
    terminal it pushed what follows it (a verdict, a hint) out of sight."""
    screen = scroll.screen
    height = screen.size.height or screen.app.size.height
    scroll.styles.max_height = max(least, height - around)
