"""Compliance (LS7xx): advertising-law compliance of every text the show says or shows.

Scans all spoken and shown texts (livesop.format.texts) with the bundled lexicon plus the playbook's
``compliance.extra`` terms in one pass by their characters and one by their sound, looks for
contact details (phone numbers, WeChat and QQ ids), and reports each finding at its exact line
and column with its category, legal reference and a rewording. Terms listed under
``compliance.allow`` are not findings; they come back from ``review`` as accepted, with the
team's reason.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Sequence

from livesop.checks.compliance.contact import ContactTerm
from livesop.checks.compliance.lexicon import TEAM, TEAM_CATEGORY_NAME, Term, bundled, team_terms
from livesop.checks.compliance.matcher import Hit, fold_key
from livesop.checks.compliance.screen import Screener, kept_screener
from livesop.diagnostics import ERROR, WARNING, Diagnostic
from livesop.format.library import Library
from livesop.format.model import Playbook
from livesop.format.placeholders import scan as scan_placeholders
from livesop.format.texts import SpokenText, spoken_texts
from livesop.i18n import N_, _, join

FAMILY = "LS7"

# (category, severity) → (code, what the finding is). A warning-level term of an error
# category (hype, borderline wellness words, folk custom) is LS711.
FINDING_CODES = {
    ("absolute", ERROR): ("LS701", N_("absolute term")),
    ("authority", ERROR): ("LS702", N_("state-authority term")),
    ("medical", ERROR): ("LS703", N_("medical claim")),
    ("superstition", ERROR): ("LS704", N_("superstition")),
    ("guarantee", ERROR): ("LS705", N_("guaranteed return")),
    ("diversion", ERROR): ("LS706", N_("off-platform diversion")),
    ("inducement", WARNING): ("LS707", N_("price or time inducement")),
    (TEAM, ERROR): ("LS709", N_("team term")),
}
SOFT = ("LS711", N_("borderline wording"))
CONTACT = ("LS713", N_("contact details"))  # a phone number, WeChat or QQ id (contact.py)
# what a contact finding is (contact.py's kinds), as the reader's language names it
CONTACT_KINDS = {"phone number": N_("phone number"), "WeChat id": N_("WeChat id"), "QQ number": N_("QQ number")}
CLAIM_WITHOUT_EVIDENCE = "LS708"
ALLOW_PROBLEM = "LS710"
UNKNOWN_CATEGORY = "LS712"
COMMENT_LEVELS = "LS714"  # the 弹幕 watch's window and alert levels (compliance.comments)


def finding_code(term: Term) -> tuple[str, str]:
    """The diagnostic code and label of a term's findings."""
    if isinstance(term, ContactTerm):
        return CONTACT
    return FINDING_CODES.get((term.category, term.severity), SOFT)


@dataclass(frozen=True)
class Accepted:
    """A finding the playbook accepts under ``compliance.allow``, with the team's reason."""

    code: str
    file: str
    line: int
    column: int
    term: str  # the lexicon term
    text: str  # the words as written
    reason: str

    def as_dict(self) -> dict:
        return {"code": self.code, "file": self.file, "line": self.line, "column": self.column,
                "term": self.term, "text": self.text, "reason": self.reason}


