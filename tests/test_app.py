"""The app on the demo warehouse (Streamlit AppTest): the Data page shows what is loaded, and an
app without a warehouse says how to build one."""

import os
import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def test_data_page_shows_row_counts_and_the_load_history(demo_db, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(demo_db))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.switch_page("views/data.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["Grants"].replace(",", "")) > 2500
    assert int(metrics["Participation rows"].replace(",", "")) > 30000
    assert metrics["Loads"] == "8"  # the 7 demo files and the reference note
    history = [t.value for t in app.dataframe if "rows_loaded" in t.value.columns][0]
    assert sorted(history["kind"]) == sorted(
        [
            "organizations",
            "grants",
            "programs",
            "participation",
            "roles",
            "budgets",
            "active_editors",
            "annotations",
        ]
    )


def test_app_without_a_warehouse_explains_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTH_DB", str(tmp_path / "missing.duckdb"))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert "python -m etl demo" in app.info[0].value


def test_the_app_collects_cycles_every_ten_thousand_new_containers_not_every_700(
    tmp_path, monkeypatch
):
    # a cold narrowed page at 10M built ~200k containers: at Python's 700 that was ~290 young
    # and 1-2 full collections per page (app.py); the older generations keep their 10 and 10
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        monkeypatch.setenv("GROWTH_DB", str(tmp_path / "missing.duckdb"))
        AppTest.from_file(str(APP), default_timeout=60).run()
        assert gc.get_threshold() == (10_000, 10, 10)
    finally:
        gc.set_threshold(*before)


# Every page run in a fresh process after the server's start-up (server.py), narrowed to one
# region (the audit's linear programs, the maps), listing the modules of these libraries it
# still had to import.
AFTER_STARTUP = """
import logging, os, sys
from streamlit.testing.v1 import AppTest
from ui import startup
logging.getLogger("streamlit").setLevel(logging.ERROR)
startup.warm()
before = set(sys.modules)
app = AppTest.from_file(sys.argv[1], default_timeout=120)
app.query_params["region"] = "SSA"
app.run()
for page in ("overview", "regions", "themes", "funding", "pathways", "learnings", "data"):
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, (page, app.exception)
    assert page in ("learnings", "data") or app.get("plotly_chart"), f"{page} drew no chart"
heavy = ("pandas", "numpy", "pyarrow", "duckdb", "plotly", "scipy")
print(sorted(m for m in set(sys.modules) - before if m.split(".")[0] in heavy))
"""


def test_after_the_servers_start_up_no_page_imports_a_heavy_library(demo_db):
    """What the first visitor of a fresh server would otherwise wait for (ui/startup.py)."""
    result = subprocess.run(
        [sys.executable, "-c", AFTER_STARTUP, str(APP)],
        cwd=APP.parent,
        env={**os.environ, "GROWTH_DB": str(demo_db)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
