"""Build playbooks/examples/直播脚本.xlsx: a 直播脚本 laid out the way teams keep it in Excel.

A merged title row, info lines (日期 / 主播 / 时长 in cell pairs, a merged 直播间 line), a
header row, then one row per segment with the host's 话术, timed cues for 助播 / 场控 / 中控, and
the product columns. ``livesop import`` reads it:

    python scripts/make_example_xlsx.py
    livesop import playbooks/examples/直播脚本.xlsx -o imported.yaml

The file is byte-for-byte the same on every run (fixed document dates, fixed zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "playbooks" / "examples" / "直播脚本.xlsx"
FIXED = dt.datetime(2026, 11, 20, 9, 0, 0)

TITLE = "小满家居好物 · 11月25日晚场直播脚本"
HEADERS = ["时间段", "环节", "时长", "主播话术", "助播", "场控", "中控", "商品", "链接号", "直播价", "备注"]
ROWS = [
    ["20:00-20:10", "预热", "10分钟",
     "欢迎来到小满家居好物，我是阿满！\n新进来的朋友点个关注，福袋已经挂上了，评论区发“小满好物”就能参与。",
     "00:00 样品按讲品顺序摆好\n03:00 欢迎新进直播间的朋友", "00:30 挂预热福袋：关注+口令，倒计时10分钟\n05:00 报在线人数",
     "00:00 确认推流正常、音画同步", "", "", "", "人少也要把气氛做起来"],
    ["20:10-20:15", "开场", "5分钟",
     "今天给大家准备了炒锅、保温杯、抹布三样家里天天用的东西，21:00有一轮9.9元秒杀。",
     "01:00 三款商品依次拿到镜头前", "00:30 预热福袋开奖，截图存档", "", "", "", "", ""],
    ["20:15-20:30", "讲品：不粘炒锅", "15分钟",
     "00:00 平时煎蛋粘锅、洗锅要泡半天的朋友看过来。\n04:00 燃气灶、电磁炉都能用，检测报告在详情页。\n"
     "10:00 今天直播间199元，下单加赠硅胶锅铲一把，1号链接。",
     "02:00 现场煎蛋演示：少油下锅，轻推不粘", "01:00 挂关注福袋，倒计时10分钟\n12:00 报转化率",
     "00:00 弹出1号讲解卡\n09:30 上架1号链接", "麦饭石色不粘炒锅 32cm", 1, "¥199", ""],
    ["20:30-20:45", "讲品：保温杯", "15min",
     "00:00 316不锈钢内胆，材质检测报告在详情页可以看。\n08:00 今天79元，加赠替换杯盖一个，2号链接。",
     "03:00 倒热水演示，测温枪给镜头看水温", "06:00 报在线人数和停留", "00:00 弹出2号讲解卡\n07:30 上架2号链接",
     "316不锈钢保温杯 500ml", 2, "79元", ""],
    ["20:45-21:00", "互动：扣1抽福袋", "15m",
     "想要福袋的朋友评论区扣1，我看看今天来了多少老朋友！",
     "", "00:00 挂粉丝团福袋，倒计时10分钟\n10:00 福袋开奖，截图存档", "12:00 准备21:00秒杀：抹布库存备好",
     "", "", "", "互动时段，主播回答评论区问题"],
    ["21:00-21:10", "整点秒杀：抹布", "10分钟",
     "整点秒杀到了！加厚懒人抹布9.9元，3号链接，每个账号限拍一件。三、二、一，上链接！",
     "01:00 演示抹布干湿两用", "每分钟报一次剩余库存", "00:00 改价9.9元并放库存\n09:00 秒杀结束，停止放库存",
     "加厚懒人抹布 50张/卷", 3, 9.9, "21:00准时开始"],
    ["21:10-21:40", "返场：不粘炒锅", "30分钟",
     "00:00 刚才没听到的朋友，不粘炒锅我完整再讲一遍。\n15:00 还没拍的朋友，1号链接199元，赠品跟着订单一起发。",
     "03:00 再做一次煎蛋演示", "01:00 挂关注福袋，倒计时10分钟\n16:00 福袋开奖", "00:00 置顶1号链接",
     "麦饭石色不粘炒锅 32cm", 1, "¥199", ""],
    ["21:40-22:00", "下播", "20分钟",
     "感谢大家今晚的陪伴！明晚20:00还是小满家居好物，关注了的朋友开播会收到提醒。",
     "05:00 清点样品和赠品", "15:00 记录下播前在线人数", "10:00 下架秒杀链接，核对链接价格", "", "", "", ""],
]


def build() -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = "直播脚本"
    last = len(HEADERS)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.cell(row=1, column=1, value=TITLE).font = Font(size=16, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for column, value in enumerate(["日期", dt.datetime(2026, 11, 25), "主播", "阿满", "助播", "小鹿", "时长", "2小时"], 1):
        cell = ws.cell(row=2, column=column, value=value)
        if column == 2:
            cell.number_format = "yyyy-mm-dd"
    ws.cell(row=3, column=1, value="直播间：小满家居好物　平台：抖音　目标：场观2万，成交额5万")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last)

    header_row = 5
    for column, header in enumerate(HEADERS, 1):
        cell = ws.cell(row=header_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FCE4D6")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = border
    for offset, values in enumerate(ROWS, 1):
        for column, value in enumerate(values, 1):
            cell = ws.cell(row=header_row + offset, column=column, value=value if value != "" else None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    for letter, width in zip("ABCDEFGHIJK", (13, 16, 8, 48, 24, 26, 24, 22, 7, 8, 18)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"C{header_row + 1}"
    book.properties.creator = "小满家居好物 运营组"
    book.properties.created = FIXED
    book.properties.modified = FIXED
    return book


def deterministic(data: bytes) -> bytes:
    """The same workbook with fixed zip timestamps and a fixed ``modified`` date (openpyxl stamps
    the time of saving)."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>",
                                 content)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    buffer = io.BytesIO()
    build().save(buffer)
    data = deterministic(buffer.getvalue())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(f"wrote {output} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
