"""The reference countries the world is drawn over, and how strongly grants and programs
favour each one within its region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.generate.world import (
    COUNTRIES_CSV,
    COUNTRY_PREFERENCE,
    COUNTRY_PREFERENCE_DECAY,
    PROTECTED_PREFERENCE,
    REGIONS,
)


@dataclass(frozen=True)
class _Countries:
    """The reference countries with a region, and how strongly grants and programs favour
    each one within its region."""

    code: np.ndarray
    name: np.ndarray
    region: np.ndarray  # index into REGIONS
    preference: np.ndarray  # 0 for countries that never get grants or programs

    @classmethod
    def load(cls) -> _Countries:
        # Namibia's code is "NA": never let pandas read it as missing.
        table = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
        table = table[table["region"] != ""].reset_index(drop=True)  # Antarctica
        code = table["country_code"].to_numpy(dtype=object)
        region = np.array([REGIONS.index(r) for r in table["region"]])
        preference = np.zeros(len(table))
        position = {c: i for i, c in enumerate(code)}
        for ranked in COUNTRY_PREFERENCE.values():
            for rank, country in enumerate(ranked.split()):
                preference[position[country]] = (rank + 1.0) ** -COUNTRY_PREFERENCE_DECAY
        # Communities in protected countries are there, but smaller and less visible.
        preference[table["is_protected"].to_numpy() == "true"] *= PROTECTED_PREFERENCE
        return cls(code, table["name"].to_numpy(dtype=object), region, preference)

    def draw(self, rng: np.random.Generator, region: np.ndarray, flatten: float = 1.0):
        """A country for each region index, drawn by preference (raised to `flatten`)."""
        country = np.empty(len(region), dtype=np.int64)
        for r in range(len(REGIONS)):
            wanted = np.flatnonzero(region == r)
            options = np.flatnonzero((self.region == r) & (self.preference > 0))
            weights = self.preference[options] ** flatten
            country[wanted] = rng.choice(options, len(wanted), p=weights / weights.sum())
        return country
