"""A coordinate of the monomial that vanishes on the zeros only over finitely many slices (``units-off-slices``).

Take a node (u^κ·⟨g_i⟩, amplitude |u^η|, fibre set F = {u_Z = 0}) with no centre, V the common zeros of the
generators on F, and a free coordinate t with κ_t > 0 or η_t > 0 that vanishes somewhere on V — as z does
in a chart of (x² − 2y² + z³, xyz), where V is the curve z = 2y² − 1 and crosses z = 0 at y = ±1/√2. If a
polynomial e(u_s) in one other free coordinate lies in the ideal of u_t and the restricted generators, then
V ∩ {u_t = 0} lies on the slices {u_s = r}, r the real roots of e, and off them u_t is a unit near V.

Three subtrees are searched (every slice translated as in :mod:`.points`, over Q(θ) where r is irrational,
:mod:`.field_nodes`):

- B, the node on the slices: its exact values there;
- C, the node with κ_t = η_t = 0: at a point of V off the slices |u_t|^… is a positive unit, so C has the
  node's local problem there; at a point off V both are monomial and C's value is at least the node's (C has
  a subset of its candidates), and at least the origin's candidate c0, which is kept as in :mod:`.points`; on
  the slices C's values may be anything (dropping |u_t|^{η_t} enlarges the amplitude);
- C_B, C on the slices: C's exact values there.

Write v(X) for the Lin-minimum (smallest λ, then largest m) of a subtree's leaves, ≤ for Lin's order. The node's
value is the Lin-minimum of B, c0 and C off the slices, C_off. Since v(C) = min(C_off, C_on):

- if v(C) < v(C_B) (strictly) and C_B is complete, the minimum of C is attained off the slices: each leaf of
  C below v(C_B) is a value of the node at a real point, and C's leaves count (an open C leaves an upper bound);
- if C is complete and min(v(B), c0) ≤ v(C), then C_off ≥ v(C) ≥ min(v(B), c0), and C adds nothing: the node's
  value is min(v(B), c0);
- otherwise the node stays open, with B and c0 as its bound (C's leaves are not used: on the slices they may
  lie below the node's values).

The checker recomputes t, s, e's roots and the three subtrees, and applies the same rule to the values it
re-derives.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("z + 1 - 2*y**2", names), parse("x**2*y*z", names)), (6, 0, 2), (7, 0, 2), frozenset({0}), 2)
>>> t, s, cuts = units_off_slices(S)
>>> names[t], names[s], [c.d for c in cuts]
('z', 'y', [2, 2])
"""
from __future__ import annotations

from dataclasses import replace

from ..result import lin_less
from .algebraic import _real_roots
from .blowup import GROEBNER_TERMS, Node, restricted
from .field import RealField
from .points import _univariate_in, slice_node

MAX_DEGREE = 8


def units_off_slices(S: Node) -> tuple[int, int, list[RealField]] | None:
    """(t, s, the real roots of e as fields: Q for a rational one) for the first coordinate t of the monomial
    or the amplitude and the first other free coordinate s with a nonconstant e(u_s) in ⟨u_t, restricted
    generators⟩ whose real roots are isolated; None if there is none."""
    free = [i for i in range(len(S.kappa)) if i not in S.zero]
    if S.scale != 2 or len(free) < 2:
        return None
    polys = [p for p in restricted(S) if not p.is_zero()]
    if not polys or sum(len(p.terms) for p in polys) > GROEBNER_TERMS:
        return None
    from .blowup import coordinate

    for t in free:
        if not (S.kappa[t] or S.eta[t]):
            continue
        with_t = polys + [coordinate(S.variables, t)]
        for s in free:
            if s != t and (cuts := eliminant_cuts(with_t, free, s)):
                return t, s, cuts
    return None


def eliminant_cuts(polys: list, free: list[int], s: int) -> list[RealField] | None:
    """The real roots, as fields (Q for a rational one), of a nonconstant e(u_s) in the ideal of polys
    (restricted to F, in the free coordinates) whose square-free part has degree ≤ MAX_DEGREE; None if there is
    none or a root cannot be isolated. An empty list: e has no real root."""
    from fractions import Fraction

    e = _univariate_in(polys, free, s)
    if e is not None and e.degree() >= 1:
        e = e.sqf_part()  # the same roots: powers in e (from powers in q) need not count against the degree
    if e is None or e.degree() < 1 or e.degree() > MAX_DEGREE:
        return None
    roots = _real_roots([Fraction(int(c.p), int(c.q)) for c in reversed(e.all_coeffs())])
    if roots is None:
        return None
    return [F if F.d > 1 else _rational(F, theta) for F, theta in roots]


def _rational(F: RealField, theta) -> RealField:
    """A rational root r kept as the field Q given by m(t) = t − r (its θ is r)."""
    return RealField([-theta[0], 1], theta[0] - 1, theta[0] + 1)


def without_unit(S: Node, t: int) -> Node:
    """C: the node with κ_t = η_t = 0."""
    return replace(S, kappa=tuple(0 if i == t else k for i, k in enumerate(S.kappa)),
                   eta=tuple(0 if i == t else e for i, e in enumerate(S.eta)))


def slice_entries(S: Node, s: int, cuts: list[RealField]) -> list[tuple[dict, object]]:
    """Each slice's record and its child: a rational :class:`Node` or a number-field node."""
    from ..poly import fraction_str
    from .field_nodes import slice_child

    out = []
    for F in cuts:
        if F.d == 1:
            r = F.theta[0]
            out.append(({"variable": S.variables[s], "at": fraction_str(r)}, slice_node(S, s, r)))
        else:
            out.append(({"variable": S.variables[s], "field": F.to_json()}, slice_child(S, s, F)))
    return out


def decide(value_B, value_C, complete_C: bool, value_CB, complete_CB: bool, rest) -> str:
    """Which of the rule's cases holds (module docstring): "C" (C's leaves count), "B" (they add nothing) or
    "open". Values are (λ, m) or None (no leaf)."""
    if value_C is not None and complete_CB and (value_CB is None or lin_less(value_C, value_CB)):
        return "C"
    bound = _lin_min([v for v in (value_B, rest) if v is not None])
    if complete_C and bound is not None and (value_C is None or not lin_less(value_C, bound)):
        return "B"
    return "open"


def _lin_min(values: list):
    if not values:
        return None
    lam = min(v[0] for v in values)
    return lam, max(v[1] for v in values if v[0] == lam)
