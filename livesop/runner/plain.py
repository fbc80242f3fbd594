"""The plain mode of ``livesop run``: one line per event, written as it happens.

Each line: wall clock of the show, show time, segment, role, the rendered 话术 or action, and how
far ahead or behind the show runs. The loop sleeps until the engine's next deadline (or a line
typed on a terminal), never on a fixed fast loop; every event is logged (fsynced) before it is
printed. With a terminal on stdin, the keys of the one key map (``runner/keymap``, the same as
the full-screen view's) typed with Enter drive the show (``?`` lists them) and `hold` segments
wait for ``n``; without one, a `hold` segment advances at its end like `next`.

A log that cannot be written (a full disk) does not stop the show: an alarm line says so when it
starts, every line printed meanwhile ends in ``[!! LOG FAILING]``, the log is tried again at each
event and every few seconds, and a line says when it is written again. Every line goes through
``controls.visible``: control characters from playbook texts are printed as escapes, never sent.

With the 弹幕 watch attached (``attach_comments``: ``run --comments``, ``--serve``), each wake also
reads what the comment source has (``runner/comments``) and hands it to the watch (``runner/watch``);
its alerts are logged and printed like the engine's events, for every ``--role``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import Callable, TextIO

from livesop.controls import visible
from livesop.format.timefmt import ON_TIME_MS, SECOND_MS, hhmmss_ms, mmss_ms, signed_mmss_ms, up_to_second
from livesop.i18n import N_, _, ngettext, pgettext
from livesop.runner import keymap, watch as _watch, words
from livesop.runner.comments import POLL_SECONDS
from livesop.runner.engine import Engine
from livesop.runner.events import WATCH_KINDS, Event
from livesop.runner.keys import key_of_char
from livesop.runner.runlog import RunLog


def behind_text(ms: int | None) -> str:
    """How late or early the show runs, for the line's brackets ("" when unknown)."""
    return "" if ms is None else words.late(ms)


@dataclass
class Formatter:
    """Turns events into lines; cues of roles not selected are left out."""

    roles: tuple[str, ...]
    role_names: dict[str, str]
    start_clock_ms: int | None
    titles: dict[str, str]

    def shown(self, event: Event) -> bool:
        if event.role is None or not self.roles or event.kind in WATCH_KINDS:  # 弹幕 alerts: for every role
            return True
        return event.role in self.roles

    def line(self, event: Event) -> str | None:
        if not self.shown(event):
            return None
        body = self.body(event)
        if body is None:
            return None
        clock = "" if self.start_clock_ms is None else hhmmss_ms(self.start_clock_ms + event.t) + "  "
        seg = event.seg or "-"
        status = behind_text(event.behind)
        return f"{clock}{mmss_ms(event.t):>8}  {seg}  {body}" + (f"  [{status}]" if status else "")

    def body(self, event: Event) -> str | None:
        """What the line says about ``event``: without the clock, the segment and how late the show runs."""
        return _BODIES.get(event.kind, _generic)(self, event)

    def who(self, role: str | None) -> str:
        return self.role_names.get(role or "", role or "?")

    def title(self, seg: str | None) -> str:
        return self.titles.get(seg or "", seg or "")


def _say(f: Formatter, e: Event) -> str:
    verb = "说" if e.action == "say" else "做"
    text = " ".join((e.text or "").split())
    return f"{f.who(e.role)} {verb}：{text}"


def _segment_start(f: Formatter, e: Event) -> str:
    title = e.text or f.title(e.seg)
    parts = [_("▶ {title} ({length})").format(title=title, length=words.length(e.get("duration")))
             if e.get("duration") is not None else f"▶ {title}"]
    if e.get("elapsed") is not None:  # taken up where it was left
        elapsed = words.length(e.get("elapsed"))
        parts.append(_("back, at {time}").format(time=elapsed) if e.reason == "back" else
                     _("again, at {time}").format(time=elapsed))
    if e.amount is not None:
        parts.append(_("hard start {lateness}").format(lateness=words.late_by(e.amount)))
    return " — ".join(parts)


