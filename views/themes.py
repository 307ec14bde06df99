"""Themes: funding, programs and participants per theme and fiscal year, a theme × region
heatmap, and the Gender Gap focus. Clicking a theme in the first chart narrows the page to it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.reference import REGIONS, THEMES
from figures.common import describe_ranking, describe_trend, style
from figures.themes import (
    GENDER_GAP,
    funding_by_theme_year,
    theme_name,
    trend_lines,
    with_names,
    women_share_lines,
)
from ui import filters as sidebar
from ui import page_views
from ui import programs as program_view
from ui.charts import Cached, chart, cross_filter_focus
from ui.data import query, view
from ui.format import count, hidden, percent, threshold, usd, usd_short
from ui.palette import SEQUENTIAL, THEME_COLOURS

THEME_PICK = "themes-theme-pick"


def region_name(code: str) -> str:
    return "All regions" if code == "ALL" else code


def series_names(frame: pd.DataFrame) -> pd.Series:
    """Theme names, prefixed by the region when several regions are shown side by side."""
    if frame["region"].nunique() > 1:
        return frame["region"].map(region_name) + " · " + frame["theme_name"]
    return frame["theme_name"]


def theme_totals(trends: pd.DataFrame) -> pd.DataFrame:
    totals = trends.groupby("theme", as_index=False)[
        ["grants_funded", "awarded_usd", "programs"]
    ].sum()
    return with_names(totals).sort_values("awarded_usd", ascending=False)


# ---- figures -------------------------------------------------------------------------------


def theme_bar(totals: pd.DataFrame) -> go.Figure:
    ordered = totals.sort_values("awarded_usd")
    figure = go.Figure(
        go.Bar(
            x=ordered["awarded_usd"],
            y=ordered["theme_name"],
            orientation="h",
            customdata=ordered[["theme", "grants_funded", "programs"]].to_numpy(),
            marker_color=[THEME_COLOURS.get(c, "#7F7F7F") for c in ordered["theme"]],
            hovertemplate="%{y}: $%{x:,.0f} awarded, %{customdata[1]:,} grants, "
            "%{customdata[2]:,} programs<extra></extra>",
        )
    )
    figure.update_xaxes(tickprefix="$", tickformat="~s")
    return style(figure, x_title="Awarded USD")


def heatmap(
    cells: pd.DataFrame, value: str, shown: str, colour_title: str, money: bool = False
) -> go.Figure:
    """Themes down, regions across; each cell coloured by `value` and labelled `shown`."""
    values = cells.pivot(index="theme_name", columns="region", values=value)
    labels = cells.pivot(index="theme_name", columns="region", values=shown).fillna("")
    return style(
        go.Figure(
            go.Heatmap(
                z=values.to_numpy(dtype=float),
                x=list(values.columns),
                y=list(values.index),
                text=labels.to_numpy(),
                texttemplate="%{text}",
                colorscale=SEQUENTIAL,
                colorbar={"title": colour_title, "tickprefix": "$" if money else ""},
                hovertemplate="%{y} in %{x}: %{text}<extra></extra>",
                xgap=2,
                ygap=2,
            )
        )
    )


def yearly_bars(frame: pd.DataFrame, y: str, y_title: str, money: bool = False) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=frame["fiscal_year"],
            y=frame[y],
            marker_color=THEME_COLOURS[GENDER_GAP],
            hovertemplate="%{x}: " + ("$%{y:,.0f}" if money else "%{y:,}") + "<extra></extra>",
        )
    )
    if money:
        figure.update_yaxes(tickprefix="$", tickformat="~s")
    return style(figure, y_title=y_title, x_title="")


def women_share_heatmap(shares: pd.DataFrame) -> go.Figure:
    values = shares.pivot(index="theme_name", columns="fiscal_year", values="women_share")
    labels = shares.pivot(index="theme_name", columns="fiscal_year", values="shown").fillna("")
    return style(
        go.Figure(
            go.Heatmap(
                z=values.to_numpy(dtype=float),
                x=list(values.columns),
                y=list(values.index),
                text=labels.to_numpy(),
                texttemplate="%{text}",
                colorscale=SEQUENTIAL,
                zmin=0,
                zmax=1,
                colorbar={"title": "Women", "tickformat": ".0%"},
                hovertemplate="%{y}, %{x}: %{text}<extra></extra>",
                xgap=2,
                ygap=2,
            )
        )
    )


def women_share_shown(shares: pd.DataFrame) -> pd.DataFrame:
    """Shares as people read them; a hidden share says so rather than `<k` (it is not a count)."""
    table = shares.copy()
    table["shown"] = [
        "hidden" if was_hidden else percent(value)
        for value, was_hidden in zip(
            table["women_share"], table["women_share_suppressed"], strict=True
        )
    ]
    return table


# ---- the page ------------------------------------------------------------------------------

filters = sidebar.current()
# a pick outside the sidebar's themes (left from before the sidebar changed) is no focus
focus = cross_filter_focus(THEME_PICK, filters.themes or tuple(THEMES))
shown_filters = replace(filters, themes=focus) if focus else filters  # for the file names
region_sets = filters.regions or ("ALL",)
HIDDEN_COUNTS = (
    f"Counts from 1 to {threshold() - 1}, and any that would give one away by subtraction, are "
    f"shown as “{hidden()}”."
)

st.title("Themes")
st.caption(
    "Funding, programs and participation per Community Programs theme. A grant or program with "
    "several themes counts under each of them, so theme totals add up to more than the overall "
    "total. Grants count in the fiscal year of their decision, programs in that of their start."
)
if focus:
    st.info(
        f"Focused on **{', '.join(theme_name(c) for c in focus)}**: the charts below the first "
        "show only this theme. Click the bar again, or double-click the chart, to clear it.",
        icon=":material/filter_alt:",
    )

with st.spinner("Loading themes…"):
    # every people count of the page for this filter state, decided together (SPEC §6)
    data = view(
        widest=page_views.themes(sidebar.Filters().params(), regions=tuple(REGIONS)),
        scope=filters.params(),
        later=("programs",),  # folded under its title: read when opened
        **page_views.themes(filters.params(), focus, filters.regions or tuple(REGIONS)),
    )
    all_themes, trends = data["all themes"], data["trends"]

left, right = st.columns(2)
with left:
    totals = theme_totals(all_themes)
    chart(
        "Awarded USD by theme",
        "Awarded USD of funded grants over the selected fiscal years, a grant under each of its "
        "themes. Click a theme to focus the page on it.",
        totals[["theme", "theme_name", "grants_funded", "awarded_usd", "programs"]],
        Cached(theme_bar, totals) if not totals.empty else None,
        name="awarded_by_theme",
        first=True,
        filters=filters,  # the chart clicked shows every theme
        text=Cached(describe_ranking, totals, category="theme_name", value="awarded_usd", fmt=usd),
        formats={"grants_funded": "count", "awarded_usd": "usd", "programs": "count"},
        labels={
            "theme": "Theme code",
            "theme_name": "Theme",
            "grants_funded": "Grants funded",
            "awarded_usd": "Awarded USD",
            "programs": "Programs",
        },
        select=True,
        key=THEME_PICK,
    )

yearly = funding_by_theme_year(trends)
with right:
    chart(
        "Funding by theme and fiscal year",
        "Awarded USD of funded grants per theme, by fiscal year of decision.",
        yearly[["fiscal_year", "theme_name", "grants_funded", "awarded_usd"]],
        Cached(trend_lines, yearly, "awarded_usd", "Awarded USD", money=True)
        if not yearly.empty
        else None,
        name="funding_by_theme_year",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend, yearly, x="fiscal_year", y="awarded_usd", series="theme_name", value=usd
        ),
        formats={"grants_funded": "count", "awarded_usd": "usd"},
        labels={
            "fiscal_year": "Fiscal year",
            "theme_name": "Theme",
            "grants_funded": "Grants funded",
            "awarded_usd": "Awarded USD",
        },
    )

left, right = st.columns(2)
with left:
    chart(
        "Programs by theme and fiscal year",
        "Programs per theme, by fiscal year of their start.",
        yearly[["fiscal_year", "theme_name", "programs"]],
        Cached(trend_lines, yearly, "programs", "Programs") if not yearly.empty else None,
        name="programs_by_theme_year",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend, yearly, x="fiscal_year", y="programs", series="theme_name", value=count
        ),
        formats={"programs": "count"},
        labels={"fiscal_year": "Fiscal year", "theme_name": "Theme", "programs": "Programs"},
    )

people = with_names(trends)
people["region_name"] = people["region"].map(region_name)
with right:
    chart(
        "Participants by theme and fiscal year",
        "Distinct people with a participant or mentee role in the theme's programs that started "
        f"in the fiscal year. {HIDDEN_COUNTS}",
        people[
            ["fiscal_year", "region_name", "theme_name", "participants", "participants_suppressed"]
        ],
        Cached(trend_lines, people, "participants", "Participants") if not people.empty else None,
        name="participants_by_theme_year",
        later=True,
        filters=shown_filters,
        text=describe_trend(
            people.assign(series=series_names(people)),
            x="fiscal_year",
            y="participants",
            series="series",
            value=count,
        )
        + " Hidden counts leave gaps in the lines.",
        formats={"participants": "count"},
        labels={
            "fiscal_year": "Fiscal year",
            "region_name": "Region",
            "theme_name": "Theme",
            "participants": "Participants",
        },
    )

st.header("Themes across regions")
measure = st.segmented_control(
    "Measure",
    ["Awarded USD", "Participants"],
    default="Awarded USD",
    required=True,
    key="themes-heatmap-measure",
)
by_region = with_names(data["by region"])
if measure == "Participants":
    years = sorted(by_region["fiscal_year"].unique(), reverse=True)
    year = (
        st.selectbox(
            "Fiscal year",
            years,
            key="themes-heatmap-year",
            help="People are counted once per fiscal year, so years cannot be added up.",
        )
        if years
        else None
    )
    cells = by_region[by_region["fiscal_year"] == year].copy()
    cells["shown"] = [
        hidden() if was_hidden else count(value)
        for value, was_hidden in zip(
            cells["participants"], cells["participants_suppressed"], strict=True
        )
    ]
    chart(
        f"Participants by theme and region, {year}",
        "Distinct participants of each theme's programs in each region that started in the "
        f"fiscal year. {HIDDEN_COUNTS}",
        cells[["region", "theme_name", "participants", "participants_suppressed"]],
        Cached(heatmap, cells, "participants", "shown", "Participants")
        if not cells.empty
        else None,
        name=f"participants_by_theme_region_{year}",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_ranking,
            cells.assign(cell=cells["theme_name"] + " in " + cells["region"]),
            category="cell",
            value="participants",
            fmt=count,
        ),
        formats={"participants": "count"},
        labels={"region": "Region", "theme_name": "Theme", "participants": "Participants"},
    )
else:
    cells = by_region.groupby(["region", "theme", "theme_name"], as_index=False)[
        "awarded_usd"
    ].sum()
    cells["shown"] = cells["awarded_usd"].map(usd_short)
    chart(
        "Awarded USD by theme and region",
        "Awarded USD of funded grants over the selected fiscal years, a grant under each of its "
        "themes.",
        cells[["region", "theme_name", "awarded_usd"]],
        Cached(heatmap, cells, "awarded_usd", "shown", "Awarded USD", money=True)
        if not cells.empty
        else None,
        name="awarded_by_theme_region",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_ranking,
            cells.assign(cell=cells["theme_name"] + " in " + cells["region"]),
            category="cell",
            value="awarded_usd",
            fmt=usd,
        ),
        formats={"awarded_usd": "usd"},
        labels={"region": "Region", "theme_name": "Theme", "awarded_usd": "Awarded USD"},
    )

st.header("Programs")
program_view.show(
    "Which programs brought new editors?",
    data["programs"],
    name="programs_of_themes",
    filters=shown_filters,
    key="theme-programs",
)

st.header("Gender Gap focus")
st.caption(
    "Programs and grants on the Gender Gap theme, whichever themes are picked above, and women's "
    "share among participants who self-reported a gender (woman, man or non-binary; "
    "'prefer not to say' and blank are left out). A share shows only where at least "
    f"{threshold()} women and {threshold()} people of other genders reported, rounded to whole "
    "percent, so that no small group and no count can be read from it."
)
gender_gap = funding_by_theme_year(data["gender gap"])
left, right = st.columns(2)
with left:
    chart(
        "Gender Gap funding by fiscal year",
        "Awarded USD of funded grants carrying the Gender Gap theme, by fiscal year of decision.",
        gender_gap[["fiscal_year", "grants_funded", "awarded_usd"]],
        Cached(yearly_bars, gender_gap, "awarded_usd", "Awarded USD", money=True)
        if not gender_gap.empty
        else None,
        name="gender_gap_funding",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            gender_gap,
            x="fiscal_year",
            y="awarded_usd",
            series="theme_name",
            value=usd,
        ),
        formats={"grants_funded": "count", "awarded_usd": "usd"},
        labels={
            "fiscal_year": "Fiscal year",
            "grants_funded": "Grants funded",
            "awarded_usd": "Awarded USD",
        },
    )
with right:
    chart(
        "Gender Gap programs by fiscal year",
        "Programs carrying the Gender Gap theme, by fiscal year of their start.",
        gender_gap[["fiscal_year", "programs"]],
        Cached(yearly_bars, gender_gap, "programs", "Programs") if not gender_gap.empty else None,
        name="gender_gap_programs",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            gender_gap,
            x="fiscal_year",
            y="programs",
            series="theme_name",
            value=count,
        ),
        formats={"programs": "count"},
        labels={"fiscal_year": "Fiscal year", "programs": "Programs"},
    )

with st.spinner("Loading women's share…"):
    compared = women_share_shown(
        with_names(
            query(
                "women_share_by_year",
                fiscal_years=filters.fiscal_years,
                regions=filters.regions,
                themes=["ALL", GENDER_GAP],
            )
        )
    )
compared["region_name"] = compared["region"].map(region_name)
left, right = st.columns(2)
with left:
    chart(
        "Women's share of participants: Gender Gap programs and all programs",
        "Women among participants who self-reported a gender, in Gender Gap programs and in all "
        "programs, by fiscal year of program start; gaps are hidden shares.",
        compared[["fiscal_year", "region_name", "theme_name", "shown"]],
        Cached(women_share_lines, compared) if not compared.empty else None,
        name="women_share_gender_gap",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            compared.assign(series=series_names(compared)),
            x="fiscal_year",
            y="women_share",
            series="series",
            value=percent,
        ),
        labels={
            "fiscal_year": "Fiscal year",
            "region_name": "Region",
            "theme_name": "Programs",
            "shown": "Women's share",
        },
    )

with right:
    region = region_sets[0]
    if len(region_sets) > 1:
        region = st.selectbox("Region", region_sets, key="themes-women-region")
    shares = women_share_shown(
        with_names(
            query(
                "women_share_by_year",
                fiscal_years=filters.fiscal_years,
                regions=[] if region == "ALL" else [region],
                themes=list(focus or filters.themes or THEMES),
            )
        )
    )
    chart(
        f"Women's share of participants by theme, {region_name(region)}",
        "Women among participants who self-reported a gender, per theme and fiscal year of "
        "program start; 'hidden' where too few of either reported.",
        shares[["fiscal_year", "theme_name", "shown"]],
        Cached(women_share_heatmap, shares) if not shares.empty else None,
        name=f"women_share_by_theme_{region}",
        later=True,
        filters=shown_filters,
        text=Cached(
            describe_trend,
            shares,
            x="fiscal_year",
            y="women_share",
            series="theme_name",
            value=percent,
        ),
        labels={"fiscal_year": "Fiscal year", "theme_name": "Theme", "shown": "Women's share"},
    )
