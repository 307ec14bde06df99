"""Loads are atomic, idempotent and incremental, and readers are never blocked by a load."""

import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import queries
from etl.load import load
from tests.conftest import write_text

ROOT = Path(__file__).resolve().parents[1]

PROGRAMS = (
    "program_id,title,program_type,themes,country,start_date,end_date\n"
    "P-1,Editathon Windhoek,edit_a_thon,gender_gap,NA,2023-07-10,2023-07-11\n"
    "P-2,Workshop Nairobi,workshop,education,KE,2023-08-01,2023-08-01\n"
)
PARTICIPATION = (
    "program_id,username,role,registered_at,edits\n"
    "P-1,Alice,participant,2023-07-10,5\n"
    "P-1,Bob,organizer,2019-01-01,2\n"
    "P-2,Alice,participant,2023-07-10,1\n"
)
MORE_PROGRAMS = (
    "program_id,title,program_type,themes,country,start_date,end_date\n"
    "P-3,Photo walk,photo_contest,culture_heritage,NA,2024-09-01,2024-09-30\n"
)


def counts(db: Path) -> dict[str, int]:
    con = queries.connect(db)
    try:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_catalog = 'warehouse' order by 1"
        ).fetchall()
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in tables}
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_loading_the_same_files_twice_changes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    files = [
        write_text(tmp_path, "programs.csv", PROGRAMS),
        write_text(tmp_path, "participation.csv", PARTICIPATION),
    ]
    first = load(files, db)
    assert [r.rows_loaded for r in first] == [2, 3]
    before, before_bytes = counts(db), digest(db)
    second = load(files, db)
    assert [r.skipped_as_batch for r in second] == [1, 2]
    assert counts(db) == before
    assert digest(db) == before_bytes


def test_a_new_file_adds_to_what_is_loaded(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    load([write_text(tmp_path, "more_programs.csv", MORE_PROGRAMS)], db)
    assert counts(db)["core.programs"] == 3
    assert counts(db)["meta.batches"] == 2


def test_a_failed_file_leaves_the_warehouse_byte_for_byte(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    before = digest(db)
    bad = write_text(tmp_path, "participation.csv", "program_id,role\nP-1,participant\n")
    [result] = load([bad], db)
    assert result.error == (
        "participation.csv, row 1, column 'username': required column 'username' is missing "
        "for a participation file (required: program_id, username, role)"
    )
    assert digest(db) == before
    assert not list(tmp_path.glob(".w.duckdb.*.writing*"))


def test_a_reader_keeps_reading_during_a_load_and_sees_the_new_data_after(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    reader = queries.connect(db)
    more = write_text(tmp_path, "more_programs.csv", MORE_PROGRAMS)
    loader = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(more), "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert loader.returncode == 0, loader.stderr
    # The open connection still reads the warehouse as it was when it attached.
    assert reader.execute("select count(*) from core.programs").fetchone()[0] == 2
    reader.close()
    fresh = queries.connect(db)
    assert fresh.execute("select count(*) from core.programs").fetchone()[0] == 3
    fresh.close()


def test_concurrent_loads_are_serialised_and_both_land(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    files = [
        write_text(tmp_path, f"extra_{i}.csv", MORE_PROGRAMS.replace("P-3", f"P-{10 + i}"))
        for i in range(3)
    ]
    threads = [threading.Thread(target=load, args=([f], db)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts(db)["core.programs"] == 5
    assert counts(db)["meta.batches"] == 4


def test_usernames_are_kept_only_as_salted_keys(tmp_path):
    db = tmp_path / "w.duckdb"
    load(
        [
            write_text(tmp_path, "programs.csv", PROGRAMS),
            write_text(tmp_path, "participation.csv", PARTICIPATION),
        ],
        db,
    )
    con = queries.connect(db)
    try:
        people = con.execute("select person_key from core.people order by 1").fetchall()
        assert len(people) == 2
        assert all(len(key) == 64 for (key,) in people)
        text = con.execute("select * from staging.participation").fetchall()
        assert not any("Alice" in str(v) or "Bob" in str(v) for row in text for v in row)
    finally:
        con.close()


def test_status_lists_batches_counts_and_freshness(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    out = subprocess.run(
        [sys.executable, "-m", "etl", "status", "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "programs.csv" in out
    assert "latest_program_start" in out and "2023-08-01" in out


def test_a_batch_stores_when_it_finished_not_when_its_transaction_began(tmp_path, monkeypatch):
    """finished_at − started_at covers reading, validation and core: a validation made 0.3 s
    slow shows in the stored duration (DuckDB's now() would give the transaction's start)."""
    from etl import load as load_module

    original = load_module.validate

    def slow_validate(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(load_module, "validate", slow_validate)
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    con = queries.connect(db)
    try:
        seconds, validate_seconds, stages = con.execute(
            "select epoch(finished_at - started_at), seconds_validate, "
            "seconds_read + seconds_validate + seconds_core from meta.batches"
        ).fetchall()[0]
    finally:
        con.close()
    assert validate_seconds >= 0.3
    assert seconds >= stages >= 0.3
