"""Dated notes (annotations): a kind of input file loaded like any other, and the notes each
filter state shows on its trend charts."""

import queries
from etl.load import load
from tests.conftest import REFERENCE, rejects_of, write_csv

HEADER = ["Date", "Title", "Text", "Region", "Fund", "Themes"]
ROWS = [
    ["2023-07-01", "MENA and SSA split from MEA", "Two committees from now on.", "", "", ""],
    ["2024-03-15", "Rapid Fund round moved", "", "", "Rapid Fund", ""],
    ["2025-01-10", "Campaign moved to SSA", "WikiGap moved.", "SSA", "", "Gender"],
    ["2024-02-30", "Not a date", "", "", "", ""],
    ["2024-05-01", "Unknown theme", "", "", "", "astrology"],
]


def titles(db, **filters):
    con = queries.connect(db)
    try:
        return [
            (r.fiscal_year, r.title) for r in queries.run(con, "annotations", filters).itertuples()
        ]
    finally:
        con.close()


def test_annotations_load_with_codes_and_bad_rows_are_rejected_with_a_reason(tmp_path):
    path = write_csv(tmp_path / "annotations.csv", HEADER, ROWS)
    db = tmp_path / "warehouse.duckdb"
    (result,) = load([path], db, fresh=True)
    assert (result.error, result.rows_loaded, result.rows_rejected) == (None, 3, 2)
    assert sorted(r[0] for r in rejects_of(db, "annotations.csv")) == [5, 6]
    assert titles(db) == [
        ("FY2023-24", "MENA and SSA split from MEA"),
        ("FY2023-24", "Rapid Fund round moved"),
        ("FY2024-25", "Campaign moved to SSA"),
    ]


def test_a_note_shows_for_its_own_region_fund_or_theme_and_notes_for_all_always_show(tmp_path):
    path = write_csv(tmp_path / "annotations.csv", HEADER, ROWS[:3])
    db = tmp_path / "warehouse.duckdb"
    load([path], db, fresh=True)
    split, rapid, campaign = (r[1] for r in ROWS[:3])
    assert [t for _, t in titles(db, regions=["LAC"])] == [split, rapid]
    assert [t for _, t in titles(db, regions=["SSA"], themes=["gender_gap"])] == [
        split,
        rapid,
        campaign,
    ]
    assert [t for _, t in titles(db, regions=["SSA"], themes=["education"])] == [split, rapid]
    assert [t for _, t in titles(db, funds=["general_support"])] == [split, campaign]


def test_the_reference_note_of_the_mea_split_loads(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    (result,) = load([REFERENCE / "annotations.csv"], db, fresh=True)
    assert (result.error, result.rows_loaded) == (None, 1)
    assert titles(db) == [("FY2023-24", "MENA and SSA split from MEA")]
