"""Build data/reference/countries.geojson, the country outlines the app's maps draw without
internet access, from Natural Earth TopoJSON as the `world-atlas` npm package ships it:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m etl.world_map package/countries-110m.json package/countries-50m.json \\
        --m49 country_countries.tsv

The 1:110m file gives the outlines; the 1:50m file adds the countries too small for it
(Singapore, Malta, Samoa…). TopoJSON ids are ISO 3166-1 numeric (UN M49) codes; the WMF
countries table (`country_countries.tsv`, columns iso_code and un_m49_code) maps them to the
alpha-2 codes the warehouse uses. Coordinates are rounded to 0.01° to keep the file small."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from etl.warehouse import ROOT

OUT = ROOT / "data" / "reference" / "countries.geojson"

# Features without a usable numeric id, by their Natural Earth name: Kosovo has its own
# user-assigned code; the breakaway areas are drawn as part of the country the ISO list knows.
NAMED: dict[str, str] = {"Kosovo": "XK", "Somaliland": "SO", "N. Cyprus": "CY", "Taiwan": "TW"}

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """The topology's arcs as absolute longitude/latitude points (undoing delta encoding and
    quantisation when the topology has a transform)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_indexes: Sequence[int], arcs: list[list[Point]]) -> Ring:
    """One closed ring stitched from arcs; a negative index ~i is arc i reversed. Consecutive
    arcs share their joining point, so it is kept once."""
    points: Ring = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def rounded(points: Ring, decimals: int) -> Ring:
    """The ring with coordinates rounded and the repeats that rounding makes dropped."""
    kept: Ring = []
    for x, y in points:
        point = (round(x, decimals), round(y, decimals))
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept


def polygons(geometry: dict, arcs: list[list[Point]], decimals: int) -> list[list[Ring]]:
    """The geometry as a list of polygons (each a list of rings), rings too small to draw at
    this precision dropped."""
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    shapes = []
    for part in parts:
        rings = [rounded(ring(r, arcs), decimals) for r in part]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            shapes.append(rings)
    return shapes


def country_shapes(
    topology: dict, alpha2_of: dict[str, str], decimals: int
) -> dict[str, list[list[Ring]]]:
    """Polygons per alpha-2 code of one topology's `countries` object."""
    arcs = decode_arcs(topology)
    shapes: dict[str, list[list[Ring]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = NAMED.get(name) or alpha2_of.get(str(geometry.get("id", "")).zfill(3))
        if code:
            shapes.setdefault(code, []).extend(polygons(geometry, arcs, decimals))
    return shapes


def feature_collection(shapes: dict[str, list[list[Ring]]]) -> dict:
    """GeoJSON with one MultiPolygon feature per country, its id the alpha-2 code."""
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[list(p) for p in r] for r in poly] for poly in polygons_],
            },
        }
        for code, polygons_ in sorted(shapes.items())
        if polygons_
    ]
    return {"type": "FeatureCollection", "features": features}


def m49_codes(rows: Iterable[dict[str, str]]) -> dict[str, str]:
    """UN M49 numeric code (zero-padded) → alpha-2 code, from the WMF countries table."""
    return {
        row["un_m49_code"].zfill(3): row["iso_code"]
        for row in rows
        if row.get("un_m49_code") and row.get("iso_code")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.world_map", description=__doc__)
    parser.add_argument("outlines", type=Path, help="countries-110m.json")
    parser.add_argument("small_countries", type=Path, help="countries-50m.json")
    parser.add_argument("--m49", required=True, type=Path, help="country_countries.tsv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with open(args.m49, encoding="utf-8", newline="") as f:
        # keep_default_na is a pandas worry; csv keeps Namibia's "NA" as text already
        alpha2_of = m49_codes(csv.DictReader(f, delimiter="\t"))
    shapes = country_shapes(json.loads(args.outlines.read_text()), alpha2_of, decimals=2)
    detailed = country_shapes(json.loads(args.small_countries.read_text()), alpha2_of, decimals=2)
    shapes.update({code: shape for code, shape in detailed.items() if code not in shapes})
    text = json.dumps(feature_collection(shapes), separators=(",", ":"))
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(shapes)} countries, {len(text) / 1024:.0f} KB, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
