"""The full-screen loop: keys drive the engine and the log, frames come only when something changed,
the terminal is restored on every way out, and the real command works in a pseudo-terminal."""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import subprocess
import sys
import time

import pytest
from rich.console import Console

from livesop.errors import UsageError
from livesop.runner import bigdigits
from livesop.runner.clock import FakeClock
from livesop.runner.plain import Formatter, Stop
from livesop.runner.runlog import read_log
from livesop.runner.tui import TuiRun
from tests.runkit import HOST_OPS, M, S, freeze, new_show, show_text

SHOW = show_text("tui", "全屏演练", """\
scripts:
  hello: "欢迎来到{room}！"
  hold: 家人们稍等，画面马上回来。
segments:
  - id: open
    title: 开场
    duration: 2m
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 30s, role: ops, do: 上架福袋}
  - id: talk
    title: 聊天
    duration: 3m
    cues:
      - {at: 10s, role: host, do: 点名}
""" + freeze("""\
respond_within: 30s
recover_within: 1m
hold: hold
steps:
  - {role: ops, do: 切备用机}
"""), variables="{room: 小铺}")


class FakeTerminal:
    """Stands in for the real terminal: scripted keys at show times, frames rendered to text."""

    def __init__(self, clock: FakeClock, script: list[tuple[int, bytes]], size=(100, 30), until: int = 30 * M):
        self.clock = clock
        self.script = sorted(script)
        self.width, self.height = size
        self.until = until
        self.frames: list[tuple[int, str]] = []
        self.waits: list[float] = []
        self.eof = False
        self.entered = self.exited = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, *exc):
        self.exited += 1

    def size(self):
        return self.width, self.height

    def draw(self, renderable):
        console = Console(width=self.width, height=self.height, record=True, file=io.StringIO())
        console.print(renderable)
        self.frames.append((self.clock.now_ms(), console.export_text()))

    def wait(self, timeout):
        self.waits.append(timeout)
        if self.clock.now_ms() > self.until:
            raise TimeoutError("the loop did not stop")
        due = self.clock.now_ms() + round(timeout * 1000 * self.clock.speed)
        if self.script and self.script[0][0] <= due:
            at, data = self.script.pop(0)
            self.clock.now = max(self.clock.now, at)
            return data, False
        self.clock.now = due
        return b"", False


def make(playbook_file, tmp_path, script, roles=(), **terminal):
    prepared = new_show(playbook_file, tmp_path, roles=roles)
    clock = FakeClock()
    term = FakeTerminal(clock, script, **terminal)
    run = TuiRun(prepared.engine, prepared.log, clock, Formatter(roles, HOST_OPS, 72_000_000, {}), roles,
                 terminal=term)
    run.emit(prepared.events)
    return run, term


def kinds(tmp_path):
    return [e.kind for e in read_log(tmp_path / "run.jsonl").events]


def test_keys_drive_the_show_and_every_act_is_logged(playbook_file, tmp_path):
    script = [(5 * S, b" "), (8 * S, b" "), (10 * S, b"+"), (11 * S, b"-"), (12 * S, b"a"), (40 * S, b"n"),
              (41 * S, b"e"), (42 * S, b"1"), (50 * S, b"h"), (60 * S, b"x"), (61 * S, b"\x1b[D"),
              (62 * S, b"q"), (63 * S, b"n"), (64 * S, b"q"), (65 * S, b"y")]
    run, term = make(playbook_file, tmp_path, script)
    with pytest.raises(Stop):
        run.run()
    assert term.entered == term.exited == 1
    run.stop("stopped")
    events = read_log(tmp_path / "run.jsonl").events
    acts = [e.kind for e in events if e.kind in ("pause", "resume", "adjust", "ack", "take", "emergency-open",
                                                  "emergency-respond", "emergency-close", "back", "show-stop")]
    assert acts == ["pause", "resume", "adjust", "adjust", "ack", "take", "emergency-open", "emergency-respond",
                    "emergency-close", "back", "show-stop"]
    adjust = [e.amount for e in events if e.kind == "adjust"]
    assert adjust == [M, -M]
    opened = next(e for e in events if e.kind == "emergency-open")
    assert opened.t == 42 * S and opened.plan == "freeze"
    assert next(e for e in events if e.kind == "emergency-respond").amount == 8 * S
    assert read_log(tmp_path / "run.jsonl").closed
    # the frames showed what happened
    text = {t: frame for t, frame in term.frames}
    assert "‖ PAUSED" in text[5 * S]
    assert "emergency plans · 1-9 open one" in text[41 * S]
    assert "HOLD · 应急话术 · 卡顿" in text[42 * S] and "• 中控 做 切备用机" in text[42 * S]
    assert "Quit the run?" in text[62 * S] and "Quit the run?" not in text[63 * S]


