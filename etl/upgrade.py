"""Bringing a warehouse built by an earlier version of the code up to this one.

A warehouse keeps the fingerprint of the mart SQL and reference data that built its marts
(etl.marts). When the code changes them, its marts may lack a table or a column the queries now
read: the app says so instead of failing page by page, and `python -m etl upgrade` (which
`make run` calls) migrates the schema, rebuilds the marts from core and keeps the decisions
pages start from (the publish run's, and the pages' at their default filters, which a load does
not keep). Core and staging rows are kept (a change of their shape moves them, as
`warehouse.prepare` does for any load): nothing needs loading again."""

from __future__ import annotations

from pathlib import Path

import queries
from etl import marts, publish, warehouse
from etl.load import build_marts, store_published_decision
from queries import privacy, stored
from ui import page_views


def current(db: Path) -> tuple[bool, bool]:
    """Whether the marts of the warehouse at `db` were built by this code
    (`marts.built_by_this_code`), and whether it keeps the publish run's decision and the pages'
    at their default filters for this code and $GROWTH_K (read-only; a load keeps the publish
    run's alone, see etl.load.store_published_decision)."""
    con = queries.connect(db)
    try:
        if not marts.built_by_this_code(con):
            return False, False
        requests, k = publish.requests(), privacy.k()
        views = page_views.defaults(con)
        return True, stored.is_kept(con, requests, k) and all(
            stored.is_kept(con, view, k, [requests]) for view in views
        )
    finally:
        con.close()


def moves(db: Path) -> list[str]:
    """What the warehouse at `db` needs moved to this code's shape, in words (read-only; see
    `warehouse.moves`)."""
    con = queries.connect(db)
    try:
        return warehouse.moves(con)
    finally:
        con.close()


def upgrade(db: Path) -> tuple[list[Path], bool, list[str]]:
    """Move the core and staging tables of `db` to this code's shape (`warehouse.prepare`
    does, keeping every row), rebuild its marts from core when this code did not build them,
    and keep the publish run's decision and the pages' at their default filters when they are
    not kept for this code; return the mart files run, whether the decisions were kept anew and
    what was moved (nothing when the warehouse was current). Atomic, like a load: pages keep
    reading the old file until the new one is swapped in."""
    built, kept = current(db)
    moved = moves(db)
    if built and kept and not moved:
        return [], False, []
    with warehouse.writing(db) as con:
        if not built:
            return build_marts(con, pages=True), True, moved
        return [], store_published_decision(con, [], pages=True), moved
