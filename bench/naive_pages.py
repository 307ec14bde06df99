"""The usual way, side by side (SPEC §9: the app ≥ 10× faster per page at scale L): a faithful
naive version of two pages, Funding distribution and Leadership pathways, that reads the
canonical input files with pandas on every view and computes the page's headline numbers,
timed against the app's way (the page's script run server side, through AppTest, on the
warehouse). Prints both times per page, their ratio, and whether the numbers agree.

    python bench/naive_pages.py [--participants N] [--repeat R]

The naive pages compute, at the default filters:
  Funding    requested USD (decided grants) and awarded USD (funded grants) by decision fiscal
             year and region, approval rate, and per fiscal year the Gini across grantees'
             awarded totals (population form Σ|xᵢ−xⱼ| / 2n²μ), the top-10 grantee share and the
             HHI across grantees and across regions (SPEC §5 Funding);
  Pathways   people per highest stage and people who reached each stage (SPEC §5 Leadership
             pathway: participant, returning, organizer, trainer or mentor, grant lead,
             committee or board), for everyone who reached a stage and, apart, for the people
             of recorded programs only.
The agreement check compares them with what the page's queries return. The inputs are the
generated canonical files of the scale (--db cannot be used: the naive way needs the files)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    ROOT,
    median,
    peak_mb,
    print_table,
    reset_peak,
    sample_folder,
    scale_name,
    warehouse,
)
from bench.page_bench import ScriptTimer, page_queries, query_seconds, run_page  # noqa: E402

COUNTRIES = ROOT / "data" / "reference" / "countries.csv"
ORGANIZER_ROLES = ("organizer", "facilitator", "volunteer")
TRAINER_ROLES = ("trainer", "mentor")
COMMITTEE_ROLES = ("committee_member", "affiliate_board")


# ---- the naive Funding distribution page -----------------------------------------------------


def fiscal_year(dates: pd.Series) -> pd.Series:
    """FY2023-24 runs from 1 July 2023 to 30 June 2024."""
    start = (dates.dt.year - (dates.dt.month < 7)).astype("Int64")
    end = ((start + 1) % 100).astype("string").str.zfill(2)
    return "FY" + start.astype("string") + "-" + end


def wiki_username(names: pd.Series) -> pd.Series:
    """Trimmed, underscores as spaces, runs of spaces as one, first letter upper case."""
    squeezed = names.str.replace("_", " ").str.replace(r"\s+", " ", regex=True).str.strip()
    return squeezed.str[:1].str.upper() + squeezed.str[1:]


def gini(values: np.ndarray) -> float:
    """Σᵢ Σⱼ |xᵢ − xⱼ| / (2n²μ), through the sorted form Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)."""
    x = np.sort(values)
    n = len(x)
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * x).sum() / (n * x.sum())) if n and x.sum() else np.nan


def hhi(amounts: pd.Series) -> float:
    """Σ share² on the 0–10,000 scale."""
    return float(10_000 * ((amounts / amounts.sum()) ** 2).sum())


def read_csv(path: Path, blanks: tuple[str, ...] = (), **options: object) -> pd.DataFrame:
    """A file read with pandas, where only an empty field of the `blanks` columns is missing:
    by default pandas would read Namibia's code NA, or a user named Null, as missing."""
    return pd.read_csv(path, keep_default_na=False, na_values={c: [""] for c in blanks}, **options)


def read_grants(folder: Path) -> pd.DataFrame:
    grants = read_csv(
        folder / "grants.csv",
        ("organization_id", "lead_username", "amount_requested_usd", "amount_awarded_usd")
        + ("decision_date", "applicant_type"),
        parse_dates=["decision_date"],
    )
    regions = read_csv(COUNTRIES)[["country_code", "region"]]
    grants = grants.merge(regions, left_on="country", right_on="country_code", how="left")
    grants["region"] = grants["region"].replace("", np.nan).fillna("unknown")
    grants["fiscal_year"] = fiscal_year(grants["decision_date"])
    lead = "person:" + wiki_username(grants["lead_username"].astype("string"))
    grants["grantee"] = (
        lead.where(grants["applicant_type"].isin(["individual", "group"]))
        .fillna("org:" + grants["organization_id"].astype("string"))
        .fillna(lead)
        .fillna("grant:" + grants["grant_id"])
    )
    return grants


