"""Preparing a run: the playbook checked, the engine built, the log header written or resumed.

This is the glue between the command line and the pure engine: it loads and validates the
playbook, decides which clock the hard starts follow, and opens the run log. Starting a new
run and continuing one from its log (``--resume``) both end in a ``Prepared`` run that the
plain loop drives.
"""

from __future__ import annotations

import datetime as _dt
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from livesop import __version__
from livesop.checks import Context, run_checks
from livesop.checks.validate import load_playbook
from livesop.controls import visible
from livesop.errors import LivesopError, UsageError
from livesop.files import check_input
from livesop.format.build import did_you_mean
from livesop.format.library import Library
from livesop.format.model import Playbook
from livesop.format.timefmt import SECOND_MS, format_clock, seconds_to_ms
from livesop.format.timeline import Timeline, build_timeline
from livesop.i18n import _, pgettext
from livesop.runner.comments import ReadTo, read_to_of
from livesop.runner.engine import Engine
from livesop.runner.events import Event
from livesop.runner.replay import replay
from livesop.runner.runlog import RunLog, default_log_path, file_sha256, iso_wall, read_log, unwritten_lines


@dataclass
class Prepared:
    """Everything the loop needs; ``events`` are to be written before the loop starts."""

    playbook: Playbook
    engine: Engine
    log: RunLog
    speed: float
    start_wall_ms: int
    now_ms: int  # show time at which the loop takes over
    events: list[Event] = field(default_factory=list)
    resumed: bool = False
    comments_read_to: ReadTo | None = None  # a resumed run: how far its log says the comments file was read


def load_show(path: Path, library_dir: Path | None = None) -> tuple[Playbook, Library | None]:
    """The playbook and its library; a playbook with errors does not run."""
    check_input(path, "playbook")  # missing, a folder, a FIFO or a device: said at once
    playbook, library, diagnostics, searched = load_playbook(path, library_dir)
    if playbook is not None:
        diagnostics = diagnostics + run_checks(Context(playbook, library, searched))
    errors = [d for d in diagnostics if d.is_error]
    if playbook is None or errors:
        first = errors[0] if errors else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else str(path)
        raise LivesopError(_("{path}: {count} error(s); a show cannot run from a playbook with errors "
                             "(first: {where})").format(path=path, count=len(errors), where=where),
                           _("run `livesop validate {path}` and fix them").format(path=path))
    if not playbook.segments:
        raise LivesopError(_("{path}: the playbook has no segments to run").format(path=path))
    return playbook, library


def check_roles(playbook: Playbook, roles: tuple[str, ...]) -> tuple[str, ...]:
    for role in roles:
        if role not in playbook.roles:
            raise UsageError(_("--role {role}: the playbook has no such role").format(role=role),
                             did_you_mean(role, playbook.roles) or _("its roles: {roles}").format(
                                 roles=pgettext("between names in a list", ", ").join(playbook.roles)))
    return roles


def clock_of_day_ms(wall_ms: int) -> int:
    moment = _dt.datetime.fromtimestamp(wall_ms / 1000)
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * SECOND_MS + moment.microsecond // 1000


