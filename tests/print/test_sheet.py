"""The printed sheets as data: clock times, hard starts, repetitions, midnight, missing texts."""

from pathlib import Path

import pytest

from livesop.errors import UsageError
from livesop.format.timeline import build_timeline
from livesop.print.prepare import prepare
from livesop.print.sheet import build_checklists, build_show, clock_text, select_roles, zh_duration
from tests.helpers import MINIMAL, REPO, load_model

NIGHT = REPO / "tests" / "fixtures" / "print" / "night.yaml"


def night(start=None):
    prepared = prepare(NIGHT, start=start)
    assert not prepared.failed, prepared.diagnostics
    return prepared


def rows_by_id(sheet):
    return {row.segment_id: row for row in sheet.rows}


def test_clock_text_marks_other_days():
    assert clock_text(20 * 3600) == "20:00"
    assert clock_text(24 * 3600 + 15 * 60) == "00:15 +1"
    assert clock_text(-50 * 60) == "23:10 -1"
    assert clock_text(48 * 3600 + 30) == "00:00:30 +2"


def test_zh_duration():
    assert [zh_duration(s) for s in (900, 5400, 45, 150, 3600)] == ["15分钟", "1小时30分", "45秒", "2分30秒", "1小时"]


def test_midnight_crossing_carries_a_day_mark():
    prepared = night()
    sheet = build_show(prepared.timeline, prepared.library)
    rows = rows_by_id(sheet)
    assert sheet.meta.start == "23:30" and sheet.meta.end == "01:30 +1"
    assert rows["open"].span_text == "23:30-00:00 +1"
    assert rows["tea"].span_text == "00:00-00:30 +1"
    assert rows["close"].start_text == "00:45 +1"
    ops = build_checklists(prepared.timeline, prepared.library, ["ops"]).roles[0]
    assert [c.clock_text for c in ops.cues] == ["23:31", "00:00:30 +1", "00:30 +1"]


def test_start_override_moves_before_items_to_the_previous_day():
    prepared = night(start="00:10")
    ops = build_checklists(prepared.timeline, prepared.library, ["ops"]).roles[0]
    assert [(i.due_text, i.text, i.blocking) for i in ops.before] == [
        ("23:10 -1", "福袋设置完成", False), ("23:25 -1", "核对链接价格", True), ("", "检查备用机", False)]
    assert ops.before[1].ref == "办法Art.32"
    assert [i.text for i in ops.after] == ["下架秒杀链接"]


def test_hard_start_on_time_gap_and_overlap():
    for start, hard, note in (("23:30", "on-time", "硬开始 00:30"), ("23:20", "gap", "前有空档 10m"),
                              ("23:40", "overlap", "前段超出 10m")):
        prepared = night(start=start)
        row = rows_by_id(build_show(prepared.timeline, prepared.library))["flash"]
        assert row.hard == hard
        assert row.start_text == "00:30 +1"
        assert note in row.notes and "到点自动切下一段" in row.notes


def test_hard_start_without_go_live_time_is_placed_in_order():
    pb = load_model(MINIMAL.replace('schedule: {start: "20:00", length: 30m}\n', "").replace(
        "    product: coat\n", "    product: coat\n    start: \"20:10\"\n"))
    sheet = build_show(build_timeline(pb))
    assert [r.span_text for r in sheet.rows] == ["T+00:00-T+10:00", "T+10:00-T+30:00"]
    assert "未定开播时间" in sheet.rows[1].notes
    host = build_checklists(build_timeline(pb), None, ["host"]).roles[0]
    assert host.cues[0].clock_text == "T+00:00"


def test_every_lists_each_occurrence_and_counts_in_the_show_cell():
    prepared = night()
    control = build_checklists(prepared.timeline, prepared.library, ["control"]).roles[0]
    assert [(c.clock_text, c.occurrence, c.note) for c in control.cues] == [
        ("23:35", 0, "口令 夜猫"), ("23:45", 1, "口令 夜猫"), ("23:55", 2, "口令 夜猫")]
    cell = rows_by_id(build_show(prepared.timeline, prepared.library))["open"].cues["control"]
    assert [c.line for c in cell] == ["05:00 每10m×3 发福袋（口令 夜猫）"]


