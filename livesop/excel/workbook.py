"""Reading .xlsx workbooks that users hand in: open safely, name cells, turn cell values into text.

Shared by the lineup reader and the 直播脚本 importer. Anything that is not a readable .xlsx
(an old .xls, a password-protected workbook, a damaged zip) becomes one clear ``LivesopError``.
openpyxl is imported only here, only when a workbook is opened.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import warnings
from pathlib import Path

from livesop.errors import LivesopError, UsageError
from livesop.excel.limits import MAX_BYTES, check_archive, check_sheets
from livesop.files import check_input, read_input
from livesop.i18n import _, pgettext

# Compound File Binary (OLE2): old .xls files and encrypted (password-protected) .xlsx files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def sniff(path: Path) -> str:
    """``xlsx``, ``ole`` (encrypted or old .xls) or ``other``, from the first bytes of a file."""
    head = read_input(path, 7)
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(ZIP_MAGICS):
        return "xlsx"
    return "other"


def require_file(path: Path, what: str) -> None:
    """A regular file, else ``cannot read PATH: …`` at once (a FIFO or device is never opened)."""
    check_input(path, what)


def open_workbook(path: Path, other_forms: str = ""):
    """An openpyxl workbook (values, not formulas) or a ``LivesopError`` that says what is wrong;
    ``other_forms`` (``", or export it as .csv"``, the one other form callers accept) adds the CSV
    export to the hint.
    A workbook beyond the bounds of ``limits`` is refused before openpyxl reads it."""
    require_file(path, "workbook")
    if path.stat().st_size > MAX_BYTES:
        raise LivesopError(_("{file}: larger than {size} MiB").format(file=path, size=MAX_BYTES // (1024 * 1024)),
                           _("a run-of-show sheet or lineup is far smaller; check that this is the right file"))
    kind = sniff(path)
    if kind == "ole":
        raise LivesopError(_("{file}: the workbook is password-protected (encrypted) or in the old .xls format")
                           .format(file=path),
                           _("open it in Excel or WPS, remove the password (文件 → 信息 → 保护工作簿) "
                             "and save it as an .xlsx workbook"))
    if kind != "xlsx":
        raise LivesopError(_("{file}: not an .xlsx workbook").format(file=path),
                           _("save the sheet from Excel or WPS as an Excel workbook (.xlsx), or export it as .csv")
                           if other_forms else
                           _("save the sheet from Excel or WPS as an Excel workbook (.xlsx)"))
    from openpyxl import load_workbook

    try:
        check_archive(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            book = load_workbook(path, data_only=True)
    except LivesopError:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many types on damaged input; all mean the same here
        reason = str(exc).strip() or type(exc).__name__
        raise LivesopError(_("{file}: the workbook is damaged or incomplete ({error})").format(
                               file=path, error=f"{type(exc).__name__}: {reason[:120]}"),
                           _("open it in Excel or WPS and save it again as .xlsx")) from None
    check_sheets(book, path)
    return book


def pick_sheet(book, path: Path, name: str | None, preferred: tuple[str, ...] = ()):
    """The sheet named ``name``, else the first sheet whose title is in ``preferred``, else the first."""
    titles = book.sheetnames
    if name is not None:
        if name in titles:
            return book[name]
        raise UsageError(_("{file}: no sheet named {name}").format(file=path, name=repr(name)),
                         _("the workbook's sheets: {sheets}").format(
                             sheets=pgettext("list separator", ", ").join(titles)))
    for title in preferred:
        if title in titles:
            return book[title]
    return book.worksheets[0]


def column_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def cell_ref(sheet_title: str, row: int, column: int) -> str:
    """``直播脚本!C7``: the sheet, column letter and row, as Excel writes a reference."""
    return f"{sheet_title}!{column_letter(column)}{row}"


def quote(text: str) -> str:
    """A cell's text for a message: ``"abc"``, with a newline shown as ``\\n``."""
    return json.dumps(text, ensure_ascii=False)


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def cell_text(value) -> str:
    """A cell value as text: numbers without a trailing ``.0``, times as ``HH:MM``, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def normalize_header(text: str) -> str:
    """A header for lookup: full-width folded, no spaces or ``*``, a ``(元)`` unit dropped, lower case."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.replace(" ", "").replace("*", "").rstrip(":")
    if text.endswith(")") and "(" in text:
        text = text[: text.rfind("(")]
    return text


def unit_of(header: str) -> str:
    """The unit in a header's parentheses: ``时长(分钟)`` → ``分钟``; empty when there is none."""
    text = unicodedata.normalize("NFKC", header).strip()
    if text.endswith(")") and "(" in text:
        return text[text.rfind("(") + 1:-1].strip().lower()
    return ""
