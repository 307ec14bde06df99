"""participation.csv, streamed in chunks: leaders' own rows, then the crowd of
participants and mentees with their contributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from etl.generate.countries import _Countries
from etl.generate.draws import _iso, _rank_within, _run_starts
from etl.generate.leaders import _Leaders, _Staff
from etl.generate.programs import _Programs, _WindowIndex
from etl.generate.small_files import _program_ids
from etl.generate.usernames import _Usernames
from etl.generate.volunteers import _Volunteers
from etl.generate.world import (
    CHUNK_ROWS,
    CONTRIBUTIONS,
    DATA_START,
    GENDER_MIX,
    GENDER_REPORTED_SHARE,
    GENDERS,
    HOME_COUNTRY_SHARE,
    LEADER_GENDER_MIX,
    LEADER_GENDER_REPORTED_SHARE,
    LEADER_NEW_ACCOUNT_SHARE,
    MAX_EDITS,
    MAX_PROGRAMS_PER_PERSON,
    MENTEE,
    MENTORSHIP,
    NEVER,
    NEW_ACCOUNT_SHARE,
    PARTICIPANT,
    PARTICIPATION_COLUMNS,
    PEOPLE_PER_PARTICIPATION,
    RETURNING_SHARE,
    RETURNING_SIGMA,
    ROLES,
    VOLUNTEER_GENDER_MIX,
    WIKIPEDIA_LAUNCH,
    Progress,
)


@dataclass(frozen=True)
class _Crowd:
    """Where people live and which programs they can reach: programs indexed by country,
    region and date, and each country's share of people (its programs' total size)."""

    programs: _Programs
    by_country: _WindowIndex
    by_region: _WindowIndex
    by_world: _WindowIndex
    country_share: np.ndarray
    region_of: np.ndarray

    @classmethod
    def build(cls, programs: _Programs, countries: _Countries) -> _Crowd:
        size = np.bincount(programs.country, programs.size, len(countries.code))
        return cls(
            programs=programs,
            by_country=_WindowIndex.build(programs.country, programs.start, programs.size),
            by_region=_WindowIndex.build(programs.region, programs.start, programs.size),
            by_world=_WindowIndex.build(
                np.zeros(len(programs), dtype=np.int64), programs.start, programs.size
            ),
            country_share=size / size.sum(),
            region_of=countries.region,
        )


def _write_participation(
    rng: np.random.Generator,
    out_dir: Path,
    participations: int,
    programs: _Programs,
    countries: _Countries,
    leaders: _Leaders,
    staff: _Staff,
    volunteers: _Volunteers,
    first_crowd_person: int,
    usernames: _Usernames,
    report: Progress,
) -> int:
    """Leaders' rows first, then the crowd in chunks until `participations` rows are out;
    the crowd's spread (programs per returning person) steers people towards a tenth of
    the rows."""
    program_ids = _program_ids(len(programs))
    crowd = _Crowd.build(programs, countries)
    path = out_dir / "participation.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        written = _write_leader_rows(rng, handle, programs, leaders, staff, program_ids, usernames)
        written += _write_volunteer_rows(rng, handle, programs, volunteers, program_ids, usernames)
        report(path.name, written)
        target_rows = participations - written
        target_people = max(
            1, round(participations * PEOPLE_PER_PARTICIPATION) - len(leaders) - len(volunteers)
        )
        mean_rows = max(1.0, target_rows / target_people)
        spread = _initial_spread(mean_rows)
        chunk_people = int(np.clip(target_people // 20, 50, CHUNK_ROWS / mean_rows))
        next_person = first_crowd_person
        while written < participations:
            person, program = _crowd_chunk(rng, crowd, chunk_people, spread)
            rows_per_person = np.bincount(person, minlength=chunk_people)
            fits = np.cumsum(rows_per_person) <= participations - written
            keep = fits[person]
            people = int(fits.sum())
            if not fits[0]:
                # The last person takes part in as many of their programs as rows are left
                # (rows come sorted by person, so theirs are first).
                keep = np.arange(len(person)) < participations - written
                people = 1
            person, program = person[keep], program[keep]
            _write_crowd_rows(
                rng, handle, programs, person, program, next_person, people, program_ids, usernames
            )
            written += len(person)
            next_person += people
            report(path.name, len(person))
            # Repeats and small countries cut people's programs short: steer the spread so
            # that rows per person keep to the target.
            achieved = len(person) / people
            spread *= float(np.clip((mean_rows - 1) / max(achieved - 1, 0.05), 0.75, 1.33))
    return written


def _initial_spread(mean_rows: float) -> float:
    """The spread that gives `mean_rows` rows per person when returning people take
    2 + spread x LogNormal(0, sigma) programs on average and the others one."""
    returning_mean = (mean_rows - 1 + RETURNING_SHARE) / RETURNING_SHARE
    return max(0.0, (returning_mean - 2) / np.exp(RETURNING_SIGMA**2 / 2))


def _write_leader_rows(
    rng: np.random.Generator,
    handle: TextIO,
    programs: _Programs,
    leaders: _Leaders,
    staff: _Staff,
    program_ids: np.ndarray,
    usernames: _Usernames,
) -> int:
    """Leaders' participant rows and their staff rows, in order of program start."""
    kind = programs.kind[leaders.rows_program]
    person = np.concatenate([leaders.rows_person, staff.person])
    program = np.concatenate([leaders.rows_program, staff.program])
    role = np.concatenate([np.where(kind == MENTORSHIP, MENTEE, PARTICIPANT), staff.role])
    by_person = np.lexsort((programs.start[program], person))
    first_row = by_person[_run_starts(person[by_person])]
    first = np.full(len(leaders), -1)
    first[person[first_row]] = program[first_row]
    registered = np.full(len(leaders), DATA_START)
    seen = first >= 0
    registered[seen] = _registration(
        rng, programs.start[first[seen]], programs.end[first[seen]], LEADER_NEW_ACCOUNT_SHARE
    )
    # Veterans were editing long before they organized.
    veteran = leaders.veteran
    registered[veteran] = np.minimum(
        registered[veteran],
        leaders.organizer_from[veteran] - rng.integers(365, 3650, veteran.sum()),
    )
    registered = _after_launch(rng, registered)
    order = np.lexsort((person, programs.start[program]))
    person, program, role = person[order], program[order], role[order]
    gender = _genders(rng, len(leaders), LEADER_GENDER_MIX, LEADER_GENDER_REPORTED_SHARE)
    frame = _participation_frame(
        rng,
        programs,
        program,
        role,
        usernames(np.arange(len(leaders)))[person],
        registered[person],
        gender[person],
        np.log(leaders.activity)[person],
        program_ids,
    )
    frame.to_csv(handle, index=False, lineterminator="\n")
    return len(frame)


