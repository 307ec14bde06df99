"""Participation metrics (SPEC §5 Programs and participation) on tests/metrics_fixture.py.

Counts are read from the mart itself (before suppression, which tests/test_privacy.py covers).
The fixture's programs, by fiscal year of their start:
  FY2021-22  P6 Kenya (SSA) mentorship 10-20 Jan 2022: Ben participant, Gus mentor, Hal mentee
  FY2022-23  P1 Kenya 30 June 2023: Ada, Eve, Fay participants, Ben organizer
  FY2023-24  P2 Kenya 1-2 July 2023 (grant G6): Ada, Dev participants, Cai and Ben organizers
             P3 India (SA) 10-20 Sep 2023: Nia, Omar, Pia, Quinn, Ravi, Lena participants, Dev
             organizer · P4 Pakistan (SA) Oct 2023: Ada participant, Dev mentor, Hal mentee and
             participant
  FY2024-25  P5 Kenya Aug 2024: Ada participant, Cai organizer
"""

import pandas as pd
import pytest

import queries
from tests.metrics_fixture import METRICS, build

PEOPLE = (
    "participants",
    "participations",
    "organizers",
    "mentors",
    "mentees",
    "new_editors_dashboard",
    "new_editors_event_metrics",
    "returning_participants",
    "retained_participants",
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("participation"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def cell(con, fiscal_year, region="ALL", theme="ALL", program_type="ALL", country="ALL"):
    frame = con.execute(
        """
        select * from marts.participation_cells
        where fiscal_year = $fiscal_year and region = $region and theme = $theme
          and program_type = $program_type and country = $country
        """,
        {
            "fiscal_year": fiscal_year,
            "region": region,
            "theme": theme,
            "program_type": program_type,
            "country": country,
        },
    ).df()
    assert len(frame) == 1
    return frame.iloc[0]


def counts(row, names=PEOPLE):
    return {name: int(row[name]) for name in names}


def test_programs_count_in_the_fiscal_year_of_their_start_30_june_and_1_july(con):
    assert cell(con, "FY2022-23").programs == 1  # P1 starts 30 June 2023
    assert cell(con, "FY2023-24").programs == 3  # P2 starts 1 July 2023, P3, P4


def test_a_regions_year(con):
    assert counts(cell(con, "FY2023-24", "SSA")) == {
        "participants": 2,  # Ada, Dev
        "participations": 2,
        "organizers": 2,  # Cai, Ben
        "mentors": 0,
        "mentees": 0,
        "new_editors_dashboard": 0,
        "new_editors_event_metrics": 0,
        "returning_participants": 1,  # Ada took part in P1 before
        "retained_participants": 1,  # Dev: first program P2, back for P3 70 days after its end
    }


def test_all_regions_count_each_person_once(con):
    sa = cell(con, "FY2023-24", "SA")
    total = cell(con, "FY2023-24")
    assert sa.participants == 8  # six in P3, Ada and Hal in P4
    # SSA 2 + SA 8 people, but Ada took part in both regions
    assert total.participants == 9
    assert total.participations == 10  # participations do add up
    assert total.organizers == 3  # Cai, Ben (SSA), Dev (SA)
    assert total.returning_participants == 2  # Ada (in both regions) and Hal


def test_new_editors_at_the_boundaries_of_both_definitions(con):
    # P3 runs 10-20 Sep 2023. Registered: Nia 27 Aug (start - 14 days), Omar 26 Aug (- 15),
    # Pia 10 Sep (start), Quinn 20 Sep (end), Ravi 21 Sep (after the end).
    p3 = cell(con, "FY2023-24", "SA", program_type="edit_a_thon")
    assert p3.new_editors_dashboard == 2  # Pia, Quinn
    assert p3.new_editors_event_metrics == 3  # Nia, Pia, Quinn
    # P1 runs on 30 June 2023 only: Eve registered that day, Fay 14 days before.
    p1 = cell(con, "FY2022-23")
    assert p1.new_editors_dashboard == 1  # Eve
    assert p1.new_editors_event_metrics == 2  # Eve, Fay
    # P6 starts 10 Jan 2022: Hal, a mentee, registered 5 days before.
    p6 = cell(con, "FY2021-22")
    assert (p6.new_editors_dashboard, p6.new_editors_event_metrics) == (0, 1)


def test_returning_and_retained_participants(con):
    # FY2022-23: Ada's first program P1 ended 30 June 2023; she was back for P4 on 1 October,
    # 93 days later. Eve and Fay never came back. Nobody had taken part before P1 but Ben,
    # its organizer, who is not a participant there.
    p1 = cell(con, "FY2022-23", "SSA")
    assert (p1.returning_participants, p1.retained_participants) == (0, 1)
    # Ada's P2 on 1 July 2023, one day after P1, is not 30-365 days after it.
    assert cell(con, "FY2024-25").returning_participants == 1  # Ada again


def test_a_participant_who_is_also_a_mentee_of_the_program_is_one_participation(con):
    # P4: Ada participant, Hal participant and mentee (uploads 3 as participant, 2 as mentee)
    p4 = cell(con, "FY2023-24", "SA", program_type="photo_contest")
    assert (p4.participants, p4.participations) == (2, 2)
    assert p4.uploads == 7  # Ada 4 + Hal 3
    sa = cell(con, "FY2023-24", "SA")  # P3's six and P4's two, from nine rows
    assert (sa.participants, sa.participations, sa.mentees) == (8, 8, 1)


def test_content_totals_are_those_of_participants(con):
    # Ben's 5 edits as P1's organizer are not content of its participants.
    p1 = cell(con, "FY2022-23")
    assert (p1.edits, p1.bytes_added, p1.articles_created, p1.articles_edited) == (11, 1100, 1, 3)
    total = cell(con, "FY2023-24")
    assert (total.edits, total.uploads) == (15, 7)  # 9 in Kenya, 6 in India; uploads in P4


def test_mentors_and_mentees(con):
    p6 = cell(con, "FY2021-22")
    assert (p6.mentors, p6.mentees, p6.participants) == (1, 1, 2)  # Gus; Hal; Ben and Hal


def test_people_by_theme_count_a_program_under_each_of_its_themes(con):
    # P2 education; P3 gender_gap and education; P4 culture_heritage
    education = cell(con, "FY2023-24", theme="education")
    assert (education.programs, education.participants, education.organizers) == (2, 8, 3)
    gender_gap = cell(con, "FY2023-24", theme="gender_gap")
    assert (gender_gap.programs, gender_gap.participants) == (1, 6)
    assert cell(con, "FY2023-24", theme="culture_heritage").participants == 2
    assert cell(con, "FY2024-25", theme="none").participants == 1  # P5 has no theme


def test_people_by_program_type_and_by_country(con):
    assert cell(con, "FY2023-24", program_type="workshop").participants == 2
    assert cell(con, "FY2023-24", program_type="edit_a_thon").participants == 6
    assert cell(con, "FY2023-24", "SA", country="IN").participants == 6
    assert cell(con, "FY2023-24", "SA", country="PK").participants == 2


def test_cost_per_participant_of_grant_linked_programs(con):
    # G6 (15000 USD, FY2023-24, SSA) paid for P2: Ada and Dev took part.
    cost = queries.run(con, "cost_per_participant", {"regions": ["SSA"], "k": 2})
    [ssa] = cost.itertuples()
    assert (ssa.grants_with_programs, ssa.awarded_usd, ssa.participants) == (1, 15000, 2)
    assert ssa.cost_per_participant == 7500


def test_organizer_retention(con):
    rows = {
        (r.fiscal_year, r.region): (r.organizers, r.retained_organizers)
        for r in con.execute("select * from marts.organizer_retention").df().itertuples()
    }
    assert rows[("FY2022-23", "ALL")] == (1, 1)  # Ben organizes again in FY2023-24
    assert rows[("FY2023-24", "ALL")] == (3, 1)  # of Cai, Ben, Dev only Cai in FY2024-25
    assert rows[("FY2023-24", "SSA")] == (2, 1)
    assert rows[("FY2023-24", "SA")] == (1, 0)
    organizers, retained = rows[("FY2024-25", "ALL")]
    assert organizers == 1 and pd.isna(retained)  # the last year with programs: unknown


def test_themes_by_year_joins_funding_and_participation(con):
    themes = queries.run(con, "themes_by_year", {"k": 2}).set_index(["fiscal_year", "theme"])
    assert set(themes.region) == {"ALL"}
    education = themes.loc[("FY2023-24", "education")]
    assert (education.grants_funded, education.awarded_usd) == (2, 16000)  # G6, G8
    assert (education.programs, education.participants) == (2, 8)
    gender_gap = themes.loc[("FY2022-23", "gender_gap")]
    assert (gender_gap.grants_funded, gender_gap.programs, gender_gap.participants) == (0, 1, 3)
    none = themes.loc[("FY2023-24", "none")]
    assert (none.grants_funded, none.awarded_usd, none.programs) == (1, 9000, 0)  # G10
    assert themes.loc[("FY2022-23", "culture_heritage")].awarded_usd == 50000  # G3
