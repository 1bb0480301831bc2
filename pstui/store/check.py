"""`pstui check`: is a store file sound? For pre-commit hooks, CI, and `pstui doctor`.

Stricter than opening a store (which tolerates what it can show): the file parses strictly
(no conflict markers, no duplicate keys), its schema is one this pstui reads, every record
id looks like a pstui id and appears in one table only, every reference resolves, every card
sits in a stage its board has, checklist items and decisions are well-formed, and every board,
card and event reads as pstui reads it.

Events may name records that were deleted since: that is history, not a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pstui.i18n import _
from pstui.model.ids import CROCKFORD, ID_LENGTH
from pstui.store.engine import loads_store
from pstui.store.errors import StoreError
from pstui.store.schema import SCHEMA_VERSION, TABLES
from pstui.store.storage import UNREADABLE

_ID = re.compile(f"[{CROCKFORD}]{{{ID_LENGTH}}}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a store, naming the record (empty for the file as a whole); the
    message is the user's to read, in the interface language (the table stays its name)."""

    table: str
    record: str
    message: str

    def __str__(self) -> str:
        if not self.record:
            return self.message
        return f"{self.table} {self.record}: {self.message}"


@dataclass
class CheckSummary:
    cards: int = 0
    events: int = 0


def is_record_id(value: Any) -> bool:
    """A pstui record id: 26 Crockford base-32 characters (ULID layout)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def check_store(path: Path, summary: CheckSummary | None = None) -> list[Problem]:
    """All problems of the store file at `path`; an empty list means it is sound."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return [
            Problem(
                "", "", _("{path}: cannot read ({error})").format(path=path, error=err.strerror)
            )
        ]
    try:
        data = loads_store(raw, path)
    except StoreError as err:
        return [Problem("", "", str(err))]
    if summary is not None:
        summary.cards = len(data.get("cards", {}))
        summary.events = len(data.get("events", {}))
    return check_data(data, path)


def check_data(data: dict[str, dict[str, Any]], path: Path | str = "pstui.json") -> list[Problem]:
    """All problems of parsed store data."""
    problems: list[Problem] = []
    problems += _check_meta(data, path)
    problems += _check_ids(data)
    problems += _check_references(data)
    problems += _check_boards_and_cards(data)
    problems += _check_readable(data, {(p.table, p.record) for p in problems})
    return problems


def _check_readable(
    data: dict[str, dict[str, Any]], reported: set[tuple[str, str]]
) -> list[Problem]:
    """Every board, card and event as pstui reads it, but for the records already reported:
    a field of the wrong kind (tags that are a number, a due date that is not text)."""
    problems: list[Problem] = []
    for table, spec in TABLES.items():
        read = spec.read
        if read is None:
            continue
        for record_id, record in data.get(table, {}).items():
            if (table, record_id) in reported:
                continue
            try:
                read(record_id, record)
            except UNREADABLE as err:
                problems.append(Problem(table, record_id, str(err)))
    return problems


def _check_meta(data: dict[str, dict[str, Any]], path: Path | str) -> list[Problem]:
    meta = data.get("meta", {}).get("pstui")
    if not isinstance(meta, dict):
        return [Problem("meta", "pstui", _("no meta record: this file is not a pstui store"))]
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        return [
            Problem(
                "meta",
                "pstui",
                _("schema is {schema}, not a version number").format(schema=repr(schema)),
            )
        ]
    if schema > SCHEMA_VERSION:
        return [
            Problem(
                "meta",
                "pstui",
                _(
                    "schema {schema} is newer than this pstui reads ({version}): "
                    "upgrade pstui before checking or changing this store"
                ).format(schema=schema, version=SCHEMA_VERSION),
            )
        ]
    if schema < 1:
        return [
            Problem(
                "meta", "pstui", _("schema {schema} is not a valid version").format(schema=schema)
            )
        ]
    return []


