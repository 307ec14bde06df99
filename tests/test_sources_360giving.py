"""360Giving publications as real funders write them load as grants: older column titles,
DD/MM/YYYY HH:MM dates, countries as names in any case, programmes that are no Wikimedia fund
(fund `other`, with a warning), the recipient organisation's country when no beneficiary
country is given, pre-standard JSON mixing camelCase and spaced keys, and workbooks whose grants
are not on the first sheet."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl
from conftest import query, rejects_of

from etl.load import load

# A funder's CSV with the older titles (Internal Organisation ID, Application Date:Start
# Date), day-first dates with a time, and countries as names and codes in any case.
OLDER_CSV = """\
Identifier,Title,Description,Currency,Amount Applied For,Amount Awarded,Award Date,Application Date:Start Date,Planned Dates:Start Date,Planned Dates:End Date,Internal Organisation ID,Recipient Org:Name,Recipient Org:Country,Beneficiary Location:0:Country Code,Grant Programme:Title,Funding Org:Name
360G-wmf-1,Wiki Loves Africa,"Photos, contest",USD,10000,9000,15/03/2021 10:30,01/02/2021 09:00,01/04/2021,31/12/2021,ORG-UG,Wikimedia Uganda,UGANDA,,Rapid Fund,Wikimedia Foundation
360G-wmf-2,Edit-a-thon,,USD,5000,5000,20/04/2021 00:00,,,,ORG-GB,Wikimedia UK,UK,,Community Capacity Grants,Wikimedia Foundation
360G-wmf-3,Research,,USD,,7000,01/05/2021 12:00,,,,ORG-KE,Wiki Kenya,Kenya,uganda,General Support Fund,Wikimedia Foundation
360G-wmf-4,Nowhere,,USD,,100,02/05/2021 12:00,,,,ORG-XX,Lost Org,Atlantis,,Rapid Fund,Wikimedia Foundation
"""  # noqa: E501

GRANT_COLUMNS = (
    "select grant_id, fund, country_code, organization_id, amount_requested_usd, "
    "amount_awarded_usd, submitted_date, decision_date, start_date, end_date, status "
    "from core.grants order by grant_id"
)


def test_an_older_360giving_csv_loads_with_day_first_dates_country_names_and_fallbacks(db, inputs):
    path = inputs / "grants_360.csv"
    path.write_text(OLDER_CSV, encoding="utf-8")

    [result] = load([path], db)

    assert (result.error, result.kind, result.rows_read, result.rows_loaded) == (
        None,
        "360giving",
        4,
        3,
    )
    assert query(db, GRANT_COLUMNS) == [
        (
            "360G-wmf-1",
            "rapid",
            "UG",  # UGANDA, the recipient's country: no beneficiary country given
            "ORG-UG",
            Decimal("10000.00"),  # applied for, in US dollars
            Decimal("9000.00"),
            date(2021, 2, 1),
            date(2021, 3, 15),
            date(2021, 4, 1),
            date(2021, 12, 31),
            "funded",
        ),
        (
            "360G-wmf-2",
            "other",
            "GB",  # UK
            "ORG-GB",
            Decimal("5000.00"),
            Decimal("5000.00"),
            None,
            date(2021, 4, 20),
            None,
            None,
            "funded",
        ),
        (
            "360G-wmf-3",
            "general_support",
            "UG",  # the beneficiary's country, 'uganda', before the recipient's (Kenya)
            "ORG-KE",
            None,
            Decimal("7000.00"),
            None,
            date(2021, 5, 1),
            None,
            None,
            "funded",
        ),
    ]
    assert [
        (row, column, value, severity)
        for row, column, value, _, severity in rejects_of(db, "grants_360.csv")
    ] == [(5, "country", "Atlantis", "rejected")]


def test_a_programme_that_is_no_wikimedia_fund_loads_as_other_with_a_warning(db, inputs):
    path = inputs / "grants_360.csv"
    path.write_text(OLDER_CSV, encoding="utf-8")

    [result] = load([path], db)

    assert result.notes == (
        "1 grants in a programme that is no Wikimedia fund ('Community Capacity Grants'): "
        "loaded as fund other",
    )
    assert result.rows_rejected == 1  # Atlantis only: the programme is no reason to reject


def test_pre_standard_json_mixing_camel_case_and_spaced_keys_loads(db, inputs):
    package = {
        "grants": [
            {
                "id": "360G-json-1",
                "title": "Photo walks",
                "currency": "USD",
                "amountAwarded": 100,
                "awardDate": "2022-01-05",
                "recipientOrganization": [
                    {"id": "GB-CHC-1", "name": "Org", "location": [{"countryCode": "gb"}]}
                ],
                "grantProgramme": [{"title": "Rapid Fund"}],
                "plannedDates": [{"startDate": "2022-02-01", "endDate": "2022-06-01"}],
            },
            {
                "Identifier": "360G-json-2",
                "Title": "Training",
                "Amount Awarded": 200,
                "Award Date": "05/01/2022 12:00",
                "Recipient Org:Name": "Org 2",
                "beneficiaryLocation": [{"name": "Ghana", "countryCode": "GH"}],
                "Grant Programme:Title": "Something else",
            },
        ]
    }
    path = inputs / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    [result] = load([path], db)

    assert (result.error, result.rows_loaded, result.rows_rejected) == (None, 2, 0)
    assert query(
        db,
        "select grant_id, fund, country_code, organization_id, amount_awarded_usd, "
        "decision_date, start_date, end_date from core.grants order by 1",
    ) == [
        (
            "360G-json-1",
            "rapid",
            "GB",
            "GB-CHC-1",
            Decimal("100.00"),
            date(2022, 1, 5),
            date(2022, 2, 1),
            date(2022, 6, 1),
        ),
        ("360G-json-2", "other", "GH", None, Decimal("200.00"), date(2022, 1, 5), None, None),
    ]


def test_a_360giving_workbook_with_a_readme_sheet_first_loads_its_grants_sheet(db, inputs):
    book = openpyxl.Workbook()
    readme = book.active
    readme.title = "Read Me"
    readme.append(["This workbook follows the 360Giving Data Standard"])
    grants = book.create_sheet("grants")
    header, *rows = [line.split(",") for line in OLDER_CSV.splitlines() if '"' not in line]
    grants.append(header)
    for row in rows:
        grants.append(row)
    path = inputs / "grants_360.xlsx"
    book.save(path)

    [result] = load([path], db)

    # The quoted row 2 of the CSV is left out above: rows 2-4 of the sheet are wmf-2 to wmf-4.
    assert (result.error, result.rows_read, result.rows_loaded) == (None, 3, 2)
    assert "sheets not loaded (their header fits no kind of file): Read Me" in result.notes
    assert query(db, "select grant_id, country_code from core.grants order by 1") == [
        ("360G-wmf-2", "GB"),
        ("360G-wmf-3", "UG"),
    ]


def test_a_canonical_grants_file_takes_country_names_in_any_case_and_uk(db, inputs):
    path = inputs / "grants.csv"
    path.write_text(
        "grant_id,fund,country\nG-1,rapid,UGANDA\nG-2,rapid,uk\nG-3,rapid,Kenya\n",
        encoding="utf-8",
    )

    [result] = load([path], db)

    assert result.rows_loaded == 3
    assert query(db, "select grant_id, country_code from core.grants order by 1") == [
        ("G-1", "UG"),
        ("G-2", "GB"),
        ("G-3", "KE"),
    ]
