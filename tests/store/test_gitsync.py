"""Git sync with real git: a bare remote, two clones, the merge driver, sync and resolve.

Every test gets its own git config (GIT_CONFIG_GLOBAL in tmp_path, no system config, HOME
in tmp_path), so the user's real git setup is never read or changed. The merge driver
registered by `install_driver` points at this interpreter (sys.executable), as `pstui init`
does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pstui.model.card import Outcome
from pstui.store import gitsync
from pstui.store.check import check_store
from pstui.store.engine import reread
from pstui.store.engine.serialize import dumps_store, loads_store
from pstui.store.files import atomic_write_text
from pstui.store.gitsync import (
    EXCLUDES,
    GitRun,
    commit_message,
    driver_command,
    driver_status,
    install_driver,
    locate,
    resolve,
    run_git,
    sync,
)
from pstui.store.repository import Repository
from pstui.store.templates import load_template

pytestmark = [
    pytest.mark.git,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command"),
]


def use_private_git(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private git configuration: identity, default branch main, nothing from the system."""
    home = folder / "home"
    home.mkdir(exist_ok=True)
    config = folder / "gitconfig"
    config.write_text(
        "[user]\n\tname = Tester\n\temail = tester@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_CONFIG",
        "GIT_SSH_COMMAND",
        "GIT_SSH",
        "XDG_CONFIG_HOME",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def gitenv(tmp_path, monkeypatch) -> Path:
    use_private_git(tmp_path, monkeypatch)
    return tmp_path


def git(cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if ok:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done


@dataclass
class Clone:
    folder: Path
    who: str

    @property
    def store(self) -> Path:
        return self.folder / "pstui.json"

    def edit(self, change: Callable[[Repository], object]) -> object:
        repo = Repository(self.store, who=self.who)
        try:
            return change(repo)
        finally:
            repo.close()

    def data(self) -> dict:
        return loads_store(self.store.read_text(encoding="utf-8"))

    def sync(self, **kwargs) -> None:
        result = sync(self.store, **kwargs)
        assert result.ok, f"{self.who}: {result.error}\n{result.steps}"


@dataclass
class Team:
    remote: Path
    a: Clone
    b: Clone
    board: str

    def sync_all(self) -> None:
        """A, B, A: after this both clones hold the same merged store."""
        self.a.sync()
        self.b.sync()
        self.a.sync()

    def converged(self) -> dict:
        a_bytes, b_bytes = self.a.store.read_bytes(), self.b.store.read_bytes()
        assert a_bytes == b_bytes
        data = loads_store(a_bytes.decode("utf-8"))
        assert dumps_store(data).encode("utf-8") == a_bytes  # the store's own serialization
        assert check_store(self.a.store) == []
        for clone in (self.a, self.b):
            assert git(clone.folder, "status", "--porcelain").stdout == ""
            assert (
                git(clone.folder, "rev-parse", "HEAD").stdout
                == git(self.remote, "rev-parse", "main").stdout
            )
        return data


def make_clone(gitenv: Path, remote: Path, name: str, who: str, rebase: bool | None) -> Clone:
    folder = gitenv / name
    git(gitenv, "clone", "--quiet", str(remote), str(folder))
    git(folder, "config", "user.name", who)
    if rebase is not None:
        git(folder, "config", "pull.rebase", "true" if rebase else "false")
    return Clone(folder, who)


def make_team(gitenv: Path, rebase: bool | None, template: str = "service") -> Team:
    remote = gitenv / "remote.git"
    git(gitenv, "init", "--quiet", "--bare", str(remote))
    a = make_clone(gitenv, remote, "a", "Alice", rebase)
    repo = Repository.create(a.store, "Board", load_template(template).workflow, who=a.who)
    board = repo.boards.all()[0].id
    repo.close()
    assert install_driver(a.store)
    a.sync()  # commits the store and .gitattributes, pushes with upstream
    b = make_clone(gitenv, remote, "b", "Bob", rebase)
    assert not driver_status(b.store).ok  # git config is not cloned
    install_driver(b.store)
    assert driver_status(b.store).ok
    return Team(remote, a, b, board)


SHARED = ("Acme rollout", "Other")


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> Callable[[bool], Path]:
    """Teams already set up (remote, A with two shared cards, B cloned and fixed), built once
    per mode and copied for each test: setting one up costs more than a scenario."""
    built: dict[bool, Path] = {}

    def get(rebase: bool) -> Path:
        if rebase not in built:
            folder = tmp_path_factory.mktemp("rebase" if rebase else "merge")
            with pytest.MonkeyPatch.context() as patch:
                use_private_git(folder, patch)
                team = make_team(folder, rebase)
                for title in SHARED:
                    team.a.edit(lambda r, t=title: r.cards.add(team.board, t))
                team.a.sync()
                team.b.sync()
            built[rebase] = folder
        return built[rebase]

    return get


def copy_team(gitenv: Path, source: Path) -> Team:
    for name in ("remote.git", "a", "b"):
        shutil.copytree(source / name, gitenv / name, symlinks=True)
    remote = gitenv / "remote.git"
    for name in ("a", "b"):
        git(gitenv / name, "remote", "set-url", "origin", str(remote))
    a, b = Clone(gitenv / "a", "Alice"), Clone(gitenv / "b", "Bob")
    board = next(iter(a.data()["boards"]))
    return Team(remote, a, b, board)


@pytest.fixture(params=[False, True], ids=["merge", "rebase"])
def team(gitenv, prebuilt, request) -> Team:
    """A remote and two set-up clones, with pull.rebase false and true."""
    return copy_team(gitenv, prebuilt(request.param))


@pytest.fixture
def merge_team(gitenv, prebuilt) -> Team:
    """The same, with pull.rebase false only: for what does not depend on it."""
    return copy_team(gitenv, prebuilt(False))


def shared_card(team: Team, title: str = "Acme rollout") -> str:
    """A card made in A and already synced to both clones."""
    return next(cid for cid, c in team.a.data()["cards"].items() if c["title"] == title)


def conflicts(data: dict) -> list[dict]:
    return [e for e in data["events"].values() if e["action"] == "conflict"]


# ----- merge scenarios, with pull.rebase false and true ------------------------------------------


def test_same_card_different_fields(team):
    card = shared_card(team)
    team.a.edit(lambda r: r.cards.edit(card, assignee="Alice"))
    team.b.edit(lambda r: r.cards.edit(card, client="Globex", tags=["vip"]))
    team.sync_all()
    data = team.converged()
    merged = data["cards"][card]
    assert (merged["assignee"], merged["client"], merged["tags"]) == ("Alice", "Globex", ["vip"])
    assert conflicts(data) == []


def test_same_field_later_edit_wins_and_the_other_is_kept(team):
    card = shared_card(team)
    team.a.edit(lambda r: r.cards.edit(card, title="Title from Alice"))
    team.b.edit(lambda r: r.cards.edit(card, title="Title from Bob"))  # later
    team.sync_all()
    data = team.converged()
    assert data["cards"][card]["title"] == "Title from Bob"
    (conflict,) = [c for c in conflicts(data) if c["data"]["field"] == "title"]
    assert conflict["record"] == card
    assert conflict["data"]["kept"] == "Title from Bob"
    assert conflict["data"]["other"] == "Title from Alice"


def test_new_cards_on_both(team):
    shared_card(team)
    a_card = team.a.edit(lambda r: r.cards.add(team.board, "From Alice"))
    b_card = team.b.edit(lambda r: r.cards.add(team.board, "From Bob"))
    team.sync_all()
    data = team.converged()
    assert data["cards"][a_card.id]["title"] == "From Alice"
    assert data["cards"][b_card.id]["title"] == "From Bob"
    assert len(data["cards"]) == 4
    # every change made on either side is in the log
    summaries = {e["summary"] for e in data["events"].values()}
    assert "added 'From Alice' to Initiation" in summaries
    assert "added 'From Bob' to Initiation" in summaries


def test_delete_versus_edit_keeps_the_edit(team):
    card = shared_card(team)
    data = team.a.data()
    del data["cards"][card]  # the repository has no delete: a hand edit, or another tool
    atomic_write_text(team.a.store, dumps_store(data))
    team.b.edit(lambda r: r.cards.edit(card, title="Still wanted"))
    team.sync_all()
    merged = team.converged()
    assert merged["cards"][card]["title"] == "Still wanted"
    assert any(c["record"] == card for c in conflicts(merged))


def test_checklist_toggles_on_different_items(team):
    card = shared_card(team)
    items = team.a.edit(lambda r: r.cards.get(card).checklist)
    first, second = items[0].id, items[1].id
    team.a.edit(lambda r: r.cards.toggle_item(card, first))
    team.b.edit(lambda r: r.cards.toggle_item(card, second))
    team.sync_all()
    data = team.converged()
    done = {i["id"]: i for i in data["cards"][card]["checklists"]["initiation"]}
    assert done[first]["done"] and done[first]["done_by"] == "Alice"
    assert done[second]["done"] and done[second]["done_by"] == "Bob"
    assert [i["id"] for i in data["cards"][card]["checklists"]["initiation"]] == [
        i.id for i in items
    ]


def test_checklist_toggles_on_the_same_item(team):
    card = shared_card(team)
    item = team.a.edit(lambda r: r.cards.get(card).checklist[0]).id
    team.a.edit(lambda r: r.cards.toggle_item(card, item))
    team.b.edit(lambda r: r.cards.toggle_item(card, item))  # later: Bob's tick is kept
    team.sync_all()
    data = team.converged()
    (merged,) = [i for i in data["cards"][card]["checklists"]["initiation"] if i["id"] == item]
    assert merged["done"] is True
    assert merged["done_by"] == "Bob"
    others = {c["data"]["other"] for c in conflicts(data)}
    assert "Alice" in others  # Alice's tick is in a conflict event, not lost


def test_gate_decisions_on_both(team):
    card = shared_card(team)
    a = team.a.edit(lambda r: r.cards.decide(card, Outcome.HOLD, note="waiting for Alice's client"))
    b = team.b.edit(lambda r: r.cards.decide(card, Outcome.HOLD, note="Bob holds too"))
    team.sync_all()
    data = team.converged()
    decisions = data["cards"][card]["decisions"]
    assert {d["id"] for d in decisions} == {a.decision.id, b.decision.id}
    assert {d["note"] for d in decisions} == {"waiting for Alice's client", "Bob holds too"}


def test_everything_at_once_and_the_commit_messages(merge_team):
    team = merge_team
    """All scenarios in one pull: the merge is per record, per field."""
    card = shared_card(team)
    other = shared_card(team, "Other")
    item = team.a.edit(lambda r: r.cards.get(card).checklist[0]).id
    team.a.edit(lambda r: (r.cards.toggle_item(card, item), r.cards.edit(other, assignee="Alice")))
    team.b.edit(lambda r: (r.cards.add(team.board, "Bob's"), r.cards.edit(other, due="2027-01-01")))
    team.sync_all()
    data = team.converged()
    assert data["cards"][other]["assignee"] == "Alice"
    assert data["cards"][other]["due"] == "2027-01-01"
    log = git(team.a.folder, "log", "--format=%s", "-n", "8").stdout
    assert "pstui: 2 changes by Alice" in log
    assert "pstui: 2 changes by Bob" in log


# ----- sync's results ---------------------------------------------------------------------------


def test_sync_reports_the_conflicts_the_pull_recorded(merge_team):
    team = merge_team
    card = shared_card(team)
    team.a.edit(lambda r: r.cards.edit(card, title="A"))
    team.b.edit(lambda r: r.cards.edit(card, title="B"))
    team.a.sync()
    result = sync(team.b.store)
    assert result.ok, result.error
    assert result.pulled and result.pushed and result.committed
    assert [c["data"]["field"] for c in result.conflicts] == ["title"]
    assert result.conflicts[0]["id"] in team.b.data()["events"]
    assert any("1 conflict recorded" in step for step in result.steps)
    # A's next sync brings B's merge, and the conflict is news to A too (A's title lost)
    again = sync(team.a.store)
    assert again.ok and again.pulled
    assert [c["id"] for c in again.conflicts] == [result.conflicts[0]["id"]]
    assert sync(team.a.store).conflicts == []


def test_a_sync_beside_the_app_reads_the_store_against_the_file_the_app_holds(
    merge_team, monkeypatch
):
    """The app passes the file as it read it: the store before the commit, as committed, and
    before and after the pull are each read against it, none held whole beside it."""
    team = merge_team
    card = shared_card(team)
    app = Repository(team.a.store, who="Alice")  # open, as the board keeps it
    app.cards.edit(card, title="A's title")
    app.flush()
    team.b.edit(lambda r: r.cards.edit(card, assignee="Bob"))
    team.b.sync()
    read_against = []
    read_changes = gitsync.read_changes

    def spied(*args, **kwargs):
        found = read_changes(*args, **kwargs)
        read_against.append(found is not None)
        return found

    monkeypatch.setattr(gitsync, "read_changes", spied)
    monkeypatch.setattr(reread, "_MOST_CHANGED", 100)  # a small store: much of it changes
    result = sync(team.a.store, held=app.file_as_read())
    app.close()
    assert result.ok, result.error
    assert result.committed and result.pulled and result.pushed
    assert read_against == [True] * 4  # now, as committed, before and after the pull
    team.b.sync()
    data = team.converged()
    assert data["cards"][card]["title"] == "A's title"
    assert data["cards"][card]["assignee"] == "Bob"
    assert not list(team.a.folder.glob(".pstui-*"))  # the committed copy's file is gone
    log = git(team.a.folder, "log", "--format=%s", "-n", "3").stdout
    assert "pstui: 1 change by Alice" in log


def test_sync_with_nothing_to_do(merge_team, gitenv):
    team = merge_team
    before = git(team.a.folder, "rev-parse", "HEAD").stdout
    seen: list[str] = []
    result = sync(team.a.store, progress=seen.append)
    assert result.ok
    assert not result.committed and not result.pushed and not result.pulled
    assert seen == result.steps
    assert result.steps[0].startswith("nothing to commit")
    assert result.steps[-1] == "nothing to push"
    assert git(team.a.folder, "rev-parse", "HEAD").stdout == before


def test_sync_without_pull_rebase_setting_still_merges(merge_team):
    team = merge_team
    """git 2.33+ refuses a divergent pull with no pull.rebase; sync then merges (git's old
    default) instead of failing."""
    for clone in (team.a, team.b):
        git(clone.folder, "config", "--unset", "pull.rebase")
    card = shared_card(team)
    team.a.edit(lambda r: r.cards.edit(card, assignee="Alice"))
    team.b.edit(lambda r: r.cards.edit(card, client="Globex"))
    team.sync_all()
    data = team.converged()
    assert data["cards"][card]["client"] == "Globex"


def test_sync_subject_can_be_given(merge_team, gitenv):
    team = merge_team
    team.a.edit(lambda r: r.cards.add(team.board, "X"))
    assert sync(team.a.store, "weekly update").ok
    message = git(team.a.folder, "log", "-1", "--format=%B").stdout
    assert message.startswith("weekly update\n\nAlice: added 'X' to Initiation")


def test_commit_message_lists_ten_and_counts_the_rest():
    def event(n: int, by: str) -> tuple[str, dict]:
        return f"E{n:02d}", {"at": f"2026-01-01T00:00:{n:02d}", "by": by, "summary": f"did {n}"}

    before = {"events": dict([event(0, "Old")])}
    after = {"events": dict(event(n, "Alice" if n % 2 else "Bob") for n in range(13))}
    subject, body = commit_message(before, after)
    assert subject == "pstui: 12 changes by Alice, Bob"
    lines = body.splitlines()
    assert lines[0] == "Alice: did 1"
    assert len(lines) == 11 and lines[-1] == "and 2 more"
    assert commit_message(after, after)[0] == "pstui: update the store"
    escape = {"events": {"E1": {"at": "x", "by": "Eve\x1b[31m", "summary": "a\nb"}}}
    subject, body = commit_message({}, escape)
    assert "\x1b" not in subject + body and "\n" not in body


def test_first_sync_of_a_new_repository_sets_the_upstream(gitenv):
    remote = gitenv / "remote.git"
    git(gitenv, "init", "--quiet", "--bare", str(remote))
    folder = gitenv / "solo"
    git(gitenv, "clone", "--quiet", str(remote), str(folder))
    Repository.create(folder / "pstui.json", "B", load_template("simple").workflow, who="me")
    install_driver(folder / "pstui.json")
    result = sync(folder / "pstui.json")
    assert result.ok, result.error
    assert ".gitattributes" in git(folder, "show", "--stat", "HEAD").stdout
    assert git(folder, "rev-parse", "--abbrev-ref", "@{u}").stdout.strip() == "origin/main"
    assert git(remote, "rev-parse", "main").stdout == git(folder, "rev-parse", "HEAD").stdout


# ----- sync failures leave the store as it was ---------------------------------------------------


def test_sync_with_no_remote_commits_and_says_so(gitenv):
    folder = gitenv / "alone"
    git(gitenv, "init", "--quiet", str(folder))
    store = folder / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    install_driver(store)
    git(folder, "add", "-A")
    git(folder, "commit", "--quiet", "-m", "start")
    repo = Repository(store, who="me")
    repo.cards.add(repo.boards.all()[0].id, "Local change")
    repo.close()
    before = store.read_bytes()
    result = sync(store)
    assert result.ok and result.error is None  # nothing left undone: no pull, no push (#21)
    assert result.no_remote and "git remote add origin URL" in result.no_remote
    assert not result.pushed and not result.pulled
    assert store.read_bytes() == before
    assert result.committed  # the commit is local and stays
    assert git(folder, "status", "--porcelain").stdout == ""


def test_sync_with_a_missing_remote_fails_with_gits_words(merge_team, gitenv):
    team = merge_team
    git(team.a.folder, "remote", "set-url", "origin", str(gitenv / "gone.git"))
    team.a.edit(lambda r: r.cards.add(team.board, "Offline work"))
    before = team.a.store.read_bytes()
    result = sync(team.a.store)
    assert not result.ok
    assert "does not appear to be a git repository" in result.error
    assert team.a.store.read_bytes() == before
    assert result.committed and not result.pushed


def test_a_push_rejected_every_time_gives_up_after_the_retries(merge_team, gitenv):
    team = merge_team
    attempts = gitenv / "attempts"
    hook = team.remote / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho attempt >> '{attempts}'\necho 'frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    team.a.edit(lambda r: r.cards.add(team.board, "Blocked"))
    before = team.a.store.read_bytes()
    result = sync(team.a.store, retries=2)
    assert not result.ok
    assert "pre-receive hook declined" in result.error and "frozen" in result.error
    assert len(attempts.read_text().splitlines()) == 3  # the first push and two retries
    assert team.a.store.read_bytes() == before
    assert sum("retry" in step for step in result.steps) == 2


def test_a_refused_push_is_told_by_its_porcelain_flag_whatever_the_language():
    """git translates its messages; `push --porcelain` flags a refused ref with "!"."""
    refused = GitRun(
        ["push", "--porcelain"],
        1,
        "To ../remote\n!\trefs/heads/main:refs/heads/main\t[已拒绝] (获取优先)\nDone\n",
        "错误：无法推送一些引用到 '../remote'\n",
    )
    assert gitsync._rejected(refused)
    assert gitsync._push_failure(refused).splitlines() == [
        "错误：无法推送一些引用到 '../remote'",
        "[已拒绝] (获取优先)",
    ]
    gone = GitRun(["push", "--porcelain"], 128, "", "fatal: unable to access the remote\n")
    assert not gitsync._rejected(gone)  # not turned down: nothing to retry


def test_a_push_that_loses_a_race_pulls_and_retries(team, gitenv):
    """Someone else pushes between our pull and our push: the push is rejected, sync pulls
    again (merging their change) and the retry goes through."""
    card = shared_card(team)
    racer = make_clone(gitenv, team.remote, "c", "Carol", rebase=False)
    install_driver(racer.store)
    racer.edit(lambda r: r.cards.edit(card, client="Carol's client"))
    git(racer.folder, "commit", "--quiet", "-am", "Carol's change")
    # A pre-push hook in A pushes Carol's commit first, once: A's push then loses the race.
    flag = gitenv / "raced"
    hook = team.a.folder / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f"if [ ! -e '{flag}' ]; then touch '{flag}'; "
        f"env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{racer.folder}' push -q; fi\n"
        "exit 0\n"
    )
    hook.chmod(0o755)
    team.a.edit(lambda r: r.cards.edit(card, assignee="Alice"))
    result = sync(team.a.store)
    assert result.ok, result.error
    assert any("retry 1 of 3" in step for step in result.steps)
    merged = team.a.data()["cards"][card]
    assert (merged["assignee"], merged["client"]) == ("Alice", "Carol's client")


@pytest.mark.parametrize("state", ["MERGE_HEAD", "rebase-merge", "rebase-apply"])
def test_sync_refuses_mid_merge_or_rebase(merge_team, gitenv, state):
    team = merge_team
    team.a.edit(lambda r: r.cards.add(team.board, "Pending"))
    before = team.a.store.read_bytes()
    head = git(team.a.folder, "rev-parse", "HEAD").stdout
    marker = team.a.folder / ".git" / state
    if state == "MERGE_HEAD":
        marker.write_text(head)
    else:
        marker.mkdir()
    result = sync(team.a.store)
    assert not result.ok
    assert ("a merge" if state == "MERGE_HEAD" else "a rebase") in result.error
    assert "in progress" in result.error
    assert team.a.store.read_bytes() == before
    assert git(team.a.folder, "rev-parse", "HEAD").stdout == head  # nothing committed


def test_sync_refuses_without_the_merge_driver(merge_team, gitenv):
    team = merge_team
    git(team.b.folder, "config", "--unset", "merge.pstui.driver")
    team.b.edit(lambda r: r.cards.add(team.board, "Pending"))
    before = team.b.store.read_bytes()
    result = sync(team.b.store)
    assert not result.ok and "pstui doctor --fix" in result.error
    assert team.b.store.read_bytes() == before


def test_sync_refuses_a_store_with_conflict_markers(merge_team, gitenv):
    team = merge_team
    text = team.a.store.read_text(encoding="utf-8")
    team.a.store.write_text("<<<<<<< ours\n" + text, encoding="utf-8")
    before = team.a.store.read_bytes()
    result = sync(team.a.store)
    assert not result.ok and "pstui resolve" in result.error
    assert team.a.store.read_bytes() == before
    assert git(team.a.folder, "status", "--porcelain").stdout.startswith(" M")


def test_sync_outside_git(tmp_path):
    store = tmp_path / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    result = sync(store)
    assert not result.ok and "not inside a git repository" in result.error


def test_a_slow_git_is_stopped_at_the_timeout(merge_team, gitenv, monkeypatch):
    team = merge_team
    fake = gitenv / "slow-ssh"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    git(team.a.folder, "remote", "set-url", "origin", "ssh://example.invalid/repo.git")
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake))
    result = sync(team.a.store, timeout=1)
    assert not result.ok
    assert "did not finish within 1 s" in result.error


