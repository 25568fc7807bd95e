"""Tests of the certified Newton value (rlct.newton.newton_value) and its certificate checker.

Expected values are worked out by hand from REFERENCE.md §2 (see the comment on each table row);
the property tests compare against an independent computation from the exact facet list.
"""
from __future__ import annotations

import copy
import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlct.errors import InputError
from rlct.faces import facets
from rlct.newton import CertificateError, newton_value, verify_newton_certificate
from oracles import exact_rank

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# independent reference computation from the facet list


_rank = exact_rank


def facet_newton_value(support, weight=None) -> tuple[Fraction, int]:
    """(λ_N, m_N) from the exact facets ⟨a,x⟩ ≥ b of P: λ = min_{b>0} ⟨a,w⟩/b, m = rank of the
    normals of the facets through p = w/λ (the dimension of the normal cone at p)."""
    pts = np.array(support, dtype=np.int64)
    n = pts.shape[1]
    w = tuple(weight) if weight is not None else (1,) * n
    fl = facets(pts)
    lam = min(Fraction(sum(a_i * w_i for a_i, w_i in zip(a, w)), b) for a, b in fl if b > 0)
    p = [Fraction(w_i) / lam for w_i in w]
    tight = [list(a) for a, b in fl if sum(a_i * p_i for a_i, p_i in zip(a, p)) == b]
    return lam, _rank(tight)


# ---------------------------------------------------------------------------------------------
# strategies


@st.composite
def support_and_weight(draw, min_n=2, max_n=5, max_exp=4, max_pts=7, max_w=3):
    n = draw(st.integers(min_n, max_n))
    point = st.tuples(*[st.integers(0, max_exp)] * n).filter(any)
    pts = draw(st.lists(point, min_size=1, max_size=max_pts, unique=True))
    w = draw(st.tuples(*[st.integers(1, max_w)] * n))
    return pts, w


# ---------------------------------------------------------------------------------------------
# known values, each worked out by hand (P = conv(supp) + R^n_{>=0}, w = h + 1, t·w ∈ ∂P, λ = 1/t,
# m = codim of the smallest face containing p = t·w)

