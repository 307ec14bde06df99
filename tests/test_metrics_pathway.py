"""Leadership pathway metrics (SPEC §5 Leadership pathway) on tests/metrics_fixture.py.

Each person's first date at each stage in the fixture (1 participant, 2 returning, 3 organizer,
4 trainer / mentor, 5 grant lead, 6 committee / board), their cohort and region:
  Ada   1: 30 Jun 23 (P1), 2: 1 Jul 23 (P2)                              FY2022-23 SSA woman
  Ben   1: 10 Jan 22 (P6), 2 and 3: 30 Jun 23 (organizer of P1)          FY2021-22 SSA man
  Cai   1 and 3: 1 Jul 23 (organizer of P2), 2: 1 Aug 24                  FY2023-24 SSA man
  Dev   1: 1 Jul 23, 2 and 3: 10 Sep 23 (organizer of P3), 4: 1 Oct 23 (mentor in P4),
        6: 1 Jul 24 (committee member)                                    FY2023-24 SSA non_binary
  Eve   1: 30 Jun 23, 4: 30 Jun 24 (mentor role: exactly 12 months later)  FY2022-23 SSA woman
  Fay   1: 30 Jun 23, 4: 1 Jul 24 (trainer role: 12 months and a day)     FY2022-23 SSA woman
  Gus   1 and 4: 10 Jan 22 (mentor in P6), 6: 1 Jul 21 (affiliate board)   FY2021-22 SSA man
  Hal   1: 10 Jan 22 (mentee), 2: 1 Oct 23                                FY2021-22 SSA unknown
  Nia, Omar, Pia, Quinn, Ravi  1: 10 Sep 23 (P3)                          FY2023-24 SA
  Lena  5 (so 1-4 too): 30 Jun 23 (lead of funded grant G4, and role)   FY2022-23 SA woman
        — her cohort and region are those of the grant, the first stage she reached
Highest stages: 1 ×5 (Nia … Ravi), 2 Ada Hal, 3 Ben Cai, 4 Eve Fay, 5 Lena, 6 Dev Gus.
"""

import pandas as pd
import pytest