def _segment_end(f: Formatter, e: Event) -> str:
    over = e.over or 0
    ran = e.get("ran")  # visited before: this visit, then the segment's time over every visit
    fields = {"title": f.title(e.seg), "length": words.length(e.amount or 0), "delta": words.length(abs(over)),
              "ran": words.length(ran)}
    if abs(over) < ON_TIME_MS:
        text = (_("■ {title} ended after {length} (as planned)") if ran is None else
                _("■ {title} ended after {length}, {ran} over its visits (as planned)"))
    elif over > 0:
        text = (_("■ {title} ended after {length} (+{delta} against the plan)") if ran is None else
                _("■ {title} ended after {length}, {ran} over its visits (+{delta} against the plan)"))
    else:
        text = (_("■ {title} ended after {length} (-{delta} against the plan)") if ran is None else
                _("■ {title} ended after {length}, {ran} over its visits (-{delta} against the plan)"))
    note = _END_NOTES.get(e.reason or "")
    return text.format(**fields) + (" — " + _(note) if note else "")


_END_NOTES = {"auto-hold": N_("`hold`, moved on by itself (no keyboard)"),
              "hard-start": N_("cut short by a hard start"), "take": N_("taken"), "back": N_("left by going back")}


def _emergency_open(f: Formatter, e: Event) -> str:
    severity = e.get("severity") or ""
    text = (_("!! {severity} {title} — owner {owner}") if severity else _("!! {title} — owner {owner}")).format(
        severity=severity, title=e.text, owner=f.who(e.get("owner")))
    targets = [label.format(time=words.length(e.get(key)))
               for key, label in (("respond_within", _("respond within {time}")),
                                  ("recover_within", _("recover within {time}")))
               if e.get(key) is not None]
    if targets:
        text = words.joined([text, pgettext("between names in a list", ", ").join(targets)])
    if e.get("hold"):
        text += " | " + _("hold line: {text}").format(text=" ".join(str(e.get("hold")).split()))
    return text


def _timed(kind: str) -> Callable[[Formatter, Event], str]:
    def body(f: Formatter, e: Event) -> str:
        target = e.get("target")
        gap = (e.amount or 0) - (target or 0)
        texts = _TIMED[kind]
        text = texts[0] if target is None else texts[1] if gap <= 0 else texts[2]
        return _(text).format(plan=e.plan, time=words.length(e.amount or 0), target=words.length(target),
                              gap=words.length(up_to_second(gap)))
    return body


_TIMED = {  # operation → its line: without a target, the target met, the target missed
    "respond": (N_("… responding to {plan} after {time}"),
                N_("… responding to {plan} after {time} (target {target}: met)"),
                N_("… responding to {plan} after {time} (target {target}: missed by {gap})")),
    "close": (N_("✓ recovered from {plan} after {time}"),
              N_("✓ recovered from {plan} after {time} (target {target}: met)"),
              N_("✓ recovered from {plan} after {time} (target {target}: missed by {gap})")),
}


def _generic(f: Formatter, e: Event) -> str:
    return e.kind


def _show_end(f: Formatter, e: Event) -> str:
    over = e.over or 0
    if abs(over) < ON_TIME_MS:
        text = _("■ show over after {length} ({delta} against the plan)")
    elif over > 0:
        text = _("■ show over after {length} (+{delta} against the plan)")
    else:
        text = _("■ show over after {length} (-{delta} against the plan)")
    delta = signed_mmss_ms(over) if abs(over) < ON_TIME_MS else words.length(abs(over))
    return text.format(length=words.length(e.amount or 0), delta=delta)


def _message(f: Formatter, e: Event) -> str:
    if e.get("device"):
        return _("✉ to the prompter: {text} (from {device})").format(text=e.text, device=e.get("device"))
    return _("✉ to the prompter: {text}").format(text=e.text)


