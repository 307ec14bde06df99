"""Bad input never corrupts the warehouse: a file that cannot be read fails in one line naming
file, row and column and leaves the warehouse byte for byte as it was; a bad row is rejected
with its row number and reason while the good rows load; re-saved, re-sent and re-formatted
files load to the same rows.

Most tests load narrow files (a few columns of the conftest fixtures): validating a file costs
time per numeric column, not per row, and the whole module should stay fast."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import (
    GRANTS_HEADER,
    GRANTS_ROWS,
    PARTICIPATION_HEADER,
    PARTICIPATION_ROWS,
    PROGRAMS_HEADER,
    PROGRAMS_ROWS,
    USERNAMES,
    core_rows,
    file_sha256,
    query,
    rejects_of,
    row_counts,
    snapshot,
    write_csv,
)

from etl import read
from etl.errors import LoadError
from etl.load import load
from etl.schemas import KINDS
from etl.validate import validate as real_validate

ROOT = Path(__file__).resolve().parents[1]
NOT_A_DATE = "is not a date (expected YYYY-MM-DD or DD.MM.YYYY)"

SHORT_GRANTS = [
    "grant_id",
    "title",
    "fund",
    "status",
    "lead_username",
    "country",
    "amount_requested_usd",
    "amount_awarded_usd",
    "decision_date",
    "themes",
    "multi_year",
]
SHORT_PARTICIPATION = ["program_id", "username", "role", "edits"]


def columns_of(
    header: list[str], rows: list[list[str]], columns: list[str]
) -> tuple[list[str], list[list[str]]]:
    """(columns, rows) keeping only the named columns, in that order."""
    positions = [header.index(name) for name in columns]
    return list(columns), [[row[i] for i in positions] for row in rows]


def edited(
    header: list[str], rows: list[list[str]], changes: dict[tuple[int, str], str]
) -> list[list[str]]:
    """A copy of `rows` with {(row index, column name): new value} applied."""
    copy = [list(row) for row in rows]
    for (index, column), value in changes.items():
        copy[index][header.index(column)] = value
    return copy


def short_grants(
    path: Path, changes: dict[tuple[int, str], str] | None = None, extra_rows: list | None = None
) -> Path:
    """The fixture grants with the SHORT_GRANTS columns, edited, written to `path`."""
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    rows = edited(header, rows, changes or {}) + (extra_rows or [])
    return write_csv(path, header, rows)


def short_participation(path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, SHORT_PARTICIPATION, rows)


def participation_rows(changes: dict[tuple[int, str], str] | None = None) -> list[list[str]]:
    """The fixture participation with the SHORT_PARTICIPATION columns, edited."""
    header, rows = columns_of(PARTICIPATION_HEADER, PARTICIPATION_ROWS, SHORT_PARTICIPATION)
    return edited(header, rows, changes or {})


def state(db: Path) -> tuple[str, dict[str, int], dict[str, list[tuple]]]:
    """The warehouse file's bytes (as a hash), every table's row count and every table's rows."""
    return file_sha256(db), row_counts(db), snapshot(db)


# 1. A missing required column

MISSING_FUND = (
    "grants_2024.csv, row 1, column 'fund': required column 'fund' is missing for a grants file "
    "(required: grant_id, fund, country)"
)


def test_grants_file_without_fund_fails_on_row_1_naming_the_column_and_changes_nothing(
    loaded_db, inputs
):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, [c for c in SHORT_GRANTS if c != "fund"])
    bad = write_csv(inputs / "grants_2024.csv", header, rows)
    before = state(loaded_db)

    [result] = load([bad], loaded_db)

    assert result.error == MISSING_FUND
    assert (result.kind, result.batch_id) == (None, None)
    assert state(loaded_db) == before


def test_full_grants_file_without_fund_fails_naming_fund_instead_of_loading_as_organizations(
    loaded_db, inputs
):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, [c for c in GRANTS_HEADER if c != "fund"])
    bad = write_csv(inputs / "grants_2024.csv", header, rows)
    before = state(loaded_db)

    [result] = load([bad], loaded_db)

    assert result.error == MISSING_FUND
    assert state(loaded_db) == before


