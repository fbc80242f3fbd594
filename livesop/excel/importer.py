"""``livesop import``: an Excel 直播脚本, as teams keep it, read into a format-1 playbook.

The sheet: a title row (merged cells are fine), info lines (日期 / 主播 / 时长 …), then a header
row found by its names (时间段, 环节, 时长, 主播话术, one column per role such as 助播 / 场控 /
中控 / 客服, 商品, 链接号, 直播价, 备注; a merged group header over a row of sub-headers works
too), then one segment per row. Role cells become cues (one per line, ``mm:ss text``; a line
without a time goes at 0s), 主播话术 becomes scripts said by the host, the product columns
become products. Cells that cannot be mapped are reported with their place, never dropped in
silence; a cell that makes the sheet unreadable (a 时长 that is not a duration, a price that is
not a price) is an error and nothing is written.

Workbooks written by ``livesop export`` carry extra sheets (话术, 商品, 岗位, 变量) that give
back script texts, full product records, role ids and variables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks.draft import Checked, check_text

from livesop.format.yamledit import dump

from livesop.format.schema import schema_comment
from livesop.errors import LivesopError, UsageError
from livesop.excel.lineup import parse_count, parse_price, read_lineup
from livesop.excel.cells import (DAY, PLATFORMS, clock_offset, guess_kind, info_item, info_pieces,
                                parse_clock_text, parse_cue_line, parse_date_text, parse_sheet_duration, parse_span,
                                split_time)
from livesop.format.timefmt import format_clock, format_duration, parse_duration
from livesop.excel.workbook import cell_text, column_letter, normalize_header, open_workbook, pick_sheet, quote, unit_of

SCRIPT_SHEET, PRODUCT_SHEET, ROLE_SHEET, VARIABLE_SHEET = "话术", "商品", "岗位", "变量"
MAIN_SHEETS = ("直播脚本", "脚本", "流程")
HEADER_SCAN_ROWS = 30

# field → header names (compared after ``normalize_header``); the first is the label used in messages.
FIELDS: dict[str, tuple[str, ...]] = {
    "span": ("时间段", "时间", "时段", "时间节点", "time"),
    "title": ("环节", "流程", "环节名称", "板块", "segment", "title"),
    "duration": ("时长", "用时", "duration"),
    "script": ("主播话术", "话术", "话术内容", "script"),
    "product": ("商品", "商品名", "商品名称", "产品", "product"),
    "link": ("链接号", "链接", "link"),
    "live_price": ("直播价", "到手价", "live_price"),
    "list_price": ("日常价", "划线价", "list_price"),
    "price_basis": ("价格依据", "price_basis"),
    "stock": ("库存", "stock"),
    "mechanism": ("机制", "福利机制", "mechanism"),
    "notes": ("备注", "说明", "notes"),
}
ROLE_IDS = {"主播": "host", "助播": "assistant", "场控": "control", "中控": "ops", "客服": "service",
            "技术": "tech", "投手": "ads", "运营": "operator"}
ROLE_NAMES = {rid: name for name, rid in ROLE_IDS.items()}
PRODUCT_FIELDS = ("product", "link", "live_price", "list_price", "price_basis", "stock", "mechanism")
JOINED = ("title", "script", "notes", "unknown")  # several columns of these (and of a role) are read together
SKIP_TITLES = ("合计", "总计", "小计")
HARD_START = re.compile(r"^硬开始\s*(\d{1,2}:\d{2})")
AUTO_NEXT = "到点自动切下一段"
ID_PATTERN = re.compile(r"^[\w.-]+$")
_LOOKUP = {normalize_header(name): fld for fld, names in FIELDS.items() for name in names}


def label(fld: str) -> str:
    return FIELDS[fld][0]


@dataclass(frozen=True)
class Target:
    """What a column holds: a field, a role's cues (``role`` id and ``name``), unknown or ignored."""

    kind: str  # a FIELDS key, "role", "unknown" or "ignore"
    role: str = ""
    name: str = ""

    @property
    def key(self) -> str:
        return f"role:{self.role}" if self.kind == "role" else self.kind


@dataclass
class Column:
    index: int
    header: str
    target: Target
    unit: str = ""


@dataclass
class Row:
    number: int
    values: dict[str, list[tuple[Column, object]]] = field(default_factory=dict)

    def first(self, key: str):
        for column, value in self.values.get(key, ()):
            if cell_text(value):
                return column, value
        return None, None

    def text(self, key: str) -> str:
        return "\n".join(t for t in (cell_text(v) for _, v in self.values.get(key, ())) if t)


