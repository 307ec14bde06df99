"""The query layer: one SQL file per result, run read-only with bound parameters.

Callers name a query and pass plain values; they never see or build SQL. Every result with
people counts is suppressed here (SPEC §6), for a whole view at once: `view` takes everything a
page (for one filter state) or a publish run shows and decides each people count once; `run` is
a view of one result. queries/people.py says which columns are people counts. A view with no
context whose decision a load kept (the publish run of everything, queries.stored) applies it
instead of deciding; `decision` itself always decides, from the rows."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from queries import people, privacy, suppression

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


Request = tuple[str, Mapping[str, object] | None]


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """Run one named query and return its rows, suppressed as a view of their own; filters left
    out mean "all", and the suppression threshold k comes from params['k'] or $GROWTH_K."""
    return view(con, {name: (name, params)}, k=_k(params))[name]


def view(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    k: int | None = None,
    context: suppression.Decision | None = None,
) -> dict[str, pd.DataFrame]:
    """Everything one view shows, by the caller's names: {label: (query name, params)} →
    {label: rows}. Each people count is decided once for the whole view (SPEC §6): hidden counts
    are NULL with a `<count>_suppressed` flag beside them, wherever they appear. `context`: the
    `decision` of the same page at its default filters, when these are narrower (see
    suppression.decide)."""
    threshold = _threshold(k)
    frames, shows, counted = _read(con, requests, threshold)
    if not shows:
        return frames
    chosen = _kept(con, requests, threshold, hidden_only=True) if context is None else None
    if chosen is None:
        chosen = _decide(counted, shows, threshold, context)
    return {**frames, **suppression.apply(counted, shows, chosen, threshold)}


def _kept(
    con: duckdb.DuckDBPyConnection, requests: Mapping[str, Request], k: int, hidden_only: bool
) -> suppression.Decision | None:
    """The decision a load kept for this view with no context (the publish run of everything:
    queries.stored), or None: decide live, which gives the same decision. `hidden_only`: its
    hidden cells alone, all that `suppression.apply` reads."""
    from queries import stored  # it imports this module

    read = stored.stored_hidden if hidden_only else stored.stored
    return read(con, requests, k)


def narrowed_view(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    within: Sequence[Mapping[str, Request]] = (),
    k: int | None = None,
) -> dict[str, pd.DataFrame]:
    """A view decided within wider ones (`within`, widest first: say, the publish run of
    everything, then that of the page's scope, then the page at its default filters): each is
    decided in the context of those before it, and this view in the context of them all, so a
    reader who sees them all learns nothing hidden in any, and each cell they share agrees."""
    if not within:
        return view(con, requests, k)
    context = None
    for wider in within[:-1]:
        context = _decision(con, wider, k, context)
    return view_within(con, requests, within[-1], k, context)


def view_within(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    wider: Mapping[str, Request],
    k: int | None = None,
    context: suppression.Decision | None = None,
) -> dict[str, pd.DataFrame]:
    """`view(requests, context=decision(wider, context))`, with one decision instead of two when
    the view asks for everything `wider` does (the same requests under the same labels) and
    shows no other cell (Regions at its default filters: the page's default view and the
    programs of the grant its drill-down picks, which that view holds already).

    The two then give the same decision: deciding a view whose cells are all its context's,
    with the same values and forced cells, hides nothing the context does not (its other cells
    are known to the reader, never a complement; no cell is new to audit). So the wider view's
    decision is applied to the whole view; otherwise its queries' rows serve both decisions."""
    threshold = _threshold(k)
    shared = [label for label in wider if requests.get(label) == wider[label]]
    if len(shared) < len(wider):
        return view(con, requests, k, context=_decision(con, wider, k, context))
    frames, shows, counted = _read(con, requests, threshold)
    if not shows:
        return frames
    inner = {label for label in shared if label in shows}
    values, every = suppression.nested_cells(counted, shows, inner)
    forced = suppression.forced({label: counted[label] for label in inner}, shows)
    every_forced = suppression.forced(counted, shows)
    widest = suppression.decide(values, threshold, forced=forced, context=context)
    if every != values or every_forced != forced:
        widest = suppression.decide(every, threshold, forced=every_forced, context=widest)
    return {**frames, **suppression.apply(counted, shows, widest, threshold)}


# Queries whose every row is one entity's (a program), its values worked out from that entity
# alone, and whose filters each keep or drop whole rows ("all" when empty or None): the rows of
# two filter sets together are exactly the rows of either that pass the other's filters, with
# the same values. So whether the rows one request asks for are rows of another request of the
# same query is known from a read of just those (`_together`), not of all the other's rows.
# tests/test_view_within.py checks each, on the demo, against the rows read whole.
ROW_PER_ENTITY = frozenset({"program_outcomes"})


def view_decided(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    decided: suppression.Decision,
    k: int | None = None,
    wider: Mapping[str, Request] | None = None,
    later: Collection[str] = (),
) -> dict[str, pd.DataFrame] | None:
    """The view `requests` with its decision already made: `decided`, the decision of `wider`
    (default: of `requests` themselves) in the context it was decided in, kept by a load
    (queries.stored; only its hidden cells are read). That is `view_within(requests, wider,
    context)` exactly when the view asks for everything `wider` does and every row of its other
    people-count results is a row of a result of `wider` from the same query (the programs of
    Regions' drill-down grant among the page's programs): their cells are then `wider`'s, with
    the same values and forced flags, so its decision is the view's. None otherwise, once the
    rows are checked: decide live. `later`: labels of `wider` whose rows are neither read nor
    returned (the page asks for them when it shows them: the decision does not need them);
    when other rows must be checked against one, its rows are read unless its query is
    ROW_PER_ENTITY, where the rows of both filter sets together are enough."""
    wider = requests if wider is None else wider
    if any(requests.get(label) != wider[label] for label in wider):
        return None
    threshold = _threshold(k)
    extra = [
        label for label in requests if label not in wider and requests[label][0] in people.SHOWS
    ]
    checks = {label: _checks(requests, wider, label) for label in extra}
    if any(
        other in later and params is None for found in checks.values() for other, params in found
    ):
        later = ()  # rows to check against must be read whole
    read = {label: r for label, r in requests.items() if label not in later}
    frames, shows, counted = _read(con, read, threshold)
    if not shows:
        return frames
    for label, found in checks.items():
        if not any(
            _rows_within(
                counted[label],
                counted[other]
                if params is None
                else _raw(con, requests[other][0], params, threshold),
                shows[label],
            )
            for other, params in found
        ):
            return None
    return {**frames, **suppression.apply(counted, shows, decided, threshold)}


def _checks(
    requests: Mapping[str, Request], wider: Mapping[str, Request], label: str
) -> list[tuple[str, Mapping[str, object] | None]]:
    """The results of `wider` from the query of `label`, which its rows may be rows of, each
    with the filters of both together when its rows need not be read whole to tell
    (`_together`), else None."""
    name = requests[label][0]
    return [
        (other, _together(name, requests[other][1], requests[label][1]))
        for other in wider
        if requests[other][0] == name
    ]


def _together(
    name: str, params: Mapping[str, object] | None, narrower: Mapping[str, object] | None
) -> dict[str, object] | None:
    """The filters `params` and `narrower` of the query `name` both applied, when the query is
    ROW_PER_ENTITY and no filter is set to two different values; else None."""
    if name not in ROW_PER_ENTITY:
        return None
    both = dict(params or {})
    for key, value in (narrower or {}).items():
        if _all(both.get(key)):
            both[key] = value
        elif not _all(value) and both[key] != value:
            return None  # two choices of one filter: not the rows of both
    return both


def _all(value: object) -> bool:
    """Whether a filter's value chooses everything: None or empty."""
    return value is None or (isinstance(value, (list, tuple, set)) and not value)


def _rows_within(rows: pd.DataFrame, whole: pd.DataFrame, shows: suppression.Shows) -> bool:
    """Whether every row of `rows` is a row of `whole` in each column its cells are read from
    (dimensions, measures, counts and the forced flag)."""
    used = [shows.forced] if shows.forced else []
    for column, (subject, measure) in shows.counts.items():
        used += [*suppression.SUBJECTS[subject].dims, column]
        used += [measure[1:]] if measure.startswith("@") else []
    columns = [c for c in dict.fromkeys(used) if c in rows.columns]
    if any(c not in whole.columns for c in columns):
        return False
    if rows.empty:
        return True
    try:
        found = rows[columns].merge(
            whole[columns].drop_duplicates(), on=columns, how="left", indicator=True
        )
    except (TypeError, ValueError):
        return False  # columns of types that do not compare: not known to be the same rows
    return bool((found["_merge"] == "both").all())


def decision(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    k: int | None = None,
    context: suppression.Decision | None = None,
) -> suppression.Decision:
    """The suppression decision of one view, to pass as the `context` of narrower views; it
    holds its own `context`'s cells and decisions too."""
    threshold = _threshold(k)
    values, forced = cells(con, requests, threshold)
    return suppression.decide(values, threshold, forced=forced, context=context)


def _decision(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    k: int | None,
    context: suppression.Decision | None,
) -> suppression.Decision:
    """`decision`, read from the warehouse when a load kept it (`_kept`: with no context)."""
    if context is None:
        kept = _kept(con, requests, _threshold(k), hidden_only=False)
        if kept is not None:
            return kept
    return decision(con, requests, k, context)


def _threshold(k: int | None) -> int:
    """The k a view is suppressed at: `k`, or $GROWTH_K when None (privacy.k)."""
    return privacy.k(None if k is None else str(k))


def cells(
    con: duckdb.DuckDBPyConnection, requests: Mapping[str, Request], k: int
) -> tuple[dict[suppression.Key, int], set[suppression.Key]]:
    """What the decision of one view is made from, whatever its context: its people counts by
    cell (suppression.cells) and the cells hidden whatever their size (suppression.forced)."""
    shows = _shows(requests)
    frames = _each(con, requests, shows, k)
    return suppression.cells(frames, shows), suppression.forced(frames, shows)


def _decide(
    frames: Mapping[str, pd.DataFrame],
    shows: Mapping[str, suppression.Shows],
    k: int,
    context: suppression.Decision | None,
) -> suppression.Decision:
    return suppression.decide(
        suppression.cells(frames, shows),
        k,
        forced=suppression.forced(frames, shows),
        context=context,
    )


def _read(
    con: duckdb.DuckDBPyConnection, requests: Mapping[str, Request], k: int
) -> tuple[dict[str, pd.DataFrame], dict[str, suppression.Shows], dict[str, pd.DataFrame]]:
    """Every request's rows by label, what the people-count ones show, and those frames."""
    frames = _each(con, requests, requests, k)
    shows = _shows(requests)
    return frames, shows, {label: frames[label] for label in shows}


def _shows(requests: Mapping[str, Request]) -> dict[str, suppression.Shows]:
    return {
        label: people.SHOWS[name] for label, (name, _) in requests.items() if name in people.SHOWS
    }


def _each(
    con: duckdb.DuckDBPyConnection,
    requests: Mapping[str, Request],
    labels: Collection[str],
    k: int,
) -> dict[str, pd.DataFrame]:
    """The rows of the requests `labels`, by label, each query run once per distinct set of
    parameters it binds: a page may ask for the same rows under several labels (Themes in one
    region: its themes, trends and regions heatmap, three reads of one query at 10M rows).
    A label asking again gets a copy, so that no two labels share a frame."""
    read: dict[tuple, pd.DataFrame] = {}
    frames = {}
    for label in labels:
        name, params = requests[label]
        bound = privacy.bind(sql(name), params, k)
        key = (name, *((p, tuple(v) if isinstance(v, list) else v) for p, v in bound.items()))
        if key in read:
            frames[label] = read[key].copy()
        else:
            frames[label] = read[key] = _raw(con, name, params, k)
    return frames


def _raw(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None, k: int
) -> pd.DataFrame:
    text = sql(name)
    return con.execute(text, privacy.bind(text, params, k)).df()


def _k(params: Mapping[str, object] | None) -> int | None:
    chosen = (params or {}).get("k")
    return None if chosen is None else privacy.k(str(chosen))
