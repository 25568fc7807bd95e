"""The cross-check harness end to end on two tiny entries, calibration, finite-nβ targets."""
import json
from fractions import Fraction as F

import pytest

torch = pytest.importorskip("torch")

from rlct.cli import main  # noqa: E402
from rlct.crosscheck import crosscheck, finite_n_target  # noqa: E402
from rlct.estimators.calibrate import calibrate  # noqa: E402
from rlct.estimators.torch_loss import population_loss  # noqa: E402


def test_harness_writes_all_outputs(tmp_path, capsys):
    code = main(["crosscheck", "--entries", "normal-crossing/k1,regular/d2", "--draws", "400", "--burnin", "400",
                 "--chains", "4", "--out", str(tmp_path), "--json"])
    assert code == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert [r["id"] for r in data["entries"]] == ["normal-crossing/k1", "regular/d2"]
    for r in data["entries"]:
        assert {"truth", "estimate", "z", "relative_error", "finite_n_target", "hyperparameters", "seed",
                "seconds", "device"} <= set(r)
        assert abs(r["estimate"]["mean"] - r["finite_n_target"]) < 0.25 * r["finite_n_target"] + 4 * r["estimate"]["stderr"]
    assert (tmp_path / "report.md").read_text().startswith("# LLC estimator cross-check")
    assert [(g["family"], g["m"], g["entries"]) for g in data["by_family"]] == [("normal-crossing", "m=1", 1),
                                                                              ("regular", "m=1", 1)]
    assert "| normal-crossing | m=1 | 1 |" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "calibration.png").stat().st_size > 1000
    assert json.loads(capsys.readouterr().out)["summary"]["entries"] == 2


def test_deterministic_given_seed():
    a = crosscheck(["normal-crossing/k1"], num_draws=100, num_burnin=20, num_chains=2, progress=False)
    b = crosscheck(["normal-crossing/k1"], num_draws=100, num_burnin=20, num_chains=2, progress=False)
    assert a[0]["estimate"] == b[0]["estimate"]


def test_calibration_prefers_the_largest_passing_step():
    c = calibrate(population_loss("x**2"), torch.zeros(1, dtype=torch.float64), nbeta=1000.0)
    (k,) = [i for i, r in enumerate(c.rows) if r["chosen"]]
    assert c.rows[k]["passed"] and all(not r["passed"] for r in c.rows[:k])
    assert c.step_size == c.rows[k]["step_size"] and len(c.rows) == 9


def test_a_sweep_group_is_a_run_of_its_own_and_cannot_be_contaminated():
    import numpy as np
    from rlct.estimators.calibrate import sweep
    from rlct.estimators.sgld import SGLDConfig, sample
    K, center = population_loss("x**2*y**2 + x**6"), torch.zeros(2, dtype=torch.float64)
    alone = sample(K, center, SGLDConfig(step_size=1e-3, nbeta=1000.0, num_chains=4, num_draws=100, num_burnin=20),
                   seed=5)
    L, acc = sweep(K, center, [1e-3], 1000.0, 1.0, 4, 100, 20, seed=5)
    assert np.array_equal(L, alone.losses) and np.array_equal(acc, alone.acceptance)
    # the same noise rows for group 1, with group 0 diverging or not: group 1 is bitwise the same
    wild, _ = sweep(K, center, [10.0, 1e-3], 1000.0, 1.0, 4, 100, 20, seed=5)
    tame, _ = sweep(K, center, [1e-5, 1e-3], 1000.0, 1.0, 4, 100, 20, seed=5)
    assert not np.isfinite(wild[:4]).all() and np.array_equal(wild[4:], tame[4:])


def test_one_step_per_run_is_the_one_by_one_search():
    from rlct.estimators.sgld import SGLDConfig, llc, sample
    K, center = population_loss("x**2*y**2 + x**6"), torch.zeros(2, dtype=torch.float64)
    c = calibrate(K, center, nbeta=1000.0, steps_per_run=1)
    for r in c.rows:
        est = llc(sample(K, center, SGLDConfig(step_size=r["step_size"], nbeta=1000.0, num_chains=4, num_draws=300,
                                               num_burnin=100), seed=0))
        assert r["acceptance"] == est.acceptance or (r["diverged"] and est.mean != est.mean)
    assert [r["passed"] for r in c.rows] == [False] * (len(c.rows) - 1) + [True]


