"""queries.view_within decides a view that asks for everything its wider view does once instead
of twice (Regions at its default filters with the grant its drill-down picks): the page must
come out exactly as when the wider view is decided first and the page within it."""

import pandas as pd
import pytest

import queries
from etl.reference import REGIONS
from ui import page_views

DEFAULT = {"fiscal_years": [], "regions": list(REGIONS), "funds": [], "themes": []}


@pytest.fixture(scope="module")
def con(demo_db):
    connection = queries.connect(demo_db)
    yield connection
    connection.close()


def two_decisions(con, requests, wider, k=5):
    """The page as decided before view_within: the wider view's decision, then the page's."""
    published = queries.decision(con, page_views.published(), k)
    return queries.view(con, requests, k, context=queries.decision(con, wider, k, published))


def assert_same(one, other):
    assert one.keys() == other.keys()
    for label in one:
        pd.testing.assert_frame_equal(one[label], other[label], check_exact=True)


def hidden(frames):
    return sum(
        int(frame[column].sum())
        for frame in frames.values()
        for column in frame.columns
        if column.endswith("_suppressed")
    )


def grants(con, fiscal_year=None):
    """Grants with programs, most programs first (of programs starting in `fiscal_year`)."""
    return (
        con.execute(
            "select grant_id from marts.program_outcomes where grant_id is not null"
            " and ($fy is null or fiscal_year = $fy) group by 1 order by count(*) desc, 1",
            {"fy": fiscal_year},
        )
        .df()["grant_id"]
        .tolist()
    )


@pytest.mark.parametrize("pick", [0, -1])  # the grant with most programs, one with one
def test_regions_default_page_with_its_drill_down_is_the_default_view_decided_once(con, pick):
    wider = page_views.regions(DEFAULT, "FY2024-25")
    page = page_views.regions(DEFAULT, "FY2024-25", None, grants(con)[pick])
    within = [page_views.published(), wider]
    once = queries.narrowed_view(con, page, within)
    assert_same(once, two_decisions(con, page, wider))
    assert once["grant programs"]["participants_suppressed"].notna().all()
    assert hidden(once) > 100  # the demo hides hundreds of cells here: not a vacuous match


def test_a_view_showing_cells_its_wider_view_does_not_is_decided_within_it(con):
    # the wider view shows FY2023-24's programs; the page adds grant G-2019-0007's, of
    # FY2019-20, whose cells are new: P-000014, alone in its program-type cell, brought one new
    # editor, hidden; the page is decided within the wider view, as before
    wider = {"programs": ("program_outcomes", {**DEFAULT, "fiscal_years": ["FY2023-24"]})}
    page = {**wider, "grant programs": ("program_outcomes", {"grant_id": "G-2019-0007"})}
    once = queries.narrowed_view(con, page, [page_views.published(), wider])
    assert_same(once, two_decisions(con, page, wider))
    programs = once["grant programs"].set_index("program_id")
    assert programs.loc["P-000014", "new_editors_dashboard_suppressed"]
    assert not programs.loc["P-000014", "participants_suppressed"]  # 47
    assert not set(programs.index) & set(once["programs"]["program_id"])


@pytest.mark.parametrize("query", sorted(queries.ROW_PER_ENTITY))
@pytest.mark.parametrize(
    "page, narrower",
    [
        (DEFAULT, {"grant_id": "G-2019-0007"}),
        ({**DEFAULT, "fiscal_years": ["FY2019-20"]}, {"grant_id": "G-2019-0007"}),
        ({**DEFAULT, "fiscal_years": ["FY2023-24"]}, {"grant_id": "G-2019-0007"}),
        ({**DEFAULT, "regions": ["SSA"]}, {"fiscal_years": ["FY2023-24"], "themes": []}),
    ],
)
def test_the_rows_of_two_filter_sets_together_are_the_rows_of_each_that_pass_the_other(
    con, query, page, narrower
):
    """What queries.ROW_PER_ENTITY claims of its queries, which view_decided relies on to check
    a drill-down's rows against the page's without reading the page's: the rows of both filter
    sets together (queries._together) are the page's rows that are also the narrower request's,
    value for value (the rows read whole and matched by hand here)."""
    both = queries._together(query, page, narrower)
    assert both == {**page, **{key: value for key, value in narrower.items() if value}}
    together = queries._raw(con, query, both, 5)
    whole = queries._raw(con, query, page, 5)
    alone = queries._raw(con, query, narrower, 5)
    expected = whole[whole["program_id"].isin(alone["program_id"])].reset_index(drop=True)
    # dtypes aside: a column with no value in a few rows comes back as objects
    same = {"check_exact": True, "check_dtype": False}
    pd.testing.assert_frame_equal(together.reset_index(drop=True), expected, **same)
    mine = alone[alone["program_id"].isin(whole["program_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(together.reset_index(drop=True), mine, **same)
    assert len(alone) > 0 and len(whole) > 0


def test_filters_set_twice_to_different_values_or_other_queries_are_never_put_together():
    """Two choices of one filter are not the rows of both (a program of FY2019-20 is not one of
    FY2019-20 and FY2023-24), and a query not known to be one row per entity is read whole."""
    one, other = {"fiscal_years": ["FY2019-20"]}, {"fiscal_years": ["FY2023-24"]}
    assert queries._together("program_outcomes", one, other) is None
    assert queries._together("program_outcomes", one, {"fiscal_years": []}) == one
    assert queries._together("program_outcomes", {"grant_id": None}, {"grant_id": "G"}) == {
        "grant_id": "G"
    }
    assert queries._together("participation_by_region_year", {}, {"regions": ["SSA"]}) is None


def test_a_query_asked_twice_with_the_same_filters_is_run_once(con, monkeypatch):
    """Themes in one region asks for its themes, its trends and its regions heatmap with the
    same filters: one read serves the three labels, each with a frame of its own."""
    narrowed = {"fiscal_years": ["FY2023-24"], "regions": ["SSA"], "funds": [], "themes": []}
    requests = page_views.themes(narrowed, regions=("SSA",))
    calls = []
    real = queries._raw

    def recorded(con, name, params, k):
        calls.append(name)
        return real(con, name, params, k)

    monkeypatch.setattr(queries, "_raw", recorded)
    shown = queries.view(con, requests, 5)
    # the three labels once, the Gender Gap bars (another theme filter) and the programs
    assert sorted(calls) == ["program_outcomes", "themes_by_year", "themes_by_year"]
    trends = shown["trends"]
    for label in ("all themes", "by region"):
        pd.testing.assert_frame_equal(shown[label], trends, check_exact=True)
        assert shown[label] is not trends
