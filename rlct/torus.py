"""Exact tools for real torus zeros: the monomial-map reduction of a face system and real roots.

A face system (the face polynomials of one compact face) is quasi-homogeneous: the support of
each polynomial lies in a translate of one lattice L of rank k. An integer column echelon form of
the difference vectors gives a basis of the (saturated) lattice L^⊥ ∩ Z^n; completed to a
unimodular matrix A (last n - k rows that basis; first k rows unit vectors e_s when a
complementary minor is ±1, so that the reduction just sets n - k variables to 1). The
monomial map ``w_j = prod_i u_i**A[i][j]`` is a bijection of the real torus (R∖0)^n (its inverse is
the monomial map of the integer matrix A^-1) and turns each polynomial into
``monomial(u) * g(u_1..u_k)``. Torus zeros of the system are therefore (torus zeros of the g's)
times (R∖0)^(n-k): the question drops to k variables.

The second half holds exact univariate real-root tools (gcd, factorisation over QQ, Sturm counts
via sympy) and the exact check of a real algebraic point given by a defining polynomial, an
isolating interval with a sign change, and coordinates that are polynomials in the root.

Examples
--------
>>> red = reduce_system([{(2, 0): Fraction(1), (0, 2): Fraction(-2)}], 2)
>>> red.k, [sorted(g.items()) for g in red.polys]
(1, [[((0,), Fraction(-2, 1)), ((2,), Fraction(1, 1))]])
>>> real_root([{0: Fraction(-2), 2: Fraction(1)}])[0]
'algebraic'
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import Mapping, Sequence

import sympy
from sympy import QQ, Poly

from .errors import InputError

Exponent = tuple[int, ...]
Terms = Mapping[Exponent, Fraction]
_THETA = sympy.Symbol("theta")


def clean_terms(p, nvars: int) -> dict[Exponent, Fraction]:
    """Exponent -> nonzero Fraction for a Terms mapping (or anything with ``.terms``).

    >>> clean_terms({(1, 0): 2, (0, 1): 0}, 2)
    {(1, 0): Fraction(2, 1)}
    """
    terms = getattr(p, "terms", p)
    out: dict[Exponent, Fraction] = {}
    for e, c in terms.items():
        e = tuple(int(a) for a in e)
        if len(e) != nvars:
            raise InputError(f"exponent {e} does not have {nvars} entries")
        c = Fraction(c)
        if c:
            out[e] = c
    return out


def _ext_gcd(a: int, b: int) -> tuple[int, int, int]:
    """(g, s, t) with s*a + t*b = g = gcd(a, b) >= 0."""
    s0, s1, t0, t1 = 1, 0, 0, 1
    while b:
        q, r = divmod(a, b)
        a, b = b, r
        s0, s1 = s1, s0 - q * s1
        t0, t1 = t1, t0 - q * t1
    return (a, s0, t0) if a >= 0 else (-a, -s0, -t0)


def column_echelon(rows: Sequence[Sequence[int]], n: int) -> tuple[int, list[list[int]]]:
    """(k, V): V unimodular n×n with ``rows · V`` zero in columns k..n-1 and of rank k in 0..k-1.

    >>> column_echelon([[2, -2]], 2)
    (1, [[0, 1], [-1, 1]])
    """
    M = [list(r) for r in rows]
    V = [[int(i == j) for j in range(n)] for i in range(n)]
    p = 0
    for r in range(len(M)):
        if p == n:
            break
        for j in range(p + 1, n):
            a, b = M[r][p], M[r][j]
            if b == 0:
                continue
            g, s, t = _ext_gcd(a, b)
            for X in (M, V):  # new col p = s*col_p + t*col_j, new col j = -(b/g)*col_p + (a/g)*col_j
                for row in X:
                    cp, cj = row[p], row[j]
                    row[p], row[j] = s * cp + t * cj, (a // g) * cj - (b // g) * cp
        if M[r][p] != 0:
            p += 1
    return p, V


@dataclass(frozen=True)
class Reduction:
    """The reduced system: ``polys`` in k variables, ``A`` the unimodular n×n monomial map."""

    nvars: int
    k: int
    A: tuple[tuple[int, ...], ...]
    polys: tuple[dict, ...]

    def point(self, u: Sequence[Fraction]) -> list[Fraction]:
        """The torus point w with ``w_j = prod_{i<k} u_i**A[i][j]`` (the other u_i set to 1)."""
        w = []
        for j in range(self.nvars):
            x = Fraction(1)
            for i in range(self.k):
                x *= Fraction(u[i]) ** self.A[i][j]
            w.append(x)
        return w


def reduce_system(polys: Sequence[dict], n: int) -> Reduction:
    """Reduce cleaned, non-monomial polynomials to k = rank(L) variables by a unimodular map.

    Where possible the map only sets n - k of the original variables to 1 (rows e_s of A for the
    kept variables s), so the reduced polynomials keep their original degrees.

    >>> r = reduce_system([{(1, 1, 0): Fraction(1), (0, 0, 2): Fraction(-1)}], 3)
    >>> r.k, r.A[0], r.polys
    (1, (1, 0, 0), ({(1,): Fraction(1, 1), (0,): Fraction(-1, 1)},))
    """
    rows = []
    for p in polys:
        exps = sorted(p)
        rows += [[a - b for a, b in zip(e, exps[0])] for e in exps[1:]]
    k, V = column_echelon(rows, n)
    kernel = [[V[j][i] for j in range(n)] for i in range(k, n)]
    A = _dehomogenising_map(kernel, n, k) or tuple(tuple(V[j][i] for j in range(n)) for i in range(n))
    reduced = []
    for p in polys:
        new = {tuple(sum(A[i][j] * e[j] for j in range(n)) for i in range(k)): c for e, c in p.items()}
        low = [min(e[i] for e in new) for i in range(k)]
        reduced.append({tuple(a - m for a, m in zip(e, low)): c for e, c in new.items()})
    return Reduction(n, k, A, tuple(reduced))


def _dehomogenising_map(kernel: list[list[int]], n: int, k: int, tries: int = 500):
    """A = [e_s for s in S] + kernel, unimodular, for the first k-subset S found (or None)."""
    for count, S in enumerate(combinations(range(n), k)):
        if count >= tries:
            return None
        rest = [j for j in range(n) if j not in S]
        if abs(bareiss_determinant([[row[j] for j in rest] for row in kernel])) == 1:
            return tuple(tuple(int(j == s) for j in range(n)) for s in S) + tuple(map(tuple, kernel))
    return None


def bareiss_determinant(M: list[list[int]]) -> int:
    """Exact integer determinant (Bareiss fraction-free elimination).

    >>> bareiss_determinant([[0, 2], [3, 1]])
    -6
    """
    M = [list(r) for r in M]
    n, sign, prev = len(M), 1, 1
    for i in range(n):
        if M[i][i] == 0:
            swap = next((r for r in range(i + 1, n) if M[r][i]), None)
            if swap is None:
                return 0
            M[i], M[swap], sign = M[swap], M[i], -sign
        for r in range(i + 1, n):
            for c in range(i + 1, n):
                M[r][c] = (M[r][c] * M[i][i] - M[r][i] * M[i][c]) // prev
        prev = M[i][i]
    return sign * (M[n - 1][n - 1] if n else 1)


def is_unimodular(A: Sequence[Sequence[int]]) -> bool:
    """Integer square matrix of determinant ±1 (exact)."""
    return bool(A) and abs(sympy.Matrix(A).det()) == 1


# ----------------------------------------------------------------------------------------------
# univariate exact real roots


def _frac(x) -> Fraction:
    return Fraction(str(x))


def upoly(coeffs: Mapping[int, Fraction] | Sequence) -> Poly:
    """A univariate sympy Poly over QQ in theta from {degree: coeff} or an ascending list."""
    if not isinstance(coeffs, Mapping):
        coeffs = dict(enumerate(coeffs))
    terms = {(int(d),): QQ(Fraction(c).numerator, Fraction(c).denominator)
             for d, c in coeffs.items() if Fraction(c)}
    return Poly.from_dict(terms or {(0,): QQ(0)}, _THETA, domain=QQ)


def ascending(p: Poly) -> list[Fraction]:
    """Coefficients of a univariate Poly, lowest degree first."""
    return [_frac(c) for c in reversed(p.all_coeffs())]


def horner(coeffs: Sequence[Fraction], x: Fraction) -> Fraction:
    v = Fraction(0)
    for c in reversed(coeffs):
        v = v * x + c
    return v


def _strip_zero_root(p: Mapping[int, Fraction]) -> dict[int, Fraction]:
    low = min(p)
    return {d - low: c for d, c in p.items()}


def common_part(polys: Sequence[Mapping[int, Fraction]]) -> Poly | None:
    """gcd over QQ of the nonzero polys with the factor theta stripped; None if all are zero."""
    g = None
    for p in polys:
        if p:
            q = upoly(_strip_zero_root(p))
            g = q if g is None else g.gcd(q)
    return g


def no_nonzero_real_root(polys: Sequence[Mapping[int, Fraction]]) -> bool:
    """Certificate: the univariate polys have no common nonzero real root (Sturm count of the gcd).

    >>> no_nonzero_real_root([{0: Fraction(1), 2: Fraction(1)}, {1: Fraction(3)}])
    True
    """
    g = common_part(polys)
    return g is not None and g.sqf_part().count_roots() == 0


def isolate(p: Poly, lo: Fraction, hi: Fraction, nonzero: bool) -> tuple[Fraction, Fraction] | None:
    """Shrink an isolating interval so that p changes sign strictly and (if asked) 0 is outside."""
    c = ascending(p)
    if nonzero and lo < 0 < hi:
        v0 = horner(c, Fraction(0))
        if v0 == 0:
            return None
        lo, hi = (lo, Fraction(0)) if horner(c, lo) * v0 < 0 else (Fraction(0), hi)
    if lo < hi and horner(c, lo) * horner(c, hi) < 0 and (not nonzero or lo >= 0 or hi <= 0):
        return lo, hi
    return None


def real_root(polys: Sequence[Mapping[int, Fraction]], nonzero: bool = True):
    """A common real root (nonzero unless asked otherwise) of univariate polys, exactly.

    Returns ``None`` when there is none (certified), ``("rational", q)``, or
    ``("algebraic", ascending coefficients of an irreducible p, lo, hi)`` with p(lo)·p(hi) < 0.

    >>> real_root([{1: Fraction(1), 0: Fraction(3)}, {2: Fraction(1), 0: Fraction(-9)}])
    ('rational', Fraction(-3, 1))
    """
    if nonzero:
        g = common_part(polys)
        if g is None:
            return ("rational", Fraction(1))
    else:
        nz = [upoly(p) for p in polys if p]
        if not nz:
            return ("rational", Fraction(0))
        g = nz[0]
        for q in nz[1:]:
            g = g.gcd(q)
    if g.degree() <= 0:
        return None
    factors = sorted((f for f, _ in g.factor_list()[1]), key=lambda f: f.degree())
    for f in factors:
        if f.degree() == 1:
            a, b = ascending(f)[:2]
            return ("rational", -a / b)
    for f in factors:
        for (lo, hi), _ in f.intervals():
            box = isolate(f, _frac(lo), _frac(hi), nonzero)
            if box:
                return ("algebraic", ascending(f), box[0], box[1])
    return None


# ----------------------------------------------------------------------------------------------
# exact check of a real algebraic point


def _powmod(q: Poly, e: int, p: Poly) -> Poly:
    result, base = upoly([1]), q.rem(p)
    while e:
        if e & 1:
            result = (result * base).rem(p)
        base = (base * base).rem(p)
        e >>= 1
    return result


def algebraic_point_ok(polys: Sequence[Terms], minpoly: Sequence[Fraction], lo: Fraction, hi: Fraction,
                       u: Sequence[Sequence[Fraction]], A: Sequence[Sequence[int]]) -> bool:
    """Exact check that ``w_j = prod_i u_i(theta)**A[i][j]`` is a common real torus zero.

    theta is any real root of ``minpoly`` in (lo, hi): a strict sign change proves one exists, and
    0 outside (lo, hi) is not required since each u_i is checked coprime to minpoly (so u_i(theta)
    != 0 at every root). Each polynomial, times a power product of the u_i that clears negative
    exponents, must be divisible by minpoly (so it vanishes at every root).

    >>> algebraic_point_ok([{(2, 0): 1, (0, 2): -2}], [-2, 0, 1], 1, 2, [[0, 1], [1]], [[1, 0], [0, 1]])
    True
    """
    n = len(A)
    p = upoly(minpoly)
    if p.degree() < 1 or not lo < hi or len(u) != n or any(len(row) != n for row in A):
        return False
    c = [Fraction(x) for x in minpoly]
    if horner(c, Fraction(lo)) * horner(c, Fraction(hi)) >= 0:
        return False
    qs = [upoly(q) for q in u]
    if any(q.is_zero or q.gcd(p).degree() > 0 for q in qs):
        return False
    for f in polys:
        exps = {e: [sum(int(A[i][j]) * e[j] for j in range(n)) for i in range(n)] for e in f}
        low = [min(v[i] for v in exps.values()) for i in range(n)] if exps else [0] * n
        total = upoly([0])
        for e, coef in f.items():
            term = upoly([coef])
            for i in range(n):
                if exps[e][i] - low[i]:
                    term = (term * _powmod(qs[i], exps[e][i] - low[i], p)).rem(p)
            total = (total + term).rem(p)
        if not total.is_zero:
            return False
    return True


def grid(k: int, values: Sequence[Fraction], budget: int):
    """At most ``budget`` points of values^k in a fixed order."""
    for count, pt in enumerate(product(values, repeat=k)):
        if count >= budget:
            return
        yield pt


# ----------------------------------------------------------------------------------------------
# Groebner bases over QQ, saturated by the torus (bounded by the caps below)

MAX_GB_VARS = 4        # reduced variables k
MAX_GB_DEGREE = 12     # total degree of any reduced polynomial
MAX_GB_TERMS = 60      # terms in the whole reduced system
MAX_GB_POLYS = 12      # polynomials in the system
# cap on the product of the min(k, #polys) largest degrees (a Bezout-type size): measured with
# sympy 1.14 on dense random systems, these keep one saturated basis near or under a second.
MAX_GB_BEZOUT = {1: 10**6, 2: 36, 3: 18, 4: 16}
_LINEAR_FORMS = ((1, 1, 1, 1), (1, 2, 3, 4), (1, -1, 2, -2))


def within_caps(polys: Sequence[dict], k: int) -> bool:
    """Whether a Groebner computation on these k-variable polynomials is allowed.

    >>> within_caps([{(2, 0): Fraction(1), (0, 0): Fraction(-1)}] * 2, 2)
    True
    """
    if not polys or k > MAX_GB_VARS or len(polys) > MAX_GB_POLYS or sum(map(len, polys)) > MAX_GB_TERMS:
        return False
    degrees = sorted((max(sum(e) for e in g) for g in polys), reverse=True)
    bezout = 1
    for d in degrees[:k]:
        bezout *= max(d, 1)
    return degrees[0] <= MAX_GB_DEGREE and bezout <= MAX_GB_BEZOUT[k]


def _expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def specialise(g: Mapping[Exponent, Fraction], fixed: Mapping[int, Fraction]) -> dict[Exponent, Fraction]:
    """Substitute u_j = fixed[j]; the result is in the remaining variables, monomial factor stripped.

    >>> specialise({(1, 2): Fraction(1), (0, 0): Fraction(-4)}, {1: Fraction(2)})
    {(1,): Fraction(4, 1), (0,): Fraction(-4, 1)}
    """
    free = [j for j in range(len(next(iter(g)))) if j not in fixed] if g else []
    out: dict[Exponent, Fraction] = {}
    for e, c in g.items():
        for j, x in fixed.items():
            c *= Fraction(x) ** e[j]
        key = tuple(e[j] for j in free)
        out[key] = out.get(key, 0) + c
    out = {e: c for e, c in out.items() if c}
    if not out:
        return out
    low = [min(e[i] for e in out) for i in range(len(free))]
    return {tuple(a - m for a, m in zip(e, low)): c for e, c in out.items()}


def _symbols(k: int):
    return list(sympy.symbols(f"u0:{k}")), sympy.Symbol("t")


def saturated_basis(polys: Sequence[dict], k: int, last: int | None = None, form=None):
    """grevlex Groebner basis of <g_i, 1 - t*u_0⋯u_{k-1}> (+ s - form·u), gens (t, u_j≠last, u_last[, s]).

    Its zeros are the complex torus zeros of the g_i (t = 1/∏u), so [1] certifies there are none.

    >>> saturated_basis([{(1, 0): Fraction(1), (0, 1): Fraction(1)}, {(1, 0): Fraction(1)}], 2).exprs
    [1]
    """
    us, t = _symbols(k)
    last = k - 1 if last is None else last
    F = [Poly.from_dict({e: QQ(c.numerator, c.denominator) for e, c in g.items()}, *us).as_expr()
         for g in polys]
    F.append(1 - t * sympy.Mul(*us))
    gens = [t] + [u for j, u in enumerate(us) if j != last] + [us[last]]
    if form is not None:
        s = sympy.Symbol("s")
        F.append(s - sum(c * u for c, u in zip(form, us)))
        gens.append(s)
    return sympy.groebner(F, *gens, order="grevlex", domain=QQ)


def eliminant_certificate(polys: Sequence[dict], k: int, deadline: float | None = None) -> bool:
    """Zero-dimensional systems: True if some u_i's eliminant has no nonzero real root."""
    us, _ = _symbols(k)
    for i in range(k):
        if _expired(deadline):
            return False
        for e in saturated_basis(polys, k, i).fglm("lex").exprs:
            if e.free_symbols == {us[i]}:
                p = Poly(e, us[i])
                if no_nonzero_real_root([{m[0]: _frac(c) for m, c in p.terms()}]):
                    return True
    return False


