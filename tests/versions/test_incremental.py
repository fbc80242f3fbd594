"""The chunked model builder behind ``livesop log`` gives the same models as a whole build."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from livesop.format.build import build
from livesop.format.yamlio import load_bytes
from livesop.versions.diff import diff
from livesop.versions.incremental import Chunked
from tests.helpers import MINIMAL, REPO
from tests.versions.test_diff_properties import playbooks, write


def whole(raw: bytes):
    return build(load_bytes(raw, "p.yaml"))[0]


def same(raw: bytes, models: Chunked | None = None) -> None:
    expected = whole(raw)
    got = (models or Chunked()).model(raw, "p.yaml")
    assert got == expected
    if expected is not None:
        assert diff(expected, got) == []


def test_repository_playbook_and_minimal():
    same((REPO / "playbooks" / "daily.yaml").read_bytes())
    same(MINIMAL.encode())


def test_texts_that_do_not_cut_cleanly_fall_back_to_a_whole_build():
    anchored = MINIMAL.replace("roles:\n  host: {name: 主播}", "roles:\n  host: &who {name: 主播}") \
        .replace("  ops: {name: 中控}", "  ops: *who")
    shared = MINIMAL.replace("title: 演示直播", "title: &t 演示直播") + "description: *t\n"
    cases = [
        anchored, shared, "---\n" + MINIMAL, MINIMAL + "---\nx: 1\n", MINIMAL.replace("roles:", "roles: [\n"),
        MINIMAL + "roles:\n  x: {name: y}\n", MINIMAL.replace("segments:\n  - id: open", "segments:\n- id: open"),
        MINIMAL + "unknown_key: 1\n", MINIMAL.replace("version: 1.0.0", "version: 1.0"),
        MINIMAL.replace("    duration: 10m", "    duration: 10"), "\ufeff" + MINIMAL, MINIMAL.replace("\n", "\r\n"),
        MINIMAL.replace("  - id: pitch", "  # 注释\n  - id: pitch"), "",
    ]
    for text in cases:
        same(text.encode())


def test_shared_cache_across_versions_stays_exact():
    models = Chunked()
    versions = [MINIMAL, MINIMAL.replace("duration: 20m", "duration: 15m"),
                MINIMAL + "  - id: qa\n    title: 答疑\n    duration: 5m\n", MINIMAL]
    for text in versions:
        same(text.encode(), models)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(playbooks(), playbooks(), st.integers(0, 2**32))
def test_generated_playbooks_match_a_whole_build(a, b, seed):
    models = Chunked()
    for data, offset in ((a, 0), (b, 1), (a, 2)):
        same(write(data, seed + offset).encode(), models)