# ----- the driver's registration --------------------------------------------------------------


def test_install_driver_is_idempotent_and_complete(gitenv):
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    store = folder / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    status = driver_status(store)
    assert status.in_git and not status.ok and status.needs_install
    actions = install_driver(store)
    assert len(actions) == 3
    assert (folder / ".gitattributes").read_text() == "pstui.json merge=pstui\n"
    assert git(folder, "config", "merge.pstui.driver").stdout.strip() == driver_command()
    assert git(folder, "config", "merge.pstui.name").stdout.strip() == "pstui store merge"
    exclude = (folder / ".git" / "info" / "exclude").read_text().splitlines()
    assert all(p in exclude for p in EXCLUDES)
    status = driver_status(store, probe=True)
    assert status.ok and not status.needs_install
    assert status.interpreter == sys.executable
    assert install_driver(store) == []
    assert (folder / ".gitattributes").read_text() == "pstui.json merge=pstui\n"


def test_a_store_in_a_subfolder(gitenv):
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    (folder / ".gitattributes").write_text("*.png binary")  # no final newline
    sub = folder / "team" / "ops"
    sub.mkdir(parents=True)
    store = sub / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    place = locate(store)
    assert place is not None and place.root == folder and place.relpath == "team/ops/pstui.json"
    install_driver(store)
    assert (folder / ".gitattributes").read_text() == (
        "*.png binary\nteam/ops/pstui.json merge=pstui\n"
    )
    assert driver_status(store).attributes_ok
    attr = run_git(["check-attr", "merge", "--", "team/ops/pstui.json"], folder)
    assert attr.stdout.strip().endswith("merge: pstui")


