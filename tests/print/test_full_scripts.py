"""The full 话术 per cue on the run-of-show sheet (the 主播话术 column) in every format, and a 话术
that cannot be found: an error naming each reference with its place, never a placeholder."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rich.cells import cell_len

from livesop.cli.main import cli
from livesop.print.prepare import prepare
from livesop.print.render import render_show
from livesop.print.render.xlsx import show_table
from livesop.print.sheet import UnresolvedScripts, build_checklists, build_show
from tests.helpers import MINIMAL, REPO, dedent

# the minimal playbook with a 助播 who speaks too, a two-line script and 话术 from the library
SHOP = MINIMAL.replace("  host: {name: 主播}\n", "  host: {name: 主播}\n  helper: {name: 助播}\n").replace(
    '  hello: "欢迎来到{room}！"\n',
    '  hello: |\n    欢迎来到{room}！\n    先点个关注。\n'
    '  pitch: "{product.name}今天{product.live_price}元，<b>{product.link}号</b>链接。"\n').replace(
    "      - {at: 0s, role: host, say: hello}\n",
    "      - {at: 0s, role: host, say: hello}\n"
    '      - {at: 2m, role: helper, say: "lib:countdown"}\n'
    "      - {at: 1m, role: ops, do: 挂福袋}\n").replace(
    '      - {at: 30s, role: ops, do: "上架{product.link}号链接"}\n',
    "      - {at: 0s, role: host, say: pitch}\n"
    '      - {at: 30s, role: ops, do: "上架{product.link}号链接"}\n'
    '      - {at: 5m, role: host, say: "lib:countdown#A"}\n')

COUNTDOWN = dedent("""
    ---
    id: countdown
    category: 促单
    ---
    这一段还剩{countdown}，拍完评论区打"已拍"。

    ## A
    {product.link}号链接还有{product.stock}件。
""")


def write_show(folder: Path, text: str = SHOP) -> Path:
    (folder / "scripts_library").mkdir(exist_ok=True)
    (folder / "scripts_library" / "countdown.md").write_text(COUNTDOWN, encoding="utf-8")
    path = folder / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sheet_of(path: Path):
    prepared = prepare(path)
    assert not prepared.failed, prepared.diagnostics
    return build_show(prepared.timeline, prepared.library, library_searched=prepared.library_searched)


@pytest.fixture
def shop(tmp_path):
    return write_show(tmp_path)


# ------------------------------------------------------------------ the text per cue, as data

def test_each_spoken_cue_carries_its_rendered_script(shop):
    rows = {row.segment_id: row for row in sheet_of(shop).rows}
    hello, = rows["open"].cues["host"]
    assert (hello.kind, hello.text, hello.ref) == ("say", "话术 hello", "hello")
    assert hello.script_text.strip() == "欢迎来到衣橱小铺！\n先点个关注。"
    countdown, = rows["open"].cues["helper"]
    assert countdown.script_text.strip() == '这一段还剩08:00，拍完评论区打"已拍"。'  # {countdown} at 2m of 10m
    pitch, stock = rows["pitch"].cues["host"]
    assert pitch.script_text == "羊绒大衣今天899元，<b>1号</b>链接。"
    assert stock.script_text.strip() == "1号链接还有80件。"
    action = rows["pitch"].cues["ops"][0]
    assert (action.kind, action.text, action.ref, action.script_text) == ("do", "上架1号链接", "", "")


def test_the_scripts_column_lists_lines_in_time_order_naming_other_speakers(shop):
    sheet = sheet_of(shop)
    assert sheet.speaker == "host"  # says the most lines: its lines carry no name
    opening = [said.line for said in sheet.said(sheet.rows[0])]
    assert opening == ["00:00 欢迎来到衣橱小铺！\n先点个关注。", '02:00 助播：这一段还剩08:00，拍完评论区打"已拍"。']


# ------------------------------------------------------------------ per format

def test_md_and_xlsx_table_have_the_column_after_the_price(shop):
    sheet = sheet_of(shop)
    headers, rows = show_table(sheet)
    assert headers == ["时间段", "环节", "时长", "商品", "链接号", "直播价", "主播话术", "主播", "助播", "中控", "备注"]
    assert rows[1][6] == "00:00 羊绒大衣今天899元，<b>1号</b>链接。\n\n05:00 1号链接还有80件。"
    assert rows[1][7] == "00:00 话术 pitch\n05:00 话术 lib:countdown#A"  # the role cell keeps the reference
    headers, rows = show_table(sheet, "id")
    assert "主播话术" not in headers and rows[1][6] == "00:00 话术 pitch\n05:00 话术 lib:countdown#A"
    md = render_show("md", sheet)
    assert "| 主播话术 |" in md
    assert "00:00 欢迎来到衣橱小铺！<br>先点个关注。<br><br>02:00 助播：这一段还剩08:00" in md
    assert "&lt;b&gt;1号&lt;/b&gt;" in md  # escaped like every other cell
    assert "主播话术" not in render_show("md", sheet, scripts="id")


def test_xlsx_column_from_the_command(shop, tmp_path):
    out = tmp_path / "s.xlsx"
    assert CliRunner().invoke(cli, ["show", str(shop), "--format", "xlsx", "-o", str(out)]).exit_code == 0
    ws = load_workbook(out).active
    assert ws["G3"].value == "主播话术" and ws["G5"].value.startswith("00:00 羊绒大衣今天899元")
    assert ws.column_dimensions["G"].width > ws.column_dimensions["H"].width  # room for the text
    out_id = tmp_path / "id.xlsx"
    assert CliRunner().invoke(cli, ["show", str(shop), "--format", "xlsx", "--scripts", "id", "-o",
                                    str(out_id)]).exit_code == 0
    assert load_workbook(out_id).active["G3"].value == "主播"


def test_html_has_the_column_escaped(shop):
    sheet = sheet_of(shop)
    html = render_show("html", sheet)
    assert "<th>主播话术</th>" in html and '<td class="said">' in html
    assert '<span class="who">助播：</span>' in html
    assert "&lt;b&gt;1号&lt;/b&gt;" in html and "<b>1号</b>" not in html
    no_text = render_show("html", sheet, scripts="id")
    assert "主播话术" not in no_text and 'class="said"' not in no_text


def test_json_has_a_stable_key_for_the_text(shop):
    data = json.loads(render_show("json", sheet_of(shop), scripts="id"))  # json always carries it
    cue = data["rows"][1]["cues"]["host"][0]
    assert cue["ref"] == "pitch" and cue["script_text"] == "羊绒大衣今天899元，<b>1号</b>链接。"
    assert cue["line"] == "00:00 话术 pitch"
    assert data["rows"][1]["cues"]["ops"][0]["script_text"] == ""


def below(lines: list[str], marker: str) -> str:
    """The text under ``marker`` in its table column: the cells below, to the row's end, joined."""
    first = next(i for i, line in enumerate(lines) if marker in line)
    head = lines[first][:lines[first].index(marker)]
    start = cell_len(head[:head.rindex("│") + 1])  # the column's first cell
    parts = []
    for line in lines[first + 1:]:
        if line.startswith(("├", "└")):
            break
        offset, taken = 0, []
        for char in line:  # the characters from display cell ``start`` to the next border
            if offset >= start:
                if char == "│":
                    break
                taken.append(char)
            offset += cell_len(char)
        parts.append("".join(taken).strip())
    return "".join(parts)


