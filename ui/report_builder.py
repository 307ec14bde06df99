"""The Learnings page's report builder: pick the sections and the scope (starting from the
sidebar's filters), preview the report, and download it as HTML, as wikitext for Meta-Wiki and
as the open-data bundle — the outputs of `python -m etl publish` for that scope, made by the
same code (report.publish)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from etl.reference import REGIONS, THEMES
from queries import privacy
from report import publish, sections
from report.model import Scope
from ui.data import version, warehouse
from ui.filters import covered_fiscal_years, current


@st.cache_data(max_entries=8, show_spinner="Building the report")
def outputs(
    warehouse_version: tuple[str, int, int], scope: Scope, chosen: tuple[str, ...], k: int
) -> dict[str, tuple[str, bytes]]:
    """The run's downloads for a scope, keyed by what they are: (file name, bytes)."""
    run = publish.build(Path(warehouse_version[0]), scope, chosen, k)
    with tempfile.TemporaryDirectory(prefix="growth-publish-") as folder:
        publish.write(run, Path(folder))
        archive = Path(folder) / run.name("open_data", "zip")
        bundle = archive.read_bytes()
    return {
        "html": (run.name("report", "html"), run.html().encode("utf-8")),
        "wiki": (run.name("report", "wiki"), run.wikitext().encode("utf-8")),
        "zip": (archive.name, bundle),
    }


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
    files = outputs(current_version, scope, chosen, privacy.k())
    with st.container(horizontal=True):
        for key, label, mime in (
            ("html", "Download the report (HTML)", "text/html"),
            ("wiki", "Download the wikitext", "text/plain"),
            ("zip", "Download the open-data bundle (zip)", "application/zip"),
        ):
            name, data = files[key]
            st.download_button(
                label, data, file_name=name, mime=mime, key=f"report-{key}", on_click="ignore"
            )
    preview, wiki = st.tabs(["Preview", "Wikitext"])
    with preview:
        if st.toggle("Show the report here", key="report-preview"):
            components.html(files["html"][1].decode("utf-8"), height=900, scrolling=True)
    with wiki:
        st.code(files["wiki"][1].decode("utf-8"), language=None, height=500)
