"""Read one input file into a temporary table of text columns named as the canonical schema,
with the source row number of each record; detect the kind of file from its header.

Row numbers count as a spreadsheet does: the header is row 1, the first record row 2
(for JSON, the first record is row 1)."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl import sources
from etl.errors import LoadError
from etl.schemas import KINDS, Kind, header_key, header_names

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
SUFFIXES = TEXT_SUFFIXES | {".xlsx", ".parquet", ".json"}
DELIMITERS = (",", ";", "\t")
BLANK_LINE = re.compile(rb"\n\r?\n")
CHUNK = 8 << 20


@dataclass(frozen=True)
class RawFile:
    """One canonical part of a file, read into a temp table (source_row + canonical text
    columns). A canonical file is one part; a source format may give several."""

    path: Path
    content_hash: str
    kind: Kind
    columns: tuple[str, ...]
    extra_columns: tuple[str, ...]
    rows_read: int
    reader_rejects: tuple[tuple[int, str], ...]  # (row, reason) of records the parser refused
    table: str = "raw_input"  # the view validation reads; a part's rows are in their own table
    source_format: str | None = None
    notes: tuple[str, ...] = ()


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_file(
    con: duckdb.DuckDBPyConnection, path: Path, context: sources.Context | None = None
) -> list[RawFile]:
    """Read `path` into temp tables, one per canonical part; raise LoadError naming file, row
    and column if it can't."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(
            path.name, f"unsupported file type '{suffix}' (expected {', '.join(sorted(SUFFIXES))})"
        )
    if path.stat().st_size == 0:
        raise LoadError(path.name, "the file is empty; expected a header row", row=1)
    digest = content_hash(path)
    context = context or sources.Context()
    if suffix in TEXT_SUFFIXES:
        return _read_text(con, path, digest, context)
    frame, first_row = _read_frame(con, path)
    header = [str(c) for c in frame.columns]
    source_format = sources.find([header_key(h) for h in header])
    if source_format:
        keyed = frame.set_axis([header_key(h) for h in header], axis=1).astype("string")
        keyed.insert(0, "source_row", range(first_row, first_row + len(keyed)))
        return _convert(con, path, digest, source_format, keyed.fillna(""), context, ())
    return [_from_frame(con, path, digest, frame, first_row)]


def detect_kind(file: str, header: list[str]) -> tuple[Kind, dict[int, str], list[str]]:
    """The kind whose columns the header names, {position: canonical column}, extra names."""
    keys = [header_key(name) for name in header]
    fits, near = [], []
    for kind in (k for k in KINDS.values() if k.detected):
        names = header_names(kind)
        matched = {names[k] for k in keys if k in names}
        missing = [c for c in kind.required if c not in matched]
        (near if missing else fits).append((len(matched), kind, missing))
    # A header that names more columns of a kind it misses one required column of than of
    # any kind it fits is that kind, incomplete (a grants file without `fund` is not an
    # organizations file because it has organization_id and organization_name).
    best_fit = max((f[0] for f in fits), default=0)
    closer = [n for n in near if n[0] > best_fit and len(n[2]) == 1]
    if not fits or closer:
        score, kind, missing = max(closer or near, key=lambda n: n[0] - len(n[2]))
        if score >= 2 and score > len(missing):
            raise LoadError(
                file,
                f"required column '{missing[0]}' is missing for a {kind.name} file "
                f"(required: {', '.join(kind.required)})",
                row=1,
                column=missing[0],
            )
        raise LoadError(
            file,
            f"unrecognised kind of file: header ({', '.join(header[:8])}) fits none of "
            f"{', '.join(KINDS)}",
            row=1,
        )
    fits.sort(key=lambda f: -f[0])
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        raise LoadError(
            file, f"header fits both {fits[0][1].name} and {fits[1][1].name} files", row=1
        )
    kind = fits[0][1]
    names = header_names(kind)
    positions: dict[int, str] = {}
    for i, key in enumerate(keys):
        canonical = names.get(key)
        if canonical is None:
            continue
        if canonical in positions.values():
            raise LoadError(file, f"two columns both give '{canonical}'", row=1, column=header[i])
        positions[i] = canonical
    extra = [header[i] for i in range(len(header)) if i not in positions]
    return kind, positions, extra


