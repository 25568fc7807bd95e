"""SGLD kernel invariants and the estimator on normal crossings (CPU, fixed seeds)."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rlct.estimators.sgld import SGLDConfig, Trace, init, llc, sample, step  # noqa: E402
from rlct.estimators.torch_loss import population_loss  # noqa: E402

F64 = torch.float64


def test_zero_noise_no_localization_is_gradient_descent():
    K = population_loss("x**2 + x*y + y**2 + 3*y**4")
    cfg = SGLDConfig(step_size=0.01, nbeta=10.0, localization=0.0, num_chains=3)
    center = torch.zeros(2, dtype=F64)
    w0 = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.3]], dtype=F64)
    from rlct.estimators.sgld import SGLDState, _loss_and_grad
    loss, grad = _loss_and_grad(K, w0)
    new = step(SGLDState(w0, loss, grad), K, center, cfg, torch.zeros_like(w0))
    assert torch.allclose(new.w, w0 - 0.5 * 0.01 * 10.0 * grad)


def test_huge_localization_pins_the_chain():
    K = population_loss("x**2*y**2")
    cfg = SGLDConfig(step_size=1e-5, nbeta=1.0, localization=1e4, num_chains=4, num_draws=200, num_burnin=0)
    center = torch.tensor([0.3, -0.2], dtype=F64)
    state = init(K, center, 4)
    gen = torch.Generator().manual_seed(0)
    for _ in range(300):
        state = step(state, K, center, cfg, torch.randn(state.w.shape, generator=gen, dtype=F64))
    assert float((state.w - center).abs().max()) < 6 / math.sqrt(1e4)


def _run(noises, K, center, cfg):
    state = init(K, center, noises.shape[1])
    for noise in noises:
        state = step(state, K, center, cfg, noise)
    return state.w


def test_batched_chains_equal_looped_chains_and_are_independent():
    K = population_loss("x**2*y**4 + x**6")
    cfg = SGLDConfig(step_size=1e-3, nbeta=50.0, localization=1.0, num_chains=4)
    center = torch.zeros(2, dtype=F64)
    gen = torch.Generator().manual_seed(3)
    noises = torch.randn(50, 4, 2, generator=gen, dtype=F64)
    batched = _run(noises, K, center, cfg)
    looped = torch.cat([_run(noises[:, c:c + 1], K, center, cfg) for c in range(4)])
    assert torch.allclose(batched, looped, atol=1e-12)
    changed = noises.clone()
    changed[:, 2] += 1.0
    other = _run(changed, K, center, cfg)
    assert torch.equal(other[[0, 1, 3]], batched[[0, 1, 3]]) and not torch.equal(other[2], batched[2])


def test_sampling_is_deterministic_given_the_seed():
    K = population_loss("x**2")
    cfg = SGLDConfig(step_size=1e-4, nbeta=100.0, num_chains=2, num_draws=50, num_burnin=10)
    a = sample(K, torch.zeros(1, dtype=F64), cfg, seed=7)
    b = sample(K, torch.zeros(1, dtype=F64), cfg, seed=7)
    assert np.array_equal(a.losses, b.losses) and a.losses.shape == (2, 50)


@pytest.mark.parametrize("K,d,lam", [("x**2", 1, 0.5), ("x**2 + y**2", 2, 1.0), ("x**2*y**4", 2, 0.25)])
def test_estimator_on_normal_crossings(K, d, lam):
    # calibrated by diagnostics (acceptance > 0.9, R-hat < 1.1) at nβ = 1000; tolerance 20 % (finite nβ)
    cfg = SGLDConfig(step_size=3e-4, nbeta=1000.0, localization=1.0, num_chains=8, num_draws=1500, num_burnin=500)
    est = llc(sample(population_loss(K), torch.zeros(d, dtype=F64), cfg, seed=0))
    assert abs(est.mean - lam) < 0.2 * lam + 3 * est.stderr, est
    assert est.acceptance > 0.9 and est.rhat < 1.1


def test_too_large_a_step_is_flagged():
    cfg = SGLDConfig(step_size=3e-3, nbeta=1000.0, num_chains=4, num_draws=300, num_burnin=50)
    est = llc(sample(population_loss("x**2"), torch.zeros(1, dtype=F64), cfg, seed=0))
    assert any("step" in w for w in est.warnings)


def test_diverged_trace_reports_nan_with_a_reason():
    cfg = SGLDConfig(step_size=1.0, nbeta=1e4, num_chains=2, num_draws=50, num_burnin=0)
    est = llc(sample(population_loss("x**4"), torch.zeros(1, dtype=F64) + 0.5, cfg, seed=0))
    assert math.isnan(est.mean) and "diverged" in est.warnings[0]


def test_float32_runs():
    cfg = SGLDConfig(step_size=1e-4, nbeta=100.0, num_chains=2, num_draws=20, num_burnin=5)
    tr = sample(population_loss("x**2", dtype=torch.float32), torch.zeros(1, dtype=torch.float32), cfg, seed=0)
    assert tr.dtype == "float32" and np.isfinite(tr.losses).all()


cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")


@cuda
def test_batched_chains_equal_looped_chains_on_cuda():
    K = population_loss("x**2*y**4 + x**6", device="cuda")
    cfg = SGLDConfig(step_size=1e-3, nbeta=50.0, localization=1.0, num_chains=4)
    center = torch.zeros(2, dtype=F64, device="cuda")
    noises = torch.randn(50, 4, 2, generator=torch.Generator().manual_seed(3), dtype=F64).cuda()
    batched = _run(noises, K, center, cfg)
    looped = torch.cat([_run(noises[:, c:c + 1], K, center, cfg) for c in range(4)])
    assert batched.is_cuda and torch.allclose(batched, looped, atol=1e-12)
    on_cpu = _run(noises.cpu(), population_loss("x**2*y**4 + x**6"), center.cpu(), cfg)
    assert torch.allclose(batched.cpu(), on_cpu, atol=1e-10)      # same kernel, same noise: same chain


@cuda
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_estimator_on_cuda(dtype):
    cfg = SGLDConfig(step_size=3e-4, nbeta=1000.0, localization=1.0, num_chains=8, num_draws=1500, num_burnin=500)
    tr = sample(population_loss("x**2 + y**2", dtype=dtype, device="cuda"), torch.zeros(2, dtype=dtype, device="cuda"),
                cfg, seed=0)
    est = llc(tr)
    assert tr.device.startswith("cuda") and abs(est.mean - 1.0) < 0.2 + 3 * est.stderr, est
