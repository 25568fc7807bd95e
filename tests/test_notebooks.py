"""Every teaching notebook runs top to bottom on the CPU (issue 6).

Each notebook in ``notebooks/`` is executed in a fresh kernel with nbclient, in a scratch copy of the
folder so that figures or files a notebook writes never touch the checkout. A cell that raises fails the
test with the cell's source and the error. Outputs are not compared: the notebooks are teaching material,
and the numbers they print are checked by the library's own tests.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

# Per cell; the budget is two minutes for a whole notebook on the CPU.
CELL_TIMEOUT_S = 240


def test_the_six_notebooks_exist():
    names = [p.name for p in PATHS]
    assert len(names) >= 6, names
    for prefix in ("01-", "02-", "03-", "04-", "05-", "06-"):
        assert any(n.startswith(prefix) for n in names), prefix


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_top_to_bottom(path, tmp_path):
    work = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, work)
    nb = nbformat.read(work / path.name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(work)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as err:
        pytest.fail(f"{path.name}: {str(err).splitlines()[-1] if str(err) else err}\n{err}")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
