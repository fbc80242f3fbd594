"""From loaded YAML data to the model, checking structure against the format table (spec.py).

Structure problems (unknown or missing keys, wrong types, bad ids, unreadable durations) become
diagnostics; the offending value is left out so later checks see a best-effort model.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from livesop import regexes
from livesop.diagnostics import Diagnostic
from livesop.format import model, spec
from livesop.format.source import Loc
from livesop.format.timefmt import human_duration, parse_clock, parse_duration
from livesop.format.yamlio import Loaded, YMap, YSeq
from livesop.i18n import N_, _, join, ngettext, pgettext

ID_PATTERN = regexes.compile(r"^[\w.-]+$")
SEMVER_PATTERN = regexes.compile(r"(?a)^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                                 r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
VERSION_PARTS = ("MAJOR", "MINOR", "PATCH")
FORMAT_VERSION = 1
_TEXT_DIGITS = 30  # a longer whole number is described, not written out (Python writes at most 4,300 digits)

_BAD = object()
_NO_LOCS: Mapping[str, Loc] = MappingProxyType({})  # a node built from its YAML mapping alone
_TYPE_NAMES = {YMap: N_("a mapping"), YSeq: N_("a list"), str: N_("text"), int: N_("a number"),
               float: N_("a number"), bool: N_("true/false"), type(None): N_("nothing")}


def build(loaded: Loaded, cross_checks: bool = True) -> tuple[model.Playbook | None, list[Diagnostic]]:
    """The playbook model of a loaded file and the structure diagnostics found on the way. Without
    ``cross_checks``, the rules that span fields (ids used twice, a cue with both or neither of say
    and do) are not looked at: they find problems and change nothing in the model, and a caller
    that wants the model only (a comparison) need not pay for them."""
    if loaded.data is None:
        return None, list(loaded.diagnostics)
    # A builder's plans do not depend on the file: one kept from an earlier build saves making them
    # again (a history walk builds a thousand small documents). Builds side by side take one each.
    builder = _SPARE.pop() if _SPARE else _Builder(loaded.file)
    builder.file, builder.diagnostics = loaded.file, []
    try:
        playbook = builder.obj("playbook", loaded.data, loaded.data.loc, {"file": loaded.file})
        if playbook is not None and cross_checks:
            builder.cross_checks(playbook)
        return playbook, list(loaded.diagnostics) + builder.diagnostics
    finally:
        builder.diagnostics = []
        _SPARE.append(builder)


def type_name(value) -> str:
    name = _TYPE_NAMES.get(type(value))
    return _(name) if name else type(value).__name__


def did_you_mean(word: str, choices) -> str:
    close = _closest(word, choices)
    return _("did you mean `{close}`?").format(close=close) if close else ""


def shown(value, quote: bool = True) -> str:
    """``value`` as a message shows it, never a ValueError: text quoted (unless ``quote`` is false), a
    number written out (a whole number of over 30 digits as ``a 4,335-digit number``), a list by its kind."""
    if isinstance(value, str):
        return repr(value) if quote else value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 10 ** _TEXT_DIGITS else str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** _TEXT_DIGITS:
        return _("a {count}-digit number").format(count=f"{_digits(value):,}")
    if isinstance(value, (bool, int, type(None))):
        return str(value)
    return type_name(value)


def out_of_bounds(value, bounds: spec.Bounds) -> str | None:
    """Why the number ``value`` is outside ``bounds`` (``above the maximum 9,999``), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return _("not a finite number")
    if value < bounds.low:
        return _("below the minimum {low}").format(low=f"{bounds.low:,}")
    if value > bounds.high:
        return _("above the maximum {high}").format(high=f"{bounds.high:,}")
    if bounds.places is not None and isinstance(value, float) and round(value, bounds.places) != value:
        if not bounds.places:
            return _("not a whole number")
        return ngettext("more than {places} decimal", "more than {places} decimals",
                        bounds.places).format(places=bounds.places)
    return None


def _closest(word, choices) -> str | None:
    import difflib  # only when a word is wrong

    word = shown(word, quote=False)
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


