"""Load input files into the warehouse: read → validate → stage → core, one batch per file,
then rebuild the marts. Each file is one transaction; the live warehouse is swapped only when
at least one file changed it.

When a later file carries an id an earlier file already loaded (same grant_id, program_id,
organization_id; same program × person × role; same person × role × body × start date; same
fiscal year × region; same month × region), the later row replaces the earlier one and the
batch counts it under `rows_replaced`. A file whose content was loaded before is skipped."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

import queries
from etl import marts, publish, sources, warehouse
from etl.errors import LoadError, one_line
from etl.read import SUFFIXES, RawFile, content_hash, read_file
from etl.schemas import LOAD_ORDER, Kind
from etl.validate import staged_columns, validate
from queries import privacy, stored
from ui import page_views

CORE_DIR = marts.CORE_DIR


@dataclass
class FileResult:
    """What happened to one file: loaded as a batch, skipped as already loaded, or failed."""

    path: Path
    kind: str | None = None
    batch_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    rows_replaced: int = 0
    warnings: int = 0
    blank_lines: int = 0
    skipped_as_batch: int | None = None
    error: str | None = None
    ignored_columns: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
    # A source format's file, per canonical part: (kind, read, loaded, rejected, duplicates).
    parts: tuple[tuple[str, int, int, int, int], ...] = field(default=())
    # The kinds whose core tables the batch wrote: they say which marts to rebuild.
    kinds: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """The headline and, on lines of their own, the warnings."""
        return "\n        ".join([self.headline(), *self.warning_lines()])

    def warning_lines(self) -> list[str]:
        """What the load noticed (ignored columns, notes of the conversion)."""
        if self.error or self.skipped_as_batch is not None:
            return []
        ignored = [f"ignored columns: {', '.join(self.ignored_columns)}"]
        return (ignored if self.ignored_columns else []) + list(self.notes)

    def headline(self) -> str:
        """One line: failed with the reason, skipped, or loaded with every record accounted
        for (read = loaded + rejected; blank lines are skipped, not read)."""
        if self.error:
            return f"FAILED  {self.error}"
        if self.skipped_as_batch is not None:
            return f"skipped {self.path.name}: already loaded as batch {self.skipped_as_batch}"
        counts = [
            f"{self.rows_read} read, {self.rows_loaded} loaded, {self.rows_rejected} rejected "
            f"({self.rows_duplicate} duplicates)"
        ]
        if self.parts:
            counts = [
                f"{kind} {read} read, {loaded} loaded, {rejected} rejected ({duplicate} duplicates)"
                for kind, read, loaded, rejected, duplicate in self.parts
            ]
        if self.blank_lines:
            counts[-1] += f", {self.blank_lines} blank lines skipped"
        return (
            f"loaded  {self.path.name} as {self.kind} (batch {self.batch_id}): "
            f"{'; '.join(counts)}, {self.rows_replaced} replaced earlier rows, "
            f"{self.warnings} warnings"
        )


# Notes that travel with data files (SOURCE.txt, README.txt): a folder load passes them by.
DOCUMENT_STEMS = {"source", "sources", "readme", "license", "licence", "notes", "changelog"}

# Exports named as their tools name them, by a word of the file name: the Dashboard's courses
# load as programs, before the students, instructors, articles and Wikidata exports naming them.
SOURCE_WORDS = (
    ("students", "participation"),
    ("instructors", "participation"),
    ("facilitators", "participation"),
    ("editors", "participation"),
    ("users", "participation"),
    ("articles", "participation"),
    ("wikidata", "participation"),
    ("courses", "programs"),
)


def input_files(paths: list[Path]) -> list[Path]:
    """Files named and files inside folders named (not hidden, not notes such as SOURCE.txt),
    each once, in load order: organizations, grants, programs, participation, roles, budgets,
    active editors."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not p.name.startswith(".")
                and p.stem.lower() not in DOCUMENT_STEMS
            )
        else:
            found.append(path)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_load_rank)


def _load_rank(path: Path) -> int:
    stem = path.stem.lower()
    ranks = [i for i, kind in enumerate(LOAD_ORDER) if kind in stem or kind.rstrip("s") in stem]
    if not ranks:
        ranks = [LOAD_ORDER.index(kind) for word, kind in SOURCE_WORDS if word in stem][:1]
    return min(ranks, default=len(LOAD_ORDER))


