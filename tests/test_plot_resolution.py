"""Resolution trees as graphs and pictures."""
from fractions import Fraction as F

import pytest

import rlct
from rlct.plot_resolution import resolution_graph


def test_graph_of_a_plane_curve_reaches_lambda_at_a_leaf():
    r = rlct.learning_coefficient("((y - x**2)**2 - x**5)**2")
    G = resolution_graph(r.certificate)
    poles = [F(d["pole"]) for _, d in G.nodes(data=True) if d["kind"] == "chart" and d.get("pole")]
    assert min(poles) == r.lam


def test_graph_of_a_rule_tree():
    G = resolution_graph(rlct.learning_coefficient("x**2*(y**2 + z**4)*(1 + w)").certificate)
    assert any(d["kind"] == "rule" and d["label"].startswith("rule:product") for _, d in G.nodes(data=True))


def test_picture(tmp_path):
    pytest.importorskip("matplotlib")
    from rlct.plot import resolution_tree
    ax = resolution_tree(rlct.learning_coefficient("(x**2 - 2*y**2)**2 + x**6"))
    path = tmp_path / "tree.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 1000 and "λ =" in ax.get_title()
