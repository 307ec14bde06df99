"""What a page asks the query layer for, for one filter state: the requests of one view (SPEC §6),
as plain data, so that the page, the hiding bench and the attack tests ask for the same thing."""

from __future__ import annotations

from collections.abc import Sequence

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
