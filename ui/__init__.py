"""Streamlit helpers shared by the pages: warehouse access, formatting."""
