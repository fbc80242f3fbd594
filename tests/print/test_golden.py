"""Golden files: the md and json sheets of the bundled playbooks and the print fixture.

When a playbook or a renderer changes on purpose, regenerate the goldens and review the diff:

    LIVESOP_UPDATE_GOLDEN=1 python -m pytest tests/print/test_golden.py
"""

import os

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import REPO

GOLDEN = REPO / "tests" / "golden"
UPDATE = bool(os.environ.get("LIVESOP_UPDATE_GOLDEN"))

PLAYBOOKS = {
    "daily": "playbooks/daily.yaml",
    "mega-sale": "playbooks/mega-sale.yaml",
    "night": "tests/fixtures/print/night.yaml",
}
OUTPUTS = {  # golden suffix: command arguments after the playbook
    "show.md": ("show", "--format", "md"),
    "show.json": ("show", "--format", "json"),
    "checklist.md": ("checklist", "--all", "--format", "md"),
    "checklist.json": ("checklist", "--all", "--format", "json"),
}


@pytest.mark.parametrize("suffix", list(OUTPUTS))
@pytest.mark.parametrize("name", list(PLAYBOOKS))
def test_golden(name, suffix, monkeypatch):
    monkeypatch.chdir(REPO)  # file paths in the output are relative to the repository
    command, *args = OUTPUTS[suffix]
    result = CliRunner().invoke(cli, [command, PLAYBOOKS[name], *args])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.{suffix}"
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"{golden} missing: run with LIVESOP_UPDATE_GOLDEN=1 to create it"
    assert result.stdout == golden.read_text(encoding="utf-8"), \
        f"{golden.name} differs; if the change is intended, regenerate with LIVESOP_UPDATE_GOLDEN=1"