KNOWN = [
    # x²y²: P = (2,2) + R², t(1,1) ∈ ∂P at t = 2; p = (2,2) is a vertex: codim 2
    pytest.param([(2, 2)], None, Fraction(1, 2), 2, id="x2y2"),
    # x² + y³: edge 3x + 2y = 6, 5t = 6; p = (6/5, 6/5) inside the edge: codim 1
    pytest.param([(2, 0), (0, 3)], None, Fraction(5, 6), 1, id="x2+y3"),
    # x⁴ + x²y² + y⁶: edges x+y=4 and 2x+y=6 meet at the vertex (2,2) = 2·(1,1)
    pytest.param([(4, 0), (2, 2), (0, 6)], None, Fraction(1, 2), 2, id="x4+x2y2+y6"),
    # ⟨y², x³⟩ squared: y⁴ + x⁶ (variables x, y), edge 2x + 3y = 12, 5t = 12: 5/12 = lct/2
    pytest.param([(6, 0), (0, 4)], None, Fraction(5, 12), 1, id="y4+x6"),
    # x² + y² with prior |x| (w = (2,1)): edge x + y = 2, 3t = 2; p = (4/3, 2/3) inside the edge
    pytest.param([(2, 0), (0, 2)], (2, 1), Fraction(3, 2), 1, id="x2+y2-prior-x"),
    # (ab)² + (cd)²: p = (1,1,1,1) is the midpoint of the segment [(2,2,0,0),(0,0,2,2)], a face of
    # dimension 1 (normal cone {a >= 0 : a1 + a2 = a3 + a4}, dimension 3): λ = 1, m = 3
    pytest.param([(2, 2, 0, 0), (0, 0, 2, 2)], None, Fraction(1), 3, id="(ab)2+(cd)2"),
    # regular model Σ w_i² in 3 variables: triangle x+y+z = 2, t = 2/3, λ = 3/2, interior point
    pytest.param([(2, 0, 0), (0, 2, 0), (0, 0, 2)], None, Fraction(3, 2), 1, id="regular-3"),
    # x² alone in 2 variables: P = {x >= 2}, t = 2, face x = 2 (unbounded in y): codim 1
    pytest.param([(2, 0)], None, Fraction(1, 2), 1, id="x2-in-2-vars"),
    # (x+y)² support: x² + xy + y²; the edge x+y = 2 contains (1,1) = p: λ_N = 1, m = 1
    pytest.param([(2, 0), (1, 1), (0, 2)], None, Fraction(1), 1, id="(x+y)2"),
    # x²y² + x⁶ with prior |y| (w = (1,2)): facets x >= 2, y >= 0 and the edge x + 2y >= 6.
    # x >= 2 gives t >= 2, the edge 5t >= 6; so t = 2, p = (2,4), on x = 2 only: λ = 1/2, m = 1
    pytest.param([(2, 2), (6, 0)], (1, 2), Fraction(1, 2), 1, id="x2y2+x6-prior-y"),
    # same support, w = (1,1): x >= 2 and the edge 3t >= 6 both give t = 2: p = (2,2) is the vertex
    # (normals (1,0), (1,2) independent): λ = 1/2, m = 2
    pytest.param([(2, 2), (6, 0)], None, Fraction(1, 2), 2, id="x2y2+x6"),
    # a²b² + c²  (Thom–Sebastiani: (1/2, 2) ⊕ (1/2, 1) = (1, 2))
    pytest.param([(2, 2, 0), (0, 0, 2)], None, Fraction(1), 2, id="a2b2+c2"),
]


@pytest.mark.parametrize("support, weight, lam, m", KNOWN)
def test_known_values(support, weight, lam, m):
    v = newton_value(support, weight)
    assert (v.lam, v.m) == (lam, m)
    assert v.t == 1 / lam
    w = weight or (1,) * len(support[0])
    assert v.point == tuple(Fraction(k) / lam for k in w)
    assert verify_newton_certificate(support, v.certificate) == (lam, m)
    # the independent facet computation agrees with the hand value as well
    assert facet_newton_value(support, weight) == (lam, m)


def test_known_principal_faces():
    v = newton_value([(4, 0), (2, 2), (0, 6)])
    assert v.principal_face.points == ((2, 2),) and v.principal_face.dimension == 0
    v = newton_value([(2, 0), (0, 3)])
    assert v.principal_face.points == ((0, 3), (2, 0)) and v.principal_face.is_compact
    v = newton_value([(2, 0, 0), (0, 2, 0)])  # x² + y² in (x, y, z): edge + cone(e_z)
    assert v.principal_face.directions == (2,) and not v.principal_face.is_compact
    assert (v.lam, v.m) == (1, 1)  # t(1,1,1): x + y >= 2 gives t = 1; face dim 2


@st.composite
def normal_crossing(draw):
    n = draw(st.integers(1, 5))
    k = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    h = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    return k, h


@SETTINGS
@given(normal_crossing())
def test_normal_crossing(kh):
    """K = Π w_j^{2k_j}, φ = |Π w_j^{h_j}|: λ = min (h_j+1)/(2k_j), m = #argmin (REFERENCE §4)."""
    k, h = kh
    ratios = [Fraction(hj + 1, 2 * kj) for kj, hj in zip(k, h)]
    lam = min(ratios)
    m = ratios.count(lam)
    v = newton_value([tuple(2 * kj for kj in k)], [hj + 1 for hj in h])
    assert (v.lam, v.m) == (lam, m)
    assert verify_newton_certificate([tuple(2 * kj for kj in k)], v.certificate) == (lam, m)


# ---------------------------------------------------------------------------------------------
# property tests


