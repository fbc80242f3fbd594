"""``livesop export``: a playbook as the Excel 直播脚本 teams work in, readable by ``livesop import``.

The first sheet is the run-of-show sheet of ``livesop show --format xlsx`` (same layout, same
code): one row per segment, 时间段 / 环节 / 时长 / 商品 / 链接号 / 直播价, 主播话术 (every spoken
line in full; ``import`` reads the scripts from the role columns and leaves this one out), one
column of ``mm:ss`` cues per role, 备注. Four plain tables follow so that nothing the sheet shows only by
reference is lost: 话术 (script id, category, tags, text with its placeholders), 商品 (the
lineup columns), 岗位 (role ids, names, backups) and 变量 (variables). Checklists and emergency
plans are not part of a 直播脚本 and are not exported.
"""

from __future__ import annotations

from livesop.excel.columns import PRODUCT_SHEET, ROLE_SHEET, SCRIPT_SHEET, VARIABLE_SHEET
from livesop.excel.workbook import number_text
from livesop.format.library import Library
from livesop.format.model import Playbook

SCRIPT_HEADERS = ["编号", "分类", "标签", "话术"]
PRODUCT_HEADERS = ["编号", "类型", "链接号", "商品名", "日常价", "价格依据", "直播价", "库存", "机制"]
ROLE_HEADERS = ["编号", "岗位", "说明", "备岗"]
VARIABLE_HEADERS = ["名称", "值"]


def _text(value) -> str:
    return value.value if value is not None else ""


def _price(value: float | None):
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def extra_tables(playbook: Playbook) -> list[tuple[str, list[str], list[list]]]:
    """The 话术, 商品, 岗位 and 变量 tables of ``playbook`` (empty ones left out, 岗位 always there)."""
    scripts = [[sid, script.category or "", "、".join(script.tags), _text(script.text)]
               for sid, script in playbook.scripts.items()]
    products = [[p.id or "", p.slot or "", p.link if p.link is not None else "", _text(p.name), _price(p.list_price),
                 _text(p.price_basis), _price(p.live_price), p.stock if p.stock is not None else "", _text(p.mechanism)]
                for p in playbook.products]
    roles = [[rid, _text(role.name) or rid, _text(role.description), role.backup or ""]
             for rid, role in playbook.roles.items()]
    variables = [[name, value.value if hasattr(value, "value") else number_text(value) if isinstance(value, float)
                  else str(value)] for name, value in playbook.variables.items()]
    tables = [(SCRIPT_SHEET, SCRIPT_HEADERS, scripts), (PRODUCT_SHEET, PRODUCT_HEADERS, products),
              (ROLE_SHEET, ROLE_HEADERS, roles), (VARIABLE_SHEET, VARIABLE_HEADERS, variables)]
    return [(title, headers, rows) for title, headers, rows in tables if rows or title == ROLE_SHEET]


def export_bytes(playbook: Playbook, library: Library | None = None, start_clock: int | None = None,
                 library_searched: str = "") -> bytes:
    """The workbook's bytes: the run-of-show sheet (with the 主播话术 column), then the extra tables.
    A 话术 that cannot be found raises ``UnresolvedScripts`` (``library_searched`` goes into its hint)."""
    from livesop.format.timeline import build_timeline
    from livesop.print.render.xlsx import workbook_bytes
    from livesop.print.sheet import build_show

    sheet = build_show(build_timeline(playbook, start_clock), library, library_searched=library_searched)
    return workbook_bytes(sheet, extra_sheets=extra_tables(playbook))
