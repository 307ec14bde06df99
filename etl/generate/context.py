"""budgets.csv and active_editors.csv: regional budgets and monthly active editors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.generate.draws import _fiscal_year_label
from etl.generate.small_files import _write_csv
from etl.generate.world import (
    ACTIVE_EDITORS,
    ACTIVE_EDITORS_COLUMNS,
    BUDGET_YEARS,
    BUDGETS_COLUMNS,
    FUNDED_USD,
    MONTHLY_ACTIVITY,
    PUBLISHED_BUDGETS,
    REGIONS,
)


def _write_budgets(rng: np.random.Generator, out_dir: Path, scale: float) -> int:
    """Regional budgets a little above each year's funded total (published where known)."""
    rows = []
    for year in BUDGET_YEARS:
        for region, funded in zip(REGIONS, FUNDED_USD[year], strict=True):
            budget = PUBLISHED_BUDGETS.get((year, region), funded * rng.uniform(1.03, 1.10))
            rows.append((_fiscal_year_label(year), region, int(round(budget * scale, -4))))
    frame = pd.DataFrame(rows, columns=BUDGETS_COLUMNS)
    return _write_csv(frame, out_dir / "budgets.csv", BUDGETS_COLUMNS)


def _write_active_editors(rng: np.random.Generator, out_dir: Path) -> int:
    """Monthly active editors by region, July 2019 - June 2026: a slow trend, seasons, the
    2020 lockdown bump and a little noise."""
    months = np.arange(np.datetime64("2019-07"), np.datetime64("2026-07"))
    years = np.arange(len(months)) / 12
    lockdown = np.isin(months.astype(str), ["2020-04", "2020-05", "2020-06"])
    season = np.asarray(MONTHLY_ACTIVITY)[np.arange(len(months)) % 12]
    rows = []
    for region in REGIONS:
        base, growth = ACTIVE_EDITORS[region]
        editors = base * (1 + growth) ** years * season * np.where(lockdown, 1.08, 1.0)
        editors *= rng.normal(1.0, 0.015, len(months))
        rows += [(str(m), region, int(round(e))) for m, e in zip(months, editors, strict=True)]
    frame = pd.DataFrame(rows, columns=ACTIVE_EDITORS_COLUMNS).sort_values(
        ["month", "region"], kind="stable"
    )
    return _write_csv(frame, out_dir / "active_editors.csv", ACTIVE_EDITORS_COLUMNS)
