"""Renderers of the printed sheets (``livesop.print.sheet`` data) for each output format.

Each module offers ``show(sheet, scripts="full", **options)`` and, except xlsx,
``checklist(sheet, **options)``; text formats return ``str``, xlsx returns ``bytes``. ``scripts``
is one of ``SCRIPT_MODES``: ``full`` prints each spoken line's 话术 (json always carries it).
Modules are imported only when used. The text, md and html renderers draw ``visible(sheet)``: a
playbook's or a library's texts can carry control characters, which must not reach a terminal
(json escapes them instead).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping

from livesop.controls import visible as visible_text

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
SCRIPT_MODES = ("full", "id")  # ``show --scripts``: every spoken line in full (the 主播话术 column), or its id only


def visible(value):
    """A copy of a sheet (or any part of one) with every text through ``livesop.controls.visible``."""
    if isinstance(value, str):
        return visible_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: visible(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, (tuple, list)):
        return type(value)(visible(item) for item in value)
    if isinstance(value, Mapping):
        return {visible(key): visible(item) for key, item in value.items()}
    return value


def render_show(fmt: str, sheet, **options) -> str | bytes:
    return importlib.import_module(REPORTERS[fmt]).show(sheet, **options)


def render_checklist(fmt: str, sheet, **options) -> str:
    return importlib.import_module(REPORTERS[fmt]).checklist(sheet, **options)
