"""Small-cell suppression settings for the query layer (SPEC §6) and the parameters each query
is bound with.

Counts of people from 1 to k - 1 are hidden. k comes from $GROWTH_K (default 5); a value below
2 or not an integer falls back to 5, so no caller can switch suppression off. The suppression
itself is queries/suppression.py, for a whole view at once."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

DEFAULT_K = 5

# The global filters: each a list of codes; an empty list means "all".
FILTERS = ("fiscal_years", "regions", "funds", "themes")

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


def k(setting: str | None = None) -> int:
    """The suppression threshold: `setting` (default $GROWTH_K) if it is an integer of at
    least 2, else 5."""
    raw = os.environ.get("GROWTH_K") if setting is None else setting
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return DEFAULT_K
    return value if value >= 2 else DEFAULT_K


def bind(
    query_text: str, params: Mapping[str, object] | None = None, k_value: int | None = None
) -> dict[str, object]:
    """Exactly the parameters `query_text` names: the filters as lists of text (missing or None
    means all), `k` from `k_value`, else params['k'], else $GROWTH_K, and any other parameter
    as given. DuckDB refuses both missing and unused parameters, hence the trimming."""
    given = dict(params or {})
    bound: dict[str, object] = {}
    for name in dict.fromkeys(_PARAMETER.findall(_COMMENT.sub("", query_text))):
        if name == "k":
            chosen = k_value if k_value is not None else given.get("k")
            bound[name] = k(None if chosen is None else str(chosen))
        elif name in FILTERS:
            bound[name] = codes(given.get(name))
        else:
            bound[name] = given.get(name)
    return bound


def codes(value: object) -> list[str]:
    """A filter value as a list of codes: None → [], 'SSA' → ['SSA'], ('SSA', 'SA') → list."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return [str(value)]


def rule(k_value: int) -> str:
    """The suppression rule in words, for every place that states it: the Learnings page, the
    report, its wikitext and the open-data bundle."""
    return (
        f"Counts of people from 1 to {k_value - 1} are hidden (k = {k_value}). So is any other "
        "count that, with the totals, shares and sibling cells shown together (every chart, "
        "table and download of one page for one filter state, or every file of one publish "
        "run), would let a hidden count be worked out: these complementary cells are chosen to "
        "cost readers least — residual categories such as 'not given' first, then the smallest "
        "counts — and may be large. A hidden count reads 'hidden' in the app and is published "
        "as a blank cell with its `_suppressed` flag set. A share or median stays visible when "
        "it gives no hidden count away. Countries on the protection list show no people counts. "
        "Grants are public record: counts of grants and grantees are never hidden, and a grant "
        "to an individual or a group shows 'Individual grantee', never a username."
    )
