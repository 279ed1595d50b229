"""A self-contained HTML report of one scoring run.

One file, no external resources, no scripts: the groups compared with
bootstrap intervals, figures embedded as PNG, every document with its
evidence highlighted (collapsed), the per-document and per-target tables,
what each measure can and cannot show, and the versions and lexicon hashes
that produced the numbers. The same input gives the same bytes (no
timestamps; figures are rendered without metadata). All article text and
metadata is HTML-escaped.

>>> import framing
>>> from framing.report import write_report
>>> write_report(framing.score("strikes-2024"), "report/")   # doctest: +SKIP
PosixPath('report/report.html')
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import FramingInputError
from .score import ScoreResult, write_atomic

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}h3{margin-top:1.5em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right;vertical-align:top}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}
.scroll{overflow-x:auto}
.note{background:#fafafa;border-left:4px solid #999;padding:.5em 1em;margin:.8em 0}
.note p{margin:.3em 0}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#444;max-width:60em}
details{margin:.5em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .8em}
details details{border-color:#eee;margin-left:.5em}
summary{cursor:pointer;font-weight:600}
code{background:#f3f3f3;padding:0 .2em;font-size:.9em}
.muted{color:#666;font-size:.9em}
nav ol{columns:2;font-size:.95em}
"""

#: What each measure can and cannot show, printed in every report.
MEASURE_NOTES: dict[str, tuple[str, str]] = {
    "readability": (
        "Sentence length and word length (syllables, long and unfamiliar words) of the counted text, "
        "with the standard formulas (Flesch, Flesch–Kincaid, Gunning fog, SMOG, Dale–Chall) as "
        "textstat computes them. Useful as a control: longer sentences hold more of everything.",
        "Whether a text is clear, accurate or well argued. The formulas were fitted to school reading "
        "material, not to news or policy analysis; differences of a grade level or two between short "
        "texts are within their noise. SMOG needs at least three sentences."),
    "hedging": (
        "How often a text marks its claims as uncertain (hedges: may, might, suggest, likely, "
        "about 70 miles), certain (boosters: clearly, in fact) or second-hand (distancing: alleged, "
        "so-called, reportedly), per 1,000 words and as the share of hedged sentences, in the author's "
        "voice and in attributed speech. Every marker is a span with its lexicon entry and context rule.",
        "Whether the uncertainty is warranted, or which claim a hedge weakens (its scope). The lexicon "
        "and its context rules miss phrasings they do not list and still misread some ambiguous words "
        "(could, about, may, will). The agreement figures in docs/validation.md come from biomedical "
        "abstracts (BioScope), another genre: expect lower agreement on news."),
    "attribution": (
        "Who is given a voice and how: source types (named people, officials, experts, media, "
        "organisations, anonymous or vague sources), direct, indirect and mixed quotation, scare "
        "quotes, neutral versus evaluative reporting verbs (said versus claimed, alleged, admitted), "
        "and the state a speaker speaks for, as rates per 1,000 words and shares.",
        "Whether a quotation is accurate or fairly chosen, or what the speaker meant. Rules on word "
        "tokens (no parser) miss long or unusual constructions and speakers named several sentences "
        "earlier; source types and states depend on the institutions and people lexicons. The "
        "agreement figures come from US political news (PolNeAR), not from this event."),
    "sentiment": (
        "For each state and actor group: how often it is mentioned, its share of all mentions, and the "
        "tone of the words about it (not of the whole sentence), separately in the author's voice and "
        "in attributed speech, with the words that carry the tone. Event words (attack, killed, strike) "
        "are not counted as tone: reporting an attack on a state is not negative toward it.",
        "An author's sympathies with certainty. Lexicon valence (VADER with a conflict overlay) misses "
        "irony, implication and tone that needs world knowledge; a tone from a few mentions is noise "
        "(read the mention counts beside each value). The agreement figures come from NewsMTSC "
        "(sentiment toward targets in sentences of English-language, mostly US, political news), a different domain."),
    "perspective": (
        "Interpretable indicators of whose viewpoint a text takes: which states' speakers it quotes, "
        "whose interests and security it presents as the stake, which spellings and labels it uses "
        "(Balochistan/Baluchistan, militants/terrorists/separatists), which states it portrays "
        "favourably, and markers of machine-written aggregation (AI disclaimers, templated headings, "
        "stock phrases, bullet-list summaries; a publisher's boilerplate is counted apart, not as "
        "aggregation).",
        "An outlet's nationality, ownership or intent. The indicators also vary with topic and genre, "
        "and any learned classifier is trained on outlet metadata (the country of an outlet), not on "
        "human judgements of perspective. With one document per group a profile describes a document, "
        "not an outlet."),
}

