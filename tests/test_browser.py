"""The real app in headless Chromium: every page renders in light and dark (screenshots kept in
test-artifacts/screenshots for a person to look at) with no request leaving the machine, icons
and fonts included, and no legend over an axis label; a chart block's table arrives when its
Table tab is clicked; filters, the cross-filter focus, drill-down picks and page toggles live in
the URL (reload, back and forward show the views they name); downloads hold numbers with units
in the headers, as CSV and Excel with the same content, named for the filters and the focus;
and text from hostile input files is shown as text, never run as markdown, HTML or a formula."""

from __future__ import annotations

import csv
import io
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from etl.load import load
from tests.browser import click_until, settle
from tests.conftest import SAMPLE, serve_app

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


def offline_page(browser, **options):
    """A page whose requests to any host but the app's own are refused and recorded."""
    page = browser.new_page(**options)
    page.outside = []

    def refuse(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", refuse)
    return page


# Every axis label and legend entry on screen, per chart, and the pairs of them that overlap:
# plotly places a legend in the plot's own height, so labels a narrow column turns upright
# can end up under it.
COVERED_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const legend = plot.querySelector('.legend');
    if (!legend) return [];
    const box = legend.getBoundingClientRect();
    return [...plot.querySelectorAll('.xtick text, .ytick text')]
        .map(label => [label.textContent, label.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && r.left < box.right && box.left < r.right
            && r.top < box.bottom && box.top < r.bottom)
        .map(([text]) => text);
})"""


# Every pair of text labels drawn over a chart (line-end labels, facet titles, notes, text on
# marks) whose letters would touch: a label's box holds some 4 px of line spacing above and
# below them, so boxes may overlap by that much (a note's marker sits 3 px into a facet title's).
OVERLAPPING_ANNOTATIONS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .flatMap(plot => {
    const boxes = [...plot.querySelectorAll('.annotation-text, .textpoint text')]
        .map(label => [label.textContent, label.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0);
    return boxes.flatMap(([a, r], i) => boxes.slice(i + 1)
        .filter(([, q]) => r.left < q.right && q.left < r.right
            && r.top < q.bottom - 4 && q.top < r.bottom - 4)
        .map(([b]) => [a, b]));
})"""


def streamlit_probes(app_url: str, path: str) -> set[str]:
    """What Streamlit's frontend asks for, and is refused, on a page opened by its own URL: it
    first tries the page's path as the server's base path (`/regions/_stcore/health`), gets a
    404, and connects through the root 100 ms later (streamlit/streamlit#7074). The app has
    nothing at those URLs to give, so they are the only 404s a page may show."""
    if not path:
        return set()
    return {f"{app_url}/{path}/_stcore/health", f"{app_url}/{path}/_stcore/host-config"}


# The pages whose charts carry legends beside axis labels.
LEGEND_PAGES = {"", "regions", "themes", "funding"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "marker", "charts"), PAGES)
def test_every_page_renders_without_an_error(app_url, browser, scheme, path, marker, charts):
    page = offline_page(browser, color_scheme=scheme, viewport={"width": 1400, "height": 1000})
    refused, console = [], []
    page.on("response", lambda r: refused.append(r.url) if r.status >= 400 else None)
    page.on("console", lambda m: console.append(m) if m.type == "error" else None)
    started = time.monotonic()
    page.goto(f"{app_url}/{path}")
    page.get_by_text(marker).first.wait_for(timeout=60_000)
    if charts:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    rendered = time.monotonic() - started
    settle(page, 3000 if charts else 1500)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stSidebarNav']").count() == 1
    # no request leaves the machine: icons, fonts and scripts come from the app's own server
    assert page.outside == []
    assert page.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"')")
    icon = page.locator("[data-testid='stSidebarNav'] [data-testid='stIconMaterial']").first
    assert icon.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Material Symbols')
    favicon = page.locator("link[rel~='icon']").first.get_attribute("href")
    assert favicon is not None
    assert favicon.startswith(app_url) or not favicon.startswith(("http:", "https:", "//"))
    # no legend covers an axis label
    if path in LEGEND_PAGES:
        assert page.locator(".js-plotly-plot .legend").count() >= 2
    assert page.evaluate(COVERED_LABELS) == []
    # no label over a chart sits on another (Regions' line ends once stacked five regions)
    assert page.evaluate(OVERLAPPING_ANNOTATIONS) == []
    # a page with charts fetches plotly's chunk before it first asks the server anything, as
    # the page's head names it (ui/preload.py); a page without charts never fetches it
    requests = page.evaluate(
        """() => performance.getEntriesByType("resource").map((r) => [r.name, r.startTime])"""
    )
    plotly = [t for name, t in requests if "/static/js/PlotlyChart." in name]
    asked = [t for name, t in requests if "/_stcore/" in name]
    assert len(plotly) == (1 if charts else 0)
    assert not charts or plotly[0] < min(asked)
    # nothing of the app's is missing: the only refusals, and the only console errors, are
    # Streamlit's own probe for a base path
    assert set(refused) <= streamlit_probes(app_url, path)
    assert {m.location["url"] for m in console} <= streamlit_probes(app_url, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # the page scrolls inside Streamlit's own container: a tall window shows all of it
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1400, "height": min(max(height, 1000), 16000)})
    settle(page)
    page.screenshot(path=str(SHOTS / f"{path or 'overview'}-{scheme}.png"), full_page=True)
    print(f"{path or 'overview'} ({scheme}) first render {rendered:.2f} s")
    page.close()


