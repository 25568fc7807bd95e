"""Polynomials over a :class:`~rlct.resolution.field.RealField`: univariate (lists of elements, lowest
degree first, no trailing zero) and bivariate in (u, v) (dicts (i, j) -> nonzero element).

The univariate part has what the real-root bookkeeping needs (gcd, squarefree part, Sturm's count of
distinct real roots); the bivariate part has the chart substitution, the monomial division, the
restriction to u = 0 and the translation v -> c + v. All exact.

Examples
--------
>>> from rlct.resolution.field import RealField
>>> Q = RealField.rationals()
>>> p = bp_from_terms(Q, {(2, 0): 1, (1, 1): 2, (0, 2): 1})          # (x + y)²
>>> q = bp_shift(bp_chart(p, (1, 1), (0, 1)), -2, 0)                  # x = u, y = u·v, divided by u²
>>> sorted((e, c[0]) for e, c in q.items())
[((0, 0), Fraction(1, 1)), ((0, 1), Fraction(2, 1)), ((0, 2), Fraction(1, 1))]
>>> sorted((e, c[0]) for e, c in bp_translate_v(Q, q, Q.const(-1)).items())      # v = −1 + v'
[((0, 2), Fraction(1, 1))]
"""
from __future__ import annotations

from typing import Callable, Sequence

from .field import Element, FieldError, RealField

UPoly = list     # list[Element], ascending, trimmed
BPoly = dict     # dict[tuple[int, int], Element]


# ---- univariate -----------------------------------------------------------------------------------
def up_trim(F: RealField, p: UPoly) -> UPoly:
    """Drop trailing zero coefficients.

    >>> Q = RealField.rationals(); up_trim(Q, [Q.one, Q.zero])
    [(Fraction(1, 1),)]
    """
    p = list(p)
    while p and F.is_zero(p[-1]):
        p.pop()
    return p


def up_add(F: RealField, p: UPoly, q: UPoly) -> UPoly:
    """p + q.

    >>> Q = RealField.rationals(); up_add(Q, [Q.one], [Q.const(-1), Q.one])
    [(Fraction(0, 1),), (Fraction(1, 1),)]
    """
    n = max(len(p), len(q))
    out = [F.add(p[i] if i < len(p) else F.zero, q[i] if i < len(q) else F.zero) for i in range(n)]
    return up_trim(F, out)


def up_scale(F: RealField, c: Element, p: UPoly) -> UPoly:
    """c·p for a field element c.

    >>> Q = RealField.rationals(); up_scale(Q, Q.const(2), [Q.one])
    [(Fraction(2, 1),)]
    """
    return up_trim(F, [F.mul(c, a) for a in p])


def up_mul(F: RealField, p: UPoly, q: UPoly) -> UPoly:
    """p·q.

    >>> Q = RealField.rationals(); len(up_mul(Q, [Q.one, Q.one], [Q.one, Q.one]))     # (1 + t)²
    3
    """
    if not p or not q:
        return []
    out = [F.zero] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if not F.is_zero(a):
            for j, b in enumerate(q):
                out[i + j] = F.add(out[i + j], F.mul(a, b))
    return up_trim(F, out)


def up_divmod(F: RealField, p: UPoly, q: UPoly) -> tuple[UPoly, UPoly]:
    """Quotient and remainder of p by q ≠ 0.

    >>> Q = RealField.rationals(); up_divmod(Q, [Q.const(-1), Q.zero, Q.one], [Q.const(-1), Q.one])
    ([(Fraction(1, 1),), (Fraction(1, 1),)], [])
    """
    q = up_trim(F, q)
    if not q:
        raise ZeroDivisionError("division by the zero polynomial")
    r = up_trim(F, p)
    inv_lc = F.inv(q[-1])
    quot = [F.zero] * max(len(r) - len(q) + 1, 0)
    while len(r) >= len(q):
        k = len(r) - len(q)
        c = F.mul(r[-1], inv_lc)
        quot[k] = c
        for i, b in enumerate(q):
            r[k + i] = F.sub(r[k + i], F.mul(c, b))
        r[-1] = F.zero
        r = up_trim(F, r)
    return up_trim(F, quot), r


