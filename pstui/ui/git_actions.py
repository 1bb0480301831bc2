"""Git from inside the app: sync on a key, the merge-driver check on start, automatic sync.

`GitApp` is the base of the pstui app: the app is a GitApp that also shows a board.

Git runs in thread workers (it is the user's git, over the network): the UI never waits on
it, progress and results arrive as notifications, and git is never allowed to prompt.
"""

from __future__ import annotations

from textual import work
from textual.app import App
from textual.binding import Binding

from pstui.i18n import N_, _, ngettext
from pstui.store import gitsync
from pstui.store.errors import StoreError
from pstui.store.repository import Repository

GIT_BINDINGS = [
    Binding("S", "sync", N_("Sync"), id="sync", tooltip=N_("Commit the store, pull, push (git)")),
    Binding(
        "M",
        "install_driver",
        N_("Set up merge"),
        id="install-driver",
        tooltip=N_("Register pstui's merge driver in this clone (git config is not shared)"),
    ),
]


class GitApp(App[None]):
    """An app on one store in a git clone: sync, and the merge driver set up."""

    repo: Repository
    driver_missing = False

    def _read_store(self) -> None:
        """On a worker thread: read the store file if it changed (a pull), for the app to
        take in on the UI thread."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The merge-driver key shows only when the check on start found something to set up;
        # a read-only store has nothing to sync.
        if action == "sync":
            return not self.repo.read_only
        return action != "install_driver" or self.driver_missing

    # ----- sync -------------------------------------------------------------------------------

    def action_sync(self) -> None:
        if self.repo.read_only:
            self.notify(_("This store is read-only here: nothing to sync."), severity="warning")
            return
        try:
            self.repo.flush()  # sync commits what is on disk
        except StoreError as err:
            self.notify(str(err), title=_("Not synced"), severity="error")
            return
        self.notify(_("Syncing with git..."), timeout=3)
        self._sync_in_background()

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def _sync_in_background(self) -> None:
        result = gitsync.sync(
            self.repo.path,
            progress=lambda step: self.call_from_thread(self.notify, step, timeout=3),
            held=self.repo.file_as_read(),
        )
        self.call_from_thread(self._synced, result)
        self._read_store()  # the pull may have changed the file: read it on this thread too

    def _synced(self, result: gitsync.SyncResult) -> None:
        if not result.ok:
            error = result.error or _("git failed")
            self.notify(error, title=_("Sync failed"), severity="error")
            return
        if result.no_remote:  # committed here; nothing to pull from or push to
            self.notify(no_remote_line(result), title=_("Not synced"), severity="warning")
            return
        said = _("Synced.")
        if result.conflicts:
            count = len(result.conflicts)
            said = ngettext(
                "Synced. {n} field(s) were changed on both sides: the later edit was kept "
                "(C shows the other values).",
                "Synced. {n} field(s) were changed on both sides: the later edit was kept "
                "(C shows the other values).",
                count,
            ).format(n=count)
        self.notify(said, severity="warning" if result.conflicts else "information")

    # ----- the merge driver ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="git-check", exit_on_error=False)
    def check_merge_driver(self) -> None:
        status = gitsync.driver_status(self.repo.path)
        if status.needs_install:
            self.call_from_thread(self._offer_driver)

    def _offer_driver(self) -> None:
        self.driver_missing = True
        self.refresh_bindings()
        self.notify(
            _(
                "This clone would merge pstui.json line by line, which breaks it: press M to "
                "register pstui's merge driver (or run `pstui doctor --fix`)."
            ),
            title=_("Merge driver not set up"),
            severity="warning",
        )

    def action_install_driver(self) -> None:
        self._install_driver()

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def _install_driver(self) -> None:
        try:
            done = gitsync.install_driver(self.repo.path)
        except gitsync.GitSyncError as err:
            self.call_from_thread(self.notify, str(err), severity="error")
            return
        self.call_from_thread(self._driver_installed, done)

    def _driver_installed(self, done: list[str]) -> None:
        self.driver_missing = False
        self.refresh_bindings()
        self.clear_notifications()  # the offer is answered
        self.notify("\n".join(done) or _("Already set up."), title=_("Merge driver"))


def no_remote_line(result: gitsync.SyncResult) -> str:
    """A sync with no remote, in one line: what was done, and the way to a remote."""
    if result.committed:
        return _("committed; no remote to sync with: git remote add origin URL")
    return _("nothing new to commit; no remote to sync with: git remote add origin URL")
