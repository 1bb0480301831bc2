"""One scale question of a survey response, answered with the number keys.

A digit answers (one outside the scale rings the bell and says the range). On the 0-10 NPS
scale a 1 followed by a 0 within a second is 10, as typing "10" reads; left and right (or -
and +) step the answer by one, Home and End jump to the scale's ends, Backspace clears it.
Moving to the next question is the form's (see ResponseForm): keys that move the focus must
be handled as they arrive, not queued behind the widget that had it.
Each number's meaning and the scale's two anchors are drawn under the question, so that
whoever types a paper survey in knows what a 4 stands for.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from pstui.i18n import N_, _
from pstui.model.survey import RANGES, Question
from pstui.model.text import printable
from pstui.ui.survey_text import anchors_text, scale_name, value_word
from pstui.ui.widgets.styled import Styled

TEN_WITHIN = 1.0  # seconds: on the 0-10 scale, a 0 this soon after a 1 makes 10


class ScaleQuestion(Widget, can_focus=True):
    """Attributes down (`value`, `locked`), `Changed` up."""

    DEFAULT_CSS = """
    ScaleQuestion {
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
        border-left: thick $panel;
        background: $panel;
    }
    ScaleQuestion:focus {
        border-left: thick $accent;
        background: $boost;
    }
    """

    BINDINGS: ClassVar = [
        Binding("left,h,minus", "step(-1)", N_("Less"), show=False, id="scale-less"),
        Binding("right,l,plus", "step(1)", N_("More"), show=False, id="scale-more"),
        Binding("home", "edge(-1)", N_("Lowest"), show=False, id="scale-lowest"),
        Binding("end", "edge(1)", N_("Highest"), show=False, id="scale-highest"),
        Binding("backspace,delete", "clear", N_("Clear"), show=False, id="scale-clear"),
    ]

    @dataclass
    class Changed(Message):
        question: ScaleQuestion

        @property
        def control(self) -> ScaleQuestion:
            return self.question

    def __init__(
        self,
        question: Question,
        number: int,
        total: int,
        value: int | None = None,
        *,
        locked: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.question = question
        self.number, self.total = number, total
        self.span = RANGES[question.scale]
        self.value = value
        # A saved answer of a resumed response: it can be changed, not cleared.
        self.locked = locked and value is not None
        self.read_only = False  # shows its answer, changes it not (a bell says so)
        self.problem = ""
        self._one_at: float | None = None  # when a 1 was typed on the 0-10 scale

    # ----- answering --------------------------------------------------------------------------

    def set_value(self, value: int | None) -> None:
        self.problem = ""
        if self.read_only:
            self.app.bell()
        elif value is None and self.locked:
            self.problem = _("a saved answer can be changed, not cleared")
            self.app.bell()
        elif value != self.value:
            self.value = value
            self.post_message(self.Changed(self))
        self.refresh(layout=True)

    def type_digit(self, digit: int) -> None:
        now = time.monotonic()
        one_at, self._one_at = self._one_at, None
        if digit == 0 and self.value == 1 and one_at is not None and now - one_at <= TEN_WITHIN:
            self.set_value(10)  # "1" then "0": ten, on the only scale that has it
            return
        if digit not in self.span:
            self.problem = _("{digit} is not on this scale: {low} to {high}").format(
                digit=digit, low=self.span[0], high=self.span[-1]
            )
            self.app.bell()
            self.refresh(layout=True)
            return
        if digit == 1 and 10 in self.span:
            self._one_at = now
        self.set_value(digit)

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is not None and len(char) == 1 and char in "0123456789":
            event.stop()
            event.prevent_default()
            self.type_digit(int(char))

    def action_step(self, step: int) -> None:
        if self.value is None:
            self.set_value(self.span[0] if step > 0 else self.span[-1])
        else:
            self.set_value(max(self.span[0], min(self.span[-1], self.value + step)))

    def action_edge(self, step: int) -> None:
        self.set_value(self.span[0] if step < 0 else self.span[-1])

    def action_clear(self) -> None:
        self.set_value(None)

    def on_blur(self) -> None:
        self._one_at = None
        if self.problem:
            self.problem = ""
            self.refresh(layout=True)

    # ----- drawing ----------------------------------------------------------------------------

    def render(self) -> Content:
        question = self.question
        text = Styled(f" {self.number}/{self.total} ", style="bold")
        text.append(f"{scale_name(question.scale)}  ", style="$text-muted")
        text.append(printable(question.text) + "\n")
        text.append("   ")
        for value in self.span:
            if value == self.value:
                text.append(f"[{value}]", style="bold reverse")
            else:
                text.append(f" {value} ", style="$text-muted")
            text.append(" ")
        text.append("  ")
        if self.problem:
            text.append(self.problem, style="$error bold")
        elif self.value is None:
            text.append(_("not answered"), style="italic")
        else:
            text.append(f"{self.value} {value_word(question.scale, self.value)}", style="bold")
        text.append("\n   " + anchors_text(question.scale), style="$text-muted")
        return text.content()
