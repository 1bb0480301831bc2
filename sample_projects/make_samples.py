"""Build the bundled sample stores: `services.json` (English) and `services-zh.json` (Chinese).

    /tmp/venv/bin/python sample_projects/make_samples.py [--out FOLDER]

Everything is written through the public `Repository` API, acting as the members of a small
project-services team, so the samples carry the same records, decisions and events a real team
would leave behind. Run it again after a template or the store format changes.

Due dates are fixed relative to BASE (2026-11-22), so a test with its clock frozen on that day
always reads the same "overdue" and "in 3 days". Record ids and timestamps come from the clock
(the repository stamps them), so they differ from run to run; everything else is the same.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pendulum

from pstui.model.card import Card, Outcome
from pstui.store.engine import dumps_store, loads_store
from pstui.store.repository import Repository
from pstui.store.templates import load_template

BASE = pendulum.Date(2026, 11, 22)
HERE = Path(__file__).resolve().parent


def day(offset: int) -> str:
    """The ISO date `offset` days from BASE (negative: in the past)."""
    return BASE.add(days=offset).isoformat()


# ----- the story of one card ------------------------------------------------------------------

Step = Callable[["Team", str], None]


@dataclass
class Spec:
    title: str
    client: str
    assignee: str
    due: int | None
    description: str
    tags: tuple[str, ...] = ()
    kind: str = "engagement"
    start: str | None = None  # stage the card is added to; the first stage when None
    creator: str | None = None  # who adds the card; the team lead when None
    story: tuple[Step, ...] = ()


@dataclass
class Team:
    repo: Repository
    lead: str
    rng: random.Random
    specs: dict[str, Spec] = field(default_factory=dict)

    def act(self, who: str) -> Repository:
        """The repository, acting as `who` for the next change."""
        _next_millisecond()
        self.repo.who = who
        return self.repo

    def doer(self, card_id: str, by: str | None) -> str:
        return by or self.specs[card_id].assignee or self.lead

    def item_id(self, card_id: str, key: str) -> str:
        """The current stage's item with gate criterion `key`, or whose text is `key`."""
        for item in self.repo.cards.get(card_id).checklist:
            if key in (item.criterion, item.text):
                return item.id
        raise KeyError(f"{self.repo.cards.get(card_id).title!r} has no item {key!r} in this stage")

    def add(self, board_id: str, spec: Spec) -> Card:
        card = self.act(spec.creator or self.lead).cards.add(
            board_id,
            spec.title,
            stage=spec.start,
            assignee=spec.assignee,
            due=day(spec.due) if spec.due is not None else None,
            client=spec.client,
            kind=spec.kind,
            tags=spec.tags,
            description=spec.description,
        )
        self.specs[card.id] = spec
        for step in spec.story:
            step(self, card.id)
        return self.repo.cards.get(card.id)


def _next_millisecond() -> None:
    # Record ids are time-sortable only to the millisecond (the rest is random), and a record's
    # history is listed in id order: one change per millisecond keeps the history in order.
    start = time.time_ns() // 1_000_000
    while time.time_ns() // 1_000_000 == start:
        time.sleep(0.0002)


def tick(*keys: str, by: str | None = None) -> Step:
    """Tick items of the current stage (gate criterion ids or hand-added item texts)."""

    def step(team: Team, card_id: str) -> None:
        for key in keys:
            team.act(team.doer(card_id, by)).cards.toggle_item(card_id, team.item_id(card_id, key))

    return step


untick = tick  # toggling an item that is done reopens it


def _finish_stage(team: Team, card_id: str, by: str | None, leave_open: tuple[str, ...]) -> None:
    """Tick every open must item but `leave_open`, and roughly half the should items."""
    for item in list(team.repo.cards.get(card_id).checklist):
        if item.done or item.criterion in leave_open:
            continue
        if item.must or team.rng.random() < 0.55:
            team.act(team.doer(card_id, by)).cards.toggle_item(card_id, item.id)