_SPARE: list["_Builder"] = []  # builders not in use, their plans made


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.plans: dict[str, list] = {}

    def report(self, code: str, loc, message: str, hint: str = "") -> None:
        loc = _loc(loc)
        self.diagnostics.append(Diagnostic(code, self.file, loc.line, loc.col, message, hint))

    # -- objects ---------------------------------------------------------------------------
    def obj(self, name: str, value, loc: Loc, extra: dict | None = None, extra_locs: dict | None = None):
        object_spec = spec.OBJECTS[name]
        if object_spec.shorthand and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            loc = _loc(loc)
            mapping = YMap(loc)
            mapping[object_spec.shorthand] = value
            mapping.set_loc(object_spec.shorthand, loc)
            value = mapping
        if not isinstance(value, YMap):
            message = (_("{object} must be a mapping or text, not {type}") if object_spec.shorthand
                       else _("{object} must be a mapping, not {type}"))
            self.report("LS203", loc, message.format(object=_label(name), type=type_name(value)),
                        _("write it as `key: value` lines; keys: {keys}").format(keys=join(object_spec.fields)))
            return None
        misspelt = set()  # required keys an unknown key probably stands for: one finding, not two
        if not value.keys() <= object_spec.fields.keys():
            for key in value:
                if key not in object_spec.fields:
                    close = _closest(key, object_spec.fields)
                    if close is not None and close not in value:
                        misspelt.add(close)
                    self.report("LS201", value.key_at(key),
                                _("unknown key `{key}` in {object}").format(key=shown(key, False), object=_label(name)),
                                _("did you mean `{close}`?").format(close=close) if close else
                                _("allowed keys: {keys}").format(keys=join(object_spec.fields)))
        kwargs: dict = dict(extra) if extra else {}
        plan = self.plans.get(name) or self.plan(name)
        for field_name, field, convert in plan:
            item = value.get(field_name)
            if item is None:
                if field.required and field_name not in misspelt:
                    where = value.key_at(field_name) if field_name in value else value.loc
                    hint = (_("add `{key}:` ({doc})").format(key=field_name, doc=_(field.doc)) if field.doc
                            else _("add `{key}:`").format(key=field_name))
                    self.report("LS202", where, _("{object} needs `{key}`").format(object=_label(name), key=field_name),
                                hint)
                continue
            converted = convert(item, value)
            if converted is not _BAD:
                kwargs[field_name] = converted
        if object_spec.cls is dict:
            return kwargs
        return object_spec.cls(**kwargs, loc=value.loc, locs=extra_locs or _NO_LOCS, src=value)

    def plan(self, name: str) -> list:
        """``(field name, field, convert)`` for each field of object ``name``: ``convert(item,
        holder)`` is ``conform`` with the common cases of each kind taken first."""
        plan = [(field_name, field, self.converter(name, field_name, field.kind))
                for field_name, field in spec.OBJECTS[name].fields.items()]
        self.plans[name] = plan
        return plan

    def converter(self, name: str, field_name: str, kind):
        """A function of (item, holder) that returns what ``conform`` returns for ``kind``; the
        values a valid playbook holds are converted here, every other one by ``conform``."""
        ctx = (name, field_name)

        def general(item, holder):
            return self.conform(kind, item, _Where(holder, field_name), ctx)

        if isinstance(kind, spec.Enum):
            values = kind.values
            return lambda item, holder: item if item.__class__ is str and item in values else general(item, holder)
        if isinstance(kind, spec.ListOf) and isinstance(kind.item, spec.Obj):
            item_name, obj = kind.item.name, self.obj

            def objects(item, holder):
                if item.__class__ is not YSeq:
                    return general(item, holder)
                items = []
                for index, element in enumerate(item):
                    converted = obj(item_name, element, _Where(item, index))
                    if converted:  # None (not built) or an empty checklist mapping: left out, as `conform` does
                        items.append(converted)
                return tuple(items)
            return objects
        if not isinstance(kind, spec.Scalar):
            return general
        if kind.name == "text" and ctx in spec.PLAIN_STRING_FIELDS:
            return lambda item, holder: item if item.__class__ is str else general(item, holder)
        if kind.name == "text":
            text = model.Text
            return lambda item, holder: text(item, holder.at(field_name)) if item.__class__ is str \
                else general(item, holder)
        if kind.name == "id":
            match = ID_PATTERN.match
            return lambda item, holder: item if item.__class__ is str and match(item) else general(item, holder)
        if kind.name == "ref":
            def ref(item, holder):
                stripped = item.strip() if item.__class__ is str else ""
                return stripped if stripped else general(item, holder)
            return ref
        if kind.name == "duration":
            high = kind.bounds.high

            def duration(item, holder):
                seconds = _duration(item) if item.__class__ is str else None
                return seconds if seconds is not None and seconds <= high else general(item, holder)
            return duration
        return general

    def conform(self, kind, value, loc, ctx: tuple[str, str]):
        """Convert one value to its model type; ``loc`` is a Loc or a lazy ``_Where``."""
        if isinstance(kind, spec.Scalar):
            if kind.name == "text" and isinstance(value, str):
                return value if ctx in spec.PLAIN_STRING_FIELDS else model.Text(value, _loc(loc))
            return getattr(self, "scalar_" + kind.name)(value, loc, ctx, kind)
        if isinstance(kind, spec.Enum):
            if isinstance(value, str) and value in kind.values:
                return value
            hint = did_you_mean(value, kind.values) or _("one of: {values}").format(values=join(kind.values))
            self.report("LS206", loc, _("`{key}` is {value}, which is not one of the allowed values").format(
                key=ctx[1], value=shown(value)), hint)
            return _BAD
        if isinstance(kind, spec.ListOf):
            if not isinstance(value, YSeq):
                self.report("LS203", loc,
                            _("`{key}` must be a list, not {type}").format(key=ctx[1], type=type_name(value)),
                            _("write each item on its own line starting with `- `"))
                return _BAD
            items = []
            for index, item in enumerate(value):
                converted = self.conform(kind.item, item, _Where(value, index), ctx)
                if converted is not _BAD and converted is not None:
                    items.append(converted)
            return tuple(items)
        if isinstance(kind, spec.MapOf):
            return self.mapping(kind, value, loc, ctx)
        if isinstance(kind, spec.Obj):
            return self.obj(kind.name, value, loc) or _BAD
        raise AssertionError(kind)

    def mapping(self, kind: spec.MapOf, value, loc: Loc, ctx):
        if not isinstance(value, YMap):
            self.report("LS203", loc, _("`{key}` must be a mapping of id → entry, not {type}").format(
                key=ctx[1], type=type_name(value)), _("write one `id: …` line per entry"))
            return _BAD
        result = model.KeyedDict()
        for key, item in value.items():
            key_loc = value.key_at(key)
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                self.report("LS204", key_loc, _("`{id}` is not a valid identifier in `{key}`").format(
                    id=shown(key, False), key=ctx[1]),
                            _("use one token of letters, digits, `_`, `-`, `.` (quote numbers: \"1\")"))
                continue
            if isinstance(kind.value, spec.Obj) and kind.key_field:
                converted = self.obj(kind.value.name, item, _Where(value, key), {kind.key_field: key},
                                     {kind.key_field: key_loc})
                converted = _BAD if converted is None else converted
            elif item is None:
                self.report("LS203", value.at(key), _("`{id}` in `{key}` has no value").format(id=key, key=ctx[1]),
                            _("give it a value"))
                continue
            else:
                converted = self.conform(kind.value, item, _Where(value, key), (ctx[0], ctx[1]))
            if converted is not _BAD:
                result[key] = converted
                result.key_locs[key] = key_loc
        return result

    # -- scalars -----------------------------------------------------------------------------
    def scalar_text(self, value, loc, ctx, kind):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report("LS203", loc, _("`{key}` must be text, not {type}").format(key=ctx[1], type=type_name(value)),
                        _("quote the value if it is meant as text"))
            return _BAD
        if not isinstance(value, str) and out_of_bounds(value, kind.bounds):
            message = (_("`{key}` is {value}, which cannot be used as text")
                       if isinstance(value, float) and not math.isfinite(value)
                       else _("`{key}` is {value}, too long to be used as text"))
            self.report("LS210", loc, message.format(key=ctx[1], value=shown(value)), _hint(kind.bounds))
            return _BAD
        text = shown(value, quote=False)
        return text if ctx in spec.PLAIN_STRING_FIELDS else model.Text(text, _loc(loc))

    def scalar_id(self, value, loc, ctx, kind):
        if isinstance(value, str) and ID_PATTERN.match(value):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = _("quote it (\"{value}\") or start it with a letter").format(value=shown(value))
        else:
            hint = _("use one token of letters, digits, `_`, `-`, `.`, no spaces")
        self.report("LS204", loc, _("`{key}` {value} is not a valid identifier").format(key=ctx[1], value=shown(value)),
                    hint)
        return _BAD

    def scalar_ref(self, value, loc, ctx, kind):
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return shown(value)
        self.report("LS203", loc, _("`{key}` must name an id, not {type}").format(key=ctx[1], type=type_name(value)),
                    _("write the id"))
        return _BAD

    def scalar_int(self, value, loc, ctx, kind):
        fraction = isinstance(value, float) and math.isfinite(value) and not value.is_integer()
        if isinstance(value, bool) or not isinstance(value, (int, float)) or fraction:
            self.report("LS203", loc, _("`{key}` must be a whole number, not {value}").format(
                key=ctx[1], value=shown(value)), _("write digits only, e.g. `3`"))
            return _BAD
        return int(value) if self.in_bounds(value, loc, ctx, kind) else _BAD

    def scalar_number(self, value, loc, ctx, kind):
        if isinstance(value, str):
            hint = _("write the number without ¥ or 元, e.g. `199` or `9.9`")
            self.report("LS203", loc,
                        _("`{key}` must be a number, not text {value}").format(key=ctx[1], value=repr(value)),
                        hint)
            return _BAD
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.report("LS203", loc,
                        _("`{key}` must be a number, not {type}").format(key=ctx[1], type=type_name(value)),
                        _("e.g. `199` or `9.9`"))
            return _BAD
        return float(value) + 0.0 if self.in_bounds(value, loc, ctx, kind) else _BAD  # + 0.0: -0 is 0

    def in_bounds(self, value, loc, ctx, kind) -> bool:
        """Whether a number is inside its bounds (spec.BOUNDS); LS210 when it is not."""
        problem = out_of_bounds(value, kind.bounds)
        if problem:
            self.report("LS210", loc, _("`{key}` is {value}: {problem}").format(key=ctx[1], value=shown(value),
                                                                               problem=problem), _hint(kind.bounds))
        return problem is None

    def scalar_bool(self, value, loc, ctx, kind):
        if isinstance(value, bool):
            return value
        self.report("LS203", loc,
                    _("`{key}` must be true or false, not {value}").format(key=ctx[1], value=shown(value)),
                    _("write `true` or `false`"))
        return _BAD

    def scalar_duration(self, value, loc, ctx, kind):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = shown(value)
            self.report("LS402", loc, _("`{key}` is the bare number {number}; the unit is missing").format(
                key=ctx[1], number=number),
                        _("write `{number}m` for minutes or `{number}s` for seconds").format(number=number)
                        if number[-1].isdigit() else _("write a duration such as `10m` or `90s`"))
            return _BAD
        seconds = parse_duration(value) if isinstance(value, str) else None
        if seconds is None:
            self.report("LS401", loc, _("`{key}` {value} is not a duration").format(key=ctx[1], value=shown(value)),
                        _("write e.g. `90s`, `10m`, `1h30m`, `2:30` (m:ss) or `1:02:30`"))
            return _BAD
        if seconds > kind.bounds.high:
            self.report("LS210", loc, _("`{key}` {value} is longer than {limit}").format(
                key=ctx[1], value=repr(value), limit=human_duration(kind.bounds.high, compact=True)),
                        _hint(kind.bounds))
            return _BAD
        return seconds

    def scalar_clock(self, value, loc, ctx, kind):
        seconds = parse_clock(value) if isinstance(value, str) else None
        if seconds is None:
            self.report("LS403", loc, _("`{key}` {value} is not a clock time").format(key=ctx[1], value=shown(value)),
                        _("write a quoted 24-hour time such as \"20:00\" or \"21:30:00\""))
            return _BAD
        return seconds

    def scalar_semver(self, value, loc, ctx, kind):
        match = SEMVER_PATTERN.match(value) if isinstance(value, str) else None
        if match:
            problem = version_problem(match)
            if problem:
                self.report("LS210", loc, _("`version` {value}: {problem}").format(value=repr(value), problem=problem),
                            _hint(kind.bounds))
                return _BAD
            return value
        self.report("LS208", loc, _("`version` {value} is not a semantic version").format(value=shown(value)),
                    _("write three numbers such as `1.4.0` (quote it if your editor turns it into a number)"))
        return _BAD

    def scalar_date(self, value, loc, ctx, kind):
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _raise()
        except ValueError:
            self.report("LS211", loc, _("`{key}` {value} is not a date").format(key=ctx[1], value=shown(value)),
                        _("write YYYY-MM-DD, e.g. 2026-11-25"))
            return _BAD

    def scalar_format(self, value, loc, ctx, kind):
        if value == FORMAT_VERSION and isinstance(value, int) and not isinstance(value, bool):
            return value
        self.report("LS209", loc, _("`livesop: {value}` is not a format this livesop reads").format(
            value=shown(value, False)),
                    _("this livesop reads format {format}: write `livesop: {format}`").format(format=FORMAT_VERSION))
        return _BAD

    # -- rules that span fields ----------------------------------------------------------------
    def cross_checks(self, playbook: model.Playbook) -> None:
        self.library_path(playbook.session)
        self.unique("product", playbook.products)
        self.unique("segment", playbook.segments)
        self.unique("emergency", playbook.emergencies)
        self.unique("cue", [cue for segment in playbook.segments for cue in segment.cues])
        for segment in playbook.segments:
            if segment.for_each and segment.product:
                self.report("LS212", segment.pos("product"),
                            _("segment `{id}` has both `product` and `for_each`").format(id=segment.id),
                            _("a for_each block takes each product in turn: remove `product`"))
            for cue in segment.cues:
                self.one_of_say_do(cue, "cue")
        for plan in playbook.emergencies:
            for step in plan.steps:
                self.one_of_say_do(step, "step")

    def library_path(self, session: model.Session | None) -> None:
        """``session.library`` is a relative POSIX path, so the file finds its library on any machine."""
        path = session.library if session is not None else None
        if path is None:
            return
        if not path.strip() or "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
            self.report("LS203", session.pos("library"),
                        _("`library` {path} is not a relative path with `/`").format(path=repr(path)),
                        _("write the scripts library folder relative to this file's folder, e.g. `../scripts_library`"))

    def one_of_say_do(self, node, what: str) -> None:
        has_say, has_do = node.has("say"), node.has("do")
        if has_say == has_do:
            where = node.pos("do") if has_say else node.loc
            if what == "step":
                message = _("step has both `say` and `do`") if has_say else _("step has neither `say` nor `do`")
            else:
                message = _("cue has both `say` and `do`") if has_say else _("cue has neither `say` nor `do`")
            self.report("LS207", where, message,
                        _("use `say: <script id>` for 话术 or `do: <action>` for an action, one of the two"))

    def unique(self, kind: str, nodes) -> None:
        seen: dict[str, Loc] = {}
        for node in nodes:
            if node.id is None:
                continue
            if node.id in seen:
                self.report("LS205", node.pos("id"),
                            _("{object} id `{id}` is used twice (first at line {line})").format(
                                object=_label(kind), id=node.id, line=seen[node.id].line),
                            _("give each {object} its own id").format(object=_label(kind)))
            else:
                seen[node.id] = node.pos("id")


