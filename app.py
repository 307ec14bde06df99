"""Community Growth Metrics: navigation and the shell every page shares."""

import streamlit as st

st.set_page_config(page_title="Community Growth Metrics", layout="wide")

navigation = st.navigation(
    [st.Page("pages/warehouse.py", title="Warehouse", url_path="warehouse", default=True)]
)
navigation.run()
