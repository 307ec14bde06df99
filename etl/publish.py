"""Publish the open data (SPEC §8): suppressed CSVs and their data dictionary.

Each file is one query of queries/ run with no filters. A publish run is one view (SPEC §6):
every people count is decided once for all its files together, so no file gives away a count
that another hides. DICTIONARY is the single description of every
published column; it writes data_dictionary.csv, and the tests check it against the columns
the queries really return."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

import queries
from etl.reference import REGIONS

REGION_CODES = list(REGIONS)
UNITS = ("usd", "people", "count", "share", "days", "years", "index", "")
TYPES = ("text", "integer", "number", "boolean")
# Decimal places written per unit: cents for money, enough digits for shares and indices.
DECIMALS = {"usd": 2, "share": 6, "index": 6, "days": 1, "years": 2}


@dataclass(frozen=True)
class Column:
    """A published column: its type, unit (usd, people, count, share, days, years, index, or empty
    for labels and flags) and definition."""

    name: str
    type: str
    unit: str
    definition: str


@dataclass(frozen=True)
class PublishedFile:
    """A published CSV: the query it comes from, its columns in order, the query columns it
    fixes to one value and drops (`fixed`), those it leaves out (`left_out`), and the query's
    parameters when not all defaults (`params`)."""

    name: str
    query: str
    description: str
    columns: tuple[Column, ...]
    fixed: Mapping[str, str] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    params: Mapping[str, list[str]] = field(default_factory=dict)

    def people_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.unit == "people"]


def label(name: str, definition: str) -> Column:
    return Column(name, "text", "", definition)


def measure(name: str, unit: str, definition: str, type_: str = "number") -> Column:
    return Column(name, type_, unit, definition)


def count(name: str, definition: str) -> Column:
    return Column(name, "integer", "count", definition)


def hidden(
    name: str, definition: str, unit: str = "people", type_: str = "integer"
) -> tuple[Column, Column]:
    """A suppressed value and its flag: blank when suppressed, the flag then true."""
    return (
        Column(name, type_, unit, definition + " Blank when suppressed."),
        Column(
            f"{name}_suppressed",
            "boolean",
            "",
            f"true when {name} is suppressed (SPEC §6: fewer than k people, a protected "
            "country, or a value that would let a suppressed one be worked out).",
        ),
    )


FISCAL_YEAR = label(
    "fiscal_year", "Fiscal year, 1 July - 30 June, e.g. FY2023-24 (1 July 2023 - 30 June 2024)."
)
REGION = label(
    "region",
    "Region code as on Meta (CEECA, ESEAP, LAC, MENA, SSA, SA, NA, NWE; 'unknown' when the "
    "country is not known), or ALL for all regions together (people counted once).",
)
COHORT = label("cohort", "Fiscal year of the first pathway stage the person reached, or ALL.")
PATHWAY_REGION = label(
    "region",
    "Region of the program, grant or role that brought the person onto the pathway (a role's "
    "country, else its body's region; 'unknown' when not known), or ALL.",
)
STAGE_NAMES = (
    "participant (1, took part in a program), returning (2, took part in a second program), "
    "organizer (3, organizer, facilitator or volunteer), trainer_mentor (4, trainer or mentor "
    "in a program, or such a role outside events), grant_lead (5, lead of a funded grant from "
    "its decision date, or a grant_lead role), committee_board (6, committee_member or "
    "affiliate_board role)"
)

DICTIONARY: tuple[PublishedFile, ...] = (
    PublishedFile(
        "funding_by_region_year.csv",
        "funding_by_region_year",
        "Grants by fiscal year of decision and region.",
        (
            FISCAL_YEAR,
            REGION,
            count("grants_decided", "Grants decided in the year: funded or not funded."),
            count("grants_funded", "Grants funded in the year."),
            measure("approval_rate", "share", "grants_funded / grants_decided."),
            measure("requested_usd", "usd", "Requested USD of the grants decided."),
            measure("awarded_usd", "usd", "Awarded USD of the grants funded."),
            measure(
                "funding_ratio",
                "share",
                "Awarded / requested USD over funded grants with both amounts.",
            ),
            count(
                "first_time_grantees",
                "Funded grants that were their grantee's first funded grant (grantee: the "
                "organization, or the lead for grants to individuals and groups).",
            ),
            measure("first_time_share_count", "share", "first_time_grantees / grants_funded."),
            measure(
                "first_time_share_amount",
                "share",
                "Awarded USD of first-time grants / awarded_usd.",
            ),
            count("countries_reached", "Distinct countries of the funded grants."),
            measure(
                "median_days_to_decision",
                "days",
                "Median days from submission to decision over decided grants with both dates.",
            ),
            measure("budget_usd", "usd", "Budget of the region for the year (ALL: their sum)."),
            measure("budget_utilisation", "share", "awarded_usd / budget_usd."),
            measure(
                "awarded_per_1000_active_editors",
                "usd",
                "awarded_usd per 1,000 active editors: the region's mean monthly active "
                "editors over the fiscal year (ALL: the sum over regions).",
            ),
        ),
        left_out=("active_editors",),
    ),
    PublishedFile(
        "funding_concentration_year.csv",
        "funding_concentration_year",
        "How concentrated the funded USD of each fiscal year is.",
        (
            FISCAL_YEAR,
            measure(
                "gini_grantee",
                "index",
                "Gini coefficient of grantees' awarded USD totals, population form "
                "sum|xi - xj| / (2 n^2 mean), from 0 (equal) to 1.",
            ),
            measure(
                "hhi_region",
                "index",
                "Herfindahl-Hirschman index of awarded USD across regions: sum of squared "
                "percentage shares, 0-10,000.",
            ),
            measure(
                "hhi_grantee",
                "index",
                "Herfindahl-Hirschman index of awarded USD across grantees, 0-10,000.",
            ),
            measure(
                "top10_share", "share", "Share of awarded USD going to the 10 largest grantees."
            ),
            measure(
                "share_outside_na_nwe",
                "share",
                "Share of awarded USD going outside North America and Northern & Western Europe.",
            ),
            measure(
                "multi_year_share",
                "share",
                "Share of funded General Support grants that are multi-year, by count.",
            ),
            count(
                "rapid_to_gsf",
                "Grantees whose first funded General Support grant, decided this year, came "
                "after one of their funded Rapid grants.",
            ),
        ),
    ),
    PublishedFile(
        "participation_by_region_year.csv",
        "participation_by_region_year",
        "Programs and participation by fiscal year of program start and region.",
        (
            FISCAL_YEAR,
            REGION,
            count("programs", "Programs starting in the year."),
            *hidden(
                "participants",
                "Distinct people with a participant or mentee role in the year's programs.",
            ),
            measure(
                "participations",
                "count",
                "Participant or mentee rows (person x program; both roles in one program "
                "count once). Blank when participants_suppressed.",
                "integer",
            ),
            *hidden(
                "organizers",
                "Distinct people with an organizer, facilitator or volunteer role.",
            ),
            *hidden(
                "new_editors_dashboard",
                "New editors, Programs & Events Dashboard definition: participants whose account "
                "was registered between the program's start and end dates, inclusive.",
            ),
            *hidden(
                "new_editors_event_metrics",
                "New editors, Event Metrics definition: participants whose account was "
                "registered from 14 days before the program's start to its end, inclusive.",
            ),
            *hidden(
                "returning_participants",
                "Participants who had taken part, in any role, in a program that started "
                "earlier than the one they are counted in.",
            ),
            *hidden(
                "retained_participants",
                "Participants whose first program (any role) started in the year and who took "
                "part, in any role, in another program starting 30-365 days after it ended.",
            ),
            measure(
                "edits",
                "count",
                "Edits of the participations. Blank when participants_suppressed.",
                "integer",
            ),
            measure(
                "articles_created",
                "count",
                "Articles created by the participations. Blank when participants_suppressed.",
                "integer",
            ),
            measure(
                "uploads",
                "count",
                "Uploads of the participations. Blank when participants_suppressed.",
                "integer",
            ),
            measure(
                "bytes_added",
                "count",
                "Bytes added by the participations. Blank when participants_suppressed.",
                "integer",
            ),
            measure(
                "articles_edited",
                "count",
                "Articles edited by the participations. Blank when participants_suppressed.",
                "integer",
            ),
        ),
        fixed={"theme": "ALL"},
    ),
    PublishedFile(
        "themes_by_year.csv",
        "themes_by_year",
        "Funding and participation by fiscal year and theme; a grant or program with several "
        "themes counts under each.",
        (
            FISCAL_YEAR,
            label(
                "region",
                "ALL for all regions together (people counted once); in a run scoped to "
                "regions, each chosen region's own rows.",
            ),
            label(
                "theme",
                "Theme code: culture_heritage, education, gender_gap, environment, health, "
                "language_diversity, open_technology, public_policy, other; none when a grant "
                "or program has no theme.",
            ),
            count("grants_funded", "Funded grants decided in the year carrying the theme."),
            measure("awarded_usd", "usd", "Awarded USD of those grants."),
            count("programs", "Programs starting in the year carrying the theme."),
            *hidden(
                "participants",
                "Distinct people with a participant or mentee role in those programs.",
            ),
        ),
    ),
    PublishedFile(
        "pathway_stages.csv",
        "pathway_stages",
        "The leadership pathway: people by cohort, region and stage.",
        (
            COHORT,
            PATHWAY_REGION,
            label("stage", f"Pathway stage, in order: {STAGE_NAMES}."),
            *hidden(
                "people_reached",
                "People who reached the stage: their highest stage is this one or above.",
            ),
            *hidden("people_current", "People whose highest stage is this one."),
        ),
        fixed={"gender": "ALL"},
        left_out=("stage_number",),
    ),
    PublishedFile(
        "pathway_representation.csv",
        "pathway_stages_by_gender",
        "Representation at each stage of the leadership pathway, by self-reported gender.",
        (
            COHORT,
            PATHWAY_REGION,
            label(
                "gender",
                "Self-reported gender: woman, man, non_binary, not_given (no answer or prefer "
                "not to say, counted together), or ALL.",
            ),
            label("stage", f"Pathway stage, in order: {STAGE_NAMES}."),
            *hidden("people_reached", "People of the gender who reached the stage or above."),
            measure(
                "share_of_stage",
                "share",
                "The gender's share of the people who reached the stage. Blank when it would "
                "give a suppressed count away.",
            ),
            measure(
                "share_of_participants",
                "share",
                "The gender's share of everyone on the pathway (stage 1); share_of_stage over "
                "it below 1 means the gender thins out on the way up. Blank as above.",
            ),
        ),
        left_out=(
            "stage_number",
            "people_current",
            "people_current_suppressed",
            "people_base",
            "people_base_suppressed",
            "people_at_stage",
            "people_at_stage_suppressed",
            "people_everyone",
            "people_everyone_suppressed",
            "share_reached",
        ),
    ),
    PublishedFile(
        "leadership_rotation.csv",
        "leadership_rotation",
        "Renewal of leadership: seats on Regional Fund Committees and affiliate boards by fiscal "
        "year.",
        (
            FISCAL_YEAR,
            label("body_type", "committee (Regional Fund Committees) or board (affiliate boards)."),
            label(
                "body",
                "The committee's name, or ALL for all committees, or all boards, together "
                "(boards are not published one by one: most seat fewer than k people).",
            ),
            *hidden("seats", "People holding a seat in the body at any time in the year."),
            *hidden(
                "new_seats",
                "Of those, people in their first two fiscal years in the body.",
            ),
            measure(
                "new_seat_share",
                "share",
                "new_seats / seats. Blank when either is suppressed.",
            ),
            *hidden(
                "median_tenure_years",
                "Median years from a seat holder's first day in the body to the end of the year "
                "(or of their last seat); suppressed when fewer than k people hold seats.",
                unit="years",
                type_="number",
            ),
        ),
    ),
    PublishedFile(
        "leaders_with_several_roles.csv",
        "leaders_with_several_roles",
        "Leaders holding several leadership roles at once, by fiscal year.",
        (
            FISCAL_YEAR,
            *hidden(
                "leaders",
                "People holding a leadership role (grant_lead, committee_member, "
                "affiliate_board) at any time in the year.",
            ),
            *hidden(
                "multi_role_people",
                "Of those, people holding two or more of these roles on one day of the year.",
            ),
            measure(
                "multi_role_share",
                "share",
                "multi_role_people / leaders. Blank when either is suppressed.",
            ),
        ),
    ),
    PublishedFile(
        "pathway_transitions.csv",
        "pathway_transitions",
        "Moving up the leadership pathway, by region of the first program.",
        (
            REGION,
            label("from_stage", f"The stage moved from (stages: {STAGE_NAMES})."),
            *hidden(
                "people",
                "People who were at the stage: reached it on a day when it was their highest.",
            ),
            *hidden(
                "converted_12m",
                "Of those, people who reached a higher stage no later than the same calendar "
                "day 12 months after reaching this one.",
            ),
            *hidden(
                "converted_24m",
                "Of those, people who reached a higher stage within 24 months (same rule).",
            ),
            measure(
                "rate_12m",
                "share",
                "converted_12m / people. Blank when it would give a suppressed count away.",
            ),
            measure(
                "rate_24m",
                "share",
                "converted_24m / people. Blank when it would give a suppressed count away.",
            ),
            *hidden(
                "median_days_to_next",
                "Median days from reaching the stage to reaching a higher one, over the people "
                "who moved up; suppressed when fewer than k people moved up.",
                unit="days",
                type_="number",
            ),
        ),
        left_out=("from_stage_number",),
        params={"regions": ["ALL", *REGION_CODES, "unknown"]},
    ),
)


def publish(
    db: Path, out: Path, k: int | None = None, filters: Mapping[str, object] | None = None
) -> list[Path]:
    """Write every file of DICTIONARY and data_dictionary.csv to `out`; return their paths.
    `k` is the suppression threshold (default: $GROWTH_K, else 5); `filters` the scope
    (fiscal_years, regions, themes; default all)."""
    con = queries.connect(db)
    try:
        frames = published_frames(con, k, filters)
    finally:
        con.close()
    return write_files(frames, out)


def published_frames(
    con: duckdb.DuckDBPyConnection,
    k: int | None = None,
    filters: Mapping[str, object] | None = None,
) -> dict[str, pd.DataFrame]:
    """The rows of every published file for one scope (`filters`: fiscal_years, regions,
    themes; none means all), by file name, fixed columns dropped, all suppressed as one view.
    A scope's regions replace the row sets a file lists for all regions. A scoped run is
    decided within the run of everything, so that the two agree wherever they overlap."""
    scoped = requests(filters)
    everything = requests()
    if scoped == everything:
        results = queries.view(con, scoped, k=k)
    else:
        results = queries.narrowed_view(con, scoped, [everything], k=k)
    return {file.name: _published(file, results[file.name]) for file in DICTIONARY}


def requests(filters: Mapping[str, object] | None = None) -> dict[str, queries.Request]:
    """What a publish run of this scope shows, as the query layer's requests of one view."""
    scope = {name: list(value) for name, value in (filters or {}).items() if value}
    return {f.name: (f.query, {**dict(f.params), **scope}) for f in DICTIONARY}


