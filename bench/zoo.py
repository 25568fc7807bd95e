"""Benchmark: build the whole zoo catalog with fresh confirmations, then verify it (fast and --all).

    python bench/zoo.py            # prints seconds for build, fast verify and full verify, and entry counts
Target (issue 4): build + fast verify of the whole catalog <= 5 min on 2 cores.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rlct import zoo
from rlct.zoo_builders import build


def main():
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        counts = build(Path(tmp))
        built = time.perf_counter() - t
    entries = zoo.entries()
    t = time.perf_counter()
    fast_ok = sum(all(ok for _, ok, _ in zoo.verify_entry(e)) for e in entries)
    fast = time.perf_counter() - t
    t = time.perf_counter()
    full_ok = sum(all(ok for _, ok, _ in zoo.verify_entry(e, slow=True)) for e in entries)
    full = time.perf_counter() - t
    print(f"admitted by the builders: {sum(counts.values())} entries in {len(counts)} families: {counts}")
    print(f"build with all confirmations: {built:.1f} s")
    print(f"verify (fast: closed form + engine): {fast:.1f} s, {fast_ok}/{len(entries)} ok")
    print(f"verify --all (plus numeric):         {full:.1f} s, {full_ok}/{len(entries)} ok")


if __name__ == "__main__":
    main()
