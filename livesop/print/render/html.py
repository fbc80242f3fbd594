"""HTML output of the sheets: one self-contained file (inline CSS, no scripts, no network).

Print-ready on A4 — checklists one role per page, the run of show in landscape — with the
playbook's title, version and date in every page header, checkboxes and large clock times;
the same file reads well on a phone.
"""

from __future__ import annotations

import re
from html import escape

from livesop.print.render import date_label, visible
from livesop.print.sheet import SCRIPTS_HEADER

_MISSING = re.compile(r"⟨[^⟩\n]*\?⟩")

BASE_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:#111;background:#fff;line-height:1.5;
 font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",
 "WenQuanYi Micro Hei",system-ui,-apple-system,"Segoe UI",sans-serif}
.page{max-width:860px;margin:0 auto;padding:20px 24px 28px}
.head{border-bottom:2px solid #111;padding-bottom:6px;margin-bottom:12px}
.run{padding-bottom:4px}
.doc{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 16px;font-size:13px;color:#444}
.doc b{color:#111}
h1{font-size:26px;margin:6px 0 2px;line-height:1.25}
h1 small{font-size:14px;font-weight:400;color:#666;margin-left:6px}
.intro{margin:2px 0 0;color:#444;font-size:13px}
h2{font-size:17px;margin:18px 0 6px;padding:2px 0 2px 8px;border-left:5px solid #111;break-after:avoid;page-break-after:avoid}
ul.list{list-style:none;margin:0;padding:0}
.row{display:grid;grid-template-columns:22px 112px 1fr;column-gap:10px;align-items:start;
 padding:7px 0;border-bottom:1px solid #ddd;break-inside:avoid;page-break-inside:avoid}
.box{appearance:none;-webkit-appearance:none;width:18px;height:18px;margin:5px 0 0;border:2px solid #111;border-radius:3px;background:#fff}
.box:checked{background:#111;box-shadow:inset 0 0 0 3px #fff}
.clock{font-size:22px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums;white-space:nowrap}
.clock .day{font-size:13px;font-weight:700;color:#b00;margin-left:2px}
.clock.none{color:#777;font-weight:400;font-size:13px;padding-top:4px}
table.frame{width:100%;border-collapse:collapse}
table.frame>thead>tr>th,table.frame>tbody>tr>td{padding:0;text-align:left;font-weight:400;vertical-align:top}
.where{font-size:12px;color:#555}
.where .at{font-variant-numeric:tabular-nums}
.do{font-weight:600}
.say{margin-top:3px;padding:4px 8px;background:#f4f4f4;border-left:3px solid #888;white-space:pre-line}
.tag{display:inline-block;font-size:11px;padding:0 5px;border:1px solid #888;border-radius:3px;color:#444;margin-right:4px;vertical-align:1px}
.must{display:inline-block;font-size:12px;font-weight:700;color:#fff;background:#b00;border-radius:3px;padding:0 6px;margin-left:6px}
.ref{font-size:12px;color:#666;margin-left:6px}
.note{font-size:12px;color:#555;margin-top:2px}
mark.missing{background:#ffd6d6;color:#900;padding:0 2px;border-radius:2px}
.plan{border:2px solid #111;border-radius:6px;padding:8px 12px;margin:8px 0 12px;break-inside:avoid;page-break-inside:avoid}
.plan h3{margin:0 0 4px;font-size:16px}
.sev{display:inline-block;color:#fff;background:#111;border-radius:3px;padding:0 6px;margin-right:6px}
.sev.P1{background:#b00}.sev.P2{background:#c60}.sev.P3{background:#357}
.plan dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:4px 0;font-size:14px}
.plan dt{color:#555}.plan dd{margin:0}
.plan ol{margin:6px 0 0;padding-left:22px}
.plan li{padding:2px 0;color:#555}
.plan li.mine{color:#111;font-weight:600}
.plan li.mine::marker{font-weight:700}
.who{display:inline-block;min-width:3em;font-weight:700}
.empty{color:#666}
@media (max-width:600px){
 .page{padding:12px 12px 20px}
 h1{font-size:22px}
 .row{grid-template-columns:22px 1fr}
 .row .clock{grid-column:2}
 .row .body{grid-column:2}
}
@media print{
 @page{size:A4;margin:12mm 12mm 14mm}
 body{font-size:10.5pt}
 .page{max-width:none;padding:0;break-after:page;page-break-after:always}
 .page:last-child{break-after:auto;page-break-after:auto}
 .say{background:none;border-left:2px solid #666}
 a{color:inherit;text-decoration:none}
}
"""

SHOW_CSS = """
.page.wide{max-width:none}
.scroll{overflow-x:auto}
table.ros{border-collapse:collapse;width:100%;font-size:12.5px}
table.ros th,table.ros td{border:1px solid #888;padding:4px 5px;vertical-align:top;text-align:left}
table.ros thead th{background:#e8e8e8;position:sticky;top:0;white-space:nowrap}
table.ros thead{display:table-header-group}
table.ros tr{break-inside:avoid;page-break-inside:avoid}
table.ros td.span{white-space:nowrap}
table.ros td.span .clock{font-size:17px}
table.ros td.title{font-weight:700;min-width:6em}
table.ros td.num{white-space:nowrap;text-align:right}
table.ros .cue{display:block;margin-bottom:3px}
table.ros .cue .t,table.ros .said .t{font-variant-numeric:tabular-nums;color:#555;margin-right:4px}
table.ros td.notes{color:#444;font-size:11.5px;white-space:pre-line}
table.ros td.said{min-width:16em}
table.ros .said p{margin:0 0 5px;white-space:pre-line}
table.ros .said p:last-child{margin-bottom:0}
table.ros .said .who{min-width:0;margin-right:2px}
table.ros tr.hard td.span{box-shadow:inset 4px 0 0 #b00}
@media print{
 @page{size:A4 landscape;margin:10mm}
 table.ros{font-size:8.5pt}
 table.ros thead th{position:static}
}
"""


def _text(text: str) -> str:
    """Escaped text with the ⟨missing?⟩ marks highlighted."""
    out, last = [], 0
    for match in _MISSING.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f'<mark class="missing" title="无法填入">{escape(match.group(0))}</mark>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _clock(label: str, none: str = "") -> str:
    if not label:
        return f'<span class="clock none">{escape(none)}</span>'
    time, _, day = label.partition(" ")
    mark = f'<span class="day">{escape(day)}</span>' if day else ""
    return f'<span class="clock">{escape(time)}{mark}</span>'


def _document(title: str, css: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def _doc_line(meta, role: str = "") -> str:
    when = [date_label(meta), f"{meta.start}–{meta.end}" if meta.start else "", meta.total_text, role]
    return (f'<div class="doc"><span><b>{escape(meta.title)}</b>'
            f'{" · v" + escape(meta.version) if meta.version else ""}</span>'
            f'<span>{escape(" · ".join(w for w in when if w))}</span></div>')


# ---------------------------------------------------------------- checklist

def _items(items, undated: str = "") -> str:
    rows = []
    for item in items:
        extra = ('<span class="must">必须完成</span>' if item.blocking else "") + \
                (f'<span class="ref">{escape(item.ref)}</span>' if item.ref else "")
        rows.append(f'<li class="row"><input type="checkbox" class="box" aria-label="完成">{_clock(item.due_text, undated)}'
                    f'<div class="body">{_text(item.text)}{extra}</div></li>')
    return '<ul class="list">' + "".join(rows) + "</ul>"


def _cues(cues) -> str:
    rows = []
    for cue in cues:
        where = (f'<div class="where">{escape(cue.segment_title)} · <span class="at">+{escape(cue.at_text)}</span>'
                 + (f' · <span class="tag">话术 {escape(cue.ref)}</span>' if cue.kind == "say" else "") + "</div>")
        content = f'<div class="say">{_text(cue.text.strip())}</div>' if cue.kind == "say" \
            else f'<div class="do">{_text(cue.text)}</div>'
        note = f'<div class="note">{escape(cue.note)}</div>' if cue.note else ""
        rows.append(f'<li class="row"><input type="checkbox" class="box" aria-label="完成">{_clock(cue.clock_text)}'
                    f'<div class="body">{where}{content}{note}</div></li>')
    return '<ul class="list">' + "".join(rows) + "</ul>"


def _plan(card) -> str:
    owner = "本岗位负责" if card.owned else f"负责人：{escape(card.owner_name)}"
    facts = [("触发", _text(card.trigger))]
    targets = [f"{label} {escape(value)} 内" for label, value in (("响应", card.respond_within),
                                                                 ("恢复", card.recover_within)) if value]
    if targets:
        facts.append(("目标", "，".join(targets)))
    if card.hold_ref:
        facts.append(("稳场话术", f'<span class="tag">{escape(card.hold_ref)}</span>'
                                 f'<div class="say">{_text(card.hold_text.strip())}</div>'))
    steps = []
    for step in card.steps:
        body = (f'<span class="tag">话术 {escape(step.ref)}</span><div class="say">{_text(step.text.strip())}</div>'
                if step.kind == "say" else _text(step.text))
        mine = ' class="mine"' if step.mine else ""
        steps.append(f'<li{mine}><span class="who">{escape(step.role_name)}</span> {body}</li>')
    facts_html = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    return (f'<div class="plan"><h3><span class="sev {escape(card.severity)}">{escape(card.severity)}</span>'
            f'{escape(card.title)} <small>（{owner}）</small></h3><dl>{facts_html}</dl><ol>{"".join(steps)}</ol></div>')


def _role_page(meta, role_sheet) -> str:
    role = role_sheet.role
    intro = [escape(role.description)] if role.description else []
    if role.backup_name:
        intro.append(f"备岗：{escape(role.backup_name)}")
    if role.covers:
        intro.append(f"兼任 {escape('、'.join(role.covers))} 的备岗")
    parts = [f'<header class="head"><h1>{escape(role.name)}<small>{escape(role.id)} · 岗位清单</small></h1>'
             + (f'<p class="intro">{" · ".join(intro)}</p>' if intro else "") + "</header>"]
    if role_sheet.before:
        parts.append("<h2>开播前</h2>" + _items(role_sheet.before, "开播前"))
    if role_sheet.cues:
        parts.append("<h2>流程</h2>" + _cues(role_sheet.cues))
    if role_sheet.emergencies:
        parts.append("<h2>应急预案</h2>" + "".join(_plan(card) for card in role_sheet.emergencies))
    if role_sheet.after:
        parts.append("<h2>下播后</h2>" + _items(role_sheet.after))
    if len(parts) == 1:
        parts.append('<p class="empty">（本岗位在这份脚本里没有任务）</p>')
    # The header row of a table repeats on every printed page: the role's pages stay labelled.
    running = f'<div class="run">{_doc_line(meta, role.name)}</div>'
    return (f'<section class="page"><table class="frame"><thead><tr><th>{running}</th></tr></thead>'
            f'<tbody><tr><td>{"".join(parts)}</td></tr></tbody></table></section>\n')


def checklist(sheet, **_) -> str:
    sheet = visible(sheet)
    body = "".join(_role_page(sheet.meta, role_sheet) for role_sheet in sheet.roles)
    names = "、".join(r.role.name for r in sheet.roles)
    return _document(f"{sheet.meta.title} · {names}", BASE_CSS, body)


# ---------------------------------------------------------------- run of show

def _said(sheet, row) -> str:
    """The 主播话术 cell: each spoken line's time, speaker (when not the main one) and full text."""
    return "".join(f'<p><span class="t">{escape(said.at_text)}</span>'
                   + (f'<span class="who">{escape(said.speaker)}：</span>' if said.speaker else "")
                   + f"{_text(said.text)}</p>" for said in sheet.said(row))


def _show_row(sheet, row, full: bool) -> str:
    product = row.product
    cells = [
        f'<td class="span">{_clock(row.start_text)}<div class="where">至 {escape(row.end_text)}</div></td>',
        f'<td class="title">{_text(row.title)}</td>',
        f'<td class="num">{escape(row.duration_text)}</td>',
        f"<td>{escape(product.name) if product else ''}</td>",
        f'<td class="num">{escape(str(product.link)) if product and product.link is not None else ""}</td>',
        f'<td class="num">{escape(product.live_price) if product else ""}</td>',
    ]
    if full:
        cells.append(f'<td class="said">{_said(sheet, row)}</td>')
    for role in sheet.roles:
        cues = "".join(f'<span class="cue"><span class="t">{escape(c.at_text)}</span>{_text(c.line[len(c.at_text) + 1:])}</span>'
                       for c in row.cues.get(role.id, ()))
        cells.append(f"<td>{cues}</td>")
    cells.append(f'<td class="notes">{escape(row.notes)}</td>')
    hard = ' class="hard"' if row.hard else ""
    return f'<tr{hard}>{"".join(cells)}</tr>'


def show(sheet, scripts: str = "full", **_) -> str:
    sheet = visible(sheet)
    full = scripts == "full"
    headers = ["时间段", "环节", "时长", "商品", "链接号", "直播价", *((SCRIPTS_HEADER,) if full else ()),
               *(r.name for r in sheet.roles), "备注"]
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    rows = "\n".join(_show_row(sheet, row, full) for row in sheet.rows)
    body = (f'<section class="page wide"><header class="head">{_doc_line(sheet.meta)}<h1>直播脚本</h1></header>'
            f'<div class="scroll"><table class="ros"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>'
            "</div></section>\n")
    return _document(f"{sheet.meta.title} · 直播脚本", BASE_CSS + SHOW_CSS, body)
