"""``livesop report LOG --data --comments`` and ``livesop review``: the options, the formats, the errors."""

from __future__ import annotations

import json

import pytest

from tests.review.kit import M, SHOW, WALL0, comments_jsonl, every_minute, minutes_csv, run_show

WEEK = 7 * 24 * 60 * M


@pytest.fixture
def one_run(show, tmp_path):
    log = run_show(show, tmp_path / "run.jsonl")
    data = minutes_csv(tmp_path / "m.csv", every_minute("20:00", 25))
    said = comments_jsonl(tmp_path / "c.jsonl", [("20:06:00", "假货吧"), ("20:07:00", "已拍")])
    return log, data, said


@pytest.mark.parametrize("fmt, expected", [
    ("text", "Per segment: sales"), ("md", "| segment | title | visits | ran | minutes | GMV |"),
    ("html", "<svg class=\"chart\""), ("json", '"review": {')])
def test_report_with_data_and_comments_in_every_format(invoke, one_run, fmt, expected):
    log, data, said = one_run
    result = invoke("report", log, "--data", data, "--comments", said, "--tz", "Asia/Shanghai", "--format", fmt)
    assert result.exit_code == 0
    assert expected in result.output
    if fmt in ("text", "md"):
        assert "<svg" not in result.output and "Per 话术" in result.output


def test_report_html_charts_carry_chinese_labels_as_svg_text(invoke, one_run):
    log, data, said = one_run
    page = invoke("report", log, "--data", data, "--comments", said, "--tz", "Asia/Shanghai", "--format", "html").output
    for label in ("在线人数（每分钟）", "各环节成交金额与订单数", "成交金额（元）", "每分钟评论数（红色：含负面词）", "话术",
                  "讲品·炒锅"):
        assert f">{label}<" in page or f">{label}" in page, label
    assert "<script" not in page


def test_data_goes_with_one_log(invoke, one_run, show, tmp_path):
    log, data, _ = one_run
    other = run_show(show, tmp_path / "other.jsonl")
    result = invoke("report", log, other, "--data", data)
    assert result.exit_code == 2
    assert "--data and --comments go with one run log" in result.output and "livesop review" in result.output


def test_an_export_it_cannot_read_says_which_columns_it_found_and_knows(invoke, one_run, tmp_path):
    log, _, _ = one_run
    bad = minutes_csv(tmp_path / "bad.csv", [["1", "2"]], ("分钟", "GMV值"))
    result = invoke("report", log, "--data", bad)
    assert result.exit_code == 1
    assert "Columns found: 分钟, GMV值" in result.output and "在线人数/online_user_cnt" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_platform_and_zone_are_usage_errors(invoke, one_run):
    log, data, _ = one_run
    assert "known platforms: douyin" in invoke("report", log, "--data", data, "--platform", "weibo").output
    result = invoke("report", log, "--data", data, "--tz", "Nowhere/City")
    assert result.exit_code == 2 and "not a time zone" in result.output


def weeks(show, tmp_path, count=2):
    """``count`` weekly runs, the second with another version of the playbook and a longer 讲品."""
    runs = []
    for week in range(count):
        text = SHOW.replace("version: 1.2.0", f"version: 1.{2 + week}.0")
        if week:
            text = text.replace("say: push}", "say: hello}", 1)
        playbook = tmp_path / f"week{week}.yaml"
        playbook.write_text(text, encoding="utf-8")
        log = run_show(playbook, tmp_path / f"week{week}.jsonl", wall_ms=WALL0 + week * WEEK)
        day = 25 + 7 * week
        date = f"2025-11-{day}" if day <= 30 else f"2025-12-{day - 30:02d}"
        data = minutes_csv(tmp_path / f"week{week}.data.csv", every_minute(
            f"{date} 20:00", 25, lambda n, w=week: (100 + n, 10, 100 * (1 + w), 1 + w, 1, 50, 5, 3, 1)))
        runs.append((log, data))
    return runs


def test_review_puts_weekly_runs_side_by_side(invoke, show, tmp_path):
    (first, first_data), (second, second_data) = weeks(show, tmp_path)
    result = invoke("review", f"{second}={second_data}", f"{first}={first_data}", "--tz", "Asia/Shanghai")
    assert result.exit_code == 0
    text = result.output
    assert text.index("1.2.0") < text.index("1.3.0")  # oldest first, whatever the order given
    assert "Per segment: GMV" in text and "1,000 (+100%)" in text  # pitch: 1,000 → 2,000
    assert "Per product: GMV" in text and "Per 话术" in text
    push = next(line for line in text.splitlines() if line.startswith("push"))
    assert "2×)" in push and "1×)" in push  # said twice in week 1, once in week 2


def test_review_json_and_the_folder_convention(invoke, show, tmp_path):
    runs = weeks(show, tmp_path)
    for log, data in runs:
        data.rename(log.with_name(log.stem + ".minutes.csv"))
    out = json.loads(invoke("review", tmp_path, "--tz", "Asia/Shanghai", "--format", "json").output)
    assert [run["version"] for run in out["runs"]] == ["1.2.0", "1.3.0"]
    pitch = next(s for s in out["segments"] if s["id"] == "pitch")
    assert [r["gmv"] for r in pitch["runs"]] == [1000, 2000]


def test_review_wants_two_runs(invoke, one_run):
    log, data, _ = one_run
    result = invoke("review", f"{log}={data}")
    assert result.exit_code == 2 and "two or more runs" in result.output


def test_review_html_has_its_chart(invoke, show, tmp_path):
    (first, first_data), (second, second_data) = weeks(show, tmp_path)
    page = invoke("review", f"{first}={first_data}", f"{second}={second_data}", "--tz", "Asia/Shanghai",
                  "--format", "html").output
    assert ">各环节成交金额（逐场对比）<" in page


def test_texts_from_the_files_cannot_reach_the_page_or_the_terminal_as_markup(invoke, one_run, tmp_path):
    log, data, _ = one_run
    said = comments_jsonl(tmp_path / "evil.jsonl", [("20:06:00", "假货<script>alert(1)</script>\x1b[2J"),
                                                    ("20:06:10", "假货<b>")])
    for fmt in ("html", "text", "md"):
        out = invoke("report", log, "--data", data, "--comments", said, "--tz", "Asia/Shanghai", "--format", fmt).output
        assert "\x1b" not in out and "\\x1b[2J" in out
        if fmt != "text":
            assert "<script>" not in out and "&lt;script&gt;" in out