# 2. Unknown columns


def test_unknown_columns_are_ignored_reported_and_the_rows_still_load(db, inputs):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    path = write_csv(
        inputs / "grants.csv",
        [*header, "Colour", "Internal notes"],
        [[*row, "red", "call back"] for row in rows],
    )

    [result] = load([path], db)

    assert result.error is None
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 3, 0)
    assert result.ignored_columns == ("Colour", "Internal notes")
    assert result.warnings == 2
    assert "ignored columns: Colour, Internal notes" in result.summary()
    assert rejects_of(db, "grants.csv") == [
        (1, "Colour", None, "unknown column, ignored", "warning"),
        (1, "Internal notes", None, "unknown column, ignored", "warning"),
    ]
    assert query(db, "select grant_id from core.grants order by 1") == [
        ("G-1",),
        ("G-2",),
        ("G-3",),
    ]


# 3. Wrong types


def test_grant_rows_with_a_non_number_amount_or_a_non_yes_no_flag_are_rejected_naming_the_value(
    db, inputs
):
    path = short_grants(
        inputs / "grants.csv", {(1, "amount_requested_usd"): "abc", (2, "multi_year"): "maybe"}
    )

    [result] = load([path], db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 1, 2)
    assert rejects_of(db, "grants.csv") == [
        (3, "amount_requested_usd", "abc", "'abc' is not a number", "rejected"),
        (4, "multi_year", "maybe", "'maybe' is not yes or no", "rejected"),
    ]
    assert query(db, "select grant_id from core.grants") == [("G-1",)]


def test_participation_rows_with_fractional_or_non_numeric_counts_are_rejected_naming_the_value(
    loaded_db, inputs
):
    rows = participation_rows({(1, "edits"): "2.5", (3, "edits"): "lots"})
    path = short_participation(inputs / "participation_2024.csv", rows)

    [result] = load([path], loaded_db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 3, 2)
    assert rejects_of(loaded_db, "participation_2024.csv") == [
        (3, "edits", "2.5", "'2.5' is not a whole number", "rejected"),
        (5, "edits", "lots", "'lots' is not a number", "rejected"),
    ]


def test_a_username_blank_once_normalised_is_rejected_as_missing_not_a_failed_file(
    loaded_db, inputs
):
    # A tab is not trimmed and underscores are not blank, but normalised (underscores as
    # spaces, spaces squeezed and trimmed) neither leaves a name to key a person by.
    rows = participation_rows({(1, "username"): "\t", (3, "username"): "__"})
    path = short_participation(inputs / "participation_2024.csv", rows)

    [result] = load([path], loaded_db)

    assert result.error is None
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 3, 2)
    assert rejects_of(loaded_db, "participation_2024.csv") == [
        (3, "username", "(redacted)", "missing value", "rejected"),
        (5, "username", "(redacted)", "missing value", "rejected"),
    ]


# 4. Dates


