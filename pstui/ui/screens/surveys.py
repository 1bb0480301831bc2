"""The satisfaction surveys of a board, or of one of its cards: the surveys newest first with
their status in words and their own scores, the aggregate figures (CSAT, NPS, CES, each
beside its number of responses, and the response rate), the trend month by month, the
scores grouped by card, client or month, and the keys that send a survey, enter or resume
its answers, turn a suggestion into an improvement card and delete a survey.

A board holds a thousand surveys and three thousand responses: every figure is worked out
once per change of the store (`SurveyScope`, kept for the store until its next change, so
reopening the screen works nothing out again), never per key, and the tables are drawn
with the Line API, only the rows in view rendered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar
from weakref import WeakKeyDictionary

import pendulum
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from pstui.i18n import N_, _, ngettext, pgettext
from pstui.model.card import Card
from pstui.model.dates import DATE_HELP, parse_due
from pstui.model.survey import (
    Answer,
    Response,
    Scale,
    Scores,
    Status,
    Survey,
    by_month,
    scores_of,
    status_label,
    status_of,
)
from pstui.model.text import cell_width, fit, printable
from pstui.store.errors import StoreError
from pstui.store.repository import Repository
from pstui.store.surveys import ANSWERED, Group
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.card_screen import check_due
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.response_form import ResponseForm
from pstui.ui.survey_text import (
    ces_text,
    csat_text,
    easy_text,
    nps_text,
    rate_text,
    scores_line,
    value_word,
)
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled
from pstui.ui.widgets.survey_table import GroupTable, SurveyRow, SurveyTable
from pstui.ui.widgets.trend import Trend, TrendPoint

# Below this size the figures are one line and the detail two, so the tables keep their rows.
FULL_WIDTH = 100
FULL_HEIGHT = 30
GROUPINGS = (None, "card", "client", "month")
STATUS_FILTERS = (None, Status.SENT, Status.PARTIAL, Status.ANSWERED, Status.OVERDUE)
METRICS = ("nps", "csat", "ces")
CANDIDATES = 12  # cards offered when sending from the board; any other is typed
FEW_SURVEYS = 16  # up to this many, responses are found survey by survey, not all read
OTHER_CARD = "\x00other"  # the choice "another card", never a card id


# ----- what the screen covers ------------------------------------------------------------------


@dataclass
class SurveyScope:
    """The surveys of a board (or card) newest first, and every figure made from them."""

    rows: list[SurveyRow]
    counts: Counter[Status]
    scores: Scores
    answered: int
    sent: int
    trend: dict[str, Scores]
    groups: dict[str, list[Group]] = field(default_factory=dict)  # made when first shown


def read_scope(
    repo: Repository, board_id: str, card_id: str | None, today: pendulum.Date
) -> SurveyScope:
    service = repo.surveys
    listed = service.listed(board=board_id, card=card_id)
    if len(listed) > FEW_SURVEYS:  # a board's: every response read at once
        by_survey = service.responses_by_survey()
        found = [by_survey.get(s.id, []) for s in listed]
    else:  # a card's: its few found in the store's bytes, the rest left unread
        found = [service.responses_of(s.id) for s in listed]
    rows = [survey_row(responses, s, today) for s, responses in zip(listed, found, strict=True)]
    responses = [r for row in rows for r in row.responses]
    return SurveyScope(
        rows,
        Counter(row.status for row in rows),
        scores_of(responses),
        sum(1 for row in rows if row.answered),
        len(rows),
        by_month(responses),
    )


# The scopes worked out for a store, by (board, card, its revision, generation, day): a card's
# client or title changed also changes the groups. Only the current revision's are kept; weak,
# so a closed store's go with it.
_KEPT: WeakKeyDictionary[Repository, dict[tuple[object, ...], SurveyScope]] = WeakKeyDictionary()


def kept_scope(
    repo: Repository, board_id: str, card_id: str | None, today: pendulum.Date
) -> SurveyScope:
    """`read_scope`, worked out once per change of the surveys for every screen that shows it."""
    version = (repo.revision, repo.generation, today)
    key = (board_id, card_id, *version)
    kept = _KEPT.setdefault(repo, {})
    scope = kept.get(key)
    if scope is None:
        scope = read_scope(repo, board_id, card_id, today)
        for stale in [k for k in kept if k[2:] != version]:
            del kept[stale]
        kept[key] = scope
    return scope


def survey_row(responses: list[Response], survey: Survey, today: pendulum.Date) -> SurveyRow:
    return SurveyRow(survey, status_of(survey, responses, today), responses)


EMPTY_SCOPE = SurveyScope([], Counter(), scores_of([]), 0, 0, {})


def trend_points(trend: dict[str, Scores], metric: str) -> list[TrendPoint]:
    """The months with a figure for `metric`, in time order."""
    points = []
    for month, scores in trend.items():
        value, figure = _metric(scores, metric)
        if value is not None:
            points.append(TrendPoint(month, value, figure, scores.responses))
    return points


def _metric(scores: Scores, metric: str) -> tuple[float | None, str]:
    if metric == "csat":
        return scores.csat.percent, csat_text(scores.csat)
    if metric == "ces":
        return scores.ces.mean, ces_text(scores.ces)
    return scores.nps.score, nps_text(scores.nps)


# ----- the screen --------------------------------------------------------------------------------


class SurveysScreen(PstuiScreen):
    """The surveys of board `board_id`; with `card_id`, of that card only."""

    CSS_PATH = "surveys.tcss"
    CHANGES = frozenset({"send", "improve", "undo", "delete"})  # `respond` shows the answers
    AUTO_FOCUS = "#survey-table"
    BINDINGS: ClassVar = [
        Binding(
            "s",
            "send",
            N_("Send"),
            id="survey-send",
            tooltip=N_("Record a survey sent to a contact"),
        ),
        Binding(
            "enter,r",
            "respond",
            N_("Answers"),
            id="survey-respond",
            tooltip=N_("Enter the survey's answers; resumes a response saved part way"),
        ),
        Binding(
            "i",
            "improve",
            N_("Improve"),
            id="survey-improve",
            tooltip=N_("Make the suggestion in the survey's answers an improvement card"),
        ),
        Binding(
            "g",
            "group",
            N_("Group"),
            id="survey-group",
            tooltip=N_("Scores by card, by client, by month, or not grouped, in turn"),
        ),
        Binding(
            "f,c",
            "status_filter",
            N_("Status"),
            id="survey-status",
            tooltip=N_("Show only sent, partial, answered or overdue surveys, in turn, then all"),
        ),
        Binding(
            "u,ctrl+z", "undo", N_("Undo"), id="survey-undo", tooltip=N_("Undo the last change")
        ),
        Binding(
            "escape",
            "back",
            N_("Back"),
            id="surveys-back",
            tooltip=N_("Clear the status filter; with none, go back"),
        ),
        Binding(
            "t",
            "trend",
            N_("Trend"),
            show=False,
            id="survey-trend",
            tooltip=N_("The trend of NPS, CSAT or CES, in turn"),
        ),
        Binding(
            "d,delete",
            "delete",
            N_("Delete"),
            show=False,
            id="survey-delete",
            tooltip=N_("Delete the survey and its responses (asks first; u undoes)"),
        ),
    ]

    def __init__(self, board_id: str, card_id: str | None = None) -> None:
        super().__init__()
        self.board_id = board_id
        self.card_id = card_id
        self.scope = EMPTY_SCOPE
        self._scope_key: tuple[object, ...] | None = None
        self.grouping: str | None = None
        self.status_filter: Status | None = None
        self.metric = METRICS[0]
        self.compact = True
        # Why the surveys cannot be read (a record pstui cannot read), None when they can:
        # said in the table and the title for as long as it lasts, and by every key that
        # would need them.
        self.unreadable: str | None = None

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        card_label = None if self.card_id else self._card_label
        yield Static(id="surveys-title")
        with Horizontal(id="surveys-top", classes="-compact"):
            yield Static(id="surveys-figures")
            yield Trend(id="surveys-trend")
        yield GroupTable(id="survey-groups")
        yield SurveyTable(
            repo.surveys.short_id,
            card_label,
            self.app.today,
            moved=lambda: self.show_current(),
            id="survey-table",
        )
        yield Static(id="survey-detail", classes="-compact")
        yield KeyFooter()

    @property
    def table(self) -> SurveyTable:
        return self.query_one("#survey-table", SurveyTable)

    @property
    def groups_table(self) -> GroupTable:
        return self.query_one("#survey-groups", GroupTable)

    @property
    def trend(self) -> Trend:
        return self.query_one("#surveys-trend", Trend)

    def on_mount(self) -> None:
        self.groups_table.display = False
        self.lay_out(force=True)
        surveys = self.app.repo.surveys
        if surveys.surveys.parsed and surveys.responses.parsed:
            self.show_changes()  # read already: the figures are a few milliseconds away
            return
        self.table.set_rows([], empty=_("Reading the surveys…"))
        # The screen is drawn first, the figures a frame later: on a large store reading
        # every response the first time takes longer than a key press may.
        self.call_after_refresh(self.show_changes)

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self, *, force: bool = False) -> None:
        """The figures beside a taller trend where there is room; one line each where not."""
        width, height = self.size if self.size.height else self.app.size
        compact = width < FULL_WIDTH or height < FULL_HEIGHT
        if compact == self.compact and not force:
            return
        self.compact = compact
        for selector in ("#surveys-top", "#survey-detail"):
            self.query_one(selector).set_class(compact, "-compact")
        self.trend.set_class(not compact, "-tall")
        if self.is_mounted:
            self.show_figures()
            self.show_current()

    # ----- data down --------------------------------------------------------------------------

    def show_changes(self, keep: str | None = None) -> None:
        repo = self.app.repo
        if not self.still_there(self.board_id, self.card_id):
            return
        key = (repo.revision, repo.generation, self.app.today)
        if key != self._scope_key:
            read_before = repo.surveys.responses.parsed
            try:
                self.scope = kept_scope(repo, self.board_id, self.card_id, self.app.today)
                self.unreadable = None
                if not read_before and repo.surveys.responses.parsed:
                    # The responses, kept from now on; the little garbage frozen with them
                    # is not worth a full collection's pause.
                    self.app.keep_out_of_collections(reclaim=False)
            except StoreError as err:  # a record pstui cannot read: say so, show none
                if err.message != self.unreadable:
                    self.app.notify(
                        err.message, title=_("Cannot read the surveys"), severity="error"
                    )
                self.unreadable = err.message
                self.scope = EMPTY_SCOPE
            self._scope_key = key
            self.show_figures()
            self.show_groups()
        self.refill(keep)

    def refill(self, keep: str | None = None) -> None:
        """The table under the status filter, the title line, what follows the cursor."""
        wanted = self.status_filter
        rows = self.scope.rows
        if wanted is not None:
            rows = [row for row in rows if row.status is wanted]
        table = self.table
        table.id_width = len(self.app.repo.surveys.short_id(rows[0].id)) if rows else 4
        table.set_rows(
            rows, keep=keep, empty=self._empty_text(), problem=self.unreadable is not None
        )
        self.show_title(len(rows))
        self.show_current()

    def _empty_text(self) -> str:
        if self.unreadable is not None:
            return _("The surveys cannot be read: {problem}").format(problem=self.unreadable)
        if self.status_filter is not None:
            return _("No {status} survey: Escape shows them all.").format(
                status=status_label(self.status_filter)
            )
        return _("No survey sent yet: s records one.")

    def _card_label(self, card_id: str) -> str:
        return self.app.repo.cards.label_of(card_id) or _("{id} (gone)").format(id=card_id[-6:])

    def show_title(self, shown: int) -> None:
        scope = self.scope
        title = Styled(" " + _("Surveys") + " ", style="$accent bold reverse")
        title.append(" " + self._scope_name(), style="bold")
        if self.unreadable is not None:
            title.append("  " + _("the surveys cannot be read (see below)"), style="$error bold")
            if self.app.repo.read_only:
                title.append("  " + _("READ-ONLY"), style="bold")
            self.query_one("#surveys-title", Static).update(title.content(), layout=False)
            return
        total = len(scope.rows)
        title.append("  " + ngettext("{n} survey: ", "{n} surveys: ", total).format(n=total))
        for n, status in enumerate((Status.SENT, Status.PARTIAL, Status.ANSWERED, Status.OVERDUE)):
            count = scope.counts.get(status, 0)
            late = status is Status.OVERDUE and count
            title.append(pgettext("list separator", ", ") if n else "")
            # How many surveys have a status: "3 sent" (a number and a word, in either order).
            counted = pgettext("surveys with a status", "{count} {status}")
            counted = counted.format(count=count, status=status_label(status))
            title.append(counted, style="$error bold" if late else "")
        if self.status_filter is not None:
            showing = _("showing {n} {status}").format(
                n=shown, status=status_label(self.status_filter)
            )
            title.append("  " + showing, style="bold")
        if self.app.repo.read_only:
            title.append("  " + _("READ-ONLY"), style="bold")
        self.query_one("#surveys-title", Static).update(title.content(), layout=False)

    def _scope_name(self) -> str:
        repo = self.app.repo
        if self.card_id is None:
            return fit(printable(repo.boards.get(self.board_id).name), 30, pad=False)
        label = repo.cards.label_of(self.card_id) or self.card_id
        return _("of {card}").format(card=fit(printable(label), 36, pad=False))

    def show_figures(self) -> None:
        scope = self.scope
        figures = self._figures_line(scope) if self.compact else self._figures_block(scope)
        self.query_one("#surveys-figures", Static).update(figures)
        self.show_trend()

    def _figures_line(self, scope: SurveyScope) -> Content:
        scores = scope.scores
        text = Styled()
        for name, figure, count in _figures(scores):
            text.append(f"{name} ", style="$text-muted")
            text.append(figure, style="bold")
            if name == "CES" and scores.ces.answers:
                text.append(pgettext("clause separator", ", ") + easy_text(scores.ces))
            text.append(f" ({count}) · ")
        text.append(rate_text(scope.answered, scope.sent))
        return text.content()

    def _figures_block(self, scope: SurveyScope) -> Content:
        scores = scope.scores
        csat, nps, ces = scores.csat, scores.nps, scores.ces
        text = Styled()
        bands = (
            ngettext("{n} promoter", "{n} promoters", nps.promoters).format(n=nps.promoters),
            ngettext("{n} passive", "{n} passives", nps.passives).format(n=nps.passives),
            ngettext("{n} detractor", "{n} detractors", nps.detractors).format(n=nps.detractors),
        )
        details = (
            ngettext(
                "satisfied (4-5) in {n} answer", "satisfied (4-5) in {n} answers", csat.answers
            ).format(n=csat.answers),
            " · ".join(bands),
            easy_text(ces) + " (5-7)" if ces.answers else "",
        )
        rate = _("Rate")
        names = max(5, cell_width(rate) + 1)  # the names' column, in cells
        for (name, figure, count), detail in zip(_figures(scores), details, strict=True):
            text.append(fit(name, names), style="$text-muted")
            text.append(f"{figure:>4}", style="bold")
            text.append(f"  ({count})  ")
            text.append(detail + "\n", style="$text-muted")
        text.append(fit(rate, names), style="$text-muted")
        text.append(rate_text(scope.answered, scope.sent), style="bold")
        text.append("\n" + _("(n): responses counted; answered surveys only"), style="$text-muted")
        return text.content()

    def show_trend(self) -> None:
        names = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
        self.trend.show(names[self.metric], trend_points(self.scope.trend, self.metric))

    def show_groups(self) -> None:
        table = self.groups_table
        by = self.grouping
        table.display = by is not None
        if by is None:
            return
        groups = self.scope.groups.get(by)
        if groups is None:
            listed = [row.survey for row in self.scope.rows]
            groups = self.scope.groups[by] = self.app.repo.surveys.grouped(by, listed)
        table.by = by
        table.styles.max_height = len(groups) + 2 if groups else 3  # the header, the rule
        table.set_rows(groups)

    def show_current(self) -> None:
        """The detail of the survey under the cursor: its responses and suggestions."""
        row = self.table.current
        lines = 2 if self.compact else 6
        self.query_one("#survey-detail", Static).update(self._detail(row, lines), layout=False)

    def _detail(self, row: SurveyRow | None, lines: int) -> Content:
        if row is None and self.unreadable is not None:
            return Styled(
                _("Nothing can be shown or changed here until that record is fixed."),
                style="$error bold",
            ).content()
        if row is None:
            return Styled(_("No survey under the cursor."), style="$text-muted").content()
        repo, survey = self.app.repo, row.survey
        text = Styled(f"{repo.surveys.short_id(survey.id)} ", style="$text-muted")
        text.append(printable(survey.title), style="bold")
        # One sentence with the sender, whose part is muted: a style tag in the msgid.
        if survey.sent_by:
            sent = _("sent {day} to {contact}[$text-muted] by {who}[/]")
        else:
            sent = _("sent {day} to {contact}")
        text.append(" · ")
        append_sentence(
            text,
            sent,
            day=survey.sent_on,
            contact=printable(survey.contact),
            who=printable(survey.sent_by or ""),
        )
        if survey.due:
            late = row.status is Status.OVERDUE
            due = _("due {day}").format(day=survey.due)
            text.append(" · " + due, style="$error bold" if late else "")
        responses = list(reversed(row.responses))  # newest first
        if not responses:
            text.append("\n" + _("No answers yet: Enter records them."), style="$text-muted")
        for response in responses[: lines - 1]:
            text.append("\n")
            self._response_line(text, response)
        return text.content()

    def _response_line(self, text: Styled, response: Response) -> None:
        repo = self.app.repo
        text.append(f"{response.answered_on} {printable(response.respondent)}: ", style="bold")
        if not response.complete:
            text.append(_("partial, r resumes"), style="$warning bold")
        else:
            text.append(_answers_summary(response))
        for answer in response.suggestions:
            text.append(f"  “{printable(str(answer.value))}”", style="italic")
            if answer.card and repo.cards.has(answer.card):
                made = _("card {id}").format(id=repo.cards.short_id(answer.card))
                text.append(" → " + made, style="$text-muted")
            elif response.complete:
                text.append(" " + _("(i: improvement card)"), style="$text-muted")

    # ----- view keys --------------------------------------------------------------------------

    def action_group(self) -> None:
        choices = GROUPINGS if self.card_id is None else (None, "month")
        at = choices.index(self.grouping) if self.grouping in choices else 0
        self.grouping = choices[(at + 1) % len(choices)]
        self.show_groups()

    def action_status_filter(self) -> None:
        at = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(at + 1) % len(STATUS_FILTERS)]
        self.refill()

    def action_trend(self) -> None:
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]
        self.show_trend()

    def action_back(self) -> None:
        if self.status_filter is not None:
            self.status_filter = None
            self.refill()
            return
        self.dismiss_all()

    # ----- store commands ---------------------------------------------------------------------

    def _refused(self) -> bool:
        """Whether the surveys cannot be read: then said at once, before any prompt."""
        if self.unreadable is None:
            return False
        self.app.notify(self.unreadable, title=_("The surveys cannot be read"), severity="error")
        return True

    def _row_or_say(self) -> SurveyRow | None:
        if self._refused():
            return None
        row = self.table.current
        if row is None:
            self.app.notify(_("No survey here: s records one."), severity="warning")
        return row

    def action_respond(self) -> None:
        row = self._row_or_say()
        if row is None:
            return
        survey = row.survey
        partial = self.app.repo.surveys.partial_of(survey.id)

        def saved(response: Response | None) -> None:
            self.show_changes(keep=survey.id)
            if response is not None:
                self.app.notify(self._saved_message(survey, response))

        form = ResponseForm(survey.id, resume=partial.id if partial else None)
        self.app.push_screen(form, saved)

    def _saved_message(self, survey: Survey, response: Response) -> str:
        short = self.app.repo.surveys.short_id(survey.id)
        who = printable(response.respondent)
        if not response.complete:
            return _("Saved {who}'s answers to {survey} part way: r resumes them.").format(
                who=who, survey=short
            )
        return _("Recorded {who}'s answers to {survey}: {scores}.").format(
            who=who, survey=short, scores=scores_line(scores_of([response]))
        )

    def action_improve(self) -> None:
        row = self._row_or_say()
        if row is None:
            return
        found = self._open_suggestions(row.survey)
        if not found:
            self.app.notify(
                _("No suggestion left to make a card of in this survey's answers."),
                severity="warning",
            )
            return
        if len(found) == 1:
            self._make_card(*found[0])
            return
        choices = [
            (f"{n}", fit(f"{printable(r.respondent)}: {printable(str(a.value))}", 60))
            for n, (r, a) in enumerate(found)
        ]

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self._make_card(*found[int(answer)])

        prompt = ChoicePrompt(_("Which suggestion becomes a card?"), choices)
        self.app.push_screen(prompt, chosen)

    def _open_suggestions(self, survey: Survey) -> list[tuple[Response, Answer]]:
        """The suggestions of the survey's complete responses not made a card yet."""
        cards = self.app.repo.cards
        return [
            (response, answer)
            for response in reversed(self.app.repo.surveys.responses_of(survey.id))
            if response.complete
            for answer in response.suggestions
            if not (answer.card and cards.has(answer.card))
        ]

    def _make_card(self, response: Response, answer: Answer) -> None:
        repo = self.app.repo
        done = self.attempt(
            lambda: repo.surveys.suggestion_to_card(response.id, answer.id),
            keep=response.survey,
        )
        if done:
            card = done.made
            self.app.notify(
                _("Improvement card {id} {title} made from {who}'s suggestion. u undoes.").format(
                    id=repo.cards.short_id(card.id),
                    title=printable(card.title),
                    who=printable(response.respondent),
                )
            )

    def action_delete(self) -> None:
        row = self._row_or_say()
        if row is None:
            return
        survey = row.survey
        repo = self.app.repo
        count = len(repo.surveys.responses_of(survey.id))
        question = (
            ngettext(
                "Delete survey {id} sent to {contact} and its {n} response?",
                "Delete survey {id} sent to {contact} and its {n} responses?",
                count,
            )
            if count
            else _("Delete survey {id} sent to {contact}?")
        )
        self.confirm(
            question.format(
                id=repo.surveys.short_id(survey.id), contact=printable(survey.contact), n=count
            ),
            _("Yes, delete it (u undoes)"),
            lambda: self.attempt(lambda: self.app.repo.surveys.delete(survey.id)),
        )

    # ----- sending ----------------------------------------------------------------------------

    def action_send(self) -> None:
        if self._refused():
            return
        if self.card_id is not None:
            self._ask_contact(self.card_id)
            return
        candidates = self._candidates()
        if not candidates:
            self._ask_card()
            return
        repo = self.app.repo
        choices = [(card.id, printable(repo.cards.label(card))) for card in candidates]
        choices.append((OTHER_CARD, _("Another card: type its id…")))

        def chosen(card_id: str | None) -> None:
            if card_id == OTHER_CARD:
                self._ask_card()
            elif card_id is not None:
                self._ask_contact(card_id)

        self.app.push_screen(ChoicePrompt(_("Send a survey for which card?"), choices), chosen)

    def _candidates(self) -> list[Card]:
        """The cards a survey is likeliest for: the selected survey's, then those in a stage
        whose gate asks for an answered survey (the first few of each such column)."""
        repo = self.app.repo
        found: dict[str, Card] = {}
        row = self.table.current
        if row is not None and repo.cards.has(row.survey.card):
            found[row.survey.card] = repo.cards.get(row.survey.card)
        workflow = repo.boards.get(self.board_id).workflow
        for stage in workflow.stages:
            if not any(c.id == ANSWERED for c in stage.gate):
                continue
            for card in repo.cards.column(self.board_id, stage.id):
                if len(found) >= CANDIDATES:
                    break
                found.setdefault(card.id, card)
        return list(found.values())

    def _ask_card(self) -> None:
        repo = self.app.repo

        def problem(typed: str) -> str | None:
            try:
                card = repo.cards.resolve(typed)
            except (LookupError, ValueError) as err:
                return str(err)
            return None if card.board == self.board_id else _("that card is on another board")

        def answered(typed: str | None) -> None:
            if typed:
                self._ask_contact(repo.cards.resolve(typed).id)

        prompt = TextPrompt(
            _("Send a survey for which card?"),
            placeholder=_("the card's short id, as the board shows it"),
            required=True,
            check=problem,
        )
        self.app.push_screen(prompt, answered)

    def _ask_contact(self, card_id: str) -> None:
        repo = self.app.repo
        sent_before = repo.surveys.listed(card=card_id)
        card = repo.cards.label_of(card_id) or card_id

        def answered(contact: str | None) -> None:
            if contact:
                self._ask_due(card_id, contact)

        prompt = TextPrompt(
            _("Survey for {card}: sent to whom?").format(card=printable(card)),
            printable(sent_before[0].contact) if sent_before else "",
            placeholder=_("the client contact's name"),
            hint=_("Who at the client answers it."),
            required=True,
        )
        self.app.push_screen(prompt, answered)

    def _ask_due(self, card_id: str, contact: str) -> None:
        today = self.app.today

        def check(typed: str) -> str | None:
            problem = check_due(typed, today)
            if problem is None and (day := parse_due(typed, today)) and day < today.isoformat():
                return _("the answers cannot be due before the survey is sent (today)")
            return problem

        def answered(typed: str | None) -> None:
            if typed is not None:
                self._send(card_id, contact, parse_due(typed, today))

        prompt = TextPrompt(
            _("Answers due by (empty: no due date)"),
            "+2w",
            hint=_(DATE_HELP),
            check=check,
        )
        self.app.push_screen(prompt, answered)

    def _send(self, card_id: str, contact: str, due: str | None) -> None:
        repo = self.app.repo
        done = self.attempt(
            lambda: repo.surveys.send(card_id, contact, sent_on=self.app.today.isoformat(), due=due)
        )
        if done:
            survey = done.made
            self.status_filter = None
            self.refill(keep=survey.id)
            self.app.notify(
                _(
                    "Survey {id} sent to {contact}: Enter records the answers when they come."
                ).format(id=repo.surveys.short_id(survey.id), contact=printable(survey.contact))
            )


