"""Constructors of zoo entries, one per family, and the catalog writer.

Run ``python -m rlct.zoo_builders [--out zoo] [--no-volume]`` to regenerate ``zoo/*.json``: every
entry gets its confirmations computed afresh (closed form, engine, and a numeric volume estimate where
the dimension allows), and an entry whose routes disagree — or that has fewer than two routes — is
refused with a message, never written.

Examples
--------
>>> [e["id"] for e in line_plus_dot_entries(max_d=1)]
['line-plus-dot/d1-origin', 'line-plus-dot/d1-line']
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from fractions import Fraction
from itertools import product
from pathlib import Path

from .models import linear
from .poly import fraction_str

AW2005 = {"citation": "Aoyagi & Watanabe 2005, Stochastic complexities of reduced rank regression in Bayesian "
                      "estimation, Neural Networks 18:924-933", "id": "doi:10.1016/j.neunet.2005.03.014"}
AOYAGI2024 = {"citation": "Aoyagi 2024, Consideration on the learning efficiency of multiple-layered neural "
                          "networks with linear units, Neural Networks; Thm B.1 in Furman & Lau 2024",
              "id": "arXiv:2402.03698"}
WATANABE2009 = {"citation": "Watanabe 2009, Algebraic Geometry and Statistical Learning Theory, Cambridge UP",
                "id": "doi:10.1017/CBO9780511800474"}
LIN2017 = {"citation": "Lin 2017, Ideal-theoretic strategies for asymptotic approximation of marginal "
                       "likelihood integrals, J. Algebraic Statistics 8(1), Thm 1.3", "id": "arXiv:1003.5338"}
VARCHENKO1976 = {"citation": "Varchenko 1976, Newton polyhedra and estimation of oscillating integrals, "
                             "Funct. Anal. Appl. 10:175-196", "id": "doi:10.1007/BF01075524"}
KOSTA_WINDISCH = {"citation": "Kosta & Windisch 2024, real log canonical thresholds of hyperplane arrangements",
                  "id": "arXiv:2411.13392"}
DEVINTERP = {"citation": "Lau, Furman, Wang, Murfet, Wei 2023, The local learning coefficient (devinterp test "
                         "models: normal crossings and line plus dot)", "id": "arXiv:2308.12108"}

VOLUME_MAX_D = 8


def _entry(family: str, name: str, params: dict, lam: Fraction, m: int, model: dict, sources: list,
           scope: str = "global", status: str = "exact", notes: str = "", closed_form: str | None = None) -> dict:
    return {"id": f"{family}/{name}", "family": family, "params": params, "lambda": fraction_str(lam), "m": m,
            "status": status, "scope": scope, "model": model, "sources": sources, "notes": notes,
            "closed_form": closed_form}


def _monomial(names, exps) -> str:
    parts = [f"{v}**{k}" if k > 1 else v for v, k in zip(names, exps) if k]
    return "*".join(parts) or "1"


# --- family constructors ------------------------------------------------------------------------

def normal_crossing_entries() -> list[dict]:
    """K = Π w_j^(2k_j) with prior Π |w_j|^h_j (devinterp's test polynomials, with multiplicities)."""
    from .families import normal_crossing

    out = []
    for d in (1, 2, 3):
        for k in product((1, 2, 3), repeat=d):
            for h in product((0, 1), repeat=d):
                if d == 3 and (sum(k) > 5 or sum(h) > 1):
                    continue
                if d == 2 and sum(h) > 1:
                    continue
                names = [f"w{i + 1}" for i in range(d)]
                r = normal_crossing(list(k), list(h))
                K = _monomial(names, [2 * x for x in k])
                prior = {v: x for v, x in zip(names, h) if x}
                name = "k" + "".join(map(str, k)) + ("-h" + "".join(map(str, h)) if any(h) else "")
                out.append(_entry("normal-crossing", name, {"k": list(k), "h": list(h)}, r.lam, r.m,
                                  {"variables": names, "K": K, "prior": prior}, [WATANABE2009, DEVINTERP],
                                  closed_form="family:normal-crossing"))
    return out


def regular_entries(max_d: int = 10) -> list[dict]:
    out = []
    for d in range(1, max_d + 1):
        names = [f"w{i + 1}" for i in range(d)]
        out.append(_entry("regular", f"d{d}", {"d": d}, Fraction(d, 2), 1,
                          {"variables": names, "K": " + ".join(f"{v}**2" for v in names)}, [WATANABE2009],
                          closed_form="family:regular"))
    return out


# Watanabe 2013 (WBIC, JMLR 14) used RRR with M = N = 6 and true rank 3. H = 3 … 6 have their second route
# (the engine: block elimination, then matrix changes from H = 5, and at H = 6 blow-ups of the rest, RRR
# 3×3×3 at rank 0; measured 2.3 s at H = 4, 8 s at H = 5, 34 s at H = 6, so the entries carry a larger
# engine allowance).
RRR_EXTRA = [(6, 6, 3, 3), (6, 6, 4, 3), (6, 6, 5, 3), (6, 6, 6, 3)]
RRR_EXTRA_ENGINE_SECONDS = 300
# rank > 0 up to d = 24 (block elimination leaves RRR at rank 0, which blow-ups with the scaling move close)
RRR_TRUE_RANK_MAX_D = 24
# rank 0 with many charts: 2000–2600 nodes at d = 24, 28 and 18 657 nodes (131 s) at 4×4×4 before repeated
# charts became references (rlct.resolution.symmetry); now at most a few dozen nodes and 5 s. The allowances
# stay as a margin for slower machines
RRR_RANK_ZERO_ENGINE_SECONDS = {24: 120, 28: 120, 32: 600}


def rrr_entries(max_size: int = 4) -> list[dict]:
    """Reduced-rank regression: true rank 0 for every size up to max_size (K homogeneous: the global λ is
    the local λ at 0), true rank r > 0 at the identity-block truth for d ≤ RRR_TRUE_RANK_MAX_D, and RRR_EXTRA."""
    cases = [(M, N, H, r) for M, N, H in product(range(1, max_size + 1), repeat=3)
             for r in range(0, min(M, N, H) + 1) if r == 0 or H * (M + N) <= RRR_TRUE_RANK_MAX_D]
    return [_rrr_entry(*c) for c in cases + RRR_EXTRA]


def _linear_model_data(model: linear.Model) -> dict:
    """Variables and generators of a linear-network model, and its point when the truth is not zero."""
    data = {"variables": list(model.variables), "generators": list(model.generators)}
    if model.at:
        data["at"] = {k: str(v) for k, v in model.at.items()}
    return data


def _rrr_entry(M: int, N: int, H: int, r: int) -> dict:
    from .families import rrr

    lc = rrr(M, N, H, r)
    model = linear.rrr(M, N, H, r)
    data = _linear_model_data(model)
    if (M, N, H, r) in RRR_EXTRA:
        data["engine_seconds"] = RRR_EXTRA_ENGINE_SECONDS
    elif r == 0 and H * (M + N) in RRR_RANK_ZERO_ENGINE_SECONDS and H > 1:
        data["engine_seconds"] = RRR_RANK_ZERO_ENGINE_SECONDS[H * (M + N)]
    notes = "x ~ N(0, I): K = ||BA − B0A0||_F^2 (up to a constant factor)"
    if r:
        notes += "; the point: identity blocks of size r (the most singular point of the true set)"
    return _entry("rrr", f"M{M}-N{N}-H{H}-r{r}", {"M": M, "N": N, "H": H, "r": r}, lc.lam, lc.m, data,
                  [AW2005, AOYAGI2024], notes=notes, closed_form="family:rrr")


def dln_entries() -> list[dict]:
    from .families import dln

    shapes = [[1] * n for n in range(3, 7)] + [
        [2, 1, 1, 1], [1, 1, 1, 2], [1, 2, 1, 1], [1, 1, 2, 1], [2, 1, 1, 2], [1, 2, 2, 1], [2, 1, 2, 1],
        [1, 1, 1, 1, 2], [2, 1, 1, 1, 1], [1, 2, 1, 1, 1], [3, 1, 1, 1], [1, 1, 1, 3], [1, 3, 1, 1]]
    cases = [(w, 0) for w in shapes] + DLN_WIDER
    out = []
    for widths, rank in cases:
        r = dln(widths, rank)
        model = linear.dln(widths, rank)
        data = _linear_model_data(model)
        out.append(_entry("dln", "w" + "-".join(map(str, widths)) + f"-r{rank}", {"widths": widths, "r": rank},
                          r.lam, r.m, data, [AOYAGI2024], closed_form="family:dln",
                          notes="x ~ N(0, I): K = ||W_L⋯W_1 − W*||_F^2" + (
                              "; the point: identity blocks of size r in every layer" if rank else "")))
    return out


# Wider layers and true rank > 0, where the engine gives the second route (blow-ups, or block elimination
# followed by matrix changes; measured: each < 1.5 s, up to d = 27).
DLN_WIDER = [([2, 2, 2], 0), ([2, 2, 2], 1), ([2, 2, 2], 2), ([3, 2, 3], 0), ([2, 2, 2, 2], 1), ([1, 3, 3, 1], 0),
             ([2, 2, 3], 1), ([3, 1, 3], 0), ([2, 3, 2], 1), ([3, 3, 2], 1), ([3, 3, 3], 1), ([3, 3, 3], 2),
             ([2, 3, 3, 2], 1), ([4, 3, 4], 1), ([3, 4, 3], 2), ([3, 3, 3, 3], 2),
             # a hidden layer at least as wide as the input or the output, at rank 0 (blow-ups with the scaling
             # move; measured < 2.5 s each). Deeper ones at rank 0 still get only a bound from the engine
             ([2, 3, 2], 0), ([2, 3, 3], 0), ([3, 3, 2], 0), ([3, 3, 3], 0), ([2, 4, 2], 0),
             # and at rank 1 with such a rest (block elimination, then blow-ups; < 2 s each)
             ([3, 4, 3], 1), ([2, 4, 3], 1),
             # deep, at rank 0: the blow-up trees close once repeated charts are references to one another
             # (rlct.resolution.symmetry; measured 0.5–2.5 s each). [3,3,3,3], [2,2,2,2,2] and [3,2,2,3] at
             # rank 0 still end in bounds within 60 s
             ([2, 2, 2, 2], 0), ([1, 2, 2, 2], 0), ([2, 2, 2, 1], 0), ([2, 2, 1, 2], 0), ([2, 1, 2, 2], 0),
             ([1, 1, 2, 2], 0), ([2, 2, 1, 1], 0), ([2, 3, 2, 2], 0), ([2, 2, 3, 2], 0), ([1, 2, 2, 1, 1], 0),
             ([1, 2, 2, 2, 1], 0),
             # where the greedy centre gives a chart equal to the node (a loop), a smallest centre by a 0/1
             # program (rlct.resolution.recursion.smallest_centre; 0.5–3.6 s each)
             ([2, 3, 3, 2], 0), ([1, 3, 3, 3, 1], 0), ([1, 3, 3, 1, 1], 0),
             # where a drop, reduce or scaling asks for a coordinate shifted earlier in the chain (1.5 s)
             ([1, 2, 2, 2, 2], 0),
             # deep, rank > 0: block elimination leaves a product of smaller blocks (< 1 s each)
             ([2, 2, 2, 2], 2), ([2, 2, 2, 2, 2], 1), ([2, 2, 2, 2, 2], 2), ([2, 3, 3, 2], 2), ([3, 2, 2, 3], 1),
             ([2, 3, 2, 3], 1), ([3, 2, 3, 2], 1), ([2, 3, 2], 2)]


def arrangement_entries() -> list[dict]:
    from .families import arrangement

    cases = {
        "xy": ([[1, 0], [0, 1]], None), "xy-x+y": ([[1, 0], [0, 1], [1, 1]], None),
        "xy-x+y-x-y": ([[1, 0], [0, 1], [1, 1], [1, -1]], None), "x2y": ([[1, 0], [0, 1]], [2, 1]),
        "xyz": ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], None),
        "x+y-y+z-x+z": ([[1, 1, 0], [0, 1, 1], [1, 0, 1]], None),
        "x-y-x+y": ([[1, -1], [1, 1]], None), "five-lines": ([[1, 0], [0, 1], [1, 1], [1, -1], [1, 2]], None),
        "x3y2": ([[1, 0], [0, 1]], [3, 2]), "braid-A2": ([[1, -1, 0], [0, 1, -1], [1, 0, -1]], None),
    }
    out = []
    for name, (forms, mult) in cases.items():
        r = arrangement(forms, mult)
        names = ["x", "y", "z"][:len(forms[0])]
        s = mult or [1] * len(forms)
        f = "*".join(f"({' + '.join(f'{c}*{v}' for c, v in zip(form, names) if c)})**{k}"
                      for form, k in zip(forms, s))
        out.append(_entry("arrangement", name, {"linear_forms": forms, "multiplicities": s}, r.lam, r.m,
                          {"variables": names, "generators": [f]}, [KOSTA_WINDISCH],
                          closed_form="family:arrangement"))
    return out