def test_install_driver_names_the_attributes_file_that_overrides_it(gitenv):
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    sub = folder / "team [a]"
    sub.mkdir()
    (sub / ".gitattributes").write_text("pstui.json merge=union\n")  # closer to the file
    store = sub / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    actions = install_driver(store)
    assert (
        f'added `"team \\\\[a\\\\]/pstui.json" merge=pstui` to {folder}/.gitattributes' in actions
    )
    (warning,) = [a for a in actions if a.startswith("warning")]
    assert "merge=union" in warning and str(sub / ".gitattributes") in warning


def test_a_missing_interpreter_is_noticed_and_repaired(gitenv):
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    store = folder / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    install_driver(store)
    gone = "'/no such/venv/bin/python' -m pstui merge-driver %O %A %B %P"
    git(folder, "config", "merge.pstui.driver", gone)
    status = driver_status(store)
    assert status.config_ok and not status.interpreter_ok and not status.ok
    assert status.interpreter == "/no such/venv/bin/python"
    assert install_driver(store)
    assert driver_status(store).ok


def test_driver_command_quotes_an_interpreter_path_with_spaces():
    command = driver_command("/opt/my tools/venv/bin/python")
    assert command == "'/opt/my tools/venv/bin/python' -m pstui merge-driver %O %A %B %P"