# Kept in window.__chartsAtFirst: how many chart elements the page holds when its first chart's
# svg appears.
CHARTS_AT_FIRST_DRAWN = """() => {
    window.__chartsAtFirst = null;
    const watcher = new MutationObserver(() => {
        if (document.querySelector('.js-plotly-plot .main-svg')) {
            watcher.disconnect();
            window.__chartsAtFirst = document.querySelectorAll("[data-testid='stPlotlyChart']")
                .length;
        }
    });
    watcher.observe(document, { childList: true, subtree: true });
}"""


def test_a_fresh_visit_draws_its_first_chart_alone_then_every_chart(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(f"({CHARTS_AT_FIRST_DRAWN})();")
    page.goto(app_url)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    # Overview's region bar is sent alone; its map and two trends once it is on screen
    assert page.evaluate("window.__chartsAtFirst") == 1
    page.locator(".js-plotly-plot").nth(3).locator(".main-svg").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator(".js-plotly-plot").count() == 4
    assert page.locator("[data-testid='stException']").count() == 0
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
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)
    page.close()


def test_a_table_tab_shows_its_table_once_clicked_and_keeps_it_until_chart_is_clicked(
    app_url, browser
):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/pathways")
    page.get_by_text("Leadership rotation").first.wait_for(timeout=60_000)  # the last part
    settle(page)
    grid = page.locator("[data-testid='stDataFrame']")
    assert grid.count() == 0  # no chart block sends its table before it is asked for
    funnel = page.locator("[data-testid='stTabs']").first
    funnel.get_by_role("tab", name="Table").click()
    funnel.locator("[data-testid='stDataFrame']").wait_for(timeout=60_000)
    settle(page)
    assert grid.count() == 1  # that block's table only
    funnel.get_by_role("tab", name="Chart").click()
    settle(page)
    assert grid.count() == 0
    page.close()


# ---- downloads ------------------------------------------------------------------------------


def download(where, button: str, index: int = 0):
    """The download the `index`-th button named `button` gives, within a page or a part of one."""
    page = getattr(where, "page", where)
    with page.expect_download(timeout=30_000) as started:
        where.get_by_role("button", name=button).nth(index).click()
    return started.value


def fold(page, title: str):
    """The folded part of a page (ui.charts.section) whose title holds `title`: its buttons, not
    the page's last ones, since a part drawn later elsewhere on the page would move those."""
    return page.locator("[data-testid='stExpander']").filter(has_text=title)