def test_segment_without_product_marks_product_placeholders():
    prepared = night()
    row = rows_by_id(build_show(prepared.timeline, prepared.library))["open"]
    assert row.product is None
    assert row.cues["ops"][0].text == "预告⟨product.name?⟩"
    assert "product.name" in row.missing
    ops = build_checklists(prepared.timeline, prepared.library, ["ops"]).roles[0]
    assert ops.cues[0].missing == ("product.name",)


def test_product_row_and_rendered_texts():
    prepared = night()
    row = rows_by_id(build_show(prepared.timeline, prepared.library))["tea"]
    assert (row.title, row.product.name, row.product.link, row.product.live_price) == ("讲品：桂花乌龙", "桂花乌龙", 3, "59")
    host = build_checklists(prepared.timeline, prepared.library, ["host"]).roles[0]
    texts = {c.ref: c.text for c in host.cues if c.kind == "say"}
    assert texts["pitch"] == "桂花乌龙今天59元，3号链接。"
    assert texts["hello"] == "欢迎来到夜猫小铺！这一段还剩30:00。"


def test_emergency_cards_for_owner_and_step_roles():
    prepared = night()
    sheet = build_checklists(prepared.timeline, prepared.library)
    by_role = {r.role.id: r for r in sheet.roles}
    ops_card = by_role["ops"].emergencies[0]
    assert ops_card.owned and ops_card.recover_within == "5m"
    assert ops_card.hold_text == "画面卡了一下，〔当前商品〕马上回来。"
    assert [(s.role_name, s.mine) for s in ops_card.steps] == [("主播", False), ("中控", True)]
    assert not by_role["host"].emergencies[0].owned
    assert by_role["control"].emergencies == () and by_role["service"].cues == ()


def test_roles_by_id_or_name_and_unknown_role():
    pb = night().timeline.playbook
    assert select_roles(pb, ["中控", "host", "ops"]) == ["ops", "host"]
    with pytest.raises(UsageError) as caught:
        select_roles(pb, ["导演"])
    assert "导演" in caught.value.message and "ops (中控)" in caught.value.message


def test_backup_relations():
    sheet = build_checklists(night().timeline)
    by_role = {r.role.id: r.role for r in sheet.roles}
    assert by_role["ops"].backup_name == "主播" and by_role["host"].covers == ("中控",)


def test_structure_errors_block_printing(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("duration: 10m", "duration: 10"), encoding="utf-8")
    prepared = prepare(bad)
    assert prepared.failed and any(d.code == "LS402" for d in prepared.diagnostics)


def _sheet(tmp_path, text: str, library: str | None = None):
    tmp_path.mkdir()
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    folder = None
    if library is not None:
        folder = tmp_path / "scripts_library"
        folder.mkdir()
        (folder / "hi.md").write_text(library, encoding="utf-8")
    prepared = prepare(path, folder)
    return build_show(prepared.timeline, prepared.library)


def test_a_sheet_knows_when_its_sources_hold_no_control_character(tmp_path):
    from livesop.print.render import visible

    assert _sheet(tmp_path / "a", MINIMAL).plain
    escaped = _sheet(tmp_path / "b", MINIMAL.replace("title: 开场", 'title: "开\\u573a"'))  # any escape: looked through
    assert not escaped.plain and "开场" in [row.title for row in visible(escaped).rows]
    library = "---\nid: hi\ncategory: 开场\n---\n欢迎\x1b]52;c;aGk=\x07来到直播间\n"
    with_library = _sheet(tmp_path / "c", MINIMAL.replace("say: hello", "say: lib:hi"), library)
    assert not with_library.plain
    said = visible(with_library).rows[0].cues["host"][0].script_text
    assert "欢迎\\x1b]52;c;aGk=\\x07来到直播间" in said


def test_a_plain_sheet_still_has_its_header_escaped():
    from dataclasses import replace

    from livesop.print.render import visible

    sheet = build_show(build_timeline(load_model(MINIMAL)))
    sheet = replace(sheet, meta=replace(sheet.meta, file="shows/\x1b[2J.yaml"), plain=True)
    assert visible(sheet).meta.file == "shows/\\x1b[2J.yaml" and visible(sheet).rows is sheet.rows
