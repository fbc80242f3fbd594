"""Line breaking for the prompter: Chinese between any two characters, other words at spaces."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len, chop_cells
from rich.text import Text

CLOSING = set("，。、；：！？）》」』】〕〉…—,.;:!?)]}%～")  # never at the start of a line
OPENING = set("（《「『【〔〈“‘([{")  # never at the end of a line


def _units(line: str) -> list[str]:
    """Unbreakable pieces: a CJK character, a run of other letters, a run of spaces; punctuation sticks."""
    units: list[str] = []
    for char in line:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        space = char.isspace()
        if units and not wide and not space and char not in OPENING and not units[-1][-1].isspace() \
                and unicodedata.east_asian_width(units[-1][-1]) not in ("W", "F") and units[-1][-1] not in OPENING:
            units[-1] += char
        elif units and space and units[-1][-1].isspace():
            units[-1] += char
        else:
            units.append(char)
    merged: list[str] = []
    for unit in units:
        if merged and unit[0] in CLOSING and not merged[-1][-1].isspace():
            merged[-1] += unit
        elif merged and merged[-1][-1] in OPENING and not unit[0].isspace():
            merged[-1] += unit
        else:
            merged.append(unit)
    return merged


def wrap(text: str, width: int, then: int | None = None) -> list[str]:
    """Lines of at most ``width`` cells (``then`` cells after the first line of a paragraph);
    Chinese breaks between any two characters, other words at spaces."""
    first, rest = max(2, width), max(2, then if then is not None else width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line, used, width = "", 0, first
        for unit in _units(paragraph):
            size = cell_len(unit)
            if used + size <= width:
                line, used = line + unit, used + size
                continue
            if line.strip():
                out.append(line.rstrip())
                width = rest
            line, used = "", 0
            if unit.isspace():
                continue
            while cell_len(unit) > width:
                head = chop_cells(unit, width)[0]
                out.append(head)
                width = rest
                unit = unit[len(head):]
            line, used = unit, cell_len(unit)
        out.append(line.rstrip())
    return out


def wrapped(text: str, width: int, style: str = "") -> Text:
    return Text("\n".join(wrap(text, width)), style=style, no_wrap=True, overflow="crop")


def wrap_text(text: Text, width: int, indent: int = 2, rows: int | None = None) -> Text:
    """A styled one-line ``text`` wrapped like ``wrap``, later lines indented by ``indent`` cells.

    With ``rows``, at most that many lines: the last one kept ends in … when text was left out."""
    plain = text.plain.replace("\n", " ")
    lines = wrap(plain, width, width - indent)
    cut = rows is not None and len(lines) > rows
    if cut:
        lines = lines[:max(1, rows)]
    out = Text(no_wrap=True, overflow="crop", end=text.end)
    position = 0
    for number, line in enumerate(lines):
        start = plain.find(line, position) if line else position
        start = position if start < 0 else start
        position = start + len(line)
        if number:
            out.append("\n" + " " * indent)
        piece = text[start:position]
        if cut and number == len(lines) - 1:
            room = (width if number == 0 else width - indent) - 1
            piece.truncate(max(1, room), overflow="crop")
            piece.append("…")
        out.append_text(piece)
    return out
