"""Themes are data: each `themes/*.toml` holds the fields of a `textual.theme.Theme`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from pstui.i18n import _
from pstui.resources import themes_dir


def load_themes(folder: Path | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme that parses, and a message for each file that does not."""
    themes, problems = [], []
    for path in sorted((folder or themes_dir()).glob("*.toml")):
        try:
            themes.append(Theme(**tomllib.loads(path.read_text(encoding="utf-8"))))
        except (OSError, tomllib.TOMLDecodeError, TypeError, ValueError) as err:
            problems.append(_("theme {file} skipped: {error}").format(file=path.name, error=err))
    return themes, problems
