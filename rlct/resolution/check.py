"""Re-check a plane-curve certificate without searching, and print its resolution tree.

:func:`verify_plane_certificate` re-derives every polynomial of the tree from the problem: the root
factorisation is multiplied out and compared with K (or with the generators), each chart
substitution is re-expanded, each strict transform recomputed and compared with the stored one,
each chart origin confirmed to be a unit (a strict transform with a nonzero constant term), the fan
confirmed complete and unimodular (e1 first, e2 last, consecutive determinants 1), every number field
confirmed (irreducible minimal polynomial, isolating interval), every embedding confirmed (the image
of θ is a root of θ's minimal polynomial inside θ's interval), every translation point confirmed to be
a real root of the exceptional curve's polynomial E lying in its own interval, the intervals disjoint,
and their number equal to the exact Sturm count of E's nonzero real roots (so no real point was
missed). Leaves without charts are re-derived (no factor left, or one smooth factor with the needed
nonzero partial derivative at the point). λ and m are then recomputed from the leaves alone.

Examples
--------
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> from rlct.resolution.plane import plane_curve_strategy
>>> cert = plane_curve_strategy(Problem.from_polynomial(parse("(x**2 - y**2)**2"))).certificate
>>> verify_plane_certificate(cert)
(Fraction(1, 2), 2)
>>> cert["tree"]["charts"][1]["divisor"]["points"].pop()["root"]        # drop the point v = 1
['1']
>>> verify_plane_certificate(cert)
Traceback (most recent call last):
...
rlct.newton.CertificateError: plane-curve: E has 2 nonzero real roots, the certificate visits 1
"""
from __future__ import annotations

from fractions import Fraction

from ..newton import CertificateError
from ..poly import fraction_str
from ..problem import Problem
from .field import FieldError, RealField, check_field, embedding
from .polys import bp_from_json, bp_str, sturm_count, up_eval
from .steps import (StepError, chart_json, chart_step, child_local, edge_polynomial, leaf_json, leaf_of, leaf_value,
                    local_json, nonnegative_leaf, root_local)

COVERING = ("charts of a complete unimodular fan of the positive quadrant (e1 ... e2, consecutive "
            "determinants 1), each chart over all of R^2 (u, v of any sign, |u|^eta handles signs): a proper "
            "map onto a neighbourhood of the point, an isomorphism off it; its fibre is covered by the chart "
            "origins, the torus points of each exceptional curve where E != 0 (units) and the visited real "
            "roots of E, recursively; a leaf with one smooth factor q (q_v(0,0) != 0) uses the analytic "
            "coordinates (u, q), in which K and the amplitude are monomial times a unit")


def combine_leaves(leaves) -> tuple[Fraction, int]:
    """λ = the smallest candidate; m = the largest multiplicity among the leaves attaining it.

    >>> combine_leaves([(Fraction(1, 2), 1), (Fraction(1, 2), 2), (Fraction(3, 4), 1)])
    (Fraction(1, 2), 2)
    """
    if not leaves:
        raise CertificateError("plane-curve: the resolution has no leaf where K vanishes")
    lam = min(l for l, _ in leaves)
    return lam, max(m for l, m in leaves if l == lam)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise CertificateError("plane-curve: " + message)


def verify_plane_certificate(cert: dict) -> tuple[Fraction, int]:
    """Re-check a plane-curve certificate exactly; return (λ, m) or raise CertificateError.

    Examples
    --------
    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> from rlct.resolution.plane import plane_curve_strategy
    >>> cert = plane_curve_strategy(Problem.from_polynomial(parse("(x**2 - y**3)**2"))).certificate
    >>> verify_plane_certificate(cert)
    (Fraction(5, 12), 1)
    >>> cert["tree"]["charts"][2]["kappa"] = [12, 2]
    >>> verify_plane_certificate(cert)
    Traceback (most recent call last):
    ...
    rlct.newton.CertificateError: plane-curve: a chart differs from the re-expanded substitution
    """
    try:
        return _verify(cert)
    except CertificateError:
        raise
    except (FieldError, StepError, KeyError, ValueError, TypeError, IndexError, ZeroDivisionError,
            AttributeError) as exc:
        raise CertificateError(f"plane-curve: malformed certificate ({type(exc).__name__}: {exc})") from None


def _verify(cert: dict) -> tuple[Fraction, int]:
    _require(cert.get("kind") == "plane-curve", "not a plane-curve certificate")
    P = Problem.from_json(cert["problem"])
    _require(P.nvars == 2, "the problem must have exactly 2 variables")
    _require(int(cert["scale"]) == (2 if P.is_sos else 1), "wrong scale")
    fields = [RealField.from_json(f) for f in cert["fields"]]
    for F in fields:
        check_field(F)
    _require(fields[0].d == 1, "the root field must be Q")
    root = root_local(fields[0], P, cert["factorisation"])
    leaves: list = []
    _Checker(not P.is_sos, fields, leaves).node(cert["tree"], root)
    lam, m = combine_leaves(leaves)
    _require(Fraction(cert["lambda"]) == lam and int(cert["m"]) == m,
             f"the leaves give (λ, m) = ({fraction_str(lam)}, {m}), the certificate claims "
             f"({cert['lambda']}, {cert['m']})")
    return lam, m


