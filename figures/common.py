"""What every figure shares, without Streamlit: the house style, region order and colours, the
line per region over the fiscal years, and the text alternatives of trends and rankings."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from etl.reference import REGIONS
from ui.palette import REGION_COLOURS, REGION_SYMBOLS

# Line styles that tell themes apart when one region has a line per theme.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")


def style(
    figure: go.Figure, *, y_title: str | None = None, x_title: str | None = None
) -> go.Figure:
    """House style: no figure title (the block has one), the legend at the foot of the figure,
    compact margins. The legend is placed in the figure's height, not the plot's: axis labels
    that a narrow column turns upright or slants then push it down instead of running under it."""
    figure.update_layout(
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "title": None,
        },
        clickmode="event+select",
        hoverlabel={"namelength": -1},
    )
    if y_title is not None:
        figure.update_yaxes(title=y_title)
    if x_title is not None:
        figure.update_xaxes(title=x_title)
    return figure


def describe_trend(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    value: Callable[[object], str],
) -> str:
    """A text alternative for a line chart: each series' first and last value (its one value
    when it has one point, as in a single fiscal year), and its peak when that falls in
    between."""
    parts = []
    for name, rows in frame.dropna(subset=[y]).sort_values(x).groupby(series, sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            parts.append(f"{name}: {value(first[y])} in {first[x]}")
            continue
        peak = rows.loc[rows[y].idxmax()]
        text = f"{name}: {value(first[y])} in {first[x]}, {value(last[y])} in {last[x]}"
        if peak[x] not in (first[x], last[x]):
            text += f" (peak {value(peak[y])} in {peak[x]})"
        parts.append(text)
    return "; ".join(parts) + "." if parts else "No values to describe."


def describe_ranking(
    frame: pd.DataFrame, *, category: str, value: str, fmt: Callable[[object], str], top: int = 3
) -> str:
    """A text alternative for a bar chart: the largest and the smallest categories."""
    ranked = frame.dropna(subset=[value]).sort_values(value, ascending=False)
    if ranked.empty:
        return "No values to describe."
    largest = ", ".join(f"{r[category]} {fmt(r[value])}" for _, r in ranked.head(top).iterrows())
    smallest = ranked.iloc[-1]
    return f"Largest: {largest}. Smallest: {smallest[category]} {fmt(smallest[value])}."


def in_region_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by region as the reference lists them (so colours and legends keep one
    order on every chart), then by fiscal year when there is one."""
    rank = {code: i for i, code in enumerate(REGIONS)}
    keys = ["region", "fiscal_year"] if "fiscal_year" in frame else ["region"]
    return frame.sort_values(keys, key=lambda c: c.map(rank) if c.name == "region" else c)


