"""roles.csv: grant leads of organizations, Regional Fund Committee members, affiliate board
members, standing trainers and mentors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.generate.countries import _Countries
from etl.generate.draws import _iso
from etl.generate.grants import _Grants
from etl.generate.leaders import _Leaders
from etl.generate.organizations import _Organizations
from etl.generate.small_files import _write_csv
from etl.generate.usernames import _Usernames
from etl.generate.volunteers import _Volunteers
from etl.generate.world import (
    BOARD_ORGANIZER_CHANCE,
    BOARD_REELECTION,
    BOARD_SEATS_CHAPTER,
    BOARD_SEATS_USER_GROUP,
    BOARD_USER_GROUP_SHARE,
    CHAPTER,
    COMMITTEE_REELECTION,
    COMMITTEE_SEATS,
    COMMITTEE_TERM_YEARS,
    COMMITTEE_TRAINER_CHANCE,
    COMMITTEES_FOUNDED,
    DATA_END,
    DATA_START,
    NEVER,
    REGION_GRANT_SHARE,
    REGIONS,
    ROLES,
    ROLES_COLUMNS,
    SEATING_DAYS,
    TRAINER,
    TRAINER_ROLES,
    USER_GROUP,
)


def _write_roles(
    rng: np.random.Generator,
    out_dir: Path,
    grants: _Grants,
    leaders: _Leaders,
    volunteers: _Volunteers,
    organizations: _Organizations,
    countries: _Countries,
    usernames: _Usernames,
    lead_country: np.ndarray,
) -> int:
    """Leadership roles outside events: grant leads of organizations, Regional Fund
    Committee members, affiliate board members, standing trainers and mentors."""
    people = _People.of(grants, leaders, volunteers, lead_country)
    parts = [
        _grant_lead_roles(rng, grants, organizations),
        _committee_roles(rng, people, countries),
        _board_roles(rng, people, organizations),
        _trainer_roles(rng, leaders, volunteers),
    ]
    frame = pd.concat(parts, ignore_index=True).sort_values(["start", "person"], kind="stable")
    frame = pd.DataFrame(
        {
            "username": usernames(frame["person"].to_numpy()),
            "role": frame["role"].to_numpy(),
            "body": frame["body"].to_numpy(),
            "country": countries.code[frame["country"].to_numpy()],
            "start_date": _iso(frame["start"].to_numpy()),
            "end_date": _iso(frame["end"].to_numpy()),
        }
    )
    return _write_csv(frame, out_dir / "roles.csv", ROLES_COLUMNS)


@dataclass(frozen=True)
class _People:
    """Everyone who may sit on a committee or board, by person id: leaders, other grant
    leads, then volunteers. `first_lead` is the decision day of their first funded grant,
    `organized` and `trained` the days they first organized and trained or mentored (NEVER
    for never)."""

    country: np.ndarray
    first_lead: np.ndarray
    organized: np.ndarray
    trained: np.ndarray
    active_until: np.ndarray

    @classmethod
    def of(
        cls, grants: _Grants, leaders: _Leaders, volunteers: _Volunteers, lead_country: np.ndarray
    ) -> _People:
        n = len(lead_country) + len(volunteers)
        first_lead = np.full(n, NEVER)
        np.minimum.at(first_lead, grants.lead[grants.funded], grants.decided[grants.funded])
        organized = np.full(n, NEVER)
        organized[: len(leaders)] = leaders.organizer_stage
        organized[volunteers.person] = volunteers.organizer_stage
        trained = np.full(n, NEVER)
        trained[: len(leaders)] = leaders.trainer_stage
        trained[volunteers.person] = volunteers.trainer_stage
        active_until = np.full(n, NEVER)
        active_until[: len(leaders)] = leaders.active_until
        active_until[volunteers.person] = volunteers.active_until
        country = np.concatenate([lead_country, volunteers.country])
        return cls(country, first_lead, organized, trained, active_until)


@dataclass
class _Seat:
    """One seat of a body: who holds it, since when, until when, for how many terms."""

    holder: int = -1
    since: int = 0
    term_end: int = 0
    terms: int = 0


def _seat_body(
    rng: np.random.Generator,
    seats: int,
    founded: int,
    pool: Callable[[int], np.ndarray],
    active_until: np.ndarray,
    term_years: int,
    reelect: float,
    max_terms: int,
) -> list[tuple[int, int, int]]:
    """Seat a body from `founded` to the data's end: (person, start, end) per continuous
    spell. The founding members' terms are staggered (one, two, ... `term_years` years), so
    that about 1 / term_years of the seats come up each year; a member whose term ends is
    re-elected with chance `reelect` (at most `max_terms` terms), otherwise, or when they stop
    being active, the seat goes to someone from `pool(day)` who has never sat on the body.
    A seat nobody can take stays empty until the next year's renewal."""
    board = [_Seat() for _ in range(seats)]
    spells: list[tuple[int, int, int]] = []
    served: set[int] = set()
    # The last renewal leaves time to seat people before the data ends.
    for year, day in enumerate(range(founded, DATA_END - SEATING_DAYS, 365)):
        sitting = {seat.holder for seat in board if seat.holder >= 0}
        for number, seat in enumerate(board):
            if seat.holder >= 0 and seat.term_end >= day and active_until[seat.holder] >= day:
                continue
            if seat.holder >= 0:
                still_active = active_until[seat.holder] >= day
                if still_active and seat.terms < max_terms and rng.random() < reelect:
                    seat.term_end += 365 * term_years
                    seat.terms += 1
                    continue
                spells.append(
                    (seat.holder, seat.since, min(seat.term_end, active_until[seat.holder]))
                )
                sitting.discard(seat.holder)
                seat.holder = -1
            candidates = [p for p in pool(day) if p not in served and p not in sitting]
            if not candidates:
                continue
            person = int(candidates[rng.integers(len(candidates))])
            term = 1 + number % term_years if year == 0 else term_years
            seat.holder, seat.since, seat.terms = (
                person,
                day + int(rng.integers(0, SEATING_DAYS)),
                1,
            )
            seat.term_end = day + 365 * term - 1
            served.add(person)
            sitting.add(person)
    for seat in board:
        if seat.holder >= 0:
            spells.append((seat.holder, seat.since, min(seat.term_end, active_until[seat.holder])))
    return spells


