"""Findings of `livesop new` point at the template's or the lineup's file, line and column — the
places `livesop validate` would name — never at the output that was not written."""

from __future__ import annotations

import re

from click.testing import CliRunner
from openpyxl import Workbook

from livesop.checks.validate import validate_paths
from livesop.cli.main import cli
from livesop.diagnostics import Diagnostic
from livesop.format.yamledit import block_map, dump, insert_after, rt_yaml
from livesop.plan.positions import PositionMap, Sources, map_diagnostics
from tests.helpers import REPO

LINEUP = REPO / "playbooks" / "examples" / "lineup-beauty.csv"
HEADER = "类型,链接号,商品名,日常价,价格依据,直播价,库存,机制\n"
HEAD = "livesop: 1\nid: t\ntitle: 测试\nversion: 1.0.0\nroles:\n  host: {name: 主播}\n"  # a small template's top


def new(template, lineup, out, *more):
    return CliRunner().invoke(cli, ["new", str(template), "--date", "2026-11-25", "--products", str(lineup),
                                    "-o", str(out), *more])


def places(output: str) -> list[str]:
    """``file:line:col: CODE`` of every finding in a text report."""
    return re.findall(r"^(\S+:\d+:\d+: LS\d+)", output, re.M)


def test_a_price_the_lineup_cannot_read_is_named_by_line_and_column(project, tmp_path):
    root, _ = project
    lineup = tmp_path / "l.csv"
    lineup.write_text(HEADER + "主推款,1,修护精华液,299,店铺日常售价,199,300,赠小样\n"
                               "利润款,2,保湿面霜,259,店铺日常售价,一百六,400,赠小样\n", encoding="utf-8")
    out = root / "s.yaml"
    result = new(root / "playbooks" / "daily.yaml", lineup, out)
    column = "利润款,2,保湿面霜,259,店铺日常售价,".__len__() + 1
    assert result.exit_code == 1
    assert f'{lineup}:3:{column}: 直播价 "一百六" is not a price' in result.output
    assert not out.exists()


def test_a_wrong_lineup_price_and_a_template_error_each_at_their_own_place(project, tmp_path):
    root, _ = project
    template = root / "playbooks" / "daily.yaml"
    text = template.read_text(encoding="utf-8")
    text = text.replace('role: assistant, do: "把{product.name}样品拿到镜头前', 'role: asistant, do: "把{product.name}样品拿到镜头前')
    text = text.replace("这一轮库存{product.stock}件，{product.link}号链接", "这一轮库存{product.stok}件，{product.link}号链接")
    template.write_text(text, encoding="utf-8")
    lineup = tmp_path / "l.csv"  # 面霜 at 169 under a 划线价 of 159
    lineup.write_text(LINEUP.read_text(encoding="utf-8").replace("保湿面霜 50g,259,", "保湿面霜 50g,159,"), encoding="utf-8")
    out = root / "sessions" / "s.yaml"
    result = new(template, lineup, out)
    assert result.exit_code == 1 and not out.exists() and not out.parent.exists()
    row = lineup.read_text(encoding="utf-8").splitlines()[2]
    live_price = row.index(",169,") + 2
    validated = validate_paths([str(template)])
    expected = sorted(f"{d.file}:{d.line}:{d.column}: {d.code}" for d in validated.diagnostics)
    assert len(expected) == 2  # LS301 for the role in the for_each block, LS501 in the 促单 话术's second line
    assert sorted(places(result.output)) == sorted([*expected, f"{lineup}:3:{live_price}: LS601"])
    assert str(out) not in result.output


