"""Instructor exercises: otter assign works, solutions pass, blanks fail, the autograder grades.

For each master notebook in ``notebooks/exercises/`` (otter-grader's assign
format), offline and without Docker:

1. the master is committed clean (no outputs) with the settings grading
   without Docker needs (``pdf: false``, an export cell that saves first,
   tests run during assign);
2. ``otter assign`` succeeds (it also runs every test against the solutions)
   and writes a student version without solutions or hidden tests;
3. the solution notebook runs top to bottom in a fresh kernel with every
   ``grader.check`` passing;
4. the student notebook, blanks and all, runs without an error (export cell
   included) and every check fails;
5. ``grade_class.py grade`` (``otter run`` per submission) gives the solution
   full marks (as a notebook and as the zip the export cell writes) and the
   blank notebook none, and a solution with plausible
   wrong answers appended loses exactly the questions those answers belong
   to; the written answers are collected and ``combine`` adds their points.

Needs ``otter-grader`` (with its ``nbclient``/``nbformat``) and ``ipykernel``;
skipped with a reason without them. The kernels run this interpreter and
import the same ``framing`` as the tests.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import framing

pytest.importorskip("otter", reason="otter-grader is not installed (pip install '.[test]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install '.[test]')")
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "notebooks" / "exercises"
MASTERS = sorted(EXERCISES.glob("*.ipynb"))
GRADE_CLASS = EXERCISES / "grade_class.py"
OTTER = Path(sys.executable).parent / "otter"
CELL_TIMEOUT = 300

#: Plausible wrong answers, appended as a last cell to the solution notebook
#: (grading checks the notebook's final variables), and the questions they
#: must cost. Each is a mistake the hidden tests are meant to catch.
WRONG_ANSWERS = {
    "hedging-attribution": ({"q3", "q4", "q8", "q11"}, """
# q3: words of all sentences, repeats and page debris included
doc_words = int(sentences.loc[sentences.doc_id == DOC, "n_words"].sum())
doc_hedges_per_1k = doc_category_counts["hedge"] / doc_words * 1000
# q4: hedges per sentence instead of sentences with a hedge
doc_hedged_share = (doc_hedging.category == "hedge").sum() / sentences[(sentences.doc_id == DOC) & sentences.counted].shape[0]
# q8: evaluative share of all attribution spans, not of cues
doc_evaluative_share = (doc_attr.label == "evaluative").mean()
# q11: rate over all sentences
def per_1k(doc_id, category):
    words = sentences.loc[sentences.doc_id == doc_id, "n_words"].sum()
    n = ((spans.doc_id == doc_id) & (spans.measure == "hedging") & (spans.category == category)).sum()
    return float(n / words * 1000)
"""),
    "sentiment-toward-states": ({"q3", "q5", "q7", "q10", "q11"}, """
# q3: "negative" as below zero instead of VADER's -0.05 cut-off
state_vader_negative_share = float(np.mean([c < 0 for c in state_compounds]))
# q5: share of negative words counted, not of their valence
_starts = set(neutralised.loc[neutralised.doc_id == DOC, "start"])
_neg = [(s + t.start) for s, x in zip(state_sentences.start, state_sentences.text) for t in vader.score(x).tokens if t.contribution < 0]
event_share = sum(o in _starts for o in _neg) / len(_neg)
# q7: whole-sentence VADER as the tone toward Pakistan
example2_tone_pakistan = example2_vader
# q10: compared by sentence VADER instead of scoped tone
lower_docs = sorted(tone_table.index[tone_table.vader_state < tone_table.vader_other])
# q11: negative words toward any target
negative_evidence = spans[(spans.doc_id == EVIDENCE_DOC) & (spans.category == "valence") & (spans.value < 0)].sort_values("value")
"""),
    "national-perspective": ({"q2", "q3", "q4", "q6", "q7"}, """
