"""Source positions: a Loc names file, line and column (1-based) of a YAML node, and can point
at a fragment inside a scalar's text (a placeholder or a banned term inside a multi-line block).
"""

from __future__ import annotations

from typing import NamedTuple


class Source:
    """The text of one loaded file, kept to point at fragments inside scalars (split into lines
    the first time a fragment is looked for)."""

    __slots__ = ("file", "text", "_lines")

    def __init__(self, file: str, text: str):
        self.file = file
        self.text = text
        self._lines: list[str] | None = None

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
        wanted = _count(value, fragment, start)
        lines = self.source.lines
        last = min(self.end_line or self.line, len(lines))
        seen = 0
        for number in range(self.line, last + 1):
            text = lines[number - 1]
            lo = self.col - 1 if number == self.line else 0
            hi = self.end_col - 1 if (number == last and self.end_line == last) else len(text)
            pos = text.find(fragment, lo)
            while pos != -1 and pos + len(fragment) <= max(hi, lo):
                if seen == wanted:
                    return Loc(self.file, number, pos + 1, number, pos + 1 + len(fragment), self.source)
                seen += 1
                pos = text.find(fragment, pos + len(fragment))
        return self


def _count(value: str, fragment: str, before: int) -> int:
    """How many non-overlapping occurrences of ``fragment`` start before index ``before``."""
    count, pos = 0, value.find(fragment)
    while pos != -1 and pos < before:
        count += 1
        pos = value.find(fragment, pos + len(fragment))
    return count


def file_loc(file: str, line: int = 1, col: int = 1) -> Loc:
    return Loc(file, line, col, line, col)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]`` (an index past the end counts as the end)."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col
