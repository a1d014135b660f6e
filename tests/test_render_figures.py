"""Figures are shown as the article wrote them, not rebuilt from a float."""
from __future__ import annotations

from briefing.render import format_figure
from db.rows import Figure


def _figure(text: str | None, value: float, unit: str, kind: str, year: int | None = None) -> Figure:
    return Figure(id=1, iso3=None, kind=kind, value=value, value_high=None, unit=unit, year=year, text=text or "",
                  start=0, end=0)


def test_a_figure_is_printed_as_written():
    assert format_figure(_figure("£3.3tn", 3.3e12, "GBP", "money")) == "£3.3tn"
    assert format_figure(_figure("3.5% of GDP", 3.5, "%", "gdp_share", 2030)) == "3.5% of GDP (2030)"


def test_without_its_text_a_figure_is_built_from_value_and_unit():
    assert format_figure(_figure(None, 86e9, "USD", "money")) == "USD 86bn"
