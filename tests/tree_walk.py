"""Walks over blow-up certificate trees for the resolution tests (rlct.resolution.tree_check has the node kinds)."""
from rlct.resolution.tree_view import tree_children, tree_nodes


def children(node: dict) -> list:
    """Every child node (the checker's own walk, so tests and checker agree on the node kinds)."""
    return tree_children(node)


def nodes(node: dict):
    """Every node of the tree, depth first."""
    return tree_nodes(node)


def first(node: dict, key: str) -> dict | None:
    """The first node (depth first) that has ``key``."""
    return next((n for n in nodes(node) if key in n), None)


def first_step(node: dict, move: str) -> dict | None:
    """The first node (depth first) with a step of the given move."""
    return next((n for n in nodes(node) if any(s["move"] == move for s in n.get("steps", []))), None)


def steps(node: dict):
    """Every step of every node, depth first."""
    for n in nodes(node):
        yield from n.get("steps", [])
