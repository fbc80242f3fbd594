"""Numbers and times as platform exports and 弹幕 fetchers write them, and ``--tz``."""

from __future__ import annotations

import datetime as dt

import pytest

from livesop.errors import UsageError
from livesop.review.values import Stamp, Unreadable, number, stamp, stamps, zone

DAY = dt.date(2025, 11, 25).toordinal()


@pytest.mark.parametrize("cell, value", [
    ("1,299.00", 1299), ("1.2万", 12000), ("12.5%", 0.125), ("¥1,299", 1299), ("￥88", 88), ("3w", 30000),
    ("1.5亿", 1.5e8), (" 42 ", 42), ("0.5", 0.5), ("-7", -7), ("199元", 199), ("１２３", 123), (7, 7), (2.5, 2.5),
    ("-", None), ("--", None), ("—", None), ("", None), (None, None), ("N/A", None), ("暂无", None),
])
def test_numbers_are_read_as_exports_write_them(cell, value):
    assert number(cell) == pytest.approx(value) if value is not None else number(cell) is None


@pytest.mark.parametrize("cell", ["abc", "1,29", "12.5%%", "一千", "1.2.3"])
def test_a_cell_that_is_no_number_is_unreadable(cell):
    with pytest.raises(Unreadable):
        number(cell)


@pytest.mark.parametrize("cell, expected", [
    ("20:15", Stamp(72_900_000)),
    ("8:05", Stamp(29_100_000)),
    ("20:15:03", Stamp(72_903_000)),
    ("2025-11-25 20:15", Stamp(72_900_000, DAY)),
    ("2025/11/25 20:15:03", Stamp(72_903_000, DAY)),
    ("2025年11月25日 20:15", Stamp(72_900_000, DAY)),
    ("2025-11-25T20:15:03+08:00", Stamp(72_903_000, DAY, 1_764_072_903_000)),
    ("2025-11-25T12:15:03Z", Stamp(44_103_000, DAY, 1_764_072_903_000)),
    ("1764072903", Stamp(44_103_000, DAY, 1_764_072_903_000)),
    (1764072903123, Stamp(44_103_123, DAY, 1_764_072_903_123)),
    (dt.datetime(2025, 11, 25, 20, 15), Stamp(72_900_000, DAY)),
    (dt.time(20, 15, 3), Stamp(72_903_000)),
])
def test_times_are_read_in_every_form_exports_use(cell, expected):
    assert stamp(cell) == expected


@pytest.mark.parametrize("cell", ["25:00", "20:61", "2025-13-01 20:00", "2025-11-25", "tomorrow", "12", "20:15+08:00"])
def test_a_cell_that_is_no_time_is_unreadable(cell):
    with pytest.raises(Unreadable):
        stamp(cell)


def test_the_batch_reader_gives_what_the_single_reader_gives():
    cells = ["2025-11-25 20:15:03", "2025-11-25 20:15:59", "20:16", None, "2025-11-25 20:61:00", "1764072903",
             "2025-02-30 20:15:03"]
    batch = stamps(cells)
    for cell, got in zip(cells, batch):
        try:
            assert got == stamp(cell)
        except Unreadable:
            assert isinstance(got, Unreadable)


@pytest.mark.parametrize("name, offset", [("Asia/Shanghai", 8), ("+08:00", 8), ("UTC+8", 8), ("utc", 0),
                                          ("-05:30", -5.5), ("Europe/London", 0)])
def test_time_zones_are_named_by_iana_name_or_offset(name, offset):
    winter = dt.datetime(2025, 1, 15, 12, tzinfo=dt.timezone.utc).astimezone(zone(name))
    assert winter.utcoffset() == dt.timedelta(hours=offset)


def test_the_default_zone_is_this_computers():
    assert zone(None).utcoffset(dt.datetime.now()) == dt.datetime.now().astimezone().utcoffset()


def test_an_unknown_zone_is_a_usage_error_that_names_beijing_time():
    with pytest.raises(UsageError) as caught:
        zone("Mars/Olympus")
    assert "Asia/Shanghai" in caught.value.hint
