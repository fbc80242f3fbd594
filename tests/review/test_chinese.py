"""The 复盘 with the room's numbers in Chinese: the report's section, ``livesop review``, the errors
of the data files and the help, while ids, file names and JSON keys and values stay as they are."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from livesop import i18n
from livesop.format.timefmt import human_date
from livesop.review import room
from livesop.review.align import AFTER, BEFORE, WAITING
from livesop.review.compare import RunInfo, shown_labels
from livesop.review.layout import joined, place_name
from tests.review.kit import comments_jsonl, every_minute, minutes_csv, read, run_show

WEEK_MS = 7 * 24 * 3600 * 1000
# English a Chinese heading or column header may keep: the trade's own abbreviations
ALLOWED = {"GPM", "UV"}


@pytest.fixture
def one_run(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    data = minutes_csv(tmp_path / "m.csv", every_minute("19:58", 30))  # two minutes before, three after
    said = comments_jsonl(tmp_path / "c.jsonl", [("20:06:00", "假货吧"), ("20:06:20", "退款"), ("20:07:00", "已拍")])
    return log, data, said


def test_the_section_speaks_chinese_in_every_format(invoke, one_run):
    log, data, said = one_run
    args = ("report", log, "--data", data, "--comments", said, "--tz", "Asia/Shanghai", "--lang", "zh")
    text = invoke(*args).output
    for words in ("直播间数据：平台数据对上直播记录", "分环节：成交", "分环节：人气与互动", "环节之外的分钟",
                  "开播前", "下播后", "分商品：讲品、返场、秒杀", "分话术：每句话术之后的三分钟", "负面舆情与应急预案",
                  "环节内合计：", "按 Asia/Shanghai 时间，见 --tz"):
        assert words in text, words
    assert "Per segment" not in text and "Room numbers" not in text
    assert re.search(r"^环节 +名称 +播出次数 +实际时长 +分钟数 +成交金额 ", text, re.M)
    md = invoke(*args, "--format", "md").output
    assert "| 环节 | 名称 | 播出次数 |" in md
    html = invoke(*args, "--format", "html").output
    assert "<h2>分环节：成交</h2>" in html and ">在线人数（每分钟）<" in html and "Traceback" not in html


def test_json_keeps_its_keys_and_values_in_chinese(invoke, one_run):
    log, data, said = one_run
    out = json.loads(invoke("report", log, "--data", data, "--comments", said, "--tz", "Asia/Shanghai",
                            "--format", "json", "--lang", "zh").output)
    review = out["review"]
    assert {p["place"] for p in review["outside"]} <= {BEFORE, AFTER, WAITING, "between segments"}
    assert BEFORE in {p["place"] for p in review["outside"]}
    assert review["segments"][0]["id"] == "open" and "gmv" in review["segments"][0]


def test_headings_and_column_headers_carry_no_english(one_run):
    log, data, said = one_run
    i18n.use("zh")
    review = room(read(log), data, said, tz="Asia/Shanghai")
    texts = []
    for block in review.blocks():
        if block[0] == "h":
            texts.append(block[1])
        elif block[0] == "table":
            texts += [str(header) for header in block[1]]
    assert texts
    english = {word for text in texts for word in re.findall(r"[A-Za-z]+", text)} - ALLOWED
    assert not english, english


def test_places_and_lists_in_either_language():
    assert place_name(BEFORE) == "before the show" and joined(["a", "b"]) == "a, b"
    assert place_name("pitch") == "pitch"
    i18n.use("zh")
    assert place_name(BEFORE) == "开播前" and place_name(WAITING) == "等待硬性开始"
    assert joined(["a", "b"]) == "a、b"


def test_review_in_chinese(invoke, show, tmp_path):
    runs = []
    for week in range(2):
        log = run_show(show, tmp_path / f"w{week}.jsonl", wall_ms=1_764_072_000_000 + week * WEEK_MS)
        data = minutes_csv(tmp_path / f"w{week}.csv", every_minute("20:00", 25))
        runs.append(f"{log}={data}")
    text = invoke("review", *runs, "--tz", "Asia/Shanghai", "--lang", "zh").output
    for words in ("逐场复盘对比 · 小场", "共 2 场，从早到晚排", "分环节：成交金额", "分商品：成交金额", "分话术：之后三分钟的成交金额",
                  "场次", "开播时间"):
        assert words in text, words
    assert "week over week" not in text


def test_run_labels_are_dates_for_a_person_in_chinese():
    def run(label, started):
        return RunInfo(label, "", "", "", "", "", "", started, None, None, None, None, None, "")

    runs = [run("2025-11-25", "2025-11-25T20:00:00+08:00"), run("2025-12-02", "2025-12-02T20:00:00+08:00")]
    assert shown_labels(runs) == ["2025-11-25", "2025-12-02"]
    i18n.use("zh")
    assert shown_labels(runs) == [human_date(dt.date(2025, 11, 25)), human_date(dt.date(2025, 12, 2))]


@pytest.mark.parametrize("args, exit_code, words", [
    (("--data", "{bad}"), 1, "分钟数据里没有认得的指标列。找到的列：分钟、GMV值"),
    (("--data", "{data}", "--platform", "weibo"), 2, "认识的平台：douyin；用 --platform 指定其中一个"),
    (("--data", "{data}", "--tz", "Nowhere/City"), 2, "--tz 'Nowhere/City'：不是时区"),
    (("--comments", "{evil}"), 1, "不是 JSON 对象"),
])
def test_errors_of_the_data_files_in_chinese(invoke, one_run, tmp_path, args, exit_code, words):
    log, data, _ = one_run
    files = {"bad": minutes_csv(tmp_path / "bad.csv", [["1", "2"]], ("分钟", "GMV值")), "data": data,
             "evil": tmp_path / "evil.jsonl"}
    files["evil"].write_text('{"time": "20:00", "text": "x"}\n[1]\n', encoding="utf-8")
    result = invoke("report", log, *(arg.format(**files) for arg in args), "--lang", "zh")
    assert result.exit_code == exit_code
    assert words in result.output


def test_review_of_one_run_and_the_help_in_chinese(invoke, one_run):
    log, data, _ = one_run
    result = invoke("review", f"{log}={data}", "--lang", "zh")
    assert result.exit_code == 2 and "livesop review 要对比两场或更多，这里只给了一场" in result.output
    assert "对比同一模板的多场直播" in invoke("review", "--help", "--lang", "zh").output
    help_text = invoke("report", "--help", "--lang", "zh").output
    assert "根据直播记录出复盘报告" in help_text and "平台的分钟数据" in help_text