_COMPARISON_NOTE = (
    "A handful of documents is an illustration, not a sample. When a group holds one document, its "
    "interval shows how much that document's rate depends on its particular sentences (sentences "
    "resampled within the document); it says nothing about the outlet's other articles. Intervals "
    "from sentence resampling are, if anything, too narrow, since sentences of one argument are not "
    "independent. Length, genre (news explainer, think-tank analysis, aggregator) and date differ "
    "between these documents and confound any difference between outlets. Numbers come from "
    "lexicons and rules: read the highlighted evidence before interpreting them.")

#: Document metrics shown in the comparison table, when present.
HEADLINE_METRICS = (
    "hedging_hedges_per_1k", "hedging_boosters_per_1k", "hedging_distancing_per_1k",
    "hedging_hedged_sentence_share",
    "attribution_per_1k", "attribution_direct_share", "attribution_evaluative_cue_share",
    "attribution_source_anonymous_share", "attribution_scare_quotes_per_1k",
    "sentiment_vader_mean_mention_sentences", "sentiment_tone_mean",
    "readability_flesch_kincaid_grade", "readability_words_per_sentence",
)

_MAX_ROWS = 200          # rows of a per-document table shown in the page (the CSVs hold all)
_MAX_HIGHLIGHTED = 25    # documents shown with highlighted evidence
_MAX_KEYNESS_GROUPS = 8
_MAX_COLUMNS = 30        # documents shown side by side in the metrics table


def _fmt(v, float_format: str = "{:.3g}") -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return "" if math.isnan(v) else float_format.format(v)
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def _table(frame: pd.DataFrame, float_format: str = "{:.3g}", max_rows: int | None = _MAX_ROWS) -> str:
    note = ""
    if max_rows is not None and len(frame) > max_rows:
        note = f"<p class='muted'>First {max_rows} of {len(frame):,} rows; the CSV file holds all.</p>"
        frame = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(v, float_format))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<div class='scroll'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{note}"


def _figure_png(draw: Callable, size: tuple[float, float], alt: str, caption: str) -> str:
    """Draw on a fresh Figure (no pyplot, no global state) and embed it as base64 PNG."""
    from matplotlib.figure import Figure

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)  # a real canvas: text extents are measured once, not per call
    draw(fig)
    buf = io.BytesIO()
    # No metadata: the same figure gives the same bytes.
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f"<figure><img alt='{html.escape(alt)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _intervals_table(result: ScoreResult, group_by: str) -> tuple[str, pd.DataFrame]:
    from .compare import group_intervals

    metrics = [m for m in HEADLINE_METRICS if m in result.documents and result.documents[m].notna().any()]
    if not metrics:
        return "", pd.DataFrame()
    iv = group_intervals(result, metrics, by=group_by, n_boot=2000, seed=0)
    groups = list(pd.unique(iv["group"]))
    rows = []
    marks = set()
    for m in metrics:
        sub = iv[iv["metric"] == m].set_index("group")
        row = {"metric": m}
        for g in groups:
            r = sub.loc[g]
            cell = _fmt(r["estimate"])
            if not math.isnan(r["ci_low"]):
                cell += f" ({_fmt(r['ci_low'])}–{_fmt(r['ci_high'])})"
                # Intervals that must not pass for ordinary bootstrap ones.
                if str(r["method"]).startswith("exact"):
                    cell += " †"
                    marks.add("†")
                elif r["ci_low"] == r["ci_high"]:
                    cell += " ‡"
                    marks.add("‡")
            row[str(g)] = cell
        row["interval from"] = ", ".join(dict.fromkeys(sub["method"]))
        rows.append(row)
    notes = []
    if "†" in marks:
        notes.append("† None found (for a share: none or all of its cases): every resample would give the same "
                     "value, an interval of zero width that reads as certainty. The interval shown is the exact "
                     "one from the group's pooled counts instead: Poisson for a rate per 1,000 words (0 events: "
                     "0 to 3.69 events over the group's words at 95%), Clopper–Pearson for a share.")
    if "‡" in marks:
        notes.append("‡ Zero-width bootstrap interval: the resampled sentences do not vary. It shows no "
                     "sampling spread, not certainty.")
    foot = "".join(f"<p class='muted'>{html.escape(n)}</p>" for n in notes)
    return _table(pd.DataFrame(rows), max_rows=None) + foot, iv


