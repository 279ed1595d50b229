"""A document as HTML with its evidence highlighted: the words behind every number.

``highlight(result, "vox")`` colours each span of the spans frame by measure
and category; hovering a word shows every span that covers it (measure,
category and label, the rule or lexicon entry, voice, target and value). It
shows in JupyterLab (``_repr_html_``) and as a standalone page
(``.to_html()``, ``.save(path)``).

How overlapping spans are drawn
-------------------------------
Spans overlap: a hedge inside a quotation, a state mention inside an
attribution's source. The text is cut at every span boundary into pieces
that no boundary crosses; each piece lists *all* spans covering it in its
hover text. Short spans are drawn as a background colour (the shortest
covering span wins, since it is the most specific); long ones (attribution
``content`` and any span longer than `long_span` characters) as a coloured
underline, so the markers inside them stay visible. Sentences that are not
counted (repeated pull quotes, page debris) are shown in grey italics.

Everything from the document -- text, labels, rules -- is HTML-escaped, and
styles are inline, so the HTML is safe to embed anywhere (notebook outputs,
exported HTML, the report).

Examples
--------
>>> import framing
>>> r = framing.score("strikes-2024")                    # doctest: +SKIP
>>> highlight(r, "vox", measures=["hedging"])            # doctest: +SKIP
>>> highlight(r, "vox").save("vox.html")                 # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .errors import FramingInputError

#: Paul Tol's "light" palette, designed as background behind black text and
#: distinguishable with the common colour-vision deficiencies.
BACKGROUND_COLOURS = ("#EEDD88", "#77AADD", "#EE8866", "#44BB99", "#FFAABB", "#99DDFF", "#BBCC33",
                      "#AAAA00", "#DDDDDD")
#: Bars under words with a signed value (tone): Okabe–Ito blue and vermillion.
POSITIVE_COLOUR, NEGATIVE_COLOUR = "#0072B2", "#D55E00"
#: Paul Tol's "bright" palette for underlines (strong enough to see as a line).
LINE_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")

_UNDERLINE_CATEGORIES = ("content",)
_MEASURE_ORDER = ("attribution", "hedging", "sentiment", "perspective", "readability")


@dataclass(frozen=True)
class _Style:
    kind: str      # "mark" (background) or "line" (underline)
    colour: str
    dashed: bool   # beyond the palette: the colour repeats, with a dashed outline


def _span_info(row) -> str:
    """One line of hover text for a span."""
    what = f"{row.measure}: {row.category}" + (f"/{row.label}" if row.label else "")
    bits = [what, f"“{_short(row.text)}”"]
    if row.rule:
        bits.append(f"rule {row.rule}")
    if row.voice:
        bits.append(f"voice {row.voice}")
    if row.target:
        bits.append(f"target {row.target}")
    if isinstance(row.value, float) and not math.isnan(row.value):
        bits.append(f"value {row.value:+.3g}")
    if row.link:
        bits.append(f"link {row.link}")
    return " · ".join(bits)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text_and_frames(result, doc_id: str):
    if not all(hasattr(result, a) for a in ("spans", "sentences", "corpus")):
        raise FramingInputError(f"highlight expects a ScoreResult from framing.score(...), got {type(result).__name__}")
    ids = result.corpus["doc_id"].astype(str)
    if str(doc_id) not in set(ids):
        raise FramingInputError(f"no document {doc_id!r}; documents are: {', '.join(ids[:20])}"
                                + (" ..." if len(ids) > 20 else ""))
    return result.text(str(doc_id))


def colour_map(spans: pd.DataFrame, measures: Sequence[str] = ()) -> dict[tuple[str, str], _Style]:
    """A fixed style per (measure, category), the same for every document of a result.

    Keys are ordered by measure (the given order, then the usual one) and by
    first appearance of the category, so colours do not depend on which
    document is shown or on filters.
    """
    order = {m: i for i, m in enumerate(list(measures) + list(_MEASURE_ORDER))}
    pairs = spans[["measure", "category"]].drop_duplicates()
    keys = list(dict.fromkeys(zip(pairs["measure"].astype(str), pairs["category"].astype(str))))
    keys.sort(key=lambda k: order.get(k[0], len(order)))
    styles: dict[tuple[str, str], _Style] = {}
    n_mark = n_line = 0
    for key in keys:
        if key[1] in _UNDERLINE_CATEGORIES:
            styles[key] = _Style("line", LINE_COLOURS[n_line % len(LINE_COLOURS)], n_line >= len(LINE_COLOURS))
            n_line += 1
        else:
            styles[key] = _Style("mark", BACKGROUND_COLOURS[n_mark % len(BACKGROUND_COLOURS)],
                                 n_mark >= len(BACKGROUND_COLOURS))
            n_mark += 1
    return styles


class Highlighted:
    """One document rendered as HTML. Shows itself in Jupyter; ``.html`` is the fragment.

    Attributes
    ----------
    html : str
        An HTML fragment with inline styles (legend and text).
    doc_id : str
    spans : DataFrame
        The spans drawn.
    """

    def __init__(self, html_fragment: str, doc_id: str, spans: pd.DataFrame, title: str):
        self.html = html_fragment
        self.doc_id = doc_id
        self.spans = spans
        self.title = title

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<Highlighted {self.doc_id}: {len(self.spans)} spans; display in Jupyter or call .to_html()>"

    def to_html(self) -> str:
        """A complete standalone HTML page."""
        return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
                f"<title>{html.escape(self.title)}</title></head>"
                "<body style='margin:2em auto;max-width:60em;padding:0 1em'>\n"
                f"{self.html}\n</body></html>\n")

    def save(self, path) -> Path:
        """Write the standalone page to `path` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.to_html(), encoding="utf-8")
        return path


