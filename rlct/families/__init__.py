"""Closed forms for model families (REFERENCE §5): global λ and m from published theorems.

Each function validates its parameters (one-line :class:`~rlct.errors.InputError`), returns an
:class:`~rlct.result.LC` with method ``family:<name>`` and a certificate naming the theorem, its
source and the case that applied. :func:`evaluate` recomputes a family value from a certificate
(used by :func:`rlct.verify`).

Examples
--------
>>> rrr(3, 3, 2, 0).lam, dln([3, 2, 3], 0).lam
(Fraction(5, 2), Fraction(5, 2))
>>> regular(4).lam
Fraction(2, 1)
"""
from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from ..errors import InputError
from ..result import LC

AOYAGI_WATANABE_2005 = ("Aoyagi & Watanabe 2005, 'Stochastic complexities of reduced rank regression in "
                        "Bayesian estimation', Neural Networks 18:924-933")
AOYAGI_2024 = ("Aoyagi 2024, 'Consideration on the learning efficiency of multiple-layered neural networks "
               "with linear units', Neural Networks; restated as Thm B.1 of Furman & Lau 2024, arXiv 2402.03698")


def _sizes(**values: int) -> None:
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise InputError(f"{name} must be a positive integer, got {v!r}")


def _rank(r: int, *sizes: int) -> None:
    if isinstance(r, bool) or not isinstance(r, int) or r < 0 or r > min(sizes):
        raise InputError(f"true rank r must be an integer in 0..{min(sizes)}, got {r!r}")


def _family(name: str, lam: Fraction, m: int, params: dict, theorem: str, case: str) -> LC:
    cert = {"kind": f"family:{name}", "params": params, "theorem": theorem, "case": case}
    return LC(lam, m, "exact", f"family:{name}", None, (), cert)


def regular(d: int) -> LC:
    """A regular model with d parameters: λ = d/2, m = 1.

    >>> regular(3).lam
    Fraction(3, 2)
    """
    _sizes(d=d)
    return _family("regular", Fraction(d, 2), 1, {"d": d}, "regular model (Watanabe 2009, Ch. 1)",
                   "Fisher information positive definite")


def normal_crossing(k: Sequence[int], h: Sequence[int] | None = None) -> LC:
    """K = Π w_j^(2k_j), prior Π |w_j|^h_j: λ = min_j (h_j+1)/(2k_j) over k_j > 0, m = #argmin.

    >>> normal_crossing([1, 1]).lam, normal_crossing([1, 1]).m
    (Fraction(1, 2), 2)
    >>> normal_crossing([1, 2], h=[0, 1]).m
    2
    """
    k = [int(x) for x in k]
    h = [0] * len(k) if h is None else [int(x) for x in h]
    if len(h) != len(k) or any(x < 0 for x in k + h) or not any(k):
        raise InputError("normal_crossing needs k (not all zero) and h of equal length, all >= 0")
    ratios = [Fraction(hj + 1, 2 * kj) for kj, hj in zip(k, h) if kj]
    lam = min(ratios)
    return _family("normal-crossing", lam, ratios.count(lam), {"k": k, "h": h},
                   "normal crossing (Watanabe 2009, Thm 2.4 / REFERENCE §4)", "monomial K and prior")


def rrr(M: int, N: int, H: int, r: int) -> LC:
    """Reduced-rank regression y = BAx, x ∈ R^M, y ∈ R^N, inner width H, true rank r.

    Aoyagi & Watanabe (2005), Main Theorem, with its four cases.

    >>> rrr(2, 2, 2, 0).lam, rrr(2, 2, 2, 0).m
    (Fraction(3, 2), 1)
    >>> rrr(1, 1, 1, 0).lam, rrr(1, 1, 1, 0).m       # K = (ab)²
    (Fraction(1, 2), 2)
    >>> rrr(3, 1, 1, 0).lam                            # global 1/2 (the local value at a=0, b=1 is 3/2)
    Fraction(1, 2)
    """
    _sizes(M=M, N=N, H=H)
    _rank(r, M, N, H)
    params = {"M": M, "N": N, "H": H, "r": r}
    if M + H < N + r:
        lam, case = Fraction(H * M - H * r + N * r, 2), "M+H < N+r"
        m = 1
    elif N + H < M + r:
        lam, case = Fraction(H * N - H * r + M * r, 2), "N+H < M+r"
        m = 1
    elif M + N < H + r:
        lam, case, m = Fraction(M * N, 2), "M+N < H+r", 1
    else:
        s = 2 * (H + r) * (M + N) - (M - N) ** 2 - (H + r) ** 2
        if (M + N + H + r) % 2 == 0:
            lam, m, case = Fraction(s, 8), 1, "main case, M+N+H+r even"
        else:
            lam, m, case = Fraction(s + 1, 8), 2, "main case, M+N+H+r odd"
    return _family("rrr", lam, m, params, AOYAGI_WATANABE_2005, case)


