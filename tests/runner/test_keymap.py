"""One key map: the plain mode, the full-screen view and the replay of a log take the same table,
so a key means the same thing everywhere and docs/run.md shows that one table."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from livesop.runner import keymap, keys, replay
from livesop.runner.clock import FakeClock
from livesop.runner.plain import Formatter, Stop, parse_command
from livesop.runner.runlog import read_log
from livesop.runner.tui import TuiRun
from tests.helpers import REPO
from tests.runkit import HOST_OPS, M, S, new_show, plain_run
from tests.runner.test_tui import SHOW  # noqa: F401  (open, talk, plan freeze; the playbook_file fixture)

OPERATIONS = ("pause", "resume", "take", "back", "adjust", "ack", "emergency-open", "emergency-respond",
              "emergency-close")


@pytest.mark.parametrize("binding", keymap.BINDINGS, ids=lambda b: b.action)
def test_every_key_means_the_same_action_typed_in_plain_mode_and_pressed_on_the_full_screen(binding):
    for key in binding.keys:
        assert keys.action(key) == keys.Action(binding.action)
        if key == "space":
            assert parse_command(" \n") == ("pause", "")
        elif len(key) == 1:
            assert parse_command(f"{key}\n") == (binding.action, "")
    assert parse_command(f"{binding.action}\n") == (binding.action, "")  # or by its name


def test_plain_mode_arguments_full_width_keys_and_lines_that_are_no_command():
    assert parse_command("+3\n") == ("add", "3") and parse_command("-2\n") == ("remove", "2")
    assert parse_command("e freeze\n") == ("emergency", "freeze") and parse_command("h freeze\n") == ("handled", "freeze")
    assert parse_command("＋２\n") == ("add", "２") and parse_command("ｎ\n") == ("next", "")  # a Chinese input method
    assert parse_command("\u3000\n") == ("pause", "")  # a full-width space
    assert parse_command("\n") == (None, "") and parse_command("zzz\n") == ("help", "")
    assert keymap.minutes("２") == 2 * M and keymap.minutes("") == M and keymap.minutes("1e400") == M


def test_the_same_keys_log_the_same_operations_in_both_modes(tmp_path):
    """One script, typed in the plain mode and pressed on the full screen: the same operations, logged alike."""
    script = [(5 * S, " ", "space"), (8 * S, " ", "space"), (10 * S, "+", "+"), (11 * S, "-", "-"),
              (35 * S, "a", "a"), (40 * S, "n", "n"), (41 * S, "e 1", None), (50 * S, "h", "h"),
              (60 * S, "x", "x"), (61 * S, "p", "p"), (62 * S, "n", "right"), (63 * S, "b", "left"),
              (64 * S, "next", "n")]
    logs = []
    for mode in ("plain", "tui"):
        folder = tmp_path / mode
        folder.mkdir()
        (folder / "show.yaml").write_text(SHOW, encoding="utf-8")
        prepared = new_show(folder / "show.yaml", folder)
        clock = FakeClock()
        if mode == "plain":
            run = plain_run(prepared, clock, formatter=Formatter((), HOST_OPS, None, {}), stdin=io.StringIO())
        else:
            run = TuiRun(prepared.engine, prepared.log, clock, Formatter((), HOST_OPS, None, {}), terminal=object())
            run.emit(prepared.events)
        for at, typed, pressed in script:
            clock.now = at
            run.emit(run.engine.tick(at))
            if mode == "plain":
                run.command(typed + "\n")
            elif pressed is None:  # e, then the plan's number
                run.key("e")
                run.key("1")
            else:
                run.key(pressed)
        run.stop("stopped")
        logs.append([(e.kind, e.t, e.amount, e.plan) for e in read_log(folder / "run.jsonl").events
                     if e.kind in OPERATIONS])
    plain, tui = logs
    assert plain == tui
    assert [kind for kind, *_ in plain] == ["pause", "resume", "adjust", "adjust", "ack", "take", "emergency-open",
                                            "emergency-respond", "emergency-close", "back", "take", "back", "take"]


def test_old_plain_spellings_that_clash_changed_and_say_so(playbook_file, tmp_path):
    """`p` is back now (it paused in the plain mode before), `r` the roles (it was respond; that is `h`)."""
    out = io.StringIO()
    run = plain_run(new_show(playbook_file, tmp_path), FakeClock(), out, Formatter((), HOST_OPS, None, {}),
                    stdin=io.StringIO())
    run.clock.now = 40 * S
    run.emit(run.engine.tick(40 * S))
    run.command("n\n")
    run.command("p\n")
    assert run.engine.snapshot(40 * S).seg == "open" and not run.engine.paused
    run.command("e freeze\n")
    run.command("r\n")
    text = out.getvalue()
    assert "printing the cues of 主播 (every cue is still logged; r: the next choice)" in text
    assert "an open emergency is marked handled with h" in text
    assert run.formatter.roles == ("host",)
    run.clock.now = 60 * S
    run.command("n\n")  # talk begins: its 10 s cue is the host's, the ops line would not print
    run.clock.now = 70 * S
    run.emit(run.engine.tick(70 * S))
    assert "主播 做：点名" in out.getvalue()
    for _ in range(2):
        run.command("r\n")
    assert run.formatter.roles == ()  # 主播, 中控, then all roles again
    run.command("zzz\n")
    assert "commands (then Enter): a space, `pause` pause / resume" in out.getvalue()
    run.command("n\n")
    run.command("n\n")
    assert "no next segment to take" in out.getvalue()  # the engine did nothing: said, as on the full screen
    with pytest.raises(Stop):
        run.command("q\n")


def test_replay_applies_logged_operations_through_the_same_table():
    assert replay.apply is keymap.apply and replay.OPERATIONS is keymap.OPERATIONS
    asked = {keymap.operation(b.action, _Paused(), 0).kind for b in keymap.BINDINGS
             if keymap.operation(b.action, _Paused(), 0) is not None}
    asked |= {keymap.operation("pause", _Paused(False), 0).kind, keymap.operation("open", _Paused(), 0, "x").kind}
    assert asked <= set(keymap.OPERATIONS)  # every operation a key asks for is one a log replays
    assert {"pause", "resume", "take", "back", "adjust", "ack", "emergency-open", "emergency-respond",
            "emergency-close"} == asked


class _Paused:
    def __init__(self, paused: bool = True):
        self.paused = paused


def test_docs_show_the_one_table():
    text = (REPO / "docs" / "run.md").read_text(encoding="utf-8")
    assert keymap.docs_table() in text


def test_the_key_map_and_the_plain_mode_stay_free_of_rich_and_click():
    code = ("import sys, livesop.runner.keymap, livesop.runner.keys, livesop.runner.replay, livesop.runner.plain; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'click')); print(bad); "
            "sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
