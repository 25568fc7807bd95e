"""SGLD estimator of the local learning coefficient (Lau et al. 2023, arXiv 2308.12108), batched.

Samples p(w) ∝ exp(−nβ L(w) − (γ/2)‖w − w*‖²) with chains as the leading batch dimension (one
kernel for all chains), then λ̂ = nβ (E[L] − L(w*)) from the stored trace. Pure functions:

* :func:`init` builds the state at w*; :func:`step` maps (state, standard normal noise) to the next
  state — the noise is an argument, so kernels are deterministic and testable;
* :func:`sample` draws the noise from an explicit ``torch.Generator`` and records a :class:`Trace`;
* :func:`llc` turns a trace into an :class:`LLCEstimate`: per-chain values, an autocorrelation-
  corrected standard error (ESS), split R-hat, the fraction of draws below L(w*), and a MALA
  acceptance proxy for the step size, with warnings that say why.

Step: Δw = −(ε/2)(nβ ∇L(w) + γ(w − w*)) + √ε·ξ, ξ ~ N(0, I) (REFERENCE §7). nβ is given once, in
:class:`SGLDConfig` (default n/log n when built by :meth:`SGLDConfig.for_sample_size`).

Losses: any batched callable w (chains, d) → (chains,) — the exact population loss of
:mod:`rlct.estimators.torch_loss`, or a :class:`rlct.estimators.data_loss.DataLoss`. With
``SGLDConfig.batch_size`` set, :func:`sample` draws each step's minibatch (per chain, with replacement)
from a second explicit generator and hands :func:`step` the loss bound to it; the recorded losses are
then minibatch losses (unbiased for the full loss at the same w), while L(w*) in λ̂ is the full-data
loss at w* (not a minibatch or init-batch estimate, which would add its own noise to every draw's offset).
The MALA acceptance proxy needs one function on both sides of a move, so it is not computed with
minibatches (NaN); calibrate the step on the full batch.

Examples
--------
>>> import torch
>>> from rlct.estimators.torch_loss import population_loss
>>> K = population_loss("x**2")
>>> cfg = SGLDConfig(step_size=1e-3, nbeta=200.0, localization=1.0, num_chains=4, num_draws=400, num_burnin=100)
>>> est = llc(sample(K, torch.zeros(1, dtype=torch.float64), cfg, seed=0))
>>> 0.35 < est.mean < 0.65          # λ(x²) = 1/2
True
"""
from __future__ import annotations

import math
import numbers
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from ..errors import InputError
from .torch_loss import require_torch


@dataclass(frozen=True)
class SGLDConfig:
    """Hyperparameters, each given once. ``nbeta`` = n·β (inverse temperature times sample size)."""

    step_size: float
    nbeta: float
    localization: float = 1.0
    num_chains: int = 4
    num_draws: int = 1000
    num_burnin: int = 200
    thin: int = 1
    batch_size: int | None = None     # None: full batch (and the only choice for a population loss)

    def __post_init__(self):
        if self.step_size <= 0 or self.nbeta <= 0 or self.localization < 0:
            raise InputError("SGLD needs step_size > 0, nbeta > 0 and localization >= 0")
        if self.num_chains < 1 or self.num_draws < 1 or self.num_burnin < 0 or self.thin < 1:
            raise InputError("SGLD needs num_chains, num_draws, thin >= 1 and num_burnin >= 0")
        if self.batch_size is not None and self.batch_size < 1:
            raise InputError("SGLD needs batch_size >= 1 (or None for the full batch)")

    @classmethod
    def for_sample_size(cls, n: int, step_size: float, **kw) -> "SGLDConfig":
        """nβ = n / log n (β = 1/log n, the WBIC temperature)."""
        return cls(step_size=step_size, nbeta=n / math.log(n), **kw)


@dataclass(frozen=True)
class SGLDState:
    w: object         # (chains, d)
    loss: object      # (chains,)
    grad: object      # (chains, d)


def _loss_and_grad(loss_fn: Callable, w):
    torch = require_torch()
    w = w.detach().requires_grad_(True)
    with torch.enable_grad():
        loss = loss_fn(w)
        (grad,) = torch.autograd.grad(loss.sum(), w)  # chains do not interact: grad of the sum is per chain
    return loss.detach(), grad.detach()


