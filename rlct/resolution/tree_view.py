"""Blow-up certificates for readers: the tree as indented text, as a networkx graph, and walks over its nodes.

The checker is :mod:`rlct.resolution.tree_check`; this module only reads the stored tree.
"""
from __future__ import annotations

from ..poly import Polynomial
from ..problem import Problem
from .field import RealField


def blowup_text(cert: dict) -> str:
    """The tree as indented text: centres, charts, coordinate changes, exponents, leaves' candidate poles.

    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> from rlct.resolution.recursion import blowup_strategy
    >>> print(blowup_text(blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4"))).certificate))
    blow-up resolution of K = x**4 + x**2*y**2*z**2 (prior (0, 0, 0)): λ = 1/2, m = 3 (exact)
    node: fibre x=y=z=0; κ (2, 0, 0), η (0, 0, 0); generators: x**2 + y**2*z**2
      blow up {x, y}
        chart x: fibre x=z=0; κ (4, 0, 0), η (1, 0, 0); generators: y**2*z**2 + 1
          leaf (definite): pole 1/2 (m=1)
        chart y: fibre y=z=0; κ (2, 4, 0), η (0, 1, 0); generators: x**2 + z**2
          x = 0 on the fibre set by scaling (generators homogeneous for weights x: 1, z: 1)
          blow up {x, z}
            chart x: fibre x=y=0; κ (4, 4, 0), η (1, 1, 0); generators: z**2 + 1
              leaf (definite): pole 1/2 (m=2)
            chart z: fibre y=z=0; κ (2, 4, 4), η (0, 1, 1); generators: x**2 + 1
              leaf (definite): pole 1/2 (m=3)
    """
    P = Problem.from_json(cert["problem"])
    what = f"K = Σ f_i², f = {', '.join(map(str, P.generators))}" if P.is_sos else f"K = {P.K}"
    status = "exact" if cert.get("complete") else "upper bound"
    lines = [f"blow-up resolution of {what} (prior {tuple(P.prior)}): λ = {cert['lambda']}, m = {cert['m']} "
             f"({status})"]
    referenced = {n["same"]["node"] for n in tree_nodes(cert["tree"]) if "same" in n}
    _text(cert["tree"], P.variables, lines, 0, "node", referenced)
    return "\n".join(lines)


def tree_nodes(node: dict):
    """Every node of a blow-up tree, depth first (references included, with no children of their own).

    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> from rlct.resolution.recursion import blowup_strategy
    >>> tree = blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4"))).certificate["tree"]
    >>> sum(1 for _ in tree_nodes(tree)), len(tree_children(tree))
    (5, 2)
    """
    yield node
    for kid in tree_children(node):
        yield from tree_nodes(kid)


def tree_children(node: dict) -> list:
    """A node's children: blow-up charts' components, translation points, slices, divide and zeros children."""
    kids = [kid for chart in node.get("blowup", {}).get("charts", []) for kid in chart["children"]]
    kids += [entry["node"] for entry in node.get("translate", {}).get("points", [])]
    kids += [entry["node"] for entry in node.get("algebraic", {}).get("points", []) if "node" in entry]
    kids += [entry["node"] for entry in node.get("slices", {}).get("slices", [])]
    data = node.get("divide")
    if data:
        kids += [entry["node"] for entry in data.get("slices", [])]
        kids += [data["smooth"]["node"]] if "smooth" in data else []
        kids.append(data["quotient"])
    if "zeros" in node:
        kids.append(node["zeros"]["node"])
    if "units" in node:
        kids.append(node["units"]["node"])
    kids += [entry["node"] for entry in node.get("field-slices", {}).get("slices", [])]
    kids += [entry["node"] for entry in node.get("points", {}).get("points", [])]
    data = node.get("units-off-slices")
    if data:
        kids += [entry["node"] for entry in data["slices"]] + [data["unit-dropped"]]
        kids += [entry["node"] for entry in data["unit-dropped-slices"]]
    data = node.get("factor-off-slices")
    if data:
        kids += [entry["node"] for entry in data["slices"]] + [data["quotient"]]
    return kids


