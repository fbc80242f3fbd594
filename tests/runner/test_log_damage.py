"""Damaged or hand-made run logs: a line of 100,000 nested `[`, a line of many megabytes, numbers out
of range (a `seq` of 10**400, a negative show time), a text where a number belongs. `report` and
`run --resume` refuse each with the line it is on, never with a RecursionError or MemoryError."""

from __future__ import annotations

import json

import pytest

from livesop.runner.clock import FakeClock
from livesop.runner.runlog import MAX_LINE, read_log
from tests.runkit import WALL0, M, drive, new_show, plain_run
from tests.runner.test_resume_strict import rechain
from tests.runner.test_runlog import SHOW  # noqa: F401  (the playbook_file fixture reads it)


@pytest.fixture
def log(playbook_file, tmp_path):
    run = plain_run(new_show(playbook_file, tmp_path, interactive=False), FakeClock(0, wall0_ms=WALL0))
    drive(run, M)
    run.log.abandon()  # killed mid-show: a log to resume
    return tmp_path / "run.jsonl"


def replace_line(path, number: int, data: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = data
    path.write_bytes(b"\n".join(lines))


def event(records, kind="cue"):
    return next(r for r in records if r.get("kind") == kind)


RAW = {  # line number, bytes: lines that are not JSON a run could write
    "100,000 nested [ as the header": (1, b"[" * 100_000),
    "100,000 nested [ in a record": (3, b'{"seq":2,"type":"event","x":' + b"[" * 100_000),
    "a 5,000-digit number": (3, b'{"seq":' + b"9" * 5000 + b"}"),
    "NaN": (3, b'{"seq":2,"type":"event","kind":"cue","t":NaN}'),
    "not UTF-8": (2, b'{"seq":1,"text":"\xff\xfe"}'),
}
EDITED = {  # what a hand edit does, the chain computed again; the line it is on, what is said
    "seq of 10**400": (lambda rs: rs[2].update(seq=10**400), 3, "`seq` is a number of about 401 digits"),
    "negative show time": (lambda rs: event(rs).update(t=-5), None, "`t` is -5, expected a whole number from 0"),
    "show time of 10**400": (lambda rs: event(rs).update(t=10**400), None, "`t` is a number of about 401 digits"),
    "wall time past year 9999": (lambda rs: event(rs).update(wall_ms=10**20), None,
                                 "`wall_ms` is 100000000000000000000"),
    "speed 0": (lambda rs: rs[0].update(speed=0), 1, "`speed` is 0, expected a number from 0.01"),
    "speed -1": (lambda rs: rs[0].update(speed=-1), 1, "`speed` is -1"),
    "huge speed": (lambda rs: rs[0].update(speed=1e300), 1, "`speed` is 1e+300"),
    "a text for a time": (lambda rs: event(rs).update(t="20:00"), None, "`t` is '20:00'"),
    "a number for a text": (lambda rs: event(rs).update(text=5), None, "`text` is 5, expected a text"),
    "a broken plan": (lambda rs: rs[0]["plan"].update(segments=[{"id": 1}]), 1, "`plan` is dict"),
    "an unknown kind": (lambda rs: event(rs).update(kind="launch-missiles"), None, "one of the event kinds"),
    "an unknown record": (lambda rs: rs.insert(2, {"seq": 2, "type": "macro"}), 3, "record type 'macro'"),
}


def damage(log, case) -> tuple[int, str]:
    """Damage ``log`` as the case says; returns the line number and the words expected."""
    if case in RAW:
        number, data = RAW[case]
        replace_line(log, number, data)
        return number, "damaged" if number > 1 else "not a livesop run log"
    edit, number, words = EDITED[case]
    first = rechain(log, edit)
    return number or first, words


@pytest.mark.parametrize("case", [*RAW, *EDITED])
def test_report_and_resume_refuse_a_damaged_line_cleanly(log, playbook_file, invoke, case):
    number, words = damage(log, case)
    read = read_log(log)
    assert not read.ok and read.altered[0].startswith(f"line {number}: ") and words in read.altered[0]
    report = invoke("report", log)
    assert report.exit_code == 1
    assert f"line {number}: " in report.output and words in report.output
    resumed = invoke("run", playbook_file, "--resume", log)
    assert resumed.exit_code == 1
    assert "does not verify" in resumed.output and f"line {number}: " in resumed.output


def test_a_line_of_many_megabytes_is_not_read_whole(log, playbook_file, invoke):
    with open(log, "ab") as handle:
        handle.write(b'{"seq":99,"text":"' + b"x" * (MAX_LINE + 10) + b'"}\n')
    number = log.read_bytes().count(b"\n")
    read = read_log(log)
    assert read.altered == [f"line {number}: longer than 8 MiB: a damaged line or not a livesop run log "
                            "(reading stopped there)"]
    assert invoke("report", log).exit_code == 1
    resumed = invoke("run", playbook_file, "--resume", log)
    assert resumed.exit_code == 1 and "longer than 8 MiB" in resumed.output


def test_many_damaged_lines_stop_the_reading(tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(b"[[[\n" * 10_000)
    read = read_log(path)
    assert len(read.altered) == 101 and read.altered[-1].startswith("more than 100 problems")


def test_a_record_livesop_wrote_passes_every_check(log):
    read = read_log(log)
    assert read.ok and all(json.loads(line) for line in log.read_bytes().splitlines())
