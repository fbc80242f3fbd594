"""Models of many versions of one playbook, rebuilding only the parts that changed.

A history walk reads hundreds of versions that differ in a few lines. Each version's text is
cut into chunks — one per top-level key, and one per item of the top-level lists (segments,
products, emergencies) — and each chunk is loaded and built on its own, inside a small
stand-in document, once per distinct text. A version's model is then put together from its
chunks. The result equals ``build(load_bytes(...))`` up to source positions (which are not
compared); whenever a text does not cut cleanly (anchors shared between chunks, a flow-style
document, a syntax error, a repeated key) the version is built the ordinary way instead.
"""

from __future__ import annotations

import re
from dataclasses import fields

from livesop.format.build import build
from livesop.format.model import Playbook
from livesop.format.source import Loc
from livesop.format.yamlio import MAX_BYTES, load_bytes, load_text

_KEY = re.compile(r"([a-z_]+):(?:[ \t\r]|$)", re.M)  # a top-level key's line
_ITEM = re.compile(r"( *)-(?:[ \t\r]|$)", re.M)  # a list item's first line
_HEAD = re.compile(r"\n(?=[^ #\r\n-])")  # the end of the line before one that starts a top-level section
_CONTENT = re.compile(r"^[^\S\n]*[^\s#]", re.M)  # a line neither blank nor a comment
_LISTS = ("products", "segments", "emergencies")
_REQUIRED = {"livesop": "livesop: 1", "id": "id: x", "title": "title: x", "version": "version: 1.0.0",
             "roles": "roles: {}", "segments": "segments: []"}
_FIELDS = {f.name for f in fields(Playbook)} - {"file", "loc", "locs", "src"}


class Chunked:
    """Builds playbook models for many texts, sharing the work for identical chunks."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], object] = {}
        self.sections: dict[tuple[str, str], list[str]] = {}
        self.copies: dict = {}  # ``for_each`` copies of the segments (``expand_segments``)

    def model(self, raw: bytes, name: str) -> Playbook | None:
        """The model of ``raw`` (None when it cannot be read), as ``build`` would give it."""
        parts = self._parts(raw)
        if parts is None:
            return build(load_bytes(raw, name), cross_checks=False)[0]
        values: dict = {}
        for key, chunks in parts:
            built = [self._chunk(key, chunk) for chunk in chunks]
            if any(b is _FAILED for b in built):
                return build(load_bytes(raw, name), cross_checks=False)[0]
            if key in _FIELDS:
                values[key] = tuple(x for b in built for x in b) if key in _LISTS else built[0]
        return Playbook(file=name, loc=Loc(name, 1, 1), **values)

    def _chunk(self, key: str, text: str):
        cached = self.cache.get((key, text))
        if cached is None:
            cached = self.cache[(key, text)] = _build_chunk(key, text)
        return cached

    def _parts(self, raw: bytes) -> list[tuple[str, list[str]]] | None:
        """[(top-level key, [chunk text, …])], or None when the text does not cut cleanly."""
        if len(raw) > MAX_BYTES or b"\t" in raw:
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if text.startswith("\ufeff"):
            text = text[1:]
        # A section runs from a line that starts flush left with something other than `#` or `-`
        # to the next one; before the first, only blank lines and comments.
        starts = ([0] if text[:1] not in ("", " ", "#", "\r", "\n", "-") else []) + \
            [match.end() for match in _HEAD.finditer(text)]
        if not starts:
            return None
        for line in text[:starts[0]].split("\n"):
            if line.strip() and not line.startswith("#"):
                return None  # content before the first key: build it whole
        sections: list[tuple[str, str]] = []
        for index, start in enumerate(starts):
            match = _KEY.match(text, start)
            if match is None:
                return None  # `---`, a flow document, a complex key: build it whole
            end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
            sections.append((match.group(1), text[start:end]))
        keys = [key for key, _ in sections]
        if len(set(keys)) != len(keys):
            return None
        return [(key, self._section(key, section)) for key, section in sections]

    def _section(self, key: str, text: str) -> list[str]:
        chunks = self.sections.get((key, text))
        if chunks is None:
            chunks = self.sections[(key, text)] = _items(key, text)
        return chunks


_FAILED = object()


def _items(key: str, text: str) -> list[str]:
    """A list section's items as separate ``key:\\n- …`` texts; any other section whole.

    The items start at the lines ``- `` at the indent of the first line that is neither blank nor
    a comment; every other such line must be indented further. Blank lines and comments go with
    the item before them (those before the first item are left out)."""
    head, newline, body = text.partition("\n")
    if key not in _LISTS or head.split("#", 1)[0].strip() != f"{key}:" or not newline:
        return [text]
    first = _CONTENT.search(body)
    item = _ITEM.match(body, first.start()) if first is not None else None
    if item is None:
        return [text]
    body, indent = body[item.start():], len(item.group(1))
    # a line indented no further than the items that does not start one: the list is not plain
    # (the patterns start at the newline before a line: a search for it is quicker than for ``^``)
    if re.search(r"\n(?! {%d}-(?:[ \t\r]|$)) {0,%d}(?! )[^\S\n]*[^\s#]" % (indent, indent), body, re.M):
        return [text]
    starts = [0] + [match.start() + 1 for match in re.finditer(r"\n {%d}-(?:[ \t\r]|$)" % indent, body, re.M)]
    ends = [start - 1 for start in starts[1:]] + [len(body)]
    return [f"{key}:\n" + body[start:end] for start, end in zip(starts, ends)]


def _build_chunk(key: str, text: str):
    """The model value of one chunk: for a list item a tuple of (at most) one entry.

    The stand-in document has every required key except ``key``, so the value read for
    ``key`` comes from the chunk alone — the field's default when the chunk's value is unusable,
    exactly as in a whole build.
    """
    filler = "\n".join(line for name, line in _REQUIRED.items() if name != key)
    loaded = load_text(f"{filler}\n{text}\n", "chunk")
    if loaded.data is None or any(d.code.startswith("LS1") for d in loaded.diagnostics):
        return _FAILED
    playbook, _ = build(loaded, cross_checks=False)
    if playbook is None:
        return _FAILED
    return getattr(playbook, key) if key in _FIELDS else None
