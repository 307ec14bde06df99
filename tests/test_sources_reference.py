"""WMF reference data and Meta budget tables: every real folder loads from the command line,
active editors leave out rows without a region, wide budget tables give budgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL, query

from etl import status
from etl.__main__ import main
from etl.load import load
from etl.sources.budgets import budget_columns

FOLDERS = sorted(p for p in REAL.iterdir() if p.is_dir()) if REAL.is_dir() else []
MOVEMENT = REAL / "movement-metrics"
META_GRANTS = REAL / "meta-grants"

needs_real_files = pytest.mark.skipif(not REAL.is_dir(), reason="the real files are not here")


@needs_real_files
def test_every_real_folder_loads_from_the_command_line_and_status_lists_each_batch(
    tmp_path, capsys
):
    db = tmp_path / "warehouse.duckdb"
    for folder in FOLDERS:
        assert main(["load", str(folder), "--db", str(db)]) == 0, folder.name
    printed = capsys.readouterr().out
    assert "FAILED" not in printed
    data_files = sorted(
        p.name
        for folder in FOLDERS
        for p in folder.iterdir()
        if p.suffix in {".csv", ".tsv", ".json"}
    )
    batches = query(db, "select file_name, kind from meta.batches order by file_name")
    assert [name for name, _ in batches] == data_files
    assert "unknown" not in {kind for _, kind in batches}
    report = status.report(db)
    assert all(name in report for name in data_files)


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("reference") / "warehouse.duckdb"
    results = load([MOVEMENT, META_GRANTS], db)
    assert [r.error for r in results] == [None] * len(results)
    return db, {r.path.name: r for r in results}


@needs_real_files
def test_active_editors_leave_out_rows_without_a_region_and_say_why(reference_db):
    db, results = reference_db
    result = results["wikicharts_resources_data_regional_editor_metrics.csv"]
    assert (result.kind, result.rows_read, result.rows_loaded, result.rows_rejected) == (
        "wmf_active_editors",
        168,
        168,
        0,
    )
    assert any("23 rows without a region" in n for n in result.notes)
    assert query(
        db, "select count(distinct region_code), count(distinct month) from core.active_editors"
    ) == [(8, 21)]
    assert query(
        db,
        "select active_editors from core.active_editors "
        "where month = date '2022-06-01' and region_code = 'ESEAP'",
    ) == [(14939,)]


@needs_real_files
def test_global_metric_files_and_country_tables_are_checked_not_loaded(reference_db):
    _, results = reference_db
    metrics = results["metrics_editing_metrics.tsv"]
    assert (metrics.kind, metrics.rows_loaded) == ("movement_metrics", 0)
    regions = results["wikicharts_resources_data_wmf_region_ref.csv"]
    assert regions.kind == "wmf_region_ref"
    assert any(
        n.startswith("region differs for") and "IL (MENA, ours NWE)" in n for n in regions.notes
    )


@needs_real_files
def test_regional_budget_tables_give_the_budget_of_each_fiscal_year(reference_db):
    db, results = reference_db
    assert query(
        db, "select fiscal_year, region_code, budget_usd::bigint from core.budgets order by all"
    ) == [
        ("FY2022-23", "LAC", 1940000),
        ("FY2022-23", "NWE", 3900000),
        ("FY2023-24", "CEECA", 1260000),
        ("FY2023-24", "ESEAP", 1540000),
        ("FY2023-24", "LAC", 2480000),
        ("FY2023-24", "MENA", 230000),
        ("FY2023-24", "NA", 2340000),
        ("FY2023-24", "NWE", 4030000),
        ("FY2023-24", "SA", 400000),
        ("FY2023-24", "SSA", 2160000),
        ("FY2024-25", "NWE", 4450542),
    ]
    first = results["community_fund_regional_budget_fy2023_24.csv"]
    assert any("TOTAL row" in n for n in first.notes)
    assert results["community_fund_totals.csv"].kind == "fund_totals"


def test_budget_columns_are_the_final_budget_of_each_fiscal_year():
    assert budget_columns(
        [
            "region_code",
            "fy2021_22_actual_usd",
            "fy2022_23_budgeted_usd",
            "fy2023_24_actual_projection_usd",
            "projected_budget_fy2023_24_usd",
            "fy2024_25_inflation_adjusted_budget_usd",
            "fy2024_25_proposed_budget_usd",
            "pct_increase",
        ]
    ) == {
        "FY2022-23": "fy2022_23_budgeted_usd",
        "FY2023-24": "projected_budget_fy2023_24_usd",
        "FY2024-25": "fy2024_25_proposed_budget_usd",
    }
