"""The Overview page on the demo warehouse (Streamlit AppTest, and one click in a real browser):
the headline figures are the latest fiscal year's against the year before, the filters and the
URL change them as the grants and programs predict, and a click on a region's bar focuses the
page while a second click clears it.

Expected values come from direct SQL over the core tables, not from the page's queries."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import AttributeDictionary

from etl.load import load
from etl.reference import FUNDS, fiscal_years
from figures.periods import headline_year, newer_year_under_way
from tests.browser import click_until
from tests.conftest import SAMPLE, open_app_page, query, tables
from ui.format import count, usd

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/overview.py"
REGION_PICK = "overview-region-pick"
FIGURES = [
    "Awarded USD",
    "Grants funded",
    "Countries reached",
    "Participants",
    "New editors (Dashboard)",
    "Organizers",
]
CHARTS = [
    "Awarded USD by region",
    "Countries by region",
    "Awarded USD per fiscal year",
    "Participants per fiscal year",
]
LATEST, BEFORE = "FY2025-26", "FY2024-25"


def open_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> AppTest:
    """The app opened (with `state`, `url` options), then the Overview page."""
    return open_app_page(PAGE, demo_db, monkeypatch, **options)


def figures(app: AppTest) -> dict[str, tuple[str, str]]:
    """Each headline figure as shown: (value, change)."""
    return {m.label: (m.value, m.proto.delta) for m in app.metric}


def pick(*codes: str) -> AttributeDictionary:
    """The state of a chart in which these codes were clicked (an empty pick: nothing)."""
    points = [{"customdata": [code]} for code in codes]
    return AttributeDictionary(
        {"selection": AttributeDictionary({"points": points, "box": [], "lasso": []})}
    )


def funded(db: Path, year: str, regions: tuple[str, ...] = ()) -> tuple[float, int, int]:
    """Awarded USD, funded grants and countries reached of a fiscal year's funded grants."""
    where = "and region_code in (select unnest(?))" if regions else "and ? is not null"
    return query(
        db,
        "select sum(amount_awarded_usd)::double, count(*), count(distinct country_code) "
        f"from core.grants where status = 'funded' and fiscal_year = ? {where}",
        [year, list(regions)],
    )[0]


def people(db: Path, year: str, roles: tuple[str, ...], region: str | None = None) -> int:
    """Distinct people with one of these roles in programs starting in the fiscal year."""
    return query(
        db,
        "select count(distinct pa.person_id) from core.participation pa "
        "join core.programs p using (program_id) "
        "where p.fiscal_year = ? and pa.role in (select unnest(?)) "
        "and (? is null or p.region_code = ?)",
        [year, list(roles), region, region],
    )[0][0]


def new_editors(db: Path, year: str) -> int:
    """Participants registered between their program's start and end (Dashboard)."""
    return query(
        db,
        "select count(distinct pa.person_id) from core.participation pa "
        "join core.programs p using (program_id) join core.people pe using (person_id) "
        "where p.fiscal_year = ? and pa.role in ('participant', 'mentee') "
        "and pe.registered_at between p.start_date and p.end_date",
        [year],
    )[0][0]


def change(now: float, before: float) -> str:
    return f"{(now - before) / before:+.1%}"


PARTICIPANTS = ("participant", "mentee")
ORGANIZERS = ("organizer", "facilitator", "volunteer")


def test_every_chart_draws_and_the_figures_are_the_latest_year_against_the_one_before(
    demo_db, monkeypatch
):
    app = open_page(demo_db, monkeypatch)
    assert [s.value for s in app.subheader] == [f"{LATEST} compared with {BEFORE}", *CHARTS]
    shown = figures(app)
    assert list(shown) == FIGURES
    awarded, grants, countries = funded(demo_db, LATEST)
    awarded_before, grants_before, countries_before = funded(demo_db, BEFORE)
    assert shown["Awarded USD"] == (usd(awarded), change(awarded, awarded_before))
    assert shown["Grants funded"] == (count(grants), change(grants, grants_before))
    assert shown["Countries reached"] == (count(countries), change(countries, countries_before))
    participants = people(demo_db, LATEST, PARTICIPANTS)
    before = people(demo_db, BEFORE, PARTICIPANTS)
    assert shown["Participants"] == (count(participants), change(participants, before))
    assert shown["Organizers"][0] == count(people(demo_db, LATEST, ORGANIZERS))
    assert shown["New editors (Dashboard)"][0] == count(new_editors(demo_db, LATEST))


