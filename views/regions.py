"""Regions: one region, or several side by side — its countries on a map, funding against budget,
participation, how far people go on the leadership pathway, and a drill-down from the region to a
country, a grantee, a grant and the programs it funded."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from etl.reference import FUNDS, REGIONS
from figures.common import describe_ranking, describe_trend, in_region_order, region_lines, style
from ui import filters as sidebar
from ui import maps, page_views
from ui import programs as program_view
from ui.charts import EMPTY, Cached, chart, opening, section, sortable_table
from ui.data import query, view
from ui.format import count, hidden, plain, share, usd
from ui.palette import CATEGORICAL, REGION_COLOURS

AWARDED, BUDGET = CATEGORICAL[4], CATEGORICAL[7]
STAGES = {
    "participant": "1 Participant",
    "returning": "2 Returning",
    "organizer": "3 Organizer",
    "trainer_mentor": "4 Trainer / mentor",
    "grant_lead": "5 Grant lead",
    "committee_board": "6 Committee / board",
}
INDIVIDUAL = "Individual grantee"
WITHHELD = "(title withheld: individual grantee in a protected country)"
PARTICIPATION_MEASURES = (
    ("programs", "Programs", "Programs, by the fiscal year of their start."),
    (
        "participants",
        "Participants",
        "People with a participant or mentee role in programs starting in the fiscal year, each "
        "once.",
    ),
    (
        "new_editors_dashboard",
        "New editors (Dashboard)",
        "Participants whose account was registered between their program's start and end (the "
        "Programs & Events Dashboard definition).",
    ),
    (
        "new_editors_event_metrics",
        "New editors (Event Metrics)",
        "Participants whose account was registered from 14 days before their program's start to "
        "its end (the Event Metrics definition).",
    ),
    (
        "returning_participants",
        "Returning participants",
        "Participants who had taken part, in any role, in a program that started earlier.",
    ),
    (
        "retained_participants",
        "Retained participants",
        "Participants whose first program was in the fiscal year and who took part in another "
        "program starting 30–365 days after it ended.",
    ),
    (
        "organizers",
        "Organizers",
        "People who organized, facilitated or volunteered in programs starting in the fiscal "
        "year, each once.",
    ),
    ("edits", "Edits", "Edits of participants during programs starting in the fiscal year."),
    (
        "articles_created",
        "Articles created",
        "Articles participants created during programs starting in the fiscal year.",
    ),
    ("uploads", "Uploads", "Files participants uploaded during programs of the fiscal year."),
)


# ---- data ----------------------------------------------------------------------------------


def region_label(code: str) -> str:
    return f"{code} — {REGIONS.get(code, code)}"


def chosen_regions(filters: sidebar.Filters) -> tuple[str, ...]:
    """The regions this page shows: the sidebar's (the one place regions are chosen), else all."""
    return filters.regions or tuple(REGIONS)


def people_year(filters: sidebar.Filters, program_years: pd.DataFrame) -> str | None:
    """The one fiscal year whose people the map shows (people of several years cannot be
    added): the newest chosen, else the newest with programs (queries/program_fiscal_years)."""
    if filters.fiscal_years:
        return max(filters.fiscal_years)
    years = program_years["fiscal_year"]
    return str(years.max()) if not years.empty else None


def with_region_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(region_name=frame["region"].map(REGIONS).fillna(frame["region"]))


def country_hover(countries: pd.DataFrame, year: str | None) -> pd.DataFrame:
    """Each country's hover text: every measure the map can show."""

    def people(row: pd.Series) -> str:
        if row["is_protected"]:
            return "not shown (protected country)"
        return hidden() if row["participants_suppressed"] else count(row["participants"])

    named = with_region_names(countries)
    named["hover"] = (
        "<b>"
        + named["country_name"]
        + "</b> ("
        + named["region"]
        + ")<br>Awarded: "
        + named["awarded_usd"].map(usd)
        + "<br>Grants funded: "
        + named["grants_funded"].map(count)
        + "<br>Programs: "
        + named["programs"].map(count)
        + f"<br>Participants in {year}: "
        + named.apply(people, axis=1)
    )
    return named


def funding_vs_budget(funding: pd.DataFrame) -> pd.DataFrame:
    rows = with_region_names(funding[funding["region"] != "ALL"])
    return rows[
        [
            "fiscal_year",
            "region",
            "region_name",
            "budget_usd",
            "awarded_usd",
            "budget_utilisation",
            "grants_funded",
        ]
    ]


