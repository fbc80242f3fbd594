"""Keys of the full-screen view: raw terminal bytes → key names → the operator's actions.

Pure: ``KeyDecoder.feed`` turns bytes read from a terminal in cbreak mode into key names
(``space``, ``right``, ``esc``, ``n``...), keeping an unfinished escape sequence or UTF-8
character for the next read; ``flush`` (after a short quiet time) turns a lone ESC into the
escape key. ``action(key, mode)`` maps a key to an action in the view's current mode: the
normal view (the one key map of ``runner/keymap``, shared with the plain mode), the emergency
plan list, the help overlay or the quit question. Full-width keys
typed with a Chinese input method (``？``, ``＋``, ``ｎ``) count as their ASCII twins.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from livesop.runner.keymap import KEYS

ESC = 0x1B

# Complete escape sequences (CSI and SS3 forms) and control bytes → key names.
SEQUENCES: dict[bytes, str] = {
    b"\x1b[A": "up", b"\x1b[B": "down", b"\x1b[C": "right", b"\x1b[D": "left",
    b"\x1bOA": "up", b"\x1bOB": "down", b"\x1bOC": "right", b"\x1bOD": "left",
    b"\x1b[H": "home", b"\x1b[F": "end", b"\x1b[3~": "delete",
}
CONTROLS: dict[int, str] = {0x20: "space", 0x0D: "enter", 0x0A: "enter", 0x09: "tab", 0x7F: "backspace",
                            0x08: "backspace"}
FOLD = {"−": "-", "–": "-", "—": "-", "＿": "_", "。": ".", "、": ","}  # what NFKC leaves alone

# mode → key → action. The normal view takes the one key map (``runner/keymap``) and ``u``, the
# full screen's own key for a served run's links; in the plan list 1-9 open a plan; in help any key
# closes it; the quit question takes y and nothing else; the links turn pages with → and ←.
NORMAL: dict[str, str] = {**KEYS, "u": "links"}
LINKS: dict[str, str] = {"right": "links-next", "left": "links-back"}
PLANS: dict[str, str] = {"esc": "dismiss", "e": "dismiss", "q": "dismiss", "enter": "dismiss",
                         **{str(n): "open" for n in range(1, 10)}}
QUIT: dict[str, str] = {"y": "quit-yes"}
MODES: dict[str, tuple[dict[str, str], str | None]] = {  # mode: (table, action for any other key)
    "normal": (NORMAL, None),
    "plans": (PLANS, "dismiss"),
    "help": ({}, "dismiss"),
    "quit": (QUIT, "dismiss"),
    "links": (LINKS, "dismiss"),
}


@dataclass(frozen=True)
class Action:
    """What a key does in the view's current mode: the action's name, and a plan number for ``open``."""

    name: str
    number: int | None = None  # the plan number for ``open``


def key_of_char(char: str) -> str | None:
    """The key name of one typed character (full-width twins folded); None for what is no key."""
    if len(char) == 1 and ord(char) in CONTROLS:
        return CONTROLS[ord(char)]
    folded = FOLD.get(char) or unicodedata.normalize("NFKC", char)
    if folded == " ":
        return "space"
    if len(folded) != 1 or not folded.isprintable():
        return None
    return folded.lower()


def _escape_length(buffer: bytes) -> int | None:
    """Length of the escape sequence at the start of ``buffer``; 0 when unfinished; None: a lone ESC."""
    if len(buffer) == 1:
        return 0
    second = buffer[1]
    if second == ord("O"):
        return 3 if len(buffer) >= 3 else 0
    if second != ord("["):
        return None
    for position in range(2, len(buffer)):
        if 0x40 <= buffer[position] <= 0x7E:
            return position + 1
    return 0


def _utf8_length(first: int) -> int:
    if first < 0x80:
        return 1
    if first >> 5 == 0b110:
        return 2
    if first >> 4 == 0b1110:
        return 3
    if first >> 3 == 0b11110:
        return 4
    return 1  # a stray continuation byte: dropped on its own


def parse(buffer: bytes) -> tuple[list[str], bytes]:
    """Key names in ``buffer`` and the unfinished rest (an escape sequence or character cut short)."""
    keys: list[str] = []
    position = 0
    while position < len(buffer):
        rest = buffer[position:]
        if rest[0] == ESC:
            length = _escape_length(rest)
            if length == 0:
                return keys, rest
            if length is None:
                keys.append("esc")
                position += 1
                continue
            name = SEQUENCES.get(rest[:length])
            if name:
                keys.append(name)
            position += length
            continue
        length = _utf8_length(rest[0])
        if len(rest) < length:
            return keys, rest
        char = rest[:length].decode("utf-8", errors="replace")
        name = key_of_char(char)
        if name:
            keys.append(name)
        position += length
    return keys, b""


class KeyDecoder:
    """Bytes in, key names out; an unfinished sequence waits for the next read."""

    def __init__(self) -> None:
        self.buffer = b""

    def feed(self, data: bytes) -> list[str]:
        keys, self.buffer = parse(self.buffer + data)
        return keys

    @property
    def pending(self) -> bool:
        return bool(self.buffer)

    def flush(self) -> list[str]:
        """Nothing more came: a lone ESC is the escape key; anything else unfinished is dropped."""
        keys = ["esc"] if self.buffer[:1] == bytes([ESC]) else []
        self.buffer = b""
        return keys


def action(key: str, mode: str = "normal") -> Action | None:
    """What ``key`` does in ``mode``; None when it does nothing."""
    table, other = MODES.get(mode, MODES["normal"])
    name = table.get(key, other)
    if name is None:
        return None
    return Action(name, int(key) if name == "open" else None)


def actions(data: bytes, mode: str = "normal") -> list[Action]:
    """Every action in ``data`` as if typed in ``mode`` (for tests and scripted input)."""
    decoder = KeyDecoder()
    found = [action(key, mode) for key in decoder.feed(data) + decoder.flush()]
    return [a for a in found if a is not None]
