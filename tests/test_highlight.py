"""framing.highlight: documents as HTML with spans coloured, overlaps, escaping, filters."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import framing
from framing.errors import FramingInputError
from framing.highlight import BACKGROUND_COLOURS, LINE_COLOURS, NEGATIVE_COLOUR, colour_map, highlight
from framing.measures import SPAN_COLUMNS
from framing.score import ScoreResult

TEXT = ("Ad <script>alert('x')</script> & more\n\n"
        "Officials said “Iran may have acted illegally” today.\n\n"
        "Pakistan is a long way from here, perhaps.")


def _span(doc_id, text, piece, measure, category, label="", *, occurrence=0, target="", voice="", value=math.nan,
          rule="", link="", sent_id=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return (doc_id, sent_id, start, start + len(piece), piece, measure, category, label, target, voice, value,
            rule, link)


def make_result(text: str = TEXT) -> ScoreResult:
    spans = [
        _span("d", text, "Officials", "attribution", "source", "anonymous", rule="source/official:officials",
              link="a1", sent_id=1),
        _span("d", text, "said", "attribution", "cue", "neutral", rule="cue/neutral:said", link="a1", sent_id=1),
        _span("d", text, "Iran may have acted illegally", "attribution", "content", "direct", voice="attributed",
              rule="rule:content-after", link="a1", sent_id=1),
        _span("d", text, "may", "hedging", "hedge", "modal", voice="attributed", rule="hedge/modal:may", sent_id=1),
        _span("d", text, "Iran", "sentiment", "mention", "negative", target="Iran", voice="attributed",
              value=-0.42, rule="tone:rules (state/Iran:iran)", sent_id=1),
        _span("d", text, "perhaps", "hedging", "hedge", "adverb", voice="author", rule="hedge/adverb:perhaps",
              sent_id=2),
        _span("d", text, "Pakistan", "sentiment", "mention", "neutral", target="Pakistan", voice="author",
              value=0.0, rule="tone:rules (state/Pakistan:pakistan)", sent_id=2),
    ]
    p1 = text.index("Officials")
    p2 = text.index("Pakistan")
    sentences = pd.DataFrame([
        ("d", 0, 0, 0, p1 - 2, text[:p1 - 2], 6, False, False, "advertisement", False),
        ("d", 1, 1, p1, p2 - 2, text[p1:p2 - 2], 9, False, False, "", True),
        ("d", 2, 2, p2, len(text), text[p2:], 8, False, False, "", True),
    ], columns=["doc_id", "sent_id", "paragraph", "start", "end", "text", "n_words", "is_repeat", "is_heading",
                "debris", "counted"])
    documents = pd.DataFrame([{"doc_id": "d", "outlet": "Outlet <i>", "title": "A & B", "n_words": 17,
                               "n_sentences": 2}])
    return ScoreResult(documents=documents, sentences=sentences, spans=pd.DataFrame(spans, columns=list(SPAN_COLUMNS)),
                       targets=pd.DataFrame(columns=["doc_id", "target"]),
                       versions={"framing": "t", "measures": ["attribution", "hedging", "sentiment"], "lexicons": {}},
                       corpus=pd.DataFrame([{"doc_id": "d", "text": text, "outlet": "Outlet <i>"}]))


class _Body(HTMLParser):
    """Collects the text of the pre-wrap body and the (style, title, text) of each span in it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.text = []
        self.pieces = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "pre-wrap" in (attrs.get("style") or ""):
            self.inside, self.depth = True, 0
        elif self.inside:
            self.depth += 1
            if tag == "span":
                self.current = [attrs.get("style", ""), attrs.get("title", ""), ""]

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if self.depth == 0 and tag == "div":
            self.inside = False
            return
        self.depth -= 1
        if tag == "span" and self.current is not None:
            self.pieces.append(tuple(self.current))
            self.current = None

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)
            if self.current is not None:
                self.current[2] += data


def parse(fragment: str) -> _Body:
    p = _Body()
    p.feed(fragment)
    return p


def piece(body: _Body, text: str):
    found = [p for p in body.pieces if p[2] == text]
    assert found, f"no highlighted piece {text!r}; pieces: {[p[2] for p in body.pieces]}"
    return found[0]


def test_text_round_trips_and_is_escaped():
    h = highlight(make_result(), "d")
    assert "<script>" not in h.html and "&lt;script&gt;" in h.html
    assert "Outlet &lt;i&gt;" in h.html and "A &amp; B" in h.html
    body = parse(h.html)
    assert "".join(body.text) == TEXT                 # nothing lost, duplicated or reordered
    assert "\n\n" in "".join(body.text) and "white-space:pre-wrap" in h.html


