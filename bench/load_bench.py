"""Measure a load against DuckDB's bare `read_csv` of the same files (SPEC §9 budget: ≤ 4×).

    python bench/load_bench.py [--participants N] [--dir DIR] [--bad-rows]

Writes a synthetic sample of N participation rows (unless DIR already holds one), then times
in one run: (1) bare `create table … as select * from read_csv(file)` of every file into a
fresh DuckDB file, (2) `etl.load` of the same files into a fresh warehouse, validation, staging,
core and marts included. Prints both, their ratio, each one's peak memory (budget ≤ 4 GB for
the load) and CPU seconds (on a shared machine CPU seconds vary less than wall seconds), and
where the load's time went (read, validate, core per batch, and of core the staging insert
and the core SQL file; marts per file; the publish run's decision the load stores).

With --bad-rows it also loads the same sample with a wrong field count on every 25th line of
the participation file, and prints that load's time against the clean one: a file with bad
rows must load in time linear in its size, within 2× of the same file clean."""

from __future__ import annotations

import argparse
import os
import shutil
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
    return time.perf_counter() - started, time.process_time() - cpu, peak_mb()


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="sample folder to reuse or write")
    parser.add_argument(
        "--bad-rows", action="store_true", help="also time the load with a bad row every 25 lines"
    )
    args = parser.parse_args()
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
        bare, bare_cpu, bare_peak = bare_read_csv(files, Path(scratch) / "bare.duckdb")
        ours, ours_cpu, ours_peak = timed_load(files, Path(scratch) / "warehouse.duckdb")
        print(f"bare read_csv:  {bare:7.1f} s  {bare_cpu:7.1f} s CPU  {bare_peak:7.0f} MB peak")
        print(
            f"etl load:       {ours:7.1f} s  {ours_cpu:7.1f} s CPU  {ours_peak:7.0f} MB peak"
            "  (validation, staging, core and marts included)"
        )
        print(
            f"ratio:          {ours / bare:7.2f} x  {ours_cpu / bare_cpu:7.2f} x CPU  (budget 4 x)"
        )
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