def test_driver_status_outside_git(tmp_path):
    status = driver_status(tmp_path / "pstui.json")
    assert not status.in_git and not status.ok and not status.needs_install
    assert [c.name for c in status.checks()] == ["repository"]


# ----- resolve --------------------------------------------------------------------------------


def test_resolve_a_merge_made_without_the_driver(team):
    rebase = git(team.b.folder, "config", "pull.rebase").stdout.strip() == "true"
    card = shared_card(team)
    git(team.b.folder, "config", "--remove-section", "merge.pstui")  # B never set it up
    team.a.edit(
        lambda r: (r.cards.edit(card, title="Alice's title"), r.cards.add(team.board, "A2"))
    )
    team.b.edit(lambda r: (r.cards.edit(card, title="Bob's title"), r.cards.add(team.board, "B2")))
    team.a.sync()
    git(team.b.folder, "commit", "--quiet", "-am", "Bob's work")
    pulled = git(team.b.folder, "pull", ok=False)
    assert pulled.returncode != 0
    assert "<<<<<<<" in team.b.store.read_text(encoding="utf-8"), pulled.stdout + pulled.stderr

    result = resolve(team.b.store)
    assert result.ok, result.error
    text = team.b.store.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    data = loads_store(text)
    assert data["cards"][card]["title"] == "Bob's title"
    assert {c["title"] for c in data["cards"].values()} == {"Bob's title", "Other", "A2", "B2"}
    assert [c["data"]["field"] for c in result.conflicts] == ["title"]
    assert result.conflicts[0]["data"]["other"] == "Alice's title"
    assert git(team.b.folder, "diff", "--name-only", "--diff-filter=U").stdout == ""
    staged = git(team.b.folder, "show", ":pstui.json").stdout
    assert staged == text
    assert ("rebase --continue" in result.next_step) == rebase
    assert check_store(team.b.store) == []