def init(loss_fn: Callable, center, num_chains: int) -> SGLDState:
    """All chains start at w* (``center``, shape (d,))."""
    w = center.detach().reshape(1, -1).repeat(num_chains, 1)
    loss, grad = _loss_and_grad(loss_fn, w)
    return SGLDState(w, loss, grad)


def potential_grad(state: SGLDState, center, nbeta: float, localization: float):
    """∇U(w) = nβ∇L(w) + γ(w − w*) for every chain.

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> s = init(population_loss("x**2"), torch.ones(1, dtype=torch.float64), 1)
    >>> potential_grad(s, torch.zeros(1, dtype=torch.float64), 10.0, 1.0)      # 10·2x + 1·x at x = 1
    tensor([[21.]], dtype=torch.float64)
    """
    return nbeta * state.grad + localization * (state.w - center)


def step(state: SGLDState, loss_fn: Callable, center, config: SGLDConfig, noise) -> SGLDState:
    """One SGLD step for every chain: w ← w − (ε/2)∇U(w) + √ε·noise. Pure given ``noise``."""
    return move(state, loss_fn, center, config.step_size, config.nbeta, config.localization, noise)


def move(state: SGLDState, loss_fn: Callable, center, step_size, nbeta: float, localization: float,
         noise) -> SGLDState:
    """:func:`step` with the hyperparameters spelled out; ``step_size`` may be a float or a (chains, 1)
    tensor, one ε per chain (the calibration sweep runs its whole grid as one batch this way).

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> K = population_loss("x**2")
    >>> s = init(K, torch.zeros(1, dtype=torch.float64), 2)
    >>> eps = torch.tensor([[1e-2], [1e-4]], dtype=torch.float64)
    >>> move(s, K, torch.zeros(1, dtype=torch.float64), eps, 1.0, 0.0, torch.ones(2, 1, dtype=torch.float64)).w
    tensor([[0.1000],
            [0.0100]], dtype=torch.float64)
    """
    drift = potential_grad(state, center, nbeta, localization)
    root = math.sqrt(step_size) if isinstance(step_size, numbers.Real) else step_size.sqrt()
    w = state.w - 0.5 * step_size * drift + root * noise
    loss, grad = _loss_and_grad(loss_fn, w)
    return SGLDState(w, loss, grad)


def log_acceptance(old: SGLDState, new: SGLDState, center, step_size, nbeta: float, localization: float):
    """log MALA acceptance ratio of the move old → new, per chain (a step-size diagnostic; SGLD never
    rejects). ``step_size`` as in :func:`move`.

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> K, zero = population_loss("x**2"), torch.zeros(1, dtype=torch.float64)
    >>> old = init(K, zero, 2)
    >>> new = move(old, K, zero, 1e-4, 1000.0, 1.0, torch.ones(2, 1, dtype=torch.float64))
    >>> bool((log_acceptance(old, new, zero, 1e-4, 1000.0, 1.0) <= 0).all())
    True
    """
    def U(s):
        return nbeta * s.loss + 0.5 * localization * ((s.w - center) ** 2).sum(-1)

    fwd = new.w - old.w + 0.5 * step_size * potential_grad(old, center, nbeta, localization)
    bwd = old.w - new.w + 0.5 * step_size * potential_grad(new, center, nbeta, localization)
    eps = step_size if isinstance(step_size, numbers.Real) else step_size.reshape(-1)
    return (U(old) - U(new) + ((fwd ** 2).sum(-1) - (bwd ** 2).sum(-1)) / (2 * eps)).clamp(max=0.0)


@dataclass(frozen=True)
class Trace:
    """Per-chain losses after burn-in and thinning, with everything needed to reproduce them."""

    losses: np.ndarray            # (chains, draws)
    loss_at_center: float
    acceptance: np.ndarray        # (chains,) mean MALA acceptance proxy
    config: SGLDConfig
    seed: int
    device: str
    dtype: str
    seconds: float
    diverged: bool = False
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"losses": self.losses.tolist(), "loss_at_center": self.loss_at_center,
                "acceptance": self.acceptance.tolist(), "config": asdict(self.config), "seed": self.seed,
                "device": self.device, "dtype": self.dtype, "seconds": self.seconds, "diverged": self.diverged}


