"""A playbook text that a command is about to write, checked exactly as ``livesop validate``
would check the written file.

``livesop new`` and ``livesop import`` build a playbook in memory, dump it, check the dumped
text here, and only then write it (``livesop.files``: atomically, never over an existing file
without ``--force``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks import Context, run_checks
from livesop.checks.reporters.text import render
from livesop.checks.validate import ValidationResult, library_for
from livesop.diagnostics import Diagnostic
from livesop.format.build import build
from livesop.format.yamlio import load_text


@dataclass
class Checked:
    """The findings on a playbook text, sorted, and the playbook built from it."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    playbook: object = None  # the built model (livesop.format.model.Playbook), None when it did not build

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def check_text(text: str, name: str, search_from: tuple[Path, ...] = ()) -> Checked:
    """Structure and checks of a playbook text as ``livesop validate`` reports them for file ``name``.

    The scripts library (needed only when the text refers to it) is the nearest
    ``scripts_library/`` above the first of ``search_from`` that has one.
    """
    playbook, diagnostics = build(load_text(text, name))
    if playbook is None:
        return Checked(sorted(diagnostics, key=Diagnostic.sort_key))
    library, searched = library_for(playbook, search_from)
    found = list(diagnostics) + run_checks(Context(playbook, library, searched))
    if library is not None:
        found += library.diagnostics
    return Checked(sorted(found, key=Diagnostic.sort_key), playbook)


def report(checked: Checked, name: str) -> str:
    """The findings as ``livesop validate`` prints them."""
    return render(ValidationResult(diagnostics=list(checked.diagnostics), files=[name]))