def _write_volunteer_rows(
    rng: np.random.Generator,
    handle: TextIO,
    programs: _Programs,
    volunteers: _Volunteers,
    program_ids: np.ndarray,
    usernames: _Usernames,
) -> int:
    """Volunteers' participant rows and their staff rows, in order of program start."""
    if not len(volunteers):
        return 0
    kind = programs.kind[volunteers.rows_program]
    person = np.concatenate([volunteers.rows_person, volunteers.staff_person])
    program = np.concatenate([volunteers.rows_program, volunteers.staff_program])
    role = np.concatenate(
        [np.where(kind == MENTORSHIP, MENTEE, PARTICIPANT), volunteers.staff_role]
    )
    local = person - volunteers.first_person
    first = np.full(len(volunteers), -1)
    by_person = np.lexsort((programs.start[program], local))
    first_row = by_person[_run_starts(local[by_person])]
    first[local[first_row]] = program[first_row]
    registered = _after_launch(
        rng,
        _registration(rng, programs.start[first], programs.end[first], LEADER_NEW_ACCOUNT_SHARE),
    )
    gender = _genders(rng, len(volunteers), VOLUNTEER_GENDER_MIX, LEADER_GENDER_REPORTED_SHARE)
    activity = rng.normal(0.3, 0.5, len(volunteers))
    order = np.lexsort((person, programs.start[program]))
    person, local, program, role = person[order], local[order], program[order], role[order]
    frame = _participation_frame(
        rng,
        programs,
        program,
        role,
        usernames(person),
        registered[local],
        gender[local],
        activity[local],
        program_ids,
    )
    frame.to_csv(handle, index=False, header=False, lineterminator="\n")
    return len(frame)


