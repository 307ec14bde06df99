"""Volunteer organizers: people who, after taking part, help run programs in their country
(organizer, facilitator, volunteer) and some of whom go on to train or mentor, without ever
leading a grant.

They sit beside the leaders (etl/generate/leaders.py), who staff every program and lead
grants: volunteers take extra seats at programs, so the leaders' staffing and the grant leads
drawn from them stay as they were. They give the pathway its middle: most organizers of the
movement never lead a grant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.generate.countries import _Countries
from etl.generate.draws import _first_of_pairs, _run_starts, _uniform_between
from etl.generate.leaders import _leader_apprenticeships, _Leaders
from etl.generate.programs import _Programs, _WindowIndex
from etl.generate.world import (
    DATA_END,
    FACILITATOR,
    MENTOR,
    MENTORSHIP,
    NEVER,
    ORGANIZER,
    REGIONS,
    TRAINER,
    VOLUNTEER,
    VOLUNTEER_DIRECT_TRAINER_SHARE,
    VOLUNTEER_DROPOUT_SHARE,
    VOLUNTEER_PROGRAMS,
    VOLUNTEER_QUICK_SHARE,
    VOLUNTEER_ROLE_MIX,
    VOLUNTEER_TRAINER_SHARE,
    VOLUNTEERS_PER_LEADER,
)


@dataclass
class _Volunteers:
    """Volunteer organizers (person ids first_person .. first_person + n - 1): home country,
    activity span, participant rows before organizing and staff rows after."""

    first_person: int
    country: np.ndarray
    organizer_from: np.ndarray
    active_until: np.ndarray
    rows_person: np.ndarray  # participant rows, person ids
    rows_program: np.ndarray
    staff_person: np.ndarray  # organizer, facilitator, volunteer, trainer and mentor rows
    staff_program: np.ndarray
    staff_role: np.ndarray
    staff_start: np.ndarray
    trainer_stage: np.ndarray  # first trainer or mentor row's start; NEVER for none
    first_trainer_role: np.ndarray

    def __len__(self) -> int:
        return len(self.country)

    @property
    def person(self) -> np.ndarray:
        return self.first_person + np.arange(len(self))

    @property
    def organizer_stage(self) -> np.ndarray:
        """Start of each volunteer's first organizer, facilitator or volunteer row."""
        first = np.full(len(self), NEVER)
        organizing = ~np.isin(self.staff_role, (TRAINER, MENTOR))
        np.minimum.at(
            first,
            self.staff_person[organizing] - self.first_person,
            self.staff_start[organizing],
        )
        return first


