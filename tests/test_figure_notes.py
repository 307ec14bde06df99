"""Dated notes on trend charts: a marker at each fiscal year the chart spans that has notes, none
for the years it does not, and the notes' text as text."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from figures.notes import mark

NOTES = pd.DataFrame(
    {
        "note_date": pd.to_datetime(["2023-07-01", "2023-09-30", "2019-03-01"]),
        "fiscal_year": ["FY2023-24", "FY2023-24", "FY2018-19"],
        "title": ["MENA and SSA split from MEA", "<b>Rapid</b> round moved", "Too early"],
        "text": ["Two committees.", None, "Before the chart."],
    }
)


def trend() -> go.Figure:
    return go.Figure(go.Scatter(x=["FY2022-23", "FY2023-24", "FY2024-25"], y=[1, 2, 3]))


def test_one_marker_per_spanned_fiscal_year_with_every_note_of_that_year():
    figure = mark(trend(), NOTES)
    assert [shape.x0 for shape in figure.layout.shapes] == ["FY2023-24"]
    assert figure.layout.margin.t == 32  # the label above the plot is not cut off
    (label,) = figure.layout.annotations
    assert label.text == "▼ MENA and SSA split from MEA; &lt;b&gt;Rapid&lt;/b&gt; round moved"
    assert label.hovertext == (
        "2023-07-01: MENA and SSA split from MEA — Two committees.<br>"
        "2023-09-30: &lt;b&gt;Rapid&lt;/b&gt; round moved"
    )


def test_a_chart_that_spans_no_note_is_left_as_it_was():
    figure = mark(go.Figure(go.Scatter(x=["FY2020-21"], y=[1])), NOTES)
    assert figure.layout.shapes == () and figure.layout.annotations == ()
    bars = mark(go.Figure(go.Bar(x=["SSA", "LAC"], y=[1, 2])), NOTES)
    assert bars.layout.shapes == ()


def test_a_label_runs_towards_the_wider_side_of_its_line():
    # plotly widens an axis until an axis-anchored label fits: a label running right from a
    # line near the right edge squeezed a narrow chart's data into a third of its width
    years = ["FY2019-20", "FY2020-21", "FY2021-22", "FY2022-23", "FY2023-24", "FY2024-25"]
    (late,) = mark(go.Figure(go.Scatter(x=years, y=[1] * 6)), NOTES).layout.annotations
    assert (late.xanchor, late.text) == (
        "right",
        "MENA and SSA split from MEA; &lt;b&gt;Rapid&lt;/b&gt; round moved ▼",
    )
    early_axis = ["FY2023-24", "FY2024-25", "FY2025-26"]
    (early,) = mark(go.Figure(go.Bar(x=early_axis, y=[1, 2, 3])), NOTES).layout.annotations
    assert early.xanchor == "left" and early.text.startswith("▼ ")


def test_small_multiples_get_the_marker_without_its_title():
    # a facet is too narrow for the title: it ran off the figure's left edge on Regions
    facets = px.bar(
        pd.DataFrame(
            {
                "fiscal_year": ["FY2022-23", "FY2023-24"] * 2,
                "region": ["SSA"] * 2 + ["SA"] * 2,
                "usd": [1, 2, 3, 4],
            }
        ),
        x="fiscal_year",
        y="usd",
        facet_col="region",
    )
    (label,) = mark(facets, NOTES).layout.annotations[-1:]
    assert (label.text, label.xanchor, label.yshift) == ("▼", "center", 18)
    assert label.hovertext.startswith("2023-07-01: MENA and SSA split from MEA")
