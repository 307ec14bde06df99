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
    ],
)
def test_parse_number_reads_spreadsheet_forms(con, text, value):
    got = con.execute("select parse_number($t)", {"t": text}).fetchone()[0]
    assert (None if got is None else float(got)) == value


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
