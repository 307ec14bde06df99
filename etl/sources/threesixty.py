"""360Giving publications as funders write them: the standard's CSV or spreadsheet columns
(`Identifier`, `Amount Awarded`, `Recipient Org:Name`, `Beneficiary Location:0:Country Code`),
older titles (`Internal Organisation ID`, `Application Date:Start Date`), and JSON packages
whose keys are camelCase (`amountAwarded`), spaced, or both (the reader flattens them to
`Recipient Organization:Id`-like columns first).

Each row is a grant. The country is the beneficiary's, else the recipient organisation's, as a
code or a name in any case. A grant programme that is no Wikimedia fund loads as fund `other`,
with a note; amounts load as given, with a note when they are not in US dollars."""

from __future__ import annotations

import re

import pandas as pd

from etl import reference
from etl.sources import countries
from etl.sources.common import listing, part
from etl.sources.model import Context, Part, SourceFormat

# Canonical grants column → the normalised 360Giving keys that give it, best first: a row takes
# the first that is not blank.
COLUMNS: dict[str, tuple[str, ...]] = {
    "grant_id": ("identifier", "id", "grant_identifier"),
    "title": ("title", "grant_title"),
    "fund": ("grant_programme_title", "grant_programme", "grant_programme_name"),
    "status": ("grant_status", "status"),
    "organization_id": (
        "recipient_org_identifier",
        "recipient_org_id",
        "internal_organisation_id",
        "internal_organization_id",
        "recipient_org_internal_id",
    ),
    "organization_name": ("recipient_org_name",),
    "country": (
        "beneficiary_location_country_code",
        "beneficiary_location_country",
        "recipient_org_country_code",
        "recipient_org_location_country_code",
        "recipient_org_country",
        "recipient_org_address_country",
        "recipient_org_address_country_name",
    ),
    "currency": ("currency",),
    "amount_requested": ("amount_applied_for", "amount_requested"),
    "amount_awarded_usd": ("amount_awarded",),
    "submitted_date": ("application_date", "application_date_start_date", "date_of_application"),
    "decision_date": ("award_date",),
    "start_date": ("planned_dates_start_date", "planned_dates_start"),
    "end_date": ("planned_dates_end_date", "planned_dates_end"),
}

FUND_LABELS = {label: code for domain, label, code in reference.labels() if domain == "fund"}


def normalised(key: str) -> str:
    """A header key as this format compares it: list positions dropped (`location_0_`), and
    the JSON's `recipient_organization` as the CSV's `recipient_org`."""
    key = re.sub(r"_\d+(?=_|$)", "", key)
    key = re.sub(r"^(recipient|funding)_organi[sz]ation", r"\1_org", key)
    return key


def recognises(keys: list[str]) -> bool:
    names = {normalised(k) for k in keys}
    return bool({"identifier", "id"} & names) and "amount_awarded" in names and "fund" not in names


def _first_given(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """Per row, the first of the columns that is not blank."""
    result = pd.Series("", index=frame.index, dtype="string")
    for name in reversed(names):
        if name in frame.columns:
            values = frame[name].fillna("").astype("string").str.strip()
            result = values.where(values != "", result)
    return result


def _country_code(value: str) -> str:
    """A code or a country's name, in any case ('UGANDA', 'Uganda', 'UK') as its code; what is
    no country stays as written, for the loader to reject naming it."""
    if not value:
        return value
    return countries.code_of(value) or countries.code_of(value.upper()) or value


def convert(frame: pd.DataFrame, context: Context) -> list[Part]:
    keyed = frame.rename(columns={c: normalised(c) for c in frame.columns if c != "source_row"})
    keyed = keyed.loc[:, ~keyed.columns.duplicated()]
    columns = {name: _first_given(keyed, names) for name, names in COLUMNS.items()}
    columns["country"] = columns["country"].map(_country_code).astype("string")
    notes = []
    programmes = columns["fund"]
    known = programmes.map(lambda p: FUND_LABELS.get(reference.label_key(p)) if p else None)
    other = known.isna()
    if other.any():
        names = sorted({p for p in programmes[other] if p})
        named = f" ({listing([repr(n) for n in names], 5)})" if names else ""
        notes.append(
            f"{int(other.sum())} grants in a programme that is no Wikimedia fund{named}: "
            "loaded as fund other"
        )
    columns["fund"] = known.fillna("other").astype("string")
    currencies = columns["currency"].str.upper()
    foreign = sorted(set(currencies[(currencies != "") & (currencies != "USD")]))
    if foreign:
        notes.append(
            f"amounts in {', '.join(foreign)} are loaded as given, not converted to US dollars"
        )
    if not (columns["status"] != "").any():
        del columns["status"]  # 360Giving publishes awards: the loader counts them as funded
    return [part("grants", columns, keyed["source_row"], notes)]


FORMATS = [SourceFormat("360giving", recognises, convert)]
