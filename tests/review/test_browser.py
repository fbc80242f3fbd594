"""The HTML 复盘 drawn by a real browser: headless Chromium lays out the page, and every chart's
Chinese labels are SVG text it measured (a label that was not laid out measures nothing).

Needs the distribution's chromium (Debian: ``apt-get install -y chromium fonts-noto-cjk``); without it
the test is skipped and says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from livesop.review import room
from livesop.runner.report import render
from livesop.runner.report.summary import summarize
from tests.review.kit import M, SHOW, comments_jsonl, every_minute, minutes_csv, read, run_show

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PROBE = """<script>
const own = t => [...t.childNodes].filter(n => n.nodeType === 3).map(n => n.nodeValue).join('');
const found = [...document.querySelectorAll('svg.chart text')].map(t => [own(t), t.getComputedTextLength()]);
const out = document.createElement('pre'); out.id = 'probe'; out.textContent = JSON.stringify(found);
document.body.appendChild(out);
</script>"""


def browser() -> str | None:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


@pytest.fixture
def page(tmp_path):
    show = tmp_path / "small.yaml"
    show.write_text(SHOW, encoding="utf-8")
    log = run_show(show, tmp_path / "run.jsonl", [(7 * M, "open_emergency", "negative")])
    data = minutes_csv(tmp_path / "m.csv", every_minute("19:58", 30))
    said = comments_jsonl(tmp_path / "c.jsonl", [("20:06:10", "假货"), ("20:06:20", "退款"), ("20:12:00", "已拍")])
    html = render("html", summarize(read(log)), (room(read(log), data, said, tz="Asia/Shanghai"),))
    return html


def measured(html: str, folder) -> dict[str, float]:
    """Each SVG text of the page as the browser laid it out: text → width in px."""
    path = folder / "page.html"
    path.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={folder}/p",
                             "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    dom = result.stdout
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    raw = dom[start:dom.index("</pre>", start)].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    widths: dict[str, float] = {}
    for text, width in json.loads(raw):
        widths[text] = max(width, widths.get(text, 0))
    return widths


@pytest.mark.skipif(browser() is None, reason="no chromium on this machine: apt-get install -y chromium fonts-noto-cjk")
def test_the_charts_chinese_labels_are_laid_out_by_a_real_browser(page, tmp_path):
    widths = measured(page, tmp_path)
    for label in ("在线人数（每分钟）", "在线人数", "话术", "开场", "讲品·炒锅", "各环节成交金额与订单数", "成交金额（元）",
                  "成交订单数", "每分钟评论数（红色：含负面词）", "含负面词", "开播前", "下播后", "⚠ 负面舆情", "20:00"):
        assert label in widths, f"{label} is not in any chart: {sorted(widths)}"
        least = sum(9 if ord(ch) > 0x2e7f else 4 for ch in label)  # a CJK glyph at 10–15 px, a digit or a mark
        assert widths[label] >= least, f"{label} was laid out {widths[label]} px wide"
    assert any("假货" in text for text in widths)  # the negative words written over the comment bars
