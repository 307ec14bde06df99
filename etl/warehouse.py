"""The warehouse file: where it is, how it is created, and how a load swaps in atomically.

Loads never write the live file. They copy it, write the copy, and `os.replace` the copy over
the live file when every statement has committed. Readers (the app) keep reading the file they
opened and re-attach when its modification time changes; a failed load leaves the live file
byte-for-byte as it was. A lock file serialises concurrent loads."""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl import reference
from etl.sources import countries

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
# What `python -m etl demo` loads: the demo inputs and the reference notes (the MEA split).
DEMO_INPUTS = (ROOT / "data" / "sample", ROOT / "data" / "reference" / "annotations.csv")
# DuckDB's own memory during a load (SPEC §9: a load peaks at ≤ 4 GB). Beyond it, joins,
# aggregates and sorts spill to the working copy's temp folder instead of growing; Python and
# the file reader's buffers come on top. $GROWTH_LOAD_MEMORY overrides it ("6GB"); a setting
# that is not an amount of memory falls back to this one.
LOAD_MEMORY_LIMIT = "2.5GB"
_MEMORY = re.compile(r"\d+(\.\d+)?\s*[KMGT]i?B", re.IGNORECASE)


def db_path(given: str | os.PathLike[str] | None = None) -> Path:
    """--db if given, else $GROWTH_DB, else data/warehouse.duckdb."""
    return Path(given or os.environ.get("GROWTH_DB") or DEFAULT_DB)


def run_sql_file(
    con: duckdb.DuckDBPyConnection, path: Path, params: dict[str, object] | None = None
) -> None:
    """Run each `;`-terminated statement of a SQL file, binding the parameters it names."""
    params = params or {}
    for statement in path.read_text(encoding="utf-8").split(";\n"):
        if not _has_code(statement):
            continue
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        con.execute(statement, used)


def _has_code(statement: str) -> bool:
    return any(
        line.strip() and not line.strip().startswith("--") for line in statement.splitlines()
    )


@contextmanager
def writing(db: Path, fresh: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the warehouse, swapped in when the block ends without
    an exception; raising `Unchanged` leaves the live file as it was. `fresh` starts empty."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(db), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # Holding the lock, no other load of this warehouse is running: every working copy
        # left is a killed load's.
        remove_stale_copies(db, locked=True)
        work = db.parent / f".{db.name}.{os.getpid()}.writing"
        if db.exists() and not fresh:
            shutil.copyfile(db, work)
        con = duckdb.connect(
            str(work),
            config={
                "memory_limit": load_memory_limit(),
                "temp_directory": str(_spill_path(work)),
            },
        )
        try:
            prepare(con)
            yield con
            con.execute("checkpoint")
            con.close()
            os.replace(work, db)
        except Unchanged:
            pass
        finally:
            con.close()
            work.unlink(missing_ok=True)
            Path(f"{work}.wal").unlink(missing_ok=True)
            shutil.rmtree(_spill_path(work), ignore_errors=True)


def load_memory_limit() -> str:
    """$GROWTH_LOAD_MEMORY when it is an amount of memory ("6GB", "512 MiB"), else 2.5GB."""
    given = os.environ.get("GROWTH_LOAD_MEMORY", "").strip()
    return given if _MEMORY.fullmatch(given) else LOAD_MEMORY_LIMIT


def _spill_path(work: Path) -> Path:
    """Where DuckDB spills what does not fit in the load's memory limit."""
    return Path(f"{work}.spill")


def _lock_path(db: Path) -> Path:
    return db.parent / f".{db.name}.lock"


def _working_copies(db: Path) -> list[tuple[Path, int | None]]:
    """Working copies of loads of `db` (and their write-ahead logs), with the process id in
    their name."""
    found = []
    for path in db.parent.glob(f".{db.name}.*.writing*"):
        pid = path.name.removeprefix(f".{db.name}.").split(".")[0]
        found.append((path, int(pid) if pid.isdigit() else None))
    return found


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_copies(db: Path, locked: bool = False) -> list[Path]:
    """Remove the working copies that killed loads left behind; return them. A copy is stale
    when no load holds the lock (`locked`: the caller holds it), or, while one does, when the
    process named in it is gone: a live load's copy is never touched."""
    if not db.parent.exists():
        return []
    removed = []
    lock = None
    try:
        if not locked:
            lock = open(_lock_path(db), "a")  # noqa: SIM115 - held across the removals
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                locked = False  # a load is running: only copies of dead processes go
        for path, pid in _working_copies(db):
            if not locked and (pid == os.getpid() or _alive(pid)):
                continue
            if path.is_dir():  # a killed load's spill folder
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    finally:
        if lock:
            lock.close()
    return removed


class Unchanged(Exception):
    """Raised inside `writing` to leave the live warehouse untouched."""


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing, refresh the reference tables, define the parsing macros."""
    run_sql_file(con, SQL_DIR / "schema.sql")
    if participation_keyed_by_text(con):
        run_sql_file(con, SQL_DIR / "migrate_participation.sql")
    for table, column in staged_by_key(con):
        _number_staged_people(con, table, column)
    run_sql_file(con, SQL_DIR / "macros.sql")
    con.execute(
        "insert into meta.settings select 'person_salt', $salt "
        "where not exists (select 1 from meta.settings where key = 'person_salt')",
        {"salt": secrets.token_hex(16)},
    )
    _write_reference(con)


def participation_keyed_by_text(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether core.participation still carries each person's key (an earlier version of the
    code), not their number alone: `prepare` moves it over."""
    return bool(
        con.execute(
            "select 1 from duckdb_columns() where schema_name = 'core' "
            "and table_name = 'participation' and column_name = 'person_key'"
        ).fetchall()
    )


def moves(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What `prepare` would move to this code's shape in the warehouse (an earlier version of
    the code made it), in words; none when it is current."""
    staged = sorted({f"staging.{table}" for table, _ in staged_by_key(con)})
    return (
        ["numbered core's participation rows by person"] if participation_keyed_by_text(con) else []
    ) + ([f"numbered the people of {', '.join(staged)} in their batches"] if staged else [])


# Staged rows name their person by number within their batch (staging.people holds the keys).
STAGED_NUMBERS = {"person_key": "person_no", "lead_person_key": "lead_person_no"}


def staged_by_key(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Staging tables, and their columns, whose rows still carry each person's key (an earlier
    version of the code), not its number within the batch: `prepare` moves them over."""
    return con.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'staging' "
        "and table_name <> 'people' and column_name in $columns order by all",
        {"columns": list(STAGED_NUMBERS)},
    ).fetchall()


