"""Matching by sound: the words as a listener, a speech recogniser or a platform reviewer hears
them, so homophones (醉低价), near-homophones that speech recognition merges (争强免疫力), pinyin
written into the text (zui低价) and traditional characters all find the term.

How (docs/compliance.md, "Matching by sound"):

- Each character is replaced by one code character that stands for its **sound class**: the
  first pinyin reading of the character, without tone, with zh/z, ch/c, sh/s, n/l and the
  -n/-ng finals merged. The replacement is one character for one, so positions stay exact; the
  codes are Yi syllables, letters to Python's regex engine and never written in 话术 (a real
  Yi syllable in a text is read as a sound no term has).
- A run of Latin letters that spells pinyin syllables of the lexicon's terms, and nothing else,
  is replaced by their codes (``zui`` → the code of 最); each code maps back to its letters.
- Every term is written in the same codes, by the first reading of each character unless
  ``readings`` in ``livesop/data/sound.yaml`` says otherwise (最便宜 is zui pian yi), and all go
  into one ``Matcher``: the same one-pass search, separators, longest match and carve-outs (a
  term's ``allow_in`` words, in codes) as matching by characters.
- A match counts when the term has three syllables or more, when pinyin letters are part of it,
  or when the term is listed under ``two_syllables`` in ``livesop/data/sound.yaml`` and every
  character sounds the same as the term's, tone for tone; and never where the text spells one
  of the term's ``heard_in`` words of that file (国家机器 for 国家级).

The readings are pypinyin's (pure Python, MIT), one character at a time, read from
``livesop/data/pinyin.txt`` (``checks.compliance.tables``), which ``tools/char_tables.py`` writes
from pypinyin: nothing of pypinyin is imported when checking.
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from livesop import regexes
from livesop.checks.compliance.forms import is_han, simplified_char
from livesop.checks.compliance.kept import kept
from livesop.checks.compliance.lexicon import read_data
from livesop.checks.compliance.matcher import Hit, Matcher, fold_key, locate
from livesop.checks.compliance.tables import readings
from livesop.errors import LivesopError
from livesop.format.yamlio import YMap, YSeq
from livesop.i18n import N_, _

SOUND_FILE = Path(__file__).resolve().parents[2] / "data" / "sound.yaml"
MIN_SYLLABLES = 3  # terms this long are matched by sound without being listed

_CODE_BASE = 0xA000  # Yi syllables: 1,165 letters for about 400 sound classes
_CODE_END = 0xA48C
_FOREIGN = chr(_CODE_BASE)  # what a real Yi syllable in a text becomes
_LATIN = regexes.compile(r"[a-z]{2,}")  # a, e, o are never taken for pinyin
_READING = regexes.compile(r"[a-z]+[1-5]")
_VOWEL = regexes.compile("[aeiouv]")
_PLACEHOLDER = regexes.compile(r"\{[^{}\s]*\}")
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


def near(syllable: str) -> str:
    """The sound class of a tone-less pinyin syllable: zh/z, ch/c, sh/s, n/l (as initials) and
    -ng/-n (an/ang, en/eng, in/ing) merged, as speech recognition and many accents merge them."""
    for retroflex, flat in _INITIALS:
        if syllable.startswith(retroflex):
            syllable = flat + syllable[len(retroflex):]
            break
    if syllable.startswith("n") and len(syllable) > 1 and syllable[1] != "g":
        syllable = "l" + syllable[1:]
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    return syllable


def toneless(reading: str) -> str:
    return reading.rstrip("012345")


def spellings(syllable: str) -> set[str]:
    """The ways a writer may spell ``syllable`` in Latin letters: itself and its merged partners."""
    heads = {syllable}
    for retroflex, flat in _INITIALS:
        if syllable.startswith(retroflex):
            heads.add(flat + syllable[len(retroflex):])
        elif syllable.startswith(flat) and not syllable.startswith(retroflex):
            heads.add(retroflex + syllable[len(flat):])
    if syllable[:1] in "nl" and len(syllable) > 1 and syllable[1] != "g":
        heads.update({"n" + syllable[1:], "l" + syllable[1:]})
    out = set()
    for head in heads:
        out.add(head)
        if head.endswith("ng"):
            out.add(head[:-1])
        elif head.endswith("n"):
            out.add(head + "g")
    out.update({s.replace("ve", "ue") for s in out if "ve" in s})
    return out


# ---------------------------------------------------------------- the data file

@dataclass(frozen=True)
class SoundRules:
    """``livesop/data/sound.yaml``: the short terms matched by sound, the words they hide in, their readings."""

    two_syllables: frozenset[str]  # fold keys of the short terms matched by sound
    heard_in: dict[str, tuple[str, ...]]  # fold key of a term → ordinary words that sound like it
    readings: dict[str, tuple[str, ...]]  # fold key of a term → its readings, where not the first ones


@lru_cache(maxsize=1)
def sound_rules() -> SoundRules:
    """``livesop/data/sound.yaml`` (cached)."""
    return load_sound_rules(SOUND_FILE)


def load_sound_rules(path: Path) -> SoundRules:
    data = read_data(path, N_("sound rules"))
    listed = data.get("two_syllables") or ()
    if not isinstance(listed, YSeq) or not all(isinstance(word, str) for word in listed):
        raise LivesopError(_("{path}: two_syllables must be a list of terms").format(path=path), _("reinstall livesop"))
    words = {}
    for term, value in _mapping(data, "heard_in", path).items():
        if not isinstance(value, YSeq) or not all(isinstance(word, str) for word in value):
            raise LivesopError(_("{path}: heard_in.{term} must be a list of words").format(path=path, term=term),
                                 _("reinstall livesop"))
        words[fold_key(term)] = tuple(value)
    readings = {}
    for term, value in _mapping(data, "readings", path).items():
        said = tuple(str(value).split())
        if len(said) != len(fold_key(term)) or not all(_READING.fullmatch(r) for r in said):
            raise LivesopError(_("{path}: readings.{term} must give one numbered-tone reading per character, "
                                 "e.g. zui4 pian2 yi2").format(path=path, term=term), _("reinstall livesop"))
        readings[fold_key(term)] = said
    return SoundRules(frozenset(fold_key(term) for term in listed), words, readings)


def _mapping(data: YMap, key: str, path: Path) -> YMap | dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, YMap):
        raise LivesopError(_("{path}: {key} must be a mapping").format(path=path, key=key), _("reinstall livesop"))
    return value


# ---------------------------------------------------------------- readings

class _Ear:
    """Per-process tables: each character seen → its sound-form character, and its reading."""

    def __init__(self) -> None:
        self._table = readings()
        # sound class → code character: those of the table's readings in a fixed order, so that
        # matchers kept between runs (``kept``) and this process agree; any other class after them
        classes = kept("sound-classes", lambda: sorted({near(toneless(name)) for name in self._table.names}),
                       list, _names)
        self.codes: dict[str, str] = {name: chr(_CODE_BASE + 1 + index) for index, name in enumerate(classes)}
        self.fixed = len(self.codes)
        self.table: dict[int, str] = {}  # every character seen → its sound-form character
        self.first: dict[str, str] = {}  # a character with a reading → its first reading ("zui4")
        self.seen: set[str] = set()
        self._readings: dict[str, str | None] = {}

    def reading(self, char: str) -> str | None:
        """The first (most common) numbered-tone reading of one character (``zui4``, ``de5``),
        None for anything but a Chinese character."""
        if char in self._readings:
            return self._readings[char]
        reading = self._table.get(char) if is_han(char) or char == "〇" else None
        self._readings[char] = reading
        return reading

    def code(self, sound_class: str) -> str:
        code = self.codes.get(sound_class)
        if code is None:
            code = self.codes[sound_class] = chr(_CODE_BASE + 1 + len(self.codes))
            assert ord(code) <= _CODE_END
        return code

    def plain(self, char: str) -> str:
        """One character folded as for reading: width, case, traditional → simplified."""
        folded = unicodedata.normalize("NFKC", char).casefold()
        if len(folded) != 1:
            folded = char
        return simplified_char(folded) if is_han(folded) or folded == "〇" else folded

    def learn(self, chars: Iterable[str]) -> None:
        for char in chars:
            self.seen.add(char)
            plain = self.plain(char)
            if _CODE_BASE <= ord(plain) <= _CODE_END:
                self.table[ord(char)] = _FOREIGN
                continue
            reading = self.reading(plain)
            if reading:
                self.first[char] = reading
                self.table[ord(char)] = self.code(near(toneless(reading)))
            else:
                self.table[ord(char)] = plain

    def encode(self, text: str, chars: set[str] | None = None) -> str:
        """``text`` in sound-form characters, one for one (``chars``: ``set(text)``, if known)."""
        new = (set(text) if chars is None else chars).difference(self.seen)
        if new:
            self.learn(new)
        return text.translate(self.table)


def _names(data) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(name, str) for name in data):
        raise ValueError("not a list of sound classes")
    return data


@lru_cache(maxsize=1)
def ear() -> _Ear:
    """The per-process sound tables (built on first use)."""
    return _Ear()


# ---------------------------------------------------------------- terms in sound form

@dataclass(frozen=True)
class _Heard:
    """One reading of a term in sound-form characters: what the sound ``Matcher`` looks for."""

    term: str  # the codes (and the term's own letters and digits)
    allow_in: tuple[str, ...]  # carve-out words in codes
    origin: object  # the lexicon term
    syllables: int
    listed: bool
    toned: tuple[str | None, ...]  # per token: its reading ("zui4"), None for a letter or digit
    ordinary: tuple[str, ...] = ()  # fold keys of ordinary words that sound like it (heard_in)


def _term_tokens(ear_: _Ear, term: str, readings: tuple[str, ...] = ()) -> list[list[tuple[str, str | None]]] | None:
    """Per token of ``term``, its ways to sound: (sound-form character, reading, None for a
    letter or digit). ``readings`` gives the term's own readings where a character's first one is
    not the one the term says (最便宜: pian, not bian); the text around reads each character by
    its first reading, so both count. None when the term starts or ends with a symbol (100%):
    those are matched by their characters only."""
    chars = [ear_.plain(x) for c in term for x in unicodedata.normalize("NFKC", c).casefold()]
    tokens = [c for c in chars if c.isalnum()]
    if not tokens or not chars[0].isalnum() or not chars[-1].isalnum():
        return None
    out, given = [], iter(readings)
    for char in tokens:
        said, heard = next(given, None), ear_.reading(char)
        if heard is None:
            out.append([(char, None)])
            continue
        ways = [said, heard] if said and said != heard else [heard]
        out.append([(ear_.code(near(toneless(way))), way) for way in ways])
    return out


def heard_forms(term) -> list[_Heard]:
    """A lexicon term in sound form, with its carve-out words (none when it is not heard)."""
    return _heard_forms(term, sound_rules())


def _heard_forms(term, rules: SoundRules) -> list[_Heard]:
    ear_ = ear()
    key = fold_key(term.term)
    tokens = _term_tokens(ear_, term.term, rules.readings.get(key, ()))
    if tokens is None:
        return []
    syllables = sum(1 for ways in tokens if ways[0][1] is not None)
    if syllables == 0:
        return []
    spelled = "".join(ear_.plain(c) for c in term.term)
    out = []
    for combo in itertools.product(*tokens):
        codes = "".join(code for code, _ in combo)
        allow = []
        for word in term.allow_in:
            plain = "".join(ear_.plain(c) for c in word)
            at = plain.find(spelled)
            allow.append(ear_.encode(plain) if at < 0 else
                         ear_.encode(plain[:at]) + codes + ear_.encode(plain[at + len(spelled):]))
        out.append(_Heard(codes, tuple(allow), term, syllables, key in rules.two_syllables,
                          tuple(reading for _, reading in combo),
                          tuple(fold_key(word) for word in rules.heard_in.get(key, ()))))
    return out


# ---------------------------------------------------------------- pinyin written in the text

class _Spans:
    """Sound-form index → original index, where pinyin letters became one code per syllable."""

    def __init__(self, pieces: list[tuple[int, int, int]]):
        self.pieces = pieces  # (index in the sound form, original start, original end), in order
        self.keys = [p[0] for p in pieces]
        self.latin = set(self.keys)

    def first(self, index: int) -> int:
        at = bisect.bisect_right(self.keys, index) - 1
        if at < 0:
            return index
        position, start, end = self.pieces[at]
        return start if position == index else end + index - position - 1

    def last(self, index: int) -> int:
        at = bisect.bisect_right(self.keys, index) - 1
        if at >= 0 and self.pieces[at][0] == index:
            return self.pieces[at][2] - 1
        return self.first(index)


class SoundMatcher:
    """All terms in sound form, one ``Matcher``; ``scan`` finds them in many texts at once."""

    def __init__(self, terms: Iterable, rules: SoundRules | None = None):
        rules = rules or sound_rules()
        ear_ = self._ear = ear()
        forms = [heard for term in terms for heard in _heard_forms(term, rules)]
        # Two terms may sound the same (微信 and 威信): the one heard without pinyin, if either,
        # is the one a text that sounds like both is reported as (the Matcher keeps the first).
        forms.sort(key=lambda heard: not (heard.listed or heard.syllables >= MIN_SYLLABLES))
        # Short unlisted terms are heard only in pinyin letters: a text without any is searched
        # for the others alone (fewer first sounds make the search about a third faster).
        self._heard = Matcher([heard for heard in forms if heard.listed or heard.syllables >= MIN_SYLLABLES])
        self._matcher = Matcher(forms)
        self._spellings: dict[str, str] = {}
        for heard in forms:
            for reading in heard.toned:
                if reading is not None:
                    syllable = toneless(reading)
                    code = ear_.code(near(syllable))
                    for spelling in spellings(syllable):
                        if len(spelling) > 1 and _VOWEL.search(spelling):  # not a, e, o, m, ng
                            self._spellings.setdefault(spelling, code)
        self._longest = max(map(len, self._spellings), default=0)
        self._segments: dict[str, tuple | None] = {}

    def data(self, encode) -> dict:
        """The compiled matchers as plain data, each lexicon term written as ``encode(term)``."""
        forms = {id(heard): heard for heard in self._matcher.terms + self._heard.terms}
        number = {key: index for index, key in enumerate(forms)}
        codes = dict(itertools.islice(self._ear.codes.items(), self._ear.fixed, None))
        return {"forms": [[heard.term, list(heard.allow_in), encode(heard.origin), heard.syllables, heard.listed,
                           list(heard.toned), list(heard.ordinary)] for heard in forms.values()],
                "heard": self._heard.data(lambda heard: number[id(heard)]),
                "all": self._matcher.data(lambda heard: number[id(heard)]),
                "spellings": self._spellings, "codes": codes}

    @classmethod
    def restore(cls, data: dict, decode) -> "SoundMatcher":
        sound = cls.__new__(cls)
        ear_ = sound._ear = ear()
        if any(ear_.code(name) != code for name, code in data["codes"].items()):
            raise ValueError("sound codes of another process")  # built again, with this one's
        forms = [_Heard(term, tuple(allow_in), decode(origin), syllables, listed, tuple(toned), tuple(ordinary))
                 for term, allow_in, origin, syllables, listed, toned, ordinary in data["forms"]]
        sound._heard = Matcher.restore(data["heard"], forms.__getitem__)
        sound._matcher = Matcher.restore(data["all"], forms.__getitem__)
        sound._spellings = data["spellings"]
        if not isinstance(sound._spellings, dict):
            raise ValueError("not a sound matcher")
        sound._longest = max(map(len, sound._spellings), default=0)
        sound._segments = {}
        return sound

    def scan(self, texts: Sequence[str], joined: str, chars: set[str] | None = None) -> list[Hit]:
        """Every match by sound in ``texts`` (``joined`` is ``matcher.join(texts)``, ``chars``
        its set of characters if the caller has it)."""
        encoded = self._ear.encode(joined, chars)
        spans = None
        if _LATIN.search(encoded):
            encoded, spans = self._pinyin(encoded)
        matcher = self._heard if spans is None else self._matcher
        found = matcher.find_folded(encoded, self._acceptor(joined, encoded, spans))
        if not found:
            return []
        first, last = (spans.first, spans.last) if spans else (_same, _same)
        return locate([(start, end, heard.origin) for start, end, heard in found], texts, first, last, "sound")

    def _acceptor(self, joined: str, encoded: str, spans: _Spans | None):
        first_reading = self._ear.first
        to_original = spans.first if spans else _same
        latin = spans.latin if spans else ()

        def accept(start: int, end: int, heard: _Heard) -> bool:
            if heard.ordinary and _spells(joined, to_original(start), to_original(end - 1) + 1, heard.ordinary):
                return False
            if heard.syllables >= MIN_SYLLABLES:
                return True
            if latin and any(i in latin for i in range(start, end)):
                return True  # written in pinyin: no homophone of an ordinary word
            if not heard.listed:
                return False
            token = 0
            for i in range(start, end):
                if not encoded[i].isalnum():
                    continue
                wanted = heard.toned[token]
                token += 1
                if wanted is not None and not _same_tone(first_reading.get(joined[to_original(i)]), wanted):
                    return False
            return True

        return accept

    def _pinyin(self, encoded: str) -> tuple[str, _Spans | None]:
        """Runs of letters that spell pinyin syllables of the terms → one code per syllable.
        Letters inside a placeholder (``{fudai_code}``) are a name, not words on air."""
        parts, pieces, last, length = [], [], 0, 0
        segments = self._segments
        names = [m.span() for m in _PLACEHOLDER.finditer(encoded)] if "{" in encoded else []
        name = 0
        for run in _LATIN.finditer(encoded):
            while name < len(names) and names[name][1] <= run.start():
                name += 1
            if name < len(names) and names[name][0] < run.start():
                continue
            word = run.group()
            syllables = segments[word] if word in segments else self._segment(word)
            if not syllables:
                continue
            gap = encoded[last:run.start()]
            parts.append(gap)
            length += len(gap)
            for offset, size, code in syllables:
                pieces.append((length, run.start() + offset, run.start() + offset + size))
                parts.append(code)
                length += 1
            last = run.end()
        if not pieces:
            return encoded, None
        parts.append(encoded[last:])
        return "".join(parts), _Spans(pieces)

    def _segment(self, run: str):
        """The fewest syllables of the terms that spell ``run`` exactly, as (offset, length,
        code), or None."""
        if run in self._segments:
            return self._segments[run]
        best: list[tuple | None] = [None] * (len(run) + 1)
        best[0] = ()
        if len(run) <= 48:
            for i in range(len(run)):
                if best[i] is None:
                    continue
                for length in range(1, min(self._longest, len(run) - i) + 1):
                    code = self._spellings.get(run[i:i + length])
                    if code is None:
                        continue
                    candidate = best[i] + ((i, length, code),)
                    if best[i + length] is None or len(candidate) < len(best[i + length]):
                        best[i + length] = candidate
        result = best[len(run)] or None
        if len(self._segments) < 4096:
            self._segments[run] = result
        return result


def _same(index: int) -> int:
    return index


def _spells(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether the letters and digits of ``text`` around ``[start, end)`` spell one of ``words``
    (fold keys) over the whole of that span."""
    reach = max(map(len, words)) * 2
    low, high = max(0, start - reach), min(len(text), end + reach)
    chars, places = [], []
    for i in range(low, high):
        key = fold_key(text[i])
        if key:
            chars.append(key)
            places.append(i)
    spelled = "".join(chars)
    if len(spelled) != len(places):  # a character that folds to several: compare no further
        return False
    for word in words:
        at = spelled.find(word)
        while at != -1:
            if places[at] <= start and places[at + len(word) - 1] >= end - 1:
                return True
            at = spelled.find(word, at + 1)
    return False


def _same_tone(reading: str | None, wanted: str) -> bool:
    """Whether a character read ``reading`` sounds like a term character read ``wanted``, tone
    for tone (a neutral tone in the term takes any tone)."""
    if reading is None:
        return False
    return reading == wanted or (wanted.endswith("5") and toneless(reading) == toneless(wanted))
