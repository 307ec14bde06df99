"""Leadership pathways: how people move from taking part in a program to organizing, mentoring,
leading grants and serving on committees — the stage funnel, the flows between stages, how fast
people move up, cohorts, the pathway by region and gender, representation, retention, mentorship
and the rotation of committees and boards.

The fiscal-year filter picks cohorts (the fiscal year of the first stage a person reached) for
the stage charts, and years for retention, attrition, mentorship and rotation. Cross-filter:
clicking a region in "Reaching a stage, by region" focuses the other charts on it; clicking the
bar again, or double-clicking the chart, clears the focus. Everything the page shows is asked
for in one view, so a people count hidden in one chart is hidden in all (SPEC §6)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from etl.reference import REGIONS
from figures import pathways as figures
from figures.common import describe_trend
from figures.pathways import counts_text, describe, describe_flows
from queries import privacy
from ui import format as fmt
from ui import page_views
from ui.charts import Cached, chart, section, selected
from ui.data import view
from ui.filters import Filters, current

REGION_CHART = "pathways-region"
GENDERS = {
    "woman": "Women",
    "man": "Men",
    "non_binary": "Non-binary",
    "not_given": "Not given or prefer not to say",
}
# A share, ratio or median whose people count is suppressed is hidden with it.
HIDDEN = "hidden"
LABELS = {
    "cohort": "Cohort",
    "region": "Region",
    "theme": "Theme",
    "gender": "Gender",
    "fiscal_year": "Fiscal year",
    "stage_name": "Stage",
    "to_stage_name": "Moved up to",
    "people_reached": "People who reached it",
    "people_current": "People at it now",
    "share_reached": "Share who reached it",
    "people": "People",
    "converted_12m": "Moved up within 12 months",
    "converted_24m": "Moved up within 24 months",
    "rate_12m": "Rate within 12 months",
    "rate_24m": "Rate within 24 months",
    "median_days_to_next": "Median days to the next stage",
    "organizers": "Organizers",
    "retained_organizers": "Organizing again next year",
    "retention_rate": "Retention rate",
    "leaders": "Leaders",
    "leaving_leaders": "Leaving by next year",
    "attrition_rate": "Attrition rate",
    "mentors": "Mentors",
    "mentees": "Mentees",
    "mentees_per_mentor": "Mentees per mentor",
    "share_of_stage": "Share of the people at the stage",
    "share_of_participants": "Share of everyone on the pathway",
    "representation": "Representation (1 = as among everyone)",
    "body_type": "Body",
    "body": "Committee or board",
    "seats": "Seats held",
    "new_seats": "Held by people in their first two years",
    "new_seat_share": "Share held by people in their first two years",
    "median_tenure_years": "Median tenure (years)",
    "multi_role_people": "People holding two or more leadership roles at once",
}
BODY_TYPES = {"committee": "Regional Fund Committees", "board": "Affiliate boards"}


# --- shaping -------------------------------------------------------------------------------


def region_name(code: str) -> str:
    return REGIONS.get(code, "region not known" if code == "unknown" else code)


def row_sets(frame: pd.DataFrame, column: str, chosen: Sequence[str]) -> pd.DataFrame:
    """Rows of the chosen codes, or of 'ALL' when none is chosen: 'ALL' counts each person
    once, so adding up the codes' rows would not do."""
    return frame[frame[column].isin(list(chosen) or ["ALL"])]


def with_population(frame: pd.DataFrame, parts: Sequence[str]) -> pd.DataFrame:
    """Add `population`, whom a row counts: "SSA", "SSA · FY2023-24", or "Everyone"."""
    labels = [
        " · ".join(str(row[p]) for p in parts if row[p] != "ALL") or "Everyone"
        for _, row in frame[list(parts)].iterrows()
    ]
    return frame.assign(population=labels)


def values_text(
    values: pd.Series, hidden: pd.Series, formatter: Callable[[object], str] = fmt.share
) -> list[str]:
    """Shares, ratios and medians as read: "hidden" when the query layer hid the value with one
    of its people counts (`hidden` says the counts are), – when unknown."""
    return [
        HIDDEN if bool(h) and pd.isna(v) else formatter(v)
        for v, h in zip(values, hidden, strict=True)
    ]


