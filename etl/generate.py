"""Deterministic generator of the canonical input files: a synthetic Community Growth world.

`write_sample` writes organizations, grants, programs, participation, roles, budgets and
active editors as CSV (SPEC §2, §3). Funding is calibrated to the published Community Fund
figures; participation is streamed in chunks, so memory stays flat at any scale.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from etl import reference

COUNTRIES_CSV = reference.REFERENCE_DIR / "countries.csv"

REGIONS = tuple(reference.REGIONS)
FISCAL_YEARS = tuple(range(2019, 2026))  # first calendar year of FY2019-20 .. FY2025-26
BUDGET_YEARS = tuple(range(2021, 2026))  # the Community Fund's regional budgets start in 2021

# Funded USD per fiscal year and region (REGIONS order). FY2022-23 is the published actual;
# FY2023-24 and FY2024-25 add up to the published totals and shares outside NA+NWE; the
# rest are plausible interpolations (FY2020-21: 40% outside NA+NWE, as reported).
FUNDED_USD = {
    2019: (850_000, 750_000, 750_000, 170_000, 650_000, 230_000, 2_000_000, 3_600_000),
    2020: (950_000, 850_000, 900_000, 200_000, 850_000, 250_000, 2_100_000, 3_900_000),
    2021: (1_100_000, 1_200_000, 1_210_919, 180_000, 1_650_000, 300_000, 2_150_000, 3_462_721),
    2022: (1_161_255, 1_356_033, 2_181_172, 187_331, 1_913_452, 321_927, 2_209_738, 3_805_159),
    2023: (1_200_000, 1_470_000, 2_440_000, 500_000, 2_750_000, 860_000, 2_859_307, 4_100_000),
    2024: (1_380_000, 1_700_000, 2_650_000, 660_000, 3_200_000, 1_170_000, 3_122_260, 4_350_000),
    2025: (1_350_000, 1_650_000, 2_550_000, 650_000, 3_150_000, 1_150_000, 2_800_000, 4_200_000),
}
FUNDED_GRANTS = {2019: 290, 2020: 310, 2021: 340, 2022: 360, 2023: 387, 2024: 417, 2025: 380}
BASE_GRANTS = 2_950  # all applications at the published volume, about 420 a year
# Published FY2023-24 projected budgets; other budgets sit a little above the actuals.
PUBLISHED_BUDGETS = {(2023, "CEECA"): 1_260_000, (2023, "ESEAP"): 1_540_000}
NOT_FUNDED_SHARE = 0.12
WITHDRAWN_SHARE = 0.03
PENDING_GRANTS = 40  # still submitted or under review at the end of FY2025-26
REGION_GRANT_SHARE = (0.14, 0.14, 0.15, 0.05, 0.19, 0.07, 0.10, 0.16)
FIRST_TIME_CHANCE = 0.34  # chance that an individual or group grant goes to a newcomer
NEW_ORGANIZATION_CHANCE = 0.15
LEAD_ROTATION_CHANCE = 0.25

# Countries in the order grants and programs favour them; a region's other countries
# (uninhabited territories, mostly) get none.
COUNTRY_PREFERENCE = {
    "CEECA": "UA PL RS AM GE CZ HU RO BG GR MK AL BA EE LV LT SK SI HR XK MD KG UZ KZ AZ TR RU "
    "BY CY ME TJ",
    "ESEAP": "ID PH TW KR JP AU MY TH VN HK NZ MN KH CN MM TL FJ WS SG LA",
    "LAC": "BR MX AR CO CL PE VE UY BO EC GT CU PY CR DO SV HN NI PA HT JM TT",
    "MENA": "TN EG MA DZ JO LB IQ PS SA AE IR SY YE OM LY",
    "SSA": "NG GH KE UG TZ ZA CM CI BJ SN CD ET ZM ZW RW TG BF ML MW NA MG SL LR GN NE SS SO BW MZ",
    "SA": "IN BD NP PK LK AF BT MV",
    "NA": "US CA",
    "NWE": "DE GB FR ES IT NL SE CH AT BE NO DK FI IE PT IL IS LU MT AD",
}
COUNTRY_PREFERENCE_DECAY = 1.15
PROTECTED_PREFERENCE = 0.3

FUNDS = ("rapid", "general_support", "conference_event", "alliances", "research")
RAPID, GENERAL_SUPPORT, CONFERENCE = 0, 1, 2
FUND_MIX_FUNDED = (0.57, 0.34, 0.06, 0.015, 0.015)
FUND_MIX_UNFUNDED = (0.45, 0.40, 0.10, 0.025, 0.025)
# median, log-sd, floor, ceiling, rounding of the USD requested, per fund
FUND_AMOUNTS = (
    (2_500, 0.45, 500, 5_000, 50),
    (50_000, 0.8, 10_000, 350_000, 100),
    (20_000, 0.7, 5_000, 100_000, 100),
    (40_000, 0.6, 15_000, 150_000, 100),
    (25_000, 0.5, 5_000, 50_000, 100),
)
FUND_FLOORS = np.asarray(FUND_AMOUNTS, dtype=float)[:, 2]
GENERAL_SUPPORT_CEILING = 500_000
RAPID_CAP_PER_YEAR = 10_000  # per grantee and fiscal year
DECISION_LAG_DAYS = ((20, 45), (60, 120), (30, 90), (45, 120), (45, 120))
GRANT_DAYS = ((30, 180), (300, 365), (60, 180), (300, 365), (180, 540))
MULTI_YEAR_DAYS = (730, 1095)
MULTI_YEAR_SHARE = 0.3

STATUSES = ("funded", "not_funded", "withdrawn", "submitted", "under_review")
FUNDED, NOT_FUNDED, WITHDRAWN, SUBMITTED, UNDER_REVIEW = range(5)
APPLICANTS = ("individual", "group", "affiliate", "organization")
GROUP, AFFILIATE, ORGANIZATION = (APPLICANTS.index(a) for a in APPLICANTS[1:])
APPLICANT_MIX = (
    (0.40, 0.30, 0.25, 0.05),
    (0.05, 0.10, 0.60, 0.25),
    (0.10, 0.25, 0.50, 0.15),
    (0.00, 0.00, 0.30, 0.70),
    (0.50, 0.10, 0.10, 0.30),
)

# Currency, countries using it, USD per unit in each fiscal year of FISCAL_YEARS.
CURRENCIES = (
    (
        "EUR",
        "DE FR ES IT NL AT BE FI IE PT LU MT GR EE LV LT SK SI CY ME XK AD",
        (1.11, 1.19, 1.15, 1.03, 1.08, 1.08, 1.12),
    ),
    ("GBP", "GB", (1.26, 1.33, 1.36, 1.20, 1.25, 1.28, 1.32)),
    ("INR", "IN", (0.0141, 0.0135, 0.0134, 0.0123, 0.0121, 0.0118, 0.0114)),
    ("BRL", "BR", (0.24, 0.185, 0.19, 0.19, 0.20, 0.18, 0.18)),
    ("NGN", "NG", (0.0027, 0.0025, 0.0024, 0.0021, 0.0010, 0.00066, 0.00065)),
    ("IDR", "ID", (7.0e-5, 6.9e-5, 7.0e-5, 6.6e-5, 6.5e-5, 6.2e-5, 6.0e-5)),
    ("KES", "KE", (0.0097, 0.0092, 0.0088, 0.0080, 0.0068, 0.0077, 0.0077)),
    ("MXN", "MX", (0.051, 0.048, 0.049, 0.052, 0.058, 0.052, 0.053)),
    ("UAH", "UA", (0.039, 0.036, 0.036, 0.027, 0.027, 0.024, 0.024)),
)
LOCAL_CURRENCY_SHARE = 0.35

REGIONAL_CONFERENCES = {
    "CEECA": "CEE Meeting",
    "ESEAP": "ESEAP Conference",
    "LAC": "WikiCon Latinoamérica",
    "MENA": "WikiArabia",
    "SSA": "WikiIndaba",
    "SA": "South Asia Wikimedia Summit",
    "NA": "WikiConference North America",
    "NWE": "WikiCon Northern Europe",
}
RAPID_ACTIVITIES = (
    "edit-a-thon",
    "workshops",
    "photo walks",
    "training",
    "writing contest",
    "meetups",
)

THEMES = tuple(reference.THEMES)
THEME_WEIGHTS = (0.30, 0.24, 0.16, 0.07, 0.05, 0.08, 0.04, 0.03, 0.03)
THEME_COUNT_MIX = (0.5, 0.35, 0.15)  # one, two or three themes
THEME_PHRASES = (
    "Cultural heritage",
    "Education",
    "Gender gap",
    "Environment",
    "Health information",
    "Language diversity",
    "Open technology",
    "Open knowledge policy",
    "Community building",
)

PROGRAM_TYPES = reference.PROGRAM_TYPES
EDIT_A_THON, WORKSHOP, TRAINING, PHOTO_CONTEST, CAMPAIGN, MENTORSHIP, CONFERENCE_EVENT = range(7)
# Per program type, in PROGRAM_TYPES order: share, duration in days, relative size.
PROGRAM_TYPE_MIX = (0.25, 0.15, 0.10, 0.08, 0.12, 0.06, 0.04, 0.12, 0.08)
PROGRAM_DAYS = ((1, 3), (1, 14), (1, 14), (28, 31), (30, 61), (60, 180), (1, 4), (1, 1), (1, 30))
# Photo contests and campaigns draw the most people.
PROGRAM_SIZE = (1.0, 0.6, 0.5, 6.0, 4.0, 0.4, 3.0, 0.5, 0.8)
LINKED_PROGRAM_SHARE = 0.8
PROGRAM_YEAR_GROWTH = (0.10, 0.11, 0.13, 0.15, 0.16, 0.17, 0.18)

ROLES = (
    "participant",
    "organizer",
    "facilitator",
    "trainer",
    "mentor",
    "mentee",
    "volunteer",
    "speaker",
)
PARTICIPANT, ORGANIZER, FACILITATOR, TRAINER, MENTOR, MENTEE, VOLUNTEER, SPEAKER = range(8)
ORGANIZER_ROLES = (ORGANIZER, FACILITATOR, VOLUNTEER)
TRAINER_ROLES = (TRAINER, MENTOR)

PROGRAM_TITLES = {
    EDIT_A_THON: "{theme} edit-a-thon, {country} {year}",
    WORKSHOP: "Wikipedia workshop: {theme}, {country}",
    TRAINING: "{country} editor training {year}",
    CAMPAIGN: "{theme} writing campaign {country} {year}",
    MENTORSHIP: "{country} mentorship cohort {year}",
    CONFERENCE_EVENT: "WikiCon {country} {year}",
    PROGRAM_TYPES.index("meetup"): "{country} Wikimedians meetup {year}",
    PROGRAM_TYPES.index("other"): "{theme} project, {country} {year}",
}

# Staff a program of each type gets, per role: base + Binomial(n, p) people.
STAFF_PLAN = (
    (
        ORGANIZER,
        {t: (1, 2, 0.35) for t in range(len(PROGRAM_TYPES))} | {CONFERENCE_EVENT: (2, 3, 0.4)},
    ),
    (TRAINER, {TRAINING: (1, 1, 0.3), WORKSHOP: (0, 1, 0.6)}),
    (MENTOR, {MENTORSHIP: (1, 2, 0.5)}),
    (SPEAKER, {CONFERENCE_EVENT: (2, 4, 0.5)}),
    (
        VOLUNTEER,
        {
            CONFERENCE_EVENT: (1, 3, 0.5),
            PHOTO_CONTEST: (0, 2, 0.4),
            CAMPAIGN: (0, 1, 0.3),
            EDIT_A_THON: (0, 1, 0.25),
        },
    ),
)

# Per program type: median edits, share without edits, share of edits that create an
# article, median uploads, share who upload.
CONTRIBUTIONS = (
    (12, 0.25, 0.08, 2, 0.05),  # edit_a_thon
    (5, 0.35, 0.05, 2, 0.08),  # workshop
    (4, 0.40, 0.04, 2, 0.05),  # training
    (2, 0.60, 0.01, 6, 0.85),  # photo_contest
    (15, 0.30, 0.06, 3, 0.10),  # campaign
    (25, 0.15, 0.05, 2, 0.10),  # mentorship
    (1, 0.70, 0.02, 2, 0.10),  # conference
    (2, 0.60, 0.03, 2, 0.10),  # meetup
    (5, 0.40, 0.04, 3, 0.10),  # other
)
MAX_EDITS = 20_000

GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say", "")
GENDER_MIX = (0.40, 0.50, 0.04, 0.06)
LEADER_GENDER_MIX = (0.33, 0.58, 0.03, 0.06)  # women reach leadership less often
GENDER_REPORTED_SHARE = 0.4

RETURNING_SHARE = 0.3  # people with a second program
RETURNING_SIGMA = 1.1  # log-sd of a returning person's number of programs: a long tail
MAX_PROGRAMS_PER_PERSON = 120  # about 17 a year: the most active volunteers
HOME_COUNTRY_SHARE = 0.8  # of a returning person's programs, when the country has enough
NEW_ACCOUNT_SHARE = 0.35
LEADER_NEW_ACCOUNT_SHARE = 0.15
STAFF_ROWS_PER_LEADER = 12
VETERAN_SHARE = 0.3  # leaders already organizing before July 2019
APPRENTICE_START_SHARE = 0.65  # other leaders first take part in this early part of the data
TRAINER_TRACK_SHARE = 0.35
LEADER_DROPOUT_SHARE = 0.35

PEOPLE_PER_PARTICIPATION = 0.1
PROGRAMS_PER_PARTICIPATION = 0.01
CHUNK_ROWS = 100_000

ACTIVE_EDITORS = {  # region: (editors in mid-2019, yearly growth)
    "CEECA": (12_000, -0.01),
    "ESEAP": (9_000, 0.01),
    "LAC": (7_000, 0.0),
    "MENA": (3_000, 0.01),
    "SSA": (1_500, 0.05),
    "SA": (4_000, 0.03),
    "NA": (12_000, -0.01),
    "NWE": (32_000, -0.01),
}
# July .. June: northern summer and December holidays are quieter.
MONTHLY_ACTIVITY = (0.96, 0.95, 1.01, 1.04, 1.03, 0.95, 1.02, 1.02, 1.04, 1.01, 1.0, 0.97)

# fmt: off
FIRST_NAMES = (
    "Amina", "Chidi", "Ngozi", "Kwame", "Abena", "Kofi", "Wanjiru", "Otieno", "Thandiwe",
    "Sipho", "Fatou", "Moussa", "Aisha", "Youssef", "Leila", "Omar", "Yasmin", "Karim", "Nour",
    "Tariq", "Priya", "Arjun", "Ananya", "Rahul", "Sanjay", "Meera", "Farhan", "Nusrat",
    "Sabina", "Bishnu", "Mei", "Wei", "Hiroshi", "Yuki", "Minji", "Jisoo", "Siti", "Budi",
    "Dewi", "Rizal", "Maria", "José", "Lucía", "Mateo", "Camila", "Diego", "Valentina", "João",
    "Ana", "Carlos", "Sofía", "Pedro", "Gabriela", "Olga", "Ivan", "Anastasia", "Dmytro",
    "Oksana", "Piotr", "Agnieszka", "Marek", "Zuzana", "Tamar", "Giorgi", "Armen", "Lusine",
    "Emma", "Lukas", "Sophie", "Jonas", "Clara", "Elias", "Anna", "Lars", "Ingrid", "Sven",
    "Freya", "Liam", "Chloe", "Oliver", "Isla", "Hugo", "Camille", "Léa", "Matteo", "Giulia",
    "Marco", "Elena", "Pablo", "Marta", "Noah", "Olivia", "James", "Sarah", "Michael", "Emily",
    "David", "Jessica", "Daniel", "Hannah", "Kai", "Leilani", "Aroha", "Tane", "Inês", "Rafael",
    "Beatriz", "Tomás", "Nadia", "Salma", "Hamza", "Zainab", "Ibrahim", "Halima", "Musa", "Efua",
    "Yaw", "Ama", "Zoë",
)
LAST_NAMES = (
    "Okafor", "Mensah", "Kamau", "Ndlovu", "Diallo", "Traoré", "Haddad", "Mansour", "Benali",
    "Sharma", "Patel", "Gupta", "Rahman", "Hossain", "Khan", "Perera", "Shrestha", "Wang", "Chen",
    "Tanaka", "Sato", "Kim", "Park", "Nguyen", "Santoso", "Wijaya", "Reyes", "Santos", "García",
    "Rodríguez", "Silva", "Oliveira", "Fernández", "López", "González", "Martínez", "Morales",
    "Rojas", "Kowalski", "Nowak", "Novak", "Horvat", "Petrov", "Ivanova", "Shevchenko",
    "Kovalenko", "Beridze", "Sargsyan", "Yılmaz", "Papadopoulos", "Müller", "Schmidt",
    "Schneider", "Fischer", "Weber", "Dubois", "Martin", "Bernard", "Rossi", "Russo", "Bianchi",
    "Jansen", "DeVries", "Andersson", "Johansson", "Nilsen", "Hansen", "Virtanen", "Murphy",
    "Kelly", "Smith", "Jones", "Williams", "Brown", "Taylor", "Wilson", "Johnson", "Miller",
    "Davis", "Clark", "Lewis", "Walker", "Young", "Wright", "Tremblay", "Gagnon", "Roy", "Cohen",
    "Levi", "Mizrahi", "Mwangi", "Banda", "Phiri", "Mutua", "Achieng", "Adeyemi", "Eze", "Bello",
    "Abubakar", "Boateng", "Asante", "Owusu", "Nakamura", "Suzuki", "Yamamoto", "Tran", "Pham",
    "Lim", "Tan", "Ong", "Cruz", "Bautista", "Torres", "Flores", "Vargas", "Castro", "Ortiz",
    "Ramos", "Mendoza", "Suárez", "Álvarez", "Aguilar", "Jiménez", "Herrera", "Medina",
)
# fmt: on
# Two-letter syllables: a handle made of them splits back into syllables in one way only.
SYLLABLES = tuple(c + v for c in "bdfghklmnprstvz" for v in "aeiou")
HANDLE_SYLLABLES = 3

CHAPTER_NAMES = {
    "DE": "Wikimedia Deutschland",
    "FR": "Wikimédia France",
    "GB": "Wikimedia UK",
    "IT": "Wikimedia Italia",
    "ES": "Wikimedia España",
    "NL": "Wikimedia Nederland",
    "SE": "Wikimedia Sverige",
    "CH": "Wikimedia CH",
    "AT": "Wikimedia Österreich",
    "US": "Wikimedia District of Columbia",
    "AR": "Wikimedia Argentina",
    "MX": "Wikimedia México",
}
CHAPTER_COUNTRIES = (
    "DE FR GB IT ES NL SE CH AT NO DK FI PT IL UA PL RS AM CZ HU EE AR MX CL CO VE ID TW HK "
    "AU BD ZA CA US"
)
ORGANIZATION_TYPES = reference.ORGANIZATION_TYPES
CHAPTER, THEMATIC_ORG, USER_GROUP, ALLIED_ORG, INFORMAL_GROUP = range(5)
NON_CHAPTER_MIX = (0.04, 0.75, 0.13, 0.08)  # thematic_org, user_group, allied, informal
# Name patterns per organization type; {focus} is a theme's short name. A second
# organization of the same type and country takes the next pattern or focus.
ORGANIZATION_NAMES = {
    THEMATIC_ORG: ("Wikimedians for {focus}", "Wiki {focus} Foundation", "{focus} Wikimedians"),
    USER_GROUP: (
        "Wikimedians of {country} User Group",
        "Wikimedia Community User Group {country}",
        "{country} {focus} Wikimedians User Group",
        "Wiki {focus} {country}",
    ),
    ALLIED_ORG: (
        "Open Knowledge {country}",
        "National Library of {country}",
        "{country} Digital Heritage Trust",
        "{country} Institute for {focus} Studies",
    ),
    INFORMAL_GROUP: (
        "{country} Wiki Circle",
        "Wiki Youth {country}",
        "{focus} Wikipedians {country}",
    ),
}
THEME_FOCUS = (
    "Heritage",
    "Education",
    "Women",
    "Environment",
    "Medicine",
    "Languages",
    "Open Source",
    "Open Policy",
    "Community",
)
RECOGNITION_YEARS = ((2005, 2016), (2010, 2020), (2012, 2025), (2014, 2024), (2016, 2025))

# The wikis programs in a country work on (a program takes one of them).
# fmt: off
HOME_WIKIS = {
    "DE AT": "dewiki", "CH": "dewiki frwiki itwiki", "FR": "frwiki", "BE": "frwiki nlwiki",
    "NL": "nlwiki", "ES": "eswiki cawiki euwiki glwiki", "AD": "cawiki", "IT": "itwiki",
    "PT": "ptwiki", "SE": "svwiki", "NO": "nowiki", "DK": "dawiki", "FI": "fiwiki",
    "IS": "iswiki", "IL": "hewiki", "GB": "enwiki cywiki", "IE": "enwiki gawiki",
    "CA": "enwiki frwiki", "UA": "ukwiki", "PL": "plwiki", "RS": "srwiki", "AM": "hywiki",
    "GE": "kawiki", "CZ": "cswiki", "HU": "huwiki", "RO MD": "rowiki", "BG": "bgwiki",
    "GR": "elwiki", "MK": "mkwiki", "AL XK": "sqwiki", "BA": "bswiki", "EE": "etwiki",
    "LV": "lvwiki", "LT": "ltwiki", "SK": "skwiki", "SI": "slwiki", "HR": "hrwiki",
    "KG": "kywiki", "UZ": "uzwiki", "KZ": "kkwiki", "AZ": "azwiki", "TR": "trwiki",
    "RU": "ruwiki", "BY": "bewiki", "ID": "idwiki jvwiki suwiki", "PH": "tlwiki enwiki",
    "TW HK CN": "zhwiki", "KR": "kowiki", "JP": "jawiki", "MY": "mswiki", "TH": "thwiki",
    "VN": "viwiki", "MN": "mnwiki", "KH": "kmwiki", "MM": "mywiki", "BR": "ptwiki",
    "HT": "frwiki htwiki", "JM TT": "enwiki", "IR": "fawiki",
    "IN": "hiwiki bnwiki tawiki tewiki mlwiki mrwiki knwiki", "BD": "bnwiki", "NP": "newiki",
    "PK": "urwiki", "LK": "siwiki tawiki", "AF": "pswiki fawiki",
    "NG": "enwiki yowiki igwiki hawiki", "GH": "enwiki twwiki dagwiki", "KE": "swwiki enwiki",
    "TZ": "swwiki", "UG": "enwiki lgwiki", "ZA": "enwiki afwiki zuwiki", "ET": "amwiki",
    "SO": "sowiki", "RW": "rwwiki", "MZ AO": "ptwiki", "CM CI BJ SN CD TG BF ML NE GN MG": "frwiki",
}
# fmt: on
REGION_WIKI = {"LAC": "eswiki", "MENA": "arwiki"}
DEFAULT_WIKI = "enwiki"

ORGANIZATIONS_COLUMNS = ["organization_id", "name", "type", "country", "recognized_date"]
GRANTS_COLUMNS = [
    "grant_id",
    "title",
    "fund",
    "status",
    "applicant_type",
    "organization_id",
    "organization_name",
    "lead_username",
    "country",
    "currency",
    "amount_requested",
    "amount_requested_usd",
    "amount_awarded_usd",
    "submitted_date",
    "decision_date",
    "start_date",
    "end_date",
    "themes",
    "multi_year",
]
PROGRAMS_COLUMNS = [
    "program_id",
    "title",
    "program_type",
    "themes",
    "country",
    "start_date",
    "end_date",
    "grant_id",
    "organization_id",
    "home_wiki",
]
PARTICIPATION_COLUMNS = [
    "program_id",
    "username",
    "role",
    "registered_at",
    "edits",
    "bytes_added",
    "articles_created",
    "articles_edited",
    "uploads",
    "gender",
]
ROLES_COLUMNS = ["username", "role", "body", "country", "start_date", "end_date"]
BUDGETS_COLUMNS = ["fiscal_year", "region", "budget_usd"]
ACTIVE_EDITORS_COLUMNS = ["month", "region", "active_editors"]

Progress = Callable[[str, int], None]


def _day(iso: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date."""
    return int(np.datetime64(iso, "D").astype(np.int64))


