"""The Funding distribution page on the demo warehouse (Streamlit AppTest, and one click in a
real browser): every chart draws, the filters and the URL change its numbers as the grants
predict, a click on a region focuses the page and a second click clears it, and the grant table
names organizations, never people.

Expected values come from direct SQL over the core tables, not from the page's queries."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import AttributeDictionary

from etl.reference import REGIONS
from tests.browser import click_until, settle
from tests.conftest import SAMPLE, open_app_page, query, tables, unfold
from ui.charts import EMPTY
from ui.format import share, usd

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/funding.py"
REGION_PICK = "funding-region-pick"

HEADLINE = "FY2025-26 compared with FY2024-25"
CHARTS = [
    HEADLINE,
    "Over the fiscal years selected",
    "Requested and awarded by region",
    "Requested and awarded by fiscal year",
    "Share of awarded USD outside NA+NWE",
    "Awarded per 1,000 active editors by region",
    "Approval rate and funding ratio by fiscal year",
    "By region",
    "By fund",
    "By applicant type",
    "Grant sizes",
    "Lorenz curve of awarded USD across grantees",
    "Gini and top-10 share by fiscal year",
    "HHI by fiscal year",
    "First-time grantees by fiscal year",
    "First-time share by count and by amount",
    "Rapid → General Support progressions",
    "Multi-year share of General Support",
    "Median days to decision by fund",
    "Budget and awarded by region",
]
# The parts below "Requested and awarded", folded until opened (ui.charts.section).
FOLDED = [
    "Equity and reach",
    "Approval rate and funding ratio",
    "Grant sizes and concentration",
    "First-time grantees and progression",
    "Decisions and budgets",
    "Every grant of the selection",
]


def open_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> AppTest:
    """The app opened (with `state`, `url` options), then the Funding page with every folded
    part opened."""
    return unfold(open_app_page(PAGE, demo_db, monkeypatch, **options))


YEAR_FIGURES = [
    "Awarded",
    "Approval rate",
    "Funding ratio",
    "First-time share",
    "Outside NA+NWE",
    "Median days to decision",
    "Awarded per 1,000 active editors",
    "Cost per participant",
]


def metrics(app: AppTest) -> dict[str, str]:
    """The figures over the fiscal years selected (after the headline year's)."""
    return {m.label: m.value for m in app.metric[len(YEAR_FIGURES) :]}


def year_figures(app: AppTest) -> dict[str, tuple[str, str]]:
    """The headline year's figures: (value, change)."""
    return {m.label: (m.value, m.proto.delta) for m in app.metric[: len(YEAR_FIGURES)]}


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page with exactly these columns."""
    for frame in tables(app):
        if list(frame.value.columns) == list(columns):
            return frame.value
    raise AssertionError(f"no table with {columns}")


def pick(*codes: str) -> AttributeDictionary:
    """The state of a chart in which these codes were clicked (an empty pick: nothing)."""
    points = [{"customdata": [code]} for code in codes]
    return AttributeDictionary(
        {"selection": AttributeDictionary({"points": points, "box": [], "lasso": []})}
    )


def decided(db: Path, where: str = "true", params: list | None = None) -> dict[str, float]:
    """Awarded USD, requested USD and approval rate of the decided grants matching `where`."""
    awarded, requested, funded, decided_grants = query(
        db,
        f"""
        select
            sum(amount_awarded_usd) filter (where status = 'funded'),
            sum(amount_requested_usd),
            count(*) filter (where status = 'funded'),
            count(*)
        from core.grants
        where status in ('funded', 'not_funded') and fiscal_year is not null and {where}
        """,
        params or [],
    )[0]
    return {
        "Awarded": usd(awarded),
        "Requested": usd(requested),
        "Approval rate": share(funded / decided_grants),
    }


def shown_totals(app: AppTest) -> dict[str, str]:
    return {k: v for k, v in metrics(app).items() if k in ("Awarded", "Requested", "Approval rate")}


def test_every_chart_draws_and_the_totals_are_the_grants(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    assert [s.value for s in app.subheader] == CHARTS
    assert list(metrics(app)) == [
        "Requested",
        "Awarded",
        "Approval rate",
        "Funding ratio",
        "First-time grantees",
        "Median days to decision",
    ]
    assert shown_totals(app) == decided(demo_db)


def test_the_parts_below_the_first_are_built_and_sent_only_once_opened(demo_db, monkeypatch):
    app = open_app_page(PAGE, demo_db, monkeypatch)
    # what a visit draws first: the year's cards, the selection's cards, the first two charts
    assert [s.value for s in app.subheader] == CHARTS[:4]
    assert [e.label for e in app.expander] == [f"**{title}**" for title in FOLDED]
    assert not app.dataframe  # the grant list is folded, the Table tabs closed
    assert "grant-order" not in [s.key for s in app.selectbox]
    # opening one part builds that part alone
    app.session_state["funding-decisions_and_budgets-section"] = True
    app.run()
    assert not app.exception
    assert [s.value for s in app.subheader] == [
        *CHARTS[:4],
        "Median days to decision by fund",
        "Budget and awarded by region",
    ]
    assert "grant-order" not in [s.key for s in app.selectbox]


def test_a_link_that_names_a_grant_order_opens_the_grant_list(demo_db, monkeypatch):
    app = open_app_page(PAGE, demo_db, monkeypatch, url={"grant-order": "Largest awarded first"})
    assert app.selectbox(key="grant-order").value == "Largest awarded first"
    assert [s.value for s in app.subheader] == CHARTS[:4]


def test_a_fund_filter_narrows_the_totals_to_that_fund(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={"fund": ["Rapid Fund"]})
    assert shown_totals(app) == decided(demo_db, "fund = 'rapid'")
    assert shown_totals(app) != decided(demo_db)


def test_the_url_seeds_the_fiscal_years(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"fy": ["FY2023-24", "FY2024-25"]})
    assert shown_totals(app) == decided(demo_db, "fiscal_year in ('FY2023-24', 'FY2024-25')")


def test_an_empty_selection_explains_itself(demo_db, monkeypatch):
    # the demo has no grants from the 'other' fund
    app = open_page(demo_db, monkeypatch, state={"fund": ["Other"]})
    assert [i.value for i in app.info] == [EMPTY]
    assert not app.metric


def test_clicking_a_region_focuses_the_page_and_clicking_it_again_clears_it(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={REGION_PICK: pick("SA")})
    assert "Focused on **SA**" in app.info[0].value
    assert shown_totals(app) == decided(demo_db, "region_code = 'SA'")
    # the chart clicked keeps every region, so the pick can be changed or cleared
    regions = table(
        app, "Region", "Grants decided", "Grants funded", "Requested USD", "Awarded USD"
    )
    assert list(regions["Region"]) == sorted(REGIONS)

    app.session_state[REGION_PICK] = pick()
    app.run()
    assert not app.exception
    assert not [i for i in app.info if "Focused on" in i.value]
    assert shown_totals(app) == decided(demo_db)


def exact_gini(db: Path, fiscal_year: str) -> float:
    """Σ|xᵢ − xⱼ| / (2n²μ) over the grantees' awarded totals of the year."""
    totals = [
        float(x)
        for (x,) in query(
            db,
            """
            select sum(coalesce(amount_awarded_usd, 0)) from core.grants
            where status = 'funded' and fiscal_year = ? group by grantee_key
            """,
            [fiscal_year],
        )
    ]
    n, mean = len(totals), sum(totals) / len(totals)
    return sum(abs(a - b) for a in totals for b in totals) / (2 * n * n * mean)


def test_the_lorenz_curve_and_the_gini_by_year_give_one_number(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"fy": "FY2023-24"})
    exact = exact_gini(demo_db, "FY2023-24")
    text = next(c.value for c in app.caption if c.value.startswith("Gini "))
    assert text.startswith(f"Gini {exact:.2f}.")
    by_year = table(app, "Fiscal year", "Gini (grantees)", "Top-10 grantee share")
    assert by_year["Gini (grantees)"].tolist() == [round(exact, 2)]


