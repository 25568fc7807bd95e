"""devinterp's LLC estimator on our models and losses, scored in our terms (tested with devinterp 2.0.1).

:func:`devinterp_llc` runs devinterp's own pipeline — ``devinterp.slt.sampling.sample`` (its SGLD,
``SGMCMC.sgld``, one chain after another on a copy of the model) and the per-chain formula of
``devinterp.slt.llc.compute_llc`` — and returns our :class:`~rlct.estimators.sgld.LLCEstimate`, with
ESS, R-hat and warnings computed by :func:`rlct.estimators.sgld.llc` from devinterp's loss trace.

Mapping of :class:`~rlct.estimators.sgld.SGLDConfig` (read from devinterp 2.0.1's ``optim/sgmcmc.py``,
``optim/prior.py`` and ``slt/sampler.py``):

* update: devinterp does Δw = −(lr/2)(n_beta ∇L + γ(w − w₀)) + √lr·N(0, 1) — exactly our step, so
  ``lr = step_size`` (no factor 2), ``n_beta = nbeta``, ``localization = localization``, noise level 1,
  weight decay 0, no bounding box;
* ``num_chains``, ``num_draws`` as ours; ``num_burnin_steps = num_burnin``; ``num_steps_bw_draws = thin``;
* batches: ``batch_size`` = our ``config.batch_size`` or the full data (n); devinterp shuffles without
  replacement (one seeded epoch order, cycled), we draw with replacement — both unbiased;
* L(w*): devinterp's ``init_loss``, the mean over ``num_init_loss_batches`` batches at w₀; we pass
  ⌊n/b⌋ batches, i.e. the full-data loss when b divides n (always at full batch);
* λ̂: devinterp's ``compute_llc`` averages the loss over *every* step, burn-in included. We apply its
  formula n_beta·(mean loss − init_loss) to the draws after burn-in (every ``thin``-th step), like ours;
  devinterp's own burn-in-inclusive figures are kept in ``details`` (they coincide when num_burnin = 0).
  devinterp's step-i loss is taken at w_i before the update (w₀ = w*), ours after it: a one-step shift.
* seeds: devinterp seeds the global RNGs with ``init_seed + chain``; we pass ``init_seed = seed`` and restore
  the global torch/numpy/random states afterwards, so the call has no side effect on them.

devinterp 2.x takes a HuggingFace ``Dataset`` of integer ``input_ids`` and a per-token loss of shape
(batch, seq − 1). We hand it rows ``[i, i]`` (sample indices, "sequence" length 2) and a loss that looks the
samples up: per-sample ‖y_i − f(x_i)‖²/σ², shape (batch, 1) — so devinterp's mean over the batch is our L.
A population loss (no data) becomes a module holding w with a one-row dataset.

Examples
--------
>>> isinstance(available(), bool)
True
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
import warnings
from typing import Callable

import numpy as np

from ..errors import InputError
from .sgld import LLCEstimate, SGLDConfig, Trace, llc
from .torch_loss import require_torch

TESTED_VERSION = "2.0.1"


def available() -> bool:
    """True when devinterp 2.x (with its LLC pipeline) imports.

    >>> available() in (True, False)
    True
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from devinterp.slt.llc import compute_llc  # noqa: F401
            from devinterp.slt.sampling import sample  # noqa: F401
    except Exception:  # ImportError, or a broken install of one of its many dependencies
        return False
    return True


def version() -> str | None:
    """The installed devinterp version, or None."""
    from importlib.metadata import PackageNotFoundError, version as _version
    try:
        return _version("devinterp")
    except PackageNotFoundError:
        return None


def _require():
    if not available():
        raise InputError(f"devinterp is not installed: pip install 'rlct[devinterp]' (tested: devinterp=={TESTED_VERSION})")


