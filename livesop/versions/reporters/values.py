"""How a change's values read in a report, shared by the text and markdown reports."""

from __future__ import annotations

import dataclasses

from livesop import i18n
from livesop.controls import visible
from livesop.format.timefmt import human_duration, parse_duration
from livesop.i18n import _, pgettext
from livesop.versions.diff import Change, inline_diff

DASH = "—"


def kind_label(kind: str) -> str:
    """How a report names a change's kind (``added`` …) to a person; the JSON keeps ``kind`` itself."""
    labels = {"added": pgettext("diff change", "added"), "removed": pgettext("diff change", "removed"),
              "changed": pgettext("diff change", "changed"), "moved": pgettext("diff change", "moved")}
    return labels.get(kind, kind)


def area_label(area: str) -> str:
    """The heading of an area (``segments`` …) in a report."""
    labels = {"playbook": pgettext("diff area", "playbook"), "roles": pgettext("diff area", "roles"),
              "products": pgettext("diff area", "products"), "scripts": pgettext("diff area", "scripts"),
              "checklists": pgettext("diff area", "checklists"), "segments": pgettext("diff area", "segments"),
              "emergencies": pgettext("diff area", "emergencies"),
              "compliance": pgettext("diff area", "compliance"), "timing": pgettext("diff area", "timing")}
    return labels.get(area, area)


def shown(value):
    """``value`` (a text, a list of them, a number …) with control characters as ``\\x1b`` text."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    return value


# fields whose values are durations (``10m``): a report in Chinese writes them ``10分钟``
DURATION_FIELDS = {"length", "due", "duration", "warn", "at", "every", "respond_within", "recover_within",
                   "overlap", "gap", "total"}


def visible_change(change: Change) -> Change:
    """The change as a report shows it: path and values with their control characters visible, and
    the labels its values are shown by (``old_text`` / ``new_text``)."""
    old_label, new_label = change.old_label, change.new_label
    if i18n.current() != "en" and change.path.rsplit(".", 1)[-1] in DURATION_FIELDS:
        old_label, new_label = _duration_label(change.old), _duration_label(change.new)
    return dataclasses.replace(change, path=visible(change.path), old=shown(change.old), new=shown(change.new),
                               old_label=shown(old_label), new_label=shown(new_label))


def _duration_label(value):
    seconds = parse_duration(value) if isinstance(value, str) else None
    return None if seconds is None else human_duration(seconds, compact=True)


def old_text(change: Change) -> str:
    """The value before, as the report shows it."""
    return show(change.old) if change.old_label is None else show(change.old_label)


def new_text(change: Change) -> str:
    """The value after, as the report shows it."""
    return show(change.new) if change.new_label is None else show(change.new_label)


def show(value) -> str:
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) or "[]"
    return str(value)


def is_text_change(change: Change) -> bool:
    """A change worth an inline character diff: two texts that are not short ASCII tokens."""
    old, new = change.old, change.new
    if change.kind != "changed" or not isinstance(old, str) or not isinstance(new, str):
        return False
    return not (old.isascii() and new.isascii() and len(old) <= 20 and len(new) <= 20 and "\n" not in old + new)


def changed_lines(runs: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The inline runs split into lines; lines without an edit become one ``("…", "")`` marker."""
    lines: list[list[tuple[str, str]]] = [[]]
    for op, text in runs:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    result: list[list[tuple[str, str]]] = []
    for line in lines:
        if any(op != "=" for op, _ in line) or len(lines) == 1:
            result.append(line)
        elif not result or result[-1] != [("…", "")]:
            result.append([("…", "")])
    return result


def text_runs(change: Change) -> list[list[tuple[str, str]]]:
    return changed_lines(inline_diff(change.old, change.new))


def _timing_words(name: str, kind: str) -> str | None:
    """A hard start's consequence as a sentence (``now overlapped by 2m``), for an added or removed
    ``overlap`` or ``gap``; None for anything else."""
    words = {("overlap", "added"): _("now overlapped by {new}"),
             ("overlap", "removed"): _("no longer overlapped (was {old})"),
             ("gap", "added"): _("now waits after a gap of {new}"),
             ("gap", "removed"): _("gap of {old} closed")}
    return words.get((name, kind))


def position(number) -> str:
    """``position 3``: where an entry stands in its list."""
    return _("position {number}").format(number=number)


def plain_value(change: Change) -> str:
    """``10m → 8m``, ``position 5 → 3``, ``答疑 (5m)`` — the value part of a one-line change."""
    words = _timing_words(change.path.rsplit(".", 1)[-1], change.kind) if change.area == "timing" else None
    if words:
        return words.format(old=old_text(change), new=new_text(change))
    if change.kind == "added":
        return new_text(change)
    if change.kind == "removed":
        return old_text(change)
    if change.kind == "moved":
        return _("position {old} → {new}").format(old=change.old, new=change.new)
    return f"{old_text(change)} → {new_text(change)}{delta(change)}"


def delta(change: Change) -> str:
    """`` (−3m)`` after a change of the show's total length; empty for anything else."""
    if change.path != "timing.total":
        return ""
    seconds = (parse_duration(str(change.new)) or 0) - (parse_duration(str(change.old)) or 0)
    length = human_duration(abs(seconds), compact=True)
    longer = _(" (+{duration})") if seconds > 0 else _(" (−{duration})")
    return longer.format(duration=length)


def lines_of(change: Change) -> str:
    old = DASH if change.old_line is None else str(change.old_line)
    new = DASH if change.new_line is None else str(change.new_line)
    return f"{old} → {new}"
