"""The ``rlct`` command.

``rlct lc EXPR [--sos] [--vars x,y] [--at x=1,y=0] [--prior x=2] [--time-limit S] [--json]
[--rationalize] [--plot out.png]``

Errors are one line on stderr starting ``rlct: error:`` with exit status 2; nothing is printed on
stdout and no file is written when the input is refused.

Examples
--------
>>> main(["lc", "x**2*y**2 + x**4 + y**6"])
λ = 1/2
m = 2
status: exact
method: newton
principal face: (2,2); normal (...)
0
>>> main(["lc", "x**2 + 1"])   # message on stderr: K does not vanish at the point
2
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from .errors import InputError, RlctError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, no usage dump
        raise InputError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rlct", description="Exact learning coefficients (RLCTs) with certificates.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    lc = sub.add_parser("lc", help="learning coefficient λ and multiplicity m of K at a point")
    lc.add_argument("expr", help="K as a polynomial (^ or ** for powers); with --sos, generators f_i, comma-separated")
    lc.add_argument("--sos", action="store_true", help="EXPR lists generators f_i and K = Σ f_i²")
    lc.add_argument("--vars", help="variable order, comma-separated (default: sorted names)")
    lc.add_argument("--at", help="the point w*, e.g. x=1,y=0 (default: the origin)")
    lc.add_argument("--prior", help="monomial prior exponents, e.g. x=2 means φ ∝ |x|²")
    lc.add_argument("--time-limit", type=float, help="seconds; on expiry the best certified bound is returned")
    lc.add_argument("--json", action="store_true", help="print the result as JSON")
    lc.add_argument("--rationalize", action="store_true", help="accept float coefficients as exact decimals")
    lc.add_argument("--plot", metavar="PNG", help="write the Newton polygon (two variables) to this file")
    lc.add_argument("--show-resolution", action="store_true",
                    help="print the resolution tree (charts, substitutions, exponents, candidate poles)")
    zoo = sub.add_parser("zoo", help="the catalog of ground-truth learning coefficients")
    zsub = zoo.add_subparsers(dest="zoo_command", parser_class=_Parser)
    zlist = zsub.add_parser("list", help="list entries")
    zlist.add_argument("--family")
    zlist.add_argument("--json", action="store_true")
    zshow = zsub.add_parser("show", help="one entry in full")
    zshow.add_argument("id")
    zshow.add_argument("--json", action="store_true")
    zver = zsub.add_parser("verify", help="re-run confirmations; non-zero exit if any disagrees")
    zver.add_argument("ids", nargs="*")
    zver.add_argument("--family")
    zver.add_argument("--all", action="store_true", help="also the slow numeric confirmations")
    zver.add_argument("--json", action="store_true")
    cc = sub.add_parser("crosscheck", help="score a numeric LLC estimator against the zoo")
    cc.add_argument("--estimator", default="sgld", choices=["sgld", "devinterp"],
                    help="sgld: ours (batched chains); devinterp: devinterp's sampler and LLC (extra 'devinterp')")
    cc.add_argument("--loss", default="population", choices=["population", "data"],
                    help="population: the exact K; data: the torch model on n samples (rrr, dln entries)")
    cc.add_argument("--n", type=int, default=10000, help="sample size for --loss data (drawn with --seed)")
    cc.add_argument("--batch-size", type=int, help="minibatch size for --loss data (default: full batch)")
    cc.add_argument("--entries", help="comma-separated zoo ids")
    cc.add_argument("--family")
    cc.add_argument("--device", default="cpu")
    cc.add_argument("--out", default="crosscheck-out", help="folder for results.json, report.md, calibration.png")
    cc.add_argument("--nbeta", type=float, default=1000.0)
    cc.add_argument("--localization", type=float, default=1.0)
    cc.add_argument("--chains", type=int, default=8)
    cc.add_argument("--draws", type=int, default=1000)
    cc.add_argument("--burnin", type=int, default=300)
    cc.add_argument("--seed", type=int, default=0)
    cc.add_argument("--jobs", type=int, default=1,
                    help="worker processes scoring entries side by side (results do not depend on it)")
    cc.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    cc.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 answered "no"/internal error, 2 bad input)."""
    try:
        args = build_parser().parse_args(argv)
        if args.version:
            from . import __version__
            print(__version__)
            return 0
        if args.command == "lc":
            return _lc(args)
        if args.command == "crosscheck":
            return _crosscheck(args)
        if args.command == "zoo":
            from .zoo_cli import run_zoo
            return run_zoo(args)
        raise InputError("a command is required: lc, zoo or crosscheck (see rlct --help)")
    except RlctError as exc:
        print(f"rlct: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `rlct lc ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("rlct: error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one line, but a different status than bad input
        print(f"rlct: error: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 1


def _lc(args) -> int:
    from .engine import Budget, describe, solve_input
    from .inputs import to_problem
    from .poly import SumOfSquares

    K = SumOfSquares(split_top_level(args.expr)) if args.sos else args.expr
    variables = _names(args.vars) if args.vars else None
    prior = _assignments(args.prior, "--prior")
    at = _assignments(args.at, "--at")
    P = to_problem(K, at, prior, variables, args.rationalize)
    result = solve_input(P, K, at, prior, args.rationalize, Budget.seconds(args.time_limit))
    if args.plot:
        from .plot import save_newton_polygon
        translated = SumOfSquares(P.generators) if P.is_sos else P.K
        save_newton_polygon(translated, args.plot, prior=prior, variables=P.variables)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(describe(result)))
    if args.show_resolution and not args.json:
        print(_resolution_text(result.certificate))
    return 0


def _resolution_text(cert: dict) -> str:
    """Plane-curve and blow-up trees in full, rule nodes as their kind with their parts below."""
    from .resolution import resolution_text
    return resolution_text(cert)


def _crosscheck(args) -> int:
    from .crosscheck import crosscheck, summary

    ids = _names(args.entries) if args.entries else None
    rows = crosscheck(ids, args.family, args.estimator, args.device, args.nbeta, args.localization, args.chains,
                      args.draws, args.burnin, args.seed, args.dtype, args.out, progress=not args.json,
                      loss=args.loss, n=args.n, batch_size=args.batch_size, jobs=args.jobs)
    if args.json:
        print(json.dumps({"summary": summary(rows), "entries": rows}, indent=1))
    else:
        print(open(f"{args.out}/report.md", encoding="utf-8").read())
    return 0


def split_top_level(text: str) -> list[str]:
    """Split on commas outside parentheses.

    >>> split_top_level("a*b, (c + d)*e")
    ['a*b', '(c + d)*e']
    """
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        depth += (ch == "(") - (ch == ")")
        cur.append(ch)
    parts.append("".join(cur).strip())
    if any(not p for p in parts):
        raise InputError(f"empty generator in {text!r}")
    return parts


def _names(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _assignments(text: str | None, flag: str) -> dict[str, str]:
    """Parse ``x=1,y=-1/2`` into {"x": "1", "y": "-1/2"}.

    >>> _assignments("x=1, y=-1/2", "--at")
    {'x': '1', 'y': '-1/2'}
    """
    if not text:
        return {}
    out = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"{flag} expects name=value pairs like x=1,y=0, got {item.strip()!r}")
        if name.strip() in out:
            raise InputError(f"{flag} names {name.strip()} twice")
        out[name.strip()] = value.strip()
    return out


def entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry_point()