def line_plus_dot_entries(max_d: int = 6) -> list[dict]:
    """K = (w1 − 1)² (Σ w_i²)⁴: λ = d/8 at the origin, 1/2 on the line w1 = 1 (REFERENCE §5)."""
    out = []
    for d in range(1, max_d + 1):
        names = [f"w{i + 1}" for i in range(d)]
        K = f"(w1 - 1)**2*({' + '.join(f'{v}**2' for v in names)})**4"
        model = {"variables": names, "K": K}
        out.append(_entry("line-plus-dot", f"d{d}-origin", {"d": d, "point": "origin"}, Fraction(d, 8), 1,
                          model | {"at": {}}, [DEVINTERP], scope="local",
                          notes="local at the origin; the global λ is min(d/8, 1/2). devinterp's ordering "
                                "test asserts the opposite of theory for d >= 4 (see errata)",
                          closed_form="family:line-plus-dot"))
        out.append(_entry("line-plus-dot", f"d{d}-line", {"d": d, "point": "line"}, Fraction(1, 2), 1,
                          model | {"at": {"w1": 1}}, [DEVINTERP], scope="local",
                          notes="local at w1 = 1: a smooth point of the zero set (the line w1 = 1)",
                          closed_form="family:line-plus-dot"))
    return out


TEXTBOOK = [  # (name, K or generators, λ, m, note)
    ("x2", "x**2", Fraction(1, 2), 1, "the regular one-parameter model"),
    ("x2y2", "x**2*y**2", Fraction(1, 2), 2, "normal crossing: m = 2"),
    ("x4+y6", "x**4 + y**6", Fraction(5, 12), 1, "monomial ideal <x^2, y^3>: Macaulay2 lct 5/6, halved"),
    ("x2y2+x4+y6", "x**2*y**2 + x**4 + y**6", Fraction(1, 2), 2, "non-degenerate, vertex principal face"),
    ("cusp-squared", "(x**2 - y**3)**2", Fraction(5, 12), 1, "A2 cusp: RLCT(|x^2 - y^3|) = 5/6"),
    ("E6-squared", "(x**3 + y**4)**2", Fraction(7, 24), 1, "E6: RLCT = 1/3 + 1/4"),
    ("E7-squared", "(x**3 + x*y**3)**2", Fraction(5, 18), 1, "E7: RLCT = 5/9"),
    ("E8-squared", "(x**3 + y**5)**2", Fraction(4, 15), 1, "E8: RLCT = 1/3 + 1/5"),
    ("A3", "x**2 + y**4", Fraction(3, 4), 1, "A3 as K: 1/2 + 1/4"),
    ("A5", "x**2 + y**6", Fraction(2, 3), 1, "A5 as K: 1/2 + 1/6"),
    ("x2+y4+z6", "x**2 + y**4 + z**6", Fraction(11, 12), 1, "Thom-Sebastiani: 1/2 + 1/4 + 1/6"),
    ("xyz-squared", "x**2*y**2*z**2", Fraction(1, 2), 3, "normal crossing in three variables"),
    ("x+y-squared", "(x + y)**2", Fraction(1, 2), 1, "degenerate for Newton (bound 1): a smooth curve"),
    ("x-y2-squared", "(x - y**2)**2", Fraction(1, 2), 1, "degenerate for Newton (bound 3/4): a smooth curve"),
    ("x+y2+z2-squared", "(x + y**2 + z**2)**2", Fraction(1, 2), 1, "a smooth surface"),
    ("ab+cd-squared", "(a*b + c*d)**2", Fraction(1, 2), 1, "nondegenerate quadratic form in 4 variables"),
    ("pd-quadratic-3", "x**2 + x*y + y**2 + x*z + z**2", Fraction(3, 2), 1, "positive definite: regular"),
    ("D4-squared", "(x**2*y - y**3)**2", Fraction(1, 3), 1, "D4: three lines, RLCT 2/3"),
    ("x2y4", "x**2*y**4", Fraction(1, 4), 1, "normal crossing, unequal exponents"),
    ("x2+y2z2", "x**2 + y**2*z**2", Fraction(1), 2, "sum rule: 1/2 + (1/2, m 2)"),
    ("x4y2+x2y4+z2", "x**4*y**2 + x**2*y**4 + z**2", Fraction(5, 6), 1, "1/3 + 1/2 (non-degenerate face)"),
    ("cusp-squared-prior-x", "(x**2 - y**3)**2", Fraction(1, 2), 1,
     "prior |x|: the Newton ray gives 1/t = 4/3 > 1, so the smooth branches of x^2 = y^3 decide: RLCT 1"),
    ("irrational-lines-yz", "(x**2 - 2*y**2)**2 + y**2*z**2", Fraction(3, 4), 2,
     "lines x = ±√2·y beside yz: the real rotation u, v = x ∓ √2·y gives <uv, (u - v)z>; blowing up the origin, "
     "chart z gives z^4·(u'^4 + w^2) with Jacobian z^2, 3/4 twice (m 2); the engine needs no √2 (divide move)"),
    ("xy-z2-x4y2", "(x*y - z**2)**2 + x**4*y**2", Fraction(5, 8), 1,
     "degenerate for Newton (bound 3/4); blow-ups leave x·y - 1, a smooth curve that becomes a coordinate"),
]


