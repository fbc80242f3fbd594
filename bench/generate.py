"""Generated playbooks of a chosen size, for benchmarks."""

from __future__ import annotations

TEAM_ROLES = ["roles:", "  host: {name: 主播}", "  assistant: {name: 助播, backup: host}", "  control: {name: 场控}",
              "  ops: {name: 中控}"]


def generate_playbook(segments: int = 500, cues: int = 3000, start: str = "08:00") -> str:
    """A valid format-1 playbook with ``segments`` segments and ``cues`` cues in all."""
    per_segment, extra = divmod(cues, segments)
    lines = [
        "livesop: 1",
        "id: generated",
        "title: 生成的长时直播",
        "version: 1.0.0",
        "platform: douyin",
        f'schedule: {{start: "{start}", length: {min(segments * 2, 24 * 60)}m}}',  # a slot is at most 24h
        "variables: {room: 测试直播间}",
        *TEAM_ROLES,
        "products:",
    ]
    products = max(1, min(50, segments // 10))
    for p in range(products):
        lines.append(f"  - {{id: p{p}, name: 商品{p}, link: {p + 1}, list_price: {199 + p}, "
                     f"price_basis: 店铺日常售价, live_price: {99 + p}, stock: {100 + p}}}")
    lines += ["scripts:", "  hello: \"欢迎来到{room}！\"",
              "  pitch: |", "    {product.name}，日常{product.list_price}元，", "    今天{product.live_price}元，{product.link}号链接。",
              "segments:"]
    roles = ("host", "assistant", "control", "ops")
    for s in range(segments):
        count = per_segment + (1 if s < extra else 0)
        lines += [f"  - id: s{s}", f"    title: 第{s}段", "    duration: 2m", f"    product: p{s % products}",
                  "    end: next", "    cues:"]
        for c in range(count):
            at = (c * 110) // max(count, 1)
            role = roles[c % len(roles)]
            if c % 3 == 0:
                lines.append(f"      - {{at: {at}s, role: {role}, say: pitch}}")
            elif c % 3 == 1:
                lines.append(f"      - {{at: {at}s, role: {role}, say: hello}}")
            else:
                lines.append(f"      - {{at: {at}s, role: {role}, do: \"上架{{product.link}}号链接\"}}")
    return "\n".join(lines) + "\n"
