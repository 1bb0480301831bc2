"""User text shown literally: control characters visible, widths in terminal cells."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pstui.model.text import cell_width, char_width, fit, printable


def test_printable_turns_escape_into_caret_notation():
    assert printable("\x1b[31mred\x1b[0m") == "^[[31mred^[[0m"


def test_printable_other_control_chars():
    assert printable("a\x00b") == "a^@b"
    assert printable("\x07bell") == "^Gbell"
    assert printable("x\ry") == "x^My"
    assert printable("\x1f") == "^_"
    assert printable("del\x7f") == "del\\x7f"
    assert printable("\x9b2J") == "\\x9b2J"  # C1 CSI, another way into the terminal


def test_printable_output_has_no_control_characters():
    every = "".join(chr(c) for c in range(0x00, 0xA0))
    shown = printable(every)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    shown = printable(every, keep_newlines=True)
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in shown)


BIDI_CONTROLS = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def test_printable_shows_bidi_controls_as_their_code_points():
    # U+202E turns the rest of a line around: "invoice<RLO>fdp.exe" reads "invoiceexe.pdf".
    assert printable("invoice\u202efdp.exe") == "invoice<U+202E>fdp.exe"
    for code in BIDI_CONTROLS:
        shown = printable(f"a{chr(code)}b", keep_newlines=True)
        assert shown == f"a<U+{code:04X}>b"
    every = "".join(map(chr, BIDI_CONTROLS))
    assert not set(printable(every)) & set(every)


def test_printable_keeps_right_to_left_text():
    for text in ["שלום עולם", "مرحبا بالعالم", "mixed עברית and English"]:
        assert printable(text) == text


def test_printable_keeps_normal_and_cjk_text():
    for text in ["Plain title", "项目启动 验收与移交", "Ünïcödé — ok", "[bold]markup[/bold]", ""]:
        assert printable(text) == text


def test_printable_newlines_and_tabs_become_spaces_by_default():
    assert printable("one\ntwo\tthree") == "one two three"


def test_printable_can_keep_newlines():
    assert printable("one\ntwo\tthree", keep_newlines=True) == "one\ntwo\tthree"
    assert printable("a\r\nb", keep_newlines=True) == "a^M\nb"


def test_char_width():
    assert char_width("a") == 1
    assert char_width("中") == 2
    assert char_width("，") == 2  # fullwidth comma
    assert char_width("\u0301") == 0  # combining acute


def test_cell_width_cjk_is_two_per_char():
    assert cell_width("中文") == 4
    assert cell_width("项目启动") == 8
    assert cell_width("ab中c") == 5
    assert cell_width("e\u0301") == 1
    assert cell_width("") == 0


def test_cell_width_of_ascii_text_is_its_length_as_each_character_says():
    text = "Plain ASCII: a-z, 0-9 ~!"
    assert cell_width(text) == len(text) == sum(char_width(c) for c in text)
    assert fit(text, 10) == "Plain ASC…"


def test_fit_truncates_cjk_exactly_with_an_ellipsis():
    assert fit("中文中文", 5) == "中文…"
    assert cell_width(fit("中文中文", 5)) == 5


def test_fit_never_splits_a_wide_char_and_pads_the_gap():
    assert fit("中文中文", 4) == "中… "
    assert cell_width(fit("中文中文", 4)) == 4
    assert fit("中文中文", 4, pad=False) == "中…"


def test_fit_ascii():
    assert fit("abcdefgh", 5) == "abcd…"
    assert fit("abcde", 5) == "abcde"
    assert fit("ab", 5) == "ab   "
    assert fit("ab", 5, pad=False) == "ab"


def test_fit_pads_short_cjk_text_to_the_width():
    assert fit("中", 5) == "中   "
    assert cell_width(fit("中", 5)) == 5


def test_fit_tiny_widths():
    assert fit("abc", 0) == ""
    assert fit("abc", -3) == ""
    assert fit("中文", 1) == "…"
    assert fit("abc", 1) == "…"


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abcXYZ 123-中文项目启动，。\u0301")), max_size=40),
    width=st.integers(min_value=1, max_value=30),
)
def test_fit_always_fills_exactly_the_width(text, width):
    shown = fit(text, width)
    assert cell_width(shown) == width
    body = shown.rstrip(" ")
    if cell_width(text) <= width:
        assert shown.startswith(text)
    else:
        assert body.endswith("…")
        assert text.startswith(body[:-1])