_BODIES: dict[str, Callable[[Formatter, Event], str | None]] = {
    "show-start": lambda f, e: ngettext("▶ show starts: {count} segment, planned {length}",
                                        "▶ show starts: {count} segments, planned {length}",
                                        e.get("segments", 0)).format(count=e.get("segments", 0),
                                                                     length=words.length(e.amount or 0)),
    "segment-start": _segment_start,
    "hard-wait": lambda f, e: _("… {time} early: waiting for the hard start of {title}").format(
        time=words.length(e.amount or 0), title=f.title(e.seg)),
    "cue": _say,
    "cue-skipped": lambda f, e: _("✗ {role} cue {cue} skipped").format(role=f.who(e.role), cue=e.cue),
    "segment-warn": lambda f, e: _("⚠ {time} left").format(time=words.length(e.amount or 0)),
    "overtime": lambda f, e: _("⏱ time is up: overtime until the next segment is taken (n)"),
    "segment-end": _segment_end,
    "segment-skipped": lambda f, e: _("✗ {title} skipped by a hard start").format(title=f.title(e.seg)),
    "show-end": _show_end,
    "emergency-step": _say,
    "pause": lambda f, e: _("‖ paused"),
    "resume": lambda f, e: _("▶ resumed after {time}").format(time=words.length(e.amount or 0)),
    "take": lambda f, e: _("» take next"),
    "back": lambda f, e: _("« back"),
    "adjust": lambda f, e: _("± {amount} on this segment (added {added})").format(
        amount=signed_mmss_ms(e.amount or 0), added=signed_mmss_ms(e.get("added", 0))),
    "ack": lambda f, e: _("✓ {role} cue {cue} acknowledged after {time}").format(
        role=f.who(e.role), cue=e.cue, time=words.length(e.amount or 0)),
    "emergency-open": _emergency_open,
    "emergency-respond": _timed("respond"),
    "emergency-close": _timed("close"),
    "show-stop": lambda f, e: _("■ run stopped"),
    "message": _message,
    "interrupted": lambda f, e: _("↻ continued from the run log after a gap of {time}").format(
        time=words.length(e.amount or 0)),
    "comment": lambda f, e: None,  # logged; the 场控 reads the comments where they come, the alerts here
    "comment-alert": lambda f, e: "⚑ " + _watch.alert_text(e, f.who),
    "comment-clear": lambda f, e: "⚐ " + _watch.clear_text(e),
    "comments": lambda f, e: _watch.tally_text(e),
}


class Stop(Exception):
    """The operator asked to stop (q); ``code`` is the exit status."""

    def __init__(self, code: int = 0):
        super().__init__(code)
        self.code = code


class Notice(Exception):
    """A message for the operator that is not an event (help, a list, a typo)."""


def parse_command(line: str) -> tuple[str | None, str]:
    """(action, argument) of a line typed in the plain mode: a key of the one key map (``n``, ``+3``,
    ``e freeze``), an action by its name (``pause``, ``next``), or a space alone (pause).
    (None, "") for an empty line; ("help", "") for one that is none of these."""
    body = line.rstrip("\r\n")
    text = body.strip()
    if not text:
        return ("pause", "") if any(key_of_char(ch) == "space" for ch in body) else (None, "")
    word, _space, rest = text.partition(" ")
    if word.lower() in keymap.BY_ACTION:
        return word.lower(), rest.strip()
    action = keymap.KEYS.get(key_of_char(text[0]) or "")
    return (action, text[1:].strip()) if action else ("help", "")


def help_text() -> str:
    return _("commands (then Enter): {commands}").format(
        commands=words.joined([f"{_(b.typed)} {_(b.help)}" for b in keymap.BINDINGS]))


def _plans(engine: Engine) -> str:
    plans = engine.playbook.emergencies
    if not plans:
        return _("no emergency plans")
    return _("emergency plans: {plans} — `e ID` or `e N` opens one").format(plans=words.joined([
        f"{number} {p.id} ({p.severity}) {p.title.value if p.title else ''}".rstrip()
        for number, p in enumerate(plans, 1)]))


