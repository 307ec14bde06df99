"""What each page hides (SPEC §6): per page and filter set, the people cells shown, the cells
hidden, and the people inside hidden cells, primary (1 to k - 1) and secondary apart.

    .venv/bin/python bench/hidden_bench.py [--db data/warehouse.duckdb] [--k 5]

A page's people queries are those it asks for with the filters of each set: the defaults, one
region, one region and one fiscal year. Runs against any checkout of the project: where the
query layer has `queries.narrowed_view`, a page is one view (decided in the context of the page
at its default filters, as the app does); before it, each query decided alone (the
true counts then come from the raw marts through this checkout's queries)."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import queries  # noqa: E402
from etl.reference import REGIONS as REFERENCE_REGIONS  # noqa: E402

page_views = None  # ui/page_views.py, of this checkout or of --raw-queries' (see main)

REGION = "SSA"
YEAR = "FY2023-24"
LATEST = "FY2024-25"  # the demo's newest fiscal year with programs


def pages(regions: list[str], years: list[str]) -> dict[str, dict[str, tuple[str, dict]]]:
    both = {"fiscal_years": years, "regions": regions}
    if not hasattr(page_views, "overview"):  # a checkout before the pages were one view each
        return {
            "Overview": {"participation": ("participation_by_region_year", both)},
            "Regions": {
                "participation": ("participation_by_region_year", both),
                "pathway": ("pathway_stages", both),
            },
            "Themes": {"themes": ("themes_by_year", both)},
            "Pathways": page_views.pathways(years, regions),
        }
    # the pages as the app asks for them: the headline figures of the newest two fiscal years
    # (or of the one chosen and the one before), the countries map of the newest year
    params = {**both, "funds": [], "themes": []}
    shown = params if regions else {**params, "regions": list(REFERENCE_REGIONS)}
    newest = years[-1] if years else LATEST
    pair = [_before(newest), newest]
    return {
        "Overview": page_views.overview(params, pair, regions),
        "Regions": page_views.regions(shown, newest, years[0] if len(years) == 1 else None),
        "Themes": page_views.themes(params, regions=regions or list(REFERENCE_REGIONS)),
        "Pathways": page_views.pathways(years, regions),
    }


def widest_of(page: str) -> dict[str, tuple[str, dict]]:
    """The page at its default filters, as the app asks for it."""
    if not hasattr(page_views, "overview"):
        return pages([], [])[page]
    default = {"fiscal_years": [], "regions": [], "funds": [], "themes": []}
    every = {**default, "regions": list(REFERENCE_REGIONS)}
    return {
        "Overview": page_views.overview(default),
        "Regions": page_views.regions(every, LATEST),
        "Themes": page_views.themes(default, regions=list(REFERENCE_REGIONS)),
        "Pathways": page_views.pathways(),
    }[page]


def _before(year: str) -> str:
    start = int(year[2:6])
    return f"FY{start - 1}-{str(start)[2:]}"


# Results of which the Pathways page shows one row set: the chosen regions, or 'ALL' (before the
# queries returned only those rows, the page dropped the others).
ROW_SETS = {"transitions", "retention", "attrition", "mentorship"}
# Bases of shares: the same cells as shown elsewhere on the page, not shown again themselves.
NOT_SHOWN = {"people_base", "people_at_stage", "people_everyone"}
# Not people cells: content and cost hidden with a program's participants (they carry a flag
# of their own), and the grant's participants behind its cost, not shown as such.
NOT_SHOWN |= {"edits", "bytes_added", "articles_created", "articles_edited", "uploads"}
NOT_SHOWN |= {"cost_per_participant", "grant_participants"}
FILTER_SETS = {
    "default": ([], []),
    "one region": ([REGION], []),
    "region + year": ([REGION], [YEAR]),
}


def shown_frames(con, requests, k, widest, scope):
    if hasattr(page_views, "within"):  # decided within the publish runs, as the app does
        return queries.narrowed_view(con, requests, page_views.within(requests, widest, scope), k=k)
    if hasattr(queries, "narrowed_view"):
        return queries.narrowed_view(con, requests, widest, k=k)
    return {
        label: queries.run(con, name, {**params, "k": k})
        for label, (name, params) in requests.items()
    }


def measure(frames: dict[str, pd.DataFrame], k: int) -> dict[str, int]:
    """Counts over every people column (a column with a `<column>_suppressed` flag) shown."""
    totals = dict.fromkeys(("shown", "hidden", "primary", "secondary", "people hidden"), 0)
    for frame in frames.values():
        for flag in [c for c in frame.columns if c.endswith("_suppressed")]:
            column = flag.removesuffix("_suppressed")
            if column not in frame.columns or column in NOT_SHOWN or column.startswith("median"):
                continue
            hidden = frame[flag].astype(bool)
            totals["shown"] += int((~hidden & frame[column].notna()).sum())
            totals["hidden"] += int(hidden.sum())
            truth = frame.get(f"{column}_true")
            if truth is None:
                continue
            small = truth.astype("Float64").between(1, k - 1).fillna(False).astype(bool)
            totals["primary"] += int((hidden & small).sum())
            totals["secondary"] += int((hidden & ~small).sum())
            totals["people hidden"] += int(truth.astype("Float64")[hidden].fillna(0).sum())
    return totals


def with_truth(con, requests, frames, k):
    """Each shown frame with `<column>_true` beside its people columns, from the raw query
    (rows matched by position: both run the same filters in the same order)."""
    raw = {
        label: con.execute(queries.sql(name), _bind(name, params, k)).df()
        for label, (name, params) in requests.items()
    }
    raw = {
        label: frame[frame["region"].isin(frames[label]["region"].unique())].reset_index(drop=True)
        if "region" in frame.columns and label in frames and "region" in frames[label].columns
        else frame
        for label, frame in raw.items()
    }
    result = {}
    for label, frame in frames.items():
        truth = raw[label]
        frame = frame.reset_index(drop=True)
        if len(truth) == len(frame):
            for flag in [c for c in frame.columns if c.endswith("_suppressed")]:
                column = flag.removesuffix("_suppressed")
                if column in truth.columns:
                    frame[f"{column}_true"] = truth[column].to_numpy()
        result[label] = frame
    return result


def _bind(name, params, k):
    from queries import privacy

    return privacy.bind(queries.sql(name), params, k)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="data/warehouse.duckdb")
    parser.add_argument("--raw-queries", help="a checkout whose queries/ return raw counts")
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    global page_views
    home = Path(args.raw_queries) if args.raw_queries else Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("page_views", home / "ui" / "page_views.py")
    page_views = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page_views)
    con = queries.connect(Path(args.db))
    raw_con = con
    if args.raw_queries:
        # the truth comes from another checkout's raw queries (for a checkout without them)
        queries.QUERY_DIR = Path(args.raw_queries) / "queries"
        queries.sql.cache_clear()
    rows = []
    for set_name, (regions, years) in FILTER_SETS.items():
        for page, requests in pages(regions, years).items():
            if args.raw_queries:
                queries.QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
                queries.sql.cache_clear()
            widest = widest_of(page)
            # a checkout without some of the page's queries (the new measures) shows less
            requests = {
                label: request
                for label, request in requests.items()
                if (queries.QUERY_DIR / f"{request[0]}.sql").is_file()
            }
            scope = {"fiscal_years": years, "regions": regions}
            frames = shown_frames(con, requests, args.k, widest, scope)
            if args.raw_queries:
                queries.QUERY_DIR = Path(args.raw_queries) / "queries"
                queries.sql.cache_clear()
            frames = with_truth(raw_con, requests, frames, args.k)
            if page == "Pathways":
                frames = {
                    label: frame[frame["region"].isin(regions or ["ALL"])]
                    if label in ROW_SETS
                    else frame
                    for label, frame in frames.items()
                }
            totals = measure(frames, args.k)
            cells = totals["shown"] + totals["hidden"]
            share = totals["hidden"] / cells if cells else 0.0
            rows.append({"filters": set_name, "page": page, **totals, "hidden share": share})
    table = pd.DataFrame(rows)
    table["hidden share"] = table["hidden share"].map("{:.1%}".format)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
