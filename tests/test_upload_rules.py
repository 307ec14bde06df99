"""Who may load files from the Data page, and how large they may be: off without a token, the
token compared exactly, a size limit from the environment with a safe fallback."""

from ui.upload import DEFAULT_MAX_MB, MAX_MB_ENV, max_mb, refusal, too_large


def test_uploading_is_off_until_a_token_is_configured():
    assert refusal("anything", None).startswith("Uploading is off.")


def test_only_the_configured_token_lets_an_upload_through():
    assert refusal("", "s3cret") == "Type the upload token to load files."
    assert refusal("s3cret ", "s3cret").startswith("Refused:")
    assert refusal("S3CRET", "s3cret").startswith("Refused:")
    assert refusal("s3cret", "s3cret") is None


def test_the_size_limit_comes_from_the_environment_and_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv(MAX_MB_ENV, "2")
    assert max_mb() == 2
    assert too_large(2 * 1024 * 1024, 2) is False
    assert too_large(2 * 1024 * 1024 + 1, 2) is True
    for bad in ("0", "-3", "lots"):
        monkeypatch.setenv(MAX_MB_ENV, bad)
        assert max_mb() == DEFAULT_MAX_MB == 50