def _emergency(run: "PlainRun", arg: str) -> None:
    plans = run.engine.playbook.emergencies
    if not arg:
        raise Notice(_plans(run.engine))
    if arg.isdigit() and 1 <= int(arg) <= len(plans) and run.engine.playbook.emergency(arg) is None:
        arg = plans[int(arg) - 1].id or arg
    if run.engine.playbook.emergency(arg) is None:
        raise Notice(_("no emergency plan {plan}; `e` lists them").format(plan=repr(arg)))
    run.operate("open", arg)


def _roles(run: "PlainRun", arg: str) -> None:
    if run.role_cycle is None:  # the --role choice first, then all roles and each alone
        run.role_cycle = keymap.role_cycle(tuple(run.engine.playbook.roles), run.formatter.roles)
    chosen = keymap.next_roles(run.role_cycle, run.formatter.roles)
    run.formatter = replace(run.formatter, roles=chosen)
    who = " ".join(run.formatter.who(r) for r in chosen) or _("all roles")
    if any(o.responded is None for o in run.engine.emergencies.values()):
        raise Notice(_("printing the cues of {who} (every cue is still logged; r: the next choice); an open "
                       "emergency is marked handled with h").format(who=who))
    raise Notice(_("printing the cues of {who} (every cue is still logged; r: the next choice)").format(who=who))


def _quit(run: "PlainRun", arg: str) -> None:
    raise Stop(0)


def _help(run: "PlainRun", arg: str) -> None:
    raise Notice(help_text())


# The plain mode's own side of the view actions; every other action is an engine operation.
VIEW_ACTIONS: dict[str, Callable[["PlainRun", str], None]] = {
    "emergency": _emergency, "roles": _roles, "help": _help, "quit": _quit,
}


def log_failing(log: RunLog) -> str:
    """The alarm while the run log cannot be written ("" while it is written)."""
    if not log.failure:
        return ""
    return _("RUN LOG FAILING: {count} line(s) held in memory — cannot write {file}: {reason}; retried at every "
             "event, the show goes on").format(count=len(log.pending), file=log.path.name, reason=_(log.failure))


