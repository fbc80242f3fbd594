"""``version`` bumps that change nothing but the version text.

The file is not re-serialised: the loader says where the ``version`` scalar stands, and only
those characters are replaced (inside its quotes, if it has any). Every other byte — comments,
key order, quoting, indentation, line endings, a BOM — stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from livesop.errors import EXIT_USAGE, LivesopError
from livesop.files import read_input, write_output
from livesop.format.build import SEMVER_PATTERN, shown, version_problem
from livesop.format.spec import BOUNDS
from livesop.format.yamlio import MAX_BYTES, load_text
from livesop.i18n import _, join

PARTS = ("major", "minor", "patch")
_BOM = "\ufeff"


def bumped(version: str, part: str) -> str:
    """``1.4.2`` → ``2.0.0`` / ``1.5.0`` / ``1.4.3``; a pre-release or build suffix is dropped."""
    match = SEMVER_PATTERN.match(version)
    if not match:
        raise LivesopError(_("version {version!r} is not a semantic version").format(version=version),
                           _("write it as MAJOR.MINOR.PATCH, e.g. `version: 1.0.0`"))
    if part not in PARTS:
        raise LivesopError(_("unknown part {part!r}").format(part=part),
                           _("one of: {parts}").format(parts=join(PARTS)), EXIT_USAGE)
    problem = version_problem(match)
    if problem:
        raise LivesopError(_("version {version!r}: {problem}").format(version=version, problem=problem),
                           _(BOUNDS["version part"].hint))
    major, minor, patch = (int(g) for g in match.groups())
    new = {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0",
           "patch": f"{major}.{minor}.{patch + 1}"}[part]
    problem = version_problem(SEMVER_PATTERN.match(new))
    if problem:
        raise LivesopError(_("version {version!r} cannot go up by {part}: {problem}").format(
                               version=version, part=part, problem=problem),
                           _("{hint}; raise a higher part instead").format(hint=_(BOUNDS["version part"].hint)))
    return new


def _offset(text: str, line: int, col: int) -> int:
    """Index in ``text`` of a 1-based line and column (columns count characters)."""
    index = 0
    for _line in range(line - 1):
        index = text.index("\n", index) + 1
    return index + col - 1


def locate_version(text: str, name: str = "<text>") -> tuple[str, int]:
    """(the version text, its index in ``text``) from the loader's position of the scalar."""
    body = text[1:] if text.startswith(_BOM) else text
    loaded = load_text(body, name)
    if loaded.data is None:
        first = loaded.diagnostics[0]
        raise LivesopError(f"{name}:{first.line}:{first.column}: {first.message}",
                           first.hint or _("run `livesop validate {path}`").format(path=name))
    if "version" not in loaded.data or loaded.data.get("version") is None:
        line = loaded.data.loc.line
        raise LivesopError(_("{file}:{line}: the playbook has no `version`").format(file=name, line=line),
                           _("add `version: 1.0.0` below `title:`"))
    old = loaded.data["version"]
    if not isinstance(old, str):
        loc = loaded.data.at("version")
        raise LivesopError(_("{file}:{line}:{column}: version {version} is not a semantic version").format(
                               file=name, line=loc.line, column=loc.col, version=shown(old)),
                           _("write it as text with three parts, e.g. `version: 1.0.0`"))
    loc = loaded.data.at("version")
    start = _offset(body, loc.line, loc.col)
    end = _offset(body, loc.end_line, loc.end_col)
    span = body[start:end]
    at = span.rfind(old)  # the value itself, past any anchor, tag or opening quote
    if at == -1 or "\n" in old:
        raise LivesopError(_("{file}:{line}:{column}: the version is written in a form bump cannot edit in place")
                           .format(file=name, line=loc.line, column=loc.col),
                           _("write it on one line: `version: 1.0.0`"))
    return old, len(text) - len(body) + start + at


def rewrite_version(text: str, new_version: str, name: str = "<text>") -> tuple[str, str]:
    """(old version, ``text`` with only the version's characters replaced by ``new_version``)."""
    old, index = locate_version(text, name)
    return old, text[:index] + new_version + text[index + len(old):]


def bump_file(path: str | Path, part: str) -> tuple[str, str]:
    """Raise ``path``'s version by ``part``; returns (old version, new version)."""
    path = Path(path)
    raw = read_input(path, MAX_BYTES, "playbook")
    if len(raw) > MAX_BYTES:
        raise LivesopError(_("{path}: file is larger than the size limit").format(path=path),
                           _("split the playbook"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LivesopError(_("{path}: not valid UTF-8").format(path=path), _("save the file as UTF-8")) from None
    old, index = locate_version(text, str(path))
    new = bumped(old, part)
    write_output(path, (text[:index] + new + text[index + len(old):]).encode("utf-8"))  # a link: its target
    return old, new
