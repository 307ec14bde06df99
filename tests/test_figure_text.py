"""The text alternative of a trend chart (figures.common.describe_trend), worked by hand."""

import pandas as pd

from figures.common import describe_trend


def test_a_trend_is_told_by_its_first_last_and_inner_peak_and_a_single_year_once():
    frame = pd.DataFrame(
        {
            "fiscal_year": ["FY2023-24", "FY2021-22", "FY2022-23", "FY2023-24", "FY2022-23"],
            "theme": ["Health", "Health", "Health", "Education", "Gender Gap"],
            "usd": [10, 5, 40, 7, None],
        }
    )
    text = describe_trend(
        frame, x="fiscal_year", y="usd", series="theme", value=lambda v: f"${v:g}"
    )
    # Health: 5 → 10 with a peak of 40 between; Education one year; Gender Gap no value at all
    assert text == (
        "Health: $5 in FY2021-22, $10 in FY2023-24 (peak $40 in FY2022-23); "
        "Education: $7 in FY2023-24."
    )
