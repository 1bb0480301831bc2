"""The risk register of a board, or of one of its cards: a 5 x 5 heat map over a table of
risks sorted by score, and the keys that log, edit, close, note and delete them.

A board's register holds thousands of risks, so the table is drawn with the Line API
(`RiskTable`, only the rows in view are rendered) and is refilled from the repository's
cached list once per change, never per cursor key. A DataTable measures every cell of
every row up front, which alone took longer than the whole budget for opening this screen.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from pstui.i18n import N_, NP_, _, labelled
from pstui.model.dates import humanize_due
from pstui.model.risk import (
    SCALE,
    STATUSES,
    Level,
    Risk,
    category_label,
    kind_label,
    response_label,
    status_label,
)
from pstui.model.text import cell_width, fit, printable
from pstui.store.errors import StoreError
from pstui.store.repository import Repository
from pstui.store.risks import SEVERE, Risks
from pstui.ui.screens.base import PstuiScreen
from pstui.ui.screens.prompt import TextPrompt
from pstui.ui.screens.risk_form import RiskForm
from pstui.ui.widgets.heat_map import LEVEL_ORDER, Cell, HeatMap, Pick, describe_pick
from pstui.ui.widgets.key_footer import KeyFooter
from pstui.ui.widgets.risk_table import BOARD, RiskTable
from pstui.ui.widgets.styled import Styled

# Below this size the heat map is one line, so the table keeps its rows (80x24 over SSH).
FULL_MAP_WIDTH = 100
FULL_MAP_HEIGHT = 30
SORTS = ("score", "review", "status", "title", "updated")
CELLS = tuple((p, i) for p in SCALE for i in SCALE)
# The 1-4 keys: each level's key description and tooltip, worst first (as LEVEL_ORDER).
LEVEL_KEYS = {
    Level.CRITICAL: (N_("Critical"), N_("Show only critical risks (again: all)")),
    Level.HIGH: (N_("High"), N_("Show only high risks (again: all)")),
    Level.MEDIUM: (N_("Medium"), N_("Show only medium risks (again: all)")),
    Level.LOW: (N_("Low"), N_("Show only low risks (again: all)")),
}
# The detail panel's plans, by field: the label shown before each.
PLAN_LABELS = (
    ("trigger", N_("trigger")),
    ("prevention", N_("prevention")),
    ("contingency", N_("contingency")),
)


_SORT_WORDS = {
    "score": NP_("risk sort", "score"),
    "review": NP_("risk sort", "review"),
    "status": NP_("risk sort", "status"),
    "title": NP_("risk sort", "title"),
    "updated": NP_("risk sort", "updated"),
}


def sort_label(sort: str) -> str:
    """One of SORTS as the title line says it."""
    return labelled(_SORT_WORDS, "risk sort", sort)


# ----- the filter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskFilter:
    """What `/` typed: words match title, description, owner, id and card; `@name` an owner,
    `#id` a card (`#board`: risks of the whole board), `status:name` a status."""

    words: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str) -> RiskFilter:
        words: list[str] = []
        owners: list[str] = []
        cards: list[str] = []
        statuses: list[str] = []
        for token in text.casefold().split():
            if token.startswith("@") and len(token) > 1:
                owners.append(token[1:])
            elif token.startswith("#") and len(token) > 1:
                cards.append(token[1:])
            elif token.startswith("status:") and len(token) > 7:
                statuses.append(token[7:])
            else:
                words.append(token)
        return cls(tuple(words), tuple(owners), tuple(cards), tuple(statuses), text.strip())

    @property
    def active(self) -> bool:
        return bool(self.words or self.owners or self.cards or self.statuses)

    def narrows(self, other: RiskFilter) -> bool:
        """Whether every risk this filter passes, `other` passes too: true of a filter typed
        on at its end. Then only the risks `other` passed need testing again."""
        return (
            all(any(o in n for n in self.words) for o in other.words)
            and _narrows_any(self.owners, other.owners, str.__contains__)
            and _narrows_any(self.cards, other.cards, str.startswith)
            and _narrows_any(self.statuses, other.statuses, str.startswith)
        )

    def matches(self, risk: Risk, facets: Facets) -> bool:
        if self.owners and not any(o in facets.owner for o in self.owners):
            return False
        if self.cards and not any(facets.card.startswith(c) for c in self.cards):
            return False
        if self.statuses and not any(_status_named(risk.status, typed) for typed in self.statuses):
            return False
        return all(w in facets.text for w in self.words)


def _status_named(status: str, typed: str) -> bool:
    """Whether `typed` starts the status's stored name or the word the table shows for it
    (status:mon and status:监控 find the same risks)."""
    return status.startswith(typed) or status_label(status).casefold().startswith(typed)


def _narrows_any(
    new: tuple[str, ...], old: tuple[str, ...], implies: Callable[[str, str], bool]
) -> bool:
    """For a field that passes when any of the filter's words matches it: each new word
    matches only where one of the old ones does."""
    return not old or (bool(new) and all(any(implies(n, o) for o in old) for n in new))


@dataclass(frozen=True)
class Facets:
    """What the filter looks at in one risk, folded once (not per key typed)."""

    text: str
    owner: str
    card: str


def sorted_risks(risks: list[Risk], sort: str) -> list[Risk]:
    """`risks` (by score, as the repository lists them) in the order `sort` names; ties keep
    the score order (Python's sort is stable)."""
    if sort == "review":
        return sorted(risks, key=_review_key)
    if sort == "status":
        order = {status: n for n, status in enumerate(STATUSES)}
        return sorted(risks, key=lambda r: order.get(r.status, len(order)))
    if sort == "title":
        return sorted(risks, key=lambda r: r.title.casefold())
    if sort == "updated":
        return sorted(risks, key=lambda r: r.updated_at, reverse=True)
    return list(risks)


def _review_key(risk: Risk) -> tuple[bool, str]:
    # YYYY-MM-DD sorts as text: no date parsed per risk (a hand-broken one sorts as typed).
    return (not risk.review, risk.review or "")


# ----- what the register covers ------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The risks of a board (or of one card) by score, and the counts the title shows."""

    risks: list[Risk]
    open: int
    severe: int  # open high or critical
    overdue: int  # open with the review date passed


# Scopes as last read, per repository service, by (risks version, store generation, board,
# card, today): opening the register again, or refreshing it after a change to something
# else than risks, reuses the list the repository sorted and the counts made before.
_SCOPES: weakref.WeakKeyDictionary[Risks, dict[tuple[object, ...], Scope]] = (
    weakref.WeakKeyDictionary()
)
KEPT_SCOPES = 4
# What the filter looks at, per risk id: (the risk it was made of, card short id length, it).
_FACETS: weakref.WeakKeyDictionary[Risks, dict[str, tuple[Risk, int, Facets]]] = (
    weakref.WeakKeyDictionary()
)


def read_scope(repo: Repository, board_id: str, card_id: str | None, today: pendulum.Date) -> Scope:
    risks = repo.risks
    key = (risks.version, repo.generation, board_id, card_id, today)
    kept = _SCOPES.setdefault(risks, {})
    scope = kept.get(key)
    if scope is None:
        listed = risks.listed(board=board_id, card=card_id)
        open_risks = [r for r in listed if r.is_open]
        scope = Scope(
            listed,
            len(open_risks),
            sum(r.level in SEVERE for r in open_risks),
            sum(r.review_overdue(today) for r in open_risks),
        )
        if len(kept) >= KEPT_SCOPES:
            del kept[next(iter(kept))]
        kept[key] = scope
    return scope


class RiskScreen(PstuiScreen):
    """The register of board `board_id`; with `card_id`, of that card only."""

    CSS_PATH = "risks.tcss"
    CHANGES = frozenset({"add", "edit", "close_risk", "reopen_risk", "undo", "note", "delete"})
    AUTO_FOCUS = "#risk-table"
    BINDINGS: ClassVar = [
        Binding("n", "add", N_("New"), id="risk-add", tooltip=N_("Log a new risk")),
        Binding(
            "e,enter",
            "edit",
            N_("Edit"),
            id="risk-edit",
            tooltip=N_("Edit every field of the risk"),
        ),
        Binding(  # on a read-only store, in Edit's place: the form, with nothing to save
            "e,enter",
            "read",
            N_("Open"),
            id="risk-read",
            tooltip=N_("Open the risk to read every field"),
        ),
        Binding(
            "x",
            "close_risk",
            N_("Close"),
            id="risk-close",
            tooltip=N_("Close the risk, with an optional closing note"),
        ),
        Binding(
            "x",
            "reopen_risk",
            N_("Reopen"),
            id="risk-reopen",
            tooltip=N_("Reopen the closed risk"),
        ),
        Binding("u,ctrl+z", "undo", N_("Undo"), id="risk-undo", tooltip=N_("Undo the last change")),
        Binding(
            "slash",
            "filter",
            N_("Filter"),
            id="risk-filter",
            tooltip=N_("Filter: words, @owner, #card (#board), status:name"),
        ),
        Binding(
            "o",
            "sort",
            N_("Sort"),
            id="risk-sort",
            tooltip=N_("Sort by score, review date, status, title or last change, in turn"),
        ),
        Binding(
            "escape",
            "back",
            N_("Back"),
            id="risks-back",
            tooltip=N_("Clear the filter; with none, go back"),
        ),
        Binding(
            "N",
            "note",
            N_("Note"),
            show=False,
            id="risk-note",
            tooltip=N_("Add a dated note to the risk's journal"),
        ),
        Binding(
            "d",
            "delete",
            N_("Delete"),
            show=False,
            id="risk-delete",
            tooltip=N_("Delete the risk"),
        ),
        Binding(
            "c",
            "toggle_closed",
            N_("Closed"),
            show=False,
            id="risk-show-closed",
            tooltip=N_("Show closed risks too (again: hide them)"),
        ),
        *(
            Binding(
                str(n + 1),
                f"level({n})",
                LEVEL_KEYS[level][0],
                show=False,
                id=f"risk-level-{level.value}",
                tooltip=LEVEL_KEYS[level][1],
            )
            for n, level in enumerate(LEVEL_ORDER)
        ),
    ]

    def __init__(self, board_id: str, card_id: str | None = None) -> None:
        super().__init__()
        self.board_id = board_id
        self.card_id = card_id
        self.sort = SORTS[0]
        self.show_closed = False
        self.risk_filter = RiskFilter()
        self.map_pick: Pick = None
        self.compact = True
        self.scope = Scope([], 0, 0, 0)
        self._sorted: list[Risk] | None = None  # the scope's risks in the order of `sort`
        # The filter and what it passed, to test only those again when it narrows.
        self._filtered: tuple[list[Risk], RiskFilter, list[Risk]] | None = None
        self._current_open: bool | None = None

    # ----- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        repo = self.app.repo
        yield Static(id="risks-title")
        with Horizontal(id="risks-top"):
            yield HeatMap(id="heat-map")
            yield Static(id="risk-detail")
        yield RiskTable(
            repo.risks.short_id,
            self._card_label,
            self.app.today,
            moved=lambda: self.show_current(),  # looked up per call: the bench wraps it
            id="risk-table",
        )
        yield KeyFooter()  # the filter box is mounted on the first `/`: not every visit filters

    @property
    def table(self) -> RiskTable:
        return self.query_one("#risk-table", RiskTable)

    @property
    def heat_map(self) -> HeatMap:
        return self.query_one("#heat-map", HeatMap)

    def on_mount(self) -> None:
        self.lay_out()
        self.show_changes()

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The full 5 x 5 map where there is room for it and the table; one line where not."""
        width, height = self.size if self.size.height else self.app.size
        compact = width < FULL_MAP_WIDTH or height < FULL_MAP_HEIGHT
        if compact == self.compact and self.is_mounted:
            return
        self.compact = compact
        self.query_one("#risks-top").set_class(compact, "-compact")
        self.heat_map.set_compact(compact)
        self.show_current()

    # ----- data down --------------------------------------------------------------------------

    def show_changes(self, keep: str | None = None) -> None:
        repo = self.app.repo
        if not self.still_there(self.board_id):
            return
        try:
            scope = read_scope(repo, self.board_id, self.card_id, self.app.today)
        except StoreError as err:  # a risk record pstui cannot read: say so, show none
            self.app.notify(err.message, title=_("Cannot read the risks"), severity="error")
            scope = Scope([], 0, 0, 0)
        if scope is not self.scope:
            self.scope, self._sorted = scope, None
        self.refill(keep)

    def refill(self, keep: str | None = None) -> None:
        """Filter and show the scope: the table, the map's counts, the title line."""
        if self._sorted is None:
            self._sorted = sorted_risks(self.scope.risks, self.sort)
        passing = self._passing(self._sorted)
        counts = dict.fromkeys(CELLS, 0)  # the map counts what the other filters leave
        pick, show_closed = self.map_pick, self.show_closed
        shown: list[Risk] = []
        for risk in passing:  # one pass: this runs over the whole register per key typed
            is_open = risk.is_open
            if is_open:
                counts[(risk.probability, risk.impact)] += 1
            if (is_open or show_closed) and (pick is None or _in_pick(risk, pick)):
                shown.append(risk)
        table = self.table
        table.id_width = len(self.app.repo.risks.short_id(shown[0].id)) if shown else 4
        table.card_width = max(cell_width(_(BOARD)), self.app.repo.cards.short_id_length)
        table.set_risks(shown, keep=keep, empty=self._empty_text())
        self.heat_map.show(counts, pick)
        self.show_title(len(shown))
        self.show_current()

    def facets(self, risk: Risk) -> Facets:
        """What the filter looks at in `risk`, folded once per version of the risk."""
        repo = self.app.repo
        short_length = repo.cards.short_id_length
        kept_all = _FACETS.setdefault(repo.risks, {})
        kept = kept_all.get(risk.id)
        if kept is not None and kept[0] is risk and kept[1] == short_length:
            return kept[2]
        # The card as `#card` is typed: `#board` (the token's English) for the whole board.
        card = (repo.cards.short_id(risk.card) if risk.card else BOARD).casefold()
        short = repo.risks.short_id(risk.id).casefold()
        shown = self._card_label(risk.card)  # as the table shows it: a word typed finds it too
        words = (risk.title, risk.description, risk.owner, short, card)
        text = " ".join((*words, shown) if shown.casefold() != card else words).casefold()
        facets = Facets(text, risk.owner.casefold(), card)
        kept_all[risk.id] = (risk, short_length, facets)
        return facets

    def _passing(self, risks: list[Risk]) -> list[Risk]:
        """The risks the text filter passes; typed on at its end, it tests only those it
        passed at the key before."""
        risk_filter = self.risk_filter
        if not risk_filter.active:
            self._filtered = None
            return risks
        last = self._filtered
        tested = risks
        if last is not None and last[0] is risks and risk_filter.narrows(last[1]):
            tested = last[2]
        facets = self.facets
        passing = [r for r in tested if risk_filter.matches(r, facets(r))]
        self._filtered = (risks, risk_filter, passing)
        return passing

    def _card_label(self, card_id: str | None) -> str:
        if not card_id:
            return _(BOARD)
        return self.app.repo.cards.short_id(card_id)

    def _empty_text(self) -> str:
        if self.risk_filter.active or self.map_pick is not None:
            return _("No risk matches the filter: Escape clears it.")
        if self.scope.risks and not self.show_closed:
            return _("No open risks: c shows the closed ones, n logs a new one.")
        return _("No risks logged yet: n logs one.")

    def show_title(self, shown: int) -> None:
        scope = self.scope
        severe, overdue = scope.severe, scope.overdue
        title = Styled(f" {_('Risks')} ", style="$accent bold reverse")
        title.append(" " + self._scope_name(), style="bold")
        title.append("  " + _("{n} open").format(n=scope.open) + " · ")
        title.append(_("{n} high+").format(n=severe), style="$error bold" if severe else "")
        title.append(" · ")
        title.append(_("{n} overdue").format(n=overdue), style="$error bold" if overdue else "")
        sort = _("sort: {sort}").format(sort=sort_label(self.sort))
        title.append(f"  {sort}", style="$text-muted")
        if self.show_closed:
            title.append("  " + _("+closed"), style="$text-muted")
        filters = [printable(self.risk_filter.text)] if self.risk_filter.active else []
        if self.map_pick is not None:
            filters.append(describe_pick(self.map_pick))
        if filters:
            showing = _("{n} shown: {filters}").format(n=shown, filters=" ".join(filters))
            title.append(f"  {showing}", style="bold")
        if self.app.repo.read_only:
            title.append("  " + _("READ-ONLY"), style="bold")
        self.query_one("#risks-title", Static).update(title.content(), layout=False)

    def _scope_name(self) -> str:
        repo = self.app.repo
        if self.card_id is None:
            return fit(printable(repo.boards.get(self.board_id).name), 30, pad=False)
        short = repo.cards.short_id(self.card_id)
        try:
            card_title = repo.cards.get(self.card_id).title
        except (KeyError, StoreError):
            card_title = _("(a card no longer here)")
        return _("of {card} {title}").format(
            card=short, title=fit(printable(card_title), 30, pad=False)
        )

    def show_current(self) -> None:
        """What follows the cursor: the Close/Reopen key, and the full map's detail panel."""
        risk = self.table.current
        is_open = risk.is_open if risk else None
        if is_open != self._current_open:
            self._current_open = is_open
            self.refresh_bindings()
        if not self.compact:
            self.query_one("#risk-detail", Static).update(self._detail(risk), layout=False)

    def _detail(self, risk: Risk | None) -> Content:
        if risk is None:
            return Styled(_("No risk under the cursor."), style="$text-muted").content()
        repo, today = self.app.repo, self.app.today
        text = Styled(f"{repo.risks.short_id(risk.id)} ", style="$text-muted")
        text.append(printable(risk.title) + "\n", style="bold")
        facts = _("{kind} · {category} · response").format(
            kind=kind_label(risk.kind), category=category_label(risk.category)
        )
        text.append(facts + " ", style="$text-muted")
        text.append((response_label(risk.response) if risk.response else _("none yet")) + "\n")
        text.append(_("owner") + " ", style="$text-muted")
        text.append(printable(risk.owner) or "-")
        text.append("  " + _("review") + " ", style="$text-muted")
        if risk.review:
            late = risk.review_overdue(today)
            text.append(
                _("{day} ({due})").format(
                    day=printable(risk.review), due=humanize_due(risk.review, today)
                ),
                style="$error bold" if late else "",
            )
        else:
            text.append("-")
        text.append("\n")
        for name, label in PLAN_LABELS:
            value = getattr(risk, name)
            if value:
                text.append(f"{_(label)} ", style="$text-muted")
                text.append(printable(value) + "\n")
        if risk.notes:
            note = risk.notes[-1]
            said = _("{day} {by}: ").format(day=note.at[:10], by=printable(note.by))
            text.append(said, style="$text-muted")
            text.append(printable(note.text))
        return text.content()

    # ----- messages up ------------------------------------------------------------------------

    @on(HeatMap.Picked)
    def map_picked(self, event: HeatMap.Picked) -> None:
        self.pick(event.target)

    def pick(self, target: Pick) -> None:
        """Filter the table to a cell or level of the map; the same again clears it."""
        self.map_pick = None if target == self.map_pick else target
        self.refill()

    @on(Input.Changed, "#risk-filter")
    async def filter_changed(self, event: Input.Changed) -> None:
        self.risk_filter = RiskFilter.parse(event.value)
        self.refill()
        # As the board's filter: let the table ask for its repaint before this screen goes
        # idle, else the box's new text is drawn alone and the table a frame later.
        await asyncio.sleep(0)

    @on(Input.Submitted, "#risk-filter")
    def filter_kept(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.remove_class("-shown")
        self.table.focus()

    # ----- view keys --------------------------------------------------------------------------

    @property
    def filter_box(self) -> Input | None:
        boxes = self.query("#risk-filter").results(Input)
        return next(boxes, None)

    async def action_filter(self) -> None:
        box = self.filter_box
        if box is None:
            box = Input(
                placeholder=_(
                    "filter: words, @owner, #card, status:name  (Enter keeps, Esc clears)"
                ),
                id="risk-filter",
            )
            await self.mount(box)
        box.add_class("-shown")
        box.focus()

    def action_back(self) -> None:
        """Escape: out of the filter box (clearing it), else clear the filters, else back."""
        box = self.filter_box
        if box is not None and box.has_focus:
            self._clear_text_filter()
            self.table.focus()
            self.refill()
            return
        if self.risk_filter.active or self.map_pick is not None:
            self._clear_text_filter()
            self.map_pick = None
            self.refill()
            return
        self.dismiss_all()

    def _clear_text_filter(self) -> None:
        box = self.filter_box
        if box is not None:
            box.remove_class("-shown")
            with box.prevent(Input.Changed):
                box.value = ""
        self.risk_filter = RiskFilter()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._sorted = None
        self.refill()  # the title line says the order: a notification costs a frame more

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.refill()

    def action_level(self, index: int) -> None:
        self.pick(LEVEL_ORDER[index])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "read":
            return self.app.repo.read_only
        if action in ("close_risk", "reopen_risk"):
            current = self.table.current if self.is_mounted else None
            closed = current is not None and not current.is_open
            return closed if action == "reopen_risk" else not closed
        return True

    # ----- store commands ---------------------------------------------------------------------

    def _risk_or_say(self) -> Risk | None:
        risk = self.table.current
        if risk is None:
            self.app.notify(_("No risk here: n logs one."), severity="warning")
        return risk

    def _label(self, risk: Risk) -> str:
        return printable(self.app.repo.risks.label(risk))

    def action_add(self) -> None:
        repo = self.app.repo
        if self.card_id is None:
            heading = _("New risk of the whole board")
        else:
            label = repo.cards.label_of(self.card_id) or self.card_id
            heading = _("New risk on {card}").format(card=printable(label))

        def added(fields: dict[str, object] | None) -> None:
            if fields is None:
                return
            values = dict(fields)
            title, card = str(values.pop("title")), values.pop("card")
            done = self.attempt(lambda: repo.risks.add(self.board_id, title, card=card, **values))
            if done:
                risk = done.made
                self.show_changes(keep=risk.id)
                if self.table.current_id != risk.id:
                    self.app.notify(
                        _("Logged {risk}; the filter hides it.").format(risk=self._label(risk)),
                        severity="warning",
                    )

        form = RiskForm(board_id=self.board_id, card_id=self.card_id, heading=heading)
        self.app.push_screen(form, added)

    def action_edit(self) -> None:
        risk = self._risk_or_say()
        if risk is None:
            return

        def edited(fields: dict[str, object] | None) -> None:
            if fields is not None:
                self.attempt(lambda: self.app.repo.risks.edit(risk.id, **fields), keep=risk.id)

        heading = _("Edit {item}").format(item=self._label(risk))
        self.app.push_screen(RiskForm(risk, heading=heading), edited)

    def action_read(self) -> None:
        if risk := self._risk_or_say():
            self.app.push_screen(RiskForm(risk, heading=self._label(risk)))

    def action_close_risk(self) -> None:
        risk = self._risk_or_say()
        if risk is None:
            return

        def answered(note: str | None) -> None:
            if note is not None:
                self.attempt(lambda: self.app.repo.risks.close(risk.id, note), keep=risk.id)

        self.app.push_screen(
            TextPrompt(
                _("Close {risk}").format(risk=self._label(risk)),
                placeholder=_("closing note (optional): what was done, why it is over"),
                hint=_("Enter closes the risk; Escape backs out"),
            ),
            answered,
        )

    def action_reopen_risk(self) -> None:
        risk = self._risk_or_say()
        if risk is not None and self.attempt(
            lambda: self.app.repo.risks.reopen(risk.id), keep=risk.id
        ):
            self.app.notify(_("Reopened {risk}.").format(risk=self._label(risk)))

    def action_note(self) -> None:
        risk = self._risk_or_say()
        if risk is None:
            return

        def answered(text: str | None) -> None:
            if text:
                self.attempt(lambda: self.app.repo.risks.add_note(risk.id, text), keep=risk.id)

        self.app.push_screen(
            TextPrompt(
                _("Note on {risk}").format(risk=self._label(risk)),
                placeholder=_("what the review found, what was done"),
                required=True,
            ),
            answered,
        )

    def action_delete(self) -> None:
        risk = self._risk_or_say()
        if risk is not None:
            self.confirm(
                _("Delete {item}?").format(item=self._label(risk)),
                _("Yes, delete it (u undoes)"),
                lambda: self.attempt(lambda: self.app.repo.risks.delete(risk.id)),
            )


def _in_pick(risk: Risk, pick: Cell | Level) -> bool:
    if isinstance(pick, Level):
        return risk.level == pick
    return (risk.probability, risk.impact) == pick
