"""Local problems over a fibre set, and the moves of the ≥ 3-variable resolution (shared by search and checker).

A :class:`Node` stands for a chart of a proper real-analytic map π (a composite of blow-ups, coordinate changes
and translations) in coordinates u (named like the original variables), on which, near every point of its
fibre set F,

    K∘π ≍ u^{2κ}·Σ h_i²   (``scale`` 2: K given by generators; K∘π = u^κ·h_1 exactly with ``scale`` 1),

(≍: the ratio is bounded above and below by positive constants near each point; λ_p and m_p depend only on
that class, i.e. on the monomial and the ideal ⟨h_i⟩ in the local ring at p), the amplitude (prior times
Jacobian) is |u^η| times a positive unit, and the **fibre set** F = {u_Z = 0} (Z ⊂ coordinates; the others,
T, range over all of ℝ) lies inside π⁻¹(0). The node's value is the Lin-minimum of the local (λ_p, m_p)
over p ∈ F. Because F ⊂ π⁻¹(0), no point of F is spurious, so no |u| ≤ 1 box is needed; the global (λ, m) is
the Lin-minimum over any family of nodes whose fibre sets together cover π⁻¹(0) (π proper, the integrand
≥ 0, so local poles never cancel and the largest pole of ∫K^z φ is the smallest λ_p, its order the largest
m_p among those points). The root is the problem itself with F = {0} (Z = every coordinate).

Moves, each exact and each preserving "value of the node = value of its children":

- ``normalise`` (automatic): drop zero generators and constant multiples of earlier ones, scale each generator
  to coprime integer coefficients (same ideal; λ_p depends on the ideal only), then move the largest common
  monomial into κ.
- ``substitute`` u_k → u_k + g, g free of u_k: a polynomial automorphism with Jacobian 1. It maps F onto F
  when k ∉ Z, or when every term of g contains a coordinate of Z. κ_k = η_k = 0 is required so that the
  monomial u^κ and the amplitude are unchanged.
- ``eliminate`` (scale 2): a generator equal to c·u_k lets every other generator be replaced by its value at
  u_k = 0 (same ideal).
- ``drop`` (scale 2): a generator that is a polynomial multiple of another is dropped (same ideal).
- ``reduce`` (scale 2): generator j becomes g_j − c·g_i for a polynomial c (same ideal).
- ``scaling``: free coordinates along which every generator is weighted homogeneous join Z; the points
  dropped are no better than those kept (:mod:`rlct.resolution.scaling` has the argument).
- ``unit-eliminate`` (scale 2): a generator c·u_k + g (c, g free of u_k, c without zero on F, κ_k = η_k = 0,
  g vanishing on F when k ∈ Z) becomes the coordinate u_k' = c·u_k + g. The map is a diffeomorphism of the
  open set {c ≠ 0} ⊃ F onto itself, mapping F onto F, with Jacobian 1/c (a positive unit factor of the amplitude
  near F); the other generators become c^d·h(u_k = −g/c) modulo u_k' — the same ideal in the local ring at
  every point of F, since c is a unit there (λ_p depends only on that local ideal).
- ``power-eliminate`` / ``factor-eliminate`` (scale 2): a generator that is a constant times s^p (p ≥ 2), or
  u^e·s (u^e its monomial factor, e_k = 0), with s = c·u_k + g as above: the same map u_k' = s makes it
  u_k'^p, or u^e·u_k'; every other generator h becomes c^d·h(u_k = (u_k' − g)/c), which is h times the
  unit c^d in the new coordinates. With c a constant, ``factor-eliminate`` is ``substitute``; with a
  unit c that is not constant, a substitution by c's constant term alone would leave the rest of
  the series 1/c to be chased one blow-up at a time.
- ``blowup`` of {u_S = 0}: the charts j ∈ S (u_j = v_j, u_i = v_j·v_i for i ∈ S∖j; a
  :class:`~rlct.toric.ToricChart`) cover the blow-up, which is proper and an isomorphism off the centre,
  so the Lin-minimum over F equals the Lin-minimum over the preimages of F in the charts. In chart j that
  preimage is {v_{Z∖S} = 0, v_j = 0} if j ∈ Z; the union of that set and {v_Z = 0} if j ∉ Z and Z∩S ≠ ∅;
  and {v_Z = 0} otherwise: :func:`fibre_components`, one child node per component.

Below a ``divide`` node's smooth child (:mod:`rlct.resolution.divide`) a node is no longer literally a chart of
π with F ⊂ π⁻¹(0): each of its points stands for points of π⁻¹(0) with the same local problem. Every later
move uses only the node's own data (generators, κ, η, F), so the same arguments apply.

Leaf: the generators restricted to F (u_Z = 0) have no common real zero — one is a nonzero constant, one is
sign-definite (a nonzero constant and even monomials all of the constant's sign), or 1 lies in the ideal they
generate (a reduced Groebner basis over ℚ equal to [1]). Then K∘π = u^{2κ}·(positive unit) near every
p ∈ F, λ_p = min over j with p_j = 0 and κ_j > 0 of (η_j + 1)/(scale·κ_j), and the origin of F (all
coordinates zero, a point of F) attains the Lin-minimum: (λ, m) = min over all j with κ_j > 0, m the number
of minimisers. For scale 1 a leaf also needs an even κ and a positive h_1 on F (K ≥ 0). A ``smooth`` leaf
(one generator whose zero set on F is smooth and transversal to the coordinate hyperplanes) adds the points
of F where it vanishes (:mod:`rlct.resolution.smooth`); a ``crossing`` leaf (one generator q1·q2, two smooth
hypersurfaces crossing transversally, whose zeros cannot beat the origin) keeps the origin's candidate
(:mod:`rlct.resolution.crossing`).

Examples
--------
>>> from rlct.poly import parse
>>> S = root_node([parse("a*b + c*d"), parse("a*d")], (0, 0, 0, 0), 2)
>>> S.zero
frozenset({0, 1, 2, 3})
>>> fibre_components(frozenset({0, 1}), (1, 2), 2)
[frozenset({0, 2}), frozenset({0, 1})]
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Sequence

from ..poly import Polynomial, _ring, fraction_str, from_ring_element, to_ring_element
from ..toric import blowup_matrix, candidate_pole, common_monomial, divide_monomial, toric_chart


GROEBNER_TERMS = 120
# deep charts make few terms of degree in the hundreds: sympy's factor_list on one ran for more than ten minutes,
# past any deadline, so no multivariate factorisation (or lex division) is tried above this total degree
MAX_FACTOR_DEGREE = 30


class MoveError(ValueError):
    """A move's precondition fails (the checker turns this into a CertificateError)."""


