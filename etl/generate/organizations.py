"""Affiliates and other organizations: type, name, country and recognition, assigned to
the grants they apply for, and the funding history of individual grantees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.generate.countries import _Countries
from etl.generate.draws import _uniform_between
from etl.generate.grants import _Grants
from etl.generate.world import (
    AFFILIATE,
    CHAPTER,
    CHAPTER_COUNTRIES,
    CHAPTER_NAMES,
    DATA_END,
    FUNDED,
    GENERAL_SUPPORT,
    GROUP,
    NEW_ORGANIZATION_CHANCE,
    NON_CHAPTER_MIX,
    ORGANIZATION,
    ORGANIZATION_NAMES,
    RAPID,
    RAPID_CAP_PER_YEAR,
    RECOGNITION_YEARS,
    REGION_GRANT_SHARE,
    REGIONS,
    THEME_FOCUS,
    THEME_WEIGHTS,
    THEMES,
    USER_GROUP,
    _day,
)


@dataclass
class _Organizations:
    """Affiliates and partner organizations that apply for grants."""

    country: np.ndarray
    kind: np.ndarray  # index into ORGANIZATION_TYPES
    recognized: np.ndarray
    name: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)


def _draw_organizations(rng: np.random.Generator, countries: _Countries, n: int) -> _Organizations:
    """One chapter per chapter country, then user groups, allied organizations, informal
    groups and a few thematic organizations spread over the regions."""
    position = {c: i for i, c in enumerate(countries.code)}
    chapters = np.array([position[c] for c in CHAPTER_COUNTRIES.split()])
    others = max(n - len(chapters), 0)
    region = rng.choice(len(REGIONS), others, p=REGION_GRANT_SHARE)
    country = np.concatenate([chapters, countries.draw(rng, region, flatten=0.7)])
    kind = np.concatenate(
        [np.full(len(chapters), CHAPTER), 1 + rng.choice(4, others, p=NON_CHAPTER_MIX)]
    )
    years = np.asarray(RECOGNITION_YEARS)[kind]
    recognized = _uniform_between(
        rng,
        np.array([_day(f"{y}-01-01") for y in years[:, 0]]),
        np.array([_day(f"{y}-12-31") for y in years[:, 1]]),
    )
    recognized = np.minimum(recognized, DATA_END - 60)
    focus = rng.choice(len(THEMES), len(kind), p=THEME_WEIGHTS)
    taken: set[str] = set()
    names = [
        _organization_name(kind[i], country[i], focus[i], countries, taken)
        for i in range(len(kind))
    ]
    order = np.argsort(recognized, kind="stable")
    return _Organizations(
        country[order], kind[order], recognized[order], np.array(names, dtype=object)[order]
    )


def _organization_name(
    kind: int, country: int, focus: int, countries: _Countries, taken: set[str]
) -> str:
    """A name not yet `taken`: the chapter's, else the first free pattern x focus, else a
    numbered one (only at large scales)."""
    code, country_name = countries.code[country], countries.name[country]
    if kind == CHAPTER:
        names = [CHAPTER_NAMES.get(code, f"Wikimedia {country_name}")]
    else:
        foci = THEME_FOCUS[focus:] + THEME_FOCUS[:focus]
        names = [
            pattern.format(country=country_name, focus=f)
            for f in foci
            for pattern in ORGANIZATION_NAMES[kind]
        ]
    free = [name for name in dict.fromkeys(names) if name not in taken]
    name, number = (free[0] if free else names[0]), 1
    while name in taken:
        number += 1
        name = f"{names[0]} {number}"
    taken.add(name)
    return name


def _assign_organizations(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations
) -> None:
    """Pick the applying organization of each affiliate or organization grant, in order of
    submission: mostly organizations funded before (affiliates that grew from Rapid to
    General Support among them), sometimes a newcomer. Where the grant's country has no such
    organization, another local kind applies, else the grant goes to a group."""
    grants.organization = np.full(len(grants), -1)
    is_affiliate = organizations.kind <= USER_GROUP
    history = _FundingHistory()
    for g in np.flatnonzero(grants.applicant >= AFFILIATE):
        local = (organizations.country == grants.country[g]) & (
            organizations.recognized < grants.submitted[g]
        )
        wants_affiliate = grants.applicant[g] == AFFILIATE
        pool = np.flatnonzero(local & (is_affiliate == wants_affiliate))
        if len(pool) == 0:
            pool = np.flatnonzero(local)
        newcomers, returning = history.split(pool, grants, g)
        if newcomers and (not returning or rng.random() < NEW_ORGANIZATION_CHANCE):
            chosen = newcomers[rng.integers(len(newcomers))]
        elif returning:
            chosen = history.pick_returning(rng, returning, grants, g)
        else:
            grants.applicant[g] = GROUP
            continue
        grants.organization[g] = chosen
        grants.applicant[g] = AFFILIATE if is_affiliate[chosen] else ORGANIZATION
        history.record(chosen, grants, g)


class _FundingHistory:
    """Funded grants so far per grantee: who is a newcomer, who had Rapid grants (and may
    now grow into General Support), and who has used up the year's Rapid cap."""

    def __init__(self) -> None:
        self.funded: dict[int, int] = {}
        self.rapid_only: set[int] = set()
        self.rapid_spent: dict[tuple[int, int], float] = {}

    def record(self, grantee: int, grants: _Grants, g: int) -> None:
        if grants.status[g] != FUNDED:
            return
        self.funded[grantee] = self.funded.get(grantee, 0) + 1
        if grants.fund[g] == RAPID:
            if self.funded[grantee] == 1:
                self.rapid_only.add(grantee)
            key = (grantee, int(grants.fiscal_year[g]))
            self.rapid_spent[key] = self.rapid_spent.get(key, 0.0) + grants.awarded[g]
        else:
            self.rapid_only.discard(grantee)

    def allows(self, grantee: int, grants: _Grants, g: int) -> bool:
        if grants.fund[g] != RAPID:
            return True
        spent = self.rapid_spent.get((grantee, int(grants.fiscal_year[g])), 0.0)
        return spent + max(grants.awarded[g], grants.requested[g]) <= RAPID_CAP_PER_YEAR

    def split(self, pool, grants: _Grants, g: int) -> tuple[list[int], list[int]]:
        """(newcomers, returning grantees) of `pool` that grant `g` may go to."""
        fits = [int(p) for p in pool if self.allows(int(p), grants, g)]
        return [p for p in fits if p not in self.funded], [p for p in fits if p in self.funded]

    def pick_returning(
        self, rng: np.random.Generator, returning: list[int], grants: _Grants, g: int
    ) -> int:
        """A returning grantee; for General Support often one that so far had Rapid grants."""
        if grants.fund[g] == GENERAL_SUPPORT and rng.random() < 0.5:
            growing = [p for p in returning if p in self.rapid_only]
            if growing:
                return growing[rng.integers(len(growing))]
        return returning[rng.integers(len(returning))]
