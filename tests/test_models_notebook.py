"""The example notebook of paramfit.models executes and reaches its key
results: the fit finds the optimum and the compiled model is much faster
than the same model on scipy."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = (
    Path(__file__).resolve().parent.parent / "examples" / "ode-model-ion-current.ipynb"
)

_CHECK = """
import json as _json
print(_json.dumps({
    "found_error": float(found_error),
    "true_error": float(error(true)),
    "speedup": float(speedup),
    "solve_ratio": float(scipy_solve / compiled_solve),
    "scipy_difference": float(
        np.max(np.abs(scipy_model.simulate(true, times) - current_true))
    ),
    "scale": float(np.max(np.abs(current_true))),
    "backend": model.build_info()["backend"],
}))
"""


@pytest.mark.slow
def test_ion_current_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = "".join(c.source for c in nb.cells)
    assert "ODEModel(" in source and "Protocol(" in source and "CMAES" in source
    nb.cells.append(nbformat.v4.new_code_cell(_CHECK))
    NotebookClient(
        nb,
        kernel_name="python3",
        timeout=900,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    out = "".join(
        o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream"
    )
    result = json.loads(out)
    assert result["backend"] == "numba"
    # The fit reaches (at least) the sum of squares of the true parameters.
    assert result["found_error"] <= result["true_error"] * (1 + 1e-6)
    # The same equations on scipy agree, and are far slower.
    assert result["scipy_difference"] < 1e-4 * result["scale"]
    assert result["solve_ratio"] > 10 and result["speedup"] > 10
