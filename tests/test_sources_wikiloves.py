"""Wiki Loves contest statistics (Quarry JSON): the real Wiki Loves Africa and Wiki Loves Earth
files, and the country names they use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REAL, query

from etl import reference
from etl.load import load
from etl.sources import Context, countries

WIKILOVES = REAL / "wikiloves"
AFRICA_USERS = WIKILOVES / "africa_multiyear_users.json"
AFRICA_COUNTRIES = WIKILOVES / "africa_multiyear_countries.json"
EARTH = WIKILOVES / "earth_complete_with_countries.json"

# Distinct uploaders per year, counted from the per-uploader file, agree with the per-country
# file's Global rows within this share of the Global figure (the largest gap is 2.3%, in 2023:
# uploaders to a country's category who are not in the contest's own category, and back).
TOLERANCE = 0.025

needs_real_files = pytest.mark.skipif(not WIKILOVES.is_dir(), reason="the real files are not here")


def quarry(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [dict(zip(data["headers"], row, strict=True)) for row in data["rows"]]


@pytest.fixture(scope="module")
def contests(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The wikiloves folder loaded (contests taken from the file names)."""
    db = tmp_path_factory.mktemp("wikiloves") / "warehouse.duckdb"
    results = load([WIKILOVES], db)
    assert [r.error for r in results] == [None, None, None]
    return db, {r.path.name: r for r in results}


@needs_real_files
def test_africa_uploaders_per_year_agree_with_the_global_rows(contests):
    db, _ = contests
    people = dict(
        query(
            db,
            "select year(g.start_date), count(distinct p.person_id) from core.participation p "
            "join core.programs g using (program_id) "
            "where program_id like 'wiki-loves-africa-%' group by all",
        )
    )
    global_rows = {
        r["year"]: r["uploaders"] for r in quarry(AFRICA_COUNTRIES) if r["country"] == "Global"
    }
    assert sorted(people) == sorted(global_rows)
    for year, uploaders in global_rows.items():
        assert abs(people[year] - uploaders) <= TOLERANCE * uploaders, year
    assert people[2014] == global_rows[2014] == 859


@needs_real_files
def test_global_rows_make_no_program_and_nobody_counts_twice_in_a_year(contests):
    db, results = contests
    assert query(db, "select count(*) from core.programs where program_id ilike '%global%'") == [
        (0,)
    ]
    # Uploaders of names that map to no country count in the year's country-unknown program
    # only when no country program has them.
    assert query(
        db,
        """
        with taking_part as (
            select p.person_id, year(g.start_date) as year, g.country_code is null as unknown
            from core.participation p join core.programs g using (program_id)
            where program_id like 'wiki-loves-africa-%'
        )
        select count(*) from taking_part u
        join taking_part c on c.person_id = u.person_id and c.year = u.year and not c.unknown
        where u.unknown
        """,
    ) == [(0,)]
    assert query(
        db,
        "select program_id, title, country_code, region_code from core.programs "
        "where program_id = 'wiki-loves-africa-2025-unknown-country'",
    ) == [
        (
            "wiki-loves-africa-2025-unknown-country",
            "Wiki Loves Africa 2025 – country unknown",
            None,
            None,
        )
    ]


@needs_real_files
@pytest.mark.parametrize("path", [AFRICA_USERS, AFRICA_COUNTRIES, EARTH], ids=lambda p: p.stem)
def test_every_country_maps_to_a_region_or_is_reported(contests, path):
    _, results = contests
    notes = " ".join(results[path.name].notes)
    regions = {r["country_code"]: r["region"] for r in reference.countries()}
    names = {r["country"] for r in quarry(path)} - {"Global"}
    for name in names:
        code = countries.match(name).code
        if code:
            assert regions[code], name
        elif " by " not in name:
            assert name in notes, name
    assert "unmapped countries" in notes


@needs_real_files
def test_the_figures_file_and_the_uploaders_file_describe_the_same_programs(contests):
    db, _ = contests
    assert query(
        db,
        "select s.participants, s.total_uploads, count(*), sum(p.uploads) "
        "from core.program_stats s join core.participation p using (program_id) "
        "where program_id = 'wiki-loves-africa-2025-DZ' group by all",
    ) == [(7, 60, 7, 60)]
    assert query(
        db,
        "select count(*) from core.program_stats s anti join core.programs p using (program_id)",
    ) == [(0,)]
    assert query(
        db,
        "select title, country_code, region_code, program_type, start_date::varchar, "
        "end_date::varchar from core.programs where program_id = 'wiki-loves-africa-2025-DZ'",
    ) == [
        (
            "Wiki Loves Africa 2025 – Algeria",
            "DZ",
            "MENA",
            "photo_contest",
            "2025-01-01",
            "2025-12-31",
        )
    ]


@needs_real_files
def test_wiki_loves_earth_is_an_environment_contest_in_may_and_june(contests):
    db, results = contests
    assert query(
        db,
        "select distinct t.theme_code, month(p.start_date), month(p.end_date) "
        "from core.programs p join core.program_themes t using (program_id) "
        "where program_id like 'wiki-loves-earth-%'",
    ) == [("environment", 5, 6)]
    assert results[EARTH.name].kind == "wikiloves_countries"


@needs_real_files
def test_a_file_whose_name_names_no_contest_asks_for_the_campaign(tmp_path):
    renamed = tmp_path / "quarry_result.json"
    shutil.copyfile(AFRICA_COUNTRIES, renamed)
    db = tmp_path / "warehouse.duckdb"
    [failed] = load([renamed], db)
    assert failed.error.startswith("quarry_result.json")
    assert "--campaign" in failed.error
    [loaded] = load([renamed], db, context=Context(campaign="Wiki Loves Africa"))
    assert loaded.error is None
    assert query(
        db, "select count(*) from core.programs where program_id = 'wiki-loves-africa-2025-DZ'"
    ) == [(1,)]


@pytest.mark.parametrize(
    ("name", "code", "exact"),
    [
        ("Algeria", "DZ", True),
        ("Côte d'Ivoire", "CI", True),
        ("Ivory Coast", "CI", True),
        ("the Gambia", "GM", True),
        ("DR Congo", "CD", True),
        ("the Democratic Republic of the Congo", "CD", True),
        ("Rwanda.", "RW", True),
        ("NA", "NA", True),  # Namibia
        ("Guinea-Bissau", "GW", True),
        ("Cameroon (jury)", "CM", False),
        ("Italy - Lombardy - Province of Bergamo", "IT", False),
        ("Rajbiraj, Nepal", "NP", False),
        ("Niger Delta", "NG", True),
        ("Nigerian Communities", None, False),
        ("Dakar Region", None, False),
        ("Global", None, False),
    ],
)
def test_country_names_map_to_iso_codes(name, code, exact):
    found = countries.match(name)
    assert (found.code, found.exact if code else False) == (code, exact)
