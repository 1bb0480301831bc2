"""Cards: one engagement (or change request, defect...) moving through a board's stages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, NamedTuple

from pstui.i18n import N_, NP_, _, labelled
from pstui.model.ids import derived_id
from pstui.model.records import RecordError, require_kinds, require_object, shown
from pstui.model.workflow import Stage

KINDS = ("engagement", "change", "defect", "task", "improvement", "support")


class Outcome(StrEnum):
    """A gate decision. Go passes the gate; Hold stays; Recycle goes back; Kill stops the card."""

    GO = "go"
    HOLD = "hold"
    RECYCLE = "recycle"
    KILL = "kill"


_OUTCOME_WORDS = {
    "go": NP_("decision", "Go"),
    "hold": NP_("decision", "Hold"),
    "recycle": NP_("decision", "Recycle"),
    "kill": NP_("decision", "Kill"),
}


def outcome_label(outcome: Outcome | str) -> str:
    """A gate decision as people read it: "Go" / 通过, "Hold" / 暂停, "Recycle" / 返工,
    "Kill" / 终止 (capitalised in English, as the gate review names them)."""
    return labelled(_OUTCOME_WORDS, "decision", outcome)


_FIELD_WORDS = {
    "title": NP_("card field", "title"),
    "description": NP_("card field", "description"),
    "assignee": NP_("card field", "assignee"),
    "client": NP_("card field", "client"),
    "due": NP_("card field", "due"),
    "tags": NP_("card field", "tags"),
    "kind": NP_("card field", "kind"),
}


def field_label(name: str) -> str:
    """A card field's name as people read it ("due" / 截止日期), for an edit said in words;
    a field pstui does not know shows as named."""
    return labelled(_FIELD_WORDS, "card field", name)


_KIND_WORDS = {
    "engagement": NP_("card kind", "engagement"),
    "change": NP_("card kind", "change"),
    "defect": NP_("card kind", "defect"),
    "task": NP_("card kind", "task"),
    "improvement": NP_("card kind", "improvement"),
    "support": NP_("card kind", "support"),
}


def kind_label(kind: str) -> str:
    """A card's kind as people read it: "defect" / 缺陷. A kind pstui does not know shows as is."""
    return labelled(_KIND_WORDS, "card kind", kind)


@dataclass
class ChecklistItem:
    id: str
    text: str
    must: bool = False
    done: bool = False
    owner: str = ""
    due: str | None = None
    done_by: str = ""
    done_at: str | None = None
    criterion: str | None = None  # the gate criterion this item was copied from, if any
    source: str | None = None  # the record that ticked it ("survey 3F2K answered..."), if one did
    extra: dict[str, Any] = field(default_factory=dict)  # a newer pstui's fields, kept

    def to_dict(self) -> dict[str, Any]:
        out = {**self.extra, **{name: getattr(self, name) for name in _ITEM_FIELDS}}
        if self.source is None:
            del out["source"]  # written only when set: no new field on every item of a store
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ChecklistItem:
        if _as_pstui_writes(raw):  # the usual item, read as it is
            return cls(**raw)
        require_object(raw, N_("a checklist item"))
        require_kinds(raw, _ITEM_KINDS, N_("a checklist item's "))
        if any(raw.get(name) is None for name in _ITEM_TEXTS):  # null where pstui writes ""
            raw = {**raw, **{name: raw.get(name) or "" for name in _ITEM_TEXTS}}
        extra = {k: v for k, v in raw.items() if k not in _ITEM_KEYS}
        return cls(**{k: v for k, v in raw.items() if k in _ITEM_KEYS}, extra=extra)


# Worked out once: `fields()` is slow, and a card's checklist items are read by the dozen.
_ITEM_FIELDS = tuple(f.name for f in fields(ChecklistItem) if f.name != "extra")
_ITEM_KEYS = frozenset(_ITEM_FIELDS)
# What is read as it is written; the flags are read for their truth.
_ITEM_KINDS = {
    name: str
    for name in ("id", "text", "owner", "due", "done_by", "done_at", "criterion", "source")
}
_ITEM_TEXTS = ("id", "text", "owner", "done_by")


def _as_pstui_writes(raw: Any) -> bool:
    """Whether an item has only the fields pstui writes, each of its kind. Spelt out, not
    looped: a card's items are read by the dozen, and this is most of reading one."""
    if type(raw) is not dict or not raw.keys() <= _ITEM_KEYS:
        return False
    get = raw.get
    due, done_at, criterion, source = get("due"), get("done_at"), get("criterion"), get("source")
    return (
        type(get("id")) is str
        and type(get("text")) is str
        and type(get("owner", "")) is str
        and type(get("done_by", "")) is str
        and (due is None or type(due) is str)
        and (done_at is None or type(done_at) is str)
        and (criterion is None or type(criterion) is str)
        and (source is None or type(source) is str)
    )


