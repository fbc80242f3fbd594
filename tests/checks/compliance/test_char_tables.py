"""The character tables compliance reads instead of pypinyin and OpenCC (``livesop/data/pinyin.txt``
and ``t2s.txt``, written by ``tools/char_tables.py``), and the compiled matchers kept between runs
(``checks.compliance.kept``): both must give exactly what building everything from the libraries
gives."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from livesop.checks.compliance import kept, tables
from livesop.checks.compliance.check import matcher_for
from livesop.checks.compliance.forms import is_han
from livesop.checks.compliance.lexicon import DATA_FILE, Term, bundled, negative
from livesop.checks.compliance.screen import Screener
from tests.helpers import REPO

DATA = DATA_FILE.parent


def lexicon_characters() -> list[str]:
    """Every Chinese character of the bundled data: terms, carve-outs, sound and contact rules."""
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.yaml")))
    return sorted({char for char in text if is_han(char) or char == "〇"})


def sample() -> list[str]:
    """The lexicon's characters and a fixed sample of all the others the tables cover."""
    chosen = random.Random(18)
    others = [chr(code) for code in chosen.sample(range(0x2E80, 0xA000), 3000)]
    others += [chr(code) for code in chosen.sample(range(0x20000, 0x32400), 1000)]
    others += [chr(code) for code in range(0xF900, 0xFB00)]
    return lexicon_characters() + others


def test_readings_are_pypinyins_first_reading():
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    table = tables.readings()
    assert len(lexicon_characters()) > 500
    wrong = {}
    for char in sample():
        found = pinyin(char, style=Style.TONE3, errors="ignore", neutral_tone_with_five=True)
        wanted = found[0][0] if found and found[0] and found[0][0][:1].isalpha() else None
        if table.get(char) != wanted:
            wrong[char] = (table.get(char), wanted)
    assert wrong == {}
    assert table.get("最") == "zui4" and table.get("〇") == "ling2" and table.get("a") is None


def test_simplified_forms_are_openccs_one_character_conversions():
    from opencc import OpenCC

    converters = [OpenCC(config) for config in ("t2s", "hk2s")]
    table = dict(zip(*tables.simplification_pairs()))
    wrong = {}
    chars = sample() + sorted(table)[:2000]
    for char in chars:
        wanted = char
        for converter in converters:
            simple = converter.convert(char)
            if simple != char and len(simple) == 1:
                wanted = simple
                break
        if table.get(char, char) != wanted:
            wrong[char] = (table.get(char, char), wanted)
    assert wrong == {}
    assert table["銷"] == "销" and table["後"] == "后"


def test_the_tables_are_what_the_tools_script_writes():
    done = subprocess.run([sys.executable, str(REPO / "tools" / "char_tables.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_checking_imports_neither_pypinyin_nor_opencc(tmp_path):
    show = REPO / "playbooks" / "daily.yaml"
    code = ("import sys; from livesop.checks.validate import validate_paths; "
            f"result = validate_paths([{str(show)!r}]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pypinyin', 'opencc')))")
    env = {**os.environ, "LIVESOP_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # built, then read back from the cache folder
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- kept matchers

TEXTS = ["全网最低价，加微信 vx：abc12345", "zui低价", "國家級 顶级", "醉便宜的一次", "第①名", "最近 最后一单",
         "请私信下丹", "１３８００１３８０００", "杀菌 除菌"]


def findings(screener: Screener) -> list:
    return [(h.index, h.start, h.end, h.term.term, h.term.category, h.heard) for h in screener.scan(TEXTS)]


def kept_entries() -> list[Path]:
    return sorted((Path(os.environ["LIVESOP_CACHE_DIR"]) / "compliance").glob("*.json"))


def test_a_kept_screener_finds_what_a_new_one_finds():
    extra = (Term("杀菌", "team", "error", "r", "s", team=True),)
    terms = bundled().for_platform("douyin") + extra
    built = kept.kept("test-screener", lambda: Screener(terms), Screener.data, lambda d: Screener.restore(terms, d))
    entry = [path for path in kept_entries() if path.name.endswith("-test-screener.json")]
    assert len(entry) == 1 and json.loads(entry[0].read_text(encoding="utf-8"))["name"] == "test-screener"
    again = kept.kept("test-screener", lambda: pytest.fail("built again"), Screener.data,
                      lambda d: Screener.restore(terms, d))
    assert again is not built and findings(again) == findings(built) == findings(Screener(terms))
    assert ("杀菌", "team") in {(f[3], f[4]) for f in findings(again)}
    comments = Screener(bundled().terms + negative().terms)
    assert findings(Screener.restore(comments.terms, json.loads(json.dumps(comments.data())))) == findings(comments)


@pytest.mark.parametrize("damage", ["empty", "not json", "another key", "no data", "a broken trie",
                                    "another pattern", "wrong regex code"])
def test_a_damaged_entry_is_built_again(damage):
    terms = bundled().for_platform("generic")
    kept.kept("damaged", lambda: Screener(terms), Screener.data, lambda d: Screener.restore(terms, d))
    [path] = [p for p in kept_entries() if p.name.endswith("-damaged.json")]
    entry = json.loads(path.read_text(encoding="utf-8"))
    data = entry["data"]
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "not json":
        path.write_bytes(b"{")
    elif damage == "another key":
        path.write_text(json.dumps({**entry, "key": "0" * 64}), encoding="utf-8")
    elif damage == "no data":
        path.write_text(json.dumps({"key": entry["key"], "name": entry["name"]}), encoding="utf-8")
    elif damage == "a broken trie":
        data["matcher"]["root"] = ["not", "a", "trie"]
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif damage == "another pattern":
        data["matcher"]["search"]["args"][1] = [0]  # code that is not the pattern's: compiled as usual
        path.write_text(json.dumps(entry), encoding="utf-8")
    elif damage == "wrong regex code":
        data["matcher"]["search"]["args"] = ["x"]
        path.write_text(json.dumps(entry), encoding="utf-8")
    built = []

    def build():
        built.append(1)
        return Screener(terms)

    again = kept.kept("damaged", build, Screener.data, lambda d: Screener.restore(terms, d))
    assert findings(again) == findings(Screener(terms))
    if damage in ("another pattern", "wrong regex code"):
        assert built == []  # the pattern itself was kept: compiled from it
    else:
        assert built == [1]


def test_matchers_are_kept_per_platform_and_team_terms():
    matcher_for.cache_clear()
    try:
        matcher_for("kuaishou")
        matcher_for("kuaishou", (Term("团购价", "team", "error", "r", "s", team=True),))
        names = [path.name.split("-", 1)[1] for path in kept_entries()]
        assert len([name for name in names if name.startswith("playbook-")]) == 2
    finally:
        matcher_for.cache_clear()
