"""`pstui` in Chinese: tables, text, notes, errors and help read Chinese and still line up;
JSON, option names and choice values stay as scripts type and read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pstui.cli import main
from pstui.model.text import cell_width
from pstui.store.repository import Repository
from pstui.store.templates import load_template

USER = "cli-tester"


@pytest.fixture
def zh(chinese, monkeypatch) -> None:
    """Chinese for the command too: `main` picks the language from the config or the locale."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


@pytest.fixture
def store(work) -> Path:
    path = work / "pstui.json"
    Repository.create(path, "Client services", load_template("service").workflow, USER).close()
    return path


def column_at(line: str, text: str) -> int:
    """The terminal cell where `text` starts in `line`."""
    return cell_width(line[: line.index(text)])


def test_card_list_has_chinese_headers_lined_up_with_the_rows(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout", "--assignee", "张伟", "--due", "2026-12-01")
    cli.ok("card", "block", card.strip(), "--reason", "等客户")
    head, row = cli.ok("card", "list").splitlines()
    assert head.split() == ["编号", "阶段", "标题", "负责人", "截止日期", "完成"]
    assert column_at(head, "标题") == column_at(row, "ERP rollout")
    assert column_at(head, "截止日期") == column_at(row, "2026-12-01")
    assert row.endswith(" 受阻")


def test_card_show_and_edit_say_it_in_chinese(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout", "--kind", "defect").strip()
    shown = cli.ok("card", "show", card)
    assert "类型      缺陷" in shown
    assert "负责人    -" in shown
    assert "检查清单（0/" in shown
    assert "必须 " in shown
    said = cli.ok("card", "edit", card, "--due", "2026-12-01", "--title", "ERP")
    assert said.endswith("：已修改 截止日期、标题\n")
    assert cli.ok("card", "unblock", card).endswith("：未受阻\n")


def test_errors_and_notes_are_chinese_and_keep_the_prefix(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout").strip()
    err = cli.fails(store, "card", "edit", card)
    assert err == "pstui: 没有要修改的内容：请给出要写入的字段，如 --due fri\n"
    err = cli.fails(store, "card", "move", card)
    assert "请指明目标" in err
    code, _out, err = cli("card", "add", "line\tbreak")
    assert code == 0 and err.startswith("pstui: 提示：标题只有一行")


def test_no_store_found_is_said_in_chinese(zh, cli) -> None:
    code, out, err = cli("card", "list")
    assert (code, out) == (1, "")
    assert err == (
        "pstui: 此处及上级文件夹中都没有 pstui.json。用 `pstui init` 创建一个，"
        "或试试 `pstui demo`。\n"
    )


def test_the_risk_register_reads_chinese_in_table_md_and_text(zh, cli, store) -> None:
    risk = cli.ok(
        "risk", "add", "顾问休假", "--probability", "4", "--impact", "4", "--response", "mitigate"
    ).strip()
    head, row = cli.ok("risk", "list").splitlines()
    assert head.split() == [
        "编号",
        "分值",
        "等级",
        "状态",
        "PxI",
        "标题",
        "卡片",
        "负责人",
        "复查日期",
    ]
    assert "严重" in row and "未关闭" in row and "看板" in row
    assert column_at(head, "标题") == column_at(row, "顾问休假")
    md = cli.ok("risk", "list", "--format", "md").splitlines()
    assert md[0] == "| 编号 | 分值 | 等级 | 状态 | P x I | 标题 | 卡片 | 负责人 | 复查日期 |"
    shown = cli.ok("risk", "show", risk)
    assert "分值         16（严重）：可能性 4 x 影响 4" in shown
    assert "应对策略     减轻" in shown
    assert "卡片         -（整个看板）" in shown
    assert cli.ok("risk", "close", risk).endswith("：未关闭 -> 已关闭\n")
    # What scripts read stays English: the values and the keys.
    (listed,) = json.loads(cli.ok("risk", "list", "--format", "json"))
    assert (listed["status"], listed["level"], listed["response"]) == (
        "closed",
        "critical",
        "mitigate",
    )


def test_survey_scores_and_show_read_chinese(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout").strip()
    survey = cli.ok("survey", "send", card, "--contact", "王芳").strip()
    cli.ok("survey", "respond", survey, "--answer", "overall=5", "--answer", "recommend=10")
    shown = cli.ok("survey", "show", survey)
    assert "分值（1 份完整答卷）" in shown
    assert "推荐者 1 人、被动者 0 人、贬损者 0 人" in shown
    assert "联系人     王芳" in shown
    head, row = cli.ok("survey", "scores").splitlines()
    assert head.split()[:2] == ["满意度调查", "答卷数"]
    # Right-aligned columns end where their headers end, in cells.
    assert cell_width(head) == cell_width(row)
    err = cli.fails(store, "survey", "respond", survey, "--answer", "nope=1")
    assert "没有问题 'nope'" in err


def test_check_counts_in_chinese(zh, cli, store) -> None:
    cli.ok("card", "add", "ERP rollout")
    assert cli.ok("check").startswith("正常：1 张卡片，")


def test_help_is_chinese_but_argparse_keeps_its_own_words(zh, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "列出看板或添加看板" in out
    assert "git 合并驱动（由 git 运行：%O %A %B %P）" in out
    assert "usage: pstui" in out  # argparse's own frame words come from the standard library


def test_the_config_language_makes_the_command_chinese(cli, store, work) -> None:
    config = Path.home() / ".config" / "pstui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('language = "zh"\n', encoding="utf-8")
    head = cli.ok("card", "list").splitlines()[0]
    assert head.split()[:2] == ["编号", "阶段"]


# ----- review fixes: words that stayed English or glued in an English colon ------------------


def test_the_automatic_go_note_reads_chinese(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout").strip()
    for item in range(1, 5):  # the must items of the first stage's gate
        cli.ok("card", "tick", card, str(item))
    cli.ok("card", "move", card, "--to", "execution")
    decided = cli.ok("card", "show", card).splitlines()[-1]
    assert decided.endswith("决策为通过（所有必须项均已完成）")
    assert "all must items done" not in decided


def test_a_conflict_line_reads_chinese(zh) -> None:
    from pstui.cli import conflict_line
    from pstui.store.merge import merge_stores

    def side(title: str, at: str) -> dict:
        card = {"board": "B", "title": title, "stage": "s", "rank": "m", "updated_at": at,
                "created_at": "2026-11-20T10:00:00.000000+00:00", "checklists": {"s": []}}  # fmt: skip
        return {"boards": {}, "cards": {"01KA0000000000000000000001": card}, "events": {}}

    base = side("Base", "2026-11-20T10:00:00.000000+00:00")
    ours = side("Ours", "2026-11-21T10:00:00.000000+00:00")
    theirs = side("Theirs", "2026-11-22T10:00:00.000000+00:00")
    [event] = merge_stores(base, ours, theirs).conflicts
    assert event["summary"].startswith("title: kept")  # the store keeps the English
    assert conflict_line(event) == (
        '冲突：cards 01KA0000000000000000000001：title：保留 "Theirs"（较晚的编辑），另一个值 "Ours"'
    )


def test_survey_scores_labels_are_chinese_in_tables_and_english_in_json(zh, cli, store) -> None:
    card = cli.ok("card", "add", "ERP rollout").strip()  # no client
    survey = cli.ok("survey", "send", card, "--contact", "王芳").strip()
    cli.ok("survey", "respond", survey, "--answer", "overall=5")
    row = cli.ok("survey", "scores").splitlines()[1]
    assert row.startswith("所有看板 ")
    row = cli.ok("survey", "scores", "--by", "client").splitlines()[1]
    assert row.startswith("（无客户） ")
    # JSON does not depend on the locale: the labels stay as stored.
    (scores,) = json.loads(cli.ok("survey", "scores", "--format", "json"))
    assert scores["label"] == "all boards"
    (scores,) = json.loads(cli.ok("survey", "scores", "--by", "client", "--format", "json"))
    assert (scores["key"], scores["label"]) == ("", "(no client)")


def test_check_names_an_unreadable_file_once(zh, cli, store, monkeypatch) -> None:
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == store:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, out, _err = cli("check", str(store))
    assert code == 1
    assert out == f"{store}：无法读取（Permission denied）\n"


def test_check_names_the_file_before_a_record_problem(zh, cli, store) -> None:
    data = json.loads(store.read_text(encoding="utf-8"))
    data["meta"]["pstui"]["schema"] = "one"
    store.write_text(json.dumps(data), encoding="utf-8")
    code, out, _err = cli("check", str(store))
    assert code == 1
    assert out == f"{store}：meta pstui: schema 为 'one'，不是版本号\n"


def test_risk_and_retro_edits_name_the_fields_in_chinese(zh, cli, store) -> None:
    risk = cli.ok("risk", "add", "顾问休假").strip()
    said = cli.ok("risk", "edit", risk, "--probability", "4", "--impact", "2")
    assert said.endswith("：已修改 影响、可能性\n")
    card = cli.ok("card", "add", "ERP rollout").strip()
    cli.ok("retro", "save", card, "--goals", "partly")
    said = cli.ok("retro", "save", card, "--went-well", "好", "--budget-planned", "100")
    assert "已修改 计划预算、做得好的" in said


def test_an_unknown_id_says_what_it_was_with_a_chinese_colon(zh, cli, store) -> None:
    err = cli.fails(store, "risk", "show", "ZZZZ")
    assert err.startswith("pstui: 风险：")
    assert "风险: " not in err


def test_a_chinese_interface_starts_from_the_chinese_workflow(zh, cli, work) -> None:
    cli.ok("init")
    cli.ok("board", "add", "第二个看板")
    repo = Repository(work / "pstui.json", USER)
    try:
        for board in repo.boards.all():
            assert board.workflow.stages[0].name == "项目启动", board.name
    finally:
        repo.close()


def test_an_english_interface_starts_from_the_english_workflow(cli, work) -> None:
    cli.ok("init")
    repo = Repository(work / "pstui.json", USER)
    try:
        assert repo.boards.all()[0].workflow.stages[0].name == "Initiation"
    finally:
        repo.close()


def test_the_demo_opens_the_sample_in_the_interfaces_language(chinese) -> None:
    from pstui import i18n
    from pstui.cli import build_parser

    assert build_parser().parse_args(["demo"]).sample == "services-zh"
    i18n.set_language(i18n.ENGLISH)
    assert build_parser().parse_args(["demo"]).sample == "services"
