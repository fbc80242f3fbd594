"""Hostile text through every command that prints it (issue 13, items 7 and 8).

Each control sequence — a bare ESC, an OSC 52 clipboard write, a CSI that clears the screen, the
one-character C1 CSI U+009B, BEL, DEL, NEL, backspace and CR — and ``<script>alert(1)</script>``
is put in every text of a playbook (as escapes in double-quoted YAML strings), in a scripts
library entry (raw), in a run log (as JSON escapes), in a git author name and commit subject, and
in a file name. Every command and format that prints such text is run on them: no control
character may reach standard output or error raw (livesop's own colours are off: ``--color
never`` where the option exists, and no terminal), and no ``<script>`` tag may reach Markdown or
HTML unescaped.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.format.build import build
from livesop.format.timeline import build_timeline
from livesop.format.yamlio import load_text
from livesop.print.render import CHECKLIST_FORMATS, SHOW_FORMATS, render_checklist, render_show
from livesop.print.sheet import build_checklists, build_show
from tests.gitrepo import GitRepo

CONTROLS = {
    "ESC": "\x1b",
    "OSC 52": "\x1b]52;c;aGFja2VkIQ==\x07",
    "CSI": "\x1b[2J",
    "C1 CSI": "\x9b31m",
    "BEL": "\x07",
    "DEL": "\x7f",
    "NEL": "\x85",
    "BS": "\x08",
    "CR": "\r",
}
SCRIPT = "<script>alert(1)</script>"
HOSTILE = "".join(CONTROLS.values()) + SCRIPT
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every C0 and C1 control but \t and \n
YAML_ESCAPES = {"\x1b": "\\e", "\x07": "\\a", "\x08": "\\b", "\r": "\\r", "\x85": "\\N"}


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML string, each control character written as an escape."""
    def escape(char: str) -> str:
        if RAW.match(char):
            return YAML_ESCAPES.get(char, f"\\u{ord(char):04x}")
        return "\\" + char if char in '"\\' else char

    return '"' + "".join(escape(char) for char in text) + '"'


def playbook(text: str, version: str = "1.0.0") -> str:
    """A playbook with ``text`` (YAML, already quoted) as every title, name and spoken or shown text."""
    return f"""\
livesop: 1
id: hostile
title: {text}
version: {version}
schedule: {{start: "20:00"}}
variables:
  room: {text}
roles:
  host: {{name: {text}}}
  ops: {{name: 中控}}
products:
  - {{id: coat, name: {text}, link: 1, live_price: 899, stock: 80}}
scripts:
  evil: {text}
segments:
  - id: open
    title: {text}
    duration: 10m
    cues:
      - {{at: 0s, role: host, say: evil}}
      - {{at: 1m, role: ops, do: {text}, note: {text}}}
      - {{at: 2m, role: host, say: lib:evil}}
  - id: pitch
    title: 讲品
    duration: 20m
    product: coat
    cues:
      - {{at: 30s, role: host, do: "{{room}}{{product.name}}"}}
emergencies:
  - id: freeze
    title: {text}
    severity: P1
    trigger: {text}
    owner: ops
    recover_within: 1m
    steps:
      - {{role: ops, do: {text}}}
      - {{role: host, say: lib:evil}}
"""


HOSTILE_YAML = playbook(yaml_string(HOSTILE))
# No control character in the YAML (it validates and prints); the library entry still carries them raw
# (a lone CR only in its last section: Markdown reads one as a line break, which would move `## A`).
PRINTABLE_YAML = playbook(yaml_string(SCRIPT)).replace("say: evil", "say: lib:evil")
LIBRARY_ENTRY = (f"---\nid: evil\ncategory: 开场\ntags: [hostile]\n---\n{HOSTILE.replace(chr(13), '')}{{room}}\n\n"
                 f"## A\n{HOSTILE}\n")


def assert_clean(text: str, what: str) -> None:
    found = RAW.search(text)
    if found is not None:
        at = found.start()
        pytest.fail(f"{what}: raw U+{ord(found.group(0)):04X} at {at}: {text[max(0, at - 60):at + 60]!r}")


def assert_no_script_tag(text: str, what: str) -> None:
    assert "<script" not in text.lower(), f"{what}: unescaped <script>: {text!r}"