import queries
from etl.load import load
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("pathway"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def stages(con, cohort="ALL", region="ALL", gender="ALL"):
    rows = con.execute(
        """
        select people_reached, people_current from marts.pathway_stage_counts
        where cohort = $cohort and region = $region and gender = $gender
        order by stage_number
        """,
        {"cohort": cohort, "region": region, "gender": gender},
    ).fetchall()
    return [r for r, _ in rows], [c for _, c in rows]


def transitions(con, region="ALL"):
    return {
        r[0]: r[1:]
        for r in con.execute(
            """
            select from_stage, people, converted_12m, converted_24m, not_converted,
                   median_days_to_next
            from marts.pathway_transition_counts where region = $region
            """,
            {"region": region},
        ).fetchall()
    }


def test_people_reached_and_current_per_stage(con):
    reached, current = stages(con)
    assert current == [5, 2, 2, 2, 1, 2]
    assert reached == [14, 9, 7, 5, 3, 2]  # at this stage or above


def test_stages_by_region_of_the_first_program(con):
    assert stages(con, region="SSA") == ([8, 8, 6, 4, 2, 2], [0, 2, 2, 2, 0, 2])
    assert stages(con, region="SA") == ([6, 1, 1, 1, 1, 0], [5, 0, 0, 0, 1, 0])


def test_cohorts_are_the_fiscal_year_of_the_first_stage_reached(con):
    assert stages(con, cohort="FY2021-22") == ([3, 3, 2, 1, 1, 1], [0, 1, 1, 0, 0, 1])
    # Lena led a funded grant (30 June 2023) before she first took part: cohort FY2022-23
    assert stages(con, cohort="FY2022-23") == ([4, 4, 3, 3, 1, 0], [0, 1, 0, 2, 1, 0])
    assert stages(con, cohort="FY2023-24") == ([7, 2, 2, 1, 1, 1], [5, 0, 1, 0, 0, 1])


def test_stages_by_gender(con):
    assert stages(con, gender="woman") == ([6, 4, 3, 3, 1, 0], [2, 1, 0, 2, 1, 0])
    assert stages(con, gender="man") == ([5, 3, 3, 1, 1, 1], [2, 0, 2, 0, 0, 1])
    assert stages(con, gender="unknown") == ([2, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0])
    assert stages(con, region="SSA", gender="non_binary")[1] == [0, 0, 0, 0, 0, 1]


def test_conversion_from_each_stage(con):
    moves = transitions(con)
    # At stage 1 (reached it before any higher): Ada, Ben, Dev, Eve, Fay, Hal and the five
    # of P3. Days to the next stage: Ada 1, Dev 71, Eve 366 (12 months exactly), Fay 367,
    # Ben 536, Hal 629; the five never moved up.
    assert moves["participant"] == (11, 3, 6, 5, 366.5)
    assert moves["returning"] == (2, 0, 0, 2, None)  # Ada, Hal; Ben, Cai, Dev jumped past it
    assert moves["organizer"] == (3, 1, 1, 2, 21.0)  # Ben, Cai stay; Dev: 21 days to mentor
    assert moves["trainer_mentor"] == (3, 1, 1, 2, 274.0)  # Dev: committee after 274 days
    assert moves["grant_lead"] == (1, 0, 0, 1, None)  # Lena
    assert transitions(con, "SSA")["participant"] == (6, 3, 6, 0, 366.5)
    assert transitions(con, "SA")["participant"] == (5, 0, 0, 5, None)


def test_where_people_go_next(con):
    flows = con.execute(
        """
        select from_stage, to_stage, people from marts.pathway_flows where region = 'ALL'
        order by from_stage_number, to_stage_number
        """
    ).fetchall()
    assert flows == [
        ("participant", "returning", 2),  # Ada, Hal
        ("participant", "organizer", 2),  # Ben, Dev (returning and organizer the same day)
        ("participant", "trainer_mentor", 2),  # Eve, Fay
        ("organizer", "trainer_mentor", 1),  # Dev
        ("trainer_mentor", "committee_board", 1),  # Dev
    ]


def test_conversion_within_12_and_24_months_counts_the_same_calendar_day(tmp_path):
    # All four first took part on 15 March 2023, then became mentors.
    (tmp_path / "programs.csv").write_text(
        "program_id,title,program_type,themes,country,start_date,end_date\n"
        "X1,Workshop,workshop,education,KE,2023-03-15,2023-03-15\n"
    )
    people = ("Twelve", "Twelve Plus", "Twentyfour", "Twentyfour Plus")
    (tmp_path / "participation.csv").write_text(
        "program_id,username,role\n" + "".join(f"X1,{p},participant\n" for p in people)
    )
    mentor_from = ("2024-03-15", "2024-03-16", "2025-03-15", "2025-03-16")
    (tmp_path / "roles.csv").write_text(
        "username,role,body,country,start_date\n"
        + "".join(f"{p},mentor,Mentors,KE,{d}\n" for p, d in zip(people, mentor_from, strict=True))
    )
    db = tmp_path / "w.duckdb"
    load(sorted(tmp_path.glob("*.csv")), db, fresh=True)
    small = queries.connect(db)
    try:
        assert transitions(small)["participant"] == (4, 1, 3, 0, (367 + 731) / 2)
    finally:
        small.close()


def test_transition_rates_and_medians_through_the_query(con):
    moves = queries.run(con, "pathway_transitions", {"k": 2})
    first = moves[(moves.region == "ALL") & (moves.from_stage == "participant")].iloc[0]
    assert (first.people, first.converted_12m, first.converted_24m) == (11, 3, 6)
    assert first.rate_12m == pytest.approx(3 / 11)
    assert first.rate_24m == pytest.approx(6 / 11)
    assert first.median_days_to_next == 366.5


def test_leader_attrition(con):
    rows = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            "select fiscal_year, region, leaders, leaving_leaders from marts.leader_attrition"
        ).fetchall()
    }
    assert rows[("FY2021-22", "ALL")] == (1, 0)  # Gus, board member until 30 June 2023
    assert rows[("FY2022-23", "ALL")] == (2, 1)  # Gus leaves; Lena (grant lead) stays
    assert rows[("FY2022-23", "SSA")] == (1, 1)
    assert rows[("FY2022-23", "SA")] == (1, 0)
    assert rows[("FY2023-24", "ALL")] == (1, 1)  # Lena's role ends 30 June 2024
    assert rows[("FY2024-25", "SSA")] == (1, 1)  # Dev, committee member for one year


