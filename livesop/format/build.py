"""From loaded YAML data to the model, checking structure against the format table (spec.py).

Structure problems (unknown or missing keys, wrong types, bad ids, unreadable durations) become
diagnostics; the offending value is left out so later checks see a best-effort model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from livesop.diagnostics import Diagnostic
from livesop.format import model, spec
from livesop.format.source import Loc
from livesop.format.timefmt import format_duration, parse_clock, parse_duration
from livesop.format.yamlio import Loaded, YMap, YSeq

ID_PATTERN = re.compile(r"^[\w.-]+$")
SEMVER_PATTERN = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$",
                            re.ASCII)
VERSION_PARTS = ("MAJOR", "MINOR", "PATCH")
FORMAT_VERSION = 1
_TEXT_DIGITS = 30  # a longer whole number is described, not written out (Python writes at most 4,300 digits)

_BAD = object()
_NO_LOCS: Mapping[str, Loc] = MappingProxyType({})  # a node built from its YAML mapping alone
_TYPE_NAMES = {YMap: "a mapping", YSeq: "a list", str: "text", int: "a number", float: "a number",
               bool: "true/false", type(None): "nothing"}


def build(loaded: Loaded) -> tuple[model.Playbook | None, list[Diagnostic]]:
    """The playbook model of a loaded file and the structure diagnostics found on the way."""
    if loaded.data is None:
        return None, list(loaded.diagnostics)
    builder = _Builder(loaded.file)
    playbook = builder.obj("playbook", loaded.data, loaded.data.loc, {"file": loaded.file})
    if playbook is not None:
        builder.cross_checks(playbook)
    return playbook, list(loaded.diagnostics) + builder.diagnostics


def type_name(value) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def did_you_mean(word: str, choices) -> str:
    close = _closest(word, choices)
    return f"did you mean `{close}`?" if close else ""


def shown(value, quote: bool = True) -> str:
    """``value`` as a message shows it, never a ValueError: text quoted (unless ``quote`` is false), a
    number written out (a whole number of over 30 digits as ``a 4,335-digit number``), a list by its kind."""
    if isinstance(value, str):
        return repr(value) if quote else value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 10 ** _TEXT_DIGITS else str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** _TEXT_DIGITS:
        return f"a {_digits(value):,}-digit number"
    if isinstance(value, (bool, int, type(None))):
        return str(value)
    return type_name(value)


def out_of_bounds(value, bounds: spec.Bounds) -> str | None:
    """Why the number ``value`` is outside ``bounds`` (``above the maximum 9,999``), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    if value < bounds.low:
        return f"below the minimum {bounds.low:,}"
    if value > bounds.high:
        return f"above the maximum {bounds.high:,}"
    if bounds.places is not None and isinstance(value, float) and round(value, bounds.places) != value:
        return f"more than {bounds.places} decimals" if bounds.places else "not a whole number"
    return None


