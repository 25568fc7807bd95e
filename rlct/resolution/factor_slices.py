"""A factor of a generator that meets the zeros only over finitely many slices (``factor-off-slices``).

Take a node (u^κ·⟨g_i⟩, amplitude |u^η|, fibre set F = {u_Z = 0}) with no centre, V the common zeros of the
generators on F, and a factor q of one generator, g_i = q·r (exact, over ℚ). If a polynomial e(u_s) in one free
coordinate lies in the ideal of q and the generators restricted to F, then every point of V where q vanishes
lies on a slice {u_s = ρ}, ρ a real root of e. This is :mod:`.divide`'s ``slices`` case with the slices found
by elimination rather than read off q, and with irrational ρ searched over Q(ρ) (:mod:`.field_nodes`). In a
chart of (x² − 2y² + z⁴, xyz²), with z's factors dropped, the node ⟨z² + 1 − 2y², x²·y·(2y² − 1)⟩ has the
factor q = y·(2y² − 1): on the hyperbola z² + 1 = 2y² it vanishes only where z = 0, on y = ±1/√2.

The node's value is the Lin-minimum of two parts:

- the slices, F ∩ {u_s = ρ} with the node's own generators: the node's values at those points, exactly;
- the quotient, g_i replaced by r: off the slices it has the node's local ideal (at a point of V there q is
  a unit; at a point off V the two are u^κ times a unit, with the same κ and η), and everywhere its ideal
  contains the node's (g_i ∈ ⟨r⟩), so K_node ≤ C·K_quotient and its values are no lower than the node's (Lin
  order), on the slices too.

So every leaf of either part is a value of the node or lies above one, and when both are complete their
Lin-minimum is the node's value. The checker recomputes e and its real roots from q, the generators and s,
re-expands both parts and requires the recorded slices to be exactly those roots.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("z**2 + 1 - 2*y**2", names), parse("2*x**2*y**3 - x**2*y", names)), (4, 0, 0), (4, 0, 0),
...          frozenset({0}), 2)
>>> i, q, s, cuts = factor_off_slices(S)
>>> i, str(q), names[s], [c.d for c in cuts]
(1, '2*y**3 - y', 'y', [1, 2, 2])
"""
from __future__ import annotations

from ..poly import Polynomial
from .blowup import GROEBNER_TERMS, Node, restricted
from .divide import coordinate_content, coordinates, separable_blocks
from .field import RealField
from .unit_slices import eliminant_cuts


def factor_off_slices(S: Node) -> tuple[int, Polynomial, int, list[RealField]] | None:
    """(generator i, its factor q, the slice coordinate s, the real roots of the eliminant as fields) for the
    first factor q of a generator (a content in one free coordinate, then a block of :func:`separable_blocks`)
    and free coordinate s with a nonconstant eliminant e(u_s) in ⟨q, restricted generators⟩ whose real roots
    are isolated; None if there is none."""
    free = [i for i in range(len(S.kappa)) if i not in S.zero]
    if S.scale != 2 or not free:
        return None
    polys = [p for p in restricted(S) if not p.is_zero()]
    if not polys or sum(len(p.terms) for p in polys) > GROEBNER_TERMS:
        return None
    for i, g in enumerate(S.gens):
        if len(g.terms) > GROEBNER_TERMS:
            continue
        for q in _factors(g, free):
            for s in free:
                cuts = factor_cuts(S, q, s)
                if cuts is not None:
                    return i, q, s, cuts
    return None


def factor_cuts(S: Node, q: Polynomial, s: int) -> list[RealField] | None:
    """The real roots of the eliminant in u_s of ⟨q, generators⟩ restricted to F (None if there is none, it is
    constant, or its roots cannot be isolated)."""
    free = [i for i in range(len(S.kappa)) if i not in S.zero]
    if s not in free:
        return None
    on_F = Polynomial(q.variables, {e: c for e, c in q.terms.items() if not any(e[j] for j in S.zero)})
    if on_F.is_zero() or not coordinates(on_F):
        return None  # q vanishes on all of F, or not at all
    polys = [p for p in restricted(S) if not p.is_zero()] + [on_F]
    return eliminant_cuts(polys, free, s)


def _factors(g: Polynomial, free: list[int]) -> list[Polynomial]:
    """Cheap factors of g, no multivariate factorisation: its content in each free coordinate, then its
    separable blocks; constants and repeats left out."""
    out: list[Polynomial] = []
    candidates = [coordinate_content(g, {t}) for t in sorted(coordinates(g) & set(free))]
    candidates += [q for _, q in separable_blocks(g)]
    for q in candidates:
        if coordinates(q) and all(q.terms != p.terms for p in out):
            out.append(q)
    return out
