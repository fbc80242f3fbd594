"""A pure-Python reader for the block style playbooks are written in, faster than composing
nodes with libyaml and walking them (and it needs no ``import yaml``).

It reads block mappings and sequences (indentless ones too), one-line plain, single-quoted and
escape-free double-quoted scalars, literal and folded block scalars, one-line flow sequences and
mappings of such scalars, comments and blank lines — and gives exactly what ``yamlnodes`` gives
for them: the same values, the same places (libyaml's start and end marks) and the same order.
Anything else (anchors, tags, escapes, multi-line plain or quoted scalars, nested flow, tabs,
document markers, odd characters, duplicate keys, anything YAML refuses) is declined: ``read``
returns None and libyaml reads the file, with its findings. When in doubt it declines; the tests
hold the two readers to the same answer (``tests/format/test_fastyaml.py``).
"""

from __future__ import annotations

import re
from sys import intern

from livesop import regexes
from livesop.format.source import Source
from livesop.format.ydata import ONE, PAIR, SHORT, SPECIAL_STARTS, Origin, YMap, YSeq, odd_key, resolve_plain

# Characters outside this set (tabs, CR, YAML's other line breaks, controls, a BOM inside) send a
# file to libyaml; so do document markers and directives at the start of a line.
_UNUSUAL = regexes.compile("(?m)[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                            r"|^(?:---|\.\.\.|%)")
# A plain key and the colon after it: no indicator first, no colon, `#` or quote inside, no space
# before the colon, and a space or the end of the line after it.
_KEY = regexes.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*?)(?<! ):(?: |$)")
# The commonest line: a key and a one-line plain value (no indicator first, no `: ` or ` #`
# inside, no colon at the end), then perhaps a comment; read with one match. Spaces join the
# value only before more of it, so that no line costs more than its length to try.
_KEY_PLAIN = regexes.compile(r"([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*?)(?<! ): +"
                            r"((?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-[^ :#])(?:[^ :#]|:(?! |$)|(?<! )#| +(?=[^ :#]|:(?! |$)))*)"
                            r" *(?: #.*)?$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE = regexes.compile(r"'((?:[^']|'')*)'")
_DOUBLE = regexes.compile(r'"([^"\\]*)"')
_AFTER = regexes.compile(r"(?: +(?:#.*)?)?$")  # what may follow a value on its line: spaces, a comment
_BLOCK_HEADER = regexes.compile(r"([|>])([-+]?)(?: +(?:#.*)?)?$")
# A scalar inside a one-line flow collection: quoted, or plain without an indicator of flow or a
# `#`, and with a colon only before a character that is no indicator (``21:00``; libyaml refuses
# ``x:]`` and its like). Then an entry of a flow mapping (key, colon, value, the comma or brace
# after it) and an item of a flow sequence, each read with one match (spaces, again, only before
# more of the scalar).
_FLOW_SCALAR = (r"'((?:[^']|'')*)'|\"([^\"\\]*)\"|((?:[^ ,\[\]{}#&*!|>'\"%@`?:\-]|-[^ ,\[\]{}:#])"
                r"(?:[^ ,\[\]{}:#]|:[^ ,\[\]{}#:?]| +(?=[^ ,\[\]{}:#]|:[^ ,\[\]{}#:?]))*)")
_FLOW_ENTRY = regexes.compile(rf" *(?:{_FLOW_SCALAR}) *: +(?:{_FLOW_SCALAR}) *([,}}])")
_FLOW_ITEM = regexes.compile(rf" *(?:{_FLOW_SCALAR}) *([,\]])")
_MAX_KEY = 1000  # libyaml wants a simple key's colon within 1,024 characters
_MAX_DEPTH = 48  # deeper files go to libyaml, which reports nesting past MAX_DEPTH


class _Decline(Exception):
    """The text is outside what this reader reads; libyaml reads it instead."""


def read(text: str, name: str, source: Source | None) -> YMap | None:
    """The root mapping of ``text``, or None when this reader leaves the text to libyaml."""
    if _UNUSUAL.search(text):
        return None
    try:
        return _Reader(text, Origin(name, source)).root()
    except (_Decline, RecursionError):
        return None


