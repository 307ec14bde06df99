"""A small participation load corrects participation.sql's marts by the people it touched
(etl/sql/marts/delta/participation.sql) instead of rebuilding them, and the marts it leaves are
those of a full rebuild, row for row and cell for cell: for hand-picked batches and for random
sequences of them, on the METRICS warehouse (tests/metrics_fixture.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import load as etl_load
from etl import marts, warehouse
from tests.conftest import query
from tests.metrics_fixture import METRICS, build

HEADER = "program_id,username,role,registered_at,edits,bytes_added,articles_created,"
HEADER += "articles_edited,uploads,gender"
DELTA = marts.DELTA_DIR / "participation.sql"
# P6 (January 2022) is earlier than every other program; P1 ends 2023-06-30, P2 starts the next
# day (another fiscal year), P3 runs 2023-09-10 to 09-20, P5 starts 2024-08-01.
PROGRAMS = ("P1", "P2", "P3", "P4", "P5", "P6")
# Ada, Ben, Dev, Hal… are in the warehouse already; New1-3 are not.
USERS = ("Ada", "Ben", "Dev", "Eve", "Hal", "Lena", "Quinn", "New1", "New2", "New3")
ROLES = ("participant", "mentee", "organizer", "facilitator", "volunteer", "trainer", "mentor")
# Inside and outside the new-editor windows of P1, P3 and P6 (14 days before the start, the
# start, the end, the day after), and long before.
DATES = ("2015-01-01", "2021-12-27", "2022-01-20", "2023-06-16", "2023-06-30", "2023-08-26")
DATES += ("2023-08-27", "2023-09-20", "2023-09-21", "")
GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say", "")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The METRICS warehouse, marts built."""
    return build(tmp_path_factory.mktemp("incremental"), METRICS)


def mart_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every mart table's rows, sorted (freshness left out: it holds the load's time)."""
    tables = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' "
        "and database_name = current_database() and table_name <> 'freshness' order by 1"
    ).fetchall()
    return {t: con.execute(f"from marts.{t} order by all").fetchall() for (t,) in tables}  # noqa: S608


def load_batches(base: Path, folder: Path, batches: list[list[str]], monkeypatch) -> list[str]:
    """Load each batch of participation lines as its own file and load, into a copy of `base`;
    return the copy's marts corrected, those of a full rebuild, and the SQL files run."""
    db = folder / "w.duckdb"
    shutil.copyfile(base, db)
    ran: list[str] = []
    original = warehouse.run_sql_file

    def spy(con, path, *args):
        ran.append(path.relative_to(marts.MARTS_DIR).as_posix() if "marts" in path.parts else "")
        return original(con, path, *args)

    # The publish decision (tests/test_stored_decision.py) is not what is checked here.
    monkeypatch.setattr(
        etl_load, "store_published_decision", lambda con, rebuilt, pages=False: False
    )
    monkeypatch.setattr(warehouse, "run_sql_file", spy)
    for n, lines in enumerate(batches):
        path = folder / f"participation_{n}.csv"
        path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
        [result] = etl_load.load([path], db)
        assert result.error is None and result.batch_id, result.summary()
    monkeypatch.setattr(warehouse, "run_sql_file", original)
    return ran, db


