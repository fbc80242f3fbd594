"""A large batch of files is validated across forked processes with the same result as one process."""

from livesop.checks import validate
from tests.helpers import MINIMAL, dedent


def _write_batch(folder, count):
    for index in range(count):
        text = dedent(MINIMAL).replace("id: demo", f"id: demo-{index}")
        if index % 3 == 0:
            text = text.replace("role: ops", "role: opz")  # LS301
        if index % 5 == 0:
            text = text.replace("duration: 10m", "duration: 10")  # LS402
        (folder / f"p{index:02d}.yaml").write_text(text, encoding="utf-8")


def test_parallel_batch_equals_single_process(tmp_path, monkeypatch):
    from livesop import forked

    _write_batch(tmp_path, validate.PARALLEL_FROM + 6)
    monkeypatch.setenv("LIVESOP_JOBS", "3")  # three processes however busy the machine is
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)  # threads another test left do not stop it
    forks, fork = [], forked.os.fork
    monkeypatch.setattr(forked.os, "fork", lambda: forks.append(1) or fork())
    parallel = validate.validate_paths([str(tmp_path)])
    assert len(forks) == 2  # the second and third shares of the files
    monkeypatch.setenv("LIVESOP_JOBS", "1")
    single = validate.validate_paths([str(tmp_path)])
    assert parallel.files == single.files
    assert parallel.diagnostics == single.diagnostics
    assert {d.code for d in single.diagnostics} == {"LS301", "LS402"}
    count = validate.PARALLEL_FROM + 6
    assert single.errors == len(range(0, count, 3)) + len(range(0, count, 5))  # LS301, LS402
