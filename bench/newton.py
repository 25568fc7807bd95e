"""Benchmark: certified Newton value by exact LP vs exact facet enumeration.

Run by hand (never from the tests)::

    .venv/bin/python bench/newton.py                 # full grid, facet enumeration capped at 60 s
    .venv/bin/python bench/newton.py --quick         # a small grid, facets capped at 10 s: ~15 s
    .venv/bin/python bench/newton.py --max-d 14 --timeout 30

For each (d variables, N monomials) a random support is drawn with a fixed-seed numpy Generator
(exponents 0..5; the zero vector and duplicate rows are removed, so "distinct" can be below N, e.g.
d = 5 has only 6^5 − 1 = 7775 possible points). Reported per case:

* ``newton``: wall time of ``newton_value`` (certified λ_N, m_N), best of up to 3 runs, with its
  breakdown: ``input`` the validation and conversion of the support (``as_support_array``),
  ``seed`` the float seed LP (scipy HiGHS), ``dual`` the exact dual LP by constraint generation
  (PPL ``MIP_Problem``; the float seed excluded), ``rounds`` the number of exact dual LPs solved,
  ``relint`` the relative-interior normal LP (PPL; only run when the dual normal does not already
  expose the smallest face), ``face`` the face extraction (exposed points, exact rank via sympy),
  ``primal`` the exact strictly-positive primal LP on the face (PPL);
* ``verify``: wall time of ``verify_newton_certificate`` (no LP);
* for d ≤ 14 (``--facet-max-d``): exact facet enumeration ``rlct.faces.facets`` (PPL) in a forked
  child process under ``--timeout`` seconds and a memory cap, the facet count and the ratio
  facets / newton. Once a case times out, larger N at the same d are skipped (reported as
  "skip"), since facet enumeration only gets harder.

Imports (scipy, ppl, sympy) are warmed up before timing: the first call in a fresh process pays
about a second more for ``import scipy.optimize``.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

try:
    import rlct.newton as newton
except ImportError:  # not installed: use the checkout this file lives in
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import rlct.newton as newton
from rlct.faces import facets  # noqa: E402

FULL_D = [5, 8, 10, 12, 14, 20, 50, 100]
FULL_N = [10, 100, 1000, 10_000]
QUICK_D = [5, 8, 12, 20]
QUICK_N = [10, 100, 1000]


def random_support(d: int, n: int, seed: int) -> np.ndarray:
    """N random exponent vectors in {0..5}^d, zero vector and duplicates removed (sorted rows)."""
    rng = np.random.default_rng([seed, d, n])
    pts = rng.integers(0, 6, size=(n, d), dtype=np.int64)
    pts = pts[pts.sum(axis=1) > 0]
    return np.unique(pts, axis=0)


# ---------------------------------------------------------------------------------------------
# timing of newton_value with a breakdown, by wrapping the module's helpers


class Breakdown:
    PARTS = ("_float_seed", "_dual_optimum", "_relative_interior_normal", "_face_of_normal",
             "_positive_primal", "as_support_array")

    def __init__(self):
        self.t = dict.fromkeys(self.PARTS, 0.0)
        self.lp_calls_in_dual = 0
        self._in_dual = False

    @contextmanager
    def installed(self):
        saved = {name: getattr(newton, name) for name in self.PARTS + ("solve_exact_lp",)}

        def timed(name):
            fn = saved[name]

            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                if name == "_dual_optimum":
                    self._in_dual = True
                try:
                    return fn(*args, **kwargs)
                finally:
                    self.t[name] += time.perf_counter() - start
                    if name == "_dual_optimum":
                        self._in_dual = False
            return wrapper

        def counted_lp(*args, **kwargs):
            if self._in_dual:
                self.lp_calls_in_dual += 1
            return saved["solve_exact_lp"](*args, **kwargs)

        try:
            for name in self.PARTS:
                setattr(newton, name, timed(name))
            newton.solve_exact_lp = counted_lp
            yield self
        finally:
            for name, fn in saved.items():
                setattr(newton, name, fn)

    def parts(self) -> dict:
        t = self.t
        return {"seed": t["_float_seed"], "dual": t["_dual_optimum"] - t["_float_seed"],
                "relint": t["_relative_interior_normal"], "face": t["_face_of_normal"],
                "primal": t["_positive_primal"], "input": t["as_support_array"],
                "rounds": self.lp_calls_in_dual}


def time_newton(pts: np.ndarray, repeats: int):
    best = None
    for r in range(repeats):
        bd = Breakdown()
        with bd.installed():
            start = time.perf_counter()
            v = newton.newton_value(pts)
            total = time.perf_counter() - start
        if best is None or total < best[0]:
            best = (total, bd.parts(), v)
        if total > 0.5:
            break
    total, parts, v = best
    start = time.perf_counter()
    lam, m = newton.verify_newton_certificate(pts, v.certificate)
    verify = time.perf_counter() - start
    assert (lam, m) == (v.lam, v.m)
    return total, parts, verify, v


# ---------------------------------------------------------------------------------------------
# facet enumeration in a child process with a time limit and a memory cap


def _facet_child(pts: np.ndarray, conn, mem_gib: float) -> None:
    try:
        import resource

        cap = int(mem_gib * 2**30)
        with open("/proc/self/status") as fh:  # cap = current address space + mem_gib
            for line in fh:
                if line.startswith("VmSize:"):
                    cap += int(line.split()[1]) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, OSError, ValueError):
        pass
    try:
        start = time.perf_counter()
        fl = facets(pts)
        conn.send(("ok", time.perf_counter() - start, len(fl)))
    except MemoryError:
        conn.send(("mem", None, None))
    except Exception as exc:  # noqa: BLE001 - report anything (e.g. PPL's bad_alloc) as a failure
        conn.send(("error", repr(exc)[:60], None))
    finally:
        conn.close()


def time_facets(pts: np.ndarray, timeout: float, mem_gib: float):
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_facet_child, args=(pts, child, mem_gib))
    proc.start()
    child.close()
    result = ("timeout", None, None)
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = ("crash", None, None)
    if proc.is_alive():
        proc.kill()
    proc.join()
    if result[0] == "timeout" and proc.exitcode not in (None, 0, -9):
        result = ("crash", None, None)
    return result


# ---------------------------------------------------------------------------------------------


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    if x < 1e-3:
        return f"{x * 1e6:.0f} µs"
    if x < 1:
        return f"{x * 1e3:.1f} ms"
    return f"{x:.2f} s"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def fmt_ratio(r: float) -> str:
    return f"{r:.1f}×" if r < 10 else f"{r:.0f}×"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"small grid d={QUICK_D}, N={QUICK_N}")
    ap.add_argument("--max-d", type=int, default=None, help="skip d above this")
    ap.add_argument("--max-n", type=int, default=None, help="skip N above this")
    ap.add_argument("--timeout", type=float, default=None,
                    help="facet enumeration limit per case in seconds (default 60, 10 with --quick)")
    ap.add_argument("--facet-max-d", type=int, default=14, help="run facet enumeration for d <= this")
    ap.add_argument("--no-facets", action="store_true", help="skip facet enumeration")
    ap.add_argument("--mem-gib", type=float, default=6.0, help="memory cap of the facet child (GiB)")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--repeats", type=int, default=3, help="best of this many newton runs (< 0.5 s)")
    args = ap.parse_args(argv)
    if args.timeout is None:
        args.timeout = 10.0 if args.quick else 60.0

    ds = QUICK_D if args.quick else FULL_D
    ns = QUICK_N if args.quick else FULL_N
    if args.max_d is not None:
        ds = [d for d in ds if d <= args.max_d]
    if args.max_n is not None:
        ns = [n for n in ns if n <= args.max_n]

    # warm up the imports (scipy.optimize, ppl, sympy) so that no case pays for them
    newton.verify_newton_certificate([(2, 0, 1), (0, 3, 1)],
                                     newton.newton_value([(2, 0, 1), (0, 3, 1)]).certificate)
    facets(np.array([(2, 0), (0, 3)]))

    print(f"# python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpus, "
          f"seed {args.seed}, facet timeout {args.timeout:g} s, load average {_load()}", flush=True)
    head = ("| d | N | distinct | λ_N | m_N | newton | input | seed (HiGHS) | dual (PPL) | rounds | "
            "relint | face | primal (PPL) | verify | facets | #facets | facets / newton |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1), flush=True)
    wall = time.perf_counter()
    for d in ds:
        timed_out = False
        for n in ns:
            pts = random_support(d, n, args.seed)
            total, parts, verify, v = time_newton(pts, args.repeats)
            fac, nfac, ratio = "–", "–", "–"
            if not args.no_facets and d <= args.facet_max_d:
                if timed_out:
                    fac = "skip"
                else:
                    status, ft, count = time_facets(pts, args.timeout, args.mem_gib)
                    if status == "ok":
                        fac, nfac, ratio = fmt_s(ft), str(count), fmt_ratio(ft / total)
                    elif status == "timeout":
                        timed_out = True
                        fac, ratio = f"> {args.timeout:g} s", "> " + fmt_ratio(args.timeout / total)
                    else:
                        timed_out = True
                        fac = status if status != "error" else f"error {ft}"
            print(f"| {d} | {n} | {len(pts)} | {float(v.lam):.6g} | {v.m} | {fmt_s(total)} | "
                  f"{fmt_s(parts['input'])} | {fmt_s(parts['seed'])} | {fmt_s(parts['dual'])} | {parts['rounds']} | "
                  f"{fmt_s(parts['relint']) if parts['relint'] else '–'} | {fmt_s(parts['face'])} | {fmt_s(parts['primal'])} | {fmt_s(verify)} | "
                  f"{fac} | {nfac} | {ratio} |", flush=True)
    print(f"\n# total wall time {time.perf_counter() - wall:.0f} s, load average {_load()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
