"""Programs & Events Dashboard exports: the Indonesian campaign's real files (re-saved by a
spreadsheet with `;`, `01.00`, CRLF and blank cells) and small exports written here."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import REAL, query

from etl.__main__ import main
from etl.load import input_files, load
from etl.sources import Context
from etl.sources.common import program_type

PE = REAL / "pe-dashboard"
PREFIX = "data_dan_teknologi_wikimedia_indonesia_2025-campaign_"
COURSES = PE / f"{PREFIX}courses-2026-08-27.csv"
STUDENTS = PE / f"{PREFIX}students-with_courses-2026-08-27.csv"
WIKIDATA = PE / f"{PREFIX}wikidata-2026-08-27.csv"
INDONESIA = Context(country="ID")
GEODATATHON = "Wikimedia_Indonesia/Geodatathon_Desember_2025"
BACKUP = "Wikimedia_Indonesia/Geodatathon_Desember_2025_-_Cadang"

pytestmark = pytest.mark.skipif(not PE.is_dir(), reason="the real files are not here")


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse: copies of it share one person-key salt."""
    db = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    load([], db, fresh=True)
    return db


def copy_of(warehouse: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    shutil.copyfile(warehouse, db)
    return db


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory, empty: Path) -> tuple[Path, dict]:
    """The campaign folder loaded for Indonesia: (warehouse, {file name: result})."""
    db = copy_of(empty, tmp_path_factory.mktemp("campaign"))
    results = load([PE], db, context=INDONESIA)
    assert [r.error for r in results] == [None, None, None]
    return db, {r.path.name: r for r in results}


def test_a_folder_loads_the_courses_before_the_exports_that_name_them():
    assert input_files([PE]) == [COURSES, STUDENTS, WIKIDATA]


def test_the_campaign_gives_32_programs_in_indonesia_and_reports_the_backup_copy(campaign):
    db, results = campaign
    assert query(db, "select count(*), count(distinct program_id) from core.programs") == [(32, 32)]
    assert query(db, "select distinct country_code, region_code from core.programs") == [
        ("ID", "ESEAP")
    ]
    courses = results[COURSES.name]
    assert courses.kind == "pe_courses"
    assert courses.parts[0] == ("programs", 33, 32, 1, 1)
    assert any(f"{BACKUP} is a copy of {GEODATATHON}" in note for note in courses.notes)
    assert query(db, "select alias_id, program_id from core.program_aliases") == [
        (BACKUP, GEODATATHON)
    ]
    assert query(db, "select count(*) from core.programs where program_id = $p", {"p": BACKUP}) == [
        (0,)
    ]


def test_the_campaign_has_372_participants_in_446_enrolments(campaign):
    db, results = campaign
    assert query(db, "select count(*), count(distinct person_id) from core.participation") == [
        (446, 372)
    ]
    assert query(db, "select distinct role from core.participation") == [("participant",)]
    # The students export lists the backup copy's 23 people; they count under the original.
    assert query(
        db, "select count(*) from core.participation where program_id = $p", {"p": GEODATATHON}
    ) == [(23,)]
    assert results[STUDENTS.name].parts == (("participation", 446, 446, 0, 0),)


def test_a_negative_count_rejects_the_course_figures_and_keeps_the_course(campaign):
    db, _ = campaign
    jakarta = "Wikimedia_Indonesia/Wikilatih_Wikidata_Jakarta_31_Maret_2026"
    assert query(
        db,
        "select row_number, column_name, value, reason from meta.rejects "
        "where file_name = $f and column_name = 'references_added'",
        {"f": COURSES.name},
    ) == [(24, "references_added", "-2", "negative count -2")]
    assert query(
        db, "select count(*) from core.programs where program_id = $p", {"p": jakarta}
    ) == [(1,)]
    # Its Wikidata figures still load; the Dashboard figures of the rejected row do not.
    assert query(
        db,
        "select participants, references_added, wikidata_edits is not null "
        "from core.program_stats where program_id = $p",
        {"p": jakarta},
    ) == [(None, None, True)]


def test_course_figures_and_wikidata_figures_make_one_row_per_program(campaign):
    db, results = campaign
    assert query(
        db,
        "select participants, new_participants, total_edits, total_articles_created, "
        "references_added, total_uploads, training_completion_rate, wikidata_items_created, "
        "wikidata_edits from core.program_stats where program_id = $p",
        {"p": "Wikimedia_Indonesia/Geodatathon_Agustus_2025"},
    ) == [(26, 0, 324843, 843, 54944, 6, 1, 843, 324843)]
    assert query(db, "select count(*) from core.program_stats") == [(32,)]
    wikidata = results[WIKIDATA.name]
    assert any("Total row" in note for note in wikidata.notes)
    # The backup copy's Wikidata row is its original's: a duplicate, not a second program.
    assert query(
        db,
        "select row_number, reason from meta.rejects where file_name = $f",
        {"f": WIKIDATA.name},
    ) == [(12, "duplicate of row 9")]


