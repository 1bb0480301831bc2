"""Standup mode: the board's cards in flight one at a time, by person (or column), with what
changed since the last standup and the quick actions at hand.

The walk's order, the point "since" starts and the events since are read once, when the
standup starts; each step shows one card, read then. The quick actions are the card screens'
own (`CardScreen`: move through the gate, block, reassign, set due, undo), plus ticking an
open item and a note. Ending the standup records it (asked first): the next one's news
starts there, for the whole team once it is synced.
"""

from __future__ import annotations

from time import monotonic

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from pstui.i18n import N_, _, ngettext
from pstui.model.card import Card, ChecklistItem
from pstui.model.dates import is_overdue, now_utc
from pstui.model.risk import level_label
from pstui.model.standup import (
    BY_ASSIGNEE,
    BY_COLUMN,
    UNASSIGNED,
    CardDigest,
    Happened,
    WalkGroup,
    due_words,
    hold_words,
    minute_of,
    stage_words,
)
from pstui.model.text import fit, printable
from pstui.store.errors import StoreError
from pstui.store.standups import Recent
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.card_screen import CARD_BINDINGS, CardScreen
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled
from pstui.ui.widgets.text_pane import TextPane

# The card screens' keys the standup answers, as they are on the board and the card detail.
QUICK_ACTIONS = (
    "move-forward",
    "move-back",
    "review-gate",
    "toggle-blocked",
    "edit-assignee",
    "edit-due",
    "undo",
)
TIMER_SECONDS = 1.0
CURSOR = "$block-cursor-foreground on $block-cursor-background"  # the open item chosen
ITEM_MARK = "▸ "  # before it: the cursor without colour too (NO_COLOR)
END_CHOICES = [
    ("keep", N_("Keep going")),
    ("record", N_("End, and record the standup: the next one starts from here")),
    ("leave", N_("Leave without recording it")),
]


