"""Small-cell suppression (SPEC §6) in the query layer, on the PRIVACY fixture of
tests/metrics_fixture.py: distinct participants per program, one program per country,

  FY2023-24  LAC (Brazil) 4 · ESEAP (Indonesia) 4 · NWE (Germany) 5 · SSA (Kenya) 6, of whom 4
             mentees, with 2 mentors · SA 14 = India 5 + Pakistan 9 (a protected country)
             → ALL 33
  FY2022-23  SSA (Kenya) 3 · SA (India) 6 · NWE (Germany) 7 · LAC (Brazil) 8 → ALL 24
"""

import re

import pandas as pd
import pytest

import queries
from queries import people, privacy
from tests.metrics_fixture import METRICS, build, privacy_files

PEOPLE_MARTS = {
    "participation_cells",
    "grant_reach",
    "organizer_retention",
    "leader_attrition",
    "pathway_people",
    "pathway_program_dates",
    "pathway_stage_counts",
    "pathway_transition_counts",
    "pathway_flows",
    "program_people",
    "program_outcomes",
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("privacy"), privacy_files())
    connection = queries.connect(db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def metrics_con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("privacy_metrics"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def run(con, name, k, **filters):
    return queries.run(con, name, {**filters, "k": k})


def shown(frame, key, column):
    """{key: count, or None when suppressed}, checking that hidden means NULL and flagged."""
    result = {}
    for row in frame.itertuples():
        hidden = getattr(row, f"{column}_suppressed")
        value = getattr(row, column)
        assert hidden == pd.isna(value), (row, column)
        result[getattr(row, key)] = None if hidden else int(value)
    return result


@pytest.mark.parametrize(
    ("setting", "k"),
    [(None, 5), ("", 5), ("abc", 5), ("1", 5), ("0", 5), ("-3", 5), ("2", 2), (" 7 ", 7)],
)
def test_k_comes_from_growth_k_and_falls_back_to_5(monkeypatch, setting, k):
    if setting is None:
        monkeypatch.delenv("GROWTH_K", raising=False)
    else:
        monkeypatch.setenv("GROWTH_K", setting)
    assert privacy.k() == k


def test_every_query_is_bound_with_exactly_the_parameters_it_names(monkeypatch):
    monkeypatch.setenv("GROWTH_K", "7")
    bound = privacy.bind(queries.sql("women_share_by_year"), {"regions": "SSA"})
    assert bound == {"k": 7, "fiscal_years": [], "regions": ["SSA"], "themes": []}
    assert privacy.bind(queries.sql("funding_by_country"), {"k": 3}) == {
        "fiscal_years": [],
        "regions": [],
        "funds": [],
        "themes": [],
    }
    assert privacy.bind("select $k", {"k": 1}) == {"k": 5}
    assert privacy.bind("-- $regions in a comment is not a parameter\nselect $k", {}, 3) == {"k": 3}


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (4, {"LAC": 4, "ESEAP": 4, "NWE": 5, "SSA": 6, "SA": 14, "ALL": 33}),
        (5, {"LAC": None, "ESEAP": None, "NWE": 5, "SSA": 6, "SA": 14, "ALL": 33}),
        (6, {"LAC": None, "ESEAP": None, "NWE": None, "SSA": 6, "SA": 14, "ALL": 33}),
    ],
)
def test_counts_below_k_are_hidden_and_k_is_shown(con, k, expected):
    regions = run(con, "participation_by_region_year", k, fiscal_years=["FY2023-24"])
    assert shown(regions, "region", "participants") == expected


def test_a_lone_hidden_sibling_hides_the_next_smallest_so_the_total_gives_nothing_away(con):
    regions = run(con, "participation_by_region_year", 5, fiscal_years=["FY2022-23"])
    # SSA's 3 is hidden; with ALL 24 shown it would be 24 - 6 - 7 - 8, so SA's 6 goes too.
    assert shown(regions, "region", "participants") == {
        "SSA": None,
        "SA": None,
        "NWE": 7,
        "LAC": 8,
        "ALL": 24,
    }
    # Participations and content belong to the hidden participants.
    sa = regions[regions.region == "SA"].iloc[0]
    assert pd.isna(sa.participations) and pd.isna(sa.edits)


