"""Commerce (LS6xx): prices and their basis, the figures said in the words, scarcity wording, link
numbers, unused products."""

from __future__ import annotations

from typing import Iterator

from livesop import regexes
from livesop.checks import prices
from livesop.checks.context import Context
from livesop.diagnostics import Diagnostic
from livesop.i18n import _

# Scarcity and urgency wording that is false marketing unless tied to the real stock.
SCARCITY = regexes.compile(
    r"仅剩|只剩|就剩|手慢无|抢完即止|抢完就没|卖完就没|售完即止|限量\d*[份件单]?|"
    r"最后\s*(?:\d+|[一二两三四五六七八九十几百千]+)\s*[件单份套台瓶盒袋]"
)
STOCK_PLACEHOLDER = "{product.stock}"
_SCARCITY_KINDS = {"script", "library", "do", "title", "step", "mechanism"}

FAMILY = "LS6"


def check(ctx: Context) -> Iterator[Diagnostic]:
    pb = ctx.playbook
    links: dict[int, str] = {}
    shown = {segment.product for segment in ctx.segments}
    for product in pb.products:
        if product.list_price is not None and product.live_price is not None and \
                product.live_price >= product.list_price:
            yield ctx.diag("LS601", product.pos("live_price"),
                           _("直播价 {live_price} of `{product}` is not below its 划线价 {list_price}").format(
                               live_price=_money(product.live_price), product=product.id,
                               list_price=_money(product.list_price)),
                           _("a struck-through price must be higher than the live price; fix one or drop list_price"))
        if product.list_price is not None and product.price_basis is None:
            yield ctx.diag("LS602", product.pos("list_price"),
                           _("`{product}` compares with a list price but says not where it comes from").format(
                               product=product.id),
                           _("add `price_basis:` (e.g. 官方旗舰店日常售价), 《直播电商监督管理办法》第三十二条"))
        if product.link is not None:
            if product.link in links:
                yield ctx.diag("LS604", product.pos("link"),
                               _("link {link} of `{product}` is also product `{other}`'s").format(
                                   link=product.link, product=product.id, other=links[product.link]),
                               _("give each product its own 链接号"))
            else:
                links[product.link] = product.id
        if product.id is not None and product.id not in shown:
            yield ctx.diag("LS605", product.pos("id"),
                           _("product `{product}` never appears in the run of show").format(product=product.id),
                           _("give a segment `product: {product}` or use a for_each block").format(product=product.id))
    yield from prices.check(ctx)
    for spoken in ctx.spoken:
        if spoken.kind not in _SCARCITY_KINDS or STOCK_PLACEHOLDER in spoken.text.value:
            continue
        for match in SCARCITY.finditer(spoken.text.value):
            yield ctx.diag("LS603", spoken.text.loc.point(spoken.text.value, match.start(), match.end()),
                           _("「{words}」 claims scarcity, but the text does not state the real stock").format(
                               words=match.group(0)),
                           _("say the stock with `{product.stock}` in the same text, or drop the wording"))


def _money(value: float) -> str:
    return f"{value:g}"
