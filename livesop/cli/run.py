"""``livesop run``: run the show's cue sheet, one line per event, and keep the run log."""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from pathlib import Path

import click

from livesop.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK
from livesop.i18n import N_, _


class _Terminated(Exception):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated()


def _finite(ctx, param, value):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(_("{value} is not a number of times real time (e.g. 60)").format(value=value))
    return value


@click.command("run", help=N_(
    "Run the show: the live cue sheet (full screen or plain lines) and its run log.\n\n"
    "On a terminal it is a full-screen cue sheet: a big countdown, the cues, the 话术 prompter and single keys "
    "(space pause, n next, + a minute, e emergency, ? help, q quit). With --plain, or when stdin or stdout is not "
    "a terminal, it prints one line per event (clock, show time, segment, role, the rendered 话术 or action, "
    "ahead/behind), flushed as it happens, so `livesop run P | tee` and CI work; with a terminal on stdin, type a "
    "command and Enter (`?` lists them). `hold` segments wait for `n` when there is a keyboard; without one they "
    "move on at their end like `next`. The show ends by itself after the last segment; Ctrl-C stops it cleanly "
    "(exit 130) and `--resume LOG` continues it. Report: `livesop report LOG`."))
@click.argument("playbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help=N_("Only print this role's cues (repeatable). Every cue is still logged."))
@click.option("--speed", type=click.FloatRange(min=0.01, max=100_000), default=None, metavar="N", callback=_finite,
              help=N_("Rehearse at N times real time (default 1). Hard starts then follow the plan's clock."))
@click.option("--start-at", metavar="HH:MM",
              help=N_("Wait until this wall time, counting down each minute, then go live."))
@click.option("--plain", is_flag=True,
              help=N_("One line per event, on a terminal too (the default when stdin or stdout is not a terminal)."))
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Run log file (default .livesop/runs/<playbook id>/<start time>.jsonl)."))
@click.option("--resume", "resume_log", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="LOG", help=N_("Continue the run recorded in LOG and append to it."))
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help=N_("The scripts library folder (default: the nearest scripts_library/ above the playbook)."))
@click.option("--serve", "serve_at", metavar="[HOST:]PORT",
              help=N_("Also serve every role's live view to phones on this address (see docs/serve.md); "
                      "the terminal keeps its full screen (u shows the links again) or plain lines."))
@click.option("--comments", "comments", metavar="SOURCE",
              help=N_("Watch live comments (弹幕) from this JSON Lines file as a fetcher appends to it, or from "
                      "standard input with -; negative ones raise the playbook's alerts (see docs/compliance.md)."))