def test_one_region_and_year_has_the_same_gini_on_both_charts(demo_db, monkeypatch):
    # the case: MENA FY2025-26 read 0.75 on the Lorenz curve and 0.68 by year
    app = open_page(demo_db, monkeypatch, url={"fy": "FY2025-26", "region": "MENA"})
    text = next(c.value for c in app.caption if c.value.startswith("Gini "))
    by_year = table(app, "Fiscal year", "Gini (grantees)", "Top-10 grantee share")
    assert text.startswith(f"Gini {by_year['Gini (grantees)'].iloc[0]:.2f}.")


def grant_pages(app: AppTest) -> list[pd.DataFrame]:
    """Every page of the grant table, turned one after another."""
    picker = next(s for s in app.selectbox if s.key and s.key.startswith("grant_list-page-of-"))
    pages = []
    for number in picker.options:
        picker.set_value(int(number.split()[0])).run()
        pages.append(table(app, *GRANT_COLUMNS))
        picker = next(s for s in app.selectbox if s.key == picker.key)
    return pages


def test_the_grant_table_is_sent_a_page_of_1000_at_a_time_and_its_pages_hold_every_grant(
    demo_db, monkeypatch
):
    app = open_page(demo_db, monkeypatch)
    pages = grant_pages(app)
    grants = query(demo_db, "select grant_id from core.grants")
    assert len(grants) > 2000  # the demo has more than two pages of grants
    assert [len(p) for p in pages[:-1]] == [1000] * (len(pages) - 1)
    ids = [g for page in pages for g in page["Grant"]]
    assert sorted(ids) == sorted(g for (g,) in grants)
    assert any(
        c.value.startswith(f"Rows 2,001–{len(grants):,} of {len(grants):,}.") for c in app.caption
    )


