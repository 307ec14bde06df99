"""Country maps that draw with no internet access: outlines come from the shipped
data/reference/countries.geojson (see SOURCE.txt there), never from plotly's CDN.

plotly.js fetches its own world outlines (cdn.plot.ly/un/world_110m.json) for a geo subplot when
a base layer is shown or when the subplot's first trace locates its points by code; a choropleth
always does (its locationmode is "geojson-id"). So the base layers stay off (`visible=False`) and
every map starts with one invisible point placed by longitude and latitude, which has no
locationmode: the outlines of the choropleths after it come from the GeoJSON alone.
tests/test_maps.py checks in Chromium that no request leaves and the countries are drawn."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures.common import style
from ui.palette import SEQUENTIAL

OUTLINES = Path(__file__).resolve().parent.parent / "data" / "reference" / "countries.geojson"
# Countries without a value (none, or hidden): drawn so the region keeps its shape, in a grey
# that reads on light and dark backgrounds.
NO_VALUE = "rgba(153, 153, 153, 0.35)"
BORDER = "rgba(128, 128, 128, 0.8)"
WORLD_LATITUDES = (-57, 84)  # the inhabited world, without Antarctica


@cache
def outlines() -> dict[str, dict]:
    """GeoJSON feature per ISO 3166-1 alpha-2 code. Each ring is a numpy array: plotly and
    Streamlit deep-copy a figure's data more than once, and copying an array is one step where
    copying thousands of [lon, lat] lists is most of a page's time."""
    collection = json.loads(OUTLINES.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        geometry = feature["geometry"]
        geometry["coordinates"] = [
            [np.array(ring) for ring in polygon] for polygon in geometry["coordinates"]
        ]
    return {feature["id"]: feature for feature in collection["features"]}


def drawable(codes: Sequence[str]) -> list[str]:
    """The codes that have an outline (tiny territories have none)."""
    shapes = outlines()
    return [code for code in codes if code in shapes]


def region_map(countries: pd.DataFrame, colours: Mapping[str, str], *, zoom: bool) -> go.Figure:
    """Countries coloured by region (`country`, `region`, `hover` columns), one legend entry per
    region; a point's customdata is its region code. `zoom`: fit the map to these countries
    rather than show the world."""
    figure = _base(countries["country"])
    for region, rows in countries.groupby("region", sort=False):
        colour = colours.get(str(region), NO_VALUE)
        figure.add_trace(_choropleth(rows, 1.0, [[0, colour], [1, colour]], str(region)))
    figure.update_traces(selector={"type": "choropleth"}, showlegend=True, showscale=False)
    return _layout(figure, zoom)


def measure_map(countries: pd.DataFrame, column: str, title: str, *, zoom: bool) -> go.Figure:
    """Countries coloured by `column` on the sequential scale; countries without a value (NaN)
    in grey. Needs `country`, `region` and `hover` columns. `zoom` as for region_map."""
    figure = _base(countries["country"])
    missing = countries[column].isna()
    if missing.any():
        rows = countries[missing]
        figure.add_trace(_choropleth(rows, 0.0, [[0, NO_VALUE], [1, NO_VALUE]], "no value"))
        figure.update_traces(selector={"type": "choropleth"}, showscale=False)
    rows = countries[~missing]
    if not rows.empty:
        trace = _choropleth(rows, rows[column].astype(float), SEQUENTIAL, title)
        trace.update(colorbar={"title": {"text": title}, "thickness": 12})
        figure.add_trace(trace)
    return _layout(figure, zoom)


def _base(codes: pd.Series) -> go.Figure:
    """A figure whose first trace is the invisible point that keeps plotly.js from fetching its
    outlines (see the module docstring), placed on a drawn country so the map's bounds hold."""
    figure = go.Figure()
    shown = drawable(codes.astype(str).tolist())
    if shown:
        lon, lat = _first_point(outlines()[shown[0]]["geometry"]["coordinates"])
        figure.add_trace(
            go.Scattergeo(
                lon=[lon],
                lat=[lat],
                mode="markers",
                marker={"size": 1, "opacity": 0},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    return figure


def _first_point(coordinates: list) -> tuple[float, float]:
    lon, lat = coordinates[0][0][0]
    return float(lon), float(lat)


def _choropleth(
    rows: pd.DataFrame, values: pd.Series | float, colours: str | list, name: str
) -> go.Choropleth:
    """One choropleth trace over the rows that have outlines, carrying only their outlines."""
    shapes = outlines()
    kept = rows["country"].astype(str).isin(shapes)
    rows = rows[kept]
    codes = rows["country"].astype(str).tolist()
    z = values[kept].tolist() if isinstance(values, pd.Series) else [values] * len(rows)
    return go.Choropleth(
        geojson={"type": "FeatureCollection", "features": [shapes[code] for code in codes]},
        featureidkey="id",
        locations=codes,
        z=z,
        colorscale=colours,
        name=name,
        customdata=rows[["region"]].to_numpy(),
        text=rows["hover"].tolist(),
        hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": BORDER, "width": 0.5}},
    )


def _layout(figure: go.Figure, zoom: bool) -> go.Figure:
    figure.update_geos(
        visible=False,
        projection_type="natural earth",
        bgcolor="rgba(0,0,0,0)",
    )
    if zoom:
        figure.update_geos(fitbounds="locations")
    else:
        figure.update_geos(lataxis_range=WORLD_LATITUDES)
    style(figure)
    figure.update_layout(height=420, dragmode="pan")
    return figure
