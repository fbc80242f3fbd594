"""The semantic diff core: matching, change kinds, text runs, prices, timing and the summary."""

from __future__ import annotations

from livesop import i18n
from livesop.format.timefmt import format_duration
from livesop.versions.diff import Change, diff, edit_size, inline_diff, summarize
from tests.helpers import MINIMAL, load_model


def changes(old: str, new: str):
    return diff(load_model(old), load_model(new))


def paths(result) -> list[tuple[str, str]]:
    return [(c.path, c.kind) for c in result]


def test_identical_playbooks_have_no_changes():
    assert changes(MINIMAL, MINIMAL) == []


def test_comments_order_quoting_and_spelling_are_not_changes():
    reordered = """\
# 改过格式的同一个剧本
title: '演示直播'       # quoted now
id: demo
version: "1.0.0"
livesop: 1
schedule:
  length: "0:30:00"
  start: "20:00"
variables:
  room: "衣橱小铺"
roles:
  ops: {name: 中控}
  host:
    name: 主播
products:
  - id: coat
    link: 1
    name: 羊绒大衣
    live_price: 899.0
    list_price: 1299
    price_basis: 店铺日常售价
    stock: 80
scripts:
  hello: |
    欢迎来到{room}！
segments:
  - title: 开场
    id: open
    duration: 600s
    cues:
      - role: host
        at: 0:00
        say: hello
  - {id: pitch, title: 讲品, duration: 20m, product: coat, cues: [{do: "上架{product.link}号链接", role: ops, at: 30s}]}
"""
    assert changes(MINIMAL, reordered) == []


def test_field_change_reports_both_lines():
    new = MINIMAL.replace("duration: 20m", "duration: 15m")
    (change,) = [c for c in changes(MINIMAL, new) if c.area == "segments"]
    assert (change.path, change.kind, change.old, change.new) == ("segments[pitch].duration", "changed", "20m", "15m")
    assert change.old_line == change.new_line == MINIMAL.splitlines().index("    duration: 20m") + 1


def test_price_and_stock_changes():
    new = MINIMAL.replace("live_price: 899, stock: 80", "live_price: 799, stock: 50")
    found = {c.path: (c.old, c.new) for c in changes(MINIMAL, new)}
    assert found == {"products[coat].live_price": (899, 799), "products[coat].stock": (80, 50)}


def test_added_and_removed_entries_are_described():
    new = MINIMAL.replace("  hello: \"欢迎来到{room}！\"\n", "  bye: 下次见\n")
    found = {(c.path, c.kind): (c.old, c.new) for c in changes(MINIMAL, new)}
    assert found[("scripts[hello]", "removed")] == ("欢迎来到{room}！", None)
    assert found[("scripts[bye]", "added")] == (None, "下次见")


def test_segment_moved_before_another():
    swapped = MINIMAL.replace("""\
  - id: open
    title: 开场
    duration: 10m
    cues:
      - {at: 0s, role: host, say: hello}
""", "") + """\
  - id: open
    title: 开场
    duration: 10m
    cues:
      - {at: 0s, role: host, say: hello}
"""
    result = changes(MINIMAL, swapped)
    moved = [c for c in result if c.kind == "moved"]
    assert len(moved) == 1 and moved[0].path in ("segments[open]", "segments[pitch]")
    assert {c.path for c in result if c.area == "timing"} == {"timing[open].start", "timing[pitch].start"}


def test_cue_matched_by_role_and_content_reports_new_offset():
    new = MINIMAL.replace("{at: 30s, role: ops", "{at: 2m, role: ops")
    (change,) = [c for c in changes(MINIMAL, new) if c.area == "segments"]
    assert (change.path, change.old, change.new) == ("segments[pitch].cues[#1].at", "30s", "2m")


def test_cue_matched_by_id_reports_changed_text():
    old = MINIMAL.replace("{at: 30s, role: ops,", "{id: link, at: 30s, role: ops,")
    new = old.replace("上架{product.link}号链接", "上架{product.link}号链接并置顶")
    (change,) = changes(old, new)
    assert (change.path, change.kind) == ("segments[pitch].cues[link].do", "changed")
    assert inline_diff(change.old, change.new) == [("=", "上架{product.link}号链接"), ("+", "并置顶")]


def test_unmatched_cues_pair_by_position():
    new = MINIMAL.replace("{at: 0s, role: host, say: hello}", "{at: 0s, role: ops, do: 开播}")
    result = [c for c in changes(MINIMAL, new) if c.area == "segments"]
    assert {c.path for c in result} == {"segments[open].cues[#1].role", "segments[open].cues[#1].say",
                                        "segments[open].cues[#1].do"}


def test_checklist_items_per_phase_and_role():
    base = MINIMAL + "checklists:\n  before:\n    ops:\n      - 核对价格\n      - {text: 测速, due: 30m}\n"
    new = base.replace("{text: 测速, due: 30m}", "{text: 测速, due: 20m}").replace("      - 核对价格\n", "")
    found = {(c.path, c.kind) for c in changes(base, new)}
    assert found == {("checklists.before[ops][#1]", "removed"), ("checklists.before[ops][#1].due", "changed")}


