"""Finitely many real zeros on a node's fibre set, some of them irrational: translation over a number field.

:func:`rlct.resolution.points.fibre_points` translates only to rational points. When the generators
restricted to F = {u_Z = 0} have finitely many common zeros and some are irrational (in a chart of
(x² − 2z², y² − xz) they sit at x = √2, y = ±2^(1/4)), this module finds them exactly and splits the node as
a translation does: the points p of that zero set V, and the rest of F, where K∘π ≍ u^{2κ} and the origin's
monomial candidate stands for every point (the argument of :mod:`.points`).

Finding V. For a free coordinate s (the last free one first), a lex Groebner basis of the restricted ideal with
s last must hold a polynomial q(s) and, for every other free coordinate v, a polynomial c·v + r_v(s) with c a
nonzero constant (the basis is then "in shape position" for s). Those polynomials lie in the ideal, so every
common zero has s a root of q and v = −r_v(s)/c. Each real root θ of each irreducible factor of q is isolated
by a rational interval (a :class:`~rlct.resolution.field.RealField`, checked by Sturm's theorem), the
candidate point is formed in Q(θ), and it is kept only if every restricted generator vanishes there, exactly.
So V is computed, not searched, and the checker recomputes it with the same function.

At a rational point the node is translated (:func:`rlct.resolution.points.translate`) and the search goes on.
At an irrational point p the generators are translated over Q(θ), u_t → p_t + u_t, the units |u_t|^… dropped
where p_t ≠ 0 (κ_t = η_t = 0 there), the generators simplified at the point (:func:`local_form`: a monomial
times a unit becomes the monomial; a generator that alone uses a coordinate with κ = η = 0 at the point, with
a linear term in it, becomes a new coordinate in its place), and the point is a leaf when the simplified problem is
sos-non-degenerate (REFERENCE §2; Lin 2017, Thm 1.3): for every compact face γ of the Newton polyhedron of
the ideal u^κ·⟨h_i⟩, the face polynomials h_{i,γ} have no common zero in the real torus. Then (λ_p, m_p) is
the Newton value (λ_N/2, m_N) of that polyhedron for the weight η + 1. Each face's claim is one of

- ``monomial``: some h_{i,γ} is a single term (nonzero on the torus);
- ``definite``: some h_{i,γ} has only even exponents and coefficients of one sign (signs in Q(θ) exactly);
- ``lifted``: θ replaced by a new variable t, the system {h_{i,γ}(t; u)} ∪ {m(t)} (m the minimal polynomial)
  has no real zero with every coordinate nonzero, by :func:`rlct.nondegeneracy.common_torus_zero`. A zero at
  t = θ would be one, so this proves the claim at θ (and at every real conjugate of θ as well).

Otherwise the point is left unresolved (it gives no number, and the result stays an upper bound).

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.resolution.blowup import Node
>>> names = ["x", "y", "z"]
>>> S = Node((parse("x**2 - 2", names), parse("y**2 - x", names)), (0, 0, 2), (0, 0, 2), frozenset({2}), 2)
>>> for F, p in algebraic_points(S):
...     print(F.describe(), {names[i]: F.element_str(v) for i, v in sorted(p.items())})
Q(θ), θ the root of t^4 - 2 in [-2, -1] {'x': 'θ^2', 'y': 'θ'}
Q(θ), θ the root of t^4 - 2 in [1, 2] {'x': 'θ^2', 'y': 'θ'}
>>> leaf = algebraic_leaf(S, *algebraic_points(S)[1])
>>> leaf["lambda"], leaf["m"], [f["reason"] for f in leaf["faces"]]
(Fraction(3, 4), 1, ['monomial', 'monomial', 'monomial'])
"""
from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Sequence

from ..errors import BudgetExceeded, InputError
from ..poly import Polynomial
from .blowup import GROEBNER_TERMS, Node, restricted
from .field import Element, FieldError, RealField, check_field, rational_sturm_interval

MAX_POINTS = 64
MAX_DEGREE = 12      # of a point's field: past this, no points (the node stays open)
MAX_TERMS = 400      # terms of the translated generators together: past this, no leaf is claimed
MAX_EXPANSION = 20_000
MAX_FACES = 400

Point = dict          # free coordinate index -> Element of the point's field


