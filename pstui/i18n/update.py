"""Keep the catalog in step with the source: `python -m pstui.i18n.update [--check] [FRAGMENT ...]`.

Extracts every marked string (`_`, `N_`, `ngettext`, `pgettext`) from pstui's source with
Babel, rebuilds the Chinese `.po` from it (a new string starts untranslated, a string no longer
in the source goes), fills in translations from JSON fragments (`{"English": "中文"}`, a key
`"context\\u0004English"` for `pgettext`), and compiles the `.mo` the app reads.

`--check` writes nothing: it lists every string without Chinese, and fails when the `.mo` is not
the `.po` compiled (the test suite runs it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from pstui.i18n import CHINESE, DOMAIN, LOCALE_DIR

SOURCE = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / CHINESE / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
# Fixed header dates: the files change only when their messages do.
_MADE = datetime(2026, 12, 6, tzinfo=UTC)
Key = tuple[str | None, str]  # (context, English singular)
# gettext's names, `NP_` (N_ with a context), and `said(language, "English", ...)`: a
# sentence written into the store in its board's language (pstui.model.record_text).
KEYWORDS = {**DEFAULT_KEYWORDS, "said": (2,), "NP_": ((1, "c"), 2)}


def extracted() -> dict[Key, str | tuple[str, str]]:
    """Every message the source marks, by (context, singular): the id as written."""
    found: dict[Key, str | tuple[str, str]] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            found[(context, singular)] = message
    return found


def read_catalog(path: Path = PO) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=CHINESE, domain=DOMAIN)


def _translated(catalog: Catalog) -> dict[Key, str]:
    """What the catalog already says, by (context, singular)."""
    out: dict[Key, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        text = message.string[0] if isinstance(message.string, (tuple, list)) else message.string
        if text:
            out[(message.context, singular)] = text
    return out


def _fragment(path: Path) -> dict[Key, str]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    out: dict[Key, str] = {}
    for key, text in raw.items():
        context, _, english = key.rpartition("\x04")
        out[(context or None, english)] = text
    return out


def rebuilt(known: dict[Key, str]) -> Catalog:
    """The Chinese catalog of today's source, with every translation `known` has for it."""
    catalog = Catalog(
        locale=CHINESE,
        domain=DOMAIN,
        project="pstui",
        version="0.1",
        copyright_holder="the pstui developers",
        creation_date=_MADE,
        revision_date=_MADE,
        fuzzy=False,
    )
    for key, message in sorted(
        extracted().items(), key=lambda item: (item[0][0] or "", item[0][1])
    ):
        text = known.get(key, "")
        string: str | tuple[str, ...] = (text,) if isinstance(message, tuple) else text
        catalog.add(message, string, context=key[0])
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, no_location=True, omit_header=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        if message.fuzzy or not all(strings):
            missing.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    return missing


def problems() -> list[str]:
    """What is wrong with the committed catalog, one line each; empty when it is whole."""
    committed = read_catalog()
    found = [f"no Chinese for {text!r}" for text in untranslated(committed)]
    in_source, in_po = set(extracted()), {_key(message) for message in committed if message.id}
    found += [f"not in the catalog: {text!r}" for _, text in sorted(in_source - in_po, key=str)]
    found += [
        f"in the catalog, gone from the source: {text!r}"
        for _, text in sorted(in_po - in_source, key=str)
    ]
    if not MO.exists() or _compiled(MO.read_bytes()) != _compiled(mo_bytes(committed)):
        found.append(f"{MO.name} is not {PO.name} compiled: run python -m pstui.i18n.update")
    return found


def _key(message) -> Key:
    return (message.context, message.id[0] if isinstance(message.id, tuple) else message.id)


def _compiled(mo: bytes) -> dict:
    """A compiled catalog's messages (its header aside), to compare two builds by content."""
    return {
        (m.context, m.id if isinstance(m.id, str) else tuple(m.id)): m.string
        for m in read_mo(io.BytesIO(mo))
        if m.id
    }


def update(fragments: Iterable[Path]) -> Catalog:
    known = _translated(read_catalog()) if PO.exists() else {}
    for path in fragments:
        known.update(_fragment(path))
    catalog = rebuilt(known)
    _replace(PO, po_bytes(catalog))
    _replace(MO, mo_bytes(read_catalog()))
    return catalog


def _replace(path: Path, data: bytes) -> None:
    """Write whole or not at all: several people (or helpers) may run this at once."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pstui.i18n.update", description=__doc__)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if incomplete")
    parser.add_argument("fragments", nargs="*", type=Path, help="JSON files of translations")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) or "the catalog is whole")
        return 1 if found else 0
    catalog = update(args.fragments)
    missing = untranslated(catalog)
    print(f"{len(catalog)} messages, {len(missing)} without Chinese")
    for text in missing:
        print(f"  {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
