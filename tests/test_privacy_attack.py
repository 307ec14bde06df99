"""Attack the outputs (SPEC §6): take everything one view shows — a page for one filter state,
or a publish run — and solve for each hidden people count with what a reader knows: the shown
counts and how counts add up (totals over regions, cohorts and genders; a stage's reached = at
it now + reached the next; people at a stage = not moved up + flows; parts of a non-partition
at most their total; moved up within 12 months ≤ within 24; a share rounded to 1% of a shown
base; a median shown only for k or more people). A linear program bounds each hidden count
whose true value is 1 to k - 1; it must not be pinned to one value. Pairs of filter states are
attacked together: a count shown in either is known.

The relations are written here from the metric definitions, not taken from the query layer,
so that a relation the suppression overlooks is still tried."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

import queries
from etl.publish import DICTIONARY
from etl.reference import REGIONS
from queries import people
from queries.suppression import SUBJECTS, cell_keys
from ui import page_views

# Dimensions whose values split people into disjoint groups (a person has one cohort, one
# pathway region, one gender): their 'ALL' is the sum of the parts. Other totals only bound.
PARTITIONS = {
    ("stage", "cohort"),
    ("stage", "region"),
    ("stage", "gender"),
    ("transition", "region"),
}


_CONTEXTS: dict = {}


def page_frames(con, requests, k, widest=None, scope=None):
    """A page's view as the app decides it (ui/data.view): within the publish run of
    everything, that of its scope and the page at its defaults; the wider decisions are
    remembered, as the app caches them."""
    within = page_views.within(requests, widest or requests, scope)
    context = None
    for depth in range(1, len(within) + 1):
        key = (id(con), k, repr(within[:depth]))
        if key not in _CONTEXTS:
            _CONTEXTS[key] = queries.decision(con, within[depth - 1], k, context)
        context = _CONTEXTS[key]
    return queries.view(con, requests, k, context=context)


def observe(con, requests, k, widest=None, scope=None):
    """(shown: {cell: value}, hidden: {cell: true value}, facts) of one view's outputs, as the
    app shows them (see `page_frames`)."""
    shown_frames = page_frames(con, requests, k, widest, scope)
    shown, hidden, facts = {}, {}, []
    for label, (name, params) in requests.items():
        if name not in people.SHOWS:
            continue
        spec = people.SHOWS[name]
        out = shown_frames[label]
        raw = queries._raw(con, name, params, k)
        for column in spec.counts:
            keys = cell_keys(raw, spec, column)
            for key, truth, value, flag in zip(
                keys, raw[column], out[column], out[f"{column}_suppressed"], strict=True
            ):
                if pd.isna(truth):
                    continue
                if flag:
                    hidden[key] = int(truth)
                else:
                    assert not pd.isna(value) and int(value) == int(truth)
                    shown[key] = int(truth)
        for column, (numerator, denominator) in spec.shares.items():
            num_keys = cell_keys(raw, spec, numerator)
            den_keys = cell_keys(raw, spec, denominator)
            for num, den, value in zip(num_keys, den_keys, out[column], strict=True):
                if not pd.isna(value):
                    facts.append(("share", num, den, float(value)))
        for column, basis in spec.medians.items():
            # a median is shown only for k or more people: it bounds how many they are
            if basis in spec.counts:
                keys, kind = cell_keys(raw, spec, basis), "at_least_k"
            else:  # people moved up: people at the stage less those not moved up
                keys, kind = cell_keys(raw, spec, "people"), "moved_at_least_k"
            for key, flag in zip(keys, out[f"{column}_suppressed"], strict=True):
                facts.append((kind.replace("at_least", "below") if flag else kind, key))
    # what the reader works out by subtraction is as good as shown: the people at a stage now
    for key in [*shown, *hidden]:
        if key[:2] == ("stage", "reached") and key[5] < 6:
            above = (*key[:5], key[5] + 1)
            current = ("stage", "current", *key[2:])
            known = current in shown or current in hidden
            if (above in shown or above in hidden) and not known:
                truth = {**shown, **hidden}
                hidden[current] = truth[key] - truth[above]
    return shown, hidden, facts


def relations(cells, alone):
    """(coefficients {cell: a}, lower, upper) rows: lower <= sum(a * cell) <= upper. `alone`
    says which cells hold a single program's people (see `Alone`)."""
    rows = []
    present = set(cells)
    for subject_name, subject in SUBJECTS.items():
        for dim in subject.totals:
            position = 2 + subject.dims.index(dim)
            parts = defaultdict(list)
            for key in present:
                if key[0] == subject_name and key[position] != "ALL":
                    parts[key[:position] + ("ALL",) + key[position + 1 :]].append(key)
            for total, members in parts.items():
                if total not in present:
                    continue
                if (subject_name, dim) in PARTITIONS:
                    rows.append(({total: 1, **{m: -1 for m in members}}, 0, 0))
                else:
                    rows.append(({total: 1, **{m: -1 for m in members}}, -math.inf, 0))
                    rows.extend(({m: 1, total: -1}, -math.inf, 0) for m in members)
    for key in present:
        if key[:2] == ("stage", "reached"):
            cohort, region, gender, stage = key[2:]
            current = ("stage", "current", cohort, region, gender, stage)
            above = ("stage", "reached", cohort, region, gender, stage + 1)
            if stage == 6 and current in present:
                rows.append(({key: 1, current: -1}, 0, 0))
            elif current in present and above in present:
                rows.append(({key: 1, current: -1, above: -1}, 0, 0))
            elif above in present:
                rows.append(({above: 1, key: -1}, -math.inf, 0))
        if key[:2] == ("transition", "people"):
            region, stage = key[2], key[3]
            stayed = ("transition", "not_converted", region, stage, None)
            flows = [c for c in present if c[:2] == ("transition", "flow") and c[2:4] == key[2:4]]
            if stayed in present:  # flows not shown are flows of nobody
                rows.append(({key: 1, stayed: -1, **{f: -1 for f in flows}}, 0, 0))
            twelve = ("transition", "converted_12m", region, stage, None)
            twenty_four = ("transition", "converted_24m", region, stage, None)
            if twelve in present and twenty_four in present:
                rows.append(({twelve: 1, twenty_four: -1}, -math.inf, 0))
            if twenty_four in present:
                rows.append(({twenty_four: 1, key: -1}, -math.inf, 0))
            at_stage = ("stage", "reached", "ALL", region, "ALL", stage)
            if at_stage in present:
                rows.append(({key: 1, at_stage: -1}, -math.inf, 0))
    # a program that is the only one counting anyone in a participation cell (its year and
    # region, theme, type or country, or the whole year) counts that cell's people; a grant's
    # only program, the grant's participants
    for key in present:
        if key[0] != "program":
            continue
        program_id, measure = key[2], key[1]
        for dims in alone.cells.get(program_id, ()):
            cell = ("participation", measure, *dims)
            if cell in present:
                rows.append(({cell: 1, key: -1}, 0, 0))
        grant = ("grant", "participants", alone.grants.get(program_id))
        if measure == "participants" and grant in present:
            rows.append(({grant: 1, key: -1}, 0, 0))
    for subject, part, whole in (
        ("organizer_retention", "retained_organizers", "organizers"),
        ("leader_attrition", "leaving_leaders", "leaders"),
        ("participation", "mentees", "participants"),
    ):
        for key in present:
            if key[:2] == (subject, part) and (subject, whole, *key[2:]) in present:
                rows.append(({key: 1, (subject, whole, *key[2:]): -1}, -math.inf, 0))
    return rows


