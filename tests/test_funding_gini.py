"""One Gini for one selection (SPEC §5): the Lorenz curve's query gives the exact Gini of the
grantee totals it draws, equal to the per-year Gini when one fiscal year is chosen, and its
curve is the exact one (a single grantee is the diagonal, Gini 0), on the hand-built grants of
tests/metrics_fixture.py (FY2022-23: O1 4000, O3 50000, Lena 2000; Gini 4/7)."""

import pytest

import queries
from queries import privacy
from tests.metrics_fixture import METRICS, build


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("gini"), METRICS)
    connection = queries.connect(db)
    yield connection
    connection.close()


def run(con, name, **filters):
    return queries.run(con, name, privacy.bind(queries.sql(name), filters, 5))


def test_the_lorenz_gini_of_one_fiscal_year_is_that_years_gini(con):
    curve = run(con, "grantee_lorenz_curve", fiscal_years=["FY2022-23"])
    year = run(con, "funding_concentration_year", fiscal_years=["FY2022-23"]).iloc[0]
    # 2000, 4000, 50000: (−2·2000 + 0·4000 + 2·50000) / (3 · 56000) = 96000 / 168000 = 4/7
    assert curve["gini"].iloc[0] == pytest.approx(4 / 7)
    assert year.gini_grantee == pytest.approx(4 / 7)


def test_the_lorenz_curve_passes_through_each_grantee_exactly(con):
    curve = run(con, "grantee_lorenz_curve", fiscal_years=["FY2022-23"]).set_index("grantee_share")[
        "awarded_share"
    ]
    # a third of the grantees (Lena) got 2000 of 56000; half is Lena and half of O1: 4000/56000
    assert curve.loc[0.0] == 0
    assert curve.loc[0.5] == pytest.approx(4000 / 56000)
    assert curve.loc[1.0] == pytest.approx(1.0)


def test_a_single_grantee_is_the_diagonal_with_gini_zero(con):
    curve = run(con, "grantee_lorenz_curve", fiscal_years=["FY2022-23"], regions=["SSA"])
    assert curve["gini"].iloc[0] == pytest.approx(0)
    assert curve["awarded_share"].tolist() == pytest.approx(curve["grantee_share"].tolist())
