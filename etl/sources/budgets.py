"""Regional budget tables in the shape Meta publishes them (Grants:Regions): one row per region,
one column per figure and fiscal year (`projected_budget_fy2023_24_usd`,
`fy2024_25_proposed_budget_usd`, `fy2022_23_actual_usd`, …).

A column is a budget when its name says `budget` (or `budgeted`) and a fiscal year. Actuals
(`actual`, `actual_projection`: money distributed, which the warehouse takes from grants),
percentages and inflation adjustments are not budgets. When several budget columns name one
fiscal year, the final figure wins: proposed or approved over projected or budgeted, and any of
them over an intermediate inflation-adjusted figure. Blank cells and TOTAL rows are left out."""

from __future__ import annotations

import re

import pandas as pd

from etl.sources.common import empty_part, listing, part
from etl.sources.model import Context, Part, SourceFormat

REGION_COLUMNS = ("region_code", "region", "funding_region", "wmf_region")
FISCAL_YEAR = re.compile(r"(?:^|_)(?:fy_?)?(20\d\d)_(\d\d(?:\d\d)?)(?:_|$)")
NOT_BUDGET = ("actual", "pct", "percent", "share", "growth", "inflationary_adjustment")
# Lower rank wins when two budget columns name the same fiscal year.
STAGES = (("proposed", 0), ("approved", 0), ("final", 0), ("inflation", 2), ("adjusted", 2))


def _fiscal_year(column: str) -> str | None:
    found = FISCAL_YEAR.search(column)
    if not found:
        return None
    first, second = int(found.group(1)), int(found.group(2)[-2:])
    return f"FY{first}-{second:02d}" if (first + 1) % 100 == second else None


def budget_columns(keys: list[str]) -> dict[str, str]:
    """{fiscal year: the column that holds its budget}."""
    chosen: dict[str, tuple[int, str]] = {}
    for column in keys:
        fiscal_year = _fiscal_year(column)
        if not fiscal_year or "budget" not in column or any(w in column for w in NOT_BUDGET):
            continue
        rank = min((r for word, r in STAGES if word in column), default=1)
        if fiscal_year not in chosen or rank < chosen[fiscal_year][0]:
            chosen[fiscal_year] = (rank, column)
    return {fy: column for fy, (_, column) in sorted(chosen.items())}


def _recognises(keys: list[str]) -> bool:
    return (
        "fiscal_year" not in keys
        and any(k in keys for k in REGION_COLUMNS)
        and bool(budget_columns(keys))
    )


def convert_regional_budgets(frame: pd.DataFrame, context: Context) -> list[Part]:
    columns = budget_columns(list(frame.columns))
    region_column = next(c for c in REGION_COLUMNS if c in frame.columns)
    regions = frame[region_column].str.strip()
    totals = regions.str.lower().isin(["total", "all", "all regions"])
    rows = frame[~totals]
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "fiscal_year": fiscal_year,
                    "region": rows[region_column],
                    "budget_usd": rows[column],
                    "source_row": rows["source_row"],
                }
            )
            for fiscal_year, column in columns.items()
        ]
    )
    blank = long["budget_usd"].str.strip() == ""
    long = long[~blank]
    ignored = [c for c in frame.columns if c not in columns.values() and c != "source_row"]
    notes = [
        "budget columns: " + ", ".join(f"{c} → {fy}" for fy, c in columns.items()),
        "not budgets: " + listing(ignored) if ignored else "",
        "the TOTAL row is a sum of the regions: not loaded" if totals.any() else "",
        f"{int(blank.sum())} blank budget cells: no budget loaded for them" if blank.any() else "",
    ]
    return [
        part(
            "budgets",
            {c: long[c] for c in ("fiscal_year", "region", "budget_usd")},
            long["source_row"],
            notes,
        )
    ]


def convert_fund_totals(frame: pd.DataFrame, context: Context) -> list[Part]:
    years = listing(sorted(frame["fiscal_year"].str.strip().unique()))
    return [
        empty_part(
            "budgets",
            [
                f"published Community Fund totals ({years}): reference figures to compare the "
                "warehouse with, not loaded (grants carry the amounts)"
            ],
        )
    ]


FORMATS = [
    SourceFormat("regional_budgets", _recognises, convert_regional_budgets),
    SourceFormat(
        "fund_totals",
        lambda keys: {"fiscal_year", "grants_awarded", "total_usd"} <= set(keys),
        convert_fund_totals,
    ),
]