def test_resolve_when_both_sides_added_the_store(gitenv):
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    (folder / "README").write_text("x\n")
    git(folder, "add", "README")
    git(folder, "commit", "--quiet", "-m", "start")
    store = folder / "pstui.json"
    git(folder, "checkout", "--quiet", "-b", "other")
    Repository.create(store, "Theirs", load_template("simple").workflow, who="t").close()
    git(folder, "add", "pstui.json")
    git(folder, "commit", "--quiet", "-m", "theirs")
    git(folder, "checkout", "--quiet", "main")
    Repository.create(store, "Ours", load_template("simple").workflow, who="o").close()
    git(folder, "add", "pstui.json")
    git(folder, "commit", "--quiet", "-m", "ours")
    assert git(folder, "merge", "other", ok=False).returncode != 0
    result = resolve(store)
    assert result.ok, result.error
    data = loads_store(store.read_text(encoding="utf-8"))
    assert {b["name"] for b in data["boards"].values()} == {"Ours", "Theirs"}
    assert any("empty base" in step for step in result.steps)


def test_resolve_without_a_conflict(merge_team, gitenv):
    team = merge_team
    before = team.a.store.read_bytes()
    result = resolve(team.a.store)
    assert result.ok and "nothing to resolve" in result.steps[0]
    assert team.a.store.read_bytes() == before
    team.a.store.write_text("<<<<<<< HEAD\n{}\n", encoding="utf-8")
    result = resolve(team.a.store)
    assert not result.ok and "git checkout HEAD -- pstui.json" in result.error


