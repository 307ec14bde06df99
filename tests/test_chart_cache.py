"""The chart block's cache (ui/charts.Cached): a figure or text is made once per distinct input,
made again when any input changes, and the figure drawn from the cache is the one built."""

from __future__ import annotations

import json
import pickle

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest
import streamlit as st

from ui.charts import Cached, _figure, _keyed, _made

NO_NOTES = pd.DataFrame(
    {"fiscal_year": pd.Series([], dtype="string"), "title": [], "text": [], "note_date": []}
)
calls: list[str] = []


def bars(frame: pd.DataFrame, colour: str) -> go.Figure:
    calls.append(colour)
    return go.Figure(go.Bar(x=frame["region"], y=frame["awarded_usd"], marker_color=colour))


def largest(frame: pd.DataFrame, fmt=str) -> str:
    calls.append("text")
    top = frame.sort_values("awarded_usd").iloc[-1]
    return f"Largest: {top['region']} {fmt(top['awarded_usd'])}"


@pytest.fixture(autouse=True)
def empty_caches():
    st.cache_data.clear()
    calls.clear()


def frame(awarded: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"region": ["SSA", "SA"], "awarded_usd": awarded})


def test_a_figure_is_built_once_for_the_same_rows_and_again_for_other_rows():
    first, _ = _figure(Cached(bars, frame([10.0, 20.0]), "#0072B2"), NO_NOTES)
    again, _ = _figure(Cached(bars, frame([10.0, 20.0]), "#0072B2"), NO_NOTES)  # a new, equal frame
    other, _ = _figure(Cached(bars, frame([10.0, 21.0]), "#0072B2"), NO_NOTES)
    recoloured, _ = _figure(Cached(bars, frame([10.0, 20.0]), "#D55E00"), NO_NOTES)
    assert calls == ["#0072B2", "#0072B2", "#D55E00"]
    assert as_json(first) == as_json(again) == as_json(bars(frame([10.0, 20.0]), "#0072B2"))
    assert as_json(other) == as_json(bars(frame([10.0, 21.0]), "#0072B2"))
    assert recoloured.data[0].marker.color == "#D55E00"


def as_json(figure: go.Figure) -> dict:
    """What the browser is sent for a figure."""
    return json.loads(plotly.io.to_json(figure))


def test_the_cached_figure_sends_the_same_json_as_the_built_one():
    built = bars(frame([10.0, 20.0]), "#0072B2")
    cached, _ = _figure(Cached(bars, frame([10.0, 20.0]), "#0072B2"), NO_NOTES)
    assert as_json(cached) == as_json(built)


def test_a_note_in_a_spanned_year_is_marked_and_keys_the_figure():
    rows = pd.DataFrame({"region": ["FY2023-24", "FY2024-25"], "awarded_usd": [1.0, 2.0]})
    notes = pd.DataFrame(
        {
            "fiscal_year": ["FY2023-24"],
            "title": ["MEA split"],
            "text": [""],
            "note_date": [pd.Timestamp("2023-07-01")],
        }
    )
    plain, plain_text = _figure(Cached(bars, rows, "#0072B2"), NO_NOTES)
    marked, marked_text = _figure(Cached(bars, rows, "#0072B2"), notes)
    assert calls == ["#0072B2", "#0072B2"]
    assert plain_text == "" and not plain.layout.shapes
    assert marked_text == " Notes marked on the chart: FY2023-24: MEA split."
    assert len(marked.layout.shapes) == 1


def test_a_text_is_made_once_and_functions_among_its_arguments_key_it_by_where_they_are():
    rows = frame([10.0, 20.0])
    plain = Cached(largest, rows)
    dollars = Cached(largest, rows, fmt=lambda v: f"${v:,.0f}")
    assert _made(plain.key(), plain) == "Largest: SA 20.0"
    assert _made(plain.key(), plain) == "Largest: SA 20.0"
    assert _made(dollars.key(), dollars) == "Largest: SA $20"
    assert calls == ["text", "text"]


def test_frames_with_equal_cells_share_a_key_and_any_change_of_cell_column_or_type_does_not():
    key = _keyed(frame([10.0, 20.0]))
    assert _keyed(frame([10.0, 20.0])) == key
    assert _keyed(frame([10.0, 20.5])) != key
    assert _keyed(frame([10.0, 20.0]).rename(columns={"awarded_usd": "requested_usd"})) != key
    assert _keyed(frame([10.0, 20.0]).astype({"awarded_usd": "Int64"})) != key


def test_a_query_result_copied_out_of_the_cache_keys_as_the_original_and_the_index_counts():
    # st.cache_data hands each run an unpickled copy of a query's rows: a warm run must find
    # the figures built from the same rows, text columns included
    rows = pd.DataFrame({"region": ["SSA", "SA", None], "awarded_usd": [10.0, 20.0, None]})
    assert _keyed(pickle.loads(pickle.dumps(rows))) == _keyed(rows)
    assert _keyed(rows[rows["region"] != "SA"]) == _keyed(rows.iloc[[0, 2]])
    assert _keyed(rows.iloc[[0, 2]]) != _keyed(rows.iloc[[0, 2]].reset_index(drop=True))
    assert _keyed(rows["region"]) != _keyed(rows["awarded_usd"])


def test_a_frame_whose_cells_pandas_cannot_hash_still_gets_a_key():
    lists = pd.DataFrame({"region": ["SSA"], "themes": [["education", "gender_gap"]]})
    same = pd.DataFrame({"region": ["SSA"], "themes": [["education", "gender_gap"]]})
    other = pd.DataFrame({"region": ["SSA"], "themes": [["education"]]})
    assert _keyed(lists) == _keyed(same) != _keyed(other)


def test_a_table_blocks_page_is_made_once_per_rows_with_hidden_counts_as_text(monkeypatch):
    from ui import charts

    made: list[int] = []
    original = charts.with_hidden_cells

    def counted(rows: pd.DataFrame, formats: dict) -> pd.DataFrame:
        made.append(len(rows))
        return original(rows, formats)

    monkeypatch.setattr(charts, "with_hidden_cells", counted)
    rows = pd.DataFrame(
        {"region": ["SSA", "SA"], "people": [1200, None], "people_suppressed": [False, True]}
    )
    labels = (("people", "People"),)
    first = charts._page_shown(_keyed(rows), rows, (), labels)
    again = charts._page_shown(_keyed(rows.copy()), rows.copy(), (), labels)
    assert made == [2]
    assert first["People"].tolist() == again["People"].tolist() == ["1,200", "hidden"]