def _scan_text(path: Path, delimiter: str) -> list[int]:
    """Check that the file is UTF-8 (else raise naming row and column) and return the numbers
    of its empty lines, which the CSV reader skips but which count as rows for the user."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank_lines: list[int] = []
    offset, newlines_before, previous = 0, 0, b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                _raise_encoding_error(path, offset + e.start, delimiter)
            if not chunk:
                return blank_lines
            # Look across the chunk boundary: keep the previous chunk's last two bytes.
            window = previous + chunk
            for match in BLANK_LINE.finditer(window):
                newlines = (
                    newlines_before - previous.count(b"\n") + window.count(b"\n", 0, match.start())
                )
                line = newlines + 2
                if not blank_lines or blank_lines[-1] != line:
                    blank_lines.append(line)
            newlines_before += chunk.count(b"\n")
            previous = chunk[-2:]
            offset += len(chunk)


def _raise_encoding_error(path: Path, position: int, delimiter: str | None) -> None:
    data = path.read_bytes()[: position + 1]
    line_start = data.rfind(b"\n", 0, position) + 1
    row = data.count(b"\n", 0, position) + 1
    prefix = data[line_start:position].decode("utf-8", errors="replace")
    column = max(len(_split_header(prefix + "x", delimiter or ",")), 1)
    header = _split_header(_first_line(path, errors="replace"), delimiter or ",")
    name = header[column - 1] if column <= len(header) else f"#{column}"
    raise LoadError(
        path.name,
        f"byte 0x{data[position]:02x} is not UTF-8; save the file as UTF-8 and load it again",
        row=row,
        column=name,
    )


def _first_line(path: Path, errors: str = "strict") -> str:
    with open(path, "rb") as f:
        line = f.readline(1 << 20)
    return line.decode("utf-8", errors=errors).lstrip("\ufeff").rstrip("\r\n")


def _sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header most (quoted text does not count)."""
    unquoted = "".join(part for i, part in enumerate(header_line.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=delimiter), [])


def _read_text(
    con: duckdb.DuckDBPyConnection, path: Path, digest: str, context: sources.Context
) -> list[RawFile]:
    try:
        header_line = _first_line(path)
    except UnicodeDecodeError:
        header_line = _first_line(path, errors="replace")
    delimiter = _sniff_delimiter(header_line)
    blank_lines = _scan_text(path, delimiter)
    header = _split_header(header_line, delimiter)
    if not any(h.strip() for h in header):
        raise LoadError(path.name, "the first row is blank; expected a header row", row=1)
    source_format = sources.find([header_key(h) for h in header])
    if source_format:
        kind, positions, extra = None, dict(enumerate(_unique_keys(header))), []
    else:
        kind, positions, extra = detect_kind(path.name, header)
    types = {f"c{i}": "VARCHAR" for i in range(len(header))}
    con.execute("drop view if exists raw_input")
    con.execute("drop table if exists reader_out")
    try:
        con.execute(
            """
            create temp table reader_out as
            select * from read_csv(
                $path, delim = $delim, header = true, columns = $columns, auto_detect = false,
                quote = '"', escape = '"', store_rejects = true, skip = 0
            )
            """,
            {"path": str(path), "delim": delimiter, "columns": types},
        )
    except duckdb.Error as e:
        raise LoadError(path.name, f"cannot be read as delimited text: {_first(e)}") from e
    rejected = con.execute(
        """
        select line, min(error_type || coalesce(' (' || error_message || ')', ''))
        from reject_errors group by line order by line
        """
    ).fetchall()
    con.execute("drop table if exists reject_errors")
    con.execute("drop table if exists reject_scans")
    reader_rejects = tuple((int(line), f"unreadable record: {msg}") for line, msg in rejected)
    # A record's row number: its position among the kept records, shifted by the rejected
    # records and blank lines before it (the j-th skipped line, 1-based, precedes kept rowids
    # ≥ line − j − 1).
    con.execute("drop table if exists reader_rejected_lines")
    con.execute("create temp table reader_rejected_lines (line bigint)")
    skipped = sorted({r for r, _ in reader_rejects} | set(blank_lines))
    if skipped:
        con.executemany("insert into reader_rejected_lines values (?)", [(r,) for r in skipped])
    select_columns = ", ".join(f'c{i} as "{name}"' for i, name in sorted(positions.items()))
    # Without skipped lines (the usual case) the row number is the row id: a view will do, and
    # saves copying every row once more.
    row_number = (
        "r.rowid + 2 + (select count(*) from thresholds t where t.first_rowid_after <= r.rowid)"
        if skipped
        else "r.rowid + 2"
    )
    con.execute(
        f"""
        create or replace temp view raw_input as
        with thresholds as (
            select line - row_number() over (order by line) - 1 as first_rowid_after
            from reader_rejected_lines
        )
        select {row_number} as source_row, {select_columns}
        from reader_out r
        """  # noqa: S608 - names are the schema's, or header keys made of [a-z0-9_]
    )
    if source_format:
        frame = con.execute("select * from raw_input").df().astype("string").fillna("")
        frame["source_row"] = frame["source_row"].astype(int)
        return _convert(con, path, digest, source_format, frame, context, reader_rejects)
    rows = con.execute("select count(*) from raw_input").fetchall()[0][0]
    return [
        RawFile(
            path,
            digest,
            kind,
            tuple(positions.values()),
            tuple(extra),
            rows + len(reader_rejects),
            reader_rejects,
        )
    ]


