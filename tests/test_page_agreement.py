"""Every people count a page shows agrees with the files `python -m etl publish` writes for the
same scope (SPEC §6: the same cell has the same value, or is hidden, wherever it is shown). The
pages are asked for their views as the app asks (ui/page_views.py, decided within the publish
runs as ui/data.view decides them); the published files are read back from the CLI's output.
Cells are matched by what they count (tests/test_privacy_attack.py names them the same way), so
a count shown on a page and blank in a file, or two different values, fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import queries
from etl.publish import DICTIONARY, requests
from etl.reference import REGIONS
from queries import people
from queries.suppression import cell_keys
from tests.test_privacy_attack import page_frames
from ui import page_views

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = "hidden"
K = 5
DEFAULT = {"fiscal_years": [], "regions": [], "funds": [], "themes": []}
SSA = {**DEFAULT, "regions": ["SSA"]}
ALL_REGIONS = {**DEFAULT, "regions": list(REGIONS)}
SCOPES = {"default": DEFAULT, "SSA": SSA}
# (page, scope) → (requests, the page at its defaults)
PAGES = {
    ("Pathways", "default"): (page_views.pathways(), page_views.pathways()),
    ("Pathways", "SSA"): (page_views.pathways(regions=["SSA"]), page_views.pathways()),
    ("Overview", "default"): (
        page_views.overview(DEFAULT, ["FY2023-24", "FY2024-25"]),
        page_views.overview(DEFAULT),
    ),
    ("Overview", "SSA"): (
        page_views.overview(SSA, ["FY2023-24", "FY2024-25"], ["SSA"]),
        page_views.overview(DEFAULT),
    ),
    ("Regions", "default"): (
        page_views.regions(ALL_REGIONS, "FY2024-25"),
        page_views.regions(ALL_REGIONS, "FY2024-25"),
    ),
    ("Regions", "SSA"): (
        page_views.regions(SSA, "FY2024-25"),
        page_views.regions(ALL_REGIONS, "FY2024-25"),
    ),
    ("Themes", "default"): (
        page_views.themes(DEFAULT, regions=list(REGIONS)),
        page_views.themes(DEFAULT, regions=list(REGIONS)),
    ),
    ("Themes", "SSA"): (
        page_views.themes(SSA, regions=["SSA"]),
        page_views.themes(DEFAULT, regions=list(REGIONS)),
    ),
}


@pytest.fixture(scope="module")
def con(demo_db):
    connection = queries.connect(demo_db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def published(demo_db, tmp_path_factory):
    """The CLI's output folder per scope, each written once."""
    folders = {}
    for name, scope in SCOPES.items():
        out = tmp_path_factory.mktemp(f"published_{name}")
        command = [sys.executable, "-m", "etl", "publish", "--out", str(out), "--db", str(demo_db)]
        if scope["regions"]:
            command += ["--regions", *scope["regions"]]
        subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "GROWTH_K": str(K)},
            check=True,
            capture_output=True,
        )
        folders[name] = out
    return folders


def published_cells(con, folder: Path, scope: dict) -> dict:
    """{cell: value or HIDDEN} of every people count in the published CSVs. Each file's rows are
    those of its query for the scope (less the rows of its fixed columns), in order, so the
    cells each row holds are named from the query's own rows."""
    asked = requests({name: scope[name] for name in page_views.SCOPE})
    cells = {}
    for file in DICTIONARY:
        name, params = asked[file.name]
        spec = people.SHOWS.get(name)
        if spec is None:
            continue
        rows = queries._raw(con, name, params, K)
        for column, value in file.fixed.items():
            if column == "region" and value == "ALL" and len(scope["regions"]) == 1:
                value = scope["regions"][0]  # a one-region run publishes that region's rows
            rows = rows[rows[column] == value]
        text = pd.read_csv(folder / file.name, dtype=str, keep_default_na=False)
        assert len(text) == len(rows), file.name
        for column in spec.counts:
            if column not in text.columns:
                continue
            flags = text[f"{column}_suppressed"].str.lower() == "true"
            for key, value, hidden in zip(
                cell_keys(rows, spec, column), text[column], flags, strict=True
            ):
                assert hidden == (value == ""), (file.name, column, key)
                cells[key] = HIDDEN if hidden else int(float(value))
    return cells


def page_cells(con, requests_, widest, scope) -> dict:
    frames = page_frames(con, requests_, K, widest, scope)
    cells = {}
    for label, (name, _) in requests_.items():
        spec = people.SHOWS.get(name)
        if spec is None:
            continue
        frame = frames[label]
        for column in spec.counts:
            for key, value, hidden in zip(
                cell_keys(frame, spec, column),
                frame[column],
                frame[f"{column}_suppressed"],
                strict=True,
            ):
                if hidden:
                    cells[key] = HIDDEN
                elif not pd.isna(value):
                    cells[key] = int(value)
    return cells


@pytest.mark.parametrize(("page", "scope"), list(PAGES))
def test_every_count_a_page_shows_agrees_with_the_published_files_of_its_scope(
    con, published, page, scope
):
    requests_, widest = PAGES[(page, scope)]
    on_page = page_cells(con, requests_, widest, SCOPES[scope])
    in_files = published_cells(con, published[scope], SCOPES[scope])
    shared = sorted(set(on_page) & set(in_files), key=str)
    assert len(shared) >= 20, (page, scope, len(shared))  # the page and the files overlap
    differ = [(key, on_page[key], in_files[key]) for key in shared if on_page[key] != in_files[key]]
    assert differ == []
