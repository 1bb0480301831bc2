"""The catalog: every marked string has its Chinese, the compiled file is the .po's, the
language is picked as documented, and no module hides the translation function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pstui import i18n
from pstui.config import load_config
from pstui.i18n import CHINESE, ENGLISH, choose_language
from pstui.i18n.update import problems

SOURCE = Path(i18n.__file__).resolve().parents[1]
TRANSLATORS = {"_", "ngettext", "pgettext", "N_", "NP_", "said"}


def test_every_marked_string_has_its_chinese_and_the_mo_is_compiled() -> None:
    assert problems() == []


def test_chinese_is_what_the_catalog_says() -> None:
    i18n.set_language(CHINESE)
    assert i18n._("Help") == "帮助"
    assert i18n.ngettext("{n} card", "{n} cards", 3).format(n=3) == "3 张卡片"
    i18n.set_language(ENGLISH)
    assert i18n._("Help") == "Help"
    assert i18n.ngettext("{n} card", "{n} cards", 1).format(n=1) == "1 card"


def test_a_language_without_a_catalog_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        i18n.set_language("fr")


@pytest.mark.parametrize(
    ("configured", "environ", "expected"),
    [
        ("zh", {"LANG": "en_US.UTF-8"}, CHINESE),
        ("en", {"LANG": "zh_CN.UTF-8"}, ENGLISH),
        ("", {"LANG": "zh_CN.UTF-8"}, CHINESE),
        ("", {"LANG": "zh_TW.UTF-8"}, CHINESE),
        ("", {"LANG": "en_GB.UTF-8"}, ENGLISH),
        ("", {}, ENGLISH),
        ("", {"LANG": "C.UTF-8"}, ENGLISH),
        # The strongest locale variable wins (POSIX), C included.
        ("", {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, ENGLISH),
        ("", {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, CHINESE),
        # GNU's LANGUAGE list, honoured when a locale is set and is not C.
        ("", {"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, CHINESE),
        ("", {"LANGUAGE": "zh_CN:en", "LANG": "C"}, ENGLISH),
    ],
)
def test_the_language_follows_the_config_then_the_locale(configured, environ, expected) -> None:
    assert choose_language(configured, environ) == expected


@pytest.mark.parametrize(
    ("line", "language", "problem"),
    [
        ('language = "zh"', "zh", False),
        ('language = "en"', "en", False),
        ('language = "auto"', "", False),
        ('language = "fr"', "", True),
        ("language = 3", "", True),
    ],
)
def test_the_config_names_the_language(tmp_path, line, language, problem) -> None:
    path = tmp_path / "config.toml"
    path.write_text(line + "\n", encoding="utf-8")
    config = load_config(path)
    assert config.language == language
    assert bool(config.problems) == problem
    if problem:
        assert "language" in config.problems[0]


def _modules() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if "i18n" not in path.parts)


def _imports_translator(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "pstui.i18n"
        and any(alias.name == "_" for alias in node.names)
        for node in ast.walk(tree)
    )


def test_no_module_that_translates_names_a_variable_underscore() -> None:
    """A local `_` (a throwaway loop variable) would hide the translation function there."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not _imports_translator(tree):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
            if isinstance(node, ast.arg) and node.arg == "_":
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert found == []


def test_every_translated_text_is_a_literal_the_extractor_can_read() -> None:
    """`_(f"...")` or `_("a" + b)` would be looked up as a text no catalog holds."""
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in TRANSLATORS
                and any(isinstance(arg, (ast.JoinedStr, ast.BinOp)) for arg in node.args)
            ):
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert found == []
