"""Shrink a node's fibre set along a weighted scaling that leaves its generators homogeneous (``scaling``).

A node (:class:`~rlct.resolution.blowup.Node`) asks for the Lin-minimum of the local (λ_p, m_p) over its fibre
set F = {u_Z = 0}, the other coordinates T ranging over ℝ. Take integer weights w with every generator
weighted homogeneous (⟨w, e⟩ the same for all its terms e), w_t ≥ 0 on T, and W = {t ∈ T : w_t > 0}
non-empty. Then σ_s(u) = (s^{w_i}·u_i), s > 0, maps F onto F, multiplies each generator by a power of s and
the monomials u^κ, u^η by constants, and is a linear isomorphism with constant Jacobian s^{Σw}; so the local problem at σ_s(p) is the one at
p (the ideal, the monomial and the amplitude exponents agree up to constants and positive units), and
(λ, m) at σ_s(p) equals (λ, m) at p. As s → 0, σ_s(p) → p₀ = p with u_W set to 0 (the coordinates of Z are
0 on F, those of T∖W have weight 0). Every neighbourhood U of p₀ contains a neighbourhood V of σ_s(p) for
small s, and the integrand of ∫ K^z φ is positive, so the largest pole over U is at least that over V in Lin
order: (λ, m) at p₀ is at most (λ, m) at p. Hence the Lin-minimum over F is the one over F ∩ {u_W = 0}: the
child node is the same node with Z ∪ W. A coordinate that occurs in no generator takes any weight, so it
always joins Z.

This is what lets a chart of reduced-rank regression shed its directions: after the blow-up of the matrix A
the chart's generators are a smaller product B''·Ã'' with the entries of Ã'' free, and the product is
homogeneous in them; the worst point is Ã'' = 0.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["b1", "b2", "a1", "a2", "c"]
>>> S = Node((parse("b1*a1 + b2*a2", names), parse("b1 - b2*c**2", names)), (0,) * 5, (0,) * 5,
...          frozenset({0, 1}), 2)
>>> w = scaling_weights(S)
>>> sorted(names[i] for i, v in w.items() if v > 0 and i not in S.zero)     # c too: b1 = b2·c² scales
['a1', 'a2', 'c']
>>> len(restrict_by_scaling(S, w).zero)
5
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from math import lcm

from .blowup import MoveError, Node

MAX_SCALING_TERMS = 400   # the LP has a row per term beyond the first of each generator


def restrict_by_scaling(S: Node, weights: dict[int, int]) -> Node:
    """The node with Z ∪ W, W = {t ∉ Z : w_t > 0}; checks homogeneity, w ≥ 0 off Z and W ≠ ∅."""
    n = len(S.kappa)
    w = [int(weights.get(i, 0)) for i in range(n)]
    if any(i not in range(n) for i in weights):
        raise MoveError("a scaling weight names no coordinate")
    if any(w[i] < 0 for i in range(n) if i not in S.zero):
        raise MoveError(f"a negative weight off the fibre set's zero coordinates: {S.variables}, {w}")
    grow = frozenset(i for i in range(n) if i not in S.zero and w[i] > 0)
    if not grow:
        raise MoveError("the scaling moves no coordinate of the fibre set")
    for j, g in enumerate(S.gens):
        degrees = {sum(a * b for a, b in zip(w, e)) for e in g.terms}
        if len(degrees) > 1:
            raise MoveError(f"generator {j} is not homogeneous for the weights {w}")
    return replace(S, zero=S.zero | grow)


def scaling_weights(S: Node) -> dict[int, int] | None:
    """Integer weights with the most free coordinates of positive weight (an exact LP), or None if none.

    Maximises Σ y_t over free coordinates t subject to 0 ≤ y_t ≤ 1, y_t ≤ w_t, w_t ≥ 0 off Z and every
    generator homogeneous; the weights form a cone, so the optimum gives every coordinate that can move a
    weight ≥ 1."""
    n = len(S.kappa)
    free = [t for t in range(n) if t not in S.zero]
    if not free:
        return None
    present = {i for g in S.gens for e in g.terms for i, k in enumerate(e) if k}
    if not present.intersection(free):
        return {t: 1 for t in free}
    if sum(len(g.terms) for g in S.gens) > MAX_SCALING_TERMS:
        return None
    from ..lp import LPFailure, solve_exact_lp

    col = {t: n + j for j, t in enumerate(free)}
    size = n + len(free)
    equalities = []
    for g in S.gens:
        terms = list(g.terms)
        for e in terms[1:]:
            equalities.append(([a - b for a, b in zip(e, terms[0])] + [0] * len(free), 0))
    inequalities = []
    for t in free:
        row = [0] * size
        row[t], row[col[t]] = 1, -1                       # w_t − y_t ≥ 0
        inequalities.append((row, 0))
        row = [0] * size
        row[col[t]] = -1                                  # 1 − y_t ≥ 0
        inequalities.append((row, 1))
    objective = [0] * n + [1] * len(free)
    try:
        value, x = solve_exact_lp(size, inequalities, equalities, objective, nonnegative=free + list(col.values()))
    except LPFailure:
        return None
    if value <= 0:
        return None
    den = lcm(*(Fraction(v).denominator for v in x[:n]))
    return {i: int(x[i] * den) for i in range(n) if x[i]}