def go(by: str | None = None) -> Step:
    """Finish the stage's must items and move on: the gate records a Go by itself."""

    def step(team: Team, card_id: str) -> None:
        _finish_stage(team, card_id, by, ())
        card = team.repo.cards.get(card_id)
        following = team.repo.boards.get(card.board).workflow.next_stage(card.stage)
        assert following is not None, f"{card.title!r} is in the last stage"
        team.act(team.doer(card_id, by)).cards.move(card_id, following.id)

    return step


def go_anyway(note: str, open: tuple[str, ...], by: str | None = None) -> Step:
    """Pass the gate with the `open` must items still open: a Go that needs a reason."""

    def step(team: Team, card_id: str) -> None:
        _finish_stage(team, card_id, None, open)
        team.act(by or team.lead).cards.decide(card_id, Outcome.GO, note=note)

    return step


def hold(note: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.HOLD, note=note)

    return step


def recycle(to: str, note: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.RECYCLE, note=note, recycle_to=to)

    return step


def kill(note: str, by: str | None = None) -> Step:
    """Stop the card at its gate; the repository archives a killed card."""

    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.decide(card_id, Outcome.KILL, note=note)

    return step


def item(
    text: str, owner: str, due: int | None = None, *, must: bool = False, by: str | None = None
) -> Step:
    """Add a task by hand to the current stage's checklist."""

    def step(team: Team, card_id: str) -> None:
        team.act(by or team.doer(card_id, None)).cards.add_item(
            card_id, text, must=must, owner=owner, due=day(due) if due is not None else None
        )

    return step


