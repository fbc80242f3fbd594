"""Reading a 直播脚本 sheet: its header row, the info lines above it and one row per segment.

The sheet: a title row (merged cells are fine), info lines (日期 / 主播 / 时长 …), then a header
row found by its names (时间段, 环节, 时长, 主播话术, one column per role such as 助播 / 场控 /
中控 / 客服, 商品, 链接号, 直播价, 备注; a merged group header over a row of sub-headers works
too), then one segment per row. Workbooks written by ``livesop export`` carry extra sheets (话术,
商品, 岗位, 变量) that give back script texts, full product records, role ids and variables; their
主播话术 column only prints the 话术 the role columns name, and is left out (``_printed_scripts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from livesop.errors import LivesopError
from livesop.excel.cells import (
    PLATFORMS,
    info_item,
    info_pieces,
    parse_clock_text,
    parse_cue_line,
    parse_date_text,
    parse_sheet_duration
)
from livesop.excel.columns import (
    ID_PATTERN,
    JOINED,
    MAIN_SHEETS,
    PRODUCT_FIELDS,
    PRODUCT_SHEET,
    ROLE_IDS,
    ROLE_SHEET,
    SCRIPT_SHEET,
    VARIABLE_SHEET,
    Column,
    Target,
    classify,
    label
)
from livesop.excel.lineup import read_lineup
from livesop.excel.workbook import cell_text, column_letter, normalize_header, open_workbook, pick_sheet, quote, unit_of
from livesop.i18n import _, pgettext

HEADER_SCAN_ROWS = 30


@dataclass
class Row:
    """One data row: each column key (a field, ``role:<id>``, ``unknown``) → its (column, value) cells."""

    number: int
    values: dict[str, list[tuple[Column, object]]] = field(default_factory=dict)

    def first(self, key: str):
        for column, value in self.values.get(key, ()):
            if cell_text(value):
                return column, value
        return None, None

    def text(self, key: str) -> str:
        return "\n".join(t for t in (cell_text(v) for _, v in self.values.get(key, ())) if t)


class Sheet:
    """One worksheet as a grid of values, with merged ranges and cell names."""

    def __init__(self, ws, file: str):
        self.ws = ws
        self.file = file
        self.title = ws.title
        self.max_row = ws.max_row or 0
        self.max_col = ws.max_column or 0
        self.merged: dict[tuple[int, int], object] = {}
        for rng in ws.merged_cells.ranges:
            for row in range(rng.min_row, min(rng.max_row, self.max_row) + 1):
                for col in range(rng.min_col, min(rng.max_col, self.max_col) + 1):
                    self.merged[(row, col)] = rng

    def value(self, row: int, col: int):
        return self.ws.cell(row=row, column=col).value

    @property
    def name(self) -> str:
        return f"{self.file}:{self.title}"

    def where(self, row: int, col: int | None = None) -> str:
        if col is None:
            return f"{self.file}:{self.title}!{row}"
        return f"{self.file}:{self.title}!{column_letter(col)}{row}"

    def row_texts(self, row: int) -> list[str]:
        return [cell_text(self.value(row, col)) for col in range(1, self.max_col + 1)]


class Importer:
    """The main sheet and the extra sheets of one workbook, with the notes and errors of the whole import."""

    def __init__(self, path: Path, sheet: str | None, mapping: dict[str, Target]):
        self.path = path
        self.file = path.name
        self.mapping = mapping
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.book = open_workbook(path)
        ws = pick_sheet(self.book, path, sheet, MAIN_SHEETS)
        self.sheet = Sheet(ws, self.file)
        self.extra_roles = self.role_sheet()
        self.known_roles = {normalize_header(name): (rid, name) for rid, (name, _, _) in self.extra_roles.items()}
        self.known_roles.update({normalize_header(rid): (rid, name) for rid, (name, _, _) in self.extra_roles.items()})

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    # -- header ------------------------------------------------------------------------------
    def find_header(self) -> tuple[int, list[Column]]:
        sheet = self.sheet
        best, best_known = None, 1
        for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
            targets = [classify(cell_text(sheet.value(row, col)), column_letter(col), self.mapping, self.known_roles)
                       for col in range(1, sheet.max_col + 1)]
            known = [t for t in targets if t is not None and t.kind not in ("unknown", "ignore")]
            if len(known) > best_known and {t.kind for t in known} & {"title", "span", "duration"}:
                best, best_known = row, len(known)  # info lines (日期 | 主播 | 时长 …) name fewer columns
        if best is not None:
            return best, self._printed_scripts(best, self._columns(best))
        names = pgettext("list separator", ", ").join(
            ("时间段", "环节", "时长", "主播话术", "助播/场控/中控/客服", "商品", "链接号", "直播价", "备注"))
        raise LivesopError(_("{where}: no header row found in the first {count} rows").format(
                               where=sheet.name, count=HEADER_SCAN_ROWS),
                           _("the sheet needs a row of column names such as {names}; for other names use "
                             "--map COLUMN=FIELD (e.g. --map 流程环节=环节), or pick the sheet with --sheet").format(
                               names=names))

    def _columns(self, row: int) -> list[Column]:
        sheet = self.sheet
        sub_row = row + 1
        two_level = False
        for col in range(1, sheet.max_col + 1):
            rng = sheet.merged.get((row, col))
            if rng is not None and rng.min_col < rng.max_col and rng.min_row <= row:
                subs = [classify(cell_text(sheet.value(sub_row, c)), column_letter(c), self.mapping, self.known_roles)
                        for c in range(rng.min_col, rng.max_col + 1)]
                if any(t is not None and t.kind not in ("unknown", "ignore") for t in subs):
                    two_level = True
        columns: list[Column] = []
        for col in range(1, sheet.max_col + 1):
            rng = sheet.merged.get((row, col))
            top = (rng.min_row, rng.min_col) if rng is not None else (row, col)
            header = cell_text(sheet.value(*top))
            group_header = rng is not None and rng.min_col < rng.max_col
            if two_level and group_header:
                sub = cell_text(sheet.value(sub_row, col))
                if sub:
                    header = sub
            target = classify(header, column_letter(col), self.mapping, self.known_roles)
            if target is None:
                continue
            if group_header and not (two_level and cell_text(sheet.value(sub_row, col))) and col > rng.min_col:
                self.note(sheet.where(row, col), _("header {header} is merged over columns {first}–{last}; "
                                                   "their cells are read together").format(
                    header=quote(header), first=column_letter(rng.min_col), last=column_letter(rng.max_col)))
            columns.append(Column(col, header, target, unit_of(header)))
        self.data_start = row + (2 if two_level else 1)
        return columns

    def _printed_scripts(self, header_row: int, columns: list[Column]) -> list[Column]:
        """When the role columns name their 话术 (``01:00 话术 lib:fudai-release``, a script of the 话术
        sheet or the library, as ``livesop show`` and ``export`` write them), a 主播话术 column is those
        scripts' text printed for reading: the scripts come back from the references, so the column
        is left out (noted once). A column the user ``--map``s is read as mapped."""
        printed = [c for c in columns if c.target.kind == "script" and column_letter(c.index) not in self.mapping
                   and normalize_header(c.header) not in self.mapping]
        if not printed:
            return columns
        defined = {values.get("id") for _where, values in self._records(SCRIPT_SHEET, {"id": ("编号", "id"),
                                                                                      "text": ("话术", "text")})}
        roles = [c.index for c in columns if c.target.kind == "role"]
        named = (parse_cue_line(line).say for row in range(self.data_start, self.sheet.max_row + 1) for col in roles
                 for line in cell_text(self.sheet.value(row, col)).split("\n"))
        if not any(say and (say.startswith("lib:") or say in defined) for say in named):
            return columns
        for column in printed:
            column.target = Target("ignore")
            self.note(self.sheet.where(header_row, column.index),
                      _("column {header} prints the 话术 the role columns name (as `livesop export` "
                        "writes it); left out: the scripts come from those references, the 话术 sheet and the "
                        "library, so change a line there").format(header=quote(column.header)))
        return columns

    # -- info lines above the header -----------------------------------------------------------
    def read_info(self, header_row: int) -> dict:
        info: dict = {"title": "", "description": []}
        for row in range(1, header_row):
            texts = [t for t in self.sheet.row_texts(row) if t]
            if not texts:
                continue
            if not info["title"]:
                info["title"] = texts[0]
                rest = texts[1:]
            else:
                rest = texts
            for piece in info_pieces(rest):
                item = info_item(piece)
                if item is None or not self._info(info, *item):
                    info["description"].append(piece)
        return info

    def _info(self, info: dict, key: str, value: str) -> bool:
        if key == "date":
            date = parse_date_text(value)
            if date is not None:
                info["date"] = date
            return date is not None
        if key == "length":
            seconds = parse_sheet_duration(value.split()[0])
            if seconds:
                info["length"] = seconds
            return bool(seconds)
        if key == "start":
            clock = parse_clock_text(value)
            if clock is not None:
                info["start"] = clock
            return clock is not None
        if key == "version":
            version = value.lstrip("vV").split()[0]
            if re.fullmatch(r"\d+\.\d+\.\d+", version):
                info["version"] = version
                return True
            return False
        if key == "platform":
            platform = PLATFORMS.get(value.strip().lower())
            if platform:
                info["platform"] = platform
            return bool(platform)
        info[key] = value.strip()  # host, room
        return True

    # -- rows ----------------------------------------------------------------------------------
    def read_rows(self, columns: list[Column]) -> list[Row]:
        sheet = self.sheet
        rows: list[Row] = []
        for number in range(self.data_start, sheet.max_row + 1):
            row = Row(number)
            filled: list[int] = []
            for column in columns:
                value = sheet.value(number, column.index)
                rng = sheet.merged.get((number, column.index))
                if rng is not None and (rng.min_row, rng.min_col) != (number, column.index):
                    if column.target.kind in PRODUCT_FIELDS and rng.min_row < number and rng.min_row >= self.data_start:
                        value = sheet.value(rng.min_row, rng.min_col)  # a product merged down over its rows
                    else:
                        value = None
                if cell_text(value):
                    filled.append(column.index)
                row.values.setdefault(column.target.key, []).append((column, value))
            stray = [col for col in range(1, sheet.max_col + 1)
                     if col not in {c.index for c in columns} and cell_text(sheet.value(number, col))]
            for col in stray:
                self.note(sheet.where(number, col), _("{value} is in a column without a header; left out "
                                                      "(give the column a header or --map it)").format(
                    value=quote(cell_text(sheet.value(number, col)))))
            if not filled:
                continue
            if self._heading(number, filled, row):
                continue
            self._extra_values(row)
            rows.append(row)
        return rows

    def _extra_values(self, row: Row) -> None:
        """A field that holds one value (时长, 链接号, 直播价 …) read from several columns: the first
        filled cell counts, the others are reported."""
        for key, cells in row.values.items():
            if key in JOINED or key.startswith("role:") or key == "ignore":
                continue
            filled = [(column, value) for column, value in cells if cell_text(value)]
            for column, value in filled[1:]:
                self.note(self.sheet.where(row.number, column.index),
                          _("a second {field} cell ({value}); the first one, {first}, is used").format(
                              field=label(key), value=quote(cell_text(value)), first=quote(cell_text(filled[0][1]))))

    def _heading(self, number: int, filled: list[int], row: Row) -> bool:
        """A row that is one merged cell across the table (a section heading such as 第一小时)."""
        ranges = {id(self.sheet.merged.get((number, col))) for col in filled}
        rng = self.sheet.merged.get((number, filled[0]))
        if len(ranges) == 1 and rng is not None and rng.min_col < rng.max_col and not row.first("duration")[0]:
            text = cell_text(self.sheet.value(rng.min_row, rng.min_col))
            self.note(self.sheet.where(number, rng.min_col),
                      _("heading row {text} is not a segment; left out").format(text=quote(text)))
            return True
        return False

    # -- the extra sheets ``livesop export`` writes ---------------------------------------------------
    def _extra(self, title: str, names: dict[str, tuple[str, ...]]):
        """(sheet, header row, field → column) of sheet ``title``, or None when there is no such table."""
        if title not in self.book.sheetnames or title == self.sheet.title:
            return None
        sheet = Sheet(self.book[title], self.file)
        lookup = {normalize_header(n): f for f, ns in names.items() for n in ns}
        for row in range(1, min(sheet.max_row, 10) + 1):
            found: dict[str, int] = {}
            for col in range(1, sheet.max_col + 1):
                fld = lookup.get(normalize_header(cell_text(sheet.value(row, col))))
                if fld and fld not in found:
                    found[fld] = col
            if len(found) >= 2:
                return sheet, row, found
        return None

    def _records(self, title: str, names: dict[str, tuple[str, ...]]):
        table = self._extra(title, names)
        if table is None:
            return
        sheet, header, cols = table
        for row in range(header + 1, sheet.max_row + 1):
            values = {f: cell_text(sheet.value(row, c)) for f, c in cols.items()}
            if any(values.values()):
                yield sheet.where(row, cols.get("id", 1)), values

    def script_sheet(self) -> dict[str, dict]:
        scripts: dict[str, dict] = {}
        for where, values in self._records(SCRIPT_SHEET, {"id": ("编号", "id"), "category": ("分类", "category"),
                                                          "tags": ("标签", "tags"), "text": ("话术", "text")}):
            sid = values.get("id", "")
            if not ID_PATTERN.match(sid):
                self.error(where, _("编号 {value} is not a script id").format(value=quote(sid)))
                continue
            entry: dict = {"text": values.get("text", "")}
            if values.get("category"):
                entry["category"] = values["category"]
            tags = [t.strip() for t in re.split(r"[,，、]", values.get("tags", "")) if t.strip()]
            if tags:
                entry["tags"] = tags
            scripts[sid] = entry
        return scripts

    def role_sheet(self) -> dict[str, tuple[str, str, str]]:
        roles: dict[str, tuple[str, str, str]] = {}
        for where, values in self._records(ROLE_SHEET, {"id": ("编号", "id"), "name": ("岗位", "name"),
                                                        "description": ("说明", "description"),
                                                        "backup": ("备岗", "backup")}):
            rid = values.get("id") or ROLE_IDS.get(values.get("name", ""), "")
            if not ID_PATTERN.match(rid):
                self.error(where, _("编号 {value} is not a role id").format(value=quote(rid)))
                continue
            roles[rid] = (values.get("name") or rid, values.get("description", ""), values.get("backup", ""))
        return roles

    def variable_sheet(self) -> dict[str, str]:
        return {values["name"]: values.get("value", "")
                for _, values in self._records(VARIABLE_SHEET, {"name": ("名称", "变量", "name"), "value": ("值", "value")})
                if values.get("name")}

    def product_sheet(self) -> list[dict]:
        if PRODUCT_SHEET not in self.book.sheetnames or PRODUCT_SHEET == self.sheet.title:
            return []
        lineup = read_lineup(self.path, PRODUCT_SHEET, self.file)
        self.notes += lineup.notes
        return [dict(item.values, _where=item.where) for item in lineup.products]
