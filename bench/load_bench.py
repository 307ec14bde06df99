"""Measure a load against DuckDB's bare `read_csv` of the same files (SPEC §9 budget: ≤ 4×).

    python bench/load_bench.py [--participants N] [--dir DIR]

Writes a synthetic sample of N participation rows (unless DIR already holds one), then times
in one run: (1) bare `create table … as select * from read_csv(file)` of every file into a
fresh DuckDB file, (2) `etl.load` of the same files into a fresh warehouse, validation, staging,
core and marts included. Prints both and their ratio."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.generate import write_sample  # noqa: E402
from etl.load import input_files, load  # noqa: E402


def bare_read_csv(files: list[Path], db: Path) -> float:
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    for i, path in enumerate(files):
        con.execute(f"create table t{i} as select * from read_csv($path)", {"path": str(path)})
    con.execute("checkpoint")
    con.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="sample folder to reuse or write")
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
        print(f"{len(files)} files, {size:.0f} MB")
        bare = bare_read_csv(files, Path(scratch) / "bare.duckdb")
        started = time.perf_counter()
        results = load(files, Path(scratch) / "warehouse.duckdb", fresh=True)
        ours = time.perf_counter() - started
        for r in results:
            print(r.summary())
        print(f"bare read_csv:  {bare:7.1f} s")
        print(f"etl load:       {ours:7.1f} s  (validation, staging, core and marts included)")
        print(f"ratio:          {ours / bare:7.2f} x  (budget 4 x)")


if __name__ == "__main__":
    main()
