"""Values as published (REFERENCE §6), for confirming routines that recompute them.

Examples
--------
>>> published("chen2023-tms", {"c": 6, "k": 5, "positive_dead": 1, "negative_dead": 0}).lam
Fraction(17, 2)
"""
from __future__ import annotations

from fractions import Fraction

from ..errors import InputError
from ..result import LC

CHEN2023 = "Chen, Lau, Mendel, Wei, Murfet 2023, Dynamical versus Bayesian phase transitions in a toy model of superposition, arXiv 2310.06301"
_TMS_C6 = {(6, 6, 0, 0): Fraction(17, 2), (6, 5, 1, 0): Fraction(17, 2), (6, 5, 0, 1): Fraction(7)}


def published(source: str, params: dict) -> LC:
    """A published (λ, m) for the given parameters, or a one-line InputError when there is none."""
    if source != "chen2023-tms":
        raise InputError(f"no published table {source!r}")
    key = (params["c"], params["k"], params.get("positive_dead", 0), params.get("negative_dead", 0))
    if key not in _TMS_C6:
        raise InputError(f"Chen et al. 2023 publish no local λ for TMS {key}")
    cert = {"kind": f"published:{source}", "params": dict(params), "theorem": CHEN2023, "case": str(key)}
    return LC(_TMS_C6[key], 1, "exact", f"published:{source}", None, (), cert)
