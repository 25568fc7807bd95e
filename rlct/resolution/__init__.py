"""Resolution of singularities for exact learning coefficients.

:mod:`rlct.resolution.plane` resolves any problem in two variables (K ≥ 0 or K = Σ f_i², any monomial
prior) by recursive toric charts and translations to the real points of the exceptional curves, and
returns the exact (λ, m) with a certificate that :func:`verify_plane_certificate` re-checks.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> r = plane_curve_strategy(Problem.from_polynomial(parse("((y - x**2)**2 - x**5)**2")))
>>> r.lam, r.m
(Fraction(7, 20), 1)
"""
from .plane import plane_curve_strategy, resolution_text, verify_plane_certificate

__all__ = ["plane_curve_strategy", "verify_plane_certificate", "resolution_text"]
