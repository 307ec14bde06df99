"""The global filters in the sidebar — fiscal years, regions, funds, themes — bound to the URL so
a copied link reproduces the view; values the URL gets wrong fall back to the defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import streamlit as st

from etl.reference import FUNDS, REGIONS, THEMES, fiscal_years
from ui.data import query

# The names people read (and the URL carries) → codes the queries take.
FUND_CODES = {name: code for code, (name, _, _) in FUNDS.items()}
THEME_CODES = {name: code for code, name in THEMES.items()}


@dataclass(frozen=True)
class Filters:
    """What the user chose; an empty tuple means all."""

    fiscal_years: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    funds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    def params(self, **narrower: tuple[str, ...]) -> dict[str, list[str]]:
        """The query parameters, optionally narrowed (e.g. by a cross-filter click)."""
        chosen = {
            "fiscal_years": self.fiscal_years,
            "regions": self.regions,
            "funds": self.funds,
            "themes": self.themes,
        }
        chosen.update({name: value for name, value in narrower.items() if value})
        return {name: list(value) for name, value in chosen.items()}

    def focused(self, regions: tuple[str, ...]) -> Filters:
        """These filters narrowed to the regions a cross-filter click focused on (if any)."""
        return replace(self, regions=regions) if regions else self

    def slug(self) -> str:
        """The filters as a file-name part: `FY2023-24_SSA_rapid` or `all`."""
        parts = [*self.fiscal_years, *self.regions, *self.funds, *self.themes]
        text = "_".join(parts) if parts else "all"
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)[:120]


def covered_fiscal_years() -> list[str]:
    """Fiscal years the warehouse holds, newest first (all known years if it holds none)."""
    coverage = query("warehouse_coverage").dropna(subset=["first_fiscal_year"])
    known = [label for label, _, _ in fiscal_years()]
    if coverage.empty:
        return known[::-1]
    first, last = coverage["first_fiscal_year"].min(), coverage["last_fiscal_year"].max()
    return [label for label in known if first <= label <= last][::-1]


def sidebar() -> Filters:
    """Render the filters in the sidebar and return what is chosen."""
    with st.sidebar:
        st.header("Filters")
        st.caption("Empty means all. The address bar keeps your choice: copy it to share the view.")
        years = st.multiselect(
            "Fiscal years",
            covered_fiscal_years(),
            key="fy",
            bind="query-params",
            placeholder="All fiscal years",
        )
        # Options are what the URL shows: region codes (SSA), fund and theme names.
        regions = st.multiselect(
            "Regions",
            list(REGIONS),
            key="region",
            bind="query-params",
            placeholder="All regions",
            help=", ".join(f"{code}: {name}" for code, name in REGIONS.items()),
        )
        funds = st.multiselect(
            "Funds",
            list(FUND_CODES),
            key="fund",
            bind="query-params",
            placeholder="All funds",
        )
        themes = st.multiselect(
            "Themes",
            list(THEME_CODES),
            key="theme",
            bind="query-params",
            placeholder="All themes",
        )
    return Filters(
        tuple(sorted(years)),
        tuple(regions),
        tuple(FUND_CODES[f] for f in funds),
        tuple(THEME_CODES[t] for t in themes),
    )


def current() -> Filters:
    """The filters as the sidebar (rendered by app.py before the page) left them."""
    state = st.session_state
    return Filters(
        tuple(sorted(state.get("fy") or ())),
        tuple(state.get("region") or ()),
        tuple(FUND_CODES[f] for f in state.get("fund") or () if f in FUND_CODES),
        tuple(THEME_CODES[t] for t in state.get("theme") or () if t in THEME_CODES),
    )
