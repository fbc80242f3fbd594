"""Reading a product lineup (排品表) from CSV or XLSX into product records.

Headers may be Chinese or English (链接号/link, 商品名/name, 日常价/list_price, 价格依据/price_basis,
直播价/live_price, 库存/stock, 机制/mechanism, optional 编号/id and 类型/slot). Prices may be written
``¥199``, ``199元`` or ``￥1,299.00``. A CSV may carry a UTF-8 BOM or be in GBK (read as GB18030,
with a note). Every problem is reported with its place (``lineup.csv:4:12``, line and column, or
``lineup.xlsx:排品!F4``) and nothing is returned until the whole file reads cleanly. Each product
keeps the place of every cell it was read from, so a later finding can point back at the cell.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from livesop.errors import LivesopError
from livesop.excel.limits import MAX_COLUMNS, MAX_CSV_BYTES, MAX_ROWS
from livesop.excel.workbook import (
    XLSX_SUFFIXES,
    cell_ref,
    cell_text,
    normalize_header,
    open_workbook,
    pick_sheet,
    quote,
    require_file,
    sniff
)
from livesop.files import decode_text, read_input
from livesop.format.build import ID_PATTERN, out_of_bounds
from livesop.format.spec import BOUNDS
from livesop.format.timefmt import read_whole
from livesop.i18n import _

# field → header names it is known by (compared after ``normalize_header``).
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "商品编号", "商品id", "代号"),
    "slot": ("类型", "款型", "商品类型", "定位", "商品定位", "slot", "type"),
    "link": ("链接号", "链接", "link", "链接编号", "上架链接号"),
    "name": ("商品名", "商品名称", "商品", "品名", "name", "product"),
    "list_price": ("日常价", "划线价", "原价", "list_price", "listprice"),
    "price_basis": ("价格依据", "划线价依据", "日常价依据", "price_basis", "pricebasis"),
    "live_price": ("直播价", "到手价", "live_price", "liveprice", "price"),
    "stock": ("库存", "本场库存", "stock"),
    "mechanism": ("机制", "赠品", "福利机制", "优惠机制", "mechanism"),
}
LABELS = {"id": "编号", "slot": "类型", "link": "链接号", "name": "商品名", "list_price": "日常价", "price_basis": "价格依据",
          "live_price": "直播价", "stock": "库存", "mechanism": "机制"}
FIELD_ORDER = ("id", "slot", "name", "link", "list_price", "price_basis", "live_price", "stock", "mechanism")
SHEETS = ("商品", "排品", "lineup", "products")
HEADER_SCAN_ROWS = 20
_LOOKUP = {normalize_header(name): fld for fld, names in HEADERS.items() for name in names}
_PRICE = re.compile(r"^(?:¥|rmb|cny)?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:元|rmb|cny)?$")
_COUNT = re.compile(r"^#?\s*([0-9]+)\s*(?:号链接|号|件|个|份|单)?$")


@dataclass(frozen=True)
class Cell:
    """Where a value of the lineup is: ``line`` and ``column`` (1-based) are the CSV line and the
    character column of the cell in it, or the sheet's row and column number; ``ref`` is how a
    message names it (``lineup.csv:4:12``, ``lineup.xlsx:排品!F4``); ``label`` is a sheet's cell name."""

    file: str
    line: int
    column: int
    ref: str
    label: str = ""


@dataclass
class LineupProduct:
    """One product row: the fields read (as YAML-ready values), where the row is and where each
    value's cell is (a value livesop made, such as a link numbered in row order, has no cell)."""

    values: dict
    where: str
    id_given: bool = False
    row: Cell | None = None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.values["id"]


@dataclass
class Lineup:
    """The products of a lineup file, the fields that had a column, and the notes on reading it."""

    file: str
    products: list[LineupProduct]
    columns: tuple[str, ...]  # fields that had a column: a blank cell there means "no value"
    notes: list[str] = field(default_factory=list)


