"""What the warehouse holds: batches, core row counts, rejects and freshness, as text. Asking
also removes the working copies that killed loads left beside the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from etl import warehouse

CORE_TABLES = (
    "organizations",
    "grants",
    "programs",
    "program_stats",
    "program_aliases",
    "participation",
    "people",
    "roles",
    "budgets",
    "active_editors",
    "annotations",
)


def read_status(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Batches, row counts per core table, rejects per batch and reason, and freshness."""
    counts = con.execute(
        " union all ".join(
            f"select '{t}' as table_name, count(*) as rows from core.{t}" for t in CORE_TABLES
        )  # noqa: S608,E501
    ).df()
    return {
        "batches": con.execute(
            """
            select batch_id, file_name, kind, rows_read, rows_loaded, rows_rejected,
                   rows_duplicate, rows_replaced, warnings,
                   strftime(finished_at, '%Y-%m-%d %H:%M:%S') as loaded_at,
                   round(seconds_read + seconds_validate + seconds_core, 2) as seconds
            from meta.batches order by batch_id
            """
        ).df(),
        "counts": counts,
        "rejects": con.execute(
            """
            select batch_id, file_name, severity, reason_kind, count(*) as rows
            from (select *, regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason_kind
                  from meta.rejects)
            group by all order by batch_id, rows desc
            """
        ).df(),
        "freshness": con.execute(
            """
            select
                (select max(finished_at) from meta.batches) as last_load,
                (select max(decision_date) from core.grants) as latest_grant_decision,
                (select max(start_date) from core.programs) as latest_program_start,
                (select max(month) from core.active_editors) as latest_active_editors_month
            """
        ).df(),
    }


def report(db: Path) -> str:
    """The status as text; working copies that killed loads left behind are removed first."""
    removed = warehouse.remove_stale_copies(db)
    cleaned = (
        [
            f"Removed {len(removed)} working copies left by killed loads: "
            + ", ".join(p.name for p in removed)
        ]
        if removed
        else []
    )
    if not db.exists():
        return "\n\n".join([*cleaned, f"No warehouse at {db}. Build one with: python -m etl demo"])
    con = duckdb.connect(str(db), read_only=True)
    try:
        parts = read_status(con)
    finally:
        con.close()
    with pd.option_context(
        "display.width", 200, "display.max_columns", 20, "display.max_rows", 200
    ):
        return "\n\n".join(
            [
                *cleaned,
                f"Warehouse {db}",
                "Batches\n"
                + (parts["batches"].to_string(index=False) if len(parts["batches"]) else "(none)"),
                "Rows\n" + parts["counts"].to_string(index=False),
                "Rejects and warnings\n"
                + (parts["rejects"].to_string(index=False) if len(parts["rejects"]) else "(none)"),
                "Freshness\n" + parts["freshness"].T.to_string(header=False),
            ]
        )
