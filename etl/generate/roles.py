"""roles.csv: grant leads of organizations, Regional Fund Committee members, affiliate board
members, standing trainers and mentors.
"""

from __future__ import annotations

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
from etl.generate.world import (
    COMMITTEES_FOUNDED,
    DATA_END,
    NEVER,
    REGIONS,
    ROLES,
    ROLES_COLUMNS,
    TRAINER,
    TRAINER_ROLES,
    USER_GROUP,
    _day,
)


def _write_roles(
    rng: np.random.Generator,
    out_dir: Path,
    grants: _Grants,
    leaders: _Leaders,
    organizations: _Organizations,
    countries: _Countries,
    usernames: _Usernames,
    lead_country: np.ndarray,
) -> int:
    """Leadership roles outside events: grant leads of organizations, Regional Fund
    Committee members, affiliate board members, standing trainers and mentors."""
    first_lead = np.full(len(lead_country), NEVER)
    np.minimum.at(first_lead, grants.lead[grants.funded], grants.decided[grants.funded])
    active_until = np.concatenate(
        [leaders.active_until, np.full(len(lead_country) - len(leaders), NEVER)]
    )
    seats = 4 + round(len(grants) / 1_500)
    parts = [
        _grant_lead_roles(rng, grants, organizations),
        _committee_roles(rng, first_lead, lead_country, active_until, countries, seats),
        _board_roles(rng, first_lead, lead_country, organizations),
        _trainer_roles(rng, leaders),
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
    rng: np.random.Generator,
    first_lead: np.ndarray,
    lead_country: np.ndarray,
    active_until: np.ndarray,
    countries: _Countries,
    seats: int,
) -> pd.DataFrame:
    """Regional Fund Committees from 2021: each year, open seats go to people of the region
    who have led a funded grant; members serve two to three years."""
    region = countries.region[lead_country]
    served = np.zeros(len(first_lead), dtype=bool)
    person, start, end = [], [], []
    for year in range(5):
        day = COMMITTEES_FOUNDED + 365 * year
        for r in range(len(REGIONS)):
            sitting = sum(
                1
                for p, s, e in zip(person, start, end, strict=True)
                if region[p] == r and s <= day < e
            )
            able = ~served & (region == r) & (first_lead < day) & (active_until >= day)
            chosen = rng.permutation(np.flatnonzero(able))[: max(seats - sitting, 0)]
            served[chosen] = True
            for p in chosen:
                begins = day + int(rng.integers(0, 60))
                person.append(int(p))
                start.append(begins)
                end.append(begins + int(rng.integers(730, 1096)))
    person_ids = np.array(person, dtype=np.int64)
    start_days = np.array(start, dtype=np.int64)
    # Before July 2023 MENA and SSA shared one committee, MEA.
    body_region = np.array([REGIONS[r] for r in region[person_ids]], dtype=object)
    merged = np.isin(body_region, ["MENA", "SSA"]) & (start_days < _day("2023-07-01"))
    body_region[merged] = "MEA"
    body = np.array([f"{b} Regional Fund Committee" for b in body_region], dtype=object)
    return _role_rows(
        person_ids,
        "committee_member",
        body,
        lead_country[person_ids],
        start_days,
        np.array(end, dtype=np.int64),
    )


def _board_roles(
    rng: np.random.Generator,
    first_lead: np.ndarray,
    lead_country: np.ndarray,
    organizations: _Organizations,
) -> pd.DataFrame:
    """About a third of affiliates have one or two board members among the grant leads of
    their country, joining some months after first leading a grant."""
    person, organization, start = [], [], []
    leads = np.flatnonzero(first_lead < NEVER)
    for o in np.flatnonzero(
        (organizations.kind <= USER_GROUP) & (rng.random(len(organizations)) < 0.35)
    ):
        local = leads[lead_country[leads] == organizations.country[o]]
        for p in rng.permutation(local)[: rng.integers(1, 3)]:
            begins = max(
                int(first_lead[p]) + int(rng.integers(60, 400)), int(organizations.recognized[o])
            )
            if begins <= DATA_END:
                person.append(int(p))
                organization.append(int(o))
                start.append(begins)
    person_ids = np.array(person, dtype=np.int64)
    organization_ids = np.array(organization, dtype=np.int64)
    start_days = np.array(start, dtype=np.int64)
    served = rng.random(len(person_ids)) < 0.4
    end = np.where(served, start_days + rng.integers(365, 1100, len(person_ids)), -1)
    return _role_rows(
        person_ids,
        "affiliate_board",
        organizations.name[organization_ids],
        organizations.country[organization_ids],
        start_days,
        end,
    )


def _trainer_roles(rng: np.random.Generator, leaders: _Leaders) -> pd.DataFrame:
    """Half the leaders who train or mentor also hold that role in a standing programme."""
    person = np.flatnonzero((leaders.trainer_stage < NEVER) & (rng.random(len(leaders)) < 0.5))
    role = leaders.first_trainer_role[person]
    body = np.where(role == TRAINER, "Train the Trainer", "Wikimedia mentorship programme").astype(
        object
    )
    start = leaders.trainer_stage[person]
    ended = rng.random(len(person)) < 0.4
    end = np.where(ended, start + rng.integers(365, 1100, len(person)), -1)
    frames = [
        _role_rows(
            person[role == r],
            ROLES[r],
            body[role == r],
            leaders.country[person[role == r]],
            start[role == r],
            end[role == r],
        )
        for r in TRAINER_ROLES
    ]
    return pd.concat(frames, ignore_index=True)