def _number_staged_people(con: duckdb.DuckDBPyConnection, table: str, column: str) -> None:
    """Number the keys of one staging column within their batches in staging.people (after
    any number a batch has there already: those of another table keep theirs) and keep the
    numbers in their place, every row kept."""
    number = STAGED_NUMBERS[column]
    con.execute(
        f"""
        insert into staging.people
        select k.batch_id,
               coalesce(n.top, 0)
                   + row_number() over (partition by k.batch_id order by k.person_key),
               k.person_key
        from (select distinct batch_id, {column} as person_key from staging.{table}
              where {column} is not null) k
        anti join staging.people p using (batch_id, person_key)
        left join (select batch_id, max(person_no) as top from staging.people group by all) n
            using (batch_id)
        """  # noqa: S608 - names from the catalogue and STAGED_NUMBERS
    )
    con.execute(f"alter table staging.{table} add column {number} integer")
    con.execute(
        f"""
        update staging.{table} x set {number} = p.person_no
        from staging.people p
        where p.batch_id = x.batch_id and p.person_key = x.{column}
        """  # noqa: S608
    )
    con.execute(f"alter table staging.{table} drop column {column}")


def salt(con: duckdb.DuckDBPyConnection) -> str:
    """The secret that person keys are hashed with; it never leaves the warehouse."""
    return con.execute("select value from meta.settings where key = 'person_salt'").fetchall()[0][0]


def _write_reference(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from core.regions")
    regions = list(reference.REGIONS.items())
    con.execute(
        "insert into core.regions select unnest($codes), unnest($names), unnest($na_nwe)",
        {
            "codes": [code for code, _ in regions],
            "names": [name for _, name in regions],
            "na_nwe": [code in reference.NA_NWE for code, _ in regions],
        },
    )
    con.execute("delete from core.countries")
    con.execute(
        """
        insert into core.countries
        select country_code, alpha3, name, nullif(region, ''), nullif(grant_region_pre2023, ''),
               global_south = 'true', is_protected = 'true'
        from read_csv($path, header = true, all_varchar = true, auto_detect = false,
                      delim = ',', quote = '"', columns = $columns)
        """,
        {
            "path": str(reference.REFERENCE_DIR / "countries.csv"),
            "columns": {name: "VARCHAR" for name in reference.COUNTRY_COLUMNS},
        },
    )
    con.execute("delete from core.fiscal_years")
    years = reference.fiscal_years()
    con.execute(
        "insert into core.fiscal_years select unnest($labels), unnest($starts), unnest($ends)",
        {
            "labels": [y[0] for y in years],
            "starts": [y[1] for y in years],
            "ends": [y[2] for y in years],
        },
    )
    con.execute("delete from core.themes")
    con.execute(
        "insert into core.themes select unnest($codes), unnest($names)",
        {"codes": list(reference.THEMES), "names": list(reference.THEMES.values())},
    )
    con.execute("delete from core.funds")
    con.execute(
        "insert into core.funds select unnest($codes), unnest($names), unnest($mins), "
        "unnest($maxes)",
        {
            "codes": list(reference.FUNDS),
            "names": [f[0] for f in reference.FUNDS.values()],
            "mins": [f[1] for f in reference.FUNDS.values()],
            "maxes": [f[2] for f in reference.FUNDS.values()],
        },
    )
    labels = reference.labels()
    con.execute(
        """
        create or replace temp table ref_labels as
        select unnest($domains) as domain, unnest($labels) as label, unnest($codes) as code
        """,
        {
            "domains": [d for d, _, _ in labels],
            "labels": [label for _, label, _ in labels],
            "codes": [c for _, _, c in labels],
        },
    )
    # Codes, names and the other spellings tools write ('UK', 'USA', 'Ivory Coast'), in any case.
    aliases = list(countries.ALIASES.items())
    con.execute(
        """
        create or replace temp table ref_country_keys as
        select distinct key, country_code from (
            select lower(country_code) as key, country_code from core.countries
            union all select lower(alpha3), country_code from core.countries
            union all select lower(name), country_code from core.countries
            union all select unnest($alias_keys), unnest($alias_codes)
        )
        """,
        {"alias_keys": [k for k, _ in aliases], "alias_codes": [c for _, c in aliases]},
    )