def _closest(word, choices) -> str | None:
    word = shown(word, quote=False)
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


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
            shorthand = " or text" if object_spec.shorthand else ""
            self.report("LS203", loc, f"{_label(name)} must be a mapping{shorthand}, not {type_name(value)}",
                        f"write it as `key: value` lines; keys: {', '.join(object_spec.fields)}")
            return None
        misspelt = set()  # required keys an unknown key probably stands for: one finding, not two
        if not value.keys() <= object_spec.fields.keys():
            for key in value:
                if key not in object_spec.fields:
                    close = _closest(key, object_spec.fields)
                    if close is not None and close not in value:
                        misspelt.add(close)
                    self.report("LS201", value.key_at(key), f"unknown key `{shown(key, False)}` in {_label(name)}",
                                f"did you mean `{close}`?" if close else
                                f"allowed keys: {', '.join(object_spec.fields)}")
        kwargs: dict = dict(extra) if extra else {}
        plan = self.plans.get(name) or self.plan(name)
        for field_name, field, convert in plan:
            item = value.get(field_name)
            if item is None:
                if field.required and field_name not in misspelt:
                    where = value.key_at(field_name) if field_name in value else value.loc
                    self.report("LS202", where, f"{_label(name)} needs `{field_name}`",
                                f"add `{field_name}:`" + (f" ({field.doc})" if field.doc else ""))
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
            hint = did_you_mean(value, kind.values) or f"one of: {', '.join(kind.values)}"
            self.report("LS206", loc, f"`{ctx[1]}` is {shown(value)}, which is not one of the allowed values", hint)
            return _BAD
        if isinstance(kind, spec.ListOf):
            if not isinstance(value, YSeq):
                self.report("LS203", loc, f"`{ctx[1]}` must be a list, not {type_name(value)}",
                            "write each item on its own line starting with `- `")
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
            self.report("LS203", loc, f"`{ctx[1]}` must be a mapping of id → entry, not {type_name(value)}",
                        "write one `id: …` line per entry")
            return _BAD
        result = model.KeyedDict()
        for key, item in value.items():
            key_loc = value.key_at(key)
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                self.report("LS204", key_loc, f"`{shown(key, False)}` is not a valid identifier in `{ctx[1]}`",
                            "use one token of letters, digits, `_`, `-`, `.` (quote numbers: \"1\")")
                continue
            if isinstance(kind.value, spec.Obj) and kind.key_field:
                converted = self.obj(kind.value.name, item, _Where(value, key), {kind.key_field: key},
                                     {kind.key_field: key_loc})
                converted = _BAD if converted is None else converted
            elif item is None:
                self.report("LS203", value.at(key), f"`{key}` in `{ctx[1]}` has no value", "give it a value")
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
            self.report("LS203", loc, f"`{ctx[1]}` must be text, not {type_name(value)}",
                        "quote the value if it is meant as text")
            return _BAD
        if not isinstance(value, str) and out_of_bounds(value, kind.bounds):
            why = "which cannot" if isinstance(value, float) and not math.isfinite(value) else "too long to"
            self.report("LS210", loc, f"`{ctx[1]}` is {shown(value)}, {why} be used as text", kind.bounds.hint)
            return _BAD
        text = shown(value, quote=False)
        return text if ctx in spec.PLAIN_STRING_FIELDS else model.Text(text, _loc(loc))

    def scalar_id(self, value, loc, ctx, kind):
        if isinstance(value, str) and ID_PATTERN.match(value):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = f"quote it (\"{shown(value)}\") or start it with a letter"
        else:
            hint = "use one token of letters, digits, `_`, `-`, `.`, no spaces"
        self.report("LS204", loc, f"`{ctx[1]}` {shown(value)} is not a valid identifier", hint)
        return _BAD

    def scalar_ref(self, value, loc, ctx, kind):
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return shown(value)
        self.report("LS203", loc, f"`{ctx[1]}` must name an id, not {type_name(value)}", "write the id")
        return _BAD

    def scalar_int(self, value, loc, ctx, kind):
        fraction = isinstance(value, float) and math.isfinite(value) and not value.is_integer()
        if isinstance(value, bool) or not isinstance(value, (int, float)) or fraction:
            self.report("LS203", loc, f"`{ctx[1]}` must be a whole number, not {shown(value)}",
                        "write digits only, e.g. `3`")
            return _BAD
        return int(value) if self.in_bounds(value, loc, ctx, kind) else _BAD

    def scalar_number(self, value, loc, ctx, kind):
        if isinstance(value, str):
            hint = "write the number without ¥ or 元, e.g. `199` or `9.9`"
            self.report("LS203", loc, f"`{ctx[1]}` must be a number, not text {value!r}", hint)
            return _BAD
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.report("LS203", loc, f"`{ctx[1]}` must be a number, not {type_name(value)}", "e.g. `199` or `9.9`")
            return _BAD
        return float(value) + 0.0 if self.in_bounds(value, loc, ctx, kind) else _BAD  # + 0.0: -0 is 0

    def in_bounds(self, value, loc, ctx, kind) -> bool:
        """Whether a number is inside its bounds (spec.BOUNDS); LS210 when it is not."""
        problem = out_of_bounds(value, kind.bounds)
        if problem:
            self.report("LS210", loc, f"`{ctx[1]}` is {shown(value)}: {problem}", kind.bounds.hint)
        return problem is None

    def scalar_bool(self, value, loc, ctx, kind):
        if isinstance(value, bool):
            return value
        self.report("LS203", loc, f"`{ctx[1]}` must be true or false, not {shown(value)}", "write `true` or `false`")
        return _BAD

    def scalar_duration(self, value, loc, ctx, kind):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = shown(value)
            self.report("LS402", loc, f"`{ctx[1]}` is the bare number {number}; the unit is missing",
                        f"write `{number}m` for minutes or `{number}s` for seconds" if number[-1].isdigit()
                        else "write a duration such as `10m` or `90s`")
            return _BAD
        seconds = parse_duration(value) if isinstance(value, str) else None
        if seconds is None:
            self.report("LS401", loc, f"`{ctx[1]}` {shown(value)} is not a duration",
                        "write e.g. `90s`, `10m`, `1h30m`, `2:30` (m:ss) or `1:02:30`")
            return _BAD
        if seconds > kind.bounds.high:
            self.report("LS210", loc, f"`{ctx[1]}` {value!r} is longer than {format_duration(kind.bounds.high)}",
                        kind.bounds.hint)
            return _BAD
        return seconds

    def scalar_clock(self, value, loc, ctx, kind):
        seconds = parse_clock(value) if isinstance(value, str) else None
        if seconds is None:
            self.report("LS403", loc, f"`{ctx[1]}` {shown(value)} is not a clock time",
                        "write a quoted 24-hour time such as \"20:00\" or \"21:30:00\"")
            return _BAD
        return seconds

    def scalar_semver(self, value, loc, ctx, kind):
        match = SEMVER_PATTERN.match(value) if isinstance(value, str) else None
        if match:
            problem = version_problem(match)
            if problem:
                self.report("LS210", loc, f"`version` {value!r}: {problem}", kind.bounds.hint)
                return _BAD
            return value
        self.report("LS208", loc, f"`version` {shown(value)} is not a semantic version",
                    "write three numbers such as `1.4.0` (quote it if your editor turns it into a number)")
        return _BAD

    def scalar_date(self, value, loc, ctx, kind):
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _raise()
        except ValueError:
            self.report("LS211", loc, f"`{ctx[1]}` {shown(value)} is not a date", "write YYYY-MM-DD, e.g. 2026-11-25")
            return _BAD

    def scalar_format(self, value, loc, ctx, kind):
        if value == FORMAT_VERSION and isinstance(value, int) and not isinstance(value, bool):
            return value
        self.report("LS209", loc, f"`livesop: {shown(value, False)}` is not a format this livesop reads",
                    f"this livesop reads format {FORMAT_VERSION}: write `livesop: {FORMAT_VERSION}`")
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
                            f"segment `{segment.id}` has both `product` and `for_each`",
                            "a for_each block takes each product in turn: remove `product`")
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
            self.report("LS203", session.pos("library"), f"`library` {path!r} is not a relative path with `/`",
                        "write the scripts library folder relative to this file's folder, e.g. `../scripts_library`")

    def one_of_say_do(self, node, what: str) -> None:
        has_say, has_do = node.has("say"), node.has("do")
        if has_say == has_do:
            where = node.pos("do") if has_say else node.loc
            message = "has both `say` and `do`" if has_say else "has neither `say` nor `do`"
            self.report("LS207", where, f"{what} {message}",
                        "use `say: <script id>` for 话术 or `do: <action>` for an action, one of the two")

    def unique(self, kind: str, nodes) -> None:
        seen: dict[str, Loc] = {}
        for node in nodes:
            if node.id is None:
                continue
            if node.id in seen:
                self.report("LS205", node.pos("id"), f"{kind} id `{node.id}` is used twice "
                            f"(first at line {seen[node.id].line})", f"give each {kind} its own id")
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
            return f"{name} is above the maximum {high:,}"
    return None


def _digits(number: int) -> int:
    """How many decimal digits ``number`` has, without writing it out."""
    number = abs(number)
    digits = max(1, int(number.bit_length() * 0.30103))  # never more than the true count
    while 10 ** digits <= number:
        digits += 1
    return digits


def _label(name: str) -> str:
    return {"checkitem": "checklist item", "extra": "extra term", "allowance": "allowed term"}.get(name, name)