DATA_START = _day("2019-07-01")
DATA_END = _day("2026-06-30")
NEVER = 99_999  # a day number after every date in the data
WIKIPEDIA_LAUNCH = _day("2001-01-15")
COMMITTEES_FOUNDED = _day("2021-01-15")
_DAY_KEY = 100_000  # day numbers stay below this, so group * _DAY_KEY + day sorts by both
_DATE_TABLE_START = _day("2000-01-01")
_DATE_TABLE = np.arange(np.datetime64("2000-01-01"), np.datetime64("2032-01-01")).astype(str)
_DATE_TABLE = _DATE_TABLE.astype(object)


def write_sample(
    out_dir: Path,
    participations: int,
    seed: int = 7,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the canonical input files of a synthetic world into `out_dir`.

    `participations` is the number of participation rows (person x program x role) to write;
    people, programs and grants scale with it. The same seed gives the same bytes.
    `progress(file_name, rows)` is called after each block written, with that block's rows
    (participation.csv comes in many blocks). Returns the data rows written per file name.
    """
    if participations < 1:
        raise ValueError(f"participations must be at least 1, got {participations}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda _file, _rows: None)
    streams = np.random.SeedSequence(seed).spawn(7)
    rng_grants, rng_orgs, rng_programs, rng_leaders, rng_leads, rng_crowd, rng_context = (
        np.random.default_rng(stream) for stream in streams
    )
    countries = _Countries.load()
    scale = max(1.0, participations / 500 / BASE_GRANTS)

    grants = _draw_grants(rng_grants, countries, scale)
    organizations = _draw_organizations(rng_orgs, countries, max(180, round(len(grants) / 15)))
    _assign_organizations(rng_orgs, grants, organizations)
    programs = _draw_programs(
        rng_programs,
        countries,
        grants,
        organizations,
        max(10, round(participations * PROGRAMS_PER_PARTICIPATION)),
    )
    leaders = _draw_leaders(rng_leaders, countries, programs)
    staff = _staff_programs(rng_leaders, programs, leaders, countries)
    leaders.note_stages(programs, staff)
    lead_country = _assign_grant_leads(rng_leads, grants, leaders)
    staff = staff.plus_grant_leads(programs, grants, leaders)
    usernames = _Usernames(
        rng_context, round(participations * PEOPLE_PER_PARTICIPATION) + len(lead_country)
    )

    written = {
        "organizations.csv": _write_organizations(out_dir, organizations, countries),
        "grants.csv": _write_grants(
            rng_grants, out_dir, grants, organizations, countries, usernames
        ),
        "programs.csv": _write_programs(out_dir, programs, countries, grants, organizations),
        "roles.csv": _write_roles(
            rng_leaders, out_dir, grants, leaders, organizations, countries, usernames, lead_country
        ),
        "budgets.csv": _write_budgets(rng_context, out_dir, scale),
        "active_editors.csv": _write_active_editors(rng_context, out_dir),
    }
    for file_name, rows in written.items():
        report(file_name, rows)
    written["participation.csv"] = _write_participation(
        rng_crowd,
        out_dir,
        participations,
        programs,
        countries,
        leaders,
        staff,
        first_crowd_person=len(lead_country),
        usernames=usernames,
        report=report,
    )
    return written


# --- reference --------------------------------------------------------------------------


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


# --- dates ------------------------------------------------------------------------------


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


# --- grants -----------------------------------------------------------------------------


@dataclass
class _Grants:
    """Grant applications, in order of submission (which is grant id order)."""

    fiscal_year: np.ndarray
    region: np.ndarray
    country: np.ndarray
    fund: np.ndarray
    status: np.ndarray
    applicant: np.ndarray
    submitted: np.ndarray
    decided: np.ndarray  # -1 when not decided
    start: np.ndarray
    end: np.ndarray
    requested: np.ndarray  # USD
    awarded: np.ndarray  # USD, 0 unless funded
    multi_year: np.ndarray
    themes: np.ndarray
    organization: np.ndarray | None = None  # index, -1 for individuals and groups
    lead: np.ndarray | None = None  # person id

    def __len__(self) -> int:
        return len(self.fund)

    @property
    def funded(self) -> np.ndarray:
        return self.status == FUNDED


def _draw_grants(rng: np.random.Generator, countries: _Countries, scale: float) -> _Grants:
    """Applications per fiscal year at the published volume, calibrated to the published
    funded totals per fiscal year and region."""
    parts = [_draw_fiscal_year_grants(rng, year, scale) for year in FISCAL_YEARS]
    fields = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    order = np.lexsort((rng.random(len(fields["fund"])), fields["submitted"]))
    fields = {name: values[order] for name, values in fields.items()}
    fields["country"] = countries.draw(rng, fields["region"])
    grants = _Grants(**fields)
    _ensure_general_support(rng, grants, countries)
    _calibrate_awards(grants, scale)
    return grants


def _draw_fiscal_year_grants(rng: np.random.Generator, year: int, scale: float) -> dict:
    """One fiscal year's applications: funded, not funded, withdrawn and (last year) pending."""
    first, last = _fiscal_year_days(year)
    funded = round(FUNDED_GRANTS[year] * scale)
    decided = round(funded / (1 - NOT_FUNDED_SHARE))
    withdrawn = round(decided * WITHDRAWN_SHARE)
    pending = round(PENDING_GRANTS * scale) if year == FISCAL_YEARS[-1] else 0
    n = decided + withdrawn + pending
    status = np.repeat(
        [FUNDED, NOT_FUNDED, WITHDRAWN, SUBMITTED], [funded, decided - funded, withdrawn, pending]
    )
    fund = np.where(
        status == FUNDED,
        rng.choice(len(FUNDS), n, p=FUND_MIX_FUNDED),
        rng.choice(len(FUNDS), n, p=FUND_MIX_UNFUNDED),
    )
    is_decided = status <= NOT_FUNDED
    decision = np.where(is_decided, _uniform_between(rng, first, last, n), -1)
    lag = _draw_ranges(rng, DECISION_LAG_DAYS, fund)
    submitted = np.where(is_decided, decision - lag, _uniform_between(rng, first, last, n))
    # Applications still open at the end of the data arrived in its last three months.
    is_pending = status == SUBMITTED
    submitted[is_pending] = _uniform_between(rng, last - 90, last, pending)
    status[is_pending & (submitted < last - 30)] = UNDER_REVIEW
    status[is_pending & (rng.random(n) < 0.5)] = UNDER_REVIEW
    start = np.where(is_decided, decision, submitted + lag) + _uniform_between(rng, 3, 30, n)
    multi_year = (fund == GENERAL_SUPPORT) & (rng.random(n) < MULTI_YEAR_SHARE)
    days = np.where(
        multi_year,
        _draw_ranges(rng, [MULTI_YEAR_DAYS], np.zeros(n, int)),
        _draw_ranges(rng, GRANT_DAYS, fund),
    )
    requested = _draw_requested(rng, fund)
    return {
        "fiscal_year": np.full(n, year),
        "region": rng.choice(len(REGIONS), n, p=REGION_GRANT_SHARE),
        "fund": fund,
        "status": status,
        "applicant": _choose_rows(rng, APPLICANT_MIX, fund),
        "submitted": submitted,
        "decided": decision,
        "start": start,
        "end": start + days,
        "requested": requested,
        "awarded": np.where(status == FUNDED, _draw_awarded(rng, requested, fund), 0.0),
        "multi_year": multi_year,
        "themes": _draw_themes(rng, n),
    }


def _draw_requested(rng: np.random.Generator, fund: np.ndarray) -> np.ndarray:
    """USD requested, log-normal within each fund's real range."""
    median, sigma, floor, ceiling, step = np.asarray(FUND_AMOUNTS, dtype=float)[fund].T
    amount = np.clip(median * rng.lognormal(0.0, sigma), floor, ceiling)
    return np.round(amount / step) * step


def _draw_awarded(rng: np.random.Generator, requested: np.ndarray, fund: np.ndarray) -> np.ndarray:
    """Most grants get what they asked for; the rest 70-100% of it."""
    share = np.where(rng.random(len(requested)) < 0.65, 1.0, rng.uniform(0.7, 1.0, len(requested)))
    step = np.where(fund == RAPID, 10.0, 100.0)
    floor = FUND_FLOORS[fund]
    return np.maximum(np.floor(requested * share / step) * step, np.minimum(floor, requested))


def _ensure_general_support(
    rng: np.random.Generator, grants: _Grants, countries: _Countries
) -> None:
    """Give every fiscal year x region a funded General Support grant, which calibration
    scales; a cell without one takes over a funded grant."""
    for year in FISCAL_YEARS:
        for region in range(len(REGIONS)):
            cell = (grants.fiscal_year == year) & (grants.region == region) & grants.funded
            if (cell & (grants.fund == GENERAL_SUPPORT)).any():
                continue
            candidates = np.flatnonzero(cell & (grants.fund != RAPID))
            if len(candidates) == 0:
                candidates = np.flatnonzero(cell)
            if len(candidates) == 0:  # all but impossible: borrow one from the year
                candidates = np.flatnonzero((grants.fiscal_year == year) & grants.funded)
                grants.region[candidates[0]] = region
                grants.country[candidates[0]] = countries.draw(rng, np.array([region]))[0]
            chosen = candidates[0]
            grants.fund[chosen] = GENERAL_SUPPORT
            grants.applicant[chosen] = AFFILIATE
            grants.requested[chosen] = _draw_requested(rng, np.array([GENERAL_SUPPORT]))[0]
            grants.awarded[chosen] = grants.requested[chosen]
            grants.end[chosen] = grants.start[chosen] + 365


def _calibrate_awards(grants: _Grants, scale: float) -> None:
    """Rescale General Support amounts so each fiscal year x region adds up to its target;
    where the other grants leave too little for that, all non-Rapid funds share the cut."""
    floors = FUND_FLOORS
    for year in FISCAL_YEARS:
        for region, target in enumerate(FUNDED_USD[year]):
            cell = (grants.fiscal_year == year) & (grants.region == region)
            funded = cell & grants.funded
            adjustable = funded & (grants.fund == GENERAL_SUPPORT)
            room = target * scale - grants.awarded[funded & ~adjustable].sum()
            if room < 1.5 * floors[GENERAL_SUPPORT] * adjustable.sum():
                adjustable = funded & (grants.fund != RAPID)
                room = target * scale - grants.awarded[funded & ~adjustable].sum()
            fund = grants.fund[adjustable]
            ceiling = np.where(fund == GENERAL_SUPPORT, GENERAL_SUPPORT_CEILING, 150_000)
            old = grants.awarded[adjustable]
            new = np.round(_scale_to_total(old, room, floors[fund], ceiling) / 100) * 100
            # Requests keep their ratio to the award; unfunded General Support requests of the
            # cell move by the same factor as the funded ones.
            grants.requested[adjustable] = np.maximum(
                np.round(new * grants.requested[adjustable] / old / 100) * 100, new
            )
            grants.awarded[adjustable] = new
            unfunded = cell & ~grants.funded & (grants.fund == GENERAL_SUPPORT)
            factor = new.sum() / old.sum()
            grants.requested[unfunded] = np.maximum(
                np.round(grants.requested[unfunded] * factor / 100) * 100,
                floors[GENERAL_SUPPORT],
            )


def _scale_to_total(
    amounts: np.ndarray, total: float, floor: np.ndarray, ceiling: np.ndarray
) -> np.ndarray:
    """Amounts multiplied by one factor so they add up to `total`, within floor and ceiling
    (amounts pinned at a bound drop out of the factor)."""
    scaled = amounts.astype(float).copy()
    free = np.ones(len(amounts), dtype=bool)
    for _ in range(20):
        rest = total - scaled[~free].sum()
        if not free.any() or amounts[free].sum() <= 0:
            break
        scaled[free] = amounts[free] * rest / amounts[free].sum()
        pinned = free & ((scaled < floor) | (scaled > ceiling))
        if not pinned.any():
            break
        scaled = np.clip(scaled, floor, ceiling)
        free &= ~pinned
    return scaled


# --- organizations ----------------------------------------------------------------------


@dataclass
class _Organizations:
    """Affiliates and partner organizations that apply for grants."""

    country: np.ndarray
    kind: np.ndarray  # index into ORGANIZATION_TYPES
    recognized: np.ndarray
    name: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)


