"""The project's country reference agrees with WMF's canonical country data."""

import csv

import pytest
from conftest import REAL

from etl import reference

REAL_COUNTRIES = REAL / "canonical-data"
REGION_CODES = {name: code for code, name in reference.REGIONS.items()}
REGION_CODES["East, Southeast Asia, & Pacific"] = "ESEAP"


@pytest.fixture(scope="module")
def canonical() -> dict[str, dict[str, str]]:
    path = REAL_COUNTRIES / "country_countries.tsv"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with open(path, newline="", encoding="utf-8") as f:
        return {row["iso_code"]: row for row in csv.DictReader(f, delimiter="\t")}


def test_every_canonical_country_has_the_same_region(canonical):
    ours = {c["country_code"]: c for c in reference.countries()}
    assert set(ours) == set(canonical)
    for code, row in canonical.items():
        expected = REGION_CODES.get(row["wikimedia_region"], "")
        assert ours[code]["region"] == expected, code
        assert ours[code]["alpha3"] == row["iso_alpha3_code"], code
        assert (ours[code]["is_protected"] == "true") == (row["is_protected"] == "True"), code


def test_namibia_keeps_its_code_na():
    namibia = next(c for c in reference.countries() if c["alpha3"] == "NAM")
    assert namibia["country_code"] == "NA"
    assert namibia["region"] == "SSA"
    assert namibia["grant_region_pre2023"] == "MEA"


def test_all_eight_regions_have_countries():
    regions = {c["region"] for c in reference.countries()}
    assert regions - {""} == set(reference.REGIONS)


def test_pre_2023_grant_region_merges_mena_and_ssa():
    by_code = {c["country_code"]: c for c in reference.countries()}
    assert by_code["EG"]["region"] == "MENA" and by_code["EG"]["grant_region_pre2023"] == "MEA"
    assert by_code["KE"]["region"] == "SSA" and by_code["KE"]["grant_region_pre2023"] == "MEA"
    assert by_code["BR"]["grant_region_pre2023"] == "LAC"


@pytest.mark.parametrize(
    ("day", "label"),
    [("2023-06-30", "FY2022-23"), ("2023-07-01", "FY2023-24"), ("2000-01-15", "FY1999-00")],
)
def test_fiscal_year_runs_from_july_to_june(day, label):
    from datetime import date

    assert reference.fiscal_year_of(date.fromisoformat(day)) == label