def parse_start_at(text: str, now_wall_ms: int) -> int:
    """Wall time (epoch ms) of the next ``HH:MM`` within 12 hours; a time just passed is refused."""
    from livesop.format.timefmt import parse_clock

    clock = parse_clock(text)
    if clock is None or text.count(":") != 1:
        raise UsageError(_("--start-at {text} is not a clock time").format(text=repr(text)),
                         _("write it as HH:MM, e.g. 20:00"))
    now = _dt.datetime.fromtimestamp(now_wall_ms / 1000)
    target = now.replace(hour=clock // 3600, minute=clock % 3600 // 60, second=0, microsecond=0)
    if target < now - _dt.timedelta(minutes=1):
        target += _dt.timedelta(days=1)
    if target - now > _dt.timedelta(hours=12):
        raise UsageError(_("--start-at {text}: that time has passed (it is {now})").format(
            text=text, now=f"{now:%H:%M}"), _("leave --start-at out to go live now"))
    return max(int(target.timestamp() * 1000), now_wall_ms)


def header(playbook: Playbook, path: Path, timeline: Timeline, engine: Engine, *, wall_ms: int, speed: float,
           clock_source: str, roles: tuple[str, ...], hold: str) -> dict[str, Any]:
    """The log's first line: what ran, from which file, when, and the plan to compare with."""
    return {
        "playbook": playbook.id, "title": playbook.title.value if playbook.title else playbook.id,
        "version": playbook.version, "file": str(path.resolve()), "sha256": file_sha256(path),
        "start_wall": iso_wall(wall_ms), "start_wall_ms": wall_ms, "start_clock_ms": engine.start_clock_ms,
        "clock": clock_source,
        "planned_start_ms": None if timeline.start_clock is None else timeline.start_clock * SECOND_MS,
        "speed": speed, "hold": hold, "roles": list(roles), "livesop": __version__,
        "plan": plan_summary(playbook, engine),
        **({"library": str(engine.library.folder)} if engine.library is not None else {}),
    }


def plan_summary(playbook: Playbook, engine: Engine) -> dict[str, Any]:
    """The planned run of show, so a report needs nothing but the log."""
    segments = []
    for slot in engine.slots:
        counts = Counter(item.cue.role for item in engine.cue_plan(slot.index))
        segment = slot.segment
        segments.append({
            "id": segment.id, "title": engine.title(slot.index), "start": slot.start * SECOND_MS,
            "duration": slot.duration * SECOND_MS, "end": segment.end or "hold",
            "hard": format_clock(segment.start) if segment.start is not None else None,
            "cues": dict(counts)})
    return {
        "total": engine.total,
        "segments": segments,
        "roles": {rid: (role.name.value if role.name else rid) for rid, role in playbook.roles.items()},
        "emergencies": {plan.id: {"title": plan.title.value if plan.title else plan.id, "severity": plan.severity,
                                  "respond_within": seconds_to_ms(plan.respond_within),
                                  "recover_within": seconds_to_ms(plan.recover_within)}
                        for plan in playbook.emergencies},
    }


def reserve_log(playbook: Playbook, log_path: Path | None, wall_ms: int) -> RunLog:
    """The new run's log file, made and locked before go-live: an unwritable place fails here, not mid-show."""
    return RunLog.reserve(log_path or default_log_path(playbook.id or "playbook", wall_ms))


def new_run(path: Path, playbook: Playbook, library: Library | None, *, wall_ms: int, speed: float,
            start_at: str | None, roles: tuple[str, ...], interactive: bool, log_path: Path | None = None,
            log: RunLog | None = None) -> Prepared:
    """A fresh run going live at ``wall_ms`` (show time 0), logging to ``log`` (else one made at ``log_path``)."""
    planned = None
    if start_at is not None:
        from livesop.format.timefmt import parse_clock

        planned = parse_clock(start_at)
    timeline = build_timeline(playbook, start_clock=planned)
    # Real time follows the wall clock; a rehearsal at another speed follows the plan's clock so
    # the hard starts fall where the plan puts them.
    rehearsal = speed != 1 and timeline.start_clock is not None
    start_clock_ms = timeline.start_clock * SECOND_MS if rehearsal else clock_of_day_ms(wall_ms)
    hold = "operator" if interactive else "auto"
    engine = Engine(timeline, library, start_clock_ms=start_clock_ms, hold_as_next=not interactive)
    log = log or reserve_log(playbook, log_path, wall_ms)
    log.begin(header(playbook, path, timeline, engine, wall_ms=wall_ms, speed=speed,
                     clock_source="plan" if rehearsal else "wall", roles=roles, hold=hold))
    return Prepared(playbook, engine, log, speed, wall_ms, 0, engine.start(0))


def resume_run(log_file: Path, path: Path, playbook: Playbook, library: Library | None, *, wall_ms: int,
               speed: float | None, interactive: bool) -> Prepared:
    """Continue the run recorded in ``log_file``: lock it, replay it, then count the gap as a pause."""
    log = RunLog.open_existing(log_file)  # locked before it is read: no other run can append meanwhile
    try:
        return _resume(log, log_file, path, playbook, library, wall_ms=wall_ms, speed=speed, interactive=interactive)
    except BaseException:
        log.abandon()
        raise


def _resume(log: RunLog, log_file: Path, path: Path, playbook: Playbook, library: Library | None, *, wall_ms: int,
            speed: float | None, interactive: bool) -> Prepared:
    read = read_log(log_file)
    if not read.ok:
        raise LivesopError(_("{log}: the run log does not verify ({reason}); it cannot be resumed").format(
            log=log_file, reason=visible(read.altered[0])),
            _("`livesop report {log}` shows every problem; start a new run instead").format(log=log_file))
    unwritten = unwritten_lines(read)
    if unwritten is not None:
        raise LivesopError(_("{log}: lines of this run that could not be written are still in {file}").format(
            log=log_file, file=unwritten),
            _("append them first: `cat {file} >> {log} && rm {file}`").format(file=unwritten, log=log_file))
    head = read.header or {}
    if head.get("playbook") != playbook.id:
        raise LivesopError(_("{log} is a run of playbook {logged}, not {playbook}").format(
            log=log_file, logged=visible(repr(head.get("playbook"))), playbook=repr(playbook.id)),
            _("give the playbook the run was started with"))
    if head.get("sha256") != file_sha256(path):
        raise LivesopError(_("{path} has changed since the run in {log} started (its SHA-256 differs)").format(
            path=path, log=log_file), _("resume with the file as it was, or start a new run"))
    _same_library(head, library)
    logged_speed = float(head.get("speed") or 1)
    if speed is not None and speed != logged_speed:
        raise UsageError(_("--speed {speed} differs from the run's speed {logged}").format(
            speed=f"{speed:g}", logged=f"{logged_speed:g}"), _("leave --speed out when resuming"))
    numbered = read.numbered_events()
    events = [event for _number, event in numbered]
    if any(e.kind == "show-end" for e in events):
        raise LivesopError(_("{log}: that show has ended; there is nothing to resume").format(log=log_file),
                           _("see it with `livesop report {log}`").format(log=log_file))
    planned = head.get("planned_start_ms")
    timeline = build_timeline(playbook, start_clock=None if planned is None else planned // SECOND_MS)
    engine = Engine(timeline, library, start_clock_ms=head.get("start_clock_ms"),
                    hold_as_next=head.get("hold") == "auto")
    _same_plan(head, playbook, engine)
    replayed = replay(engine, events, [number for number, _event in numbered])
    start_wall_ms = int(head.get("start_wall_ms") or wall_ms)
    now = max(replayed.last_t, int((wall_ms - start_wall_ms) * logged_speed))
    log.continue_from(read)
    engine.hold_as_next = not interactive
    pending = list(replayed.unlogged)
    if engine.state == "ready":
        pending += engine.start(now)
    else:
        extra = {"hold": "operator" if interactive else "auto"}
        if read.tail_bytes:
            extra["dropped_bytes"] = read.tail_bytes
        pending += engine.interrupted(replayed.last_t, now, **extra)
    return Prepared(playbook, engine, log, logged_speed, start_wall_ms, now, pending, resumed=True,
                    comments_read_to=read_to_of(events))


def _same_plan(head: dict[str, Any], playbook: Playbook, engine: Engine) -> None:
    """The header's title, version and planned run of show must be what this playbook gives."""
    expected = {"title": playbook.title.value if playbook.title else playbook.id, "version": playbook.version,
                "plan": plan_summary(playbook, engine)}
    for name, value in expected.items():
        if head.get(name) != value:
            raise LivesopError(_("the run log does not match the playbook at line 1 (the header): its `{name}` "
                                 "differs from what the playbook gives").format(name=name),
                               _("the log was changed, or belongs to another playbook: resume with the playbook "
                                 "file the run was started with, or start a new run"))


def _same_library(head: dict[str, Any], library: Library | None) -> None:
    """A resumed run says the 话术 of the library it started with (the header's ``library``, when it has one)."""
    if "library" not in head:
        return
    recorded, found = head.get("library"), str(library.folder) if library is not None else None
    if recorded != found:
        there = isinstance(recorded, str) and Path(recorded).is_dir()
        message = (_("the run started with the scripts library {recorded}, but this resume finds {found}")
                   if found else _("the run started with the scripts library {recorded}, but this resume finds none"))
        raise LivesopError(message.format(recorded=visible(repr(recorded)), found=visible(repr(found))),
                           _("add `--library {folder}` to resume with the same 话术").format(
                               folder=visible(shlex.quote(recorded))) if there else
                           _("that library is not there any more: put it back, or start a new run"))


def unlogged_note(log: RunLog) -> str:
    """What the operator must hear when lines of the run never reached its log ("" when all did)."""
    if not log.lost:
        return ""
    if log.rescued:
        return _("{count} line(s) of this run could not be written to {log} ({reason}); they are saved in {file}: "
                 "when there is room, `cat {file} >> {log}` completes the log").format(
            count=log.lost, log=log.path, reason=_(log.failure), file=log.rescued)
    return _("{count} line(s) of this run could not be written to {log} ({reason}); they could not be saved "
             "anywhere and are lost").format(count=log.lost, log=log.path, reason=_(log.failure))
