"""Which fiscal year the headline figures show: by default the latest *complete* one, so that a
new year's first weeks are never set against a whole year. Pure functions (no Streamlit), for
the Overview page and the static report alike."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.reference import fiscal_years


def headline_year(
    chosen: tuple[str, ...], totals: pd.DataFrame, today: date
) -> tuple[str, str, bool]:
    """The fiscal year the headline figures show (of the `chosen` ones, else of the fiscal years
    in `totals` with funded grants), why that one, and whether it is still under way on
    `today`. By default the latest *complete* year with funded grants: a new year's first weeks
    are never set against a whole year. A year under way is shown only when chosen."""
    if chosen:
        year, why = max(chosen), "the latest fiscal year chosen"
    else:
        funded = totals[totals["grants_funded"] > 0]
        complete = funded[funded["fiscal_year"].map(lambda y: not under_way(y, today))]
        if not complete.empty:
            year, why = str(complete["fiscal_year"].max()), "the latest complete fiscal year"
        elif not funded.empty:
            year, why = (
                str(funded["fiscal_year"].max()),
                "the latest fiscal year with funded grants",
            )
        else:
            year, why = (
                str(totals["fiscal_year"].max()),
                "the latest fiscal year with decided grants",
            )
    return year, why, under_way(year, today)


def under_way(label: str, today: date) -> bool:
    """Whether the fiscal year has not ended by `today`."""
    ends = {year: last for year, _, last in fiscal_years()}
    return label in ends and ends[label] >= today


def newer_year_under_way(totals: pd.DataFrame, year: str) -> str | None:
    """A fiscal year after the headline one that has funded grants already (so is under way)."""
    newer = totals[(totals["fiscal_year"] > year) & (totals["grants_funded"] > 0)]
    return str(newer["fiscal_year"].max()) if not newer.empty else None


def previous_year(label: str) -> str | None:
    """The fiscal year before `label` (None for the first known one)."""
    labels = [year for year, _, _ in fiscal_years()]
    index = labels.index(label) if label in labels else 0
    return labels[index - 1] if index > 0 else None
