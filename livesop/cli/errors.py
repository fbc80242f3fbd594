"""The one place an exception becomes what the user reads and the exit status they get.

``exit_code_for`` is the map (tested directly, as pre-commit tests its error handler);
``report`` prints the matching message. A bug gets a two-line report and a crash log with the
traceback and versions, so that a crash in the middle of a show can still be reported.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from livesop import __version__
from livesop.errors import EXIT_CRASH, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LivesopError

ENCODING_ERROR = LivesopError(
    "this terminal's encoding ({encoding}) cannot show the Chinese text livesop prints",
    "use a UTF-8 locale (e.g. `export LANG=C.UTF-8`) or write to a file with -o")


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
    code = exit_code_for(exc)
    if isinstance(exc, click.exceptions.Exit):
        pass
    elif isinstance(exc, click.ClickException):
        exc.show()
    elif isinstance(exc, click.exceptions.Abort):
        click.echo("livesop: aborted", err=True)
    elif isinstance(exc, KeyboardInterrupt):
        click.echo("livesop: interrupted", err=True)
    elif isinstance(exc, LivesopError):
        show_error(exc)
    elif isinstance(exc, UnicodeEncodeError):
        show_error(LivesopError(ENCODING_ERROR.message.format(encoding=exc.encoding), ENCODING_ERROR.hint))
    elif isinstance(exc, BrokenPipeError):
        _silence_broken_pipe()
    else:
        crash_report(exc)
    return code


def show_error(exc: LivesopError) -> None:
    for line in (f"livesop: error: {exc.message}", f"  hint: {exc.hint}" if exc.hint else ""):
        if line:
            try:
                click.echo(line, err=True)
            except UnicodeEncodeError:  # a terminal that cannot show the message's own Chinese
                click.echo(line.encode("ascii", "backslashreplace").decode("ascii"), err=True)


def crash_report(exc: BaseException) -> None:
    """A bug: two lines for the user, the traceback in a crash log (and on screen with LIVESOP_DEBUG)."""
    import traceback

    if os.environ.get("LIVESOP_DEBUG"):
        traceback.print_exception(type(exc), exc, exc.__traceback__)
    log = write_crash_log(exc)
    click.echo(f"livesop: internal error: {type(exc).__name__}: {exc}", err=True)
    if log is not None:
        click.echo(f"  this is a bug in livesop; the details are in {log}: please attach that file when "
                   "you report it", err=True)
    else:
        click.echo("  this is a bug in livesop; run again with LIVESOP_DEBUG=1 to see the traceback "
                   "and report it", err=True)


def crash_folder() -> Path:
    """Where crash logs go: ``LIVESOP_CACHE_DIR``, else the user's cache folder."""
    if os.environ.get("LIVESOP_CACHE_DIR"):
        return Path(os.environ["LIVESOP_CACHE_DIR"]) / "crashes"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "livesop" / "crashes"


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


def _silence_broken_pipe() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
