"""``livesop log``: a playbook's history with its version and a semantic summary per commit.

Author names and versions come from the repository, which anyone can write: their control
characters read as ``\\x1b`` in the table and are escaped in the JSON.
"""

from __future__ import annotations

import click

from livesop import i18n
from livesop.errors import UsageError
from livesop.i18n import N_, _


@click.command("log", help=N_(
    "A playbook's git history: version and what changed in each commit.\n\n"
    "The playbook's history from git, newest first.\n\n"
    "One line per commit that changed PATH (on HEAD's first-parent line): commit, date, author, the playbook's "
    "`version` there and what changed against the commit before (\"+1 segment, 2 scripts changed, −3m\")."))
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-n", "--max-count", "limit", type=click.IntRange(min=1), metavar="N",
              help=N_("Show only the N most recent commits."))
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help=N_("text for people, json for tools."))
def command(path, limit, fmt):
    from livesop.checks.reporters.json import dumps
    from livesop.versions.log import playbook_log

    entries = playbook_log(path, limit)
    if fmt == "json":
        click.echo(dumps([e.as_dict() for e in entries]))
        return
    if not entries:
        raise UsageError(_("{path}: no commit on HEAD's history touches this file").format(path=path),
                         _("commit it first, or check the path"))
    click.echo(_table(entries))


def _table(entries) -> str:
    from rich.cells import cell_len

    from livesop.controls import visible

    rows = [(e.commit[:8], _date(e.date), visible(e.author), visible(e.version or "?"),
             visible(e.label or e.summary)) for e in entries]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(row[:4], widths)]
        lines.append("  ".join(cells + [row[4]]))
    return "\n".join(lines)


def _date(moment) -> str:
    """When the commit was made: ``2026-12-02 20:00``; in Chinese ``2026年12月2日 周三 20:00``."""
    if not i18n.is_chinese():
        return moment.strftime("%Y-%m-%d %H:%M")
    from livesop.format.timefmt import human_datetime

    return human_datetime(moment.date(), clock=moment.hour * 3600 + moment.minute * 60, year=True)
