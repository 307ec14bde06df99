"""Shared test helpers: tiny input files written into tmp_path, and read-only looks into a
warehouse file (every table's rows, row counts, rejects of one file)."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from bench.common import CHROMIUM, CHROMIUM_ARGS, serve
from etl.load import load
from etl.warehouse import DEMO_INPUTS


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of comma-separated lines without quoting."""
    header, *rows = (line.split(",") for line in text.strip().splitlines())
    return header, rows


# A small valid world: three grants, three programs (one in Namibia, whose code is NA), five
# participation rows of four people. Usernames are distinctive so that a scan of the warehouse
# for them cannot match anything else.
GRANTS_HEADER, GRANTS_ROWS = _table(
    """
grant_id,title,fund,status,applicant_type,organization_id,organization_name,lead_username,country,currency,amount_requested,amount_requested_usd,amount_awarded_usd,submitted_date,decision_date,start_date,end_date,themes,multi_year
G-1,Wiki Loves Monuments Kenya,rapid,funded,group,,,Alice_Lindqvist,KE,USD,5000,5000,4500,2023-05-01,2023-07-15,2023-08-01,2023-12-31,culture_heritage,no
G-2,Gender gap edit-a-thons,general_support,funded,organization,ORG-1,Wikimedia Namibia,Bongani_Dlamini,NA,USD,20000,20000,18000,2023-04-10,2023-08-20,2023-09-01,2024-08-31,gender_gap;education,yes
G-3,Wikipedia in schools,rapid,not_funded,individual,,,Carla_Mendes,BR,USD,3000,3000,,2023-06-01,2023-09-05,,,education,no
"""  # noqa: E501
)

PROGRAMS_HEADER, PROGRAMS_ROWS = _table(
    """
program_id,title,program_type,themes,country,start_date,end_date,grant_id,organization_id,home_wiki
P-1,Windhoek women's edit-a-thon,edit_a_thon,gender_gap,NA,2023-10-07,2023-10-08,G-2,ORG-1,en.wikipedia
P-2,Nairobi photo walk,photo_contest,culture_heritage,KE,2023-09-01,2023-09-30,G-1,,commons.wikimedia
P-3,Teacher training,training,education,BR,2024-01-15,,,,pt.wikipedia
"""  # noqa: E501
)

PARTICIPATION_HEADER, PARTICIPATION_ROWS = _table(
    """
program_id,username,role,registered_at,edits,bytes_added,articles_created,articles_edited,uploads,gender
P-1,Bongani_Dlamini,organizer,2015-03-02,40,12000,2,10,0,man
P-1,Dilnoza Karimova,participant,2023-10-07,25,5400,1,6,0,woman
P-1,Emeka_Okafor,participant,2023-09-20,8,900,0,3,0,
P-2,Dilnoza Karimova,participant,2023-10-07,0,0,0,0,14,woman
P-2,Carla_Mendes,organizer,2019-06-11,5,300,0,2,3,prefer_not_to_say
"""  # noqa: E501
)

# Every username of the fixtures, as written in the files.
USERNAMES = (
    "Alice_Lindqvist",
    "Bongani_Dlamini",
    "Carla_Mendes",
    "Dilnoza Karimova",
    "Emeka_Okafor",
)


