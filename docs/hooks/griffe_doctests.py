"""Griffe extension: doctests outside ``Examples`` sections as code blocks, Sphinx roles as code.

Many rlct docstrings put a short doctest straight after the summary, without a numpy ``Examples``
heading. Pytest runs them all the same, but Markdown would render ``>>>`` as a quotation and read an
output such as ``['1/2', '2/3']`` as a link reference, which strict mode rejects. This extension fences
each such run of lines (a ``>>>`` line and what follows it up to a blank line) as ``pycon``.
``Examples`` sections are left alone: mkdocstrings already renders those as code.

Some docstrings also use Sphinx roles (``:class:`~rlct.poly.Polynomial```), which Markdown would show
verbatim; they become inline code (the last component of the path when the role has ``~``). And the
starred point names of the prose (w*, W*, a*) would pair up into italics; their stars are escaped.
"""
from __future__ import annotations

import re

import griffe

_HEADING_RULE = re.compile(r"^\s*-{3,}\s*$")
_STARRED_NAME = re.compile(r"\b([A-Za-z])\*(?![*\w])")
_SPHINX_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`(~?)([^`]+)`")


def sphinx_roles_to_code(text: str) -> str:
    """``:class:`~a.b.C``` becomes ```C```; ``:func:`a.f``` becomes ```a.f```.

    >>> sphinx_roles_to_code("an :class:`~rlct.result.LC` or :mod:`rlct.plot`")
    'an `LC` or `rlct.plot`'
    """
    return _SPHINX_ROLE.sub(lambda m: "`" + (m[2].rsplit(".", 1)[-1] if m[1] else m[2]) + "`", text)


def fence_bare_doctests(text: str) -> str:
    r"""Wrap doctest runs outside ``Examples`` sections in ```` ```pycon ```` fences.

    >>> fence_bare_doctests("Summary.\n>>> 1 + 1\n2\n\nMore.").splitlines()
    ['Summary.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    lines = text.splitlines()
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and line.strip() and _HEADING_RULE.match(lines[i + 1]):
            section = line.strip().lower()
        if section != "examples" and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
                i += 1
            if out and out[-1].strip():
                out.append("")
            out += [indent + "```pycon", *(indent + b for b in block), indent + "```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def escape_starred_names(text: str) -> str:
    r"""Escape the star of a one-letter name (w*, W*) in prose; code spans, fences and doctests keep theirs.

    >>> escape_starred_names("at w* (see `f(w*)`), not x**2; *local* stays")
    'at w\\* (see `f(w*)`), not x**2; *local* stays'
    """
    out, fenced, in_doctest = [], False, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        in_doctest = bool(stripped) and (in_doctest or stripped.startswith(">>>"))
        if not fenced and not in_doctest and not stripped.startswith("```"):
            parts = line.split("`")
            parts[0::2] = [_STARRED_NAME.sub(r"\1\\*", p) for p in parts[0::2]]
            line = "`".join(parts)
        out.append(line)
    return "\n".join(out)


class BareDoctests(griffe.Extension):
    """Apply the rewrites above to every docstring griffe loads."""

    def on_instance(self, *, node, obj, agent, **kwargs) -> None:
        if obj.docstring is not None:
            text = fence_bare_doctests(obj.docstring.value)
            obj.docstring.value = escape_starred_names(sphinx_roles_to_code(text))
