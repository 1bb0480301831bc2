"""The git commands of `pstui`, run in-process against real git repositories:
init's driver setup, doctor, merge-driver, sync, resolve."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pstui.cli import main
from pstui.store.engine.serialize import dumps_store, loads_store
from pstui.store.gitsync import driver_command
from pstui.store.repository import Repository

pytestmark = [
    pytest.mark.git,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command"),
]


def git(cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if ok:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done


@pytest.fixture
def gitenv(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Tester\n\temail = tester@example.com\n[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


class Cli:
    def __init__(self, capsys, monkeypatch) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, cwd: Path, *argv: str) -> tuple[int, str, str]:
        self.monkeypatch.chdir(cwd)
        self.capsys.readouterr()
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, cwd: Path, *argv: str) -> str:
        code, out, err = self(cwd, *argv)
        assert code == 0, out + err
        return out


@pytest.fixture
def cli(gitenv, capsys, monkeypatch) -> Cli:
    return Cli(capsys, monkeypatch)


@pytest.fixture
def repo_dir(gitenv) -> Path:
    folder = gitenv / "repo"
    git(gitenv, "init", "--quiet", str(folder))
    return folder


def clone_pair(gitenv: Path, cli: Cli) -> tuple[Path, Path]:
    """A remote; clone a with `pstui init` and a first sync; clone b fixed by doctor."""
    remote = gitenv / "remote.git"
    git(gitenv, "init", "--quiet", "--bare", str(remote))
    a, b = gitenv / "a", gitenv / "b"
    git(gitenv, "clone", "--quiet", str(remote), str(a))
    git(a, "config", "user.name", "Alice")
    cli.ok(a, "init", "--template", "simple")
    cli.ok(a, "sync")
    git(gitenv, "clone", "--quiet", str(remote), str(b))
    git(b, "config", "user.name", "Bob")
    return a, b


def edit(folder: Path, who: str, card: str, **fields: str) -> None:
    repo = Repository(folder / "pstui.json", who=who)
    repo.cards.edit(card, **fields)
    repo.close()


# ----- init -------------------------------------------------------------------------------------


def test_init_in_a_git_repository_registers_the_driver(cli, repo_dir):
    out = cli.ok(repo_dir, "init")
    assert (repo_dir / ".gitattributes").read_text() == "pstui.json merge=pstui\n"
    assert git(repo_dir, "config", "merge.pstui.driver").stdout.strip() == driver_command()
    assert git(repo_dir, "config", "merge.pstui.name").stdout.strip() == "pstui store merge"
    assert sys.executable in git(repo_dir, "config", "merge.pstui.driver").stdout
    exclude = (repo_dir / ".git" / "info" / "exclude").read_text().splitlines()
    assert ".pstui-*.tmp" in exclude and ".pstui.json.lock" in exclude
    assert "merge=pstui" in out and "merge.pstui.driver" in out and "exclude" in out
    attr = git(repo_dir, "check-attr", "merge", "--", "pstui.json").stdout
    assert attr.strip() == "pstui.json: merge: pstui"


def test_init_in_a_subfolder_names_the_path_from_the_root(cli, repo_dir):
    sub = repo_dir / "teams" / "ops"
    sub.mkdir(parents=True)
    cli.ok(sub, "init")
    assert (repo_dir / ".gitattributes").read_text() == "teams/ops/pstui.json merge=pstui\n"
    assert not (sub / ".gitattributes").exists()
    attr = git(repo_dir, "check-attr", "merge", "--", "teams/ops/pstui.json").stdout
    assert attr.strip().endswith("merge: pstui")


# Folder names a .gitattributes pattern must escape, each with a neighbour the pattern must
# not match once escaped.
GLOB_FOLDERS = [
    ("team [a]", "team a"),
    ("x*y", "xAy"),
    ("q?", "qz"),
    ("back\\slash", "backslash"),
    ("#hash", "hash"),
    ("!bang", "bang"),
    ('say "hi"', "say hi"),
    ("tab\there [1]", "tab\there 1"),
]


@pytest.mark.parametrize(("folder", "neighbour"), GLOB_FOLDERS)
def test_init_in_a_folder_with_glob_characters_registers_the_driver(
    cli, repo_dir, folder, neighbour
):
    for name in (folder, neighbour):
        (repo_dir / name).mkdir()
    cli.ok(repo_dir / folder, "init")
    attr = git(repo_dir, "check-attr", "merge", "--", f"{folder}/pstui.json").stdout
    assert attr.strip().endswith("merge: pstui"), attr
    other = git(repo_dir, "check-attr", "merge", "--", f"{neighbour}/pstui.json").stdout
    assert other.strip().endswith("merge: unspecified"), other
    _, out, _ = cli(repo_dir / folder, "doctor")
    assert "ok       attributes:" in out, out


def test_doctor_fix_repairs_a_line_written_without_glob_escapes(cli, repo_dir):
    folder = repo_dir / "team [a]"
    folder.mkdir()
    cli.ok(folder, "init")
    # As pstui wrote it before #21: a glob matching "team a/pstui.json", not this store.
    (repo_dir / ".gitattributes").write_text('*.png binary\n"team [a]/pstui.json" merge=pstui\n')
    code, out, _ = cli(folder, "doctor")
    assert code == 1 and "PROBLEM  attributes:" in out
    assert 'add `"team \\\\[a\\\\]/pstui.json" merge=pstui`' in out  # the escaped line
    _, out, _ = cli(folder, "doctor", "--fix")
    assert "ok       attributes:" in out and "overrides" not in out and "warning" not in out
    assert (repo_dir / ".gitattributes").read_text() == (
        '*.png binary\n"team \\\\[a\\\\]/pstui.json" merge=pstui\n'
    )
    attr = git(repo_dir, "check-attr", "merge", "--", "team [a]/pstui.json").stdout
    assert attr.strip() == "team [a]/pstui.json: merge: pstui"


def test_init_outside_git_sets_up_nothing(cli, gitenv):
    folder = gitenv / "plain"
    folder.mkdir()
    out = cli.ok(folder, "init")
    assert "merge" not in out
    assert not (folder / ".gitattributes").exists()


def test_init_twice_points_at_doctor(cli, repo_dir):
    cli.ok(repo_dir, "init")
    code, _, err = cli(repo_dir, "init")
    assert code == 1 and "already exists" in err and "pstui doctor --fix" in err


# ----- doctor -----------------------------------------------------------------------------------


def test_doctor_in_a_fresh_clone_then_fix(cli, gitenv):
    _, b = clone_pair(gitenv, cli)
    code, out, err = cli(b, "doctor")
    assert code == 1
    assert "PROBLEM  driver config" in out and "git config merge.pstui.driver" in out
    assert "PROBLEM  excludes" in out
    assert "ok       attributes: pstui.json: merge=pstui" in out
    assert "ok       store" in out
    assert "pstui doctor --fix" in err
    out = cli.ok(b, "doctor", "--fix")
    assert "fixed: set merge.pstui.driver" in out and "fixed: added .pstui-*.tmp" in out
    assert "PROBLEM" not in out
    out = cli.ok(b, "doctor", "--fix")
    assert "fixed" not in out  # nothing left to do


def test_doctor_repairs_a_driver_whose_venv_is_gone(cli, repo_dir):
    cli.ok(repo_dir, "init")
    git(repo_dir, "add", "-A")
    git(repo_dir, "commit", "--quiet", "-m", "start")
    git(
        repo_dir,
        "config",
        "merge.pstui.driver",
        "/gone/bin/python -m pstui merge-driver %O %A %B %P",
    )
    code, out, _ = cli(repo_dir, "doctor")
    assert code == 1 and "PROBLEM  driver interpreter" in out and "/gone/bin/python" in out
    cli.ok(repo_dir, "doctor", "--fix")
    assert git(repo_dir, "config", "merge.pstui.driver").stdout.strip() == driver_command()


def test_doctor_names_uncommitted_attributes_and_a_broken_store(cli, repo_dir):
    cli.ok(repo_dir, "init")
    store = repo_dir / "pstui.json"
    store.write_text(store.read_text().replace('"cards": {}', '"cards": {"bad": {}}'))
    code, out, _ = cli(repo_dir, "doctor", "--fix")
    assert code == 1
    assert "PROBLEM  attributes committed" in out
    assert "PROBLEM  store" in out and "bad" in out


def test_doctor_outside_git(cli, gitenv):
    folder = gitenv / "plain"
    folder.mkdir()
    cli.ok(folder, "init")
    code, out, _ = cli(folder, "doctor", "--fix")
    assert code == 1 and "not inside a git repository" in out


# ----- merge-driver ----------------------------------------------------------------------------


def store_with(tmp: Path, name: str, titles: dict[str, str], base: dict) -> Path:
    data = json.loads(json.dumps(base))
    for card_id, title in titles.items():
        data["cards"][card_id] = {
            "board": next(iter(data["boards"])),
            "title": title,
            "stage": "todo",
            "rank": "m",
            "created_at": "2026-01-01T00:00:00+00:00",
            "updated_at": f"2026-01-0{len(title) % 9 + 1}T00:00:00+00:00",
        }
    path = tmp / name
    path.write_text(dumps_store(data), encoding="utf-8")
    return path


@pytest.fixture
def sides(cli, gitenv) -> tuple[Path, Path, Path]:
    folder = gitenv / "sides"
    folder.mkdir()
    cli.ok(folder, "init", "--template", "simple")
    base = loads_store((folder / "pstui.json").read_text(encoding="utf-8"))
    one, two = "01ARZ3NDEKTSV4RRFFQ69G5FAV", "01ARZ3NDEKTSV4RRFFQ69G5FAW"
    return (
        store_with(folder, "base.json", {}, base),
        store_with(folder, "ours.json", {one: "ours"}, base),
        store_with(folder, "theirs.json", {two: "theirs"}, base),
    )


def test_merge_driver_writes_the_merge_into_ours(cli, sides, gitenv):
    base, ours, theirs = sides
    code, out, err = cli(gitenv, "merge-driver", str(base), str(ours), str(theirs), "pstui.json")
    assert (code, out, err) == (0, "", "")
    merged = loads_store(ours.read_text(encoding="utf-8"))
    assert {c["title"] for c in merged["cards"].values()} == {"ours", "theirs"}
    assert ours.read_text(encoding="utf-8") == dumps_store(merged)


@pytest.mark.parametrize("broken", ["base", "ours", "theirs"])
def test_merge_driver_refuses_a_side_that_does_not_parse(cli, sides, gitenv, broken):
    base, ours, theirs = sides
    bad = {"base": base, "ours": ours, "theirs": theirs}[broken]
    bad.write_text(bad.read_text()[:-10], encoding="utf-8")  # truncated
    before = ours.read_bytes()
    code, out, err = cli(gitenv, "merge-driver", str(base), str(ours), str(theirs), "pstui.json")
    assert code != 0
    assert ours.read_bytes() == before
    assert "pstui.json" in err and "not valid JSON" in err and "Nothing was written" in err
    assert list(ours.parent.glob(".pstui-*.tmp")) == []


def test_merge_driver_refuses_conflict_markers(cli, sides, gitenv):
    base, ours, theirs = sides
    theirs.write_text("<<<<<<< HEAD\n" + theirs.read_text(), encoding="utf-8")
    before = ours.read_bytes()
    code, _, err = cli(gitenv, "merge-driver", str(base), str(ours), str(theirs))
    assert code != 0 and ours.read_bytes() == before and "conflict markers" in err


def test_merge_driver_does_not_import_textual(sides, gitenv):
    base, ours, theirs = sides
    probe = (
        "import sys\n"
        "from pstui.cli import main\n"
        f"code = main(['merge-driver', {str(base)!r}, {str(ours)!r}, {str(theirs)!r}])\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=gitenv
    )
    assert done.stdout.split() == ["0", "False"]


# ----- sync and resolve ------------------------------------------------------------------------


def test_sync_prints_each_step_and_the_conflicts(cli, gitenv):
    a, b = clone_pair(gitenv, cli)
    cli.ok(b, "doctor", "--fix")
    card = cli.ok(a, "card", "add", "Shared").strip()
    cli.ok(a, "sync")
    cli.ok(b, "sync")
    edit(a, "Alice", card, title="Alice's")
    edit(b, "Bob", card, title="Bob's")
    out = cli.ok(a, "sync", "-m", "Alice renames")
    assert "committed the store as" in out and "Alice renames" in out
    assert "pushed to origin/main" in out
    out = cli.ok(b, "sync")
    assert "1 conflict recorded" in out
    assert f"conflict: cards {card}: title" in out
    assert out.rstrip().endswith("synced; 1 conflict recorded by the merge")
    cli.ok(a, "sync")
    assert (a / "pstui.json").read_bytes() == (b / "pstui.json").read_bytes()
    log = git(a, "log", "--format=%s").stdout.splitlines()
    assert "Alice renames" in log and "pstui: 1 change by Bob" in log


def test_sync_failure_exits_non_zero_with_gits_error(cli, gitenv):
    a, _ = clone_pair(gitenv, cli)
    git(a, "remote", "set-url", "origin", str(gitenv / "nowhere.git"))
    cli.ok(a, "card", "add", "Offline")
    before = (a / "pstui.json").read_bytes()
    code, out, err = cli(a, "sync")
    assert code == 1
    assert "committed the store" in out
    assert "sync failed" in err and "does not appear to be a git repository" in err
    assert (a / "pstui.json").read_bytes() == before


def test_sync_without_a_remote_commits_and_says_how_to_add_one(cli, repo_dir):
    cli.ok(repo_dir, "init")
    cli.ok(repo_dir, "card", "add", "Local only")
    code, out, err = cli(repo_dir, "sync")
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("committed the store and .gitattributes")
    assert lines[1:] == [
        "not synced: this repository has no remote. The store is committed here only; add "
        "one with `git remote add origin URL`, then sync again."
    ]
    assert git(repo_dir, "status", "--porcelain").stdout == ""
    assert git(repo_dir, "log", "--format=%s").stdout.count("\n") == 1
    code, out, _ = cli(repo_dir, "sync")  # nothing new: still said plainly, still no pull
    assert code == 0
    assert out.splitlines() == [
        "nothing to commit: the store is as committed",
        "not synced: this repository has no remote. The store is committed here only; add "
        "one with `git remote add origin URL`, then sync again.",
    ]


def test_sync_with_several_remotes_and_no_upstream_says_which_to_choose(cli, repo_dir, gitenv):
    cli.ok(repo_dir, "init")
    for name in ("alpha", "beta"):
        git(gitenv, "init", "--quiet", "--bare", str(gitenv / f"{name}.git"))
        git(repo_dir, "remote", "add", name, str(gitenv / f"{name}.git"))
    code, out, err = cli(repo_dir, "sync")
    assert code == 1
    assert "committed the store" in out
    assert len(err.splitlines()) == 1, err  # "sync failed:" and why, on one line
    assert "no upstream" in err and "alpha, beta" in err
    assert "git push -u REMOTE main" in err


def test_sync_refuses_mid_merge(cli, gitenv):
    a, _ = clone_pair(gitenv, cli)
    (a / ".git" / "MERGE_HEAD").write_text(git(a, "rev-parse", "HEAD").stdout)
    code, _, err = cli(a, "sync")
    assert code == 1 and "a merge is in progress" in err and "git merge --abort" in err


def test_resolve_after_a_pull_without_the_driver(cli, gitenv):
    a, b = clone_pair(gitenv, cli)  # b never ran doctor --fix
    card = cli.ok(a, "card", "add", "Shared").strip()
    cli.ok(a, "sync")
    git(b, "pull", "--quiet", "--no-rebase")
    cli.ok(a, "card", "add", "From Alice")
    edit(a, "Alice", card, assignee="Alice")
    cli.ok(a, "sync")
    cli.ok(b, "card", "add", "From Bob")
    edit(b, "Bob", card, assignee="Bob")
    git(b, "commit", "--quiet", "-am", "Bob's work")
    assert git(b, "pull", "--no-rebase", ok=False).returncode != 0
    code, _, err = cli(b, "card", "list")
    assert code == 1 and "pstui resolve" in err

    out = cli.ok(b, "resolve")
    assert f"conflict: cards {card}: assignee" in out
    assert "next: finish the merge: `git commit`" in out
    data = loads_store((b / "pstui.json").read_text(encoding="utf-8"))
    titles = {c["title"] for c in data["cards"].values()}
    assert titles == {"Shared", "From Alice", "From Bob"}
    assert data["cards"][card]["assignee"] == "Bob"
    assert git(b, "diff", "--name-only", "--diff-filter=U").stdout == ""
    cli.ok(b, "check")
    code, _, err = cli(b, "resolve")
    assert code == 0


def test_resolve_outside_git(cli, gitenv):
    folder = gitenv / "plain"
    folder.mkdir()
    cli.ok(folder, "init")
    code, _, err = cli(folder, "resolve")
    assert code == 1 and "not inside a git repository" in err
