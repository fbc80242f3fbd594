"""Text report with rich: changes grouped by area, line numbers of both sides, inline text diffs.

Without colour, deletions read ``[-…-]`` and insertions ``{+…+}`` (wdiff style), so the report
stays exact when piped or pasted. Control characters in names and texts read as ``\\x1b``.
"""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from livesop.controls import visible
from livesop.i18n import _, ngettext
from livesop.versions.diff import AREAS, KINDS, summarize
from livesop.versions.reporters.values import (
    area_label,
    is_text_change,
    kind_label,
    lines_of,
    plain_value,
    text_runs,
    visible_change
)

KIND_STYLES = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan"}
RUN_STYLES = {"-": "red strike", "+": "green bold", "=": "", "…": "dim"}
MARKERS = {"-": ("[-", "-]"), "+": ("{+", "+}"), "=": ("", ""), "…": ("…", "")}
MAX_PATH = 44


Part = tuple[str, str]  # a piece of a line and its rich style ("" for none)


def render(changes, old_name: str, new_name: str, color: bool = False) -> str:
    changes = [visible_change(c) for c in changes]
    lines: list[list[Part]] = [[(f"--- {visible(old_name)}", "red")], [(f"+++ {visible(new_name)}", "green")]]
    if not changes:
        lines.append([(_("no difference"), "")])
        return _output(lines, color)
    path_width = min(MAX_PATH, max(cell_len(c.path) for c in changes))
    line_width = max(len(lines_of(c)) for c in changes)
    kind_width = max(7, *(cell_len(kind_label(kind)) for kind in KINDS)) + 1
    for area in AREAS:
        group = [c for c in changes if c.area == area]
        if not group:
            continue
        lines += [[], [(area_label(area), "bold")]]
        for change in group:
            lines.append(_line(change, path_width, line_width, kind_width))
            if is_text_change(change):
                for runs in text_runs(change):
                    lines.append(_runs(runs, " " * (line_width + 5 + kind_width), color))
    count = len(changes)
    total = ngettext("{count} change: {summary}", "{count} changes: {summary}", count)
    lines += [[], [(total.format(count=count, summary=summarize(changes)), "bold")]]
    return _output(lines, color)


def _output(lines: list[list[Part]], color: bool) -> str:
    """Styled through rich on a terminal; the pieces joined as they are otherwise (no rich needed)."""
    if not color:
        return "\n".join("".join(piece for piece, _style in parts) for parts in lines)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=True, color_system="standard", highlight=False,
                      emoji=False, markup=False, legacy_windows=False, soft_wrap=True)
    for parts in lines:
        console.print(Text.assemble(*((piece, style or None) for piece, style in parts)))
    return buffer.getvalue().rstrip("\n")


def _line(change, path_width: int, line_width: int, kind_width: int) -> list[Part]:
    kind = kind_label(change.kind)
    parts = [("  ", ""), (lines_of(change).rjust(line_width), "dim"), ("  ", ""),
             (kind + " " * (kind_width - cell_len(kind)), KIND_STYLES[change.kind]), (" ", ""),
             (change.path, ""), (" " * max(1, path_width - cell_len(change.path) + 2), "")]
    if is_text_change(change):
        from livesop.versions.diff import edit_size, inline_diff

        size = edit_size(inline_diff(change.old, change.new))
        parts.append((ngettext("{count} character changed", "{count} characters changed", size).format(count=size),
                      "dim"))
    else:
        parts.append((plain_value(change), ""))
    return parts


def _runs(runs: list[tuple[str, str]], indent: str, color: bool) -> list[Part]:
    parts = [(indent, "")]
    for op, piece in runs:
        if color:
            parts.append((piece if op != "…" else "…", RUN_STYLES[op]))
        else:
            start, end = MARKERS[op]
            parts.append((f"{start}{piece}{end}", ""))
    return parts
