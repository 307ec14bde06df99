"""The query layer: one SQL file per result, run read-only with bound parameters.

Callers name a query and pass plain values; they never see or build SQL. Privacy rules
(small-cell suppression, SPEC §6) belong in these files, so no caller can forget them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from queries import privacy

QUERY_DIR = Path(__file__).resolve().parent


@cache
def sql(name: str) -> str:
    """The text of queries/<name>.sql."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def connect(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; each thread or session must have its own.

    The file is attached to an in-memory database rather than opened directly: DuckDB shares
    one instance per path within a process, which would keep serving the old file after a
    load swaps in a new one."""
    con = duckdb.connect()
    con.execute("attach $path as warehouse (read_only)", {"path": str(db)})
    con.execute("use warehouse")
    return con


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> pd.DataFrame:
    """Run one named query and return its rows; filters left out mean "all", and the
    suppression threshold k comes from $GROWTH_K."""
    text = sql(name)
    return con.execute(text, privacy.bind(text, params)).df()
