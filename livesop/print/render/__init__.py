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
import datetime as dt
import importlib
from collections.abc import Mapping

from livesop.controls import first_control, visible as visible_text
from livesop.format.timefmt import human_date
from livesop.i18n import is_chinese

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
    """A sheet (or any part of one) with every text through ``livesop.controls.visible``: a copy
    where a text changes, the same immutable part where none does (a sheet of thousands of rows
    is walked, not copied). A sheet built from sources without control characters (``plain``,
    ``sheet.plain_sources``) has only its header looked at."""
    if isinstance(value, str):
        return visible_text(value)
    if getattr(value, "plain", None) is True:  # a sheet from sources without control characters: its header only
        meta = visible(value.meta)
        return value if meta is value.meta else dataclasses.replace(value, meta=meta)
    names = _init_fields(value.__class__)
    if names is not None:
        texts, nested = [], []
        for name in names:
            kind = getattr(value, name).__class__
            if kind is str:
                texts.append(name)
            elif kind not in _PLAIN:  # numbers and None need nothing
                nested.append(name)
        # the texts looked at together: most records hold no control character in any of them
        if texts and first_control("".join(getattr(value, name) for name in texts)) is None:
            texts = []
        changes = {}
        for name in texts + nested:
            old = getattr(value, name)
            new = visible_text(old) if old.__class__ is str else visible(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = [visible(item) for item in value]
        return value if all(new is old for new, old in zip(items, value)) else type(value)(items)
    if isinstance(value, list):
        return [visible(item) for item in value]
    if isinstance(value, Mapping):
        return {visible(key): visible(item) for key, item in value.items()}
    return value


def date_label(meta, year: bool = False) -> str:
    """The show's date in a sheet's header: ISO (``2026-12-02``) in English, as the sheets have always
    printed it; in Chinese as the room writes it, ``12月2日 周三`` (``year``: ``2026年12月2日 周三``)."""
    if not meta.date or not is_chinese():
        return meta.date
    try:
        day = dt.date.fromisoformat(meta.date)
    except ValueError:
        return meta.date
    return human_date(day, year)


_FIELDS: dict[type, tuple[str, ...] | None] = {}
_PLAIN = (int, float, bool, type(None))


def _init_fields(cls: type) -> tuple[str, ...] | None:
    """The names of a dataclass's ``__init__`` fields (None for any other class), once per class."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init) \
            if dataclasses.is_dataclass(cls) else None
    return _FIELDS[cls]


def render_show(fmt: str, sheet, **options) -> str | bytes:
    return importlib.import_module(REPORTERS[fmt]).show(sheet, **options)


def render_checklist(fmt: str, sheet, **options) -> str:
    return importlib.import_module(REPORTERS[fmt]).checklist(sheet, **options)