def write_text(folder: Path, name: str, text: str) -> Path:
    """`text` as the file `name` in `folder` (UTF-8), for a load to read."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    delimiter: str = ",",
    bom: bool = False,
    newline: str = "\n",
    encoding: str = "utf-8",
) -> Path:
    """Write a delimited text file as a user or a spreadsheet would; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        if bom:
            f.write("\ufeff")
        writer = csv.writer(f, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(
    db: Path, sql: str, params: Sequence[object] | Mapping[str, object] | None = None
) -> list[tuple]:
    """Rows of one query against the warehouse, opened read-only and closed again."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: two equal snapshots mean an unchanged warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by all"
        ).fetchall()
        return {t: con.execute(f"select * from {t} order by all").fetchall() for (t,) in tables}
    finally:
        con.close()


def row_counts(db: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in snapshot(db).items()}


def core_rows(db: Path, table: str) -> list[tuple]:
    """A core table's rows without the batch that loaded them, sorted."""
    columns = [name for (name,) in query(db, f"select column_name from (describe {table})")]
    shown = ", ".join(c for c in columns if c != "batch_id")
    return query(db, f"select {shown} from {table} order by all")


def rejects_of(db: Path, file_name: str) -> list[tuple]:
    """(row_number, column_name, value, reason, severity) recorded for one file, sorted."""
    return query(
        db,
        "select row_number, column_name, value, reason, severity from meta.rejects "
        "where file_name = ? order by all",
        [file_name],
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder for input files, apart from the warehouse."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where the test's warehouse lives (not created yet)."""
    return tmp_path / "warehouse" / "warehouse.duckdb"


@pytest.fixture
def grants_csv(inputs: Path) -> Path:
    return write_csv(inputs / "grants.csv", GRANTS_HEADER, GRANTS_ROWS)


@pytest.fixture
def programs_csv(inputs: Path) -> Path:
    return write_csv(inputs / "programs.csv", PROGRAMS_HEADER, PROGRAMS_ROWS)


@pytest.fixture
def participation_csv(inputs: Path) -> Path:
    return write_csv(inputs / "participation.csv", PARTICIPATION_HEADER, PARTICIPATION_ROWS)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse, built once. Copies of it share one person-key salt, so warehouses
    grown from it can be compared row for row."""
    db = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    load([], db, fresh=True)
    return db


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory, empty_template: Path) -> Path:
    """A copy of the empty warehouse holding the valid grants, programs and participation
    files (batches 1, 2 and 3), built once: loading is slow enough that tests copy it."""
    folder = tmp_path_factory.mktemp("loaded")
    files = [
        write_csv(folder / "grants.csv", GRANTS_HEADER, GRANTS_ROWS),
        write_csv(folder / "programs.csv", PROGRAMS_HEADER, PROGRAMS_ROWS),
        write_csv(folder / "participation.csv", PARTICIPATION_HEADER, PARTICIPATION_ROWS),
    ]
    db = folder / "warehouse" / "warehouse.duckdb"
    db.parent.mkdir()
    shutil.copyfile(empty_template, db)
    results = load(files, db)
    assert [(r.path.name, r.batch_id, r.error, r.rows_rejected) for r in results] == [
        ("grants.csv", 1, None, 0),
        ("programs.csv", 2, None, 0),
        ("participation.csv", 3, None, 0),
    ]
    return db


@pytest.fixture
def loaded_db(db: Path, loaded_template: Path) -> Path:
    """This test's own copy of the warehouse holding the valid files."""
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(loaded_template, db)
    return db


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
# The real public files, beside the project as CI has them.
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse, built once as `python -m etl demo` builds it."""
    path = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    results = load(list(DEMO_INPUTS), path, fresh=True)
    assert all(r.error is None for r in results), [r.error for r in results]
    return path


@contextmanager
def serve_app(db: Path, **env: str) -> Iterator[str]:
    """`streamlit run server.py` on the warehouse `db`, with extra environment variables."""
    with serve(db, env=env) as app:
        yield app.url


@pytest.fixture(scope="session")
def app_url(demo_db: Path) -> Iterator[str]:
    """The app on the demo warehouse, for the browser tests."""
    with serve_app(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (its own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_app_page(
    page: str,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    state: dict[str, object] | None = None,
    url: dict[str, object] | None = None,
    k: int = 5,
) -> object:
    """The app opened on the demo warehouse (at `url`, with `state` in session state), then
    `page` (e.g. "views/funding.py"), run through Streamlit's AppTest without an exception."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GROWTH_DB", str(demo_db))
    monkeypatch.setenv("GROWTH_K", str(k))
    app = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    for name, value in (url or {}).items():
        app.query_params[name] = value
    for name, value in (state or {}).items():
        app.session_state[name] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def unfold(app: object) -> object:
    """The page with every folded part opened (ui.charts.section), as a reader's clicks on
    their titles open them: a folded part is built and sent only once opened."""
    from ui.charts import SECTION

    folded = [
        key for key in app.session_state if key.endswith(SECTION) and not app.session_state[key]
    ]
    for key in folded:
        app.session_state[key] = True
    if folded:
        app.run()
        assert not app.exception, [e.message for e in app.exception]
    return app


def tables(app: object) -> list:
    """The tables of the page as a reader sees them after opening every folded part and
    clicking every chart block's "Table" tab: ui.charts sends a part, and a block's table, only
    while it is open, so they are opened and the page rerun (as the clicks do) before the
    tables are read."""
    from ui.charts import TABS

    unfold(app)

    closed = [
        key for key in app.session_state if key.endswith(TABS) and app.session_state[key] != "Table"
    ]
    for key in closed:
        app.session_state[key] = "Table"
    if closed:
        app.run()
        assert not app.exception, [e.message for e in app.exception]
    return list(app.dataframe)
