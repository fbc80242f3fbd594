"""``import``, ``export`` and the lineup in Chinese: notes, errors, refusals, and the same workbook either way."""

import pytest

from livesop import i18n
from livesop.errors import LivesopError
from livesop.excel.lineup import read_lineup
from livesop.format.yamlio import load_file
from tests.excel.test_importer import HEADER, workbook
from tests.excel.test_limits import after_data, hostile
from tests.helpers import REPO

NIGHT = REPO / "tests" / "fixtures" / "print" / "night.yaml"



def test_import_notes_and_summary_in_chinese(invoke, tmp_path):
    rows = [HEADER, [], ["第一小时：引流"], ["20:00-20:10", "开场", "10分钟"], [None, "合计", "10分钟"]]
    source = workbook(tmp_path / "脚本.xlsx", rows, merges=["A3:J3"])
    result = invoke("--lang", "zh", "import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0
    assert '提醒：脚本.xlsx:直播脚本!A3: 分段标题行 "第一小时：引流" 不是环节；已略去' in result.output
    assert '"合计" 这一行是合计，不是环节；已略去' in result.output
    assert "已写入" in result.output and "个环节" in result.output and "上面有 2 条提醒" in result.output


@pytest.mark.parametrize("rows, words", [
    ([HEADER, ["20:00-20:10", "开场", "十五分钟"]], '直播脚本!C2: 时长 "十五分钟" 看不懂'),
    ([HEADER, [None, "开场", None, "大家好"]], "第 2 行（开场）既没有时长也没有时间段"),
    ([["周末直播"], ["日期", "2026-11-28"]], "直播脚本：前 30 行里没找到表头行"),
])
def test_import_errors_in_chinese(invoke, tmp_path, rows, words):
    source = workbook(tmp_path / "脚本.xlsx", rows)
    result = invoke("--lang", "zh", "import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and words in result.output
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("content, words", [
    (b"name,price\nwok,199\n", "不是 .xlsx 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "工作簿设了密码（已加密），或者是旧的 .xls 格式"),
    (b"PK\x03\x04\x14\x00\x00\x00 cut short", "工作簿损坏或不完整"),
])
def test_unreadable_workbooks_in_chinese(invoke, tmp_path, content, words):
    source = tmp_path / "脚本.xlsx"
    source.write_bytes(content)
    result = invoke("--lang", "zh", "import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and words in result.output


def test_map_errors_in_chinese(invoke, tmp_path):
    source = workbook(tmp_path / "s.xlsx", [["环节", "时长"], ["开场", "5分钟"]])
    result = invoke("--lang", "zh", "import", source, "-o", tmp_path / "x.yaml", "--map", "环节=标题党")
    assert result.exit_code == 2 and "--map '环节=标题党'：没有 '标题党' 这个字段" in result.output
    assert "`span`（时间段）、`title`（环节）" in result.output


def test_a_hostile_workbook_is_refused_in_chinese(invoke, tmp_path):
    source = hostile(tmp_path / "merged.xlsx", after_data(b'<mergeCells count="1"><mergeCell ref="A5:XFD1048576"/>'
                                                           b"</mergeCells>"))
    result = invoke("--lang", "zh", "import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert "工作表 直播脚本: 合并区域 A5:XFD1048576 超出了第 10,000 行和 GR 列" in result.output


def test_export_then_import_reads_the_same_in_both_languages(invoke, tmp_path):
    texts = {}
    for lang in ("zh", "en"):
        folder = tmp_path / lang
        folder.mkdir()
        result = invoke("--lang", lang, "export", NIGHT, "-o", folder / "night.xlsx")
        assert result.exit_code == 0
        assert ("已写入" if lang == "zh" else "wrote") in result.output
        result = invoke("--lang", lang, "import", folder / "night.xlsx", "-o", folder / "night.yaml")
        assert result.exit_code == 0, result.output
        texts[lang] = (folder / "night.yaml").read_text(encoding="utf-8")
    assert texts["zh"] == texts["en"]


def test_a_dated_workbook_written_in_chinese_reads_its_date_back(invoke, tmp_path):
    dated = tmp_path / "night.yaml"
    text = NIGHT.read_text(encoding="utf-8").replace("\nroles:", '\nsession:\n  date: "2026-12-02"\nroles:', 1)
    dated.write_text(text, encoding="utf-8")
    assert invoke("--lang", "zh", "export", dated, "-o", tmp_path / "n.xlsx").exit_code == 0
    from openpyxl import load_workbook

    assert "日期 2026年12月2日 周三" in load_workbook(tmp_path / "n.xlsx").active["A2"].value
    assert invoke("--lang", "zh", "import", tmp_path / "n.xlsx", "-o", tmp_path / "back.yaml").exit_code == 0
    assert load_file(tmp_path / "back.yaml").data["session"]["date"] == "2026-12-02"


def test_english_headers_import_too(invoke, tmp_path):
    rows = [["Time", "Segment", "Duration", "Host script", "ops", "Product", "Link", "Live price", "Notes"],
            ["20:00-20:10", "Opening", "10m", "Hello everyone", "01:00 list link 1", "Wok", 1, 199, "on time"]]
    source = workbook(tmp_path / "sheet.xlsx", rows)
    result = invoke("import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0 and "note:" not in result.output
    data = load_file(tmp_path / "out.yaml").data
    assert data["products"][0]["live_price"] == 199 and data["segments"][0]["notes"] == "on time"
    assert {"at": "1m", "role": "ops", "do": "list link 1"} in data["segments"][0]["cues"]


def test_lineup_errors_in_chinese(tmp_path):
    lineup = tmp_path / "lineup.csv"
    lineup.write_text("链接号,商品名,直播价\nx,炒锅,待定\n2,,99\n", encoding="utf-8")
    i18n.use("zh")
    with pytest.raises(LivesopError) as caught:
        read_lineup(lineup)
    assert caught.value.message.splitlines() == [
        f'{lineup}:2:1: 链接号 "x" 不是正整数', f'{lineup}:2:6: 直播价 "待定" 不是有效的价格', f"{lineup}:3:3: 商品名是空的"]
    assert caught.value.hint == "改好排品表再运行一次；什么都没写"