def _draw_volunteers(
    rng: np.random.Generator,
    countries: _Countries,
    programs: _Programs,
    leaders: _Leaders,
    first_person: int,
) -> _Volunteers:
    """About VOLUNTEERS_PER_LEADER volunteers per leader of each country. Each takes part in
    one to five programs, then helps run one to seven programs at home (else in the region)
    while active; some later train or mentor at programs of their region, and a few mentor
    or train without running programs first."""
    per_country = np.bincount(leaders.country, minlength=len(countries.code))
    per_country = rng.poisson(per_country * VOLUNTEERS_PER_LEADER)
    country = np.repeat(np.arange(len(per_country)), per_country)
    n = len(country)
    person = first_person + np.arange(n)
    rows_person, rows_program, organizer_from = _leader_apprenticeships(
        rng, person, country, countries, programs
    )
    # Some start helping after their very first program (rows come by person, then start).
    quick = rng.random(n) < VOLUNTEER_QUICK_SHARE
    local = rows_person - first_person
    keep = ~quick[local] | _run_starts(local)
    rows_person, rows_program = rows_person[keep], rows_program[keep]
    # Some experienced editors mentor or train newcomers without ever running a program.
    direct = rng.random(n) < VOLUNTEER_DIRECT_TRAINER_SHARE
    dropout = rng.random(n) < VOLUNTEER_DROPOUT_SHARE
    active_until = np.where(dropout, organizer_from + _uniform_between(rng, 365, 1095, n), NEVER)

    by_country = _WindowIndex.build(programs.country, programs.start, programs.size)
    by_region = _WindowIndex.build(programs.region, programs.start, programs.size)
    region = countries.region[country]
    last = np.minimum(active_until, DATA_END)

    helps = 1 + rng.binomial(VOLUNTEER_PROGRAMS - 1, 0.35, n)
    who = np.repeat(np.arange(n), helps)
    program, found = _draw_at_home(
        rng, by_country, by_region, who, country, region, organizer_from, last
    )
    role = np.asarray((VOLUNTEER, ORGANIZER, FACILITATOR))[
        rng.choice(3, len(who), p=VOLUNTEER_ROLE_MIX)
    ]
    found &= ~direct[who]
    who, program, role = who[found], program[found], role[found]

    first_organized = np.full(n, NEVER)
    np.minimum.at(first_organized, who, programs.start[program])
    trains = (rng.random(n) < VOLUNTEER_TRAINER_SHARE) & (first_organized < NEVER)
    trainer_from = np.where(trains, first_organized + _uniform_between(rng, 90, 720, n), NEVER)
    trainer_from[direct] = organizer_from[direct] + _uniform_between(rng, 0, 365, direct.sum())
    teaching = np.flatnonzero((trains | direct) & (trainer_from < last))
    t_who = np.repeat(teaching, 1 + rng.binomial(2, 0.5, len(teaching)))
    # Half the teaching is mentoring in a mentorship cohort of the region, where there is one.
    mentorship = _WindowIndex.build(
        np.where(programs.kind == MENTORSHIP, programs.region, programs.region + len(REGIONS)),
        programs.start,
        programs.size,
    )
    t_program, t_found = by_region.draw(rng, region[t_who], trainer_from[t_who], last[t_who])
    cohort, in_cohort = mentorship.draw(rng, region[t_who], trainer_from[t_who], last[t_who])
    mentors = in_cohort & (rng.random(len(t_who)) < 0.5)
    t_program = np.where(mentors, cohort, t_program)
    t_found |= mentors
    t_who, t_program = t_who[t_found], t_program[t_found]
    t_role = np.where(programs.kind[t_program] == MENTORSHIP, MENTOR, TRAINER)

    # Trainer and mentor rows first, so a program a volunteer both ran and taught keeps the
    # teaching role.
    staff_who = np.concatenate([t_who, who])
    staff_program = np.concatenate([t_program, program])
    staff_role = np.concatenate([t_role, role])
    keep = _first_of_pairs(staff_program, staff_who)
    staff_who, staff_program, staff_role = staff_who[keep], staff_program[keep], staff_role[keep]

    start = programs.start[staff_program]
    teaching_rows = np.isin(staff_role, (TRAINER, MENTOR))
    trainer_stage = np.full(n, NEVER)
    np.minimum.at(trainer_stage, staff_who[teaching_rows], start[teaching_rows])
    first_trainer_role = np.full(n, TRAINER)
    order = np.lexsort((start[teaching_rows], staff_who[teaching_rows]))
    t_sorted = staff_who[teaching_rows][order]
    first_of = _run_starts(t_sorted)
    first_trainer_role[t_sorted[first_of]] = staff_role[teaching_rows][order][first_of]

    return _Volunteers(
        first_person=first_person,
        country=country,
        organizer_from=organizer_from,
        active_until=active_until,
        rows_person=rows_person,
        rows_program=rows_program,
        staff_person=first_person + staff_who,
        staff_program=staff_program,
        staff_role=staff_role,
        staff_start=start,
        trainer_stage=trainer_stage,
        first_trainer_role=first_trainer_role,
    )


def _draw_at_home(rng, by_country, by_region, who, country, region, first, last):
    """A program of each volunteer's country in [first, last], else of their region."""
    program, found = by_country.draw(rng, country[who], first[who], last[who])
    in_region, found_region = by_region.draw(rng, region[who], first[who], last[who])
    return np.where(found, program, in_region), found | found_region
