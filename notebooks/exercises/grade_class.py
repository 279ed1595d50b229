"""Grade a class's submissions of one exercise offline, without Docker.

``otter run`` grades one notebook at a time on this machine (no container, no
installs: it uses the Python environment it runs in, which must have framing
and otter-grader). This script runs it over a folder of submissions, collects
the autograded scores into one CSV, and gathers the answers to the written
(manually graded) questions so that they can be read and scored in one place.

Usage, from the folder where you ran ``otter assign``::

    python grade_class.py grade dist/hedging-attribution submissions/ -o grades/
    # read grades/written_answers.html, fill the `points` column of
    # grades/written_answers.csv (a spreadsheet program will do), then:
    python grade_class.py combine grades/

``grade`` writes into the output folder:

``autograded.csv``
    one row per submission: a column per autograded question (points scored),
    ``autograded`` and ``autograded_possible``, and ``error`` (why a
    submission could not be graded, if it could not).
``written_answers.csv``
    one row per submission and written question: the answer text, the
    question's points, and empty ``points`` and ``comment`` columns to fill in.
``written_answers.html``
    the same answers grouped by question, for reading.
``runs/<submission>/``
    otter's own ``results.json`` and the log of its run, per submission.

``combine`` adds the filled-in written points to the autograded ones and
writes ``final_grades.csv``.

A submission is an ``.ipynb`` file or the ``.zip`` file the notebook's last
cell exports; its file name identifies it in the CSVs.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BEGIN = "<!-- BEGIN QUESTION -->"
END = "<!-- END QUESTION -->"
PLACEHOLDER = "_Type your answer here, replacing this text._"


def natural_key(name: str) -> list:
    """Sort q2 before q10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def find_otter() -> str:
    """The ``otter`` command of this Python environment (else the one on PATH)."""
    here = Path(sys.executable).parent / "otter"
    if here.exists():
        return str(here)
    found = shutil.which("otter")
    if not found:
        sys.exit("grade_class: otter-grader is not installed here: pip install 'otter-grader>=7,<8'")
    return found


def find_autograder(dist: Path) -> Path:
    """The newest autograder zip that ``otter assign`` wrote under `dist` (or `dist` itself)."""
    if dist.is_file() and dist.suffix == ".zip":
        return dist
    zips = sorted((dist / "autograder").glob("*-autograder_*.zip")) or sorted(dist.glob("*-autograder_*.zip"))
    if not zips:
        sys.exit(f"grade_class: no autograder zip in {dist}/autograder: run `otter assign` first")
    return zips[-1]


def submissions_in(folder: Path) -> list[Path]:
    files = [p for p in folder.iterdir() if p.suffix in (".ipynb", ".zip") and not p.name.startswith(".")]
    if not files:
        sys.exit(f"grade_class: no .ipynb or .zip submissions in {folder}")
    return sorted(files, key=lambda p: natural_key(p.name))