def _write_crowd_rows(
    rng: np.random.Generator,
    handle: TextIO,
    programs: _Programs,
    person: np.ndarray,
    program: np.ndarray,
    first_person: int,
    people: int,
    program_ids: np.ndarray,
    usernames: _Usernames,
) -> None:
    """One chunk of the crowd; rows come sorted by person, then start, so a person's first
    row is their first program."""
    first_row = _run_starts(person)
    first = program[first_row]
    registered = _after_launch(
        rng, _registration(rng, programs.start[first], programs.end[first], NEW_ACCOUNT_SHARE)
    )
    gender = _genders(rng, people, GENDER_MIX)
    activity = rng.normal(0.0, 0.5, people)
    role = np.where(programs.kind[program] == MENTORSHIP, MENTEE, PARTICIPANT)
    frame = _participation_frame(
        rng,
        programs,
        program,
        role,
        usernames(np.arange(people) + first_person)[person],
        registered[person],
        gender[person],
        activity[person],
        program_ids,
    )
    frame.to_csv(handle, index=False, header=False, lineterminator="\n")


def _participation_frame(
    rng: np.random.Generator,
    programs: _Programs,
    program: np.ndarray,
    role: np.ndarray,
    username: np.ndarray,
    registered: np.ndarray,
    gender: np.ndarray,
    activity: np.ndarray,
    program_ids: np.ndarray,
) -> pd.DataFrame:
    """Participation rows with contributions drawn for each."""
    counts = _contributions(rng, programs.kind[program], activity)
    frame = pd.DataFrame(
        {
            "program_id": program_ids[program],
            "username": username,
            "role": np.asarray(ROLES, dtype=object)[role],
            "registered_at": _iso(registered),
            **counts,
            "gender": gender,
        }
    )
    return frame[PARTICIPATION_COLUMNS]


def _crowd_chunk(
    rng: np.random.Generator, crowd: _Crowd, n: int, spread: float
) -> tuple[np.ndarray, np.ndarray]:
    """Programs of `n` new people (local ids 0..n-1), sorted by person and start. Each has
    a first (anchor) program in their country; returning people add more within a window
    around it, mostly in their country, else their region or anywhere (online campaigns)."""
    programs = crowd.programs
    country = rng.choice(len(crowd.country_share), n, p=crowd.country_share)
    anchor, _ = crowd.by_country.draw(rng, country, 0, NEVER)
    returning = rng.random(n) < RETURNING_SHARE
    more = np.floor(1 + spread * rng.lognormal(0.0, RETURNING_SIGMA, n)).astype(np.int64)
    more = np.where(returning, np.minimum(more, min(MAX_PROGRAMS_PER_PERSON, len(programs)) - 1), 0)
    span = np.clip(120 * (1 + more) ** 0.75 * rng.lognormal(0.0, 0.3, n), 14, 2600).astype(np.int64)
    opens = programs.start[anchor] - np.floor(rng.random(n) * span).astype(np.int64)
    person, program, priority = _seek_programs(rng, crowd, country, more, opens, opens + span)
    person = np.concatenate([np.arange(n), person])
    program = np.concatenate([anchor, program])
    priority = np.concatenate([np.full(n, -1.0), priority])
    # One row per person and program (the anchor wins), then up to 1 + more per person,
    # home first.
    order = np.lexsort((priority, program, person))
    person, program, priority = person[order], program[order], priority[order]
    unique = _run_starts(person) | _run_starts(program)
    person, program, priority = person[unique], program[unique], priority[unique]
    order = np.lexsort((priority, person))
    person, program = person[order], program[order]
    keep = _rank_within(person) <= more[person]
    person, program = person[keep], program[keep]
    order = np.lexsort((programs.start[program], person))
    return person[order], program[order]


