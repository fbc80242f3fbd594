"""The compliance lexicon: the bundled term list (``livesop/data/compliance.yaml``) and a
playbook's own ``compliance.extra`` terms, filtered by the playbook's platform.

The data file is read through livesop.format.yamlio (plain data only) when compliance first runs
after livesop or the file changed; the lexicon is then kept as plain data (``kept``) and read
back from there, once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from livesop.diagnostics import ERROR, WARNING
from livesop.errors import LivesopError
from livesop.format.yamlio import YMap, YSeq, load_file
from livesop.i18n import N_, _

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "compliance.yaml"
NEGATIVE_FILE = DATA_FILE.with_name("negative.yaml")  # 舆情: for comments only
TEAM = "team"  # the category of a team term given without one
TEAM_CATEGORY_NAME = "团队禁用词"
TEAM_REF = "本直播间规则（compliance.extra）"
TEAM_SUGGEST = "换成团队认可的说法"
PLATFORMS = ("douyin", "kuaishou", "channels", "taobao")


@dataclass(frozen=True)
class Category:
    """A category of terms: its key, name, legal reference and the highest severity of its terms."""

    key: str
    name: str
    ref: str
    severity: str


@dataclass(frozen=True)
class Term:
    """One banned or risky term, with why (category, ref) and what to say instead (suggest)."""

    term: str
    category: str
    severity: str
    ref: str
    suggest: str
    allow_in: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    team: bool = False  # from the playbook's compliance.extra

    def applies_to(self, platform: str) -> bool:
        return not self.platforms or platform in self.platforms


@dataclass(frozen=True)
class Lexicon:
    """A term list: its categories by key and its terms (``for_platform``: those that apply to a platform)."""

    version: int
    categories: dict[str, Category]
    terms: tuple[Term, ...]

    def for_platform(self, platform: str) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.applies_to(platform))


@lru_cache(maxsize=1)
def bundled() -> Lexicon:
    """The lexicon shipped with livesop (cached)."""
    from livesop.checks.compliance.kept import kept

    return kept("lexicon", lambda: load_lexicon(DATA_FILE), lexicon_data, lexicon_from_data)


@lru_cache(maxsize=1)
def negative() -> Lexicon:
    """The 舆情 lexicon of negative feedback (category ``negative``), used to screen live comments
    and never reported on playbooks (cached)."""
    from livesop.checks.compliance.kept import kept

    return kept("negative", lambda: load_lexicon(NEGATIVE_FILE), lexicon_data, lexicon_from_data)


def lexicon_data(lexicon: Lexicon) -> dict:
    """A lexicon as plain data (``lexicon_from_data`` reads it back)."""
    return {"version": lexicon.version,
            "categories": [[c.key, c.name, c.ref, c.severity] for c in lexicon.categories.values()],
            "terms": [[t.term, t.category, t.severity, t.ref, t.suggest, list(t.allow_in), list(t.platforms), t.team]
                      for t in lexicon.terms]}


def lexicon_from_data(data: dict) -> Lexicon:
    categories = {key: Category(key, name, ref, severity) for key, name, ref, severity in data["categories"]}
    terms = tuple(Term(term, category, severity, ref, suggest, tuple(allow_in), tuple(platforms), team)
                  for term, category, severity, ref, suggest, allow_in, platforms, team in data["terms"])
    if not all(isinstance(value, str) for term in terms for value in (term.term, term.ref, term.suggest)) \
            or any(term.category not in categories for term in terms):
        raise ValueError("not a lexicon")
    return Lexicon(int(data["version"]), categories, terms)


def read_data(path: Path, what: str) -> YMap:
    """A bundled data file (``livesop/data/``) as plain data with positions; one that cannot be
    read is a broken installation."""
    loaded = load_file(path)
    if loaded.diagnostics or not isinstance(loaded.data, YMap):
        first = loaded.diagnostics[0] if loaded.diagnostics else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else str(path)
        raise LivesopError(_("the {what} cannot be read: {where}").format(what=_(what), where=where),
                           _("reinstall livesop"))
    return loaded.data


def load_lexicon(path: Path) -> Lexicon:
    data = read_data(path, N_("compliance lexicon"))
    categories = {}
    for key, value in _mapping(data, "categories", path).items():
        value = _as_map(value, data.at("categories"), path)
        categories[key] = Category(key, _text(value, "name", path), _text(value, "ref", path),
                                   _severity(value, path))
    terms = []
    seq = data.get("terms")
    if not isinstance(seq, YSeq):
        _fail(path, data.loc, "`terms` must be a list")
    for index, item in enumerate(seq):
        item = _as_map(item, seq.at(index), path)
        category = _text(item, "category", path)
        if category not in categories:
            _fail(path, item.at("category"), f"unknown category `{category}`")
        severity = _severity(item, path)
        if severity == ERROR and categories[category].severity == WARNING:
            _fail(path, item.at("severity"), f"a `{category}` term can be a warning only")
        platforms = tuple(item.get("platforms") or ())
        if any(p not in PLATFORMS for p in platforms):
            _fail(path, item.at("platforms"), f"platforms must be among {', '.join(PLATFORMS)}")
        terms.append(Term(_text(item, "term", path), category, severity, _text(item, "ref", path),
                          _text(item, "suggest", path), tuple(str(w) for w in item.get("allow_in") or ()),
                          platforms))
    return Lexicon(int(data.get("version") or 1), categories, tuple(terms))


def team_terms(extra, categories: dict[str, Category]) -> tuple[Term, ...]:
    """A playbook's ``compliance.extra`` items as terms (an unknown category counts as none)."""
    terms = []
    for item in extra:
        if not item.term:
            continue
        category = categories.get(item.category or "")
        if category is None:
            terms.append(Term(item.term, TEAM, ERROR, TEAM_REF, item.suggest or TEAM_SUGGEST, team=True))
        else:
            terms.append(Term(item.term, category.key, category.severity, category.ref,
                              item.suggest or TEAM_SUGGEST, team=True))
    return tuple(terms)


def _mapping(data: YMap, key: str, path: Path) -> YMap:
    value = data.get(key)
    if not isinstance(value, YMap):
        _fail(path, data.at(key), f"`{key}` must be a mapping")
    return value


def _as_map(value, loc, path: Path) -> YMap:
    if not isinstance(value, YMap):
        _fail(path, loc, "expected a mapping")
    return value


def _text(item: YMap, key: str, path: Path) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        _fail(path, item.at(key), f"`{key}` must be a non-empty text")
    return value


def _severity(item: YMap, path: Path) -> str:
    value = item.get("severity")
    if value not in (ERROR, WARNING):
        _fail(path, item.at("severity"), "`severity` must be error or warning")
    return value


def _fail(path: Path, loc, message: str):
    raise LivesopError(_("{path}:{line}:{col}: compliance lexicon: {message}").format(
        path=path, line=loc.line, col=loc.col, message=message), _("reinstall livesop"))
