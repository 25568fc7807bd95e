"""Exact population losses as batched torch functions: K(w) compiled from an exact polynomial.

The compiled function takes parameters of shape (chains, d) and returns (chains,) values; it is the
same K the symbolic engine sees, in the same variable order, so a sampler run on it measures sampler
error alone (no data noise). torch is imported lazily (extra ``numeric``).

Examples
--------
>>> import torch
>>> K = population_loss("x**2*y**2 + x**4")
>>> K(torch.tensor([[1.0, 2.0], [0.0, 3.0]], dtype=torch.float64)).tolist()
[5.0, 0.0]
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Mapping, Sequence

from ..errors import InputError


def require_torch():
    try:
        import torch
    except ImportError:
        raise InputError("the numeric estimators need PyTorch: pip install 'rlct[numeric]'") from None
    return torch


def compile_polynomial(terms: Mapping[tuple[int, ...], Fraction], nvars: int, dtype=None, device=None) -> Callable:
    """A batched torch function w (chains, d) -> Σ_α c_α w^α (chains,), exact coefficients as floats.

    Monomials are evaluated as products of integer powers (no logs: signs and zeros stay exact).
    """
    torch = require_torch()
    dtype = dtype or torch.float64
    exps = sorted(terms)
    if not exps:
        raise InputError("the polynomial is zero")
    E = torch.tensor(exps, dtype=torch.long, device=device).reshape(len(exps), nvars)
    c = torch.tensor([float(terms[e]) for e in exps], dtype=dtype, device=device)
    max_power = int(E.max()) if E.numel() else 0
    used = [j for j in range(nvars) if int(E[:, j].max()) > 0]

    def K(w):
        if w.dim() == 1:
            return K(w[None])[0]
        # powers[k][..., j] = w_j^k for k = 0..max_power, built once per call
        powers = [torch.ones_like(w)]
        for _ in range(max_power):
            powers.append(powers[-1] * w)
        stacked = torch.stack(powers, dim=-1)                       # (chains, d, max_power+1)
        mono = torch.ones(w.shape[0], len(exps), dtype=w.dtype, device=w.device)
        for j in used:
            mono = mono * stacked[:, j, :].index_select(1, E[:, j].to(w.device))  # (chains, T)
        return mono @ c.to(w.dtype)

    return K


def population_loss(K, at=None, prior=None, variables: Sequence[str] | None = None, dtype=None,
                    device=None) -> Callable:
    """K (anything ``rlct.learning_coefficient`` takes) at the point ``at``, as a batched torch function
    of the displacement u = w − w* (so the minimum is at u = 0, with value 0)."""
    from ..inputs import to_problem

    P = to_problem(K, at, prior, variables)
    return compile_polynomial(P.K.terms, P.nvars, dtype, device)
