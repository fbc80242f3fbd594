"""Per-character tables of Chinese characters, read from ``livesop/data`` without importing
pypinyin or OpenCC (``tools/char_tables.py`` writes them from those libraries, and says how
they are laid out):

- ``pinyin.txt``: each character's first reading in numbered tones (``最`` → ``zui4``), looked up
  by code point, so reading the file builds nothing per character;
- ``t2s.txt``: traditional → simplified, one character for one, as pairs on one line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from livesop.errors import LivesopError
from livesop.i18n import _

DATA = Path(__file__).resolve().parents[2] / "data"
PINYIN_FILE = DATA / "pinyin.txt"
T2S_FILE = DATA / "t2s.txt"
MARK_BASE = 0x100  # a reading's mark: chr(MARK_BASE + its number)
NONE = "."  # the mark of a character without a reading


def _lines(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            return [line for line in handle.read().splitlines() if line and not line.startswith("#")]
    except (OSError, UnicodeDecodeError) as exc:
        raise LivesopError(_("the character table {path} cannot be read: {reason}").format(path=path, reason=exc),
                           _("reinstall livesop")) from exc


class Readings:
    """``pinyin.txt``: ``get(char)`` is the first reading of a character, or None."""

    def __init__(self, path: Path = PINYIN_FILE):
        lines = _lines(path)
        try:
            self._names = lines[0].split(" ")
            self._blocks = []
            for line in lines[1:]:
                start, marks = line.split(" ", 1)
                self._blocks.append((int(start, 16), marks))
        except (IndexError, ValueError) as exc:
            raise LivesopError(_("the character table {path} is damaged").format(path=path), _("reinstall livesop")) from exc

    @property
    def names(self) -> list[str]:
        """Every reading the table has, once each."""
        return list(self._names)

    def get(self, char: str) -> str | None:
        code = ord(char)
        for start, marks in self._blocks:
            if start <= code < start + len(marks):
                mark = marks[code - start]
                return None if mark == NONE else self._names[ord(mark) - MARK_BASE]
        return None

    def items(self):
        """(character, reading) of every character with a reading."""
        for start, marks in self._blocks:
            for offset, mark in enumerate(marks):
                if mark != NONE:
                    yield chr(start + offset), self._names[ord(mark) - MARK_BASE]


@lru_cache(maxsize=1)
def readings() -> Readings:
    """The first reading of each Chinese character pypinyin reads (``readings().get("最")``)."""
    return Readings()


@lru_cache(maxsize=1)
def simplification_pairs() -> tuple[str, str]:
    """(traditional, simplified): each traditional character that has a simplified form of one
    character, and that form at the same place."""
    pairs = "".join(_lines(T2S_FILE))
    if len(pairs) % 2:
        raise LivesopError(_("the character table {path} is damaged").format(path=T2S_FILE), _("reinstall livesop"))
    return pairs[0::2], pairs[1::2]