def _unique_keys(header: list[str]) -> list[str]:
    """Header keys for a source format's frame; a repeated or empty name gets a suffix."""
    keys: list[str] = []
    for i, name in enumerate(header):
        key = header_key(name) or f"column_{i + 1}"
        keys.append(key if key not in keys else f"{key}_{i + 1}")
    return keys


def _convert(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    source_format: sources.SourceFormat,
    frame: pd.DataFrame,
    context: sources.Context,
    reader_rejects: tuple[tuple[int, str], ...],
) -> list[RawFile]:
    """Turn a source format's rows into canonical parts, each in its own temp table."""
    try:
        parts = source_format.convert(frame, context)
    except LoadError:
        raise
    except (KeyError, ValueError) as e:
        raise LoadError(path.name, f"cannot be read as {source_format.name}: {e}") from e
    raw_files = []
    for i, part in enumerate(parts):
        kind = KINDS[part.kind]
        known = [c.name for c in kind.columns if c.name in part.frame.columns]
        table = f"raw_part_{i}"
        text = part.frame[["source_row", *known]]
        con.register("part_frame", text)
        con.execute(f"create or replace temp table {table} as select * from part_frame")  # noqa: S608
        con.unregister("part_frame")
        raw_files.append(
            RawFile(
                path,
                digest,
                kind,
                tuple(known),
                (),
                len(text) + (len(reader_rejects) if i == 0 else 0),
                reader_rejects if i == 0 else (),
                table=table,
                source_format=source_format.name,
                notes=part.notes,
            )
        )
    return raw_files


def _first(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _read_frame(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[pd.DataFrame, int]:
    """A spreadsheet, Parquet or JSON file as a frame of text cells, and its first row number."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            frame = pd.read_excel(path, header=None, dtype=str, keep_default_na=False)
            if frame.empty:
                raise LoadError(path.name, "the sheet is empty; expected a header row", row=1)
            header = [str(h) for h in frame.iloc[0]]
            frame = frame.iloc[1:].reset_index(drop=True)
            frame.columns = header
            return frame, 2
        if suffix == ".parquet":
            frame = con.execute("select * from read_parquet($path)", {"path": str(path)}).df()
            return frame, 2
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except LoadError:
        raise
    except UnicodeDecodeError as e:
        raise LoadError(path.name, f"byte 0x{e.object[e.start]:02x} is not UTF-8") from e
    except (ValueError, OSError, duckdb.Error) as e:
        raise LoadError(path.name, f"cannot be read as {suffix[1:]}: {_first(e)}") from e
    if isinstance(data, dict) and "headers" in data and "rows" in data:
        return pd.DataFrame(data["rows"], columns=data["headers"]), 1
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        return pd.DataFrame(data), 1
    raise LoadError(
        path.name, "JSON must be a list of records or a Quarry result {meta, headers, rows}"
    )


def _from_frame(
    con: duckdb.DuckDBPyConnection, path: Path, digest: str, frame: pd.DataFrame, first_row: int
) -> RawFile:
    header = [str(c) for c in frame.columns]
    kind, positions, extra = detect_kind(path.name, header)
    text = pd.DataFrame(
        {
            name: frame.iloc[:, i].map(lambda v: "" if v is None or v != v else str(v))
            for i, name in positions.items()
        }
    )
    text.insert(0, "source_row", range(first_row, first_row + len(text)))
    con.register("frame_input", text)
    con.execute("create or replace temp table frame_rows as select * from frame_input")
    con.execute("create or replace temp view raw_input as from frame_rows")
    con.unregister("frame_input")
    return RawFile(path, digest, kind, tuple(positions.values()), tuple(extra), len(text), ())
