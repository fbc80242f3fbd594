"""``livesop validate`` from the outside: output formats, code selection, exit codes, folders,
and the installed command itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from livesop import __version__
from livesop.cli.main import cli
from tests.helpers import MINIMAL

# One error (LS301 unknown role) and one warning (LS505 unused script).
ERROR_AND_WARNING = MINIMAL.replace("role: ops", "role: opz")
ERROR_AND_WARNING = ERROR_AND_WARNING.replace('  hello: "欢迎来到{room}！"\n',
                                              '  hello: "欢迎来到{room}！"\n  spare: 备用话术\n')
WARNING_ONLY = MINIMAL.replace('  hello: "欢迎来到{room}！"\n', '  hello: "欢迎来到{room}！"\n  spare: 备用话术\n')
KEYS = {"code", "severity", "file", "line", "column", "message", "hint"}


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def playbooks(tmp_path) -> dict[str, Path]:
    files = {"clean": MINIMAL, "mixed": ERROR_AND_WARNING, "warning": WARNING_ONLY}
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_text_format_lists_findings_hints_and_a_summary(playbooks):
    result = invoke("validate", str(playbooks["mixed"]))
    assert result.exit_code == 1
    path = str(playbooks["mixed"])
    line = line_of(ERROR_AND_WARNING, "opz")
    column = ERROR_AND_WARNING.split("\n")[line - 1].index("opz") + 1
    assert f"{path}:{line}:{column}: LS301 cue role `opz` is not defined in `roles`" in result.output
    assert "    hint: did you mean `ops`?" in result.output
    assert f"{path}:{line_of(ERROR_AND_WARNING, 'spare')}:3: LS505" in result.output
    assert result.output.rstrip().endswith("1 playbook checked: 1 error, 1 warning")


def test_clean_file_exits_0(playbooks):
    result = invoke("validate", str(playbooks["clean"]))
    assert (result.exit_code, result.output.strip()) == (0, "1 playbook checked: no problems")


def test_warnings_only_exit_0(playbooks):
    result = invoke("validate", str(playbooks["warning"]))
    assert result.exit_code == 0 and "LS505" in result.output and "1 warning" in result.output


def test_json_format(playbooks):
    result = invoke("validate", "--format", "json", str(playbooks["mixed"]), str(playbooks["clean"]))
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert isinstance(findings, list) and len(findings) == 2
    for finding in findings:
        assert set(finding) == KEYS
        assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
    by_code = {f["code"]: f for f in findings}
    assert by_code["LS301"]["severity"] == "error" and by_code["LS505"]["severity"] == "warning"
    assert by_code["LS301"]["file"] == str(playbooks["mixed"])
    assert by_code["LS301"]["line"] == line_of(ERROR_AND_WARNING, "opz")
    assert by_code["LS301"]["hint"] == "did you mean `ops`?"


def test_json_format_of_a_clean_file_is_an_empty_array(playbooks):
    result = invoke("validate", "--format", "json", str(playbooks["clean"]))
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_github_format(playbooks):
    result = invoke("validate", "--format", "github", str(playbooks["mixed"]))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    path = str(playbooks["mixed"])
    line = line_of(ERROR_AND_WARNING, "opz")
    error = next(row for row in lines if row.startswith("::error "))
    assert error.startswith(f"::error file={path},line={line},col=") and ",title=LS301::" in error
    assert "hint: did you mean `ops`?" in error
    assert any(row.startswith("::warning ") and "title=LS505" in row for row in lines)


def test_github_format_escapes_newlines_and_colons(tmp_path):
    text = MINIMAL.replace('do: "上架{product.link}号链接"', 'do: "上架{product.link}号链接{oops}"')
    path = tmp_path / "a,b:c.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("validate", "--format", "github", str(path))
    [row] = result.output.strip().splitlines()
    assert "file=" + str(path).replace(":", "%3A").replace(",", "%2C") + "," in row


@pytest.mark.parametrize("args, codes, exit_code", [
    (("--select", "LS5"), {"LS505"}, 0),
    (("--select", "LS3"), {"LS301"}, 1),
    (("--select", "ls301"), {"LS301"}, 1),
    (("--ignore", "LS3"), {"LS505"}, 0),
    (("--ignore", "LS301,LS505"), set(), 0),
    (("--select", "LS3", "--select", "LS5"), {"LS301", "LS505"}, 1),
    (("--select", "LS3,LS5", "--ignore", "LS301"), {"LS505"}, 0),
])
def test_select_and_ignore(playbooks, args, codes, exit_code):
    result = invoke("validate", "--format", "json", *args, str(playbooks["mixed"]))
    assert {f["code"] for f in json.loads(result.output)} == codes
    assert result.exit_code == exit_code


@pytest.mark.parametrize("args", [
    ("validate", "no/such/file.yaml"),
    ("validate", "--format", "xml", "PLAYBOOK"),
    ("validate", "--select", "E501", "PLAYBOOK"),
    ("validate", "--bogus", "PLAYBOOK"),
    ("validate",),
    ("validat", "PLAYBOOK"),
])
def test_usage_errors_exit_2(playbooks, args):
    args = [str(playbooks["clean"]) if arg == "PLAYBOOK" else arg for arg in args]
    result = invoke(*args)
    assert result.exit_code == 2, result.output


def test_missing_path_message(playbooks):
    result = invoke("validate", str(playbooks["clean"]), "no/such/file.yaml")
    assert result.exit_code == 2
    assert "no/such/file.yaml: no such file or folder" in result.output


def test_folder_checks_only_playbooks_and_counts_the_rest(tmp_path):
    (tmp_path / "shows").mkdir()
    (tmp_path / "shows" / "daily.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "shows" / "late.yml").write_text(MINIMAL.replace("id: demo", "id: late"), encoding="utf-8")
    (tmp_path / "ci.yaml").write_text("name: ci\non: [push]\n", encoding="utf-8")
    (tmp_path / "lineup.yaml").write_text("products: []\n# livesop: 1 in a comment does not count\n",
                                          encoding="utf-8")
    (tmp_path / "notes.txt").write_text("livesop: 1\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "broken.yaml").write_text("livesop: 1\n: : :\n", encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 playbooks checked (2 other YAML files skipped): no problems"


def test_folder_with_a_broken_playbook(tmp_path):
    (tmp_path / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("duration: 10m", "duration: 10"), encoding="utf-8")
    result = invoke("validate", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert finding["code"] == "LS402" and finding["file"].endswith("bad.yaml")


def test_bundled_playbooks_validate(repo_root):
    result = invoke("validate", str(repo_root / "playbooks"))
    assert result.exit_code == 0, result.output


# -- the installed command, in a real process ----------------------------------------------------

LIVESOP = Path(sys.executable).parent / "livesop"
installed = pytest.mark.skipif(not LIVESOP.exists(), reason="the livesop command is not installed here")


@installed
def test_installed_command_prints_its_version():
    done = subprocess.run([str(LIVESOP), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"livesop {__version__}"


@installed
def test_installed_command_reports_a_bad_file_without_a_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"livesop: 1\ntitle: !!python/object/apply:os.system ['echo unsafe']\n")
    done = subprocess.run([str(LIVESOP), "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{path}:2:8: LS106" in done.stdout
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "unsafe" not in done.stderr
