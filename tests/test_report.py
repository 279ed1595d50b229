"""framing.report: a self-contained, deterministic, escaped HTML report, checked in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import FramingInputError
from framing.report import MEASURE_NOTES, render_report, write_report


@pytest.fixture(scope="module")
def real():
    return framing.score("strikes-2024")


@pytest.fixture(scope="module")
def page(real):
    return render_report(real)


def test_report_holds_every_part(real, page):
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert len(re.findall(r"<img alt='[^']+' src='data:image/png;base64,", page)) >= 3
    for anchor in ("figures", "comparison", "documents", "notes", "evidence", "versions", "files"):
        assert f"<h2 id='{anchor}'>" in page and f"href='#{anchor}'" in page
    assert page.count("<details class='doc'>") == len(real.documents)
    for m in real.spans.measure.unique():
        assert f"<summary>{m} (" in page                       # one view per measure
    assert "<summary>all measures together (" in page
    for info in real.versions["lexicons"].values():
        assert info["sha256"] in page and info["version"] in page
    for m in real.versions["measures"]:
        if m in MEASURE_NOTES:
            assert f"<b>{m}</b>" in page
    assert "Can show:" in page and "Cannot show:" in page
    assert "documents.csv" in page and "spans.csv" in page
    assert "(sentences resampled" in page or "sentences</code> within one document" in page


def test_intervals_without_events_are_marked_in_the_report(real, page):
    from framing.compare import group_intervals
    iv = group_intervals(real, "hedging_boosters_per_1k", n_boot=50)
    if (iv.method == "exact-poisson").any():   # the bundled texts: boosters in vox only
        assert "exact-poisson" in page and " †</td>" in page and "† None found" in page
        row = re.search(r"<tr><td>hedging_boosters_per_1k</td>(.*?)</tr>", page).group(1)
        assert row.count("†") == int((iv.method == "exact-poisson").sum())
    assert "dashed bar with an open marker" in page


def test_report_is_self_contained_without_scripts(page):
    assert "<script" not in page.lower()
    for url in re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page):
        assert url.startswith(("data:", "#")), url


def test_report_is_deterministic(real, tmp_path):
    a = write_report(real, tmp_path / "a").read_bytes()
    b = write_report(real, tmp_path / "b").read_bytes()
    assert a == b
    assert render_report(real) == a.decode("utf-8")


def test_group_by_any_column(real):
    page = render_report(real, group_by="perspective_group", title="By group")
    assert "<title>By group</title>" in page and "compared by <b>perspective_group</b> (4 groups)" in page
    assert "documents+sentences" in page                     # two US think tanks in one group
    with pytest.raises(FramingInputError, match="cannot group the report by 'nope'"):
        render_report(real, group_by="nope")


def test_article_text_and_metadata_are_escaped(tmp_path):
    corpus = pd.DataFrame({
        "doc_id": ["x<1>", "y"],
        "outlet": ["<b>Bold</b> & Co", "Plain"],
        "title": ["<script>alert('t')</script>", "ok"],
        "text": [("Officials said the strike <script>alert('x')</script> may have been illegal. "
                  "Iran's attack on Pakistan was clearly reckless, analysts said."),
                 "Pakistan perhaps responded. <img src=x onerror=alert(1)> It was reportedly calm."],
    })
    result = framing.score(corpus)
    page = render_report(result)
    assert "<script" not in page and "<img src=x" not in page and "<b>Bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in page and "x&lt;1&gt;" in page


def test_a_result_without_spans_still_reports(tmp_path):
    result = framing.score("strikes-2024", measures=["readability"])
    page = render_report(result)
    assert "readability" in page and page.count("<details class='doc'>") == 5
    assert "No spans to show" in page


def test_cli_report_with_group_by(tmp_path):
    assert main(["report", "strikes-2024", "-o", str(tmp_path), "--group-by", "outlet_type", "--no-progress"]) == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "compared by <b>outlet_type</b>" in html
    for name in ("documents.csv", "sentences.csv", "spans.csv", "targets.csv", "versions.json"):
        assert (tmp_path / name).is_file()


# --- in a real browser ---------------------------------------------------------------------

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _load_in_chromium(browser: str, html_path: Path, shot: Path, profile: Path) -> str:
    """Load a page headless, save a screenshot, and return the browser's log (stderr)."""
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
           f"--screenshot={shot}", "--window-size=1280,2000", html_path.resolve().as_uri()]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the browser's own process group only
        proc.communicate()
        pytest.fail("chromium did not finish loading the page within 120 s")
    return out + err


def _console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line]


def _pixels(png: Path) -> np.ndarray:
    from matplotlib.image import imread

    img = imread(png)
    return (img[..., :3] * 255).round().astype(np.uint8).reshape(-1, 3)


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (Debian: apt-get install chromium)")
def test_report_in_headless_chromium(real, tmp_path):
    browser = _chromium()
    # Control: the harness must see console errors, or "no errors" below proves nothing.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><p>x</p><script>console.error('control-error');"
                   "undefinedFunction();</script></body></html>", encoding="utf-8")
    log = _load_in_chromium(browser, bad, tmp_path / "bad.png", tmp_path / "profile-bad")
    assert any("control-error" in line for line in _console_lines(log)), log[-2000:]

    report = write_report(real, tmp_path / "report")
    shot = tmp_path / "report.png"
    log = _load_in_chromium(browser, report, shot, tmp_path / "profile")
    assert _console_lines(log) == [], _console_lines(log)
    assert shot.is_file() and shot.stat().st_size > 50_000
    pixels = _pixels(shot)
    distinct = np.unique(pixels, axis=0)
    assert len(distinct) > 1_000, "the screenshot looks blank"
    # The figures are at the top of the report: their Okabe–Ito blue (#0072B2) must be on screen.
    blue = np.all(np.abs(pixels.astype(int) - [0x00, 0x72, 0xB2]) <= 6, axis=1).sum()
    assert blue > 500, f"figure colours not found in the screenshot ({blue} blue pixels)"
    if os.environ.get("FRAMING_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["FRAMING_KEEP_SCREENSHOT"])
