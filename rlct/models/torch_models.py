"""The torch side of zoo entries: a model whose parameters are w (initialised at w*), data drawn at the
truth, and the exact population loss. torch is imported lazily (extra ``numeric``).

Parameter order is the entry's variable order, so the symbolic K and the torch model agree.

Examples
--------
>>> import torch
>>> from rlct import zoo
>>> e = zoo.get("rrr/M2-N2-H1-r0")
>>> net = torch_model(e)
>>> [tuple(p.shape) for p in net.parameters()]
[(1, 2), (2, 1)]
>>> x, y = dataset(e, n=5, seed=0)
>>> x.shape, y.shape
(torch.Size([5, 2]), torch.Size([5, 2]))
"""
from __future__ import annotations

from ..errors import InputError


def _linear_widths(entry) -> list[int]:
    if entry.family == "rrr":
        p = entry.params
        return [p["M"], p["H"], p["N"]]
    if entry.family == "dln":
        return list(entry.params["widths"])
    raise InputError(f"{entry.id}: a torch model is available for the rrr and dln families (not {entry.family})")


def torch_model(entry):
    """nn.Sequential of bias-free Linear layers, weights set to the entry's true parameter w*."""
    from ..estimators.torch_loss import require_torch
    torch = require_torch()
    widths = _linear_widths(entry)
    model = entry.model()
    layers = []
    for layer, (fan_in, fan_out) in enumerate(zip(widths, widths[1:])):
        lin = torch.nn.Linear(fan_in, fan_out, bias=False).double()
        with torch.no_grad():
            lin.weight.zero_()
            for i in range(fan_out):
                for j in range(fan_in):
                    lin.weight[i, j] = float(model.at.get(f"w{layer + 1}_{i + 1}{j + 1}", 0))
        layers.append(lin)
    return torch.nn.Sequential(*layers)


def dataset(entry, n: int, seed: int = 0, noise: float = 1.0):
    """Inputs x ~ N(0, I) and targets y = W* x + noise·N(0, I), from an explicit generator."""
    from ..estimators.torch_loss import require_torch
    torch = require_torch()
    gen = torch.Generator().manual_seed(int(seed))
    net = torch_model(entry)
    widths = _linear_widths(entry)
    x = torch.randn(n, widths[0], generator=gen, dtype=torch.float64)
    with torch.no_grad():
        y = net(x) + noise * torch.randn(n, widths[-1], generator=gen, dtype=torch.float64)
    return x, y


def population_loss(entry, dtype=None, device=None):
    """K(u) at the entry's point as a batched torch function of the displacement u = w − w*."""
    from ..estimators.torch_loss import population_loss as compile_loss
    kw = entry.engine_kwargs()
    return compile_loss(entry.K(), kw["at"], None, kw["variables"], dtype, device)
