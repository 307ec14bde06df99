"""Calendar and array helpers shared by the generator modules: day numbers to ISO dates and
fiscal years, ranged draws, themes, runs within sorted keys.
"""

from __future__ import annotations

import numpy as np

from etl.generate.world import (
    _DATE_TABLE,
    _DATE_TABLE_START,
    THEME_COUNT_MIX,
    THEME_WEIGHTS,
    THEMES,
    _day,
)


def _iso(days: np.ndarray) -> np.ndarray:
    """ISO date strings for day numbers; days outside the table (missing) become blank."""
    days = np.asarray(days, dtype=np.int64)
    out = np.full(len(days), "", dtype=object)
    known = (days >= _DATE_TABLE_START) & (days < _DATE_TABLE_START + len(_DATE_TABLE))
    out[known] = _DATE_TABLE[days[known] - _DATE_TABLE_START]
    return out


def _calendar_year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _fiscal_year_label(year: int) -> str:
    return f"FY{year}-{(year + 1) % 100:02d}"


def _fiscal_year_days(year: int) -> tuple[int, int]:
    return _day(f"{year}-07-01"), _day(f"{year + 1}-06-30")


def _uniform_between(rng: np.random.Generator, first, last, size: int | None = None) -> np.ndarray:
    """An integer (a day, mostly) drawn uniformly from each inclusive range [first, last];
    scalar bounds need a `size`."""
    first = np.asarray(first, dtype=np.int64)
    span = np.maximum(np.asarray(last, dtype=np.int64) - first, 0) + 1
    shape = np.broadcast(first, span).shape if size is None else size
    return first + np.floor(rng.random(shape) * span).astype(np.int64)


def _draw_ranges(rng: np.random.Generator, ranges, index: np.ndarray) -> np.ndarray:
    """An integer from the inclusive (low, high) range that `index` selects, per item."""
    table = np.asarray(ranges, dtype=np.int64)
    return _uniform_between(rng, table[index, 0], table[index, 1])


def _choose_rows(rng: np.random.Generator, table, row: np.ndarray) -> np.ndarray:
    """For each item, an outcome drawn from the probability row of `table` it selects."""
    cumulative = np.cumsum(np.asarray(table, dtype=float), axis=1)[row]
    return (
        (rng.random(len(row))[:, None] >= cumulative).sum(axis=1).clip(max=cumulative.shape[1] - 1)
    )


def _draw_themes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Up to three distinct themes per item, as a bit mask over THEMES."""
    count = rng.choice(len(THEME_COUNT_MIX), n, p=THEME_COUNT_MIX) + 1
    # Gumbel-top-k: distinct themes drawn by weight, vectorised.
    keys = np.log(THEME_WEIGHTS) + rng.gumbel(size=(n, len(THEMES)))
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return ((rank < count[:, None]) << np.arange(len(THEMES))).sum(axis=1)


_THEME_STRINGS = np.array(
    [
        ";".join(t for i, t in enumerate(THEMES) if mask >> i & 1)
        for mask in range(1 << len(THEMES))
    ],
    dtype=object,
)


def _first_theme(mask: np.ndarray) -> np.ndarray:
    """Index of the first theme in each mask (THEMES lists the common ones first)."""
    bits = (mask[:, None] >> np.arange(len(THEMES))) & 1
    return bits.argmax(axis=1)


def _first_of_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted indices of the first occurrence of each (a, b) pair."""
    _, first = np.unique(a.astype(np.int64) * (int(b.max(initial=0)) + 1) + b, return_index=True)
    return np.sort(first)


def _first_per_group(items: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """The first item of each group (-1 for groups without one)."""
    first = np.full(groups, -1)
    present, position = np.unique(group, return_index=True)
    first[present] = items[position]
    return first


def _run_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """True where a run of equal keys begins."""
    starts = np.ones(len(sorted_keys), dtype=bool)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return starts


def _rank_within(sorted_keys: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal keys."""
    starts = np.flatnonzero(_run_starts(sorted_keys))
    lengths = np.diff(np.r_[starts, len(sorted_keys)])
    return np.arange(len(sorted_keys)) - np.repeat(starts, lengths)