def algebraic_points(S: Node) -> list[tuple[RealField, Point]] | None:
    """Every real common zero of the restricted generators on F, each with its field (Q for a rational one),
    or None when they are not finitely many in shape position, or past the budgets.

    A point's coordinates in Z are 0 and not listed. Rational points come first, in increasing order of the
    separating coordinate; then the irrational ones by factor and root.
    """
    free = [i for i in range(len(S.kappa)) if i not in S.zero]
    if not free or S.scale != 2:
        return None
    polys = [p for p in restricted(S) if not p.is_zero()]
    if not polys or sum(len(p.terms) for p in polys) > GROEBNER_TERMS:
        return None
    shape = _shape(polys, free)
    if shape == "positive-dimensional":
        return None
    if shape is None:
        # zero-dimensional but not in shape position: add the squarefree part of each coordinate's eliminant
        # (they vanish on V, so V is unchanged; the ideal becomes its radical by Seidenberg's lemma), then
        # let each coordinate, or a linear form s in them, be the separating one
        radical = _squarefree_eliminants(polys, free)
        if radical is None:
            return None
        for form in [None] + [_form(free, k) for k in range(len(FORMS))]:
            for s in (reversed(free) if form is None else [None]):
                shape = _shape(polys + radical, free, s, form)
                if isinstance(shape, tuple):
                    break
            if isinstance(shape, tuple):
                break
        else:
            return None
    q, rows, order = shape
    roots = _real_roots(q)
    if roots is None:
        return None
    points: list = []
    for F, theta in roots:
        values = {len(order) - 1: theta}
        for k in range(len(order) - 2, -1, -1):  # back-substitution: row k involves later positions only
            c, rest = rows[k]
            values[k] = F.scale(-1 / c, evaluate(F, rest, values))
        point = {v: values[k] for k, v in enumerate(order) if v is not None}
        if all(F.is_zero(evaluate(F, p.terms, point)) for p in polys):
            points.append((F, point))
        if len(points) > MAX_POINTS:
            return None
    return points


FORMS = ((1, 2, 3, 4, 5, 6), (1, -1, 2, -2, 3, -3), (2, 3, 5, 7, 11, 13))


