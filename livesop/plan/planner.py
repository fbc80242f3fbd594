"""``livesop new``: a dated session file from a template playbook and tonight's lineup.

The template is edited as ruamel.yaml round-trip data, so its comments, key order and quoting
survive: the lineup fills the template's products, its slots (``livesop.plan.slots``; a product
with the template product's very name keeps that product's other fields, such as ``claims``),
every ``for_each: products`` block is written out once per product (ids ``<segment>-<product>``,
``product: <id>`` set, placeholders kept), a ``session`` block records the date, start and
template (id, version, git commit), ``--set`` values go into ``variables``, the id becomes
``<template id>-<date>`` and the version starts again at ``1.0.0``. The result is checked like
``livesop validate`` before anyone writes it, and each finding is moved to the template or lineup
place it comes from (``livesop.plan.positions``).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from livesop.checks.draft import Checked, check_text
from livesop.errors import LivesopError, UsageError
from livesop.excel.lineup import Lineup
from livesop.format.schema import relink_schema
from livesop.format.timefmt import format_clock
from livesop.format.yamledit import dump, rt_yaml
from livesop.i18n import _, join
from livesop.plan.positions import PositionMap, Sources, map_diagnostics
from livesop.plan.slots import fill_slots, rename_products

SESSION_VERSION = "1.0.0"
TEMPLATE_DIR = "playbooks"
YAML_SUFFIXES = (".yaml", ".yml")
# Where the session block goes: after the last of these keys the template has.
SESSION_ANCHORS = ("livesop", "id", "title", "version", "platform", "description", "schedule")
VARIABLES_ANCHORS = (*SESSION_ANCHORS, "session")


@dataclass
class Plan:
    """A planned session: the text to write and what the user should know about it."""

    template: Path
    template_id: str
    template_version: str
    commit: str | None
    text: str
    checked: Checked
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------- finding a template

def _template_dirs(cwd: Path) -> list[Path]:
    """The nearest ``playbooks/`` above ``cwd``, then the one at the root of cwd's git repository."""
    folders: list[Path] = []
    cwd = cwd.resolve()
    for candidate in (cwd, *cwd.parents):
        if (candidate / TEMPLATE_DIR).is_dir():
            folders.append(candidate / TEMPLATE_DIR)
            break
    root = _git_root(cwd)
    if root is not None and (root / TEMPLATE_DIR).is_dir() and root / TEMPLATE_DIR not in folders:
        folders.append(root / TEMPLATE_DIR)
    return folders


def _git_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _playbook_id(path: Path) -> str | None:
    from livesop.format.yamlio import has_livesop_key, load_file

    if not has_livesop_key(path):
        return None
    data = load_file(path).data
    value = data.get("id") if data is not None else None
    return value if isinstance(value, str) else None


def find_template(spec: str, cwd: Path | None = None) -> Path:
    """TEMPLATE as a file path, else the playbook with that id (or file name) in ``playbooks/``."""
    path = Path(spec)
    if path.is_file():
        return path
    if path.is_dir():
        raise UsageError(_("{spec} is a folder").format(spec=spec),
                         _("name a template playbook file or a template id such as `daily`"))
    folders = _template_dirs(cwd or Path.cwd())
    known: dict[str, Path] = {}
    for folder in folders:
        for suffix in YAML_SUFFIXES:
            candidate = folder / f"{spec}{suffix}"
            if candidate.is_file():
                return candidate
        for candidate in sorted(folder.rglob("*")):
            if candidate.suffix in YAML_SUFFIXES and candidate.is_file():
                found = _playbook_id(candidate)
                if found == spec:
                    return candidate
                if found:
                    known.setdefault(found, candidate)
    if not folders:
        raise UsageError(_("template {spec!r}: no such file, and no {folder}/ folder above {cwd}").format(
                             spec=spec, folder=TEMPLATE_DIR, cwd=cwd or Path.cwd()),
                         _("name a template file, or run the command inside the repository that holds the playbooks"))
    listing = join(sorted(known)) or _("none found")
    raise UsageError(_("template {spec!r}: no such file, and no playbook with that id in {folders}").format(
                         spec=spec, folders=join(str(f) for f in folders)),
                     _("name a template file, or one of these ids: {ids}").format(ids=listing))


