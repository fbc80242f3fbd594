"""Reporters for validation diagnostics: text (default), json and github annotations.

Each reporter module has ``render(result, color=False) -> str``; ``REPORTERS`` names them and
they are imported only when used.
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "livesop.checks.reporters.text",
    "json": "livesop.checks.reporters.json",
    "github": "livesop.checks.reporters.github",
}


def render(fmt: str, result, color: bool = False) -> str:
    return importlib.import_module(REPORTERS[fmt]).render(result, color=color)