@SETTINGS
@given(support_and_weight())
def test_matches_facet_computation(sw):
    pts, w = sw
    v = newton_value(pts, w)
    assert (v.lam, v.m) == facet_newton_value(pts, w)
    # the principal face's codimension is the multiplicity, and p lies on it
    assert v.m == len(w) - v.principal_face.dimension
    face = v.principal_face
    assert sum(a * x for a, x in zip(face.normal, v.point)) == face.level


@SETTINGS
@given(support_and_weight())
def test_certificate_verifies_and_round_trips_json(sw):
    pts, w = sw
    v = newton_value(pts, w)
    assert verify_newton_certificate(pts, v.certificate) == (v.lam, v.m)
    cert = json.loads(json.dumps(v.certificate))
    assert cert == v.certificate
    assert verify_newton_certificate(pts, cert) == (v.lam, v.m)
    # the support may be given in any order, and as a numpy array
    assert verify_newton_certificate(np.array(pts[::-1]), cert) == (v.lam, v.m)


@SETTINGS
@given(support_and_weight(), st.randoms(use_true_random=False))
def test_permutation_invariance(sw, rnd):
    pts, w = sw
    n = len(w)
    perm = list(range(n))
    rnd.shuffle(perm)
    v = newton_value(pts, w)
    u = newton_value([tuple(p[i] for i in perm) for p in pts], [w[i] for i in perm])
    assert (u.lam, u.m) == (v.lam, v.m)
    assert u.point == tuple(v.point[i] for i in perm)


@SETTINGS
@given(support_and_weight(max_n=4), st.integers(2, 4))
def test_scaling(sw, s):
    """K → K^s multiplies every exponent by s: λ/s, same m (REFERENCE §4, powers)."""
    pts, w = sw
    v = newton_value(pts, w)
    u = newton_value([tuple(s * k for k in p) for p in pts], w)
    assert (u.lam, u.m) == (v.lam / s, v.m)


@SETTINGS
@given(support_and_weight(min_n=1, max_n=3, max_pts=5), support_and_weight(min_n=1, max_n=3, max_pts=5))
def test_thom_sebastiani(sw1, sw2):
    """Disjoint variables: λ(K1(x) + K2(y)) = λ1 + λ2, m = m1 + m2 − 1 (Lin 2017 Prop 3.7)."""
    (p1, w1), (p2, w2) = sw1, sw2
    n1, n2 = len(w1), len(w2)
    v1, v2 = newton_value(p1, w1), newton_value(p2, w2)
    joined = [tuple(p) + (0,) * n2 for p in p1] + [(0,) * n1 + tuple(p) for p in p2]
    v = newton_value(joined, tuple(w1) + tuple(w2))
    assert v.lam == v1.lam + v2.lam
    assert v.m == v1.m + v2.m - 1
    assert verify_newton_certificate(joined, v.certificate) == (v.lam, v.m)


@SETTINGS
@given(support_and_weight(), st.data())
def test_dominated_points_change_nothing(sw, data):
    pts, w = sw
    n = len(w)
    v = newton_value(pts, w)
    extra = []
    for _ in range(data.draw(st.integers(1, 4))):
        base = data.draw(st.sampled_from(pts))
        shift = data.draw(st.tuples(*[st.integers(0, 3)] * n))
        extra.append(tuple(b + s for b, s in zip(base, shift)))
    bigger = list(dict.fromkeys(pts + extra))
    u = newton_value(bigger, w)
    assert (u.lam, u.m, u.t, u.point) == (v.lam, v.m, v.t, v.point)
    assert verify_newton_certificate(bigger, u.certificate) == (v.lam, v.m)


@SETTINGS
@given(support_and_weight())
def test_duplicate_points_change_nothing(sw):
    pts, w = sw
    v = newton_value(pts, w)
    u = newton_value(pts + pts[:2], w)
    assert (u.lam, u.m) == (v.lam, v.m)
    assert len(set(u.principal_face.points)) == len(u.principal_face.points)
    assert verify_newton_certificate(pts + pts[:2], u.certificate) == (v.lam, v.m)


