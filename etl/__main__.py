"""Command line: `python -m etl demo | sample | load | upgrade | status | publish` (see README)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from etl import sources, status, warehouse
from etl.errors import one_line
from etl.load import FileResult, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the demo warehouse from data/sample")
    demo.add_argument("--db", help="warehouse file (default $GROWTH_DB or data/warehouse.duckdb)")

    sample = commands.add_parser("sample", help="write synthetic canonical input files")
    sample.add_argument("--out", required=True, type=Path, help="folder to write to")
    sample.add_argument(
        "--participants", required=True, type=int, help="participation rows to write"
    )
    sample.add_argument("--seed", type=int, default=7)

    load_cmd = commands.add_parser("load", help="load files or folders into the warehouse")
    load_cmd.add_argument("paths", nargs="+", type=Path)
    load_cmd.add_argument("--db")
    load_cmd.add_argument("--country", help="country (ISO code) of rows that name none")
    load_cmd.add_argument("--campaign", help="campaign or contest of files that name none")
    load_cmd.add_argument("--theme", help="theme code of programs that name none")

    upgrade_cmd = commands.add_parser(
        "upgrade",
        help="rebuild the marts of a warehouse an earlier version built (core rows are kept)",
    )
    upgrade_cmd.add_argument("--db")

    status_cmd = commands.add_parser("status", help="batches, counts, rejects, freshness")
    status_cmd.add_argument("--db")

    publish_cmd = commands.add_parser(
        "publish",
        help="write the suppressed open-data CSVs, their dictionary, the static report, its "
        "wikitext and the open-data bundle",
    )
    publish_cmd.add_argument("--out", required=True, type=Path, help="folder to write to")
    publish_cmd.add_argument("--db")
    publish_cmd.add_argument("--fiscal-years", nargs="*", default=[], metavar="FY2023-24")
    publish_cmd.add_argument("--regions", nargs="*", default=[], metavar="CODE")
    publish_cmd.add_argument("--themes", nargs="*", default=[], metavar="CODE")
    publish_cmd.add_argument(
        "--sections",
        nargs="*",
        metavar="NAME",
        help="report sections: overview regions themes funding pathways (default: all)",
    )

    args = parser.parse_args(argv)
    if args.command == "sample":
        return _sample(args.out, args.participants, args.seed)
    db = warehouse.db_path(args.db)
    if args.command == "publish":
        return _publish(db, args.out, args, parser)
    if args.command == "status":
        print(status.report(db))
        return 0
    if args.command == "upgrade":
        return _upgrade(db)
    if args.command == "demo":
        return _load(list(warehouse.DEMO_INPUTS), db, fresh=True)
    try:
        context = sources.checked_context(
            sources.Context(country=args.country, campaign=args.campaign, theme=args.theme)
        )
    except ValueError as e:
        parser.error(str(e))
    return _load(args.paths, db, fresh=False, context=context)


def _upgrade(db: Path) -> int:
    from etl import upgrade

    if not db.exists():
        print(f"no warehouse at {db}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        rebuilt, kept, moved = upgrade.upgrade(db)
    except Exception as e:  # noqa: BLE001 - one line for the user; the file is as it was
        print(f"FAILED  cannot upgrade {db} ({one_line(e)}); it is as it was", file=sys.stderr)
        return 1
    if not rebuilt and not kept and not moved:
        print(f"{db} is up to date")
        return 0
    done = list(moved)
    done += [f"rebuilt {len(rebuilt)} mart files"] if rebuilt else []
    done += ["kept the suppression decisions pages start from"] if kept else []
    print(f"upgraded {db}: {', '.join(done)} in {time.perf_counter() - started:.1f} s")
    return 0


def _sample(out: Path, participations: int, seed: int) -> int:
    from etl.generate import write_sample

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tqdm(total=participations, unit="rows", desc="participation", file=sys.stderr) as bar:
        written = write_sample(
            out,
            participations,
            seed=seed,
            progress=lambda file, n: bar.update(n) if file == "participation.csv" else None,
        )
    for name, rows in written.items():
        print(f"{name}: {rows} rows")
    print(f"wrote {out} in {time.perf_counter() - started:.1f} s")
    return 0


def _publish(db: Path, out: Path, args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from etl.reference import REGIONS, THEMES, fiscal_years
    from report import publish, sections
    from report.model import Scope

    choices = {
        "--fiscal-years": (args.fiscal_years, [year for year, _, _ in fiscal_years()]),
        "--regions": (args.regions, list(REGIONS)),
        "--themes": (args.themes, list(THEMES)),
        "--sections": (args.sections or [], list(sections.SECTIONS)),
    }
    for option, (given, known) in choices.items():
        unknown = [value for value in given if value not in known]
        if unknown:
            parser.error(
                f"{option}: unknown {', '.join(unknown)} (expected one of {', '.join(known)})"
            )
    if not db.exists():
        print(
            f"no warehouse at {db}: build one with `python -m etl demo` or `python -m etl load`",
            file=sys.stderr,
        )
        return 1
    scope = Scope(tuple(args.fiscal_years), tuple(args.regions), tuple(args.themes))
    outputs = publish.build(db, scope, args.sections or list(sections.SECTIONS))
    for path in publish.write(outputs, out):
        print(f"wrote {path}")
    return 0


def _load(paths: list[Path], db: Path, fresh: bool, context: sources.Context | None = None) -> int:
    """Results on standard output; failures and warnings on standard error; exit 1 if any file
    failed. Files are committed together when the load ends: if it cannot end, say that none
    of the files reported as loaded were committed."""
    started = time.perf_counter()

    def report(result: FileResult) -> None:
        if result.error:
            print(result.headline(), file=sys.stderr, flush=True)
            return
        print(result.headline(), flush=True)
        for line in result.warning_lines():
            print(f"warning: {result.path.name}: {line}", file=sys.stderr, flush=True)

    try:
        results = load(paths, db, fresh=fresh, on_file=report, context=context)
    except Exception as e:  # noqa: BLE001 - the user gets one line, and the truth about commits
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print(
            f"FAILED  the load could not finish ({type(e).__name__}: {reason}); nothing was "
            f"committed: {db} is as it was, including the files reported as loaded above",
            file=sys.stderr,
        )
        return 1
    failed = [r for r in results if r.error]
    print(
        f"{len(results) - len(failed)} of {len(results)} files loaded into {db} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
