"""The pstui app: owns the one repository, the config and the themes; screens do the rest."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import pendulum
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme, ThemeProvider

from pstui.config import DEFAULT_THEME, Config, load_config, save_config
from pstui.i18n import N_, _, choose_language, ngettext, set_language
from pstui.model.dates import today as real_today
from pstui.store.errors import StoreError
from pstui.store.repository import Repository
from pstui.store.storage import DiskRead
from pstui.ui.git_actions import GIT_BINDINGS, GitApp
from pstui.ui.key_order import KeysInOrder
from pstui.ui.notices import NOTICE_BINDINGS, NoticesApp
from pstui.ui.screens.archived_boards import ArchivedBoardsScreen
from pstui.ui.screens.board import BoardScreen
from pstui.ui.screens.help import HelpScreen
from pstui.ui.themes import load_themes

WATCH_SECONDS = 1.0
# The open index is kept this long after the board is shown: out of the first paint and the
# first keys, and soon enough that a dropped connection rarely beats it.
KEEP_INDEX_AFTER_SECONDS = 1.0
REFREEZE_AFTER_SECONDS = 5.0  # after a reload: its worker is gone, its notice nearly
# Under NO_COLOR, by whether the theme is of ANSI colours: Textual's own rule.
COLOURLESS: dict[bool, LineFilter] = {True: NoColor(), False: Monochrome()}


class PstuiApp(KeysInOrder, NoticesApp, GitApp):
    CSS_PATH = "app.tcss"
    TITLE = "pstui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding(
            "question_mark",
            "help",
            N_("Help"),
            id="help",
            tooltip=N_("Show every key of this screen"),
        ),
        *GIT_BINDINGS,
        *NOTICE_BINDINGS,
    ]

    def __init__(
        self,
        repo: Repository,
        config: Config,
        *,
        today: pendulum.Date | None = None,
        watch_seconds: float = WATCH_SECONDS,
    ) -> None:
        super().__init__()
        self.repo = repo
        # App-wide news: the store changed (a change, a reload, a sync); every store screen
        # listens (see PstuiScreen).
        self.store_changed: Signal[None] = Signal(self, "store-changed")
        self.config = config
        self.today = today or real_today()
        self._watch_seconds = watch_seconds
        self._reading_store = False  # a changed store file is being read on a worker thread
        self._read_only_keys = repo.read_only  # whether the keys shown are a read-only store's
        self._problems: list[str] = list(config.problems)
        themes, problems = load_themes()
        self._problems += problems
        for theme in themes:
            self.register_theme(theme)
        self._pick_theme(config.theme)
        if config.keymap:
            self.set_keymap(config.keymap)

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies in a text box): say which key does, in plain words
        (Textual's own message is markup, shown raw by `notify`)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                key_name = self.get_key_display(replace(active.binding, key=key))
                self.notify(_("Press {key} to quit pstui.").format(key=key_name))
                return

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under NO_COLOR, the filter for the theme in use. Textual picks it for the theme the
        app starts with, before pstui's is set: the greys it draws an ANSI theme in are black
        on black (the terminal's default colours); an ANSI theme drops its colours instead."""
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        colourless = COLOURLESS[self.native_ansi_color]
        return [colourless if isinstance(f, (NoColor, Monochrome)) else f for f in filters]

    def _pick_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
            return
        self._problems.append(
            _("unknown theme {name}: using {theme}").format(name=repr(name), theme=DEFAULT_THEME)
        )
        self.theme = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"

    def on_mount(self) -> None:
        self.repo.on_disk_changed = partial(self._from_writer, self.check_store)
        self.repo.on_write_error = partial(self._from_writer, self._write_failed)
        self.push_screen(BoardScreen() if self.repo.boards.all() else ArchivedBoardsScreen())
        self.call_after_refresh(self._board_shown)
        self.repo.validate_in_background(partial(self._from_writer, self._store_invalid))
        if not self.repo.view_only:  # a board served for viewing leaves git and the clone alone
            self.check_merge_driver()
            if self.config.auto_sync:
                self.action_sync()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for problem in self._problems + self.repo.problems:
            self.notify(problem, severity="warning")
        if self.repo.view_only:
            self.notify(
                _("{reason}: you can look, not change.").format(reason=self.repo.read_only_reason)
            )
        elif self.repo.read_only:
            self.notify(
                _("{path} is read-only here: you can look, not change.").format(
                    path=self.repo.path
                ),
                severity="warning",
            )
        if self._watch_seconds > 0:
            self.set_interval(self._watch_seconds, self.check_store)

    def _remember_theme(self, theme: Theme) -> None:
        # A viewer in the browser picks a theme for their session, not for the config of
        # whoever serves the board.
        if theme.name != self.config.theme and not self.repo.view_only:
            self.config.theme = theme.name
            try:
                save_config(self.config)
            except OSError as err:
                self.notify(_("Theme not saved: {error}").format(error=err), severity="warning")

    def _from_writer(self, callback: Callable[..., None], *args: object) -> None:
        """Run `callback` on the UI thread; the writer and the worker threads call this."""
        with contextlib.suppress(RuntimeError):  # the app is already closing
            self.call_from_thread(callback, *args)

    def _write_failed(self, err: Exception) -> None:
        self.notify(
            _(
                "{error} Your changes are kept in the journal and will be written when "
                "the store can be written again."
            ).format(error=_sentence(err)),
            title=_("Not saved"),
            severity="error",
        )

    def _store_invalid(self, err: Exception) -> None:
        self.notify(
            _("{error} The store is read-only until it is fixed.").format(error=_sentence(err)),
            title=_("Bad store"),
            severity="error",
        )
        self.refresh_screens()

    def check_store(self) -> None:
        """Reload when the file changed on disk (a pull, another pstui), keeping the cursor.
        The file is read on a worker thread: reading a large store would freeze the UI."""
        if self._reading_store or not self.repo.changed_on_disk():
            return
        self._reading_store = True
        self.run_worker(self._read_store, name="read-store", thread=True, exit_on_error=False)

    def _read_store(self) -> None:
        """On a worker thread: the file if it changed, read, for `_take_store` to take on the
        UI thread."""
        read: DiskRead | StoreError | None = None
        try:
            with collections_paused():
                read = self.repo.read_changed_file()
        except StoreError as err:
            read = err
        except OSError as err:  # gone or unreadable between the check and the read
            read = StoreError(
                self.repo.path,
                _("the file could not be read ({reason}).").format(reason=err.strerror),
            )
        finally:
            self._from_writer(self._take_store, read)  # whatever happened: reading is over

    def _take_store(self, read: DiskRead | StoreError | None) -> None:
        self._reading_store = False
        if read is None:
            return
        if isinstance(read, StoreError):
            self._store_unusable(read)
            return
        try:
            with collections_paused():
                merged = self.repo.reload(wait=False, read=read)
        except StoreError as err:  # changed again since it was read, and now bad
            self._store_unusable(err)
            return
        if merged is None:
            return
        self.keep_out_of_collections()  # the new store, from the refresh on
        self.refresh_screens()
        if merged.conflicts:
            self.notify(
                ngettext(
                    "Merged with the file on disk; {n} field(s) changed on both sides: the "
                    "later edit was kept, the other is in the history.",
                    "Merged with the file on disk; {n} field(s) changed on both sides: the "
                    "later edit was kept, the other is in the history.",
                    len(merged.conflicts),
                ).format(n=len(merged.conflicts)),
                severity="warning",
            )
        else:
            self.notify(_("Reloaded: the store changed on disk."), timeout=3)

    def keep_out_of_collections(self, *, reclaim: bool = True) -> None:
        """What was just read to stay (a new store, a table a screen parsed) is left out of
        the garbage collections at once: a full collection walking thousands of records is a
        20 ms pause in the middle of some later key. With `reclaim`, the garbage frozen with
        it is reclaimed by a full collection a few seconds later (itself a pause of tens of
        ms at 10,000 cards: worth it after a reload, whose old store is that garbage)."""
        freeze_heap()
        if reclaim:
            self.set_timer(REFREEZE_AFTER_SECONDS, refreeze_heap)

    def _store_unusable(self, err: StoreError) -> None:
        self.notify(err.message, title=_("Store changed on disk"), severity="error", timeout=10)

    def _board_shown(self) -> None:
        freeze_heap()
        self.set_timer(KEEP_INDEX_AFTER_SECONDS, self._keep_open_index)

    def _keep_open_index(self) -> None:
        keep_index = self.repo.open_index_saver()
        if keep_index is not None:
            self.run_worker(keep_index, name="open-index", thread=True, exit_on_error=False)

    def on_unmount(self) -> None:
        gc.unfreeze()  # what this app froze can be collected once it is gone (tests, bench)
        try:
            self.repo.close()
        except StoreError as err:
            print(
                _(
                    "pstui: {error}. Unsaved changes stay in the journal and are recovered the "
                    "next time the store is opened."
                ).format(error=err),
                file=sys.stderr,
            )

    def refresh_screens(self) -> None:
        self.store_changed.publish(None)
        if self.repo.read_only != self._read_only_keys:  # a reload, a bad store found
            self._read_only_keys = self.repo.read_only
            for screen in self.screen_stack:
                screen.refresh_bindings()  # the keys that change the store come and go

    def every_board_archived(self) -> None:
        """No board is left to show (a reload archived the last one): say so, offer them."""
        if not any(isinstance(s, ArchivedBoardsScreen) for s in self.screen_stack):
            self.push_screen(ArchivedBoardsScreen())

    # ----- help and palette: both read the live bindings -----------------------------------

    def key_table(self, screen: Screen) -> list[tuple[str, str]]:
        """(keys, description) for every binding active on `screen`, keys grouped per action."""
        grouped: dict[tuple[str, str], list[str]] = {}
        tips: dict[str, str] = {}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description:
                continue
            keys = grouped.setdefault((binding.action, binding.description), [])
            tips[binding.action] = _(binding.tooltip or binding.description)
            display = self.get_key_display(replace(binding, key=key))
            if display not in keys:
                keys.append(display)
        table = [(" ".join(keys), tips[action]) for (action, _unused), keys in grouped.items()]
        # pstui's own keys (they all have ids) first; Textual's generic ones (tab...) after.
        ours = {b.binding.action for b in screen.active_bindings.values() if b.binding.id}
        actions = [action for action, _unused in grouped]
        order = sorted(range(len(table)), key=lambda n: actions[n] not in ours)
        return [table[n] for n in order]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        notes = [
            _(
                "Filter (/): words match title, description and client; @name an assignee, "
                "#tag a tag, client:name a client; is:overdue, is:blocked, is:hold, is:stuck, "
                "is:mine; due:<7d, due:>2w; stage:name; -token leaves out what it matches."
            ),
            _(
                "Board: space marks cards for L H a t b x on them all (Esc clears the marks); "
                "z shows one column at full width; 4d on a card is its days in its stage."
            ),
            _("Dates: 2026-12-01, today, tomorrow, fri, +3d, 2w, 1m."),
            _("ctrl+p opens the command palette: every action above is there too."),
            _(
                "A notice shows one line for a few seconds: ctrl+g dismisses it, ctrl+n shows "
                "every notice of the session in full."
            ),
        ]
        if self.config.auto_sync:
            notes.append(
                _(
                    "Automatic sync is on: pstui pulls when it starts, and commits and "
                    "pushes when it quits (auto_sync in the config file)."
                )
            )
        self.push_screen(HelpScreen(self.key_table(self.screen), notes))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's, in English
            # Its keys panel lists the keys' descriptions untranslated; `?` shows them all.
            if command.title != "Keys":
                yield command._replace(title=_(command.title), help=_(command.help))
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            # Textual's own bindings (no id) are its system commands already: no duplicates.
            if not binding.description or not binding.id or binding.action in seen:
                continue
            seen.add(binding.action)
            target = active.node
            yield SystemCommand(
                _(binding.description),
                _(binding.tooltip)
                if binding.tooltip
                else _("key: {key}").format(key=self.get_key_display(binding)),
                partial(target.run_action, binding.action),
            )