def up_gcd(F: RealField, p: UPoly, q: UPoly) -> UPoly:
    """Monic gcd (the zero polynomial only when both are zero).

    >>> Q = RealField.rationals()
    >>> up_gcd(Q, [Q.const(-1), Q.zero, Q.one], [Q.const(2), Q.const(2)])             # gcd(t² − 1, 2t + 2)
    [(Fraction(1, 1),), (Fraction(1, 1),)]
    """
    p, q = up_trim(F, p), up_trim(F, q)
    while q:
        p, q = q, up_divmod(F, p, q)[1]
    return up_scale(F, F.inv(p[-1]), p) if p else p


def up_deriv(F: RealField, p: UPoly) -> UPoly:
    """dp/dt.

    >>> Q = RealField.rationals(); up_deriv(Q, [Q.one, Q.one, Q.one])
    [(Fraction(1, 1),), (Fraction(2, 1),)]
    """
    return up_trim(F, [F.scale(i, a) for i, a in enumerate(p)][1:])


def up_eval(F: RealField, p: UPoly, x: Element) -> Element:
    """p(x) for a field element x (Horner).

    >>> F = RealField([-2, 0, 1], 1, 2); up_eval(F, [F.const(-2), F.zero, F.one], F.theta)
    (Fraction(0, 1), Fraction(0, 1))
    """
    out = F.zero
    for a in reversed(p):
        out = F.add(F.mul(out, x), a)
    return out


def up_squarefree(F: RealField, p: UPoly) -> UPoly:
    """p / gcd(p, p'), monic: the same roots, each simple.

    >>> Q = RealField.rationals(); len(up_squarefree(Q, [Q.one, Q.const(2), Q.one]))   # (1 + t)² -> 1 + t
    2
    """
    g = up_gcd(F, p, up_deriv(F, p))
    quot = up_divmod(F, p, g)[0]
    return up_scale(F, F.inv(quot[-1]), quot)


def sturm_count(F: RealField, p: UPoly) -> int:
    """Number of distinct real roots of p ≠ 0 (coefficients real algebraic in F), by Sturm's theorem.

    >>> F = RealField([-2, 0, 1], 1, 2)
    >>> sturm_count(F, [F.neg(F.theta), F.zero, F.one]), sturm_count(F, [F.theta, F.zero, F.one])  # t² ∓ √2
    (2, 0)
    """
    p = up_trim(F, p)
    if not p:
        raise FieldError("the zero polynomial has infinitely many roots")
    seq = [p, up_deriv(F, p)]
    while seq[-1]:
        r = up_divmod(F, seq[-2], seq[-1])[1]
        seq.append(up_scale(F, F.const(-1), r))
    seq = seq[:-1]
    at_pos = [F.sign(s[-1]) for s in seq]
    at_neg = [F.sign(s[-1]) * (-1) ** (len(s) - 1) for s in seq]
    return _changes(at_neg) - _changes(at_pos)


def _changes(signs: Sequence[int]) -> int:
    s = [x for x in signs if x]
    return sum(1 for a, b in zip(s, s[1:]) if a != b)


# ---- bivariate -------------------------------------------------------------------------------------
def bp_from_terms(F: RealField, terms) -> BPoly:
    """A rational exponent -> coefficient mapping as a polynomial over F.

    >>> bp_from_terms(RealField.rationals(), {(1, 0): 2, (0, 1): 0})
    {(1, 0): (Fraction(2, 1),)}
    """
    return {tuple(int(k) for k in e): F.const(c) for e, c in terms.items() if c}


def bp_chart(p: BPoly, a: Sequence[int], b: Sequence[int]) -> BPoly:
    """x = u^a1 v^b1, y = u^a2 v^b2: x^i y^j -> u^(a1 i + a2 j) v^(b1 i + b2 j) (injective for det ±1).

    >>> bp_chart({(2, 0): 1, (0, 3): 1}, (3, 2), (1, 1))           # x² + y³ with x = u³v, y = u²v
    {(6, 2): 1, (6, 3): 1}
    """
    return {(a[0] * i + a[1] * j, b[0] * i + b[1] * j): c for (i, j), c in p.items()}


def bp_shift(p: BPoly, di: int, dj: int) -> BPoly:
    """Multiply by u^di v^dj (negative: exact division, else FieldError).

    >>> bp_shift({(6, 2): 1}, -6, -2)
    {(0, 0): 1}
    """
    out = {(i + di, j + dj): c for (i, j), c in p.items()}
    if any(i < 0 or j < 0 for i, j in out):
        raise FieldError("monomial division is not exact")
    return out