def test_dates_in_common_formats_load_to_the_right_day_and_garbage_dates_are_rejected(db, inputs):
    header = ["program_id", "title", "program_type", "start_date", "end_date"]
    path = write_csv(
        inputs / "programs.csv",
        header,
        [
            ["P-1", "ISO", "workshop", "2023-07-01", "07/31/2023"],
            ["P-2", "Dashboard timestamp", "workshop", "2023-07-01 14:46:47 UTC", "08/01/2023"],
            ["P-3", "Dotted", "workshop", "01.07.2023", ""],
            ["P-4", "Spelled out", "workshop", "1 July 2023", "2023-07-02"],
            ["P-5", "Day first", "workshop", "01/08/2023", ""],
            ["P-6", "Impossible", "workshop", "31/31/2023", ""],
            ["P-7", "Vague", "workshop", "soon", ""],
        ],
    )

    [result] = load([path], db)

    # end_date holds 07/31/2023, so its 08/01/2023 is 1 August (month first); start_date has
    # no such evidence, so its 01/08/2023 is read day first: 1 August too.
    assert query(db, "select program_id, start_date, end_date from core.programs order by 1") == [
        ("P-1", date(2023, 7, 1), date(2023, 7, 31)),
        ("P-2", date(2023, 7, 1), date(2023, 8, 1)),
        ("P-3", date(2023, 7, 1), date(2023, 7, 1)),
        ("P-4", date(2023, 7, 1), date(2023, 7, 2)),
        ("P-5", date(2023, 8, 1), date(2023, 8, 1)),
    ]
    assert (result.rows_loaded, result.rows_rejected) == (5, 2)
    assert rejects_of(db, "programs.csv") == [
        (7, "start_date", "31/31/2023", f"'31/31/2023' {NOT_A_DATE}", "rejected"),
        (8, "start_date", "soon", f"'soon' {NOT_A_DATE}", "rejected"),
    ]


def test_an_impossible_date_does_not_turn_a_month_first_column_day_first(db, inputs):
    header = ["program_id", "title", "program_type", "start_date", "end_date"]
    path = write_csv(
        inputs / "programs.csv",
        header,
        [
            ["P-1", "Month first", "workshop", "2023-07-01", "07/31/2023"],
            ["P-2", "Ambiguous", "workshop", "2023-07-01", "08/01/2023"],
            ["P-3", "Impossible", "workshop", "2023-07-01", "31/31/2023"],
        ],
    )

    load([path], db)

    assert rejects_of(db, "programs.csv") == [
        (4, "end_date", "31/31/2023", f"'31/31/2023' {NOT_A_DATE}", "rejected"),
    ]
    assert query(db, "select program_id, end_date from core.programs order by 1") == [
        ("P-1", date(2023, 7, 31)),
        ("P-2", date(2023, 8, 1)),
    ]


# 5. Countries


def test_an_unknown_country_code_rejects_the_row_naming_the_code(db, inputs):
    path = short_grants(inputs / "grants.csv", {(0, "country"): "ZZ"})

    [result] = load([path], db)

    assert (result.rows_loaded, result.rows_rejected) == (2, 1)
    assert rejects_of(db, "grants.csv") == [
        (
            2,
            "country",
            "ZZ",
            "unknown country 'ZZ' (expected an ISO 3166-1 code, e.g. KE)",
            "rejected",
        ),
    ]


def test_namibia_na_loads_as_country_na_in_region_ssa_not_as_missing(loaded_db):
    assert query(
        loaded_db, "select grant_id, country_code, region_code from core.grants order by 1"
    ) == [("G-1", "KE", "SSA"), ("G-2", "NA", "SSA"), ("G-3", "BR", "LAC")]
    assert query(
        loaded_db, "select program_id, country_code, region_code from core.programs order by 1"
    ) == [("P-1", "NA", "SSA"), ("P-2", "KE", "SSA"), ("P-3", "BR", "LAC")]


# 6. Negative amounts and counts


def test_negative_amounts_and_counts_are_rejected_with_the_value(loaded_db, inputs):
    grants = short_grants(inputs / "grants_2024.csv", {(0, "amount_awarded_usd"): "-5"})
    participation = short_participation(
        inputs / "participation_2024.csv", participation_rows({(2, "edits"): "-3"})
    )

    grants_result, participation_result = load([grants, participation], loaded_db)

    assert (grants_result.rows_loaded, grants_result.rows_rejected) == (2, 1)
    assert rejects_of(loaded_db, "grants_2024.csv") == [
        (2, "amount_awarded_usd", "-5", "negative amount -5", "rejected"),
    ]
    assert (participation_result.rows_loaded, participation_result.rows_rejected) == (4, 1)
    assert rejects_of(loaded_db, "participation_2024.csv") == [
        (4, "edits", "-3", "negative count -3", "rejected"),
    ]
    assert query(
        loaded_db, "select amount_awarded_usd from core.grants where grant_id = 'G-1'"
    ) == [(Decimal("4500.00"),)]
    assert query(loaded_db, "select count(*) from core.participation where edits < 0") == [(0,)]