def test_the_pathway_queries_return_stage_rows_in_order(con):
    funnel = queries.run(con, "pathway_stages", {"regions": ["ALL"], "k": 2})
    everyone = funnel[funnel.cohort == "ALL"]
    assert list(everyone.stage) == [
        "participant",
        "returning",
        "organizer",
        "trainer_mentor",
        "grant_lead",
        "committee_board",
    ]
    # whatever is published is the true count; what is hidden is flagged
    published = everyone.people_reached.astype(object).where(~everyone.people_reached_suppressed)
    truth = [14, 9, 7, 5, 3, 2]
    assert all(pd.isna(p) or p == t for p, t in zip(published, truth, strict=True))
    assert everyone.people_reached.isna().equals(everyone.people_reached_suppressed)
    by_gender = queries.run(con, "pathway_stages_by_gender", {"k": 2})
    women = by_gender[by_gender.gender == "woman"]
    assert list(women.share_reached[:2]) == [1.0, pytest.approx(4 / 6)]


LEADERS_GRANTS = (
    "grant_id,title,fund,status,applicant_type,lead_username,country,currency,"
    "amount_requested,amount_requested_usd,amount_awarded_usd,submitted_date,decision_date\n"
    "GX,Photo walks,rapid,funded,individual,Gia,BR,USD,900,900,900,2022-09-01,2022-10-01\n"
)


@pytest.fixture(scope="module")
def leaders(tmp_path_factory):
    """Tie takes part in X1 (Kenya) and X2 (India), both starting 15 March 2023: the tie goes to
    the lower program id, so SSA, and the second program makes Tie returning the same day. Gia
    led a funded grant in Brazil (decided 1 Oct 2022) and never took part in a program. Zed sits
    on the ESEAP committee from 1 July 2023, a role with a blank country and no program."""
    db = build(
        tmp_path_factory.mktemp("leaders"),
        {
            "grants.csv": LEADERS_GRANTS,
            "participation.csv": "program_id,username,role,gender\n"
            "X1,Tie,participant,woman\nX2,Tie,participant,woman\n",
            "programs.csv": "program_id,title,program_type,themes,country,start_date,end_date\n"
            "X2,Workshop Delhi,workshop,education,IN,2023-03-15,2023-03-15\n"
            "X1,Workshop Nairobi,workshop,education,KE,2023-03-15,2023-03-15\n",
            "roles.csv": "username,role,body,country,start_date,end_date\n"
            "Zed,committee_member,ESEAP Regional Fund Committee,,2023-07-01,2025-06-30\n",
        },
    )
    connection = queries.connect(db)
    yield connection
    connection.close()


def test_leaders_who_never_joined_a_program_are_on_the_pathway(leaders):
    # Tie: 1, 2; Gia: 1-5; Zed: 1-6, each reaching every stage below theirs the same day.
    assert stages(leaders) == ([3, 3, 2, 2, 2, 1], [0, 1, 0, 0, 1, 1])
    assert stages(leaders, region="LAC") == ([1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 1, 0])


def test_a_role_with_a_blank_country_takes_its_committee_s_region(leaders):
    assert stages(leaders, region="ESEAP") == ([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 1])
    assert stages(leaders, cohort="FY2023-24") == ([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 1])


