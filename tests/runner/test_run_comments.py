"""The 弹幕 watch in a running show: the plain loop on a fake clock polls a comments file that a
scripted fetcher appends to as show time passes; alerts are printed and logged, the loop wakes for
the source and for comments leaving the window, the tally closes each segment, a resume replays
around the watch's events, and the full-screen frame shows the watch's line."""

from __future__ import annotations

import io
import json

from livesop.runner.clock import FakeClock
from livesop.runner.comments import Comment, FileSource, parse_lines
from livesop.runner.plain import Formatter
from livesop.runner.runlog import read_log
from livesop.runner.show import load_show, resume_run
from livesop.runner.watch import CommentWatch
from tests.runkit import NEGATIVE, ROLES, WALL0, M, S, new_show, plain_run, watched_show

SHOW = watched_show("弹幕监控")


class Fetcher(FakeClock):
    """A fake clock that, as show time passes each moment of ``script``, appends those lines to ``path``:
    a 弹幕 fetcher writing while the show runs, without a thread or a sleep."""

    def __init__(self, path, script: dict[int, list[str]]):
        super().__init__(0)
        self.path, self.script = path, dict(script)

    def wait(self, until_ms, stream=None):
        result = super().wait(until_ms, stream)
        for at in sorted(t for t in self.script if t <= self.now):
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.writelines(self.script.pop(at))
        return result


def lines(*texts: str) -> list[str]:
    return [json.dumps({"text": text}, ensure_ascii=False) + "\n" for text in texts]


def watched_run(playbook_file, tmp_path, script, roles=()):
    comments = tmp_path / "弹幕.jsonl"
    comments.write_text("", encoding="utf-8")
    prepared = new_show(playbook_file, tmp_path, interactive=False)
    clock = Fetcher(comments, script)
    out = io.StringIO()
    run = plain_run(prepared, clock, out, Formatter(roles, ROLES, prepared.engine.start_clock_ms, {}))
    run.attach_comments(CommentWatch(prepared.playbook), FileSource(comments))
    return run, out


def logged(run) -> list[dict]:
    read = read_log(run.log.path)
    assert read.ok, read.altered
    return [r for r in read.records if r.get("type") == "event"]


def test_a_burst_raises_the_alerts_once_each_and_they_clear_as_the_minute_passes(playbook_file, tmp_path):
    script = {10 * S: lines("主播好", *NEGATIVE[:3]), 30 * S: lines(*NEGATIVE[3:]) + ["not json\n"]}
    run, out = watched_run(playbook_file, tmp_path, script, roles=("host",))
    assert run.run() == "end"
    run.stop("end")
    printed = out.getvalue().splitlines()
    alerts = [line.split(maxsplit=1)[1] for line in printed if "⚑" in line or "⚐" in line]  # after the clock
    assert alerts == [
        "00:10  open  ⚑ Level 1 alert: 3 negative comments in the last minute.  场控: 看弹幕",
        "00:30  open  ⚑ Level 2 alert: 7 negative comments in the last minute.  Suggested: open the emergency "
        "plan neg.  场控: 启动负面舆情预案",
        "01:30  open  ⚐ Comment alert cleared: 0 negative comments in the window.",
    ]  # --role host: the alerts for 场控 print all the same
    assert ("Comments: a line was skipped (not JSON); malformed lines are counted, not shown, and the 复盘 lists "
            "them per segment") in printed
    assert any(line.endswith("Comments in this segment: read 8, negative 7, diversion attempts 0, malformed "
                             "lines skipped 1.") for line in printed)
    records = logged(run)
    watch = [(r["kind"], r["t"], r.get("level"), r.get("count")) for r in records if r["kind"].startswith("comment-")]
    assert watch == [("comment-alert", 10 * S, 1, 3), ("comment-alert", 30 * S, 2, 7), ("comment-clear", 90 * S, 0, 0)]
    assert sum(1 for r in records if r["kind"] == "comment") == 7
    tally = [r for r in records if r["kind"] == "comments"]
    assert [(r["seg"], r["read"], r["negative"], r["malformed"]) for r in tally] == [("open", 8, 7, 1)]
    alert = next(r for r in records if r["kind"] == "comment-alert" and r["level"] == 2)
    assert (alert["role"], alert["plan"], alert["text"], alert["window"]) == ("control", "neg", "启动负面舆情预案", M)


def test_the_loop_wakes_for_the_source_and_for_comments_leaving_the_window(playbook_file, tmp_path):
    run, _ = watched_run(playbook_file, tmp_path, {})
    run.poll_comments()
    assert run.wake_at(None) == 250  # the next look at the file, a quarter second on
    run.push_comments(parse_lines([json.dumps({"text": "假货"}).encode()]))
    run.clock.now = 200
    assert run.wake_at(None) == 450
    run.clock.now = 59_900
    assert run.wake_at(None) == 60_000  # the comment of 0:00 leaves the window at 1:00


