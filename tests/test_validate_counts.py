"""A count cell gets the value and the problems `parse_number` gives it, whatever its form:
validation checks counts with cheaper conditions than it did (bare, `% 1` and the bigint cast
in place of `round` twice), and no verdict may change with them. The reference is the count's
typing before: the rounded `parse_number` of the cell, and three checks of the parsed
number."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import warehouse
from etl.read import RawFile
from etl.schemas import KINDS
from etl.validate import validate

# Per kind: the count column, and the other columns of a row (valid cells, by row number).
FILES = {
    # A required count: a blank cell is a missing value.
    "active_editors": ("active_editors", {"month": "'2023-01'", "region": "'SSA'"}),
    # An optional count beside valid cells (the unknown program is a row check, not a cell's).
    "participation": (
        "edits",
        {"program_id": "'P-1'", "username": "'User ' || source_row", "role": "'participant'"},
    ),
}


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    warehouse.prepare(connection)
    yield connection
    connection.close()


def validated(con: duckdb.DuckDBPyConnection, kind: str, cells: list[str | None]) -> list[tuple]:
    """(count value, problems) of each cell, once `validate` has typed a file of them."""
    count, others = FILES[kind]
    columns = ", ".join(f"{value} as {name}" for name, value in others.items())
    con.execute(
        f"""
        create or replace temp table raw_input as
        select source_row, {columns}, cells[source_row] as {count}
        from (select $cells::varchar[] as cells), range(1, len($cells) + 1) r(source_row)
        """,  # noqa: S608 - names from this test
        {"cells": cells},
    )
    raw = RawFile(Path(f"{kind}.csv"), "", KINDS[kind], (*others, count), (), len(cells), ())
    validate(con, raw, "salt")
    return con.execute(
        f"select {count}, coalesce(problems, []) from checked order by source_row"  # noqa: S608
    ).fetchall()


def parsed(con: duckdb.DuckDBPyConnection, kind: str, cells: list[str | None]) -> list[tuple]:
    """(count value, problems) of each cell as the old expressions give them."""
    count = FILES[kind][0]
    missing = (
        "case when n is null and t is null then {'column': $name, 'value': t, "
        "'reason': 'missing value'} end, "
        if next(c for c in KINDS[kind].columns if c.name == count).required
        else ""
    )
    return con.execute(
        f"""
        select round(n)::bigint,
               list_filter([
                   {missing}
                   case when n is null and cell <> '' and t is not null then
                       {{'column': $name, 'value': t, 'reason': '''' || t || ''' is not a number'}}
                   end,
                   case when n < 0 then
                       {{'column': $name, 'value': t, 'reason': 'negative count ' || t}}
                   end,
                   case when n <> round(n) then
                       {{'column': $name, 'value': t,
                        'reason': '''' || t || ''' is not a whole number'}}
                   end
               ], lambda p: p is not null)
        from (select source_row, cell, parse_number(cell) as n, nullif(trim(cell), '') as t
              from (select unnest($cells::varchar[]) as cell, generate_subscripts($cells, 1)
                    as source_row))
        order by source_row
        """,  # noqa: S608 - our own SQL
        {"cells": cells, "name": count},
    ).fetchall()


SPACES = st.sampled_from(["", "", " ", "  ", "\t", "\u00a0", "\u3000"])
NUMBERS = st.one_of(
    st.integers(-3000, 3000).map(str),
    st.integers(-(10**20), 10**20).map(str),  # 17 digits and more: not a number in decimal(18, 2)
    st.sampled_from(["2147483647", "2147483648", "-2147483648", "-2147483649"]),
    st.sampled_from(["9999999999999999", "10000000000000000", "-9999999999999999", "-0", "+0"]),
    st.integers(0, 10**6).map(lambda n: f"+{n}"),
    st.integers(0, 999).map(lambda n: f"{n:05d}"),
    st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}"),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.decimals(-(10**6), 10**6, places=2).map(str),
    st.decimals(-10, 10, places=3).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(["1e3", "1E3", "1e-1", "0x1F", "0b11", "1_000", "1.", ".5", "$ 500", "12,5"]),
    st.text("0123456789+-.,eEx_ $", max_size=8),
    st.text(max_size=4),
)
CELLS = st.one_of(
    st.none(), st.tuples(SPACES, NUMBERS, SPACES).map("".join), st.sampled_from(["", " "])
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(sorted(FILES)), cells=st.lists(CELLS, min_size=1, max_size=40))
def test_a_count_cell_has_the_value_and_problems_parse_number_gives_it(con, kind, cells):
    assert validated(con, kind, cells) == parsed(con, kind, cells)


def problem(reason: str, value: str) -> dict[str, str]:
    return {"column": "edits", "value": value, "reason": reason}


@pytest.mark.parametrize(
    ("cell", "value", "reasons"),
    [
        ("12", 12, []),
        ("-3", -3, ["negative count -3"]),
        ("0", 0, []),
        ("-0", 0, []),
        ("+7", 7, []),
        ("007", 7, []),
        (" 12\t", 12, []),
        ("\u00a012", 12, []),
        ("1,234", 1234, []),
        ("1e3", 1000, []),
        ("2147483648", 2147483648, []),
        ("9999999999999999", 9999999999999999, []),
        ("12345678901234567", None, ["'12345678901234567' is not a number"]),
        ("1.5", 2, ["'1.5' is not a whole number"]),
        ("2.5", 3, ["'2.5' is not a whole number"]),
        ("1.49", 1, ["'1.49' is not a whole number"]),
        ("-2.5", -3, ["negative count -2.5", "'-2.5' is not a whole number"]),
        ("12,5", 13, ["'12,5' is not a whole number"]),
        ("-0.4", 0, ["negative count -0.4", "'-0.4' is not a whole number"]),
        ("0x1F", None, ["'0x1F' is not a number"]),
        ("1_000", 1000, []),
        ("", None, []),
        (None, None, []),
    ],
)
def test_count_cells_read_as_spreadsheets_write_them(con, cell, value, reasons):
    text = None if cell is None else cell.strip(" \t\u00a0")
    problems = [problem(reason, text) for reason in reasons]
    assert validated(con, "participation", [cell]) == [(value, problems)]
