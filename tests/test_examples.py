"""The example notebooks execute (nbclient, kernel python3, Agg backend) and
reach their key result."""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Appended to the seed notebook: the least-squares optimum of its own data.
_CHECK_CELL = """
import json as _json
import scipy.optimize as _opt
_lsq = _opt.least_squares(
    lambda p: model.simulate(p, times) - values, real_parameters, x_scale=[0.01, 100]
).x
print(_json.dumps({"xbest": [float(v) for v in xnes.x_best()],
                   "lsq": [float(v) for v in _lsq]}))
"""


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    client = NotebookClient(
        nb,
        kernel_name="python3",  # whatever the notebook's metadata says
        timeout=600,
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    client.execute()
    return nb


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_seed_notebook_converges(seed, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(EXAMPLES / "optimisation-ask-and-tell.ipynb", as_version=4)
    source = "".join(c.source for c in nb.cells)
    assert (
        "import paramfit as pints" in source and "import paramfit.toy as toy" in source
    )
    nb.cells.insert(
        0, nbformat.v4.new_code_cell(f"import numpy\nnumpy.random.seed({seed})")
    )
    nb.cells.append(nbformat.v4.new_code_cell(_CHECK_CELL))
    execute(nb)

    result = json.loads(printed(nb.cells[-1]))
    lsq = np.array(result["lsq"])
    np.testing.assert_allclose(result["xbest"], lsq, rtol=0.01)
    # The two cells that print xbest() after 500 iterations (loop and pool).
    shown = [printed(c) for c in nb.cells if "print(xnes.xbest())" in c.source]
    assert len(shown) == 2
    for text in shown:
        found = [float(v) for v in re.findall(r"[-+0-9.e]+", text.split("]")[-2])]
        np.testing.assert_allclose(found, lsq, rtol=0.01)
