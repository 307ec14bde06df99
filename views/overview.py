"""Overview: the headline figures of one fiscal year against the year before, where the money went
by region and country, and the trends by fiscal year. Clicking a region's bar focuses the rest of
the page on it; clicking the bar again, or double-clicking the chart, clears the focus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.reference import REGIONS, fiscal_years
from figures.common import describe_ranking, describe_trend, in_region_order, region_lines, style
from figures.periods import headline_year, newer_year_under_way, previous_year
from ui import filters as sidebar
from ui import maps, page_views
from ui.charts import EMPTY, Cached, chart, cross_filter_focus
from ui.data import query, view
from ui.format import count, hidden, threshold, usd, usd_short
from ui.palette import REGION_COLOURS, REGION_PATTERNS

REGION_PICK = "overview-region-pick"
MAP_COLOUR = "overview-map-colour"
BY_REGION, BY_AMOUNT = "Region", "Awarded USD"
NEW_EDITORS = (
    "Participants whose account was registered between the program's start and end, both "
    "included (the Programs & Events Dashboard definition)."
)


@dataclass(frozen=True)
class Figure:
    """One headline figure: its value, the year before's, and what to add to its definition."""

    value: float | None
    previous: float | None
    hidden: bool = False
    note: str = ""


# ---- data ----------------------------------------------------------------------------------


def focused_regions(filters: sidebar.Filters) -> tuple[str, ...]:
    """The regions picked in the bar chart (kept in the URL), within the sidebar's regions."""
    return cross_filter_focus(REGION_PICK, filters.regions or tuple(REGIONS))


def year_to_date(rows: pd.DataFrame, column: str) -> Figure:
    """A funding figure of the year under way against the same days of the year before."""
    by_period = rows.set_index("period")[column]
    return Figure(by_period.get("current"), by_period.get("previous"))


def funding_figure(totals: pd.DataFrame, year: str, before: str | None, column: str) -> Figure:
    by_year = totals.set_index("fiscal_year")[column]
    return Figure(by_year.get(year), by_year.get(before) if before else None)


def people_figure(rows: pd.DataFrame, year: str, before: str | None, column: str) -> Figure:
    """A people count of the year: the 'ALL' row when there is one (people counted once). With
    several regions or themes chosen there is one count each, and they cannot be added up."""
    if (rows["region"] == "ALL").any():
        rows = rows[rows["region"] == "ALL"]
    flag = f"{column}_suppressed"
    cells = rows[rows["fiscal_year"] == year]
    if len(cells) > 1:
        each = "; ".join(
            f"{r['region']}{'' if r['theme'] == 'ALL' else ' · ' + r['theme']}: "
            + (hidden() if r[flag] else count(r[column]))
            for _, r in cells.iterrows()
        )
        return Figure(
            None,
            None,
            note=" People cannot be added up across the regions or themes chosen (one person "
            f"can be in several); choose one, or none, to see the total. Each: {each}.",
        )

    def one(fiscal_year: str | None) -> tuple[float | None, bool]:
        cell = rows[rows["fiscal_year"] == fiscal_year]
        if cell.empty:
            return None, False
        if cell[flag].iloc[0]:
            return None, True
        return float(cell[column].iloc[0]), False

    value, is_hidden = one(year)
    previous, _ = one(before)
    return Figure(value, previous, is_hidden)


def region_totals(funding: pd.DataFrame) -> pd.DataFrame:
    """Awarded USD and funded grants per region over the fiscal years selected."""
    regions = funding[funding["region"] != "ALL"]
    totals = regions.groupby("region", as_index=False)[["awarded_usd", "grants_funded"]].sum()
    totals["region_name"] = totals["region"].map(REGIONS).fillna(totals["region"])
    totals["share_of_awarded"] = totals["awarded_usd"] / totals["awarded_usd"].sum()
    return totals.sort_values("awarded_usd", ascending=False)[
        ["region", "region_name", "awarded_usd", "grants_funded", "share_of_awarded"]
    ]