def test_a_same_day_tie_goes_to_the_lower_program_id(leaders):
    assert stages(leaders, region="SSA") == ([1, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0])
    assert stages(leaders, region="SA") == ([], [])  # X2's India: nobody's first program
    # Tie (March 2023) and Gia (October 2022) are both of FY2022-23
    assert stages(leaders, cohort="FY2022-23") == ([2, 2, 1, 1, 1, 0], [0, 1, 0, 0, 1, 0])


def test_people_reaching_stages_the_same_day_start_at_the_highest(leaders):
    moves = transitions(leaders)
    # nobody was ever at stage 1 alone: Tie reached 2 the same day, Gia and Zed 5 and 6
    assert moves["participant"] == (0, 0, 0, 0, None)
    assert moves["returning"] == (1, 0, 0, 1, None)  # Tie, not (yet) moved up
    assert moves["grant_lead"] == (1, 0, 0, 1, None)  # Gia


@pytest.fixture(scope="module")
def rotation(tmp_path_factory):
    """Seats on the ESEAP committee: Xia from 1 July 2020 to 30 June 2024, Yan from 1 July 2021
    to 30 June 2023, Zed from 1 July 2023 (blank country); Zed also on a board from 1 Jan 2024,
    still serving."""
    db = build(
        tmp_path_factory.mktemp("rotation"),
        {
            "roles.csv": "username,role,body,country,start_date,end_date\n"
            "Xia,committee_member,ESEAP Regional Fund Committee,ID,2020-07-01,2024-06-30\n"
            "Yan,committee_member,ESEAP Regional Fund Committee,ID,2021-07-01,2023-06-30\n"
            "Zed,committee_member,ESEAP Regional Fund Committee,,2023-07-01,2025-06-30\n"
            "Zed,affiliate_board,Wikimedia Indonesia,ID,2024-01-01,\n"
        },
    )
    connection = queries.connect(db)
    yield connection
    connection.close()


def rotation_rows(con):
    return {
        (r[0], r[1], r[2]): r[3:]
        for r in con.execute(
            "select fiscal_year, body_type, body, seats, new_seats, median_tenure_years, "
            "multi_role_people from marts.leadership_rotation"
        ).fetchall()
    }


def test_seats_newcomers_and_median_tenure_per_committee_and_year(rotation):
    rows = rotation_rows(rotation)
    eseap = "ESEAP Regional Fund Committee"
    # FY2022-23: Yan in his second year (new), Xia in her third; tenure to 30 June 2023:
    # Yan 729 days, Xia 1,094 days
    seats, new, tenure, _ = rows[("FY2022-23", "committee", eseap)]
    assert (seats, new) == (2, 1)
    assert tenure == pytest.approx((729 + 1094) / 2 / 365.25)
    # FY2023-24: Zed new, Xia in her fourth year; tenure 365 and 1,460 days
    seats, new, tenure, _ = rows[("FY2023-24", "committee", eseap)]
    assert (seats, new) == (2, 1)
    assert tenure == pytest.approx((365 + 1460) / 2 / 365.25)
    assert rows[("FY2023-24", "committee", "ALL")][:2] == (2, 1)
    # boards together: Zed from 1 January 2024, 181 days to the end of the year
    seats, new, tenure, _ = rows[("FY2023-24", "board", "ALL")]
    assert (seats, new) == (1, 1) and tenure == pytest.approx(181 / 365.25)


def test_people_holding_two_leadership_roles_at_once(rotation):
    rows = rotation_rows(rotation)
    # (leaders, people with two or more roles at once)
    leaders = {year: (row[0], row[3]) for (year, kind, _), row in rows.items() if kind == "ALL"}
    assert leaders["FY2023-24"] == (2, 1)  # Xia; Zed: committee and board from January
    assert leaders["FY2022-23"] == (2, 0)  # Xia and Yan hold one role each
    assert leaders["FY2020-21"] == (1, 0)  # Xia