def block(reason: str, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(team.doer(card_id, by)).cards.set_blocked(card_id, True, reason)

    return step


def unblock(by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(team.doer(card_id, by)).cards.set_blocked(card_id, False)

    return step


def reschedule(due: int, by: str | None = None) -> Step:
    def step(team: Team, card_id: str) -> None:
        team.act(by or team.lead).cards.edit(card_id, due=day(due))

    return step


# ----- English: the "Client services" board ----------------------------------------------------

ALICE, BEN, CARLA, DMITRI, PRIYA = (
    "Alice Chen",
    "Ben Okafor",
    "Carla Mendes",
    "Dmitri Volkov",
    "Priya Raman",
)
INTERNAL = "Internal"

SERVICES = [
    # Initiation
    Spec(
        "ERP rollout for three plants",
        "Kestrel Manufacturing",
        CARLA,
        10,
        "Replace the legacy MRP system at the Leeds, Brno and Porto plants with a cloud ERP. "
        "Finance and inventory go live first; production planning follows in phase two.",
        ("erp", "onsite"),
        story=(
            tick("requirements-confirmed", "scope-defined"),
            item("Book site visits to all three plants", CARLA, 3),
        ),
    ),
    Spec(
        "Customer portal redesign",
        "Bluefin Retail Group",
        BEN,
        23,
        "New self-service portal for Bluefin's trade customers: order history, invoices and "
        "returns in one place.",
        ("ux", "portal"),
        story=(
            item("Run discovery workshop with Bluefin's e-commerce team", BEN, 2),
            tick("requirements-confirmed"),
        ),
    ),
    Spec(
        "Data warehouse migration to the cloud",
        "Solace Energy",
        BEN,
        -6,
        "Move the on-premises Teradata warehouse and its 140 nightly loads to a managed cloud "
        "warehouse. Metering data must stay in the EU.",
        ("data", "cloud"),
        story=(
            tick("requirements-confirmed", "scope-defined", "team-formed"),
            hold(
                "Client budget for FY27 not approved yet; revisit after their steering "
                "committee on 3 Dec"
            ),
            reschedule(11),
            block("Solace procurement has not signed the statement of work"),
        ),
    ),
    Spec(
        "Member mobile app",
        "Meridian Credit Union",
        CARLA,
        40,
        "iOS and Android app for members: balances, transfers and card controls.",
        ("mobile",),
        story=(
            go(),
            tick("progress-reported"),
            recycle(
                "initiation",
                "Client added loan origination to the scope; requirements and plan must be "
                "confirmed again",
            ),
            untick("scope-defined", "plan-agreed"),
        ),
    ),
    Spec(
        "Change request: single sign-on for the field-service app",
        "Copperline Telecom",
        CARLA,
        -4,
        "Technicians should log in with their Copperline Azure AD account instead of a separate "
        "password.",
        ("sso", "security"),
        kind="change",
        story=(tick("requirements-confirmed"),),
    ),
    Spec(
        "Loyalty programme relaunch",
        "Tallgrass Foods",
        CARLA,
        -20,
        "Points-based loyalty scheme for Tallgrass's farm shops, replacing the paper stamp card.",
        ("marketing",),
        story=(
            tick("requirements-confirmed"),
            kill("Client cancelled after the Harvest Co. merger; no budget in FY27"),
        ),
    ),
    # Execution
    Spec(
        "ERP implementation: finance and procurement",
        "Tallgrass Foods",
        BEN,
        28,
        "General ledger, payables and purchasing on the new ERP, with the bank feeds of both "
        "Tallgrass entities.",
        ("erp",),
        story=(go(), tick("progress-reported", "changes-logged")),
    ),
    Spec(
        "Claims platform integration",
        "Ironbridge Insurance",
        DMITRI,
        -2,
        "Connect the new claims platform to Ironbridge's policy system and payment gateway "
        "through their API layer.",
        ("integration", "api"),
        story=(
            go_anyway(
                "Client PMO sign-off on the plan slips to next week; agreed to start the build "
                "to keep the January date",
                open=("plan-agreed",),
            ),
            tick("progress-reported"),
            block("Waiting for test-environment credentials from Ironbridge IT (INC-4471)"),
        ),
    ),
    Spec(
        "Warehouse scanning rollout",
        "Northwind Logistics",
        BEN,
        3,
        "Handheld barcode scanning for goods-in and picking in the Rotterdam and Hamburg "
        "warehouses. 200 devices, integrated with the WMS.",
        ("logistics", "hardware", "onsite"),
        story=(
            go(),
            block("Handhelds held at customs in Rotterdam", by=ALICE),
            unblock(by=ALICE),
            tick("progress-reported", "quality-checked"),
            item("Load test with 200 handhelds on the night shift", DMITRI, 2),
        ),
    ),
    Spec(
        "Defect: invoice totals round incorrectly in EUR",
        "Tallgrass Foods",
        DMITRI,
        -1,
        "Invoices with more than 20 lines are off by one cent against the order total. "
        "Rounding happens per line instead of on the total.",
        ("billing", "p1"),
        kind="defect",
        start="execution",
        creator=DMITRI,
        story=(tick("quality-issues-analysed"),),
    ),
    Spec(
        "Change request: nightly CSV export for finance",
        "Northwind Logistics",
        CARLA,
        8,
        "Finance wants yesterday's scans as a CSV on their SFTP server by 06:00 each day.",
        ("reporting",),
        kind="change",
        start="execution",
        story=(tick("changes-logged"),),
    ),
    Spec(
        "Improvement: automate the weekly status report",
        INTERNAL,
        ALICE,
        14,
        "Generate the Friday client status report from the board instead of writing it by hand.",
        ("process",),
        kind="improvement",
        start="execution",
        story=(tick("progress-reported"),),
    ),
    Spec(
        "Change request: SMS appointment reminders in Spanish",
        "Harbor Health Partners",
        BEN,
        -12,
        "Send reminders in the patient's preferred language, starting with Spanish.",
        ("sms",),
        kind="change",
        start="execution",
        story=(kill("Client withdrew the request: their new telephony vendor provides it"),),
    ),
    # Acceptance and handover
    Spec(
        "Patient scheduling system",
        "Harbor Health Partners",
        ALICE,
        6,
        "Online booking and clinic scheduling for Harbor's twelve outpatient clinics.",
        ("healthcare",),
        story=(
            go(),
            go(),
            tick("acceptance-tests-passed", "docs-reviewed", "installed-configured"),
            block("Client UAT lead on leave until 30 Nov; sign-off cannot be scheduled"),
        ),
    ),
    Spec(
        "Building permits portal",
        "Aurora City Council",
        BEN,
        -3,
        "Residents apply for and track building permits online; planners review them in a "
        "shared queue.",
        ("gov", "portal"),
        story=(
            go(),
            go(),
            tick("installed-configured"),
            recycle(
                "execution",
                "Acceptance tests failed: search takes 9 s under load; back to Execution for "
                "performance work",
                by=DMITRI,
            ),
            untick("quality-standard-met", by=DMITRI),
            tick("quality-standard-met"),
            go(),
            tick("acceptance-tests-passed"),
        ),
    ),
    Spec(
        "Field service app v2",
        "Copperline Telecom",
        CARLA,
        12,
        "Offline job sheets, photo capture and parts ordering for 600 field technicians.",
        ("mobile",),
        story=(go(), go(), tick("acceptance-tests-passed", "docs-reviewed", "data-migrated")),
    ),
    # Enablement
    Spec(
        "HR self-service rollout",
        "Verdant Pharma",
        PRIYA,
        9,
        "Leave requests, payslips and expense claims for 1,800 employees on the new HR portal.",
        ("hr", "training"),
        story=(go(), go(), go(), tick("training-designed")),
    ),
    Spec(
        "POS upgrade across 40 stores",
        "Bluefin Retail Group",
        PRIYA,
        -5,
        "New tills and payment terminals in every Bluefin store, rolled out region by region.",
        ("retail", "onsite", "training"),
        story=(
            go(),
            go(),
            go_anyway(
                "Two stores still on the old tills until their refits; client signed the "
                "handover for 38 of 40",
                open=("handover-signed",),
            ),
            tick("training-designed", "training-delivered"),
            item("Record the till-close video for the store manager guide", PRIYA, 4),
        ),
    ),
    Spec(
        "Improvement: reusable training video kit",
        INTERNAL,
        PRIYA,
        30,
        "Templates, intro sequence and recording checklist so every project's training videos "
        "look the same and take a day, not a week.",
        ("training", "process"),
        kind="improvement",
        start="enablement",
    ),
    # Review
    Spec(
        "Fleet telematics dashboard",
        "Northwind Logistics",
        ALICE,
        5,
        "Live map and fuel-use reports for Northwind's 350 trucks.",
        ("analytics",),
        story=(
            go(),
            go(),
            go(),
            go(),
            tick("review-meeting", "lessons-learned", "client-suggestions"),
        ),
    ),
    Spec(
        "Document management migration",
        "Ironbridge Insurance",
        DMITRI,
        -8,
        "Twelve million policy documents moved from the old archive to the new DMS, with "
        "retention rules.",
        ("migration",),
        story=(go(), go(), go(), go(), tick("review-meeting")),
    ),
    Spec(
        "Improvement: standard UAT script templates",
        INTERNAL,
        DMITRI,
        19,
        "One acceptance-test template per project type, from what the last six projects used.",
        ("quality", "process"),
        kind="improvement",
        start="review",
        story=(tick("lessons-learned"),),
    ),
    # Maintenance
    Spec(
        "Payroll module: support period",
        "Meridian Credit Union",
        BEN,
        129,
        "Twelve-month support after go-live: fault response within 4 business hours, monthly "
        "health checks.",
        ("support", "sla"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "monitoring-in-place", "regular-checks"),
        ),
    ),
    Spec(
        "E-commerce platform: support and upgrades",
        "Bluefin Retail Group",
        CARLA,
        220,
        "Support, security patches and two feature upgrades a year for bluefin.example.",
        ("support", "ecommerce"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "upgrade-plan"),
            item("Quarterly client visit: review incident trends", ALICE, 18),
        ),
    ),
    Spec(
        "Lab data platform: maintenance",
        "Verdant Pharma",
        DMITRI,
        40,
        "Validated (GxP) maintenance of the lab data platform; every change goes through "
        "Verdant's change control.",
        ("support", "gxp"),
        story=(go(), go(), go(), go(), go(), tick("monitoring-in-place")),
    ),
]

