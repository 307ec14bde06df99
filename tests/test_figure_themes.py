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


def by_express(frame: pd.DataFrame, y: str, y_title: str, money: bool = False) -> dict:
    """The figure as plotly express drew it for one region before trend_lines built it
    directly (the same calls), as parsed JSON."""
    import json

    import plotly.express as px

    from figures.common import style
    from figures.themes import theme_colours

    one_year = frame["fiscal_year"].nunique() == 1
    figure = (px.bar if one_year else px.line)(
        frame,
        x="theme_name" if one_year else "fiscal_year",
        y=y,
        color="theme_name",
        color_discrete_map=theme_colours(frame),
        labels={"fiscal_year": "Fiscal year", "theme_name": "Theme", "region_name": "Region"},
    )
    if not one_year:
        figure.update_traces(mode="lines+markers")
    figure.update_traces(
        hovertemplate="%{fullData.name}, %{x}: "
        + ("$%{y:,.0f}" if money else "%{y:,}")
        + "<extra></extra>"
    )
    if money:
        figure.update_yaxes(tickprefix="$", tickformat="~s")
    if one_year:
        figure.update_layout(showlegend=False)
        style(figure, y_title=y_title, x_title=str(frame["fiscal_year"].iloc[0]))
    else:
        figure.update_xaxes(type="category", categoryorder="category ascending")
        style(figure, y_title=y_title, x_title="")
    return json.loads(figure.to_json())


def test_one_regions_figure_is_the_one_plotly_express_draws_hidden_counts_as_gaps():
    """Built without plotly express (three figures of every Themes page), the same figure: for
    lines with a hidden count (Gender Gap's FY2023-24 participants: a gap), money on the axis,
    and the one-year bars. Themes keep the order they first appear in."""
    import json

    rows = [
        ("FY2022-23", "gender_gap", 12, 2500.0),
        ("FY2022-23", "education", 7, 1000.0),
        ("FY2023-24", "gender_gap", None, 4000.0),
        ("FY2023-24", "education", 9, 1500.0),
    ]
    lines = with_names(
        pd.DataFrame(rows, columns=["fiscal_year", "theme", "participants", "awarded_usd"])
    ).astype({"participants": "Int64"})
    lines["region"] = "ALL"
    figure = trend_lines(lines, "participants", "Participants")
    assert [t.name for t in figure.data] == ["Gender Gap", "Education"]
    assert list(figure.data[0].y[:1]) == [12] and pd.isna(figure.data[0].y[1])
    assert json.loads(figure.to_json()) == by_express(lines, "participants", "Participants")
    money = trend_lines(lines, "awarded_usd", "Awarded USD", money=True)
    assert money.layout.yaxis.tickprefix == "$"
    assert json.loads(money.to_json()) == by_express(
        lines, "awarded_usd", "Awarded USD", money=True
    )
    one_year = lines[lines["fiscal_year"] == "FY2022-23"]
    bars = trend_lines(one_year, "participants", "Participants")
    assert [list(t.y) for t in bars.data] == [[12], [7]]
    assert json.loads(bars.to_json()) == by_express(one_year, "participants", "Participants")
