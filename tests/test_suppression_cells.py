"""The cells a view shows are read column by column (queries.suppression.cells): a text column
with a missing value, numpy integers, nullable integers and floats each give the same plain
Python values, whichever way they are read, so that one cell shown by two queries of different
column types is one cell with one value."""

import numpy as np
import pandas as pd

from queries import suppression
from queries.suppression import Shows

STAGES = Shows(counts={"people": ("stage", "reached")})
RETENTION = Shows(counts={"organizers": ("organizer_retention", "organizers")})


def typed(cells: dict) -> dict:
    """Each cell with the types of its parts and value, which equality alone would not show."""
    return {
        tuple((part, type(part).__name__) for part in key): (value, type(value).__name__)
        for key, value in cells.items()
    }


def test_text_numbers_and_missing_values_become_plain_python_values():
    stages = pd.DataFrame(
        {
            "cohort": pd.Series(["FY1", None], dtype="str"),  # missing text: None
            "region": pd.Series(["SA", "SA"], dtype=object),
            "gender": pd.Series(["ALL", "women"], dtype="string"),
            "stage_number": np.array([1, 2], dtype="int64"),  # numpy ints: Python ints
            "people": np.array([12, 4], dtype="int32"),
        }
    )
    retention = pd.DataFrame(
        {
            "fiscal_year": ["FY1", "FY2", "FY3"],
            "region": pd.array(["SA", None, "SA"], dtype="string"),
            # a float count: 7.0 is 7; NaN is not known for that row, and left out
            "organizers": [7.0, 3.0, np.nan],
        }
    )
    cells = suppression.cells(
        {"stages": stages, "retention": retention}, {"stages": STAGES, "retention": RETENTION}
    )
    assert typed(cells) == typed(
        {
            ("stage", "reached", "FY1", "SA", "ALL", 1): 12,
            ("stage", "reached", None, "SA", "women", 2): 4,
            ("organizer_retention", "organizers", "FY1", "SA"): 7,
            ("organizer_retention", "organizers", "FY2", None): 3,
        }
    )


def test_one_cell_from_numpy_and_from_nullable_integers_is_one_cell():
    # the same cell, once as numpy int64 with a float stage, once as Int64 with an int stage
    one = pd.DataFrame(
        {"cohort": ["FY1"], "region": ["SA"], "gender": ["ALL"], "stage_number": [1.0]}
    )
    two = one.assign(stage_number=np.array([1], dtype="int64"))
    one["people"] = np.array([5], dtype="int64")
    two["people"] = pd.array([5], dtype="Int64")
    cells = suppression.cells({"one": one, "two": two}, {"one": STAGES, "two": STAGES})
    assert typed(cells) == typed({("stage", "reached", "FY1", "SA", "ALL", 1): 5})
    two["people"] = pd.array([6], dtype="Int64")
    try:
        suppression.cells({"one": one, "two": two}, {"one": STAGES, "two": STAGES})
    except ValueError as error:
        assert "is 5 and 6 in one view" in str(error)
    else:
        raise AssertionError("a cell shown as 5 and 6 was taken")


def test_groups_come_in_the_order_of_their_cells_text_a_grants_links_included():
    # the order feeds the decision (which group `_close` takes first): whatever order the
    # cells come in, SA's countries first, then each program's links, P1 before P2
    sa = ("participation", "participants", "FY", "SA", "ALL", "ALL", "ALL")
    india, pakistan = (sa[:-1] + (country,) for country in ("IN", "PK"))
    grant = ("grant", "participants", "G1")
    p1 = ("program", "participants", "P1", "FY|SA|ALL|ALL|IN", "G1")
    p2 = ("program", "participants", "P2", None, "G1")
    assert suppression.groups([p2, grant, pakistan, p1, india, sa]) == [
        (sa, (india, pakistan)),
        (india, (p1,)),
        (grant, (p1,)),
        (grant, (p2,)),
    ]
