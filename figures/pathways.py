"""Pathway figures without Streamlit: grouped bars with hidden counts labelled, and the stage
funnel the Leadership pathways page and the report both draw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from figures.common import style
from ui import format as fmt
from ui.palette import CATEGORICAL, REGION_COLOURS

GREY = CATEGORICAL[7]


def colours(populations: Sequence[str]) -> dict[str, str]:
    """A colour per population: the region's own when the populations are regions."""
    unique = list(dict.fromkeys(populations))
    if set(unique) <= set(REGION_COLOURS) - {"ALL"}:
        return {p: REGION_COLOURS[p] for p in unique}
    return {p: CATEGORICAL[(i + 4) % len(CATEGORICAL)] for i, p in enumerate(unique)}


def counts_text(values: pd.Series, hidden: pd.Series) -> list[str]:
    """People counts as read: `<k` when suppressed."""
    return [fmt.hidden() if bool(h) else fmt.count(v) for v, h in zip(values, hidden, strict=True)]


def bars(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    text: str,
    series: str = "population",
    palette: Mapping[str, str] | None = None,
    horizontal: bool = False,
    customdata: Sequence[str] = (),
    bar_colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Grouped bars, one trace per series; a hidden value sits at zero with its label.
    `bar_colours` colours each bar by its x value (a region) instead of by series."""
    palette = palette or colours(frame[series].tolist())
    axis = "y" if horizontal else "x"
    figure = go.Figure()
    for key, rows in frame.groupby(series, sort=False):
        values = rows[y].astype("Float64").fillna(0).astype(float)
        colour = [bar_colours.get(v, GREY) for v in rows[x]] if bar_colours else palette[key]
        figure.add_bar(
            name=str(key),
            x=values if horizontal else rows[x],
            y=rows[x] if horizontal else values,
            orientation="h" if horizontal else "v",
            marker_color=colour,
            text=rows[text],
            textposition="outside",
            cliponaxis=False,
            customdata=rows[list(customdata)].to_numpy() if customdata else None,
            hovertemplate=f"{key}<br>%{{{axis}}}: %{{text}}<extra></extra>",
        )
    figure.update_layout(barmode="group", showlegend=frame[series].nunique() > 1)
    return figure


def funnel(data: pd.DataFrame, stage: str) -> go.Figure:
    """People who reached each stage, as horizontal bars in stage order, a hidden count at zero
    with its label; one series per population ("Everyone", or a region when the frame has no
    population column)."""
    if "population" not in data:
        data = data.assign(population=data["region"].replace({"ALL": "Everyone"}))
    data = data.assign(
        people_text=counts_text(data["people_reached"], data["people_reached_suppressed"])
    )
    figure = bars(data, x=stage, y="people_reached", text="people_text", horizontal=True)
    # room on the right for the label of the longest bar
    longest = pd.to_numeric(data["people_reached"], errors="coerce").astype(float).max()
    figure.update_xaxes(range=[0, 1.2 * (longest if longest > 0 else 1)])
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(height=120 + 30 * len(data))
    return style(figure, x_title="People")
