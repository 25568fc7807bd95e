"""Conversions between λ conventions (REFERENCE.md §1), checked on reference values and round trips."""
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rlct import conventions as cv
from rlct.errors import InputError
from rlct.newton import newton_value

F = Fraction

# (K described, Watanabe λ of K, Lin's RLCT of the ideal, RLCT(|f|) for K = f² or None)
TABLE = [
    ("x²", F(1, 2), F(1), F(1)),                          # RLCT(|x|) = 1, Lin's RLCT of <x> = 1
    ("x² + y²", F(1), F(2), None),                        # regular, d = 2: λ = d/2
    ("x²y²", F(1, 2), F(1), F(1)),                        # RLCT(|xy|) = 1 (m = 2 everywhere)
    ("(x² − y³)²", F(5, 12), F(5, 6), F(5, 6)),          # RLCT(|x² − y³|) = 1/2 + 1/3
    ("y⁴ + x⁶", F(5, 12), F(5, 6), None),                 # ideal <y², x³>
]


@pytest.mark.parametrize("name,lam,lin,rlct_abs", TABLE, ids=[row[0] for row in TABLE])
def test_reference_table(name, lam, lin, rlct_abs):
    assert cv.lin_ideal_rlct(lam) == lin
    assert cv.from_lin_ideal_rlct(lin) == lam
    assert cv.convert(lam, "watanabe", "lin-ideal") == lin
    assert cv.convert(lin, "lin-ideal", "watanabe") == lam
    if rlct_abs is not None:
        assert cv.rlct_of_abs(lam) == rlct_abs
        assert cv.lambda_of_square(rlct_abs) == lam
        assert cv.convert(rlct_abs, "rlct-abs", "watanabe") == lam
        assert cv.convert(lam, "watanabe", "rlct-abs") == rlct_abs
        assert cv.convert(rlct_abs, "rlct-abs", "lin-ideal") == lin  # RLCT(|f|) = Lin's RLCT of <f>


def test_table_agrees_with_newton_values():
    # the Watanabe column is what newton_value computes for the (non-degenerate) K
    assert newton_value([(2,)]).lam == F(1, 2)
    assert newton_value([(2, 0), (0, 2)]).lam == F(1)
    assert newton_value([(2, 2)]).lam == F(1, 2)
    assert newton_value([(0, 4), (6, 0)]).lam == F(5, 12)
    # f = x² − y³ itself: 1/t(f) is RLCT(|f|)
    assert 1 / newton_value([(2, 0), (0, 3)]).t == cv.rlct_of_abs(F(5, 12))


def test_macaulay2_complex_lct_is_a_lower_bound():
    # Macaulay2: lct ideal(y^2, x^3) = 5/6 -> λ(y⁴ + x⁶) >= 5/12, equal here (monomial ideal)
    bound = cv.complex_lct_lower_bound(F(5, 6))
    assert bound == F(5, 12)
    assert bound <= newton_value([(0, 4), (6, 0)]).lam
    # <x² + y²> = <(x + iy)(x − iy)> has complex lct 1, so λ((x² + y²)²) >= 1/2 (= λ(x² + y²)/2)
    assert cv.complex_lct_lower_bound(1) == F(1, 2)


def test_string_and_int_inputs():
    assert cv.convert("5/12", "watanabe", "lin-ideal") == F(5, 6)
    assert cv.convert(1, "Lin_Ideal", "Watanabe") == F(1, 2)
    assert cv.convert(F(3, 7), "watanabe", "watanabe") == F(3, 7)


@pytest.mark.parametrize("name", ["complex-lct", "lct", "macaulay2"])
def test_complex_lct_is_not_a_convention(name):
    with pytest.raises(InputError, match="complex_lct_lower_bound"):
        cv.convert(1, name, "watanabe")
    with pytest.raises(InputError, match="lower"):
        cv.convert(1, "watanabe", name)


def test_unknown_names_and_bad_values():
    with pytest.raises(InputError, match="unknown convention 'hironaka'"):
        cv.convert(1, "hironaka", "watanabe")
    with pytest.raises(InputError, match="unknown convention"):
        cv.convert(1, "watanabe", "")
    with pytest.raises(InputError, match="positive"):
        cv.lin_ideal_rlct(0)
    with pytest.raises(InputError, match="positive"):
        cv.convert(F(-1, 2), "watanabe", "lin-ideal")
    with pytest.raises(InputError, match="exact rational"):
        cv.lambda_of_square(0.5)


positive_fractions = st.fractions(min_value=0, max_denominator=10**6, max_value=10**6).filter(lambda q: q > 0)
names = st.sampled_from(sorted(cv.CONVENTIONS))


@given(positive_fractions)
def test_round_trips(q):
    assert cv.from_lin_ideal_rlct(cv.lin_ideal_rlct(q)) == q
    assert cv.lin_ideal_rlct(cv.from_lin_ideal_rlct(q)) == q
    assert cv.lambda_of_square(cv.rlct_of_abs(q)) == q
    assert cv.rlct_of_abs(cv.lambda_of_square(q)) == q
    assert cv.complex_lct_lower_bound(q) == cv.from_lin_ideal_rlct(q)


@given(positive_fractions, names, names, names)
def test_convert_composes_and_inverts(q, a, b, c):
    assert cv.convert(cv.convert(q, a, b), b, a) == q
    assert cv.convert(cv.convert(q, a, b), b, c) == cv.convert(q, a, c)
    assert isinstance(cv.convert(q, a, b), Fraction)


@given(positive_fractions)
def test_convert_matches_named_functions(q):
    assert cv.convert(q, "watanabe", "lin-ideal") == cv.lin_ideal_rlct(q)
    assert cv.convert(q, "lin-ideal", "watanabe") == cv.from_lin_ideal_rlct(q)
    assert cv.convert(q, "watanabe", "rlct-abs") == cv.rlct_of_abs(q)
    assert cv.convert(q, "rlct-abs", "watanabe") == cv.lambda_of_square(q)
