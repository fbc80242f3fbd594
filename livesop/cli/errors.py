"""The one place an exception becomes what the user reads and the exit status they get.

``exit_code_for`` is the map (tested directly, as pre-commit tests its error handler);
``report`` prints the matching message. A bug gets a two-line report and a crash log with the
traceback and versions, so that a crash in the middle of a show can still be reported.

An OSError is the user's environment, not a bug, when standard output cannot be written (full,
closed, an I/O error: exit 2; a reader that went away, a broken pipe, is exit 0) or when the
system refuses a file for a reason ``files.HINTS`` knows (a name too long, no permission).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path

import click

from livesop import __version__
from livesop.controls import visible
from livesop.errors import EXIT_CRASH, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LivesopError
from livesop.i18n import N_, _

# marked for the catalogue; ``report`` says it in the reader's language when the terminal can show it
ENCODING_ERROR = LivesopError(
    N_("this terminal's encoding ({encoding}) cannot show the Chinese text livesop prints"),
    N_("use a UTF-8 locale (e.g. `export LANG=C.UTF-8`) or write to a file with -o"))
# What every message to the user on standard error starts with: whole lines, in either language.
ERROR_LINE = N_("livesop: error: {message}")
HINT_LINE = N_("  hint: {hint}")


def exit_code_for(exc: BaseException) -> int:
    """The exit status an exception means."""
    if isinstance(exc, (click.exceptions.Exit, click.ClickException, LivesopError)):
        return exc.exit_code
    if isinstance(exc, (click.exceptions.Abort, KeyboardInterrupt)):
        return EXIT_INTERRUPTED
    if isinstance(exc, UnicodeEncodeError):
        return EXIT_USAGE
    if isinstance(exc, BrokenPipeError):
        return EXIT_OK
    return EXIT_CRASH


def report(exc: BaseException) -> int:
    """Tell the user what ``exc`` means (on standard error) and return its exit status."""
    exc = environment_error(exc) or exc
    code = exit_code_for(exc)
    if isinstance(exc, click.exceptions.Exit):
        pass
    elif isinstance(exc, click.ClickException):
        exc.show()
    elif isinstance(exc, click.exceptions.Abort):
        click.echo(_("livesop: aborted"), err=True)
    elif isinstance(exc, KeyboardInterrupt):
        click.echo(_("livesop: interrupted"), err=True)
    elif isinstance(exc, LivesopError):
        show_error(exc)
    elif isinstance(exc, UnicodeEncodeError):
        show_error(encoding_error(exc.encoding))
    elif isinstance(exc, BrokenPipeError):
        _silence_stdout()
    else:
        crash_report(exc)
    return code


def encoding_error(encoding: str) -> LivesopError:
    """``ENCODING_ERROR`` for ``encoding``: in the reader's language when that encoding can show
    it, else in English (a terminal that cannot show Chinese is told so in words it can show)."""
    for say in (_, str):
        error = LivesopError(say(ENCODING_ERROR.message).format(encoding=encoding), say(ENCODING_ERROR.hint))
        if _encodable(error.message + error.hint, encoding):
            return error
    return error


def _encodable(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def show_error(exc: LivesopError) -> None:
    message, hint = visible(exc.message), visible(exc.hint)  # either may quote a file's text or name
    lines = [(ERROR_LINE, {"message": message})] + ([(HINT_LINE, {"hint": hint})] if hint else [])
    encoding = getattr(sys.stderr, "encoding", None)
    for pattern, fields in lines:
        # the prefix in the reader's language where standard error can show it, else in English
        said = _(pattern) if _encodable(_(pattern), encoding) else pattern
        try:
            click.echo(said.format(**fields), err=True)
        except UnicodeEncodeError:  # a terminal that cannot show the message's own Chinese
            line = pattern.format(**fields)  # the English pattern at least, the rest escaped
            click.echo(line.encode("ascii", "backslashreplace").decode("ascii"), err=True)


def crash_report(exc: BaseException) -> None:
    """A bug: two lines for the user, the traceback in a crash log (and on screen with LIVESOP_DEBUG)."""
    import traceback

    if os.environ.get("LIVESOP_DEBUG"):
        traceback.print_exception(type(exc), exc, exc.__traceback__)
    log = write_crash_log(exc)  # the log itself stays English: it is for whoever fixes the bug
    click.echo(_("livesop: internal error: {kind}: {detail}").format(kind=type(exc).__name__, detail=exc), err=True)
    if log is not None:
        click.echo(_("  this is a bug in livesop; the details are in {log}: please attach that file when "
                     "you report it").format(log=log), err=True)
    else:
        click.echo(_("  this is a bug in livesop; run again with LIVESOP_DEBUG=1 to see the traceback "
                     "and report it"), err=True)


def crash_folder() -> Path:
    """Where crash logs go: ``crashes/`` in the user's cache folder (``files.cache_folder``)."""
    from livesop.files import cache_folder

    return cache_folder() / "crashes"