class Alone:
    """What the warehouse says of programs and countries, rather than the query layer: the
    participation cells (fiscal year, region, theme, program type, country, each dimension
    also 'ALL') in which a program is the only one counting anyone, the grant whose only
    program it is, and the protected countries and their programs."""

    def __init__(self, con):
        programs = con.execute(
            """
            select p.program_id, p.fiscal_year, p.region, p.country, p.program_type,
                   coalesce(nullif(o.themes, []), ['none']) as themes, p.grant_id,
                   p.participants + p.organizers > 0 as counts_anyone
            from marts.program_people p
            join marts.program_outcomes o using (program_id)
            """
        ).fetchall()
        members = defaultdict(list)
        grant_programs = defaultdict(list)
        for program_id, year, region, country, kind, themes, grant, counts_anyone in programs:
            if grant is not None:
                grant_programs[grant].append(program_id)
            if not counts_anyone:
                continue
            cells = [(year, r, "ALL", "ALL", "ALL") for r in (region, "ALL")] + [
                (year, r, "ALL", kind, "ALL") for r in (region, "ALL")
            ]
            cells += [(year, r, theme, "ALL", "ALL") for r in (region, "ALL") for theme in themes]
            cells.append((year, region, "ALL", "ALL", country))
            for cell in cells:
                members[cell].append(program_id)
        self.cells = defaultdict(list)
        for cell, ids in members.items():
            if len(ids) == 1:
                self.cells[ids[0]].append(cell)
        self.grants = {ids[0]: grant for grant, ids in grant_programs.items() if len(ids) == 1}
        self.protected_countries = {
            code
            for (code,) in con.execute(
                "select country_code from core.countries where is_protected"
            ).fetchall()
        }
        self.protected_programs = {
            program_id
            for program_id, _, _, country, *_ in programs
            if country in self.protected_countries
        }

    def protected(self, key) -> bool:
        """A people count of a protected country (SPEC §6: none is shown), or of a program in
        one."""
        if key[0] == "participation":
            return key[6] in self.protected_countries
        return key[0] == "program" and key[2] in self.protected_programs


