"""livesop.files: what is read (regular files only, refused at once otherwise) and how it is
written (atomically, links followed, devices and FIFOs written directly, failures as one message).
Every FIFO, socket and link is built in tmp_path; each test runs under a deadline, so a FIFO
that blocks fails the test instead of hanging it."""

from __future__ import annotations

import builtins
import errno
import os
import socket
import stat
import tempfile
import threading

import pytest

from livesop import files
from livesop.errors import UsageError
from livesop.files import FileProblem, check_input, kind_of, read_input, refuse_overwrite, write_atomic, write_output
from tests.helpers import deadline

LONG = "n" * 256 + ".yaml"  # one byte over the longest file name


@pytest.fixture(autouse=True)
def _no_hang():
    with deadline(5):
        yield


@pytest.fixture
def nodes(tmp_path):
    """One path of every kind, by the name a message gives it."""
    (tmp_path / "file").write_bytes(b"data")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    yield {"a regular file": tmp_path / "file", "a folder": tmp_path / "folder",
           "a named pipe (FIFO)": tmp_path / "fifo", "a device": "/dev/zero", "a socket": tmp_path / "sock"}
    sock.close()


def test_kind_of_names_every_kind_and_follows_links(nodes, tmp_path):
    assert {name: kind_of(path).name for name, path in nodes.items()} == {name: name for name in nodes}
    (tmp_path / "link").symlink_to(nodes["a named pipe (FIFO)"])
    assert kind_of(tmp_path / "link").name == "a named pipe (FIFO)"
    assert kind_of(tmp_path / "missing") is None
    (tmp_path / "dangling").symlink_to(tmp_path / "missing")
    assert kind_of(tmp_path / "dangling") is None
    with pytest.raises(OSError) as raised:
        kind_of(tmp_path / LONG)
    assert raised.value.errno == errno.ENAMETOOLONG


@pytest.mark.parametrize("name", ["a folder", "a named pipe (FIFO)", "a device", "a socket"])
def test_only_a_regular_file_is_read(nodes, name):
    path = nodes[name]
    for read in (lambda: check_input(path, "playbook"), lambda: read_input(path, 100, "playbook")):
        with pytest.raises(FileProblem) as raised:
            read()
        assert raised.value.message == f"cannot read {path}: it is {name}, not a file"
        assert raised.value.exit_code == 2 and "playbook" in raised.value.hint
    assert kind_of(path).name == name  # looked at, never changed


def test_read_input_reads_at_most_one_byte_over_the_limit(nodes):
    check_input(nodes["a regular file"])
    assert read_input(nodes["a regular file"], 2) == b"dat"
    assert read_input(nodes["a regular file"], 100) == b"data"


def test_a_fifo_put_in_place_after_the_check_is_still_refused(nodes, monkeypatch):
    monkeypatch.setattr(files, "check_input", lambda path, what="file", missing_ok=False: None)
    with pytest.raises(FileProblem, match="it is a named pipe"):
        read_input(nodes["a named pipe (FIFO)"], 100)  # opened without waiting for a writer


def test_missing_and_unnameable_paths(tmp_path):
    with pytest.raises(FileProblem, match="no such file") as raised:
        check_input(tmp_path / "nope.csv", "lineup")
    assert raised.value.hint == "check the path of the lineup"
    check_input(tmp_path / "nope.csv", missing_ok=True)
    with pytest.raises(FileProblem, match="File name too long") as raised:
        check_input(tmp_path / LONG, missing_ok=True)
    assert "255 bytes" in raised.value.hint


def test_a_file_that_cannot_be_opened(nodes, monkeypatch):
    real_open = builtins.open

    def denied(path, *args, **kwargs):
        if str(path) == str(nodes["a regular file"]):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    with pytest.raises(FileProblem, match="Permission denied") as raised:
        read_input(nodes["a regular file"], 100)
    assert "permissions" in raised.value.hint


# ------------------------------------------------------------------------------- writing

def test_a_file_is_replaced_atomically_keeping_its_mode(tmp_path):
    path = tmp_path / "out.md"
    write_atomic(path, "新")
    assert path.read_text(encoding="utf-8") == "新" and stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o600)
    write_atomic(path, b"again")
    assert path.read_bytes() == b"again" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.md"]


