"""Model builders for linear networks: reduced-rank regression and deep linear networks.

A :class:`Model` is data: the parameters' names in order, the true parameter w*, the input
distribution, and K(w) exactly (generators f_i with K = Σ f_i², here the entries of W_L⋯W_1 − W*,
with x ~ N(0, I) so that K = ½‖W_L⋯W_1 − W*‖²_F up to the factor ½).

Examples
--------
>>> m = rrr(2, 2, 1, 0)
>>> m.variables[:2], len(m.generators), m.scope
(('w1_11', 'w1_12'), 4, 'global')
>>> m = dln([1, 1, 1], 1)
>>> m.at
{'w1_11': 1, 'w2_11': 1}
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..poly import SumOfSquares


@dataclass(frozen=True)
class Model:
    family: str
    params: dict
    variables: tuple
    generators: tuple          # K = Σ f_i² (f_i as strings in the variables)
    at: dict                   # the true parameter w* (variables not named are 0)
    inputs: str                # the input distribution
    scope: str                 # "global": the closed form is the minimum over the true set
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def K(self) -> SumOfSquares:
        return SumOfSquares(list(self.generators))


def _product_entries(widths: list[int], truth_rank: int) -> tuple[list[str], list[str], dict]:
    import sympy

    mats, names = [], []
    for layer, (fan_in, fan_out) in enumerate(zip(widths, widths[1:])):
        W = sympy.Matrix(fan_out, fan_in, lambda i, j: sympy.Symbol(f"w{layer + 1}_{i + 1}{j + 1}"))
        names += [str(s) for s in W]
        mats.append(W)
    P = mats[0]
    for W in mats[1:]:
        P = W * P
    # truth: every layer keeps the first r coordinates (identity block), so the product has rank r
    at = {}
    for layer, (fan_in, fan_out) in enumerate(zip(widths, widths[1:])):
        for i in range(truth_rank):
            at[f"w{layer + 1}_{i + 1}{i + 1}"] = 1
    target = sympy.zeros(*P.shape)
    for i in range(truth_rank):
        target[i, i] = 1
    return [str(sympy.expand(e)) for e in (P - target)], names, at


def dln(widths: list[int], r: int) -> Model:
    """Deep linear network x ↦ W_L⋯W_1 x, widths [input, ..., output], true product of rank r."""
    widths = [int(w) for w in widths]
    if len(widths) < 2 or min(widths) < 1 or not 0 <= r <= min(widths):
        raise InputError("dln needs >= 2 positive widths and 0 <= r <= min(widths)")
    gens, names, at = _product_entries(widths, r)
    return Model("dln", {"widths": widths, "r": r}, tuple(names), tuple(gens), at, "x ~ N(0, I_input)",
                 "global", "true parameter: identity blocks of size r in every layer")


def rrr(M: int, N: int, H: int, r: int) -> Model:
    """Reduced-rank regression y = B A x + noise, x ∈ R^M, y ∈ R^N, inner width H, true rank r."""
    m = dln([M, H, N], r)
    return Model("rrr", {"M": M, "N": N, "H": H, "r": r}, m.variables, m.generators, m.at, m.inputs, m.scope,
                 m.notes)
