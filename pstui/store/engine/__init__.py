"""The byte engine: the store file's records kept as spans of its bytes, read lazily.

Only the big tables (cards, events) need it: parsing a 10,000-card store whole would stall
the app and take far more memory than the file. Everything outside this package uses the
names below and nothing else; the modules inside are free to change.

- `lazy`: tables whose records are parsed when looked at (`LazyTable`), and comparing files.
- `reread`: a changed file read against the one already held, only its differences parsed.
- `newest`: a table's newest records (the last day's events), by bisecting its bytes.
- `open_index`: what an open found, kept beside the store so the next open skips the scan.
- `serialize`: the canonical bytes of a store, and its strict parser.
"""

from pstui.store.engine.lazy import (
    MISSING,
    LazyTable,
    PlainFields,
    RawRecord,
    differing_records,
    ids_only_in,
    same_bytes,
    union_past_shared_head,
    validate_changed,
)
from pstui.store.engine.newest import records_from
from pstui.store.engine.open_index import (
    Arrange,
    Identity,
    Place,
    StoreRead,
    identity_of,
    read_ahead,
    read_with_index,
    save_index,
    worth_indexing,
)
from pstui.store.engine.reread import read_changes
from pstui.store.engine.serialize import (
    RecordTextCache,
    conflict_marker_line,
    dumps_record,
    dumps_store,
    dumps_store_bytes,
    load_store_bytes,
    loads_store,
    record_entry,
    store_parts,
)

__all__ = [
    "MISSING",
    "Arrange",
    "Identity",
    "LazyTable",
    "Place",
    "PlainFields",
    "RawRecord",
    "RecordTextCache",
    "StoreRead",
    "conflict_marker_line",
    "differing_records",
    "dumps_record",
    "dumps_store",
    "dumps_store_bytes",
    "identity_of",
    "ids_only_in",
    "load_store_bytes",
    "loads_store",
    "read_ahead",
    "read_changes",
    "read_with_index",
    "record_entry",
    "records_from",
    "same_bytes",
    "save_index",
    "store_parts",
    "union_past_shared_head",
    "validate_changed",
    "worth_indexing",
]
