"""Suppression for a whole view (SPEC §6): one decision per people count for everything one view
shows together — every chart, table, text alternative and download of a page for one filter
state, or every file of one publish run.

A *cell* is one people count, named by its subject, measure and dimensions, wherever it is shown:
the funnel's "Organizer, CEECA, all cohorts" and the gender chart's "Organizer, CEECA, all
cohorts, everyone" are the same cell, so they are shown or hidden together. Cells are tied by
*groups*: a total and the parts it is made of (the regions of a stage and their 'ALL', the
stages a person can be at, the ways people left a stage). The decision:

1. primary: counts from 1 to k - 1, and every count of a protected country, are hidden;
2. secondary: while some group of shown cells has exactly one hidden part, one more part is
   hidden — the cheapest: a residual category ("Not given", "Prefer not to say") before a named
   one, then the smallest non-zero count, zeros next, the group's total last.

Groups are read among the cells the view shows (see `groups` for the parts a view leaves out).

Shares, rates and medians follow their counts: a share of a count hidden only secondarily stays
visible when its rounding to whole percent leaves at least k values of the count possible; a
median stays visible when at least k people stand behind it. A small greedy algorithm rather
than a library: the statistical-disclosure tools (sdcMicro is R, tau-Argus a Java program) model
one table at a time, not one view over many queries.
tests/test_privacy_attack.py solves views for their hidden cells to check the result."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ALL = "ALL"
# Residual categories: hiding them costs readers the least (SPEC §6).
RESIDUAL = {"unknown", "prefer_not_to_say", "none", "other"}


@dataclass(frozen=True)
class Subject:
    """A kind of people count: its dimensions, and which of them have an 'ALL' total."""

    dims: tuple[str, ...]
    totals: tuple[str, ...]


SUBJECTS: dict[str, Subject] = {
    "participation": Subject(
        ("fiscal_year", "region", "theme", "program_type", "country"),
        ("region", "theme", "program_type", "country"),
    ),
    "grant_reach": Subject(("fiscal_year", "region"), ("region",)),
    "stage": Subject(
        ("cohort", "region", "gender", "stage_number"), ("cohort", "region", "gender")
    ),
    "transition": Subject(("region", "from_stage_number", "to_stage_number"), ("region",)),
    "organizer_retention": Subject(("fiscal_year", "region"), ("region",)),
    "leader_attrition": Subject(("fiscal_year", "region"), ("region",)),
    "rotation": Subject(("fiscal_year", "body_type", "body"), ("body",)),
}


@dataclass(frozen=True)
class Shows:
    """The people counts one query returns, and the values that depend on them.

    counts: count column → (subject, measure); a measure "@col" is read from the frame's column
        `col`. The cell's dimensions are `overrides[column]`, else `fixed`, else the frame's
        columns of the same names (None when absent).
    with_count: column → count columns it is hidden with, when any of them is (participations
        and content totals with their participants; a ratio with both its counts).
    shares: column → (numerator, denominator) count columns.
    medians: column → column with the number of people the median describes (never shown).
    """

    counts: Mapping[str, tuple[str, str]]
    fixed: Mapping[str, object] = field(default_factory=dict)
    overrides: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    with_count: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    shares: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    medians: Mapping[str, str] = field(default_factory=dict)


Key = tuple  # (subject, measure, dim value, ...)


@dataclass
class Decision:
    """The cells of one view, and which are hidden and why."""

    values: dict[Key, int]
    primary: set[Key]
    hidden: set[Key]
    groups: list[tuple[Key, tuple[Key, ...]]]

    @property
    def secondary(self) -> set[Key]:
        return self.hidden - self.primary


def _value(value: object) -> object:
    """Dimension values as one type, whichever query they came from."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def cell_keys(frame: pd.DataFrame, shows: Shows, column: str) -> list[Key]:
    subject_name, measure = shows.counts[column]
    subject = SUBJECTS[subject_name]
    fixed = {**shows.fixed, **shows.overrides.get(column, {})}
    parts = []
    for dim in subject.dims:
        if dim in fixed:
            parts.append([fixed[dim]] * len(frame))
        elif dim in frame.columns:
            parts.append([_value(v) for v in frame[dim]])
        else:
            parts.append([None] * len(frame))
    measures = (
        [str(m) for m in frame[measure[1:]]] if measure.startswith("@") else [measure] * len(frame)
    )
    return [(subject_name, m, *values) for m, *values in zip(measures, *parts, strict=True)]


def cells(frames: Mapping[str, pd.DataFrame], shows: Mapping[str, Shows]) -> dict[Key, int]:
    """Every people count the view shows, by cell; a cell shown twice must agree."""
    values: dict[Key, int] = {}
    for name, frame in frames.items():
        for column in shows[name].counts:
            for key, value in zip(
                cell_keys(frame, shows[name], column), frame[column], strict=True
            ):
                if pd.isna(value):
                    continue  # not known for this row (e.g. retention in the last year)
                number = int(value)
                if values.setdefault(key, number) != number:
                    raise ValueError(f"cell {key} is {values[key]} and {number} in one view")
    return values


