"""The researcher notebooks run top to bottom in a fresh kernel, and are committed without outputs.

Every notebook under ``notebooks/`` is executed with nbclient in a new kernel,
as a researcher would run it (*Run All*): the working directory is the
notebook's folder and ``FRAMING_NOTEBOOK_OUT`` points the files it writes to a
temporary folder. A failing cell fails the test with its source and error.
The instructor exercises (``notebooks/exercises/``) have their own tests and
are left out here.

After the notebook's own cells, one more cell checks that every metric
column a code cell names in quotes (``"sentiment_tone_mean"``; a name ending
in ``_`` is a prefix, as in ``startswith("perspective_term_")``) exists in the
frames of a ``ScoreResult`` the notebook built, so that a renamed metric fails
here instead of being skipped silently by a ``if c in docs`` filter.

The kernel is a ``python3`` kernel running the interpreter of this test
session and importing the same ``framing`` as the tests (its folder goes on
``PYTHONPATH``), so a source checkout needs no install and a stray user-level
``python3`` kernelspec cannot pick another Python.

Needs ``nbclient``, ``nbformat`` and ``ipykernel`` (the execution test is
skipped with a reason when one is missing); the output check needs nothing.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

import framing

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Folders under notebooks/ whose notebooks are not tested here.
EXCLUDED = {"exercises", ".ipynb_checkpoints"}
#: The researcher notebooks that must exist.
EXPECTED = ("01-quickstart.ipynb", "02-how-outlets-framed-the-strikes.ipynb", "03-your-own-corpus.ipynb")
#: Seconds one cell may run before the test fails (the whole notebooks take well under a minute).
CELL_TIMEOUT = 300

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: A quoted metric column name (or prefix) in a code cell: "<measure>_...".
_METRIC = re.compile(r"""["'](?:readability|attribution|hedging|sentiment|perspective)_[a-z0-9_]+["']""")
#: The cell appended to each notebook: every metric name its code cells quote is a column
#: (or, ending in "_", a column prefix) of the frames of some ScoreResult in the kernel.
_CHECK_METRICS = """
def _check_metric_names(names):
    from framing.score import ScoreResult
    results = [v for v in globals().values() if isinstance(v, ScoreResult)]
    assert results, "the notebook built no ScoreResult"
    columns = {c for r in results for f in (r.documents, r.targets, r.sentences) for c in f.columns}
    missing = [n for n in names
               if not (n in columns or (n.endswith("_") and any(c.startswith(n) for c in columns)))]
    assert not missing, f"metric names used in the notebook but not in its results: {missing}"


_check_metric_names(__NAMES__)
"""


def _metric_names(nb) -> list[str]:
    """Metric column names (or prefixes) quoted in the notebook's code cells."""
    return sorted({m.group(0)[1:-1] for cell in nb.cells if cell.cell_type == "code"
                   for m in _METRIC.finditer(cell.source)})


def _notebooks() -> list[Path]:
    if not NOTEBOOKS.is_dir():
        return []
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb")
                  if not EXCLUDED & set(p.relative_to(NOTEBOOKS).parts[:-1]))


NOTEBOOK_PATHS = _notebooks()
_IDS = [str(p.relative_to(NOTEBOOKS)) for p in NOTEBOOK_PATHS]


def _files(folder: Path) -> set[Path]:
    """Files under `folder`, excluded folders, checkpoints and Python caches aside."""
    return {p for p in folder.rglob("*") if p.is_file()
            and not (EXCLUDED | {"__pycache__"}) & set(p.relative_to(folder).parts)}


def _python3_kernel(folder: Path) -> Path:
    """A ``python3`` kernelspec that runs this interpreter; returns the folder to put on JUPYTER_PATH."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python",
    }), encoding="utf-8")
    return folder


def test_researcher_notebooks_present():
    missing = [name for name in EXPECTED if not (NOTEBOOKS / name).is_file()]
    assert not missing, f"missing researcher notebooks in {NOTEBOOKS}: {missing}"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=_IDS)
def test_notebook_committed_without_outputs(path):
    """Committed notebooks carry no outputs, execution counts or widget state, and use the python3 kernel."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        first = "".join(cell.get("source", "")).strip().splitlines()[:1]
        where = f"cell {i} ({first[0][:60] if first else 'empty'})"
        if cell.get("outputs"):
            problems.append(f"{where}: has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{where}: execution_count is {cell['execution_count']}, not null")
        if {"execution", "widgets"} & set(cell.get("metadata", {})):
            problems.append(f"{where}: execution or widget metadata")
    if "widgets" in nb.get("metadata", {}):
        problems.append("notebook metadata holds widget state")
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"kernelspec is {kernel!r}, not 'python3'")
    assert not problems, (f"{path.name} must be committed clean (clear all outputs, save):\n  "
                          + "\n  ".join(problems))
    try:
        import nbformat
    except ImportError:
        return
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=_IDS)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat", reason="executing notebooks needs nbformat")
    pytest.importorskip("nbclient", reason="executing notebooks needs nbclient")
    pytest.importorskip("ipykernel", reason="executing notebooks needs ipykernel")
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    out = tmp_path / "out"
    monkeypatch.setenv("FRAMING_NOTEBOOK_OUT", str(out))
    package_parent = str(Path(framing.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p))
    monkeypatch.setenv("JUPYTER_PATH", str(_python3_kernel(tmp_path / "jupyter")))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend, as in JupyterLab

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(_CHECK_METRICS.replace("__NAMES__", repr(_metric_names(nb)))))
    before = _files(path.parent)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{path.name} failed in a fresh kernel:\n{_ANSI.sub('', str(err))}", pytrace=False)
    elapsed = time.perf_counter() - start
    print(f"{path.name}: {elapsed:.1f} s")

    warnings = [f"cell {i}: {_ANSI.sub('', o.get('text', '')).strip()[:500]}"
                for i, cell in enumerate(nb.cells, start=1) if cell.cell_type == "code"
                for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not warnings, f"{path.name} writes to stderr (warnings a researcher would see):\n" + "\n".join(warnings)
    stray = sorted(str(p.relative_to(path.parent)) for p in _files(path.parent) - before)
    assert not stray, (f"{path.name} wrote files next to the notebook instead of under "
                       f"FRAMING_NOTEBOOK_OUT: {stray}")
