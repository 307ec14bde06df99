"""The report as wikitext to paste into a Meta-Wiki page: a heading per section and per chart,
the chart's definition, its numbers as a sortable wikitable with the same suppression as the
app, and the scope and freshness of the data.

Text from the data is text: any cell or heading holding wiki or HTML markup is wrapped in
<nowiki>, with &, < and > written as entities (MediaWiki still decodes entities there)."""

from __future__ import annotations

import re

from queries import privacy
from report.model import Block, Report, Section

# What makes wiki or HTML markup: links, templates, tables, tags and entities anywhere; bold and
# italics (''), signatures (~~~), magic words (__TOC__); lists, headings and indents at the
# start of a line; a heading's closing = at its end.
_MARKUP = re.compile(r"[\[\]{}|<>&\n]|''|~~~|__|^[\s:;*#!=-]|=\s*$")


def text(value: str) -> str:
    """A value from the data as literal text in wikitext."""
    if not _MARKUP.search(value):
        return value
    safe = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<nowiki>{' '.join(safe.splitlines())}</nowiki>"


def render(report: Report) -> str:
    lines = [
        f"== {text(report.title)} ==",
        f"Scope: {text(report.scope.describe())}. Data as of {text(report.freshness)}.",
        "",
        text(privacy.rule(report.k)),
        "",
    ]
    for section in report.sections:
        lines += _section(section)
    if report.methodology:
        lines += ["=== Methodology ===", ""]
        lines += [
            f"; {text(term)}\n: {text(definition)}" for term, definition in report.methodology
        ]
        lines.append("")
    return "\n".join(lines)


def _section(section: Section) -> list[str]:
    lines = [f"=== {text(section.title)} ===", ""]
    if section.intro:
        lines += [text(section.intro), ""]
    for block in section.blocks:
        lines += _block(block)
    return lines


def _block(block: Block) -> list[str]:
    lines = [f"==== {text(block.title)} ====", text(block.definition), ""]
    if block.table.empty:
        return [*lines, "''No rows for this scope.''", ""]
    lines += ['{| class="wikitable sortable"', "|-"]
    lines.append("! " + " !! ".join(text(name) for name in block.header()))
    numeric = [bool(block.formats.get(c)) for c in block.columns()]
    for row in block.rows():
        lines.append("|-")
        cells = [
            f'style="text-align:right" | {text(value)}' if is_number else text(value)
            for value, is_number in zip(row, numeric, strict=True)
        ]
        lines.append("| " + " || ".join(cells))
    lines += ["|}", ""]
    return lines