class _Checker:
    def __init__(self, signed: bool, fields: list, leaves: list):
        self.signed, self.fields, self.leaves = signed, fields, leaves

    def _leaf(self, kappa, eta, sign) -> None:
        _require(not self.signed or nonnegative_leaf(kappa, sign), "K is not >= 0 at a leaf")
        value = leaf_value(kappa, eta)
        if value is not None:
            self.leaves.append(value)

    def node(self, node: dict, L) -> None:
        F = self.fields[L.fid]
        expected = local_json(F, L)
        _require(all(node.get(k) == v for k, v in expected.items()),
                 "a node differs from the recomputed substitution (factors, ideal, sign, amplitude or field)")
        if "leaf" in node:
            leaf = leaf_of(L)
            _require(leaf is not None and node["leaf"] == leaf_json(leaf), "a claimed leaf is not normal crossing")
            self._leaf(leaf["kappa"], leaf["eta"], L.sign)
            return
        rays = [tuple(int(k) for k in r) for r in node["rays"]]
        _require(len(rays) >= 2 and rays[0] == (1, 0) and rays[-1] == (0, 1), "the fan must run from e1 to e2")
        _require(all(r[0] >= 0 and r[1] >= 0 for r in rays), "rays must lie in the quadrant")
        _require(all(a[0] * b[1] - a[1] * b[0] == 1 for a, b in zip(rays, rays[1:])),
                 "consecutive rays must have determinant 1 (unimodular, ordered)")
        charts = node["charts"]
        _require(len(charts) == len(rays) - 1, "one chart per cone")
        for chart, a, b in zip(charts, rays, rays[1:]):
            try:
                ch = chart_step(F, L, a, b, self.signed)
            except StepError as exc:
                raise CertificateError(f"plane-curve: {exc}") from None
            stored = {k: v for k, v in chart.items() if k != "divisor"}
            _require(stored == chart_json(F, ch), "a chart differs from the re-expanded substitution")
            self._leaf(ch.kappa, ch.eta, ch.sign)
            if a[0] > 0 and a[1] > 0:
                _require("divisor" in chart, "an exceptional curve was not examined")
                self.divisor(chart["divisor"], L, ch)

    def divisor(self, div: dict, L, ch) -> None:
        F = self.fields[L.fid]
        E = edge_polynomial(F, ch)
        _require([F.element_from_json(c) for c in div["edge"]] == E, "the exceptional curve's polynomial E differs")
        count = sturm_count(F, E) - (1 if F.is_zero(up_eval(F, E, F.zero)) else 0)
        points = div["points"]
        _require(count == len(points), f"E has {count} nonzero real roots, the certificate visits {len(points)}")
        intervals = []
        for point in points:
            cid = int(point["field"])
            _require(0 <= cid < len(self.fields), "unknown field")
            G = self.fields[cid]
            phi = G.element_from_json(point["embedding"])
            if cid == L.fid:
                _require(phi == F.theta, "a point in the same field must embed θ to itself")
            else:
                _require(G.is_zero(G.evaluate_rational_poly(F.m, phi)), "the embedding does not map θ to a root "
                         "of its minimal polynomial")
                _require(G.inside(phi, F.lo0, F.hi0), "the embedding does not map θ to the same real number")
            image = embedding(F, G, phi)
            c = G.element_from_json(point["root"])
            _require(G.is_zero(up_eval(G, [image(x) for x in E], c)), "a translation point is not a root of E")
            _require(G.sign(c) != 0, "a translation point lies on the other exceptional curve (v = 0)")
            lo, hi = Fraction(point["interval"][0]), Fraction(point["interval"][1])
            _require(lo <= hi and G.inside(c, lo, hi), "a translation point is not in its interval")
            intervals.append((lo, hi))
            self.node(point["node"], child_local(F, G, image, L, ch, c, cid, self.signed))
        intervals.sort()
        _require(all(p[1] < q[0] for p, q in zip(intervals, intervals[1:])),
                 "translation points are not separated by their intervals (a root visited twice?)")


