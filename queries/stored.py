"""Decisions worked out once per load and kept in the warehouse (meta.stored_decision), so that
the first page view after a server start or a load does not pay for them: the publish run of
everything, which every page is decided within (ui/page_views.within), and each page's view at
its default filters decided within that run (ui/page_views.defaults), which a cold page at its
default filters then applies instead of deciding. With each page's decision the cells it was
decided from are kept too (its people counts and forced cells, `stored_cells`): a narrowed page
decides its default view within the publish run of its own scope, a context no load can know in
advance, and starts from those cells instead of reading the default view's 100k program rows.

A decision is stored as JSON of its cells (the warehouse is data, not code: no pickle), beside
a fingerprint of everything it depends on besides the data: k, the requests of the view and of
the views it was decided within, the text of every query they name and the code that decides
(queries/*.py). A stored decision whose fingerprint differs (another k, changed code, an older
warehouse) is not used: the caller decides live, which gives the same decision. The data a
kept decision depends on is the load's to watch: every store replaces all of them, and a load
that rebuilds a mart any of them reads stores them again (etl.load.store_published_decision)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

import duckdb

import queries
from queries import suppression

TABLE = "meta.stored_decision"


def fingerprint(
    requests: Mapping[str, queries.Request], k: int, within: Sequence[Mapping] = ()
) -> str:
    """A hash of what the decision of `requests`, decided within the views `within` (widest
    first, as queries.narrowed_view takes them), depends on besides the warehouse's rows."""
    digest = hashlib.sha256()
    digest.update(f"k={k}\n".encode())
    digest.update(json.dumps(_plain(requests), sort_keys=True, default=str).encode())
    for wider in within:
        digest.update(b"\nwithin ")
        digest.update(json.dumps(_plain(wider), sort_keys=True, default=str).encode())
    for name in sorted({name for view in (requests, *within) for name, _ in view.values()}):
        digest.update(f"\n-- {name}\n".encode())
        digest.update(queries.sql(name).encode())
    digest.update(_code())
    return digest.hexdigest()


@cache
def _code() -> bytes:
    """The code that decides (queries/*.py), read once per process: every view with no
    context looks for a kept decision (queries.view)."""
    return b"".join(
        f"\n# {path.name}\n".encode() + path.read_bytes()
        for path in sorted(queries.QUERY_DIR.glob("*.py"))
    )


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


# the key of a view's kept cells: its fingerprint (no context: the cells do not depend on one)
# after this prefix, which no hex digest starts with
CELLS = "cells "


def dumps_cells(values: Mapping[suppression.Key, int], forced: set[suppression.Key]) -> str:
    """A view's people counts by cell and its forced cells (`queries.cells`) as JSON, by
    column: each run of cells with keys of one length (one subject's) as a list per key part
    (and one of counts), in the view's order, each list of parts as its distinct parts and the
    index of each row's among them. At 10M a page's 35k cells as one list each took Python
    1.6–2.5 times as long to read back (`loads_cells`: 75–160 against 45–95 ms), on every cold
    narrowed page; and each part written out in full came back as a string of its own for each
    time it occurs: the decision made from them took 1.6 times as long (117–123 against 73 ms)
    and, in the app's cache, 3.0 against 1.8 MB and 2.5 times as long to pickle and unpickle."""
    return json.dumps(
        {
            "values": [
                {"keys": keys, "counts": [values[key] for key in run]}
                for run, keys in _columns(values)
            ],
            "forced": [keys for _, keys in _columns(sorted(forced, key=str))],
        }
    )


def _columns(keys: Iterable[suppression.Key]) -> list[tuple[list, list[list]]]:
    """Runs of consecutive keys of one length, each with its key parts by column (`_encoded`)."""
    runs: list[list] = []
    for key in keys:
        if not runs or len(runs[-1][0]) != len(key):
            runs.append([])
        runs[-1].append(key)
    return [(run, [_encoded(column) for column in zip(*run, strict=True)]) for run in runs]


def _encoded(column: Sequence[object]) -> list[list]:
    """A column of key parts as its distinct parts (in the order they first occur) and each
    row's index among them. Told apart by type too: 1 and True are equal, not the same part."""
    index: dict[tuple[type, object], int] = {}
    rows = [index.setdefault((type(part), part), len(index)) for part in column]
    return [[part for _, part in index], rows]


