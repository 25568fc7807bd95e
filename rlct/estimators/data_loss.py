"""Empirical (data) losses of an ``nn.Module`` as batched functions of flat parameter vectors.

:class:`DataLoss` turns a model and a dataset (x, y) into L(w) for w of shape (chains, d): all chains in
one kernel (``torch.func.functional_call`` under ``torch.vmap``; the module is never copied per chain).
The flat order is ``model.named_parameters()`` order, each tensor flattened row-major — for
``rlct.zoo`` entries that is the entry's variable order (``w1_11, w1_12, …``), so w here and u in the
symbolic K line up: L(w* + u) − L(w*) → K(u) as n → ∞.

Scale: L(w) = (1/n) Σ_i ‖y_i − f_w(x_i)‖² / σ², which is *twice* the Gaussian negative log-likelihood
per sample up to a constant — the same factor the zoo's K drops (K = ‖W − W*‖²_F is twice the KL
divergence for x ~ N(0, I), unit noise). So one nβ means the same tempered posterior on the population
loss and on the data loss, and E_data[L(w)] = K(w − w*)/σ² + N_out. ``dataset`` draws unit noise
(σ² = 1, the default here).

Minibatches are explicit: :meth:`DataLoss.draw_batch` takes a ``torch.Generator`` and returns indices,
:meth:`DataLoss.on` binds them, giving a plain loss callable (so ``sgld.step`` stays pure).

Examples
--------
>>> import torch
>>> from rlct import zoo
>>> e = zoo.get("rrr/M2-N2-H1-r0")
>>> L = DataLoss(e.torch_model(), *e.dataset(1000, seed=0))
>>> L.dim, L.n, L.center.tolist()          # center = the model's own parameters, here w* = 0
(4, 1000, [0.0, 0.0, 0.0, 0.0])
>>> w = torch.zeros(3, 4, dtype=torch.float64)
>>> L(w).shape, bool(torch.allclose(L(w), L(w[:1]).expand(3)))
(torch.Size([3]), True)
>>> idx = L.draw_batch(torch.Generator().manual_seed(0), batch_size=50, num_chains=3)
>>> L.on(idx)(w).shape
torch.Size([3])
"""
from __future__ import annotations

from typing import Callable

from ..errors import InputError
from .torch_loss import require_torch


def flat_parameters(model):
    """(names, shapes, flat w) of ``model``'s parameters in ``named_parameters()`` order, row-major.

    >>> import torch
    >>> net = torch.nn.Linear(3, 2, bias=False)
    >>> names, shapes, w = flat_parameters(net)
    >>> names, shapes, w.shape
    (['weight'], [torch.Size([2, 3])], torch.Size([6]))
    """
    torch = require_torch()
    named = list(model.named_parameters())
    if not named:
        raise InputError("the model has no parameters to sample")
    names = [n for n, _ in named]
    shapes = [p.shape for _, p in named]
    flat = torch.cat([p.detach().reshape(-1) for _, p in named])
    return names, shapes, flat


