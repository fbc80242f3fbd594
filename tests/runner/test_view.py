"""The full-screen view: frames rendered from engine states at fixed sizes, checked as text."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from livesop.format.timefmt import mmss_ms
from livesop.runner import bigdigits, linebreak, panels, view, viewstate
from livesop.runner.engine import Engine
from tests.runkit import M, S, engine_for, show_text

SHOW = show_text("view", "全屏视图", """\
products:
  - {id: pan, name: 不粘炒锅, link: 1, list_price: 299, price_basis: 店铺日常售价, live_price: 199, stock: 30}
scripts:
  hello: "欢迎来到{room}！还有{countdown}开奖。"
  pitch: "{product.name}今天{product.live_price}元，{product.link}号链接。"
  hold: 家人们稍等，画面马上回来。
segments:
  - id: open
    title: 开场
    duration: 10m
    warn: 1m
    product: pan
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 30s, role: ops, do: 上架福袋}
      - {at: 2m, role: host, say: pitch}
      - {at: 5m, role: control, do: 报在线人数}
  - id: pitch
    title: "讲品：{product.name}"
    product: pan
    duration: 10m
    cues:
      - {at: 0s, role: host, say: pitch}
  - id: flash
    title: 整点秒杀
    start: "20:30"
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: ops, do: 改价}
emergencies:
  - id: freeze
    title: 卡顿
    severity: P1
    trigger: 画面卡住超过10秒
    owner: ops
    respond_within: 30s
    recover_within: 1m
    hold: hold
    steps:
      - {role: ops, do: 切备用机}
      - {role: host, say: hold}
