"""K written as a positive combination of squares: K = Σ c_j g_j² with rational c_j > 0.

Then c_min·Σ g_j² ≤ K ≤ c_max·Σ g_j², so K and the ideal ⟨g_j⟩ have the same λ and m (two-sided
bounds by positive constants keep the poles of the zeta function and their orders; Watanabe 2009,
Remark 7.2; Lin 2017). The ideal form is what the blow-up search works on: an expanded K in three or more
variables loses the structure that its coordinate changes need. :func:`weighted_squares` reads the
structure off the expression as typed (before expansion); :func:`check_weighted_squares` re-checks the
identity K = Σ c_j g_j² exactly, which is all a certificate of this rule has to show.

Examples
--------
>>> [(str(c), str(g)) for c, g in weighted_squares("(x*y - z**2)**2 + 3*x**4*y**2", ("x", "y", "z"))]
[('1', 'x*y - z**2'), ('3', 'x**2*y')]
>>> weighted_squares("x**2 - y**2", ("x", "y")) is None
True
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import sympy

from .errors import InputError
from .poly import Polynomial, parse, parse_expression, sum_of_squares_polynomial


def weighted_squares(K, names: Sequence[str], rationalize: bool = False) -> list[tuple[Fraction, Polynomial]] | None:
    """[(c_j, g_j)] with K = Σ c_j g_j², c_j > 0, read from the expression's terms; None if some term is
    not a positive rational times a product of even powers (or K is not a string or sympy expression).

    >>> sorted(str(g) for _, g in weighted_squares("2*(a + b)**2*c**4 + (a - b)**6", ("a", "b", "c")))
    ['a**3 - 3*a**2*b + 3*a*b**2 - b**3', 'a*c**2 + b*c**2']
    """
    if not isinstance(K, (str, sympy.Basic)):
        return None
    try:
        expr = parse_expression(K, rationalize)
    except InputError:
        return None
    out = []
    for term in sympy.Add.make_args(expr):
        c, rest = term.as_coeff_Mul()
        if not (c.is_Rational and c > 0) or rest == 1:
            return None
        roots = []
        for factor in sympy.Mul.make_args(rest):
            base, e = factor.as_base_exp()
            if not (e.is_Integer and e > 0 and e % 2 == 0):
                return None
            roots.append(base ** (e // 2))
        try:
            g = parse(sympy.Mul(*roots), list(names), rationalize)
        except InputError:
            return None
        out.append((Fraction(int(c.p), int(c.q)), g))
    return out or None


def check_weighted_squares(K: Polynomial, weights: Sequence[Fraction], generators: Sequence[Polynomial]) -> bool:
    """True iff every weight is positive and K = Σ c_j g_j² exactly.

    >>> gens = [parse("x*y", ["x", "y"]), parse("x**2", ["x", "y"])]
    >>> check_weighted_squares(parse("x**2*y**2 + 3*x**4", ["x", "y"]), [1, 3], gens)
    True
    >>> check_weighted_squares(parse("x**2*y**2 + 3*x**4", ["x", "y"]), [1, 2], gens)
    False
    """
    if len(weights) != len(generators) or not generators or any(Fraction(c) <= 0 for c in weights):
        return False
    total: dict = {}
    for c, g in zip(weights, generators):
        for e, v in sum_of_squares_polynomial([g]).terms.items():
            total[e] = total.get(e, Fraction(0)) + Fraction(c) * v
    total = {e: v for e, v in total.items() if v != 0}
    return total == dict(K.terms)
