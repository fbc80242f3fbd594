"""Reading YAML through libyaml's C composer (PyYAML), for whatever the fast reader
(``fastyaml``) leaves: nodes are walked into YMap/YSeq/scalars with our own scalar resolution
(YAML 1.2 core: ``20:00`` and ``2026-11-25`` stay text, ``yes`` is not a boolean); nothing is ever
constructed from a tag. Limits (nesting, alias expansion) are enforced while walking, and each of
libyaml's refusals becomes a finding with a hint (``yamlsyntax``).
"""

from __future__ import annotations

import re
from operator import attrgetter
from sys import intern

from livesop import regexes

# PyYAML's reader compiles this pattern (a large character class: milliseconds) when it is first
# imported; compiled from its kept code (``livesop.regexes``) and put in ``re``'s cache first, it is
# found there. Here it finds the control character libyaml refused.
_NOT_PRINTABLE = regexes.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", warm=True)

import yaml  # noqa: E402  # isort: skip - after the pattern above
from yaml.nodes import MappingNode, ScalarNode, SequenceNode  # noqa: E402  # isort: skip

from livesop.controls import first_control
from livesop.diagnostics import Diagnostic
from livesop.format.sniff import MAX_BYTES
from livesop.format.source import Source, line_col
from livesop.format.yamlsyntax import Parser, syntax_diagnostic, tab_workaround
from livesop.format.ydata import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    ONE,
    PAIR,
    SHORT,
    Loaded,
    Origin,
    YMap,
    YSeq,
    odd_key,
    resolve_plain
)
from livesop.i18n import _

_PLAIN = "tag:livesop,2026:plain"
_YAML = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_REREAD_BUDGET = MAX_BYTES  # characters re-read while working around libyaml's tab refusals
# Escapes of a double-quoted scalar that write a control character, and the hex ones' widths.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = re.compile(r"[0-9a-fA-F]+")

class _Loader(Parser):
    """Parser + composer that tags every untagged plain scalar for our own resolution."""

    def __init__(self, stream):
        Parser.__init__(self, stream)

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _YAML + "str"
        return _YAML + ("map" if kind is MappingNode else "seq")

    # Called around every node; nothing to do, so built-ins that take the same arguments and do
    # nothing that matters cost less than a Python method (8 % of composing a long playbook).
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(tuple)



# A node's place as four 0-based numbers (start line, start column, end line, end column), read
# in one call; kept packed as 32-bit numbers, so the composed nodes are freed once the data is read.
_SPAN = attrgetter("start_mark.line", "start_mark.column", "end_mark.line", "end_mark.column")


def _loc(origin: Origin, node):
    return origin.span(*_SPAN(node))


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic



def read(loaded: Loaded, text: str, raw: bytes | None) -> None:
    """Read ``text`` into ``loaded``: its data, or the finding that stops it (with findings that
    do not, LS111)."""
    name = loaded.file
    try:
        root, parsed = _compose_one(text, raw if raw is not None else text.encode("utf-8"), name)
        if root is None:
            raise _Stop(Diagnostic("LS103", name, 1, 1, _("the file is empty"),
                                   _("a playbook starts with `livesop: 1`, `id:`, `title:` …")))
        if not isinstance(root, MappingNode):
            mark = root.start_mark
            raise _Stop(Diagnostic("LS103", name, mark.line + 1, mark.column + 1,
                                   _("the document is not a mapping of keys to values"),
                                   _("a playbook is a mapping: `livesop: 1`, `id: …`, `title: …`")))
        walker = _Walker(name, loaded.source, parsed)
        loaded.data = walker.walk(root, 0)
        loaded.diagnostics += walker.findings  # LS111: reported, and the data still loads
    except _Stop as stop:
        loaded.diagnostics.append(stop.diagnostic)


