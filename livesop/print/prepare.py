"""Getting a playbook ready to print: load, refuse a broken structure, place it in time.

Shared by ``livesop show`` and ``livesop checklist``; parses the ``--start`` and ``--date``
overrides and returns the timeline with the scripts library its cues need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks import Context, run_checks
from livesop.checks.validate import ValidationResult, load_playbook
from livesop.diagnostics import Diagnostic
from livesop.errors import UsageError
from livesop.format.library import Library
from livesop.format.timefmt import parse_clock
from livesop.format.timeline import Timeline, build_timeline
from livesop.i18n import _


@dataclass
class PrintInput:
    """A playbook made ready to print: its timeline, scripts library and date, or the diagnostics that block it."""

    timeline: Timeline | None
    library: Library | None
    date: dt.date | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    path: str = ""
    library_searched: str = ""  # where the scripts library was looked for, for the hint of an unresolved 话术

    @property
    def failed(self) -> bool:
        return self.timeline is None

    def report(self) -> ValidationResult:
        """The blocking diagnostics as a validation result, for ``livesop.checks.reporters`` renderers."""
        return ValidationResult(diagnostics=sorted(self.diagnostics, key=Diagnostic.sort_key), files=[self.path])


def parse_start(text: str | None) -> int | None:
    if text is None:
        return None
    clock = parse_clock(text)
    if clock is None:
        raise UsageError(_("--start {value} is not a clock time").format(value=repr(text)),
                         _("write it as HH:MM or HH:MM:SS, e.g. --start 19:30"))
    return clock


def parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("--date {value} is not a date").format(value=repr(text)),
                         _("write it as YYYY-MM-DD, e.g. --date 2026-11-25")) from None


def prepare(path: Path, library_dir: Path | None = None, start: str | None = None,
            date: str | None = None) -> PrintInput:
    """Load ``path`` for printing. Structure errors (the model would be incomplete) and a scripts
    library its cues need but that is not found (LS306) block it."""
    start_clock, day = parse_start(start), parse_date(date)
    if not path.exists():
        raise UsageError(_("{file}: no such file").format(file=path), _("check the path"))
    if path.is_dir():
        raise UsageError(_("{file} is a folder").format(file=path), _("name one playbook file"))
    playbook, library, diagnostics, searched = load_playbook(path, library_dir)
    errors = [d for d in diagnostics if d.is_error] + _no_library(playbook, library, searched)
    if playbook is None or errors:
        return PrintInput(None, library, day, errors or list(diagnostics), str(path))
    return PrintInput(build_timeline(playbook, start_clock), library, day, [], str(path), searched)


def _no_library(playbook, library: Library | None, searched: str) -> list[Diagnostic]:
    """LS306 at each ``lib:`` 话术 when the playbook's scripts library is not found (moved, or
    never there): printed, each would be a placeholder, so they block the sheet."""
    if playbook is None or library is not None:
        return []
    found = run_checks(Context(playbook, None, searched), ("LS3",))
    return [d for d in found if d.code == "LS306"]
