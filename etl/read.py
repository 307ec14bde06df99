"""Read one input file into a temporary table of text columns named as the canonical schema,
with the source row number of each record; detect the kind of file from its header.

Row numbers count as a spreadsheet does: the header is row 1, the first record row 2, a blank
line is a row and a record whose quoted cells hold line breaks is one row (for JSON, the first
record is row 1).

A text file's records are counted here, independently of the CSV parser, and every one must be
a row the parser kept, a record it refused (a reject with its reason) or a blank line; a file
whose records cannot be accounted for fails as a whole. Spreadsheet habits are undone first in
a scratch copy: UTF-16, mixed or lone-CR line ends, records too long for the parser."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl import sources
from etl.errors import LoadError, one_line
from etl.schemas import KINDS, LOAD_ORDER, Kind, header_key, header_names

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
SUFFIXES = TEXT_SUFFIXES | {".xlsx", ".parquet", ".json"}
DELIMITERS = (",", ";", "\t")
LINE_BREAK = re.compile(rb"\r\n|\r|\n")
CHUNK = 8 << 20
SCAN_CHUNK = 4 << 20  # bytes per vectorised step of the record scan
# A record longer than this is refused as a reject (the parser's buffer is twice as large).
MAX_RECORD_BYTES = 16 << 20
HEADER_ONLY = "the file holds a header and no rows: nothing loaded"


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
    blank_lines: int = 0  # blank lines skipped (they count as rows, not as records read)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    context: sources.Context | None = None,
    digest: str | None = None,
) -> list[RawFile]:
    """Read `path` into temp tables, one per canonical part; raise LoadError naming file, row
    and column if it can't. `digest`: its content hash, when the caller has it already."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(
            path.name, f"unsupported file type '{suffix}' (expected {', '.join(sorted(SUFFIXES))})"
        )
    if path.stat().st_size == 0:
        raise LoadError(path.name, "the file is empty; expected a header row", row=1)
    digest = digest or content_hash(path)
    context = context or sources.Context()
    if suffix in TEXT_SUFFIXES:
        return _read_text(con, path, digest, context)
    if suffix == ".xlsx":
        return _read_workbook(con, path, digest, context)
    frame, first_row = _read_frame(con, path)
    return _read_sheet(con, path, digest, context, frame, first_row, "")


def _read_sheet(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    context: sources.Context,
    frame: pd.DataFrame,
    first_row: int,
    prefix: str,
) -> list[RawFile]:
    """A frame of cells (one sheet, a Parquet or JSON file) as canonical parts; `prefix` keeps
    the temp tables of several sheets apart."""
    header = [str(c) for c in frame.columns]
    source_format = sources.find([header_key(h) for h in header])
    if source_format:
        keyed = frame.set_axis(_unique_keys(header), axis=1).astype("string")
        keyed.insert(0, "source_row", range(first_row, first_row + len(keyed)))
        notes = () if len(keyed) else (HEADER_ONLY,)
        return _convert(
            con, path, digest, source_format, keyed.fillna(""), context, (), notes, prefix=prefix
        )
    return [_from_frame(con, path, digest, frame, first_row, prefix)]


def _read_workbook(
    con: duckdb.DuckDBPyConnection, path: Path, digest: str, context: sources.Context
) -> list[RawFile]:
    """Every sheet whose header is a known kind of file, each as its own parts; a sheet that is
    not (a README, notes) is passed by with a warning. With no known sheet, the first sheet's
    header is reported."""
    if not zipfile.is_zipfile(path):
        raise LoadError(path.name, "is not an Excel workbook (an .xlsx file is a zip archive)")
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise LoadError(path.name, "is a zip archive but not an Excel workbook")
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, keep_default_na=False)
    except Exception as e:  # noqa: BLE001 - a broken workbook fails in openpyxl in many ways
        raise LoadError(path.name, f"cannot be read as xlsx: {one_line(e)}") from e
    if not sheets or all(s.empty for s in sheets.values()):
        raise LoadError(path.name, "the sheet is empty; expected a header row", row=1)
    groups: list[list[RawFile]] = []
    passed: list[str] = []
    first_error: LoadError | None = None
    for i, (name, cells) in enumerate(sheets.items()):
        if cells.empty:
            continue
        header = [str(h) for h in cells.iloc[0]]
        frame = cells.iloc[1:].reset_index(drop=True)
        frame.columns = header
        try:
            found = _read_sheet(con, path, digest, context, frame, 2, f"sheet{i}_")
        except LoadError as e:
            first_error = first_error or e
            passed.append(name)
            continue
        if len(sheets) > 1:
            found = [replace(found[0], notes=(f"sheet '{name}'", *found[0].notes)), *found[1:]]
        groups.append(found)
    # Sheets load in the order files of their kinds do: programs before their participation.
    groups.sort(key=lambda g: LOAD_ORDER.index(g[0].kind.name))
    parts = [part for group in groups for part in group]
    if not parts:
        assert first_error is not None
        raise first_error
    if passed:
        note = f"sheets not loaded (their header fits no kind of file): {', '.join(passed)}"
        parts[0] = replace(parts[0], notes=(*parts[0].notes, note))
    return parts


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


