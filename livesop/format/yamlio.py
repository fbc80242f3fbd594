"""Reading playbook YAML safely and fast: the entry points.

A file's bytes are decoded and read by ``fastyaml`` (pure Python, the common block style playbooks
are written in) or, for anything it leaves, by ``yamlnodes`` (libyaml's C composer, with the
findings for what YAML refuses); both give the same data (``ydata``): plain dicts, lists,
strings and numbers that remember where they came from, never objects built from tags.
Round-trip editing with ruamel.yaml is in ``yamledit``; writing files is in ``livesop.files``.
"""

from __future__ import annotations

from pathlib import Path

from livesop.diagnostics import Diagnostic
from livesop.format import fastyaml
from livesop.format.sniff import MAX_BYTES, has_livesop_key  # noqa: F401 (has_livesop_key: part of this API)
from livesop.format.source import Source, line_col
from livesop.format.ydata import MAX_ALIAS_NODES, MAX_DEPTH, Loaded, YMap, YSeq, resolve_plain  # noqa: F401 (this API)
from livesop.i18n import _


def load_file(path: str | Path, display: str | None = None) -> Loaded:
    """Load one playbook file; problems come back as diagnostics, never as exceptions. Only a
    regular file is read: a folder, FIFO or device is LS100 at once (``livesop.files``)."""
    from livesop.files import FileProblem, read_input

    name = display or str(path)
    try:
        raw = read_input(path, MAX_BYTES, "playbook")
    except FileProblem as problem:
        return Loaded(name, None, [Diagnostic("LS100", name, 1, 1,
                                              _("cannot read the file: {reason}").format(reason=problem.reason),
                                              problem.hint)])
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Loaded:
    """Load a playbook from bytes (UTF-8, an optional BOM)."""
    if len(raw) > MAX_BYTES:
        return Loaded(name, None, [Diagnostic(
            "LS107", name, 1, 1, _("file is larger than {size} MiB").format(size=MAX_BYTES // (1024 * 1024)),
            _("split the playbook; a 14-hour show fits in far less"))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw[: exc.start].decode("utf-8", "replace"), len(raw[: exc.start].decode("utf-8", "replace")))
        return Loaded(name, None, [Diagnostic(
            "LS102", name, line, col, _("byte 0x{byte} is not valid UTF-8").format(byte=f"{raw[exc.start]:02x}"),
            _("save the file as UTF-8 (Excel and some editors default to GBK)"))])
    return load_text(text, name, raw)


def load_text(text: str, name: str, raw: bytes | None = None, fast: bool = True) -> Loaded:
    """Load a playbook from text (``raw``, its UTF-8 bytes, saves encoding it again). With
    ``fast`` off, libyaml reads it whatever it holds (the fast reader's tests compare the two)."""
    if text.startswith("\ufeff"):
        text = text[1:]
        raw = None
    source = Source(name, text)
    loaded = Loaded(name, None, text=text, source=source)
    if fast:
        loaded.data = fastyaml.read(text, name, source)
        if loaded.data is not None:
            return loaded
    from livesop.format import yamlnodes

    yamlnodes.read(loaded, text, raw)
    return loaded
