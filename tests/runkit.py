"""Shared pieces of the runner tests: playbook heads, a fresh run on a fake clock, driving it by hand."""

from __future__ import annotations

import io
import textwrap

from livesop.format.timeline import build_timeline
from livesop.runner.engine import Engine
from livesop.runner.plain import Formatter, PlainRun
from livesop.runner.show import Prepared, load_show, new_run
from tests.helpers import load_model

S = 1000  # one second in ms
M = 60 * S  # one minute in ms
WALL0 = 1_764_072_000_000  # 2025-11-25 12:00 UTC, FakeClock's default wall time

HOST_OPS = {"host": "主播", "ops": "中控"}  # role names, as a Formatter takes them
ROLES = {**HOST_OPS, "control": "场控"}


def freeze(details: str) -> str:
    """The playbook's ``emergencies:``: one plan, ``freeze`` (P1 卡顿, owned by ops), with ``details``
    (its targets, hold and steps) as the plan's further lines."""
    head = ["emergencies:", "  - id: freeze", "    title: 卡顿", "    severity: P1", "    trigger: 画面卡住",
            "    owner: ops"]
    return "\n".join(head) + "\n" + textwrap.indent(details, "    ")


FREEZE = freeze("""\
recover_within: 1m
steps:
  - {role: ops, do: 切备用机}
""")


def show_text(id: str, title: str, body: str, *, version: str = "1.0.0", start: str | None = "20:00",
              variables: str | None = None, roles: tuple[str, ...] = ("host", "ops")) -> str:
    """A playbook: the head (id, title, version, schedule, variables, roles from ROLES), then ``body``."""
    lines = ["livesop: 1", f"id: {id}", f"title: {title}", f"version: {version}"]
    if start is not None:
        lines.append(f'schedule: {{start: "{start}"}}')
    if variables is not None:
        lines.append(f"variables: {variables}")
    lines += ["roles:", *(f"  {role}: {{name: {ROLES[role]}}}" for role in roles)]
    return "\n".join(lines) + "\n" + body


# One minute, one segment, one cue of the host's: the smallest show a command can be started on.
ONE_MINUTE = """\
segments:
  - id: open
    title: 开场
    duration: 1m
    end: next
    cues:
      - {at: 0s, role: host, do: 欢迎}
"""


NEGATIVE = ["假货吧", "骗子", "退款", "用了过敏", "烂脸了", "货不对板", "投诉"]  # comments the 舆情 lexicon counts


def watched_show(title: str) -> str:
    """A two-segment playbook whose 弹幕 watch alerts the 场控 at 3 negative comments a minute and
    suggests the 负面舆情 plan (``neg``) at 6."""
    return show_text("watched", title, """\
segments:
  - {id: open, title: 开场, duration: 2m, end: next}
  - {id: pitch, title: 讲品, duration: 3m, end: next}
emergencies:
  - {id: neg, title: 负面舆情, severity: P2, trigger: 刷屏, owner: control, steps: [{role: control, do: 分级}]}
compliance:
  comments:
    levels:
      - {at: 3, role: control, do: 看弹幕}
      - {at: 6, role: control, emergency: neg, do: 启动负面舆情预案}
""", roles=("host", "ops", "control"))


def engine_for(text: str, **kwargs) -> Engine:
    """An engine over the timeline of a playbook given as text, not started."""
    return Engine(build_timeline(load_model(text)), **kwargs)


def new_show(playbook_file, tmp_path, *, wall_ms: int = WALL0, interactive: bool = True,
             roles: tuple[str, ...] = ()) -> Prepared:
    """A new run of ``playbook_file`` at speed 1, going live now, logging to ``tmp_path/run.jsonl``."""
    playbook, library = load_show(playbook_file)
    return new_run(playbook_file, playbook, library, wall_ms=wall_ms, speed=1.0, start_at=None, roles=roles,
                   interactive=interactive, log_path=tmp_path / "run.jsonl")


def plain_run(prepared: Prepared, clock, out=None, formatter: Formatter | None = None, **kwargs) -> PlainRun:
    """The plain loop over a prepared run, its first events already written (output to ``out``)."""
    run = PlainRun(prepared.engine, prepared.log, clock, io.StringIO() if out is None else out,
                   Formatter((), {}, None, {}) if formatter is None else formatter, **kwargs)
    run.emit(prepared.events)
    return run


def drive(run, until: int) -> None:
    """Move the run's fake clock to each deadline up to ``until``, then to ``until``, emitting as it goes."""
    engine, clock = run.engine, run.clock
    while (deadline := engine.next_deadline()) is not None and deadline <= until:
        clock.now = deadline
        run.emit(engine.tick(deadline))
    clock.now = until
    run.emit(engine.tick(until))