def test_downloads_hold_numbers_with_units_as_csv_and_excel_alike(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/?fy=FY2023-24")
    page.get_by_text("Trends by fiscal year").wait_for(timeout=60_000)
    settle(page)
    as_csv, as_xlsx = download(page, "Download CSV"), download(page, "Download Excel")
    assert as_csv.suggested_filename == "awarded_by_region__FY2023-24.csv"
    assert as_xlsx.suggested_filename == "awarded_by_region__FY2023-24.xlsx"
    table = pd.read_csv(as_csv.path(), encoding="utf-8-sig")
    sheet = pd.read_excel(as_xlsx.path())
    assert list(table.columns) == [
        "Region",
        "Region name",
        "Awarded USD",
        "Grants funded",
        "Share of awarded USD (%)",
    ]
    assert list(sheet.columns) == list(table.columns)
    # numbers, not "$158,246"; shares in percent that add up to 100
    assert pd.api.types.is_float_dtype(table["Awarded USD"])
    assert table["Share of awarded USD (%)"].sum() == pytest.approx(100, abs=0.1)
    pd.testing.assert_frame_equal(table, sheet, check_dtype=False)
    page.close()


def test_a_download_names_the_focus_it_holds(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/funding?fy=FY2024-25&focus=SSA")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_text("Focused on SSA").count() == 1
    # the grant list is folded until its title is clicked (ui.charts.section)
    page.get_by_text("Every grant of the selection").click()
    page.get_by_text("The order holds across pages").wait_for(timeout=60_000)
    settle(page)
    grants = download(fold(page, "Every grant of the selection"), "Download CSV")
    assert grants.suggested_filename == "grant_list__FY2024-25_SSA.csv"
    rows = pd.read_csv(grants.path(), encoding="utf-8-sig")
    assert set(rows["Region"]) == {"SSA"}
    page.close()


# ---- the URL is the whole state ----------------------------------------------------------------


def test_a_click_focus_goes_into_the_url_and_back_returns_to_the_view_before(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{app_url}/funding")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("link", name="Overview").click()
    page.get_by_text("Trends by fiscal year").wait_for(timeout=60_000)
    settle(page)
    largest = page.locator(".js-plotly-plot").first.locator(".bars path").first  # NWE
    click_until(page, largest, "Focused on Northern & Western Europe")
    page.wait_for_url("**focus=NWE**", timeout=30_000)
    settle(page)
    page.reload()
    page.get_by_text("Focused on Northern & Western Europe").wait_for(timeout=60_000)
    settle(page)
    # back leads to a view before the click, which the URL names in full: no focus
    page.go_back()
    page.wait_for_url(lambda url: "focus" not in url, timeout=30_000)
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)
    # the rerun back may start after a settle on a loaded machine: wait for the focus to go
    page.get_by_text("Focused on").first.wait_for(state="detached", timeout=30_000)
    settle(page)
    assert page.get_by_text("Focused on").count() == 0
    page.close()


def test_a_filter_the_url_leaves_out_returns_to_its_default_on_back(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/funding")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("link", name="Overview").click()
    page.get_by_text("Trends by fiscal year").wait_for(timeout=60_000)
    settle(page)
    regions = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1)
    regions.click()
    page.keyboard.type("SSA")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url("**region=SSA**", timeout=30_000)
    settle(page)
    page.go_back()
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    assert page.url.endswith("/funding")
    assert "SSA" not in regions.inner_text()
    page.go_forward()
    page.get_by_text("Trends by fiscal year").wait_for(timeout=60_000)
    settle(page)
    assert "SSA" in regions.inner_text()
    page.close()


def test_drill_down_picks_and_page_toggles_are_in_the_url(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/regions?region=SSA&regions-measure=Organizers")
    page.get_by_text("Drill down").first.wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_text("Organizers by fiscal year").count() == 1
    country = page.locator("[data-testid='stSelectbox']").filter(has_text="Country")
    country.locator("input").first.click()
    page.keyboard.type("Ghana")
    page.keyboard.press("Enter")
    page.wait_for_url("**drill-country=Ghana**", timeout=30_000)
    settle(page)
    page.reload()
    page.get_by_text("Drill down").first.wait_for(timeout=60_000)
    settle(page)
    assert country.locator("input").first.input_value().startswith("Ghana")
    assert page.get_by_text("Organizers by fiscal year").count() == 1
    page.close()


# ---- hostile input ------------------------------------------------------------------------------

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    """The app on the demo inputs rewritten as a hostile contributor would: grant ids and
    organization names as markdown links and HTML, titles as spreadsheet formulas, and one grant
    row a load rejects with a formula as the rejected value."""
    folder = tmp_path_factory.mktemp("hostile")
    inputs = folder / "inputs"
    shutil.copytree(SAMPLE, inputs)
    grants = pd.read_csv(inputs / "grants.csv", dtype=str, keep_default_na=False)
    programs = pd.read_csv(inputs / "programs.csv", dtype=str, keep_default_na=False)
    organizations = pd.read_csv(inputs / "organizations.csv", dtype=str, keep_default_na=False)
    ids = {g: f"[{g}]({EVIL})" for g in grants["grant_id"]}
    grants["grant_id"] = grants["grant_id"].map(ids)
    programs["grant_id"] = programs["grant_id"].map(lambda g: ids.get(g, g))
    grants["title"] = f'=HYPERLINK("{EVIL}","x") ' + grants["title"]
    named = organizations.set_index("organization_id")["name"]
    hostile = {o: f"<b>[{n}]({EVIL})</b>" for o, n in named.items()}
    organizations["name"] = organizations["organization_id"].map(hostile)
    grants["organization_name"] = grants["organization_id"].map(lambda o: hostile.get(o, ""))
    programs["title"] = "+cmd|' /C calc'!A0 " + programs["title"]
    bad = grants.iloc[0].copy()
    bad["grant_id"], bad["country"] = "G-BAD", "@SUM(1+1)"
    grants = pd.concat([grants, bad.to_frame().T])
    for name, frame in (
        ("grants", grants),
        ("programs", programs),
        ("organizations", organizations),
    ):
        frame.to_csv(inputs / f"{name}.csv", index=False)
    db = folder / "warehouse.duckdb"
    load([inputs], db, fresh=True)
    with serve_app(db) as url:
        yield url


def assert_inert(frame: pd.DataFrame) -> None:
    """No cell of a download starts as a formula would."""
    for value in frame.fillna("").astype(str).to_numpy().ravel():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def read_download(item) -> pd.DataFrame:
    """A downloaded CSV or Excel file, every cell as text."""
    data = Path(item.path()).read_bytes()
    if item.suggested_filename.endswith(".xlsx"):
        return pd.read_excel(io.BytesIO(data), dtype=str)
    return pd.read_csv(io.BytesIO(data), dtype=str, encoding="utf-8-sig")


def test_hostile_text_shows_as_text_and_every_drill_down_download_is_inert(hostile_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{hostile_url}/regions?region=CEECA")
    page.get_by_text("Drill down").first.wait_for(timeout=60_000)
    settle(page)
    # the grantee's grants and the grant's programs are folded until a pick or a click
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Grants to").click()
    page.locator("h3").filter(has_text="What the programs of").wait_for(timeout=60_000)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    main = page.locator("[data-testid='stMain']")
    assert main.locator(f"a[href^='{EVIL}']").count() == 0
    assert main.locator("h3 b").count() == 0
    assert main.get_by_text("](http:").count() > 0  # the markdown shows as its characters
    # the fold's two blocks: the grantee's grants and what the grant's programs produced
    results = fold(page, "Grants to")
    for button in ("Download CSV", "Download Excel"):
        assert results.get_by_role("button", name=button).count() == 2
        for index, stem in enumerate(("grants_of_grantee__", "programs_of_grant__")):
            item = download(results, button, index)
            assert item.failure() is None
            assert item.suggested_filename.startswith(stem)
            table = read_download(item)
            assert len(table) > 0
            assert_inert(table)
            texts = table.fillna("").astype(str).to_numpy().ravel()
            assert any(v.startswith("'=HYPERLINK") or v.startswith("'+cmd") for v in texts)
    page.close()


def test_hostile_grant_and_reject_downloads_are_inert(hostile_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{hostile_url}/funding?fy=FY2024-25")
    page.get_by_text("Every grant of the selection").wait_for(timeout=60_000)
    settle(page)
    page.get_by_text("Every grant of the selection").click()  # folded until opened
    page.get_by_text("The order holds across pages").wait_for(timeout=60_000)
    settle(page)
    item = download(fold(page, "Every grant of the selection"), "Download Excel")
    assert item.suggested_filename.startswith("grant_list__")
    grants = read_download(item)
    assert grants["Title"].dropna().str.startswith("'=HYPERLINK").all()
    assert_inert(grants)
    page.goto(f"{hostile_url}/data")
    page.get_by_text("Rejected and flagged rows").wait_for(timeout=60_000)
    settle(page)
    values = set()
    for button in ("Download CSV", "Download Excel"):
        for index in range(page.get_by_role("button", name=button).count()):
            table = read_download(download(page, button, index))
            assert_inert(table)
            values |= set(table.fillna("").astype(str).to_numpy().ravel())
    assert "'@SUM(1+1)" in values  # the rejected country, in the rejects download
    page.close()


def test_the_report_builder_makes_each_download_when_it_is_clicked(app_url, browser):
    """The report, its wikitext and the open-data bundle are built on the download's click (the
    page shows only the wikitext on arrival), and are the files `etl publish` writes."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/learnings?region=SSA&fy=FY2023-24")
    page.get_by_text("Publish a report").wait_for(timeout=60_000)
    settle(page)
    report = download(page, "Download the report (HTML)")
    assert report.suggested_filename == "report__FY2023-24_SSA.html"
    text = Path(report.path()).read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "regions SSA" in text and "plotly" in text
    wiki = download(page, "Download the wikitext")
    assert "Scope: fiscal years FY2023-24; regions SSA; themes all." in Path(wiki.path()).read_text(
        encoding="utf-8"
    )
    bundle = download(page, "Download the open-data bundle (zip)")
    names = zipfile.ZipFile(io.BytesIO(Path(bundle.path()).read_bytes())).namelist()
    assert any(name.endswith("datapackage.json") for name in names)
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
