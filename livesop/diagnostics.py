"""Findings as data: the Diagnostic record and the registry of stable codes.

Every code has one fixed severity and a one-line summary; docs/diagnostics.md documents each
one with a bad and a fixed example (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# code: (severity, summary). Families: 1 syntax and limits, 2 structure, 3 references,
# 4 timing, 5 话术, 6 commerce, 7 compliance, 8 emergencies, 9 versions.
CODES: dict[str, tuple[str, str]] = {
    "LS100": (ERROR, "file cannot be read"),
    "LS101": (ERROR, "YAML syntax error"),
    "LS102": (ERROR, "file is not valid UTF-8"),
    "LS103": (ERROR, "document is empty or not a mapping"),
    "LS104": (ERROR, "more than one YAML document in the file"),
    "LS105": (ERROR, "duplicate key"),
    "LS106": (ERROR, "YAML tag that is not plain data"),
    "LS107": (ERROR, "file larger than the size limit"),
    "LS108": (ERROR, "nesting deeper than the limit"),
    "LS109": (ERROR, "aliases expand to more nodes than the limit"),
    "LS110": (ERROR, "tab character in indentation"),
    "LS111": (ERROR, "control character in a text"),
    "LS201": (ERROR, "unknown key"),
    "LS202": (ERROR, "required key missing"),
    "LS203": (ERROR, "value of the wrong type"),
    "LS204": (ERROR, "invalid identifier"),
    "LS205": (ERROR, "duplicate identifier"),
    "LS206": (ERROR, "value not among the allowed ones"),
    "LS207": (ERROR, "a cue or step needs exactly one of say and do"),
    "LS208": (ERROR, "invalid version string"),
    "LS209": (ERROR, "unsupported format version"),
    "LS210": (ERROR, "number out of range"),
    "LS211": (ERROR, "invalid date"),
    "LS212": (ERROR, "a segment has both product and for_each"),
    "LS301": (ERROR, "unknown role"),
    "LS302": (ERROR, "unknown product"),
    "LS303": (ERROR, "unknown script"),
    "LS304": (ERROR, "unknown scripts library entry"),
    "LS305": (ERROR, "unknown variant of a scripts library entry"),
    "LS306": (ERROR, "no scripts library found"),
    "LS307": (ERROR, "backup role refers to itself"),
    "LS308": (WARNING, "for_each block with no products"),
    "LS309": (ERROR, "scripts library file is malformed"),
    "LS401": (ERROR, "invalid duration"),
    "LS402": (ERROR, "duration written as a bare number"),
    "LS403": (ERROR, "invalid clock time"),
    "LS404": (ERROR, "cue outside its segment"),
    "LS405": (ERROR, "repeat interval not shorter than its segment"),
    "LS406": (ERROR, "show longer than its slot"),
    "LS407": (ERROR, "hard start overlaps what runs before it"),
    "LS408": (WARNING, "gap before a hard start"),
    "LS409": (ERROR, "zero-length segment"),
    "LS410": (WARNING, "warning time not shorter than its segment"),
    "LS411": (WARNING, "hard start cannot be checked without a start time"),
    "LS412": (ERROR, "hard start before the show starts"),
    "LS501": (ERROR, "unknown placeholder"),
    "LS502": (ERROR, "malformed placeholder"),
    "LS503": (ERROR, "product placeholder in a segment without a product"),
    "LS504": (ERROR, "product placeholder for a field a product lacks"),
    "LS505": (WARNING, "script never used"),
    "LS506": (WARNING, "tab character in a spoken or shown text"),
    "LS601": (ERROR, "live price not below list price"),
    "LS602": (ERROR, "list price, or a comparison with one, without a price basis"),
    "LS603": (ERROR, "scarcity wording without real stock"),
    "LS604": (ERROR, "two products share a link number"),
    "LS605": (WARNING, "product never shown in the run of show"),
    "LS606": (ERROR, "price in the words differs from the product's"),
    "LS607": (ERROR, "saving or discount in the words differs from the product's prices"),
    "LS608": (ERROR, "stock in the words differs from the product's"),
    "LS609": (ERROR, "price in the words matches no product"),
    "LS701": (ERROR, "absolute term (广告法 Art. 9(3))"),
    "LS702": (ERROR, "state-authority term or national symbol (广告法 Art. 9(1)(2))"),
    "LS703": (ERROR, "medical claim (广告法 Arts. 16-18)"),
    "LS704": (ERROR, "superstition (广告法 Art. 9(8))"),
    "LS705": (ERROR, "guaranteed return or result (广告法 Arts. 24-25)"),
    "LS706": (ERROR, "diverting buyers off the platform"),
    "LS707": (WARNING, "price or time inducement, legal only when true"),
    "LS708": (WARNING, "product claim without evidence"),
    "LS709": (ERROR, "team term from compliance.extra"),
    "LS710": (WARNING, "compliance.allow entry without a reason or never used"),
    "LS711": (WARNING, "borderline wording, legal only when true"),
    "LS712": (ERROR, "unknown category in compliance.extra"),
    "LS713": (ERROR, "phone number or account id in the words"),
    "LS801": (ERROR, "emergency owner is not a role"),
    "LS802": (ERROR, "emergency plan without steps"),
    "LS803": (ERROR, "P1 emergency plan without recover_within"),
    "LS804": (ERROR, "emergency step for an unknown role"),
    "LS805": (ERROR, "emergency hold script unknown"),
    "LS901": (ERROR, "playbook changed since HEAD but kept its version"),
    "LS902": (ERROR, "version lower than HEAD's"),
    "LS903": (WARNING, "version not compared with HEAD"),
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
