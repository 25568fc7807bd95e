"""The cross-check's outputs: the summary figures, ``results.json``, ``report.md`` and the plots.

:func:`summary` counts over all scored rows; :func:`by_family` splits the same figures by zoo family and
multiplicity class (m = 1 or m ≥ 2), because the multiplicity decides how far the finite-nβ target sits
from λ: the m ≥ 2 rows read low for that reason, not the sampler's. :func:`write_report` writes the three
files; the report is reproducible (no wall times in it).

Examples
--------
>>> rows = [{"family": "rrr", "truth": {"m": 1}, "relative_error": 0.02, "z": 0.5, "z_vs_target": None,
...          "estimate": {"mean": 1.02}},
...         {"family": "rrr", "truth": {"m": 2}, "relative_error": -0.3, "z": -4.0, "z_vs_target": 1.0,
...          "estimate": {"mean": 0.35}}]
>>> summary(rows)["within_3se_of_truth"], [(g["family"], g["m"], g["entries"]) for g in by_family(rows)]
(1, [('rrr', 'm=1', 1), ('rrr', 'm≥2', 1)])
"""
from __future__ import annotations

import json
import statistics
from fractions import Fraction
from pathlib import Path


def summary(rows: list[dict]) -> dict:
    """Entries, median |relative error|, and how many are within 3 standard errors of λ and of the
    finite-nβ target (where one is known)."""
    rel = [abs(r["relative_error"]) for r in rows if r["estimate"]["mean"] == r["estimate"]["mean"]]
    targets = [r for r in rows if r["z_vs_target"] is not None]
    return {"entries": len(rows), "median_abs_relative_error": statistics.median(rel) if rel else None,
            "within_3se_of_truth": sum(abs(r["z"]) <= 3 for r in rows if r["z"] == r["z"]),
            "with_finite_n_target": len(targets),
            "within_3se_of_target": sum(abs(r["z_vs_target"]) <= 3 for r in targets)}


def by_family(rows: list[dict]) -> list[dict]:
    """:func:`summary`'s figures per zoo family and multiplicity class, plus the median signed relative error
    (its sign says whether a group reads high or low), sorted by family, m = 1 first."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        key = (r["family"], "m=1" if r["truth"]["m"] == 1 else "m≥2")
        groups.setdefault(key, []).append(r)
    out = []
    for (family, m), members in sorted(groups.items()):
        signed = [r["relative_error"] for r in members if r["estimate"]["mean"] == r["estimate"]["mean"]]
        out.append({"family": family, "m": m, **summary(members),
                    "median_relative_error": statistics.median(signed) if signed else None})
    return out


def write_report(rows: list[dict], out: Path, skipped: list[dict] | None = None,
                 settings: dict | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    skipped, settings = skipped or [], settings or {}
    (out / "results.json").write_text(json.dumps({"summary": summary(rows), "by_family": by_family(rows),
                                                  "settings": settings, "entries": rows, "skipped": skipped},
                                                 indent=1) + "\n")
    est_name = settings.get("estimator", rows[0].get("estimator", "sgld") if rows else "sgld")
    loss_name = settings.get("loss", rows[0].get("loss", "population") if rows else "population")
    loss_text = ("the exact population loss K" if loss_name == "population" else
                 f"the data loss of the entry's torch model, n = {settings.get('n')} samples drawn at the truth "
                 f"(seed {settings.get('seed')}), "
                 + (f"minibatch {settings['batch_size']}" if settings.get("batch_size") else "full batch"))
    lines = ["# LLC estimator cross-check against the rlct zoo", "",
             f"λ̂ is an estimate ({est_name} on {loss_text}); λ is the zoo's ground truth.", "",
             "Settings: " + ", ".join(f"{k} = {v}" for k, v in settings.items()
                                      if v is not None and k != "wall_seconds") + ".", "",  # the report: reproducible
             "| entry | d | λ | m | λ̂ ± se | rel. err | z | finite-nβ target | ε | R-hat | acc. | warnings |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, t = r["estimate"], r["finite_n_target"]
        lines.append(f"| {r['id']} | {r['d']} | {r['truth']['lambda']} | {r['truth']['m']} | "
                     f"{e['mean']:.4f} ± {e['stderr']:.4f} | {r['relative_error']:+.1%} | {r['z']:+.1f} | "
                     f"{'–' if t is None else f'{t:.4f}'} | {r['hyperparameters']['step_size']:g} | "
                     f"{e['rhat']:.3f} | {e['acceptance']:.2f} | {'; '.join(e['warnings']) or '–'} |")
    s = summary(rows)
    lines += ["", f"Median |relative error|: {_percent(s['median_abs_relative_error'])}; within 3 se of the truth: "
              f"{s['within_3se_of_truth']}/{s['entries']}; within 3 se of the finite-nβ target: "
              f"{s['within_3se_of_target']}/{s['with_finite_n_target']}."]
    lines += ["", "By family and multiplicity (m ≥ 2 rows read low at finite nβ: compare them with the target):", "",
              "| family | m | entries | median rel. err | median abs. rel. err | within 3 se of λ | "
              "within 3 se of target |", "|---|---|---|---|---|---|---|"]
    for g in by_family(rows):
        lines.append(f"| {g['family']} | {g['m']} | {g['entries']} | {_percent(g['median_relative_error'], '+')} | "
                     f"{_percent(g['median_abs_relative_error'])} | {g['within_3se_of_truth']}/{g['entries']} | "
                     f"{g['within_3se_of_target']}/{g['with_finite_n_target']} |")
    if skipped:
        lines += ["", f"Skipped ({len(skipped)}):", ""] + [f"- {s['id']}: {s['reason']}" for s in skipped]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    _plot(rows, out, est_name)


def _percent(x: float | None, sign: str = "") -> str:
    return "–" if x is None else f"{x:{sign}.1%}"


def _plot(rows: list[dict], out: Path, estimator: str = "sgld") -> None:
    try:  # a bare Figure needs no backend; switching backends here would break Jupyter's inline one
        from matplotlib.figure import Figure
    except ImportError:
        return
    fig = Figure(figsize=(6, 6))
    ax = fig.add_subplot()
    lam = [float(Fraction(r["truth"]["lambda"])) for r in rows]
    est = [r["estimate"]["mean"] for r in rows]
    err = [r["estimate"]["stderr"] for r in rows]
    ax.errorbar(lam, est, yerr=[3 * e for e in err], fmt="o", ms=4, capsize=2, label="λ̂ ± 3 se")
    top = max(lam + [e for e in est if e == e]) * 1.1
    ax.plot([0, top], [0, top], "k--", lw=1, label="y = x")
    ax.set_xlabel("λ (zoo ground truth)")
    ax.set_ylabel(f"λ̂ ({estimator})")
    ax.set_title("LLC estimator calibration")
    ax.legend()
    fig.savefig(out / "calibration.png", dpi=120)
    fig2 = Figure(figsize=(7, 4))
    ax2 = fig2.add_subplot()
    for r in rows:
        ax2.plot(r["mean_trace"], lw=1, label=r["id"])
    ax2.set_xlabel("draw (thinned)")
    ax2.set_ylabel("nβ · (mean loss over chains − L(w*))")
    ax2.set_title("traces")
    if len(rows) <= 10:
        ax2.legend(fontsize=6)
    fig2.savefig(out / "traces.png", dpi=120)

