"""Toric (monomial) charts: w = u^A with A a unimodular nonnegative integer matrix.

A chart substitutes w_i = Π_j u_j^(A_ij) (column j of A is the ray of the new coordinate u_j). A monomial
w^e becomes u^{Aᵀe}; a polynomial f becomes u^{ℓ}·f̃ with ℓ_j = min over the support of (Aᵀe)_j (the order
of f along the ray a_j = column j) and f̃ the *strict transform*. With |det A| = 1 the Jacobian is
|u^{Aᵀ1 − 1}|, so the amplitude |w^η| dw becomes |u^{Aᵀ(η + 1) − 1}| du (REFERENCE §3).

The blow-up of a coordinate subspace {w_S = 0} is covered by the charts j ∈ S with the matrix
A = I + Σ_{i ∈ S∖j} e_i e_jᵀ (w_j = u_j, w_i = u_j·u_i for i ∈ S∖j): :func:`blowup_matrix`.

Examples
--------
>>> from rlct.poly import parse
>>> f = parse("x**2 - y**3")
>>> ch = toric_chart([[1, 1], [0, 1]], [f], kappa=(0, 0), eta=(0, 0))      # x = u·v, y = v
>>> ch.kappa, ch.eta, [str(g) for g in ch.strict]
((0, 2), (0, 1), ['x**2 - y'])
>>> blowup_matrix(3, [0, 2], 2)
((1, 0, 1), (0, 1, 0), (0, 0, 1))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .errors import InputError
from .poly import Polynomial


@dataclass(frozen=True)
class ToricChart:
    """One chart w = u^A: its matrix, the exponents κ of the pulled-back ideal's monomial factor and η of the
    amplitude, and the strict transforms (the pulled-back generators divided by u^ℓ, same variable names)."""

    A: tuple[tuple[int, ...], ...]
    kappa: tuple[int, ...]
    eta: tuple[int, ...]
    strict: tuple[Polynomial, ...]

    def candidate(self, scale: int = 2):
        """The candidate pole min over κ_j > 0 of (η_j + 1)/(scale·κ_j) and the number of minimisers.

        >>> ToricChart(((1,),), (2,), (0,), ()).candidate()
        (Fraction(1, 4), 1)
        """
        return candidate_pole(self.kappa, self.eta, scale)


def candidate_pole(kappa: Sequence[int], eta: Sequence[int], scale: int = 2):
    """min over κ_j > 0 of (η_j + 1)/(scale·κ_j) and how many j attain it (None if every κ_j = 0).

    >>> candidate_pole((1, 2), (3, 1), 2)
    (Fraction(1, 2), 1)
    """
    from fractions import Fraction

    ratios = [Fraction(e + 1, scale * k) for k, e in zip(kappa, eta) if k > 0]
    if not ratios:
        return None
    lam = min(ratios)
    return lam, ratios.count(lam)


def unimodular(A: Sequence[Sequence[int]]) -> bool:
    """Whether a square integer matrix has determinant ±1 (exact integer elimination).

    >>> unimodular([[1, 1], [0, 1]]), unimodular([[2, 0], [0, 1]])
    (True, False)
    """
    rows = [[int(x) for x in row] for row in A]
    if any(len(row) != len(rows) for row in rows):
        return False
    return abs(integer_determinant(rows)) == 1


def integer_determinant(rows: list[list[int]]) -> int:
    """det of a square integer matrix, exactly: the diagonal product when the off-diagonal entries lie in one
    column (every blow-up chart matrix), else Bareiss elimination (:func:`rlct.torus.bareiss_determinant`). sympy's Matrix
    took 40 % of a blow-up search's time building and reducing the chart matrices of RRR 3×3×4.

    >>> integer_determinant([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
    18
    """
    n = len(rows)
    off = {j for i in range(n) for j in range(n) if i != j and rows[i][j]}
    if len(off) <= 1:
        # off-diagonal entries in one column at most (every blow-up chart matrix): expanding along the other
        # columns leaves the diagonal product
        product = 1
        for i in range(n):
            product *= rows[i][i]
        return product
    from .torus import bareiss_determinant

    return bareiss_determinant(rows)


def blowup_matrix(n: int, centre: Sequence[int], j: int) -> tuple[tuple[int, ...], ...]:
    """The chart matrix of the blow-up of {w_S = 0} (S = centre) in the chart of coordinate j ∈ S."""
    if j not in centre:
        raise InputError(f"chart coordinate {j} is not in the centre {list(centre)}")
    return tuple(tuple(int(r == c or (c == j and r in centre)) for c in range(n)) for r in range(n))


def pull_back_exponent(A, e: Sequence[int]) -> tuple[int, ...]:
    """Aᵀe: the exponent of u in the pull-back of w^e.

    >>> pull_back_exponent([[1, 1], [0, 1]], (2, 3))
    (2, 5)
    """
    return _pull_back_columns(_columns(A), e)


def _columns(A) -> list[list[tuple[int, int]]]:
    """The nonzero entries (i, A_ij) of each column j (chart matrices are sparse: blow-ups add one column)."""
    n = len(A)
    return [[(i, A[i][j]) for i in range(n) if A[i][j]] for j in range(n)]


def _pull_back_columns(cols, e: Sequence[int]) -> tuple[int, ...]:
    return tuple(sum(a * e[i] for i, a in col) for col in cols)


def pull_back(A, f: Polynomial) -> Polynomial:
    """f(u^A), exactly (a monomial map: coefficients are unchanged, exponents map by Aᵀ)."""
    cols = _columns(A)
    return Polynomial(f.variables, {_pull_back_columns(cols, e): c for e, c in f.terms.items()})


def common_monomial(gens: Sequence[Polynomial]) -> tuple[int, ...]:
    """The largest monomial dividing every generator (the zero tuple when there is none).

    >>> from rlct.poly import parse
    >>> common_monomial([parse("x**2*y + x**3", ["x", "y"]), parse("x*y**2", ["x", "y"])])
    (1, 0)
    """
    supports = [e for g in gens for e in g.terms]
    if not supports:
        return tuple(0 for _ in gens[0].variables) if gens else ()
    return tuple(min(col) for col in zip(*supports))


def divide_monomial(f: Polynomial, m: Sequence[int]) -> Polynomial:
    """f / u^m (every term must be divisible)."""
    terms = {}
    for e, c in f.terms.items():
        q = tuple(a - b for a, b in zip(e, m))
        if min(q, default=0) < 0:
            raise ValueError(f"{f} is not divisible by the monomial {tuple(m)}")
        terms[q] = c
    return Polynomial(f.variables, terms)


def toric_chart(A, gens: Sequence[Polynomial], kappa: Sequence[int], eta: Sequence[int]) -> ToricChart:
    """Pull an ideal u^κ·⟨gens⟩ with amplitude |u^η| back along w = u^A (A unimodular, nonnegative).

    The common monomial factor of the pulled-back generators moves into κ.
    """
    if not unimodular(A) or any(x < 0 for row in A for x in row):
        raise InputError("a toric chart needs a unimodular matrix with nonnegative entries")
    pulled = [pull_back(A, g) for g in gens]
    ell = common_monomial(pulled)
    strict = tuple(divide_monomial(g, ell) for g in pulled)
    new_kappa = tuple(k + l for k, l in zip(pull_back_exponent(A, kappa), ell))
    new_eta = tuple(s - 1 for s in pull_back_exponent(A, [h + 1 for h in eta]))
    return ToricChart(tuple(tuple(r) for r in A), new_kappa, new_eta, strict)
