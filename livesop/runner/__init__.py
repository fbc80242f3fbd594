"""Running a show: the cue engine (pure), its clocks, the run log and the plain line-per-event mode.

``engine`` is a state machine driven by an injected clock; ``clock`` holds the real and the fake
clock; ``runlog`` writes and verifies the hash-chained JSON Lines log; ``replay`` rebuilds an
engine from a log for ``--resume``; ``show`` prepares a run (playbook, engine, log); ``plain``
is the line-per-event loop.
"""

from livesop.runner.engine import Engine, Event, Snapshot

__all__ = ["Engine", "Event", "Snapshot"]
