"""Options shared by several commands."""

from __future__ import annotations

import click


def split_codes(ctx, param, values) -> tuple[str, ...]:
    """``--select LS3 --select LS4,LS5`` → ("LS3", "LS4", "LS5"), validated."""
    codes = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.upper().startswith("LS"):
                raise click.BadParameter(f"{part!r} is not a code prefix such as LS3 or LS301", ctx, param)
            codes.append(part.upper())
    return tuple(codes)
