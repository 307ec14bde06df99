"""Every chart the same way: a title, a one-line definition, the chart with a text alternative,
a table view, and a CSV and Excel download of exactly what is shown (numbers as numbers, units in
the headers: ui/downloads), the filters and the focus in its file name.

Cross-filter: a chart drawn with `select=` lets a click on a bar or area pick a region or a
theme; `selected(key)` reads that pick (from the chart's own state, so a page can read it
before drawing its other charts). Clicking the picked bar again, or double-clicking the chart,
clears it."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.notes import describe as notes_marked
from figures.notes import mark
from ui.data import query
from ui.downloads import file_stem, for_download, offer
from ui.filters import Filters
from ui.format import present

EMPTY = (
    "Nothing to show for these filters. Widen the fiscal years, regions, funds or themes in "
    "the sidebar."
)
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
            notes = query("annotations", **filters.params())
            text += notes_marked(figure, notes)
            st.plotly_chart(
                mark(figure, notes),
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