def country_hover(countries: pd.DataFrame) -> pd.DataFrame:
    named = countries.copy()
    named["region_name"] = named["region"].map(REGIONS)
    named["hover"] = (
        "<b>"
        + named["country_name"]
        + "</b> ("
        + named["region"]
        + ")<br>Awarded: "
        + named["awarded_usd"].map(usd)
        + "<br>Grants funded: "
        + named["grants_funded"].map(count)
    )
    return named


# ---- figures -------------------------------------------------------------------------------


def region_bar(totals: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=totals["region"],
            y=totals["awarded_usd"],
            customdata=totals[["region", "region_name", "grants_funded"]].to_numpy(),
            marker_color=[REGION_COLOURS.get(r, REGION_COLOURS["ALL"]) for r in totals["region"]],
            text=totals["awarded_usd"].map(usd_short),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{customdata[1]}</b><br>Awarded: $%{y:,.0f}<br>"
            "Grants funded: %{customdata[2]:,}<extra></extra>",
        )
    )
    return style(figure, y_title="Awarded USD").update_yaxes(tickprefix="$")


def awarded_trend(funding: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        [
            go.Bar(
                x=rows["fiscal_year"],
                y=rows["awarded_usd"],
                name=region,
                marker_color=REGION_COLOURS.get(region, REGION_COLOURS["ALL"]),
                marker_pattern_shape=REGION_PATTERNS.get(region, ""),
                hovertemplate=f"<b>{REGIONS.get(region, region)}</b><br>%{{x}}: $%{{y:,.0f}}"
                "<extra></extra>",
            )
            for region, rows in in_region_order(funding).groupby("region", sort=False)
        ]
    )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(type="category", categoryorder="category ascending")
    return style(figure, y_title="Awarded USD", x_title="").update_yaxes(tickprefix="$")


# ---- page ----------------------------------------------------------------------------------


def show_figures(
    year: str,
    before: str | None,
    funding: pd.DataFrame,
    people: pd.DataFrame,
    *,
    to_date: pd.DataFrame | None = None,
    region: str = "ALL",
    across: bool = True,
) -> None:
    """The KPIs of one region (or of all chosen, 'ALL'): funding and people figures of `year`,
    each with its change since `before`; for a year under way (`to_date`), funding against the
    same days of the year before, and people without a change (a part of a year has no fair
    comparison for them). `across`: the figures side by side, else one above the other."""
    totals = funding[funding["region"] == region]
    versus = f"same days of {before}" if to_date is not None else before
    with st.container(horizontal=across):
        for label, column, fmt, definition in (
            ("Awarded USD", "awarded_usd", usd, "Awarded USD of the grants funded."),
            ("Grants funded", "grants_funded", count, "Grants funded."),
            ("Countries reached", "countries_reached", count, "Countries of funded grants."),
        ):
            figure = (
                year_to_date(to_date, column)
                if to_date is not None
                else funding_figure(totals, year, before, column)
            )
            kpi(
                label,
                figure,
                fmt,
                f"{definition} Grants count in the fiscal year of their decision.",
                versus,
            )
    rows = people if region == "ALL" else people[people["region"] == region]
    with st.container(horizontal=across):
        for label, column, definition in (
            ("Participants", "participants", "People with a participant or mentee role."),
            ("New editors (Dashboard)", "new_editors_dashboard", NEW_EDITORS),
            ("Organizers", "organizers", "People who organized, facilitated or volunteered."),
        ):
            figure = people_figure(rows, year, before, column)
            if to_date is not None:
                figure = Figure(figure.value, None, figure.hidden, figure.note)
            kpi(
                label,
                figure,
                count,
                f"{definition} Programs count in the fiscal year of their start.",
                versus,
            )


def kpi(
    label: str, figure: Figure, fmt: Callable[[object], str], definition: str, before: str | None
) -> None:
    value = hidden() if figure.hidden else (fmt(figure.value) if not figure.note else None)
    if figure.hidden:
        definition += " Hidden: fewer people than the privacy threshold."
    change: str | int | None = None
    if figure.value is not None and figure.previous:
        change = f"{(figure.value - figure.previous) / figure.previous:+.1%}"
        if figure.value == figure.previous:
            change = 0  # a grey "0": a string "+0.0%" would show as a rise
    st.metric(
        label,
        value,
        change,
        help=definition + figure.note,
        border=True,
        delta_description=f"vs {before}" if change is not None else None,
    )


