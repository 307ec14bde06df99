"""The program-level view: which programs brought new editors? One row per program with its
participants, new editors (both definitions), returning and retained participants, organizers,
content, and the cost per participant of its grant, to sort and filter. Shared by the Regions
drill-down and the Themes page; the rows come from queries/program_outcomes.sql, suppressed."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ui.charts import section, sortable_table
from ui.filters import Filters
from ui.format import hidden

COLUMNS = {
    "program_id": "Program",
    "title": "Title",
    "program_type": "Type",
    "fiscal_year": "Fiscal year",
    "country": "Country",
    "grant_id": "Grant",
    "participants": "Participants",
    "new_editors_dashboard": "New editors (Dashboard)",
    "new_editors_event_metrics": "New editors (Event Metrics)",
    "returning_participants": "Returning participants",
    "retained_participants": "Retained participants",
    "organizers": "Organizers",
    "edits": "Edits",
    "articles_created": "Articles created",
    "articles_edited": "Articles edited",
    "uploads": "Uploads",
    "cost_per_participant": "Cost per participant USD",
    "themes": "Themes",
    "start_date": "Start",
}
SORTS = {
    "New editors (Dashboard)": "new_editors_dashboard",
    "New editors (Event Metrics)": "new_editors_event_metrics",
    "Participants": "participants",
    "Retained participants": "retained_participants",
    "Cost per participant": "cost_per_participant",
    "Newest first": "start_date",
}
DEFINITION = (
    "One row per program. New editors: participants whose account was registered between the "
    "program's start and end (Dashboard), or from 14 days before its start to its end (Event "
    "Metrics). Returning: took part in an earlier program. Retained: their first program, "
    "followed by another one 30–365 days after it ended. Content counts participants' edits, "
    "articles and uploads. Cost per participant: the grant's awarded USD over the distinct "
    "participants of all its programs. "
    f"“{hidden()}”: a small count, one that would give a small count away, a protected country, "
    "or (for content and cost) a program whose participants are hidden."
)


def shaped(programs: pd.DataFrame, types: list[str], words: str, sort: str) -> pd.DataFrame:
    """The rows as the table shows them: of the program types chosen, whose title holds the
    words, sorted by `sort` (largest first, hidden counts last), dates as text."""
    rows = programs
    if types:
        rows = rows[rows["program_type"].isin(types)]
    if words.strip():
        rows = rows[rows["title"].str.contains(words.strip(), case=False, regex=False, na=False)]
    column = SORTS.get(sort, "new_editors_dashboard")
    rows = rows.sort_values([column, "program_id"], ascending=[False, True], na_position="last")
    rows = rows.assign(
        program_type=rows["program_type"].str.replace("_", " "),
        start_date=rows["start_date"].dt.strftime("%Y-%m-%d"),
    )
    keep = [c for c in COLUMNS if c in rows]
    return rows[keep + [f"{c}_suppressed" for c in keep if f"{c}_suppressed" in rows]]


def show(
    title: str,
    programs: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    name: str,
    filters: Filters,
    key: str,
    folded: bool = True,
) -> None:
    """The view: filters by type and title, a sort, and the table with its downloads. The
    choices are bound to the URL (`key` keeps them apart per page). `folded`: under its title
    until opened (ui.charts.section), and a link that names a choice opens it; folded, the page
    neither shapes the rows (100k programs at scale L: a quarter of a warm Themes run) nor makes
    the browser fetch the data grid's JavaScript before the first chart. A view the reader
    asked for (a grant's programs) is shown at once. `programs` may be a function giving the
    rows (ui.data.view's `later`): called only when the view is shown."""
    if not folded:
        st.subheader(title)
        _unfolded(programs, name=name, filters=filters, key=key)
        return
    named = any(f"{key}-{choice}" in st.query_params for choice in ("types", "title", "sort"))
    section(
        title,
        lambda: _unfolded(programs, name=name, filters=filters, key=key),
        key=key,
        expanded=named,
    )


def _unfolded(
    programs: pd.DataFrame | Callable[[], pd.DataFrame], *, name: str, filters: Filters, key: str
) -> None:
    st.caption(DEFINITION)
    if callable(programs):
        programs = programs()
    types = sorted(programs["program_type"].dropna().unique()) if not programs.empty else []
    with st.container(horizontal=True):
        chosen = st.multiselect(
            "Program types",
            types,
            format_func=lambda t: t.replace("_", " "),
            key=f"{key}-types",
            bind="query-params",
            placeholder="All program types",
        )
        words = st.text_input(
            "Title contains", key=f"{key}-title", bind="query-params", placeholder="Any title"
        )
        sort = st.selectbox("Sort by", list(SORTS), key=f"{key}-sort", bind="query-params")
    rows = shaped(programs, chosen, words or "", sort) if not programs.empty else programs
    sortable_table(
        None,
        DEFINITION,
        rows,
        name=name,
        filters=filters,
        labels=COLUMNS,
        formats={"cost_per_participant": "usd"},
        column_config={"Title": st.column_config.TextColumn(width="medium")},
    )