# 7. Duplicate ids within one file


def test_an_exact_duplicate_row_is_rejected_as_a_duplicate_of_the_first_and_counted(db, inputs):
    _, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    path = short_grants(inputs / "grants.csv", extra_rows=[rows[0]])

    [result] = load([path], db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert result.rows_duplicate == 1
    assert rejects_of(db, "grants.csv") == [
        (5, "grant_id", None, "duplicate of row 2", "rejected"),
    ]
    assert query(db, "select count(*) from core.grants where grant_id = 'G-1'") == [(1,)]


def test_the_same_grant_id_with_different_values_keeps_the_first_and_says_so(db, inputs):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    changed = edited(header, [rows[1]], {(0, "amount_awarded_usd"): "17000"})
    path = short_grants(inputs / "grants.csv", extra_rows=changed)

    [result] = load([path], db)

    assert query(db, "select amount_awarded_usd from core.grants where grant_id = 'G-2'") == [
        (Decimal("18000.00"),)
    ]
    assert rejects_of(db, "grants.csv") == [
        (
            5,
            "grant_id",
            None,
            "same grant_id as row 3 with different values; the first is kept",
            "rejected",
        ),
    ]
    assert (result.rows_rejected, result.rows_duplicate) == (1, 0)


def test_a_row_repeated_twice_more_is_two_duplicates_and_a_rejected_copy_does_not_compete(
    db, inputs
):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    unreadable = edited(header, [rows[0]], {(0, "amount_requested_usd"): "lots"})
    path = short_grants(inputs / "grants.csv", extra_rows=[*unreadable, rows[0], rows[0]])

    [result] = load([path], db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 3, 3)
    assert result.rows_duplicate == 2
    assert [(row, reason) for row, _, _, reason, _ in rejects_of(db, "grants.csv")] == [
        (5, "'lots' is not a number"),
        (6, "duplicate of row 2"),
        (7, "duplicate of row 2"),
    ]


# 8. Empty and header-only files


def test_an_empty_file_fails_asking_for_a_header_row_and_changes_nothing(loaded_db, inputs):
    empty = inputs / "grants_2024.csv"
    empty.write_bytes(b"")
    before = state(loaded_db)

    [result] = load([empty], loaded_db)

    assert result.error == "grants_2024.csv, row 1: the file is empty; expected a header row"
    assert state(loaded_db) == before


def test_a_header_only_file_loads_as_a_batch_of_zero_rows(loaded_db, inputs):
    path = write_csv(inputs / "grants_2024.csv", SHORT_GRANTS, [])
    grants_before = core_rows(loaded_db, "core.grants")

    [result] = load([path], loaded_db)

    assert result.error is None
    assert (result.kind, result.rows_read, result.rows_loaded) == ("grants", 0, 0)
    assert query(
        loaded_db,
        "select rows_read, rows_loaded, rows_rejected from meta.batches where batch_id = ?",
        [result.batch_id],
    ) == [(0, 0, 0)]
    assert core_rows(loaded_db, "core.grants") == grants_before


# 9. Bytes that are not UTF-8


def test_a_latin1_byte_fails_the_file_naming_row_column_and_encoding_and_changes_nothing(
    loaded_db, inputs
):
    path = write_csv(
        inputs / "programs_2024.csv",
        ["program_id", "title", "program_type", "start_date"],
        [
            ["P-4", "Workshop", "workshop", "2024-02-01"],
            ["P-5", "Meetup", "meetup", "2024-02-02"],
            ["P-6", "Atelier café", "workshop", "2024-02-03"],
        ],
        encoding="latin-1",
    )
    before = state(loaded_db)

    [result] = load([path], loaded_db)

    assert result.error == (
        "programs_2024.csv, row 4, column 'title': byte 0xe9 is not UTF-8; save the file as "
        "UTF-8 and load it again"
    )
    assert "\n" not in result.error
    assert state(loaded_db) == before


def test_a_latin1_byte_after_a_quoted_comma_still_names_its_own_column(db, inputs):
    path = write_csv(
        inputs / "programs.csv",
        ["program_id", "title", "program_type", "start_date"],
        [["P-6", "Atelier, café", "workshop", "2024-02-03"]],
        encoding="latin-1",
    )

    [result] = load([path], db)

    assert result.error.startswith("programs.csv, row 2, column 'title': byte 0xe9 is not UTF-8")


def test_utf8_is_checked_across_the_scan_s_chunk_boundaries(tmp_path, monkeypatch):
    # The scan decodes only the bytes above 0x7f with the byte after each run of them: a
    # character cut by a chunk boundary is whole, an ASCII byte inside one is not.
    monkeypatch.setattr(read, "SCAN_CHUNK", 3)
    good = tmp_path / "programs.csv"
    good.write_bytes("program_id,title\nP-1,Atelier café über\nP-2,東京\n".encode())
    assert read._scan_text(good, good.name, ",").records == 2
    bad = tmp_path / "programs_bad.csv"
    bad.write_bytes(b"program_id,title\nP-1,caf\xc3\xa9\nP-2,caf\xc3e\xa9\n")
    with pytest.raises(LoadError) as raised:
        read._scan_text(bad, bad.name, ",")
    assert str(raised.value) == (
        "programs_bad.csv, row 3, column 'title': byte 0xc3 is not UTF-8; save the file as "
        "UTF-8 and load it again"
    )


# 10. A file of no known kind


def test_a_file_whose_header_fits_no_kind_fails_as_unrecognised_and_changes_nothing(
    loaded_db, inputs
):
    path = write_csv(inputs / "shapes.csv", ["colour", "shape", "size"], [["red", "round", "3"]])
    before = state(loaded_db)

    [result] = load([path], loaded_db)

    assert result.error.startswith(
        "shapes.csv, row 1: unrecognised kind of file: header (colour, shape, size) fits none of "
    )
    assert result.kind is None
    assert state(loaded_db) == before


# 11. A folder of good and bad files, through the command line


def test_a_folder_with_bad_files_loads_the_good_ones_and_the_cli_exits_1_failing_each_on_stderr(
    db, inputs, programs_csv
):
    short_grants(inputs / "grants.csv")
    write_csv(inputs / "shapes.csv", ["colour", "shape"], [["red", "round"]])
    (inputs / "empty.csv").write_bytes(b"")
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, [c for c in SHORT_GRANTS if c != "fund"])
    write_csv(inputs / "grants_no_fund.csv", header, rows)
    env = {k: v for k, v in os.environ.items() if k != "GROWTH_DB"}

    run = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(inputs), "--db", str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 1, run.stderr
    assert "FAILED" not in run.stdout
    failed = sorted(line for line in run.stderr.splitlines() if line.startswith("FAILED"))
    assert failed == [
        "FAILED  empty.csv, row 1: the file is empty; expected a header row",
        "FAILED  grants_no_fund.csv, row 1, column 'fund': required column 'fund' is missing "
        "for a grants file (required: grant_id, fund, country)",
        "FAILED  shapes.csv, row 1: unrecognised kind of file: header (colour, shape) fits none "
        f"of {', '.join(KINDS)}",
    ]
    assert f"2 of 5 files loaded into {db}" in run.stdout
    assert query(db, "select file_name, kind, rows_loaded from meta.batches order by 1") == [
        ("grants.csv", "grants", 3),
        ("programs.csv", "programs", 3),
    ]


