"""Every Programs & Events Dashboard export type, built from the ordered headers the Dashboard's
source writes (`../shared/formats/pe-dashboard-headers.csv`) and their history since 2017
(`pe-dashboard-header-history.csv`): each is recognised and loaded into what it means, or
refused saying why, and an older header variant loads like the current one."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import query

from etl.load import load
from etl.sources import Context

FORMATS = Path(__file__).resolve().parents[2] / "shared" / "formats"
HEADERS = FORMATS / "pe-dashboard-headers.csv"

pytestmark = pytest.mark.skipif(not HEADERS.exists(), reason="the format files are not here")

COURSE = "Wiki_Club/Photo_Walk_2025"
TITLE = "Photo Walk 2025"


def export_headers() -> dict[str, list[str]]:
    """export type → its ordered header, placeholders such as `<the 24 campaign_courses
    columns>` written out (per-wiki columns of a course overview as two wikis')."""
    with open(HEADERS, encoding="utf-8", newline="") as f:
        rows = {r["export_type"]: r["ordered_headers (| separated)"] for r in csv.DictReader(f)}
    courses = rows["campaign_courses"].split("|")
    wikidata = rows["campaign_wikidata"].split("|")
    headers = {}
    for export, text in rows.items():
        key = export.split(" ")[0]  # without "(admin)"
        if text.startswith("TWO BLOCKS"):  # course retention: the summary block's header
            headers[key] = ["Summary", "first course", "returning participants"]
            continue
        names: list[str] = []
        for name in text.split("|"):
            name = name.split("  (")[0].split(" (")[0].strip()
            if name.startswith("<the 24") or name.startswith("<same 24"):
                names += courses
            elif name.startswith("<same 28"):
                names += wikidata
            elif name.startswith("<wiki.domain>"):
                suffix = name.removeprefix("<wiki.domain>")
                names += [f"id.wikipedia.org{suffix}", f"www.wikidata.org{suffix}"]
            else:
                names.append(name)
        headers[key] = names
    return headers


HEADER_OF = export_headers()

# A value for each column any export has; a column not listed is left blank.
VALUES = {
    "course_slug": COURSE,
    "course": COURSE,
    "slug": COURSE,
    "title": TITLE,
    "course name": TITLE,
    "Course ID": "17",
    "Title": TITLE,
    "Slug": COURSE,
    "Start": "2025-03-01 00:00:00 UTC",
    "End": "2025-03-31 23:59:59 UTC",
    "Wiki": "id.wikipedia.org",
    "start_date": "2025-03-01 00:00:00 UTC",
    "end_date": "2025-03-31 23:59:59 UTC",
    "created_at": "2025-02-01 10:00:00 UTC",
    "home_wiki": "id.wikipedia.org",
    "editors": "2",
    "new_editors": "1",
    "total_edits": "30",
    "articles_edited": "4",
    "articles_created": "1",
    "bytes_added": "5000",
    "username": "Export_Tester",
    "usernames": "Export_Tester, Other Tester",
    "registered_at": "2024-05-01 10:00:00 UTC",
    "enrollment_timestamp": "2025-03-01 10:00:00 UTC",
    "revisions_during_project": "12",
    "mainspace_bytes_added": "3400",
    "userpace_bytes_added": "10",
    "userspace_bytes_added": "10",
    "total_articles_edited": "3",
    "total_articles_created": "1",
    "namespace": "0",
    "new": "true",
    "deleted": "false",
    "edit_count": "3",
    "characters_added": "1200",
    "filename": "File:Walk.jpg",
    "commons_page": "https://commons.wikimedia.org/wiki/File:Walk.jpg",
    "timestamp": "2025-03-02 10:00:00 UTC",
    "items created": "5",
    "claims created": "20",
    "total revisions": "40",
    "snapshot_date": "2025-03-01",
}

# export type → (source format it loads as, or the start of its refusal)
EXPECTED = {
    "campaign_courses": "pe_courses",
    "campaign_articles": "pe_articles",
    "campaign_students": "pe_students",
    "campaign_students_with_courses": "pe_users",
    "campaign_instructors": "pe_users",
    "campaign_wikidata": "pe_wikidata",
    "course_overview": "pe_courses",
    "course_editors": "pe_course_editors",
    "course_articles": "pe_articles",
    "course_uploads": "pe_course_uploads",
    "course_wikidata": "pe_wikidata",
    "course_retention": "refused: course retention export",
    "all_courses_and_instructors": "pe_all_courses",
    "system_csv": "pe_courses",
    "system_daily_stats_csv": "refused: daily system statistics export",
    "tagged_courses": "refused: tagged courses export",
    "mentor_requests": "refused: mentorship export",
    "ores_diff": "refused: ORES diff export",
}


def write_export(
    path: Path, header: list[str], rows: list[dict[str, str]] | None = None, newline: str = "\n"
) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=newline)
        writer.writerow(header)
        for row in rows or [VALUES]:
            writer.writerow([row.get(name, "") for name in header])
    return path


