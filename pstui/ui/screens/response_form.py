"""Entering a survey's response by keyboard: every question visible, the cursor on one.

Number keys answer a scale question (on the 0-10 NPS scale "1" then "0" within a second is
10; left/right step, Home/End jump to the ends, Backspace clears); Tab, Enter or down move
on, shift+Tab or up go back; the suggestions are typed in a text area. The respondent and
the day of the answers are fields at the top. ctrl+s saves the response as answered (asking
first when scale questions are left blank), ctrl+r saves it part way to be resumed later,
Escape backs out (asking first when answers were entered). A response resumed opens on its
first scale question left blank: typing goes there, not over an answer saved.

The form saves through the repository itself and stays open when the store refuses, so no
answer typed is lost to an error; it dismisses with the response saved, or None. Resuming,
it sends only what was changed in it: the store keeps the rest of the response as it is
then, with whatever a teammate (another pstui, the CLI) saved in it meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, TextArea

from pstui.i18n import N_, _, ngettext
from pstui.model.dates import parse_due
from pstui.model.survey import Question, Response, Survey
from pstui.model.text import printable
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.unsaved import ask_to_drop
from pstui.ui.survey_text import scale_name
from pstui.ui.widgets.form import (
    FORM_CSS,
    date_problem,
    date_reading,
    field_row,
    fit_to_height,
    kept_text,
    line_input,
    read_only_fields,
)
from pstui.ui.widgets.scale_question import ScaleQuestion
from pstui.ui.widgets.styled import Styled

if TYPE_CHECKING:
    from pstui.ui.app import PstuiApp

# Rows of the form around its questions: frame, heading, about, two fields, a note, the
# progress and the hint.
AROUND_QUESTIONS = 10
HINT = N_("ctrl+s: save as answered · ctrl+r: save part way, resume later · Esc: back")


class ResponseForm(ModalScreen["Response | None"], PstuiScreen):
    """A new response to `survey_id`, or the partial response `resume` continued."""

    CHANGES = frozenset({"save", "save_partial"})

    CSS_PATH = [FORM_CSS, "response_form.tcss"]
    AUTO_FOCUS = "#question-1"
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+s",
            "save",
            N_("Save answered"),
            id="response-save",
            tooltip=N_("Save the response as answered: it counts in the scores"),
        ),
        Binding(
            "ctrl+r",
            "save_partial",
            N_("Save part way"),
            id="response-save-partial",
            tooltip=N_(
                "Save the answers entered so far, to resume later (r on the surveys screen)"
            ),
        ),
        Binding(
            "escape",
            "cancel",
            N_("Back"),
            id="response-cancel",
            tooltip=N_("Back out; with answers entered, asks whether to keep them"),
        ),
        # Keys that move the focus are the form's, and priority ones: the app runs them as
        # each key arrives. A widget's own binding would run from its queue, where keys typed
        # fast behind it have already been sent: "4 Enter 5 Enter" would answer one question.
        Binding("tab", "next_field", N_("Next"), show=False, priority=True, id="response-next"),
        Binding(
            "shift+tab",
            "previous_field",
            N_("Previous"),
            show=False,
            priority=True,
            id="response-previous",
        ),
        Binding(
            "enter",
            "enter",
            N_("Next question"),
            show=False,
            priority=True,
            id="response-enter",
            tooltip=N_("The next question (in the text box: a new line)"),
        ),
        Binding(
            "down,j",
            "question(1)",
            N_("Next question"),
            show=False,
            priority=True,
            id="response-down",
        ),
        Binding(
            "up,k",
            "question(-1)",
            N_("Previous question"),
            show=False,
            priority=True,
            id="response-up",
        ),
    ]

    if TYPE_CHECKING:

        @property
        def app(self) -> PstuiApp: ...

    def __init__(self, survey_id: str, resume: str | None = None) -> None:
        super().__init__()
        self.survey_id = survey_id
        self.resume = resume
        self.survey: Survey | None = None
        self.resumed: Response | None = None
        self._opened_with: tuple[object, ...] | None = None
        # The answers, respondent and day as the form showed them when it opened: what is
        # sent on saving is what differs from these, the rest left to the store.
        self._loaded: dict[str, int | str | None] = {}
        self._loaded_fields: dict[str, str] = {}

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        self.survey = survey = repo.surveys.get(self.survey_id)
        self.resumed = resumed = repo.surveys.response(self.resume) if self.resume else None
        with Vertical(id="response-form", classes="form"):
            yield Label(self._heading(survey), id="response-heading")
            yield Label(self._about(survey, resumed), id="response-about")
            respondent = resumed.respondent if resumed else survey.contact
            yield field_row(
                _("Respondent"),
                line_input(respondent, id="response-respondent", placeholder=_("who answered")),
            )
            day = resumed.answered_on if resumed else self.app.today.isoformat()
            yield field_row(
                _("Answered on"),
                Input(day, placeholder=_("2026-11-20 or today"), id="response-date"),
            )
            yield Label("", id="response-date-note", classes="note")
            with VerticalScroll(id="response-questions"):
                yield from self._questions(survey, resumed)
            yield Label("", id="response-progress")
            yield Label(Text(_(HINT)), id="response-hint")

    def _heading(self, survey: Survey) -> Content:
        repo = self.app.repo
        short = repo.surveys.short_id(survey.id)
        heading = _("Resume the response to {survey}") if self.resume else _("Response to {survey}")
        text = Styled(_("READ-ONLY") + "  " if repo.read_only else "", style="bold")  # first
        text.append(heading.format(survey=short) + " ", style="bold")
        text.append(printable(survey.title), style="bold")
        return text.content()

    def _about(self, survey: Survey, resumed: Response | None) -> Content:
        repo = self.app.repo
        card = repo.cards.label_of(survey.card) or _("a card no longer here")
        text = Styled(printable(card))
        sent = _("sent to {contact} on {day}").format(
            contact=printable(survey.contact), day=survey.sent_on
        )
        text.append(" · " + sent)
        if survey.due:
            text.append(" · " + _("due {day}").format(day=survey.due))
        if resumed is not None:
            part = _("part saved on {day}").format(day=resumed.answered_on)
            text.append(" · " + part, style="bold")
        return text.content()

    def _questions(self, survey: Survey, resumed: Response | None) -> ComposeResult:
        total = len(survey.questions)
        for number, question in enumerate(survey.questions, 1):
            saved = resumed.answer(question.id) if resumed else None
            if question.numeric:
                value = saved.number if saved else None
                yield ScaleQuestion(
                    question,
                    number,
                    total,
                    value,
                    locked=saved is not None,
                    id=f"question-{number}",
                )
            else:
                text = printable(str(saved.value), keep_newlines=True) if saved else ""
                with Vertical(classes="text-question"):
                    yield Label(_text_heading(question, number, total), classes="question-text")
                    yield TextArea(text, id=f"question-{number}", soft_wrap=True)

    def on_mount(self) -> None:
        self.lay_out()
        self.check()
        if self.app.repo.read_only:
            read_only_fields(self)
        self._opened_with = self.snapshot()
        self._loaded = self.values(cleared=True)
        self._loaded_fields = {name: self._field(name) for name in ("respondent", "date")}
        if self.resumed is not None:
            # Typing goes to the first question left blank, never over a saved answer. Set
            # now, before the keys already typed are sent on (AUTO_FOCUS comes later); in
            # view once laid out, the least scroll that shows it (the answers above it stay
            # in sight where they fit), not centred.
            blank = self._first_blank()
            self.set_focus(blank, scroll_visible=False)
            box = self.query_one("#response-questions", VerticalScroll)
            self.call_after_refresh(box.scroll_to_widget, blank, animate=False)

    def _first_blank(self) -> Widget:
        """The first scale question not answered; else the first empty text; else the
        first question."""
        assert self.survey is not None
        blank_scale = next((w for w in self.scales if w.value is None), None)
        if blank_scale is not None:
            return blank_scale
        for number, question in enumerate(self.survey.questions, 1):
            if not question.numeric:
                area = self.query_one(f"#question-{number}", TextArea)
                if not area.text.strip():
                    return area
        return self.query_one("#question-1")

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The questions take the height the rest of the form leaves."""
        box = self.query_one("#response-questions", VerticalScroll)
        fit_to_height(box, AROUND_QUESTIONS, least=4)

    # ----- reading the form -------------------------------------------------------------------

    @property
    def scales(self) -> list[ScaleQuestion]:
        return list(self.query(ScaleQuestion).results(ScaleQuestion))

    def values(self, *, cleared: bool = False) -> dict[str, int | str | None]:
        """The answers as `surveys.respond` takes them: question id -> value; with
        `cleared`, the scale questions left blank too (None)."""
        assert self.survey is not None
        values: dict[str, int | str | None] = {}
        for widget in self.scales:
            if widget.value is not None or cleared:
                values[widget.question.id] = widget.value
        for number, question in enumerate(self.survey.questions, 1):
            if not question.numeric:
                area = self.query_one(f"#question-{number}", TextArea)
                saved = self.resumed.answer(question.id) if self.resumed else None
                stored = str(saved.value) if saved else None
                values[question.id] = kept_text(area.text.strip(), stored, long=True)
        return values

    def changed_values(self) -> dict[str, int | str | None]:
        """The answers changed in the form since it opened (None: cleared). A new response
        has nothing else: every answer given. A resumed one sends only these, so that the
        store keeps the others as they are now, not as the form read them."""
        values = self.values(cleared=True)
        if self.resumed is None:
            return {qid: value for qid, value in values.items() if value not in (None, "")}
        return {
            qid: (value if value != "" else None)
            for qid, value in values.items()
            if value != self._loaded.get(qid)
        }

    def _field(self, name: str) -> str:
        return self.query_one(f"#response-{name}", Input).value

    def _edited_field(self, name: str) -> bool:
        """Whether the respondent or the day was changed in the form (always, for a new
        response: nothing else would set them)."""
        return self.resumed is None or self._field(name) != self._loaded_fields.get(name)

    def snapshot(self) -> tuple[object, ...]:
        """Everything the user can change, to tell whether they did."""
        return (
            tuple(sorted(self.values().items())),
            self._field("respondent"),
            self._field("date"),
        )

    @property
    def edited(self) -> bool:
        return self._opened_with is not None and self.snapshot() != self._opened_with

    def answered_on(self) -> str | None:
        """The day typed, checked; None (and the note says why) when it will not do."""
        return parse_due(self.query_one("#response-date", Input).value, self.app.today)

    def problems(self) -> dict[str, str]:
        """What stops saving, by field id; empty when the response can be saved."""
        assert self.survey is not None
        found: dict[str, str] = {}
        if not self.query_one("#response-respondent", Input).value.strip():
            found["response-respondent"] = _("who answered? (the contact, or another name)")
        typed = self.query_one("#response-date", Input).value
        problem = date_problem(typed, self.app.today)
        if not problem:
            day = parse_due(typed, self.app.today)
            if day is None:
                problem = _("the day the client answered")
            elif day < self.survey.sent_on:
                problem = _("before the survey was sent ({day})").format(day=self.survey.sent_on)
            elif day > self.app.today.isoformat():
                problem = _("a day still to come: answers are entered once given")
        if problem:
            found["response-date"] = problem
        return found

    # ----- checking as typed ------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(ScaleQuestion.Changed)
    def check(self) -> None:
        problems = self.problems()
        for name in ("response-respondent", "response-date"):
            self.query_one(f"#{name}", Input).set_class(name in problems, "-problem")
        note = self.query_one("#response-date-note", Label)
        if "response-date" in problems or "response-respondent" in problems:
            note.update(Text(problems.get("response-date") or problems["response-respondent"]))
            note.add_class("-problem")
        else:
            note.update(date_reading(self.answered_on(), self.app.today))
            note.remove_class("-problem")
        self.query_one("#response-progress", Label).update(self._progress())

    @property
    def all_answered(self) -> bool:
        """Whether every scale question has an answer in the form."""
        return all(w.value is not None for w in self.scales)

    def _progress(self) -> Content:
        scales = self.scales
        answered = sum(w.value is not None for w in scales)
        asked = len(scales)
        progress = ngettext(
            "{answered} of {n} scale question answered",
            "{answered} of {n} scale questions answered",
            asked,
        ).format(answered=answered, n=asked)
        text = Styled(progress, style="bold")
        if answered == asked and not self.app.repo.read_only:
            text.append(" · " + _("ctrl+s saves it as answered"))
        return text.content()

    # ----- moving between fields ---------------------------------------------------------------

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_enter(self) -> None:
        if isinstance(self.focused, TextArea):
            raise SkipAction()  # a new line
        self.focus_next()

    def action_question(self, step: int) -> None:
        if not isinstance(self.focused, ScaleQuestion):
            raise SkipAction()  # j and k are letters in a text, up and down move in it
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    # ----- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._refused():
            return
        missing = [w.question for w in self.scales if w.value is None]
        if not missing:
            self.save(complete=True)
            return
        choices = [
            ("back", _("Back to the questions")),
            ("complete", _("Save as answered: the client left them blank")),
            ("partial", _("Save part way, to resume later")),
        ]

        def chosen(answer: str | None) -> None:
            if answer in ("complete", "partial"):
                self.save(complete=answer == "complete")
            else:
                self._focus_question(missing[0])

        blank = ngettext(
            "{n} scale question not answered", "{n} scale questions not answered", len(missing)
        ).format(n=len(missing))
        prompt = ChoicePrompt(blank, choices, selected="back")
        self.app.push_screen(prompt, chosen)

    def action_save_partial(self) -> None:
        if self._refused():
            return
        if not any(str(v).strip() for v in self.values().values()) and self.resumed is None:
            self.app.notify(_("Nothing answered yet: nothing to save."), severity="warning")
            return
        self.save(complete=False)

    def _refused(self) -> bool:
        """Whether a field stops saving: the bell, the field focused, the note says why."""
        problems = self.problems()
        if not problems:
            return False
        self.check()
        self.app.bell()
        self.query_one(f"#{next(iter(problems))}").focus()
        return True

    def _focus_question(self, question: Question) -> None:
        assert self.survey is not None
        number = self.survey.questions.index(question) + 1
        self.query_one(f"#question-{number}").focus()

    def save(self, *, complete: bool) -> None:
        repo = self.app.repo
        assert self.survey is not None
        respondent: str | None = None
        if self._edited_field("respondent"):
            stored = self.resumed.respondent if self.resumed else self.survey.contact
            respondent = kept_text(self._field("respondent").strip(), stored)
        answered_on = self.answered_on() if self._edited_field("date") else None
        values = self.changed_values()
        done = self.attempt(
            lambda: repo.surveys.respond(
                self.survey_id,
                values,
                respondent=respondent,
                answered_on=answered_on,
                complete=complete,
                resume=self.resume,
            )
        )
        if done:
            self._opened_with = None
            self.dismiss(done.made)

    def action_cancel(self) -> None:
        if not self.edited:
            self.dismiss(None)
            return

        # Every scale question answered: saved as answered, as ctrl+s would; else part way.
        complete = self.all_answered

        save_words = (
            _("Save these answers as answered and go back")
            if complete
            else _("Save these answers part way and go back")
        )
        ask_to_drop(
            self.app,
            _("these answers"),
            save=self.action_save if complete else self.action_save_partial,
            drop=lambda: self.dismiss(None),
            save_words=save_words,
        )


def _text_heading(question: Question, number: int, total: int) -> Content:
    text = Styled(f" {number}/{total} ", style="bold")
    text.append(f"{scale_name(question.scale)}  ", style="$text-muted")
    text.append(printable(question.text))
    return text.content()