# 12. A spreadsheet re-save: semicolons, BOM, CRLF, 01.00 decimals


def test_a_semicolon_bom_crlf_resave_with_decimal_numbers_loads_the_same_core_rows(
    tmp_path, inputs, empty_template, loaded_template
):
    # loaded_template holds the comma files, loaded into a copy of empty_template; loading the
    # re-saved files into another copy hashes usernames with the same salt.
    money = {"amount_requested", "amount_requested_usd", "amount_awarded_usd"}
    counts = {"edits", "bytes_added", "articles_created", "articles_edited", "uploads"}
    files = []
    for name, header, rows in (
        ("grants.csv", GRANTS_HEADER, GRANTS_ROWS),
        ("programs.csv", PROGRAMS_HEADER, PROGRAMS_ROWS),
        ("participation.csv", PARTICIPATION_HEADER, PARTICIPATION_ROWS),
    ):
        resaved = [
            [
                f"{int(v):02d}.00" if v and h in money | counts else v
                for h, v in zip(header, row, strict=True)
            ]
            for row in rows
        ]
        files.append(
            write_csv(inputs / name, header, resaved, delimiter=";", bom=True, newline="\r\n")
        )
    db = tmp_path / "resaved.duckdb"
    shutil.copyfile(empty_template, db)

    results = load(files, db)

    participation_bytes = (inputs / "participation.csv").read_bytes()
    assert participation_bytes.startswith(b"\xef\xbb\xbfprogram_id;username;role;")
    assert b";40.00;12000.00;02.00;10.00;00.00;man\r\n" in participation_bytes
    assert [(r.rows_loaded, r.rows_rejected, r.error) for r in results] == [
        (3, 0, None),
        (3, 0, None),
        (5, 0, None),
    ]
    for table in (
        "core.grants",
        "core.grant_themes",
        "core.programs",
        "core.program_themes",
        "core.participation",
        "core.people",
    ):
        assert core_rows(db, table) == core_rows(loaded_template, table), table
    assert query(db, "select sum(edits), sum(bytes_added) from core.participation") == [(78, 18600)]
    assert query(db, "select sum(amount_awarded_usd) from core.grants") == [(Decimal("22500.00"),)]


