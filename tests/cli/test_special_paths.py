"""Every command × every kind of path that is not a plain file, as input and as output.

An input that is a FIFO, a device, a folder, a link to a FIFO or a name over 255 bytes is
refused at once (exit 1 or 2, a message naming it) and left as it was. An output is written
through a link and straight into a device, refused when it is a folder, a FIFO nobody reads or
a name over 255 bytes, and a write that fails (no permission, a read-only disk, a full disk)
is ``cannot write PATH: REASON``, exit 2, the old file whole and no temporary file left. Every
hostile path is built here, in tmp_path; each test runs under a deadline so a FIFO that blocks
fails instead of hanging (see docs/safety.md).
"""

from __future__ import annotations

import builtins
import errno
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import MINIMAL, deadline

LONG = "n" * 256


@pytest.fixture(autouse=True)
def _no_hang():
    with deadline(10):
        yield


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict[str, Path]:
    """A sound playbook, the workbook `export` makes of it and the run log of a run of it."""
    folder = tmp_path_factory.mktemp("work")
    playbook = folder / "p.yaml"
    playbook.write_text(MINIMAL, encoding="utf-8")
    runner = CliRunner()
    for args in (["export", playbook, "-o", folder / "p.xlsx"],
                 ["run", playbook, "--plain", "--speed", "100000", "--log", folder / "run.jsonl"]):
        result = runner.invoke(cli, [str(a) for a in args])
        assert result.exit_code == 0, result.output
    return {"playbook": playbook, "workbook": folder / "p.xlsx", "log": folder / "run.jsonl"}


