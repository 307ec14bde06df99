"""A load keeps each page's decision at its default filters (ui/page_views.defaults,
queries.stored), and a cold page at those filters applies it instead of deciding: the frames
are exactly the live ones, a load that changes the data decides them again, and a view that
shows a cell its kept decision does not cover decides live.

On the tiny METRICS fixture (tests/metrics_fixture.py), by hand, at k = 5: P1 has three
participants (Ada, Eve, Fay) and P2 two (Ada, Dev), both hidden; P3 has six (Nia, Omar, Pia,
Quinn, Ravi, Lena) but is hidden too: with P4 (Pakistan, a protected country) it makes up South
Asia's FY2023-24 participants, which would give P4 away; P6 has no organizer, a 0 shown. P2 is
the only program of grant G6."""

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from etl import upgrade
from etl.load import load
from etl.reference import REGIONS
from queries import privacy, stored, suppression
from tests.metrics_fixture import METRICS
from tests.test_marts_rebuild import write
from ui import data, page_views


def program(frame: pd.DataFrame, program_id: str) -> pd.Series:
    return frame.set_index("program_id").loc[program_id]


@pytest.fixture(scope="module")
def upgraded_metrics_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("metrics")
    db = folder / "w.duckdb"
    load(write(folder / "in", METRICS), db)
    upgrade.upgrade(db)  # as `make run` does before serving: it keeps the pages' decisions
    return db


