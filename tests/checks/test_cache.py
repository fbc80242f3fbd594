"""The result cache of ``validate``: a hit gives the findings of a fresh check; any change to what
they depend on is a miss; a corrupt entry is ignored and written again; entries are plain JSON,
written whole even by runs side by side; ``--no-cache`` and ``LIVESOP_CACHE_DIR``."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

import livesop
from livesop.checks import cache as cache_module, validate
from livesop.checks.cache import ResultCache
from livesop.files import cache_folder
from tests.helpers import MINIMAL, REPO, dedent

# A playbook with findings of several kinds: an unknown role (LS301), a team term accepted under
# compliance.allow (listed apart), and an entry of the scripts library beside it.
SHOW = dedent(MINIMAL).replace("role: ops", "role: opz").replace(
    '  hello: "欢迎来到{room}！"', '  hello: "欢迎来到{room}！今天必抢。"').replace(
    "      - {at: 0s, role: host, say: hello}",
    '      - {at: 0s, role: host, say: hello}\n      - {at: 1m, role: host, say: "lib:greet"}') + dedent("""
    compliance:
      extra: [必抢]
      allow:
        - {term: 必抢, reason: 活动页写明}
    """)
GREET = "---\nid: greet\ncategory: 开场\n---\n欢迎大家来到{room}。\n\n## B\n大家好。\n"


@pytest.fixture
def show(tmp_path) -> Path:
    (tmp_path / "scripts_library").mkdir()
    (tmp_path / "scripts_library" / "greet.md").write_text(GREET, encoding="utf-8")
    path = tmp_path / "show.yaml"
    path.write_text(SHOW, encoding="utf-8")
    return path


@pytest.fixture
def checked(monkeypatch):
    """The files ``validate`` checks itself (not answered from the cache), run by run."""
    seen: list[str] = []
    real = validate.validate_file

    def counting(path, *args, **kwargs):
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(validate, "validate_file", counting)
    return seen


def entries() -> list[Path]:
    return sorted((cache_folder() / "validate").rglob("*.json"))


def run(invoke, *args):
    result = invoke("validate", "--color", "never", *args)
    return result.exit_code, result.output


def test_a_second_run_is_answered_from_the_cache_with_the_same_findings(invoke, show, checked):
    first = run(invoke, show)
    assert checked == ["show.yaml"] and len(entries()) == 1
    second = run(invoke, show)
    assert checked == ["show.yaml"]  # not checked again
    assert second == first
    assert first[0] == 1 and "LS301" in first[1] and "accepted: 必抢" in first[1]
    assert run(invoke, show, "--format", "json") == run(invoke, show, "--format", "json", "--no-cache")


def test_the_findings_of_a_library_file_come_back_from_the_cache_too(invoke, show, checked):
    (show.parent / "scripts_library" / "broken.md").write_text("no front matter\n", encoding="utf-8")
    first = run(invoke, show)
    assert "LS309" in first[1]
    assert run(invoke, show) == first and checked == ["show.yaml"]


def test_an_entry_is_plain_json(invoke, show):
    run(invoke, show)
    entry = json.loads(entries()[0].read_text(encoding="utf-8"))
    assert entry["file"] == str(show) and {d[0] for d in entry["diagnostics"]} >= {"LS301"}
    assert entry["accepted"][0]["term"] == "必抢"
    assert entry["library"]["uses"] is True and len(entry["library"]["state"]) == 64


@pytest.mark.parametrize("change", ["bytes", "name", "version", "code", "lexicon", "library file",
                                    "new library file", "select", "ignore", "library option", "language"])
def test_any_change_to_what_the_findings_depend_on_is_a_miss(invoke, show, checked, monkeypatch, change):
    args = [show]
    run(invoke, *args)
    if change == "bytes":
        show.write_text(SHOW.replace("title: 开场", "title: 开场白"), encoding="utf-8")
    elif change == "name":
        monkeypatch.chdir(show.parent)
        args = [Path("show.yaml")]
    elif change == "version":
        monkeypatch.setattr(livesop, "__version__", livesop.__version__ + ".1")
    elif change == "code":
        monkeypatch.setitem(cache_module._STAMPS, "code", "another livesop")
    elif change == "lexicon":
        monkeypatch.setitem(cache_module._STAMPS, "data", "another lexicon")
    elif change == "library file":
        greet = show.parent / "scripts_library" / "greet.md"
        greet.write_text(GREET.replace("大家好", "大家晚上好"), encoding="utf-8")
        os.utime(greet, ns=(1, 1))
    elif change == "new library file":
        (show.parent / "scripts_library" / "more.md").write_text(GREET.replace("greet", "more"), encoding="utf-8")
    elif change == "select":
        args += ["--select", "LS3"]
    elif change == "ignore":
        args += ["--ignore", "LS7"]
    elif change == "library option":
        args += ["--library", show.parent / "scripts_library"]
    elif change == "language":  # the findings' messages are translated
        args += ["--lang", "zh"]
    run(invoke, *args)
    assert len(checked) == 2


def test_a_library_that_moves_away_is_a_miss(invoke, show, checked):
    first = run(invoke, show)
    (show.parent / "scripts_library").rename(show.parent / "elsewhere")
    second = run(invoke, show)
    assert len(checked) == 2 and "LS306" in second[1] and "LS306" not in first[1]


@pytest.mark.parametrize("garbage", ["empty", "not json", "not utf-8", "a list", "another key", "no key",
                                     "an unknown code", "a library without its state"])
def test_a_corrupt_entry_is_ignored_and_written_again(invoke, show, checked, garbage):
    expected = run(invoke, show)
    path = entries()[0]
    good = path.read_bytes()
    entry = json.loads(good)
    bad = {"empty": b"", "not json": b"{not json", "not utf-8": b"\xff\xfe", "a list": b"[]",
           "another key": json.dumps({**entry, "key": "0" * 64}).encode(),
           "no key": json.dumps({k: v for k, v in entry.items() if k != "key"}).encode(),
           "an unknown code": json.dumps({**entry, "diagnostics": [["LS999", "x", 1, 1, "m", "h", "error"]]}).encode(),
           "a library without its state": json.dumps({**entry, "library": {"uses": True}}).encode()}[garbage]
    path.write_bytes(bad)
    assert run(invoke, show) == expected and len(checked) == 2
    assert json.loads(path.read_bytes()) == entry  # written again, whole
    assert run(invoke, show) == expected and len(checked) == 2  # and used


def test_no_cache_neither_reads_nor_writes_entries(invoke, show, checked):
    run(invoke, show, "--no-cache")
    assert entries() == [] and len(checked) == 1
    run(invoke, show)
    path = entries()[0]
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["diagnostics"] = []  # an entry that would hide the findings
    path.write_text(json.dumps(entry), encoding="utf-8")
    code, output = run(invoke, show, "--no-cache")
    assert code == 1 and "LS301" in output and len(checked) == 3
    assert "--no-cache" in invoke("validate", "--help").output


def test_entries_go_to_livesop_cache_dir_else_the_xdg_or_home_cache(invoke, show, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("LIVESOP_CACHE_DIR", str(chosen))
    run(invoke, show)
    assert list((chosen / "validate").rglob("*.json"))
    monkeypatch.delenv("LIVESOP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "livesop"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "livesop"


def test_a_cache_that_cannot_be_written_only_means_checking_again(invoke, show, tmp_path, monkeypatch, checked):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LIVESOP_CACHE_DIR", str(blocker))
    first = run(invoke, show)
    assert run(invoke, show) == first and len(checked) == 2


def _write_many(folder: str, number: int, rounds: int) -> None:
    store = ResultCache(("test",), Path(folder))
    for count in range(rounds):
        store.put("0" * 64, {"writer": number, "count": count, "padding": "话术" * 20_000})


def test_writers_side_by_side_never_leave_half_an_entry(tmp_path):
    store = ResultCache(("test",), tmp_path)
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), number, 150)) for number in (1, 2)]
    for writer in writers:
        writer.start()
    seen = set()
    while any(writer.is_alive() for writer in writers):
        entry = store.get("0" * 64)
        if entry is not None:  # None only before the first write is renamed into place
            assert entry["padding"] == "话术" * 20_000
            seen.add(entry["writer"])
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert store.get("0" * 64)["count"] == 149
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert seen


def test_two_validate_processes_at_once_both_report_and_share_the_cache(show, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(30):
        (folder / f"p{index:02d}.yaml").write_text(SHOW.replace("id: demo", f"id: demo-{index}"), encoding="utf-8")
    (folder / "scripts_library").mkdir()
    (folder / "scripts_library" / "greet.md").write_text(GREET, encoding="utf-8")
    env = {**os.environ, "LIVESOP_CACHE_DIR": str(tmp_path / "shared"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "livesop", "validate", str(folder)]
    runs = [subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in runs]
    fresh = subprocess.run(command + ["--no-cache"], env=env, cwd=REPO, capture_output=True, timeout=120)
    for (out, err), process in zip(outputs, runs):
        assert process.returncode == 1 and out == fresh.stdout and err == b""
    assert len(list((tmp_path / "shared" / "validate").rglob("*.json"))) == 30
    again = subprocess.run(command, env=env, cwd=REPO, capture_output=True, timeout=120)
    assert again.stdout == fresh.stdout


def test_the_stamps_of_code_and_data_follow_each_file(tmp_path):
    """``code_stamp`` and ``lexicon_digest`` digest these: a file changed, added or touched is
    another stamp; bytecode and other kinds of file are not looked at."""
    (tmp_path / "b.py").write_text("b = 1\n")
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.py").write_text("c = 1\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "d.py").write_text("d = 1\n")
    os.utime(tmp_path / "a.py", ns=(5, 5))
    stamps = cache_module.file_stamps(tmp_path, (".py",), True, "top/")
    assert [name for name, _size, _time in stamps] == ["top/a.py", "top/b.py", "top/sub/c.py"]
    assert stamps[0] == ["top/a.py", 6, 5]
    assert [name for name, _size, _time in cache_module.file_stamps(tmp_path, (".py",))] == ["a.py", "b.py"]
    (tmp_path / "sub" / "c.py").write_text("c = 22\n")
    os.utime(tmp_path / "a.py", ns=(6, 6))
    (tmp_path / "e.py").write_text("")
    again = cache_module.file_stamps(tmp_path, (".py",), True, "top/")
    assert len(again) == 4 and again[0] == ["top/a.py", 6, 6] and again[-1][:2] == ["top/sub/c.py", 7]
