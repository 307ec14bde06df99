"""Every download of the app goes through `offer`: one table, as CSV and as Excel with the same
content, numbers kept as numbers, each column's unit in its header, and text that a spreadsheet
would run as a formula neutralised (OWASP, "CSV Injection").

Text cells come from input files that anyone may have written; a cell such as
`=HYPERLINK("http://…")` or `+cmd|…` would run when the file is opened in a spreadsheet, so a
cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
spreadsheets read as "this is text" and show without it. Numbers are never touched: a negative
amount stays a number."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML (so .xlsx) cannot hold; openpyxl refuses a cell that has one.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def neutralise_text(value: object) -> object:
    """A text cell made inert for spreadsheets; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell (and text header) that a spreadsheet would run as a
    formula made inert; number, date and boolean columns unchanged."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if pd.api.types.is_string_dtype(values) or values.dtype == object:
            safe[column] = values.map(neutralise_text, na_action="ignore")
    safe.columns = [neutralise_text(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV (with a BOM, so a spreadsheet reads accents right). Lines end in
    CRLF as RFC 4180 has it, which also makes the writer quote a field holding a bare CR (with
    LF endings it would not, and the field would split the row)."""
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """The table as an Excel workbook of one sheet, same cells as the CSV."""
    safe = neutralise(frame)
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = safe[column].map(
                lambda v: _NOT_IN_XML.sub("", v) if isinstance(v, str) else v, na_action="ignore"
            )
        elif isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_localize(None)  # Excel has no time zones
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name="data")
    return buffer.getvalue()


def file_stem(*parts: str) -> str:
    """A file name (without extension) from its parts: what the table is, then the filters and
    the focus it shows, e.g. `grant_list__FY2024-25_SSA`."""
    cleaned = [_UNSAFE_IN_NAME.sub("-", p).strip("-") for p in parts if p]
    return "__".join(c for c in cleaned if c)[:150] or "table"


def offer(frame: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, *, key: str) -> None:
    """A CSV and an Excel download of `frame` (or of what the callable returns, made only when
    the button is clicked: long tables would slow every run of the page), side by side."""

    def table() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    with st.container(horizontal=True):
        st.download_button(
            "Download CSV",
            lambda: csv_bytes(table()),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"download-csv-{key}",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "Download Excel",
            lambda: xlsx_bytes(table()),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"download-xlsx-{key}",
            on_click="ignore",
            icon=":material/table_view:",
        )


def for_download(
    frame: pd.DataFrame,
    formats: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """A query's frame as a file holds it: numbers as numbers, shares in percent, each unit in
    its column's header, a hidden count blank with a `… hidden` column beside it (as the
    published files flag it), and the headers people read."""
    formats, labels = dict(formats or {}), dict(labels or {})
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if column.endswith("_suppressed") and column.removesuffix("_suppressed") in frame:
            continue
        header = labels.get(column, column)
        values = frame[column]
        flag = f"{column}_suppressed"
        hidden = frame[flag].fillna(False).astype(bool) if flag in frame else None
        if hidden is not None:
            values = values.astype("Float64").mask(hidden)
        kind = formats.get(column)
        if kind == "share":
            values = (values.astype("Float64") * 100).round(2)
            header = f"{header} (%)"
        elif kind == "usd" and "USD" not in header:
            header = f"{header} (USD)"
        out[header] = values
        if hidden is not None:
            out[f"{labels.get(column, column)} hidden"] = hidden
    return out.reset_index(drop=True)
