"""Text reporter: ``path:line:col: CODE message`` with the hint below, grouped by file.

File names, messages and hints can quote a playbook's text: their control characters are shown
as ``\\x1b``-style text (``livesop.controls.visible``) before the colours are added.
"""

from __future__ import annotations

from livesop.controls import visible

_STYLES = {"error": "\033[31m", "warning": "\033[33m", "dim": "\033[2m", "bold": "\033[1m", "ok": "\033[32m"}
_RESET = "\033[0m"


def render(result, color: bool = False) -> str:
    def paint(style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if color else text

    lines: list[str] = []
    current = None
    for d in result.diagnostics:
        if d.file != current:
            if current is not None:
                lines.append("")
            current = d.file
        where = paint("bold", f"{visible(d.file)}:{d.line}:{d.column}:")
        lines.append(f"{where} {paint(d.severity, d.code)} {visible(d.message)}")
        if d.hint:
            lines.append(paint("dim", f"    hint: {visible(d.hint)}"))
    lines += accepted_lines(result, paint)
    if lines:
        lines.append("")
    lines.append(summary(result, paint))
    return "\n".join(lines)


def accepted_lines(result, paint) -> list[str]:
    """``accepted: 第一 at p.yaml:12:5 — reason`` for each finding accepted under compliance.allow."""
    accepted = sorted(getattr(result, "accepted", ()), key=lambda a: (a.file, a.line, a.column))
    lines = [""] if accepted and result.diagnostics else []
    for a in accepted:
        lines.append(paint("dim", visible(f"accepted: {a.term} at {a.file}:{a.line}:{a.column} — {a.reason}")))
    return lines


def summary(result, paint=lambda style, text: text) -> str:
    files = len(result.files)
    checked = f"{files} playbook{'s' if files != 1 else ''} checked"
    if result.skipped:
        checked += f" ({result.skipped} other YAML file{'s' if result.skipped != 1 else ''} skipped)"
    if not result.diagnostics:
        return paint("ok", f"{checked}: no problems")
    parts = []
    if result.errors:
        parts.append(paint("error", f"{result.errors} error{'s' if result.errors != 1 else ''}"))
    if result.warnings:
        parts.append(paint("warning", f"{result.warnings} warning{'s' if result.warnings != 1 else ''}"))
    return f"{checked}: {', '.join(parts)}"
