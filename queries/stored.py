"""The decision of the publish run of everything, worked out once per load and kept in the
warehouse (meta.stored_decision), so that the first page view after a server start or a load
does not pay for it: every page is decided within that run (ui/page_views.within).

The decision is stored as JSON of its cells (the warehouse is data, not code: no pickle), beside
a fingerprint of everything it depends on besides the data: k, the requests of the run, the
text of every query they name and the code that decides (queries/*.py). A stored decision
whose fingerprint differs (another k, changed code, an older warehouse) is not used: the
caller decides live, which gives the same decision."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import duckdb

import queries
from queries import suppression

TABLE = "meta.stored_decision"


def fingerprint(requests: Mapping[str, queries.Request], k: int) -> str:
    """A hash of what the decision depends on besides the warehouse's rows."""
    digest = hashlib.sha256()
    digest.update(f"k={k}\n".encode())
    digest.update(json.dumps(_plain(requests), sort_keys=True, default=str).encode())
    for name in sorted({name for name, _ in requests.values()}):
        digest.update(f"\n-- {name}\n".encode())
        digest.update(queries.sql(name).encode())
    for path in sorted(queries.QUERY_DIR.glob("*.py")):
        digest.update(f"\n# {path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _plain(requests: Mapping[str, queries.Request]) -> dict:
    return {
        label: [name, {p: v for p, v in sorted((params or {}).items())}]
        for label, (name, params) in requests.items()
    }


def dumps(decision: suppression.Decision) -> str:
    """The decision as JSON: cells as lists of their parts, sets sorted for a stable text."""
    return json.dumps(
        {
            "values": [[list(key), value] for key, value in decision.values.items()],
            "primary": sorted((list(key) for key in decision.primary), key=str),
            "hidden": sorted((list(key) for key in decision.hidden), key=str),
            "groups": [[list(total), [list(p) for p in parts]] for total, parts in decision.groups],
            "derived": sorted((list(key) for key in decision.derived), key=str),
        }
    )


def loads(text: str) -> suppression.Decision:
    """The decision `dumps` wrote."""
    data = json.loads(text)
    return suppression.Decision(
        values={tuple(key): int(value) for key, value in data["values"]},
        primary={tuple(key) for key in data["primary"]},
        hidden={tuple(key) for key in data["hidden"]},
        groups=[(tuple(total), tuple(tuple(p) for p in parts)) for total, parts in data["groups"]],
        derived={tuple(key) for key in data["derived"]},
    )


def store(con: duckdb.DuckDBPyConnection, requests: Mapping[str, queries.Request], k: int) -> bool:
    """Decide the run `requests` at `k` on the warehouse `con` writes, and keep the decision
    with its fingerprint (replacing any earlier one). Nothing is kept when the JSON would not
    give back the very same decision (a cell value JSON cannot carry): pages then decide live."""
    decision = queries.decision(con, requests, k)
    text = dumps(decision)
    con.execute(
        f"create table if not exists {TABLE} (fingerprint varchar not null, decision varchar not null)"  # noqa: E501
    )
    con.execute(f"delete from {TABLE}")  # noqa: S608 - a fixed table name
    if loads(text) != decision:
        return False
    con.execute(f"insert into {TABLE} values ($f, $d)", {"f": fingerprint(requests, k), "d": text})  # noqa: S608
    return True


def stored(
    con: duckdb.DuckDBPyConnection, requests: Mapping[str, queries.Request], k: int
) -> suppression.Decision | None:
    """The kept decision of the run `requests` at `k`, or None when there is none for exactly
    these requests, k and code (an older warehouse has no table at all)."""
    try:
        row = con.execute(
            f"select decision from {TABLE} where fingerprint = $f",  # noqa: S608
            {"f": fingerprint(requests, k)},
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else loads(row[0])
