"""User settings: `~/.config/pstui/config.toml` (XDG), read once before the app starts.

Read with tomllib, written with tomli-w when the user changes a setting in the app. The
`PSTUI_CONFIG` environment variable points at another file (tests use their own).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from pstui.i18n import LANGUAGES, N_, _

DEFAULT_THEME = "pstui-dark"
# The standup's timeboxes, in minutes: the whole of it, and each person's (or column's) turn.
STANDUP_MINUTES = 15
STANDUP_PERSON_MINUTES = 2


def config_path() -> Path:
    override = os.environ.get("PSTUI_CONFIG")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "pstui" / "config.toml"


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    language: str = ""  # "en" or "zh"; empty: the one the locale names (pstui.i18n)
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. "move-down"
    name: str = ""  # overrides git's user.name for events, if set
    auto_sync: bool = False  # pull when the app starts, commit and push when it quits
    standup_minutes: int = STANDUP_MINUTES
    standup_person_minutes: int = STANDUP_PERSON_MINUTES
    # What was wrong with the file, if anything: each an English text and its values, said in
    # the interface language when read (`problems`), since the file is read before the
    # language is chosen from it.
    said: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        """What was wrong with the file, in the interface language."""
        return [_(text).format(**values) for text, values in self.said]

    def problem(self, text: str, **values: object) -> None:
        """Keep `text` (marked with N_), to be said with `values` when read."""
        self.said.append((text, values))

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out["theme"] = self.theme
        if self.language:
            out["language"] = self.language
        if self.name:
            out["name"] = self.name
        if self.auto_sync:
            out["auto_sync"] = True
        if self.standup_minutes != STANDUP_MINUTES:
            out["standup_minutes"] = self.standup_minutes
        if self.standup_person_minutes != STANDUP_PERSON_MINUTES:
            out["standup_person_minutes"] = self.standup_person_minutes
        if self.keymap:
            out["keymap"] = dict(self.keymap)
        return out


def load_config(path: Path | None = None) -> Config:
    """The user's settings; a missing file gives defaults, a broken one defaults plus a problem."""
    path = path or config_path()
    config = Config(path=path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        config.problem(N_("{path}: {error}; using default settings"), path=path, error=err)
        return config
    theme = raw.pop("theme", DEFAULT_THEME)
    config.theme = theme if isinstance(theme, str) else DEFAULT_THEME
    language = raw.pop("language", "")
    if language in ("", "auto", *LANGUAGES):
        config.language = "" if language == "auto" else language
    else:
        config.problem(
            N_("{path}: language must be one of {languages} or auto"),
            path=path,
            languages=", ".join(LANGUAGES),
        )
    name = raw.pop("name", "")
    config.name = name if isinstance(name, str) else ""
    auto_sync = raw.pop("auto_sync", False)
    config.auto_sync = auto_sync is True
    if not isinstance(auto_sync, bool):
        config.problem(N_("{path}: auto_sync must be true or false"), path=path)
    config.standup_minutes = _minutes(raw, "standup_minutes", STANDUP_MINUTES, config, path)
    config.standup_person_minutes = _minutes(
        raw, "standup_person_minutes", STANDUP_PERSON_MINUTES, config, path
    )
    keymap = raw.pop("keymap", {})
    if isinstance(keymap, dict):
        config.keymap = {str(k): str(v) for k, v in keymap.items()}
    else:
        config.problem(N_("{path}: [keymap] must be a table of binding id = keys"), path=path)
    config.extra = raw
    return config


def _minutes(raw: dict[str, Any], name: str, default: int, config: Config, path: Path) -> int:
    """A timebox in whole minutes; a wrong one is said, and the default used."""
    value = raw.pop(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        config.problem(N_("{path}: {name} must be a whole number of minutes"), path=path, name=name)
        return default
    return value


def save_config(config: Config) -> None:
    path = config.path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        tomli_w.dump(config.to_toml(), out)
    os.replace(temp, path)