def _draw_organizations(rng: np.random.Generator, countries: _Countries, n: int) -> _Organizations:
    """One chapter per chapter country, then user groups, allied organizations, informal
    groups and a few thematic organizations spread over the regions."""
    position = {c: i for i, c in enumerate(countries.code)}
    chapters = np.array([position[c] for c in CHAPTER_COUNTRIES.split()])
    others = max(n - len(chapters), 0)
    region = rng.choice(len(REGIONS), others, p=REGION_GRANT_SHARE)
    country = np.concatenate([chapters, countries.draw(rng, region, flatten=0.7)])
    kind = np.concatenate(
        [np.full(len(chapters), CHAPTER), 1 + rng.choice(4, others, p=NON_CHAPTER_MIX)]
    )
    years = np.asarray(RECOGNITION_YEARS)[kind]
    recognized = _uniform_between(
        rng,
        np.array([_day(f"{y}-01-01") for y in years[:, 0]]),
        np.array([_day(f"{y}-12-31") for y in years[:, 1]]),
    )
    recognized = np.minimum(recognized, DATA_END - 60)
    focus = rng.choice(len(THEMES), len(kind), p=THEME_WEIGHTS)
    taken: set[str] = set()
    names = [
        _organization_name(kind[i], country[i], focus[i], countries, taken)
        for i in range(len(kind))
    ]
    order = np.argsort(recognized, kind="stable")
    return _Organizations(
        country[order], kind[order], recognized[order], np.array(names, dtype=object)[order]
    )


