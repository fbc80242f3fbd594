"""Placeholders in 话术, actions and titles: scanning and rendering, evaluating nothing.

Allowed: ``{name}`` for a variable, ``{product.<field>}``, ``{segment.title}``, ``{countdown}``;
``{{`` and ``}}`` are literal braces. Anything else between braces is reported, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from livesop import regexes
from livesop.format.model import PRODUCT_FIELDS
from livesop.i18n import _

_TOKEN = regexes.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_NAME = regexes.compile(r"^[^\W\d][\w-]*$")
SEGMENT_FIELDS = ("title",)


@dataclass(frozen=True)
class Placeholder:
    """One ``{…}`` in a text. ``kind`` is var, product, segment, countdown, or bad."""

    start: int
    end: int
    expr: str
    kind: str
    name: str = ""

    @property
    def problem(self) -> str:
        """What is wrong with a ``bad`` placeholder, in the language in force ("" for any other)."""
        if self.kind != "bad":
            return ""
        if self.expr in ("{", "}"):
            return _("a lone `{brace}`; write `{double}` for a literal brace").format(brace=self.expr,
                                                                                      double=self.expr * 2)
        return _("`{placeholder}` is not a plain placeholder: no spaces, indexing, calls or format specs").format(
            placeholder="{" + self.expr + "}")

    @property
    def key(self) -> str:
        """The name under which a render context holds this placeholder's value."""
        return self.expr


@lru_cache(maxsize=8192)
def scan(text: str) -> tuple[Placeholder, ...]:
    """Every placeholder and every stray brace in ``text``, in order."""
    if "{" not in text and "}" not in text:
        return ()
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        start, end = match.span()
        if token in ("{", "}"):
            found.append(Placeholder(start, end, token, "bad"))  # its ``problem`` says what is wrong
            continue
        found.append(_classify(start, end, match.group(1)))
    return tuple(found)


def _classify(start: int, end: int, expr: str) -> Placeholder:
    if expr == "countdown":
        return Placeholder(start, end, expr, "countdown", expr)
    head, dot, tail = expr.partition(".")
    if dot and head == "product" and _NAME.match(tail):
        return Placeholder(start, end, expr, "product", tail)
    if dot and head == "segment" and _NAME.match(tail):
        return Placeholder(start, end, expr, "segment", tail)
    if not dot and _NAME.match(expr):
        return Placeholder(start, end, expr, "var", expr)
    return Placeholder(start, end, expr, "bad")


def render(text: str, values: Mapping[str, object], mark_missing: bool = True) -> tuple[str, list[str]]:
    """``text`` with placeholders replaced from ``values`` (keyed by the placeholder's expression).

    Returns the rendered text and the expressions that had no value; those stay in the text
    as ``{expr}`` (or ``⟨expr?⟩`` when ``mark_missing``), and a malformed one stays as written.
    """
    missing: list[str] = []

    def substitute(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        inner = match.group(1)
        if inner is None:
            return token
        value = values.get(inner)
        if value is None:
            if inner not in missing:
                missing.append(inner)
            return f"⟨{inner}?⟩" if mark_missing else token
        return _text(value)

    return _TOKEN.sub(substitute, text), missing


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def product_values(product) -> dict[str, object]:
    """The ``product.<field>`` values a product provides (absent fields left out)."""
    if product is None:
        return {}
    values = {}
    for name in PRODUCT_FIELDS:
        value = product.field_value(name)
        if value is not None:
            values[f"product.{name}"] = value
    return values