def test_the_grant_order_holds_across_pages(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    app.selectbox(key="grant-order").set_value("Largest awarded first").run()
    awarded = pd.concat([p["Awarded USD"] for p in grant_pages(app)]).dropna().tolist()
    assert awarded == sorted(awarded, reverse=True)
    largest = query(demo_db, "select max(amount_awarded_usd) from core.grants")[0][0]
    assert awarded[0] == pytest.approx(largest)


def test_the_grant_table_names_organizations_and_never_people(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    grants = table(app, *GRANT_COLUMNS)
    assert len(grants) == 1000  # the first page
    with open(SAMPLE / "grants.csv", newline="", encoding="utf-8") as f:
        leads = {row["lead_username"] for row in csv.DictReader(f)} - {""}
    organizations = set(grants["Organization"].dropna())
    assert organizations and not organizations & leads
    for frame in tables(app):
        cells = set(frame.value.astype(str).to_numpy().ravel())
        assert not cells & leads
    # amounts stay numbers, so that clicking a header sorts them as numbers
    assert pd.api.types.is_numeric_dtype(grants["Awarded USD"])


GRANT_COLUMNS = (
    "Grant",
    "Fiscal year",
    "Decided",
    "Fund",
    "Status",
    "Region",
    "Country",
    "Organization",
    "Applicant type",
    "Requested USD",
    "Awarded USD",
    "Days to decision",
    "First-time",
    "Multi-year",
    "Title",
    "Themes",
)


@pytest.mark.browser
def test_a_click_on_a_region_bar_focuses_the_page_and_a_second_click_clears_it(
    app_url,
    browser,
):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # the app's own page first, so that the server knows its navigation
    page.goto(app_url)
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=30_000)
    page.goto(f"{app_url}/funding")
    page.get_by_text("Every grant of the selection").wait_for(timeout=30_000)
    settle(page)
    bars = page.locator(".js-plotly-plot").first.locator(".bars path")
    awarded_ssa = bars.nth(bars.count() - 1)  # the last bar: SSA's awarded USD
    click_until(page, awarded_ssa, "Focused on SSA")
    click_until(page, awarded_ssa, "Focused on SSA", state="detached")
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()


def test_the_headline_year_shows_the_committee_figures_against_the_year_before(
    demo_db, monkeypatch
):
    app = open_page(demo_db, monkeypatch)
    assert app.subheader[0].value == HEADLINE
    shown = year_figures(app)
    assert list(shown) == YEAR_FIGURES
    outside = {}
    for year in ("FY2025-26", "FY2024-25"):
        (outside[year],) = query(
            demo_db,
            """
            select sum(g.amount_awarded_usd) filter (where g.region_code not in ('NA', 'NWE'))
                   / sum(g.amount_awarded_usd)
            from core.grants g where g.status = 'funded' and g.fiscal_year = ?
            """,
            [year],
        )[0]
    now, before = float(outside["FY2025-26"]), float(outside["FY2024-25"])
    assert shown["Outside NA+NWE"] == (share(now), f"{(now - before) * 100:+.1f} pp")
    awarded_now = decided(demo_db, "fiscal_year = 'FY2025-26'")["Awarded"]
    assert shown["Awarded"][0] == awarded_now
    (cost,) = query(
        demo_db,
        """
        with grants as (
            select grant_id, amount_awarded_usd from core.grants
            where status = 'funded' and fiscal_year = 'FY2025-26'
              and grant_id in (select grant_id from core.programs)
        )
        select (select sum(amount_awarded_usd) from grants)::double
               / count(distinct pa.person_id)
        from core.participation pa join core.programs p using (program_id)
        where p.grant_id in (select grant_id from grants)
          and pa.role in ('participant', 'mentee')
        """,
    )[0]
    assert shown["Cost per participant"][0] == usd(cost)


def test_budget_utilisation_is_not_shown_under_a_fund_filter(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={"fund": ["Rapid Fund"]})
    assert any("No budget utilisation with a fund chosen" in i.value for i in app.info)
    assert not any("Utilisation" in frame.value.columns for frame in tables(app)), (
        "a Rapid-only utilisation over the whole budget was shown"
    )
