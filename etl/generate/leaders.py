"""The people who go on to organize: their apprenticeship as participants, when they start
organizing, training or mentoring, and the staffing of every program.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.generate.countries import _Countries
from etl.generate.draws import _first_of_pairs, _first_per_group, _run_starts, _uniform_between
from etl.generate.grants import _Grants
from etl.generate.programs import _Programs, _WindowIndex
from etl.generate.world import (
    APPRENTICE_START_SHARE,
    DATA_END,
    DATA_START,
    FACILITATOR,
    LEADER_DROPOUT_SHARE,
    NEVER,
    ORGANIZER,
    ORGANIZER_ROLES,
    PROGRAM_TYPES,
    REGIONS,
    STAFF_PLAN,
    STAFF_ROWS_PER_LEADER,
    TRAINER,
    TRAINER_ROLES,
    TRAINER_TRACK_SHARE,
    VETERAN_SHARE,
    _day,
)


@dataclass
class _Leaders:
    """People who go on to organize (person ids 0..n-1): home country, when they may start
    organizing and training or mentoring, when they stop, and the programs they attended as
    participants first."""

    country: np.ndarray
    veteran: np.ndarray
    organizer_from: np.ndarray
    trainer_from: np.ndarray  # NEVER for leaders who never train or mentor
    active_until: np.ndarray
    activity: np.ndarray
    rows_person: np.ndarray  # their participant rows
    rows_program: np.ndarray
    organizer_stage: np.ndarray | None = None  # first organizer, facilitator, volunteer row
    trainer_stage: np.ndarray | None = None  # first trainer or mentor row
    first_trainer_role: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.country)

    @property
    def lead_ready(self) -> np.ndarray:
        """First day a leader may lead a grant: after organizing and, for those who train or
        mentor, after that too, so the pathway's stages come in order."""
        trained = np.where(self.trainer_stage < NEVER, self.trainer_stage, self.organizer_stage)
        return np.where(
            self.organizer_stage < NEVER, np.maximum(self.organizer_stage, trained), NEVER
        )

    def note_stages(self, programs: _Programs, staff: _Staff) -> None:
        """Record when each leader first organized and first trained or mentored."""
        start = programs.start[staff.program]
        self.organizer_stage = np.full(len(self), NEVER)
        self.trainer_stage = np.full(len(self), NEVER)
        organizing = np.isin(staff.role, ORGANIZER_ROLES)
        np.minimum.at(self.organizer_stage, staff.person[organizing], start[organizing])
        training = np.isin(staff.role, TRAINER_ROLES)
        np.minimum.at(self.trainer_stage, staff.person[training], start[training])
        self.first_trainer_role = np.full(len(self), TRAINER)
        order = np.lexsort((start[training], staff.person[training]))
        person = staff.person[training][order]
        first = _run_starts(person)
        self.first_trainer_role[person[first]] = staff.role[training][order][first]


def _expected_staff(kind: np.ndarray) -> np.ndarray:
    expected = np.zeros(len(PROGRAM_TYPES))
    for _role, plan in STAFF_PLAN:
        for program_type, (base, n, p) in plan.items():
            expected[program_type] += base + n * p
    return expected[kind]


def _draw_leaders(rng: np.random.Generator, countries: _Countries, programs: _Programs) -> _Leaders:
    """Enough leaders per country to staff its programs; some (veterans) organized before
    the data begins, the others first take part in two or more programs."""
    slots = np.bincount(programs.country, _expected_staff(programs.kind), len(countries.code))
    per_country = np.where(slots > 0, np.ceil(slots / STAFF_ROWS_PER_LEADER).clip(min=2), 0)
    per_country = per_country.astype(int)
    country = np.repeat(np.arange(len(per_country)), per_country)
    rank = np.arange(len(country)) - np.repeat(np.cumsum(per_country) - per_country, per_country)
    veterans = np.maximum(1, np.round(VETERAN_SHARE * per_country))
    veteran = rank < veterans[country]
    n = len(country)

    organizer_from = np.full(n, NEVER)
    organizer_from[veteran] = _uniform_between(
        rng, _day("2014-01-01"), DATA_START - 1, veteran.sum()
    )
    rows_person, rows_program, organizer_from[~veteran] = _leader_apprenticeships(
        rng, np.flatnonzero(~veteran), country[~veteran], countries, programs
    )
    trainer_track = rng.random(n) < TRAINER_TRACK_SHARE
    trainer_from = np.where(
        trainer_track,
        organizer_from + _uniform_between(rng, 180, 900, n),
        NEVER,
    )
    veteran_trainer = veteran & trainer_track
    trainer_from[veteran_trainer] = _uniform_between(
        rng, organizer_from[veteran_trainer], DATA_START - 1
    )
    dropout = rng.random(n) < LEADER_DROPOUT_SHARE
    active_until = np.where(dropout, organizer_from + _uniform_between(rng, 365, 1095, n), NEVER)
    active_until = np.maximum(active_until, DATA_START + 365)
    _appoint_keepers(rank == 0, country, slots, countries, trainer_from, active_until)
    return _Leaders(
        country=country,
        veteran=veteran,
        organizer_from=organizer_from,
        trainer_from=trainer_from,
        active_until=active_until,
        # Newly active organizers take on more than veterans, who hand over.
        activity=rng.lognormal(0.0, 0.5, n) * np.where(veteran, 1.0, 2.0),
        rows_person=rows_person,
        rows_program=rows_program,
    )


