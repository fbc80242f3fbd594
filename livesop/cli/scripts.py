"""``livesop scripts``: list, show, search and render 话术 from the library and a playbook.

Texts, ids, categories and file names are printed through ``livesop.controls.visible`` (a
control character reads as ``\\x1b``); the JSON escapes them.
"""

from __future__ import annotations

from pathlib import Path

import click

from livesop.controls import visible
from livesop.i18n import N_, _, pgettext

FORMATS = ("text", "json")


def _common(func):
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help=N_("text for people, json for tools."))(func)
    func = click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help=N_("The scripts library folder (default: the nearest scripts_library/ above "
                                "the playbook or the current folder)."))(func)
    return func


def _playbook_option(required: bool = False, help_text: str = N_("Also the inline scripts of this playbook.")):
    return click.option("--playbook", "-p", type=click.Path(dir_okay=False, path_type=Path), required=required,
                        callback=_regular_file, help=help_text)


def _regular_file(ctx, param, path: Path | None) -> Path | None:
    """The --playbook file, refused at once when it is a FIFO, device or folder."""
    from livesop.files import check_input

    if path is not None:
        check_input(path, "playbook", missing_ok=True)
    return path


def _echo_json(data) -> None:
    from livesop.checks.reporters.json import dumps

    click.echo(dumps(data))


@click.group("scripts", help=N_(
    "话术 tools: list, show, search and render scripts with the playbook's values.\n\n"
    "A bare ID is a playbook's inline script when --playbook has one, else a library entry; `lib:<id>` always "
    "means the library, `lib:<id>#<variant>` one of its variants."))
def command() -> None:
    pass


@command.command("list", help=N_("List scripts: id, where it comes from, category, tags and the first line."))
@click.option("--category",
              help=N_("Only this category (开场, 留人, 互动, 关注, 福袋, 讲品, 促单, 秒杀, 下播, 应急)."))
@click.option("--tag", help=N_("Only scripts with this tag."))
@_playbook_option()
@_common
def list_cmd(category, tag, playbook, library, fmt):
    from livesop.scripts.desk import filter_items, open_desk

    items = filter_items(open_desk(playbook, library).items, category, tag)
    if fmt == "json":
        _echo_json([item.as_dict() for item in items])
        return
    if not items:
        click.echo(_("no scripts match"))
        return
    for line in _aligned(items):
        click.echo(line)


def _aligned(items) -> list[str]:
    """One line per script: ref, source, category, tags, variant count, then the first line,
    cut to the terminal width (CJK characters count two cells)."""
    import shutil

    from rich.cells import cell_len, set_cell_size

    rows = [(pgettext("scripts column", "id"), pgettext("scripts column", "from"),
             pgettext("scripts column", "category"), pgettext("scripts column", "tags"),
             pgettext("scripts column", "variants"), pgettext("scripts column", "first line"))]
    for item in items:
        first = next((line.strip() for line in item.text.split("\n") if line.strip()), "")
        rows.append(tuple(visible(cell) for cell in (item.ref, _source(item.source), item.category or "",
                                                     ",".join(item.tags),
                                                     str(len(item.variants)) if item.variants else "", first)))
    widths = [max(cell_len(row[i]) for row in rows) for i in range(5)]
    room = shutil.get_terminal_size((120, 24)).columns - sum(widths) - 10
    lines = []
    for row in rows:
        cells = [set_cell_size(value, width) for value, width in zip(row, widths)]
        if room < 6:  # no room for the first line: the columns before it still fit the terminal
            lines.append("  ".join(cells).rstrip())
            continue
        last = row[5] if cell_len(row[5]) <= room else set_cell_size(row[5], room - 1) + "…"
        lines.append("  ".join(cells + [last]).rstrip())
    return lines


def _field(name: str) -> str:
    """The field a search matched (``id``, ``category``, ``tags``), as the list's column names it."""
    return {"id": pgettext("scripts column", "id"), "category": pgettext("scripts column", "category"),
            "tags": pgettext("scripts column", "tags")}.get(name, name)


