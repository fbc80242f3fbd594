"""``livesop.dataclass_code``: dataclasses built from the kept code are the dataclasses Python builds,
the code is kept only where bytecode may be written, and anything unexpected means compiling."""

from __future__ import annotations

import dataclasses
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from livesop import dataclass_code


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """The module with a fresh state and its file in ``tmp_path``."""
    file = tmp_path / "__pycache__" / "dataclasses.test.marshal"
    monkeypatch.setattr(dataclass_code, "path", lambda: file)
    monkeypatch.setattr(dataclass_code, "_store", None)
    monkeypatch.setattr(dataclass_code, "_added", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return file


def make():
    """A frozen dataclass with every kind of field, defined anew (its methods generated again)."""
    @dataclasses.dataclass(frozen=True)
    class Cue:
        at: int
        role: str = "host"
        tags: list = dataclasses.field(default_factory=list)
        note: str = dataclasses.field(default="", compare=False)
    return Cue


def behaves(cls) -> None:
    cue = cls(5, tags=["秒杀"])
    assert (cue.at, cue.role, cue.tags, cue.note) == (5, "host", ["秒杀"], "")
    assert cue == cls(5, "host", ["秒杀"], "other note") and cue != cls(6)
    assert repr(cue).endswith("Cue(at=5, role='host', tags=['秒杀'], note='')")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue.at = 7
    with pytest.raises(TypeError):
        cls()


def test_the_package_installs_it():
    assert dataclasses.exec is dataclass_code._exec


def test_code_compiled_once_is_kept_and_used_again(kept):
    behaves(make())
    compiled = dict(dataclass_code._added)
    assert compiled and not kept.exists()
    dataclass_code._write()
    assert kept.read_bytes().startswith(dataclass_code._HEADER)
    dataclass_code._store, dataclass_code._added = None, {}  # as in the next process
    behaves(make())
    assert dataclass_code._added == {} and set(dataclass_code._store) >= set(compiled)  # nothing compiled


@pytest.mark.parametrize("damage", [b"", b"not marshal", dataclass_code._HEADER + b"\x00garbage",
                                    dataclass_code._HEADER[:-3] + b"???\n", "other build"])
def test_a_damaged_or_foreign_file_means_compiling_as_usual(kept, damage):
    kept.parent.mkdir(parents=True)
    if damage == "other build":
        damage = b"livesop dataclass code 1\n" + b"\x00\x00\r\n" + b"9.9\n" + marshal.dumps({"x": compile("1", "", "eval")})
    kept.write_bytes(damage)
    behaves(make())
    assert dataclass_code._store == {} and dataclass_code._added


def test_entries_that_are_not_code_are_refused(kept):
    kept.parent.mkdir(parents=True)
    kept.write_bytes(dataclass_code._HEADER + marshal.dumps({"def f(): pass": "not code"}))
    assert dataclass_code._kept() == {}
    assert dataclass_code._unpacked(marshal.dumps("not code")) is None and dataclass_code._unpacked(b"\xff") is None


def test_nothing_is_written_where_bytecode_may_not_be(kept, monkeypatch):
    behaves(make())
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    dataclass_code._write()
    assert not kept.exists()


def test_a_folder_that_cannot_be_written_only_means_compiling_again(kept, tmp_path):
    kept.parent.parent.chmod(0o500)
    try:
        behaves(make())
        dataclass_code._write()  # no error
    finally:
        kept.parent.parent.chmod(0o700)


def test_a_new_process_reads_the_kept_code(tmp_path):
    """The real package, copied: the first start keeps the code, the second compiles none of it."""
    shutil.copytree(Path(dataclass_code.__file__).parent, tmp_path / "livesop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tmp_path)
    probe = ("import livesop.dataclass_code as d, livesop.format.model, livesop.format.spec; "
             "print(len(d._added), d.path())")
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
                           cwd=tmp_path).stdout.split()
            for _ in range(2)]
    assert runs[0][1] == str(tmp_path / "livesop" / "__pycache__" / dataclass_code.path().name)
    assert int(runs[0][0]) > 30 and int(runs[1][0]) == 0  # every generated method found kept


def test_a_file_grown_past_its_bound_keeps_only_what_is_in_use(kept, monkeypatch):
    behaves(make())
    dataclass_code._write()
    dataclass_code._store, dataclass_code._added = None, {}
    stale = {f"def f{n}(): pass": marshal.dumps(compile(f"def f{n}(): pass", "<string>", "exec")) for n in range(3)}
    monkeypatch.setattr(dataclass_code, "MAX_ENTRIES", 2)
    monkeypatch.setattr(dataclass_code, "_used", set())
    dataclass_code._kept().update(stale)  # as if older versions had left their code
    behaves(make())  # uses the kept code
    @dataclasses.dataclass
    class Fresh:  # noqa: F841 - compiled now
        n: int = 0
    dataclass_code._write()
    dataclass_code._store, dataclass_code._added = None, {}
    assert not set(stale) & set(dataclass_code._kept()) and dataclass_code._kept()
