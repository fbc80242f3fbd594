"""``livesop export``: the show layout plus 话术/商品/岗位/变量 tables, and import(export(P)) == P."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from livesop.checks.validate import load_playbook, validate_paths
from livesop.cli.main import cli
from livesop.format.timeline import build_timeline
from livesop.print.render.xlsx import show_table
from livesop.print.sheet import build_show
from tests.helpers import REPO
from tests.print.test_xlsx import FORMULAS, assert_only_texts

LIBRARY = REPO / "scripts_library"

SMALL = """\
livesop: 1
id: small
title: 小场测试
version: 2.1.0
schedule: {start: "19:30", length: 1h}
variables: {room: 小铺, code: 好物}
roles:
  host: {name: 主播}
  helper: {name: 助播, backup: host}
  ops: {name: 中控, description: 上架改价}
  light: {name: 灯光}
products:
  - {id: wok, name: 炒锅, link: 1, list_price: 299, price_basis: 店铺日常售价, live_price: 199, stock: 30}
  - {id: mug, name: 杯子, link: 2, live_price: 79, stock: 50, mechanism: 送杯盖}
scripts:
  hello: |
    欢迎来到{room}！
    口令{code}，括号写作{{这样}}。
  pitch:
    text: "{product.name}今天{product.live_price}元，{product.link}号链接。"
    category: 讲品
    tags: [价格, 链接]
segments:
  - id: open
    title: 开场
    kind: opening
    duration: 5m
    notes: 先暖场
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 0s, role: light, do: 开补光灯}
      - {at: 1m, role: helper, do: "发口令{code}，写{{口令}}", note: 看弹幕}
  - id: pitch
    title: "讲品：{product.name}"
    for_each: products
    duration: 10m
    cues:
      - {at: 0s, role: host, say: pitch}
      - {at: 30s, role: ops, do: "上架{product.link}号链接，还剩{countdown}"}
      - {at: 2m, role: helper, do: 挂福袋, every: 4m}
  - id: flash
    title: 秒杀
    start: "20:00"
    end: next
    duration: 5m
    product: mug
    cues:
      - {at: 0s, role: ops, do: "改价{product.live_price}元"}
      - {at: 1m, role: host, say: "lib:miaosha-go#A"}
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def sheet_values(path: Path, title: str) -> list[list]:
    ws = load_workbook(path)[title]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def show_of(path: Path):
    playbook, library, diagnostics, _ = load_playbook(path, LIBRARY)
    assert playbook is not None, diagnostics
    return show_table(build_show(build_timeline(playbook), library)), playbook


def round_trip(tmp_path: Path, source: Path) -> tuple[Path, str]:
    book = tmp_path / "exported.xlsx"
    result = run("export", source, "-o", book, "--library", LIBRARY)
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = run("import", book, "-o", back)
    assert result.exit_code == 0, result.output
    return back, result.output


def concrete(playbook):
    """What the round trip must keep: per segment in show order its title, length, start and
    product; each cue's role, offset, script reference or action kind; roles, products, scripts."""
    segments = []
    for slot in build_timeline(playbook).slots:
        cues = sorted((c.role, c.at, c.say or "do", c.every) for c in slot.segment.cues)
        segments.append((slot.duration, slot.start, slot.product.name.value if slot.product else None, cues))
    roles = {rid: (r.name.value, r.backup) for rid, r in playbook.roles.items()}
    products = [(p.id, p.slot, p.name.value, p.link, p.live_price, p.list_price, p.stock) for p in playbook.products]
    scripts = {sid: (s.text.value, s.category, s.tags) for sid, s in playbook.scripts.items()}
    return segments, roles, products, scripts, dict((k, v.value) for k, v in playbook.variables.items())


@pytest.mark.parametrize("name", ["daily", "mega-sale"])
def test_round_trip_of_the_bundled_playbooks(tmp_path, name):
    back, _ = round_trip(tmp_path, REPO / "playbooks" / f"{name}.yaml")
    (original_table, original), (back_table, imported) = show_of(REPO / "playbooks" / f"{name}.yaml"), show_of(back)
    assert back_table == original_table  # every cell of the run of show: titles, times, products, role cues, notes
    assert concrete(imported) == concrete(original)
    assert validate_paths([str(back)], library_dir=LIBRARY).errors == 0


def test_round_trip_of_placeholders_repeats_hard_starts_and_braces(tmp_path):
    source = tmp_path / "small.yaml"
    source.write_text(SMALL, encoding="utf-8")
    assert validate_paths([str(source)], library_dir=LIBRARY).errors == 0
    back, output = round_trip(tmp_path, source)
    (original_table, original), (back_table, imported) = show_of(source), show_of(back)
    assert back_table == original_table
    assert concrete(imported) == concrete(original)
    assert imported.version == "2.1.0" and imported.schedule.start == 19 * 3600 + 1800
    flash = imported.segments[-1]
    assert (flash.title.value, flash.start, flash.end, flash.product) == ("秒杀", 20 * 3600, "next", "mug")
    assert [s.title.value for s in imported.segments[1:3]] == ["讲品：炒锅", "讲品：杯子"]
    helper_cue = imported.segments[0].cues[-1]
    assert helper_cue.do.value == "发口令好物，写{{口令}}（看弹幕）"  # rendered once, braces literal again
    assert imported.scripts["hello"].text.value == original.scripts["hello"].text.value
    assert validate_paths([str(back)], library_dir=LIBRARY).errors == 0


