"""Time of the LS7xx compliance check: bundled playbooks ×100, a generated 500-segment playbook,
and a raw scan of 1 MB of 话术 text. Prints the figures.

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
from livesop.checks.compliance.check import _review, matcher_for  # noqa: E402
from livesop.format.library import load_library  # noqa: E402
from livesop.format.texts import spoken_texts  # noqa: E402
from livesop.checks.validate import load_playbook  # noqa: E402
from livesop.format.yamlio import load_text  # noqa: E402


def main() -> None:
    playbooks = []
    for path in sorted((ROOT / "playbooks").glob("*.yaml")):
        playbook, library, _, _ = load_playbook(path)
        playbooks.append((playbook, library))
    matcher_for("douyin")  # compile once, as the first playbook of a run does
    start = time.perf_counter()
    matcher_for.cache_clear()
    matcher_for("douyin")
    compile_time = time.perf_counter() - start

    def bundled_x100():
        for _ in range(100):
            for playbook, library in playbooks:
                _review(playbook, library)

    runs = 100 * len(playbooks)
    elapsed = best_time(bundled_x100, 5)
    chars = sum(len(t.text.value) for p, lib in playbooks for t in spoken_texts(p, lib))
    print(f"lexicon compile (once per platform): {compile_time * 1000:.1f} ms")
    print(f"bundled playbooks x100 ({runs} checks, {chars} spoken chars each round): "
          f"{elapsed * 1000:.1f} ms, {elapsed / runs * 1000:.3f} ms per playbook")

    big, _ = build(load_text(generate_playbook(500, 3000), "generated.yaml"))
    elapsed = best_time(lambda: _review(big, None), 5)
    print(f"generated 500-segment playbook: {elapsed * 1000:.2f} ms")

    library = load_library(ROOT / "scripts_library")
    corpus = "\n".join(text.value for entry in library.entries.values() for _, text in entry.all_texts())
    for playbook, lib in playbooks:
        corpus += "\n".join(t.text.value for t in spoken_texts(playbook, lib))
    corpus += "\n今天全网最低价，销量第一，加微信私聊，最近很火的第一款，100%纯棉。\n"
    encoded = len(corpus.encode("utf-8"))
    text = corpus * (1_000_000 // encoded + 1)
    matcher = matcher_for("douyin")
    hits = len(matcher.find(text))
    elapsed = best_time(lambda: matcher.find(text), 3)
    print(f"raw scan of {len(text.encode('utf-8')) / 1e6:.2f} MB of 话术 ({len(text)} chars, {hits} findings): "
          f"{elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main()
