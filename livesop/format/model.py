"""Playbook format 1 as frozen dataclasses.

Every node keeps ``loc`` (where it starts) and ``locs`` (where each of its fields' values is),
so any check can point at the exact spot. Durations and clock times are whole seconds; texts
that are spoken or shown are ``Text`` values that know their position. Mappings and tuples are
meant to be read, never changed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from reprlib import recursive_repr
from typing import Iterator, Mapping

from livesop.format.source import Loc

PLATFORMS = ("douyin", "kuaishou", "channels", "taobao", "generic")
SEGMENT_KINDS = ("warmup", "opening", "product", "giveaway", "flash-sale", "interaction", "closing", "break", "other")
SEGMENT_ENDS = ("hold", "next")
SEVERITIES = ("P1", "P2", "P3")
PHASES = ("before", "after")
PRODUCT_FIELDS = ("name", "live_price", "list_price", "link", "stock", "mechanism")
DEFAULT_WARN = 60
DEFAULT_COMMENT_WINDOW = 60  # seconds: negative comments are counted over the last minute
DEFAULT_ALERT_LEVELS = (3, 10)  # negative comments in the window for level 1 and level 2
LIB_PREFIX = "lib:"


class KeyedDict(dict):
    """A mapping read from YAML that remembers where each key is written."""

    __slots__ = ("key_locs",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_locs: dict[str, Loc] = {}

    def key_at(self, key: str, default: Loc) -> Loc:
        return self.key_locs.get(key, default)


class _Record:
    """``==``, ``hash`` and ``repr`` of the model's dataclasses, written once here as ``dataclass``
    would write them for each class (the same fields, the same results): generated and compiled
    for each of twenty classes, they were a third of the model's import time."""

    __slots__ = ()

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            compared = _compared(self.__class__)
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_compared(self.__class__)(self))

    @recursive_repr()
    def __repr__(self) -> str:
        cls = self.__class__
        shown = _SHOWN.get(cls)
        if shown is None:
            shown = _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
        return f"{cls.__qualname__}(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in shown) + ")"


_COMPARED: dict = {}  # class → the tuple of its compared fields' values, as a function of an instance
_SHOWN: dict = {}  # class → the names of the fields its repr shows


def _compared(cls):
    found = _COMPARED.get(cls)
    if found is None:
        names = tuple(f.name for f in fields(cls) if f.compare)
        if len(names) > 1:
            found = attrgetter(*names)
        elif names:
            one = attrgetter(names[0])
            found = lambda record: (one(record),)  # noqa: E731
        else:
            found = lambda record: ()  # noqa: E731
        _COMPARED[cls] = found
    return found


@dataclass(frozen=True, eq=False, repr=False)
class Text(_Record):
    """A text that is spoken or shown, with the position of its first character."""

    value: str
    loc: Loc = field(compare=False)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, eq=False, repr=False)
class Node(_Record):
    """What every part of a playbook has: where it starts, where each field is, the YAML mapping read."""

    loc: Loc = field(compare=False, kw_only=True)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False, kw_only=True)
    src: Mapping | None = field(default=None, compare=False, repr=False, kw_only=True)  # the YAML mapping read

    def pos(self, name: str) -> Loc:
        """Where field ``name``'s value is written (the node itself when it is absent)."""
        loc = self.locs.get(name)
        if loc is not None:
            return loc
        if self.src is not None and name in self.src:
            return self.src.at(name)
        return self.loc

    def has(self, name: str) -> bool:
        """Whether field ``name`` was written with a value in the file."""
        return name in self.locs or (self.src is not None and self.src.get(name) is not None)


@dataclass(frozen=True, eq=False, repr=False)
class Role(Node):
    """A role of the live room (主播, 场控, 中控 …) and who stands in for it."""

    id: str
    name: Text | None = None
    description: Text | None = None
    backup: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Claim(Node):
    """A claim made about a product, with the evidence that backs it."""

    text: Text | None = None
    evidence: Text | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Product(Node):
    """A product of the session: its id, place in the template, name, link, prices, stock and mechanism."""

    id: str | None = None
    slot: str | None = None  # the template place it fills: 主推款, 利润款, 秒杀款 …
    name: Text | None = None
    link: int | None = None
    live_price: float | None = None
    list_price: float | None = None
    price_basis: Text | None = None
    stock: int | None = None
    mechanism: Text | None = None
    claims: tuple[Claim, ...] = ()

    def field_value(self, name: str):
        """The value of a ``{product.<name>}`` placeholder, or None when the product lacks it."""
        value = getattr(self, name, None) if name in PRODUCT_FIELDS else None
        if isinstance(value, Text):
            return value.value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