def textbook_entries() -> list[dict]:
    out = []
    for name, K, lam, m, note in TEXTBOOK:
        import sympy
        names = sorted(str(s) for s in sympy.sympify(K).free_symbols)
        prior = {"x": 1} if name.endswith("prior-x") else {}
        out.append(_entry("textbook", name, {"K": K} | ({"prior": prior} if prior else {}), lam, m,
                          {"variables": names, "K": K, "prior": prior}, [VARCHENKO1976, LIN2017, WATANABE2009],
                          notes=note))
    return out


TMS_PAPER = {"citation": "Chen, Lau, Mendel, Wei, Murfet 2023, Dynamical versus Bayesian phase transitions in a "
                         "toy model of superposition", "id": "arXiv:2310.06301"}
AOYAGI_TANH = {"citation": "Aoyagi & Watanabe; Aoyagi 2006 (one-hidden-layer tanh networks, true function 0) as "
                           "transcribed in REFERENCE §5; confirmed numerically here", "id": "REFERENCE §5"}
DRTON_PLUMMER = {"citation": "Drton & Plummer 2017, A Bayesian information criterion for singular models, JRSS-B 79",
                 "id": "doi:10.1111/rssb.12187"}


def tanh_entries(max_h: int = 4) -> list[dict]:
    """1-input 1-output tanh network, H units, no biases, true function 0; K's ideal: Σ_h b_h a_h^(2k−1)."""
    from .families import shallow_tanh

    out = []
    for H in range(1, max_h + 1):
        r = shallow_tanh(H)
        names = [f"a{h}" for h in range(1, H + 1)] + [f"b{h}" for h in range(1, H + 1)]
        gens = [" + ".join(f"b{h}*a{h}**{2 * k - 1}" for h in range(1, H + 1)) for k in range(1, H + 1)]
        out.append(_entry("shallow-tanh", f"H{H}", {"H": H}, r.lam, r.m, {"variables": names, "generators": gens},
                          [AOYAGI_TANH], notes="K is equivalent to the sum of squares of the odd Taylor "
                          "coefficients' power sums (tanh has every odd coefficient nonzero)",
                          closed_form="family:shallow-tanh"))
    return out


