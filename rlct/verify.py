"""Re-check a certificate without re-running the search.

Each certificate node names its rule and its problem; :func:`check` recomputes what the node proves
from that data alone — exact LP certificates are re-checked by arithmetic, polynomial identities
(sums, products, powers, unit factors) by exact expansion, face verdicts by substituting witnesses
or recomputing the named algebraic certificate — and returns the certified (λ, m, exact?).

Examples
--------
>>> import rlct
>>> r = rlct.learning_coefficient("x**2*y**2 + x**4 + y**6")
>>> verify(r)
True
>>> bad = r.to_dict(); bad["lambda"] = "1/3"
>>> verify(bad)
Traceback (most recent call last):
...
rlct.newton.CertificateError: certificate proves λ = 1/2, the result claims 1/3
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .newton import CertificateError, compact_faces, face_polynomial, verify_newton_certificate
from .poly import Polynomial, _ring, fraction_str, from_ring_element, to_ring_element
from .problem import Problem
from .result import LC
from . import rules


@dataclass(frozen=True)
class Claim:
    lam: Fraction
    m: int
    exact: bool
    lower: Fraction | None = None

    def __post_init__(self):
        if self.exact:
            object.__setattr__(self, "lower", self.lam)


def verify(result) -> bool:
    """True if the certificate proves the result's λ, m and status; raises CertificateError otherwise.

    Accepts an :class:`~rlct.result.LC`, its ``to_dict()`` (e.g. loaded from ``rlct lc --json``),
    or a bare certificate (then only its internal consistency is checked).
    """
    if isinstance(result, LC):
        result = result.to_dict()
    cert = result.get("certificate", result) if isinstance(result, dict) else None
    if not isinstance(cert, dict) or "kind" not in cert:
        raise CertificateError("not a certificate")
    claim = check(cert)
    if "lambda" in result:
        lam, status = Fraction(result["lambda"]), result["status"]
        if claim.lam != lam:
            raise CertificateError(f"certificate proves λ = {fraction_str(claim.lam)}, the result claims "
                                   f"{fraction_str(lam)}")
        if status == "exact" and not claim.exact:
            raise CertificateError("the result says exact but the certificate proves only an upper bound")
        if status == "exact" and int(result["m"]) != claim.m:
            raise CertificateError(f"certificate proves m = {claim.m}, the result claims {result['m']}")
        lower = result.get("lower")
        if lower is not None and (claim.lower is None or Fraction(lower) > claim.lower):
            raise CertificateError(f"the result claims a lower bound {lower} the certificate does not prove")
        root = cert.get("problem")
        if root is not None and "variables" in result and list(result["variables"]) != list(root["variables"]):
            raise CertificateError("the result's variables differ from the certificate's problem")
    return True


def check(cert: dict) -> Claim:
    """What one certificate node proves."""
    kind = cert.get("kind") if isinstance(cert, dict) else None
    if isinstance(kind, str) and kind.startswith("family:"):
        return _family(cert)
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise CertificateError(f"unknown certificate kind {kind!r}")
    try:
        return handler(cert, Problem.from_json(cert["problem"]))
    except CertificateError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, ZeroDivisionError, AttributeError, OverflowError) as exc:
        raise CertificateError(f"malformed {kind} certificate ({type(exc).__name__}: {exc})") from None


def _family(cert: dict) -> Claim:
    """A closed form: recompute it from the certificate's parameters (the theorem is the proof)."""
    from .errors import InputError
    from .families import evaluate

    try:
        r = evaluate(cert["kind"], dict(cert["params"]))
    except (InputError, KeyError, TypeError) as exc:
        raise CertificateError(f"bad family certificate: {exc}") from None
    _require(r.certificate.get("case") == cert.get("case"), "the family case differs")
    return Claim(r.lam, r.m, r.is_exact, r.lower)


def _newton(cert: dict, P: Problem) -> Claim:
    _require([int(k) for k in cert["newton"]["weight"]] == list(P.weight), "Newton weight is not h + 1")
    lam, m = verify_newton_certificate(P.ideal_support(), cert["newton"])
    scale = 2 if P.is_sos else 1
    _require(int(cert["scale"]) == scale, "wrong scale between P(K) and P(I)")
    from .strategies import lower_bound
    return Claim(lam / scale, m, _nondegeneracy_holds(P, cert["nondegeneracy"]), lower_bound(P))


