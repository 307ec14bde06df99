"""Validate `raw_input` against its kind: type every column, and find every row-level problem.

Leaves the temp tables `checked` (typed columns, one row per record) and `row_problems`
(source_row, column_name, value, reason, severity), the view `accepted` (the typed rows
without a rejecting problem), and `file_people` (person_no, person_key): the people the file
names, each once. Username columns are typed as numbers of `file_people` (`person_no`): ten
million rows carry a small integer, not a 64-character key, into staging, the duplicate check
and core. Values of username columns never reach `row_problems`."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from etl import reference
from etl.read import RawFile
from etl.schemas import Column, Kind

REDACTED = "(redacted)"
MAX_AMOUNT = 10**14  # one more than the largest amount decimal(16, 2) holds, in whole units

# Problems that need several columns, per kind: (condition, column, reason, severity).
# Conditions and reasons are SQL over the typed columns of `checked`.
ROW_CHECKS: dict[str, list[tuple[str, str, str, str]]] = {
    "grants": [
        ("end_date < start_date", "end_date", "'end date before start date'", "rejected"),
        (
            "status in ('funded', 'not_funded') and decision_date is null",
            "decision_date",
            "'a ' || status || ' grant needs a decision date'",
            "rejected",
        ),
        (
            "status = 'funded' and amount_awarded_usd is null",
            "amount_awarded_usd",
            "'a funded grant needs an awarded amount'",
            "rejected",
        ),
        (
            "decision_date < submitted_date",
            "decision_date",
            "'decision date before submission date'",
            "rejected",
        ),
        (
            "amount_awarded_usd > amount_requested_usd",
            "amount_awarded_usd",
            "'awarded more than requested'",
            "warning",
        ),
        (
            "region is not null and country_region is not null and region <> country_region"
            " and region is distinct from country_grant_region",
            "region",
            "'region ' || region || ' does not match country ' || country || "
            "' (' || country_region || '); the country decides'",
            "warning",
        ),
    ],
    "programs": [
        ("end_date < start_date", "end_date", "'end date before start date'", "rejected"),
    ],
    "participation": [
        (
            "program_id is not null and not known_program",
            "program_id",
            "'unknown program ''' || program_id || '''; load its programs file first'",
            "rejected",
        ),
    ],
    "roles": [
        ("end_date < start_date", "end_date", "'end date before start date'", "rejected"),
    ],
}
ROW_CHECKS["program_stats"] = ROW_CHECKS["participation"]


@dataclass(frozen=True)
class Validation:
    rows_accepted: int
    rows_rejected: int
    rows_duplicate: int
    warnings: int


@dataclass
class _Typing:
    """How one column is typed and checked: the columns it adds to `texts` (the cell as read,
    `<name>__raw`, and where its text is kept, trimmed, `<name>__text`), its typed column
    (`… as name`), the further columns of `typed` its checks read, its problems as (condition,
    struct) over `typed`, and the joins to its map (`maps`: the temp tables they join)."""

    select: str
    texts: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    maps: list[str] = field(default_factory=list)


def validate(con: duckdb.DuckDBPyConnection, raw: RawFile, salt: str) -> Validation:
    """Type and check `raw_input`; fill `checked`, `row_problems` and `accepted`.

    One pass over the rows types every column and lists each row's problems. A cell is trimmed
    only where its text is kept (ids, titles) or shown (in the problems of its row): casts skip
    the spaces around a number or a date, and labels, countries and usernames are trimmed once
    per distinct cell, in their maps (`map_<column>`)."""
    kind = raw.kind
    params: dict[str, object] = {"salt": salt}
    # The file's people so far: an earlier part of the same file may have named some already.
    con.execute(
        "create temp table if not exists file_people (person_no integer, person_key varchar)"
    )
    typings = [_column_sql(c, c.name in raw.columns, params, con) for c in kind.columns]
    texts = [text for t in typings for text in t.texts]
    selects = [t.select for t in typings] + _context_columns(kind)
    carried = [column for t in typings for column in t.carried]
    problems = [problem for t in typings for problem in t.problems]
    joins = [join for t in typings for join in t.joins] + _context_joins(kind)
    # The list of problems is only built for rows that have one: most rows have none. The
    # conditions are joined bare, not each in a coalesce(…, false): a null one counts as false
    # in OR as in CASE, and a bare comparison is tested in place rather than first made into a
    # column of booleans (the five counts' conditions alone: 0.2 CPU s less at 10M rows).
    any_problem = " or ".join(f"({condition})" for condition, _ in problems)
    listed = ", ".join(f"case when {condition} then {struct} end" for condition, struct in problems)
    problem_list = (
        f"case when {any_problem} then list_filter([{listed}], lambda p: p is not null) end"
        if problems
        else "null"
    )
    outputs = ", ".join(_output_name(select) for select in selects)
    sql = f"""
        create or replace temp table checked as
        with texts as (
            select r.source_row{"".join(", " + text for text in texts)} from raw_input r
        ),
        typed as (
            select t.*, {", ".join(selects + carried)}
            from texts t
            {" ".join(joins)}
        )
        select source_row, {outputs}, {problem_list} as problems
        from typed
        """  # noqa: S608 - identifiers from the schema; every value is bound
    con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    # Every row has its values now: the maps go (at 10M rows, the usernames' holds a million
    # person keys), before the problems' checks and the writes to staging and core need memory.
    for name in (name for t in typings for name in t.maps):
        con.execute(f"drop table {name}")
    _collect_problems(con, kind)
    return _accept(con, kind)


def _output_name(select: str) -> str:
    """The name a select expression `… as name` gives its column."""
    return select.rsplit(" as ", 1)[1]


# Username columns are kept as the numbers, in `file_people`, of the person keys made of them.
PERSON_NUMBERS = {"username": "person_no", "lead_username": "lead_person_no"}


def staged_columns(kind: Kind) -> list[str]:
    """The columns of `checked` that hold the file's own cells, typed, in the kind's order (a
    username column as its person number; not the context columns the checks join in)."""
    return [PERSON_NUMBERS.get(column.name, column.name) for column in kind.columns]


def _slash_format(con: duckdb.DuckDBPyConnection, column: str) -> str:
    """Day-first unless the column has a date that can only be month-first (an impossible
    date such as 31/31/2023 is evidence for neither)."""
    # Only cells with a slash can be either: most files have none, and skip the pattern.
    day_first, month_first = con.execute(
        f"""
        select count(*) filter (where split_part(v, '/', 1)::int > 12
                                  and split_part(v, '/', 2)::int <= 12),
               count(*) filter (where split_part(v, '/', 2)::int > 12
                                  and split_part(v, '/', 1)::int <= 12)
        from (select regexp_extract(trim({column}), '^(\\d{{1,2}}/\\d{{1,2}})/\\d{{4}}', 1) as v
              from raw_input where contains({column}, '/'))
        where v <> ''
        """  # noqa: S608
    ).fetchall()[0]
    return "%m/%d/%Y" if month_first and not day_first else "%d/%m/%Y"


def _column_sql(
    column: Column, present: bool, params: dict[str, object], con: duckdb.DuckDBPyConnection
) -> _Typing:
    """How one column is typed and checked (see `_Typing`)."""
    name, kind = column.name, column.type
    if not present:
        sql_type = {
            "money": "decimal(18, 2)",
            "count": "bigint",
            "date": "date",
            "bool": "boolean",
            "username": "integer",
        }
        out = PERSON_NUMBERS.get(name, name)
        if kind == "bool":
            return _Typing(f"false as {out}")
        return _Typing(f"null::{sql_type.get(kind, 'varchar')} as {out}")
    raw, text = f"{name}__raw", f"{name}__text"
    typing = _Typing("", texts=[f"r.{name} as {raw}"])
    if kind in ("money", "count", "date"):
        # Numbers and dates are typed from the cell as read; its trimmed text is only needed
        # in a problem's message, inside a CASE that evaluates it for that row alone.
        text = f"nullif(trim({raw}), '')"
    elif kind not in ("username", "country", "region") and not kind.startswith("enum:"):
        typing.texts.append(f"trimmed(r.{name}) as {text}")
    shown = f"'{REDACTED}'" if kind == "username" else text

    def problem(condition: str, reason: str) -> None:
        struct = f"{{'column': '{name}', 'value': {shown}, 'reason': {reason}}}"
        typing.problems.append((condition, struct))

    # A condition's terms are evaluated left to right, each for the rows the earlier ones left:
    # the trimmed text only for a cell that gave no value, without the cost of a CASE.
    def unreadable(value: str) -> str:
        """The cell holds more than spaces and gave no value."""
        return f"{value} is null and {raw} <> '' and {text} is not null"

    if column.required:
        value = {"money": name, "count": f"{name}__number", "date": name}.get(kind)
        missing = f"{value} is null and {text} is null" if value else None
        if kind == "username":
            # Blank once normalised (a tab, an underscore) is missing too: it has no person key.
            missing = f"{PERSON_NUMBERS[name]} is null"
        problem(missing or f"{text} is null", "'missing value'")
    if kind in ("id", "text", "themes"):
        typing.select = f"{text} as {name}"
        return typing
    if kind.startswith("enum:") or kind == "region":
        domain = kind.removeprefix("enum:")
        params[f"expected_{name}"] = ", ".join(_codes(domain))
        _map_distinct(
            con,
            name,
            "(select l.code from ref_labels l "
            "where l.domain = $domain and l.label = label_key(raw))",
            {"domain": domain},
        )
        typing.joins.append(f"left join map_{name} m_{name} on m_{name}.raw = t.{raw}")
        typing.maps.append(f"map_{name}")
        typing.carried.append(f"m_{name}.text as {text}")
        reason = f"'''' || {text} || ''' is not a known {domain.replace('_', ' ')} (expected ' "
        reason += f"|| $expected_{name} || ')'"
        if kind == "region":
            reason = (
                f"case when upper({text}) = 'MEA' then 'MEA was split into MENA and SSA in July "
                f"2023; give one of them' else {reason} end"
            )
        problem(f"{text} is not null and {name} is null", reason)
        typing.select = f"m_{name}.value as {name}"
        return typing
    if kind == "country":
        _map_distinct(
            con,
            name,
            "(select k.country_code from ref_country_keys k where k.key = lower(trim(raw)))",
        )
        typing.joins.append(f"left join map_{name} m_{name} on m_{name}.raw = t.{raw}")
        typing.maps.append(f"map_{name}")
        typing.carried.append(f"m_{name}.text as {text}")
        problem(
            f"{text} is not null and {name} is null",
            f"'unknown country ''' || {text} || ''' (expected an ISO 3166-1 code, e.g. KE)'",
        )
        typing.select = f"m_{name}.value as {name}"
        return typing
    if kind in ("money", "count"):
        # The checks read the parsed value rather than parse again: an amount's typed column
        # is that value; a count keeps it as {name}__number, beside its rounded typed column.
        checked_value = name if kind == "money" else f"{name}__number"
        noun = "amount" if kind == "money" else "count"
        problem(unreadable(checked_value), f"'''' || {text} || ''' is not a number'")
        problem(f"{checked_value} < 0", f"'negative {noun} ' || {text}")
        if kind == "money":
            # The warehouse keeps amounts as decimal(16, 2): a larger one is a typo, not a grant.
            problem(
                f"{name} >= {MAX_AMOUNT}",
                f"'amount ' || {text} || ' is too large (at most {MAX_AMOUNT - 1})'",
            )
            typing.select = f"parse_number({raw}) as {name}"
            return typing
        # A fraction is found by `% 1` and rounded off by the cast (half away from zero, as
        # round does): round, on every count of every row, cost more.
        problem(f"{checked_value} % 1 <> 0", f"'''' || {text} || ''' is not a whole number'")
        # Two columns, the second naming the first (DuckDB's lateral column aliases).
        typing.select = f"parse_number({raw}) as {checked_value}, {checked_value}::bigint as {name}"
        return typing
    if kind == "date":
        params[f"slash_{name}"] = _slash_format(con, f"{name}")
        problem(
            unreadable(name),
            f"'''' || {text} || ''' is not a date (expected YYYY-MM-DD or DD.MM.YYYY)'",
        )
        problem(
            f"{name} not between date '2001-01-01' and date '2100-12-31'",
            f"'date ' || {text} || ' is out of range (2001–2100)'",
        )
        typing.select = f"parse_date({raw}, $slash_{name}) as {name}"
        return typing
    if kind == "bool":
        truthy = "('true', 'yes', 'y', '1', 't', 'x', 'ja', 'oui', 'si')"
        falsy = "('false', 'no', 'n', '0', 'f')"
        problem(
            f"{text} is not null and lower({text}) not in {truthy} "
            f"and lower({text}) not in {falsy}",
            f"'''' || {text} || ''' is not yes or no'",
        )
        typing.select = f"coalesce(lower({text}) in {truthy}, false) as {name}"
        return typing
    if kind == "username":
        salt = {"salt": params["salt"]}
        _map_distinct(con, name, "sha256($salt || normalise_username(raw))", salt)
        _number_people(con, f"map_{name}")
        typing.joins.append(f"left join map_{name} m_{name} on m_{name}.raw = t.{raw}")
        typing.maps.append(f"map_{name}")
        typing.carried.append(f"m_{name}.text as {text}")
        typing.select = f"m_{name}.person_no as {PERSON_NUMBERS[name]}"
        return typing
    if kind == "fiscal_year":
        problem(
            f"{text} is not null and parse_fiscal_year({text}) is null",
            f"'''' || {text} || ''' is not a fiscal year (expected FY2023-24)'",
        )
        typing.select = f"parse_fiscal_year({text}) as {name}"
        return typing
    if kind == "month":
        parsed = f"date_trunc('month', try_strptime({text}, ['%Y-%m', '%Y-%m-%d', '%m/%Y']))::date"
        problem(
            f"{text} is not null and {parsed} is null",
            f"'''' || {text} || ''' is not a month (expected YYYY-MM)'",
        )
        typing.select = f"{parsed} as {name}"
        return typing
    raise ValueError(f"column type {kind} of {name} has no validation")


def _map_distinct(
    con: duckdb.DuckDBPyConnection, column: str, value: str, params: dict[str, object] | None = None
) -> None:
    """Fill map_<column>(raw, text, value): for each distinct cell as read, its trimmed text
    ('' as null) and `value`, computed once per distinct cell rather than per row: a million
    participation rows hold a handful of roles, a hundred thousand people. `value` reads the
    cell as `raw` and must not depend on the spaces around it."""
    con.execute(
        f"""
        create or replace temp table map_{column} as
        select raw, nullif(trim(raw), '') as text, {value} as value
        from (select distinct {column} as raw from raw_input)
        where raw is not null
        """,  # noqa: S608 - identifiers from the schema; values bound
        params or {},
    )


def _number_people(con: duckdb.DuckDBPyConnection, usernames: str) -> None:
    """Number the person keys of a username map (its `value`) in `file_people`, each key once
    (however many spellings of the username it has), and give the map its numbers."""
    con.execute(
        f"""
        insert into file_people
        select (select count(*) from file_people) + row_number() over (), person_key
        from (select distinct value as person_key from {usernames} where value is not null)
        anti join file_people using (person_key)
        """  # noqa: S608 - our own table name
    )
    con.execute(
        f"""
        create or replace temp table {usernames} as
        select m.raw, m.text, f.person_no
        from {usernames} m left join file_people f on f.person_key = m.value
        """  # noqa: S608
    )


def _codes(domain: str) -> list[str]:
    return sorted({code for d, _, code in reference.labels() if d == domain})


def _context_columns(kind: Kind) -> list[str]:
    """Columns the row checks need from outside the file."""
    if kind.name == "grants":
        return [
            "kc.region_code as country_region",
            "kc.grant_region_pre2023 as country_grant_region",
        ]
    if kind.name in ("participation", "program_stats"):
        return ["kp.program_id is not null as known_program"]
    return []


def _context_joins(kind: Kind) -> list[str]:
    if kind.name == "grants":
        return [
            "left join core.countries kc on kc.country_code = m_country.value",
        ]
    if kind.name in ("participation", "program_stats"):
        return [
            "left join (select distinct program_id from core.programs) kp "
            "on kp.program_id = program_id__text"
        ]
    return []


def _collect_problems(con: duckdb.DuckDBPyConnection, kind: Kind) -> None:
    """Gather column problems, row checks, unknown themes and in-file duplicate keys."""
    con.execute(
        """
        create or replace temp table row_problems as
        select source_row, p.column as column_name, p.value, p.reason, 'rejected' as severity
        from (select source_row, unnest(problems) as p from checked)
        """
    )
    for condition, column, reason, severity in ROW_CHECKS.get(kind.name, []):
        con.execute(
            f"""
            insert into row_problems
            select source_row, '{column}', null, {reason}, '{severity}'
            from checked where {condition}
            """  # noqa: S608 - our own checks, no file content
        )
    if any(column.type == "themes" for column in kind.columns):
        con.execute(
            """
            insert into row_problems
            select c.source_row, 'themes', t.theme,
                   '''' || t.theme || ''' is not a known theme (expected ' || $expected || ')',
                   'rejected'
            from (select source_row, trim(unnest(string_split_regex(themes, '[;,|]'))) as theme
                  from checked) t
            join checked c using (source_row)
            left join ref_labels l on l.domain = 'theme' and l.label = label_key(t.theme)
            where t.theme <> '' and l.code is null
            """,
            {"expected": ", ".join(reference.THEMES)},
        )
    con.execute(
        """
        delete from row_problems where severity = 'warning' and source_row in
            (select source_row from row_problems where severity = 'rejected')
        """
    )
    key = ", ".join(PERSON_NUMBERS.get(k, k) for k in kind.key)
    # Only rows without other problems compete for a key: the first one wins. Repeated keys
    # are few: they are found by a hash of the key, then compared whole, and ranked alone.
    repeated = _repeated_key_hashes(con, key)
    if not len(repeated):
        return
    con.register("repeated_hashes", pd.DataFrame({"key_hash": repeated}))
    con.execute(
        f"""
        insert into row_problems
        with competing as (
            select * from checked
            where hash({key}) in (select key_hash from repeated_hashes)
              and source_row not in
                  (select source_row from row_problems where severity = 'rejected')
        ),
        repeated_keys as (
            select {key} from competing group by all having count(*) > 1
        ),
        ranked as (
            select source_row, hash(*columns(* exclude (source_row, problems))) as content,
                   first_value(source_row) over w as first_row,
                   first_value(hash(*columns(* exclude (source_row, problems)))) over w
                       as first_content
            from competing
            semi join repeated_keys using ({key})
            window w as (partition by {key} order by source_row)
        )
        select source_row, '{kind.key[0]}', null,
               case when content = first_content then 'duplicate of row ' || first_row
                    else 'same {"/".join(kind.key)} as row ' || first_row
                         || ' with different values; the first is kept' end,
               'rejected'
        from ranked where source_row <> first_row
        """  # noqa: S608
    )
    con.unregister("repeated_hashes")


def _repeated_key_hashes(con: duckdb.DuckDBPyConnection, key: str) -> np.ndarray:
    """The key hashes more than one row without a rejecting problem carries. Sorted in numpy
    rather than grouped in DuckDB, which builds a table of one group per row: at ten million
    rows the duplicate check takes 1.5 CPU s against 2.5."""
    hashes = con.execute(
        f"""
        select hash({key}) as key_hash from checked
        where source_row not in (select source_row from row_problems where severity = 'rejected')
        """  # noqa: S608
    ).fetchnumpy()["key_hash"]
    hashes.sort()
    return np.unique(hashes[1:][hashes[1:] == hashes[:-1]])


def _accept(con: duckdb.DuckDBPyConnection, kind: Kind) -> Validation:
    rows, rejected, duplicate, warnings = con.execute(
        """
        select (select count(*) from checked),
               count(distinct source_row) filter (where severity = 'rejected'),
               count(distinct source_row) filter (where reason like 'duplicate of row %'),
               count(*) filter (where severity = 'warning')
        from row_problems
        """
    ).fetchall()[0]
    # A view, not a copy: the core statements read the accepted rows once or twice each, and
    # when no row was rejected (the usual file) they read `checked` as it is.
    rejects = (
        "where source_row not in (select source_row from row_problems where severity = 'rejected')"
        if rejected
        else ""
    )
    con.execute(
        f"create or replace temp view accepted as select * exclude (problems) from checked {rejects}"  # noqa: S608,E501
    )
    return Validation(rows - rejected, rejected, duplicate, warnings)
