"""Maps draw with no internet: the shipped outlines cover the reference's countries, the TopoJSON
tool decodes what world-atlas ships, and in Chromium — which has no internet here — the app's maps
draw their countries without a request leaving the machine (plotly.js would otherwise fetch its
outlines from cdn.plot.ly)."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from etl import world_map
from ui import maps

# Territories Natural Earth draws inside another country or leaves out (SOURCE.txt).
NO_OUTLINE = {"BQ", "BV", "CC", "CX", "GF", "GI", "GP", "MQ", "RE", "SJ", "TK", "TV", "UM", "YT"}


def test_the_topojson_tool_undoes_quantisation_and_stitches_reversed_arcs():
    # a unit square from two arcs, the second walked backwards; quantised on a 0.5° grid
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, ~1]], "id": "516"},
                    {"type": "Polygon", "arcs": [[0, ~1]], "properties": {"name": "Kosovo"}},
                    {"type": "Polygon", "arcs": [[0, ~1]], "id": "999"},
                ],
            }
        },
    }
    shapes = world_map.country_shapes(topology, {"516": "NA"}, decimals=2)
    square = [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert shapes == {"NA": [[square]], "XK": [[square]]}  # M49 516 is Namibia; 999 unknown


def test_the_m49_table_keeps_namibia():
    rows = [{"iso_code": "NA", "un_m49_code": "516"}, {"iso_code": "AF", "un_m49_code": "4"}]
    assert world_map.m49_codes(rows) == {"516": "NA", "004": "AF"}


def test_the_shipped_outlines_cover_every_country_of_the_reference_and_stay_small():
    with open(maps.OUTLINES.parent / "countries.csv", encoding="utf-8", newline="") as f:
        codes = {row["country_code"] for row in csv.DictReader(f)}
    outlined = set(maps.outlines())
    assert outlined <= codes
    assert codes - outlined == NO_OUTLINE
    assert "NA" in outlined  # Namibia, not a missing value
    assert maps.OUTLINES.stat().st_size <= 300_000
    assert json.loads(maps.OUTLINES.read_text())["type"] == "FeatureCollection"


def countries(*rows: tuple[str, str, float | None]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["country", "region", "value"])
    return frame.assign(hover=frame["country"])


def test_a_map_never_asks_plotly_for_its_own_outlines():
    shown = countries(
        ("KE", "SSA", 3.0), ("NA", "SSA", None), ("IN", "SA", 1.0), ("TV", "ESEAP", 2)
    )
    for figure in (
        maps.measure_map(shown, "value", "Value", zoom=True),
        maps.region_map(shown, {"SSA": "#000000"}, zoom=False),
    ):
        first, *choropleths = figure.data
        # plotly.js looks only at the first trace to decide on fetching: it must not locate
        # its points by code
        assert first.type == "scattergeo" and first.locations is None and first.lon
        assert figure.layout.geo.visible is False
        assert {t.type for t in choropleths} == {"choropleth"}
        for trace in choropleths:
            codes = [f["id"] for f in trace.geojson["features"]]
            assert list(trace.locations) == codes  # each trace carries only its outlines
        drawn = {code for t in choropleths for code in t.locations}
        assert drawn == {"KE", "NA", "IN"}  # Tuvalu has no outline: left out


def test_countries_without_a_value_are_drawn_grey_beside_the_scale():
    shown = countries(("KE", "SSA", 3.0), ("NA", "SSA", None))
    _, grey, scale = maps.measure_map(shown, "value", "Value", zoom=True).data
    assert list(grey.locations) == ["NA"] and grey.showscale is False
    assert list(scale.locations) == ["KE"] and list(scale.z) == [3.0]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "done"), [("", "Trends by fiscal year"), ("/regions", "Drill down")]
)
def test_the_app_maps_draw_their_countries_with_no_request_leaving(
    app_url,
    browser,
    path,
    done,
):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    # the app's own page first, so that the server knows its navigation
    page.goto(app_url)
    page.locator("[data-testid='stSidebarNav']").wait_for(timeout=30_000)
    page.goto(f"{app_url}{path}")
    page.get_by_text(done).first.wait_for(timeout=30_000)
    countries_drawn = page.locator("path.choroplethlocation")
    countries_drawn.first.wait_for(timeout=30_000)
    assert countries_drawn.count() > 40
    assert not [url for url in outside if "plot.ly" in url or "topojson" in url]
    assert page.locator("[data-testid='stException']").count() == 0
    page.close()
