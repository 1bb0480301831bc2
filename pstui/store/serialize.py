"""The store file's bytes: deterministic, diff-friendly JSON, and its strict parser.

Sorted keys, 1-space indent, UTF-8 (Chinese stays readable in diffs), trailing newline: the
same data always gives the same bytes. Every record is serialized on its own and the file is
assembled from the pieces, so a writer can keep the text of unchanged records and only
re-serialize what changed (`RecordTextCache`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pstui.store.errors import BadStoreFile

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})( |$)", re.MULTILINE)


def dumps_record(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)


def _indent(text: str, depth: int) -> str:
    return text.replace("\n", "\n" + " " * depth)


def dumps_store(data: Mapping[str, Mapping[str, Any]], cache: RecordTextCache | None = None) -> str:
    """The whole store as text. Byte-identical to json.dumps(data, indent=1, sort_keys=True,
    ensure_ascii=False) + newline, but built per record so unchanged records can be reused."""
    if not data:
        return "{}\n"
    parts = ["{"]
    tables = sorted(data)
    for t_index, table in enumerate(tables):
        records = data[table]
        if not isinstance(records, Mapping) or not records:
            body = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True)
            parts.append(f"\n {json.dumps(table, ensure_ascii=False)}: {_indent(body, 1)}")
        else:
            parts.append(f"\n {json.dumps(table, ensure_ascii=False)}: {{")
            ids = sorted(records)
            for r_index, record_id in enumerate(ids):
                record = records[record_id]
                text = cache.text(table, record_id, record) if cache else None
                if text is None:
                    text = _indent(dumps_record(record), 2)
                    if cache:
                        cache.remember(table, record_id, record, text)
                comma = "," if r_index < len(ids) - 1 else ""
                parts.append(f"\n  {json.dumps(record_id, ensure_ascii=False)}: {text}{comma}")
            parts.append("\n }")
        if t_index < len(tables) - 1:
            parts.append(",")
    parts.append("\n}\n")
    return "".join(parts)


class RecordTextCache:
    """Serialized text of records, valid while the record's `updated_at` is unchanged.

    Every change to a record bumps its `updated_at` (the repository guarantees it), so the
    stamp is a cheap, exact key; a record without one is always re-serialized.
    """

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], tuple[str, str]] = {}

    def text(self, table: str, record_id: str, record: Any) -> str | None:
        stamp = record.get("updated_at") if isinstance(record, Mapping) else None
        if not stamp:
            return None
        hit = self._texts.get((table, record_id))
        return hit[1] if hit and hit[0] == stamp else None

    def remember(self, table: str, record_id: str, record: Any, text: str) -> None:
        stamp = record.get("updated_at") if isinstance(record, Mapping) else None
        if stamp:
            self._texts[(table, record_id)] = (stamp, text)

    def clear(self) -> None:
        self._texts.clear()


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def _duplicate_key_line(text: str) -> int:
    """The line of the first key that repeats within one object (0 if none is found)."""
    stack: list[set[str] | None] = []  # a set of keys per open object, None per open array
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "{":
            stack.append(set())
            expect_key = True
        elif token == "[":
            stack.append(None)
            expect_key = False
        elif token in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif token == ",":
            expect_key = bool(stack) and stack[-1] is not None
        elif token == ":":
            expect_key = False
        elif expect_key and stack and stack[-1] is not None:
            key = json.loads(token)
            if key in stack[-1]:
                return text.count("\n", 0, match.start()) + 1
            stack[-1].add(key)
            expect_key = False
    return 0


def loads_store(text: str, path: Path | str = "pstui.json") -> dict[str, dict[str, Any]]:
    """Parse store text strictly; raise BadStoreFile naming the line and the way out."""
    marker = _CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise BadStoreFile(
            path,
            f"line {line}: git conflict markers. Run `pstui resolve` to merge the two sides "
            "back into one store.",
        )
    if not text.strip():
        return {}
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as dup:
        raise BadStoreFile(
            path,
            f"line {_duplicate_key_line(text)}: the key {dup.key!r} appears twice in one "
            "object (a `merge=union` accident?). Fix it by hand or restore the file from git.",
        ) from None
    except json.JSONDecodeError as err:
        raise BadStoreFile(
            path,
            f"line {err.lineno}, column {err.colno}: not valid JSON ({err.msg}). Restore it from "
            f"git (`git checkout -- {Path(path).name}`) or fix it by hand.",
        ) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise BadStoreFile(path, "not a pstui store: expected an object of tables of records")
    return data
