"""Bounds on the spreadsheets livesop reads, checked before the reading starts.

A real 直播脚本 or lineup has well under 500 rows and 30 columns (some 15,000 cells); the bounds
leave room for twenty times the rows and seven times the cells, so only a damaged or hostile file
meets them. Such a file is refused in well under a second instead of taking minutes and gigabytes;
a workbook just inside the bounds loads in about three seconds and 120 MB.

An .xlsx is a zip of XML parts. ``check_archive`` reads the zip's directory (how many parts, how
large unpacked: Python's zipfile never unpacks more than the directory declares) and streams every
part through expat, counting what openpyxl would build from it: elements, rows, cells, every cell
of a merged range or a hyperlink range, and the cell of a comment. It stops at the first bound
crossed, so openpyxl only ever loads a workbook of bounded size. ``check_sheets`` checks the used
range of each loaded sheet, which the readers walk cell by cell. The CSV bounds are applied by
``lineup``.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from livesop.errors import LivesopError
from livesop.i18n import N_, _

MAX_BYTES = 20 * 1024 * 1024  # an .xlsx on disk
MAX_CSV_BYTES = 5 * 1024 * 1024  # a CSV lineup on disk (a real one is a few KB)
MAX_ROWS = 10_000  # rows of a sheet or a CSV: the last row used
MAX_COLUMNS = 200  # columns of a sheet or a CSV row: the last column used (GR)
MAX_CELLS = 100_000  # cells openpyxl builds for a workbook, and a sheet's used rows × columns
MAX_RANGES = 10_000  # merged ranges, hyperlinks and comments of a workbook together
MAX_PARTS = 1_000  # files in the .xlsx zip (Excel writes 10–50)
MAX_UNPACKED = 64 * 1024 * 1024  # the zip's files unpacked, together
BOMB_RATIO = 100  # unpacked / packed beyond which the message says "zip bomb" (sheets pack 5–20 times)
MAX_ELEMENTS = 400_000  # XML elements of all parts (a sheet has two or three per cell)
# XML elements other than rows, cells and their text (styles, formats, drawings, comments …): openpyxl
# spends some 20 µs and 500 bytes on each. A workbook has a few thousand.
MAX_OTHER_ELEMENTS = 50_000

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_CELL_TAGS = frozenset(f"{_MAIN} {local}" for local in ("row", "c", "v", "f", "is", "t", "si", "r"))
_COORD = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_WHOLE_COLUMN = re.compile(r"\$?([A-Za-z]{1,3})")  # ``A`` in ``A:C``
_WHOLE_ROW = re.compile(r"\$?([0-9]+)")  # ``3`` in ``3:9``
_SHEET_ROWS, _SHEET_COLUMNS = 1_048_576, 16_384  # Excel's grid: a whole-row or whole-column range spans it
HINT = N_("a 直播脚本 or lineup has a few hundred rows; if this is the right file, delete the rows, columns "
          "and merged cells beyond the table (or copy the table into a new workbook) and save it again")
ARCHIVE_HINT = N_("this is not a workbook as Excel or WPS save one; open it there and save it again as .xlsx")
# what reaches beyond a bound, named in the messages (``_ref``'s ``what``)
MERGED_RANGE, HYPERLINK_RANGE, COMMENT_CELL = N_("merged range {range}"), N_("hyperlink range {range}"), \
    N_("comment cell {range}")


def column_name(index: int) -> str:
    name = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@functools.lru_cache(maxsize=1024)  # a sheet names a few dozen columns, once per cell
def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of ``A1``, ``A5:XFD1048576``, ``A:C`` or ``3:9``."""
    ends = []
    for end in ref.split(":"):
        match = _COORD.fullmatch(end)
        if match:
            ends.append((int(match.group(2)), _column_index(match.group(1))))
        elif _WHOLE_COLUMN.fullmatch(end):
            ends.append((None, _column_index(end.lstrip("$"))))
        elif _WHOLE_ROW.fullmatch(end):
            ends.append((int(end.lstrip("$")), None))
        else:
            return None
    if len(ends) > 2:
        return None
    (row1, col1), (row2, col2) = ends[0], ends[-1]
    whole_column = row1 is None or row2 is None
    whole_row = col1 is None or col2 is None
    return (1 if whole_column else min(row1, row2), 1 if whole_row else min(col1, col2),
            _SHEET_ROWS if whole_column else max(row1, row2), _SHEET_COLUMNS if whole_row else max(col1, col2))


