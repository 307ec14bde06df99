"""Build the marts, all of them or only those a load's changes reach.

Which tables each SQL file reads and writes is read from the SQL itself (`core.x`, `marts.x`,
`meta.x` names), so the dependencies cannot drift from the code: a load rebuilds the mart files
that read a table its batches wrote, then those that read what these rebuilt, in file-name order
(which is already the order the files depend on each other). A warehouse whose marts were built
by other mart SQL or other reference data (countries, fiscal years, themes…) is rebuilt whole."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from etl import warehouse

MARTS_DIR = warehouse.SQL_DIR / "marts"
CORE_DIR = warehouse.SQL_DIR / "core"

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
    built by other mart SQL or reference data); return the files run."""
    fingerprint = _fingerprint(con)
    stored = con.execute(
        "select value from meta.settings where key = $key", {"key": FINGERPRINT_KEY}
    ).fetchall()
    if changed is None or not stored or stored[0][0] != fingerprint:
        chosen = list(mart_files())
    else:
        chosen = reached_by(changed)
    for mart in chosen:
        warehouse.run_sql_file(con, mart.path)
    con.execute(
        "insert or replace into meta.settings values ($key, $value)",
        {"key": FINGERPRINT_KEY, "value": fingerprint},
    )
    return [mart.path for mart in chosen]


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of every mart file's SQL and of the reference tables' rows."""
    digest = hashlib.sha256()
    for mart in mart_files():
        digest.update(mart.path.name.encode())
        digest.update(mart.path.read_bytes())
    for table in REFERENCE_TABLES:
        rows = con.execute(f"from {table} order by all").fetchall()  # noqa: S608 - constant names
        digest.update(f"{table}{rows!r}".encode())
    return digest.hexdigest()
