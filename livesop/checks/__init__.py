"""Playbook checks: one module per family of codes, registered in ``CHECKS``; ``run_checks`` runs
the families a selection of codes can need.

A check module has ``FAMILY`` (the code prefix, e.g. ``"LS4"``: every code it yields starts with
it) and ``check(ctx)``, a generator of diagnostics. Syntax and structure (LS1xx, LS2xx) are found
while the model is built, before any check runs.
"""

from __future__ import annotations

from livesop.checks import commerce, emergencies, references, scripts, timing
from livesop.checks.compliance import check as compliance
from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic

CHECKS = {module.FAMILY: module for module in (references, timing, scripts, commerce, emergencies, compliance)}


def family_selected(family: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """Whether a code of ``family`` can survive ``--select``/``--ignore`` (prefixes, any case)."""
    if select and not any(family.startswith(p.upper()) or p.upper().startswith(family) for p in select):
        return False
    return not any(family.startswith(p.upper()) for p in ignore)


def run_checks(context: Context, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> list[Diagnostic]:
    """The findings of every family that the selection can need, each distinct finding once."""
    seen, result = set(), []
    for family, module in CHECKS.items():
        if not family_selected(family, select, ignore):
            continue
        for diagnostic in module.check(context):
            key = (diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message)
            if key not in seen:
                seen.add(key)
                result.append(diagnostic)
    return result
