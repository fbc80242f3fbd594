"""话术 (LS5xx) findings that follow from another finding are not reported twice."""

from __future__ import annotations

from tests.checks.test_prices import HEAD
from tests.helpers import diagnose


def test_an_unknown_product_is_one_finding_not_one_per_placeholder():
    found = [d.code for d in diagnose(HEAD + """\
scripts:
  pitch: "{product.name}，今天{product.live_price}元，拍{product.link}号链接，库存{product.stock}件"
segments:
  - id: serum
    title: "讲品：{product.name}"
    duration: 10m
    product: serum
    cues:
      - {at: 0s, role: host, say: pitch}
  - id: gone
    title: "讲品：{product.name}"
    duration: 10m
    product: frying-pan
    cues:
      - {at: 0s, role: host, say: pitch}
      - {at: 1m, role: host, do: "上{product.link}号链接"}
""") if d.is_error]
    assert found == ["LS302"]
