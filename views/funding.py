"""Funding distribution: is money distributed fairly and where it matters? Requested against
awarded, approval and funding ratios, grant sizes, concentration, first-time grantees, progression
from Rapid to General Support, decision times, budgets, and every grant in a sortable table.
Clicking a region in the first chart narrows the page to it. The cards and the first part
(requested and awarded) show at once; every later part is folded under its title and built
when opened, so that the browser has two charts to lay out before it shows the first, not 18."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.reference import FUNDS, REGIONS
from figures.common import describe_ranking, describe_trend, region_lines, style
from figures.funding import FIRST, SECOND, change, year_against_year, year_lines
from figures.periods import headline_year, previous_year
from ui import filters as sidebar
from ui.charts import EMPTY, Cached, chart, cross_filter_focus, section, sortable_table
from ui.data import query
from ui.format import count, number, share, usd
from ui.palette import CATEGORICAL, REGION_COLOURS

REGION_PICK = "funding-region-pick"
KPI_FORMATS = {"usd": usd, "share": share, "count": count, "days": lambda v: number(v, 0)}
NEUTRAL = REGION_COLOURS["ALL"]
# Two measures side by side: Okabe–Ito blue and orange, told apart in every colour vision.

FUND_COLOURS = dict(zip(FUNDS, CATEGORICAL, strict=False))
APPLICANT_TYPES = {
    "individual": "Individual",
    "group": "Group",
    "affiliate": "Affiliate",
    "organization": "Organization",
    "unknown": "Unknown",
}
STATUSES = {
    "funded": "Funded",
    "not_funded": "Not funded",
    "withdrawn": "Withdrawn",
    "submitted": "Submitted",
    "under_review": "Under review",
}
# The grant table's columns, amounts before the long titles so they show without scrolling.
GRANT_COLUMNS = [
    "grant_id",
    "fiscal_year",
    "decision_date",
    "fund",
    "status",
    "region",
    "country",
    "organization_name",
    "applicant_type",
    "requested_usd",
    "awarded_usd",
    "days_to_decision",
    "is_first_time",
    "is_multi_year",
    "title",
    "themes",
]

# The grant table's orders (the query's own is the first): over every page, not one.
GRANT_ORDERS = {
    "Newest decision first": None,
    "Largest awarded first": "awarded_usd",
    "Largest requested first": "requested_usd",
    "Longest to decision first": "days_to_decision",
}


def fund_name(code: str) -> str:
    return FUNDS[code][0] if code in FUNDS else code


def fund_short_name(code: str) -> str:
    """Rapid, General Support…: short enough for an axis."""
    return fund_name(code).removesuffix(" Fund")


def segment_name(dimension: str, code: str) -> str:
    if dimension == "fund":
        return fund_short_name(code)
    if dimension == "applicant_type":
        return APPLICANT_TYPES.get(code, code)
    return code


def segments(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One dimension's rows of funding_by_segment, with readable names."""
    rows = frame[frame["dimension"] == dimension].drop(columns="dimension").copy()
    rows.insert(1, "name", [segment_name(dimension, code) for code in rows["segment"]])
    return rows


def totals_by_year(by_region_year: pd.DataFrame) -> pd.DataFrame:
    return by_region_year[by_region_year["region"] == "ALL"].drop(columns="region")


def region_rows(by_region_year: pd.DataFrame) -> pd.DataFrame:
    return by_region_year[by_region_year["region"] != "ALL"]


def budget_by_region(by_region_year: pd.DataFrame) -> pd.DataFrame:
    """Budget and awarded USD per region, over the fiscal years that have a budget (awarded USD
    of a year without a budget has nothing to be compared with)."""
    budgeted = region_rows(by_region_year).dropna(subset=["budget_usd"])
    summed = budgeted.groupby("region", as_index=False).agg(
        fiscal_years=("fiscal_year", "nunique"),
        budget_usd=("budget_usd", "sum"),
        awarded_usd=("awarded_usd", "sum"),
    )
    summed["budget_utilisation"] = summed["awarded_usd"] / summed["budget_usd"]
    return summed


# ---- figures -------------------------------------------------------------------------------


def usd_axis(figure: go.Figure) -> go.Figure:
    return figure.update_yaxes(tickprefix="$", tickformat="~s")


