"""Deterministic generator of the canonical input files: a synthetic Community Growth world.

`write_sample` writes organizations, grants, programs, participation, roles, budgets and
active editors as CSV (SPEC §2, §3). Funding is calibrated to the published Community Fund
figures; participation is streamed in chunks, so memory stays flat at any scale.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from etl.generate.context import _write_active_editors, _write_budgets
from etl.generate.countries import _Countries
from etl.generate.grant_leads import _assign_grant_leads
from etl.generate.grants import _draw_grants
from etl.generate.leaders import _draw_leaders, _staff_programs
from etl.generate.organizations import _assign_organizations, _draw_organizations
from etl.generate.participation import _write_participation
from etl.generate.programs import _draw_programs
from etl.generate.roles import _write_roles
from etl.generate.small_files import _write_grants, _write_organizations, _write_programs
from etl.generate.usernames import _Usernames
from etl.generate.volunteers import _draw_volunteers
from etl.generate.world import (
    BASE_GRANTS,
    COUNTRIES_CSV,
    PEOPLE_PER_PARTICIPATION,
    PROGRAMS_PER_PARTICIPATION,
    Progress,
)

__all__ = ["COUNTRIES_CSV", "write_sample"]


def write_sample(
    out_dir: Path,
    participations: int,
    seed: int = 7,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the canonical input files of a synthetic world into `out_dir`.

    `participations` is the number of participation rows (person x program x role) to write;
    people, programs and grants scale with it. The same seed gives the same bytes.
    `progress(file_name, rows)` is called after each block written, with that block's rows
    (participation.csv comes in many blocks). Returns the data rows written per file name.
    """
    if participations < 1:
        raise ValueError(f"participations must be at least 1, got {participations}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda _file, _rows: None)
    streams = np.random.SeedSequence(seed).spawn(8)
    (
        rng_grants,
        rng_orgs,
        rng_programs,
        rng_leaders,
        rng_leads,
        rng_crowd,
        rng_context,
        rng_volunteers,
    ) = (np.random.default_rng(stream) for stream in streams)
    countries = _Countries.load()
    scale = max(1.0, participations / 500 / BASE_GRANTS)

    grants = _draw_grants(rng_grants, countries, scale)
    organizations = _draw_organizations(rng_orgs, countries, max(180, round(len(grants) / 15)))
    _assign_organizations(rng_orgs, grants, organizations)
    programs = _draw_programs(
        rng_programs,
        countries,
        grants,
        organizations,
        max(10, round(participations * PROGRAMS_PER_PARTICIPATION)),
    )
    leaders = _draw_leaders(rng_leaders, countries, programs)
    staff = _staff_programs(rng_leaders, programs, leaders, countries)
    leaders.note_stages(programs, staff)
    lead_country = _assign_grant_leads(rng_leads, grants, leaders)
    staff = staff.plus_grant_leads(programs, grants, leaders)
    volunteers = _draw_volunteers(
        rng_volunteers, countries, programs, leaders, first_person=len(lead_country)
    )
    usernames = _Usernames(
        rng_context,
        round(participations * PEOPLE_PER_PARTICIPATION) + len(lead_country) + len(volunteers),
    )

    written = {
        "organizations.csv": _write_organizations(out_dir, organizations, countries),
        "grants.csv": _write_grants(
            rng_grants, out_dir, grants, organizations, countries, usernames
        ),
        "programs.csv": _write_programs(out_dir, programs, countries, grants, organizations),
        "roles.csv": _write_roles(
            rng_leaders,
            out_dir,
            grants,
            leaders,
            volunteers,
            organizations,
            countries,
            usernames,
            lead_country,
        ),
        "budgets.csv": _write_budgets(rng_context, out_dir, scale),
        "active_editors.csv": _write_active_editors(rng_context, out_dir),
    }
    for file_name, rows in written.items():
        report(file_name, rows)
    written["participation.csv"] = _write_participation(
        rng_crowd,
        out_dir,
        participations,
        programs,
        countries,
        leaders,
        staff,
        volunteers,
        first_crowd_person=len(lead_country) + len(volunteers),
        usernames=usernames,
        report=report,
    )
    return written