def _text(node: dict, names, lines: list, depth: int, head: str, referenced: set) -> None:
    pad = "  " * depth
    st = node["state"]
    if "field" in st:
        _field_text(node, names, lines, depth, head)
        return
    gens = ", ".join(str(Polynomial.from_json(names, g)) for g in st["generators"])
    tag = f" [#{node['id']}]" if node.get("id") in referenced else ""
    lines.append(f"{pad}{head}{tag}: fibre {'='.join(st['zero']) + '=0' if st['zero'] else 'everything'}; "
                 f"κ {tuple(st['kappa'])}, η {tuple(st['eta'])}; generators: {gens}")
    if "same" in node:
        moved = ", ".join(f"{a} → {b}" for a, b in node["same"]["renaming"].items() if a != b)
        lines.append(f"{pad}  the same as node #{node['same']['node']} with {moved or 'no coordinate'} renamed")
        return
    zero = set(st["zero"])
    for step in node.get("steps", []):
        if step["move"] == "substitute":
            shift = Polynomial.from_json(names, step["shift"])
            lines.append(f"{pad}  {step['variable']} → {step['variable']} + ({shift})")
        elif step["move"] == "scaling":
            weights = ", ".join(f"{v}: {w}" for v, w in step["weights"].items())
            joined = [v for v, w in step["weights"].items() if int(w) > 0 and v not in zero]
            zero |= set(joined)
            lines.append(f"{pad}  {', '.join(joined)} = 0 on the fibre set by scaling (generators homogeneous "
                         f"for weights {weights})")
        elif step["move"] == "reduce":
            c = Polynomial.from_json(names, step["multiplier"])
            lines.append(f"{pad}  generator {step['generator']} minus ({c}) times generator {step['by']}")
        elif step["move"] == "drop":
            lines.append(f"{pad}  drop generator {step['generator']} (a multiple of generator {step['by']})")
        elif step["move"] == "power-eliminate":
            root = Polynomial.from_json(names, step["root"])
            lines.append(f"{pad}  {step['variable']} → {root} (a new coordinate; generator {step['generator']} "
                         f"is its power {step['power']})")
        elif step["move"] == "factor-eliminate":
            lines.append(f"{pad}  {step['variable']} → the factor of generator {step['generator']} that is linear "
                         f"in it (a new coordinate; the others times a unit)")
        else:
            lines.append(f"{pad}  {step['variable']} → generator {step['generator']} (a new coordinate)"
                         if step["move"] == "unit-eliminate" else
                         f"{pad}  eliminate {step['variable']} (generator {step['generator']} is a multiple of it)")
    if "unresolved" in node:
        lines.append(f"{pad}  unresolved ({node['unresolved']})")
    elif "leaf" in node:
        leaf = node["leaf"]
        lines.append(f"{pad}  leaf ({leaf['reason']}): pole {leaf['lambda']} (m={leaf['m']})")
    elif "translate" in node or "algebraic" in node:
        _points_text(node, names, lines, depth, referenced)
    elif "slices" in node:
        data = node["slices"]
        rest = data["rest"]
        lines.append(f"{pad}  generator {data['generator']} is a product of one-coordinate polynomials on the fibre set")
        if rest is not None:
            lines.append(f"{pad}  off its roots: pole {rest['lambda']} (m={rest['m']})")
        for entry in data["slices"]:
            _text(entry["node"], names, lines, depth + 2,
                  f"slice {entry['variable']} = {entry['at']} (translated)", referenced)
    elif "field-slices" in node:
        data = node["field-slices"]
        rest = data["rest"]
        lines.append(f"{pad}  generator {data['generator']} is a product of one-coordinate polynomials on the fibre "
                     f"set, with irrational roots")
        if rest is not None:
            lines.append(f"{pad}  off its roots: pole {rest['lambda']} (m={rest['m']})")
        for entry in data["slices"]:
            where = entry["at"] if "at" in entry else "θ, " + RealField.from_json(entry["field"]).describe()[6:]
            _text(entry["node"], names, lines, depth + 2, f"slice {entry['variable']} = {where} (translated)",
                  referenced)
    elif "units-off-slices" in node:
        _units_off_slices_text(node["units-off-slices"], names, lines, depth, referenced)
    elif "factor-off-slices" in node:
        data = node["factor-off-slices"]
        factor = Polynomial.from_json(names, data["factor"])
        lines.append(f"{pad}  generator {data['generator']} = ({factor})·quotient; the factor meets the zeros only "
                     f"on the slices in {data['slice']} below")
        for entry in data["slices"]:
            _text(entry["node"], names, lines, depth + 2, _slice_head(entry), referenced)
        _text(data["quotient"], names, lines, depth + 2, "quotient (the factor a unit off the slices)", referenced)
    elif "divide" in node:
        data = node["divide"]
        factor = Polynomial.from_json(names, data["factor"])
        lines.append(f"{pad}  generator {data['generator']} = ({factor})·quotient")
        for entry in data.get("slices", []):
            _text(entry["node"], names, lines, depth + 2,
                  f"slice {data['variable']} = {entry['at']} (translated)", referenced)
        if "smooth" in data:
            k = data["smooth"]["coordinate"]
            _text(data["smooth"]["node"], names, lines, depth + 2,
                  f"on the factor's smooth zeros ({k} → the factor)", referenced)
        _text(data["quotient"], names, lines, depth + 2, "quotient (the factor a unit off its zeros)", referenced)
    elif "zeros" in node:
        data = node["zeros"]
        lines.append(f"{pad}  generator {data['generator']} is smooth on the fibre set, apart from the rest")
        if data["rest"] is not None:
            lines.append(f"{pad}  off its zeros: pole {data['rest']['lambda']} (m={data['rest']['m']})")
        how = ", substituted in the others" if data.get("substitute") else ""
        _text(data["node"], names, lines, depth + 2, f"on its zeros ({data['coordinate']} → the generator{how})",
              referenced)
    elif "units" in node:
        data = node["units"]
        lines.append(f"{pad}  {', '.join(data['coordinates'])} nonzero where the generators vanish on the fibre set")
        if data["rest"] is not None:
            lines.append(f"{pad}  off those zeros: pole {data['rest']['lambda']} (m={data['rest']['m']})")
        _text(data["node"], names, lines, depth + 2, f"near them ({', '.join(data['coordinates'])} units)",
              referenced)
    elif "blowup" in node:
        data = node["blowup"]
        lines.append(f"{pad}  blow up {{{', '.join(data['centre'])}}}")
        for chart in data["charts"]:
            for kid in chart["children"]:
                _text(kid, names, lines, depth + 2, f"chart {chart['chart']}", referenced)


