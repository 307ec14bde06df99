"""The open-data bundle: a zip of the published CSVs, the dictionary, a README and a
Frictionless Data Package that the `frictionless` package validates against the real files."""

import csv
import json
import zipfile

import pytest
from frictionless import validate

from etl.publish import DICTIONARY, publish
from report import bundle
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("bundle_metrics"), METRICS)
    out = tmp_path_factory.mktemp("bundle_out")
    written = publish(db, out, k=5)
    archive = bundle.write(out, written, k=5, freshness="2026-11-20")
    return out, archive


def test_bundle_zip_holds_every_csv_the_dictionary_the_readme_and_the_package(published):
    out, archive = published
    names = sorted(zipfile.ZipFile(archive).namelist())
    expected = sorted(
        [f.name for f in DICTIONARY] + ["data_dictionary.csv", "README.md", "datapackage.json"]
    )
    assert names == expected


def test_datapackage_is_valid_against_the_published_files(published):
    out, _ = published
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_names_every_column_of_the_dictionary_with_its_type_and_definition(published):
    out, _ = published
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"] if r["path"] != "data_dictionary.csv"}
    with open(out / "data_dictionary.csv", newline="", encoding="utf-8") as f:
        dictionary = list(csv.DictReader(f))
    assert len(dictionary) == sum(len(r["schema"]["fields"]) for r in resources.values())
    types = {"text": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
    for row in dictionary:
        fields = {f["name"]: f for f in resources[row["file"]]["schema"]["fields"]}
        assert fields[row["column"]]["type"] == types[row["type"]]
        assert fields[row["column"]]["description"] == row["definition"]


def test_readme_states_the_suppression_rule_with_k(published):
    out, _ = published
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "Counts of people from 1 to 4 are hidden (k = 5)" in text
    for file in DICTIONARY:
        assert f"`{file.name}`" in text