def naive_funding(folder: Path) -> dict[str, object]:
    """The Funding page's headline numbers from the files."""
    grants = read_grants(folder)
    decided = grants[grants["status"].isin(["funded", "not_funded"])]
    funded = grants[grants["status"] == "funded"].dropna(subset=["fiscal_year"])
    by_region_year = decided.groupby(["fiscal_year", "region"]).agg(
        requested_usd=("amount_requested_usd", "sum"),
        grants_decided=("grant_id", "size"),
    )
    by_region_year["awarded_usd"] = funded.groupby(["fiscal_year", "region"])[
        "amount_awarded_usd"
    ].sum()
    grantee_totals = funded.groupby(["fiscal_year", "grantee"])["amount_awarded_usd"].sum()
    region_totals = funded.groupby(["fiscal_year", "region"])["amount_awarded_usd"].sum()
    by_year = pd.DataFrame(
        {
            "awarded_usd": funded.groupby("fiscal_year")["amount_awarded_usd"].sum(),
            "approval_rate": decided.groupby("fiscal_year")["status"].agg(
                lambda s: (s == "funded").mean()
            ),
            "gini_grantee": grantee_totals.groupby(level=0).agg(lambda s: gini(s.to_numpy())),
            "top10_share": grantee_totals.groupby(level=0).agg(
                lambda s: s.nlargest(10).sum() / s.sum()
            ),
            "hhi_grantee": grantee_totals.groupby(level=0).agg(hhi),
            "hhi_region": region_totals.groupby(level=0).agg(hhi),
        }
    )
    total = {
        "requested_usd": decided["amount_requested_usd"].sum(),
        "awarded_usd": funded["amount_awarded_usd"].sum(),
        "approval_rate": (decided["status"] == "funded").mean(),
    }
    return {"by_region_year": by_region_year, "by_year": by_year, "total": total}


# ---- the naive Leadership pathways page ------------------------------------------------------


def earliest(*dates: pd.Series) -> pd.Series:
    """Per person, the earliest of several dated series (a person missing from all is absent)."""
    return pd.concat(dates).groupby(level=0).min()


def naive_pathways(folder: Path) -> pd.DataFrame:
    """People per stage from the files: reached and current, for everyone and for program
    people only."""
    rows = read_csv(folder / "participation.csv", usecols=["program_id", "username", "role"])
    programs = read_csv(folder / "programs.csv", usecols=["program_id", "start_date"])
    grants = read_csv(
        folder / "grants.csv", ("lead_username", "decision_date"), parse_dates=["decision_date"]
    )
    roles = read_csv(folder / "roles.csv", ("start_date",), parse_dates=["start_date"])
    rows = rows.merge(programs, on="program_id")
    rows["person"] = wiki_username(rows["username"])
    rows["start_date"] = pd.to_datetime(rows["start_date"])
    roles["person"] = wiki_username(roles["username"])
    attended = rows.drop_duplicates(["person", "program_id"])
    attended = attended.sort_values(["start_date", "program_id"])
    order = attended.groupby("person").cumcount()

    def first_start(chosen: pd.DataFrame) -> pd.Series:
        return chosen.groupby("person")["start_date"].min()

    def first_role(names: tuple[str, ...]) -> pd.Series:
        return roles[roles["role"].isin(names)].groupby("person")["start_date"].min()

    leads = grants[(grants["status"] == "funded") & grants["decision_date"].notna()]
    leads = leads.assign(person=wiki_username(leads["lead_username"])).dropna(subset=["person"])
    stages = pd.concat(
        {
            1: attended[order == 0].set_index("person")["start_date"],
            2: attended[order == 1].set_index("person")["start_date"],
            3: first_start(rows[rows["role"].isin(ORGANIZER_ROLES)]),
            4: earliest(
                first_start(rows[rows["role"].isin(TRAINER_ROLES)]), first_role(TRAINER_ROLES)
            ),
            5: earliest(
                leads.groupby("person")["decision_date"].min(), first_role(("grant_lead",))
            ),
            6: first_role(COMMITTEE_ROLES),
        },
        axis=1,
    )
    highest = stages.notna().mul(stages.columns).max(axis=1)
    return (
        pd.DataFrame(
            {
                "current": highest.value_counts(),
                "current_program_people": highest[stages[1].notna()].value_counts(),
            }
        )
        .reindex(range(1, 7))
        .fillna(0)
        .astype(int)
        .assign(
            reached=lambda f: f["current"][::-1].cumsum()[::-1],
            reached_program_people=lambda f: f["current_program_people"][::-1].cumsum()[::-1],
        )
    )