def test_a_lineup_cell_of_a_workbook_is_named_by_row_column_and_cell(project, tmp_path):
    root, _ = project
    book = Workbook()
    sheet = book.active
    sheet.title = "排品"
    sheet.append(["11月25日排品"])
    sheet.append(["类型", "链接号", "商品名", "日常价", "价格依据", "直播价", "库存", "机制"])
    for row in (["主推款", 1, "精华液", 299, "店铺日常售价", 199, 300, "赠小样"], ["利润款", 2, "面霜", 159, "店铺日常售价", 169, 400, "赠小样"],
                ["秒杀款", 3, "洁面", 69, "店铺日常售价", 29.9, 800, "限购"], ["秒杀款", 4, "面膜", 89, "店铺日常售价", 39.9, 600, "限购"]):
        sheet.append(row)
    book.save(tmp_path / "l.xlsx")
    result = new(root / "playbooks" / "daily.yaml", tmp_path / "l.xlsx", root / "s.yaml")
    assert result.exit_code == 1
    assert f"{tmp_path / 'l.xlsx'}:4:6: LS601 直播价 169 of `profit` is not below its 划线价 159 (排品!F4)" in result.output


def new_small(tmp_path, body: str):
    """(template, result) of `livesop new` with a small template: HEAD, then ``body``."""
    template = tmp_path / "t.yaml"
    template.write_text(HEAD + body, encoding="utf-8")
    return template, CliRunner().invoke(cli, ["new", str(template), "-o", str(tmp_path / "s.yaml")])


def test_one_finding_for_a_mistake_in_a_for_each_block(tmp_path):
    template, result = new_small(
        tmp_path, "products:\n  - {id: a, name: A, link: 1, live_price: 10}\n"
        "  - {id: b, name: B, link: 2, live_price: 20}\n"
        "segments:\n  - id: pitch\n    title: \"讲品：{product.name}\"\n    for_each: products\n    duration: 5m\n"
        "    cues:\n      - {at: 0s, role: hots, do: \"上{product.link}号链接\"}\n")
    assert result.exit_code == 1
    assert places(result.output) == [f"{template}:16:24: LS301"]  # once, not once per product


def test_what_livesop_wrote_itself_names_the_template_and_where_in_the_session(tmp_path):
    text = "livesop: 1\nid: t\nsegments:\n  - id: open\n    title: 开场\n"
    sources = Sources("t.yaml", text)
    data = rt_yaml().load(text)
    insert_after(data, ("id",), "session", block_map([("date", "2026-11-25")]))
    data["segments"][0]["title"] = "开场啦"
    out = dump(data)
    assert out.splitlines()[3] == "  date: '2026-11-25'"
    positions = PositionMap(sources, data, out)
    found = [Diagnostic("LS211", "s.yaml", 4, 10, "bad date"), Diagnostic("LS701", "s.yaml", 7, 13, "场"),
             Diagnostic("LS701", "s.yaml", 7, 14, "啦"), Diagnostic("LS101", "other.md", 3, 1, "library")]
    mapped = map_diagnostics(found, "s.yaml", positions)
    assert [(d.file, d.line, d.column, d.message) for d in mapped] == [
        ("other.md", 3, 1, "library"),
        ("t.yaml", 1, 1, "bad date (in `session` of the planned session)"),
        ("t.yaml", 5, 12, "啦"),  # not in the template's text: the start of the value it replaced
        ("t.yaml", 5, 13, "场"),  # the template's text up to here: the same offset
    ]


def test_text_copied_unchanged_keeps_the_column_of_a_placeholder(tmp_path):
    template, result = new_small(
        tmp_path, "products:\n  - {id: a, name: A, link: 1, live_price: 10}\n"
        "scripts:\n  hello: |\n    欢迎来到直播间！\n    今天{product.nmae}只要{product.live_price}元。\n"
        "segments:\n  - id: pitch\n    title: 讲品\n    for_each: products\n    duration: 5m\n"
        "    cues:\n      - {at: 0s, role: host, say: hello}\n")
    assert places(result.output) == [f"{template}:12:7: LS501"]
    assert places(result.output) == [f"{d.file}:{d.line}:{d.column}: {d.code}"
                                     for d in validate_paths([str(template)]).diagnostics]