@dataclass(frozen=True)
class Node:
    gens: tuple[Polynomial, ...]
    kappa: tuple[int, ...]
    eta: tuple[int, ...]
    zero: frozenset
    scale: int

    @property
    def variables(self) -> tuple[str, ...]:
        return self.gens[0].variables

    def to_json(self) -> dict:
        names = self.variables
        return {"generators": [g.to_json() for g in self.gens], "kappa": list(self.kappa), "eta": list(self.eta),
                "zero": [names[i] for i in sorted(self.zero)]}


def root_node(gens: Sequence[Polynomial], prior: Sequence[int], scale: int) -> Node:
    """The problem itself: κ = 0, η = prior, fibre set the origin (Z = every coordinate), normalised."""
    n = gens[0].nvars
    return normalise(Node(tuple(gens), (0,) * n, tuple(int(h) for h in prior), frozenset(range(n)), scale))


def normalise(S: Node) -> Node:
    """Drop zero generators and constant multiples of earlier ones; move the common monomial into κ.

    >>> from rlct.poly import parse
    >>> S = normalise(Node((parse("x**2*y", ["x", "y"]), parse("2*x**2*y", ["x", "y"]), parse("x**3", ["x", "y"])),
    ...                    (0, 0), (0, 0), frozenset({0, 1}), 2))
    >>> [str(g) for g in S.gens], S.kappa
    (['y', 'x'], (2, 0))
    """
    kept: list[Polynomial] = []
    for g in S.gens:
        if g.is_zero() or any(_proportional(g, k) for k in kept):
            continue
        kept.append(_primitive(g) if S.scale == 2 else g)
    if not kept:
        raise MoveError("every generator vanishes identically (K ≡ 0 on a chart)")
    mono = common_monomial(kept)
    if any(mono):
        kept = [divide_monomial(g, mono) for g in kept]
    return replace(S, gens=tuple(kept), kappa=tuple(k + e for k, e in zip(S.kappa, mono)))