@dataclass
class Review:
    """The compliance findings of one playbook, and the findings accepted under ``compliance.allow``."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)


def check(ctx) -> Iterator[Diagnostic]:
    yield from context_review(ctx).diagnostics
    yield from comment_levels(ctx.playbook)


def comment_levels(playbook: Playbook) -> Iterator[Diagnostic]:
    """LS714: the 弹幕 watch (``compliance.comments``) needs a window longer than 0s and levels
    that rise, each raised by more negative comments than the one before."""
    watch = playbook.compliance.comments if playbook.compliance is not None else None
    if watch is None:
        return
    if watch.window <= 0:
        loc = watch.pos("window")
        yield Diagnostic(COMMENT_LEVELS, loc.file, loc.line, loc.col,
                         _("the comment watch's window is 0s, so no comment is ever counted in it"),
                         _("give a window such as `1m`"))
    previous = None
    for number, level in enumerate(watch.levels, 1):
        if level.at is None:
            continue
        if previous is not None and level.at <= previous[1]:
            loc = level.pos("at")
            yield Diagnostic(COMMENT_LEVELS, loc.file, loc.line, loc.col,
                             _("comment alert level {level} at {count} is not above level {previous} at "
                               "{previous_count}").format(level=number, count=level.at, previous=previous[0],
                                                          previous_count=previous[1]),
                             _("list the levels lowest first, each raised by more comments than the one before"))
        previous = (number, level.at)


def accepted_findings(ctx) -> list[Accepted]:
    """The findings ``compliance.allow`` accepts in a check context, for the reporters to list."""
    return context_review(ctx).accepted


def context_review(ctx) -> Review:
    """The review of a check context, made once and kept with the context."""
    if "compliance" not in ctx.memo:
        ctx.memo["compliance"] = review(ctx.playbook, ctx.library, ctx.spoken)
    return ctx.memo["compliance"]


def review(playbook: Playbook, library: Library | None, texts: Sequence[SpokenText] | None = None) -> Review:
    """The findings and the accepted findings of one playbook (``texts``: its spoken texts, when
    a check context has walked them already)."""
    return _review(playbook, library, texts)


@lru_cache(maxsize=32)
def matcher_for(platform: str, extra: tuple[Term, ...] = (), sound: bool = True) -> Screener:
    """One compiled screener per platform and set of team terms; team terms come after the
    bundled ones, so a team term equal to a bundled one keeps the bundled carve-outs. Without
    ``sound``, terms are matched by their characters only (for the bench)."""
    team = [[t.term, t.category, t.severity, t.ref, t.suggest, list(t.allow_in), list(t.platforms), t.team]
            for t in extra]
    return kept_screener("playbook", bundled().for_platform(platform) + extra, [platform, team], sound=sound)


def _review(playbook: Playbook, library: Library | None, texts: Sequence[SpokenText] | None = None) -> Review:
    lexicon = bundled()
    out = Review()
    compliance = playbook.compliance
    extra = compliance.extra if compliance else ()
    for item in extra:
        if item.category and item.category not in lexicon.categories:
            loc = item.pos("category")
            out.diagnostics.append(Diagnostic(
                UNKNOWN_CATEGORY, loc.file, loc.line, loc.col,
                _("compliance.extra term `{term}` has unknown category `{category}`").format(
                    term=item.term, category=item.category),
                _("use one of {categories}, or leave category out for a team term").format(
                    categories=join(lexicon.categories))))
    allows = {}
    for allowance in compliance.allow if compliance else ():
        if allowance.term:
            allows.setdefault(fold_key(allowance.term), allowance)
    used: set[int] = set()

    texts = list(spoken_texts(playbook, library) if texts is None else texts)
    matcher = matcher_for(playbook.platform or "generic", team_terms(extra, lexicon.categories))
    placeholder_spans: dict[int, list[tuple[int, int]]] = {}
    braced = ["{" in spoken.text.value for spoken in texts]  # looked at once per text, not per finding
    for hit in matcher.scan([spoken.text.value for spoken in texts]):
        spoken = texts[hit.index]
        value = spoken.text.value
        if braced[hit.index] and _inside_placeholder(placeholder_spans, hit.index, value, hit.start):
            continue
        term = hit.term
        shown = value[hit.start:hit.end]
        loc = spoken.text.loc.point(value, hit.start, hit.end)
        code, label = finding_code(term)
        allowance = allows.get(fold_key(term.term))
        if allowance is not None:
            used.add(id(allowance))
            reason = allowance.reason.value if allowance.reason else ""
            out.accepted.append(Accepted(code, loc.file, loc.line, loc.col, term.term, shown, reason))
            continue
        category = TEAM_CATEGORY_NAME if term.category == TEAM else lexicon.categories[term.category].name
        out.diagnostics.append(Diagnostic(
            code, loc.file, loc.line, loc.col,
            _finding(hit, _(label), shown, spoken.where, category, term.ref),
            _hint(term)))

    for product in playbook.products:
        for claim in product.claims:
            if claim.text is not None and not (claim.evidence and claim.evidence.value.strip()):
                loc = claim.text.loc
                out.diagnostics.append(Diagnostic(
                    CLAIM_WITHOUT_EVIDENCE, loc.file, loc.line, loc.col,
                    _("claim “{claim}” of product `{product}` has no evidence").format(
                        claim=claim.text.value, product=product.id),
                    _("add `evidence:` naming the test report, certificate or document that proves it "
                      "(广告法第二十八条), or drop the claim")))

    for allowance in compliance.allow if compliance else ():
        reason = allowance.reason.value.strip() if allowance.reason else ""
        if not reason:
            loc = allowance.pos("reason") if allowance.reason else allowance.loc
            out.diagnostics.append(Diagnostic(
                ALLOW_PROBLEM, loc.file, loc.line, loc.col,
                _("compliance.allow entry `{term}` gives no reason").format(term=allowance.term),
                _("write why the term is true and provable here, e.g. where the evidence is kept")))
        elif id(allowance) not in used:
            loc = allowance.pos("term")
            out.diagnostics.append(Diagnostic(
                ALLOW_PROBLEM, loc.file, loc.line, loc.col,
                _("compliance.allow entry `{term}` matches no finding").format(term=allowance.term),
                _("remove it, or write the term exactly as the finding reports it (e.g. 销量第一, not 第一)")))
    return out


def _finding(hit: Hit, label: str, shown: str, where: str, category: str, ref: str) -> str:
    """The finding's sentence: what was said, what it was taken for, where, and the rule it breaks."""
    term = hit.term
    fields = {"label": label, "shown": shown, "where": where, "category": category, "ref": ref, "term": term.term}
    if isinstance(term, ContactTerm):
        kind = _(CONTACT_KINDS.get(term.kind, term.kind)) if term.kind else term.kind
        return _("{label} “{shown}” ({kind}) in {where}: {category}, {ref}").format(kind=kind, **fields)
    if hit.heard == "sound":
        return _("{label} “{shown}” sounds like “{term}” in {where}: {category}, {ref}").format(**fields)
    if shown != term.term:
        return _("{label} “{shown}” (term {term}) in {where}: {category}, {ref}").format(**fields)
    return _("{label} “{shown}” in {where}: {category}, {ref}").format(**fields)


def _hint(term: Term) -> str:
    if isinstance(term, ContactTerm):
        return _("never say or show a phone number or an account id on air, say instead: {suggest}; "
                 "if this one must be read (a service line the label requires), list “{term}” "
                 "under compliance.allow with a reason").format(suggest=term.suggest, term=term.term)
    return _("say instead: {suggest}; if it is true and provable, list “{term}” under "
             "compliance.allow with a reason").format(suggest=term.suggest, term=term.term)


def _inside_placeholder(cache: dict, index: int, value: str, start: int) -> bool:
    """Whether ``start`` falls inside a ``{placeholder}`` of text ``index`` (its placeholders found
    once, in order and apart, and looked up by place)."""
    found = cache.get(index)
    if found is None:
        spans = [(p.start, p.end) for p in scan_placeholders(value)]
        found = cache[index] = ([lo for lo, _hi in spans], [hi for _lo, hi in spans])
    starts, ends = found
    at = bisect_right(starts, start) - 1
    return at >= 0 and start < ends[at]
