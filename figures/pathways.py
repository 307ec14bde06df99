"""Pathway figures without Streamlit: grouped bars with hidden counts labelled, the stage
funnel the Leadership pathways page and the report both draw, the flows between stages, and
every other chart of the Leadership pathways page with its text alternative. Each is a pure
function of its rows, so the page's chart blocks build it once per distinct input
(ui.charts.Cached)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from figures.common import style
from ui import format as fmt
from ui.palette import CATEGORICAL, REGION_COLOURS, SEQUENTIAL

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


# Where the flows chart puts each stage's node (plotly's x and y of a node, 0 to 1 from the
# left and the top). Stages go left to right; the big first two stages fill the height. Grant
# lead sits high and committee or board low: a node of the last column has its label on its
# left, which would otherwise run into the label of the column before.
STAGE_NODE_X = (0.001, 0.2, 0.4, 0.6, 0.8, 0.999)
STAGE_NODE_Y = (0.45, 0.45, 0.15, 0.4, 0.12, 0.55)
# "Not moved up (yet)" nodes sit at the bottom of the column after their stage's; the last
# two (trainer or mentor, grant lead) at different heights, as their labels face each other.
STAYED_NODE_Y = (0.85, 0.88, 0.9, 0.97, 0.8, 0.97)


def sankey(flows: pd.DataFrame, stage_names: Sequence[str]) -> go.Figure:
    """Stages as nodes, in order; people who have not moved up flow into a "Still …" node.
    Only the nodes a shown flow touches are drawn, each at its fixed place."""
    n = len(stage_names)
    labels = [*stage_names, *(f"Still {name[0].lower()}{name[1:]}" for name in stage_names)]
    node_colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(n)] + [GREY] * n
    x = [*STAGE_NODE_X[:n], *(STAGE_NODE_X[min(i + 1, n - 1)] for i in range(n))]
    y = [*STAGE_NODE_Y[:n], *STAYED_NODE_Y[:n]]
    visible = flows[flows["people"].astype("Float64").fillna(0) > 0]
    sources = [int(s) - 1 for s in visible["from_stage_number"]]
    targets = [
        int(to) - 1 if pd.notna(to) else n + int(start) - 1
        for start, to in zip(visible["from_stage_number"], visible["to_stage_number"], strict=True)
    ]
    # plotly misplaces fixed nodes when some nodes have no flow: keep only those with one
    used = sorted(set(sources) | set(targets))
    index = {node: i for i, node in enumerate(used)}
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [labels[i] for i in used],
                "color": [node_colours[i] for i in used],
                "x": [x[i] for i in used],
                "y": [y[i] for i in used],
                "pad": 24,
                "thickness": 18,
                "line": {"width": 0},
                "hovertemplate": "%{label}: %{value:,.0f} people<extra></extra>",
            },
            link={
                "source": [index[s] for s in sources],
                "target": [index[t] for t in targets],
                "value": visible["people"].astype(float).tolist(),
                "color": [translucent(node_colours[t]) for t in targets],
                "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f} people"
                "<extra></extra>",
            },
            # no halo around the labels: on a dark background it reads as a smudge
            textfont={"shadow": "none", "size": 13},
        )
    )
    figure.update_layout(height=440)
    return style(figure)


def translucent(colour: str, alpha: float = 0.5) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def lines(frame: pd.DataFrame, *, x: str, y: str, text: str) -> go.Figure:
    """One line per population, labelled by `text`."""
    palette = colours(frame["population"].tolist())
    figure = go.Figure()
    for population, rows in frame.groupby("population", sort=False):
        figure.add_scatter(
            name=population,
            x=rows[x],
            y=rows[y],
            mode="lines+markers",
            line_color=palette[population],
            text=rows[text],
            hovertemplate=f"{population}<br>%{{x}}: %{{text}}<extra></extra>",
        )
    figure.update_layout(showlegend=frame["population"].nunique() > 1, height=320)
    figure.update_xaxes(type="category")
    return figure


def heatmap(frame: pd.DataFrame, *, rows: str, row_title: str) -> go.Figure:
    """Share who reached each stage (columns) per row (a cohort, a gender), in frame order."""
    row_order = list(dict.fromkeys(frame[rows]))
    column_order = list(dict.fromkeys(frame["stage_name"]))
    shares = frame.pivot(index=rows, columns="stage_name", values="share_reached")
    labels = frame.pivot(index=rows, columns="stage_name", values="share_text")
    figure = go.Figure(
        go.Heatmap(
            z=shares.loc[row_order, column_order].astype(float).to_numpy(),
            x=column_order,
            y=row_order,
            text=labels.loc[row_order, column_order].to_numpy(),
            texttemplate="%{text}",
            colorscale=SEQUENTIAL,
            zmin=0,
            colorbar={"tickformat": ".0%", "title": {"text": "Share"}},
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_layout(height=140 + 40 * len(row_order))
    return style(figure, x_title="Stage reached", y_title=row_title)


def region_shares(data: pd.DataFrame) -> go.Figure:
    """Share of each region's people who reached a stage: a bar per region in its colour, or
    one series per cohort when several cohorts are shown; a click picks the region."""
    by_cohort = data["cohort_name"].nunique() > 1
    figure = bars(
        data,
        x="region",
        y="share_reached",
        text="share_text",
        series="cohort_name",
        customdata=("region", "region_name"),
        bar_colours=None if by_cohort else REGION_COLOURS,
    )
    figure.update_traces(hovertemplate="%{customdata[1]}: %{text}<extra>%{fullData.name}</extra>")
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_layout(height=380)
    return style(figure, y_title="Share of the region's people")


def conversion(data: pd.DataFrame, window: str) -> go.Figure:
    """Share of the people at each stage who moved up within `window` ("12m" or "24m")."""
    figure = bars(data, x="stage_name", y=f"rate_{window}", text="rate_text")
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_layout(height=380)
    return style(figure, y_title="Share who moved up", x_title="From stage")


def days_to_next(data: pd.DataFrame) -> go.Figure:
    """Median days from each stage to a higher one."""
    figure = bars(data, x="stage_name", y="median_days_to_next", text="days_text")
    figure.update_layout(height=380)
    return style(figure, y_title="Median days", x_title="From stage")


def representation(data: pd.DataFrame) -> go.Figure:
    """Each gender's representation at each stage, against a dotted line at 1 (as among
    everyone)."""
    palette = {name: CATEGORICAL[i] for i, name in enumerate(("Women", "Men", "Non-binary"), 1)}
    figure = bars(
        data,
        x="stage_name",
        y="representation",
        text="ratio_text",
        series="gender_name",
        palette=palette,
    )
    figure.add_hline(y=1, line_dash="dot", line_color=GREY)
    figure.update_layout(height=380)
    return style(figure, y_title="Representation", x_title="Stage reached")


def rate_lines(data: pd.DataFrame, rate: str, y_title: str) -> go.Figure:
    """A rate per fiscal year (retention, attrition, newcomers' seats), a line per population."""
    figure = lines(data, x="fiscal_year", y=rate, text="rate_text")
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    return style(figure, y_title=y_title)


def mentorship(data: pd.DataFrame) -> go.Figure:
    """Mentees per mentor per fiscal year."""
    figure = bars(data, x="fiscal_year", y="mentees_per_mentor", text="ratio_text")
    figure.update_xaxes(type="category")
    figure.update_layout(height=320)
    return style(figure, y_title="Mentees per mentor")


def describe(frame: pd.DataFrame, *, series: str, x: str, value: str, lead: str = "") -> str:
    """`lead`, then each series' values in order: "Everyone: Participant 3,956, Organizer 160;
    …"."""
    parts = [
        f"{name}: " + ", ".join(f"{a} {b}" for a, b in zip(rows[x], rows[value], strict=True))
        for name, rows in frame.groupby(series, sort=False)
    ]
    return lead + ("; ".join(parts) + "." if parts else "No values to describe.")


def describe_flows(flows: pd.DataFrame, k: int) -> str:
    """The flows chart's text alternative: each flow, and how many are hidden at threshold k."""
    parts = [f"{r.stage_name} → {r.to_stage_name}: {r.people_text}" for r in flows.itertuples()]
    hidden = int(flows["people_suppressed"].astype(bool).sum())
    note = (
        f" {hidden} of them hidden: fewer than {k} people, or they would give a hidden count away."
        if hidden
        else ""
    )
    return "People moving between stages. " + "; ".join(parts) + "." + note