def strings(data):
    """Every string in parsed JSON, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def holds_hostile(json_text: str) -> bool:
    """The JSON still reads back as the hostile text (a library file's lone CR is read as a line break)."""
    return any(HOSTILE in text or HOSTILE.replace("\r", "\n") in text for text in strings(json.loads(json_text)))


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with the hostile playbook, the printable one, a scripts library and a hostile-named playbook."""
    (tmp_path / "scripts_library").mkdir()
    (tmp_path / "scripts_library" / "evil.md").write_text(LIBRARY_ENTRY, encoding="utf-8")
    (tmp_path / "hostile.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    (tmp_path / "printable.yaml").write_text(PRINTABLE_YAML, encoding="utf-8")
    named = tmp_path / "named"
    named.mkdir()
    (named / f"x{CONTROLS['OSC 52']}{CONTROLS['CSI']}.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, exit_codes=(0,)):
    """``livesop ARGS`` with click's ANSI stripping off (as on a terminal): stdout, stderr."""
    result = CliRunner().invoke(cli, list(args), color=True)
    assert result.exit_code in exit_codes, (result.exit_code, result.stdout, result.stderr, result.exception)
    what = " ".join(args)
    assert_clean(result.stdout, f"{what} (stdout)")
    assert_clean(result.stderr, f"{what} (stderr)")
    return result


def test_the_hostile_playbook_carries_every_sequence_through_the_loader():
    loaded = load_text(HOSTILE_YAML, "hostile.yaml")
    assert loaded.data["title"] == HOSTILE
    assert loaded.data["segments"][0]["cues"][1]["do"] == HOSTILE


# -- validate -----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_reports_ls111_and_prints_no_control_character(project, fmt):
    result = run("validate", "hostile.yaml", "named", "--format", fmt, "--color", "never", exit_codes=(1,))
    assert "LS111" in result.stdout
    if fmt == "json":
        found = json.loads(result.stdout)
        files = {d["file"] for d in found if d["code"] == "LS111"}
        library = {f for f in files if f.endswith("scripts_library/evil.md")}  # raw in the library file
        assert len(library) == 1
        assert files - library == {"hostile.yaml", f"named/x{CONTROLS['OSC 52']}{CONTROLS['CSI']}.yaml"}  # lossless
    else:
        assert "named/x\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J.yaml" in result.stdout


# -- show and checklist -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [f for f in SHOW_FORMATS if f != "xlsx"])
def test_show_prints_no_control_character_and_no_script_tag(project, fmt):
    result = run("show", "printable.yaml", "--format", fmt, *(["--color", "never"] if fmt == "text" else []))
    if fmt in ("md", "html"):
        assert_no_script_tag(result.stdout, f"show --format {fmt}")


@pytest.mark.parametrize("fmt", CHECKLIST_FORMATS)
def test_checklist_prints_no_control_character_and_no_script_tag(project, fmt):
    result = run("checklist", "printable.yaml", "--all", "--format", fmt,
                 *(["--color", "never"] if fmt == "text" else []))
    assert "aGFja2VkIQ==" in result.stdout
    if fmt in ("md", "html"):
        assert_no_script_tag(result.stdout, f"checklist --format {fmt}")


def test_show_refuses_the_hostile_playbook_and_its_findings_stay_visible(project):
    result = run("show", "hostile.yaml", "--color", "never", exit_codes=(1,))
    assert "LS111" in result.stderr


@pytest.mark.parametrize("fmt", [f for f in SHOW_FORMATS if f != "xlsx"])
def test_every_sheet_renderer_shows_every_hostile_field_escaped(project, fmt):
    from livesop.format.library import load_library

    playbook, _ = build(load_text(HOSTILE_YAML, "hostile.yaml"))
    timeline, library = build_timeline(playbook), load_library(project / "scripts_library")
    sheets = [render_show(fmt, build_show(timeline, library, None))]
    if fmt in CHECKLIST_FORMATS:
        sheets.append(render_checklist(fmt, build_checklists(timeline, library, None, None)))
    for text in sheets:
        assert_clean(text, f"{fmt} sheet")
        if fmt in ("md", "html"):
            assert_no_script_tag(text, f"{fmt} sheet")
        if fmt == "json":
            assert holds_hostile(text)


# -- scripts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("args", [
    ("list", "--playbook", "hostile.yaml"),
    ("show", "evil", "--playbook", "hostile.yaml"),
    ("show", "lib:evil"),
    ("search", "script", "--playbook", "hostile.yaml"),
    ("render", "evil", "--playbook", "hostile.yaml"),
    ("render", "lib:evil#A", "--playbook", "hostile.yaml"),
], ids=["list", "show-inline", "show-library", "search", "render-inline", "render-library-variant"])
def test_scripts_print_no_control_character(project, args, fmt):
    result = run("scripts", *args, "--format", fmt)
    if fmt == "json":
        assert holds_hostile(result.stdout)
    else:
        assert "\\x1b" in result.stdout


# -- report -------------------------------------------------------------------------------------