def _check_ids(data: dict[str, dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for table in (name for name, spec in TABLES.items() if spec.ids):
        for record_id, record in data.get(table, {}).items():
            if not is_record_id(record_id):
                problems.append(
                    Problem(table, record_id, _("id is not a pstui id (26 characters, base 32)"))
                )
            if record_id in seen:
                problems.append(
                    Problem(
                        table,
                        record_id,
                        _("the same id is also a record in {table}").format(table=seen[record_id]),
                    )
                )
            else:
                seen[record_id] = table
            if not isinstance(record, dict):
                problems.append(Problem(table, record_id, _("is not an object")))
                continue
            for stamp in ("created_at", "updated_at"):
                if not isinstance(record.get(stamp), str) or not record.get(stamp):
                    problems.append(
                        Problem(table, record_id, _("has no {field} timestamp").format(field=stamp))
                    )
    return problems


def _check_references(data: dict[str, dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    references = [(t, ref) for t, spec in TABLES.items() for ref in spec.references]
    for table, ref in references:
        field_name, target = ref.field, ref.table
        targets = data.get(target, {})
        for record_id, record in data.get(table, {}).items():
            if not isinstance(record, dict):
                continue
            value = record.get(field_name)
            if value in (None, ""):
                if ref.required:
                    problems.append(
                        Problem(table, record_id, _("has no {field}").format(field=field_name))
                    )
                continue
            if not isinstance(value, str) or value not in targets:
                problems.append(
                    Problem(
                        table,
                        record_id,
                        _("{field} {value} names no record in {table}").format(
                            field=field_name, value=repr(value), table=target
                        ),
                    )
                )
    return problems


def _board_stages(data: dict[str, dict[str, Any]]) -> tuple[dict[str, set[str]], list[Problem]]:
    stages: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for board_id, board in data.get("boards", {}).items():
        if not isinstance(board, dict):
            continue
        raw = board.get("stages")
        if not isinstance(raw, list) or not raw:
            problems.append(Problem("boards", board_id, _("has no stages")))
            stages[board_id] = set()
            continue
        ids: list[str] = []
        for stage in raw:
            if not isinstance(stage, dict) or not isinstance(stage.get("id"), str):
                problems.append(
                    Problem(
                        "boards",
                        board_id,
                        _("a stage without an id: {stage}").format(stage=repr(stage)),
                    )
                )
                continue
            ids.append(stage["id"])
        duplicates = sorted({s for s in ids if ids.count(s) > 1})
        if duplicates:
            problems.append(
                Problem(
                    "boards",
                    board_id,
                    _("stage ids repeat: {ids}").format(ids=", ".join(duplicates)),
                )
            )
        stages[board_id] = set(ids)
    return stages, problems


def _check_boards_and_cards(data: dict[str, dict[str, Any]]) -> list[Problem]:
    stages, problems = _board_stages(data)
    if not data.get("boards"):
        problems.append(Problem("boards", "", _("the store has no board")))
    for card_id, card in data.get("cards", {}).items():
        if not isinstance(card, dict):
            continue
        board = card.get("board")
        board_stages = stages.get(board) if isinstance(board, str) else None
        stage = card.get("stage")
        if board_stages is not None and not _one_of(stage, board_stages):
            problems.append(
                Problem(
                    "cards",
                    card_id,
                    _("stage {stage} is not a stage of its board").format(stage=repr(stage)),
                )
            )
        problems += _check_checklists(card_id, card)
        problems += _check_decisions(card_id, card, board_stages)
    return problems


def _one_of(value: Any, stage_ids: set[str]) -> bool:
    """Whether `value` is one of the stage ids; a hand edit may make it a list, say."""
    return isinstance(value, str) and value in stage_ids


def _check_checklists(card_id: str, card: dict[str, Any]) -> list[Problem]:
    checklists = card.get("checklists", {})
    if checklists in (None, {}):
        return []
    if not isinstance(checklists, dict):
        return [Problem("cards", card_id, _("checklists is not an object of stage -> items"))]
    problems: list[Problem] = []
    seen: set[str] = set()
    for stage, items in checklists.items():
        if not isinstance(items, list):
            problems.append(
                Problem(
                    "cards",
                    card_id,
                    _("checklist of {stage} is not a list").format(stage=repr(stage)),
                )
            )
            continue
        for item in items:
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not item_id:
                problems.append(
                    Problem(
                        "cards",
                        card_id,
                        _("a checklist item of {stage} has no id").format(stage=repr(stage)),
                    )
                )
            elif item_id in seen:
                problems.append(
                    Problem(
                        "cards",
                        card_id,
                        _("checklist item id {item} appears twice").format(item=item_id),
                    )
                )
            else:
                seen.add(item_id)
    return problems


def _check_decisions(
    card_id: str, card: dict[str, Any], board_stages: set[str] | None
) -> list[Problem]:
    decisions = card.get("decisions", [])
    if decisions in (None, []):
        return []
    if not isinstance(decisions, list):
        return [Problem("cards", card_id, _("decisions is not a list"))]
    checklists = card.get("checklists")
    if board_stages is not None and isinstance(checklists, dict):
        # A stage the card has a checklist of, it was in: a stage since removed from the
        # board, or one of the board it was moved from. Its decisions there are history.
        board_stages = board_stages | set(checklists)
    problems: list[Problem] = []
    seen: set[str] = set()
    for decision in decisions:
        if not isinstance(decision, dict) or not isinstance(decision.get("id"), str):
            problems.append(Problem("cards", card_id, _("a decision has no id")))
            continue
        decision_id = decision["id"]
        if decision_id in seen:
            problems.append(
                Problem(
                    "cards",
                    card_id,
                    _("decision {decision} appears twice").format(decision=decision_id),
                )
            )
        seen.add(decision_id)
        if decision.get("outcome") not in ("go", "hold", "recycle", "kill"):
            problems.append(
                Problem(
                    "cards",
                    card_id,
                    _("decision {decision} has outcome {outcome}").format(
                        decision=decision_id, outcome=repr(decision.get("outcome"))
                    ),
                )
            )
        if board_stages is None:
            continue
        for key in ("stage", "to"):
            value = decision.get(key)
            if key == "to" and value is None:
                continue
            if not _one_of(value, board_stages):
                problems.append(
                    Problem(
                        "cards",
                        card_id,
                        _(
                            "decision {decision}: {field} {value} is not a stage of its board"
                        ).format(decision=decision_id, field=key, value=repr(value)),
                    )
                )
    return problems
