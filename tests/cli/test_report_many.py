"""`livesop report` with several logs or a folder: one whole report per log, in order, in one output."""

from __future__ import annotations

import json
import shutil

import pytest

from livesop.runner.clock import FakeClock
from tests.runkit import M, WALL0, drive, new_show, plain_run
from tests.runner.test_plain import SHOW  # noqa: F401  (行模式: open 2 min, talk 1 min; the playbook_file fixture)


def one_run(playbook_file, folder, name: str, minutes: int = 10) -> None:
    """A whole show logged to ``folder/name`` (made in a scratch folder, then moved there)."""
    scratch = folder.parent / f"scratch-{name}"
    scratch.mkdir(parents=True)
    run = plain_run(new_show(playbook_file, scratch, interactive=False), FakeClock(0, wall0_ms=WALL0))
    drive(run, minutes * M)
    run.stop("end")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.move(str(scratch / "run.jsonl"), str(folder / name))


@pytest.fixture
def runs(playbook_file, tmp_path):
    folder = tmp_path / ".livesop" / "runs" / "many"
    for name in ("20261126-200000.jsonl", "20261125-200000.jsonl"):
        one_run(playbook_file, folder, name)
    return folder


def test_several_logs_give_one_whole_report_each_in_the_order_given(invoke, runs):
    first, second = runs / "20261126-200000.jsonl", runs / "20261125-200000.jsonl"
    result = invoke("report", first, second)
    assert result.exit_code == 0
    text = result.stdout
    assert text.count("复盘 · 行模式 (plain 1.0.0)") == 2 and text.count("Hash chain verified") == 2
    assert text.index(first.name) < text.index(second.name)
    assert text.count("The segments ran 03:00 in all (every visit, pauses included): 03:00, the run's length.") == 2


def test_a_folder_stands_for_every_log_under_it_by_name(invoke, runs, tmp_path):
    result = invoke("report", tmp_path / ".livesop" / "runs", "--format", "json")
    assert result.exit_code == 0
    reports = json.loads(result.stdout)
    assert [r["log"].rsplit("/", 1)[-1] for r in reports] == ["20261125-200000.jsonl", "20261126-200000.jsonl"]
    assert all(r["in_segments"] + r["waiting"] == r["actual_total"] for r in reports)
    page = invoke("report", runs, "--format", "html").stdout
    assert page.count("<!DOCTYPE html>") == 1 and page.count("<h1>") == 2 and "<title>复盘 · 2 runs</title>" in page
    md = invoke("report", runs, "--format", "md").stdout
    assert md.count("# 复盘 · 行模式") == 2 and "\n---\n" in md


def test_one_log_is_one_json_object_as_before(invoke, runs):
    result = invoke("report", runs / "20261125-200000.jsonl", "--format", "json")
    assert isinstance(json.loads(result.stdout), dict)


def test_an_altered_log_among_them_is_named_and_the_status_is_1(invoke, runs):
    log = runs / "20261126-200000.jsonl"
    log.write_text(log.read_text(encoding="utf-8").replace("上架福袋", "上架福福"), encoding="utf-8")
    result = invoke("report", runs)
    assert result.exit_code == 1
    assert result.stdout.count("复盘 ·") == 2 and "ALTERED" in result.stdout
    assert f"{log} was ALTERED" in result.stderr and "20261125-200000.jsonl was ALTERED" not in result.stderr


def test_a_folder_without_logs_is_a_usage_error(invoke, tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke("report", tmp_path / "empty")
    assert result.exit_code == 2 and "no run logs" in result.stderr
