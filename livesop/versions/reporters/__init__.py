"""Reports of a semantic diff: text (rich, for people), json (for tools), md (for reviews).

Each reporter module has ``render(changes, old_name, new_name, color=False) -> str``;
``REPORTERS`` names them and they are imported only when used.
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "livesop.versions.reporters.text",
    "json": "livesop.versions.reporters.json",
    "md": "livesop.versions.reporters.markdown",
}


def render(fmt: str, changes, old_name: str, new_name: str, color: bool = False) -> str:
    """The report of ``changes`` (from ``livesop.versions.diff.diff``) in format ``fmt``."""
    return importlib.import_module(REPORTERS[fmt]).render(changes, old_name, new_name, color=color)