class _Where:
    """A value's position, worked out only when a diagnostic or a Text needs it."""

    __slots__ = ("holder", "key")

    def __init__(self, holder, key):
        self.holder = holder
        self.key = key


def _loc(where) -> Loc:
    return where.holder.at(where.key) if isinstance(where, _Where) else where


@lru_cache(maxsize=1024)
def _duration(text: str) -> int | None:
    """``parse_duration``, once for each of the few durations a playbook writes again and again."""
    return parse_duration(text)


def _raise():
    raise ValueError


def version_problem(match: re.Match) -> str | None:
    """Which part of a ``SEMVER_PATTERN`` match is above its bound (``PATCH is above …``), or None."""
    high = spec.BOUNDS["version part"].high
    for name, digits in zip(VERSION_PARTS, match.groups()):
        if len(digits) > len(str(high)) or int(digits) > high:
            return _("{part} is above the maximum {high}").format(part=name, high=f"{high:,}")
    return None


def _digits(number: int) -> int:
    """How many decimal digits ``number`` has, without writing it out."""
    number = abs(number)
    digits = max(1, int(number.bit_length() * 0.30103))  # never more than the true count
    while 10 ** digits <= number:
        digits += 1
    return digits


def _label(name: str) -> str:
    """How a message names an object of the format table (``segment``, ``checklist item`` …)."""
    labels = {
        "playbook": pgettext("object", "playbook"), "schedule": pgettext("object", "schedule"),
        "session": pgettext("object", "session"), "template": pgettext("object", "template"),
        "role": pgettext("object", "role"), "product": pgettext("object", "product"),
        "claim": pgettext("object", "claim"), "script": pgettext("object", "script"),
        "checklists": pgettext("object", "checklists"), "checkitem": pgettext("object", "checklist item"),
        "segment": pgettext("object", "segment"), "cue": pgettext("object", "cue"),
        "emergency": pgettext("object", "emergency"), "step": pgettext("object", "step"),
        "compliance": pgettext("object", "compliance"), "allowance": pgettext("object", "allowed term"),
        "extra": pgettext("object", "extra term"), "comments": pgettext("object", "comments"),
        "alert": pgettext("object", "alert"),
    }
    return labels.get(name, name)


def _hint(bounds: spec.Bounds) -> str:
    """The hint of ``bounds`` in the language in force (none: "")."""
    return _(bounds.hint) if bounds.hint else ""
