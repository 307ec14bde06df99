"""Line-end labels of the line per region (figures.common.region_lines): each line's name at its
last drawn point, and labels of lines that end close together spread apart so that none sits
on another (Regions' "Budget utilisation" stacked CEECA, NWE, MENA, SA and NA)."""

import pandas as pd
import pytest

from figures.common import LABEL_PX, PLOT_PX, region_lines, spread

NAN = float("nan")  # a hidden cell


def test_spread_leaves_labels_apart_where_they_are_and_centres_a_colliding_group_on_its_values():
    assert spread([1.0, 2.0, 3.0], 0.5) == [1.0, 2.0, 3.0]
    # 1, 1.1 and 1.2 collide: a block 0.5 apart centred on their mean 1.1; 3 stays; order kept
    assert spread([3.0, 1.0, 1.2, 1.1], 0.5) == pytest.approx([3.0, 0.6, 1.6, 1.1])
    # two equal values: one gap apart, around the value
    assert spread([2.0, 2.0], 1.0) == pytest.approx([1.5, 2.5])


def utilisation() -> pd.DataFrame:
    rows = [
        ("NWE", "FY2023-24", 0.90),
        ("NWE", "FY2024-25", 0.950),
        ("CEECA", "FY2023-24", 0.91),
        ("CEECA", "FY2024-25", 0.951),
        ("SSA", "FY2023-24", 0.85),
        ("SSA", "FY2024-25", 0.80),
        ("LAC", "FY2023-24", 0.88),
        ("LAC", "FY2024-25", NAN),  # hidden: LAC's line ends a year earlier
    ]
    return pd.DataFrame(rows, columns=["region", "fiscal_year", "budget_utilisation"])


def labels(figure) -> dict[str, tuple[str, float]]:
    return {a.text: (a.x, a.y) for a in figure.layout.annotations if a.yref == "y"}


def test_each_line_is_named_at_its_last_drawn_point_in_its_colour():
    figure = region_lines(utilisation(), "budget_utilisation", "Awarded / budget", percent=True)
    named = labels(figure)
    assert sorted(named) == ["CEECA", "LAC", "NWE", "SSA"]
    assert {name: x for name, (x, _) in named.items()} == {
        "CEECA": "FY2024-25",
        "LAC": "FY2023-24",
        "NWE": "FY2024-25",
        "SSA": "FY2024-25",
    }
    colours = {t.name: t.line.color for t in figure.data}
    assert all(a.font.color == colours[a.text] for a in figure.layout.annotations if a.yref == "y")
    assert all(t.mode == "lines+markers" for t in figure.data)  # no second, unspread label


def test_labels_of_lines_ending_close_together_are_spread_and_never_overlap():
    figure = region_lines(utilisation(), "budget_utilisation", "Awarded / budget", percent=True)
    named = labels(figure)
    low, high = figure.layout.yaxis.range
    # the gap a label needs, in data units: LABEL_PX on a plot of at least PLOT_PX
    gap = LABEL_PX / PLOT_PX * (high - low)
    ys = sorted(y for _, y in named.values())
    assert all(b - a >= gap - 1e-12 for a, b in zip(ys, ys[1:], strict=False))
    # NWE (0.950) and CEECA (0.951) collided: one gap apart, around their mean, order kept
    assert named["CEECA"][1] - named["NWE"][1] == pytest.approx(gap)
    assert (named["CEECA"][1] + named["NWE"][1]) / 2 == pytest.approx(0.9505)
    # SSA (0.80) and LAC (0.88) are far from every other label: exactly at their values
    assert named["SSA"][1] == 0.80 and named["LAC"][1] == 0.88
    # the axis holds every point and every label
    assert low < 0.80 and high > named["CEECA"][1] > 0.951


def test_lines_far_apart_keep_their_labels_at_their_values():
    rows = pd.DataFrame(
        [("NWE", "FY2023-24", 10), ("NWE", "FY2024-25", 100), ("SSA", "FY2023-24", 5)]
        + [("SSA", "FY2024-25", 20)],
        columns=["region", "fiscal_year", "participants"],
    )
    figure = region_lines(rows, "participants", "Participants")
    assert labels(figure) == {"NWE": ("FY2024-25", 100.0), "SSA": ("FY2024-25", 20.0)}
    low, high = figure.layout.yaxis.range
    # 6 % of the 5–100 span either side
    assert (low, high) == (pytest.approx(5 - 5.7), pytest.approx(100 + 5.7))


def test_one_fiscal_year_draws_bars_without_line_labels():
    rows = pd.DataFrame(
        [("NWE", "FY2024-25", 0.95), ("SSA", "FY2024-25", 0.80)],
        columns=["region", "fiscal_year", "budget_utilisation"],
    )
    figure = region_lines(rows, "budget_utilisation", "Awarded / budget", percent=True)
    assert [t.type for t in figure.data] == ["bar", "bar"]
    assert labels(figure) == {}