""", variables="{room: 小铺}", roles=("host", "ops", "control"))

LONG = ("家人们，这口锅是麦饭石色涂层，少油煎蛋不粘锅，燃气灶、电磁炉都能用，今天直播间下单还送硅胶锅铲一把，"
        "日常二百九十九元，今天一百九十九元，一号链接，库存有限，喜欢的家人们抓紧时间拍起来，拍完记得点个关注。")
CJK = SHOW.replace('hello: "欢迎来到{room}！还有{countdown}开奖。"', f'hello: "{LONG}"')


def engine_at(t: int, text: str = SHOW, ops=()) -> Engine:
    engine = engine_for(text)
    engine.start(0)
    for when, op in ops:
        engine.tick(when)
        op(engine, when)
    engine.tick(t)
    return engine


def frame(engine: Engine, t: int, width: int, height: int, ui: viewstate.UiState | None = None,
          no_color: bool = False) -> tuple[str, Console]:
    ui = ui or viewstate.UiState()
    console = Console(width=width, height=height, record=True, file=io.StringIO(), color_system="truecolor",
                      no_color=no_color, force_terminal=True)
    console.print(view.render(engine.snapshot(t), viewstate.show_info(engine), ui, width, height))
    return console.export_text(styles=False, clear=False), console


def has_digits(text: str, value: str, size: str) -> bool:
    return all(line.strip() in text for line in bigdigits.lines(value, size))


def test_80x24_running_frame_shows_clock_countdown_product_cues_prompter_and_keys():
    engine = engine_at(30 * S + 400)
    text, _ = frame(engine, 30 * S + 400, 80, 24)
    lines = text.splitlines()
    assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)
    assert "20:00:30" in lines[0] and "● LIVE" in lines[0] and "on time" in lines[0]
    assert has_digits(text, "09:30", "large")  # 9:29.6 left, shown rounded up
    assert "1/3 open" in text and "开场" in text and "1号链接  ¥199 (日常¥299)  库存 30" in text
    assert "✓ 00:00 主播 说 欢迎来到小铺！" in text
    assert "▶ 00:30 中控 做 上架福袋  a ack" in text  # the cue that fired last: now
    assert "→ in 01:30 主播 说 不粘炒锅" in text  # next, with its countdown
    # prompter: the 话术 being said counts with the big countdown (9:29.6 left shows 09:30)
    assert "欢迎来到小铺！还有09:30开奖。" in text and "不粘炒锅今天199元，1号链接。" in text
    assert "· 05:00 场控 做 报在线人数" in text
    assert "话术 · prompter" in text and "→ next in 01:30 · 主播 说" in text
    assert "next ▸ 讲品：不粘炒锅" in text and "hard start 20:30 (flash) -10:00 early" in text
    assert "space pause" in lines[-1] and "q quit" in lines[-1]


def test_120x40_uses_huge_digits_and_shows_the_product():
    engine = engine_at(10 * M + 5 * S, ops=[(10 * M, lambda e, t: e.take(t))])
    text, _ = frame(engine, 10 * M + 5 * S, 120, 40)
    lines = text.splitlines()
    assert len(lines) == 40 and all(cell_len(line) <= 120 for line in lines)
    assert has_digits(text, "09:55", "huge")
    assert "2/3 pitch" in text and "讲品：不粘炒锅" in text
    assert "1号链接  ¥199 (日常¥299)  库存 30  不粘炒锅" in text


def test_warn_turns_the_countdown_amber_with_a_mark():
    engine = engine_at(9 * M + 20 * S)
    text, console = frame(engine, 9 * M + 20 * S, 80, 24)
    assert "⚠ WARN 00:40 left" in text and has_digits(text, "00:40", "large")
    ansi = console.export_text(styles=True)
    digit_row = next(line for line in ansi.splitlines() if "██" in line)
    assert "38;2;255;175;0" in digit_row  # amber
    calm, console = frame(engine_at(30 * S), 30 * S, 80, 24)
    assert "⚠" not in calm and "38;2;255;175;0" not in console.export_text(styles=True)


def test_overtime_counts_negative_in_red():
    engine = engine_at(10 * M + 65 * S)
    snap = engine.snapshot(10 * M + 65 * S)
    assert snap.overtime
    text, console = frame(engine, 10 * M + 65 * S, 80, 24)
    assert has_digits(text, "-01:05", "large")
    assert "⏱ OVERTIME +01:05" in text and "· n: next segment" in text
    digit_row = next(line for line in console.export_text(styles=True).splitlines() if "██" in line)
    assert "\x1b[1;31m" in digit_row  # bold red
    assert "late" in text.splitlines()[0]


def test_no_color_keeps_the_marks_and_drops_the_colours():
    engine = engine_at(10 * M + 5 * S)
    text, console = frame(engine, 10 * M + 5 * S, 80, 24, no_color=True)
    ansi = console.file.getvalue()
    assert "⏱ OVERTIME" in text and "\x1b[1m" in ansi  # bold stays
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|38;[25])[;m]", ansi)


def test_compact_layout_under_80x24():
    engine = engine_at(30 * S + 400)
    for width, height in ((79, 24), (60, 20), (80, 23)):
        text, _ = frame(engine, 30 * S + 400, width, height)
        lines = text.splitlines()
        assert len(lines) == height and all(cell_len(line) <= width for line in lines)
        assert "╭" not in text  # no panels
        assert has_digits(text, "09:30", "small")
        assert "→ in 01:30 主播 说" in text
        assert "next ▸ 讲品：不粘炒锅" in text and "hard 20:30 -10:00 early" in text
        assert lines[-1].startswith("space n→ p←")
    text, _ = frame(engine, 30 * S + 400, 40, 12)
    assert "09:30" in text and len(text.splitlines()) == 12


def test_a_window_too_small_gets_a_message():
    text, _ = frame(engine_at(0), 0, 39, 12)
    assert "window 39×12 is too small" in text and "--plain" in text
    text, _ = frame(engine_at(0), 0, 60, 11)
    assert "needs 40×12" in text


def test_cjk_prompter_wraps_within_the_panel_and_keeps_every_character():
    engine = engine_at(2 * S, CJK)
    for width, height in ((80, 24), (120, 40), (60, 20)):
        text, _ = frame(engine, 2 * S, width, height)
        lines = text.splitlines()
        assert all(cell_len(line) <= width for line in lines)
        start = next(i for i, line in enumerate(lines) if "▶ 主播 说" in line) + 1
        body = []
        for line in lines[start:]:
            inner = line.strip("┃ ").strip()
            if not inner:
                break
            body.append(inner)
        assert len(body) >= 2  # wrapped over several lines
        assert "".join(body) == LONG
        assert not any(line[0] in linebreak.CLOSING for line in body)


def test_wrap_breaks_chinese_anywhere_and_other_words_at_spaces():
    assert linebreak.wrap("一二三四五六", 6) == ["一二三", "四五六"]
    assert linebreak.wrap("一二，三四", 4) == ["一", "二，", "三四"]  # a comma never starts a line
    lines = linebreak.wrap("（一二）三（四）", 6)  # brackets stay with their words
    assert "".join(lines) == "（一二）三（四）"
    assert not any(x[0] in linebreak.CLOSING or x[-1] in linebreak.OPENING for x in lines)
    assert linebreak.wrap("buy 9.9 yuan now", 9) == ["buy 9.9", "yuan now"]
    assert linebreak.wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert linebreak.wrap("第一行\n第二行", 20) == ["第一行", "第二行"]
    assert all(cell_len(line) <= 7 for line in linebreak.wrap(LONG, 7))


def test_emergency_panel_steps_timers_and_hold_line_in_the_prompter():
    def opened(e, t):
        events = e.open_emergency(t, "freeze")
        viewstate.note_events(ui, events)

    ui = viewstate.UiState()
    engine = engine_at(60 * S + 40 * S, ops=[(60 * S, opened)])
    text, _ = frame(engine, 100 * S, 100, 30, ui)
    assert "!! P1 卡顿 (freeze)" in text and "trigger 画面卡住超过10秒" in text and "owner 中控" in text
    assert "• 中控 做 切备用机" in text and "• 主播 说 家人们稍等，画面马上回来。" in text
    assert "response 00:40 / 00:30  ✗ OVERDUE" in text and "recovery 00:40 / 01:00  00:20 to go" in text
    assert "HOLD · 应急话术 · 卡顿" in text
    engine.respond_emergency(101 * S)
    text, _ = frame(engine, 101 * S, 100, 30, ui)
    assert "response after 00:41 / 00:30 ✗ missed by 00:11" in text
    compact, _ = frame(engine, 101 * S, 60, 20, ui)
    assert "!! P1 卡顿" in compact and "家人们稍等" in compact


def test_role_filter_overlays_and_quit_question():
    engine = engine_at(6 * M)
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(roles=("ops",)))
    assert "cues · 中控" in text and "上架福袋" in text and "报在线人数" not in text
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(mode="help"))
    assert "keys · any key closes this help" in text and "list the emergency plans, open one" in text
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(mode="plans"))
    assert "1 P1 卡顿 — 画面卡住超过10秒" in text and "esc back" in text
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(mode="quit"))
    assert "Quit the run?  y = quit" in text.splitlines()[-1]
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(notice="no cue to acknowledge"))
    assert text.splitlines()[-1].startswith("no cue to acknowledge")


def test_pause_waiting_and_the_end_have_their_own_marks():
    engine = engine_at(2 * M, ops=[(M, lambda e, t: e.pause(t))])
    text, _ = frame(engine, 2 * M, 80, 24)
    assert "‖ PAUSED" in text and has_digits(text, "09:00", "large")  # the clock stopped at the pause
    early = engine_at(25 * M, ops=[(10 * M, lambda e, t: e.take(t)), (20 * M, lambda e, t: e.take(t))])
    assert early.state == "waiting"
    text, _ = frame(early, 25 * M, 80, 24)
    assert "… WAITING for the hard start" in text and has_digits(text, "05:00", "large")
    over = engine_at(40 * M, ops=[(10 * M, lambda e, t: e.take(t)), (20 * M, lambda e, t: e.take(t))])
    assert over.state == "finished"
    text, _ = frame(over, 40 * M, 80, 24)
    assert "■ SHOW OVER" in text


def test_next_change_is_the_next_second_the_numbers_roll_over():
    engine = engine_at(30 * S + 400)
    snap = engine.snapshot(30 * S + 400)
    change = view.next_change(snap)
    assert change == 31 * S
    shown = panels.countdown_text(engine.snapshot(change - 1).remaining)
    assert shown == panels.countdown_text(snap.remaining) != panels.countdown_text(engine.snapshot(change).remaining)
    paused = engine_at(2 * M + 300, ops=[(M + 700, lambda e, t: e.pause(t))])
    snap = paused.snapshot(2 * M + 300)
    assert view.next_change(snap) == 2 * M + 1000  # the wall clock's next second (plan clock 20:00:00.000)


def test_big_digit_font_sizes_and_fit():
    assert [len(bigdigits.lines("12:34", size)) for size in ("small", "large", "huge")] == [3, 5, 10]
    assert bigdigits.width("12:34", "large") == 34 and bigdigits.fit("12:34", 40, 5) == "large"
    assert bigdigits.fit("12:34", 100, 10) == "huge" and bigdigits.fit("12:34", 10, 3) is None
    assert all(cell_len(line) == bigdigits.width("-1:02:03", "small") for line in bigdigits.lines("-1:02:03", "small"))


# ----------------------------------------------------------------- full text where it is needed

STEP = ("先把推流切到备用手机和另一家运营商的热点，码率降到三兆，确认观众端画面和声音都回来了，"
        "再在群里报一声恢复时间，最后把故障开始和恢复的时间记进复盘表。")
WIDE = CJK.replace("      - {role: ops, do: 切备用机}", f"      - {{role: ops, do: {STEP}}}")


def right_panel(text: str) -> str:
    """The text of the body's right-hand panel (cues or emergency), its lines joined, spaces dropped."""
    parts = []
    for line in text.splitlines():
        for joint in ("││", "│║"):
            if joint in line:
                parts.append(line.split(joint, 1)[1].rstrip("│║ "))
    return "".join("".join(parts).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_cue_panel_wraps_the_cue_being_said_and_the_next_one_whole(size):
    width, height = size
    engine = engine_at(2 * S, WIDE)
    text, _ = frame(engine, 2 * S, width, height)
    lines = text.splitlines()
    assert len(lines) == height and all(cell_len(line) <= width for line in lines)
    panel = right_panel(text)
    assert "▶00:00主播说" + LONG + "aack" in panel  # now: every character, over several lines
    assert "→in00:28中控做上架福袋" in panel


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_emergency_panel_takes_the_room_and_wraps_every_step(size):
    width, height = size
    ui = viewstate.UiState()

    def opened(e, t):
        viewstate.note_events(ui, e.open_emergency(t, "freeze"))

    engine = engine_at(70 * S, WIDE, ops=[(60 * S, opened)])
    text, _ = frame(engine, 70 * S, width, height, ui)
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    panel = right_panel(text)
    assert "trigger画面卡住超过10秒" in panel and "recovery00:10/01:0000:50togo" in panel
    assert "•中控做" + STEP in panel and "•主播说家人们稍等，画面马上回来。" in panel
    assert "h handling · x close" in text  # on the panel's border, never pushed out of sight
    body = [line for line in lines if "│║" in line]
    assert cell_len(body[0].split("│║")[0]) < (50 if width == 80 else 74)  # the segment gave up its room


def test_steps_that_do_not_fit_are_counted_not_dropped_silently():
    ui = viewstate.UiState()
    many = WIDE.replace("      - {role: host, say: hold}", "\n".join(f"      - {{role: host, do: {STEP}{n}}}"
                                                                       for n in range(4)))

    def opened(e, t):
        viewstate.note_events(ui, e.open_emergency(t, "freeze"))

    engine = engine_at(70 * S, many, ops=[(60 * S, opened)])
    text, _ = frame(engine, 70 * S, 80, 24, ui)
    assert "more step(s): enlarge the window" in text and "recovery 00:10 / 01:00" in text
    assert "h handling · x close" in text


def test_the_plan_list_and_help_wrap_instead_of_cutting():
    long = SHOW.replace("trigger: 画面卡住超过10秒", f"trigger: {STEP}")
    engine = engine_at(6 * M, long)
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(mode="plans"))
    assert STEP in right_panel(text)
    text, _ = frame(engine, 6 * M, 80, 24, viewstate.UiState(mode="help"))
    assert "q  y     quit the run" in text and "p  b  ←  back to the previous segment" in text


