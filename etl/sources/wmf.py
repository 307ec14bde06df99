"""WMF reference data: monthly active editors by region (the denominator of per-editor
measures), the Movement Insights monthly metrics, and the WMF country → region tables, which
are checked against the project's own country reference rather than loaded."""

from __future__ import annotations

import pandas as pd

from etl import reference
from etl.sources import countries
from etl.sources.common import empty_part, listing, part
from etl.sources.model import Context, Part, SourceFormat

# Rows for editors whose region is not known: no region, and not the global total either
# (the Movement Insights global count is larger than the regions and this row together).
NO_REGION = {"", "unclassed", "unclassified", "unknown"}

REGION_LABELS = {label: code for domain, label, code in reference.labels() if domain == "region"}


def convert_active_editors(frame: pd.DataFrame, context: Context) -> list[Part]:
    """`month,wmf_region,total_active_editors` → active editors per region and month. Rows
    without a region are left out, with a note."""
    regions = frame["wmf_region"].str.strip()
    no_region = regions.str.lower().isin(NO_REGION)
    kept = frame[~no_region]
    note = ""
    if no_region.any():
        months = frame.loc[no_region, "month"].nunique()
        note = (
            f"{int(no_region.sum())} rows without a region ({months} months; blank or UNCLASSED) "
            "are editors whose region is unknown, not a global total: left out"
        )
    return [
        part(
            "active_editors",
            {
                "month": kept["month"],
                "region": kept["wmf_region"],
                "active_editors": kept["total_active_editors"],
            },
            kept["source_row"],
            [note],
        )
    ]


def convert_movement_metrics(frame: pd.DataFrame, context: Context) -> list[Part]:
    months = frame["month"].str[:7]
    return [
        empty_part(
            "active_editors",
            [
                f"Movement Insights monthly metrics, {months.min()} to {months.max()}, global "
                "(not by region): nothing here is loaded; the regional editor metrics file "
                "(month,wmf_region,total_active_editors) gives the active editors denominator"
            ],
        )
    ]


def _region_check(codes: pd.Series, wmf_regions: pd.Series, what: str) -> list[str]:
    """Compare a WMF table's region of each country with the project reference's."""
    ours = {r["country_code"]: r["region"] for r in reference.countries()}
    theirs = wmf_regions.str.strip().map(lambda r: REGION_LABELS.get(reference.label_key(r), r))
    known = codes.isin(list(ours))
    differ = [
        f"{code} ({theirs_}, ours {ours[code] or 'none'})"
        for code, theirs_ in zip(codes[known], theirs[known], strict=True)
        if theirs_ and (ours[code] or "") != theirs_
    ]
    unknown = sorted(set(codes[~known & (codes != "")]))
    notes = [
        f"{what}: {int(known.sum())} countries checked against data/reference/countries.csv, "
        f"{int(known.sum()) - len(differ)} agree on the region; nothing is loaded "
        "(the project's reference decides regions)"
    ]
    if differ:
        notes.append("region differs for " + listing(differ))
    if unknown:
        notes.append("not in the project's reference: " + listing(unknown))
    return notes


def convert_countries(frame: pd.DataFrame, context: Context) -> list[Part]:
    """canonical-data countries.tsv: iso_code, wikimedia_region, …"""
    codes = frame["iso_code"].str.strip()
    return [empty_part("active_editors", _region_check(codes, frame["wikimedia_region"], "WMF"))]


def convert_region_ref(frame: pd.DataFrame, context: Context) -> list[Part]:
    """wikicharts wmf_region_ref.csv: name, code (alpha-3), wmf_region."""
    alpha3 = {r["alpha3"]: r["country_code"] for r in reference.countries()}
    codes = frame["code"].str.strip().map(lambda c: alpha3.get(c) or countries.code_of(c) or c)
    return [
        empty_part(
            "active_editors", _region_check(codes, frame["wmf_region"], "WMF region reference")
        )
    ]


FORMATS = [
    SourceFormat(
        "wmf_active_editors",
        lambda keys: {"month", "wmf_region", "total_active_editors"} <= set(keys),
        convert_active_editors,
    ),
    SourceFormat(
        "movement_metrics",
        lambda keys: (
            "month" in keys
            and not {"region", "wmf_region", "region_code"} & set(keys)
            and bool(
                {
                    "new_active_editors",
                    "global_south_active_editors",
                    "total_quality_articles_about_females",
                    "net_new_content_pages",
                }
                & set(keys)
            )
        ),
        convert_movement_metrics,
    ),
    SourceFormat(
        "wmf_countries",
        lambda keys: {"iso_code", "wikimedia_region"} <= set(keys),
        convert_countries,
    ),
    SourceFormat(
        "wmf_region_ref",
        lambda keys: set(keys) == {"name", "code", "wmf_region"},
        convert_region_ref,
    ),
]