def region_lines(rows: pd.DataFrame, y: str, y_title: str, *, percent: bool = False) -> go.Figure:
    """One line per region over the fiscal years (and per theme, dashed differently, when
    several are chosen), in the region's fixed colour and marker, each line labelled at its end
    (`label_line_ends`: spread apart where lines end close together). With a single fiscal year a
    line has nothing to join: the regions are bars side by side instead."""
    value = "%{y:.0%}" if percent else "%{y:,}"
    themes = list(dict.fromkeys(rows["theme"])) if "theme" in rows else []
    series = ["region", "theme"] if len(themes) > 1 else ["region"]
    one_year = rows["fiscal_year"].nunique() == 1
    traces: list[go.Bar | go.Scatter] = []  # added at once: each add_trace copies the figure
    ends: list[tuple[str, str, object, float]] = []  # each line's label, colour and last point
    for keys, line in in_region_order(rows).groupby(series, sort=False):
        region = keys[0]
        theme = keys[1] if len(keys) > 1 else None
        name = f"{region} · {theme}" if theme else region
        colour = REGION_COLOURS.get(region, REGION_COLOURS["ALL"])
        hover = f"<b>{REGIONS.get(region, region)}</b><br>%{{x}}: {value}<extra></extra>"
        if one_year:
            traces.append(
                go.Bar(x=[name], y=line[y], name=name, marker_color=colour, hovertemplate=hover)
            )
            continue
        traces.append(
            go.Scatter(
                x=line["fiscal_year"],
                y=line[y],
                name=name,
                mode="lines+markers",
                marker={"symbol": REGION_SYMBOLS.get(region, "circle"), "size": 8},
                line={
                    "color": colour,
                    "dash": DASHES[themes.index(theme) % len(DASHES)] if theme else "solid",
                },
                cliponaxis=False,
                hovertemplate=hover,
            )
        )
        drawn = line.dropna(subset=[y])
        if not drawn.empty:
            ends.append((name, colour, drawn["fiscal_year"].iloc[-1], float(drawn[y].iloc[-1])))
    figure = go.Figure(traces)
    # fiscal years are categories: never a numeric axis (one year once read as 595–597)
    figure.update_xaxes(type="category", categoryorder="category ascending")
    style(figure, y_title=y_title, x_title=rows["fiscal_year"].iloc[0] if one_year else "")
    if one_year:
        figure.update_layout(showlegend=False)
    else:
        figure.update_layout(margin={"r": 70})  # room for the labels at the lines' ends
        label_line_ends(figure, ends, rows[y].dropna().astype(float).tolist())
    if percent:
        figure.update_yaxes(tickformat=".1~%")
    return figure


# A line-end label is plotly's 12 px text, 16 px tall on screen; a chart is drawn 450 px tall,
# and in a narrow column its slanted fiscal years and four rows of legend leave the plot about
# 225 px of that (Regions' "Budget utilisation", measured in Chromium). Labels are kept apart
# as if the plot were 200 px tall: on a wider chart they sit a little further apart than they
# must, never on top of each other.
LABEL_PX = 16
PLOT_PX = 200


def spread(values: list[float], gap: float) -> list[float]:
    """Positions for labels wanted at `values`, in the same order, each at least `gap` from the
    next, as close to its value as that allows (least squares): labels that would collide are
    moved apart as a block centred on where they wanted to be, the others stay put."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    blocks: list[tuple[float, list[int]]] = []  # (position of the block's lowest label, members)
    for i in order:
        start, members = values[i], [i]
        # merge with the block below while the two overlap
        while blocks and blocks[-1][0] + len(blocks[-1][1]) * gap > start:
            _, lower = blocks.pop()
            members = lower + members
            start = sum(values[m] - k * gap for k, m in enumerate(members)) / len(members)
        blocks.append((start, members))
    placed = [0.0] * len(values)
    for start, members in blocks:
        for k, m in enumerate(members):
            placed[m] = start + k * gap
    return placed


def label_line_ends(
    figure: go.Figure, ends: list[tuple[str, str, object, float]], points: list[float]
) -> None:
    """Each line's name just right of its last point, in its colour (colour alone keeps some
    pairs close in some colour visions), spread vertically where lines end close together. The
    y axis gets a fixed range that holds every point (`points`) and every label, so that the
    labels' gap in data units is a known share of the plot's height."""
    if not ends:
        return
    values = [end for *_, end in ends]
    low, high = min(points), max(points)
    placed = values
    for _ in range(3):  # the range holds the spread labels, and the spread depends on the range
        bottom, top = min(low, *placed), max(high, *placed)
        pad = 0.06 * ((top - bottom) or abs(top) or 1.0)
        shown = (bottom - pad, top + pad)
        placed = spread(values, LABEL_PX / PLOT_PX * (shown[1] - shown[0]))
    figure.update_yaxes(range=list(shown), autorange=False)
    # set at once: `add_annotation` copies every earlier annotation each time
    figure.layout.annotations = [
        *figure.layout.annotations,
        *(
            go.layout.Annotation(
                x=year,
                y=at,
                xref="x",
                yref="y",
                text=name,
                showarrow=False,
                xanchor="left",
                xshift=8,
                font={"color": colour},
            )
            for (name, colour, year, _), at in zip(ends, placed, strict=True)
        ),
    ]
