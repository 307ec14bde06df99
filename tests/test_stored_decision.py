"""The publish run's decision a load keeps in the warehouse (queries.stored) is the one pages
would work out live; pages use it only for the same requests, k and code, and a load that
changes what the published queries read decides it again."""

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from etl import publish
from etl.load import load
from queries import privacy, stored, suppression
from tests.metrics_fixture import METRICS
from tests.test_marts_rebuild import ANNOTATIONS, write
from ui import data


def kept_and_live(db: Path, k: int) -> tuple[suppression.Decision | None, suppression.Decision]:
    con = queries.connect(db)
    try:
        requests = publish.requests()
        return stored.stored(con, requests, k), queries.decision(con, requests, k)
    finally:
        con.close()


def test_json_gives_back_cells_with_none_numbers_and_text_exactly():
    total = ("participation", "participants", "FY2023-24", "ALL", "ALL", "ALL", None)
    part = ("participation", "participants", "FY2023-24", "SSA", "ALL", "ALL", None)
    stage = ("stage", "reached", "ALL", "SSA", "ALL", 3)
    decision = suppression.Decision(
        values={total: 7, part: 3, stage: 0},
        primary={part},
        hidden={part, stage},
        groups=[(total, (part,))],
        derived={stage},
    )
    back = stored.loads(stored.dumps(decision))
    assert back == decision
    assert back.values[part] == 3 and back.values[stage] == 0
    assert back.groups == [(total, (part,))]
    assert back.secondary == {stage}


def test_cells_go_by_column_per_run_of_keys_of_one_length_and_come_back_in_order():
    """Each column as its distinct parts and each row's index among them; read back, a part
    that occurs in several keys is one object, and 1 stays apart from True."""
    total = ("participation", "participants", "FY2023-24", "ALL", "ALL", "ALL", None)
    part = ("participation", "participants", "FY2023-24", "SSA", "ALL", "ALL", "NG")
    stage = ("stage", "reached", "ALL", "SSA", "ALL", 3)
    grant = ("grant", "participants", "G6")
    one, yes = ("flag", "x", 1), ("flag", "y", True)
    values = {total: 7, part: 3, stage: 0, grant: 12, one: 5, yes: 6}
    text = stored.dumps_cells(values, {part})
    assert json.loads(text) == {
        "values": [
            {
                "keys": [
                    [["participation"], [0, 0]],
                    [["participants"], [0, 0]],
                    [["FY2023-24"], [0, 0]],
                    [["ALL", "SSA"], [0, 1]],
                    [["ALL"], [0, 0]],
                    [["ALL"], [0, 0]],
                    [[None, "NG"], [0, 1]],
                ],
                "counts": [7, 3],
            },
            {"keys": [[["stage"], [0]], [["reached"], [0]], [["ALL"], [0]], [["SSA"], [0]],
                      [["ALL"], [0]], [[3], [0]]], "counts": [0]},
            {"keys": [[["grant", "flag"], [0, 1, 1]], [["participants", "x", "y"], [0, 1, 2]],
                      [["G6", 1, True], [0, 1, 2]]], "counts": [12, 5, 6]},
        ],
        "forced": [[[["participation"], [0]], [["participants"], [0]], [["FY2023-24"], [0]],
                    [["SSA"], [0]], [["ALL"], [0]], [["ALL"], [0]], [["NG"], [0]]]],
    }  # fmt: skip
    back, forced = stored.loads_cells(text)
    assert back == values and list(back) == [total, part, stage, grant, one, yes]
    assert back[stage] == 0 and back[stage] is not None and forced == {part}
    keys = list(back)
    assert keys[0][0] is keys[1][0] and keys[0][3] is not keys[1][3]  # "participation" once
    assert keys[4][2] is not True and keys[5][2] is True


def test_a_load_keeps_the_live_decision_of_the_tiny_fixture(tmp_path):
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "in", METRICS), db)
    kept, live = kept_and_live(db, privacy.k())
    assert kept is not None
    assert kept == live
    assert kept.hidden  # the fixture's small counts are hidden: the comparison is not vacuous


def test_the_demo_warehouse_keeps_the_live_decision(demo_db):
    kept, live = kept_and_live(demo_db, privacy.k())
    assert kept == live
    assert len(live.values) > 1000 and live.hidden


@pytest.mark.parametrize("k", [2, 5, 10])
def test_a_decision_kept_at_k_equals_the_live_one_on_the_demo(demo_db, tmp_path, k):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db))
    try:
        assert stored.store(con, publish.requests(), k)
        assert stored.stored(con, publish.requests(), k) == queries.decision(
            con, publish.requests(), k
        )
    finally:
        con.close()


