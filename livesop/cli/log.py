"""``livesop log``: a playbook's history with its version and a semantic summary per commit.

Author names and versions come from the repository, which anyone can write: their control
characters read as ``\\x1b`` in the table and are escaped in the JSON.
"""

from __future__ import annotations

import click

from livesop.errors import UsageError


@click.command("log")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-n", "--max-count", "limit", type=click.IntRange(min=1), metavar="N",
              help="Show only the N most recent commits.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="text for people, json for tools.")
def command(path, limit, fmt):
    """A playbook's git history: version and what changed in each commit.

    The playbook's history from git, newest first.

    One line per commit that changed PATH (on HEAD's first-parent line): commit, date, author,
    the playbook's `version` there and what changed against the commit before
    ("+1 segment, 2 scripts changed, −3m").
    """
    from livesop.checks.reporters.json import dumps
    from livesop.versions.log import playbook_log

    entries = playbook_log(path, limit)
    if fmt == "json":
        click.echo(dumps([e.as_dict() for e in entries]))
        return
    if not entries:
        raise UsageError(f"{path}: no commit on HEAD's history touches this file",
                         "commit it first, or check the path")
    click.echo(_table(entries))


def _table(entries) -> str:
    from rich.cells import cell_len

    from livesop.controls import visible

    rows = [(e.commit[:8], e.date.strftime("%Y-%m-%d %H:%M"), visible(e.author), visible(e.version or "?"),
             visible(e.summary)) for e in entries]
    widths = [max(cell_len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(row[:4], widths)]
        lines.append("  ".join(cells + [row[4]]))
    return "\n".join(lines)
