"""How the process ends (``cli/ending.py``): at once when nothing waits, else the usual way; and
the installed command's output, status and files are whole either way."""

from __future__ import annotations

import atexit
import io
import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from livesop.cli import ending
from livesop.cli.main import cli
from tests.helpers import MINIMAL


class Left(Exception):
    """Raised in place of ``os._exit`` in these tests."""


@pytest.fixture
def quiet(monkeypatch):
    """A process with nothing waiting for its end; ``os._exit`` recorded instead of taken."""
    monkeypatch.setattr(ending, "nothing_waits", lambda: True)

    def leave(code):
        raise Left(code)

    monkeypatch.setattr(ending.os, "_exit", leave)


@pytest.mark.parametrize("status, code", [(None, 0), (0, 0), (1, 1), (2, 2)])
def test_a_numeric_status_leaves_at_once(quiet, status, code):
    with pytest.raises(Left) as left:
        ending.end(status)
    assert left.value.args == (code,)


def test_output_is_flushed_before_leaving(quiet, monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stream)
    stream.write("直播间 ok\n")
    with pytest.raises(Left):
        ending.end(0)
    assert raw.getvalue() == "直播间 ok\n".encode("utf-8")


@pytest.mark.parametrize("status", ["a message", 1.5])
def test_a_status_that_is_not_a_number_ends_the_usual_way(quiet, status):
    with pytest.raises(SystemExit) as exited:
        ending.end(status)
    assert exited.value.code == status


def test_an_output_that_cannot_be_flushed_ends_the_usual_way(quiet, monkeypatch):
    class Broken(io.StringIO):
        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Broken())
    with pytest.raises(SystemExit) as exited:
        ending.end(0)
    assert exited.value.code == 0


def test_something_waiting_means_the_usual_ending(monkeypatch):
    monkeypatch.setattr(ending, "nothing_waits", lambda: False)
    monkeypatch.setattr(ending.os, "_exit", lambda code: pytest.fail("left at once"))
    with pytest.raises(SystemExit) as exited:
        ending.end(1)
    assert exited.value.code == 1


def _unwatched(monkeypatch):
    """No thread, exit function or tracer of the test runner's own in the way."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0, raising=False)
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    monkeypatch.setattr(sys, "getprofile", lambda: None)


def test_nothing_waits_in_a_bare_process(monkeypatch):
    _unwatched(monkeypatch)
    assert ending.nothing_waits()


@pytest.mark.parametrize("waiting", [
    (threading, "active_count", lambda: 2),  # the show's loop, the phone server
    (atexit, "_ncallbacks", lambda: 1),  # a worker pool, a temporary folder
    (sys, "gettrace", lambda: print),  # coverage, a debugger
    (sys, "getprofile", lambda: print),  # a profiler
])
def test_each_thing_that_waits_is_seen(monkeypatch, waiting):
    _unwatched(monkeypatch)
    monkeypatch.setattr(*waiting)
    assert not ending.nothing_waits()


def test_a_python_without_the_count_of_exit_functions_ends_the_usual_way(monkeypatch):
    _unwatched(monkeypatch)
    monkeypatch.delattr(atexit, "_ncallbacks")
    assert not ending.nothing_waits()


# ------------------------------------------------------------------------ the installed command

def _livesop(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "livesop", *args], capture_output=True, timeout=60, cwd=cwd,
                          env={"LIVESOP_CACHE_DIR": str(cwd / "cache"), "LIVESOP_LANG": "en", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("case, code", [("clean", 0), ("finding", 1), ("usage", 2)])
def test_the_command_gives_its_whole_output_and_status(tmp_path, case, code):
    text = {"clean": MINIMAL, "finding": MINIMAL.replace("role: ops", "role: opz"), "usage": MINIMAL}[case]
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    name = "p.yaml" if case != "usage" else "missing.yaml"
    args = ("validate", str(tmp_path / name), "--format", "json")
    done = _livesop(*args, cwd=tmp_path)
    expected = CliRunner().invoke(cli, args, env={"LIVESOP_LANG": "en", "LIVESOP_CACHE_DIR": str(tmp_path / "cache2")})
    assert done.returncode == code == expected.exit_code, done.stderr
    assert done.stdout.decode("utf-8") == expected.stdout
    assert b"Traceback" not in done.stderr


def test_a_long_output_to_a_pipe_arrives_whole(tmp_path, repo_root):
    sheet = tmp_path / "sheet.html"
    done = _livesop("show", str(repo_root / "playbooks" / "daily.yaml"), "--format", "html", cwd=tmp_path)
    written = _livesop("show", str(repo_root / "playbooks" / "daily.yaml"), "--format", "html", "-o", str(sheet),
                       cwd=tmp_path)
    assert done.returncode == 0 == written.returncode, done.stderr
    assert len(done.stdout) > 40_000 and done.stdout.rstrip(b"\n") == sheet.read_bytes().rstrip(b"\n")


@pytest.mark.parametrize("command", ["show", "validate"])
def test_a_reader_that_goes_away_ends_it_quietly_with_status_0(tmp_path, repo_root, command):
    """`livesop show … | head -1`: the reader stops reading; that is no failure of livesop's."""
    read, write = os.pipe()
    os.close(read)  # no reader at all: the first write to standard output fails (EPIPE)
    try:
        done = subprocess.run([sys.executable, "-m", "livesop", command, str(repo_root / "playbooks" / "daily.yaml")],
                              stdout=write, stderr=subprocess.PIPE, timeout=60, cwd=tmp_path,
                              env={"LIVESOP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


def test_what_is_kept_at_exit_is_still_written(tmp_path, repo_root):
    """The kept regular expressions are written by an exit function: the process ends the usual way."""
    done = _livesop("validate", str(repo_root / "playbooks" / "daily.yaml"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [path.suffix for path in (tmp_path / "cache" / "regex").iterdir()] == [".json"]