def _compose_one(text: str, raw: bytes, name: str):
    """The root node and the text it was read from (``text`` itself unless a tab was worked around)."""
    budget = _REREAD_BUDGET
    while True:
        loader = None
        try:
            loader = _Loader(raw)  # the pure-Python reader checks characters here already
            return _first_document(loader, name), text
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in (exc.problem or ""):
                mark = exc.problem_mark
                raise _Stop(Diagnostic("LS108", name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                       _("nesting is too deep"),
                                       _("a playbook needs far fewer than {depth} levels").format(
                                           depth=MAX_DEPTH))) from None
            repaired = tab_workaround(text, raw, exc, budget > 0) if "\t" in text else None
            if repaired is None:
                raise _Stop(syntax_diagnostic(exc, name, text)) from None
            text, raw = repaired, repaired.encode("utf-8")
            budget -= len(text)
        except yaml.reader.ReaderError as exc:
            bad = _NOT_PRINTABLE.search(text)
            line, col = line_col(text, bad.start() if bad else 0)
            char = ord(bad.group(0)) if bad else (exc.character if isinstance(exc.character, int) else 0)
            raise _Stop(Diagnostic("LS101", name, line, col,
                                   _("control character U+{code} is not allowed in YAML").format(code=f"{char:04X}"),
                                   _("remove the control character"))) from None
        except RecursionError:
            raise _Stop(Diagnostic("LS108", name, 1, 1, _("nesting is too deep"),
                                   _("a playbook needs far fewer than {depth} levels").format(
                                       depth=MAX_DEPTH))) from None
        finally:
            if loader is not None:
                loader.dispose()


def _first_document(loader, name: str):
    if not loader.check_node():
        return None
    document = loader.get_node()
    if loader.check_node():
        second = loader.get_node()
        mark = second.start_mark if second is not None else None
        line = mark.line + 1 if mark else 1
        raise _Stop(Diagnostic("LS104", name, line, 1, _("the file holds more than one YAML document"),
                               _("keep one playbook per file; remove the `---` separator")))
    return document