def test_the_countdown_redraws_once_a_second_and_never_on_a_fast_loop(playbook_file, tmp_path):
    run, term = make(playbook_file, tmp_path, [(60 * S + 500, b"q"), (60 * S + 600, b"y")])
    with pytest.raises(Stop):
        run.run()
    timed = [t for t, _ in term.frames if t <= 60 * S]
    assert 60 <= len(timed) <= 63  # one a second, plus the cue at 30 s
    assert all(0 < w <= 1.0 for w in term.waits[1:-2])  # slept until the next second, never spun
    shown = [frame for t, frame in term.frames if t in (20 * S, 21 * S)]
    assert all(line.strip() in shown[0] for line in bigdigits.lines("01:40", "large"))
    assert all(line.strip() in shown[1] for line in bigdigits.lines("01:39", "large"))


def test_paused_frames_keep_the_countdown_still_while_the_wall_clock_runs(playbook_file, tmp_path):
    run, term = make(playbook_file, tmp_path, [(3 * S, b" "), (8 * S, b"q"), (9 * S, b"y")], size=(40, 12))
    with pytest.raises(Stop):
        run.run()
    paused = [frame for t, frame in term.frames if 4 * S <= t <= 7 * S]
    assert len(paused) >= 3
    assert len({frame.splitlines()[2] for frame in paused}) == 1  # 01:57 all along (compact: one line)
    assert "01:57" in paused[0] and "‖ PAUSED" in paused[0]
    assert len({frame.splitlines()[0] for frame in paused}) == len(paused)  # the clock still moves


def test_role_filter_help_and_notices_change_the_view_not_the_log(playbook_file, tmp_path):
    script = [(1 * S, b"r"), (2 * S, b"r"), (3 * S, b"?"), (4 * S, b"z"), (5 * S, b"x"), (6 * S, b"q"),
              (7 * S, b"y")]
    run, term = make(playbook_file, tmp_path, script)
    before = len(kinds(tmp_path))
    with pytest.raises(Stop):
        run.run()
    text = {t: frame for t, frame in term.frames}
    assert "cues · 主播" in text[1 * S] and "cues · 中控" in text[2 * S]
    assert "keys · any key closes this help" in text[3 * S] and "keys ·" not in text[4 * S]
    assert "no emergency is open" in text[5 * S]
    assert set(kinds(tmp_path)[before:]) <= {"cue"}  # only the cues that fell due: no act was logged


def test_an_escape_sequence_split_across_reads_is_one_arrow(playbook_file, tmp_path):
    run, term = make(playbook_file, tmp_path, [(2 * S, b"\x1b"), (2 * S + 10, b"[C"), (3 * S, b"q"),
                                               (3 * S + 1, b"y")])
    with pytest.raises(Stop):
        run.run()
    assert "take" in kinds(tmp_path)


def test_the_run_starts_with_the_role_chosen_on_the_command_line(playbook_file, tmp_path):
    run, term = make(playbook_file, tmp_path, [(1 * S, b"q"), (2 * S, b"y")], roles=("ops",))
    with pytest.raises(Stop):
        run.run()
    assert "cues · 中控" in term.frames[0][1]
    assert run.role_cycle == [(), ("host",), ("ops",)]


def test_the_show_ends_by_itself_after_the_last_segment(playbook_file, tmp_path):
    run, term = make(playbook_file, tmp_path, [(2 * M + 1, b"n"), (5 * M + 100, b"n")], size=(40, 12), until=10 * M)
    assert run.run() == "end"
    assert kinds(tmp_path)[-1] == "show-end" and "■ SHOW OVER" in term.frames[-1][1]


def test_check_refuses_a_non_utf8_terminal_and_a_tiny_one():
    from livesop.runner.terminal import check

    check("utf-8", (80, 24))
    check("UTF8", (40, 12))
    with pytest.raises(UsageError) as info:
        check("ISO-8859-1", (80, 24))
    assert "LANG=C.UTF-8" in info.value.hint and "--plain" in info.value.hint and info.value.exit_code == 2
    with pytest.raises(UsageError, match="39×12"):
        check("utf-8", (39, 12))


pty = pytest.importorskip("pty")