def share_axis(figure: go.Figure) -> go.Figure:
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    return figure


def requested_marker(regions: pd.Series) -> dict:
    """The region's colour, faint and hatched: what was asked for or planned, beside the solid
    bar of what was awarded (a grey bar would look like NWE's own colour)."""
    return {
        "color": [REGION_COLOURS.get(c, NEUTRAL) for c in regions],
        "opacity": 0.45,
        "pattern": {"shape": "/"},
    }


def region_bars(regions: pd.DataFrame) -> go.Figure:
    """Requested (hatched) and awarded (solid) per region; a click picks the region."""
    codes = regions[["segment"]].to_numpy()
    figure = go.Figure(
        [
            go.Bar(
                name="Requested (decided grants)",
                x=regions["segment"],
                y=regions["requested_usd"],
                customdata=codes,
                marker=requested_marker(regions["segment"]),
                hovertemplate="%{x}: $%{y:,.0f} requested<extra></extra>",
            ),
            go.Bar(
                name="Awarded (funded grants)",
                x=regions["segment"],
                y=regions["awarded_usd"],
                customdata=codes,
                marker_color=[REGION_COLOURS.get(c, NEUTRAL) for c in regions["segment"]],
                hovertemplate="%{x}: $%{y:,.0f} awarded<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    return style(usd_axis(figure), y_title="USD")


def paired_bars(
    frame: pd.DataFrame, x: str, first: tuple[str, str], second: tuple[str, str], money: bool
) -> go.Figure:
    """Two measures side by side per category; `first` and `second` are (column, label)."""
    template = "$%{y:,.0f}" if money else "%{y:.1%}"
    figure = go.Figure(
        [
            go.Bar(
                name=label,
                x=frame[x],
                y=frame[column],
                marker_color=colour,
                hovertemplate=f"%{{x}}: {template} {label.lower()}<extra></extra>",
            )
            for (column, label), colour in ((first, FIRST), (second, SECOND))
        ]
    )
    figure.update_layout(barmode="group")
    style(usd_axis(figure) if money else share_axis(figure), y_title="")
    # legend above: long category names (funds) slant into the space below the axis
    return figure.update_layout(legend={"y": 1.02, "yanchor": "bottom"})


def year_bars(frame: pd.DataFrame, y: str, y_title: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=frame["fiscal_year"],
            y=frame[y],
            marker_color=FIRST,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    return style(figure, y_title=y_title, x_title="")


def days_bars(funds: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=funds["name"],
            y=funds["median_days_to_decision"],
            marker_color=FIRST,
            hovertemplate="%{x}: %{y:,.0f} days<extra></extra>",
        )
    )
    return style(figure, y_title="Median days", x_title="")


def size_histogram(sizes: pd.DataFrame) -> go.Figure:
    """Funded grants per size band, stacked by fund. The bands widen roughly geometrically, so the
    x axis reads as a log scale of the awarded amount."""
    ordered = sizes.sort_values("band_order")
    figure = go.Figure(
        [
            go.Bar(
                name=fund_name(fund),
                x=rows["size_band"],
                y=rows["grants_funded"],
                marker_color=FUND_COLOURS.get(fund, NEUTRAL),
                hovertemplate=f"{fund_name(fund)}, %{{x}}: %{{y:,}} grants<extra></extra>",
            )
            for fund, rows in ordered.groupby("fund", sort=False)
        ]
    )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(categoryorder="array", categoryarray=ordered["size_band"].unique())
    return style(figure, y_title="Funded grants", x_title="")


def lorenz_figure(curve: pd.DataFrame, gini: float) -> go.Figure:
    figure = go.Figure(
        [
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name="Equal shares",
                line={"dash": "dot", "color": NEUTRAL},
                hoverinfo="skip",
            ),
            go.Scatter(
                x=curve["grantee_share"],
                y=curve["awarded_share"],
                mode="lines",
                name="Grantees, smallest first",
                line={"color": FIRST, "width": 3},
                fill="tonexty",
                hovertemplate="The smallest %{x:.0%} of grantees received %{y:.1%}<extra></extra>",
            ),
        ]
    )
    figure.add_annotation(
        x=0.05,
        y=0.9,
        xref="paper",
        yref="paper",
        showarrow=False,
        text=f"Gini {gini:.2f}",
        font={"size": 16},
    )
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(tickformat=".0%", range=[0, 1], scaleanchor="x")
    return style(figure, x_title="Share of grantees", y_title="Share of awarded USD")


def budget_bars(budgets: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        [
            go.Bar(
                name="Budget",
                x=budgets["region"],
                y=budgets["budget_usd"],
                marker=requested_marker(budgets["region"]),
                hovertemplate="%{x}: $%{y:,.0f} budget<extra></extra>",
            ),
            go.Bar(
                name="Awarded",
                x=budgets["region"],
                y=budgets["awarded_usd"],
                customdata=budgets[["budget_utilisation"]].to_numpy(),
                marker_color=[REGION_COLOURS.get(c, NEUTRAL) for c in budgets["region"]],
                hovertemplate="%{x}: $%{y:,.0f} awarded, %{customdata[0]:.0%} of budget"
                "<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="group")
    return style(usd_axis(figure), y_title="USD")


def concentration_text(concentration: pd.DataFrame) -> str:
    """The text alternative of the Gini and top-10 share chart."""
    gini = describe_trend(
        concentration.assign(series="Gini"),
        x="fiscal_year",
        y="gini_grantee",
        series="series",
        value=lambda v: number(v, 2),
    )
    top10 = describe_trend(
        concentration.assign(series="Top-10 share"),
        x="fiscal_year",
        y="top10_share",
        series="series",
        value=share,
    )
    return f"{gini} {top10}"


def budget_text(budgets: pd.DataFrame) -> str:
    """The text alternative of the budget chart: highest and lowest utilisation."""
    ranked = describe_ranking(budgets, category="region", value="budget_utilisation", fmt=share)
    return ranked.replace("Largest", "Highest utilisation").replace("Smallest", "Lowest")


RATES = {
    "grants_decided": "count",
    "grants_funded": "count",
    "approval_rate": "share",
    "requested_usd": "usd",
    "awarded_usd": "usd",
    "funding_ratio": "share",
}
RATE_LABELS = {
    "name": "",
    "fiscal_year": "Fiscal year",
    "grants_decided": "Grants decided",
    "grants_funded": "Grants funded",
    "approval_rate": "Approval rate",
    "requested_usd": "Requested USD",
    "awarded_usd": "Awarded USD",
    "funding_ratio": "Funding ratio",
}
RATE_COLUMNS = list(RATES)


def rate_chart(title: str, frame: pd.DataFrame, x: str, name: str, label: str) -> None:
    """Approval rate and funding ratio side by side per category (or per fiscal year)."""
    chart(
        title,
        f"Approval rate and funding ratio per {label}, over the selected fiscal years.",
        frame[[x, *RATE_COLUMNS]],
        Cached(
            paired_bars,
            frame,
            x,
            ("approval_rate", "Approval rate"),
            ("funding_ratio", "Funding ratio"),
            money=False,
        )
        if not frame.empty
        else None,
        name=name,
        filters=shown_filters,
        text="Approval rate: "
        + describe_ranking(frame, category=x, value="approval_rate", fmt=share)
        + " Funding ratio: "
        + describe_ranking(frame, category=x, value="funding_ratio", fmt=share),
        formats=RATES,
        labels={**RATE_LABELS, "name": label.capitalize()},
    )


# ---- the page ------------------------------------------------------------------------------

filters = sidebar.current()
focus = cross_filter_focus(REGION_PICK, filters.regions or tuple(REGIONS))
narrowed = filters.params(regions=focus)
shown_filters = filters.focused(focus)  # file names say what the downloads hold

st.title("Funding distribution")
st.caption(
    "Grants count in the fiscal year of their decision. A grant is decided when it is funded or "
    "not funded; withdrawn and pending grants are left out. The grantee is the organization, or "
    "the lead for grants to individuals and groups."
)
if focus:
    st.info(
        f"Focused on **{', '.join(focus)}**: the charts below the first show only this region. "
        "Click the bar again, or double-click the chart, to clear it.",
        icon=":material/filter_alt:",
    )

with st.spinner("Loading funding…"):
    all_segments = query("funding_by_segment", **filters.params())
    by_segment = query("funding_by_segment", **narrowed)
    by_region_year = query("funding_by_region_year", **narrowed)
    concentration = query("funding_concentration_year", **narrowed)
    yearly = totals_by_year(by_region_year)

total = by_segment[by_segment["dimension"] == "total"]
if total.empty:
    st.info(EMPTY)
    st.stop()
total = total.iloc[0]
year, why, _ = headline_year(filters.fiscal_years, yearly, date.today())
before = previous_year(year)
one_region = narrowed["regions"][0] if len(narrowed["regions"]) == 1 else "ALL"
costs = query("cost_per_participant", **narrowed)
costs = costs[costs["region"] == one_region]
if len(narrowed["regions"]) > 1 or filters.funds or filters.themes:
    costs = costs.iloc[0:0]  # people of several regions do not add up; costs know no fund
st.subheader(f"{year} compared with {before}" if before else year)
st.caption(
    f"{year} is {why}; each arrow gives the change since {before} (shares in percentage "
    "points). Cost per participant shows for all regions or one, without a fund or theme "
    "filter."
)
with st.container(horizontal=True):
    for kpi in year_against_year(yearly, concentration, costs, year, before):
        st.metric(
            kpi.label,
            "hidden" if kpi.hidden else KPI_FORMATS[kpi.kind](kpi.value),
            change(kpi),
            delta_color="normal" if kpi.higher_is_better else "inverse",
            delta_description=f"vs {before}" if change(kpi) else None,
            help=kpi.definition,
            border=True,
        )

st.subheader("Over the fiscal years selected")
with st.container(horizontal=True):
    st.metric("Requested", usd(total.requested_usd), border=True, help="Decided grants.")
    st.metric("Awarded", usd(total.awarded_usd), border=True, help="Funded grants.")
    st.metric(
        "Approval rate", share(total.approval_rate), border=True, help="Funded / decided grants."
    )
    st.metric(
        "Funding ratio",
        share(total.funding_ratio),
        border=True,
        help="Awarded / requested USD over funded grants.",
    )
with st.container(horizontal=True):
    st.metric(
        "First-time grantees",
        count(total.first_time_grants),
        border=True,
        help=f"{share(total.first_time_share_count)} of funded grants, "
        f"{share(total.first_time_share_amount)} of awarded USD.",
    )
    st.metric(
        "Median days to decision",
        number(total.median_days_to_decision, 0),
        border=True,
        help="From submission to decision, over decided grants.",
    )

st.header("Requested and awarded")
left, right = st.columns(2)
with left:
    regions = segments(all_segments, "region")
    chart(
        "Requested and awarded by region",
        "Requested USD of decided grants and awarded USD of funded grants over the selected "
        "fiscal years. Click a region to focus the page on it.",
        regions[["segment", "grants_decided", "grants_funded", "requested_usd", "awarded_usd"]],
        Cached(region_bars, regions) if not regions.empty else None,
        name="requested_awarded_by_region",
        filters=filters,  # the chart clicked shows every region
        text=Cached(describe_ranking, regions, category="segment", value="awarded_usd", fmt=usd),
        formats={
            "grants_decided": "count",
            "grants_funded": "count",
            "requested_usd": "usd",
            "awarded_usd": "usd",
        },
        labels={
            "segment": "Region",
            "grants_decided": "Grants decided",
            "grants_funded": "Grants funded",
            "requested_usd": "Requested USD",
            "awarded_usd": "Awarded USD",
        },
        select=True,
        key=REGION_PICK,
    )
with right:
    chart(
        "Requested and awarded by fiscal year",
        "Requested USD of decided grants and awarded USD of funded grants, by fiscal year of "
        "decision.",
        yearly[["fiscal_year", "grants_decided", "grants_funded", "requested_usd", "awarded_usd"]],
        Cached(
            paired_bars,
            yearly,
            "fiscal_year",
            ("requested_usd", "Requested"),
            ("awarded_usd", "Awarded"),
            money=True,
        )
        if not yearly.empty
        else None,
        name="requested_awarded_by_year",
        filters=shown_filters,
        text=Cached(
            describe_trend,
            yearly.assign(series="Awarded"),
            x="fiscal_year",
            y="awarded_usd",
            series="series",
            value=usd,
        ),
        formats={
            "grants_decided": "count",
            "grants_funded": "count",
            "requested_usd": "usd",
            "awarded_usd": "usd",
        },
        labels={
            "fiscal_year": "Fiscal year",
            "grants_decided": "Grants decided",
            "grants_funded": "Grants funded",
            "requested_usd": "Requested USD",
            "awarded_usd": "Awarded USD",
        },
    )


def equity_and_reach() -> None:
    """Share of money outside NA+NWE and awarded per 1,000 active editors."""
    left, right = st.columns(2)
    with left:
        outside = concentration[["fiscal_year", "share_outside_na_nwe"]].dropna()
        chart(
            "Share of awarded USD outside NA+NWE",
            "Awarded USD going to regions other than North America and Northern & Western Europe, "
            "per fiscal year of decision: the equity headline the committees report.",
            outside,
            Cached(year_lines, outside, {"share_outside_na_nwe": "Outside NA+NWE"}, "", ".0%")
            if not outside.empty
            else None,
            name="share_outside_na_nwe_by_year",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                outside.assign(series="Outside NA+NWE"),
                x="fiscal_year",
                y="share_outside_na_nwe",
                series="series",
                value=share,
            ),
            formats={"share_outside_na_nwe": "share"},
            labels={"fiscal_year": "Fiscal year", "share_outside_na_nwe": "Outside NA+NWE"},
        )
    with right:
        per_editors = region_rows(by_region_year)[
            [
                "fiscal_year",
                "region",
                "active_editors",
                "awarded_usd",
                "awarded_per_1000_active_editors",
            ]
        ].dropna(subset=["awarded_per_1000_active_editors"])
        chart(
            "Awarded per 1,000 active editors by region",
            "Awarded USD per 1,000 of the region's mean monthly active editors over the fiscal "
            "year: funding against the size of each region's editing community.",
            per_editors,
            Cached(
                region_lines,
                per_editors,
                "awarded_per_1000_active_editors",
                "USD per 1,000 editors",
            ),
            name="awarded_per_1000_active_editors",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                per_editors,
                x="fiscal_year",
                y="awarded_per_1000_active_editors",
                series="region",
                value=usd,
            ),
            formats={"awarded_usd": "usd", "awarded_per_1000_active_editors": "usd"},
            labels={
                "fiscal_year": "Fiscal year",
                "region": "Region",
                "active_editors": "Mean monthly active editors",
                "awarded_usd": "Awarded USD",
                "awarded_per_1000_active_editors": "Awarded USD per 1,000 active editors",
            },
        )


def rates() -> None:
    """Approval rate and funding ratio by fiscal year, region, fund and applicant type."""
    st.caption(
        "Approval rate: funded grants / decided grants. Funding ratio: awarded USD / requested "
        "USD, over funded grants."
    )
    left, right = st.columns(2)
    with left:
        chart(
            "Approval rate and funding ratio by fiscal year",
            "Approval rate and funding ratio per fiscal year of decision.",
            yearly[["fiscal_year", *RATE_COLUMNS]],
            Cached(
                year_lines,
                yearly,
                {"approval_rate": "Approval rate", "funding_ratio": "Funding ratio"},
                "",
                ".1%",
            )
            if not yearly.empty
            else None,
            name="rates_by_year",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                yearly.melt(
                    id_vars="fiscal_year", value_vars=["approval_rate", "funding_ratio"]
                ).replace({"approval_rate": "Approval rate", "funding_ratio": "Funding ratio"}),
                x="fiscal_year",
                y="value",
                series="variable",
                value=share,
            ),
            formats=RATES,
            labels=RATE_LABELS,
        )
    with right:
        rate_chart("By region", segments(by_segment, "region"), "name", "rates_by_region", "region")
    left, right = st.columns(2)
    with left:
        rate_chart("By fund", segments(by_segment, "fund"), "name", "rates_by_fund", "fund")
    with right:
        rate_chart(
            "By applicant type",
            segments(by_segment, "applicant_type"),
            "name",
            "rates_by_applicant_type",
            "applicant type",
        )


def sizes_and_concentration() -> None:
    """Grant sizes, the Lorenz curve, Gini, top-10 share and HHI."""
    with st.spinner("Loading grant sizes…"):
        sizes = query("grant_size_distribution", **narrowed)
        curve = query("grantee_lorenz_curve", **narrowed)
    sizes["fund_name"] = sizes["fund"].map(fund_name)
    left, right = st.columns(2)
    with left:
        chart(
            "Grant sizes",
            "Funded grants per band of awarded USD, by fund; the bands widen roughly geometrically "
            "(a log scale).",
            sizes[["fund_name", "size_band", "grants_funded", "awarded_usd"]],
            Cached(size_histogram, sizes) if not sizes.empty else None,
            name="grant_size_distribution",
            filters=shown_filters,
            text=Cached(
                describe_ranking,
                sizes.assign(cell=sizes["fund_name"] + " " + sizes["size_band"]),
                category="cell",
                value="grants_funded",
                fmt=lambda v: f"{count(v)} grant{'' if v == 1 else 's'}",
            ),
            formats={"grants_funded": "count", "awarded_usd": "usd"},
            labels={
                "fund_name": "Fund",
                "size_band": "Awarded USD band",
                "grants_funded": "Grants funded",
                "awarded_usd": "Awarded USD",
            },
        )
    with right:
        # the exact Gini of the grantee totals the curve draws: with one fiscal year chosen, the
        # same number as the Gini by fiscal year beside it
        gini = float(curve["gini"].iloc[0]) if not curve.empty else float("nan")
        middle = (
            curve.loc[(curve["grantee_share"] - 0.5).abs().idxmin()] if not curve.empty else None
        )
        top = curve.loc[(curve["grantee_share"] - 0.9).abs().idxmin()] if not curve.empty else None
        chart(
            "Lorenz curve of awarded USD across grantees",
            "Share of all awarded USD received by the smallest x% of grantees over the "
            "selection; the further below the diagonal, the more concentrated. Gini over the "
            "grantees' totals of the whole selection (with one fiscal year, that year's Gini).",
            curve[["grantee_share", "awarded_share"]],
            Cached(lorenz_figure, curve, gini) if not curve.empty else None,
            name="grantee_lorenz_curve",
            filters=shown_filters,
            text=(
                f"Gini {gini:.2f}. The smallest half of grantees received "
                f"{share(middle.awarded_share)} of awarded USD; the largest 10% received "
                f"{share(1 - top.awarded_share)}."
                if middle is not None
                else ""
            ),
            formats={"grantee_share": "share", "awarded_share": "share"},
            labels={"grantee_share": "Share of grantees", "awarded_share": "Share of awarded USD"},
        )

    left, right = st.columns(2)
    with left:
        chart(
            "Gini and top-10 share by fiscal year",
            "Gini across grantees' awarded totals (0 = equal, 1 = one grantee gets all) and the "
            "share of awarded USD going to the 10 largest grantees, per fiscal year.",
            concentration[["fiscal_year", "gini_grantee", "top10_share"]].round(
                {"gini_grantee": 2}
            ),
            Cached(
                year_lines,
                concentration,
                {"gini_grantee": "Gini (grantees)", "top10_share": "Top-10 grantee share"},
                "",
                ".2f",
                hover={"Top-10 grantee share": ".1%"},
            )
            if not concentration.empty
            else None,
            name="gini_top10_by_year",
            filters=shown_filters,
            text=Cached(concentration_text, concentration),
            formats={"top10_share": "share"},
            labels={
                "fiscal_year": "Fiscal year",
                "gini_grantee": "Gini (grantees)",
                "top10_share": "Top-10 grantee share",
            },
        )
    with right:
        chart(
            "HHI by fiscal year",
            "Herfindahl–Hirschman index of awarded USD (Σ share², 0–10,000) across regions and "
            "across grantees; above 2,500 is usually read as highly concentrated.",
            concentration[["fiscal_year", "hhi_region", "hhi_grantee"]],
            Cached(
                year_lines,
                concentration,
                {"hhi_region": "Across regions", "hhi_grantee": "Across grantees"},
                "HHI",
                ",.0f",
            )
            if not concentration.empty
            else None,
            name="hhi_by_year",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                concentration.melt(
                    id_vars="fiscal_year", value_vars=["hhi_region", "hhi_grantee"]
                ).replace({"hhi_region": "Across regions", "hhi_grantee": "Across grantees"}),
                x="fiscal_year",
                y="value",
                series="variable",
                value=lambda v: number(v, 0),
            ),
            formats={"hhi_region": "count", "hhi_grantee": "count"},
            labels={
                "fiscal_year": "Fiscal year",
                "hhi_region": "HHI across regions",
                "hhi_grantee": "HHI across grantees",
            },
        )


def first_time_and_progression() -> None:
    """First-time grantees and their shares, Rapid → General Support progressions, and the
    multi-year share."""
    left, right = st.columns(2)
    with left:
        chart(
            "First-time grantees by fiscal year",
            "Funded grants that are the grantee's first funded grant, per fiscal year of decision.",
            yearly[
                [
                    "fiscal_year",
                    "first_time_grantees",
                    "first_time_share_count",
                    "first_time_share_amount",
                ]
            ],
            Cached(year_bars, yearly, "first_time_grantees", "First-time grantees")
            if not yearly.empty
            else None,
            name="first_time_grantees_by_year",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                yearly.assign(series="First-time grantees"),
                x="fiscal_year",
                y="first_time_grantees",
                series="series",
                value=count,
            ),
            formats={
                "first_time_grantees": "count",
                "first_time_share_count": "share",
                "first_time_share_amount": "share",
            },
            labels={
                "fiscal_year": "Fiscal year",
                "first_time_grantees": "First-time grantees",
                "first_time_share_count": "Share of funded grants",
                "first_time_share_amount": "Share of awarded USD",
            },
        )
    with right:
        chart(
            "First-time share by count and by amount",
            "First-time grants as a share of funded grants and of awarded USD, per fiscal year.",
            yearly[["fiscal_year", "first_time_share_count", "first_time_share_amount"]],
            Cached(
                year_lines,
                yearly,
                {
                    "first_time_share_count": "Share of funded grants",
                    "first_time_share_amount": "Share of awarded USD",
                },
                "",
                ".0%",
            )
            if not yearly.empty
            else None,
            name="first_time_share_by_year",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                yearly.melt(
                    id_vars="fiscal_year",
                    value_vars=["first_time_share_count", "first_time_share_amount"],
                ).replace(
                    {
                        "first_time_share_count": "By count",
                        "first_time_share_amount": "By amount",
                    }
                ),
                x="fiscal_year",
                y="value",
                series="variable",
                value=share,
            ),
            formats={"first_time_share_count": "share", "first_time_share_amount": "share"},
            labels={
                "fiscal_year": "Fiscal year",
                "first_time_share_count": "Share of funded grants",
                "first_time_share_amount": "Share of awarded USD",
            },
        )

    left, right = st.columns(2)
    with left:
        chart(
            "Rapid → General Support progressions",
            "Grantees whose first funded General Support grant, decided in the fiscal year, came "
            "after a funded Rapid grant.",
            concentration[["fiscal_year", "rapid_to_gsf"]],
            Cached(year_bars, concentration, "rapid_to_gsf", "Grantees")
            if not concentration.empty
            else None,
            name="rapid_to_general_support",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                concentration.assign(series="Progressions"),
                x="fiscal_year",
                y="rapid_to_gsf",
                series="series",
                value=count,
            ),
            formats={"rapid_to_gsf": "count"},
            labels={"fiscal_year": "Fiscal year", "rapid_to_gsf": "Rapid → General Support"},
        )
    with right:
        chart(
            "Multi-year share of General Support",
            "Funded General Support grants that are multi-year, as a share of all funded General "
            "Support grants, per fiscal year.",
            concentration[["fiscal_year", "multi_year_share"]],
            Cached(year_lines, concentration, {"multi_year_share": "Multi-year share"}, "", ".0%")
            if not concentration.empty
            else None,
            name="multi_year_share",
            filters=shown_filters,
            text=Cached(
                describe_trend,
                concentration.assign(series="Multi-year share"),
                x="fiscal_year",
                y="multi_year_share",
                series="series",
                value=share,
            ),
            formats={"multi_year_share": "share"},
            labels={"fiscal_year": "Fiscal year", "multi_year_share": "Multi-year share"},
        )


