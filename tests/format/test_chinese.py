"""Loading and building speak the reader's language: Chinese findings and hints, dates and durations
as a Chinese team writes them; English stays the text itself."""

from __future__ import annotations

import datetime as dt

from livesop import i18n
from livesop.format.build import build
from livesop.format.library import load_library
from livesop.format.placeholders import scan
from livesop.format.timefmt import format_duration, human_clock, human_date, human_datetime, human_duration
from livesop.format.yamlio import load_text

SHOW = """\
livesop: 1
title: 测试
version: 1.0.0
roles:
  host: {nme: 主播}
segments:
  - id: open
    title: 开场
    duration: 10
    cues:
      - {at: 0s, role: host}
"""


def _messages(text: str) -> list[tuple[str, str, str]]:
    _, diagnostics = build(load_text(text, "show.yaml"))
    return [(d.code, d.message, d.hint) for d in diagnostics]


def test_structure_findings_in_chinese():
    i18n.use("zh")
    found = _messages(SHOW)
    assert ("LS202", "手册缺少 `id`", "加上 `id:`（手册的 id）") in found
    assert ("LS201", "岗位里没有 `nme` 这个字段", "是不是要写 `name`？") in found
    assert ("LS402", "`duration` 只写了数字 10，缺少单位", "分钟写 `10m`，秒写 `10s`") in found
    assert any(code == "LS207" and message == "提示既没写 `say` 也没写 `do`" for code, message, _ in found)


def test_the_same_findings_in_english_are_the_text_itself():
    found = _messages(SHOW)
    assert ("LS202", "playbook needs `id`", "add `id:` (identifier of the playbook)") in found
    assert ("LS201", "unknown key `nme` in role", "did you mean `name`?") in found


def test_a_bound_and_its_hint_in_chinese():
    i18n.use("zh")
    text = SHOW.replace("duration: 10\n", "duration: 25h\n")
    found = _messages(text)
    assert ("LS210", "`duration` 的 '25h' 超过了 24小时",
            "手册里的时长和时间点最多 24 小时；检查单位（m 还是 h）") in found


def test_yaml_syntax_error_in_chinese(invoke, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("livesop: 1\nid: x\ntitle: a: b\n", encoding="utf-8")
    result = invoke("validate", path, "--lang", "zh")
    assert result.exit_code != 0
    assert "LS101 这里不能写 `字段: 值`" in result.output
    assert "缩进和上下行不一致" in result.output


def test_file_level_findings_in_chinese(invoke, tmp_path):
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "gbk.yaml").write_bytes("livesop: 1\ntitle: 开场\n".encode("gbk"))
    result = invoke("--lang", "zh", "validate", tmp_path / "empty.yaml", tmp_path / "gbk.yaml")
    assert "LS103 文件是空的" in result.output
    assert "不是有效的 UTF-8" in result.output and "GBK" in result.output


def test_placeholder_problem_follows_the_language():
    english = scan("{a b} 和 {")
    assert english[0].problem == "`{a b}` is not a plain placeholder: no spaces, indexing, calls or format specs"
    i18n.use("zh")
    chinese = scan("{a b} 和 {")  # the same cached scan, told in the language now in force
    assert chinese[0].problem.startswith("`{a b}` 不是简单的占位符")
    assert chinese[1].problem == "单独一个 `{`；要显示花括号本身请写 `{{`"


def test_library_findings_follow_the_language(tmp_path):
    (tmp_path / "bad.md").write_text("没有文件头\n", encoding="utf-8")
    assert load_library(tmp_path).diagnostics[0].message == "library file does not start with `---` front matter"
    i18n.use("zh")
    assert load_library(tmp_path).diagnostics[0].message == "话术库文件开头没有用 `---` 包起来的文件头"


def test_durations_dates_and_clock_times_for_people():
    day = dt.date(2026, 12, 2)
    assert [human_duration(s) for s in (5100, 600, 200, 45, 3600)] == ["1h 25m", "10m", "3m 20s", "45s", "1h"]
    assert all(human_duration(s, compact=True) == format_duration(s) for s in (0, 45, 200, 3605, 5100, 86400, -300))
    assert human_date(day) == "Wed 2 Dec"
    assert human_datetime(day, 20 * 3600) == "Wed 2 Dec 20:00"
    assert human_clock(24 * 3600 + 1800) == "00:30 +1"
    i18n.use("zh")
    assert [human_duration(s) for s in (5100, 600, 200, 45, 3600)] == ["1小时25分", "10分钟", "3分20秒", "45秒", "1小时"]
    assert human_date(day) == "12月2日 周三"
    assert human_date(day, year=True) == "2026年12月2日 周三"
    assert human_datetime(dt.datetime(2026, 12, 2, 20, 0)) == "12月2日 周三 20:00"
    assert human_clock(20 * 3600) == "20:00"
    assert human_clock(24 * 3600 + 1800) == "00:30（+1天）"
    assert format_duration(5100) == "1h25m"  # the playbook's own notation is the same in every language