def test_comments_in_the_second_segment_are_tallied_when_the_run_stops(playbook_file, tmp_path):
    run, out = watched_run(playbook_file, tmp_path, {150 * S: lines("加我vx abc12345", "好看")})
    engine = run.engine
    while run.clock.now < 160 * S:
        run.clock.wait(min(x for x in (engine.next_deadline(), *run.comments_wake()) if x is not None))
        run.emit(engine.tick(run.clock.now))
        run.poll_comments()
    run.stop("stopped")
    tally = [r for r in logged(run) if r["kind"] == "comments"]
    assert [(r["seg"], r["read"], r["diversion"], r["t"]) for r in tally] == [("pitch", 2, 1, 160 * S)]
    assert "diversion attempts 1" in out.getvalue()


def test_a_resume_replays_the_show_around_the_watch_events(playbook_file, tmp_path):
    run, _ = watched_run(playbook_file, tmp_path, {10 * S: lines(*NEGATIVE)})
    engine = run.engine
    while run.clock.now < 40 * S:
        run.clock.wait(min(x for x in (engine.next_deadline(), *run.comments_wake()) if x is not None))
        run.emit(engine.tick(run.clock.now))
        run.poll_comments()
    run.log.close("stopped", run.clock.now, run.clock.wall_ms())  # killed: no show-stop, no tally
    path = run.log.path
    assert {"comment", "comment-alert"} <= {r["kind"] for r in read_log(path).records if r.get("type") == "event"}
    prepared = resume_run(path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + M, speed=None,
                          interactive=False)
    assert prepared.engine.idx == 0 and [e.kind for e in prepared.events] == ["interrupted"]
    assert prepared.events[0].amount == 50 * S  # the gap starts at the last line logged: the alert at 0:10


def test_the_full_screen_shows_the_counts_then_the_alert(playbook_file, tmp_path):
    from rich.console import Console

    from livesop.runner import view, viewstate

    run, _ = watched_run(playbook_file, tmp_path, {})
    run.push_comments([Comment("这是假货吧", "路人甲")])
    info = viewstate.show_info(run.engine)

    def frame() -> str:
        ui = viewstate.UiState(comments=run.comments_view())
        console = Console(width=100, height=30, record=True, force_terminal=False, color_system=None)
        console.print(view.render(run.engine.snapshot(run.clock.now), info, ui, 100, 30))
        return console.export_text()

    quiet = frame()
    assert "弹幕 · last 1m: negative 1 · diversion attempts 0 · read 1" in quiet
    assert "Latest flagged: 路人甲: 这是假货吧" in quiet
    run.push_comments([Comment("骗子"), Comment("退款")])
    alert = frame()
    assert "⚑ Level 1 alert: 3 negative comments in the last minute.  场控: 看弹幕" in alert


def test_a_resumed_run_counts_what_came_while_it_was_stopped_once_and_raises_no_alert_for_it(playbook_file,
                                                                                             tmp_path):
    # open (2m): three comments at 0:10; the pitch: two more at 2:30; killed at 2:40 (the pitch's tally unwritten)
    script = {10 * S: lines("主播好", NEGATIVE[0], NEGATIVE[1]), 150 * S: lines("想要", NEGATIVE[2])}
    run, _ = watched_run(playbook_file, tmp_path, script)
    engine = run.engine
    while run.clock.now < 160 * S:
        run.clock.wait(min(x for x in (engine.next_deadline(), *run.comments_wake()) if x is not None))
        run.emit(engine.tick(run.clock.now))
        run.poll_comments()
    run.log.close("stopped", run.clock.now, run.clock.wall_ms())
    comments = tmp_path / "弹幕.jsonl"
    with open(comments, "a", encoding="utf-8") as handle:  # the fetcher goes on while livesop is down
        handle.writelines(lines("还在吗", *NEGATIVE[3:6]))
    prepared = resume_run(run.log.path, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 3 * M, speed=None,
                          interactive=False)
    assert prepared.comments_read_to is not None and prepared.comments_read_to.flagged > 0
    out = io.StringIO()
    resumed = plain_run(prepared, FakeClock(prepared.now_ms), out)
    resumed.attach_comments(CommentWatch(prepared.playbook),
                            FileSource(comments, from_end=True, read_to=prepared.comments_read_to))
    resumed.poll_comments()  # what came while stopped, and what was read before and never tallied
    with open(comments, "a", encoding="utf-8") as handle:
        handle.writelines(lines("主播加油", NEGATIVE[6]))
    while True:
        resumed.poll_comments()
        if not resumed.comments.more:
            break
    resumed.stop("end")
    assert "Comments: reading what" in out.getvalue()
    records = logged(resumed)
    tallies = {r["seg"]: r["read"] for r in records if r["kind"] == "comments"}
    assert tallies == {"open": 3, "pitch": 2 + 4 + 2}  # every comment counted once, in the segment it came in
    flagged = [(r["text"], bool(r.get("late"))) for r in records if r["kind"] == "comment"]
    assert flagged == [(NEGATIVE[0], False), (NEGATIVE[1], False), (NEGATIVE[2], False),  # NEGATIVE[2]: not again
                       (NEGATIVE[3], True), (NEGATIVE[4], True), (NEGATIVE[5], True), (NEGATIVE[6], False)]
    alerts = [r for r in records if r["kind"] == "comment-alert"]
    assert alerts == []  # three late negative comments at once are stale: no level-1 alert
