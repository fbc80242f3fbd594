"""Control characters are made visible before any text reaches a terminal."""

from __future__ import annotations

import pytest

from livesop.controls import first_control, visible


@pytest.mark.parametrize("raw, shown", [
    ("欢迎来到直播间", "欢迎来到直播间"),
    ("a\tb\nc", "a\tb\nc"),
    ("\x1b[2J清屏", "\\x1b[2J清屏"),
    ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
    ("\u009b31m", "\\x9b31m"),
    ("\r覆盖", "\\x0d覆盖"),
    ("\x7f", "\\x7f"),
])
def test_control_characters_are_written_as_escapes_and_text_is_kept(raw, shown):
    assert visible(raw) == shown


def test_the_first_control_character_is_found():
    assert first_control("价格\x1b[31m") == 2
    assert first_control("价格\t199元") is None
