"""Playbook format 1 as frozen dataclasses.

Every node keeps ``loc`` (where it starts) and ``locs`` (where each of its fields' values is),
so any check can point at the exact spot. Durations and clock times are whole seconds; texts
that are spoken or shown are ``Text`` values that know their position. Mappings and tuples are
meant to be read, never changed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
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


@dataclass(frozen=True)
class Text:
    """A text that is spoken or shown, with the position of its first character."""

    value: str
    loc: Loc = field(compare=False)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Node:
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


@dataclass(frozen=True)
class Role(Node):
    id: str
    name: Text | None = None
    description: Text | None = None
    backup: str | None = None


@dataclass(frozen=True)
class Claim(Node):
    text: Text | None = None
    evidence: Text | None = None


@dataclass(frozen=True)
class Product(Node):
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


@dataclass(frozen=True)
class Script(Node):
    id: str
    text: Text | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem(Node):
    text: Text | None = None
    due: int | None = None
    blocking: bool = False
    ref: str | None = None


@dataclass(frozen=True)
class Cue(Node):
    at: int | None = None
    role: str | None = None
    say: str | None = None
    do: Text | None = None
    id: str | None = None
    every: int | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Segment(Node):
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


@dataclass(frozen=True)
class Step(Node):
    role: str | None = None
    say: str | None = None
    do: Text | None = None


@dataclass(frozen=True)
class Emergency(Node):
    id: str | None = None
    title: Text | None = None
    severity: str | None = None
    trigger: Text | None = None
    owner: str | None = None
    respond_within: int | None = None
    recover_within: int | None = None
    hold: str | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Schedule(Node):
    start: int | None = None
    length: int | None = None


@dataclass(frozen=True)
class TemplateRef(Node):
    id: str | None = None
    version: str | None = None
    commit: str | None = None


@dataclass(frozen=True)
class Session(Node):
    date: _dt.date | None = None
    start: int | None = None
    template: TemplateRef | None = None
    library: str | None = None  # the scripts library folder, relative to the playbook's folder (POSIX)


@dataclass(frozen=True)
class Allowance(Node):
    term: str | None = None
    reason: Text | None = None


@dataclass(frozen=True)
class ExtraTerm(Node):
    term: str | None = None
    suggest: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class AlertLevel(Node):
    """A graded alert of the 弹幕 watch: raised at ``at`` negative comments in the window."""

    at: int | None = None
    role: str | None = None  # who is told
    emergency: str | None = None  # the emergency plan to suggest opening
    do: Text | None = None  # what to do, shown with the alert


@dataclass(frozen=True)
class CommentWatch(Node):
    """``compliance.comments``: the window negative live comments are counted in, and the alert levels."""

    window: int = DEFAULT_COMMENT_WINDOW
    levels: tuple[AlertLevel, ...] = ()


@dataclass(frozen=True)
class Compliance(Node):
    allow: tuple[Allowance, ...] = ()
    extra: tuple[ExtraTerm, ...] = ()
    comments: CommentWatch | None = None


@dataclass(frozen=True)
class Playbook(Node):
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
