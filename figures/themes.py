"""Theme figures without Streamlit: theme names and colours, one line per theme over the
fiscal years (small multiples when several regions are shown), and women's share in Gender Gap
programs against all programs."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from etl.reference import THEMES
from figures.common import style
from ui.palette import REGION_COLOURS, THEME_COLOURS

NO_THEME = "No theme"
ALL_PROGRAMS = "All programs"
GENDER_GAP = "gender_gap"


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
    hover = "%{fullData.name}, %{x}: " + ("$%{y:,.0f}" if money else "%{y:,}") + "<extra></extra>"
    if regions > 1:
        figure = _facets(frame, y, one_year)
        figure.update_traces(hovertemplate=hover)
    else:
        figure = _one_region(frame, y, one_year, hover)
    if money:
        figure.update_yaxes(tickprefix="$", tickformat="~s")
    if one_year:
        figure.update_layout(showlegend=False)
        return style(figure, y_title=y_title, x_title=str(frame["fiscal_year"].iloc[0]))
    # fiscal years are categories: never a numeric axis
    figure.update_xaxes(type="category", categoryorder="category ascending")
    return style(figure, y_title=y_title, x_title="")


def _one_region(
    frame: pd.DataFrame,
    y: str,
    one_year: bool,
    hover: str,
    colours: dict[str, str] | None = None,
    legend: str = "Theme",
    x_title: str = "",
) -> go.Figure:
    """The figure plotly express draws for one region (a trace per `theme_name`, in the order
    they first appear, in `colours`: the themes' own unless given), built directly: express
    spends about as long again on what this figure does not need, four times per Themes page.
    The same figure, JSON for JSON (tests/test_figure_themes.py)."""
    colours = colours or theme_colours(frame)
    traces = []
    for name, rows in frame.groupby("theme_name", sort=False):
        common = {
            "hovertemplate": hover,
            "legendgroup": name,
            "name": name,
            "orientation": "v",
            "showlegend": True,
            "xaxis": "x",
            "yaxis": "y",
        }
        values = rows[y].to_numpy()
        if one_year:
            traces.append(
                go.Bar(
                    marker={"color": colours[name], "pattern": {"shape": ""}},
                    textposition="auto",
                    x=rows["theme_name"].to_numpy(),
                    y=values,
                    **common,
                )
            )
        else:
            traces.append(
                go.Scatter(
                    line={"color": colours[name], "dash": "solid"},
                    marker={"symbol": "circle"},
                    mode="lines+markers",
                    x=rows["fiscal_year"].to_numpy(),
                    y=values,
                    **common,
                )
            )
    axis = {"anchor": "y", "domain": [0.0, 1.0], "title": {"text": x_title}}
    layout = {
        # no "template": go.Figure then sets the default one itself, unvalidated (it is
        # plotly's own), where one passed here is validated and copied, ~20 ms a figure
        "xaxis": axis,
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0], "title": {"text": y}},
        "legend": {"title": {"text": legend}, "tracegroupgap": 0},
        "margin": {"t": 60},
    }
    if one_year:
        axis.update(categoryorder="array", categoryarray=list(dict.fromkeys(frame["theme_name"])))
        layout["barmode"] = "relative"
    return go.Figure(traces, layout)


def _facets(frame: pd.DataFrame, y: str, one_year: bool) -> go.Figure:
    """Small multiples, one per region, as plotly express lays them out."""
    draw = px.bar if one_year else px.line
    figure = draw(
        frame,
        x="theme_name" if one_year else "fiscal_year",
        y=y,
        color="theme_name",
        color_discrete_map=theme_colours(frame),
        facet_col="region_name",
        facet_col_wrap=4,
        labels={"fiscal_year": "Fiscal year", "theme_name": "Theme", "region_name": "Region"},
    )
    if not one_year:
        figure.update_traces(mode="lines+markers")
    figure.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    return figure


def women_share_lines(shares: pd.DataFrame) -> go.Figure:
    """Gender Gap programs against all programs; small multiples when several regions."""
    colours = {
        theme_name(GENDER_GAP): THEME_COLOURS[GENDER_GAP],
        ALL_PROGRAMS: REGION_COLOURS["ALL"],
    }
    hover = "%{fullData.name}, %{x}: %{y:.0%}<extra></extra>"
    if shares["region"].nunique() > 1:
        figure = px.line(
            shares,
            x="fiscal_year",
            y="women_share",
            color="theme_name",
            color_discrete_map=colours,
            markers=True,
            facet_col="region_name",
            facet_col_wrap=4,
            labels={
                "fiscal_year": "Fiscal year",
                "region_name": "Region",
                "theme_name": "Programs",
            },
        )
        figure.update_traces(hovertemplate=hover)
    else:
        figure = _one_region(
            shares, "women_share", False, hover, colours, legend="Programs", x_title="Fiscal year"
        )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    return style(figure, y_title="Women's share", x_title="")