def write_crash_log(exc: BaseException) -> Path | None:
    """The traceback, the command line and the versions in a new file; None when it cannot be written."""
    import datetime as dt
    import platform
    import traceback

    from livesop.files import write_atomic

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = crash_folder() / f"crash-{stamp}-{os.getpid()}.log"
    text = "".join([
        f"livesop {__version__}\n",
        f"python {platform.python_version()} on {platform.platform()}\n",
        f"click {_version('click')}, rich {_version('rich')}, ruamel.yaml {_version('ruamel.yaml')}, "
        f"PyYAML {_version('PyYAML')}, GitPython {_version('GitPython')}, openpyxl {_version('openpyxl')}\n",
        f"command: {' '.join(sys.argv)}\n\n",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError:
        return None
    return path


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "missing"


def environment_error(exc: BaseException) -> LivesopError | None:
    """The user's error an OSError stands for (see the module's note), or None."""
    from livesop.files import HINTS, os_problem, system_reason

    if not isinstance(exc, OSError) or isinstance(exc, BrokenPipeError):
        return None
    if _stdout_fails():
        _silence_stdout()
        return LivesopError(_("cannot write to standard output: {reason}").format(reason=system_reason(exc)),
                            _("send the output where it can be written (a terminal, a file on a disk with "
                              "free space), or use -o FILE where the command has it"),
                            EXIT_USAGE)
    if exc.filename is not None and exc.errno in HINTS:
        return os_problem("open", exc.filename, exc)
    return None


def _stdout_fails() -> bool:
    """Whether a write to standard output has failed (``watch_stdout`` keeps count)."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    return bool(getattr(sys.stdout, "failed", False) or getattr(raw, "failed", False))


def _silence_stdout() -> None:
    """Standard output to /dev/null, so that the text still buffered is not written again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _WatchedOutput(io.FileIO):
    """Descriptor 1 below ``sys.stdout``'s buffer, remembering that a write to it failed."""

    failed = False

    def write(self, data) -> int:
        try:
            return super().write(data)
        except OSError:
            self.failed = True
            raise


class ClosedStdout(io.TextIOBase):
    """Standard output of a process started with it closed: printing is an error the user is told
    about (exit 2), not a silent success."""

    encoding = "utf-8"
    failed = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.failed = True
        raise OSError(errno.EBADF, "it is closed")  # its words are translated where shown (files.SYSTEM_REASONS)


def watch_stdout() -> None:
    """Let ``report`` tell a failed write to standard output (the user's: exit 2) from a bug.

    The process's own ``sys.stdout`` is rebuilt, same encoding and buffering, on a raw file that
    remembers a failed write; a standard output closed at start becomes a stream that refuses
    writes, and descriptors 0–2 are held with /dev/null so that no file livesop opens becomes
    descriptor 1. A stream put in place by someone else (a test runner) is left alone."""
    stream = sys.stdout
    if stream is None:
        sys.stdout = ClosedStdout()
        for _attempt in range(3):
            try:
                fd = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if fd > 2:
                os.close(fd)
                return
        return
    if stream is not sys.__stdout__ or not isinstance(stream, io.TextIOWrapper):
        return
    try:
        stream.flush()
        raw = _WatchedOutput(stream.fileno(), "w", closefd=False)
    except (OSError, ValueError):
        return
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                                  line_buffering=stream.line_buffering, write_through=stream.write_through)