def zero_dim_point(polys: Sequence[dict], k: int, G, deadline: float | None = None):
    """A real zero of a zero-dimensional saturated system via a lex basis in shape position.

    Tries u_{k-1}, then a few linear forms s as the separating coordinate. Returns
    ``(root, coords)`` as for :func:`real_root`, with ``coords[j]`` the ascending coefficients of
    u_j as a polynomial in the root, or None. Claims nothing: the caller checks the witness.
    """
    us, t = _symbols(k)
    s = sympy.Symbol("s")
    tries = [(G, us[-1], None)] + [(None, s, f[:k]) for f in _LINEAR_FORMS]
    for basis, last, form in tries:
        if _expired(deadline):
            return None
        if basis is None:
            basis = saturated_basis(polys, k, form=form)
        shape = _shape(basis.fglm("lex").exprs, [t] + (us if form else us[:-1]), last)
        if shape is None:
            continue
        p, q = shape
        root = real_root([{m[0]: _frac(c) for m, c in p.terms()}], nonzero=form is None)
        if root is not None:
            q[last] = Poly(last, last)
            return root, [ascending(q[u]) for u in us]
    return None


def _shape(exprs, dependent, last):
    """Lex basis {v - q_v(last) for v in dependent} ∪ {p(last)}: returns (p, {v: q_v}) or None."""
    p, q = None, {}
    for e in exprs:
        others = e.free_symbols - {last}
        if not others:
            if p is not None or not e.free_symbols:
                return None
            p = Poly(e, last)
            continue
        if len(others) != 1:
            return None
        v = others.pop()
        P = Poly(e, v)
        lead = P.coeff_monomial(v)
        if P.degree() != 1 or not lead.is_number or v in q:
            return None
        q[v] = Poly(sympy.expand(-(e - lead * v) / lead), last)
    if p is None or set(q) != set(dependent):
        return None
    return p, q
