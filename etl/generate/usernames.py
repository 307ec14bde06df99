"""Deterministic synthetic usernames for person ids."""

from __future__ import annotations

import numpy as np

from etl.generate.world import FIRST_NAMES, HANDLE_SYLLABLES, LAST_NAMES, SYLLABLES


class _Usernames:
    """Wiki-style usernames for person ids. Ids are scrambled by an affine permutation and
    spelled as "First Last" names or syllable handles plus an optional number; the spelling
    parses back to the id, so no two usernames normalise to the same one (normalise: trim,
    underscores as spaces, first letter upper-cased)."""

    def __init__(self, rng: np.random.Generator, expected_people: int) -> None:
        self.modulus = 1 << max(10, (2 * expected_people).bit_length())
        self.multiplier = int(rng.integers(self.modulus // 4, self.modulus)) | 1
        self.offset = int(rng.integers(self.modulus))

    def __call__(self, person: np.ndarray) -> np.ndarray:
        person = np.asarray(person, dtype=np.int64)
        # Ids past the permuted range keep their value, which the permutation never yields.
        code = np.where(
            person < self.modulus, (person * self.multiplier + self.offset) % self.modulus, person
        )
        return np.array([_spell(int(c)) for c in code], dtype=object)


def _spell(code: int) -> str:
    """The username of a scrambled id: even codes are names, odd codes handles."""
    code, is_handle = divmod(code, 2)
    if is_handle:
        syllables = []
        for _ in range(HANDLE_SYLLABLES):
            code, syllable = divmod(code, len(SYLLABLES))
            syllables.append(SYLLABLES[syllable])
        handle = "".join(syllables)
        suffix = str(code) if code else ""
        return (handle if syllable % 3 == 0 else handle.capitalize()) + suffix
    code, first = divmod(code, len(FIRST_NAMES))
    number, last = divmod(code, len(LAST_NAMES))
    given, family = FIRST_NAMES[first], LAST_NAMES[last]
    suffix = str(number) if number else ""
    style = (first + 3 * last + 7 * number) % 6
    if style == 2:
        return f"{given}_{family}{suffix}"
    if style == 3:
        return f"{given}{family}{suffix}"
    if style == 4:
        return f"{given} {family}{suffix}".lower()
    return f"{given} {family}{suffix}"
