"""The store file's bytes: deterministic, diff-friendly JSON, and its strict parser.

Sorted keys, 1-space indent, UTF-8 (Chinese stays readable in diffs), trailing newline: the
same data always gives the same bytes. Every record is serialized on its own and the file is
assembled from the pieces, so a writer can keep the text of unchanged records and only
re-serialize what changed (`RecordTextCache`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pstui.i18n import N_, _
from pstui.store.engine import search
from pstui.store.engine.lazy import (
    DEEPEST,
    LazyTable,
    RawRecord,
    TableFound,
    Unreadable,
    _DuplicateKey,
    loads_strict,
    not_utf8,
    split_store,
)
from pstui.store.errors import BadStoreFile

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})( |$)", re.MULTILINE)
_CONFLICT_MARKERS = N_(
    "line {line}: git conflict markers. Run `pstui resolve` to merge the two sides back into "
    "one store."
)


def dumps_record(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)


def _indent(text: str, depth: int) -> str:
    return text.replace("\n", "\n" + " " * depth)


def dumps_store(data: Mapping[str, Mapping[str, Any]], cache: RecordTextCache | None = None) -> str:
    """The whole store as text (see `dumps_store_bytes`)."""
    return dumps_store_bytes(data, cache).decode("utf-8")


def dumps_store_bytes(
    data: Mapping[str, Mapping[str, Any]], cache: RecordTextCache | None = None
) -> bytes:
    """The whole store, byte-identical to json.dumps(data, indent=1, sort_keys=True,
    ensure_ascii=False) + newline (see `store_parts`)."""
    return b"".join(store_parts(data, cache))


def store_parts(
    data: Mapping[str, Mapping[str, Any]], cache: RecordTextCache | None = None
) -> list[bytes | memoryview]:
    """The whole store as pieces to write in order. Built per record: a record unchanged since
    it was read is the bytes it was read from (whole unchanged stretches as one view), and
    `cache` keeps the text of changed ones."""
    if not data:
        return [b"{}\n"]
    parts: list[bytes | memoryview] = [b"{"]
    tables = sorted(data)
    for t_index, table in enumerate(tables):
        records = data[table]
        name = json.dumps(table, ensure_ascii=False).encode()
        if isinstance(records, Mapping) and not records:
            parts.append(b"\n " + name + b": {}")
        elif not isinstance(records, Mapping):
            body = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True)
            parts.append(b"\n " + name + b": " + _indent(body, 1).encode())
        else:
            parts.append(b"\n " + name + b": {")
            parts.extend(_joined(_record_entries(table, records, cache), b","))
            parts.append(b"\n }")
        if t_index < len(tables) - 1:
            parts.append(b",")
    parts.append(b"\n}\n")
    return parts


def record_entry(record_id: str, record: Any, text: bytes | None = None) -> bytes:
    """A record's `\\n  "id": {...}` entry in its table, from its canonical `text` if known."""
    key = json.dumps(record_id, ensure_ascii=False).encode()
    if text is None:
        text = record.text if isinstance(record, RawRecord) else _record_text(record)
    return b"\n  " + key + b": " + text


def _record_text(record: Any) -> bytes:
    return _indent(dumps_record(record), 2).encode()


def _record_entries(
    table: str, records: Mapping[str, Any], cache: RecordTextCache | None
) -> list[bytes | memoryview]:
    def entry(record_id: str, record: Any) -> bytes:
        if isinstance(record, RawRecord):  # already canonical text
            return record_entry(record_id, record)
        return record_entry(record_id, record, _record_bytes(table, record_id, record, cache))

    if isinstance(records, LazyTable):
        return records.record_parts(entry)
    return [entry(record_id, records[record_id]) for record_id in sorted(records)]


def _joined(parts: list[bytes | memoryview], separator: bytes) -> list[bytes | memoryview]:
    out: list[bytes | memoryview] = []
    for index, part in enumerate(parts):
        if index:
            out.append(separator)
        out.append(part)
    return out


def _record_bytes(table: str, record_id: str, record: Any, cache: RecordTextCache | None) -> bytes:
    text = cache.text(table, record_id, record) if cache else None
    if text is None:
        text = _record_text(record)
        if cache:
            cache.remember(table, record_id, record, text)
    return text


