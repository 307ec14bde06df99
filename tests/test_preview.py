"""Previewing a file before loading it: its kind and rows, or exactly the line the load would
fail with, and the warehouse untouched."""

from etl.load import load
from etl.preview import preview
from tests.conftest import GRANTS_HEADER, GRANTS_ROWS, file_sha256, write_csv


def test_preview_names_the_kind_and_rows_of_a_canonical_file(tmp_path):
    path = write_csv(tmp_path / "grants.csv", GRANTS_HEADER, GRANTS_ROWS)
    seen = preview(path)
    assert (seen.kind, seen.parts, seen.error) == ("grants", (("grants", len(GRANTS_ROWS)),), None)


def test_preview_of_a_bad_file_says_the_line_the_load_fails_with(tmp_path, loaded_db):
    path = tmp_path / "mystery.csv"
    path.write_text("colour,flavour\nred,sweet\n", encoding="utf-8")
    before = file_sha256(loaded_db)
    seen = preview(path)
    (result,) = load([path], loaded_db)
    assert seen.error == result.error
    assert seen.error.startswith("mystery.csv, row 1: unrecognised kind of file")
    assert file_sha256(loaded_db) == before
