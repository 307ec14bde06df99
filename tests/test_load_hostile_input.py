"""Hostile and messy input: every record of a file is accounted for (loaded, rejected with a
reason, or a blank line skipped), nothing crashes (each failure is one line naming file and
row), spreadsheet habits (mixed line ends, UTF-16, several sheets) load, failed files leave the
warehouse as it was, killed loads leave no working copies behind, and the command line keeps
results on stdout and failures on stderr."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import file_sha256, query, rejects_of, row_counts, snapshot

from etl import __main__ as cli
from etl import load as load_module
from etl import warehouse
from etl.load import load
from etl.status import report

HEADER = b"program_id,username,role,edits\n"


def state(db: Path) -> tuple[str, dict[str, int], dict[str, list[tuple]]]:
    return file_sha256(db), row_counts(db), snapshot(db)


def rows(n: int, first: int = 2) -> list[bytes]:
    """n valid participation records of P-1, each with a username of its own row number."""
    return [b"P-1,Hostile User %d,participant,%d" % (i, i) for i in range(first, first + n)]


def write(path: Path, body: bytes) -> Path:
    path.write_bytes(body)
    return path


# Silent loss: every record is accounted for


def test_an_unterminated_quote_fails_the_whole_file_naming_its_row_and_changes_nothing(
    loaded_db, inputs
):
    records = rows(10_000)
    records[3000] = b'P-1,"Hostile User 3002,participant,1'  # row 3002
    path = write(inputs / "participation_big.csv", HEADER + b"\n".join(records) + b"\n")
    before = state(loaded_db)

    [result] = load([path], loaded_db)

    assert result.error == (
        "participation_big.csv, row 3002: a quoted cell opened in this row is never closed, so "
        "every line after it would be one cell; close the quote"
    )
    assert state(loaded_db) == before


def test_a_quote_that_swallows_lines_up_to_a_later_quote_is_one_record_and_is_reported(
    loaded_db, inputs
):
    records = rows(6)
    records[1] = b'P-1,"Hostile User 3,participant,1'  # row 3: the quote closes 3 lines on
    records[4] = b'P-1,Hostile User 6",participant,1'
    path = write(inputs / "participation_q.csv", HEADER + b"\n".join(records) + b"\n")

    [result] = load([path], loaded_db)

    # As a spreadsheet reads it: rows 2, 3 (four lines long) and 4.
    assert (result.error, result.rows_read, result.rows_loaded) == (None, 3, 3)
    assert result.notes == (
        "1 records have line breaks inside quoted cells (rows 3); if that is not meant, a quote "
        "was left open there",
    )


def test_a_50_mb_field_rejects_its_row_with_a_reason_and_the_other_rows_load(loaded_db, inputs):
    records = rows(4)
    records[2] = b"P-1,Hostile User 4,participant," + b"9" * (50 << 20)  # row 4
    path = write(inputs / "participation_huge.csv", HEADER + b"\n".join(records) + b"\n")

    [result] = load([path], loaded_db)

    assert (result.error, result.rows_read, result.rows_loaded, result.rows_rejected) == (
        None,
        4,
        3,
        1,
    )
    [reject] = rejects_of(loaded_db, "participation_huge.csv")
    assert reject[0] == 4
    assert reject[3].startswith("unreadable record:")


def test_the_summary_accounts_for_loaded_rejected_and_blank_records_and_quoted_line_breaks(
    loaded_db, inputs
):
    body = (
        HEADER
        + b"P-1,Hostile User 2,participant,1\n"  # row 2
        + b"\n"  # row 3: blank
        + b'P-1,"Hostile\nUser 4",participant,1\n'  # row 4: a line break inside quotes
        + b"P-1,Hostile User 5,participant,1,surplus\n"  # row 5: too many fields
        + b"\r\n"  # row 6: blank
        + b"P-1,Hostile User 7,participant,-1\n"  # row 7: negative count
        + b"P-1,Hostile User 8,participant,1"  # row 8, no final line break
    )
    path = write(inputs / "participation_mixed_bag.csv", body)

    [result] = load([path], loaded_db)

    assert result.headline() == (
        f"loaded  participation_mixed_bag.csv as participation (batch {result.batch_id}): "
        "5 read, 3 loaded, 2 rejected (0 duplicates), 2 blank lines skipped, "
        "0 replaced earlier rows, 0 warnings"
    )
    assert [r[0] for r in rejects_of(loaded_db, "participation_mixed_bag.csv")] == [5, 7]


def test_rows_of_a_file_with_a_bad_row_every_25_lines_keep_their_numbers(loaded_db, inputs):
    records = rows(200)
    for i in range(23, 200, 25):  # rows 25, 50, …, 200
        records[i] += b",surplus"
    path = write(inputs / "participation_ragged.csv", HEADER + b"\n".join(records) + b"\n")

    [result] = load([path], loaded_db)

    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (200, 192, 8)
    assert [r[0] for r in rejects_of(loaded_db, "participation_ragged.csv")] == list(
        range(25, 201, 25)
    )
    # Row 26 follows the first rejected record: its own number, not one less.
    assert query(
        loaded_db,
        "select count(*) from staging.participation where source_row = 26 and edits = 26",
    ) == [(1,)]


# Whole-file failures that should not fail, or name a row


@pytest.mark.parametrize(
    "body",
    [
        b"program_id,username,role,edits\r\nP-1,Hostile A,participant,1\n"
        b"P-1,Hostile B,participant,2\r\nP-1,Hostile C,participant,3\n",
        b"program_id,username,role,edits\rP-1,Hostile A,participant,1\r"
        b"P-1,Hostile B,participant,2\rP-1,Hostile C,participant,3\r",
    ],
    ids=["mixed CRLF and LF", "bare CR"],
)
def test_mixed_line_ends_and_bare_crs_load_like_lf(loaded_db, inputs, body):
    path = write(inputs / "participation_line_ends.csv", body)

    [result] = load([path], loaded_db)

    assert (result.error, result.rows_read, result.rows_loaded) == (None, 3, 3)
    assert query(
        loaded_db,
        "select source_row, edits from staging.participation where batch_id = $b order by 1",
        {"b": result.batch_id},
    ) == [(2, 1), (3, 2), (4, 3)]


def test_a_utf16_unicode_text_export_with_bom_and_crlf_loads(loaded_db, inputs):
    text = "program_id\tusername\trole\tedits\r\nP-1\tHöstile Ünicode\tparticipant\t4\r\n"
    path = write(inputs / "participation_unicode.txt", text.encode("utf-16"))

    [result] = load([path], loaded_db)

    assert (result.error, result.rows_read, result.rows_loaded) == (None, 1, 1)


def test_an_amount_of_1e14_rejects_its_row_and_the_other_rows_load(db, inputs):
    path = write(
        inputs / "grants.csv",
        b"grant_id,fund,country,amount_awarded_usd\nG-1,rapid,KE,100000000000000\n"
        b"G-2,rapid,KE,99999999999999.99\nG-3,rapid,KE,1e14\n",
    )

    [result] = load([path], db)

    assert (result.error, result.rows_loaded, result.rows_rejected) == (None, 1, 2)
    assert [r[0] for r in rejects_of(db, "grants.csv")] == [2, 4]
    assert rejects_of(db, "grants.csv")[0][3] == (
        "amount 100000000000000 is too large (at most 99999999999999)"
    )


def test_a_header_only_file_says_it_loaded_nothing(loaded_db, inputs):
    path = write(inputs / "participation_empty.csv", HEADER)

    [result] = load([path], loaded_db)

    assert result.rows_read == 0
    assert "the file holds a header and no rows: nothing loaded" in result.warning_lines()


def test_every_sheet_with_a_known_header_loads_and_other_sheets_are_named(db, inputs):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "README"
    notes.append(["About this workbook"])
    people = book.create_sheet("people")
    people.append(["program_id", "username", "role"])
    people.append(["P-9", "Hostile Sheet User", "participant"])
    programs = book.create_sheet("programs")
    programs.append(["program_id", "start_date"])
    programs.append(["P-9", "2024-01-01"])
    path = inputs / "workbook.xlsx"
    book.save(path)

    [result] = load([path], db)

    assert (result.error, result.rows_read, result.rows_loaded) == (None, 2, 2)
    assert row_counts(db)["core.programs"] == 1
    assert row_counts(db)["core.participation"] == 1
    assert "sheets not loaded (their header fits no kind of file): README" in result.notes


# Crashes become one line


def test_random_bytes_named_csv_fail_in_one_line_naming_the_row(loaded_db, inputs):
    path = write(inputs / "participation_noise.csv", bytes([0xDA, 0x11, 0x00, 0xFF, 13, 10]) * 50)
    before = state(loaded_db)

    [result] = load([path], loaded_db)

    assert result.error == (
        "participation_noise.csv, row 1, column '#1': byte 0xda is not UTF-8; save the file as "
        "UTF-8 and load it again"
    )
    assert state(loaded_db) == before


def test_an_invalid_byte_on_a_line_with_a_cr_names_its_row_and_column(loaded_db, inputs):
    body = HEADER + b"P-1,Hostile A,partic\xe9pant,1\r\nP-1,Hostile B,participant,2\n"
    path = write(inputs / "participation_latin.csv", body)

    [result] = load([path], loaded_db)

    assert result.error == (
        "participation_latin.csv, row 2, column 'role': byte 0xe9 is not UTF-8; save the file as "
        "UTF-8 and load it again"
    )


@pytest.mark.parametrize(
    ("archive", "error"),
    [
        ({"hello.txt": "hi"}, "grants.xlsx: is a zip archive but not an Excel workbook"),
        (None, "grants.xlsx: is not an Excel workbook (an .xlsx file is a zip archive)"),
    ],
)
def test_a_file_named_xlsx_that_is_no_workbook_fails_in_one_line(db, inputs, archive, error):
    path = inputs / "grants.xlsx"
    if archive is None:
        path.write_bytes(b"grant_id,fund\n")
    else:
        with zipfile.ZipFile(path, "w") as z:
            for name, text in archive.items():
                z.writestr(name, text)

    [result] = load([path], db)

    assert result.error == error


QUARRY_HEADERS_NOT_A_LIST = (
    "participation.json: the Quarry result's 'headers' must be a list of column names"
)
QUARRY_ROW_TOO_WIDE = (
    "participation.json, row 1: a Quarry row must be a list of at most 1 cells (one per header)"
)


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ({"meta": {}, "headers": "program_id", "rows": []}, QUARRY_HEADERS_NOT_A_LIST),
        ({"meta": {}, "headers": ["program_id"], "rows": [["P-1", "x"]]}, QUARRY_ROW_TOO_WIDE),
        (
            "[" * 100_000 + "]" * 100_000,
            "participation.json: cannot be read as json: it is nested too deeply",
        ),
    ],
    ids=["headers not a list", "row wider than headers", "deeply nested"],
)
def test_malformed_quarry_json_fails_in_one_line(db, inputs, document, error):
    path = inputs / "participation.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))

    [result] = load([path], db)

    assert result.error == error


def test_quarry_rows_narrower_than_the_headers_load_with_blank_cells(loaded_db, inputs):
    document = {
        "meta": {},
        "headers": ["program_id", "username", "role", "edits"],
        "rows": [["P-1", "Hostile Quarry A", "participant"], ["P-1", "Hostile Quarry B"]],
    }
    path = write(inputs / "participation.json", json.dumps(document).encode())

    [result] = load([path], loaded_db)

    # Row 2 lacks its role, which is required: rejected, not lost.
    assert (result.error, result.rows_read, result.rows_loaded, result.rows_rejected) == (
        None,
        2,
        1,
        1,
    )
    assert rejects_of(loaded_db, "participation.json")[0][:4] == (2, "role", None, "missing value")


def test_a_parquet_file_with_list_and_struct_columns_loads_and_names_them_ignored(
    loaded_db, inputs
):
    table = pa.table(
        {
            "program_id": ["P-1"],
            "username": ["Hostile Parquet"],
            "role": ["participant"],
            "tags": [[1, 2]],
            "extra": [{"a": 1}],
        }
    )
    path = inputs / "participation.parquet"
    pq.write_table(table, path)

    [result] = load([path], loaded_db)

    assert (result.error, result.rows_loaded, result.ignored_columns) == (
        None,
        1,
        ("tags", "extra"),
    )


def test_an_unforeseen_error_in_one_file_is_one_failed_line_and_the_other_files_load(
    db, inputs, monkeypatch
):
    programs = write(inputs / "programs.csv", b"program_id,start_date\nP-1,2024-01-01\n")
    grants = write(inputs / "grants.csv", b"grant_id,fund,country\nG-1,rapid,KE\n")
    real = load_module.read_file

    def broken(con, path, *args):
        if path.name == "grants.csv":
            raise RuntimeError("surprise\nsecond line")
        return real(con, path, *args)

    monkeypatch.setattr(load_module, "read_file", broken)

    grants_result, programs_result = sorted(load([programs, grants], db), key=lambda r: r.path.name)

    assert grants_result.error == "grants.csv: cannot be read: RuntimeError: surprise"
    assert programs_result.rows_loaded == 1


# The command line


def test_a_load_that_cannot_finish_says_nothing_was_committed_on_stderr_and_exits_1(
    loaded_db, inputs, monkeypatch, capsys
):
    path = write(inputs / "programs_more.csv", b"program_id,start_date\nP-8,2024-01-01\n")
    before = state(loaded_db)

    def broken(con, changed=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load_module, "build_marts", broken)

    status = cli.main(["load", str(path), "--db", str(loaded_db)])

    out, err = capsys.readouterr()
    assert status == 1
    assert out.startswith("loaded  programs_more.csv as programs")
    assert err == (
        "FAILED  the load could not finish (RuntimeError: disk full); nothing was committed: "
        f"{loaded_db} is as it was, including the files reported as loaded above\n"
    )
    assert state(loaded_db) == before


def test_warnings_go_to_stderr_and_results_to_stdout(loaded_db, inputs, capsys):
    path = write(inputs / "participation_empty.csv", HEADER)

    status = cli.main(["load", str(path), "--db", str(loaded_db)])

    out, err = capsys.readouterr()
    assert status == 0
    assert "warning:" not in out
    assert err == (
        "warning: participation_empty.csv: the file holds a header and no rows: nothing loaded\n"
    )


# Working copies of killed loads


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_load_removes_working_copies_of_killed_loads(loaded_db, inputs):
    stale = loaded_db.parent / f".{loaded_db.name}.{_dead_pid()}.writing"
    stale.write_bytes(b"x" * 1000)
    Path(f"{stale}.wal").write_bytes(b"x")
    spill = Path(f"{stale}.spill")
    spill.mkdir()
    (spill / "duckdb_temp_block-4611686018427388032.block").write_bytes(b"x" * 1000)
    path = write(inputs / "programs_more.csv", b"program_id,start_date\nP-8,2024-01-01\n")

    load([path], loaded_db)

    assert not stale.exists()
    assert not Path(f"{stale}.wal").exists()
    assert not spill.exists()


def test_a_load_runs_within_its_memory_limit_and_spills_beside_its_working_copy(
    loaded_db, monkeypatch
):
    monkeypatch.setenv("GROWTH_LOAD_MEMORY", "300MB")
    with warehouse.writing(loaded_db) as con:
        limit, spill = con.execute(
            "select current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchall()[0]
        assert limit == "286.1 MiB"  # 300 × 10⁶ bytes
        assert spill.endswith(f".{loaded_db.name}.{os.getpid()}.writing.spill")
        raise warehouse.Unchanged


def test_a_load_memory_setting_that_is_no_amount_falls_back_to_2_5_gb(loaded_db, monkeypatch):
    monkeypatch.setenv("GROWTH_LOAD_MEMORY", "lots")
    with warehouse.writing(loaded_db) as con:
        [(limit,)] = con.execute("select current_setting('memory_limit')").fetchall()
        assert limit == "2.3 GiB"  # 2.5 × 10⁹ bytes
        raise warehouse.Unchanged


def test_status_removes_dead_loads_working_copies_but_never_a_live_loads(loaded_db):
    dead = loaded_db.parent / f".{loaded_db.name}.{_dead_pid()}.writing"
    dead.write_bytes(b"x")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    live = loaded_db.parent / f".{loaded_db.name}.{sleeper.pid}.writing"
    live.write_bytes(b"x")
    try:
        # A live load holds the lock while it writes its copy.
        with open(loaded_db.parent / f".{loaded_db.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            text = report(loaded_db)
        assert f"Removed 1 working copies left by killed loads: {dead.name}" in text
        assert not dead.exists()
        assert live.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    # Without a load holding the lock, no copy is live.
    assert warehouse.remove_stale_copies(loaded_db) == [live]


def test_the_cli_folder_load_exits_1_when_one_file_fails(loaded_db, inputs):
    write(inputs / "participation_ok.csv", HEADER + rows(1)[0] + b"\n")
    write(inputs / "participation_noise.csv", bytes([0xDA, 0x11]) * 10)
    env = {k: v for k, v in os.environ.items() if k != "GROWTH_DB"}

    run = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(inputs), "--db", str(loaded_db)],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 1
    assert run.stderr.startswith("FAILED  participation_noise.csv, row 1")
    assert "Traceback" not in run.stderr
    assert "1 of 2 files loaded" in run.stdout


# Formulas in the inputs never reach a published file


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1)"]


def test_published_csvs_stay_formula_safe_when_every_text_input_carries_a_formula(
    db, inputs, tmp_path
):
    from etl.publish import publish

    a, b, c, d = FORMULAS
    organizations = io.StringIO()
    csv.writer(organizations, lineterminator="\n").writerows(
        [["organization_id", "name", "type", "country"], [a, b, "chapter", "KE"]]
    )
    write(inputs / "organizations.csv", organizations.getvalue().encode())
    write(
        inputs / "grants.csv",
        (
            "grant_id,title,fund,country,organization_name,amount_awarded_usd,decision_date\n"
            f"{c},{d},rapid,KE,{c},5000,2023-07-15\n"
            f'G-2,"{b}",rapid,KE,{d},7000,2023-08-15\n'
        ).encode(),
    )
    write(
        inputs / "programs.csv",
        (
            "program_id,title,program_type,country,start_date,home_wiki\n"
            f'{d},"{b}",edit_a_thon,KE,2023-10-07,{c}\n'
        ).encode(),
    )
    people = "".join(f"{d},Formula Person {i},participant\n" for i in range(8))
    write(inputs / "participation.csv", ("program_id,username,role\n" + people).encode())
    results = load([inputs], db)
    assert [r.error for r in results] == [None] * 4

    written = publish(db, tmp_path / "published")

    cells = []
    for path in written:
        with open(path, encoding="utf-8", newline="") as f:
            cells += [cell for row in csv.reader(f) for cell in row]
    risky = [
        cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell)
    ]
    assert cells and risky == []


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