def test_emergency_steps_and_fields():
    base = MINIMAL + """\
emergencies:
  - id: freeze
    title: 卡顿
    severity: P1
    trigger: 卡顿超过10秒
    owner: ops
    recover_within: 5m
    steps:
      - {role: ops, do: 切换备用网络}
"""
    new = base.replace("recover_within: 5m", "recover_within: 3m") + "      - {role: host, say: hello}\n"
    found = {(c.path, c.kind) for c in changes(base, new)}
    assert found == {("emergencies[freeze].recover_within", "changed"), ("emergencies[freeze].steps[#2]", "added")}


def test_timing_consequences_starts_total_and_overlap():
    base = MINIMAL.replace("length: 30m", "length: 1h") + """\
  - id: flash
    title: 秒杀
    start: "20:30"
    duration: 10m
"""
    longer = base.replace("duration: 10m\n    cues", "duration: 15m\n    cues", 1)
    found = {c.path: (c.kind, c.old, c.new) for c in changes(base, longer) if c.area == "timing"}
    assert found == {
        "timing[pitch].start": ("changed", "20:10", "20:15"),
        "timing[flash].overlap": ("added", None, "5m"),
    }
    shorter = base.replace("duration: 10m\n    cues", "duration: 7m\n    cues", 1)
    found = {c.path: (c.kind, c.old, c.new) for c in changes(base, shorter) if c.area == "timing"}
    assert found["timing[flash].gap"] == ("added", None, "3m")
    no_flash = base.split("  - id: flash")[0]
    total = [c for c in changes(no_flash, shorter.split("  - id: flash")[0]) if c.path == "timing.total"]
    assert [(c.old, c.new) for c in total] == [("30m", "27m")]


def test_for_each_timing_uses_expanded_ids():
    base = MINIMAL.replace("    product: coat\n", "    for_each: products\n")
    new = base.replace("duration: 10m", "duration: 12m")
    assert "timing[pitch-coat].start" in {c.path for c in changes(base, new)}


def test_inline_diff_is_character_level_and_grouped():
    runs = inline_diff("今天899元，拍下送围巾", "今天799元，拍下送手套")
    assert runs == [("=", "今天"), ("-", "8"), ("+", "7"), ("=", "99元，拍下送"), ("-", "围巾"), ("+", "手套")]
    # A lone equal character between two edits is folded into one replacement.
    assert inline_diff("一二三", "四二五") == [("-", "一二三"), ("+", "四二五")]
    assert edit_size(inline_diff("欢迎来到", "欢迎光临")) == 2
    assert "".join(t for op, t in inline_diff("甲乙丙", "丁乙戊") if op != "+") == "甲乙丙"


def test_summary_counts_entries_and_total_delta():
    new = MINIMAL.replace("duration: 20m", "duration: 17m").replace(
        '  hello: "欢迎来到{room}！"', '  hello: "欢迎光临{room}！"\n  bye: 再见')
    assert summarize(changes(MINIMAL, new)) == "+1 script, 1 script changed, 1 segment changed, −3m"
    assert summarize([]) == "no change"
    assert summarize(changes(MINIMAL, MINIMAL.replace("1.0.0", "1.0.1"))) == "version only"


def test_in_english_the_summary_is_the_english_summary():
    """``log`` takes the English summary for the table when English is in force."""
    i18n.use("en")
    for seconds in (1, 59, 60, 61, 90, 600, 3599, 3600, 3660, 5400, 7322, 36000, 86400, 90061):
        for old, new in ((0, seconds), (seconds, 0)):
            found = [Change("segments", "segments[a]", "added"),
                     Change("timing", "timing.total", "changed", format_duration(old), format_duration(new))]
            assert summarize(found) == summarize(found, english=True)


def test_change_record_keys():
    (change,) = changes(MINIMAL, MINIMAL.replace("1.0.0", "1.1.0"))
    assert change.as_dict() == {"area": "playbook", "path": "version", "kind": "changed", "old": "1.0.0",
                                "new": "1.1.0", "old_line": 4, "new_line": 4}


def test_a_segment_written_alike_is_compared_by_meaning_when_an_alias_in_it_means_something_else():
    old = MINIMAL.replace("title: 演示直播", "title: &show 演示直播").replace("    title: 开场", "    title: *show")
    new = old.replace("title: &show 演示直播", "title: &show 周年庆直播")
    assert ("segments[open].title", "changed") in paths(changes(old, new))  # the same text, another title


def test_segments_written_alike_in_other_places_are_the_same_and_a_changed_one_is_still_found():
    moved = MINIMAL.replace("variables: {room: 衣橱小铺}\n", "variables: {room: 衣橱小铺}\n# 加了一行注释\n\n")
    assert changes(MINIMAL, moved) == []
    retitled = moved.replace("    title: 讲品", "    title: 讲品：羊绒大衣")
    assert paths(changes(MINIMAL, retitled)) == [("segments[pitch].title", "changed")]
