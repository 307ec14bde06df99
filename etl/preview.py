"""What a file would load as, before it is loaded: its kind (or source format), the canonical
parts it gives and their rows, or the one line the load would fail with. It reads into a
scratch in-memory database with the warehouse's schema and reference tables, never the
warehouse itself, so it can run while the app reads and another load writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import sources, warehouse
from etl.errors import LoadError
from etl.read import read_file


@dataclass(frozen=True)
class Preview:
    file: str
    kind: str | None = None
    parts: tuple[tuple[str, int], ...] = ()  # (canonical kind, rows read)
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return self.error
        rows = ", ".join(f"{kind} {read:,} rows" for kind, read in self.parts)
        return f"{self.file}: {self.kind} ({rows})"


def preview(path: Path, context: sources.Context | None = None) -> Preview:
    """Read `path` as a load would and say what it holds, or why it would fail."""
    con = duckdb.connect()
    try:
        warehouse.prepare(con)
        try:
            checked = sources.checked_context(context) if context else None
            parts = read_file(con, path, checked)
        except (LoadError, ValueError) as e:
            return Preview(path.name, error=str(e))
        if not parts:
            return Preview(path.name, error=f"{path.name}: nothing to load")
        first = parts[0]
        return Preview(
            path.name,
            kind=first.source_format or first.kind.name,
            parts=tuple((part.kind.name, part.rows_read) for part in parts),
        )
    finally:
        con.close()