def test_a_chart_blocks_table_is_sent_only_once_its_table_tab_is_opened(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    assert [t.label for t in app.tabs] == ["Chart", "Table"] * len(CHARTS)
    assert len(app.dataframe) == 0  # four chart blocks, no table sent with the first run
    app.session_state["countries_map-tabs"] = "Table"  # a click on one block's "Table"
    app.run()
    assert [list(t.value.columns)[:2] for t in app.dataframe] == [["Country code", "Country"]]
    assert len(tables(app)) == len(CHARTS)


def test_the_url_seeds_the_fiscal_year_the_figures_show(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"fy": ["FY2022-23", "FY2023-24"]})
    assert app.subheader[0].value == "FY2023-24 compared with FY2022-23"
    awarded, grants, _ = funded(demo_db, "FY2023-24")
    assert figures(app)["Awarded USD"] == (
        usd(awarded),
        change(awarded, funded(demo_db, "FY2022-23")[0]),
    )
    assert figures(app)["Grants funded"][0] == count(grants)
    # the trend shows the two years chosen, not the others
    trend = next(d.value for d in tables(app) if "Fiscal year" in d.value.columns)
    assert set(trend["Fiscal year"]) == {"FY2022-23", "FY2023-24"}


def test_a_region_filter_narrows_the_figures_to_that_region(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={"region": ["SSA"]})
    awarded, grants, countries = funded(demo_db, LATEST, ("SSA",))
    shown = figures(app)
    assert shown["Awarded USD"][0] == usd(awarded)
    assert shown["Countries reached"][0] == count(countries)
    assert shown["Participants"][0] == count(people(demo_db, LATEST, PARTICIPANTS, "SSA"))
    assert shown["Awarded USD"][0] != usd(funded(demo_db, LATEST)[0])


def test_several_regions_are_compared_side_by_side_not_added_up(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={"region": ["SSA", "SA"]})
    assert [m.value for m in app.markdown[:2]] == [
        "**Sub-Saharan Africa (SSA)**",
        "**South Asia (SA)**",
    ]
    # six figures per region, in the order the regions were chosen
    assert [m.label for m in app.metric] == FIGURES * 2
    ssa, sa = app.metric[:6], app.metric[6:]
    assert ssa[0].value == usd(funded(demo_db, LATEST, ("SSA",))[0])
    assert sa[0].value == usd(funded(demo_db, LATEST, ("SA",))[0])
    assert ssa[3].value == count(people(demo_db, LATEST, PARTICIPANTS, "SSA"))
    assert sa[3].value == count(people(demo_db, LATEST, PARTICIPANTS, "SA"))
    before = funded(demo_db, BEFORE, ("SA",))[0]
    assert sa[0].proto.delta == change(funded(demo_db, LATEST, ("SA",))[0], before)
    assert any("side by side" in c.value for c in app.caption)


def test_the_headline_year_is_the_latest_complete_one_unless_one_is_chosen():
    totals = pd.DataFrame(
        {"fiscal_year": ["FY2024-25", "FY2025-26", "FY2026-27"], "grants_funded": [3, 4, 1]}
    )
    # on 15 October 2026 FY2026-27 has one grant but is under way: FY2025-26 is shown
    assert headline_year((), totals, date(2026, 10, 15)) == (
        "FY2025-26",
        "the latest complete fiscal year",
        False,
    )
    assert newer_year_under_way(totals, "FY2025-26") == "FY2026-27"
    # chosen, the year under way is shown, flagged as such
    assert headline_year(("FY2026-27",), totals, date(2026, 10, 15))[2] is True
    # on 1 July 2027 it is complete
    assert headline_year((), totals, date(2027, 7, 1))[0] == "FY2026-27"


@pytest.fixture(scope="module")
def rollover_db(tmp_path_factory) -> Path:
    """The demo warehouse plus one grant of 2,500 USD decided today, in a fiscal year that has
    just begun for the data (the issue's grant decided on 2026-10-15)."""
    folder = tmp_path_factory.mktemp("rollover")
    shutil.copytree(SAMPLE, folder / "inputs")
    grants = folder / "inputs" / "grants.csv"
    today = date.today().isoformat()
    with open(grants, "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["G-NEW-0001", "First grant of the year", "rapid", "funded", "affiliate", "ORG-0072",
             "Wikimedians of India User Group", "", "IN", "USD", "2500", "2500", "2500",
             today, today, "", "", "education", "false"]
        )  # fmt: skip
    db = folder / "warehouse.duckdb"
    assert all(r.error is None for r in load([folder / "inputs"], db, fresh=True))
    return db


