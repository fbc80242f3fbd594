"""Semantic diff of two playbooks: two models in, a list of change records out.

Entries are matched by identity, not by line: roles, products, scripts, segments and emergency
plans by id; checklist items per phase and role; cues by ``id``, else by role and content, else
by position. Because models are compared (not text), comments, key order, quoting and other
formatting never show up. On top of the entry changes come the timing consequences on the
expanded run of show: planned starts that moved, hard starts now overlapped, the total length.

A change record is ``Change(area, path, kind, old, new, old_line, new_line)``; ``kind`` is one
of added / removed / changed / moved and the values are plain JSON data (texts, numbers,
durations written as in the format). ``inline_diff`` gives the character-level runs of a text
change, readable for Chinese.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Iterable

from livesop import i18n
from livesop.format.model import DEFAULT_ALERT_LEVELS, DEFAULT_COMMENT_WINDOW, AlertLevel, Playbook
from livesop.format.timefmt import format_clock, format_duration, format_mmss, human_duration, parse_duration
from livesop.format.timeline import Timeline, build_timeline
from livesop.i18n import _

KINDS = ("added", "removed", "changed", "moved")
AREAS = ("playbook", "roles", "products", "scripts", "checklists", "segments", "emergencies",
         "compliance", "timing")


@dataclass(frozen=True)
class Change:
    """One difference: where (area, path, line on each side), what kind, the value before and after."""

    area: str
    path: str
    kind: str
    old: object = None
    new: object = None
    old_line: int | None = None
    new_line: int | None = None
    # how a report shows ``old`` / ``new`` to a person when that differs from the value (an added or removed
    # entry described in the language in force); never in the JSON, never compared
    old_label: object = field(default=None, compare=False, repr=False)
    new_label: object = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        return {"area": self.area, "path": self.path, "kind": self.kind, "old": self.old,
                "new": self.new, "old_line": self.old_line, "new_line": self.new_line}


# -- values ----------------------------------------------------------------------------------

def plain(value):
    """A model value as plain JSON data; texts lose trailing whitespace (a block's last newline)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    text = getattr(value, "value", None)
    if isinstance(text, str):
        return text.rstrip()
    return str(value)


def _duration(value):
    return None if value is None else format_duration(value)


def _clock(value):
    return None if value is None else format_clock(value)


# field name → converter (plain unless named). Each entry kind lists the fields it compares.
_DUR, _CLOCK = _duration, _clock
PLAYBOOK_FIELDS = {"livesop": plain, "id": plain, "title": plain, "version": plain, "platform": plain,
                   "description": plain}
SCHEDULE_FIELDS = {"start": _CLOCK, "length": _DUR}
SESSION_FIELDS = {"date": plain, "start": _CLOCK}
TEMPLATE_FIELDS = {"id": plain, "version": plain, "commit": plain}
ROLE_FIELDS = {"name": plain, "description": plain, "backup": plain}
PRODUCT_FIELDS = {"slot": plain, "name": plain, "link": plain, "live_price": plain, "list_price": plain,
                  "price_basis": plain, "stock": plain, "mechanism": plain}
CLAIM_FIELDS = {"text": plain, "evidence": plain}
SCRIPT_FIELDS = {"text": plain, "category": plain, "tags": plain}
ITEM_FIELDS = {"text": plain, "due": _DUR, "blocking": plain, "ref": plain}
SEGMENT_FIELDS = {"title": plain, "kind": plain, "duration": _DUR, "product": plain, "start": _CLOCK,
                  "end": plain, "warn": _DUR, "for_each": plain, "notes": plain}
CUE_FIELDS = {"id": plain, "at": _DUR, "role": plain, "say": plain, "do": plain, "every": _DUR,
              "note": plain}
EMERGENCY_FIELDS = {"title": plain, "severity": plain, "trigger": plain, "owner": plain,
                    "respond_within": _DUR, "recover_within": _DUR, "hold": plain}
STEP_FIELDS = {"role": plain, "say": plain, "do": plain}
ALLOW_FIELDS = {"term": plain, "reason": plain}
EXTRA_FIELDS = {"term": plain, "suggest": plain, "category": plain}
LEVEL_FIELDS = {"at": plain, "role": plain, "emergency": plain, "do": plain}


# -- short descriptions of whole entries (the value of an added or removed record) ------------

def _money(value) -> str:
    return f"¥{plain(value)}" if value is not None else "¥?"


def _say_or_do(node) -> str:
    if node.say:
        return f"say {node.say}"
    return plain(node.do) or ""


DESCRIBE: dict[str, Callable] = {
    "role": lambda r: plain(r.name) or r.id,
    "product": lambda p: " ".join(x for x in (
        plain(p.name) or p.id or "", _money(p.live_price),
        f"stock {p.stock}" if p.stock is not None else "") if x),
    "claim": lambda c: plain(c.text),
    "script": lambda s: plain(s.text),
    "item": lambda i: plain(i.text),
    "segment": lambda s: f"{plain(s.title) or s.id} ({_duration(s.duration or 0)})",
    "cue": lambda c: f"{_duration(c.at or 0)} {c.role}: {_say_or_do(c)}",
    "emergency": lambda e: f"{e.severity or '?'} {plain(e.title) or e.id}",
    "step": lambda s: f"{s.role}: {_say_or_do(s)}",
    "allow": lambda a: plain(a.term),
    "extra": lambda e: plain(e.term),
    "level": lambda v: " ".join(x for x in (f"at {v.at}", v.role and f"tell {v.role}",
                                            v.emergency and f"suggest {v.emergency}") if x),
}


def _human(value) -> str:
    return human_duration(value or 0, compact=True)


def _cue_label(node, prefix: dict) -> str:
    if node.say:
        return (_("{at} {role}: say {text}") if "at" in prefix else _("{role}: say {text}")).format(
            text=node.say, **prefix)
    return (_("{at} {role}: {action}") if "at" in prefix else _("{role}: {action}")).format(
        action=plain(node.do) or "", **prefix)


def _product_label(p) -> str:
    name, price = plain(p.name) or p.id or "", _money(p.live_price)
    if p.stock is None:
        return _("{name} {price}").format(name=name, price=price).strip()
    return _("{name} {price} stock {stock}").format(name=name, price=price, stock=p.stock).strip()


def _level_label(level) -> str:
    if level.role and level.emergency:
        return _("at {count} negative comments: tell {role}, suggest plan {plan}").format(
            count=level.at, role=level.role, plan=level.emergency)
    if level.role:
        return _("at {count} negative comments: tell {role}").format(count=level.at, role=level.role)
    if level.emergency:
        return _("at {count} negative comments: suggest plan {plan}").format(count=level.at, plan=level.emergency)
    return _("at {count} negative comments").format(count=level.at)


# The descriptions of DESCRIBE that hold words or durations, in the language in force (the reports');
# the change records keep DESCRIBE's, for the JSON.
LABELS: dict[str, Callable] = {
    "product": _product_label,
    "segment": lambda s: _("{title} ({duration})").format(title=plain(s.title) or s.id, duration=_human(s.duration)),
    "cue": lambda c: _cue_label(c, {"at": _human(c.at), "role": c.role}),
    "step": lambda s: _cue_label(s, {"role": s.role}),
    "level": lambda v: _level_label(v),
}


def _labeller(describe: str) -> Callable | None:
    """How an entry of kind ``describe`` reads in a report, when that is not its DESCRIBE text in English."""
    return LABELS.get(describe) if i18n.current() != "en" else None


def _line(node, name: str | None = None) -> int | None:
    if node is None:
        return None
    loc = node.pos(name) if name is not None else node.loc
    return loc.line


def _text_line(value) -> int | None:
    loc = getattr(value, "loc", None)
    return loc.line if loc is not None else None


# -- matching -------------------------------------------------------------------------------

def _keyed(items: Iterable, key: Callable) -> dict:
    """id → item, in order; a missing id becomes ``#<position>``, a repeated one ``<id>#<n>``."""
    result: dict = {}
    for index, item in enumerate(items, 1):
        name = key(item)
        name = f"#{index}" if name is None else str(name)
        unique, n = name, 1
        while unique in result:
            n += 1
            unique = f"{name}#{n}"
        result[unique] = item
    return result


def _match_unkeyed(old: list, new: list, identity: Callable) -> tuple[list, list, list]:
    """Pairs of (old index, new index): equal identities first, then the rest by position."""
    pairs: list[tuple[int, int]] = []
    waiting: dict = {}
    for i, item in enumerate(old):
        waiting.setdefault(identity(item), []).append(i)
    new_left = []
    for j, item in enumerate(new):
        queue = waiting.get(identity(item))
        if queue:
            pairs.append((queue.pop(0), j))
        else:
            new_left.append(j)
    paired_old = {i for i, _ in pairs}
    old_left = [i for i in range(len(old)) if i not in paired_old]
    pairs += list(zip(old_left, new_left))
    removed = old_left[len(new_left):]
    added = new_left[len(old_left):]
    pairs.sort(key=lambda p: p[1])
    return pairs, removed, added


def _moved(old_ids: list, new_ids: list) -> set:
    """Ids common to both orders that left the longest run kept in the same relative order."""
    old_pos = {k: i for i, k in enumerate(old_ids)}
    common = [k for k in new_ids if k in old_pos]
    seq = [old_pos[k] for k in common]
    # Longest increasing subsequence (patience sorting) with back links.
    tails: list[int] = []
    tail_idx: list[int] = []
    back = [-1] * len(seq)
    for i, value in enumerate(seq):
        at = bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tail_idx.append(i)
        else:
            tails[at] = value
            tail_idx[at] = i
        back[i] = tail_idx[at - 1] if at else -1
    keep = set()
    i = tail_idx[-1] if tail_idx else -1
    while i != -1:
        keep.add(common[i])
        i = back[i]
    return {k for k in common if k not in keep}


def _written_alike(old, new) -> bool:
    """Whether two nodes are written with the very same text in their files (no alias in it, which
    could stand for something else in each): the same text builds the same model, and comparing
    text costs a fifth of comparing the models. Anything else is left to the models' ``==``."""
    a, b = getattr(old, "loc", None), getattr(new, "loc", None)
    if a is None or b is None or a.source is None or b.source is None or a.col != b.col \
            or a.end_line - a.line != b.end_line - b.line:
        return False
    text = _written(a)
    return text is not None and "*" not in text and text == _written(b)


def _written(loc) -> str | None:
    """The text of a node's span in its file, or None when the span is not within it."""
    lines = loc.source.lines
    if not 1 <= loc.line <= loc.end_line <= len(lines):
        return None
    if loc.line == loc.end_line:
        return lines[loc.line - 1][loc.col - 1:loc.end_col - 1]
    return "\n".join([lines[loc.line - 1][loc.col - 1:], *lines[loc.line:loc.end_line - 1],
                      lines[loc.end_line - 1][:loc.end_col - 1]])


# -- the differ -----------------------------------------------------------------------------

class _Differ:
    def __init__(self, lines: bool = True, texts: bool = True) -> None:
        self.out: list[Change] = []
        self.lines = lines  # False: a changed field's lines are left out (None), which a summary never reads
        self.texts = texts  # entries written alike are the same without comparing their models

    def emit(self, area, path, kind, old=None, new=None, old_line=None, new_line=None, old_label=None,
             new_label=None) -> None:
        self.out.append(Change(area, path, kind, old, new, old_line, new_line, old_label, new_label))

    def fields(self, area: str, path: str, old, new, spec: dict) -> None:
        """Field-by-field comparison of two nodes (either may be None: every field then absent)."""
        both = old is not None and new is not None
        for name, convert in spec.items():
            x = getattr(old, name, None) if old is not None else None
            y = getattr(new, name, None) if new is not None else None
            if both and x is y:
                continue  # the very same value (versions of a history share their unchanged parts)
            a = convert(x) if old is not None else None
            b = convert(y) if new is not None else None
            if a != b:
                self.emit(area, f"{path}.{name}" if path else name, "changed", a, b,
                          *((_line(old, name), _line(new, name)) if self.lines else (None, None)))

    def keyed(self, area: str, base: str, old: dict, new: dict, describe: str,
              compare: Callable | None = None, ordered: bool = False) -> None:
        """Entries matched by key: removed, then in the new order added / moved / changed."""
        show, label = DESCRIBE[describe], _labeller(describe)
        for key, item in old.items():
            if key not in new:
                self.emit(area, f"{base}[{key}]", "removed", show(item), None, _node_line(item), None,
                          old_label=label(item) if label else None)
        moved = _moved(list(old), list(new)) if ordered and list(old) != list(new) else set()
        old_index = {k: i for i, k in enumerate(old)}
        for index, (key, item) in enumerate(new.items()):
            path = f"{base}[{key}]"
            if key not in old:
                self.emit(area, path, "added", None, show(item), None, _node_line(item),
                          new_label=label(item) if label else None)
                continue
            if key in moved:
                self.emit(area, path, "moved", old_index[key] + 1, index + 1,
                          _node_line(old[key]), _node_line(item))
            if compare is not None and old[key] is not item and not (self.texts and _written_alike(old[key], item)) \
                    and old[key] != item:  # versions share unchanged parts, or write them with the same text
                compare(area, path, old[key], item)

    def unkeyed(self, area: str, base: str, old: tuple, new: tuple, describe: str,
                identity: Callable, compare: Callable,
                old_pos: list | None = None, new_pos: list | None = None) -> None:
        """Entries without ids: paired by identity, then by position.

        Paths name an entry by its 1-based position ``#n`` in its list (the new list, or the
        old one for a removed entry); ``old_pos`` / ``new_pos`` map indexes of ``old`` / ``new``
        to positions in a longer list they were taken from.
        """
        if old is new:  # the same entries (versions of a history share their unchanged parts)
            return
        show, label = DESCRIBE[describe], _labeller(describe)
        where_old = old_pos or range(1, len(old) + 1)
        where_new = new_pos or range(1, len(new) + 1)
        pairs, removed, added = _match_unkeyed(list(old), list(new), identity)
        # the order of a list without ids is part of its meaning (cues at one time fire in it,
        # steps are done in it): a paired entry that left the longest run kept in order moved
        moved = _moved(sorted(i for i, _j in pairs), [i for i, _j in sorted(pairs, key=lambda p: p[1])])
        for i in removed:
            self.emit(area, f"{base}[#{where_old[i]}]", "removed", show(old[i]), None, _node_line(old[i]), None,
                      old_label=label(old[i]) if label else None)
        for j in added:
            self.emit(area, f"{base}[#{where_new[j]}]", "added", None, show(new[j]), None, _node_line(new[j]),
                      new_label=label(new[j]) if label else None)
        for i, j in sorted(pairs, key=lambda p: p[1]):
            if i in moved:
                self.emit(area, f"{base}[#{where_new[j]}]", "moved", where_old[i], where_new[j],
                          _node_line(old[i]), _node_line(new[j]))
            if old[i] is not new[j] and old[i] != new[j]:
                compare(area, f"{base}[#{where_new[j]}]", old[i], new[j])

    # -- the parts of a playbook ----------------------------------------------------------------
    def playbook(self, a: Playbook, b: Playbook) -> None:
        self.fields("playbook", "", a, b, PLAYBOOK_FIELDS)
        self.fields("playbook", "schedule", a.schedule, b.schedule, SCHEDULE_FIELDS)
        self.fields("playbook", "session", a.session, b.session, SESSION_FIELDS)
        self.fields("playbook", "session.template", a.session and a.session.template,
                    b.session and b.session.template, TEMPLATE_FIELDS)
        self.variables(a, b)
        self.keyed("roles", "roles", dict(a.roles), dict(b.roles), "role",
                   lambda area, path, x, y: self.fields(area, path, x, y, ROLE_FIELDS))
        self.keyed("products", "products", _keyed(a.products, _id), _keyed(b.products, _id), "product",
                   self.product, ordered=True)
        self.keyed("scripts", "scripts", dict(a.scripts), dict(b.scripts), "script",
                   lambda area, path, x, y: self.fields(area, path, x, y, SCRIPT_FIELDS))
        self.checklists(a, b)
        self.keyed("segments", "segments", _keyed(a.segments, _id), _keyed(b.segments, _id), "segment",
                   self.segment, ordered=True)
        self.keyed("emergencies", "emergencies", _keyed(a.emergencies, _id), _keyed(b.emergencies, _id),
                   "emergency", self.emergency)
        self.compliance(a, b)

    def variables(self, a: Playbook, b: Playbook) -> None:
        for name in list(a.variables) + [n for n in b.variables if n not in a.variables]:
            x, y = a.variables.get(name), b.variables.get(name)
            if plain(x) == plain(y):
                continue
            kind = "added" if x is None else "removed" if y is None else "changed"
            self.emit("playbook", f"variables[{name}]", kind, plain(x), plain(y), _text_line(x), _text_line(y))

    def product(self, area, path, x, y) -> None:
        self.fields(area, path, x, y, PRODUCT_FIELDS)
        self.unkeyed(area, f"{path}.claims", x.claims, y.claims, "claim", lambda c: plain(c.text),
                     lambda ar, p, c, d: self.fields(ar, p, c, d, CLAIM_FIELDS))

    def segment(self, area, path, x, y) -> None:
        self.fields(area, path, x, y, SEGMENT_FIELDS)
        self.cues(area, f"{path}.cues", x.cues, y.cues)

    def cues(self, area: str, base: str, old: tuple, new: tuple) -> None:
        """Cues with an id are matched by id; the others by role and content, then position."""
        compare = lambda ar, p, c, d: self.fields(ar, p, c, d, CUE_FIELDS)  # noqa: E731
        self.keyed(area, base, {c.id: c for c in old if c.id}, {c.id: c for c in new if c.id}, "cue", compare)
        old_pos = [n for n, c in enumerate(old, 1) if not c.id]
        new_pos = [n for n, c in enumerate(new, 1) if not c.id]
        self.unkeyed(area, base, tuple(old[n - 1] for n in old_pos), tuple(new[n - 1] for n in new_pos),
                     "cue", lambda c: (c.role, c.say, plain(c.do)), compare, old_pos, new_pos)

    def checklists(self, a: Playbook, b: Playbook) -> None:
        compare = lambda ar, p, x, y: self.fields(ar, p, x, y, ITEM_FIELDS)  # noqa: E731
        for phase in _union(a.checklists, b.checklists):
            old_roles, new_roles = a.checklists.get(phase) or {}, b.checklists.get(phase) or {}
            for role in _union(old_roles, new_roles):
                self.unkeyed("checklists", f"checklists.{phase}[{role}]", tuple(old_roles.get(role) or ()),
                             tuple(new_roles.get(role) or ()), "item", lambda i: plain(i.text), compare)

    def emergency(self, area, path, x, y) -> None:
        self.fields(area, path, x, y, EMERGENCY_FIELDS)
        self.unkeyed(area, f"{path}.steps", x.steps, y.steps, "step", lambda s: (s.role, s.say, plain(s.do)),
                     lambda ar, p, s, t: self.fields(ar, p, s, t, STEP_FIELDS))

    def compliance(self, a: Playbook, b: Playbook) -> None:
        for name, spec, describe in (("allow", ALLOW_FIELDS, "allow"), ("extra", EXTRA_FIELDS, "extra")):
            old = _keyed(getattr(a.compliance, name, ()) if a.compliance else (), lambda t: plain(t.term))
            new = _keyed(getattr(b.compliance, name, ()) if b.compliance else (), lambda t: plain(t.term))
            self.keyed("compliance", f"compliance.{name}", old, new, describe,
                       lambda ar, p, x, y, spec=spec: self.fields(ar, p, x, y, spec))
        (old_watch, old_window, old_levels), (new_watch, new_window, new_levels) = _watch(a), _watch(b)
        if old_window != new_window:
            self.emit("compliance", "compliance.comments.window", "changed", _duration(old_window),
                      _duration(new_window), *((_line(old_watch, "window"), _line(new_watch, "window"))
                                               if self.lines else (None, None)))
        self.unkeyed("compliance", "compliance.comments.levels", old_levels, new_levels, "level",
                     lambda v: (v.at, v.role, v.emergency, plain(v.do)),
                     lambda ar, p, x, y: self.fields(ar, p, x, y, LEVEL_FIELDS))

    # -- timing consequences ----------------------------------------------------------------------
    def timing(self, a: Playbook, b: Playbook, timelines: tuple | None = None) -> None:
        old_t, new_t = timelines or (build_timeline(a), build_timeline(b))
        old_slots = {}
        for slot in old_t.slots:
            old_slots.setdefault(slot.segment.id, slot)
        seen = set()
        # an offset is written out as its clock time when known (``_when``), else as itself
        old_clock, new_clock = old_t.start_clock, new_t.start_clock
        clocks = old_clock is not None and new_clock is not None
        offsets = old_clock is None and new_clock is None
        for slot in new_t.slots:
            key = slot.segment.id
            before = old_slots.get(key)
            if before is None or key in seen:
                continue
            seen.add(key)
            if clocks:
                moved = old_clock + before.start != new_clock + slot.start
            else:
                moved = before.start != slot.start if offsets else True
            if not moved and before.overlap == slot.overlap and before.gap == slot.gap:
                continue
            path = f"timing[{key}]"
            lines = (before.segment.loc.line, slot.segment.loc.line)
            if moved:  # written out only when they differ
                old_start, new_start = _when(old_t, before.start), _when(new_t, slot.start)
                if old_start != new_start:
                    self.emit("timing", f"{path}.start", "changed", old_start, new_start, *lines)
            for name in ("overlap", "gap"):  # a hard start now overlapped, or now waiting
                x, y = getattr(before, name), getattr(slot, name)
                if x != y:
                    kind = "added" if not x else "removed" if not y else "changed"
                    self.emit("timing", f"{path}.{name}", kind, _duration(x) if x else None,
                              _duration(y) if y else None, *lines)
        for slot in new_t.slots:  # a new hard start that is overlapped at once
            if slot.overlap and slot.segment.id not in old_slots:
                self.emit("timing", f"timing[{slot.segment.id}].overlap", "added", None,
                          _duration(slot.overlap), None, slot.segment.loc.line)
        if old_t.total != new_t.total:
            self.emit("timing", "timing.total", "changed", _duration(old_t.total), _duration(new_t.total),
                      _line(a, "segments"), _line(b, "segments"))


def _when(timeline: Timeline, offset: int) -> str:
    clock = timeline.clock(offset)
    return format_clock(clock) if clock is not None else "+" + format_mmss(offset)


def _watch(playbook: Playbook) -> tuple:
    """(the ``compliance.comments`` node or None, its window, its levels) as the 弹幕 watch uses
    them: the one-minute window and the levels at 3 and 10 where none are written."""
    watch = playbook.compliance.comments if playbook.compliance is not None else None
    window = watch.window if watch is not None else DEFAULT_COMMENT_WINDOW
    levels = tuple(level for level in (watch.levels if watch is not None else ()) if level.at is not None)
    if not levels:
        levels = tuple(AlertLevel(at=at, loc=watch.loc if watch is not None else playbook.loc)
                       for at in DEFAULT_ALERT_LEVELS)
    return watch, window, levels


def _node_line(node) -> int | None:
    loc = getattr(node, "loc", None)
    return loc.line if loc is not None else None


def _id(node):
    return node.id


def _union(a, b) -> list:
    return list(a) + [k for k in b if k not in a]


def diff(old: Playbook, new: Playbook, timing: bool = True,
         timelines: tuple[Timeline, Timeline] | None = None, lines: bool = True,
         shared: bool = False) -> list[Change]:
    """Every semantic difference between two playbooks, grouped by area in ``AREAS`` order.

    ``timing=False`` leaves out the timing consequences; ``timelines`` passes both sides'
    timelines when the caller has them already (a history walk builds each one once);
    ``lines=False`` leaves a changed field's lines out (None), for a caller that only counts
    and summarises the changes (``log``); ``shared``: the two models share the objects of their
    unchanged parts (``versions.incremental``), so entries are not first compared by their text.
    """
    differ = _Differ(lines, texts=not shared)
    differ.playbook(old, new)
    if timing:
        differ.timing(old, new, timelines)
    order = {area: i for i, area in enumerate(AREAS)}
    return sorted(differ.out, key=lambda c: order[c.area])


# -- inline text diff -------------------------------------------------------------------------

def inline_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character-level runs ``("=", text)``, ``("-", text)``, ``("+", text)`` from old to new.

    Characters are compared one by one (a Chinese sentence has no spaces to split words on);
    a short stretch left equal between two edits is folded into them, so the result reads as a
    few whole replacements instead of confetti.
    """
    old, new = old or "", new or ""
    chunks: list[list] = []  # [equal?, old text, new text]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        chunks.append([tag == "equal", old[i1:i2], new[j1:j2]])
    merged: list[list] = []
    for index, chunk in enumerate(chunks):
        equal, a, _new = chunk
        if (equal and merged and not merged[-1][0] and index + 1 < len(chunks)
                and len(a) <= max(len(merged[-1][1]), len(merged[-1][2]))
                and len(a) <= max(len(chunks[index + 1][1]), len(chunks[index + 1][2]))):
            merged[-1][1] += a
            merged[-1][2] += a
            continue
        if not equal and merged and not merged[-1][0]:
            merged[-1][1] += chunk[1]
            merged[-1][2] += chunk[2]
            continue
        merged.append(list(chunk))
    runs: list[tuple[str, str]] = []
    for equal, a, b in merged:
        if equal:
            runs.append(("=", a))
            continue
        if a:
            runs.append(("-", a))
        if b:
            runs.append(("+", b))
    return runs


def edit_size(runs: list[tuple[str, str]]) -> int:
    """How many characters an inline diff changes (a replacement counts its longer side)."""
    size, deleted = 0, 0
    for op, text in runs:
        if op == "-":
            deleted = len(text)
            size += deleted
        elif op == "+":
            size += max(0, len(text) - deleted)
            deleted = 0
        else:
            deleted = 0
    return size


# -- one-line summary -------------------------------------------------------------------------

class _English:
    """The summary's texts as written: the log's JSON keeps its summaries in English in every language."""

    @staticmethod
    def _(message: str) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


# area → kind → the text of its count (each a whole phrase, so that Chinese can order its words)
COUNTS: dict[str, dict[str, Callable]] = {
    "roles": {
        "added": lambda t, n: t.ngettext("+{count} role", "+{count} roles", n),
        "removed": lambda t, n: t.ngettext("−{count} role", "−{count} roles", n),
        "changed": lambda t, n: t.ngettext("{count} role changed", "{count} roles changed", n),
        "moved": lambda t, n: t.ngettext("{count} role moved", "{count} roles moved", n)},
    "products": {
        "added": lambda t, n: t.ngettext("+{count} product", "+{count} products", n),
        "removed": lambda t, n: t.ngettext("−{count} product", "−{count} products", n),
        "changed": lambda t, n: t.ngettext("{count} product changed", "{count} products changed", n),
        "moved": lambda t, n: t.ngettext("{count} product moved", "{count} products moved", n)},
    "scripts": {
        "added": lambda t, n: t.ngettext("+{count} script", "+{count} scripts", n),
        "removed": lambda t, n: t.ngettext("−{count} script", "−{count} scripts", n),
        "changed": lambda t, n: t.ngettext("{count} script changed", "{count} scripts changed", n),
        "moved": lambda t, n: t.ngettext("{count} script moved", "{count} scripts moved", n)},
    "checklists": {
        "added": lambda t, n: t.ngettext("+{count} checklist item", "+{count} checklist items", n),
        "removed": lambda t, n: t.ngettext("−{count} checklist item", "−{count} checklist items", n),
        "changed": lambda t, n: t.ngettext("{count} checklist item changed", "{count} checklist items changed", n),
        "moved": lambda t, n: t.ngettext("{count} checklist item moved", "{count} checklist items moved", n)},
    "segments": {
        "added": lambda t, n: t.ngettext("+{count} segment", "+{count} segments", n),
        "removed": lambda t, n: t.ngettext("−{count} segment", "−{count} segments", n),
        "changed": lambda t, n: t.ngettext("{count} segment changed", "{count} segments changed", n),
        "moved": lambda t, n: t.ngettext("{count} segment moved", "{count} segments moved", n)},
    "emergencies": {
        "added": lambda t, n: t.ngettext("+{count} emergency plan", "+{count} emergency plans", n),
        "removed": lambda t, n: t.ngettext("−{count} emergency plan", "−{count} emergency plans", n),
        "changed": lambda t, n: t.ngettext("{count} emergency plan changed", "{count} emergency plans changed", n),
        "moved": lambda t, n: t.ngettext("{count} emergency plan moved", "{count} emergency plans moved", n)},
    "compliance": {
        "added": lambda t, n: t.ngettext("+{count} compliance entry", "+{count} compliance entries", n),
        "removed": lambda t, n: t.ngettext("−{count} compliance entry", "−{count} compliance entries", n),
        "changed": lambda t, n: t.ngettext("{count} compliance entry changed", "{count} compliance entries changed",
                                           n),
        "moved": lambda t, n: t.ngettext("{count} compliance entry moved", "{count} compliance entries moved", n)},
}


def entity(change: Change) -> str | None:
    """The entry a change belongs to: ``segments[open]`` for ``segments[open].cues[#1].at``."""
    if change.area == "checklists":
        end = change.path.find("]", change.path.find("]") + 1)
    else:
        end = change.path.find("]")
    return change.path[: end + 1] if end != -1 else None


def summarize(changes: list[Change], english: bool = False) -> str:
    """``+1 segment, 2 scripts changed, 1 segment moved, −3m`` (the version field left out), in the
    language in force; ``english`` gives the English text whatever the language."""
    t = _English if english else i18n
    parts: list[str] = []
    settings = [c for c in changes if c.area == "playbook" and c.path != "version"]
    if len(settings) == 1:
        parts.append(t._("{path} changed").format(path=settings[0].path))
    elif settings:
        parts.append(t._("{count} settings changed").format(count=len(settings)))
    by_area: dict[str, list[Change]] = {}
    for change in changes:
        by_area.setdefault(change.area, []).append(change)
    for area, texts in COUNTS.items():
        counts = {"added": set(), "removed": set(), "changed": set(), "moved": set()}
        for change in by_area.get(area, ()):
            key = entity(change)
            whole = key == change.path and change.kind in ("added", "removed", "moved")
            counts[change.kind if whole else "changed"].add(key)
        counts["changed"] -= counts["added"] | counts["removed"]
        for kind in ("added", "removed", "changed", "moved"):
            n = len(counts[kind])
            if n:
                parts.append(texts[kind](t, n).format(count=n))
    total = next((c for c in changes if c.path == "timing.total"), None)
    if total is not None:
        delta = (parse_duration(total.new) or 0) - (parse_duration(total.old) or 0)
        length = format_duration(abs(delta)) if english else human_duration(abs(delta), compact=True)
        longer = t.pgettext("show length", "+{duration}") if delta > 0 else t.pgettext("show length", "−{duration}")
        parts.append(longer.format(duration=length))
    if not parts:
        return t._("version only") if changes else t._("no change")
    return t.pgettext("summary separator", ", ").join(parts)