# ---------------------------------------------------------------------------------------------
# input validation


@pytest.mark.parametrize("support, weight", [
    ([], None),                     # no monomial
    ([(0, 0), (2, 0)], None),       # constant term
    ([(-1, 2)], None),              # negative exponent
    ([(2, 0)], (1,)),               # weight of the wrong length
    ([(2, 0)], (1, 0)),             # weight entry < 1 (h + 1 >= 1)
])
def test_bad_input(support, weight):
    with pytest.raises(InputError):
        newton_value(support, weight)


# ---------------------------------------------------------------------------------------------
# corrupted certificates


def _f(x) -> Fraction:
    return Fraction(x)


def _s(q: Fraction) -> str:
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _corrupt_t_only(c):
    c["t"] = _s(_f(c["t"]) + 1)


def _corrupt_t_consistently(factor):
    def go(c):  # keep t, λ, p and the dual level consistent with each other
        t = _f(c["t"]) * factor
        c["t"], c["lambda"], c["dual"]["level"] = _s(t), _s(1 / t), _s(t)
        c["point"] = [_s(t * k) for k in c["weight"]]
    return go


def _corrupt_lambda(c):
    c["lambda"] = _s(_f(c["lambda"]) * 2)


def _corrupt_dual_entry(c):
    c["dual"]["normal"][0] = _s(_f(c["dual"]["normal"][0]) + Fraction(1, 3))


def _corrupt_dual_normalised(c):
    # a different normal with <a, w> = 1 that is not optimal: all mass on the last coordinate
    # after moving it from the first (may or may not violate: callers pick examples where it does)
    n = len(c["weight"])
    a = [Fraction(0)] * n
    a[-1] = Fraction(1, c["weight"][-1])
    c["dual"]["normal"] = [_s(x) for x in a]


def _corrupt_dual_negative(c):
    # keep <a, w> = 1 but make a_0 = -1/w_0 < 0 by moving the difference onto a_1
    a = [_f(x) for x in c["dual"]["normal"]]
    w = c["weight"]
    x = a[0] * w[0] + 1
    a[0] -= Fraction(x, w[0])
    a[1] += Fraction(x, w[1])
    c["dual"]["normal"] = [_s(x) for x in a]


def _corrupt_dual_level(c):
    c["dual"]["level"] = _s(_f(c["dual"]["level"]) / 2)


def _corrupt_face_weight(c):
    c["face"]["weights"][0] = _s(_f(c["face"]["weights"][0]) + Fraction(1, 7))


def _corrupt_face_weights_keep_sum(c):
    ws = [_f(x) for x in c["face"]["weights"]]
    d = min(ws) / 2
    ws[0] -= d
    ws[1] += d
    c["face"]["weights"] = [_s(x) for x in ws]


def _corrupt_face_weight_zero(c):
    ws = [_f(x) for x in c["face"]["weights"]]
    ws[1] += ws[0]
    ws[0] = Fraction(0)
    c["face"]["weights"] = [_s(x) for x in ws]


def _corrupt_multiplicity_up(c):
    c["multiplicity"] += 1


def _corrupt_multiplicity_down(c):
    c["multiplicity"] -= 1


def _corrupt_face_point(c):
    c["face"]["points"][0][0] += 1


def _drop_face_point(c):
    del c["face"]["points"][0]
    del c["face"]["weights"][0]
    ws = [_f(x) for x in c["face"]["weights"]]
    c["face"]["weights"] = [_s(x / sum(ws)) for x in ws]


def _corrupt_face_normal(c):
    c["face"]["normal"][0] += 1


def _face_normal_unit(c):
    c["face"]["normal"] = [1] + [0] * (len(c["weight"]) - 1)


