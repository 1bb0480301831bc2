"""The themes in themes/*.toml are valid Textual themes with readable colours.

Read straight from the files with tomllib, so a broken theme is reported as a data problem
naming the file, before the app ever tries to register it.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.design import ColorSystem
from textual.theme import Theme

THEMES = Path(__file__).resolve().parents[2] / "themes"
EXPECTED = {"pstui-dark", "pstui-light", "high-contrast", "ansi-16"}
COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
# The semantic colours that are drawn as text on the background.
TEXT_COLOURS = ("foreground", "primary", "secondary", "accent", "warning", "error", "success")
# ANSI names Textual understands: the 16 terminal colours plus the terminal's default.
ANSI_NAMES = {
    f"ansi_{bright}{name}"
    for bright in ("", "bright_")
    for name in ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
} | {"ansi_default"}

PATHS = sorted(THEMES.glob("*.toml"))


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def is_style(variable: str) -> bool:
    """Variables such as block-cursor-text-style hold text styles, not colours."""
    return variable.endswith("-style")


def known_variables(ansi: bool) -> set[str]:
    """Every variable name Textual 8.2.8's design system generates (and so lets a theme set)."""
    names = set(ColorSystem(primary="#808080").generate())
    if ansi:
        names |= set(ColorSystem(primary="ansi_blue", ansi=True).generate())
    return names


def luminance(colour: str) -> float:
    c = Color.parse(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_expected_themes_are_shipped() -> None:
    assert {p.stem for p in PATHS} >= EXPECTED


def test_theme_names_are_unique_and_match_the_file() -> None:
    names = [load(p)["name"] for p in PATHS]
    assert len(names) == len(set(names))
    for path in PATHS:
        assert load(path)["name"] == path.stem


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_theme_builds(path: Path) -> None:
    data = load(path)
    allowed = {f.name for f in fields(Theme)}
    assert set(data) <= allowed, f"{path.name}: not Theme fields: {set(data) - allowed}"
    theme = Theme(**data)
    assert theme.name == path.stem
    assert isinstance(theme.dark, bool)
    # The design system accepts it, as App.register_theme + App.theme will.
    generated = theme.to_color_system().generate()
    assert generated["primary"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_colour_parses(path: Path) -> None:
    data = load(path)
    for name in COLOUR_FIELDS:
        if name in data:
            Color.parse(data[name])
    for variable, value in data.get("variables", {}).items():
        assert isinstance(value, str), f"{path.name}: {variable}"
        if not is_style(variable):
            Color.parse(value)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_variables_are_ones_textual_uses(path: Path) -> None:
    data = load(path)
    ansi = data.get("ansi", False)
    known = known_variables(ansi)
    generated = Theme(**data).to_color_system().generate()
    for variable, value in data.get("variables", {}).items():
        assert variable in known, f"{path.name}: Textual has no variable {variable!r}"
        # A variable Textual computes itself would silently ignore the override.
        assert generated[variable] == value, f"{path.name}: {variable} is not applied"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_text_is_readable(path: Path) -> None:
    data = load(path)
    if data.get("ansi"):
        return  # the terminal's own palette decides; see test_ansi_theme_uses_ansi_names
    grounds = [data["background"], data.get("surface", data["background"])]
    grounds += [data["panel"]] if "panel" in data else []
    # AAA (7:1) for ordinary text everywhere; AA (4.5:1) for coloured text.
    for ground in grounds:
        assert contrast(data["foreground"], ground) >= 7, f"{path.name}: foreground on {ground}"
        for name in TEXT_COLOURS:
            if name in data:
                assert contrast(data[name], ground) >= 4.5, f"{path.name}: {name} on {ground}"
    variables = data.get("variables", {})
    if "block-cursor-foreground" in variables:
        ratio = contrast(variables["block-cursor-foreground"], variables["block-cursor-background"])
        assert ratio >= 4.5, f"{path.name}: block cursor"


def test_high_contrast_is_aaa() -> None:
    data = load(THEMES / "high-contrast.toml")
    for name in TEXT_COLOURS:
        assert contrast(data[name], data["background"]) >= 7, name
    variables = data["variables"]
    for fg, bg in (
        ("block-cursor-foreground", "block-cursor-background"),
        ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
        ("input-selection-foreground", "input-selection-background"),
        ("footer-key-foreground", "footer-background"),
        ("footer-foreground", "footer-background"),
    ):
        assert contrast(variables[fg], variables[bg]) >= 7, fg
    for muted in ("text", "text-muted", "foreground-muted"):
        assert contrast(variables[muted], data["background"]) >= 7, muted


def test_ansi_theme_uses_ansi_names() -> None:
    data = load(THEMES / "ansi-16.toml")
    assert data["ansi"] is True
    for name in COLOUR_FIELDS:
        if name in data:
            assert data[name] in ANSI_NAMES, name
            assert Color.parse(data[name]).ansi is not None, name
    for variable, value in data.get("variables", {}).items():
        if not is_style(variable):
            assert value in ANSI_NAMES, variable
