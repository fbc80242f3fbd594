"""Zero drift: a 14-hour show with more than 5,000 cues, every cue at its exact planned show time."""

from __future__ import annotations

import random

from livesop.format.timeline import build_timeline
from livesop.runner.clock import FakeClock
from livesop.runner.engine import Engine
from tests.helpers import load_model

SEGMENTS = 56  # 56 × 15 min = 14 h, from 18:00 to 08:00 the next morning


def long_show() -> str:
    lines = ["livesop: 1", "id: marathon", "title: 日不落", "version: 1.0.0",
             'schedule: {start: "18:00", length: 14h}', "roles:", "  host: {name: 主播}", "  control: {name: 场控}",
             "segments:"]
    for n in range(SEGMENTS):
        lines += [f"  - id: s{n}", f"    title: 第{n}段", "    duration: 15m", "    end: next"]
        if n == 28:  # 01:00, across midnight: a hard start exactly on schedule
            lines.append('    start: "01:00"')
        lines += ["    cues:",
                  "      - {at: 0s, role: host, do: 开讲}",
                  "      - {at: 7s, role: control, do: 报数, every: 10s}",
                  "      - {at: 14m59s, role: host, do: 收尾}"]
    return "\n".join(lines) + "\n"


def test_fourteen_hours_and_five_thousand_cues_fire_exactly_on_time():
    playbook = load_model(long_show())
    timeline = build_timeline(playbook)
    assert timeline.total == 14 * 3600
    planned = [(c.slot.start * 1000 + c.at * 1000) for c in timeline.cue_times]
    assert len(planned) >= 5000
    engine = Engine(timeline)
    clock = FakeClock()
    rng = random.Random(7)
    events = engine.start(clock.now_ms())
    while engine.state != "finished":
        deadline = engine.next_deadline()
        # Wake-ups at the deadline, a little after it, or much later: the due times never move.
        clock.now = deadline + rng.choice((0, 0, 1, 37, 999, 250_000))
        events += engine.tick(clock.now_ms())
    fired = [e.t for e in events if e.kind == "cue"]
    assert fired == planned
    assert all(e.t == e.planned for e in events if e.kind == "cue")
    starts = {e.seg: e for e in events if e.kind == "segment-start"}
    assert starts["s28"].t == 7 * 3600 * 1000 and starts["s28"].amount == 0  # 01:00, on time
    assert events[-1].kind == "show-end" and events[-1].t == 14 * 3600 * 1000 and events[-1].over == 0
