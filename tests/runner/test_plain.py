"""The plain mode and `livesop run`: lines, role filter, commands, countdown, Ctrl-C, usage errors."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.runner.clock import FakeClock
from livesop.runner.plain import Formatter, PlainRun, Stop, behind_text, count_down
from livesop.runner.runlog import read_log
from livesop.runner.show import parse_start_at
from tests.runkit import FREEZE, HOST_OPS, new_show, plain_run, show_text

SHOW = show_text("plain", "行模式", """\
scripts:
  hello: |
    欢迎来到{room}！
    还有{countdown}开奖。
segments:
  - id: open
    title: 开场
    duration: 2m
    end: next
    cues:
      - {at: 0s, role: host, say: hello}
      - {at: 30s, role: ops, do: 上架福袋}
  - id: talk
    title: 聊天
    duration: 1m
    cues:
      - {at: 10s, role: host, do: 点名}
""" + FREEZE, variables="{room: 小铺}")


def test_run_prints_one_line_per_event_and_logs_everything(playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    result = CliRunner().invoke(cli, ["run", str(playbook_file), "--speed", "50000", "--log", str(log),
                                      "--role", "host"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("open  主播 说：欢迎来到小铺！ 还有02:00开奖。  [on time]" in x for x in lines)
    assert not any("上架福袋" in x for x in lines)  # another role's cue: not printed...
    read = read_log(log)
    assert read.ok and read.closed
    assert "上架福袋" in [e.text for e in read.events]  # ...but logged
    assert read.events[-1].kind == "show-end"
    assert any("`hold`, moved on by itself" in x for x in lines)  # no keyboard: hold advances
    assert read.header["hold"] == "auto" and read.header["clock"] == "plan"
    assert lines[1].startswith("20:00:00     00:00  open  ▶ 开场 (02:00)")


def test_run_refuses_bad_input_with_clear_messages(playbook_file, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(playbook_file), "--role", "hots"])
    assert result.exit_code == 2 and "no such role" in result.output and "did you mean `host`" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHOW.replace("role: ops, do", "role: nobody, do"), encoding="utf-8")
    result = runner.invoke(cli, ["run", str(bad)])
    assert result.exit_code == 1 and "cannot run from a playbook with errors" in result.output
    result = runner.invoke(cli, ["run", str(playbook_file), "--resume", str(bad), "--log", "x.jsonl"])
    assert result.exit_code == 2 and "--resume continues" in result.output
    result = runner.invoke(cli, ["run", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["run", "--help"])
    assert "One line per event, on a terminal too" in " ".join(result.output.split())


def test_ctrl_c_closes_the_log_and_exits_130(playbook_file, tmp_path, monkeypatch):
    def interrupted(self):
        self.emit(self.engine.tick(self.clock.now_ms()))
        raise KeyboardInterrupt

    monkeypatch.setattr(PlainRun, "run", interrupted)
    log = tmp_path / "run.jsonl"
    result = CliRunner().invoke(cli, ["run", str(playbook_file), "--log", str(log)])
    assert result.exit_code == 130
    assert "--resume" in result.stderr
    read = read_log(log)
    assert read.ok and read.closed and read.events[-1].kind == "show-stop"


def make_run(playbook_file, tmp_path):
    out = io.StringIO()
    run = plain_run(new_show(playbook_file, tmp_path), FakeClock(), out, Formatter((), HOST_OPS, 72_000_000, {}),
                    stdin=io.StringIO())
    return run, out


def test_typed_commands_drive_the_engine(playbook_file, tmp_path):
    run, out = make_run(playbook_file, tmp_path)
    run.clock.now = 40_000
    run.emit(run.engine.tick(40_000))
    for line in ["+2\n", "a\n", " \n", "pause\n", "e\n", "e nope\n", "e freeze\n", "h\n", "x\n", "?\n", "n\n",
                 "p\n"]:
        run.command(line)
    text = out.getvalue()
    assert "± +02:00 on this segment (added +02:00)" in text
    assert "✓ 中控 cue open:2 acknowledged after 00:10" in text
    assert "‖ paused" in text and "▶ resumed after 00:00" in text
    assert "emergency plans: 1 freeze (P1) 卡顿" in text and "no emergency plan 'nope'" in text
    assert "!! P1 卡顿 — owner 中控; recover within 01:00" in text and "中控 做：切备用机" in text
    assert "✓ recovered from freeze after 00:00 (target 01:00: met)" in text
    assert "commands (then Enter)" in text
    assert "talk  ▶ 聊天" in text and "« back" in text
    with pytest.raises(Stop):
        run.command("q\n")
    run.command("")  # end of input: no keyboard any more, `hold` moves on by itself
    assert run.stdin is None and run.engine.hold_as_next


def test_behind_text_and_countdown_lines():
    assert behind_text(400) == "on time"
    assert behind_text(90_000) == "+01:30 late" and behind_text(-5_000) == "-00:05 early"
    now = [0]
    out = io.StringIO()

    def sleep(seconds):
        now[0] += int(seconds * 1000)

    count_down(150_000, out, lambda: now[0], sleep)
    assert out.getvalue().count("\n") == 3  # 3, 2, 1 minutes to go: one line a minute, not a second
    assert "3 min to go" in out.getvalue() and now[0] == 150_000


def test_start_at_picks_the_next_time_within_twelve_hours():
    import datetime as dt

    base = dt.datetime(2026, 11, 25, 23, 50).timestamp() * 1000
    after_midnight = parse_start_at("00:10", int(base))
    assert after_midnight - base == 20 * 60_000
    from livesop.errors import UsageError

    with pytest.raises(UsageError, match="has passed"):
        parse_start_at("20:00", int(base))
    with pytest.raises(UsageError, match="not a clock time"):
        parse_start_at("8pm", int(base))


def test_log_lines_are_json_with_wall_and_show_time(playbook_file, tmp_path):
    run, _ = make_run(playbook_file, tmp_path)
    run.stop("stopped")
    records = [json.loads(x) for x in (tmp_path / "run.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"wall", "wall_ms", "t", "kind", "prev", "seq"} <= set(records[1])