class DataLoss:
    """L(w) = mean_i ‖y_i − f_w(x_i)‖² / σ² for flat parameters w (chains, d) → (chains,).

    ``dtype`` and ``device`` default to those of ``x``; x, y and the model's buffers are moved there once.
    The model itself is not modified.
    """

    def __init__(self, model, x, y, noise_variance: float = 1.0, dtype=None, device=None):
        torch = require_torch()
        if x.shape[0] != y.shape[0] or x.shape[0] < 1:
            raise InputError(f"x and y need the same, positive number of rows (got {x.shape[0]} and {y.shape[0]})")
        if noise_variance <= 0:
            raise InputError("noise_variance must be positive")
        self.dtype = dtype or x.dtype
        self.device = torch.device(device) if device is not None else x.device
        self.model = model
        self.x = x.to(self.device, self.dtype)
        self.y = y.to(self.device, self.dtype).reshape(y.shape[0], -1)
        self.noise_variance = float(noise_variance)
        self.names, self.shapes, flat = flat_parameters(model)
        self.center = flat.to(self.device, self.dtype)
        self.sizes = [int(torch.Size(s).numel()) for s in self.shapes]
        self.buffers = {n: (b.to(self.device, self.dtype) if b.is_floating_point() else b.to(self.device))
                        for n, b in model.named_buffers()}

    @property
    def n(self) -> int:
        return int(self.x.shape[0])

    @property
    def dim(self) -> int:
        return int(self.center.shape[0])

    def unflatten(self, w) -> dict:
        """One flat vector (d,) as the model's parameter dict (views, no copies)."""
        parts = w.split(self.sizes)
        return {name: part.reshape(shape) for name, part, shape in zip(self.names, parts, self.shapes)}

    def per_sample(self, w, x, y):
        """‖y_i − f_w(x_i)‖² / σ² for one flat w (d,) and rows x (b, ·), y (b, N): shape (b,)."""
        from torch.func import functional_call
        pred = functional_call(self.model, (self.unflatten(w), self.buffers), (x,))
        return ((pred.reshape(y.shape) - y) ** 2).sum(-1) / self.noise_variance

    def _mean_loss(self, w, x, y):
        return self.per_sample(w, x, y).mean()

    def __call__(self, w):
        """Full-batch loss for every chain: (chains, d) → (chains,); a (d,) vector gives a scalar."""
        if w.dim() == 1:
            return self(w[None])[0]
        self._check(w)
        torch = require_torch()
        return torch.vmap(self._mean_loss, in_dims=(0, None, None))(w, self.x, self.y)

    def on(self, indices) -> Callable:
        """The loss on the rows ``indices``: shape (b,) shared by all chains, or (chains, b) per chain."""
        torch = require_torch()
        indices = indices.to(self.device)
        x, y = self.x[indices], self.y[indices]
        shared = indices.dim() == 1

        def batch_loss(w):
            self._check(w)
            if not shared and indices.shape[0] != w.shape[0]:
                raise InputError(f"per-chain batch indices for {indices.shape[0]} chains, w has {w.shape[0]}")
            dims = (0, None, None) if shared else (0, 0, 0)
            return torch.vmap(self._mean_loss, in_dims=dims)(w, x, y)

        return batch_loss

    def draw_batch(self, generator, batch_size: int, num_chains: int | None = None):
        """Row indices drawn uniformly with replacement from ``generator``: (b,), or (chains, b) per chain.

        With replacement, every minibatch loss is an unbiased estimate of the full-batch loss.
        """
        torch = require_torch()
        if not 1 <= batch_size:
            raise InputError("batch_size must be at least 1")
        shape = (batch_size,) if num_chains is None else (num_chains, batch_size)
        return torch.randint(self.n, shape, generator=generator, device=generator.device)

    def _check(self, w):
        if w.dim() != 2 or w.shape[1] != self.dim:
            raise InputError(f"the data loss takes w of shape (chains, {self.dim}), got {tuple(w.shape)}")


def data_loss(model, x, y, noise_variance: float = 1.0, dtype=None, device=None) -> DataLoss:
    """:class:`DataLoss` of ``model`` on (x, y); see the module docstring for scale and order.

    >>> import torch
    >>> from rlct import zoo
    >>> e = zoo.get("dln/w1-1-1-r0")
    >>> L = data_loss(e.torch_model(), *e.dataset(10, seed=1), dtype=torch.float32)
    >>> L(L.center[None]).dtype
    torch.float32
    """
    return DataLoss(model, x, y, noise_variance, dtype, device)


def entry_data_loss(entry, n: int, seed: int = 0, dtype=None, device=None) -> DataLoss:
    """The data loss of a zoo entry with a torch model (rrr, dln): n samples drawn at the truth.

    >>> from rlct import zoo
    >>> entry_data_loss(zoo.get("rrr/M1-N1-H1-r0"), 20).n
    20
    """
    x, y = entry.dataset(n, seed)
    return DataLoss(entry.torch_model(), x, y, 1.0, dtype, device)
