"""``livesop report``: the 复盘 report of one or more run logs, each with its hash chain verified."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from livesop.cli.options import format_option
from livesop.cli.review import zone_options
from livesop.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from livesop.i18n import N_, _
from livesop.runner.report import REPORTERS


@click.command("report", help=N_(
    "The 复盘 report of a run log: planned vs actual, cues, emergencies.\n\n"
    "Planned vs actual for each segment (every visit counted), cues per role, emergencies, "
    "pauses and added time.\n\n"
    "Give one log, several, or a folder (every .jsonl under it, by name: the runs of "
    ".livesop/runs/ in the order they started): one whole report per log, in that order, in one "
    "output (one HTML page; a JSON array when more than one log or a folder is given).\n\n"
    "Each log's hash chain is verified first: the report says plainly when a log was altered "
    "(exit status 1) or its last line was cut off. The plan comes from the log's own header.\n\n"
    "With --data (and --comments) for one log, the room's numbers join the run: GMV, orders, "
    "online, GPM and rates per segment, per product and per 话术, comments and negative words, "
    "and charts in HTML (docs/review.md)."))
@click.argument("logs", metavar="LOG...", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path))
@format_option(REPORTERS, N_("text for the terminal, md / html to share, json for tools."))
@click.option("--playbook", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("The playbook file, when it has moved since the run (only used to check it is the one that "
                      "ran)."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Write to this file instead of stdout."))
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("The platform's minute data (.csv or .xlsx export) to join with the run."))
@click.option("--comments", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Live comments (JSON Lines with text and time, or a CSV with 时间 and 内容)."))
@zone_options
def command(logs, fmt, playbook, output, data, comments, tz, platform):
    """``livesop report``: each log read and verified, its report drawn in the format asked for."""
    from livesop.files import write_output
    from livesop.review.runs import read_run
    from livesop.runner.report import render, render_all
    from livesop.runner.report.summary import summarize

    files = _log_files(logs)
    reads = [read_run(log) for log in files]
    reports = [summarize(read, playbook) for read in reads]
    many = len(files) > 1 or any(path.is_dir() for path in logs)
    sections = ()
    if data or comments:
        if many:
            raise UsageError(_("--data and --comments go with one run log"),
                             _("give one LOG, or compare several runs with `livesop review LOG=DATA LOG=DATA ...`"))
        from livesop.review import room

        sections = (room(reads[0], data, comments, tz, platform, playbook),)
    text = render_all(fmt, reports) if many else render(fmt, reports[0], sections)
    if output:
        write_output(output, text)
        click.echo(_("livesop: report written to {path}").format(path=output), err=True)
    else:
        click.echo(text, nl=False)
    altered = [(path, read) for path, read in zip(files, reads) if not read.ok]
    for path, read in altered:
        click.echo(_("livesop: {path} was ALTERED: {reason}").format(path=path, reason=read.altered[0]), err=True)
    sys.exit(EXIT_FINDINGS if altered else EXIT_OK)


def _log_files(paths: tuple[Path, ...]) -> list[Path]:
    """The logs named, a folder standing for every ``.jsonl`` under it (sorted by path)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            if not found:
                raise UsageError(_("{path}: no run logs (*.jsonl) in this folder").format(path=path),
                                 _("give a run log or the folder `livesop run` writes them to (.livesop/runs/)"))
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))
