"""Matrix changes of coordinates: generators that meet a group of variables only through one invertible matrix.

Where a group x = (x_1 … x_k) of variables enters generators only as

    g = z_g · M(y) · x          (each such g, with its own row z_g of k variables),

M a k×k matrix of polynomials free of x with det M(0) ≠ 0, the new coordinates x' = M(y)·x turn each of
those generators into the bilinear form z_g · x'. The map Φ(x, y) = (M(y)·x, y) fixes the point and is a local
analytic diffeomorphism there: its Jacobian is det M(y), a unit near 0. x carries no prior exponent, so the
prior monomial (in the other variables) is unchanged and |det M| only multiplies it by a positive unit. The
generators G satisfy G = G' ∘ Φ, so the ideals ⟨G⟩ and ⟨G'⟩ are equal up to the local diffeomorphism, and λ, m
(and every bound) are the same. :func:`check_matrix_change` checks exactly that, by substituting x ↦ M·x into
the new generators; it needs nothing about how M was found.

This is the step that block elimination (:mod:`rlct.elimination`) leaves undone in reduced-rank regression with
more than one surplus hidden unit. After the regular directions go, RRR at rank r is left with the entries of
B₂₂·adj(I − A₂₁B₁₂)·A₂₂ (a Schur complement; B₂₂ and A₂₂ the surplus blocks): one matrix move per column of A₂₂
makes them B₂₂·A₂₂', which is RRR of size (M − r, N − r, H − r) at rank 0, and A₂₁, B₁₂ drop out as free
variables.

Finding the move: variables are grouped by the set of generators they occur in. A group x qualifies when every
generator it occurs in is linear and homogeneous in x, and each coefficient vector c_g = ∂g/∂x is linear and
homogeneous in another group z_g of k variables occurring in g, with c_g = z_g · M for one matrix M common to
all of them.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> names = ["a", "w1", "w2", "x1", "x2", "z1", "z2"]
>>> gens = ["z1*x1 + z1*a*x2 + z2*x2", "w1*x1 + w1*a*x2 + w2*x2"]    # z·M·x and w·M·x, M = [[1, a], [0, 1]]
>>> P = Problem.from_generators([parse(g, names) for g in gens])
>>> change = find_matrix_change(P)
>>> [P.variables[i] for i in change.variables], [[str(p) for p in row] for row in change.matrix]
(['x1', 'x2'], [['1', 'a'], ['0', '1']])
>>> [str(g) for g in change.child.generators]
['x1*z1 + x2*z2', 'w1*x1 + w2*x2']
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from .lp import exact_rank
from .newton import CertificateError
from .poly import Polynomial
from .problem import Problem

MAX_GROUP = 6        # the determinant of M(0) is exact Gaussian elimination; groups are small in practice


@dataclass(frozen=True)
class MatrixChange:
    """x' = M·x for the variables x (indices into the problem's variables); ``child`` is the new problem."""

    variables: tuple[int, ...]
    matrix: tuple[tuple[Polynomial, ...], ...]
    child: Problem

    def to_json(self) -> dict:
        names = self.child.variables
        return {"variables": [names[i] for i in self.variables],
                "matrix": [[p.to_json() for p in row] for row in self.matrix]}


def find_matrix_change(P: Problem) -> MatrixChange | None:
    """The first matrix move that changes P's generators, or None (only for K given by generators)."""
    if not P.is_sos:
        return None
    groups = _groups_by_support(P)
    for group in groups:
        x = _linear_part(P, group)
        if not x or len(x) > MAX_GROUP or any(P.prior[i] for i in x):
            continue
        found = _move_for_group(P, x, groups)
        if found is not None:
            return found
    return None


def _groups_by_support(P: Problem) -> list[tuple[int, ...]]:
    """Variables grouped by the set of generators they occur in (ordered by first variable)."""
    support = defaultdict(list)
    for i in range(P.nvars):
        where = frozenset(j for j, g in enumerate(P.generators) if any(e[i] for e in g.terms))
        if where:
            support[where].append(i)
    return sorted((tuple(v) for v in support.values()), key=lambda v: v[0])


def _linear_part(P: Problem, group: tuple[int, ...]) -> tuple[int, ...]:
    """The variables of the group that are some term's only variable from the group: the candidate x (a
    variable of the group that only ever multiplies them, like a in z·(x1 + a·x2), belongs to M instead)."""
    x = set()
    for g in P.generators:
        for e in g.terms:
            present = [i for i in group if e[i]]
            if len(present) == 1:
                x.add(present[0])
    return tuple(sorted(x))


def _move_for_group(P: Problem, x: tuple[int, ...], groups: list[tuple[int, ...]]) -> MatrixChange | None:
    where = [j for j, g in enumerate(P.generators) if any(e[i] for e in g.terms for i in x)]
    matrix, rows = None, {}
    for j in where:
        coeffs = _linear_coefficients(P.generators[j], x)
        if coeffs is None:
            return None
        found = _row_and_matrix(P.generators[j], coeffs, x, groups, matrix)
        if found is None:
            return None
        rows[j], matrix = found
    if _constant_identity(matrix) or not _invertible_at_origin(matrix):
        return None
    new = list(P.generators)
    for j, z in rows.items():
        new[j] = _bilinear(P.variables, z, x)
    child = Problem.from_generators(new, P.prior)
    return MatrixChange(x, matrix, child)


