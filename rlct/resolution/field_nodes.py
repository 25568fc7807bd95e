"""Nodes over a real number field Q(θ): what lies beyond an irrational slice, and the moves made there.

A generator that, on a node's fibre set F = {u_Z = 0}, is a product of one-coordinate polynomials q_t(u_t)
vanishes on F exactly on the hyperplanes {u_t = r}, r a real root of some q_t. Where every such root is
rational the node is sliced over Q (:mod:`.points`). Where some root θ is irrational, the slice
F ∩ {u_t = θ} is translated over Q(θ), u_t → θ + u_t, and the search goes on there with coefficients in
Q(θ): a :class:`FieldNode`. The factors |u_t|^{2κ_t} and |u_t|^{η_t} are positive units near u_t = θ ≠ 0
and are dropped (κ_t = η_t = 0), and t joins Z. Off every slice the generator is nonzero and the points of F
take the origin's monomial candidate or more (the argument of :mod:`.points`), so that candidate is kept
beside the slices.

A field node has fewer moves than a rational one, each exact over its field (a
:class:`~rlct.resolution.field.RealField`):

- ``monomial``: a generator u^a·w whose w, on F, has a nonzero constant term and only even monomials of
  that constant's sign has no zero on F, so w is a unit near every point of F; the generator becomes u^a;
- ``eliminate``: a generator c·u_k lets every other generator drop its terms in u_k (the ideal is the same);
- leaves: a generator with no zero on F (as above): K∘π is u^{2κ} times a unit, the origin's candidate;
  or, when F is a point, a Newton leaf at that point (:func:`~rlct.resolution.algebraic.point_leaf`);
- blow-ups of coordinate subspaces meeting every term (as over Q, :mod:`.recursion`);
- points (tried before a blow-up whenever F is not a point): where the generators on F have finitely many
  common real zeros found by a triangular solve — one coordinate at a time, each from a generator in that
  coordinate alone — every zero is in the list: each listed value is a root of that one-coordinate
  polynomial, and the number of roots listed equals Sturm's count of its distinct real roots. Each root lives
  in a field that contains the previous one (Trager's primitive elements, :mod:`.roots`); the field is
  checked (irreducible minimal polynomial, isolating interval) and so is the embedding (the image of the old
  θ is a root of its minimal polynomial inside its interval), so every number is the real one. The node splits
  like a rational translation: each point, translated (Z = every coordinate), and the rest of F at the
  origin's monomial candidate. The origin may be one of the points (no generator with a constant term);
  the candidate may then count divisors that meet only there, but near the origin K∘π ≤ C·u^{2κ}, so the
  origin's own subtree has a pole no larger and, at equality, an order no smaller: nothing is overstated.

The checker calls the same functions and re-checks every precondition; nothing here searches beyond the
choice of centre, which the checker only re-validates.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("1 - 2*z**2", names), parse("x*(y - z)", names)), (2, 0, 0), (2, 0, 0), frozenset({0}), 2)
>>> [(names[t], G.describe()) for t, G in irrational_slices(S)[2]]
[('z', 'Q(θ), θ the root of t^2 - 1/2 in [-1, 0]'), ('z', 'Q(θ), θ the root of t^2 - 1/2 in [0, 1]')]
>>> N = slice_child(S, 2, irrational_slices(S)[2][1][1])
>>> N.kappa, sorted(N.zero), [field_poly_str(N.field, g, names) for g in N.gens]
((2, 0, 0), [0, 2], ['-2*z**2 - 4*z*θ', 'x*y - x*z - x*θ'])
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Sequence

from ..toric import blowup_matrix, candidate_pole, pull_back_exponent
from .algebraic import _real_roots, point_leaf, translated
from .blowup import GROEBNER_TERMS, MoveError, Node, restricted
from .field import Element, FieldError, RealField, check_field, embedding
from .polys import sturm_count, up_eval, up_squarefree, up_trim
from .roots import real_roots

MAX_DEGREE = 16     # of a field a point may need: past it, no points (the node stays open)
MAX_TERMS = 600     # terms of a field node's generators together: past it, the node stays open
MAX_POINTS = 32
MAX_STEPS = 50

FPoly = dict        # {exponent tuple: nonzero Element of the node's field}


@dataclass(frozen=True)
class FieldNode:
    """u^κ·⟨gens⟩ with amplitude |u^η| near F = {u_Z = 0}, the generators' coefficients in ``field``."""

    field: RealField
    names: tuple[str, ...]
    gens: tuple
    kappa: tuple[int, ...]
    eta: tuple[int, ...]
    zero: frozenset

    def to_json(self) -> dict:
        F = self.field
        return {"field": F.to_json(),
                "generators": [[[list(e), F.element_json(c)] for e, c in sorted(g.items())] for g in self.gens],
                "kappa": list(self.kappa), "eta": list(self.eta), "zero": [self.names[i] for i in sorted(self.zero)]}

    def size(self) -> int:
        return sum(len(g) for g in self.gens)


