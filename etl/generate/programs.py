"""Programs and events: type, themes, country, dates, size and the grant and organization
that run them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.generate.countries import _Countries
from etl.generate.draws import _draw_ranges, _draw_themes, _fiscal_year_days, _uniform_between
from etl.generate.grants import _Grants
from etl.generate.organizations import _Organizations
from etl.generate.world import (
    _DAY_KEY,
    CONFERENCE,
    CONFERENCE_EVENT,
    DATA_END,
    FISCAL_YEARS,
    LINKED_PROGRAM_SHARE,
    PHOTO_CONTEST,
    PROGRAM_DAYS,
    PROGRAM_SIZE,
    PROGRAM_TYPE_MIX,
    PROGRAM_TYPES,
    PROGRAM_YEAR_GROWTH,
    REGION_GRANT_SHARE,
    REGIONS,
    THEMES,
)


@dataclass
class _Programs:
    """Programs in order of start (which is program id order)."""

    kind: np.ndarray  # index into PROGRAM_TYPES
    country: np.ndarray
    region: np.ndarray
    start: np.ndarray
    end: np.ndarray
    grant: np.ndarray  # -1 when not linked to a grant
    organization: np.ndarray  # -1 when none
    themes: np.ndarray
    size: np.ndarray  # relative number of people the program draws

    def __len__(self) -> int:
        return len(self.kind)


def _draw_programs(
    rng: np.random.Generator,
    countries: _Countries,
    grants: _Grants,
    organizations: _Organizations,
    n: int,
) -> _Programs:
    """Programs of every type; most run under a funded grant (same country, starting within
    the grant period), the rest are unlinked, with more programs in later years."""
    fundable = np.flatnonzero(grants.funded & (grants.start <= DATA_END - 30))
    weight = grants.awarded[fundable] ** 0.7
    linked = round(n * LINKED_PROGRAM_SHARE)
    grant = rng.choice(fundable, linked, p=weight / weight.sum())
    start = _uniform_between(rng, grants.start[grant], np.minimum(grants.end[grant], DATA_END))
    kind = rng.choice(len(PROGRAM_TYPES), linked, p=PROGRAM_TYPE_MIX)
    kind[(grants.fund[grant] == CONFERENCE) & (rng.random(linked) < 0.7)] = CONFERENCE_EVENT
    themes = np.where(rng.random(linked) < 0.7, grants.themes[grant], _draw_themes(rng, linked))

    unlinked = n - linked
    year = rng.choice(FISCAL_YEARS, unlinked, p=PROGRAM_YEAR_GROWTH)
    bounds = np.array([_fiscal_year_days(y) for y in year]).reshape(-1, 2)
    region = rng.choice(len(REGIONS), unlinked, p=REGION_GRANT_SHARE)
    country = np.concatenate([grants.country[grant], countries.draw(rng, region)])
    organization = np.concatenate(
        [grants.organization[grant], _local_organization(rng, country[linked:], organizations)]
    )
    start = np.concatenate([start, _uniform_between(rng, bounds[:, 0], bounds[:, 1])])
    kind = np.concatenate([kind, rng.choice(len(PROGRAM_TYPES), unlinked, p=PROGRAM_TYPE_MIX)])
    themes = np.concatenate([themes, _draw_themes(rng, unlinked)])
    grant = np.concatenate([grant, np.full(unlinked, -1)])

    # Photo contests are Wiki Loves Monuments (heritage) or Wiki Loves Earth (environment).
    contest = kind == PHOTO_CONTEST
    nature = contest & (rng.random(n) < 0.25)
    themes[contest] = 1 << THEMES.index("culture_heritage")
    themes[nature] = 1 << THEMES.index("environment")
    end = start + _draw_ranges(rng, PROGRAM_DAYS, kind) - 1
    size = np.asarray(PROGRAM_SIZE)[kind] * rng.lognormal(0.0, 0.6, n)
    order = np.lexsort((rng.random(n), start))
    return _Programs(
        kind=kind[order],
        country=country[order],
        region=countries.region[country[order]],
        start=start[order],
        end=end[order],
        grant=grant[order],
        organization=organization[order],
        themes=themes[order],
        size=size[order],
    )


def _local_organization(
    rng: np.random.Generator, country: np.ndarray, organizations: _Organizations
) -> np.ndarray:
    """For a third of unlinked programs, an organization of the same country runs them."""
    chosen = np.full(len(country), -1)
    for i in np.flatnonzero(rng.random(len(country)) < 0.3):
        local = np.flatnonzero(organizations.country == country[i])
        if len(local):
            chosen[i] = local[rng.integers(len(local))]
    return chosen


@dataclass(frozen=True)
class _WindowIndex:
    """Programs sorted by (group, start day) with cumulative sizes, so that many programs
    can be drawn at once, each in proportion to its size, from a group's date window."""

    order: np.ndarray
    keys: np.ndarray
    cumulative: np.ndarray

    @classmethod
    def build(cls, group: np.ndarray, start: np.ndarray, size: np.ndarray) -> _WindowIndex:
        order = np.lexsort((start, group))
        keys = group[order].astype(np.int64) * _DAY_KEY + start[order]
        return cls(order, keys, np.concatenate(([0.0], np.cumsum(size[order]))))

    def bounds(self, group: np.ndarray, first: np.ndarray, last: np.ndarray):
        """Positions [low, high) of each group's programs starting within [first, last]."""
        group = np.asarray(group, dtype=np.int64) * _DAY_KEY
        low = np.searchsorted(self.keys, group + np.clip(first, 0, _DAY_KEY - 1), "left")
        high = np.searchsorted(self.keys, group + np.clip(last, 0, _DAY_KEY - 1), "right")
        return low, high

    def draw(self, rng: np.random.Generator, group, first, last):
        """One program per window, by size; `found` is False for empty windows."""
        low, high = self.bounds(group, first, last)
        found = high > low
        point = self.cumulative[low] + rng.random(len(low)) * (
            self.cumulative[high] - self.cumulative[low]
        )
        position = np.searchsorted(self.cumulative, point, "right") - 1
        position = np.clip(position, low, np.maximum(high - 1, low))
        return self.order[np.minimum(position, len(self.order) - 1)], found