def _figures(result: ScoreResult, group_by: str, iv: pd.DataFrame) -> list[str]:
    from . import plots
    from .compare import keyness, token_counts

    out = []
    docs, targets, spans = result.documents, result.targets, result.spans
    n_groups = docs[group_by].nunique()
    tall = 1.2 + 0.6 * max(n_groups, 2)

    tone_col = next((c for c in ("sentiment_tone_mean", "sentiment_tone") if c in targets), None)
    count_col = next((c for c in ("sentiment_mentions", "mentions") if c in targets), None)
    if tone_col and targets[tone_col].notna().any():
        out.append(_figure_png(
            lambda f: plots.tone_heatmap(result, row=group_by, value=tone_col, count=count_col, min_count=3,
                                         ax=f.subplots()),
            (11, tall + 1.0), "Tone toward each state by group",
            "Tone toward each target: the mention-weighted mean tone of the words about it (red negative, "
            "blue positive), with the number of mentions in brackets; blank cells have fewer than 3 "
            "mentions."))
    hedge = iv[iv["metric"].str.startswith("hedging_") & iv["metric"].str.endswith("per_1k")] if len(iv) else iv
    if len(hedge):
        kind = "interval" if hedge["method"].astype(str).str.startswith("exact").any() else "bootstrap interval"
        out.append(_figure_png(
            lambda f: plots.intervals_plot(hedge, ax=f.subplots(), xlabel=f"Markers per 1,000 words (95% {kind})"),
            (9, 1.8 + 0.8 * n_groups), "Hedges, boosters and distancing by group",
            "Hedges, boosters and distancing markers per 1,000 words with 95% bootstrap intervals "
            "(sentences resampled within documents, documents within groups). A dashed bar with an open "
            "marker: none found in the group, and the bar is the exact Poisson interval (how high the rate "
            "could still be), not a bootstrap one."))
    att = spans[spans["measure"] == "attribution"]
    if not att.empty:
        def draw_att(f):
            a1, a2 = f.subplots(1, 2)
            plots.attribution_composition(result, by=group_by, category="source", ax=a1)
            if (att["category"] == "content").any():
                plots.attribution_composition(result, by=group_by, category="content", ax=a2)
                a2.set_yticklabels([])
                a2.set_ylabel("")
            else:
                a2.set_axis_off()
        out.append(_figure_png(draw_att, (13, tall + 1.2), "Attribution composition by group",
                               "Left: who speaks (source types, each attribution counted once). Right: how "
                               "(direct, indirect and mixed quotation, and scare quotes)."))
    persp = [c for c in docs.columns if c.startswith("perspective_") and pd.api.types.is_numeric_dtype(docs[c])
             and docs[c].notna().any() and docs[c].nunique(dropna=True) > 1]
    if persp:
        persp = persp[:24]
        size = plots.heatmap_size([plots.metric_label(c) for c in persp], list(pd.unique(docs[group_by].dropna())))
        out.append(_figure_png(
            lambda f: plots.perspective_profile(result, by=group_by, columns=persp, ax=f.subplots()),
            (size[0], size[1] + 0.3), "Perspective profile by group",
            "Perspective indicators by group: colour is each indicator standardised across groups, the text "
            "its value."))
    groups = [g for g in pd.unique(docs[group_by].dropna())][:_MAX_KEYNESS_GROUPS]
    if len(groups) > 1:
        counts = token_counts(result)
        tables = [keyness(result, g, by=group_by, stopwords=True, min_freq=5, counts=counts) for g in groups]
        ncol = 2 if len(groups) > 1 else 1
        nrow = math.ceil(len(groups) / ncol)

        def draw_keys(f):
            axes = f.subplots(nrow, ncol, squeeze=False).ravel()
            for ax, g, t in zip(axes, groups, tables):
                plots.keyness_plot(t, n=8, ax=ax, title=f"{g} vs the rest")
            for ax in axes[len(groups):]:
                ax.set_axis_off()
        out.append(_figure_png(draw_keys, (12, 4.6 * nrow), "Keywords of each group",
                               "Keywords of each group against all other documents: signed log-likelihood "
                               "G² (blue: used more, orange: used less), with Hardie's log ratio (LR, "
                               "log2 of the ratio of relative frequencies) beside each bar; words seen at "
                               "least 5 times, English stop words removed. With short documents, read "
                               "these as leads to follow in the text, not as findings."))
    return out