filters = sidebar.current()
focus = focused_regions(filters)
params = filters.params(regions=focus)
shown_filters = filters.focused(focus)  # file names say what the downloads hold

st.title("Overview")
st.caption(
    "Grants count in the fiscal year of their decision, programs in the fiscal year of their "
    f"start. People counts from 1 to {threshold() - 1}, and any that would give one away, "
    f"show as “{hidden()}”."
)

with st.spinner("Loading the overview…"):
    funding = query("funding_by_region_year", **params)
    unfocused = query("funding_by_region_year", **filters.params()) if focus else funding

if funding.empty:
    st.info(EMPTY)
    st.stop()

if focus:
    st.info(
        "Focused on **"
        + ", ".join(f"{REGIONS.get(r, r)} ({r})" for r in focus)
        + "**: the figures and charts show only this. Click the bar again, or double-click the "
        "chart, to clear the focus.",
        icon=":material/filter_alt:",
    )

all_years = funding[funding["region"] == "ALL"]
year, why, partial = headline_year(filters.fiscal_years, all_years, date.today())
before = previous_year(year)
pair = tuple(y for y in (before, year) if y)
compared = focus or filters.regions
freshness = query("data_freshness").iloc[0]
through = freshness["latest_grant_decision"]
first_day = next(first for label, first, _ in fiscal_years() if label == year)
if partial and pd.notna(through) and pd.Timestamp(through).date() >= first_day:
    through = pd.Timestamp(through).date()
    st.subheader(f"{year} to date compared with the same days of {before}")
    st.caption(
        f"{year} is {why} and is still under way: its funding from {first_day:%d %B %Y} to "
        f"{through:%d %B %Y} (the latest decision) is set against the same days of {before}. "
        "People counts are the year's so far, without a comparison."
    )
else:
    partial, through = False, None
    st.subheader(f"{year}" + (f" compared with {before}" if before else ""))
    newer = newer_year_under_way(all_years, year) if not filters.fiscal_years else None
    st.caption(
        f"{year} is {why}; the arrows give the change since {before or 'the year before'}."
        + (
            f" {newer} is under way: choose it under Fiscal years to see it to date against "
            "the same days of the year before."
            if newer
            else ""
        )
    )


# every people count of the page for this filter state, decided together (SPEC §6)
data = view(
    widest=page_views.overview(sidebar.Filters().params()),
    scope=filters.params(),
    **page_views.overview(params, pair, compared),
)


def figures_of(region: str, regions: tuple[str, ...], *, across: bool) -> None:
    """The KPIs of `region` ('ALL': of `regions` together)."""
    narrowed = filters.params(fiscal_years=pair, regions=regions)
    to_date = (
        query(
            "funding_year_to_date",
            **filters.params(regions=regions),
            starts=first_day.isoformat(),
            through=through.isoformat(),
        )
        if partial
        else None
    )
    show_figures(
        year,
        before,
        query("funding_by_region_year", **narrowed),
        data[f"figures {region}"],
        to_date=to_date,
        region=region,
        across=across,
    )


if len(compared) > 1:
    st.caption(
        "Comparing the regions chosen side by side: each region's own figures. The charts "
        "below show each region too; only “Awarded USD per fiscal year” stacks them."
    )
    for row in range(0, len(compared), 4):
        for region, column in zip(compared[row : row + 4], st.columns(4), strict=False):
            with column:
                st.markdown(f"**{REGIONS.get(region, region)} ({region})**")
                figures_of(region, (region,), across=False)
else:
    figures_of("ALL", focus, across=True)