# ---- the way in: slices at irrational roots ---------------------------------------------------------------
def irrational_slices(S: Node) -> tuple[int, list, list] | None:
    """(generator, rational cuts [(t, r)], irrational cuts [(t, Q(θ))]) when some generator, on F, is a
    nonconstant product of one-coordinate polynomials in free coordinates with some irrational real root;
    otherwise None. Off those hyperplanes of F the generator is nonzero."""
    if S.scale != 2:
        return None
    from .divide import coordinate_content, coordinates
    from .points import univariate
    from ..poly import _ring, from_ring_element, to_ring_element

    R, _ = _ring(S.variables)
    for i, g in enumerate(restricted(S)):
        if g.is_zero() or set(g.terms) == {(0,) * g.nvars} or len(g.terms) > GROEBNER_TERMS:
            continue
        rational, irrational, rest = [], [], to_ring_element(g, R)
        for t in sorted(coordinates(g)):
            if t in S.zero:
                break
            q = coordinate_content(from_ring_element(rest, S.variables), {t})
            if not any(e[t] for e in q.terms):
                continue
            coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(univariate(q, t).all_coeffs())]
            roots = _real_roots(coeffs)
            if roots is None:
                break
            for F, theta in roots:
                if F.d == 1:
                    rational.append((t, theta[0]))
                else:
                    irrational.append((t, F))
            rest = rest.exquo(to_ring_element(q, R))
        else:
            if rest.is_ground and irrational:
                return i, sorted(rational), irrational
    return None


def slice_child(S: Node, t: int, F: RealField) -> FieldNode:
    """The slice F ∩ {u_t = θ} of a rational node, translated over Q(θ): κ_t = η_t = 0, t joins Z."""
    gens = tuple(translated(F, g, {t: F.theta}) for g in S.gens)
    kappa = tuple(0 if j == t else k for j, k in enumerate(S.kappa))
    eta = tuple(0 if j == t else e for j, e in enumerate(S.eta))
    return normalise(FieldNode(F, S.variables, gens, kappa, eta, S.zero | {t}))


def algebraic_child(S: Node, F: RealField, point: dict) -> FieldNode:
    """A rational node at a real zero on F with coordinates in F (:func:`~.algebraic.algebraic_points`; the
    coordinates in Z are 0 and not listed), translated over F: the fibre set is the point, the moved
    coordinates' units drop out of κ and η."""
    gens = tuple(translated(F, g, point) for g in S.gens)
    moved = {i for i, a in point.items() if not F.is_zero(a)}
    kappa = tuple(0 if j in moved else k for j, k in enumerate(S.kappa))
    eta = tuple(0 if j in moved else e for j, e in enumerate(S.eta))
    return normalise(FieldNode(F, S.variables, gens, kappa, eta, frozenset(range(len(S.kappa)))))


