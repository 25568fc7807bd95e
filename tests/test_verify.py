"""verify(): accepts the engine's own results and rejects doctored ones (review findings C1–C3, S1, S2)."""
import copy
import json
from fractions import Fraction as F

import pytest

from rlct import InputError, SumOfSquares, learning_coefficient, verify
from rlct.newton import CertificateError, newton_value


def test_sign_changing_face_is_refused_not_certified():
    # K(√3, 1) < 0: the face polynomial has simple real torus zeros (C1)
    for K in ["x**4 - 6*x**2*y**2 + 17/2*y**4", "(x**2 - 3*y**2)**2 - y**4/2",
              "x**4 - 6*x**2*y**2 + 17/2*y**4 + z**2"]:
        with pytest.raises(InputError, match="negative"):
            learning_coefficient(K)


def test_positive_definite_quadratic_in_three_variables_is_exact():
    r = learning_coefficient("x**2 + x*y + y**2 + x*z + z**2")
    assert (r.lam, r.m, r.status) == (F(3, 2), 1, "exact") and verify(r)


def test_newton_weight_must_match_the_prior():
    r = learning_coefficient("x**2 + x*y + y**2")
    d = copy.deepcopy(r.to_dict())
    d["certificate"]["newton"] = newton_value([(2, 0), (1, 1), (0, 2)], (3, 1)).certificate
    d["lambda"] = d["upper"] = d["lower"] = "2"
    with pytest.raises(CertificateError, match="weight"):
        verify(d)


def test_single_generator_certificate_cannot_be_moved_to_a_larger_ideal():
    good = learning_coefficient(SumOfSquares(["x**2 - y**3"])).to_dict()
    node = good["certificate"]
    while node["kind"] != "single-generator":
        node = node["parts"][0]
    doctored = copy.deepcopy(node)
    doctored["problem"]["generators"].append([[[0, 1], "1"]])   # add the generator y
    with pytest.raises(CertificateError):
        verify({"lambda": "5/12", "m": 1, "status": "exact", "certificate": doctored})


def test_power_rule_needs_a_single_generator():
    child = learning_coefficient(SumOfSquares(["x"]), variables=["x", "y"]).certificate
    cert = {"kind": "rule:power", "power": 2, "parts": [child],
            "problem": {"variables": ["x", "y"], "prior": [0, 0],
                        "generators": [[[[2, 0], "1"]], [[[0, 1], "1"]]]}}
    with pytest.raises(CertificateError):
        verify({"lambda": "1/4", "m": 1, "status": "exact", "certificate": cert})


def test_product_exact_below_other_lower_bounds_verifies():
    r = learning_coefficient("x**6*((y + z)**2 + z**4)")
    assert (r.lam, r.m, r.status) == (F(1, 6), 1, "exact")
    assert verify(r)


def test_claimed_lower_bound_must_be_certified():
    d = learning_coefficient("(x**2 - 2*y**3 + z**5)**2 + x**2*y**2*z**2", time_limit=5).to_dict()
    assert d["status"] == "upper_bound"
    d["lower"] = d["lambda"]
    with pytest.raises(CertificateError, match="lower bound"):
        verify(d)


def test_variables_must_match():
    d = learning_coefficient("x**2 + y**4").to_dict()
    d["variables"] = ["p", "q"]
    with pytest.raises(CertificateError, match="variables"):
        verify(d)


@pytest.mark.parametrize("K", ["x**2*y**2 + x**4 + y**6", "(x**2 - y**3)**2", "(x - y)**4*(z**2 + w**2)",
                               "x**2*(y**2 + z**4)*(1 + w)", "(y - x**2)**2 + x**6", "(x**2 - y**2)**2"])
def test_engine_results_verify_after_json(K):
    d = json.loads(json.dumps(learning_coefficient(K).to_dict()))
    assert verify(d)


def test_plane_curves_refuse_a_hidden_sign_change():
    # (x+y)² + x³y⁵ + y⁷ ≈ y⁷(1 − y) on x = −y: negative for small y < 0
    with pytest.raises(InputError, match="negative"):
        learning_coefficient("(x + y)**2 + x**3*y**5 + y**7")