@pytest.fixture(scope="module")
def with_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding the course, from its campaign courses export."""
    folder = tmp_path_factory.mktemp("course")
    db = folder / "warehouse.duckdb"
    courses = write_export(folder / "campaign_courses.csv", HEADER_OF["campaign_courses"])
    [result] = load([courses], db, fresh=True, context=Context(country="ID"))
    assert (result.error, result.rows_loaded) == (None, 2)  # the program and its figures
    return db


def copy_of(db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db, folder / db.name)
    return folder / db.name


def test_the_header_file_lists_every_export_this_test_expects():
    assert set(HEADER_OF) == set(EXPECTED)


def test_every_dashboard_export_type_is_recognised_and_loaded_or_refused_saying_why(
    with_course, tmp_path
):
    db = copy_of(with_course, tmp_path / "warehouse")
    folder = tmp_path / "exports"
    folder.mkdir()
    # One folder, one load: each file is its own batch, and the marts are built once.
    written = set()
    for export in EXPECTED:
        name = "instructors.csv" if export == "campaign_instructors" else f"{export}.csv"
        # An export whose header another shares is written with CR LF line ends: the same
        # content would be skipped as already loaded.
        newline = "\r\n" if tuple(HEADER_OF[export]) in written else "\n"
        written.add(tuple(HEADER_OF[export]))
        write_export(folder / name, HEADER_OF[export], newline=newline)

    results = load([folder], db, context=Context(country="ID", campaign=COURSE))

    outcome = {}
    for result in results:
        export = "campaign_instructors" if result.path.stem == "instructors" else result.path.stem
        if result.error:
            prefix = f"{result.path.name}, row 1: this is a Programs & Events Dashboard "
            suffix = "; it holds nothing this product counts and is not loaded"
            assert result.error.startswith(prefix) and result.error.endswith(suffix)
            kind = result.error.removeprefix(prefix).split(" (")[0]
            outcome[export] = f"refused: {kind}"
        else:
            assert result.rows_rejected == 0, result.summary()
            outcome[export] = result.kind
    assert outcome == EXPECTED


PERSON = (
    "select role, edits, bytes_added, articles_created, articles_edited, uploads, registered_at "
    "from core.participation join core.people using (person_id) where program_id = $p"
)


def test_course_editors_of_2017_2021_and_today_give_the_same_participation(with_course, tmp_path):
    current = HEADER_OF["course_editors"]
    variants = {
        # 2017: the misspelt userpace_bytes_added, no references, no global_id
        "2017": [
            "username",
            "enrollment_timestamp",
            "registered_at",
            "revisions_during_project",
            "mainspace_bytes_added",
            "userpace_bytes_added",
            "draft_space_bytes_added",
            "registered_during_project",
        ],
        # 2021-2025: total_articles_created at the end
        "2021": [
            *current[:1],
            *current[2:10],
            "total_articles_created",
            "total_articles_edited",
        ],
        "today": current,
    }
    figures = {}
    for year, header in variants.items():
        db = copy_of(with_course, tmp_path / year)
        path = write_export(tmp_path / f"course_editors_{year}.csv", header)
        [result] = load([path], db, context=Context(campaign=TITLE))
        assert (result.error, result.kind, result.rows_loaded) == (None, "pe_course_editors", 1)
        figures[year] = query(db, PERSON, {"p": COURSE})
    assert figures["today"] == [("participant", 12, 3400, None, 3, None, _day(2024, 5, 1))]
    assert figures["2021"] == [("participant", 12, 3400, 1, 3, None, _day(2024, 5, 1))]
    assert figures["2017"] == [("participant", 12, 3400, None, None, None, _day(2024, 5, 1))]


def _day(year: int, month: int, day: int):
    from datetime import date

    return date(year, month, day)


def test_course_uploads_give_each_uploader_their_files_still_on_commons(with_course, tmp_path):
    db = copy_of(with_course, tmp_path / "warehouse")
    header = HEADER_OF["course_uploads"]
    files = [
        {**VALUES, "filename": "File:A.jpg", "username": "Uploader One"},
        {**VALUES, "filename": "File:B.jpg", "username": "Uploader One"},
        {**VALUES, "filename": "File:C.jpg", "username": "Uploader One", "deleted": "true"},
        {**VALUES, "filename": "File:D.jpg", "username": "Uploader Two"},
    ]
    path = write_export(tmp_path / "course_uploads.csv", header, files)

    [result] = load([path], db, context=Context(campaign=COURSE))

    assert (result.error, result.rows_loaded) == (None, 2)
    assert result.notes == ("4 uploaded files → 2 uploaders (1 files deleted, not counted)",)
    assert query(
        db, "select uploads from core.participation where program_id = $p order by 1", {"p": COURSE}
    ) == [(1,), (2,)]


def test_article_exports_with_username_or_usernames_and_without_course_slug_agree(
    with_course, tmp_path
):
    campaign = HEADER_OF["campaign_articles"]
    old_campaign = [("username" if n == "usernames" else n) for n in campaign]  # 2022-2025
    course = HEADER_OF["course_articles"]
    rows = [
        {**VALUES, "title": "Padang", "characters_added": "1200", "new": "true"},
        {**VALUES, "title": "Bukittinggi", "characters_added": "300", "new": "false"},
        {**VALUES, "title": "User:Sandbox", "namespace": "2", "characters_added": "999"},
    ]
    stats = {}
    for name, header in (("new", campaign), ("old", old_campaign), ("course", course)):
        db = copy_of(with_course, tmp_path / name)
        path = write_export(tmp_path / f"{name}_articles.csv", header, rows)
        [result] = load([path], db, context=Context(campaign=COURSE))
        assert (result.error, result.kind) == (None, "pe_articles")
        stats[name] = query(
            db,
            "select total_articles_edited, total_articles_created, total_bytes_added "
            "from core.program_stats where program_id = $p",
            {"p": COURSE},
        )
    assert stats == {k: [(2, 1, 1500)] for k in ("new", "old", "course")}


def test_a_course_overview_with_per_wiki_columns_loads_the_course_and_its_figures(tmp_path):
    header = HEADER_OF["course_overview"]
    assert "www.wikidata.org_edits" in header
    path = write_export(tmp_path / "course_overview.csv", header)
    db = tmp_path / "warehouse.duckdb"

    [result] = load([path], db, fresh=True, context=Context(country="ID"))

    assert (result.error, result.kind) == (None, "pe_courses")
    assert query(
        db,
        "select p.program_id, p.start_date, s.participants, s.total_edits "
        "from core.programs p join core.program_stats s using (program_id)",
    ) == [(COURSE, _day(2025, 3, 1), 2, 30)]


def test_the_long_wikidata_export_of_2020_gives_the_figures_of_the_wide_one(with_course, tmp_path):
    wide_db = copy_of(with_course, tmp_path / "wide")
    wide = write_export(tmp_path / "course_wikidata.csv", HEADER_OF["course_wikidata"])
    long_db = copy_of(with_course, tmp_path / "long")
    long = tmp_path / "course_wikidata_2020.csv"
    long.write_text(
        "revision_type,count\nitems created,5\nclaims created,20\ntotal revisions,40\n",
        encoding="utf-8",
    )

    [wide_result] = load([wide], wide_db, context=Context(campaign=COURSE))
    [long_result] = load([long], long_db, context=Context(campaign=COURSE))

    assert (wide_result.error, long_result.error) == (None, None)
    figures = (
        "select wikidata_items_created, wikidata_claims_created, wikidata_edits "
        "from core.program_stats where program_id = $p"
    )
    assert query(wide_db, figures, {"p": COURSE}) == [(5, 20, 40)]
    assert query(long_db, figures, {"p": COURSE}) == [(5, 20, 40)]


def test_a_students_export_without_courses_takes_the_course_from_the_campaign_option(
    with_course, tmp_path
):
    db = copy_of(with_course, tmp_path / "warehouse")
    path = write_export(
        tmp_path / "campaign_students.csv",
        ["username"],
        [{"username": "Student One"}, {"username": "Student Two"}],
    )

    [failed] = load([path], db)
    [result] = load([path], db, context=Context(campaign=COURSE))

    assert "give --campaign COURSE_SLUG" in failed.error
    assert (result.error, result.rows_loaded) == (None, 2)


def test_the_list_of_all_courses_gives_one_program_and_its_facilitators(tmp_path):
    header = HEADER_OF["all_courses_and_instructors"]
    rows = [
        {**VALUES, "Facilitator": "Facilitator One", "Wiki": ""},
        {**VALUES, "Facilitator": "Facilitator Two", "Wiki": ""},
        {**VALUES, "Facilitator": "", "Wiki": "id.wikipedia.org"},
    ]
    path = write_export(tmp_path / "all-courses-and-instructors.csv", header, rows)
    db = tmp_path / "warehouse.duckdb"

    [result] = load([path], db, fresh=True, context=Context(country="ID"))

    assert result.error is None
    assert query(db, "select program_id, home_wiki, start_date from core.programs") == [
        (COURSE, "id.wikipedia.org", _day(2025, 3, 1))
    ]
    assert query(db, "select role, count(*) from core.participation group by 1") == [
        ("facilitator", 2)
    ]


def test_a_courses_export_of_2018_without_references_loads_like_todays(tmp_path):
    today = HEADER_OF["campaign_courses"]
    older = [name for name in today if name != "references_added"]  # before July 2019
    figures = {}
    for name, header in (("today", today), ("2018", older)):
        db = tmp_path / name / "warehouse.duckdb"
        path = write_export(tmp_path / f"campaign_courses_{name}.csv", header)
        [result] = load([path], db, fresh=True, context=Context(country="ID"))
        assert (result.error, result.kind, result.rows_rejected) == (None, "pe_courses", 0)
        figures[name] = query(
            db,
            "select p.program_id, p.title, p.start_date, p.end_date, p.home_wiki, "
            "s.participants, s.new_participants, s.total_edits, s.total_bytes_added "
            "from core.programs p join core.program_stats s using (program_id)",
        )
    assert (
        figures["2018"]
        == figures["today"]
        == [
            (COURSE, TITLE, _day(2025, 3, 1), _day(2025, 3, 31), "id.wikipedia.org", 2, 1, 30, 5000)
        ]
    )


def test_a_revisions_export_of_2024_gives_each_editor_their_edits_in_the_course(
    with_course, tmp_path
):
    db = copy_of(with_course, tmp_path / "warehouse")
    header = [
        "Article_title",
        "User",
        "revision_id",
        "page_id",
        "wiki",
        "characters_added",
        "references_added",
        "new",
        "pageviews",
        "deleted",
        "wp10",
        "wp10_previous",
        "course_slug",
    ]
    edits = [
        {
            "Article_title": "Padang",
            "User": "Reviser One",
            "characters_added": "100",
            "new": "true",
        },
        {
            "Article_title": "Padang",
            "User": "Reviser One",
            "characters_added": "50",
            "new": "false",
        },
        {"Article_title": "Bogor", "User": "Reviser Two", "characters_added": "7", "new": "false"},
    ]
    rows = [{**row, "revision_id": str(i), "course_slug": COURSE} for i, row in enumerate(edits)]
    path = write_export(tmp_path / "campaign_revisions.csv", header, rows)

    [result] = load([path], db)

    assert (result.error, result.kind, result.rows_loaded) == (None, "pe_revisions", 2)
    assert query(
        db,
        "select edits, bytes_added, articles_created from core.participation "
        "where program_id = $p order by edits",
        {"p": COURSE},
    ) == [(1, 7, 0), (2, 150, 1)]
