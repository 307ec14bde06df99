"""The real app in headless Chromium: every page renders in light and dark (screenshots kept in
test-artifacts/screenshots for a person to look at), filters survive a reload through the URL,
and a download gives the table as shown."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-artifacts" / "screenshots"

# (url path, text the page shows once it has run, does it draw charts)
PAGES = [
    ("", "Where the money went", True),
    ("regions", "Countries", True),
    ("themes", "Gender Gap", True),
    ("funding", "Every grant of the selection", True),
    ("pathways", "Stage funnel", True),
    ("learnings", "Privacy", False),
    ("data", "Load history", False),
]

pytestmark = pytest.mark.browser


def settle(page) -> None:
    """Wait until Streamlit has finished running the script and charts have drawn."""
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(1500)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "marker", "charts"), PAGES)
def test_every_page_renders_without_an_error(app_url, browser, scheme, path, marker, charts):
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1400, "height": 1000})
    started = time.monotonic()
    page.goto(f"{app_url}/{path}")
    page.get_by_text(marker).first.wait_for(timeout=60_000)
    if charts:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    rendered = time.monotonic() - started
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stSidebarNav']").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path or 'overview'}-{scheme}.png"), full_page=True)
    print(f"{path or 'overview'} ({scheme}) first render {rendered:.2f} s")
    page.close()


def test_a_filter_goes_into_the_url_and_a_reload_gives_the_same_view(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/funding")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    regions = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1)
    regions.click()
    page.keyboard.type("SSA")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url("**region=SSA**", timeout=30_000)
    settle(page)
    before = page.locator("[data-testid='stMetric']").all_inner_texts()
    page.reload()
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    assert "region=SSA" in page.url
    assert "SSA" in regions.inner_text()
    assert page.locator("[data-testid='stMetric']").all_inner_texts() == before
    page.close()


def test_a_bad_url_value_falls_back_to_the_default_without_an_error(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/funding?region=Atlantis&fy=FY1066-67")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Atlantis" not in page.url
    page.close()


def test_a_download_gives_the_table_as_shown_with_the_filters_in_its_name(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/themes?fy=FY2023-24")
    page.get_by_text("Gender Gap").first.wait_for(timeout=60_000)
    settle(page)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download CSV").first.click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("__FY2023-24.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)
    page.close()