def _form(free: list[int], k: int) -> dict:
    return {v: FORMS[k][j % len(FORMS[k])] * (1 + j // len(FORMS[k])) for j, v in enumerate(free)}


def _lex_basis(polys: list[Polynomial], free: list[int], s: int | None, form: dict | None = None):
    """A lex Groebner basis (ring elements) with u_s last, and its order of the free coordinates; with a
    ``form`` {v: c_v}, a new last variable s and the polynomial s − Σ c_v·u_v join (order entry None).
    None past the budget."""
    from sympy.polys.orderings import lex

    from ..groebner import groebner_within

    names = polys[0].variables
    if form is not None:
        extra = "_s"
        while extra in names:
            extra += "_"
        names = names + (extra,)
        n = len(names)
        polys = [Polynomial(names, {e + (0,): c for e, c in p.terms.items()}) for p in polys]
        line = {tuple(1 if j == n - 1 else 0 for j in range(n)): Fraction(1)}
        line |= {tuple(1 if j == v else 0 for j in range(n)): Fraction(-c) for v, c in form.items()}
        polys.append(Polynomial(names, line))
    order = [i for i in free if i != s] + [s if form is None else None]
    basis = groebner_within(polys, [names[-1] if i is None else names[i] for i in order], lex)
    return None if basis is None else (basis, order)


def _shape(polys: list[Polynomial], free: list[int], s: int | None = None, form: dict | None = None):
    """A triangular description of the zeros from a lex basis with u_s (or the form's variable) last:
    (q, rows, order) with q(s) in the ideal (ascending rational coefficients) and, for each other position k
    of ``order``, a basis element whose leading monomial is that coordinate itself, as (c, rest): c·u + rest
    with rest in the later coordinates only. "positive-dimensional" when some coordinate has no pure power
    among the leading monomials; None otherwise."""
    found = _lex_basis(polys, free, free[-1] if s is None and form is None else s, form)
    if found is None:
        return None
    basis, order = found
    last = len(order) - 1
    leading = [max(g.monoms()) for g in basis]
    if not all(any(m[k] and sum(m) == m[k] for m in leading) for k in range(len(order))):
        return "positive-dimensional"
    q, rows = None, {}
    for g, lead in zip(basis, leading):
        terms = {m: Fraction(int(c.numerator), int(c.denominator)) for m, c in g.terms()}
        if not any(lead[:last]):
            if lead[last] and (q is None or lead[last] < len(q) - 1):
                q = _ascending(terms, last)
            continue
        k = next(j for j, e in enumerate(lead) if e)
        if sum(lead) == 1 and k not in rows:
            c = terms.pop(lead)
            rows[k] = (c, terms)
    if q is None or len(rows) != last:
        return None
    return q, rows, order


def _squarefree_eliminants(polys: list[Polynomial], free: list[int]) -> list[Polynomial] | None:
    """For each free coordinate t, the squarefree part of a nonzero polynomial in u_t alone in the ideal."""
    import sympy

    names = polys[0].variables
    out = []
    for t in free:
        found = _lex_basis(polys, free, t)
        if found is None:
            return None
        basis, order = found
        last = len(order) - 1
        q = [g for g in basis if not g.is_ground and all(not any(m[:last]) for m in g.monoms())]
        if not q:
            return None
        x = sympy.Symbol("t")
        p = sympy.Poly({(m[last],): c for m, c in min(q, key=lambda g: max(m[last] for m in g.monoms())).terms()}, x, domain="QQ")
        sqf = p.sqf_part()
        out.append(Polynomial(names, {tuple(k if j == t else 0 for j in range(len(names))):
                                      Fraction(int(c.p), int(c.q)) for (k,), c in sqf.terms()}))
    return out


def _degree(terms: dict, k: int) -> int:
    return max(m[k] for m in terms)


def _ascending(terms: dict, k: int) -> list[Fraction]:
    out = [Fraction(0)] * (max((m[k] for m in terms), default=0) + 1)
    for m, c in terms.items():
        out[m[k]] += c
    return out


def _real_roots(q: Sequence[Fraction]) -> list[tuple[RealField, Element]] | None:
    """Each real root of q: (Q, the root) for a rational one, (Q(θ), θ) for an irrational one; None if an
    isolating interval fails its check."""
    import sympy

    t = sympy.Symbol("t")
    poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(q)], t, domain="QQ")
    rational, irrational = [], []
    for factor, _ in poly.factor_list()[1]:
        coeffs = [Fraction(int(c.p), int(c.q)) for c in reversed(factor.all_coeffs())]
        if factor.degree() == 1:
            rational.append(-coeffs[0] / coeffs[1])
            continue
        if factor.degree() > MAX_DEGREE:
            return None
        monic = [c / coeffs[-1] for c in coeffs]
        intervals = sorted((Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))
                           for (lo, hi), _ in factor.intervals())
        # every real root once: intervals overlapping at most in an endpoint (check_field shows it is no root),
        # as many as Sturm counts within the Cauchy bound; a missed root would drop a point silently, and the
        # checker calls this same function
        bound = 1 + max(abs(c) for c in monic[:-1])
        if (rational_sturm_interval(monic, -bound, bound) != len(intervals)
                or any(a[1] > b[0] for a, b in zip(intervals, intervals[1:]))):
            return None
        for lo, hi in intervals:
            F = RealField(monic, lo, hi)
            try:
                check_field(F)
            except FieldError:
                return None  # an interval that does not isolate: no claim at all (a missed point would be wrong)
            irrational.append((F, F.theta))
    Q = RealField.rationals()
    return [(Q, Q.const(r)) for r in sorted(set(rational))] + irrational


def evaluate(F: RealField, terms: dict, point: Point) -> Element:
    """A rational polynomial (its terms) at a point of F^n given by {coordinate: value}; a term in a
    coordinate the point does not give is an error (FieldError), never silently zero."""
    out = F.zero
    for e, c in terms.items():
        if any(k and i not in point for i, k in enumerate(e)):
            raise FieldError("a polynomial evaluated at a point that does not give all its coordinates")
        value = F.const(c)
        for i, k in enumerate(e):
            if k:
                value = F.mul(value, F.power(point[i], k))
        out = F.add(out, value)
    return out


def translated(F: RealField, g: Polynomial, point: Point) -> dict:
    """g(p + u) over F: {exponent: nonzero element}; coordinates not in ``point`` are not moved.

    >>> from rlct.poly import parse
    >>> F = RealField([-2, 0, 1], 1, 2)
    >>> h = translated(F, parse("x**2 - 2", ["x", "y"]), {0: F.theta})         # (√2 + x)² − 2
    >>> {e: F.element_str(c) for e, c in sorted(h.items())}
    {(1, 0): '2*θ', (2, 0): '1'}
    """
    terms = {e: F.const(c) for e, c in g.terms.items()}
    for i, a in sorted(point.items()):
        if F.is_zero(a):
            continue
        powers = [F.one]
        out: dict = {}
        for e, c in terms.items():
            while len(powers) <= e[i]:
                powers.append(F.mul(powers[-1], a))
            for j in range(e[i] + 1):
                f = e[:i] + (j,) + e[i + 1:]
                add = F.scale(comb(e[i], j), F.mul(c, powers[e[i] - j]))
                out[f] = F.add(out[f], add) if f in out else add
        terms = {e: c for e, c in out.items() if not F.is_zero(c)}
    return terms