def _linear_coefficients(g: Polynomial, x: Sequence[int]) -> list[Polynomial] | None:
    """c with g = Σ_k c_k·x_k (c free of x); None unless every term of g has degree exactly 1 in x."""
    parts = [dict() for _ in x]
    for e, c in g.terms.items():
        degrees = [e[i] for i in x]
        if sum(degrees) != 1:
            return None
        k = degrees.index(1)
        parts[k][_drop(e, x[k])] = c
    return [Polynomial(g.variables, p) for p in parts]


def _row_and_matrix(g: Polynomial, coeffs: list[Polynomial], x: tuple[int, ...], groups, matrix):
    """(z_g, M) with coeffs = z_g·M, M equal to ``matrix`` when one is given (rows matched in z_g's order)."""
    k = len(x)
    occurs = {i for e in g.terms for i in range(len(e)) if e[i]}
    for z in groups:
        if len(z) != k or set(z) & set(x) or not set(z) <= occurs:
            continue
        split = [_linear_coefficients(c, z) for c in coeffs]
        if any(s is None for s in split):
            continue
        # M_gh,k = coefficient of z_h in c_k
        M = tuple(tuple(split[kk][h] for kk in range(k)) for h in range(k))
        if any(e[i] for row in M for p in row for e in p.terms for i in z + x):
            continue
        if matrix is None:
            return z, M
        order = _match_rows(M, matrix)
        if order is not None:
            return tuple(z[h] for h in order), matrix
    return None


def _match_rows(M, target) -> list[int] | None:
    """order with M[order[h]] == target[h] for every h (rows of target distinct), else None."""
    order = []
    for row in target:
        hits = [h for h, r in enumerate(M) if r == row and h not in order]
        if len(hits) != 1:
            return None
        order.append(hits[0])
    return order


def _bilinear(names, z: Sequence[int], x: Sequence[int]) -> Polynomial:
    terms = {}
    for zi, xi in zip(z, x):
        e = [0] * len(names)
        e[zi] += 1
        e[xi] += 1
        terms[tuple(e)] = Fraction(1)
    return Polynomial(tuple(names), terms)


def _drop(e: tuple[int, ...], i: int) -> tuple[int, ...]:
    return e[:i] + (0,) + e[i + 1:]


def _constant_identity(M) -> bool:
    n = len(M[0][0].variables) if M and M[0] else 0
    zero = (0,) * n
    return all(p.terms == ({zero: Fraction(1)} if a == b else {}) for a, row in enumerate(M)
               for b, p in enumerate(row))


def _invertible_at_origin(M) -> bool:
    """det M(0) ≠ 0, decided exactly on the constant terms."""
    zero = (0,) * len(M[0][0].variables)
    return exact_rank([[p.terms.get(zero, Fraction(0)) for p in row] for row in M]) == len(M)


def substitute_matrix(g: Polynomial, x: Sequence[int], M) -> Polynomial:
    """g with x_k replaced by (M·x)_k, all at once.

    >>> from rlct.poly import parse
    >>> names = ["a", "x", "y"]
    >>> M = ((parse("1", names), parse("a", names)), (parse("0", names), parse("1", names)))
    >>> str(substitute_matrix(parse("x**2 + y", names), (1, 2), M))
    'a**2*y**2 + 2*a*x*y + x**2 + y'
    """
    from .poly import _ring, from_ring_element, to_ring_element

    R, gens = _ring(g.variables)
    images = [sum((to_ring_element(M[k][h], R) * gens[x[h]] for h in range(len(x))), R.zero)
              for k in range(len(x))]
    total = R.zero
    for e, c in g.terms.items():
        term = R({_zero_out(e, x): c})
        for k, i in enumerate(x):
            if e[i]:
                term *= images[k] ** e[i]
        total += term
    return from_ring_element(total, g.variables)


def _zero_out(e, x):
    return tuple(0 if i in x else d for i, d in enumerate(e))


def check_matrix_change(P: Problem, data: dict, child: Problem) -> None:
    """Raise CertificateError unless ``child`` is P in the coordinates x' = M·x, a local diffeomorphism fixing
    the point and the prior: x prior-free, M free of x, det M(0) ≠ 0, and P's generators equal the child's with
    x replaced by M·x, exactly."""
    names = P.variables
    try:
        x = tuple(names.index(v) for v in data["variables"])
        M = tuple(tuple(Polynomial.from_json(names, p) for p in row) for row in data["matrix"])
    except (KeyError, ValueError, TypeError) as exc:
        raise CertificateError(f"malformed matrix change ({exc})") from None
    k = len(x)
    _require(k > 0 and len(set(x)) == k and len(M) == k and all(len(row) == k for row in M),
             "a matrix change needs k distinct variables and a k×k matrix")
    _require(not any(P.prior[i] for i in x), "a changed variable carries a prior exponent")
    _require(not any(e[i] for row in M for p in row for e in p.terms for i in x), "the matrix involves x")
    _require(_invertible_at_origin(M), "the matrix is singular at the point")
    _require(P.is_sos and child.is_sos and child.variables == names and child.prior == P.prior
             and len(child.generators) == len(P.generators), "the child is not a problem on the same variables")
    for g, h in zip(P.generators, child.generators):
        _require(substitute_matrix(h, x, M) == g, "a generator is not the child's under x' = M·x")


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError(message)
