"""The check registry: one module per family, codes that start with it, families a selection skips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from livesop.checks import CHECKS, family_selected, run_checks
from livesop.checks.context import Context
from livesop.diagnostics import CODES
from tests.helpers import MINIMAL, load_model

CODE_LITERAL = re.compile(r"[\"'](LS\d{3})[\"']")


def test_every_code_a_check_module_names_starts_with_its_family():
    for family, module in CHECKS.items():
        literals = set(CODE_LITERAL.findall(Path(module.__file__).read_text(encoding="utf-8")))
        assert literals, f"{module.__name__} names no code"
        strays = sorted(code for code in literals if not code.startswith(family))
        assert not strays, f"{module.__name__} (FAMILY {family}) names {strays}"


def test_every_checked_family_of_the_code_registry_has_a_module():
    families = {code[:3] for code in CODES} - {"LS1", "LS2", "LS9"}  # found while building; versions
    assert families == set(CHECKS)


@pytest.mark.parametrize("select, ignore, expected", [
    ((), (), True),
    (("LS4",), (), True),
    (("ls404",), (), True),
    (("LS",), (), True),
    (("LS7",), (), False),
    (("LS701", "LS404"), (), True),
    ((), ("LS4",), False),
    ((), ("LS",), False),
    ((), ("LS404",), True),
])
def test_a_family_runs_only_when_the_selection_can_keep_one_of_its_codes(select, ignore, expected):
    assert family_selected("LS4", select, ignore) is expected


def test_run_checks_skips_families_the_selection_excludes(monkeypatch):
    def refuse(ctx):
        raise AssertionError("compliance ran although only LS4 was selected")

    monkeypatch.setattr(CHECKS["LS7"], "check", refuse)
    context = Context(load_model(MINIMAL), None)
    assert run_checks(context, select=("LS4",)) == []
    with pytest.raises(AssertionError):
        run_checks(Context(load_model(MINIMAL), None))
