"""Property-based loading: canonical files with random cells, column orders, header cases,
delimiters, encodings and line ends, then mutated as files get mutated (a cut quote, a stray
CR, a wrong field count, a huge field, a blank line), never make the loader raise, and:

- a loaded file accounts for every record: read = loaded + rejected, and read + blank lines
  skipped = the records a CSV reader finds in the file, every rejected row is in the rejects;
- a failed file fails in one line naming the file, and leaves the warehouse byte for byte as
  it was.

`make test` runs a CI-sized number of examples (25); `make fuzz` runs many more
(HYPOTHESIS_PROFILE=fuzz, FUZZ_EXAMPLES=2000 unless given). The marts are not rebuilt after
each example: they read only what the loader committed, and rebuilding them for every example
would cost most of the run."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil

import pytest
from conftest import file_sha256, query
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from etl import load as load_module
from etl import read
from etl.load import load

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# A record longer than this is refused; small here so that huge fields are cheap to make.
LIMIT = 1 << 16

KINDS = {
    "participation": {
        "program_id": st.sampled_from(["P-1", "P-2", "P-3", "P-404", ""]),
        "username": st.text(max_size=12),
        "role": st.sampled_from(["participant", "organizer", "Participant", "boss", ""]),
        "edits": st.one_of(st.integers(-5, 10**6).map(str), st.text(max_size=5)),
    },
    "grants": {
        "grant_id": st.one_of(st.sampled_from(["G-1", "G-2", "G-9"]), st.text(max_size=6)),
        "fund": st.sampled_from(["rapid", "Rapid Fund", "general_support", "nope", ""]),
        "country": st.sampled_from(["KE", "na", "UGANDA", "UK", "Atlantis", ""]),
        "amount_awarded_usd": st.one_of(
            st.sampled_from(["1,234.50", "1.234,5", "1e14", "-3", "100000000000000"]),
            st.integers(0, 10**9).map(str),
            st.text(max_size=5),
        ),
        "decision_date": st.sampled_from(
            ["2023-07-01", "15/03/2021 10:30", "31/31/2023", "July 1, 2023", "", "soon"]
        ),
    },
}

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1"]


@st.composite
def files(draw) -> tuple[str, bytes, str]:
    """(file name, bytes, the text a CSV reader sees) of a mutated canonical file."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    columns = KINDS[kind]
    order = draw(st.permutations(sorted(columns)))
    header = [
        draw(st.sampled_from([name, name.upper(), name.replace("_", " ").title()]))
        for name in order
    ]
    records = draw(
        st.lists(st.fixed_dictionaries({n: columns[n] for n in order}), min_size=0, max_size=30)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([[r[n] for n in order] for r in records])
    text = out.getvalue()
    header_end = text.index(newline) + len(newline)
    body = text[header_end:]
    for _ in range(draw(st.integers(0, 3))):
        mutation = draw(st.sampled_from(["quote", "cr", "field", "huge", "blank", "cut"]))
        at = draw(st.integers(0, len(body)))
        if mutation == "quote":
            body = body[:at] + '"' + body[at:]
        elif mutation == "cr":
            body = body[:at] + "\r" + body[at:]
        elif mutation == "field":
            body = body[:at] + delimiter + body[at:]
        elif mutation == "huge":
            body = body[:at] + "x" * draw(st.integers(LIMIT - 100, 3 * LIMIT)) + body[at:]
        elif mutation == "blank":
            body = body[:at] + newline + body[at:]
        else:
            body = body[:at]
    text = text[:header_end] + body
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    return f"{kind}_fuzz.csv", data, data.decode(encoding)


def csv_records(text: str, delimiter_line: str) -> int:
    """Records after the header as a CSV reader counts them, blank lines included; line ends
    of any kind (CR LF, LF, CR) end a line."""
    normal = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    delimiter = read._sniff_delimiter(delimiter_line)
    csv.field_size_limit(1 << 31)
    return max(len(list(csv.reader(io.StringIO(normal, newline=""), delimiter=delimiter))) - 1, 0)


@pytest.fixture
def no_marts(monkeypatch):
    monkeypatch.setattr(load_module, "build_marts", lambda con, changed=None: None)
    monkeypatch.setattr(read, "MAX_RECORD_BYTES", LIMIT)


@given(file=files())
def test_any_mutated_file_loads_accounting_for_every_record_or_fails_changing_nothing(
    file, loaded_template, tmp_path_factory, no_marts
):
    name, data, text = file
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "warehouse.duckdb"
    shutil.copyfile(loaded_template, db)
    path = folder / name
    path.write_bytes(data)
    before = file_sha256(db)

    [result] = load([path], db)

    # `pytest --hypothesis-show-statistics` shows how the examples ended.
    if result.error:
        event(f"failed: {re.sub(r'[0-9]+', 'N', result.error.split(': ', 1)[1])[:60]}")
        assert "\n" not in result.error and "Traceback" not in result.error
        assert result.error.startswith(name)
        assert file_sha256(db) == before
        return
    event("loaded with rejects" if result.rows_rejected else "loaded")
    assert result.rows_read == result.rows_loaded + result.rows_rejected
    first_line = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")[0]
    assert result.rows_read + result.blank_lines == csv_records(text, first_line)
    [(rejected_rows,)] = query(
        db,
        "select count(distinct row_number) from meta.rejects "
        "where batch_id = $b and severity = 'rejected'",
        {"b": result.batch_id},
    )
    assert rejected_rows == result.rows_rejected
    [(staged,)] = query(
        db,
        f"select count(*) from staging.{name.split('_')[0]} where batch_id = $b",
        {"b": result.batch_id},
    )
    reader_refused = query(
        db,
        "select count(*) from meta.rejects where batch_id = $b and reason like 'unreadable%'",
        {"b": result.batch_id},
    )[0][0]
    assert staged == result.rows_read - reader_refused