def _segment_style(marks: list, lines: list, debris: str, sign: float = 0.0) -> str:
    css = []
    if marks:
        st = marks[0][1]
        css.append(f"background:{st.colour};border-radius:2px")
        if st.dashed:
            css.append("outline:1px dashed #555")
    if lines:
        st = lines[0][1]
        css.append(f"border-bottom:2px {'dashed' if st.dashed else 'solid'} {st.colour}")
    if sign:
        css.append(f"box-shadow:inset 0 -3px 0 {POSITIVE_COLOUR if sign > 0 else NEGATIVE_COLOUR}")
    if debris:
        css.append("color:#888;font-style:italic")
    return ";".join(css)


def highlight(result, doc_id: str, measures: Sequence[str] | None = None,
              categories: Sequence[str] | None = None, *, labels: Sequence[str] | None = None,
              long_span: int = 120, legend: bool = True,
              signed: Sequence[str] = ("sentiment",)) -> Highlighted:
    """Render one document with its spans highlighted.

    Parameters
    ----------
    result
        A :class:`~framing.score.ScoreResult`.
    doc_id
        The document to show.
    measures, categories, labels
        Show only spans of these measures, categories (``"hedge"``,
        ``"content"``, or ``"hedging:hedge"`` for one measure's category)
        and labels. Default: everything.
    long_span
        Spans longer than this (in characters) are underlined rather than
        filled, like attribution ``content``.
    signed
        Measures whose ``value`` is a signed tone: a word with a positive
        value gets a blue bar beneath it, a negative one a vermillion bar
        (the shortest valued span decides).
    legend
        Show the legend (colour, measure: category, count in this document).

    Returns
    -------
    Highlighted
        Displays in Jupyter; ``.html`` (fragment), ``.to_html()`` (page),
        ``.save(path)``.

    Examples
    --------
    >>> h = highlight(result, "vox", measures=["hedging"])   # doctest: +SKIP
    >>> h                                                    # shows in JupyterLab  # doctest: +SKIP
    """
    text = _text_and_frames(result, doc_id)
    doc_id = str(doc_id)
    all_spans = result.spans
    styles = colour_map(all_spans, result.versions.get("measures", ()) if hasattr(result, "versions") else ())
    spans = all_spans[all_spans["doc_id"].astype(str) == doc_id]
    if measures is not None:
        known = set(all_spans["measure"])
        unknown = [m for m in measures if m not in known]
        if unknown and len(unknown) == len(list(measures)):
            raise FramingInputError(f"no spans of measure(s) {unknown}; measures with spans are "
                                    f"{sorted(known)}")
        spans = spans[spans["measure"].isin(list(measures))]
    if categories is not None:
        plain = {c for c in categories if ":" not in c}
        pairs = {tuple(c.split(":", 1)) for c in categories if ":" in c}
        keep = spans["category"].isin(plain) | pd.Series(
            [(m, c) in pairs for m, c in zip(spans["measure"], spans["category"])], index=spans.index, dtype=bool)
        spans = spans[keep]
    if labels is not None:
        spans = spans[spans["label"].isin(list(labels))]
    spans = spans[(spans["end"] > spans["start"]) & (spans["start"] >= 0) & (spans["end"] <= len(text))]
    spans = spans.sort_values(["start", "end"], kind="stable").reset_index(drop=True)

    items = []  # (start, end, style, info)
    for row in spans.itertuples(index=False):
        style = styles[(str(row.measure), str(row.category))]
        if style.kind == "mark" and row.end - row.start > long_span:
            style = _Style("line", style.colour, style.dashed)
        value = row.value if row.measure in signed and isinstance(row.value, float) else math.nan
        items.append((int(row.start), int(row.end), style, _span_info(row),
                      0.0 if math.isnan(value) else float(np.sign(value))))

    sents = result.sentences
    sents = sents[sents["doc_id"].astype(str) == doc_id]
    debris = []
    if "counted" in sents:
        for s in sents[~sents["counted"].astype(bool)].itertuples(index=False):
            why = f"page debris ({s.debris})" if getattr(s, "debris", "") else "repeated sentence"
            debris.append((int(s.start), int(s.end), f"not counted: {why}"))

    body = _render_text(text, items, debris)
    meta = _header(result, doc_id)
    parts = [("<div class='framing-highlight' style='font-family:system-ui,-apple-system,Segoe UI,Roboto,"
              "sans-serif;color:#222'>"), meta]
    if legend:
        has_signed = any(it[4] for it in items)
        parts.append(_legend(spans, styles, bool(debris), has_signed))
    parts.append("<div style='white-space:pre-wrap;font-family:Georgia,serif;font-size:15px;line-height:1.7;"
                 f"max-width:48em'>{body}</div></div>")
    title = f"{doc_id} — framing evidence"
    return Highlighted("".join(parts), doc_id, spans, title)