def header_field(text: str) -> str | None:
    return _LOOKUP.get(normalize_header(text)) if text else None


def parse_price(value) -> float | int | None:
    """A price from a cell: ``199``, ``9.9``, ``¥199``, ``199元``, ``￥1,299.00``; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower().replace(" ", "")
        match = _PRICE.match(text)
        if not match:
            return None
        number = float(match.group(1).replace(",", ""))
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    if number < BOUNDS["price"].high * 10 and abs(number * 100 - round(number * 100)) < 1e-6:
        number = round(number, 2)  # 181.29999999999998, a formula's 259*0.7, is 181.3
    return int(number) if number.is_integer() else number


def parse_count(value) -> int | None:
    """A whole number from a cell: ``3``, ``3号``, ``#3``, ``300件``; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    if isinstance(value, int):
        return value if value >= 0 else None
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    match = _COUNT.match(text)
    return read_whole(match.group(1)) if match else None


# ------------------------------------------------------------------------------- reading rows

@dataclass
class _Table:
    """Rows of a CSV or a sheet as (line or row number, list of cell values), plus how to name a cell."""

    file: str
    rows: list[tuple[int, list]]
    where_row: object  # (row number) -> "lineup.csv:4"
    cell: object  # (row number, column index 0-based) -> Cell
    notes: list[str] = field(default_factory=list)

    def where_cell(self, row: int, col: int) -> str:
        return self.cell(row, col).ref


def _decode(raw: bytes, name: str) -> tuple[str, str | None]:
    try:
        text, gbk = decode_text(raw)
    except UnicodeDecodeError:
        raise LivesopError(_("{file}: the file is neither UTF-8 nor GBK text").format(file=name),
                           _("save the lineup from Excel as “CSV UTF-8 (逗号分隔)”, or hand in the .xlsx")) from None
    return text, (_("{file}: not UTF-8; read as GBK (GB18030). Saving as “CSV UTF-8” avoids the guess").format(
        file=name) if gbk else None)