# 13. The same file again


def test_loading_the_same_file_again_under_any_name_is_skipped_and_changes_nothing(
    loaded_db, inputs, grants_csv
):
    before = state(loaded_db)

    [again] = load([grants_csv], loaded_db)
    renamed = inputs / "grants_copy_from_email.csv"
    renamed.write_bytes(grants_csv.read_bytes())
    [copy] = load([renamed], loaded_db)

    assert (again.skipped_as_batch, again.batch_id, again.error) == (1, None, None)
    assert (copy.skipped_as_batch, copy.batch_id, copy.error) == (1, None, None)
    assert copy.summary() == "skipped grants_copy_from_email.csv: already loaded as batch 1"
    assert state(loaded_db) == before


# 14. A later file replaces an earlier row with the same id


def test_a_later_file_with_a_known_grant_id_replaces_the_earlier_row(loaded_db, inputs):
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    update = edited(
        header, [rows[0]], {(0, "amount_awarded_usd"): "4800", (0, "themes"): "education"}
    )
    path = write_csv(inputs / "grants_update.csv", header, update)

    [result] = load([path], loaded_db)

    assert (result.rows_loaded, result.rows_replaced) == (1, 1)
    assert query(
        loaded_db, "select amount_awarded_usd, batch_id from core.grants where grant_id = 'G-1'"
    ) == [(Decimal("4800.00"), result.batch_id)]
    assert query(loaded_db, "select theme_code from core.grant_themes where grant_id = 'G-1'") == [
        ("education",)
    ]
    assert query(loaded_db, "select count(*) from core.grants") == [(3,)]


