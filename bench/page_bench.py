"""Time each page server side (SPEC §9: ≤ 1 s cold, ≤ 0.3 s warm), with Streamlit's AppTest,
at the default filters and at a narrow set (one region, one fiscal year).

    python bench/page_bench.py [--participants N | --db FILE] [--repeat R] [--pages a,b]
                               [--region SSA] [--fiscal-year FY2023-24] [--profile PAGE]

Each figure is the seconds Streamlit spends running the script (app.py and the page) for a new
session, as a server would. Cold: the first run of a page with those filters in this process
(empty query caches), after what the server does once on starting, before any visitor
(`server.py` runs `ui.startup.warm`: imports and plotly's first figure); warm: the median of
R runs after it. Cold CPU: the CPU seconds of this process during the cold run (DuckDB's
threads included), which a busy machine changes less than the wall seconds. Prints seconds
per page and filter set side by side, and this process's peak memory. --profile prints where
one page spends its time: each of its queries, uncached, and a cProfile of a warm run."""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    ROOT,
    add_scale_arguments,
    median,
    peak_mb,
    print_table,
    scale_name,
    warehouse,
)
from ui import startup  # noqa: E402

PAGES = ("overview", "regions", "themes", "funding", "pathways", "learnings", "data")


class ScriptTimer:
    """Times the script runs Streamlit does in its script thread, as a server would run them:
    AppTest's own work around a run (it scans installed packages for components on every new
    app, about 0.5 s here) is left out. With `profiler` set, the runs are profiled too."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.cpu: list[float] = []
        self.profiler: cProfile.Profile | None = None
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

        original = ScriptRunner._run_script

        def timed(runner: ScriptRunner, rerun_data: object) -> None:
            profiler = self.profiler
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            try:
                original(runner, rerun_data)
            finally:
                if profiler:
                    profiler.disable()
                self.seconds.append(time.perf_counter() - started)
                self.cpu.append(time.process_time() - cpu)

        ScriptRunner._run_script = timed


def run_page(timer: ScriptTimer, page: str, url: dict[str, str] | None = None) -> float:
    """Seconds of script run for one page, in a new session opened with these URL filters
    (e.g. {"region": "SSA"})."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for name, value in (url or {}).items():
        app.query_params[name] = value
    timer.seconds.clear()
    timer.cpu.clear()
    app.switch_page(f"views/{page}.py").run()
    if app.exception:
        raise SystemExit(f"{page} {url or ''}: {app.exception[0].message}")
    return sum(timer.seconds)


def cold_and_warm(
    timer: ScriptTimer, page: str, url: dict[str, str], repeat: int
) -> tuple[float, float, float]:
    """Seconds of the cold run, its CPU seconds, and the median seconds of the warm runs."""
    cold = run_page(timer, page, url)
    cold_cpu = sum(timer.cpu)
    return cold, cold_cpu, median([run_page(timer, page, url) for _ in range(repeat)])


def page_queries(timer: ScriptTimer, page: str) -> tuple[float, list[tuple[str, dict]]]:
    """Run a page with empty query caches (seconds of its script), recording its queries."""
    import streamlit as st

    import queries

    st.cache_data.clear()
    calls, original = [], queries.run

    def recorded(con: object, name: str, params: dict | None = None) -> object:
        calls.append((name, params))
        return original(con, name, params)

    queries.run = recorded
    try:
        return run_page(timer, page), calls
    finally:
        queries.run = original


def query_seconds(db: Path, calls: list[tuple[str, dict]]) -> list[tuple[str, float]]:
    """Each recorded query run again, outside Streamlit and uncached, on a new connection."""
    import queries

    con = queries.connect(db)
    try:
        seconds = []
        for name, params in calls:
            started = time.perf_counter()
            queries.run(con, name, params)
            seconds.append((name, time.perf_counter() - started))
        return seconds
    finally:
        con.close()


def profile(timer: ScriptTimer, db: Path, page: str, lines: int = 30) -> str:
    """Where a page's time goes: its queries one by one (uncached), then a cProfile of a warm
    run: the project's functions by cumulative time, and all functions by own time."""
    _, calls = page_queries(timer, page)
    timed = sorted(query_seconds(db, calls), key=lambda q: -q[1])
    text = f"{page}: {len(calls)} queries, {sum(s for _, s in timed):.2f} s uncached: "
    text += ", ".join(f"{name} {seconds:.2f}" for name, seconds in timed) + "\n"
    run_page(timer, page)
    timer.profiler = cProfile.Profile()
    run_page(timer, page)
    out = io.StringIO()
    stats = pstats.Stats(timer.profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"/(views|ui|queries)/", lines)  # the project's own functions
    stats.sort_stats("tottime").print_stats(lines)  # where the time is spent, any library
    timer.profiler = None
    return text + out.getvalue()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per page (median)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated page names")
    parser.add_argument("--region", default="SSA", help="the narrow set's region")
    parser.add_argument("--fiscal-year", default="FY2023-24", help="the narrow set's fiscal year")
    parser.add_argument("--profile", metavar="PAGE", help="profile a warm run of this page")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    db = warehouse(args)
    os.environ["GROWTH_DB"] = str(db)
    # AppTest runs pages outside a server, which Streamlit warns about on every run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    timer = ScriptTimer()
    startup.warm()  # as server.py does before its first visitor
    narrow = {"region": args.region, "fy": args.fiscal_year}
    print(f"pages server side (AppTest), {scale_name(args)}; narrow = {args.region} {narrow['fy']}")
    print("cold: a server's first page of those filters, after its start-up (ui.startup.warm)")
    rows = []
    for page in args.pages.split(","):
        default = cold_and_warm(timer, page, {}, args.repeat)
        narrowed = cold_and_warm(timer, page, narrow, args.repeat)
        rows.append((page, *default, *narrowed))
    print_table(
        (
            "page",
            "cold s",
            "cold CPU s",
            "warm s",
            "narrow cold s",
            "narrow cold CPU s",
            "narrow warm s",
        ),
        rows,
    )
    print("budget: cold ≤ 1 s, warm ≤ 0.3 s at scale L")
    print(f"peak memory of this process: {peak_mb():.0f} MB")
    if args.profile:
        print(profile(timer, db, args.profile))


if __name__ == "__main__":
    main()