SUPPORT_DESK = [
    Spec(
        "VPN drops every 30 minutes for remote staff",
        "Kestrel Manufacturing",
        PRIYA,
        2,
        "Since Tuesday remote users are disconnected every half hour; the office network is fine.",
        ("network", "p2"),
        kind="support",
        creator=PRIYA,
        story=(tick("issue-understood"),),
    ),
    Spec(
        "Password reset emails not arriving",
        "Meridian Credit Union",
        "",
        0,
        "Members report that the reset link never arrives; Gmail addresses seem affected most.",
        ("email", "p1"),
        kind="support",
        creator=PRIYA,
    ),
    Spec(
        "Nightly payroll export job failed on 20 Nov",
        "Meridian Credit Union",
        BEN,
        1,
        "The export to the bank stopped with a timeout; Friday's run must go through.",
        ("payroll", "p1"),
        kind="support",
        creator=PRIYA,
        story=(go(), tick("fix-done")),
    ),
    Spec(
        "Report builder slow on ranges over 12 months",
        "Bluefin Retail Group",
        DMITRI,
        9,
        "Sales reports over more than a year take two minutes to load.",
        ("performance", "p3"),
        kind="support",
        creator=PRIYA,
        story=(go(), item("Capture the slow query plan from production", DMITRI, 1)),
    ),
    Spec(
        "Printer mapping lost after Windows update",
        "Harbor Health Partners",
        PRIYA,
        -1,
        "Reception PCs at two clinics lost their label printers after the November update.",
        ("desktop", "p2"),
        kind="support",
        creator=PRIYA,
        story=(go(), go(), tick("root-cause-recorded")),
    ),
    Spec(
        "Add two users to the purchase approvals group",
        "Verdant Pharma",
        PRIYA,
        -6,
        "New buyers in Basel need approval rights up to CHF 10,000.",
        ("access", "p4"),
        kind="support",
        creator=PRIYA,
        story=(go(), go(), go()),
    ),
]