def dln(widths: Sequence[int], r: int) -> LC:
    """Deep linear network with widths [input, hidden..., output] and true product rank r.

    Aoyagi (2024): with Δ_s = H_s − r, Σ the ℓ+1 smallest Δ's meeting the theorem's conditions,
    S = Σ_Σ Δ and a = S − (⌈S/ℓ⌉ − 1)ℓ:
    λ = r(H_1 + H_{L+1} − r)/2 + (S²/ℓ − Σ_Σ Δ² + a(ℓ−a)/ℓ)/4,  m = a(ℓ−a) + 1.

    >>> dln([2, 2, 2], 0).lam
    Fraction(3, 2)
    >>> dln([1, 1, 1, 1], 0).lam, dln([1, 1, 1, 1], 0).m   # K = (abc)²
    (Fraction(1, 2), 3)
    """
    widths = list(widths)
    if len(widths) < 2:
        raise InputError("dln needs at least two widths (input and output)")
    for i, w in enumerate(widths):
        _sizes(**{f"width[{i}]": w})
    _rank(r, *widths)
    deltas = sorted(w - r for w in widths)
    for ell in range(1, len(deltas)):
        inside, outside = deltas[:ell + 1], deltas[ell + 1:]
        S = sum(inside)
        if outside and not max(inside) < min(outside):
            continue
        if S < ell * max(inside) or (outside and not S < ell * min(outside)):
            continue
        a = S - (-(-S // ell) - 1) * ell
        lam = (Fraction(r * (widths[0] + widths[-1] - r), 2)
               + (Fraction(S * S, ell) - sum(d * d for d in inside) + Fraction(a * (ell - a), ell)) / 4)
        params = {"widths": widths, "r": r}
        return _family("dln", lam, a * (ell - a) + 1, params, AOYAGI_2024, f"ell = {ell}, S = {S}, a = {a}")
    raise InputError(f"no index set satisfies Aoyagi's conditions for widths {widths}, r = {r}")


def line_plus_dot(d: int, point: str) -> LC:
    """K = (w1 − 1)²(Σ_{i≤d} w_i²)⁴ (devinterp's "line plus dot"): local λ at the origin or on the line.

    At the origin (w1 − 1)² is a unit and λ((Σ w²)⁴) = (d/2)/4 = d/8; at a point of the line w1 = 1
    (other coordinates 0) the second factor is a unit and K ≍ (w1 − 1)²: λ = 1/2. m = 1 at both.

    >>> line_plus_dot(4, "origin").lam, line_plus_dot(4, "line").lam
    (Fraction(1, 2), Fraction(1, 2))
    """
    _sizes(d=d)
    if point not in ("origin", "line"):
        raise InputError(f"point must be 'origin' or 'line', got {point!r}")
    lam = Fraction(d, 8) if point == "origin" else Fraction(1, 2)
    return _family("line-plus-dot", lam, 1, {"d": d, "point": point},
                   "unit factors and powers (REFERENCE §4-5): λ(u·g^4) = λ(g)/4 with g regular", point)


from .arrangements import arrangement  # noqa: E402  (the family table below names it)
from .tms import critical_sample_size, kgon_critical_point, tms  # noqa: E402
from .closed_forms import (factor_analysis, lda, mixture_bound, nmf_bound, shallow_tanh,  # noqa: E402
                           two_component_mixture)

FAMILIES = {"regular": regular, "normal-crossing": normal_crossing, "rrr": rrr, "dln": dln,
            "arrangement": arrangement, "line-plus-dot": line_plus_dot, "tms": tms,
            "shallow-tanh": shallow_tanh, "lda": lda, "nmf": nmf_bound, "mixture": mixture_bound,
            "factor-analysis": factor_analysis, "two-component-mixture": two_component_mixture}


def evaluate(kind: str, params: dict) -> LC:
    """Recompute a family value from a certificate's kind (``family:<name>``) and params.

    >>> evaluate("family:rrr", {"M": 2, "N": 2, "H": 2, "r": 0}).lam
    Fraction(3, 2)
    """
    prefix, name = kind.split(":", 1)
    if prefix == "published":
        from .published import published
        return published(name, params)
    if name not in FAMILIES:
        raise InputError(f"unknown family {name!r}")
    return FAMILIES[name](**params)