def _appoint_keepers(
    keeper: np.ndarray,
    country: np.ndarray,
    slots: np.ndarray,
    countries: _Countries,
    trainer_from: np.ndarray,
    active_until: np.ndarray,
) -> None:
    """Every country keeps one veteran organizer throughout, and the busiest country of each
    region a veteran trainer, so that every program finds staff."""
    active_until[keeper] = NEVER
    for region in range(len(REGIONS)):
        in_region = np.flatnonzero(keeper & (countries.region[country] == region))
        if len(in_region):
            busiest = in_region[np.argmax(slots[country[in_region]])]
            trainer_from[busiest] = min(trainer_from[busiest], DATA_START - 1)


def _leader_apprenticeships(
    rng: np.random.Generator,
    person: np.ndarray,
    country: np.ndarray,
    countries: _Countries,
    programs: _Programs,
):
    """Participant rows of future organizers: a first program early enough to leave them
    time to organize, then one to four more in their country (else region) within a year;
    they may organize a few weeks to months after the last."""
    by_country = _WindowIndex.build(programs.country, programs.start, programs.size)
    by_region = _WindowIndex.build(programs.region, programs.start, programs.size)
    latest_first = DATA_START + int(APPRENTICE_START_SHARE * (DATA_END - DATA_START))
    first, found = by_country.draw(rng, country, DATA_START, latest_first)
    anywhen, _ = by_country.draw(rng, country, 0, NEVER)
    first = np.where(found, first, anywhen)
    more = 1 + rng.binomial(3, 0.4, len(person))
    who = np.repeat(np.arange(len(person)), more)
    opens = programs.start[first][who] + 1
    program, found = by_country.draw(rng, country[who], opens, opens + 365)
    in_region, found_region = by_region.draw(
        rng, countries.region[country[who]], opens, opens + 365
    )
    program = np.where(found, program, in_region)
    keep = found | found_region
    who = np.concatenate([np.arange(len(person)), who[keep]])
    program = np.concatenate([first, program[keep]])
    pairs = np.unique(who.astype(np.int64) * len(programs) + program)
    who, program = pairs // len(programs), pairs % len(programs)
    last_start = np.zeros(len(person), dtype=np.int64)
    np.maximum.at(last_start, who, programs.start[program])
    organizer_from = last_start + _uniform_between(rng, 14, 150, len(person))
    return person[who], program, organizer_from


@dataclass
class _Staff:
    """Organizer, facilitator, trainer, mentor, speaker and volunteer rows of leaders."""

    program: np.ndarray
    person: np.ndarray
    role: np.ndarray

    def plus_grant_leads(self, programs: _Programs, grants: _Grants, leaders: _Leaders) -> _Staff:
        """Leaders who lead a grant also organize the programs it funds."""
        linked = np.flatnonzero(programs.grant >= 0)
        lead = grants.lead[programs.grant[linked]]
        by_leader = lead < len(leaders)
        program = np.concatenate([self.program, linked[by_leader]])
        person = np.concatenate([self.person, lead[by_leader]])
        role = np.concatenate([self.role, np.full(by_leader.sum(), ORGANIZER)])
        keep = _first_of_pairs(program, person)
        return _Staff(program[keep], person[keep], role[keep])


