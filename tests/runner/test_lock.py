"""One writer per run log: `run` and `--resume` lock the log; a second writer is refused (exit 2)."""

from __future__ import annotations

import pytest

from livesop.errors import UsageError
from livesop.runner.clock import FakeClock
from livesop.runner.runlog import RunLog, read_log
from livesop.runner.show import load_show, resume_run
from tests.runkit import WALL0, M, drive, new_show, plain_run
from tests.runner.test_runlog import SHOW  # noqa: F401  (the playbook_file fixture reads it)


def resume(playbook_file, log, minutes=2):
    return resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + minutes * M, speed=None,
                      interactive=False)


def test_a_running_show_keeps_its_log_from_a_second_writer(playbook_file, tmp_path):
    prepared = new_show(playbook_file, tmp_path)
    run = plain_run(prepared, FakeClock(0, wall0_ms=WALL0))
    drive(run, M)
    log = tmp_path / "run.jsonl"
    size = log.stat().st_size
    with pytest.raises(UsageError, match="is in use: another `livesop run` is writing this run log") as caught:
        resume(playbook_file, log)  # a second RunLog on the same file: its own open file description
    assert caught.value.exit_code == 2
    assert log.stat().st_size == size  # the refused writer wrote nothing
    drive(run, 2 * M)  # the first writer carries on
    run.log.abandon()  # the run ends (killed): the lock goes with it
    again = resume(playbook_file, log, minutes=3)
    with pytest.raises(UsageError, match="is in use"):
        resume(playbook_file, log, minutes=3)  # two resumes: the second is refused
    again.log.abandon()
    assert read_log(log).ok


def test_a_reserved_log_is_locked_before_its_header_and_a_refused_resume_leaves_it_alone(playbook_file, tmp_path):
    log = tmp_path / "r.jsonl"
    reserved = RunLog.reserve(log)
    with pytest.raises(UsageError, match="is in use"):
        RunLog.open_existing(log)
    reserved.discard()
    assert not log.exists()


def test_a_refused_resume_releases_the_lock_it_took(playbook_file, tmp_path):
    prepared = new_show(playbook_file, tmp_path)
    run = plain_run(prepared, FakeClock(0, wall0_ms=WALL0))
    drive(run, M)
    run.stop("stopped")
    log = tmp_path / "run.jsonl"
    with pytest.raises(UsageError, match="--speed 3 differs"):
        resume_run(log, playbook_file, *load_show(playbook_file), wall_ms=WALL0 + 2 * M, speed=3.0,
                   interactive=False)
    resume(playbook_file, log).log.abandon()  # not left locked by the refused attempt
