"""Measure a load against DuckDB's bare `read_csv` of the same files (SPEC §9 budget: ≤ 4×).

    python bench/load_bench.py [--participants N] [--dir DIR] [--bare-runs 3] [--bad-rows]

Writes a synthetic sample of N participation rows (unless DIR already holds one), then times
in one run: (1) bare `create table … as select * from read_csv(file)` of every file into a
fresh DuckDB file, (2) `etl.load` of the same files into a fresh warehouse, validation, staging,
core and marts included. The bare read is the denominator and moves by a third between runs on
this shared machine, so it runs `--bare-runs` times (default 3: once before the load, then
after it), each printed, and the ratio is taken against their median (the range against the
fastest and slowest is printed beside it). Prints the load's and the bare read's peak memory
(budget ≤ 4 GB for the load) and CPU seconds (on a shared machine CPU seconds vary less than
wall seconds), and where the load's time went (read, validate, core per batch, and of core the
staging insert and the core SQL file; marts per file; the publish run's decision the load
stores).

With --bad-rows it also loads the same sample with a wrong field count on every 25th line of
the participation file, and prints that load's time against the clean one: a file with bad
rows must load in time linear in its size, within 2× of the same file clean."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import peak_mb, reset_peak  # noqa: E402
from etl import load as load_module  # noqa: E402
from etl import warehouse  # noqa: E402
from etl.generate import write_sample  # noqa: E402
from etl.load import input_files, load  # noqa: E402
from etl.read import RawFile  # noqa: E402


def bare_read_csv(files: list[Path], db: Path) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak MB of `create table as select * from read_csv` of each file."""
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(db))
    for i, path in enumerate(files):
        con.execute(f"create table t{i} as select * from read_csv($path)", {"path": str(path)})
    con.execute("checkpoint")
    con.close()
    seconds, cpu, peak = time.perf_counter() - started, time.process_time() - cpu, peak_mb()
    db.unlink()  # each run starts from a fresh file, and the disk does not hold them all
    return seconds, cpu, peak


BAD_EVERY = 25


def with_bad_rows(sample: Path, out: Path) -> None:
    """A copy of the sample whose participation file has one field too many on every 25th
    line (the record is rejected; the rows around it load)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in input_files([sample]):
        if path.name != "participation.csv":
            shutil.copyfile(path, out / path.name)
            continue
        with (
            open(path, encoding="utf-8") as src,
            open(out / path.name, "w", encoding="utf-8") as dst,
        ):
            for number, line in enumerate(src):
                if number and number % BAD_EVERY == 0:
                    line = line.rstrip("\n") + ",surplus\n"
                dst.write(line)


def timed_load(files: list[Path], db: Path) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak MB of `etl.load` of the files into a fresh warehouse;
    prints each file's result and where the time went."""
    marts: dict[str, float] = {}
    # Of each batch's core seconds: the staging insert, and the core SQL file, per kind.
    staged: dict[str, float] = {}
    core_sql: dict[str, float] = {}
    # The publish run's decision, worked out after the marts and kept (etl.load).
    decided: list[float] = []
    original, original_stage = warehouse.run_sql_file, load_module._stage
    original_decision = load_module.store_published_decision

    def timed_sql(con: duckdb.DuckDBPyConnection, path: Path, *args: object) -> None:
        started = time.perf_counter()
        original(con, path, *args)
        seconds = time.perf_counter() - started
        if path.parent.name == "marts":
            marts[path.name] = marts.get(path.name, 0.0) + seconds
        elif path.parent.name == "core":
            core_sql[path.stem] = core_sql.get(path.stem, 0.0) + seconds

    def timed_stage(con: duckdb.DuckDBPyConnection, raw: RawFile, batch_id: int) -> None:
        started = time.perf_counter()
        original_stage(con, raw, batch_id)
        name = raw.kind.name
        staged[name] = staged.get(name, 0.0) + time.perf_counter() - started

    def timed_decision(con: duckdb.DuckDBPyConnection, *args: object) -> bool:
        started = time.perf_counter()
        stored = original_decision(con, *args)
        decided.append(time.perf_counter() - started)
        return stored

    warehouse.run_sql_file, load_module._stage = timed_sql, timed_stage
    load_module.store_published_decision = timed_decision
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        results = load(files, db, fresh=True)
    finally:
        warehouse.run_sql_file, load_module._stage = original, original_stage
        load_module.store_published_decision = original_decision
    seconds, cpu, peak = time.perf_counter() - started, time.process_time() - cpu, peak_mb()
    for r in results:
        print(r.summary())
    con = duckdb.connect(str(db), read_only=True)
    try:
        stages = con.execute(
            "select kind, seconds_read, seconds_validate, seconds_core from meta.batches "
            "order by batch_id"
        ).fetchall()
    finally:
        con.close()
    print(
        "per batch (read / validate / core s; core = staging + core SQL + counts and rejects): "
        + ", ".join(
            f"{kind} {r:.2f}/{v:.2f}/{c:.2f} ({staged.get(kind, 0):.2f} + "
            f"{core_sql.get(kind, 0):.2f})"
            for kind, r, v, c in stages
        )
    )
    slowest = sorted(marts.items(), key=lambda item: -item[1])
    print(f"marts {sum(marts.values()):.2f} s: " + ", ".join(f"{n} {t:.2f}" for n, t in slowest))
    print(f"publish run's decision stored: {sum(decided):.2f} s")
    return seconds, cpu, peak


