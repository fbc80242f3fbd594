"""The view links as text and as QR codes on the terminal, for phones to scan at the start of a show.

segno draws each code with half-block characters (two modules a line), light modules as ``█``:
on a dark terminal the code is dark on light, as printed codes are; a light terminal shows it
inverted, which phone cameras read too. The codes are laid side by side as the width allows.
"""

from __future__ import annotations

from typing import TextIO

from livesop.i18n import _

BORDER = 2  # quiet zone, modules; cameras read 2 well on a terminal's own margin
GAP = 2  # columns between two codes


def qr_lines(url: str) -> list[str]:
    """One QR code of ``url`` as lines of half-block characters."""
    import io

    import segno

    code = segno.make(url, error="l", micro=False)
    buffer = io.StringIO()
    code.terminal(out=buffer, compact=True, border=BORDER)
    return buffer.getvalue().rstrip("\n").split("\n")


def render(links: list[tuple[str, str]], width: int = 80, codes: bool = True) -> str:
    """The links, one a line, then their QR codes in rows that fit ``width`` columns."""
    lines = [f"  {label}: {url}" for label, url in links]
    if not codes:
        return "\n".join(lines) + "\n"
    blocks = [(label, qr_lines(url)) for label, url in links]
    size = max(len(block[0]) for _, block in blocks)
    per_row = max(1, (width + GAP) // (size + GAP))
    for start in range(0, len(blocks), per_row):
        row = blocks[start:start + per_row]
        lines.append("")
        lines.append((" " * GAP).join(_fit(label, size) for label, _ in row).rstrip())
        for number in range(max(len(block) for _, block in row)):
            lines.append((" " * GAP).join(block[number] if number < len(block) else " " * size
                                          for _, block in row).rstrip())
    return "\n".join(lines) + "\n"


def _fit(label: str, size: int) -> str:
    """``label`` cut or padded to ``size`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    out, used = "", 0
    for char in label:
        cells = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + cells > size:
            break
        out += char
        used += cells
    return out + " " * (size - used)


def show(links: list[tuple[str, str]], note: str, out: TextIO, width: int = 80, codes: bool = True) -> None:
    """Print the links and their codes to ``out`` (the terminal), with who can open them."""
    out.write(_("livesop: the show is served; open a view on each phone (scan its code):") + "\n")
    out.write(render(links, width, codes))
    out.write(_("livesop: {note}; the control link can drive the show: give it to the 场控 only").format(note=note)
              + "\n")
    out.flush()
