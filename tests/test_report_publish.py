"""One publish run: every number of the report, of its wikitext and of the bundle is the
published CSV's value for the same scope, and the file names say the scope."""

from __future__ import annotations

import csv
import html
import re
import zipfile
from html.parser import HTMLParser

import mwparserfromhell
import pytest

from report import publish
from report.model import Scope
from report.sections import SECTIONS
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def metrics_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("report_metrics"), METRICS)


@pytest.fixture(scope="module")
def run(metrics_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("report_out")
    outputs = publish.build(metrics_db, k=2)
    return out, publish.write(outputs, out)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(text: str) -> float | None:
    """A number as the report writes it: $1,234 · 1,234 · 57.1% · 12.5; None for – and hidden."""
    if text in ("–", "hidden"):
        return None
    value = float(re.sub(r"[$,%]", "", text))
    return value / 100 if text.endswith("%") else value


def agrees(shown: str, published: str, flag: str | None) -> bool:
    """A shown cell against the published one: hidden exactly where the CSV is blank with its
    flag true, numbers equal at the precision shown, labels equal."""
    if shown == "hidden":
        return published == "" and flag == "true"
    if flag == "true":
        return False
    try:
        value = number(shown)
    except ValueError:
        return shown == published
    if value is None:
        return published == ""
    decimals = shown.split(".")[1].rstrip("%") if "." in shown else ""
    tolerance = 0.5 * 10 ** -(len(decimals) + (2 if shown.endswith("%") else 0))
    return abs(float(published) - value) <= tolerance + 1e-9


class Tables(HTMLParser):
    """The cells of each <figure id=...> table of the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._figure = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self._figure = dict(attrs)["id"]
            self.tables[self._figure] = []
        elif tag == "tr" and self._figure:
            self.tables[self._figure].append([])
        elif tag in ("td", "th") and self._figure:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._figure][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def shown(contents) -> str:
    """A wikitext cell as a reader sees it: <nowiki> unwrapped, entities decoded."""
    text = str(contents).strip()
    text = re.sub(r"^<nowiki>(.*)</nowiki>$", r"\1", text, flags=re.S)
    return html.unescape(text)


def check_table(rows: list[list[str]], file_rows: list[dict], columns: tuple[str, ...]) -> int:
    """Match each shown row to its published row by its labels; return cells compared. The
    pathway stages are shown for all cohorts together."""
    file_rows = [r for r in file_rows if r.get("cohort", "ALL") == "ALL"]
    labels = [c for c in columns if c in ("fiscal_year", "region", "theme", "stage", "from_stage")]
    compared = 0
    for shown in rows[1:]:
        cells = dict(zip(columns, shown, strict=True))
        (published,) = [r for r in file_rows if all(r[c] == cells[c] for c in labels)]
        for column in columns:
            flag = published.get(f"{column}_suppressed")
            assert agrees(cells[column], published[column], flag), (column, cells, published)
            compared += 1
    return compared


def test_every_number_of_the_html_report_is_the_published_one(run):
    out, _ = run
    parser = Tables()
    parser.feed((out / "report.html").read_text(encoding="utf-8"))
    compared = 0
    for _, cuts in SECTIONS.values():
        for cut in cuts:
            rows = parser.tables[cut.name]
            assert len(rows) > 1, cut.name
            compared += check_table(rows, read_csv(out / cut.file), cut.columns)
    assert compared > 100


def test_every_number_of_the_wikitext_is_the_published_one(run):
    out, _ = run
    text = (out / "report.wiki").read_text(encoding="utf-8")
    tables = mwparserfromhell.parse(text).filter_tags(matches=lambda t: str(t.tag) == "table")
    cuts = [cut for _, section in SECTIONS.values() for cut in section]
    assert len(tables) == len(cuts)
    for table, cut in zip(tables, cuts, strict=True):
        rows = []
        for row in table.contents.filter_tags(recursive=False, matches=lambda t: t.tag == "tr"):
            cells = row.contents.filter_tags(
                recursive=False, matches=lambda t: str(t.tag) in ("th", "td")
            )
            rows.append([shown(c.contents) for c in cells])
        rows = [r for r in rows if r]
        assert len(rows[0]) == len(cut.columns)
        check_table(rows, read_csv(out / cut.file), cut.columns)


def test_the_bundle_holds_the_published_files_byte_for_byte(run):
    out, _ = run
    with zipfile.ZipFile(out / "open_data.zip") as z:
        for name in z.namelist():
            assert z.read(name) == (out / name).read_bytes(), name


def test_a_scoped_run_publishes_only_its_scope_and_names_its_files_for_it(metrics_db, tmp_path):
    outputs = publish.build(
        metrics_db, Scope(fiscal_years=("FY2023-24",), regions=("SSA",)), ["overview"], k=2
    )
    written = {p.name for p in publish.write(outputs, tmp_path)}
    assert {"report__FY2023-24_SSA.html", "report__FY2023-24_SSA.wiki"} <= written
    assert "open_data__FY2023-24_SSA.zip" in written
    rows = read_csv(tmp_path / "funding_by_region_year.csv")
    # ALL: the chosen regions together
    assert {(r["fiscal_year"], r["region"]) for r in rows} == {
        ("FY2023-24", "SSA"),
        ("FY2023-24", "ALL"),
    }
    assert [s.key for s in outputs.report.sections] == ["overview"]


def test_a_run_scoped_to_several_regions_publishes_each_region_s_themes(metrics_db, tmp_path):
    outputs = publish.build(
        metrics_db, Scope(fiscal_years=("FY2023-24",), regions=("SSA", "SA")), ["themes"], k=2
    )
    publish.write(outputs, tmp_path)
    rows = {
        (r["region"], r["theme"]): (r["grants_funded"], r["awarded_usd"], r["programs"])
        for r in read_csv(tmp_path / "themes_by_year.csv")
    }
    # Funded grants decided in FY2023-24: G6 (KE, education, 15,000) and G12 (NG, gender gap,
    # 2,000) in SSA; G8 (IN, education, 1,000) in SA. Programs starting in it: P2 (KE,
    # education); P3 (IN, gender gap and education) and P4 (PK, culture and heritage).
    assert rows == {
        ("SSA", "education"): ("1", "15000", "1"),
        ("SSA", "gender_gap"): ("1", "2000", "0"),
        ("SA", "education"): ("1", "1000", "1"),
        ("SA", "gender_gap"): ("0", "0", "1"),
        ("SA", "culture_heritage"): ("0", "0", "1"),
    }


def test_a_run_of_everything_publishes_themes_for_all_regions_together(run):
    out, _ = run
    assert {r["region"] for r in read_csv(out / "themes_by_year.csv")} == {"ALL"}