def assert_equals_full_rebuild(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        corrected = mart_rows(con)
        assert con.execute("select count(*) from core.touched_people").fetchall() == [(0,)]
        con.execute("begin")
        warehouse.prepare(con)
        marts.build(con)
        rebuilt = mart_rows(con)
        con.execute("rollback")
    finally:
        con.close()
    assert corrected.keys() == rebuilt.keys()
    for name in rebuilt:
        assert corrected[name] == rebuilt[name], name


def test_a_participation_load_corrects_the_marts_instead_of_rebuilding_them(
    base, tmp_path, monkeypatch
):
    ran, db = load_batches(
        base, tmp_path, [["P3,New1,participant,2023-09-10,4,40,1,1,0,woman"]], monkeypatch
    )
    corrections = {"coverage.sql", "participation.sql", "pathway.sql", "programs.sql"}
    corrections |= {"women_share.sql"}
    assert {f"delta/{name}" for name in corrections} | {"delta/touched.sql"} <= set(ran)
    assert not corrections & set(ran)
    # the pathway's counts are rebuilt from the corrected pathway_people
    assert "pathway_counts.sql" in ran
    # P3 (10-20 September 2023) had 6 participants: Nia (registered 27 August), Omar
    # (26 August), Pia (10 September), Quinn (20 September), Ravi (21 September) and Lena
    # (2016), so 3 new editors by the Event Metrics window (from 27 August: Nia, Pia, Quinn)
    # and 2 by the Dashboard's (Pia, Quinn), and 6 edits. New1, registered on its first
    # day with 4 edits, adds one participant and one new editor by each.
    outcome = query(
        db,
        "select participants, new_editors_event_metrics, new_editors_dashboard, edits "
        "from marts.program_outcomes where program_id = 'P3'",
    )
    assert outcome == [(7, 4, 3, 6 + 4)]
    assert_equals_full_rebuild(db)


def test_hand_picked_batches_leave_the_marts_of_a_full_rebuild(base, tmp_path, monkeypatch):
    batches = [
        [
            # existing people in a new program, one earlier than their first (cohort changes,
            # and they become returning in every later program)
            "P6,Ada,participant,2015-01-01,1,10,0,1,0,woman",
            "P6,Eve,organizer,2023-06-30,0,0,0,0,0,",
            # a replaced row: same program × person × role, other content
            "P1,Ada,participant,2020-01-01,99,9900,9,9,9,woman",
            # participant and mentee of one program: one participation
            "P5,New2,participant,2024-07-25,5,50,0,1,0,",
            "P5,New2,mentee,2024-07-25,5,50,0,1,0,",
        ],
        [
            # an earlier registration date and a new gender for an existing person
            "P3,Hal,participant,2022-01-01,1,1,0,0,0,woman",
            # the only organizer of a fiscal year without programs next year
            "P5,New3,volunteer,,0,0,0,0,0,man",
            "P2,Quinn,mentor,2023-09-20,0,0,0,0,0,non_binary",
        ],
    ]
    ran, db = load_batches(base, tmp_path, batches, monkeypatch)
    assert ran.count("delta/participation.sql") == 2
    assert_equals_full_rebuild(db)


def test_a_load_touching_many_people_rebuilds_the_marts_instead(base, tmp_path, monkeypatch):
    # 14 people in the warehouse: past max(1, 14 // 10) touched people, rebuilding is cheaper
    monkeypatch.setattr(marts, "FEW_TOUCHED", 1)
    lines = ["P3,New1,participant,2023-09-10,4,40,1,1,0,woman", "P3,Ada,organizer,,0,0,0,0,0,"]
    ran, db = load_batches(base, tmp_path, [lines], monkeypatch)
    assert "participation.sql" in ran and not [name for name in ran if "delta" in name]
    assert_equals_full_rebuild(db)


participation_line = st.builds(
    lambda program, user, role, registered, edits, gender: (
        f"{program},{user},{role},{registered},{edits},{edits * 10},{edits % 2},1,0,{gender}"
    ),
    st.sampled_from(PROGRAMS),
    st.sampled_from(USERS),
    st.sampled_from(ROLES),
    st.sampled_from(DATES),
    st.integers(0, 9),
    st.sampled_from(GENDERS),
)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    batches=st.lists(st.lists(participation_line, min_size=1, max_size=6), min_size=1, max_size=3)
)
def test_random_participation_loads_leave_the_marts_of_a_full_rebuild(base, monkeypatch, batches):
    with tempfile.TemporaryDirectory() as folder:
        with monkeypatch.context() as patch:
            ran, db = load_batches(base, Path(folder), batches, patch)
        assert "delta/participation.sql" in ran and "participation.sql" not in ran
        assert_equals_full_rebuild(db)


def test_a_warehouse_from_before_person_numbers_is_numbered_and_then_corrected(
    base, tmp_path, monkeypatch
):
    old = tmp_path / "old.duckdb"
    shutil.copyfile(base, old)
    con = duckdb.connect(str(old))
    # participation rows as that version kept them: by person key, without a number
    con.execute(
        "create table core.keyed as select pa.program_id, p.person_key, pa.role, pa.edits, "
        "pa.bytes_added, pa.articles_created, pa.articles_edited, pa.uploads, pa.batch_id "
        "from core.participation pa join core.people p using (person_id)"
    )
    con.execute("drop table core.participation")
    con.execute("alter table core.keyed rename to participation")
    con.execute("alter table core.people drop column person_id")
    con.close()
    keyed = query(old, "select program_id, person_key, role from core.participation order by all")
    (tmp_path / "load").mkdir()
    ran, db = load_batches(
        old, tmp_path / "load", [["P6,Ada,participant,2015-01-01,1,10,0,1,0,woman"]], monkeypatch
    )
    assert "delta/participation.sql" in ran
    numbered = query(
        db,
        "select count(*), count(distinct person_id), count(*) filter (where person_id is null) "
        "from core.people",
    )
    last = query(db, "select max(batch_id) from meta.batches")[0][0]
    rows = query(
        db,
        "select pa.program_id, p.person_key, pa.role, pa.batch_id = $last from core.participation "
        "pa join core.people p using (person_id) order by all",
        {"last": last},
    )
    loaded = {row[:3] for row in rows if row[3]}
    # the 14 people of METRICS, each numbered once; every row names its person by number alone,
    # the person its key named; the one new row is the batch's
    assert numbered == [(14, 14, 0)]
    assert len(rows) == query(db, "select count(*) from core.participation")[0][0]
    assert [row[:3] for row in rows if not row[3]] == [k for k in keyed if k not in loaded]
    assert [(program, role) for program, _, role in loaded] == [("P6", "participant")]
    assert "person_key" not in {
        c for (c,) in query(db, "select column_name from (describe core.participation)")
    }
    assert_equals_full_rebuild(db)