def _organization_name(
    kind: int, country: int, focus: int, countries: _Countries, taken: set[str]
) -> str:
    """A name not yet `taken`: the chapter's, else the first free pattern x focus, else a
    numbered one (only at large scales)."""
    code, country_name = countries.code[country], countries.name[country]
    if kind == CHAPTER:
        names = [CHAPTER_NAMES.get(code, f"Wikimedia {country_name}")]
    else:
        foci = THEME_FOCUS[focus:] + THEME_FOCUS[:focus]
        names = [
            pattern.format(country=country_name, focus=f)
            for f in foci
            for pattern in ORGANIZATION_NAMES[kind]
        ]
    free = [name for name in dict.fromkeys(names) if name not in taken]
    name, number = (free[0] if free else names[0]), 1
    while name in taken:
        number += 1
        name = f"{names[0]} {number}"
    taken.add(name)
    return name


def _assign_organizations(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations
) -> None:
    """Pick the applying organization of each affiliate or organization grant, in order of
    submission: mostly organizations funded before (affiliates that grew from Rapid to
    General Support among them), sometimes a newcomer. Where the grant's country has no such
    organization, another local kind applies, else the grant goes to a group."""
    grants.organization = np.full(len(grants), -1)
    is_affiliate = organizations.kind <= USER_GROUP
    history = _FundingHistory()
    for g in np.flatnonzero(grants.applicant >= AFFILIATE):
        local = (organizations.country == grants.country[g]) & (
            organizations.recognized < grants.submitted[g]
        )
        wants_affiliate = grants.applicant[g] == AFFILIATE
        pool = np.flatnonzero(local & (is_affiliate == wants_affiliate))
        if len(pool) == 0:
            pool = np.flatnonzero(local)
        newcomers, returning = history.split(pool, grants, g)
        if newcomers and (not returning or rng.random() < NEW_ORGANIZATION_CHANCE):
            chosen = newcomers[rng.integers(len(newcomers))]
        elif returning:
            chosen = history.pick_returning(rng, returning, grants, g)
        else:
            grants.applicant[g] = GROUP
            continue
        grants.organization[g] = chosen
        grants.applicant[g] = AFFILIATE if is_affiliate[chosen] else ORGANIZATION
        history.record(chosen, grants, g)


class _FundingHistory:
    """Funded grants so far per grantee: who is a newcomer, who had Rapid grants (and may
    now grow into General Support), and who has used up the year's Rapid cap."""

    def __init__(self) -> None:
        self.funded: dict[int, int] = {}
        self.rapid_only: set[int] = set()
        self.rapid_spent: dict[tuple[int, int], float] = {}

    def record(self, grantee: int, grants: _Grants, g: int) -> None:
        if grants.status[g] != FUNDED:
            return
        self.funded[grantee] = self.funded.get(grantee, 0) + 1
        if grants.fund[g] == RAPID:
            if self.funded[grantee] == 1:
                self.rapid_only.add(grantee)
            key = (grantee, int(grants.fiscal_year[g]))
            self.rapid_spent[key] = self.rapid_spent.get(key, 0.0) + grants.awarded[g]
        else:
            self.rapid_only.discard(grantee)

    def allows(self, grantee: int, grants: _Grants, g: int) -> bool:
        if grants.fund[g] != RAPID:
            return True
        spent = self.rapid_spent.get((grantee, int(grants.fiscal_year[g])), 0.0)
        return spent + max(grants.awarded[g], grants.requested[g]) <= RAPID_CAP_PER_YEAR

    def split(self, pool, grants: _Grants, g: int) -> tuple[list[int], list[int]]:
        """(newcomers, returning grantees) of `pool` that grant `g` may go to."""
        fits = [int(p) for p in pool if self.allows(int(p), grants, g)]
        return [p for p in fits if p not in self.funded], [p for p in fits if p in self.funded]

    def pick_returning(
        self, rng: np.random.Generator, returning: list[int], grants: _Grants, g: int
    ) -> int:
        """A returning grantee; for General Support often one that so far had Rapid grants."""
        if grants.fund[g] == GENERAL_SUPPORT and rng.random() < 0.5:
            growing = [p for p in returning if p in self.rapid_only]
            if growing:
                return growing[rng.integers(len(growing))]
        return returning[rng.integers(len(returning))]


# --- programs ---------------------------------------------------------------------------


@dataclass
class _Programs:
    """Programs in order of start (which is program id order)."""

    kind: np.ndarray  # index into PROGRAM_TYPES
    country: np.ndarray
    region: np.ndarray
    start: np.ndarray
    end: np.ndarray
    grant: np.ndarray  # -1 when not linked to a grant
    organization: np.ndarray  # -1 when none
    themes: np.ndarray
    size: np.ndarray  # relative number of people the program draws

    def __len__(self) -> int:
        return len(self.kind)


def _draw_programs(
    rng: np.random.Generator,
    countries: _Countries,
    grants: _Grants,
    organizations: _Organizations,
    n: int,
) -> _Programs:
    """Programs of every type; most run under a funded grant (same country, starting within
    the grant period), the rest are unlinked, with more programs in later years."""
    fundable = np.flatnonzero(grants.funded & (grants.start <= DATA_END - 30))
    weight = grants.awarded[fundable] ** 0.7
    linked = round(n * LINKED_PROGRAM_SHARE)
    grant = rng.choice(fundable, linked, p=weight / weight.sum())
    start = _uniform_between(rng, grants.start[grant], np.minimum(grants.end[grant], DATA_END))
    kind = rng.choice(len(PROGRAM_TYPES), linked, p=PROGRAM_TYPE_MIX)
    kind[(grants.fund[grant] == CONFERENCE) & (rng.random(linked) < 0.7)] = CONFERENCE_EVENT
    themes = np.where(rng.random(linked) < 0.7, grants.themes[grant], _draw_themes(rng, linked))

    unlinked = n - linked
    year = rng.choice(FISCAL_YEARS, unlinked, p=PROGRAM_YEAR_GROWTH)
    bounds = np.array([_fiscal_year_days(y) for y in year]).reshape(-1, 2)
    region = rng.choice(len(REGIONS), unlinked, p=REGION_GRANT_SHARE)
    country = np.concatenate([grants.country[grant], countries.draw(rng, region)])
    organization = np.concatenate(
        [grants.organization[grant], _local_organization(rng, country[linked:], organizations)]
    )
    start = np.concatenate([start, _uniform_between(rng, bounds[:, 0], bounds[:, 1])])
    kind = np.concatenate([kind, rng.choice(len(PROGRAM_TYPES), unlinked, p=PROGRAM_TYPE_MIX)])
    themes = np.concatenate([themes, _draw_themes(rng, unlinked)])
    grant = np.concatenate([grant, np.full(unlinked, -1)])

    # Photo contests are Wiki Loves Monuments (heritage) or Wiki Loves Earth (environment).
    contest = kind == PHOTO_CONTEST
    nature = contest & (rng.random(n) < 0.25)
    themes[contest] = 1 << THEMES.index("culture_heritage")
    themes[nature] = 1 << THEMES.index("environment")
    end = start + _draw_ranges(rng, PROGRAM_DAYS, kind) - 1
    size = np.asarray(PROGRAM_SIZE)[kind] * rng.lognormal(0.0, 0.6, n)
    order = np.lexsort((rng.random(n), start))
    return _Programs(
        kind=kind[order],
        country=country[order],
        region=countries.region[country[order]],
        start=start[order],
        end=end[order],
        grant=grant[order],
        organization=organization[order],
        themes=themes[order],
        size=size[order],
    )


def _local_organization(
    rng: np.random.Generator, country: np.ndarray, organizations: _Organizations
) -> np.ndarray:
    """For a third of unlinked programs, an organization of the same country runs them."""
    chosen = np.full(len(country), -1)
    for i in np.flatnonzero(rng.random(len(country)) < 0.3):
        local = np.flatnonzero(organizations.country == country[i])
        if len(local):
            chosen[i] = local[rng.integers(len(local))]
    return chosen