def _slice_head(entry: dict) -> str:
    where = entry["at"] if "at" in entry else "θ, " + RealField.from_json(entry["field"]).describe()[6:]
    return f"slice {entry['variable']} = {where} (translated)"


def _units_off_slices_text(data: dict, names, lines: list, depth: int, referenced: set) -> None:
    pad = "  " * depth
    t, s = data["coordinate"], data["slice"]
    lines.append(f"{pad}  {t} is a unit where the generators vanish, off the slices in {s} below")
    if data["rest"] is not None:
        lines.append(f"{pad}  off those zeros: pole {data['rest']['lambda']} (m={data['rest']['m']})")
    for entry in data["slices"]:
        _text(entry["node"], names, lines, depth + 2, _slice_head(entry), referenced)
    used = {"C": "its values count: its minimum lies off the slices",
            "B": "it adds nothing: its minimum is no lower than the slices' and the origin's",
            "open": "undecided: the node stays open"}[data["case"]]
    _text(data["unit-dropped"], names, lines, depth + 2, f"{t}'s factors dropped ({used})", referenced)
    for entry in data["unit-dropped-slices"]:
        _text(entry["node"], names, lines, depth + 2, f"{t}'s factors dropped, {_slice_head(entry)}", referenced)


def _field_text(node: dict, names, lines: list, depth: int, head: str) -> None:
    """A node over a number field (:mod:`.field_nodes`) and its subtree; θ is the field's generator."""
    from .field_nodes import field_poly_str

    pad = "  " * depth
    st = node["state"]
    F = RealField.from_json(st["field"])
    gens = ", ".join(field_poly_str(F, {tuple(e): F.element_from_json(c) for e, c in g}, names)
                     for g in st["generators"])
    lines.append(f"{pad}{head}: over Q(θ) of degree {F.d}; fibre {'='.join(st['zero']) + '=0'}; "
                 f"κ {tuple(st['kappa'])}, η {tuple(st['eta'])}; generators: {gens}")
    for step in node.get("steps", []):
        lines.append(f"{pad}  {_local_step_str(step, names)}" if "monomial" in step else
                     f"{pad}  eliminate {names[step['eliminate']]} (generator {step['generator']} is a multiple of it)")
    if "unresolved" in node:
        lines.append(f"{pad}  unresolved ({node['unresolved']})")
    elif "leaf" in node:
        leaf = node["leaf"]
        what = "Newton leaf, non-degenerate" if leaf["reason"] == "newton" else "leaf (definite)"
        lines.append(f"{pad}  {what}: pole {leaf['lambda']} (m={leaf['m']})")
    elif "points" in node:
        data = node["points"]
        if data["rest"] is not None:
            lines.append(f"{pad}  off the points below: pole {data['rest']['lambda']} (m={data['rest']['m']})")
        for entry in data["points"]:
            _field_text(entry["node"], names, lines, depth + 2, f"at {algebraic_point_str(entry)} (translated)")
    elif "blowup" in node:
        data = node["blowup"]
        lines.append(f"{pad}  blow up {{{', '.join(data['centre'])}}}")
        for chart in data["charts"]:
            for kid in chart["children"]:
                _field_text(kid, names, lines, depth + 2, f"chart {chart['chart']}")