class _Reader:
    """One pass over the lines; each node is read from its first line and returns the number of
    the first line after it that holds something (a key, an item, a value)."""

    def __init__(self, text: str, origin: Origin):
        lines = text.split("\n")
        self.final_newline = text.endswith("\n")
        if self.final_newline:
            lines.pop()
        self.lines = lines
        self.count = len(lines)
        self.origin = origin
        # the indentation of each line that holds something; -1 for a blank or comment line
        self.indents = [len(line) - len(rest) if (rest := line.lstrip(" ")) and rest[0] != "#" else -1
                        for line in lines]

    def root(self) -> YMap:
        first = self.significant(0)
        if first >= self.count or self.lines[first][:1] in ("", " "):
            raise _Decline
        data, end = self.mapping(first, 0, 0)
        if end < self.count:
            raise _Decline
        return data

    # -- lines ------------------------------------------------------------------------------------

    def significant(self, number: int) -> int:
        """The first line from ``number`` on that is neither blank nor a comment."""
        indents, count = self.indents, self.count
        while number < count and indents[number] < 0:
            number += 1
        return number

    def indent(self, number: int) -> int:
        return self.indents[number]

    def place(self, number: int, col: int) -> tuple[int, int]:
        """Where libyaml ends a block at ``col`` that line ``number`` closes: where that line's
        token starts. At the end of the stream: the end of the text when the last line has no
        line break and the block is more indented than that line is long, else the start of
        the line after the last."""
        if number < self.count:
            return number, self.indents[number]
        if not self.final_newline:
            last = len(self.lines[-1])
            if col > last:
                return self.count - 1, last
        return self.count, 0

    # -- block collections --------------------------------------------------------------------------

    def block(self, number: int, depth: int):
        """The mapping or sequence starting on line ``number`` (more indented than its parent)."""
        col = self.indent(number)
        line = self.lines[number]
        if line[col] == "-" and (len(line) == col + 1 or line[col + 1] == " "):
            return self.sequence(number, col, depth, False)
        if _KEY.match(line, col) is None:
            raise _Decline  # a plain scalar over several lines, or something YAML refuses
        return self.mapping(number, col, depth)

    def mapping(self, number: int, col: int, depth: int):
        """A block mapping whose first key is on line ``number`` at ``col``; its other keys are
        at ``col`` on the lines below. Returns it and the first line after it."""
        if depth > _MAX_DEPTH:
            raise _Decline
        origin, lines, key_match = self.origin, self.lines, _KEY.match
        data = YMap(None, origin)
        spans, pack = data._spans, PAIR.pack
        start = number
        plain_match, indents, count = _KEY_PLAIN.match, self.indents, self.count
        while True:
            line = lines[number]
            found = plain_match(line, col)
            if found is not None and found.end(1) - col <= _MAX_KEY:
                text, value = found.groups()
                key = text if text[0] not in SPECIAL_STARTS else resolve_plain(text)
                key = intern(key) if key.__class__ is str else odd_key(key)
                if key in data:
                    raise _Decline
                key_end, (value_start, value_end) = found.end(1), found.span(2)
                if value[0] in SPECIAL_STARTS:
                    value = resolve_plain(value)
                data[key] = intern(value) if value.__class__ is str and len(value) <= SHORT else value
                spans += pack(number, col, number, key_end, number, value_start, number, value_end)
                after = number + 1
                while after < count and indents[after] < 0:
                    after += 1
                if after >= count:
                    break
                indent = indents[after]
                if indent != col:
                    if indent < col:
                        break
                    raise _Decline  # a plain scalar continued on the next line, or an error
                number = after
                continue
            found = key_match(line, col)
            if found is None:
                raise _Decline
            text = found.group(1)
            key_end = found.end(1)
            if key_end - col > _MAX_KEY:
                raise _Decline
            key = resolve_plain(text)
            key = intern(key) if key.__class__ is str else odd_key(key)
            if key in data:
                raise _Decline  # libyaml's reader reports the duplicate
            value, value_span, after = self.value(number, key_end + 1, col, depth, True)
            data[key] = value
            spans += pack(number, col, number, key_end, *value_span)
            if after >= self.count:
                break
            indent = self.indent(after)
            if indent < col:
                break
            if indent > col:
                raise _Decline
            number = after
        data.loc = origin.span(start, col, *self.place(after, col))
        return data, after

    def sequence(self, number: int, col: int, depth: int, indentless: bool):
        """A block sequence whose first `-` is on line ``number`` at ``col`` (``indentless``: at
        the same column as the key that holds it). Returns it and the first line after it."""
        if depth > _MAX_DEPTH:
            raise _Decline
        origin, lines = self.origin, self.lines
        data = YSeq(None, origin)
        spans, pack = data._spans, ONE.pack
        start = number
        while True:
            line = lines[number]
            if line[col] != "-" or not (len(line) == col + 1 or line[col + 1] == " "):
                raise _Decline
            rest = line[col + 1:]
            stripped = rest.lstrip(" ")
            at = len(line) - len(stripped)
            first = stripped[:1]
            if first == "{" or first == "[":  # a cue written on one line: read without the general path
                item, end = self.flow(line, at, number, depth)
                if _AFTER.match(line, end) is None:
                    raise _Decline
                after = self.significant(number + 1)
                if after < self.count and self.indents[after] > col:
                    raise _Decline
                spans += pack(number, at, number, end)
            elif first and first != "#" and _KEY.match(stripped) is not None:
                item, after = self.mapping(number, at, depth + 1)
                spans += pack(*_span(item.loc))
            else:
                item, item_span, after = self.value(number, col + 1, col, depth, False)
                spans += pack(*item_span)
            data.append(item)
            if after >= self.count:
                break
            indent = self.indent(after)
            if indent < col:
                break
            line = lines[after]
            dash = line[col] == "-" and (len(line) == col + 1 or line[col + 1] == " ")
            if indent > col or (not dash and not indentless):
                raise _Decline
            if not dash:  # the next key of the mapping that holds this indentless sequence
                break
            number = after
        data.loc = origin.span(start, col, *self.place(after, col))
        return data, after

    # -- values --------------------------------------------------------------------------------------

    def value(self, number: int, at: int, parent: int, depth: int, in_mapping: bool):
        """The value after a key's colon or an item's dash (``at``: the column just after it) on
        line ``number``; ``parent`` is the column of that key or dash. Returns the value, its span
        (four 0-based numbers) and the first line after it."""
        line = self.lines[number]
        stripped = line[at:].lstrip(" ")
        if not stripped or stripped[0] == "#":
            after = self.significant(number + 1)
            if after < self.count:
                indent = self.indent(after)
                if indent > parent:
                    node, end = self.block(after, depth + 1)
                    return node, _span(node.loc), end
                if indent == parent and in_mapping:
                    following = self.lines[after]
                    if following[indent] == "-" and (len(following) == indent + 1 or following[indent + 1] == " "):
                        node, end = self.sequence(after, indent, depth + 1, True)
                        return node, _span(node.loc), end
            return None, (number, at, number, at), after
        col = len(line) - len(stripped)
        first = stripped[0]
        if first in "|>":
            return self.block_scalar(number, col, parent, stripped)
        if first in "[{":
            value, end = self.flow(line, col, number, depth)
        elif first == "'":
            found = _SINGLE.match(line, col)
            if found is None:
                raise _Decline
            value, end = found.group(1).replace("''", "'"), found.end()
        elif first == '"':
            found = _DOUBLE.match(line, col)
            if found is None:
                raise _Decline
            value, end = found.group(1), found.end()
        else:
            value, end = _plain(stripped, col)
            if in_mapping and value.__class__ is str and len(value) <= SHORT:
                value = intern(value)
        if _AFTER.match(line, end) is None:
            raise _Decline
        after = self.significant(number + 1)
        if after < self.count and self.indent(after) > parent:
            raise _Decline  # a scalar continued on the next line, or something YAML refuses
        return value, (number, col, number, end), after

    def block_scalar(self, number: int, col: int, parent: int, header: str):
        """A literal (``|``) or folded (``>``) block scalar whose header is at ``col``."""
        found = _BLOCK_HEADER.match(header)
        if found is None:
            raise _Decline  # an indentation indicator, or something after the header
        style, chomp = found.groups()
        lines, count = self.lines, self.count
        row = number + 1
        if row >= count or not lines[row].strip(" "):
            raise _Decline  # leading blank lines, or no text at all
        indent = self.indent(row)
        if indent <= parent:
            raise _Decline
        body: list[str] = []
        while row < count:
            line = lines[row]
            if not line.strip(" "):
                if len(line) > indent:
                    raise _Decline  # spaces beyond the block's indentation are text
                body.append("")
            elif len(line) - len(line.lstrip(" ")) < indent:
                break
            else:
                body.append(line[indent:])
            row += 1
        if row >= count and not self.final_newline:
            raise _Decline  # the text runs to the end of a file without a final line break
        trailing = 0
        while body and not body[-1]:
            body.pop()
            trailing += 1
        if style == "|":
            value = "\n".join(body)
        else:
            value = _fold(body)
        if chomp == "":
            value += "\n"
        elif chomp == "+":
            value += "\n" * (1 + trailing)
        end = (row, 0) if row < count else (count, 0)
        after = self.significant(row)
        if after < count and self.indent(after) > parent:
            raise _Decline
        return value, (number, col, *end), after

    def flow(self, line: str, col: int, number: int, depth: int):
        """A one-line flow sequence or mapping of scalars starting at ``col``; returns it and the
        column after its closing bracket."""
        if depth + 1 > _MAX_DEPTH:
            raise _Decline
        origin = self.origin
        mapping = line[col] == "{"
        close = "}" if mapping else "]"
        data = YMap(None, origin) if mapping else YSeq(None, origin)
        spans = data._spans
        position = col + 1
        if line[position:].lstrip(" ")[:1] == close:
            end = line.index(close, position) + 1
            data.loc = origin.span(number, col, number, end)
            return data, end
        special = SPECIAL_STARTS
        if mapping:
            entry, pack = _FLOW_ENTRY.match, PAIR.pack
            while True:
                found = entry(line, position)
                if found is None:
                    raise _Decline
                groups = found.groups()
                plain = groups[2]
                if plain is not None:  # the common case first, without a call
                    key = plain if plain[0] not in special else resolve_plain(plain)
                    key_start, key_end = found.span(3)
                else:
                    key, key_start, key_end = _flow_value(found, 1)
                key = intern(key) if key.__class__ is str else odd_key(key)
                if key in data:
                    raise _Decline
                plain = groups[5]
                if plain is not None:
                    value = plain if plain[0] not in special else resolve_plain(plain)
                    if value.__class__ is str and len(value) <= SHORT:
                        value = intern(value)
                    value_start, value_end = found.span(6)
                else:
                    value, value_start, value_end = _flow_value(found, 4)
                data[key] = value
                spans += pack(number, key_start, number, key_end, number, value_start, number, value_end)
                position = found.end()
                if groups[6] == "}":
                    break
        else:
            item, pack = _FLOW_ITEM.match, ONE.pack
            while True:
                found = item(line, position)
                if found is None:
                    raise _Decline
                value, start, end = _flow_value(found, 1)
                data.append(value)
                spans += pack(number, start, number, end)
                position = found.end()
                if found.group(4) == "]":
                    break
        data.loc = origin.span(number, col, number, position)
        return data, position