def pick(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """A control for one chart, none when there is nothing to choose. Blocks draw their chart
    into a container made before the control, so the control shows under the chart it sets."""
    if len(options) <= 1:
        return options[0] if options else "ALL"
    options = list(options)
    chosen = default or options[0]

    def shown(option: str) -> str:
        return dict(names or {}).get(option, option)

    if sum(len(shown(o)) for o in options) > 50:  # too wide for a row of buttons
        return st.selectbox(label, options, index=options.index(chosen), format_func=shown, key=key)
    picked = st.segmented_control(
        label, options, default=chosen, required=True, format_func=shown, key=key
    )
    return picked or chosen


# --- blocks --------------------------------------------------------------------------------


def stage_definitions(names: Mapping[str, str]) -> None:
    with st.expander("What the stages mean", icon=":material/info:"):
        st.markdown(
            f"""
1. **{names["participant"]}**: took part in a program, in any role.
2. **{names["returning"]}**: took part in a second program.
3. **{names["organizer"]}**: organizer, facilitator or volunteer of a program.
4. **{names["trainer_mentor"]}**: trainer or mentor in a program, or such a role outside
   events.
5. **{names["grant_lead"]}**: lead of a funded grant (from its decision date), or a grant lead
   role.
6. **{names["committee_board"]}**: member of a grants committee or an affiliate's board.

Everyone who reached a stage is counted, grant leads and committee or board members who never
took part in a recorded program included. A person's stage is the highest they reached;
*reached a stage* means their highest stage is that one or above. A person's **cohort** is the
fiscal year of the first stage they reached, their **region** that of the program, grant or role
that got them there. People counts from 1 to {privacy.k() - 1} are shown as
“{fmt.hidden()}”, and so is any count that would give one of them away; shares built on a hidden
count are hidden too, unless their rounding keeps the count from being worked out. Funds do not
apply on this page, and themes narrow mentorship only.
"""
        )


def focus_notice(focus: Sequence[str]) -> None:
    if focus:
        names = ", ".join(f"{code} ({region_name(code)})" for code in focus)
        st.info(
            f"Focused on {names}: the charts count the people whom a program, grant or role there "
            "brought onto the pathway. "
            "Click the bar again in *Reaching a stage, by region*, or double-click that chart, "
            "to see every region.",
            icon=":material/filter_alt:",
        )


def funnel(stages: pd.DataFrame, filters: Filters) -> None:
    data = stages[stages["gender"] == "ALL"]
    data = data.assign(
        people_text=counts_text(data["people_reached"], data["people_reached_suppressed"])
    )
    chart(
        "Stage funnel",
        "People who reached each stage: their highest stage is this one or above.",
        data[
            [
                "cohort",
                "region",
                "stage_name",
                "people_reached",
                "people_reached_suppressed",
                "people_current",
                "people_current_suppressed",
            ]
        ],
        Cached(figures.funnel, data, "stage_name"),
        name="pathway_funnel",
        filters=filters,
        text=Cached(
            describe,
            data,
            series="population",
            x="stage_name",
            value="people_text",
            lead="People who reached each stage. ",
        ),
        formats={"people_reached": "count", "people_current": "count"},
        labels=LABELS,
    )


def by_region(rows: pd.DataFrame, filters: Filters, names: Mapping[str, str]) -> None:
    block = st.container()
    higher = {code: name for code, name in names.items() if code != "participant"}
    stage = pick(
        "Stage compared",
        list(higher),
        key="pathways-region-stage",
        default="organizer",
        names=higher,
    )
    data = rows[rows["stage"] == stage]
    data = data.assign(
        stage_name=names[stage],
        cohort_name=data["cohort"].replace("ALL", "All cohorts"),
        region_name=data["region"].map(region_name),
        share_text=values_text(data["share_reached"], data["people_reached_suppressed"]),
    )
    with block:
        chart(
            f"Reaching a stage, by region: {names[stage]}",
            f"Share of each region's people who reached {names[stage].lower()} or higher. "
            "Click a region to focus the page on it; click it again to clear.",
            data[
                [
                    "cohort",
                    "region",
                    "stage_name",
                    "people_reached",
                    "people_reached_suppressed",
                    "share_reached",
                ]
            ],
            Cached(figures.region_shares, data),
            name="pathway_by_region",
            filters=filters,
            text=Cached(
                describe,
                data,
                series="cohort_name",
                x="region",
                value="share_text",
                lead=f"Share who reached {names[stage].lower()} or higher, by region. ",
            ),
            formats={"people_reached": "count", "share_reached": "share"},
            labels=LABELS,
            select=True,
            key=REGION_CHART,
        )


def flows_between_stages(flows: pd.DataFrame, filters: Filters, names: Mapping[str, str]) -> None:
    block = st.container()
    region = pick(
        "Region shown", list(dict.fromkeys(flows["region"])), key="pathways-sankey-region"
    )
    stayed = st.toggle("Show the people who have not moved up (yet)", key="pathways-stayed")
    data = flows[(flows["region"] == region) & (stayed | flows["to_stage_number"].notna())]
    data = data.assign(
        stage_name=data["from_stage"].map(names),
        to_stage_name=data["to_stage"].map(names).fillna("Not moved up (yet)"),
        people_text=counts_text(data["people"], data["people_suppressed"]),
    )
    with block:
        chart(
            "Moving up: flows between stages",
            "Where the people at each stage went next: the highest stage they held on the day "
            "they moved up. Hidden flows are left out of the chart. All cohorts.",
            data[["region", "stage_name", "to_stage_name", "people", "people_suppressed"]],
            Cached(figures.sankey, data, list(names.values())),
            name="pathway_flows",
            filters=replace(filters, regions=(region,) if region != "ALL" else ()),
            text=Cached(describe_flows, data, privacy.k()),
            formats={"people": "count"},
            labels=LABELS,
        )


def conversion(transitions: pd.DataFrame, filters: Filters) -> None:
    block = st.container()
    window = pick(
        "Moved up within",
        ["12m", "24m"],
        key="pathways-window",
        names={"12m": "12 months", "24m": "24 months"},
    )
    months = window.removesuffix("m")
    hidden = transitions[f"converted_{window}_suppressed"] | transitions["people_suppressed"]

    data = transitions.assign(rate_text=values_text(transitions[f"rate_{window}"], hidden))
    with block:
        chart(
            f"Moving up within {months} months",
            f"Of the people at each stage, the share who reached a higher stage within {months} "
            "months (same calendar day included). All cohorts.",
            data[
                [
                    "region",
                    "stage_name",
                    "people",
                    "people_suppressed",
                    "converted_12m",
                    "converted_12m_suppressed",
                    "converted_24m",
                    "converted_24m_suppressed",
                    "rate_12m",
                    "rate_24m",
                ]
            ],
            Cached(figures.conversion, data, window),
            name="pathway_conversion",
            filters=filters,
            text=Cached(
                describe,
                data,
                series="population",
                x="stage_name",
                value="rate_text",
                lead=f"Share who moved up within {months} months. ",
            ),
            formats={
                "people": "count",
                "converted_12m": "count",
                "converted_24m": "count",
                "rate_12m": "share",
                "rate_24m": "share",
            },
            labels=LABELS,
        )


def days_to_next(transitions: pd.DataFrame, filters: Filters) -> None:
    data = transitions.assign(
        days_text=values_text(
            transitions["median_days_to_next"],
            transitions["median_days_to_next_suppressed"],
            lambda v: "–" if pd.isna(v) else f"{fmt.number(v, 0)} days",
        )
    )
    chart(
        "Time to the next stage",
        "Median days from reaching a stage to reaching a higher one, over the people who moved "
        f"up; hidden when fewer than {privacy.k()} did. All cohorts.",
        data[["region", "stage_name", "median_days_to_next", "median_days_to_next_suppressed"]],
        Cached(figures.days_to_next, data),
        name="pathway_days_to_next",
        filters=filters,
        text=Cached(
            describe,
            data,
            series="population",
            x="stage_name",
            value="days_text",
            lead="Median days to the next stage. ",
        ),
        formats={"median_days_to_next": "number"},
        labels=LABELS,
    )


def cohorts(rows: pd.DataFrame, filters: Filters, names: Mapping[str, str]) -> None:
    block = st.container()
    region = pick("Region shown", list(dict.fromkeys(rows["region"])), key="pathways-cohort-region")
    data = rows[(rows["region"] == region) & (rows["stage"] != "participant")]
    data = data.assign(
        stage_name=data["stage"].map(names),
        share_text=values_text(data["share_reached"], data["people_reached_suppressed"]),
    )
    with block:
        chart(
            "Cohorts: who reached each stage",
            "Share of each cohort (people by the fiscal year of the first stage they reached) who "
            "have reached each stage or higher so far; later cohorts have had less time.",
            data[
                [
                    "cohort",
                    "region",
                    "stage_name",
                    "people_reached",
                    "people_reached_suppressed",
                    "share_reached",
                ]
            ],
            Cached(figures.heatmap, data, rows="cohort", row_title="Cohort")
            if not data.empty
            else None,
            name="pathway_cohorts",
            filters=replace(filters, regions=(region,) if region != "ALL" else ()),
            text=Cached(
                describe,
                data,
                series="cohort",
                x="stage_name",
                value="share_text",
                lead="Share of each cohort who reached each stage. ",
            ),
            formats={"people_reached": "count", "share_reached": "share"},
            labels=LABELS,
        )


def by_gender(stages: pd.DataFrame, filters: Filters) -> None:
    block = st.container()
    population = pick(
        "People shown", list(dict.fromkeys(stages["population"])), key="pathways-gender-people"
    )
    data = stages[
        (stages["population"] == population)
        & stages["gender"].isin(list(GENDERS))
        & (stages["stage"] != "participant")
    ]
    data = data.assign(
        gender_order=data["gender"].map(list(GENDERS).index),
        gender_name=data["gender"].map(GENDERS),
        share_text=values_text(data["share_reached"], data["people_reached_suppressed"]),
    ).sort_values(["gender_order", "stage_number"])
    figure = (
        Cached(figures.heatmap, data, rows="gender_name", row_title="Gender")
        if not data.empty
        else None
    )
    with block:
        chart(
            "Stage by gender",
            "Share of the people of each self-reported gender who reached each stage or higher; "
            "people who gave no gender or preferred not to say are counted together.",
            data[
                [
                    "cohort",
                    "region",
                    "gender",
                    "stage_name",
                    "people_reached",
                    "people_reached_suppressed",
                    "share_reached",
                ]
            ],
            figure,
            name="pathway_by_gender",
            filters=filters,
            text=Cached(
                describe,
                data,
                series="gender_name",
                x="stage_name",
                value="share_text",
                lead="Share who reached each stage, by gender. ",
            ),
            formats={"people_reached": "count", "share_reached": "share"},
            labels=LABELS,
        )


def representation(stages: pd.DataFrame, filters: Filters, names: Mapping[str, str]) -> None:
    """Each gender's share of the people who reached a stage over its share of everyone on the
    pathway: below 1, the group thins out on the way up (SPEC §5)."""
    block = st.container()
    population = pick(
        "People shown",
        list(dict.fromkeys(stages["population"])),
        key="pathways-representation-people",
    )
    data = stages[
        (stages["population"] == population)
        & stages["gender"].isin(["woman", "man", "non_binary"])
        & (stages["stage"] != "participant")
    ]
    ratio = data["share_of_stage"].astype(float) / data["share_of_participants"].astype(float)
    data = data.assign(
        representation=ratio.where(data["share_of_participants"].astype(float) > 0),
        gender_name=data["gender"].map(GENDERS),
    )
    data = data.assign(
        ratio_text=values_text(
            data["representation"],
            data["people_reached_suppressed"],
            lambda v: "–" if pd.isna(v) else fmt.number(v, 2),
        )
    )
    with block:
        chart(
            "Representation at each stage",
            "Each gender's share of the people who reached a stage, over its share of everyone "
            "on the pathway: below 1, the group thins out on the way up. Self-reported genders.",
            data[
                [
                    "cohort",
                    "region",
                    "gender",
                    "stage_name",
                    "people_reached",
                    "people_reached_suppressed",
                    "share_of_stage",
                    "share_of_participants",
                    "representation",
                ]
            ],
            Cached(figures.representation, data),
            name="pathway_representation",
            filters=filters,
            text=Cached(
                describe,
                data,
                series="gender_name",
                x="stage_name",
                value="ratio_text",
                lead="Representation by gender at each stage. ",
            ),
            formats={
                "people_reached": "count",
                "share_of_stage": "share",
                "share_of_participants": "share",
                "representation": "number",
            },
            labels=LABELS,
        )


def rotation(rows: pd.DataFrame, several: pd.DataFrame, filters: Filters) -> None:
    """Renewal of leadership: the share of seats held by people in their first two years in
    their committee or board, per fiscal year; the table adds each committee, tenure and the
    people holding several leadership roles at once."""
    seats = rows
    totals = seats[seats["body"] == "ALL"]
    data = totals.assign(
        population=totals["body_type"].map(BODY_TYPES),
        rate_text=values_text(
            totals["new_seat_share"],
            totals["new_seats_suppressed"] | totals["seats_suppressed"],
        ),
    )
    table = seats.assign(body_type=seats["body_type"].map(BODY_TYPES)).merge(
        several[["fiscal_year", "multi_role_people", "multi_role_people_suppressed"]],
        on="fiscal_year",
        how="left",
    )
    people_text = ", ".join(
        f"{y} {fmt.hidden() if h else fmt.count(v)}"
        for y, v, h in zip(
            several["fiscal_year"],
            several["multi_role_people"],
            several["multi_role_people_suppressed"],
            strict=True,
        )
    )
    chart(
        "Leadership rotation",
        "Share of the seats on committees and affiliate boards held by people in their first two "
        "fiscal years in that body; the table adds each committee, the median tenure and the "
        "people holding two or more leadership roles at once.",
        table[
            [
                "fiscal_year",
                "body_type",
                "body",
                "seats",
                "seats_suppressed",
                "new_seats",
                "new_seats_suppressed",
                "new_seat_share",
                "median_tenure_years",
                "multi_role_people",
                "multi_role_people_suppressed",
            ]
        ],
        Cached(figures.rate_lines, data, "new_seat_share", "Share held by newcomers"),
        name="leadership_rotation",
        filters=replace(filters, regions=()),
        text="Share of seats held by people in their first two years. "
        + describe_trend(
            data, x="fiscal_year", y="new_seat_share", series="population", value=fmt.share
        )
        + (
            f" People holding two or more leadership roles at once: {people_text}."
            if people_text
            else ""
        ),
        formats={
            "seats": "count",
            "new_seats": "count",
            "new_seat_share": "share",
            "median_tenure_years": "number",
            "multi_role_people": "count",
        },
        labels=LABELS,
    )


def rate_over_years(
    frame: pd.DataFrame,
    *,
    title: str,
    definition: str,
    name: str,
    count: str,
    part: str,
    rate: str,
    filters: Filters,
) -> None:
    """A rate per fiscal year and population (retention, attrition), with its counts."""
    hidden = frame[f"{count}_suppressed"] | frame[f"{part}_suppressed"]
    data = with_population(frame, ("region",)).assign(rate_text=values_text(frame[rate], hidden))
    chart(
        title,
        definition,
        data[
            [
                "fiscal_year",
                "region",
                count,
                f"{count}_suppressed",
                part,
                f"{part}_suppressed",
                rate,
            ]
        ],
        Cached(figures.rate_lines, data.dropna(subset=[rate]), rate, LABELS[rate]),
        name=name,
        filters=filters,
        text=f"{LABELS[rate]} by fiscal year. "
        + describe_trend(data, x="fiscal_year", y=rate, series="population", value=fmt.share),
        formats={count: "count", part: "count", rate: "share"},
        labels=LABELS,
    )


def mentorship(rows: pd.DataFrame, filters: Filters, regions: Sequence[str]) -> None:
    data = with_population(row_sets(rows, "region", regions), ("region", "theme"))
    hidden = data["mentors_suppressed"] | data["mentees_suppressed"]
    data = data.assign(ratio_text=values_text(data["mentees_per_mentor"], hidden, fmt.number))
    chart(
        "Mentees per mentor",
        "Mentees per mentor in the programs starting in each fiscal year.",
        data[
            [
                "fiscal_year",
                "region",
                "theme",
                "mentors",
                "mentors_suppressed",
                "mentees",
                "mentees_suppressed",
                "mentees_per_mentor",
            ]
        ],
        Cached(figures.mentorship, data),
        name="mentees_per_mentor",
        filters=filters,
        text="Mentees per mentor by fiscal year. "
        + describe_trend(
            data, x="fiscal_year", y="mentees_per_mentor", series="population", value=fmt.number
        ),
        formats={"mentors": "count", "mentees": "count", "mentees_per_mentor": "number"},
        labels=LABELS,
    )


# --- the page ------------------------------------------------------------------------------

filters = current()
focus = tuple(r for r in selected(REGION_CHART) if not filters.regions or r in filters.regions)
regions = focus or filters.regions
scoped = replace(filters, regions=regions)
# Everything the page shows, asked for at once: the query layer decides each people count once
# for the whole page (SPEC §6), so a count hidden in one chart is hidden in every other.
data = view(
    widest=page_views.pathways(),
    scope=filters.params(),
    **page_views.pathways(filters.fiscal_years, filters.regions, focus, filters.themes),
)
names = dict(data["names"][["stage", "stage_name"]].itertuples(index=False))

st.title("Leadership pathways")
st.caption(
    "How people move from taking part in a program to organizing, mentoring, leading grants and "
    "serving on committees. The fiscal-year filter picks cohorts (people by the fiscal year of "
    "the first stage they reached) for the stage charts and years for retention and mentorship; "
    "funds do not apply here, and themes narrow mentorship only."
)
stage_definitions(names)
focus_notice(focus)

stages = with_population(data["stages"], ("region", "cohort")).assign(
    stage_name=lambda f: f["stage"].map(names)
)
transitions = with_population(row_sets(data["transitions"], "region", regions), ("region",)).assign(
    stage_name=lambda f: f["from_stage"].map(names)
)

left, right = st.columns(2, gap="large")
with left:
    funnel(stages, scoped)
with right:
    by_region(data["by_region"], filters, names)


def moving_up() -> None:
    """Where people went from each stage, how many moved up within 12 months, and how fast."""
    flows_between_stages(data["flows"], scoped, names)
    left, right = st.columns(2, gap="large")
    with left:
        conversion(transitions, scoped)
    with right:
        days_to_next(transitions, scoped)


def who_reaches() -> None:
    """Each cohort's stages, and each gender's reach and representation at every stage."""
    cohorts(data["cohorts"], filters, names)
    by_gender(stages, scoped)
    representation(stages, scoped, names)


def staying() -> None:
    """Organizers who organize again, leaders who leave, and mentees per mentor, by year."""
    retention, attrition, mentoring = st.columns(3, gap="large")
    with retention:
        rate_over_years(
            row_sets(data["retention"], "region", regions),
            title="Organizer retention",
            definition="Organizers of a fiscal year (organizer, facilitator or volunteer) who "
            "organize again the next year; unknown for the latest year.",
            name="organizer_retention",
            count="organizers",
            part="retained_organizers",
            rate="retention_rate",
            filters=scoped,
        )
    with attrition:
        rate_over_years(
            row_sets(data["attrition"], "region", regions),
            title="Leader attrition",
            definition="Grant leads, committee and board members of a fiscal year who hold no "
            "such role on the first day of the next.",
            name="leader_attrition",
            count="leaders",
            part="leaving_leaders",
            rate="attrition_rate",
            filters=scoped,
        )
    with mentoring:
        mentorship(data["mentorship"], scoped, regions)


def rotating() -> None:
    """New seats and people holding several leadership roles, by body and year."""
    rotation(data["rotation"], data["several_roles"], filters)


# Every part below the first is folded under its title and built only once opened, as on
# Funding: the browser lays out every chart that arrives before it shows the first one, and
# this page's 12 charts kept the funnel from showing for 2.8 s at scale L with a warm cache.
for title, draw in (
    ("Moving up: flows, conversion and time to the next stage", moving_up),
    ("Cohorts, gender and representation", who_reaches),
    ("Retention, attrition and mentorship", staying),
    ("Leadership rotation", rotating),
):
    section(title, draw, key=f"pathways-{draw.__name__}")
