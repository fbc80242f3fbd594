"""The run-of-show sheet as an Excel workbook, laid out like the 直播脚本 teams keep today.

``show_table`` is the layout (headers and row values) and ``workbook_bytes`` writes it with
openpyxl: one sheet, a title and an info line, a frozen header row, wrapped cells and column
widths that fit Chinese text (a CJK character counts as two). Other commands that export the
run of show reuse both.
"""

from __future__ import annotations

import io
import math
import unicodedata

from livesop.print.render import date_label
from livesop.print.sheet import SCRIPTS_HEADER

FIXED_HEADERS = ("时间段", "环节", "时长", "商品", "链接号", "直播价")
NOTES_HEADER = "备注"
# Widest a column grows (in character cells) before its text wraps; the rest use DEFAULT_CAP.
WIDTH_CAPS = {"时间段": 18, "时长": 12, "链接号": 8, "直播价": 10, "环节": 24, "商品": 24, NOTES_HEADER: 30,
              SCRIPTS_HEADER: 56}
DEFAULT_CAP = 40
LINE_HEIGHT = 15.0  # points per text line at the default 11 pt font
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row; a longer cell (a segment's full 话术) keeps all its text
HEADER_ROW = 3
# A text starting with one of these is a formula once someone edits the cell in Excel or WPS (or,
# for ``=``, as soon as openpyxl writes it); such cells also get Excel's quote prefix (``'=…``).
FORMULA_PREFIXES = ("=", "+", "-", "@")


def text_width(text: str) -> int:
    """Display cells of one line: wide and full-width characters (CJK) count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _number(text: str):
    if not text:
        return ""
    value = float(text)
    return int(value) if value.is_integer() else value


def scripts_cell(sheet, row) -> str:
    """The 主播话术 cell: each spoken line as ``mm:ss`` and its full text, a blank line between."""
    return "\n\n".join(said.line for said in sheet.said(row))


def show_table(sheet, scripts: str = "full") -> tuple[list[str], list[list]]:
    """Headers and one list of cell values per segment (numbers stay numbers, texts may hold newlines);
    ``scripts="full"`` adds the 主播话术 column after 直播价."""
    full = scripts == "full"
    headers = [*FIXED_HEADERS, *((SCRIPTS_HEADER,) if full else ()), *(role.name for role in sheet.roles), NOTES_HEADER]
    rows = []
    for row in sheet.rows:
        product = row.product
        rows.append([
            row.span_text,
            row.title,
            row.duration_text,
            product.name if product else "",
            product.link if product and product.link is not None else "",
            _number(product.live_price) if product else "",
            *((scripts_cell(sheet, row),) if full else ()),
            *("\n".join(cue.line for cue in row.cues.get(role.id, ())) for role in sheet.roles),
            row.notes,
        ])
    return headers, rows


def info_line(meta) -> str:
    parts = [f"版本 v{meta.version}" if meta.version else "", f"日期 {date_label(meta, year=True)}" if meta.date else "",
             f"开播 {meta.start} – 下播 {meta.end}" if meta.start else "", f"全场 {meta.total_text}"]
    return "    ".join(p for p in parts if p)


def column_widths(headers: list[str], rows: list[list]) -> list[int]:
    widths = []
    for index, header in enumerate(headers):
        cap = WIDTH_CAPS.get(header, DEFAULT_CAP)
        longest = max((text_width(line) for row in rows for line in str(row[index]).split("\n")), default=0)
        widths.append(max(text_width(header) + 2, min(cap, longest + 2)))
    return widths


def _row_height(values: list, widths: list[int]) -> float:
    lines = 1
    for value, width in zip(values, widths):
        wrapped = sum(max(1, math.ceil(text_width(line) / max(1, width - 1))) for line in str(value).split("\n"))
        lines = max(lines, wrapped)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def put(ws, row: int, column: int, value):
    """Write ``value`` to a cell: a text always as a text (openpyxl would store ``=…`` as a live
    formula and ``#N/A`` as an error), never evaluated, whatever the playbook says."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def workbook_bytes(sheet, sheet_name: str = "直播脚本", extra_sheets=(), scripts: str = "full") -> bytes:
    """The run of show as an .xlsx file's bytes; ``extra_sheets`` — (title, headers, rows) tables —
    follow the run-of-show sheet (``livesop export`` adds 话术, 商品, 岗位 and 变量 this way)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    headers, rows = show_table(sheet, scripts)
    widths = column_widths(headers, rows)
    book = Workbook()
    ws = book.active
    ws.title = sheet_name
    last = get_column_letter(len(headers))

    put(ws, 1, 1, sheet.meta.title).font = Font(size=16, bold=True)
    ws.merge_cells(f"A1:{last}1")
    put(ws, 2, 1, info_line(sheet.meta)).font = Font(size=11, color="555555")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[1].height = 24

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column, header in enumerate(headers, 1):
        cell = put(ws, HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    for offset, values in enumerate(rows, 1):
        row_number = HEADER_ROW + offset
        for column, value in enumerate(values, 1):
            cell = put(ws, row_number, column, value)
            cell.alignment = wrap
            cell.border = border
        ws.row_dimensions[row_number].height = _row_height(values, widths)

    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    for title, extra_headers, extra_rows in extra_sheets:
        _table_sheet(book.create_sheet(title), extra_headers, extra_rows)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_sheet(ws, headers: list[str], rows: list[list]) -> None:
    """A plain table: a bold, frozen header row and wrapped cells."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = column_widths(headers, rows)
    for column, header in enumerate(headers, 1):
        put(ws, 1, column, header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            put(ws, row_number, column, value).alignment = wrap
    ws.freeze_panes = "A2"


def show(sheet, scripts: str = "full", **_) -> bytes:
    return workbook_bytes(sheet, scripts=scripts)
