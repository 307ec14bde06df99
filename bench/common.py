"""What the bench scripts share: the warehouse to measure (the demo's, one generated at a scale
with `python -m etl sample`, or a given file), the app served on a free loopback port, memory
read from /proc, and figures printed as aligned tables."""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Generated samples and warehouses, reused by later runs while the ETL code is unchanged.
OUT = Path(os.environ.get("BENCH_OUT") or ROOT / "bench" / "out")
DEMO_SAMPLE = ROOT / "data" / "sample"

# Debian's Chromium, launched as the tests launch it too (tests/conftest.py imports these).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's notes advise: without these, Chromium keeps calling out to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# ---- the warehouse to measure ---------------------------------------------------------------


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """--participants N (generate) or --db FILE (given); neither means the demo data."""
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument(
        "--participants",
        type=int,
        help="generate inputs of N participation rows with `python -m etl sample` and load them "
        "(kept under bench/out, or $BENCH_OUT, for later runs); default: the demo data",
    )
    scale.add_argument("--db", type=Path, help="measure this warehouse file instead")


def scale_name(args: argparse.Namespace) -> str:
    """The scale measured, and how busy the machine was: figures of a shared machine vary."""
    if args.db:
        scale = str(args.db)
    elif args.participants:
        scale = f"{args.participants:,} participation rows"
    else:
        scale = "demo"
    load = os.getloadavg()[0]
    return f"{scale} ({os.cpu_count()} cores, 1-minute load average {load:.1f})"


def sample_folder(participants: int | None) -> Path:
    """The canonical input files of a scale: data/sample for the demo, otherwise written once by
    `python -m etl sample` into a folder of their own."""
    if participants is None:
        return DEMO_SAMPLE
    folder = OUT / f"participants-{participants}" / "sample"
    if not (folder / "participation.csv").exists():
        partial = folder.with_name("sample.partial")
        run_quietly(
            [sys.executable, "-m", "etl", "sample", "--out", str(partial)]
            + ["--participants", str(participants)]
        )
        partial.rename(folder)
    return folder


def warehouse(args: argparse.Namespace) -> Path:
    """The warehouse file the arguments name, built with `python -m etl load` when it is missing
    or older than the ETL code (a child process, so the bench's own memory stays its own)."""
    if args.db:
        if not args.db.exists():
            raise SystemExit(f"no warehouse at {args.db}")
        return args.db
    sample = sample_folder(args.participants)
    name = "demo" if args.participants is None else f"participants-{args.participants}"
    db = OUT / name / "warehouse.duckdb"
    if not _newer_than_code(db):
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        run_quietly([sys.executable, "-m", "etl", "load", str(sample), "--db", str(db)])
        print(f"built {db} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def _newer_than_code(db: Path) -> bool:
    if not db.exists():
        return False
    code = [p for p in (ROOT / "etl").rglob("*") if p.suffix in (".py", ".sql")]
    return db.stat().st_mtime > max(p.stat().st_mtime for p in code)


def run_quietly(command: Sequence[str]) -> None:
    """Run a command from the project folder; on failure, stop with its output."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


# ---- memory ---------------------------------------------------------------------------------


def _status_mb(pid: int | str, field: str) -> float:
    with open(f"/proc/{pid}/status") as status:
        found = re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def peak_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM) since it started or since reset_peak."""
    return _status_mb(pid, "VmHWM")


def reset_peak(pid: int | str = "self") -> None:
    """Start measuring a process's peak resident memory afresh (Linux ≥ 4.0)."""
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants still running."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return tree


def tree_peak_mb(pid: int) -> float:
    """Sum of the peaks of a process and its descendants: an upper bound of the tree's peak."""
    total = 0.0
    for member in process_tree(pid):
        try:
            total += peak_mb(member)
        except OSError:
            continue
    return total


# ---- the app, served --------------------------------------------------------------------------


@dataclass(frozen=True)
class App:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, timeout: float = 90, env: Mapping[str, str] | None = None) -> Iterator[App]:
    """`streamlit run server.py` on a free loopback port with GROWTH_DB set (and `env`), until the
    block ends. The benches and the browser tests serve the app this one way."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--server.headless", "true"]
        + ["--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, "GROWTH_DB": str(db), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, timeout)
        yield App(url, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("streamlit exited before serving")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"streamlit did not answer within {timeout:.0f} s")


# ---- printing -------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Rows under a header, first column left-aligned, the others right-aligned; floats with two
    decimals."""
    cells = [[_cell(v) for v in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        aligned = [row[0].ljust(widths[0])]
        aligned += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(aligned))


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:.2f}"
    return str(value)