@dataclass(frozen=True, eq=False, repr=False)
class Script(Node):
    """A script (话术) of the playbook's own, by id."""

    id: str
    text: Text | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class ChecklistItem(Node):
    """An item of a role's checklist, when it is due and whether it blocks the show."""

    text: Text | None = None
    due: int | None = None
    blocking: bool = False
    ref: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Cue(Node):
    """What a role says or does at a moment of a segment (``at``, or ``every`` so often)."""

    at: int | None = None
    role: str | None = None
    say: str | None = None
    do: Text | None = None
    id: str | None = None
    every: int | None = None
    note: Text | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Segment(Node):
    """A part of the run of show: its title, duration, product and cues."""

    id: str | None = None
    title: Text | None = None
    duration: int | None = None
    kind: str | None = None
    product: str | None = None
    start: int | None = None
    end: str = "hold"
    warn: int = DEFAULT_WARN
    notes: Text | None = None
    cues: tuple[Cue, ...] = ()
    for_each: str | None = None
    origin: str | None = None  # for an expanded for_each copy: the template segment's id


@dataclass(frozen=True, eq=False, repr=False)
class Step(Node):
    """One step of an emergency plan: who says or does what."""

    role: str | None = None
    say: str | None = None
    do: Text | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Emergency(Node):
    """An emergency plan: what triggers it, who owns it, how fast to respond and recover, its steps."""

    id: str | None = None
    title: Text | None = None
    severity: str | None = None
    trigger: Text | None = None
    owner: str | None = None
    respond_within: int | None = None
    recover_within: int | None = None
    hold: str | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Schedule(Node):
    """When the show starts and how long it runs."""

    start: int | None = None
    length: int | None = None


@dataclass(frozen=True, eq=False, repr=False)
class TemplateRef(Node):
    """The template a dated session was made from: its id, version and commit."""

    id: str | None = None
    version: str | None = None
    commit: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Session(Node):
    """A dated session of a template: its date, start, template and scripts library."""

    date: _dt.date | None = None
    start: int | None = None
    template: TemplateRef | None = None
    library: str | None = None  # the scripts library folder, relative to the playbook's folder (POSIX)


@dataclass(frozen=True, eq=False, repr=False)
class Allowance(Node):
    """A compliance term allowed in this playbook, and why."""

    term: str | None = None
    reason: Text | None = None


@dataclass(frozen=True, eq=False, repr=False)
class ExtraTerm(Node):
    """A compliance term this playbook adds to the lexicon, with what to say instead."""

    term: str | None = None
    suggest: str | None = None
    category: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class AlertLevel(Node):
    """A graded alert of the 弹幕 watch: raised at ``at`` negative comments in the window."""

    at: int | None = None
    role: str | None = None  # who is told
    emergency: str | None = None  # the emergency plan to suggest opening
    do: Text | None = None  # what to do, shown with the alert


@dataclass(frozen=True, eq=False, repr=False)
class CommentWatch(Node):
    """``compliance.comments``: the window negative live comments are counted in, and the alert levels."""

    window: int = DEFAULT_COMMENT_WINDOW
    levels: tuple[AlertLevel, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Compliance(Node):
    """The playbook's ``compliance`` block: terms allowed, terms added, the 弹幕 watch."""

    allow: tuple[Allowance, ...] = ()
    extra: tuple[ExtraTerm, ...] = ()
    comments: CommentWatch | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Playbook(Node):
    """A whole playbook: its metadata, roles, products, scripts, checklists, segments and emergencies."""

    file: str = ""
    livesop: int | None = None
    id: str | None = None
    title: Text | None = None
    version: str | None = None
    platform: str = "generic"
    description: Text | None = None
    schedule: Schedule | None = None
    session: Session | None = None
    variables: Mapping[str, Text] = field(default_factory=dict)
    roles: Mapping[str, Role] = field(default_factory=dict)
    products: tuple[Product, ...] = ()
    scripts: Mapping[str, Script] = field(default_factory=dict)
    checklists: Mapping[str, Mapping[str, tuple[ChecklistItem, ...]]] = field(default_factory=dict)
    segments: tuple[Segment, ...] = ()
    emergencies: tuple[Emergency, ...] = ()
    compliance: Compliance | None = None

    @property
    def start_clock(self) -> int | None:
        """The planned go-live time: the session's start, else the schedule's."""
        if self.session and self.session.start is not None:
            return self.session.start
        return self.schedule.start if self.schedule else None

    def product(self, product_id: str | None) -> Product | None:
        return self._products_by_id.get(product_id)

    @cached_property
    def _products_by_id(self) -> dict:
        """The first product of each id (looked up once per segment, so a dictionary)."""
        found: dict = {}
        for product in self.products:
            found.setdefault(product.id, product)
        return found

    def emergency(self, emergency_id: str) -> Emergency | None:
        for plan in self.emergencies:
            if plan.id == emergency_id:
                return plan
        return None


def is_library_ref(say: str | None) -> bool:
    return bool(say) and say.startswith(LIB_PREFIX)


def split_library_ref(say: str) -> tuple[str, str | None]:
    """``lib:id#variant`` → (``id``, ``variant``); the variant is None when not given."""
    body = say[len(LIB_PREFIX):]
    entry, _, variant = body.partition("#")
    return entry.strip(), (variant.strip() or None) if _ else None


def iter_cues(segments: tuple[Segment, ...]) -> Iterator[tuple[Segment, Cue]]:
    for segment in segments:
        for cue in segment.cues:
            yield segment, cue
