"""A warehouse built by an earlier version of the code: the app says so instead of failing page by
page, and `python -m etl upgrade` (which `make run` calls) rebuilds its marts from core, keeping
every loaded row, and moves core rows an earlier version kept in another shape; a current
warehouse is left alone."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl import upgrade
from tests.conftest import core_rows, query

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DEMO_PARTICIPATION = 40_000  # rows of data/sample/participation.csv, each loaded


def _etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def _as_an_earlier_version_left_it(db: Path) -> None:
    """Marts built by other mart SQL, one of them missing, and no decision kept for this code."""
    con = duckdb.connect(str(db))
    con.execute("update meta.settings set value = 'older' where key = 'marts_fingerprint'")
    con.execute("drop table marts.program_links")
    con.execute("delete from meta.stored_decision")
    con.close()


@pytest.fixture
def old_db(demo_db, tmp_path) -> Path:
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    _as_an_earlier_version_left_it(db)
    return db


def test_a_warehouse_this_code_built_is_current_and_left_alone(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    # a load keeps the publish run's decision, not the pages' at their default filters
    assert upgrade.current(db) == (True, False)
    result = _etl("upgrade", "--db", str(db))
    assert result.stdout.startswith(f"upgraded {db}: kept the suppression decisions pages start")
    assert upgrade.current(db) == (True, True)
    before = os.stat(db)
    result = _etl("upgrade", "--db", str(db))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{db} is up to date\n", "")
    after = os.stat(db)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert upgrade.current(db) == (True, True)


def test_upgrade_rebuilds_the_marts_of_an_earlier_version_and_keeps_every_core_row(old_db):
    assert upgrade.current(old_db) == (False, False)
    participation = core_rows(old_db, "core.participation")
    result = _etl("upgrade", "--db", str(old_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"upgraded {old_db}: rebuilt 10 mart files, kept the suppression"
    )
    assert upgrade.current(old_db) == (True, True)
    assert query(old_db, "select count(*) from marts.program_links")[0][0] == 400  # demo programs
    assert core_rows(old_db, "core.participation") == participation
    # and once more: nothing left to do
    assert _etl("upgrade", "--db", str(old_db)).stdout == f"{old_db} is up to date\n"


def test_upgrade_keeps_the_decision_again_without_rebuilding_current_marts(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db))
    con.execute("delete from meta.stored_decision")
    con.close()
    marts_before = query(db, "select * from marts.program_links order by all")
    assert upgrade.current(db) == (True, False)
    assert upgrade.upgrade(db) == ([], True, [])
    assert upgrade.current(db) == (True, True)
    assert query(db, "select * from marts.program_links order by all") == marts_before


# A participation row whole, its person named by key.
KEYED = (
    "program_id, person_key, role, edits, bytes_added, articles_created, articles_edited, "
    "uploads, batch_id"
)


def test_upgrade_numbers_participation_rows_that_carry_the_person_key_and_keeps_them(
    demo_db, tmp_path
):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db))
    # participation as the previous version kept it: the 64-character key beside the number
    con.execute(
        f"create table core.keyed as select {KEYED}, person_id "
        "from core.participation join core.people using (person_id)"
    )
    con.execute("drop table core.participation")
    con.execute("alter table core.keyed rename to participation")
    con.close()
    keyed = query(db, f"select {KEYED} from core.participation order by all")
    assert len(keyed) == DEMO_PARTICIPATION
    assert upgrade.current(db)[0] and upgrade.moves(db) == [
        "numbered core's participation rows by person"
    ]
    result = _etl("upgrade", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"upgraded {db}: numbered core's participation rows by person, kept the suppression"
    )
    assert upgrade.moves(db) == []
    columns = [c for (c,) in query(db, "select column_name from (describe core.participation)")]
    assert columns == [
        "program_id", "role", "edits", "bytes_added", "articles_created", "articles_edited",
        "uploads", "batch_id", "person_id",
    ]  # fmt: skip
    numbered = query(
        db,
        f"select {KEYED} from core.participation join core.people using (person_id) order by all",
    )
    assert numbered == keyed
    assert _etl("upgrade", "--db", str(db)).stdout == f"{db} is up to date\n"


# Staged rows as the previous version kept them: each with its person's 64-character key.
STAGED_BY_KEY = {
    "participation": ("person_no", "person_key"),
    "roles": ("person_no", "person_key"),
    "grants": ("lead_person_no", "lead_person_key"),
}


def _staged_with_keys(db: Path, table: str) -> list[tuple]:
    number, key = STAGED_BY_KEY[table]
    return query(
        db,
        f"select s.* exclude ({number}), p.person_key as {key} from staging.{table} s "
        f"left join staging.people p on p.batch_id = s.batch_id and p.person_no = s.{number} "
        "order by all",
    )


def test_upgrade_numbers_staged_rows_that_carry_the_person_key_and_keeps_them(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    staged = {table: _staged_with_keys(db, table) for table in STAGED_BY_KEY}
    con = duckdb.connect(str(db))
    for table, (number, key) in STAGED_BY_KEY.items():
        con.execute(
            f"create table staging.keyed as select s.* exclude ({number}), p.person_key as {key} "
            f"from staging.{table} s left join staging.people p "
            f"on p.batch_id = s.batch_id and p.person_no = s.{number}"
        )
        con.execute(f"drop table staging.{table}")
        con.execute(f"alter table staging.keyed rename to {table}")
    con.execute("delete from staging.people")
    con.close()
    assert upgrade.moves(db) == [
        "numbered the people of staging.grants, staging.participation, staging.roles "
        "in their batches"
    ]
    result = _etl("upgrade", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"upgraded {db}: numbered the people of staging.grants")
    assert upgrade.moves(db) == []
    assert {table: _staged_with_keys(db, table) for table in STAGED_BY_KEY} == staged
    # each key once per batch, numbered from 1 in its batch: 824 grant leads, 4,012
    # participants, 521 role holders in the demo
    people = query(
        db,
        "select batch_id, count(*), count(distinct person_key), min(person_no), max(person_no) "
        "from staging.people group by all order by all",
    )
    assert [counts for _, *counts in people] == [
        [824, 824, 1, 824],
        [4_012, 4_012, 1, 4_012],
        [521, 521, 1, 521],
    ]
    # and a file loaded after the move stages its rows by number too
    more = tmp_path / "roles_more.csv"
    more.write_text(
        "username,role,body,start_date\nNew Person,committee_member,SSA RFC,2024-07-01\n"
    )
    assert "1 loaded" in _etl("load", str(more), "--db", str(db)).stdout
    assert query(db, "select count(*) from staging.roles where person_no is null") == [(0,)]


def test_the_app_asks_for_an_upgrade_rather_than_fail_its_pages(old_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(old_db))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert "python -m etl upgrade" in app.warning[0].value
    assert not app.get("plotly_chart")  # no page ran on the old marts
    upgrade.upgrade(old_db)
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception and not app.warning
    assert app.get("plotly_chart")


def test_a_file_that_is_no_warehouse_fails_in_one_line_and_stays_as_it_was(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(b"not a duckdb file\n")
    result = _etl("upgrade", "--db", str(db))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"FAILED  cannot upgrade {db} (")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert db.read_bytes() == b"not a duckdb file\n"
