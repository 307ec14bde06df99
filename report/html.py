"""The report as one self-contained HTML file: plotly.js inlined once, every figure embedded
and interactive offline, each chart with its definition, text alternative and table, and print
styles that break pages between sections and never inside a chart.

Every text from the data goes through html.escape: titles and names render as text."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from queries import privacy
from report.model import Block, Report, Section

# A4 less 15 mm margins is 180 mm, about 680 CSS pixels: figures drawn that wide print uncut.
FIGURE_WIDTH = 680
FIGURE_HEIGHT = 380
CONFIG = {"displaylogo": False, "responsive": False, "modeBarButtonsToRemove": ["lasso2d"]}

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); max-width: 760px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: 1.5rem 0 .2rem; }
.meta, .definition, .alt { color: var(--muted); }
.definition { margin: 0 0 .5rem; }
.alt { font-size: .9rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .15rem .5rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
dl dt { font-weight: 600; margin-top: .5rem; }
dl dd { margin-left: 1rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; }
  section.report-section { break-before: page; }
  h2, h3, p.definition { break-after: avoid; }
  div.chart, p.alt, thead, tr { break-inside: avoid; }
  .modebar-container { display: none; }
}
figure.block { margin: 0 0 1.5rem; }
"""


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    sections = "\n".join(_section(section) for section in report.sections)
    methodology = _methodology(report) if report.methodology else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(report.title)}</title>
<style>{STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{escape(report.title)}</h1>
<p class="meta">Scope: {escape(report.scope.describe())}.<br>
Data as of {escape(report.freshness)}.<br>
{escape(privacy.rule(report.k))}</p>
</header>
{sections}
{methodology}
</body>
</html>
"""


def _section(section: Section) -> str:
    intro = f"<p>{escape(section.intro)}</p>" if section.intro else ""
    blocks = "\n".join(_block(block) for block in section.blocks)
    return (
        f'<section class="report-section" id="{escape(section.key)}">\n'
        f"<h2>{escape(section.title)}</h2>\n{intro}\n{blocks}\n</section>"
    )


def _block(block: Block) -> str:
    figure = _figure(block.figure) if block.figure is not None else ""
    alt = f'<p class="alt">{escape(block.text)}</p>' if block.text else ""
    return (
        f'<figure class="block" id="{escape(block.name)}">\n'
        f"<h3>{escape(block.title)}</h3>\n"
        f'<p class="definition">{escape(block.definition)}</p>\n'
        f"{figure}\n{alt}\n{_table(block)}\n</figure>"
    )


def _figure(figure: go.Figure) -> str:
    sized = go.Figure(figure).update_layout(
        width=FIGURE_WIDTH, height=figure.layout.height or FIGURE_HEIGHT, template="plotly_white"
    )
    chart = pio.to_html(sized, full_html=False, include_plotlyjs=False, config=CONFIG)
    return f'<div class="chart">{chart}</div>'


def _table(block: Block) -> str:
    if block.table.empty:
        return "<p>No rows for this scope.</p>"
    header = "".join(f'<th scope="col">{escape(name)}</th>' for name in block.header())
    numeric = [bool(block.formats.get(c)) for c in block.columns()]
    rows = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="number">{escape(value)}</td>' if is_number else f"<td>{escape(value)}</td>"
            for value, is_number in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in block.rows()
    )
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _methodology(report: Report) -> str:
    items = "\n".join(
        f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in report.methodology
    )
    return (
        '<section class="report-section" id="methodology">\n<h2>Methodology</h2>\n'
        f"<dl>\n{items}\n</dl>\n</section>"
    )
