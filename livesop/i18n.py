"""The message catalogue: every text a person reads goes through ``_`` (or ``ngettext``).

The English text is the message id; ``livesop/locale/zh_CN/LC_MESSAGES/livesop.mo`` (compiled
from the ``.po`` beside it with Babel, see docs/translating.md) holds the Chinese. The standard
library's gettext reads it, so nothing beyond Python is needed at run time.

The language is chosen once per command: ``--lang zh|en``, else ``LIVESOP_LANG``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` beginning with ``zh``), else English. ``_`` looks
the text up in the language in force *when it is called*, so module-level tables mark their
texts with ``N_`` and translate them where they are shown.

Write whole sentences with named fields, never fragments glued together::

    _("{count} cues missed in {segment}").format(count=n, segment=name)
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

DOMAIN = "livesop"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")
# language code → the catalogue's folder under locale/
CATALOGUES = {"zh": "zh_CN"}
ENV_VAR = "LIVESOP_LANG"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

_current = "en"
_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_loaded: dict[str, _gettext.NullTranslations] = {}


def normalize(value: str | None) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → ``zh``; ``en…``, ``C``, ``POSIX`` → ``en``; else None."""
    if not value:
        return None
    value = value.strip().lower()
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en") or value in ("c", "posix") or value.startswith("c."):
        return "en"
    return None


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for: ``LIVESOP_LANG``, else the locale, else English."""
    environ = os.environ if environ is None else environ
    chosen = normalize(environ.get(ENV_VAR))
    if chosen:
        return chosen
    for name in LOCALE_VARS:
        value = environ.get(name)
        if value:  # the first one set decides, as the C library does
            return "zh" if normalize(value) == "zh" else "en"
    return "en"


def from_argv(argv: list[str]) -> str | None:
    """The value of ``--lang`` among the arguments (``--lang zh`` or ``--lang=zh``), if any."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.split("=", 1)[1])
    return None


def _catalogue(language: str) -> _gettext.NullTranslations:
    if language not in _loaded:
        folder = CATALOGUES.get(language)
        translation: _gettext.NullTranslations = _gettext.NullTranslations()
        if folder is not None:
            try:
                translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[folder])
            except OSError:  # a missing catalogue falls back to English rather than failing
                translation = _gettext.NullTranslations()
        _loaded[language] = translation
    return _loaded[language]


def use(language: str) -> None:
    """Speak ``language`` (``zh`` or ``en``) from now on."""
    global _current, _translation
    chosen = normalize(language) or "en"
    _current = chosen
    _translation = _catalogue(chosen)


def current() -> str:
    """The language in force: ``zh`` or ``en``."""
    return _current


def is_chinese() -> bool:
    return _current == "zh"


def _(message: str) -> str:
    """``message`` in the language in force."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the language in force."""
    return _translation.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in force, told apart from the same English in another ``context``."""
    return _translation.pgettext(context, message)


def in_chinese(message: str) -> str:
    """``message`` in Chinese whatever the language in force (the phone pages speak only Chinese)."""
    return _catalogue("zh").gettext(message)


def join(items) -> str:
    """Items of a list (ids, names, values) written one after another: ``a, b`` in English,
    ``a、b`` in Chinese."""
    return pgettext("between the items of a list", ", ").join(items)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (module-level tables)."""
    return message


use(from_environment())

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "current",
    "from_argv",
    "from_environment",
    "in_chinese",
    "is_chinese",
    "join",
    "ngettext",
    "normalize",
    "pgettext",
    "use",
]