@dataclass(frozen=True)
class _WindowIndex:
    """Programs sorted by (group, start day) with cumulative sizes, so that many programs
    can be drawn at once, each in proportion to its size, from a group's date window."""

    order: np.ndarray
    keys: np.ndarray
    cumulative: np.ndarray

    @classmethod
    def build(cls, group: np.ndarray, start: np.ndarray, size: np.ndarray) -> _WindowIndex:
        order = np.lexsort((start, group))
        keys = group[order].astype(np.int64) * _DAY_KEY + start[order]
        return cls(order, keys, np.concatenate(([0.0], np.cumsum(size[order]))))

    def bounds(self, group: np.ndarray, first: np.ndarray, last: np.ndarray):
        """Positions [low, high) of each group's programs starting within [first, last]."""
        group = np.asarray(group, dtype=np.int64) * _DAY_KEY
        low = np.searchsorted(self.keys, group + np.clip(first, 0, _DAY_KEY - 1), "left")
        high = np.searchsorted(self.keys, group + np.clip(last, 0, _DAY_KEY - 1), "right")
        return low, high

    def draw(self, rng: np.random.Generator, group, first, last):
        """One program per window, by size; `found` is False for empty windows."""
        low, high = self.bounds(group, first, last)
        found = high > low
        point = self.cumulative[low] + rng.random(len(low)) * (
            self.cumulative[high] - self.cumulative[low]
        )
        position = np.searchsorted(self.cumulative, point, "right") - 1
        position = np.clip(position, low, np.maximum(high - 1, low))
        return self.order[np.minimum(position, len(self.order) - 1)], found


# --- leaders: the people who go on to organize -------------------------------------------


@dataclass
class _Leaders:
    """People who go on to organize (person ids 0..n-1): home country, when they may start
    organizing and training or mentoring, when they stop, and the programs they attended as
    participants first."""

    country: np.ndarray
    veteran: np.ndarray
    organizer_from: np.ndarray
    trainer_from: np.ndarray  # NEVER for leaders who never train or mentor
    active_until: np.ndarray
    activity: np.ndarray
    rows_person: np.ndarray  # their participant rows
    rows_program: np.ndarray
    organizer_stage: np.ndarray | None = None  # first organizer, facilitator, volunteer row
    trainer_stage: np.ndarray | None = None  # first trainer or mentor row
    first_trainer_role: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.country)

    @property
    def lead_ready(self) -> np.ndarray:
        """First day a leader may lead a grant: after organizing and, for those who train or
        mentor, after that too, so the pathway's stages come in order."""
        trained = np.where(self.trainer_stage < NEVER, self.trainer_stage, self.organizer_stage)
        return np.where(
            self.organizer_stage < NEVER, np.maximum(self.organizer_stage, trained), NEVER
        )

    def note_stages(self, programs: _Programs, staff: _Staff) -> None:
        """Record when each leader first organized and first trained or mentored."""
        start = programs.start[staff.program]
        self.organizer_stage = np.full(len(self), NEVER)
        self.trainer_stage = np.full(len(self), NEVER)
        organizing = np.isin(staff.role, ORGANIZER_ROLES)
        np.minimum.at(self.organizer_stage, staff.person[organizing], start[organizing])
        training = np.isin(staff.role, TRAINER_ROLES)
        np.minimum.at(self.trainer_stage, staff.person[training], start[training])
        self.first_trainer_role = np.full(len(self), TRAINER)
        order = np.lexsort((start[training], staff.person[training]))
        person = staff.person[training][order]
        first = _run_starts(person)
        self.first_trainer_role[person[first]] = staff.role[training][order][first]


def _expected_staff(kind: np.ndarray) -> np.ndarray:
    expected = np.zeros(len(PROGRAM_TYPES))
    for _role, plan in STAFF_PLAN:
        for program_type, (base, n, p) in plan.items():
            expected[program_type] += base + n * p
    return expected[kind]


def _draw_leaders(rng: np.random.Generator, countries: _Countries, programs: _Programs) -> _Leaders:
    """Enough leaders per country to staff its programs; some (veterans) organized before
    the data begins, the others first take part in two or more programs."""
    slots = np.bincount(programs.country, _expected_staff(programs.kind), len(countries.code))
    per_country = np.where(slots > 0, np.ceil(slots / STAFF_ROWS_PER_LEADER).clip(min=2), 0)
    per_country = per_country.astype(int)
    country = np.repeat(np.arange(len(per_country)), per_country)
    rank = np.arange(len(country)) - np.repeat(np.cumsum(per_country) - per_country, per_country)
    veterans = np.maximum(1, np.round(VETERAN_SHARE * per_country))
    veteran = rank < veterans[country]
    n = len(country)

    organizer_from = np.full(n, NEVER)
    organizer_from[veteran] = _uniform_between(
        rng, _day("2014-01-01"), DATA_START - 1, veteran.sum()
    )
    rows_person, rows_program, organizer_from[~veteran] = _leader_apprenticeships(
        rng, np.flatnonzero(~veteran), country[~veteran], countries, programs
    )
    trainer_track = rng.random(n) < TRAINER_TRACK_SHARE
    trainer_from = np.where(
        trainer_track,
        organizer_from + _uniform_between(rng, 180, 900, n),
        NEVER,
    )
    veteran_trainer = veteran & trainer_track
    trainer_from[veteran_trainer] = _uniform_between(
        rng, organizer_from[veteran_trainer], DATA_START - 1
    )
    dropout = rng.random(n) < LEADER_DROPOUT_SHARE
    active_until = np.where(dropout, organizer_from + _uniform_between(rng, 365, 1095, n), NEVER)
    active_until = np.maximum(active_until, DATA_START + 365)
    _appoint_keepers(rank == 0, country, slots, countries, trainer_from, active_until)
    return _Leaders(
        country=country,
        veteran=veteran,
        organizer_from=organizer_from,
        trainer_from=trainer_from,
        active_until=active_until,
        # Newly active organizers take on more than veterans, who hand over.
        activity=rng.lognormal(0.0, 0.5, n) * np.where(veteran, 1.0, 2.0),
        rows_person=rows_person,
        rows_program=rows_program,
    )


def _appoint_keepers(
    keeper: np.ndarray,
    country: np.ndarray,
    slots: np.ndarray,
    countries: _Countries,
    trainer_from: np.ndarray,
    active_until: np.ndarray,
) -> None:
    """Every country keeps one veteran organizer throughout, and the busiest country of each
    region a veteran trainer, so that every program finds staff."""
    active_until[keeper] = NEVER
    for region in range(len(REGIONS)):
        in_region = np.flatnonzero(keeper & (countries.region[country] == region))
        if len(in_region):
            busiest = in_region[np.argmax(slots[country[in_region]])]
            trainer_from[busiest] = min(trainer_from[busiest], DATA_START - 1)


def _leader_apprenticeships(
    rng: np.random.Generator,
    person: np.ndarray,
    country: np.ndarray,
    countries: _Countries,
    programs: _Programs,
):
    """Participant rows of future organizers: a first program early enough to leave them
    time to organize, then one to four more in their country (else region) within a year;
    they may organize a few weeks to months after the last."""
    by_country = _WindowIndex.build(programs.country, programs.start, programs.size)
    by_region = _WindowIndex.build(programs.region, programs.start, programs.size)
    latest_first = DATA_START + int(APPRENTICE_START_SHARE * (DATA_END - DATA_START))
    first, found = by_country.draw(rng, country, DATA_START, latest_first)
    anywhen, _ = by_country.draw(rng, country, 0, NEVER)
    first = np.where(found, first, anywhen)
    more = 1 + rng.binomial(3, 0.4, len(person))
    who = np.repeat(np.arange(len(person)), more)
    opens = programs.start[first][who] + 1
    program, found = by_country.draw(rng, country[who], opens, opens + 365)
    in_region, found_region = by_region.draw(
        rng, countries.region[country[who]], opens, opens + 365
    )
    program = np.where(found, program, in_region)
    keep = found | found_region
    who = np.concatenate([np.arange(len(person)), who[keep]])
    program = np.concatenate([first, program[keep]])
    pairs = np.unique(who.astype(np.int64) * len(programs) + program)
    who, program = pairs // len(programs), pairs % len(programs)
    last_start = np.zeros(len(person), dtype=np.int64)
    np.maximum.at(last_start, who, programs.start[program])
    organizer_from = last_start + _uniform_between(rng, 14, 150, len(person))
    return person[who], program, organizer_from


@dataclass
class _Staff:
    """Organizer, facilitator, trainer, mentor, speaker and volunteer rows of leaders."""

    program: np.ndarray
    person: np.ndarray
    role: np.ndarray

    def plus_grant_leads(self, programs: _Programs, grants: _Grants, leaders: _Leaders) -> _Staff:
        """Leaders who lead a grant also organize the programs it funds."""
        linked = np.flatnonzero(programs.grant >= 0)
        lead = grants.lead[programs.grant[linked]]
        by_leader = lead < len(leaders)
        program = np.concatenate([self.program, linked[by_leader]])
        person = np.concatenate([self.person, lead[by_leader]])
        role = np.concatenate([self.role, np.full(by_leader.sum(), ORGANIZER)])
        keep = _first_of_pairs(program, person)
        return _Staff(program[keep], person[keep], role[keep])