# ----- Chinese: the "客户服务项目" board --------------------------------------------------------

WANG, LI, ZHANG, LIU = "王伟", "李娜", "张敏", "刘洋"

SERVICES_ZH = [
    # 项目启动
    Spec(
        "ERP 系统实施",
        "江南精密制造股份有限公司",
        LI,
        12,
        "为三个厂区实施 ERP 系统，先上线财务和库存模块，生产计划模块放在二期。",
        ("erp", "现场"),
        story=(
            tick("requirements-confirmed"),
            item("安排三个厂区的现场需求调研", LI, 3),
        ),
    ),
    Spec(
        "华东电网信息中心调度自动化系统二期升级改造项目：需求调研、方案设计、系统集成与上线后运维保障服务",
        "华东电网信息中心",
        WANG,
        30,
        "在一期系统基础上扩展新能源场站接入与负荷预测功能。项目周期长、干系人多，需提前明确范围与责任划分。",
        ("电力", "onsite"),
        story=(
            tick("requirements-confirmed", "scope-defined"),
            hold("客户预算尚未批复，等待 12 月初的立项评审会后再决定"),
        ),
    ),
    Spec(
        "会员小程序开发",
        "星河零售集团",
        LIU,
        45,
        "微信小程序：会员注册、积分查询、电子优惠券。",
        ("mobile",),
        story=(
            go(),
            recycle("initiation", "客户新增积分商城需求，需重新确认项目范围与计划"),
            untick("scope-defined", "plan-agreed"),
        ),
    ),
    Spec(
        "电子签章平台对接",
        "海川物流",
        LI,
        -10,
        "运单与合同接入第三方电子签章平台。",
        ("esign",),
        story=(
            tick("requirements-confirmed"),
            kill("客户已选择其他供应商，项目终止"),
        ),
    ),
    # 项目执行
    Spec(
        "仓储管理系统数据迁移",
        "海川物流",
        ZHANG,
        -3,
        "将旧仓储系统十年的库存与出入库数据迁移到新 WMS，迁移后逐仓核对。",
        ("data", "迁移"),
        story=(
            go(),
            tick("progress-reported"),
            block("等待客户提供旧系统数据库的只读账号"),
        ),
    ),
    Spec(
        "变更请求：增加财务月结报表导出功能",
        "海川物流",
        LI,
        6,
        "财务部希望每月 1 日自动导出上月运费结算报表（Excel）。",
        ("报表",),
        kind="change",
        start="execution",
        story=(tick("changes-logged"),),
    ),
    Spec(
        "缺陷：移动端订单列表在 iOS 17 上加载缓慢",
        "星河零售集团",
        ZHANG,
        -1,
        "订单超过 200 条时列表首屏加载超过 8 秒，安卓端正常。",
        ("bug", "p1", "ios"),
        kind="defect",
        start="execution",
        creator=ZHANG,
        story=(tick("quality-issues-analysed"),),
    ),
    # 验收与移交
    Spec(
        "智慧校园一卡通平台建设与教务、财务、后勤系统集成及统一身份认证改造",
        "明德大学",
        WANG,
        8,
        "一卡通平台覆盖门禁、食堂、图书馆，并与教务、财务、后勤系统打通，统一使用校园身份认证。",
        ("campus", "sso"),
        story=(
            go(),
            go(),
            tick("acceptance-tests-passed", "installed-configured", "data-migrated"),
            item("组织校方信息中心参加验收测试", WANG, 2),
        ),
    ),
    Spec(
        "医院信息系统（HIS）接口改造",
        "瑞康医院",
        LIU,
        4,
        "HIS 与检验、影像系统之间的接口改造，符合医院信息互联互通标准。",
        ("healthcare", "api"),
        story=(
            go_anyway(
                "客户同意项目计划稍后签字，先行启动开发以保证年底上线",
                open=("plan-agreed",),
            ),
            go(),
            tick("docs-reviewed"),
            block("客户验收负责人出差，预计 11 月 28 日返回"),
        ),
    ),
    # 培训与知识转移
    Spec(
        "CRM 系统用户培训",
        "金桥城市商业银行",
        LI,
        5,
        "为 32 家支行的客户经理提供基础培训和高级培训，现场与在线结合。",
        ("crm", "培训"),
        story=(go(), go(), go(), tick("training-designed", "training-delivered")),
    ),
    Spec(
        "运维知识库建设与知识转移",
        "华东电网信息中心",
        ZHANG,
        15,
        "整理技术文档、操作手册和常见问题解答，并安排三个月的知识转移跟踪。",
        ("knowledge", "培训"),
        story=(go(), go(), go(), tick("knowledge-base")),
    ),
    # 项目评估与总结
    Spec(
        "门店 POS 系统升级",
        "星河零售集团",
        LIU,
        -7,
        "全国 120 家门店收银系统升级，已全部上线。",
        ("retail", "pos"),
        story=(go(), go(), go(), go(), tick("review-meeting", "lessons-learned")),
    ),
    Spec(
        "改进：统一项目周报模板并自动生成",
        "内部",
        WANG,
        20,
        "从看板数据自动生成每周项目周报，减少手工整理时间。",
        ("process",),
        kind="improvement",
        start="review",
        story=(tick("lessons-learned"),),
    ),
    # 维护与升级
    Spec(
        "网上银行系统运维服务（2026—2027 年度）",
        "金桥城市商业银行",
        ZHANG,
        160,
        "7×24 小时故障响应，每月系统巡检，每季度安全补丁。",
        ("support", "sla"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed", "monitoring-in-place"),
        ),
    ),
    Spec(
        "《数据安全法》合规整改后的持续监控与季度安全巡检服务",
        "江南精密制造股份有限公司",
        LIU,
        38,
        "合规整改完成后，按季度进行安全巡检并出具报告。",
        ("security", "合规"),
        story=(
            go(),
            go(),
            go(),
            go(),
            go(),
            tick("fault-response-agreed"),
            item("季度回访：与客户信息安全部复盘告警情况", WANG, 10),
        ),
    ),
]


