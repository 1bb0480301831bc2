"""A one-line question in a modal: Enter answers, Escape backs out, as its footer says.

An optional `check` turns the typed text into an error message (or None when fine), so a
date that does not parse is said in place and the dialog stays open. Given the known
`names` (assignees), the prompt completes them as they are typed (right arrow takes the
completion) and Enter takes the one known name the text starts (`priya` -> `Priya Raman`),
so a name typed short never makes a new person; the hint says what Enter will set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from pstui.i18n import N_, _, pgettext
from pstui.ui.screens.once import AnsweredOnce
from pstui.ui.widgets.key_footer import KeyFooter

LISTED_NAMES = 4  # names a hint lists before "..."
QUOTE = '"'  # a name typed in quotes is taken as typed: a new one a known one starts


def names_meant(typed: str, names: Sequence[str]) -> list[str]:
    """The known names `typed` may mean: the one it spells (in any case), else every one
    it starts, or starts a word of (`raman` -> `Priya Raman`)."""
    wanted = typed.strip().casefold()
    if not wanted:
        return []
    folded = [(name, name.casefold()) for name in names]
    spelt = [name for name, fold in folded if fold == wanted]
    if spelt:
        return spelt[:1]
    return [
        name
        for name, fold in folded
        if fold.startswith(wanted) or any(w.startswith(wanted) for w in fold.split())
    ]


def quoted(text: str) -> str | None:
    """The text inside quotes, if `text` is quoted: a name to take as typed."""
    if len(text) > 1 and text.startswith(QUOTE) and text.endswith(QUOTE):
        return text[1:-1].strip()
    return None


def _listed(names: Sequence[str]) -> str:
    comma = pgettext("list separator", ", ")
    shown = comma.join(names[:LISTED_NAMES])
    return shown + (comma + "..." if len(names) > LISTED_NAMES else "")


class TextPrompt(AnsweredOnce[str | None]):
    CSS_PATH = "prompt.tcss"
    BINDINGS = [
        # Before the box's own Enter, which the footer does not show.
        Binding("enter", "answer", N_("OK"), id="prompt-answer", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="prompt-cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        hint: str = "",
        required: bool = False,
        check: Callable[[str], str | None] | None = None,
        names: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint
        self._required = required
        self._check = check
        self._names = list(names)

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self._names, case_sensitive=False) if self._names else None
        with Vertical(id="prompt-box"):
            yield Label(Text(self._title), id="prompt-title")
            yield Input(
                self._value, placeholder=self._placeholder, id="prompt-input", suggester=suggester
            )
            yield Label(Text(self._name_hint(self._value) or self._hint), id="prompt-hint")
            yield Label("", id="prompt-error")
        yield KeyFooter()

    @on(Input.Changed, "#prompt-input")
    def say_the_name_meant(self, event: Input.Changed) -> None:
        if self._names:
            self.query_one("#prompt-hint", Label).update(Text(self._name_hint(event.value)))

    def _name_hint(self, typed: str) -> str:
        """What Enter will set, said as the name is typed; "" without known names."""
        if not self._names:
            return ""
        text = typed.strip()
        if not text:
            return _("Known: {names} (right arrow completes)").format(names=_listed(self._names))
        as_typed = quoted(text)
        if as_typed is not None:
            return _("Enter sets {name} (a new name, as typed)").format(name=as_typed)
        meant = names_meant(text, self._names)
        if len(meant) == 1:
            return _("Enter sets {name}").format(name=meant[0])
        if meant:
            return _("{n} names match: {names}. Type more").format(
                n=len(meant), names=_listed(meant)
            )
        return _("Enter sets {name} (a new name)").format(name=text)

    def action_answer(self) -> None:
        text = self.query_one("#prompt-input", Input).value.strip()
        problem = None
        if self._required and not text:
            problem = _("an answer is needed here (Escape to back out)")
        elif self._check is not None:
            problem = self._check(text)
        elif self._names and text:
            text, problem = self._name_answer(text)
        if problem:
            self.query_one("#prompt-error", Label).update(Text(problem))
            return
        self.dismiss(text)

    def _name_answer(self, text: str) -> tuple[str, str | None]:
        """The name a typed text sets, or why it sets none (it could mean several)."""
        as_typed = quoted(text)
        if as_typed is not None:
            return as_typed, None
        meant = names_meant(text, self._names)
        if len(meant) > 1:
            return text, _(
                "{text} could be {names}: type more of the name, or put it in "
                "quotes to add it as a new one"
            ).format(text=text, names=_listed(meant))
        return (meant[0] if meant else text), None

    def action_cancel(self) -> None:
        self.dismiss(None)
