"""`livesop run --comments`: a comments file fed to a rehearsal, standard input, a real process with a
pipe, sources refused before go-live, the resume hint, the bundled sample, and the 复盘 of the watch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from livesop.cli.run import resume_command
from livesop.runner.runlog import read_log
from tests.helpers import REPO
from tests.runkit import NEGATIVE, watched_show

SHOW = watched_show("弹幕彩排")
SAMPLE = REPO / "playbooks" / "examples" / "comments-sample.jsonl"


def jsonl(*texts: str) -> str:
    return "".join(json.dumps({"text": t, "user": "u"}, ensure_ascii=False) + "\n" for t in texts)


def events(log) -> list:
    read = read_log(log)
    assert read.ok and read.closed, read.altered
    return read.events


def test_a_comments_file_fed_to_a_rehearsal_gives_the_alert_lines_and_log_entries(invoke, playbook_file, tmp_path):
    comments = tmp_path / "弹幕.jsonl"
    comments.write_text(jsonl("主播好", *NEGATIVE) + "{broken\n", encoding="utf-8")
    log = tmp_path / "run.jsonl"
    result = invoke("run", playbook_file, "--speed", "1000", "--comments", comments, "--log", log)
    assert result.exit_code == 0
    out = result.stdout
    assert ("⚑ Level 2 alert: 7 negative comments in the last minute.  Suggested: open the emergency plan neg.  "
            "场控: 启动负面舆情预案") in out  # all at go-live: one alert, the highest
    assert "Level 1 alert" not in out
    assert "⚐ Comment alert cleared: 0 negative comments in the window." in out
    assert "Comments: a line was skipped (not JSON)" in out
    assert "Comments in this segment: read 8, negative 7, diversion attempts 0, malformed lines skipped 1." in out
    logged = events(log)
    kinds = [e.kind for e in logged]
    assert kinds.count("comment") == 7 and kinds.count("comment-alert") == 1 and kinds.count("comment-clear") == 1
    alert = next(e for e in logged if e.kind == "comment-alert")
    assert (alert.seg, alert.role, alert.plan) == ("open", "control", "neg")
    assert (alert.get("level"), alert.get("count")) == (2, 7)
    tally = next(e for e in logged if e.kind == "comments")
    assert (tally.seg, tally.get("read"), tally.get("negative"), tally.get("malformed")) == ("open", 8, 7, 1)
    assert kinds.index("comment-clear") < kinds.index("show-end")


def test_the_report_counts_the_watch_per_segment_in_every_format(invoke, playbook_file, tmp_path):
    comments = tmp_path / "c.jsonl"
    comments.write_text(jsonl(*NEGATIVE[:4], "加我vx abc12345") + "[1]\n", encoding="utf-8")
    log = tmp_path / "run.jsonl"
    assert invoke("run", playbook_file, "--speed", "1000", "--comments", comments, "--log", log).exit_code == 0
    text = invoke("report", log).stdout
    assert "Live comments (弹幕 watch)" in text
    assert ("Comments read: 5; negative: 4; diversion attempts: 1; malformed lines skipped: 1; alerts raised: 1."
            in text)
    watch = text[text.index("Live comments (弹幕 watch)"):]
    row = next(line for line in watch.splitlines() if line.startswith("open "))
    assert row.split() == ["open", "开场", "5", "4", "1", "1", "1", "1"]
    assert "看弹幕" in text and "场控" in text
    data = json.loads(invoke("report", log, "--format", "json").stdout)
    assert data["comments"] == [{"seg": "open", "title": "开场", "read": 5, "negative": 4, "diversion": 1,
                                 "malformed": 1, "alerts": 1, "level": 1}]
    [alert] = data["comment_alerts"]
    assert (alert["level"], alert["count"], alert["role"], alert["told"], alert["text"]) == (1, 4, "control", "场控",
                                                                                             "看弹幕")
    assert alert["cleared"] is not None
    md = invoke("report", log, "--format", "md").stdout
    assert "## Live comments (弹幕 watch)" in md and "| open | 开场 | 5 | 4 | 1 | 1 | 1 | 1 |" in md
    html = invoke("report", log, "--format", "html").stdout
    assert "<h2>Live comments (弹幕 watch)</h2>" in html and "<td>看弹幕</td>" in html


def test_a_run_without_comments_has_no_watch_section(invoke, playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    assert invoke("run", playbook_file, "--speed", "1000", "--log", log).exit_code == 0
    assert not any(e.kind.startswith("comment") for e in events(log))
    assert "弹幕 watch" not in invoke("report", log).stdout
    assert json.loads(invoke("report", log, "--format", "json").stdout)["comments"] == []


def test_comments_on_standard_input(invoke, playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    result = invoke("run", playbook_file, "--speed", "200", "--comments", "-", "--log", log,
                    input=jsonl(*NEGATIVE[:3]))
    assert result.exit_code == 0
    assert "⚑ Level 1 alert: 3 negative comments in the last minute.  场控: 看弹幕" in result.stdout
    assert "Comments: standard input has ended; no more comments will come" in result.stdout
    assert [e.kind for e in events(log)].count("comment") == 3


@pytest.mark.parametrize("make, said", [
    (lambda tmp: tmp, "it is a folder"),
    (lambda tmp: tmp / "nowhere" / "c.jsonl", "does not exist"),
])
def test_a_source_that_cannot_work_is_a_usage_error_before_go_live(invoke, playbook_file, tmp_path, make, said):
    result = invoke("run", playbook_file, "--speed", "1000", "--comments", make(tmp_path))
    assert result.exit_code == 2 and said in result.output and "hint:" in result.output
    assert not (tmp_path / ".livesop").exists()  # no run log was left behind


def test_a_missing_file_is_waited_for(invoke, playbook_file, tmp_path):
    result = invoke("run", playbook_file, "--speed", "1000", "--comments", tmp_path / "later.jsonl",
                    "--log", tmp_path / "run.jsonl")
    assert result.exit_code == 0 and f"Comments: waiting for {tmp_path / 'later.jsonl'} to appear" in result.stdout


def test_the_resume_hint_keeps_the_comment_source():
    hint = resume_command(REPO / "p.yaml", REPO / "r.jsonl", library=None, roles=(), speed=None, plain=True,
                          comments="弹幕 今晚.jsonl")
    assert hint.endswith("--plain --comments '弹幕 今晚.jsonl'")


def test_the_bundled_sample_rehearses_against_the_daily_playbook(invoke, tmp_path):
    log = tmp_path / "run.jsonl"
    result = invoke("run", REPO / "playbooks" / "daily.yaml", "--speed", "100000", "--comments", SAMPLE,
                    "--log", log)
    assert result.exit_code == 0
    assert ("⚑ Level 2 alert: 11 negative comments in the last minute.  Suggested: open the emergency plan "
            "negative-comments.  场控: 负面弹幕集中出现：启动负面舆情预案，主播暂停促单，先回应质疑") in result.stdout
    tally = next(e for e in events(log) if e.kind == "comments")
    assert (tally.get("read"), tally.get("negative"), tally.get("diversion"), tally.get("malformed")) == (23, 11, 2, 2)


def test_a_real_process_reads_a_pipe_without_blocking_the_show(playbook_file, tmp_path):
    log = tmp_path / "run.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "livesop", "run", str(playbook_file), "--speed", "300",
                              "--comments", "-", "--log", str(log)],
                             cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdin.write(jsonl(*NEGATIVE[:3]).encode())
    child.stdin.flush()  # the pipe stays open: the show must go on to its end all the same
    try:
        child.wait(timeout=20)
    finally:
        child.stdin.close()
    out = child.stdout.read().decode()
    assert child.returncode == 0, child.stderr.read().decode()
    assert "⚑ Level 1 alert: 3 negative comments" in out
    assert "show over after 05:00" in out
