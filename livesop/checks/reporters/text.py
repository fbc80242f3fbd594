"""Text reporter: ``path:line:col: CODE message`` with the hint below, grouped by file.

File names, messages and hints can quote a playbook's text: their control characters are shown
as ``\\x1b``-style text (``livesop.controls.visible``) before the colours are added.
"""

from __future__ import annotations

from livesop.controls import visible
from livesop.i18n import _, ngettext

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
            lines.append(paint("dim", _("    hint: {hint}").format(hint=visible(d.hint))))
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
        lines.append(paint("dim", visible(_("accepted: {term} at {file}:{line}:{column} — {reason}").format(
            term=a.term, file=a.file, line=a.line, column=a.column, reason=a.reason))))
    return lines


def summary(result, paint=lambda style, text: text) -> str:
    files = len(result.files)
    checked = ngettext("{count} playbook checked", "{count} playbooks checked", files).format(count=files)
    if result.skipped:
        checked = ngettext("{checked} ({count} other YAML file skipped)", "{checked} ({count} other YAML files skipped)",
                           result.skipped).format(checked=checked, count=result.skipped)
    if not result.diagnostics:
        return paint("ok", _("{checked}: no problems").format(checked=checked))
    errors = ngettext("{count} error", "{count} errors", result.errors).format(count=result.errors)
    warnings = ngettext("{count} warning", "{count} warnings", result.warnings).format(count=result.warnings)
    if result.errors and result.warnings:
        found = _("{errors}, {warnings}").format(errors=paint("error", errors), warnings=paint("warning", warnings))
    else:
        found = paint("error", errors) if result.errors else paint("warning", warnings)
    return _("{checked}: {found}").format(checked=checked, found=found)
