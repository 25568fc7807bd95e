"""Exact rational linear programming (Parma Polyhedra Library) and exact integer dot products.

The LPs of the Newton room have few variables (about n) and one constraint per support point (up to
10⁴). PPL's exact simplex is fast on small systems, so the callers solve over a working set of
constraints and add back every constraint the exact solution violates (constraint generation); a
float LP (HiGHS) may choose the first working set. Nothing float is ever reported.

Examples
--------
>>> # maximise x + y subject to 2x + 3y <= 6, x, y >= 0
>>> solve_exact_lp(2, [([-2, -3], 6)], [], [1, 1])
(Fraction(3, 1), (Fraction(3, 1), Fraction(0, 1)))
"""
from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Sequence

import numpy as np

from .errors import RlctError

Row = tuple[Sequence, object]  # (coefficients, constant): means coefficients·x + constant >= 0 (or == 0)


class LPFailure(RlctError):
    """The exact LP was infeasible or unbounded where the caller's theory says it cannot be."""


def _integer_row(coeffs: Sequence, const) -> tuple[list[int], int]:
    if not isinstance(const, Fraction) and not any(isinstance(c, Fraction) for c in coeffs):
        return [int(c) for c in coeffs], int(const)  # already integers (Python or numpy)
    values = [Fraction(c) for c in coeffs] + [Fraction(const)]
    den = lcm(*(v.denominator for v in values)) if values else 1
    ints = [int(v * den) for v in values]
    return ints[:-1], ints[-1]


def solve_exact_lp(nvars: int, inequalities: Sequence[Row], equalities: Sequence[Row],
                   objective: Sequence, nonnegative: Sequence[int] | None = None,
                   ) -> tuple[Fraction, tuple[Fraction, ...]]:
    """Maximise ``objective·x`` subject to rows ``c·x + d >= 0`` and ``c·x + d == 0``, exactly.

    ``nonnegative`` lists variables constrained to be >= 0 (all of them when None). Returns the
    optimal value and an optimal point as Fractions; raises :class:`LPFailure` when infeasible or
    unbounded.

    >>> solve_exact_lp(1, [([1], -2)], [], [-1])   # min x s.t. x >= 2
    (Fraction(-2, 1), (Fraction(2, 1),))
    """
    import ppl

    mip = ppl.MIP_Problem(nvars)
    for i in range(nvars) if nonnegative is None else nonnegative:
        mip.add_constraint(ppl.Variable(i) >= 0)
    for coeffs, const in inequalities:
        a, b = _integer_row(coeffs, const)
        mip.add_constraint(ppl.Linear_Expression(a, b) >= 0)
    for coeffs, const in equalities:
        a, b = _integer_row(coeffs, const)
        mip.add_constraint(ppl.Linear_Expression(a, b) == 0)
    obj, _ = _integer_row(objective, 0)
    mip.set_objective_function(ppl.Linear_Expression(obj, 0))
    mip.set_optimization_mode("maximization")
    status = mip.solve()["status"]
    if status != "optimized":
        raise LPFailure(f"exact LP is {status}")
    point = mip.optimizing_point()
    den = int(point.divisor())
    x = tuple(Fraction(int(c), den) for c in point.coefficients())
    return sum((Fraction(c) * xi for c, xi in zip(objective, x)), Fraction(0)), x


def common_denominator(vector: Sequence[Fraction]) -> tuple[list[int], int]:
    """Integers ``num`` and ``den > 0`` with vector = num / den.

    >>> common_denominator([Fraction(1, 2), Fraction(1, 3)])
    ([3, 2], 6)
    """
    den = lcm(*(Fraction(v).denominator for v in vector)) if len(vector) else 1
    return [int(Fraction(v) * den) for v in vector], den


def integer_dots(points: np.ndarray, vector: Sequence[int]) -> np.ndarray:
    """points @ vector exactly: int64 when no overflow is possible, Python integers otherwise.

    >>> integer_dots(np.array([[1, 2], [3, 4]]), [10**20, 1]).tolist()
    [100000000000000000002, 300000000000000000004]
    """
    vec = [int(v) for v in vector]
    biggest = max(int(points.max()), -int(points.min())) if points.size else 0
    total = sum(abs(v) for v in vec)
    if total < 2**62 and biggest * total < 2**62:
        return points.astype(np.int64) @ np.array(vec, dtype=np.int64)
    return points.astype(object) @ np.array(vec, dtype=object)


def exact_rank(rows: Sequence[Sequence]) -> int:
    """Rank of a matrix of integers or Fractions, exactly (sympy DomainMatrix over QQ).

    >>> exact_rank([[1, 2], [2, 4], [Fraction(1, 2), 0]])
    2
    """
    if not rows or not len(rows[0]):
        return 0
    from sympy.polys.domains import QQ
    from sympy.polys.matrices import DomainMatrix

    def q(v):
        v = Fraction(v)
        return QQ(v.numerator, v.denominator)

    return DomainMatrix([[q(v) for v in r] for r in rows], (len(rows), len(rows[0])), QQ).rank()