def test_the_grid_runs_in_parts_and_stops_after_the_first_part_with_a_pass():
    K, center = population_loss("x**2"), torch.zeros(1, dtype=torch.float64)
    c = calibrate(K, center, nbeta=1000.0, steps_per_run=3)
    # x² at nβ = 1000 first passes in the second part (3e-4, 1e-4, 3e-5); the third part is never run
    assert [r["step_size"] for r in c.rows] == [1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5]
    assert c.step_size in (1e-4, 3e-5) and "3 ε per batched run" in c.rule


def test_large_data_losses_get_fewer_steps_per_run():
    from rlct import zoo
    from rlct.estimators.calibrate import steps_per_run_for
    from rlct.estimators.data_loss import entry_data_loss
    small = entry_data_loss(zoo.get("rrr/M1-N1-H1-r0"), 1000)
    big = entry_data_loss(zoo.get("rrr/M3-N3-H3-r1"), 100000)
    assert steps_per_run_for(small, small.center, 9, 4) == 9
    assert steps_per_run_for(big, big.center, 9, 4) == 1


def test_calibration_grid_must_be_positive_and_is_deduplicated():
    from rlct.errors import InputError
    K, center = population_loss("x**2"), torch.zeros(1, dtype=torch.float64)
    with pytest.raises(InputError):
        calibrate(K, center, nbeta=1000.0, grid=(1e-3, 0.0))
    c = calibrate(K, center, nbeta=1000.0, grid=(1e-5, 1e-5, 1e-6))
    assert [r["step_size"] for r in c.rows] == [1e-5, 1e-6] and sum(r["chosen"] for r in c.rows) == 1


def test_calibration_marks_diverged_steps():
    c = calibrate(population_loss("x**4"), torch.zeros(1, dtype=torch.float64) + 0.5, nbeta=1e4, grid=(1.0, 1e-6))
    assert c.rows[0]["diverged"] and not c.rows[0]["passed"] and c.step_size == 1e-6


def test_finite_n_targets():
    assert abs(finite_n_target({(2,): F(1)}, 1, 1000.0, 1.0) - 1000 / 2001) < 1e-9
    assert abs(finite_n_target({(2, 0): F(1), (0, 2): F(1)}, 2, 1000.0, 1.0) - 2000 / 2001) < 1e-7
    # x²y²: the m = 2 log-log term keeps the finite-nβ target well below λ = 1/2
    assert 0.3 < finite_n_target({(2, 2): F(1)}, 2, 1000.0, 1.0) < 0.45
    assert finite_n_target({(2, 2, 2): F(1)}, 3, 1000.0, 1.0) is None


def test_bad_requests_are_one_line_errors(capsys):
    assert main(["crosscheck", "--entries", "nope/x"]) == 2
    assert main(["crosscheck", "--entries", "normal-crossing/k1", "--device", "cuda"]) == 2 or torch.cuda.is_available()


@pytest.fixture
def one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)   # tiny tensors: extra intra-op threads only contend on a shared machine
    yield
    torch.set_num_threads(before)


def test_data_loss_scores_torch_entries_and_lists_the_skipped(tmp_path, one_thread):
    code = main(["crosscheck", "--entries", "rrr/M1-N1-H1-r0,normal-crossing/k1", "--loss", "data", "--n", "300",
                 "--draws", "200", "--burnin", "50", "--chains", "2", "--out", str(tmp_path), "--json"])
    assert code == 0
    data = json.loads((tmp_path / "results.json").read_text())
    (row,) = data["entries"]
    assert row["id"] == "rrr/M1-N1-H1-r0" and row["loss"] == "data" and row["n"] == 300
    assert row["estimator"] == "sgld" and row["device"] == "cpu" and row["finite_n_target"] is None
    assert row["hyperparameters"]["n"] == 300 and row["hyperparameters"]["batch_size"] is None
    assert row["estimate"]["mean"] == row["estimate"]["mean"]
    assert data["skipped"] == [{"id": "normal-crossing/k1", "reason": data["skipped"][0]["reason"]}]
    assert "torch model" in data["skipped"][0]["reason"]
    report = (tmp_path / "report.md").read_text()
    assert "normal-crossing/k1" in report and "n = 300" in report and data["settings"]["loss"] == "data"


def test_data_loss_is_deterministic_given_seed_and_minibatches(one_thread):
    kw = dict(loss="data", n=200, nbeta=100.0, num_draws=60, num_burnin=10, num_chains=2, progress=False,
              batch_size=50)
    a = crosscheck(["rrr/M1-N1-H1-r0"], **kw)
    b = crosscheck(["rrr/M1-N1-H1-r0"], **kw)
    assert json.dumps(a[0]["estimate"]) == json.dumps(b[0]["estimate"])   # acceptance is NaN with minibatches
    assert a[0]["hyperparameters"]["batch_size"] == 50


