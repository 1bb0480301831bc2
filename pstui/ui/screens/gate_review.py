"""The gate review: what the stage's exit asks for, what is missing, and the four decisions."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pstui.i18n import N_, _, ngettext
from pstui.model.card import Card, Outcome
from pstui.model.text import fit, printable
from pstui.model.workflow import Workflow
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.widgets.form import fit_to_height
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled

# Rows of the review around its criteria: frame, heading, card and the blank under it, the
# blank over the verdict and the verdict (two lines at 60 columns), and the footer.
AROUND_ITEMS = 9


@dataclass(frozen=True)
class GateChoice:
    outcome: Outcome
    note: str = ""
    recycle_to: str | None = None


class GateReview(ModalScreen[GateChoice | None], PstuiScreen):
    CSS_PATH = "gate_review.tcss"
    CHANGES = frozenset({"go", "hold", "recycle", "kill"})  # a read-only store's is reviewed
    BINDINGS = [
        Binding(
            "g",
            "go",
            N_("Go"),
            id="gate-go",
            tooltip=N_("Go: pass the gate (a reason is needed past open must items)"),
        ),
        Binding(
            "o",
            "hold",
            N_("Hold"),
            id="gate-hold",
            tooltip=N_("Hold: stay in this stage, recorded"),
        ),
        Binding(
            "r",
            "recycle",
            N_("Recycle"),
            id="gate-recycle",
            tooltip=N_("Recycle: send the card back to an earlier stage"),
        ),
        Binding(
            "x",
            "kill",
            N_("Kill"),
            id="gate-kill",
            tooltip=N_("Kill: stop and archive the card (reason needed)"),
        ),
        Binding(
            "escape", "cancel", N_("Back"), id="gate-cancel", tooltip=N_("Back without deciding")
        ),
        Binding("j,down", "scroll_down", N_("Scroll down"), show=False, id="gate-scroll-down"),
        Binding("k,up", "scroll_up", N_("Scroll up"), show=False, id="gate-scroll-up"),
    ]

    def __init__(self, card: Card, workflow: Workflow, short_id: str) -> None:
        super().__init__()
        self.card = card
        self.workflow = workflow
        self.short_id = short_id
        self.missing = card.missing_musts()

    def compose(self) -> ComposeResult:
        stage = self.workflow.stage(self.card.stage)
        following = self.workflow.next_stage(stage.id)
        heading = Styled(_("Gate: {stage}").format(stage=stage.name), style="bold")
        heading.append("  ->  " + (following.name if following else _("closed")))
        with Vertical(id="gate-box"):
            yield Label(heading.content(), id="gate-heading")
            yield Label(
                Styled(f"{self.short_id}  {printable(self.card.title)}").content(), id="gate-card"
            )
            with VerticalScroll(id="gate-items"):
                yield Static(self._items_text(), id="gate-list")
            yield Label(self._verdict(), id="gate-verdict")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.lay_out()

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The criteria take the height the rest of the review leaves."""
        fit_to_height(self.query_one("#gate-items", VerticalScroll), AROUND_ITEMS, least=3)

    def _items_text(self) -> Content:
        text = Styled()
        if not self.card.checklist:
            text.append(_("This stage's gate has no criteria."), style="italic")
        for item in self.card.checklist:
            mark = "[x]" if item.done else "[ ]"
            level = fit(_("must") if item.must else _("should"), 6)
            style = (
                "$error bold"
                if item.must and not item.done
                else ("$text-muted" if item.done else "")
            )
            text.append(f"{mark} {level} ", style=style)
            text.append(printable(item.text), style=style)
            if item.owner:
                text.append(f"  @{printable(item.owner)}", style="$text-muted")
            if item.done and item.source:
                text.append(f"  · {printable(item.source)}", style="$text-muted")
            text.append("\n")
        return text.content()

    def _verdict(self) -> Content:
        if not self.missing:
            verdict = Styled(_("Every must item is done: Go passes the gate."), "$success bold")
        else:
            count = len(self.missing)
            verdict = Styled(
                ngettext(
                    "{n} must item(s) open: Go needs a reason, or Hold, Recycle, Kill.",
                    "{n} must item(s) open: Go needs a reason, or Hold, Recycle, Kill.",
                    count,
                ).format(n=count),
                "bold",
            )
        return verdict.content()

    def action_scroll_down(self) -> None:
        self.query_one("#gate-items").scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#gate-items").scroll_up(animate=False)

    def _decide_with_note(
        self,
        outcome: Outcome,
        question: str,
        *,
        required: bool = False,
        hint: str = "",
        recycle_to: str | None = None,
    ) -> None:
        """Ask for the decision's note, then close the review with the decision."""

        def answered(note: str | None) -> None:
            if note is not None and (note or not required):
                self.dismiss(GateChoice(outcome, note, recycle_to=recycle_to))

        self.app.push_screen(TextPrompt(question, required=required, hint=hint), answered)

    def action_go(self) -> None:
        if not self.missing:
            self.dismiss(GateChoice(Outcome.GO))
            return
        self._decide_with_note(
            Outcome.GO,
            _("Go past open must items: why?"),
            required=True,
            hint=_("The reason is recorded with the decision."),
        )

    def action_hold(self) -> None:
        self._decide_with_note(Outcome.HOLD, _("Hold at this gate: note (optional)"))

    def action_recycle(self) -> None:
        earlier = self.workflow.earlier_stages(self.card.stage)
        if not earlier:
            self.notify(
                _("This is the first stage: there is nowhere to recycle to."), severity="warning"
            )
            return
        choices = [(s.id, s.name) for s in earlier]
        self.app.push_screen(
            ChoicePrompt(_("Recycle to which stage?"), choices, earlier[-1].id),
            self._recycle_reason,
        )

    def _recycle_reason(self, stage_id: str | None) -> None:
        if stage_id is not None:
            self._decide_with_note(
                Outcome.RECYCLE, _("Recycle: what needs rework? (optional)"), recycle_to=stage_id
            )

    def action_kill(self) -> None:
        self._decide_with_note(
            Outcome.KILL,
            _("Kill this card: why?"),
            required=True,
            hint=_("The card is archived with the decision; undo brings it back."),
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
