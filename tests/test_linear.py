"""queries.linear solves the audit's linear programs as scipy's linprog(method="highs") does:
the optimum of small systems worked out by hand, and, on systems shaped like the audit's (a
total and its hidden parts, a part at most its whole), the very same point linprog returns,
bit for bit, including where many points are optimal and which one comes back decides whether a
cell is pinned (suppression._pinned)."""

import numpy as np
import pytest
from scipy.optimize import linprog

from queries import linear


def test_a_hidden_part_of_a_shown_total_ranges_from_zero_to_the_total_less_the_other_bound():
    # x1 + x2 = 10 (a shown total of two hidden parts), x1 <= x2, 0 <= x <= 10:
    # x1 is at least 0 (x2 = 10) and at most 5 (x1 = x2)
    system = linear.System(
        np.array([[1.0, 1.0]]), np.array([10.0]), np.array([[1.0, -1.0]]), np.array([0.0]),
        2, 0.0, 10.0,
    )  # fmt: skip
    least, most = system.minimize(np.array([1.0, 0.0])), system.minimize(np.array([-1.0, 0.0]))
    assert least.ok and most.ok
    assert least.fun == pytest.approx(0.0) and -most.fun == pytest.approx(5.0)
    assert most.x == pytest.approx([5.0, 5.0])


def test_a_total_larger_than_its_parts_can_reach_has_no_solution():
    # x1 + x2 = 30 with each part at most 10: linprog says infeasible (status 2)
    system = linear.System(np.array([[1.0, 1.0]]), np.array([30.0]), None, None, 2, 0.0, 10.0)
    assert not system.minimize(np.array([1.0, 0.0])).ok
    assert linprog([1.0, 0.0], A_eq=[[1.0, 1.0]], b_eq=[30.0], bounds=(0, 10)).status == 2


def test_only_inequalities_bound_the_parts():
    # x1 <= x2 <= 4 (a part at most its whole, the whole at most a shown 4): x1 at most 4
    system = linear.System(
        None, None, np.array([[1.0, -1.0], [0.0, 1.0]]), np.array([0.0, 4.0]), 2, 0.0, 9.0
    )
    most = system.minimize(np.array([-1.0, 0.0]))
    assert most.ok and -most.fun == pytest.approx(4.0)


def audit_like(generator: np.random.Generator) -> tuple[dict, int]:
    """A random system as _pinned builds one: totals equal to sums of hidden parts minus shown
    ones (rows of 1 and -1), some parts at most their whole, bounds 0 to the largest count."""
    size = int(generator.integers(2, 12))
    rows = int(generator.integers(1, size + 1))
    a_eq = np.zeros((rows, size))
    for row in a_eq:
        members = generator.choice(size, int(generator.integers(2, size + 1)), replace=False)
        row[members[0]] = 1.0
        row[members[1:]] = -1.0
    truth = generator.integers(0, 30, size).astype(float)
    b_eq = a_eq @ truth  # a system the true counts solve
    a_ub, b_ub = None, None
    if generator.random() < 0.5:
        part, whole = generator.choice(size, 2, replace=False)
        a_ub = np.zeros((1, size))
        a_ub[0, part], a_ub[0, whole] = 1.0, -1.0
        b_ub = np.array([0.0 if truth[part] <= truth[whole] else truth[part] - truth[whole]])
    return {"A_eq": a_eq, "b_eq": b_eq, "A_ub": a_ub, "b_ub": b_ub, "bounds": (0.0, 40.0)}, size


def test_every_solution_is_the_one_linprog_returns_bit_for_bit():
    generator = np.random.default_rng(12)
    compared = 0
    for _ in range(60):
        args, size = audit_like(generator)
        system = linear.System(
            args["A_eq"], args["b_eq"], args["A_ub"], args["b_ub"], size, 0.0, 40.0
        )
        # the audit's objectives: one cell up or down, and many cells together (ties abound)
        costs = [np.eye(size)[0], -np.eye(size)[0], np.ones(size), -np.ones(size)]
        costs.append(generator.choice([-1.0, 1.0], size))
        for cost in costs:
            mine = system.minimize(cost)
            theirs = linprog(cost, method="highs", **args)
            assert mine.ok == (theirs.status == 0)
            if mine.ok:
                assert mine.fun == theirs.fun
                assert np.array_equal(mine.x, theirs.x)
                compared += 1
    assert compared == 300  # every system is solved by its true counts: all feasible