@dataclass(frozen=True)
class TextScan:
    """What a text file holds, found without the CSV parser, to check the parser against: its
    records (a quoted cell may hold line breaks), which of them are blank lines, how many
    physical lines each spans, and the line endings it uses."""

    records: int  # records after the header, blank lines included
    blank_rows: np.ndarray  # row numbers (header = 1) of blank lines
    spans: np.ndarray  # physical lines of each record, indexed by row - 1
    open_quote_row: int | None  # the row of a quote still open at the end of the file
    mixed_line_ends: bool  # CR LF and LF both, or a bare CR: normalised before parsing
    long_rows: np.ndarray  # rows of records longer than MAX_RECORD_BYTES
    # Their bytes [start, end) when the vectorised scan found them: they are cut out before
    # parsing (the parser can lose the records next to one it cannot hold).
    long_spans: tuple[tuple[int, int], ...] = ()


def _scan_text(path: Path, name: str, delimiter: str) -> TextScan:
    """Check that the file is UTF-8 (else raise naming row and column) and find its records.

    Quotes are counted as the CSV parser reads them: a line break inside a quoted cell does not
    end a record. The count is vectorised; a file with a quote inside an unquoted cell (where
    counting quotes is not enough) is scanned again with Python's csv reader."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    delim = ord(delimiter)
    ends: list[np.ndarray] = []  # byte offsets of the line breaks that end records
    newline_counts: list[np.ndarray] = []  # line breaks before each of those, in the file
    cr_before: list[np.ndarray] = []  # whether a CR precedes the record-ending LF
    parity, last_byte, offset, newlines = 0, 10, 0, 0
    irregular, crlf, cr, lf = False, 0, 0, 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(SCAN_CHUNK)
            a = np.frombuffer(chunk, dtype=np.uint8)
            try:
                decoder.decode(_non_ascii(a, last_byte), final=not chunk)
            except UnicodeDecodeError:
                _raise_encoding_error(path, name, _first_invalid_byte(path), delimiter)
            if not chunk:
                break
            lf_at = np.flatnonzero(a == 10)
            if b'"' not in chunk:  # the usual case: no quotes, every LF outside them ends one
                record_end = lf_at if not parity else lf_at[:0]
                breaks_before = np.arange(len(record_end)) + newlines
            else:
                quote = a == 34
                inside = np.bitwise_xor.accumulate(quote)  # quotes so far, odd or even
                if parity:
                    inside = ~inside
                outside_before = ~(inside ^ quote)
                record_end = lf_at[outside_before[lf_at]]
                breaks_before = np.searchsorted(lf_at, record_end) + newlines
                opening = np.flatnonzero(quote & outside_before)
                if offset == 0 and chunk.startswith(codecs.BOM_UTF8):
                    opening = opening[opening != 3]  # after a BOM, the first cell starts a line
                if (
                    len(opening)
                    and not np.isin(_before(a, opening, last_byte), (delim, 10, 13)).all()
                ):
                    irregular = True
                parity = int(inside[-1])
            ends.append(record_end + offset)
            newline_counts.append(breaks_before)
            cr_before.append(_before(a, record_end, last_byte) == 13)
            if b"\r" in chunk or last_byte == 13:  # counting is slower than finding none
                crlf += chunk.count(b"\r\n") + (last_byte == 13 and chunk[:1] == b"\n")
                cr += chunk.count(b"\r")
            lf += len(lf_at)
            last_byte = int(a[-1])
            newlines += len(lf_at)
            offset += len(chunk)
    mixed = cr > crlf or (crlf > 0 and lf > crlf)
    if irregular and not mixed:
        return _scan_with_csv(path, delimiter)
    end = np.concatenate(ends) if ends else np.zeros(0, dtype=np.int64)
    line_breaks = np.concatenate(newline_counts) if newline_counts else end
    has_cr = np.concatenate(cr_before) if cr_before else np.zeros(0, dtype=bool)
    starts = np.concatenate(([-1], end[:-1]))
    length = end - starts - 1
    blank = (length == 0) | ((length == 1) & has_cr)
    spans = np.diff(np.concatenate(([-1], line_breaks)))
    trailing = offset > 0 and (not len(end) or end[-1] != offset - 1)
    if trailing:  # a last record without a line break after it
        blank = np.append(blank, False)
        spans = np.append(spans, newlines - (line_breaks[-1] if len(end) else -1))
    if trailing:
        length = np.append(length, offset - 1 - (end[-1] if len(end) else -1))
    records = len(blank)
    open_quote_row = records if parity else None
    long = np.flatnonzero(length[1:] > MAX_RECORD_BYTES) + 1  # the header is not cut out
    ends_at = np.append(end + 1, offset)  # a trailing record ends at the end of the file
    return TextScan(
        records - 1,
        np.flatnonzero(blank[1:]) + 2,
        spans,
        open_quote_row,
        mixed,
        long + 1,
        tuple((int(starts[i] + 1), int(ends_at[i])) for i in long),
    )


def _non_ascii(a: np.ndarray, last_byte: int) -> bytes:
    """The bytes of a chunk above 0x7f, each run of them with the byte after it (`last_byte`:
    the chunk before's last). An ASCII byte is a whole character, never part of one, so these
    bytes are valid UTF-8 exactly when the chunk is: decoding them alone (a few per cent of a
    file with accented names) saves most of the ~0.9 CPU s that decoding 600 MB costs."""
    high = a >= 0x80
    keep = high.copy()
    keep[1:] |= high[:-1]
    if len(keep):
        keep[0] |= last_byte >= 0x80
    return a[keep].tobytes()


def _first_invalid_byte(path: Path) -> int:
    """Where a file that is not UTF-8 stops being it, as an incremental decoder finds it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(SCAN_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                return offset + e.start
            if not chunk:
                raise ValueError(f"{path.name} is UTF-8")
            offset += len(chunk)


def _before(a: np.ndarray, positions: np.ndarray, last_byte: int) -> np.ndarray:
    """The bytes before `positions` of a chunk; before its first byte, the last of the one
    before."""
    values = a[np.maximum(positions - 1, 0)]
    return np.where(positions == 0, last_byte, values)


def _scan_with_csv(path: Path, delimiter: str) -> TextScan:
    """The records of a file with quotes inside unquoted cells, as a CSV parser reads them."""
    csv.field_size_limit(1 << 31)
    blank, spans, long_rows, previous = [], [], [], 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        for record in reader:
            blank.append(not record)
            spans.append(reader.line_num - previous)
            previous = reader.line_num
            # A character takes up to 4 bytes: only a long record is worth encoding.
            chars = sum(map(len, record))
            if chars > MAX_RECORD_BYTES // 4 and len("".join(record).encode()) > MAX_RECORD_BYTES:
                long_rows.append(len(blank))
    records = len(blank)
    long_spans: tuple[tuple[int, int], ...] = ()
    long_rows = [row for row in long_rows if row > 1]  # the header is not cut out
    if long_rows:
        # Byte ranges of the long records, from the lines each spans (the file has LF or
        # CR LF line ends only: a lone CR was normalised before).
        data = np.fromfile(path, dtype=np.uint8)
        line_starts = np.concatenate(([0], np.flatnonzero(data == 10) + 1, [len(data)]))
        last_lines = np.cumsum(spans)
        long_spans = tuple(
            (
                int(line_starts[last_lines[row - 1] - spans[row - 1]]),
                int(line_starts[min(last_lines[row - 1], len(line_starts) - 1)]),
            )
            for row in long_rows
        )
    return TextScan(
        max(records - 1, 0),
        np.flatnonzero(np.array(blank[1:], dtype=bool)) + 2,
        np.array(spans, dtype=np.int64),
        None,
        False,
        np.array(long_rows, dtype=np.int64),
        long_spans,
    )


def _raise_encoding_error(path: Path, name: str, position: int, delimiter: str | None) -> None:
    """Raise the encoding error of the byte at `position`, naming its row and column. Rows
    count line breaks as spreadsheets do (CR LF, LF or a lone CR each end one)."""
    with open(path, "rb") as f:
        data = f.read(position + 1)
    line_start = max(data.rfind(b"\n", 0, position), data.rfind(b"\r", 0, position)) + 1
    row = len(LINE_BREAK.findall(data, 0, position)) + 1
    prefix = data[line_start:position].decode("utf-8", errors="replace")
    try:
        column = max(len(_split_header(prefix + "x", delimiter or ",")), 1)
        header = _split_header(_first_line(path, errors="replace"), delimiter or ",")
    except csv.Error:
        column, header = 1, []
    column_name = header[column - 1] if column <= len(header) else f"#{column}"
    if row == 1:  # the header itself: its names are not to be trusted
        column_name = f"#{column}"
    raise LoadError(
        name,
        f"byte 0x{data[position]:02x} is not UTF-8; save the file as UTF-8 and load it again",
        row=row,
        column=column_name,
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
    """A delimited text file: UTF-16 and mixed line ends are first rewritten as UTF-8 with LF
    line ends (in a scratch copy), then parsed, and every record is accounted for."""
    with open(path, "rb") as f:
        head = f.read(4)
    scratch: Path | None = None
    try:
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            scratch = _normalised_copy(path, "utf-16")
        source = scratch or path
        header_line = _first_line(source, errors="replace")
        delimiter = _sniff_delimiter(header_line)
        scan, parsed = _scan_beside_parse(con, path.name, source, header_line, delimiter)
        if scan.mixed_line_ends:
            scratch = _normalised_copy(path, "utf-8-sig")
            source = scratch
            header_line = _first_line(source, errors="replace")
            scan, parsed = _scan_text(source, path.name, delimiter), None
        cut = _copy_without(source, scan.long_spans) if scan.long_spans else None
        try:
            return _parse_text(
                con,
                path,
                cut or source,
                digest,
                context,
                header_line,
                delimiter,
                scan,
                None if cut else parsed,
            )
        finally:
            if cut:
                cut.unlink(missing_ok=True)
    finally:
        if scratch:
            scratch.unlink(missing_ok=True)


def _scan_beside_parse(
    con: duckdb.DuckDBPyConnection, name: str, source: Path, header_line: str, delimiter: str
) -> tuple[TextScan, list[tuple[int, str]] | None]:
    """The record scan of `source` (Python, one core) and, beside it, DuckDB's parse of the
    same file into `reader_out` (its own threads): the parse of a well-formed file, the usual
    one, need not wait for the scan. Returns the scan and the parser's refused records, or
    None when the parse failed: it is run again, in order, once the scan has passed (which
    fails first, with its own reason, a file it finds unreadable)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(_scan_text, source, name, delimiter)
        try:
            width = len(_split_header(header_line, delimiter))
            parsed = _run_reader(con, source, delimiter, width) if width else None
        except (duckdb.Error, csv.Error):  # a lone CR in the header: the scan finds it
            parsed = None
        return scanning.result(), parsed


def _run_reader(
    con: duckdb.DuckDBPyConnection, source: Path, delimiter: str, width: int
) -> list[tuple[int, str]]:
    """Parse `source` into `reader_out` (`width` text columns c0, c1, …); return the records
    the parser refused as (its line number, reason), and raise duckdb.Error if it fails."""
    con.execute("drop view if exists raw_input")
    # A parse that failed (beside the scan) may have left its tables: start from none.
    for table in ("reader_out", "reject_errors", "reject_scans"):
        con.execute(f"drop table if exists {table}")
    con.execute(
        """
        create temp table reader_out as
        select * from read_csv(
            $path, delim = $delim, header = true, columns = $columns, auto_detect = false,
            quote = '"', escape = '"', store_rejects = true, skip = 0,
            max_line_size = $max_line, buffer_size = $buffer
        )
        """,
        {
            "path": str(source),
            "delim": delimiter,
            "columns": {f"c{i}": "VARCHAR" for i in range(width)},
            "max_line": MAX_RECORD_BYTES,
            "buffer": 2 * MAX_RECORD_BYTES,
        },
    )
    rejected = con.execute(
        """
        select line, min(error_type || coalesce(' (' || error_message || ')', ''))
        from reject_errors group by line order by line
        """
    ).fetchall()
    con.execute("drop table if exists reject_errors")
    con.execute("drop table if exists reject_scans")
    return rejected


def _copy_without(path: Path, spans: tuple[tuple[int, int], ...]) -> Path:
    """A scratch copy of a file without the byte ranges `spans` (over-long records)."""
    fd, name = tempfile.mkstemp(prefix="growth-", suffix=".csv")
    with open(path, "rb") as src, os.fdopen(fd, "wb") as out:
        position = 0
        for start, end in [*spans, (None, None)]:
            while start is None or position < start:
                want = CHUNK if start is None else min(CHUNK, start - position)
                chunk = src.read(want)
                if not chunk:
                    break
                out.write(chunk)
                position += len(chunk)
            if end is not None:
                src.seek(end)
                position = end
    return Path(name)


def _normalised_copy(path: Path, encoding: str) -> Path:
    """A scratch copy of a text file in UTF-8 with LF line ends (CR LF and a lone CR, as old
    Mac spreadsheets write, each become LF)."""
    fd, name = tempfile.mkstemp(prefix="growth-", suffix=".csv")
    copy = Path(name)
    try:
        with (
            open(path, encoding=encoding, newline="") as src,
            os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
        ):
            held = ""
            while chunk := src.read(CHUNK):
                text = held + chunk
                # A CR at the end of a chunk may be the first half of a CR LF.
                held = "\r" if text.endswith("\r") else ""
                text = text[:-1] if held else text
                out.write(text.replace("\r\n", "\n").replace("\r", "\n"))
            out.write("\n" if held else "")
    except UnicodeError as e:
        copy.unlink(missing_ok=True)
        raise LoadError(
            path.name, f"cannot be read as {encoding.upper()} text ({e.reason}); save it as UTF-8"
        ) from e
    return copy


def _parse_text(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: Path,
    digest: str,
    context: sources.Context,
    header_line: str,
    delimiter: str,
    scan: TextScan,
    parsed: list[tuple[int, str]] | None = None,
) -> list[RawFile]:
    """Parse `source` (the file, or its scratch copy) and account for its records; `parsed`:
    the refused records of a parse into `reader_out` already made."""
    if scan.open_quote_row is not None:
        raise LoadError(
            path.name,
            "a quoted cell opened in this row is never closed, so every line after it would be "
            "one cell; close the quote",
            row=scan.open_quote_row,
        )
    header = _split_header(header_line, delimiter)
    if not any(h.strip() for h in header):
        raise LoadError(path.name, "the first row is blank; expected a header row", row=1)
    source_format = sources.find([header_key(h) for h in header])
    if source_format:
        kind, positions, extra = None, dict(enumerate(_unique_keys(header))), []
    else:
        kind, positions, extra = detect_kind(path.name, header)
    rejected = parsed
    if rejected is None:
        try:
            rejected = _run_reader(con, source, delimiter, len(header))
        except duckdb.Error as e:
            raise LoadError(path.name, f"cannot be read as delimited text: {_first(e)}") from e
    # The parser numbers the records it saw: records cut out before it (over-long ones) are
    # put back into the numbering, and refused here.
    cut_rows = scan.long_rows if scan.long_spans else np.zeros(0, dtype=np.int64)
    remaining = np.setdiff1d(np.arange(1, scan.records + 2), cut_rows) if len(cut_rows) else None
    reader_rejects = tuple(
        (
            int(remaining[line - 1])
            if remaining is not None and 0 < line <= len(remaining)
            else int(line),
            f"unreadable record: {_first_text(msg)}",
        )
        for line, msg in rejected
    ) + tuple((int(row), f"unreadable record: {_too_long()}") for row in cut_rows)
    reader_rejects = tuple(sorted(reader_rejects))
    kept_rows, reader_rejects = _account(path.name, con, scan, reader_rejects)
    select_columns = ", ".join(f'c{i} as "{name}"' for i, name in sorted(positions.items()))
    if kept_rows is None:
        # Every record was kept (the usual case): the row number is the row id, and a view
        # saves copying every row once more.
        con.execute(
            f"""
            create or replace temp view raw_input as
            select r.rowid + 2 as source_row, {select_columns} from reader_out r
            """  # noqa: S608 - names are the schema's, or header keys made of [a-z0-9_]
        )
    else:
        # The kept records' row numbers, matched to the parser's rows by position: one pass.
        con.register("kept_rows", pd.DataFrame({"source_row": kept_rows}))
        con.execute(
            f"""
            create or replace temp table reader_rows as
            select k.source_row, {select_columns}
            from reader_out r positional join kept_rows k
            """  # noqa: S608
        )
        con.unregister("kept_rows")
        con.execute("create or replace temp view raw_input as from reader_rows")
    notes = (HEADER_ONLY,) if scan.records == len(scan.blank_rows) else ()
    # A line break inside quotes is legitimate, but a quote left open by mistake swallows the
    # lines up to the next quote into one cell: say which rows hold line breaks.
    multi_line = np.flatnonzero(scan.spans[1:] > 1) + 2
    if len(multi_line):
        shown = ", ".join(str(r) for r in multi_line[:10])
        more = f" and {len(multi_line) - 10} more" if len(multi_line) > 10 else ""
        notes += (
            f"{len(multi_line)} records have line breaks inside quoted cells (rows {shown}{more}); "
            "if that is not meant, a quote was left open there",
        )
    if source_format:
        frame = con.execute("select * from raw_input").df().astype("string").fillna("")
        frame["source_row"] = frame["source_row"].astype(int)
        return _convert(
            con,
            path,
            digest,
            source_format,
            frame,
            context,
            reader_rejects,
            notes,
            len(scan.blank_rows),
        )
    rows = scan.records - len(scan.blank_rows) - len(reader_rejects)
    return [
        RawFile(
            path,
            digest,
            kind,
            tuple(positions.values()),
            tuple(extra),
            rows + len(reader_rejects),
            reader_rejects,
            notes=notes,
            blank_lines=len(scan.blank_rows),
        )
    ]


def _account(
    name: str,
    con: duckdb.DuckDBPyConnection,
    scan: TextScan,
    reader_rejects: tuple[tuple[int, str], ...],
) -> tuple[np.ndarray | None, tuple[tuple[int, str], ...]]:
    """Check that every record of the file is a row the parser kept, a record it refused or a
    blank line, else fail the file. Return the kept records' row numbers (None when they are
    simply rows 2, 3, …: nothing refused, no blank line) and the refused records: the parser's,
    and any over-long record it dropped without a word."""
    kept = con.execute("select count(*) from reader_out").fetchall()[0][0]
    blank = scan.blank_rows
    reported = {row for row, _ in reader_rejects}
    dropped = [int(r) for r in scan.long_rows if r not in reported]
    if dropped and kept + len(reported) + len(dropped) + len(blank) == scan.records:
        reader_rejects = tuple(
            sorted(
                reader_rejects + tuple((r, f"unreadable record: {_too_long()}") for r in dropped)
            )
        )
    refused = np.array([row for row, _ in reader_rejects], dtype=np.int64)
    last = scan.records + 1
    for row in refused:
        if row < 2 or row > last or row in blank:
            raise LoadError(
                name, "the parser refused a record the file does not hold", row=int(row)
            )
        if scan.spans[row - 1] > 1:
            raise LoadError(
                name,
                f"a quoted cell opened in this row runs over {scan.spans[row - 1]} lines and the "
                "record cannot be read; close the quote",
                row=int(row),
            )
    if kept + len(refused) + len(blank) != scan.records:
        suspect = int(refused[0]) if len(refused) else int(np.argmax(scan.spans > 1)) + 1
        raise LoadError(
            name,
            f"the file holds {scan.records} records after its header but {kept} were read, "
            f"{len(refused)} refused and {len(blank)} blank: some records cannot be accounted "
            "for; check the quotes from this row on",
            row=max(suspect, 2),
        )
    if not len(refused) and not len(blank):
        return None, reader_rejects
    skipped = np.union1d(refused, blank)
    rows = np.setdiff1d(np.arange(2, last + 1, dtype=np.int64), skipped, assume_unique=True)
    return rows, reader_rejects


def _too_long() -> str:
    limit = MAX_RECORD_BYTES
    return f"longer than {limit >> 20} MB" if limit >= 1 << 20 else f"longer than {limit} bytes"


def _first_text(message: str) -> str:
    """An error message of the parser without the record it quotes (which may be huge)."""
    return message.splitlines()[0][:300] if message else ""


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
    notes: tuple[str, ...] = (),
    blank_lines: int = 0,
    prefix: str = "",
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
        table = f"{prefix}raw_part_{i}"
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
                notes=(notes if i == 0 else ()) + part.notes,
                blank_lines=blank_lines if i == 0 else 0,
            )
        )
    return raw_files


def _first(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _read_frame(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[pd.DataFrame, int]:
    """A Parquet or JSON file as a frame of cells, and its first row number."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            # Nested columns (lists, structs, maps) arrive as their text, like any other cell.
            literal = "'" + str(path).replace("'", "''") + "'"
            source = f"read_parquet({literal})"
            columns = con.execute(f"describe select * from {source}").fetchall()  # noqa: S608
            quoted = ['"' + name.replace('"', '""') + '"' for name, *_ in columns]
            cells = ", ".join(f"{q}::varchar as {q}" for q in quoted)
            frame = con.execute(f"select {cells} from {source}").df()  # noqa: S608
            return frame, 2
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as e:
        raise LoadError(path.name, f"byte 0x{e.object[e.start]:02x} is not UTF-8") from e
    except RecursionError as e:
        raise LoadError(path.name, "cannot be read as json: it is nested too deeply") from e
    except (ValueError, OSError, duckdb.Error) as e:
        raise LoadError(path.name, f"cannot be read as {suffix[1:]}: {_first(e)}") from e
    return _json_frame(path.name, data), 1


def _json_frame(name: str, data: object) -> pd.DataFrame:
    """A Quarry result {meta, headers, rows}, a list of records, or a 360Giving package
    {"grants": [...]}, as a frame. Nested records (360Giving's recipientOrganization: [{…}])
    are flattened to `Recipient Organization:Name`-like columns."""
    if isinstance(data, dict) and "headers" in data and "rows" in data:
        headers, rows = data["headers"], data["rows"]
        if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
            raise LoadError(name, "the Quarry result's 'headers' must be a list of column names")
        if not isinstance(rows, list):
            raise LoadError(name, "the Quarry result's 'rows' must be a list of rows")
        for i, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) > len(headers):
                raise LoadError(
                    name,
                    f"a Quarry row must be a list of at most {len(headers)} cells (one per header)",
                    row=i,
                )
        # A row narrower than the headers leaves its last cells blank.
        padded = [[_cell(v) for v in row] + [""] * (len(headers) - len(row)) for row in rows]
        return pd.DataFrame(padded, columns=headers, dtype="string")
    if isinstance(data, dict) and isinstance(data.get("grants"), list):
        data = data["grants"]
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        # Keys that differ only in case, spacing or camelCase (`amountAwarded` in one record,
        # `Amount Awarded` in the next) are one column, named as first written.
        names: dict[str, str] = {}
        records = []
        for record in data:
            flat: dict[str, str] = {}
            for name, value in _flatten(record).items():
                column = names.setdefault(header_key(name), name)
                if not flat.get(column):
                    flat[column] = value
            records.append(flat)
        return pd.DataFrame(records, columns=list(names.values()), dtype="string")
    raise LoadError(
        name,
        "JSON must be a list of records, a Quarry result {meta, headers, rows} or a 360Giving "
        'package {"grants": [...]}',
    )


def _cell(value: object) -> str:
    """A JSON value as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _words(key: str) -> str:
    """camelCase as words, as 360Giving's JSON names its CSV columns: amountAwarded → amount
    Awarded (a spaced key stays as it is)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)


def _flatten(record: dict, prefix: str = "", depth: int = 0) -> dict[str, str]:
    """A record's nested objects as `Outer:Inner` columns; of a list of objects, the first
    (360Giving's recipientOrganization and beneficiaryLocation are lists of one)."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{_words(str(key))}"
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            value = value[0]
        if isinstance(value, dict) and depth < 4:
            flat.update(_flatten(value, f"{name}:", depth + 1))
        else:
            flat.setdefault(name, _cell(value))
    return flat


def _from_frame(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    frame: pd.DataFrame,
    first_row: int,
    prefix: str = "",
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
    notes = () if len(text) else (HEADER_ONLY,)
    table = f"{prefix}frame_rows"
    con.register("frame_input", text)
    con.execute(f"create or replace temp table {table} as select * from frame_input")  # noqa: S608
    con.unregister("frame_input")
    return RawFile(
        path,
        digest,
        kind,
        tuple(positions.values()),
        tuple(extra),
        len(text),
        (),
        table=table,
        notes=notes,
    )