def freeze_heap() -> None:
    """Leave what is loaded now out of future garbage collections.

    The store's records and the widgets live as long as the app; without this every full
    collection walks them all, a pause felt in the middle of a key press on a large store.
    """
    gc.freeze()


def refreeze_heap() -> None:
    """`freeze_heap` again, after collecting everything. What was alive when the heap was
    frozen and is garbage now (the worker that read a reloaded store, a notice) is left out
    of collections too: its cycles leaked on every reload. Collecting the frozen objects as
    well walks the whole store, so the app does it a few seconds after a reload, not with
    it."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _sentence(err: Exception) -> str:
    """An error's text ending with one full stop, to be followed by more."""
    return str(err).rstrip(".") + "."


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """No garbage collection while a store is loaded. Loading makes many objects and no
    garbage cycles, so the collections it sets off (a full one among them, walking every
    object of Python, Textual and the store) cost time and free nothing. What was loaded is
    frozen right after (`freeze_heap`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def make_app(
    path: Path,
    who: str,
    *,
    config: Config | None = None,
    today: pendulum.Date | None = None,
    watch_seconds: float = WATCH_SECONDS,
    view_only: bool = False,
) -> PstuiApp:
    """The one factory for the CLI, the tests and the snapshots; `view_only` opens the
    store for looking at alone (`pstui serve --read-only`)."""
    config = config or load_config()
    set_language(choose_language(config.language, os.environ))
    with collections_paused():
        repo = Repository(path, who=config.name or who, background=True, view_only=view_only)
    # The store just loaded lives as long as the app: every collection while the app starts
    # would walk it again, slowing the first paint.
    freeze_heap()
    return PstuiApp(repo, config, today=today, watch_seconds=watch_seconds)


def run_app(path: Path, who: str, *, view_only: bool = False) -> int:
    try:
        app = make_app(path, who, view_only=view_only)
    except StoreError as err:
        print(f"pstui: {err}", file=sys.stderr)
        return 1
    app.run()
    if app.config.auto_sync and not app.repo.read_only:
        sync_at_exit(path)
    app.repo.keep_open_index()  # with the terminal given back: the next start skips the scan
    return app.return_code or 0


def sync_at_exit(path: Path) -> None:
    """Automatic sync's other half: one commit per session, pushed when the app quits."""
    from pstui.store import gitsync

    print(_("pstui: syncing..."), file=sys.stderr)
    result = gitsync.sync(path, progress=lambda step: print(f"  {step}", file=sys.stderr))
    if not result.ok:
        print(_("pstui: sync failed: {error}").format(error=result.error), file=sys.stderr)
    elif result.no_remote:
        print(_("pstui: not synced: {reason}").format(reason=result.no_remote), file=sys.stderr)
