"""Exact sparse polynomials: parse strings or sympy expressions, translate to a point.

The one representation the symbolic core works on is :class:`Polynomial`: a tuple of variable names
and a mapping from exponent tuples to nonzero :class:`fractions.Fraction` coefficients. Parsing and
expansion go through sympy's sparse ``ring`` (25-100x faster than ``expand`` + ``Poly`` on
learning-theory polynomials with many variables).

Examples
--------
>>> K = parse("x^2*y^2 + x**4")
>>> K.variables
('x', 'y')
>>> sorted(K.terms.items())
[((2, 2), Fraction(1, 1)), ((4, 0), Fraction(1, 1))]
>>> parse("(x - 1)**2").translate({"x": 1}).terms
{(2,): Fraction(1, 1)}
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable, Mapping, Sequence

import sympy
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

from .errors import InputError

Exponent = tuple[int, ...]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CALL = re.compile(r"\s*\(")
_TRANSFORMS = standard_transformations + (convert_xor,)


@dataclass(frozen=True, eq=True)
class Polynomial:
    """An exact sparse polynomial: ``terms`` maps exponent tuples to nonzero Fractions.

    Examples
    --------
    >>> p = Polynomial(("x", "y"), {(1, 0): Fraction(2), (0, 3): Fraction(-1, 2)})
    >>> str(p)
    '2*x - y**3/2'
    >>> p.evaluate({"x": 1, "y": 2})
    Fraction(-2, 1)
    """

    variables: tuple[str, ...]
    terms: Mapping[Exponent, Fraction] = field(default_factory=dict)

    def __post_init__(self):
        n = len(self.variables)
        if len(set(self.variables)) != n:
            raise InputError(f"repeated variable names: {', '.join(self.variables)}")
        for e, c in self.terms.items():
            # a negative exponent would make certificates do Laurent arithmetic (a "polynomial" undefined at 0)
            if len(e) != n or c == 0 or (n and min(e) < 0):
                raise ValueError(f"bad term {e}: {c} for variables {self.variables}")

    @property
    def nvars(self) -> int:
        return len(self.variables)

    @property
    def support(self) -> list[Exponent]:
        """Exponents with nonzero coefficient, sorted."""
        return sorted(self.terms)

    def is_zero(self) -> bool:
        return not self.terms

    def evaluate(self, point: Mapping[str, Fraction | int]) -> Fraction:
        """Exact value at a point given by variable name (missing names count as 0)."""
        values = [Fraction(point.get(v, 0)) for v in self.variables]
        total = Fraction(0)
        for e, c in self.terms.items():
            term = c
            for x, k in zip(values, e):
                if k:
                    term *= x**k
            total += term
        return total

    def translate(self, at: Mapping[str, Fraction | int]) -> "Polynomial":
        """The polynomial u ↦ K(at + u), exactly (``at`` maps variable names to rationals)."""
        shifts = [(v, Fraction(at[v])) for v in self.variables if at.get(v, 0) != 0]
        if not shifts:
            return self
        R, gens = _ring(self.variables)
        f = to_ring_element(self, R)
        index = {v: i for i, v in enumerate(self.variables)}
        f = f.compose([(gens[index[v]], gens[index[v]] + R.domain.convert(sympy.Rational(a.numerator, a.denominator)))
                       for v, a in shifts])
        return from_ring_element(f, self.variables)

    def to_sympy(self) -> sympy.Expr:
        syms = [sympy.Symbol(v) for v in self.variables]
        monos = []
        for e, c in self.terms.items():
            mono = sympy.Rational(c.numerator, c.denominator)
            for s, k in zip(syms, e):
                if k:
                    mono *= s**k
            monos.append(mono)
        return sympy.Add(*monos)  # one flatten: adding term by term is quadratic in the number of terms

    def __str__(self) -> str:
        return str(self.to_sympy())

    def to_json(self) -> list:
        """Terms as ``[[exponent list, "p/q"], ...]``, sorted: the form used inside certificates."""
        return [[list(e), fraction_str(c)] for e, c in sorted(self.terms.items())]

    @classmethod
    def from_json(cls, variables: Sequence[str], terms: Iterable) -> "Polynomial":
        return cls(tuple(variables), {tuple(int(k) for k in e): Fraction(c) for e, c in terms})


@dataclass(frozen=True)
class SumOfSquares:
    """K = Σ f_i², given by its generators f_i (strings, sympy expressions or Polynomials).

    Working on the generators is both cheaper and sharper: P(K) = 2·P(⟨f_i⟩) and the
    non-degeneracy test runs on the face systems of the f_i (Lin's sos-nondegeneracy).

    Examples
    --------
    >>> S = SumOfSquares(["a*b", "c*d"])
    >>> sos = as_sum_of_squares(S)
    >>> sos[0].variables, len(sos)
    (('a', 'b', 'c', 'd'), 2)
    """

    generators: tuple

    def __init__(self, generators):
        if isinstance(generators, (str, sympy.Basic, Polynomial)):
            generators = [generators]
        object.__setattr__(self, "generators", tuple(generators))
        if not self.generators:
            raise InputError("a sum of squares needs at least one generator")


def fraction_str(q: Fraction | int) -> str:
    """Rationals as the strings the JSON contract uses: "p/q" or "p".

    >>> fraction_str(Fraction(5, 12)), fraction_str(Fraction(2))
    ('5/12', '2')
    """
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def parse_rational(text: str | int | Fraction, what: str = "value") -> Fraction:
    """An exact rational from "3", "-1/2" or an int; floats and other forms are refused.

    >>> parse_rational("-1/2")
    Fraction(-1, 2)
    """
    if isinstance(text, bool):
        raise InputError(f"{what} must be a rational number, got {text!r}")
    if isinstance(text, (int, Fraction)):
        return Fraction(text)
    if isinstance(text, sympy.Rational):
        return Fraction(int(text.p), int(text.q))
    s = str(text).strip()
    if re.fullmatch(r"[+-]?\d+(/\d+)?", s):
        q = Fraction(s)
        return q
    raise InputError(f"{what} must be an exact rational like 1 or -1/2, got {s!r}")


def parse_expression(text: str | sympy.Basic, rationalize: bool = False) -> sympy.Expr:
    """Parse a string (``^`` accepted for powers) to a sympy expression with rational coefficients.

    Identifiers become plain symbols (so ``E``, ``I``, ``S`` or ``beta`` are variables, not sympy
    constants); an identifier followed by ``(`` is a function and is refused as non-polynomial.

    >>> parse_expression("E^2 + I*x")
    E**2 + I*x
    >>> parse_expression("0.5*x", rationalize=True)
    x/2
    """
    if isinstance(text, sympy.Basic):
        expr = text
    elif isinstance(text, str):
        if not text.strip():
            raise InputError("empty expression")
        local = {name: sympy.Symbol(name) for name in _identifiers_not_called(text)}
        try:
            expr = parse_expr(text, local_dict=local, transformations=_TRANSFORMS, evaluate=True)
        except Exception as exc:  # sympy raises many kinds here; all mean "cannot parse"
            raise InputError(f"cannot parse expression {text!r}: {type(exc).__name__}") from None
    else:
        raise InputError(f"expected a polynomial as a string or sympy expression, got {type(text).__name__}")
    if not isinstance(expr, sympy.Expr):
        raise InputError(f"not a polynomial expression: {text!r}")
    return _check_coefficients(expr, rationalize)


def _identifiers_not_called(text: str) -> set[str]:
    # the call test looks only at the characters after each name (no copy of the rest: long K stay linear)
    return {m.group() for m in _IDENTIFIER.finditer(text) if not _CALL.match(text, m.end())}


def _check_coefficients(expr: sympy.Expr, rationalize: bool) -> sympy.Expr:
    for atom in expr.atoms(sympy.Pow):
        if isinstance(atom.exp, sympy.Float) and atom.base.free_symbols:
            raise InputError(f"not a polynomial: non-integer exponent in {atom}")
    floats = expr.atoms(sympy.Float)
    if floats:
        if not rationalize:
            shown = ", ".join(sorted(str(f) for f in floats)[:3])
            raise InputError(f"float coefficients are not exact ({shown}); write rationals like 1/2 "
                             "or pass --rationalize")
        expr = expr.xreplace({f: sympy.Rational(str(f)) for f in floats})
    for atom in expr.atoms(sympy.Function, sympy.NumberSymbol):
        raise InputError(f"not a polynomial: contains {atom}")
    if expr.has(sympy.I):
        raise InputError("coefficients must be real rationals, found the imaginary unit")
    if not expr.is_polynomial(*expr.free_symbols):
        raise InputError(f"not a polynomial: {_first_non_polynomial(expr)}")
    for atom in expr.atoms(sympy.Pow):
        if atom.base.is_number and not atom.is_Rational:
            raise InputError(f"coefficients must be rational, found {atom}")
    return expr


def _first_non_polynomial(expr: sympy.Expr) -> str:
    syms = expr.free_symbols
    for sub in sympy.preorder_traversal(expr):
        if isinstance(sub, sympy.Pow) and sub.base.free_symbols and not (
                sub.exp.is_Integer and sub.exp >= 0):
            return str(sub)
    return str(expr) if syms else "no variables"


def resolve_variables(exprs: Sequence[sympy.Expr], variables: Sequence[str] | None) -> tuple[str, ...]:
    """The variable order: the given names, or the free symbols sorted by name.

    >>> resolve_variables([sympy.sympify("y*x + z")], None)
    ('x', 'y', 'z')
    """
    names = set()
    for e in exprs:
        names |= {s.name for s in e.free_symbols}
    if variables is None:
        return tuple(sorted(names))
    variables = tuple(str(v).strip() for v in variables)
    for v in variables:
        if not _IDENTIFIER.fullmatch(v):
            raise InputError(f"bad variable name {v!r}")
    missing = sorted(names - set(variables))
    if missing:
        raise InputError(f"K contains symbols not among the given variables: {', '.join(missing)}")
    return variables


def parse(text, variables: Sequence[str] | None = None, rationalize: bool = False) -> Polynomial:
    """Parse a string, sympy expression or Polynomial into an exact :class:`Polynomial`.

    >>> parse("x**2 - 2*x*y + y**2", variables=["y", "x", "z"]).support
    [(0, 2, 0), (1, 1, 0), (2, 0, 0)]
    """
    if isinstance(text, Polynomial):
        if variables is None or tuple(variables) == text.variables:
            return text
        text = text.to_sympy()
    expr = parse_expression(text, rationalize)
    names = resolve_variables([expr], variables)
    return polynomial_from_expr(expr, names)


def polynomial_from_expr(expr: sympy.Expr, names: tuple[str, ...]) -> Polynomial:
    R, _ = _ring(names)
    try:
        f = R.from_expr(expr) if names else R(expr)
    except Exception:
        raise InputError(f"not a polynomial with rational coefficients: {expr}") from None
    return from_ring_element(f, names)


def as_sum_of_squares(S: SumOfSquares, variables: Sequence[str] | None = None,
                      rationalize: bool = False) -> list[Polynomial]:
    """The generators of a :class:`SumOfSquares` as Polynomials over one variable tuple."""
    exprs = []
    for g in S.generators:
        exprs.append(g.to_sympy() if isinstance(g, Polynomial) else parse_expression(g, rationalize))
    names = resolve_variables(exprs, variables)
    return [polynomial_from_expr(e, names) for e in exprs]


def sum_of_squares_polynomial(generators: Sequence[Polynomial]) -> Polynomial:
    """K = Σ f_i², expanded exactly.

    >>> str(sum_of_squares_polynomial([parse("a*b", ["a", "b"]), parse("a", ["a", "b"])]))
    'a**2*b**2 + a**2'
    """
    names = generators[0].variables
    R, _ = _ring(names)
    total = R.zero
    for g in generators:
        total += to_ring_element(g, R).square()  # half the products of f·f
    return from_ring_element(total, names)


def exact_quotient(f, g):
    """f/g for sympy ring elements when g divides f exactly, else None.

    Division with a heap of the remainder's monomials in lex order: each step costs about |g|·log|f|, where
    sympy's ``divmod`` looks for the leading term among all of the remainder's terms at every step (block
    elimination divides quotients of thousands of terms by small units).

    >>> R, (x, y) = _ring(("x", "y"))
    >>> str(exact_quotient((x + y)**3 * (1 + x*y), 1 + x*y))
    'x**3 + 3*x**2*y + 3*x*y**2 + y**3'
    >>> exact_quotient(x**2 + y, x + y) is None
    True
    """
    import heapq

    if not g:
        raise ZeroDivisionError("exact_quotient by zero")
    lead = max(g)
    lead_c = g[lead]
    tail = [(m, c) for m, c in g.items() if m != lead]
    rem = dict(f)
    heap = [tuple(-k for k in m) for m in rem]
    heapq.heapify(heap)
    quotient = {}
    while heap:
        m = tuple(-k for k in heapq.heappop(heap))
        c = rem.pop(m, None)
        if not c:  # a monomial pushed twice, or cancelled
            continue
        d = tuple(a - b for a, b in zip(m, lead))
        if min(d) < 0:  # the remainder's leading term is not a multiple of g's: g does not divide f
            return None
        t = c / lead_c
        quotient[d] = t
        for mg, cg in tail:
            mm = tuple(a + b for a, b in zip(d, mg))
            if mm in rem:
                value = rem[mm] - t * cg
                if value:
                    rem[mm] = value
                else:
                    del rem[mm]
            else:
                rem[mm] = -t * cg
                heapq.heappush(heap, tuple(-k for k in mm))
    return f.ring.from_dict(quotient) if quotient else f.ring.zero


def _ring(names: tuple[str, ...], order=None):
    """sympy's ring ℚ[names] (lex unless another monomial ``order`` is given) and its generators."""
    from sympy.polys.domains import QQ
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring
    if not names:
        R = ring("_", QQ)[0]
        return R, []
    R, *gens = ring(",".join(names) if len(names) > 1 else names[0] + ",", QQ, order or lex)
    return R, gens


def to_ring_element(p: Polynomial, R):
    if not p.variables:
        return R.zero
    return R.from_dict({e: R.domain.convert(sympy.Rational(c.numerator, c.denominator))
                        for e, c in p.terms.items()})


def from_ring_element(f, names: tuple[str, ...]) -> Polynomial:
    terms, n = {}, len(names)
    for e, c in f.terms():
        q = Fraction(int(c.numerator), int(c.denominator))
        if q:
            # sympy's monomials are tuples of Python ints already (the ring of no names has one dummy variable)
            terms[e if len(e) == n else e[:n]] = q
    return Polynomial(tuple(names), terms)
