"""Linear networks at a rank-r truth through the engine: block elimination, then matrix changes.

Run by hand (figures go to bench/RESULTS.md, never into tests):

    .venv/bin/python bench/linear_models.py                 # RRR d in (16, 24], DLN list, WBIC H = 3..5
    .venv/bin/python bench/linear_models.py --wbic 3 4 5 6  # the WBIC series only (H = 6: about 1 min + verify)

Each case: ``rlct.learning_coefficient`` on the model's K from ``rlct.models.linear`` at its point, compared
with the closed form (Aoyagi–Watanabe 2005 for RRR, Aoyagi 2024 for DLN), then ``rlct.verify`` on the result.
A case is ``ok`` when exact and equal to the closed form, ``bound`` when honest (status upper_bound with
λ ≥ the truth), ``WRONG`` otherwise.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from itertools import product

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import rlct  # noqa: E402
from rlct.families import dln as dln_closed_form, rrr as rrr_closed_form  # noqa: E402
from rlct.models import linear  # noqa: E402
from rlct.verify import verify  # noqa: E402

DLN_CASES = [([3, 3, 3], 1), ([3, 3, 3], 2), ([2, 3, 3, 2], 1), ([4, 3, 4], 1), ([3, 4, 3], 1), ([3, 4, 3], 2),
             ([3, 3, 3, 3], 2)]


def run_case(label: str, model, truth, limit: float) -> dict:
    t0 = time.monotonic()
    r = rlct.learning_coefficient(model.K(), at=model.at, variables=model.variables, time_limit=limit)
    search = time.monotonic() - t0
    t1 = time.monotonic()
    verify(r)
    checked = time.monotonic() - t1
    if r.is_exact:
        verdict = "ok" if (r.lam, r.m) == (truth.lam, truth.m) else "WRONG"
    else:
        verdict = "bound" if r.lam >= truth.lam else "WRONG"
    row = {"case": label, "d": len(model.variables), "lam": r.lam, "m": r.m, "status": r.status,
           "truth": (truth.lam, truth.m), "verdict": verdict, "search": search, "verify": checked}
    print(f"{label:28s} d={row['d']:3d}  {str(r.lam):>8s} m={r.m} {r.status:12s} truth {truth.lam} m={truth.m}"
          f"  {verdict:5s}  search {search:6.2f} s  verify {checked:6.2f} s", flush=True)
    return row


def rrr_sweep(limit: float) -> list[dict]:
    cases = [(M, N, H, r) for M, N, H in product(range(1, 5), repeat=3) for r in range(1, min(M, N, H) + 1)
             if 16 < H * (M + N) <= 24]
    return [run_case(f"rrr {c}", linear.rrr(*c), rrr_closed_form(*c), limit) for c in cases]


def dln_rows(limit: float) -> list[dict]:
    return [run_case(f"dln {w} r={r}", linear.dln(w, r), dln_closed_form(w, r), limit) for w, r in DLN_CASES]


def wbic_rows(hs, limit: float) -> list[dict]:
    return [run_case(f"rrr (6, 6, {H}, 3) [WBIC]", linear.rrr(6, 6, H, 3), rrr_closed_form(6, 6, H, 3), limit)
            for H in hs]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per case (WBIC: 10×)")
    parser.add_argument("--wbic", type=int, nargs="*", help="only the WBIC series, these H")
    args = parser.parse_args(argv)
    if args.wbic is not None:
        rows = wbic_rows(args.wbic, 10 * args.time_limit)
    else:
        rows = rrr_sweep(args.time_limit) + dln_rows(args.time_limit) + wbic_rows((3, 4, 5), 10 * args.time_limit)
    counts = {v: sum(r["verdict"] == v for r in rows) for v in ("ok", "bound", "WRONG")}
    print(f"{len(rows)} cases: {counts['ok']} exact and right, {counts['bound']} honest bounds, "
          f"{counts['WRONG']} wrong")
    return 1 if counts["WRONG"] else 0


if __name__ == "__main__":
    sys.exit(main())