def _versions(result: ScoreResult) -> str:
    v = result.versions
    lex = pd.DataFrame([{"lexicon": k, "version": d.get("version", ""), "sha256": d.get("sha256", ""),
                         "extends": d.get("extends", "")} for k, d in sorted(v.get("lexicons", {}).items())])
    pkgs = pd.DataFrame([{"package": k, "version": d or "not installed"}
                         for k, d in sorted(v.get("packages", {}).items())])
    parts = [f"<p>framing {html.escape(str(v.get('framing', '')))}, Python {html.escape(str(v.get('python', '')))}; "
             f"measures: {html.escape(', '.join(v.get('measures', [])))}; options: "
             f"<code>{html.escape(json.dumps(v.get('options', {}), sort_keys=True))}</code>.</p>"]
    if not lex.empty:
        parts.append("<h3>Lexicons</h3>" + _table(lex, max_rows=None))
    if not pkgs.empty:
        parts.append("<h3>Packages</h3>" + _table(pkgs, max_rows=None))
    return "".join(parts)


def _notes(measures) -> str:
    parts = []
    for m in measures:
        can, cannot = MEASURE_NOTES.get(m, ("", ""))
        if not can:
            continue
        parts.append(f"<div class='note'><p><b>{html.escape(m)}</b></p>"
                     f"<p><i>Can show:</i> {html.escape(can)}</p>"
                     f"<p><i>Cannot show:</i> {html.escape(cannot)}</p></div>")
    parts.append("<p class='muted'>How well each measure agrees with human coders, and on which data, is in "
                 "docs/validation.md of the framing repository.</p>")
    return "".join(parts)


def _highlighted(result: ScoreResult, group_by: str) -> str:
    from .highlight import highlight

    docs = result.documents
    parts = []
    ids = list(docs["doc_id"].astype(str))
    span_doc = result.spans["doc_id"].astype(str)
    for doc_id in ids[:_MAX_HIGHLIGHTED]:
        row = docs[docs["doc_id"].astype(str) == doc_id].iloc[0]
        mine = result.spans[span_doc == doc_id]
        label = f"{doc_id} — {row[group_by]}" if group_by in docs and group_by != "doc_id" else doc_id
        # One view per measure (few categories, clear colours), then all together.
        views = []
        for m in dict.fromkeys(mine["measure"]):
            n = int((mine["measure"] == m).sum())
            views.append(f"<details><summary>{html.escape(str(m))} ({n:,} spans)</summary>"
                         f"{highlight(result, doc_id, measures=[m]).html}</details>")
        if len(views) != 1:
            title = "all measures together" if views else "the text"
            views.append(f"<details><summary>{title} ({len(mine):,} spans)</summary>"
                         f"{highlight(result, doc_id).html}</details>")
        parts.append(f"<details class='doc'><summary>{html.escape(str(label))} ({len(mine):,} spans)</summary>"
                     + "".join(views) + "</details>")
    if len(ids) > _MAX_HIGHLIGHTED:
        parts.append(f"<p class='muted'>First {_MAX_HIGHLIGHTED} of {len(ids):,} documents; use "
                     "framing.highlight in Python for the others.</p>")
    return "".join(parts)


