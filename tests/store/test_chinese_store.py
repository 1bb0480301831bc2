"""The store's messages in Chinese: what the app and `pstui` tell a user about a store (a bad
file, a refused change, a refused undo, a recovered crash, `pstui check`'s findings, the config's
problems), while what is written into the store stays English."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from pstui.config import load_config
from pstui.model.gate import GateError
from pstui.store.check import check_data, check_store
from pstui.store.core import VIEW_ONLY
from pstui.store.engine.serialize import dumps_store
from pstui.store.errors import BadStoreFile, NewerSchema, ReadOnlyStore
from pstui.store.journal import PREFIX
from pstui.store.repository import Repository, UndoRefused
from pstui.store.storage import PstuiStorage
from pstui.store.templates import load_template, template_from_toml
from pstui.store.validate import main as validate_main

DEAD_PID = 2**22 + 12345  # above Linux's pid_max: no process can have it


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "pstui.json"
    Repository.create(path, "Board", load_template("service").workflow, who="tester")
    return path


def board_of(repo: Repository) -> str:
    return repo.boards.all()[0].id


def test_a_refused_undo_says_why_in_chinese_and_the_summary_stays_english(store, chinese):
    a = Repository(store, who="a")
    card = a.cards.add(board_of(a), "Shared")
    b = Repository(store, who="b")
    a.cards.edit(card.id, assignee="Alice")
    b.reload()
    b.cards.edit(card.id, assignee="Bob")
    a.reload()
    with pytest.raises(UndoRefused) as refused:
        a.undo()
    said = str(refused.value)
    assert said.startswith("无法撤销 'edited assignee of ")  # the event's summary is stored
    assert "assignee 此后已被更改（现为 'Bob'）" in said
    assert said.endswith("；未撤销任何内容")


def test_card_and_board_refusals_read_chinese(store, chinese):
    repo = Repository(store, who="tester")
    card = repo.cards.add(board_of(repo), "Portal")
    with pytest.raises(GateError, match="请说明卡片受阻的原因"):
        repo.cards.set_blocked(card.id, True, " ")
    with pytest.raises(GateError, match="未知类型 'x'；可选：engagement"):
        repo.cards.edit(card.id, kind="x")
    with pytest.raises(ValueError, match="已有名为 'board' 的看板"):
        repo.boards.add("board", load_template("simple").workflow)
    with pytest.raises(ValueError, match="在制品上限是卡片数"):
        repo.boards.set_wip(board_of(repo), "initiation", 0)
    with pytest.raises(ValueError, match=r"不能删除 .*（1 张卡片）：请先移走这些卡片"):
        board = board_of(repo)
        repo.boards.remove_stage(
            board, "initiation", lambda stage: repo.cards.in_stage(board, stage)
        )
    repo.risks.add(board_of(repo), "Data late", card=card.id)
    assert repo.cards.deletion_refused(card.id) == ("有记录引用了这张卡片（1 项风险）：请改为归档")
    # What the change wrote into the store is English, whatever the reader's language.
    assert repo.events_for(card.id)[0].summary == "added 'Portal' to Initiation"


def test_a_store_viewed_only_refuses_a_change_in_chinese(store, chinese):
    repo = Repository(store, who="tester", view_only=True)
    assert repo.read_only_reason == "只读：此看板仅供查看"
    with pytest.raises(ReadOnlyStore) as refused:
        repo.cards.add(board_of(repo), "Portal")
    assert refused.value.message == "只读：此看板仅供查看"
    assert VIEW_ONLY == "read-only: this board is served for viewing"


def test_a_bad_record_and_a_newer_schema_are_named_in_chinese(store, chinese):
    data = json.loads(store.read_text(encoding="utf-8"))
    data["meta"]["pstui"]["schema"] = 99
    store.write_text(dumps_store(data), encoding="utf-8")
    with pytest.raises(NewerSchema, match="由更新版本的 pstui 写入（schema 99"):
        Repository(store, who="tester")
    data["meta"]["pstui"]["schema"] = 1
    board = next(iter(data["boards"]))
    data["boards"][board]["stages"] = 3
    store.write_text(dumps_store(data), encoding="utf-8")
    with pytest.raises(BadStoreFile) as bad:
        Repository(store, who="tester")
    assert bad.value.message.startswith(f"看板 {board}：")
    assert bad.value.message.endswith("。请手动修复，或从 git 恢复该文件。")


def test_the_background_check_says_its_finding_in_the_apps_language(store, capsys):
    data = json.loads(store.read_text(encoding="utf-8"))
    del data["meta"]["pstui"]
    store.write_text(dumps_store(data), encoding="utf-8")
    assert validate_main([str(store), "zh"]) == 1
    assert capsys.readouterr().err.strip() == "没有元数据记录：此文件不是 pstui 数据文件"


def test_a_recovered_crash_is_said_in_chinese(store, monkeypatch, chinese):
    never_written = threading.Event()
    monkeypatch.setattr(PstuiStorage, "flush", lambda self: never_written.wait(0))
    repo = Repository(store, who="tester", background=True)
    repo.cards.add(board_of(repo), "seen, then killed")
    [journal] = sorted(store.parent.glob(f"{PREFIX}*.jsonl"))
    os.replace(journal, journal.with_name(f"{PREFIX}{DEAD_PID}-1.jsonl"))
    monkeypatch.undo()
    reopened = Repository(store, who="tester")
    assert "已恢复已停止的 pstui 尚未保存的 1 项更改" in reopened.problems


def test_check_names_what_is_wrong_in_chinese(store, chinese):
    data = json.loads(store.read_text(encoding="utf-8"))
    board = next(iter(data["boards"]))
    data["boards"][board]["stages"] = []
    found = [str(problem) for problem in check_data(data)]
    assert f"boards {board}: 没有阶段" in found  # the table keeps the name the file has
    missing = store.with_name("missing.json")
    assert "无法读取" in str(check_store(missing)[0])


def test_the_check_command_prints_its_findings_in_chinese(store, cli, monkeypatch):
    config = store.with_name("config.toml")
    config.write_text('language = "zh"\n', encoding="utf-8")
    monkeypatch.setenv("PSTUI_CONFIG", str(config))  # the command picks its language itself
    data = json.loads(store.read_text(encoding="utf-8"))
    del data["meta"]["pstui"]
    store.write_text(dumps_store(data), encoding="utf-8")
    code, out, _err = cli("check", str(store))
    assert code != 0
    assert "meta pstui: 没有元数据记录：此文件不是 pstui 数据文件" in out


def test_a_workflow_template_that_is_not_toml_is_refused_in_chinese(chinese):
    with pytest.raises(ValueError, match="不是有效的 TOML"):
        template_from_toml("name = ")
    with pytest.raises(ValueError, match="工作流需要一个"):
        template_from_toml('name = "x"')


def test_config_problems_are_said_in_the_language_chosen_after_reading_it(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('language = "zh"\nauto_sync = 3\nstandup_minutes = 0\n', encoding="utf-8")
    config = load_config(path)  # read while the interface is still English
    assert config.problems[0] == f"{path}: auto_sync must be true or false"
    from pstui import i18n

    i18n.set_language(config.language)
    assert config.problems == [
        f"{path}：auto_sync 必须是 true 或 false",
        f"{path}：standup_minutes 必须是整数分钟",
    ]
