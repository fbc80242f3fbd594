"""Renderers of the printed sheets (``livesop.print.sheet`` data) for each output format.

Each module offers ``show(sheet, **options)`` and, except xlsx, ``checklist(sheet, **options)``;
text formats return ``str``, xlsx returns ``bytes``. Modules are imported only when used.
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "livesop.print.render.terminal",
    "md": "livesop.print.render.markdown",
    "html": "livesop.print.render.html",
    "json": "livesop.print.render.json",
    "xlsx": "livesop.print.render.xlsx",
}
SHOW_FORMATS = tuple(REPORTERS)
CHECKLIST_FORMATS = ("text", "md", "html", "json")
BINARY_FORMATS = ("xlsx",)


def render_show(fmt: str, sheet, **options) -> str | bytes:
    return importlib.import_module(REPORTERS[fmt]).show(sheet, **options)


def render_checklist(fmt: str, sheet, **options) -> str:
    return importlib.import_module(REPORTERS[fmt]).checklist(sheet, **options)