@dataclass
class Imported:
    text: str
    checked: Checked
    notes: list[str]
    counts: dict[str, int]


# ------------------------------------------------------------------------------- column mapping

def _role_target(text: str, known: dict[str, tuple[str, str]]) -> Target | None:
    folded = normalize_header(text)
    if folded in known:
        rid, name = known[folded]
        return Target("role", rid, name)
    for name, rid in ROLE_IDS.items():
        if folded == name or folded == rid or (folded.startswith(name) and folded != "主播话术"):
            return Target("role", rid, name)
    return None


def parse_map(values) -> dict[str, Target]:
    """``--map 讲解=主播话术 --map 灯光师=role:light --map H=ignore`` → header (or column letter) → Target."""
    result: dict[str, Target] = {}
    for value in values:
        column, sep, target = value.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise UsageError(f"--map {value!r} is not COLUMN=FIELD", "e.g. --map 讲解内容=主播话术 or --map 灯光=role:light")
        key = column if re.fullmatch(r"[A-Z]{1,3}", column) else normalize_header(column)
        result[key] = _map_target(value, target)
    return result


def _map_target(value: str, target: str) -> Target:
    if target in ("ignore", "-", "忽略"):
        return Target("ignore")
    if target.startswith("role:"):
        name = target[5:].strip()
        if not ID_PATTERN.match(name):
            raise UsageError(f"--map {value!r}: {name!r} is not a role id", "e.g. role:host, role:助播 or role:light")
        if name in ROLE_IDS:
            return Target("role", ROLE_IDS[name], name)
        return Target("role", name, ROLE_NAMES.get(name, name))
    if target in FIELDS:
        return Target(target)
    found = _LOOKUP.get(normalize_header(target))
    if found:
        return Target(found)
    if target in ROLE_IDS:
        return Target("role", ROLE_IDS[target], target)
    fields = ", ".join(f"{key} ({names[0]})" for key, names in FIELDS.items())
    raise UsageError(f"--map {value!r}: unknown field {target!r}",
                     f"fields: {fields}; role:<id> for a role's cues; ignore to leave the column out")


def classify(header: str, letter: str, mapping: dict[str, Target], roles: dict[str, tuple[str, str]]) -> Target | None:
    """The target of a header cell, or None when the cell is empty."""
    if letter in mapping:
        return mapping[letter]
    if not header:
        return None
    folded = normalize_header(header)
    if folded in mapping:
        return mapping[folded]
    if folded in _LOOKUP:
        return Target(_LOOKUP[folded])
    return _role_target(header, roles) or Target("unknown")


# ------------------------------------------------------------------------------- the reader

class _Sheet:
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


class _Importer:
    def __init__(self, path: Path, sheet: str | None, mapping: dict[str, Target]):
        self.path = path
        self.file = path.name
        self.mapping = mapping
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.book = open_workbook(path)
        ws = pick_sheet(self.book, path, sheet, MAIN_SHEETS)
        self.sheet = _Sheet(ws, self.file)
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
            return best, self._columns(best)
        names = "时间段, 环节, 时长, 主播话术, 助播/场控/中控/客服, 商品, 链接号, 直播价, 备注"
        raise LivesopError(f"{sheet.name}: no header row found in the first {HEADER_SCAN_ROWS} rows",
                           f"the sheet needs a row of column names such as {names}; for other names use "
                           "--map COLUMN=FIELD (e.g. --map 流程环节=环节), or pick the sheet with --sheet")

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
                self.note(sheet.where(row, col), f"header {quote(header)} is merged over columns "
                          f"{column_letter(rng.min_col)}–{column_letter(rng.max_col)}; their cells are read together")
            columns.append(Column(col, header, target, unit_of(header)))
        self.data_start = row + (2 if two_level else 1)
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
                self.note(sheet.where(number, col), f"{quote(cell_text(sheet.value(number, col)))} is in a column "
                          "without a header; left out (give the column a header or --map it)")
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
                          f"a second {label(key)} cell ({quote(cell_text(value))}); the first one, "
                          f"{quote(cell_text(filled[0][1]))}, is used")

    def _heading(self, number: int, filled: list[int], row: Row) -> bool:
        """A row that is one merged cell across the table (a section heading such as 第一小时)."""
        ranges = {id(self.sheet.merged.get((number, col))) for col in filled}
        rng = self.sheet.merged.get((number, filled[0]))
        if len(ranges) == 1 and rng is not None and rng.min_col < rng.max_col and not row.first("duration")[0]:
            text = cell_text(self.sheet.value(rng.min_row, rng.min_col))
            self.note(self.sheet.where(number, rng.min_col), f"heading row {quote(text)} is not a segment; left out")
            return True
        return False


    # -- the extra sheets ``livesop export`` writes ---------------------------------------------------
    def _extra(self, title: str, names: dict[str, tuple[str, ...]]):
        """(sheet, header row, field → column) of sheet ``title``, or None when there is no such table."""
        if title not in self.book.sheetnames or title == self.sheet.title:
            return None
        sheet = _Sheet(self.book[title], self.file)
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
                self.error(where, f"编号 {quote(sid)} is not a script id")
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
                self.error(where, f"编号 {quote(rid)} is not a role id")
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


