"""Benchmark: the ≥ 3-variable resolution (blow-ups, coordinate changes, translations) of issue 3.

Run by hand (never from the tests)::

    .venv/bin/python bench/resolution.py               # RRR grid d ≤ 8, beyond-grid RRR, tanh, hand cases, 200 random
    .venv/bin/python bench/resolution.py --random 50   # fewer random cases
    .venv/bin/python bench/resolution.py --time-limit 30

Cases, each run through ``rlct.resolution.blowup_strategy`` directly (not the engine, so the strategy itself is
timed) with a deadline of ``--time-limit`` seconds, then its certificate re-checked by
``verify_blowup_certificate`` (timed separately):

* reduced-rank regression from K alone (``rlct.models.linear.rrr``, at the true parameter for r > 0) for every
  (M, N, H, r) with d = H(M + N) ≤ 8, compared with the closed form ``rlct.families.rrr``; a few with d > 8;
* the tanh network with H = 2 (zoo ``shallow-tanh/H2``), and small hand examples;
* random coordinate changes of monomial ideals in d = 3, 4 (the property test's generator, more seeds): the
  answer must equal the untransformed ideal's (computed by the engine) whenever it is ``exact``;
* random changes of variables of a non-degenerate K itself in d = 2, 3, 4, through the whole engine
  (``rlct.engine.solve`` with the time limit, then ``rlct.verify``): the issue's property test on K;
* random ideals in d = 3 whose charts meet the zeros at irrational points (``--irrational``): the exact rate.

Printed per case: λ, m, status, nodes of the tree, search time, verification time, and whether it agrees with
the reference; then the exact-solve rate of the random cases.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import rlct.engine  # noqa: E402
import rlct.zoo  # noqa: E402
from rlct.families import rrr as rrr_closed_form  # noqa: E402
from rlct.inputs import to_problem  # noqa: E402
from rlct.models import linear  # noqa: E402
from rlct.poly import SumOfSquares, fraction_str  # noqa: E402
from rlct.resolution import blowup_strategy, verify_blowup_certificate  # noqa: E402

HEADLINE = ["a11*b11 + a12*b21", "a11*b12 + a12*b22", "a21*b11 + a22*b21", "a21*b12 + a22*b22"]
HAND = [("(x - y z, z²)", ["x - y*z", "z**2"], "3/4", 1),
        ("((x + yz)², y², z²)", ["(x + y*z)**2", "y**2", "z**2"], "3/4", 1),
        ("(ac + bd, ad)", ["a*c + b*d", "a*d"], "3/4", 1),
        ("(x² + y² + z³)", ["x**2 + y**2 + z**3"], "1/2", 1),
        # fifth session (divide, power-eliminate): references from a rational equivalent, the arrangement
        # formula (rlct.families.arrangement) or quadrature (rlct.estimators.volume)
        ("(x² − 2y², yz) [irrational]", ["x**2 - 2*y**2", "y*z"], "3/4", 2),           # = (uv, (u − v)z)
        ("(xy − z², x²y)", ["x*y - z**2", "x**2*y"], "5/8", 1),                       # quadrature 0.613
        ("(x²−y²)(x²−z²)", ["(x**2 - y**2)*(x**2 - z**2)"], "3/8", 1),                # arrangement
        ("(x²−2y²)·z [irrational]", ["(x**2 - 2*y**2)*z"], "1/2", 3),                 # arrangement of x = ±y, z
        ("(x²−y²)(y²−z²)x", ["(x**2 - y**2)*(y**2 - z**2)*x"], "3/10", 1),           # arrangement
        ("(x²−2y²)(x²−2z²) [irrational]", ["(x**2 - 2*y**2)*(x**2 - 2*z**2)"], "3/8", 1),  # arrangement
        ("(x² − 3y² + z³, yz) [irrational]", ["x**2 - 3*y**2 + z**3", "y*z"], "3/4", 2),   # quadrature 0.764
        # sixth session (crossing leaf): the arrangement of the rational twin
        ("(x²−2y²)(y²−3z²) [irrational]", ["(x**2 - 2*y**2)*(y**2 - 3*z**2)"], "3/8", 1),
        # ninth session (algebraic points, a Newton leaf over Q(θ)): the rational twin's value
        ("(x²−2z², y²−xz) [irrational points]", ["x**2 - 2*z**2", "y**2 - x*z"], "3/4", 1),      # (x²−4z², y²−2xz)
        ("(x²−3z², y²−xz) [irrational points]", ["x**2 - 3*z**2", "y**2 - x*z"], "3/4", 1)]      # (x²−9z², y²−3xz)


def run(label: str, P, reference, limit: float) -> dict:
    t0 = time.perf_counter()
    r = blowup_strategy(P, time.monotonic() + limit)
    search = time.perf_counter() - t0
    row = {"case": label, "search": search, "verify": None, "result": None, "agrees": None, "nodes": None}
    if r is not None:
        t1 = time.perf_counter()
        verify_blowup_certificate(r.certificate)
        row |= {"verify": time.perf_counter() - t1, "result": r, "nodes": r.certificate["nodes"]}
        if reference is not None:
            lam, m = reference
            row["agrees"] = (r.lam, r.m) == (lam, m) if r.is_exact else r.lam >= lam
    print(_line(row), flush=True)
    return row


def _line(row: dict) -> str:
    r = row["result"]
    what = "no result" if r is None else f"λ={fraction_str(r.lam):>5} m={r.m} {r.status:<11} nodes={row['nodes']:>5}"
    ver = "" if row["verify"] is None else f" verify {row['verify']:6.2f}s"
    ok = {None: "", True: " ok", False: " WRONG"}[row["agrees"]]
    return f"  {row['case']:<28} {what}  search {row['search']:6.2f}s{ver}{ok}"


def rrr_rows(limit: float) -> list:
    print("reduced-rank regression (closed form: Aoyagi & Watanabe 2005)")
    rows = []
    cases = [(M, N, H, r) for M in range(1, 5) for N in range(1, 5) for H in range(1, 5) if H * (M + N) <= 8
             for r in range(min(M, N, H) + 1)]
    cases += [(2, 3, 2, 0), (3, 3, 2, 0), (3, 3, 2, 1), (2, 4, 2, 0), (2, 2, 3, 0)]   # d = 10, 12, 12, 12, 12
    # sixth session (scaling move): a hidden layer at least as wide as an end, rank 0; d = 15, 16, 18, 24, 28
    cases += [(2, 3, 3, 0), (2, 2, 4, 0), (3, 3, 3, 0), (3, 3, 4, 0), (3, 4, 4, 0)]
    for M, N, H, r in cases:
        model = linear.rrr(M, N, H, r)
        P = to_problem(model.K(), model.at, None, model.variables, False)
        cf = rrr_closed_form(M, N, H, r)
        rows.append(run(f"rrr M{M} N{N} H{H} r{r} (d={H * (M + N)})", P, (cf.lam, cf.m), limit))
    return rows


def other_rows(limit: float) -> list:
    from fractions import Fraction

    print("tanh H = 2 and hand examples")
    entry = rlct.zoo.get("shallow-tanh/H2")
    P = to_problem(SumOfSquares(entry.model_data["generators"]), None, None, None, False)
    rows = [run("shallow-tanh H2", P, (entry.lam, entry.m), limit),
            run("headline 2x2x2 (engine form)", to_problem(SumOfSquares(HEADLINE), None, None, None, False),
                (Fraction(3, 2), 1), limit)]
    for label, gens, lam, m in HAND:
        P = to_problem(SumOfSquares(gens), None, None, None, False)
        rows.append(run(label, P, (Fraction(lam), m), limit))
    return rows


def random_rows(count: int, limit: float) -> list:
    from test_recursion import _case

    print(f"random coordinate changes of monomial ideals (d = 3, 4), {count} seeds")
    rows = []
    for seed in range(1000, 1000 + count):
        original, moved = _case(seed)
        truth = rlct.engine.solve(original, rlct.engine.Budget(None))
        t0 = time.perf_counter()
        r = blowup_strategy(moved, time.monotonic() + limit)
        row = {"search": time.perf_counter() - t0, "result": r, "d": moved.nvars,
               "agrees": None if r is None else ((r.lam, r.m) == (truth.lam, truth.m) if r.is_exact
                                                 else r.lam >= truth.lam)}
        if r is not None:
            verify_blowup_certificate(r.certificate)
        # the whole engine as well (rules, Newton, blow-ups, then coordinate changes)
        e = rlct.engine.solve(moved, rlct.engine.Budget.seconds(limit))
        row["engine_exact"] = e.is_exact
        if e.is_exact and (e.lam, e.m) != (truth.lam, truth.m):
            row["agrees"] = False
        rows.append(row)
    for d in (3, 4):
        sub = [w for w in rows if w["d"] == d]
        exact = [w for w in sub if w["result"] is not None and w["result"].is_exact]
        wrong = [w for w in sub if w["agrees"] is False]
        times = sorted(w["search"] for w in sub)
        engine = sum(w["engine_exact"] for w in sub)
        if sub:
            print(f"  d={d}: blow-ups alone {len(exact)}/{len(sub)} exact ({100 * len(exact) / len(sub):.0f}%), "
                  f"wrong {len(wrong)}, median {times[len(times) // 2]:.2f}s, max {times[-1]:.2f}s; "
                  f"the engine {engine}/{len(sub)} exact ({100 * engine / len(sub):.0f}%)")
    return rows


def random_K_rows(count: int, limit: float) -> list:
    """The issue's property test on K itself, through the whole engine: a non-degenerate K (even monomials,
    positive coefficients) after a random invertible change of variables, d = 2, 3, 4 in turn."""
    from test_adapted import random_case

    from rlct.verify import verify

    print(f"random changes of variables of non-degenerate K (d = 2, 3, 4; the engine), {count} seeds")
    rows = []
    for seed in range(2000, 2000 + count):
        d = (2, 3, 4)[seed % 3]
        original, moved = random_case(seed, d)
        truth = rlct.engine.solve(original, rlct.engine.Budget(None))
        t0 = time.perf_counter()
        r = rlct.engine.solve(moved, rlct.engine.Budget.seconds(limit))
        row = {"search": time.perf_counter() - t0, "result": r, "d": d,
               "agrees": (r.lam, r.m) == (truth.lam, truth.m) if r.is_exact else r.lam >= truth.lam}
        verify(r)
        rows.append(row)
    for d in (2, 3, 4):
        sub = [w for w in rows if w["d"] == d]
        exact = [w for w in sub if w["result"].is_exact]
        wrong = [w for w in sub if w["agrees"] is False]
        methods: dict = {}
        for w in exact:
            methods[w["result"].method] = methods.get(w["result"].method, 0) + 1
        times = sorted(w["search"] for w in sub)
        if sub:
            print(f"  d={d}: {len(exact)}/{len(sub)} exact ({100 * len(exact) / len(sub):.0f}%), wrong {len(wrong)}, "
                  f"median {times[len(times) // 2]:.2f}s, max {times[-1]:.2f}s; exact by {methods}")
    return rows


def irrational_rows(count: int, limit: float) -> list:
    """Ideals (x² − p·z² or x² − p·yz, with p not a square, beside a second generator) whose charts meet the
    generators' zeros at irrational points: the exact-solve rate, every certificate re-checked."""
    import random

    from rlct.poly import parse
    from rlct.problem import Problem

    print(f"random ideals meeting irrational points (d = 3), {count} cases")
    rng, rows = random.Random(1), []
    for _ in range(count):
        p, q, r, k = rng.choice([2, 3, 5, 6, 7]), rng.choice([1, 2, 3]), rng.choice([-2, -1, 0, 1, 2]), rng.choice([2, 2, 3])
        first = f"x**2 - {p}*z**2" if rng.random() < 0.7 else f"x**2 - {p}*y*z"
        second = rng.choice([f"y**{k} - {q}*x*z**{k - 1} + {r}*z**{k}", f"y**{k} + {r}*x**{k} - {q}*z**{k}",
                             f"y**2*{rng.choice(['x', 'z'])} - {q}*x*z**2"])
        P = Problem.from_generators([parse(g, ["x", "y", "z"]) for g in (first, second)])
        t0 = time.perf_counter()
        res = blowup_strategy(P, time.monotonic() + limit)
        row = {"search": time.perf_counter() - t0, "result": res, "agrees": None}
        if res is not None:
            row["agrees"] = verify_blowup_certificate(res.certificate) == (res.lam, res.m, res.is_exact)
        rows.append(row)
    exact = sum(1 for w in rows if w["result"] is not None and w["result"].is_exact)
    from rlct.resolution.tree_view import tree_nodes

    points = sum(1 for w in rows if w["result"] is not None
                 and any("algebraic" in n for n in tree_nodes(w["result"].certificate["tree"])))
    times = sorted(w["search"] for w in rows)
    print(f"  {exact}/{count} exact, {points} with algebraic points in the tree, median {times[len(times) // 2]:.2f}s, "
          f"max {times[-1]:.2f}s")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--random", type=int, default=200, help="random transformed cases (default 200)")
    ap.add_argument("--time-limit", type=float, default=30.0, help="seconds per case (default 30)")
    ap.add_argument("--irrational", type=int, default=60, help="random ideals meeting irrational points (default 60)")
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()}, time limit {args.time_limit:g} s per case")
    rows = rrr_rows(args.time_limit) + other_rows(args.time_limit)
    rand = random_rows(args.random, args.time_limit) + random_K_rows(args.random, args.time_limit)
    rand += irrational_rows(args.irrational, args.time_limit)
    bad = [w for w in rows + rand if w["agrees"] is False]
    print(f"disagreements: {len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
