"""Control characters in playbook texts never reach the terminal raw from `run`: an ESC, an OSC 52
clipboard write, a CSI that clears the screen and the one-byte CSI U+009B, in a cue's text, a role
name, titles, a product and an emergency plan, come out as visible `\\x1b` text in plain mode and
in the full-screen view."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from livesop.controls import CONTROL
from livesop.format.timeline import build_timeline
from livesop.runner import view, viewstate
from livesop.runner.clock import FakeClock
from livesop.runner.engine import Engine
from livesop.runner.plain import Formatter, PlainRun, Stop
from livesop.runner.runlog import RunLog
from livesop.runner.tui import TuiRun
from tests.helpers import load_model
from tests.runkit import M, S, drive, show_text
from tests.runner.test_tui import FakeTerminal

OSC52 = "\\e]52;c;aGFjaw==\\a"  # YAML escapes: ESC ] 52 ; c ; <base64> BEL, a clipboard write
CLEAR = "\\e[2J"
C1 = "\\x9b31m"
SHOW = show_text("evil", f'"节目{OSC52}"', f"""\
scripts:
  hello: "欢迎{CLEAR}大家"
  hold: "稍等{C1}"
products:
  - {{id: pan, name: "锅{CLEAR}", link: 1, live_price: 199, stock: 3, mechanism: "送{C1}"}}
segments:
  - id: a
    title: "开场{C1}"
    product: pan
    duration: 3m
    cues:
      - {{at: 0s, role: host, say: hello}}
      - {{at: 10s, role: ops, do: "上架{OSC52}福袋{CLEAR}{C1}"}}
  - id: b
    title: "讲品{OSC52}"
    duration: 3m
    cues:
      - {{at: 0s, role: host, do: "讲{CLEAR}"}}
emergencies:
  - id: freeze
    title: "卡顿{OSC52}"
    severity: P1
    trigger: "画面{CLEAR}"
    owner: ops
    hold: hold
    steps:
      - {{role: ops, do: "切{OSC52}机"}}
""").replace("{name: 主播}", '{name: "主\\e[31m播\\x9b"}')
SENT = ("\x1b]52;c;", "\x1b[2J", "\x9b", "\x07")  # never sent (rich's own colours are other ESC sequences)
RAW = SENT + ("\x1b[31m",)


def hostile(tmp_path):
    """The engine over the playbook (built without `validate`'s checks: the texts reach the run as they are)."""
    playbook = load_model(SHOW)
    engine = Engine(build_timeline(playbook), start_clock_ms=72_000_000)
    names = {rid: role.name.value for rid, role in playbook.roles.items()}
    titles = {s.segment.id: engine.title(s.index) for s in engine.slots}
    log = RunLog.create(tmp_path / "run.jsonl", {"playbook": "evil"})
    return engine, Formatter((), names, 72_000_000, titles), log


def test_the_playbook_really_carries_the_raw_bytes():
    playbook = load_model(SHOW)
    assert "\x1b]52;c;aGFjaw==\x07" in playbook.segments[0].cues[1].do.value
    assert playbook.roles["host"].name.value == "主\x1b[31m播\x9b"


def test_plain_mode_writes_them_as_visible_text(tmp_path):
    engine, formatter, log = hostile(tmp_path)
    out = io.StringIO()
    run = PlainRun(engine, log, FakeClock(0), out, formatter, stdin=io.StringIO())
    run.emit(engine.start(0))
    drive(run, 20 * S)
    run.emit(engine.open_emergency(20 * S, "freeze"))
    run.command("e\n")  # the list of plans, with their titles
    drive(run, 4 * M)
    text = out.getvalue()
    assert not any(raw in text for raw in RAW) and not CONTROL.search(text)
    assert "中控 做：上架\\x1b]52;c;aGFjaw==\\x07福袋\\x1b[2J\\x9b31m" in text
    assert "主\\x1b[31m播\\x9b 说：欢迎\\x1b[2J大家" in text and "hold line: 稍等\\x9b31m" in text
    assert "卡顿\\x1b]52;c;aGFjaw==\\x07" in text


@pytest.mark.parametrize("size", [(110, 32), (70, 20)], ids=["full", "compact"])
def test_the_full_screen_view_draws_them_as_visible_text(tmp_path, size):
    engine, formatter, log = hostile(tmp_path)
    clock = FakeClock(0)
    script = [(12 * S, b"e"), (13 * S, b"1"), (20 * S, b"r"), (25 * S, b"x"), (26 * S, b"q"), (27 * S, b"y")]
    term = FakeTerminal(clock, script, size=size)
    run = TuiRun(engine, log, clock, formatter, terminal=term)
    run.emit(engine.start(0))
    with pytest.raises(Stop):
        run.run()
    frames = "".join(frame for _, frame in term.frames)
    assert not any(raw in frames for raw in RAW) and not CONTROL.search(frames)
    assert "\\x1b]52;c;aGFjaw==\\x07" in frames and "\\x1b[2J" in frames


def test_the_bytes_a_real_terminal_gets_hold_none_of_them(tmp_path):
    engine, formatter, log = hostile(tmp_path)
    info = viewstate.show_info(engine)
    ui = viewstate.UiState()
    engine.start(0)
    engine.tick(15 * S)
    viewstate.note_events(ui, engine.open_emergency(15 * S, "freeze"))
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=110, height=32)
    for frame_ui in (ui, viewstate.UiState(mode="plans"), viewstate.UiState(roles=("host",))):
        console.print(view.render(engine.snapshot(15 * S), info, frame_ui, 110, 32))
    sent = out.getvalue()
    assert not any(raw in sent for raw in SENT)
    assert "\\x1b]52;c;aGFjaw==\\x07" in sent and "主\\x1b[31m播\\x9b" in sent
