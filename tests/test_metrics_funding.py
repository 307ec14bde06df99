"""Funding metrics (SPEC §5 Funding) on the hand-built grants of tests/metrics_fixture.py.

The fixture's grants, by fiscal year of decision (grantee, region, requested → awarded, days
from submission to decision):
  FY2022-23  G1 O1 SSA rapid 5000 → 4000 (30 d) · G2 O2 SSA rapid 3000 → not funded (30 d)
             G3 O3 NA GSF multi-year 60000 → 50000 (120 d) · G4 Lena SA rapid 2000 → 2000
             (29 d, decided 30 June 2023) · G5 withdrawn (not decided)
  FY2023-24  G6 O1 SSA GSF 20000 → 15000 (30 d, decided 1 July 2023, after O1's Rapid G1)
             G7 O4 NWE rapid 5000 → 5000 (60 d) · G8 Lena SA rapid 3000 → 1000 (10 d)
             G9 O5 LAC GSF 40000 → not funded (90 d) · G10 O3 NA conference 10000 → 9000
             (181 d) · G12 O2 SSA rapid 2000 → 2000 (30 d; O2's first *funded* grant)
             G11 under review (not decided)
"""

import pandas as pd
import pytest

import queries
from etl.load import load
from queries import privacy
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("funding"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def run(con, name, **filters):
    return queries.run(con, name, privacy.bind(queries.sql(name), filters, 5))


def row(frame, **keys):
    match = frame
    for column, value in keys.items():
        match = match[match[column] == value]
    assert len(match) == 1, f"{keys}: {len(match)} rows"
    return match.iloc[0]


def test_grants_count_in_the_fiscal_year_of_their_decision_30_june_and_1_july(con):
    years = dict(con.execute("select grant_id, fiscal_year from marts.funding_grants").fetchall())
    assert years["G4"] == "FY2022-23"  # decided 30 June 2023
    assert years["G6"] == "FY2023-24"  # decided 1 July 2023
    assert years["G11"] is None  # still under review


def test_a_grantees_first_funded_grant_is_its_first_time_grant(con):
    first = dict(con.execute("select grant_id, is_first_time from marts.funding_grants").fetchall())
    assert first["G1"] and not first["G6"]  # O1: Rapid first, then General Support
    assert first["G4"] and not first["G8"]  # Lena, an individual grantee
    assert first["G12"] and not first["G2"]  # O2's earlier grant was not funded
    assert first["G3"] and not first["G10"]


def test_funding_by_region_for_one_region_and_year(con):
    ssa = row(run(con, "funding_by_region_year"), fiscal_year="FY2022-23", region="SSA")
    assert ssa.grants_decided == 2  # G1 funded, G2 not funded
    assert ssa.grants_funded == 1
    assert ssa.approval_rate == 0.5
    assert ssa.requested_usd == 8000  # 5000 + 3000, decided grants
    assert ssa.awarded_usd == 4000
    assert ssa.funding_ratio == 0.8  # 4000 / 5000, funded grants only
    assert ssa.first_time_grantees == 1
    assert ssa.first_time_share_count == 1.0
    assert ssa.first_time_share_amount == 1.0
    assert ssa.countries_reached == 1  # KE; Nigeria's grant was not funded
    assert ssa.median_days_to_decision == 30
    assert ssa.budget_usd == 10000
    assert ssa.budget_utilisation == 0.4
    # SSA active editors: July 1000, August 3000 → mean 2000; 4000 USD / 2 thousand editors
    assert ssa.awarded_per_1000_active_editors == 2000


def test_funding_all_regions_fy2022_23(con):
    total = row(run(con, "funding_by_region_year"), fiscal_year="FY2022-23", region="ALL")
    assert total.grants_decided == 4  # the withdrawn G5 is not decided
    assert total.grants_funded == 3
    assert total.approval_rate == 0.75
    assert total.requested_usd == 70000  # 5000 + 3000 + 60000 + 2000
    assert total.awarded_usd == 56000  # 4000 + 50000 + 2000
    assert total.funding_ratio == pytest.approx(56000 / 67000)
    assert total.first_time_grantees == 3
    assert total.first_time_share_count == 1.0
    assert total.first_time_share_amount == 1.0
    assert total.countries_reached == 3  # KE, US, IN
    assert total.median_days_to_decision == 30  # of 29, 30, 30, 120
    assert total.budget_usd == 110000  # SSA 10000 + NA 100000
    assert total.budget_utilisation == pytest.approx(56000 / 110000)
    assert total.awarded_per_1000_active_editors == 28000  # only SSA has editors: 56000 / 2


def test_funding_all_regions_fy2023_24(con):
    total = row(run(con, "funding_by_region_year"), fiscal_year="FY2023-24", region="ALL")
    assert total.grants_decided == 6
    assert total.grants_funded == 5
    assert total.approval_rate == pytest.approx(5 / 6)
    assert total.requested_usd == 80000
    assert total.awarded_usd == 32000  # 15000 + 5000 + 1000 + 9000 + 2000
    assert total.funding_ratio == 0.8  # 32000 / 40000
    assert total.first_time_grantees == 2  # G7 (O4) and G12 (O2)
    assert total.first_time_share_count == 0.4
    assert total.first_time_share_amount == pytest.approx(7000 / 32000)
    assert total.countries_reached == 5  # KE, NG, DE, IN, US
    assert total.median_days_to_decision == 45  # of 10, 30, 30, 60, 90, 181
    assert pd.isna(total.budget_usd)  # no budget loaded for the year


def test_a_region_without_funded_grants_has_no_ratios(con):
    lac = row(run(con, "funding_by_region_year"), fiscal_year="FY2023-24", region="LAC")
    assert (lac.grants_decided, lac.grants_funded, lac.approval_rate) == (1, 0, 0.0)
    assert lac.awarded_usd == 0
    assert lac.countries_reached == 0
    assert lac.median_days_to_decision == 90
    for ratio in ("funding_ratio", "first_time_share_count", "first_time_share_amount"):
        assert pd.isna(lac[ratio])  # nothing to divide by


def test_a_theme_filter_counts_a_grant_with_several_chosen_themes_once(con):
    chosen = run(
        con,
        "funding_by_region_year",
        fiscal_years=["FY2022-23"],
        themes=["education", "culture_heritage"],
    )
    total = row(chosen, region="ALL")
    assert total.grants_funded == 2  # G1 and G3; G3 carries both themes
    assert total.awarded_usd == 54000


def test_fund_and_region_filters(con):
    rapid = run(con, "funding_by_region_year", fiscal_years=["FY2022-23"], funds="rapid")
    assert set(rapid.region) == {"SSA", "SA", "ALL"}
    total = row(rapid, region="ALL")
    assert (total.grants_decided, total.grants_funded, total.awarded_usd) == (3, 2, 6000)
    ssa = run(con, "funding_by_region_year", regions=["SSA"])
    assert set(ssa.region) == {"SSA", "ALL"}
    assert row(ssa, fiscal_year="FY2023-24", region="ALL").awarded_usd == 17000


def test_concentration_fy2022_23(con):
    year = row(run(con, "funding_concentration_year"), fiscal_year="FY2022-23")
    # grantees 4000, 50000, 2000: Σ|xi-xj| = 2·96000, 2n²μ = 2·9·(56000/3) → 4/7
    assert year.gini_grantee == pytest.approx(4 / 7)
    # shares 1/14, 25/28, 1/28 → (4 + 625 + 1) / 784; one grantee per region, so equal
    assert year.hhi_grantee == pytest.approx(10000 * 630 / 784)
    assert year.hhi_region == pytest.approx(10000 * 630 / 784)
    assert year.top10_share == 1.0
    assert year.share_outside_na_nwe == pytest.approx(6000 / 56000)
    assert year.multi_year_share == 1.0  # G3, the one funded GSF grant
    assert year.rapid_to_gsf == 0  # O3 never had a Rapid grant


def test_concentration_fy2023_24(con):
    year = row(run(con, "funding_concentration_year"), fiscal_year="FY2023-24")
    # sorted 1000, 2000, 5000, 9000, 15000: Σ(2i-n-1)x = 70000; / (5 · 32000)
    assert year.gini_grantee == pytest.approx(0.4375)
    assert year.hhi_grantee == pytest.approx(10000 * (225 + 25 + 1 + 81 + 4) / 1024)
    # regions: SSA 17000, NWE 5000, SA 1000, NA 9000 (out of 32 thousand)
    assert year.hhi_region == pytest.approx(10000 * (289 + 25 + 1 + 81) / 1024)
    assert year.share_outside_na_nwe == pytest.approx(18000 / 32000)
    assert year.multi_year_share == 0.0  # G6 is not multi-year
    assert year.rapid_to_gsf == 1  # O1: Rapid G1 in 2022, first GSF G6 in July 2023


def test_gini_hhi_and_top10_share_of_twelve_grantees_1_to_12_thousand(tmp_path):
    header = METRICS["grants.csv"].splitlines()[0]
    lines = [
        f"T{i},Grant {i},rapid,funded,affiliate,ORG{i},Org {i},,KE,USD,{i}000,{i}000,{i}000,"
        "2023-08-01,2023-09-01,,,,false"
        for i in range(1, 13)
    ]
    (tmp_path / "grants.csv").write_text("\n".join([header, *lines]) + "\n")
    db = tmp_path / "w.duckdb"
    load([tmp_path / "grants.csv"], db, fresh=True)
    con = queries.connect(db)
    try:
        year = row(run(con, "funding_concentration_year"), fiscal_year="FY2023-24")
    finally:
        con.close()
    assert year.gini_grantee == pytest.approx(11 / 36)  # (n - 1) / 3n for 1, 2, …, n
    assert year.top10_share == pytest.approx(75 / 78)  # all but 1 and 2 thousand
    assert year.hhi_grantee == pytest.approx(10000 * 650 / 78**2)  # Σi² / (Σi)²
    assert year.hhi_region == 10000  # all in SSA


def test_funding_by_fund_shows_each_funds_share(con):
    rapid = row(run(con, "funding_by_fund_year"), fiscal_year="FY2022-23", fund="rapid")
    assert (rapid.grants_decided, rapid.grants_funded, rapid.awarded_usd) == (3, 2, 6000)
    assert rapid.share_of_grants_funded == pytest.approx(2 / 3)
    assert rapid.share_of_awarded_usd == pytest.approx(6000 / 56000)


def test_funding_by_country_sums_the_selected_years(con):
    kenya = row(run(con, "funding_by_country"), country="KE")
    assert (kenya.grants_decided, kenya.grants_funded, kenya.awarded_usd) == (2, 2, 19000)
    assert kenya.region == "SSA"
    assert kenya.alpha3 == "KEN"


def test_grant_sizes_fall_in_bands(con):
    bands = run(con, "grant_size_distribution", fiscal_years=["FY2023-24"])
    rapid = {r.size_band: r.grants_funded for r in bands[bands.fund == "rapid"].itertuples()}
    assert rapid == {"1k-5k": 2, "5k-10k": 1}  # 1000 and 2000; 5000
    gsf = row(bands, fund="general_support")
    assert (gsf.size_band, gsf.grants_funded) == ("10k-25k", 1)


def test_the_lorenz_curve_runs_from_nothing_to_everything(con):
    curve = run(con, "grantee_lorenz_curve", fiscal_years=["FY2022-23"])
    assert len(curve) == 101
    assert row(curve, grantee_share=0.0).awarded_share == 0
    assert row(curve, grantee_share=1.0).awarded_share == pytest.approx(1.0)
    # the smallest of three grantees (Lena, 2000 of 56000) is the first third; the curve runs
    # straight between grantees: 34% of three is position 1.02, Lena and 2% of O1 (4000)
    assert row(curve, grantee_share=0.34).awarded_share == pytest.approx(
        (2000 + 0.02 * 4000) / 56000
    )
    assert curve.awarded_share.is_monotonic_increasing


def test_the_grant_list_names_organizations_but_no_person(con):
    grants = run(con, "grant_list").set_index("grant_id")
    assert grants.loc["G1", "organization_name"] == "Wikimedia Kenya"
    assert pd.isna(grants.loc["G4", "organization_name"])
    assert not grants.astype(str).apply(lambda c: c.str.contains("Lena")).any().any()
    assert list(grants.index[:2]) == ["G10", "G12"]  # newest decision first
