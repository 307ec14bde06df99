"""The Regions page on the demo warehouse (Streamlit AppTest): every chart draws, the sidebar's
regions (the one place regions are chosen, kept in the URL) and filters change its numbers as
the grants and programs predict, protected countries show no people counts, and the drill-down
from a region to a grant's programs names organizations but never a person.

Expected values come from direct SQL over the core tables, not from the page's queries."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.reference import FUNDS
from tests.conftest import SAMPLE, open_app_page, query, tables, unfold
from tests.test_page_pathways import pathway_people
from ui.format import count, usd

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/regions.py"
CHARTS = [
    "Awarded USD by country",
    "Funding against budget",
    "Budget utilisation",
    "Participants by fiscal year",
    "People reaching each pathway stage",
]
PARTICIPANTS = ("participant", "mentee")


def open_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> AppTest:
    """The app opened (with `state`, `url` options), then the Regions page."""
    return open_app_page(PAGE, demo_db, monkeypatch, **options)


def table(app: AppTest, first_column: str, *, containing: str | None = None) -> pd.DataFrame:
    """The first table on the page whose first column is this one (and that has that column)."""
    for frame in tables(app):
        columns = list(frame.value.columns)
        if columns[0] == first_column and (containing is None or containing in columns):
            return frame.value
    raise AssertionError(f"no table starting with {first_column}")


def awarded(db: Path, where: str, params: list) -> float:
    return query(
        db,
        f"select sum(amount_awarded_usd)::double from core.grants where status = 'funded' "
        f"and fiscal_year is not null and {where}",
        params,
    )[0][0]


def participants(db: Path, year: str, where: str, params: list) -> int:
    return query(
        db,
        "select count(distinct pa.person_id) from core.participation pa "
        "join core.programs p using (program_id) "
        f"where pa.role in ('participant', 'mentee') and p.fiscal_year = ? and {where}",
        [year, *params],
    )[0][0]


def test_every_chart_draws_for_all_regions_when_none_is_picked(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    # the map and funding at once; participation and the pathway once their parts are opened
    assert [s.value for s in app.subheader][:3] == CHARTS[:3]
    assert len(app.get("plotly_chart")) == 3
    assert [s.value for s in unfold(app).subheader][: len(CHARTS)] == CHARTS
    assert len(app.get("plotly_chart")) == 5
    assert app.caption[0].value.startswith("Comparing CEECA")
    countries = table(app, "Country code")
    with_region = "select count(*) from core.countries where region_code is not null"
    assert len(countries) == query(demo_db, with_region)[0][0]


def test_the_url_picks_the_region_and_the_map_holds_its_countries(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SSA"})
    assert app.caption[0].value.startswith("Showing SSA — Sub-Saharan Africa")
    countries = table(app, "Country code").set_index("Country code")
    expected = query(demo_db, "select country_code from core.countries where region_code = 'SSA'")
    assert set(countries.index) == {code for (code,) in expected}
    assert "NA" in countries.index  # Namibia, read as a code
    assert countries.loc["NG", "Awarded USD"] == usd(awarded(demo_db, "country_code = 'NG'", []))


def test_the_sidebar_regions_are_followed_when_the_page_picks_none(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={"region": ["SA"]})
    assert app.caption[0].value.startswith("Showing SA — South Asia")
    shown = table(app, "Fiscal year", containing="Participants")
    latest = shown[shown["Fiscal year"] == "FY2025-26"]
    assert latest["Participants"].tolist() == [
        count(participants(demo_db, "FY2025-26", "p.region_code = 'SA'", []))
    ]


def test_a_fiscal_year_filter_sets_the_year_of_the_people_on_the_map(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "MENA", "fy": "FY2023-24"})
    countries = table(app, "Country code").set_index("Country code")
    people = countries["Participants in FY2023-24"]
    # Egypt is on the protection list: its 175 participants are never shown
    assert countries.loc["EG", "Protected"]
    assert people["EG"] == "hidden"
    assert set(people[countries["Protected"]]) == {"hidden"}
    shown = people[~countries["Protected"] & (people != "hidden") & (people != "0")]
    assert not shown.empty
    for country, value in shown.items():
        where = "p.country_code = ?"
        assert value == count(participants(demo_db, "FY2023-24", where, [country]))


def test_funding_against_budget_reads_the_budgets(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": ["SSA", "SA"]})
    budget = table(app, "Fiscal year", containing="Budget USD")
    row = budget[(budget["Fiscal year"] == "FY2024-25") & (budget["Region"] == "SSA")].iloc[0]
    (expected,) = query(
        demo_db,
        "select budget_usd::double from core.budgets where fiscal_year = 'FY2024-25' "
        "and region_code = 'SSA'",
    )[0]
    assert row["Budget USD"] == usd(expected)
    spent = awarded(demo_db, "fiscal_year = 'FY2024-25' and region_code = 'SSA'", [])
    assert row["Awarded USD"] == usd(spent)
    assert row["Budget utilisation"] == f"{spent / expected * 100:.1f}%"
    assert set(budget["Region"]) == {"SSA", "SA"}


def test_the_pathway_counts_people_by_the_region_that_brought_them_onto_it(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SSA"})
    stages = table(app, "Region", containing="Stage").set_index("Stage")
    first_in_ssa = pathway_people(demo_db, region="SSA")
    assert stages.loc["1 Participant", "People who reached it"] == count(first_in_ssa)


def lead_usernames() -> set[str]:
    with open(SAMPLE / "grants.csv", encoding="utf-8", newline="") as f:
        return {row["lead_username"] for row in csv.DictReader(f) if row["lead_username"]}


def test_the_drill_down_names_organizations_and_never_a_person(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SSA"})
    app.selectbox(key="drill-country").set_value("NG").run()
    grantees = app.selectbox(key="drill-grantee").options
    organizations = {
        name
        for (name,) in query(
            demo_db,
            "select distinct organization_name from core.grants where country_code = 'NG' "
            "and grantee_key like 'org:%'",
        )
    }
    named = {option.split(" · ")[0] for option in grantees}
    assert named == organizations | {"Individual grantee"}
    app.selectbox(key="drill-grantee").set_value("Individual grantee").run()
    assert not app.exception
    grants = table(app, "Grant")
    (individual_grants,) = query(
        demo_db,
        "select count(*) from core.grants where country_code = 'NG' "
        "and grantee_key not like 'org:%'",
    )[0]
    assert len(grants) == individual_grants
    leads = lead_usernames()
    shown = {str(v) for frame in tables(app) for v in frame.value.to_numpy().ravel()}
    shown |= {o for box in app.selectbox for o in box.options}
    assert not {s for s in shown for lead in leads if lead in s}


def test_the_drill_down_lists_a_grants_programs_with_their_people(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SSA"})
    app.selectbox(key="drill-country").set_value("NG").run()
    app.selectbox(key="drill-grantee").set_value("Wikimedians of Nigeria User Group").run()
    app.selectbox(key="drill-grant").set_value("G-2022-0346").run()
    assert app.subheader[-1].value == r"What the programs of G\-2022\-0346 produced"
    programs = tables(app)[-1].value.set_index("Program")
    expected = query(
        demo_db,
        "select p.program_id, count(distinct pa.person_id) filter (where pa.role in "
        "('participant', 'mentee')) from core.programs p "
        "left join core.participation pa using (program_id) "
        "where p.grant_id = 'G-2022-0346' group by p.program_id",
    )
    assert set(programs.index) == {program for program, _ in expected}
    for program, people in expected:
        shown = programs.loc[program, "Participants"]
        assert shown in (count(people), "hidden")
        if people < 5:
            assert shown == "hidden"


def test_a_link_naming_a_measure_opens_participation_and_it_stays_open(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SA", "regions-measure": "Organizers"})
    assert "Organizers by fiscal year" in [s.value for s in app.subheader]
    assert "People reaching each pathway stage" not in [s.value for s in app.subheader]
    # the default measure again (the URL then names none): the part stays open
    app.get("button_group")[-1].set_value("Participants").run()
    assert "Participants by fiscal year" in [s.value for s in app.subheader]
    shown = table(app, "Fiscal year", containing="Participants")
    latest = shown[shown["Fiscal year"] == "FY2025-26"]
    assert latest["Participants"].tolist() == [
        count(participants(demo_db, "FY2025-26", "p.region_code = 'SA'", []))
    ]


def ghana_grants_to_individuals(db: Path) -> int:
    """Every grant to individuals and groups in Ghana, withdrawn ones included (82 on the demo)."""
    (grants,) = query(
        db,
        "select count(*) from core.grants where country_code = 'GH' "
        "and grantee_key not like 'org:%'",
    )[0]
    return grants


def test_the_drill_down_results_are_folded_until_a_pick_opens_them(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"region": "SSA"})
    # the picks show; the grantee's grants and the grant's programs are folded under one
    # title naming them, and no table is sent (the data grid's code is not fetched)
    assert [box.value for box in app.selectbox][:2] == ["SSA", "NG"]
    folded = [e.label for e in app.expander if "Grants to" in e.label]
    assert len(folded) == 1 and "Wiki Women Nigeria in Nigeria" in folded[0]
    assert len(app.dataframe) == 0
    assert not [s for s in app.subheader if s.value.startswith("Grants to")]
    # a pick opens them: Ghana's first grantee is "Individual grantee"
    app.selectbox(key="drill-country").set_value("GH").run()
    assert not app.exception
    assert "Grants to individuals and groups in Ghana" in [s.value for s in app.subheader]
    grants = app.dataframe[0].value
    assert list(grants.columns[:2]) == ["Grant", "Fiscal year"]
    assert len(grants) == ghana_grants_to_individuals(demo_db)


def test_a_link_naming_a_drill_down_pick_shows_its_results_at_once(demo_db, monkeypatch):
    app = open_page(
        demo_db, monkeypatch, url={"region": "SSA", "drill-country": "Ghana · has programs"}
    )
    assert app.selectbox(key="drill-country").value == "GH"
    assert "Grants to individuals and groups in Ghana" in [s.value for s in app.subheader]
    assert len(app.dataframe[0].value) == ghana_grants_to_individuals(demo_db)


def test_a_fund_without_grants_explains_the_empty_funding_charts(demo_db, monkeypatch):
    # the demo has no grant of the fund "Other"; the sidebar lists funds by name
    app = open_page(demo_db, monkeypatch, state={"fund": [FUNDS["other"][0]]})
    assert any("Widen the fiscal years" in info.value for info in app.info)
    # programs and people do not depend on funds: their charts still draw
    assert "Participants by fiscal year" in [s.value for s in unfold(app).subheader]


def test_budget_utilisation_is_not_compared_under_a_fund_filter(demo_db, monkeypatch):
    # the case: Rapid awards over the whole regional budget read 4.2%
    app = open_page(demo_db, monkeypatch, state={"fund": [FUNDS["rapid"][0]]})
    assert any("No budget utilisation with a fund chosen" in i.value for i in app.info)
    budget = table(app, "Fiscal year", containing="Budget USD")
    assert set(budget["Budget utilisation"]) == {"–"}
