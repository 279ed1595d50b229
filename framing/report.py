"""A self-contained HTML report of one scoring run.

The report holds the document table, the per-target table, versions and
lexicon hashes, and a note on what each measure can and cannot show. All
article text and metadata is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from .score import ScoreResult, write_atomic

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}
.note{background:#fafafa;border-left:4px solid #999;padding:.5em 1em}
code{background:#f3f3f3;padding:0 .2em}
"""

MEASURE_NOTES = {
    "readability": "Standard formulas (textstat) over counted sentences. They measure sentence and word "
                   "length, not clarity of argument; they are unreliable for short texts.",
}


def _table(frame: pd.DataFrame, float_format: str = "{:.3g}") -> str:
    def fmt(v):
        if isinstance(v, float):
            return "" if pd.isna(v) else float_format.format(v)
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(fmt(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_report(result: ScoreResult, *, group_by: str = "outlet", title: str = "framing report") -> str:
    """The report as one HTML string (no external resources)."""
    docs = result.documents
    meta_cols = [c for c in ("doc_id", group_by, "perspective_group", "n_words", "n_sentences") if c in docs]
    metric_cols = [c for c in docs.columns if "_" in c and c.split("_")[0] in result.versions["measures"]]
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p>{len(docs)} documents, {int(docs.n_words.sum()):,} words scored with framing "
             f"{html.escape(result.versions['framing'])}; measures: "
             f"{html.escape(', '.join(result.versions['measures']))}.</p>"]
    parts.append("<h2>Documents</h2>" + _table(docs[meta_cols + metric_cols]))
    if not result.targets.empty:
        parts.append("<h2>Targets (document × state)</h2>" + _table(result.targets))
    parts.append("<h2>What each measure can and cannot show</h2>")
    for m in result.versions["measures"]:
        note = MEASURE_NOTES.get(m, "")
        parts.append(f"<p class='note'><b>{html.escape(m)}</b>: {html.escape(note)}</p>")
    lex = pd.DataFrame([{"lexicon": k, "version": v["version"], "sha256": v["sha256"][:16],
                         "extends": v.get("extends", "")} for k, v in result.versions["lexicons"].items()])
    parts.append("<h2>Versions</h2>")
    if not lex.empty:
        parts.append(_table(lex))
    parts.append("<pre>" + html.escape(json.dumps(result.versions, indent=2, sort_keys=True)) + "</pre>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def write_report(result: ScoreResult, folder, *, group_by: str = "outlet") -> Path:
    """Write ``report.html`` into `folder` atomically and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomic(folder / "report.html", render_report(result, group_by=group_by).encode("utf-8"))
