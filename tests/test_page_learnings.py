"""The Learnings page: the counting rules, every published metric with its dictionary definition,
the privacy rules with the k in force and the protected countries, and the data sources."""

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.publish import DICTIONARY

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/learnings.py"


@pytest.fixture
def learnings(demo_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(demo_db))

    def run() -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        return app.switch_page(PAGE).run()

    return run


def text(app: AppTest) -> str:
    """The page's prose, white space collapsed."""
    return " ".join(" ".join(m.value for m in app.markdown).split())


def test_learnings_explains_the_counting_rules_and_the_sources(learnings):
    app = learnings()
    assert not app.exception
    assert [h.value for h in app.main.header] == [
        "Publish a report",
        "Counting rules",
        "Metrics",
        "Privacy",
        "Data sources",
    ]
    assert "1 July - 30 June" in text(app)
    assert "fiscal year of their decision date" in text(app)


def test_every_published_metric_is_defined_as_the_dictionary_says(learnings):
    app = learnings()
    assert [e.label for e in app.expander][: len(DICTIONARY)] == [
        f"{file.description} ({file.name})" for file in DICTIONARY
    ]
    shown = {
        (row["Column"], row["Definition"])
        for table in app.table
        for _, row in table.value.iterrows()
    }
    # Two definitions, by hand from SPEC §5.
    assert ("approval_rate", "grants_funded / grants_decided.") in shown
    assert any(c == "people_reached" and "highest stage" in d for c, d in shown)


def test_privacy_rules_name_the_k_in_force_and_the_protected_countries(
    learnings, demo_db, monkeypatch
):
    monkeypatch.setenv("GROWTH_K", "7")
    app = learnings()
    assert not app.exception
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        (protected,) = con.execute(
            "select count(*) from core.countries where is_protected"
        ).fetchone()
    finally:
        con.close()
    assert "Counts of people from 1 to 6 are hidden (k = 7)." in text(app)
    assert "A hidden count reads 'hidden' in the app" in text(app)
    assert f"The {protected} countries on the protection list" in text(app)
    countries = [t for t in app.dataframe if "name" in t.value.columns][0].value
    assert "Pakistan" in countries["name"].tolist() and len(countries) == protected


def test_the_report_builder_starts_from_the_sidebar_filters(demo_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(demo_db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["region"] = "SSA"
    app.query_params["fy"] = "FY2023-24"
    app.run()
    app = app.switch_page(PAGE).run()
    assert not app.exception
    assert app.multiselect(key="report-regions").value == ["SSA"]
    assert app.multiselect(key="report-fiscal-years").value == ["FY2023-24"]
    assert "Scope: fiscal years FY2023-24; regions SSA; themes all." in app.code[0].value
    assert [b.label for b in app.get("download_button")][:3] == [
        "Download the report (HTML)",
        "Download the wikitext",
        "Download the open-data bundle (zip)",
    ]


def test_the_report_builder_leaves_out_the_sections_not_picked(demo_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(demo_db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app = app.switch_page(PAGE).run()
    app.multiselect(key="report-sections").set_value(["themes"]).run()
    assert not app.exception
    wiki = app.code[0].value
    assert "=== Themes ===" in wiki
    assert "=== Leadership pathways ===" not in wiki