SHALLOW_POLYNOMIAL_CASES = [  # (H, activation {k: c_k}, input dimension D, true units)
    (1, {1: 1}, 1, None), (1, {2: 1}, 1, None), (1, {3: 1}, 1, None), (1, {4: 1}, 1, None),
    (1, {1: 1, 2: 1}, 1, None), (1, {2: 1, 3: 1}, 1, None), (1, {1: 1, 3: 1}, 1, None),
    (2, {1: 1}, 1, None), (2, {3: 1}, 1, None), (2, {5: 1}, 1, None), (3, {5: 1}, 1, None),
    (2, {2: 1}, 1, [(1, 1)]), (2, {3: 1}, 1, [(1, 1)]), (2, {1: 1, 2: 1}, 1, [(1, 1)]),
    (1, {1: 1}, 2, None), (1, {2: 1}, 2, None), (1, {1: 1, 2: 1}, 2, None), (2, {1: 1}, 2, None),
]


def _activation_name(coeffs: dict) -> str:
    return "+".join(f"t{k}" if c == 1 else f"{c}t{k}" for k, c in sorted(coeffs.items()))


def shallow_polynomial_entries() -> list[dict]:
    """Shallow networks with polynomial activations (rlct.models.shallow); λ from the engine, which the
    confirmation step re-derives and checks against a numeric volume estimate. Cases where the engine
    only bounds λ are left out."""
    from .engine import learning_coefficient
    from .models.shallow import polynomial_activation

    out = []
    for H, coeffs, D, truth in SHALLOW_POLYNOMIAL_CASES:
        model = polynomial_activation(H, coeffs, D, truth)
        r = learning_coefficient(model.K(), at=model.at, time_limit=30)
        if not r.is_exact:
            continue
        name = f"H{H}-D{D}-{_activation_name(coeffs)}" + ("-truth" if truth else "")
        out.append(_entry("shallow-polynomial", name, model.params, r.lam, r.m,
                          {"variables": list(model.variables), "generators": list(model.generators),
                           "at": {k: str(v) for k, v in model.at.items()}},
                          [WATANABE2009, VARCHENKO1976], scope="local",
                          notes="x ~ N(0, I_D): K = ½vᵀGv with G the Gaussian moment Gram matrix, so K has the "
                                "λ, m of Σ g_α² over the coefficients g_α (rlct.models.shallow)"))
    return out


