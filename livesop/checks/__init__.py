"""Playbook checks: one module per family of codes, registered in ``CHECKS``; ``run_checks`` runs
the families a selection of codes can need.

A check module has ``FAMILY`` (the code prefix, e.g. ``"LS4"``: every code it yields starts with
it) and ``check(ctx)``, a generator of diagnostics. Syntax and structure (LS1xx, LS2xx) are found
while the model is built, before any check runs.

``CHECKS`` and ``Context`` are imported when first asked for, so that a ``validate`` answered
from its result cache (``checks.cache``) loads none of the checks.
"""

from __future__ import annotations

import importlib

from livesop.diagnostics import Diagnostic

# family → module name; ``CHECKS`` is the same table with the modules themselves.
FAMILIES = {
    "LS3": "livesop.checks.references",
    "LS4": "livesop.checks.timing",
    "LS5": "livesop.checks.scripts",
    "LS6": "livesop.checks.commerce",
    "LS8": "livesop.checks.emergencies",
    "LS7": "livesop.checks.compliance.check",
}


def __getattr__(name: str):
    if name == "CHECKS":
        checks = {family: importlib.import_module(module) for family, module in FAMILIES.items()}
        globals()["CHECKS"] = checks
        return checks
    if name == "Context":
        from livesop.checks.context import Context

        return Context
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def family_selected(family: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """Whether a code of ``family`` can survive ``--select``/``--ignore`` (prefixes, any case)."""
    if select and not any(family.startswith(p.upper()) or p.upper().startswith(family) for p in select):
        return False
    return not any(family.startswith(p.upper()) for p in ignore)


def run_checks(context, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> list[Diagnostic]:
    """The findings of every family that the selection can need, each distinct finding once."""
    seen, result = set(), []
    for family, module in __getattr__("CHECKS").items():
        if not family_selected(family, select, ignore):
            continue
        for diagnostic in module.check(context):
            key = (diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message)
            if key not in seen:
                seen.add(key)
                result.append(diagnostic)
    return result