# ------------------------------------------------------------------------------- building

def _escape(text: str) -> str:
    """A sheet text as a literal 话术/action: braces are not placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^\w.-]+", "-", unicodedata.normalize("NFKC", text)).strip("-.")[:40].strip("-.")
    return slug or fallback


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


class _Builder:
    """From rows to the playbook's parts: roles, products, scripts, segments."""

    def __init__(self, importer: _Importer, columns: list[Column]):
        self.im = importer
        self.sheet = importer.sheet
        self.columns = columns
        self.roles: dict[str, dict] = {rid: {"name": name, "description": desc, "backup": backup}
                                       for rid, (name, desc, backup) in importer.extra_roles.items()}
        self.host = next((rid for rid, role in self.roles.items() if role["name"] == "主播"), "host")
        for column in columns:  # roles in column order; the 主播话术 column stands for the host
            if column.target.kind == "script" and self.host not in self.roles:
                self.roles[self.host] = {"name": "主播"}
            if column.target.kind == "role" and column.target.role not in self.roles:
                self.roles[column.target.role] = {"name": column.target.name or column.header}
        self.scripts: dict[str, dict] = importer.script_sheet()
        self.products: list[dict] = []
        self.sheet_products = importer.product_sheet()
        for values in self.sheet_products:
            self.products.append(dict(values))
        self.segment_ids: set[str] = set()
        self.script_ids: set[str] = set(self.scripts)

    # products -----------------------------------------------------------------------------------
    def product(self, row: Row) -> dict | None:
        read: dict = {}
        where_of: dict = {}
        for fld in PRODUCT_FIELDS:
            column, value = row.first(fld)
            if column is None:
                continue
            where = self.sheet.where(row.number, column.index)
            where_of[fld] = where
            text = cell_text(value)
            if fld in ("live_price", "list_price"):
                price = parse_price(value)
                if price is None:
                    self.im.error(where, f"{label(fld)} {quote(text)} is not a price")
                    return None
                read[fld] = price
            elif fld in ("link", "stock"):
                number = parse_count(value)
                if number is None or (fld == "link" and number < 1):
                    self.im.error(where, f"{label(fld)} {quote(text)} is not a whole number")
                    return None
                read[fld] = number
            else:
                read["name" if fld == "product" else fld] = text
        if not read:
            return None
        found = self._find_product(read)
        if found is None:
            found = {"name": read.get("name") or "", "_where": self.sheet.where(row.number)}
            self.products.append(found)
        for key, value in read.items():
            if key not in found or found[key] in (None, ""):
                found[key] = value
            elif found[key] != value and key in ("live_price", "name"):
                place = where_of.get("live_price" if key == "live_price" else "product", self.sheet.where(row.number))
                self.im.note(place,
                             f"{'直播价' if key == 'live_price' else '商品'} {value} differs from the same product's "
                             f"{found[key]} above; kept {found[key]}")
        found.setdefault("_rows", []).append(row.number)
        return found

    def _find_product(self, read: dict) -> dict | None:
        for product in self.products:
            if "link" in read and product.get("link") == read["link"]:
                return product
        if "link" not in read and read.get("name"):
            for product in self.products:
                if product.get("name") == read["name"]:
                    return product
        return None

    def finish_products(self) -> None:
        """Give every product an id, a name and a link."""
        taken_links = {p["link"] for p in self.products if p.get("link")}
        next_link = max(taken_links, default=0) + 1
        ids: set[str] = set()
        for product in self.products:
            where = product.get("_where", self.im.file)
            if not product.get("link"):
                product["link"] = next_link
                self.im.note(where, f"商品 {quote(product.get('name'))} has no 链接号; numbered {next_link}")
                next_link += 1
            if not product.get("name"):
                product["name"] = f"{product['link']}号链接"
                self.im.note(where, f"链接号 {product['link']} has no 商品 name; named {quote(product['name'])}")
            if "live_price" not in product:
                rows = ", ".join(str(r) for r in product.get("_rows", ())) or "?"
                self.im.error(self.sheet.where(product["_rows"][0]) if product.get("_rows") else where,
                              f"商品 {quote(product['name'])} has no 直播价 (rows {rows}); a product needs one "
                              "(add a 直播价 column, or --map the 商品 column to notes)")
            product["id"] = _unique(product.get("id") or f"p{product['link']}", ids)

    # cues and scripts -------------------------------------------------------------------------
    def cues(self, row: Row, seg_id: str, duration: int, seg_clock: int | None) -> list[dict]:
        cues: list[dict] = []
        script_column = row.first("script")[0]
        if script_column is not None:
            chunks = self._script_chunks(row.text("script"))
            for at, text in chunks:
                script_id = _unique(f"{seg_id}-话术", self.script_ids)
                self.scripts[script_id] = {"text": _escape(text)}
                offset = self._at(at, duration, seg_clock, row, script_column)
                cues.append({"at": offset, "role": self.host, "say": script_id, "_at": parse_duration(offset)})
        for key, cells in row.values.items():
            if not key.startswith("role:"):
                continue
            for column, value in cells:
                for line in cell_text(value).split("\n"):
                    if line.strip():
                        cues.append(self._cue(line, column, row, duration, seg_clock))
        cues.sort(key=lambda c: c.pop("_at") or 0)
        return cues

    def _script_chunks(self, text: str) -> list[tuple[tuple[int | None, str], str]]:
        chunks: list[list] = []
        for line in text.split("\n"):
            at, at_text, rest = split_time(line)
            if at is not None:
                chunks.append([(at, at_text), [rest]])
            elif chunks:
                chunks[-1][1].append(line)
            elif line.strip():
                chunks.append([(None, ""), [line]])
        return [(at, "\n".join(lines).strip()) for at, lines in chunks if "\n".join(lines).strip()]

    def _at(self, at: tuple[int | None, str], duration: int, seg_clock, row: Row, column: Column) -> str:
        seconds, text = at
        if seconds is None:
            return "0s"
        if seconds >= duration and duration > 0:
            offset = clock_offset(text, seg_clock, duration)
            if offset is not None:
                return format_duration(offset)
            self.im.note(self.sheet.where(row.number, column.index),
                         f"time {text} is past the segment's end ({format_duration(duration)}); placed at 0s")
            return "0s"
        return format_duration(seconds)

    def _cue(self, line: str, column: Column, row: Row, duration: int, seg_clock) -> dict:
        parsed = parse_cue_line(line)
        at = self._at((parsed.at, parsed.at_text), duration, seg_clock, row, column)
        cue: dict = {"at": at, "role": column.target.role}
        say = parsed.say
        if say is not None and not (say.startswith("lib:") or say in self.scripts):
            self.im.note(self.sheet.where(row.number, column.index),
                         f"script `{say}` is not defined (no 话术 sheet holds it); kept as an action")
            say = None
        if say is not None:
            cue["say"] = say
        else:
            cue["do"] = _escape(parsed.text)
        if parsed.every:
            if parsed.every < duration:
                cue["every"] = format_duration(parsed.every)
            else:
                self.im.note(self.sheet.where(row.number, column.index),
                             f"repeat every {format_duration(parsed.every)} is not shorter than the segment; left out")
        if parsed.note:
            cue["note"] = parsed.note
        cue["_at"] = parse_duration(at)
        return cue


