"""The framing command: help, corpus summary, score, report, errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from framing.cli import main


def test_help_mentions_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("corpus", "score", "report", "lexicons", "PATH"):
        assert word in out


def test_corpus_summary(capsys):
    assert main(["corpus", "strikes-2024"]) == 0
    out = capsys.readouterr().out
    assert "5 documents" in out and "aibot" in out and "perspective_group" in out


def test_score_writes_frames(tmp_path, capsys):
    assert main(["score", "strikes-2024", "-o", str(tmp_path), "--measures", "readability", "--no-progress"]) == 0
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert len(docs) == 5 and "readability_gunning_fog" in docs


def test_report_writes_html(tmp_path):
    assert main(["report", "strikes-2024", "-o", str(tmp_path), "--no-progress"]) == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "aibot" in html


def test_errors_are_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,body\na,x\n")
    assert main(["score", str(bad), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error:") and "no text column 'text'" in err and str(bad) in err
    assert main(["score", "strikes-2024", "-o", str(tmp_path / "o"), "--lexicon", "oops"]) == 2
    assert "NAME=FILE" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["framing.cli", "framing"])
def test_module_entry_points(module):
    out = subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("framing ")
    bad = subprocess.run([sys.executable, "-m", module, "score"], capture_output=True, text=True)
    assert bad.returncode == 2 and "usage:" in bad.stderr
