"""Reference data of the Community Growth world: regions, countries, themes, funds, fiscal years
and the labels that loaders accept for each code."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

REGIONS: dict[str, str] = {
    "CEECA": "Central & Eastern Europe & Central Asia",
    "ESEAP": "East, Southeast Asia & Pacific",
    "LAC": "Latin America & Caribbean",
    "MENA": "Middle East & North Africa",
    "SSA": "Sub-Saharan Africa",
    "SA": "South Asia",
    "NA": "North America",
    "NWE": "Northern & Western Europe",
}
NA_NWE = ("NA", "NWE")

THEMES: dict[str, str] = {
    "culture_heritage": "Culture & Heritage",
    "education": "Education",
    "gender_gap": "Gender Gap",
    "environment": "Environment",
    "health": "Health",
    "language_diversity": "Language Diversity",
    "open_technology": "Open Technology",
    "public_policy": "Public Policy",
    "other": "Other",
}

# fund code: (name, minimum USD, maximum USD per grant)
FUNDS: dict[str, tuple[str, float | None, float | None]] = {
    "rapid": ("Rapid Fund", 500, 5000),
    "general_support": ("General Support Fund", 10000, None),
    "conference_event": ("Conference & Event Fund", None, None),
    "alliances": ("Alliances Fund", None, None),
    "research": ("Research Fund", None, None),
    "other": ("Other", None, None),
}

GRANT_STATUSES = ("submitted", "under_review", "funded", "not_funded", "withdrawn")
APPLICANT_TYPES = ("individual", "group", "affiliate", "organization")
PROGRAM_TYPES = (
    "edit_a_thon",
    "workshop",
    "training",
    "photo_contest",
    "campaign",
    "mentorship",
    "conference",
    "meetup",
    "other",
)
PARTICIPATION_ROLES = (
    "participant",
    "organizer",
    "facilitator",
    "trainer",
    "mentor",
    "mentee",
    "volunteer",
    "speaker",
)
LEADERSHIP_ROLES = ("grant_lead", "committee_member", "affiliate_board", "mentor", "trainer")
ORGANIZATION_TYPES = ("chapter", "thematic_org", "user_group", "allied_org", "informal_group")
GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say")

# Labels people write, normalised by `label_key`, mapped to codes. Codes map to themselves.
EXTRA_LABELS: dict[str, dict[str, str]] = {
    "theme": {
        "culture_and_heritage": "culture_heritage",
        "culture": "culture_heritage",
        "heritage": "culture_heritage",
        "glam": "culture_heritage",
        "gender": "gender_gap",
        "gender_equity": "gender_gap",
        "gender_diversity": "gender_gap",
        "environment_and_climate": "environment",
        "climate": "environment",
        "language": "language_diversity",
        "languages": "language_diversity",
        "technology": "open_technology",
        "open_tech": "open_technology",
        "policy": "public_policy",
    },
    "fund": {
        "rapid_fund": "rapid",
        "rapid_grant": "rapid",
        "wikimedia_community_fund_rapid_fund": "rapid",
        "general_support_fund": "general_support",
        "gsf": "general_support",
        "wikimedia_community_fund": "general_support",
        "conference_and_event_fund": "conference_event",
        "conference_event_fund": "conference_event",
        "conference": "conference_event",
        "alliances_fund": "alliances",
        "research_fund": "research",
    },
    "grant_status": {
        "approved": "funded",
        "awarded": "funded",
        "declined": "not_funded",
        "rejected": "not_funded",
        "pending": "submitted",
        "in_review": "under_review",
    },
    "program_type": {
        "editathon": "edit_a_thon",
        "edit_athon": "edit_a_thon",
        "photo_competition": "photo_contest",
        "contest": "photo_contest",
        "meet_up": "meetup",
    },
    "participation_role": {
        "student": "participant",
        "editor": "participant",
        "instructor": "facilitator",
    },
    "gender": {"female": "woman", "male": "man", "nonbinary": "non_binary", "f": "woman"},
}


def label_key(text: str) -> str:
    """The form labels are compared in: lower case, runs of other characters as one `_`."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def _code_labels(domain: str, codes: tuple[str, ...] | dict[str, object]) -> dict[str, str]:
    labels = {label_key(code): code for code in codes}
    labels.update(EXTRA_LABELS.get(domain, {}))
    return labels


def labels() -> list[tuple[str, str, str]]:
    """Every accepted label as (domain, label_key, code)."""
    domains: dict[str, dict[str, str]] = {
        "theme": _code_labels("theme", THEMES),
        "fund": _code_labels("fund", FUNDS),
        "grant_status": _code_labels("grant_status", GRANT_STATUSES),
        "applicant_type": _code_labels("applicant_type", APPLICANT_TYPES),
        "program_type": _code_labels("program_type", PROGRAM_TYPES),
        "participation_role": _code_labels("participation_role", PARTICIPATION_ROLES),
        "leadership_role": _code_labels("leadership_role", LEADERSHIP_ROLES),
        "organization_type": _code_labels("organization_type", ORGANIZATION_TYPES),
        "gender": _code_labels("gender", GENDERS),
        "region": _code_labels("region", REGIONS),
        "grant_region": _code_labels("grant_region", {**REGIONS, "MEA": ""}),
    }
    for code, name in THEMES.items():
        domains["theme"][label_key(name)] = code
    for code, (name, _, _) in FUNDS.items():
        domains["fund"][label_key(name)] = code
    for code, name in REGIONS.items():
        domains["region"][label_key(name)] = code
        domains["grant_region"][label_key(name)] = code
    domains["grant_region"][label_key("Middle East & Africa")] = "MEA"
    # The Movement Insights files spell this region with an extra comma.
    domains["region"][label_key("East, Southeast Asia, & Pacific")] = "ESEAP"
    domains["grant_region"][label_key("East, Southeast Asia, & Pacific")] = "ESEAP"
    return [
        (domain, key, code) for domain, mapping in domains.items() for key, code in mapping.items()
    ]


COUNTRY_COLUMNS = (
    "country_code",
    "alpha3",
    "name",
    "region",
    "grant_region_pre2023",
    "global_south",
    "is_protected",
)


def countries() -> list[dict[str, str]]:
    """The project's country reference (ISO 3166-1 alpha-2 code first; Namibia is 'NA')."""
    with open(REFERENCE_DIR / "countries.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fiscal_year_of(day: date) -> str:
    """Fiscal years run 1 July – 30 June and are labelled by both calendar years: FY2023-24."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"FY{start}-{(start + 1) % 100:02d}"


def fiscal_years(first: int = 2000, last: int = 2040) -> list[tuple[str, date, date]]:
    """(label, first day, last day) for the fiscal years starting in `first` … `last`."""
    return [
        (f"FY{y}-{(y + 1) % 100:02d}", date(y, 7, 1), date(y + 1, 6, 30))
        for y in range(first, last + 1)
    ]