def decisions_and_budgets() -> None:
    """Median days to decision by fund, and budgets against awards by region."""
    left, right = st.columns(2)
    with left:
        funds = segments(by_segment, "fund")
        chart(
            "Median days to decision by fund",
            "Median days from submission to decision over decided grants of the selected fiscal "
            "years.",
            funds[["name", "grants_decided", "median_days_to_decision"]],
            Cached(days_bars, funds) if not funds.empty else None,
            name="days_to_decision_by_fund",
            filters=shown_filters,
            text=Cached(
                describe_ranking,
                funds,
                category="name",
                value="median_days_to_decision",
                fmt=lambda v: f"{number(v, 0)} days",
            ),
            formats={"grants_decided": "count", "median_days_to_decision": "number"},
            labels={
                "name": "Fund",
                "grants_decided": "Grants decided",
                "median_days_to_decision": "Median days to decision",
            },
        )
    with right:
        budgets = budget_by_region(by_region_year)
        if filters.funds:
            # budgets are set per region for all funds together
            st.subheader("Budget and awarded by region")
            st.info(
                "No budget utilisation with a fund chosen: regional budgets cover all funds "
                "together, so one fund's awards over the whole budget would understate it. Clear "
                "Funds in the sidebar to compare awards with budgets.",
                icon=":material/info:",
            )
        else:
            chart(
                "Budget and awarded by region",
                "Regional budget against awarded USD, over the selected fiscal years that have a "
                "budget; utilisation = awarded / budget.",
                budgets,
                Cached(budget_bars, budgets) if not budgets.empty else None,
                name="budget_vs_awarded_by_region",
                filters=shown_filters,
                text=Cached(budget_text, budgets),
                formats={
                    "fiscal_years": "count",
                    "budget_usd": "usd",
                    "awarded_usd": "usd",
                    "budget_utilisation": "share",
                },
                labels={
                    "region": "Region",
                    "fiscal_years": "Fiscal years with a budget",
                    "budget_usd": "Budget USD",
                    "awarded_usd": "Awarded USD",
                    "budget_utilisation": "Utilisation",
                },
            )


