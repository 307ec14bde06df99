"""Theme figures without Streamlit: theme names and colours, and one line per theme over the
fiscal years (small multiples when several regions are shown)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from etl.reference import THEMES
from figures.common import style
from ui.palette import THEME_COLOURS

NO_THEME = "No theme"
ALL_PROGRAMS = "All programs"


def theme_name(code: str) -> str:
    if code == "ALL":
        return ALL_PROGRAMS
    return THEMES.get(code, NO_THEME if code == "none" else code)


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with readable theme (and region) names beside the codes."""
    named = frame.copy()
    if "theme" in named:
        named.insert(0, "theme_name", named["theme"].map(theme_name))
    return named


def funding_by_theme_year(trends: pd.DataFrame) -> pd.DataFrame:
    """Grants, awarded USD and programs per fiscal year and theme, the chosen regions added up
    (all three are additive; participants are not, and are kept per region elsewhere)."""
    summed = trends.groupby(["fiscal_year", "theme"], as_index=False)[
        ["grants_funded", "awarded_usd", "programs"]
    ].sum()
    return with_names(summed)


def theme_colours(frame: pd.DataFrame) -> dict[str, str]:
    return {theme_name(c): THEME_COLOURS.get(c, "#7F7F7F") for c in frame["theme"].unique()}


def trend_lines(frame: pd.DataFrame, y: str, y_title: str, money: bool = False) -> go.Figure:
    """One line per theme over the fiscal years; small multiples when several regions are
    shown (distinct people of several regions cannot be added up). With a single fiscal year a
    line has nothing to join: the themes are bars side by side instead."""
    regions = frame["region"].nunique() if "region" in frame else 1
    one_year = frame["fiscal_year"].nunique() == 1
    draw = px.bar if one_year else px.line
    figure = draw(
        frame,
        x="theme_name" if one_year else "fiscal_year",
        y=y,
        color="theme_name",
        color_discrete_map=theme_colours(frame),
        facet_col="region_name" if regions > 1 else None,
        facet_col_wrap=4,
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
    figure.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    if one_year:
        figure.update_layout(showlegend=False)
        return style(figure, y_title=y_title, x_title=str(frame["fiscal_year"].iloc[0]))
    # fiscal years are categories: never a numeric axis
    figure.update_xaxes(type="category", categoryorder="category ascending")
    return style(figure, y_title=y_title, x_title="")
