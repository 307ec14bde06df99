"""Commons upload lists: the real Wiki Loves Monuments UK lists of 2013 and 2016."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REAL, query

from etl.load import load
from etl.sources import Context

WLM_UK = REAL / "wlm-uk"
UK_MONUMENTS = Context(country="GB", campaign="Wiki Loves Monuments")

pytestmark = pytest.mark.skipif(not WLM_UK.is_dir(), reason="the real files are not here")


@pytest.fixture(scope="module")
def uk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("wlm") / "warehouse.duckdb"
    results = load(
        [WLM_UK / "submission_2013.csv", WLM_UK / "submission_2016.csv"], db, context=UK_MONUMENTS
    )
    assert [(r.kind, r.error) for r in results] == [("commons_uploads", None)] * 2
    return db


def test_each_list_is_one_contest_year_with_603_and_282_participants(uk):
    assert query(
        uk,
        "select program_id, count(distinct person_id), sum(uploads) from core.participation "
        "group by all order by all",
    ) == [
        ("wiki-loves-monuments-2013-GB", 603, 11864),
        ("wiki-loves-monuments-2016-GB", 282, 6278),
    ]


def test_the_programs_are_uk_photo_contests_dated_by_their_submissions(uk):
    assert query(
        uk,
        "select program_id, title, program_type, country_code, region_code, fiscal_year, "
        "month(start_date) from core.programs order by all",
    ) == [
        (
            "wiki-loves-monuments-2013-GB",
            "Wiki Loves Monuments 2013 – United Kingdom",
            "photo_contest",
            "GB",
            "NWE",
            "FY2013-14",
            8,
        ),
        (
            "wiki-loves-monuments-2016-GB",
            "Wiki Loves Monuments 2016 – United Kingdom",
            "photo_contest",
            "GB",
            "NWE",
            "FY2016-17",
            8,
        ),
    ]
    assert query(uk, "select distinct theme_code from core.program_themes") == [
        ("culture_heritage",)
    ]


def test_without_a_country_the_list_loads_with_region_unknown_and_says_so(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    [result] = load([WLM_UK / "submission_2016.csv"], db)
    assert result.error is None
    assert any(
        "campaign 'Wiki Loves Monuments' taken from the file name" in n for n in result.notes
    )
    assert any(n.startswith("no country given") for n in result.notes)
    assert query(db, "select program_id, country_code, region_code from core.programs") == [
        ("wiki-loves-monuments-2016", None, None)
    ]


def test_a_sidecar_next_to_the_list_gives_campaign_and_country(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    shutil.copyfile(WLM_UK / "submission_2016.csv", folder / "submission_2016.csv")
    (folder / "submission_2016.context.toml").write_text(
        'campaign = "Wiki Loves Monuments"\ncountry = "United Kingdom"\n', encoding="utf-8"
    )
    db = tmp_path / "warehouse.duckdb"
    [result] = load([folder], db)
    assert result.error is None
    assert query(db, "select program_id, region_code from core.programs") == [
        ("wiki-loves-monuments-2016-GB", "NWE")
    ]


def test_a_list_that_names_no_contest_asks_for_the_campaign(tmp_path):
    plain = tmp_path / "uploads.csv"
    shutil.copyfile(WLM_UK / "submission_2016.csv", plain)
    [result] = load([plain], tmp_path / "warehouse.duckdb", context=Context(country="GB"))
    assert result.error.startswith("uploads.csv")
    assert "--campaign" in result.error
