"""The table registry: every table of the store, said once.

For each table: what one record is called, the model's reader of it, the references it makes
to other tables, and how its fields merge. New-store creation, the storage's checks,
`pstui check` and the three-way merge all read this; nothing else lists tables. Adding a
record kind starts here (see docs/adding-a-table.md).

Merge rules are named, not imported, so the merge (which reads this) is not imported by it:

- `stamp`: `updated_at`, set after the merge to the later of both sides;
- `set`: a list of strings merged as a set (added on either side stays, removed goes);
- `history`: a list of objects with ids, merged as their union, in time order (`at`);
- `by_id`: a list of objects with ids, merged item by item and field by field;
- `checklists`: stage id -> `by_id` list;
- `max`: the greater number (the schema version).

A field with no rule is a plain value: changed on both sides differently, the later edit
wins and the other value is kept in a `conflict` event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pstui.i18n import ngettext, pgettext
from pstui.model.board import Board
from pstui.model.card import Card
from pstui.model.event import Event
from pstui.model.lesson import Lesson
from pstui.model.retro import Retro
from pstui.model.risk import Risk
from pstui.model.survey import Response, Survey

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Reference:
    """A field naming a record of another table; it must resolve whenever it is set."""

    field: str
    table: str
    required: bool = False  # an empty value is a problem too


@dataclass(frozen=True)
class TableSpec:
    name: str
    what: str  # one record, as a message calls it ("card"; `record_kind` translates it)
    read: Callable[[str, Any], object] | None = None  # the model's reader; None: kept as is
    references: tuple[Reference, ...] = ()
    merge: Mapping[str, str] = field(default_factory=dict)  # field -> rule (see above)
    ids: bool = True  # record ids are pstui ids (the meta table's are names)
    history: bool = False  # append-only: records are never changed, the merge is a union


_COMMON = {"updated_at": "stamp"}

TABLES: Mapping[str, TableSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            TableSpec("meta", "meta record", ids=False, merge={**_COMMON, "schema": "max"}),
            TableSpec("boards", "board", Board.from_dict, merge=_COMMON),
            TableSpec(
                "cards",
                "card",
                Card.from_dict,
                references=(Reference("board", "boards", required=True),),
                merge={
                    **_COMMON,
                    "tags": "set",
                    "decisions": "history",
                    "checklists": "checklists",
                },
            ),
            TableSpec(
                "risks",
                "risk",
                Risk.from_dict,
                references=(
                    Reference("board", "boards", required=True),
                    Reference("card", "cards"),
                ),
                merge={**_COMMON, "notes": "history"},
            ),
            TableSpec(
                "surveys",
                "survey",
                Survey.from_dict,
                references=(
                    Reference("board", "boards", required=True),
                    Reference("card", "cards", required=True),
                ),
                merge={**_COMMON, "questions": "by_id"},
            ),
            TableSpec(
                "responses",
                "response",
                Response.from_dict,
                references=(
                    Reference("survey", "surveys", required=True),
                    Reference("card", "cards"),
                ),
                merge={**_COMMON, "answers": "by_id"},
            ),
            TableSpec(
                "retros",
                "retrospective",
                Retro.from_dict,
                references=(
                    Reference("board", "boards", required=True),
                    Reference("card", "cards", required=True),
                ),
                merge={**_COMMON, "actions": "by_id"},
            ),
            TableSpec(
                "lessons",
                "lesson",
                Lesson.from_dict,
                references=(
                    Reference("board", "boards"),
                    Reference("card", "cards"),
                    Reference("retro", "retros"),
                ),
                merge={**_COMMON, "tags": "set"},
            ),
            TableSpec("events", "event", Event.from_dict, history=True),
        )
    }
)
# A table a newer pstui added: kept untouched, merged field by field with no special rules.
UNKNOWN = TableSpec("", "record", merge=_COMMON)


def spec_of(table: str) -> TableSpec:
    return TABLES.get(table, UNKNOWN)


def record_kind(what: str) -> str:
    """A record's kind (a `TableSpec.what`: "card") as a message shows it, in the interface
    language; a kind it does not know, as it is."""
    kinds = {
        "meta record": pgettext("record kind", "meta record"),
        "board": pgettext("record kind", "board"),
        "card": pgettext("record kind", "card"),
        "risk": pgettext("record kind", "risk"),
        "survey": pgettext("record kind", "survey"),
        "response": pgettext("record kind", "response"),
        "retrospective": pgettext("record kind", "retrospective"),
        "lesson": pgettext("record kind", "lesson"),
        "event": pgettext("record kind", "event"),
        "record": pgettext("record kind", "record"),
    }
    return kinds.get(what, what)


def records_counted(table: str, n: int) -> str:
    """`n` records of `table` as a message counts them ("2 risks"), in the interface language."""
    counts = {
        "boards": ngettext("{n} board", "{n} boards", n),
        "cards": ngettext("{n} card", "{n} cards", n),
        "risks": ngettext("{n} risk", "{n} risks", n),
        "surveys": ngettext("{n} survey", "{n} surveys", n),
        "responses": ngettext("{n} response", "{n} responses", n),
        "retros": ngettext("{n} retrospective", "{n} retrospectives", n),
        "lessons": ngettext("{n} lesson", "{n} lessons", n),
        "events": ngettext("{n} event", "{n} events", n),
    }
    return counts.get(table, ngettext("{n} record", "{n} records", n)).format(n=n)


def new_tables() -> dict[str, dict[str, Any]]:
    """Every table of a new store, empty."""
    return {name: {} for name in TABLES}