@pytest.fixture
def metrics_db(upgraded_metrics_db, tmp_path, monkeypatch) -> Path:
    """A copy of its own per test, which may load into it or upgrade it."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(upgraded_metrics_db, db)
    monkeypatch.setenv("GROWTH_DB", str(db))
    # the app's connection is cached per session, which only a running app has
    monkeypatch.setattr(data, "_connection", lambda version: queries.connect(Path(version[0])))
    data._cached_view.clear()
    data._cached_decision.clear()
    yield db
    data._cached_view.clear()
    data._cached_decision.clear()


def counting(monkeypatch) -> list:
    calls: list = []
    real = suppression.decide

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(suppression, "decide", counted)
    return calls


def test_a_load_keeps_each_default_page_decision_equal_to_the_live_one(metrics_db):
    k = privacy.k()
    con = queries.connect(metrics_db)
    try:
        published = page_views.published()
        context = queries.decision(con, published, k)
        views = page_views.defaults(con)
        assert len(views) == 3
        for view in views:
            kept = stored.stored(con, view, k, [published])
            assert kept is not None
            assert kept == queries.decision(con, view, k, context)
            # what a page applies: the same hidden cells, read alone
            assert stored.stored_hidden(con, view, k, [published]).hidden == kept.hidden
        # not vacuous: Themes' kept decision hides P1's three participants
        themes = stored.stored(con, views[2], k, [published])
        assert ("program", "participants", "P1", None, None) not in themes.values  # a free count
        assert len(themes.hidden) > 0
    finally:
        con.close()


def live_default_themes(metrics_db, k: int) -> tuple[dict, dict]:
    """Themes' requests at the default filters and their frames decided live, within the
    publish run of everything (as the page decides them)."""
    requests = page_views.themes(page_views.DEFAULT, regions=tuple(REGIONS))
    con = queries.connect(metrics_db)
    try:
        decided = queries.decision(con, page_views.published(), k)
        return requests, queries.view(con, requests, k, context=decided)
    finally:
        con.close()


def test_the_default_filters_the_load_keeps_are_the_sidebars():
    from ui.filters import Filters

    assert Filters().params() == page_views.DEFAULT


def test_themes_at_default_applies_its_kept_decision_and_shows_the_live_frames(
    metrics_db, monkeypatch
):
    k = privacy.k()
    requests, expected = live_default_themes(metrics_db, k)
    calls = counting(monkeypatch)
    within = tuple(data._key(w) for w in page_views.within(requests, requests))
    shown = data._cached_view(data.version(), data._key(requests), within, k)
    assert calls == []  # applied, not decided
    assert shown.keys() == expected.keys()
    for label, frame in expected.items():
        pd.testing.assert_frame_equal(shown[label], frame)
    programs = shown["programs"]
    assert pd.isna(program(programs, "P1")["participants"])
    assert program(programs, "P1")["participants_suppressed"]
    assert program(programs, "P3")["participants_suppressed"]  # P4's complement
    assert program(programs, "P6")["organizers"] == 0
    assert not program(programs, "P6")["organizers_suppressed"]


def regions_with_g6(metrics_db):
    """Regions at its default filters with grant G6 drilled down: the page's widest view, the
    view asked for, and its frames decided live within the published context."""
    k = privacy.k()
    con = queries.connect(metrics_db)
    try:
        widest = page_views.defaults(con)[1]
        context = queries.decision(con, page_views.published(), k)
        asked = {**widest, "grant programs": ("program_outcomes", {"grant_id": "G6"})}
        return widest, asked, queries.view_within(con, asked, widest, k, context)
    finally:
        con.close()


def test_regions_at_default_with_its_drill_down_grant_applies_the_kept_decision(
    metrics_db, monkeypatch
):
    widest, asked, expected = regions_with_g6(metrics_db)
    calls = counting(monkeypatch)
    within = tuple(data._key(w) for w in page_views.within(asked, widest))
    shown = data._cached_view(data.version(), data._key(asked), within, privacy.k())
    assert calls == []
    for label, frame in expected.items():
        pd.testing.assert_frame_equal(shown[label], frame)
    grant = shown["grant programs"]
    assert list(grant["program_id"]) == ["P2"]
    assert pd.isna(grant["participants"].iloc[0]) and grant["participants_suppressed"].iloc[0]
    assert program(shown["programs"], "P2")["participants_suppressed"]


def test_regions_at_default_with_its_drill_down_grant_leaves_its_programs_unread_until_shown(
    metrics_db, monkeypatch
):
    """As the page asks (ui.data.view, its programs folded: `later`): the kept default decision
    is applied once G6's programs are found among the page's programs of G6, and the page's
    programs are read only when shown, to the live frame (P2 hidden, G6's only program)."""
    widest, asked, expected = regions_with_g6(metrics_db)
    decided, calls = counting(monkeypatch), reading(monkeypatch)
    shown = data.view(widest=widest, scope=page_views.DEFAULT, later=("programs",), **asked)
    assert decided == []  # applied, not decided
    assert [params for name, params in calls if name == "program_outcomes"] == [
        {"grant_id": "G6"},
        {**widest["programs"][1], "grant_id": "G6"},
    ]
    for label in ("participation", "countries", "pathway", "grant programs"):
        pd.testing.assert_frame_equal(shown[label], expected[label])
    programs = shown["programs"]()
    pd.testing.assert_frame_equal(programs, expected["programs"])
    assert program(programs, "P2")["participants_suppressed"]
    assert list(shown["grant programs"]["program_id"]) == ["P2"]


def test_a_view_showing_a_row_its_kept_decision_does_not_cover_is_not_applied(metrics_db):
    """P2 (grant G6) starts in FY2023-24: a view of FY2022-23 does not hold its row, so its
    decision is not the decision of that view with G6's programs."""
    k = privacy.k()
    con = queries.connect(metrics_db)
    try:
        narrow = page_views.regions({**page_views.DEFAULT, "fiscal_years": ["FY2022-23"]})
        decided = queries.decision(con, narrow, k)
        asked = {**narrow, "grant programs": ("program_outcomes", {"grant_id": "G6"})}
        assert queries.view_decided(con, asked, decided, k, narrow) is None
        # the same grant within the view of every year is covered
        every = page_views.regions(dict(page_views.DEFAULT))
        asked = {**every, "grant programs": ("program_outcomes", {"grant_id": "G6"})}
        covered = queries.view_decided(con, asked, queries.decision(con, every, k), k, every)
        assert covered is not None
        # and a view asking for other filters than the kept one's is never applied
        assert queries.view_decided(con, narrow, decided, k, every) is None
    finally:
        con.close()


def test_a_warehouse_loaded_again_never_applies_the_decisions_of_its_old_data(
    tmp_path, monkeypatch
):
    """A load keeps the publish run's decision alone (the pages' would cost a tenth of its
    budget at scale) and drops the pages' kept ones: the page decides live on the new data,
    and `etl upgrade` keeps them again. P1's three participants exist only once participation
    is loaded."""
    db = tmp_path / "w.duckdb"
    k = privacy.k()
    others = {name: text for name, text in METRICS.items() if name != "participation.csv"}
    load(write(tmp_path / "first", others), db)
    themes = page_views.themes(page_views.DEFAULT, regions=tuple(REGIONS))

    def kept_and_live() -> tuple[suppression.Decision | None, suppression.Decision]:
        con = queries.connect(db)
        try:
            published = page_views.published()
            context = queries.decision(con, published, k)
            return (
                stored.stored(con, themes, k, [published]),
                queries.decision(con, themes, k, context),
            )
        finally:
            con.close()

    assert kept_and_live()[0] is None  # a load, even of every mart, keeps none of them
    assert upgrade.current(db) == (True, False)
    assert upgrade.upgrade(db)[1]
    before, _ = kept_and_live()
    assert before is not None
    load(write(tmp_path / "then", {"participation.csv": METRICS["participation.csv"]}), db)
    dropped, now = kept_and_live()
    assert dropped is None
    assert upgrade.current(db) == (True, False)
    monkeypatch.setenv("GROWTH_DB", str(db))
    monkeypatch.setattr(data, "_connection", lambda version: queries.connect(Path(version[0])))
    within = tuple(data._key(w) for w in page_views.within(themes, themes))

    def shown() -> dict[str, pd.DataFrame]:
        data._cached_view.clear()
        frames = data._cached_view(data.version(), data._key(themes), within, k)
        data._cached_view.clear()
        return frames

    live = shown()
    assert program(live["programs"], "P1")["participants_suppressed"]
    assert program(live["programs"], "P6")["organizers"] == 0
    assert upgrade.upgrade(db)[1]  # kept anew
    after, now = kept_and_live()
    assert after == now and after != before
    assert upgrade.current(db) == (True, True)
    for label, frame in shown().items():
        pd.testing.assert_frame_equal(frame, live[label])


def test_a_kept_decision_of_older_code_is_not_applied(metrics_db, monkeypatch):
    k = privacy.k()
    with duckdb.connect(str(metrics_db)) as con:
        con.execute(f"update {stored.TABLE} set fingerprint = 'older code'")  # noqa: S608
    calls = counting(monkeypatch)
    requests = page_views.themes(page_views.DEFAULT, regions=tuple(REGIONS))
    within = tuple(data._key(w) for w in page_views.within(requests, requests))
    shown = data._cached_view(data.version(), data._key(requests), within, k)
    assert len(calls) == 2  # the publish run and the page, decided live
    assert pd.isna(program(shown["programs"], "P1")["participants"])
    assert program(shown["programs"], "P6")["organizers"] == 0


def narrowed_themes() -> tuple[page_views.Requests, list[page_views.Requests]]:
    """Themes narrowed to South Asia in FY2023-24 (P3 in Delhi, P4 in Lahore), and the views it
    is decided within: the publish run of everything, that of its scope, the default page."""
    scope = {**page_views.DEFAULT, "fiscal_years": ["FY2023-24"], "regions": ["SA"]}
    requests = page_views.themes(scope, regions=("SA",))
    widest = page_views.themes(page_views.DEFAULT, regions=tuple(REGIONS))
    return requests, page_views.within(requests, widest, scope)


def reading(monkeypatch) -> list:
    """The (query, params) of every query run from here on."""
    calls: list = []
    real = queries._raw

    def recorded(con, name, params, k):
        calls.append((name, params))
        return real(con, name, params, k)

    monkeypatch.setattr(queries, "_raw", recorded)
    return calls


def test_a_narrowed_page_decides_its_default_view_from_the_kept_cells_not_its_rows(
    metrics_db, monkeypatch
):
    """The default Themes view, as a narrowed page's context, is decided within the publish
    run of the narrowed scope (no load can keep that decision), but from the cells kept with
    its default decision: the page reads none of the default view's rows, and shows exactly
    the live frames. By hand: P3's six participants stay hidden (with P4, Pakistan's, they make
    up South Asia's FY2023-24 participants), as do its one organizer (Dev, below k = 5) and its
    three Event Metrics new editors (Nia, Omar, Pia); P4's are hidden as Pakistan's."""
    k = privacy.k()
    requests, within = narrowed_themes()
    con = queries.connect(metrics_db)
    try:
        expected = queries.narrowed_view(con, requests, within, k)
        widest = within[-1]
        kept = stored.stored_cells(con, widest, k)
        assert kept == queries.cells(con, widest, k)
        assert kept[1]  # P4's cells, Pakistan's: forced whatever their size
    finally:
        con.close()
    calls = reading(monkeypatch)
    shown = data._cached_view(
        data.version(), data._key(requests), tuple(data._key(w) for w in within), k
    )
    assert not [call for call in calls if call in widest.values()]  # no default row read
    assert ("program_outcomes", requests["programs"][1]) in calls  # the page's own are
    for label, frame in expected.items():
        pd.testing.assert_frame_equal(shown[label], frame)
    programs = shown["programs"]
    assert sorted(programs["program_id"]) == ["P3", "P4"]
    p3 = program(programs, "P3")
    assert p3["participants_suppressed"] and pd.isna(p3["participants"])
    assert p3["organizers_suppressed"] and p3["new_editors_event_metrics_suppressed"]
    assert program(programs, "P4")["participants_suppressed"]


def test_kept_cells_of_other_code_or_of_data_loaded_since_are_not_used(metrics_db, monkeypatch):
    """Kept cells count only for the k, requests and code they were kept for, and a load that
    changes what they read drops them with the pages' decisions: the narrowed page then reads
    the default view's rows and decides it live, to the same frames."""
    k = privacy.k()
    requests, within = narrowed_themes()

    def kept() -> tuple | None:
        con = queries.connect(metrics_db)
        try:
            return stored.stored_cells(con, within[-1], k)
        finally:
            con.close()

    def shown_reading_the_default_view() -> bool:
        calls = reading(monkeypatch)
        data._cached_view.clear()
        data._cached_decision.clear()
        data._cached_view(
            data.version(), data._key(requests), tuple(data._key(w) for w in within), k
        )
        monkeypatch.setattr(queries, "_raw", real_raw)
        return ("program_outcomes", within[-1]["programs"][1]) in calls

    real_raw = queries._raw
    assert kept() is not None
    assert not shown_reading_the_default_view()
    con = queries.connect(metrics_db)
    try:
        assert stored.stored_cells(con, within[-1], k + 1) is None  # another k: not these
    finally:
        con.close()
    with duckdb.connect(str(metrics_db)) as con:
        con.execute(
            f"update {stored.TABLE} set fingerprint = 'cells older code' "  # noqa: S608
            "where fingerprint like 'cells %'"
        )
    assert kept() is None
    assert shown_reading_the_default_view()
    # one more participant of P5 (Mombasa, FY2024-25): the marts change
    more = {
        "participation.csv": METRICS["participation.csv"]
        + "P5,Zoe,participant,2021-01-01,0,0,0,0,0,woman\n"
    }
    load(write(metrics_db.parent / "again", more), metrics_db)
    assert kept() is None  # the load dropped the pages' decisions and their cells
    assert upgrade.upgrade(metrics_db)[1]
    assert kept() is not None  # kept anew, from the data loaded
    assert not shown_reading_the_default_view()


def test_themes_at_default_reads_its_folded_programs_only_when_they_are_shown(
    metrics_db, monkeypatch
):
    """The page's 100k programs (at scale L) sit folded under their title: at its default
    filters, where the kept decision needs no row to decide, the page gets a function for them
    and reads them only when it calls it, to the live frame (P1's three participants hidden,
    P6's 0 organizers shown). A narrowed page decides live, with their rows: it gets them."""
    k = privacy.k()
    requests, expected = live_default_themes(metrics_db, k)
    calls = reading(monkeypatch)
    shown = data.view(widest=requests, scope=page_views.DEFAULT, later=("programs",), **requests)
    assert [name for name, _ in calls if name == "program_outcomes"] == []
    for label in ("all themes", "trends", "by region", "gender gap"):
        pd.testing.assert_frame_equal(shown[label], expected[label])
    programs = shown["programs"]()
    assert ("program_outcomes", requests["programs"][1]) in calls
    pd.testing.assert_frame_equal(programs, expected["programs"])
    assert program(programs, "P1")["participants_suppressed"]
    assert program(programs, "P6")["organizers"] == 0
    narrow, within = narrowed_themes()
    scope = {**page_views.DEFAULT, "fiscal_years": ["FY2023-24"], "regions": ["SA"]}
    shown = data.view(widest=within[-1], scope=scope, later=("programs",), **narrow)
    assert sorted(shown["programs"]["program_id"]) == ["P3", "P4"]


def test_a_drill_down_is_checked_against_the_rows_of_its_grant_alone_and_later_rows_stay_unread(
    metrics_db, monkeypatch
):
    """Regions' view with G6's programs is covered by its kept default decision only once P2's
    row is found among the default view's programs. Program rows are one program's each
    (queries.ROW_PER_ENTITY), so the default view's programs of G6 are enough to tell: the 100k
    programs (at scale L), asked for later, are not read. A view of FY2022-23 does not hold P2
    (it starts in FY2023-24): its programs of G6 are none, and its decision is not applied."""
    k = privacy.k()
    con = queries.connect(metrics_db)
    try:
        every = page_views.regions(dict(page_views.DEFAULT))
        asked = {**every, "grant programs": ("program_outcomes", {"grant_id": "G6"})}
        decided = queries.decision(con, every, k)
        calls = reading(monkeypatch)
        shown = queries.view_decided(con, asked, decided, k, every, later=("programs",))
        assert shown is not None and "programs" not in shown
        assert [params for name, params in calls if name == "program_outcomes"] == [
            {"grant_id": "G6"},
            {**every["programs"][1], "grant_id": "G6"},
        ]
        assert list(shown["grant programs"]["program_id"]) == ["P2"]
        assert shown["grant programs"]["participants_suppressed"].iloc[0]
        live = queries.view_decided(con, asked, decided, k, every)
        for label, frame in shown.items():
            pd.testing.assert_frame_equal(frame, live[label])
        alone = queries.view_decided(con, every, decided, k, later=("programs",))
        assert "programs" not in alone and "participation" in alone
        narrow = page_views.regions({**page_views.DEFAULT, "fiscal_years": ["FY2022-23"]})
        asked = {**narrow, "grant programs": ("program_outcomes", {"grant_id": "G6"})}
        decided = queries.decision(con, narrow, k)
        assert queries.view_decided(con, asked, decided, k, narrow, later=("programs",)) is None
    finally:
        con.close()
