"""A card's retrospective, in one keyboard form: the review held as an engagement closes.

When it was held; whether the goals were met (not assessed yet, yes, partly, no) and a note; the planned and
actual start and end (the slip in days follows as they are typed); the planned and actual
budget (the variance in percent follows); what went well and what to improve; and the
actions, each of which can become an improvement card with one key.

ctrl+s saves the fields (the first save creates the retrospective and ticks the card's
review-meeting item); the actions are saved as they are added, removed or made cards, which
saves the fields first if the retrospective is not there yet. ctrl+l writes a lesson from
it. Escape backs out, asking first when an edit is not saved.

Saving sends the fields changed in the form since it showed the retrospective, not all of
them: a field a teammate changed meanwhile (another pstui, the CLI) keeps their value. Tab,
shift+Tab and Enter (in a one-line field) move the focus as each key arrives, so that a
word typed fast behind them goes to the next field, not the last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pendulum
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Static, TextArea

from pstui.i18n import N_, _, ngettext, pgettext
from pstui.model.card import Card
from pstui.model.dates import DateError, parse_due
from pstui.model.retro import DATES, Action, Goals, Retro
from pstui.model.text import fit, printable
from pstui.store.errors import StoreError
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.lesson_form import LessonForm
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.unsaved import ask_to_drop
from pstui.ui.widgets.action_list import ActionList
from pstui.ui.widgets.form import (
    FORM_CSS,
    Cycle,
    amount_text,
    date_problem,
    date_reading,
    field_row,
    field_values,
    kept_text,
    line_input,
    read_amount,
    read_only_fields,
)
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled

AMOUNTS = ("budget_planned", "budget_actual")
LONG = ("went_well", "to_improve")
FIELDS = ("held_on", "goals", "goals_note", *DATES, *AMOUNTS, *LONG)  # as `retros.save` takes
SPANS = (("planned_start", "planned_end"), ("actual_start", "actual_end"))
BACKWARDS = N_("the end is before the start")
ROOMY_HEIGHT = 34  # from this many lines, fields get a blank line between them


def wid(name: str) -> str:
    """The widget id of a retrospective field: held_on -> retro-held-on."""
    return "retro-" + name.replace("_", "-")


def goal_choices() -> list[tuple[str, str]]:
    """The answers to "goals met" (stored value, words shown), in the interface language."""
    return [
        (Goals.UNASSESSED.value, _("not assessed")),
        (Goals.YES.value, pgettext("goals met", "yes, met")),
        (Goals.PARTLY.value, pgettext("goals met", "partly")),
        (Goals.NO.value, pgettext("goals met", "no")),
    ]


def slip_reading(slip: int | None) -> Content:
    """The schedule slip in words; late in the error colour, early or on time in success."""
    if slip is None:
        return Content(_("slip: needs the planned and the actual end"))
    if slip == 0:
        return Styled(_("on time"), style="$success bold").content()
    days = abs(slip)
    if slip > 0:
        late = ngettext("+{n} day late", "+{n} days late", days).format(n=days)
        return Styled(late, style="$error bold").content()
    early = ngettext("-{n} day early", "-{n} days early", days).format(n=days)
    return Styled(early, style="$success bold").content()


def variance_reading(variance: float | None) -> Content:
    """The budget variance in percent; over in the error colour, under or on it in success."""
    if variance is None:
        return Content(_("variance: needs both amounts"))
    if abs(variance) < 0.05:
        return Styled(_("on budget"), style="$success bold").content()
    percent = f"{variance:.1f}"
    if variance > 0:
        over = _("+{percent} % over budget").format(percent=percent)
        return Styled(over, style="$error bold").content()
    under = _("{percent} % under budget").format(percent=percent)
    return Styled(under, style="$success bold").content()


class RetroForm(PstuiScreen):
    """The retrospective of card `card_id`: written if there is none, edited if there is."""

    CSS_PATH = [FORM_CSS, "retro_form.tcss"]
    AUTO_FOCUS = "#retro-held-on"
    CHANGES = frozenset({"save", "lesson", "undo"})
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+s", "save", N_("Save"), id="retro-save", tooltip=N_("Save the retrospective")
        ),
        Binding(
            "ctrl+l",
            "lesson",
            N_("Lesson"),
            id="retro-lesson",
            tooltip=N_("Write a lesson from this retrospective (saves it first)"),
        ),
        Binding(
            "escape",
            "back",
            N_("Back"),
            id="retro-back",
            tooltip=N_("Back; asks first when an edit is not saved"),
        ),
        Binding("ctrl+z", "undo", N_("Undo"), show=False, id="retro-undo", tooltip=N_("Undo")),
        # Keys that move the focus are the form's, and priority ones: the app runs them as
        # each key arrives. Textual's own (the app's Tab, an Input's Enter) run once the keys
        # typed fast behind them have been sent to the field they leave.
        Binding(
            "tab",
            "next_field",
            N_("Next"),
            show=False,
            priority=True,
            id="retro-next",
            tooltip=N_("The next field"),
        ),
        Binding(
            "shift+tab",
            "previous_field",
            N_("Previous"),
            show=False,
            priority=True,
            id="retro-previous",
            tooltip=N_("The field before"),
        ),
        Binding(
            "enter",
            "enter",
            N_("Next field"),
            show=False,
            priority=True,
            id="retro-enter",
            tooltip=N_("In a one-line field, the next field (in a text: a new line)"),
        ),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self._saved_values: dict[str, str] = {}  # the fields as the store holds them
        self._written: tuple[tuple[int, str], int] = ((-1, ""), 0)  # per lessons version, retro

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="retro-title")
        with VerticalScroll(id="retro-fields", classes="form"):
            yield field_row(
                _("Held on"),
                self._date("held_on"),
                Static(id="retro-held-on-note", classes="reading"),
            )
            goals = Cycle(goal_choices(), Goals.UNASSESSED.value, id="retro-goals")
            yield field_row(_("Goals met"), goals)
            yield field_row(
                _("Goals note"),
                line_input("", id="retro-goals-note", placeholder=_("what was met, what was not")),
            )
            yield self._span(_("Planned"), "planned", "retro-planned-note")
            yield self._span(_("Actual"), "actual", "retro-slip")
            yield field_row(
                _("Budget"),
                self._amount("budget_planned", _("planned")),
                Label("→", classes="between"),
                self._amount("budget_actual", _("actual")),
                Static(id="retro-variance", classes="reading"),
            )
            yield field_row(_("Went well"), TextArea(id="retro-went-well", soft_wrap=True))
            yield field_row(_("To improve"), TextArea(id="retro-to-improve", soft_wrap=True))
            yield field_row(
                _("Actions"),
                ActionList(self.app.repo.cards.short_id, id="retro-actions"),
                id="retro-actions-row",
            )
        yield KeyFooter()

    def _date(self, name: str) -> Input:
        return Input(placeholder="YYYY-MM-DD", id=wid(name), classes="date")

    def _amount(self, name: str, placeholder: str) -> Input:
        return Input(placeholder=placeholder, id=wid(name), classes="amount")

    def _span(self, label: str, which: str, note: str) -> Horizontal:
        return field_row(
            label,
            self._date(f"{which}_start"),
            Label("→", classes="between"),
            self._date(f"{which}_end"),
            Static(id=note, classes="reading"),
        )

    @property
    def actions(self) -> ActionList:
        return self.query_one("#retro-actions", ActionList)

    @property
    def today(self) -> pendulum.Date:
        return self.app.today

    def on_mount(self) -> None:
        self.lay_out()
        self.load(self.retro)
        if self.app.repo.read_only:
            read_only_fields(self)

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """A blank line between fields where the terminal has the room for it."""
        height = self.size.height or self.app.size.height
        self.query_one("#retro-fields").set_class(height >= ROOMY_HEIGHT, "-roomy")

    # ----- the store's retrospective in the fields ---------------------------------------------

    @property
    def retro(self) -> Retro | None:
        try:
            return self.app.repo.retros.of_card(self.card_id)
        except StoreError as err:
            self.app.notify(err.message, title=_("Cannot read the retrospective"), severity="error")
            return None

    def load(self, retro: Retro | None, *, keep: frozenset[str] = frozenset()) -> None:
        """Show `retro` (a new one's defaults when None) in the fields, as saved; the fields
        named in `keep` (as `retros.save` names them) stay as they are."""
        shown = self._shown(retro)
        for name in FIELDS:
            if name in keep:
                continue
            widget = self.query_one(f"#{wid(name)}")
            if isinstance(widget, Cycle):
                widget.set_choices(goal_choices(), shown[name])
            elif isinstance(widget, TextArea):
                if widget.text != shown[name]:  # the same: the cursor stays where it is
                    widget.load_text(shown[name])
            elif isinstance(widget, Input) and widget.value != shown[name]:
                widget.value = shown[name]
        self.show_actions()
        self.check()
        self._saved_values = field_values(self)
        self.show_title()

    def _shown(self, retro: Retro | None) -> dict[str, str]:
        """Each field of `retro` as the form shows it (a new one's defaults when None)."""
        if retro is None:
            card = self._card()
            shown = dict.fromkeys(FIELDS, "")
            shown["held_on"] = self.today.isoformat()
            shown["goals"] = Goals.UNASSESSED.value
            # Where a new review starts: the card's due date.
            shown["planned_end"] = (card.due or "") if card is not None else ""
            return shown
        shown = {name: printable(getattr(retro, name) or "") for name in ("held_on", *DATES)}
        shown["goals"] = retro.goals.value
        shown["goals_note"] = printable(retro.goals_note)
        for name in AMOUNTS:
            shown[name] = amount_text(getattr(retro, name))
        for name in LONG:
            shown[name] = printable(getattr(retro, name), keep_newlines=True)
        return shown

    def _card(self) -> Card | None:
        """The card, or None when it is gone (removed on another clone)."""
        cards = self.app.repo.cards
        return cards.get(self.card_id) if cards.has(self.card_id) else None

    def show_changes(self, keep: str | None = None) -> None:
        """After a change (an action, an undo, a reload): the actions as stored; the fields
        too, unless they hold edits not saved yet."""
        if self.edited:
            self.show_actions(keep)
            self.show_title()
        else:
            self.load(self.retro)

    def show_actions(self, keep: str | None = None) -> None:
        retro = self.retro
        table = self.actions
        table.card_width = max(4, self.app.repo.cards.short_id_length)
        table.set_rows(list(retro.actions) if retro else [], keep=keep)

    @property
    def edited(self) -> bool:
        return bool(self._saved_values) and field_values(self) != self._saved_values

    def show_title(self) -> None:
        repo = self.app.repo
        card = self._card()
        title = Styled(" " + _("Retrospective") + " ", style="$accent bold reverse")
        short = repo.cards.short_id(self.card_id)
        name = fit(printable(card.title), 40, pad=False) if card else _("(a card no longer here)")
        title.append(" " + _("of {card}").format(card=f"{short} {name}"), style="bold")
        retro = self.retro
        if self.edited:
            title.append("  " + _("● not saved (ctrl+s)"), style="$warning bold")
        elif retro is None:
            title.append("  " + _("new: ctrl+s saves it"))
        else:
            title.append("  " + _("saved · by {who}").format(who=printable(retro.by)))
            written = self._lessons_written(retro)
            if written:
                lessons = ngettext("{n} lesson", "{n} lessons", written).format(n=written)
                title.append(" · " + lessons)
        if repo.read_only:
            title.append("  " + _("READ-ONLY"), style="bold")
        self.query_one("#retro-title", Static).update(title.content(), layout=False)

    def _lessons_written(self, retro: Retro) -> int:
        """How many lessons were written from `retro` (counted once per change of lessons)."""
        lessons = self.app.repo.lessons
        key = (lessons.version, retro.id)
        kept, count = self._written
        if kept != key:
            count = sum(lesson.retro == retro.id for lesson in lessons.search(card=self.card_id))
            self._written = (key, count)
        return count

    # ----- checking as typed ------------------------------------------------------------------

    def _typed(self, name: str) -> str:
        return self.query_one(f"#{wid(name)}", Input).value

    def problems(self) -> dict[str, str]:
        """What is wrong, by field id; empty when the form can be saved."""
        found: dict[str, str] = {}
        if not self._typed("held_on").strip():
            found[wid("held_on")] = _("the day it was held is needed")
        for name in ("held_on", *DATES):
            problem = date_problem(self._typed(name), self.today)
            if problem:
                found.setdefault(wid(name), problem)
        for start, end in SPANS:
            first, last = self._day(start), self._day(end)
            if first and last and last < first:
                found.setdefault(wid(end), _(BACKWARDS))
        for name in AMOUNTS:
            try:
                read_amount(self._typed(name))
            except ValueError as err:
                found[wid(name)] = str(err)
        return found

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Cycle.Changed)
    def check(self) -> None:
        """Mark what is wrong; read the dates, the slip and the variance as they stand."""
        problems = self.problems()
        for box in self.query("#retro-fields Input").results(Input):
            box.set_class(box.id in problems, "-problem")
        self._note("#retro-held-on-note", problems.get(wid("held_on")), self._held_reading)
        span = ("planned_start", "planned_end")
        self._note("#retro-planned-note", self._first(problems, span), self._planned_reading)
        actual = ("actual_start", "actual_end")
        self._note("#retro-slip", self._first(problems, actual), self._slip_reading)
        self._note("#retro-variance", self._first(problems, AMOUNTS), self._variance_reading)
        if self._saved_values:
            self.show_title()

    @staticmethod
    def _first(problems: dict[str, str], names: tuple[str, ...]) -> str | None:
        return next((problems[wid(n)] for n in names if wid(n) in problems), None)

    def _note(self, selector: str, problem: str | None, reading: Callable[[], Content]) -> None:
        note = self.query_one(selector, Static)
        note.set_class(bool(problem), "-problem")
        note.update(Content(problem) if problem else reading(), layout=False)

    def _day(self, name: str) -> str | None:
        try:
            return parse_due(self._typed(name), self.today)
        except DateError:
            return None

    def _held_reading(self) -> Content:
        return date_reading(self._day("held_on"), self.today)

    def _planned_reading(self) -> Content:
        start, end = self._day("planned_start"), self._day("planned_end")
        if start and end:
            days = (pendulum.Date.fromisoformat(end) - pendulum.Date.fromisoformat(start)).days
            return Content(ngettext("{n} day planned", "{n} days planned", days).format(n=days))
        return Content(_("start → end"))

    def _outcome(self) -> Retro:
        """A retrospective of the dates and amounts as typed, for its slip and variance."""
        outcome = Retro("", "", "", "", "", "")
        for name in DATES:
            setattr(outcome, name, self._day(name))
        for name in AMOUNTS:
            try:
                setattr(outcome, name, read_amount(self._typed(name)))
            except ValueError:
                setattr(outcome, name, None)
        return outcome

    def _slip_reading(self) -> Content:
        return slip_reading(self._outcome().schedule_slip)

    def _variance_reading(self) -> Content:
        return variance_reading(self._outcome().budget_variance)

    # ----- saving -----------------------------------------------------------------------------

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_enter(self) -> None:
        if not isinstance(self.focused, Input):
            raise SkipAction()  # a new line in a text; the key of the list or the choice
        self.focus_next()

    def fields(self) -> dict[str, Any]:
        """The form's values as `retros.save` takes them (the form has no problems)."""
        retro = self.retro
        values: dict[str, Any] = {
            "held_on": parse_due(self._typed("held_on"), self.today),
            "goals": self.query_one("#retro-goals", Cycle).value,
            "goals_note": kept_text(self._typed("goals_note"), retro.goals_note if retro else None),
        }
        values["goals_note"] = values["goals_note"].strip()
        for name in DATES:
            values[name] = parse_due(self._typed(name), self.today)
        for name in AMOUNTS:
            values[name] = read_amount(self._typed(name))
        for name in LONG:
            typed = self.query_one(f"#{wid(name)}", TextArea).text.strip()
            values[name] = kept_text(typed, getattr(retro, name) if retro else None, long=True)
        return values

    def save(self) -> Retro | None:
        """Save the fields; the retrospective as saved, or None (what was wrong is said)."""
        problems = self.problems()
        if problems:
            self.check()
            self.app.bell()
            self.query_one(f"#{next(iter(problems))}").focus()
            return None
        fields = self.fields()
        changed = frozenset(FIELDS)  # a new retrospective: written whole
        if self.retro is not None:
            # Only what was changed here: a field changed elsewhere meanwhile keeps its value.
            changed = self.changed_fields()
            fields = {name: value for name, value in fields.items() if name in changed}
        done = self.attempt(lambda: self.app.repo.retros.save(self.card_id, **fields))
        if not done:
            return None
        # As saved, with what was changed elsewhere; what was typed here stays as typed.
        self.load(done.made, keep=changed)
        return done.made

    def changed_fields(self) -> frozenset[str]:
        """The fields (as `retros.save` names them) edited since the form showed the
        retrospective."""
        now = field_values(self)
        saved = self._saved_values
        return frozenset(name for name in FIELDS if now.get(wid(name)) != saved.get(wid(name)))

    def action_save(self) -> None:
        if self.save() is not None:
            self.app.notify(_("Saved the retrospective."), timeout=3)

    def saved_retro(self) -> Retro | None:
        """The retrospective, saved first if it is not in the store yet (the actions and the
        lessons hang on it)."""
        retro = self.retro
        return retro if retro is not None else self.save()

    def action_back(self) -> None:
        if not self.edited:
            self.dismiss_all()
            return

        def save_and_back() -> None:
            if self.save() is not None:
                self.dismiss_all()

        ask_to_drop(self.app, _("the retrospective"), save=save_and_back, drop=self.dismiss_all)

    # ----- actions ----------------------------------------------------------------------------

    def _action_or_say(self) -> tuple[Retro, Action] | None:
        retro, action = self.retro, self.actions.current
        if retro is None or action is None:
            self.app.notify(_("No action here: a adds one."), severity="warning")
            return None
        return retro, action

    def action_add_action(self) -> None:
        def added(text: str | None) -> None:
            if not text:
                return
            retro = self.saved_retro()
            if retro is None:
                return
            done = self.attempt(lambda: self.app.repo.retros.add_action(retro.id, text))
            if done:
                self.show_actions(keep=done.made.id)

        prompt = TextPrompt(
            _("New action"),
            placeholder=_("what is to be done, and by whom"),
            hint=_("Enter adds it; c then makes it an improvement card"),
            required=True,
        )
        self.app.push_screen(prompt, added)

    def action_edit_action(self) -> None:
        found = self._action_or_say()
        if found is None:
            return
        retro, action = found

        def edited(text: str | None) -> None:
            if text and text != action.text:
                edit = self.app.repo.retros.edit_action
                if self.attempt(lambda: edit(retro.id, action.id, text)):
                    self.show_actions(keep=action.id)

        self.app.push_screen(TextPrompt(_("Edit action"), action.text, required=True), edited)

    def action_remove_action(self) -> None:
        found = self._action_or_say()
        if found is None:
            return
        retro, action = found
        self.confirm(
            _("Remove the action {action}?").format(action=repr(printable(action.text))),
            _("Yes, remove it (ctrl+z undoes)"),
            lambda: self.attempt(lambda: self.app.repo.retros.remove_action(retro.id, action.id)),
        )

    def action_action_card(self) -> None:
        found = self._action_or_say()
        if found is None:
            return
        retro, action = found
        repo = self.app.repo
        done = self.attempt(lambda: repo.retros.action_to_card(retro.id, action.id), keep=action.id)
        if done:
            card = done.made
            self.app.notify(
                _("Made card {card} on the board.").format(card=printable(repo.cards.label(card)))
            )

    # ----- a lesson from it -------------------------------------------------------------------

    def action_lesson(self) -> None:
        retro = self.saved_retro() if not self.edited else self.save()
        if retro is None:
            return
        repo = self.app.repo
        label = printable(repo.cards.label_of(self.card_id) or self.card_id)

        def written(fields: dict[str, Any] | None) -> None:
            if fields is None:
                return
            values = dict(fields)
            title = str(values.pop("title"))
            done = self.attempt(lambda: repo.lessons.add(title, **values))
            if done:
                lesson = printable(repo.lessons.label(done.made))
                self.app.notify(_("Wrote lesson {lesson}.").format(lesson=lesson))

        form = LessonForm(
            card_id=self.card_id,
            retro_id=retro.id,
            text=retro.to_improve,
            heading=_("New lesson from the retrospective of {card}").format(card=label),
        )
        self.app.push_screen(form, written)