def stage_rows(stages: pd.DataFrame) -> pd.DataFrame:
    named = with_region_names(stages)
    named["stage_name"] = named["stage"].map(STAGES).fillna(named["stage"])
    return named[
        ["region", "region_name", "stage_name", "people_reached", "people_reached_suppressed"]
    ]


def grantee_of(grants: pd.DataFrame) -> pd.Series:
    """Who a grant went to, as the page may say it: organizations by name, people never."""
    return grants["organization_name"].fillna(INDIVIDUAL)


# ---- figures -------------------------------------------------------------------------------


def budget_figure(rows: pd.DataFrame) -> go.Figure:
    """Budget and awarded USD per fiscal year: one small chart per region when several."""
    regions = [r for r in REGIONS if r in set(rows["region"])]
    if not regions:
        return go.Figure()
    columns = min(len(regions), 4)
    lines = (len(regions) + columns - 1) // columns
    figure = make_subplots(
        rows=lines,
        cols=columns,
        shared_yaxes=True,
        shared_xaxes=True,
        subplot_titles=regions if len(regions) > 1 else None,
        horizontal_spacing=0.03,
        vertical_spacing=0.22 if lines > 1 else 0.02,
    )
    for i, region in enumerate(regions):
        years = rows[rows["region"] == region]
        for measure, name, colour in (
            ("budget_usd", "Budget", BUDGET),
            ("awarded_usd", "Awarded", AWARDED),
        ):
            figure.add_trace(
                go.Bar(
                    x=years["fiscal_year"],
                    y=years[measure],
                    name=name,
                    marker_color=colour,
                    legendgroup=name,
                    showlegend=i == 0,
                    hovertemplate=f"<b>{region}</b> {name.lower()}<br>%{{x}}: $%{{y:,.0f}}"
                    "<extra></extra>",
                ),
                row=i // columns + 1,
                col=i % columns + 1,
            )
    figure.update_layout(barmode="group", height=300 * lines + 100)
    # one scale for every region, and each small chart labelled with its fiscal years
    figure.update_yaxes(tickprefix="$", matches="y")
    figure.update_xaxes(categoryorder="category ascending", showticklabels=True)
    style(figure)
    # the legend at the foot of the figure, under the fiscal years of the lowest small charts
    return figure.update_layout(
        legend={"yref": "container", "y": 0, "yanchor": "bottom"},
        margin={"t": 28 if len(regions) > 1 else 8, "b": 40},
    )


