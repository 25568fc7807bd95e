"""Shallow polynomial-activation networks: the builder's K is the Gaussian population loss, and its
generators (the coefficient ideal) give the same λ."""
from fractions import Fraction

import numpy as np
import pytest
import sympy

from rlct import learning_coefficient
from rlct.errors import InputError
from rlct.models.shallow import polynomial_activation


def _network(model, H, D, coeffs, x):
    """f(x; w) − f(x; w0) as a sympy expression in the model's variables."""
    sym = {v: sympy.Symbol(v) for v in model.variables}
    f = 0
    for h in range(1, H + 1):
        a = [sym[f"a{h}"]] if D == 1 else [sym[f"a{h}_{i}"] for i in range(1, D + 1)]
        t = sum(ai * xi for ai, xi in zip(a, x))
        f += sym[f"b{h}"] * sum(sympy.Rational(c) * t ** k for k, c in coeffs.items())
    return f


@pytest.mark.parametrize("H, coeffs, D", [(1, {1: 1, 2: 1}, 1), (2, {1: 2, 3: Fraction(1, 3)}, 1), (1, {2: 1}, 2)])
def test_K_is_half_the_gaussian_mean_square(H, coeffs, D):
    model = polynomial_activation(H, coeffs, D)
    xs = sympy.symbols(f"x1:{D + 1}")
    f = sympy.expand(_network(model, H, D, coeffs, xs) ** 2 / 2)
    # E over independent N(0, 1) coordinates, monomial by monomial
    expected = 0
    for monom, coeff in sympy.Poly(f, *xs).terms():
        moment = 1
        for e in monom:
            moment *= 0 if e % 2 else sympy.factorial2(e - 1)
        expected += coeff * moment
    assert sympy.expand(expected - sympy.sympify(model.extra["K"])) == 0


def test_truth_shifts_the_generators_and_sets_the_point():
    m = polynomial_activation(2, {2: 1}, truth=[(2, Fraction(1, 2))])
    assert m.generators == ("a1**2*b1 + a2**2*b2 - 2",)
    assert m.at == {"a1": 2, "b1": Fraction(1, 2)}
    assert m.scope == "local"


def test_K_and_the_coefficient_ideal_vanish_together():
    m = polynomial_activation(2, {1: 1, 2: 1})
    K = sympy.sympify(m.extra["K"])
    gens = [sympy.sympify(g) for g in m.generators]
    rng = np.random.default_rng(0)
    names = [sympy.Symbol(v) for v in m.variables]
    for _ in range(20):
        point = dict(zip(names, rng.normal(size=len(names))))
        k = float(K.subs(point))
        s = float(sum(g.subs(point) ** 2 for g in gens))
        # sandwich: c·Σg² ≤ K ≤ C·Σg² with the Gram matrix's extreme eigenvalues (here within [1/2, 4])
        assert 0.2 * s <= k <= 4 * s


@pytest.mark.parametrize("H, coeffs, D, lam, m", [
    (1, {2: 1}, 1, Fraction(1, 4), 1), (1, {1: 1}, 1, Fraction(1, 2), 2), (2, {3: 1}, 1, Fraction(1, 3), 1),
    (1, {2: 1}, 2, Fraction(1, 2), 2),
])
def test_engine_values(H, coeffs, D, lam, m):
    model = polynomial_activation(H, coeffs, D)
    r = learning_coefficient(model.K(), at=model.at)
    assert (r.lam, r.m, r.status) == (lam, m, "exact")


@pytest.mark.parametrize("args", [(0, {1: 1}), (1, {}), (1, {1: 0.5}), (1, {0: 1}), (1, {1: 1}, 0),
                                  (1, {1: 1}, 1, [(1, 1), (2, 2)])])
def test_bad_parameters_are_refused(args):
    with pytest.raises(InputError):
        polynomial_activation(*args)


def test_zoo_entries_rebuild_their_model():
    from rlct import zoo

    entries = zoo.entries("shallow-polynomial")
    assert len(entries) >= 12
    for e in entries:
        m = e.model()
        assert m.variables == tuple(e.model_data["variables"]) and list(m.generators) == e.model_data["generators"]
