"""Shared by the bench scripts: how to start livesop, timing a call, a child's CPU seconds."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def livesop_command() -> list[str]:
    """The installed ``livesop`` script beside this interpreter, else ``python -m livesop``."""
    script = Path(sys.executable).parent / "livesop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "livesop"]


def timings(function, runs: int) -> list[float]:
    """Seconds taken by each of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def median_time(function, runs: int) -> float:
    """The median of ``runs`` calls, in seconds."""
    return statistics.median(timings(function, runs))


def best_time(function, runs: int) -> float:
    """The fastest of ``runs`` calls, in seconds."""
    return min(timings(function, runs))


def ticks_cpu(pid: int) -> float | None:
    """User+sys CPU seconds of a live process, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
