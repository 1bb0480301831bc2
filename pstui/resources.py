"""Data shipped beside the code: themes and sample stores.

In a wheel they live in `pstui/_data/`; in a source checkout (editable install) at the repo's
top level, where the team edits them. Both are looked for, wheel layout first.
"""

from __future__ import annotations

from pathlib import Path

from pstui.i18n import _

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        _("pstui's {name} folder is missing from this installation").format(name=name)
    )


def themes_dir() -> Path:
    return data_dir("themes")


def samples_dir() -> Path:
    return data_dir("sample_projects")


def sample_names() -> list[str]:
    return sorted(p.stem for p in samples_dir().glob("*.json"))
