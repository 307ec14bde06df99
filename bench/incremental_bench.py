"""Time small loads into a big warehouse (SPEC §9: a 10k-row file into scale L ≤ 5 s): a fresh
10k-row participation file (which rebuilds only the marts reading what it changed), the same
file again (skipped as already loaded), and every mart rebuilt, as a load did before, each with
its seconds, CPU seconds (steadier than seconds on a shared machine) and peak memory.

    python bench/incremental_bench.py [--participants N | --db FILE] [--rows 10000]

Works on a copy of the warehouse, so the one measured stays as it was. The new file's rows
name programs the warehouse holds and people it does not."""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    add_scale_arguments,
    peak_mb,
    print_table,
    reset_peak,
    scale_name,
    warehouse,
)
from etl import load as etl_load  # noqa: E402
from etl import warehouse as etl_warehouse  # noqa: E402

ROLES = ("participant",) * 8 + ("organizer", "mentee", "volunteer", "mentor")
HEADER = ["program_id", "username", "role", "registered_at", "edits", "bytes_added"]
HEADER += ["articles_created", "articles_edited", "uploads", "gender"]


def write_participation(db: Path, path: Path, rows: int, seed: int = 12) -> Path:
    """A participation file of `rows` new people's rows in programs the warehouse holds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        programs = [p for (p,) in con.execute("select program_id from core.programs").fetchall()]
    finally:
        con.close()
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(
                [
                    rng.choice(programs),
                    f"Bench newcomer {seed}-{i}",
                    rng.choice(ROLES),
                    f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.randint(0, 80),
                    rng.randint(0, 20000),
                    rng.randint(0, 3),
                    rng.randint(0, 12),
                    rng.randint(0, 20),
                    rng.choice(("woman", "man", "", "non_binary")),
                ]
            )
    return path


@contextmanager
def timing_calls(module: object, name: str, into: dict[str, float]) -> Iterator[None]:
    """Add the seconds spent in `module.name` (looked up at call time) to into[name]."""
    original: Callable = getattr(module, name)

    def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            into[name] += time.perf_counter() - started

    setattr(module, name, timed)
    try:
        yield
    finally:
        setattr(module, name, original)


def measured(step: Callable[[], object]) -> tuple[object, float, float, float]:
    """(result, seconds, CPU seconds, peak MB of this process during the step)."""
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - started, time.process_time() - cpu, peak_mb()


def incremental_load(db: Path, file: Path) -> tuple[float, float, float, dict[str, float]]:
    """Load one file and print its result; return its seconds, CPU seconds, peak MB, and the
    seconds of load_file, of build_marts (of which store_published_decision) and of the rest."""
    parts: dict[str, float] = defaultdict(float)
    per_file: dict[str, float] = defaultdict(float)
    original = etl_warehouse.run_sql_file

    def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path, *args: object) -> None:
        started = time.perf_counter()
        original(con, path, *args)
        per_file[path.relative_to(etl_warehouse.SQL_DIR).as_posix()] += (
            time.perf_counter() - started
        )

    etl_warehouse.run_sql_file = run_sql_file
    try:
        with (
            timing_calls(etl_load, "load_file", parts),
            timing_calls(etl_load, "build_marts", parts),
            timing_calls(etl_load, "store_published_decision", parts),
        ):
            (result,), seconds, cpu, peak = measured(lambda: etl_load.load([file], db))
    finally:
        etl_warehouse.run_sql_file = original
    print(result.summary())
    print(
        "its SQL files (s): " + ", ".join(f"{n} {s:.2f}" for n, s in per_file.items() if s >= 0.01)
    )
    parts["rest"] = seconds - parts["load_file"] - parts["build_marts"]
    return seconds, cpu, peak, parts


def marts_alone(db: Path) -> tuple[float, float, float, dict[str, tuple[float, float]]]:
    """Every mart rebuilt (`etl.load.build_marts` with no change named): seconds, CPU seconds,
    peak MB, (seconds, CPU seconds) per mart file."""
    con = duckdb.connect(str(db))
    try:
        etl_warehouse.prepare(con)
        per_file: dict[str, tuple[float, float]] = {}
        original = etl_warehouse.run_sql_file

        def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path, *args: object) -> None:
            started, cpu = time.perf_counter(), time.process_time()
            original(con, path, *args)
            per_file[path.name] = (time.perf_counter() - started, time.process_time() - cpu)

        etl_warehouse.run_sql_file = run_sql_file
        try:
            _, seconds, cpu, peak = measured(lambda: etl_load.build_marts(con))
        finally:
            etl_warehouse.run_sql_file = original
        con.execute("checkpoint")
    finally:
        con.close()
    return seconds, cpu, peak, per_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the new file")
    args = parser.parse_args()
    source = warehouse(args)
    with tempfile.TemporaryDirectory(dir=source.parent) as scratch:
        db = Path(scratch) / "warehouse.duckdb"
        started = time.perf_counter()
        shutil.copyfile(source, db)
        copy = time.perf_counter() - started
        size = db.stat().st_size / 1e6
        file = write_participation(db, Path(scratch) / "participation_new.csv", args.rows)
        print(f"small loads into a copy of the warehouse at {scale_name(args)} ({size:.0f} MB)")
        seconds, cpu, peak, parts = incremental_load(db, file)
        (again,), reload_s, reload_cpu, reload_peak = measured(lambda: etl_load.load([file], db))
        print(again.summary())
        alone_s, alone_cpu, alone_peak, per_file = marts_alone(db)
    nan = float("nan")
    print_table(
        ("step", "seconds", "CPU s", "peak MB"),
        [
            (f"load a new {args.rows:,}-row participation file", seconds, cpu, peak),
            ("  of which: read, validate, stage, core (load_file)", parts["load_file"], nan, nan),
            ("  of which: the marts it reaches (build_marts)", parts["build_marts"], nan, nan),
            (
                "    of which: the publish run's decision (store_published_decision)",
                parts["store_published_decision"],
                nan,
                nan,
            ),
            ("  of which: copy, checkpoint and swap of the file", parts["rest"], nan, nan),
            ("reload of the same file (skipped)", reload_s, reload_cpu, reload_peak),
            ("every mart rebuilt (build_marts, as before)", alone_s, alone_cpu, alone_peak),
            ("(for scale: a bare copy of the warehouse file)", copy, nan, nan),
        ],
    )
    print(
        "every mart rebuilt, per file (s / CPU s): "
        + ", ".join(f"{n} {s:.2f} / {c:.2f}" for n, (s, c) in per_file.items())
    )
    print("budget: the new file ≤ 5 s at scale L")


if __name__ == "__main__":
    main()