def _render_text(text: str, items: list, debris: list) -> str:
    """Cut the text at every boundary; style each piece from the spans covering it."""
    bounds = {0, len(text)}
    for s, e, *_ in items:
        bounds.update((s, e))
    for s, e, _ in debris:
        bounds.update((s, e))
    bounds = sorted(b for b in bounds if 0 <= b <= len(text))
    starts: dict[int, list[int]] = {}
    for i, (s, *_rest) in enumerate(items):
        starts.setdefault(s, []).append(i)
    dstarts = {s: (e, why) for s, e, why in debris}
    active: set[int] = set()
    debris_until, debris_why = -1, ""
    out = []
    for a, b in zip(bounds, bounds[1:]):
        active = {i for i in active if items[i][1] > a}
        active.update(starts.get(a, ()))
        if a in dstarts:
            debris_until, debris_why = dstarts[a]
        in_debris = a < debris_until
        piece = html.escape(text[a:b])
        if not active and not in_debris:
            out.append(piece)
            continue
        # Shortest first; ties (the same words in two measures) in span order.
        cover = sorted(active, key=lambda i: (items[i][1] - items[i][0], i))
        marks = [(items[i][1] - items[i][0], items[i][2]) for i in cover if items[i][2].kind == "mark"]
        lines = [(items[i][1] - items[i][0], items[i][2]) for i in cover if items[i][2].kind == "line"]
        # Hover text: outermost span first, like reading a nested structure.
        info = [items[i][3] for i in reversed(cover)]
        if in_debris:
            info.insert(0, debris_why)
        sign = next((items[i][4] for i in cover if items[i][4]), 0.0)
        style = _segment_style(marks, lines, debris_why if in_debris else "", sign)
        out.append(f"<span style=\"{style}\" title=\"{html.escape(chr(10).join(info))}\">{piece}</span>")
    return "".join(out)


def _header(result, doc_id: str) -> str:
    docs = result.documents
    row = docs[docs["doc_id"].astype(str) == doc_id]
    bits = [f"<b>{html.escape(doc_id)}</b>"]
    if not row.empty:
        r = row.iloc[0]
        for col in ("outlet", "title", "date"):
            v = r.get(col)
            if isinstance(v, str) and v:
                bits.append(html.escape(v))
        if "n_words" in r and not pd.isna(r["n_words"]):
            bits.append(f"{int(r['n_words']):,} words counted")
    return f"<div style='margin:.3em 0;font-size:14px'>{' · '.join(bits)}</div>"


def _legend(spans: pd.DataFrame, styles: dict, has_debris: bool, has_signed: bool = False) -> str:
    counts = spans.groupby(["measure", "category"], sort=False).size()
    entries = []
    for key, style in styles.items():
        if key not in counts.index:
            continue
        if style.kind == "mark":
            swatch = (f"<span style='display:inline-block;width:1.6em;height:1em;vertical-align:middle;"
                      f"background:{style.colour};{'outline:1px dashed #555;' if style.dashed else ''}"
                      "border-radius:2px'></span>")
        else:
            swatch = (f"<span style='display:inline-block;width:1.6em;height:.6em;vertical-align:middle;"
                      f"border-bottom:2px {'dashed' if style.dashed else 'solid'} {style.colour}'></span>")
        entries.append(f"<span style='margin-right:1.2em;white-space:nowrap'>{swatch} "
                       f"{html.escape(key[0])}: {html.escape(key[1])} ({int(counts[key])})</span>")
    if not entries:
        entries.append("<span style='margin-right:1.2em;color:#666'>No spans to show.</span>")
    if has_signed:
        for colour, what in ((POSITIVE_COLOUR, "positive"), (NEGATIVE_COLOUR, "negative")):
            entries.append(f"<span style='margin-right:1.2em;white-space:nowrap'><span style='display:inline-block;"
                           f"width:1.6em;height:.7em;vertical-align:middle;box-shadow:inset 0 -3px 0 {colour}'>"
                           f"</span> {what} tone</span>")
    if has_debris:
        entries.append("<span style='margin-right:1.2em;white-space:nowrap;color:#888;font-style:italic'>"
                       "grey italics: not counted (repeat or page debris)</span>")
    return ("<div style='font-size:13px;margin:.5em 0 1em;line-height:2'>"
            + "".join(entries)
            + "<br><span style='color:#666'>Hover over a marked word for the rule, entry, voice and value; "
              "filled = marker (shortest span on top), underlined = long span such as quoted content.</span>"
              "</div>")


__all__ = ["Highlighted", "highlight", "colour_map", "BACKGROUND_COLOURS", "LINE_COLOURS"]
