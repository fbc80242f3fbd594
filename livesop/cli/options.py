"""Options shared by several commands: code prefixes, the output format, colour."""

from __future__ import annotations

import os
import sys

import click

from livesop.i18n import N_, _

COLOR_MODES = ("auto", "always", "never")


def split_codes(ctx, param, values) -> tuple[str, ...]:
    """``--select LS3 --select LS4,LS5`` → ("LS3", "LS4", "LS5"), validated."""
    codes = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.upper().startswith("LS"):
                raise click.BadParameter(_("{part!r} is not a code prefix such as LS3 or LS301").format(part=part),
                                         ctx, param)
            codes.append(part.upper())
    return tuple(codes)


class FormatChoice(click.Choice):
    """A format name of a registry; ``markdown``, the older spelling of ``md``, is still accepted."""

    ALIASES = {"markdown": "md"}

    def convert(self, value, param, ctx):
        return super().convert(self.ALIASES.get(value, value), param, ctx)


def format_option(names, help_text: str):
    """``--format`` over the names of a registry (``REPORTERS``), ``text`` by default; ``help_text``
    is marked with ``N_`` by the caller and translated when the command is shown (``cli.localize``)."""
    return click.option("--format", "fmt", type=FormatChoice(tuple(names)), default="text", show_default=True,
                        help=help_text)


def color_option(func):
    """``--color auto|always|never``: auto colours a terminal unless NO_COLOR is set."""
    return click.option("--color", "color_mode", type=click.Choice(COLOR_MODES), default="auto", show_default=True,
                        help=N_("Colour the text output: auto (on a terminal, unless NO_COLOR is set), always, "
                                "never."))(func)


def wants_color(mode: str, to_file: bool = False) -> bool:
    """Whether text output is coloured: always and never say so; auto means a terminal without NO_COLOR."""
    if mode != "auto":
        return mode == "always"
    return not to_file and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
