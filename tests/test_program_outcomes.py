"""The program-level view (queries/program_outcomes.sql, marts.program_outcomes and its
suppression) on the hand-built programs of tests/metrics_fixture.py, every figure worked out by
hand below from the fixture's participation rows.

  P1 30 Jun 2023, KE: Ada, Eve (registered 30 Jun), Fay (16 Jun) → 3 participants; new editors
     Dashboard 1 (Eve), Event Metrics 2 (Eve, Fay); Ada, whose first program this is, comes
     back in P4 (1 Oct, 93 days after) → retained 1.
  P2 1–2 Jul 2023, KE, grant G6 (15,000 USD): Ada, Dev → 2; Ada started earlier (P1) →
     returning 1; Dev's first program, back in P3 70 days later → retained 1; edits 7 + 2 = 9;
     cost per participant 15,000 / 2 = 7,500.
  P3 10–20 Sep 2023, IN: six participants; registered 10 Sep and 20 Sep → Dashboard 2; from
     27 Aug also Nia → Event Metrics 3; one edit each → 6.
  P4 Oct 2023, PK (a protected country): Ada and Hal (mentee and participant, once) → 2,
     uploads 4 + 3 (Hal's participant row, not also his mentee row) = 7."""

from __future__ import annotations

import pandas as pd
import pytest

