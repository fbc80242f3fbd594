"""Time of the LS7xx compliance check: the first check of a process (the lexicon's matchers read back
from the cache folder, or compiled when none are kept there), a daily-size playbook and the
bundled playbooks with and without matching by sound, a generated 500-segment playbook, a raw scan
of 1 MB of 话术 text, and live comments a second through the screening function — each text read,
none answered from what the screener remembers of texts it read before (``Screener.scan``); then
the same playbook and comments met again, as the next playbook of a folder and the 666 of a live
room are. Prints the figures.

    python bench/bench_compliance.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import best_time  # noqa: E402
from generate import generate_playbook  # noqa: E402

from livesop.format.build import build  # noqa: E402
from livesop.checks.compliance import check as compliance  # noqa: E402
from livesop.checks.compliance.check import _review, matcher_for  # noqa: E402
from livesop.checks.compliance.screen import Screener, screen, screener  # noqa: E402
from livesop.format.library import load_library  # noqa: E402
from livesop.format.texts import spoken_texts  # noqa: E402
from livesop.checks.validate import load_playbook  # noqa: E402
from livesop.format.yamlio import load_text  # noqa: E402

# Live comments as they come: questions, cheers, 扣1, prices, dodged words and complaints.
COMMENTS = [
    "主播这个衣服质量怎么样啊", "有没有大码的", "1", "扣1", "想要", "多少钱", "3号链接还有吗",
    "主播好漂亮", "已经下单了，什么时候发货", "能便宜点吗", "160斤能穿吗", "这个颜色显黑吗",
    "加个威信聊", "假货吧这是", "骗子", "zui低价多少", "买了过敏了怎么办", "客服不回消息",
    "vx: mm_2024a", "138 1234 5678", "来了来了", "福袋什么时候开", "哈哈哈哈哈", "❤️❤️❤️",
    "上次买的很好用，回购了", "和图片不一样啊", "宝宝们冲", "主播身高多少", "退款退款", "支持支持",
]


def main() -> None:
    playbooks = []
    for path in sorted((ROOT / "playbooks").glob("*.yaml")):
        playbook, library, _, _ = load_playbook(path)
        playbooks.append((path.stem, playbook, library))

    remembering = Screener.scan
    Screener.scan = Screener._read  # every text is read: nothing is answered from an earlier read
    start = time.perf_counter()
    matcher_for("douyin")  # the first check of a process: lexicon, character tables, matchers (kept or compiled)
    first = time.perf_counter() - start
    start = time.perf_counter()
    matcher_for("kuaishou")
    again = time.perf_counter() - start
    print(f"first compliance check of a process (matchers kept or compiled, tables read): {first * 1000:.0f} ms; "
          f"another platform: {again * 1000:.1f} ms")

    print("per playbook (best of 200)                 by characters   + by sound    added")
    for name, playbook, library in playbooks:
        chars = sum(len(t.text.value) for t in spoken_texts(playbook, library))
        without = _per_playbook(playbook, library, sound=False)
        with_sound = _per_playbook(playbook, library, sound=True)
        print(f"  {name + '.yaml':<18} {chars:>6} spoken chars   {without * 1000:8.3f} ms   "
              f"{with_sound * 1000:8.3f} ms   {(with_sound - without) * 1000:+.3f} ms")

    big, _ = build(load_text(generate_playbook(500, 3000), "generated.yaml"))
    elapsed = best_time(lambda: _review(big, None), 5)
    print(f"generated 500-segment playbook: {elapsed * 1000:.2f} ms")

    library = load_library(ROOT / "scripts_library")
    corpus = "\n".join(text.value for entry in library.entries.values() for _, text in entry.all_texts())
    for _, playbook, lib in playbooks:
        corpus += "\n".join(t.text.value for t in spoken_texts(playbook, lib))
    corpus += "\n今天全网最低价，销量第一，加微信私聊，最近很火的第一款，100%纯棉。\n"
    encoded = len(corpus.encode("utf-8"))
    text = corpus * (1_000_000 // encoded + 1)
    for sound in (False, True):
        matcher = matcher_for("douyin", (), sound)
        hits = len(matcher.find(text))
        elapsed = best_time(lambda: matcher.find(text), 3)
        print(f"raw scan of {len(text.encode('utf-8')) / 1e6:.2f} MB of 话术 ({len(text)} chars, {hits} findings), "
              f"{'with' if sound else 'without'} sound: {elapsed * 1000:.1f} ms")

    screener("douyin")
    for comment in COMMENTS:  # the characters of the comments are learnt once
        screen(comment, "douyin")
    rounds = 400
    elapsed = best_time(lambda: [screen(c, "douyin") for _ in range(rounds) for c in COMMENTS], 3)
    flagged = sum(1 for c in COMMENTS if screen(c, "douyin"))
    each = elapsed / (rounds * len(COMMENTS))
    print(f"screen(): {1 / each:,.0f} comments a second ({each * 1e6:.1f} µs each; "
          f"{flagged} of {len(COMMENTS)} sample comments flagged)")

    Screener.scan = remembering  # as livesop runs: a text met again is not read again
    name, playbook, library = playbooks[0]
    _review(playbook, library)
    again = best_time(lambda: _review(playbook, library), 200)
    print(f"{name}.yaml met again (the next playbook of a folder from one template): {again * 1000:.3f} ms")
    elapsed = best_time(lambda: [screen(c, "douyin") for _ in range(rounds) for c in COMMENTS], 3)
    each = elapsed / (rounds * len(COMMENTS))
    print(f"screen() of comments seen before: {1 / each:,.0f} comments a second ({each * 1e6:.1f} µs each)")


def _per_playbook(playbook, library, sound: bool) -> float:
    """Best time of one full compliance review, with or without matching by sound."""
    original = compliance.matcher_for
    compliance.matcher_for = lambda platform, extra=(): original(platform, extra, sound)
    try:
        _review(playbook, library)
        return best_time(lambda: _review(playbook, library), 200)
    finally:
        compliance.matcher_for = original


if __name__ == "__main__":
    main()
