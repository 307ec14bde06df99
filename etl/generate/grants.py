"""Grant applications per fiscal year: fund, applicant, region, country, status, amounts and
dates, calibrated to the published Community Fund totals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.generate.countries import _Countries
from etl.generate.draws import (
    _choose_rows,
    _draw_ranges,
    _draw_themes,
    _fiscal_year_days,
    _uniform_between,
)
from etl.generate.world import (
    AFFILIATE,
    APPLICANT_MIX,
    DECISION_LAG_DAYS,
    FISCAL_YEARS,
    FUND_AMOUNTS,
    FUND_FLOORS,
    FUND_MIX_FUNDED,
    FUND_MIX_UNFUNDED,
    FUNDED,
    FUNDED_GRANTS,
    FUNDED_USD,
    FUNDS,
    GENERAL_SUPPORT,
    GENERAL_SUPPORT_CEILING,
    GRANT_DAYS,
    MULTI_YEAR_DAYS,
    MULTI_YEAR_SHARE,
    NOT_FUNDED,
    NOT_FUNDED_SHARE,
    PENDING_GRANTS,
    RAPID,
    REGION_GRANT_SHARE,
    REGIONS,
    SUBMITTED,
    UNDER_REVIEW,
    WITHDRAWN,
    WITHDRAWN_SHARE,
)


@dataclass
class _Grants:
    """Grant applications, in order of submission (which is grant id order)."""

    fiscal_year: np.ndarray
    region: np.ndarray
    country: np.ndarray
    fund: np.ndarray
    status: np.ndarray
    applicant: np.ndarray
    submitted: np.ndarray
    decided: np.ndarray  # -1 when not decided
    start: np.ndarray
    end: np.ndarray
    requested: np.ndarray  # USD
    awarded: np.ndarray  # USD, 0 unless funded
    multi_year: np.ndarray
    themes: np.ndarray
    organization: np.ndarray | None = None  # index, -1 for individuals and groups
    lead: np.ndarray | None = None  # person id

    def __len__(self) -> int:
        return len(self.fund)

    @property
    def funded(self) -> np.ndarray:
        return self.status == FUNDED


def _draw_grants(rng: np.random.Generator, countries: _Countries, scale: float) -> _Grants:
    """Applications per fiscal year at the published volume, calibrated to the published
    funded totals per fiscal year and region."""
    parts = [_draw_fiscal_year_grants(rng, year, scale) for year in FISCAL_YEARS]
    fields = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.lexsort((rng.random(len(fields["fund"])), fields["submitted"]))
    fields = {name: values[order] for name, values in fields.items()}
    fields["country"] = countries.draw(rng, fields["region"])
    grants = _Grants(**fields)
    _ensure_general_support(rng, grants, countries)
    _calibrate_awards(grants, scale)
    return grants


def _draw_fiscal_year_grants(rng: np.random.Generator, year: int, scale: float) -> dict:
    """One fiscal year's applications: funded, not funded, withdrawn and (last year) pending."""
    first, last = _fiscal_year_days(year)
    funded = round(FUNDED_GRANTS[year] * scale)
    decided = round(funded / (1 - NOT_FUNDED_SHARE))
    withdrawn = round(decided * WITHDRAWN_SHARE)
    pending = round(PENDING_GRANTS * scale) if year == FISCAL_YEARS[-1] else 0
    n = decided + withdrawn + pending
    status = np.repeat(
        [FUNDED, NOT_FUNDED, WITHDRAWN, SUBMITTED], [funded, decided - funded, withdrawn, pending]
    )
    fund = np.where(
        status == FUNDED,
        rng.choice(len(FUNDS), n, p=FUND_MIX_FUNDED),
        rng.choice(len(FUNDS), n, p=FUND_MIX_UNFUNDED),
    )
    is_decided = status <= NOT_FUNDED
    decision = np.where(is_decided, _uniform_between(rng, first, last, n), -1)
    lag = _draw_ranges(rng, DECISION_LAG_DAYS, fund)
    submitted = np.where(is_decided, decision - lag, _uniform_between(rng, first, last, n))
    # Applications still open at the end of the data arrived in its last three months.
    is_pending = status == SUBMITTED
    submitted[is_pending] = _uniform_between(rng, last - 90, last, pending)
    status[is_pending & (submitted < last - 30)] = UNDER_REVIEW
    status[is_pending & (rng.random(n) < 0.5)] = UNDER_REVIEW
    start = np.where(is_decided, decision, submitted + lag) + _uniform_between(rng, 3, 30, n)
    multi_year = (fund == GENERAL_SUPPORT) & (rng.random(n) < MULTI_YEAR_SHARE)
    days = np.where(
        multi_year,
        _draw_ranges(rng, [MULTI_YEAR_DAYS], np.zeros(n, int)),
        _draw_ranges(rng, GRANT_DAYS, fund),
    )
    requested = _draw_requested(rng, fund)
    return {
        "fiscal_year": np.full(n, year),
        "region": rng.choice(len(REGIONS), n, p=REGION_GRANT_SHARE),
        "fund": fund,
        "status": status,
        "applicant": _choose_rows(rng, APPLICANT_MIX, fund),
        "submitted": submitted,
        "decided": decision,
        "start": start,
        "end": start + days,
        "requested": requested,
        "awarded": np.where(status == FUNDED, _draw_awarded(rng, requested, fund), 0.0),
        "multi_year": multi_year,
        "themes": _draw_themes(rng, n),
    }


