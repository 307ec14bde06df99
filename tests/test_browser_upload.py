"""Loading files from the Data page in the real app: refused without the token, a bad file
shows the command line's one-line error and changes nothing, a good file loads and Overview's
numbers change. The app runs on its own copy of the demo warehouse, since these tests change it."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import settle
from tests.conftest import file_sha256, serve_app

pytestmark = pytest.mark.browser

TOKEN = "correct horse battery staple"
# One large grant decided in every recent fiscal year, so the headline year changes whatever
# year Overview picks.
GOOD = "grant_id,title,fund,status,country,amount_awarded_usd,decision_date\n" + "".join(
    f"G-UPLOAD-{year},Upload test,general_support,funded,BR,9000000,{year}-03-15\n"
    for year in range(2021, 2027)
)
BAD = "colour,flavour\nred,sweet\n"


@pytest.fixture(scope="module")
def upload_app(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("upload") / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    with serve_app(db, GROWTH_UPLOAD_TOKEN=TOKEN) as url:
        yield url, db


def open_data_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{url}/data")
    page.get_by_text("Load files").first.wait_for(timeout=60_000)
    settle(page)
    return page


def give_token(page, token: str) -> None:
    page.get_by_label("Upload token").fill(token)
    page.get_by_label("Upload token").press("Enter")
    settle(page)


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.get_by_text("Detected as").first.wait_for(timeout=30_000)
    settle(page)


def overview_metrics(browser, url) -> list[str]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=60_000)
    settle(page)
    texts = page.locator("[data-testid='stMetric']").all_inner_texts()
    page.close()
    return texts


def test_an_upload_without_the_right_token_is_refused(upload_app, browser):
    url, _ = upload_app
    page = open_data_page(browser, url)
    assert page.get_by_text("Type the upload token to load files.").count() == 1
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    give_token(page, "guess")
    assert page.get_by_text("Refused: that is not the upload token").count() == 1
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.close()


def test_a_bad_file_shows_its_one_line_error_and_changes_nothing(upload_app, browser, tmp_path):
    url, db = upload_app
    before = file_sha256(db)
    page = open_data_page(browser, url)
    give_token(page, TOKEN)
    upload(page, tmp_path, "mystery.csv", BAD)
    expected = "mystery.csv, row 1: unrecognised kind of file"
    preview = page.locator("[data-testid='stText']").first.inner_text()
    assert preview.startswith(expected)  # before loading
    page.get_by_role("button", name="Load", exact=True).click()
    page.get_by_text("1 of 1 files failed and changed nothing.").wait_for(timeout=60_000)
    assert expected in page.locator("[data-testid='stText']").first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    assert file_sha256(db) == before
    page.close()


def test_a_good_file_loads_and_the_numbers_on_overview_change(upload_app, browser, tmp_path):
    url, _ = upload_app
    before = overview_metrics(browser, url)
    page = open_data_page(browser, url)
    give_token(page, TOKEN)
    upload(page, tmp_path, "grants_upload.csv", GOOD)
    assert (
        "grants_upload.csv: grants (grants 6 rows)"
        in page.locator("[data-testid='stText']").first.inner_text()
    )
    page.get_by_role("button", name="Load", exact=True).click()
    page.get_by_text("Loaded 1 files.").wait_for(timeout=120_000)
    assert (
        "loaded  grants_upload.csv as grants"
        in page.locator("[data-testid='stText']").first.inner_text()
    )
    page.close()
    assert overview_metrics(browser, url) != before
