"""Clocks for the runner: show time in integer milliseconds from a monotonic source.

``RealClock`` scales a monotonic clock by ``speed`` (rehearsals) and never accumulates sleeps:
``now_ms`` is always computed from the origin. ``FakeClock`` is moved by hand in tests.
"""

from __future__ import annotations

import select
import time


class RealClock:
    """Show time = ``offset_ms`` + monotonic time since creation × ``speed``."""

    def __init__(self, speed: float = 1.0, offset_ms: int = 0):
        self.speed = speed
        self.offset_ms = offset_ms
        self._mono0 = time.monotonic_ns()
        self.wall0_ms = time.time_ns() // 1_000_000

    def now_ms(self) -> int:
        return self.offset_ms + int((time.monotonic_ns() - self._mono0) * self.speed) // 1_000_000

    @staticmethod
    def wall_ms() -> int:
        return time.time_ns() // 1_000_000

    def real_seconds_until(self, show_ms: int) -> float:
        return max(0.0, (show_ms - self.now_ms()) / 1000 / self.speed)

    def wait(self, until_ms: int | None, stream=None) -> bool:
        """Sleep until show time ``until_ms`` (forever when None) or until ``stream`` is readable.

        Returns True when ``stream`` has input. A wake-up a little early is harmless: the caller
        asks the engine again, which fires nothing before its due time.
        """
        timeout = None if until_ms is None else self.real_seconds_until(until_ms)
        if stream is not None:
            ready, _, _ = select.select([stream], [], [], timeout)
            return bool(ready)
        if timeout is None:
            raise ValueError("waiting forever without input")
        # Sleep in one go, then top up: time.sleep may wake a little early.
        while timeout > 0:
            time.sleep(timeout)
            timeout = self.real_seconds_until(until_ms)
        return False


class FakeClock:
    """A clock for tests: show time moves only when told to."""

    def __init__(self, now_ms: int = 0, wall0_ms: int = 1_764_072_000_000, speed: float = 1.0):
        self.now = now_ms
        self.speed = speed
        self.wall0_ms = wall0_ms
        self.offset_ms = now_ms

    def now_ms(self) -> int:
        return self.now

    def wall_ms(self) -> int:
        return self.wall0_ms + int((self.now - self.offset_ms) / self.speed)

    def advance(self, ms: int) -> int:
        self.now += ms
        return self.now

    def wait(self, until_ms: int | None, stream=None) -> bool:
        if until_ms is None:
            raise ValueError("waiting forever on a fake clock")
        self.now = max(self.now, until_ms)
        return False