def every_grant() -> None:
    """Every grant of the selection, a page of 1,000 at a time."""
    with st.spinner("Loading grants…"):
        grants = query("grant_list", **narrowed)
    grants = grants[GRANT_COLUMNS].assign(
        fund=grants["fund"].map(fund_name),
        status=grants["status"].map(lambda c: STATUSES.get(c, c)),
        applicant_type=grants["applicant_type"].map(lambda c: APPLICANT_TYPES.get(c, c)),
    )
    st.caption(
        "Organizations are named, people never; titles of grants to individuals and groups in "
        "protected countries are withheld. The order holds across pages; a click on a column "
        "header sorts the page shown."
    )
    order = st.selectbox(
        "Order", list(GRANT_ORDERS), key="grant-order", bind="query-params", width=300
    )
    if GRANT_ORDERS[order]:
        grants = grants.sort_values(
            GRANT_ORDERS[order], ascending=False, na_position="last", kind="stable"
        )
    sortable_table(
        None,
        "",
        grants,
        name="grant_list",
        filters=shown_filters,
        labels={
            "grant_id": "Grant",
            "title": "Title",
            "fiscal_year": "Fiscal year",
            "decision_date": "Decided",
            "fund": "Fund",
            "status": "Status",
            "region": "Region",
            "country": "Country",
            "applicant_type": "Applicant type",
            "organization_name": "Organization",
            "themes": "Themes",
            "requested_usd": "Requested USD",
            "awarded_usd": "Awarded USD",
            "is_first_time": "First-time",
            "is_multi_year": "Multi-year",
            "days_to_decision": "Days to decision",
        },
        column_config={
            "Requested USD": st.column_config.NumberColumn(format="$%,.0f"),
            "Awarded USD": st.column_config.NumberColumn(format="$%,.0f"),
            "Days to decision": st.column_config.NumberColumn(format="%d"),
            "Decided": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )


# Every part below the first is folded under its title and built only once opened: the browser
# lays out every chart that arrives before it shows the first one, and the whole page's 18
# charts kept the first from showing for 3-5 s at scale L (2-4 charts: ~1.3 s).
for title, draw, unfolded in (
    ("Equity and reach", equity_and_reach, False),
    ("Approval rate and funding ratio", rates, False),
    ("Grant sizes and concentration", sizes_and_concentration, False),
    ("First-time grantees and progression", first_time_and_progression, False),
    ("Decisions and budgets", decisions_and_budgets, False),
    # a link that names an order of the grant table opens it
    ("Every grant of the selection", every_grant, "grant-order" in st.query_params),
):
    section(title, draw, key=f"funding-{draw.__name__}", expanded=unfolded)