def test_the_same_cell_is_hidden_wherever_one_view_shows_it(con):
    year = {"fiscal_years": ["FY2022-23"], "k": 5}
    page = queries.view(
        con,
        {
            "by_region": ("participation_by_region_year", year),
            "by_type": ("participation_by_program_type", {**year, "regions": ["SA"]}),
        },
    )
    # SA's 6 is hidden to protect SSA's 3 in the regions table, so in the types table too
    assert shown(page["by_region"], "region", "participants")["SA"] is None
    assert shown(page["by_type"], "program_type", "participants") == {
        "edit_a_thon": None,
        "ALL": None,
    }
    # alone, the SA row gives nothing away
    only_sa = run(con, "participation_by_program_type", 5, fiscal_years=["FY2022-23"], regions="SA")
    assert shown(only_sa, "program_type", "participants") == {"edit_a_thon": 6, "ALL": 6}


def test_protected_countries_show_no_people_and_their_region_does_not_give_them_away(con):
    year = {"fiscal_years": ["FY2023-24"]}
    page = queries.view(
        con,
        {
            "regions": ("participation_by_region_year", year),
            "countries": ("participation_by_country", year),
        },
        k=2,
    )
    countries = page["countries"]
    assert shown(countries, "country", "participants") == {
        "BR": 4,
        "ID": 4,
        "DE": 5,
        "KE": 6,
        "IN": None,  # SA 14 - India 5 would give Pakistan's 9
        "PK": None,
    }
    assert countries.set_index("country").is_protected.to_dict()["PK"]
    assert countries.programs.sum() == 6  # programs are not people: shown everywhere


def test_a_share_of_a_hidden_count_is_hidden(con):
    kenya_k2 = run(con, "mentorship", 2, fiscal_years=["FY2023-24"], regions="SSA").iloc[0]
    assert (kenya_k2.mentors, kenya_k2.mentees, kenya_k2.mentees_per_mentor) == (2, 4, 2.0)
    kenya_k5 = run(con, "mentorship", 5, fiscal_years=["FY2023-24"], regions="SSA").iloc[0]
    assert kenya_k5.mentors_suppressed and kenya_k5.mentees_suppressed
    assert pd.isna(kenya_k5.mentees_per_mentor)


def test_k_below_2_suppresses_as_k_5(con):
    def hidden(k):
        frame = run(con, "participation_by_country", k)
        return int(frame["participants_suppressed"].sum())

    assert hidden(1) == hidden(0) == hidden(5)
    assert hidden(2) < hidden(5)


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6, 7])
def test_no_group_of_adding_cells_has_exactly_one_hidden(con, metrics_con, k):
    for connection in (con, metrics_con):
        requests = {
            "regions": ("participation_by_region_year", {}),
            "countries": ("participation_by_country", {}),
            "costs": ("cost_per_participant", {}),
            "programs": ("program_outcomes", {}),
        }
        decision = queries.decision(connection, requests, k)
        lone = [
            total
            for total, parts in decision.groups
            if sum(key in decision.hidden for key in (total, *parts)) == 1
        ]
        assert lone == []


def test_queries_reading_people_marts_declare_their_people_counts():
    for path in sorted(queries.QUERY_DIR.glob("*.sql")):
        tables = set(re.findall(r"marts\.([a-z_]+)", path.read_text(encoding="utf-8")))
        assert not tables & PEOPLE_MARTS or path.stem in people.SHOWS, path.name


def test_no_query_returns_a_person_key_or_a_username(metrics_con):
    person_key = re.compile(r"^[0-9a-f]{64}$")
    for path in sorted(queries.QUERY_DIR.glob("*.sql")):
        frame = run(metrics_con, path.stem, 2)
        assert not any("person" in c or "username" in c for c in frame.columns), path.name
        text = frame.astype(str)
        for column in text.columns:
            assert not text[column].str.match(person_key).any(), (path.name, column)
            assert not text[column].isin(["Ada", "Lena", "Dev", "Hal"]).any(), path.name
