"""The static report in headless Chromium with the network blocked: it asks no other host for
anything, every chart draws, and it prints to PDF with a page per section."""

from __future__ import annotations

import pytest

from report import html
from tests.test_report_writers import tiny_report

pytestmark = pytest.mark.browser


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


def test_the_report_draws_every_chart_offline_and_asks_no_other_host(browser, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(html.render(tiny_report()), encoding="utf-8")
    page, asked = open_offline(browser, path)
    assert page.locator(".js-plotly-plot").count() == 1
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot .main-svg .bars .point").count() == 3  # one per region
    assert asked == []
    page.close()
