"""Contact details in the words: phone numbers, WeChat and QQ ids, and requests for private
contact — the ways a line sends buyers off the platform without a listed word.

Read from the text as compliance folds it (``matcher.fold_forms``), where Chinese, financial,
circled and full-width digits are already ASCII digits. A number is a run of digits (幺 counts
as 1, as numbers are read aloud) joined by at most two spaces, dashes, slashes, commas, dots in
the middle or brackets; its digits decide what it is. The markers and the requests are data
(``livesop/data/contact.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from livesop import regexes
from livesop.checks.compliance.kept import compile_regex, regex_data, regex_from_data
from livesop.checks.compliance.lexicon import Term, read_data
from livesop.checks.compliance.matcher import MAX_SPACE, fold_key
from livesop.errors import LivesopError
from livesop.format.yamlio import YMap, YSeq
from livesop.i18n import N_, _

CONTACT_FILE = Path(__file__).resolve().parents[2] / "data" / "contact.yaml"
PHONE, WECHAT, QQ = "phone number", "WeChat id", "QQ number"

_DIGIT = "[0-9幺]"
_SEP = r"[ \t\u3000\n\-‐‑‒–—―_·・/\\、,，()（）]"
_NUMBER = rf"{_DIGIT}(?:{_SEP}{{0,2}}{_DIGIT})*"
_GROUPS = regexes.compile(r"[0-9幺]+")
_BEFORE_ID = r"(?:[\s:：=＝是为号搜]){%d,%d}"  # at least so many, at most MAX_SPACE
_ID = r"([a-z][a-z0-9_-]{5,19})(?![a-z0-9_-])"


@dataclass(frozen=True)
class ContactTerm(Term):
    """A phone number or account id found in the words: ``term`` is the number or id itself,
    ``kind`` what it is (``PHONE``, ``WECHAT``, ``QQ``)."""

    kind: str = ""


@dataclass(frozen=True)
class ContactRules:
    """``livesop/data/contact.yaml``: how a finding is reported, the WeChat and QQ markers and the requests."""

    category: str
    severity: str
    ref: str
    suggest: str
    wechat: tuple[str, ...]
    qq: tuple[str, ...]
    ask_first: tuple[str, ...]
    ask_then: tuple[str, ...]
    ask_within: int
    ask_suggest: str


@lru_cache(maxsize=1)
def contact_rules() -> ContactRules:
    """``livesop/data/contact.yaml`` (cached)."""
    return load_contact_rules(CONTACT_FILE)


def load_contact_rules(path: Path) -> ContactRules:
    data = read_data(path, N_("contact rules"))
    asks = data.get("asks")
    if not isinstance(asks, YMap):
        raise LivesopError(_("{path}: `asks` must be a mapping").format(path=path), _("reinstall livesop"))

    def words(node, key: str) -> tuple[str, ...]:
        value = node.get(key)
        if not isinstance(value, YSeq) or not value or not all(isinstance(w, str) and fold_key(w) for w in value):
            raise LivesopError(_("{path}: `{key}` must be a list of words").format(path=path, key=key), _("reinstall livesop"))
        return tuple(fold_key(w) for w in value)

    def text(node, key: str) -> str:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LivesopError(_("{path}: `{key}` must be a non-empty text").format(path=path, key=key), _("reinstall livesop"))
        return value

    within = asks.get("within")
    if not isinstance(within, int) or not 0 <= within <= 20:
        raise LivesopError(_("{path}: `asks.within` must be a number of characters, 0 to 20").format(path=path),
                             _("reinstall livesop"))
    return ContactRules(text(data, "category"), text(data, "severity"), text(data, "ref"), text(data, "suggest"),
                        words(data, "wechat"), words(data, "qq"), words(asks, "first"), words(asks, "then"),
                        within, text(asks, "suggest"))


def _markers(words: tuple[str, ...], gap_after_letter: int) -> str:
    """A regex alternative of marker words; one that ends with a Latin letter is a whole word
    there and needs ``gap_after_letter`` separators before what follows. (That one starting
    with a letter is a whole word there too is checked after the match: a look-behind at the
    start would make the regex engine try every position.)"""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        part = re.escape(word)
        if word[-1].isascii():
            part += r"(?![a-z])" + _BEFORE_ID % (gap_after_letter, MAX_SPACE)
        else:
            part += _BEFORE_ID % (0, MAX_SPACE)
        parts.append(part)
    return "(?:" + "|".join(parts) + ")"


class Contacts:
    """The contact rules compiled: ``find_folded`` lists every contact detail in a folded text."""

    _PATTERNS = ("_number", "_wechat", "_qq", "_asks")

    def __init__(self, rules: ContactRules):
        self.rules = rules
        first = "|".join(map(re.escape, sorted(rules.ask_first, key=len, reverse=True)))
        then = "|".join(map(re.escape, sorted(rules.ask_then, key=len, reverse=True)))
        self._args = {}
        for name, pattern in zip(self._PATTERNS, (
                rf"{_DIGIT}(?:{_SEP}{{0,2}}{_DIGIT}){{9,}}",  # 10 digits or more
                _markers(rules.wechat, 1) + rf"(?:{_ID}|({_NUMBER}))",
                _markers(rules.qq, 0) + rf"({_NUMBER})",
                rf"(?:{first})[^\n]{{0,{rules.ask_within}}}?(?:{then})")):
            compiled, self._args[name] = compile_regex(pattern)
            setattr(self, name, compiled)

    def data(self) -> dict:
        """The compiled rules as plain data (``restore`` reads them back)."""
        rules = {name: list(value) if isinstance(value, tuple) else value
                 for name, value in self.rules.__dict__.items()}
        return {"rules": rules, **{name: regex_data(getattr(self, name), self._args[name]) for name in self._PATTERNS}}

    @classmethod
    def restore(cls, data: dict) -> "Contacts":
        contacts = cls.__new__(cls)
        contacts.rules = ContactRules(**{name: tuple(value) if isinstance(value, list) else value
                                         for name, value in data["rules"].items()})
        contacts._args = {}
        for name in cls._PATTERNS:
            compiled, contacts._args[name] = regex_from_data(data[name])
            if compiled is None:
                raise ValueError("not the contact rules")
            setattr(contacts, name, compiled)
        return contacts

    def find_folded(self, folded: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of every phone number, account id and request for private contact."""
        found, numbers = [], set()
        for match in self._number.finditer(folded):
            run = match.group()
            if match.start() and folded[match.start() - 1] in "0123456789幺.．":
                continue
            digits = _digits(run)
            if _is_phone(digits, _GROUPS.findall(run)):
                numbers.add(match.start())
                national = digits[2:] if len(digits) == 13 else digits  # +86 138…: 138…
                found.append((match.start(), match.end(), self._term(national, PHONE)))
        for pattern, kind in ((self._wechat, WECHAT), (self._qq, QQ)):
            for match in _whole_words(pattern, folded):
                group = 1 if match.group(1) else len(match.groups())
                start, end = match.span(group)
                value = match.group(group)
                if group > 1 or kind == QQ:  # a number
                    digits = _digits(value)
                    if start in numbers or not 5 <= len(digits) <= 11:
                        continue
                    value = digits
                numbers.add(start)
                found.append((start, end, self._term(value, kind)))
        for match in self._asks.finditer(folded):
            words = match.group()
            found.append((match.start(), match.end(), Term(
                f"{_first(words, self.rules.ask_first)}…{_last(words, self.rules.ask_then)}",
                self.rules.category, self.rules.severity, self.rules.ref, self.rules.ask_suggest)))
        return found

    def _term(self, value: str, kind: str) -> ContactTerm:
        return ContactTerm(value, self.rules.category, self.rules.severity, self.rules.ref,
                           self.rules.suggest, kind=kind)


def _whole_words(pattern: re.Pattern, text: str):
    """The matches of a marker pattern whose marker, when it starts with a Latin letter, is not
    the end of a longer word (``vx`` but not ``mvx``)."""
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        start = match.start()
        if start and text[start].isascii() and text[start - 1].isascii() and text[start - 1].isalnum():
            pos = start + 1
            continue
        yield match
        pos = match.end()


def _digits(run: str) -> str:
    return "".join("1" if c == "幺" else c for c in run if c.isdigit() or c == "幺")


def _is_phone(digits: str, groups: list[str]) -> bool:
    """Whether the digits of a number, written in ``groups``, are a phone number: a mobile number
    (+86 or not), a 400/800 service number, or a landline with its area code."""
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return True
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return True
    return 10 <= len(digits) <= 12 and digits[0] == "0" and digits[1] != "0" and (
        len(groups) == 1 or 3 <= len(groups[0]) <= 4)


def _first(words: str, choices: tuple[str, ...]) -> str:
    return next(w for w in sorted(choices, key=len, reverse=True) if words.startswith(w))


def _last(words: str, choices: tuple[str, ...]) -> str:
    return next(w for w in sorted(choices, key=len, reverse=True) if words.endswith(w))
