"""Errors a user can cause with a store file: each names the file and the way out."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A store that cannot be used as it is. The file is left untouched."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class StoreNotFound(StoreError):
    pass


class BadStoreFile(StoreError):
    """Invalid JSON, conflict markers, duplicate keys, a wrong shape: never overwritten."""


class NewerSchema(StoreError):
    pass


class StoreChanged(StoreError):
    """The file on disk is not the one we loaded: writing now would lose someone's change."""


class ReadOnlyStore(StoreError):
    pass


class StoreWriteError(StoreError):
    """The disk refused the write (full, I/O error); the old file is intact."""
