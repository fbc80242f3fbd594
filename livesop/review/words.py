"""Words in live comments: the most said ones, and negative feedback.

**Top words** are counted once per comment. Live comments are mostly a few characters that
repeat exactly (已拍, 抢到了, 上链接, 扣1), so a comment of up to ``PHRASE`` characters counts
whole; a longer one is split into CJK bigrams (every two neighbouring characters of a run of
Chinese) and runs of Latin letters or digits (``666``, ``vx``), so its pieces meet the short
comments that say the same (已拍 in 已拍两单). Function words are left out. A segmenter such as
jieba loads a dictionary of some 20 MB (about a second) before the first comment, more than
half the time allowed for a 14-hour show, and splits live-room slang its own way; this needs
nothing, is deterministic, and takes about 0.3 s for 100,000 comments.

**Negative feedback** is the 舆情 lexicon bundled with livesop (``livesop/data/negative.yaml``:
假货, 骗人, 退款, 过敏, 货不对板, 客服不回 …) plus the playbook's ``compliance.extra`` terms,
matched as the live comment screen matches them (folded forms, separators skipped, by sound).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable, Sequence

_TOKENS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+")
PHRASE = 6  # characters (letters, digits, Chinese) of a comment that counts whole
STOP = frozenset("的 了 吗 啊 呢 吧 哦 嗯 呀 是 在 我 你 他 她 它 这 那 就 都 也 还 和 有 么 个 啦 哈 嘛 噢 哇".split()) | frozenset(
    "一个 这个 那个 我们 你们 他们 什么 怎么 可以 就是 还是 没有 不是 有没 这么 那么 一下 一样 的话 了吗 是不 不了 "
    "是的 的吗 好的 吗吗 我的 你的 了了 主播 直播 直播间".split())


def tokens(text: str) -> set[str]:
    """The distinct words of one comment."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    runs = _TOKENS.findall(text.lower())
    whole = "".join(runs)
    if len(whole) <= PHRASE:
        return {whole} - STOP if whole else set()
    found: set[str] = set()
    for run in runs:
        if len(run) == 1 or run.isascii():
            found.add(run)
        else:
            found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found - STOP


def top_words(texts: Iterable[str], most: int = 8) -> list[tuple[str, int]]:
    """The ``most`` words said in the most comments, most first (ties in first-seen order)."""
    said: list[str] = []
    for text in texts:
        said.extend(tokens(text))
    return Counter(said).most_common(most)


def negative_terms(extra=()) -> tuple:
    """The 舆情 terms and the playbook's ``compliance.extra`` items, as lexicon terms."""
    from livesop.checks.compliance.lexicon import negative, team_terms

    lexicon = negative()
    return lexicon.terms + team_terms(extra, lexicon.categories)


def negative_hits(texts: Sequence[str], extra=()) -> list[tuple[int, str]]:
    """(index of the comment, term) for each negative term found in a comment, once per comment."""
    from livesop.checks.compliance.screen import Screener

    hits = Screener(negative_terms(extra), sound=True, contact=False).scan(texts)
    return list(dict.fromkeys((hit.index, hit.term.term) for hit in hits))
