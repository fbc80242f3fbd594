"""Where each part of a planned session came from, so that a finding points at the template or
the lineup, never at the output that was not written.

The planner edits the template as ruamel.yaml round-trip data: every node it copies from the
template (a ``for_each`` block written out per product included) keeps the template's line and
column (``.lc``). Nodes made from the lineup are marked with the lineup cell of each value
(``Sources.mark``). After the session is dumped, the dumped text is read again and the two trees
are walked side by side: each key, value and list item of the output gets the place it came
from. A finding at an output position is moved to the place of the nearest node at or before
it; inside a text copied unchanged from the template, it keeps its offset (the column of a
placeholder in a 话术). A finding in something livesop wrote itself (the ``session`` block) names
the template with the segment or product it is in.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from livesop.diagnostics import Diagnostic
from livesop.format.yamledit import rt_yaml
from livesop.i18n import N_, _

# list → how a message names one of its entries in the planned session
_KINDS = {"segments": N_("segment `{id}` of the planned session"),
          "products": N_("product `{id}` of the planned session"),
          "emergencies": N_("emergency `{id}` of the planned session")}
_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's line breaks (str.splitlines knows more)


@dataclass(frozen=True)
class Place:
    """A source position (1-based). ``text`` marks a place in the template's text, where a finding
    inside a value copied unchanged keeps its offset; a lineup cell is a place as a whole."""

    file: str
    line: int
    column: int
    text: bool = False
    label: str = ""  # how the message names a spreadsheet cell (排品!F4), when line and column do not


@dataclass(frozen=True)
class _Entry:
    """A node's position in the output (1-based), the place it came from, and its path in the session."""

    line: int
    column: int
    place: Place | None
    approximate: bool  # the place is an enclosing node's: the message says where in the session it is
    path: tuple


class Sources:
    """The template's places, and the marks on nodes that livesop made from the lineup."""

    def __init__(self, template: str, text: str):
        self.template = template
        self.lines = _BREAK.split(text)
        self._marks: dict[int, tuple[object, Place | None, dict]] = {}

    def mark(self, node, place: Place | None, keys: dict | None = None) -> None:
        """``node`` (a mapping made by livesop) came from ``place``; each of ``keys`` from its own."""
        self._marks[id(node)] = (node, place, dict(keys or {}))  # the node is held, so its id stays its own

    def at(self, line0: int, col0: int) -> Place:
        return Place(self.template, line0 + 1, col0 + 1, True)

    def node_place(self, node) -> Place | None:
        mark = self._marks.get(id(node))
        if mark is not None:
            return mark[1]
        lc = getattr(node, "lc", None)
        if lc is not None and lc.line is not None:  # a collection livesop made has no line
            return self.at(lc.line, lc.col)
        return None

    def key_places(self, node, key) -> tuple[Place | None, Place | None]:
        mark = self._marks.get(id(node))
        if mark is not None and key in mark[2]:
            return mark[2][key], mark[2][key]
        data = getattr(getattr(node, "lc", None), "data", None) or {}
        where = data.get(key)
        if where is None or len(where) < 4:
            return None, None
        return self.at(where[0], where[1]), self.at(where[2], where[3])


def _walk(sources: Sources, node, twin, place: Place | None, path: tuple, entries: list[_Entry]) -> None:
    """Entries for the children of ``twin`` (the output as read back), from ``node`` (as planned)."""
    if hasattr(twin, "items") and hasattr(node, "get"):
        for key in twin:
            if key not in node or key not in twin.lc.data:
                continue
            key_place, value_place = sources.key_places(node, key)
            child = node[key]
            own = sources.node_place(child) if hasattr(child, "lc") else None
            value_place = own or value_place
            kl, kc, vl, vc = twin.lc.data[key]
            entries.append(_Entry(kl + 1, kc + 1, key_place or place, key_place is None, path + (key,)))
            entries.append(_Entry(vl + 1, vc + 1, value_place or place, value_place is None, path + (key,)))
            _walk(sources, child, twin[key], value_place or place, path + (key,), entries)
    elif isinstance(twin, list) and isinstance(node, list) and len(node) == len(twin):
        lc_data = getattr(getattr(node, "lc", None), "data", None) or {}
        for index, item in enumerate(twin):
            if index not in twin.lc.data:
                continue
            child = node[index]
            item_place = sources.node_place(child) if hasattr(child, "lc") else None
            if item_place is None and not hasattr(child, "lc") and index in lc_data:
                item_place = sources.at(*lc_data[index])  # a text in a list the planner left as it was
            line, col = twin.lc.data[index]
            entries.append(_Entry(line + 1, col + 1, item_place or place, item_place is None, path + (index,)))
            _walk(sources, child, item, item_place or place, path + (index,), entries)