st.header("Where the money went")
where, countries_column = st.columns([2, 3], gap="large")
with where:
    totals = region_totals(unfocused)
    chart(
        "Awarded USD by region",
        "Awarded USD of funded grants over the fiscal years selected. Click a bar to focus the "
        "page on that region.",
        totals,
        Cached(region_bar, totals),
        name="awarded_by_region",
        first=True,
        filters=filters,  # the chart clicked shows every region
        text=Cached(describe_ranking, totals, category="region_name", value="awarded_usd", fmt=usd),
        formats={"awarded_usd": "usd", "grants_funded": "count", "share_of_awarded": "share"},
        labels={
            "region": "Region",
            "region_name": "Region name",
            "awarded_usd": "Awarded USD",
            "grants_funded": "Grants funded",
            "share_of_awarded": "Share of awarded USD",
        },
        select=True,
        key=REGION_PICK,
    )

with countries_column:
    colour_by = st.segmented_control(
        "Colour countries by", [BY_REGION, BY_AMOUNT], default=BY_REGION, key=MAP_COLOUR
    )
    countries = country_hover(query("country_map", **params))
    funded = countries[countries["awarded_usd"] > 0]
    if colour_by == BY_AMOUNT:
        shaded = countries.assign(awarded_usd=countries["awarded_usd"].where(lambda v: v > 0))
        figure = Cached(
            maps.measure_map, shaded, "awarded_usd", "Awarded USD", zoom=bool(params["regions"])
        )
        title = "Awarded USD by country"
    else:
        figure = Cached(maps.region_map, countries, REGION_COLOURS, zoom=bool(params["regions"]))
        title = "Countries by region"
    chart(
        title,
        "Each country in its region (from its ISO code); hover for the awarded USD of its "
        "funded grants over the selection. Grey: no funded grant.",
        countries[
            ["country", "country_name", "region", "region_name", "awarded_usd", "grants_funded"]
        ],
        figure,
        name="countries_map",
        later=True,
        filters=shown_filters,
        text=f"{len(funded)} of {len(countries)} countries received funded grants. "
        + describe_ranking(funded, category="country_name", value="awarded_usd", fmt=usd),
        formats={"awarded_usd": "usd", "grants_funded": "count"},
        labels={
            "country": "Country code",
            "country_name": "Country",
            "region": "Region",
            "region_name": "Region name",
            "awarded_usd": "Awarded USD",
            "grants_funded": "Grants funded",
        },
    )

st.header("Trends by fiscal year")
money, people = st.columns(2, gap="large")
with money:
    by_region = funding[funding["region"] != "ALL"].assign(
        region_name=lambda f: f["region"].map(REGIONS)
    )
    chart(
        "Awarded USD per fiscal year",
        "Awarded USD of funded grants per fiscal year of decision, stacked by region.",
        by_region[["fiscal_year", "region", "region_name", "grants_funded", "awarded_usd"]],
        Cached(awarded_trend, by_region),
        name="awarded_by_region_year",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            funding[funding["region"] == "ALL"].assign(series="All regions selected"),
            x="fiscal_year",
            y="awarded_usd",
            series="series",
            value=usd,
        ),
        formats={"awarded_usd": "usd", "grants_funded": "count"},
        labels={
            "fiscal_year": "Fiscal year",
            "region": "Region",
            "region_name": "Region name",
            "grants_funded": "Grants funded",
            "awarded_usd": "Awarded USD",
        },
    )
with people:
    participation = data["participation"]
    by_region = participation[participation["region"] != "ALL"].assign(
        region_name=lambda f: f["region"].map(REGIONS)
    )
    chart(
        "Participants per fiscal year",
        "People with a participant or mentee role in programs starting in the fiscal year, each "
        "counted once per region. Hidden counts leave gaps.",
        by_region[
            ["fiscal_year", "region", "region_name"]
            + (["theme"] if by_region["theme"].ne("ALL").any() else [])
            + ["participants", "participants_suppressed"]
        ],
        Cached(region_lines, by_region, "participants", "Participants"),
        name="participants_by_region_year",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            by_region,
            x="fiscal_year",
            y="participants",
            series="region",
            value=count,
        ),
        formats={"participants": "count"},
        labels={
            "fiscal_year": "Fiscal year",
            "region": "Region",
            "region_name": "Region name",
            "theme": "Theme",
            "participants": "Participants",
        },
    )
