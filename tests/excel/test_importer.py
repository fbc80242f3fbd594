"""``livesop import``: Excel 直播脚本 sheets as teams keep them, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from livesop.checks.validate import validate_paths
from livesop.cli.main import cli
from livesop.excel.cells import parse_cue_line, parse_sheet_duration, parse_span
from livesop.format.yamlio import load_file
from tests.helpers import REPO

EXAMPLE = REPO / "playbooks" / "examples" / "直播脚本.xlsx"
HEADER = ["时间段", "环节", "时长", "主播话术", "助播", "场控", "商品", "链接号", "直播价", "备注"]
TEAM = [
    ["周末专场直播脚本"],
    ["日期：2026-11-28", None, "主播：阿满", None, "时长：1小时"],
    [],
    HEADER,
    ["20:00-20:10", "开场", "10分钟", "欢迎来到直播间！", "00:30 发福袋\n整理样品", "05:00 报数"],
    [],
    ["20:10-20:30", "讲品：炒锅", "20min", "00:00 煎蛋粘锅的朋友看过来\n少油也不粘\n10:00 今天199元，1号链接",
     "02:00 演示煎蛋", "20:15 挂福袋", "不粘炒锅", 1, "¥199", "主推款"],
    ["20:30-21:00", "下播", "30m", "感谢大家，明晚见"],
]


def run(*args):
    return CliRunner().invoke(cli, ["import", *(str(a) for a in args)])


def workbook(path, rows, merges=(), title="直播脚本", extra=None):
    book = Workbook()
    ws = book.active
    ws.title = title
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for cells in merges:
        ws.merge_cells(cells)
    for name, table in (extra or {}).items():
        sheet = book.create_sheet(name)
        for row in table:
            sheet.append(row)
    book.save(path)
    return path


def imported(tmp_path, rows, *args, merges=(), **kwargs):
    source = workbook(tmp_path / "脚本.xlsx", rows, merges, **kwargs)
    out = tmp_path / "out.yaml"
    result = run(source, "-o", out, *args)
    return result, out


# ------------------------------------------------------------------------------- cells

@pytest.mark.parametrize("value, unit, seconds", [
    ("15分钟", "", 900), ("15min", "", 900), ("15m", "", 900), ("15 分钟", "", 900), ("1小时30分", "", 5400),
    ("1.5小时", "", 5400), ("半小时", "", 1800), ("2分30秒", "", 150), ("45秒", "", 45), ("1h30m", "", 5400),
    (15, "分钟", 900), ("15", "min", 900), (dt.time(0, 15), "", 900), (15, "", None), ("十五分钟", "", None),
])
def test_durations(value, unit, seconds):
    assert parse_sheet_duration(value, unit) == seconds


@pytest.mark.parametrize("text, start, duration", [
    ("20:00-20:15", 72000, 900), ("20:00~20:15", 72000, 900), ("20：00－20：15", 72000, 900),
    ("20点-20点15", 72000, 900), ("23:30-00:30 +1", 84600, 3600), ("20:00 — 20:15", 72000, 900),
])
def test_time_ranges(text, start, duration):
    span = parse_span(text)
    assert (span.start, span.duration) == (start, duration)


def test_cue_lines():
    line = parse_cue_line("04:00 每1m×6 每分钟报一次剩余库存")
    assert (line.at, line.every, line.text) == (240, 60, "每分钟报一次剩余库存")
    assert parse_cue_line("每分钟报一次剩余库存").every is None  # 每 without an interval is just a word
    line = parse_cue_line("01:00 话术 lib:fudai-release#粉丝团版（看弹幕）")
    assert (line.say, line.note) == ("lib:fudai-release#粉丝团版", "看弹幕")
    assert parse_cue_line("【01：30】讲卖点：锅底").at == 90
    assert parse_cue_line("讲卖点：锅底").at is None


# ------------------------------------------------------------------------------- sheets that read

def test_team_sheet(tmp_path):
    result, out = imported(tmp_path, TEAM, merges=["A1:J1"])
    assert result.exit_code == 0, result.output
    assert "3 segments, 3 roles, 1 products, 4 scripts" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[1] == "livesop: 1"
    data = load_file(out).data
    assert data["title"] == "周末专场直播脚本"
    assert data["schedule"] == {"start": "20:00", "length": "1h"}
    assert data["session"] == {"date": "2026-11-28"}
    assert data["variables"] == {"host": "阿满"}
    assert list(data["roles"]) == ["host", "assistant", "control"]
    assert data["products"] == [{"id": "p1", "name": "不粘炒锅", "link": 1, "live_price": 199}]
    segments = data["segments"]
    assert [(s["title"], s["duration"]) for s in segments] == [("开场", "10m"), ("讲品：炒锅", "20m"), ("下播", "30m")]
    pitch = segments[1]
    assert pitch["product"] == "p1" and pitch["kind"] == "product" and pitch["notes"] == "主推款"
    assert [(c["at"], c["role"], c.get("say") or c.get("do")) for c in pitch["cues"]] == [
        ("0s", "host", "讲品-炒锅-话术"), ("2m", "assistant", "演示煎蛋"), ("5m", "control", "挂福袋"),
        ("10m", "host", "讲品-炒锅-话术-2")]  # 20:15 in the 20:10 row is 5 minutes in
    assert data["scripts"]["讲品-炒锅-话术"] == "煎蛋粘锅的朋友看过来\n少油也不粘\n"
    opening = segments[0]["cues"]
    assert ("0s", "assistant", "整理样品") in [(c["at"], c["role"], c.get("do")) for c in opening]  # no time: 0s
    assert validate_paths([str(out)]).errors == 0


def test_shipped_example_imports_cleanly(tmp_path):
    out = tmp_path / "imported.yaml"
    result = run(EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "8 segments, 4 roles, 3 products" in result.output
    data = load_file(out).data
    assert data["platform"] == "douyin" and data["schedule"]["length"] == "2h"
    assert [s["kind"] for s in data["segments"]][:3] == ["warmup", "opening", "product"]
    assert [p["live_price"] for p in data["products"]] == [199, 79, 9.9]
    assert validate_paths([str(out)]).diagnostics == []


def test_shipped_example_is_what_the_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_example_xlsx", REPO / "scripts" / "make_example_xlsx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["make", str(tmp_path / "again.xlsx")]) == 0
    assert (tmp_path / "again.xlsx").read_bytes() == EXAMPLE.read_bytes()


def test_group_header_over_sub_headers(tmp_path):
    rows = [
        ["直播脚本"],
        ["时间段", "环节", "时长", "岗位分工", None, None, "备注"],
        [None, None, None, "助播", "场控", "中控", None],
        ["20:00-20:05", "预热", "5分钟", "00:10 打招呼", "01:00 挂福袋", "00:00 开推流", "准时"],
        ["20:05-20:15", "开场", "10分钟", None, None, "02:00 上架1号链接", None],
    ]
    merges = ["A1:G1", "D2:F2", "A2:A3", "B2:B3", "C2:C3", "G2:G3"]
    result, out = imported(tmp_path, rows, merges=merges)
    assert result.exit_code == 0, result.output
    data = load_file(out).data
    assert list(data["roles"]) == ["assistant", "control", "ops"]
    assert [s["title"] for s in data["segments"]] == ["预热", "开场"]
    assert data["segments"][0]["cues"][0] == {"at": "0s", "role": "ops", "do": "开推流"}


def test_header_merged_over_two_columns_reads_them_together(tmp_path):
    rows = [["时间段", "环节", "时长", "主播话术", None], ["20:00-20:10", "开场", "10分钟", "大家好", "欢迎新朋友"]]
    result, out = imported(tmp_path, rows, merges=["D1:E1"])
    assert result.exit_code == 0, result.output
    assert "直播脚本!E1" in result.output and "read together" in result.output
    assert load_file(out).data["scripts"]["开场-话术"] == "大家好\n欢迎新朋友\n"


def test_empty_rows_headings_and_totals_are_left_out(tmp_path):
    rows = [HEADER, [], ["第一小时：引流"], ["20:00-20:10", "开场", "10分钟"], [], [], ["20:10-20:20", "下播", "10分钟"],
            [None, "合计", "20分钟"]]
    result, out = imported(tmp_path, rows, merges=["A3:J3"])
    assert result.exit_code == 0, result.output
    assert [s["title"] for s in load_file(out).data["segments"]] == ["开场", "下播"]
    assert '直播脚本!A3: heading row "第一小时：引流" is not a segment' in result.output
    assert '直播脚本!8: "合计" row is a total' in result.output


def test_numbers_in_a_duration_column_with_a_unit(tmp_path):
    rows = [["环节", "时长(分钟)"], ["开场", 10], ["下播", 5]]
    result, out = imported(tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert [s["duration"] for s in load_file(out).data["segments"]] == ["10m", "5m"]


def test_gap_in_time_ranges_becomes_a_hard_start_and_overlap_a_note(tmp_path):
    rows = [["时间段", "环节"], ["20:00-20:10", "开场"], ["20:15-20:20", "秒杀"], ["20:18-20:30", "下播"]]
    result, out = imported(tmp_path, rows)
    assert result.exit_code == 0, result.output
    segments = load_file(out).data["segments"]
    assert segments[1]["start"] == "20:15" and "start" not in segments[2]
    assert "直播脚本!A4: starts at 20:18, but the rows above run until 20:20; kept in order" in result.output


def test_unknown_columns_are_reported_and_kept_in_notes(tmp_path):
    rows = [["时间段", "环节", "时长", "道具", None], ["20:00-20:10", "开场", "10分钟", "炒锅、鸡蛋", "孤立的格子"]]
    result, out = imported(tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert '直播脚本!D2: column "道具" is not a known field; kept in the segment\'s notes' in result.output
    assert '直播脚本!E2: "孤立的格子" is in a column without a header; left out' in result.output
    assert load_file(out).data["segments"][0]["notes"] == "道具：炒锅、鸡蛋"
    result = run(tmp_path / "脚本.xlsx", "-o", out, "--force", "--map", "道具=ignore")
    assert result.exit_code == 0 and "道具" not in result.output
    assert "notes" not in load_file(out).data["segments"][0]


def test_map_unusual_headers(tmp_path):
    rows = [["时段安排", "流程环节", "讲解内容", "灯光"], ["20:00-20:10", "开场", "大家好", "00:00 开补光灯"]]
    result, out = imported(tmp_path, rows, "--map", "时段安排=span", "--map", "流程环节=环节",
                           "--map", "C=主播话术", "--map", "灯光=role:light")
    assert result.exit_code == 0, result.output
    data = load_file(out).data
    assert data["roles"]["light"] == {"name": "light"} and data["scripts"] == {"开场-话术": "大家好"}
    assert {"at": "0s", "role": "light", "do": "开补光灯"} in data["segments"][0]["cues"]


def test_braces_in_sheet_text_are_literal(tmp_path):
    rows = [["环节", "时长", "场控"], ["开场", "5分钟", "01:00 口令{小满}发到评论区"]]
    result, out = imported(tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert load_file(out).data["segments"][0]["cues"][0]["do"] == "口令{{小满}}发到评论区"
    assert validate_paths([str(out)]).errors == 0


def test_sheet_option(tmp_path):
    source = workbook(tmp_path / "s.xlsx", [["说明"]], extra={"晚场": [["环节", "时长"], ["开场", "5分钟"]]})
    result = run(source, "-o", tmp_path / "a.yaml", "--sheet", "晚场")
    assert result.exit_code == 0, result.output
    result = run(source, "-o", tmp_path / "b.yaml", "--sheet", "早场")
    assert result.exit_code == 2 and "no sheet named '早场'" in result.output and "晚场" in result.output


# ------------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("rows, message", [
    ([HEADER, ["20:00-20:10", "开场", "十五分钟"]], '直播脚本!C2: 时长 "十五分钟" is not a duration'),
    ([["环节", "时长"], ["开场", 15]], '直播脚本!B2: 时长 "15" is not a duration'),
    ([HEADER, [None, "开场", None, "大家好"]], "直播脚本!2: row 2 (开场) has no 时长 or 时间段"),
    ([HEADER, ["20:00-20:10", "讲品", "10分钟", None, None, None, "炒锅", 1, "待定"]],
     '直播脚本!I2: 直播价 "待定" is not a price'),
    ([["环节", "时长", "商品"], ["讲品", "10分钟", "炒锅"]], '商品 "炒锅" has no 直播价'),
    ([["周末直播"], ["日期", "2026-11-28"], ["开场 20:00"]], "直播脚本: no header row found"),
    ([["环节", "时长"]], "直播脚本!2: no segment rows below the header row"),
])
def test_bad_sheets_name_the_cell_and_write_nothing(tmp_path, rows, message):
    result, out = imported(tmp_path, rows)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("content, words", [
    (b"name,price\nwok,199\n", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "password-protected (encrypted) or in the old .xls format"),
    (b"PK\x03\x04\x14\x00\x00\x00 cut short", "damaged or incomplete"),
])
def test_files_that_are_not_readable_workbooks(tmp_path, content, words):
    source = tmp_path / "脚本.xlsx"
    source.write_bytes(content)
    result = run(source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert words in result.output and "脚本.xlsx" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_zip_without_workbook(tmp_path):
    source = tmp_path / "脚本.xlsx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    result = run(source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and "damaged or incomplete" in result.output


def test_usage_errors(tmp_path):
    result = run(tmp_path / "none.xlsx", "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and "no such file" in result.output
    source = workbook(tmp_path / "s.xlsx", [["环节", "时长"], ["开场", "5分钟"]])
    (tmp_path / "out.yaml").write_text("mine\n", encoding="utf-8")
    result = run(source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and "--force" in result.output
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == "mine\n"
    result = run(source, "-o", tmp_path / "x.yaml", "--map", "环节")
    assert result.exit_code == 2 and "COLUMN=FIELD" in result.output
    result = run(source, "-o", tmp_path / "x.yaml", "--map", "环节=标题党")
    assert result.exit_code == 2 and "unknown field" in result.output


def test_a_second_cell_for_a_one_value_field_is_reported(tmp_path):
    rows = [["环节", "时长", "直播价", None, "商品"], ["讲品", "10分钟", "¥199", "¥179", "炒锅"]]
    result, out = imported(tmp_path, rows, merges=["C1:D1"])
    assert result.exit_code == 0, result.output
    assert '直播脚本!D2: a second 直播价 cell ("¥179"); the first one, "¥199", is used' in result.output
    assert load_file(out).data["products"][0]["live_price"] == 199


def test_a_csv_given_to_import_is_not_told_to_become_a_csv(tmp_path):
    sheet = tmp_path / "lineup.csv"
    sheet.write_text("name,price\nwok,199\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(sheet), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 1
    assert "not an .xlsx workbook" in result.output and ".csv" not in result.output.split("hint:")[1]
    assert not (tmp_path / "out.yaml").exists()
