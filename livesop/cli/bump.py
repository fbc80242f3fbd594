"""``livesop bump``: raise a playbook's version in place."""

from __future__ import annotations

import click

from livesop.i18n import N_, _
from livesop.versions.bump import PARTS


@click.command("bump", help=N_(
    "Raise a playbook's version (major, minor or patch), keeping every other byte.\n\n"
    "Raise PATH's `version` by PART (major, minor or patch).\n\n"
    "Only the version's characters change: comments, key order, quoting and indentation stay byte for byte. "
    "The file is replaced atomically."))
@click.argument("path", type=click.Path(dir_okay=False))
@click.argument("part", type=click.Choice(PARTS))
def command(path, part):
    from livesop.versions.bump import bump_file

    old, new = bump_file(path, part)
    click.echo(_("{path}: version {old} → {new}").format(path=path, old=old, new=new))
