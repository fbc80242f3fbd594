"""How a change's values read in a report, shared by the text and markdown reports."""

from __future__ import annotations

import dataclasses

from livesop.controls import visible
from livesop.format.timefmt import format_duration, parse_duration
from livesop.versions.diff import Change, inline_diff

DASH = "—"


def shown(value):
    """``value`` (a text, a list of them, a number …) with control characters as ``\\x1b`` text."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    return value


def visible_change(change: Change) -> Change:
    """The change as a report shows it: path and values with their control characters visible."""
    return dataclasses.replace(change, path=visible(change.path), old=shown(change.old), new=shown(change.new))


def show(value) -> str:
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) or "[]"
    return str(value)


def is_text_change(change: Change) -> bool:
    """A change worth an inline character diff: two texts that are not short ASCII tokens."""
    old, new = change.old, change.new
    if change.kind != "changed" or not isinstance(old, str) or not isinstance(new, str):
        return False
    return not (old.isascii() and new.isascii() and len(old) <= 20 and len(new) <= 20 and "\n" not in old + new)


def changed_lines(runs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The inline runs split into lines; lines without an edit become one ``("…", "")`` marker."""
    lines: list[list[tuple[str, str]]] = [[]]
    for op, text in runs:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    result: list[list[tuple[str, str]]] = []
    for line in lines:
        if any(op != "=" for op, _ in line) or len(lines) == 1:
            result.append(line)
        elif not result or result[-1] != [("…", "")]:
            result.append([("…", "")])
    return result


def text_runs(change: Change) -> list[list[tuple[str, str]]]:
    return changed_lines(inline_diff(change.old, change.new))


# Hard-start consequences read as sentences: (added, removed) wording per timing field.
TIMING_WORDS = {"overlap": ("now overlapped by {new}", "no longer overlapped (was {old})"),
                "gap": ("now waits after a gap of {new}", "gap of {old} closed")}


def plain_value(change: Change) -> str:
    """``10m → 8m``, ``position 5 → 3``, ``答疑 (5m)`` — the value part of a one-line change."""
    words = TIMING_WORDS.get(change.path.rsplit(".", 1)[-1]) if change.area == "timing" else None
    if words and change.kind in ("added", "removed"):
        return words[change.kind == "removed"].format(old=change.old, new=change.new)
    if change.kind == "added":
        return show(change.new)
    if change.kind == "removed":
        return show(change.old)
    if change.kind == "moved":
        return f"position {change.old} → {change.new}"
    return f"{show(change.old)} → {show(change.new)}{delta(change)}"


def delta(change: Change) -> str:
    """`` (−3m)`` after a change of the show's total length; empty for anything else."""
    if change.path != "timing.total":
        return ""
    seconds = (parse_duration(str(change.new)) or 0) - (parse_duration(str(change.old)) or 0)
    return f" ({'+' if seconds > 0 else '−'}{format_duration(abs(seconds))})"


def lines_of(change: Change) -> str:
    old = DASH if change.old_line is None else str(change.old_line)
    new = DASH if change.new_line is None else str(change.new_line)
    return f"{old} → {new}"
