"""In Chinese, livesop speaks Chinese: no English word of three letters or more in what a person reads.

Every command's help, a set of error paths, frames of the live view at 80×24 and 120×40, a plain
rehearsal and its 复盘 report run with ``--lang zh``; what is left of the output after the
allow-list (codes, ids and words of the playbook itself, file names, format names, option
names, key letters) must hold no English word.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len
from rich.console import Console

from livesop import i18n
from livesop.cli.main import COMMANDS
from tests.helpers import REPO

DAILY = REPO / "playbooks" / "daily.yaml"
LIBRARY = REPO / "scripts_library"

# words a Chinese reader meets as they are: names of things, formats and the tool's own words
ALLOWED = {
    "livesop", "yaml", "yml", "json", "jsonl", "md", "html", "text", "xlsx", "csv", "tsv", "svg", "png", "utf",
    "gbk", "git", "sop", "excel", "schema", "http", "https", "url", "id", "ids", "wps", "qr", "ntp", "github",
    "major", "minor", "patch", "markdown", "terminal", "plain", "auto", "always", "never", "zh", "en", "rev",
    "head", "ctrl", "esc", "enter", "tab", "space", "pgup", "pgdn", "home", "end", "jsonschema", "iso",
    "douyin", "kuaishou", "taobao", "shipinhao", "pypinyin", "opencc", "lan", "wifi", "tmux", "live",
}
TOKEN_NOISE = [
    re.compile(r"\bLS\d{3}\b"),  # diagnostic codes
    re.compile(r"https?://\S+"),  # links
    re.compile(r"(?<![\w-])--?[a-z][\w-]*(=\S*)?"),  # option names
    re.compile(r"\b[\w.-]*[/\\][\w./\\ -]*"),  # paths
    re.compile(r"\b[\w-]+\.(yaml|yml|json|jsonl|md|html|xlsx|csv|py|svg|png|log|mo|po)\b"),  # file names
    re.compile(r"\b[A-Z][A-Z_]{2,}\b"),  # metavars and environment variables: PLAYBOOK, LIVESOP_LANG
    re.compile(r"`[^`\n]*`"),  # quoted code, ids and commands
    re.compile(r"\{\{[^}]*\}\}"),  # 话术 placeholders
    re.compile(r"\b[a-z]+(_[a-z0-9]+)+\b"),  # snake_case keys of the format: for_each, hard_start
]
WORD = re.compile(r"[A-Za-z]{3,}")


def words_of(*paths: Path) -> set[str]:
    """The ASCII words the inputs bring: the YAML's values (ids, names, 话术; not its keys) and the
    library's and lineup's text."""
    found = set()
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            if file.suffix in (".yaml", ".yml"):
                text = " ".join(_values(yaml.safe_load(text)))
            found.update(w.lower() for w in WORD.findall(text))
    return found


def _values(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif data is not None:
        yield str(data)


INPUT_WORDS = words_of(DAILY, LIBRARY, REPO / "playbooks" / "examples" / "lineup.csv") | set(COMMANDS) | {"cli", "list", "show", "search", "render", "full"}


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    for noise in TOKEN_NOISE:
        text = noise.sub(" ", text)
    return sorted({w for w in WORD.findall(text) if w.lower() not in ALLOWED | INPUT_WORDS | allowed})


def assert_chinese(text: str, where: str, allowed: set[str] = frozenset()) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), f"{where}: no Chinese at all:\n{text[:400]}"
    left = english_words(text, allowed)
    assert not left, f"{where}: English words in the Chinese output: {left}\n{text[:2000]}"


def test_the_detector_finds_english_and_passes_the_allowed():
    assert english_words("3 个问题 in daily.yaml, see `livesop validate`") == ["see"]
    assert english_words("LS302 未知商品 hero --lang zh PLAYBOOK") == []
    assert english_words("missed 2 cues") == ["cues", "missed"]


@pytest.mark.parametrize("command", [[]] + [[name] for name in COMMANDS]
                         + [["scripts", sub] for sub in ("list", "show", "search", "render")])
def test_every_help_is_chinese(invoke, command):
    result = invoke("--lang", "zh", *command, "--help")
    assert result.exit_code == 0, result.output
    assert_chinese(result.output, "livesop " + " ".join(command) + " --help")


def _broken_yaml(tmp_path):
    path = tmp_path / "坏.yaml"
    path.write_text("livesop: 1\nid: x\ntitle: [unclosed\n", encoding="utf-8")
    return path


def _unknown_role(tmp_path):
    text = DAILY.read_text(encoding="utf-8").replace("role: ops", "role: nobody", 1)
    path = tmp_path / "错岗位.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _garbage_xlsx(tmp_path):
    path = tmp_path / "脚本.xlsx"
    path.write_bytes(b"this is not a workbook")
    return path


ERROR_PATHS = {
    "missing file": lambda tmp: ["validate", tmp / "没有.yaml"],
    "broken YAML": lambda tmp: ["validate", _broken_yaml(tmp)],
    "unknown role": lambda tmp: ["validate", _unknown_role(tmp)],
    "missing argument": lambda tmp: ["show"],
    "bad option value": lambda tmp: ["show", DAILY, "--format", "pdf"],
    "unknown command": lambda tmp: ["valdiate", DAILY],
    "diff outside git": lambda tmp: ["diff", "HEAD~1:playbooks/daily.yaml", DAILY],
    "unreadable Excel": lambda tmp: ["import", _garbage_xlsx(tmp)],
    "missing run log": lambda tmp: ["report", tmp / "没有.jsonl"],
    "missing lineup": lambda tmp: ["new", DAILY, "--lineup", tmp / "没有.csv", "--date", "2026-12-02"],
    "unknown script": lambda tmp: ["scripts", "show", "no-such-script", "-p", DAILY],
    "bad speed": lambda tmp: ["run", DAILY, "--plain", "--speed", "0"],
}


@pytest.mark.parametrize("name", list(ERROR_PATHS))
def test_error_paths_are_chinese(invoke, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = invoke("--lang", "zh", *ERROR_PATHS[name](tmp_path))
    assert result.exit_code != 0, result.output
    assert_chinese(result.output, name, allowed={"valdiate", "pdf", "nobody", "not", "workbook", "this"})


@pytest.fixture
def zh():
    i18n.use("zh")
    yield
    i18n.use("en")


@pytest.mark.parametrize("width, height", [(80, 24), (120, 40)])
@pytest.mark.parametrize("minute", [0, 7, 45])
def test_live_view_frames_are_chinese_and_fit(zh, width, height, minute):
    from livesop.format.timeline import build_timeline
    from livesop.runner import view, viewstate
    from livesop.runner.engine import Engine
    from tests.helpers import load_model

    engine = Engine(build_timeline(load_model(DAILY.read_text(encoding="utf-8"), name="daily.yaml")))
    engine.start(0)
    t = minute * 60_000 + 400
    engine.tick(t)
    console = Console(width=width, height=height, record=True, file=io.StringIO(), force_terminal=True)
    console.print(view.render(engine.snapshot(t), viewstate.show_info(engine), viewstate.UiState(), width, height))
    text = console.export_text(styles=False, clear=False)
    lines = text.splitlines()
    assert len(lines) == height and all(cell_len(line) <= width for line in lines)
    assert_chinese(text, f"frame {width}x{height} at {minute} min")


def test_plain_rehearsal_and_its_report_are_chinese(invoke, tmp_path):
    log = tmp_path / "run.jsonl"
    run = invoke("--lang", "zh", "run", DAILY, "--plain", "--speed", "100000", "--log", log)
    assert run.exit_code == 0, run.output
    assert_chinese(run.output, "plain rehearsal")
    for fmt in ("text", "md"):
        report = invoke("--lang", "zh", "report", log, "--format", fmt)
        assert report.exit_code == 0, report.output
        assert_chinese(report.output, f"report --format {fmt}")


TABLES = {
    "show": lambda log: ["show", DAILY, "--color", "never"],
    "checklist": lambda log: ["checklist", DAILY, "--role", "中控", "--color", "never"],
    "scripts list": lambda log: ["scripts", "list", "-p", DAILY],
    "report": lambda log: ["report", log],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(TABLES))
def test_chinese_tables_keep_their_columns_at_80_and_120(invoke, tmp_path, name, width):
    log = tmp_path / "run.jsonl"
    if name == "report":
        assert invoke("run", DAILY, "--plain", "--speed", "100000", "--log", log).exit_code == 0
    result = invoke("--lang", "zh", *TABLES[name](log), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    framed = [line for line in lines if line[:1] in "│┃┌└├┏┗┡╭╰"]
    if name == "show":
        assert framed, result.output[:400]
        assert {cell_len(line) for line in framed} == {width}, "a bordered row is wider or narrower than the rest"
    if name != "report":  # the report's tables are as wide as their figures, in both languages
        assert max(cell_len(line) for line in lines) <= width
