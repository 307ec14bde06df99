"""Learnings: publish a report for a chosen scope (HTML, wikitext, open-data bundle), and how the
numbers are made — the counting rules, each metric's definition (from the data dictionary of
etl/publish.py, the one description of every published column), the privacy rules and the
data sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.publish import DICTIONARY, FISCAL_YEAR, PublishedFile
from etl.reference import FUNDS, THEMES
from queries import privacy
from ui import report_builder
from ui.data import query


def metric_table(file: PublishedFile) -> pd.DataFrame:
    """A published file's columns as people read them; the suppression flags are explained
    under Privacy, so they are left out."""
    return pd.DataFrame(
        [
            {"Column": column.name, "Unit": column.unit or "label", "Definition": column.definition}
            for column in file.columns
            if not column.name.endswith("_suppressed")
        ]
    )


st.title("Learnings")
st.caption(
    "How the numbers in this app are made: the counting rules, what each metric means, how "
    "people are protected, and where the data comes from."
)

report_builder.show()

st.header("Counting rules")
st.markdown(
    f"""
- **Fiscal year.** {FISCAL_YEAR.definition.removeprefix("Fiscal year, ")}
- **Grants** count in the fiscal year of their decision date. A grant is *decided* when it is
  funded or not funded; withdrawn and pending grants are not decided. Amounts are in USD.
- **Programs and participation** count in the fiscal year of the program's start date.
- **Regions** are the 8 regions as on Meta, taken from the country (ISO 3166-1 alpha-2) of the
  grant or program; a file's own region column is only a cross-check. Before July 2023 MENA and
  SSA were one region, MEA: older grants count under today's region of their country.
  Namibia's code is NA, never a missing value.
- **Themes** ({", ".join(THEMES.values())}): a grant or program may carry several, and then
  counts under each, so theme figures add up to more than the total.
- **Funds**: {", ".join(name for name, _, _ in FUNDS.values())}.
- **People** are counted once however many programs they join: a person is their Wikimedia
  username, kept only as a salted hash. The leadership pathway counts everyone who reached a
  stage, grant leads and committee or board members who never joined a program included; a
  person's cohort is the fiscal year of the first stage they reached, and their region that of
  the program, grant or role that got them there. Rows labelled ALL count each person once
  across regions, which is why they are not the sum of the regions.
"""
)

st.header("Metrics")
st.caption(
    "Each group is one open-data file of `python -m etl publish`; the app's charts use the same "
    "definitions. The full dictionary, with types, is on the Data page."
)
for file in DICTIONARY:
    with st.expander(f"{file.description} ({file.name})"):
        st.table(metric_table(file), hide_index=True)

st.header("Privacy")
protected = query("protected_countries")
st.markdown(
    f"""
- **Small cells and complementary cells.** {privacy.rule(privacy.k())} The threshold k is set
  by `GROWTH_K` (never below 2; an invalid setting falls back to 5).
- **Protected countries.** The {len(protected)} countries on the protection list show no
  people counts by country.
- **Where.** Suppression happens in the query layer, before any number reaches a page, a chart
  tooltip, a download or a published file. No output carries a username or a row per person.
"""
)
with st.expander(f"The {len(protected)} protected countries"):
    st.dataframe(
        protected,
        hide_index=True,
        column_config={"country_code": "Code", "name": "Country", "region": "Region"},
    )

st.header("Data sources")
st.markdown(
    """
- **Canonical files**, one per kind: grants (modelled on the fields Fluxx publishes to Meta and
  the 360Giving standard, whose column names are accepted too), programs, participation,
  leadership roles, organizations, and regional budgets.
- **Programs & Events Dashboard** campaign exports: courses, students, editors and articles.
- **Wiki Loves** contest statistics (Quarry results): a contest, year and country is one
  program, on Culture & Heritage (Wiki Loves Earth: Environment).
- **Commons upload lists** of a campaign, with the campaign and country given at load.
- **Wikimedia Foundation reference data**: countries to regions, and monthly active editors by
  region, the denominator of funding per 1,000 active editors.
"""
)
loaded = query("loads_by_kind")
st.caption("Loaded into this warehouse now, by kind of file:")
st.dataframe(
    loaded,
    hide_index=True,
    column_config={
        "kind": "Kind",
        "files": st.column_config.NumberColumn("Files", format="localized"),
        "rows_loaded": st.column_config.NumberColumn("Rows loaded", format="localized"),
        "last_load": st.column_config.DatetimeColumn("Last load", format="YYYY-MM-DD HH:mm"),
    },
)
st.page_link(
    "views/data.py", label="Load history, freshness and rejects", icon=":material/database:"
)
