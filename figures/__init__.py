"""Figures and the small pure functions that shape their data, by topic, without Streamlit:
the pages arrange them, and a static report can call the same functions."""
