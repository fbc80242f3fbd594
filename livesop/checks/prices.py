"""The figures in the words against the products they are said for (LS602, LS606-LS609).

Each spoken or shown text is read for prices, list prices, savings, discounts and stock
(``checks.money``) and compared with every product it is used with: a 话术 with the product of
each segment whose cue says it, a cue action or title with its segment's product (a ``for_each``
block once per product), a product's own name, mechanism and claims with that product. A price
in a text used with no product must be some product's price. The commerce check yields these.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterator

from livesop import regexes
from livesop.checks.context import Context
from livesop.checks.money import DISCOUNT, LIST_PRICE, PRICE, SAVING, STOCK, Mention, mentions
from livesop.diagnostics import Diagnostic
from livesop.format.model import Product, Text, is_library_ref, split_library_ref
from livesop.i18n import N_, _

NO_PRODUCT = None
_CENT = 0.005
_TENTH = 0.1 + 1e-9
_KINDS = {"script", "library", "do", "title", "step", "mechanism", "claim", "product", "variable"}
# A character a figure needs: every character Python counts as a digit (``str.isdigit``: the decimal
# digits of ``\d`` and the superscript, circled and other digits listed after it), or a money word.
MAY_HOLD_FIGURES = regexes.compile(
    "[\\d元块折价剩\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
    "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
    "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]")
# hints, marked for the catalogue and translated where a finding is made (the braces are literal)
_HINT_PRICE = N_("say it with `{product.live_price}` so the words follow the product's price")
_HINT_LIST = N_("say it with `{product.list_price}`, or fix the product's list_price")
_HINT_STOCK = N_("say it with `{product.stock}` so the words follow the product's stock")


def check(ctx: Context) -> Iterator[Diagnostic]:
    products = {p.id: p for p in ctx.playbook.products if p.id}
    used = _usage(ctx)
    for spoken in ctx.spoken:
        if spoken.kind not in _KINDS or not MAY_HOLD_FIGURES.search(spoken.text.value):
            continue
        found = _mentions(spoken.text.value)
        if not found:
            continue
        uses = used.get(id(spoken.text), {NO_PRODUCT})
        for mention in found:
            for product_id in sorted(uses, key=lambda u: (u is None, u or "")):
                product = products.get(product_id) if product_id is not None else None
                if product_id is not None and product is None:
                    continue  # an unknown product is reported once, by the references check
                yield from _compare(ctx, spoken.text, mention, product, products)


@lru_cache(maxsize=65536)
def _mentions(text: str) -> tuple[Mention, ...]:
    """``mentions``, once per text in a run: the same 话术 and library texts come back in every
    segment and in every playbook of a folder."""
    return tuple(mentions(text))


def _usage(ctx: Context) -> dict[int, set[str | None]]:
    """id(text) → the products it is said or shown with (None: with no product)."""
    used: dict[int, set[str | None]] = defaultdict(set)
    playbook, library = ctx.playbook, ctx.library
    for segment in ctx.segments:
        product = segment.product
        if segment.title is not None:
            used[id(segment.title)].add(product)
        for cue in segment.cues:
            if cue.do is not None:
                used[id(cue.do)].add(product)
            text = _said(cue.say, playbook, library)
            if text is not None:
                used[id(text)].add(product)
    for product in playbook.products:
        for text in (product.name, product.mechanism, *(claim.text for claim in product.claims)):
            if text is not None:
                used[id(text)].add(product.id)
    return used


def _said(ref: str | None, playbook, library) -> Text | None:
    if ref is None:
        return None
    if is_library_ref(ref):
        entry_id, variant = split_library_ref(ref)
        entry = library.entries.get(entry_id) if library is not None else None
        return entry.variant(variant) if entry is not None else None
    script = playbook.scripts.get(ref)
    return script.text if script is not None else None


def _compare(ctx: Context, text: Text, m: Mention, product: Product | None,
             products: dict[str, Product]) -> Iterator[Diagnostic]:
    figure = text.value[m.start:m.end]
    loc = text.loc.point(text.value, m.start, m.end)
    if product is None:
        if m.kind == PRICE and not m.coupon and products and not any(
                _same(m.value, p.live_price) or _same(m.value, p.list_price) for p in products.values()):
            prices = "、".join(f"{_money(p.live_price)}元" for p in products.values() if p.live_price is not None)
            if prices:
                message = _("「{figure}」 is said where no product is on, and no product of the playbook sells at "
                            "{price}元 (live prices: {prices})")
            else:
                message = _("「{figure}」 is said where no product is on, and no product of the playbook sells at "
                            "{price}元 (live prices: none)")
            yield ctx.diag("LS609", loc, message.format(figure=figure, price=_money(m.value), prices=prices),
                           _("fix the figure, or give the segment its `product:` and say `{product.live_price}`"))
        return
    name = product.id
    if m.kind == PRICE:
        if m.coupon or product.live_price is None or _same(m.value, product.live_price) or \
                _same(m.value, product.list_price):
            return
        yield ctx.diag("LS606", loc, _("「{figure}」 is said for `{product}`, whose live price is {price}元").format(
            figure=figure, product=name, price=_money(product.live_price)), _(_HINT_PRICE))
    elif m.kind == STOCK:
        if product.stock is not None and m.value != product.stock:
            yield ctx.diag("LS608", loc, _("「{figure}」 is said for `{product}`, whose stock is {stock}").format(
                figure=figure, product=name, stock=product.stock), _(_HINT_STOCK))
    else:
        yield from _comparison(ctx, loc, figure, m, product)


def _comparison(ctx: Context, loc, figure: str, m: Mention, product: Product) -> Iterator[Diagnostic]:
    """A list price, saving or discount: it needs the product's list price and where it comes from."""
    name = product.id
    if product.list_price is None or product.price_basis is None:
        if product.list_price is None:
            message = _("「{figure}」 compares with a list price, but `{product}` has no list_price and price_basis")
        else:
            message = _("「{figure}」 compares with a list price, but `{product}` has no price_basis")
        yield ctx.diag("LS602", loc, message.format(figure=figure, product=name),
                       _("add `list_price:` and `price_basis:` (e.g. 官方旗舰店日常售价) to the product, "
                         "《直播电商监督管理办法》第三十二条"))
        return
    if product.live_price is None:
        return
    if m.kind == LIST_PRICE and not _same(m.value, product.list_price):
        yield ctx.diag("LS606", loc, _("「{figure}」 is said as `{product}`'s list price, which is {price}元").format(
            figure=figure, product=name, price=_money(product.list_price)), _(_HINT_LIST))
    elif m.kind == SAVING and not _same(m.value, product.list_price - product.live_price):
        yield ctx.diag("LS607", loc, _("「{figure}」 is said as `{product}`'s saving, which is {saving}元 "
                                       "({list_price} − {live_price})").format(
                           figure=figure, product=name, saving=_money(product.list_price - product.live_price),
                           list_price=_money(product.list_price), live_price=_money(product.live_price)),
                       _("say the figures with `{product.list_price}` and `{product.live_price}`"))
    elif m.kind == DISCOUNT:
        actual = product.live_price / product.list_price * 10
        if abs(actual - m.value) > _TENTH:
            yield ctx.diag("LS607", loc, _("「{figure}」 is said for `{product}`, whose live price is {discount}折 of "
                                           "its list price ({live_price} / {list_price})").format(
                               figure=figure, product=name, discount=f"{actual:.1f}",
                               live_price=_money(product.live_price), list_price=_money(product.list_price)),
                           _("say the discount the prices give, or name both prices with placeholders"))


def _same(value: float, price: float | None) -> bool:
    return price is not None and abs(value - price) < _CENT


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