def resolution_text(cert: dict) -> str:
    """An indented tree of the resolution: charts, substitutions, exponents, candidate poles.

    Examples
    --------
    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> from rlct.resolution.plane import plane_curve_strategy
    >>> cert = plane_curve_strategy(Problem.from_polynomial(parse("(x**2 - y**2)**2"))).certificate
    >>> print(resolution_text(cert))
    plane-curve resolution of K = x**4 - 2*x**2*y**2 + y**4 (prior exponents (0, 0)): λ = 1/2, m = 2
    at the origin of (x, y) over Q: K ≍ (-y + x)^2 · (y + x)^2; amplitude |x|^0 |y|^0
      rays (1,0) (1,1) (0,1)
      chart (1,0),(1,1): x = u*v, y = v; K = u^0 v^4 · unit; amplitude u^0 v^1; pole 1/2 (m=1)
      chart (1,1),(0,1): x = u, y = u*v; K = u^4 v^0 · unit; amplitude u^1 v^0; pole 1/2 (m=1)
        exceptional curve u = 0: E(t) = 1 - t^2; 2 real roots
        v = -1 + v'  (root in [-1, -1])
        at the origin of (u, v') over Q: K ≍ u^4 · (v')^2; amplitude |u|^1 |v'|^0
          leaf (smooth factor, new coordinate w = the factor replacing v'): exponents (4, 2), amplitude (1, 0); pole 1/2 (m=2)
        v = 1 + v'  (root in [1, 1])
        at the origin of (u, v') over Q: K ≍ u^4 · (-v')^2; amplitude |u|^1 |v'|^0
          leaf (smooth factor, new coordinate w = the factor replacing v'): exponents (4, 2), amplitude (1, 0); pole 1/2 (m=2)
    """
    P = Problem.from_json(cert["problem"])
    fields = [RealField.from_json(f) for f in cert["fields"]]
    what = (f"K = Σ f_i², f = {', '.join(str(g) for g in P.generators)}" if P.is_sos else f"K = {P.K}")
    lines = [f"plane-curve resolution of {what} (prior exponents {tuple(P.prior)}): "
             f"λ = {cert['lambda']}, m = {cert['m']}"]
    _text_node(cert["tree"], fields, lines, 0, tuple(P.variables))
    return "\n".join(lines)


def _text_node(node: dict, fields: list, lines: list, depth: int, names: tuple) -> None:
    pad = "  " * depth
    F = fields[int(node["field"])]
    n1, n2 = names
    parts = []
    mono = node["monomial"]
    if mono[0] or mono[1]:
        parts.append(_mono(mono[0], mono[1], names))
    for f in node["factors"]:
        parts.append(f"({bp_str(F, bp_from_json(F, f['poly']), names)})^{f['exponent']}")
    if node["ideal"]:
        parts.append("Σ h²: h = " + ", ".join(bp_str(F, bp_from_json(F, h), names) for h in node["ideal"]))
    eta = node["amplitude"]
    sign = "" if node["sign"] == 1 else "−"
    lines.append(f"{pad}at the origin of ({n1}, {n2}) over {F.describe()}: K ≍ {sign}{' · '.join(parts) or '1'}; "
                 f"amplitude |{n1}|^{eta[0]} |{n2}|^{eta[1]}")
    if "leaf" in node:
        leaf = node["leaf"]
        kind = ("normal crossing" if leaf["type"] == "monomial" else
                f"smooth factor, new coordinate w = the factor replacing {n2 if leaf.get('direction') == 'v' else n1}")
        k, e = leaf["kappa"], leaf["eta"]
        cand = leaf["candidate"]
        lines.append(f"{pad}  leaf ({kind}): exponents {tuple(k)}, amplitude {tuple(e)}; "
                     + ("no pole" if cand is None else f"pole {cand[0]} (m={cand[1]})"))
        return
    lines.append(f"{pad}  rays " + " ".join(f"({r[0]},{r[1]})" for r in node["rays"]))
    for chart in node["charts"]:
        a, b = chart["cone"]
        k, e = chart["kappa"], chart["eta"]
        cand = chart["candidate"]
        pole = "no pole" if cand is None else f"pole {cand[0]} (m={cand[1]})"
        lines.append(f"{pad}  chart ({a[0]},{a[1]}),({b[0]},{b[1]}): {n1} = {_mono(a[0], b[0])}, {n2} = "
                     f"{_mono(a[1], b[1])}; K = u^{k[0]} v^{k[1]} · unit; amplitude u^{e[0]} v^{e[1]}; {pole}")
        div = chart.get("divisor")
        if div is None:
            continue
        E = [F.element_from_json(c) for c in div["edge"]]
        shown = bp_str(F, {(0, i): c for i, c in enumerate(E) if not F.is_zero(c)}, ("s", "t"), limit=12)
        points = div["points"]
        lines.append(f"{pad}    exceptional curve u = 0: E(t) = {shown}; {len(points)} real root"
                     f"{'' if len(points) == 1 else 's'}")
        for point in points:
            G = fields[int(point["field"])]
            c = G.element_str(G.element_from_json(point["root"]))
            lo, hi = point["interval"]
            lines.append(f"{pad}    v = {c} + v'  (root in [{lo}, {hi}])")
            _text_node(point["node"], fields, lines, depth + 2, ("u", "v'"))


def _mono(p: int, q: int, names=("u", "v")) -> str:
    parts = [(n if k == 1 else f"{n}^{k}") for n, k in zip(names, (p, q)) if k]
    return "*".join(parts) if parts else "1"