def write_run_log(path) -> None:
    """A hash-chained run log (format livesop-run/1) whose every text is hostile."""
    header = {"type": "header", "format": "livesop-run/1", "playbook": HOSTILE, "title": HOSTILE,
              "version": HOSTILE, "file": f"gone{CONTROLS['CSI']}.yaml", "sha256": "0" * 64,
              "start_wall": HOSTILE, "start_wall_ms": 0, "start_clock_ms": 72_000_000,
              "planned_start_ms": 72_000_000, "speed": 1.0,
              "plan": {"total": 600_000,
                       "segments": [{"id": HOSTILE, "title": HOSTILE, "start": 0, "duration": 600_000,
                                     "end": "next", "hard": HOSTILE, "cues": {HOSTILE: 1}}],
                       "roles": {HOSTILE: HOSTILE},
                       "emergencies": {HOSTILE: {"title": HOSTILE, "severity": HOSTILE,
                                                 "respond_within": 30_000, "recover_within": None}}}}
    events = [{"kind": "show-start", "t": 0},
              {"kind": "segment-start", "t": 0, "seg": HOSTILE, "amount": 0},
              {"kind": "cue", "t": 1000, "seg": HOSTILE, "role": HOSTILE, "text": HOSTILE},
              {"kind": "pause", "t": 2000}, {"kind": "resume", "t": 3000, "amount": 1000},
              {"kind": "adjust", "t": 4000, "seg": HOSTILE, "amount": 60_000},
              {"kind": "emergency-open", "t": 5000, "plan": HOSTILE, "text": HOSTILE, "severity": HOSTILE},
              {"kind": "emergency-respond", "t": 6000, "plan": HOSTILE, "amount": 1000},
              {"kind": "emergency-close", "t": 7000, "plan": HOSTILE, "amount": 2000},
              {"kind": "segment-end", "t": 600_000, "seg": HOSTILE, "amount": 600_000, "reason": HOSTILE},
              {"kind": "show-end", "t": 600_000, "over": 0}]
    records = [header, *({"type": "event", **event} for event in events),
               {"type": "close", "t": 600_000, "reason": HOSTILE}]
    prev, lines = "0" * 64, []
    for seq, record in enumerate(records):
        line = json.dumps({"seq": seq, **record, "prev": prev}, ensure_ascii=False, separators=(",", ":"))
        lines.append(line)
        prev = hashlib.sha256(line.encode("utf-8")).hexdigest()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_report_prints_no_control_character_and_no_script_tag(tmp_path, fmt):
    log = tmp_path / "run.jsonl"
    write_run_log(log)
    result = run("report", str(log), "--format", fmt)
    assert "Hash chain verified" in result.stdout or fmt == "json"
    if fmt in ("md", "html"):
        assert_no_script_tag(result.stdout, f"report --format {fmt}")
    if fmt == "json":
        assert json.loads(result.stdout)["title"] == HOSTILE  # lossless
    else:
        assert "\\x1b]52;c;aGFja2VkIQ==\\x07" in result.stdout


# -- log and diff (git) -------------------------------------------------------------------------

@pytest.fixture
def repo(tmp_path, monkeypatch) -> GitRepo:
    """Two commits of the hostile playbook by a hostile author with hostile subjects."""
    repo = GitRepo(tmp_path / "repo")
    repo.git("config", "user.name", f"主播{HOSTILE}")
    repo.write("hostile.yaml", HOSTILE_YAML)
    repo.commit(f"create {HOSTILE}")
    edited = playbook(yaml_string("改" + HOSTILE[::-1]), version=yaml_string(f"1.1.0{CONTROLS['CSI']}"))
    repo.write("hostile.yaml", edited)
    repo.commit(f"edit {HOSTILE}")
    monkeypatch.chdir(repo.root)
    return repo


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_log_prints_no_control_character(repo, fmt):
    result = run("log", "hostile.yaml", "--format", fmt)
    if fmt == "json":
        author = json.loads(result.stdout)[0]["author"]  # git itself drops `<` and `>` from names
        assert author.startswith("主播" + CONTROLS["ESC"] + CONTROLS["OSC 52"] + CONTROLS["CSI"] + CONTROLS["C1 CSI"])
    else:
        assert "主播\\x1b\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J\\x9b31m" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
@pytest.mark.parametrize("sides", [("HEAD~1:hostile.yaml", "hostile.yaml"), ("--from", "HEAD~1", "hostile.yaml")])
def test_diff_prints_no_control_character_and_no_script_tag(repo, fmt, sides):
    result = run("diff", *sides, "--format", fmt, "--color", "never")
    if fmt == "json":
        assert any(change["old"] == HOSTILE for change in json.loads(result.stdout))
    else:
        assert "\\x1b" in result.stdout
    if fmt == "md":
        assert_no_script_tag(result.stdout, "diff --format md")
