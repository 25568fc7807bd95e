"""Step-size calibration for SGLD by diagnostics only (never by looking at the true λ).

A short, explicit sweep: every ε of a geometric grid gets a short batch of chains — several ε values in
one batched run, chains × ε values as the batch dimension, each chain with its own ε — and the largest ε
whose chains did not diverge and whose MALA acceptance proxy is at least ``min_acceptance`` is kept. (The
rule is the one of trying the steps one by one from the largest; each ε's chains see other noise than a
run of their own would, so for one seed the choice can differ, as it can between two seeds. A batched
run of the whole grid takes about as many kernel calls as a single try.) R-hat is recorded but does not
choose: a smaller step only mixes worse, so when the short sweep has not mixed at the accurate step the
answer is more draws, not a smaller ε (measured: on x⁴ + y⁶ requiring R-hat ≤ 1.1 pushed the choice to the bottom of the grid, where
the chains never left w*, and λ̂ = 0.002 against 5/12). The acceptance bar is high on purpose: on x² at
nβ = 1000 an acceptance of 0.96 still left a +17 % discretisation bias (relative bias ≈ εκ/4 for
curvature κ), so 0.995 is the default. The chosen ε and the whole sweep are returned so a report can
show why. Same seed, same answer.

Any batched loss works (population K or a :class:`~rlct.estimators.data_loss.DataLoss`); the sweep
always samples the full batch, since the acceptance proxy needs one fixed function (with minibatches it
is undefined). Use the chosen ε for minibatch runs too: minibatch noise only adds to it.

Examples
--------
>>> import torch
>>> from rlct.estimators.torch_loss import population_loss
>>> c = calibrate(population_loss("x**2"), torch.zeros(1, dtype=torch.float64), nbeta=1000.0)
>>> c.step_size <= 1e-3 and c.rows[0]["step_size"] > c.rows[-1]["step_size"]
True
>>> [r["step_size"] for r in c.rows if r["chosen"]] == [c.step_size]
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..errors import InputError
from .sgld import init, log_acceptance, move, split_rhat
from .torch_loss import require_torch

DEFAULT_GRID = (1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6)


@dataclass(frozen=True)
class Calibration:
    step_size: float
    rows: tuple            # one dict per ε, largest first: step_size, acceptance, rhat, diverged, passed, chosen
    rule: str


def calibrate(loss_fn: Callable, center, nbeta: float, localization: float = 1.0,
              grid: Sequence[float] = DEFAULT_GRID, num_chains: int = 4, num_draws: int = 300,
              num_burnin: int = 100, min_acceptance: float = 0.995, max_rhat: float = 1.1,
              seed: int = 0, steps_per_run: int | None = None) -> Calibration:
    """The largest ε on ``grid`` that passes the diagnostics (the smallest ε if none does).

    ``steps_per_run`` ε values share one batched run, largest first, and the sweep stops after the first
    run with a passing ε. By default all of them when a chain is cheap, and fewer as the work of one
    chain (data rows × parameters) grows, down to one at a time, so that a large model is never run with
    nine times its chains at once (see :func:`steps_per_run_for`). Rows list the ε values that were run.
    """
    steps = sorted({float(e) for e in grid}, reverse=True)
    if not steps or steps[-1] <= 0:
        raise InputError("the calibration grid needs at least one step size, all positive")
    per_run = steps_per_run or steps_per_run_for(loss_fn, center, len(steps), num_chains)
    rows, chosen = [], None
    for first in range(0, len(steps), per_run):
        part = steps[first:first + per_run]
        losses, acceptance = sweep(loss_fn, center, part, nbeta, localization, num_chains, num_draws, num_burnin,
                                   seed)
        for g, eps in enumerate(part):
            L = losses[g * num_chains:(g + 1) * num_chains]
            acc = float(acceptance[g * num_chains:(g + 1) * num_chains].mean())
            diverged = not (np.isfinite(L).all() and np.isfinite(acc))
            ok = not diverged and acc >= min_acceptance
            rhat = float("nan") if diverged else split_rhat(L)
            if ok and chosen is None:
                chosen = eps
            rows.append({"step_size": eps, "acceptance": acc, "rhat": rhat, "diverged": diverged,
                         "passed": bool(ok), "mixed": bool(rhat <= max_rhat), "chosen": chosen == eps})
        if chosen is not None:
            break
    if chosen is None:
        chosen = steps[-1]
        rows[-1]["chosen"] = True
    rule = (f"largest ε in the grid that did not diverge and has acceptance ≥ {min_acceptance} "
            f"({num_chains} chains × {num_draws} draws per ε, seed {seed}, {per_run} ε per batched run); "
            f"R-hat ≤ {max_rhat} is only reported")
    return Calibration(chosen, tuple(rows), rule)


# Work of one chain's step (data rows × parameters) above which the grid is split into several runs.
# Below it a step is bound by call overhead, not arithmetic, and batching the whole grid is nearly free;
# measured on the CPU: RRR 6×6×6 (d = 72) on n = 10 000 data rows took 31 s with the whole grid in one
# run against 16 s one ε at a time.
CHAIN_WORK_BUDGET = 2_000_000


def steps_per_run_for(loss_fn: Callable, center, n_steps: int, num_chains: int) -> int:
    """How many ε values of the grid share one batched run: all while the batch's work stays under
    :data:`CHAIN_WORK_BUDGET`, down to 1 for large data losses.

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> steps_per_run_for(population_loss("x**2"), torch.zeros(1), 9, 4)
    9
    """
    rows = int(getattr(loss_fn, "n", 1))   # a DataLoss evaluates every data row for every chain
    per_chain = rows * int(center.numel())
    return max(1, min(n_steps, CHAIN_WORK_BUDGET // max(1, per_chain * num_chains)))


def sweep(loss_fn: Callable, center, steps: Sequence[float], nbeta: float, localization: float,
          num_chains: int, num_draws: int, num_burnin: int, seed: int = 0):
    """(losses (len(steps)·chains, draws), mean acceptance proxy per chain): ``num_chains`` chains per ε, all
    in one batch (chain k has ε = steps[k // num_chains]), full batch, noise from ``torch.Generator(seed)``.

    Chains never interact (each one's gradient is its own), so a chain that diverges at a large ε leaves
    the others untouched: its losses turn non-finite and its group is reported as diverged.

    >>> import torch
    >>> from rlct.estimators.torch_loss import population_loss
    >>> L, acc = sweep(population_loss("x**2"), torch.zeros(1, dtype=torch.float64), [1e-3, 1e-5], 1000.0, 1.0,
    ...                num_chains=2, num_draws=50, num_burnin=10)
    >>> L.shape, acc.shape, bool(acc[2:].min() > acc[:2].max())     # the smaller step is accepted more often
    ((4, 50), (4,), True)
    """
    torch = require_torch()
    center = center.detach()
    eps = torch.tensor([e for e in steps for _ in range(num_chains)], dtype=center.dtype,
                       device=center.device)[:, None]
    gen = torch.Generator(device=center.device).manual_seed(int(seed))
    state = init(loss_fn, center, eps.shape[0])
    accept = torch.zeros(eps.shape[0], dtype=torch.float64, device=center.device)
    trace = []
    with torch.no_grad():  # the gradient is taken inside move(); nothing here needs a graph
        for t in range(num_burnin + num_draws):
            noise = torch.randn(state.w.shape, generator=gen, dtype=state.w.dtype, device=state.w.device)
            new = move(state, loss_fn, center, eps, nbeta, localization, noise)
            if t >= num_burnin:
                accept += log_acceptance(state, new, center, eps, nbeta, localization).exp().to(torch.float64)
                trace.append(new.loss)
            state = new
            if t % 32 == 31 and not torch.isfinite(state.loss).any():
                break  # every chain has diverged: the rest of the run would only compute NaN
    losses = torch.full((eps.shape[0], num_draws), float("nan"), dtype=torch.float64)
    if trace:
        losses[:, :len(trace)] = torch.stack(trace, dim=1).double().cpu()
    return losses.numpy(), (accept / num_draws).cpu().numpy()
