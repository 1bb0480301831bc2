"""Card detail: every field, the current stage's checklist (space ticks), past stages, history.

The detail is a page taller than the terminal: 1 to 6 jump to its sections (each section's
rule shows its key) and PgDn, PgUp, Home, End scroll the page, while j and k (and the arrows)
move the checklist's cursor, the one list here that has one.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pstui.i18n import N_, _, ngettext
from pstui.model.card import Card, ChecklistItem, kind_label, outcome_label
from pstui.model.conflict_text import conflict_summary
from pstui.model.dates import DATE_HELP, humanize_due, is_overdue, parse_due
from pstui.model.gate import note_label
from pstui.model.retro import goals_label
from pstui.model.risk import level_label
from pstui.model.risk import status_label as risk_status_label
from pstui.model.standup import edit_words, hold_of, hold_words
from pstui.model.survey import Status, status_label
from pstui.model.text import fit, printable
from pstui.store.errors import StoreError
from pstui.store.risks import SEVERE
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.card_screen import CARD_BINDINGS, CardScreen, check_due
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.retro_form import RetroForm, slip_reading, variance_reading
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.surveys import SurveysScreen
from pstui.ui.survey_text import scores_line
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled

# The sections a number key jumps to: (key, the section title's id), in page order.
SECTIONS = [
    ("1", "checklist-title"),
    ("2", "risks-title"),
    ("3", "satisfaction-title"),
    ("4", "review-title"),
    ("5", "past-title"),
    ("6", "history-title"),
]
SECTION_KEYS = "1-6"


class CardDetail(CardScreen):
    CSS_PATH = "card_detail.tcss"
    CHANGES = CardScreen.CHANGES | {
        "toggle_item", "add_item", "edit_item", "item_owner", "item_due", "item_must",
        "remove_item", "delete_card", "to_board",  # not `retro`: its form reads read-only
    }  # fmt: skip
    BINDINGS = [
        Binding(
            "escape",
            "app.pop_screen",
            N_("Back"),
            id="detail-back",
            tooltip=N_("Back to the board"),
        ),
        # One footer entry for the six keys; the others have no words of their own, so help
        # and the palette list the section keys once.
        Binding(
            "1",
            "section('checklist-title')",
            N_("Sections"),
            key_display=SECTION_KEYS,
            id="detail-section-1",
            tooltip=N_(
                "Jump to a section: 1 checklist, 2 risks, 3 satisfaction, 4 review, "
                "5 past stages and decisions, 6 history"
            ),
        ),
        *(
            Binding(key, f"section('{title}')", show=False, id=f"detail-section-{key}")
            for key, title in SECTIONS[1:]
        ),
        # The page scrolls on these even with the checklist focused (its own would move the
        # item cursor, and leave History out of reach).
        Binding(
            "pagedown", "page(1)", N_("Page down"), show=False, priority=True, id="detail-page-down"
        ),
        Binding(
            "pageup", "page(-1)", N_("Page up"), show=False, priority=True, id="detail-page-up"
        ),
        Binding("home", "page_edge(-1)", N_("Top"), show=False, priority=True, id="detail-top"),
        Binding("end", "page_edge(1)", N_("Bottom"), show=False, priority=True, id="detail-bottom"),
        Binding(
            "space",
            "toggle_item",
            N_("Tick"),
            id="item-toggle",
            tooltip=N_("Tick or untick the checklist item"),
        ),
        Binding("n", "add_item", N_("New item"), id="item-add", tooltip=N_("Add a checklist item")),
        Binding(
            "i",
            "edit_item",
            N_("Edit item"),
            show=False,
            id="item-edit",
            tooltip=N_("Edit the item's text"),
        ),
        Binding(
            "o",
            "item_owner",
            N_("Item owner"),
            show=False,
            id="item-owner",
            tooltip=N_("Set the item's owner"),
        ),
        Binding(
            "w",
            "item_due",
            N_("Item due"),
            show=False,
            id="item-due",
            tooltip=N_("Set the item's due date"),
        ),
        Binding(
            "m",
            "item_must",
            N_("Must/should"),
            show=False,
            id="item-must",
            tooltip=N_("Make the item must or should"),
        ),
        Binding(
            "delete",
            "remove_item",
            N_("Remove item"),
            show=False,
            id="item-remove",
            tooltip=N_("Remove the item"),
        ),
        Binding("j", "item_cursor(1)", N_("Next item"), show=False, id="item-down"),
        Binding("k", "item_cursor(-1)", N_("Previous item"), show=False, id="item-up"),
        Binding(
            "R",
            "risks",
            N_("Risks"),
            id="card-risks",
            tooltip=N_("The card's risks in the register: add, review, close"),
        ),
        Binding(
            "V",
            "surveys",
            N_("Surveys"),
            id="card-surveys",
            tooltip=N_(
                "The card's satisfaction surveys: send one, enter the answers, see the scores"
            ),
        ),
        Binding(
            "E",
            "retro",
            N_("Retro"),
            id="card-retro",
            tooltip=N_("The card's retrospective: goals, schedule, budget, lessons, actions"),
        ),
        Binding(
            "W",
            "lessons",
            N_("Lessons"),
            show=False,
            id="card-lessons",
            tooltip=N_("The lessons, FAQ and know-how written from this card"),
        ),
        Binding(
            "B",
            "to_board",
            N_("To board"),
            show=False,
            id="card-to-board",
            tooltip=N_("Move the card to another board, into the stage you choose there"),
        ),
        Binding(
            "X",
            "delete_card",
            N_("Delete"),
            show=False,
            id="card-delete",
            tooltip=N_("Delete the card, after a confirm (u on the board brings it back)"),
        ),
        *CARD_BINDINGS,
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(id="detail-head")
            yield Static(id="detail-fields")
            yield Static(id="detail-description")
            yield Static(id="checklist-title", classes="section")
            yield OptionList(id="checklist")
            yield Static(id="risks-title", classes="section")
            yield Static(id="detail-risks")
            yield Static(
                _("Satisfaction (V opens the surveys)"), id="satisfaction-title", classes="section"
            )
            yield Static(id="detail-satisfaction")
            yield Static(
                _("Review (E the retrospective, W its lessons)"),
                id="review-title",
                classes="section",
            )
            yield Static(id="detail-review")
            yield Static(_("Past stages and decisions"), id="past-title", classes="section")
            yield Static(id="detail-past")
            yield Static(_("History"), id="history-title", classes="section")
            yield Static(id="detail-history")
        yield KeyFooter()

    def on_mount(self) -> None:
        for key, title in SECTIONS:  # the key that jumps here, on the section's rule
            self.query_one(f"#{title}", Static).border_subtitle = f" {key} "
        self.show_changes()
        # The card opens at its top, title first: at 80x24 showing the whole checklist would
        # scroll the title and the fields away before the user has read them.
        self.query_one("#checklist", OptionList).focus(scroll_visible=False)

    @on(OptionList.OptionHighlighted, "#checklist")
    def keep_the_checklist_in_view(self, event: OptionList.OptionHighlighted) -> None:
        """Once the cursor leaves the first item, scroll the detail the least that shows the
        whole checklist: else the cursor could walk items below the fold, out of sight."""
        if event.option_index > 0:
            self._show_checklist()

    def _show_checklist(self) -> None:
        detail = self.query_one("#detail", VerticalScroll)
        detail.scroll_to_widget(self.query_one("#checklist", OptionList), animate=False)

    # ----- moving about the page --------------------------------------------------------------

    def action_section(self, title_id: str) -> None:
        """Scroll the section titled `title_id` to the top of the page (as near as the page's
        end allows)."""
        detail = self.query_one("#detail", VerticalScroll)
        detail.scroll_to_widget(self.query_one(f"#{title_id}"), animate=False, top=True)

    def action_page(self, step: int) -> None:
        detail = self.query_one("#detail", VerticalScroll)
        if step > 0:
            detail.scroll_page_down(animate=False)
        else:
            detail.scroll_page_up(animate=False)

    def action_page_edge(self, step: int) -> None:
        detail = self.query_one("#detail", VerticalScroll)
        if step > 0:
            detail.scroll_end(animate=False)
        else:
            detail.scroll_home(animate=False)

    # ----- data down --------------------------------------------------------------------------

    def current_card(self) -> Card | None:
        repo = self.app.repo
        return repo.cards.get(self.card_id) if repo.cards.has(self.card_id) else None

    def show_changes(self, keep: str | None = None) -> None:
        try:
            card = self.current_card()
        except StoreError as err:  # rewritten on disk into a record pstui cannot read
            self._leave(err.message, _("Cannot read this card"))
            return
        if card is None:
            self._leave(_("This card is gone (removed on another clone)."))
            return
        repo = self.app.repo
        workflow = repo.boards.get(card.board).workflow
        stage_name = workflow.stage(card.stage).name if workflow.has(card.stage) else card.stage
        head = Styled(f"{repo.cards.short_id(card.id)}  ", style="$text-muted")
        head.append(printable(card.title), style="bold")
        self.query_one("#detail-head", Static).update(head.content())
        self.query_one("#detail-fields", Static).update(self._fields(card, stage_name))
        description = printable(card.description, keep_newlines=True) or _("(no description: D)")
        self.query_one("#detail-description", Static).update(Styled(description).content())
        done, total = card.progress
        self.query_one("#checklist-title", Static).update(
            Styled(
                _("Checklist: {stage} ({done}/{total})").format(
                    stage=stage_name, done=done, total=total
                )
            ).content()
        )
        self._fill_checklist(card)
        self._show_risks(card)
        self.query_one("#detail-satisfaction", Static).update(self._satisfaction(card))
        self.query_one("#detail-review", Static).update(self._review(card))
        self.query_one("#detail-past", Static).update(self._past(card))
        self.query_one("#detail-history", Static).update(self._history(card))

    def _fields(self, card: Card, stage_name: str) -> Content:
        today = self.app.today
        text = Styled()
        archived = "  " + _("(archived)") if card.archived else ""
        rows = [
            (_("Stage"), printable(stage_name) + archived),
            (_("Kind"), printable(kind_label(card.kind))),
            (_("Assignee"), printable(card.assignee or "-")),
            (_("Client"), printable(card.client or "-")),
            (_("Tags"), printable(" ".join(f"#{t}" for t in card.tags) or "-")),
        ]
        for label, value in rows:
            text.append(_label(label), style="$text-muted")
            text.append(value + "\n")
        text.append(_label(_("Due")), style="$text-muted")
        if card.due:
            late = is_overdue(card.due, today)
            text.append(
                f"{card.due} ({humanize_due(card.due, today)})", style="$error bold" if late else ""
            )
        else:
            text.append("-")
        if card.blocked:
            text.append("\n" + _label(_("Blocked")), style="$text-muted")
            text.append(printable(card.blocked_reason), style="$error bold")
        hold = hold_of(card)
        if hold is not None:  # why it waits at its gate, beside why it is blocked
            text.append("\n" + _label(_("Hold")), style="$text-muted")
            text.append(hold_words(hold), style="$warning bold")
        text.append("\n" + _label(_("Created")), style="$text-muted")
        text.append(card.created_at[:16].replace("T", " "))
        text.append("   " + _("id {id}").format(id=card.id), style="$text-muted")
        return text.content()

    def _fill_checklist(self, card: Card) -> None:
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        # Refilled, the highlight is the user's as before: no scroll to the checklist (a
        # reload while the user reads the history must leave the page where it is).
        with checklist.prevent(OptionList.OptionHighlighted):
            checklist.clear_options()
            checklist.add_options([Option(self._item_text(i), id=i.id) for i in card.checklist])
            if card.checklist:
                checklist.highlighted = min(highlighted or 0, len(card.checklist) - 1)

    def _item_text(self, item: ChecklistItem) -> Content:
        text = Styled(
            "[x] " if item.done else "[ ] ", style="bold" if not item.done else "$text-muted"
        )
        text.append(
            fit(_("must") if item.must else _("should"), 7),
            style="$error" if item.must and not item.done else "$text-muted",
        )
        text.append(printable(item.text), style="$text-muted" if item.done else "")
        if item.owner:
            text.append(f"  @{printable(item.owner)}", style="$text-muted")
        if item.due:
            late = not item.done and is_overdue(item.due, self.app.today)
            text.append(
                f"  {humanize_due(item.due, self.app.today)}",
                style="$error bold" if late else "$text-muted",
            )
        if item.done and item.source:  # ticked by a record: it says where from
            _append_source(text, item)
        elif item.done and item.done_by:
            done_by = _("done by {person}").format(person=printable(item.done_by))
            text.append("  " + done_by, style="$text-muted")
        return text.content()

    def _show_risks(self, card: Card) -> None:
        risks = self.app.repo.risks.listed(card=card.id)
        open_count = sum(r.is_open for r in risks)
        self.query_one("#risks-title", Static).update(
            Styled(_("Risks ({n} open, R opens the register)").format(n=open_count)).content()
        )
        text = Styled()
        for risk in risks:
            shown = "$text-muted" if not risk.is_open else ""
            level = "$error bold" if risk.is_open and risk.level in SEVERE else shown
            text.append(f"{self.app.repo.risks.short_id(risk.id)} ", style="$text-muted")
            text.append(f"{risk.score:>2} {fit(level_label(risk.level), 8)}", style=level)
            text.append(f" {fit(risk_status_label(risk.status), 10)} ", style=shown)
            text.append(printable(risk.title), style=shown)
            if risk.review:
                late = risk.review_overdue(self.app.today)
                review = _("review {date}").format(date=risk.review)
                text.append("  " + review, style="$error bold" if late else "$text-muted")
            text.append("\n")
        if not risks:
            text.append(_("None logged."), style="$text-muted")
        self.query_one("#detail-risks", Static).update(text.content())

    def action_risks(self) -> None:
        if card := self.current_card():
            self.app.push_screen(RiskScreen(card.board, card_id=card.id))

    def _satisfaction(self, card: Card) -> Content:
        """The latest answered survey's scores, then the surveys still waiting for answers."""
        repo, today = self.app.repo, self.app.today
        try:
            latest = repo.surveys.latest_answered(card.id)
            surveys = repo.surveys.listed(card=card.id)
            waiting = [(s, repo.surveys.status(s, today)) for s in surveys]
        except StoreError as err:
            said = _("The surveys cannot be read. {error}").format(error=err.message)
            return Styled(said, style="$error").content()
        text = Styled()
        if latest is None:
            text.append(_("No survey answered."), style="$text-muted")
        else:
            survey, scores = latest
            text.append(scores_line(scores), style="bold")
            sent = _("{survey} {title}, sent {date} to {contact}").format(
                survey=repo.surveys.short_id(survey.id),
                title=printable(survey.title),
                date=survey.sent_on,
                contact=printable(survey.contact),
            )
            text.append("\n" + sent, style="$text-muted")
        for survey, status in waiting:
            if status is Status.ANSWERED:
                continue
            text.append(f"\n{repo.surveys.short_id(survey.id)} ", style="$text-muted")
            text.append(fit(status_label(status), 8), style=_STATUS_STYLES[status])
            sent_to = _("to {contact} on {date}")
            text.append(
                " " + sent_to.format(contact=printable(survey.contact), date=survey.sent_on)
            )
            if survey.due:
                text.append(_(", due {date}").format(date=survey.due))
        return text.content()

    def _review(self, card: Card) -> Content:
        """The retrospective in one line, and how many lessons came from the card."""
        repo = self.app.repo
        try:
            retro = repo.retros.of_card(card.id)
            lessons = len(repo.lessons.search(card=card.id))
        except StoreError as err:
            said = _("The review cannot be read. {error}").format(error=err.message)
            return Styled(said, style="$error").content()
        parts: list[str | Content | tuple[str, str]] = []
        if retro is None:
            parts.append((_("No retrospective yet."), "$text-muted"))
        else:
            made = sum(1 for a in retro.actions if a.card)
            count = len(retro.actions)
            held = _("Held {date}: goals {goals}").format(
                date=retro.held_on, goals=goals_label(retro.goals)
            )
            actions = ngettext(
                "{n} action, {made} made into cards", "{n} actions, {made} made into cards", count
            ).format(n=count, made=made)
            parts += [
                (held, "bold"),
                _(", "),
                slip_reading(retro.schedule_slip),
                _(", "),
                variance_reading(retro.budget_variance),
                "\n" + actions,
            ]
        written = ngettext(
            "{n} lesson written from this card", "{n} lessons written from this card", lessons
        ).format(n=lessons)
        parts.append(("\n" + written, "$text-muted"))
        return Content.assemble(*parts)

    def action_retro(self) -> None:
        if card := self.current_card():
            self.app.push_screen(RetroForm(card.id))

    def action_lessons(self) -> None:
        if card := self.current_card():
            self.app.push_screen(LessonsScreen(card.id))

    def action_surveys(self) -> None:
        if card := self.current_card():
            self.app.push_screen(SurveysScreen(card.board, card_id=card.id))

    def action_to_board(self) -> None:
        """Move the card to another board: which board, then which of its stages (its
        first, unless another is chosen)."""
        card = self._card_or_say()
        if card is None:
            return
        repo = self.app.repo
        others = [(b.id, printable(b.name)) for b in repo.boards.all() if b.id != card.board]
        if not others:
            self.app.notify(_("No other board: w on the board adds one."), severity="warning")
            return

        def stage_chosen(board_id: str, stage_id: str | None) -> None:
            move = partial(repo.cards.move_to_board, card.id, board_id, stage_id)
            if stage_id and self.attempt(move):
                board = repo.boards.get(board_id)
                stage = printable(board.workflow.stage(stage_id).name)
                self.app.notify(
                    _("Moved to {board}, {stage}. u undoes.").format(
                        board=printable(board.name), stage=stage
                    )
                )

        def board_chosen(board_id: str | None) -> None:
            if board_id:
                board = repo.boards.get(board_id)
                choices = [(s.id, printable(s.name)) for s in board.workflow.stages]
                title = _("Into which stage of {board}?").format(board=printable(board.name))
                prompt = ChoicePrompt(title, choices, board.workflow.first.id)
                self.app.push_screen(prompt, partial(stage_chosen, board_id))

        self.app.push_screen(ChoicePrompt(_("Move the card to board"), others), board_chosen)

    def action_delete_card(self) -> None:
        """Delete the card after a confirm, then back where it was opened from; refused at
        once, without asking, while records name it."""
        card = self._card_or_say()
        if card is None:
            return
        repo = self.app.repo
        refused = repo.cards.deletion_refused(card.id)
        if refused:
            self.app.notify(refused, title=_("Not deleted"), severity="error")
            return
        short = repo.cards.short_id(card.id)

        def delete() -> None:
            self.dismiss_all()  # the card goes: so does its detail
            below = self.app.screen
            if isinstance(below, PstuiScreen) and below.attempt(lambda: repo.cards.delete(card.id)):
                self.app.notify(_("Deleted {card}. u undoes.").format(card=short))

        label = printable(repo.cards.label(card))
        self.confirm(_("Delete {card} for good?").format(card=label), _("Yes, delete it"), delete)

    def _past(self, card: Card) -> Content:
        workflow = self.app.repo.boards.get(card.board).workflow
        text = Styled()
        for stage_id, items in card.checklists.items():
            if stage_id == card.stage:
                continue
            name = workflow.stage(stage_id).name if workflow.has(stage_id) else stage_id
            done = sum(i.done for i in items)
            text.append(f"{name} ({done}/{len(items)})\n", style="bold")
            for item in items:
                text.append(
                    f"  {'[x]' if item.done else '[ ]'} {printable(item.text)}",
                    style="$text-muted" if item.done else "",
                )
                _append_source(text, item)
                text.append("\n")
        for decision in card.decisions:
            name = (
                workflow.stage(decision.stage).name
                if workflow.has(decision.stage)
                else decision.stage
            )
            text.append(f"{decision.at[:10]} ", style="$text-muted")
            text.append(fit(outcome_label(decision.outcome).upper(), 8), style="bold")
            text.append(
                _("{stage} gate, by {person}").format(stage=name, person=printable(decision.by))
            )
            if decision.note:
                text.append(f": {printable(note_label(decision.note))}", style="italic")
            text.append("\n")
        if not text:
            text.append(_("None yet."), style="$text-muted")
        return text.content()

    def _leave(self, why: str, title: str = "") -> None:
        self.app.notify(why, title=title, severity="warning")
        while self.app.screen is not self:  # a prompt open on the card goes with it
            self.app.pop_screen()
        self.app.pop_screen()

    def _history(self, card: Card) -> Content:
        text = Styled()
        try:
            events = self.app.repo.events_for(card.id)
        except StoreError as err:
            said = _("The history cannot be read. {error}").format(error=err.message)
            return Styled(said, style="$error").content()
        for event in events[-30:]:
            text.append(f"{event.at[:16].replace('T', ' ')} ", style="$text-muted")
            text.append(f"{printable(event.by)}: ", style="bold")
            # An edit says its values, old -> new, where it recorded them.
            said = edit_words(event) or conflict_summary(event.action, event.summary, event.data)
            text.append(printable(said) + "\n")
        return (text or Styled(_("No history."), style="$text-muted")).content()

    # ----- checklist actions ------------------------------------------------------------------

    def _item_or_say(self) -> ChecklistItem | None:
        card = self.current_card()
        checklist = self.query_one("#checklist", OptionList)
        if card is None or checklist.highlighted is None or not card.checklist:
            self.app.notify(_("No checklist item here: n adds one."), severity="warning")
            return None
        self._show_checklist()  # the page may be scrolled to another section: show the item
        return card.checklist[checklist.highlighted]

    def action_item_cursor(self, step: int) -> None:
        checklist = self.query_one("#checklist", OptionList)
        if step > 0:
            checklist.action_cursor_down()
        else:
            checklist.action_cursor_up()
        self._show_checklist()

    def action_toggle_item(self) -> None:
        if item := self._item_or_say():
            self.attempt(lambda: self.app.repo.cards.toggle_item(self.card_id, item.id))

    def action_add_item(self) -> None:
        def added(text: str | None) -> None:
            if text:
                self.attempt(lambda: self.app.repo.cards.add_item(self.card_id, text))
                checklist = self.query_one("#checklist", OptionList)
                checklist.highlighted = checklist.option_count - 1

        self.app.push_screen(TextPrompt(_("New checklist item"), required=True), added)

    def action_edit_item(self) -> None:
        if item := self._item_or_say():
            self.ask(
                _("Item"),
                item.text,
                lambda t: self.app.repo.cards.edit_item(self.card_id, item.id, text=t),
                required=True,
            )

    def action_item_owner(self) -> None:
        if item := self._item_or_say():
            self.ask(
                _("Item owner (empty clears)"),
                item.owner,
                lambda t: self.app.repo.cards.edit_item(self.card_id, item.id, owner=t),
            )

    def action_item_due(self) -> None:
        if item := self._item_or_say():
            self.ask(
                _("Item due date (empty clears)"),
                item.due or "",
                lambda t: self.app.repo.cards.edit_item(
                    self.card_id, item.id, due=parse_due(t, self.app.today)
                ),
                hint=_(DATE_HELP),
                check=partial(check_due, today=self.app.today),
            )

    def action_item_must(self) -> None:
        if item := self._item_or_say():
            self.attempt(
                lambda: self.app.repo.cards.edit_item(self.card_id, item.id, must=not item.must)
            )

    def action_remove_item(self) -> None:
        if item := self._item_or_say():
            self.attempt(lambda: self.app.repo.cards.remove_item(self.card_id, item.id))


_STATUS_STYLES = {
    Status.SENT: "",
    Status.PARTIAL: "$warning bold",
    Status.ANSWERED: "$success",
    Status.OVERDUE: "$error bold",
}


def _label(label: str) -> str:
    """A field's label in the 10 cells before its value (a Chinese character takes two)."""
    return fit(label, 10)


def _append_source(text: Styled, item: ChecklistItem) -> None:
    """Where a done item came from when a record ticked it: '· survey 3F2K answered by...'."""
    if item.done and item.source:
        text.append(f"  · {printable(item.source)}", style="$text-muted")
