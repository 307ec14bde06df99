"""How the ten-million-row tables are stored: participation's program ids are kept
uncompressed in staging and core (compressing them cost more CPU than the rest of each write's
columns together), through later loads too, with the same values and types as before; and the
person keys of the million-row tables (core.people and the pathway marts), which compress
poorly, are kept uncompressed after a full build and after a small load's correction."""

from datetime import date
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


def _program_id_storage(db: Path, table: str, column: str = "program_id") -> set[str]:
    """The compression of every data segment of `table`'s `column` (program_id)."""
    rows = query(
        db,
        "select distinct compression from pragma_storage_info($table) "
        "where column_name = $column and segment_type = 'VARCHAR'",
        {"table": table, "column": column},
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
        ("person_no", "INTEGER"),
        ("role", "VARCHAR"),
        ("registered_at", "DATE"),
        ("edits", "BIGINT"),
        ("bytes_added", "BIGINT"),
        ("articles_created", "BIGINT"),
        ("articles_edited", "BIGINT"),
        ("uploads", "BIGINT"),
        ("gender", "VARCHAR"),
    ]


PERSON_KEYED = ("core.people", "marts.pathway_people", "marts.pathway_program_dates")
# Bob organized P-1 (2023-07-10, FY2023-24, Namibia: SSA), and no later load touches him: his
# row of program dates and his stages, in `_pathway`'s columns
BOB = (
    "FY2023-24",
    "SSA",
    date(2023, 7, 10),
    None,
    date(2023, 7, 10),
    3,
    date(2023, 7, 10),
    date(2023, 7, 10),
)


def _pathway(db: Path) -> list[tuple]:
    return query(
        db,
        "select d.cohort, d.region, d.participant_on, d.returning_on, d.organizer_on, "
        "p.highest_stage, p.reached_2_on, p.reached_3_on "
        "from marts.pathway_program_dates d join marts.pathway_people p using (person_key) "
        "order by p.highest_stage",
    )


def test_person_keys_stay_uncompressed_in_people_and_pathway_marts_after_build_and_correction(
    tmp_path,
):
    db = tmp_path / "w.duckdb"
    load([write_text(tmp_path, "programs.csv", PROGRAMS)], db)
    load([write_text(tmp_path, "participation.csv", FIRST)], db)
    for table in PERSON_KEYED:
        assert _program_id_storage(db, table, "person_key") == {"Uncompressed"}, table
    # Alice took part in P-1 (2023-07-10, FY2023-24, Namibia: SSA); Bob organized it.
    assert _pathway(db) == [
        ("FY2023-24", "SSA", date(2023, 7, 10), None, None, 1, None, None),
        BOB,
    ]
    # A small load corrects the marts by the people it touched: Alice's second program (P-2,
    # 2023-08-01) makes her a returning participant.
    load([write_text(tmp_path, "participation_more.csv", SECOND)], db)
    for table in PERSON_KEYED:
        assert _program_id_storage(db, table, "person_key") == {"Uncompressed"}, table
    assert _pathway(db) == [
        ("FY2023-24", "SSA", date(2023, 7, 10), date(2023, 8, 1), None, 2, date(2023, 8, 1), None),
        BOB,
    ]
