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
   one, then the smallest non-zero count, zeros next, the group's total last;
3. audit: a linear program (scipy's HiGHS, through `queries.linear`) bounds each primary cell
   from the shown cells and all the groups together; while one is pinned to a single value, its
   cheapest neighbour is hidden too.

Groups are read among the cells the view shows (see `groups` for the parts a view leaves out).

Shares and rates are hidden with either of their counts (a rounded share of a hidden count,
with the groups, pinned it in tests/test_privacy_attack.py); a share of shown counts stays
visible whatever its siblings, and a median stays visible when at least k people stand behind
it, hidden counts or not: it tells nothing of how many they are. A small greedy algorithm rather
than a library: the statistical-disclosure tools (sdcMicro is R, tau-Argus a Java program) model
one table at a time, not one view over many queries.
tests/test_privacy_attack.py solves views for their hidden cells to check the result."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress

import numpy as np
import pandas as pd

from queries import linear

ALL = "ALL"
# Residual categories: hiding them costs readers the least (SPEC §6).
RESIDUAL = {"unknown", "prefer_not_to_say", "not_given", "none", "other"}
# "Not moved up (yet)" is the residual of where people went from a stage.
RESIDUAL_MEASURES = {"not_converted"}


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
    # one program's people: no totals, but `cell_links` / `grant_link` name the participation
    # cells or grant it has to itself, whose counts are then its own (see `_links`)
    "program": Subject(("program_id", "cell_links", "grant_link"), ()),
    "grant": Subject(("grant_id",), ()),
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
    medians: column → column with the number of people the median describes (dropped from the
        result unless it is one of the counts).
    forced: a boolean column; its rows' counts are hidden whatever their size (a protected
        country's people, SPEC §6).
    flagged: `with_count` columns that get a `<column>_suppressed` flag of their own (for a
        table that says "hidden" rather than leave a blank).
    """

    counts: Mapping[str, tuple[str, str]]
    fixed: Mapping[str, object] = field(default_factory=dict)
    overrides: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    with_count: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    shares: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    medians: Mapping[str, str] = field(default_factory=dict)
    forced: str | None = None
    flagged: tuple[str, ...] = ()


Key = tuple  # (subject, measure, dim value, ...)


@dataclass
class Decision:
    """The cells of one view, and which are hidden and why."""

    values: dict[Key, int]
    primary: set[Key]
    hidden: set[Key]
    groups: list[tuple[Key, tuple[Key, ...]]]
    derived: set[Key] = field(default_factory=set)  # not shown, worked out by the reader

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


def _values(column: pd.Series) -> list[object]:
    """`_value` of each value of a column; text columns (most dimensions) and whole numbers
    without missing values (numpy's: Python ints from `tolist`) in one pass."""
    if pd.api.types.is_string_dtype(column):
        return column.to_numpy(dtype=object, na_value=None).tolist()
    if _numpy_kind(column, "iub"):  # `tolist` gives what `_value` makes of each
        return column.tolist()
    return [_value(v) for v in column]


def _numpy_kind(column: pd.Series, kinds: str) -> bool:
    """Whether a column is of numpy's dtypes of these kinds ("i" integers, "u" unsigned, "b"
    booleans), which hold no missing value and give Python ints and bools from `tolist`."""
    return isinstance(column.dtype, np.dtype) and column.dtype.kind in kinds


def _fixed(shows: Shows, column: str) -> dict[str, object]:
    """The dimensions `column`'s cells take from the query, not the frame: `overrides[column]`
    over `fixed`."""
    return {**shows.fixed, **shows.overrides.get(column, {})}


def _dim(frame: pd.DataFrame, shows: Shows, column: str, dim: str) -> list[object]:
    """The values of one dimension of `column`'s cells, row by row: `_fixed`, else the frame's
    column (None when neither has it)."""
    fixed = _fixed(shows, column)
    if dim in fixed:
        return [fixed[dim]] * len(frame)
    if dim in frame.columns:
        return _values(frame[dim])
    return [None] * len(frame)


def cell_keys(frame: pd.DataFrame, shows: Shows, column: str) -> list[Key]:
    subject_name, measure = shows.counts[column]
    parts = [_dim(frame, shows, column, dim) for dim in SUBJECTS[subject_name].dims]
    measures = (
        [str(m) for m in frame[measure[1:]]] if measure.startswith("@") else [measure] * len(frame)
    )
    return list(zip([subject_name] * len(frame), measures, *parts, strict=True))


def _rows(frame: pd.DataFrame, shows: Shows, column: str, chosen: np.ndarray) -> pd.DataFrame:
    """The `chosen` rows of the columns `column`'s cells are read from (its dimensions, measure
    and count), not of the whole frame: the program view has 30 columns and 100k rows."""
    subject_name, measure = shows.counts[column]
    used = [*SUBJECTS[subject_name].dims, column, measure[1:] if measure.startswith("@") else None]
    columns = [c for c in dict.fromkeys(used) if c in frame.columns]
    if chosen.all():  # every row (a view's frames but its programs): no rows to take
        return frame[columns]
    return frame.loc[chosen, columns]


def _free_rows(frame: pd.DataFrame, shows: Shows, column: str) -> np.ndarray:
    """The rows whose count in `column` is a program's tied to nothing (`_tied_to_nothing`),
    found over whole columns: at 10M a view holds some 600k such counts, which never need a
    key of their own (see `hidden_free`)."""
    free = np.full(len(frame), shows.counts[column][0] == "program", dtype=bool)
    if not free.any():
        return free
    fixed = _fixed(shows, column)
    for dim in _TIES:
        if dim in fixed:
            free &= _value(fixed[dim]) is None
        elif dim in frame.columns:
            free &= frame[dim].isna().to_numpy(dtype=bool)
    return free


def _free_cells(
    frame: pd.DataFrame, shows: Shows, column: str, free: np.ndarray
) -> list[tuple[str, pd.Series]]:
    """The free program cells of `column` that have a value, by measure: counts by program."""
    rows = _rows(frame, shows, column, free & frame[column].notna().to_numpy(dtype=bool))
    fixed = _fixed(shows, column)
    if "program_id" in fixed or "program_id" not in rows.columns:
        programs = pd.Index([fixed.get("program_id")] * len(rows))
    else:
        programs = pd.Index(rows["program_id"])
    counts = pd.Series(rows[column].astype("int64").to_numpy(), index=programs)
    measure = shows.counts[column][1]
    if not measure.startswith("@"):
        return [(measure, counts)]
    measures = rows[measure[1:]].astype(str).to_numpy()
    return [(m, counts[measures == m]) for m in dict.fromkeys(measures)]


def _agree(free_cells: Iterable[tuple[str, pd.Series]]) -> None:
    """A free program count shown twice in one view must agree, as `cells` checks every other
    cell: the largest set of a measure (the program view's) is looked up, not keyed anew."""
    by_measure: dict[str, list[pd.Series]] = defaultdict(list)
    for measure, counts in free_cells:
        by_measure[measure].append(counts)
    for measure, parts in by_measure.items():
        whole, *rest = sorted(parts, key=len, reverse=True)
        if not whole.index.is_unique:
            whole, rest = whole.iloc[:0], parts
        if not rest:
            continue
        others = pd.concat(rest)
        found = whole.reindex(others.index).to_numpy(dtype="float64", na_value=np.nan)
        unseen = others[np.isnan(found)]
        # the rest against the largest, then the rest not in it among themselves
        differ = [others[~np.isnan(found) & (found != others.to_numpy())]]
        counted = unseen.groupby(level=0).nunique()
        differ.append(unseen[unseen.index.isin(counted.index[counted > 1])])
        for wrong in differ:
            if len(wrong):
                program = wrong.index[0]
                shown = sorted({*whole[whole.index == program], *others[others.index == program]})
                key = ("program", measure, program, None, None)
                raise ValueError(f"cell {key} is {' and '.join(map(str, shown))} in one view")


def cells(frames: Mapping[str, pd.DataFrame], shows: Mapping[str, Shows]) -> dict[Key, int]:
    """Every people count the view shows, by cell; a cell shown twice must agree. A program's
    count tied to nothing is left out: its decision needs no other cell (`hidden_free`)."""
    return nested_cells(frames, shows, ())[1]


def nested_cells(
    frames: Mapping[str, pd.DataFrame], shows: Mapping[str, Shows], inner: Collection[str]
) -> tuple[dict[Key, int], dict[Key, int]]:
    """`cells` of the frames named `inner`, and of all `frames`, each frame read once."""
    values: dict[Key, int] = {}
    inside: dict[Key, int] = {}
    free_cells: list[tuple[str, pd.Series]] = []
    for name, frame in frames.items():
        for column in shows[name].counts:
            free = _free_rows(frame, shows[name], column)
            rows = frame
            if free.any():
                free_cells.extend(_free_cells(frame, shows[name], column, free))
                rows = _rows(frame, shows[name], column, ~free)
            keys, counts = cell_keys(rows, shows[name], column), rows[column]
            if _numpy_kind(counts, "iu"):
                # every count known; not booleans: stored cells tell a count of 1 from True
                pairs = zip(keys, counts.tolist(), strict=True)
            else:  # a count not known for a row (e.g. retention in the last year) is left out
                known = counts.notna().to_numpy(dtype=bool)
                numbers = [int(value) for value in counts[known].tolist()]
                pairs = zip(compress(keys, known), numbers, strict=True)
            within = name in inner
            for key, number in pairs:
                if values.setdefault(key, number) != number:
                    raise ValueError(f"cell {key} is {values[key]} and {number} in one view")
                if within:
                    inside[key] = number
    _agree(free_cells)
    return inside, values


def forced(frames: Mapping[str, pd.DataFrame], shows: Mapping[str, Shows]) -> set[Key]:
    """The cells hidden whatever their size: every count of a row its query marks `forced`
    (a free program count only where it has a value, as `cells` keeps it)."""
    result: set[Key] = set()
    for name, frame in frames.items():
        spec = shows[name]
        if spec.forced is None:
            continue
        marked = frame[frame[spec.forced].fillna(False).astype(bool).to_numpy()]
        for column in spec.counts:
            free = _free_rows(marked, spec, column)
            keep = ~free | marked[column].notna().to_numpy(dtype=bool)
            result.update(cell_keys(_rows(marked, spec, column, keep), spec, column))
    return result


def groups(keys: Iterable[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """(total, parts) of every relation among these cells whose total is among them. Parts
    missing from the view are left out: a region, theme or flow row is missing because it
    counts nobody, so the reader knows it; a relation whose missing part the reader would not
    know (the stages a person can be at, people not moved up) is left out whole."""
    present = set(keys)
    # each subject's keys in a fixed order (one view, one decision), of the subjects relations
    # are read from: a grant's cell is only ever looked up in `present`, and at 10M a default
    # view holds 12k of them
    by_subject: dict[str, list[Key]] = defaultdict(list)
    for key in sorted((key for key in present if key[0] in _READ), key=str):
        by_subject[key[0]].append(key)
    result: list[tuple[Key, tuple[Key, ...]]] = []
    for subject_name, subject in SUBJECTS.items():
        of_subject = by_subject[subject_name]
        for dim in subject.totals:
            position = 2 + subject.dims.index(dim)
            parts: dict[Key, list[Key]] = defaultdict(list)
            for key in of_subject:
                if key[position] != ALL:
                    parts[key[:position] + (ALL,) + key[position + 1 :]].append(key)
            result.extend((total, tuple(p)) for total, p in parts.items() if total in present)
    result.extend(_stage_chains(by_subject["stage"], present))
    result.extend(_transition_outcomes(by_subject["transition"], present))
    result.extend(_links(by_subject["program"], present))
    return result


# the subjects whose cells `groups` reads relations from: those with totals, and those of
# `_stage_chains`, `_transition_outcomes` and `_links`
_READ = frozenset(
    {name for name, subject in SUBJECTS.items() if subject.totals}
    | {"stage", "transition", "program"}
)


def _links(ordered: list[Key], present: set[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """A program alone in a participation cell (the only one there counting anyone: in its
    fiscal year and country, theme, program type, region, or the whole year) counts the same
    people as that cell, and a grant's only program the same participants as the grant: a
    relation of one part, so that the two are shown or hidden together."""
    result = []
    for key in ordered:
        if key[0] != "program":
            continue
        measure, _, cell_links, grant_link = key[1:]
        for link in str(cell_links).split(";") if cell_links is not None else ():
            cell = ("participation", measure, *link.split("|"))
            if cell in present:
                result.append((cell, (key,)))
        if grant_link is not None and measure == "participants":
            cell = ("grant", "participants", grant_link)
            if cell in present:
                result.append((cell, (key,)))
    return result


# the program dimensions `_links` ties by
_TIES = ("cell_links", "grant_link")
_LINKS, _GRANT = (2 + SUBJECTS["program"].dims.index(dim) for dim in _TIES)


def _tied_to_nothing(keys: Iterable[Key]) -> Iterator[Key]:
    """The keys of program counts `_links` ties to nothing: alone in no cell, not its grant's
    only program. No other relation names a program, so no group of any view holds one. The
    test is written once, over many keys: a call per key cost more than the test."""
    return (
        key for key in keys if key[0] == "program" and key[_LINKS] is None and key[_GRANT] is None
    )


def forced_free(decision: Decision) -> dict[object, set[object]]:
    """The programs of the free program counts `decision` hides whatever their size, by measure:
    the forced ones, its own or its context's (`hidden_free`'s `chosen`). By measure, so that
    each count column looks up its own, not all of them (at 10M some 19k)."""
    chosen: dict[object, set[object]] = {}
    for key in _tied_to_nothing(decision.hidden):
        chosen.setdefault(key[1], set()).add(key[2])
    return chosen


def hidden_free(
    frame: pd.DataFrame, shows: Shows, column: str, chosen: Mapping[object, set[object]], k: int
) -> np.ndarray:
    """Which of `column`'s free program counts (`_free_rows`) are hidden, over whole columns:
    those from 1 to k - 1, and those `chosen` (`forced_free` of the view's decision). A free
    count's decision depends on nothing else, so it is the same in every view showing it:
    `decide` keeps only the forced ones as cells, not the hundreds of thousands of others."""
    count = frame[column].astype("Float64")
    small = ((count >= 1) & (count <= k - 1)).fillna(False).to_numpy(dtype=bool)
    if not chosen:
        return small
    measure = shows.counts[column][1]
    programs = pd.Series(_dim(frame, shows, column, "program_id"), dtype=object)
    if not measure.startswith("@"):
        return small | programs.isin(chosen.get(measure, set())).to_numpy()
    measures = frame[measure[1:]].astype(str).tolist()
    return small | np.array(
        [p in chosen.get(m, ()) for m, p in zip(measures, programs, strict=True)], dtype=bool
    )


def _stage_chains(ordered: list[Key], present: set[Key]) -> list[tuple[Key, tuple[Key, ...]]]:
    """Reached s = at s now + reached s + 1; reached 6 = at 6 now."""
    result = []
    for key in ordered:
        if key[0] != "stage" or key[1] != "reached":
            continue
        cohort, region, gender, stage = key[2:]
        current = ("stage", "current", cohort, region, gender, stage)
        above = ("stage", "reached", cohort, region, gender, stage + 1)
        parts = (current, above) if stage < 6 else (current,)
        if all(part in present for part in parts):
            result.append((key, parts))
    return result


def _transition_outcomes(
    ordered: list[Key], present: set[Key]
) -> list[tuple[Key, tuple[Key, ...]]]:
    """People at a stage = those not (yet) moved up + those who moved to each higher stage."""
    parts: dict[Key, list[Key]] = defaultdict(list)
    for key in ordered:
        if key[0] == "transition" and key[1] in ("not_converted", "flow"):
            parts[("transition", "people", key[2], key[3], None)].append(key)
    return [
        (total, tuple(p))
        for total, p in parts.items()
        if total in present and ("transition", "not_converted", *total[2:]) in p
    ]


def at_most(keys: Iterable[Key]) -> list[tuple[Key, Key]]:
    """(part, whole) of the counts that cannot exceed another without adding up to it: people
    at a stage ≤ people who reached it; moved up within 12 months ≤ within 24 ≤ people at the
    stage; retained organizers, leaving leaders and mentees ≤ their whole."""
    present = set(keys)
    pairs = []
    # only these subjects have such counts: the rest (a view's programs, say) need no look
    subjects = {
        "transition",
        "organizer_retention",
        "leader_attrition",
        "participation",
        "rotation",
    }
    for key in sorted((key for key in present if key[0] in subjects), key=str):
        if key[:2] == ("transition", "people") and key[4] is None:
            pairs.append((key, ("stage", "reached", ALL, key[2], ALL, key[3])))
        if key[:2] == ("transition", "converted_12m"):
            pairs.append((key, ("transition", "converted_24m", *key[2:])))
        if key[:2] == ("transition", "converted_24m"):
            pairs.append((key, ("transition", "people", *key[2:])))
        for subject, part, whole in (
            ("organizer_retention", "retained_organizers", "organizers"),
            ("leader_attrition", "leaving_leaders", "leaders"),
            ("participation", "mentees", "participants"),
            ("rotation", "new_seats", "seats"),
            ("rotation", "multi_role_people", "seats"),
        ):
            if key[:2] == (subject, part):
                pairs.append((key, (subject, whole, *key[2:])))
    return [(part, whole) for part, whole in pairs if whole in present]


def implied(values: Mapping[Key, int]) -> dict[Key, int]:
    """Counts a view does not show but hands its reader by subtraction: the people at a stage
    now are those who reached it less those who reached the next. They are protected like
    shown ones (a view showing 'reached' 12 and 11 tells of one person stopping there)."""
    result = {}
    for key, value in values.items():
        if key[:2] != ("stage", "reached"):
            continue
        *rest, stage = key[2:]
        above = ("stage", "reached", *rest, stage + 1)
        if stage < 6 and above in values:
            result[("stage", "current", *rest, stage)] = value - values[above]
    return result


def _cost(key: Key, value: int, is_total: bool) -> tuple:
    residual = key[1] in RESIDUAL_MEASURES or any(
        part in RESIDUAL for part in key[2:] if isinstance(part, str)
    )
    return (is_total, value == 0, not residual, value, str(key))


def decide(
    values: Mapping[Key, int],
    k: int,
    forced: Iterable[Key] = (),
    context: Decision | None = None,
) -> Decision:
    """Primary and secondary suppression over every cell of one view, then an audit: a hidden
    count from 1 to k - 1 that the shown counts and the groups still pin to one value (through
    several groups at once, which the one-group rule cannot see) gets one more neighbour
    hidden, until none is pinned.

    `context` is the decision of a view its reader surely also sees (the page at its default
    filters, for a narrowed page): its hidden cells stay hidden, its shown cells are known and
    never relied on as complements, and its cells join the groups, so that the two views
    together give nothing away either."""
    # a program's count that is alone in no cell and not its grant's only program is in no
    # group of any view: hidden exactly when small or forced, and kept out of the rest, which
    # at scale (a view of 100k programs) it would only slow down. `cells` leaves them out of
    # `values` (`apply` decides them with `hidden_free`); the forced ones are kept here as
    # cells, since no rule tells them from their value
    forced = set(forced)
    free = set(_tied_to_nothing(values))
    free_hidden = {key for key in free if 1 <= values[key] <= k - 1} | set(_tied_to_nothing(forced))
    if free:
        values = {key: value for key, value in values.items() if key not in free}
    observed = set(values)
    values = {**implied(values), **values}
    # groups are read within each view: a row one view leaves out counts nobody there, but a
    # row outside the view is not zero
    relations = groups(values)
    known: set[Key] = set()  # shown by the context: the reader has them whatever we hide
    in_context = set(context.values) if context is not None else set()
    if context is not None:
        known = in_context - context.derived - context.hidden
        observed |= in_context - context.derived
        values = {**context.values, **values}
        relations = list(dict.fromkeys([*relations, *context.groups]))
    # counts no output shows, which the reader works out by subtraction: never a complement
    # (hiding them hides nothing), and unknown to the audit until worked out
    present = set(values)
    derived = present - observed
    locked = derived | known
    primary = {key for key, value in values.items() if 1 <= value <= k - 1} | (forced & present)
    by_cell: dict[Key, list[int]] = defaultdict(list)
    for index, (total, parts) in enumerate(relations):
        for key in (total, *parts):
            by_cell[key].append(index)
    # hiding more never pins a cell that was not pinned, so each round only rechecks the pinned
    # ones; the context's own cells were audited with it: only primaries near this view's cells
    fresh = present - in_context
    bounded: dict[Key, list[tuple[Key, Key]]] = defaultdict(list)
    # the bounds serve the audit alone, which has nothing to do when no cell is fresh (a
    # narrowed view all of whose cells its context shows: `_pinned`)
    for pair in at_most(values) if fresh else ():
        for key in pair:
            bounded[key].append(pair)
    hidden = primary | (context.hidden if context is not None else set())
    totals = {total for total, _ in relations}
    _close(
        values,
        hidden,
        relations,
        by_cell,
        {i for key in by_cell.keys() & hidden for i in by_cell[key]},
        locked,
        _sources(derived - primary),
    )
    pinned = _pinned(values, hidden | derived, relations, by_cell, bounded, primary, fresh)
    while pinned:
        before = len(hidden)
        for target in pinned:
            neighbours = _nearest(target, relations, by_cell, hidden | locked)
            if neighbours:
                chosen = min(neighbours, key=lambda key: _cost(key, values[key], key in totals))
                hidden.add(chosen)
                _close(
                    values,
                    hidden,
                    relations,
                    by_cell,
                    set(by_cell[chosen]),
                    locked,
                    _sources(derived - primary),
                )
        if len(hidden) == before:
            break  # pinned by cells the reader knows from the context alone: nothing left to hide
        pinned = _pinned(values, hidden | derived, relations, by_cell, bounded, set(pinned), fresh)
    return Decision(
        dict(values), primary | free_hidden, hidden | free_hidden, relations, set(derived)
    )


def _nearest(target, relations, by_cell, taken) -> set[Key]:
    """The cells not yet `taken` within two groups of `target`, or, when all of those are
    taken, the nearest ones farther out."""
    seen, layer, found, steps = {target}, {target}, set(), 0
    while layer and (steps < 2 or not found):
        following = set()
        for key in layer:
            for index in by_cell[key]:
                following.update(_members(relations[index]))
        following -= seen
        seen |= following
        found |= following - taken
        layer, steps = following, steps + 1
    return found


def _sources(derived: Iterable[Key]) -> dict[Key, tuple[Key, Key]]:
    """The two shown counts each derived one is worked out from (see `implied`)."""
    return {
        key: (("stage", "reached", *key[2:]), ("stage", "reached", *key[2:-1], key[-1] + 1))
        for key in derived
    }


def _close(values, hidden, relations, by_cell, pending, locked=frozenset(), derived=None) -> None:
    """While a group has exactly one hidden member, hide its cheapest other member (not one
    the reader knows from elsewhere: `locked`). `derived`: counts not shown but worked out, with
    the counts they come from. Groups are taken in a fixed order, so that one view always gets
    one decision."""
    derived = derived or {}
    pending = set(pending)
    while pending:
        index = min(pending)
        pending.discard(index)
        total, parts = relations[index]
        members = (total, *parts)
        # the group gives its one hidden member away only when the reader knows all others: a
        # derived count nobody shows is known only while both counts it comes from are shown
        if sum(key in hidden for key in members) != 1 or any(
            key in derived and any(source in hidden for source in derived[key]) for key in members
        ):
            continue
        # a derived member is hidden by hiding one of the counts it comes from
        candidates = {
            candidate: candidate == total
            for key in members
            if key not in hidden
            for candidate in derived.get(key, (key,))
            if candidate not in hidden and candidate not in locked
        }
        if not candidates:
            continue
        chosen = min(candidates, key=lambda key: _cost(key, values[key], candidates[key]))
        hidden.add(chosen)
        pending.update(by_cell[chosen])


def _pinned(values, hidden, relations, by_cell, bounded, targets, fresh) -> list[Key]:
    """The targets that the shown cells and the groups together fix to one whole value. Per
    connected set of hidden cells, two linear programs (the targets' sum at its least and at
    its most) clear every target whose value differs between them; the rest are bounded one
    by one. Only sets of hidden cells that touch a `fresh` cell are bounded."""
    if not fresh:
        return []  # every set of hidden cells would be passed over below
    ceiling = float(max(values.values(), default=0))  # no count exceeds the largest shown
    starts = set(targets) & hidden
    if len(fresh) < len(starts):
        # few fresh cells (a narrowed view in its default view's context): only the sets of
        # hidden cells that touch one are bounded below, so the targets of the others, which
        # would be walked through only to be passed over, are left out first
        starts &= _touching_fresh(hidden, relations, by_cell, bounded, fresh)
    seen: set[Key] = set()
    found = []
    for start in sorted(starts, key=str):
        if start in seen:
            continue
        component, touching, pairs = _connected({start}, hidden, relations, by_cell, bounded)
        seen |= component
        if not touching and not pairs:
            continue  # nothing ties these cells to anything shown
        if (
            ceiling >= 1
            and not pairs
            and all(_equal_hidden(relations[i], component) for i in touching)
        ):
            # only ties of one hidden cell to another (a program alone in its cell): all at 0
            # and all at the largest count both solve them, so none is pinned, as the linear
            # programs would find at greater cost
            continue
        if not any(key in fresh for key in component) and not any(
            member in fresh for index in touching for member in _members(relations[index])
        ):
            continue
        unknown = sorted(component, key=str)
        column = {key: i for i, key in enumerate(unknown)}
        equalities = [  # total - parts = 0
            _linear(((total, 1.0), *((part, -1.0) for part in parts)), column, values)
            for total, parts in (relations[index] for index in touching)
        ]
        rows, constants = [r for r, _ in equalities], [c for _, c in equalities]
        bounds = [  # part - whole <= 0
            _linear(((part, 1.0), (whole, -1.0)), column, values) for part, whole in pairs
        ]
        upper_rows, upper_constants = [r for r, _ in bounds], [c for _, c in bounds]
        if not rows and not upper_rows:
            continue  # nothing ties the target to anything shown
        system = linear.System(
            np.array(rows) if rows else None,
            np.array(constants) if rows else None,
            np.array(upper_rows) if upper_rows else None,
            np.array(upper_constants) if upper_rows else None,
            len(unknown),
            0.0,
            ceiling,
        )
        chosen = [key for key in unknown if key in targets]
        # a few solutions far apart (the targets pushed up and down together, and in a fixed
        # pseudo-random mix) clear most targets without a program of their own
        indices = [column[key] for key in chosen]
        solutions = []
        for weights in _directions(len(unknown), indices) if len(indices) > 1 else ():
            result = system.minimize(weights)
            if result.ok:
                solutions.append(result.x)
        spread = np.ptp(np.array(solutions), axis=0) if solutions else np.zeros(len(unknown))
        for key in chosen:
            i = column[key]
            if spread[i] >= 1:
                continue  # two solutions a whole person apart
            one = np.zeros(len(unknown))
            one[i] = 1.0
            least, most = system.minimize(one), system.minimize(-one)
            if not least.ok or not most.ok:
                continue  # no solution within the bounds: the groups disagree, nothing pinned
            if math.ceil(least.fun - 1e-6) == math.floor(-most.fun + 1e-6):
                found.append(key)
    return found


def _touching_fresh(hidden, relations, by_cell, bounded, fresh) -> set[Key]:
    """The hidden cells of the sets `_pinned` bounds: connected (through groups and bounds, as
    it connects them) to a hidden cell that is `fresh` or in a group with a fresh cell. A set
    holds one of those exactly when it holds a fresh cell or touches a group with one, which is
    `_pinned`'s test."""
    starts = {key for key in fresh if key in hidden}
    for key in fresh:
        for index in by_cell.get(key, ()):
            starts.update(member for member in _members(relations[index]) if member in hidden)
    return _connected(starts, hidden, relations, by_cell, bounded)[0]


def _connected(
    starts: set[Key], hidden: set[Key], relations, by_cell, bounded
) -> tuple[set[Key], set[int], set[tuple[Key, Key]]]:
    """The hidden cells connected to `starts` through groups (`by_cell`: the indexes of a
    cell's groups in `relations`) and bounds (`bounded`: a cell's pairs from `at_most`), with
    the groups and bounds they touch."""
    reached, frontier, touching, pairs = set(starts), list(starts), set(), set()
    while frontier:
        key = frontier.pop()
        linked = []
        for index in by_cell.get(key, ()):
            touching.add(index)
            linked.extend(_members(relations[index]))
        for pair in bounded.get(key, ()):
            pairs.add(pair)
            linked.extend(pair)
        for member in linked:
            if member in hidden and member not in reached:
                reached.add(member)
                frontier.append(member)
    return reached, touching, pairs


def _members(relation: tuple[Key, tuple[Key, ...]]) -> tuple[Key, ...]:
    """A group's cells: its total, then its parts."""
    total, parts = relation
    return (total, *parts)


def _equal_hidden(relation: tuple[Key, tuple[Key, ...]], hidden: set[Key]) -> bool:
    """A relation that says one hidden cell equals another (`_links`' total of one part)."""
    total, parts = relation
    return len(parts) == 1 and total in hidden and parts[0] in hidden


def _linear(
    terms: Iterable[tuple[Key, float]], column: Mapping[Key, int], values: Mapping[Key, int]
) -> tuple[np.ndarray, float]:
    """A relation's signed terms as a row over the hidden cells (`column`: their positions), and
    the constant that the shown cells' values move to the other side."""
    row, constant = np.zeros(len(column)), 0.0
    for key, sign in terms:
        if key in column:
            row[column[key]] += sign
        else:
            constant -= sign * values[key]
    return row, constant


def _directions(size: int, indices: list[int]) -> list[np.ndarray]:
    generator = np.random.default_rng(0)  # fixed: the same view always gets the same decision
    directions = []
    for _ in range(2):
        weights = np.zeros(size)
        weights[indices] = generator.choice([-1.0, 1.0], len(indices))
        directions.extend((weights, -weights))
    weights = np.zeros(size)
    weights[indices] = 1.0
    return [weights, -weights, *directions]


def apply(
    frames: Mapping[str, pd.DataFrame],
    shows: Mapping[str, Shows],
    decision: Decision,
    k: int,
) -> dict[str, pd.DataFrame]:
    """The frames as the view shows them: hidden counts NULL with a `<count>_suppressed` flag,
    dependent values hidden with them, median bases dropped."""
    result = {}
    chosen = forced_free(decision)
    for name, frame in frames.items():
        spec = shows[name]
        out = frame.copy()
        hidden: dict[str, np.ndarray] = {}
        for column in spec.counts:
            free = _free_rows(frame, spec, column)
            hidden[column] = np.zeros(len(frame), dtype=bool)
            if free.any():
                hidden[column][free] = hidden_free(
                    _rows(frame, spec, column, free), spec, column, chosen, k
                )
            if not free.all():
                keys = cell_keys(_rows(frame, spec, column, ~free), spec, column)
                hidden[column][~free] = [key in decision.hidden for key in keys]
        for column in spec.counts:
            out[column] = frame[column].astype("Int64").mask(hidden[column])
            out[f"{column}_suppressed"] = hidden[column]
        for column, counts in spec.with_count.items():
            gone = np.logical_or.reduce([hidden[c] for c in counts])
            out[column] = frame[column].mask(gone)
            if column in spec.flagged:
                out[f"{column}_suppressed"] = gone & frame[column].notna().to_numpy()
        for column, (numerator, denominator) in spec.shares.items():
            # a share gives its counts away when the other is shown: hidden with either
            out[column] = frame[column].mask(hidden[numerator] | hidden[denominator])
        for column, basis in spec.medians.items():
            few = ~(frame[basis].astype("Float64").fillna(0) >= k).to_numpy(dtype=bool)
            out[column] = frame[column].mask(few)
            out[f"{column}_suppressed"] = few
            if basis not in spec.counts:  # a basis of its own is never shown
                out = out.drop(columns=basis)
        result[name] = out
    return result
