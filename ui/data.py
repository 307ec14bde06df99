"""The app's access to the warehouse: one read-only connection per session, re-attached when
the ETL swaps in a new warehouse file, and query results cached per warehouse version."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import queries
from etl.warehouse import db_path
from queries import privacy, stored
from ui import page_views


def warehouse() -> Path:
    return db_path()


def version() -> tuple[str, int, int] | None:
    """Changes whenever a load swaps in a new file (new inode and modification time)."""
    path = warehouse()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return str(path), stat.st_ino, stat.st_mtime_ns


@st.cache_resource(scope="session", max_entries=1, on_release=lambda con: con.close())
def _connection(warehouse_version: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return queries.connect(Path(warehouse_version[0]))


def connection(warehouse_version: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    """This session's read-only connection to the warehouse of this `version()`."""
    return _connection(warehouse_version)


@st.cache_data(max_entries=500, show_spinner=False)
def _cached(warehouse_version: tuple[str, int, int], name: str, params: tuple) -> pd.DataFrame:
    return queries.run(_connection(warehouse_version), name, dict(params))


def query(name: str, **params: object) -> pd.DataFrame:
    """Rows of queries/<name>.sql for these filter values, from the current warehouse."""
    current = version()
    if current is None:
        raise FileNotFoundError(warehouse())
    # k is part of the key: a result suppressed at one threshold is not the answer at another.
    keyed = {**params, "k": privacy.k()}
    return _cached(current, name, tuple(sorted((k, _hashable(v)) for k, v in keyed.items())))


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@st.cache_data(max_entries=50, show_spinner=False)
def _cached_decision(
    warehouse_version: tuple[str, int, int], requests: tuple, k: int, within: tuple
) -> queries.suppression.Decision:
    """The decision of one view, within the wider views `within` (widest first). The publish
    run of everything, which every page is decided within, and each page's view at its default
    filters come from the warehouse when the load kept them for this k and code
    (queries.stored), else they are decided here: the same decision either way, but a cold page
    need not pay for it. A page's default view in another context (a narrowed page's) is
    decided from the cells kept with it, when they are kept."""
    con, asked = _connection(warehouse_version), _requests(requests)
    kept = stored.stored(con, asked, k, [_requests(w) for w in within])
    if kept is not None:
        return kept
    context = _cached_decision(warehouse_version, within[-1], k, within[:-1]) if within else None
    # a page's default view as a narrowed page's context: decided within the publish run of
    # the narrowed page's scope, from the cells kept with its default decision
    cells = stored.stored_cells(con, asked, k)
    if cells is not None:
        return queries.suppression.decide(cells[0], k, forced=cells[1], context=context)
    return queries.decision(con, asked, k, context)


@st.cache_data(max_entries=200, show_spinner=False)
def _cached_view(
    warehouse_version: tuple[str, int, int],
    requests: tuple,
    within: tuple,
    k: int,
    later: tuple[str, ...] = (),
) -> dict[str, pd.DataFrame]:
    """The view's frames by label. `later`: labels whose frames may be left out, when the
    view is decided without their rows (a kept decision): `view` reads them when shown."""
    con, asked = _connection(warehouse_version), _requests(requests)
    shown = _kept_view(con, asked, within, k, later)
    if shown is not None:
        return shown
    if within and set(within[-1]) <= set(requests):
        # the view asks for everything the widest does (Regions' default page and its
        # drill-down): one decision serves both (queries.view_within)
        context = (
            _cached_decision(warehouse_version, within[-2], k, within[:-2]) if within[1:] else None
        )
        return queries.view_within(con, asked, _requests(within[-1]), k, context)
    context = _cached_decision(warehouse_version, within[-1], k, within[:-1]) if within else None
    return queries.view(con, asked, k=k, context=context)


def _kept_view(
    con: duckdb.DuckDBPyConnection, asked: dict, within: tuple, k: int, later: tuple = ()
) -> dict[str, pd.DataFrame] | None:
    """The view as the decision a load kept for it makes it (page_views.defaults: a page at
    its default filters): the decision of the view itself within `within`, or of its default
    view (`within[-1]`) when it asks for that and more (Regions' drill-down grant) and the more
    shows no other cell (queries.view_decided). None when none is kept: decide live."""
    chain = [_requests(w) for w in within]
    kept = stored.stored_hidden(con, asked, k, chain)
    if kept is not None:
        return queries.view_decided(con, asked, kept, k, later=later)
    if within and set(within[-1]) <= set(_key(asked)):
        kept = stored.stored_hidden(con, chain[-1], k, chain[:-1])
        if kept is not None:
            return queries.view_decided(con, asked, kept, k, chain[-1], later)
    return None


def view(
    widest: Mapping[str, tuple[str, Mapping[str, object]]] | None = None,
    scope: Mapping[str, object] | None = None,
    later: tuple[str, ...] = (),
    **requests: tuple[str, Mapping[str, object]],
) -> dict[str, pd.DataFrame | Callable[[], pd.DataFrame]]:
    """Everything one page shows for one filter state, suppressed together (SPEC §6):
    `view(stages=("pathway_stages", {"regions": [...]}), ...)` → {"stages": rows, ...}.
    `widest`: the same page's requests at its default filters, so that a narrowed page and the
    default one give nothing away together. The page is decided within the publish run of
    everything and that of its `scope` (the sidebar's fiscal years, regions and themes), as
    queries.narrowed_view does, so it agrees cell by cell with the files published for it.

    `later`: labels of frames the page shows only when asked (the Themes page's 100k programs,
    folded under their title): each is a function giving its frame, read then, so that a cold
    page at its default filters, which applies a kept decision, does not read them at all."""
    current = version()
    if current is None:
        raise FileNotFoundError(warehouse())
    key, k = _key(requests), privacy.k()
    within = tuple(_key(w) for w in page_views.within(requests, widest or requests, scope))
    frames: dict = dict(_cached_view(current, key, within, k, tuple(later)))
    for label in later:
        if label not in frames:  # left out: the whole view, cached, when the page shows it
            frames[label] = partial(_later, current, key, within, k, label)
    return frames


def _later(
    warehouse_version: tuple[str, int, int], requests: tuple, within: tuple, k: int, label: str
) -> pd.DataFrame:
    return _cached_view(warehouse_version, requests, within, k)[label]


def _key(requests: Mapping[str, tuple[str, Mapping[str, object]]]) -> tuple:
    return tuple(
        (label, name, tuple(sorted((p, _hashable(v)) for p, v in params.items())))
        for label, (name, params) in sorted(requests.items())
    )


def _requests(key: tuple) -> dict[str, tuple[str, dict[str, object]]]:
    return {
        label: (name, {p: list(v) if isinstance(v, tuple) else v for p, v in params})
        for label, name, params in key
    }