# ---- the app's way, and the comparison ----------------------------------------------------


# The queries that give the pages the numbers the naive pages compute.
SAME_NUMBERS = {
    "funding": ("funding_by_segment", "funding_by_region_year", "funding_concentration_year"),
    "pathways": ("pathway_stages",),
}


def app_numbers(db: Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """What these queries return at the default filters, on a new connection."""
    import queries

    con = queries.connect(db)
    try:
        return {name: queries.run(con, name, {}) for name in names}
    finally:
        con.close()


def agreement(funding: dict, pathways: pd.DataFrame, app: dict) -> list[tuple]:
    """(what, naive, app, agree?) for the numbers both ways compute; a series shows its
    largest relative difference."""
    total = app["funding_by_segment"].query("dimension == 'total'").iloc[0]
    years = app["funding_by_region_year"].query("region == 'ALL'").set_index("fiscal_year")
    cells = app["funding_by_region_year"].query("region != 'ALL'")
    cells = cells.set_index(["fiscal_year", "region"])
    concentration = app["funding_concentration_year"].set_index("fiscal_year")
    stages = app["pathway_stages"].query("cohort == 'ALL' and region == 'ALL'")
    stages = stages.set_index("stage_number")
    checks = [
        ("requested USD, all years", funding["total"]["requested_usd"], total.requested_usd),
        ("awarded USD, all years", funding["total"]["awarded_usd"], total.awarded_usd),
        ("approval rate, all years", funding["total"]["approval_rate"], total.approval_rate),
    ]
    by_year = funding["by_year"]
    for column in ("awarded_usd", "approval_rate"):
        checks.append((f"{column} per fiscal year", by_year[column], years[column]))
    for column in ("gini_grantee", "top10_share", "hhi_grantee", "hhi_region"):
        checks.append((f"{column} per fiscal year", by_year[column], concentration[column]))
    naive_cells = funding["by_region_year"]
    for column in ("requested_usd", "awarded_usd"):
        checks.append((f"{column} per year × region", naive_cells[column], cells[column]))
    return [compared(*check) for check in checks] + [
        stage_agreement(stage, pathways.loc[stage], stages.loc[stage, "people_current"])
        for stage in range(1, 7)
    ]


def stage_agreement(stage: int, naive: pd.Series, app: object) -> tuple:
    """People at a stage: the app agrees with the naive count of everyone (SPEC §5), or of the
    people of recorded programs only (the pathway before leaders without a program joined),
    unless it hides the count as a small cell."""
    if pd.isna(app):
        return f"people at stage {stage}", f"{naive['current']:,}", "hidden", "– (suppressed)"
    if naive["current"] == app:
        agree = "yes (everyone)"
    elif naive["current_program_people"] == app:
        agree = "yes (program people only)"
    else:
        agree = "NO"
    shown = f"{naive['current']:,} / {naive['current_program_people']:,}"
    return f"people at stage {stage}: everyone / program people", shown, f"{app:,}", agree


def compared(what: str, naive: object, app: object) -> tuple:
    if isinstance(naive, pd.Series):
        naive, app = naive.align(app.astype(float), join="outer")
        naive, app = naive.fillna(0).astype(float), app.fillna(0).astype(float)
        agree = bool(np.allclose(naive, app, rtol=1e-9, atol=1e-6))
        shown = f"{len(naive)} values"
        largest = float((naive - app).abs().div(app.abs().where(app != 0, 1)).max())
        return what, shown, shown, "yes" if agree else f"NO (max rel. diff {largest:.2g})"
    agree = bool(np.isclose(float(naive), float(app), rtol=1e-9, atol=1e-6))
    return what, f"{naive:,.4g}", f"{app:,.4g}", "yes" if agree else "NO"


def timed(view: Callable[[], object], repeat: int) -> tuple[object, float, float]:
    """(the view's result, median seconds, peak MB) over `repeat` views."""
    seconds, result = [], None
    reset_peak()
    for _ in range(repeat):
        started = time.perf_counter()
        result = view()
        seconds.append(time.perf_counter() - started)
    return result, median(seconds), peak_mb()


def run_queries(db: Path, calls: list[tuple[str, dict]]) -> None:
    """The recorded queries again, outside Streamlit and uncached, on a new connection."""
    query_seconds(db, calls)


def versus_app(db: Path, page: str, naive_s: float, repeat: int, timer: ScriptTimer) -> tuple:
    """The page's row: naive seconds against the app's queries of the same numbers, all the
    page's queries, and the app's whole page."""
    cold, calls = page_queries(timer, page)
    warm = median([run_page(timer, page) for _ in range(repeat)])
    _, same_s, _ = timed(lambda: app_numbers(db, SAME_NUMBERS[page]), repeat)
    _, queries_s, _ = timed(lambda: run_queries(db, calls), repeat)
    return page, naive_s, same_s, naive_s / same_s, queries_s, cold, warm, naive_s / warm


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, help="generated scale (default: demo)")
    parser.add_argument("--repeat", type=int, default=3, help="views per way (median)")
    args = parser.parse_args()
    args.db = None
    folder, db = sample_folder(args.participants), warehouse(args)
    size = sum(f.stat().st_size for f in folder.glob("*.csv")) / 1e6
    funding, funding_s, funding_mb = timed(lambda: naive_funding(folder), args.repeat)
    pathways, pathways_s, pathways_mb = timed(lambda: naive_pathways(folder), args.repeat)
    os.environ["GROWTH_DB"] = str(db)
    # AppTest runs pages outside a server, which Streamlit warns about on every run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    timer = ScriptTimer()
    rows = [
        versus_app(db, "funding", funding_s, args.repeat, timer),
        versus_app(db, "pathways", pathways_s, args.repeat, timer),
    ]
    print(
        f"the usual way (pandas over the files, {size:.0f} MB) against the app, {scale_name(args)}"
    )
    print_table(
        ("page", "naive s", "app same numbers s", "×", "app page's queries s")
        + ("app page cold s", "app page warm s", "×"),
        rows,
    )
    print(
        "naive: the headline numbers from the files; app same numbers: the queries giving them; "
        "app page's queries: all the queries the page runs, uncached; app page: the whole "
        "script run, figures included (× = naive / app)"
    )
    print(f"naive peak memory: funding {funding_mb:.0f} MB, pathways {pathways_mb:.0f} MB")
    print("budget: the app ≥ 10× faster per page at scale L")
    print("agreement of the numbers both ways compute:")
    print_table(
        ("number", "naive", "app", "agree"),
        agreement(funding, pathways, app_numbers(db, sum(SAME_NUMBERS.values(), ()))),
    )


if __name__ == "__main__":
    main()
