"""The Data page: freshness and row counts as the warehouse holds them, every load, the rows a
load rejected or flagged (filterable, never showing a username), and the data dictionary exactly
as `python -m etl publish` writes it."""

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import write_csv
from streamlit.testing.v1 import AppTest

from etl.load import load
from etl.publish import write_dictionary

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/data.py"
BAD_USERNAME = "Rejected_Username_Zed"


@pytest.fixture(scope="module")
def rejects_db(demo_db, tmp_path_factory) -> Path:
    """The demo warehouse plus two bad files: a grant in a country that does not exist (batch 9:
    one row rejected), and participation with an unknown program, an unknown role, a negative
    count and a column no loader knows (batch 10: three rows rejected, one warning)."""
    folder = tmp_path_factory.mktemp("rejects")
    db = folder / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    participation = write_csv(
        folder / "participation_bad.csv",
        ["program_id", "username", "role", "edits", "shoe_size"],
        [
            ["P-NOWHERE", BAD_USERNAME, "participant", "3", "42"],
            ["P-000001", BAD_USERNAME, "wizard", "2", "43"],
            ["P-000001", BAD_USERNAME, "participant", "-4", "44"],
        ],
    )
    grants = write_csv(
        folder / "grants_bad.csv",
        [
            "grant_id",
            "title",
            "fund",
            "status",
            "lead_username",
            "country",
            "amount_awarded_usd",
            "decision_date",
        ],
        [["G-BAD-1", "A grant", "rapid", "funded", BAD_USERNAME, "XX", "1000", "2024-01-10"]],
    )
    results = load([grants, participation], db)
    assert [(r.batch_id, r.error, r.rows_rejected) for r in results] == [
        (9, None, 1),
        (10, None, 3),
    ]
    return db


def sql(db: Path, text: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(text).fetchall()
    finally:
        con.close()


def data_page(db: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("GROWTH_DB", str(db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    return app.switch_page(PAGE).run()


def table_with(app: AppTest, *columns: str) -> pd.DataFrame:
    for table in app.dataframe:
        if set(columns) <= set(table.value.columns):
            return table.value
    raise AssertionError(f"no table with {columns}")


def test_freshness_and_row_counts_are_the_warehouse_s(rejects_db, monkeypatch):
    app = data_page(rejects_db, monkeypatch)
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    [(decision, start, month, grants, batches)] = sql(
        rejects_db,
        """select (select max(decision_date) from core.grants),
                  (select max(start_date) from core.programs),
                  (select max(month) from core.active_editors),
                  (select count(*) from core.grants),
                  (select count(*) from meta.batches)""",
    )
    assert metrics["Latest grant decision"] == decision.isoformat()
    assert metrics["Latest program start"] == start.isoformat()
    assert metrics["Latest active-editors month"] == month.strftime("%B %Y")
    assert metrics["Grants"] == f"{grants:,}"
    # the 7 demo files, the reference note of the MEA split and the two bad files
    assert metrics["Loads"] == str(batches) == "10"
    history = table_with(app, "batch_id", "rows_loaded")
    assert history["batch_id"].tolist() == list(range(10, 0, -1))


def test_rejects_list_each_problem_and_filter_by_severity_and_load(rejects_db, monkeypatch):
    app = data_page(rejects_db, monkeypatch)
    rejects = table_with(app, "row_number", "column_name", "value", "reason", "severity")
    assert len(rejects) == sql(rejects_db, "select count(*) from meta.rejects")[0][0] == 5
    assert set(rejects["batch_id"]) == {9, 10}
    rejected = rejects[(rejects["severity"] == "rejected") & (rejects["batch_id"] == 10)]
    # row 1 is the header: the three data rows are rows 2 to 4
    assert sorted(rejected["row_number"].unique()) == [2, 3, 4]
    assert rejects.loc[rejects["severity"] == "warning", "column_name"].tolist() == ["shoe_size"]

    app.multiselect(key="data-rejects-severities").set_value(["warning"]).run()
    shown = table_with(app, "row_number", "column_name", "value", "reason", "severity")
    assert shown["severity"].tolist() == ["warning"]
    assert "1 row chosen." in [c.value for c in app.caption]
    assert {b.label for b in app.get("download_button")} >= {"Download CSV", "Download Excel"}

    app.multiselect(key="data-rejects-severities").set_value([]).run()
    app.multiselect(key="data-rejects-batches").set_value([9]).run()
    shown = table_with(app, "row_number", "column_name", "value", "reason", "severity")
    assert shown[["file_name", "row_number", "column_name"]].values.tolist() == [
        ["grants_bad.csv", 2, "country"]
    ]


def test_no_table_on_the_page_shows_a_username(rejects_db, monkeypatch):
    app = data_page(rejects_db, monkeypatch)
    for table in app.dataframe:
        assert not table.value.astype(str).apply(lambda c: c.str.contains(BAD_USERNAME)).any().any()


def test_a_warehouse_without_rejects_says_so(demo_db, monkeypatch):
    app = data_page(demo_db, monkeypatch)
    assert not app.exception
    assert "No load rejected or flagged a row." in [s.value for s in app.success]


def test_data_dictionary_is_the_published_one(demo_db, monkeypatch, tmp_path):
    app = data_page(demo_db, monkeypatch)
    shown = table_with(app, "file", "column", "type", "unit", "definition")
    published = pd.read_csv(write_dictionary(tmp_path / "data_dictionary.csv"), dtype=str)
    pd.testing.assert_frame_equal(shown.fillna(""), published.fillna(""), check_dtype=False)
    assert any(b.label == "Download CSV" for b in app.get("download_button"))
