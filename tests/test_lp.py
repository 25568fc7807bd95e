"""Tests of the exact LP wrapper and the exact integer helpers in rlct.lp."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlct.lp import LPFailure, common_denominator, integer_dots, solve_exact_lp

SETTINGS = settings(max_examples=60, deadline=None)


# ---------------------------------------------------------------------------------------------
# solve_exact_lp on tiny LPs with known optima (rows mean c·x + d >= 0, or == 0)


def test_textbook_lp():
    # max x + y s.t. 2x + 3y <= 6, x, y >= 0: optimum 3 at (3, 0)
    assert solve_exact_lp(2, [([-2, -3], 6)], [], [1, 1]) == (Fraction(3), (Fraction(3), Fraction(0)))


def test_fractional_vertex():
    # max x + y s.t. 3x + y <= 2, x + 3y <= 2: optimum 1 at (1/2, 1/2)
    value, x = solve_exact_lp(2, [([-3, -1], 2), ([-1, -3], 2)], [], [1, 1])
    assert value == 1 and x == (Fraction(1, 2), Fraction(1, 2))


def test_rational_coefficients_and_equalities():
    # max 2x - y s.t. x/3 + y/2 == 1, y >= 1/4 (x, y >= 0): y = 1/4, x = 3(1 - 1/8) = 21/8
    value, x = solve_exact_lp(2, [([0, 1], Fraction(-1, 4))], [([Fraction(1, 3), Fraction(1, 2)], -1)],
                              [2, -1])
    assert x == (Fraction(21, 8), Fraction(1, 4))
    assert value == Fraction(21, 4) - Fraction(1, 4)


def test_free_variables():
    # min x (= max -x) with x free and x >= -5/2
    assert solve_exact_lp(1, [([1], Fraction(5, 2))], [], [-1], nonnegative=[]) == \
        (Fraction(5, 2), (Fraction(-5, 2),))
    # the default makes every variable nonnegative
    assert solve_exact_lp(1, [([1], Fraction(5, 2))], [], [-1]) == (Fraction(0), (Fraction(0),))
    # only some variables nonnegative: max -x - y, x >= 0, y free, y >= x - 3
    value, x = solve_exact_lp(2, [([-1, 1], 3)], [], [-1, -1], nonnegative=[0])
    assert value == 3 and x == (Fraction(0), Fraction(-3))


def test_zero_objective_returns_a_feasible_point():
    value, x = solve_exact_lp(2, [([1, 1], -1), ([-1, -1], 2)], [], [0, 0])
    assert value == 0 and 1 <= x[0] + x[1] <= 2


@pytest.mark.parametrize("ineqs, eqs, obj, nonneg", [
    pytest.param([([1], -2), ([-1], 1)], [], [1], None, id="x>=2-and-x<=1"),
    pytest.param([], [([1, 1], 1)], [1, 0], [], id="equality-unbounded-free"),
    pytest.param([([1], 0)], [], [1], None, id="unbounded"),
    pytest.param([], [([1], 1)], [1], None, id="x=-1-with-x>=0"),
    pytest.param([([1, -1], 0)], [], [1, 1], None, id="unbounded-ray"),
])
def test_infeasible_or_unbounded_raise(ineqs, eqs, obj, nonneg):
    with pytest.raises(LPFailure):
        solve_exact_lp(len(obj), ineqs, eqs, obj, nonnegative=nonneg)


def test_lpfailure_is_an_rlct_error():
    from rlct.errors import RlctError

    assert issubclass(LPFailure, RlctError)


@st.composite
def bounded_lps(draw):
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 6))
    coeff = st.integers(-5, 5)
    rows = [(draw(st.lists(coeff, min_size=n, max_size=n)), draw(st.integers(-3, 8))) for _ in range(k)]
    rows.append(([-1] * n, 10))  # Σx <= 10 with x >= 0: a bounded feasible region (or empty)
    obj = draw(st.lists(coeff, min_size=n, max_size=n))
    return n, rows, obj


@SETTINGS
@given(bounded_lps())
def test_random_lps_against_highs(lp):
    """The exact optimum is feasible exactly, attains its value, and matches HiGHS in floats."""
    from scipy.optimize import linprog

    n, rows, obj = lp
    A = np.array([[-c for c in r] for r, _ in rows], dtype=float)
    b = np.array([d for _, d in rows], dtype=float)
    ref = linprog(-np.array(obj, dtype=float), A_ub=A, b_ub=b, bounds=[(0, None)] * n, method="highs")
    if ref.status == 2:  # infeasible
        with pytest.raises(LPFailure):
            solve_exact_lp(n, rows, [], obj)
        return
    assert ref.status == 0
    value, x = solve_exact_lp(n, rows, [], obj)
    assert all(xi >= 0 for xi in x)
    assert all(sum(c * xi for c, xi in zip(r, x)) + d >= 0 for r, d in rows)
    assert value == sum(c * xi for c, xi in zip(obj, x))
    assert abs(float(value) - (-ref.fun)) <= 1e-7 * max(1.0, abs(ref.fun))


# ---------------------------------------------------------------------------------------------
# common_denominator


def test_common_denominator_examples():
    assert common_denominator([Fraction(1, 2), Fraction(1, 3)]) == ([3, 2], 6)
    assert common_denominator([]) == ([], 1)
    assert common_denominator([Fraction(-3, 4), 2]) == ([-3, 8], 4)


@SETTINGS
@given(st.lists(st.fractions(max_denominator=10**6), max_size=6))
def test_common_denominator_property(v):
    num, den = common_denominator(v)
    assert den > 0 and all(isinstance(k, int) for k in num)
    assert [Fraction(k, den) for k in num] == [Fraction(x) for x in v]


# ---------------------------------------------------------------------------------------------
# integer_dots: int64 when safe, Python integers otherwise; always equal to exact arithmetic


def _exact(points, vector):
    return [sum(int(p) * int(v) for p, v in zip(row, vector)) for row in points]


def test_integer_dots_small_is_int64():
    pts = np.array([[1, 2], [3, 4]])
    out = integer_dots(pts, [5, -6])
    assert out.dtype == np.int64 and out.tolist() == [-7, -9]


def test_integer_dots_overflow_path():
    pts = np.array([[1, 2], [3, 4]])
    out = integer_dots(pts, [10**20, 1])
    assert out.dtype == object
    assert out.tolist() == [10**20 + 2, 3 * 10**20 + 4]


def test_integer_dots_at_the_int64_edge():
    # each product fits in int64 but the sum does not: must take the exact path
    big = 2**62
    pts = np.array([[3, 3]], dtype=np.int64)
    out = integer_dots(pts, [big // 2, big // 2])
    assert int(out[0]) == 3 * big
    pts = np.array([[2**40, 2**40, 2**40]], dtype=np.int64)
    out = integer_dots(pts, [2**22, 2**22, 2**22])
    assert int(out[0]) == 3 * 2**62


def test_integer_dots_empty():
    assert integer_dots(np.zeros((0, 3), dtype=np.int64), [1, 2, 3]).tolist() == []


@SETTINGS
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(0, 2**40), min_size=n, max_size=n), min_size=1, max_size=6),
    st.lists(st.integers(-(2**70), 2**70), min_size=n, max_size=n))))
def test_integer_dots_property_big(data):
    pts, vec = data
    assert [int(x) for x in integer_dots(np.array(pts, dtype=np.int64), vec)] == _exact(pts, vec)


@SETTINGS
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.integers(-20, 20), min_size=n, max_size=n), min_size=1, max_size=6),
    st.lists(st.integers(-(10**6), 10**6), min_size=n, max_size=n))))
def test_integer_dots_property_small(data):
    pts, vec = data
    out = integer_dots(np.array(pts, dtype=np.int64), vec)
    assert out.dtype == np.int64
    assert out.tolist() == _exact(pts, vec)
