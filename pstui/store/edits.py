"""A change as field edits: what one action did to a record, path by path.

Undo re-applies a change backwards on top of a record others may have changed since, so it
must touch only the fields its change touched, and only while they still hold what the change
wrote. A field's path goes into objects by key and into lists of objects with ids (checklist
items, decisions, a risk's notes) by id, so two people ticking two items of one checklist are
two edits, not one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pendulum

from pstui.i18n import _
from pstui.model.dates import now_utc

ABSENT: Any = object()  # a field, item or record that is not there (None is a JSON value)

Step = str | tuple[str, str]  # a key, or ("id", item id) inside a list of objects with ids
Path = tuple[Step, ...]


@dataclass(frozen=True)
class FieldEdit:
    path: Path
    before: Any
    after: Any

    @property
    def name(self) -> str:
        """The path as a user reads it: `checklists.execution.01J...done`."""
        return ".".join(step if isinstance(step, str) else step[1] for step in self.path)


def field_edits(before: Any, after: Any, path: Path = ()) -> list[FieldEdit]:
    """The edits that turn `before` into `after`; `updated_at` is the change's stamp, not an
    edit of its own."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        edits: list[FieldEdit] = []
        for key in dict.fromkeys([*before, *after]):
            if not path and key == "updated_at":
                continue
            edits += field_edits(before.get(key, ABSENT), after.get(key, ABSENT), (*path, key))
        return edits
    items_before, items_after = items_by_id(before), items_by_id(after)
    if items_before is not None and items_after is not None and _same_order(before, after):
        edits = []
        for item_id in dict.fromkeys([*items_before, *items_after]):
            edits += field_edits(
                items_before.get(item_id, ABSENT),
                items_after.get(item_id, ABSENT),
                (*path, ("id", item_id)),
            )
        return edits
    return [FieldEdit(path, before, after)]


def value_at(record: Any, path: Path) -> Any:
    """The value at `path` in `record`, ABSENT when it is not there."""
    for step in path:
        if isinstance(step, tuple):
            items = items_by_id(record)
            record = ABSENT if items is None else items.get(step[1], ABSENT)
        elif isinstance(record, dict):
            record = record.get(step, ABSENT)
        else:
            return ABSENT
    return record


def with_value(record: Any, path: Path, value: Any) -> Any:
    """A copy of `record` with `value` at `path` (ABSENT removes it); a new list item goes
    at the end. The record itself is never changed: it may be shared with the store."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(head, tuple):
        items = list(record) if isinstance(record, list) else []
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == head[1]:
                inner = with_value(item, rest, value)
                if inner is ABSENT:
                    del items[index]
                else:
                    items[index] = inner
                return items
        if value is not ABSENT:
            items.append(with_value({"id": head[1]}, rest, value) if rest else value)
        return items
    out = dict(record) if isinstance(record, dict) else {}
    inner = with_value(out.get(head, ABSENT), rest, value)
    if inner is ABSENT:
        out.pop(head, None)
    else:
        out[head] = inner
    return out


class Changed(Exception):
    """The record no longer holds what a change wrote: someone changed it since."""

    def __init__(self, edit: FieldEdit | None, now: Any) -> None:
        self.edit, self.now = edit, now
        super().__init__(self.describe())

    def describe(self) -> str:
        """Why an undo is refused, as its user reads it."""
        if self.edit is None:
            return _("the record was deleted since") if self.now is ABSENT else _("changed since")
        name = self.edit.name or _("the record")
        if self.now is ABSENT:
            return _("{field} was changed since (gone)").format(field=name)
        return _("{field} was changed since (now {value})").format(
            field=name, value=_shown(self.now)
        )


def reverted(before: Any, after: Any, now: Any) -> Any:
    """`now` with the edits that turned `before` into `after` taken back (ABSENT: deleted).
    Raises Changed when a field no longer holds what the change wrote."""
    if before is ABSENT or after is ABSENT:
        # The change created or deleted the whole record: undo only what is still as it left it.
        if field_edits(after, now):
            raise Changed(None, now)
        return before if before is ABSENT else stamped(before, now)
    if now is ABSENT:
        raise Changed(None, now)
    record = now
    for edit in field_edits(before, after):
        held = value_at(now, edit.path)
        if held != edit.after:
            raise Changed(edit, held)
        record = with_value(record, edit.path, edit.before)
        if edit.after is ABSENT and edit.path:
            record = _put_back(record, edit.path, before)  # a removed stage, item...
    return stamped(record, now)


def _put_back(record: Any, path: Path, before: Any) -> Any:
    """`record` with the list item at `path` (just put back at the end) moved to follow the
    items it followed in `before`: an undone removal leaves the item where it was."""
    last, was, now = path[-1], value_at(before, path[:-1]), value_at(record, path[:-1])
    if not isinstance(last, tuple) or items_by_id(was) is None or items_by_id(now) is None:
        return record
    item_id = last[1]
    was_ids = [item["id"] for item in was]
    earlier = set(was_ids[: was_ids.index(item_id)])
    item = next(item for item in now if item["id"] == item_id)
    items = [other for other in now if other["id"] != item_id]
    at = max((n + 1 for n, other in enumerate(items) if other["id"] in earlier), default=0)
    return with_value(record, path[:-1], [*items[:at], item, *items[at:]])


def stamped(record: dict[str, Any], over: Any = None) -> dict[str, Any]:
    """`record` with `updated_at` strictly later than its own and `over`'s: the merge lets
    the later edit win, so a re-applied change must be the latest."""
    stamps = [str(r.get("updated_at", "")) for r in (record, over) if isinstance(r, dict)]
    latest, now = max(stamps, default=""), now_utc()
    return {**record, "updated_at": now if now > latest else just_after(latest)}


def just_after(stamp: str) -> str:
    """An ISO timestamp one microsecond later (clock skew must not make updated_at go back)."""
    return pendulum.parse(stamp).add(microseconds=1).in_timezone("UTC").isoformat()


def items_by_id(items: Any) -> dict[str, dict[str, Any]] | None:
    """A list of objects keyed by their unique string `id`; None if it is not one."""
    if not isinstance(items, list):
        return None
    keyed: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or item["id"] in keyed:
            return None
        keyed[item["id"]] = item
    return keyed


def _same_order(before: list[Any], after: list[Any]) -> bool:
    """Whether the items both lists hold are in the same order (a reorder is one edit)."""
    ids_after = {item["id"] for item in after}
    ids_before = {item["id"] for item in before}
    kept_before = [item["id"] for item in before if item["id"] in ids_after]
    kept_after = [item["id"] for item in after if item["id"] in ids_before]
    return kept_before == kept_after


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def path_in(record: Any, dotted: str) -> Path:
    """A conflict event's dotted field name (`checklists.execution.ITEM.done`) as a path in
    `record`: a part after a list of objects names an item by id."""
    path: list[Step] = []
    value = record
    for part in dotted.split("."):
        step: Step = ("id", part) if isinstance(value, list) else part
        path.append(step)
        value = value_at(value, (step,))
    return tuple(path)
