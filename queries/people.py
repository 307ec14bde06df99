"""Which people counts each query returns (SPEC §6): for every query with people counts, the
cells its count columns are, and the shares, ratios and medians that depend on them. The query
layer suppresses exactly these, for every view; a query with people counts missing here fails
tests/test_privacy.py."""

from __future__ import annotations

from queries.suppression import Shows

_STAGE_REACHED = ("stage", "reached")
_REGION_YEAR = {"program_type": "ALL", "country": "ALL"}
_COUNTRY_YEAR = {"theme": "ALL", "program_type": "ALL"}

# the people of a country and year: the country table and the map show the same cells
_COUNTRY_PEOPLE = Shows(
    counts={
        "participants": ("participation", "participants"),
        "organizers": ("participation", "organizers"),
    },
    fixed=_COUNTRY_YEAR,
    forced="is_protected",
)
_CONTENT = ("edits", "bytes_added", "articles_created", "articles_edited", "uploads")
_PROGRAM = {
    "participants": ("program", "participants"),
    "organizers": ("program", "organizers"),
}

SHOWS: dict[str, Shows] = {
    "pathway_stages": Shows(
        counts={"people_reached": _STAGE_REACHED, "people_current": ("stage", "current")}
    ),
    "pathway_stages_by_gender": Shows(
        counts={
            "people_reached": _STAGE_REACHED,
            "people_current": ("stage", "current"),
            "people_base": _STAGE_REACHED,
            "people_at_stage": _STAGE_REACHED,
            "people_everyone": _STAGE_REACHED,
        },
        overrides={
            "people_base": {"stage_number": 1},
            "people_at_stage": {"gender": "ALL"},
            "people_everyone": {"gender": "ALL", "stage_number": 1},
        },
        shares={
            "share_reached": ("people_reached", "people_base"),
            "share_of_stage": ("people_reached", "people_at_stage"),
            "share_of_participants": ("people_base", "people_everyone"),
        },
    ),
    "pathway_stages_by_region": Shows(
        counts={"people_reached": _STAGE_REACHED, "people_base": _STAGE_REACHED},
        overrides={"people_base": {"stage_number": 1}},
        shares={"share_reached": ("people_reached", "people_base")},
    ),
    "pathway_cohorts": Shows(
        counts={"people_reached": _STAGE_REACHED, "people_base": _STAGE_REACHED},
        overrides={"people_base": {"stage_number": 1}},
        shares={"share_reached": ("people_reached", "people_base")},
    ),
    "pathway_transitions": Shows(
        counts={
            "people": ("transition", "people"),
            "converted_12m": ("transition", "converted_12m"),
            "converted_24m": ("transition", "converted_24m"),
        },
        shares={"rate_12m": ("converted_12m", "people"), "rate_24m": ("converted_24m", "people")},
        medians={"median_days_to_next": "people_moved_up"},
    ),
    "pathway_flows": Shows(counts={"people": ("transition", "@measure")}),
    "organizer_retention": Shows(
        counts={
            "organizers": ("organizer_retention", "organizers"),
            "retained_organizers": ("organizer_retention", "retained_organizers"),
        },
        shares={"retention_rate": ("retained_organizers", "organizers")},
    ),
    "leader_attrition": Shows(
        counts={
            "leaders": ("leader_attrition", "leaders"),
            "leaving_leaders": ("leader_attrition", "leaving_leaders"),
        },
        shares={"attrition_rate": ("leaving_leaders", "leaders")},
    ),
    "mentorship": Shows(
        counts={"mentors": ("participation", "mentors"), "mentees": ("participation", "mentees")},
        fixed=_REGION_YEAR,
        with_count={"mentees_per_mentor": ("mentors", "mentees")},
    ),
    "participation_by_region_year": Shows(
        counts={
            "participants": ("participation", "participants"),
            "organizers": ("participation", "organizers"),
            "new_editors_dashboard": ("participation", "new_editors_dashboard"),
            "new_editors_event_metrics": ("participation", "new_editors_event_metrics"),
            "returning_participants": ("participation", "returning_participants"),
            "retained_participants": ("participation", "retained_participants"),
        },
        fixed=_REGION_YEAR,
        with_count={
            column: ("participants",)
            for column in (
                "participations",
                "edits",
                "bytes_added",
                "articles_created",
                "articles_edited",
                "uploads",
            )
        },
    ),
    "participation_by_program_type": Shows(
        counts={
            "participants": ("participation", "participants"),
            "organizers": ("participation", "organizers"),
            "new_editors_dashboard": ("participation", "new_editors_dashboard"),
            "new_editors_event_metrics": ("participation", "new_editors_event_metrics"),
        },
        fixed={"country": "ALL"},
        with_count={
            column: ("participants",)
            for column in ("participations", "edits", "articles_created", "uploads")
        },
    ),
    "themes_by_year": Shows(
        counts={"participants": ("participation", "participants")},
        fixed=_REGION_YEAR,
    ),
    "participation_by_country": _COUNTRY_PEOPLE,
    "country_map": _COUNTRY_PEOPLE,
    "cost_per_participant": Shows(
        counts={"participants": ("grant_reach", "participants")},
        with_count={"cost_per_participant": ("participants",)},
    ),
    # read the programs' people marts for programs alone: no people count
    "programs_per_grant": Shows(counts={}),
    "program_fiscal_years": Shows(counts={}),
    "programs_of_grant": Shows(counts=_PROGRAM, forced="is_protected"),
    "program_outcomes": Shows(
        counts={
            **_PROGRAM,
            **{
                measure: ("program", measure)
                for measure in (
                    "new_editors_dashboard",
                    "new_editors_event_metrics",
                    "returning_participants",
                    "retained_participants",
                )
            },
            "grant_participants": ("grant", "participants"),
        },
        forced="is_protected",
        # content is what the program's participants did; the cost gives its grant's
        # participants away (the grant's award is public)
        with_count={
            **{column: ("participants",) for column in _CONTENT},
            "cost_per_participant": ("grant_participants",),
        },
        flagged=(*_CONTENT, "cost_per_participant"),
    ),
    "leadership_rotation": Shows(
        counts={"seats": ("rotation", "seats"), "new_seats": ("rotation", "new_seats")},
        shares={"new_seat_share": ("new_seats", "seats")},
        medians={"median_tenure_years": "seats"},
    ),
    "leaders_with_several_roles": Shows(
        counts={
            "leaders": ("rotation", "seats"),
            "multi_role_people": ("rotation", "multi_role_people"),
        },
        fixed={"body_type": "ALL", "body": "ALL"},
        shares={"multi_role_share": ("multi_role_people", "leaders")},
    ),
}
