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


def shares_by_express(shares: pd.DataFrame) -> dict:
    """Women's share lines as plotly express drew them for one region before they were built
    directly (the same calls), as parsed JSON."""
    import json

    import plotly.express as px

    from figures.common import style

    figure = px.line(
        shares,
        x="fiscal_year",
        y="women_share",
        color="theme_name",
        color_discrete_map={"Gender Gap": "#309C9C", "All programs": "#7F7F7F"},
        markers=True,
        facet_col=None,
        facet_col_wrap=4,
        labels={"fiscal_year": "Fiscal year", "region_name": "Region", "theme_name": "Programs"},
    )
    figure.update_traces(hovertemplate="%{fullData.name}, %{x}: %{y:.0%}<extra></extra>")
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    return json.loads(style(figure, y_title="Women's share", x_title="").to_json())


def test_one_regions_womens_share_lines_are_the_ones_plotly_express_draws():
    """Built without plotly express, the same figure: two lines in their fixed colours, in the
    order the kinds of program first appear, a hidden share a gap; and a single fiscal year's
    two points."""
    import json

    from figures.themes import women_share_lines

    rows = [
        ("FY2022-23", "gender_gap", 0.52),
        ("FY2022-23", "ALL", 0.41),
        ("FY2023-24", "gender_gap", None),
        ("FY2023-24", "ALL", 0.38),
    ]
    shares = with_names(pd.DataFrame(rows, columns=["fiscal_year", "theme", "women_share"]))
    shares["region"] = "SSA"
    figure = women_share_lines(shares)
    assert [t.name for t in figure.data] == ["Gender Gap", "All programs"]
    assert [t.line.color for t in figure.data] == ["#309C9C", "#7F7F7F"]
    assert list(figure.data[1].y) == [0.41, 0.38] and pd.isna(figure.data[0].y[1])
    assert json.loads(figure.to_json()) == shares_by_express(shares)
    one_year = shares[shares["fiscal_year"] == "FY2022-23"]
    assert json.loads(women_share_lines(one_year).to_json()) == shares_by_express(one_year)
