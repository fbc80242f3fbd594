"""Property tests: whatever text the loader is fed, findings come back as data, never as exceptions.

Random text, random YAML documents (dumped, then optionally damaged) and mutations of the
minimal playbook all go through load → build → checks; every diagnostic must carry a known
code and a 1-based position.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from livesop.checks import Context, run_checks
from livesop.diagnostics import CODES
from livesop.format.build import build
from livesop.format.yamlio import load_bytes, load_text
from tests.helpers import MINIMAL

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to YAML and to the format, plus some CJK text and control characters.
YAMLISH = st.sampled_from(list(":-[]{},&*!|>'\"#%@`?\n \t~0123456789.") +
                          ["livesop", "1", "lib:", "{product.name}", "{", "}", "仅剩", "主播", "\x00",
                           "\ufeff", "\r\n", "---", "...", "<<", "!!python/name:os.system", "&a", "*a"])

KEYS = st.sampled_from(["livesop", "id", "title", "version", "roles", "segments", "products", "scripts",
                        "cues", "at", "role", "say", "do", "every", "duration", "start", "link",
                        "live_price", "list_price", "name", "for_each", "schedule", "length", "emergencies",
                        "steps", "owner", "severity", "variables", "checklists", "before"]) | st.text(max_size=6)
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) |
           st.floats(allow_nan=True, allow_infinity=True) |
           st.sampled_from(["10m", "0s", "1:02:30", "20:00", "1.0.0", "products", "host", "lib:x", "lib:x#A",
                            "P1", "{room}", "{product.stock}", "{product.name!r}", "仅剩3件", "next", "hold"]) |
           st.text(max_size=12))


def documents(max_leaves: int):
    return st.recursive(
        SCALARS,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
        max_leaves=max_leaves,
    )


DOCUMENTS = documents(30)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(document, **options) -> str:
    return yaml.dump(document, Dumper=DUMPER, allow_unicode=True, **options)


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` with a few characters deleted, inserted or replaced."""
    chars = list(text)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        index = draw(st.integers(0, len(chars)))
        if op == "insert":
            chars[index:index] = list(draw(YAMLISH))
        elif chars and index < len(chars):
            if op == "delete":
                del chars[index]
            else:
                chars[index] = draw(YAMLISH)
    return "".join(chars)


def run_all(text: str) -> list:
    playbook, diagnostics = build(load_text(text, "p.yaml"))
    if playbook is not None:
        diagnostics += run_checks(Context(playbook, None))
    return diagnostics


def assert_well_formed(diagnostics) -> None:
    for d in diagnostics:
        assert d.code in CODES, d
        assert d.severity == CODES[d.code][0]
        assert isinstance(d.line, int) and d.line >= 1, d
        assert isinstance(d.column, int) and d.column >= 1, d
        assert d.message and d.hint, d


@SETTINGS
@given(st.text(max_size=300))
def test_random_text(text):
    assert_well_formed(run_all(text))


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(raw):
    loaded = load_bytes(raw, "p.yaml")
    playbook, diagnostics = build(loaded)
    if playbook is not None:
        diagnostics += run_checks(Context(playbook, None))
    assert_well_formed(diagnostics)


@SETTINGS
@given(DOCUMENTS, st.data())
def test_random_documents(document, data):
    text = dump(document, default_flow_style=data.draw(st.booleans()))
    if data.draw(st.booleans()):
        text = data.draw(mutated(text))
    assert_well_formed(run_all(text))


@SETTINGS
@given(st.lists(st.tuples(KEYS, documents(6)), max_size=3))
def test_minimal_with_replaced_keys(overrides):
    """The minimal playbook with some top-level values swapped for random ones."""
    document = yaml.safe_load(MINIMAL)
    document.update(overrides)
    assert_well_formed(run_all(dump(document, sort_keys=False)))


@SETTINGS
@given(mutated(MINIMAL))
def test_mutated_minimal(text):
    assert_well_formed(run_all(text))


@SETTINGS
@given(st.data())
def test_mutated_minimal_values(data):
    """Replace one scalar of the minimal playbook (located by its line) with a random one."""
    lines = MINIMAL.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    value = data.draw(SCALARS)
    dumped = dump(value, default_flow_style=True).split("\n...")[0].strip()
    line = lines[index]
    if ": " in line:
        head = line.rsplit(": ", 1)[0]
        lines[index] = f"{head}: {dumped}"
    assert_well_formed(run_all("\n".join(lines)))