# ------------------------------------------------------------------------------- assembling

def _segments(builder: _Builder, rows: list[Row], info: dict) -> tuple[list[dict], int | None, int]:
    """Segments in row order, the go-live clock the sheet implies, and the total run time."""
    im, sheet = builder.im, builder.sheet
    planned = []
    for row in rows:
        title = row.text("title").replace("\n", " ")
        if title.strip() in SKIP_TITLES:
            im.note(sheet.where(row.number), f"{quote(title)} row is a total, not a segment; left out")
            continue
        span_column, span_value = row.first("span")
        span = parse_span(span_value) if span_column is not None else None
        if span_column is not None and span is None:
            im.note(sheet.where(row.number, span_column.index),
                    f"时间段 {quote(cell_text(span_value))} is not a time range such as 20:00-20:15; left out")
        duration_column, duration_value = row.first("duration")
        duration = None
        if duration_column is not None:
            duration = parse_sheet_duration(duration_value, duration_column.unit)
            if duration is None:
                im.error(sheet.where(row.number, duration_column.index),
                         f"时长 {quote(cell_text(duration_value))} is not a duration (write 15分钟, 15min, 15m, "
                         "1小时30分 or 0:15:00)")
                continue
            if span is not None and span.duration != duration:
                im.note(sheet.where(row.number, duration_column.index),
                        f"时长 {cell_text(duration_value)} does not match 时间段 {cell_text(span_value)} "
                        f"({format_duration(span.duration)}); used the 时长")
        elif span is not None:
            duration = span.duration
        if not duration:
            where = sheet.where(row.number, duration_column.index if duration_column else None)
            im.error(where, f"row {row.number} ({title or 'no 环节'}) has no 时长 or 时间段, so its length is unknown"
                     if duration is None else "时长 is zero")
            continue
        if not title:
            title = f"第{len(planned) + 1}段"
            im.note(sheet.where(row.number), f"no 环节 title; named {quote(title)}")
        planned.append((row, title, span, duration))

    start = None
    first_clock = next(((i, s) for i, (_, _, s, _) in enumerate(planned) if s is not None and not s.offsets), None)
    if first_clock is not None:
        index, span = first_clock
        start = (span.start - sum(d for _, _, _, d in planned[:index])) % DAY
    elif "start" in info:
        start = info["start"]

    segments: list[dict] = []
    running = start
    total = 0
    for row, title, span, duration in planned:
        seg_id = _unique(_slug(title, f"seg{len(segments) + 1}"), builder.segment_ids)
        notes, hard, auto_next = _notes(row, builder)
        seg: dict = {"id": seg_id, "title": _escape(title)}
        product = builder.product(row)
        clock = span.start if span is not None and not span.offsets else running
        if running is not None:
            wanted = hard if hard is not None else (span.start if span is not None and not span.offsets else None)
            if wanted is not None:
                delta = (wanted - running + DAY // 2) % DAY - DAY // 2
                if delta > 0 or (delta == 0 and hard is not None):
                    seg["start"] = format_clock(wanted % DAY)
                    running = wanted
                elif delta < 0:
                    marker = row.first("span")[0] or row.first("notes")[0]
                    im.note(sheet.where(row.number, marker.index if marker else None),
                            f"starts at {format_clock(wanted % DAY)}, but the rows above run until "
                            f"{format_clock(running % DAY)}; kept in order")
        seg["duration"] = format_duration(duration)
        if auto_next:
            seg["end"] = "next"
        seg["_product"] = product
        seg["_title"] = title
        seg["cues"] = builder.cues(row, seg_id, duration, clock)
        if notes:
            seg["notes"] = notes
        segments.append(seg)
        if running is not None:
            running += duration
        total += duration
    return segments, start, total


def _notes(row: Row, builder: _Builder) -> tuple[str, int | None, bool]:
    """The 备注 text without the lines ``livesop show`` adds (硬开始 …, 到点自动切下一段), which come
    back as ``start`` and ``end: next``; unknown columns are kept here as ``header：value``."""
    hard, auto_next, kept = None, False, []
    for line in row.text("notes").split("\n"):
        stripped = line.strip()
        match = HARD_START.match(stripped)
        if match:
            hard = parse_clock_text(match.group(1))
        elif stripped == AUTO_NEXT:
            auto_next = True
        elif stripped:
            kept.append(stripped)
    for column, value in row.values.get("unknown", ()):
        text = cell_text(value)
        if text:
            kept.append(f"{column.header}：{text}")
            builder.im.note(builder.sheet.where(row.number, column.index),
                            f"column {quote(column.header)} is not a known field; kept in the segment's notes "
                            f"(--map {column.header}=FIELD to map it, or =ignore)")
    return _escape("\n".join(kept)), hard, auto_next


def import_workbook(path: str | Path, output: str | Path, sheet: str | None = None,
                    mapping: dict[str, Target] | None = None) -> Imported:
    """The playbook text of a 直播脚本 workbook, checked as the file ``output`` (nothing is written)."""
    path, output = Path(path), Path(output)
    importer = _Importer(path, sheet, mapping or {})
    header_row, columns = importer.find_header()
    info = importer.read_info(header_row)
    rows = importer.read_rows(columns)
    builder = _Builder(importer, columns)
    segments, start, total = _segments(builder, rows, info)
    builder.finish_products()
    if not segments and not importer.errors:
        importer.error(importer.sheet.where(importer.data_start), "no segment rows below the header row")
    if importer.errors:
        raise LivesopError("\n".join(importer.errors), "fix these cells (or --map their columns) and import again; "
                           "nothing was written")
    variables = importer.variable_sheet()
    for key in ("host", "room"):
        if key in info and key not in variables:
            variables[key] = info[key]
    data = _document(path, output, info, start, total, builder, segments, variables)
    text = dump(data)
    checked = check_text(text, str(output), (output.parent if str(output.parent) else Path("."), path.parent))
    counts = {"segments": len(segments), "roles": len(builder.roles), "products": len(builder.products),
              "scripts": len(builder.scripts), "cues": sum(len(s["cues"]) for s in segments)}
    return Imported(text, checked, importer.notes, counts)


def _document(path: Path, output: Path, info: dict, start, total: int, builder: _Builder, segments: list[dict],
              variables: dict[str, str]):
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    from livesop.format.yamledit import block_map, flow_map

    def text(value: str):
        return LiteralScalarString(value + "\n") if "\n" in value else value

    doc = CommentedMap()
    doc["livesop"] = 1
    doc["id"] = _slug(path.stem, "imported")
    doc["title"] = info.get("title") or path.stem
    doc["version"] = info.get("version", "1.0.0")
    if "platform" in info:
        doc["platform"] = info["platform"]
    description = [f"从 {path.name} 导入。", *info["description"]]
    doc["description"] = LiteralScalarString("\n".join(description) + "\n")
    schedule = []
    if start is not None:
        schedule.append(("start", DoubleQuotedScalarString(format_clock(start))))
    length = info.get("length")
    if length and length >= total:
        schedule.append(("length", format_duration(length)))
    elif length:
        builder.im.notes.append(f"{builder.sheet.name}: the info lines give 时长 {format_duration(length)}, "
                                f"but the rows run {format_duration(total)}; schedule.length left out")
    if schedule:
        doc["schedule"] = block_map(schedule)
    if "date" in info:
        doc["session"] = block_map([("date", DoubleQuotedScalarString(info["date"].isoformat()))])
    if variables:
        doc["variables"] = block_map(variables.items())
    roles = CommentedMap()
    for rid, role in builder.roles.items():
        pairs = [("name", role["name"])]
        if role.get("description"):
            pairs.append(("description", role["description"]))
        if role.get("backup"):
            pairs.append(("backup", role["backup"]))
        roles[rid] = flow_map(pairs)
    doc["roles"] = roles
    if builder.products:
        order = ("id", "name", "link", "list_price", "price_basis", "live_price", "stock", "mechanism")
        doc["products"] = CommentedSeq(
            block_map((k, p[k]) for k in order if k in p and p[k] not in (None, "")) for p in builder.products)
    if builder.scripts:
        scripts = CommentedMap()
        for sid, entry in builder.scripts.items():
            if set(entry) == {"text"}:
                scripts[sid] = text(entry["text"])
            else:
                pairs = [(k, text(v) if k == "text" else (flow_seq(v) if k == "tags" else v)) for k, v in entry.items()]
                scripts[sid] = block_map(pairs)
        doc["scripts"] = scripts
    seq = CommentedSeq()
    for seg in segments:
        pairs = [("id", seg["id"]), ("title", seg["title"])]
        kind = guess_kind(seg["_title"], seg["_product"] is not None)
        if kind:
            pairs.append(("kind", kind))
        if seg["_product"] is not None:
            pairs.append(("product", seg["_product"]["id"]))
        for key in ("start", "end", "duration"):
            if key in seg:
                pairs.append((key, DoubleQuotedScalarString(seg[key]) if key == "start" else seg[key]))
        if "notes" in seg:
            pairs.append(("notes", text(seg["notes"])))
        if seg["cues"]:
            pairs.append(("cues", CommentedSeq(flow_map(c.items()) for c in seg["cues"])))
        seq.append(block_map(pairs))
    doc["segments"] = seq
    doc.yaml_set_start_comment(schema_comment(output)[2:])
    return doc


def flow_seq(items):
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq
