"""Dividing a generator by a factor whose zero set on the fibre set is simple: the ``divide`` move.

Where no centre exists (a generator has a constant term) and the zeros on F are neither finitely many nor
slices, a generator h = q·r (exact, over ℚ) may still have a factor q whose zeros are easy. The node splits
into the **quotient** node (h replaced by r, same F) and children covering F ∩ {q = 0}:

- Off {q = 0}, q is a unit, so the quotient has the node's local ideal. On {q = 0} the quotient's ideal
  contains the node's, so its (λ_p, m_p) is at least the true one (Lin order; K1 ≤ C·K2 ⇒ (λ1, m1) ≤
  (λ2, m2)) and never lowers a minimum that the other children attain. The node's value is therefore the
  Lin-minimum of the quotient and the children below.
- ``slices``: q = q(u_t) in one free coordinate, every real root ρ rational. The children are the slices
  F ∩ {u_t = ρ} with the original generators (:func:`~rlct.resolution.points.slice_node`).
- ``smooth``: a factor q of h (the search takes the blocks of :func:`separable_blocks`; the checker needs
  only that q divides h), its coordinates Q free (Q ∩ Z = ∅); q, ∂_kq (k ∈ Q) without a common zero
  (reduced Groebner basis [1], so q need not be irreducible and cannot be a square); q taking both signs at
  two rational witness points,
  so {q = 0} has a real point (ℝ^Q is connected); and, near {q = 0}, Q apart from everything else: first
  every factor in Q alone of r and of the other generators, and every u_j (j ∈ Q) of the monomial and the
  amplitude, that has no common zero with q (a unit near {q = 0}, so the local ideal and the class of the
  amplitude do not change) is dropped, and then no Q coordinate may remain in r, the other generators, κ
  or η (e.g. y·z beside q = 1 − 2y² becomes z). At p ∈ F with q(p) = 0 some k ∈ Q has ∂_kq(p) ≠ 0, and
  u_k → q is a change of coordinates near p (Jacobian 1/∂_kq, a unit) that leaves r, the other generators,
  κ and η alone and makes h = u_k·r. So the local problem at p is the child's (h → u_k·r for any one
  k ∈ Q — the search takes the smallest — and Z ∪ {k}; a child with another k is the same up to renaming
  coordinates that occur nowhere) at any point with the same non-Q coordinates: those of F ∩ {q = 0} are exactly those of
  F (a product, {q = 0} ∩ ℝ^Q nonempty), and the child's local problem does not depend on its other Q
  coordinates (they occur nowhere). The two value sets are equal. Irrational points are covered this way
  too: h = x² − 2 beside generators free of x needs no √2.
- ``smooth`` with a **graph coordinate**: where some of Q stay in use elsewhere (the set E), one k ∈ Q that is
  not used can still become q if q = c·u_k + r (c, r free of u_k, without a common zero, so ∂_kq = c ≠ 0
  on {q = 0}) and c, as a polynomial in the coordinates outside E, has a coefficient (of some monomial)
  that is a nonzero constant. Then {q = 0} projects onto all of ℝ^E (for each e, c(e, ·) ≢ 0 is nonzero
  at some n, and u_k = −r/c), and the child (h → u_k·r, Z ∪ {k}), whose data use of Q only E, takes
  over F ∩ {q = 0} exactly the values of the node there (:func:`graph_conditions`). Deep linear networks
  leave b(c + d·e) − 1 beside d·f.
  Where c's coefficients can all vanish together (c = 1 + e, E = {e}: no zero of q over e = −1), the
  child's fibre set holds **phantom** points (c = 0) that stand for no real point; the move is still taken
  when every phantom point's local problem is one that a real point near it has
  (:func:`~rlct.resolution.graph.phantoms_harmless`). Where u_k is used elsewhere too, the substitution is
  carried through the other generators (:mod:`rlct.resolution.graph`).

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["a", "b", "c", "d", "e"]
>>> S = Node((parse("e", names), parse("(1 - a*b)*(1 - c*d)", names)), (0, 0, 0, 0, 1), (0, 0, 0, 0, 1),
...          frozenset({4}), 2)
>>> found = smooth_factor(S); found["generator"], str(found["q"]), found["coordinate"]
(1, 'a*b - 1', 0)
>>> [str(g) for g in smooth_child(S, 1, found["q"], 0).gens]
['e', 'a*c*d - a']
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from itertools import combinations, product

from ..poly import Polynomial, _ring, from_ring_element, to_ring_element
from .blowup import GROEBNER_TERMS, MAX_FACTOR_DEGREE, MoveError, Node, definite, normalise, restricted, unit_ideal
from .points import _rational_real_roots, univariate

WITNESS_VALUES = (0, 1, -1, 2, -2, 3, -3)
MAX_WITNESS_TRIALS = 2000


def coordinate_content(g: Polynomial, Q: set) -> Polynomial:
    """The gcd of g's coefficients when g is seen as a polynomial in the coordinates outside Q: a polynomial in
    the Q coordinates alone that every such factor of g divides (univariate gcds when Q is one coordinate; no
    multivariate factorisation, which can take minutes: sympy's Wang lifting on a 4-variable chart).

    >>> from rlct.poly import parse
    >>> str(coordinate_content(parse("(1 - b)*(b + 2)*(1 - c*d) + 0", ["b", "c", "d"]), {0}))
    'b**2 + b - 2'
    """
    R, _ = _ring(g.variables)
    groups: dict = {}
    for e, c in g.terms.items():
        outer = tuple(0 if j in Q else k for j, k in enumerate(e))
        groups.setdefault(outer, {})[tuple(k if j in Q else 0 for j, k in enumerate(e))] = c
    content = None
    for coeffs in groups.values():
        h = to_ring_element(Polynomial(g.variables, coeffs), R)
        content = h if content is None else content.gcd(h)
        if content.is_ground:
            break
    return from_ring_element(content if content is not None else R.zero, g.variables)


def separable_blocks(g: Polynomial) -> list[tuple[frozenset, Polynomial]]:
    """The finest split g = Π q_b with the q_b in pairwise disjoint sets of coordinates (the constant goes to
    the last block), found by rank-one tests of g's coefficient matrix, smallest coordinate sets first.

    >>> from rlct.poly import parse
    >>> [(sorted(Q), str(q)) for Q, q in separable_blocks(parse("(1 - a*b)*(1 - c*d)*c", list("abcd")))]
    [([0, 1], 'a*b - 1'), ([2, 3], 'c**2*d - c')]
    """
    V = sorted(coordinates(g))
    if len(V) <= MAX_SPLIT_COORDINATES:
        for size in range(1, len(V) // 2 + 1):
            for S in combinations(V, size):
                split = _rank_one_split(g, set(S))
                if split is not None:
                    return separable_blocks(split[0]) + separable_blocks(split[1])
    return [(frozenset(V), g)]


MAX_SPLIT_COORDINATES = 12


def _rank_one_split(g: Polynomial, S: set) -> tuple[Polynomial, Polynomial] | None:
    """g = a·b with a in the coordinates S alone and b in the others, or None."""
    rows: dict = {}
    for e, c in g.terms.items():
        inner = tuple(k if j in S else 0 for j, k in enumerate(e))
        rows.setdefault(inner, {})[tuple(0 if j in S else k for j, k in enumerate(e))] = c
    ref_row = next(iter(rows.values()))
    ref_col, ref_c = next(iter(ref_row.items()))
    for row in rows.values():
        ratio = row.get(ref_col, 0) / ref_c
        if set(row) != set(ref_row) or any(c != ratio * ref_row[r] for r, c in row.items()):
            return None
    a = Polynomial(g.variables, {inner: row[ref_col] for inner, row in rows.items()})
    b = Polynomial(g.variables, {r: c / ref_c for r, c in ref_row.items()})
    return a, b


def coordinates(p: Polynomial) -> set[int]:
    """The indices of the coordinates that occur in p.

    >>> from rlct.poly import parse
    >>> sorted(coordinates(parse("1 + a*c", ["a", "b", "c"])))
    [0, 2]
    """
    return {j for e in p.terms for j, k in enumerate(e) if k}


def univariate_factor(S: Node) -> tuple[int, int, Polynomial] | None:
    """The first generator with a nonconstant factor in one free coordinate u_t alone whose real roots are all
    rational: (generator, t, q) with q the product of all its factors in u_t (:func:`coordinate_content`).

    >>> from rlct.poly import parse
    >>> names = ["a", "b", "c", "d"]
    >>> S = Node((parse("a", names), parse("(1 - b)*(1 - c*d)", names)), (0, 0, 0, 0), (0, 0, 0, 0),
    ...          frozenset({0}), 2)
    >>> i, t, q = univariate_factor(S); i, t, str(q)
    (1, 1, 'b - 1')
    """
    if S.scale != 2:
        return None
    for i, g in enumerate(S.gens):
        if len(g.terms) < 2 or len(g.terms) > GROEBNER_TERMS:
            continue
        for t in sorted(coordinates(g) - S.zero):
            q = coordinate_content(g, {t})
            if coordinates(q) and _rational_real_roots(univariate(q, t)) is not None:
                return i, t, q
    return None


def divide_roots(S: Node, t: int, q: Polynomial) -> list[Fraction]:
    """The real roots of the factor q(u_t) (nonconstant, in one free coordinate, all real roots rational),
    else MoveError."""
    if t in S.zero or coordinates(q) != {t}:
        raise MoveError("a divided factor is not a nonconstant polynomial in one free coordinate")
    roots = _rational_real_roots(univariate(q, t))
    if roots is None:
        raise MoveError("a divided factor has irrational real roots")
    return roots


def _exact_quotient(S: Node, i: int, q: Polynomial) -> Polynomial:
    R, _ = _ring(S.variables)
    quotient, remainder = divmod(to_ring_element(S.gens[i], R), to_ring_element(q, R))
    if remainder or not q.terms or not coordinates(q):
        raise MoveError("a divided factor does not divide its generator (or is a constant)")
    return from_ring_element(quotient, S.variables)


def quotient_node(S: Node, i: int, q: Polynomial) -> Node:
    """Generator i replaced by generator i / q (exact division by a nonconstant q, else MoveError)."""
    return normalise(replace(S, gens=S.gens[:i] + (_exact_quotient(S, i, q),) + S.gens[i + 1:]))


def smooth_factor(S: Node) -> dict | None:
    """The first factor q of a generator that is a unit (sign-definite: only the quotient is needed) or
    meets the ``smooth`` conditions (module docstring), with the child's coordinate k and two witness
    points of opposite signs; or None.
    """
    if S.scale != 2:
        return None
    for i, g in enumerate(S.gens):
        if len(g.terms) < 2 or len(g.terms) > GROEBNER_TERMS:
            continue
        for _, q in separable_blocks(g):
            if not coordinates(q):
                continue
            unit = _definite_factor(q)
            if unit is not None:
                return {"generator": i, "q": unit, "unit": True}
            k = _zeros_coordinate(S, i, q, whole=False)
            if k is None:
                continue
            witnesses = sign_witnesses(S, q)
            if witnesses is not None:
                return {"generator": i, "q": q, "coordinate": k} | witnesses
    return None


MAX_UNIT_SEARCH_TERMS = 12   # a factorisation of a ~100-term 4-variable polynomial took minutes (Wang)


def _definite_factor(q: Polynomial) -> Polynomial | None:
    """q itself if sign-definite, else a sign-definite nonconstant factor of a small q (e.g. 2 + x²y² in
    (2 + x²y²)(1 − 2y²), whose complex zeros would spoil the smoothness test of the product), else None."""
    if definite(q):
        return q
    if len(q.terms) > MAX_UNIT_SEARCH_TERMS or max(sum(e) for e in q.terms) > MAX_FACTOR_DEGREE:
        return None
    R, _ = _ring(q.variables)
    for factor, k in to_ring_element(q, R).factor_list()[1]:
        f = from_ring_element(factor ** k, q.variables)
        if coordinates(f) and definite(f):
            return f
    return None


def smooth_generator(S: Node) -> dict | None:
    """A generator h that is not a product on its own but is q on F (its other terms hold coordinates of Z),
    with q meeting the ``smooth`` conditions: near a zero p of q on F, ∂_kh(p) = ∂_kq(p) (each other term
    keeps a factor u_z, z ∈ Z, after ∂_k), so h itself is the new coordinate, and the child is the node
    with h → u_k (``whole``). Off {q = 0} on F, h is a unit and K∘π ≍ u^{2κ}: the origin's candidate covers
    it (as for slices). Returns the generator, q, k and the witnesses, or None.

    >>> from rlct.poly import parse
    >>> names = ["x", "y", "z"]
    >>> S = Node((parse("x*z**3 - 3*y**2 + 1", names), parse("y*z", names)), (2, 0, 0), (2, 0, 0),
    ...          frozenset({0, 2}), 2)
    >>> found = smooth_generator(S); found["generator"], str(found["q"])
    (0, '1 - 3*y**2')
    >>> [str(g) for g in smooth_child(S, 0, found["q"], 1, whole=True).gens]
    ['y', 'z']
    """
    if S.scale != 2:
        return None
    for i, (g, q) in enumerate(zip(S.gens, restricted(S))):
        if q == g or len(q.terms) < 2 or len(q.terms) > GROEBNER_TERMS or not coordinates(q):
            continue
        k = _zeros_coordinate(S, i, q, whole=True)
        if k is not None:
            witnesses = sign_witnesses(S, q)
            if witnesses is not None:
                return {"generator": i, "q": q, "coordinate": k} | witnesses
    return _substituted_generator(S)


def _substituted_generator(S: Node) -> dict | None:
    """The same with the coordinate carried through the other generators (:mod:`rlct.resolution.graph`),
    for a generator that is q on F or q itself, once the moves without a substitution found nothing."""
    from .graph import substitution_coordinate

    for i, q in enumerate(restricted(S)):
        if len(q.terms) < 2 or not coordinates(q):
            continue
        k = substitution_coordinate(S, i)
        witnesses = None if k is None else sign_witnesses(S, q)
        if witnesses is not None:
            return {"generator": i, "q": q, "coordinate": k, "substitute": True} | witnesses
    return None


def _zeros_coordinate(S: Node, i: int, q: Polynomial, whole: bool) -> int | None:
    """The child's coordinate for q (a factor of generator i, or it on F if ``whole``) by
    :func:`smooth_conditions`, or None."""
    used = _used_near_zeros(S, i, q, whole)
    if used is None:
        return None
    Q = coordinates(q)
    if not Q & used:
        return min(Q) if _nonsingular(q) else None
    return next((k for k in sorted(Q - used) if _graph_coordinate(S, i, q, k, Q & used, whole)), None)


def sign_witnesses(S: Node, q: Polynomial) -> dict | None:
    """Two rational points of ℝ^Q where q is positive and negative (a small search), or None."""
    Q = sorted(coordinates(q))
    found: dict = {}
    for trial, values in enumerate(product(WITNESS_VALUES, repeat=len(Q))):
        if trial >= MAX_WITNESS_TRIALS:
            return None
        point = dict(zip(Q, map(Fraction, values)))
        v = q.evaluate({S.variables[j]: x for j, x in point.items()})
        if v:
            found.setdefault("positive" if v > 0 else "negative", point)
        if len(found) == 2:
            return found
    return None


def smooth_conditions(S: Node, i: int, q: Polynomial, whole: bool = False, coordinate: int | None = None) -> bool:
    """q divides generator i (or, ``whole``, is generator i on F), its coordinates Q are free, and near
    {q = 0} they occur nowhere else: not in the quotient, the other generators, κ or η once factors in Q
    alone without a common zero with q are dropped there (:func:`near_zeros`); and q, ∂_k q (k ∈ Q) have
    no common zero. With a ``coordinate`` k, Q may be used elsewhere as long as k is not and q is
    a graph over the used coordinates (:func:`graph_conditions`)."""
    used = _used_near_zeros(S, i, q, whole)
    if used is None:
        return False
    Q = coordinates(q)
    if not Q & used:
        return _nonsingular(q)
    return coordinate is not None and _graph_coordinate(S, i, q, coordinate, Q & used, whole)


def _graph_coordinate(S: Node, i: int, q: Polynomial, k: int, E: set, whole: bool) -> bool:
    """u_k may become q: :func:`graph_conditions`, or q a graph over the coordinates of c = ∂_kq whose
    child has only harmless phantom points (:func:`~rlct.resolution.graph.phantoms_harmless`)."""
    if not _graph_shape(q, k, E):
        return False
    if _projects(q, k, E):
        return True
    try:
        child = smooth_child(S, i, q, k, whole)
    except MoveError:
        return False
    from .graph import phantoms_harmless

    return phantoms_harmless(child, derivative(q, k))


def _used_near_zeros(S: Node, i: int, q: Polynomial, whole: bool) -> set | None:
    """The coordinates that the node uses near {q = 0} apart from generator i (:func:`near_zeros`), or None
    where q's coordinates are not free, q is not the generator on F (``whole``) or does not divide it."""
    Q = coordinates(q)
    if not Q or Q & S.zero or (whole and restricted(S)[i] != q):
        return None
    try:
        near = near_zeros(S, i, q, whole)
    except MoveError:
        return None
    used = {j for j in range(len(near.kappa)) if near.kappa[j] or near.eta[j]}
    for h in near.gens:
        used |= coordinates(h)
    return used


def _nonsingular(q: Polynomial) -> bool:
    """q and its partial derivatives have no common (complex) zero: {q = 0} is smooth."""
    return unit_ideal([q] + [derivative(q, k) for k in sorted(coordinates(q))])


def derivative(q: Polynomial, k: int) -> Polynomial:
    """∂q/∂u_k.

    >>> from rlct.poly import parse
    >>> str(derivative(parse("x**2*y - 3*y", ["x", "y"]), 1))
    'x**2 - 3'
    """
    return Polynomial(q.variables, {tuple(x - (j == k) for j, x in enumerate(e)): c * e[k]
                                    for e, c in q.terms.items() if e[k]})


def graph_conditions(q: Polynomial, k: int, E: set) -> bool:
    """q = c·u_k + r (c, r free of u_k, k ∉ E) with c and r without a common zero, and c, as a polynomial in
    the coordinates outside E, having a coefficient that is a nonzero constant.

    Then u_k → q (or u_k → h, generator i, where q is h on F) is a change of coordinates near every zero of q (∂_kq = c ≠ 0 there),
    and {q = 0} projects onto all of ℝ^E: for each value e of the coordinates E, c(e, ·) is a nonzero
    polynomial, nonzero at some n, and u_k = −r(e, n)/c(e, n). Where the child's data use of Q only E (the
    coordinates of Q ∖ E ∖ {k} occur nowhere), its values over its fibre set are those at the real zeros:
    a child point (e, n) with c(e, n) = 0 (c = 1 + n·e at n = −1/e) has the value of (e, n'), c(e, n') ≠ 0.

    >>> from rlct.poly import parse
    >>> q = parse("b*c + b*d*e - 1", ["a", "b", "c", "d", "e"])
    >>> graph_conditions(q, 2, {3}), graph_conditions(q, 2, {1}), graph_conditions(q, 1, {3})
    (True, False, True)
    """
    return _graph_shape(q, k, E) and _projects(q, k, E)


def _projects(q: Polynomial, k: int, E: set) -> bool:
    """c = ∂_kq, as a polynomial in the coordinates outside E, has a coefficient that is a nonzero constant."""
    by_rest: dict = {}
    for e in derivative(q, k).terms:
        by_rest.setdefault(tuple(0 if j in E else x for j, x in enumerate(e)), []).append(e)
    return any(all(not e[j] for e in group for j in E) for group in by_rest.values())


def _graph_shape(q: Polynomial, k: int, E: set) -> bool:
    """q = c·u_k + r with c, r free of u_k, k ∉ E, and c, r without a common (complex) zero."""
    if k in E or k not in coordinates(q) or max(e[k] for e in q.terms) != 1:
        return False
    c = derivative(q, k)
    r = Polynomial(q.variables, {e: a for e, a in q.terms.items() if not e[k]})
    return unit_ideal([c, r]) if r.terms else unit_ideal([c])


def near_zeros(S: Node, i: int, q: Polynomial, whole: bool = False) -> Node:
    """The node near {q = 0} before the change of coordinates: generator i replaced by its quotient r (by 1
    when ``whole``: generator i is q on F, see :func:`smooth_generator`), and from r, the other generators, κ
    and η every factor in Q alone that has no common zero with q (a unit there) dropped. MoveError if q does
    not divide generator i."""
    Q = coordinates(q)
    r = Polynomial(q.variables, {(0,) * q.nvars: Fraction(1)}) if whole else _exact_quotient(S, i, q)
    gens = tuple(_strip(r if j == i else g, Q, q) for j, g in enumerate(S.gens))
    n = len(S.kappa)
    units = {j for j in Q if unit_ideal([q, Polynomial(q.variables, {tuple(int(x == j) for x in range(n)): 1})])}
    kappa = tuple(0 if j in units else k for j, k in enumerate(S.kappa))
    eta = tuple(0 if j in units else e for j, e in enumerate(S.eta))
    return replace(S, gens=gens, kappa=kappa, eta=eta)


def _strip(p: Polynomial, Q: set, q: Polynomial) -> Polynomial:
    """p divided by its part in the coordinates Q alone (:func:`coordinate_content`) when that part has no
    common (complex) zero with q."""
    if len(p.terms) > GROEBNER_TERMS or not (coordinates(p) & Q):
        return p
    content = coordinate_content(p, Q)
    if not coordinates(content) or not unit_ideal([content, q]):
        return p
    R, _ = _ring(p.variables)
    return from_ring_element(to_ring_element(p, R).exquo(to_ring_element(content, R)), p.variables)


def smooth_child(S: Node, i: int, q: Polynomial, k: int, whole: bool = False) -> Node:
    """The node over F ∩ {q = 0}: generator i = q·r becomes u_k·r (u_k when ``whole``), Z ∪ {k}, units near
    {q = 0} dropped (:func:`near_zeros`)."""
    near = near_zeros(S, i, q, whole)
    R, xs = _ring(S.variables)
    child = from_ring_element(xs[k] * to_ring_element(near.gens[i], R), S.variables)
    return normalise(replace(near, gens=near.gens[:i] + (child,) + near.gens[i + 1:], zero=S.zero | {k}))
