"""``livesop review``: several runs of one template side by side, with the room's numbers of each."""

from __future__ import annotations

from pathlib import Path

import click

from livesop.cli.options import format_option
from livesop.i18n import N_, _
from livesop.runner.report import REPORTERS


def zone_options(func):
    """``--tz`` and ``--platform``: how the data files' times and columns are read."""
    func = click.option("--platform", default="douyin", show_default=True, metavar="NAME",
                        help=N_("Whose minute export the data is (its column names)."))(func)
    return click.option("--tz", metavar="ZONE",
                        help=N_("The time zone of the data's clock times for a real-time run: Asia/Shanghai, UTC, "
                                "+08:00 (default: this computer's zone). A rehearsal is matched on its own show "
                                "clock."))(func)


@click.command("review", help=N_(
    "Compare runs of one template: how each segment, product and 话术 moved, show to show.\n\n"
    "Give each run's log with its minute data as LOG=DATA (a .csv or .xlsx export), or a log or a "
    "folder of logs with the data beside each: for 20261125-200000.jsonl, the files "
    "20261125-200000.minutes.csv (or .xlsx) and 20261125-200000.comments.jsonl (or .csv).\n\n"
    "Runs are put oldest first. Per segment, product and 话术 variant: each run's figure and its "
    "change against the run before; and which playbook version, commit and file each show ran."))
@click.argument("runs", metavar="LOG[=DATA]...", nargs=-1, required=True)
@format_option(REPORTERS, N_("text for the terminal, md / html to share, json for tools."))
@zone_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Write to this file instead of stdout."))
def command(runs, fmt, tz, platform, output):
    """``livesop review``: the runs compared, drawn in the format asked for."""
    from livesop.files import write_output
    from livesop.review.compare import render
    from livesop.review.runs import compare_runs

    text = render(fmt, compare_runs(runs, tz, platform))
    if output:
        write_output(output, text)
        click.echo(_("livesop: review written to {path}").format(path=output), err=True)
    else:
        click.echo(text, nl=False)
