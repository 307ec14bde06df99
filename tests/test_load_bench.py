"""bench/load_bench.py's ratio: the load against the median of several bare reads, so that one
slow or fast bare read (the denominator moves by a third between runs on a shared host) does
not move the ratio by as much."""

from __future__ import annotations

from bench.load_bench import print_ratio


def printed(capsys) -> str:
    """What print_ratio printed, each run of spaces as one (the columns' widths are not the
    contract)."""
    return "\n".join(" ".join(line.split()) for line in capsys.readouterr().out.splitlines())


def test_the_ratio_is_taken_against_the_median_bare_read(capsys):
    # bare reads of 10, 12 and 20 s (CPU 8, 9, 11): medians 12 s and 9 CPU s
    print_ratio([(10.0, 8.0, 100.0), (20.0, 11.0, 120.0), (12.0, 9.0, 110.0)], (42.0, 27.0, 900.0))
    out = printed(capsys)
    assert "bare read_csv 1: 10.0 s 8.0 s CPU 100 MB peak (before the load)" in out
    assert "bare read_csv 2: 20.0 s 11.0 s CPU 120 MB peak (after the load)" in out
    assert "bare median: 12.0 s 9.0 s CPU (of 3 runs)" in out
    # 42 / 12 = 3.50, 27 / 9 = 3.00
    assert "ratio: 3.50 x 3.00 x CPU (to the median bare read" in out
    # 42 / 20 = 2.10 … 42 / 10 = 4.20; 27 / 11 = 2.45 … 27 / 8 = 3.38
    assert "ratio range: 2.10–4.20 x 2.45–3.38 x CPU" in out


def test_a_single_bare_read_is_its_own_median(capsys):
    print_ratio([(5.0, 4.0, 50.0)], (20.0, 14.0, 400.0))
    out = printed(capsys)
    assert "(of 1 runs)" in out
    assert "ratio: 4.00 x 3.50 x CPU" in out
