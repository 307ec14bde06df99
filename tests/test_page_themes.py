"""The Themes page on the demo warehouse (Streamlit AppTest): every chart draws, the filters and
the URL change its numbers as the grants and programs predict, a click on a theme focuses the page
and clearing it restores the page, and people counts and women's shares are suppressed.

Expected values come from direct SQL over the core tables, not from the page's queries."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import AttributeDictionary

from etl.reference import THEMES
from tests.conftest import open_app_page, query, tables
from ui.format import count, usd

ROOT = Path(__file__).resolve().parents[1]
PAGE = "views/themes.py"
THEME_PICK = "themes-theme-pick"

AWARDED_BY_THEME = ("Theme code", "Theme", "Grants funded", "Awarded USD", "Programs")
FUNDING_BY_YEAR = ("Fiscal year", "Theme", "Grants funded", "Awarded USD")
CHARTS = [
    "Awarded USD by theme",
    "Funding by theme and fiscal year",
    "Programs by theme and fiscal year",
    "Participants by theme and fiscal year",
    "Awarded USD by theme and region",
    "Gender Gap funding by fiscal year",
    "Gender Gap programs by fiscal year",
    "Women's share of participants: Gender Gap programs and all programs",
    "Women's share of participants by theme, All regions",
]


def open_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> AppTest:
    """The app opened (with `state`, `url`, `k` options), then the Themes page."""
    return open_app_page(PAGE, demo_db, monkeypatch, **options)


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page with exactly these columns."""
    for frame in tables(app):
        if list(frame.value.columns) == list(columns):
            return frame.value
    raise AssertionError(f"no table with {columns}")


def pick(*codes: str) -> AttributeDictionary:
    """The state of a chart in which these codes were clicked (an empty pick: nothing)."""
    points = [{"customdata": [code]} for code in codes]
    return AttributeDictionary(
        {"selection": AttributeDictionary({"points": points, "box": [], "lasso": []})}
    )


def awarded_on_theme(db: Path, theme: str, region: str | None = None) -> float:
    """Awarded USD of funded grants carrying the theme (optionally in one region)."""
    return query(
        db,
        """
        select coalesce(sum(g.amount_awarded_usd), 0)
        from core.grants g
        join core.grant_themes t using (grant_id)
        where g.status = 'funded' and g.fiscal_year is not null and t.theme_code = ?
          and (? is null or g.region_code = ?)
        """,
        [theme, region, region],
    )[0][0]


def test_every_chart_draws_on_the_demo_warehouse(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch)
    assert [s.value for s in app.subheader] == CHARTS
    themes = table(app, *AWARDED_BY_THEME)
    assert set(themes["Theme"]) == set(THEMES.values())


def test_the_program_view_is_folded_until_opened_and_a_link_naming_its_sort_opens_it(
    demo_db, monkeypatch
):
    app = open_app_page(PAGE, demo_db, monkeypatch)
    assert [e.label for e in app.expander] == ["**Which programs brought new editors?**"]
    assert "theme-programs-sort" not in [s.key for s in app.selectbox]
    assert not app.dataframe
    linked = open_app_page(PAGE, demo_db, monkeypatch, url={"theme-programs-sort": "Participants"})
    assert linked.selectbox(key="theme-programs-sort").value == "Participants"
    participants = [int(p) for p in linked.dataframe[0].value["Participants"] if p != "hidden"]
    assert participants == sorted(participants, reverse=True)


def test_a_region_filter_changes_theme_funding_as_the_grants_predict(demo_db, monkeypatch):
    everywhere = table(open_page(demo_db, monkeypatch), *AWARDED_BY_THEME)
    in_ssa = table(open_page(demo_db, monkeypatch, state={"region": ["SSA"]}), *AWARDED_BY_THEME)
    gender_gap = {
        "all": everywhere.set_index("Theme").loc["Gender Gap", "Awarded USD"],
        "SSA": in_ssa.set_index("Theme").loc["Gender Gap", "Awarded USD"],
    }
    assert gender_gap == {
        "all": usd(awarded_on_theme(demo_db, "gender_gap")),
        "SSA": usd(awarded_on_theme(demo_db, "gender_gap", "SSA")),
    }
    assert gender_gap["SSA"] != gender_gap["all"]


def test_the_url_seeds_the_fiscal_year(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, url={"fy": "FY2023-24"})
    gender_gap = table(app, "Fiscal year", "Grants funded", "Awarded USD")
    by_theme = table(app, "Fiscal year", "Theme", "Grants funded", "Awarded USD")
    expected = query(
        demo_db,
        """
        select count(*), sum(g.amount_awarded_usd)
        from core.grants g join core.grant_themes t using (grant_id)
        where g.status = 'funded' and g.fiscal_year = 'FY2023-24' and t.theme_code = 'gender_gap'
        """,
    )[0]
    assert gender_gap.to_dict("records") == [
        {
            "Fiscal year": "FY2023-24",
            "Grants funded": f"{expected[0]:,}",
            "Awarded USD": usd(expected[1]),
        }
    ]
    assert set(by_theme["Fiscal year"]) == {"FY2023-24"}


def test_clicking_a_theme_focuses_the_page_and_clicking_it_again_clears_it(demo_db, monkeypatch):
    app = open_page(demo_db, monkeypatch, state={THEME_PICK: pick("education")})
    assert "Focused on **Education**" in app.info[0].value
    assert set(table(app, *FUNDING_BY_YEAR)["Theme"]) == {"Education"}
    # the chart clicked keeps every theme, so the pick can be changed or cleared
    assert len(table(app, *AWARDED_BY_THEME)) == len(THEMES)

    app.session_state[THEME_PICK] = pick()
    app.run()
    assert not app.exception
    assert not [i for i in app.info if "Focused on" in i.value]
    assert set(table(app, *FUNDING_BY_YEAR)["Theme"]) == set(THEMES.values())


