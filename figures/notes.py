"""Dated notes (annotations) on fiscal-year trend charts: a dotted line at the fiscal year of
each note the chart spans, labelled with its title, the note's text on hover. One function for
the app's chart blocks and the static report."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

NOTE_COLOUR = "rgba(128, 128, 128, 0.9)"  # mid grey: readable on light and dark backgrounds


def fiscal_years_on_axis(figure: go.Figure) -> list[str]:
    """The fiscal years a chart's x axis spans (its traces' x values that are fiscal years)."""
    years: set[str] = set()
    for trace in figure.data:
        xs = getattr(trace, "x", None)
        if xs is None:
            continue
        years.update(str(x) for x in xs if isinstance(x, str) and x.startswith("FY"))
    return sorted(years)


def spanned(figure: go.Figure, notes: pd.DataFrame) -> pd.DataFrame:
    """The notes (rows of queries/annotations.sql) whose fiscal year the figure spans."""
    years = fiscal_years_on_axis(figure)
    return notes[notes["fiscal_year"].isin(years)] if years else notes.iloc[0:0]


def describe(figure: go.Figure, notes: pd.DataFrame) -> str:
    """The notes a figure marks, for its text alternative: '' when none."""
    shown = spanned(figure, notes)
    items = [f"{r.fiscal_year}: {r.title}" for r in shown.itertuples()]
    return f" Notes marked on the chart: {'; '.join(items)}." if items else ""


def mark(figure: go.Figure, notes: pd.DataFrame) -> go.Figure:
    """The figure with a marker for each note whose fiscal year it spans (notes: the rows of
    queries/annotations.sql). Titles and texts come from files: escaped, plotly reads tags."""
    shown = spanned(figure, notes)
    # small multiples: a facet is too narrow for the title, which would run into its neighbour
    # or off the figure; the marker alone, above the facets' titles, with the notes in its
    # hover and the text alternative
    facets = sum(1 for name in figure.layout.to_plotly_json() if name.startswith("xaxis")) > 1
    if not shown.empty:
        # room above the plot for the labels, which sit just over its top edge
        top = figure.layout.margin.t if figure.layout.margin.t is not None else 0
        figure.update_layout(margin={"t": max(top, 50 if facets else 32)})
    years = fiscal_years_on_axis(figure)
    for year, rows in shown.groupby("fiscal_year", sort=True):
        titles = "; ".join(escape(str(t)) for t in rows["title"])
        hover = "<br>".join(
            f"{pd.Timestamp(r.note_date):%Y-%m-%d}: {escape(str(r.title))}"
            + (f" — {escape(str(r.text))}" if isinstance(r.text, str) and r.text else "")
            for r in rows.itertuples()
        )
        # the label runs towards the wider side of the line: plotly widens the axis until an
        # axis-anchored label fits, which squeezed a narrow chart's data into a third of it
        right_half = years.index(year) > (len(years) - 1) / 2
        figure.add_vline(x=year, line={"dash": "dot", "color": NOTE_COLOUR, "width": 1.5})
        figure.add_annotation(
            x=year,
            y=1,
            yref="paper",
            yanchor="bottom",
            text="▼" if facets else f"{titles} ▼" if right_half else f"▼ {titles}",
            showarrow=False,
            font={"size": 11, "color": NOTE_COLOUR},
            hovertext=hover,
            xanchor="center" if facets else "right" if right_half else "left",
            yshift=18 if facets else 0,
        )
    return figure
