"""``livesop show`` and ``livesop checklist`` from the command line: formats, files, errors."""

import json
import re

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import MINIMAL, REPO

NIGHT = str(REPO / "tests" / "fixtures" / "print" / "night.yaml")
DAILY = str(REPO / "playbooks" / "daily.yaml")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_show_text_fits_the_width_and_aligns_cjk():
    from rich.cells import cell_len

    for width in (80, 120, 220):  # CliRunner is not a terminal: the width comes from COLUMNS
        result = CliRunner(env={"COLUMNS": str(width)}).invoke(cli, ["show", DAILY])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        table = [line for line in lines if line[:1] in "┌│├└"]
        assert table and {cell_len(line) for line in table} == {cell_len(table[0])}
        assert cell_len(table[0]) <= width
    assert "主播" in result.output and "1号链接" in result.output


def test_show_narrow_terminal_combines_role_columns():
    narrow = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["show", DAILY]).output
    wide = CliRunner(env={"COLUMNS": "240"}).invoke(cli, ["show", DAILY]).output
    assert "分工" in narrow and "分工" not in wide and "│ 中控" in wide


def test_checklist_text_for_two_roles():
    result = CliRunner(env={"COLUMNS": "100"}).invoke(cli, ["checklist", NIGHT, "--role", "ops", "--role", "场控"])
    assert result.exit_code == 0, result.output
    assert result.output.index("中控（ops）") < result.output.index("场控（control）")
    assert "00:30 +1" in result.output and "[必须完成]" in result.output


def test_unknown_role_is_a_usage_error_listing_the_roles():
    result = run("checklist", NIGHT, "--role", "导演")
    assert result.exit_code == 2
    assert "unknown role '导演'" in result.output
    for listed in ("host (主播)", "ops (中控)", "control (场控)", "service (客服)"):
        assert listed in result.output


@pytest.mark.parametrize("args", [(), ("--all", "--role", "ops")])
def test_checklist_needs_exactly_one_of_role_and_all(args):
    assert run("checklist", NIGHT, *args).exit_code == 2


@pytest.mark.parametrize("args,message", [
    (("--start", "8pm"), "not a clock time"),
    (("--date", "2026-13-01"), "not a date"),
    (("--format", "xlsx"), "needs a file"),
])
def test_bad_options_are_usage_errors(args, message):
    result = run("show", NIGHT, *args)
    assert result.exit_code == 2 and message in result.output


def test_missing_file_is_a_usage_error(tmp_path):
    result = run("show", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_structure_errors_print_diagnostics_and_exit_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("title: 演示直播\n", "titel: 演示直播\n"), encoding="utf-8")
    for args in (("show", str(bad)), ("checklist", str(bad), "--all")):
        result = run(*args)
        assert result.exit_code == 1
        assert re.search(r"bad\.yaml:\d+:\d+: LS20\d", result.output)
        assert "Traceback" not in result.output


def test_date_and_start_overrides_reach_the_header():
    result = run("checklist", NIGHT, "--role", "ops", "--format", "json", "--date", "2026-11-25", "--start", "22:00")
    data = json.loads(result.output)
    assert data["format"] == "livesop.checklist/1"
    assert data["meta"]["date"] == "2026-11-25" and data["meta"]["start"] == "22:00"


def test_output_file_is_written(tmp_path):
    target = tmp_path / "ops.md"
    result = run("checklist", NIGHT, "--role", "ops", "--format", "md", "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 夜猫小铺 · 深夜档 · 岗位清单") and "- [ ] **23:31** 开场" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path):
    result = run("show", NIGHT, "--format", "md", "-o", str(tmp_path / "no" / "x.md"))
    assert result.exit_code == 2 and "no such folder" in result.output


