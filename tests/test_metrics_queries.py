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


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("queries"), METRICS)


def every_result(db) -> dict[tuple[str, int], pd.DataFrame]:
    con = queries.connect(db)
    try:
        return {
            (path.stem, n): queries.run(
                con, path.stem, privacy.bind(queries.sql(path.stem), filters, 5)
            )
            for path in sorted(queries.QUERY_DIR.glob("*.sql"))
            for n, filters in enumerate(FILTERS)
        }
    finally:
        con.close()


def test_every_query_runs_with_every_filter(db):
    results = every_result(db)
    assert len(results) == len(list(queries.QUERY_DIR.glob("*.sql"))) * len(FILTERS)
    assert not results[("funding_by_region_year", 0)].empty


def test_eight_threads_each_with_a_connection_get_identical_results(db):
    baseline = every_result(db)
    with ThreadPoolExecutor(max_workers=8) as pool:
        for results in pool.map(every_result, [db] * 8):
            assert results.keys() == baseline.keys()
            for key, frame in results.items():
                pd.testing.assert_frame_equal(frame, baseline[key], obj=str(key))


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
