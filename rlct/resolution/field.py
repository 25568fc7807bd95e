"""Exact real number fields Q(θ) for the plane-curve resolution (polynomials over them: :mod:`.polys`).

A :class:`RealField` is Q(θ) for one *real* root θ of a monic irreducible polynomial m over Q, given
by m and a rational interval that isolates θ. Elements are tuples of d Fractions (coordinates in the
basis 1, θ, …, θ^(d-1)); arithmetic is reduction modulo m, so it is exact, and because m is
irreducible an element is zero exactly when its tuple is zero. Signs (and rational enclosures) of
nonzero elements come from bisecting the isolating interval of θ, which terminates because the
element's value is a nonzero real number. Q itself is the field of degree 1 (m = t, θ = 0).

Everything here is exact; nothing searches.

Examples
--------
>>> F = RealField([-2, 0, 1], Fraction(1), Fraction(2))          # Q(√2), θ = √2
>>> F.mul(F.theta, F.theta) == F.const(2)
True
>>> F.sign(F.sub(F.theta, F.const(Fraction(3, 2))))               # √2 < 3/2
-1
>>> F.element_str(F.add(F.theta, F.one))
'θ + 1'
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Sequence

Element = tuple  # tuple[Fraction, ...] of length d

_MAX_REFINE = 4000


class FieldError(ValueError):
    """An operation on a number field that cannot be carried out (e.g. a sign that does not settle)."""


class RealField:
    """Q(θ): θ the unique root of the monic irreducible ``minpoly`` (ascending) in [lo, hi].

    The constructor trusts its input; :func:`check_field` proves irreducibility and isolation.

    Examples
    --------
    >>> Q = RealField.rationals()
    >>> Q.d, Q.add(Q.const(1), Q.const(Fraction(1, 2)))
    (1, (Fraction(3, 2),))
    >>> F = RealField([-2, 0, 1], 1, 2)
    >>> F.inv(F.theta) == F.div(F.theta, F.const(2))              # 1/√2 = √2/2
    True
    >>> lo, hi = F.enclosure(F.theta, Fraction(1, 1000)); lo < Fraction(14142, 10000) < hi
    True
    """

    def __init__(self, minpoly: Sequence, lo, hi):
        m = [Fraction(c) for c in minpoly]
        if len(m) < 2 or m[-1] != 1:
            raise FieldError("the minimal polynomial must be monic of degree >= 1")
        self.m = tuple(m)
        self.d = len(m) - 1
        self.lo0, self.hi0 = Fraction(lo), Fraction(hi)
        self.lo, self.hi = self.lo0, self.hi0
        if self.d == 1:
            root = -self.m[0]
            self.lo = self.hi = root
        self.zero = (Fraction(0),) * self.d
        self.one = self.const(1)
        self.theta = self._reduce([Fraction(0), Fraction(1)])

    @classmethod
    def rationals(cls) -> "RealField":
        return cls([0, 1], -1, 1)

    # ---- arithmetic ----------------------------------------------------------------------
    def const(self, q) -> Element:
        return (Fraction(q),) + (Fraction(0),) * (self.d - 1)

    def _reduce(self, c: list) -> Element:
        c = list(c)
        d, m = self.d, self.m
        for k in range(len(c) - 1, d - 1, -1):
            top = c[k]
            if top:
                for i in range(d):
                    c[k - d + i] -= top * m[i]
            c[k] = Fraction(0)
        c += [Fraction(0)] * (d - len(c))
        return tuple(c[:d])

    def add(self, a: Element, b: Element) -> Element:
        return tuple(x + y for x, y in zip(a, b))

    def sub(self, a: Element, b: Element) -> Element:
        return tuple(x - y for x, y in zip(a, b))

    def neg(self, a: Element) -> Element:
        return tuple(-x for x in a)

    def mul(self, a: Element, b: Element) -> Element:
        if self.d == 1:
            return (a[0] * b[0],)
        prod = [Fraction(0)] * (2 * self.d - 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b):
                    if y:
                        prod[i + j] += x * y
        return self._reduce(prod)

    def scale(self, q, a: Element) -> Element:
        q = Fraction(q)
        return tuple(q * x for x in a)

    def is_zero(self, a: Element) -> bool:
        return not any(a)

    def inv(self, a: Element) -> Element:
        if self.is_zero(a):
            raise ZeroDivisionError("inverse of zero in a number field")
        if self.d == 1:
            return (1 / a[0],)
        _, s, _ = _qgcdex(_qtrim(list(a)), list(self.m))
        return self._reduce(s)

    def div(self, a: Element, b: Element) -> Element:
        return self.mul(a, self.inv(b))

    def power(self, a: Element, k: int) -> Element:
        out = self.one
        for _ in range(k):
            out = self.mul(out, a)
        return out

    def evaluate_rational_poly(self, coeffs: Sequence, x: Element) -> Element:
        """Σ coeffs[i]·x^i for rational coefficients (Horner)."""
        out = self.zero
        for c in reversed(list(coeffs)):
            out = self.add(self.mul(out, x), self.const(c))
        return out

    # ---- real values -----------------------------------------------------------------------
    def refine(self) -> None:
        """Halve the isolating interval of θ (keeping the sign change of m)."""
        if self.d == 1:
            return
        mid = (self.lo + self.hi) / 2
        s_mid = _sign(_qeval(self.m, mid))
        if s_mid == 0:
            raise FieldError("the minimal polynomial has a rational root: not irreducible")
        if s_mid == _sign(_qeval(self.m, self.lo)):
            self.lo = mid
        else:
            self.hi = mid

    def enclosure(self, a: Element, width=None) -> tuple[Fraction, Fraction]:
        """A rational interval containing the value of ``a`` (narrower than ``width`` if given)."""
        for _ in range(_MAX_REFINE):
            lo, hi = _poly_range(a, self.lo, self.hi)
            if width is None or hi - lo <= width:
                return lo, hi
            self.refine()
        raise FieldError("enclosure did not reach the requested width")

    def sign(self, a: Element) -> int:
        if self.is_zero(a):
            return 0
        if self.d == 1:
            return _sign(a[0])
        for _ in range(_MAX_REFINE):
            lo, hi = _poly_range(a, self.lo, self.hi)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            self.refine()
        raise FieldError("the sign of a nonzero element did not settle")

    def inside(self, a: Element, lo, hi) -> bool:
        """Is the value of ``a`` in the closed interval [lo, hi]? (decided by refinement)"""
        lo, hi = Fraction(lo), Fraction(hi)
        for _ in range(_MAX_REFINE):
            elo, ehi = _poly_range(a, self.lo, self.hi)
            if lo <= elo and ehi <= hi:
                return True
            if ehi < lo or elo > hi:
                return False
            if self.d == 1:
                return False
            self.refine()
        raise FieldError("interval membership did not settle")

    def to_json(self) -> dict:
        return {"minpoly": [_fs(c) for c in self.m], "interval": [_fs(self.lo0), _fs(self.hi0)]}

    @classmethod
    def from_json(cls, d: dict) -> "RealField":
        return cls([Fraction(c) for c in d["minpoly"]], Fraction(d["interval"][0]), Fraction(d["interval"][1]))

    def element_json(self, a: Element) -> list:
        return [_fs(c) for c in a]

    def element_from_json(self, data: Sequence) -> Element:
        a = tuple(Fraction(c) for c in data)
        if len(a) != self.d:
            raise FieldError(f"an element of a degree-{self.d} field needs {self.d} coordinates")
        return a

    def element_str(self, a: Element, name: str = "θ") -> str:
        return _qpoly_str(a, name)

    def describe(self) -> str:
        if self.d == 1:
            return "Q"
        return f"Q(θ), θ the root of {_qpoly_str(self.m, 't')} in [{_fs(self.lo0)}, {_fs(self.hi0)}]"


def embedding(F: RealField, G: RealField, phi: Element) -> Callable[[Element], Element]:
    """The map F -> G sending θ_F to ``phi`` (a p(θ_F) ↦ p(phi)); the caller checks that it is one.

    >>> F, G = RealField([-2, 0, 1], 1, 2), RealField([-2, 0, 0, 0, 1], 1, 2)     # √2 = (2^(1/4))²
    >>> embedding(F, G, G.mul(G.theta, G.theta))(F.add(F.theta, F.one))
    (Fraction(1, 1), Fraction(0, 1), Fraction(1, 1), Fraction(0, 1))
    """
    if F is G:
        return lambda a: a
    powers = [G.one]
    for _ in range(F.d - 1):
        powers.append(G.mul(powers[-1], phi))

    def image(a: Element) -> Element:
        out = G.zero
        for c, p in zip(a, powers):
            if c:
                out = G.add(out, G.scale(c, p))
        return out
    return image


def check_field(F: RealField) -> None:
    """Raise FieldError unless m is irreducible over Q and [lo, hi] isolates exactly one real root.

    >>> check_field(RealField([-2, 0, 1], 1, 2))
    >>> check_field(RealField([-2, 0, 1], -2, 2))
    Traceback (most recent call last):
    ...
    rlct.resolution.field.FieldError: the interval does not isolate one root of the minimal polynomial
    """
    import sympy

    if F.d == 1:
        return
    t = sympy.Symbol("t")
    poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(F.m)], t, domain="QQ")
    if not poly.is_irreducible:
        raise FieldError("the minimal polynomial is not irreducible over Q")
    if not (F.lo0 < F.hi0) or _qeval(F.m, F.lo0) == 0 or _qeval(F.m, F.hi0) == 0:
        raise FieldError("the interval does not isolate one root of the minimal polynomial")
    if rational_sturm_interval(list(F.m), F.lo0, F.hi0) != 1:
        raise FieldError("the interval does not isolate one root of the minimal polynomial")


def rational_sturm_interval(p: Sequence[Fraction], lo: Fraction, hi: Fraction) -> int:
    """Distinct real roots in (lo, hi] of a rational polynomial (ascending coefficients), by Sturm.

    >>> rational_sturm_interval([-2, 0, 1], Fraction(0), Fraction(2))
    1
    """
    q = _qtrim([Fraction(c) for c in p])
    seq = [q, _qtrim([i * c for i, c in enumerate(q)][1:])]
    while seq[-1]:
        r = _qdivmod(seq[-2], seq[-1])[1]
        seq.append([-c for c in r])
    seq = seq[:-1]

    def changes(x):
        signs = [v for v in (_sign(_qeval(t, x)) for t in seq) if v]
        return sum(1 for a, b in zip(signs, signs[1:]) if a != b)
    return changes(lo) - changes(hi)


# ---- rational helpers ---------------------------------------------------------------------------
def _qpoly_str(coeffs: Sequence[Fraction], name: str) -> str:
    """Rational polynomial, highest power first: ``_qpoly_str([-2, 0, 1], "t") == "t^2 - 2"``."""
    text = ""
    for i in range(len(coeffs) - 1, -1, -1):
        c = Fraction(coeffs[i])
        if not c:
            continue
        mag = abs(c)
        mono = "" if i == 0 else name if i == 1 else f"{name}^{i}"
        term = _fs(mag) if not mono else mono if mag == 1 else f"{_fs(mag)}*{mono}"
        if not text:
            text = term if c > 0 else f"-{term}"
        else:
            text += f" {'+' if c > 0 else '-'} {term}"
    return text or "0"


def _fs(q: Fraction) -> str:
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _sign(x) -> int:
    return (x > 0) - (x < 0)


def _qeval(p: Sequence[Fraction], x: Fraction) -> Fraction:
    out = Fraction(0)
    for c in reversed(p):
        out = out * x + c
    return out


def _qtrim(p: list) -> list:
    while p and p[-1] == 0:
        p.pop()
    return p


def _qdivmod(p: list, q: list):
    r = list(p)
    quot = [Fraction(0)] * max(len(p) - len(q) + 1, 0)
    while len(_qtrim(r)) >= len(q):
        k = len(r) - len(q)
        c = r[-1] / q[-1]
        quot[k] = c
        for i, b in enumerate(q):
            r[k + i] -= c * b
        r[-1] = Fraction(0)
    return _qtrim(quot), _qtrim(r)


def _qsub(p: list, q: list) -> list:
    n = max(len(p), len(q))
    return _qtrim([(p[i] if i < len(p) else 0) - (q[i] if i < len(q) else 0) for i in range(n)])


def _qmul(p: list, q: list) -> list:
    if not p or not q:
        return []
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return _qtrim(out)


def _qgcdex(a: list, b: list):
    """(g, s, t) with s·a + t·b = g, g monic (rational polynomials, ascending)."""
    r0, r1 = _qtrim(list(a)), _qtrim(list(b))
    s0, s1, t0, t1 = [Fraction(1)], [], [], [Fraction(1)]
    while r1:
        q, r = _qdivmod(r0, r1)
        r0, r1 = r1, r
        s0, s1 = s1, _qsub(s0, _qmul(q, s1))
        t0, t1 = t1, _qsub(t0, _qmul(q, t1))
    lc = r0[-1]
    return [c / lc for c in r0], [c / lc for c in s0], [c / lc for c in t0]


def _poly_range(a: Sequence[Fraction], lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """Enclosure of p(θ) = Σ a_i θ^i over θ ∈ [lo, hi] (centred Taylor form)."""
    if lo == hi:
        v = _qeval(a, lo)
        return v, v
    mid, r = (lo + hi) / 2, (hi - lo) / 2
    coeffs = list(a)
    taylor = []  # Taylor coefficients of p at mid, by repeated synthetic division
    for _ in range(len(coeffs)):
        acc = Fraction(0)
        quot = []
        for c in reversed(coeffs):
            acc = acc * mid + c
            quot.append(acc)
        taylor.append(quot[-1])
        coeffs = list(reversed(quot[:-1]))
    center = taylor[0]
    bound = sum((abs(t) * r ** k for k, t in enumerate(taylor) if k), Fraction(0))
    return center - bound, center + bound