def test_a_link_is_followed_and_kept(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.md"
    target.write_text("old")
    link = tmp_path / "out.md"
    link.symlink_to("real/out.md")
    write_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == "real/out.md" and target.read_text() == "new"
    dangling = tmp_path / "new.md"
    dangling.symlink_to("real/new.md")
    write_atomic(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "real" / "new.md").read_text() == "made"
    assert sorted(os.listdir(tmp_path / "real")) == ["new.md", "out.md"]


def test_a_link_that_names_no_path_is_written_through(tmp_path):
    """/proc/self/fd/N of a deleted file: the link's text is not a path to rename over."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc")
    with tempfile.TemporaryFile(dir=tmp_path) as handle:
        handle.write(b"old text")
        handle.flush()
        write_atomic(f"/proc/self/fd/{handle.fileno()}", "new")
        handle.seek(0)
        assert handle.read() == b"new"
    assert os.listdir(tmp_path) == []


def test_a_device_is_written_directly_and_stays_a_device():
    write_atomic("/dev/null", "anything")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(OSError) as raised:
        write_atomic("/dev/full", "anything")
    assert raised.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_to_its_reader_and_refused_without_one(nodes):
    fifo = nodes["a named pipe (FIFO)"]
    with pytest.raises(OSError, match="no program is reading the named pipe") as raised:
        write_atomic(fifo, "x")
    assert raised.value.errno == errno.ENXIO and files.HINTS[errno.ENXIO].startswith("start the program")
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    data = "直播" * 50_000  # more than a pipe holds: the writer waits for its reader
    for _ in range(200):
        try:
            write_atomic(fifo, data)
            break
        except OSError:  # the reader has not opened its end yet
            threading.Event().wait(0.01)
    reader.join(3)
    assert received == [data.encode("utf-8")] and stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("name", ["a folder", "a socket"])
def test_a_folder_or_socket_is_never_replaced(nodes, name):
    for write in (lambda: write_atomic(nodes[name], "x"), lambda: refuse_overwrite(nodes[name], True)):
        with pytest.raises(FileProblem, match=f"cannot write .*: it is {name}"):
            write()
    assert kind_of(nodes[name]).name == name


def test_refuse_overwrite_asks_for_force_only_before_replacing_a_file(nodes, tmp_path):
    for path in ("/dev/null", nodes["a named pipe (FIFO)"], tmp_path / "new.yaml"):
        refuse_overwrite(path, force=False)
    (tmp_path / "link.yaml").symlink_to(nodes["a regular file"])
    for path in (nodes["a regular file"], tmp_path / "link.yaml"):
        with pytest.raises(UsageError, match="already exists"):
            refuse_overwrite(path, force=False)
        refuse_overwrite(path, force=True)
    with pytest.raises(FileProblem, match="File name too long"):
        refuse_overwrite(tmp_path / LONG, force=True)


def test_a_long_name_that_fits_is_written_and_one_that_does_not_is_a_message(tmp_path):
    fits = tmp_path / ("名" * 83 + ".md")  # 253 bytes: the temporary file's name must fit too
    write_output(fits, "ok")
    assert fits.read_text() == "ok"
    with pytest.raises(FileProblem, match="File name too long") as raised:
        write_output(tmp_path / LONG, "x")
    assert raised.value.exit_code == 2 and "255 bytes" in raised.value.hint
    assert os.listdir(tmp_path) == [fits.name]


@pytest.mark.parametrize("target, code, reason", [
    ("os.write", errno.ENOSPC, "No space left on device"),
    ("os.fsync", errno.EDQUOT, "Disk quota exceeded"),
    ("os.replace", errno.EROFS, "Read-only file system"),
    ("tempfile.mkstemp", errno.EACCES, "Permission denied"),
])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, target, code, reason):
    path = tmp_path / "out.yaml"
    path.write_text("old")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(target, fail)
    with pytest.raises(FileProblem) as raised:
        write_output(path, "new")
    assert raised.value.message == f"cannot write {path}: {reason}"
    assert raised.value.exit_code == 2 and raised.value.hint == files.HINTS[code]
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["out.yaml"]