def sample(loss_fn: Callable, center, config: SGLDConfig, seed: int = 0, progress: bool = False) -> Trace:
    """Run all chains from w* and record the loss trace (noise from ``torch.Generator(seed)``).

    With ``config.batch_size``, ``loss_fn`` must offer ``draw_batch`` and ``on`` (a
    :class:`~rlct.estimators.data_loss.DataLoss`); minibatch indices come from a second generator
    seeded from ``seed``, so the run is still a pure function of the seed.
    """
    torch = require_torch()
    center = center.detach()
    gen = torch.Generator(device=center.device).manual_seed(int(seed))
    loss_at = _minibatches(loss_fn, config, seed, center.device)
    state = init(loss_at(), center, config.num_chains)
    loss_at_center = float(state.loss[0]) if config.batch_size is None else float(loss_fn(center[None])[0])
    total = config.num_burnin + config.num_draws * config.thin
    losses, accept = [], torch.zeros(config.num_chains, dtype=torch.float64, device=center.device)
    bar = _progress(total, progress)
    t0 = time.perf_counter()
    diverged = False
    for t in range(total):
        noise = torch.randn(state.w.shape, generator=gen, dtype=state.w.dtype, device=state.w.device)
        new = step(state, loss_at(), center, config, noise)
        if t >= config.num_burnin:
            if config.batch_size is None:
                accept += log_acceptance(state, new, center, config.step_size, config.nbeta,
                                         config.localization).exp().to(torch.float64)
            if (t - config.num_burnin) % config.thin == 0:
                losses.append(new.loss)
        state = new
        # reading a flag back from the device waits for the queue to drain, so not after every step
        if (t % _FINITE_CHECK_EVERY == _FINITE_CHECK_EVERY - 1 or t == total - 1) \
                and not torch.isfinite(state.loss).all():
            diverged = True
            break
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    seconds = time.perf_counter() - t0
    trace = torch.stack(losses, dim=1) if losses else torch.empty(config.num_chains, 0)
    n_after = max(1, min(total, t + 1) - config.num_burnin)
    acceptance = (accept / n_after).cpu().numpy()
    if config.batch_size is not None:
        acceptance = np.full(config.num_chains, np.nan)
    msd = float(((state.w - center) ** 2).sum(-1).mean())
    return Trace(trace.double().cpu().numpy(), loss_at_center, acceptance, config,
                 int(seed), str(center.device), str(center.dtype).replace("torch.", ""), seconds, diverged,
                 {"final_mean_squared_displacement": msd, "dimension": int(state.w.shape[-1]),
                  "batch_size": config.batch_size})


def _minibatches(loss_fn: Callable, config: SGLDConfig, seed: int, device) -> Callable:
    """A thunk giving each step's loss callable: ``loss_fn`` itself, or ``loss_fn`` on a fresh minibatch."""
    if config.batch_size is None:
        return lambda: loss_fn
    if not (hasattr(loss_fn, "draw_batch") and hasattr(loss_fn, "on")):
        raise InputError("SGLDConfig.batch_size needs a data loss (rlct.estimators.data_loss.DataLoss); "
                         "a population loss has no data to batch")
    torch = require_torch()
    # a second stream, so minibatching never shifts the noise sequence of a given seed
    batch_gen = torch.Generator(device=device).manual_seed(_BATCH_SEED_OFFSET + int(seed))
    return lambda: loss_fn.on(loss_fn.draw_batch(batch_gen, config.batch_size, config.num_chains))


_BATCH_SEED_OFFSET = 0x5EED0000
_FINITE_CHECK_EVERY = 32


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm
    return tqdm(total=total, desc="sgld", unit="step", leave=False)


@dataclass(frozen=True)
class LLCEstimate:
    """λ̂ = nβ(E[L] − L(w*)) with its diagnostics. An estimate, not a certified value."""

    mean: float
    stderr: float
    per_chain: tuple
    ess: float
    rhat: float
    frac_below_center: float
    acceptance: float
    warnings: tuple
    details: dict = field(default_factory=dict, compare=False, hash=False)  # e.g. devinterp's own figures

    def to_dict(self) -> dict:
        return asdict(self)


