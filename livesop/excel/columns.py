"""What a 直播脚本 workbook's names mean: its sheets, its column headers (fields and roles) and ``--map``.

A header is looked up in ``FIELDS`` and ``ROLE_IDS`` after ``normalize_header``; ``--map`` names
the columns whose headers say otherwise. Shared by the reader and by ``livesop export``, which
writes the same sheet names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livesop.errors import UsageError
from livesop.excel.workbook import normalize_header
from livesop.i18n import _, pgettext

# the tables ``livesop export`` writes after the main sheet, and the names the main sheet goes by
SCRIPT_SHEET, PRODUCT_SHEET, ROLE_SHEET, VARIABLE_SHEET = "话术", "商品", "岗位", "变量"
MAIN_SHEETS = ("直播脚本", "脚本", "流程")

# field → header names (compared after ``normalize_header``, which drops spaces and case: ``Live price`` is
# ``liveprice``); the first is the label used in messages, as the sheets write it. The English names let
# a sheet kept in English import too.
FIELDS: dict[str, tuple[str, ...]] = {
    "span": ("时间段", "时间", "时段", "时间节点", "time", "timeslot", "span"),
    "title": ("环节", "流程", "环节名称", "板块", "segment", "title"),
    "duration": ("时长", "用时", "duration", "length"),
    "script": ("主播话术", "话术", "话术内容", "script", "hostscript", "hostlines"),
    "product": ("商品", "商品名", "商品名称", "产品", "product"),
    "link": ("链接号", "链接", "link", "linkno.", "linknumber"),
    "live_price": ("直播价", "到手价", "live_price", "liveprice"),
    "list_price": ("日常价", "划线价", "list_price", "listprice"),
    "price_basis": ("价格依据", "price_basis", "pricebasis"),
    "stock": ("库存", "stock"),
    "mechanism": ("机制", "福利机制", "mechanism"),
    "notes": ("备注", "说明", "notes", "note"),
}
ROLE_IDS = {"主播": "host", "助播": "assistant", "场控": "control", "中控": "ops", "客服": "service",
            "技术": "tech", "投手": "ads", "运营": "operator"}
ROLE_NAMES = {rid: name for name, rid in ROLE_IDS.items()}
PRODUCT_FIELDS = ("product", "link", "live_price", "list_price", "price_basis", "stock", "mechanism")
JOINED = ("title", "script", "notes", "unknown")  # several columns of these (and of a role) are read together
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
    """A column of the sheet: its number (1-based), its header, what it holds and its header's unit."""

    index: int
    header: str
    target: Target
    unit: str = ""


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
            raise UsageError(_("--map {value} is not COLUMN=FIELD").format(value=repr(value)),
                             _("e.g. --map 讲解内容=主播话术 or --map 灯光=role:light"))
        key = column if re.fullmatch(r"[A-Z]{1,3}", column) else normalize_header(column)
        result[key] = _map_target(value, target)
    return result


def _map_target(value: str, target: str) -> Target:
    if target in ("ignore", "-", "忽略"):
        return Target("ignore")
    if target.startswith("role:"):
        name = target[5:].strip()
        if not ID_PATTERN.match(name):
            raise UsageError(_("--map {value}: {name} is not a role id").format(value=repr(value), name=repr(name)),
                             _("e.g. role:host, role:助播 or role:light"))
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
    fields = pgettext("list separator", ", ").join(pgettext("--map field", "{field} ({header})").format(
        field=key, header=names[0]) for key, names in FIELDS.items())
    raise UsageError(_("--map {value}: unknown field {field}").format(value=repr(value), field=repr(target)),
                     _("fields: {fields}; role:<id> for a role's cues; ignore to leave the column out").format(
                         fields=fields))


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
