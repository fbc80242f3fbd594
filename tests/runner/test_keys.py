"""Key decoding: raw terminal bytes → key names → actions, in every mode of the view."""

from __future__ import annotations

import pytest

from livesop.runner.keys import Action, KeyDecoder, action, actions, parse


@pytest.mark.parametrize("data, keys", [
    (b"n", ["n"]),
    (b" ", ["space"]),
    (b"N", ["n"]),
    (b"+-=_", ["+", "-", "=", "_"]),
    (b"\x1b[C\x1b[D", ["right", "left"]),
    (b"\x1bOC\x1bOD", ["right", "left"]),  # application cursor mode
    (b"\x1b[1;5C", []),  # ctrl+arrow: a complete sequence nobody uses, skipped whole
    (b"\x1bOP", []),  # F1: skipped
    (b"\x1bq", ["esc", "q"]),  # alt+q: escape, then q
    (b"\r\n", ["enter", "enter"]),
    ("？＋－ｎ　".encode(), ["?", "+", "-", "n", "space"]),  # full-width input method keys
    ("−".encode(), ["-"]),  # U+2212 minus sign
    ("中".encode(), ["中"]),
    (b"\x00\x07", []),  # control bytes: nothing
])
def test_parse(data, keys):
    found, rest = parse(data)
    assert found == keys and rest == b""


def test_sequences_and_characters_split_across_reads_wait_for_the_rest():
    decoder = KeyDecoder()
    assert decoder.feed(b"n\x1b") == ["n"] and decoder.pending
    assert decoder.feed(b"[") == [] and decoder.pending
    assert decoder.feed(b"Cp") == ["right", "p"] and not decoder.pending
    full = "？".encode()
    assert decoder.feed(full[:1]) == [] and decoder.pending
    assert decoder.feed(full[1:]) == ["?"]


def test_a_lone_escape_is_the_escape_key_once_nothing_follows():
    decoder = KeyDecoder()
    assert decoder.feed(b"\x1b") == []
    assert decoder.flush() == ["esc"] and not decoder.pending
    assert decoder.flush() == []
    decoder.feed("中".encode()[:2])
    assert decoder.flush() == []  # a cut-off character is dropped


@pytest.mark.parametrize("key, name", [
    ("space", "pause"), ("n", "next"), ("right", "next"), ("p", "back"), ("b", "back"), ("left", "back"),
    ("+", "add"), ("=", "add"), ("-", "remove"), ("a", "ack"), ("e", "emergency"), ("h", "handled"),
    ("x", "close"), ("r", "roles"), ("?", "help"), ("q", "quit"),
])
def test_normal_mode_keys(key, name):
    assert action(key) == Action(name)


def test_keys_that_do_nothing_in_the_normal_view():
    assert action("y") is None and action("1") is None and action("esc") is None and action("中") is None


def test_plan_list_opens_by_number_and_anything_else_dismisses():
    assert action("3", "plans") == Action("open", 3)
    assert action("9", "plans") == Action("open", 9)
    assert action("esc", "plans") == Action("dismiss")
    assert action("n", "plans") == Action("dismiss")  # not a take-next by accident
    assert action("0", "plans") == Action("dismiss")


def test_quit_needs_y_and_help_closes_on_any_key():
    assert action("y", "quit") == Action("quit-yes")
    assert action("n", "quit") == Action("dismiss") and action("q", "quit") == Action("dismiss")
    assert action("space", "help") == Action("dismiss") and action("q", "help") == Action("dismiss")


def test_actions_from_bytes():
    assert [a.name for a in actions(b"n\x1b[D +a")] == ["next", "back", "pause", "add", "ack"]
    assert actions(b"2", "plans") == [Action("open", 2)]
    assert actions(b"\x1b", "plans") == [Action("dismiss")]
