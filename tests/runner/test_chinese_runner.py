"""The runner in Chinese: plain lines, the full screen in every mode at 80×24 and 120×40, the 复盘 report
(text, Markdown, HTML, JSON) and a damaged log's reasons — and the JSON's values staying English."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from livesop import i18n
from livesop.cli.main import cli
from livesop.runner import panels, view, viewstate
from livesop.runner.clock import FakeClock
from livesop.runner.events import Event
from livesop.runner.plain import Formatter
from livesop.runner.report.html import draw
from livesop.runner.runlog import read_log
from tests.runkit import HOST_OPS, M, S, drive, engine_for, freeze, new_show, plain_run, show_text
from tests.test_chinese_output import english_words

SHOW = show_text("zhrun", "中文彩排", """\
scripts:
  hold-on: 稍等，马上回来
segments:
  - id: open
    title: 开场
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎}
      - {at: 4m, role: ops, do: 上架}
  - id: flash
    title: 秒杀
    start: "20:10"
    duration: 10m
    end: next
    cues:
      - {at: 1m, role: host, do: 倒数}
""" + freeze("""\
respond_within: 30s
recover_within: 1m
hold: hold-on
steps:
  - {role: ops, do: 切备用机}
"""))


@pytest.fixture
def zh():
    i18n.use("zh")
    yield
    i18n.use("en")


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


# ----------------------------------------------------------------- plain lines


def _lines(events):
    formatter = Formatter((), dict(HOST_OPS), 20 * 3600 * 1000, {"open": "开场", "flash": "秒杀"})
    return [formatter.line(e) for e in events]


def test_plain_lines_say_lengths_and_lateness_in_chinese(zh):
    lines = _lines([
        Event("show-start", 0, amount=15 * M, data=(("segments", 2),)),
        Event("segment-start", 0, seg="open", text="开场", behind=0, data=(("duration", 5 * M),)),
        Event("segment-end", 6 * M + 20 * S, seg="open", amount=6 * M + 20 * S, over=80 * S, reason="take",
              behind=80 * S),
        Event("segment-start", 10 * M, seg="flash", text="秒杀", amount=-30 * S, behind=-30 * S,
              data=(("duration", 10 * M),)),
        Event("show-end", 15 * M, amount=15 * M, over=0, behind=0),
    ])
    assert lines[0] == "20:00:00     00:00  -  ▶ 开播：共 2 个环节，计划 15分钟"
    assert lines[1] == "20:00:00     00:00  open  ▶ 开场（5分钟）  [准时]"
    assert lines[2].endswith("open  ■ 开场 结束，用时 6分20秒（比计划多 1分20秒） — 手动切到下一环节  [落后 01:20]")
    assert lines[3].endswith("flash  ▶ 秒杀（10分钟） — 硬性开始早了 00:30  [提前 00:30]")
    assert lines[4].endswith("■ 下播，共播 15分钟（与计划一致）  [准时]")
    assert not any(english_words(line) for line in lines)


def test_plain_lines_of_an_emergency_and_the_operators_acts(zh):
    lines = _lines([
        Event("emergency-open", M, seg="open", plan="freeze", text="卡顿", behind=0,
              data=(("severity", "P1"), ("respond_within", 30 * S), ("recover_within", M), ("owner", "ops"),
                    ("hold", "稍等，马上回来"))),
        Event("emergency-respond", M + 40 * S, plan="freeze", amount=40 * S, data=(("target", 30 * S),)),
        Event("emergency-close", 2 * M, plan="freeze", amount=M, data=(("target", M),)),
        Event("pause", 3 * M, seg="open"), Event("resume", 4 * M, seg="open", amount=M),
        Event("adjust", 4 * M, seg="open", amount=M, data=(("added", M),)),
        Event("message", 5 * M, seg="open", text="看弹幕", data=(("device", "场控 iPad@10.0.0.2"),)),
    ])
    assert lines[0].endswith("!! P1 卡顿 — 负责人 中控；响应时限 30秒、恢复时限 1分钟 | 应急话术：稍等，马上回来  [准时]")
    assert lines[1].endswith("… freeze 开始处理，响应用时 40秒（时限 30秒：超出 10秒）")
    assert lines[2].endswith("✓ freeze 已结束，恢复用时 1分钟（时限 1分钟：达标）")
    assert lines[3].endswith("‖ 暂停") and lines[4].endswith("▶ 继续（暂停了 1分钟）")
    assert lines[5].endswith("± 本环节 +01:00（累计加减 +01:00）")
    assert lines[6].endswith("✉ 发到提词器：看弹幕（来自 场控 iPad@10.0.0.2）")


def test_the_same_lines_stay_as_they_were_in_english():
    lines = _lines([
        Event("segment-end", 6 * M + 20 * S, seg="open", amount=6 * M + 20 * S, over=80 * S, reason="take",
              behind=80 * S),
        Event("show-end", 15 * M, amount=15 * M, over=0, behind=0),
    ])
    assert lines[0].endswith("open  ■ 开场 ended after 06:20 (+01:20 against the plan) — taken  [+01:20 late]")
    assert lines[1].endswith("■ show over after 15:00 (+00:00 against the plan)  [on time]")


# ----------------------------------------------------------------- the full screen


def _frame(width, height, minute, mode="normal", links=False, emergency=False):
    engine = engine_for(SHOW)
    engine.start(0)
    t = int(minute * M) + 400
    ui = viewstate.UiState()
    if emergency:
        engine.tick(t - 20 * S)
        viewstate.note_events(ui, engine.open_emergency(t - 20 * S, "freeze"))
    engine.tick(t)
    ui.mode = mode
    if links:
        ui.links = (viewstate.ViewLink("提词器", "http://192.168.1.23:8470/v/prompter?k=abc", ("█" * 29,) * 15),)
    if mode == "paused":
        ui.mode = "normal"
        engine.pause(t)
    console = Console(width=width, height=height, record=True, file=io.StringIO(), force_terminal=True)
    console.print(view.render(engine.snapshot(t), viewstate.show_info(engine), ui, width, height))
    return console.export_text(styles=False, clear=False)


@pytest.mark.parametrize("width, height", [(80, 24), (120, 40), (60, 20)])
@pytest.mark.parametrize("mode, extra", [("normal", {}), ("help", {}), ("plans", {}), ("quit", {}),
                                         ("paused", {}), ("normal", {"emergency": True}),
                                         ("links", {"links": True}), ("help", {"links": True})])
def test_every_mode_of_the_full_screen_is_chinese_and_fits(zh, width, height, mode, extra):
    text = _frame(width, height, 6.5, mode, **extra)
    lines = text.splitlines()
    assert len(lines) == height and all(cell_len(line) <= width for line in lines), text
    assert not english_words(text, {"freeze", "zhrun", "flash", "open", "abc"}), text


def test_the_chinese_key_line_fits_80_columns_and_names_every_key(zh):
    line = panels.key_line(viewstate.UiState(), width=80)
    assert line.cell_len <= 80
    assert line.plain.split() == ["空格", "暂停", "n→", "下一环节", "p←", "上一环节", "+−", "分钟", "a", "确认",
                                  "e", "应急", "r", "岗位", "?", "帮助", "q", "退出"]
    served_links = (viewstate.ViewLink("提词器", "http://x"),)
    served = panels.key_line(viewstate.UiState(links=served_links, pages_open=2), width=120)
    assert served.plain.endswith("u 链接 · 2 个页面在看") and served.cell_len <= 120
    at_80 = panels.key_line(viewstate.UiState(links=served_links, pages_open=2), width=80)
    assert at_80.plain.rstrip() == "空格 暂停 n→ p← +− a 确认 e 应急 r 岗位 ? 帮助 q 退出 u 链接 · 2 个页面在看"
    at_72 = panels.key_line(viewstate.UiState(links=served_links, pages_open=2), width=72)
    assert at_72.plain.rstrip().endswith("q 退出 u 链接 · 2 个页面") and at_72.cell_len <= 72


def test_the_overtime_and_the_hard_start_wait_say_it_in_chinese(zh):
    text = _frame(120, 40, 9.5)  # flash's hard start at 20:10: the show waits for it
    assert "等待硬性开始" in text and "按 n 马上开始" in text and "… 等待中" in text
    assert "WAITING" not in text


# ----------------------------------------------------------------- the report


@pytest.fixture
def log(playbook_file, tmp_path):
    """A short show: a pause, an emergency over its response target, the hard start reached early."""
    wall = int(datetime.datetime(2026, 12, 2, 20, 0).timestamp() * 1000)
    run = plain_run(new_show(playbook_file, tmp_path, wall_ms=wall), FakeClock(0, wall0_ms=wall))
    clock, engine = run.clock, run.engine
    drive(run, M)
    run.emit(engine.pause(clock.now))
    drive(run, 2 * M)
    run.emit(engine.resume(clock.now))
    run.emit(engine.open_emergency(clock.now, "freeze"))
    drive(run, 2 * M + 40 * S)
    run.emit(engine.respond_emergency(clock.now))
    drive(run, 30 * M)
    assert engine.state == "finished"
    run.stop("end")
    return tmp_path / "run.jsonl"


def test_the_report_in_chinese_text_and_markdown(log):
    text = invoke("--lang", "zh", "report", log).stdout
    assert "直播记录" in text and "2026年12月2日 周三 20:00:00 开播。" in text
    assert "哈希链校验通过" in text and "正常下播。" in text
    assert "各环节：计划与实际" in text and "计划开始" in text and "（硬性开始 20:10）" in text
    assert "00:40 / 00:30 超出 00:10" in text and "仍在暂停" not in text and "手动暂停" in text
    assert not english_words(text, {"zhrun", "open", "flash", "freeze", "host", "ops"}), text
    md = invoke("--lang", "zh", "report", log, "--format", "md").stdout
    assert "## 各岗位提示" in md and "| 岗位 | 名称 | 计划 | 已发出 |" in md


def test_the_json_report_keeps_its_values_in_english(log):
    data = json.loads(invoke("--lang", "zh", "report", log, "--format", "json").stdout)
    assert data["ending"] == "the show ended"
    assert {row["status"] for row in data["segments"]} <= {"done", "done (hold moved on by itself)", "taken"}
    assert [p["reason"] for p in data["pauses"]] == ["operator"]
    assert "SHA-256" in data["integrity"]["playbook"]  # a sentence for people: in the reader's language


def test_the_html_alarm_follows_the_log_not_the_words(log, tmp_path):
    page = invoke("--lang", "zh", "report", log, "--format", "html").stdout
    assert 'class="alert"' not in page and "white-space:nowrap" in page
    log.write_bytes(log.read_bytes().replace("欢迎".encode(), "欢乐".encode(), 1))
    result = invoke("--lang", "zh", "report", log, "--format", "html")
    assert result.exit_code == 1
    assert '<p class="alert">被改动：这份直播记录校验不通过 — 第 ' in result.stdout
    # a paragraph that merely says the word is no alarm; one the layout marks is, in any language
    assert 'class="alert"' not in draw([("h", "复盘"), ("p", "ALTERED: TRUNCATED")])
    assert '<p class="alert">' in draw([("h", "复盘"), ("p", "记录被截断", "alert")])


def test_a_damaged_log_is_explained_in_chinese(log, zh):
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"t":', '"t":"x","was_t":', 1)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_log(log)
    assert read.altered[0].startswith("第 4 行：已损坏：`t` 是 'x'，应为 0 到 604800000 之间的整数")
    assert not any(english_words(reason, {"prev"}) for reason in read.altered)
