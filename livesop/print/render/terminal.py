"""Terminal output of the sheets with rich: tables that fit the width, CJK cells aligned."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from livesop.print.render import date_label, visible

SEVERITY_STYLES = {"P1": "bold white on red", "P2": "bold black on yellow", "P3": "bold black on cyan"}


def _console(width: int, color: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(40, width), force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False,
                      legacy_windows=False, soft_wrap=False)
    return console, buffer


def _output(buffer: io.StringIO) -> str:
    """The rendered text without the padding rich leaves at the end of lines."""
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _header(meta) -> Text:
    text = Text()
    text.append(meta.title, style="bold")
    text.append(f"  v{meta.version}" if meta.version else "")
    details = [date_label(meta), f"{meta.start}-{meta.end}" if meta.start else "", meta.total_text]
    text.append("  " + " · ".join(d for d in details if d), style="dim")
    return text


def _missing_note(missing) -> Text:
    return Text(f"  缺少: {', '.join(missing)}", style="red") if missing else Text("")


ROLE_COLUMN_WIDTH = 22  # below this a role column wraps every line: use one combined column
FIXED_WIDTH = 62


def show(sheet, width: int = 100, color: bool = False, scripts: str = "full", **_) -> str:
    """One row per segment; one column per role when the width allows, else one 分工 column.
    With ``scripts="full"`` each spoken line's 话术 follows its cue, indented, in the same cell
    (a separate 主播话术 column would leave both columns too narrow on a terminal)."""
    sheet = visible(sheet)
    full = scripts == "full"
    console, buffer = _console(width, color)
    console.print(_header(sheet.meta))
    roles = [r for r in sheet.roles if any(r.id in row.cues for row in sheet.rows)]
    per_role = FIXED_WIDTH + ROLE_COLUMN_WIDTH * len(roles) <= console.width
    table = Table(box=box.SQUARE, show_lines=True, header_style="bold", expand=True, padding=(0, 1))
    table.add_column("时间段", no_wrap=True)
    table.add_column("环节", ratio=2, min_width=6, overflow="fold")
    table.add_column("时长", no_wrap=True)
    table.add_column("商品", ratio=2, min_width=8, overflow="fold")
    if per_role:
        speaker = sheet.speaker if full else ""  # the role saying the most 话术 gets the room for them
        for role in roles:
            table.add_column(role.name if role.known else f"{role.name}?", ratio=6 if role.id == speaker else 3,
                             min_width=12, overflow="fold")
    else:
        table.add_column("分工", ratio=3 * max(1, min(len(roles), 3)), min_width=16, overflow="fold")
    table.add_column("备注", ratio=2, min_width=6, overflow="fold")
    for row in sheet.rows:
        if per_role:
            cells = [_cell([("", cue) for cue in row.cues.get(role.id, ())], full) for role in roles]
        else:
            cells = [_cell([(role.name, cue) for role in roles for cue in row.cues.get(role.id, ())], full)]
        span = Text(row.start_text, style="bold")
        span.append(f"\n-{row.end_text}", style="dim")
        table.add_row(span, Text(row.title), row.duration_text, _product(row.product), *cells,
                      Text(row.notes, style="dim"))
    console.print(table)
    return _output(buffer)


def _product(product) -> Text:
    if product is None:
        return Text("")
    text = Text(product.name)
    facts = [f"{product.link}号链接" if product.link is not None else "",
             f"¥{product.live_price}" if product.live_price else ""]
    if any(facts):
        text.append("\n" + " ".join(f for f in facts if f), style="bold")
    return text


def _cell(cues, full: bool):
    """A role cell (``who`` blank) or the 分工 cell (each line starting with its role's name): each
    cue's line and, with ``full``, a spoken line's 话术 indented below it."""
    lines = Text()
    parts = []
    for who, cue in cues:
        if lines:
            lines.append("\n")
        if who:
            lines.append(f"{who} ", style="bold")
        said = full and cue.kind == "say"
        lines.append(cue.line, style="cyan" if said else "")
        if said:
            parts += [lines, Padding(Text(cue.script_text.strip()), (0, 0, 0, 2))]
            lines = Text()
    if lines or not parts:
        parts.append(lines)
    return parts[0] if len(parts) == 1 else Group(*parts)


def _items_table(items, title: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_header=False,
                  padding=(0, 1), expand=True)
    table.add_column("", no_wrap=True, width=3)
    table.add_column("时间", no_wrap=True)
    table.add_column("事项", ratio=1, overflow="fold")
    for item in items:
        text = Text(item.text)
        if item.blocking:
            text.append("  [必须完成]", style="bold red")
        if item.ref:
            text.append(f"  {item.ref}", style="dim")
        table.add_row("☐", Text(item.due_text, style="bold"), text)
    return table


def _cues_table(cues) -> Table:
    table = Table(title="流程", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1),
                  expand=True, header_style="dim")
    table.add_column("", no_wrap=True, width=3)
    table.add_column("时间", no_wrap=True, style="bold")
    table.add_column("环节", ratio=1, min_width=6, overflow="fold")
    table.add_column("内容", ratio=3, min_width=10, overflow="fold")
    for cue in cues:
        text = Text()
        if cue.kind == "say":
            text.append(f"【话术 {cue.ref}】\n", style="cyan")
        text.append(cue.text.rstrip("\n"))
        if cue.note:
            text.append(f"\n（{cue.note}）", style="dim")
        text.append_text(_missing_note(cue.missing))
        where = Text(cue.segment_title)
        where.append(f"\n+{cue.at_text}", style="dim")
        table.add_row("☐", cue.clock_text, where, text)
    return table


def _emergency(card) -> Group:
    head = Text()
    head.append(f" {card.severity} ", style=SEVERITY_STYLES.get(card.severity, "bold"))
    head.append(f" {card.title}", style="bold")
    head.append("（负责）" if card.owned else f"（负责人：{card.owner_name}）", style="dim")
    facts = Table.grid(padding=(0, 1), expand=True)
    facts.add_column(no_wrap=True, style="dim")
    facts.add_column(ratio=1, overflow="fold")
    facts.add_row("触发", Text(card.trigger))
    targets = [f"{label}{value}内" for label, value in (("响应", card.respond_within), ("恢复", card.recover_within)) if value]
    if targets:
        facts.add_row("目标", Text("，".join(targets)))
    if card.hold_ref:
        facts.add_row("稳场", _said(card.hold_ref, card.hold_text, card.hold_missing))
    steps = Table.grid(padding=(0, 1), expand=True)
    steps.add_column(no_wrap=True, justify="right")
    steps.add_column(no_wrap=True)
    steps.add_column(ratio=1, overflow="fold")
    for step in card.steps:
        style = "bold" if step.mine else ""
        text = _said(step.ref, step.text, step.missing) if step.kind == "say" else Text(step.text.strip())
        text.stylize(style)
        steps.add_row(f"{step.number}.", Text(step.role_name, style="bold" if step.mine else "dim"), text)
    return Group(head, facts, steps, Text(""))


def _said(ref: str, text: str, missing) -> Text:
    said = Text(f"【话术 {ref}】\n", style="cyan")
    said.append(text.strip())
    said.append_text(_missing_note(missing))
    return said


def checklist(sheet, width: int = 100, color: bool = False, **_) -> str:
    sheet = visible(sheet)
    console, buffer = _console(width, color)
    for number, role_sheet in enumerate(sheet.roles):
        if number:
            console.print()
        role = role_sheet.role
        console.print(Rule(Text(f" {role.name}（{role.id}） ", style="bold"), align="left"))
        console.print(_header(sheet.meta))
        extra = []
        if role.description:
            extra.append(role.description)
        if role.backup_name:
            extra.append(f"备岗：{role.backup_name}")
        if role.covers:
            extra.append(f"兼任 {'、'.join(role.covers)} 的备岗")
        if extra:
            console.print(Text(" · ".join(extra), style="dim"))
        if role_sheet.before:
            console.print(_items_table(role_sheet.before, "开播前"))
        if role_sheet.cues:
            console.print(_cues_table(role_sheet.cues))
        if role_sheet.emergencies:
            console.print(Text("应急预案", style="bold"))
            for card in role_sheet.emergencies:
                console.print(Padding(_emergency(card), (0, 0, 0, 1)))
        if role_sheet.after:
            console.print(_items_table(role_sheet.after, "下播后"))
        if not (role_sheet.before or role_sheet.cues or role_sheet.emergencies or role_sheet.after):
            console.print(Text("（本岗位在这份脚本里没有任务）", style="dim"))
    return _output(buffer)
