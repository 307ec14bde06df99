"""What a page asks the query layer for, for one filter state: the requests of one view (SPEC §6),
as plain data, so that the page, the hiding bench and the attack tests ask for the same thing.

A page's view is decided within wider ones (queries.narrowed_view): the publish run of
everything, the publish run of the page's scope, and the page at its default filters.
`etl upgrade` decides the pages at their default filters (`defaults`) and keeps the decisions
(queries.stored), so that a cold page at its default filters need not decide."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

import queries
from etl import publish
from etl.reference import REGIONS

Requests = dict[str, tuple[str, dict[str, list[str]]]]


def pathways(
    fiscal_years: Sequence[str] = (),
    regions: Sequence[str] = (),
    focus: Sequence[str] = (),
    themes: Sequence[str] = (),
) -> Requests:
    """The Leadership pathways page: `regions` from the sidebar, `focus` from a click on the
    region chart (it narrows every chart but that one)."""
    years = list(fiscal_years)
    chosen = list(focus or regions)
    both = {"fiscal_years": years, "regions": chosen}
    return {
        "names": ("pathway_stage_names", {}),
        "stages": ("pathway_stages_by_gender", both),
        "by_region": (
            "pathway_stages_by_region",
            {"fiscal_years": years, "regions": list(regions)},
        ),
        "flows": ("pathway_flows", {"regions": chosen}),
        "transitions": ("pathway_transitions", {"regions": chosen}),
        "cohorts": ("pathway_cohorts", both),
        "retention": ("organizer_retention", both),
        "attrition": ("leader_attrition", both),
        "mentorship": ("mentorship", {**both, "themes": list(themes)}),
        "rotation": ("leadership_rotation", {"fiscal_years": years}),
        "several_roles": ("leaders_with_several_roles", {"fiscal_years": years}),
    }


Params = dict[str, list[str]]
# the filters a publish run can be scoped by (`python -m etl publish --fiscal-years ...`)
SCOPE = ("fiscal_years", "regions", "themes")


def overview(
    params: Params | None = None, pair: Sequence[str] = (), compared: Sequence[str] = ()
) -> Requests:
    """The Overview page: `params` the sidebar's filters with the focus of the region chart;
    the headline figures are of the fiscal years `pair` (the headline year and the one before),
    one set per region `compared` when several are, else one of them all together ('ALL')."""
    chosen = dict(params or {})
    years = {"fiscal_years": list(pair)} if pair else {}
    sets = {region: [region] for region in compared} if len(compared) > 1 else {"ALL": None}
    return {
        "participation": ("participation_by_region_year", chosen),
        **{
            f"figures {label}": (
                "participation_by_region_year",
                {**chosen, **years, **({"regions": regions} if regions else {})},
            )
            for label, regions in sets.items()
        },
    }


def regions(
    params: Params | None = None,
    people_year: str | None = None,
    cohort: str | None = None,
    grant: str | None = None,
) -> Requests:
    """The Regions page: `params` the sidebar's filters (its regions, or all); `people_year`
    the one fiscal year whose people the countries map shows; `cohort` the one fiscal year
    chosen, whose cohort the pathway chart shows; `grant` the grant picked in the drill-down."""
    chosen = dict(params or {})
    requests: Requests = {
        "participation": ("participation_by_region_year", chosen),
        "countries": ("country_map", {**chosen, "fiscal_year": people_year}),
        "programs": ("program_outcomes", chosen),
        # the one cohort shown ('ALL': everyone), not every cohort: a row the page does not
        # show would only cost it cells hidden to protect that row
        "pathway": (
            "pathway_stages",
            {"fiscal_years": [cohort or "ALL"], "regions": chosen.get("regions", [])},
        ),
    }
    if grant is not None:
        requests["grant programs"] = ("program_outcomes", {"grant_id": grant})
    return requests


def themes(
    params: Params | None = None, focus: Sequence[str] = (), regions: Sequence[str] = ()
) -> Requests:
    """The Themes page: `params` the sidebar's filters; `focus` the themes clicked in the first
    chart (they narrow every chart but that one); `regions` those of the heatmap (the sidebar's,
    else every region)."""
    chosen = dict(params or {})
    narrowed = {**chosen, "themes": list(focus)} if focus else chosen
    return {
        "all themes": ("themes_by_year", chosen),
        "trends": ("themes_by_year", narrowed),
        "by region": ("themes_by_year", {**narrowed, "regions": list(regions)}),
        "programs": ("program_outcomes", narrowed),
        "gender gap": ("themes_by_year", {**chosen, "themes": ["gender_gap"]}),
    }


def published(scope: Params | None = None) -> Requests:
    """What a publish run of this scope (fiscal_years, regions, themes) shows: every page is
    decided within it, so that the pages and the published files agree cell by cell."""
    return publish.requests(scope)


def within(requests: Requests, widest: Requests, scope: dict | None = None) -> list[Requests]:
    """The wider views a page's view is decided within, widest first: the publish run of
    everything, that of the page's scope (fiscal_years, regions, themes), and the page at its
    default filters (when these are narrower). queries.narrowed_view takes the same list."""
    chosen = {name: list(scope[name]) for name in SCOPE if scope and scope.get(name)}
    views = [published()]
    if chosen:
        views.append(published(chosen))
    if dict(requests) != dict(widest):
        views.append(dict(widest))
    return views


# the sidebar's filters when the URL names none (ui.filters.Filters().params())
DEFAULT: Params = {"fiscal_years": [], "regions": [], "funds": [], "themes": []}


def defaults(con: duckdb.DuckDBPyConnection) -> list[Requests]:
    """The views the pages with the costliest decisions ask for at their default filters (each
    page's `widest`), worked out from the warehouse `con` as the pages work them out: `etl
    upgrade` decides them and keeps the decisions (queries.stored.store). A view here that a
    page no longer asks for only costs the upgrade its decision: the page finds no kept one and
    decides."""
    everywhere = {**DEFAULT, "regions": list(REGIONS)}
    # the Regions map's people year: the newest fiscal year with programs (views.regions)
    years = queries.run(con, "program_fiscal_years", everywhere)["fiscal_year"].dropna()
    return [
        overview(dict(DEFAULT)),
        regions(everywhere, str(years.max()) if not years.empty else None),
        themes(dict(DEFAULT), regions=tuple(REGIONS)),
    ]
