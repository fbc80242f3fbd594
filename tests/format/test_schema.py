"""The JSON Schema: the committed file is what `livesop schema` prints, and it accepts the
bundled playbooks and rejects what validate rejects structurally."""

import json

import jsonschema
import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from livesop.format.schema import schema, schema_text
from livesop.format.yamlio import load_file, load_text
from tests.helpers import MINIMAL, REPO, dedent

BUNDLED = sorted((REPO / "playbooks").glob("*.yaml"))


def _validator():
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema())


def test_committed_schema_is_current():
    assert (REPO / "schema" / "playbook.schema.json").read_text(encoding="utf-8") == schema_text()


def test_schema_command_prints_and_writes(tmp_path):
    runner = CliRunner()
    printed = runner.invoke(cli, ["schema"])
    assert printed.exit_code == 0 and json.loads(printed.output)["$id"] == schema()["$id"]
    target = tmp_path / "s.json"
    written = runner.invoke(cli, ["schema", "-o", str(target)])
    assert written.exit_code == 0 and target.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_playbooks_point_at_the_schema_and_satisfy_it(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../schema/playbook.schema.json"
    data = load_file(path).data
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("change", [
    ("title: 演示直播", "titel: 演示直播"),        # unknown key, missing title
    ("duration: 10m", "duration: 10"),           # bare number
    ("link: 1,", "link: 0,"),                    # below the minimum
    ("{at: 0s, role: host, say: hello}", "{at: 0s, role: host}"),  # neither say nor do
])
def test_schema_rejects_structural_errors(change):
    text = dedent(MINIMAL)
    assert change[0] in text
    data = load_text(text.replace(*change), "p.yaml").data
    assert not _validator().is_valid(data)
    assert _validator().is_valid(load_text(text, "p.yaml").data)