def _points_text(node: dict, names, lines: list, depth: int, referenced: set) -> None:
    """A ``translate`` or ``algebraic`` conclusion: the rest of the fibre set, then each point."""
    pad = "  " * depth
    data = node.get("translate") or node["algebraic"]
    if "algebraic" in node:
        lines.append(f"{pad}  finitely many real zeros on the fibre set, some irrational")
    rest = data["rest"]
    if rest is not None:
        lines.append(f"{pad}  off the points below: pole {rest['lambda']} (m={rest['m']})")
    for entry in data["points"]:
        if "node" in entry and "field" in entry:  # an irrational point searched over its field
            _text(entry["node"], names, lines, depth + 2, f"at {algebraic_point_str(entry)} (translated)",
                  referenced)
        elif "node" in entry:
            at = ", ".join(f"{k} = {v}" for k, v in entry["at"].items())
            _text(entry["node"], names, lines, depth + 2, f"at {at} (translated)", referenced)
        elif "leaf" in entry:
            lines.append(f"{pad}    at {algebraic_point_str(entry)}:")
            for step in entry["leaf"].get("local", []):
                lines.append(f"{pad}      {_local_step_str(step, names)}")
            lines.append(f"{pad}      Newton leaf over Q(θ) (non-degenerate on {len(entry['leaf']['faces'])} "
                         f"compact faces): pole {entry['leaf']['lambda']} (m={entry['leaf']['m']})")
        else:
            lines.append(f"{pad}    at {algebraic_point_str(entry)}:")
            lines.append(f"{pad}      unresolved ({entry['unresolved']})")


