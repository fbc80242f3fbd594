"""JSON report: a list of change records with exactly the keys of ``Change.as_dict``."""

from __future__ import annotations

from livesop.checks.reporters.json import dumps


def render(changes, old_name: str = "", new_name: str = "", color: bool = False) -> str:
    return dumps([c.as_dict() for c in changes])