def load(
    paths: list[Path],
    db: Path,
    fresh: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
    context: sources.Context | None = None,
    on_stage: Callable[[str, str], None] | None = None,
) -> list[FileResult]:
    """Load files and folders into the warehouse at `db`; return what happened to each file.
    `on_file` hears of each file's result; `on_stage(file name, stage)` of each stage begun:
    read, validate and core per file, then marts once: every mart for a `fresh` load, else
    only those reading what the loaded batches changed."""
    files = input_files(paths)
    results: list[FileResult] = []
    with warehouse.writing(db, fresh=fresh) as con:
        person_salt = warehouse.salt(con)
        for path in files:
            try:
                result = load_file(con, path, person_salt, context, on_stage)
            except Exception as e:  # noqa: BLE001 - one file's failure is one line, not a crash
                error = LoadError(path.name, f"could not be loaded: {one_line(e)}")
                result = FileResult(path, error=str(error))
            results.append(result)
            if on_file:
                on_file(result)
        if not any(r.batch_id for r in results) and not fresh:
            raise warehouse.Unchanged
        if on_stage:
            on_stage("", "marts")
        changed = {t for r in results if r.batch_id for k in r.kinds for t in marts.written_by(k)}
        build_marts(con, None if fresh else changed)
    return results


def store_published_decision(
    con: duckdb.DuckDBPyConnection, rebuilt: list[Path], pages: bool = False
) -> bool:
    """Decide the publish run of everything at $GROWTH_K, and with `pages` the pages at their
    default filters within it (ui.page_views.defaults), and keep them in the warehouse, for the
    pages to start from (queries.stored); return whether they were worked out anew. Decisions
    kept for this k and code stay when their queries read only mart and reference tables and
    the load `rebuilt` none of the marts; any other load decides them again. A load keeps the
    publish run's alone: the pages' cost ~4.7 CPU s at 10M, a tenth of the load's budget (SPEC
    §9), so `etl upgrade`, which `make run` calls before serving, keeps them (`pages`); until
    then pages decide live, which gives the same decision."""
    requests, k = publish.requests(), privacy.k()
    views = page_views.defaults(con) if pages else []
    names = {name for view in (requests, *views) for name, _ in view.values()}
    reads = frozenset().union(*(marts.read_by(queries.sql(name)) for name in names))
    # a change to the reference tables rebuilds every mart: reading them is reading marts
    untouched = all(
        name.startswith("marts.") or name in marts.REFERENCE_TABLES for name in reads
    ) and not (reads & marts.created_by(rebuilt))
    if (
        untouched
        and stored.is_kept(con, requests, k)
        and all(stored.is_kept(con, v, k, [requests]) for v in views)
    ):
        return False
    stored.store(con, requests, k, views)
    return True


def build_marts(
    con: duckdb.DuckDBPyConnection, changed: set[str] | None = None, pages: bool = False
) -> list[Path]:
    """Rebuild the marts from core: every one, or those reading the `changed` tables (see
    etl.marts), then the decisions pages start from when they changed what those read (with
    `pages`, the pages' own too: see `store_published_decision`); return the mart files run."""
    rebuilt = marts.build(con, changed)
    store_published_decision(con, rebuilt, pages)
    return rebuilt


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    person_salt: str,
    context: sources.Context | None = None,
    on_stage: Callable[[str, str], None] | None = None,
) -> FileResult:
    """Load one file as one transaction; on any failure nothing of it stays. The temp tables it
    fills (its rows as read, typed, their problems) are dropped after it: at scale they would
    hold a gigabyte or more through the next files and the marts."""
    before = _temp_objects(con)
    try:
        return _load_file(con, path, person_salt, context, on_stage)
    finally:
        for kind, name in _temp_objects(con) - before:
            con.execute(f"drop {kind} if exists temp.main.{name}")


