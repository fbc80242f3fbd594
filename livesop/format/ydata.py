"""The data a playbook's YAML is read into: mappings, sequences and scalars that remember where
they stand in the file, and the YAML 1.2 core resolution of plain scalars. Both readers build it
(``fastyaml`` for the common block style, ``yamlnodes`` through libyaml for everything else).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

from livesop import regexes
from livesop.diagnostics import Diagnostic
from livesop.format.source import Loc, Source

MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000
SHORT = 16  # a plain value this long or shorter is interned

_NULL = regexes.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = regexes.compile(r"^[-+]?[0-9]+$")
_OCT = regexes.compile(r"^0o[0-7]+$")
_HEX = regexes.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = regexes.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf,
                  "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
                  ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}
_SAFE_DIGITS = 4000  # below Python's 4,300-digit limit on converting text to int
SPECIAL_STARTS = frozenset("~nNtTfF0123456789+-.")  # a plain scalar starting otherwise is text
# Any of _INT, _OCT, _HEX, _FLOAT: a plain scalar matching none of them is text after one test.
_NUMBER_LIKE = regexes.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                               r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$")

PAIR = struct.Struct("8I")  # a mapping entry: the key's span, then the value's (0-based lines and columns)
ONE = struct.Struct("4I")  # a sequence item


class Origin:
    """The file a node comes from; positions are made from 0-based numbers only when asked for."""

    __slots__ = ("name", "source")

    def __init__(self, name: str, source: Source | None):
        self.name = name
        self.source = source

    def span(self, line: int, col: int, end_line: int, end_col: int) -> Loc:
        return Loc(self.name, line + 1, col + 1, end_line + 1, end_col + 1, self.source)


class YMap(dict):
    """A mapping that remembers where it, its keys and its values are."""

    __slots__ = ("loc", "_spans", "_origin", "_explicit", "_index")

    def __init__(self, loc: Loc, origin: Origin | None = None):
        super().__init__()
        self.loc = loc
        self._spans = bytearray()  # a PAIR per entry read from YAML, in the order of the keys
        self._origin = origin
        self._explicit: dict | None = None
        self._index: dict | None = None  # key → entry number, made for a large mapping

    def _entry(self, key) -> int | None:
        """The number of ``key``'s entry among those read from YAML, or None."""
        if len(self._spans) < PAIR.size or key not in self:
            return None
        if len(self) <= 8:
            for number, known in enumerate(self):
                if known == key:
                    return number if (number + 1) * PAIR.size <= len(self._spans) else None
        if self._index is None:
            self._index = {known: number for number, known in enumerate(self)}
        number = self._index.get(key)
        return number if number is not None and (number + 1) * PAIR.size <= len(self._spans) else None

    def at(self, key) -> Loc:
        """Where the value of ``key`` is, or the mapping itself when the key is absent."""
        number = self._entry(key)
        if number is not None:
            return self._origin.span(*ONE.unpack_from(self._spans, number * PAIR.size + ONE.size))
        return self._explicit.get(key, self.loc) if self._explicit else self.loc

    def key_at(self, key) -> Loc:
        number = self._entry(key)
        if number is not None:
            return self._origin.span(*ONE.unpack_from(self._spans, number * PAIR.size))
        return self._explicit.get(key, self.loc) if self._explicit else self.loc

    def set_loc(self, key, loc: Loc) -> None:
        """Record where a value that was not read from YAML nodes stands."""
        if self._explicit is None:
            self._explicit = {}
        self._explicit[key] = loc


class YSeq(list):
    """A sequence that remembers where it and each of its items are."""

    __slots__ = ("loc", "_spans", "_origin")

    def __init__(self, loc: Loc, origin: Origin | None = None):
        super().__init__()
        self.loc = loc
        self._spans = bytearray()  # a ONE span per item
        self._origin = origin

    def at(self, index: int) -> Loc:
        if 0 <= index and (index + 1) * ONE.size <= len(self._spans):
            return self._origin.span(*ONE.unpack_from(self._spans, index * ONE.size))
        return self.loc


@dataclass
class Loaded:
    """The outcome of loading one file: the data (or None) and what went wrong."""

    file: str
    data: YMap | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    source: Source | None = None



def odd_key(key):
    """A mapping key that is not text, as the data keeps it: a number or boolean as it is, null
    (and anything else) as text."""
    return str(key) if key is None or not isinstance(key, (int, float, bool)) else key


def resolve_plain(value: str):
    """YAML 1.2 core schema resolution of an untagged plain scalar."""
    if value and value[0] not in SPECIAL_STARTS:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if not _NUMBER_LIKE.match(value) and value not in _SPECIAL_FLOAT:  # `2m`, `-5s`: text, one test
        return value
    if _INT.match(value):
        return _decimal_int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if value in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value]
    return value


def _decimal_int(value: str) -> int:
    """A decimal integer of any length: Python refuses to convert more than 4,300 digits, so a
    longer one keeps its first digits and its length (the bounds report it, never a ValueError)."""
    digits = value.lstrip("+-")
    if len(digits) <= _SAFE_DIGITS:
        return int(value)
    number = int(digits[:_SAFE_DIGITS]) * 10 ** (len(digits) - _SAFE_DIGITS)
    return -number if value.startswith("-") else number


