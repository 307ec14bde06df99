"""Theme trends: lines over several fiscal years on a category axis, and bars side by side when
only one fiscal year is chosen (a line of one point says nothing)."""

import pandas as pd

from figures.themes import trend_lines, with_names


def frame(years):
    rows = [(y, t, v) for y in years for t, v in (("education", 3), ("gender_gap", 5))]
    return with_names(pd.DataFrame(rows, columns=["fiscal_year", "theme", "programs"]))


def test_several_fiscal_years_draw_a_line_per_theme_on_a_category_axis():
    figure = trend_lines(frame(["FY2022-23", "FY2023-24"]), "programs", "Programs")
    assert [t.type for t in figure.data] == ["scatter", "scatter"]
    assert [t.mode for t in figure.data] == ["lines+markers", "lines+markers"]
    assert figure.layout.xaxis.type == "category"


def test_a_single_fiscal_year_draws_the_themes_as_bars_named_for_the_year():
    figure = trend_lines(frame(["FY2023-24"]), "programs", "Programs")
    assert [t.type for t in figure.data] == ["bar", "bar"]
    assert [list(t.x) for t in figure.data] == [["Education"], ["Gender Gap"]]
    assert [list(t.y) for t in figure.data] == [[3], [5]]
    assert figure.layout.xaxis.title.text == "FY2023-24"