class PositionMap:
    """Output (line, column) → the place in the template or lineup it came from."""

    def __init__(self, sources: Sources, data, text: str):
        self.sources = sources
        self.out_lines = _BREAK.split(text)
        self.twin = rt_yaml().load(text)
        entries: list[_Entry] = []
        _walk(sources, data, self.twin, sources.node_place(data), (), entries)
        entries.sort(key=lambda e: (e.line, e.column))
        self.entries = entries
        self.keys = [(e.line, e.column) for e in entries]

    def place(self, line: int, column: int) -> tuple[Place | None, str]:
        """The source place of an output position and, when it is only approximate, where in the
        session the finding is (``segment `pitch-hero```)."""
        index = bisect.bisect_right(self.keys, (line, column)) - 1
        if index < 0:
            return None, ""
        while index and self.keys[index - 1] == self.keys[index]:
            index -= 1  # a list item and its first key start together: the item, the outer node, wins
        entry = self.entries[index]
        context = self._context(entry.path) if entry.approximate or entry.place is None else ""
        if entry.place is None or entry.approximate or (entry.line, entry.column) == (line, column) \
                or not entry.place.text:
            return entry.place, context
        return self._inside(entry, line, column), context

    def _inside(self, entry: _Entry, line: int, column: int) -> Place:
        """A position inside a value: the same offset in the template when the text there is the same."""
        place = entry.place
        out = self.out_lines
        src = self.sources.lines
        if line == entry.line:  # the text from the value's start up to the finding's character is the same
            offset = column - entry.column
            start = place.column - 1
            if place.line <= len(src) and line <= len(out) and \
                    out[line - 1][entry.column - 1:column] == src[place.line - 1][start:start + offset + 1]:
                return dataclasses.replace(place, column=place.column + offset)
            return place
        target = place.line + (line - entry.line)
        if target <= len(src) and line <= len(out) and out[line - 1].strip() == src[target - 1].strip():
            shift = _indent(src[target - 1]) - _indent(out[line - 1])
            return dataclasses.replace(place, line=target, column=max(1, column + shift))
        return place

    def _context(self, path: tuple) -> str:
        if len(path) >= 2 and path[0] in _KINDS and isinstance(path[1], int):
            try:
                ident = self.twin[path[0]][path[1]].get("id")
            except (AttributeError, IndexError, KeyError, TypeError):
                ident = None
            if ident is not None:
                return _(_KINDS[path[0]]).format(id=ident)
        return _("`{key}` of the planned session").format(key=path[0]) if path else _("the planned session")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def map_diagnostics(diagnostics: list[Diagnostic], output: str, positions: PositionMap) -> list[Diagnostic]:
    """The findings at the output ``output`` moved to the template or lineup they came from (others
    stay), one finding per place and message, in order."""
    template = positions.sources.template
    mapped: list[Diagnostic] = []
    seen = set()
    for d in diagnostics:
        if d.file == output:
            place, context = positions.place(d.line, d.column)
            message = d.message
            if place is not None and place.label:
                message += f" ({place.label})"
            if place is None:
                place, context = Place(template, 1, 1), context or _("the planned session")
            if context:
                message = _("{message} (in {context})").format(message=message, context=context)
            d = dataclasses.replace(d, file=place.file, line=place.line, column=place.column, message=message)
        key = (d.code, d.file, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            mapped.append(d)
    return sorted(mapped, key=Diagnostic.sort_key)