def log_recovered(log: RunLog) -> str:
    fault = log.recovered or {}
    held = words.length(max(0, fault.get("wall_ms", 0) - fault.get("since_wall_ms", 0)))
    return _("run log written again: {count} line(s) held for {time} are in {file}").format(
        count=fault.get("lines", 0), time=held, file=log.path.name)


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
        self.role_cycle: list[tuple[str, ...]] | None = None  # what `r` steps through, made when first used
        self.watch: _watch.CommentWatch | None = None  # the 弹幕 watch (`--comments`, `--serve`), see attach_comments
        self.comments = None  # where the comments come from (runner/comments); None: pushed only (served)
        self._malformed_said = False

    def emit(self, events: list[Event]) -> None:
        for event in events:
            self.log.event(event, self.clock.wall_ms())
            self.watch_log()
            line = self.formatter.line(event)
            if line is not None:
                self.say(line + ("  " + _("[!! LOG FAILING]") if self.log_alarm else ""))

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
        """When to wake: the engine's deadline, sooner while the log holds lines back or the 弹幕
        watch has comments to read or to let go."""
        for when in self.comments_wake():
            deadline = when if deadline is None else min(deadline, when)
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
            self.poll_comments()
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
        """One line typed on the terminal: an action of the one key map (``?`` lists them)."""
        if line == "":  # end of input: carry on without a keyboard
            self.stdin = None
            self.engine.hold_as_next = True
            return
        action, arg = parse_command(line)
        if action is None:
            return
        try:
            if action in VIEW_ACTIONS:
                VIEW_ACTIONS[action](self, arg)
            else:
                self.operate(action, arg)
        except Notice as notice:
            self.notice(str(notice))

    def operate(self, action: str, arg: str = "", nothing: str | None = None) -> list[Event]:
        """Ask the engine for ``action`` (its operation in the one key map), log and show what it
        caused, and tell the operator when it did nothing."""
        event = keymap.operation(action, self.engine, self.clock.now_ms(), arg)
        if event is None:
            return []
        events = keymap.apply(self.engine, event)
        self.emit(events)
        if not any(e.kind == event.kind for e in events):
            self.notice(nothing or keymap.nothing(event))
        return events

    def notice(self, text: str) -> None:
        """A message for the operator that is no event."""
        self.say(text)

    def stop(self, reason: str) -> str:
        """End the run cleanly: a stop event unless the show is over, then the close line."""
        now = self.clock.now_ms()
        if self.engine.state != "finished":
            self.emit(self.engine.stop(now))
        if self.watch is not None:  # what the source still had, then the tally of the last segment's comments
            self.poll_comments()
            self.emit(self.watch.finish(now))
        return self.log.close(reason, now, self.clock.wall_ms())

    # ----------------------------------------------------------------- the 弹幕 watch

    def attach_comments(self, watch: "_watch.CommentWatch", source=None) -> None:
        """Watch live comments from ``source`` (``runner.comments``: a file, standard input) and
        from ``push_comments`` (the web server); the loop polls the source at each wake."""
        self.watch, self.comments = watch, source

    def current_segment(self) -> str | None:
        engine = self.engine
        if engine.state in ("running", "waiting", "stopped") and engine.slots:
            return engine.slots[engine.idx].segment.id
        return None

    def poll_comments(self) -> None:
        """Read what the source has, screen it and log (and print) what the watch says."""
        if self.watch is None:
            return
        source = self.comments
        if source is None:  # comments only from the web server: time alone moves the watch here
            self._watch_says([])
            return
        items, notes = source.read()
        for note in notes:
            self.notice(note)
        # a file says where each line ends, and which lines were written while a resumed run was stopped
        if source.late:
            self.emit(self.watch.catch_up(self.clock.now_ms(), self.current_segment(), items, source.marks,
                                          source.read_to, source.logged_to))
            self._said_malformed()
        else:
            self._watch_says(items, source.marks, source.read_to)

    def push_comments(self, items: list) -> None:
        """Comments pushed from elsewhere (the web server), parsed with ``runner.comments.parse_lines``."""
        if self.watch is not None:
            self._watch_says(items)

    def _watch_says(self, items: list, marks=(), read_to: str | None = None) -> None:
        now = self.clock.now_ms()
        watch = self.watch
        self.emit(watch.add(now, self.current_segment(), items, marks, read_to) if items
                  else watch.tick(now, self.current_segment()))
        self._said_malformed()

    def _said_malformed(self) -> None:
        watch = self.watch
        if watch.first_malformed and not self._malformed_said:
            self._malformed_said = True
            self.notice(_watch.malformed_note(watch.first_malformed))

    def comments_view(self) -> "_watch.WatchView | None":
        return None if self.watch is None else self.watch.view(self.clock.now_ms())

    def comments_wake(self) -> list[int]:
        """When the watch needs the loop: a comment leaving the window, the next look at the source."""
        if self.watch is None:
            return []
        found = [self.watch.next_deadline()]
        if self.comments is not None:
            now = self.clock.now_ms()
            found.append(now if self.comments.more else
                         now + max(1, int(POLL_SECONDS * SECOND_MS * self.clock.speed)))
        return [when for when in found if when is not None]


def count_down(target_wall_ms: int, out: TextIO, now_wall: Callable[[], int], sleep: Callable[[float], None]) -> None:
    """Wait for go-live, printing a line now and at each whole minute left (not every second)."""
    label = _dt.datetime.fromtimestamp(target_wall_ms / 1000).strftime("%H:%M")
    while True:
        left = target_wall_ms - now_wall()
        if left <= 0:
            return
        minutes = -(-left // 60_000)  # rounded up
        out.write(_("go-live at {clock}: {minutes} min to go").format(clock=label, minutes=minutes) + "\n")
        out.flush()
        next_line = target_wall_ms - (minutes - 1) * 60_000
        while True:
            wait = next_line - now_wall()
            if wait <= 0:
                break
            sleep(wait / 1000)
