"""Exact polynomials (rlct/poly.py): exact division against sympy's, squares of sums."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rlct.poly import Polynomial, _ring, exact_quotient, parse, sum_of_squares_polynomial

NAMES = ("x", "y", "z")
R, GENS = _ring(NAMES)

terms = st.dictionaries(st.tuples(*[st.integers(0, 3)] * 3), st.integers(-3, 3).filter(bool), max_size=6)


def element(d: dict):
    return R.from_dict({e: R.domain.convert(c) for e, c in d.items()})


@settings(max_examples=150, deadline=None)
@given(terms, terms.filter(bool))
def test_exact_quotient_undoes_a_product(f, g):
    f, g = element(f), element(g)
    assert exact_quotient(f * g, g) == f


@settings(max_examples=150, deadline=None)
@given(terms, terms.filter(bool))
def test_exact_quotient_agrees_with_sympy_division(f, g):
    f, g = element(f), element(g)
    q, r = divmod(f, g)
    got = exact_quotient(f, g)
    assert (got is None) == bool(r)
    if got is not None:
        assert got == q


def test_exact_quotient_by_a_unit_with_a_constant_term():
    x, y, z = GENS
    u = 1 + x * y - 2 * z
    f = (x - y) ** 4 * u ** 2
    assert exact_quotient(exact_quotient(f, u), u) == (x - y) ** 4
    assert exact_quotient(f + z, u) is None


def test_sum_of_squares_expands_exactly():
    gens = [parse("x*y - z", list(NAMES)), parse("x + 1/2*z", list(NAMES))]
    K = sum_of_squares_polynomial(gens)
    expected = parse("(x*y - z)**2 + (x + z/2)**2", list(NAMES))
    assert K == expected and K.terms[(0, 0, 2)] == Fraction(5, 4)
    assert isinstance(K, Polynomial)
