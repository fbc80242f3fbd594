"""Example data for the 复盘 with the room's numbers: rehearsals of playbooks/daily.yaml with the
minute export and the live comments a real room would give (docs/review.md).

    python scripts/make_review_example.py OUT [--weeks 3]

For each week it writes, into OUT:

- ``daily-YYYY-MM-DD.jsonl``: a rehearsal run log (speed 60, the plan's clock, 20:00 go-live),
  driven on a fake clock: the operator holds 讲品 of the hero product two minutes over, goes back
  to 利润款 for two minutes (a segment visited twice), and opens the 负面舆情 plan at 21:31;
- ``daily-YYYY-MM-DD.minutes.csv``: 电商罗盘-style minute data from 19:55 to five minutes after the
  show (a title row, Chinese headers, ``1,299.00``, ``1.2万``, ``12.5%``, ``-``);
- ``daily-YYYY-MM-DD.comments.jsonl``: one comment per line (time, user, text), as many per
  minute as the data's 评论次数, with a burst of complaints around 21:30.

Weeks after the first run a copy of the playbook (``OUT/playbooks/``) with a later version and
another 开场 variant, so ``livesop review`` has a script change to show. Everything is drawn
from ``random.Random`` with fixed seeds: the same command writes the same files (the log's
``file`` path and local times aside).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from livesop.runner.clock import FakeClock  # noqa: E402
from livesop.runner.plain import Formatter, PlainRun  # noqa: E402
from livesop.runner.show import load_show, new_run  # noqa: E402

DAILY = ROOT / "playbooks" / "daily.yaml"
LIBRARY = ROOT / "scripts_library"
WALL0 = 1_764_057_600_000  # 2025-11-25 08:00 UTC: the first rehearsal (local times follow the machine's zone)
WEEK_MS = 7 * 24 * 3600 * 1000
S, M = 1000, 60_000
OPENINGS = ("lib:kaichang-welcome#A", "lib:kaichang-welcome#温和版", "lib:kaichang-welcome")
HEADERS = ["时间", "在线人数", "进入直播间人数", "离开直播间人数", "成交金额(元)", "成交订单数", "成交人数", "商品曝光人数",
           "商品点击人数", "商品点击率", "新增粉丝数", "评论次数", "点赞次数"]

# segment kind → (online target, click rate, conversion of clicks, comments per 100 online)
KINDS = {"warmup": (650, 0.03, 0.02, 7), "opening": (820, 0.04, 0.02, 6), "product": (1050, 0.10, 0.05, 5),
         "interaction": (950, 0.04, 0.03, 9), "flash-sale": (1900, 0.25, 0.22, 8), "giveaway": (1150, 0.04, 0.03, 10),
         "closing": (420, 0.03, 0.02, 4), None: (800, 0.04, 0.03, 5)}
COMMENTS = {
    "warmup": ["来了", "主播晚上好", "福袋怎么参与", "小满好物", "第一次来", "今天有什么", "关注了", "1"],
    "opening": ["来了来了", "新", "今天有秒杀吗", "老粉打卡", "主播好", "几点秒杀", "小满好物"],
    "product": ["这个锅多重", "电磁炉能用吗", "多少钱", "已拍", "有赠品吗", "怎么买", "几号链接", "保温多久", "能送人吗",
                "质量怎么样", "上链接", "已拍已拍", "颜色好看", "不粘吗"],
    "flash-sale": ["抢到了", "没抢到", "还有吗", "上链接", "已拍", "手慢了", "再来一轮", "抢到了开心", "3", "2", "1"],
    "interaction": ["A", "B", "1", "扣1", "选A", "选B", "主播唱首歌", "哈哈哈", "来了"],
    "giveaway": ["满满家人团", "加团了", "福袋福袋", "中了吗", "1", "已加入粉丝团", "小满好物"],
    "closing": ["明天见", "拜拜", "主播辛苦了", "明晚几点", "晚安", "下次还来"],
}
NEGATIVE = ["这是假货吧", "上次买的退款还没到账", "客服不回消息", "骗人的吧，根本不粘", "发货慢死了", "和图片不一样",
            "假货别买", "申请退款了", "货不对板", "投诉了"]


def rehearse(playbook: Path, log: Path, wall0: int, acts, holds: dict | None = None) -> None:
    """A rehearsal of ``playbook`` at speed 60 on a fake clock, logged to ``log``. The operator takes
    each segment when its time is up, ``holds[segment]`` ms later for a segment held over, and does
    ``acts`` (show ms, engine method, arguments) on time; after a ``back`` the next take is an act."""
    playbook_model, library = load_show(playbook, LIBRARY)
    prepared = new_run(playbook, playbook_model, library, wall_ms=wall0, speed=60.0, start_at=None, roles=(),
                       interactive=True, log_path=log)
    clock = FakeClock(0, wall0_ms=wall0, speed=60.0)
    run = PlainRun(prepared.engine, prepared.log, clock, io.StringIO(), Formatter((), {}, None, {}))
    run.emit(prepared.events)
    engine, acts, holds = run.engine, list(acts), holds or {}
    take_at, manual = None, False
    while engine.state != "finished":
        due = [t for t in (engine.next_deadline(), acts[0][0] if acts else None, take_at) if t is not None]
        if not due:
            break
        clock.now = now = max(min(due), clock.now)
        events = engine.tick(now)
        run.emit(events)
        for event in events:
            if event.kind == "overtime" and not manual:
                take_at = now + holds.get(event.seg, 0)
        if take_at is not None and take_at <= now:
            take_at = None
            run.emit(engine.take(now))
        while acts and acts[0][0] <= now:
            _, name, *args = acts.pop(0)
            manual = name == "back" or (manual and name != "take")
            if name in ("back", "take"):
                take_at = None
            run.emit(getattr(engine, name)(now, *args))
    run.stop("end")


def minute_rows(log: Path, rng: random.Random, opening_pull: float = 0.0, minutes_around: int = 5):
    """(dated clock label, values, segment kind, show ms) per minute of the show on its clock and
    ``minutes_around`` either side, and the run's times."""
    from livesop.review.align import show_times
    from livesop.review.ran import ran
    from livesop.review.values import zone
    from livesop.runner.runlog import read_log

    read = read_log(log)
    times = show_times(read, zone("UTC"))
    known = ran(read, None)
    prices = _prices(log)
    day = dt.date(1970, 1, 1) + dt.timedelta(milliseconds=times.local0_ms)
    online, rows = 60.0, []
    for minute in range(-minutes_around, times.end // M + minutes_around + 1):
        t = minute * M - times.clock0_ms % M
        place = times.place(t + M // 2)
        info = known.segments.get(place)
        kind = info.kind if info else None
        inside = info is not None
        target, ctr, cvr, chat = KINDS.get(kind, KINDS[None]) if inside else (40 if t < 0 else 120, 0, 0.0, 2)
        if kind == "opening":
            target *= 1 + opening_pull
        previous = online
        online = max(5.0, online + (target - online) * 0.22 + rng.gauss(0, target * 0.03))
        delta = online - previous
        entries = max(0, round(online * 0.11 + max(delta, 0) + rng.gauss(0, 6)))
        exits = max(0, round(entries - delta))
        exposure = round(online * (0.35 if kind in ("product", "flash-sale") else 0.2)) if inside else 0
        clicks = round(exposure * ctr * rng.uniform(0.8, 1.2))
        buyers = round(clicks * cvr * rng.uniform(0.6, 1.4))
        orders = buyers + (rng.random() < 0.3 and buyers > 0)
        price = prices.get(info.product if info else None, 79.0)
        if not inside and t >= times.end:  # orders paid after the show ended
            buyers = orders = int(rng.random() < 0.5)
        gmv = orders * price * rng.choice((1, 1, 1, 2))
        clock = times.clock(t)[:5]
        rows.append((f"{day + dt.timedelta(days=(times.clock0_ms + t) // (24 * 3600 * S))} {clock}", {
            "online": round(online), "entries": entries, "exits": exits, "gmv": gmv, "orders": orders,
            "buyers": buyers, "exposure": exposure, "clicks": clicks,
            "fans": max(0, round(online * 0.012 + rng.gauss(0, 1))),
            "comments": max(0, round(online * chat / 100 * rng.uniform(0.7, 1.3))),
            "likes": round(online * rng.uniform(8, 14))}, kind, t))
    return rows, times


def _prices(log: Path) -> dict:
    """Live price of each product of the playbook that ran."""
    from livesop.checks.validate import load_playbook
    from livesop.runner.runlog import read_log

    head = read_log(log).header or {}
    playbook, *_ = load_playbook(Path(head["file"]), LIBRARY)
    return {p.id: float(p.live_price or 0) for p in playbook.products}


def write_minutes(path: Path, rows, title: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([title])
    writer.writerow([])
    writer.writerow(HEADERS)
    for stamp, v, kind, t in rows:
        rate = f"{v['clicks'] / v['exposure'] * 100:.1f}%" if v["exposure"] else "-"
        likes = f"{v['likes'] / 10000:.1f}万" if v["likes"] >= 10000 else str(v["likes"])
        writer.writerow([stamp, v["online"], v["entries"], v["exits"], f"{v['gmv']:,.2f}", v["orders"], v["buyers"],
                         v["exposure"] if v["exposure"] else "-", v["clicks"] if v["exposure"] else "-", rate,
                         v["fans"], v["comments"], likes])
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def write_comments(path: Path, rows, rng: random.Random, burst: tuple[int, int]) -> None:
    lines = []
    for stamp, v, kind, t in rows:
        count = v["comments"]
        pool = COMMENTS.get(kind or "", COMMENTS["warmup" if t < 0 else "closing"])
        for n in range(count):
            second = rng.randrange(60)
            if burst[0] <= t < burst[1] and rng.random() < 0.35:
                text = rng.choice(NEGATIVE)
            elif rng.random() < 0.004:
                text = rng.choice(NEGATIVE)
            else:
                text = rng.choice(pool)
            lines.append((stamp, second, n, {"time": f"{stamp}:{second:02d}", "user": f"用户{rng.randrange(10000):04d}",
                                             "text": text}))
    lines.sort(key=lambda item: item[:3])
    path.write_text("".join(json.dumps(item[3], ensure_ascii=False) + "\n" for item in lines), encoding="utf-8")


def week_playbook(out: Path, week: int) -> Path:
    """The playbook of week ``week`` (0: the bundled one; later: a copy with another 开场 variant)."""
    if week == 0:
        return DAILY
    text = DAILY.read_text(encoding="utf-8")
    text = text.replace("version: 1.0.0", f"version: 1.{week}.0", 1)
    text = text.replace(f'say: "{OPENINGS[0]}"', f'say: "{OPENINGS[week % len(OPENINGS)]}"', 1)
    folder = out / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"daily-week{week + 1}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HOLDS = {"pitch-hero": 2 * M}  # 讲品 of the hero product held two minutes over: the show runs late
ACTS = [
    (44 * M, "back"),  # back to 利润款 for two minutes: a segment visited twice
    (46 * M, "take"),
    (91 * M, "open_emergency", "negative-comments"),
    (91 * M + 40 * S, "respond_emergency"),
    (95 * M, "close_emergency"),
]


def make_week(out: Path, week: int) -> Path:
    wall0 = WALL0 + week * WEEK_MS
    date = (dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=wall0)).date()
    stem = out / f"daily-{date}"
    log = stem.with_suffix(".jsonl")
    for path in (log, Path(f"{stem}.minutes.csv"), Path(f"{stem}.comments.jsonl")):
        path.unlink(missing_ok=True)
    rehearse(week_playbook(out, week), log, wall0, ACTS, HOLDS)
    rng = random.Random(20251125 + week)
    rows, times = minute_rows(log, rng, opening_pull=0.12 * (week % len(OPENINGS)))
    write_minutes(Path(f"{stem}.minutes.csv"), rows, f"小满好物 · 日播 分钟级数据（{date}）")
    write_comments(Path(f"{stem}.comments.jsonl"), rows, rng, (90 * M, 95 * M))
    return log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--weeks", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for week in range(args.weeks):
        print(make_week(args.out, week))


if __name__ == "__main__":
    main()