def test_a_long_title_and_product_wrap_into_the_rows_the_digits_leave():
    title = "讲品：" + "超长标题" * 12
    long = SHOW.replace('title: "讲品：{product.name}"', f'title: "{title}"')
    engine = engine_at(10 * M + 5 * S, long, ops=[(10 * M, lambda e, t: e.take(t))])
    text, _ = frame(engine, 10 * M + 5 * S, 120, 40)
    left = "".join(line.split("││")[0].strip("│ ") for line in text.splitlines() if "││" in line)
    assert title in left
    assert has_digits(text, "09:55", "huge")  # the digits keep their size


# The countdown in the 话术 being said, on the fake clock: the same figure as the big countdown, and
# in overtime it says no time is left while the prompter's header says how far over it is.
ONLY_HELLO = SHOW.replace("      - {at: 2m, role: host, say: pitch}\n", "")


def test_the_prompter_counts_with_the_segment_countdown_into_overtime():
    from livesop.runner.clock import FakeClock

    clock = FakeClock()
    engine = engine_for(ONLY_HELLO)
    engine.start(clock.now)
    for moment in (90 * S + 300, 9 * M + 59 * S + 1, 10 * M, 10 * M + 65 * S, 12 * M + 1):
        clock.now = moment
        engine.tick(clock.now)
        snap = engine.snapshot(clock.now)
        text, _ = frame(engine, clock.now, 120, 40)
        said = re.search(r"还有(\d\d:\d\d)开奖", text).group(1)
        if not snap.overtime:  # 00:00 at the very end, in both
            assert said == panels.countdown_text(snap.remaining) and has_digits(text, said, "huge")
            assert "OVERTIME" not in text
        else:
            assert said == "00:00"
            over = re.findall(r"⏱ OVERTIME (\+\d\d:\d\d)", text)
            assert len(over) == 2 and over[0] == over[1] == f"+{mmss_ms(-snap.remaining)}"  # segment and prompter
    assert "还有00:00开奖" in frame(engine, clock.now, 60, 20)[0]  # the compact layout's prompter too
