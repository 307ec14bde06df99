"""The page queries run read-only, side by side: eight threads, each with its own connection,
get exactly what one thread gets."""

import re
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

import queries
from queries import privacy
from tests.metrics_fixture import METRICS, build

FILTERS = (
    {},
    {"fiscal_years": ["FY2023-24"]},
    {"regions": ["SSA", "SA"], "themes": ["education"]},
    {"funds": ["rapid"], "fiscal_years": ["FY2022-23", "FY2023-24"]},
)
EVERY_FILTER = range(len(FILTERS))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("queries"), METRICS)


def every_result(db, filter_sets=EVERY_FILTER) -> dict[tuple[str, int], pd.DataFrame]:
    """Every page query's result under the filter sets numbered `filter_sets`, keyed (query,
    number of the filter set)."""
    con = queries.connect(db)
    try:
        return {
            (path.stem, n): queries.run(
                con, path.stem, privacy.bind(queries.sql(path.stem), FILTERS[n], 5)
            )
            for path in sorted(queries.QUERY_DIR.glob("*.sql"))
            for n in filter_sets
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def baseline(db):
    return every_result(db)


def test_every_query_runs_with_every_filter(baseline):
    results = baseline
    assert len(results) == len(list(queries.QUERY_DIR.glob("*.sql"))) * len(FILTERS)
    assert not results[("funding_by_region_year", 0)].empty


def test_eight_threads_each_with_a_connection_get_identical_results(db, baseline):
    # Each thread runs every query under one filter set, two threads per set, all at once: the
    # same concurrency as eight full runs at a quarter of the work.
    shares = [[n % len(FILTERS)] for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for share, results in zip(shares, pool.map(every_result, [db] * 8, shares), strict=True):
            expected = {key: frame for key, frame in baseline.items() if key[1] in share}
            assert results.keys() == expected.keys()
            for key, frame in results.items():
                pd.testing.assert_frame_equal(frame, expected[key], obj=str(key))


def test_null_filters_mean_all(db):
    con = queries.connect(db)
    try:
        for name in ("funding_by_region_year", "participation_by_region_year", "pathway_stages"):
            text = queries.sql(name)
            bound = privacy.bind(text, {}, 5)
            nulls = {p: None if p in privacy.FILTERS else v for p, v in bound.items()}
            pd.testing.assert_frame_equal(
                queries.run(con, name, nulls), queries.run(con, name, bound)
            )
    finally:
        con.close()


def test_pages_read_marts_and_reference_tables_never_the_facts():
    facts = re.compile(r"core\.(grants|programs|participation|people|roles|budgets|active_editors)")
    for path in sorted(queries.QUERY_DIR.glob("*.sql")):
        assert not facts.search(path.read_text(encoding="utf-8")), path.name
