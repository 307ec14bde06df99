"""Figures and the small pure functions that shape their data, by topic, without Streamlit:
the pages arrange them, and the static report calls the same functions."""
