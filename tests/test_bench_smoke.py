"""Every bench script runs to the end at a tiny scale and prints its figures, so the scripts do
not rot between the runs that measure (bench/README.md). The scale's inputs and warehouse are
generated once, into a folder of the test session, and shared by the scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--participants", "2000"]


@pytest.fixture(scope="session")
def bench_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench-out")


def bench(bench_out: Path, script: str, *args: str) -> str:
    """The output of `python bench/<script> ARGS` at the tiny scale; fails on a non-zero exit."""
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env={**os.environ, "BENCH_OUT": str(bench_out)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_page_bench_times_pages_at_default_and_narrow_filters(bench_out):
    out = bench(bench_out, "page_bench.py", *TINY, "--repeat", "1", "--pages", "funding,data")
    assert "narrow warm s" in out
    assert out.count("\nfunding ") == 1 and "\ndata " in out
    assert "peak memory" in out


def test_the_naive_pages_agree_with_the_app(bench_out):
    out = bench(bench_out, "naive_pages.py", *TINY, "--repeat", "1")
    assert "app page warm s" in out
    agreement = out.split("agreement of the numbers both ways compute:")[1]
    assert " NO" not in agreement, agreement
    # the funding numbers; stage counts of a tiny world may be hidden as small cells
    assert agreement.count("yes") >= 11


def test_the_incremental_bench_loads_reloads_and_rebuilds_marts(bench_out):
    out = bench(bench_out, "incremental_bench.py", *TINY, "--rows", "500")
    assert "500 read, 500 loaded" in out
    assert "skipped participation_new.csv: already loaded" in out
    assert "every mart rebuilt (build_marts, as before)" in out


def test_the_load_bench_compares_the_load_with_a_bare_read(bench_out):
    out = bench(bench_out, "load_bench.py", *TINY)
    assert "ratio:" in out
    assert "publish run's decision stored:" in out


@pytest.mark.browser
def test_the_browser_bench_splits_page_time(bench_out):
    out = bench(bench_out, "browser_bench.py", *TINY, "--repeat", "1", "--pages", "funding")
    assert "bundle MB wire/decoded" in out and "CPU s warm" in out
    assert "\nfunding " in out
    assert "  funding: PlotlyChart." in out  # plotly's chunk, the largest file before a chart
    assert "app server peak memory" in out


@pytest.mark.browser
def test_the_concurrency_bench_sees_identical_results_without_errors(bench_out):
    out = bench(
        bench_out,
        "concurrency_bench.py",
        *TINY,
        *("--sessions", "2", "--contexts", "2", "--visits", "1", "--steady", "0.5"),
    )
    assert "errors: 0" in out
    assert "DIFFERENT" not in out


def test_two_visits_of_a_page_are_compared_element_by_element():
    from bench.concurrency_bench import sent_apart

    # the same run of Funding, once with its spinner shown (an extra transient) and once
    # without its second metric
    shown = ["run 1 0.2 transient of 1", "run 1 0.2 heading FY", "run 1 0.4.0 metric Awarded"]
    shown += ["run 1 0.4.1 metric Approval rate"]
    lost = ["run 1 0.2 heading FY", "run 1 0.4.0 metric Awarded"]
    assert sent_apart([shown, lost]) == [
        "1st only: run 1 0.2 transient of 1",
        "1st only: run 1 0.4.1 metric Approval rate",
    ]
    assert sent_apart([lost, lost]) == ["none: both were sent the same elements"]
    many = [f"run 1 0.{i} text" for i in range(15)]
    assert sent_apart([many, []], most=2) == [
        "1st only: run 1 0.0 text",
        "1st only: run 1 0.1 text",
        "… 13 more",
    ]


def test_the_browser_bench_names_the_largest_scripts_a_page_fetched():
    from bench.browser_bench import largest_files

    chunks = (("index.css", 90_000), ("plotly.js", 4_700_000), ("a.js", 1_000), ("b.js", 2_400))
    assert largest_files(chunks, most=2) == "plotly.js 4,700 KB, b.js 2 KB, 1 more 1 KB"
    assert largest_files(chunks) == "plotly.js 4,700 KB, b.js 2 KB, a.js 1 KB"


def test_the_kpi_cards_of_a_visit_are_those_its_last_script_run_sent():
    from bench.concurrency_bench import cards_sent

    sent = ["run 1 0.3.0 metric Awarded", "run 1 0.3.1 metric Approval rate", "run 2 0.1 text"]
    sent += ["run 2 0.3.0 metric Awarded", "run 2 0.4 heading Over the fiscal years"]
    assert cards_sent(sent) == 1
    assert cards_sent(sent[:2]) == 2
    assert cards_sent([]) == 0
