"""What a server process does once, when it starts, so that its first visitor does not wait
for it: importing the libraries every page uses, with plotly's classes for the traces the app
draws (plotly imports each on first use, a module per attribute group) and plotly.express. It
takes 1.3–1.5 CPU s; at 10M rows a fresh server's first page took 1.5–1.8 s while it did this
itself, 0.7–1.1 s after it. The app's own modules are left to the first page: they declare
Streamlit caches, which need the running server, and cost about 0.1 s."""

from __future__ import annotations

import importlib
import pkgutil

# every trace type the app's figures use (figures/, ui/), and the layout
TRACES = ("bar", "choropleth", "heatmap", "sankey", "scatter", "scattergeo", "layout")


def warm() -> None:
    """Import pandas, pyarrow, DuckDB, scipy's HiGHS and plotly's classes for the app's traces,
    and build one figure."""
    import duckdb  # noqa: F401
    import pandas.core.reshape.reshape  # noqa: F401  (pivots and unstacks import it on first use)
    import plotly.express  # noqa: F401  (Themes' lines and bars; 0.3 s of docstrings to build)
    import plotly.graph_objects as go
    import plotly.subplots  # noqa: F401  (Regions' paired charts)
    import pyarrow.pandas_compat  # noqa: F401  (Streamlit sends frames as Arrow)
    import pyarrow.vendored.version  # noqa: F401  (asked by Arrow for the pandas version)
    import scipy.sparse  # noqa: F401  (the suppression audit's linear programs: queries.linear)
    from scipy.optimize._highspy import _core  # noqa: F401

    for trace in TRACES:
        package = importlib.import_module(f"plotly.graph_objs.{trace}")
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    go.Figure(go.Bar(x=["a"], y=[1])).to_json()