def append_sentence(text: Styled, sentence: str, **values: str) -> None:
    """Append a translated sentence that styles part of itself with markup tags (the
    translation's own, as `[$text-muted]...[/]`), its `{placeholders}` filled with `values`
    as literal text: what a user wrote is never read as markup."""
    content = Content.from_markup(sentence.format(**{k: f"${k}" for k in values}), **values)
    plain, spans = content.plain, content.spans
    cuts = sorted({0, len(plain), *(n for span in spans for n in (span.start, span.end))})
    for start, end in zip(cuts, cuts[1:], strict=False):
        styles = [str(span.style) for span in spans if span.start <= start and end <= span.end]
        text.append(plain[start:end], " ".join(styles))


def _figures(scores: Scores) -> list[tuple[str, str, int]]:
    """(name, figure, responses beside it) of CSAT, NPS and CES."""
    return [
        ("CSAT", csat_text(scores.csat), scores.csat.responses),
        ("NPS", nps_text(scores.nps), scores.nps.answers),
        ("CES", ces_text(scores.ces), scores.ces.answers),
    ]


def _answers_summary(response: Response) -> str:
    """'CSAT 4 5 4 4 · NPS 9 promoter · CES 6': the raw answers, as given."""
    parts = []
    for scale, name in ((Scale.CSAT, "CSAT"), (Scale.NPS, "NPS"), (Scale.CES, "CES")):
        numbers = response.numbers(scale)
        if not numbers:
            continue
        shown = " ".join(str(n) for n in numbers)
        word = value_word(scale, numbers[0]) if scale is Scale.NPS and len(numbers) == 1 else ""
        parts.append(f"{name} {shown}" + (f" {word}" if word else ""))
    return " · ".join(parts) or _("no scale answered")