# ---- normal form and simplification ------------------------------------------------------------------------
def normalise(N: FieldNode) -> FieldNode:
    """Drop zero and repeated generators; move the common monomial into κ."""
    kept: list = []
    for g in N.gens:
        if g and g not in kept:
            kept.append(dict(g))
    if not kept:
        raise MoveError("every generator vanishes identically (K ≡ 0 on a chart)")
    n = len(N.kappa)
    mono = tuple(min(e[i] for g in kept for e in g) for i in range(n))
    if any(mono):
        kept = [{tuple(a - b for a, b in zip(e, mono)): c for e, c in g.items()} for g in kept]
    return replace(N, gens=tuple(kept), kappa=tuple(k + m for k, m in zip(N.kappa, mono)))


def on_fibre(N: FieldNode, g: FPoly) -> FPoly:
    return {e: c for e, c in g.items() if not any(e[i] for i in N.zero)}


def nonvanishing(F: RealField, p: FPoly) -> bool:
    """A nonzero constant plus even monomials all of the constant's sign: no real zero."""
    zero = next(iter(p), None)
    if zero is None:
        return False
    c0 = p.get((0,) * len(zero))
    if c0 is None:
        return False
    s = F.sign(c0)
    return all(all(k % 2 == 0 for k in e) and F.sign(c) == s for e, c in p.items())


def simplify(N: FieldNode) -> tuple[FieldNode, list[dict]]:
    """The ``monomial`` and ``eliminate`` steps, in a fixed order, until none applies."""
    N, steps = normalise(N), []
    for _ in range(MAX_STEPS):
        step = _next_step(N)
        if step is None:
            break
        N = apply_step(N, step)
        steps.append(step)
    return N, steps


def _next_step(N: FieldNode) -> dict | None:
    n = len(N.kappa)
    for i, h in enumerate(N.gens):
        if len(h) > 1:
            a = tuple(min(e[j] for e in h) for j in range(n))
            if nonvanishing(N.field, on_fibre(N, _divided(h, a))):
                return {"move": "monomial", "generator": i, "monomial": list(a)}
    for i, h in enumerate(N.gens):
        if len(h) == 1 and sum(next(iter(h))) == 1:
            k = next(iter(h)).index(1)
            if any(e[k] for j, g in enumerate(N.gens) if j != i for e in g):
                return {"move": "eliminate", "generator": i, "eliminate": k}
    return None


def _divided(h: FPoly, a: Sequence[int]) -> FPoly:
    return {tuple(x - y for x, y in zip(e, a)): c for e, c in h.items()}


def apply_step(N: FieldNode, step: dict) -> FieldNode:
    """One simplification step, its precondition checked (MoveError if it fails)."""
    i = step["generator"]
    if type(i) is not int or not 0 <= i < len(N.gens):
        raise MoveError("a step names a generator that does not exist")
    h, gens = N.gens[i], list(N.gens)
    if step.get("move") == "monomial":
        a = tuple(int(x) for x in step["monomial"])
        if len(a) != len(N.kappa) or any(any(x < y for x, y in zip(e, a)) for e in h):
            raise MoveError("the monomial does not divide the generator")
        if not nonvanishing(N.field, on_fibre(N, _divided(h, a))):
            raise MoveError("the generator's cofactor is not shown nonzero on the fibre set")
        gens[i] = {a: N.field.one}
    elif step.get("move") == "eliminate":
        k = int(step["eliminate"])
        if len(h) != 1 or next(iter(h)) != tuple(int(j == k) for j in range(len(N.kappa))):
            raise MoveError("an eliminated generator is not a constant times its coordinate")
        gens = [g if j == i else {e: c for e, c in g.items() if not e[k]} for j, g in enumerate(gens)]
    else:
        raise MoveError(f"an unknown step over a number field: {sorted(step)}")
    return normalise(replace(N, gens=tuple(gens)))


