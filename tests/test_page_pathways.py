"""The Leadership pathways page on the demo warehouse: every chart draws, the funnel counts the
people the warehouse holds, the region filter, a URL and a click on a region narrow it to the
people whose first program was there, and clearing the click restores everyone."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import ReadOnlyAttributeDictionary

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
    "Organizer retention",
    "Leader attrition",
    "Mentees per mentor",
]
# People by their first program (earliest start; the lower program id on a tie), as the pathway
# counts them, straight from the core tables.
FIRST_PROGRAMS = """
    with firsts as (
        select person_key, arg_min(program_id, (start_date, program_id)) as program_id
        from core.participation join core.programs using (program_id)
        group by person_key
    )
    select count(*) from firsts join core.programs using (program_id)
    where ($region is null or region_code = $region)
      and ($fiscal_year is null or fiscal_year = $fiscal_year)
"""


def people(db: Path, region: str | None = None, fiscal_year: str | None = None) -> str:
    """People on the pathway (stage 1), as the page shows the number."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        params = {"region": region, "fiscal_year": fiscal_year}
        (count,) = con.execute(FIRST_PROGRAMS, params).fetchone()
    finally:
        con.close()
    return f"{count:,}"


def funnel(app: AppTest) -> pd.DataFrame:
    """The stage funnel's table, as shown (people counts formatted)."""
    for table in app.dataframe:
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