def fact_rows(facts, shown, k):
    rows = []
    for fact in facts:
        if fact[0] == "share":
            _, num, den, value = fact
            if num in shown and den in shown:
                continue
            # |num / den - value| <= 0.005 (shares are shown rounded to whole percent, or exact)
            rows.append(({num: 1, den: -(value + 0.005)}, -math.inf, 0))
            rows.append(({num: 1, den: -(value - 0.005)}, 0, math.inf))
        elif fact[0] in ("at_least_k", "below_k"):
            _, key = fact
            rows.append(
                ({key: 1}, k, math.inf) if fact[0] == "at_least_k" else ({key: 1}, 0, k - 1)
            )
        else:
            _, key = fact
            stayed = ("transition", "not_converted", *key[2:])
            if fact[0] == "moved_at_least_k":
                rows.append(({key: 1, stayed: -1}, k, math.inf))
            else:
                rows.append(({key: 1, stayed: -1}, 0, k - 1))
    return rows


def pinned(shown, hidden, rows, k, protected=lambda key: False):
    """Hidden counts of 1 to k - 1, and non-zero counts of a protected country, that the shown
    counts and the relations pin to one value."""
    targets = [
        key for key, value in hidden.items() if 1 <= value <= k - 1 or (value and protected(key))
    ]
    if not targets:
        return []
    unknown = sorted(hidden, key=str)
    index = {key: i for i, key in enumerate(unknown)}
    a_rows, lower, upper = [], [], []
    for coefficients, low, high in rows:
        if not any(key in index for key in coefficients):
            continue
        constant = sum(a * shown[key] for key, a in coefficients.items() if key in shown)
        if any(key not in index and key not in shown for key in coefficients):
            continue  # a cell neither shown nor hidden in this view: unknown, no relation
        row = np.zeros(len(unknown))
        for key, a in coefficients.items():
            if key in index:
                row[index[key]] = a
        a_rows.append(row)
        lower.append(low - constant)
        upper.append(high - constant)
    # a target is bounded by the rows of its connected set of hidden cells alone: the same
    # bounds as the whole system, from a far smaller program
    matrix = np.array(a_rows) if a_rows else np.zeros((0, len(unknown)))
    low_bounds, high_bounds = np.array(lower), np.array(upper)
    parent = list(range(len(unknown)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in matrix:
        linked = np.flatnonzero(row)
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])
    found = []
    for key in targets:
        group = root(index[key])
        columns = [i for i in range(len(unknown)) if root(i) == group]
        touching = np.flatnonzero(np.abs(matrix[:, columns]).sum(axis=1) > 0)
        part = matrix[np.ix_(touching, columns)]
        a_ub = np.vstack([part, -part])
        b_ub = np.concatenate([high_bounds[touching], -low_bounds[touching]])
        keep = np.isfinite(b_ub)
        a_ub, b_ub = a_ub[keep], b_ub[keep]
        if not len(b_ub):
            continue  # nothing ties it to anything shown
        objective = np.zeros(len(columns))
        objective[columns.index(index[key])] = 1
        low = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        high = linprog(-objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        assert low.status == 0, (key, low.message)
        if high.status == 3:  # unbounded above: not pinned
            continue
        assert high.status == 0, (key, high.message)
        if math.ceil(low.fun - 1e-6) == math.floor(-high.fun + 1e-6):
            found.append((key, hidden[key]))
    return found


def attack(con, views, k, widest=None, scope=None):
    """Attack the views together: a count shown in any of them is known. Each view's relations
    are read among its own cells (a row a view leaves out counts nobody in that view)."""
    shown, hidden, observed = {}, {}, []
    for requests in views:
        view_shown, view_hidden, facts = observe(con, requests, k, widest, scope)
        shown.update(view_shown)
        hidden.update(view_hidden)
        observed.append(({**view_shown, **view_hidden}, facts))
    hidden = {key: value for key, value in hidden.items() if key not in shown}
    alone = _alone(con)
    rows = [
        row
        for cells, facts in observed
        for row in relations(cells, alone) + fact_rows(facts, shown, k)
    ]
    return pinned(shown, hidden, rows, k, alone.protected)


_ALONE: dict = {}


def _alone(con) -> Alone:
    if id(con) not in _ALONE:
        _ALONE[id(con)] = Alone(con)
    return _ALONE[id(con)]


@pytest.fixture(scope="module")
def con(demo_db):
    connection = queries.connect(demo_db)
    yield connection
    connection.close()


PATHWAY_VIEWS = {
    "default": page_views.pathways(),
    "SSA": page_views.pathways(regions=["SSA"]),
    "SSA FY2023-24": page_views.pathways(["FY2023-24"], ["SSA"]),
    "focus CEECA": page_views.pathways(focus=["CEECA"]),
}


@pytest.mark.parametrize("k", [2, 5, 10])
@pytest.mark.parametrize("view", list(PATHWAY_VIEWS))
def test_no_hidden_count_of_a_pathway_view_can_be_worked_out(con, view, k):
    assert attack(con, [PATHWAY_VIEWS[view]], k, widest=page_views.pathways()) == []


@pytest.mark.parametrize("k", [2, 5, 10])
def test_no_hidden_count_of_a_publish_run_can_be_worked_out(con, k):
    run = {f.name: (f.query, dict(f.params)) for f in DICTIONARY}
    assert attack(con, [run], k) == []


PAIRS = {
    "two regions against one": (
        page_views.pathways(regions=["SSA", "SA"]),
        page_views.pathways(regions=["SSA"]),
    ),
    "two fiscal years against one": (
        page_views.pathways(["FY2022-23", "FY2023-24"]),
        page_views.pathways(["FY2023-24"]),
    ),
    "everyone against one region": (page_views.pathways(), page_views.pathways(regions=["SA"])),
}


@pytest.mark.parametrize("k", [2, 5, 10])
@pytest.mark.parametrize("pair", list(PAIRS))
def test_no_hidden_count_can_be_worked_out_from_two_filter_states(con, pair, k):
    assert attack(con, PAIRS[pair], k, widest=page_views.pathways()) == []


SSA = {"fiscal_years": [], "regions": ["SSA"], "funds": [], "themes": []}
DEFAULT = {"fiscal_years": [], "regions": [], "funds": [], "themes": []}
ALL_REGIONS = {**DEFAULT, "regions": list(REGIONS)}
PAGE_VIEWS = {
    "Overview default": (
        page_views.overview(DEFAULT, ["FY2023-24", "FY2024-25"]),
        page_views.overview(DEFAULT),
        DEFAULT,
    ),
    "Overview SSA": (
        page_views.overview(SSA, ["FY2023-24", "FY2024-25"], ["SSA"]),
        page_views.overview(DEFAULT),
        SSA,
    ),
    "Regions default": (
        page_views.regions(ALL_REGIONS, "FY2024-25"),
        page_views.regions(ALL_REGIONS, "FY2024-25"),
        DEFAULT,
    ),
    "Regions SSA with a grant": (
        page_views.regions(SSA, "FY2024-25", grant="GRANT"),
        page_views.regions(ALL_REGIONS, "FY2024-25"),
        SSA,
    ),
    "Themes default": (
        page_views.themes(DEFAULT, regions=list(REGIONS)),
        page_views.themes(DEFAULT, regions=list(REGIONS)),
        DEFAULT,
    ),
    "Themes SSA, Gender Gap focus": (
        page_views.themes(SSA, focus=["gender_gap"], regions=["SSA"]),
        page_views.themes(DEFAULT, regions=list(REGIONS)),
        SSA,
    ),
}


def with_grant(con, requests):
    """A drill-down grant of the demo: SSA's first grant that programs name."""
    if "grant programs" not in requests:
        return requests
    grant = queries.run(con, "programs_per_grant", {"regions": ["SSA"]})["grant_id"].iloc[0]
    return {**requests, "grant programs": ("program_outcomes", {"grant_id": grant})}


@pytest.mark.parametrize("k", [2, 5, 10])
@pytest.mark.parametrize("view", list(PAGE_VIEWS))
def test_no_hidden_count_of_an_overview_regions_or_themes_view_can_be_worked_out(con, view, k):
    requests, widest, scope = PAGE_VIEWS[view]
    assert attack(con, [with_grant(con, requests)], k, widest=widest, scope=scope) == []


@pytest.mark.parametrize("k", [2, 5, 10])
@pytest.mark.parametrize("view", list(PAGE_VIEWS))
def test_no_page_shows_a_people_count_from_1_to_k_minus_1(con, view, k):
    requests, widest, scope = PAGE_VIEWS[view]
    frames = page_frames(con, with_grant(con, requests), k, widest, scope)
    for label, (name, _) in requests.items():
        if name not in people.SHOWS:
            continue
        for column in people.SHOWS[name].counts:
            values = frames[label][column].dropna().astype(int)
            assert not values.between(1, k - 1).any(), (view, label, column)
