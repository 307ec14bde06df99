"""Figures: pure functions from a query's frame to a plotly figure, with no Streamlit, so the
app's chart blocks and the static report draw the same charts."""