def algebraic_leaf(S: Node, F: RealField, point: Point, claims: Sequence[dict] | None = None) -> dict | None:
    """The leaf at an irrational point: {"lambda", "m", "faces": one claim per compact face}, or None.

    With ``claims`` (the checker) each stored claim is re-checked instead of searched for; a wrong one gives
    None.
    """
    moved = {i for i, a in point.items() if not F.is_zero(a)}
    kappa = tuple(0 if i in moved else k for i, k in enumerate(S.kappa))
    eta = tuple(0 if i in moved else e for i, e in enumerate(S.eta))
    if sum(_expansion(e, moved) for g in S.gens for e in g.terms) > MAX_EXPANSION:
        return None
    hs = [h for h in (translated(F, g, point) for g in S.gens) if h]
    return point_leaf(F, hs, kappa, eta, claims)


def point_leaf(F: RealField, hs: list[dict], kappa: Sequence[int], eta: Sequence[int],
               claims: Sequence[dict] | None = None) -> dict | None:
    """The Newton leaf at the origin of u^κ·⟨hs⟩ (generators over F, already translated to the point) with
    amplitude |u^η|: {"lambda", "m", "faces", "local"} when the simplified ideal is non-degenerate, else None.

    >>> F = RealField([-2, 0, 1], 1, 2)                        # Q(√2)
    >>> leaf = point_leaf(F, [{(1, 0): F.one, (0, 2): F.theta}], (0, 0), (0, 0))     # x + √2·y²
    >>> leaf["lambda"], leaf["m"], leaf["local"]
    (Fraction(1, 2), 1, [{'generator': 0, 'coordinate': 0}])
    """
    from ..newton import CertificateError, compact_faces, newton_value

    n = len(kappa)
    weight = tuple(1 + e for e in eta)
    if not hs or sum(len(h) for h in hs) > MAX_TERMS:
        return None
    hs, local = local_form(F, hs, {i for i in range(n) if kappa[i] == 0 and eta[i] == 0})
    shifted = [{tuple(a + k for a, k in zip(e, kappa)): c for e, c in h.items()} for h in hs]
    support = sorted({e for h in shifted for e in h})
    try:
        faces = compact_faces(support, MAX_FACES)
        value = newton_value(support, weight)
    except (BudgetExceeded, InputError, CertificateError):
        return None
    if claims is not None and len(claims) != len(faces):
        return None
    found = []
    for k, face in enumerate(faces):
        system = [p for p in ({e: c for e, c in h.items() if _on(face, e)} for h in shifted) if p]
        try:
            claim = _no_torus_zero(F, system, n) if claims is None else _recheck(F, system, n, claims[k])
        except FieldError:  # a sign that did not settle: no claim
            return None
        if claim is None:
            return None
        found.append(claim)
    return {"lambda": value.lam / 2, "m": value.m, "faces": found, "local": local}


def local_form(F: RealField, hs: list[dict], plain: set) -> tuple[list[dict], list[dict]]:
    """The translated generators simplified at the origin (the point itself), with the steps taken.

    Two changes keep (λ, m) at the origin:

    - ``monomial``: with a the componentwise minimum of h's exponents, a generator h that has the term u^a is
      u^a·w with w(0) ≠ 0, and becomes u^a: w is a unit in the local ring, so the local ideal is unchanged;
    - ``coordinate``: a generator h with h(0) = 0 and a term c·u_v (c ≠ 0), where u_v is in ``plain``
      (κ_v = η_v = 0 at the point, true of every coordinate the translation moved) and in no other generator,
      becomes u_v: the new coordinate u_v' = h is an analytic change of coordinates at the origin (Jacobian
      ∂h/∂u_v, a unit there) that fixes every other coordinate, so it carries the local ideal to one with
      u_v' in place of h, leaves the other generators, u^κ and u^η as they are, and multiplies the amplitude
      by a positive unit.

    Examples
    --------
    >>> F = RealField([-2, 0, 1], 1, 2)                        # Q(√2)
    >>> c = lambda q: F.const(q)
    >>> hs = [{(0, 0, 1): c(1), (0, 1, 0): F.theta, (0, 2, 0): c(2)},     # z + √2·v + 2v²
    ...       {(2, 0, 1): F.theta, (2, 1, 1): c(1)}]                      # x²z·(√2 + v)
    >>> out, steps = local_form(F, hs, {1, 2})
    >>> [sorted(h) for h in out], steps
    ([[(0, 1, 0)], [(2, 0, 1)]], [{'generator': 1, 'monomial': [2, 0, 1]}, {'generator': 0, 'coordinate': 1}])
    """
    n = len(next(iter(hs[0])))
    out, steps = [dict(h) for h in hs], []
    for i, h in enumerate(out):
        a = tuple(min(e[j] for e in h) for j in range(n))
        if len(h) > 1 and a in h:
            out[i] = {a: F.one}
            steps.append({"generator": i, "monomial": list(a)})
    changed = True
    while changed:
        changed = False
        for i, h in enumerate(out):
            if len(h) == 1 or (0,) * n in h:
                continue
            v = next((v for v in sorted(plain) if _unit_vector(n, v) in h
                      and not any(e[v] for j, g in enumerate(out) if j != i for e in g)), None)
            if v is not None:
                out[i] = {_unit_vector(n, v): F.one}
                steps.append({"generator": i, "coordinate": v})
                changed = True
    return out, steps


