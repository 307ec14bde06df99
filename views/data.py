"""Data: what the warehouse holds and how fresh it is — freshness, row counts, the load history,
the rows the loads rejected or flagged, and the data dictionary of the published files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.publish import DICTIONARY
from ui import upload
from ui.data import query
from ui.downloads import file_stem, offer

BATCH_COLUMNS = {
    "batch_id": st.column_config.NumberColumn("Batch", format="%d"),
    "file_name": "File",
    "kind": "Kind",
    "rows_read": st.column_config.NumberColumn("Read", format="localized"),
    "rows_loaded": st.column_config.NumberColumn("Loaded", format="localized"),
    "rows_rejected": st.column_config.NumberColumn("Rejected", format="localized"),
    "rows_duplicate": st.column_config.NumberColumn("Duplicates", format="localized"),
    "rows_replaced": st.column_config.NumberColumn("Replaced", format="localized"),
    "warnings": st.column_config.NumberColumn("Warnings", format="localized"),
    "loaded_at": st.column_config.DatetimeColumn("Loaded at", format="YYYY-MM-DD HH:mm"),
    "seconds": st.column_config.NumberColumn("Seconds", format="%.2f"),
}
REJECT_COLUMNS = {
    "batch_id": st.column_config.NumberColumn("Batch", format="%d"),
    "file_name": "File",
    "row_number": st.column_config.NumberColumn("Row", format="%d"),
    "column_name": "Column",
    "value": "Value",
    "reason": st.column_config.TextColumn("Reason", width="large"),
    "severity": "Severity",
    "rows": st.column_config.NumberColumn("Rows", format="localized"),
}


def when(value: object, pattern: str = "%Y-%m-%d") -> str:
    """A timestamp as people read it, – when the warehouse has none."""
    return "–" if pd.isna(value) else pd.Timestamp(value).strftime(pattern)


def data_dictionary() -> pd.DataFrame:
    """Every published column, as `python -m etl publish` writes data_dictionary.csv."""
    return pd.DataFrame(
        [
            {
                "file": file.name,
                "column": column.name,
                "type": column.type,
                "unit": column.unit,
                "definition": column.definition,
            }
            for file in DICTIONARY
            for column in file.columns
        ]
    )


def rejects_file_name(batches: list[int], severities: list[str]) -> str:
    return file_stem("rejects", "_".join([f"batch{b}" for b in batches] + severities) or "all")


st.title("Data")
st.caption(
    "What the warehouse holds and how recent it is, every load, the rows the loads rejected or "
    "flagged, and what each published column means."
)

freshness = query("data_freshness").iloc[0]
coverage = query("warehouse_coverage")
batches = query("load_batches")

st.subheader("Freshness")
st.caption("The last load, and the latest date each kind of data reaches.")
with st.container(horizontal=True):
    st.metric("Last load", when(freshness["last_load"], "%Y-%m-%d %H:%M"), border=True)
    st.metric("Latest grant decision", when(freshness["latest_grant_decision"]), border=True)
    st.metric("Latest program start", when(freshness["latest_program_start"]), border=True)
    st.metric(
        "Latest active-editors month",
        when(freshness["latest_active_editors_month"], "%B %Y"),
        border=True,
    )

st.subheader("Row counts")
st.caption(
    "Rows per warehouse table, and the fiscal years they cover: grants count in the fiscal year "
    "of their decision, programs and their participation in that of their start."
)
rows = coverage.set_index("table_name")["rows"]
with st.container(horizontal=True):
    for table, label in (
        ("grants", "Grants"),
        ("programs", "Programs"),
        ("people", "People"),
        ("participation", "Participation rows"),
    ):
        st.metric(label, f"{int(rows.get(table, 0)):,}", border=True)
    st.metric("Loads", f"{len(batches):,}", border=True)
st.dataframe(
    coverage.fillna({"first_fiscal_year": "–", "last_fiscal_year": "–"}),
    hide_index=True,
    column_config={
        "table_name": "Table",
        "rows": st.column_config.NumberColumn("Rows", format="localized"),
        "first_fiscal_year": "First fiscal year",
        "last_fiscal_year": "Last fiscal year",
    },
)
offer(coverage, "row_counts", key="row-counts")

st.subheader("Load history")
st.caption(
    "Each file loaded is one batch, newest first. Loading the same file again changes nothing; "
    "a file that fails leaves the warehouse as it was."
)
if batches.empty:
    st.info("Nothing has been loaded yet. Load files with `python -m etl load PATH`.")
else:
    st.dataframe(batches, hide_index=True, column_config=BATCH_COLUMNS)
    offer(batches, "load_batches", key="load-batches")

st.subheader("Rejected and flagged rows")
st.caption(
    "Rows a load refused (rejected: not loaded) or loaded with a warning, with the file, row "
    "number, column, value and reason. Usernames never appear here: they are redacted at load."
)
summary = query("load_rejects_summary")
if summary.empty:
    st.success("No load rejected or flagged a row.", icon=":material/check_circle:")
else:
    st.dataframe(summary, hide_index=True, column_config=REJECT_COLUMNS)
    files = dict(zip(summary["batch_id"], summary["file_name"], strict=False))
    with st.container(horizontal=True):
        chosen_batches = st.multiselect(
            "Loads",
            list(files),
            format_func=lambda batch: f"{batch} · {files[batch]}",
            placeholder="All loads",
            key="data-rejects-batches",
        )
        chosen_severities = st.multiselect(
            "Severity",
            sorted(summary["severity"].unique()),
            placeholder="Rejected and warnings",
            key="data-rejects-severities",
        )
    rejects = query(
        "load_rejects",
        batch_ids=[int(b) for b in chosen_batches],
        severities=list(chosen_severities),
    )
    st.dataframe(rejects, hide_index=True, column_config=REJECT_COLUMNS)
    st.caption(f"{len(rejects):,} row{'' if len(rejects) == 1 else 's'} chosen.")
    offer(rejects, rejects_file_name(chosen_batches, chosen_severities), key="rejects")

st.subheader("Data dictionary")
st.caption(
    "Every column of the open-data files that `python -m etl publish` writes: its type, unit "
    "and definition. The same table is published as data_dictionary.csv."
)
dictionary = data_dictionary()
st.dataframe(
    dictionary,
    hide_index=True,
    column_config={
        "file": "File",
        "column": "Column",
        "type": "Type",
        "unit": "Unit",
        "definition": st.column_config.TextColumn("Definition", width="large"),
    },
)
offer(dictionary, "data_dictionary", key="data-dictionary")

upload.show()