def bp_min_exponents(polys: Sequence[BPoly]) -> tuple[int, int]:
    """The largest monomial u^i v^j dividing every polynomial (the ideal's ℓ(a), ℓ(b) in a chart).

    >>> bp_min_exponents([{(6, 2): 1, (6, 3): 1}, {(7, 2): 1}])
    (6, 2)
    """
    return (min(i for p in polys for i, _ in p), min(j for p in polys for _, j in p))


def bp_map(p: BPoly, f: Callable[[Element], Element]) -> BPoly:
    """Apply a map (a field embedding) to every coefficient.

    >>> bp_map({(1, 0): (1,)}, lambda c: c + (0,))
    {(1, 0): (1, 0)}
    """
    return {e: f(c) for e, c in p.items()}


def bp_edge(F: RealField, p: BPoly) -> UPoly:
    """p(0, t) as a univariate polynomial in t.

    >>> Q = RealField.rationals(); bp_edge(Q, {(0, 1): Q.one, (1, 0): Q.one})
    [(Fraction(0, 1),), (Fraction(1, 1),)]
    """
    deg = max((j for i, j in p if i == 0), default=-1)
    out = [F.zero] * (deg + 1)
    for (i, j), c in p.items():
        if i == 0:
            out[j] = c
    return up_trim(F, out)


def bp_translate_v(F: RealField, p: BPoly, c: Element) -> BPoly:
    """p(u, c + v) expanded (Taylor shift in v for each power of u).

    >>> Q = RealField.rationals(); bp_translate_v(Q, {(0, 1): Q.one}, Q.const(3))
    {(0, 0): (Fraction(3, 1),), (0, 1): (Fraction(1, 1),)}
    """
    by_u: dict[int, dict[int, Element]] = {}
    for (i, j), a in p.items():
        by_u.setdefault(i, {})[j] = a
    out: BPoly = {}
    for i, col in by_u.items():
        acc: list = []
        for j in range(max(col), -1, -1):  # Horner: acc = acc·(v + c) + coef_j
            new = [F.zero] * (len(acc) + 1)
            for k, x in enumerate(acc):
                new[k + 1] = F.add(new[k + 1], x)
                new[k] = F.add(new[k], F.mul(x, c))
            new[0] = F.add(new[0], col.get(j, F.zero))
            acc = new
        for k, x in enumerate(acc):
            if not F.is_zero(x):
                out[(i, k)] = x
    return out


def bp_json(F: RealField, p: BPoly) -> list:
    """Canonical JSON: sorted ``[[i, j], [coordinates as "p/q"]]`` pairs.

    >>> bp_json(RealField.rationals(), {(1, 0): (1,)})
    [[[1, 0], ['1']]]
    """
    return [[list(e), F.element_json(c)] for e, c in sorted(p.items())]


def bp_from_json(F: RealField, data) -> BPoly:
    """Inverse of :func:`bp_json`; refuses repeated or negative exponents and zero coefficients.

    >>> bp_from_json(RealField.rationals(), [[[1, 0], ["1/2"]]])
    {(1, 0): (Fraction(1, 2),)}
    """
    out = {}
    for e, c in data:
        key = (int(e[0]), int(e[1]))
        if key in out or key[0] < 0 or key[1] < 0:
            raise FieldError("repeated or negative exponent in a polynomial")
        value = F.element_from_json(c)
        if F.is_zero(value):
            raise FieldError("zero coefficient stored in a polynomial")
        out[key] = value
    return out


def bp_str(F: RealField, p: BPoly, names=("u", "v"), limit: int = 8) -> str:
    """Readable form, lowest total degree first, at most ``limit`` terms.

    >>> Q = RealField.rationals(); bp_str(Q, {(2, 0): Q.one, (0, 3): Q.const(-2)}, ("x", "y"))
    'x^2 - 2*y^3'
    """
    items = sorted(p.items(), key=lambda t: (t[0][0] + t[0][1], t[0]))
    text = ""
    for (i, j), c in items[:limit]:
        coef = F.element_str(c)
        sign = "+"
        nonzero = [x for x in c if x]
        if len(nonzero) == 1 and nonzero[0] < 0:
            sign, coef = "-", F.element_str(F.neg(c))
        mono = "*".join(f"{n}^{k}" if k > 1 else n for n, k in zip(names, (i, j)) if k)
        if " " in coef and mono:
            coef = f"({coef})"
        term = coef if not mono else (mono if coef == "1" else f"{coef}*{mono}")
        text = (f"-{term}" if sign == "-" else term) if not text else f"{text} {sign} {term}"
    text = text or "0"
    return text + (f" + … ({len(items) - limit} more terms)" if len(items) > limit else "")
