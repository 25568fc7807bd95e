"""The ``smooth`` leaf: one generator h whose zero set on the fibre set is smooth and transversal to the
monomial's coordinates, beside any number of generators that are bare coordinates u_c of the fibre set.

Let the node's generators be h and u_c for c in a set C ⊂ Z with κ_c = η_c = 0 and h free of every u_c
(K∘π ≍ u^{2κ}·(Σ_c u_c² + h²), amplitude |u^η|; C is empty when h is the only generator — RRR with more hidden
units than inputs leaves such nodes, C the coordinates that unit eliminations made). Suppose the polynomials
h, u_1·∂_1h, …, u_n·∂_nh, restricted to F = {u_Z = 0}, have no common zero (a reduced Groebner basis [1]).
Then the origin of F is not on V = {h = 0} ∩ F, and at every p ∈ V some k ∉ C has p_k ≠ 0 and
∂_kh(p) ≠ 0, so u_C, h and the coordinates u_j with p_j = 0 are part of a coordinate system at p (the
Jacobian is ±∂_kh(p), a unit) and K∘π ≍ u_J^{2κ_J}·|y|², y = (u_C, h) independent of u_J: a product of
functions of disjoint coordinates, so

    λ_p = min((|C| + 1)/2 [|y|² in |C| + 1 coordinates], (η_j + 1)/(2κ_j) for j with p_j = 0 and κ_j > 0),

m_p the number of minimisers (the y-block counts as κ 1, η |C|).

Off V, K∘π is u^{2κ} times a unit and the origin attains the Lin-minimum. On V, a witness point p* ∈ V with
p*_j = 0 for every j with κ_j > 0 except those where u_j vanishes nowhere on V (h restricted to
F ∩ {u_j = 0} sign-definite, or h and u_j restricted to F generating the unit ideal) — rational, found by a
small search, re-checked exactly — attains the Lin-minimum, since every other point of V has a subset of
its candidates. The leaf's value is the
Lin-minimum of the two.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("x*y + 1", names),), (0, 0, 2), (0, 0, 2), frozenset({2}), 2)
>>> smooth_point(S)
{0: Fraction(1, 1), 1: Fraction(-1, 1), 2: Fraction(0, 1)}
>>> smooth_value(S, smooth_point(S))
(Fraction(1, 2), 1)
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product

from ..poly import Polynomial
from ..toric import candidate_pole

TRIAL_VALUES = (0, 1, -1, 2, -2)
MAX_TRIALS = 400


def smooth_parts(S) -> tuple[Polynomial, tuple[int, ...]] | None:
    """(h, C): the one generator that is not a bare coordinate u_c (c ∈ Z, κ_c = η_c = 0, h free of u_c,
    each c once), or None.

    >>> from rlct.poly import parse
    >>> from rlct.resolution.blowup import Node
    >>> S = Node((parse("c", ["a", "b", "c"]), parse("1 - a*b", ["a", "b", "c"])), (0, 0, 0), (0, 0, 0),
    ...          frozenset({2}), 2)
    >>> h, C = smooth_parts(S); str(h), C
    ('-a*b + 1', (2,))
    """
    if S.scale != 2:
        return None
    coords, rest = [], []
    for g in S.gens:
        c = _bare_coordinate(g)
        if c is not None and c in S.zero and not S.kappa[c] and not S.eta[c] and c not in coords:
            coords.append(c)
        else:
            rest.append(g)
    if len(rest) != 1 or any(e[c] for e in rest[0].terms for c in coords):
        return None
    return rest[0], tuple(sorted(coords))


def _bare_coordinate(g: Polynomial) -> int | None:
    if len(g.terms) != 1:
        return None
    (e,) = g.terms
    return e.index(1) if sum(e) == 1 else None


def transversal(S) -> bool:
    """h, u_k·∂_k h (all k) restricted to F generate the unit ideal (:func:`smooth_parts` gives h)."""
    from .blowup import restricted, unit_ideal
    from dataclasses import replace

    parts = smooth_parts(S)
    if parts is None:
        return False
    h = parts[0]
    polys = [h] + [_u_dk(h, k) for k in range(h.nvars)]
    return unit_ideal(restricted(replace(S, gens=tuple(polys))))


def _u_dk(h: Polynomial, k: int) -> Polynomial:
    """u_k·∂h/∂u_k (the Euler-type derivative keeps integer exponents)."""
    return Polynomial(h.variables, {e: c * e[k] for e, c in h.terms.items() if e[k]})


def smooth_point(S) -> dict | None:
    """A rational point p of F with h(p) = 0 and p_j = 0 wherever κ_j > 0 — if transversal — else None."""
    if not transversal(S):
        return None
    n = len(S.kappa)
    fixed = set(S.zero) | {j for j in range(n) if S.kappa[j] > 0 and not off_v(S, j)}
    free = [j for j in range(n) if j not in fixed]
    if not free:
        return None
    h = smooth_parts(S)[0]
    # solve for a coordinate h involves (the last free one, say, may not occur in h at all)
    for last in [k for k in reversed(free) if any(e[k] for e in h.terms)]:
        others = [k for k in free if k != last]
        for trial, values in enumerate(product(TRIAL_VALUES, repeat=len(others))):
            if trial >= MAX_TRIALS:
                break
            point = {j: Fraction(0) for j in fixed} | dict(zip(others, map(Fraction, values)))
            root = _rational_root(h, point, last)
            if root is not None:
                return dict(sorted((point | {last: root}).items()))
    return None


def _rational_root(h: Polynomial, point: dict, k: int) -> Fraction | None:
    """A rational root of t ↦ h(point, u_k = t), if it has one."""
    import sympy

    t = sympy.Symbol("t")
    expr = sympy.Integer(0)
    for e, c in h.terms.items():
        term = sympy.Rational(c.numerator, c.denominator) * t ** e[k]
        for j, v in point.items():
            term *= sympy.Rational(v.numerator, v.denominator) ** e[j] if e[j] else 1
        expr += term
    poly = sympy.Poly(expr, t, domain="QQ")
    if poly.is_zero or poly.degree() < 1:
        return None
    for factor, _ in poly.factor_list()[1]:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            return -Fraction(int(b.p), int(b.q)) / Fraction(int(a.p), int(a.q))
    return None


def off_v(S, j: int) -> bool:
    """u_j vanishes nowhere on V: h on F ∩ {u_j = 0} is sign-definite, or h, u_j on F generate the unit ideal."""
    from .blowup import restricted, unit_ideal
    from dataclasses import replace

    from .blowup import definite

    if j in S.zero:
        return False
    u_j = Polynomial(S.variables, {tuple(int(i == j) for i in range(len(S.kappa))): Fraction(1)})
    h = smooth_parts(S)[0]
    on_hyperplane = restricted(replace(S, gens=(h,), zero=S.zero | {j}))[0]
    return definite(on_hyperplane) or unit_ideal(restricted(replace(S, gens=(h, u_j))))


def check_smooth_point(S, point: dict) -> bool:
    """The witness lies on F, on h = 0, and is zero at every coordinate of positive κ that vanishes
    somewhere on V (the others are re-proved nonzero on all of V)."""
    n = len(S.kappa)
    if sorted(point) != list(range(n)):
        return False
    if any(point[j] != 0 and (j in S.zero or (S.kappa[j] > 0 and not off_v(S, j))) for j in range(n)):
        return False
    return smooth_parts(S)[0].evaluate({S.variables[j]: v for j, v in point.items()}) == 0


def smooth_value(S, point: dict) -> tuple[Fraction, int]:
    """Lin-minimum of the origin's monomial candidate and the witness's candidate (y = (u_C, h) counts as
    κ 1, η |C|)."""
    values = [v for v in [candidate_pole(S.kappa, S.eta, 2)] if v is not None]
    zero_at = [j for j in range(len(S.kappa)) if point[j] == 0]
    kappa = tuple(S.kappa[j] for j in zero_at) + (1,)
    eta = tuple(S.eta[j] for j in zero_at) + (len(smooth_parts(S)[1]),)
    values.append(candidate_pole(kappa, eta, 2))
    lam = min(v for v, _ in values)
    return lam, max(m for v, m in values if v == lam)