def _snapshot(path) -> tuple:
    """What a node is, and for a folder what is in it: a refused path must not change."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return ("absent", exc.errno)
    return (stat.S_IFMT(mode), sorted(os.listdir(path)) if stat.S_ISDIR(mode) else None)


# ------------------------------------------------------------------------------- inputs

def _fifo(tmp_path):
    os.mkfifo(tmp_path / "fifo.yaml")
    return tmp_path / "fifo.yaml"


def _folder(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    return tmp_path / "folder.yaml"


def _link_to_fifo(tmp_path):
    (tmp_path / "link.yaml").symlink_to(_fifo(tmp_path))
    return tmp_path / "link.yaml"


BAD_INPUTS = {
    "fifo": _fifo,
    "device": lambda tmp_path: Path("/dev/zero"),  # endless: read, it would never end
    "folder": _folder,
    "link to a fifo": _link_to_fifo,
    "long name": lambda tmp_path: tmp_path / (LONG + ".yaml"),
}

# command: its arguments with the bad input P and the output folder O
READERS = {
    "validate": lambda p, o, w: ["validate", p],
    "show": lambda p, o, w: ["show", p],
    "checklist": lambda p, o, w: ["checklist", p, "--all"],
    "run": lambda p, o, w: ["run", p, "--plain", "--speed", "100000", "--log", o / "run.jsonl"],
    "diff": lambda p, o, w: ["diff", w["playbook"], p],
    "scripts --playbook": lambda p, o, w: ["scripts", "list", "--playbook", p],
    "bump": lambda p, o, w: ["bump", p, "patch"],
    "export": lambda p, o, w: ["export", p, "-o", o / "out.xlsx"],
    "new TEMPLATE": lambda p, o, w: ["new", p, "-o", o / "new.yaml"],
    "new --products": lambda p, o, w: ["new", w["playbook"], "--products", p, "-o", o / "new.yaml"],
    "import": lambda p, o, w: ["import", p, "-o", o / "imported.yaml"],
    "report": lambda p, o, w: ["report", p],
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
@pytest.mark.parametrize("command", READERS)
def test_a_path_that_is_not_a_file_is_refused_as_input(tmp_path, invoke, work, command, kind):
    bad = BAD_INPUTS[kind](tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = _snapshot(bad)
    result = invoke(*READERS[command](bad, out, work))
    assert result.exit_code in (1, 2)
    assert bad.name[:40] in result.output and "internal error" not in result.output
    assert _snapshot(bad) == before and os.listdir(out) == []


def test_validate_reports_each_special_file_in_a_folder_and_checks_the_rest(tmp_path, invoke):
    """A FIFO, a link to a device and a folder, each named like a playbook, are LS100; the
    folder is not walked into; the real playbook next to them is checked."""
    (tmp_path / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "sub.yaml").mkdir()
    (tmp_path / "sub.yaml" / "inner.yaml").write_text("livesop: 1\nid: [\n", encoding="utf-8")
    result = invoke("validate", tmp_path)
    assert result.exit_code == 1
    for name, kind in (("fifo.yaml", "a named pipe (FIFO)"), ("zero.yaml", "a device"), ("sub.yaml", "a folder")):
        assert f"{name}:1:1: LS100 cannot read the file: it is {kind}, not a file" in result.output
    assert "4 playbooks checked: 3 errors" in result.output and "inner.yaml" not in result.output


def test_an_unreadable_playbook_is_ls100(tmp_path, invoke, monkeypatch):
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    real_open = builtins.open

    def denied(file, *args, **kwargs):  # chmod 000 means nothing to root, who runs the tests
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert "show.yaml:1:1: LS100 cannot read the file: Permission denied" in result.output


# ------------------------------------------------------------------------------- outputs

# command: (its arguments with the output Q, the suffix Q needs)
WRITERS = {
    "show -o": (lambda q, w: ["show", w["playbook"], "--format", "md", "-o", q], ".md"),
    "checklist -o": (lambda q, w: ["checklist", w["playbook"], "--all", "--format", "md", "-o", q], ".md"),
    "report -o": (lambda q, w: ["report", w["log"], "--format", "md", "-o", q], ".md"),
    "schema -o": (lambda q, w: ["schema", "-o", q], ".json"),
    "export": (lambda q, w: ["export", w["playbook"], "-o", q, "--force"], ".xlsx"),
    "import": (lambda q, w: ["import", w["workbook"], "-o", q, "--force"], ".yaml"),
    "new": (lambda q, w: ["new", w["playbook"], "-o", q, "--force"], ".yaml"),
}


def _target(tmp_path, kind: str, suffix: str) -> Path:
    """The output path of ``kind``; a device is reached through a link, which gives it the suffix."""
    path = tmp_path / f"target{suffix}"
    if kind == "fifo without a reader":
        os.mkfifo(path)
    elif kind in ("device", "full device"):
        path.symlink_to("/dev/null" if kind == "device" else "/dev/full")
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to a file":
        (tmp_path / "real").mkdir()
        (tmp_path / "real" / path.name).write_text("old")
        path.symlink_to(Path("real") / path.name)
    elif kind == "long name":
        path = tmp_path / (LONG + suffix)
    return path


# kind: (exit status, what the output says, a pattern)
OUTCOMES = {
    "fifo without a reader": (2, r"cannot write .*: no program is reading the named pipe \(FIFO\)"),
    "device": (0, "wrote|written"),
    "full device": (2, "cannot write .*: No space left on device"),
    "folder": (2, "cannot write .*: it is a folder|is a directory"),  # the latter is click's
    "link to a file": (0, "wrote|written"),
    "long name": (2, "cannot write .*: File name too long"),
}


@pytest.mark.parametrize("kind", OUTCOMES)
@pytest.mark.parametrize("command", WRITERS)
def test_every_kind_of_output_path(tmp_path, invoke, work, command, kind):
    build, suffix = WRITERS[command]
    target = _target(tmp_path, kind, suffix)
    before = _snapshot(target)
    result = invoke(*build(target, work))
    code, says = OUTCOMES[kind]
    assert result.exit_code == code and re.search(says, result.output)
    if kind == "link to a file":
        assert os.readlink(target) == os.path.join("real", target.name)
        assert (tmp_path / "real" / target.name).read_bytes() not in (b"", b"old")
    else:
        assert _snapshot(target) == before  # a device stays a device, a FIFO a FIFO, a folder empty
    left = {p.name for p in tmp_path.rglob("*")} - {target.name, "real"}
    assert left == set(), left  # no temporary file, nothing beside the target


def test_a_fifo_with_a_reader_gets_the_output(tmp_path, invoke, work):
    fifo = tmp_path / "sheet.md"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    for _ in range(300):  # until the reader has opened its end
        result = invoke("show", work["playbook"], "--format", "md", "-o", fifo)
        if result.exit_code == 0:
            break
    reader.join(3)
    assert result.exit_code == 0 and received[0].decode("utf-8").startswith("# 演示直播")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_bump_edits_the_target_of_a_link_and_keeps_the_link(tmp_path, invoke):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.yaml").write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "p.yaml"
    link.symlink_to("real/p.yaml")
    result = invoke("bump", link, "minor")
    assert result.exit_code == 0 and "1.0.0 → 1.1.0" in result.output
    assert os.readlink(link) == "real/p.yaml"
    assert (tmp_path / "real" / "p.yaml").read_text(encoding="utf-8") == MINIMAL.replace("1.0.0", "1.1.0")


# ------------------------------------------------------------------------------- write failures

FAULTS = {  # what goes wrong: (the call that fails, errno)
    "unwritable folder": ("tempfile.mkstemp", errno.EACCES),
    "read-only file system": ("tempfile.mkstemp", errno.EROFS),
    "full disk": ("os.fsync", errno.ENOSPC),
}


def _fail_with(monkeypatch, fault: str) -> str:
    call, code = FAULTS[fault]

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(call, fail)
    return os.strerror(code)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("command", WRITERS)
def test_a_failed_write_is_a_message_and_leaves_nothing(tmp_path, invoke, work, monkeypatch, command, fault):
    build, suffix = WRITERS[command]
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"old")
    reason = _fail_with(monkeypatch, fault)
    result = invoke(*build(target, work))
    assert result.exit_code == 2 and f"cannot write {target}: {reason}" in result.output
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == [target.name]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_bump_leaves_the_playbook_whole(tmp_path, invoke, monkeypatch, fault):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    reason = _fail_with(monkeypatch, fault)
    result = invoke("bump", path, "patch")
    assert result.exit_code == 2 and f"cannot write {path}: {reason}" in result.output
    assert path.read_text(encoding="utf-8") == MINIMAL and os.listdir(tmp_path) == ["p.yaml"]


# ------------------------------------------------------------------------------- standard output

def _livesop(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "livesop", *args], stderr=subprocess.PIPE, timeout=30, **kwargs)


def test_standard_output_that_is_full_is_a_message_not_a_crash():
    with open("/dev/full", "wb") as full:
        result = _livesop("schema", stdout=full)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert "cannot write to standard output: No space left on device" in stderr
    assert "internal error" not in stderr and "Traceback" not in stderr and "Exception ignored" not in stderr


def test_standard_output_that_is_closed_is_a_message_not_a_silent_success():
    with tempfile.TemporaryDirectory() as folder:
        result = _livesop("schema", preexec_fn=lambda: os.close(1), cwd=folder)
        assert os.listdir(folder) == []
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "cannot write to standard output: it is closed" in stderr, stderr


def test_a_fifo_in_the_scripts_library_is_a_finding_not_a_hang(tmp_path):
    from livesop.format.library import load_library

    folder = tmp_path / "scripts_library"
    folder.mkdir()
    (folder / "ok.md").write_text("---\nid: ok\ncategory: 开场\n---\n欢迎来到直播间\n", encoding="utf-8")
    os.mkfifo(folder / "stuck.md")
    with deadline(5):
        library = load_library(folder)
    assert "ok" in library.entries
    assert [(d.code, d.file.endswith("stuck.md")) for d in library.diagnostics] == [("LS309", True)]
    assert "named pipe" in library.diagnostics[0].message or "FIFO" in library.diagnostics[0].message


def test_run_says_what_a_playbook_path_really_is(tmp_path, invoke):
    os.mkfifo(tmp_path / "show.yaml")
    with deadline(5):
        result = invoke("run", tmp_path / "show.yaml", "--plain")
    assert result.exit_code == 2 and "it is a named pipe (FIFO), not a file" in result.output
