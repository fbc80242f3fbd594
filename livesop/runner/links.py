"""The links overlay of a served run (``u`` on the full screen): every view's link and QR code again.

Pure: the links come in ``UiState.links`` with their QR codes already drawn as terminal lines
(``serve/qr`` draws them; the runner does not import the server); this lays them out for a
``width`` × ``height`` screen. A page holds the list of links — each label and URL on one line,
or the URL on a line of its own when both do not fit, so that it can be copied whole — and as
many codes side by side as fit under it. When the list and one row of codes do not fit together
(80×24), the list is the first page and the codes follow, as many a page as fit (two at 80×24).
``→`` turns to the next page, ``←`` back, any other key closes the overlay (space too: it pauses
the show only once the cue sheet is back). The show's clock, the segment and its countdown stay
on the first two lines: the overlay hides no time, and the show goes on under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.layout import Layout
from rich.text import Text

from livesop.i18n import _
from livesop.runner.panels import (
    TIMER_STYLES,
    comments_line,
    countdown_ms,
    countdown_text,
    header,
    log_banner,
    status_line,
    styled,
    timer_state
)
from livesop.runner.viewstate import ShowInfo, UiState, ViewLink

if TYPE_CHECKING:
    from livesop.runner.snapshot import Snapshot

GAP = 2  # columns between two codes side by side


@dataclass(frozen=True)
class Page:
    """One page of the overlay: the list of links or not, and the links whose codes it draws."""

    listing: bool
    codes: tuple[int, ...]


def code_size(links: tuple[ViewLink, ...]) -> tuple[int, int]:
    """(columns, rows) of the largest code."""
    width = max((cell_len(line) for link in links for line in link.code), default=0)
    return width, max((len(link.code) for link in links), default=0)


def _entry(link: ViewLink, width: int) -> list[Text]:
    """A link in the list: the label and the URL on one line when both fit, else the URL on its own line(s)."""
    label = Text(link.label, style="bold")
    url = Text(link.url, style="cyan", overflow="fold")
    if cell_len(link.label) + 2 + cell_len(link.url) <= width:
        return [Text.assemble(label, "  ", url, no_wrap=True)]
    return [Text(link.label, style="bold", no_wrap=True, overflow="ellipsis"), url]


def listing_rows(links: tuple[ViewLink, ...], width: int) -> int:
    """Rows the list of links takes at ``width`` columns (a URL wider than that folds onto more rows)."""
    width = max(1, width)
    return sum(sum(max(1, -(-text.cell_len // width)) for text in _entry(link, width)) for link in links)


def pages(links: tuple[ViewLink, ...], width: int, rows: int) -> list[Page]:
    """The overlay's pages for ``width`` × ``rows`` (under its title line)."""
    count = len(links)
    code_w, code_h = code_size(links)
    block = code_h + 1  # the label over each row of codes
    if not count or code_w == 0 or code_w > width or block > rows:
        return [Page(True, ())]  # no code fits: the list alone (and a note to enlarge the window)
    per_row = max(1, (width + GAP) // (code_w + GAP))
    listing = listing_rows(links, width) + 1  # the list, then the warning about the control link
    under = per_row * ((rows - listing) // (block + 1))  # a blank line before each row of codes
    if under >= 1:
        return [Page(True, tuple(range(start, min(count, start + under)))) for start in range(0, count, under)]
    per_page = per_row * ((rows + 1) // (block + 1))
    return [Page(True, ())] + [Page(False, tuple(range(start, min(count, start + per_page))))
                               for start in range(0, count, per_page)]


def _codes(links: tuple[ViewLink, ...], chosen: tuple[int, ...], width: int, first: bool) -> list[Text]:
    """Rows of codes, each under its label, side by side as ``width`` allows; a blank line between rows
    (and before the first, unless ``first``)."""
    code_w, code_h = code_size(links)
    per_row = max(1, (width + GAP) // (code_w + GAP))
    out: list[Text] = []
    for start in range(0, len(chosen), per_row):
        row = [links[i] for i in chosen[start:start + per_row]]
        if out or not first:
            out.append(Text(""))
        out.append(Text((" " * GAP).join(set_cell_size(link.label, code_w) for link in row).rstrip(),
                        style="bold", no_wrap=True, overflow="crop"))
        lines = [(" " * GAP).join(link.code[n] if n < len(link.code) else " " * code_w for link in row).rstrip()
                 for n in range(code_h)]
        out.append(Text("\n".join(lines), no_wrap=True, overflow="crop"))
    return out


def links_body(ui: UiState, width: int, rows: int) -> tuple[Group, int]:
    """The page ``ui.page`` of the links and their codes on ``width`` × ``rows``, its title line first;
    and how many pages there are."""
    found = pages(ui.links, width, rows - 1)
    number = ui.page % len(found)
    page = found[number]
    title = _("Links for phones · page {page} of {pages}").format(page=number + 1, pages=len(found))
    head = f"── {title} "
    parts: list[Text] = [styled((head, "bold"), ("─" * max(0, width - cell_len(head)), "dim"))]
    if len(found) == 1 and ui.links and not page.codes:
        code_w, code_h = code_size(ui.links)
        parts.append(Text(_("Enlarge the window to at least {width}×{height} to show the QR codes.").format(
            width=code_w, height=code_h + 5), style="yellow"))  # a page of codes: header, segment, title, keys
    if page.listing:
        for link in ui.links:
            parts += _entry(link, width)
        parts.append(Text(_("The control link can drive the show: give it to the 场控 only."), style="dim"))
    parts += _codes(ui.links, page.codes, width, first=not page.listing)
    return Group(*parts), len(found)


def now_line(snap: "Snapshot", info: ShowInfo) -> Text:
    """The segment and its countdown on one line, so that the overlay hides no time."""
    count = f"{snap.index + 1}/{info.segments} " if snap.seg else ""
    state = timer_state(snap)
    value = countdown_text(countdown_ms(snap), snap.overtime) if state != "ended" else "--:--"
    line = styled((f"{count}{snap.title}  ", "bold"), (value, TIMER_STYLES[state][0]), "  ")
    line.append_text(status_line(snap, info))
    return line


def keys_line(ui: UiState, count: int) -> Text:
    """The overlay's keys (or the latest notice, such as an act from a phone)."""
    if ui.notice:
        return styled((ui.notice, "bold yellow"))
    if count > 1:
        return styled((_("→ next page · ← previous page · any other key: back to the cue sheet"), "dim"))
    return styled((_("Any key: back to the cue sheet."), "dim"))


def frame(snap: "Snapshot", info: ShowInfo, ui: UiState, width: int, height: int) -> RenderableType:
    """The whole screen while the links are shown: header, the segment's line, the links, the keys."""
    rows: list[Layout] = [Layout(header(snap, info, width, compact=width < 80), size=1)]
    if ui.log_alarm:
        rows.append(Layout(log_banner(ui.log_alarm), size=1))
    if ui.comments is not None and ui.comments.alert is not None:  # a 弹幕 alert stays in sight
        rows.append(Layout(comments_line(ui.comments, info), size=1))
    rows.append(Layout(now_line(snap, info), size=1))
    body = max(1, height - len(rows) - 1)
    shown, count = links_body(ui, width, body)
    rows += [Layout(shown, size=body), Layout(keys_line(ui, count), size=1)]
    root = Layout()
    root.split_column(*rows)
    return root