def _corrupt_slack(c):
    c["face"]["slack"][0] = _s(_f(c["face"]["slack"][0]) + 1)


def _drop_slack(c):
    c["face"]["slack"] = []


def _corrupt_weight(c):
    c["weight"][0] += 1


CORRUPTIBLE = {
    "x2+y3": [(2, 0), (0, 3)],                      # edge: two face weights
    "x4+x2y2+y6": [(4, 0), (2, 2), (0, 6)],         # vertex: one face weight
    "(ab)2+(cd)2": [(2, 2, 0, 0), (0, 0, 2, 2)],    # segment with codim 3
    "x2+y2-in-xyz": [(2, 0, 0), (0, 2, 0)],         # unbounded face: a slack
    "x2y2z4": [(2, 2, 4)],                          # normal crossing: slacks
}

CASES = [
    ("t", _corrupt_t_only, None),
    ("t-consistent-up", _corrupt_t_consistently(2), None),
    ("t-consistent-down", _corrupt_t_consistently(Fraction(1, 2)), None),
    ("lambda", _corrupt_lambda, None),
    ("dual-entry", _corrupt_dual_entry, None),
    ("dual-level", _corrupt_dual_level, None),
    ("dual-normalised", _corrupt_dual_normalised, {"x2+y3", "x4+x2y2+y6", "x2+y2-in-xyz"}),
    ("dual-negative", _corrupt_dual_negative, None),
    ("face-weight", _corrupt_face_weight, None),
    ("face-weights-keep-sum", _corrupt_face_weights_keep_sum, {"x2+y3", "(ab)2+(cd)2"}),
    ("face-weight-zero", _corrupt_face_weight_zero, {"x2+y3", "(ab)2+(cd)2"}),
    ("multiplicity-up", _corrupt_multiplicity_up, None),
    ("multiplicity-down", _corrupt_multiplicity_down, None),
    ("face-point", _corrupt_face_point, None),
    ("drop-face-point", _drop_face_point, {"x2+y3", "(ab)2+(cd)2"}),
    ("face-normal", _corrupt_face_normal, None),
    ("face-normal-unit", _face_normal_unit, None),
    ("slack", _corrupt_slack, {"x2+y2-in-xyz", "x2y2z4"}),
    ("drop-slack", _drop_slack, {"x2+y2-in-xyz", "x2y2z4"}),
    ("weight", _corrupt_weight, None),
]


@pytest.mark.parametrize("name, corrupt", [
    pytest.param(ex, fn, id=f"{ex}-{kind}")
    for kind, fn, only in CASES for ex in CORRUPTIBLE if only is None or ex in only])
def test_corrupted_certificate_fails(name, corrupt):
    support = CORRUPTIBLE[name]
    v = newton_value(support)
    cert = copy.deepcopy(v.certificate)
    corrupt(cert)
    assert cert != v.certificate
    with pytest.raises(CertificateError):
        verify_newton_certificate(support, cert)
    # the original still passes (the corruption did not leak into it)
    assert verify_newton_certificate(support, v.certificate) == (v.lam, v.m)


def test_certificate_for_other_support_fails():
    v = newton_value([(2, 0), (0, 3)])
    with pytest.raises(CertificateError):
        verify_newton_certificate([(2, 0), (0, 2)], v.certificate)
    with pytest.raises(CertificateError):  # a new point below the claimed boundary
        verify_newton_certificate([(2, 0), (0, 3), (1, 1)], v.certificate)


def test_face_normal_of_wrong_length_is_a_certificate_error():
    """Regression: a face normal of the wrong length used to raise numpy's ValueError."""
    v = newton_value([(2, 0), (0, 3)])
    cert = copy.deepcopy(v.certificate)
    cert["face"]["normal"] = cert["face"]["normal"][:1]
    with pytest.raises(CertificateError):
        verify_newton_certificate([(2, 0), (0, 3)], cert)