class _Refused(Exception):
    def __init__(self, message: str, hint: str = HINT):
        super().__init__(message)
        self.message, self.hint = message, _(hint)


def _refuse_extent(where: str, what: str, rows: int, columns: int, used: tuple[int, int] | None = None) -> None:
    """Refuse ``what`` when it reaches beyond the bounds, or makes the used range (``used``: the
    sheet's last row and column so far) too many cells."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        if rows > MAX_ROWS and columns > MAX_COLUMNS:
            message = _("{what} goes beyond row {rows} and column {column}; livesop reads sheets of at most "
                        "{rows} rows and {columns} columns")
        elif rows > MAX_ROWS:
            message = _("{what} goes beyond row {rows}; livesop reads sheets of at most {rows} rows and "
                        "{columns} columns")
        else:
            message = _("{what} goes beyond column {column}; livesop reads sheets of at most {rows} rows and "
                        "{columns} columns")
        raise _Refused(f"{where}: " + message.format(what=what, rows=f"{MAX_ROWS:,}", column=column_name(MAX_COLUMNS),
                                                     columns=MAX_COLUMNS))
    rows, columns = (max(rows, used[0]), max(columns, used[1])) if used else (rows, columns)
    if rows * columns > MAX_CELLS:
        raise _Refused(f"{where}: " + _("the table reaches {cell}, {count} cells; livesop reads sheets of at most "
                                        "{limit} cells").format(cell=f"{column_name(columns)}{rows}",
                                                                count=f"{rows * columns:,}", limit=f"{MAX_CELLS:,}"))


class _Scan:
    """Counts over all parts of one workbook; ``part`` starts a part, ``start`` sees each element."""

    def __init__(self):
        self.elements = self.other = self.cells = self.ranges = 0
        self.sheet_names: dict[str, str] = {}  # r:id → sheet title
        self.targets: dict[str, str] = {}  # r:id → part of xl/_rels/workbook.xml.rels
        self.handlers = {f"{_MAIN} {local}": getattr(self, f"_{local}")
                         for local in ("sheet", "row", "c", "mergeCell", "hyperlink", "comment")}
        self.handlers[f"{_RELS} Relationship"] = self._relationship
        self.part("", "")

    def part(self, name: str, where: str) -> None:
        """Start part ``name``, called ``where`` in messages (``sheet 直播脚本`` or the part's name)."""
        self.name, self.where = name, where
        self.row = self.column = self.rows = 0
        self.used = (0, 0)  # the last row and column of the part so far

    def extend(self, what: str, rows: int, columns: int) -> None:
        _refuse_extent(self.where, what, rows, columns, self.used)
        self.used = (max(rows, self.used[0]), max(columns, self.used[1]))

    def start(self, tag: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _Refused(f"{self.where}: " + _("more than {limit} XML elements in the workbook").format(
                limit=f"{MAX_ELEMENTS:,}"))
        if tag not in _CELL_TAGS:
            self.other += 1
            if self.other > MAX_OTHER_ELEMENTS:
                raise _Refused(f"{self.where}: " + _("more than {limit} XML elements of formatting, drawings "
                                                     "and other content besides cells in the workbook").format(
                    limit=f"{MAX_OTHER_ELEMENTS:,}"))
        handler = self.handlers.get(tag)
        if handler is not None:
            handler(attrs)

    def doctype(self, *_args) -> None:
        raise _Refused(f"{self.where}: " + _("declares a DTD (<!DOCTYPE>), which no spreadsheet program writes"),
                       ARCHIVE_HINT)

    def _relationship(self, attrs: dict) -> None:
        if self.name.endswith("workbook.xml.rels"):
            target = attrs.get("Target", "")
            base = posixpath.dirname(posixpath.dirname(self.name))
            self.targets[attrs.get("Id", "")] = (target.lstrip("/") if target.startswith("/")
                                                 else posixpath.normpath(posixpath.join(base, target)))

    def _sheet(self, attrs: dict) -> None:
        self.sheet_names[attrs.get(_REL_ID, "")] = attrs.get("name", "")

    def _row(self, attrs: dict) -> None:
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise _Refused(f"{self.where}: " + _("more than {limit} rows; livesop reads sheets of at most "
                                                 "{limit} rows").format(limit=f"{MAX_ROWS:,}"))
        try:
            self.row = int(float(attrs["r"])) if "r" in attrs else self.row + 1
        except ValueError:
            self.row += 1  # openpyxl refuses the part later
        self.column = 0
        self.extend(_("row {row}").format(row=f"{self.row:,}"), self.row, 1)

    def _c(self, attrs: dict) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _Refused(f"{self.where}: " + _("more than {limit} cells; livesop reads workbooks of at most "
                                                 "{limit} cells").format(limit=f"{MAX_CELLS:,}"))
        match = _COORD.fullmatch(attrs.get("r", ""))
        if match:
            row, self.column = int(match.group(2)), _column_index(match.group(1))
        else:
            row, self.column = self.row, self.column + 1
        if row > self.used[0] or self.column > self.used[1]:
            self.extend(_("cell {cell}").format(cell=f"{column_name(self.column)}{row}"), row, self.column)

    def _ref(self, ref: str, what: str) -> None:
        """Count the range ``ref``; ``what`` names one of its pieces (``MERGED_RANGE`` …, with ``{range}``)."""
        self.ranges += 1
        if self.ranges > MAX_RANGES:
            raise _Refused(f"{self.where}: " + _("more than {limit} merged ranges, hyperlinks and comments").format(
                limit=f"{MAX_RANGES:,}"))
        for piece in ref.split():
            bounds = _bounds(piece)
            if bounds is None:
                continue  # openpyxl refuses the part later
            first_row, first_column, rows, columns = bounds
            named = _(what).format(range=piece)
            self.extend(named, rows, columns)
            self.cells += (rows - first_row + 1) * (columns - first_column + 1)  # openpyxl makes each cell
            if self.cells > MAX_CELLS:
                raise _Refused(f"{self.where}: " + _("{what} makes the workbook more than {limit} cells; "
                                                     "livesop reads workbooks of at most {limit} cells").format(
                    what=named, limit=f"{MAX_CELLS:,}"))

    def _mergeCell(self, attrs: dict) -> None:
        self._ref(attrs.get("ref", ""), MERGED_RANGE)

    def _hyperlink(self, attrs: dict) -> None:
        self._ref(attrs.get("ref", ""), HYPERLINK_RANGE)

    def _comment(self, attrs: dict) -> None:
        self._ref(attrs.get("ref", ""), COMMENT_CELL)


def check_archive(path: Path) -> None:
    """Refuse an .xlsx whose zip or sheets cross a bound, before openpyxl loads it. A damaged zip
    raises zipfile's own errors (the caller reports those as a damaged workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _Refused(_("the workbook holds {count} files; livesop reads at most {limit}").format(
                    count=f"{len(infos):,}", limit=f"{MAX_PARTS:,}"), ARCHIVE_HINT)
            unpacked = sum(info.file_size for info in infos)
            if unpacked > MAX_UNPACKED:
                packed = sum(info.compress_size for info in infos)
                bomb = unpacked > BOMB_RATIO * packed
                message = (_("the workbook unpacks to {unpacked} MiB from {packed} MiB (a zip bomb?); livesop reads "
                             "at most {limit} MiB") if bomb else
                           _("the workbook unpacks to {unpacked} MiB from {packed} MiB; livesop reads at most "
                             "{limit} MiB"))
                raise _Refused(message.format(unpacked=f"{unpacked / 2 ** 20:,.0f}", packed=f"{packed / 2 ** 20:,.1f}",
                                              limit=MAX_UNPACKED // 2 ** 20), ARCHIVE_HINT if bomb else HINT)
            scan = _Scan()
            first = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # sheet titles, for the messages
            for info in sorted(infos, key=lambda i: i.filename not in first):
                _scan_part(archive, info, scan)
    except _Refused as refused:
        raise LivesopError(f"{path}: {refused.message}", refused.hint) from None


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan) -> None:
    titles = {part: scan.sheet_names[rid] for rid, part in scan.targets.items() if rid in scan.sheet_names}
    scan.part(info.filename, _("sheet {name}").format(name=titles[info.filename]) if info.filename in titles
              else info.filename)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = scan.doctype
    with archive.open(info) as stream:
        try:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            pass  # not XML (an image) or broken XML: openpyxl reads or refuses it as before


def check_sheets(book, path: Path) -> None:
    """Refuse a loaded workbook whose sheets reach beyond the bounds (say, through a comment)."""
    for ws in book.worksheets:
        try:
            _refuse_extent(_("sheet {name}").format(name=ws.title),
                           _("cell {cell}").format(cell=f"{column_name(ws.max_column)}{ws.max_row}"),
                           ws.max_row, ws.max_column)
        except _Refused as refused:
            raise LivesopError(f"{path}: {refused.message}", refused.hint) from None
