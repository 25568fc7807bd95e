"""A smooth generator made a coordinate by a whole substitution, and the phantom points that leaves behind.

The ``zeros`` move (:mod:`rlct.resolution.divide`) makes a generator h, equal to q on the fibre set F, the
coordinate u_k near {q = 0}. Without a substitution that needs u_k to occur nowhere else. Where u_k is still
used by other generators, the change u_k' = h is carried through them:

- h = C·u_k + R with C, R free of u_k (h of degree 1 in u_k); on F, C is c = ∂_kq and R is r = q − c·u_k;
- c and r have no common zero, so c ≠ 0 at every zero of q on F, and u_k' = h is a change of coordinates
  near each of them (Jacobian 1/C, a unit there), mapping F ∩ {q = 0} onto F ∩ {u_k' = 0};
- every other generator g, of degree d in u_k, becomes C^d·g(u_k = −R/C) (g times the unit C^d, taken
  modulo u_k', which is in the ideal);
- u_k must not be in the monomial or the amplitude near {q = 0} (κ_k = η_k = 0 once the coordinates u_j of
  q that have no common zero with q are dropped as units, :func:`~rlct.resolution.divide.near_zeros`).

The child node (h → u_k, Z ∪ {k}) then has, at each of its points where c ≠ 0, exactly the local problem of
the node at the zero of q above it: on the child's fibre set C is c; the factors of the other generators in
q's coordinates alone that :func:`~rlct.resolution.divide.near_zeros` strips have no common zero with q, so
they are units at those zeros. Every zero of q on F has such a point (u_k = −r/c there). Its points where c = 0 stand
for nothing: they are the **phantom** points, and the move is taken only when none of them can lower the
child's Lin-minimum (:func:`phantoms_harmless`). The rest of F, where q ≠ 0, takes the origin's monomial
candidate, as for the ``zeros`` move.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("x*(1 - 2*y**2) + 1", names), parse("x**2*y*z**2", names)), (0, 0, 6), (0, 0, 7),
...          frozenset({2}), 2)
>>> substitution_coordinate(S, 0)
0
>>> child = graph_child(S, 0, 0)
>>> [str(g) for g in child.gens], child.kappa, sorted(child.zero)
(['x', 'y*z**2'], (0, 0, 6), [0, 2])
"""
from __future__ import annotations

from dataclasses import replace

from ..poly import Polynomial, _ring, from_ring_element, to_ring_element
from .blowup import (GROEBNER_TERMS, MoveError, Node, cleared_substitution, coordinate, normalise, restricted,
                     split_linear, unit_ideal)


def substitution_coordinate(S: Node, i: int) -> int | None:
    """The first coordinate k of generator i's value q on F that meets :func:`substitution_conditions`."""
    from .divide import coordinates

    q = restricted(S)[i] if S.scale == 2 else None
    if q is None or len(q.terms) < 2 or len(S.gens[i].terms) > GROEBNER_TERMS:
        return None
    return next((k for k in sorted(coordinates(q)) if substitution_conditions(S, i, k)), None)


def substitution_conditions(S: Node, i: int, k: int) -> bool:
    """Generator i becomes u_k by the whole substitution (module docstring): its value q on F has free
    coordinates, it is of degree 1 in u_k with a coefficient c that has no common zero with the rest r of q,
    u_k is not in κ or η near {q = 0}, and the child's phantom points are harmless."""
    from .divide import _graph_shape, coordinates, derivative

    q = restricted(S)[i]
    if S.scale != 2 or coordinates(q) & S.zero or split_linear(S.gens[i], k) is None:
        return False
    # q = c·u_k + r with c and r without a common zero (the graph shape, nothing excluded)
    if not _graph_shape(q, k, set()):
        return False
    c = derivative(q, k)
    try:
        child = graph_child(S, i, k)
    except MoveError:
        return False
    return phantoms_harmless(child, c)