def groups(keys: Iterable[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """(total, parts) of every relation among these cells whose total is among them. Parts
    missing from the view are left out: a region, theme or flow row is missing because it
    counts nobody, so the reader knows it; a relation whose missing part the reader would not
    know (the stages a person can be at, people not moved up) is left out whole."""
    present = set(keys)
    result: list[tuple[Key, tuple[Key, ...]]] = []
    for subject_name, subject in SUBJECTS.items():
        of_subject = [key for key in present if key[0] == subject_name]
        for dim in subject.totals:
            position = 2 + subject.dims.index(dim)
            parts: dict[Key, list[Key]] = defaultdict(list)
            for key in of_subject:
                if key[position] != ALL:
                    parts[key[:position] + (ALL,) + key[position + 1 :]].append(key)
            result.extend((total, tuple(p)) for total, p in parts.items() if total in present)
    result.extend(_stage_chains(present))
    result.extend(_transition_outcomes(present))
    return result


def _stage_chains(present: set[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """Reached s = at s now + reached s + 1; reached 6 = at 6 now."""
    result = []
    for key in present:
        if key[0] != "stage" or key[1] != "reached":
            continue
        cohort, region, gender, stage = key[2:]
        current = ("stage", "current", cohort, region, gender, stage)
        above = ("stage", "reached", cohort, region, gender, stage + 1)
        parts = (current, above) if stage < 6 else (current,)
        if all(part in present for part in parts):
            result.append((key, parts))
    return result


def _transition_outcomes(present: set[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """People at a stage = those not (yet) moved up + those who moved to each higher stage."""
    parts: dict[Key, list[Key]] = defaultdict(list)
    for key in present:
        if key[0] == "transition" and key[1] in ("not_converted", "flow"):
            parts[("transition", "people", key[2], key[3], None)].append(key)
    return [
        (total, tuple(p))
        for total, p in parts.items()
        if total in present and ("transition", "not_converted", *total[2:]) in p
    ]


def _cost(key: Key, value: int, is_total: bool) -> tuple:
    residual = any(part in RESIDUAL for part in key[2:] if isinstance(part, str))
    return (is_total, value == 0, not residual, value, str(key))


def decide(values: Mapping[Key, int], k: int, forced: Iterable[Key] = ()) -> Decision:
    """Primary and secondary suppression over every cell of one view."""
    primary = {key for key, value in values.items() if 1 <= value <= k - 1} | (
        set(forced) & set(values)
    )
    relations = groups(values)
    by_cell: dict[Key, list[int]] = defaultdict(list)
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            by_cell[key].append(index)
    hidden = set(primary)
    pending = {i for key in hidden for i in by_cell[key]}
    while pending:
        index = pending.pop()
        total, parts = relations[index]
        members = (total, *parts)
        if sum(key in hidden for key in members) != 1:
            continue
        candidates = [key for key in members if key not in hidden]
        chosen = min(candidates, key=lambda key: _cost(key, values[key], key == total))
        hidden.add(chosen)
        pending.update(by_cell[chosen])
    return Decision(dict(values), primary, hidden, relations)


SHARE_STEP = 0.01  # shares are shown rounded to whole percent


def apply(
    frames: Mapping[str, pd.DataFrame],
    shows: Mapping[str, Shows],
    decision: Decision,
    k: int,
) -> dict[str, pd.DataFrame]:
    """The frames as the view shows them: hidden counts NULL with a `<count>_suppressed` flag,
    dependent values hidden with them, median bases dropped."""
    result = {}
    for name, frame in frames.items():
        spec = shows[name]
        out = frame.copy()
        hidden: dict[str, list[bool]] = {}
        primary: dict[str, list[bool]] = {}
        for column in spec.counts:
            keys = cell_keys(frame, spec, column)
            hidden[column] = np.array([key in decision.hidden for key in keys], dtype=bool)
            primary[column] = np.array([key in decision.primary for key in keys], dtype=bool)
        for column in spec.counts:
            out[column] = frame[column].astype("Int64").mask(hidden[column])
            out[f"{column}_suppressed"] = hidden[column]
        for column, counts in spec.with_count.items():
            out[column] = frame[column].mask(np.logical_or.reduce([hidden[c] for c in counts]))
        for column, (numerator, denominator) in spec.shares.items():
            out[column] = _share(frame, column, numerator, denominator, hidden, primary, k)
        for column, basis in spec.medians.items():
            few = ~(frame[basis].astype("Float64").fillna(0) >= k).to_numpy(dtype=bool)
            out[column] = frame[column].mask(few)
            out[f"{column}_suppressed"] = few
            out = out.drop(columns=basis)
        result[name] = out
    return result


def _share(frame, column, numerator, denominator, hidden, primary, k) -> pd.Series:
    """A share is shown with both its counts; with a numerator hidden only to protect another
    cell, it is shown rounded when that rounding leaves at least k values possible."""
    wide = (frame[denominator].astype("Float64").fillna(0) * SHARE_STEP >= k).to_numpy(bool)
    shown = ~hidden[numerator] & ~hidden[denominator]
    rounded = hidden[numerator] & ~primary[numerator] & ~hidden[denominator] & wide
    values = frame[column].astype("Float64")
    return values.where(shown, values.round(2).where(rounded))