def test_overlapping_spans_layer_and_hover_lists_all():
    r = make_result()
    styles = colour_map(r.spans, r.versions["measures"])
    body = parse(highlight(r, "d").html)
    style, title, _ = piece(body, "may")
    # background of the hedge (the shortest span), underline of the quoted content
    assert styles[("hedging", "hedge")].colour in style
    assert f"border-bottom:2px solid {styles[('attribution', 'content')].colour}" in style
    assert "attribution: content/direct" in title and "hedging: hedge/modal" in title
    assert "rule hedge/modal:may" in title and "voice attributed" in title
    assert title.index("attribution: content") < title.index("hedging: hedge")   # outer first
    style, title, _ = piece(body, "Iran")
    assert "value -0.42" in title and "target Iran" in title
    assert styles[("sentiment", "mention")].colour in style
    style, title, _ = piece(body, " have acted illegally")
    assert "border-bottom" in style and "background" not in style


def test_signed_values_get_a_bar_beneath():
    r = make_result()
    h = highlight(r, "d")
    body = parse(h.html)
    assert f"box-shadow:inset 0 -3px 0 {NEGATIVE_COLOUR}" in piece(body, "Iran")[0]   # tone -0.42
    assert "box-shadow" not in piece(body, "Pakistan")[0]                            # tone 0
    assert "negative tone" in h.html
    plain = highlight(r, "d", signed=())
    assert "box-shadow" not in plain.html.split("white-space:pre-wrap")[1]


def test_uncounted_sentences_are_grey_with_a_reason():
    body = parse(highlight(make_result(), "d").html)
    debris = [p for p in body.pieces if "not counted" in p[1]]
    assert debris and "advertisement" in debris[0][1] and "color:#888" in debris[0][0]


def test_filters_by_measure_category_and_label():
    r = make_result()
    h = highlight(r, "d", measures=["hedging"])
    assert set(h.spans.measure) == {"hedging"} and "attribution:" not in h.html
    body = parse(h.html)
    assert "".join(body.text) == TEXT
    full_colour = colour_map(r.spans, r.versions["measures"])[("hedging", "hedge")].colour
    assert full_colour in piece(body, "may")[0]        # same colour whatever the filter
    assert set(highlight(r, "d", categories=["content"]).spans.category) == {"content"}
    assert len(highlight(r, "d", categories=["sentiment:mention"]).spans) == 2
    assert list(highlight(r, "d", labels=["adverb"]).spans.text) == ["perhaps"]
    with pytest.raises(FramingInputError, match="no spans of measure"):
        highlight(r, "d", measures=["nonsense"])


def test_legend_counts_and_long_spans_as_lines():
    r = make_result()
    h = highlight(r, "d")
    assert "hedging: hedge (2)" in h.html and "attribution: content (1)" in h.html
    assert "sentiment: mention (2)" in h.html
    short = parse(highlight(r, "d", long_span=5).html)
    style, _, _ = piece(short, "Officials")            # 9 characters > 5: drawn as a line
    assert "border-bottom" in style and "background" not in style
    assert "No spans" in highlight(r, "d", labels=["none"]).html


def test_jupyter_and_standalone_page(tmp_path):
    h = make_result().highlight("d", ["hedging"])
    assert h._repr_html_() == h.html
    page = h.to_html()
    assert page.startswith("<!DOCTYPE html>") and "<meta charset='utf-8'>" in page and h.html in page
    path = h.save(tmp_path / "d.html")
    assert path.read_text(encoding="utf-8") == page
    assert "display in Jupyter" in repr(h)


def test_palette_is_fixed_and_cycles_with_a_marker():
    spans = pd.DataFrame({"measure": ["m"] * 12, "category": [f"c{i}" for i in range(12)]})
    styles = colour_map(spans)
    colours = [s.colour for s in styles.values()]
    assert colours[: len(BACKGROUND_COLOURS)] == list(BACKGROUND_COLOURS)
    assert [s.dashed for s in styles.values()] == [False] * len(BACKGROUND_COLOURS) + [True] * 3
    lines = colour_map(pd.DataFrame({"measure": ["a", "b"], "category": ["content", "content"]}))
    assert [s.colour for s in lines.values()] == list(LINE_COLOURS[:2])


def test_unknown_document_and_empty_text():
    r = make_result()
    with pytest.raises(FramingInputError, match="no document 'zz'"):
        highlight(r, "zz")
    empty = ScoreResult(r.documents.assign(doc_id="e"), r.sentences.iloc[:0], r.spans.iloc[:0], r.targets,
                        r.versions, pd.DataFrame([{"doc_id": "e", "text": None}]))
    assert "No spans" in highlight(empty, "e").html


@pytest.fixture(scope="module")
def real():
    return framing.score("strikes-2024")


def test_every_real_document_round_trips(real):
    for doc_id in real.documents.doc_id:
        h = highlight(real, doc_id)
        body = parse(h.html)
        assert "".join(body.text) == real.text(doc_id)
        n_titles = len(re.findall(r' title="', h.html))
        assert n_titles >= min(len(h.spans), 1)
