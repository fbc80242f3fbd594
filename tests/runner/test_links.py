"""The links overlay of a served run (``u``): every link whole and as many QR codes as fit, paged, with
the show's clock and countdown kept on screen; the key that opens it, the keys that page and close it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from livesop.runner import keys, links, panels, view, viewstate
from livesop.runner.keys import Action
from tests.runkit import S, engine_for, show_text

SHOW = show_text("links", "链接", """\
segments:
  - id: open
    title: 开场
    duration: 10m
    cues:
      - {at: 0s, role: host, do: 欢迎}
""", roles=("host", "ops", "control"))

BASE = "http://192.168.1.23:8470"
LABELS = ["prompter 提词器", "role 主播 (host)", "role 中控 (ops)", "role 场控 (control)", "clock 时钟",
          "control 控场 (can drive the show)"]
PATHS = ["/v/prompter", "/v/role/host", "/v/role/ops", "/v/role/control", "/v/clock", "/v/control"]


def code(number: int) -> tuple[str, ...]:
    """A stand-in for a QR code as segno draws it: 37 columns, 19 rows, told apart by its first row."""
    return (f"#{number}".ljust(37, "█"),) + ("█ ▀▄▀ █" * 5 + "██",) * 18


LINKS = tuple(viewstate.ViewLink(label, f"{BASE}{path}?k=" + ("c" if path == "/v/control" else "v") * 22, code(n))
              for n, (label, path) in enumerate(zip(LABELS, PATHS)))


def frame(width: int, height: int, page: int = 0, **ui) -> str:
    engine = engine_for(SHOW)
    engine.start(0)
    engine.tick(65 * S)
    state = viewstate.UiState(links=LINKS, mode="links", page=page, **ui)
    console = Console(width=width, height=height, record=True, file=io.StringIO())
    console.print(view.render(engine.snapshot(65 * S), viewstate.show_info(engine), state, width, height))
    return console.export_text()


def shown_codes(text: str) -> list[int]:
    return [n for n in range(len(LINKS)) if f"#{n}" in text]


def test_at_120x40_the_list_and_three_codes_share_a_page_and_the_clock_stays():
    first, second = frame(120, 40), frame(120, 40, page=1)
    lines = first.splitlines()
    assert len(lines) == 40
    assert "Links for phones · page 1 of 2" in first and "page 2 of 2" in second
    assert all(any(link.url in line for line in lines) for link in LINKS)  # every URL whole on one line
    assert shown_codes(first) == [0, 1, 2] and shown_codes(second) == [3, 4, 5]
    assert "20:01:05" in lines[0] and "● LIVE" in lines[0]  # the show's clock on top
    assert "1/1 开场  08:55  left in this segment" in lines[1]  # and the segment's countdown
    assert "give it to the 场控 only" in first
    assert "→ next page · ← previous page" in lines[-1]


def test_at_80x24_the_list_comes_first_then_two_codes_a_page_each_whole():
    pages = [frame(80, 24, page=n) for n in range(4)]
    assert all(f"page {n + 1} of 4" in text for n, text in enumerate(pages))
    assert shown_codes(pages[0]) == [] and all(link.url in pages[0] for link in LINKS)
    assert [shown_codes(text) for text in pages[1:]] == [[0, 1], [2, 3], [4, 5]]
    rows = [line for line in pages[1].splitlines() if line.startswith("█ ▀▄▀ █")]
    assert len(rows) == 18  # every row of both codes, nothing cut at the foot
    assert frame(80, 24, page=4) == pages[0]  # the pages go round


def test_a_window_too_small_for_a_code_says_how_large_it_must_be():
    text = frame(60, 20)
    assert "page 1 of 1" in text and shown_codes(text) == []
    assert "Enlarge the window to at least 37×24 to show the QR codes." in text


def test_pages_follow_the_room_there_is():
    assert links.pages(LINKS, 116, 37) == [links.Page(True, (0, 1, 2)), links.Page(True, (3, 4, 5))]
    assert links.pages(LINKS, 200, 60)[0] == links.Page(True, (0, 1, 2, 3, 4, 5))
    assert links.pages(LINKS, 80, 20)[1:] == [links.Page(False, (0, 1)), links.Page(False, (2, 3)),
                                              links.Page(False, (4, 5))]
    assert links.pages((), 80, 20) == [links.Page(True, ())]


def test_u_opens_the_links_arrows_turn_pages_and_any_other_key_closes_them():
    assert keys.action("u") == Action("links")
    assert keys.action("right", "links") == Action("links-next")
    assert keys.action("left", "links") == Action("links-back")
    for key in ("space", "n", "u", "esc", "q"):  # space does not pause under the links: it closes them
        assert keys.action(key, "links") == Action("dismiss")


@pytest.mark.parametrize("width, shown", [
    (120, "space pause  n→ next  p← back  +− minute  a ack  e emergency  r roles  ? help  q quit  "
          "u links · 2 pages open"),
    (83, "space pause n→ p← +− a ack e emergency r roles ? help q quit u links · 2 pages open"),  # arrows say it
    (80, "space pause n→ p← +− a ack e emergency r roles ? help q quit u links · 2 pages"),
    (77, "space pause n→ next p← back +− minute a ack e emergency r roles ? help q quit"),  # no room for `u`
    (70, "space pause n→ p← +− a ack e emergency r roles ? help q quit"),
    (40, "space n→ p← +− a e r ? q u"),
])
def test_the_key_line_names_u_when_served_and_drops_the_labels_arrows_say_first(width, shown):
    line = panels.key_line(viewstate.UiState(links=LINKS, pages_open=2), width=width)
    assert line.plain.rstrip() == shown and line.cell_len <= width
    assert "u links" not in panels.key_line(viewstate.UiState(), width=200).plain


@pytest.mark.parametrize("width, shown", [
    (80, "space pause n→ next p← back +− minute a ack e emergency r roles ? help q quit"),
    (70, "space pause n→ p← +− a ack e emergency r roles ? help q quit"),
])
def test_a_key_line_short_of_room_keeps_the_labels_arrows_do_not_say(width, shown):
    assert panels.key_line(viewstate.UiState(), width=width).plain.rstrip() == shown


def test_help_names_u_on_its_title_when_served():
    engine = engine_for(SHOW)
    engine.start(0)
    console = Console(width=80, height=24, record=True, file=io.StringIO())
    console.print(view.render(engine.snapshot(0), viewstate.show_info(engine),
                              viewstate.UiState(links=LINKS, mode="help"), 80, 24))
    text = console.export_text()
    assert "u: the links and QR codes for phones" in text and "q  y     quit the run" in text
