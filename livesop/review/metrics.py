"""What the platforms count minute by minute, once: each metric's key, Chinese name and kind.

Each platform's export (``review.platforms``) maps its column headers onto these keys. ``sum``
metrics add up over minutes (people entering, orders, GMV); ``level`` is a head count at each
minute (online), averaged and peaked; ``rate`` is a share per minute, read only when the counts
it comes from are missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A minute metric: its Chinese name, its kind (sum, level, rate) and whether it is money."""

    label: str  # as the export and the report name it
    kind: str  # sum, level, rate
    money: bool = False


METRICS: dict[str, Metric] = {
    "online": Metric("在线人数", "level"),
    "entries": Metric("进入直播间人数", "sum"),
    "exits": Metric("离开直播间人数", "sum"),
    "gmv": Metric("成交金额", "sum", money=True),
    "orders": Metric("成交订单数", "sum"),
    "buyers": Metric("成交人数", "sum"),
    "exposure": Metric("商品曝光人数", "sum"),
    "clicks": Metric("商品点击人数", "sum"),
    "fans": Metric("新增粉丝数", "sum"),
    "comments": Metric("评论次数", "sum"),
    "likes": Metric("点赞次数", "sum"),
    "shares": Metric("分享次数", "sum"),
    "click_rate": Metric("商品点击率", "rate"),
    "pay_rate": Metric("点击成交转化率", "rate"),
}