@pytest.mark.parametrize("width", [80, 120, 240])
def test_terminal_prints_the_text_under_its_cue_aligned(shop, width):
    sheet = sheet_of(shop)
    lines = render_show("text", sheet, width=width).splitlines()
    table = [line for line in lines if line[:1] in "┌│├└"]
    assert {cell_len(line) for line in table} == {width}
    assert below(lines, "00:00 话术 pitch").startswith("羊绒大衣今天899元，<b>1号</b>链接。")
    brief = render_show("text", sheet, width=width, scripts="id")
    assert "话术 pitch" in brief and "羊绒大衣今天899元" not in brief


def test_bundled_daily_at_80_and_120_columns():
    for width in (80, 120):
        result = CliRunner(env={"COLUMNS": str(width)}).invoke(cli, ["show", str(REPO / "playbooks" / "daily.yaml")])
        assert result.exit_code == 0, result.output
        table = [line for line in result.output.splitlines() if line[:1] in "┌│├└"]
        assert {cell_len(line) for line in table} == {width}
        assert "福袋开奖啦" in re.sub(r"[│\s]", "", result.output)  # lib:fudai-draw, in full


# ------------------------------------------------------------------ a 话术 that cannot be found

BROKEN = SHOP.replace('say: "lib:countdown"}', 'say: "lib:count-down"}') \
    .replace('say: "lib:countdown#A"}', 'say: "lib:countdown#B"}') \
    .replace("say: pitch}", "say: pich}")


def test_every_unresolved_reference_is_one_error_with_its_place(tmp_path):
    path = write_show(tmp_path, BROKEN)
    with pytest.raises(UnresolvedScripts) as caught:
        sheet_of(path)
    error = caught.value
    assert error.exit_code == 1
    lines = error.message.splitlines()
    assert lines[0] == "3 话术 references cannot be resolved; nothing was written:"
    text = BROKEN.splitlines()
    expected = [  # in file order, each once
        ("lib:count-down", "cue at +02:00 in segment `open` (helper)",
         "scripts library has no entry `count-down` (did you mean `countdown`?)"),
        ("pich", "cue at +00:00 in segment `pitch` (host)", "script `pich` is not defined in `scripts`"),
        ("lib:countdown#B", "cue at +05:00 in segment `pitch` (host)", "library entry `countdown` has no variant `B`"),
    ]
    for line, (ref, where, why) in zip(lines[1:], expected, strict=True):
        place = re.match(r"  (.+?):(\d+):(\d+): ", line)
        assert place and place.group(1) == str(path)
        row, col = int(place.group(2)), int(place.group(3))
        assert text[row - 1][col - 1:].lstrip('"').startswith(ref)  # the say: value itself
        assert f"{where} says `{ref}`: {why}" in line
    library = (tmp_path / "scripts_library").resolve()
    assert str(library) in error.hint and str(tmp_path) in error.hint  # the library used, where it was looked for


def test_a_checklist_fails_only_on_what_it_prints(tmp_path):
    prepared = prepare(write_show(tmp_path, SHOP.replace("say: pitch}", "say: pich}")))
    ops = build_checklists(prepared.timeline, prepared.library, ["ops"])  # no spoken line of its own
    assert ops.roles[0].cues
    with pytest.raises(UnresolvedScripts, match="pich"):
        build_checklists(prepared.timeline, prepared.library, ["host"])


def test_an_emergency_script_is_checked_on_the_checklists_that_print_it(tmp_path):
    plan = ("emergencies:\n  - {id: freeze, title: 卡顿, severity: P1, trigger: 卡了, owner: ops, hold: stall,\n"
            "     steps: [{role: host, say: hello}]}\n")
    prepared = prepare(write_show(tmp_path, SHOP + plan))
    with pytest.raises(UnresolvedScripts) as caught:
        build_checklists(prepared.timeline, prepared.library, ["ops"])
    assert "emergency `freeze` hold says `stall`" in caught.value.message
    build_show(prepared.timeline, prepared.library)  # the run of show prints no emergency