def _unit_vector(n: int, v: int) -> tuple:
    return tuple(1 if j == v else 0 for j in range(n))


def _expansion(e: tuple, moved: set) -> int:
    """Terms that u^e gives when the moved coordinates are translated (a bound)."""
    out = 1
    for i in moved:
        out *= e[i] + 1
    return out


def _on(face, e) -> bool:
    return sum(a * k for a, k in zip(face.normal, e)) == face.level


def _no_torus_zero(F: RealField, system: list[dict], n: int) -> dict | None:
    """A claim that the face system has no common zero in the real torus, or None."""
    from ..nondegeneracy import common_torus_zero

    for i, p in enumerate(system):
        if len(p) == 1:
            return {"reason": "monomial", "polynomial": i}
    for i, p in enumerate(system):
        if _definite(F, p):
            return {"reason": "definite", "polynomial": i}
    verdict = common_torus_zero(lifted(F, system, n), n + 1)
    return {"reason": "lifted", "verdict": verdict.to_dict()} if verdict.status == "none" else None


def _recheck(F: RealField, system: list[dict], n: int, claim: dict) -> dict | None:
    from ..nondegeneracy import verify_verdict

    reason = claim.get("reason")
    if reason in ("monomial", "definite"):
        i = claim.get("polynomial")
        if type(i) is not int or not 0 <= i < len(system):
            return None
        ok = len(system[i]) == 1 if reason == "monomial" else _definite(F, system[i])
    else:
        verdict = claim.get("verdict") or {}
        # only verdicts on the system itself: the critical:/singular: forms speak of one polynomial's
        # critical or singular points, which is not the claim here
        ok = (reason == "lifted" and verdict.get("status") == "none" and ":" not in str(verdict.get("reason", ""))
              and verify_verdict(lifted(F, system, n), n + 1, verdict))
    return claim if ok else None


def _definite(F: RealField, p: dict) -> bool:
    """Even exponents only, and every coefficient of one sign: no zero in the real torus."""
    if not all(k % 2 == 0 for e in p for k in e):
        return False
    signs = {F.sign(c) for c in p.values()}
    return len(signs) == 1


def lifted(F: RealField, system: list[dict], n: int) -> list[dict]:
    """The system over Q in n + 1 variables: θ^k becomes t^k (t the last variable), plus m(t)."""
    out = []
    for p in system:
        q: dict = {}
        for e, c in p.items():
            for k, x in enumerate(c):
                if x:
                    q[e + (k,)] = x
        out.append(q)
    if F.d > 1:
        out.append({(0,) * n + (k,): c for k, c in enumerate(F.m) if c})
    return out


def rational_point(F: RealField, point: Point) -> dict:
    """A point over Q (``F.d == 1``) as {coordinate: Fraction}, the form :func:`~.points.translate` takes.

    >>> rational_point(RealField.rationals(), {0: (Fraction(3),)})
    {0: Fraction(3, 1)}
    """
    if F.d != 1:
        raise FieldError("the point is not rational")
    return {i: v[0] for i, v in point.items()}


def point_record(names: Sequence[str], F: RealField, point: Point) -> dict:
    """The point as stored in a certificate: its field and its coordinates there."""
    return {"field": F.to_json(), "at": {names[i]: F.element_json(v) for i, v in sorted(point.items())}}