def _nondegeneracy_holds(P: Problem, nd: dict) -> bool:
    if nd["status"] != "certified":
        return False
    method = nd["method"]
    if method == "positive-even":
        _require(not P.is_sos and all(c > 0 and all(k % 2 == 0 for k in e) for e, c in P.K.terms.items()),
                 "positive-even claimed but K has a negative or odd monomial")
        return True
    if method == "monomial-ideal":
        _require(P.is_sos and all(len(g.terms) == 1 for g in P.generators), "not a monomial ideal")
        return True
    _require(method == "faces", f"unknown non-degeneracy method {method!r}")
    from .nondegeneracy import verify_verdict
    from .strategies import face_system

    from .strategies import positive_definite_form

    records = _faces_match(P.ideal_support(), nd["faces"])
    for face, record in records:
        verdict = record["verdict"]
        polys, system_n = face_system(P, face)
        _require(verdict["status"] == "none", "a face is not certified")
        # a verdict on K itself may not lean on K >= 0 (critical-point systems): the input is a promise
        _require(P.is_sos or ":" not in verdict["reason"], "a face verdict assumes K >= 0")
        if verdict["reason"] == "positive-definite-form":
            _require(not P.is_sos and positive_definite_form(polys[0], system_n), "form is not positive definite")
            continue
        _require(verify_verdict(polys, system_n, verdict), f"face verdict fails for {face.points}")
    return True


def _faces_match(support, records: list) -> list:
    """The recorded faces must be exactly the compact faces of P (recomputed exactly)."""
    faces = compact_faces(support)
    by_points = {tuple(tuple(p) for p in r["face"]["points"]): r for r in records}
    _require(len(by_points) == len(faces) == len(records), "face list is incomplete")
    out = []
    for face in faces:
        record = by_points.get(face.points)
        _require(record is not None, f"face {face.points} has no verdict")
        out.append((face, record))
    return out


def _single_generator(cert: dict, P: Problem) -> Claim:
    from .nondegeneracy import verify_verdict
    from .strategies import _single_generator_value

    _require(P.is_sos and len(P.generators) == 1, "the single-generator rule needs one generator")
    _require([int(k) for k in cert["newton"]["weight"]] == list(P.weight), "Newton weight is not h + 1")
    f = P.generators[0]
    inv_t, m_n = verify_newton_certificate(f.support, cert["newton"])
    zero_faces = []
    for face, record in _faces_match(f.support, cert["faces"]):
        f_face = face_polynomial(f.terms, face)
        _require(record["singular"]["status"] == "none", "a face polynomial may be singular")
        _require(verify_verdict([f_face], P.nvars, record["singular"]),
                 "singular-point verdict fails")
        zero = record["zero"]
        _require(zero["status"] in ("none", "zero") and verify_verdict([f_face], P.nvars, zero),
                 "torus-zero verdict fails")
        if zero["status"] == "zero":
            zero_faces.append(face.points)
    # the face points were checked against the support by verify_newton_certificate
    principal = [tuple(int(k) for k in p) for p in cert["newton"]["face"]["points"]]
    rlct_f, m = _single_generator_value(inv_t, m_n, zero_faces, principal)
    return Claim(rlct_f / 2, m, True, rlct_f / 2)


def _normal_crossing(cert: dict, P: Problem) -> Claim:
    lam, m = rules.normal_crossing(P)
    return Claim(lam, m, True)


def _regular(cert: dict, P: Problem) -> Claim:
    j = P.variables.index(cert["variable"])
    f = P.generators[0] if P.is_sos and len(P.generators) == 1 else None
    unit = tuple(int(i == j) for i in range(P.nvars))
    _require(f is not None and unit in f.terms and P.prior[j] == 0, "no linear term where claimed")
    return Claim(Fraction(1, 2), 1, True)


def _free_variables(cert: dict, P: Problem) -> Claim:
    (child_cert,) = cert["parts"]
    child = Problem.from_json(child_cert["problem"])
    keep = [P.variables.index(v) for v in child.variables]
    _require(set(cert["dropped"]) == set(P.variables) - set(child.variables), "dropped variables differ")
    _require(not any(e[P.variables.index(v)] for v in cert["dropped"] for e in P.K.terms),
             "a dropped variable occurs in K")
    _require(P.restrict(keep) == child, "child problem is not the restriction")
    return check(child_cert)


def _sum(cert: dict, P: Problem) -> Claim:
    children = [Problem.from_json(c["problem"]) for c in cert["parts"]]
    expected = rules.split_sum(P, rules.disjoint_components(P))
    _require(len(children) > 1 and children == expected, "parts are not the disjoint-variable split of K")
    return _sum_of(cert)