def _first_of_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sorted indices of the first occurrence of each (a, b) pair."""
    _, first = np.unique(a.astype(np.int64) * (int(b.max(initial=0)) + 1) + b, return_index=True)
    return np.sort(first)


def _staff_programs(
    rng: np.random.Generator, programs: _Programs, leaders: _Leaders, countries: _Countries
) -> _Staff:
    """Staff every program from leaders of its country (else region) who are active and far
    enough along the pathway on its start date; trainers and mentors come first."""
    program_parts, role_parts = [], []
    for role, plan in reversed(STAFF_PLAN):
        for program_type, (base, n, p) in plan.items():
            chosen = np.flatnonzero(programs.kind == program_type)
            count = base + rng.binomial(n, p, len(chosen))
            program_parts.append(np.repeat(chosen, count))
            role_parts.append(np.full(count.sum(), role))
    program = np.concatenate(program_parts)
    role = np.concatenate(role_parts)
    facilitates = (role == ORGANIZER) & (rng.random(len(role)) < 0.25)
    role[facilitates] = FACILITATOR
    trains = np.isin(role, TRAINER_ROLES)
    start = programs.start[program]

    person = np.full(len(program), -1)
    leader_region = countries.region[leaders.country]
    for leader_group, program_group in (
        (leaders.country, programs.country),
        (leader_region, programs.region),
    ):
        slots = np.flatnonzero(person < 0)
        _fill_slots(
            rng, person, slots, start, trains, leaders, leader_group, program_group[program]
        )
    # A training without an available trainer is facilitated by a local organizer, and the
    # last resort is the country's (for mentoring, the region's) long-standing leader.
    untrained = np.flatnonzero((person < 0) & (role == TRAINER))
    role[untrained] = FACILITATOR
    trains[untrained] = False
    _fill_slots(
        rng, person, untrained, start, trains, leaders, leaders.country, programs.country[program]
    )
    person = np.where(person >= 0, person, _keepers(leaders, countries, programs, program, trains))
    staffed = person >= 0
    program, person, role = program[staffed], person[staffed], role[staffed]
    keep = _first_of_pairs(program, person)
    return _Staff(program[keep], person[keep], role[keep])


def _fill_slots(
    rng: np.random.Generator,
    person: np.ndarray,
    slots: np.ndarray,
    start: np.ndarray,
    trains: np.ndarray,
    leaders: _Leaders,
    leader_group: np.ndarray,
    slot_group: np.ndarray,
) -> None:
    """Give each of `slots` a leader of its group who is active on the program's start and
    has started organizing (or, for trainer and mentor slots, training) by then."""
    candidates = _draw_leaders_by_group(rng, leader_group, leaders.activity, slot_group[slots])
    safe = np.maximum(candidates, 0)
    opens = np.where(
        trains[slots][:, None], leaders.trainer_from[safe], leaders.organizer_from[safe]
    )
    slot_start = start[slots][:, None]
    eligible = (
        (candidates >= 0) & (opens <= slot_start) & (leaders.active_until[safe] >= slot_start)
    )
    found = eligible.any(axis=1)
    person[slots[found]] = candidates[found, eligible[found].argmax(axis=1)]


def _draw_leaders_by_group(
    rng: np.random.Generator,
    group: np.ndarray,
    activity: np.ndarray,
    wanted: np.ndarray,
    tries: int = 12,
) -> np.ndarray:
    """`tries` leaders of each wanted group, by activity; -1 where the group has none."""
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    cumulative = np.concatenate(([0.0], np.cumsum(activity[order])))
    low = np.searchsorted(sorted_group, wanted, "left")
    high = np.searchsorted(sorted_group, wanted, "right")
    point = (
        cumulative[low][:, None]
        + rng.random((len(wanted), tries)) * (cumulative[high] - cumulative[low])[:, None]
    )
    position = np.clip(
        np.searchsorted(cumulative, point, "right") - 1,
        low[:, None],
        np.maximum(high - 1, low)[:, None],
    )
    chosen = order[np.minimum(position, len(order) - 1)]
    return np.where((high > low)[:, None], chosen, -1)


def _keepers(
    leaders: _Leaders,
    countries: _Countries,
    programs: _Programs,
    program: np.ndarray,
    trains: np.ndarray,
) -> np.ndarray:
    """The leader who is always there: the country's long-standing organizer, or for
    training and mentoring the region's long-standing trainer."""
    keepers = np.flatnonzero(leaders.veteran & (leaders.active_until == NEVER))
    trainers = keepers[leaders.trainer_from[keepers] < DATA_START]
    organizer_of = _first_per_group(keepers, leaders.country[keepers], len(countries.code))
    trainer_region = countries.region[leaders.country[trainers]]
    trainer_of = _first_per_group(trainers, trainer_region, len(REGIONS))
    return np.where(
        trains, trainer_of[programs.region[program]], organizer_of[programs.country[program]]
    )


