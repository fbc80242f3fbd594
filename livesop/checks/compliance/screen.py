"""Everything compliance listens for, compiled once: a lexicon's terms by their characters and by
their sound, and contact details (phone numbers, WeChat and QQ ids, requests for private
contact). ``Screener.scan`` reads many texts (a playbook's) in one pass of each; ``screen`` reads
one live comment.

Where two kinds of match overlap, the characters win unless the sound match covers longer
ground (最底价 is heard as 最低价 rather than found as 最); a sound match is never reported where
the text spells the term itself (the term was carved out there). Contact details are reported
beside the terms (加微信 and the id after it).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Iterable, Sequence

from livesop.checks.compliance.contact import Contacts, contact_rules
from livesop.checks.compliance.lexicon import Term, bundled, negative
from livesop.checks.compliance.matcher import Hit, Matcher, fold_forms, fold_key, join, locate, spans_of
from livesop.checks.compliance.sound import SoundMatcher

KNOWN_CHARS = 1_000_000  # the most characters of texts whose findings a screener remembers (a few MB)


class Screener:
    """A lexicon's terms (bundled, team or 舆情), listened for by characters, by sound (unless
    ``sound`` is False) and, unless ``contact`` is False, with contact details."""

    def __init__(self, terms: Iterable[Term], sound: bool = True, contact: bool = True):
        self.terms = tuple(terms)
        self._matcher = Matcher(self.terms)
        self._sound = SoundMatcher(self.terms) if sound else None
        self._contacts = Contacts(contact_rules()) if contact else None
        self._forget()

    def _forget(self) -> None:
        """Let go of the findings remembered by text (``scan``)."""
        self._known: dict[str, list[Hit]] = {}
        self._known_chars = 0

    def data(self) -> dict:
        """The compiled screener as plain data, its terms by their place in ``terms``."""
        place: dict[int, int] = {}
        for index, term in enumerate(self.terms):
            place.setdefault(id(term), index)

        def encode(term: Term) -> int:
            return place[id(term)]

        return {"terms": len(self.terms), "matcher": self._matcher.data(encode),
                "sound": self._sound.data(encode) if self._sound is not None else None,
                "contacts": self._contacts.data() if self._contacts is not None else None}

    @classmethod
    def restore(cls, terms: tuple[Term, ...], data: dict) -> "Screener":
        """The screener of ``terms`` that ``data`` keeps (as ``Screener(terms, …).data()`` gave it)."""
        if data["terms"] != len(terms):
            raise ValueError("a screener of other terms")
        screener_ = cls.__new__(cls)
        screener_.terms = terms
        decode = terms.__getitem__
        screener_._matcher = Matcher.restore(data["matcher"], decode)
        screener_._sound = SoundMatcher.restore(data["sound"], decode) if data["sound"] is not None else None
        screener_._contacts = Contacts.restore(data["contacts"]) if data["contacts"] is not None else None
        screener_._forget()
        return screener_

    def find(self, text: str) -> list[Hit]:
        """Every finding in one text (a live comment), in order."""
        return self.scan((text,))

    def scan(self, texts: Sequence[str]) -> list[Hit]:
        """Every finding in ``texts``, in order of text and position.

        Each text is read as if alone (``join``), so its findings are remembered by its words and
        a text met again is not read again: the playbooks of a folder, planned from one template,
        say most of their 话术 in each (up to ``KNOWN_CHARS`` characters are remembered)."""
        known = {text: self._known.get(text) for text in dict.fromkeys(texts)}
        unseen = [text for text, hits in known.items() if hits is None]
        if unseen:
            size = sum(map(len, unseen))
            if self._known_chars + size > KNOWN_CHARS:
                self._forget()
            found: dict[str, list[Hit]] = {text: [] for text in unseen}
            for hit in self._read(unseen):
                found[unseen[hit.index]].append(hit)
            known.update(found)
            self._known.update(found)
            self._known_chars += size
        return [hit if hit.index == index else Hit(index, hit.start, hit.end, hit.term, hit.heard)
                for index, text in enumerate(texts) for hit in known[text]]

    def _read(self, texts: Sequence[str]) -> list[Hit]:
        """Every finding in ``texts``, read in one pass of each matcher over them joined."""
        joined = join(texts)
        chars = set(joined)
        folded, remap = fold_forms(joined, chars)
        hits = self._matcher.scan_folded(texts, folded, remap)
        if self._contacts is not None:
            found = self._contacts.find_folded(folded)
            if found:
                hits += locate(found, texts, *spans_of(remap), heard="contact")
        if self._sound is not None:
            heard = self._sound.scan(texts, joined, chars)
            if heard:
                hits = _with_heard(hits, heard, texts)
        if len(hits) > 1:
            hits.sort(key=lambda hit: (hit.index, hit.start, hit.heard))
        return hits


def _with_heard(found: list[Hit], heard: Sequence[Hit], texts: Sequence[str]) -> list[Hit]:
    """``found`` with each match by sound added where it says more: where no match by characters
    overlaps it, or where it covers longer ground than all that do (最底价 as 最低价, not 最). A
    text that spells the term itself is not heard again (the term was carved out there). The
    matches by characters are looked up by place, so a text of thousands costs its length."""
    by_characters = sorted((h for h in found if not h.heard), key=lambda h: (h.index, h.start))
    by_text: dict[int, tuple[list[int], list[Hit]]] = {}
    for other in by_characters:
        starts, hits = by_text.setdefault(other.index, ([], []))
        starts.append(other.start)
        hits.append(other)
    longest = max((h.end - h.start for h in by_characters), default=0)
    removed: set[int] = set()
    added: list[Hit] = []
    for hit in heard:
        if fold_key(texts[hit.index][hit.start:hit.end]) == fold_key(hit.term.term):
            continue
        starts, hits = by_text.get(hit.index, ((), ()))
        lo, hi = bisect_left(starts, hit.start - longest + 1), bisect_left(starts, hit.end)
        overlapping = [other for other in hits[lo:hi] if id(other) not in removed and hit.start < other.end]
        if not overlapping:
            added.append(hit)
        elif all(hit.start <= other.start and other.end <= hit.end and other.end - other.start < hit.end - hit.start
                 for other in overlapping):
            removed.update(id(other) for other in overlapping)
            added.append(hit)
    return [other for other in found if id(other) not in removed] + added


def kept_screener(name: str, terms: tuple[Term, ...], built_for: list, sound: bool = True,
                  contact: bool = True) -> Screener:
    """``Screener(terms, sound, contact)``, kept between runs (``kept``) under ``name`` and
    ``built_for`` (plain data), which must say everything ``terms`` follow from besides the bundled
    data (the platform, the team's terms)."""
    from livesop.checks.compliance.kept import kept, name_of

    return kept(f"{name}-{name_of(sound, contact, built_for)}", lambda: Screener(terms, sound, contact),
                Screener.data, lambda data: Screener.restore(terms, data))


@lru_cache(maxsize=8)
def screener(platform: str = "generic") -> Screener:
    """The screener of live comments on ``platform``: the bundled compliance lexicon for that
    platform and the 舆情 lexicon of negative feedback (category ``negative``), by characters
    and by sound, with contact details."""
    return kept_screener("comments", bundled().for_platform(platform) + negative().terms, [platform])


def screen(text: str, platform: str = "generic") -> list[Hit]:
    """Every finding in one live comment: banned or risky terms, negative feedback, contact
    details. ``hit.term.category`` says which (``negative`` for 舆情), ``hit.heard`` how it was
    found (``""`` characters, ``"sound"``, ``"contact"``). Fast: one comment in well under
    0.1 ms once the screener is built (``bench/bench_compliance.py``)."""
    return screener(platform).find(text)