import queries
from queries import privacy, suppression
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("programs"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def outcomes(con) -> pd.DataFrame:
    return con.execute("select * from marts.program_outcomes").df().set_index("program_id")


def shown(con, k: int, **filters) -> pd.DataFrame:
    name = "program_outcomes"
    return queries.run(con, name, {**privacy.bind(queries.sql(name), filters), "k": k}).set_index(
        "program_id"
    )


def test_people_are_counted_once_per_program_by_both_new_editor_definitions(con):
    rows = outcomes(con)
    people = ["participants", "new_editors_dashboard", "new_editors_event_metrics"]
    assert rows.loc["P1", people].tolist() == [3, 1, 2]
    assert rows.loc["P3", people].tolist() == [6, 2, 3]
    assert rows.loc["P4", "participants"] == 2  # Hal is mentee and participant: once


def test_returning_and_retained_participants_follow_the_spec(con):
    rows = outcomes(con)
    assert rows.loc["P1", ["returning_participants", "retained_participants"]].tolist() == [0, 1]
    assert rows.loc["P2", ["returning_participants", "retained_participants"]].tolist() == [1, 1]
    assert rows.loc["P3", ["returning_participants", "retained_participants"]].tolist() == [0, 0]
    assert rows.loc["P4", ["returning_participants", "retained_participants"]].tolist() == [2, 0]


def test_content_counts_a_mentee_who_is_also_a_participant_once(con):
    rows = outcomes(con)
    assert rows.loc["P2", "edits"] == 9
    assert rows.loc["P3", ["edits", "articles_edited"]].tolist() == [6, 6]
    assert rows.loc["P4", "uploads"] == 7


def test_cost_per_participant_is_the_grants_award_over_its_programs_people(con):
    visible = shown(con, 2)
    assert visible.loc["P2", "cost_per_participant"] == pytest.approx(7500)
    assert pd.isna(visible.loc["P1", "cost_per_participant"])  # no grant


def test_a_protected_country_shows_no_people_and_no_content(con):
    visible = shown(con, 2)
    for column in ("participants", "new_editors_dashboard", "returning_participants", "uploads"):
        assert pd.isna(visible.loc["P4", column])
        assert visible.loc["P4", f"{column}_suppressed"]


def test_small_counts_are_hidden_and_so_is_a_cost_that_would_give_one_away(con):
    visible = shown(con, 5)
    # P2's two participants are hidden, so is its content and its grant's cost per participant
    assert pd.isna(visible.loc["P2", "participants"])
    assert pd.isna(visible.loc["P2", "edits"])
    assert pd.isna(visible.loc["P2", "cost_per_participant"])
    assert visible.loc["P2", "cost_per_participant_suppressed"]

    low = shown(con, 2)
    # k = 2: P1's one Dashboard new editor is hidden, its two Event Metrics new editors show
    assert pd.isna(low.loc["P1", "new_editors_dashboard"])
    assert low.loc["P1", "new_editors_event_metrics"] == 2
    # alone, P3's six give nothing away
    assert low.loc["P3", "participants"] == 6


def test_a_program_alone_in_a_cell_is_tied_to_it(con):
    year = {"fiscal_years": ["FY2023-24"]}
    requests = {
        "regions": ("participation_by_region_year", year),
        "countries": ("country_map", {"regions": ["SA"], "fiscal_year": "FY2023-24"}),
        "programs": ("program_outcomes", year),
    }
    decision = queries.decision(con, requests, k=2)
    india = ("participation", "participants", "FY2023-24", "SA", "ALL", "ALL", "IN")
    # P3 is FY2023-24's only program in India, its only edit-a-thon (in SA and overall), its
    # only gender gap program (in SA and overall) and SA's only education one (Kenya's P2 is
    # education too); SA also has Pakistan's P4, so SA's own cell is not P3's alone
    links = ";".join(
        [
            "FY2023-24|ALL|ALL|edit_a_thon|ALL",
            "FY2023-24|ALL|gender_gap|ALL|ALL",
            "FY2023-24|SA|ALL|ALL|IN",
            "FY2023-24|SA|ALL|edit_a_thon|ALL",
            "FY2023-24|SA|education|ALL|ALL",
            "FY2023-24|SA|gender_gap|ALL|ALL",
        ]
    )
    p3 = ("program", "participants", "P3", links, None)
    assert (india, (p3,)) in decision.groups
    page = queries.view(con, requests, k=2)
    countries = page["countries"].set_index("country")
    programs = page["programs"].set_index("program_id")
    assert countries.loc["IN", "participants"] == programs.loc["P3", "participants"] == 6
    # protected Pakistan's two hide with P4, its one program; India's six stay shown because
    # Afghanistan and Bangladesh (protected, nobody) hide too: SA's 8 less India's 6 leaves 2
    # among three hidden countries
    assert programs.loc["P4", "participants_suppressed"]
    assert countries.loc[["AF", "BD", "PK"], "participants_suppressed"].all()


def test_a_hidden_country_cell_hides_the_program_it_is_made_of():
    # SA 14 = India 5 + Pakistan 9 (protected); P1 is India's only program that year
    total = ("participation", "participants", "FY", "SA", "ALL", "ALL", "ALL")
    india = ("participation", "participants", "FY", "SA", "ALL", "ALL", "IN")
    pakistan = ("participation", "participants", "FY", "SA", "ALL", "ALL", "PK")
    p1 = ("program", "participants", "P1", "FY|SA|ALL|ALL|IN", None)
    decision = suppression.decide({total: 14, india: 5, pakistan: 9, p1: 5}, 5, forced=[pakistan])
    assert decision.hidden == {pakistan, india, p1}


def test_filters_pick_programs_by_year_region_theme_and_grant(con):
    assert set(shown(con, 2, fiscal_years=["FY2022-23"]).index) == {"P1"}
    assert set(shown(con, 2, themes=["gender_gap"]).index) == {"P1", "P3"}
    assert set(shown(con, 2, regions=["SA"]).index) == {"P3", "P4"}
    assert set(shown(con, 2, grant_id="G6").index) == {"P2"}


def test_a_protected_country_s_program_alone_in_its_theme_hides_the_theme_s_cell(con):
    # P4 (Pakistan, protected) is FY2023-24's only culture and heritage program: SA's and all
    # regions' culture and heritage participants are P4's two, so they hide with it
    year = {"fiscal_years": ["FY2023-24"]}
    requests = {
        "themes": ("themes_by_year", {**year, "regions": ["SA"]}),
        "programs": ("program_outcomes", year),
    }
    page = queries.view(con, requests, k=2)
    themes = page["themes"].set_index("theme")
    assert page["programs"].set_index("program_id").loc["P4", "participants_suppressed"]
    assert themes.loc["culture_heritage", "participants_suppressed"]
    assert themes.loc["culture_heritage", "programs"] == 1


def test_a_program_tied_to_nothing_is_decided_on_its_own_count_alone():
    # P1 and P2 are alone in no cell and not their grants' only programs: P1's 3 is hidden
    # (primary), P2's 12 shown, and neither joins the view's groups; P3 is India's only program
    india = ("participation", "participants", "FY", "SA", "ALL", "ALL", "IN")
    p1 = ("program", "participants", "P1", None, None)
    p2 = ("program", "participants", "P2", None, None)
    p3 = ("program", "participants", "P3", "FY|SA|ALL|ALL|IN", None)
    decision = suppression.decide({india: 4, p1: 3, p2: 12, p3: 4}, 5)
    assert decision.hidden == decision.primary == {p1, india, p3}
    assert set(decision.values) == {india, p3}
