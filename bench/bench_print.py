"""Time `livesop checklist --all --format html` on a generated 500-segment playbook.

Prints the median of several runs in-process (load, build, render, write) and as a
subprocess (including interpreter start-up and imports). Target: ≤ 0.5 s.

    python bench/bench_print.py [--segments 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_time

ROLES = {"host": "主播", "assistant": "助播", "control": "场控", "ops": "中控", "service": "客服", "tech": "技术"}


def playbook_text(segments: int) -> str:
    lines = [
        "livesop: 1", "id: bench", "title: 压测 · 长时直播", "version: 1.0.0",
        'schedule: {start: "08:00"}', "variables: {room: 压测直播间, code: 好物}", "roles:",
        *(f"  {rid}: {{name: {name}}}" for rid, name in ROLES.items()),
        "products:",
        *(f"  - {{id: p{i}, name: 商品{i}号, link: {i}, list_price: {100 + i}, price_basis: 店铺日常售价, "
          f"live_price: {50 + i}, stock: {100 * i}, mechanism: 加赠小样一份}}" for i in range(1, 21)),
        "scripts:",
        '  pitch: "{product.name}今天{product.live_price}元，日常{product.list_price}元，{product.link}号链接，'
        '库存{product.stock}件。拍下还有：{product.mechanism}。"',
        '  hello: "欢迎来到{room}！评论区发口令{code}参与福袋，这一段还剩{countdown}。"',
        "checklists:", "  before:",
        *(f"    {rid}:\n      - {{text: 开播前检查 {rid}, due: 30m, blocking: true}}\n      - 备好物料" for rid in ROLES),
        "  after:", *(f"    {rid}: [复盘 {rid}]" for rid in ROLES),
        "segments:",
    ]
    for index in range(segments):
        product = index % 20 + 1
        lines += [
            f"  - id: s{index}", f'    title: "讲品：{{product.name}}（第{index}段）"', "    duration: 10m",
            f"    product: p{product}", "    cues:",
            "      - {at: 0s, role: host, say: pitch}",
            '      - {at: 0s, role: ops, do: "弹出{product.link}号讲解卡"}',
            '      - {at: 30s, role: assistant, do: "展示{product.name}"}',
            "      - {at: 1m, role: control, do: 报在线人数, every: 3m}",
            "      - {at: 5m, role: host, say: hello}",
            '      - {at: 6m, role: ops, do: "上架{product.link}号链接，改价{product.live_price}元"}',
            "      - {at: 8m, role: service, do: 回复评论区问题}",
        ]
    lines += [
        "emergencies:",
        "  - {id: freeze, title: 卡顿, severity: P1, trigger: 画面卡顿超过10秒, owner: tech, recover_within: 5m, "
        "hold: hello, steps: [{role: host, say: hello}, {role: tech, do: 切换备用机}]}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    from livesop.cli.main import cli

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bench.yaml"
        source.write_text(playbook_text(options.segments), encoding="utf-8")
        target = Path(folder) / "out.html"
        args = ["checklist", str(source), "--all", "--format", "html", "-o", str(target)]

        def in_process() -> None:
            with contextlib.redirect_stderr(io.StringIO()):  # the "wrote FILE" note
                code = cli.main(args, prog_name="livesop", standalone_mode=False)
            assert code in (0, None), code

        def as_subprocess() -> None:
            subprocess.run([sys.executable, "-m", "livesop", *args], check=True, capture_output=True)

        from livesop.print.prepare import prepare
        from livesop.print.render.html import checklist
        from livesop.print.sheet import build_checklists

        in_process()  # warm-up: imports
        inner = median_time(in_process, options.runs)
        load = median_time(lambda: prepare(source), options.runs)
        prepared = prepare(source)
        build = median_time(lambda: build_checklists(prepared.timeline, prepared.library), options.runs)
        sheet = build_checklists(prepared.timeline, prepared.library)
        render = median_time(lambda: checklist(sheet), options.runs)
        outer = median_time(as_subprocess, options.runs)
        lines = source.read_text(encoding="utf-8").count("\n")
        size = target.stat().st_size
    print(f"playbook: {options.segments} segments, {lines} lines; html: {size / 1024:.0f} KiB")
    print(f"checklist --all --format html, median of {options.runs}:")
    print(f"  in-process  {inner:.3f} s")
    print(f"  subprocess  {outer:.3f} s   (target ≤ 0.5 s)")
    print(f"  phases: load+build model+timeline {load:.3f} s, sheet data {build:.3f} s, html {render:.3f} s")


if __name__ == "__main__":
    main()
