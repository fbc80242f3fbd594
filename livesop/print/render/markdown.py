"""Markdown output of the sheets: a GitHub-style table for the run of show, task lists per role.

Texts are escaped where they are written: ``&``, ``<`` and ``>`` as HTML entities (a ``<script>``
in a title stays text in any Markdown renderer), the Markdown markup characters with a backslash.
"""

from __future__ import annotations

import re

from livesop.print.render import date_label, visible
from livesop.print.render.xlsx import show_table

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _escaped(text: str) -> str:
    text = text.translate(_HTML)
    for char in "\\`*_[]|":
        text = text.replace(char, "\\" + char)
    return text


def _cell(text: str) -> str:
    return _escaped(text.strip()).replace("\n", "<br>")


def _inline(text: str) -> str:
    """One line of running text: markup characters that would change it are escaped."""
    return _escaped(" ".join(text.split()))


def _quote(text: str, indent: str = "") -> list[str]:
    return [f"{indent}> {_inline(line)}".rstrip() if line.strip() else f"{indent}>"
            for line in text.strip("\n").splitlines()]


def _meta_line(meta) -> str:
    parts = [f"v{meta.version}" if meta.version else "", date_label(meta),
             f"开播 {meta.start} – 下播 {meta.end}" if meta.start else "", f"全场 {meta.total_text}"]
    return _inline(" · ".join(p for p in parts if p))


def show(sheet, scripts: str = "full", **_) -> str:
    sheet = visible(sheet)
    headers, rows = show_table(sheet, scripts)
    lines = [f"# {_inline(sheet.meta.title)} · 直播脚本", "", _meta_line(sheet.meta), ""]
    lines.append("| " + " | ".join(_cell(h) for h in headers) + " |")
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_cell(str(value)) for value in row) + " |")
    return "\n".join(lines) + "\n"


def _items(items) -> list[str]:
    lines = []
    for item in items:
        parts = [f"**{item.due_text}**" if item.due_text else "", _inline(item.text),
                 "**【必须完成】**" if item.blocking else "", f"_{_inline(item.ref)}_" if item.ref else ""]
        lines.append("- [ ] " + " ".join(p for p in parts if p))
    return lines


def _missing(missing) -> str:
    return f" ⚠ 缺少：{_inline('、'.join(missing))}" if missing else ""


def _cues(cues) -> list[str]:
    lines = []
    for cue in cues:
        head = f"- [ ] **{cue.clock_text}** {_inline(cue.segment_title)} +{cue.at_text}"
        if cue.kind == "say":
            lines.append(f"{head} · 话术 `{cue.ref}`{_missing(cue.missing)}")
            lines.append("")
            lines += _quote(cue.text, "  ")
            lines.append("")
        else:
            lines.append(f"{head} — {_inline(cue.text)}{_missing(cue.missing)}")
        if cue.note:
            lines.append(f"  _{_inline(cue.note)}_")
    return lines


def _emergency(card) -> list[str]:
    owner = "本岗位负责" if card.owned else f"负责人：{_inline(card.owner_name)}"
    lines = [f"#### {card.severity} {_inline(card.title)}（{owner}）", "", f"- 触发：{_inline(card.trigger)}"]
    targets = [f"{label} {value} 内" for label, value in (("响应", card.respond_within), ("恢复", card.recover_within)) if value]
    if targets:
        lines.append("- 目标：" + "，".join(targets))
    if card.hold_ref:
        lines.append(f"- 稳场话术 `{card.hold_ref}`：{_missing(card.hold_missing)}")
        lines.append("")
        lines += _quote(card.hold_text, "  ")
    lines.append("")
    for step in card.steps:
        who = f"**{_inline(step.role_name)}**" if step.mine else _inline(step.role_name)
        if step.kind == "say":
            lines.append(f"{step.number}. {who} · 话术 `{step.ref}`{_missing(step.missing)}")
            lines.append("")
            lines += _quote(step.text, "   ")
            lines.append("")
        else:
            text = f"**{_inline(step.text)}**" if step.mine else _inline(step.text)
            lines.append(f"{step.number}. {who}：{text}{_missing(step.missing)}")
    lines.append("")
    return lines


def _role_intro(role) -> str:
    parts = [_inline(role.description)] if role.description else []
    if role.backup_name:
        parts.append(f"备岗：{_inline(role.backup_name)}")
    if role.covers:
        parts.append(f"兼任 {_inline('、'.join(role.covers))} 的备岗")
    return " · ".join(parts)


def checklist(sheet, **_) -> str:
    sheet = visible(sheet)
    lines = [f"# {_inline(sheet.meta.title)} · 岗位清单", "", _meta_line(sheet.meta), ""]
    for role_sheet in sheet.roles:
        role = role_sheet.role
        lines += [f"## {_inline(role.name)}（{role.id}）", ""]
        intro = _role_intro(role)
        if intro:
            lines += [intro, ""]
        sections = (("开播前", _items(role_sheet.before)), ("流程", _cues(role_sheet.cues)),
                    ("应急预案", [line for card in role_sheet.emergencies for line in _emergency(card)]),
                    ("下播后", _items(role_sheet.after)))
        for title, body in sections:
            if body:
                while body and body[-1] == "":
                    body.pop()
                lines += [f"### {title}", "", *body, ""]
        if not any(body for _, body in sections):
            lines += ["（本岗位在这份脚本里没有任务）", ""]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.rstrip("\n") + "\n"
