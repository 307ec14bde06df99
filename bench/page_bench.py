"""Time each page server side (SPEC §9: ≤ 1 s cold, ≤ 0.3 s warm), with Streamlit's AppTest.

    python bench/page_bench.py --db FILE

Cold: the first run of a page in this process (empty query caches); warm: the same page run
again. Prints seconds per page and the process's peak memory."""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "regions", "themes", "funding", "pathways", "learnings", "data")


def run_page(page: str) -> float:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    started = time.perf_counter()
    app.switch_page(f"views/{page}.py").run()
    elapsed = time.perf_counter() - started
    if app.exception:
        raise SystemExit(f"{page}: {app.exception[0].message}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    os.environ["GROWTH_DB"] = str(args.db)
    # AppTest runs pages outside a server, which Streamlit warns about on every run.
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print(f"{'page':<10} {'cold s':>7} {'warm s':>7}")
    for page in PAGES:
        cold = run_page(page)
        warm = run_page(page)
        print(f"{page:<10} {cold:7.2f} {warm:7.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
