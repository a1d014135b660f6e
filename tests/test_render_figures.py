"""Figures are shown as the article wrote them, not rebuilt from a float."""
from __future__ import annotations

from briefing.render import format_figure


def test_a_figure_is_printed_as_written():
    f = {"text": "£3.3tn", "value": 3.3e12, "unit": "GBP", "kind": "money", "year": None}
    assert format_figure(f) == "£3.3tn"
    f = {"text": "3.5% of GDP", "value": 3.5, "unit": "%", "kind": "gdp_share", "year": 2030}
    assert format_figure(f) == "3.5% of GDP (2030)"


def test_without_its_text_a_figure_is_built_from_value_and_unit():
    assert format_figure({"value": 86e9, "unit": "USD", "kind": "money"}) == "USD 86bn"