def loads_cells(text: str) -> tuple[dict[suppression.Key, int], set[suppression.Key]]:
    """The cells `dumps_cells` wrote: each run's keys zipped back from their columns, each
    distinct part one object shared by the keys it is part of."""
    data = json.loads(text)

    def keys(columns: list[list]) -> Iterator[suppression.Key]:
        return zip(*(map(parts.__getitem__, rows) for parts, rows in columns), strict=True)

    values: dict[suppression.Key, int] = {}
    for run in data["values"]:
        values.update(zip(keys(run["keys"]), run["counts"], strict=True))
    forced = {key for columns in data["forced"] for key in keys(columns)}
    return values, forced


def store(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, queries.Request],
    k: int,
    views: Sequence[Mapping[str, queries.Request]] = (),
) -> bool:
    """Decide the run `requests` at `k` on the warehouse `con` writes, and each of `views` (the
    pages at their default filters) within it, and keep them with their fingerprints, replacing
    every earlier one. A decision whose JSON would not give back the very same decision (a cell
    value JSON cannot carry) is not kept: pages then decide live. False when the run's is not."""
    decision = queries.decision(con, requests, k)
    text = dumps(decision)
    con.execute(
        f"create table if not exists {TABLE} (fingerprint varchar not null, decision varchar not null)"  # noqa: E501
    )
    con.execute(f"delete from {TABLE}")  # noqa: S608 - a fixed table name
    if loads(text) != decision:
        return False
    kept = [(fingerprint(requests, k), text)]
    for view in views:
        values, forced = queries.cells(con, view, k)
        inner = suppression.decide(values, k, forced=forced, context=decision)
        inner_text, cells_text = dumps(inner), dumps_cells(values, forced)
        if loads(inner_text) == inner:
            kept.append((fingerprint(view, k, [requests]), inner_text))
        if loads_cells(cells_text) == (values, forced):
            kept.append((CELLS + fingerprint(view, k), cells_text))
    con.executemany(f"insert into {TABLE} values (?, ?)", kept)  # noqa: S608
    return True


def stored(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, queries.Request],
    k: int,
    within: Sequence[Mapping[str, queries.Request]] = (),
) -> suppression.Decision | None:
    """The kept decision of the view `requests` at `k`, decided within `within` (the publish
    run, for a page at its default filters), or None when there is none for exactly these
    requests, k and code (an older warehouse has no table at all)."""
    text = _kept(con, "decision", fingerprint(requests, k, within))
    return None if text is None else loads(text)


def is_kept(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, queries.Request],
    k: int,
    within: Sequence[Mapping[str, queries.Request]] = (),
) -> bool:
    """Whether `stored` would give a decision, without reading it (at 10M a page's is 5 MB of
    JSON): what a load and `etl upgrade` ask before deciding again."""
    return _kept(con, "true", fingerprint(requests, k, within)) is not None


def stored_cells(
    con: duckdb.DuckDBPyConnection, requests: Mapping[str, queries.Request], k: int
) -> tuple[dict[suppression.Key, int], set[suppression.Key]] | None:
    """The people counts and forced cells of the view `requests` (`queries.cells`) as the
    last store read them, for a page's view at its default filters, or None when none are kept
    for exactly these requests, k and code. `suppression.decide` over them, in any context, is
    `queries.decision` of the view in that context, without reading its rows."""
    text = _kept(con, "decision", CELLS + fingerprint(requests, k))
    return None if text is None else loads_cells(text)


def stored_hidden(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, queries.Request],
    k: int,
    within: Sequence[Mapping[str, queries.Request]] = (),
) -> suppression.Decision | None:
    """The hidden cells of the kept decision `stored` gives, alone: all that
    `suppression.apply` reads, for a page at its default filters (queries.view_decided). Not a
    context for narrower views (it has no cells or groups). DuckDB picks them out of the JSON,
    so Python parses a fifth of it: at 10M the whole is 5 MB, 0.1–0.3 s to parse."""
    text = _kept(
        con, "json_extract(decision, '$.hidden')::varchar", fingerprint(requests, k, within)
    )
    if text is None:
        return None
    hidden = {tuple(key) for key in json.loads(text)}
    return suppression.Decision(values={}, primary=set(), hidden=hidden, groups=[])


def _kept(con: duckdb.DuckDBPyConnection, column: str, key: str) -> str | None:
    """`column` (an SQL expression over the kept JSON) of the decision kept under the
    fingerprint `key`, or None when there is none (an older warehouse has no table at all)."""
    try:
        row = con.execute(
            f"select {column} from {TABLE} where fingerprint = $f",  # noqa: S608
            {"f": key},
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else row[0]
