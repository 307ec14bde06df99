"""Warehouse: what is loaded — fiscal years covered, row counts and the load history."""

import streamlit as st

from ui.data import query, warehouse

st.title("Community Growth Metrics")
st.caption(
    "Grants, programs and participation of the Wikimedia Community Growth work, "
    "loaded by the ETL into one DuckDB warehouse."
)

try:
    coverage = query("warehouse_coverage")
    batches = query("load_batches")
except FileNotFoundError:
    st.info(
        f"No warehouse at `{warehouse()}` yet. Build the demo one with `python -m etl demo`, "
        "or load your files with `python -m etl load PATH`."
    )
    st.stop()

facts = coverage.set_index("table_name")
with st.container(horizontal=True):
    for table, label in (("grants", "Grants"), ("programs", "Programs"), ("people", "People")):
        st.metric(label, f"{int(facts.loc[table, 'rows']):,}", border=True)
    st.metric("Participation rows", f"{int(facts.loc['participation', 'rows']):,}", border=True)
    st.metric("Loads", f"{len(batches):,}", border=True)

years = coverage.dropna(subset=["first_fiscal_year"])
st.subheader("Fiscal years covered")
st.caption("Grants count in the fiscal year of their decision, programs in that of their start.")
st.dataframe(
    years.rename(
        columns={
            "table_name": "Table",
            "rows": "Rows",
            "first_fiscal_year": "First fiscal year",
            "last_fiscal_year": "Last fiscal year",
        }
    ),
    hide_index=True,
    column_config={"Rows": st.column_config.NumberColumn(format="localized")},
)

st.subheader("Load history")
st.caption("Each file loaded is one batch; rejected rows are kept with their reasons.")
st.dataframe(
    batches,
    hide_index=True,
    column_config={
        "batch_id": "Batch",
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
    },
)
