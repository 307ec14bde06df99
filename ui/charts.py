"""Every chart the same way: a title, a one-line definition, the chart with a text alternative,
a table view, and a CSV and Excel download of exactly what is shown (numbers as numbers, units in
the headers: ui/downloads), the filters and the focus in its file name.

Cross-filter: a chart drawn with `select=` lets a click on a bar or area pick a region or a
theme; `selected(key)` reads that pick (from the chart's own state, so a page can read it
before drawing its other charts). Clicking the picked bar again, or double-clicking the chart,
clears it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.reference import REGIONS
from ui.downloads import file_stem, for_download, offer
from ui.filters import Filters
from ui.format import present
from ui.palette import REGION_COLOURS, REGION_SYMBOLS

EMPTY = (
    "Nothing to show for these filters. Widen the fiscal years, regions, funds or themes in "
    "the sidebar."
)
# Line styles that tell themes apart when one region has a line per theme.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def selected(key: str) -> tuple[str, ...]:
    """The codes picked by clicking the chart drawn with this key (its points' customdata)."""
    state = st.session_state.get(key)
    points = state.selection.points if state and state.get("selection") else []
    codes = []
    for point in points:
        data = point.get("customdata")
        code = data[0] if isinstance(data, list | tuple) else data
        if code is not None and code not in codes:
            codes.append(str(code))
    return tuple(codes)


def cross_filter_focus(
    chart_key: str, allowed: Collection[str], param: str = "focus"
) -> tuple[str, ...]:
    """The cross-filter focus, kept in the URL under `param` so that a shared link shows what
    the sender saw: a click on the chart drawn with `chart_key` sets it (or clears it), and
    until the chart is clicked the URL's value holds (codes not in `allowed` are dropped)."""
    picked = selected(chart_key)
    seen = f"{chart_key}-seen"
    if picked != st.session_state.get(seen, ()):
        st.session_state[seen] = picked
        if picked:
            st.query_params[param] = list(picked)
        else:
            st.query_params.pop(param, None)
        return tuple(c for c in picked if c in allowed)
    from_url = tuple(dict.fromkeys(c for c in st.query_params.get_all(param) if c in allowed))
    if len(from_url) != len(st.query_params.get_all(param)):
        if from_url:
            st.query_params[param] = list(from_url)
        else:
            st.query_params.pop(param, None)  # a bad value falls back to no focus
    return from_url


def chart(
    title: str,
    definition: str,
    data: pd.DataFrame,
    figure: go.Figure | None,
    *,
    name: str,
    filters: Filters,
    text: str,
    formats: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    select: bool = False,
    key: str | None = None,
) -> pd.DataFrame:
    """Draw one chart block; return the table as shown (suppressed counts as <k)."""
    st.subheader(title)
    st.caption(definition)
    shown = present(data, dict(formats or {})).rename(columns=dict(labels or {}))
    if data.empty:
        st.info(EMPTY)
        return shown
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if figure is not None:
            st.plotly_chart(
                figure,
                key=key or f"chart-{name}",
                on_select="rerun" if select else "ignore",
                selection_mode="points",
                config=CONFIG,
                alt=text,
            )
        st.caption(text)
    with table_tab:
        st.dataframe(shown, hide_index=True)
    offer(
        for_download(data, dict(formats or {}), dict(labels or {})),
        file_stem(name, filters.slug()),
        key=key or name,
    )
    return shown


def style(
    figure: go.Figure, *, y_title: str | None = None, x_title: str | None = None
) -> go.Figure:
    """House style: no figure title (the block has one), legend on top, compact margins."""
    figure.update_layout(
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        legend={"orientation": "h", "y": -0.15, "title": None},
        clickmode="event+select",
        hoverlabel={"namelength": -1},
    )
    if y_title is not None:
        figure.update_yaxes(title=y_title)
    if x_title is not None:
        figure.update_xaxes(title=x_title)
    return figure


def describe_trend(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    value: Callable[[object], str],
) -> str:
    """A text alternative for a line chart: each series' first and last value, and its peak
    when that falls in between."""
    parts = []
    for name, rows in frame.dropna(subset=[y]).sort_values(x).groupby(series, sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        peak = rows.loc[rows[y].idxmax()]
        text = f"{name}: {value(first[y])} in {first[x]}, {value(last[y])} in {last[x]}"
        if peak[x] not in (first[x], last[x]):
            text += f" (peak {value(peak[y])} in {peak[x]})"
        parts.append(text)
    return "; ".join(parts) + "." if parts else "No values to describe."


def describe_ranking(
    frame: pd.DataFrame, *, category: str, value: str, fmt: Callable[[object], str], top: int = 3
) -> str:
    """A text alternative for a bar chart: the largest and the smallest categories."""
    ranked = frame.dropna(subset=[value]).sort_values(value, ascending=False)
    if ranked.empty:
        return "No values to describe."
    largest = ", ".join(f"{r[category]} {fmt(r[value])}" for _, r in ranked.head(top).iterrows())
    smallest = ranked.iloc[-1]
    return f"Largest: {largest}. Smallest: {smallest[category]} {fmt(smallest[value])}."


def sortable_table(
    title: str | None,
    definition: str,
    data: pd.DataFrame,
    *,
    name: str,
    filters: Filters,
    labels: Mapping[str, str] | None = None,
    column_config: Mapping[str, object] | None = None,
    formats: Mapping[str, str] | None = None,
) -> None:
    """A table block: title, definition, the table (numbers stay numbers, formatted by
    `column_config`, so clicking a header sorts them as numbers; columns with hidden counts are
    text, "hidden" where hidden) and a CSV and Excel download of exactly its rows and columns
    (`formats` marks the usd and share columns, for the units in the file's headers). Without a
    title the caller has drawn the heading (and its controls) already."""
    if title:
        st.subheader(title)
        st.caption(definition)
    if data.empty:
        st.info(EMPTY)
        return
    table = with_hidden_cells(data, dict(formats or {})).rename(columns=dict(labels or {}))
    st.dataframe(table, hide_index=True, column_config=dict(column_config or {}), placeholder="–")
    offer(
        lambda: for_download(data, dict(formats or {}), dict(labels or {})),
        file_stem(name, filters.slug()),
        key=name,
    )


def with_hidden_cells(data: pd.DataFrame, formats: Mapping[str, str]) -> pd.DataFrame:
    """The table for `st.dataframe`: numbers stay numbers (a click on a header sorts them as
    numbers), except a column with hidden counts, which becomes text so that a hidden count can
    read "hidden" (Streamlit shows any missing cell with one placeholder, and a styled table's
    text is not used for missing cells); its numbers are formatted as `formats` says (default
    count)."""
    flagged = [
        c.removesuffix("_suppressed")
        for c in data.columns
        if c.endswith("_suppressed") and c.removesuffix("_suppressed") in data
    ]
    return present(data, {c: formats.get(c, "count") for c in flagged})


def in_region_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by region as the reference lists them (so colours and legends keep one
    order on every chart), then by fiscal year when there is one."""
    rank = {code: i for i, code in enumerate(REGIONS)}
    keys = ["region", "fiscal_year"] if "fiscal_year" in frame else ["region"]
    return frame.sort_values(keys, key=lambda c: c.map(rank) if c.name == "region" else c)


def region_lines(rows: pd.DataFrame, y: str, y_title: str, *, percent: bool = False) -> go.Figure:
    """One line per region over the fiscal years (and per theme, dashed differently, when
    several are chosen), in the region's fixed colour and marker, each line labelled at its end
    (colour alone keeps some pairs close in some colour visions). With a single fiscal year a
    line has nothing to join: the regions are bars side by side instead."""
    value = "%{y:.0%}" if percent else "%{y:,}"
    themes = list(dict.fromkeys(rows["theme"])) if "theme" in rows else []
    series = ["region", "theme"] if len(themes) > 1 else ["region"]
    one_year = rows["fiscal_year"].nunique() == 1
    figure = go.Figure()
    for keys, line in in_region_order(rows).groupby(series, sort=False):
        region = keys[0]
        theme = keys[1] if len(keys) > 1 else None
        name = f"{region} · {theme}" if theme else region
        colour = REGION_COLOURS.get(region, REGION_COLOURS["ALL"])
        hover = f"<b>{REGIONS.get(region, region)}</b><br>%{{x}}: {value}<extra></extra>"
        if one_year:
            figure.add_trace(
                go.Bar(x=[name], y=line[y], name=name, marker_color=colour, hovertemplate=hover)
            )
            continue
        labels = [""] * (len(line) - 1) + [name]
        figure.add_trace(
            go.Scatter(
                x=line["fiscal_year"],
                y=line[y],
                name=name,
                mode="lines+markers+text",
                text=labels,
                textposition="middle right",
                textfont={"color": colour},
                marker={"symbol": REGION_SYMBOLS.get(region, "circle"), "size": 8},
                line={
                    "color": colour,
                    "dash": DASHES[themes.index(theme) % len(DASHES)] if theme else "solid",
                },
                cliponaxis=False,
                hovertemplate=hover,
            )
        )
    # fiscal years are categories: never a numeric axis (one year once read as 595–597)
    figure.update_xaxes(type="category", categoryorder="category ascending")
    style(figure, y_title=y_title, x_title=rows["fiscal_year"].iloc[0] if one_year else "")
    if one_year:
        figure.update_layout(showlegend=False)
    else:
        figure.update_layout(margin={"r": 70})  # room for the labels at the lines' ends
    if percent:
        figure.update_yaxes(tickformat=".1~%")
    return figure
