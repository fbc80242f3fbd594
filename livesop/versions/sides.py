"""The two sides of a comparison: a file in the working tree or ``REV:PATH``, loaded as models."""

from __future__ import annotations

from pathlib import Path

from livesop.errors import EXIT_USAGE, LivesopError
from livesop.files import system_reason
from livesop.format.build import build
from livesop.format.model import Playbook
from livesop.format.yamlio import MAX_BYTES, load_bytes
from livesop.i18n import _


def model_from_bytes(raw: bytes, name: str) -> Playbook:
    """The playbook model of a file's bytes; an unreadable file is a clean error (exit 2).

    Structure problems that still leave a model (an unknown key, a bad duration) do not stop a
    comparison: the model holds what could be read, as ``validate`` would see it.
    """
    playbook, diagnostics = build(load_bytes(raw, name), cross_checks=False)
    if playbook is None:
        first = diagnostics[0] if diagnostics else None
        where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else name
        raise LivesopError(_("{name}: cannot be read as a playbook ({where})").format(name=name, where=where),
                           first.hint if first and first.hint else _("run `livesop validate` on it"), EXIT_USAGE)
    return playbook


def read_working(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise LivesopError(_("{path}: no such file").format(path=path),
                           _("check the path, or write REV:PATH for a file in git"), EXIT_USAGE)
    if file.is_dir():
        raise LivesopError(_("{path}: is a folder, not a playbook file").format(path=path),
                           _("name one playbook file"), EXIT_USAGE)
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LivesopError(_("{path}: cannot be read: {reason}").format(path=path, reason=system_reason(exc)),
                           _("check the file's permissions"), EXIT_USAGE) from None
    if b"\0" in raw[:8000]:
        raise LivesopError(_("{path}: is a binary file, not a playbook").format(path=path),
                           _("name a playbook YAML file"), EXIT_USAGE)
    return raw


def split_side(spec: str) -> tuple[str | None, str]:
    """``REV:PATH`` → (REV, PATH); an existing file, or text without a colon, → (None, spec)."""
    if Path(spec).exists() or ":" not in spec:
        return None, spec
    rev, _colon, path = spec.partition(":")
    if not rev:
        raise LivesopError(_("{spec!r}: no revision before the colon").format(spec=spec),
                           _("write REV:PATH, e.g. HEAD:playbooks/daily.yaml"), EXIT_USAGE)
    if not path:
        raise LivesopError(_("{spec!r}: no path after the colon").format(spec=spec),
                           _("write REV:PATH, e.g. HEAD:playbooks/daily.yaml"), EXIT_USAGE)
    return rev, path


def load_side(rev: str | None, path: str) -> tuple[str, Playbook]:
    """(display name, model) of ``path`` in the working tree (``rev`` None) or at ``rev``."""
    if rev is None:
        return path, model_from_bytes(read_working(path), path)
    from livesop.versions.history import read_at

    name, raw = read_at(rev, path)
    return name, model_from_bytes(raw, name)