def _csv_table(path: Path, name: str) -> _Table:
    hint = _("a lineup has a few hundred rows; check that this is the right file")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise LivesopError(_("{file}: larger than {size} MiB; livesop reads lineups of at most {size} MiB").format(
                               file=name, size=MAX_CSV_BYTES // 2 ** 20), hint)
    raw = read_input(path, MAX_CSV_BYTES, "lineup")
    text, note = _decode(raw, name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    end = 0  # the line the previous record ended on: a record starts on the next one
    try:
        for record in reader:
            if len(rows) == MAX_ROWS or len(record) > MAX_COLUMNS:
                if len(rows) == MAX_ROWS:
                    what = _("more than {rows} rows; livesop reads lineups of at most {rows} rows and {columns} "
                             "columns").format(rows=f"{MAX_ROWS:,}", columns=MAX_COLUMNS)
                else:
                    what = _("{count} columns; livesop reads lineups of at most {rows} rows and {columns} "
                             "columns").format(count=f"{len(record):,}", rows=f"{MAX_ROWS:,}", columns=MAX_COLUMNS)
                raise LivesopError(f"{name}:{reader.line_num}: {what}", hint)
            rows.append((end + 1, [cell.strip() for cell in record]))  # a blank line is a record too
            end = reader.line_num
    except csv.Error as exc:
        raise LivesopError(f"{name}:{reader.line_num}: " + _("cannot read the CSV ({error})").format(error=exc),
                           _("check for an unclosed quote on that line")) from None
    lines = io.StringIO(text, newline="").readlines()  # split as csv splits them

    def cell(row: int, col: int) -> Cell:
        line, column = _csv_place(lines, row, col, dialect.delimiter, dialect.quotechar or '"')
        return Cell(name, line, column, f"{name}:{line}:{column}")

    table = _Table(name, rows, lambda row: f"{name}:{row}", cell)
    if note:
        table.notes.append(note)
    return table


def _csv_place(lines: list[str], row: int, index: int, delimiter: str, quotechar: str) -> tuple[int, int]:
    """(line, 1-based character column) where field ``index`` of the CSV record starting on line
    ``row`` starts (its first character other than a space), following a quoted field onto the
    next lines; the record's end when it has fewer fields."""
    field_index, quoted, number = 0, False, row
    while number <= len(lines):
        line, position = lines[number - 1], 0
        while position < len(line):
            if field_index == index:
                while position < len(line) and line[position] in " \t" and line[position] != delimiter:
                    position += 1
                return number, position + 1
            char = line[position]
            if char == quotechar:
                quoted = not quoted
            elif char == delimiter and not quoted:
                field_index += 1
            elif char in "\r\n" and not quoted:
                return number, position + 1
            position += 1
        if not quoted:
            break
        number += 1
    return min(number, max(len(lines), 1)), 1


def _xlsx_table(path: Path, name: str, sheet: str | None) -> _Table:
    book = open_workbook(path, ", or export it as .csv")
    ws = pick_sheet(book, path, sheet, SHEETS)
    rows = [(index, list(values)) for index, values in enumerate(ws.iter_rows(values_only=True), 1)]
    title = ws.title
    return _Table(name, rows, lambda row: f"{name}:{title}!{row}",
                  lambda row, col: Cell(name, row, col + 1, f"{name}:{cell_ref(title, row, col + 1)}",
                                        cell_ref(title, row, col + 1)))


def _blank(values: list) -> bool:
    return all(cell_text(v) == "" for v in values)


def _find_header(table: _Table) -> tuple[int, dict[int, str]]:
    """(index into table.rows, column → field) of the first row that reads as lineup headers."""
    scanned = 0
    for index, (_number, values) in enumerate(table.rows):
        if _blank(values):
            continue
        scanned += 1
        columns = {col: header_field(cell_text(v)) for col, v in enumerate(values)}
        found = {col: fld for col, fld in columns.items() if fld}
        fields = set(found.values())
        if len(fields) >= 2 and fields & {"name", "link", "live_price"}:
            return index, found
        if scanned >= HEADER_SCAN_ROWS:
            break
    raise LivesopError(_("{where}: no header row found in the first {count} rows").format(
                           where=table.file, count=HEADER_SCAN_ROWS),
                       _("the lineup needs a row of column names: 链接号, 商品名, 直播价 (or link, name, "
                         "live_price), and optionally 日常价, 价格依据, 库存, 机制, 编号, 类型"))


# ------------------------------------------------------------------------------- the lineup

def read_lineup(path: str | Path, sheet: str | None = None, display: str | None = None) -> Lineup:
    """The products of a lineup file; a ``LivesopError`` listing every problem when it cannot be read."""
    path = Path(path)
    name = display or str(path)
    require_file(path, "lineup")
    if path.suffix.lower() in XLSX_SUFFIXES or sniff(path) != "other":
        table = _xlsx_table(path, name, sheet)
    else:
        table = _csv_table(path, name)
    header_index, columns = _find_header(table)
    header_row, header_values = table.rows[header_index]
    errors: list[str] = []
    notes = list(table.notes)
    seen_fields: dict[str, int] = {}
    for col, fld in sorted(columns.items()):
        if fld in seen_fields:
            errors.append(f"{table.where_cell(header_row, col)}: " + _("a second {field} column ({header}); keep one")
                          .format(field=LABELS[fld], header=quote(cell_text(header_values[col]))))
        seen_fields.setdefault(fld, col)
    for col, value in enumerate(header_values):
        if col not in columns and cell_text(value):
            notes.append(f"{table.where_cell(header_row, col)}: " + _("column {header} is not a lineup field; ignored")
                         .format(header=quote(cell_text(value))))
    missing = [LABELS[f] for f in ("name", "live_price") if f not in seen_fields]
    if missing:
        message = (_("the header row has no {field} column").format(field=missing[0]) if len(missing) == 1 else
                   _("the header row has no {first} or {second} column").format(first=missing[0], second=missing[1]))
        raise LivesopError(f"{table.where_row(header_row)}: {message}",
                           _("a lineup needs at least 商品名 and 直播价 (name, live_price); 链接号 is strongly advised"))
    products: list[LineupProduct] = []
    for row, values in table.rows[header_index + 1:]:
        if _blank(values):
            continue
        product = _read_row(table, row, values, seen_fields, errors)
        if product is not None:
            products.append(product)
    if "link" not in seen_fields:
        for number, product in enumerate(products, 1):
            product.values["link"] = number
        if products:
            notes.append(f"{table.file}: " + _("no 链接号 column; links numbered 1–{last} in row order").format(
                last=len(products)))
    _check_unique(products, "link", LABELS["link"], errors)
    for product in products:
        if not product.id_given:
            product.values["id"] = f"p{product.values['link']}"
    _check_unique(products, "id", LABELS["id"], errors)
    if not products and not errors:
        errors.append(f"{table.where_row(header_row)}: " + _("no products below the header row"))
    if errors:
        raise LivesopError("\n".join(errors), _("fix the lineup and run the command again; nothing was written"))
    present = tuple(f for f in FIELD_ORDER if f in seen_fields or f == "link")
    return Lineup(table.file, products, present, notes)


def _read_row(table: _Table, row: int, values: list, columns: dict[str, int],
              errors: list[str]) -> LineupProduct | None:
    def cell(fld):
        col = columns.get(fld)
        return (values[col] if col is not None and col < len(values) else None), col

    result: dict = {}
    cells: dict[str, Cell] = {}
    before = len(errors)
    id_given = False
    for fld in FIELD_ORDER:
        raw, col = cell(fld)
        if col is None:
            continue
        text = cell_text(raw)
        cells[fld] = table.cell(row, col)
        where = cells[fld].ref
        if text == "":
            if fld in ("name", "live_price"):
                errors.append(f"{where}: " + _("{field} is empty").format(field=LABELS[fld]))
            continue
        if fld in ("list_price", "live_price"):
            price = parse_price(raw)
            if price is None:
                errors.append(f"{where}: " + _("{field} {value} is not a price").format(
                    field=LABELS[fld], value=quote(text)))
            elif problem := out_of_bounds(price, BOUNDS["price"]):
                errors.append(f"{where}: {LABELS[fld]} {quote(text)}: {problem}")
            else:
                result[fld] = price
        elif fld in ("link", "stock"):
            number = parse_count(raw)
            if number is None or (fld == "link" and number < 1):
                message = (_("{field} {value} is not a whole number of at least 1") if fld == "link"
                           else _("{field} {value} is not a whole number"))
                errors.append(f"{where}: " + message.format(field=LABELS[fld], value=quote(text)))
            elif problem := out_of_bounds(number, BOUNDS[fld]):
                errors.append(f"{where}: {LABELS[fld]} {quote(text)}: {problem}")
            else:
                result[fld] = number
        elif fld == "id":
            if not ID_PATTERN.match(text):
                errors.append(f"{where}: " + _("编号 {value} is not a valid id (one token of letters, digits, _ - .)")
                              .format(value=quote(text)))
            else:
                result["id"] = text
                id_given = True
        else:
            result[fld] = text
    if len(errors) > before:
        return None
    return LineupProduct(result, table.where_row(row), id_given, table.cell(row, 0), cells)


def _check_unique(products: list[LineupProduct], key: str, label: str, errors: list[str]) -> None:
    def where(product: LineupProduct) -> str:
        cell = product.cells.get(key)
        return cell.ref if cell is not None else product.where

    first: dict = {}
    for product in products:
        value = product.values.get(key)
        if value is None:
            continue
        if value in first:
            errors.append(f"{where(product)}: " + _("{field} {value} is used twice (first at {first})").format(
                field=label, value=value, first=where(first[value])))
        else:
            first[value] = product
