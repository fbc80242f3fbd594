"""The plain mode of ``livesop run``: one line per event, written as it happens.

Each line: wall clock of the show, show time, segment, role, the rendered 话术 or action, and how
far ahead or behind the show runs. The loop sleeps until the engine's next deadline (or a line
typed on a terminal), never on a fixed fast loop; every event is logged (fsynced) before it is
printed. With a terminal on stdin, short commands drive the show (``?`` lists them) and `hold`
segments wait for ``n``; without one, a `hold` segment advances at its end like `next`.

A log that cannot be written (a full disk) does not stop the show: an alarm line says so when it
starts, every line printed meanwhile ends in ``[!! LOG FAILING]``, the log is tried again at each
event and every few seconds, and a line says when it is written again. Every line goes through
``controls.visible``: control characters from playbook texts are printed as escapes, never sent.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Callable, TextIO

from livesop.controls import visible
from livesop.format.timefmt import ON_TIME_MS, SECOND_MS, hhmmss_ms, mmss_ms, signed_mmss_ms
from livesop.runner.engine import Engine
from livesop.runner.events import Event
from livesop.runner.runlog import RunLog


def behind_text(ms: int | None) -> str:
    if ms is None:
        return ""
    if abs(ms) < ON_TIME_MS:
        return "on time"
    return f"{signed_mmss_ms(ms)} late" if ms > 0 else f"{signed_mmss_ms(ms)} early"


@dataclass
class Formatter:
    """Turns events into lines; cues of roles not selected are left out."""

    roles: tuple[str, ...]
    role_names: dict[str, str]
    start_clock_ms: int | None
    titles: dict[str, str]

    def shown(self, event: Event) -> bool:
        if event.role is None or not self.roles:
            return True
        return event.role in self.roles

    def line(self, event: Event) -> str | None:
        if not self.shown(event):
            return None
        body = _BODIES.get(event.kind, _generic)(self, event)
        if body is None:
            return None
        clock = "" if self.start_clock_ms is None else hhmmss_ms(self.start_clock_ms + event.t) + "  "
        seg = event.seg or "-"
        status = behind_text(event.behind)
        return f"{clock}{mmss_ms(event.t):>8}  {seg}  {body}" + (f"  [{status}]" if status else "")

    def who(self, role: str | None) -> str:
        return self.role_names.get(role or "", role or "?")

    def title(self, seg: str | None) -> str:
        return self.titles.get(seg or "", seg or "")


def _say(f: Formatter, e: Event) -> str:
    verb = "说" if e.action == "say" else "做"
    text = " ".join((e.text or "").split())
    return f"{f.who(e.role)} {verb}：{text}"


def _segment_start(f: Formatter, e: Event) -> str:
    text = f"▶ {e.text or f.title(e.seg)} ({mmss_ms(e.get('duration', 0))})"
    if e.reason == "back":
        text += f" — back, at {mmss_ms(e.get('elapsed', 0))}"
    if e.amount is not None:
        text += " — hard start " + ("on time" if abs(e.amount) < ON_TIME_MS else
                                    f"{mmss_ms(abs(e.amount))} {'late' if e.amount > 0 else 'early'}")
    return text


def _segment_end(f: Formatter, e: Event) -> str:
    over = e.over or 0
    text = f"■ {f.title(e.seg)} ended after {mmss_ms(e.amount or 0)}" + (
        " (as planned)" if abs(over) < ON_TIME_MS else f" ({signed_mmss_ms(over)} against the plan)")
    notes = {"auto-hold": " — `hold`, moved on by itself (no keyboard)",
             "hard-start": " — cut short by a hard start", "take": " — taken", "back": " — left by going back"}
    return text + notes.get(e.reason or "", "")


def _emergency_open(f: Formatter, e: Event) -> str:
    targets = [f"{label} {mmss_ms(e.get(key))}" for key, label in (("respond_within", "respond within"),
                                                                   ("recover_within", "recover within"))
               if e.get(key) is not None]
    text = f"!! {e.get('severity') or ''} {e.text} — owner {f.who(e.get('owner'))}".replace("!!  ", "!! ")
    text += ("; " + ", ".join(targets)) if targets else ""
    if e.get("hold"):
        text += " | hold line: " + " ".join(str(e.get("hold")).split())
    return text


def _timed(label: str) -> Callable[[Formatter, Event], str]:
    def body(f: Formatter, e: Event) -> str:
        text = f"{label} {e.plan} after {mmss_ms(e.amount or 0)}"
        target = e.get("target")
        if target is not None:
            gap = (e.amount or 0) - target
            text += f" (target {mmss_ms(target)}: " + ("met)" if gap <= 0 else f"missed by {mmss_ms(gap)})")
        return text
    return body


def _generic(f: Formatter, e: Event) -> str:
    return e.kind


_BODIES: dict[str, Callable[[Formatter, Event], str | None]] = {
    "show-start": lambda f, e: f"▶ show starts: {e.get('segments', 0)} segments, planned {mmss_ms(e.amount or 0)}",
    "segment-start": _segment_start,
    "hard-wait": lambda f, e: f"… {mmss_ms(e.amount or 0)} early: waiting for the hard start of {f.title(e.seg)}",
    "cue": _say,
    "cue-skipped": lambda f, e: f"✗ {f.who(e.role)} cue {e.cue} skipped",
    "segment-warn": lambda f, e: f"⚠ {mmss_ms(e.amount or 0)} left",
    "overtime": lambda f, e: "⏱ time is up: overtime until the next segment is taken (n)",
    "segment-end": _segment_end,
    "segment-skipped": lambda f, e: f"✗ {f.title(e.seg)} skipped by a hard start",
    "show-end": lambda f, e: (f"■ show over after {mmss_ms(e.amount or 0)}"
                              f" ({signed_mmss_ms(e.over or 0)} against the plan)"),
    "emergency-step": _say,
    "pause": lambda f, e: "‖ paused",
    "resume": lambda f, e: f"▶ resumed after {mmss_ms(e.amount or 0)}",
    "take": lambda f, e: "» take next",
    "back": lambda f, e: "« back",
    "adjust": lambda f, e: (f"± {signed_mmss_ms(e.amount or 0)} on this segment"
                            f" (added {signed_mmss_ms(e.get('added', 0))})"),
    "ack": lambda f, e: f"✓ {f.who(e.role)} cue {e.cue} acknowledged after {mmss_ms(e.amount or 0)}",
    "emergency-open": _emergency_open,
    "emergency-respond": _timed("… responding to"),
    "emergency-close": _timed("✓ recovered from"),
    "show-stop": lambda f, e: "■ run stopped",
    "interrupted": lambda f, e: f"↻ continued from the run log after a gap of {mmss_ms(e.amount or 0)}",
}


class Stop(Exception):
    """The operator asked to stop (q); ``code`` is the exit status."""

    def __init__(self, code: int = 0):
        super().__init__(code)
        self.code = code


def _toggle(e: Engine, now: int, arg: str) -> list[Event]:
    return e.resume(now) if e.paused else e.pause(now)


def _minutes(arg: str) -> int:
    try:
        value = float(arg) if arg.strip() else 1.0
    except ValueError:
        value = 1.0
    return int(abs(value) * 60 * SECOND_MS)


# key: (help, action). Typed on a terminal followed by Enter.
COMMANDS: dict[str, tuple[str, Callable[[Engine, int, str], list[Event]]]] = {
    "n": ("take the next segment", lambda e, now, arg: e.take(now)),
    "b": ("go back to the previous segment", lambda e, now, arg: e.back(now)),
    "p": ("pause / resume", _toggle),
    "+": ("add time: `+` one minute, `+3` three", lambda e, now, arg: e.adjust(now, _minutes(arg))),
    "-": ("remove time: `-` one minute, `-2` two", lambda e, now, arg: e.adjust(now, -_minutes(arg))),
    "a": ("acknowledge the latest cue", lambda e, now, arg: e.ack(now)),
    "e": ("emergency plans: `e` lists them, `e ID` opens one", lambda e, now, arg: _emergency(e, now, arg)),
    "r": ("the open emergency is being handled (response time)", lambda e, now, arg: e.respond_emergency(now, arg or None)),
    "x": ("close the open emergency (recovery time)", lambda e, now, arg: e.close_emergency(now, arg or None)),
}


class Notice(Exception):
    """A message for the operator that is not an event (help, a list, a typo)."""


def _emergency(engine: Engine, now: int, arg: str) -> list[Event]:
    plans = engine.playbook.emergencies
    if not arg:
        raise Notice("emergency plans: " + "; ".join(
            f"{p.id} ({p.severity}) {p.title.value if p.title else ''}" for p in plans) if plans else "no emergency plans")
    try:
        return engine.open_emergency(now, arg)
    except KeyError:
        raise Notice(f"no emergency plan {arg!r}; `e` lists them") from None


def help_text() -> str:
    return "commands (then Enter): " + "; ".join(f"{k} {h}" for k, (h, _) in COMMANDS.items()) + "; q quit"


def log_failing(log: RunLog) -> str:
    """The alarm while the run log cannot be written ("" while it is written)."""
    if not log.failure:
        return ""
    return (f"RUN LOG FAILING: {len(log.pending)} line(s) held in memory — cannot write {log.path.name}: "
            f"{log.failure}; retried at every event, the show goes on")


def log_recovered(log: RunLog) -> str:
    fault = log.recovered or {}
    held = mmss_ms(max(0, fault.get("wall_ms", 0) - fault.get("since_wall_ms", 0)))
    return f"run log written again: {fault.get('lines', 0)} line(s) held for {held} are in {log.path.name}"


class PlainRun:
    """Drives an engine in real (or scaled) time, logging and printing every event."""

    retry_seconds = 5.0  # real seconds between attempts to write a failing log when nothing happens

    def __init__(self, engine: Engine, log: RunLog, clock, out: TextIO, formatter: Formatter,
                 stdin: TextIO | None = None):
        self.engine = engine
        self.log = log
        self.clock = clock
        self.out = out
        self.formatter = formatter
        self.stdin = stdin  # a terminal to read commands from, or None
        self.log_alarm = ""  # the alarm shown while the log fails

    def emit(self, events: list[Event]) -> None:
        for event in events:
            self.log.event(event, self.clock.wall_ms())
            self.watch_log()
            line = self.formatter.line(event)
            if line is not None:
                self.say(line + ("  [!! LOG FAILING]" if self.log_alarm else ""))

    def say(self, line: str) -> None:
        """One line out; control characters from playbook or log texts are shown as escapes, never sent."""
        self.out.write(visible(line) + "\n")
        self.out.flush()

    def retry_log(self) -> None:
        """Try again to write what the log holds back (each tick of the loop)."""
        if self.log.pending:
            self.log.flush(self.clock.wall_ms())
            self.watch_log()

    def watch_log(self) -> None:
        """Say when the log starts failing (and on every line after) and when it is written again."""
        alarm = log_failing(self.log)
        if bool(alarm) != bool(self.log_alarm):
            self.say(f"!! {alarm}" if alarm else f"✓ {log_recovered(self.log)}")
        self.log_alarm = alarm

    def wake_at(self, deadline: int | None) -> int | None:
        """When to wake: the engine's deadline, sooner while the log holds lines back."""
        if not self.log.pending:
            return deadline
        retry = self.clock.now_ms() + int(self.retry_seconds * SECOND_MS * self.clock.speed)
        return retry if deadline is None else min(deadline, retry)

    def run(self) -> str:
        """Run to the end of the show; returns why it ended ("end")."""
        engine = self.engine
        if self.stdin is None and engine.paused:
            self.emit(engine.resume(self.clock.now_ms()))
        while True:
            self.retry_log()
            self.emit(engine.tick(self.clock.now_ms()))
            if engine.state == "finished":
                return "end"
            deadline = self.wake_at(engine.next_deadline())
            if self.stdin is not None:
                if self.clock.wait(deadline, self.stdin):
                    self.command(self.stdin.readline())
            elif deadline is None:
                return "stuck"  # cannot happen without a keyboard: nothing pauses the show
            else:
                self.clock.wait(deadline)

    def command(self, line: str) -> None:
        if line == "":  # end of input: carry on without a keyboard
            self.stdin = None
            self.engine.hold_as_next = True
            return
        text = line.strip()
        if not text:
            return
        key, arg = text[0].lower(), text[1:].strip()
        if key == "q":
            raise Stop(0)
        if key == "?" or key not in COMMANDS:
            self.say(help_text())
            return
        try:
            self.emit(COMMANDS[key][1](self.engine, self.clock.now_ms(), arg))
        except Notice as notice:
            self.say(str(notice))

    def stop(self, reason: str) -> str:
        """End the run cleanly: a stop event unless the show is over, then the close line."""
        now = self.clock.now_ms()
        if self.engine.state != "finished":
            self.emit(self.engine.stop(now))
        return self.log.close(reason, now, self.clock.wall_ms())


def count_down(target_wall_ms: int, out: TextIO, now_wall: Callable[[], int], sleep: Callable[[float], None]) -> None:
    """Wait for go-live, printing a line now and at each whole minute left (not every second)."""
    label = _dt.datetime.fromtimestamp(target_wall_ms / 1000).strftime("%H:%M")
    while True:
        left = target_wall_ms - now_wall()
        if left <= 0:
            return
        minutes = -(-left // 60_000)  # rounded up
        out.write(f"go-live at {label}: {minutes} min to go\n")
        out.flush()
        next_line = target_wall_ms - (minutes - 1) * 60_000
        while True:
            wait = next_line - now_wall()
            if wait <= 0:
                break
            sleep(wait / 1000)