class StandupScreen(CardScreen):
    CSS_PATH = "standup.tcss"
    CHANGES = CardScreen.CHANGES | {"tick", "note"}
    BINDINGS = [
        Binding("right,l", "step(1)", N_("Next"), id="standup-next", tooltip=N_("The next card")),
        Binding(
            "left,h", "step(-1)", N_("Back"), id="standup-previous", tooltip=N_("The previous card")
        ),
        Binding(
            "right_square_bracket",
            "group(1)",
            N_("Person"),
            id="standup-next-group",
            tooltip=N_("The next person's first card (the next column's, by column)"),
        ),
        Binding(
            "left_square_bracket",
            "group(-1)",
            N_("Previous person"),
            show=False,
            id="standup-previous-group",
            tooltip=N_("The previous person's first card (the previous column's, by column)"),
        ),
        Binding(
            "space",
            "tick",
            N_("Tick"),
            id="standup-tick",
            tooltip=N_("Tick the open item under the cursor (j/k choose it)"),
        ),
        Binding("j,down", "item(1)", N_("Next item"), show=False, id="standup-item-down"),
        Binding("k,up", "item(-1)", N_("Previous item"), show=False, id="standup-item-up"),
        Binding(
            "N",
            "note",
            N_("Note"),
            id="standup-note",
            tooltip=N_("Add a note to the card's history"),
        ),
        Binding(
            "escape",
            "end",
            N_("End"),
            id="standup-end",
            tooltip=N_("End the standup (asks whether to record it)"),
        ),
        Binding(
            "G",
            "regroup",
            N_("Group"),
            show=False,
            id="standup-regroup",
            tooltip=N_("Walk by column instead of by person, or back"),
        ),
        Binding(
            "enter",
            "open_card",
            N_("Open"),
            show=False,
            id="standup-open-card",
            tooltip=N_("Open the card: every field, its history"),
        ),
        Binding("pagedown", "scroll(1)", N_("Scroll down"), show=False, id="standup-scroll-down"),
        Binding("pageup", "scroll(-1)", N_("Scroll up"), show=False, id="standup-scroll-up"),
        *[b for b in CARD_BINDINGS if b.id in QUICK_ACTIONS],
    ]

    def __init__(self, board_id: str, by: str = BY_ASSIGNEE) -> None:
        super().__init__()
        repo = self.app.repo
        self.board_id = board_id
        self.by = by
        self.since = repo.standups.since(board_id, None, self.app.today)
        self.recent: Recent = repo.standups.recent(board_id, self.since)
        # The events as `recent` read them: every change and every reload makes a new table.
        self.news_of = repo.table("events")
        self.groups: list[WalkGroup] = []
        self.walk: list[tuple[int, str]] = []  # (group, card id) in the order walked
        self.position = 0
        self.seen: set[str] = set()  # cards shown, for the standup's record
        self.started_at = now_utc()
        self.started = monotonic()
        self.group_time: dict[int, float] = {}  # seconds spent on each group before now
        self.group_since = self.started  # when the group shown now was reached
        self.resumed = False  # shown once already (`on_screen_resume`)
        self.digest: CardDigest | None = None  # the card shown
        self.item = 0  # the cursor among its open items
        self._arrange()

    def _arrange(self, keep: str | None = None) -> None:
        """The walk in the current grouping, on card `keep` if it is in it."""
        self.groups = self.app.repo.standups.walk(self.board_id, self.by)
        self.walk = [(n, cid) for n, group in enumerate(self.groups) for cid in group.card_ids]
        ids = [cid for _group, cid in self.walk]
        self.position = ids.index(keep) if keep in ids else 0
        self.group_time = {}
        self.group_since = monotonic()

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="standup-bar"):
            yield Static(id="standup-heading")
            yield Static(id="standup-total")
        with Horizontal(id="standup-group"):
            yield Static(id="standup-where")
            yield Static(id="standup-group-time")
        # The whole card is one text in a pane that draws itself: a step repaints the pane
        # alone, with no layout (see `TextPane`).
        yield TextPane(id="standup-card")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#standup-heading", Static).update(self._heading())
        self.show_card()  # filled before the first frame: the first paint shows the card
        self.set_interval(TIMER_SECONDS, self.show_timers)

    def on_screen_resume(self) -> None:
        if not self.resumed:  # shown for the first time: `on_mount` has just filled it
            self.resumed = True
            return
        if self.app.repo.table("events") is not self.news_of:  # changed under a screen above
            self.show_changes()

    def _heading(self) -> Content:
        board = self.app.repo.boards.get(self.board_id)
        text = Styled(" " + _("Standup") + " ", style="$accent bold reverse")
        text.append(f" {printable(board.name)}", style="bold")
        text.append("  " + _("since {when}").format(when=printable(self.since.label)))
        return text.content()

    # ----- data down --------------------------------------------------------------------------

    def current_card(self) -> Card | None:
        card_id = self._current_id()
        repo = self.app.repo
        return repo.cards.get(card_id) if card_id and repo.cards.has(card_id) else None

    def _current_id(self) -> str | None:
        return self.walk[self.position][1] if self.walk else None

    def show_changes(self, keep: str | None = None) -> None:
        """The store changed (a quick action, a reload): read the news again and show the
        card; a card gone from the store leaves the walk."""
        repo = self.app.repo
        if not self.still_there(self.board_id):
            return
        current = self._current_id()
        self.walk = [(n, cid) for n, cid in self.walk if repo.cards.has(cid)]
        if not self.walk:
            self.app.notify(_("Every card of this standup is gone from the store."))
            self.dismiss_all()
            return
        ids = [cid for _group, cid in self.walk]
        self.position = ids.index(current) if current in ids else min(self.position, len(ids) - 1)
        try:
            self.recent = repo.standups.recent(self.board_id, self.since)
            self.news_of = repo.table("events")
        except StoreError as err:
            self.app.notify(err.message, title=_("Cannot read the news"), severity="error")
        self.show_card()

    def show_card(self) -> None:
        """Show the card at `position`: a step of the walk."""
        card_id = self._current_id()
        if card_id is None:
            return
        try:
            self.digest = self.app.repo.standups.card_digest(card_id, self.recent, self.app.today)
        except StoreError as err:
            self.app.notify(err.message, title=_("Cannot read this card"), severity="error")
            return
        self.seen.add(card_id)
        self.item = min(self.item, max(len(self.digest.open_items) - 1, 0))
        self.show_body()
        self.show_timers()

    def show_body(self, *, from_top: bool = True) -> None:
        digest = self.digest
        if digest is None:
            return
        text = Styled()
        text.append(f"{digest.short_id}  ", style="$text-muted")
        text.append(printable(digest.card.title) + "\n", style="bold")
        self._facts(text, digest)
        self._items(text, digest.open_items)
        self._changes(text, digest.changes)
        self.query_one("#standup-card", TextPane).show(text.content(), from_top=from_top)

    def _facts(self, text: Styled, digest: CardDigest) -> None:
        card, today = digest.card, self.app.today
        text.append(stage_words(digest), style="$warning bold" if digest.stuck else "")
        if card.archived:
            text.append("  " + _("archived"), style="$text-muted")
        if self.by == BY_COLUMN or not card.assignee:
            who = f"@{printable(card.assignee)}" if card.assignee else _("Unassigned")
            text.append("  " + who)
        if card.due:
            words = due_words(card.due, today)
            late = is_overdue(card.due, today)
            text.append(f"  {words} ({card.due})", "$error bold" if late else "")
        if card.blocked:
            text.append("\n" + _lead(_("Blocked:")), style="$error bold")
            text.append(printable(card.blocked_reason))
        if digest.hold is not None:
            text.append("\n" + _lead(_("Hold:")), style="$warning bold")
            text.append(hold_words(digest.hold))
        for risk in digest.risks:
            said = _("Risk {level} {score}:").format(
                level=level_label(risk.level), score=risk.score
            )
            text.append("\n" + _lead(said), style="$error bold")
            text.append(printable(risk.title))

    def _items(self, text: Styled, items: tuple[ChecklistItem, ...]) -> None:
        if not items:
            text.append("\n\n" + _("Open items: none") + "\n", style="$accent bold")
            return
        said = _("Open items ({n}): space ticks, j/k choose").format(n=len(items))
        text.append("\n\n" + said + "\n", "$accent bold")
        for n, item in enumerate(items):
            if n == self.item:  # the cursor: a mark too, for a terminal without colour
                text.append(ITEM_MARK, CURSOR)
                self._item_line(text, item, CURSOR)
            else:
                text.append("  ")
                self._item_line(text, item, "")
            text.append("\n")

    def _item_line(self, text: Styled, item: ChecklistItem, cursor: str) -> None:
        level = "$error" if item.must else "$text-muted"
        text.append(fit(_("must") if item.must else _("should"), 7), cursor or level)
        text.append(printable(item.text), cursor)
        if item.owner:
            text.append(f"  @{printable(item.owner)}", cursor or "$text-muted")
        if item.due:
            words = due_words(item.due, self.app.today)
            late = "$error bold" if is_overdue(item.due, self.app.today) else "$text-muted"
            text.append(f"  {words}", cursor or late)

    def _changes(self, text: Styled, changes: tuple[Happened, ...]) -> None:
        count = len(changes)
        title = ngettext("Since {when}: {n} change", "Since {when}: {n} changes", count).format(
            when=printable(self.since.label), n=count
        )
        text.append("\n" + title + "\n", "$accent bold")
        for happened in changes:
            text.append(f"{minute_of(happened.at)[5:]} ", style="$text-muted")
            text.append(f"{printable(happened.by)}: ", style="bold")
            text.append(printable(happened.what) + "\n")
        if not changes:
            text.append(_("Nothing changed."), style="$text-muted")

    def show_timers(self) -> None:
        """Where the walk is, the person's (or column's) time and the standup's, against
        their timeboxes. Each line keeps its size: no layout, every second."""
        now = monotonic()
        config = self.app.config
        group, _card = self.walk[self.position]
        spent = self.group_time.get(group, 0.0) + now - self.group_since
        where = Styled(f" {printable(self._group_name(group))}", style="bold")
        cards = self.groups[group].card_ids
        step = cards.index(self._current_id() or "") + 1
        if self.by == BY_ASSIGNEE:
            said = _("person {group}/{groups}, card {step}/{steps}  ({position}/{total} in all)")
        else:
            said = _("column {group}/{groups}, card {step}/{steps}  ({position}/{total} in all)")
        where.append(
            "  "
            + said.format(
                group=group + 1,
                groups=len(self.groups),
                step=step,
                steps=len(cards),
                position=self.position + 1,
                total=len(self.walk),
            ),
            style="$text-muted",
        )
        self.query_one("#standup-where", Static).update(where.content(), layout=False)
        self.query_one("#standup-group-time", Static).update(
            _timer(spent, config.standup_person_minutes), layout=False
        )
        self.query_one("#standup-total", Static).update(
            _timer(now - self.started, config.standup_minutes, _("total") + " "), layout=False
        )

    def _group_name(self, group: int) -> str:
        """The group's name: a person's, a column's, or the cards nobody has."""
        name = self.groups[group].name
        return _("Unassigned") if self.by == BY_ASSIGNEE and name == UNASSIGNED else name

    # ----- the walk ---------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        target = self.position + step
        if not 0 <= target < len(self.walk):
            self.app.notify(
                _("That was the last card.") if step > 0 else _("This is the first card.")
            )
            return
        self._go_to(target)

    def action_group(self, step: int) -> None:
        group = self.walk[self.position][0] + step
        if not 0 <= group < len(self.groups):
            if self.by == BY_ASSIGNEE:
                said = (
                    _("That was the last person.") if step > 0 else _("This is the first person.")
                )
            else:
                said = (
                    _("That was the last column.") if step > 0 else _("This is the first column.")
                )
            self.app.notify(said)
            return
        self._go_to(next(n for n, (g, _card) in enumerate(self.walk) if g == group))

    def _go_to(self, position: int) -> None:
        was = self.walk[self.position][0]
        now_in = self.walk[position][0]
        if now_in != was:  # the time spent on a person is kept if the walk comes back
            now = monotonic()
            self.group_time[was] = self.group_time.get(was, 0.0) + now - self.group_since
            self.group_since = now
        self.position = position
        self.item = 0
        self.show_card()

    def action_regroup(self) -> None:
        self.by = BY_COLUMN if self.by == BY_ASSIGNEE else BY_ASSIGNEE
        self._arrange(keep=self._current_id())  # the line under the heading says which
        self.show_card()

    def action_scroll(self, step: int) -> None:
        self.query_one("#standup-card", TextPane).scroll_page(step)

    # ----- quick actions (the rest are CardScreen's) -----------------------------------------

    def action_item(self, step: int) -> None:
        count = len(self.digest.open_items) if self.digest is not None else 0
        target = self.item + step
        if 0 <= target < count:
            self.item = target
            self.show_body(from_top=False)
            pane = self.query_one("#standup-card", TextPane)
            lines = (n for n, line in enumerate(pane.lines) if line.text.startswith(ITEM_MARK))
            pane.show_line(next(lines, 0))  # the chosen item stays in view

    def action_tick(self) -> None:
        card = self._card_or_say()
        items = self.digest.open_items if self.digest is not None else ()
        if card is None or not items:
            self.app.notify(_("No open item to tick."), severity="warning")
            return
        item_id = items[self.item].id
        self.attempt(lambda: self.app.repo.cards.toggle_item(card.id, item_id), keep=card.id)

    def action_note(self) -> None:
        if card := self._card_or_say():
            self.ask(
                _("Note on this card (kept in its history)"),
                "",
                lambda text: self.app.repo.standups.add_note(card.id, text),
                required=True,
            )

    def action_open_card(self) -> None:
        if card := self._card_or_say():
            self.app.push_screen(CardDetail(card.id))

    def action_end(self) -> None:
        def chosen(answer: str | None) -> None:
            if answer == "leave":
                self.dismiss()
            elif answer == "record" and self.attempt(self._record):
                self.app.notify(_("Standup recorded: the next one starts from here."))
                self.dismiss()

        # A read-only store cannot record it: nothing to ask but whether to leave.
        ending = [c for c in END_CHOICES if c[0] != "record" or not self.app.repo.read_only]
        choices = [(key, _(label)) for key, label in ending]
        self.app.push_screen(ChoicePrompt(_("End the standup?"), choices, "keep"), chosen)

    def _record(self) -> None:
        self.app.repo.standups.record(self.board_id, self.started_at, len(self.seen))


def _lead(label: str) -> str:
    """A label ending in a colon, and the space before its text (none after a Chinese colon,
    which is as wide as a letter and a space)."""
    return label if label.endswith("：") else label + " "


def _timer(seconds: float, minutes: int, label: str = "") -> Content:
    """`total 03:12/15:00`, in the warning colour and said in words past the timebox."""
    shown = f"{label}{_clock(seconds)}/{_clock(minutes * 60)}"
    if seconds > minutes * 60:
        over = _("{time} over").format(time=shown)
        return Styled(f" {over} ", style="$warning bold reverse").content()
    return Styled(f" {shown} ").content()


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"
