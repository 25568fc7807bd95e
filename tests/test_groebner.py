"""The budgeted unit-ideal test (rlct/groebner.py) against sympy's Groebner bases, and its budget."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner

from rlct.groebner import unit_ideal_within
from rlct.poly import Polynomial, _ring, parse, to_ring_element

NAMES = ("x", "y", "z")

polynomial = st.dictionaries(st.tuples(*[st.integers(0, 2)] * 3), st.integers(-2, 2).filter(bool),
                             min_size=1, max_size=4).map(lambda d: Polynomial(NAMES, d))


def sympy_unit(polys) -> bool:
    R, _ = _ring(NAMES)
    basis = groebner([to_ring_element(p, R) for p in polys], R)
    return len(basis) == 1 and basis[0] == R.one


@settings(max_examples=200, deadline=None)
@given(st.lists(polynomial, min_size=1, max_size=3))
def test_agrees_with_sympy_whenever_it_answers(polys):
    got = unit_ideal_within(polys)
    if got is not None:
        assert got == sympy_unit(polys)


def test_known_answers():
    P = lambda *fs: [parse(f, list(NAMES)) for f in fs]
    assert unit_ideal_within(P("x**2 + y**2 + 1", "x", "y")) is True          # no complex zero with x = y = 0
    assert unit_ideal_within(P("x**2 + y**2 + 1")) is False                   # complex zeros exist
    assert unit_ideal_within(P("x*y - 1", "x*z", "y*z - 1")) is True
    assert unit_ideal_within(P("x - y**2", "y - z**2", "z - x**2")) is False  # the origin
    assert unit_ideal_within(P("3")) is True and unit_ideal_within(P("0")) is False


def test_the_budget_gives_up_instead_of_running_on():
    # the tanh network's moments with four hidden units: sympy's groebner runs for minutes on such ideals
    names = [f"a{i}" for i in range(1, 5)] + [f"b{i}" for i in range(1, 5)]
    gens = [parse(" + ".join(f"b{h}*a{h}**{k}" for h in range(1, 5)), names) for k in (1, 3, 5, 7)]
    assert unit_ideal_within(gens + [parse("a1 - 1", names)], max_pairs=30) is None
