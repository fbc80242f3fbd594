"""抖音: the minute data of 电商罗盘 and 巨量百应 exports, and the keys of the open-platform API.

Header names are compared after folding full-width forms and case and dropping spaces, ``*``
and a unit in parentheses (``成交金额(元)``); a unit of ``分`` (fen) or ``万`` scales the column.
"""

NAME = "抖音 (电商罗盘 / 巨量百应)"
ZONE = "Asia/Shanghai"

TIME = ("时间", "时间点", "分钟", "时刻", "日期时间", "统计时间", "数据时间", "时间段", "time", "minute", "datetime",
        "date_time", "stat_time", "stat_minute", "timestamp")

COLUMNS: dict[str, tuple[str, ...]] = {
    "online": ("在线人数", "实时在线人数", "同时在线人数", "在线用户数", "在线", "online_user_cnt", "online_ucnt",
               "online_cnt", "online"),
    "entries": ("进入直播间人数", "进入人数", "进房人数", "进场人数", "进入直播间人次", "观看人数", "watch_ucnt",
                "enter_ucnt", "watch_cnt"),
    "exits": ("离开直播间人数", "离开人数", "离场人数", "退出直播间人数", "离开直播间人次", "leave_ucnt", "leave_cnt"),
    "gmv": ("成交金额", "直播间成交金额", "用户支付金额", "支付金额", "成交额", "销售额", "gmv", "pay_amt",
            "pay_amount"),
    "orders": ("成交订单数", "成交订单", "订单数", "支付订单数", "成交单数", "pay_cnt", "pay_order_cnt",
               "order_cnt"),
    "buyers": ("成交人数", "支付人数", "买家数", "成交用户数", "pay_ucnt", "pay_user_cnt"),
    "exposure": ("商品曝光人数", "商品曝光", "曝光人数", "商品曝光用户数", "product_show_ucnt", "product_exposure_ucnt"),
    "clicks": ("商品点击人数", "商品点击", "点击人数", "商品点击用户数", "product_click_ucnt", "product_click_cnt"),
    "fans": ("新增粉丝数", "新增粉丝", "新增关注数", "新增关注", "涨粉数", "涨粉人数", "incr_fans_cnt", "new_fans_cnt",
             "follow_cnt"),
    "comments": ("评论次数", "评论数", "评论条数", "弹幕数", "comment_cnt", "comment_count"),
    "likes": ("点赞次数", "点赞数", "like_cnt", "digg_cnt"),
    "shares": ("分享次数", "分享数", "share_cnt"),
    "click_rate": ("商品点击率", "曝光点击率", "商品曝光点击率", "点击率", "product_click_rate", "ctr"),
    "pay_rate": ("点击成交转化率", "成交转化率", "商品点击成交转化率", "转化率", "pay_rate", "click_pay_rate", "cvr"),
}