def test_the_scripts_column_is_written_in_full_and_left_out_on_import(tmp_path):
    source = tmp_path / "small.yaml"
    source.write_text(SMALL, encoding="utf-8")
    back, output = round_trip(tmp_path, source)
    values = sheet_values(tmp_path / "exported.xlsx", "直播脚本")
    assert values[2][5:8] == ["直播价", "主播话术", "主播"]
    assert values[3][6] == "00:00 欢迎来到小铺！\n口令好物，括号写作{这样}。"  # rendered: variables, literal braces
    assert values[4][6] == "00:00 炒锅今天199元，1号链接。"  # the for_each copy's product
    assert values[3][7] == "00:00 话术 hello"  # the reference import reads the script from
    assert 'G3: column "主播话术" prints the 话术 the role columns name' in output
    playbook, _, _, _ = load_playbook(back, LIBRARY)
    assert set(playbook.scripts) == {"hello", "pitch"}  # nothing read twice from the printed text
    mapped = tmp_path / "mapped.yaml"  # --map reads the column as the user says
    result = run("import", tmp_path / "exported.xlsx", "-o", mapped, "--map", "G=主播话术")
    assert result.exit_code == 0, result.output
    assert "prints the 话术" not in result.output
    assert len(load_playbook(mapped, LIBRARY)[0].scripts) > 2


def test_first_sheet_is_the_show_layout(tmp_path):
    daily = REPO / "playbooks" / "daily.yaml"
    assert run("export", daily, "-o", tmp_path / "e.xlsx").exit_code == 0
    assert run("show", daily, "--format", "xlsx", "-o", tmp_path / "s.xlsx").exit_code == 0
    assert sheet_values(tmp_path / "e.xlsx", "直播脚本") == sheet_values(tmp_path / "s.xlsx", "直播脚本")
    book = load_workbook(tmp_path / "e.xlsx")
    assert book.sheetnames == ["直播脚本", "话术", "商品", "岗位", "变量"]
    assert sheet_values(tmp_path / "e.xlsx", "商品")[0] == ["编号", "类型", "链接号", "商品名", "日常价", "价格依据",
                                                          "直播价", "库存", "机制"]
    assert sheet_values(tmp_path / "e.xlsx", "商品")[1][:2] == ["hero", "主推款"]
    assert sheet_values(tmp_path / "e.xlsx", "岗位")[1] == ["host", "主播", "讲品、控节奏，只说讲解卡上有依据的卖点",
                                                          "assistant"]


def test_exported_products_sheet_is_a_lineup(tmp_path):
    daily = REPO / "playbooks" / "daily.yaml"
    assert run("export", daily, "-o", tmp_path / "e.xlsx").exit_code == 0
    out = tmp_path / "sessions" / "s.yaml"
    result = run("new", daily, "--date", "2026-11-25", "--products", tmp_path / "e.xlsx", "-o", out)
    assert result.exit_code == 0, result.output


def test_export_errors(tmp_path):
    daily = REPO / "playbooks" / "daily.yaml"
    result = run("export", daily, "-o", tmp_path / "e.csv")
    assert result.exit_code == 2 and ".xlsx" in result.output
    (tmp_path / "e.xlsx").write_bytes(b"old")
    result = run("export", daily, "-o", tmp_path / "e.xlsx")
    assert result.exit_code == 2 and "--force" in result.output
    assert (tmp_path / "e.xlsx").read_bytes() == b"old"
    broken = tmp_path / "broken.yaml"
    broken.write_text("livesop: 1\nid: x\n", encoding="utf-8")
    result = run("export", broken, "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 1 and "LS202" in result.output
    assert not (tmp_path / "b.xlsx").exists()


def test_round_trip_keeps_text_that_looks_like_a_formula(tmp_path):
    source = tmp_path / "formulas.yaml"
    source.write_text(FORMULAS, encoding="utf-8")
    back, _ = round_trip(tmp_path, source)
    assert_only_texts(tmp_path / "exported.xlsx")  # all five sheets
    (original_table, original), (back_table, imported) = show_of(source), show_of(back)
    assert back_table == original_table
    assert concrete(imported) == concrete(original)
    assert imported.title.value == '=HYPERLINK("http://evil.example","点我")'
    assert imported.roles["helper"].description.value == "=cmd|' /C calc'!A0"
    assert [s.title.value for s in imported.segments] == ["-开场", "#N/A"]