def template_commit(path: Path) -> tuple[str | None, bool]:
    """(the last commit that touched ``path``, whether the file has uncommitted changes); (None, False)
    when it is not in a git repository (or git is not available)."""
    try:
        import git
    except Exception:  # GitPython cannot find a git executable: plan without the commit
        return None, False
    try:
        repo = git.Repo(path.resolve().parent, search_parent_directories=True)
        root = Path(repo.working_tree_dir).resolve()
        relative = path.resolve().relative_to(root).as_posix()
        commit = next(iter(repo.iter_commits(paths=relative, max_count=1)), None)
        if commit is None:
            return None, False
        return commit.hexsha, repo.is_dirty(path=relative)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None, False
    except git.GitCommandError:
        return None, False


# ------------------------------------------------------------------------------- editing

def _load_template(path: Path):
    from livesop.format.yamlio import load_file

    loaded = load_file(path)  # limits, tags and syntax are checked here, before ruamel sees the text
    if loaded.data is None:
        first = loaded.diagnostics[0]
        raise LivesopError(f"{first.file}:{first.line}:{first.column}: {first.message}",
                           first.hint or _("run `livesop validate {path}`").format(path=path))
    data = rt_yaml().load(loaded.text)
    for key in ("id", "version"):
        if not isinstance(data.get(key), str):
            raise LivesopError(_("{path}: the template has no `{key}`").format(path=path, key=key),
                               _("run `livesop validate {path}`").format(path=path))
    return data, loaded.text


def _replace_products(data, products: list) -> None:
    from ruamel.yaml.comments import CommentedSeq

    from livesop.format.yamledit import give_trailing, insert_after, take_trailing

    current = data.get("products")
    tail = take_trailing(current) if isinstance(current, CommentedSeq) and current else ""
    for product in products:
        take_trailing(product)
    if isinstance(current, CommentedSeq):
        current.ca.items.clear()
        current[:] = products
    else:
        seq = CommentedSeq(products)
        insert_after(data, ("roles", "variables", "session", "schedule", "description"), "products", seq)
        current = seq
    give_trailing(current, tail or ("\n" if products else ""))


def _expand(data, notes: list[str]) -> None:
    """Write every ``for_each: products`` segment out once per product (see ``livesop.format.expand``)."""
    from livesop.format.yamledit import give_trailing, take_trailing

    segments = data.get("segments")
    products = [p.get("id") for p in (data.get("products") or []) if hasattr(p, "get") and p.get("id")]
    if not hasattr(segments, "insert"):
        return
    index = 0
    while index < len(segments):
        segment = segments[index]
        if not hasattr(segment, "get") or segment.get("for_each") != "products":
            index += 1
            continue
        tail = take_trailing(segment)
        copies = []
        for number, product in enumerate(products):
            item = copy.deepcopy(segment)
            item["id"] = f"{segment.get('id')}-{product}"
            position = list(item).index("for_each")
            if "for_each" in item.lc.data:  # a finding about the product points at the for_each line
                item.lc.data["product"] = item.lc.data["for_each"]
            del item["for_each"]
            item.insert(position, "product", product)
            if number and "start" in item:
                del item["start"]
            for cue in item.get("cues") or ():
                if hasattr(cue, "get") and cue.get("id"):
                    cue["id"] = f"{cue['id']}-{product}"
            copies.append(item)
        if copies:
            give_trailing(copies[-1], tail)
            notes.append(_("segment `{segment}` written out once per product: {copies}").format(
                segment=segment.get("id"), copies=join(str(c["id"]) for c in copies)))
        else:
            notes.append(_("segment `{segment}` repeats per product, but there are no products: left out").format(
                segment=segment.get("id")))
            if index:
                give_trailing(segments[index - 1], tail)
        segments[index:index + 1] = copies
        index += len(copies)


