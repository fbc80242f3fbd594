"""Source positions: a Loc names file, line and column (1-based) of a YAML node, and can point
at a fragment inside a scalar's text (a placeholder or a banned term inside a multi-line block).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple


class Source:
    """The text of one loaded file, kept to point at fragments inside scalars (split into lines
    the first time a fragment is looked for)."""

    __slots__ = ("file", "text", "_lines", "_found")

    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self._lines: list[str] | None = None
        self._found: dict | None = None  # (scalar, fragment) → where it occurs: see Loc.point

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


class Loc(NamedTuple):
    """Where a node starts (and ends) in its file; lines and columns are 1-based."""

    file: str
    line: int
    col: int
    end_line: int = 0
    end_col: int = 0
    source: Source | None = None

    def __repr__(self) -> str:
        return f"Loc({self.file!r}, {self.line}, {self.col}, {self.end_line}, {self.end_col})"

    def point(self, value: str, start: int, end: int | None = None) -> "Loc":
        """The position of ``value[start:end]`` inside this scalar's source text.

        Finds the same occurrence of the fragment in the scalar's source region, which is
        exact for plain, quoted and block scalars unless an escape sequence or a line fold
        falls inside the fragment; then the scalar's own start is returned.
        """
        if self.source is None or not (0 <= start < len(value)):
            return self
        fragment = value[start:end if end is not None else start + 1].split("\n", 1)[0]
        if not fragment:
            return self
        starts, places = self._occurrences(value, fragment)
        wanted = bisect_left(starts, start)  # the occurrences that start before this one
        if wanted < len(places):
            number, pos = places[wanted]
            return Loc(self.file, number, pos + 1, number, pos + 1 + len(fragment), self.source)
        return self

    def _occurrences(self, value: str, fragment: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Where ``fragment`` occurs, one after another without overlapping, in the scalar's value
        (indexes) and in its source region (line, 0-based column); found once for each scalar and
        fragment, so that a text with thousands of findings costs its length, not its square."""
        found = self.source._found
        if found is None:
            found = self.source._found = {}
        key = (self.line, self.col, self.end_line, self.end_col, value, fragment)
        known = found.get(key)
        if known is not None:
            return known
        starts, pos = [], value.find(fragment)
        while pos != -1:
            starts.append(pos)
            pos = value.find(fragment, pos + len(fragment))
        places = []
        lines = self.source.lines
        last = min(self.end_line or self.line, len(lines))
        for number in range(self.line, last + 1):
            text = lines[number - 1]
            lo = self.col - 1 if number == self.line else 0
            hi = self.end_col - 1 if (number == last and self.end_line == last) else len(text)
            pos = text.find(fragment, lo)
            while pos != -1 and pos + len(fragment) <= max(hi, lo) and len(places) < len(starts):
                places.append((number, pos))
                pos = text.find(fragment, pos + len(fragment))
        found[key] = starts, places
        return starts, places


def file_loc(file: str, line: int = 1, col: int = 1) -> Loc:
    return Loc(file, line, col, line, col)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (an index past the end counts as the end)."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col