@pytest.fixture
def a_pty():
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def test_terminal_restores_modes_and_signal_on_an_exception(a_pty):
    import termios

    from livesop.runner.terminal import Terminal

    master, slave = a_pty
    before = termios.tcgetattr(slave)
    handler = signal.getsignal(signal.SIGWINCH)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24)
    with pytest.raises(RuntimeError):
        with Terminal(console, slave) as term:
            assert not termios.tcgetattr(slave)[3] & termios.ICANON  # cbreak: keys without Enter
            assert not termios.tcgetattr(slave)[3] & termios.ECHO
            os.kill(os.getpid(), signal.SIGWINCH)
            assert term.wait(1.0) == (b"", True)  # a resize wakes the loop
            os.write(master, b"n")
            assert term.wait(1.0) == (b"n", False)
            raise RuntimeError("boom")
    assert termios.tcgetattr(slave) == before
    assert signal.getsignal(signal.SIGWINCH) == handler
    assert "\x1b[?1049h" in out.getvalue() and "\x1b[?1049l" in out.getvalue()  # alternate screen in and out


def _read_until(fd: int, marker: bytes, seconds: float, seen: bytearray) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if marker in seen:
            return True
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return marker in seen
            if not chunk:
                return marker in seen
            seen += chunk
    return marker in seen


@contextlib.contextmanager
def _spawned(slave: int, args: list[str], tmp_path, **env):
    """`livesop run ARGS` on the pty; killed on the way out if it is still running."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    environ = {**os.environ, "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8", **env}
    environ.pop("NO_COLOR", None)
    child = subprocess.Popen([sys.executable, "-m", "livesop", "run", *args], cwd=tmp_path, env=environ,
                             stdin=slave, stdout=slave, stderr=subprocess.PIPE, start_new_session=True)
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_real_command_in_a_pty_next_emergency_quit(playbook_file, tmp_path, a_pty):
    master, slave = a_pty
    log = tmp_path / "live.jsonl"
    seen = bytearray()
    with _spawned(slave, [str(playbook_file), "--speed", "20", "--log", str(log)], tmp_path) as child:
        assert _read_until(master, "开场".encode(), 4, seen), seen[-400:]
        os.write(master, b"n")
        assert _read_until(master, "聊天".encode(), 2, seen)
        os.write(master, b"e")
        assert _read_until(master, b"1-9 open one", 2, seen)
        os.write(master, b"1")
        assert _read_until(master, "应急话术".encode(), 2, seen)
        os.write(master, b"x")
        time.sleep(0.1)
        os.write(master, b"q")
        assert _read_until(master, b"Quit the run?", 2, seen)
        os.write(master, b"y")
        _read_until(master, b"\x1b[?1049l", 2, seen)
        assert child.wait(timeout=3) == 0
    stderr = child.stderr.read().decode()
    assert "sealed with" in stderr and "--resume" in stderr
    read = read_log(log)
    assert read.ok and read.closed
    acts = [e.kind for e in read.events if e.kind in ("take", "emergency-open", "emergency-close", "show-stop")]
    assert acts == ["take", "emergency-open", "emergency-close", "show-stop"]
    assert b"\x1b[?1049h" in seen  # the alternate screen


def test_real_command_refuses_a_non_utf8_terminal(playbook_file, tmp_path, a_pty):
    master, slave = a_pty
    with _spawned(slave, [str(playbook_file), "--log", str(tmp_path / "x.jsonl")], tmp_path,
                  PYTHONIOENCODING="latin-1") as child:
        assert child.wait(timeout=5) == 2
    stderr = child.stderr.read().decode()
    assert "needs UTF-8" in stderr and "LANG=C.UTF-8" in stderr and "--plain" in stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_real_command_restores_the_terminal_on_sigterm(playbook_file, tmp_path, a_pty):
    import termios

    master, slave = a_pty
    before = termios.tcgetattr(slave)
    log = tmp_path / "term.jsonl"
    seen = bytearray()
    with _spawned(slave, [str(playbook_file), "--log", str(log)], tmp_path) as child:
        assert _read_until(master, "开场".encode(), 4, seen)
        assert not termios.tcgetattr(slave)[3] & termios.ICANON  # the child's cbreak mode
        child.send_signal(signal.SIGTERM)
        _read_until(master, b"\x1b[?1049l", 2, seen)
        assert child.wait(timeout=3) == 130
    assert termios.tcgetattr(slave) == before
    assert b"\x1b[?1049l" in seen and b"\x1b[?25h" in seen  # main screen and cursor back
    read = read_log(log)
    assert read.ok and read.closed and read.events[-1].kind == "show-stop"
