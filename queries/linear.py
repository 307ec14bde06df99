"""The suppression audit's linear programs, solved by the HiGHS that scipy ships, through the
same call `scipy.optimize.linprog(method="highs")` makes: the same matrix, bounds and options,
a fresh solver each time, so the same solution comes back, bit for bit
(tests/test_linear.py compares them).

Why not `linprog` itself: an audit solves a dozen objectives over one system, and `linprog`
checks and converts the system and validates HiGHS's options again for each of them, two thirds
of its time (2.4 CPU ms a call against 0.77 here, on small systems); a narrowed Regions page at
10M solves some 220. The system is built once here, and only the objective changes.
`scipy.optimize._highspy` is scipy's private door to HiGHS: requirements.txt pins scipy, and
the test above fails if an upgrade changes it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# linprog's own feasibility check (scipy.optimize._linprog_util._check_result) with its
# default tol of 1e-9: a solution HiGHS calls optimal but outside this is not taken
_TOLERANCE = np.sqrt(1e-9) * 10


@dataclass(frozen=True)
class Solution:
    """One objective's optimum: `ok` as linprog's `status == 0`, then its value and point."""

    ok: bool
    fun: float | None
    x: np.ndarray | None


class System:
    """`A_eq x = b_eq`, `A_ub x <= b_ub`, `low <= x <= high` (the audit's equalities, bounds
    and the largest count), ready to be solved for many objectives."""

    def __init__(
        self,
        a_eq: np.ndarray | None,
        b_eq: np.ndarray | None,
        a_ub: np.ndarray | None,
        b_ub: np.ndarray | None,
        size: int,
        low: float,
        high: float,
    ) -> None:
        # imported here, not with the module: scipy's optimizer takes ~0.35 s to import, which
        # every first page of a process paid although most views have nothing linear to audit
        from scipy.optimize._highspy import _core
        from scipy.optimize._highspy._core import simplex_constants
        from scipy.sparse import csc_array

        self._core = _core
        # as linprog's _clean_inputs and _linprog_highs shape them: inequalities first, as
        # float64 rows; an equality's lower side is its right side, an inequality's is -inf
        a_ub = np.zeros((0, size)) if a_ub is None else np.array(a_ub, dtype=float)
        a_eq = np.zeros((0, size)) if a_eq is None else np.array(a_eq, dtype=float)
        b_ub = np.array([]) if b_ub is None else np.array(b_ub, dtype=float).reshape(-1)
        b_eq = np.array([]) if b_eq is None else np.array(b_eq, dtype=float).reshape(-1)
        matrix = csc_array(np.vstack((a_ub, a_eq)))
        infinite = _core.kHighsInf
        self._upper_rows = len(b_ub)
        self._rhs = np.concatenate((b_ub, b_eq))
        self._low = np.full(size, float(low))
        self._high = np.full(size, float(high))
        lp = _core.HighsLp()
        lp.num_col_ = size
        lp.num_row_ = len(self._rhs)
        lp.a_matrix_.num_col_ = size
        lp.a_matrix_.num_row_ = len(self._rhs)
        lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
        # HiGHS's infinity where linprog has np.inf (its _replace_inf)
        lp.col_lower_ = np.full(size, math.copysign(infinite, low) if math.isinf(low) else low)
        lp.col_upper_ = np.full(size, math.copysign(infinite, high) if math.isinf(high) else high)
        lp.row_lower_ = np.concatenate((np.full(len(b_ub), -infinite), b_eq))
        lp.row_upper_ = self._rhs
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        self._lp = lp
        # the options linprog sets when given none (the rest it leaves at HiGHS's defaults)
        options = _core.HighsOptions()
        options.presolve = "on"
        options.highs_debug_level = _core.HighsDebugLevel.kHighsDebugLevelNone
        options.log_to_console = False
        options.output_flag = False
        options.simplex_strategy = simplex_constants.SimplexStrategy.kSimplexStrategyDual
        self._options = options

    def minimize(self, cost: np.ndarray) -> Solution:
        """The least `cost @ x` over the system, as `linprog(cost, ...)` finds it."""
        core = self._core
        self._lp.col_cost_ = np.asarray(cost, dtype=float)
        highs = core._Highs()  # a new solver each time: no basis carried from the last one
        if highs.passOptions(self._options) == core.HighsStatus.kError:
            return Solution(False, None, None)
        if highs.passModel(self._lp) == core.HighsStatus.kError:
            return Solution(False, None, None)
        if highs.run() == core.HighsStatus.kError:
            return Solution(False, None, None)
        if highs.getModelStatus() != core.HighsModelStatus.kOptimal:
            return Solution(False, None, None)
        solution = highs.getSolution()
        x = np.array(solution.col_value)
        fun = highs.getInfo().objective_function_value
        residual = self._rhs - np.array(solution.row_value)
        feasible = not (
            np.isnan(x).any()
            or np.isnan(fun)
            or np.isnan(residual).any()
            or not np.all((x >= self._low - _TOLERANCE) & (x <= self._high + _TOLERANCE))
            or (residual[: self._upper_rows] < -_TOLERANCE).any()
            or (np.abs(residual[self._upper_rows :]) > _TOLERANCE).any()
        )
        return Solution(feasible, fun if feasible else None, x if feasible else None)
