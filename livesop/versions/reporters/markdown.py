"""Markdown report for a merge request: a summary, then one table per area.

Inline text edits use ``<del>`` and ``<ins>`` (``~~`` and ``**`` do not reliably open next to
Chinese punctuation); table cells escape ``|``, ``<``, ``>`` and ``&``, and control characters
read as ``\\x1b``.
"""

from __future__ import annotations

from livesop.controls import visible
from livesop.i18n import _, ngettext
from livesop.versions.diff import AREAS, summarize
from livesop.versions.reporters.values import (
    DASH,
    area_label,
    delta,
    is_text_change,
    kind_label,
    lines_of,
    new_text,
    old_text,
    plain_value,
    position,
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
    lines = [_("### Playbook changes: {old} → {new}").format(old=code(visible(old_name)), new=code(visible(new_name))),
             ""]
    if not changes:
        lines.append(_("No difference."))
        return "\n".join(lines)
    total = ngettext("**{count} change:** {summary}", "**{count} changes:** {summary}", len(changes))
    lines += [total.format(count=len(changes), summary=cell(summarize(changes))), ""]
    for area in AREAS:
        group = [c for c in changes if c.area == area]
        if not group:
            continue
        lines += [f"#### {cell(area_label(area))}", "", _("| change | where | before | after | lines |"),
                  "|---|---|---|---|---|"]
        for change in group:
            before, after = _values(change)
            lines.append(f"| {cell(kind_label(change.kind))} | {code(change.path)} | {before} | {after} "
                         f"| {lines_of(change)} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _values(change) -> tuple[str, str]:
    if is_text_change(change):
        lines = text_runs(change)
        before = "<br>".join("".join(_run(op, p) for op, p in runs if op != "+") for runs in lines)
        after = "<br>".join("".join(_run(op, p) for op, p in runs if op != "-") for runs in lines)
        return before, after
    if change.area == "timing" and change.kind in ("added", "removed"):
        return DASH if change.kind == "added" else cell(old_text(change)), cell(plain_value(change))
    if change.kind == "added":
        return DASH, cell(new_text(change))
    if change.kind == "removed":
        return cell(old_text(change)), DASH
    if change.kind == "moved":
        return position(change.old), position(change.new)
    return cell(old_text(change)), cell(new_text(change) + delta(change))


def _run(op: str, piece: str) -> str:
    if op == "-":
        return f"<del>{cell(piece)}</del>"
    if op == "+":
        return f"<ins>{cell(piece)}</ins>"
    if op == "…":
        return "…"
    return cell(piece)
