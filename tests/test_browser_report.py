"""The static report of the demo warehouse in headless Chromium with the network blocked: it
asks no other host for anything, every chart draws, and it prints to PDF with each section
starting a page. Screenshots and the PDF are kept in test-artifacts/report for a person."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from report import publish

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "report"


@pytest.fixture(scope="module")
def demo_report(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    outputs = publish.build(demo_db, k=5)
    publish.write(outputs, out)
    return out / "report.html", outputs.report


def open_offline(browser, path):
    """The file opened with every request but the file itself refused; returns (page, asked)."""
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    asked: list[str] = []

    def refuse_others(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    page.route("**/*", refuse_others)
    page.goto(path.as_uri())
    page.wait_for_load_state("networkidle")
    return page, asked


def test_the_report_draws_every_chart_offline_and_asks_no_other_host(browser, demo_report):
    path, report = demo_report
    started = time.monotonic()
    page, asked = open_offline(browser, path)
    figures = sum(1 for s in report.sections for b in s.blocks if b.figure is not None)
    assert figures >= 6
    plots = page.locator(".js-plotly-plot")
    assert plots.count() == figures
    for i in range(figures):
        plots.nth(i).locator(".main-svg").first.wait_for(timeout=30_000)
    print(f"report {path.stat().st_size / 1e6:.1f} MB drawn in {time.monotonic() - started:.2f} s")
    assert asked == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()


def test_the_report_prints_with_a_page_break_before_each_section(browser, demo_report):
    path, report = demo_report
    page, _ = open_offline(browser, path)
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    # a page at least for the header, each section and the methodology
    assert pages >= len(report.sections) + 2
    breaks = page.evaluate(
        "[...document.querySelectorAll('section.report-section')]"
        ".map(s => getComputedStyle(s).breakBefore)"
    )
    assert breaks == ["page"] * (len(report.sections) + 1)
    page.close()
