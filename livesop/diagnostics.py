"""Findings as data: the Diagnostic record and the registry of stable codes.

Every code has one fixed severity and a one-line summary; docs/diagnostics.md documents each
one with a bad and a fixed example (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from livesop.i18n import N_

ERROR = "error"
WARNING = "warning"

# code: (severity, summary); the summary is marked for the catalogue (``_(summary)`` where it is
# shown). Families: 1 syntax and limits, 2 structure, 3 references,
# 4 timing, 5 话术, 6 commerce, 7 compliance, 8 emergencies, 9 versions.
CODES: dict[str, tuple[str, str]] = {
    "LS100": (ERROR, N_("file cannot be read")),
    "LS101": (ERROR, N_("YAML syntax error")),
    "LS102": (ERROR, N_("file is not valid UTF-8")),
    "LS103": (ERROR, N_("document is empty or not a mapping")),
    "LS104": (ERROR, N_("more than one YAML document in the file")),
    "LS105": (ERROR, N_("duplicate key")),
    "LS106": (ERROR, N_("YAML tag that is not plain data")),
    "LS107": (ERROR, N_("file larger than the size limit")),
    "LS108": (ERROR, N_("nesting deeper than the limit")),
    "LS109": (ERROR, N_("aliases expand to more nodes than the limit")),
    "LS110": (ERROR, N_("tab character in indentation")),
    "LS111": (ERROR, N_("control character in a text")),
    "LS201": (ERROR, N_("unknown key")),
    "LS202": (ERROR, N_("required key missing")),
    "LS203": (ERROR, N_("value of the wrong type")),
    "LS204": (ERROR, N_("invalid identifier")),
    "LS205": (ERROR, N_("duplicate identifier")),
    "LS206": (ERROR, N_("value not among the allowed ones")),
    "LS207": (ERROR, N_("a cue or step needs exactly one of say and do")),
    "LS208": (ERROR, N_("invalid version string")),
    "LS209": (ERROR, N_("unsupported format version")),
    "LS210": (ERROR, N_("number out of range")),
    "LS211": (ERROR, N_("invalid date")),
    "LS212": (ERROR, N_("a segment has both product and for_each")),
    "LS301": (ERROR, N_("unknown role")),
    "LS302": (ERROR, N_("unknown product")),
    "LS303": (ERROR, N_("unknown script")),
    "LS304": (ERROR, N_("unknown scripts library entry")),
    "LS305": (ERROR, N_("unknown variant of a scripts library entry")),
    "LS306": (ERROR, N_("no scripts library found")),
    "LS307": (ERROR, N_("backup role refers to itself")),
    "LS308": (WARNING, N_("for_each block with no products")),
    "LS309": (ERROR, N_("scripts library file is malformed")),
    "LS310": (ERROR, N_("unknown emergency plan")),
    "LS401": (ERROR, N_("invalid duration")),
    "LS402": (ERROR, N_("duration written as a bare number")),
    "LS403": (ERROR, N_("invalid clock time")),
    "LS404": (ERROR, N_("cue outside its segment")),
    "LS405": (ERROR, N_("repeat interval not shorter than its segment")),
    "LS406": (ERROR, N_("show longer than its slot")),
    "LS407": (ERROR, N_("hard start overlaps what runs before it")),
    "LS408": (WARNING, N_("gap before a hard start")),
    "LS409": (ERROR, N_("zero-length segment")),
    "LS410": (WARNING, N_("warning time not shorter than its segment")),
    "LS411": (WARNING, N_("hard start cannot be checked without a start time")),
    "LS412": (ERROR, N_("hard start before the show starts")),
    "LS501": (ERROR, N_("unknown placeholder")),
    "LS502": (ERROR, N_("malformed placeholder")),
    "LS503": (ERROR, N_("product placeholder in a segment without a product")),
    "LS504": (ERROR, N_("product placeholder for a field a product lacks")),
    "LS505": (WARNING, N_("script never used")),
    "LS506": (WARNING, N_("tab character in a spoken or shown text")),
    "LS601": (ERROR, N_("live price not below list price")),
    "LS602": (ERROR, N_("list price, or a comparison with one, without a price basis")),
    "LS603": (ERROR, N_("scarcity wording without real stock")),
    "LS604": (ERROR, N_("two products share a link number")),
    "LS605": (WARNING, N_("product never shown in the run of show")),
    "LS606": (ERROR, N_("price in the words differs from the product's")),
    "LS607": (ERROR, N_("saving or discount in the words differs from the product's prices")),
    "LS608": (ERROR, N_("stock in the words differs from the product's")),
    "LS609": (ERROR, N_("price in the words matches no product")),
    "LS701": (ERROR, N_("absolute term (广告法 Art. 9(3))")),
    "LS702": (ERROR, N_("state-authority term or national symbol (广告法 Art. 9(1)(2))")),
    "LS703": (ERROR, N_("medical claim (广告法 Arts. 16-18)")),
    "LS704": (ERROR, N_("superstition (广告法 Art. 9(8))")),
    "LS705": (ERROR, N_("guaranteed return or result (广告法 Arts. 24-25)")),
    "LS706": (ERROR, N_("diverting buyers off the platform")),
    "LS707": (WARNING, N_("price or time inducement, legal only when true")),
    "LS708": (WARNING, N_("product claim without evidence")),
    "LS709": (ERROR, N_("team term from compliance.extra")),
    "LS710": (WARNING, N_("compliance.allow entry without a reason or never used")),
    "LS711": (WARNING, N_("borderline wording, legal only when true")),
    "LS712": (ERROR, N_("unknown category in compliance.extra")),
    "LS713": (ERROR, N_("phone number or account id in the words")),
    "LS714": (ERROR, N_("comment alert levels out of order")),
    "LS801": (ERROR, N_("emergency owner is not a role")),
    "LS802": (ERROR, N_("emergency plan without steps")),
    "LS803": (ERROR, N_("P1 emergency plan without recover_within")),
    "LS804": (ERROR, N_("emergency step for an unknown role")),
    "LS805": (ERROR, N_("emergency hold script unknown")),
    "LS901": (ERROR, N_("playbook changed since HEAD but kept its version")),
    "LS902": (ERROR, N_("version lower than HEAD's")),
    "LS903": (WARNING, N_("version not compared with HEAD")),
}


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where it is, what is wrong, and how to fix it."""

    code: str
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = ""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code][0])

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code)


def matches_prefixes(code: str, prefixes: tuple[str, ...]) -> bool:
    """True when ``code`` starts with one of ``prefixes`` (case-insensitive)."""
    code = code.upper()
    return any(code.startswith(p.upper()) for p in prefixes)
