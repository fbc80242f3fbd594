"""``livesop.regexes``: patterns compiled from the code kept in the cache folder are the patterns
``re.compile`` gives, and anything unexpected in the cache means compiling as usual."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from livesop import regexes

PATTERNS = [r"(?P<n>\d+)\s*元", "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
            r"^\s*(?:小时|分钟|秒(?!杀))", r"(a)|(?P<b>b)\2"]
TEXTS = ["今天99元", "x\x07y", "  分钟", "秒杀", "bb", "ab", ""]


def behaves_like_re(compiled: re.Pattern, pattern: str) -> None:
    usual = re.compile(pattern)
    assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == \
        (usual.pattern, usual.flags, usual.groups, usual.groupindex)
    for text in TEXTS:
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in usual.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_from_its_code_is_the_pattern(pattern):
    behaves_like_re(regexes.from_code(pattern, regexes.code_of(pattern)), pattern)
    behaves_like_re(regexes.compile(pattern), pattern)


def test_code_is_kept_as_one_string_of_its_words():
    args = regexes.code_of(PATTERNS[0])
    assert isinstance(args[1], str) and len(args[1]) > 20
    assert json.loads(json.dumps(args)) == args  # plain data


@pytest.mark.parametrize("damage", [None, ["x"], [0, [0], 0, {}, []], [0, "code", 0, {}, []],
                                    [0, "0000000001", 0, {}, []], [0, "not hex!", 0, {}, []], [0, 7, 0, {}, []]])
def test_damaged_code_means_compiling_as_usual(damage):
    behaves_like_re(regexes.from_code(PATTERNS[0], damage), PATTERNS[0])


def run(code: str, cache: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "LIVESOP_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_patterns_are_kept_between_runs_and_warm_res_cache(tmp_path):
    code = ("import re; from livesop import regexes; p = regexes.compile(r'(?P<n>\\d+)元', warm=True); "
            "print(re.compile(r'(?P<n>\\d+)元') is p, p.search('共99元').group('n'))")
    assert run(code, tmp_path) == "True 99"
    [kept] = (tmp_path / "regex").glob("*.json")
    entry = json.loads(kept.read_text(encoding="utf-8"))
    assert entry["build"] == regexes.BUILD and "(?P<n>\\d+)元" in entry["patterns"]
    assert run(code, tmp_path) == "True 99"  # from the kept code this time
    entry["patterns"]["(?P<n>\\d+)元"] = [0, [1, 2, 3], 0, {}, []]  # code that is not the pattern's
    kept.write_text(json.dumps(entry), encoding="utf-8")
    assert run(code, tmp_path) == "True 99"
    kept.write_text("{not json", encoding="utf-8")
    assert run(code, tmp_path) == "True 99"
