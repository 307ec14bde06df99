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
from figures.common import describe_trend, region_lines
from figures.funding import year_lines
from figures.notes import describe as notes_marked
from figures.notes import mark
from figures.pathways import funnel
from figures.themes import funding_by_theme_year, trend_lines
from report.model import Block, Report, Scope, Section
from ui import format as fmt

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
    text: Callable[[pd.DataFrame], str] | None = None


def regions_only(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The regions' own rows: 'ALL' counts people once, so it stands apart from them."""
    return frame[frame["region"] != ALL]


def all_regions(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The 'ALL' rows when no region is chosen, else the chosen regions' rows."""
    return frame[frame["region"] == ALL] if not scope.regions else frame


def all_cohorts(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Every cohort together, by region (or for all regions)."""
    return all_regions(frame[frame["cohort"] == ALL], scope)


def by_region(column: str, title: str, percent: bool = False) -> Callable:
    """The app's line per region over the fiscal years, for one column of the table."""

    def figure(table: pd.DataFrame) -> go.Figure | None:
        rows = table[table["region"] != ALL] if (table["region"] != ALL).any() else table
        return region_lines(rows, column, title, percent=percent) if not rows.empty else None

    return figure


def trend_text(column: str, series: str, value: Callable[[object], str]) -> Callable:
    """The app's text alternative of a trend: each series' first, last and peak value."""
    return lambda table: describe_trend(
        table, x="fiscal_year", y=column, series=series, value=value
    )


def themes_figure(table: pd.DataFrame) -> go.Figure | None:
    """The app's funding chart of the Themes page: the chosen regions added up."""
    return trend_lines(funding_by_theme_year(table), "awarded_usd", "Awarded USD", money=True)


def themes_text(table: pd.DataFrame) -> str:
    return describe_trend(
        funding_by_theme_year(table),
        x="fiscal_year",
        y="awarded_usd",
        series="theme_name",
        value=fmt.usd,
    )


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
                by_region("awarded_usd", "Awarded USD"),
                trend_text("awarded_usd", "region", fmt.usd),
            ),
            Cut(
                "equity_headline",
                "Concentration and reach by fiscal year",
                "funding_concentration_year.csv",
                ("fiscal_year", "share_outside_na_nwe", "gini_grantee", "top10_share"),
                figure=lambda t: year_lines(
                    t, {"share_outside_na_nwe": "Outside NA+NWE"}, "", ".0%"
                ),
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
                by_region("awarded_per_1000_active_editors", "USD per 1,000 active editors"),
                trend_text("awarded_per_1000_active_editors", "region", fmt.usd),
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
                figure=by_region("participants", "Participants"),
                text=trend_text("participants", "region", fmt.count),
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
                    "region",
                    "theme",
                    "grants_funded",
                    "awarded_usd",
                    "programs",
                    "participants",
                ),
                figure=themes_figure,
                text=themes_text,
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
                figure=lambda t: year_lines(
                    t,
                    {"gini_grantee": "Gini across grantees", "top10_share": "Top-10 share"},
                    "",
                    ".2f",
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
                lambda t: funnel(t, "stage"),
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


def block(cut: Cut, frame: pd.DataFrame, scope: Scope, notes: pd.DataFrame) -> Block:
    """The cut of a published file's rows for the scope, as a report block, its figure marked
    with the dated notes it spans."""
    file = published_file(cut.file)
    columns = {c.name: c for c in file.columns}
    rows = cut.rows(frame, scope) if cut.rows else frame
    flags = [f"{c}_suppressed" for c in cut.columns if f"{c}_suppressed" in columns]
    table = rows[[*cut.columns, *flags]].reset_index(drop=True)
    figure = cut.figure(table) if cut.figure and not table.empty else None
    text = cut.text(table) if cut.text and not table.empty else ""
    if figure is not None:
        text += notes_marked(figure, notes)
        figure = mark(figure, notes)
    return Block(
        name=cut.name,
        title=cut.title,
        definition=file.description,
        table=table,
        figure=figure,
        text=text.strip(),
        formats={c: FORMATS[columns[c].unit] for c in cut.columns if columns[c].unit in FORMATS},
        labels={c: label(c) for c in cut.columns},
    )


def build(
    published: dict[str, pd.DataFrame],
    scope: Scope,
    sections: Sequence[str],
    k: int,
    freshness: str,
    notes: pd.DataFrame,
) -> Report:
    """The report of the chosen sections, from the frames of one publish run (file name →
    rows as published for the scope) and the dated notes of the scope."""
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
                tuple(block(cut, published[cut.file], scope, notes) for cut in SECTIONS[key][1]),
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
