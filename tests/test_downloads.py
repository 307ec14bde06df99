"""The one path every download goes through (ui/downloads.py): text a spreadsheet would run as
a formula is made inert as the OWASP guidance on CSV injection says, numbers stay numbers with
their unit in the header, hidden counts are blank with a flag, and the Excel file holds the same
cells as the CSV."""

from __future__ import annotations

import io

import pandas as pd

from ui.downloads import csv_bytes, file_stem, for_download, neutralise, xlsx_bytes

HOSTILE = pd.DataFrame(
    {
        "title": [
            '=HYPERLINK("http://evil.example","x")',
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)",
            "\tindented",
            "\rreturn",
            "Plain title",
            None,
        ],
        "amount": [-5.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    }
)


def test_every_formula_trigger_gets_a_leading_quote_and_numbers_stay_numbers():
    safe = neutralise(HOSTILE)
    assert safe["title"].tolist()[:7] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(1+1)",
        "'\tindented",
        "'\rreturn",
        "Plain title",
    ]
    assert pd.isna(safe["title"].iloc[7])
    assert safe["amount"].tolist()[0] == -5.0  # a negative number is not a formula


def test_a_header_that_starts_like_a_formula_is_neutralised_too():
    assert list(neutralise(pd.DataFrame({"=cmd": [1]})).columns) == ["'=cmd"]


def test_the_csv_and_the_excel_file_hold_the_same_cells():
    as_csv = pd.read_csv(io.BytesIO(csv_bytes(HOSTILE)), encoding="utf-8-sig")
    as_xlsx = pd.read_excel(io.BytesIO(xlsx_bytes(HOSTILE)))
    assert len(as_csv) == len(as_xlsx) == len(HOSTILE)
    # readers differ only in how they hand back a bare CR inside a cell
    same = as_csv.index != 5
    pd.testing.assert_frame_equal(as_csv[same], as_xlsx[same], check_dtype=False)
    assert as_xlsx["title"].iloc[0].startswith("'=")  # a text cell, never a formula


def test_a_bare_cr_in_a_cell_stays_inside_its_quoted_field():
    assert b'"\'\rreturn",5.0\r\n' in csv_bytes(HOSTILE)


def test_characters_excel_cannot_hold_are_dropped_not_fatal():
    frame = pd.DataFrame({"title": ["bell\x07 and nul\x00"]})
    assert pd.read_excel(io.BytesIO(xlsx_bytes(frame)))["title"].iloc[0] == "bell and nul"


def test_a_download_holds_numbers_units_and_a_flag_for_each_hidden_count():
    frame = pd.DataFrame(
        {
            "region": ["SSA", "SA"],
            "awarded": [1500.0, 250.0],
            "share": [0.125, 0.875],
            "participants": [12.0, None],
            "participants_suppressed": [False, True],
        }
    )
    shown = for_download(
        frame,
        {"awarded": "usd", "share": "share", "participants": "count"},
        {"region": "Region", "awarded": "Awarded", "share": "Share", "participants": "People"},
    )
    assert list(shown.columns) == [
        "Region",
        "Awarded (USD)",
        "Share (%)",
        "People",
        "People hidden",
    ]
    assert shown["Awarded (USD)"].tolist() == [1500.0, 250.0]
    assert shown["Share (%)"].tolist() == [12.5, 87.5]
    assert shown["People"].iloc[0] == 12 and pd.isna(shown["People"].iloc[1])
    assert shown["People hidden"].tolist() == [False, True]


def test_a_file_name_says_what_it_holds_and_nothing_a_file_system_minds():
    assert file_stem("grant_list", "FY2024-25_SSA") == "grant_list__FY2024-25_SSA"
    assert file_stem("programs_of_grant", "[G-1](http://evil.example)") == (
        "programs_of_grant__G-1-http-evil.example"
    )
