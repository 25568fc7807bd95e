"""Walks over blow-up certificate trees for the resolution tests (rlct.resolution.tree_check has the node kinds)."""


def children(node: dict) -> list:
    """Every child node: blow-up charts' components, translation points, slices, divide and zeros children."""
    kids = [kid for chart in node.get("blowup", {}).get("charts", []) for kid in chart["children"]]
    kids += [entry["node"] for entry in node.get("translate", {}).get("points", [])]
    kids += [entry["node"] for entry in node.get("slices", {}).get("slices", [])]
    divide = node.get("divide")
    if divide:
        kids += [entry["node"] for entry in divide.get("slices", [])]
        kids += [divide["smooth"]["node"]] if "smooth" in divide else []
        kids.append(divide["quotient"])
    if "zeros" in node:
        kids.append(node["zeros"]["node"])
    return kids


def nodes(node: dict):
    """Every node of the tree, depth first."""
    yield node
    for kid in children(node):
        yield from nodes(kid)


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
