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
    assert (tmp_path / "calibration.png").stat().st_size > 1000
    assert json.loads(capsys.readouterr().out)["summary"]["entries"] == 2


def test_deterministic_given_seed():
    a = crosscheck(["normal-crossing/k1"], num_draws=100, num_burnin=20, num_chains=2, progress=False)
    b = crosscheck(["normal-crossing/k1"], num_draws=100, num_burnin=20, num_chains=2, progress=False)
    assert a[0]["estimate"] == b[0]["estimate"]


def test_calibration_prefers_the_largest_passing_step():
    c = calibrate(population_loss("x**2"), torch.zeros(1, dtype=torch.float64), nbeta=1000.0)
    assert c.rows[-1]["passed"] and all(not r["passed"] for r in c.rows[:-1])
    assert c.step_size == c.rows[-1]["step_size"]


def test_finite_n_targets():
    assert abs(finite_n_target({(2,): F(1)}, 1, 1000.0, 1.0) - 1000 / 2001) < 1e-9
    assert abs(finite_n_target({(2, 0): F(1), (0, 2): F(1)}, 2, 1000.0, 1.0) - 2000 / 2001) < 1e-7
    # x²y²: the m = 2 log-log term keeps the finite-nβ target well below λ = 1/2
    assert 0.3 < finite_n_target({(2, 2): F(1)}, 2, 1000.0, 1.0) < 0.45
    assert finite_n_target({(2, 2, 2): F(1)}, 3, 1000.0, 1.0) is None


def test_bad_requests_are_one_line_errors(capsys):
    assert main(["crosscheck", "--entries", "nope/x"]) == 2
    assert main(["crosscheck", "--entries", "normal-crossing/k1", "--device", "cuda"]) == 2 or torch.cuda.is_available()
