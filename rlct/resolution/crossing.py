"""The ``crossing`` leaf: one generator h = q1·q2 in the free coordinates, two smooth hypersurfaces crossing
transversally, where the origin's monomial candidate is strictly below anything their zeros can give.

Let the node's generators be h and bare coordinates u_c, c ∈ C (as for the smooth leaf,
:func:`rlct.resolution.smooth.smooth_parts`), h free of every coordinate of Z, h = q1·q2 (exact division),
h(0) ≠ 0. Suppose that on F = {u_Z = 0} (all three are polynomials in the free coordinates T):

- q1 and the u_k·∂_k q1 (every k) have no common zero, and likewise for q2;
- q1, q2 and the u_k·u_l·(∂_k q1·∂_l q2 − ∂_l q1·∂_k q2) (every k < l) have no common zero

(reduced Groebner bases [1], so not even complex common zeros). At a point p ∈ F with q1(p) = 0 ≠ q2(p)
some k with p_k ≠ 0 has ∂_k q1(p) ≠ 0, so u_J (J the coordinates zero at p), u_C and q1 are part of a
coordinate system and K∘π ≍ u_J^{2κ_J}·(|u_C|² + q1²): a product of functions of disjoint coordinates, whose
candidates are those of u_J and (|C| + 1)/2 (m 1). Where both vanish, some k, l with p_k, p_l ≠ 0 give an
invertible 2×2 minor, so u_J, u_C, q1, q2 are coordinates and the second factor |u_C|² + q1²·q2² has
λ = (|C| + 1)/2 (m at most 2). Off {h = 0}, K∘π is u^{2κ} times a unit. So every point's candidates are a
subset of the origin's (the origin of F, where h ≠ 0, has every coordinate zero) plus (|C| + 1)/2; when that
is strictly above the origin's λ, the origin attains the Lin-minimum over F, with nothing to find on the
zeros (no witness point, which for irrational crossings would need algebraic numbers).

Chart by chart, (x² − 2y²)(x² − 2z²) leaves (x² − 2)(x²z² − 2) beside y⁸: the curves x = ±√2 and
x²z² = 2 cross at irrational points, and 1/2 > 3/8.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("(x**2 - 2)*(x**2*z**2 - 2)", names),), (0, 4, 2), (0, 2, 1), frozenset({1}), 2)
>>> leaf = crossing_leaf(S); str(Polynomial.from_json(names, leaf["factor"]))
'x**2 - 2'
>>> check_crossing(S, leaf)
True
>>> T = Node((parse("(x*z - 2)*(x*z**2 - 3)", names),), (0, 4, 0), (0, 2, 0), frozenset({1}), 2)
>>> str(Polynomial.from_json(names, crossing_leaf(T)["factor"]))           # not a one-coordinate content
'x*z - 2'
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from itertools import combinations

from ..poly import Polynomial, _ring, from_ring_element, to_ring_element
from ..toric import candidate_pole
from .blowup import MAX_FACTOR_DEGREE
from .smooth import _u_dk


def crossing_leaf(S) -> dict | None:
    """{"reason": "crossing", "factor": q1} when the conditions of the module docstring hold, else None."""
    from .divide import coordinate_content
    from .smooth import smooth_parts

    parts = smooth_parts(S)
    if parts is None or not _above_origin(S, len(parts[1])):
        return None
    h = parts[0]
    free = [k for k in range(h.nvars) if k not in S.zero and any(e[k] for e in h.terms)]
    contents = [coordinate_content(h, {k}) for k in free]
    for q1 in contents + _irreducible_factors(h):
        if 0 < len(q1.terms) and any(sum(e) for e in q1.terms) and len(q1.terms) < len(h.terms):
            leaf = {"reason": "crossing", "factor": q1.to_json()}
            if check_crossing(S, leaf):
                return leaf
    return None


MAX_FACTOR_TERMS = 60


def _irreducible_factors(h: Polynomial) -> list[Polynomial]:
    """h's irreducible factors over ℚ that occur once (candidates for q1 where no one-coordinate content is one,
    e.g. (x·z − 2)(x·z² − 3)); none for large h, whose factorisation costs more than the leaf is worth."""
    if len(h.terms) > MAX_FACTOR_TERMS or max(sum(e) for e in h.terms) > MAX_FACTOR_DEGREE:
        return []
    R, _ = _ring(h.variables)
    _, factors = to_ring_element(h, R).factor_list()
    return [from_ring_element(f, h.variables) for f, k in factors if k == 1 and not f.is_ground]


def check_crossing(S, leaf: dict) -> bool:
    """Re-derive every condition of the module docstring for the stated factor q1 (exact arithmetic)."""
    from .blowup import unit_ideal
    from .smooth import smooth_parts

    parts = smooth_parts(S)
    if parts is None or not _above_origin(S, len(parts[1])):
        return False
    h = parts[0]
    if any(e[j] for e in h.terms for j in S.zero) or (0,) * h.nvars not in h.terms:
        return False
    q1 = Polynomial.from_json(S.variables, leaf["factor"])
    q2 = _quotient(h, q1)
    if q2 is None or not any(sum(e) for e in q1.terms) or not any(sum(e) for e in q2.terms):
        return False
    n = h.nvars
    return (unit_ideal([q1] + [_u_dk(q1, k) for k in range(n)])
            and unit_ideal([q2] + [_u_dk(q2, k) for k in range(n)])
            and unit_ideal([q1, q2] + [_minor(q1, q2, k, l) for k, l in combinations(range(n), 2)]))


def crossing_value(S) -> tuple[Fraction, int]:
    """The origin's monomial candidate (the leaf's conditions put the zeros of h strictly above it)."""
    return candidate_pole(S.kappa, S.eta, 2)


def _above_origin(S, c: int) -> bool:
    origin = candidate_pole(S.kappa, S.eta, S.scale) if S.scale == 2 else None
    return origin is not None and Fraction(c + 1, 2) > origin[0]


def _quotient(h: Polynomial, q: Polynomial) -> Polynomial | None:
    R, _ = _ring(h.variables)
    quo, rem = divmod(to_ring_element(h, R), to_ring_element(q, R))
    return None if rem else from_ring_element(quo, h.variables)


def _minor(q1: Polynomial, q2: Polynomial, k: int, l: int) -> Polynomial:
    """u_k·u_l·(∂_k q1·∂_l q2 − ∂_l q1·∂_k q2) = (u_k∂_k q1)(u_l∂_l q2) − (u_l∂_l q1)(u_k∂_k q2)."""
    R, _ = _ring(q1.variables)
    a, b = to_ring_element(_u_dk(q1, k), R), to_ring_element(_u_dk(q2, l), R)
    c, d = to_ring_element(_u_dk(q1, l), R), to_ring_element(_u_dk(q2, k), R)
    return from_ring_element(a * b - c * d, q1.variables)
