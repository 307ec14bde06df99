"""A load rebuilds only the marts that read what its batches changed, and the marts it leaves
are the same as a full rebuild's."""

from pathlib import Path

import duckdb
import pytest

from etl import marts, warehouse
from etl.load import load
from tests.conftest import snapshot
from tests.metrics_fixture import METRICS

ANNOTATIONS = "date,title,text\n2023-07-01,MEA split,The MEA region split in two\n"


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


@pytest.fixture
def files_run(monkeypatch) -> list[str]:
    """The names of the mart files run, in order, as loads run them."""
    ran: list[str] = []
    original = warehouse.run_sql_file

    def spy(con, path, *args):
        if path.is_relative_to(marts.MARTS_DIR):
            ran.append(path.relative_to(marts.MARTS_DIR).as_posix())
        return original(con, path, *args)

    monkeypatch.setattr(warehouse, "run_sql_file", spy)
    return ran


def mart_rows(db: Path) -> dict[str, list[tuple]]:
    """Every mart table's rows, sorted; freshness left out (it holds the load's time)."""
    return {
        table.removeprefix("marts."): rows
        for table, rows in snapshot(db).items()
        if table.startswith("marts.") and table != "marts.freshness"
    }


def test_a_budgets_file_rebuilds_only_coverage_freshness_and_funding(tmp_path, files_run):
    db = tmp_path / "w.duckdb"
    others = {name: text for name, text in METRICS.items() if name != "budgets.csv"}
    load(write(tmp_path / "first", others), db)
    files_run.clear()
    [result] = load(write(tmp_path / "then", {"budgets.csv": METRICS["budgets.csv"]}), db)
    assert result.rows_loaded == 2
    assert files_run == ["coverage.sql", "freshness.sql", "funding.sql"]


def test_an_annotations_file_rebuilds_only_freshness(tmp_path, files_run):
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "first", METRICS), db)
    files_run.clear()
    load(write(tmp_path / "then", {"annotations.csv": ANNOTATIONS}), db)
    assert files_run == ["freshness.sql"]


def test_a_participation_file_corrects_the_people_marts_and_reaches_no_funding_or_leaders(
    tmp_path, files_run
):
    db = tmp_path / "w.duckdb"
    others = {name: text for name, text in METRICS.items() if name != "participation.csv"}
    load(write(tmp_path / "first", others), db)
    files_run.clear()
    load(write(tmp_path / "then", {"participation.csv": METRICS["participation.csv"]}), db)
    # the people marts are corrected by the people the file touched
    # (tests/test_marts_incremental.py) and so is coverage; freshness and the pathway's counts
    # are rebuilt, and neither funding nor leader attrition and rotation (roles alone) are
    # reached
    assert files_run == [
        "delta/touched.sql",
        "delta/coverage.sql",
        "freshness.sql",
        "delta/participation.sql",
        "delta/pathway.sql",
        "pathway_counts.sql",
        "delta/programs.sql",
        "delta/women_share.sql",
    ]


def test_marts_built_one_file_at_a_time_equal_those_of_one_fresh_load(tmp_path, monkeypatch):
    # One salt for both warehouses, so that their person keys compare.
    monkeypatch.setattr(warehouse.secrets, "token_hex", lambda n: "5a" * n)
    one_by_one = tmp_path / "one_by_one.duckdb"
    # Budgets and active editors after the people files, so their loads rebuild funding alone
    # on top of marts built before them.
    order = ["grants.csv", "programs.csv", "participation.csv", "roles.csv", "budgets.csv"]
    order += ["active_editors.csv"]
    for n, name in enumerate(order):
        [result] = load(write(tmp_path / f"step{n}", {name: METRICS[name]}), one_by_one)
        assert result.batch_id == n + 1 and not result.rows_rejected
    fresh = tmp_path / "fresh.duckdb"
    load(write(tmp_path / "all", METRICS), fresh, fresh=True)
    built, expected = mart_rows(one_by_one), mart_rows(fresh)
    assert built.keys() == expected.keys()
    assert {"participation_cells", "pathway_people", "funding_cells"} <= built.keys()
    for name in expected:
        assert built[name] == expected[name], name


def test_marts_built_by_other_mart_sql_are_all_rebuilt(tmp_path, files_run):
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "first", METRICS), db)
    con = duckdb.connect(str(db))
    con.execute("update meta.settings set value = 'older' where key = 'marts_fingerprint'")
    con.close()
    files_run.clear()
    load(write(tmp_path / "then", {"annotations.csv": ANNOTATIONS}), db)
    assert files_run == [m.path.name for m in marts.mart_files()]
    # every file of etl/sql/marts, in order, not just the one an annotations file reaches
    assert files_run == [
        "coverage.sql",
        "filters.sql",
        "freshness.sql",
        "funding.sql",
        "participation.sql",
        "pathway.sql",
        "pathway_counts.sql",
        "pathway_leaders.sql",
        "programs.sql",
        "women_share.sql",
    ]