def _source(source: str) -> str:
    """Where a script comes from, as a person reads it (the JSON keeps ``library`` / ``playbook``)."""
    return {"library": pgettext("script source", "library"),
            "playbook": pgettext("script source", "playbook")}.get(source, source)


@command.command("show", help=N_("Show a script's text and its variants (Markdown rendered in the terminal)."))
@click.argument("ident", metavar="ID")
@_playbook_option()
@_common
def show_cmd(ident, playbook, library, fmt):
    from livesop.scripts.desk import find_item, open_desk

    item = find_item(open_desk(playbook, library), ident)
    if fmt == "json":
        _echo_json(item.as_dict())
        return
    from rich.console import Console
    from rich.markdown import Markdown

    meta = " · ".join(part for part in (_source(item.source), item.category,
                                         pgettext("list separator", ", ").join(item.tags),
                                         f"{item.file}:{item.line}") if part)
    parts = [f"# {item.ref}", f"*{meta}*", _hard_breaks(item.text)]
    for name, text in item.variants.items():
        parts += [f"## {name}", _hard_breaks(text)]
    parts = [visible(part) for part in parts]
    Console(highlight=False).print(Markdown("\n\n".join(parts)))


def _hard_breaks(text: str) -> str:
    """Keep the host's line breaks: a Markdown hard break at the end of each line of a paragraph."""
    lines = text.split("\n")
    return "\n".join(line + "  " if line.strip() and i + 1 < len(lines) and lines[i + 1].strip() else line
                     for i, line in enumerate(lines))


@command.command("search", help=N_(
    "Find scripts whose id, category, tags or text contain TEXT (case and width ignored).\n\n"
    "Exit status: 0 found, 1 nothing found."))
@click.argument("text")
@_playbook_option()
@_common
def search_cmd(text, playbook, library, fmt):
    from livesop.errors import EXIT_FINDINGS
    from livesop.scripts.desk import open_desk, search

    hits = search(open_desk(playbook, library).items, text)
    if fmt == "json":
        _echo_json([{"id": h.item.id, "ref": h.item.ref, "source": h.item.source, "variant": h.variant,
                     "line": h.line, "text": h.snippet} for h in hits])
    elif not hits:
        click.echo(_("no script contains {text!r}").format(text=text))
    else:
        for hit in hits:
            where = (f"#{hit.variant}" if hit.variant and hit.line
                     else f" ({_field(hit.variant)})" if hit.variant else "")
            line = f":{hit.line}" if hit.line else ""
            click.echo(visible(f"{hit.item.ref}{where}{line}  {hit.snippet}"))
    if not hits:
        raise SystemExit(EXIT_FINDINGS)


@command.command("render", help=N_(
    "Print a script exactly as the host will read it, placeholders filled.\n\n"
    "Exit status: 0 printed, 1 a placeholder has no value (every missing one is named), 2 usage error."))
@click.argument("ident", metavar="ID")
@_playbook_option(required=True, help_text=N_("The playbook whose variables and products fill the script."))
@click.option("--segment", "-s", metavar="SEGMENT",
              help=N_("The segment it is said in: fills {product.*}, {segment.title} and {countdown} "
                      "(for_each copies are named <segment>-<product>)."))
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help=N_("A placeholder value, e.g. --set room=小满 --set product.name=炒锅; repeatable."))
@_common
def render_cmd(ident, playbook, segment, sets, library, fmt):
    from livesop.scripts.desk import open_desk, parse_sets, render_script

    overrides = parse_sets(sets)
    desk = open_desk(playbook, library)
    rendered = render_script(desk.playbook, desk.library, ident, segment, overrides)
    if fmt == "json":
        _echo_json({"ref": rendered.ref, "variant": rendered.variant, "segment": rendered.segment,
                    "product": rendered.product, "text": rendered.text,
                    "values": rendered.values})
    else:
        click.echo(visible(rendered.text))
