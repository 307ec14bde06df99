"""One publish run: the open-data CSVs and their dictionary, the static report, its wikitext and
the open-data bundle, all from the same frames, so every file of the run agrees.

For the whole warehouse the files are report.html, report.wiki and open_data.zip, as SPEC §8
names them; for a narrower scope their names say it (report__FY2023-24_SSA.html)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

import queries
from etl import publish as open_data
from queries import privacy
from report import bundle, html, sections, wikitext
from report.model import Report, Scope


@dataclass(frozen=True)
class Outputs:
    """What one run produces, in memory: the Learnings page offers them as downloads, the
    command line writes them."""

    report: Report
    frames: dict[str, pd.DataFrame]
    freshness: str

    def html(self) -> str:
        return html.render(self.report)

    def wikitext(self) -> str:
        return wikitext.render(self.report)

    def name(self, stem: str, suffix: str) -> str:
        return self.report.scope.file_name(stem, suffix)


def freshness(con: duckdb.DuckDBPyConnection) -> str:
    """How recent the data is, in one line."""
    row = queries.run(con, "data_freshness").iloc[0]

    def day(value: object) -> str:
        return "–" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")

    return (
        f"{day(row['last_load'])} (last load; grants decided up to "
        f"{day(row['latest_grant_decision'])}, programs starting up to "
        f"{day(row['latest_program_start'])})"
    )


def build(
    db: Path,
    scope: Scope | None = None,
    chosen: Sequence[str] = tuple(sections.SECTIONS),
    k: int | None = None,
) -> Outputs:
    """Every output of one run for a scope (default: all) and a choice of report sections."""
    scope = scope or Scope()
    threshold = privacy.k(None if k is None else str(k))
    filters = {
        "fiscal_years": list(scope.fiscal_years),
        "regions": list(scope.regions),
        "themes": list(scope.themes),
    }
    con = queries.connect(db)
    try:
        frames = open_data.published_frames(con, threshold, filters)
        fresh = freshness(con)
        notes = queries.run(con, "annotations", filters)
    finally:
        con.close()
    report = sections.build(frames, scope, chosen, threshold, fresh, notes)
    return Outputs(report, frames, fresh)


def write(outputs: Outputs, out: Path) -> list[Path]:
    """Write the run to `out`: CSVs, dictionary, report, wikitext, datapackage, README, zip."""
    csv_files = open_data.write_files(outputs.frames, out)
    report_file = out / outputs.name("report", "html")
    report_file.write_text(outputs.html(), encoding="utf-8")
    wiki_file = out / outputs.name("report", "wiki")
    wiki_file.write_text(outputs.wikitext(), encoding="utf-8")
    archive = bundle.write(
        out, csv_files, outputs.report.k, outputs.freshness, outputs.name("open_data", "zip")
    )
    return [
        *csv_files,
        report_file,
        wiki_file,
        out / "datapackage.json",
        out / "README.md",
        archive,
    ]
