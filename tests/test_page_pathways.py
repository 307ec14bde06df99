"""The Leadership pathways page on the demo warehouse: every chart draws, the funnel counts the
people the warehouse holds, the region filter, a URL and a click on a region narrow it to the
people whose first program was there, and clearing the click restores everyone."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import ReadOnlyAttributeDictionary

from tests.conftest import tables, unfold

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/pathways.py"
CHARTS = [
    "Stage funnel",
    "Reaching a stage, by region: Organizer",
    "Moving up: flows between stages",
    "Moving up within 12 months",
    "Time to the next stage",
    "Cohorts: who reached each stage",
    "Stage by gender",
    "Representation at each stage",
    "Organizer retention",
    "Leader attrition",
    "Mentees per mentor",
    "Leadership rotation",
]
# People on the pathway by the first stage they reached (SPEC §5): a program (any role), a funded
# grant they led (from its decision date) or a leadership role; the region of that program,
# grant or role (a role's country, else its committee's region), the lower program id first on
# a tie — straight from the core tables.
FIRST_STAGES = """
    with events as (
        select pe.person_key, p.start_date as on_date, 1 as source, p.program_id as id,
               p.region_code as region
        from core.participation pa join core.programs p using (program_id)
        join core.people pe using (person_id)
        union all
        select g.lead_person_key, g.decision_date, 2, g.grant_id, c.region_code
        from core.grants g left join core.countries c using (country_code)
        where g.status = 'funded' and g.lead_person_key is not null
        union all
        select r.person_key, r.start_date, 3, r.body,
               coalesce(c.region_code, split_part(r.body, ' ', 1))
        from core.roles r left join core.countries c using (country_code)
    ),
    firsts as (
        select person_key, arg_min(region, (on_date, source, id)) as region,
               min(on_date) as first_on
        from events
        group by person_key
    )
    select count(*) from firsts
    where ($region is null or region = $region)
      and ($fiscal_year is null or fiscal_year(first_on) = $fiscal_year)
"""


def pathway_people(db: Path, region: str | None = None, fiscal_year: str | None = None) -> int:
    """People on the pathway (stage 1) of a region and cohort, from the core tables."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        params = {"region": region, "fiscal_year": fiscal_year}
        con.execute(
            "create temp macro fiscal_year(d) as if(month(d) >= 7, 'FY' || year(d) || '-' || "
            "right((year(d) + 1)::varchar, 2), 'FY' || (year(d) - 1) || '-' || "
            "right(year(d)::varchar, 2))"
        )
        (count,) = con.execute(FIRST_STAGES, params).fetchone()
    finally:
        con.close()
    return count


def people(db: Path, region: str | None = None, fiscal_year: str | None = None) -> str:
    """People on the pathway (stage 1), as the page shows the number."""
    return f"{pathway_people(db, region, fiscal_year):,}"


def funnel(app: AppTest) -> pd.DataFrame:
    """The stage funnel's table, as shown (people counts formatted)."""
    for table in tables(app):
        if {"People who reached it", "People at it now"} <= set(table.value.columns):
            return table.value
    raise AssertionError("no stage funnel table on the page")


def participants(app: AppTest) -> list[str]:
    table = funnel(app)
    return table.loc[table["Stage"] == "Participant", "People who reached it"].tolist()


def click_region(app: AppTest, *codes: str) -> None:
    """What a click on bars of the region chart leaves in its state (none: a cleared pick)."""
    points = [{"customdata": [code, code]} for code in codes]
    selection = ReadOnlyAttributeDictionary(
        {"points": points, "point_indices": [], "box": [], "lasso": []}
    )
    app.session_state["pathways-region"] = ReadOnlyAttributeDictionary({"selection": selection})


@pytest.fixture
def app(demo_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(demo_db))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_every_pathway_chart_draws_and_the_funnel_counts_everyone(app, demo_db):
    app.run().switch_page(PAGE).run()
    assert not app.exception
    # the funnel and the region chart at once, the rest folded until opened
    assert [s.value for s in app.subheader] == CHARTS[:2]
    assert [e.label for e in app.expander][1:] == [  # after "What the stages mean"
        "**Moving up: flows, conversion and time to the next stage**",
        "**Cohorts, gender and representation**",
        "**Retention, attrition and mentorship**",
        "**Leadership rotation**",
    ]
    unfold(app)
    assert [s.value for s in app.subheader] == CHARTS
    assert participants(app) == [people(demo_db)]
    assert funnel(app)["Stage"].tolist()[-1] == "Committee or board member"


def test_region_filter_counts_people_whose_first_program_was_there(app, demo_db):
    app.run().switch_page(PAGE).run()
    app.multiselect(key="region").set_value(["SSA"]).run()
    assert not app.exception
    assert participants(app) == [people(demo_db, region="SSA")]
    assert people(demo_db, region="SSA") != people(demo_db)


def test_url_parameters_seed_the_cohort(app, demo_db):
    app.query_params["fy"] = ["FY2023-24"]
    app.run().switch_page(PAGE).run()
    assert not app.exception
    assert app.multiselect(key="fy").value == ["FY2023-24"]
    table = funnel(app)
    assert set(table["Cohort"]) == {"FY2023-24"} and set(table["Region"]) == {"ALL"}
    assert participants(app) == [people(demo_db, fiscal_year="FY2023-24")]


def test_clicking_a_region_focuses_the_page_and_clearing_the_click_restores_everyone(app, demo_db):
    app.run().switch_page(PAGE).run()
    click_region(app, "MENA")
    app.run()
    assert not app.exception
    assert "Focused on MENA" in app.info[0].value
    assert participants(app) == [people(demo_db, region="MENA")]

    click_region(app)
    app.run()
    assert not app.exception
    assert not [i for i in app.info if "Focused on" in i.value]
    assert participants(app) == [people(demo_db)]


def test_a_url_value_the_warehouse_does_not_know_falls_back_to_everyone(app, demo_db):
    app.query_params["fy"] = ["FY1999-00"]
    app.run().switch_page(PAGE).run()
    assert not app.exception
    assert app.multiselect(key="fy").value == []
    assert participants(app) == [people(demo_db)]


def test_the_flows_chart_draws_only_the_stages_a_flow_touches_with_grant_lead_above_committee():
    from figures.pathways import sankey

    names = ["Participant", "Returning", "Organizer", "Trainer", "Grant lead", "Committee"]
    flows = pd.DataFrame(
        {
            "from_stage_number": [1, 5, 4],
            "to_stage_number": pd.array([2, 6, None], dtype="Int64"),
            "people": pd.array([10, 7, 6], dtype="Int64"),
        }
    )
    node = sankey(flows, names).data[0].node
    link = sankey(flows, names).data[0].link
    assert list(node.label) == [
        "Participant",
        "Returning",
        "Trainer",
        "Grant lead",
        "Committee",
        "Still trainer",
    ]
    assert list(link.source) == [0, 3, 2]
    assert list(link.target) == [1, 4, 5]
    x = dict(zip(node.label, node.x, strict=True))
    y = dict(zip(node.label, node.y, strict=True))
    assert x["Participant"] < x["Returning"] < x["Trainer"] < x["Grant lead"] < x["Committee"]
    # The last column's label sits left of its node: it must not meet the grant lead's label.
    assert y["Committee"] - y["Grant lead"] >= 0.3