@pytest.fixture
def uncached():
    """Query results are cached by filters, not by k (fixed for a server's life): a test with
    another k starts and leaves the cache empty so no other test sees its results."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_participants_by_theme_and_region_hide_counts_below_k(demo_db, monkeypatch, uncached):
    k = 40
    app = open_page(demo_db, monkeypatch, k=k)
    app.segmented_control(key="themes-heatmap-measure").set_value("Participants").run()
    assert not app.exception
    year = app.selectbox(key="themes-heatmap-year").value
    cells = table(app, "Region", "Theme", "Participants")
    truth = {
        (region, THEMES[theme]): people
        for region, theme, people in query(
            demo_db,
            """
            select p.region_code, t.theme_code, count(distinct pa.person_id)
            from core.participation pa
            join core.programs p using (program_id)
            join core.program_themes t using (program_id)
            where pa.role in ('participant', 'mentee') and p.fiscal_year = ?
            group by all
            """,
            [year],
        )
    }
    shown = hidden = 0
    for row in cells.itertuples():
        people = truth.get((row.Region, row.Theme), 0)
        if row.Participants == "hidden":
            hidden += 1
        else:
            assert int(row.Participants.replace(",", "")) == people
            assert people == 0 or people >= k
            shown += 1
    assert shown and hidden


def women_and_others(db: Path, region: str, theme: str | None) -> dict[str, tuple[int, int]]:
    """Per fiscal year: women and people of other genders among the participants who reported
    one, in the region's programs (on the theme, or all programs)."""
    rows = query(
        db,
        """
        with reporting as (
            select distinct p.fiscal_year, pa.person_id, pe.gender = 'woman' as is_woman
            from core.participation pa
            join core.people pe using (person_id)
            join core.programs p using (program_id)
            left join core.program_themes t using (program_id)
            where pa.role in ('participant', 'mentee')
              and pe.gender in ('woman', 'man', 'non_binary')
              and p.region_code = ?
              and (? is null or t.theme_code = ?)
        )
        select fiscal_year, count(*) filter (where is_woman), count(*) filter (where not is_woman)
        from reporting
        group by fiscal_year
        """,
        [region, theme, theme],
    )
    return {year: (women, others) for year, women, others in rows}


def expected_share(women: int, others: int, k: int) -> str:
    if women < k or others < k:
        return "hidden"
    # whole percent, halves rounded up as the SQL does
    return f"{int(Fraction(100 * women, women + others) + Fraction(1, 2))}%"


def test_womens_share_shows_only_where_k_women_and_k_others_reported(demo_db, monkeypatch):
    k = 5
    app = open_page(demo_db, monkeypatch, state={"region": ["NWE"]}, k=k)
    # shares only: no count of women or of reporting participants leaves the query
    shares = table(app, "Fiscal year", "Region", "Programs", "Women's share")
    expected = []
    for programs, theme in (("Gender Gap", "gender_gap"), ("All programs", None)):
        for year, (women, others) in women_and_others(demo_db, "NWE", theme).items():
            expected.append((year, "NWE", programs, expected_share(women, others, k)))
    assert sorted(shares.itertuples(index=False, name=None)) == sorted(expected)
    assert "hidden" in set(shares["Women's share"])


def test_the_program_view_lists_the_themes_programs_with_both_new_editor_definitions(
    demo_db, monkeypatch
):
    app = open_page(demo_db, monkeypatch, url={"fy": "FY2024-25", "theme": "Gender Gap"})
    programs = next(d.value for d in tables(app) if "New editors (Event Metrics)" in d.value)
    expected = query(
        demo_db,
        """
        select p.program_id,
               count(distinct pa.person_id) filter (where pa.role in ('participant', 'mentee')),
               count(distinct pa.person_id) filter (where pa.role in ('participant', 'mentee')
                   and pe.registered_at between p.start_date and p.end_date),
               count(distinct pa.person_id) filter (where pa.role in ('participant', 'mentee')
                   and pe.registered_at between p.start_date - 14 and p.end_date)
        from core.programs p
        join core.program_themes t using (program_id)
        left join core.participation pa using (program_id)
        left join core.people pe using (person_id)
        where p.fiscal_year = 'FY2024-25' and t.theme_code = 'gender_gap'
        group by p.program_id
        """,
    )
    assert sorted(programs["Program"]) == sorted(program for program, *_ in expected)
    rows = programs.set_index("Program")
    for program, participants, dashboard, event_metrics in expected:
        for column, people in (
            ("Participants", participants),
            ("New editors (Dashboard)", dashboard),
            ("New editors (Event Metrics)", event_metrics),
        ):
            shown = rows.loc[program, column]
            # a shown count is exact; 1 to 4 is never shown
            assert shown in (count(people), "hidden"), (program, column)
            if 1 <= people < 5:
                assert shown == "hidden", (program, column)
    # sorted by Dashboard new editors, largest first, hidden counts last
    column = programs["New editors (Dashboard)"].tolist()
    numbers = [int(v.replace(",", "")) for v in column if v != "hidden"]
    assert numbers == sorted(numbers, reverse=True)
    assert column == [str(n) for n in numbers] + ["hidden"] * (len(column) - len(numbers))