def _local_step_str(step: dict, names) -> str:
    """One simplification at an irrational point (:func:`~rlct.resolution.algebraic.local_form`)."""
    if "monomial" in step:
        mono = "*".join(f"{v}**{k}" if k > 1 else v for v, k in zip(names, step["monomial"]) if k) or "1"
        return f"generator {step['generator']} is {mono} times a unit at the point"
    v = names[step["coordinate"]]
    return f"generator {step['generator']} is taken as the new coordinate {v} ({v} is in no other generator)"


def algebraic_point_str(entry: dict) -> str:
    """An irrational point of a certificate, e.g. ``x = θ^2, y = θ, θ the root of t^4 - 2 in [1, 2]``."""
    F = RealField.from_json(entry["field"])
    at = ", ".join(f"{k} = {F.element_str(F.element_from_json(v))}" for k, v in entry["at"].items())
    return f"{at}; {F.describe()[6:]}"


def blowup_graph(cert: dict):
    """A networkx DiGraph of the tree: node attributes kind (node/leaf/unresolved), label, pole, m.

    >>> from rlct.poly import parse
    >>> from rlct.problem import Problem
    >>> from rlct.resolution.recursion import blowup_strategy
    >>> G = blowup_graph(blowup_strategy(Problem.from_polynomial(parse("x**2*y**2*z**2 + x**4"))).certificate)
    >>> sorted(d["pole"] for _, d in G.nodes(data=True) if d["kind"] == "leaf")
    ['1/2', '1/2', '1/2']
    """
    import networkx as nx

    G = nx.DiGraph()

    def add(node: dict, parent, label: str) -> None:
        i = G.number_of_nodes()
        kind = ("leaf" if "leaf" in node else "unresolved" if "unresolved" in node else "same" if "same" in node
                else "node")
        attrs = {"kind": kind, "label": f"{label}\nκ {tuple(node['state']['kappa'])} η {tuple(node['state']['eta'])}"}
        if kind == "leaf":
            attrs |= {"pole": node["leaf"]["lambda"], "m": node["leaf"]["m"]}
        if kind == "same":
            attrs["label"] += f"\n= node #{node['same']['node']} renamed"
        G.add_node(i, **attrs)
        if parent is not None:
            G.add_edge(parent, i)
        for chart in node.get("blowup", {}).get("charts", []):
            for kid in chart["children"]:
                add(kid, i, f"chart {chart['chart']}")
        for entry in node.get("translate", {}).get("points", []):
            add(entry["node"], i, "at " + ", ".join(f"{k}={v}" for k, v in entry["at"].items()))
        for entry in node.get("algebraic", {}).get("points", []):
            if "node" in entry:
                add(entry["node"], i, "at " + ", ".join(f"{k}={v}" for k, v in entry["at"].items()))
                continue
            k = G.number_of_nodes()
            leaf = entry.get("leaf")
            G.add_node(k, kind="leaf" if leaf else "unresolved", label="at " + algebraic_point_str(entry),
                       **({"pole": leaf["lambda"], "m": leaf["m"]} if leaf else {}))
            G.add_edge(i, k)
        for entry in node.get("slices", {}).get("slices", []):
            add(entry["node"], i, f"slice {entry['variable']}={entry['at']}")
        for entry in node.get("field-slices", {}).get("slices", []):
            add(entry["node"], i, f"slice {entry['variable']}=" + (entry["at"] if "at" in entry else "θ"))
        for entry in node.get("points", {}).get("points", []):
            add(entry["node"], i, "at " + algebraic_point_str(entry))
        if "zeros" in node:
            add(node["zeros"]["node"], i, f"{node['zeros']['coordinate']} → generator")
        if "units" in node:
            add(node["units"]["node"], i, f"{', '.join(node['units']['coordinates'])} units")
        if "divide" in node:
            data = node["divide"]
            for entry in data.get("slices", []):
                add(entry["node"], i, f"slice {data['variable']}={entry['at']}")
            if "smooth" in data:
                add(data["smooth"]["node"], i, f"{data['smooth']['coordinate']} → factor")
            add(data["quotient"], i, "quotient")

    add(cert["tree"], None, "origin")
    return G
