"""``livesop report``: the 复盘 report of a run log, with its hash chain verified."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from livesop.cli.options import format_option
from livesop.errors import EXIT_FINDINGS, EXIT_OK, LivesopError
from livesop.runner.report import REPORTERS


@click.command("report")
@click.argument("log", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option(REPORTERS, "text for the terminal, md / html to share, json for tools.")
@click.option("--playbook", type=click.Path(dir_okay=False, path_type=Path),
              help="The playbook file, when it has moved since the run (only used to check it is the one that ran).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def command(log, fmt, playbook, output):
    """The 复盘 report of a run log: planned vs actual, cues, emergencies.

    Planned vs actual for each segment, cues per role, emergencies, pauses and added time.

    The log's hash chain is verified first: the report says plainly when the log was altered
    (exit status 1) or its last line was cut off. The plan comes from the log's own header.
    """
    from livesop.files import check_input, write_output
    from livesop.runner.report import render
    from livesop.runner.report.summary import summarize
    from livesop.runner.runlog import read_log

    check_input(log, "run log")
    read = read_log(log)
    if read.header is None:
        raise LivesopError(f"{log}: not a livesop run log ({read.altered[0] if read.altered else 'no header'})",
                           "give the .jsonl file that `livesop run` wrote (its path is printed when the run ends)")
    text = render(fmt, summarize(read, playbook))
    if output:
        write_output(output, text)
        click.echo(f"livesop: report written to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not read.ok:
        click.echo(f"livesop: {log} was ALTERED: {read.altered[0]}", err=True)
    sys.exit(EXIT_FINDINGS if not read.ok else EXIT_OK)