def test_a_file_failing_in_validation_fails_alone_and_the_next_file_of_the_load_still_loads(
    loaded_db, inputs, monkeypatch
):
    # A file's first part is validated before its transaction begins (etl.load): a failure
    # there must leave neither a row of its own nor a transaction open for the next file.
    header, rows = columns_of(GRANTS_HEADER, GRANTS_ROWS, SHORT_GRANTS)
    failing = write_csv(
        inputs / "grants_failing.csv",
        header,
        edited(header, [rows[0]], {(0, "amount_awarded_usd"): "4700"}),
    )
    update = write_csv(
        inputs / "grants_update.csv",
        header,
        edited(header, [rows[0]], {(0, "amount_awarded_usd"): "4800"}),
    )

    def validate(con, raw, salt):
        if raw.path.name == failing.name:
            raise RuntimeError("validation broke")
        return real_validate(con, raw, salt)

    monkeypatch.setattr("etl.load.validate", validate)
    batches = query(loaded_db, "select count(*) from meta.batches")[0][0]

    first, second = load([failing, update], loaded_db)

    assert first.error == "grants_failing.csv: could not be loaded: RuntimeError: validation broke"
    assert first.batch_id is None
    assert (second.error, second.rows_loaded, second.rows_replaced) == (None, 1, 1)
    assert query(loaded_db, "select file_name from meta.batches order by batch_id")[batches:] == [
        ("grants_update.csv",)
    ]
    assert query(
        loaded_db, "select count(*) from meta.rejects where file_name = ?", [failing.name]
    ) == [(0,)]
    assert query(
        loaded_db, "select amount_awarded_usd from core.grants where grant_id = 'G-1'"
    ) == [(Decimal("4800.00"),)]


# 15. Participation in a program the warehouse does not know


def test_participation_in_an_unknown_program_is_rejected_asking_for_its_programs_file(
    loaded_db, inputs
):
    rows = [["P-9", "Emeka_Okafor", "participant", "4"], ["P-3", "Emeka_Okafor", "mentee", "6"]]
    path = short_participation(inputs / "participation_2024.csv", rows)

    [result] = load([path], loaded_db)

    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert rejects_of(loaded_db, "participation_2024.csv") == [
        (
            2,
            "program_id",
            None,
            "unknown program 'P-9'; load its programs file first",
            "rejected",
        ),
    ]


def test_participation_named_before_its_programs_in_one_load_still_finds_them(
    db, inputs, programs_csv
):
    participation = short_participation(inputs / "participation.csv", participation_rows())

    results = load([participation, programs_csv], db)

    assert [(r.kind, r.rows_loaded, r.rows_rejected) for r in results] == [
        ("programs", 3, 0),
        ("participation", 5, 0),
    ]


# 16. Ragged records


