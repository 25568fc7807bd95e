"""Shared checks for the linear-network tests (block elimination, matrix changes): the engine on RRR at a
rank-r point must match Aoyagi–Watanabe exactly, through the rule the test is about, and verify."""
import rlct
from rlct.families import rrr as rrr_closed_form
from rlct.models import linear
from rlct.verify import verify


def certificate_kinds(cert: dict) -> set:
    """Every certificate kind in the tree."""
    return {cert["kind"]} | {k for part in cert.get("parts", []) for k in certificate_kinds(part)}


def assert_rrr_exact_through(M: int, N: int, H: int, r: int, kind: str) -> None:
    model = linear.rrr(M, N, H, r)
    result = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=60)
    truth = rrr_closed_form(M, N, H, r)
    assert (result.lam, result.m, result.status) == (truth.lam, truth.m, "exact")
    assert kind in certificate_kinds(result.certificate)
    assert verify(result)
