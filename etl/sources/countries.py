"""Country names as tools write them ('Côte d'Ivoire', 'the Gambia', 'DR Congo', 'Cameroon
(jury)') mapped to ISO 3166-1 alpha-2 codes of the project's country reference.

A name maps when it is a code, a reference name or one of the spellings below (case, accents,
a leading 'the' and trailing dots do not matter). Otherwise, a name that starts or ends with a
country's name at a word boundary is a part of that country ('Italy - Lombardy', 'Spain by
…', 'Rajbiraj, Nepal'). Anything else ('Global', 'Nigerian Communities', 'Dakar Region') does
not map, and the formats report it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from etl import reference

# Spellings seen in Wikimedia tools that are not the reference's name for the country.
ALIASES: dict[str, str] = {
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "dr congo": "CD",
    "drc": "CD",
    "congo-kinshasa": "CD",
    "democratic republic of congo": "CD",
    "congo-brazzaville": "CG",
    "republic of congo": "CG",
    "cabo verde": "CV",
    "swaziland": "SZ",
    "macedonia": "MK",
    "czechia": "CZ",
    "turkiye": "TR",
    "burma": "MM",
    "east timor": "TL",
    "timor leste": "TL",
    "united states of america": "US",
    "usa": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "korea": "KR",
    "republic of korea": "KR",
    "russian federation": "RU",
    "viet nam": "VN",
    "lao pdr": "LA",
    "syrian arab republic": "SY",
    "state of palestine": "PS",
    "holy see": "VA",
    # A region of Nigeria whose name starts with another country's.
    "niger delta": "NG",
}


def key(name: str) -> str:
    """How names are compared: case, accents, a leading 'the', outer dots and spaces ignored."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"\s+", " ", plain.replace("’", "'").strip().lower()).strip(" .")
    return plain.removeprefix("the ")


@dataclass(frozen=True)
class Match:
    code: str | None
    exact: bool  # False when the name is a part of the country ('Cameroon (jury)')


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in reference.countries():
        names[key(row["name"])] = row["country_code"]
    names.update({key(alias): code for alias, code in ALIASES.items()})
    return names


@cache
def _codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for row in reference.countries():
        codes[row["country_code"]] = row["country_code"]
        codes[row["alpha3"]] = row["country_code"]
    return codes


@cache
def _edge_patterns() -> list[tuple[re.Pattern[str], str]]:
    """A country's name at the start or end of a longer name; longest names first, so that
    'Guinea-Bissau' is not read as 'Guinea'."""
    names = sorted(_names().items(), key=lambda item: -len(item[0]))
    return [
        (re.compile(rf"^{re.escape(name)}(?![a-z0-9])|(?<![a-z0-9]){re.escape(name)}$"), code)
        for name, code in names
        if len(name) > 3
    ]


@cache
def match(name: str) -> Match:
    """The country a name written by a tool refers to, if any."""
    stripped = name.strip()
    if stripped.upper() in _codes() and stripped == stripped.upper():
        return Match(_codes()[stripped.upper()], True)
    k = key(stripped)
    if k in _names():
        return Match(_names()[k], True)
    for pattern, code in _edge_patterns():
        if pattern.search(k):
            return Match(code, False)
    return Match(None, False)


def code_of(name: str) -> str | None:
    """The ISO code of an exact country name, code or alias (no partial names)."""
    found = match(name)
    return found.code if found.exact else None


def country_name(code: str) -> str:
    return next(r["name"] for r in reference.countries() if r["country_code"] == code)