def _primitive(g: Polynomial) -> Polynomial:
    """g scaled to coprime integer coefficients (a nonzero constant factor: the same ideal)."""
    from math import gcd, lcm

    den = lcm(*(c.denominator for c in g.terms.values()))
    num = gcd(*(c.numerator for c in g.terms.values()))
    return Polynomial(g.variables, {e: c * den / num for e, c in g.terms.items()})


def _proportional(a: Polynomial, b: Polynomial) -> bool:
    if set(a.terms) != set(b.terms):
        return False
    e0 = next(iter(a.terms))
    c = a.terms[e0] / b.terms[e0]
    return all(a.terms[e] == c * b.terms[e] for e in a.terms)


def substitute(S: Node, k: int, g: Polynomial) -> Node:
    """u_k → u_k + g (unit Jacobian), checked to map the fibre set onto itself and to fix u^κ and |u^η|."""
    if any(e[k] for e in g.terms):
        raise MoveError(f"the shift of {S.variables[k]} contains {S.variables[k]}")
    if S.kappa[k] or S.eta[k]:
        raise MoveError(f"{S.variables[k]} occurs in the monomial or the amplitude "
                        f"(κ = {S.kappa[k]}, η = {S.eta[k]})")
    if k in S.zero and not all(any(e[i] for i in S.zero) for e in g.terms):
        raise MoveError(f"the shift of {S.variables[k]} does not vanish on the fibre set")
    R, xs = _ring(S.variables)
    shift = xs[k] + to_ring_element(g, R)
    gens = tuple(from_ring_element(to_ring_element(h, R).compose(xs[k], shift), S.variables) for h in S.gens)
    return normalise(replace(S, gens=gens))


def eliminate(S: Node, i: int, k: int) -> Node:
    """With generator i equal to c·u_k, every other generator is replaced by its value at u_k = 0."""
    if S.scale != 2:
        raise MoveError("eliminate needs an ideal (K given by generators)")
    unit = tuple(int(j == k) for j in range(len(S.kappa)))
    h = S.gens[i]
    if set(h.terms) != {unit}:
        raise MoveError(f"generator {i} is not a constant times {S.variables[k]}")
    gens = tuple(h if j == i else Polynomial(g.variables, {e: c for e, c in g.terms.items() if not e[k]})
                 for j, g in enumerate(S.gens))
    return normalise(replace(S, gens=gens))


def drop_multiple(S: Node, j: int, i: int) -> Node:
    """Generator j is a polynomial multiple of generator i (exact division): drop it (the same ideal).

    >>> from rlct.poly import parse
    >>> S = Node((parse("w*(a*b - 1)", ["a", "b", "w"]), parse("a*b - 1", ["a", "b", "w"])), (0, 0, 0), (0, 0, 0),
    ...          frozenset({2}), 2)
    >>> [str(g) for g in drop_multiple(S, 0, 1).gens]
    ['a*b - 1']
    """
    if S.scale != 2:
        raise MoveError("drop needs an ideal (K given by generators)")
    if i == j or not 0 <= i < len(S.gens) or not 0 <= j < len(S.gens):
        raise MoveError("drop names a wrong pair of generators")
    R, _ = _ring(S.variables)
    _, rem = divmod(to_ring_element(S.gens[j], R), to_ring_element(S.gens[i], R))
    if rem:
        raise MoveError(f"generator {j} is not a multiple of generator {i}")
    return normalise(replace(S, gens=S.gens[:j] + S.gens[j + 1:]))


