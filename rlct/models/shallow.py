"""Model builders for shallow networks with polynomial activations.

The network is x ↦ Σ_h b_h σ(a_h · x) with x ∈ R^D, H hidden units, no biases, and a polynomial
activation σ(t) = Σ_k c_k t^k. Expanding, f(x; w) = Σ_k c_k Σ_{|α| = k} binom(k, α) g_α(w) x^α with
g_α(w) = Σ_h b_h a_h^α. For a true network w0 the difference f − f0 is a polynomial in x whose
coefficients are c_k binom(k, α) (g_α(w) − g_α(w0)); with x ~ N(0, I) the population loss is

    K(w) = ½ E[(f(x; w) − f(x; w0))²] = ½ vᵀ G v,

v the coefficient vector and G the Gram matrix of the monomials under N(0, I), which is positive
definite. So K is bounded above and below by positive multiples of Σ_α (g_α(w) − g_α(w0))² over the
degrees k with c_k ≠ 0: the same λ and m (Watanabe 2009, Remark 7.2's sandwich). The builder returns
those generators (the ideal of the coefficients) and, for numeric work, K itself as an exact polynomial.

Examples
--------
>>> m = polynomial_activation(1, {1: 1, 2: 1})
>>> m.variables, m.generators
(('a1', 'b1'), ('a1*b1', 'a1**2*b1'))
>>> m.extra["K"]
'3*a1**4*b1**2/2 + a1**2*b1**2/2'
>>> polynomial_activation(2, {2: 1}, truth=[(1, 1)]).at
{'a1': 1, 'b1': 1}
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement
from math import factorial, prod
from typing import Mapping, Sequence

from ..errors import InputError
from .linear import Model


def _coefficients(coeffs) -> dict[int, Fraction]:
    """Activation coefficients {k: c_k} as exact rationals, zeros dropped."""
    items = coeffs.items() if isinstance(coeffs, Mapping) else enumerate(coeffs)
    out = {}
    for k, c in items:
        if k == 0 and not isinstance(c, float) and c == 0:
            continue
        if isinstance(c, float) or isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InputError("activation coefficients must be {degree >= 1: int or fraction} (no floats, no "
                             "constant term: a constant output offset is not identifiable from the weights)")
        c = Fraction(c)
        if c != 0:
            out[k] = c
    if not out:
        raise InputError("the activation polynomial is zero")
    return out


def _multi_indices(D: int, k: int) -> list[tuple[int, ...]]:
    out = []
    for combo in combinations_with_replacement(range(D), k):
        out.append(tuple(combo.count(i) for i in range(D)))
    return out


def _unit_names(H: int, D: int) -> tuple[list[list[str]], list[str]]:
    if D == 1:
        return [[f"a{h}"] for h in range(1, H + 1)], [f"b{h}" for h in range(1, H + 1)]
    return [[f"a{h}_{i}" for i in range(1, D + 1)] for h in range(1, H + 1)], [f"b{h}" for h in range(1, H + 1)]


def _power_sum(a_names, b_names, alpha) -> str:
    terms = []
    for a, b in zip(a_names, b_names):
        factors = [f"{v}**{e}" if e > 1 else v for v, e in zip(a, alpha) if e] + [b]
        terms.append("*".join(factors))
    return " + ".join(terms)


def _true_value(truth, alpha) -> Fraction:
    return sum((Fraction(b) * prod(Fraction(ai) ** e for ai, e in zip(a, alpha)) for a, b in truth), Fraction(0))


def _gaussian_moment(n: int) -> int:
    """E[x^n] for x ~ N(0, 1): (n − 1)!! for even n, 0 for odd n."""
    return 0 if n % 2 else prod(range(n - 1, 0, -2))


def _check_truth(truth, H: int, D: int) -> list[tuple[tuple, object]]:
    truth = list(truth or [])
    if len(truth) > H:
        raise InputError(f"the truth has {len(truth)} units but the model only {H}")
    out = []
    for unit in truth:
        a, b = unit
        a = tuple(a) if isinstance(a, (list, tuple)) else (a,)
        if len(a) != D or any(isinstance(x, float) for x in (*a, b)):
            raise InputError(f"each true unit must be (a ∈ Q^{D}, b ∈ Q) with exact entries")
        out.append((a, b))
    return out


def polynomial_activation(H: int, coeffs, D: int = 1, truth: Sequence | None = None) -> Model:
    """Shallow network Σ_h b_h σ(a_h·x), σ(t) = Σ_k c_k t^k, x ~ N(0, I_D), no biases.

    ``coeffs`` is ``{k: c_k}`` (or a sequence indexed from 0, with c_0 = 0). ``truth`` lists true
    units ``(a, b)`` (at most H; the default is the zero function); the point w* sets the first units
    to the truth and the others to zero, so the entry is local at that point of the true set.

    Examples
    --------
    >>> m = polynomial_activation(2, {1: 1, 3: 1})
    >>> m.generators
    ('a1*b1 + a2*b2', 'a1**3*b1 + a2**3*b2')
    >>> polynomial_activation(1, {2: 1}, D=2).generators
    ('a1_1**2*b1', 'a1_1*a1_2*b1', 'a1_2**2*b1')
    """
    if isinstance(H, bool) or not isinstance(H, int) or H < 1 or isinstance(D, bool) or not isinstance(D, int) \
            or D < 1:
        raise InputError("polynomial_activation needs integers H >= 1 and D >= 1")
    c = _coefficients(coeffs)
    units = _check_truth(truth, H, D)
    a_names, b_names = _unit_names(H, D)
    generators, coefficient_terms = [], []
    for k in sorted(c):
        for alpha in _multi_indices(D, k):
            g = _power_sum(a_names, b_names, alpha)
            t = _true_value(units, alpha)
            g_full = g if t == 0 else f"{g} {'-' if t > 0 else '+'} {abs(t)}"
            generators.append(g_full)
            weight = c[k] * factorial(k) / prod(factorial(e) for e in alpha)
            coefficient_terms.append((alpha, weight, g_full))
    at = {}
    for h, (a, b) in enumerate(units):
        for name, value in zip(a_names[h], a):
            if value != 0:
                at[name] = value
        if b != 0:
            at[b_names[h]] = b
    variables = tuple(v for names in a_names for v in names) + tuple(b_names)
    return Model("shallow-polynomial", {"H": H, "D": D, "activation": {str(k): str(v) for k, v in c.items()},
                                         "truth": [[list(map(str, a)), str(b)] for a, b in units]},
                 variables, tuple(generators), at, f"x ~ N(0, I_{D})", "local",
                 "K = ½ vᵀGv with G the Gaussian moment Gram matrix (positive definite): same λ, m as Σ g²",
                 {"K": _population_K(coefficient_terms, D)})


def _population_K(terms, D: int) -> str:
    """½ E[(Σ_α w_α g_α x^α)²] for x ~ N(0, I_D), expanded exactly."""
    import sympy

    expr = 0
    for (al, wl, gl), (ar, wr, gr) in combinations_with_replacement(terms, 2):
        moment = prod(_gaussian_moment(i + j) for i, j in zip(al, ar))
        if moment == 0:
            continue
        factor = 1 if al == ar else 2
        expr += sympy.Rational(factor * moment) * sympy.Rational(wl.numerator, wl.denominator) * \
            sympy.Rational(wr.numerator, wr.denominator) * sympy.sympify(gl) * sympy.sympify(gr)
    return str(sympy.expand(expr / 2))


def from_params(params: dict) -> Model:
    """Rebuild the model from the ``params`` a zoo entry stores.

    Examples
    --------
    >>> m = polynomial_activation(2, {3: 1}, truth=[(1, 1)])
    >>> from_params(m.params) == m
    True
    """
    coeffs = {int(k): Fraction(v) for k, v in params["activation"].items()}
    truth = [([Fraction(x) for x in a], Fraction(b)) for a, b in params.get("truth", [])]
    if params["D"] == 1:
        truth = [(a[0], b) for a, b in truth]
    return polynomial_activation(params["H"], coeffs, params["D"], truth)