def _role_rows(
    person: np.ndarray,
    role: str,
    body: np.ndarray,
    country: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> pd.DataFrame:
    """Role rows; an end after the data's last day is left blank (still serving)."""
    end = np.where(end > DATA_END, -1, end)
    return pd.DataFrame(
        {
            "person": person,
            "role": role,
            "body": body,
            "country": country,
            "start": start,
            "end": end,
        }
    )


def _grant_lead_roles(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations
) -> pd.DataFrame:
    """Most leads of organizations' funded grants hold a lead role there, from the first
    decision to the end of their last grant."""
    funded = np.flatnonzero(grants.funded & (grants.organization >= 0))
    spells = (
        pd.DataFrame(
            {
                "person": grants.lead[funded],
                "organization": grants.organization[funded],
                "start": grants.decided[funded],
                "end": grants.end[funded],
            }
        )
        .groupby(["person", "organization"], as_index=False)
        .agg(start=("start", "min"), end=("end", "max"))
    )
    spells = spells[rng.random(len(spells)) < 0.6]
    organization = spells["organization"].to_numpy()
    return _role_rows(
        spells["person"].to_numpy(),
        "grant_lead",
        organizations.name[organization],
        organizations.country[organization],
        spells["start"].to_numpy(),
        spells["end"].to_numpy(),
    )


def _committee_roles(
    rng: np.random.Generator, people: _People, countries: _Countries
) -> pd.DataFrame:
    """A Regional Fund Committee per region from 2021, of people of the region who have led
    a funded grant (some seats: who have trained or mentored); larger regions seat more
    members. Terms of COMMITTEE_TERM_YEARS are staggered from the founding, so each year
    about 1 / COMMITTEE_TERM_YEARS of the seats come up."""
    region = countries.region[people.country]
    share = np.asarray(REGION_GRANT_SHARE)
    frames = []
    for r, code in enumerate(REGIONS):
        seats = COMMITTEE_SEATS[0] + round(
            (COMMITTEE_SEATS[1] - COMMITTEE_SEATS[0]) * share[r] / share.max()
        )
        home = region == r

        def pool(day: int, home: np.ndarray = home) -> np.ndarray:
            # Mostly past grant leads; some experienced trainers and mentors.
            active = home & (people.active_until >= day)
            leads = np.flatnonzero(active & (people.first_lead < day))
            trainers = np.flatnonzero(active & (people.trained < day))
            if rng.random() < COMMITTEE_TRAINER_CHANCE and len(trainers):
                return trainers
            return leads

        spells = _seat_body(
            rng,
            seats,
            COMMITTEES_FOUNDED,
            pool,
            people.active_until,
            COMMITTEE_TERM_YEARS,
            COMMITTEE_REELECTION,
            max_terms=2,
        )
        frames.append(
            _spell_rows(spells, "committee_member", f"{code} Regional Fund Committee", people)
        )
    return pd.concat(frames, ignore_index=True)


def _board_roles(
    rng: np.random.Generator, people: _People, organizations: _Organizations
) -> pd.DataFrame:
    """Boards of chapters and of some user groups, seated from people of their country who
    have led a funded grant or organized programs, from their recognition (or a board's
    first year in the data) on, with staggered two-year terms and frequent re-election."""
    frames = []
    listed = (organizations.kind == CHAPTER) | (
        (organizations.kind == USER_GROUP)
        & (rng.random(len(organizations)) < BOARD_USER_GROUP_SHARE)
    )
    for o in np.flatnonzero(listed):
        local = people.country == organizations.country[o]
        chapter = organizations.kind[o] == CHAPTER
        seats = int(rng.integers(*BOARD_SEATS_CHAPTER if chapter else BOARD_SEATS_USER_GROUP))
        founded = max(int(organizations.recognized[o]), DATA_START) + int(rng.integers(0, 365))
        leads = local & (people.first_lead < NEVER)
        organizers = local & (people.organized < NEVER)

        def pool(day: int, leads=leads, organizers=organizers) -> np.ndarray:
            # Grant leads are elected more often than organizers who never led a grant.
            active = people.active_until >= day
            lead_pool = np.flatnonzero(leads & active & (people.first_lead < day))
            organizer_pool = np.flatnonzero(organizers & active & (people.organized < day))
            if rng.random() < BOARD_ORGANIZER_CHANCE and len(organizer_pool):
                return organizer_pool
            return lead_pool if len(lead_pool) else organizer_pool

        spells = _seat_body(
            rng, seats, founded, pool, people.active_until, 2, BOARD_REELECTION, max_terms=3
        )
        frames.append(_spell_rows(spells, "affiliate_board", organizations.name[o], people))
    return pd.concat(frames, ignore_index=True)


def _spell_rows(
    spells: list[tuple[int, int, int]], role: str, body: str, people: _People
) -> pd.DataFrame:
    """Role rows of a body's spells, in each person's home country."""
    person, start, end = np.array(spells, dtype=np.int64).reshape(-1, 3).T
    end = np.maximum(end, start)  # a member who stops right after being seated
    return _role_rows(
        person, role, np.full(len(person), body, dtype=object), people.country[person], start, end
    )


def _trainer_roles(
    rng: np.random.Generator, leaders: _Leaders, volunteers: _Volunteers
) -> pd.DataFrame:
    """Half the leaders and volunteers who train or mentor also hold that role in a
    standing programme, from their first training or mentoring on."""
    person = np.concatenate([np.arange(len(leaders)), volunteers.person])
    stage = np.concatenate([leaders.trainer_stage, volunteers.trainer_stage])
    first_role = np.concatenate([leaders.first_trainer_role, volunteers.first_trainer_role])
    home = np.concatenate([leaders.country, volunteers.country])
    chosen = np.flatnonzero((stage < NEVER) & (rng.random(len(person)) < 0.5))
    role = first_role[chosen]
    body = np.where(role == TRAINER, "Train the Trainer", "Wikimedia mentorship programme").astype(
        object
    )
    start = stage[chosen]
    ended = rng.random(len(chosen)) < 0.4
    end = np.where(ended, start + rng.integers(365, 1100, len(chosen)), -1)
    frames = [
        _role_rows(
            person[chosen][role == r],
            ROLES[r],
            body[role == r],
            home[chosen][role == r],
            start[role == r],
            end[role == r],
        )
        for r in TRAINER_ROLES
    ]
    return pd.concat(frames, ignore_index=True)
