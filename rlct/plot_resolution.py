"""Resolution trees as data (a networkx DiGraph) and as a picture.

:func:`resolution_graph` turns a result's certificate into a tree: rule nodes (sum, product, power, …)
with their parts, and for plane curves every chart (its cone, the exponents κ of K and η of the
amplitude, the candidate pole), every translation to a real root of an exceptional curve and the
leaf reached there (a smooth factor crossing the monomial, with its own pole and multiplicity).
:func:`resolution_tree` draws it (matplotlib), marking the charts and leaves whose pole equals λ.

Examples
--------
>>> import rlct
>>> G = resolution_graph(rlct.learning_coefficient("(y - x**2)**2 + x**6").certificate)
>>> sorted({d["kind"] for _, d in G.nodes(data=True)})
['chart', 'point', 'root']
>>> min(Fraction(d["pole"]) for _, d in G.nodes(data=True) if d["kind"] == "chart")
Fraction(2, 3)
>>> from rlct.poly import parse
>>> from rlct.problem import Problem
>>> from rlct.resolution import plane_curve_strategy     # the engine settles (x² − y²)² without charts
>>> P = Problem.from_generators([parse("x**2 - y**2")])
>>> G = resolution_graph(plane_curve_strategy(P).certificate)
>>> [(d["pole"], d["m"]) for _, d in G.nodes(data=True) if d["kind"] == "leaf"]   # m = 2 shows here
[('1/2', 2), ('1/2', 2)]
"""
from __future__ import annotations

import sys
from fractions import Fraction

import networkx as nx


def resolution_graph(cert: dict) -> nx.DiGraph:
    """The certificate as a tree; node attributes: kind, label, and pole/m for charts."""
    G = nx.DiGraph()
    _add_certificate(G, cert, None)
    return G


def _new(G: nx.DiGraph, parent, **attrs) -> int:
    node = G.number_of_nodes()
    G.add_node(node, **attrs)
    if parent is not None:
        G.add_edge(parent, node)
    return node


def _add_certificate(G: nx.DiGraph, cert: dict, parent) -> None:
    kind = cert.get("kind", "?")
    if kind == "plane-curve":
        _add_plane_node(G, cert["tree"], parent, "origin")
        return
    if kind == "blowup":
        _add_blowup_tree(G, cert, parent)
        return
    node = _new(G, parent, kind="rule", label=kind + (f"\ntried {', '.join(cert['tried'])}" if cert.get("tried") else ""))
    for part in cert.get("parts", []):
        _add_certificate(G, part, node)


def _add_blowup_tree(G: nx.DiGraph, cert: dict, parent) -> None:
    """Graft the blow-up search tree (rlct.resolution.blowup_graph) under ``parent``."""
    from .resolution.tree_view import blowup_graph

    sub = blowup_graph(cert)
    ids = {}
    for n in nx.topological_sort(sub):
        d = dict(sub.nodes[n])
        preds = list(sub.predecessors(n))
        ids[n] = _new(G, ids[preds[0]] if preds else parent, **d)


def _add_plane_node(G: nx.DiGraph, tree: dict, parent, where: str) -> None:
    a, b = tree.get("monomial") or (0, 0)
    point = _new(G, parent, kind="point", label=f"point {where}\nK = u^{a} v^{b} · (rest)")
    leaf = tree.get("leaf")
    if leaf:
        pole, m = leaf["candidate"] if leaf.get("candidate") else (None, None)
        label = f"leaf ({leaf.get('type', '?')})\nκ {tuple(leaf['kappa'])} η {tuple(leaf['eta'])}"
        if pole is not None:
            label += f"\npole {pole} (m {m})"
        _new(G, point, kind="leaf", label=label, pole=pole, m=m)
    for chart in tree.get("charts", []):
        pole, m = chart["candidate"] if chart.get("candidate") else (None, None)
        rays = " ".join("(" + ",".join(map(str, r)) + ")" for r in chart["cone"])
        label = f"chart {rays}\nκ {tuple(chart['kappa'])} η {tuple(chart['eta'])}"
        if pole is not None:
            label += f"\npole {pole} (m {m})"
        c = _new(G, point, kind="chart", label=label, pole=pole, m=m)
        for p in (chart.get("divisor") or {}).get("points", []):
            lo, hi = p.get("interval", ["?", "?"])
            r = _new(G, c, kind="root", label=f"translate to a root in [{lo}, {hi}]")
            if "node" in p:
                _add_plane_node(G, p["node"], r, "on the exceptional curve")


def _layout(G: nx.DiGraph) -> dict:
    """Tidy top-down positions: leaves spread left to right, parents centred over their children."""
    roots = [n for n in G if G.in_degree(n) == 0]
    pos, next_x = {}, [0.0]

    def place(n, depth):
        kids = list(G.successors(n))
        for k in kids:
            place(k, depth + 1)
        x = sum(pos[k][0] for k in kids) / len(kids) if kids else next_x[0]
        if not kids:
            next_x[0] += 1.0
        pos[n] = (x, -depth)

    for r in roots:
        place(r, 0)
    return pos


def resolution_tree(result, ax=None):
    """Draw the resolution (or rule) tree of a result; charts and leaves attaining λ are highlighted.

    With ``ax=None`` a new figure is made through pyplot when pyplot is already imported (so Jupyter
    shows it inline), else as a bare :class:`matplotlib.figure.Figure` (no GUI, safe in scripts).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import rlct
    >>> ax = resolution_tree(rlct.learning_coefficient("(y - x**2)**2 + x**6"))
    >>> ax.get_title()
    'resolution tree: λ = 2/3, m = 1 (exact)'
    """
    from .plot import _matplotlib

    _matplotlib()
    from matplotlib.figure import Figure

    cert = result.certificate if hasattr(result, "certificate") else result
    G = resolution_graph(cert)
    pos = _layout(G)
    if ax is None:
        width = max(6.0, 2.8 * (1 + max((x for x, _ in pos.values()), default=0)))
        size = (min(width, 24), 2.2 * (1 + max(-y for _, y in pos.values())))
        plt = sys.modules.get("matplotlib.pyplot")
        ax = (plt.figure(figsize=size) if plt is not None else Figure(figsize=size)).add_subplot()
    lam = getattr(result, "lam", None)
    for a, b in G.edges:
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="0.6", lw=1, zorder=1)
    for n, d in G.nodes(data=True):
        hit = d.get("kind") in ("chart", "leaf") and lam is not None and d.get("pole") is not None and Fraction(d["pole"]) == lam
        face = {"rule": "#e8eef7", "point": "#eeeeee", "root": "#fff4e0", "chart": "#fde2d8" if hit else "white",
                "leaf": "#fde2d8" if hit else "#eef7ee", "node": "#eeeeee", "unresolved": "#f4cccc"}
        ax.text(pos[n][0], pos[n][1], d["label"], ha="center", va="center", fontsize=7, zorder=2,
                bbox={"boxstyle": "round", "fc": face.get(d["kind"], "white"), "ec": "#c0392b" if hit else "0.5"})
    ax.set_axis_off()
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    if lam is not None:
        ax.set_title(f"resolution tree: λ = {result.to_dict()['lambda']}, m = {result.m} ({result.status})")
    return ax
