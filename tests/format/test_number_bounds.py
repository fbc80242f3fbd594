"""Numbers in range (issue 13, item 5): every number of the format has bounds (``spec.BOUNDS``), and
a number outside them is LS210 at its line and column from ``validate`` — never a ValueError or an
OverflowError later, when a show renders it. Every hostile value is built here."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from livesop.errors import LivesopError
from livesop.excel.lineup import parse_count, parse_price, read_lineup
from livesop.format import spec
from livesop.format.timefmt import parse_duration
from livesop.versions.bump import bump_file, bumped
from tests.helpers import MINIMAL, diagnose, load_model

MARK = "@"
HEX = "0x" + "f" * 3600  # 14,400 bits: a 4,335-digit number, past the 4,300 digits str() writes
OCT = "0o" + "7" * 5000
LONG_DIGITS = "9" * 5000

# field → MINIMAL with the field's value replaced by MARK (a field MINIMAL lacks is added).
FIELDS = {
    "link": MINIMAL.replace("link: 1,", f"link: {MARK},"),
    "live_price": MINIMAL.replace("live_price: 899", f"live_price: {MARK}"),
    "list_price": MINIMAL.replace("list_price: 1299", f"list_price: {MARK}"),
    "stock": MINIMAL.replace("stock: 80", f"stock: {MARK}"),
    "schedule.length": MINIMAL.replace("length: 30m", f"length: {MARK}"),
    "duration": MINIMAL.replace("duration: 10m", f"duration: {MARK}"),
    "warn": MINIMAL.replace("duration: 10m", f"duration: 10m\n    warn: {MARK}"),
    "at": MINIMAL.replace("{at: 0s,", f"{{at: {MARK},"),
    "every": MINIMAL.replace("{at: 30s,", f"{{at: 30s, every: {MARK},"),
    "due": MINIMAL.replace("segments:", f"checklists:\n  before:\n    ops:\n      - {{text: 测网速, due: {MARK}}}\n"
                                        "segments:"),
    "respond_within": MINIMAL + f"emergencies:\n  - {{id: f, title: 卡顿, severity: P2, trigger: 卡, owner: ops, "
                                f"respond_within: {MARK}, steps: [{{role: ops, do: 切机}}]}}\n",
    "recover_within": MINIMAL + f"emergencies:\n  - {{id: f, title: 卡顿, severity: P1, trigger: 卡, owner: ops, "
                                f"recover_within: {MARK}, steps: [{{role: ops, do: 切机}}]}}\n",
    "version": MINIMAL.replace("version: 1.0.0", f"version: {MARK}"),
    "title": MINIMAL.replace("title: 演示直播", f"title: {MARK}"),
    "variables": MINIMAL.replace("{room: 衣橱小铺}", f"{{room: 衣橱小铺, n: {MARK}}}"),
}
PRICES = ("live_price", "list_price")
WHOLE = ("link", "stock")
DURATIONS = ("schedule.length", "duration", "warn", "at", "every", "due", "respond_within", "recover_within")
TEXTS = ("title", "variables")

NUMBER_HOSTILE = [HEX, OCT, "1e400", "-1e400", ".inf", "-.inf", ".nan", "-1", "10000001", "1e300"]
HOSTILE = (
    [(field, value) for field in PRICES + WHOLE for value in NUMBER_HOSTILE]
    + [(field, value) for field in PRICES for value in ("899.999", "1e-300", "0.001", "9.995")]
    + [("link", "0"), ("link", "-0"), ("link", "10000"), ("stock", "10000001")]
    + [(field, value) for field in DURATIONS
       for value in ("99999999h", "24h1s", "1441m", "86401s", "25:00:00", LONG_DIGITS + "s", LONG_DIGITS + "h")]
    + [("version", value) for value in ("1.0.99999999999999999999", "1000000.0.0", "1.1000000.0",
                                        "1.0." + LONG_DIGITS, "1.0.99999999999999999999-rc.1")]
    + [(field, value) for field in TEXTS for value in (HEX, OCT, ".inf", ".nan", "1e400", "1" + "0" * 30)]
)
CLEAN = (
    [("link", v) for v in ("1", "9999", "1.0")]
    + [("stock", v) for v in ("0", "-0", "10000000", "0x10")]
    + [(field, v) for field in PRICES for v in ("0", "-0", "-0.0", "0.01", "9.9", "9.99", "10000000", "1e7")]
    + [(field, v) for field in DURATIONS for v in ("0s", "24h", "1440m", "86400s", "24:00:00", "00000000000000000001m")]
    + [("version", v) for v in ("999999.999999.999999", "0.0.0", "1.2.3-rc.1+build.5")]
    + [(field, v) for field in TEXTS for v in ("9" * 30, "-" + "9" * 30, "1.5", "1e-300", "0x1f")]
)


def place(template: str) -> tuple[int, int]:
    """Line and column (1-based) of MARK in a template."""
    index = template.index(MARK)
    return template.count("\n", 0, index) + 1, index - template.rfind("\n", 0, index)


def range_findings(field: str, value: str):
    found = diagnose(FIELDS[field].replace(MARK, value))
    return [(d.line, d.column) for d in found if d.code == "LS210"], found


@pytest.mark.parametrize("field, value", HOSTILE, ids=lambda v: v[:24] if isinstance(v, str) else v)
def test_hostile_numbers_are_LS210_where_they_stand(field, value):
    found, everything = range_findings(field, value)
    assert found == [place(FIELDS[field])], [(d.code, d.message[:90]) for d in everything]


@pytest.mark.parametrize("field, value", CLEAN, ids=lambda v: v[:24] if isinstance(v, str) else v)
def test_values_at_the_bounds_stay_clean(field, value):
    found, everything = range_findings(field, value)
    assert found == [], [(d.code, d.message[:90]) for d in everything]


def test_messages_say_the_bound_and_never_write_a_4300_digit_number():
    (stock,) = [d for d in diagnose(FIELDS["stock"].replace(MARK, HEX)) if d.code == "LS210"]
    assert stock.message == "`stock` is a 4,335-digit number: above the maximum 10,000,000"
    assert "10,000,000" in stock.hint
    (price,) = [d for d in diagnose(FIELDS["live_price"].replace(MARK, "899.999")) if d.code == "LS210"]
    assert price.message == "`live_price` is 899.999: more than 2 decimals"
    (length,) = [d for d in diagnose(FIELDS["duration"].replace(MARK, "99999999h")) if d.code == "LS210"]
    assert length.message == "`duration` '99999999h' is longer than 24h"
    (version,) = [d for d in diagnose(FIELDS["version"].replace(MARK, "1.0.99999999999999999999")) if d.code == "LS210"]
    assert "PATCH is above the maximum 999,999" in version.message


def test_minus_zero_is_zero():
    product = load_model(FIELDS["live_price"].replace(MARK, "-0.0")).products[0]
    assert product.live_price == 0 and math.copysign(1, product.live_price) == 1


def test_every_number_of_the_format_has_bounds():
    """The table is complete: each int, number, duration, semver and text field carries its bounds."""
    def kinds(kind):
        if isinstance(kind, spec.Scalar):
            yield kind
        for inner in (getattr(kind, "item", None), getattr(kind, "value", None)):
            if inner is not None:
                yield from kinds(inner)

    for name, object_spec in spec.OBJECTS.items():
        for field_name, field in object_spec.fields.items():
            for kind in kinds(field.kind):
                if kind.name in ("int", "number", "duration", "semver", "text"):
                    assert kind.bounds in spec.BOUNDS.values(), (name, field_name)


def test_hostile_keys_and_values_in_other_places_are_findings_not_crashes():
    """A 4,335-digit number where a key, id, clock, date, enum or format goes: a finding naming it."""
    cases = [
        MINIMAL.replace("roles:", f"? {HEX}\n: 1\nroles:"),
        MINIMAL.replace("  hello: ", f"  ? {HEX}\n  : "),
        MINIMAL.replace("livesop: 1", f"livesop: {HEX}"),
        MINIMAL.replace("id: demo", f"id: {HEX}"),
        MINIMAL.replace('start: "20:00"', f"start: {HEX}"),
        MINIMAL.replace("version: 1.0.0", f"version: {HEX}\nsession: {{date: {HEX}}}"),
        MINIMAL.replace("say: hello", f"say: {HEX}"),
        MINIMAL.replace("    duration: 20m", f"    duration: 20m\n    kind: {HEX}\n    end: {{a: {HEX}}}"),
        MINIMAL.replace("duration: 10m", f"duration: {HEX}"),
    ]
    for text in cases:
        found = diagnose(text)
        assert found and any("4,335-digit number" in d.message for d in found), [d.message[:80] for d in found]


@pytest.mark.parametrize("value", ['"24:00"', '"20:60"', '"99:99:99"', '"1' + "0" * 5000 + ':00"', HEX, "1e400", ".nan"],
                         ids=lambda v: v[:12])
def test_clock_times_out_of_range_are_LS403_where_they_stand(value):
    template = MINIMAL.replace('start: "20:00"', f"start: {MARK}")
    found = [(d.code, d.line, d.column) for d in diagnose(template.replace(MARK, value)) if d.code.startswith("LS4")]
    assert found[0] == ("LS403", *place(template))


@pytest.mark.parametrize("command", ["show", "checklist", "new"])
@pytest.mark.parametrize("option, value", [("--start", "24:00"), ("--start", "9" * 5000 + ":00"), ("--start", "nan"),
                                           ("--start", "-1:00"), ("--start", "1e400"), ("--date", "99999-01-01"),
                                           ("--date", "0000-01-01"), ("--date", "9" * 5000)], ids=lambda v: v[:12])
def test_cli_clock_and_date_inputs_out_of_range_are_usage_errors(invoke, tmp_path, command, option, value):
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    extra = {"show": (), "checklist": ("--all",), "new": ("-o", tmp_path / "out.yaml")}[command]
    result = invoke(command, path, *extra, option, value)
    assert result.exit_code == 2 and f"{option} " in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_a_decimal_of_over_4300_digits_is_a_finding():
    found = diagnose(FIELDS["stock"].replace(MARK, LONG_DIGITS))
    assert [(d.line, d.column) for d in found if d.code.startswith(("LS1", "LS2"))] == [place(FIELDS["stock"])]


# -- a property: LS210 exactly when a price or a stock is outside its bounds --------------------

def yaml_number(value) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ".nan"
    if isinstance(value, float) and math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


@settings(max_examples=150, deadline=None)
@given(st.integers(-10 ** 9, 10 ** 9) | st.integers(-10 ** 40, 10 ** 40) | st.floats())
def test_ls210_exactly_outside_the_bounds(value):
    price = spec.BOUNDS["price"]
    inside = math.isfinite(value) and price.low <= value <= price.high and round(value, 2) == value
    found, _ = range_findings("live_price", yaml_number(value))
    assert bool(found) != inside
    stock = spec.BOUNDS["stock"]
    whole_inside = math.isfinite(value) and stock.low <= value <= stock.high
    fraction = isinstance(value, float) and math.isfinite(value) and not value.is_integer()
    found, everything = range_findings("stock", yaml_number(value))
    assert bool(found) == (not whole_inside and not fraction)
    assert fraction == ("LS203" in [d.code for d in everything])


# -- commands: a hostile number stops validate, run and the printed sheets cleanly ----------------

def stock_at_ten(stock: str) -> str:
    """A show whose cue at 10:00 says the stock: the moment an unchecked number would crash it."""
    return MINIMAL.replace("stock: 80", f"stock: {stock}").replace(
        "do: \"上架{product.link}号链接\"}", "do: \"上架{product.link}号链接，库存{product.stock}件\"}").replace(
        "{at: 30s,", "{at: 0s,")


def test_validate_reports_the_position(invoke, tmp_path):
    path = tmp_path / "show.yaml"
    path.write_text(stock_at_ten(HEX), encoding="utf-8")
    result = invoke("validate", path, "--format", "json")
    assert result.exit_code == 1
    (finding,) = [d for d in json.loads(result.output) if d["code"] == "LS210"]
    assert (finding["line"], finding["column"]) == place(FIELDS["stock"])


@pytest.mark.parametrize("stock", [HEX, OCT, "1e400", ".nan", "10000001"], ids=lambda v: v[:12])
def test_run_refuses_to_start_instead_of_crashing_at_ten(invoke, tmp_path, stock):
    path = tmp_path / "show.yaml"
    path.write_text(stock_at_ten(stock), encoding="utf-8")
    log = tmp_path / "run.jsonl"
    result = invoke("run", path, "--plain", "--speed", "100000", "--log", log)
    assert result.exit_code == 1
    assert "cannot run from a playbook with errors" in result.output and "`stock` is" in result.output
    assert not log.exists()
    for command in ("show", "checklist"):
        extra = ("--all",) if command == "checklist" else ()
        printed = invoke(command, path, *extra)
        assert printed.exit_code == 1 and "LS210" in printed.output


def test_run_at_the_bound_says_the_stock(invoke, tmp_path):
    path = tmp_path / "show.yaml"
    path.write_text(stock_at_ten("10000000"), encoding="utf-8")
    result = invoke("run", path, "--plain", "--speed", "100000", "--log", tmp_path / "run.jsonl")
    assert result.exit_code == 0 and "库存10000000件" in result.output


# -- numbers read outside YAML: durations, the lineup, version bumps ---------------------------

def test_durations_of_any_length_parse_without_error():
    assert parse_duration(LONG_DIGITS + "h") > spec.BOUNDS["duration"].high
    assert parse_duration("1:" + LONG_DIGITS[:3] + ":00") is None  # minutes above 59: not a duration
    assert parse_duration(LONG_DIGITS + ":00") > spec.BOUNDS["duration"].high
    assert parse_duration("0" * 5000 + "1m") == 60


def test_lineup_cells_outside_the_bounds_are_named_by_cell(tmp_path):
    rows = ["链接号,商品名,直播价,库存", "1,a,9.999,10", "2,b,99,99999999999", "10000,c,1,1", "4,d,10000001,1",
            f"5,e,1,{LONG_DIGITS}", "6,f,181.29999999999998,3", "7,g,10000000,10000000"]
    path = tmp_path / "lineup.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(LivesopError) as caught:
        read_lineup(path)
    lines = caught.value.message.splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "3", "4", "5", "6"]
    assert lines[0].endswith('直播价 "9.999": more than 2 decimals')
    assert lines[1].endswith('库存 "99999999999": above the maximum 10,000,000')
    assert lines[2].endswith('链接号 "10000": above the maximum 9,999')
    assert lines[3].endswith('直播价 "10000001": above the maximum 10,000,000')
    assert "above the maximum 10,000,000" in lines[4]


def test_lineup_numbers_never_raise_and_formula_noise_reads_to_the_fen():
    assert parse_count(LONG_DIGITS) > spec.BOUNDS["stock"].high
    assert parse_price(259 * 0.7) == 181.3 and parse_price("181.29999999999998") == 181.3
    assert parse_price("9.999") == 9.999  # a real third decimal is kept, for the bound to refuse
    assert parse_price(1e300) > spec.BOUNDS["price"].high and parse_price("9" * 400) is None


@pytest.mark.parametrize("version, part", [("1.0.999999", "patch"), ("1.999999.0", "minor"), ("999999.0.0", "major"),
                                           ("1.0." + LONG_DIGITS, "patch"), ("1.0.1000000", "major")])
def test_bump_stays_inside_the_version_bounds(version, part):
    with pytest.raises(LivesopError) as caught:
        bumped(version, part)
    assert "above the maximum 999,999" in caught.value.message


def test_bump_of_a_hostile_version_is_a_clean_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("version: 1.0.0", f"version: {HEX}"), encoding="utf-8")
    with pytest.raises(LivesopError) as caught:
        bump_file(path, "patch")
    assert "a 4,335-digit number is not a semantic version" in caught.value.message
