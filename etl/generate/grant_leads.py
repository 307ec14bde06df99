"""Who leads each grant: leaders of its country once they have organized, or editors who
never appear in programs.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from etl.generate.grants import _Grants
from etl.generate.leaders import _Leaders
from etl.generate.organizations import _FundingHistory
from etl.generate.world import FIRST_TIME_CHANCE, LEAD_ROTATION_CHANCE, NEVER


def _assign_grant_leads(rng: np.random.Generator, grants: _Grants, leaders: _Leaders) -> np.ndarray:
    """Pick the lead of every grant, in order of submission. Leads are leaders of the
    grant's country who have organized (and trained, if they do) before applying, or other
    editors who never appear in programs. Returns the home country of every person id now
    in use (leaders, then the other leads)."""
    picker = _LeadPicker(rng, grants, leaders)
    grants.lead = np.full(len(grants), -1)
    for g in range(len(grants)):
        active = picker.active_leaders(int(grants.country[g]), int(grants.submitted[g]))
        if grants.organization[g] >= 0:
            grants.lead[g] = picker.organization_lead(g, active)
        else:
            grants.lead[g] = picker.own_lead(g, active)
    return np.array(picker.lead_country, dtype=np.int64)


class _LeadPicker:
    """Who may lead a grant as applications come in: leaders become eligible per country
    as they reach the stage, other leads are created as needed, organizations keep a lead
    for a while, and individual grantees' funding history is tracked."""

    def __init__(self, rng: np.random.Generator, grants: _Grants, leaders: _Leaders) -> None:
        self.rng, self.grants, self.leaders = rng, grants, leaders
        self.ready = leaders.lead_ready
        self.waiting: dict[int, deque[int]] = {}
        for person in np.lexsort((self.ready, leaders.country)):
            if self.ready[person] < NEVER:
                self.waiting.setdefault(int(leaders.country[person]), deque()).append(int(person))
        self.eligible: dict[int, list[int]] = {}
        self.others: dict[int, list[int]] = {}
        self.lead_country = list(leaders.country)
        self.current_lead: dict[int, int] = {}
        self.history = _FundingHistory()

    def active_leaders(self, country: int, day: int) -> list[int]:
        """Leaders of `country` ready to lead before `day` and still active on it."""
        queue = self.waiting.get(country, deque())
        pool = self.eligible.setdefault(country, [])
        while queue and self.ready[queue[0]] < day:
            pool.append(queue.popleft())
        return [p for p in pool if self.leaders.active_until[p] >= day]

    def newcomer(self, country: int) -> int:
        """A new lead who never appears in programs."""
        person = len(self.lead_country)
        self.others.setdefault(country, []).append(person)
        self.lead_country.append(country)
        return person

    def organization_lead(self, g: int, active: list[int]) -> int:
        """The organization's lead, handed over now and then or when they step down."""
        rng, organization = self.rng, int(self.grants.organization[g])
        country, day = int(self.grants.country[g]), int(self.grants.submitted[g])
        lead = self.current_lead.get(organization, -1)
        retired = 0 <= lead < len(self.leaders) and self.leaders.active_until[lead] < day
        if lead < 0 or retired or rng.random() < LEAD_ROTATION_CHANCE:
            others = self.others.get(country, [])
            if active and rng.random() < 0.8:
                lead = active[rng.integers(len(active))]
            elif others and rng.random() < 0.5:
                lead = others[rng.integers(len(others))]
            else:
                lead = self.newcomer(country)
            self.current_lead[organization] = lead
        return lead

    def own_lead(self, g: int, active: list[int]) -> int:
        """The grantee of an individual or group grant: often a returning grantee, else a
        leader new to grants or a newcomer."""
        rng, country = self.rng, int(self.grants.country[g])
        candidates = active + self.others.get(country, [])
        fresh, returning = self.history.split(candidates, self.grants, g)
        fresh = [p for p in fresh if p < len(self.leaders)]
        if returning and rng.random() >= FIRST_TIME_CHANCE:
            lead = self.history.pick_returning(rng, returning, self.grants, g)
        elif fresh and rng.random() < 0.55:
            lead = fresh[rng.integers(len(fresh))]
        else:
            lead = self.newcomer(country)
        self.history.record(lead, self.grants, g)
        return lead
