"""Satisfaction surveys and their responses: sent for a card, answered by a client contact.

Two tables, one service: a response means nothing without its survey, and every figure reads
both. Scores are computed from the raw answers whenever asked (`pstui.model.survey`); a
complete response ticks the card's `satisfaction-survey` gate item (and, with a suggestion
in it, `client-suggestions`) in the same change, so one undo takes back both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from pstui.i18n import CHINESE, ENGLISH, N_, _
from pstui.model.card import Card
from pstui.model.dates import now_utc, today
from pstui.model.ids import new_id
from pstui.model.record_text import said
from pstui.model.survey import (
    Response,
    Scores,
    Status,
    Survey,
    SurveyError,
    Template,
    answered,
    by_month,
    scores_of,
    status_of,
)
from pstui.model.text import clean_title
from pstui.store.boards import Boards
from pstui.store.cards import Cards
from pstui.store.core import Change, CommitCore
from pstui.store.edits import stamped
from pstui.store.engine import LazyTable
from pstui.store.record_table import RecordTable
from pstui.store.templates import DEFAULT_SURVEY, survey_templates

# The gate criteria a card's records satisfy.
ANSWERED = "satisfaction-survey"
SUGGESTIONS = "client-suggestions"
GROUPINGS = ("card", "client", "board", "month")
NO_CLIENT = N_("(no client)")  # the label of the surveys of cards without a client


@dataclass(frozen=True)
class Group:
    """One row of an aggregate: the scores of a card, a client, a board or a month, with the
    response rate beside them."""

    key: str
    label: str
    scores: Scores
    answered: int  # surveys with a complete response
    sent: int

    @property
    def rate(self) -> float | None:
        return 100 * self.answered / self.sent if self.sent else None

    @property
    def shown_label(self) -> str:
        """The label as a screen shows it: `label`, which stays English for `--format json`,
        with "(no client)" in the interface language."""
        return _(NO_CLIENT) if self.key == "" and self.label == NO_CLIENT else self.label


class Surveys:
    def __init__(self, core: CommitCore, boards: Boards, cards: Cards) -> None:
        self.core = core
        self.boards = boards
        self.cards = cards
        self.surveys = RecordTable(core, "surveys", Survey.from_dict)
        self.responses = RecordTable(core, "responses", Response.from_dict)
        self._by_survey: dict[str, list[Response]] | None = None
        # One survey's responses as found in the table's bytes, before the table is parsed.
        self._found: dict[str, list[Response]] = {}
        cards.provide_evidence({ANSWERED, SUGGESTIONS}, self._evidence)

    # ----- kept in line by the core -------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.surveys.version + self.responses.version

    def reindex(self) -> None:
        self.surveys.reindex()
        self.responses.reindex()
        self._by_survey = None
        self._found = {}

    def absorb(self, table: str, record_id: str, record: dict[str, Any] | None) -> None:
        self.surveys.absorb(table, record_id, record)
        self.responses.absorb(table, record_id, record)
        if table == "responses":
            self._by_survey = None
            self._found = {}

    # ----- reading ------------------------------------------------------------------------------

    def get(self, survey_id: str) -> Survey:
        return self.surveys.get(survey_id)

    def resolve(self, typed: str) -> Survey:
        return self.surveys.resolve(typed)

    def response(self, response_id: str) -> Response:
        return self.responses.get(response_id)

    def short_id(self, survey_id: str) -> str:
        return self.surveys.short_id(survey_id)

    def label(self, survey: Survey) -> str:
        return f"{self.short_id(survey.id)} {survey.title}"

    def label_of(self, record_id: str) -> str | None:
        if record_id in self.surveys:
            return self.label(self.get(record_id))
        if record_id in self.responses:
            response = self.response(record_id)
            survey = self.label_of(response.survey)
            if response.respondent:
                return _("{respondent} to {survey}").format(
                    respondent=response.respondent, survey=survey
                )
            return _("a response to {survey}").format(survey=survey)
        return None

    def responses_of(self, survey_id: str) -> list[Response]:
        """A survey's responses, oldest first."""
        if self._by_survey is None and not self.responses.parsed:
            # One survey's, as the card detail asks: found in the table's bytes, so that
            # opening a card does not parse every response of the store. The figures over
            # many surveys read the whole table once instead (`responses_by_survey`).
            found = self._found.get(survey_id)
            if found is None:
                table = LazyTable.of(self.core.table("responses"))
                having = table.having("survey", survey_id)
                found = sorted(
                    (self.responses.read_one(rid) for rid in having),
                    key=lambda r: (r.answered_on, r.created_at),
                )
                self._found[survey_id] = found
            return found
        return self.responses_by_survey().get(survey_id, [])

    def responses_by_survey(self) -> dict[str, list[Response]]:
        """Every response, by survey, oldest first: read once, for figures over many surveys."""
        if self._by_survey is None:
            by_survey: dict[str, list[Response]] = {}
            for response in self.responses:
                by_survey.setdefault(response.survey, []).append(response)
            for found in by_survey.values():
                found.sort(key=lambda r: (r.answered_on, r.created_at))
            self._by_survey = by_survey
        return self._by_survey

    def partial_of(self, survey_id: str) -> Response | None:
        """The survey's response saved part way, to resume; None if there is none."""
        return next((r for r in reversed(self.responses_of(survey_id)) if not r.complete), None)

    def status(self, survey: Survey, on: pendulum.Date | None = None) -> Status:
        return status_of(survey, self.responses_of(survey.id), on or today())

    def listed(
        self,
        *,
        board: str | None = None,
        card: str | None = None,
        client: str | None = None,
        status: Status | None = None,
        on: pendulum.Date | None = None,
    ) -> list[Survey]:
        """Surveys newest first, of a board, a card or a client, in a status."""
        found: Iterable[Survey] = self.surveys
        if card is not None and not self.surveys.parsed:
            # One card's, as the card detail and a gate ask: found in the table's bytes.
            having = LazyTable.of(self.core.table("surveys")).having("card", card)
            found = [self.surveys.read_one(sid) for sid in having]
        if board is not None:
            found = (s for s in found if s.board == board)
        if card is not None:
            found = (s for s in found if s.card == card)
        if client is not None:
            found = (s for s in found if self._client(s) == client)
        if status is not None:
            day = on or today()
            self.responses_by_survey()  # a status of each: read them all at once
            found = (s for s in found if self.status(s, day) is status)
        return sorted(found, key=lambda s: (s.sent_on, s.id), reverse=True)

    def scores(self, surveys: Iterable[Survey]) -> Scores:
        by_survey = self.responses_by_survey()
        return scores_of(r for s in surveys for r in by_survey.get(s.id, ()))

    def rate(self, surveys: Iterable[Survey]) -> tuple[int, int]:
        """(answered, sent) of these surveys."""
        listed = list(surveys)
        by_survey = self.responses_by_survey()
        done = sum(1 for s in listed if any(r.complete for r in by_survey.get(s.id, ())))
        return done, len(listed)

    def grouped(self, by: str, surveys: Iterable[Survey]) -> list[Group]:
        """The scores and response rate of `surveys` per card, client, board or month, in
        time or name order. By month, as the trend: the scores of the responses answered
        in it, and how many of the surveys sent in it are answered."""
        if by not in GROUPINGS:
            raise SurveyError(
                _("scores are grouped by {groupings}, not {by}").format(
                    groupings=", ".join(GROUPINGS), by=repr(by)
                )
            )
        listed = list(surveys)
        key_of, label_of = self._grouping(by)
        groups: dict[str, list[Survey]] = {}
        for survey in listed:
            groups.setdefault(key_of(survey), []).append(survey)
        if by == "month":
            trend = self.trend(listed)
            keys = sorted(set(groups) | set(trend))
            return [
                Group(key, key, trend.get(key, scores_of(())), *self.rate(groups.get(key, ())))
                for key in keys
            ]
        rows = [
            Group(key, label_of(key), self.scores(found), *self.rate(found))
            for key, found in groups.items()
        ]
        # Cards by title, not by their label's random short id; the rest by name.
        named = (lambda g: self._card_text(g.key, "title")) if by == "card" else lambda g: g.label
        return sorted(rows, key=lambda g: named(g).casefold())

    def _grouping(self, by: str) -> tuple[Callable[[Survey], str], Callable[[str], str]]:
        if by == "card":
            return (lambda s: s.card), self._card_label
        if by == "client":
            return self._client, lambda key: key or NO_CLIENT
        if by == "board":
            return (
                lambda s: s.board
            ), lambda key: self.boards.get(key).name if self.boards.has(key) else key
        return (lambda s: s.sent_on[:7]), lambda key: key

    def trend(self, surveys: Iterable[Survey]) -> dict[str, Scores]:
        """Scores per month of answer, in time order."""
        by_survey = self.responses_by_survey()
        return by_month(r for s in surveys for r in by_survey.get(s.id, ()))

    def latest_answered(self, card_id: str) -> tuple[Survey, Scores] | None:
        """The card's most recently answered survey and its scores (the card detail's)."""
        for survey in self.listed(card=card_id):
            done = [r for r in self.responses_of(survey.id) if r.complete]
            if done:
                return survey, scores_of(done)
        return None

    def _client(self, survey: Survey) -> str:
        return self._card_text(survey.card, "client")

    def _card_label(self, card_id: str) -> str:
        """What `cards.label_of` says, without parsing the card."""
        if not self.cards.has(card_id):
            return card_id
        return f"{self.cards.short_id(card_id)} {self._card_text(card_id, 'title')}"

    def _card_text(self, card_id: str, name: str) -> str:
        """A text field of a card read from the table's bytes, not by parsing the card:
        grouping a board's thousand surveys by card or client reads a thousand cards."""
        if not self.cards.has(card_id):
            return ""
        value = LazyTable.of(self.core.table("cards")).field(card_id, name, "")
        return value if isinstance(value, str) else ""

    def _evidence(self, card_id: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for survey in self.listed(card=card_id):
            for response in self.responses_of(survey.id):
                for criterion, note in self._evidence_of(survey, response).items():
                    found.setdefault(criterion, note)
        return found

    def _evidence_of(self, survey: Survey, response: Response) -> dict[str, str]:
        """What a response says about its card's gate items, in the card's board's language."""
        if not response.complete:
            return {}
        language = self.cards.language_of(survey.card)
        values = {
            "survey": self.short_id(survey.id),
            "who": response.respondent or said(language, "the client"),
            "day": response.answered_on,
        }
        found = {ANSWERED: said(language, "survey {survey} answered by {who} on {day}", **values)}
        if response.suggestions:
            found[SUGGESTIONS] = said(
                language, "suggestions from {who} in survey {survey}", **values
            )
        return found

    def _language(self, survey: Survey) -> str:
        """The language of what is written about a survey and its responses: its card's
        board's, or its board's when the card is gone (English for a board no longer there)."""
        if self.cards.has(survey.card):
            return self.cards.language_of(survey.card)
        return self.boards.get(survey.board).language if self.boards.has(survey.board) else ENGLISH

    # ----- templates ----------------------------------------------------------------------------

    def templates(self) -> dict[str, Template]:
        """The shipped templates and the store's own (`pstui-surveys/*.toml`)."""
        return survey_templates(Path(self.core.path))

    def default_template(self, board_id: str) -> str:
        """The Chinese standard survey for a board whose stages are named in Chinese."""
        chinese = self.boards.get(board_id).language == CHINESE
        return f"{DEFAULT_SURVEY}-zh" if chinese else DEFAULT_SURVEY

    # ----- commands -----------------------------------------------------------------------------

    def send(
        self,
        card_id: str,
        contact: str,
        *,
        template: str | None = None,
        sent_on: str | None = None,
        due: str | None = None,
        title: str | None = None,
    ) -> Survey:
        """Record a survey sent for a card to a client contact, with the template's
        questions as they are today."""
        card = self.cards.get(card_id)
        templates = self.templates()
        name = template or self.default_template(card.board)
        if name not in templates:
            raise SurveyError(
                _("no survey template {name}; one of {templates}").format(
                    name=repr(name), templates=", ".join(templates)
                )
            )
        chosen = templates[name]
        sent = sent_on or today().isoformat()
        _not_to_come(sent, _SENT_TO_COME)
        if due is not None and due < sent:
            raise SurveyError(
                _("the survey is due {due}, before it is sent ({sent})").format(due=due, sent=sent)
            )
        now = now_utc()
        survey = Survey(
            id=new_id(),
            board=card.board,
            card=card.id,
            title=clean_title(title or chosen.title),
            contact=clean_title(contact, N_("the contact")),
            sent_on=sent,
            due=due,
            template=name,
            sent_by=self.core.who,
            questions=list(chosen.questions),
            created_at=now,
            updated_at=now,
        )
        language = self._language(survey)
        self.core.commit(
            Change(
                {("surveys", survey.id): survey.to_dict()},
                "create",
                "surveys",
                survey.id,
                said(
                    language,
                    "sent survey {title} on {card} to {contact}",
                    title=repr(survey.title),
                    card=self.cards.label(card),
                    contact=survey.contact,
                ),
                language=language,
            )
        )
        return self.get(survey.id)

    def respond(
        self,
        survey_id: str,
        values: Mapping[str, int | str | None],
        *,
        respondent: str | None = None,
        answered_on: str | None = None,
        complete: bool = True,
        resume: str | None = None,
    ) -> Response:
        """Enter a response's answers (question id -> value); `complete=False` saves it part
        way. `resume` names a saved response to go on with: its answers are kept, `values`
        added over them (None clears one). Completing ticks the card's gate items the response satisfies."""
        survey = self.get(survey_id)
        now = now_utc()
        if resume is not None:
            response = self.response(resume).copy()
            if response.survey != survey.id:
                raise SurveyError(_("that response belongs to another survey"))
            # Answers not given now stay as stored, with what they carry (the card a
            # suggestion became); the new ones are read against the survey's questions.
            kept = {a.id: a for a in response.answers if a.id not in values}
            given = {a.id: a for a in answered(survey, values)}
            order = [q.id for q in survey.questions]
            response.answers = [
                (kept | given)[qid] for qid in order if qid in kept or qid in given
            ] + [a for a in response.answers if a.id not in order and a.id not in values]
            response.respondent = clean_title(respondent or response.respondent, N_("a respondent"))
            response.answered_on = answered_on or response.answered_on
            response.complete = complete
        else:
            response = Response(
                id=new_id(),
                survey=survey.id,
                card=survey.card,
                respondent=clean_title(respondent or survey.contact, N_("a respondent")),
                answered_on=answered_on or today().isoformat(),
                created_at=now,
                updated_at=now,
                complete=complete,
                entered_by=self.core.who,
                answers=answered(survey, values),
            )
        _not_to_come(response.answered_on, _ANSWERED_TO_COME)
        if complete and not response.answers:
            raise SurveyError(_("an answered response needs at least one answer: save it part way"))
        if response.answered_on < survey.sent_on:
            raise SurveyError(
                _("answered on {day}, before the survey was sent ({sent})").format(
                    day=response.answered_on, sent=survey.sent_on
                )
            )
        records: dict[tuple[str, str], dict[str, Any] | None] = {
            ("responses", response.id): stamped(response.to_dict())
        }
        if complete and self.cards.has(survey.card):
            ticked = self.cards.ticked_by(survey.card, self._evidence_of(survey, response))
            if ticked is not None:
                records[("cards", survey.card)] = ticked
        language = self._language(survey)
        who, label = response.respondent, self.label(survey)
        if complete:
            summary = said(
                language, "recorded a response from {who} to survey {survey}", who=who, survey=label
            )
        else:
            summary = said(
                language,
                "saved part of a response from {who} to survey {survey}",
                who=who,
                survey=label,
            )
        self.core.commit(
            Change(
                records,
                "respond" if resume is None else "edit",
                "responses",
                response.id,
                summary,
                {"complete": complete},
                language=language,
            )
        )
        return self.response(response.id)

    def suggestion_to_card(
        self, response_id: str, answer_id: str, *, board: str | None = None, title: str = ""
    ) -> Card:
        """Make a suggestion an improvement card (on the survey's board unless `board`),
        linked both ways: the card's description names the response, the answer the card."""
        response = self.response(response_id).copy()
        answer = response.answer(answer_id)
        if answer is None or answer not in response.suggestions:
            raise SurveyError(_("that answer holds no suggestion"))
        if answer.card is not None and self.cards.has(answer.card):
            raise SurveyError(
                _("that suggestion is already card {card}").format(
                    card=self.cards.label(self.cards.get(answer.card))
                )
            )
        survey = self.get(response.survey)
        source = self.cards.get(survey.card) if self.cards.has(survey.card) else None
        language = self.boards.get(board or survey.board).language
        card = self.cards.new(
            board or survey.board,
            title or _first_line(str(answer.value)),
            kind="improvement",
            client=source.client if source else "",
            description=said(
                language,
                "{text}\n\nSuggested by {who} in survey {survey} ({day}), response {response}.",
                text=answer.value,
                who=response.respondent,
                survey=self.label(survey),
                day=response.answered_on,
                response=response.id,
            ),
        )
        answer.card = card.id
        self.core.commit(
            Change(
                {
                    ("cards", card.id): card.to_dict(),
                    ("responses", response.id): stamped(response.to_dict()),
                },
                "create",
                "cards",
                card.id,
                said(
                    language,
                    "made {who}'s suggestion card {title}",
                    who=response.respondent,
                    title=repr(card.title),
                ),
                language=language,
            )
        )
        return self.cards.get(card.id)

    def delete(self, survey_id: str) -> None:
        """Delete a survey sent by mistake, with its responses."""
        survey = self.get(survey_id)
        records: dict[tuple[str, str], dict[str, Any] | None] = {("surveys", survey.id): None}
        for response in self.responses_of(survey.id):
            records[("responses", response.id)] = None
        language = self._language(survey)
        summary = said(language, "deleted survey {survey}", survey=self.label(survey))
        self.core.commit(
            Change(records, "delete", "surveys", survey.id, summary, language=language)
        )


_SENT_TO_COME = N_("sent on {day}, a day still to come")
_ANSWERED_TO_COME = N_("answered on {day}, a day still to come")


def _not_to_come(day: str, refusal: str) -> None:
    """Refuse a date still to come for what has happened (sent, answered): `refusal` says so."""
    if day > today().isoformat():
        raise SurveyError(_(refusal).format(day=day))


def _first_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
