"""From what a user types to a validated :class:`~rlct.problem.Problem` at the origin.

Every refusal is one :class:`~rlct.errors.InputError` line naming the problem: unparseable or
non-polynomial input, float coefficients, unknown variables in ``at`` or ``prior``, K not vanishing
at the point, K certainly negative near it (a Newton vertex with an odd exponent or a negative
coefficient), or a size beyond the budget.

Examples
--------
>>> P = to_problem("x**2*y**2", at={"x": 1})
>>> str(P.K), P.variables
('x**2*y**2 + 2*x*y**2 + y**2', ('x', 'y'))
>>> to_problem("x**2 + 1")
Traceback (most recent call last):
...
rlct.errors.InputError: K does not vanish at the point: K(w*) = 1
"""
from __future__ import annotations

from fractions import Fraction
from typing import Mapping, Sequence

from .errors import InputError
from .newton import is_vertex
from .poly import (Polynomial, SumOfSquares, as_sum_of_squares, fraction_str, parse, parse_rational)
from .problem import Problem

MAX_TERMS = 200_000
MAX_VERTEX_CHECKS = 200


def to_problem(K, at: Mapping[str, object] | None = None, prior: Mapping[str, object] | None = None,
               variables: Sequence[str] | None = None, rationalize: bool = False) -> Problem:
    """Parse, translate to ``at`` and validate K (a string, sympy expression, Polynomial or SumOfSquares)."""
    if isinstance(K, SumOfSquares):
        gens = as_sum_of_squares(K, variables, rationalize)
        names = gens[0].variables
    else:
        poly = parse(K, variables, rationalize)
        names = poly.variables
    if not names:
        zero = all(g.is_zero() for g in gens) if isinstance(K, SumOfSquares) else poly.is_zero()
        raise InputError("K is identically zero (λ is undefined)" if zero else "K has no variables")
    point = _point(at, names)
    h = _prior(prior, names)
    if isinstance(K, SumOfSquares):
        _check_size(sum(len(g.terms) ** 2 for g in gens) // 25, "expanding K = Σ f_i² (work/25)")
        gens = [g.translate(point) for g in gens]
        value = sum((g.terms.get((0,) * len(names), Fraction(0)) ** 2 for g in gens), Fraction(0))
        _check_vanishes(value)
        P = Problem.from_generators(gens, h)
        _check_size(len(P.K.terms), "K")
    else:
        _check_size(len(poly.terms), "K")
        poly = poly.translate(point)
        _check_vanishes(poly.terms.get((0,) * len(names), Fraction(0)))
        P = Problem.from_polynomial(poly, h)
        check_newton_vertices(P.K)
    if P.K.is_zero():
        raise InputError("K is identically zero near the point (λ is undefined)")
    return P


def _check_size(n_terms: int, what: str) -> None:
    if n_terms > MAX_TERMS:
        raise InputError(f"size beyond budget: {what} has {n_terms} terms (limit {MAX_TERMS})")


def _check_vanishes(value: Fraction) -> None:
    if value != 0:
        raise InputError(f"K does not vanish at the point: K(w*) = {fraction_str(value)}")


def _point(at: Mapping[str, object] | None, names: tuple[str, ...]) -> dict[str, Fraction]:
    at = dict(at or {})
    _known(at, names, "the point")
    return {v: parse_rational(x, f"coordinate {v} of the point") for v, x in at.items()}


def _prior(prior: Mapping[str, object] | None, names: tuple[str, ...]) -> tuple[int, ...]:
    prior = dict(prior or {})
    _known(prior, names, "the prior")
    h = []
    for v in names:
        q = parse_rational(prior.get(v, 0), f"prior exponent of {v}")
        if q.denominator != 1 or q < 0:
            raise InputError(f"prior exponent of {v} must be a nonnegative integer, got {fraction_str(q)}")
        h.append(int(q))
    return tuple(h)


def _known(mapping: Mapping[str, object], names: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(mapping) - set(names))
    if unknown:
        raise InputError(f"unknown variable in {what}: {', '.join(unknown)} (variables: {', '.join(names)})")


def check_newton_vertices(K: Polynomial) -> None:
    """Refuse K that is certainly negative near 0: a Newton vertex with an odd exponent or a
    negative coefficient (at a vertex, K ≈ c·w^α along a curve, so c·w^α must be >= 0).

    >>> check_newton_vertices(parse("x*y + x**2 + y**2"))
    >>> check_newton_vertices(parse("x**2 - y**2"))
    Traceback (most recent call last):
    ...
    rlct.errors.InputError: K is negative near the point: the Newton vertex y**2 has coefficient -1
    """
    bad = [e for e, c in K.terms.items() if c < 0 or any(k % 2 for k in e)]
    if not bad:
        return
    support = K.support
    present = set(support)
    bad = [e for e in bad if not _is_midpoint(e, support, present)]
    for e in sorted(bad, key=lambda a: (sum(a), a))[:MAX_VERTEX_CHECKS]:
        if is_vertex(support, e):
            mono = Polynomial(K.variables, {e: Fraction(1)})
            c = K.terms[e]
            why = f"has coefficient {fraction_str(c)}" if c < 0 else "has an odd exponent"
            raise InputError(f"K is negative near the point: the Newton vertex {mono} {why}")


def _is_midpoint(e: tuple[int, ...], support: list, present: set) -> bool:
    """Cheap non-vertex test: e = (β + γ)/2 for two other support points (cross terms of squares)."""
    if len(support) > 5000:
        return False
    for b in support:
        if b != e:
            g = tuple(2 * x - y for x, y in zip(e, b))
            if min(g) >= 0 and g != e and g in present:
                return True
    return False
