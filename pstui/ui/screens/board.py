"""The board: one column per stage, as many as fit, following the cursor sideways.

Triage happens here too: the filter's tokens and its count, cards marked (space) for one
action on them all, a zoom to one column at the screen's width, and the reason a card under
the cursor is blocked or held, in the bar.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from textual import on
from textual._styles_cache import StylesCache
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content, Span
from textual.widgets import Input, Static

from pstui.i18n import N_, _, ngettext
from pstui.model.card import Card
from pstui.model.standup import hold_of
from pstui.model.text import printable
from pstui.store.errors import StoreError
from pstui.store.repository import CardList
from pstui.ui.filtering import FILTER_TOOLTIP, CardFilter, FilterMemo, Scope
from pstui.ui.screens.board_admin import BoardAdminScreen
from pstui.ui.screens.card_detail import CardDetail
from pstui.ui.screens.card_screen import CARD_BINDINGS
from pstui.ui.screens.choice import ChoicePrompt
from pstui.ui.screens.conflicts import ConflictsScreen
from pstui.ui.screens.lessons import LessonsScreen
from pstui.ui.screens.marked_cards import MarkedCardsScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.risks import RiskScreen
from pstui.ui.screens.standup import StandupScreen
from pstui.ui.screens.surveys import SurveysScreen
from pstui.ui.widgets.card_column import ZOOMED_TITLE_LINES, CardColumn, ColumnRow
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.styled import Styled

MIN_COLUMN_WIDTH = 26
FACETS_PER_SLICE = 500  # small enough that a slice never delays a key (see `read_facets_ahead`)
SLICE_PAUSE = 0.001  # seconds between slices, in which the app draws and takes keys


def forget_closed_screens_renders() -> None:
    """Let go of what the widgets of closed screens drew.

    Textual keeps a widget's rendered lines in the widget's StylesCache, and a class-level
    `lru_cache` of 1,024 entries on `StylesCache.get_inner_outer` is keyed by the StylesCache
    itself: the last 1,024 widgets drawn stay alive, lines and all, long after their screen
    closed (in the benchmark's sessions at 10,000 cards, 11-15 MB of its peak). Clearing it
    costs the widgets still shown one colour blend each at their next render."""
    get_inner_outer = getattr(StylesCache, "get_inner_outer", None)
    if get_inner_outer is not None and hasattr(get_inner_outer, "cache_clear"):
        get_inner_outer.cache_clear()


def column_widths(width: int, visible: int, count: int) -> list[int]:
    """Widths of `count` columns such that any `visible` neighbours fill `width` cells."""
    base, extra = divmod(width, visible)
    return [base + (1 if n % visible < extra else 0) for n in range(count)]


class BoardScreen(MarkedCardsScreen):
    CSS_PATH = "board.tcss"
    AUTO_FOCUS = ""  # keys go to the board; the filter box takes focus only on `/`
    CHANGES = MarkedCardsScreen.CHANGES | {"reorder", "new_card"}
    BINDINGS = [
        Binding(
            "left,h",
            "column(-1)",
            N_("Column left"),
            show=False,
            id="cursor-left",
            tooltip=N_("Cursor to the column on the left"),
        ),
        Binding(
            "right,l",
            "column(1)",
            N_("Column right"),
            show=False,
            id="cursor-right",
            tooltip=N_("Cursor to the column on the right"),
        ),
        Binding(
            "up,k",
            "row(-1)",
            N_("Card up"),
            show=False,
            id="cursor-up",
            tooltip=N_("Cursor to the card above"),
        ),
        Binding(
            "down,j",
            "row(1)",
            N_("Card down"),
            show=False,
            id="cursor-down",
            tooltip=N_("Cursor to the card below"),
        ),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="page-up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="page-down"),
        Binding("home", "edge(-1)", N_("First card"), show=False, id="first-card"),
        Binding("end", "edge(1)", N_("Last card"), show=False, id="last-card"),
        Binding(
            "K,shift+up",
            "reorder(-1)",
            N_("Move up"),
            show=False,
            id="move-up",
            tooltip=N_("Move the card up its column"),
        ),
        Binding(
            "J,shift+down",
            "reorder(1)",
            N_("Move down"),
            show=False,
            id="move-down",
            tooltip=N_("Move the card down its column"),
        ),
        Binding("n", "new_card", N_("New"), id="new-card", tooltip=N_("New card in this column")),
        Binding(
            "enter",
            "open_card",
            N_("Open"),
            id="open-card",
            tooltip=N_("Open the card: fields, checklist, decisions, history"),
        ),
        *CARD_BINDINGS,
        Binding(
            "slash",
            "filter",
            N_("Filter"),
            id="filter",
            tooltip=FILTER_TOOLTIP,
        ),
        Binding(
            "escape",
            "clear_filter",
            N_("Clear filter"),
            show=False,
            id="clear-filter",
            tooltip=N_("Clear the marks, else the filter"),
        ),
        Binding(
            "space,v",
            "mark",
            N_("Mark"),
            show=False,
            id="mark-card",
            tooltip=N_("Mark the card (or unmark it): L H a t b x then act on every marked card"),
        ),
        Binding(
            "z",
            "zoom",
            N_("Zoom"),
            show=False,
            id="zoom",
            tooltip=N_("One column at the screen's width, whole titles; again for every column"),
        ),
        Binding(
            "A",
            "toggle_archived",
            N_("Archived"),
            show=False,
            id="show-archived",
            tooltip=N_("Show archived and killed cards instead (x restores one)"),
        ),
        Binding(
            "R",
            "risks",
            N_("Risks"),
            id="show-risks",
            tooltip=N_("The board's risk register: heat map, reviews, add and close risks"),
        ),
        Binding(
            "V",
            "surveys",
            N_("Surveys"),
            id="show-surveys",
            tooltip=N_(
                "The board's satisfaction surveys: CSAT, NPS, CES, trend; send, enter answers"
            ),
        ),
        Binding(
            "W",
            "lessons",
            N_("Lessons"),
            id="show-lessons",
            tooltip=N_("Lessons, FAQ and know-how of every board, searchable as you type"),
        ),
        Binding(
            "s",
            "standup",
            N_("Standup"),
            show=False,  # help and the palette list it; the footer's room is the board's
            id="standup",
            tooltip=N_(
                "Standup: walk the cards in flight by person, what changed since the last one"
            ),
        ),
        Binding(
            "C",
            "conflicts",
            N_("Conflicts"),
            show=False,
            id="show-conflicts",
            tooltip=N_("Fields two clones changed differently, and the value not kept"),
        ),
        Binding(
            "B",
            "switch_board",
            N_("Boards"),
            show=False,
            id="switch-board",
            tooltip=N_("Switch to another board of this store"),
        ),
        Binding(
            "w",
            "workflow",
            N_("Workflow"),
            show=False,
            id="board-workflow",
            tooltip=N_("Edit the workflow: stages, WIP limits, gates; add or rename a board"),
        ),
        Binding("q", "app.quit", N_("Quit"), id="quit", tooltip=N_("Quit pstui")),
    ]

    def __init__(self) -> None:
        super().__init__()
        boards = self.app.repo.boards
        # With every board archived the app shows ArchivedBoardsScreen instead; never a crash.
        self.board_id = (boards.all() or boards.archived())[0].id
        self.card_filter = CardFilter()
        self.filter_memo = FilterMemo()
        self.show_archived = False
        self.columns: list[CardColumn] = []  # one per stage of the board, left to right
        self.live_totals: dict[str, int] = {}  # live cards per stage, as last shown
        self.drawn_generation = self.app.repo.generation  # the store as last drawn
        self.drawn_short_length = self.app.repo.cards.short_id_length  # and its short ids
        self.drawn_risks = self.app.repo.risks.version  # and its risks (the cards' marks)
        self.active = 0  # index of the column with the cursor
        self.first_visible = 0
        self.visible_count = 1  # how many columns fit on the screen
        self.bar_shown: tuple[str, list[Span]] | None = None  # what the board bar says
        self.resumed = False  # shown once already (`on_screen_resume`)
        self.counted: str | None = None  # what the filter box's edge says
        self.to_first_match = False  # the filter was just typed: the cursor to its first match
        self.zoomed = False  # one column at the screen's width

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="board-bar")
        yield ColumnRow(id="columns")
        yield Input(
            placeholder=_(
                "filter: words @who #tag client: is:overdue|blocked|hold|stuck|mine "
                "due:<7d stage: -token"
            ),
            id="filter",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.build_columns()

    def build_columns(self) -> None:
        """(Re)create one column per stage of the current board."""
        repo = self.app.repo
        workflow = repo.boards.get(self.board_id).workflow
        container = self.query_one("#columns", ColumnRow)
        container.remove_children()
        columns = [
            CardColumn(stage, repo.cards.short_id, self.app.today, risk_mark=repo.risks.severe_on)
            for stage in workflow.stages
        ]
        for column in columns:
            column.marks = self.marks
            column.title_lines = ZOOMED_TITLE_LINES if self.zoomed else 1
        self.columns = columns
        self.live_totals = {}  # another board's columns may have the same stage ids
        self.active = min(self.active, len(columns) - 1)
        self.show_changes()  # filled before they are mounted: the first frame shows the cards
        container.mount_all(columns)

    def on_resize(self) -> None:
        self.layout_columns()

    def layout_columns(self) -> None:
        """Show as many columns as fit and keep the active one among them.

        Every column stays laid out, side by side, and the row of columns scrolls sideways:
        hiding and showing columns would lay the screen out three times per step (a column
        shown again gets its scrollbar back, which asks for another layout). Widths repeat
        with the number of columns shown, so any run of that many columns fills the screen.
        """
        columns = self.columns
        if not columns:
            return
        width = max(self.size.width or self.app.size.width, 1)  # before the first layout too
        visible = 1 if self.zoomed else max(1, min(len(columns), width // MIN_COLUMN_WIDTH))
        if self.active < self.first_visible:
            self.first_visible = self.active
        elif self.active >= self.first_visible + visible:
            self.first_visible = self.active - visible + 1
        self.first_visible = max(0, min(self.first_visible, len(columns) - visible))
        self.visible_count = visible
        widths = column_widths(width, visible, len(columns))
        for column, column_width in zip(columns, widths, strict=True):
            if column.styles.width is None or column.styles.width.value != column_width:
                column.styles.width = column_width
        row = self.query_one("#columns", ColumnRow)
        x = sum(widths[: self.first_visible])
        if row.scroll_x != x:  # force: the row has no scrollbar, only the board scrolls it
            row.scroll_to(x=x, animate=False, immediate=True, force=True)
        self.update_bar()

    def shown_columns(self) -> list[CardColumn]:
        """The columns on the screen now, left to right."""
        return self.columns[self.first_visible : self.first_visible + self.visible_count]

    # ----- data down --------------------------------------------------------------------------

    def current_card(self) -> Card | None:
        columns = self.columns
        return columns[self.active].current if columns else None

    def show_changes(self, keep: str | None = None) -> None:
        """Refill every column from the repository; the cursor stays on card `keep` if given.

        Each column redraws only the rows in view that changed (see `CardColumn.set_cards`).
        Filtered, the cursor goes to the first match when the filter was just typed
        (`to_first_match`) or the card it was on no longer matches.
        """
        first_match, self.to_first_match = self.to_first_match, False
        repo = self.app.repo
        in_use = repo.boards.all()
        if self.board_id not in {b.id for b in in_use}:
            if not in_use:  # the last board was archived (a reload): none to switch to
                self.app.every_board_archived()
                return
            self.board_id = in_use[0].id
            self.build_columns()
            return
        # After a reload from disk any card may read differently, and when short ids grew
        # every card line does: redraw every column.
        reloaded = repo.generation != self.drawn_generation
        redraw = (
            reloaded
            or repo.cards.short_id_length != self.drawn_short_length
            or repo.risks.version != self.drawn_risks  # risk marks may have changed
        )
        self.drawn_generation, self.drawn_short_length = repo.generation, repo.cards.short_id_length
        self.drawn_risks = repo.risks.version
        stages = repo.boards.get(self.board_id).workflow.stages
        if [c.stage for c in self.columns] != list(stages):
            self.build_columns()  # the workflow itself changed: here, by an undo, or a reload
            return
        columns = self.columns
        keep = keep or (columns[self.active].current_id if columns else None)
        kept = False
        for n, column in enumerate(self.columns):
            live = repo.cards.column(self.board_id, column.stage.id)
            cards = self.filtered(column)
            column.set_cards(cards, keep=keep, redraw=redraw)
            if cards.index_of(keep) is not None:
                self.active, kept = n, True
            self.title_column(column, len(live))
            self.say_past_wip(column, len(live), say=not reloaded)
        if self.card_filter.active and (first_match or not kept):
            self.jump_to_first_match()
        self.count_matches()
        for n, column in enumerate(self.columns):
            column.set_active(n == self.active)
        self.layout_columns()

    def filtered(self, column: CardColumn) -> CardList:
        """The cards the column shows: its stage's, through the filter if one is typed."""
        cards = self.column_cards(column)
        card_filter = self.card_filter
        if not card_filter.active:
            return cards
        repo = self.app.repo
        scope = Scope.of(self.app.today, repo.who, column.stage)
        passes = card_filter.test(repo.cards.facets, repo.cards.triage_facets, scope)
        return self.filter_memo.apply(column.stage.id, cards, card_filter, passes)

    def jump_to_first_match(self) -> None:
        """The cursor to the first card that matches, left to right, which may be off screen
        (`layout_columns` follows)."""
        first = next((n for n, column in enumerate(self.columns) if column.cards), None)
        if first is not None:
            self.active = first
            self.columns[first].set_cursor(0)

    def count_matches(self) -> None:
        """How many cards match, and in which stages, on the filter box's edge."""
        box = self.query_one("#filter", Input)
        said = None
        if self.card_filter.active or self.card_filter.unread:
            counts = [(column.stage.name, len(column.cards)) for column in self.columns]
            said = self.card_filter.counted(counts)
        if said != self.counted:
            self.counted = said
            # Stage names are the user's text: never markup.
            box.border_title = None if said is None else Content(said)

    def title_column(self, column: CardColumn, total: int) -> None:
        """The column's header: its name (fitted as drawn, so a resize fits it again) and
        count."""
        limit = column.stage.wip_limit
        count = f"{total}/{limit}" if limit else str(total)
        if self.show_archived:
            count = _("{n} archived").format(n=len(column.cards))
        elif self.card_filter.active:
            count = _("{shown} of {total}").format(shown=len(column.cards), total=count)
        over_wip = bool(limit and total > limit and not self.show_archived)
        column.set_header(column.stage.name, count, over_wip=over_wip)

    def say_past_wip(self, column: CardColumn, total: int, *, say: bool) -> None:
        """A card put in a column past its WIP limit is said, not only coloured; `say` is
        false for what a reload from disk brought."""
        before = self.live_totals.get(column.stage.id)
        self.live_totals[column.stage.id] = total
        limit = column.stage.wip_limit
        if say and limit and before is not None and before < total and total > limit:
            name = printable(column.stage.name)
            self.app.notify(
                _("{stage} is past its WIP limit of {limit}: {total} cards.").format(
                    stage=name, limit=limit, total=total
                )
            )

    def update_bar(self) -> None:
        repo = self.app.repo
        board = repo.boards.get(self.board_id)
        bar = Styled(" pstui ", style="$accent bold reverse")
        bar.append(f" {printable(board.name)}", style="bold")
        count = len(self.columns)
        if self.visible_count < count:
            first, last = self.first_visible + 1, self.first_visible + self.visible_count
            if first == last:
                shown = _("stage {n} of {count}").format(n=first, count=count)
            else:
                shown = _("stages {first}-{last} of {count}").format(
                    first=first, last=last, count=count
                )
            bar.append(f"  {shown}")
        if self.zoomed:
            bar.append("  " + _("ZOOM"), style="bold")
        if self.show_archived:
            bar.append("  " + _("ARCHIVED (A: back)"), style="$warning bold")
        if self.marks:
            bar.append("  " + _("{n} marked").format(n=len(self.marks)), style="bold")
        self.say_why_held(bar)  # after the short words: a reason may be long
        if self.card_filter.active:
            said = _("filter: {text}").format(text=printable(self.card_filter.text))
            bar.append(f"  {said}", style="bold")
        overdue = repo.risks.reviews_overdue(self.board_id, self.app.today)
        if overdue:
            said = ngettext(
                "{n} risk review overdue (R)", "{n} risk reviews overdue (R)", overdue
            ).format(n=overdue)
            bar.append(f"  {said}", style="$warning bold")
        if repo.read_only:
            bar.append("  " + _("READ-ONLY"), style="bold")
        content = bar.content()
        shown = (content.plain, content.spans)  # Content's == compares the text alone
        if shown != self.bar_shown:
            self.bar_shown = shown
            # One line high whatever it says: no need to lay the screen out again.
            self.query_one("#board-bar", Static).update(content, layout=False)

    def say_why_held(self, bar: Styled) -> None:
        """Why the card under the cursor is blocked, or held at its gate: in the bar, no key
        needed."""
        try:
            card = self.current_card()
        except StoreError:
            return  # drawn as unreadable; the card's own line says so
        if card is None:
            return
        if card.blocked:
            said = _("! blocked: {reason}").format(reason=printable(card.blocked_reason))
            bar.append(f"  {said}", style="bold")
        hold = hold_of(card)
        if hold is not None:
            note = printable(hold.note) or _("no reason given")
            bar.append("  " + _("hold: {note}").format(note=note), style="bold")

    # ----- cursor -----------------------------------------------------------------------------

    def action_column(self, step: int) -> None:
        columns = self.columns
        target = max(0, min(self.active + step, len(columns) - 1))
        if target == self.active:
            return
        columns[self.active].set_active(False)
        self.active = target
        columns[target].set_active(True)
        self.layout_columns()

    def action_row(self, step: int) -> None:
        column = self.columns[self.active]
        column.set_cursor(column.cursor + step)
        self.update_bar()

    def action_page(self, step: int) -> None:
        column = self.columns[self.active]
        column.set_cursor(column.cursor + step * column.page_rows)
        self.update_bar()

    def action_edge(self, step: int) -> None:
        column = self.columns[self.active]
        column.set_cursor(0 if step < 0 else len(column.cards) - 1)
        self.update_bar()

    def action_zoom(self) -> None:
        """One column at the screen's width, titles over two lines; again, every column."""
        self.zoomed = not self.zoomed
        lines = ZOOMED_TITLE_LINES if self.zoomed else 1
        for column in self.columns:
            column.set_title_lines(lines)
        self.layout_columns()

    # ----- card actions -----------------------------------------------------------------------

    def action_reorder(self, step: int) -> None:
        card = self._card_or_say()
        if card is None:
            return
        if self.show_archived:
            self.app.notify(
                _("Archived cards have no place in a column to move."), severity="warning"
            )
            return
        if self.card_filter.active:
            self.app.notify(
                _("Clear the filter to reorder: hidden cards have places too."), severity="warning"
            )
            return
        moved: list[bool] = []
        self.attempt(lambda: moved.append(self.app.repo.cards.reorder(card.id, step)), keep=card.id)

    def action_new_card(self) -> None:
        stage = self.columns[self.active].stage
        self.show_archived = False  # a new card is live: show where it lands

        def created(title: str | None) -> None:
            if title:
                added: list[Card] = []
                if self.attempt(
                    lambda: added.append(
                        self.app.repo.cards.add(self.board_id, title, stage=stage.id)
                    )
                ):
                    self.show_changes(added[0].id)

        title = _("New card in {stage}").format(stage=stage.name)
        self.app.push_screen(TextPrompt(title, required=True, placeholder=_("title")), created)

    def action_open_card(self) -> None:
        if card := self._card_or_say():
            self.app.push_screen(CardDetail(card.id))

    def on_screen_resume(self) -> None:
        if not self.resumed:  # shown for the first time: `on_mount` has just filled it
            self.resumed = True
            return
        forget_closed_screens_renders()  # a screen above the board was just closed
        self.show_changes()

    def on_unmount(self) -> None:
        forget_closed_screens_renders()  # the app is closing (tests and the benchmark go on)

    # ----- filter and boards ------------------------------------------------------------------

    def column_cards(self, column: CardColumn) -> CardList:
        """The cards a column shows before the filter: its stage's, archived or not."""
        return self.app.repo.cards.column(
            self.board_id, column.stage.id, archived=self.show_archived
        )

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-shown")
        box.focus()
        ids = [cid for column in self.columns for cid in self.column_cards(column).ids]
        # The words' facets first (every filter reads them), then the triage tokens'.
        cards = self.app.repo.cards
        readers = [cards.facets, cards.triage_facets]
        self.read_facets_ahead(ids, self.app.repo.generation, readers)

    def read_facets_ahead(
        self, ids: list[str], generation: int, readers: list[Callable[[str], object]]
    ) -> None:
        """Read what the filter looks at in the board's cards a slice at a time, while the box
        waits for its first key: that key would read them all at once (at 10,000 cards, 160
        ms). Between slices the app goes on, so a key typed meanwhile waits one slice at most.
        Each of `readers` reads every card in turn. Stops when the box closes or the store is
        read again."""
        repo = self.app.repo
        shown = self.query_one("#filter", Input).has_class("-shown")
        if not readers or not shown or repo.generation != generation:
            return
        read, rest = readers[0], ids[FACETS_PER_SLICE:]
        for card_id in ids[:FACETS_PER_SLICE]:
            if repo.cards.has(card_id):  # not deleted since
                read(card_id)
        if not rest:  # this reader is done: the next one from the first card
            rest = [cid for column in self.columns for cid in self.column_cards(column).ids]
            readers = readers[1:]
        self.set_timer(SLICE_PAUSE, partial(self.read_facets_ahead, rest, generation, readers))

    @on(Input.Changed, "#filter")
    async def filter_changed(self, event: Input.Changed) -> None:
        self.card_filter = CardFilter.parse(event.value)
        self.to_first_match = True
        self.show_changes()
        # Let the columns ask for their repaint before this screen goes idle: else the box's
        # new text is drawn first, alone, and the columns a frame later.
        await asyncio.sleep(0)

    @on(Input.Submitted, "#filter")
    def filter_kept(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.value.strip():
            box.remove_class("-shown")
        self.set_focus(None)

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if self.marks and not box.has_focus:
            self.clear_marks()
            return
        box.value = ""
        box.remove_class("-shown")
        self.set_focus(None)
        self.card_filter = CardFilter()
        self.filter_memo.forget()
        self.show_changes()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.clear_marks()  # what the keys do to a marked card is another thing there
        self.show_changes()

    def action_risks(self) -> None:
        self.app.push_screen(RiskScreen(self.board_id))

    def action_surveys(self) -> None:
        self.app.push_screen(SurveysScreen(self.board_id))

    def action_standup(self) -> None:
        try:
            standup = StandupScreen(self.board_id)
        except StoreError as err:  # an event or a card pstui cannot read: said, not raised
            self.app.notify(err.message, title=_("Cannot start the standup"), severity="error")
            return
        if standup.walk:
            self.app.push_screen(standup)
        else:
            self.app.notify(_("No cards in flight on this board: nothing to walk."))

    def action_lessons(self) -> None:
        self.app.push_screen(LessonsScreen())

    def action_conflicts(self) -> None:
        self.app.push_screen(ConflictsScreen())

    def action_switch_board(self) -> None:
        boards = self.app.repo.boards.all()
        if len(boards) < 2:
            self.app.notify(_("This store has one board."))
            return

        choices = [(b.id, printable(b.name)) for b in boards]
        prompt = ChoicePrompt(_("Switch board"), choices, self.board_id)
        self.app.push_screen(prompt, self.show_board)

    def show_board(self, board_id: str | None) -> None:
        """Show board `board_id` from its first column; None, or the board shown: no change."""
        if board_id and board_id != self.board_id:
            self.board_id = board_id
            self.active = self.first_visible = 0
            self.marks.clear()
            self.build_columns()

    def action_workflow(self) -> None:
        """The workflow to edit; back here, the board it showed last is shown."""
        self.app.push_screen(BoardAdminScreen(self.board_id), self.show_board)

    # ----- marked cards (the actions on them: `MarkedCardsScreen`) -----------------------------

    @property
    def shows_archived(self) -> bool:
        return self.show_archived

    def action_mark(self) -> None:
        """Mark the card under the cursor (or unmark it), and go on to the next one."""
        column = self.columns[self.active]
        card_id = column.current_id
        if card_id is None:
            self.app.notify(_("No card here."), severity="warning")
            return
        if card_id in self.marks:
            del self.marks[card_id]
        else:
            self.marks[card_id] = None
        column.refresh_card_of(card_id)
        column.set_cursor(column.cursor + 1)
        self.update_bar()

    def clear_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            for column in self.columns:
                column.refresh()
            self.update_bar()
