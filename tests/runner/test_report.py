"""`livesop report LOG`: planned vs actual, cues per role, emergencies, pauses, and a log that lies."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.runner.clock import FakeClock
from tests.runkit import M, drive, new_show, plain_run, show_text

SHOW = show_text("fupan", "复盘演练", """\
segments:
  - id: open
    title: 开场
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎}
      - {at: 4m, role: ops, do: 上架}
  - id: pitch
    title: 讲品
    duration: 10m
    cues:
      - {at: 1m, role: host, do: 讲卖点}
      - {at: 9m, role: ops, do: 改价}
  - id: close
    title: 下播
    duration: 5m
    end: next
    cues:
      - {at: 1m, role: host, do: 再见}
emergencies:
  - id: freeze
    title: 卡顿黑屏
    severity: P1
    trigger: 画面卡住
    owner: ops
    respond_within: 30s
    recover_within: 3m
    steps:
      - {role: ops, do: 切备用机}
""", version="1.2.0")


@pytest.fixture
def log(playbook_file, tmp_path):
    """A whole show: a pause, a minute added, an emergency over its target, an early take."""
    wall = int(datetime.datetime(2026, 11, 25, 20, 0).timestamp() * 1000)  # live at 20:00 local time
    run = plain_run(new_show(playbook_file, tmp_path, wall_ms=wall), FakeClock(0, wall0_ms=wall))
    clock, engine = run.clock, run.engine
    drive(run, 2 * M)
    run.emit(engine.pause(clock.now))
    drive(run, 3 * M)
    run.emit(engine.resume(clock.now))  # one minute paused: open runs 6 minutes
    drive(run, 7 * M)
    run.emit(engine.adjust(clock.now, M))
    run.emit(engine.open_emergency(clock.now, "freeze"))
    drive(run, 7 * M + 40_000)
    run.emit(engine.respond_emergency(clock.now))  # 40 s against 30 s
    drive(run, 9 * M)
    run.emit(engine.close_emergency(clock.now))  # 2 min against 3 min
    run.emit(engine.ack(clock.now))  # the latest cue: the host's 讲卖点
    drive(run, 12 * M)
    run.emit(engine.take(clock.now))  # pitch taken after 6 min: its 9m cue skipped
    drive(run, 30 * M)
    assert engine.state == "finished"
    run.stop("end")
    return tmp_path / "run.jsonl"


def report(*args):
    return CliRunner().invoke(cli, ["report", *map(str, args)])


def test_text_report_planned_vs_actual(log):
    result = report(log)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "复盘 · 复盘演练 (fupan 1.2.0)" in text
    assert "Hash chain verified" in text and "is the file that ran (SHA-256 matches)" in text
    assert "Planned 20:00, ran 17:00: -03:00 against the plan. The show ended." in text
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith(("open ", "pitch ", "close "))}
    assert "20:00:00" in rows["open"] and "06:00" in rows["open"] and "+01:00" in rows["open"]
    assert "20:06:00" in rows["pitch"] and "+01:00" in rows["pitch"] and "taken" in rows["pitch"]
    assert "-04:00" in rows["pitch"]  # 6 min against 10 (a minute was added on top)
    assert "20:12:00" in rows["close"] and "done" in rows["close"]
    assert "40 s" not in text and "00:40 / 00:30 missed by 00:10" in text and "02:00 / 03:00 met" in text
    assert "20:02:00  01:00   operator" in text
    roles = {line.split()[0]: line.split() for line in text.splitlines() if line.startswith(("host ", "ops "))}
    assert roles["host"][2:] == ["3", "3", "1", "0", "0"]
    assert roles["ops"][2:] == ["2", "1", "0", "1", "0"]


def test_markdown_html_and_json(log, tmp_path):
    md = report(log, "--format", "md")
    assert md.exit_code == 0 and "| segment | title |" in md.stdout and "## Cues per role" in md.stdout
    out = tmp_path / "r.html"
    html_result = report(log, "--format", "html", "-o", out)
    assert html_result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<td>卡顿黑屏</td>" in out.read_text(encoding="utf-8")
    data = json.loads(report(log, "--format", "json").stdout)
    assert data["over"] == -3 * M and data["integrity"]["ok"] and data["integrity"]["closed"]
    assert data["emergencies"][0]["response_met"] is False and data["emergencies"][0]["recovery_met"] is True
    assert data["adjustments"] == [{"t": 7 * M, "seg": "pitch", "amount": M}]


def test_a_tampered_log_is_reported_as_altered_with_exit_1(log):
    data = log.read_bytes()
    assert "欢迎".encode() in data
    log.write_bytes(data.replace("欢迎".encode(), "欢乐".encode(), 1))
    result = report(log)
    assert result.exit_code == 1
    assert "ALTERED" in result.stdout and "Do not trust the figures" in result.stdout
    assert "was ALTERED" in result.stderr


def test_a_removed_line_is_altered_too(log):
    lines = log.read_bytes().split(b"\n")
    del lines[5]
    log.write_bytes(b"\n".join(lines))
    result = report(log, "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["integrity"]["ok"] is False


def test_a_truncated_log_is_said_plainly_but_is_not_altered(log):
    log.write_bytes(log.read_bytes()[:-40])
    result = report(log)
    assert result.exit_code == 0
    assert "TRUNCATED: the last line was cut off" in result.stdout
    assert "no closing line" in result.stdout


def test_moved_or_changed_playbook(log, tmp_path):
    (tmp_path / "show.yaml").rename(tmp_path / "moved.yaml")
    assert "not found (give it with --playbook)" in report(log).stdout
    assert "SHA-256 matches" in report(log, "--playbook", tmp_path / "moved.yaml").stdout
    (tmp_path / "moved.yaml").write_text(SHOW + "\n# changed\n", encoding="utf-8")
    assert "has changed since the run" in report(log, "--playbook", tmp_path / "moved.yaml").stdout


def test_not_a_run_log(tmp_path):
    other = tmp_path / "x.jsonl"
    other.write_text('{"hello": 1}\n', encoding="utf-8")
    result = report(other)
    assert result.exit_code == 1 and "not a livesop run log" in result.stderr


def test_a_show_run_to_the_second_reads_plus_minus_zero_in_the_report_and_plus_zero_in_plain_mode(
        playbook_file, tmp_path):
    out = io.StringIO()
    run = plain_run(new_show(playbook_file, tmp_path, interactive=False), FakeClock(0), out=out)
    drive(run, 30 * M)
    assert run.engine.state == "finished"
    run.stop("end")
    assert "show over after 20:00 (+00:00 against the plan)" in out.getvalue()
    text = report(tmp_path / "run.jsonl").output
    assert "Planned 20:00, ran 20:00: ±00:00 against the plan." in text


def test_a_target_missed_by_less_than_a_second_is_missed_by_a_second():
    from livesop.format.timefmt import up_to_second
    from livesop.runner.report.layout import _target

    assert up_to_second(400) == 1000 and up_to_second(1000) == 1000 and up_to_second(0) == 0
    assert _target(30_400, 30_000) == "00:30 / 00:30 missed by 00:01"
    assert _target(30_000, 30_000) == "00:30 / 00:30 met"