def test_events_of_both_sides_survive_a_sync(team):
    """The events table is a union: a sync loses no one's history."""
    card = shared_card(team)
    for n in range(3):
        team.a.edit(lambda r, n=n: r.cards.edit(card, description=f"A{n}"))
        team.b.edit(lambda r, n=n: r.cards.add(team.board, f"B{n}"))
    a_events = set(team.a.data()["events"])
    b_events = set(team.b.data()["events"])
    team.sync_all()
    data = team.converged()
    assert a_events | b_events <= set(data["events"])
    assert json.loads(team.a.store.read_text(encoding="utf-8")) == data
    assert os.listdir(team.a.folder).count("pstui.json") == 1


def test_sync_refuses_an_ignored_store(merge_team):
    team = merge_team
    git(team.a.folder, "rm", "--quiet", "--cached", "pstui.json")
    git(team.a.folder, "commit", "--quiet", "-m", "untrack")
    (team.a.folder / ".gitignore").write_text("pstui.json\n")
    result = sync(team.a.store)
    assert not result.ok and "ignored by git" in result.error


def test_the_same_gate_passed_in_two_clones_gives_one_checklist(tmp_path):
    from pstui.store.merge import merge_stores

    ours, theirs = tmp_path / "ours.json", tmp_path / "theirs.json"
    repo = Repository.create(ours, "B", load_template("simple").workflow, who="x")
    card = repo.cards.add(repo.boards.all()[0].id, "C")
    repo.close()
    base = loads_store(ours.read_text(encoding="utf-8"))
    shutil.copyfile(ours, theirs)
    for path, who in ((ours, "Alice"), (theirs, "Bob")):
        side = Repository(path, who=who)
        side.cards.decide(card.id, Outcome.GO, note=who)
        side.close()
    merged = merge_stores(
        base,
        loads_store(ours.read_text(encoding="utf-8")),
        loads_store(theirs.read_text(encoding="utf-8")),
    ).data
    criteria = [i["criterion"] for i in merged["cards"][card.id]["checklists"]["doing"]]
    assert criteria == ["finished"]


