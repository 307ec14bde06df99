"""The report's writers: HTML and wikitext from one small hand-made report, checked by parsing
what they write (html.parser for the HTML, mwparserfromhell as MediaWiki would for wikitext)."""

from __future__ import annotations

from html.parser import HTMLParser

import mwparserfromhell
import pandas as pd
import plotly.graph_objects as go

from report import html, wikitext
from report.model import Block, Report, Scope, Section

HOSTILE = "[[Evil]] <b>bold</b> | {{tpl}} =x="


def tiny_report() -> Report:
    table = pd.DataFrame(
        {
            "region": ["SSA", "MENA", HOSTILE],
            "participants": [12, None, 7],
            "participants_suppressed": [False, True, False],
            "awarded_usd": [158246.4, 5000.0, None],
        }
    )
    figure = go.Figure(go.Bar(x=table["region"], y=table["participants"]))
    block = Block(
        name="participants_by_region",
        title="Participants by region",
        definition="Distinct people with a participant or mentee role.",
        table=table,
        figure=figure,
        text="SSA 12, MENA hidden.",
        formats={"participants": "count", "awarded_usd": "usd"},
        labels={"region": "Region", "participants": "Participants", "awarded_usd": "Awarded USD"},
    )
    return Report(
        title="Learnings",
        scope=Scope(fiscal_years=("FY2023-24",), regions=("SSA", "MENA")),
        freshness="2026-11-20",
        k=5,
        sections=(Section("regions", "Regions", (block,), intro=f"About {HOSTILE}"),),
        methodology=(("Fiscal year", "1 July - 30 June."),),
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_cell = tag == "td"
        if self._in_cell:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def test_html_report_shows_hidden_cells_as_hidden_and_numbers_as_the_app_does() -> None:
    page = _Collector()
    page.feed(html.render(tiny_report()))
    assert page.cells == [
        "SSA", "12", "$158,246",
        "MENA", "hidden", "$5,000",
        HOSTILE, "7", "–",
    ]  # fmt: skip


def test_html_report_renders_text_from_the_data_as_text() -> None:
    document = html.render(tiny_report())
    page = _Collector()
    page.feed(document)
    assert "b" not in [tag for tag, _ in page.tags]
    assert "&lt;b&gt;bold&lt;/b&gt;" in document


def test_html_report_has_no_external_url_and_embeds_plotly_once() -> None:
    document = html.render(tiny_report())
    page = _Collector()
    page.feed(document)
    for tag, attrs in page.tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//")), (tag, attrs)
    assert document.count('<script type="text/javascript">/**') == 1
    assert document.count('class="plotly-graph-div"') == 1


def test_report_file_name_says_its_scope() -> None:
    assert tiny_report().scope.file_name("report", "html") == "report__FY2023-24_SSA_MENA.html"
    assert Scope().file_name("report", "wiki") == "report.wiki"


def _tables(text: str) -> list[list[list[str]]]:
    """Every wikitable as rows of cell texts, as MediaWiki would read it."""
    out = []
    for table in mwparserfromhell.parse(text).filter_tags(matches=lambda t: t.tag == "table"):
        rows = []
        for row in table.contents.filter_tags(recursive=False, matches=lambda t: t.tag == "tr"):
            cells = row.contents.filter_tags(
                recursive=False, matches=lambda t: str(t.tag) in ("th", "td")
            )
            rows.append([str(c.contents).strip() for c in cells])
        out.append(rows)
    return out


def test_wikitext_table_has_a_header_and_a_row_per_table_row_with_hidden_cells() -> None:
    text = wikitext.render(tiny_report())
    assert '{| class="wikitable sortable"' in text
    (table,) = _tables(text)
    assert table[0] == ["Region", "Participants", "Awarded USD"]
    assert [row[1:] for row in table[1:]] == [["12", "$158,246"], ["hidden", "$5,000"], ["7", "–"]]
    assert [row[0] for row in table[1:3]] == ["SSA", "MENA"]


def test_wikitext_wraps_markup_from_the_data_in_nowiki() -> None:
    text = wikitext.render(tiny_report())
    parsed = mwparserfromhell.parse(text)
    assert not parsed.filter_wikilinks()
    assert not parsed.filter_templates()
    nowiki = [str(t.contents) for t in parsed.filter_tags(matches=lambda t: t.tag == "nowiki")]
    assert "[[Evil]] &lt;b&gt;bold&lt;/b&gt; | {{tpl}} =x=" in nowiki
    assert "=x=" not in [str(h.title).strip() for h in parsed.filter_headings()]


def test_wikitext_has_headings_per_section_and_chart_and_states_scope_and_freshness() -> None:
    text = wikitext.render(tiny_report())
    headings = [
        (h.level, str(h.title).strip()) for h in mwparserfromhell.parse(text).filter_headings()
    ]
    assert headings == [
        (2, "Learnings"),
        (3, "Regions"),
        (4, "Participants by region"),
        (3, "Methodology"),
    ]
    assert "Data as of 2026-11-20" in text
    assert "fiscal years FY2023-24; regions SSA, MENA; themes all" in text
