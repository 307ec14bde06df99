"""Tiny hand-built warehouses whose every metric was worked out by hand (the tests say how).

METRICS: a dozen grants, six programs and fourteen people, built so that each metric of SPEC §5
has a case, including the boundaries: fiscal years (30 June / 1 July), new editors (14 days
before the start, the start, the end), a grantee's first grant, exactly 12 months to the next
pathway stage. PRIVACY: regions and countries with 3 to 14 participants for suppression."""

from __future__ import annotations

from pathlib import Path

from etl.load import load

GRANTS = """\
grant_id,title,fund,status,applicant_type,organization_id,organization_name,lead_username,country,currency,amount_requested,amount_requested_usd,amount_awarded_usd,submitted_date,decision_date,start_date,end_date,themes,multi_year
G1,Kenya rapid,rapid,funded,affiliate,O1,Wikimedia Kenya,,KE,USD,5000,5000,4000,2022-08-01,2022-08-31,,,education,false
G2,Nigeria rapid,rapid,not_funded,affiliate,O2,Wikimedia Nigeria,,NG,USD,3000,3000,,2022-09-01,2022-10-01,,,gender_gap,false
G3,US general support,general_support,funded,organization,O3,Wiki Education,,US,USD,60000,60000,50000,2022-10-01,2023-01-29,,,culture_heritage;education,true
G4,Individual rapid grant,rapid,funded,individual,,,Lena,IN,USD,2000,2000,2000,2023-06-01,2023-06-30,,,,false
G5,Kenya withdrawn,rapid,withdrawn,affiliate,O1,Wikimedia Kenya,,KE,USD,1000,1000,,2023-01-01,,,,education,false
G6,Kenya general support,general_support,funded,affiliate,O1,Wikimedia Kenya,,KE,USD,20000,20000,15000,2023-06-01,2023-07-01,,,education,false
G7,Germany rapid,rapid,funded,affiliate,O4,Wikimedia Deutschland,,DE,USD,5000,5000,5000,2023-08-01,2023-09-30,,,gender_gap,false
G8,Individual rapid grant again,rapid,funded,individual,,,Lena,IN,USD,3000,3000,1000,2023-10-01,2023-10-11,,,education,false
G9,Brazil general support,general_support,not_funded,affiliate,O5,Wiki Movimento Brasil,,BR,USD,40000,40000,,2023-11-01,2024-01-30,,,culture_heritage,false
G10,US conference,conference_event,funded,organization,O3,Wiki Education,,US,USD,10000,10000,9000,2024-01-01,2024-06-30,,,,false
G11,Kenya pending,rapid,under_review,affiliate,O6,Kenya user group,,KE,USD,2500,2500,,2024-05-01,,,,education,false
G12,Nigeria rapid again,rapid,funded,affiliate,O2,Wikimedia Nigeria,,NG,USD,2000,2000,2000,2024-01-02,2024-02-01,,,gender_gap,false
"""  # noqa: E501

BUDGETS = """\
fiscal_year,region,budget_usd
FY2022-23,SSA,10000
FY2022-23,NA,100000
"""

ACTIVE_EDITORS = """\
month,region,active_editors
2022-07,SSA,1000
2022-08,SSA,3000
2023-07,SSA,5000
"""

PROGRAMS = """\
program_id,title,program_type,themes,country,start_date,end_date,grant_id,organization_id,home_wiki
P1,Gender gap edit-a-thon Nairobi,edit_a_thon,gender_gap,KE,2023-06-30,2023-06-30,,,enwiki
P2,Education workshop Nairobi,workshop,education,KE,2023-07-01,2023-07-02,G6,,enwiki
P3,Edit-a-thon Delhi,edit_a_thon,gender_gap;education,IN,2023-09-10,2023-09-20,,,hiwiki
P4,Photo contest Lahore,photo_contest,culture_heritage,PK,2023-10-01,2023-10-31,,,commonswiki
P5,Workshop Mombasa,workshop,,KE,2024-08-01,2024-08-01,,,enwiki
P6,Mentorship Kisumu,mentorship,education,KE,2022-01-10,2022-01-20,,,enwiki
"""

