"""Helpers for editing ruamel.yaml round-trip data without losing or duplicating comments.

ruamel.yaml keeps a comment (and the blank lines) that follows a node on the *last* value inside
that node. When a node is copied (a ``for_each`` block repeated per product) or replaced (the
template's products), those trailing lines would be duplicated or lost; ``take_trailing`` and
``give_trailing`` move them explicitly. A comment on the node's own last line stays put.
``rt_yaml`` and ``dump`` are the round-trip settings every writer uses.
"""

from __future__ import annotations

import io

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


def _is_block(node) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and not node.fa.flow_style()


def _last_key(node):
    return next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1


def _holders(node):
    """Block collections down the chain of last items, outermost first."""
    while _is_block(node) and len(node):
        yield node
        node = node[_last_key(node)]


def take_trailing(node) -> str:
    """Remove the lines after ``node`` (comments, blank lines) and return them as text."""
    parts: list[str] = []
    for holder in _holders(node):
        entry = holder.ca.items.get(_last_key(holder))
        slot = 2 if isinstance(holder, CommentedMap) else 0
        if entry and len(entry) > slot and isinstance(entry[slot], CommentToken):
            first, newline, rest = entry[slot].value.partition("\n")
            parts.append(rest)
            if first.strip():
                entry[slot].value = first + newline
            else:
                entry[slot] = None
        end = getattr(holder.ca, "end", None)
        if end:
            parts.append("".join(token.value for token in end if isinstance(token, CommentToken)))
            holder.ca.end = []
    return "".join(parts)


def give_trailing(node, text: str) -> None:
    """Put ``text`` (as returned by ``take_trailing``) after ``node``."""
    if not text:
        return
    holders = list(_holders(node))
    if not holders:
        return
    holder = holders[-1]
    key = _last_key(holder)
    value = holder[key]
    if isinstance(holder, CommentedSeq) and isinstance(value, (CommentedMap, CommentedSeq)):
        holder.ca.end = [CommentToken(text, CommentMark(0))]
        return
    slot = 2 if isinstance(holder, CommentedMap) else 0
    entry = holder.ca.items.setdefault(key, [None, None, None, None])
    current = entry[slot]
    if isinstance(current, CommentToken):
        first = current.value.partition("\n")[0]
        current.value = first + "\n" + text
    else:
        entry[slot] = CommentToken("\n" + text, CommentMark(0))


def block_map(pairs) -> CommentedMap:
    """A block-style mapping from (key, value) pairs."""
    result = CommentedMap()
    for key, value in pairs:
        result[key] = value
    return result


def flow_map(pairs) -> CommentedMap:
    """A one-line ``{key: value, …}`` mapping."""
    result = block_map(pairs)
    result.fa.set_flow_style()
    return result


def insert_after(mapping: CommentedMap, anchors: tuple[str, ...], key: str, value) -> None:
    """Set ``key`` in ``mapping``; a new key goes right after the last of ``anchors`` present (else
    first), taking over the blank lines and comments that followed that anchor's block value."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    position, anchor = 0, None
    for name in anchors:
        if name in mapping and keys.index(name) + 1 > position:
            position, anchor = keys.index(name) + 1, name
    mapping.insert(position, key, value)
    if anchor is not None and _is_block(mapping[anchor]) and _is_block(value):
        give_trailing(value, take_trailing(mapping[anchor]))


def rt_yaml():
    """ruamel.yaml round-trip settings that keep a bundled playbook byte for byte."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def dump(data) -> str:
    buffer = io.StringIO()
    rt_yaml().dump(data, buffer)
    return buffer.getvalue()
