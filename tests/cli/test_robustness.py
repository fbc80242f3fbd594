"""Never a traceback: every command on damaged copies of the bundled daily playbook ends with
exit 0, 1 or 2 and no internal error. The damage is the kind people do by hand: misspelt ids,
bare-number durations, cues outside their segment, lost lines, broken placeholders."""

import random
import re
import shutil

import pytest
from click.testing import CliRunner

from livesop.cli.main import cli
from tests.helpers import REPO

BASE = (REPO / "playbooks" / "daily.yaml").read_text(encoding="utf-8")


def _mutators(rng: random.Random):
    pick = rng.choice
    return [
        lambda s: s.replace(pick(["role: host", "role: ops", "role: control"]), pick(["role: hots", "role: ", "role: x"]), 1),
        lambda s: re.sub(r"duration: \S+", pick(["duration: 0s", "duration: 10", "duration: x", "duration: 999h"]), s,
                         count=rng.randint(1, 3)),
        lambda s: re.sub(r"at: [^,}\n]+", pick(["at: 99h", "at: -1", "at: x"]), s, count=rng.randint(1, 3)),
        lambda s: s.replace("product: ", pick(["product: nope", "product: [1]"]), 1),
        lambda s: s.replace('start: "21:00"', pick(['start: "19:00"', 'start: "20:05"', 'start: "25:00"', "start: 3"]), 1),
        lambda s: s.replace("say: ", pick(["say: lib:nope", "say: nope", "do: ", "say: lib:fudai-draw#Z"]), rng.randint(1, 5)),
        lambda s: s.replace("{product.", pick(["{product.x", "{produc.", "{{product.", "{product.stock}{"]), rng.randint(1, 3)),
        lambda s: s.replace("live_price: ", "live_price: -", 1),
        lambda s: s.replace("for_each: products", pick(["for_each: items", "for_each: products\n    product: pan"]), 1),
        lambda s: s.replace("severity: P1", pick(["severity: P9", "severity: P1\n    recover_within: x"]), 1),
        lambda s: "\n".join(line for line in s.split("\n") if rng.random() > 0.02),
    ]


def _damaged(seed: int) -> str:
    rng = random.Random(seed)
    text, mutators = BASE, _mutators(rng)
    for _ in range(rng.randint(2, 4)):
        text = rng.choice(mutators)(text)
    return text


@pytest.mark.parametrize("seed", range(6))
def test_every_command_survives_a_damaged_playbook(tmp_path, seed):
    shutil.copytree(REPO / "scripts_library", tmp_path / "scripts_library")
    path = tmp_path / "p.yaml"
    path.write_text(_damaged(seed), encoding="utf-8")
    p = str(path)
    commands = [
        ["validate", p], ["validate", p, "--format", "json"], ["show", p], ["show", p, "--format", "html"],
        ["checklist", p, "--all"], ["checklist", p, "--all", "--format", "md"], ["scripts", "list", "--playbook", p],
        ["export", p, "-o", str(tmp_path / "out.xlsx")],
        ["run", p, "--plain", "--speed", "100000", "--log", str(tmp_path / "run.jsonl")],
    ]
    runner = CliRunner()
    for args in commands:
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1, 2), (args, result.output[-500:], result.exception)
        assert "internal error" not in result.output and "Traceback" not in result.output, (args, result.output[-500:])
