"""Git sync, the merge, the services' refusals and the engine's bad-file messages, in Chinese:
what a user reads is translated, what git and the store keep stays English."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pstui import i18n
from pstui.model.conflict_text import conflict_summary
from pstui.store import gitsync
from pstui.store.engine.serialize import load_store_bytes, loads_store
from pstui.store.errors import BadStoreFile
from pstui.store.merge import merge_stores
from pstui.store.repository import Repository
from pstui.store.surveys import NO_CLIENT, Group
from pstui.store.templates import load_template

T0 = "2026-11-20T10:00:00.000000+00:00"
T1 = "2026-11-21T10:00:00.000000+00:00"
T2 = "2026-11-22T10:00:00.000000+00:00"
CARD = "01KA0000000000000000000001"
ITEM = "01KA0000000000000000000A0A"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")


def new_store(folder: Path) -> Path:
    store = folder / "pstui.json"
    Repository.create(store, "B", load_template("simple").workflow, who="me").close()
    return store


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


# ----- gitsync -------------------------------------------------------------------------------


def test_a_sync_outside_git_says_why_in_chinese(tmp_path, chinese):
    result = gitsync.sync(new_store(tmp_path))
    assert not result.ok
    assert "不在 git 仓库中，无从同步" in result.error


def test_doctor_outside_git_reads_chinese(tmp_path, chinese):
    [check] = gitsync.driver_status(new_store(tmp_path)).checks()
    assert check.name == "仓库"
    assert "不在 git 仓库中" in check.detail
    assert check.fix.startswith("在其所在文件夹执行 `git init`")


@needs_git
def test_a_sync_without_remote_reports_in_chinese_and_commits_in_english(work, chinese):
    git(work, "init", "--quiet", "-b", "main")
    git(work, "config", "user.name", "Tester")
    git(work, "config", "user.email", "tester@example.com")
    store = new_store(work)
    done = gitsync.install_driver(store)
    assert any(line.startswith("已将 `pstui.json merge=pstui` 添加到") for line in done)
    assert gitsync.driver_status(store).ok
    result = gitsync.sync(store)
    assert result.ok, result.error
    assert result.steps[0].startswith(
        "已将数据文件和 .gitattributes（合并驱动，供每个克隆使用）提交为"
    )
    assert result.no_remote.startswith("此仓库没有远程。")
    # The commit message is history every clone reads: English.
    assert git(work, "log", "-1", "--format=%s").startswith("pstui: ")
    again = gitsync.sync(store)
    assert again.steps == ["无可提交：数据文件与已提交的一致"]


def test_the_doctor_names_each_check_in_chinese(work, chinese):
    if shutil.which("git") is None:
        pytest.skip("needs the git command")
    git(work, "init", "--quiet")
    checks = gitsync.doctor_checks(new_store(work), probe=False)
    names = [check.name for check in checks]
    assert names[:3] == ["git", "仓库", "属性"]
    assert names[-1] == "数据文件"
    problems = {check.name: check for check in checks if not check.ok}
    assert "git 不会用 pstui 驱动合并 pstui.json" in problems["属性"].detail
    assert (
        problems["排除规则"].fix == "将 .pstui-*.tmp 和 .pstui.json.lock 添加到 .git/info/exclude"
    )


def test_an_operation_in_progress_is_named_in_chinese(tmp_path, chinese, monkeypatch):
    monkeypatch.setattr(gitsync, "read_config", lambda cwd: {})
    monkeypatch.setattr(gitsync, "operation_in_progress", lambda place: "a rebase")
    (tmp_path / ".git").mkdir()
    result = gitsync.sync(new_store(tmp_path))
    assert "中有一次变基正在进行" in result.error
    assert "`git rebase --continue`" in result.error and "`git rebase --abort`" in result.error


# ----- the merge -----------------------------------------------------------------------------


def a_store(title: str, at: str, items: list | None = None) -> dict:
    card = {"board": "B", "title": title, "stage": "s", "rank": "m", "created_at": T0,
            "updated_at": at, "checklists": {"s": items or []}}  # fmt: skip
    return {"boards": {}, "cards": {CARD: card}, "events": {}}


def shown(event: dict) -> str:
    return conflict_summary("conflict", event["summary"], event["data"])


def test_a_conflict_is_written_in_english_and_shown_in_chinese(chinese):
    base = a_store("Base", T0)
    ours, theirs = a_store("Ours", T1), a_store("Theirs", T2)
    [event] = merge_stores(base, ours, theirs).conflicts
    assert event["summary"] == 'title: kept "Theirs" (by later edit), other value "Ours"'
    assert shown(event) == 'title：保留 "Theirs"（较晚的编辑），另一个值 "Ours"'
    i18n.set_language(i18n.ENGLISH)
    assert shown(event) == event["summary"]


def test_an_edit_over_a_deletion_is_shown_in_chinese(chinese):
    item = {"id": ITEM, "text": "kickoff", "done": False}
    base = a_store("Same", T0, [item])
    ours = a_store("Same", T1, [])
    theirs = a_store("Same", T2, [dict(item, done=True)])
    ours["cards"][CARD]["checklists"]["s"] = [{"id": "01KA0000000000000000000B0B", "text": "x"}]
    events = merge_stores(base, ours, theirs).conflicts
    [deleted] = [e for e in events if e["data"]["other"] == "deleted"]
    assert deleted["summary"].endswith("deleted on one side but edited on the other; kept the edit")
    assert shown(deleted) == f"检查项 checklists.s.{ITEM}：一方删除而另一方编辑；保留了编辑"


def test_a_summary_pstui_did_not_write_is_shown_as_it_is(chinese):
    event = {"summary": "something else", "data": {"field": "title", "kept": 1, "other": 2}}
    assert shown(event) == "something else"
    assert conflict_summary("edit", "edited title", {"field": "title"}) == "edited title"


# ----- the engine: a bad file ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<<<<<<< ours\n{}\n", "第 1 行：git 冲突标记。请运行 `pstui resolve`"),
        ('{\n "cards": {\n  "a": 1,\n}\n}\n', "第 4 行第 1 列：不是有效的 JSON"),
        ('{"cards": {}, "cards": {}}', "第 1 行：键 'cards' 在同一个对象中出现了两次"),
        ("[]", "不是 pstui 数据文件：应为一个由记录表组成的对象"),
        ('{"cards": []}', "不是 pstui 数据文件：表 'cards' 不是由记录组成的对象"),
        ('{"cards": {"a": NaN}}', "第 1 行：NaN，这不是 JSON。请从 git 恢复"),
    ],
)
def test_a_bad_store_is_explained_in_chinese(chinese, text, said):
    with pytest.raises(BadStoreFile) as err:
        loads_store(text, "pstui.json")
    assert said in err.value.message


def test_bytes_that_are_not_utf8_are_explained_in_chinese(chinese):
    with pytest.raises(BadStoreFile, match="第 2 行：不是 UTF-8 文本"):
        load_store_bytes(b'{\n "cards": {"\xff": {}}}\n', "pstui.json")


# ----- the services' refusals -----------------------------------------------------------------


@pytest.fixture
def repo(tmp_path) -> Repository:
    made = Repository.create(
        tmp_path / "pstui.json", "Board", load_template("service").workflow, who="me"
    )
    yield made
    made.close()


def test_the_services_refuse_in_chinese(repo, chinese):
    board = repo.boards.all()[0].id
    card = repo.cards.add(board, "Portal", client="Acme").id
    with pytest.raises(ValueError, match="计划结束 2026-01-01 早于计划开始 2026-02-01"):
        repo.retros.save(card, planned_start="2026-02-01", planned_end="2026-01-01")
    with pytest.raises(ValueError, match="无法编辑风险的 colour"):
        repo.risks.add(board, "Vendor late", colour="red")
    with pytest.raises(ValueError, match="无法编辑经验教训的 colour"):
        repo.lessons.edit(repo.lessons.add("Demo weekly").id, colour="red")
    with pytest.raises(ValueError, match="早于发送日期"):
        repo.surveys.send(card, "Li Wei", sent_on="2026-01-10", due="2026-01-01")


def test_no_client_is_a_label_in_chinese_and_stays_english_for_programs(chinese):
    group = Group("", NO_CLIENT, None, 0, 0)  # type: ignore[arg-type]
    assert group.label == "(no client)"
    assert group.shown_label == "（无客户）"
    assert Group("", "Acme", None, 0, 0).shown_label == "Acme"  # type: ignore[arg-type]


# ----- the merge driver, as git runs it --------------------------------------------------------


def test_the_merge_driver_speaks_the_language_of_the_locale(tmp_path):
    env = dict(os.environ, LANG="zh_CN.UTF-8", PSTUI_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run(
        [sys.executable, "-m", "pstui", "merge-driver", "only-one"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("用法：python -m pstui merge-driver")


def test_the_merge_driver_names_the_bad_side_in_chinese(tmp_path, chinese, capsys):
    from pstui.merge_driver import run_merge_driver

    good = tmp_path / "good.json"
    good.write_text("{}\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{\n", encoding="utf-8")
    assert run_merge_driver(good, good, bad, "pstui.json") == 1
    said = capsys.readouterr().err
    assert said.startswith("pstui merge-driver：pstui.json：对方（%B）不是 git 可以合并的数据文件")
    assert "未写入任何内容" in said