def test_another_k_other_requests_or_an_old_warehouse_get_no_kept_decision(tmp_path):
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "in", METRICS), db)
    con = queries.connect(db)
    try:
        k = privacy.k()
        assert stored.stored(con, publish.requests(), k) is not None
        assert stored.stored(con, publish.requests(), k + 1) is None
        assert stored.stored(con, publish.requests({"regions": ["SSA"]}), k) is None
        # the check a load and `etl upgrade` make, without reading the decision, agrees
        assert stored.is_kept(con, publish.requests(), k)
        assert not stored.is_kept(con, publish.requests(), k + 1)
        assert not stored.is_kept(con, publish.requests({"regions": ["SSA"]}), k)
    finally:
        con.close()
    old = duckdb.connect(str(db))
    old.execute(f"drop table {stored.TABLE}")
    old.close()
    con = queries.connect(db)
    try:
        assert stored.stored(con, publish.requests(), privacy.k()) is None
        assert not stored.is_kept(con, publish.requests(), privacy.k())
    finally:
        con.close()


def test_pages_use_the_kept_decision_and_decide_live_when_its_fingerprint_is_stale(
    tmp_path, monkeypatch
):
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "in", METRICS), db)
    monkeypatch.setenv("GROWTH_DB", str(db))
    k = privacy.k()
    key = data._key(publish.requests())
    _, live = kept_and_live(db, k)
    calls = []
    real = queries.decision

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "decision", counted)
    # the app's connection is cached per session, which only a running app has
    monkeypatch.setattr(data, "_connection", lambda version: queries.connect(Path(version[0])))
    data._cached_decision.clear()
    assert data._cached_decision(data.version(), key, k, ()) == live
    assert calls == []  # read from the warehouse, not decided
    with duckdb.connect(str(db)) as con:
        con.execute(f"update {stored.TABLE} set fingerprint = 'older code'")  # noqa: S608
    data._cached_decision.clear()
    assert data._cached_decision(data.version(), key, k, ()) == live
    assert len(calls) == 1  # decided live: same decision
    data._cached_decision.clear()


def test_a_participation_load_decides_again_and_an_annotations_load_keeps_it(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    k = privacy.k()
    others = {name: text for name, text in METRICS.items() if name != "participation.csv"}
    load(write(tmp_path / "first", others), db)
    before, _ = kept_and_live(db, k)
    load(write(tmp_path / "then", {"participation.csv": METRICS["participation.csv"]}), db)
    after, live = kept_and_live(db, k)
    assert after == live
    assert after != before  # the participation counts are in it now
    assert any(key[0] == "participation" and value > 0 for key, value in after.values.items())
    assert not any(key[0] == "participation" and v > 0 for key, v in before.values.items())

    decided = []
    monkeypatch.setattr(stored, "store", lambda *args: decided.append(args) or True)
    load(write(tmp_path / "notes", {"annotations.csv": ANNOTATIONS}), db)
    assert decided == []  # no mart the published queries read was rebuilt
    kept, live = kept_and_live(db, k)
    assert kept == live


def test_the_publish_run_applies_its_kept_decision_and_decides_live_when_none_is_kept(
    tmp_path, monkeypatch
):
    """A view with no context whose decision the load kept (the publish run of everything, as
    `etl publish` and the Learnings page's report builder ask for it) applies it instead of
    deciding, to the live frames; without a kept decision for this code it decides. By hand:
    FY2023-24 counts 9 distinct participants (P2's Ada and Dev; P3's six; P4's Ada and Hal),
    shown; Sub-Saharan Africa's 2 that year (P2) are hidden."""
    db = tmp_path / "w.duckdb"
    load(write(tmp_path / "in", METRICS), db)
    live_db = tmp_path / "live.duckdb"
    shutil.copy(db, live_db)
    with duckdb.connect(str(live_db)) as con:
        con.execute(f"delete from {stored.TABLE}")  # noqa: S608
    k, requests = privacy.k(), publish.requests()
    con = queries.connect(live_db)
    try:
        expected = queries.view(con, requests, k)
    finally:
        con.close()
    decided: list = []
    real = suppression.decide
    monkeypatch.setattr(suppression, "decide", lambda *a, **kw: decided.append(a) or real(*a, **kw))

    def shown() -> dict:
        con = queries.connect(db)
        try:
            return queries.view(con, requests, k)
        finally:
            con.close()

    kept = shown()
    assert decided == []  # applied
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(kept[name], frame)
    year = kept["participation_by_region_year.csv"].set_index(["fiscal_year", "region"])
    assert year.loc[("FY2023-24", "ALL"), "participants"] == 9
    assert year.loc[("FY2023-24", "SSA"), "participants_suppressed"]
    with duckdb.connect(str(db)) as con:
        con.execute(f"update {stored.TABLE} set fingerprint = 'older code'")  # noqa: S608
    again = shown()
    assert len(decided) == 1  # decided live: the kept one is another code's
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(again[name], frame)