def print_ratio(bares: list[tuple[float, float, float]], ours: tuple[float, float, float]) -> None:
    """Each bare read, their median, the load, and the load's ratio to the median bare read
    (wall and CPU), with the ratios to the slowest and fastest bare read beside it."""
    for number, (seconds, cpu, peak) in enumerate(bares, 1):
        when = "before the load" if number == 1 else "after the load"
        print(
            f"bare read_csv {number}: {seconds:7.1f} s  {cpu:7.1f} s CPU  {peak:7.0f} MB peak"
            f"  ({when})"
        )
    walls, cpus = [b[0] for b in bares], [b[1] for b in bares]
    bare, bare_cpu = statistics.median(walls), statistics.median(cpus)
    print(f"bare median:    {bare:7.1f} s  {bare_cpu:7.1f} s CPU  (of {len(bares)} runs)")
    seconds, cpu, peak = ours
    print(
        f"etl load:       {seconds:7.1f} s  {cpu:7.1f} s CPU  {peak:7.0f} MB peak"
        "  (validation, staging, core and marts included)"
    )
    print(
        f"ratio:          {seconds / bare:7.2f} x  {cpu / bare_cpu:7.2f} x CPU"
        "  (to the median bare read; budget 4 x)"
    )
    print(
        f"ratio range:    {seconds / max(walls):.2f}–{seconds / min(walls):.2f} x  "
        f"{cpu / max(cpus):.2f}–{cpu / min(cpus):.2f} x CPU  (to the slowest and fastest bare read)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="sample folder to reuse or write")
    parser.add_argument(
        "--bare-runs",
        type=int,
        default=3,
        help="times the bare read_csv runs (once before the load, the rest after); the ratio "
        "is against their median",
    )
    parser.add_argument(
        "--bad-rows", action="store_true", help="also time the load with a bad row every 25 lines"
    )
    args = parser.parse_args()
    if args.bare_runs < 1:
        parser.error("--bare-runs must be at least 1")
    with tempfile.TemporaryDirectory() as scratch:
        sample = args.dir or Path(scratch) / "sample"
        if not (sample / "participation.csv").exists():
            sample.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            write_sample(sample, args.participants)
            print(f"sample written in {time.perf_counter() - started:.1f} s")
        files = input_files([sample])
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"{len(files)} files, {size:.0f} MB, 1-minute load average {os.getloadavg()[0]:.1f}")
        bare_db = Path(scratch) / "bare.duckdb"
        # One bare read before the load and the rest after it: a host that calms down or gets
        # busier during the run moves the median less than it moves any single run.
        bares = [bare_read_csv(files, bare_db)]
        ours, ours_cpu, ours_peak = timed_load(files, Path(scratch) / "warehouse.duckdb")
        bares += [bare_read_csv(files, bare_db) for _ in range(args.bare_runs - 1)]
        print_ratio(bares, (ours, ours_cpu, ours_peak))
        print(f"1-minute load average at the end: {os.getloadavg()[0]:.1f}")
        if args.bad_rows:
            bad_sample = Path(scratch) / "bad"
            with_bad_rows(sample, bad_sample)
            bad, _, _ = timed_load(input_files([bad_sample]), Path(scratch) / "bad.duckdb")
            print(
                f"bad rows load:  {bad:7.1f} s  (a wrong field count on every {BAD_EVERY}th line)"
            )
            print(f"bad / clean:    {bad / ours:7.2f} x  (budget 2 x)")


if __name__ == "__main__":
    main()
