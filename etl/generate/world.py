"""The synthetic world's calibration: published Community Fund figures, mixes, shares and
the dates every generator module shares.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

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

ROLES = reference.PARTICIPATION_ROLES  # the indices below follow its order
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
VOLUNTEER_GENDER_MIX = (0.33, 0.57, 0.04, 0.06)  # as few women as among leaders
GENDER_REPORTED_SHARE = 0.4
# Organizers answer the organizer survey more often than participants answer theirs.
LEADER_GENDER_REPORTED_SHARE = 0.6

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
# Most organizers never lead a grant: volunteers who help run programs at home, a share of
# whom go on to train or mentor (etl/generate/volunteers.py).
VOLUNTEERS_PER_LEADER = 2.0
VOLUNTEER_PROGRAMS = 7  # at most, 1 + Binomial(6, 0.35): about three
VOLUNTEER_ROLE_MIX = (0.55, 0.30, 0.15)  # volunteer, organizer, facilitator
VOLUNTEER_TRAINER_SHARE = 0.4
VOLUNTEER_QUICK_SHARE = 0.12  # help run programs after their first
VOLUNTEER_DIRECT_TRAINER_SHARE = 0.06  # mentor or train without running programs
VOLUNTEER_DROPOUT_SHARE = 0.45

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
# Regional Fund Committees (one per region) and affiliate boards (etl/generate/roles.py).
COMMITTEE_SEATS = (9, 13)  # the smallest region's committee, the largest's
COMMITTEE_TERM_YEARS = 2
COMMITTEE_REELECTION = 0.3
COMMITTEE_TRAINER_CHANCE = 0.25  # a seat goes to a trainer or mentor who never led a grant
BOARD_SEATS_CHAPTER = (4, 8)  # drawn from [low, high)
BOARD_SEATS_USER_GROUP = (3, 5)
BOARD_USER_GROUP_SHARE = 0.35  # of user groups that list a board
BOARD_ORGANIZER_CHANCE = 0.3  # a seat goes to an organizer who never led a grant
BOARD_REELECTION = 0.5
SEATING_DAYS = 45  # from a renewal to the new member's first day
_DAY_KEY = 100_000  # day numbers stay below this, so group * _DAY_KEY + day sorts by both
_DATE_TABLE_START = _day("2000-01-01")
_DATE_TABLE = np.arange(np.datetime64("2000-01-01"), np.datetime64("2032-01-01")).astype(str)
_DATE_TABLE = _DATE_TABLE.astype(object)
