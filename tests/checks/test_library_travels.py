"""The library travels: a session made by `livesop new` records where its scripts library is
(`session.library`, relative to the session's folder), so every command finds it wherever the
session is saved and from whatever folder it is run. `--library` overrides it; a recorded library
that has moved is a finding, never another library in its place."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livesop.checks.validate import library_folder
from livesop.format.yamlio import load_file
from livesop.runner.clock import FakeClock
from livesop.runner.show import load_show, new_run
from tests.helpers import diagnose
from tests.runkit import M, drive, plain_run, show_text

TEMPLATE = show_text("tpl", "小店日播", """\
segments:
  - id: open
    title: 开场
    duration: 10m
    end: next
    cues:
      - {at: 0s, role: host, say: "lib:hello"}
      - {at: 1m, role: ops, do: 上架福袋}
  - id: close
    title: 下播
    duration: 5m
    end: next
    cues:
      - {at: 0s, role: host, say: "lib:bye#短版"}
""")

HELLO = "---\nid: hello\ncategory: 开场\ntags: [欢迎]\n---\n欢迎来到直播间，新来的朋友点个关注！\n"
BYE = "---\nid: bye\ncategory: 下播\ntags: [预告]\n---\n今天就到这里，明晚八点见。\n\n## 短版\n\n明晚八点见！\n"


def make_library(folder):
    folder.mkdir(parents=True)
    (folder / "hello.md").write_text(HELLO, encoding="utf-8")
    (folder / "bye.md").write_text(BYE, encoding="utf-8")
    return folder


@pytest.fixture
def shop(tmp_path):
    """shop/playbooks/tpl.yaml and shop/scripts_library/, an empty folder to run commands from."""
    root = tmp_path / "shop"
    (root / "playbooks").mkdir(parents=True)
    (root / "playbooks" / "tpl.yaml").write_text(TEMPLATE, encoding="utf-8")
    make_library(root / "scripts_library")
    (tmp_path / "cwd").mkdir()
    return tmp_path


@pytest.fixture
def session(shop, invoke):
    """A session made with `new` into another folder: tmp/elsewhere/2026-12-01.yaml."""
    out = shop / "elsewhere" / "2026-12-01.yaml"
    result = invoke("new", shop / "shop" / "playbooks" / "tpl.yaml", "--date", "2026-12-01", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_new_records_the_template_library_relative_to_the_session(session):
    assert load_file(session).data["session"]["library"] == "../shop/scripts_library"


def test_new_library_records_that_folder_relative_to_the_output(shop, invoke, monkeypatch):
    make_library(shop / "team" / "话术库")
    monkeypatch.chdir(shop / "cwd")
    out = shop / "sessions" / "12月" / "s.yaml"
    result = invoke("new", "../shop/playbooks/tpl.yaml", "--date", "2026-12-01", "--library", "../team/话术库",
                    "-o", "../sessions/12月/s.yaml")
    assert result.exit_code == 0, result.output
    assert load_file(out).data["session"]["library"] == "../../team/话术库"
    shutil.rmtree(shop / "shop" / "scripts_library")  # the template's library is not what the session uses
    assert invoke("validate", out).exit_code == 0


def test_every_command_finds_the_recorded_library_from_another_folder(session, shop, invoke, monkeypatch):
    monkeypatch.chdir(shop / "cwd")
    path = "../elsewhere/2026-12-01.yaml"
    result = invoke("validate", path)
    assert result.exit_code == 0 and "no problems" in result.output
    assert invoke("show", path).exit_code == 0
    result = invoke("checklist", path, "--all")
    assert result.exit_code == 0 and "LS306" not in result.output
    assert invoke("export", path, "-o", "out.xlsx").exit_code == 0
    listed = invoke("scripts", "list", "--playbook", path, "--format", "json")
    assert listed.exit_code == 0
    assert [item["ref"] for item in json.loads(listed.output)] == ["lib:bye", "lib:hello"]
    rendered = invoke("scripts", "render", "lib:bye#短版", "--playbook", path)
    assert rendered.exit_code == 0 and "明晚八点见！" in rendered.output


def test_run_plain_finds_the_recorded_library(session, shop):
    log = shop / "run.jsonl"
    done = subprocess.run([sys.executable, "-m", "livesop", "run", "../elsewhere/2026-12-01.yaml", "--plain",
                           "--speed", "100000", "--log", str(log)], cwd=shop / "cwd", stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert done.returncode == 0, done.stderr
    assert "欢迎来到直播间，新来的朋友点个关注！" in done.stdout and "明晚八点见！" in done.stdout
    header = json.loads(log.read_bytes().splitlines()[0])
    assert header["library"] == str((shop / "shop" / "scripts_library").resolve())


def interrupted(session, shop, monkeypatch):
    """A rehearsal (1000 times real time) of the session started from tmp/cwd, stopped two minutes
    in: its log."""
    monkeypatch.chdir(shop / "cwd")
    path = Path("../elsewhere/2026-12-01.yaml")
    playbook, library = load_show(path)
    prepared = new_run(path, playbook, library, wall_ms=int(time.time() * 1000), speed=1000.0,
                       start_at=None, roles=(), interactive=False, log_path=shop / "run.jsonl")
    run = plain_run(prepared, FakeClock(0, wall0_ms=prepared.start_wall_ms))
    drive(run, 2 * M)
    run.stop("stopped")
    return shop / "run.jsonl"


def test_resume_from_another_folder_finds_the_same_library(session, shop, invoke, monkeypatch):
    log = interrupted(session, shop, monkeypatch)
    (shop / "other").mkdir()
    monkeypatch.chdir(shop / "other")
    result = invoke("run", "../elsewhere/2026-12-01.yaml", "--resume", log, "--plain")
    assert result.exit_code == 0, result.output
    assert "明晚八点见！" in result.output


def test_resume_with_another_library_is_refused_naming_the_one_the_run_used(session, shop, invoke, monkeypatch):
    log = interrupted(session, shop, monkeypatch)
    other = make_library(shop / "copy")
    result = invoke("run", session, "--resume", log, "--plain", "--library", other)
    assert result.exit_code == 1
    used = str((shop / "shop" / "scripts_library").resolve())
    assert "the run started with the scripts library" in result.output and f"--library {used}" in result.output


def test_library_option_overrides_the_recorded_library(session, shop, invoke):
    other = make_library(shop / "copy")
    (other / "hello.md").write_text(HELLO.replace("欢迎来到直播间", "欢迎来到副本直播间"), encoding="utf-8")
    rendered = invoke("scripts", "render", "lib:hello", "--playbook", session, "--library", other)
    assert rendered.exit_code == 0 and "副本直播间" in rendered.output
    shutil.rmtree(shop / "shop" / "scripts_library")
    assert invoke("validate", session, "--library", other).exit_code == 0
    assert invoke("show", session, "--library", other).exit_code == 0


def test_a_moved_library_is_a_finding_naming_the_recorded_path(session, shop, invoke):
    shutil.move(shop / "shop" / "scripts_library", shop / "moved")
    make_library(shop / "elsewhere" / "scripts_library")  # nearer, but not the one the session records
    result = invoke("validate", session)
    assert result.exit_code == 1
    assert "LS306" in result.output and "session.library `../shop/scripts_library`" in result.output
    assert "has the library moved?" in result.output
    for command in (("show", session), ("checklist", session, "--all")):
        result = invoke(*command)
        assert result.exit_code == 1 and "LS306" in result.output and "session.library" in result.output
    result = invoke("run", session, "--plain")
    assert result.exit_code == 1 and "refers to the scripts library" in result.output
    listed = invoke("scripts", "list", "--playbook", session)
    assert listed.exit_code == 1 and "session.library `../shop/scripts_library`" in listed.output
    assert invoke("validate", session, "--library", shop / "moved").exit_code == 0


def test_the_resolution_order(tmp_path):
    near = make_library(tmp_path / "scripts_library")
    recorded = make_library(tmp_path / "lib")
    given = make_library(tmp_path / "given")
    assert library_folder(None, (tmp_path,))[0] == near
    assert library_folder("lib", (tmp_path,))[0] == recorded.resolve()
    assert library_folder("lib", (tmp_path,), given)[0] == given
    folder, searched = library_folder("gone", (tmp_path,))
    assert folder is None and "session.library `gone`" in searched


@pytest.mark.parametrize("path", ["/srv/scripts_library", "C:/scripts_library", "..\\scripts_library", " "])
def test_session_library_is_a_relative_posix_path(path):
    text = TEMPLATE.replace("roles:", f"session: {{library: {json.dumps(path)}}}\nroles:", 1)
    found = [d for d in diagnose(text) if d.code == "LS203"]
    assert len(found) == 1 and "relative path" in found[0].message and found[0].line == 6
