"""The terminal under the full-screen view: keys without Enter, the alternate screen, resizes.

``Terminal`` is a context manager. On entry it saves the terminal's modes and puts stdin in
cbreak mode (keys arrive one by one and are not echoed; Ctrl-C still interrupts), installs a
SIGWINCH handler that wakes ``wait`` through a pipe, and starts a rich ``Live`` on the
alternate screen without its refresh thread: the caller draws when something changed. Leaving
it — normally, on an exception, on Ctrl-C, on SIGTERM turned into an exception — puts every one
of these back. ``check`` refuses, before anything starts, a terminal that cannot show the view;
``cannot_drive`` names one (TERM=dumb) that gets plain lines instead, with a note. ``wait_async``
is ``wait`` on a running asyncio loop, for a served run (``serve/screen``): the loop serves the
phones while the terminal waits for a key.
"""

from __future__ import annotations

import os
import select
import signal
import termios
import tty
from typing import Callable, Mapping

from livesop.errors import UsageError
from livesop.i18n import _
from livesop.runner.view import MIN_SIZE


def cannot_drive(environ: Mapping[str, str], stream) -> str:
    """Why the full-screen view cannot run on this terminal ("" when it can): TERM=dumb or unset, or
    a terminal rich does not drive (it would draw a blank screen); plain lines serve instead."""
    from rich.console import Console

    term = environ.get("TERM", "")
    if term.lower() in ("", "dumb", "unknown"):
        return f"TERM={term}" if term else _("TERM is not set")
    console = Console(file=stream, _environ=dict(environ))
    if not console.is_terminal or console.is_dumb_terminal:
        return _("TERM={term} is not a terminal the full-screen view can drive").format(term=term)
    return ""


def check(encoding: str | None, size: tuple[int, int]) -> None:
    """A clear usage error for a non-UTF-8 terminal or one too small for even the compact view."""
    name = (encoding or "").lower().replace("_", "-")
    if name not in ("utf-8", "utf8"):
        raise UsageError(_("the terminal's encoding is {encoding}: the full-screen view needs UTF-8 (it shows "
                           "Chinese and block characters)").format(encoding=encoding or _("unknown")),
                         _("run it as `LANG=C.UTF-8 livesop run ...`, or use --plain for one line per event"))
    width, height = size
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise UsageError(_("the terminal is {width}×{height}: the full-screen view needs at least "
                           "{min_width}×{min_height}").format(width=width, height=height, min_width=MIN_SIZE[0],
                                                              min_height=MIN_SIZE[1]),
                         _("enlarge the window, or use --plain for one line per event"))


class Terminal:
    """Cbreak keys, the alternate screen and resize wake-ups, restored on every way out."""

    def __init__(self, console, fd: int):
        self.console = console
        self.fd = fd
        self.eof = False  # the terminal went away: no more keys
        self._saved: list | None = None
        self._wake: tuple[int, int] | None = None
        self._previous: Callable | int | None = None
        self._live = None

    def __enter__(self) -> "Terminal":
        from rich.live import Live

        try:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd, termios.TCSANOW)
            self._wake = os.pipe()
            for end in self._wake:
                os.set_blocking(end, False)
            self._previous = signal.signal(signal.SIGWINCH, self._on_resize)
            self._live = Live(console=self.console, screen=True, auto_refresh=False, transient=True,
                              redirect_stdout=False, redirect_stderr=False)
            self._live.start()
        except BaseException:
            self.restore()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.restore()

    def restore(self) -> None:
        """Put everything back; each step runs even when one before it fails."""
        steps = (self._stop_live, self._restore_modes, self._restore_signal, self._close_pipe)
        errors = []
        for step in steps:
            try:
                step()
            except Exception as exc:  # keep restoring the rest
                errors.append(exc)
        if errors:
            raise errors[0]

    def _stop_live(self) -> None:
        live, self._live = self._live, None
        if live is not None:
            live.stop()

    def _restore_modes(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)

    def _restore_signal(self) -> None:
        previous, self._previous = self._previous, None
        if previous is not None:
            signal.signal(signal.SIGWINCH, previous)

    def _close_pipe(self) -> None:
        wake, self._wake = self._wake, None
        if wake is not None:
            for end in wake:
                os.close(end)

    def _on_resize(self, signum, frame) -> None:
        if self._wake is not None:
            try:
                os.write(self._wake[1], b"w")
            except OSError:  # the pipe is full: a wake-up is pending anyway
                pass

    # ----------------------------------------------------------------- use

    def size(self) -> tuple[int, int]:
        width, height = self.console.size
        return width, height

    def draw(self, renderable) -> None:
        self._live.update(renderable, refresh=True)

    def wait(self, timeout: float | None) -> tuple[bytes, bool]:
        """Sleep until a key, a resize or ``timeout`` seconds; returns (bytes read, resized)."""
        watched = [self._wake[0]] + ([] if self.eof else [self.fd])
        ready, _, _ = select.select(watched, [], [], None if timeout is None else max(0.0, timeout))
        resized = False
        if self._wake[0] in ready:
            try:
                while os.read(self._wake[0], 64):
                    resized = True
            except BlockingIOError:
                pass
        data = b""
        if self.fd in ready:
            data = os.read(self.fd, 1024)
            if not data:
                self.eof = True
        return data, resized

    async def wait_async(self, timeout: float | None, wake=None) -> tuple[bytes, bool]:
        """``wait`` on a running asyncio loop (a served run): the loop serves the phones meanwhile, and an
        ``asyncio.Event`` ``wake`` that is set (a phone's act) ends the wait too."""
        import asyncio

        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        watched = [self._wake[0]] + ([] if self.eof else [self.fd])
        for fd in watched:
            loop.add_reader(fd, ready.set)
        waiters = [asyncio.ensure_future(ready.wait())]
        if wake is not None:
            waiters.append(asyncio.ensure_future(wake.wait()))
        try:
            await asyncio.wait(waiters, timeout=None if timeout is None else max(0.0, timeout),
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            for fd in watched:
                loop.remove_reader(fd)
        return self.wait(0)