def graph_child(S: Node, i: int, k: int) -> Node:
    """The node over F ∩ {q = 0} in the coordinate u_k' = generator i: units near {q = 0} dropped, every
    other generator g (degree d in u_k) replaced by C^d·g(u_k = −R/C) (modulo u_k'), Z ∪ {k}. MoveError where
    generator i is not of degree 1 in u_k or u_k stays in κ or η."""
    from .divide import near_zeros

    q = restricted(S)[i]
    near = near_zeros(S, i, q, whole=True)
    if near.kappa[k] or near.eta[k]:
        raise MoveError(f"{S.variables[k]} occurs in the monomial or the amplitude near the generator's zeros")
    split = split_linear(S.gens[i], k)
    if split is None:
        raise MoveError(f"generator {i} is not of degree 1 in {S.variables[k]}")
    return normalise(replace(near, gens=_substituted(near.gens, i, k, *split), zero=S.zero | {k}))


def _substituted(gens: tuple, i: int, k: int, C: Polynomial, R: Polynomial) -> tuple:
    """Generator i (= C·u_k + R) becomes u_k; every other generator g, of degree d in u_k, C^d·g(u_k = −R/C),
    which is g times the unit C^d modulo u_k where C ≠ 0."""
    names = C.variables
    ring, _ = _ring(names)
    Cr, minus_R = to_ring_element(C, ring), -to_ring_element(R, ring)
    return tuple(coordinate(names, k) if j == i else cleared_substitution(g, k, minus_R, Cr, ring)
                 for j, g in enumerate(gens))


def phantoms_harmless(child: Node, c: Polynomial) -> bool:
    """The child's points where c = 0 (no real zero of q above them: **phantom** points) cannot lower its
    Lin-minimum below the value at its real points (those with c ≠ 0).

    Let W be the coordinates of c and M those with κ_j > 0 or η_j > 0 in the child. Conditions:

    1. c with the coordinates W ∩ M set to zero is not the zero polynomial;
    2. every child generator is free of W once its factor in W alone is dropped, where that factor has no
       common zero with c (a generator free of W has the factor 1); or c and the child's generators on its
       fibre set have no common zero.

    Take a phantom point p and J = {j ∈ W ∩ M : p_j = 0}. By 1, c does not vanish identically on
    {u_J = 0} (a polynomial zero there would be zero with all of W ∩ M set to 0), so points p' of that
    subspace with c(p') ≠ 0 lie arbitrarily close to p; take one that differs from p in the coordinates
    W ∖ J only. It lies in the child's fibre set (W ⊆ Q ∖ {k} and Q ∩ Z = ∅: W is free), it is real, and it
    has the same zero pattern on M: the coordinates outside W are those of p, J is zero at both, the rest of
    W ∩ M is nonzero at both (p' close enough), and W ∖ M has κ = η = 0. If some child generator is nonzero
    at p (always so under the second form of 2), it is nonzero at p' close enough, so both local problems
    are u^{2κ} times a unit (scale 2), with the same monomial candidate. Otherwise, under the first form of
    2, each generator is a factor in W alone, nonzero at p (no common zero with c) and so at p' close
    enough, times a polynomial free of W: up to those units the local data at p' are those at p moved
    along W: the same (λ, m). Either way a real point attains the phantom point's value (λ and m), so the
    child's Lin-minimum is that over its real points. Where the child itself fails the conditions, they are
    tried on the child as seen near its phantom points (:func:`near_phantoms`), whose local problems at the
    phantom points and at the real points close enough to them (inside the neighbourhood where all its
    eliminations are valid) are the child's: the argument compares only those. c, W and the fibre set do
    not change there, nor does M on W (an eliminated coordinate is in Z, outside W).

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c", "d", "e"]
    >>> child = Node((parse("d", names), parse("e", names)), (1, 1, 2, 1, 0), (1, 1, 2, 1, 0),
    ...              frozenset({0, 2, 3, 4}), 2)
    >>> phantoms_harmless(child, parse("b + 1", names)), phantoms_harmless(child, parse("b", names))
    (True, False)
    >>> beside = Node((parse("d", names), parse("b*e", names)), (0, 0, 0, 0, 1), (0, 0, 0, 0, 1),
    ...               frozenset({3, 4}), 2)
    >>> phantoms_harmless(beside, parse("1 - 2*b**2", names)), phantoms_harmless(beside, parse("b - 1", names))
    (True, True)
    >>> phantoms_harmless(beside, parse("b", names))
    False
    """
    if _harmless(child, c):
        return True
    near = near_phantoms(child, c)
    return near is not child and _harmless(near, c)