def test_xlsx_reads_back_with_openpyxl(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "show.xlsx"
    result = run("show", NIGHT, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert len(book.worksheets) == 1
    ws = book.active
    assert ws["A1"].value == "夜猫小铺 · 深夜档"
    header = [cell.value for cell in ws[3]]
    assert header == ["时间段", "环节", "时长", "商品", "链接号", "直播价", "主播话术", "主播", "中控", "场控", "客服",
                      "备注"]
    assert ws.freeze_panes == "B4"
    tea = [cell.value for cell in ws[5]]
    assert tea[:7] == ["00:00-00:30 +1", "讲品：桂花乌龙", "30分钟", "桂花乌龙", 3, 59, "00:00 桂花乌龙今天59元，3号链接。"]
    assert tea[8] == "00:30 上架3号链接"
    assert ws["G4"].value == "00:00 欢迎来到夜猫小铺！这一段还剩30:00。"
    assert ws["H4"].value == "00:00 话术 hello"
    assert ws["G4"].alignment.wrap_text
    # CJK counts double: the 环节 column fits 讲品：桂花乌龙 (7 wide characters)
    assert ws.column_dimensions["B"].width >= 14


def test_xlsx_column_widths_count_cjk_as_two():
    from livesop.print.render.xlsx import column_widths, text_width

    assert text_width("讲品A") == 5
    assert column_widths(["商品"], [["保温杯"], ["ab"]]) == [8]


HTML_RESOURCE = re.compile(r"""(?:src|href)\s*=\s*["']?(?!#)[^"'\s>]+|url\(|@import|https?://""", re.I)


@pytest.mark.parametrize("command", [("checklist", "--all"), ("show",)])
def test_html_is_self_contained(command):
    result = run(command[0], DAILY, *command[1:], "--format", "html")
    assert result.exit_code == 0
    html = result.output
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not HTML_RESOURCE.search(html)
    assert "<script" not in html


def test_html_checklist_has_a_page_per_role_and_checkboxes():
    html = run("checklist", NIGHT, "--all", "--format", "html", "--date", "2026-11-25").output
    assert html.count('<section class="page">') == 4
    assert "page-break-after:always" in html and "@page{size:A4" in html
    assert html.count('type="checkbox"') >= 10
    assert "2026-11-25" in html and "v2.1.0" in html and "夜猫小铺 · 深夜档" in html
    assert '<span class="clock">00:30<span class="day">+1</span></span>' in html
    assert '<mark class="missing"' in html


def test_html_escapes_playbook_text(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text(MINIMAL.replace("title: 讲品", 'title: "<script>alert(1)</script>"'), encoding="utf-8")
    html = run("show", str(evil), "--format", "html").output
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_script_that_cannot_be_found_is_an_error_and_nothing_is_written(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("      - {at: 0s, role: host, say: hello}\n",
                                      "      - {at: 0s, role: host, say: hello}\n"
                                      "      - {at: 1m, role: host, say: helo}\n"
                                      '      - {at: 2m, role: host, say: "lib:no-such-entry"}\n'), encoding="utf-8")
    library = REPO / "scripts_library"
    for args, target in ((("show",), "s.md"), (("show", "--format", "xlsx"), "s.xlsx"),
                         (("checklist", "--role", "主播"), "c.md"), (("export",), "e.xlsx")):
        out = tmp_path / target
        result = run(args[0], str(broken), *args[1:], "--library", str(library), "-o", str(out))
        assert result.exit_code == 1, result.output
        assert "2 话术 references cannot be resolved; nothing was written" in result.output
        assert f"{broken}:20:35: cue at +01:00 in segment `open` (host) says `helo`: script `helo` is not " \
               "defined in `scripts` (did you mean `hello`?)" in result.output
        assert f"{broken}:21:35: cue at +02:00 in segment `open` (host) says `lib:no-such-entry`" in result.output
        assert f"hint: the scripts library used is {library};" in result.output  # --library: no "looked in"
        assert "Traceback" not in result.output and not out.exists() and not list(tmp_path.glob(".*.tmp"))
    ops = run("checklist", str(broken), "--role", "ops", "--library", str(library))  # prints none of them
    assert ops.exit_code == 0 and "上架1号链接" in ops.output
