"""A program count tied to nothing (no `cell_links`, no `grant_link`) is decided over whole
columns, without a cell key of its own (queries.suppression.hidden_free): hidden when it is 1 to
k - 1 or its row is forced, shown otherwise; a linked program count still follows its cell.
Hand-computed on a tiny view: SA's FY participants are India's 7 and Pakistan's 3."""

import pandas as pd
import pytest

from queries import suppression
from queries.suppression import Shows

PROGRAMS = Shows(
    counts={
        "participants": ("program", "participants"),
        "organizers": ("program", "organizers"),
    },
    forced="is_protected",
)
PARTICIPATION = Shows(
    counts={"participants": ("participation", "participants")},
    fixed={"theme": "ALL", "program_type": "ALL"},
)
SHOWS = {"programs": PROGRAMS, "countries": PARTICIPATION}


def frames(**changes: dict) -> dict[str, pd.DataFrame]:
    programs = pd.DataFrame(
        {
            "program_id": ["P1", "P2", "P3", "P4"],
            # P4 is India's only program: its participants are the India cell's
            "cell_links": [None, None, None, "FY|SA|ALL|ALL|IN"],
            "grant_link": pd.Series([None, None, None, None], dtype="string"),
            "is_protected": [False, False, True, False],
            "participants": pd.array([3, 5, 12, 7], dtype="Int64"),
            "organizers": pd.array([5, 0, None, 1], dtype="Int64"),
        }
    )
    countries = pd.DataFrame(
        {
            "fiscal_year": ["FY", "FY", "FY"],
            "region": ["SA", "SA", "SA"],
            "country": ["ALL", "IN", "PK"],
            "participants": [10, 7, 3],
        }
    )
    result = {"programs": programs, "countries": countries}
    for name, columns in changes.items():
        for column, values in columns.items():
            result[name][column] = values
    return result


def shown(view: dict[str, pd.DataFrame], k: int, context=None) -> dict[str, pd.DataFrame]:
    decision = suppression.decide(
        suppression.cells(view, SHOWS), k, suppression.forced(view, SHOWS), context
    )
    return suppression.apply(view, SHOWS, decision, k), decision


def flags(frame: pd.DataFrame, column: str) -> list[bool]:
    return frame[f"{column}_suppressed"].tolist()


def test_free_program_counts_hide_from_1_to_k_minus_1_or_forced_and_linked_ones_follow_their_cell():
    view, decision = shown(frames(), k=5)
    programs, countries = view["programs"], view["countries"]
    # P1's 3 is small; P2's 5 and 0 are shown; P3 is protected (its 12 hidden, its unknown
    # organizers stay unknown, not flagged); P4's 7 follows India, hidden to protect Pakistan
    assert flags(programs, "participants") == [True, False, True, True]
    assert flags(programs, "organizers") == [False, False, False, True]
    assert programs["participants"].tolist() == [pd.NA, 5, pd.NA, pd.NA]
    assert flags(countries, "participants") == [False, True, True]
    # the free counts are no cells of the decision: only the forced one is kept, by its key
    free = {key for key in decision.hidden if key[0] == "program" and key[3] is None}
    assert free == {("program", "participants", "P3", None, None)}
    assert not any(key[0] == "program" and key[3] is None for key in decision.values)


def test_at_k_3_a_free_count_of_3_is_shown_and_a_forced_one_still_hidden():
    view, _ = shown(frames(), k=3)
    assert flags(view["programs"], "participants") == [False, False, True, False]
    assert flags(view["programs"], "organizers") == [False, False, False, True]
    assert flags(view["countries"], "participants") == [False, False, False]


def test_a_free_count_forced_in_the_wider_view_stays_hidden_in_the_narrowed_one():
    # the narrowed view shows P3 without its protected mark: the context's decision still
    # hides it, as it hid every cell of its own
    _, wider = shown(frames(), k=5)
    narrowed, _ = shown(frames(programs={"is_protected": [False] * 4}), k=5, context=wider)
    assert flags(narrowed["programs"], "participants") == [True, False, True, True]


def test_a_free_program_shown_twice_with_two_counts_is_refused():
    view = frames()
    twice = {**view, "again": view["programs"].assign(participants=[3, 6, 12, 7])}
    with pytest.raises(ValueError, match="P2"):
        suppression.cells(twice, {**SHOWS, "again": PROGRAMS})


def test_a_free_program_shown_in_two_small_frames_with_two_counts_is_refused():
    # P9 is in neither the program view nor, with one count, in both grants' lists
    view = frames()
    lists = {
        "grant a": view["programs"].iloc[:1].assign(program_id="P9", participants=8),
        "grant b": view["programs"].iloc[:1].assign(program_id="P9", participants=9),
    }
    shows = {**SHOWS, "grant a": PROGRAMS, "grant b": PROGRAMS}
    with pytest.raises(ValueError, match="P9.* is 8 and 9"):
        suppression.cells({**view, **lists}, shows)


def test_a_free_program_shown_again_with_the_same_count_is_one_cell():
    view = frames()
    again = view["programs"].iloc[[1, 0]]  # P2 and P1, as a grant's list shows them
    values = suppression.cells({**view, "again": again}, {**SHOWS, "again": PROGRAMS})
    assert values == suppression.cells(view, SHOWS)
