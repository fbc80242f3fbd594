"""docs/diagnostics.md and the code registry stay in step, and every example does what it says.

Each code has a section ``### LSxxx — <summary>``. Its **Bad** playbook must report the code on
the line(s) marked ``# ← LSxxx`` and no other error; its **Fixed** playbook must report no error
at all. A section marked ``<!-- no-test: reason -->`` is covered in test_limits.py instead; one
marked ``<!-- test: no-library -->`` runs without a scripts library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from livesop.diagnostics import CODES
from livesop.format.library import load_library
from livesop.format.yamlio import MAX_ALIAS_NODES, MAX_BYTES, MAX_DEPTH
from tests.helpers import REPO, diagnose

DOC = REPO / "docs" / "diagnostics.md"
LIBRARY_DIR = REPO / "tests" / "fixtures" / "library"
OTHER_FAMILIES = ("LS7", "LS9")  # documented with their own checks

HEADING = re.compile(r"^### (LS\d{3}) — (.+)$", re.M)
BLOCK = re.compile(r"\*\*(Bad|Fixed)\*\*[^\n]*\n+```yaml\n(.*?)```", re.S)
MARK = re.compile(r"#\s*←\s*(LS\d{3})")


@dataclass
class Section:
    code: str
    summary: str
    body: str

    @property
    def runnable(self) -> bool:
        return "<!-- no-test:" not in self.body

    @property
    def uses_library(self) -> bool:
        return "<!-- test: no-library -->" not in self.body

    def example(self, kind: str) -> str:
        found = [text for label, text in BLOCK.findall(self.body) if label == kind]
        assert len(found) == 1, f"{self.code}: expected one **{kind}** yaml block, found {len(found)}"
        return found[0]


def sections() -> dict[str, Section]:
    text = DOC.read_text(encoding="utf-8")
    heads = list(HEADING.finditer(text))
    result = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        nxt = text.find("\n## ", head.end())
        if nxt != -1 and nxt < end:
            end = nxt
        code = head.group(1)
        assert code not in result, f"{code} is documented twice"
        result[code] = Section(code, head.group(2).strip(), text[head.end():end])
    return result


SECTIONS = sections()
OWN_CODES = sorted(code for code in CODES if not code.startswith(OTHER_FAMILIES))
RUNNABLE = sorted(code for code, section in SECTIONS.items() if section.runnable)


def marked_lines(text: str, code: str) -> set[int]:
    return {number for number, line in enumerate(text.split("\n"), 1)
            for found in MARK.findall(line) if found == code}


def run(section: Section, text: str):
    library = load_library(LIBRARY_DIR) if section.uses_library else None
    return diagnose(text, library=library)


def test_every_code_is_documented():
    missing = [code for code in OWN_CODES if code not in SECTIONS]
    assert not missing, f"codes without a section in docs/diagnostics.md: {missing}"


@pytest.mark.parametrize("code", sorted(SECTIONS))
def test_section_matches_registry(code):
    section = SECTIONS[code]
    assert code in CODES, f"{code} is documented but not in CODES"
    severity, summary = CODES[code]
    assert section.summary == summary
    assert f"**Severity:** {severity}" in section.body
    assert "**Fix:**" in section.body


def test_other_families_have_a_pointer():
    text = DOC.read_text(encoding="utf-8")
    for family in OTHER_FAMILIES:
        assert f"{family}xx" in text


def test_limits_in_the_intro_are_the_loader_constants():
    text = DOC.read_text(encoding="utf-8")
    assert f"{MAX_BYTES // (1024 * 1024)} MiB" in text
    assert f"{MAX_DEPTH} levels" in text
    assert f"{MAX_ALIAS_NODES:,} nodes" in text


def test_untested_sections_say_why_and_are_few():
    skipped = {code for code, section in SECTIONS.items() if not section.runnable}
    assert skipped <= {"LS100", "LS102", "LS107", "LS110", "LS309"}, skipped
    for code in skipped:
        assert re.search(r"<!-- no-test: \S.*-->", SECTIONS[code].body), code


@pytest.mark.parametrize("code", RUNNABLE)
def test_bad_example_reports_the_code_where_marked(code):
    section = SECTIONS[code]
    bad = section.example("Bad")
    lines = bad.rstrip("\n").split("\n")
    assert 6 <= len(lines) <= 24, f"{code}: keep the example short ({len(lines)} lines)"
    marked = marked_lines(bad, code)
    assert marked, f"{code}: mark the reported line with `# ← {code}`"
    found = run(section, bad)
    reported = {d.line for d in found if d.code == code}
    assert reported == marked, f"{code}: reported on lines {sorted(reported)}, marked {sorted(marked)}: {found}"
    others = sorted({d.code for d in found if d.is_error and d.code != code})
    assert not others, f"{code}: the bad example also has errors {others}: {found}"


@pytest.mark.parametrize("code", RUNNABLE)
def test_fixed_example_is_clean_of_errors(code):
    section = SECTIONS[code]
    fixed = section.example("Fixed")
    assert not MARK.search(fixed), f"{code}: the fixed example keeps a `# ←` marker"
    found = run(section, fixed)
    assert code not in {d.code for d in found}, found
    errors = [d for d in found if d.is_error]
    assert not errors, f"{code}: the fixed example has errors: {errors}"