# ----- building the stores ----------------------------------------------------------------------


def add_board_to_file(store: Path, board_name: str, template: str, who: str) -> str:
    """Add a board to a store that no repository has open; returns the board id.

    For a pstui whose Repository has no `add_board` yet: create a one-board store beside it
    with the code `pstui init` uses, and copy its board (and the event saying so) across.
    """
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "board.json"
        Repository.create(extra, board_name, load_template(template).workflow, who=who)
        other = loads_store(extra.read_text(encoding="utf-8"), extra)
    data = loads_store(store.read_text(encoding="utf-8"), store)
    data["boards"].update(other["boards"])
    data["events"].update(other["events"])
    store.write_text(dumps_store(data), encoding="utf-8")
    (board_id,) = other["boards"]
    return board_id


def build_services(path: Path) -> None:
    repo = Repository.create(path, "Client services", load_template("service").workflow, who=ALICE)
    main_id = repo.boards.all()[0].id
    team = Team(repo, ALICE, random.Random(42))
    if hasattr(repo, "add_board"):
        board = team.act(PRIYA).boards.add("Support desk", load_template("support").workflow)
        support_id = board.id
    else:
        _next_millisecond()
        support_id = add_board_to_file(path, "Support desk", "support", PRIYA)
        team.repo = Repository(path, who=ALICE)
    for spec in SERVICES:
        team.add(main_id, spec)
    for spec in SUPPORT_DESK:
        team.add(support_id, spec)