# q2: counts instead of shares
doc_voice = persp[(persp.doc_id == DOC) & (persp.category == "voice")].target.value_counts()
# q3: interest spans of every article
doc_interest = persp[persp.category == "interest"].target.value_counts()
# q4: no voice recorded as missing instead of 0
_profile_right = profile
def profile(doc_id):
    p = _profile_right(doc_id)
    p["voice_share"] = p["voice_share"].replace(0, float("nan"))
    return p
# q6: spellings compared without lowercasing
baloch_share = spelling.text.str.startswith("baloch").groupby(spelling.doc_id).mean()
# q7: publisher boilerplate counted as a machine marker
machine_markers = persp[persp.category.isin(["aggregation", "publisher"])].doc_id.value_counts().reindex(corpus.doc_id, fill_value=0)
"""),
}


def _ids(paths):
    return [p.stem for p in paths]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """Kernels and subprocesses run this interpreter and import this ``framing``."""
    if not OTTER.exists():
        pytest.skip(f"no otter command next to {sys.executable}")
    kernels = tmp_path_factory.mktemp("jupyter")
    spec = kernels / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}), encoding="utf-8")
    framing_parent = str(Path(framing.__file__).resolve().parent.parent)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, [str(kernels), os.environ.get("JUPYTER_PATH")])))
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [framing_parent, os.environ.get("PYTHONPATH")])))
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        yield dict(os.environ)


def _config(nb) -> dict:
    for cell in nb.cells:
        if cell.cell_type == "raw" and re.match(r"#\s*assignment\s+config", cell.source, re.I):
            return yaml.safe_load(cell.source)
    return {}


def _questions(nb) -> dict[str, dict]:
    out = {}
    for cell in nb.cells:
        if cell.cell_type == "raw" and re.match(r"#\s*begin\s+question", cell.source, re.I):
            cfg = yaml.safe_load(cell.source)
            out[cfg["name"]] = cfg
    return out


@pytest.fixture(scope="module", params=MASTERS, ids=_ids(MASTERS))
def assigned(request, environment, tmp_path_factory):
    """``otter assign`` run on one master notebook (which also runs its tests on the solutions)."""
    master = request.param
    dist = tmp_path_factory.mktemp(master.stem) / "dist"
    proc = subprocess.run([str(OTTER), "assign", "-v", str(master), str(dist)], capture_output=True, text=True,
                          env=environment, timeout=600)
    assert proc.returncode == 0, f"otter assign failed for {master.name}:\n{proc.stdout}\n{proc.stderr}"
    assert "All autograder tests passed" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    nb = nbformat.read(master, as_version=4)
    questions = _questions(nb)
    zips = sorted((dist / "autograder").glob(f"{master.stem}-autograder_*.zip"))
    assert len(zips) == 1, f"expected one autograder zip, found {zips}"
    return {
        "master": master, "dist": dist, "zip": zips[0],
        "solution": dist / "autograder" / master.name, "student": dist / "student" / master.name,
        "auto": sorted((q for q, c in questions.items() if not c.get("manual")), key=_natural),
        "manual": sorted((q for q, c in questions.items() if c.get("manual")), key=_natural),
        "points": {q: c.get("points", 1) for q, c in questions.items()},
    }


def _natural(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _execute(path: Path, *, drop_export: bool = False):
    """Run a notebook top to bottom in a fresh kernel in its own folder; raise on the first error."""
    nb = nbformat.read(path, as_version=4)
    if drop_export:
        nb.cells = [c for c in nb.cells if "grader.export(" not in c.source]
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def _check_outputs(nb) -> dict[str, str]:
    """The text each ``grader.check("q")`` cell printed, by question."""
    out = {}
    for cell in nb.cells:
        m = re.fullmatch(r'\s*grader\.check\("([^"]+)"\)\s*', cell.source) if cell.cell_type == "code" else None
        if m:
            out[m.group(1)] = "".join(o.get("text", "") or str(o.get("data", {}).get("text/plain", ""))
                                      for o in cell.get("outputs", []))
    return out


# --- 1. the masters as committed ---------------------------------------------------------

def test_three_exercises_exist():
    names = {p.stem for p in MASTERS}
    assert {"hedging-attribution", "sentiment-toward-states", "national-perspective"} <= names, names
    assert set(WRONG_ANSWERS) == names, "add wrong answers to WRONG_ANSWERS for every exercise"


@pytest.mark.parametrize("master", MASTERS, ids=_ids(MASTERS))
def test_master_is_clean_and_configured_for_offline_grading(master):
    nb = nbformat.read(master, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{master.name} cell {i} has outputs: strip them"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    cfg = _config(nb)
    assert cfg.get("name"), "the assignment needs a name (otter run checks submissions against it)"
    assert cfg.get("run_tests", True) is True, "run_tests: true makes otter assign check the solutions"
    export = cfg.get("export_cell") or {}
    assert export.get("pdf") is False, "export_cell.pdf must be false: no LaTeX/Chromium on a classroom hub"
    assert export.get("force_save") is True, "the export cell should save the notebook first"
    assert (cfg.get("generate") or {}).get("pdf") is False
    assert "requirements" not in cfg and "environment" not in cfg, "otter run grades in the present environment"
    questions = _questions(nb)
    assert sum(1 for q in questions.values() if q.get("manual")) >= 2, "written (manually graded) questions"
    assert sum(1 for q in questions.values() if not q.get("manual")) >= 5, "autograded questions"


# --- 2-5. assign, run, grade ------------------------------------------------------------

def test_assign_writes_student_and_autograder_versions(assigned):
    student = nbformat.read(assigned["student"], as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "# SOLUTION" not in text and "BEGIN SOLUTION" not in text and "Model answer" not in text
    cases = [c for t in student.metadata["otter"]["tests"].values() for s in t["suites"] for c in s["cases"]]
    assert cases and not any(c["hidden"] for c in cases), "hidden tests leaked into the student notebook"
    assert text.count("_Type your answer here") == len(assigned["manual"])
    assert f'grader = otter.Notebook("{assigned["master"].name}")' in text
    with zipfile.ZipFile(assigned["zip"]) as zf:
        names = set(zf.namelist())
        assert {f"tests/{q}.py" for q in assigned["auto"]} <= names
        assert not any(f"tests/{q}.py" in names for q in assigned["manual"])
        assert all("'hidden': True" in zf.read(f"tests/{q}.py").decode() for q in assigned["auto"]), \
            "every autograded question should have hidden tests"
        assert "requirements.txt" not in names or not zf.read("requirements.txt").strip()
        config = json.loads(zf.read("otter_config.json"))
        assert config.get("pdf") is False


def test_solution_notebook_passes_every_check(assigned):
    # The export cell is exercised on the student notebook below.
    nb = _execute(assigned["solution"], drop_export=True)
    checks = _check_outputs(nb)
    assert sorted(checks, key=_natural) == assigned["auto"]
    failed = {q: out for q, out in checks.items() if "All test cases passed" not in out}
    assert not failed, f"checks failing on the solutions: {failed}"


def test_student_notebook_runs_and_fails_every_check(assigned):
    folder = assigned["student"].parent
    nb = _execute(assigned["student"])  # raises on the first cell error
    checks = _check_outputs(nb)
    assert sorted(checks, key=_natural) == assigned["auto"]
    passed = [q for q, out in checks.items() if "All test cases passed" in out or "❌" not in out]
    assert not passed, f"checks passing on the blank notebook: {passed}"
    assert list(folder.glob(f"{assigned['master'].stem}_*.zip")), "the export cell wrote no submission zip"


def _override(solution: Path, code: str, dest: Path) -> Path:
    nb = nbformat.read(solution, as_version=4)
    export = next(i for i, c in enumerate(nb.cells) if "grader.export(" in c.source)
    nb.cells.insert(export, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, dest)
    return dest


def _grade(environment, dist: Path, subs: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GRADE_CLASS), "grade", str(dist), str(subs), "-o", str(out), "-j", "2"],
                          capture_output=True, text=True, env=environment, timeout=900)


def test_autograder_full_marks_for_solution_none_for_blanks_and_catches_wrong_answers(
        assigned, environment, tmp_path):
    stem = assigned["master"].stem
    expected_wrong, code = WRONG_ANSWERS[stem]
    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "solution.ipynb").write_bytes(assigned["solution"].read_bytes())
    (subs / "blank.ipynb").write_bytes(assigned["student"].read_bytes())
    _override(assigned["solution"], code, subs / "wrong.ipynb")
    with zipfile.ZipFile(subs / "exported.zip", "w") as zf:  # what the export cell hands in
        zf.write(assigned["solution"], assigned["master"].name)
    out = tmp_path / "grades"
    proc = _grade(environment, assigned["dist"], subs, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    with open(out / "autograded.csv", newline="", encoding="utf-8") as fh:
        rows = {r["submission"]: r for r in csv.DictReader(fh)}
    possible = sum(assigned["points"][q] for q in assigned["auto"])
    for name, row in rows.items():
        assert not row["error"], f"{name}: {row['error']}"
        assert float(row["autograded_possible"]) == possible
    sol, blank, wrong = rows["solution.ipynb"], rows["blank.ipynb"], rows["wrong.ipynb"]
    assert float(sol["autograded"]) == possible, sol
    assert float(rows["exported.zip"]["autograded"]) == possible, rows["exported.zip"]
    assert float(blank["autograded"]) == 0, blank
    lost = {q for q in assigned["auto"] if float(wrong[q]) < assigned["points"][q]}
    assert lost == expected_wrong, f"wrong answers should cost exactly {sorted(expected_wrong)}; lost {sorted(lost)}"

    # otter's own results for the solution: every question at full marks
    results = json.loads((out / "runs" / "solution.ipynb" / "results.json").read_text(encoding="utf-8"))
    scored = [t for t in results["tests"] if t.get("max_score") is not None]
    assert sorted((t["name"] for t in scored), key=_natural) == assigned["auto"]
    assert all(t["score"] == t["max_score"] for t in scored), scored

    # written answers: one row per submission and written question, blanks empty
    with open(out / "written_answers.csv", newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert len(written) == 4 * len(assigned["manual"])
    manual_points = sorted(float(assigned["points"][q]) for q in assigned["manual"])
    for name in rows:
        mine = [r for r in written if r["submission"] == name]
        assert sorted(float(r["max_points"]) for r in mine) == manual_points
        if name == "blank.ipynb":
            assert all(not r["answer"] for r in mine)
        else:
            assert all("Model answer" in r["answer"] for r in mine)
    page = (out / "written_answers.html").read_text(encoding="utf-8")
    assert page.count("<h2>") == len(assigned["manual"]) and "(no answer)" in page

    # combine: refuses while points are missing, then adds them
    combine = [sys.executable, str(GRADE_CLASS), "combine", str(out)]
    assert subprocess.run(combine, capture_output=True, text=True, env=environment).returncode == 1
    for r in written:
        r["points"] = r["max_points"] if r["submission"] == "solution.ipynb" else "0"
    with open(out / "written_answers.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, list(written[0]))
        w.writeheader()
        w.writerows(written)
    proc = subprocess.run(combine, capture_output=True, text=True, env=environment)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out / "final_grades.csv", newline="", encoding="utf-8") as fh:
        final = {r["submission"]: r for r in csv.DictReader(fh)}
    total = possible + sum(manual_points)
    assert float(final["solution.ipynb"]["total"]) == total == float(final["solution.ipynb"]["possible"])
    assert float(final["solution.ipynb"]["percent"]) == 100.0
    assert float(final["blank.ipynb"]["total"]) == 0
