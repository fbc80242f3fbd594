"""Finding lexicon terms in text in one pass, with every match mapped back to the original text.

Matching rules (docs/compliance.md, "How matching works"):

- **Folding.** Each character is folded with NFKC and case folding, so full-width and
  half-width forms and upper and lower case are the same (``ＮＯ．１`` is ``no.1``); then variant
  numerals, look-alike letters and traditional characters are folded too (``livesop.checks.
  compliance.forms``: ``第壹`` and ``第①`` are ``第1``, ``銷量`` is ``销量``).
- **Separators.** Up to ``MAX_GAP`` separators (anything that is not a letter or digit:
  spaces, line breaks, punctuation, symbols, emoji) may sit between two characters of a term:
  ``最 低 价``, ``第-一``, ``加微❤信`` match. Separators inside a term are optional (``NO.1``
  also matches ``NO1``); those at its start or end are required (``100%`` is not ``100``).
- **Longest match wins.** At the leftmost position where a term matches, the longest term
  that is not carved out is reported, and scanning resumes after it.
- **Carve-outs.** A term's ``allow_in`` words are ordinary words that contain it; where the
  text around a match spells one of them (separators ignored), that term is not reported
  there. A term starting or ending with an ASCII letter or digit is not reported inside a
  longer ASCII word or number (``top10``, ``10元购``).

One compiled regular expression (a trie of the terms' shortest forms) finds the candidate
positions in C; a dict trie then lists every term at a candidate, longest first. Many texts are
scanned together, joined by more separators than a gap allows, so a term never spans two texts.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol, Sequence

from livesop.checks.compliance.forms import VARIANTS, is_han, simplified
from livesop.checks.compliance.kept import compile_regex, regex_data, regex_from_data

MAX_GAP = 3
MAX_SPACE = 4  # the most blanks a contact's word and its id may have between them (加微信    abc123)
_GAP = r"[\W_]{0,%d}" % MAX_GAP
_JOIN = "\n" * (max(MAX_GAP, MAX_SPACE) + 1)  # more than any match may run across
_END = ""  # trie key of the term that ends at a node (never a character)


# Blocks whose characters NFKC or case folding maps onto letters or digits: Latin, Greek and
# Cyrillic letters, super/subscripts, letterlike and enclosed forms (①, ℃, ㎏), Kangxi and CJK
# radicals, compatibility ideographs, full-width forms and mathematical alphanumerics.
_FOLD_BLOCKS = ((0x41, 0x5A), (0xAA, 0x24F), (0x370, 0x52F), (0x1E00, 0x1FFF), (0x2070, 0x218F),
                (0x2460, 0x24FF), (0x2E80, 0x2FDF), (0x3200, 0x33FF), (0xF900, 0xFAFF),
                (0xFB00, 0xFB4F), (0xFE10, 0xFE6F), (0xFF00, 0xFFEF), (0x1D400, 0x1D7FF), (0x1F100, 0x1F1FF),
                (0x2F800, 0x2FA1F))


class _Folding:
    """Which characters fold to something else, built once on first use.

    ``letters`` maps a character to its fold when the fold holds a letter or digit (``Ａ`` → ``a``,
    ``℃`` → ``°c``); ``symbols`` maps a symbol to the other symbols that fold to it (``%``:
    ``％﹪``), so a term's own symbols match in either width. A symbol folding to a symbol
    (``，`` → ``,``) is left alone: separators are skipped anyway, and leaving them keeps the
    common case (Chinese text with full-width punctuation) a single C-level scan.
    """

    def __init__(self) -> None:
        self.letters: dict[str, str] = {}
        self.symbols: dict[str, str] = {}
        for low, high in _FOLD_BLOCKS:
            for code in range(low, high + 1):
                char = chr(code)
                folded = unicodedata.normalize("NFKC", char).casefold()
                if folded == char:
                    continue
                if any(c.isalnum() for c in folded):
                    self.letters[char] = folded
                elif len(folded) == 1:
                    self.symbols[folded] = self.symbols.get(folded, folded) + char
        self.symbol_of = {c: folded for folded, chars in self.symbols.items() for c in chars}
        self.needs = _CharSet(self.letters)
        self.longer = _CharSet(c for c, f in self.letters.items() if len(f) > 1)
        # the same, with variant numerals and look-alike letters folded too (what compliance reads)
        self.forms = {c: "".join(VARIANTS.get(x, x) for x in f) for c, f in self.letters.items()}
        self.forms.update(VARIANTS)
        self.forms_needs = _CharSet(self.forms)
        self.makes_han = {c for c, f in self.forms.items() if f >= "\u2e80" and any(map(is_han, f))}

    def data(self) -> dict:
        """The tables as plain data (``restore`` reads them back)."""
        return {"letters": self.letters, "symbols": self.symbols, "forms": self.forms,
                "makes_han": sorted(self.makes_han), "needs": self.needs.data(), "longer": self.longer.data(),
                "forms_needs": self.forms_needs.data()}

    @classmethod
    def restore(cls, data: dict) -> "_Folding":
        folding = cls.__new__(cls)
        folding.letters, folding.symbols, folding.forms = data["letters"], data["symbols"], data["forms"]
        if not all(isinstance(table, dict) for table in (folding.letters, folding.symbols, folding.forms)):
            raise ValueError("not folding tables")
        folding.symbol_of = {c: folded for folded, chars in folding.symbols.items() for c in chars}
        folding.needs, folding.longer = _CharSet.restore(data["needs"]), _CharSet.restore(data["longer"])
        folding.forms_needs = _CharSet.restore(data["forms_needs"])
        folding.makes_han = set(data["makes_han"])
        return folding


def _has_astral(text: str) -> bool:
    """Whether ``text`` has characters beyond the Basic Multilingual Plane (cheap: one encode)."""
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


class _CharSet:
    """Finds any of a set of characters. Characters of the Basic Multilingual Plane form one
    class the regex engine tests in constant time; the rest (a list of ranges, slow to test)
    are only looked for in a text that has characters beyond that plane."""

    def __init__(self, chars):
        codes = sorted({ord(c) for c in chars})
        runs: list[list[int]] = []
        for code in codes:
            if runs and code == runs[-1][1] + 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
        self.bmp, self._bmp_args = self._compile([r for r in runs if r[1] < 0x10000])
        self.astral, self._astral_args = self._compile([r for r in runs if r[1] >= 0x10000])

    @staticmethod
    def _compile(runs) -> tuple[re.Pattern, list | None]:
        if not runs:
            return compile_regex("(?!)")
        return compile_regex("[" + "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
                                           for lo, hi in runs) + "]")

    def data(self) -> list:
        return [regex_data(self.bmp, self._bmp_args), regex_data(self.astral, self._astral_args)]

    @classmethod
    def restore(cls, data: list) -> "_CharSet":
        charset = cls.__new__(cls)
        (charset.bmp, charset._bmp_args), (charset.astral, charset._astral_args) = map(regex_from_data, data)
        if charset.bmp is None or charset.astral is None:
            raise ValueError("not a character set")
        return charset

    def present(self, text: str) -> set[str]:
        """Which of the characters occur in ``text``."""
        found = set(self.bmp.findall(text))
        if _has_astral(text):
            found.update(self.astral.findall(text))
        return found

    def sub(self, repl, text: str) -> str:
        """One left-to-right pass over the text (slower; for the rare texts that need it)."""
        if not _has_astral(text):
            return self.bmp.sub(repl, text)
        return re.compile(f"{self.bmp.pattern}|{self.astral.pattern}").sub(repl, text)


_FOLDING: _Folding | None = None


def _folding() -> _Folding:
    """The folding tables, kept between runs (``kept``: they follow from Python's Unicode tables)."""
    global _FOLDING
    if _FOLDING is None:
        from livesop.checks.compliance.kept import kept

        _FOLDING = kept("folding", _Folding, _Folding.data, _Folding.restore)
    return _FOLDING


class _Remap:
    """Folded-text index → original index, when some characters folded to several."""

    def __init__(self, pieces: list[tuple[int, int, int]]):
        self.pieces = pieces  # (start in folded text, length, index in the original), in order
        self.keys = [p[0] for p in pieces]

    def __call__(self, index: int) -> int:
        at = bisect.bisect_right(self.keys, index) - 1
        if at < 0:
            return index
        start, length, original = self.pieces[at]
        if index < start + length:
            return original
        return original + 1 + index - (start + length)


def fold(text: str) -> tuple[str, "_Remap | None"]:
    """The folded text (width and case), and the map back to ``text``'s indexes when lengths
    changed (else None)."""
    return _fold(text, False)


def fold_forms(text: str, chars: set[str] | None = None) -> tuple[str, "_Remap | None"]:
    """``fold``, and variant numerals, look-alike letters and traditional characters folded too:
    the form compliance matching reads. ``chars``, when the caller has it, is ``set(text)``."""
    folded, remap = _fold(text, True)
    if chars is not None and folded is not text and _folding().makes_han.intersection(chars):
        chars = None  # a radical or compatibility ideograph folded to a character not in ``chars``
    return simplified(folded, chars), remap


def _fold(text: str, forms: bool) -> tuple[str, "_Remap | None"]:
    folding = _folding()
    present = (folding.forms_needs if forms else folding.needs).present(text)
    if not present:
        return text, None
    letters, longer = (folding.forms if forms else folding.letters), False
    for char in present:
        if len(letters[char]) == 1:
            text = text.replace(char, letters[char])
        else:
            longer = True
    if not longer:
        return text, None
    pieces: list[tuple[int, int, int]] = []
    shift = 0

    def expand(match: re.Match) -> str:
        nonlocal shift
        folded = letters[match.group()]
        pieces.append((match.start() + shift, len(folded), match.start()))
        shift += len(folded) - 1
        return folded

    return folding.longer.sub(expand, text), _Remap(pieces)


def fold_key(text: str) -> str:
    """A term or word reduced to what matching compares: folded, letters and digits only."""
    return "".join(c for c in _fold_small(text) if c.isalnum())


def _fold_small(text: str) -> str:
    """Character-by-character folding of a short text (terms, carve-out words), as ``fold_forms``."""
    folded = "".join(unicodedata.normalize("NFKC", c).casefold() for c in text)
    return simplified("".join(VARIANTS.get(c, c) for c in folded))


def tokens(term: str) -> tuple[str, ...]:
    """The characters a term is matched by: folded, inner separators dropped, outer ones kept."""
    folded = _fold_small(term)
    chars = [i for i, c in enumerate(folded) if c.isalnum()]
    if not chars:
        return ()
    first, last = chars[0], chars[-1]
    core = [folded[i] for i in chars]
    return tuple(folded[:first].replace(" ", "")) + tuple(core) + tuple(folded[last + 1:].replace(" ", ""))


class TermLike(Protocol):
    term: str
    allow_in: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """A match: text number ``index`` of the scanned texts, ``[start, end)`` in that text.

    ``heard`` says how: ``""`` the term's characters (folded, separators skipped), ``"sound"``
    the term's sound (``醉低价`` for 最低价), ``"contact"`` a phone number or an account id.
    """

    index: int
    start: int
    end: int
    term: TermLike
    heard: str = ""


class Matcher:
    """All terms compiled into one search structure; ``scan`` finds them in many texts at once."""

    def __init__(self, terms: Iterable[TermLike]):
        self._root: dict = {}
        self._carves: dict[int, list[tuple[int, int, str]]] = {}
        self._ascii_edges: dict[int, tuple[bool, bool]] = {}
        self.terms: list[TermLike] = []
        for term in terms:
            self._add(term)
        alternatives = _alternatives(self._root)
        self._regex, self._regex_args = compile_regex(_group(alternatives)) if alternatives else (None, None)
        self._search = self._regex.search if self._regex is not None else None

    def data(self, encode: Callable[[TermLike], object]) -> dict:
        """The compiled matcher as plain data, each term written as ``encode(term)`` (``restore``
        reads it back with the inverse of ``encode``)."""
        code = {id(term): encode(term) for term in self.terms}
        return {"terms": [code[id(term)] for term in self.terms], "root": _trie_data(self._root, code),
                "carves": [[code[key], carves] for key, carves in self._carves.items()],
                "edges": [[code[key], leading, trailing] for key, (leading, trailing) in self._ascii_edges.items()],
                "search": regex_data(self._regex, self._regex_args)}

    @classmethod
    def restore(cls, data: dict, decode: Callable[[object], TermLike]) -> "Matcher":
        matcher = cls.__new__(cls)
        matcher.terms = [decode(term) for term in data["terms"]]
        matcher._root = _trie_restore(data["root"], decode)
        matcher._carves = {id(decode(term)): [(before, after, word) for before, after, word in carves]
                           for term, carves in data["carves"]}
        matcher._ascii_edges = {id(decode(term)): (bool(leading), bool(trailing))
                                for term, leading, trailing in data["edges"]}
        if any(id(term) not in matcher._ascii_edges for term in matcher.terms):
            raise ValueError("not a matcher")
        matcher._regex, matcher._regex_args = regex_from_data(data["search"])
        matcher._search = matcher._regex.search if matcher._regex is not None else None
        return matcher

    def _add(self, term: TermLike) -> None:
        toks = tokens(term.term)
        if not toks:
            return
        node = self._root
        for char in toks:
            node = node.setdefault(char, {})
        if _END in node:  # the same term twice after folding: the first one counts
            return
        node[_END] = term
        self.terms.append(term)
        key = fold_key(term.term)
        carves = []
        for word in term.allow_in:
            word_key = fold_key(word)
            at = word_key.find(key)
            while at != -1:
                carves.append((at, len(word_key) - at - len(key), word_key))
                at = word_key.find(key, at + 1)
        if carves:
            self._carves[id(term)] = carves
        self._ascii_edges[id(term)] = (_is_ascii_alnum(toks[0]), _is_ascii_alnum(toks[-1]))

    def find(self, text: str) -> list[Hit]:
        return self.scan((text,))

    def scan(self, texts: Sequence[str]) -> list[Hit]:
        """Every reported match in ``texts``, in order, with offsets into the original texts."""
        if self._search is None:
            return []
        return self.scan_folded(texts, *fold_forms(join(texts)))

    def scan_folded(self, texts: Sequence[str], folded: str, remap: "_Remap | None") -> list[Hit]:
        """``scan`` of texts already joined and folded (``fold_forms(join(texts))``)."""
        found = self.find_folded(folded)
        if not found:
            return []
        return locate(found, texts, *spans_of(remap))

    def find_folded(self, folded: str, accept: Callable | None = None) -> list[tuple[int, int, TermLike]]:
        """(start, end, term) of every reported match in a folded text. ``accept(start, end,
        term)``, when given, may refuse a match that is not carved out; the next longest is tried."""
        found: list[tuple[int, int, TermLike]] = []
        if self._search is None:
            return found
        search, pos = self._search, 0
        while True:
            match = search(folded, pos)
            if match is None:
                break
            start = match.start()
            best = self._best(folded, start, accept)
            if best is None:
                pos = start + 1
                continue
            end, term = best
            found.append((start, end, term))
            pos = end
        return found

    def _best(self, folded: str, start: int, accept: Callable | None = None) -> tuple[int, TermLike] | None:
        """The longest term matching at ``start`` that is not carved out there."""
        for end, term in reversed(self._walk(folded, start)):
            if not self._excluded(folded, start, end, term) and (accept is None or accept(start, end, term)):
                return end, term
        return None

    def _walk(self, folded: str, start: int) -> list[tuple[int, TermLike]]:
        """(end, term) of every term matching at ``start``, shortest first."""
        node, i, n, found = self._root, start, len(folded), []
        symbol_of = _folding().symbol_of
        while True:
            j, child = i, None
            while j < n:
                char = folded[j]
                child = node.get(char)
                if child is None and not char.isalnum():
                    child = node.get(symbol_of.get(char, char))
                if child is not None or node is self._root or j - i >= MAX_GAP or char.isalnum():
                    break
                j += 1
            if child is None:
                return found
            node, i = child, j + 1
            term = node.get(_END)
            if term is not None:
                found.append((i, term))

    def _excluded(self, folded: str, start: int, end: int, term: TermLike) -> bool:
        leading, trailing = self._ascii_edges[id(term)]
        if leading and start > 0 and _is_ascii_alnum(folded[start - 1]):
            return True
        if trailing and end < len(folded) and _is_ascii_alnum(folded[end]):
            return True
        carves = self._carves.get(id(term))
        if not carves:
            return False
        return any(_around(folded, start, end, before, after) == (word[:before], word[len(word) - after:])
                   for before, after, word in carves)


def _around(folded: str, start: int, end: int, before: int, after: int) -> tuple[str, str]:
    """Up to ``before`` letters/digits before ``start`` and ``after`` after ``end``, skipping
    separators as matching does."""
    return _collect(folded, start - 1, -1, before)[::-1], _collect(folded, end, 1, after)


def _collect(folded: str, i: int, step: int, count: int) -> str:
    out, gap, n = [], 0, len(folded)
    while len(out) < count and 0 <= i < n:
        char = folded[i]
        if char.isalnum():
            out.append(char)
            gap = 0
        else:
            gap += 1
            if gap > MAX_GAP:
                break
        i += step
    return "".join(out)


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _trie_data(node: dict, code: dict) -> dict:
    return {char: code[id(child)] if char == _END else _trie_data(child, code) for char, child in node.items()}


def _trie_restore(node: dict, decode: Callable[[object], TermLike]) -> dict:
    if not isinstance(node, dict):
        raise TypeError("not a trie")
    return {char: decode(child) if char == _END else _trie_restore(child, decode) for char, child in node.items()}


def _alternatives(node: dict) -> list[str]:
    """Regex alternatives for the terms below ``node``, each cut at its shortest complete term."""
    result = []
    for char, child in node.items():
        if char == _END:
            continue
        literal = re.escape(char) if char.isalnum() else "[" + re.escape(char + _folding().symbols.get(char, "")) + "]"
        if _END in child:
            result.append(literal)
        else:
            result.append(literal + _GAP + _group(_alternatives(child)))
    return result


def _group(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def join(texts: Sequence[str]) -> str:
    """Texts joined by more separators than a gap or a contact's blanks allow, so no match spans
    two of them: each text is read as if alone."""
    return _JOIN.join(texts)


def spans_of(remap: "_Remap | None") -> tuple[Callable[[int], int], Callable[[int], int]]:
    """(first, last): a folded index → the index of the original character it came from, for a
    match's first and for its last character."""
    if remap is None:
        return _same, _same
    return remap, remap


def _same(index: int) -> int:
    return index


def locate(found, texts: Sequence[str], first: Callable[[int], int], last: Callable[[int], int],
           heard: str = "") -> list[Hit]:
    """Matches in a joined, folded text → (text number, offsets in that original text)."""
    hits, index, base = [], 0, 0
    stride = len(_JOIN)
    for start, end, term in sorted(found, key=lambda f: f[0]):
        start, end = first(start), last(end - 1) + 1
        while start >= base + len(texts[index]) + stride:
            base += len(texts[index]) + stride
            index += 1
        hits.append(Hit(index, start - base, end - base, term, heard))
    return hits