class RecordTextCache:
    """Serialized text of records, valid while the record's `updated_at` is unchanged.

    Every change to a record bumps its `updated_at` (the repository guarantees it), so the
    stamp is a cheap, exact key; a record without one is always re-serialized.
    """

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], tuple[str, bytes]] = {}

    def text(self, table: str, record_id: str, record: Any) -> bytes | None:
        stamp = record.get("updated_at") if isinstance(record, Mapping) else None
        if not stamp:
            return None
        hit = self._texts.get((table, record_id))
        return hit[1] if hit and hit[0] == stamp else None

    def remember(self, table: str, record_id: str, record: Any, text: bytes) -> None:
        stamp = record.get("updated_at") if isinstance(record, Mapping) else None
        if stamp:
            self._texts[(table, record_id)] = (stamp, text)

    def clear(self) -> None:
        self._texts.clear()


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


def loads_store(text: str | bytes, path: Path | str = "pstui.json") -> dict[str, dict[str, Any]]:
    """Parse store text (or the file's bytes) strictly; raise BadStoreFile naming the line
    and the way out."""
    if isinstance(text, bytes):
        text = decode_store(text, path)
    marker = _CONFLICT_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise BadStoreFile(path, _(_CONFLICT_MARKERS).format(line=line))
    if not text.strip():
        return {}
    try:
        # The file is the value nested around the tables, around their records.
        data = loads_strict(text, DEEPEST + 2)
    except Unreadable as err:
        blob = text.encode("utf-8", "surrogatepass")
        raise err.error(path, blob, 0, len(blob)) from None
    except _DuplicateKey as dup:
        raise BadStoreFile(
            path,
            _(
                "line {line}: the key {key} appears twice in one object (a `merge=union` "
                "accident?). Fix it by hand or restore the file from git."
            ).format(line=_duplicate_key_line(text), key=repr(dup.key)),
        ) from None
    except json.JSONDecodeError as err:
        raise BadStoreFile(
            path,
            _(
                "line {line}, column {column}: not valid JSON ({reason}). Restore it from git "
                "(`git checkout -- {file}`) or fix it by hand."
            ).format(line=err.lineno, column=err.colno, reason=err.msg, file=Path(path).name),
        ) from None
    if not isinstance(data, dict):
        raise BadStoreFile(path, _("not a pstui store: expected an object of tables of records"))
    for name, table in data.items():
        if not isinstance(table, dict):
            raise BadStoreFile(
                path,
                _("not a pstui store: the table {name} is not an object of records").format(
                    name=repr(name)
                ),
            )
    return data


_MARKER = b"<<<<<<<"
_MARKER_END = (b" ", b"\n", b"\r", b"")  # what may follow the marker: a name, or the line's end


def conflict_marker_line(blob: bytes) -> int:
    """The line of the first git conflict (a line starting `<<<<<<< `), or 0 for none.

    Git writes the three markers together, so the opening one alone tells. The scan jumps
    from one `<` to the next: a one-byte search runs at memory speed, much faster on a
    large store than searching for the marker itself; and it lets go of the GIL (see
    `search`), so another thread can do it.
    """
    at = search.find_byte_beside(blob, b"<")
    while at >= 0:
        at_line_start = at == 0 or blob[at - 1] == 10  # 10: "\n"
        if at_line_start and blob.startswith(_MARKER, at) and blob[at + 7 : at + 8] in _MARKER_END:
            return blob.count(b"\n", 0, at) + 1
        at = search.find_byte_beside(blob, b"<", at + 1)
    return 0


def load_store_bytes(
    blob: bytes,
    path: Path | str = "pstui.json",
    cut_now: Collection[str] = (),
    found: list[TableFound] | None = None,
    markers: int | None = None,
) -> dict[str, LazyTable]:
    """The store's tables, records parsed when first read (the tables in `cut_now` are cut
    into records at once; `found`, if given, is where a scan of these bytes found them).
    Refuses conflict markers (`markers`, if given, is `conflict_marker_line` of these
    bytes, found by the thread that read them); a file that is not in canonical layout is
    parsed whole and strictly instead."""
    line = conflict_marker_line(blob) if markers is None else markers
    if line:
        raise BadStoreFile(path, _(_CONFLICT_MARKERS).format(line=line))
    tables = split_store(blob, path, cut_now, found)
    if tables is not None:
        return tables
    return {
        name: LazyTable.of(records)
        for name, records in loads_store(decode_store(blob, path), path).items()
    }


def decode_store(blob: bytes, path: Path | str = "pstui.json") -> str:
    """The store file's text; raises BadStoreFile naming the first byte that is not UTF-8."""
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError as err:
        raise not_utf8(path, blob, err.start) from None
