"""The risk form: every field of a risk in one modal, checked as it is typed.

Probability and impact take one digit each (a digit typed replaces the one there), the
review date takes what the card dates take (2026-12-01, fri, +2w), and the score and level
follow live. ctrl+s (or Enter outside the longer texts) saves, and is refused while a field
is wrong; Escape backs out. The form dismisses with the fields for `risks.add`/`risks.edit`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pendulum
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from pstui.i18n import N_, _
from pstui.model.card import Card
from pstui.model.dates import DATE_HELP, DateError, parse_due
from pstui.model.risk import (
    CATEGORIES,
    STATUSES,
    Level,
    Risk,
    RiskError,
    RiskKind,
    category_label,
    kind_label,
    level_label,
    level_of,
    response_label,
    responses_for,
    scale_value,
    status_label,
)
from pstui.model.text import printable
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.widgets.form import (
    FORM_CSS,
    Cycle,
    ScaleInput,
    date_hint,
    date_reading,
    field_row,
    fit_to_height,
    form_heading,
    kept_text,
    read_only_fields,
    say,
)
from pstui.ui.widgets.styled import Styled

LEVEL_STYLES = {
    Level.LOW: "$success bold",
    Level.MEDIUM: "$warning bold",
    Level.HIGH: "$error bold",
    Level.CRITICAL: "$error bold reverse",
}
NO_RESPONSE = ("", N_("not chosen yet"))  # the label translated where shown
TEXT_FIELDS = ("title", "owner", "trigger")  # one line each
LONG_FIELDS = ("prevention", "contingency", "description")  # a few lines each
LONG_LABELS = {
    "prevention": N_("Prevention"),
    "contingency": N_("Contingency"),
    "description": N_("Description"),
}
AROUND_FIELDS = 4  # rows of the form around its fields: frame, heading and hint


# Kept here by name for the code that imports them from this module.
__all__ = ["Cycle", "RiskForm", "ScaleInput"]
_field = field_row


class RiskForm(ModalScreen[dict[str, Any] | None], PstuiScreen):
    """Add a risk (no `risk`) or edit `risk`; dismisses with its fields, or None. On a
    read-only store it is opened to be read: nothing saves it."""

    CSS_PATH = [FORM_CSS, "risk_form.tcss"]
    CHANGES = frozenset({"save"})
    AUTO_FOCUS = "#risk-title"
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), id="risk-form-save", tooltip=N_("Save the risk")),
        Binding("enter", "save", N_("Save"), show=False, id="risk-form-enter"),
        Binding("escape", "cancel", N_("Cancel"), id="risk-form-cancel", tooltip=N_("Back out")),
    ]

    def __init__(
        self,
        risk: Risk | None = None,
        *,
        board_id: str = "",
        card_id: str | None = None,
        heading: str = "",
    ) -> None:
        super().__init__()
        self.risk = risk
        self.board_id = risk.board if risk else board_id
        self.card_id = risk.card if risk else card_id  # the card it starts on; None: board
        self.heading = heading or (_("Edit risk") if risk else _("New risk"))
        self._save_tried = False  # a new form does not open by saying its title is missing

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        risk = self.risk
        kind = risk.kind if risk else RiskKind.THREAT
        with Vertical(id="risk-form", classes="form"):
            read_only = self.app.repo.read_only
            yield Label(form_heading(self.heading, read_only=read_only), id="risk-form-heading")
            with VerticalScroll(id="risk-form-fields"):
                yield field_row(_("Title"), self._line("title", placeholder=_("what could happen")))
                yield Label("", id="risk-title-error", classes="problem")
                kinds = [(k.value, kind_label(k)) for k in RiskKind]
                yield field_row(_("Kind"), Cycle(kinds, kind.value, id="risk-kind"))
                categories = [(c, category_label(c)) for c in CATEGORIES]
                category = risk.category if risk else "other"
                yield field_row(_("Category"), Cycle(categories, category, id="risk-category"))
                with Horizontal(classes="field"):
                    yield Label(_("Probability"), classes="field-label")
                    yield self._scale("probability", risk.probability if risk else 3)
                    yield Label(_("Impact"), classes="scale-label")
                    yield self._scale("impact", risk.impact if risk else 3)
                    yield Static(id="risk-score")
                yield Label("", id="risk-scale-error", classes="problem")
                response = risk.response if risk else ""
                yield field_row(
                    _("Response"), Cycle(self._responses(kind), response, id="risk-response")
                )
                statuses = [(s, status_label(s)) for s in STATUSES]
                status = risk.status if risk else "open"
                yield field_row(_("Status"), Cycle(statuses, status, id="risk-status"))
                yield field_row(_("Owner"), self._line("owner", placeholder=_("who watches it")))
                card = Input(
                    self.app.repo.cards.short_id(self.card_id) if self.card_id else "",
                    placeholder=_("a card's id; empty: the whole board"),
                    id="risk-card",
                    select_on_focus=False,
                )
                yield field_row(_("Card"), card)
                yield Label("", id="risk-card-note", classes="note")
                review = Input(
                    printable(risk.review or "") if risk else "",
                    placeholder=_(DATE_HELP),
                    id="risk-review",
                )
                yield field_row(_("Review"), review)
                yield Label("", id="risk-review-note", classes="note")
                yield field_row(
                    _("Trigger"), self._line("trigger", placeholder=_("the sign it is happening"))
                )
                for name in LONG_FIELDS:
                    value = printable(getattr(risk, name), keep_newlines=True) if risk else ""
                    area = TextArea(value, id=f"risk-{name}", soft_wrap=True)
                    yield field_row(_(LONG_LABELS[name]), area)
            hint = _("ctrl+s or Enter saves · Escape backs out · Tab: next field · ←→: choices")
            keys = Label(Text(hint), id="risk-form-hint")
            keys.display = not read_only
            yield keys

    def _shown(self, name: str) -> str:
        """A one-line field as the form first shows it."""
        return printable(getattr(self.risk, name)) if self.risk else ""

    def _line(self, name: str, *, placeholder: str) -> Input:
        return Input(
            self._shown(name), placeholder=placeholder, id=f"risk-{name}", select_on_focus=False
        )

    def _scale(self, name: str, value: int) -> ScaleInput:
        return ScaleInput(str(value), id=f"risk-{name}", classes="scale")

    @staticmethod
    def _responses(kind: RiskKind | str) -> list[tuple[str, str]]:
        none = (NO_RESPONSE[0], _(NO_RESPONSE[1]))
        return [none, *((r, response_label(r)) for r in responses_for(kind))]

    def on_mount(self) -> None:
        self.lay_out()
        self.check()
        if self.app.repo.read_only:
            read_only_fields(self)

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The fields take the height the heading and the hint leave."""
        fit_to_height(self.query_one("#risk-form-fields", VerticalScroll), AROUND_FIELDS, least=4)

    # ----- checking as typed ------------------------------------------------------------------

    @property
    def today(self) -> pendulum.Date:
        return self.app.today

    def problems(self) -> dict[str, str]:
        """What is wrong, by field id; empty when the form can be saved."""
        found: dict[str, str] = {}
        if not self._value("title").strip():
            found["risk-title"] = _("a risk needs a title")
        for name in ("probability", "impact"):
            try:
                scale_value(self._value(name), name)
            except RiskError as err:
                found[f"risk-{name}"] = str(err)
        try:
            parse_due(self._value("review"), self.today)
        except DateError:
            found["risk-review"] = date_hint()
        try:
            self._card()
        except (LookupError, ValueError) as err:
            found["risk-card"] = str(err)
        return found

    def _card(self) -> Card | None:
        """The card typed (its short id, or any unique part of its id); None for none.
        Raises LookupError or ValueError, with what to fix, for any other text."""
        typed = self._value("card").strip()
        if not typed or typed.casefold() in ("board", _("board").casefold()):
            return None
        card = self.app.repo.cards.resolve(typed)
        if card.board != self.board_id:
            raise ValueError(_("that card is on another board"))
        return card

    def _value(self, name: str) -> str:
        return self.query_one(f"#risk-{name}", Input).value

    @on(Input.Changed)
    def check(self) -> None:
        """Say what is wrong under each field, and the score and review date as they stand."""
        problems = self.problems()
        for name in ("title", "probability", "impact", "review", "card"):
            self.query_one(f"#risk-{name}", Input).set_class(f"risk-{name}" in problems, "-problem")
        title_touched = self._save_tried or self._value("title") != self._shown("title")
        self._say("#risk-title-error", problems.get("risk-title", "") if title_touched else "")
        scale = problems.get("risk-probability") or problems.get("risk-impact") or ""
        self._say("#risk-scale-error", scale)
        self.query_one("#risk-score", Static).update(self._score(scale))
        note = self.query_one("#risk-review-note", Label)
        if "risk-review" in problems:
            note.update(Text(problems["risk-review"]))
            note.add_class("-problem")
        else:
            note.update(self._review_reading())
            note.remove_class("-problem")
        card_note = self.query_one("#risk-card-note", Label)
        card_note.set_class("risk-card" in problems, "-problem")
        card_note.update(Text(problems.get("risk-card") or self._card_reading()))

    def _card_reading(self) -> str:
        card = self._card()
        return printable(card.title) if card else _("the whole board")

    def _say(self, selector: str, problem: str) -> None:
        say(self.query_one(selector, Label), problem)

    def _score(self, problem: str) -> Content:
        if problem:
            return Styled(_("score ?"), style="$text-muted").content()
        probability = scale_value(self._value("probability"), "probability")
        impact = scale_value(self._value("impact"), "impact")
        score = probability * impact
        level = level_of(score)
        text = Styled(f"= {score} ", style="bold")
        text.append(f" {level_label(level)} ", style=LEVEL_STYLES[level])
        return text.content()

    def _review_reading(self) -> Content:
        review = parse_due(self._value("review"), self.today)
        return date_reading(review, self.today, none=_("no review date"))

    @on(Cycle.Changed, "#risk-kind")
    def kind_changed(self, event: Cycle.Changed) -> None:
        response = self.query_one("#risk-response", Cycle)
        response.set_choices(self._responses(event.value), response.value)

    # ----- saving -----------------------------------------------------------------------------

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        problems = self.problems()
        if problems:
            self._save_tried = True
            self.check()
            self.app.bell()
            first = next(iter(problems))
            self.query_one(f"#{first}").focus()
            return
        self.dismiss(self.fields())

    def fields(self) -> dict[str, Any]:
        """The form's values as `risks.add` and `risks.edit` take them."""
        values: dict[str, Any] = {name: self._text(name) for name in TEXT_FIELDS + LONG_FIELDS}
        values["title"] = values["title"].strip()
        values["owner"] = values["owner"].strip()
        for name in ("kind", "category", "response", "status"):
            values[name] = self.query_one(f"#risk-{name}", Cycle).value
        for name in ("probability", "impact"):
            values[name] = scale_value(self._value(name), name)
        values["review"] = parse_due(self._value("review"), self.today)
        card = self._card()
        values["card"] = card.id if card else None
        return values

    def _text(self, name: str) -> str:
        """A text field as typed. Control characters are shown in caret form (ESC as ^[):
        a field left as shown keeps the stored text, never that form of it."""
        widget = self.query_one(f"#risk-{name}")
        if isinstance(widget, TextArea):
            typed, long = widget.text.strip(), True
        else:
            assert isinstance(widget, Input)
            typed, long = widget.value, False
        stored = str(getattr(self.risk, name)) if self.risk is not None else None
        return kept_text(typed, stored, long=long)

    def action_cancel(self) -> None:
        self.dismiss(None)
