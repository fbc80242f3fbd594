"""Smoke tests of the core: the minimal playbook is clean and its model is complete."""

from livesop.format.timeline import build_timeline
from tests.helpers import MINIMAL, codes, diagnose, load_model


def test_minimal_playbook_is_clean():
    assert diagnose(MINIMAL) == []


def test_model_keeps_values_and_positions():
    pb = load_model(MINIMAL)
    assert pb.id == "demo" and pb.version == "1.0.0" and pb.platform == "generic"
    assert pb.schedule.start == 20 * 3600 and pb.schedule.length == 1800
    coat = pb.products[0]
    assert (coat.link, coat.live_price, coat.list_price, coat.stock) == (1, 899.0, 1299.0, 80)
    cue = pb.segments[1].cues[0]
    assert cue.at == 30 and cue.role == "ops" and cue.do.value == "上架{product.link}号链接"
    assert (cue.do.loc.line, pb.segments[1].pos("duration").line) == (25, 22)


def test_timeline_places_segments():
    timeline = build_timeline(load_model(MINIMAL))
    assert [(s.segment.id, s.start, s.end) for s in timeline.slots] == [("open", 0, 600), ("pitch", 600, 1800)]
    assert timeline.total == 1800
    assert [t.show_time for t in timeline.cue_times] == [0, 630]


def test_unknown_role_is_reported():
    assert "LS301" in codes(MINIMAL.replace("role: ops", "role: opz"))


def test_misspelt_required_key_is_one_finding():
    found = diagnose(MINIMAL.replace("    duration: 20m", "    duraton: 20m"))
    assert [(d.code, d.hint) for d in found] == [("LS201", "did you mean `duration`?")]


def test_missing_required_key_without_a_lookalike_is_reported():
    assert codes(MINIMAL.replace("    duration: 20m\n", "")) == ["LS202"]


def test_unreadable_duration_does_not_cascade_into_timing_guesses():
    text = MINIMAL.replace("duration: 10m", "duration: 10").replace(
        "    product: coat\n", "    product: coat\n    start: \"20:10\"\n")
    assert codes(text) == ["LS402"]
    assert codes(text.replace("duration: 10\n", "duration: 10m\n")) == []


def test_without_cross_checks_the_model_is_the_same_and_only_their_findings_are_left_out():
    from livesop.format.build import build
    from livesop.format.yamlio import load_text

    twice = MINIMAL.replace("{at: 0s, role: host, say: hello}", "{at: 0s, role: host, say: hello, do: 上链接}", 1)
    checked, found = build(load_text(twice, "p.yaml"))
    bare, left = build(load_text(twice, "p.yaml"), cross_checks=False)
    assert "LS207" in {d.code for d in found} and "LS207" not in {d.code for d in left}
    assert bare == checked and [d for d in found if d.code != "LS207"] == left