def _seek_programs(
    rng: np.random.Generator,
    crowd: _Crowd,
    country: np.ndarray,
    more: np.ndarray,
    opens: np.ndarray,
    closes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (person, program, priority) rows for `more` programs per person in their
    window: at home as far as the country's programs allow, then in the rest of the region,
    then anywhere. Priority orders home before region before world."""
    region = crowd.region_of[country]
    low, high = crowd.by_country.bounds(country, opens, closes)
    at_home = high - low
    low, high = crowd.by_region.bounds(region, opens, closes)
    home = np.minimum(np.round(HOME_COUNTRY_SHARE * more), 0.9 * at_home)
    near = np.minimum(np.round(0.6 * (more - home)), 0.9 * (high - low - at_home))
    wanted = (home, near, more - home - near)
    scopes = (
        (crowd.by_country, country),
        (crowd.by_region, region),
        (crowd.by_world, np.zeros(len(country), dtype=np.int64)),
    )
    person, program, priority = [], [], []
    for level, ((index, group), want) in enumerate(zip(scopes, wanted, strict=True)):
        # Drawing twice as many as wanted covers most of a small window despite repeats.
        who = np.repeat(np.arange(len(country)), np.ceil(2 * np.maximum(want, 0)).astype(np.int64))
        candidate, found = index.draw(rng, group[who], opens[who], closes[who])
        person.append(who[found])
        program.append(candidate[found])
        priority.append(level + rng.random(found.sum()))
    return np.concatenate(person), np.concatenate(program), np.concatenate(priority)


def _registration(
    rng: np.random.Generator, first_start: np.ndarray, first_end: np.ndarray, new_share: float
) -> np.ndarray:
    """Account registration relative to a person's first program: new accounts a few days
    before or during it (some exactly 14 days before, on the start or on the end date, the
    edges of the new-editor definitions), the others years earlier."""
    n = len(first_start)
    kind = rng.choice(4, n, p=(0.25, 0.2, 0.1, 0.45))
    around = (
        first_start - 5 + np.floor(rng.random(n) * (first_end - first_start + 6)).astype(np.int64)
    )
    new = np.choose(kind, [first_start - 14, first_start, first_end, around])
    old = first_start - 30 - np.round(365 * rng.lognormal(np.log(4), 0.7, n)).astype(np.int64)
    return np.where(rng.random(n) < new_share, new, old)


def _after_launch(rng: np.random.Generator, registered: np.ndarray) -> np.ndarray:
    """Registrations drawn before Wikipedia existed move into its first five years."""
    early = registered < WIKIPEDIA_LAUNCH
    moved = WIKIPEDIA_LAUNCH + rng.integers(0, 5 * 365, len(registered))
    return np.where(early, moved, registered)


def _genders(
    rng: np.random.Generator, n: int, mix, reported_share: float = GENDER_REPORTED_SHARE
) -> np.ndarray:
    """Self-reported gender for some people, blank for the rest."""
    reported = rng.random(n) < reported_share
    gender = np.asarray(GENDERS, dtype=object)[rng.choice(len(mix), n, p=mix)]
    return np.where(reported, gender, "").astype(object)


def _contributions(
    rng: np.random.Generator, kind: np.ndarray, activity: np.ndarray
) -> dict[str, np.ndarray]:
    """Skewed counts: many zeros, a long tail; uploads mostly in photo contests."""
    median, none, creating, uploads_median, uploading = np.asarray(CONTRIBUTIONS)[kind].T
    n = len(kind)
    typical = median * np.exp(activity) * rng.lognormal(0.0, 1.1, n)
    edits = np.where(rng.random(n) < none, 0, np.clip(np.round(typical), 1, MAX_EDITS)).astype(
        np.int64
    )
    bytes_added = np.round(edits * rng.lognormal(np.log(350), 0.9, n)).astype(np.int64)
    created = rng.binomial(edits, creating)
    edited = created + rng.binomial(edits - created, 0.35)
    uploads = np.where(
        rng.random(n) < uploading,
        np.maximum(1, np.round(uploads_median * rng.lognormal(0.0, 1.2, n))),
        0,
    ).astype(np.int64)
    return {
        "edits": edits,
        "bytes_added": bytes_added,
        "articles_created": created,
        "articles_edited": edited,
        "uploads": uploads,
    }