@dataclass(frozen=True)
class Decision:
    id: str
    stage: str  # the gate's stage
    outcome: Outcome
    by: str
    at: str
    note: str = ""
    to: str | None = None  # where the card went (Go: next stage, Recycle: the earlier stage)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # a newer pstui's fields

    FIELDS = ("id", "stage", "outcome", "by", "at", "note", "to")

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "id": self.id,
            "stage": self.stage,
            "outcome": self.outcome.value,
            "by": self.by,
            "at": self.at,
            "note": self.note,
            "to": self.to,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Decision:
        require_object(raw, N_("a decision"))
        require_kinds(raw, {"id": str, "stage": str, "to": str}, N_("a decision's "))
        if raw.get("outcome") not in _OUTCOMES:
            raise RecordError(
                _("a decision's outcome is {value}, not one of {allowed}").format(
                    value=shown(raw.get("outcome")), allowed=", ".join(_OUTCOMES)
                )
            )
        if "id" not in raw or "stage" not in raw:
            raise RecordError(_("a decision has no id or no stage"))
        return cls(
            id=str(raw["id"]),
            stage=str(raw["stage"]),
            outcome=Outcome(raw["outcome"]),
            by=str(raw.get("by", "")),
            at=str(raw.get("at", "")),
            note=str(raw.get("note", "")),
            to=raw.get("to"),
            extra={k: v for k, v in raw.items() if k not in cls.FIELDS},
        )


@dataclass
class Card:
    id: str
    board: str
    title: str
    stage: str
    rank: str
    created_at: str
    updated_at: str
    description: str = ""
    kind: str = "engagement"
    assignee: str = ""
    client: str = ""
    tags: list[str] = field(default_factory=list)
    due: str | None = None
    blocked: bool = False
    blocked_reason: str = ""
    checklists: dict[str, list[ChecklistItem]] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    archived: bool = False
    stage_since: str | None = None
    # Fields written by a newer pstui (or another tool): kept untouched on every write.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def checklist(self) -> list[ChecklistItem]:
        """The checklist of the stage the card is in now."""
        return self.checklists.get(self.stage, [])

    @property
    def progress(self) -> tuple[int, int]:
        items = self.checklist
        return sum(1 for i in items if i.done), len(items)

    def missing_musts(self) -> list[ChecklistItem]:
        return [i for i in self.checklist if i.must and not i.done]

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.extra)
        for name in _CARD_FIELDS:
            out[name] = getattr(self, name)
        out["tags"] = list(self.tags)
        out["checklists"] = {
            stage: [i.to_dict() for i in items] for stage, items in self.checklists.items()
        }
        out["decisions"] = [d.to_dict() for d in self.decisions]
        return out

    @classmethod
    def from_dict(cls, card_id: str, raw: dict[str, Any]) -> Card:
        """The card of a record; RecordError, naming the field, for one pstui cannot read."""
        require_object(raw, N_("the card"))
        require_kinds(raw, _CARD_KINDS)
        values = {k: v for k, v in raw.items() if k in _CARD_FIELDS}
        values["checklists"] = {
            str(stage): [ChecklistItem.from_dict(i) for i in _item_list(stage, items)]
            for stage, items in (raw.get("checklists") or {}).items()
        }
        values["decisions"] = [Decision.from_dict(d) for d in raw.get("decisions") or []]
        values["tags"] = [str(t) for t in raw.get("tags") or []]
        for text_field in ("title", "description", "assignee", "client", "blocked_reason"):
            values[text_field] = str(values.get(text_field) or "")
        for name, default in (("kind", "engagement"), ("created_at", ""), ("updated_at", "")):
            values[name] = values.get(name) or default
        extra = {k: v for k, v in raw.items() if k not in _CARD_FIELDS}
        return cls(id=card_id, extra=extra, **values)

    def copy(self) -> Card:
        return replace(
            self,
            tags=list(self.tags),
            checklists={s: [replace(i) for i in items] for s, items in self.checklists.items()},
            decisions=list(self.decisions),
            extra=dict(self.extra),
        )


_CARD_FIELDS = tuple(f.name for f in fields(Card) if f.name not in ("id", "extra"))
# Text fields are read as text whatever they hold; these are read as they are.
_CARD_KINDS = {
    "kind": str,
    "created_at": str,
    "updated_at": str,
    "board": str,
    "stage": str,
    "rank": str,
    "due": str,
    "stage_since": str,
    "tags": list,
    "checklists": dict,
    "decisions": list,
}
_OUTCOMES = tuple(o.value for o in Outcome)


def _item_list(stage: str, items: Any) -> list[Any]:
    if not isinstance(items, list):
        raise RecordError(
            _("the checklist of stage {stage} is {value}, not a list").format(
                stage=repr(stage), value=shown(items)
            )
        )
    return items


class CardFacets(NamedTuple):
    """What a filter looks at, which the store can give without reading the whole card;
    casefolded once, as the filter tests every card on every key typed. Kept folded only:
    the originals beside them would be a second copy of every card's text."""

    text: str  # id, title, description, client, assignee and tags, for the filter's words
    assignee: str
    client: str
    tags: tuple[str, ...]
    assignee_as_written: str  # for the names the assignee prompt suggests

    @classmethod
    def fold(
        cls,
        card_id: str,
        title: str,
        description: str,
        client: str,
        assignee: str,
        tags: Sequence[str],
    ) -> CardFacets:
        text = " ".join((card_id, title, description, client, assignee, *tags))
        folded_tags = tuple(t.casefold() for t in tags)
        return cls(text.casefold(), assignee.casefold(), client.casefold(), folded_tags, assignee)


def items_from_gate(stage: Stage, card_id: str) -> list[ChecklistItem]:
    """A fresh checklist for a card entering a stage: one item per gate criterion.

    Item ids derive from (card, stage, criterion): when the same card passes the same gate on
    two clones, both create the same items, and the merge keeps one of each.
    """
    return [
        ChecklistItem(
            id=derived_id(card_id, stage.id, c.id), text=c.text, must=c.must, criterion=c.id
        )
        for c in stage.gate
    ]