def _quadratic_split(cert: dict, P: Problem) -> Claim:
    """K = g(v) + R(u, v), R ≍ |u|² (recomputed from K): λ and m of Σ u_i² + g, a disjoint sum."""
    children = [Problem.from_json(c["problem"]) for c in cert["parts"]]
    _require(children == rules.quadratic_split(P), "parts are not the quadratic split of K")
    return _sum_of(cert)


def _block_elimination(cert: dict, P: Problem) -> Claim:
    """Generators linear in a block with an invertible matrix at the point become coordinates; the parts
    (Σ u_s², the rest) are recomputed from P exactly (rlct.elimination)."""
    from .elimination import check_block

    check_block(P, cert["block"], [Problem.from_json(c["problem"]) for c in cert["parts"]], cert["units"])
    return _sum_of(cert)


def _matrix_change(cert: dict, P: Problem) -> Claim:
    """x' = M(y)·x with M free of x and invertible at the point (re-substituted exactly) keeps λ and m."""
    from .matrix_change import check_matrix_change

    part, child = _only_part(cert, "a matrix change")
    check_matrix_change(P, cert["change"], child)
    return check(part)


def _only_part(cert: dict, what: str) -> tuple[dict, Problem]:
    """The one part of a change-of-coordinates node, and its problem."""
    _require(len(cert["parts"]) == 1, f"{what} has exactly one part")
    part = cert["parts"][0]
    return part, Problem.from_json(part["problem"])


def _sum_of(cert: dict) -> Claim:
    claims = [check(c) for c in cert["parts"]]
    lowers = [c.lower for c in claims]
    lower = sum(lowers, Fraction(0)) if all(x is not None for x in lowers) else None
    return Claim(sum((c.lam for c in claims), Fraction(0)), sum(c.m for c in claims) - len(claims) + 1,
                 all(c.exact for c in claims), lower)


def _product(cert: dict, P: Problem) -> Claim:
    children = [Problem.from_json(c["problem"]) for c in cert["parts"]]
    names = [set(c.variables) for c in children]
    _require(all(not (a & b) for i, a in enumerate(names) for b in names[:i]), "factors share variables")
    if P.is_sos:
        _require(len(P.generators) == 1 and all(c.is_sos and len(c.generators) == 1 for c in children),
                 "a product of generators needs single generators")
        product = _embed_product(P, [c.generators[0] for c in children], 1)
        ratio = _constant_ratio(P.generators[0], product)
        _require(ratio is not None, "generator is not a constant times the product of the parts")
    else:
        ratio = _constant_ratio(P.K, _embed_product(P, [c.K for c in children], 1))
        _require(ratio is not None and ratio > 0, "K is not a positive constant times the product of the parts")
    _require(all(c.prior == tuple(P.prior[P.variables.index(v)] for v in c.variables) for c in children),
             "priors do not match")
    claims = [check(c) for c in cert["parts"]]
    lam = min(c.lam for c in claims)
    winners = [c for c in claims if c.lam == lam]
    others_above = all(c.lower is not None and c.lower > lam for c in claims if c.lam != lam)
    exact = all(c.exact for c in claims) or (all(c.exact for c in winners) and others_above)
    lowers = [c.lower for c in claims]
    lower = min(lowers) if all(x is not None for x in lowers) else None
    return Claim(lam, sum(c.m for c in winners), exact, lower)


def _unit_factor(cert: dict, P: Problem) -> Claim:
    (child_cert,) = cert["parts"]
    child = Problem.from_json(child_cert["problem"])
    _require(child.variables == P.variables and child.prior == P.prior, "unit factor changed the variables")
    unit = Polynomial.from_json(P.variables, cert["unit"])
    at_zero = unit.terms.get((0,) * P.nvars, Fraction(0))
    _require(at_zero != 0, "the claimed unit vanishes at the point")
    _require(child.is_sos == P.is_sos and (not P.is_sos or len(P.generators) == len(child.generators) == 1),
             "a unit factor needs K, or a single generator, on both sides")
    parent = P.generators[0] if P.is_sos else P.K
    mine = child.generators[0] if child.is_sos else child.K
    ratio = _constant_ratio(parent, _embed_product(P, [mine, unit], 1))
    _require(ratio is not None and (P.is_sos or ratio * at_zero > 0),
             "parent is not a positive unit times the child")
    return check(child_cert)