def test_sync_refuses_to_commit_a_record_broken_since_the_last_commit(merge_team, gitenv):
    team = merge_team
    text = team.a.store.read_text(encoding="utf-8")
    title = '\n   "title": "'
    broken = text.replace(title, '\n   "title": oops"', 1)
    assert broken != text
    team.a.store.write_text(broken, encoding="utf-8")
    head = git(team.a.folder, "rev-parse", "HEAD").stdout
    result = sync(team.a.store)
    assert not result.ok and "not valid JSON" in result.error
    line = broken[: broken.index("oops")].count("\n") + 1
    assert f"line {line}:" in result.error
    assert git(team.a.folder, "rev-parse", "HEAD").stdout == head  # nothing committed
    assert team.a.store.read_text(encoding="utf-8") == broken


def test_sync_refuses_to_commit_a_card_pstui_cannot_read(merge_team, gitenv):
    """Valid JSON with a field of the wrong kind (tags that are a number): the board could
    not show that card, so it is not committed for the team to pull either."""
    team = merge_team
    data = loads_store(team.a.store.read_text(encoding="utf-8"))
    card_id = min(data["cards"])
    data["cards"][card_id]["tags"] = 7
    broken = dumps_store(data)
    team.a.store.write_text(broken, encoding="utf-8")
    head = git(team.a.folder, "rev-parse", "HEAD").stdout
    result = sync(team.a.store)
    assert not result.ok and f"card {card_id}: tags is 7, not a list" in result.error
    assert git(team.a.folder, "rev-parse", "HEAD").stdout == head  # nothing committed
    assert team.a.store.read_text(encoding="utf-8") == broken