def read_notebook(path: Path) -> dict:
    """The notebook JSON of a submission (the single .ipynb inside a zip)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".ipynb") and not n.startswith("__MACOSX")]
            if len(names) != 1:
                raise ValueError(f"expected one notebook in {path.name}, found {len(names)}")
            return json.loads(zf.read(names[0]).decode("utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def written_answers(nb: dict) -> list[dict]:
    """The written questions of a notebook made by ``otter assign``, with the answers given.

    ``otter assign`` opens each manually graded question with ``<!-- BEGIN
    QUESTION -->`` in its prompt cell and closes it in the next cell after it;
    the cells in between are the answer. The question is named by the first
    "Question N" in its prompt, its points by the "_Points:_" line that
    ``show_question_points`` adds.
    """
    out, current = [], None
    for cell in nb.get("cells", []):
        text = _source(cell)
        if current is not None and END in text:
            out.append(current)
            current = None
        if BEGIN in text:
            prompt = text.replace(END, "").replace(BEGIN, "").strip()
            m = re.search(r"Question\s+(\d+[A-Za-z]?)", prompt)
            p = re.search(r"_Points:_\s*([\d.]+)", prompt)
            current = {"question": f"Question {m.group(1)}" if m else f"written {len(out) + 1}",
                       "max_points": float(p.group(1)) if p else None,
                       "prompt": prompt, "answer": []}
        elif current is not None:
            current["answer"].append(text.strip())
    if current is not None:
        out.append(current)
    for q in out:
        answer = "\n\n".join(a for a in q["answer"] if a and a != PLACEHOLDER)
        q["answer"] = answer
    return out


def run_with_timeout(cmd: list[str], timeout: float) -> tuple[int | None, str]:
    """Run `cmd`; return its exit code (None on timeout) and output. On timeout the
    whole process group is killed, so the notebook kernel otter started goes too."""
    posix = os.name == "posix"
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          start_new_session=posix) as proc:
        try:
            out, _ = proc.communicate(timeout=timeout)
            return proc.returncode, out
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()
            out, _ = proc.communicate()
            return None, out or ""


def grade_one(otter: str, autograder: Path, submission: Path, run_dir: Path, timeout: float) -> dict:
    """Run ``otter run`` on one submission; returns {'scores': {q: (score, max)}, 'error': str}."""
    run_dir.mkdir(parents=True, exist_ok=True)
    results = run_dir / "results.json"
    results.unlink(missing_ok=True)
    cmd = [otter, "run", "-a", str(autograder.resolve()), "-o", str(run_dir.resolve()), "--no-logo",
           str(submission.resolve())]
    code, log = run_with_timeout(cmd, timeout)
    error = "" if code == 0 else f"timed out after {timeout:g} s" if code is None else f"otter run exited with {code}"
    (run_dir / "otter-run.log").write_text(log, encoding="utf-8")
    scores = {}
    if results.exists():
        data = json.loads(results.read_text(encoding="utf-8"))
        for test in data.get("tests", []):
            if test.get("max_score") is not None:
                scores[test["name"]] = (float(test.get("score") or 0.0), float(test["max_score"]))
            elif test.get("name") == "Autograder Error":  # otter's reason beats an exit code
                error = (test.get("output") or "autograder error").strip().splitlines()[-1]
    elif code is not None:
        # otter run stops before writing results when it refuses a submission
        # (another assignment, no notebook): the last line of its log says why.
        lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
        reason = lines[-1].split("Error: ", 1)[-1][:300] if lines else "no results.json"
        error = f"{error}: {reason}" if error else reason
    if error:
        error += f" (see {run_dir / 'otter-run.log'})"
    return {"scores": scores, "error": error}


def grade(args: argparse.Namespace) -> int:
    otter = find_otter()
    autograder = find_autograder(Path(args.dist))
    subs = submissions_in(Path(args.submissions))
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    print(f"grading {len(subs)} submission(s) with {autograder.name}")

    def work(sub: Path) -> tuple[Path, dict]:
        return sub, grade_one(otter, autograder, sub, out / "runs" / sub.name, args.timeout)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        graded = dict(pool.map(work, subs))

    questions = sorted({q for g in graded.values() for q in g["scores"]}, key=natural_key)
    possible = {q: next(g["scores"][q][1] for g in graded.values() if q in g["scores"]) for q in questions}
    total_possible = sum(possible.values())
    with open(out / "autograded.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["submission", *questions, "autograded", "autograded_possible", "error"])
        for sub in subs:
            g = graded[sub]
            row = [g["scores"].get(q, (0.0, 0.0))[0] for q in questions]
            w.writerow([sub.name, *row, sum(row), total_possible, g["error"]])
            status = g["error"] or f"{sum(row):g} / {total_possible:g}"
            print(f"  {sub.name}: {status}")

    rows = []
    for sub in subs:
        try:
            answers = written_answers(read_notebook(sub))
        except (OSError, ValueError, zipfile.BadZipFile) as e:
            print(f"  {sub.name}: could not read written answers: {e}")
            continue
        for a in answers:
            rows.append({"submission": sub.name, "question": a["question"], "max_points": a["max_points"],
                         "points": "", "comment": "", "answer": a["answer"], "prompt": a["prompt"]})
    with open(out / "written_answers.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["submission", "question", "max_points", "points", "comment", "answer"],
                           extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    (out / "written_answers.html").write_text(answers_html(rows, autograder.name), encoding="utf-8")
    print(f"wrote {out / 'autograded.csv'}, {out / 'written_answers.csv'}, {out / 'written_answers.html'}")
    return 1 if any(g["error"] for g in graded.values()) else 0


def answers_html(rows: list[dict], title: str) -> str:
    """One section per written question, every submission's answer under it (escaped, as typed)."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Written answers: {html.escape(title)}"
             "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
             "pre{white-space:pre-wrap;background:#f6f6f6;padding:.6em}h3{margin-bottom:.2em}"
             ".empty{color:#a00}</style></head><body>",
             f"<h1>Written answers</h1><p>{html.escape(title)}: score them in the <code>points</code> "
             "column of written_answers.csv, then run <code>grade_class.py combine</code>.</p>"]
    for question in sorted({r["question"] for r in rows}, key=natural_key):
        mine = [r for r in rows if r["question"] == question]
        mp = mine[0]["max_points"]
        parts.append(f"<h2>{html.escape(question)}" + (f" ({mp:g} points)" if mp else "") + "</h2>")
        parts.append(f"<details><summary>prompt</summary><pre>{html.escape(mine[0]['prompt'])}</pre></details>")
        for r in mine:
            body = (f"<pre>{html.escape(r['answer'])}</pre>" if r["answer"]
                    else "<p class='empty'>(no answer)</p>")
            parts.append(f"<h3>{html.escape(r['submission'])}</h3>{body}")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def combine(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    with open(folder / "autograded.csv", newline="", encoding="utf-8") as fh:
        auto = list(csv.DictReader(fh))
    with open(folder / "written_answers.csv", newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    missing = [f"{r['submission']} {r['question']}" for r in written if not r["points"].strip()]
    if missing and not args.allow_missing:
        print("combine: written answers without points (fill them in, or use --allow-missing to count 0):")
        for m in missing[:20]:
            print("  " + m)
        return 1
    written_possible = {}
    for r in written:
        if r["max_points"]:
            written_possible[r["question"]] = float(r["max_points"])
    with open(folder / "final_grades.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["submission", "autograded", "written", "total", "possible", "percent", "error"])
        for a in auto:
            pts = sum(float(r["points"]) for r in written if r["submission"] == a["submission"] and r["points"].strip())
            total = float(a["autograded"]) + pts
            possible = float(a["autograded_possible"]) + sum(written_possible.values())
            w.writerow([a["submission"], a["autograded"], f"{pts:g}", f"{total:g}", f"{possible:g}",
                        f"{100 * total / possible:.1f}" if possible else "", a["error"]])
    print(f"wrote {folder / 'final_grades.csv'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="autograde every submission with `otter run` and collect written answers")
    g.add_argument("dist", help="the folder `otter assign` wrote (holding autograder/), or the autograder zip")
    g.add_argument("submissions", help="a folder of .ipynb or .zip submissions")
    g.add_argument("-o", "--output", default="grades", help="where to write the CSVs (default: grades/)")
    g.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    g.add_argument("--timeout", type=float, default=600, help="seconds allowed per submission (default 600)")
    g.set_defaults(func=grade)
    c = sub.add_parser("combine", help="add the written points to the autograded ones: final_grades.csv")
    c.add_argument("folder", help="the output folder of `grade`")
    c.add_argument("--allow-missing", action="store_true", help="count unscored written answers as 0")
    c.set_defaults(func=combine)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
