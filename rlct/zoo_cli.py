"""``rlct zoo list | show | verify``: the catalog at the command line (tables for people, JSON for scripts).

Examples
--------
>>> from rlct.cli import main
>>> main(["zoo", "show", "rrr/M1-N1-H1-r0"])  # doctest: +ELLIPSIS
rrr/M1-N1-H1-r0: λ = 1/2, m = 2 (exact, global)
...
0
"""
from __future__ import annotations

import json
import sys

from . import zoo
from .errors import InputError


def run_zoo(args) -> int:
    if args.zoo_command == "list":
        return _list(args)
    if args.zoo_command == "show":
        return _show(args)
    if args.zoo_command == "verify":
        return _verify(args)
    raise InputError("zoo needs a subcommand: list, show or verify")


def _list(args) -> int:
    rows = zoo.entries(args.family)
    if args.json:
        print(json.dumps([e.summary() for e in rows], indent=1, ensure_ascii=False))
        return 0
    width = max(len(e.id) for e in rows)
    print(f"{'id':<{width}}  {'λ':>7}  m  status       scope   routes")
    for e in rows:
        s = e.summary()
        print(f"{e.id:<{width}}  {s['lambda']:>7}  {e.m}  {e.status:<11}  {e.scope:<6}  {','.join(s['routes'])}")
    print(f"{len(rows)} entries in {len({e.family for e in rows})} families")
    return 0


def _show(args) -> int:
    e = zoo.get(args.id)
    if args.json:
        print(json.dumps(e.to_dict(), indent=1, ensure_ascii=False))
        return 0
    s = e.summary()
    print(f"{e.id}: λ = {s['lambda']}, m = {e.m} ({e.status}, {e.scope})")
    print(f"params: {json.dumps(e.params)}")
    model = e.model_data
    print(f"K: {'Σ f² with f in ' + str(model['generators']) if model.get('generators') else model['K']}")
    if model.get("at"):
        print(f"point: {model['at']}")
    if model.get("prior"):
        print(f"prior exponents: {model['prior']}")
    for src in e.sources:
        print(f"source: {src['citation']} [{src.get('id', '')}]")
    for c in e.confirmations:
        print(f"confirmation ({c['route']}): {zoo._describe(c)}")
    if e.notes:
        print(f"note: {e.notes}")
    return 0


def _verify(args) -> int:
    chosen = [zoo.get(i) for i in args.ids] if args.ids else zoo.entries(args.family)
    failures, report = 0, []
    try:
        from tqdm import tqdm
        chosen_iter = tqdm(chosen, desc="zoo verify", unit="entry", file=sys.stderr, disable=args.json or None)
    except ImportError:  # tqdm is a dependency; keep verify usable without it
        chosen_iter = chosen
    for e in chosen_iter:
        problems = zoo.validate(e)
        checks = zoo.verify_entry(e, slow=args.all)
        ok = not problems and all(good for _, good, _ in checks)
        failures += not ok
        report.append({"id": e.id, "ok": ok, "problems": problems,
                       "checks": [{"route": r, "ok": good, "detail": d} for r, good, d in checks]})
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        for row in report:
            if not row["ok"]:
                bad = [c for c in row["checks"] if not c["ok"]]
                print(f"FAIL {row['id']}: {row['problems']} {bad}")
        print(f"{len(report) - failures} of {len(report)} entries verified"
              + ("" if args.all else " (fast confirmations; --all adds the numeric ones)"))
    return 1 if failures else 0