def write_files(frames: Mapping[str, pd.DataFrame], out: Path) -> list[Path]:
    """The published CSVs and data_dictionary.csv, written to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = [_write(file, frames[file.name], out) for file in DICTIONARY]
    return [*written, write_dictionary(out / "data_dictionary.csv")]


def _published(file: PublishedFile, frame: pd.DataFrame) -> pd.DataFrame:
    """The file's rows: those of its fixed values, its columns."""
    for column, value in file.fixed.items():
        frame = frame[frame[column] == value]
    return frame[[c.name for c in file.columns]].reset_index(drop=True)


def write_dictionary(path: Path) -> Path:
    """data_dictionary.csv: file, column, type, unit, definition for every published column."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "column", "type", "unit", "definition"])
        for file in DICTIONARY:
            for column in file.columns:
                writer.writerow(
                    [file.name, column.name, column.type, column.unit, column.definition]
                )
    return path


def _write(file: PublishedFile, frame: pd.DataFrame, out: Path) -> Path:
    path = out / file.name
    text = pd.DataFrame({c.name: _formatted(frame[c.name], c) for c in file.columns})
    text.to_csv(path, index=False, lineterminator="\n")
    return path


def _formatted(values: pd.Series, column: Column) -> pd.Series:
    """Text as published: blanks for missing values, true/false, whole numbers without a
    decimal point, and rounded decimals."""

    def one(value: object) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return ""
        if column.type == "boolean":
            return "true" if bool(value) else "false"
        if column.type == "integer":
            return str(int(value))
        if column.type == "number":
            text = f"{float(value):.{DECIMALS.get(column.unit, 6)}f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return str(value)

    return values.astype(object).map(one)
