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


def render(changes, old_name: str, new_name: str, color: bool = False) -> str:
    changes = [visible_change(c) for c in changes]
    lines = [Text(f"--- {visible(old_name)}", style="red"), Text(f"+++ {visible(new_name)}", style="green")]
    if not changes:
        lines.append(Text(_("no difference")))
        return _output(lines, color)
    path_width = min(MAX_PATH, max(cell_len(c.path) for c in changes))
    line_width = max(len(lines_of(c)) for c in changes)
    kind_width = max(7, *(cell_len(kind_label(kind)) for kind in KINDS)) + 1
    for area in AREAS:
        group = [c for c in changes if c.area == area]
        if not group:
            continue
        lines += [Text(""), Text(area_label(area), style="bold")]
        for change in group:
            lines.append(_line(change, path_width, line_width, kind_width, color))
            if is_text_change(change):
                for runs in text_runs(change):
                    lines.append(_runs(runs, " " * (line_width + 5 + kind_width), color))
    count = len(changes)
    total = ngettext("{count} change: {summary}", "{count} changes: {summary}", count)
    lines += [Text(""), Text(total.format(count=count, summary=summarize(changes)), style="bold")]
    return _output(lines, color)


def _output(lines: list[Text], color: bool) -> str:
    """Styled through rich on a terminal; plain text (no rendering pass needed) otherwise."""
    if not color:
        return "\n".join(line.plain for line in lines)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=True, color_system="standard", highlight=False,
                      emoji=False, markup=False, legacy_windows=False, soft_wrap=True)
    for line in lines:
        console.print(line)
    return buffer.getvalue().rstrip("\n")


def _line(change, path_width: int, line_width: int, kind_width: int, color: bool) -> Text:
    text = Text("  ")
    text.append(lines_of(change).rjust(line_width), style="dim")
    text.append("  ")
    kind = kind_label(change.kind)
    text.append(kind + " " * (kind_width - cell_len(kind)), style=KIND_STYLES[change.kind])
    text.append(" ")
    text.append(change.path)
    text.append(" " * max(1, path_width - cell_len(change.path) + 2))
    if is_text_change(change):
        from livesop.versions.diff import edit_size, inline_diff

        size = edit_size(inline_diff(change.old, change.new))
        text.append(ngettext("{count} character changed", "{count} characters changed", size).format(count=size),
                    style="dim")
    else:
        text.append(plain_value(change))
    return text


def _runs(runs: list[tuple[str, str]], indent: str, color: bool) -> Text:
    text = Text(indent)
    for op, piece in runs:
        if color:
            text.append(piece if op != "…" else "…", style=RUN_STYLES[op] or None)
        else:
            start, end = MARKERS[op]
            text.append(f"{start}{piece}{end}")
    return text