def stages_figure(rows: pd.DataFrame) -> go.Figure:
    """Grouped bars per stage; a hidden count is a bar of no length labelled <k."""
    traces = []
    for region, stages in in_region_order(rows).groupby("region", sort=False):
        hidden_count = stages["people_reached_suppressed"].astype(bool)
        traces.append(
            go.Bar(
                y=stages["stage_name"],
                x=stages["people_reached"].astype("Float64").fillna(0),
                text=[
                    hidden() if h else count(v)
                    for h, v in zip(hidden_count, stages["people_reached"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                name=region,
                orientation="h",
                marker_color=REGION_COLOURS.get(region, REGION_COLOURS["ALL"]),
                hovertemplate=f"<b>{REGIONS.get(region, region)}</b><br>%{{y}}: %{{text}}"
                "<extra></extra>",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(barmode="group", height=160 + 50 * len(traces) * 2)
    figure.update_yaxes(categoryorder="array", categoryarray=list(STAGES.values())[::-1])
    return style(figure, x_title="People who reached the stage", y_title="")


# ---- page sections ---------------------------------------------------------------------------


def show_map(
    filters: sidebar.Filters, countries: pd.DataFrame, year: str | None, *, zoom: bool
) -> None:
    countries = country_hover(countries, year)
    measures = {
        "Awarded USD": ("awarded_usd", "Awarded USD of funded grants over the selection."),
        "Grants funded": ("grants_funded", "Funded grants over the selection."),
        "Programs": ("programs", "Programs starting in the fiscal years selected."),
        f"Participants in {year}": (
            "participants",
            f"Participants of programs starting in {year}; hidden counts and protected "
            "countries are grey.",
        ),
    }
    measure = (
        st.segmented_control(
            "Colour countries by",
            list(measures),
            default="Awarded USD",
            key="regions-map",
            bind="query-params",
        )
        or "Awarded USD"
    )
    column, definition = measures[measure]
    values = countries[column].astype("Float64")
    if column == "participants":
        values = values.mask(countries["participants_suppressed"])
    shaded = countries.assign(**{column: values.where(values > 0)})
    shown = countries[
        [
            "country",
            "country_name",
            "region",
            "is_protected",
            "awarded_usd",
            "grants_funded",
            "programs",
            "participants",
            "participants_suppressed",
            "organizers",
            "organizers_suppressed",
        ]
    ]
    chart(
        f"{measure} by country",
        definition + " Grey: none, or not shown.",
        shown,
        Cached(maps.measure_map, shaded, column, measure, zoom=zoom),
        name="countries_of_region",
        first=True,
        filters=filters,
        text=Cached(
            describe_ranking,
            shaded.dropna(subset=[column]),
            category="country_name",
            value=column,
            fmt=usd if column == "awarded_usd" else count,
        ),
        formats={"awarded_usd": "usd", "grants_funded": "count", "programs": "count"},
        labels={
            "country": "Country code",
            "country_name": "Country",
            "region": "Region",
            "is_protected": "Protected",
            "awarded_usd": "Awarded USD",
            "grants_funded": "Grants funded",
            "programs": "Programs",
            "participants": f"Participants in {year}",
            "organizers": f"Organizers in {year}",
        },
    )


def show_funding(filters: sidebar.Filters, funding: pd.DataFrame) -> None:
    rows = funding_vs_budget(funding)
    if filters.funds:
        rows = rows.assign(budget_utilisation=float("nan"))
    budgeted = rows.dropna(subset=["budget_usd"])
    labels = {
        "fiscal_year": "Fiscal year",
        "region": "Region",
        "region_name": "Region name",
        "budget_usd": "Budget USD",
        "awarded_usd": "Awarded USD",
        "budget_utilisation": "Budget utilisation",
        "grants_funded": "Grants funded",
    }
    formats = {
        "budget_usd": "usd",
        "awarded_usd": "usd",
        "budget_utilisation": "share",
        "grants_funded": "count",
    }
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart(
            "Funding against budget",
            "The region's budget and the awarded USD of its funded grants, per fiscal year of "
            "decision.",
            rows,
            Cached(budget_figure, rows),
            name="funding_vs_budget",
            later=True,
            filters=filters,
            text=Cached(
                describe_trend,
                rows,
                x="fiscal_year",
                y="awarded_usd",
                series="region_name",
                value=usd,
            ),
            formats=formats,
            labels=labels,
        )
    with right:
        if filters.funds:
            # budgets are set per region for all funds together
            st.subheader("Budget utilisation")
            st.info(
                "No budget utilisation with a fund chosen: regional budgets cover all funds "
                "together, so one fund's awards over the whole budget would understate it. "
                "Clear Funds in the sidebar to compare awards with budgets.",
                icon=":material/info:",
            )
            return
        chart(
            "Budget utilisation",
            "Awarded USD as a share of the budget (years with a budget only).",
            budgeted,
            Cached(region_lines, budgeted, "budget_utilisation", "Awarded / budget", percent=True),
            name="budget_utilisation",
            later=True,
            filters=filters,
            text=Cached(
                describe_trend,
                budgeted,
                x="fiscal_year",
                y="budget_utilisation",
                series="region_name",
                value=share,
            ),
            formats=formats,
            labels=labels,
        )


MEASURE = "regions-measure"  # the participation measure picked, kept in the URL
PARTICIPATION = "regions-participation"  # the key of Participation's folded part


def show_participation(filters: sidebar.Filters, participation: pd.DataFrame) -> None:
    """One chart of the measure picked; its table holds them all."""
    rows = with_region_names(participation[participation["region"] != "ALL"])
    themed = bool(rows["theme"].ne("ALL").any())
    measures = {title: (column, definition) for column, title, definition in PARTICIPATION_MEASURES}
    title = (
        st.segmented_control(
            "Measure",
            list(measures),
            default="Participants",
            key=MEASURE,
            bind="query-params",
            on_change=opening(PARTICIPATION),
        )
        or "Participants"
    )
    column, definition = measures[title]
    counts = [c for c, _, _ in PARTICIPATION_MEASURES]
    shown = rows[
        ["fiscal_year", "region", "region_name"]
        + (["theme"] if themed else [])
        + [c for c in rows.columns if c in counts or c.removesuffix("_suppressed") in counts]
    ]
    chart(
        f"{title} by fiscal year",
        definition + " Hidden counts leave gaps; the table has every measure.",
        shown,
        Cached(region_lines, shown, column, title),
        name="participation_by_region_year",
        later=True,
        filters=filters,
        text=Cached(
            describe_trend, shown, x="fiscal_year", y=column, series="region_name", value=count
        ),
        formats={c: "count" for c in counts},
        labels={
            "fiscal_year": "Fiscal year",
            "region": "Region",
            "region_name": "Region name",
            "theme": "Theme",
            **{c: t for c, t, _ in PARTICIPATION_MEASURES},
        },
    )


def pathway_cohort(filters: sidebar.Filters) -> str | None:
    """The cohort the pathway chart shows: the one fiscal year chosen, else every cohort."""
    return filters.fiscal_years[0] if len(filters.fiscal_years) == 1 else None


def show_pathway(filters: sidebar.Filters, stages: pd.DataFrame) -> None:
    one_cohort = pathway_cohort(filters) is not None
    cohort = pathway_cohort(filters) or "ALL"
    rows = stage_rows(stages[stages["cohort"] == cohort])
    who = f"people whose first program was in {cohort}" if one_cohort else "everyone"
    chart(
        "People reaching each pathway stage",
        f"People who reached each stage (their highest stage is it or above), of {who}, by the "
        f"region of their first program; “{hidden()}”: a small count, or one that would give a "
        "small count away.",
        rows,
        Cached(stages_figure, rows),
        name="pathway_by_region",
        later=True,
        filters=filters,
        text=Cached(
            describe_ranking,
            rows.assign(label=rows["region"] + " " + rows["stage_name"]),
            category="label",
            value="people_reached",
            fmt=count,
        ),
        formats={"people_reached": "count"},
        labels={
            "region": "Region",
            "region_name": "Region name",
            "stage_name": "Stage",
            "people_reached": "People who reached it",
        },
    )
    st.caption(
        "One fiscal year chosen in the sidebar shows that cohort; otherwise every cohort. The "
        "Leadership pathways page has conversion, cohorts and retention."
    )


def with_programs_first(grants: pd.DataFrame, by: str) -> pd.DataFrame:
    """Awarded USD and linked programs per `by` (country or grantee): those whose grants
    programs name first, each part largest first, so the drill-down leads to what programs
    produced."""
    totals = grants.groupby(by).agg(
        awarded_usd=("awarded_usd", "sum"), programs=("programs", "sum")
    )
    return totals.assign(has_programs=totals["programs"] > 0).sort_values(
        ["has_programs", "awarded_usd"], ascending=False
    )


def pick_label(name: str, totals: pd.DataFrame, key: str) -> str:
    """A drill-down option as listed, and as the URL keeps it (Streamlit binds a pick by its
    label): the name, marked when programs name its grants. Amounts stay out of it, so a shared
    link still names the same pick after the next load."""
    return f"{name} · has programs" if totals.loc[key, "programs"] else name


@dataclass(frozen=True)
class Drill:
    """Where the drill-down stands: the picks, and the grantee's grants."""

    region: str
    country: str
    grantee: str
    grant: str | None
    grants: pd.DataFrame  # the grantee's grants in the country, with their programs
    with_programs: list[str]
    country_name: str


def pick_grant(
    filters: sidebar.Filters, regions: tuple[str, ...], countries: pd.DataFrame
) -> Drill | None:
    """Region → country → grantee → grant, picked before the page's people are fetched (the
    grant's programs are part of the page's one view). Countries and grantees whose grants
    programs name come first, and each says how many programs it has; the picks are kept in
    the URL. None: no grant in the selection."""
    picks = st.columns(4)
    region = picks[0].selectbox(
        "Region",
        regions,
        format_func=region_label,
        key="drill-region",
        bind="query-params",
        on_change=opening(DRILL_RESULTS),
    )
    grants = query("grant_list", **filters.params(regions=(region,)))
    if grants.empty:
        st.info(EMPTY)
        return None
    linked = query("programs_per_grant", regions=[region]).set_index("grant_id")["programs"]
    grants = grants.assign(grantee=grantee_of, programs=grants["grant_id"].map(linked).fillna(0))
    names = dict(zip(countries["country"], countries["country_name"], strict=True))
    by_country = with_programs_first(grants, "country")
    country = picks[1].selectbox(
        "Country",
        list(by_country.index),
        format_func=lambda c: pick_label(names.get(c, c), by_country, c),
        key="drill-country",
        bind="query-params",
        on_change=opening(DRILL_RESULTS),
    )
    in_country = grants[grants["country"] == country]
    by_grantee = with_programs_first(in_country, "grantee")
    grantee = picks[2].selectbox(
        "Grantee",
        list(by_grantee.index),
        format_func=lambda g: pick_label(g, by_grantee, g),
        key="drill-grantee",
        bind="query-params",
        on_change=opening(DRILL_RESULTS),
        help="Organizations are named; grants to individuals and groups are listed under "
        f"“{INDIVIDUAL}”, never by name. Grantees with programs come first.",
    )
    of_grantee = in_country[in_country["grantee"] == grantee].assign(
        title=lambda f: f["title"].fillna(WITHHELD)
    )
    titles = dict(zip(of_grantee["grant_id"], of_grantee["title"], strict=True))
    programs_of = dict(zip(of_grantee["grant_id"], of_grantee["programs"], strict=True))
    with_programs = [g for g, n in programs_of.items() if n]
    grant = picks[3].selectbox(
        "Grant",
        list(titles),
        index=list(titles).index(with_programs[0]) if with_programs else 0,
        format_func=lambda g: f"{g} · has programs" if programs_of[g] else g,
        key="drill-grant",
        bind="query-params",
        on_change=opening(DRILL_RESULTS),
        help="Opens on the newest grant that programs name, if there is one. The table below "
        "lists the grantee's grants with their titles and amounts.",
    )
    return Drill(
        region, country, grantee, grant, of_grantee, with_programs, names.get(country, country)
    )


# A link or a pick that names one of these (or a choice of the grant's program view, whose URL
# names start with GRANT_PROGRAMS) shows the drill-down's results at once.
DRILL_PICKS = ("drill-region", "drill-country", "drill-grantee", "drill-grant")
GRANT_PROGRAMS = "grant-programs"
DRILL_RESULTS = "drill-results"


def drill_picked() -> bool:
    """Whether the reader picked in the drill-down (or followed a link that did): the picks,
    and the choices of the grant's program view, are kept in the URL."""
    return any(
        name in DRILL_PICKS or name.startswith(f"{GRANT_PROGRAMS}-") for name in st.query_params
    )


def show_drill_down(filters: sidebar.Filters, drill: Drill, produced: pd.DataFrame) -> None:
    """The grantee's grants, and what the programs of the grant picked produced: folded under
    one title until the reader picks (ui.charts.section). Opened by default, its two tables
    made the browser fetch the data grid's JavaScript (1.6 MB) and lay them out before the
    page's first chart, a map far above them; the picks above say what it holds."""
    to_whom = "individuals and groups" if drill.grantee == INDIVIDUAL else drill.grantee
    title = f"Grants to {plain(to_whom)} in {plain(drill.country_name)}"
    if drill.grant is not None:
        title += f", and what the programs of {plain(drill.grant)} produced"
    # the title names the picks, so a new pick is a new part, open once picked
    section(
        title,
        lambda: drill_results(filters, drill, produced, to_whom),
        key=DRILL_RESULTS,
        expanded=drill_picked(),
    )


def drill_results(
    filters: sidebar.Filters, drill: Drill, produced: pd.DataFrame, to_whom: str
) -> None:
    sortable_table(
        f"Grants to {plain(to_whom)} in {plain(drill.country_name)}",
        "Every grant of the selection to this grantee, newest decision first, with the number "
        "of programs that name it.",
        grant_table(drill.grants),
        name=f"grants_of_grantee__{drill.region}_{drill.country}",
        filters=filters,
        formats={"requested_usd": "usd", "awarded_usd": "usd"},
        labels=GRANT_LABELS,
        column_config={
            "Requested USD": st.column_config.NumberColumn(format="$%,.0f"),
            "Awarded USD": st.column_config.NumberColumn(format="$%,.0f"),
            "Title": st.column_config.TextColumn(width="medium"),
        },
    )
    if drill.grant is None:
        return
    grant = drill.grant
    if produced.empty:
        others = ", ".join(plain(g) for g in drill.with_programs) or (
            "none of this grantee's grants"
        )
        st.info(
            f"No program in the warehouse names {plain(grant)} as its grant. Grants of this "
            f"grantee that programs name: {others}. The pickers list grantees and grants with "
            "programs first.",
            icon=":material/info:",
        )
        return
    program_view.show(
        f"What the programs of {plain(grant)} produced",
        produced,
        name=f"programs_of_grant__{grant}",
        filters=filters,
        key=GRANT_PROGRAMS,
        folded=False,  # inside the drill-down's fold, opened by the reader
    )


GRANT_LABELS = {
    "grant_id": "Grant",
    "fiscal_year": "Fiscal year",
    "requested_usd": "Requested USD",
    "awarded_usd": "Awarded USD",
    "programs": "Programs",
    "fund": "Fund",
    "status": "Status",
    "applicant_type": "Applicant type",
    "title": "Title",
}


def grant_table(grants: pd.DataFrame) -> pd.DataFrame:
    """The grants as the table shows them: amounts before the long title (so they show on a
    narrow screen), names for codes, people never named."""
    return pd.DataFrame(
        {
            "grant_id": grants["grant_id"],
            "fiscal_year": grants["fiscal_year"],
            "requested_usd": grants["requested_usd"],
            "awarded_usd": grants["awarded_usd"],
            "programs": grants["programs"].astype(int),
            "fund": grants["fund"].map(lambda f: FUNDS.get(f, (f,))[0]),
            "status": grants["status"].str.replace("_", " ").str.capitalize(),
            "applicant_type": grants["applicant_type"].str.capitalize(),
            "title": grants["title"],
        }
    )


filters = sidebar.current()
st.title("Regions")
regions = chosen_regions(filters)
params = filters.params(regions=regions)
st.caption(
    ("Showing " if len(regions) == 1 else "Comparing ")
    + ", ".join(region_label(r) for r in regions)
    + ". Choose the regions in the sidebar: one to look at it alone, several to compare them "
    "side by side. Grants count in the fiscal year of their decision, programs in that of their "
    "start."
)

with st.spinner("Loading the regions…"):
    funding = query("funding_by_region_year", **params)
    year = people_year(filters, query("program_fiscal_years", **params))

if funding.empty and year is None:
    st.info(EMPTY)
    st.stop()

# laid out top to bottom, but the drill-down's picks come first: the grant picked is part of
# the page's one view, with every other people count of this filter state (SPEC §6)
countries_part, funding_part, participation_part, programs_part, pathway_part, drill_part = (
    st.container() for _ in range(6)
)
with drill_part:
    # its heading is written last, once every section above is drawn (a reader, or a browser
    # test, that sees it sees the whole page)
    drill_heading = st.empty()
    # country names for the picks: the map's rows without a people year carry no people count
    drill = pick_grant(filters, regions, query("country_map", **params))

defaults = sidebar.Filters().params(regions=tuple(REGIONS))
data = view(
    widest=page_views.regions(
        defaults, people_year(sidebar.Filters(), query("program_fiscal_years", **defaults))
    ),
    scope=filters.params(),
    later=("programs",),  # folded under its title: read when opened
    **page_views.regions(
        params, year, pathway_cohort(filters), drill.grant if drill is not None else None
    ),
)
participation, countries = data["participation"], data["countries"]

with countries_part:
    st.header("Countries")
    show_map(filters, countries, year, zoom=len(regions) < len(REGIONS))

with funding_part:
    st.header("Funding")
    show_funding(filters, funding)

# Participation and the pathway are folded under their titles, built and sent once opened (as
# Funding's later parts are): the browser lays out every chart it is sent before it shows the
# first, the map. A link that names a measure opens Participation.
with participation_part:
    st.header("Participation")
    section(
        "Programs, people and content by fiscal year",
        lambda: show_participation(filters, participation),
        key=PARTICIPATION,
        expanded=MEASURE in st.query_params,
    )

with programs_part:
    st.header("Programs")
    program_view.show(
        "Which programs brought new editors?",
        data["programs"],
        name="programs_of_regions",
        filters=filters,
        key="region-programs",
    )

with pathway_part:
    st.header("Leadership pathway")
    section(
        "People reaching each pathway stage, by region",
        lambda: show_pathway(filters, data["pathway"]),
        key="regions-pathway",
    )

if drill is not None:
    with drill_part:
        show_drill_down(filters, drill, data.get("grant programs", pd.DataFrame()))
with drill_heading.container():
    st.header("Drill down")
    st.caption(
        "From a region to a country, a grantee, one of its grants and what the programs it "
        "funded produced. Countries, grantees and grants with programs come first; a pick "
        "opens the grantee's grants below."
    )
