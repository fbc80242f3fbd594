"""References (LS3xx): one finding per cause when the scripts library is missing."""

from __future__ import annotations

from tests.helpers import diagnose

SHOW = """\
livesop: 1
id: demo
title: 演示直播
version: 1.0.0
roles:
  host: {name: 主播}
segments:
  - id: open
    title: 开场
    duration: 10m
    cues:
      - {at: 0s, role: host, say: "lib:welcome"}
      - {at: 1m, role: host, say: "lib:fudai-release"}
      - {at: 2m, role: host, say: "lib:guanzhu-follow#温和版"}
"""


def test_a_missing_library_is_one_finding_at_the_first_reference():
    found = [(d.code, d.line) for d in diagnose(SHOW) if d.code.startswith("LS3")]
    assert found == [("LS306", 12)]