def command(playbook, roles, speed, start_at, plain, log_path, resume_log, library, serve_at, comments):
    """``livesop run``: the show driven on the full screen or in plain lines, logged as it goes."""
    from livesop.controls import visible
    from livesop.errors import UsageError
    from livesop.runner.clock import RealClock
    from livesop.runner.plain import Formatter, PlainRun, Stop, count_down
    from livesop.runner.show import check_roles, load_show, new_run, parse_start_at, reserve_log, resume_run

    if resume_log and (start_at or log_path):
        raise UsageError(_("--resume continues an existing log: --start-at and --log do not apply"),
                         _("leave them out when resuming"))
    pb, lib = load_show(playbook, library)
    roles = check_roles(pb, tuple(dict.fromkeys(roles)))
    keyboard = sys.stdin is not None and sys.stdin.isatty()
    source = None
    if comments:  # checked before go-live; a resumed run goes on from where its log had read to
        from livesop.runner.comments import open_source

        source = open_source(comments, sys.stdin, from_end=bool(resume_log))
    sock = None
    if serve_at:  # bound before go-live: a bad address or a busy port stops nothing that started
        from livesop.serve.bind import open_socket, parse_bind

        host, port = parse_bind(serve_at)
        sock = open_socket(host, port)
    interactive = keyboard or sock is not None  # the control view is an operator too
    out = sys.stdout
    fullscreen = keyboard and not plain and out is not None and out.isatty()
    if fullscreen:
        import shutil

        from livesop.runner.terminal import cannot_drive, check

        reason = cannot_drive(os.environ, out)
        if reason:
            click.echo(_("livesop: {reason}: the full-screen view cannot be drawn here; plain lines instead "
                         "(--plain)").format(reason=visible(reason)), err=True)
            fullscreen = False
        else:
            check(out.encoding, tuple(shutil.get_terminal_size()))
    target = parse_start_at(start_at, RealClock.wall_ms()) if start_at else None
    log = None if resume_log else reserve_log(pb, log_path, target or RealClock.wall_ms())
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    run = prepared = None
    try:
        if target is not None:
            count_down(target, out, RealClock.wall_ms, time.sleep)
        if resume_log:
            prepared = resume_run(resume_log, playbook, pb, lib, wall_ms=RealClock.wall_ms(), speed=speed,
                                  interactive=interactive)
            clock = RealClock(prepared.speed, prepared.now_ms)
            if source is not None and hasattr(source, "read_from"):  # a file: what came while stopped is read too
                source.read_from = prepared.comments_read_to
        else:  # show time 0 is the clock's origin, the start wall time in the log's header
            clock = RealClock(speed or 1.0)
            prepared = new_run(playbook, pb, lib, wall_ms=clock.wall0_ms, speed=speed or 1.0,
                               start_at=start_at, roles=roles, interactive=interactive, log=log)
        names = {rid: (r.name.value if r.name else rid) for rid, r in pb.roles.items()}
        titles = {s.segment.id: prepared.engine.title(s.index) for s in prepared.engine.slots}
        formatter = Formatter(roles, names, prepared.engine.start_clock_ms, titles)
        if fullscreen:
            from livesop.runner.tui import TuiRun

            run = TuiRun(prepared.engine, prepared.log, clock, formatter, roles)
        else:
            run = PlainRun(prepared.engine, prepared.log, clock, out, formatter, sys.stdin if keyboard else None)
        if comments or sock is not None:  # the 弹幕 watch: from SOURCE, and from the web server when served
            from livesop.runner.watch import CommentWatch

            run.attach_comments(CommentWatch(pb), source)
        click.echo(_started(prepared.resumed, interactive).format(path=visible(str(prepared.log.path))), err=True)
        run.emit(prepared.events)
        if sock is not None:
            from livesop.serve.server import serve

            reason = serve(prepared, clock, host, port, sock=sock, emit=run.emit, command=run.command,
                           stdin=sys.stdin if keyboard and not fullscreen else None,
                           screen=run if fullscreen else None, comments=run if run.watch is not None else None)
        else:
            reason = run.run()
        digest = run.stop(reason)
        click.echo(_("livesop: show over; log {path} sealed with {digest}").format(
            path=visible(str(prepared.log.path)), digest=digest), err=True)
        sys.exit(EXIT_FINDINGS if _unlogged(run.log) else EXIT_OK)
    except (KeyboardInterrupt, _Terminated, Stop) as exc:
        code = exc.code if isinstance(exc, Stop) else EXIT_INTERRUPTED
        if run is not None:
            digest = run.stop("stopped")
            click.echo(_("livesop: stopped; log {path} sealed with {digest}").format(
                path=visible(str(run.log.path)), digest=digest), err=True)
            _unlogged(run.log)
            hint = resume_command(playbook, run.log.path, library=library, roles=roles,
                                  speed=prepared.speed if prepared is not None else speed, plain=plain,
                                  serve=serve_at, comments=comments)
            click.echo(_("  continue with: {command}").format(command=visible(hint)), err=True)
        else:
            click.echo(_("livesop: stopped before go-live"), err=True)
        sys.exit(code)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if sock is not None:
            sock.close()
        if run is not None:
            run.log.abandon()
        elif log is not None and log.seq == 0:  # it never began: nothing is left behind
            log.discard()


def _started(resumed: bool, interactive: bool) -> str:
    """The line that says where the run is logged (``{path}``), and that `hold` segments move on without a keyboard."""
    if resumed:
        return (_("livesop: continuing {path}") if interactive else
                _("livesop: continuing {path}; no keyboard: `hold` segments move on at their end"))
    return (_("livesop: logging to {path}") if interactive else
            _("livesop: logging to {path}; no keyboard: `hold` segments move on at their end"))


def resume_command(playbook: Path, log: Path, *, library: Path | None, roles: tuple[str, ...], speed: float | None,
                   plain: bool, serve: str | None = None, comments: str | None = None) -> str:
    """The command that continues a stopped run, as the shell takes it: every path quoted, and each
    option the run needs to go on as it was (library, roles, speed, plain lines, language)."""
    import shlex

    words = ["livesop", "run", str(playbook), "--resume", str(log)]
    if library is not None:
        words += ["--library", str(library)]
    for role in roles:
        words += ["--role", role]
    if speed is not None and speed != 1:
        words += ["--speed", f"{speed:g}" if float(f"{speed:g}") == speed else repr(speed)]
    if plain:
        words.append("--plain")
    if serve:
        words += ["--serve", serve]
    if comments:
        words += ["--comments", comments]
    from livesop import i18n

    if i18n.current() != i18n.from_environment():  # chosen with --lang: the next run speaks the same
        words += ["--lang", i18n.current()]
    return shlex.join(words)


def _unlogged(log) -> bool:
    """Say loudly when lines of the run never reached its log; True when some did not."""
    from livesop.runner.show import unlogged_note

    note = unlogged_note(log)
    if note:
        click.echo(_("livesop: NOT ALL WAS LOGGED: {note}").format(note=note), err=True)
    return bool(note)
