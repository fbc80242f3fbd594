"""Format 1 as one table: which keys each object has, their types and whether they are
required. The structure check (build.py) and the JSON Schema (jsonschema_gen.py) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from livesop.format import model
from livesop.format.timefmt import DAY
from livesop.i18n import N_


@dataclass(frozen=True)
class Bounds:
    """The range a number of the format stays in: ``low``–``high`` with at most ``places`` decimals
    (None: any). Out of range is LS210, found at load, so no number past them reaches a show."""

    low: int
    high: int
    places: int | None = 0
    hint: str = ""  # marked with N_: build.py shows it in the reader's language


# The sane bounds of every number in format 1 (docs/format.md, "Numbers"): beyond what any real
# show reaches, so only a slip of the keyboard or a hostile file meets them.
BOUNDS: dict[str, Bounds] = {
    "link": Bounds(1, 9_999, 0, N_("购物车链接号 run from 1 to 9,999")),
    "price": Bounds(0, 10_000_000, 2, N_("a price is in 元 with at most 2 decimals (分), up to 10,000,000")),
    "stock": Bounds(0, 10_000_000, 0, N_("stock is the units released for this show, up to 10,000,000")),
    "duration": Bounds(0, DAY, 0, N_("a playbook's durations and offsets are at most 24h; check the unit (m or h)")),
    "comments": Bounds(1, 100_000, 0, N_("a number of comments in the window, from 1 to 100,000")),
    "version part": Bounds(0, 999_999, 0, N_("each of MAJOR.MINOR.PATCH is at most 999,999")),
    "number as text": Bounds(-(10 ** 30 - 1), 10 ** 30 - 1, None,
                             N_("a number used as text has at most 30 digits; quote it to keep it as text")),
}


@dataclass(frozen=True)
class Scalar:
    """A scalar kind: text, id, ref, int, number, bool, duration, clock, semver, date, format."""

    name: str
    bounds: Bounds | None = None

    @property
    def minimum(self) -> int | None:
        """The lowest value of a number kind (the JSON Schema's ``minimum``)."""
        return self.bounds.low if self.bounds is not None and self.name in ("int", "number") else None


@dataclass(frozen=True)
class Enum:
    """A kind whose value is one of a fixed set of texts."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    """A list whose items are of kind ``item``."""

    item: object


@dataclass(frozen=True)
class MapOf:
    """A mapping from identifiers to values; ``key_field`` receives the key when set."""

    value: object
    key_field: str | None = "id"


@dataclass(frozen=True)
class Obj:
    """An object of the format, by its name in ``OBJECTS``."""

    name: str


@dataclass(frozen=True)
class Field:
    """A key of an object: its kind, whether it is required, and what it is (``doc``)."""

    kind: object
    required: bool = False
    doc: str = ""  # a required field's doc is in LS202's hint: mark it with N_ (the JSON Schema keeps it English)


TEXT = Scalar("text", BOUNDS["number as text"])
ID = Scalar("id")
REF = Scalar("ref")
DURATION = Scalar("duration", BOUNDS["duration"])
CLOCK = Scalar("clock")  # its pattern bounds it: 00:00 to 23:59:59
PRICE = Scalar("number", BOUNDS["price"])
SEMVER = Scalar("semver", BOUNDS["version part"])


@dataclass(frozen=True)
class ObjectSpec:
    """An object of the format: the model class it builds, its fields by key, and what a bare value stands for."""

    cls: type
    fields: dict
    shorthand: str | None = None  # a bare string stands for {shorthand: string}
    doc: str = ""


OBJECTS: dict[str, ObjectSpec] = {
    "playbook": ObjectSpec(model.Playbook, {
        "livesop": Field(Scalar("format"), True, N_("format version, the integer 1")),
        "id": Field(ID, True, N_("identifier of the playbook")),
        "title": Field(TEXT, True, N_("display title")),
        "version": Field(SEMVER, True, N_("semantic version of this playbook, e.g. 1.4.0")),
        "platform": Field(Enum(model.PLATFORMS), False, "selects platform compliance rules"),
        "description": Field(TEXT),
        "schedule": Field(Obj("schedule")),
        "session": Field(Obj("session"), False, "set by `livesop new`"),
        "variables": Field(MapOf(TEXT, None), False, "name → string or number, used as {name}"),
        "roles": Field(MapOf(Obj("role")), True, N_("role id → role")),
        "products": Field(ListOf(Obj("product"))),
        "scripts": Field(MapOf(Obj("script")), False, "script id → 话术 text"),
        "checklists": Field(Obj("checklists")),
        "segments": Field(ListOf(Obj("segment")), True, N_("the run of show, in order")),
        "emergencies": Field(ListOf(Obj("emergency"))),
        "compliance": Field(Obj("compliance")),
    }),
    "schedule": ObjectSpec(model.Schedule, {
        "start": Field(CLOCK, False, "go-live wall time, HH:MM"),
        "length": Field(DURATION, False, "slot length, the hard end"),
    }),
    "session": ObjectSpec(model.Session, {
        "date": Field(Scalar("date")),
        "start": Field(CLOCK),
        "template": Field(Obj("template")),
        "library": Field(TEXT, False, "the scripts library folder, a relative path from this file's folder, "
                         "e.g. ../scripts_library"),
    }),
    "template": ObjectSpec(model.TemplateRef, {
        "id": Field(ID),
        "version": Field(TEXT),
        "commit": Field(TEXT),
    }),
    "role": ObjectSpec(model.Role, {
        "name": Field(TEXT, True),
        "description": Field(TEXT),
        "backup": Field(REF, False, "another role id who covers this one"),
    }),
    "product": ObjectSpec(model.Product, {
        "id": Field(ID, True),
        "slot": Field(TEXT, False, "the place a template's product stands for (主推款, 利润款, 秒杀款 …); "
                                   "`livesop new` fills it from the lineup"),
        "name": Field(TEXT, True),
        "link": Field(Scalar("int", BOUNDS["link"]), True, "购物车链接号"),
        "live_price": Field(PRICE, True, "直播价"),
        "list_price": Field(PRICE, False, "划线价/日常价; needs price_basis"),
        "price_basis": Field(TEXT, False, "where the compared price comes from"),
        "stock": Field(Scalar("int", BOUNDS["stock"])),
        "mechanism": Field(TEXT, False, "赠品/满减 text"),
        "claims": Field(ListOf(Obj("claim"))),
    }),
    "claim": ObjectSpec(model.Claim, {
        "text": Field(TEXT, True),
        "evidence": Field(TEXT),
    }, shorthand="text"),
    "script": ObjectSpec(model.Script, {
        "text": Field(TEXT, True),
        "category": Field(TEXT),
        "tags": Field(ListOf(TEXT)),
    }, shorthand="text"),
    "checklists": ObjectSpec(dict, {
        "before": Field(MapOf(ListOf(Obj("checkitem")), None)),
        "after": Field(MapOf(ListOf(Obj("checkitem")), None)),
    }),
    "checkitem": ObjectSpec(model.ChecklistItem, {
        "text": Field(TEXT, True),
        "due": Field(DURATION, False, "how long before the start it is due"),
        "blocking": Field(Scalar("bool"), False, "the show must not start before it is ticked"),
        "ref": Field(TEXT, False, "rule reference such as 办法Art.28"),
    }, shorthand="text"),
    "segment": ObjectSpec(model.Segment, {
        "id": Field(ID, True),
        "title": Field(TEXT, True),
        "duration": Field(DURATION, True),
        "kind": Field(Enum(model.SEGMENT_KINDS)),
        "product": Field(REF, False, "product id"),
        "start": Field(CLOCK, False, "hard start, HH:MM"),
        "end": Field(Enum(model.SEGMENT_ENDS), False, "hold (default) or next"),
        "warn": Field(DURATION, False, "amber this long before the end (default 1m)"),
        "notes": Field(TEXT),
        "cues": Field(ListOf(Obj("cue"))),
        "for_each": Field(Enum(("products",)), False, "repeat once per product"),
    }),
    "cue": ObjectSpec(model.Cue, {
        "at": Field(DURATION, True, N_("offset from the segment's start")),
        "role": Field(REF, True),
        "say": Field(REF, False, "script id, lib:<id> or lib:<id>#<variant>"),
        "do": Field(TEXT, False, "an action in words"),
        "id": Field(ID),
        "every": Field(DURATION, False, "repeat at this interval until the segment ends"),
        "note": Field(TEXT),
    }),
    "emergency": ObjectSpec(model.Emergency, {
        "id": Field(ID, True),
        "title": Field(TEXT, True),
        "severity": Field(Enum(model.SEVERITIES), True),
        "trigger": Field(TEXT, True, N_("what the team sees")),
        "owner": Field(REF, True, N_("role id")),
        "respond_within": Field(DURATION),
        "recover_within": Field(DURATION),
        "hold": Field(REF, False, "script the host says while it is handled"),
        "steps": Field(ListOf(Obj("step"))),
    }),
    "step": ObjectSpec(model.Step, {
        "role": Field(REF, True),
        "say": Field(REF),
        "do": Field(TEXT),
    }),
    "compliance": ObjectSpec(model.Compliance, {
        "allow": Field(ListOf(Obj("allowance")), False, "terms accepted in this playbook"),
        "extra": Field(ListOf(Obj("extra")), False, "extra banned terms"),
        "comments": Field(Obj("comments"), False,
                          "the 弹幕 watch of `livesop run --comments`: window and alert levels"),
    }),
    "comments": ObjectSpec(model.CommentWatch, {
        "window": Field(DURATION, False, "negative comments are counted over this rolling window (default 1m)"),
        "levels": Field(ListOf(Obj("alert")), False,
                        "graded alerts, lowest first (default: level 1 at 3, level 2 at 10 in the window)"),
    }),
    "alert": ObjectSpec(model.AlertLevel, {
        "at": Field(Scalar("int", BOUNDS["comments"]), True,
                    N_("negative comments in the window that raise this level")),
        "role": Field(REF, False, "role id: who is told"),
        "emergency": Field(REF, False, "emergency plan id: suggest opening it"),
        "do": Field(TEXT, False, "what to do, shown with the alert"),
    }),
    "allowance": ObjectSpec(model.Allowance, {
        "term": Field(TEXT, True),
        "reason": Field(TEXT, True),
    }),
    "extra": ObjectSpec(model.ExtraTerm, {
        "term": Field(TEXT, True),
        "suggest": Field(TEXT),
        "category": Field(TEXT),
    }, shorthand="term"),
}

# Fields whose value is a string in the model even though they are TEXT in the table.
PLAIN_STRING_FIELDS = {("script", "category"), ("script", "tags"), ("checkitem", "ref"),
                       ("template", "version"), ("template", "commit"), ("session", "library"),
                       ("product", "slot"), ("allowance", "term"),
                       ("extra", "term"), ("extra", "suggest"), ("extra", "category")}
