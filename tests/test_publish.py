"""`python -m etl publish`: open-data CSVs with suppression, and a data dictionary that cannot
drift from them (the fixtures are those of tests/metrics_fixture.py)."""

import csv

import pytest

import queries
from etl.publish import DICTIONARY, TYPES, UNITS, publish
from queries import privacy
from tests.metrics_fixture import METRICS, build, privacy_files

FILES = [
    "funding_by_region_year.csv",
    "funding_concentration_year.csv",
    "participation_by_region_year.csv",
    "themes_by_year.csv",
    "pathway_stages.csv",
    "pathway_representation.csv",
    "leadership_rotation.csv",
    "leaders_with_several_roles.csv",
    "pathway_transitions.csv",
    "data_dictionary.csv",
]


@pytest.fixture(scope="module")
def metrics_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("publish_metrics"), METRICS)


@pytest.fixture(scope="module")
def privacy_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("publish_privacy"), privacy_files())


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def header(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def test_publish_writes_the_core_files_and_the_data_dictionary(metrics_db, tmp_path):
    written = publish(metrics_db, tmp_path / "out", k=5)
    assert [p.name for p in written] == FILES
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES)


def test_every_published_header_is_the_dictionary_and_the_dictionary_lists_it(metrics_db, tmp_path):
    publish(metrics_db, tmp_path, k=5)
    for file in DICTIONARY:
        assert header(tmp_path / file.name) == [c.name for c in file.columns], file.name
    documented = [(r["file"], r["column"]) for r in read(tmp_path / "data_dictionary.csv")]
    assert documented == [(f.name, c.name) for f in DICTIONARY for c in f.columns]


def test_the_dictionary_accounts_for_every_column_the_queries_return(metrics_db):
    con = queries.connect(metrics_db)
    try:
        for file in DICTIONARY:
            text = queries.sql(file.query)
            returned = list(queries.run(con, file.query, privacy.bind(text, {}, 5)).columns)
            documented = [c.name for c in file.columns]
            assert sorted(returned) == sorted([*documented, *file.fixed, *file.left_out]), file.name
    finally:
        con.close()


def test_the_dictionary_uses_the_documented_types_and_units():
    for file in DICTIONARY:
        for column in file.columns:
            assert column.type in TYPES and column.unit in UNITS, (file.name, column.name)
            assert column.definition.endswith("."), (file.name, column.name)
        flags = [c.name for c in file.columns if c.name.endswith("_suppressed")]
        for people in file.people_columns():
            assert f"{people}_suppressed" in flags, (file.name, people)


@pytest.mark.parametrize("k", [2, 5, 7])
def test_no_published_people_column_holds_a_count_from_1_to_k_minus_1(
    metrics_db, privacy_db, tmp_path, k
):
    for db in (metrics_db, privacy_db):
        out = tmp_path / db.parent.name
        publish(db, out, k=k)
        for file in DICTIONARY:
            for row in read(out / file.name):
                for column in file.people_columns():
                    value = row[column]
                    assert value == "" or not 1 <= int(value) < k, (file.name, column, row)
                    assert (value == "") == (row[f"{column}_suppressed"] == "true")


def test_k_comes_from_growth_k_when_not_given(privacy_db, tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTH_K", "7")
    publish(privacy_db, tmp_path)
    rows = read(tmp_path / "participation_by_region_year.csv")
    nwe = next(r for r in rows if (r["fiscal_year"], r["region"]) == ("FY2022-23", "NWE"))
    assert nwe["participants"] == "7"  # k = 7 shows 7
    ssa = next(r for r in rows if (r["fiscal_year"], r["region"]) == ("FY2023-24", "SSA"))
    assert (ssa["participants"], ssa["participants_suppressed"]) == ("", "true")  # 6 < 7


def test_suppressed_cells_are_published_blank_with_their_flag(privacy_db, tmp_path):
    publish(privacy_db, tmp_path, k=5)
    rows = {
        (r["fiscal_year"], r["region"]): r
        for r in read(tmp_path / "participation_by_region_year.csv")
    }
    for region in ("SSA", "SA"):  # SSA 3, and SA 6 with it so that ALL 24 gives nothing away
        row = rows[("FY2022-23", region)]
        assert (row["participants"], row["participants_suppressed"]) == ("", "true")
        assert row["participations"] == row["edits"] == ""
    assert rows[("FY2022-23", "ALL")]["participants"] == "24"
    assert rows[("FY2022-23", "NWE")]["participants_suppressed"] == "false"


def test_all_rows_count_people_once(metrics_db, tmp_path):
    publish(metrics_db, tmp_path, k=2)
    rows = {
        (r["fiscal_year"], r["region"]): r
        for r in read(tmp_path / "participation_by_region_year.csv")
    }
    # Ada took part in Kenya and in India / Pakistan: SSA 2 + SA 8, but 9 people in all.
    assert rows[("FY2023-24", "SSA")]["participants"] == "2"
    assert rows[("FY2023-24", "SA")]["participants"] == "8"
    assert rows[("FY2023-24", "ALL")]["participants"] == "9"
    assert rows[("FY2023-24", "ALL")]["participations"] == "10"


def test_published_numbers_are_plain_and_shares_are_fractions(metrics_db, tmp_path):
    publish(metrics_db, tmp_path, k=2)
    funding = {
        (r["fiscal_year"], r["region"]): r for r in read(tmp_path / "funding_by_region_year.csv")
    }
    total = funding[("FY2022-23", "ALL")]
    assert total["awarded_usd"] == "56000"
    assert total["funding_ratio"] == "0.835821"  # 56000 / 67000
    assert total["median_days_to_decision"] == "30"
    concentration = {r["fiscal_year"]: r for r in read(tmp_path / "funding_concentration_year.csv")}
    assert concentration["FY2023-24"]["gini_grantee"] == "0.4375"
    assert concentration["FY2023-24"]["hhi_region"] == "3867.1875"
    for file in DICTIONARY:
        shares = [c.name for c in file.columns if c.unit == "share"]
        for row in read(tmp_path / file.name):
            for column in shares:
                assert row[column] == "" or 0 <= float(row[column]) <= 1, (file.name, column)


def test_representation_is_a_gender_s_share_of_a_stage_beside_its_share_of_everyone(
    metrics_db, tmp_path
):
    publish(metrics_db, tmp_path, k=2)
    rows = {
        (r["gender"], r["stage"]): r
        for r in read(tmp_path / "pathway_representation.csv")
        if (r["cohort"], r["region"]) == ("ALL", "ALL")
    }
    # 6 of the 14 on the pathway are women; of the 9 who reached returning participant or
    # higher, 4 are (Ada; Eve and Fay, mentor and trainer; Lena, grant lead)
    women = rows[("woman", "returning")]
    assert women["people_reached"] == "4"
    assert float(women["share_of_stage"]) == pytest.approx(4 / 9)
    assert float(women["share_of_participants"]) == pytest.approx(6 / 14)