def this_fiscal_year() -> tuple[str, date]:
    today = date.today()
    return next((label, first) for label, first, last in fiscal_years() if first <= today <= last)


def test_a_new_years_first_grant_does_not_become_the_headline(rollover_db, monkeypatch):
    app = open_page(rollover_db, monkeypatch)
    current, _ = this_fiscal_year()
    headline = app.subheader[0].value
    assert not headline.startswith(current)
    assert f"{current} is under way" in app.caption[1].value
    assert "—" not in [m.value for m in app.metric]


def test_a_year_under_way_is_compared_with_the_same_days_a_year_earlier(rollover_db, monkeypatch):
    current, first = this_fiscal_year()
    before = previous(current)
    app = open_page(rollover_db, monkeypatch, url={"fy": current})
    assert app.subheader[0].value == f"{current} to date compared with the same days of {before}"
    today = date.today()
    (earlier,) = query(
        rollover_db,
        "select coalesce(sum(amount_awarded_usd), 0)::double from core.grants "
        "where status = 'funded' and decision_date between ? and ?",
        [first.replace(year=first.year - 1), today.replace(year=today.year - 1)],
    )[0]
    awarded = next(m for m in app.metric if m.label == "Awarded USD")
    assert awarded.value == usd(2500)
    assert awarded.proto.delta == (change(2500, earlier) if earlier else "")
    participants = next(m for m in app.metric if m.label == "Participants")
    assert participants.proto.delta == ""  # no comparison for part of a year


def previous(label: str) -> str:
    labels = [y for y, _, _ in fiscal_years()]
    return labels[labels.index(label) - 1]


def test_a_click_on_a_region_focuses_the_page_and_a_second_click_clears_it(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={REGION_PICK: pick("SA")})
    assert "Focused on **South Asia (SA)**" in app.info[0].value
    assert figures(app)["Awarded USD"][0] == usd(funded(demo_db, LATEST, ("SA",))[0])
    # the chart clicked keeps every region, so the pick can be changed or cleared
    bars = tables(app)[0].value
    assert len(bars) == 8
    app.session_state[REGION_PICK] = pick()
    app.run()
    assert not app.info
    assert figures(app)["Awarded USD"][0] == usd(funded(demo_db, LATEST)[0])


def test_the_focus_goes_into_the_url_and_a_link_with_it_opens_focused(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={REGION_PICK: pick("SA")})
    assert app.query_params["focus"] in ("SA", ["SA"])
    shared = open_page(demo_db, monkeypatch, url={"focus": "SA"})
    assert "Focused on **South Asia (SA)**" in shared.info[0].value
    assert figures(shared)["Awarded USD"][0] == usd(funded(demo_db, LATEST, ("SA",))[0])
    # a region outside the sidebar's, or no region at all, is no focus
    outside = open_page(demo_db, monkeypatch, url={"focus": "SA", "region": "SSA"})
    assert not outside.info
    assert "focus" not in open_page(demo_db, monkeypatch, url={"focus": "Atlantis"}).query_params


def test_a_selection_without_grants_explains_itself(demo_db, monkeypatch):
    # the demo has no grant of the fund "Other"; the sidebar lists funds by name
    app = open_page(demo_db, monkeypatch, state={"fund": [FUNDS["other"][0]]})
    assert not app.metric
    assert "Widen the fiscal years" in app.info[0].value


@pytest.mark.browser
def test_a_click_on_a_region_bar_focuses_the_overview_and_a_second_click_clears_it(
    app_url,
    browser,
):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(app_url)
    page.get_by_text("Trends by fiscal year").wait_for(timeout=30_000)
    largest = page.locator(".js-plotly-plot").first.locator(".bars path").first  # NWE
    click_until(page, largest, "Focused on Northern & Western Europe")
    click_until(page, largest, "Focused on", state="detached")
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()


def test_a_single_fiscal_year_draws_bars_on_a_category_axis_not_a_one_point_line(
    demo_db, monkeypatch
):
    # the case: one year chosen turned each trend into a point on an axis 595–597
    app = open_page(demo_db, monkeypatch, url={"fy": "FY2023-24"})
    specs = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    people = next(
        s
        for s in specs
        if s["layout"].get("yaxis", {}).get("title", {}).get("text") == "Participants"
    )
    assert {t["type"] for t in people["data"]} == {"bar"}
    assert [t["x"] for t in people["data"]][0] == ["CEECA"]
    assert people["layout"]["xaxis"]["title"]["text"] == "FY2023-24"
    stacked = next(s for s in specs if s["layout"].get("barmode") == "stack")
    assert stacked["layout"]["xaxis"]["type"] == "category"
