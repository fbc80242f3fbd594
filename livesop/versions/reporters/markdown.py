"""Markdown report for a merge request: a summary, then one table per area.

Inline text edits use ``<del>`` and ``<ins>`` (``~~`` and ``**`` do not reliably open next to
Chinese punctuation); table cells escape ``|``, ``<``, ``>`` and ``&``, and control characters
read as ``\\x1b``.
"""

from __future__ import annotations

from livesop.controls import visible
from livesop.versions.diff import AREAS, summarize
from livesop.versions.reporters.values import (
    DASH,
    delta,
    is_text_change,
    lines_of,
    plain_value,
    show,
    text_runs,
    visible_change
)

_ESCAPES = str.maketrans({"|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "`": "\\`"})


def cell(text: str) -> str:
    return text.translate(_ESCAPES)


def code(text: str) -> str:
    """``text`` as inline code in a table cell, or as escaped text when a backquote would end it."""
    if "`" in text or "\n" in text:
        return cell(text)
    return "`" + text.replace("|", "\\|") + "`"


def render(changes, old_name: str, new_name: str, color: bool = False) -> str:
    changes = [visible_change(c) for c in changes]
    lines = [f"### Playbook changes: {code(visible(old_name))} → {code(visible(new_name))}", ""]
    if not changes:
        lines.append("No difference.")
        return "\n".join(lines)
    lines += [f"**{len(changes)} change{'s' if len(changes) != 1 else ''}:** {cell(summarize(changes))}", ""]
    for area in AREAS:
        group = [c for c in changes if c.area == area]
        if not group:
            continue
        lines += [f"#### {area}", "", "| change | where | before | after | lines |", "|---|---|---|---|---|"]
        for change in group:
            before, after = _values(change)
            lines.append(f"| {change.kind} | {code(change.path)} | {before} | {after} | {lines_of(change)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _values(change) -> tuple[str, str]:
    if is_text_change(change):
        lines = text_runs(change)
        before = "<br>".join("".join(_run(op, p) for op, p in runs if op != "+") for runs in lines)
        after = "<br>".join("".join(_run(op, p) for op, p in runs if op != "-") for runs in lines)
        return before, after
    if change.area == "timing" and change.kind in ("added", "removed"):
        return DASH if change.kind == "added" else cell(show(change.old)), cell(plain_value(change))
    if change.kind == "added":
        return DASH, cell(show(change.new))
    if change.kind == "removed":
        return cell(show(change.old)), DASH
    if change.kind == "moved":
        return f"position {change.old}", f"position {change.new}"
    return cell(show(change.old)), cell(show(change.new) + delta(change))


def _run(op: str, piece: str) -> str:
    if op == "-":
        return f"<del>{cell(piece)}</del>"
    if op == "+":
        return f"<ins>{cell(piece)}</ins>"
    if op == "…":
        return "…"
    return cell(piece)
