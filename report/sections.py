"""The report's sections and what each shows: rows and columns of the published files for the
report's scope, each with the figure the app draws for the same numbers.

Every table is cut from a file of the same publish run, so every number in the report (and in
the wikitext written from the same model) is the published one. Definitions, units and number
formats come from etl.publish.DICTIONARY, the one description of every published column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from etl.publish import DICTIONARY, PublishedFile
from report.model import Block, Report, Scope, Section

# Units of the dictionary → how the report writes numbers of that unit.
FORMATS = {
    "usd": "usd",
    "share": "share",
    "people": "count",
    "count": "count",
    "days": "number",
    "index": "index",
}
# Words written as readers know them in column labels.
WORDS = {"usd": "USD", "hhi": "HHI", "gini": "Gini", "na": "NA", "nwe": "NWE", "gsf": "GSF"}
ALL = "ALL"


@dataclass(frozen=True)
class Cut:
    """One block: which published file, which of its columns, which rows, and its figure."""

    name: str
    title: str
    file: str
    columns: tuple[str, ...]
    rows: Callable[[pd.DataFrame, Scope], pd.DataFrame] | None = None
    figure: Callable[[pd.DataFrame], go.Figure | None] | None = None


def regions_only(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The regions' own rows: 'ALL' counts people once, so it stands apart from them."""
    return frame[frame["region"] != ALL]


def all_regions(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The 'ALL' rows when no region is chosen, else the chosen regions' rows."""
    return frame[frame["region"] == ALL] if not scope.regions else frame


def all_cohorts(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Every cohort together, by region (or for all regions)."""
    return all_regions(frame[frame["cohort"] == ALL], scope)


SECTIONS: dict[str, tuple[str, tuple[Cut, ...]]] = {
    "overview": (
        "Overview",
        (
            Cut(
                "awarded_by_region",
                "Awarded USD by region and fiscal year",
                "funding_by_region_year.csv",
                ("fiscal_year", "region", "grants_funded", "awarded_usd", "approval_rate"),
                regions_only,
            ),
            Cut(
                "equity_headline",
                "Concentration and reach by fiscal year",
                "funding_concentration_year.csv",
                ("fiscal_year", "share_outside_na_nwe", "gini_grantee", "top10_share"),
            ),
        ),
    ),
    "regions": (
        "Regions",
        (
            Cut(
                "funding_by_region",
                "Funding by region",
                "funding_by_region_year.csv",
                (
                    "fiscal_year",
                    "region",
                    "requested_usd",
                    "awarded_usd",
                    "funding_ratio",
                    "first_time_grantees",
                    "countries_reached",
                    "budget_utilisation",
                    "awarded_per_1000_active_editors",
                ),
                regions_only,
            ),
            Cut(
                "participation_by_region",
                "Participation by region",
                "participation_by_region_year.csv",
                (
                    "fiscal_year",
                    "region",
                    "programs",
                    "participants",
                    "organizers",
                    "new_editors_dashboard",
                    "new_editors_event_metrics",
                    "returning_participants",
                    "retained_participants",
                ),
            ),
        ),
    ),
    "themes": (
        "Themes",
        (
            Cut(
                "themes_by_year",
                "Funding and participation by theme",
                "themes_by_year.csv",
                (
                    "fiscal_year",
                    "theme",
                    "grants_funded",
                    "awarded_usd",
                    "programs",
                    "participants",
                ),
            ),
        ),
    ),
    "funding": (
        "Funding distribution",
        (
            Cut(
                "concentration",
                "Concentration of funding",
                "funding_concentration_year.csv",
                (
                    "fiscal_year",
                    "gini_grantee",
                    "hhi_region",
                    "hhi_grantee",
                    "top10_share",
                    "multi_year_share",
                    "rapid_to_gsf",
                ),
            ),
        ),
    ),
    "pathways": (
        "Leadership pathways",
        (
            Cut(
                "pathway_stages",
                "People at each stage of the pathway",
                "pathway_stages.csv",
                ("region", "stage", "people_reached", "people_current"),
                all_cohorts,
            ),
            Cut(
                "pathway_transitions",
                "Moving up the pathway",
                "pathway_transitions.csv",
                (
                    "region",
                    "from_stage",
                    "people",
                    "converted_12m",
                    "converted_24m",
                    "rate_24m",
                    "median_days_to_next",
                ),
                all_regions,
            ),
        ),
    ),
}


def published_file(name: str) -> PublishedFile:
    return next(f for f in DICTIONARY if f.name == name)


def label(column: str) -> str:
    """A column's name as a heading: 'awarded_usd' → 'Awarded USD'."""
    words = [WORDS.get(w, w) for w in column.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def block(cut: Cut, frame: pd.DataFrame, scope: Scope) -> Block:
    """The cut of a published file's rows for the scope, as a report block."""
    file = published_file(cut.file)
    columns = {c.name: c for c in file.columns}
    rows = cut.rows(frame, scope) if cut.rows else frame
    flags = [f"{c}_suppressed" for c in cut.columns if f"{c}_suppressed" in columns]
    table = rows[[*cut.columns, *flags]].reset_index(drop=True)
    return Block(
        name=cut.name,
        title=cut.title,
        definition=file.description,
        table=table,
        figure=cut.figure(table) if cut.figure else None,
        formats={c: FORMATS[columns[c].unit] for c in cut.columns if columns[c].unit in FORMATS},
        labels={c: label(c) for c in cut.columns},
    )


def build(
    published: dict[str, pd.DataFrame],
    scope: Scope,
    sections: Sequence[str],
    k: int,
    freshness: str,
) -> Report:
    """The report of the chosen sections, from the frames of one publish run (file name →
    rows as published for the scope)."""
    chosen = [key for key in SECTIONS if key in sections]
    return Report(
        title=f"Community Growth Metrics: {scope.describe()}",
        scope=scope,
        freshness=freshness,
        k=k,
        sections=tuple(
            Section(
                key,
                SECTIONS[key][0],
                tuple(block(cut, published[cut.file], scope) for cut in SECTIONS[key][1]),
            )
            for key in chosen
        ),
        methodology=tuple(
            (f"{file.name}: {column.name}", column.definition)
            for file in DICTIONARY
            for column in file.columns
            if not column.name.endswith("_suppressed")
        ),
    )