def _harmless(child: Node, c: Polynomial) -> bool:
    from .divide import coordinates

    W = coordinates(c)
    M = {j for j in W if child.kappa[j] or child.eta[j]}
    if not Polynomial(c.variables, {e: a for e, a in c.terms.items() if not any(e[j] for j in M)}).terms:
        return False
    if all(_apart_from(g, W, c) for g in child.gens):
        return True
    return unit_ideal([c] + restricted(child))


def near_phantoms(child: Node, c: Polynomial) -> Node:
    """The child as seen near its phantom points: while some generator is a·u_k + g (a, g free of u_k) with
    k ∈ Z outside κ and η, the generator zero on the fibre set F, and a on F a nonzero constant or without a
    common (complex) zero with c, it becomes the coordinate u_k (every other generator h → a^d·h(u_k =
    −g/a), modulo the new coordinate). Near every point where a ≠ 0, which holds at the phantom points and
    at the real points close enough to them, that is a change of coordinates fixing F pointwise (u_k = 0
    on F and g = h = 0 there, so the new coordinate vanishes on F and no other coordinate moves; the
    Jacobian 1/a is a unit), so the local problems at those points do not change.

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c", "d", "e"]
    >>> child = Node((parse("a", names), parse("-b**2*d - b*d - b*e + 2*c", names)), (0, 0, 0, 0, 2),
    ...              (0, 0, 0, 0, 3), frozenset({0, 2, 3, 4}), 2)
    >>> [str(g) for g in near_phantoms(child, parse("b + 1", names)).gens]
    ['a', 'c']
    """
    S = child
    for _ in range(len(child.gens)):
        step = _phantom_elimination(S, c)
        if step is None:
            break
        i, k, split = step
        S = normalise(replace(S, gens=_substituted(S.gens, i, k, *split)))
    return S


def _phantom_elimination(S: Node, c: Polynomial):
    """The first (generator, coordinate, (a, g)) for :func:`near_phantoms`, or None."""
    from .divide import coordinates

    on_fibre = restricted(S)
    for i, h in enumerate(S.gens):
        if len(h.terms) < 2 or not on_fibre[i].is_zero() or len(h.terms) > GROEBNER_TERMS:
            continue
        for k in sorted(S.zero):
            split = None if S.kappa[k] or S.eta[k] else split_linear(h, k)
            if split is None:
                continue
            a = restricted(replace(S, gens=(split[0],)))[0]
            if a.is_zero():
                continue
            if not coordinates(a) or unit_ideal([a, c]):
                return i, k, split
    return None


def _apart_from(g: Polynomial, W: set, c: Polynomial) -> bool:
    """g is free of the coordinates W once its factor in W alone is dropped, that factor having no common
    zero with c (so a unit near every phantom point and near the real points beside it)."""
    from .divide import coordinate_content, coordinates

    if not coordinates(g) & W:
        return True
    if len(g.terms) > GROEBNER_TERMS:
        return False
    content = coordinate_content(g, W)
    if not coordinates(content) or not unit_ideal([content, c]):
        return False
    R, _ = _ring(g.variables)
    rest = from_ring_element(to_ring_element(g, R).exquo(to_ring_element(content, R)), g.variables)
    return not coordinates(rest) & W