def _temp_objects(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(
        con.execute(
            """
            select 'table', table_name from duckdb_tables() where temporary
            union all
            select 'view', view_name from duckdb_views() where temporary and not internal
            """
        ).fetchall()
    )


def _release_rows(con: duckdb.DuckDBPyConnection, raw: RawFile) -> None:
    """Drop a part's rows as read once validation has typed them into `checked`."""
    con.execute("drop view if exists raw_input")
    for table in {raw.table, "reader_out", "reader_rows"} - {"raw_input"}:
        con.execute(f"drop table if exists {table}")


def _load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    person_salt: str,
    context: sources.Context | None,
    on_stage: Callable[[str, str], None] | None,
) -> FileResult:
    def stage(name: str) -> None:
        if on_stage:
            on_stage(path.name, name)

    result = FileResult(path)
    if not path.exists():
        result.error = str(LoadError(path.name, "no such file"))
        return result
    started = datetime.now()
    try:
        context = sources.context_for(path, context, con)
    except LoadError as e:
        result.error = str(e)
        return result
    digest = content_hash(path)
    identity = _identity(digest, context)
    earlier = con.execute(
        "select min(batch_id) from meta.batches where content_hash = $hash", {"hash": identity}
    ).fetchall()[0][0]
    if earlier is not None:
        result.skipped_as_batch = earlier
        return result
    # Reading only fills temp tables, and happens before the transaction so that their row ids
    # (and with them the source row numbers) count from zero.
    clock = time.perf_counter()
    stage("read")
    try:
        parts = read_file(con, path, context, digest)
    except LoadError as e:
        result.error = str(e)
        return result
    except Exception as e:  # noqa: BLE001 - whatever the file does, the user gets one line
        result.error = str(LoadError(path.name, f"cannot be read: {one_line(e)}"))
        return result
    seconds_read = time.perf_counter() - clock
    first = parts[0] if parts else None
    result.kind = (first.source_format or first.kind.name) if first else None
    result.ignored_columns = first.extra_columns if first else ()
    result.notes = tuple(note for part in parts for note in part.notes)
    # The first part is validated before the transaction begins: validation writes only temp
    # tables, and a temp table dropped inside a transaction keeps its memory until the commit.
    # Outside it, the rows as read (a gigabyte of text at 10M rows) are freed before staging
    # and core write, which otherwise spill to disk. Later parts may need what earlier parts of
    # the same file wrote to core (a programs part before its participation), so they are
    # validated within it.
    batch_id: int | None = None  # taken when the transaction begins

    def begin() -> int:
        con.begin()
        return con.execute("select nextval('meta.batch_seq')").fetchall()[0][0]

    try:
        seconds_validate = seconds_core = 0.0
        for part in parts:
            if part.table != "raw_input":
                con.execute(f"create or replace temp view raw_input as from {part.table}")  # noqa: S608
            clock = time.perf_counter()
            stage("validate")
            checked = validate(con, part, person_salt)
            _release_rows(con, part)
            seconds_validate += time.perf_counter() - clock
            if batch_id is None:
                batch_id = begin()
            clock = time.perf_counter()
            stage("core")
            _stage(con, part, batch_id)
            result.rows_replaced += _count_replaced(con, part.kind)
            warehouse.run_sql_file(con, CORE_DIR / f"{part.kind.name}.sql", {"batch_id": batch_id})
            rejected = _record_problems(con, part, batch_id)
            result.rows_rejected += rejected
            seconds_core += time.perf_counter() - clock
            if part.source_format and part.rows_read:
                counts = (part.rows_read, checked.rows_accepted, rejected, checked.rows_duplicate)
                result.parts += ((part.kind.name, *counts),)
            result.kinds += (part.kind.name,)
            result.rows_read += part.rows_read
            result.rows_loaded += checked.rows_accepted
            result.rows_duplicate += checked.rows_duplicate
            result.blank_lines += part.blank_lines
            result.warnings += checked.warnings + len(part.extra_columns)
        if batch_id is None:  # a file with no part (say, an empty export) is a batch too
            batch_id = begin()
        result.batch_id = batch_id
        con.execute(
            """
            insert into meta.batches values (
                $batch_id, $file_name, $file_path, $hash, $kind, $read, $loaded, $rejected,
                $duplicate, $replaced, $warnings, $started, $finished, $s_read,
                $s_validate, $s_core)
            """,
            {
                "batch_id": batch_id,
                "file_name": path.name,
                "file_path": str(path.resolve()),
                "hash": identity,
                "kind": result.kind or "empty",
                "read": result.rows_read,
                "loaded": result.rows_loaded,
                "rejected": result.rows_rejected,
                "duplicate": result.rows_duplicate,
                "replaced": result.rows_replaced,
                "warnings": result.warnings,
                "started": started,
                # Taken here, not with now(): DuckDB's now() is the transaction's start, which
                # would leave out validation and core from the stored duration.
                "finished": datetime.now(),
                "s_read": seconds_read,
                "s_validate": seconds_validate,
                "s_core": seconds_core,
            },
        )
        con.commit()
    except LoadError as e:
        _rollback(con)
        result = FileResult(path, kind=result.kind, error=str(e))
    except Exception as e:  # noqa: BLE001 - duckdb's errors and anything unforeseen alike
        _rollback(con)
        error = LoadError(path.name, f"could not be loaded: {one_line(e)}")
        result = FileResult(path, kind=result.kind, error=str(error))
    return result


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the file's transaction, if it had begun (a first part that fails validation fails
    before it)."""
    # Without a transaction, nothing of the file was written.
    with contextlib.suppress(duckdb.TransactionException):
        con.rollback()


def _identity(digest: str, context: sources.Context | None) -> str:
    """The content hash, and the context given with the file: the same export loaded for
    another country is another load."""
    if context is None or context == sources.Context():
        return digest
    return hashlib.sha256(f"{digest} {context!r}".encode()).hexdigest()


# Staged columns kept uncompressed, as core.participation's program_id (schema.sql): compressing
# the ten million program ids of a participation file costs ~5 CPU s of the staging write (8.5
# against 13.4 CPU s) and saves ~70 MB of file.
UNCOMPRESSED = {"participation": ("program_id",)}


def _stage(con: duckdb.DuckDBPyConnection, raw: RawFile, batch_id: int) -> None:
    """Keep every row the parser kept, rejected or not, as validation typed it (`checked`):
    usernames as the numbers of their person keys in the file (`staging.people`), a cell that
    did not type as null (its text is in meta.rejects). Typed rows take a fraction of the
    text's space and time, and no join."""
    columns = staged_columns(raw.kind)
    table = f"staging.{raw.kind.name}"
    # A warehouse staged before typing holds text columns: rows typed now go in as text.
    typed = con.execute(
        f"describe select 0 as batch_id, source_row, {', '.join(columns)} from checked"  # noqa: S608
    ).fetchall()
    uncompressed = UNCOMPRESSED.get(raw.kind.name, ())
    definitions = ", ".join(
        f"{name} {sql_type}" + (" using compression uncompressed" if name in uncompressed else "")
        for name, sql_type, *_ in typed
    )
    con.execute(f"create table if not exists {table} ({definitions})")
    con.execute(
        f"insert into {table} by name "  # noqa: S608
        f"select $batch_id as batch_id, source_row, {', '.join(columns)} from checked",
        {"batch_id": batch_id},
    )
    # The person keys of those numbers, each once: those an earlier part of the file numbered
    # are there already.
    con.execute(
        """
        insert into staging.people
        select $batch_id, person_no, person_key from file_people
        where person_no > (select coalesce(max(person_no), 0) from staging.people
                           where batch_id = $batch_id)
        """,
        {"batch_id": batch_id},
    )


