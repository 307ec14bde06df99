"""The Learnings page's report builder: pick the sections and the scope (starting from the
sidebar's filters), preview the report, and download it as HTML, as wikitext for Meta-Wiki and
as the open-data bundle — the outputs of `python -m etl publish` for that scope, made by the
same code (report.publish)."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from etl.reference import REGIONS, THEMES
from queries import privacy
from report import publish, sections
from report.model import Scope
from ui.data import version, warehouse
from ui.filters import covered_fiscal_years, current

# One publish run per scope and choice of sections, shared by the page and its downloads: the
# page shows the wikitext, and builds the HTML report and the bundle only when the reader asks
# for them (a download's data is made on its click; the preview on its toggle). Building all
# three on arrival took most of a cold Learnings page (2.8 of 3.1 s, profiled, at scale L).
# A run is made from (warehouse version, scope, sections chosen, k).
Run = tuple[tuple[str, int, int], Scope, tuple[str, ...], int]


@st.cache_resource(max_entries=8, show_spinner="Building the report")
def run_of(run: Run) -> publish.Outputs:
    """The run's tables and report (report.publish.build), only read once built."""
    warehouse_version, scope, chosen, k = run
    return publish.build(Path(warehouse_version[0]), scope, chosen, k)


@st.cache_data(max_entries=8, show_spinner=False)
def wikitext(run: Run) -> bytes:
    return run_of(run).wikitext().encode("utf-8")


@st.cache_data(max_entries=8, show_spinner=False)
def report_html(run: Run) -> bytes:
    return run_of(run).html().encode("utf-8")


@st.cache_data(max_entries=8, show_spinner=False)
def bundle(run: Run) -> bytes:
    """The open-data zip, as `python -m etl publish` writes it."""
    outputs = run_of(run)
    with tempfile.TemporaryDirectory(prefix="growth-publish-") as folder:
        publish.write(outputs, Path(folder))
        return (Path(folder) / outputs.name("open_data", "zip")).read_bytes()


def choose() -> tuple[Scope, tuple[str, ...]]:
    """The builder's own choices, starting from the sidebar's filters."""
    filters = current()
    titles = {key: title for key, (title, _) in sections.SECTIONS.items()}
    chosen = st.multiselect(
        "Sections",
        list(titles),
        default=list(titles),
        format_func=titles.get,
        key="report-sections",
    )
    with st.container(horizontal=True):
        years = st.multiselect(
            "Fiscal years",
            covered_fiscal_years(),
            default=[y for y in filters.fiscal_years if y in covered_fiscal_years()],
            placeholder="All fiscal years",
            key="report-fiscal-years",
        )
        regions = st.multiselect(
            "Regions",
            list(REGIONS),
            default=list(filters.regions),
            placeholder="All regions",
            key="report-regions",
        )
        themes = st.multiselect(
            "Themes",
            list(THEMES),
            default=list(filters.themes),
            format_func=THEMES.get,
            placeholder="All themes",
            key="report-themes",
        )
    scope = Scope(tuple(sorted(years)), tuple(regions), tuple(themes))
    return scope, tuple(chosen)


def show() -> None:
    st.header("Publish a report")
    st.caption(
        "The static report (one HTML file that works offline and prints cleanly), the same "
        "figures as wikitext to paste into a Meta-Wiki page, and the open-data bundle (CSVs, "
        "data dictionary, README and a Frictionless data package). Suppression is as in the app."
    )
    scope, chosen = choose()
    if not chosen:
        st.info("Pick at least one section.")
        return
    current_version = version()
    if current_version is None:
        st.info(f"No warehouse at {warehouse()}.")
        return
    run: Run = (current_version, scope, chosen, privacy.k())
    outputs = run_of(run)
    with st.container(horizontal=True):
        for make, stem, suffix, label, mime in (
            (report_html, "report", "html", "Download the report (HTML)", "text/html"),
            (wikitext, "report", "wiki", "Download the wikitext", "text/plain"),
            (bundle, "open_data", "zip", "Download the open-data bundle (zip)", "application/zip"),
        ):
            st.download_button(
                label,
                partial(make, run),  # made when clicked
                file_name=outputs.name(stem, suffix),
                mime=mime,
                key=f"report-{suffix}",
                on_click="ignore",
            )
    preview, wiki = st.tabs(["Preview", "Wikitext"])
    with preview:
        if st.toggle("Show the report here", key="report-preview"):
            components.html(report_html(run).decode("utf-8"), height=900, scrolling=True)
    with wiki:
        st.code(wikitext(run).decode("utf-8"), language=None, height=500)