def build_services_zh(path: Path) -> None:
    repo = Repository.create(path, "客户服务项目", load_template("service-zh").workflow, who=WANG)
    team = Team(repo, WANG, random.Random(42))
    board_id = team.repo.boards.all()[0].id
    for spec in SERVICES_ZH:
        team.add(board_id, spec)


SAMPLES: dict[str, Callable[[Path], None]] = {
    "services.json": build_services,
    "services-zh.json": build_services_zh,
}


def check(path: Path) -> list[str]:
    """What is wrong with a built sample (empty when it is fine)."""
    text = path.read_text(encoding="utf-8")
    if dumps_store(loads_store(text, path)) != text:
        return ["not in canonical form"]
    repo = Repository(path, who="make_samples")
    return list(repo.problems)


def summary(path: Path) -> str:
    """Cards per stage of every board, e.g. `Initiation 5 (+1 archived)`."""
    repo = Repository(path, who="make_samples")
    lines = [path.name]
    for board in repo.boards.all():
        counts = []
        for stage in board.workflow.stages:
            text = f"{stage.name} {len(repo.cards.column(board.id, stage.id))}"
            killed = len(repo.cards.column(board.id, stage.id, archived=True))
            counts.append(text + (f" (+{killed} archived)" if killed else ""))
        lines.append(f"  {board.name}: " + ", ".join(counts))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the samples to")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in SAMPLES.items():
            built = Path(tmp) / name
            build(built)
            problems = check(built)
            if problems:
                print(f"{name}: " + "; ".join(problems), file=sys.stderr)
                return 1
            shutil.copyfile(built, out / name)
            print(summary(built))
    return 0


if __name__ == "__main__":
    sys.exit(main())
