"""Data losses: batched over chains, full/minibatch, parameter order against the symbolic K; SGLD on data."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rlct import zoo  # noqa: E402
from rlct.errors import InputError  # noqa: E402
from rlct.estimators.data_loss import DataLoss, entry_data_loss  # noqa: E402
from rlct.estimators.sgld import SGLDConfig, llc, sample  # noqa: E402

F64 = torch.float64


@pytest.fixture(autouse=True)
def one_thread():
    # tiny matmuls: on a shared 2-core machine, intra-op threads only spin (measured 0.7 ms vs 30 ms a step)
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _direct_loss(entry, w, x, y):
    """The loss computed the plain way: load w into a fresh model and run it."""
    net = entry.torch_model()
    torch.nn.utils.vector_to_parameters(w.clone(), net.parameters())
    with torch.no_grad():
        return float(((net(x) - y) ** 2).sum(-1).mean())


@pytest.mark.parametrize("entry_id", ["rrr/M2-N3-H1-r0", "dln/w2-1-2-1-r0"])
def test_batched_equals_looped_and_the_plain_model(entry_id):
    e = zoo.get(entry_id)
    x, y = e.dataset(300, seed=1)
    L = DataLoss(e.torch_model(), x, y)
    w = torch.randn(5, L.dim, generator=torch.Generator().manual_seed(0), dtype=F64)
    batched = L(w)
    looped = torch.stack([L(w[c]) for c in range(5)])
    assert torch.allclose(batched, looped, atol=1e-12)
    assert all(abs(float(batched[c]) - _direct_loss(e, w[c], x, y)) < 1e-10 for c in range(5))


def test_full_batch_is_the_mean_over_the_data():
    e = zoo.get("rrr/M2-N2-H1-r0")
    L = entry_data_loss(e, 200, seed=2)
    w = torch.randn(3, L.dim, generator=torch.Generator().manual_seed(1), dtype=F64)
    per = torch.stack([L.per_sample(w[c], L.x, L.y) for c in range(3)])
    assert per.shape == (3, 200)
    assert torch.allclose(L(w), per.mean(-1), atol=1e-12)
    assert torch.allclose(L.on(torch.arange(200))(w), L(w), atol=1e-12)
    rows = torch.tensor([[0, 1, 2], [3, 4, 5], [6, 7, 8]])        # per-chain minibatches
    assert torch.allclose(L.on(rows)(w), torch.stack([per[c, rows[c]].mean() for c in range(3)]), atol=1e-12)


def test_minibatches_are_deterministic_given_the_seed():
    L = entry_data_loss(zoo.get("rrr/M2-N2-H1-r0"), 500, seed=0)
    a = L.draw_batch(torch.Generator().manual_seed(7), 32, num_chains=4)
    b = L.draw_batch(torch.Generator().manual_seed(7), 32, num_chains=4)
    assert torch.equal(a, b) and a.shape == (4, 32) and int(a.max()) < 500
    cfg = SGLDConfig(step_size=1e-4, nbeta=100.0, num_chains=3, num_draws=40, num_burnin=5, batch_size=50)
    t1, t2 = sample(L, L.center, cfg, seed=3), sample(L, L.center, cfg, seed=3)
    assert np.array_equal(t1.losses, t2.losses)
    assert not np.array_equal(t1.losses, sample(L, L.center, cfg, seed=4).losses)
    # λ̂ is taken against the full-data loss at w*, not a minibatch value
    assert t1.loss_at_center == pytest.approx(float(L(L.center[None])[0]), abs=1e-12)
    assert np.isnan(t1.acceptance).all()


@pytest.mark.parametrize("entry_id", ["rrr/M2-N3-H1-r0", "dln/w2-1-2-1-r0"])
def test_parameter_order_matches_the_symbolic_K(entry_id):
    # E[L(w* + u)] − L(w*) = K(u) exactly; at n = 40 000 the sampling error is ~2‖W(u)‖/√n
    e = zoo.get(entry_id)
    L = entry_data_loss(e, 40000, seed=5)
    K = e.population_loss()
    u = 0.4 * torch.randn(6, L.dim, generator=torch.Generator().manual_seed(2), dtype=F64)
    gap = L(L.center + u) - L(L.center[None])
    assert torch.allclose(gap, K(u), atol=0.05, rtol=0.05), (gap, K(u))
    # the same u read in another variable order gives a clearly different K
    shuffled = K(u[:, torch.arange(L.dim - 1, -1, -1)])
    assert float((shuffled - gap).abs().max()) > 5 * float((K(u) - gap).abs().max())


def test_float32_and_device_argument():
    e = zoo.get("rrr/M1-N2-H1-r0")
    L = entry_data_loss(e, 100, seed=0, dtype=torch.float32, device="cpu")
    assert L.center.dtype == torch.float32 and L(L.center[None]).dtype == torch.float32
    cfg = SGLDConfig(step_size=1e-4, nbeta=50.0, num_chains=2, num_draws=20, num_burnin=5)
    tr = sample(L, L.center, cfg, seed=0)
    assert tr.dtype == "float32" and np.isfinite(tr.losses).all()


def test_bad_inputs_are_one_line_errors():
    e = zoo.get("rrr/M2-N2-H1-r0")
    L = entry_data_loss(e, 50)
    with pytest.raises(InputError, match="shape"):
        L(torch.zeros(2, 3, dtype=F64))
    with pytest.raises(InputError, match="same"):
        DataLoss(e.torch_model(), torch.zeros(3, 2), torch.zeros(4, 2))
    from rlct.estimators.torch_loss import population_loss
    cfg = SGLDConfig(step_size=1e-4, nbeta=50.0, num_chains=2, num_draws=5, num_burnin=0, batch_size=10)
    with pytest.raises(InputError, match="data loss"):
        sample(population_loss("x**2"), torch.zeros(1, dtype=F64), cfg)
    with pytest.raises(InputError):
        SGLDConfig(step_size=1e-4, nbeta=1.0, batch_size=0)


def test_sgld_on_data_tracks_the_population_estimate():
    # one nβ means one tempered posterior on K and on the data loss (up to O(√β) data noise), so the
    # estimates agree with each other; accuracy against λ is the cross-check's business, not this test's
    e = zoo.get("rrr/M1-N1-H1-r0")                    # K = (ab)²
    L = entry_data_loss(e, 20000, seed=0)
    cfg = SGLDConfig(step_size=5e-4, nbeta=200.0, num_chains=4, num_draws=600, num_burnin=200)
    full = llc(sample(L, L.center, cfg, seed=0))
    pop = llc(sample(e.population_loss(), torch.zeros(2, dtype=F64), cfg, seed=0))
    assert abs(full.mean - pop.mean) < 0.1 + 4 * math.hypot(full.stderr, pop.stderr), (full, pop)
    mini = llc(sample(L, L.center, SGLDConfig(**{**cfg.__dict__, "batch_size": 5000}), seed=0))
    assert abs(mini.mean - full.mean) < 4 * math.hypot(mini.stderr, full.stderr), (mini, full)
