"""How the ten-million-row tables are stored: participation's program ids are kept
uncompressed in staging and core (compressing them cost more CPU than the rest of each write's
columns together), through later loads too, with the same values and types as before."""

from pathlib import Path

from etl.load import load
from tests.conftest import query, write_text

PROGRAMS = (
    "program_id,title,program_type,themes,country,start_date,end_date\n"
    "P-1,Editathon Windhoek,edit_a_thon,gender_gap,NA,2023-07-10,2023-07-11\n"
    "P-2,Workshop Nairobi,workshop,education,KE,2023-08-01,2023-08-01\n"
)
FIRST = (
    "program_id,username,role,registered_at,edits\n"
    "P-1,Alice,participant,2023-07-10,5\n"
    "P-1,Bob,organizer,2019-01-01,2\n"
)
SECOND = "program_id,username,role,registered_at,edits\nP-2,Alice,participant,2023-07-10,1\n"


def _program_id_storage(db: Path, table: str) -> set[str]:
    """The compression of every data segment of `table`'s program_id column."""
    rows = query(
        db,
        "select distinct compression from pragma_storage_info($table) "
        "where column_name = 'program_id' and segment_type = 'VARCHAR'",
        {"table": table},
    )
    return {compression for (compression,) in rows}


def test_participation_program_ids_stay_uncompressed_in_staging_and_core_across_loads(tmp_path):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    load([write_text(tmp_path, "participation.csv", FIRST)], db)
    load([write_text(tmp_path, "participation_more.csv", SECOND)], db)
    assert _program_id_storage(db, "staging.participation") == {"Uncompressed"}
    assert _program_id_storage(db, "core.participation") == {"Uncompressed"}
    staged = query(
        db,
        "select program_id, role, edits from staging.participation order by batch_id, source_row",
    )
    assert staged == [
        ("P-1", "participant", 5),
        ("P-1", "organizer", 2),
        ("P-2", "participant", 1),
    ]
    core = query(
        db, "select program_id, role, edits from core.participation order by program_id, role"
    )
    assert core == [
        ("P-1", "organizer", 2),
        ("P-1", "participant", 5),
        ("P-2", "participant", 1),
    ]
    types = query(
        db,
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = 'staging' and table_name = 'participation' order by column_index",
    )
    assert types == [
        ("batch_id", "INTEGER"),
        ("source_row", "BIGINT"),
        ("program_id", "VARCHAR"),
        ("person_key", "VARCHAR"),
        ("role", "VARCHAR"),
        ("registered_at", "DATE"),
        ("edits", "BIGINT"),
        ("bytes_added", "BIGINT"),
        ("articles_created", "BIGINT"),
        ("articles_edited", "BIGINT"),
        ("uploads", "BIGINT"),
        ("gender", "VARCHAR"),
    ]