PARTICIPATION = """\
program_id,username,role,registered_at,edits,bytes_added,articles_created,articles_edited,uploads,gender
P6,Ben,participant,2019-05-01,3,300,0,1,0,man
P6,Gus,mentor,2015-01-01,0,0,0,0,0,man
P6,Hal,mentee,2022-01-05,2,200,1,1,0,
P1,Ada,participant,2020-01-01,10,1000,1,2,0,woman
P1,Eve,participant,2023-06-30,1,100,0,1,0,woman
P1,Fay,participant,2023-06-16,0,0,0,0,0,woman
P1,Ben,organizer,2019-05-01,5,500,0,0,0,man
P2,Ada,participant,2020-01-01,7,700,1,1,0,woman
P2,Dev,participant,2018-03-03,2,200,0,1,0,non_binary
P2,Cai,organizer,2017-01-01,0,0,0,0,0,man
P2,Ben,organizer,2019-05-01,0,0,0,0,0,man
P3,Nia,participant,2023-08-27,1,10,0,1,0,woman
P3,Omar,participant,2023-08-26,1,10,0,1,0,man
P3,Pia,participant,2023-09-10,1,10,0,1,0,woman
P3,Quinn,participant,2023-09-20,1,10,0,1,0,
P3,Ravi,participant,2023-09-21,1,10,0,1,0,man
P3,Lena,participant,2016-01-01,1,10,0,1,0,woman
P3,Dev,organizer,2018-03-03,0,0,0,0,0,non_binary
P4,Ada,participant,2020-01-01,0,0,0,0,4,woman
P4,Dev,mentor,2018-03-03,0,0,0,0,0,non_binary
P4,Hal,mentee,2022-01-05,0,0,0,0,2,
P4,Hal,participant,2022-01-05,0,0,0,0,3,
P5,Cai,organizer,2017-01-01,0,0,0,0,0,man
P5,Ada,participant,2020-01-01,0,0,0,0,0,woman
"""

ROLES = """\
username,role,body,country,start_date,end_date
Eve,mentor,Mentorship programme,KE,2024-06-30,
Fay,trainer,Training of trainers,KE,2024-07-01,
Dev,committee_member,Regional Fund Committee SSA,KE,2024-07-01,2025-06-30
Gus,affiliate_board,Wikimedia Kenya,KE,2021-07-01,2023-06-30
Lena,grant_lead,Rapid Fund,IN,2023-06-30,2024-06-30
"""

METRICS = {
    "grants.csv": GRANTS,
    "budgets.csv": BUDGETS,
    "active_editors.csv": ACTIVE_EDITORS,
    "programs.csv": PROGRAMS,
    "participation.csv": PARTICIPATION,
    "roles.csv": ROLES,
}

# Participants per program for the privacy tests: (program, country, start, participants).
# FY2023-24: LAC 4, ESEAP 4, NWE 5, SSA 6, SA 14 (India 5 + Pakistan 9, a protected country);
# FY2022-23: SSA 3, SA 6, NWE 7, LAC 8.
PRIVACY_PROGRAMS = (
    ("Q-BR", "BR", "2023-09-01", 4),
    ("Q-ID", "ID", "2023-09-01", 4),
    ("Q-DE", "DE", "2023-09-01", 5),
    ("Q-KE", "KE", "2023-09-01", 6),
    ("Q-IN", "IN", "2023-09-01", 5),
    ("Q-PK", "PK", "2023-09-01", 9),
    ("R-KE", "KE", "2022-09-01", 3),
    ("R-IN", "IN", "2022-09-01", 6),
    ("R-DE", "DE", "2022-09-01", 7),
    ("R-BR", "BR", "2022-09-01", 8),
)
# In Q-KE four of the six take part as mentees, with two mentors: 2 mentees per mentor.
PRIVACY_MENTEES = {"Q-KE": 4}
PRIVACY_MENTORS = {"Q-KE": 2}


def privacy_files() -> dict[str, str]:
    programs = ["program_id,title,program_type,themes,country,start_date,end_date"]
    participation = ["program_id,username,role,registered_at,edits"]
    for program, country, start, participants in PRIVACY_PROGRAMS:
        programs.append(f"{program},{program} edit-a-thon,edit_a_thon,education,{country},{start},")
        mentees = PRIVACY_MENTEES.get(program, 0)
        participation += [
            f"{program},{program} person {n},{'mentee' if n <= mentees else 'participant'},"
            "2015-01-01,1"
            for n in range(1, participants + 1)
        ]
        participation += [
            f"{program},{program} mentor {n},mentor,2010-01-01,0"
            for n in range(1, PRIVACY_MENTORS.get(program, 0) + 1)
        ]
    return {
        "programs.csv": "\n".join(programs) + "\n",
        "participation.csv": "\n".join(participation) + "\n",
    }


def build(folder: Path, files: dict[str, str]) -> Path:
    """Write the files to `folder` and load them into folder/warehouse.duckdb."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    db = folder / "warehouse.duckdb"
    results = load(paths, db, fresh=True)
    failed = [r.summary() for r in results if r.error or r.rows_rejected]
    assert not failed, failed
    return db
