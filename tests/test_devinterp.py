"""devinterp adapter: same hyperparameters, same answer as our sampler (skipped without devinterp)."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from rlct.estimators.devinterp_adapter import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="devinterp is not installed (extra 'devinterp')")

from rlct import zoo  # noqa: E402
from rlct.estimators.data_loss import entry_data_loss  # noqa: E402
from rlct.estimators.devinterp_adapter import devinterp_llc  # noqa: E402
from rlct.estimators.sgld import SGLDConfig, llc, sample  # noqa: E402
from rlct.estimators.torch_loss import population_loss  # noqa: E402

F64 = torch.float64


@pytest.fixture(autouse=True)
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)   # tiny tensors: extra intra-op threads only contend on a shared machine
    yield
    torch.set_num_threads(before)


def _agree(a, b, slack):
    return abs(a.mean - b.mean) < slack + 4 * math.hypot(a.stderr, b.stderr)


def test_population_loss_call_form_agrees_with_ours():
    # λ(x²) = 1/2; the finite-nβ target at nβ = 1000, γ = 1 is nβ/(2nβ + γ) ≈ 0.4998
    K, center = population_loss("x**2"), torch.zeros(1, dtype=F64)
    cfg = SGLDConfig(step_size=1e-4, nbeta=1000.0, localization=1.0, num_chains=4, num_draws=400, num_burnin=100)
    theirs, ours = devinterp_llc(K, center, cfg, 0), llc(sample(K, center, cfg, seed=0))
    assert _agree(theirs, ours, 0.05), (theirs, ours)
    assert abs(theirs.mean - 0.5) < 0.1 and math.isnan(theirs.acceptance)
    assert theirs.details["devinterp_version"] and len(theirs.per_chain) == 4


def test_tiny_rrr_on_data_agrees_with_ours():
    e = zoo.get("rrr/M1-N1-H1-r0")                    # K = (ab)²
    L = entry_data_loss(e, 500, seed=0)
    cfg = SGLDConfig(step_size=5e-4, nbeta=100.0, num_chains=4, num_draws=400, num_burnin=100)
    ours = llc(sample(L, L.center, cfg, seed=0))
    theirs = devinterp_llc(L, None, cfg, seed=0)
    assert _agree(theirs, ours, 0.1), (theirs, ours)
    # L(w*) is the full-data loss in both (devinterp's init loss over ⌊n/b⌋ = 1 full batch; it stores float32)
    assert theirs.details["init_loss"] == pytest.approx(float(L(L.center[None])[0]), rel=1e-6)


def test_without_burnin_our_formula_equals_devinterps_own():
    cfg = SGLDConfig(step_size=1e-3, nbeta=100.0, num_chains=2, num_draws=100, num_burnin=0)
    est = devinterp_llc(population_loss("x**2 + y**4"), torch.zeros(2, dtype=F64), cfg, seed=3)
    own = est.details["devinterp_compute_llc"]["llc_per_chain"]
    assert np.allclose(est.per_chain, own, rtol=1e-5, atol=1e-5)


def test_call_forms_determinism_and_global_rng():
    e = zoo.get("rrr/M1-N1-H1-r0")
    cfg = SGLDConfig(step_size=1e-3, nbeta=100.0, num_chains=2, num_draws=30, num_burnin=5, batch_size=20)
    L = entry_data_loss(e, 100, seed=1)
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    a = devinterp_llc(L, None, cfg, seed=5)
    assert torch.equal(torch.rand(3), expected)          # devinterp reseeds globally; we restore the state
    b = devinterp_llc(e.torch_model(), e.dataset(100, seed=1), cfg, seed=5)
    assert a.per_chain == b.per_chain and a.details["batch_size"] == 20 and len(a.per_chain) == 2