def _population_problem(loss_fn: Callable, center):
    """A module holding w (init w*) and a per-token loss giving loss_fn(w) on a one-row dataset."""
    torch = require_torch()

    class Point(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(center.detach().clone())

    def per_token(model, ids):
        return loss_fn(model.w[None]).reshape(1, 1).expand(ids.shape[0], 1)

    return Point(), per_token, 1


def _data_problem(loss):
    """The DataLoss's own model (a copy, cast to its dtype/device) and a per-token loss of sample indices."""
    import copy
    model = copy.deepcopy(loss.model).to(device=loss.device, dtype=loss.dtype)

    def per_token(m, ids):
        i = ids[:, 0].to(loss.device)
        pred = m(loss.x[i])
        return (((pred.reshape(loss.y[i].shape) - loss.y[i]) ** 2).sum(-1) / loss.noise_variance)[:, None]

    return model, per_token, loss.n


@contextlib.contextmanager
def _quiet_and_restored(progress: bool):
    """Keep devinterp from changing the caller's global RNG states; hide its per-chain progress bars.

    (Its bars are created with no ``disable`` switch, and tqdm reads ``TQDM_DISABLE`` only at import,
    so stderr is redirected for the duration of the call instead.)
    """
    import io
    import random
    torch = require_torch()
    states = (torch.random.get_rng_state(), np.random.get_state(), random.getstate(),
              torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None)
    sink = contextlib.nullcontext() if progress else contextlib.redirect_stderr(io.StringIO())
    try:
        with sink:
            yield
    finally:
        torch.random.set_rng_state(states[0])
        np.random.set_state(states[1])
        random.setstate(states[2])
        if states[3] is not None:
            torch.cuda.set_rng_state_all(states[3])


def _resolve(model_or_loss, center_or_data, noise_variance: float):
    """(module, per-token loss, n, device) from any accepted call form."""
    torch = require_torch()
    from .data_loss import DataLoss
    if isinstance(model_or_loss, torch.nn.Module):
        if not (isinstance(center_or_data, (tuple, list)) and len(center_or_data) == 2):
            raise InputError("devinterp_llc(model, (x, y), config, seed): the data must be a pair (x, y)")
        model_or_loss = DataLoss(model_or_loss, *center_or_data, noise_variance=noise_variance)
    if isinstance(model_or_loss, DataLoss):
        model, per_token, n = _data_problem(model_or_loss)
        return model, per_token, n, model_or_loss.device
    if callable(model_or_loss):
        if center_or_data is None or not hasattr(center_or_data, "shape"):
            raise InputError("devinterp_llc(loss_fn, center, config, seed): center must be a tensor of shape (d,)")
        model, per_token, n = _population_problem(model_or_loss, center_or_data.reshape(-1))
        return model, per_token, n, center_or_data.device
    raise InputError("devinterp_llc takes an nn.Module with (x, y), a DataLoss, or a loss callable with a center")


def devinterp_llc(model_or_loss, center_or_data=None, config: SGLDConfig | None = None, seed: int = 0, *,
                  noise_variance: float = 1.0, progress: bool = False) -> LLCEstimate:
    """λ̂ by devinterp's SGLD and LLC formula, as our :class:`LLCEstimate` (same config as :func:`sgld.sample`).

    Call forms: ``devinterp_llc(loss_fn, center, config, seed)`` (a batched population loss and w*),
    ``devinterp_llc(model, (x, y), config, seed)`` (an nn.Module at w* and its data), or
    ``devinterp_llc(data_loss, None, config, seed)`` (a :class:`~rlct.estimators.data_loss.DataLoss`).
    ``details`` holds devinterp's own burn-in-inclusive values, its init loss, version and wall time.

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> cfg = SGLDConfig(step_size=1e-3, nbeta=100.0, num_chains=2, num_draws=50, num_burnin=10)
    >>> est = devinterp_llc(population_loss("x**2"), torch.zeros(1, dtype=torch.float64), cfg, seed=0) \\
    ...     if available() else None
    >>> est is None or (len(est.per_chain) == 2 and est.details["estimator"] == "devinterp")
    True
    """
    trace, details = devinterp_trace(model_or_loss, center_or_data, config, seed, noise_variance=noise_variance,
                                     progress=progress)
    est = llc(trace)
    extra = tuple(f"devinterp: {m}" for m in details["failures"])
    from dataclasses import replace
    return replace(est, warnings=est.warnings + extra, details=details)


def devinterp_trace(model_or_loss, center_or_data=None, config: SGLDConfig | None = None, seed: int = 0, *,
                    noise_variance: float = 1.0, progress: bool = False) -> tuple[Trace, dict]:
    """devinterp's draws after burn-in as our :class:`Trace` (acceptance NaN: devinterp has no proxy), and details."""
    _require()
    if config is None:
        raise InputError("devinterp_llc needs an SGLDConfig")
    model, per_token, n, device = _resolve(model_or_loss, center_or_data, noise_variance)
    batch = min(config.batch_size or n, n)
    from datasets import Dataset
    dataset = Dataset.from_dict({"input_ids": [[i, i] for i in range(n)]}).with_format("torch")
    with tempfile.TemporaryDirectory() as tmp, _quiet_and_restored(progress), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from devinterp.slt.llc import compute_llc
        from devinterp.slt.sampling import sample
        t0 = time.perf_counter()
        tree = sample(model=model, dataset=dataset, observables={}, lr=config.step_size, n_beta=config.nbeta,
                      localization=config.localization, num_chains=config.num_chains,
                      num_draws=config.num_draws, num_burnin_steps=config.num_burnin,
                      num_steps_bw_draws=config.thin, batch_size=batch, num_init_loss_batches=max(1, n // batch),
                      init_seed=int(seed), device=str(device), loss_fn=per_token,
                      output_path=os.path.join(tmp, "samples.zarr"))
        result = compute_llc(tree)
        trace_all = np.asarray(result["loss_trace"].values, dtype=np.float64)    # (chains, steps)
        init_loss = float(result["init_loss"])
        own = {"llc_mean": float(result["llc_mean"]), "llc_std": float(result["llc_std"]),
               "llc_per_chain": [float(v) for v in result["llc_per_chain"].values]}
        seconds = time.perf_counter() - t0
    failures = [str(w.message) for w in caught if "failed" in str(w.message).lower()]
    draws = trace_all[:, config.num_burnin::config.thin][:, :config.num_draws]
    if not failures and not np.isfinite(draws).all():
        failures = ["the loss trace is not finite"]
    trace = Trace(draws, init_loss, np.full(config.num_chains, np.nan), config, int(seed), str(device),
                  str(next(model.parameters()).dtype).replace("torch.", ""), seconds, bool(failures),
                  {"estimator": "devinterp", "dimension": sum(p.numel() for p in model.parameters())})
    details = {"estimator": "devinterp", "devinterp_version": version(), "init_loss": init_loss,
               "devinterp_compute_llc": own, "seconds": seconds, "batch_size": batch, "n": n,
               "failures": failures,
               "mapping": "lr = step_size, n_beta = nbeta, localization = localization, "
                          "num_burnin_steps = num_burnin, num_steps_bw_draws = thin"}
    return trace, details