# ---- leaves ----------------------------------------------------------------------------------------------
def field_leaf(N: FieldNode, stored: dict | None = None) -> tuple[dict, tuple] | None:
    """(leaf, (λ, m)) when a generator has no zero on F, or F is a point with a Newton leaf; else None.
    With ``stored`` (the checker) that leaf's claims are re-checked instead of found."""
    F = N.field
    reason = None if stored is None else stored.get("reason")
    if reason in (None, "definite"):
        for i, g in enumerate(N.gens):
            if (stored is None or stored.get("generator") == i) and nonvanishing(F, on_fibre(N, g)):
                value = candidate_pole(N.kappa, N.eta, 2)
                if value is None:
                    raise MoveError("a leaf where K does not vanish (every κ_j = 0)")
                return {"reason": "definite", "generator": i}, value
    if reason in (None, "newton") and len(N.zero) == len(N.kappa):
        found = point_leaf(F, [dict(g) for g in N.gens], N.kappa, N.eta,
                           None if stored is None else stored.get("faces"))
        if found is not None and (stored is None or stored.get("local", []) == found["local"]):
            return ({"reason": "newton", "faces": found["faces"], "local": found["local"]},
                    (found["lambda"], found["m"]))
    return None


# ---- blow-ups -------------------------------------------------------------------------------------------
def term_supports(N: FieldNode) -> set:
    return {tuple(i for i, k in enumerate(e) if k) for g in N.gens for e in g}


def field_chart(N: FieldNode, centre: Sequence[int], j: int) -> FieldNode:
    """Chart j of the blow-up of {u_centre = 0} (the caller sets the fibre set)."""
    n = len(N.kappa)
    if len(set(centre)) != len(centre) or j not in centre or len(centre) < 2:
        raise MoveError("a blow-up needs at least two distinct centre coordinates and a chart among them")
    if not all(set(centre).intersection(t) for t in term_supports(N)):
        raise MoveError("the centre does not meet every term of every generator")
    A = blowup_matrix(n, list(centre), j)
    gens = tuple({pull_back_exponent(A, e): c for e, c in g.items()} for g in N.gens)
    kappa = pull_back_exponent(A, N.kappa)
    eta = tuple(s - 1 for s in pull_back_exponent(A, [h + 1 for h in N.eta]))
    return normalise(replace(N, gens=gens, kappa=kappa, eta=eta))


# ---- points ---------------------------------------------------------------------------------------------
def field_points(N: FieldNode) -> list[tuple[RealField, Element, dict]] | None:
    """Every real common zero on F of the generators, as (field G, image of the node's θ in G, {coordinate:
    value in G}), solved one coordinate at a time from generators in one coordinate alone; None when the
    zeros are not found that way or past the budgets (module docstring)."""
    F, free = N.field, [i for i in range(len(N.kappa)) if i not in N.zero]
    polys = [p for p in (on_fibre(N, g) for g in N.gens) if p]
    if not free or not polys:
        return None
    out: list = []
    todo = [(F, F.theta, {}, polys)]
    while todo:
        G, image, point, ps = todo.pop()
        ps = [p for p in ps if p]
        if any(set(p) == {(0,) * len(N.kappa)} for p in ps):
            continue                                   # a nonzero constant: no zero here
        if len(point) == len(free):
            out.append((G, image, point))
            if len(out) > MAX_POINTS:
                return None
            continue
        found = _one_coordinate(ps, [v for v in free if v not in point])
        if found is None:
            return None
        v, E = found
        try:
            roots = _certified_roots(G, up_trim(G, [E.get(k, G.zero) for k in range(max(E) + 1)]))
        except FieldError:
            return None
        if roots is None:
            return None
        for H, phi, value in reversed(roots):
            into = embedding(G, H, phi)
            moved = {k: into(x) for k, x in point.items()} | {v: value}
            todo.append((H, into(image), moved, [_substitute(H, into, p, v, value) for p in ps]))
    return sorted(out, key=lambda r: [(k, r[0].enclosure(x, Fraction(1, 10**6))[0]) for k, x in sorted(r[2].items())])


def _one_coordinate(ps: list, left: list) -> tuple[int, dict] | None:
    """The first generator in one free coordinate alone (and constants), as (coordinate, {degree: coeff})."""
    for p in ps:
        used = {i for e in p for i, k in enumerate(e) if k}
        if len(used) == 1 and (v := used.pop()) in left:
            return v, {e[v]: c for e, c in p.items()}
    return None