def mixture_entries() -> list[dict]:
    return [_entry("two-component-mixture", "normal-location", {}, Fraction(1, 2), 2,
                   {"variables": ["a", "b"], "K": "a**2*b**2"}, [DRTON_PLUMMER, WATANABE2009],
                   notes="(1−a)N(0,1) + aN(b,1) at the truth N(0,1): K = KL ≍ (ab)² (sandwich rule); the engine "
                         "route runs on the equivalent polynomial (ab)²",
                   closed_form="family:two-component-mixture")]


def tms_entries() -> list[dict]:
    from .families import tms

    out = []
    for c, k, pos, neg in [(6, 6, 0, 0), (6, 5, 1, 0), (6, 5, 0, 1)]:
        params = {"c": c, "k": k, "positive_dead": pos, "negative_dead": neg}
        r = tms(**params)
        names = [f"W{i}_{j}" for j in range(c) for i in range(2)] + [f"b{j}" for j in range(c)]
        name = f"c{c}-k{k}" + ("+" * pos) + ("-" * neg)
        out.append(_entry("tms", name, params, r.lam, r.m,
                          {"variables": names, "routine": "family:tms",
                           "critical_point": r.certificate.get("critical_point", {})},
                          [TMS_PAPER], scope="local",
                          notes="local λ at the k-gon critical point (Morse–Bott); the loss is the closed-form "
                                "high-sparsity TMS loss (rlct.models.tms)",
                          closed_form="published:chen2023-tms"))
    return out


