"""Measure a load against DuckDB's bare `read_csv` of the same files (SPEC §9 budget: ≤ 4×).

    python bench/load_bench.py [--participants N] [--dir DIR] [--bad-rows]

Writes a synthetic sample of N participation rows (unless DIR already holds one), then times
in one run: (1) bare `create table … as select * from read_csv(file)` of every file into a
fresh DuckDB file, (2) `etl.load` of the same files into a fresh warehouse, validation, staging,
core and marts included. Prints both and their ratio.

With --bad-rows it also loads the same sample with a wrong field count on every 25th line of
the participation file, and prints that load's time against the clean one: a file with bad
rows must load in time linear in its size, within 2× of the same file clean."""

from __future__ import annotations

import argparse
import shutil
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


def timed_load(files: list[Path], db: Path) -> float:
    started = time.perf_counter()
    results = load(files, db, fresh=True)
    seconds = time.perf_counter() - started
    for r in results:
        print(r.summary())
    return seconds


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
        print(f"{len(files)} files, {size:.0f} MB")
        bare = bare_read_csv(files, Path(scratch) / "bare.duckdb")
        ours = timed_load(files, Path(scratch) / "warehouse.duckdb")
        print(f"bare read_csv:  {bare:7.1f} s")
        print(f"etl load:       {ours:7.1f} s  (validation, staging, core and marts included)")
        print(f"ratio:          {ours / bare:7.2f} x  (budget 4 x)")
        if args.bad_rows:
            bad_sample = Path(scratch) / "bad"
            with_bad_rows(sample, bad_sample)
            bad = timed_load(input_files([bad_sample]), Path(scratch) / "bad.duckdb")
            print(
                f"bad rows load:  {bad:7.1f} s  (a wrong field count on every {BAD_EVERY}th line)"
            )
            print(f"bad / clean:    {bad / ours:7.2f} x  (budget 2 x)")


if __name__ == "__main__":
    main()
