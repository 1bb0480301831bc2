"""The surveys screen's two tables, drawn with the Line API (a board holds a thousand surveys):
the surveys themselves, newest first, with their status in words and their own scores; and
the scores grouped by card, client or month, each beside its number of responses and its
response rate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import pendulum

from pstui.i18n import N_, _, pgettext
from pstui.model.survey import Response, Scores, Status, Survey, scores_of, status_label
from pstui.model.text import printable
from pstui.store.surveys import Group
from pstui.ui.survey_text import ces_text, csat_text, nps_text
from pstui.ui.widgets.line_table import Column, LineTable, fitted, table_bindings

WIDE_TABLE = 110  # from this width dates are written whole and names get more room


@dataclass
class SurveyRow:
    """A survey as its table line shows it, made once per change of the surveys; its own
    scores are worked out when the row is first drawn (a screenful, not a thousand)."""

    survey: Survey
    status: Status
    responses: list[Response]

    @property
    def id(self) -> str:
        return self.survey.id

    @cached_property
    def scores(self) -> Scores:
        return scores_of(self.responses)

    @property
    def answered(self) -> int:
        """Complete responses."""
        return sum(r.complete for r in self.responses)


def survey_columns(width: int, id_width: int, *, with_card: bool) -> tuple[Column, ...]:
    """The columns for `width` cells; one card's table has no card column, and the contact
    takes the room the card would."""
    wide = width >= WIDE_TABLE
    card = [Column("card", _("Card"), 0)] if with_card else []
    contact = (18 if wide else 12) if with_card else 0
    # "N" (the complete responses, where a word has no room) reads the same in every language.
    answers = pgettext("column", "Answers") if wide else "N"
    return fitted(
        [
            Column("id", _("Id"), max(id_width, 2)),
            Column("status", _("Status"), 8),
            *card,
            Column("contact", _("Contact"), contact),
            Column("sent", _("Sent"), 10 if wide else 5),
            Column("due", pgettext("column", "Due"), 11 if wide else 6),
            Column("csat", "CSAT", 4, right=True),
            Column("nps", "NPS", 4, right=True),
            Column("ces", "CES", 3, right=True),
            Column("answered", answers, 7 if wide else 2, right=True),
        ],
        width,
    )


class SurveyTable(LineTable[SurveyRow]):
    """Surveys newest first; the screen pushes the rows down (`set_rows`)."""

    PART_PREFIX = "survey-table"
    BINDINGS: ClassVar = table_bindings("survey", "survey", first="home")
    COMPONENT_CLASSES: ClassVar = {
        "survey-table--id",
        "survey-table--status-sent",
        "survey-table--status-partial",
        "survey-table--status-answered",
        "survey-table--status-overdue",
        "survey-table--overdue",
        "survey-table--score",
    }

    def __init__(
        self,
        short_id: Callable[[str], str],
        card_label: Callable[[str], str] | None,
        today: pendulum.Date,
        *,
        moved: Callable[[], None] = lambda: None,
        id: str | None = None,
    ) -> None:
        super().__init__(moved=moved, id=id)
        self._short_id = short_id
        self._card_label = card_label  # None: one card's surveys, no card column
        self._today = today
        self.empty = _("No surveys.")
        self.id_width = 4

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return survey_columns(width, self.id_width, with_card=self._card_label is not None)

    def columns_key(self) -> tuple[object, ...]:
        return (self.id_width,)

    def cells(self, row: SurveyRow) -> list[tuple[str, str]]:
        survey, scores = row.survey, row.scores
        wide = self.columns[-1].width > 2
        cells = [
            (self._short_id(survey.id), "id"),
            (status_label(row.status), f"status-{row.status.value}"),
        ]
        if self._card_label is not None:
            cells.append((printable(self._card_label(survey.card)), ""))
        due, due_part = self._due(survey, row.status, wide)
        answered = (scores.csat.answers, scores.nps.answers, scores.ces.answers)
        cells += [
            (printable(survey.contact), ""),
            (self._day(survey.sent_on, wide), "muted"),
            (due, due_part),
            (csat_text(scores.csat), "score" if answered[0] else "muted"),
            (nps_text(scores.nps), "score" if answered[1] else "muted"),
            (ces_text(scores.ces), "score" if answered[2] else "muted"),
            (str(row.answered), "" if row.answered else "muted"),
        ]
        return cells

    def _due(self, survey: Survey, status: Status, wide: bool) -> tuple[str, str]:
        """The due date; '!' before it when the survey is overdue (readable without colour)."""
        if not survey.due:
            return "-", "muted"
        shown = self._day(survey.due, wide)
        if status is Status.OVERDUE:
            return f"!{shown}", "overdue"
        return shown, "muted" if status is Status.ANSWERED else ""

    def _day(self, day: str, wide: bool) -> str:
        """A stored date: whole where there is room, else MM-DD this year and YY-MM-DD not."""
        if wide or len(day) != 10:
            return printable(day)
        return day[5:] if day[:4] == str(self._today.year) else day[2:]


GROUP_LABELS = {
    "card": N_("Card"),
    "client": N_("Client"),
    "month": N_("Month sent"),
    "board": N_("Board"),
}


def group_columns(width: int, by: str) -> tuple[Column, ...]:
    wide = width >= WIDE_TABLE
    return fitted(
        [
            Column("label", _(GROUP_LABELS[by]) if by in GROUP_LABELS else by.capitalize(), 0),
            Column("rate", _("Answered"), 15 if wide else 8, right=True),
            Column(
                "responses", _("Responses") if wide else _("Resp"), 9 if wide else 4, right=True
            ),
            Column("csat", "CSAT", 4, right=True),
            Column("nps", "NPS", 4, right=True),
            Column("ces", "CES", 3, right=True),
        ],
        width,
    )


class GroupTable(LineTable[Group]):
    """The scores per card, client or month; the screen pushes the groups down."""

    PART_PREFIX = "group-table"
    BINDINGS: ClassVar = table_bindings("survey-group", "group", first="home")
    COMPONENT_CLASSES: ClassVar = {"group-table--score"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.by = "card"
        self.empty = _("No surveys to group.")

    def row_id(self, row: Group) -> str:
        return row.key

    def table_columns(self, width: int) -> tuple[Column, ...]:
        return group_columns(width, self.by)

    def columns_key(self) -> tuple[object, ...]:
        return (self.by,)

    def cells(self, row: Group) -> list[tuple[str, str]]:
        scores = row.scores
        wide = self.columns[1].width > 8
        rate = f"{row.answered}/{row.sent}"
        if wide and row.rate is not None:
            rate += f" ({row.rate:.0f}%)"
        return [
            (printable(row.shown_label), ""),
            (rate, ""),
            (str(scores.responses), "" if scores.responses else "muted"),
            (csat_text(scores.csat), "score" if scores.csat.answers else "muted"),
            (nps_text(scores.nps), "score" if scores.nps.answers else "muted"),
            (ces_text(scores.ces), "score" if scores.ces.answers else "muted"),
        ]