def _staff_programs(
    rng: np.random.Generator, programs: _Programs, leaders: _Leaders, countries: _Countries
) -> _Staff:
    """Staff every program from leaders of its country (else region) who are active and far
    enough along the pathway on its start date; trainers and mentors come first."""
    program_parts, role_parts = [], []
    for role, plan in reversed(STAFF_PLAN):
        for program_type, (base, n, p) in plan.items():
            chosen = np.flatnonzero(programs.kind == program_type)
            count = base + rng.binomial(n, p, len(chosen))
            program_parts.append(np.repeat(chosen, count))
            role_parts.append(np.full(count.sum(), role))
    program = np.concatenate(program_parts)
    role = np.concatenate(role_parts)
    facilitates = (role == ORGANIZER) & (rng.random(len(role)) < 0.25)
    role[facilitates] = FACILITATOR
    trains = np.isin(role, TRAINER_ROLES)
    start = programs.start[program]

    person = np.full(len(program), -1)
    leader_region = countries.region[leaders.country]
    for leader_group, program_group in (
        (leaders.country, programs.country),
        (leader_region, programs.region),
    ):
        slots = np.flatnonzero(person < 0)
        _fill_slots(
            rng, person, slots, start, trains, leaders, leader_group, program_group[program]
        )
    # A training without an available trainer is facilitated by a local organizer, and the
    # last resort is the country's (for mentoring, the region's) long-standing leader.
    untrained = np.flatnonzero((person < 0) & (role == TRAINER))
    role[untrained] = FACILITATOR
    trains[untrained] = False
    _fill_slots(
        rng, person, untrained, start, trains, leaders, leaders.country, programs.country[program]
    )
    person = np.where(person >= 0, person, _keepers(leaders, countries, programs, program, trains))
    staffed = person >= 0
    program, person, role = program[staffed], person[staffed], role[staffed]
    keep = _first_of_pairs(program, person)
    return _Staff(program[keep], person[keep], role[keep])


def _fill_slots(
    rng: np.random.Generator,
    person: np.ndarray,
    slots: np.ndarray,
    start: np.ndarray,
    trains: np.ndarray,
    leaders: _Leaders,
    leader_group: np.ndarray,
    slot_group: np.ndarray,
) -> None:
    """Give each of `slots` a leader of its group who is active on the program's start and
    has started organizing (or, for trainer and mentor slots, training) by then."""
    candidates = _draw_leaders_by_group(rng, leader_group, leaders.activity, slot_group[slots])
    safe = np.maximum(candidates, 0)
    opens = np.where(
        trains[slots][:, None], leaders.trainer_from[safe], leaders.organizer_from[safe]
    )
    slot_start = start[slots][:, None]
    eligible = (
        (candidates >= 0) & (opens <= slot_start) & (leaders.active_until[safe] >= slot_start)
    )
    found = eligible.any(axis=1)
    person[slots[found]] = candidates[found, eligible[found].argmax(axis=1)]


def _draw_leaders_by_group(
    rng: np.random.Generator,
    group: np.ndarray,
    activity: np.ndarray,
    wanted: np.ndarray,
    tries: int = 12,
) -> np.ndarray:
    """`tries` leaders of each wanted group, by activity; -1 where the group has none."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    cumulative = np.concatenate(([0.0], np.cumsum(activity[order])))
    low = np.searchsorted(sorted_group, wanted, "left")
    high = np.searchsorted(sorted_group, wanted, "right")
    point = (
        cumulative[low][:, None]
        + rng.random((len(wanted), tries)) * (cumulative[high] - cumulative[low])[:, None]
    )
    position = np.clip(
        np.searchsorted(cumulative, point, "right") - 1,
        low[:, None],
        np.maximum(high - 1, low)[:, None],
    )
    chosen = order[np.minimum(position, len(order) - 1)]
    return np.where((high > low)[:, None], chosen, -1)


def _keepers(
    leaders: _Leaders,
    countries: _Countries,
    programs: _Programs,
    program: np.ndarray,
    trains: np.ndarray,
) -> np.ndarray:
    """The leader who is always there: the country's long-standing organizer, or for
    training and mentoring the region's long-standing trainer."""
    keepers = np.flatnonzero(leaders.veteran & (leaders.active_until == NEVER))
    trainers = keepers[leaders.trainer_from[keepers] < DATA_START]
    organizer_of = _first_per_group(keepers, leaders.country[keepers], len(countries.code))
    trainer_region = countries.region[leaders.country[trainers]]
    trainer_of = _first_per_group(trainers, trainer_region, len(REGIONS))
    return np.where(
        trains, trainer_of[programs.region[program]], organizer_of[programs.country[program]]
    )