BUILDERS = {"normal-crossing": normal_crossing_entries, "regular": regular_entries, "rrr": rrr_entries,
            "dln": dln_entries, "arrangement": arrangement_entries, "line-plus-dot": line_plus_dot_entries,
            "textbook": textbook_entries, "shallow-tanh": tanh_entries, "two-component-mixture": mixture_entries,
            "tms": tms_entries, "shallow-polynomial": shallow_polynomial_entries}


# --- confirmations and the writer ------------------------------------------------------------------

def confirm(raw: dict, volume: bool = True, time_limit: float = 30.0) -> tuple[dict | None, str]:
    """Attach confirmations; return (entry, "") or (None, reason) when it cannot be admitted."""
    from .zoo import Entry, confirmation_agrees, run_confirmation, validate

    raw = dict(raw)
    closed_form = raw.pop("closed_form", None)
    entry = Entry.from_dict(raw | {"confirmations": []})
    confirmations = []
    if closed_form:
        confirmations.append(run_confirmation(entry, "closed-form", {"method": closed_form}) | {"method": closed_form})
    engine = run_confirmation(entry, "engine", None, time_limit)
    if engine["status"] == "exact" or Fraction(engine["lambda"]) < entry.lam:
        confirmations.append(engine)  # a wrong-looking exact or a bound below the claim is recorded, then refused
    if (volume and not entry.model_data.get("routine") and len({c["route"] for c in confirmations}) < 2
            and len(entry.model_data["variables"]) <= VOLUME_MAX_D):
        confirmations.append(run_confirmation(entry, "volume"))
    entry = Entry.from_dict(raw | {"confirmations": confirmations})
    bad = [c for c in confirmations if not confirmation_agrees(entry, c)]
    if bad:
        return None, f"{entry.id}: routes disagree: {bad}"
    problems = validate(entry)
    if problems:
        return None, f"{entry.id}: {'; '.join(problems)}"
    return entry.to_dict(), ""


def build(out_dir: Path, families: list[str] | None = None, volume: bool = True) -> dict[str, int]:
    counts = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for family, builder in BUILDERS.items():
        if families and family not in families:
            continue
        admitted = []
        for raw in builder():
            t0 = time.monotonic()
            entry, why = confirm(raw, volume)
            if entry is None:
                print(f"refused {why}", file=sys.stderr)
                continue
            admitted.append(entry)
            print(f"{entry['id']}: λ = {entry['lambda']}, m = {entry['m']}, routes "
                  f"{sorted({c['route'] for c in entry['confirmations']})} ({time.monotonic() - t0:.1f} s)",
                  file=sys.stderr)
        path = out_dir / f"{family}.json"
        path.write_text(json.dumps({"family": family, "entries": admitted}, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        counts[family] = len(admitted)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the zoo catalog with fresh confirmations.")
    parser.add_argument("--out", default="zoo")
    parser.add_argument("--family", action="append")
    parser.add_argument("--no-volume", action="store_true")
    args = parser.parse_args(argv)
    counts = build(Path(args.out), args.family, not args.no_volume)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
