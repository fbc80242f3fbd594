"""Work shared with forked copies of this process: ``in_parts`` computes lists in parts, the first
here and each other in a child forked for it, which sends its list back pickled through a pipe.

A child starts with everything this process has built (the imports, the lexicon's matchers, the
scripts library), so a part costs only its own work. Whatever goes wrong with a child (no fork
on this system, another thread running, which a fork would not copy, a child that fails or
sends something that is not a whole list) and this process computes that part itself: the
result is the same, only later. A child never prints, never runs exit functions and leaves with
``os._exit``; an interrupt here stops the children before it goes on.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from typing import BinaryIO, Callable, Sequence


def in_parts(parts: Sequence[Callable[[], list]]) -> list:
    """The lists ``parts`` return, joined in order; ``parts[1:]`` each in a forked child when
    possible, ``parts[0]`` here meanwhile."""
    if len(parts) < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return [item for part in parts for item in part()]
    children = [_fork(part) for part in parts[1:]]
    waiting = [child for child in children if child is not None]
    try:
        result = list(parts[0]())
        for part, child in zip(parts[1:], children):
            found = None
            if child is not None:
                found = _collect(*child)
                waiting.remove(child)
            result += found if found is not None else part()
        return result
    finally:
        for pid, pipe in waiting:  # only when interrupted: the children left are stopped
            pipe.close()
            _stop(pid)


def _fork(part: Callable[[], list]) -> tuple[int, BinaryIO] | None:
    """(pid, the read end of its pipe) of a child computing ``part``, or None when none started."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: its list, pickled down the pipe; it never returns
        status = 1
        try:
            os.close(read)
            data = pickle.dumps(part(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, os.fdopen(read, "rb")


def _collect(pid: int, pipe: BinaryIO) -> list | None:
    """The list a child sent, once it has ended; None when it sent no whole list."""
    with pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # noqa: BLE001 - not a whole pickle: the part is computed here instead
        return None
    return found if isinstance(found, list) else None


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