class _Walker:
    """Turns composed nodes into YMap/YSeq/scalars, enforcing tags, depth, keys and aliases."""

    def __init__(self, name: str, source: Source, parsed: str):
        self.name = name
        self.origin = Origin(name, source)
        self.parsed = parsed  # the text the nodes come from (a refused tab worked around)
        self.seen: set[int] = set()
        self.anchors = "&" in parsed  # without an anchor there is no alias to follow
        self.alias_nodes = 0
        self.in_alias = 0
        self.alias_uses = 0  # aliases met outside any expansion: the n-th is the n-th `*name` in the text
        self.findings: list[Diagnostic] = []  # findings that do not stop loading (LS111)
        self._lines: list[str] | None = None

    def fail(self, code: str, node, message: str, hint: str):
        loc = _loc(self.origin, node)
        raise _Stop(Diagnostic(code, self.name, loc.line, loc.col, message, hint))

    def alias_site(self) -> tuple[int, int]:
        """Line and column of the `*alias` whose expansion crossed the limit (parser events only)."""
        loader = _Loader(self.parsed)
        try:
            seen = 0
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, yaml.AliasEvent):
                    seen += 1
                    if seen == self.alias_uses:
                        return event.start_mark.line + 1, event.start_mark.column + 1
        finally:
            loader.dispose()
        return 1, 1

    def walk(self, node, depth: int):
        if depth > MAX_DEPTH:
            self.fail("LS108", node, _("nesting deeper than {depth} levels").format(depth=MAX_DEPTH),
                      _("a playbook needs only a few levels; flatten the structure"))
        key = id(node)
        alias = self.anchors and key in self.seen
        if alias:
            self.alias_uses += not self.in_alias
            self.in_alias += 1
        elif self.anchors:
            self.seen.add(key)
        try:
            if self.in_alias:
                self.alias_nodes += 1
                if self.alias_nodes > MAX_ALIAS_NODES:
                    line, col = self.alias_site()
                    raise _Stop(Diagnostic("LS109", self.name, line, col,
                                           _("aliases expand to more than {count} nodes").format(
                                               count=f"{MAX_ALIAS_NODES:,}"),
                                           _("write the repeated parts out, or use fewer nested aliases")))
            tag = node.tag
            if tag is _PLAIN or tag == _PLAIN:
                return resolve_plain(node.value)
            if tag not in _ALLOWED_TAGS:
                self.fail("LS106", node, _("tag {tag} is not plain YAML data").format(tag=_short_tag(tag)),
                          _("remove the tag; livesop reads only strings, numbers, lists and mappings"))
            if node.__class__ is ScalarNode:
                return self.scalar(node)
            if node.__class__ is SequenceNode:
                seq = YSeq(_loc(self.origin, node), self.origin)
                spans, pack = seq._spans, ONE.pack
                shallow = depth < MAX_DEPTH and not self.in_alias  # plain scalars below need no checks
                for item in node.value:
                    if item.__class__ is ScalarNode and item.tag is _PLAIN and shallow:
                        seq.append(resolve_plain(item.value))
                    else:
                        seq.append(self.walk(item, depth + 1))
                    spans += pack(*_SPAN(item))
                return seq
            return self.mapping(node, depth)
        finally:
            if alias:
                self.in_alias -= 1

    def mapping(self, node: MappingNode, depth: int) -> YMap:
        result = YMap(_loc(self.origin, node), self.origin)
        spans, pack, span, resolve, scalar, plain = result._spans, PAIR.pack, _SPAN, resolve_plain, ScalarNode, _PLAIN
        shallow = depth < MAX_DEPTH and not self.in_alias  # plain scalars below need no checks
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar:
                self.fail("LS203", key_node, _("a key must be plain text, not a list or mapping"),
                          _("write keys as simple words"))
            if key_node.tag is plain and shallow:  # the common case, without the general walk
                key = resolve(key_node.value)
            else:
                key = self.walk(key_node, depth + 1)
            # the same few keys in every cue and segment: one string each
            key = intern(key) if key.__class__ is str else odd_key(key)
            if key in result:
                self.fail("LS105", key_node, _("duplicate key {key} (first at line {line})").format(
                    key=repr(key), line=result.key_at(key).line),
                          _("remove or rename one of the two; YAML would silently keep only the last"))
            spans += pack(*span(key_node), *span(value_node))
            if value_node.__class__ is scalar and value_node.tag is plain and shallow:
                value = resolve(value_node.value)
                # a short word (a role, a script id, a duration) is one string however often it is written
                result[key] = intern(value) if value.__class__ is str and len(value) <= SHORT else value
            else:
                result[key] = self.walk(value_node, depth + 1)
        return result

    def scalar(self, node: ScalarNode):
        value, tag = node.value, node.tag
        if tag == _PLAIN:
            return resolve_plain(value)
        control = first_control(value)
        if control is not None and not self.in_alias:
            self.control_character(node, ord(value[control]))
        kind = tag[len(_YAML):]
        if kind == "str":
            return value
        resolved = resolve_plain(value) if node.style is None else value
        if kind == "null" and resolved is None:
            return None
        if kind == "bool" and isinstance(resolved, bool):
            return resolved
        if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
            return resolved
        if kind == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
            return float(resolved)
        self.fail("LS106", node, _("{value} cannot be read as !!{kind}").format(value=repr(value), kind=kind),
                  _("remove the tag or fix the value"))

    def control_character(self, node: ScalarNode, char: int) -> None:
        """LS111 at the escape that writes the first control character of a double-quoted
        scalar, else at the scalar's start (a plain or block text cannot hold one)."""
        line, col = self.escape_site(node) if node.style == '"' else (0, 0)
        if not line:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.findings.append(Diagnostic(
            "LS111", self.name, line, col, _("control character U+{code} in a text").format(code=f"{char:04X}"),
            _("remove the escape that writes it (`\\e`, `\\x1b`, `\\u009b` …): printed, it can move the "
              "cursor, clear the screen or write the clipboard")))

    def escape_site(self, node: ScalarNode) -> tuple[int, int]:
        """Line and column (1-based) of the first escape in a double-quoted scalar that writes a
        control character; (0, 0) when none is found."""
        if self._lines is None:
            self._lines = self.parsed.split("\n")
        start, end = node.start_mark, node.end_mark
        row, col = start.line, start.column + 1  # after the opening quote
        while row <= min(end.line, len(self._lines) - 1):
            text = self._lines[row]
            stop = min(end.column, len(text)) if row == end.line else len(text)
            while col < stop - 1:
                if text[col] != "\\":
                    col += 1
                    continue
                letter = text[col + 1]
                width = _HEX_ESCAPES.get(letter, 0)
                digits = text[col + 2:col + 2 + width]
                if width and _HEX_DIGITS.fullmatch(digits) and int(digits, 16) < 0x110000:
                    char = chr(int(digits, 16))
                else:
                    char = _ESCAPES.get(letter, "")
                if char and first_control(char) is not None:
                    return row + 1, col + 1
                col += 2 + width
            row, col = row + 1, 0
        return 0, 0


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag
