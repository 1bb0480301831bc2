"""Git as the sync engine: the merge driver's registration, `sync`, and `resolve`.

Everything here runs the user's own `git` as a subprocess (their config, their SSH keys), but
never lets it prompt: no terminal prompt, no editor, SSH in batch mode, stdin closed, and a
timeout per command that stops git and whatever it started. Functions return structured
results and print nothing, so the app can call them from a worker thread and the CLI can
print them.

- `driver_status` / `install_driver`: is the three-way merge driver in force for the store
  (`.gitattributes` line, the clone's git config, an interpreter that exists, temp files
  excluded), and set it up. `doctor_checks` adds git itself and the store's health.
- `sync`: commit the store with a message made from its new events, pull (the driver
  merges), push; a rejected push pulls and retries. A failure leaves the store file as it was
  before the failed step and returns git's own error text.
- `resolve`: rebuild a store left with conflict markers (a merge made without the driver)
  from git's index stages, with the same merge.

What a sync did and why it failed is said in the interface language (`pstui.i18n`); git's own
output is passed on as git wrote it, and commit messages stay English (they are history).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from pstui.i18n import N_, _, ngettext, pgettext
from pstui.store.engine import (
    Identity,
    dumps_store,
    identity_of,
    ids_only_in,
    load_store_bytes,
    loads_store,
    read_changes,
    validate_changed,
)
from pstui.store.errors import StoreError
from pstui.store.files import TEMP_PREFIX, TEMP_SUFFIX, atomic_write_text, writer_lock
from pstui.store.merge import MERGE_BY, Store, merge_texts
from pstui.store.storage import model_check

GIT_TIMEOUT = 60.0
DRIVER = "pstui"
DRIVER_NAME = "pstui store merge"
DRIVER_ARGS = "-m pstui merge-driver %O %A %B %P"
# Never worth committing: a killed writer's temp file, the lock file of a store outside .git.
EXCLUDES = (".pstui-*.tmp", ".pstui.json.lock")
SUMMARY_LINES = 10
_SUMMARY_CHARS = 120
_KILL_GRACE = 5.0

Progress = Callable[[str], None]
NO_GIT = N_("git: command not found; install git to sync the store")


class GitSyncError(Exception):
    """Git sync cannot be set up here (no repository, no git, a config git refused)."""


# --- running git -----------------------------------------------------------------------------


@dataclass
class GitRun:
    """One finished git command."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def message(self) -> str:
        """What git said about a failure: its stderr, or stdout when stderr is empty (a merge
        conflict is reported on stdout)."""
        return (
            self.stderr.strip()
            or self.stdout.strip()
            or _("git exited with {code}").format(code=self.returncode)
        )


def git_env(
    cwd: Path | None = None,
    base: dict[str, str] | None = None,
    *,
    config: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment git runs in: the user's, with every way of prompting shut.

    SSH runs in batch mode unless the user chose an SSH command (GIT_SSH_COMMAND, GIT_SSH or
    core.sshCommand, which GIT_SSH_COMMAND would override); `config` (or reading it in `cwd`)
    tells about the last.
    """
    env = dict(os.environ if base is None else base)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_EDITOR"] = "true"
    env["GIT_SEQUENCE_EDITOR"] = "true"
    env["GIT_MERGE_AUTOEDIT"] = "no"
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        if config is None and cwd is not None:
            config = read_config(cwd) or {}
        if not (config or {}).get("core.sshcommand"):
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    return env


def read_config(cwd: Path) -> dict[str, str] | None:
    """git's effective config in `cwd` (last value wins), or None when git cannot run.

    Keys are as `git config --list` gives them: section and name lower-cased, a subsection
    (a branch name, `pstui` in merge.pstui.driver) as written.
    """
    listed = _run(["git", "config", "--list", "-z"], cwd, git_env(None), 10.0)
    if listed.returncode in (126, 127):
        return None
    config: dict[str, str] = {}
    for entry in listed.stdout.split("\0"):
        if entry:
            key, _sep, value = entry.partition("\n")
            config[key] = value
    return config


def run_git(
    args: Sequence[str],
    cwd: Path,
    *,
    timeout: float = GIT_TIMEOUT,
    env: dict[str, str] | None = None,
    stdout: BinaryIO | None = None,
) -> GitRun:
    """Run `git ARGS` in `cwd`. Never raises: a missing git or a timeout is a failed GitRun.
    Its output goes to `stdout` when given (then a large store is not held in memory)."""
    return _run(["git", *args], cwd, env if env is not None else git_env(cwd), timeout, stdout)


def _run(
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    stdout: BinaryIO | None = None,
) -> GitRun:
    try:
        # A session of its own, so a timeout stops git's children too (ssh, remote helpers),
        # which would otherwise hold the pipes open.
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdout is None else stdout,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        return GitRun(argv[1:], 127, "", _(NO_GIT))
    except OSError as err:
        return GitRun(argv[1:], 126, "", _("git: cannot run: {reason}").format(reason=err.strerror))
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        try:
            out, err = proc.communicate(timeout=_KILL_GRACE)
        except subprocess.TimeoutExpired:
            out, err = b"", b""
        name = " ".join(argv[:2])
        message = _("{command} did not finish within {seconds} s; stopped it").format(
            command=name, seconds=f"{timeout:g}"
        )
        text = err.decode("utf-8", "replace").strip()
        return GitRun(argv[1:], 124, "", f"{text}\n{message}" if text else message)
    return GitRun(
        argv[1:],
        proc.returncode,
        (out or b"").decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


# --- where the store sits in git -------------------------------------------------------------


@dataclass(frozen=True)
class GitPlace:
    """A store inside a git work tree."""

    root: Path  # the work tree's top folder (holds .git)
    store: Path  # the store file, absolute
    relpath: str  # the store's path from root, with forward slashes

    @property
    def attributes_line(self) -> str:
        return f"{_attr_pattern(self.relpath)} merge={DRIVER}"


def locate(store_path: Path) -> GitPlace | None:
    """The git work tree holding the store: walk up from its folder for `.git`, as git does."""
    store = Path(os.path.abspath(store_path))
    for folder in [store.parent, *store.parent.parents]:
        if (folder / ".git").exists():
            try:
                relpath = store.relative_to(folder).as_posix()
            except ValueError:  # pragma: no cover - folder is a parent of store by construction
                return None
            return GitPlace(folder, store, relpath)
    return None


_GLOB_SPECIAL = frozenset("\\[]*?")


def _attr_pattern(relpath: str) -> str:
    """A .gitattributes pattern naming exactly this path, and no other.

    Patterns are globs (git's wildmatch): a `[a]` in a folder name would match `a`, never
    `[a]`, so the store never got its driver (#21). `\\ [ ] * ?` are escaped with a
    backslash, and so is a leading `#` (a comment) or `!` (a negation, which gitattributes
    refuses). A pattern with blanks, a quote or a control character is written C-quoted,
    which doubles each of those backslashes again."""
    glob = "".join(f"\\{c}" if c in _GLOB_SPECIAL else c for c in relpath)
    if glob[:1] in ("#", "!"):
        glob = "\\" + glob
    if any(c in ' "' or ord(c) < 32 or ord(c) == 127 for c in glob):
        return '"' + "".join(_C_ESCAPES.get(c) or _c_char(c) for c in glob) + '"'
    return glob


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _c_char(char: str) -> str:
    return f"\\{ord(char):03o}" if ord(char) < 32 or ord(char) == 127 else char


def _unescaped_attr_pattern(relpath: str) -> str:
    """The pattern pstui wrote before #21 (quoted for blanks, globs not escaped): wrong for
    a path with glob characters, so `install_driver` replaces it."""
    if any(c in relpath for c in ' \t"\\'):
        escaped = relpath.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        return f'"{escaped}"'
    return relpath


def git_paths(place: GitPlace, *names: str) -> list[Path]:
    """Paths inside the repository's git directory, worktree-aware (`git rev-parse --git-path`)."""
    args = [arg for name in names for arg in ("--git-path", name)]
    found = run_git(["rev-parse", *args], place.root, env=_plain_env())
    lines = found.stdout.splitlines() if found.ok else []
    if len(lines) == len(names):
        return [place.root / line for line in lines]
    dot_git = place.root / ".git"
    if dot_git.is_file():
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        dot_git = place.root / text.removeprefix("gitdir:").strip()
    return [dot_git / name for name in names]


def git_path(place: GitPlace, name: str) -> Path:
    return git_paths(place, name)[0]


def _plain_env() -> dict[str, str]:
    """git_env without the core.sshCommand lookup: for local commands that never use SSH."""
    return git_env(None, config={})


# What is in progress, as the sentences below name it (shown through `_`, compared in English).
_OPERATIONS = (
    ("MERGE_HEAD", N_("a merge")),
    ("rebase-merge", N_("a rebase")),
    ("rebase-apply", N_("a rebase")),
    ("CHERRY_PICK_HEAD", N_("a cherry-pick")),
    ("REVERT_HEAD", N_("a revert")),
)


def operation_in_progress(place: GitPlace) -> str | None:
    """'a merge', 'a rebase'... when one is in progress in the work tree, else None."""
    paths = git_paths(place, *(name for name, _what in _OPERATIONS))
    for path, (_name, what) in zip(paths, _OPERATIONS, strict=True):
        if path.exists():
            return what
    return None


def _finish_commands(what: str) -> tuple[str, str]:
    """The git commands that finish and abort `what` (an operation as `_OPERATIONS` names it)."""
    verb = {"a merge": "merge", "a rebase": "rebase", "a cherry-pick": "cherry-pick"}.get(
        what, "revert"
    )
    finish = "git commit" if verb == "merge" else f"git {verb} --continue"
    return finish, f"git {verb} --abort"


# --- the merge driver's registration ---------------------------------------------------------


def driver_command(python: str | None = None) -> str:
    """The value of merge.pstui.driver: this interpreter, by absolute path, run as a module.

    git runs it through the shell, so the path is shell-quoted (a venv in a folder with
    spaces). The interpreter path is kept as given, not resolved: a venv's `bin/python` is a
    symlink whose target does not see the venv's packages.
    """
    return f"{shlex.quote(python or sys.executable)} {DRIVER_ARGS}"


@dataclass
class Check:
    """One line of `pstui doctor`: what was checked, whether it is fine, and the fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    fixable: bool = False  # `install_driver` (doctor --fix) repairs it


@dataclass
class DriverStatus:
    """Whether the store's merge driver is in force in this clone."""

    store: Path
    git_found: bool = False
    in_git: bool = False
    root: Path | None = None
    relpath: str = ""
    attributes_ok: bool = False  # git check-attr says merge=pstui for the store
    attributes_value: str = ""  # what git check-attr says the merge attribute is
    attributes_committed: bool = False  # .gitattributes has no uncommitted change
    config_ok: bool = False  # merge.pstui.driver runs `-m pstui merge-driver %O %A %B`
    config_driver: str = ""  # the configured merge.pstui.driver
    interpreter: str = ""  # the interpreter the configured driver runs
    interpreter_ok: bool = False  # ... exists and is executable (and imports pstui if probed)
    exclude_ok: bool = False  # .git/info/exclude ignores pstui's temp and lock files
    expected_driver: str = field(default_factory=driver_command)

    @property
    def ok(self) -> bool:
        """Merges of the store go through the driver in this clone."""
        return self.in_git and self.attributes_ok and self.config_ok and self.interpreter_ok

    @property
    def needs_install(self) -> bool:
        """Something `install_driver` would fix (the app offers it in one key)."""
        return self.in_git and not (self.ok and self.exclude_ok)

    def checks(self) -> list[Check]:
        """One Check per item, in the order `pstui doctor` prints them (in the interface
        language: they are only shown)."""
        if not self.git_found:
            return [
                Check(
                    pgettext("doctor", "git"),
                    False,
                    _("the git command is not found"),
                    _("install git"),
                    False,
                )
            ]
        if not self.in_git:
            return [
                Check(
                    pgettext("doctor", "repository"),
                    False,
                    _("{store} is not inside a git repository").format(store=self.store),
                    _("`git init` in its folder (then `pstui doctor --fix`) to sync it with git"),
                )
            ]
        line = f"{_attr_pattern(self.relpath)} merge={DRIVER}"
        attr_detail = (
            f"{self.relpath}: merge={self.attributes_value}"
            if self.attributes_ok
            else _(
                "git does not merge {path} with the pstui driver (merge attribute: {value})"
            ).format(path=self.relpath, value=self.attributes_value or "unspecified")
        )
        if self.config_ok:
            config_detail = f"merge.pstui.driver = {self.config_driver}"
        elif self.config_driver:
            config_detail = _("merge.pstui.driver is {driver}, not a pstui merge driver").format(
                driver=repr(self.config_driver)
            )
        else:
            config_detail = _(
                "merge.pstui.driver is not set in this clone (git config is not cloned)"
            )
        return [
            Check(pgettext("doctor", "git"), True, _("git found")),
            Check(
                pgettext("doctor", "repository"),
                True,
                _("{path} is in the git work tree {root}").format(
                    path=self.relpath, root=self.root
                ),
            ),
            Check(
                pgettext("doctor", "attributes"),
                self.attributes_ok,
                attr_detail,
                _("add `{line}` to {file}").format(line=line, file=f"{self.root}/.gitattributes"),
                fixable=True,
            ),
            Check(
                pgettext("doctor", "attributes committed"),
                self.attributes_committed or not self.attributes_ok,
                _(".gitattributes is committed")
                if self.attributes_committed
                else _(
                    ".gitattributes has uncommitted changes: other clones do not have the "
                    "driver yet"
                ),
                _("commit it (`pstui sync` does, or `git add .gitattributes && git commit`)"),
            ),
            Check(
                pgettext("doctor", "driver config"),
                self.config_ok,
                config_detail,
                f"git config merge.pstui.driver {shlex.quote(self.expected_driver)}",
                fixable=True,
            ),
            *(
                [
                    Check(
                        pgettext("doctor", "driver interpreter"),
                        self.interpreter_ok,
                        _("{python} runs the driver").format(python=self.interpreter)
                        if self.interpreter_ok
                        else _(
                            "the driver's interpreter {python} is missing or cannot import "
                            "pstui (a deleted venv?)"
                        ).format(python=self.interpreter),
                        _("point the driver at {python}").format(python=sys.executable),
                        fixable=True,
                    )
                ]
                if self.config_ok
                else []
            ),
            Check(
                pgettext("doctor", "excludes"),
                self.exclude_ok,
                _("pstui's temp and lock files are ignored by git")
                if self.exclude_ok
                else _("{patterns} not in .git/info/exclude").format(patterns=", ".join(EXCLUDES)),
                _("add {one} and {other} to .git/info/exclude").format(
                    one=EXCLUDES[0], other=EXCLUDES[1]
                ),
                fixable=True,
            ),
        ]


def driver_status(store_path: Path, *, probe: bool = False) -> DriverStatus:
    """Check the merge driver's setup for the store. With `probe`, also run the configured
    interpreter once to see it can import pstui (it starts a process, so only on request)."""
    store = Path(os.path.abspath(store_path))
    place = locate(store)
    if place is None:
        status = DriverStatus(store=store)
        version = run_git(["--version"], store.parent, env=_plain_env())
        status.git_found = version.returncode not in (126, 127)
        return status
    return _driver_status(place, read_config(place.root), probe=probe)


def _driver_status(place: GitPlace, config: dict[str, str] | None, *, probe: bool) -> DriverStatus:
    status = DriverStatus(store=place.store, in_git=True, root=place.root, relpath=place.relpath)
    status.git_found = config is not None
    if config is None:
        return status
    env = _plain_env()
    attr = run_git(["check-attr", "merge", "--", place.relpath], place.root, env=env)
    if attr.ok:
        status.attributes_value = attr.stdout.strip().rpartition(": ")[2]
        status.attributes_ok = status.attributes_value == DRIVER
    attrs_state = run_git(["status", "--porcelain", "--", ".gitattributes"], place.root, env=env)
    status.attributes_committed = attrs_state.ok and not attrs_state.stdout.strip()
    status.config_driver = config.get(f"merge.{DRIVER}.driver", "").strip()
    words = _split(status.config_driver)
    status.config_ok = bool(words) and _runs_pstui_driver(words)
    if status.config_ok:
        status.interpreter = words[0]
        status.interpreter_ok = _is_executable(words[0])
        if status.interpreter_ok and probe:
            status.interpreter_ok = _imports_pstui(words[0], place.root)
    status.exclude_ok = _excludes_present(git_path(place, "info/exclude"))
    return status


def _split(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return []


def _runs_pstui_driver(words: list[str]) -> bool:
    tail = " ".join(words[1:])
    return "pstui merge-driver" in tail and all(f in words for f in ("%O", "%A", "%B"))


def _is_executable(program: str) -> bool:
    path = Path(program)
    if not path.is_absolute():
        found = _which(program)
        if found is None:
            return False
        path = found
    return path.is_file() and os.access(path, os.X_OK)


def _which(program: str) -> Path | None:
    import shutil

    found = shutil.which(program)
    return Path(found) if found else None


def _imports_pstui(python: str, cwd: Path) -> bool:
    probe = _run([python, "-c", "import pstui.store.merge"], cwd, _plain_env(), 30.0)
    return probe.ok


def _excludes_present(path: Path) -> bool:
    try:
        lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return False
    return all(pattern in lines for pattern in EXCLUDES)


def install_driver(store_path: Path, *, python: str | None = None) -> list[str]:
    """Register the merge driver for the store in its clone; returns what was done.

    Idempotent: what is already in place is left alone (an empty list means nothing needed
    doing). Raises GitSyncError when the store is not in a git repository or git refuses.
    """
    status = driver_status(store_path)
    if not status.git_found:
        raise GitSyncError(_("git is not installed; the merge driver needs it"))
    place = locate(status.store)
    if place is None:
        raise GitSyncError(_("{store} is not inside a git repository").format(store=status.store))
    actions: list[str] = []
    env = _plain_env()
    expected = driver_command(python)

    if not status.attributes_ok:
        attributes = place.root / ".gitattributes"
        line = place.attributes_line
        existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        lines = existing.splitlines()
        stale = f"{_unescaped_attr_pattern(place.relpath)} merge={DRIVER}"
        if stale != line and stale in (x.strip() for x in lines):
            # Written by an older pstui, globs unescaped: it never named this store.
            text = "".join(f"{line if x.strip() == stale else x}\n" for x in lines)
            atomic_write_text(attributes, text)
            actions.append(
                _(
                    "replaced `{stale}` (a glob that does not match {path}) with `{line}` in {file}"
                ).format(stale=stale, path=place.relpath, line=line, file=attributes)
            )
        elif line not in (x.strip() for x in lines):
            sep = "" if not existing or existing.endswith("\n") else "\n"
            with open(attributes, "a", encoding="utf-8", newline="\n") as out:
                out.write(f"{sep}{line}\n")
            actions.append(_("added `{line}` to {file}").format(line=line, file=attributes))
        again = run_git(["check-attr", "merge", "--", place.relpath], place.root, env=env)
        value = again.stdout.strip().rpartition(": ")[2] if again.ok else ""
        if value != DRIVER:
            actions.append(
                _("warning: git still says merge={value} for {path}: {reason}").format(
                    value=value or "unspecified",
                    path=place.relpath,
                    reason=_overriding_attributes(place),
                )
            )

    if not (status.config_ok and status.interpreter_ok):
        for key, value in (
            (f"merge.{DRIVER}.name", DRIVER_NAME),
            (f"merge.{DRIVER}.driver", expected),
        ):
            done = run_git(["config", "--local", key, value], place.root, env=env)
            if not done.ok:
                raise GitSyncError(
                    _("git config {key} failed: {error}").format(key=key, error=done.message)
                )
        actions.append(
            _("set {key} = {value} in this clone's git config").format(
                key=f"merge.{DRIVER}.driver", value=expected
            )
        )
    else:
        if not (read_config(place.root) or {}).get(f"merge.{DRIVER}.name"):
            run_git(["config", "--local", f"merge.{DRIVER}.name", DRIVER_NAME], place.root, env=env)
            actions.append(
                _("set {key} = {value}").format(key=f"merge.{DRIVER}.name", value=DRIVER_NAME)
            )

    if not status.exclude_ok:
        exclude = git_path(place, "info/exclude")
        exclude.parent.mkdir(parents=True, exist_ok=True)
        existing = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
        have = {x.strip() for x in existing.splitlines()}
        missing = [p for p in EXCLUDES if p not in have]
        sep = "" if not existing or existing.endswith("\n") else "\n"
        with open(exclude, "a", encoding="utf-8", newline="\n") as out:
            out.write(sep + "".join(f"{p}\n" for p in missing))
        actions.append(
            _("added {patterns} to {file}").format(patterns=", ".join(missing), file=exclude)
        )
    return actions


def _overriding_attributes(place: GitPlace) -> str:
    """Where the merge attribute the store gets may be set instead of by pstui's line: the
    attribute files git reads after the top .gitattributes that mention `merge`."""
    folders = [place.store.parent, *place.store.parent.parents]
    candidates = [f / ".gitattributes" for f in folders[: folders.index(place.root)]]
    candidates.append(git_path(place, "info/attributes"))
    found = [str(path) for path in candidates if _mentions_merge(path)]
    lines = (place.root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    ours = max(n for n, x in enumerate(lines) if x.strip() == place.attributes_line)
    if any("merge" in x for x in lines[ours + 1 :]):
        found.append(_("a later line of {file}").format(file=place.root / ".gitattributes"))
    if not found:
        return _("no other attributes file sets it that pstui can see (check `git check-attr -a`)")
    return _("it is set again in {places}").format(places=", ".join(found))


def _mentions_merge(path: Path) -> bool:
    try:
        return "merge" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def doctor_checks(store_path: Path, *, probe: bool = True) -> list[Check]:
    """Everything `pstui doctor` looks at: git, the driver's setup, the store itself."""
    from pstui.store.check import check_store

    status = driver_status(store_path, probe=probe)
    checks = status.checks()
    problems = check_store(status.store)
    if not problems:
        checks.append(
            Check(
                pgettext("doctor", "store"),
                True,
                _("{store} parses and is consistent").format(store=status.store),
            )
        )
    else:
        first = problems[0]
        detail = (
            _("{problem} (and {n} more)").format(problem=first, n=len(problems) - 1)
            if len(problems) > 1
            else str(first)
        )
        checks.append(
            Check(
                pgettext("doctor", "store"),
                False,
                detail,
                _("see `pstui check`; `pstui resolve` for conflict markers"),
            )
        )
    return checks


# --- sync ------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    """What `sync` did. On failure `error` holds git's own words (or ours, when git never ran)."""

    steps: list[str] = field(default_factory=list)
    ok: bool = False
    error: str | None = None
    committed: str | None = None  # the new commit's short hash (a rebase pull rewrites it)
    pulled: bool = False  # the pull changed the store file
    pushed: bool = False
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # new conflict events
    # Set when the repository has no remote: the store was committed (or was already) and
    # there is nothing to pull from or push to. `ok`, and this says so, and how to add one.
    no_remote: str | None = None
    _progress: Progress | None = field(default=None, repr=False, compare=False)

    def step(self, text: str) -> None:
        self.steps.append(text)
        if self._progress is not None:
            self._progress(text)

    def fail(self, error: str) -> SyncResult:
        self.ok, self.error = False, error
        return self


def sync(
    store_path: Path,
    message: str | None = None,
    *,
    retries: int = 3,
    timeout: float = GIT_TIMEOUT,
    progress: Progress | None = None,
    held: tuple[bytes, Store] | None = None,
) -> SyncResult:
    """Commit the store if it changed, pull, push. Safe to call from a worker thread.

    `message` replaces the commit's subject line (the body still lists the changes).
    `progress` is called with each step as it happens (from the calling thread). The app
    should flush its repository first: this commits what is on disk. While git changes the
    file, the store's writer lock is held, so a pstui writing at that moment waits instead of
    overwriting the pull's result. `held` is the store file as the caller last read it
    whole, and its tables (`Repository.file_as_read`): the store is read against it, so
    that the app and its sync hold one copy of a large store, not two.
    """

    result = SyncResult(_progress=progress)
    store = Path(os.path.abspath(store_path))
    place = locate(store)
    if place is None:
        return result.fail(
            _("{store} is not inside a git repository; nothing to sync with").format(store=store)
        )
    config = read_config(place.root)
    if config is None:
        return result.fail(_(NO_GIT))
    env = git_env(place.root, config=config)

    def git(*args: str, stdout: BinaryIO | None = None) -> GitRun:
        return run_git(args, place.root, timeout=timeout, env=env, stdout=stdout)

    busy = operation_in_progress(place)
    if busy:
        finish, abort = _finish_commands(busy)
        return result.fail(
            _(
                "{operation} is in progress in {root}; finish it (`{finish}`) or abort it "
                "(`{abort}`), then sync again"
            ).format(operation=_(busy), root=place.root, finish=finish, abort=abort)
        )
    branch = git("symbolic-ref", "--quiet", "--short", "HEAD")
    if not branch.ok:
        return result.fail(_("HEAD is detached (not on a branch); check out a branch, then sync"))
    branch_name = branch.stdout.strip()
    status = _driver_status(place, config, probe=False)
    if not status.ok:
        missing = [c.detail for c in status.checks() if not c.ok and c.fixable]
        return result.fail(
            _(
                "the pstui merge driver is not in force in this clone, so a pull could tear the "
                "store apart ({problems}). Run `pstui doctor --fix`, then sync again."
            ).format(problems=pgettext("list separator", "; ").join(missing))
        )
    if not store.is_file():
        return result.fail(_("{store}: no such store file").format(store=store))

    # 1. commit
    with writer_lock(store):
        try:
            now = _read_version(store, _Version(*held) if held else None)
        except StoreError as err:
            return result.fail(str(err))
        if not _commit(result, git, place, status, now, message):
            return result

    # 2. pull, 3. push (a rejected push pulls again)
    upstream = git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    pull = ["pull", *_pull_flags(config, branch_name)]
    pull_args: list[str] | None = pull
    push_args = ["push"]
    if not upstream.ok:
        remote = _default_remote(git, config, branch_name)
        if remote is not None:
            push_args = ["push", "-u", remote, branch_name]
            there = git("ls-remote", "--exit-code", "--heads", remote, f"refs/heads/{branch_name}")
            if there.returncode == 2:
                result.step(
                    _("{remote} has no branch {branch} yet: nothing to pull").format(
                        remote=remote, branch=branch_name
                    )
                )
                pull_args = None
            elif there.ok:
                pull_args = [*pull, remote, branch_name]
            else:
                return result.fail(there.message)
        else:
            remotes = git("remote").stdout.split()
            if remotes:
                return result.fail(
                    _(
                        "the branch {branch} has no upstream and the repository has several "
                        "remotes ({remotes}): push it once with `{command}`, then sync again"
                    ).format(
                        branch=branch_name,
                        remotes=", ".join(remotes),
                        command=f"git push -u REMOTE {branch_name}",
                    )
                )
            result.no_remote = _(
                "this repository has no remote. The store is committed here only; add one "
                "with `git remote add origin URL`, then sync again."
            )
            result.ok = True
            return result

    for attempt in range(retries + 1):
        if pull_args is not None and not _pull(
            result, git, place, store, pull_args, writer_lock, now
        ):
            return result
        if upstream.ok:
            ahead = git("rev-list", "--count", "@{u}..HEAD")
            if ahead.ok and ahead.stdout.strip() == "0":
                result.step(_("nothing to push"))
                result.ok = True
                return result
        pushed = git(*push_args, "--porcelain")  # ref lines flagged "!" when turned down
        if pushed.ok:
            result.pushed = True
            where = upstream.stdout.strip() if upstream.ok else f"{push_args[2]}/{branch_name}"
            result.step(_("pushed to {remote}").format(remote=where))
            result.ok = True
            return result
        if not _rejected(pushed) or attempt == retries:
            if _rejected(pushed):
                result.step(_("push rejected {n} times; giving up").format(n=attempt + 1))
            return result.fail(_push_failure(pushed))
        result.step(
            _("push rejected; pulling again (retry {n} of {retries})").format(
                n=attempt + 1, retries=retries
            )
        )
        if pull_args is None:  # the remote branch exists now: someone created it first
            pull_args = [*pull, push_args[2], branch_name]
    return result  # pragma: no cover - the loop always returns


def _commit(
    result: SyncResult,
    git: Callable[..., GitRun],
    place: GitPlace,
    status: DriverStatus,
    now: _Version,
    message: str | None,
) -> bool:
    changed = git("status", "--porcelain", "--untracked-files=all", "--", place.relpath)
    if not changed.ok:
        result.fail(changed.message)
        return False
    if not changed.stdout.strip():
        tracked = git("ls-files", "--", place.relpath)
        if tracked.ok and not tracked.stdout.strip():
            result.fail(
                _(
                    "{path} is ignored by git (see `git check-ignore -v {path}`); un-ignore it "
                    "to sync the store"
                ).format(path=place.relpath)
            )
            return False
        result.step(_("nothing to commit: the store is as committed"))
        return True
    head = _committed(git, place, now)
    try:
        # A broken store is never committed, nor pushed.
        validate_changed(head, now.tables, partial(model_check, path=place.store))
    except StoreError as err:
        result.fail(str(err))
        return False
    subject, body = commit_message(head, now.tables, subject=message)
    paths = [place.relpath]
    if _attributes_to_commit(git, place, status):
        paths.append(".gitattributes")
    added = git("add", "--", *paths)
    if not added.ok:
        result.fail(added.message)
        return False
    args = ["commit", "--quiet", "-m", subject]
    if body:
        args += ["-m", body]
    committed = git(*args, "--", *paths)
    if not committed.ok:
        result.fail(committed.message)
        return False
    head = git("rev-parse", "--short", "HEAD")
    result.committed = head.stdout.strip() if head.ok else "HEAD"
    committed_as = (
        _(
            "committed the store and .gitattributes (the merge driver, for every clone) as "
            "{commit}: {subject}"
        )
        if len(paths) > 1
        else _("committed the store as {commit}: {subject}")
    )
    result.step(committed_as.format(commit=result.committed, subject=subject))
    return True


def _attributes_to_commit(
    git: Callable[..., GitRun], place: GitPlace, status: DriverStatus
) -> bool:
    """.gitattributes goes into the sync's commit when its uncommitted change is the one that
    registers the driver (so `pstui init` then `pstui sync` sets up every clone)."""
    if status.attributes_committed:
        return False
    attributes = place.root / ".gitattributes"
    try:
        lines = {x.strip() for x in attributes.read_text(encoding="utf-8").splitlines()}
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    if place.attributes_line not in lines:
        return False
    before = git("show", "HEAD:.gitattributes")
    return place.attributes_line not in {x.strip() for x in before.stdout.splitlines()}


def commit_message(
    before: Store,
    after: Store,
    *,
    subject: str | None = None,
    limit: int = SUMMARY_LINES,
) -> tuple[str, str]:
    """Subject and body for a commit of the store: the events in `after` that `before` lacks."""
    from pstui.model.text import printable

    new = sorted(_new_events(before, after), key=lambda pair: (str(pair[1].get("at", "")), pair[0]))
    people = list(
        dict.fromkeys(
            printable(str(ev.get("by") or "someone"))
            for _eid, ev in new
            if ev.get("by") != MERGE_BY
        )
    )
    if subject is None:
        if not new:
            subject = "pstui: update the store"
        else:
            names = ", ".join(people[:3])
            if len(people) > 3:
                names += f" and {len(people) - 3} more"
            count = f"{len(new)} change{'s' if len(new) != 1 else ''}"
            subject = f"pstui: {count} by {names}" if names else f"pstui: {count}"
    lines = []
    for _eid, ev in new[:limit]:
        line = (
            f"{printable(str(ev.get('by') or 'someone'))}: {printable(str(ev.get('summary', '')))}"
        )
        if len(line) > _SUMMARY_CHARS:
            line = line[: _SUMMARY_CHARS - 1] + "…"
        lines.append(line)
    if len(new) > limit:
        lines.append(f"and {len(new) - limit} more")
    return subject, "\n".join(lines)


def _pull_flags(config: dict[str, str], branch: str) -> list[str]:
    """No flags when the user chose how pulls reconcile (pull.rebase, pull.ff or the branch's
    rebase setting); otherwise `--no-rebase`, git's historical default, since git 2.33+ stops
    a divergent pull that has no setting ("Need to specify how to reconcile")."""
    for key in ("pull.rebase", f"branch.{branch}.rebase", "pull.ff"):
        if config.get(key, "").strip():
            return []
    return ["--no-rebase"]


def _default_remote(git: Callable[..., GitRun], config: dict[str, str], branch: str) -> str | None:
    """The remote a branch without upstream would push to: branch.X.remote, pushDefault,
    origin, or the only remote."""
    for key in (f"branch.{branch}.remote", "remote.pushdefault"):
        if config.get(key, "").strip():
            return config[key].strip()
    remotes = git("remote").stdout.split()
    if "origin" in remotes:
        return "origin"
    return remotes[0] if len(remotes) == 1 else None


class _Version(NamedTuple):
    """A version of the store: its tables, and the bytes of the file they were read over."""

    blob: bytes
    tables: Store


def _read_version(path: Path, against: _Version | None = None) -> _Version:
    """The store at `path`, read against `against` when it can be (only its records that
    differ are held: see `reread`), else whole. A bad store raises StoreError."""
    if against is not None:
        found = read_changes(path, against.blob, against.tables)
        if found is not None:
            return _Version(against.blob, found[0])
    blob = path.read_bytes()
    return _Version(blob, load_store_bytes(blob, path))


def _committed(git: Callable[..., GitRun], place: GitPlace, now: _Version) -> Store:
    """The store as committed at HEAD, read against `now`: git writes it to a temporary file
    beside the store (ignored by git, removed when the next pstui opens if left), so that
    it is never held whole beside `now`. {} when there is none or it is not a store."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed and removed below
        dir=place.store.parent, prefix=f"{TEMP_PREFIX}head-", suffix=TEMP_SUFFIX, delete=False
    )
    temp = Path(handle.name)
    try:
        with handle:
            shown = git("show", f"HEAD:{place.relpath}", stdout=handle)
        if not shown.ok:
            return {}
        try:
            return _read_version(temp, against=now).tables
        except StoreError:
            return {}
    finally:
        temp.unlink(missing_ok=True)


def _new_events(before: Store, after: Store) -> Iterator[tuple[str, Any]]:
    """(id, event) of each event in `after` that `before` lacks; only those are read. Events
    are never changed, so an id both hold is the same event."""
    old, events = before.get("events", {}), after.get("events", {})
    return ((eid, events[eid]) for eid in ids_only_in(events, old))


def _new_conflicts(before: Store, after: Store) -> list[dict[str, Any]]:
    """The conflict events in `after` that `before` lacks, by id."""
    return [
        {"id": eid, **event}
        for eid, event in sorted(_new_events(before, after), key=lambda pair: pair[0])
        if isinstance(event, dict) and event.get("action") == "conflict"
    ]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _identity(path: Path) -> Identity | None:
    try:
        return identity_of(os.stat(path))
    except FileNotFoundError:
        return None


def _version_or_nothing(path: Path, against: _Version) -> Store:
    """The store at `path` read against `against`, to compare with; {} when there is none or
    it is not a store (then nothing is taken as already checked or seen)."""
    try:
        return _read_version(path, against).tables
    except (StoreError, FileNotFoundError):
        return {}


def _pull(
    result: SyncResult,
    git: Callable[..., GitRun],
    place: GitPlace,
    store: Path,
    args: list[str],
    writer_lock: Callable[[Path], contextlib.AbstractContextManager[None]],
    committed: _Version,
) -> bool:
    """Pull; the store before and after is read against the version just committed, so
    that neither is held whole beside it."""
    with writer_lock(store):
        before = _identity(store)
        earlier = _version_or_nothing(store, committed)
        pulled = git(*args)
        if not pulled.ok:
            busy = operation_in_progress(place)
            if busy:
                # Leave the clone as it was before the pull, not half-merged under the app.
                verb = "merge" if busy == "a merge" else "rebase"
                git(verb, "--abort")
                result.step(
                    _("the pull stopped in {operation}; aborted it, the store is as before").format(
                        operation=_(busy)
                    )
                )
            result.fail(pulled.message)
            return False
        if _identity(store) == before:  # git leaves a file it does not change alone
            result.step(_("pulled: the store was already up to date"))
            return True
        try:
            now = _read_version(store, committed).tables if store.exists() else {}
        except StoreError as err:
            result.fail(_("after the pull: {error}").format(error=err))
            return False
    result.pulled = True
    try:
        validate_changed(earlier, now, partial(model_check, path=store))
    except StoreError as err:
        result.fail(_("after the pull: {error}").format(error=err))
        return False
    reported = {c["id"] for c in result.conflicts}  # by an earlier pull of this sync
    fresh = [c for c in _new_conflicts(earlier, now) if c["id"] not in reported]
    result.conflicts.extend(fresh)
    if fresh:
        # New to this clone: recorded by this pull's merge, or by the merge of whoever pushed
        # it; either way someone's value lost here and the user should know.
        result.step(
            ngettext(
                "pulled: merged others' changes into the store; {n} conflict recorded (the "
                "later edit kept, the other value in the record's history)",
                "pulled: merged others' changes into the store; {n} conflicts recorded (the "
                "later edit kept, the other value in the record's history)",
                len(fresh),
            ).format(n=len(fresh))
        )
    else:
        result.step(_("pulled: merged others' changes into the store"))
    return True


def _rejected(run: GitRun) -> bool:
    """A push the remote turned down (someone pushed first, or a hook said no): a ref line
    of `push --porcelain` flagged "!", which no translation of git's messages changes."""
    return bool(_refused_refs(run))


def _refused_refs(run: GitRun) -> list[str]:
    return [line for line in run.stdout.splitlines() if line.startswith("!\t")]


def _push_failure(run: GitRun) -> str:
    """git's error, with the refs it turned down and why (porcelain prints those on stdout)."""
    refused = [line.split("\t")[-1] for line in _refused_refs(run)]
    return "\n".join([run.message, *refused]) if refused else run.message


# --- resolve ---------------------------------------------------------------------------------


@dataclass
class ResolveResult:
    ok: bool = False
    error: str | None = None
    steps: list[str] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    next_step: str = ""  # what the user runs to finish the merge or rebase


def resolve(store_path: Path) -> ResolveResult:
    """Rebuild a store left with conflict markers from git's index stages, and stage it.

    Stage 1 is the common base (an empty store when both sides added the file), 2 and 3 the
    two sides; under a rebase git swaps them, which the merge does not mind. The result is
    written atomically and `git add`ed; finishing the merge (commit, rebase --continue) is
    left to the user.
    """

    result = ResolveResult()
    store = Path(os.path.abspath(store_path))
    place = locate(store)
    if place is None:
        result.error = _(
            "{store} is not inside a git repository; there are no sides to merge"
        ).format(store=store)
        return result
    env = _plain_env()
    listed = run_git(["ls-files", "-u", "-z", "--", place.relpath], place.root, env=env)
    if not listed.ok:
        result.error = listed.message
        return result
    stages: set[int] = set()
    for entry in listed.stdout.split("\0"):
        head, _tab, _path = entry.partition("\t")
        parts = head.split()
        if len(parts) == 3 and parts[2].isdigit():
            stages.add(int(parts[2]))
    if not stages:
        text = _read(store)
        try:
            loads_store((text or b"").decode("utf-8", "replace"), store)
        except StoreError as err:
            result.error = _(
                "{error}\ngit has no conflict recorded for {path} (no index stages), so there "
                "are no sides to merge: restore it with `git checkout HEAD -- {path}`"
            ).format(error=err, path=place.relpath)
            return result
        result.ok = True
        result.steps.append(
            _("{path} has no conflict: nothing to resolve").format(path=place.relpath)
        )
        return result
    texts: dict[int, str] = {}
    for stage in sorted(stages):
        shown = run_git(["show", f":{stage}:{place.relpath}"], place.root, env=env)
        if not shown.ok:
            result.error = shown.message
            return result
        texts[stage] = shown.stdout
    try:
        if 2 in texts and 3 in texts:
            if 1 not in texts:
                result.steps.append(
                    _("both sides added the store: merging them with an empty base")
                )
            merged, report = merge_texts(texts.get(1, "{}"), texts[2], texts[3])
            result.conflicts = [dict(c) for c in report.conflicts]
        else:
            kept = texts.get(2, texts.get(3, ""))
            merged = dumps_store(loads_store(kept, f":{2 if 2 in texts else 3}:{place.relpath}"))
            result.steps.append(
                _("one side deleted the store and the other changed it: kept the changed one")
            )
    except StoreError as err:
        result.error = _("a side of the conflict is not a valid store: {error}").format(error=err)
        return result
    try:
        with writer_lock(store):
            atomic_write_text(store, merged)
    except OSError as err:
        result.error = _(
            "{store}: cannot write the merged store ({reason}); it is unchanged"
        ).format(store=store, reason=err.strerror)
        return result
    added = run_git(["add", "--", place.relpath], place.root, env=env)
    if not added.ok:
        result.error = added.message
        return result
    count = len(result.conflicts)
    merged_note = (
        ngettext(
            "merged the two sides of {path} and staged it; {n} field changed on both sides "
            "(the later edit kept, the other value in a conflict event)",
            "merged the two sides of {path} and staged it; {n} fields changed on both sides "
            "(the later edit kept, the other value in a conflict event)",
            count,
        )
        if count
        else _("merged the two sides of {path} and staged it; no field was changed on both sides")
    )
    result.steps.append(merged_note.format(path=place.relpath, n=count))
    busy = operation_in_progress(place)
    left = run_git(["diff", "--name-only", "--diff-filter=U"], place.root, env=env)
    others = [p for p in left.stdout.split("\n") if p.strip()] if left.ok else []
    finish = {
        "a merge": _("finish the merge: `git commit`"),
        "a rebase": _("continue the rebase: `git rebase --continue`"),
        "a cherry-pick": _("continue the cherry-pick: `git cherry-pick --continue`"),
        "a revert": _("continue the revert: `git revert --continue`"),
    }.get(busy or "") or _("commit it")
    result.next_step = (
        _("resolve the other conflicted files ({files}), then {step}").format(
            files=", ".join(others), step=finish
        )
        if others
        else finish
    )
    result.ok = True
    return result
