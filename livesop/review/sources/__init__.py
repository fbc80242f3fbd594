"""The files the 复盘 reads besides the run log, as tables: one module per file format.

Each module (``LOADERS``, imported when used) has ``load(path, name, bounds) -> Table`` and raises
only ``ParseError``: ``csvfile`` (UTF-8, with or without a BOM, or GBK; comma, tab or semicolon),
``xlsxfile`` (through ``excel.workbook``, which applies the spreadsheet limits before openpyxl
reads a byte) and ``jsonlines`` (one JSON object per line, or one JSON array; its keys become
the header row). A table is rows of cell values, the header among them (exports put title rows
above it); the reader of minute data or comments finds the header and says what each cell is.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from livesop.errors import LivesopError
from livesop.i18n import N_, _, pgettext

# suffix: (module, what it reads). A file without a suffix is told apart by its first bytes.
LOADERS: dict[str, tuple[str, str]] = {
    ".csv": ("livesop.review.sources.csvfile", N_("CSV (UTF-8 or GBK)")),
    ".tsv": ("livesop.review.sources.csvfile", N_("CSV (UTF-8 or GBK)")),
    ".txt": ("livesop.review.sources.csvfile", N_("CSV (UTF-8 or GBK)")),
    ".xlsx": ("livesop.review.sources.xlsxfile", N_("Excel workbook")),
    ".xlsm": ("livesop.review.sources.xlsxfile", N_("Excel workbook")),
    ".jsonl": ("livesop.review.sources.jsonlines", N_("JSON Lines")),
    ".ndjson": ("livesop.review.sources.jsonlines", N_("JSON Lines")),
    ".json": ("livesop.review.sources.jsonlines", N_("JSON Lines")),
}


class ParseError(LivesopError):
    """A data file that cannot be read as the table it should be (a message and a hint, exit 1)."""


@dataclass(frozen=True)
class Bounds:
    """How much of a file is read before it is refused as not what it claims to be."""

    max_bytes: int
    max_rows: int
    hint: str  # what a real file of this kind looks like (marked with ``N_``, translated where it is shown)


@dataclass
class Table:
    """Rows of cell values (text, numbers, dates, times, None) and how a message names a row."""

    file: str
    rows: list[list]
    where: Callable[[int], str]  # index into ``rows`` -> "minutes.csv:4", "minutes.xlsx:数据!4"
    notes: list[str] = field(default_factory=list)
    records: bool = False  # JSON records: the first row is the keys, named exactly


def load(path: Path, name: str, bounds: Bounds, accepts: tuple[str, ...]) -> Table:
    """The table in ``path`` by its suffix (else its first bytes), when it is one of ``accepts``
    (module names of ``LOADERS``)."""
    suffix = path.suffix.lower()
    module = LOADERS[suffix][0] if suffix in LOADERS else "" if suffix else _sniffed(path)
    if module not in accepts:
        known = sorted({s for s, (m, _what) in LOADERS.items() if m in accepts})
        kinds = sorted({what for m, what in LOADERS.values() if m in accepts})
        message = (_("{file}: cannot read a {suffix} file here").format(file=name, suffix=suffix) if suffix
                   else _("{file}: cannot read a file without a suffix here").format(file=name))
        raise ParseError(message, _("give a {kinds} file ({suffixes})").format(
            kinds=pgettext("alternatives", " or ").join(_(kind) for kind in kinds),
            suffixes=pgettext("list separator", ", ").join(known)))
    return importlib.import_module(module).load(path, name, bounds)


def _sniffed(path: Path) -> str:
    from livesop.excel.workbook import sniff

    if sniff(path) != "other":
        return LOADERS[".xlsx"][0]
    from livesop.files import read_input

    head = read_input(path, 64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return LOADERS[".jsonl" if head[:1] in (b"{", b"[") else ".csv"][0]
