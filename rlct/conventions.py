"""The one place that converts between conventions for learning coefficients (REFERENCE.md §1).

rlct works with **Watanabe's λ** of K(w) ≥ 0: the largest pole of ζ(z) = ∫ K^z φ is z = −λ.
Other literatures use other normalisations of the same number; convert only at the edges:

=================  ==================================================  ==========
name               meaning                                             value
=================  ==================================================  ==========
``"watanabe"``     λ of K = Σ f_i² (the project's convention)          λ
``"lin-ideal"``    Lin's RLCT of the ideal ⟨f_1, …, f_k⟩                 2λ
``"rlct-abs"``     RLCT(|f|) = sup{c : |f|^(−c) loc. integrable}, K = f²  2λ
=================  ==================================================  ==========

The multiplicity m is the same in all three. The *complex* log canonical threshold of the ideal
(Macaulay2 ``lct``, Singular b-functions) is not a convention of the same number: it only gives the
lower bound lct_C/2 ≤ λ(Σ f_i²) (:func:`complex_lct_lower_bound`), with equality for monomial and
sos-nondegenerate ideals. Give a complex-lct tool the generators f_i, never K itself.

Examples
--------
>>> from fractions import Fraction
>>> lin_ideal_rlct(Fraction(1, 2))                   # λ(x²) = 1/2, Lin's RLCT of ⟨x⟩ = 1
Fraction(1, 1)
>>> convert("5/6", "rlct-abs", "watanabe")           # RLCT(|x² − y³|) = 5/6
Fraction(5, 12)
>>> complex_lct_lower_bound(Fraction(5, 6))          # Macaulay2: lct(ideal(y^2, x^3)) = 5/6
Fraction(5, 12)
"""
from __future__ import annotations

from fractions import Fraction

from .errors import InputError
from .poly import parse_rational

#: Each convention's value as a multiple of Watanabe's λ.
CONVENTIONS: dict[str, Fraction] = {
    "watanabe": Fraction(1),
    "lin-ideal": Fraction(2),
    "rlct-abs": Fraction(2),
}

_COMPLEX_NAMES = {"complex-lct", "complex", "lct", "lct-c", "complex-lct-ideal", "macaulay2", "singular"}


def _positive(value, what: str) -> Fraction:
    q = parse_rational(value, what)
    if q <= 0:
        raise InputError(f"{what} must be positive, got {q}")
    return q


def lin_ideal_rlct(lam) -> Fraction:
    """Lin's RLCT of the ideal ⟨f_i⟩ from Watanabe's λ of K = Σ f_i²: 2λ (same m).

    Lin defines it as the pole of ∫ (Σ f_i²)^(−z/2), hence the factor 2.

    Examples
    --------
    >>> lin_ideal_rlct(Fraction(1, 2)), lin_ideal_rlct(Fraction(5, 12))
    (Fraction(1, 1), Fraction(5, 6))
    """
    return 2 * _positive(lam, "λ")


def from_lin_ideal_rlct(r) -> Fraction:
    """Watanabe's λ of K = Σ f_i² from Lin's RLCT of the ideal ⟨f_i⟩: r/2 (same m).

    Examples
    --------
    >>> from_lin_ideal_rlct(1), from_lin_ideal_rlct("5/6")
    (Fraction(1, 2), Fraction(5, 12))
    """
    return _positive(r, "Lin's RLCT") / 2


def rlct_of_abs(lam_f_squared) -> Fraction:
    """RLCT(|f|) of a single function f from λ(f²): 2·λ(f²) (same m).

    Examples
    --------
    >>> rlct_of_abs(Fraction(5, 12))     # λ((x² − y³)²) = 5/12, RLCT(|x² − y³|) = 5/6
    Fraction(5, 6)
    """
    return 2 * _positive(lam_f_squared, "λ(f²)")


def lambda_of_square(rlct_abs_f) -> Fraction:
    """λ(f²) from RLCT(|f|) = sup{c : |f|^(−c) locally integrable}: RLCT/2 (same m).

    Examples
    --------
    >>> lambda_of_square(1)              # RLCT(|x|) = 1, λ(x²) = 1/2
    Fraction(1, 2)
    """
    return _positive(rlct_abs_f, "RLCT(|f|)") / 2


def complex_lct_lower_bound(lct_c) -> Fraction:
    """A LOWER bound on λ(Σ f_i²) from the complex lct of the ideal ⟨f_i⟩: lct_C/2 ≤ λ.

    Equality holds for monomial ideals and sos-nondegenerate ideals; in general the real λ can be
    larger (real points are fewer than complex ones). Compute lct_C of the ideal of the generators
    f_i (e.g. Macaulay2 ``lct ideal(f1, f2)``), never of K itself: since K ∈ ⟨f_i⟩²,
    lct_C(K) ≤ lct_C(⟨f_i⟩)/2; the lct of K bounds λ only unhalved, and more weakly.

    Examples
    --------
    >>> complex_lct_lower_bound(Fraction(5, 6))    # lct(⟨y², x³⟩) = 5/6, λ(y⁴ + x⁶) ≥ 5/12
    Fraction(5, 12)
    """
    return _positive(lct_c, "complex lct") / 2


def convert(value, source: str, target: str) -> Fraction:
    """Convert a learning coefficient between the named conventions (see :data:`CONVENTIONS`).

    ``source`` and ``target`` are ``"watanabe"`` (λ of K = Σ f_i²), ``"lin-ideal"`` (Lin's RLCT of
    ⟨f_i⟩) or ``"rlct-abs"`` (RLCT(|f|) for K = f²). The complex lct only bounds λ from below, so it
    is refused here: use :func:`complex_lct_lower_bound`. The multiplicity does not change.

    Examples
    --------
    >>> convert(Fraction(1, 2), "watanabe", "lin-ideal")
    Fraction(1, 1)
    >>> convert("5/6", "lin-ideal", "watanabe")
    Fraction(5, 12)
    >>> convert(1, "watanabe", "complex-lct")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rlct.errors.InputError: the complex lct only bounds λ from below (lct_C/2 ≤ λ); use ...
    """
    src, dst = _name(source), _name(target)
    q = _positive(value, f"{src} value")
    return q / CONVENTIONS[src] * CONVENTIONS[dst]


def _name(name: str) -> str:
    key = str(name).strip().lower().replace("_", "-")
    if key in CONVENTIONS:
        return key
    if key in _COMPLEX_NAMES:
        raise InputError("the complex lct only bounds λ from below (lct_C/2 ≤ λ); "
                         "use rlct.conventions.complex_lct_lower_bound")
    raise InputError(f"unknown convention {name!r}; expected one of {', '.join(CONVENTIONS)}")