def reduce_generator(S: Node, j: int, i: int, multiplier: Polynomial) -> Node:
    """Generator j becomes g_j − c·g_i for a polynomial c: the same ideal.

    >>> from rlct.poly import parse
    >>> S = Node((parse("1 - 2*y**2", ["x", "y", "z"]), parse("z**2 - 3*y**2", ["x", "y", "z"])), (2, 0, 0),
    ...          (2, 0, 0), frozenset({0}), 2)
    >>> [str(g) for g in reduce_generator(S, 1, 0, parse("3/2", ["x", "y", "z"])).gens]
    ['1 - 2*y**2', '2*z**2 - 3']
    """
    if S.scale != 2:
        raise MoveError("reduce needs an ideal (K given by generators)")
    if i == j or not 0 <= i < len(S.gens) or not 0 <= j < len(S.gens):
        raise MoveError("reduce names a wrong pair of generators")
    R, _ = _ring(S.variables)
    new = to_ring_element(S.gens[j], R) - to_ring_element(multiplier, R) * to_ring_element(S.gens[i], R)
    gens = list(S.gens)
    gens[j] = from_ring_element(new, S.variables)
    return normalise(replace(S, gens=tuple(gens)))


def split_linear(h: Polynomial, k: int) -> tuple[Polynomial, Polynomial] | None:
    """(c, g) with h = c·u_k + g, c and g free of u_k (h of degree 1 in u_k), or None.

    >>> from rlct.poly import parse
    >>> [str(p) for p in split_linear(parse("a + b + a*b"), 0)]
    ['b + 1', 'b']
    """
    if not any(e[k] for e in h.terms) or any(e[k] > 1 for e in h.terms):
        return None
    drop = lambda e: e[:k] + (0,) + e[k + 1:]
    c = Polynomial(h.variables, {drop(e): v for e, v in h.terms.items() if e[k]})
    g = Polynomial(h.variables, {e: v for e, v in h.terms.items() if not e[k]})
    return c, g


def unit_eliminate(S: Node, i: int, k: int) -> Node:
    """Generator i is c·u_k + g with c, g free of u_k and c without zero on F: the new coordinate
    u_k' = c·u_k + g (Jacobian 1/c, a unit near F) makes it u_k'; every other generator h becomes
    c^d·h(u_k = −g/c) (d its degree in u_k; c^d is a unit near F, and u_k' is in the ideal)."""
    if S.scale != 2:
        raise MoveError("unit-eliminate needs an ideal (K given by generators)")
    split = split_linear(S.gens[i], k)
    if split is None:
        raise MoveError(f"generator {i} is not of degree 1 in {S.variables[k]}")
    c, g = split
    _check_new_coordinate(S, k, c, g)
    R, _ = _ring(S.variables)
    cr, gr = to_ring_element(c, R), to_ring_element(g, R)
    gens = tuple(coordinate(S.variables, k) if j == i else cleared_substitution(h, k, -gr, cr, R)
                 for j, h in enumerate(S.gens))
    return normalise(replace(S, gens=gens))


def power_eliminate(S: Node, i: int, k: int, root: Polynomial, p: int) -> Node:
    """Generator i is a constant times root^p with root = c·u_k + g as in :func:`unit_eliminate`: the new
    coordinate u_k' = root (Jacobian 1/c, a unit near F) makes it u_k'^p; every other generator h (degree d
    in u_k) becomes c^d·h(u_k = (u_k' − g)/c), the whole substitution (u_k' is not in the ideal)."""
    if S.scale != 2 or p < 2:
        raise MoveError("power-eliminate needs an ideal and a power p >= 2")
    R, _ = _ring(S.variables)
    if not _proportional(S.gens[i], from_ring_element(to_ring_element(root, R) ** p, S.variables)):
        raise MoveError(f"generator {i} is not a constant times the claimed power")
    unit = tuple(p * int(t == k) for t in range(len(S.kappa)))
    return _new_coordinate(S, i, k, root, Polynomial(S.variables, {unit: Fraction(1)}))


