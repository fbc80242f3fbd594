"""``livesop diff``: what changed between two versions of a playbook, by meaning."""

from __future__ import annotations

import sys

import click

from livesop.cli.options import color_option, format_option, wants_color
from livesop.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from livesop.i18n import N_, _
from livesop.versions.reporters import REPORTERS


def _sides(sides: tuple[str, ...], from_rev: str | None, to_rev: str | None):
    """((rev, path), (rev, path)) for the two sides; rev None means the working tree."""
    from livesop.versions.sides import split_side

    if len(sides) == 2:
        if from_rev or to_rev:
            raise UsageError(_("--from/--to go with one PATH, not with OLD and NEW"),
                             _("write `livesop diff --from REV --to REV PATH` or `livesop diff OLD NEW`"))
        return split_side(sides[0]), split_side(sides[1])
    if len(sides) != 1:
        raise UsageError(_("expected OLD NEW or one PATH, got {count} arguments").format(count=len(sides)),
                         _("e.g. `livesop diff playbooks/daily.yaml` (HEAD against the working tree)"))
    rev, path = split_side(sides[0])
    if rev is not None and from_rev:
        raise UsageError(_("give the revision either as REV:PATH or with --from, not both"))
    return (rev or from_rev or "HEAD", path), (to_rev, path)


@click.command("diff", help=N_(
    "Compare two versions of a playbook by meaning (files or REV:PATH).\n\n"
    "OLD and NEW are files or REV:PATH (any git revision: HEAD~1:playbooks/daily.yaml). With one PATH, HEAD is "
    "compared with the working tree; --from/--to pick other revisions. Comments, key order and formatting are not "
    "differences. Exit status: 0 (1 with --exit-code when there are differences), 2 usage error."))
@click.argument("sides", nargs=-1, required=True, metavar="OLD [NEW]")
@click.option("--from", "from_rev", metavar="REV", help=N_("Old side: PATH at this revision (default HEAD)."))
@click.option("--to", "to_rev", metavar="REV",
              help=N_("New side: PATH at this revision (default: the working tree)."))
@format_option(REPORTERS, N_("text for people, json for tools, md for a merge request."))
@color_option
@click.option("--exit-code", is_flag=True, help=N_("Exit 1 when there are differences, 0 when there are none."))
def command(sides, from_rev, to_rev, fmt, color_mode, exit_code):
    from livesop.files import check_input
    from livesop.versions.diff import diff
    from livesop.versions.reporters import render
    from livesop.versions.sides import load_side

    old_side, new_side = _sides(sides, from_rev, to_rev)
    for rev, path in (old_side, new_side):
        if rev is None:  # a working-tree file: a FIFO or device is refused before it is opened
            check_input(path, "playbook", missing_ok=True)
    old_name, old = load_side(*old_side)
    new_name, new = load_side(*new_side)
    changes = diff(old, new)
    color = fmt == "text" and wants_color(color_mode)
    click.echo(render(fmt, changes, old_name, new_name, color), color=color)
    sys.exit(EXIT_FINDINGS if exit_code and changes else EXIT_OK)
