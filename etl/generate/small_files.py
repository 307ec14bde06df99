"""Writers of organizations.csv, grants.csv and programs.csv, with their ids, titles,
currencies and home wikis.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.generate.countries import _Countries
from etl.generate.draws import _THEME_STRINGS, _calendar_year, _first_theme, _iso
from etl.generate.grants import _Grants
from etl.generate.organizations import _Organizations
from etl.generate.programs import _Programs
from etl.generate.usernames import _Usernames
from etl.generate.world import (
    APPLICANTS,
    CAMPAIGN,
    CONFERENCE,
    CURRENCIES,
    DEFAULT_WIKI,
    FISCAL_YEARS,
    FUNDS,
    GENERAL_SUPPORT,
    GRANTS_COLUMNS,
    HOME_WIKIS,
    LOCAL_CURRENCY_SHARE,
    ORGANIZATION_TYPES,
    ORGANIZATIONS_COLUMNS,
    PHOTO_CONTEST,
    PROGRAM_TITLES,
    PROGRAM_TYPES,
    PROGRAMS_COLUMNS,
    RAPID,
    RAPID_ACTIVITIES,
    REGION_WIKI,
    REGIONAL_CONFERENCES,
    REGIONS,
    STATUSES,
    THEME_PHRASES,
    THEMES,
)


def _write_csv(frame: pd.DataFrame, path: Path, columns: list[str]) -> int:
    """Write `frame` as UTF-8 CSV with exactly `columns`, in that order; return its rows."""
    frame[columns].to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return len(frame)


def _organization_ids(n: int) -> np.ndarray:
    return np.array([""] + [f"ORG-{i + 1:04d}" for i in range(n)], dtype=object)


def _write_organizations(
    out_dir: Path, organizations: _Organizations, countries: _Countries
) -> int:
    frame = pd.DataFrame(
        {
            "organization_id": _organization_ids(len(organizations))[1:],
            "name": organizations.name,
            "type": np.asarray(ORGANIZATION_TYPES, dtype=object)[organizations.kind],
            "country": countries.code[organizations.country],
            "recognized_date": _iso(organizations.recognized),
        }
    )
    return _write_csv(frame, out_dir / "organizations.csv", ORGANIZATIONS_COLUMNS)


def _grant_ids(grants: _Grants) -> np.ndarray:
    """G-<year submitted>-<sequence within that year>, in order of submission."""
    year = _calendar_year(grants.submitted)
    sequence = np.zeros(len(grants), dtype=np.int64)
    for y in np.unique(year):
        mine = year == y
        sequence[mine] = np.arange(1, mine.sum() + 1)
    return np.array([f"G-{y}-{s:04d}" for y, s in zip(year, sequence, strict=True)], dtype=object)


def _grant_titles(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations, countries: _Countries
) -> np.ndarray:
    theme = _first_theme(grants.themes)
    year = _calendar_year(grants.start)
    activity = rng.integers(len(RAPID_ACTIVITIES), size=len(grants))
    regional = rng.random(len(grants)) < 0.3
    titles = []
    for g in range(len(grants)):
        country = countries.name[grants.country[g]]
        grantee = (
            organizations.name[grants.organization[g]]
            if grants.organization[g] >= 0
            else f"{country} Wikimedians"
        )
        phrase = THEME_PHRASES[theme[g]]
        fund = grants.fund[g]
        if fund == RAPID:
            titles.append(f"{phrase} {RAPID_ACTIVITIES[activity[g]]}, {country} {year[g]}")
        elif fund == GENERAL_SUPPORT:
            titles.append(f"{grantee} general support {year[g]}")
        elif fund == CONFERENCE:
            event = (
                REGIONAL_CONFERENCES[REGIONS[grants.region[g]]]
                if regional[g]
                else f"WikiCon {country}"
            )
            titles.append(f"{event} {year[g]}")
        elif FUNDS[fund] == "alliances":
            titles.append(f"{grantee}: partnership for {phrase.lower()}")
        else:
            titles.append(f"Research: {phrase.lower()} on Wikipedia in {country}")
    return np.array(titles, dtype=object)


def _local_currency(rng: np.random.Generator, grants: _Grants, countries: _Countries):
    """Currency and amount requested in it: USD for most grants, the local currency for
    some; the USD request is then the converted local amount (rounded to whole dollars)."""
    currency = np.full(len(grants), "USD", dtype=object)
    local = grants.requested.copy()
    requested_usd = grants.requested.copy()
    uses_local = rng.random(len(grants)) < LOCAL_CURRENCY_SHARE
    codes = countries.code[grants.country]
    for name, users, rates in CURRENCIES:
        mine = uses_local & np.isin(codes, users.split())
        rate = np.asarray(rates)[grants.fiscal_year[mine] - FISCAL_YEARS[0]]
        amount = grants.requested[mine] / rate
        # Budgets in a local currency are round numbers too: three significant digits.
        step = 10.0 ** (np.floor(np.log10(amount)) - 2).clip(min=0)
        local[mine] = np.round(amount / step) * step
        requested_usd[mine] = np.round(local[mine] * rate)
        currency[mine] = name
    return currency, local, requested_usd


def _write_grants(
    rng: np.random.Generator,
    out_dir: Path,
    grants: _Grants,
    organizations: _Organizations,
    countries: _Countries,
    usernames: _Usernames,
) -> int:
    currency, local, requested_usd = _local_currency(rng, grants, countries)
    awarded = np.minimum(grants.awarded, requested_usd)
    organization_ids = _organization_ids(len(organizations))
    organization_names = np.concatenate([[""], organizations.name]).astype(object)
    frame = pd.DataFrame(
        {
            "grant_id": _grant_ids(grants),
            "title": _grant_titles(rng, grants, organizations, countries),
            "fund": np.asarray(FUNDS, dtype=object)[grants.fund],
            "status": np.asarray(STATUSES, dtype=object)[grants.status],
            "applicant_type": np.asarray(APPLICANTS, dtype=object)[grants.applicant],
            "organization_id": organization_ids[grants.organization + 1],
            "organization_name": organization_names[grants.organization + 1],
            "lead_username": usernames(grants.lead),
            "country": countries.code[grants.country],
            "currency": currency,
            "amount_requested": local.astype(np.int64),
            "amount_requested_usd": requested_usd.astype(np.int64),
            "amount_awarded_usd": pd.array(np.where(grants.funded, awarded, np.nan)).astype(
                "Int64"
            ),
            "submitted_date": _iso(grants.submitted),
            "decision_date": _iso(grants.decided),
            "start_date": _iso(grants.start),
            "end_date": _iso(grants.end),
            "themes": _THEME_STRINGS[grants.themes],
            "multi_year": np.where(grants.multi_year, "true", "false").astype(object),
        }
    )
    return _write_csv(frame, out_dir / "grants.csv", GRANTS_COLUMNS)


def _program_titles(programs: _Programs, countries: _Countries) -> np.ndarray:
    theme = _first_theme(programs.themes)
    year = _calendar_year(programs.start)
    titles = []
    for p in range(len(programs)):
        country = countries.name[programs.country[p]]
        if programs.kind[p] == PHOTO_CONTEST:
            contest = "Earth" if THEMES[theme[p]] == "environment" else "Monuments"
            titles.append(f"Wiki Loves {contest} {year[p]} in {country}")
        else:
            template = PROGRAM_TITLES[programs.kind[p]]
            titles.append(
                template.format(theme=THEME_PHRASES[theme[p]], country=country, year=year[p])
            )
    return np.array(titles, dtype=object)


def _home_wikis(programs: _Programs, countries: _Countries) -> np.ndarray:
    """The wiki a program works on: Commons for photo contests, else a language of its
    country (Wikidata for some campaigns)."""
    wikis_of = {
        code: wikis.split() for codes, wikis in HOME_WIKIS.items() for code in codes.split()
    }
    wiki = []
    for p in range(len(programs)):
        code = countries.code[programs.country[p]]
        options = wikis_of.get(code) or [REGION_WIKI.get(REGIONS[programs.region[p]], DEFAULT_WIKI)]
        wiki.append(options[p % len(options)])
    wiki = np.array(wiki, dtype=object)
    wiki[programs.kind == PHOTO_CONTEST] = "commonswiki"
    wiki[(programs.kind == CAMPAIGN) & (np.arange(len(programs)) % 5 == 0)] = "wikidatawiki"
    return wiki


def _program_ids(n: int) -> np.ndarray:
    return np.array([f"P-{i + 1:06d}" for i in range(n)], dtype=object)


def _write_programs(
    out_dir: Path,
    programs: _Programs,
    countries: _Countries,
    grants: _Grants,
    organizations: _Organizations,
) -> int:
    grant_ids = np.concatenate([[""], _grant_ids(grants)]).astype(object)
    frame = pd.DataFrame(
        {
            "program_id": _program_ids(len(programs)),
            "title": _program_titles(programs, countries),
            "program_type": np.asarray(PROGRAM_TYPES, dtype=object)[programs.kind],
            "themes": _THEME_STRINGS[programs.themes],
            "country": countries.code[programs.country],
            "start_date": _iso(programs.start),
            "end_date": _iso(programs.end),
            "grant_id": grant_ids[programs.grant + 1],
            "organization_id": _organization_ids(len(organizations))[programs.organization + 1],
            "home_wiki": _home_wikis(programs, countries),
        }
    )
    return _write_csv(frame, out_dir / "programs.csv", PROGRAMS_COLUMNS)