def _draw_requested(rng: np.random.Generator, fund: np.ndarray) -> np.ndarray:
    """USD requested, log-normal within each fund's real range."""
    median, sigma, floor, ceiling, step = np.asarray(FUND_AMOUNTS, dtype=float)[fund].T
    amount = np.clip(median * rng.lognormal(0.0, sigma), floor, ceiling)
    return np.round(amount / step) * step


def _draw_awarded(rng: np.random.Generator, requested: np.ndarray, fund: np.ndarray) -> np.ndarray:
    """Most grants get what they asked for; the rest 70-100% of it."""
    share = np.where(rng.random(len(requested)) < 0.65, 1.0, rng.uniform(0.7, 1.0, len(requested)))
    step = np.where(fund == RAPID, 10.0, 100.0)
    floor = FUND_FLOORS[fund]
    return np.maximum(np.floor(requested * share / step) * step, np.minimum(floor, requested))


def _ensure_general_support(
    rng: np.random.Generator, grants: _Grants, countries: _Countries
) -> None:
    """Give every fiscal year x region a funded General Support grant, which calibration
    scales; a cell without one takes over a funded grant."""
    for year in FISCAL_YEARS:
        for region in range(len(REGIONS)):
            cell = (grants.fiscal_year == year) & (grants.region == region) & grants.funded
            if (cell & (grants.fund == GENERAL_SUPPORT)).any():
                continue
            candidates = np.flatnonzero(cell & (grants.fund != RAPID))
            if len(candidates) == 0:
                candidates = np.flatnonzero(cell)
            if len(candidates) == 0:  # all but impossible: borrow one from the year
                candidates = np.flatnonzero((grants.fiscal_year == year) & grants.funded)
                grants.region[candidates[0]] = region
                grants.country[candidates[0]] = countries.draw(rng, np.array([region]))[0]
            chosen = candidates[0]
            grants.fund[chosen] = GENERAL_SUPPORT
            grants.applicant[chosen] = AFFILIATE
            grants.requested[chosen] = _draw_requested(rng, np.array([GENERAL_SUPPORT]))[0]
            grants.awarded[chosen] = grants.requested[chosen]
            grants.end[chosen] = grants.start[chosen] + 365


def _calibrate_awards(grants: _Grants, scale: float) -> None:
    """Rescale General Support amounts so each fiscal year x region adds up to its target;
    where the other grants leave too little for that, all non-Rapid funds share the cut."""
    floors = FUND_FLOORS
    for year in FISCAL_YEARS:
        for region, target in enumerate(FUNDED_USD[year]):
            cell = (grants.fiscal_year == year) & (grants.region == region)
            funded = cell & grants.funded
            adjustable = funded & (grants.fund == GENERAL_SUPPORT)
            room = target * scale - grants.awarded[funded & ~adjustable].sum()
            if room < 1.5 * floors[GENERAL_SUPPORT] * adjustable.sum():
                adjustable = funded & (grants.fund != RAPID)
                room = target * scale - grants.awarded[funded & ~adjustable].sum()
            fund = grants.fund[adjustable]
            ceiling = np.where(fund == GENERAL_SUPPORT, GENERAL_SUPPORT_CEILING, 150_000)
            old = grants.awarded[adjustable]
            new = np.round(_scale_to_total(old, room, floors[fund], ceiling) / 100) * 100
            # Requests keep their ratio to the award; unfunded General Support requests of the
            # cell move by the same factor as the funded ones.
            grants.requested[adjustable] = np.maximum(
                np.round(new * grants.requested[adjustable] / old / 100) * 100, new
            )
            grants.awarded[adjustable] = new
            unfunded = cell & ~grants.funded & (grants.fund == GENERAL_SUPPORT)
            factor = new.sum() / old.sum()
            grants.requested[unfunded] = np.maximum(
                np.round(grants.requested[unfunded] * factor / 100) * 100,
                floors[GENERAL_SUPPORT],
            )


def _scale_to_total(
    amounts: np.ndarray, total: float, floor: np.ndarray, ceiling: np.ndarray
) -> np.ndarray:
    """Amounts multiplied by one factor so they add up to `total`, within floor and ceiling
    (amounts pinned at a bound drop out of the factor)."""
    scaled = amounts.astype(float).copy()
    free = np.ones(len(amounts), dtype=bool)
    for _ in range(20):
        rest = total - scaled[~free].sum()
        if not free.any() or amounts[free].sum() <= 0:
            break
        scaled[free] = amounts[free] * rest / amounts[free].sum()
        pinned = free & ((scaled < floor) | (scaled > ceiling))
        if not pinned.any():
            break
        scaled = np.clip(scaled, floor, ceiling)
        free &= ~pinned
    return scaled
