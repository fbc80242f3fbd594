"""Running a show: the cue engine (pure), its clocks, the run log, the plain mode and the full-screen view.

``events`` names what a run records; ``machine`` is the state machine driven by an injected clock
(what happens by itself), ``engine`` adds the operator's operations, ``cues`` plans and renders
cues and ``snapshot`` is what a display reads; ``clock`` holds the real and the fake clock;
``runlog`` writes (locked, one writer; a full disk held in memory) and verifies the hash-chained
JSON Lines log, ``logcheck`` the fields of each line read back; ``replay`` rebuilds an engine from
a log for ``--resume``, event by event and field by field; ``show`` prepares a run (playbook,
engine, log); ``plain`` is the line-per-event loop; ``tui`` the full-screen one, drawn by ``view``
from ``panels``. ``words`` says lengths and lateness for a person in the language in force (both
loops and the 复盘 report use it).
"""