def factor_eliminate(S: Node, i: int, k: int) -> Node:
    """Generator i is u^e·(c·u_k + g) (u^e its largest monomial factor, free of u_k; c, g free of u_k, c
    without zero on F): the new coordinate u_k' = c·u_k + g (Jacobian 1/c, a unit near F) makes it u^e·u_k';
    every other generator h (degree d in u_k) becomes c^d·h(u_k = (u_k' − g)/c). Where c is a constant this
    is ``substitute``; a unit c that is not constant would otherwise be chased as a power series, one
    substitution and blow-up per order (deep linear networks meet 1/(1 + a + ab)).

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c", "d"]
    >>> S = Node((parse("d*(c*(1 + a) - b)", names), parse("c + b", names)), (0, 0, 0, 0), (0, 0, 0, 0),
    ...          frozenset({0, 1, 3}), 2)
    >>> [str(g) for g in factor_eliminate(S, 0, 2).gens]
    ['c*d', 'a*b + 2*b + c']
    """
    if S.scale != 2:
        raise MoveError("factor-eliminate needs an ideal (K given by generators)")
    mono = common_monomial([S.gens[i]])
    if mono[k]:
        raise MoveError(f"the monomial factor of generator {i} contains {S.variables[k]}")
    root = divide_monomial(S.gens[i], mono)
    return _new_coordinate(S, i, k, root, Polynomial(S.variables, {
        tuple(e + int(t == k) for t, e in enumerate(mono)): Fraction(1)}))


def _new_coordinate(S: Node, i: int, k: int, root: Polynomial, image: Polynomial) -> Node:
    """u_k' = root = c·u_k + g (checked by :func:`_check_new_coordinate`): generator i becomes ``image`` (the
    caller has shown it equals generator i up to a nonzero constant), every other generator h (degree d in
    u_k) c^d·h(u_k = (u_k' − g)/c)."""
    split = split_linear(root, k)
    if split is None:
        raise MoveError(f"the new coordinate is not of degree 1 in {S.variables[k]}")
    c, g = split
    _check_new_coordinate(S, k, c, g)
    R, xs = _ring(S.variables)
    cr, gr = to_ring_element(c, R), to_ring_element(g, R)
    gens = tuple(image if j == i else cleared_substitution(h, k, xs[k] - gr, cr, R) for j, h in enumerate(S.gens))
    return normalise(replace(S, gens=gens))


def cleared_substitution(h: Polynomial, k: int, value, c, R) -> Polynomial:
    """c^d·h(u_k = value/c), d the degree of h in u_k, for ring elements value and c of R: h after a change
    of coordinate u_k, times the power of c that clears the denominators.

    >>> from rlct.poly import parse
    >>> R, (x, y) = _ring(("x", "y"))
    >>> str(cleared_substitution(parse("x**2 + y", ["x", "y"]), 0, -R.one, y, R))      # y²·((−1/y)² + y)
    'y**3 + 1'
    """
    powers: dict = {}
    for e, v in h.terms.items():
        powers.setdefault(e[k], {})[e[:k] + (0,) + e[k + 1:]] = v
    d = max(powers)
    total = R.zero
    for p, terms in powers.items():
        total += to_ring_element(Polynomial(h.variables, terms), R) * _power(value, p, R) * _power(c, d - p, R)
    return from_ring_element(total, h.variables)


def coordinate(names: Sequence[str], k: int) -> Polynomial:
    """The polynomial u_k."""
    return Polynomial(tuple(names), {tuple(int(t == k) for t in range(len(names))): Fraction(1)})


def _check_new_coordinate(S: Node, k: int, c: Polynomial, g: Polynomial) -> None:
    """Preconditions for u_k' = c·u_k + g as a coordinate near F: u_k not in the monomial or the amplitude,
    u_k' vanishing on F when k ∈ Z (so F maps onto itself), and c without zero on F (Jacobian 1/c a unit)."""
    if S.kappa[k] or S.eta[k]:
        raise MoveError(f"{S.variables[k]} occurs in the monomial or the amplitude")
    if k in S.zero and not all(any(e[j] for j in S.zero) for e in g.terms):
        raise MoveError(f"the new coordinate {S.variables[k]} does not vanish on the fibre set")
    if not definite(restricted(replace(S, gens=(c,)))[0]):
        raise MoveError(f"the coefficient of {S.variables[k]} is not shown to be nonzero on the fibre set")


def _power(f, p: int, R):
    return R.one if p == 0 else f ** p