def _quoted(text: str):
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _set_variables(data, sets: list[tuple[str, str]]) -> None:
    from livesop.format.build import ID_PATTERN, did_you_mean
    from livesop.format.yamledit import block_map, insert_after

    if not sets:
        return
    variables = data.get("variables")
    if variables is None or not hasattr(variables, "get"):
        variables = block_map(())
        insert_after(data, VARIABLES_ANCHORS, "variables", variables)
    for name, value in sets:
        if not ID_PATTERN.match(name):
            raise UsageError(_("--set {name}={value}: {name!r} is not a variable name").format(name=name, value=value),
                             _("write --set NAME=VALUE with a name of letters, digits, _ - ."))
        if name not in variables:
            known = join(map(str, variables)) or _("none")
            raise UsageError(_("--set {name}: the template has no variable `{name}`").format(name=name),
                             did_you_mean(name, list(variables))
                             or _("the template's variables: {names}").format(names=known))
        variables[name] = value


def _session_library(data, template: Path, output: Path, library: Path | None, notes: list[str]) -> str | None:
    """``session.library`` of the session written at ``output``: ``library`` (``--library``), else the
    library the template uses (its own ``session.library``, else the nearest ``scripts_library/``
    above it), as a POSIX path from the output's folder; None when there is none."""
    import os

    from livesop.checks.validate import library_folder

    own = data.get("session")
    recorded = own.get("library") if hasattr(own, "get") else None
    folder, searched = library_folder(recorded if isinstance(recorded, str) else None, (template.parent,), library)
    if folder is None:
        if recorded is not None:
            notes.append(_("the template's scripts library is not there ({searched}); the session records none").format(
                searched=searched))
        return None
    try:
        return Path(os.path.relpath(folder.resolve(), output.resolve().parent)).as_posix()
    except ValueError:  # another drive: no relative path leads there
        notes.append(_("the scripts library {folder} is on another drive than {output}; the session records none")
                     .format(folder=folder, output=output))
        return None


def plan_session(template: Path, output: Path, date: dt.date, start: int | None = None,
                 sets: list[tuple[str, str]] = (), lineup: Lineup | None = None,
                 library: Path | None = None, title: str | None = None) -> Plan:
    """The session planned from ``template``, checked as the file ``output`` (nothing is written);
    ``library`` is the scripts library to record (default: the one the template uses), ``title``
    the session's title (default: the template's). Findings point at the template or the lineup."""
    from livesop.format.yamledit import block_map, flow_map, insert_after

    data, template_text = _load_template(template)
    sources = Sources(str(template), template_text)
    notes: list[str] = list(lineup.notes) if lineup else []
    template_id, template_version = str(data["id"]), str(data["version"])
    commit, dirty = template_commit(template)
    if dirty:
        notes.append(_("{template} has changes not committed to git; the session records its last commit {commit}")
                     .format(template=template, commit=commit[:12]))

    if lineup is not None:
        filled = fill_slots(data, lineup, sources)
        notes += filled.notes
        _replace_products(data, filled.products)
        rename_products(data, filled.renames)
    _expand(data, notes)

    if start is None:
        schedule = data.get("schedule")
        start_text = schedule.get("start") if hasattr(schedule, "get") else None
    else:
        start_text = format_clock(start)
    ref = [("id", template_id), ("version", template_version)]
    if commit:
        ref.append(("commit", commit))
    session = [("date", _quoted(date.isoformat()))]
    if start_text:
        session.append(("start", _quoted(str(start_text))))
    session.append(("template", flow_map(ref)))
    library_path = _session_library(data, template, output, library, notes)
    if library_path is not None:
        session.append(("library", _quoted(library_path)))
    if "session" in data:
        notes.append(_("the template's own `session` block was replaced"))
        del data["session"]
    insert_after(data, SESSION_ANCHORS, "session", block_map(session))
    _set_variables(data, list(sets))
    data["id"] = f"{template_id}-{date.isoformat()}"
    data["version"] = SESSION_VERSION
    if title is not None:
        data["title"] = title

    text = relink_schema(dump(data), template, output)
    checked = check_text(text, str(output), (output.parent if str(output.parent) else Path("."), template.parent))
    checked.diagnostics = map_diagnostics(checked.diagnostics, str(output), PositionMap(sources, data, text))
    return Plan(template, template_id, template_version, commit, text, checked, notes)