def test_data_loss_refuses_entries_without_a_torch_model(capsys):
    assert main(["crosscheck", "--entries", "normal-crossing/k1", "--loss", "data"]) == 2
    assert "torch model" in capsys.readouterr().err
    assert main(["crosscheck", "--entries", "normal-crossing/k1", "--estimator", "nope"]) == 2


def test_devinterp_estimator_option(tmp_path, one_thread):
    from rlct.estimators.devinterp_adapter import available
    if not available():
        assert main(["crosscheck", "--entries", "normal-crossing/k1", "--estimator", "devinterp"]) == 2
        return
    rows = crosscheck(["normal-crossing/k1"], estimator="devinterp", num_draws=300, num_burnin=100, num_chains=4,
                      progress=False, out_dir=tmp_path)
    r = rows[0]
    assert r["estimator"] == "devinterp" and r["estimate"]["details"]["estimator"] == "devinterp"
    assert abs(r["estimate"]["mean"] - 0.5) < 0.1 + 4 * r["estimate"]["stderr"], r["estimate"]
    assert "devinterp on the exact population loss" in (tmp_path / "report.md").read_text()


def test_rows_do_not_depend_on_jobs():
    kw = dict(num_draws=100, num_burnin=20, num_chains=2, progress=False)
    ids = ["normal-crossing/k1", "regular/d2", "rrr/M1-N1-H1-r0"]
    serial = crosscheck(ids, **kw)
    parallel = crosscheck(ids, jobs=2, **kw)
    assert [r["id"] for r in parallel] == ids
    for a, b in zip(serial, parallel):
        for key in ("estimate", "hyperparameters", "mean_trace"):   # as JSON: NaN == NaN there
            assert json.dumps(a[key]) == json.dumps(b[key])


def test_a_failing_worker_names_its_entry():
    with pytest.raises(RuntimeError, match="normal-crossing/k1|regular/d2"):
        crosscheck(["normal-crossing/k1", "regular/d2"], dtype="float16", jobs=2, progress=False)


def test_jobs_must_be_positive(capsys):
    assert main(["crosscheck", "--entries", "normal-crossing/k1", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")


@cuda
def test_harness_on_cuda(tmp_path):
    code = main(["crosscheck", "--entries", "normal-crossing/k1,rrr/M2-N2-H1-r0", "--device", "cuda", "--draws", "400",
                 "--burnin", "200", "--chains", "4", "--out", str(tmp_path), "--json"])
    assert code == 0
    data = json.loads((tmp_path / "results.json").read_text())
    assert [r["device"] for r in data["entries"]] == ["cuda", "cuda"]
    k1 = data["entries"][0]
    assert abs(k1["estimate"]["mean"] - k1["finite_n_target"]) < 0.25 * k1["finite_n_target"] + 4 * k1["estimate"]["stderr"]


@cuda
def test_cuda_data_loss_with_minibatches():
    rows = crosscheck(["rrr/M1-N2-H1-r0"], loss="data", n=500, batch_size=50, device="cuda", num_draws=200,
                      num_burnin=50, num_chains=4, progress=False)
    assert rows[0]["device"] == "cuda" and rows[0]["estimate"]["mean"] == rows[0]["estimate"]["mean"]


def test_by_family_splits_by_multiplicity_and_keeps_the_sign():
    from rlct.crosscheck_report import by_family

    def row(family, m, rel, z, zt=None):
        return {"family": family, "truth": {"m": m}, "relative_error": rel, "z": z, "z_vs_target": zt,
                "estimate": {"mean": 1.0 + rel}}
    rows = [row("dln", 3, -0.3, -5.0, 0.5), row("dln", 2, -0.4, -6.0), row("dln", 1, 0.05, 0.4),
            row("arrangement", 1, 0.1, 1.0, 4.0)]
    groups = {(g["family"], g["m"]): g for g in by_family(rows)}
    assert list(groups) == [("arrangement", "m=1"), ("dln", "m=1"), ("dln", "m≥2")]
    low = groups[("dln", "m≥2")]
    assert low["entries"] == 2 and abs(low["median_relative_error"] + 0.35) < 1e-12
    assert abs(low["median_abs_relative_error"] - 0.35) < 1e-12 and low["within_3se_of_truth"] == 0
    assert low["with_finite_n_target"] == 1 and low["within_3se_of_target"] == 1
    assert groups[("arrangement", "m=1")]["within_3se_of_target"] == 0
