"""Other ways of writing the same word: variant numerals and look-alike letters, and traditional
characters, each folded to one character so every position in the text stays where it was.

- **Numerals.** Chinese numerals, their financial forms and 〇/零 fold to ASCII digits, as ①, ⑴
  and full-width digits already do under NFKC: ``第壹``, ``第①`` and ``第1`` are ``第一``. 十, 百
  and 两 are words, not digits, and stay.
- **Look-alike letters.** Cyrillic and Greek letters that look like Latin ones (``ѵ``, ``х``,
  ``ν``) fold to the Latin letter, so ``加ѵ`` is ``加V``.
- **Traditional characters.** Each character is converted on its own with OpenCC's dictionaries
  (``t2s``, else ``hk2s``), read from ``livesop/data/t2s.txt``, which ``tools/char_tables.py``
  writes from ``opencc-python-reimplemented``: 銷 → 销, 後 → 后. Phrase conversion is not used, so
  a conversion never changes a text's length.
"""

from __future__ import annotations

from functools import lru_cache

# Variant numerals and look-alike letters → the character terms are written with (1:1).
VARIANTS: dict[str, str] = {
    **dict.fromkeys("〇零", "0"),
    **dict.fromkeys("一壹弌", "1"),
    **dict.fromkeys("二贰貳弍", "2"),
    **dict.fromkeys("三叁弎", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
    # Cyrillic and Greek letters that look like Latin ones (upper case folds to these first)
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԛ": "q", "ԝ": "w", "ѵ": "v",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}


def is_han(char: str) -> bool:
    """Whether ``char`` is a Chinese character (radicals, unified, compatibility, extensions)."""
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char >= "\U00020000"


class _Simplifier:
    """Traditional → simplified, one character at a time (``livesop/data/t2s.txt``)."""

    def __init__(self) -> None:
        from livesop.checks.compliance.tables import simplification_pairs

        traditional, simple = simplification_pairs()
        self.table: dict[int, int] = str.maketrans(traditional, simple)  # code point → code point
        self.traditional: frozenset[str] = frozenset(traditional)

    def simplify(self, text: str, chars: set[str] | None = None) -> str:
        """``text`` simplified; ``chars``, when given, is the set of its characters (or more)."""
        if self.traditional.isdisjoint(set(text) if chars is None else chars):
            return text
        return text.translate(self.table)


@lru_cache(maxsize=1)
def simplifier() -> _Simplifier:
    """The per-process converter (its table read on first use)."""
    return _Simplifier()


def simplified_char(char: str) -> str:
    """The simplified form of one character (itself when it has none)."""
    simple = simplifier().table.get(ord(char))
    return char if simple is None else chr(simple)


def simplified(text: str, chars: set[str] | None = None) -> str:
    """``text`` with each traditional character replaced by its simplified form (same length);
    ``chars``, when the caller has it, is the set of the text's characters (or more)."""
    return simplifier().simplify(text, chars)
