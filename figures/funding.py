"""Funding figures without Streamlit: the committee's headline measures of one fiscal year
against the year before, and measures over the fiscal years as lines."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from figures.common import style
from ui.palette import CATEGORICAL

# The two colours of a chart comparing two measures (requested and awarded, say).
FIRST, SECOND = CATEGORICAL[4], CATEGORICAL[5]


@dataclass(frozen=True)
class Kpi:
    """One headline measure: its value in the year, in the year before, how to show it (usd,
    share, count, days) and whether a rise is good news (False: a fall is, as for days)."""

    label: str
    value: float | None
    previous: float | None
    kind: str
    definition: str
    higher_is_better: bool = True
    hidden: bool = False


def _cell(frame: pd.DataFrame, year: str | None, column: str) -> float | None:
    if year is None or frame.empty or column not in frame:
        return None
    rows = frame[frame["fiscal_year"] == year]
    if rows.empty or pd.isna(rows[column].iloc[0]):
        return None
    return float(rows[column].iloc[0])


def year_against_year(
    yearly: pd.DataFrame,
    concentration: pd.DataFrame,
    cost: pd.DataFrame,
    year: str,
    before: str | None,
) -> list[Kpi]:
    """The committee's measures of `year` and `before`: `yearly` is funding_by_region_year's
    'ALL' rows, `concentration` funding_concentration_year, `cost` cost_per_participant's 'ALL'
    rows (a hidden cost is flagged, never shown)."""

    def pair(frame: pd.DataFrame, column: str) -> tuple[float | None, float | None]:
        return _cell(frame, year, column), _cell(frame, before, column)

    cost_hidden = bool(
        not cost.empty
        and cost.loc[cost["fiscal_year"] == year, "participants_suppressed"].fillna(False).any()
    )
    return [
        Kpi("Awarded", *pair(yearly, "awarded_usd"), "usd", "Awarded USD of funded grants."),
        Kpi("Approval rate", *pair(yearly, "approval_rate"), "share", "Funded / decided grants."),
        Kpi(
            "Funding ratio",
            *pair(yearly, "funding_ratio"),
            "share",
            "Awarded / requested USD over funded grants.",
        ),
        Kpi(
            "First-time share",
            *pair(yearly, "first_time_share_count"),
            "share",
            "Funded grants that are the grantee's first funded grant.",
        ),
        Kpi(
            "Outside NA+NWE",
            *pair(concentration, "share_outside_na_nwe"),
            "share",
            "Share of awarded USD going outside North America and Northern & Western Europe.",
        ),
        Kpi(
            "Median days to decision",
            *pair(yearly, "median_days_to_decision"),
            "days",
            "From submission to decision, over decided grants.",
            higher_is_better=False,
        ),
        Kpi(
            "Awarded per 1,000 active editors",
            *pair(yearly, "awarded_per_1000_active_editors"),
            "usd",
            "Awarded USD over the mean monthly active editors of the regions, per 1,000.",
        ),
        Kpi(
            "Cost per participant",
            *pair(cost, "cost_per_participant"),
            "usd",
            "Awarded USD of funded grants that programs name, over the distinct participants "
            "of those programs.",
            higher_is_better=False,
            hidden=cost_hidden,
        ),
    ]


def change(kpi: Kpi) -> str | None:
    """The change since the year before as people read it: shares in percentage points, other
    measures in percent; None when either year has no value."""
    if kpi.value is None or kpi.previous is None or kpi.hidden:
        return None
    if kpi.kind == "share":
        return f"{(kpi.value - kpi.previous) * 100:+.1f} pp"
    if kpi.previous == 0:
        return None
    return f"{(kpi.value - kpi.previous) / kpi.previous:+.1%}"


def year_lines(
    frame: pd.DataFrame,
    columns: dict[str, str],
    y_title: str,
    fmt: str,
    hover: dict[str, str] | None = None,
) -> go.Figure:
    """One line per measure over the fiscal years; `columns` maps column → label, `fmt` is the
    axis's d3 format and `hover` a label's own format where it differs."""
    figure = go.Figure(
        [
            go.Scatter(
                name=label,
                x=frame["fiscal_year"],
                y=frame[column],
                mode="lines+markers",
                line_color=colour,
                hovertemplate=f"{label}, %{{x}}: %{{y:{(hover or {}).get(label, fmt)}}}"
                "<extra></extra>",
            )
            for (column, label), colour in zip(columns.items(), (FIRST, SECOND), strict=False)
        ]
    )
    figure.update_yaxes(tickformat=fmt, rangemode="tozero")
    figure.update_xaxes(type="category")  # fiscal years, even a single one
    return style(figure, y_title=y_title, x_title="")