def render_report(result: ScoreResult, *, group_by: str = "outlet", title: str = "framing report") -> str:
    """The report as one HTML string (no external resources, no scripts).

    Parameters
    ----------
    result
        A :class:`~framing.score.ScoreResult`.
    group_by
        Column of ``result.documents`` whose values are compared (outlet,
        outlet_type, perspective_group, ... or doc_id).
    title
        Page title and heading.
    """
    docs = result.documents
    if group_by not in docs:
        meta = [c for c in docs.columns if not pd.api.types.is_numeric_dtype(docs[c])]
        raise FramingInputError(f"cannot group the report by {group_by!r}: no such column; "
                                f"metadata columns are: {', '.join(meta)}")
    measures = list(result.versions.get("measures", []))
    groups = list(pd.unique(docs[group_by].dropna()))
    n_words = int(pd.to_numeric(docs["n_words"], errors="coerce").fillna(0).sum()) if "n_words" in docs else 0

    sections: list[tuple[str, str, str]] = []  # (anchor, heading, body)
    iv_html, iv = _intervals_table(result, group_by)
    figures = _figures(result, group_by, iv)
    if figures:
        sections.append(("figures", "Figures", "".join(figures)))
    if iv_html:
        sections.append(("comparison", f"Comparison by {group_by}",
                         "<p>Each cell: the group's value (the mean of its documents) and its 95% bootstrap "
                         "interval in brackets. <i>Interval from</i> says what was resampled: "
                         "<code>sentences</code> within one document, <code>documents+sentences</code> for "
                         "groups of several documents, <code>documents</code> for metrics that cannot be "
                         "rebuilt from sentences, <code>none</code> when a single document leaves nothing "
                         "to resample, <code>exact-poisson</code> or <code>exact-binomial</code> when the "
                         "group has no events at all (marked †).</p>" + iv_html))
    meta_cols = [c for c in dict.fromkeys(("doc_id", group_by, "outlet", "outlet_type", "outlet_country",
                                           "perspective_group", "date", "title", "n_words", "n_sentences"))
                 if c in docs]
    sections.append(("documents", "Documents", _table(docs[meta_cols])))
    sections.append(("notes", "What each measure can and cannot show", _notes(measures)))
    metric_cols = [c for c in docs.columns if "_" in c and c.split("_")[0] in measures
                   and pd.api.types.is_numeric_dtype(docs[c])]
    if metric_cols:
        if len(docs) <= _MAX_COLUMNS:
            wide = docs.set_index(docs["doc_id"].astype(str))[metric_cols].T.reset_index(names="metric")
            intro = "One column per document"
        else:
            wide = docs.groupby(group_by, sort=False)[metric_cols].mean().T.reset_index(names="metric")
            intro = f"The mean over each {group_by}'s documents ({len(docs):,} documents are too many to show)"
        sections.append(("metrics", "All document metrics",
                         f"<p class='muted'>{html.escape(intro)}; definitions are in each measure's "
                         "documentation. documents.csv holds every document's numbers.</p>"
                         + _table(wide, max_rows=None)))
    if not result.targets.empty:
        sections.append(("targets", "Targets (document × state or actor)", _table(result.targets)))
    sections.append(("evidence", "Documents with their evidence",
                     "<p>Open a document, then a measure, to see every span behind its numbers; hover over a "
                     "marked word for the rule or lexicon entry, voice, target and value. The last view shows "
                     "all measures together: where spans overlap, the hover text lists them all.</p>" + _highlighted(result, group_by)))
    sections.append(("versions", "Versions and lexicon hashes", _versions(result)))
    sections.append(("files", "Files",
                     "<p>Next to this report: <code>documents.csv</code>, <code>sentences.csv</code>, "
                     "<code>spans.csv</code>, <code>targets.csv</code> (and Parquet copies when pyarrow "
                     "is installed) and <code>versions.json</code>, written by <code>framing report</code> "
                     "and <code>ScoreResult.save</code>.</p>"))

    summary = (f"<p>{len(docs):,} documents, {n_words:,} words counted (repeated sentences and page debris "
               f"excluded), compared by <b>{html.escape(group_by)}</b> ({len(groups)} groups). Scored with "
               f"framing {html.escape(str(result.versions.get('framing', '')))}; measures: "
               f"{html.escape(', '.join(measures))}.</p>"
               f"<div class='note'><p><b>Read first</b>: {html.escape(_COMPARISON_NOTE)}</p></div>")
    nav = "<nav><ol>" + "".join(f"<li><a href='#{a}'>{html.escape(h)}</a></li>" for a, h, _ in sections) + "</ol></nav>"
    body = "\n".join(f"<h2 id='{a}'>{html.escape(h)}</h2>\n{b}" for a, h, b in sections)
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n"
            f"<h1>{html.escape(title)}</h1>\n{summary}\n{nav}\n{body}\n</body></html>\n")


def write_report(result: ScoreResult, folder, *, group_by: str = "outlet", title: str = "framing report") -> Path:
    """Write ``report.html`` into `folder` atomically and return its path.

    The CSV frames are written by :meth:`ScoreResult.save` (``framing report``
    does both).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = render_report(result, group_by=group_by, title=title)
    return write_atomic(folder / "report.html", page.encode("utf-8"))