def test_program_types_come_from_the_course_titles(campaign):
    db, _ = campaign
    assert dict(query(db, "select program_type, count(*) from core.programs group by all")) == {
        "training": 17,  # Wikilatih …
        "meetup": 9,  # Kopdar …
        "edit_a_thon": 4,  # (Geo)datathon …
        "mentorship": 2,  # Pemagangan (internship) …
    }


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Women in Red edit-a-thon 2024", "edit_a_thon"),
        ("Wikidata Datathon", "edit_a_thon"),
        ("Wikipedia workshop for librarians", "workshop"),
        ("New editor training", "training"),
        ("Monthly meetup Nairobi", "meetup"),
        ("Summer internship", "mentorship"),
        ("Photo walk", "other"),
    ],
)
def test_the_program_type_is_the_one_a_title_names_else_other(title, code):
    import pandas as pd

    assert program_type(pd.Series([title])).tolist() == [code]


def _resave_as_the_dashboard_writes(source: Path, target: Path) -> Path:
    """The spreadsheet re-save turned back into the Dashboard's own form: `,`, LF, `1.0`."""
    with open(source, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f, delimiter=";"))
    header = table[0]
    rate = header.index("training_completion_rate") if "training_completion_rate" in header else -1
    for row in table[1:]:
        if rate >= 0 and row[rate]:
            row[rate] = str(float(row[rate]))
    with open(target, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(table)
    return target


CORE_TABLES = (
    "core.programs",
    "core.program_themes",
    "core.program_stats",
    "core.program_aliases",
    "core.participation",
    "core.people",
)


def core_contents(db: Path) -> dict[str, list[tuple]]:
    """Every core row but its batch, a person named by their key: the number a load gives a
    new person (core.people.person_id) follows the order DuckDB's threads insert them in, so
    two loads of the same people may number them differently."""
    key = "(select person_key from core.people p where p.person_id = t.person_id)"
    contents = {}
    for table in CORE_TABLES:
        shown = []
        for (column,) in query(db, f"select column_name from (describe {table})"):
            if column == "batch_id" or (column == "person_id" and table == "core.people"):
                continue
            shown.append(key if column == "person_id" else f"t.{column}")
        contents[table] = query(db, f"select {', '.join(shown)} from {table} t order by all")
    return contents


def test_the_dashboard_csv_and_its_semicolon_resave_give_identical_warehouse_contents(
    tmp_path, empty, campaign
):
    comma = tmp_path / "comma"
    comma.mkdir()
    for source in (COURSES, STUDENTS, WIKIDATA):
        _resave_as_the_dashboard_writes(source, comma / source.name)
    assert (comma / COURSES.name).read_text().splitlines()[1].endswith(",1.0")
    db = copy_of(empty, tmp_path / "warehouse")
    assert [r.error for r in load([comma], db, context=INDONESIA)] == [None, None, None]
    resave_db, _ = campaign
    assert core_contents(db) == core_contents(resave_db)


def test_a_repeated_course_row_is_a_duplicate_row_not_a_copy(tmp_path):
    lines = COURSES.read_bytes().splitlines()
    repeated = tmp_path / COURSES.name
    repeated.write_bytes(b"\r\n".join([*lines, lines[1]]))
    db = tmp_path / "warehouse.duckdb"
    [result] = load([repeated], db, context=INDONESIA)
    assert result.parts[0] == ("programs", 34, 32, 2, 2)
    assert query(db, "select count(*) from core.program_aliases") == [(1,)]
    assert query(db, "select reason from meta.rejects where row_number = 35") == [
        ("duplicate of row 2",),
        ("duplicate of row 2",),
    ]


def test_students_loaded_without_their_courses_are_rejected_asking_for_the_courses(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    [result] = load([STUDENTS], db, context=INDONESIA)
    assert (result.rows_loaded, result.rows_rejected) == (0, 446)
    assert query(
        db,
        "select distinct reason like 'unknown program %load its programs file first' "
        "from meta.rejects",
    ) == [(True,)]


def test_an_instructors_export_gives_facilitators_and_follows_copies(tmp_path, campaign):
    db = copy_of(campaign[0], tmp_path / "warehouse")
    instructors = tmp_path / f"{PREFIX}instructors-with_courses-2026-08-27.csv"
    instructors.write_text(
        "username,course\nFacilitator_One,Wikimedia_Indonesia/Geodatathon_Agustus_2025\n"
        f"Facilitator_One,{BACKUP}\n",
        encoding="utf-8",
    )
    [result] = load([instructors], db, context=INDONESIA)
    assert (result.kind, result.rows_loaded) == ("pe_users", 2)
    assert query(
        db,
        "select program_id, role from core.participation where role <> 'participant' order by all",
    ) == [
        ("Wikimedia_Indonesia/Geodatathon_Agustus_2025", "facilitator"),
        (GEODATATHON, "facilitator"),
    ]


EDITORS_HEADER = (
    "username,global_id,enrollment_timestamp,registered_at,revisions_during_project,"
    "mainspace_bytes_added,userspace_bytes_added,draft_space_bytes_added,references_added,"
    "registered_during_project,total_articles_created,total_articles_edited,"
    "completed_training_modules_count,assigned_training_modules_count,completed_training_modules"
)


def test_a_course_editors_export_takes_its_course_from_the_campaign_option(tmp_path, campaign):
    db = copy_of(campaign[0], tmp_path / "warehouse")
    editors = tmp_path / "editors.csv"
    editors.write_text(
        EDITORS_HEADER + "\nEditor_One,123,2025-08-20 10:00:00 UTC,2025-08-27 14:46:47 UTC,"
        "40,1500,10,0,3,true,2,7,1,1,Module\n",
        encoding="utf-8",
    )
    [failed] = load([editors], db, context=INDONESIA)
    assert "--campaign" in failed.error
    by_title = Context(country="ID", campaign="Geodatathon Agustus 2025")
    [result] = load([editors], db, context=by_title)
    assert result.error is None
    assert query(
        db,
        "select edits, bytes_added, articles_created, articles_edited from core.participation "
        "where program_id = 'Wikimedia_Indonesia/Geodatathon_Agustus_2025' and edits is not null",
    ) == [(40, 1500, 2, 7)]


def test_an_articles_export_gives_each_course_its_mainspace_articles_and_bytes(tmp_path, campaign):
    db = copy_of(campaign[0], tmp_path / "warehouse")
    articles = tmp_path / "campaign-articles.csv"
    course = "Wikimedia_Indonesia/Kopdar_Wikidata_Padang_15_November_2025"
    articles.write_text(
        "title,namespace,wiki,url,edit_count,characters_added,new,deleted,pageviews,"
        "pageviews_link,course_slug\n"
        f"Padang,0,id.wikipedia.org,u,3,1200,true,false,10,l,{course}\n"
        f"Bukittinggi,0,id.wikipedia.org,u,1,300,false,false,4,l,{course}\n"
        f"Sandbox,2,id.wikipedia.org,u,5,9999,true,false,0,l,{course}\n",
        encoding="utf-8",
    )
    [result] = load([articles], db)
    assert (result.kind, result.error) == ("pe_articles", None)
    assert query(
        db,
        "select total_articles_edited, total_articles_created, total_bytes_added, participants "
        "from core.program_stats where program_id = $p",
        {"p": course},
    ) == [(2, 1, 1500, 7)]


def test_a_folder_sidecar_gives_the_country_and_theme(tmp_path):
    folder = tmp_path / "campaign"
    folder.mkdir()
    shutil.copyfile(COURSES, folder / COURSES.name)
    (folder / "context.toml").write_text(
        'country = "Indonesia"\ntheme = "Open Technology"\n', encoding="utf-8"
    )
    db = tmp_path / "warehouse.duckdb"
    [result] = load([folder], db)
    assert result.error is None
    assert query(db, "select distinct country_code from core.programs") == [("ID",)]
    assert query(db, "select distinct theme_code from core.program_themes") == [
        ("open_technology",)
    ]


def test_a_sidecar_with_an_unknown_key_fails_the_file_naming_the_sidecar(tmp_path):
    folder = tmp_path / "campaign"
    folder.mkdir()
    shutil.copyfile(COURSES, folder / COURSES.name)
    sidecar = folder / (COURSES.stem + ".context.toml")
    sidecar.write_text('county = "ID"\n', encoding="utf-8")
    [result] = load([folder], tmp_path / "warehouse.duckdb")
    assert result.error.startswith(sidecar.name)
    assert "unknown key 'county'" in result.error


def test_the_command_line_takes_country_campaign_and_theme_and_refuses_unknown_ones(
    tmp_path, capsys
):
    db = tmp_path / "warehouse.duckdb"
    assert main(["load", str(COURSES), "--db", str(db), "--country", "ID"]) == 0
    assert "as pe_courses" in capsys.readouterr().out
    assert query(db, "select distinct country_code from core.programs") == [("ID",)]
    with pytest.raises(SystemExit):
        main(["load", str(COURSES), "--db", str(db), "--country", "Atlantis"])
    assert "unknown country 'Atlantis'" in capsys.readouterr().err
