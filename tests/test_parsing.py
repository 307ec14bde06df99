"""The loaders' parsing macros read numbers, dates, fiscal years and usernames as people
write them."""

from datetime import date

import duckdb
import pytest

from etl import warehouse


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    warehouse.run_sql_file(connection, warehouse.SQL_DIR / "macros.sql")
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234.5", 1234.5),
        ("1,234.50", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("1,234", 1234),
        ("01.00", 1),
        (" $ 500 ", 500),
        ("-5", -5),
        ("abc", None),
        ("", None),
        # Spaces around the cell: ASCII ones the cast skips, Unicode ones are trimmed first.
        ("\t12 ", 12),
        ("\u00a012\u00a0", 12),
        ("\u3000 1,234.50\u2003", 1234.5),
        ("\u00a0 12,5", 12.5),
        ("\u00a0", None),
    ],
)
def test_parse_number_reads_spreadsheet_forms(con, text, value):
    got = con.execute("select parse_number($t)", {"t": text}).fetchone()[0]
    assert (None if got is None else float(got)) == value


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("P-1", "P-1"),
        ("  P-1 ", "P-1"),
        ("\u00a0P-1", "P-1"),
        ("P-1\u3000", "P-1"),
        ("Zoë\u2003", "Zoë"),
        ("Zoë", "Zoë"),
        ("\tP-1\t", "\tP-1\t"),  # trim leaves tabs and line breaks, and so does trimmed
        ("a  b", "a  b"),
        ("   ", None),
        ("", None),
        (None, None),
    ],
)
def test_trimmed_keeps_a_cell_as_trim_does_with_blank_as_null(con, text, kept):
    assert con.execute("select trimmed($t)", {"t": text}).fetchone()[0] == kept


@pytest.mark.parametrize(
    ("text", "slash", "day"),
    [
        ("2023-07-01", "%d/%m/%Y", date(2023, 7, 1)),
        ("2025-08-22 14:46:47 UTC", "%d/%m/%Y", date(2025, 8, 22)),
        ("2025-08-22T14:46:47Z", "%d/%m/%Y", date(2025, 8, 22)),
        ("2025-08-22T14:46:47.123+02:00", "%d/%m/%Y", date(2025, 8, 22)),
        ("01.07.2023", "%d/%m/%Y", date(2023, 7, 1)),
        ("2023/07/01", "%d/%m/%Y", date(2023, 7, 1)),
        ("1 July 2023", "%d/%m/%Y", date(2023, 7, 1)),
        ("July 1, 2023", "%d/%m/%Y", date(2023, 7, 1)),
        ("02/07/2023", "%d/%m/%Y", date(2023, 7, 2)),
        ("02/07/2023", "%m/%d/%Y", date(2023, 2, 7)),
        ("31/31/2023", "%d/%m/%Y", None),
        ("soon", "%d/%m/%Y", None),
        (" 2023-07-01\t", "%d/%m/%Y", date(2023, 7, 1)),
        ("\u00a02023-07-01\u3000", "%d/%m/%Y", date(2023, 7, 1)),
        ("2025-08-22T14:46:47Z\t\u00a0", "%d/%m/%Y", date(2025, 8, 22)),
        ("\u00a001.07.2023 ", "%d/%m/%Y", date(2023, 7, 1)),
        ("\u2003", "%d/%m/%Y", None),
    ],
)
def test_parse_date_reads_common_formats(con, text, slash, day):
    assert con.execute("select parse_date($t, $s)", {"t": text, "s": slash}).fetchone()[0] == day


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2023, 6, 30), "FY2022-23"),
        (date(2023, 7, 1), "FY2023-24"),
        (date(2099, 12, 1), "FY2099-00"),
    ],
)
def test_fiscal_year_macro_matches_python(con, day, label):
    assert con.execute("select fiscal_year($d)", {"d": day}).fetchone()[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("FY2023-24", "FY2023-24"),
        ("2023-24", "FY2023-24"),
        ("2023/2024", "FY2023-24"),
        ("FY 2023–24", "FY2023-24"),
        ("2023-25", None),
        ("2023", None),
    ],
)
def test_parse_fiscal_year(con, text, label):
    assert con.execute("select parse_fiscal_year($t)", {"t": text}).fetchone()[0] == label


@pytest.mark.parametrize(
    ("text", "name"),
    [("some_user", "Some user"), ("  Some  user ", "Some user"), ("éva", "Éva"), ("", None)],
)
def test_usernames_normalise_as_wikimedia_does(con, text, name):
    assert con.execute("select normalise_username($t)", {"t": text}).fetchone()[0] == name


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Culture & Heritage", "culture_heritage"),
        ("Edit-a-thon", "edit_a_thon"),
        (" GLAM ", "glam"),
    ],
)
def test_label_key(con, text, key):
    assert con.execute("select label_key($t)", {"t": text}).fetchone()[0] == key
