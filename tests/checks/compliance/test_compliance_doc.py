"""docs/compliance.md and the code registry stay in step: one row per LS7xx code in its Codes
table, with the registry's severity (docs/diagnostics.md leaves the LS7 family to this page)."""

from __future__ import annotations

import re

from livesop.checks.compliance.lexicon import bundled
from livesop.diagnostics import CODES
from tests.helpers import REPO

DOC = (REPO / "docs" / "compliance.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (LS7\d\d) \| (error|warning) \| (.+) \|$", re.M)


def test_every_ls7_code_has_one_row_with_its_severity():
    rows = ROW.findall(DOC)
    assert len(rows) == len({code for code, _, _ in rows}), "a code has two rows"
    documented = {code: severity for code, severity, _ in rows}
    registered = {code: severity for code, (severity, _) in CODES.items() if code.startswith("LS7")}
    assert documented == registered


def test_the_term_count_is_the_lexicon_size():
    assert f"({len(bundled().terms)} terms)" in DOC
