"""How the ``livesop`` process ends: at once, without freeing what the command built, when nothing
waits for the end.

Tearing a Python process down frees every object one by one and empties every module: 50 ms
after a ``diff`` of two 5,000-segment playbooks, 7 % of the instructions of a one-file
``validate``. The memory goes back to the system at exit anyway, so once the command is done
and its output flushed, the process leaves with ``os._exit``, as mypy does.

It ends the usual way whenever something could be waiting for the end: another thread still
running (the show's loop, the phone server), a function registered with ``atexit`` (a worker
pool, a temporary folder), a tracer or profiler watching (coverage), an exit status that is not
a number, or an output that cannot be flushed.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading


def end(status: object) -> None:
    """End the process with ``status`` (a ``SystemExit``'s code): at once when nothing waits for
    the end, else by raising ``SystemExit(status)``."""
    code = 0 if status is None else status
    if type(code) is not int or not nothing_waits():
        raise SystemExit(status)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None  # the usual ending says what went wrong
    os._exit(code)


def nothing_waits() -> bool:
    """Whether ending at once skips nothing: no other thread, no exit function, no tracer."""
    count = getattr(atexit, "_ncallbacks", None)
    return (count is not None and count() == 0 and threading.active_count() == 1
            and sys.gettrace() is None and sys.getprofile() is None)
