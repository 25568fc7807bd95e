"""Step-size calibration for SGLD by diagnostics only (never by looking at the true λ).

A short, explicit sweep: for each ε on a geometric grid (largest first), run a short batch of chains
and keep the largest ε whose run did not diverge and whose MALA acceptance proxy is at least
``min_acceptance``. R-hat is recorded but does not choose: a smaller step only mixes worse, so when the
short sweep has not mixed at the accurate step the answer is more draws, not a smaller ε (measured: on
x⁴ + y⁶ requiring R-hat ≤ 1.1 pushed the choice to the bottom of the grid, where the chains never left
w*, and λ̂ = 0.002 against 5/12). The acceptance bar is high on
purpose: on x² at nβ = 1000 an acceptance of 0.96 still left a +17 % discretisation bias
(relative bias ≈ εκ/4 for curvature κ), so 0.995 is the default. The chosen ε and the whole sweep
are returned so a report can show why. Same seed, same answer.

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
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .sgld import SGLDConfig, llc, sample

DEFAULT_GRID = (1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6)


@dataclass(frozen=True)
class Calibration:
    step_size: float
    rows: tuple            # one dict per tried ε: step_size, acceptance, rhat, diverged, chosen
    rule: str


def calibrate(loss_fn: Callable, center, nbeta: float, localization: float = 1.0,
              grid: Sequence[float] = DEFAULT_GRID, num_chains: int = 4, num_draws: int = 300,
              num_burnin: int = 100, min_acceptance: float = 0.995, max_rhat: float = 1.1,
              seed: int = 0) -> Calibration:
    """The largest ε on ``grid`` that passes the diagnostics (the smallest ε if none does)."""
    rows, chosen = [], None
    for eps in sorted(grid, reverse=True):
        cfg = SGLDConfig(step_size=eps, nbeta=nbeta, localization=localization, num_chains=num_chains,
                         num_draws=num_draws, num_burnin=num_burnin)
        est = llc(sample(loss_fn, center, cfg, seed=seed))
        ok = (est.mean == est.mean) and est.acceptance >= min_acceptance
        rows.append({"step_size": eps, "acceptance": est.acceptance, "rhat": est.rhat,
                     "diverged": est.mean != est.mean, "passed": bool(ok),
                     "mixed": bool(est.rhat <= max_rhat)})
        if ok:
            chosen = eps
            break
    if chosen is None:
        chosen = min(grid)
    rule = (f"largest ε in the grid that did not diverge and has acceptance ≥ {min_acceptance} "
            f"({num_chains} chains × {num_draws} draws, seed {seed}); R-hat ≤ {max_rhat} is only reported")
    return Calibration(chosen, tuple(rows), rule)