def llc(trace: Trace) -> LLCEstimate:
    """The LLC estimate and diagnostics from a stored trace."""
    nb = trace.config.nbeta
    L = trace.losses
    if L.size == 0 or trace.diverged or not np.isfinite(L).all():
        return LLCEstimate(float("nan"), float("nan"), (), 0.0, float("nan"), float("nan"),
                           float(np.mean(trace.acceptance)) if trace.acceptance.size else float("nan"),
                           ("diverged: the loss became non-finite — the step size is too large",))
    per_chain = nb * (L.mean(axis=1) - trace.loss_at_center)
    ess = float(sum(effective_sample_size(chain) for chain in L))
    top = float(np.abs(L).max()) or 1.0
    sd = top * float((L / top).std(ddof=1)) if L.size > 1 else 0.0  # scaled: no overflow on wild traces
    stderr = nb * sd / math.sqrt(max(ess, 1.0))
    if L.shape[0] > 1:
        # Chains are independent given their seeds, so the spread of their means is a direct estimate of
        # the error of the overall mean. The ESS-based value alone was optimistic on slowly mixing entries
        # (x²y²: seeds scattered 2.5× the reported error); report the larger of the two.
        spread = nb * top * float(np.std(L.mean(axis=1) / top, ddof=1))  # scaled like sd above
        stderr = max(stderr, spread / math.sqrt(L.shape[0]))
    rhat = split_rhat(L)
    below = float((L < trace.loss_at_center).mean())
    acc = float(np.mean(trace.acceptance))
    warnings = []
    if L.shape[0] > 1 and rhat > 1.1:
        warnings.append(f"chains not mixed: R-hat = {rhat:.2f} > 1.1 (more draws; check the step size: too large "
                        "diverges, too small never leaves the start)")
    if below > 0.05 and trace.config.batch_size is None:  # minibatch losses scatter below L(w*) by design
        warnings.append(f"{below:.0%} of draws have L < L(w*): w* may not be a local minimum, or the step is "
                        "too large")
    if acc < 0.9:  # measured: at acceptance 0.82 on x², λ̂ was twice λ (discretisation bias ~ εκ/4)
        warnings.append(f"MALA acceptance proxy {acc:.2f} < 0.9: the step size is probably too large "
                        "(the discretised chain over-disperses and inflates λ̂)")
    cfg = trace.config
    langevin_time = cfg.step_size * (cfg.num_burnin + cfg.num_draws * cfg.thin) * cfg.localization
    if cfg.localization > 0 and langevin_time < 1:
        # the localisation term relaxes in Langevin time ~2/γ: shorter runs cannot equilibrate flat directions
        warnings.append(f"total Langevin time ε·steps·γ = {langevin_time:.2g} < 1: flat directions (if any) are "
                        "not equilibrated — more steps, or a larger step if the acceptance allows")
    if ess < 100:
        warnings.append(f"effective sample size {ess:.0f} < 100: the standard error is unreliable")
    return LLCEstimate(float(per_chain.mean()), stderr, tuple(float(x) for x in per_chain), ess, rhat, below,
                       acc, tuple(warnings))


def effective_sample_size(x: np.ndarray) -> float:
    """ESS of one chain by Geyer's initial positive sequence of autocorrelations.

    >>> rng = np.random.default_rng(0)
    >>> 800 < effective_sample_size(rng.normal(size=1000)) < 1200
    True
    """
    n = len(x)
    with np.errstate(all="ignore"):
        scale = float(np.std(x / np.abs(x).max())) if n and np.isfinite(x).all() and np.abs(x).max() > 0 else 0.0
    if n < 4 or not np.isfinite(scale) or scale == 0:
        return float(n)
    y = (x / np.abs(x).max() - np.mean(x / np.abs(x).max())) / scale  # scaled: huge losses must not overflow
    f = np.fft.rfft(y, 2 * n)
    acf = np.fft.irfft(f * np.conj(f))[:n]
    acf /= acf[0]
    total = 0.0
    for k in range(0, n - 1, 2):
        pair = acf[k] + acf[k + 1]
        if pair < 0:
            break
        total += pair
    tau = max(2 * total - 1, 1.0 / n)
    return float(n / tau)


def split_rhat(L: np.ndarray) -> float:
    """Split R-hat (Gelman et al.) over chains (rows); 1 means mixed.

    >>> rng = np.random.default_rng(1)
    >>> abs(split_rhat(rng.normal(size=(4, 500))) - 1) < 0.05
    True
    """
    chains, n = L.shape
    if n < 4:
        return float("nan")
    L = L / (np.abs(L).max() or 1.0)  # scale-free; keeps huge losses from overflowing
    half = n // 2
    parts = np.concatenate([L[:, :half], L[:, half:2 * half]], axis=0)
    m, k = parts.shape
    means = parts.mean(axis=1)
    W = parts.var(axis=1, ddof=1).mean()
    B = k * means.var(ddof=1)
    if W == 0:
        return 1.0
    var = (k - 1) / k * W + B / k
    return float(math.sqrt(var / W))