KEY_COLUMNS = {
    "organizations": ("organization_id", "organization_id"),
    "grants": ("grant_id", "grant_id"),
    "programs": ("program_id", "program_id"),
    "roles": ("person_key, role, body, start_date", "person_key, role, body, start_date"),
    "budgets": ("fiscal_year, region_code", "fiscal_year, region"),
    "active_editors": ("month, region_code", "month, region"),
    "annotations": ("note_date, title", "date, title"),
    "program_stats": ("program_id", "program_id"),
    "program_aliases": ("alias_id", "alias_id"),
}


def _count_replaced(con: duckdb.DuckDBPyConnection, kind: Kind) -> int:
    """Rows of this file whose key an earlier batch already loaded."""
    if kind.name == "participation":
        # Core names a person by number: only people core knows can have a row there already.
        return con.execute(
            """
            select count(*) from (
                select a.program_id, p.person_id, a.role
                from accepted a
                join file_people f using (person_no)
                join core.people p on p.person_key = f.person_key
            ) semi join core.participation c using (program_id, person_id, role)
            """
        ).fetchall()[0][0]
    core_key, file_key = KEY_COLUMNS[kind.name]
    # The file's rows name people by their numbers in the file; core by their keys.
    rows = "accepted join file_people using (person_no)" if "person_key" in file_key else "accepted"
    return con.execute(
        f"""
        select count(*) from (select {file_key} from {rows})
        semi join (select {core_key} from core.{kind.name})
        using ({core_key})
        """  # noqa: S608
        if core_key == file_key
        else f"""
        select count(*) from (select {file_key} from {rows}) a(k1, k2)
        semi join (select {core_key} from core.{kind.name}) c(k1, k2) using (k1, k2)
        """  # noqa: S608
    ).fetchall()[0][0]


def _record_problems(con: duckdb.DuckDBPyConnection, raw: RawFile, batch_id: int) -> int:
    """Copy row problems, parser rejects and ignored columns to meta.rejects; return the
    number of rejected rows."""
    params = {"batch_id": batch_id, "file": raw.path.name}
    con.execute(
        """
        insert into meta.rejects
        select $batch_id, $file, source_row, column_name, value, reason, severity
        from row_problems
        """,
        params,
    )
    if raw.reader_rejects:
        # One insert of a frame: row-by-row inserts cost seconds for thousands of rejects.
        refused = pd.DataFrame(raw.reader_rejects, columns=["source_row", "reason"])
        con.register("reader_refused", refused)
        con.execute(
            "insert into meta.rejects select $batch_id, $file, source_row, null, null, reason, "
            "'rejected' from reader_refused",
            params,
        )
        con.unregister("reader_refused")
    for name in raw.extra_columns:
        con.execute(
            "insert into meta.rejects values ($batch_id, $file, 1, $column, null, "
            "'unknown column, ignored', 'warning')",
            {**params, "column": name},
        )
    counted = con.execute(
        "select count(distinct source_row) from row_problems where severity = 'rejected'"
    ).fetchall()[0][0]
    return counted + len(raw.reader_rejects)
