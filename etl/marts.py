"""Build the marts, all of them or only those a load's changes reach.

Which tables each SQL file reads and writes is read from the SQL itself (`core.x`, `marts.x`,
`meta.x` names), so the dependencies cannot drift from the code: a load rebuilds the mart files
that read a table its batches wrote, then those that read what these rebuilt, in file-name order
(which is already the order the files depend on each other). A warehouse whose marts were built
by other mart SQL or other reference data (countries, fiscal years, themes…) is rebuilt whole.

A load of participation batches alone does not rebuild participation.sql's marts: it corrects
them by the people it touched (delta/participation.sql), which costs what those people's rows
cost, not what ten million rows do."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from etl import reference, warehouse

MARTS_DIR = warehouse.SQL_DIR / "marts"
CORE_DIR = warehouse.SQL_DIR / "core"
# A mart file's correction for a small participation load (see delta/touched.sql), and the
# temp tables touched.sql makes for the corrections.
DELTA_DIR = MARTS_DIR / "delta"
CORRECTED_KIND = "participation"
CORRECTED = ("coverage.sql", "participation.sql", "pathway.sql", "programs.sql", "women_share.sql")
CORRECTIONS = {name: DELTA_DIR / name for name in CORRECTED}
TOUCHED_TABLES = ("touched", "before_rows", "before_people", "after_rows", "after_people")
# Correcting costs what the touched people's rows cost, twice; past a tenth of everyone (and
# at least this many people) a full rebuild is cheaper, and gives the same marts.
FEW_TOUCHED = 50_000

_COMMENT = re.compile(r"--[^\n]*")
_NAME = r"((?:core|marts|meta)\.[a-z_][a-z0-9_]*)"
_READ = re.compile(rf"\b{_NAME}\b", re.IGNORECASE)
_CREATED = re.compile(rf"create\s+or\s+replace\s+(?:table|view|macro)\s+{_NAME}", re.IGNORECASE)
_WRITTEN = re.compile(
    rf"(?:insert\s+(?:or\s+replace\s+)?into|delete\s+from|update)\s+{_NAME}", re.IGNORECASE
)
# The tables every batch writes, whatever its kind.
BATCH_TABLES = frozenset({"meta.batches", "meta.rejects"})
# The reference tables `warehouse.prepare` rewrites on every load; a change to them rebuilds all.
REFERENCE_TABLES = (
    "core.regions",
    "core.countries",
    "core.fiscal_years",
    "core.themes",
    "core.funds",
)
FINGERPRINT_KEY = "marts_fingerprint"
# What `warehouse.prepare` writes the reference tables from: the schema, the code that writes
# them, and the reference data.
REFERENCE_SOURCES = (
    warehouse.SQL_DIR / "schema.sql",
    Path(warehouse.__file__),
    Path(reference.__file__),
    reference.REFERENCE_DIR / "countries.csv",
)


@dataclass(frozen=True)
class MartFile:
    """One mart SQL file: the tables, views and macros it reads and those it creates."""

    path: Path
    reads: frozenset[str]
    creates: frozenset[str]


def _code(path: Path) -> str:
    return _COMMENT.sub("", path.read_text(encoding="utf-8")).lower()


@cache
def mart_files() -> tuple[MartFile, ...]:
    """Every mart file, in the order they are run."""
    found = []
    for path in sorted(MARTS_DIR.glob("*.sql")):
        code = _code(path)
        creates = frozenset(_CREATED.findall(code))
        found.append(MartFile(path, frozenset(_READ.findall(code)) - creates, creates))
    return tuple(found)


@cache
def written_by(kind: str) -> frozenset[str]:
    """The core tables a batch of this kind writes (from core/<kind>.sql), and the meta tables
    every batch writes."""
    return frozenset(_WRITTEN.findall(_code(CORE_DIR / f"{kind}.sql"))) | BATCH_TABLES


def read_by(sql: str) -> frozenset[str]:
    """The core, mart and meta tables, views and macros this SQL text names."""
    return frozenset(_READ.findall(_COMMENT.sub("", sql).lower()))


def created_by(paths: list[Path]) -> frozenset[str]:
    """What these mart files create (say, the files one load rebuilt)."""
    run = set(paths)
    return frozenset(name for mart in mart_files() if mart.path in run for name in mart.creates)


def reached_by(changed: set[str] | frozenset[str]) -> list[MartFile]:
    """The mart files to rebuild when these tables changed: those reading one of them, and
    those reading what an earlier one of these rebuilds."""
    changed = set(changed)
    chosen = []
    for mart in mart_files():
        if mart.reads & changed:
            chosen.append(mart)
            changed |= mart.creates
    return chosen


def build(con: duckdb.DuckDBPyConnection, changed: set[str] | None = None) -> list[Path]:
    """Rebuild the marts `changed` tables reach (every mart when None, or when the marts were
    built by other mart SQL or reference data), correcting those delta/ can correct when a
    participation-only load touched few people (see `corrects`); return the mart files run or
    corrected."""
    built_by = fingerprint()
    stored = con.execute(
        "select value from meta.settings where key = $key", {"key": FINGERPRINT_KEY}
    ).fetchall()
    if changed is None or not stored or stored[0][0] != built_by:
        chosen = list(mart_files())
        changed = None
    else:
        chosen = reached_by(changed)
    correcting = changed is not None and corrects(con, changed)
    corrections = {
        mart.path: CORRECTIONS.get(mart.path.name) if correcting else None for mart in chosen
    }
    if any(corrections.values()):
        warehouse.run_sql_file(con, DELTA_DIR / "touched.sql")
    for mart in chosen:
        warehouse.run_sql_file(con, corrections[mart.path] or mart.path)
    for table in TOUCHED_TABLES:
        con.execute(f"drop table if exists temp.{table}")
    con.execute(
        "insert or replace into meta.settings values ($key, $value)",
        {"key": FINGERPRINT_KEY, "value": built_by},
    )
    # The marts now count everyone as core holds them: a later load corrects from here.
    con.execute("delete from core.touched_people")
    con.execute("delete from core.touched_participation")
    return [mart.path for mart in chosen]


def corrects(con: duckdb.DuckDBPyConnection, changed: set[str]) -> bool:
    """Whether to correct the people marts by the people a load touched (delta/) rather than
    rebuild them: when the load `changed` only what participation batches write, and touched
    few people. (The caller has checked that the marts were built by the current SQL, so they
    are there to correct, and core/participation.sql kept the people touched since.)"""
    if not set(changed) <= written_by(CORRECTED_KIND):
        return False
    touched, people = con.execute(
        "select (select count(*) from core.touched_people), (select count(*) from core.people)"
    ).fetchall()[0]
    return touched <= max(FEW_TOUCHED, people // 10)


def built_by_this_code(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the marts of the warehouse `con` reads were built by this code (it only reads).
    Here, not in etl.upgrade, so that the app asks it without importing the load."""
    try:
        built_by = con.execute(
            "select value from meta.settings where key = $key", {"key": FINGERPRINT_KEY}
        ).fetchall()
    except duckdb.CatalogException:  # older than the settings table itself
        return False
    return bool(built_by) and built_by[0][0] == fingerprint()


@cache
def fingerprint() -> str:
    """The fingerprint this code gives the marts it builds: a hash of every mart file's SQL
    (corrections included) and of what the reference tables are written from, which
    `warehouse.prepare` does on every load (`REFERENCE_SOURCES`). The sources, not the tables'
    rows, so that the app asks it without building a scratch warehouse (0.19 CPU s of a server's
    first page)."""
    digest = hashlib.sha256()
    sources = [mart.path for mart in mart_files()] + sorted(DELTA_DIR.glob("*.sql"))
    for path in sources + list(REFERENCE_SOURCES):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
