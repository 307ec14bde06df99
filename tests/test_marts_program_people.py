"""marts.program_people counts each program's people once: a full build (participants from
marts.program_outcomes, organizers from the organizing rows) and a small load's correction
(delta/programs.sql) give the same hand-counted figures."""

from pathlib import Path

from etl.load import load
from tests.conftest import query, write_text

PROGRAMS = (
    "program_id,title,program_type,themes,country,start_date,end_date\n"
    "P-1,Editathon Windhoek,edit_a_thon,gender_gap,NA,2023-07-10,2023-07-11\n"
    "P-2,Workshop Nairobi,workshop,education,KE,2023-08-01,2023-08-01\n"
    "P-3,Photo walk,photo_contest,culture_heritage,NA,2024-09-01,2024-09-30\n"
)
# P-1: Alice participant and mentee, Carol mentee → 2 participants; Bob organizer and volunteer
# → 1 organizer. P-2: Dan facilitator and participant → 1 participant, 1 organizer. P-3: none.
PARTICIPATION = (
    "program_id,username,role\n"
    "P-1,Alice,participant\n"
    "P-1,Alice,mentee\n"
    "P-1,Carol,mentee\n"
    "P-1,Bob,organizer\n"
    "P-1,Bob,volunteer\n"
    "P-2,Dan,facilitator\n"
    "P-2,Dan,participant\n"
)
# A small later load: Erin takes part in P-2 as mentee and participant, Bob facilitates it
# as well as volunteering → P-2 has 2 participants and 2 organizers; P-1 is unchanged.
LATER = "program_id,username,role\nP-2,Erin,mentee\nP-2,Erin,participant\nP-2,Bob,facilitator\n"


def _people(db: Path) -> list[tuple]:
    return query(
        db, "select program_id, participants, organizers from marts.program_people order by 1"
    )


def test_program_people_counts_each_person_once_when_built_and_when_corrected(tmp_path):
    db = tmp_path / "w.duckdb"
    load(
        [
            write_text(tmp_path, "programs.csv", PROGRAMS),
            write_text(tmp_path, "participation.csv", PARTICIPATION),
        ],
        db,
    )
    assert _people(db) == [("P-1", 2, 1), ("P-2", 1, 1), ("P-3", 0, 0)]
    load([write_text(tmp_path, "participation_later.csv", LATER)], db)
    assert _people(db) == [("P-1", 2, 1), ("P-2", 2, 2), ("P-3", 0, 0)]