def blowup_chart(S: Node, centre: Sequence[int], j: int) -> Node:
    """Chart j of the blow-up of {u_centre = 0}; the fibre set is set by the caller (one per component)."""
    if len(set(centre)) != len(centre) or j not in centre or len(centre) < 2:
        raise MoveError("a blow-up needs at least two distinct centre coordinates and a chart among them")
    ch = toric_chart(blowup_matrix(len(S.kappa), list(centre), j), S.gens, S.kappa, S.eta)
    return normalise(Node(ch.strict, ch.kappa, ch.eta, S.zero, S.scale))


def fibre_components(zero: frozenset, centre: Sequence[int], j: int) -> list[frozenset]:
    """The coordinate subspaces (as their zero sets) whose union is chart j's preimage of {u_Z = 0}."""
    base = zero - set(centre)
    if j in zero:
        return [base | {j}]
    if zero & set(centre):
        return [base | {j}, frozenset(zero)]
    return [frozenset(zero)]


def restricted(S: Node) -> list[Polynomial]:
    """The generators on the fibre set (u_Z = 0)."""
    return [Polynomial(g.variables, {e: c for e, c in g.terms.items() if not any(e[i] for i in S.zero)})
            for g in S.gens]


def definite(f: Polynomial) -> bool:
    """A nonzero constant plus even monomials all of the constant's sign: no real zero.

    >>> from rlct.poly import parse
    >>> definite(parse("1 + x**2*y**4")), definite(parse("1 - x**2")), definite(parse("x**2"))
    (True, False, False)
    """
    zero = (0,) * f.nvars
    c0 = f.terms.get(zero)
    return c0 is not None and all(c * c0 > 0 and all(k % 2 == 0 for k in e) for e, c in f.terms.items())


def leaf_reason(S: Node, groebner_ok: bool = True) -> dict | None:
    """Why K∘π is u^(scale·κ) times a unit on all of F (a checkable reason), or None."""
    on_fibre = restricted(S)
    if S.scale == 1:
        f = on_fibre[0]
        positive = definite(f) and f.terms[(0,) * f.nvars] > 0
        return {"reason": "definite", "generator": 0} if positive and all(k % 2 == 0 for k in S.kappa) else None
    for i, f in enumerate(on_fibre):
        if definite(f):
            return {"reason": "definite", "generator": i}
    if groebner_ok and unit_ideal(on_fibre):
        return {"reason": "groebner"}
    from .smooth import smooth_point

    point = smooth_point(S) if groebner_ok else None
    if point is None:
        if groebner_ok:
            from .crossing import crossing_leaf

            return crossing_leaf(S)
        return None
    return {"reason": "smooth", "point": {S.variables[j]: fraction_str(v) for j, v in point.items()}}


def unit_ideal(polys: Sequence[Polynomial]) -> bool:
    """Whether 1 lies in the ideal over ℚ, shown by a Groebner basis within a fixed budget
    (:func:`rlct.groebner.unit_ideal_within`): no common complex zero. False also when the basis is too costly
    to find: no claim then (a leaf or move is simply not recognised), the same answer in search and check."""
    from ..groebner import unit_ideal_within

    polys = [p for p in polys if not p.is_zero()]
    if not polys or sum(len(p.terms) for p in polys) > GROEBNER_TERMS:
        return False
    return unit_ideal_within(polys) is True


def leaf_value(S: Node, leaf: dict) -> tuple[Fraction, int]:
    """The Lin-minimum of (λ_p, m_p) over F for a leaf: the origin's monomial candidate, min over all j with
    κ_j > 0 of (η_j + 1)/(scale·κ_j); for a ``smooth`` leaf also its witness point (:mod:`.smooth`)."""
    if leaf["reason"] == "crossing":
        from .crossing import crossing_value

        return crossing_value(S)
    if leaf["reason"] == "smooth":
        from .smooth import smooth_value

        point = {S.variables.index(v): Fraction(x) for v, x in leaf["point"].items()}
        return smooth_value(S, point)
    value = candidate_pole(S.kappa, S.eta, S.scale)
    if value is None:
        raise MoveError("a leaf where K does not vanish (every κ_j = 0)")
    return value
