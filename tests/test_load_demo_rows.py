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

    staged = query(
        demo_db,
        "select * exclude (batch_id) from staging.participation "
        "where batch_id = (select batch_id from meta.batches where file_name = 'participation.csv')"
        " order by all",
    )

    assert len(expected) == 40_000
    assert staged == expected


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

    staged = query(demo_db, "select * exclude (batch_id) from staging.grants order by all")

    assert len(expected) == 2_948
    assert staged == expected