def _first_per_group(items: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """The first item of each group (-1 for groups without one)."""
    first = np.full(groups, -1)
    present, position = np.unique(group, return_index=True)
    first[present] = items[position]
    return first


# --- grant leads ------------------------------------------------------------------------


def _assign_grant_leads(rng: np.random.Generator, grants: _Grants, leaders: _Leaders) -> np.ndarray:
    """Pick the lead of every grant, in order of submission. Leads are leaders of the
    grant's country who have organized (and trained, if they do) before applying, or other
    editors who never appear in programs. Returns the home country of every person id now
    in use (leaders, then the other leads)."""
    picker = _LeadPicker(rng, grants, leaders)
    grants.lead = np.full(len(grants), -1)
    for g in range(len(grants)):
        active = picker.active_leaders(int(grants.country[g]), int(grants.submitted[g]))
        if grants.organization[g] >= 0:
            grants.lead[g] = picker.organization_lead(g, active)
        else:
            grants.lead[g] = picker.own_lead(g, active)
    return np.array(picker.lead_country, dtype=np.int64)


class _LeadPicker:
    """Who may lead a grant as applications come in: leaders become eligible per country
    as they reach the stage, other leads are created as needed, organizations keep a lead
    for a while, and individual grantees' funding history is tracked."""

    def __init__(self, rng: np.random.Generator, grants: _Grants, leaders: _Leaders) -> None:
        self.rng, self.grants, self.leaders = rng, grants, leaders
        self.ready = leaders.lead_ready
        self.waiting: dict[int, deque[int]] = {}
        for person in np.lexsort((self.ready, leaders.country)):
            if self.ready[person] < NEVER:
                self.waiting.setdefault(int(leaders.country[person]), deque()).append(int(person))
        self.eligible: dict[int, list[int]] = {}
        self.others: dict[int, list[int]] = {}
        self.lead_country = list(leaders.country)
        self.current_lead: dict[int, int] = {}
        self.history = _FundingHistory()

    def active_leaders(self, country: int, day: int) -> list[int]:
        """Leaders of `country` ready to lead before `day` and still active on it."""
        queue = self.waiting.get(country, deque())
        pool = self.eligible.setdefault(country, [])
        while queue and self.ready[queue[0]] < day:
            pool.append(queue.popleft())
        return [p for p in pool if self.leaders.active_until[p] >= day]

    def newcomer(self, country: int) -> int:
        """A new lead who never appears in programs."""
        person = len(self.lead_country)
        self.others.setdefault(country, []).append(person)
        self.lead_country.append(country)
        return person

    def organization_lead(self, g: int, active: list[int]) -> int:
        """The organization's lead, handed over now and then or when they step down."""
        rng, organization = self.rng, int(self.grants.organization[g])
        country, day = int(self.grants.country[g]), int(self.grants.submitted[g])
        lead = self.current_lead.get(organization, -1)
        retired = 0 <= lead < len(self.leaders) and self.leaders.active_until[lead] < day
        if lead < 0 or retired or rng.random() < LEAD_ROTATION_CHANCE:
            others = self.others.get(country, [])
            if active and rng.random() < 0.8:
                lead = active[rng.integers(len(active))]
            elif others and rng.random() < 0.5:
                lead = others[rng.integers(len(others))]
            else:
                lead = self.newcomer(country)
            self.current_lead[organization] = lead
        return lead

    def own_lead(self, g: int, active: list[int]) -> int:
        """The grantee of an individual or group grant: often a returning grantee, else a
        leader new to grants or a newcomer."""
        rng, country = self.rng, int(self.grants.country[g])
        candidates = active + self.others.get(country, [])
        fresh, returning = self.history.split(candidates, self.grants, g)
        fresh = [p for p in fresh if p < len(self.leaders)]
        if returning and rng.random() >= FIRST_TIME_CHANCE:
            lead = self.history.pick_returning(rng, returning, self.grants, g)
        elif fresh and rng.random() < 0.55:
            lead = fresh[rng.integers(len(fresh))]
        else:
            lead = self.newcomer(country)
        self.history.record(lead, self.grants, g)
        return lead


# --- usernames --------------------------------------------------------------------------


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


# --- writing the small files ------------------------------------------------------------


def _write_csv(frame: pd.DataFrame, path: Path, columns: list[str]) -> int:
    """Write `frame` as UTF-8 CSV with exactly `columns`, in that order; return its rows."""
    frame[columns].to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return len(frame)


def _organization_ids(n: int) -> np.ndarray:
    return np.array([""] + [f"ORG-{i + 1:04d}" for i in range(n)], dtype=object)


def _write_organizations(
    out_dir: Path, organizations: _Organizations, countries: _Countries
) -> int:
    frame = pd.DataFrame(
        {
            "organization_id": _organization_ids(len(organizations))[1:],
            "name": organizations.name,
            "type": np.asarray(ORGANIZATION_TYPES, dtype=object)[organizations.kind],
            "country": countries.code[organizations.country],
            "recognized_date": _iso(organizations.recognized),
        }
    )
    return _write_csv(frame, out_dir / "organizations.csv", ORGANIZATIONS_COLUMNS)


def _grant_ids(grants: _Grants) -> np.ndarray:
    """G-<year submitted>-<sequence within that year>, in order of submission."""
    year = _calendar_year(grants.submitted)
    sequence = np.zeros(len(grants), dtype=np.int64)
    for y in np.unique(year):
        mine = year == y
        sequence[mine] = np.arange(1, mine.sum() + 1)
    return np.array([f"G-{y}-{s:04d}" for y, s in zip(year, sequence, strict=True)], dtype=object)


def _grant_titles(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations, countries: _Countries
) -> np.ndarray:
    theme = _first_theme(grants.themes)
    year = _calendar_year(grants.start)
    activity = rng.integers(len(RAPID_ACTIVITIES), size=len(grants))
    regional = rng.random(len(grants)) < 0.3
    titles = []
    for g in range(len(grants)):
        country = countries.name[grants.country[g]]
        grantee = (
            organizations.name[grants.organization[g]]
            if grants.organization[g] >= 0
            else f"{country} Wikimedians"
        )
        phrase = THEME_PHRASES[theme[g]]
        fund = grants.fund[g]
        if fund == RAPID:
            titles.append(f"{phrase} {RAPID_ACTIVITIES[activity[g]]}, {country} {year[g]}")
        elif fund == GENERAL_SUPPORT:
            titles.append(f"{grantee} general support {year[g]}")
        elif fund == CONFERENCE:
            event = (
                REGIONAL_CONFERENCES[REGIONS[grants.region[g]]]
                if regional[g]
                else f"WikiCon {country}"
            )
            titles.append(f"{event} {year[g]}")
        elif FUNDS[fund] == "alliances":
            titles.append(f"{grantee}: partnership for {phrase.lower()}")
        else:
            titles.append(f"Research: {phrase.lower()} on Wikipedia in {country}")
    return np.array(titles, dtype=object)


def _local_currency(rng: np.random.Generator, grants: _Grants, countries: _Countries):
    """Currency and amount requested in it: USD for most grants, the local currency for
    some; the USD request is then the converted local amount (rounded to whole dollars)."""
    currency = np.full(len(grants), "USD", dtype=object)
    local = grants.requested.copy()
    requested_usd = grants.requested.copy()
    uses_local = rng.random(len(grants)) < LOCAL_CURRENCY_SHARE
    codes = countries.code[grants.country]
    for name, users, rates in CURRENCIES:
        mine = uses_local & np.isin(codes, users.split())
        rate = np.asarray(rates)[grants.fiscal_year[mine] - FISCAL_YEARS[0]]
        amount = grants.requested[mine] / rate
        # Budgets in a local currency are round numbers too: three significant digits.
        step = 10.0 ** (np.floor(np.log10(amount)) - 2).clip(min=0)
        local[mine] = np.round(amount / step) * step
        requested_usd[mine] = np.round(local[mine] * rate)
        currency[mine] = name
    return currency, local, requested_usd


def _write_grants(
    rng: np.random.Generator,
    out_dir: Path,
    grants: _Grants,
    organizations: _Organizations,
    countries: _Countries,
    usernames: _Usernames,
) -> int:
    currency, local, requested_usd = _local_currency(rng, grants, countries)
    awarded = np.minimum(grants.awarded, requested_usd)
    organization_ids = _organization_ids(len(organizations))
    organization_names = np.concatenate([[""], organizations.name]).astype(object)
    frame = pd.DataFrame(
        {
            "grant_id": _grant_ids(grants),
            "title": _grant_titles(rng, grants, organizations, countries),
            "fund": np.asarray(FUNDS, dtype=object)[grants.fund],
            "status": np.asarray(STATUSES, dtype=object)[grants.status],
            "applicant_type": np.asarray(APPLICANTS, dtype=object)[grants.applicant],
            "organization_id": organization_ids[grants.organization + 1],
            "organization_name": organization_names[grants.organization + 1],
            "lead_username": usernames(grants.lead),
            "country": countries.code[grants.country],
            "currency": currency,
            "amount_requested": local.astype(np.int64),
            "amount_requested_usd": requested_usd.astype(np.int64),
            "amount_awarded_usd": pd.array(np.where(grants.funded, awarded, np.nan)).astype(
                "Int64"
            ),
            "submitted_date": _iso(grants.submitted),
            "decision_date": _iso(grants.decided),
            "start_date": _iso(grants.start),
            "end_date": _iso(grants.end),
            "themes": _THEME_STRINGS[grants.themes],
            "multi_year": np.where(grants.multi_year, "true", "false").astype(object),
        }
    )
    return _write_csv(frame, out_dir / "grants.csv", GRANTS_COLUMNS)


def _program_titles(programs: _Programs, countries: _Countries) -> np.ndarray:
    theme = _first_theme(programs.themes)
    year = _calendar_year(programs.start)
    titles = []
    for p in range(len(programs)):
        country = countries.name[programs.country[p]]
        if programs.kind[p] == PHOTO_CONTEST:
            contest = "Earth" if THEMES[theme[p]] == "environment" else "Monuments"
            titles.append(f"Wiki Loves {contest} {year[p]} in {country}")
        else:
            template = PROGRAM_TITLES[programs.kind[p]]
            titles.append(
                template.format(theme=THEME_PHRASES[theme[p]], country=country, year=year[p])
            )
    return np.array(titles, dtype=object)


def _home_wikis(programs: _Programs, countries: _Countries) -> np.ndarray:
    """The wiki a program works on: Commons for photo contests, else a language of its
    country (Wikidata for some campaigns)."""
    wikis_of = {
        code: wikis.split() for codes, wikis in HOME_WIKIS.items() for code in codes.split()
    }
    wiki = []
    for p in range(len(programs)):
        code = countries.code[programs.country[p]]
        options = wikis_of.get(code) or [REGION_WIKI.get(REGIONS[programs.region[p]], DEFAULT_WIKI)]
        wiki.append(options[p % len(options)])
    wiki = np.array(wiki, dtype=object)
    wiki[programs.kind == PHOTO_CONTEST] = "commonswiki"
    wiki[(programs.kind == CAMPAIGN) & (np.arange(len(programs)) % 5 == 0)] = "wikidatawiki"
    return wiki


def _program_ids(n: int) -> np.ndarray:
    return np.array([f"P-{i + 1:06d}" for i in range(n)], dtype=object)


def _write_programs(
    out_dir: Path,
    programs: _Programs,
    countries: _Countries,
    grants: _Grants,
    organizations: _Organizations,
) -> int:
    grant_ids = np.concatenate([[""], _grant_ids(grants)]).astype(object)
    frame = pd.DataFrame(
        {
            "program_id": _program_ids(len(programs)),
            "title": _program_titles(programs, countries),
            "program_type": np.asarray(PROGRAM_TYPES, dtype=object)[programs.kind],
            "themes": _THEME_STRINGS[programs.themes],
            "country": countries.code[programs.country],
            "start_date": _iso(programs.start),
            "end_date": _iso(programs.end),
            "grant_id": grant_ids[programs.grant + 1],
            "organization_id": _organization_ids(len(organizations))[programs.organization + 1],
            "home_wiki": _home_wikis(programs, countries),
        }
    )
    return _write_csv(frame, out_dir / "programs.csv", PROGRAMS_COLUMNS)


# --- roles ------------------------------------------------------------------------------


def _write_roles(
    rng: np.random.Generator,
    out_dir: Path,
    grants: _Grants,
    leaders: _Leaders,
    organizations: _Organizations,
    countries: _Countries,
    usernames: _Usernames,
    lead_country: np.ndarray,
) -> int:
    """Leadership roles outside events: grant leads of organizations, Regional Fund
    Committee members, affiliate board members, standing trainers and mentors."""
    first_lead = np.full(len(lead_country), NEVER)
    np.minimum.at(first_lead, grants.lead[grants.funded], grants.decided[grants.funded])
    active_until = np.concatenate(
        [leaders.active_until, np.full(len(lead_country) - len(leaders), NEVER)]
    )
    seats = 4 + round(len(grants) / 1_500)
    parts = [
        _grant_lead_roles(rng, grants, organizations),
        _committee_roles(rng, first_lead, lead_country, active_until, countries, seats),
        _board_roles(rng, first_lead, lead_country, organizations),
        _trainer_roles(rng, leaders),
    ]
    frame = pd.concat(parts, ignore_index=True).sort_values(["start", "person"], kind="stable")
    frame = pd.DataFrame(
        {
            "username": usernames(frame["person"].to_numpy()),
            "role": frame["role"].to_numpy(),
            "body": frame["body"].to_numpy(),
            "country": countries.code[frame["country"].to_numpy()],
            "start_date": _iso(frame["start"].to_numpy()),
            "end_date": _iso(frame["end"].to_numpy()),
        }
    )
    return _write_csv(frame, out_dir / "roles.csv", ROLES_COLUMNS)


def _role_rows(
    person: np.ndarray,
    role: str,
    body: np.ndarray,
    country: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
) -> pd.DataFrame:
    """Role rows; an end after the data's last day is left blank (still serving)."""
    end = np.where(end > DATA_END, -1, end)
    return pd.DataFrame(
        {
            "person": person,
            "role": role,
            "body": body,
            "country": country,
            "start": start,
            "end": end,
        }
    )


def _grant_lead_roles(
    rng: np.random.Generator, grants: _Grants, organizations: _Organizations
) -> pd.DataFrame:
    """Most leads of organizations' funded grants hold a lead role there, from the first
    decision to the end of their last grant."""
    funded = np.flatnonzero(grants.funded & (grants.organization >= 0))
    spells = (
        pd.DataFrame(
            {
                "person": grants.lead[funded],
                "organization": grants.organization[funded],
                "start": grants.decided[funded],
                "end": grants.end[funded],
            }
        )
        .groupby(["person", "organization"], as_index=False)
        .agg(start=("start", "min"), end=("end", "max"))
    )
    spells = spells[rng.random(len(spells)) < 0.6]
    organization = spells["organization"].to_numpy()
    return _role_rows(
        spells["person"].to_numpy(),
        "grant_lead",
        organizations.name[organization],
        organizations.country[organization],
        spells["start"].to_numpy(),
        spells["end"].to_numpy(),
    )


def _committee_roles(
    rng: np.random.Generator,
    first_lead: np.ndarray,
    lead_country: np.ndarray,
    active_until: np.ndarray,
    countries: _Countries,
    seats: int,
) -> pd.DataFrame:
    """Regional Fund Committees from 2021: each year, open seats go to people of the region
    who have led a funded grant; members serve two to three years."""
    region = countries.region[lead_country]
    served = np.zeros(len(first_lead), dtype=bool)
    person, start, end = [], [], []
    for year in range(5):
        day = COMMITTEES_FOUNDED + 365 * year
        for r in range(len(REGIONS)):
            sitting = sum(
                1
                for p, s, e in zip(person, start, end, strict=True)
                if region[p] == r and s <= day < e
            )
            able = ~served & (region == r) & (first_lead < day) & (active_until >= day)
            chosen = rng.permutation(np.flatnonzero(able))[: max(seats - sitting, 0)]
            served[chosen] = True
            for p in chosen:
                begins = day + int(rng.integers(0, 60))
                person.append(int(p))
                start.append(begins)
                end.append(begins + int(rng.integers(730, 1096)))
    person_ids = np.array(person, dtype=np.int64)
    start_days = np.array(start, dtype=np.int64)
    # Before July 2023 MENA and SSA shared one committee, MEA.
    body_region = np.array([REGIONS[r] for r in region[person_ids]], dtype=object)
    merged = np.isin(body_region, ["MENA", "SSA"]) & (start_days < _day("2023-07-01"))
    body_region[merged] = "MEA"
    body = np.array([f"{b} Regional Fund Committee" for b in body_region], dtype=object)
    return _role_rows(
        person_ids,
        "committee_member",
        body,
        lead_country[person_ids],
        start_days,
        np.array(end, dtype=np.int64),
    )


def _board_roles(
    rng: np.random.Generator,
    first_lead: np.ndarray,
    lead_country: np.ndarray,
    organizations: _Organizations,
) -> pd.DataFrame:
    """About a third of affiliates have one or two board members among the grant leads of
    their country, joining some months after first leading a grant."""
    person, organization, start = [], [], []
    leads = np.flatnonzero(first_lead < NEVER)
    for o in np.flatnonzero(
        (organizations.kind <= USER_GROUP) & (rng.random(len(organizations)) < 0.35)
    ):
        local = leads[lead_country[leads] == organizations.country[o]]
        for p in rng.permutation(local)[: rng.integers(1, 3)]:
            begins = max(
                int(first_lead[p]) + int(rng.integers(60, 400)), int(organizations.recognized[o])
            )
            if begins <= DATA_END:
                person.append(int(p))
                organization.append(int(o))
                start.append(begins)
    person_ids = np.array(person, dtype=np.int64)
    organization_ids = np.array(organization, dtype=np.int64)
    start_days = np.array(start, dtype=np.int64)
    served = rng.random(len(person_ids)) < 0.4
    end = np.where(served, start_days + rng.integers(365, 1100, len(person_ids)), -1)
    return _role_rows(
        person_ids,
        "affiliate_board",
        organizations.name[organization_ids],
        organizations.country[organization_ids],
        start_days,
        end,
    )


def _trainer_roles(rng: np.random.Generator, leaders: _Leaders) -> pd.DataFrame:
    """Half the leaders who train or mentor also hold that role in a standing programme."""
    person = np.flatnonzero((leaders.trainer_stage < NEVER) & (rng.random(len(leaders)) < 0.5))
    role = leaders.first_trainer_role[person]
    body = np.where(role == TRAINER, "Train the Trainer", "Wikimedia mentorship programme").astype(
        object
    )
    start = leaders.trainer_stage[person]
    ended = rng.random(len(person)) < 0.4
    end = np.where(ended, start + rng.integers(365, 1100, len(person)), -1)
    frames = [
        _role_rows(
            person[role == r],
            ROLES[r],
            body[role == r],
            leaders.country[person[role == r]],
            start[role == r],
            end[role == r],
        )
        for r in TRAINER_ROLES
    ]
    return pd.concat(frames, ignore_index=True)


# --- budgets and active editors ---------------------------------------------------------


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


# --- participation ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Crowd:
    """Where people live and which programs they can reach: programs indexed by country,
    region and date, and each country's share of people (its programs' total size)."""

    programs: _Programs
    by_country: _WindowIndex
    by_region: _WindowIndex
    by_world: _WindowIndex
    country_share: np.ndarray
    region_of: np.ndarray

    @classmethod
    def build(cls, programs: _Programs, countries: _Countries) -> _Crowd:
        size = np.bincount(programs.country, programs.size, len(countries.code))
        return cls(
            programs=programs,
            by_country=_WindowIndex.build(programs.country, programs.start, programs.size),
            by_region=_WindowIndex.build(programs.region, programs.start, programs.size),
            by_world=_WindowIndex.build(
                np.zeros(len(programs), dtype=np.int64), programs.start, programs.size
            ),
            country_share=size / size.sum(),
            region_of=countries.region,
        )


def _write_participation(
    rng: np.random.Generator,
    out_dir: Path,
    participations: int,
    programs: _Programs,
    countries: _Countries,
    leaders: _Leaders,
    staff: _Staff,
    first_crowd_person: int,
    usernames: _Usernames,
    report: Progress,
) -> int:
    """Leaders' rows first, then the crowd in chunks until `participations` rows are out;
    the crowd's spread (programs per returning person) steers people towards a tenth of
    the rows."""
    program_ids = _program_ids(len(programs))
    crowd = _Crowd.build(programs, countries)
    path = out_dir / "participation.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        written = _write_leader_rows(rng, handle, programs, leaders, staff, program_ids, usernames)
        report(path.name, written)
        target_rows = participations - written
        target_people = max(1, round(participations * PEOPLE_PER_PARTICIPATION) - len(leaders))
        mean_rows = max(1.0, target_rows / target_people)
        spread = _initial_spread(mean_rows)
        chunk_people = int(np.clip(target_people // 20, 50, CHUNK_ROWS / mean_rows))
        next_person = first_crowd_person
        while written < participations:
            person, program = _crowd_chunk(rng, crowd, chunk_people, spread)
            rows_per_person = np.bincount(person, minlength=chunk_people)
            fits = np.cumsum(rows_per_person) <= participations - written
            if not fits[0]:
                break
            keep = fits[person]
            person, program = person[keep], program[keep]
            people = int(fits.sum())
            _write_crowd_rows(
                rng, handle, programs, person, program, next_person, people, program_ids, usernames
            )
            written += len(person)
            next_person += people
            report(path.name, len(person))
            # Repeats and small countries cut people's programs short: steer the spread so
            # that rows per person keep to the target.
            achieved = len(person) / people
            spread *= float(np.clip((mean_rows - 1) / max(achieved - 1, 0.05), 0.75, 1.33))
    return written


def _initial_spread(mean_rows: float) -> float:
    """The spread that gives `mean_rows` rows per person when returning people take
    2 + spread x LogNormal(0, sigma) programs on average and the others one."""
    returning_mean = (mean_rows - 1 + RETURNING_SHARE) / RETURNING_SHARE
    return max(0.0, (returning_mean - 2) / np.exp(RETURNING_SIGMA**2 / 2))


def _write_leader_rows(
    rng: np.random.Generator,
    handle: TextIO,
    programs: _Programs,
    leaders: _Leaders,
    staff: _Staff,
    program_ids: np.ndarray,
    usernames: _Usernames,
) -> int:
    """Leaders' participant rows and their staff rows, in order of program start."""
    kind = programs.kind[leaders.rows_program]
    person = np.concatenate([leaders.rows_person, staff.person])
    program = np.concatenate([leaders.rows_program, staff.program])
    role = np.concatenate([np.where(kind == MENTORSHIP, MENTEE, PARTICIPANT), staff.role])
    by_person = np.lexsort((programs.start[program], person))
    first_row = by_person[_run_starts(person[by_person])]
    first = np.full(len(leaders), -1)
    first[person[first_row]] = program[first_row]
    registered = np.full(len(leaders), DATA_START)
    seen = first >= 0
    registered[seen] = _registration(
        rng, programs.start[first[seen]], programs.end[first[seen]], LEADER_NEW_ACCOUNT_SHARE
    )
    # Veterans were editing long before they organized.
    veteran = leaders.veteran
    registered[veteran] = np.minimum(
        registered[veteran],
        leaders.organizer_from[veteran] - rng.integers(365, 3650, veteran.sum()),
    )
    registered = _after_launch(rng, registered)
    order = np.lexsort((person, programs.start[program]))
    person, program, role = person[order], program[order], role[order]
    gender = _genders(rng, len(leaders), LEADER_GENDER_MIX)
    frame = _participation_frame(
        rng,
        programs,
        program,
        role,
        usernames(np.arange(len(leaders)))[person],
        registered[person],
        gender[person],
        np.log(leaders.activity)[person],
        program_ids,
    )
    frame.to_csv(handle, index=False, lineterminator="\n")
    return len(frame)


def _write_crowd_rows(
    rng: np.random.Generator,
    handle: TextIO,
    programs: _Programs,
    person: np.ndarray,
    program: np.ndarray,
    first_person: int,
    people: int,
    program_ids: np.ndarray,
    usernames: _Usernames,
) -> None:
    """One chunk of the crowd; rows come sorted by person, then start, so a person's first
    row is their first program."""
    first_row = _run_starts(person)
    first = program[first_row]
    registered = _after_launch(
        rng, _registration(rng, programs.start[first], programs.end[first], NEW_ACCOUNT_SHARE)
    )
    gender = _genders(rng, people, GENDER_MIX)
    activity = rng.normal(0.0, 0.5, people)
    role = np.where(programs.kind[program] == MENTORSHIP, MENTEE, PARTICIPANT)
    frame = _participation_frame(
        rng,
        programs,
        program,
        role,
        usernames(np.arange(people) + first_person)[person],
        registered[person],
        gender[person],
        activity[person],
        program_ids,
    )
    frame.to_csv(handle, index=False, header=False, lineterminator="\n")


def _participation_frame(
    rng: np.random.Generator,
    programs: _Programs,
    program: np.ndarray,
    role: np.ndarray,
    username: np.ndarray,
    registered: np.ndarray,
    gender: np.ndarray,
    activity: np.ndarray,
    program_ids: np.ndarray,
) -> pd.DataFrame:
    """Participation rows with contributions drawn for each."""
    counts = _contributions(rng, programs.kind[program], activity)
    frame = pd.DataFrame(
        {
            "program_id": program_ids[program],
            "username": username,
            "role": np.asarray(ROLES, dtype=object)[role],
            "registered_at": _iso(registered),
            **counts,
            "gender": gender,
        }
    )
    return frame[PARTICIPATION_COLUMNS]


def _crowd_chunk(
    rng: np.random.Generator, crowd: _Crowd, n: int, spread: float
) -> tuple[np.ndarray, np.ndarray]:
    """Programs of `n` new people (local ids 0..n-1), sorted by person and start. Each has
    a first (anchor) program in their country; returning people add more within a window
    around it, mostly in their country, else their region or anywhere (online campaigns)."""
    programs = crowd.programs
    country = rng.choice(len(crowd.country_share), n, p=crowd.country_share)
    anchor, _ = crowd.by_country.draw(rng, country, 0, NEVER)
    returning = rng.random(n) < RETURNING_SHARE
    more = np.floor(1 + spread * rng.lognormal(0.0, RETURNING_SIGMA, n)).astype(np.int64)
    more = np.where(returning, np.minimum(more, min(MAX_PROGRAMS_PER_PERSON, len(programs)) - 1), 0)
    span = np.clip(120 * (1 + more) ** 0.75 * rng.lognormal(0.0, 0.3, n), 14, 2600).astype(np.int64)
    opens = programs.start[anchor] - np.floor(rng.random(n) * span).astype(np.int64)
    person, program, priority = _seek_programs(rng, crowd, country, more, opens, opens + span)
    person = np.concatenate([np.arange(n), person])
    program = np.concatenate([anchor, program])
    priority = np.concatenate([np.full(n, -1.0), priority])
    # One row per person and program (the anchor wins), then up to 1 + more per person,
    # home first.
    order = np.lexsort((priority, program, person))
    person, program, priority = person[order], program[order], priority[order]
    unique = _run_starts(person) | _run_starts(program)
    person, program, priority = person[unique], program[unique], priority[unique]
    order = np.lexsort((priority, person))
    person, program = person[order], program[order]
    keep = _rank_within(person) <= more[person]
    person, program = person[keep], program[keep]
    order = np.lexsort((programs.start[program], person))
    return person[order], program[order]


def _seek_programs(
    rng: np.random.Generator,
    crowd: _Crowd,
    country: np.ndarray,
    more: np.ndarray,
    opens: np.ndarray,
    closes: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (person, program, priority) rows for `more` programs per person in their
    window: at home as far as the country's programs allow, then in the rest of the region,
    then anywhere. Priority orders home before region before world."""
    region = crowd.region_of[country]
    low, high = crowd.by_country.bounds(country, opens, closes)
    at_home = high - low
    low, high = crowd.by_region.bounds(region, opens, closes)
    home = np.minimum(np.round(HOME_COUNTRY_SHARE * more), 0.9 * at_home)
    near = np.minimum(np.round(0.6 * (more - home)), 0.9 * (high - low - at_home))
    wanted = (home, near, more - home - near)
    scopes = (
        (crowd.by_country, country),
        (crowd.by_region, region),
        (crowd.by_world, np.zeros(len(country), dtype=np.int64)),
    )
    person, program, priority = [], [], []
    for level, ((index, group), want) in enumerate(zip(scopes, wanted, strict=True)):
        # Drawing twice as many as wanted covers most of a small window despite repeats.
        who = np.repeat(np.arange(len(country)), np.ceil(2 * np.maximum(want, 0)).astype(np.int64))
        candidate, found = index.draw(rng, group[who], opens[who], closes[who])
        person.append(who[found])
        program.append(candidate[found])
        priority.append(level + rng.random(found.sum()))
    return np.concatenate(person), np.concatenate(program), np.concatenate(priority)


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


def _registration(
    rng: np.random.Generator, first_start: np.ndarray, first_end: np.ndarray, new_share: float
) -> np.ndarray:
    """Account registration relative to a person's first program: new accounts a few days
    before or during it (some exactly 14 days before, on the start or on the end date, the
    edges of the new-editor definitions), the others years earlier."""
    n = len(first_start)
    kind = rng.choice(4, n, p=(0.25, 0.2, 0.1, 0.45))
    around = (
        first_start - 5 + np.floor(rng.random(n) * (first_end - first_start + 6)).astype(np.int64)
    )
    new = np.choose(kind, [first_start - 14, first_start, first_end, around])
    old = first_start - 30 - np.round(365 * rng.lognormal(np.log(4), 0.7, n)).astype(np.int64)
    return np.where(rng.random(n) < new_share, new, old)


def _after_launch(rng: np.random.Generator, registered: np.ndarray) -> np.ndarray:
    """Registrations drawn before Wikipedia existed move into its first five years."""
    early = registered < WIKIPEDIA_LAUNCH
    moved = WIKIPEDIA_LAUNCH + rng.integers(0, 5 * 365, len(registered))
    return np.where(early, moved, registered)


def _genders(rng: np.random.Generator, n: int, mix) -> np.ndarray:
    """Self-reported gender for some people, blank for the rest."""
    reported = rng.random(n) < GENDER_REPORTED_SHARE
    gender = np.asarray(GENDERS, dtype=object)[rng.choice(len(mix), n, p=mix)]
    return np.where(reported, gender, "").astype(object)


def _contributions(
    rng: np.random.Generator, kind: np.ndarray, activity: np.ndarray
) -> dict[str, np.ndarray]:
    """Skewed counts: many zeros, a long tail; uploads mostly in photo contests."""
    median, none, creating, uploads_median, uploading = np.asarray(CONTRIBUTIONS)[kind].T
    n = len(kind)
    typical = median * np.exp(activity) * rng.lognormal(0.0, 1.1, n)
    edits = np.where(rng.random(n) < none, 0, np.clip(np.round(typical), 1, MAX_EDITS)).astype(
        np.int64
    )
    bytes_added = np.round(edits * rng.lognormal(np.log(350), 0.9, n)).astype(np.int64)
    created = rng.binomial(edits, creating)
    edited = created + rng.binomial(edits - created, 0.35)
    uploads = np.where(
        rng.random(n) < uploading,
        np.maximum(1, np.round(uploads_median * rng.lognormal(0.0, 1.2, n))),
        0,
    ).astype(np.int64)
    return {
        "edits": edits,
        "bytes_added": bytes_added,
        "articles_created": created,
        "articles_edited": edited,
        "uploads": uploads,
    }
