"""The demo's files land in staging cell for cell as Python's csv module reads them: the one
typed pass (validation typing each cell once, staging those typed rows) loses, shifts or
changes no value. The expected rows are read here without the loader's SQL: numbers and dates
by Python, person keys as the salted SHA-256 of the name normalised as Wikimedia does."""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import query

from etl.warehouse import DEMO_INPUTS

SAMPLE = DEMO_INPUTS[0]


def person_key(salt: str, username: str) -> str:
    """Underscores as spaces, runs of spaces as one, trimmed, the first letter upper case."""
    name = re.sub(r"[ \t\n\r\f]+", " ", username.replace("_", " ")).strip()
    return hashlib.sha256((salt + name[:1].upper() + name[1:]).encode()).hexdigest()


def records(name: str) -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, cells) of a demo file, the header being row 1."""
    with open(Path(SAMPLE) / name, newline="", encoding="utf-8") as f:
        return [(i + 2, row) for i, row in enumerate(csv.DictReader(f))]


def text(cell: str) -> str | None:
    return cell or None


def day(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def money(cell: str) -> Decimal | None:
    return Decimal(cell).quantize(Decimal("0.01")) if cell else None


@pytest.fixture(scope="module")
def salt(demo_db: Path) -> str:
    return query(demo_db, "select value from meta.settings where key = 'person_salt'")[0][0]


def test_every_demo_participation_record_is_staged_typed_with_its_row_and_person_key(demo_db, salt):
    expected = sorted(
        (
            row,
            r["program_id"],
            person_key(salt, r["username"]),
            r["role"],
            day(r["registered_at"]),
            *(int(r[c]) for c in ("edits", "bytes_added", "articles_created")),
            *(int(r[c]) for c in ("articles_edited", "uploads")),
            text(r["gender"]),
        )
        for row, r in records("participation.csv")
    )

    staged = query(demo_db, staged_with_keys("participation", "person_no"))

    assert len(expected) == 40_000
    assert staged == expected


def staged_with_keys(table: str, number: str) -> str:
    """A staging table's rows, each with its person's key (staging.people) for their number."""
    return f"""
        select s.* exclude (batch_id) replace (p.person_key as {number})
        from staging.{table} s
        left join staging.people p on p.batch_id = s.batch_id and p.person_no = s.{number}
        order by all
        """


def test_staging_keeps_each_person_key_of_a_batch_once(demo_db, salt):
    """The demo's participation file names 4,012 people, however their names are spelled."""
    keys = {person_key(salt, r["username"]) for _, r in records("participation.csv")}
    people = query(
        demo_db,
        "select person_no, person_key from staging.people where batch_id = "
        "(select batch_id from meta.batches where file_name = 'participation.csv')",
    )
    assert len(keys) == 4_012
    assert len(people) == len(keys)
    assert {key for _, key in people} == keys
    assert sorted(number for number, _ in people) == list(range(1, len(keys) + 1))


def test_every_demo_grant_is_staged_typed_cell_for_cell(demo_db, salt):
    expected = sorted(
        (
            row,
            r["grant_id"],
            r["title"],
            r["fund"],
            text(r["status"]),
            text(r["applicant_type"]),
            text(r["organization_id"]),
            text(r["organization_name"]),
            person_key(salt, r["lead_username"]) if r["lead_username"] else None,
            r["country"],
            None,  # the demo file has no region column
            r["currency"],
            money(r["amount_requested"]),
            money(r["amount_requested_usd"]),
            money(r["amount_awarded_usd"]),
            *(day(r[c]) for c in ("submitted_date", "decision_date", "start_date", "end_date")),
            text(r["themes"]),
            r["multi_year"] == "true",
        )
        for row, r in records("grants.csv")
    )

    staged = query(demo_db, staged_with_keys("grants", "lead_person_no"))

    assert len(expected) == 2_948
    assert staged == expected