def _plain(stripped: str, col: int):
    """A one-line plain scalar in block context (``stripped``: it and what follows, from ``col``)."""
    cut = stripped.find(" #")
    text = (stripped if cut < 0 else stripped[:cut]).rstrip(" ")
    first = text[0]
    if first in _INDICATORS and not (first == "-" and len(text) > 1 and text[1] not in " :#"):
        raise _Decline
    if ": " in text or text[-1] == ":":
        raise _Decline
    return resolve_plain(text), col + len(text)


def _flow_value(found: re.Match, group: int):
    """The scalar a flow match holds in its three groups from ``group`` (single-quoted,
    double-quoted, plain): its value and its start and end columns."""
    plain = found.group(group + 2)
    if plain is not None:
        return resolve_plain(plain), found.start(group + 2), found.end(group + 2)
    single = found.group(group)
    if single is not None:
        return single.replace("''", "'"), found.start(group) - 1, found.end(group) + 1
    return found.group(group + 1), found.start(group + 1) - 1, found.end(group + 1) + 1


def _fold(body: list[str]) -> str:
    """The lines of a folded block scalar joined as YAML folds them (no line more indented)."""
    parts: list[str] = []
    blanks = 0
    for line in body:
        if not line:
            blanks += 1
            continue
        if line[0] == " ":
            raise _Decline  # more-indented lines keep their breaks: left to libyaml
        if parts:
            parts.append("\n" * blanks if blanks else " ")
        parts.append(line)
        blanks = 0
    return "".join(parts)


def _span(loc) -> tuple[int, int, int, int]:
    return loc.line - 1, loc.col - 1, loc.end_line - 1, loc.end_col - 1