def _power(cert: dict, P: Problem) -> Claim:
    (child_cert,) = cert["parts"]
    child = Problem.from_json(child_cert["problem"])
    e = int(cert["power"])
    least = 1 if (child.is_sos and not P.is_sos) else 2  # K = F² itself is the generator form of K
    _require(e >= least and child.variables == P.variables and child.prior == P.prior, "bad power rule")
    _require(not P.is_sos or len(P.generators) == 1, "the power rule needs K or a single generator")
    _require(not child.is_sos or len(child.generators) == 1, "the power rule's child needs one generator")
    if P.is_sos:  # f = c·F^e: λ(f²) = λ(F²)/e
        ok = child.is_sos and _constant_ratio(P.generators[0], _embed_product(P, [child.generators[0]] * e, 1))
    elif child.is_sos:  # K = c·F^(2e), c > 0
        ok = (_constant_ratio(P.K, _embed_product(P, [child.generators[0]] * (2 * e), 1)) or 0) > 0
    else:  # K = c·G^e, c > 0
        ok = (_constant_ratio(P.K, _embed_product(P, [child.K] * e, 1)) or 0) > 0
    _require(bool(ok), "parent is not the claimed power of the child")
    c = check(child_cert)
    return Claim(c.lam / e, c.m, c.exact, None if c.lower is None else c.lower / e)


def _embed_product(P: Problem, polys: list[Polynomial], sign: int) -> Polynomial:
    R, _ = _ring(P.variables)
    total = R.one * sign
    for p in polys:
        index = [P.variables.index(v) for v in p.variables]
        terms = {}
        for e, c in p.terms.items():
            full = [0] * P.nvars
            for i, k in zip(index, e):
                full[i] = k
            terms[tuple(full)] = c
        total *= to_ring_element(Polynomial(P.variables, terms), R)
    return from_ring_element(total, P.variables)


def _constant_ratio(a: Polynomial, b: Polynomial) -> Fraction | None:
    """c with a = c·b (c ≠ 0 constant), or None."""
    if set(a.terms) != set(b.terms) or not a.terms:
        return None
    e0 = next(iter(a.terms))
    c = a.terms[e0] / b.terms[e0]
    return c if all(a.terms[e] == c * b.terms[e] for e in a.terms) else None


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError(message)


def _plane_curve(cert: dict, P: Problem) -> Claim:
    from .resolution import verify_plane_certificate

    lam, m = verify_plane_certificate(cert)
    return Claim(lam, m, True)


def _blowup(cert: dict, P: Problem) -> Claim:
    from .resolution.tree_check import verify_blowup_certificate

    from .strategies import lower_bound

    lam, m, complete = verify_blowup_certificate(cert)
    return Claim(lam, m, complete, lower_bound(P))


def _positive_squares(cert: dict, P: Problem) -> Claim:
    """K = Σ c_j g_j² with c_j > 0 (re-expanded exactly) has the λ, m of the ideal ⟨g_j⟩ the part solves."""
    from .squares import check_weighted_squares

    part = cert["parts"][0]
    Q = Problem.from_json(part["problem"])
    _require(Q.is_sos and Q.variables == P.variables and Q.prior == P.prior,
             "the part is not the ideal of K's squares with the same variables and prior")
    weights = [Fraction(c) for c in cert["weights"]]
    _require(check_weighted_squares(P.K, weights, Q.generators), "K is not Σ c_j g_j² with c_j > 0")
    return check(part)


def _reordered(cert: dict, P: Problem) -> Claim:
    """The problem with its variables in another order (same names, prior and polynomials): λ and m do not
    depend on the order."""
    part, child = _only_part(cert, "a reordering")
    _require(sorted(child.variables) == sorted(P.variables)
             and child == P.restrict([P.variables.index(v) for v in child.variables]),
             "the part is not the problem with its variables reordered")
    return check(part)


def _coordinate_change(cert: dict, P: Problem) -> Claim:
    """A polynomial automorphism fixing the point and the prior (re-applied exactly) keeps λ and m."""
    from .adapted import verify_moves

    part, child = _only_part(cert, "a coordinate change")
    verify_moves(P, cert["moves"], child)
    return check(part)


_HANDLERS = {
    "rule:block-elimination": _block_elimination,
    "rule:quadratic-split": _quadratic_split,
    "rule:matrix-change": _matrix_change,
    "coordinate-change": _coordinate_change,
    "reordered": _reordered,
    "rule:positive-squares": _positive_squares,
    "plane-curve": _plane_curve,
    "blowup": _blowup,
    "newton": _newton,
    "single-generator": _single_generator,
    "rule:normal-crossing": _normal_crossing,
    "rule:regular": _regular,
    "rule:free-variables": _free_variables,
    "rule:sum": _sum,
    "rule:product": _product,
    "rule:unit-factor": _unit_factor,
    "rule:power": _power,
}
