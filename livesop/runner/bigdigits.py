"""Big digits for the countdown, drawn with block characters from one small pixel font.

The font is data: each glyph is 5 rows of pixels (``#`` set, ``.`` clear), 3 pixels wide for
digits. ``lines(text, size)`` draws it at one of three sizes: ``small`` (half blocks, 3 rows,
one cell a pixel), ``large`` (5 rows, two cells a pixel, which looks square on a terminal) and
``huge`` (10 rows, four cells a pixel). ``fit`` picks the largest size that fits a box.
"""

from __future__ import annotations

from rich.cells import cell_len

FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "-": ("..", "..", "##", "..", ".."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    " ": ("..", "..", "..", "..", ".."),
}
ROWS = 5

# size: (cells per pixel across, text rows per pixel row; 0 = two pixel rows per text row)
SIZES: dict[str, tuple[int, int]] = {"small": (1, 0), "large": (2, 1), "huge": (4, 2)}
ORDER = ("huge", "large", "small")  # largest first
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _glyph(char: str) -> tuple[str, ...]:
    return FONT.get(char, FONT[" "])


def _pixel_rows(text: str) -> list[list[bool]]:
    """The text as one bitmap: 5 rows of pixels, glyphs one clear pixel apart."""
    rows: list[list[bool]] = [[] for _ in range(ROWS)]
    for position, char in enumerate(text):
        glyph = _glyph(char)
        for row in range(ROWS):
            if position:
                rows[row].append(False)
            rows[row].extend(pixel == "#" for pixel in glyph[row])
    return rows


def lines(text: str, size: str = "large") -> list[str]:
    """The text drawn in big digits at ``size``; every line has the same cell width."""
    across, down = SIZES[size]
    bitmap = _pixel_rows(text)
    if down == 0:
        padded = bitmap + [[False] * len(bitmap[0])]
        return ["".join(_HALF[(top, bottom)] for top, bottom in zip(padded[r], padded[r + 1]))
                for r in range(0, ROWS, 2)]
    out = []
    for row in bitmap:
        line = "".join(("█" if on else " ") * across for on in row)
        out.extend([line] * down)
    return out


def width(text: str, size: str) -> int:
    return cell_len(lines(text, size)[0]) if text else 0


def height(size: str) -> int:
    across, down = SIZES[size]
    return (ROWS + 1) // 2 if down == 0 else ROWS * down


def fit(text: str, max_width: int, max_height: int, sizes: tuple[str, ...] = ORDER) -> str | None:
    """The largest size in ``sizes`` at which ``text`` fits the box, or None."""
    for size in sizes:
        if width(text, size) <= max_width and height(size) <= max_height:
            return size
    return None