def test_a_ragged_record_is_rejected_as_unreadable_and_later_rows_keep_their_numbers(
    loaded_db, inputs
):
    valid = participation_rows()
    rows = [
        valid[0],  # row 2
        ["P-1", "Dilnoza Karimova"],  # row 3: too few columns
        valid[2],  # row 4
        participation_rows({(3, "edits"): "-3"})[3],  # row 5
        [*valid[4], "surplus"],  # row 6: too many columns
    ]
    path = short_participation(inputs / "participation_2024.csv", rows)

    [result] = load([path], loaded_db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (5, 2, 3)
    rejects = rejects_of(loaded_db, "participation_2024.csv")
    assert [(row, column, value, severity) for row, column, value, _, severity in rejects] == [
        (3, None, None, "rejected"),
        (5, "edits", "-3", "rejected"),
        (6, None, None, "rejected"),
    ]
    assert rejects[0][3].startswith("unreadable record: MISSING COLUMNS")
    assert rejects[1][3] == "negative count -3"
    assert rejects[2][3].startswith("unreadable record: TOO MANY COLUMNS")


def test_rows_after_a_blank_line_keep_their_spreadsheet_row_numbers(loaded_db, inputs):
    rows = participation_rows({(2, "edits"): "-3"})
    path = short_participation(
        inputs / "participation_2024.csv", [rows[0], [], rows[2]]
    )  # rows 2, 3 (blank) and 4

    load([path], loaded_db)

    assert [r[0] for r in rejects_of(loaded_db, "participation_2024.csv")] == [4]


# 17. No username is kept anywhere


def test_no_username_appears_in_any_table_even_in_rejects(loaded_db, inputs):
    # Rows that go wrong in every way a username could leak: an unknown program, a duplicate,
    # a bad role, a ragged record, a missing username, a rejected grant naming its lead.
    valid = participation_rows()
    participation = short_participation(
        inputs / "participation_2024.csv",
        [
            participation_rows({(1, "program_id"): "P-9"})[1],
            valid[2],
            valid[2],
            participation_rows({(4, "role"): "boss"})[4],
            ["P-2", "Emeka_Okafor"],
            participation_rows({(0, "username"): ""})[0],
        ],
    )
    grants = short_grants(inputs / "grants_2024.csv", {(0, "country"): "ZZ"})

    results = load([grants, participation], loaded_db)

    assert [r.rows_rejected for r in results] == [1, 5]
    tokens = {part.lower() for name in USERNAMES for part in name.replace("_", " ").split()}
    cells = [
        (table, str(value).lower())
        for table, rows in snapshot(loaded_db).items()
        for row in rows
        for value in row
        if value is not None
    ]
    assert any("windhoek" in text for _, text in cells)  # the scan does see text columns
    assert [(table, text) for table, text in cells if any(t in text for t in tokens)] == []
    assert not any(t in r.summary().lower() for r in results for t in tokens)


# 18. The same programs as XLSX, JSON and Parquet


def _typed(name: str, value: str) -> object:
    if value == "":
        return None
    return date.fromisoformat(value) if name.endswith("_date") else value


def _write_programs(folder: Path, suffix: str) -> Path:
    """The fixture programs as each format holds them: in XLSX and Parquet dates are dates and
    blanks are missing values; JSON has text and empty strings."""
    path = folder / f"programs.{suffix}"
    typed = [
        {name: _typed(name, value) for name, value in zip(PROGRAMS_HEADER, row, strict=True)}
        for row in PROGRAMS_ROWS
    ]
    if suffix == "csv":
        write_csv(path, PROGRAMS_HEADER, PROGRAMS_ROWS)
    elif suffix == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(PROGRAMS_HEADER)
        for record in typed:
            sheet.append([record[name] for name in PROGRAMS_HEADER])
        book.save(path)
    elif suffix == "json":
        records = [dict(zip(PROGRAMS_HEADER, row, strict=True)) for row in PROGRAMS_ROWS]
        path.write_text(json.dumps(records), encoding="utf-8")
    else:
        pq.write_table(pa.table({name: [r[name] for r in typed] for name in PROGRAMS_HEADER}), path)
    return path


@pytest.mark.parametrize(
    "suffix",
    [
        "csv",
        "xlsx",
        "json",
        "parquet",
    ],
)
def test_programs_as_csv_xlsx_json_or_parquet_load_to_the_same_core_rows(db, inputs, suffix):
    path = _write_programs(inputs, suffix)

    [result] = load([path], db)

    assert (result.kind, result.rows_loaded, result.rows_rejected) == ("programs", 3, 0)
    assert core_rows(db, "core.programs") == [
        (
            "P-1",
            "Windhoek women's edit-a-thon",
            "edit_a_thon",
            "NA",
            "SSA",
            date(2023, 10, 7),
            date(2023, 10, 8),
            "FY2023-24",
            "G-2",
            "ORG-1",
            "en.wikipedia",
        ),
        (
            "P-2",
            "Nairobi photo walk",
            "photo_contest",
            "KE",
            "SSA",
            date(2023, 9, 1),
            date(2023, 9, 30),
            "FY2023-24",
            "G-1",
            None,
            "commons.wikimedia",
        ),
        (
            "P-3",
            "Teacher training",
            "training",
            "BR",
            "LAC",
            date(2024, 1, 15),
            date(2024, 1, 15),
            "FY2023-24",
            None,
            None,
            "pt.wikipedia",
        ),
    ]
    assert core_rows(db, "core.program_themes") == [
        ("P-1", "gender_gap"),
        ("P-2", "culture_heritage"),
        ("P-3", "education"),
    ]