def _certified_roots(G: RealField, E: list) -> list | None:
    """Every distinct real root of E over G, each (H, image of θ_G in H, root in H), or None: every field
    checked, every embedding sends θ_G to the real θ_G, every value a root, and as many as Sturm counts."""
    if len(E) < 2:
        return None
    roots = real_roots(G, E)
    if len(roots) != sturm_count(G, up_squarefree(G, E)):
        return None
    out = []
    for r in roots:
        H = r.field
        if H.d > MAX_DEGREE:
            return None
        check_field(H)
        if H is not G:
            minimal = up_trim(H, [H.const(c) for c in G.m])
            if not H.is_zero(up_eval(H, minimal, r.phi)) or not H.inside(r.phi, G.lo0, G.hi0):
                return None
        into = embedding(G, H, r.phi)
        if not H.is_zero(up_eval(H, [into(c) for c in E], r.value)) or not H.inside(r.value, *r.interval):
            return None
        out.append((H, r.phi, r.value))
    if any(a.interval[1] >= b.interval[0] for a, b in zip(roots, roots[1:])):
        return None                                    # not shown distinct
    return out


def _substitute(H: RealField, into, p: FPoly, v: int, value: Element) -> FPoly:
    out: dict = {}
    for e, c in p.items():
        term = H.mul(into(c), H.power(value, e[v]))
        f = e[:v] + (0,) + e[v + 1:]
        out[f] = H.add(out[f], term) if f in out else term
    return {e: c for e, c in out.items() if not H.is_zero(c)}


def point_child(N: FieldNode, H: RealField, image: Element, point: dict) -> FieldNode:
    """The node at a point of F over H ⊇ the node's field (θ ↦ ``image``): translated, units dropped."""
    into = embedding(N.field, H, image)
    gens = []
    for g in N.gens:
        h = {e: into(c) for e, c in g.items()}
        for i, a in sorted(point.items()):
            if not H.is_zero(a):
                h = _translate_one(H, h, i, a)
        gens.append(h)
    moved = {i for i, a in point.items() if not H.is_zero(a)}
    kappa = tuple(0 if i in moved else k for i, k in enumerate(N.kappa))
    eta = tuple(0 if i in moved else e for i, e in enumerate(N.eta))
    return normalise(FieldNode(H, N.names, tuple(gens), kappa, eta, frozenset(range(len(N.kappa)))))


def _translate_one(H: RealField, h: FPoly, i: int, a: Element) -> FPoly:
    from math import comb

    out: dict = {}
    for e, c in h.items():
        power = H.one
        for j in range(e[i], -1, -1):           # c·(a + u)^k = Σ_j C(k, j)·a^(k−j)·u^j
            f = e[:i] + (j,) + e[i + 1:]
            add = H.scale(comb(e[i], j), H.mul(c, power))
            out[f] = H.add(out[f], add) if f in out else add
            power = H.mul(power, a)
    return {e: c for e, c in out.items() if not H.is_zero(c)}


def point_json(N: FieldNode, H: RealField, image: Element, point: dict) -> dict:
    return {"field": H.to_json(), "image": H.element_json(image),
            "at": {N.names[i]: H.element_json(v) for i, v in sorted(point.items())}}


def field_poly_str(F: RealField, g: FPoly, names: Sequence[str]) -> str:
    """A generator over F as text, θ for the field's generator (terms in sympy's order)."""
    import sympy

    theta = sympy.Symbol("θ")
    xs = sympy.symbols(list(names))
    expr = sum((sum((sympy.Rational(c.numerator, c.denominator) * theta**k for k, c in enumerate(a) if c),
                    sympy.Integer(0)) * sympy.Mul(*[x**k for x, k in zip(xs, e)]) for e, a in g.items()),
               sympy.Integer(0))
    return str(sympy.expand(expr))
