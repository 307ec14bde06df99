"""What a report holds, apart from how it is written out: sections of chart blocks, each block a
title, a definition, the table of its numbers (suppression flags included) and the figure the
app draws from the same table. The HTML and wikitext writers both read this model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ui import format as fmt


@dataclass(frozen=True)
class Scope:
    """The filters a report was built for: empty means all."""

    fiscal_years: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def describe(self) -> str:
        """The scope in words, for the report's header: 'fiscal years FY2023-24; regions all'."""
        parts = [
            ("fiscal years", self.fiscal_years),
            ("regions", self.regions),
            ("themes", self.themes),
        ]
        return "; ".join(
            f"{label} {', '.join(codes) if codes else 'all'}" for label, codes in parts
        )

    def slug(self) -> str:
        """The scope in a file name: 'FY2023-24_SSA' or 'all'."""
        codes = [*self.fiscal_years, *self.regions, *self.themes]
        return "_".join(codes) if codes else "all"

    def file_name(self, stem: str, suffix: str) -> str:
        """A published file's name: as SPEC §8 names it for everything (report.html), with the
        scope in it otherwise (report__FY2023-24_SSA.html)."""
        scope = self.slug()
        return f"{stem}.{suffix}" if scope == "all" else f"{stem}__{scope}.{suffix}"


@dataclass(frozen=True)
class Block:
    """One chart: its numbers as a table and the figure drawn from them.

    `table` holds raw values: a `<column>_suppressed` flag beside a column marks its hidden
    cells; `formats` maps columns to usd, share, count or number; `labels` renames columns for
    readers."""

    name: str
    title: str
    definition: str
    table: pd.DataFrame
    figure: go.Figure | None = None
    text: str = ""
    formats: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def columns(self) -> list[str]:
        """The table's columns that readers see: not the suppression flags."""
        return [c for c in self.table.columns if not str(c).endswith("_suppressed")]

    def header(self) -> list[str]:
        return [self.labels.get(c, c) for c in self.columns()]

    def rows(self) -> list[list[str]]:
        """The table's cells as text, hidden cells as 'hidden'."""
        columns = self.columns()
        out = []
        for _, row in self.table.iterrows():
            cells = []
            for column in columns:
                flag = f"{column}_suppressed"
                if flag in self.table and _true(row[flag]):
                    cells.append(fmt.hidden())
                else:
                    cells.append(cell(row[column], self.formats.get(column)))
            out.append(cells)
        return out


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]
    intro: str = ""


@dataclass(frozen=True)
class Report:
    title: str
    scope: Scope
    freshness: str
    k: int
    sections: tuple[Section, ...]
    methodology: tuple[tuple[str, str], ...] = ()


def _true(value: object) -> bool:
    return value is not None and value is not pd.NA and bool(value) is True


def cell(value: object, kind: str | None) -> str:
    """One value as the app shows it: USD, counts, shares and numbers through ui.format."""
    formatters = {
        "usd": fmt.usd,
        "share": fmt.share,
        "count": fmt.count,
        "number": fmt.number,
        "index": lambda v: fmt.number(v, 2),
    }
    if kind in formatters:
        return formatters[kind](value)
    return "–" if value is None or pd.isna(value) else str(value)
