"""Tests for the sentiment measure (tone toward each state) on made-up and bundled-corpus text."""

from __future__ import annotations

import math

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.measures import measure_class
from framing.measures.base import SPAN_COLUMNS, Span, make_span
from framing.measures.sentiment import SentimentMeasure, bootstrap_interval, bootstrap_intervals
from framing.text import prepare
from framing.valence import compound_from


@pytest.fixture(scope="module")
def lexicons():
    return SentimentMeasure.default_lexicons()


@pytest.fixture(scope="module")
def measure(lexicons):
    return SentimentMeasure(lexicons)


@pytest.fixture(scope="module")
def attribution():
    return measure_class("attribution")(measure_class("attribution").default_lexicons())


@pytest.fixture(scope="module")
def scored(measure, attribution, corpus):
    """(doc, output) for every bundled document, with the attribution measure's spans."""
    out = {}
    for doc_id, text in zip(corpus.doc_id, corpus.text):
        doc = prepare(doc_id, text)
        found = {"attribution": attribution.analyze(doc, {}).spans}
        out[doc_id] = (doc, measure.analyze(doc, found))
    return out


def mentions(out, target=None):
    return [s for s in out.spans if s.category == "mention" and (target is None or s.target == target)]


def test_registered(measure):
    assert measure_class("sentiment") is SentimentMeasure
    assert SentimentMeasure.requires == ("attribution",)
    assert set(SentimentMeasure.lexicon_names) == {"states", "actors", "conflict-overlay"}


def test_hand_made_sentence(measure):
    out = measure.analyze(prepare("d", "Iran's reckless strike on Pakistan killed two children."), {})
    got = {(s.target, s.label) for s in mentions(out)}
    assert got == {("Iran", "negative"), ("Pakistan", "neutral")}
    valence = [s for s in out.spans if s.category == "valence"]
    assert {s.text: s.label for s in valence} == {"reckless": "negative", "strike": "neutralised",
                                                  "killed": "neutralised"}
    reckless = next(s for s in valence if s.text == "reckless")
    iran = mentions(out, "Iran")[0]
    assert reckless.target == "Iran" and reckless.link == iran.link and "role:agent" in iran.rule


def test_mention_tone_is_sum_of_its_valence_spans(scored):
    for doc, out in scored.values():
        by_link: dict[str, list[float]] = {}
        for s in out.spans:
            if s.category == "valence" and s.link:
                by_link.setdefault(s.link, []).append(s.value)
        for m in mentions(out):
            assert m.value == compound_from(by_link.get(m.link, [])), (m, by_link.get(m.link))


def test_spans_round_trip(scored):
    for doc, out in scored.values():
        assert out.spans, doc.doc_id
        for s in out.spans:
            assert isinstance(s, Span) and len(s) == len(SPAN_COLUMNS)
            assert s.text == doc.text[s.start:s.end]
            assert s.measure == "sentiment" and s.category in ("mention", "valence")
            assert s.voice in ("author", "attributed")
            sent = doc.sentences[s.sent_id]
            assert sent.start <= s.start and s.end <= sent.end and sent.counted
            if s.category == "mention":
                assert -1 <= s.value <= 1 and s.label in ("negative", "neutral", "positive")
                assert s.rule.startswith("tone:rules") and s.target
            else:
                assert s.label in ("negative", "positive", "neutralised")
                assert s.rule


def test_iran_and_pakistan_profiles(scored):
    for doc_id, (doc, out) in scored.items():
        rows = {r["target"]: r for r in out.targets}
        assert {"Iran", "Pakistan"} <= set(rows), doc_id
        for t in ("Iran", "Pakistan"):
            r = rows[t]
            assert r["sentiment_kind"] == "state"
            assert r["sentiment_mentions"] == len(mentions(out, t)) > 1
            assert r["sentiment_n_negative"] + r["sentiment_n_neutral"] + r["sentiment_n_positive"] \
                == r["sentiment_mentions"]
            assert r["sentiment_mentions_author"] + r["sentiment_mentions_attributed"] == r["sentiment_mentions"]
            assert r["sentiment_tone_ci_low"] <= r["sentiment_tone_mean"] <= r["sentiment_tone_ci_high"]
            assert -1 <= r["sentiment_sentence_vader_mean"] <= 1
        states = [r for r in out.targets if r["sentiment_kind"] == "state"]
        assert math.isclose(sum(r["sentiment_mention_share"] for r in states), 1.0)
        assert out.metrics["sentiment_state_mentions"] == sum(r["sentiment_mentions"] for r in states)


def test_attributed_voice_from_attribution_spans(measure):
    text = "Officials in Islamabad said the strikes by Iran were illegal. Iran denied it."
    doc = prepare("d", text)
    start = text.index("the strikes")
    content = make_span(doc, start, text.index(" were") + len(" were illegal"), "attribution", "content",
                        "indirect", target="Pakistan")
    out = measure.analyze(doc, {"attribution": [content]})
    voices = {(s.text, s.start): s.voice for s in mentions(out)}
    assert voices[("Iran", text.index("Iran"))] == "attributed"
    assert voices[("Iran", text.rindex("Iran"))] == "author"
    iran = mentions(out, "Iran")[0]
    assert iran.label == "negative"  # "illegal" is Iran's, in Pakistan's officials' voice


def test_sentence_vader_flag_matches_vadersentiment(scored):
    sia = SentimentIntensityAnalyzer()
    doc, out = scored["orf"]
    flags = out.sentence_flags["sentiment_mention_vader_compound"]
    n_mentions = out.sentence_flags["sentiment_mentions"]
    assert len(flags) == len(doc.sentences) == len(n_mentions)
    assert sum(n_mentions) == len(mentions(out))
    scored_sentences = 0
    for s, c, n in zip(doc.sentences, flags, n_mentions):
        if s.counted and n:  # only sentences that mention a target are scored
            assert c == sia.polarity_scores(doc.text[s.start:s.end])["compound"]
            scored_sentences += 1
        else:
            assert math.isnan(c)
    assert scored_sentences >= 10
    values = [c for c in flags if c == c]
    assert out.metrics["sentiment_vader_mean_mention_sentences"] == pytest.approx(sum(values) / len(values))


def test_mentions_of_one_target_in_a_sentence_share_words_and_tone(measure):
    out = measure.analyze(prepare("d", "Iran's envoy was praised, and Iran's restraint was noted."), {})
    ms = mentions(out, "Iran")
    assert len(ms) == 2 and ms[0].value == ms[1].value > 0 and ms[0].link == ms[1].link
    words = [s for s in out.spans if s.category == "valence" and s.link == ms[0].link]
    assert {s.text for s in words} == {"praised", "restraint"}
    assert all(" scope:" in s.rule for s in words)
    assert ms[0].rule.startswith("tone:rules+role:object scope:role+sentence (")


def test_conflict_documents_read_attack_as_violence(measure):
    # Two sentences with conflict words make the document about armed conflict, so
    # "attacked" in a sentence without one is still violence: Pakistan is its patient.
    text = ("Missiles hit a village in Pakistan. Troops moved to the border with Iran. "
            "Pakistan was attacked by Iran.")
    ms = mentions(measure.analyze(prepare("d", text), {}))
    assert [m.label for m in ms if m.sent_id == 2] == ["neutral", "neutral"]
    # Alone, the same sentence reads as criticism of Pakistan.
    alone = mentions(measure.analyze(prepare("d", "Pakistan was attacked by Iran."), {}), "Pakistan")
    assert alone[0].label == "negative" and "role:object" in alone[0].rule


def test_deterministic(measure, corpus):
    text = corpus.text.iloc[1]
    a = measure.analyze(prepare("usip", text), {})
    b = SentimentMeasure(SentimentMeasure.default_lexicons()).analyze(
        prepare("usip", text), {})
    assert a.spans == b.spans and a.targets == b.targets
    assert repr(a.metrics) == repr(b.metrics)


def test_bootstrap_interval():
    vals = [0.2, -0.1, 0.4, 0.0, 0.3, -0.5, 0.1, 0.05, 0.6, -0.2]
    assert bootstrap_interval(vals) == bootstrap_interval(vals)
    lo, hi = bootstrap_interval(vals)
    assert min(vals) < lo < sum(vals) / len(vals) < hi < max(vals)
    assert all(math.isnan(v) for v in bootstrap_interval([0.3]))
    assert all(math.isnan(v) for v in bootstrap_interval([0.3, float("nan")]))
    lo, hi = bootstrap_interval([0.5] * 5)
    assert lo == hi == 0.5
    # Groups are independent of each other and of their order; equal values, equal intervals.
    groups = [vals, [0.1, 0.2], [0.3], vals[::-1], [0.2, 0.1]]
    got = bootstrap_intervals(groups)
    assert got[0] == bootstrap_interval(vals) and got[1] == got[4] == bootstrap_interval([0.1, 0.2])
    assert bootstrap_intervals(groups[::-1])[::-1] == got
    # Larger groups than the cached tables.
    big = [((i * 37) % 101 - 50) / 100 for i in range(300)]
    lo, hi = bootstrap_interval(big)
    assert lo < sum(big) / len(big) < hi and bootstrap_interval(big) == (lo, hi)


def test_bootstrap_interval_same_in_a_new_process():
    import os
    import subprocess
    import sys
    from pathlib import Path

    import framing

    vals = [0.2, -0.1, 0.4, 0.0, 0.3, -0.5, 0.1, 0.05, 0.6, -0.2]
    code = ("from framing.measures.sentiment import bootstrap_interval; "
            f"print(repr(bootstrap_interval({vals!r})))")
    path = os.pathsep.join([str(Path(framing.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": path})
    assert out.stdout.strip() == repr(bootstrap_interval(vals))


@pytest.mark.parametrize("text", [None, "", "   \n ", float("nan")])
def test_empty_input(measure, text):
    out = measure.analyze(prepare("d", text), {})
    assert out.spans == [] and out.targets == []
    assert out.metrics["sentiment_state_mentions"] == 0
    assert math.isnan(out.metrics["sentiment_state_mentions_per_1k"])
    assert math.isnan(out.metrics["sentiment_vader_mean_mention_sentences"])
    assert all(k.startswith("sentiment_") for k in out.metrics)
    assert all(math.isnan(v) for v in out.sentence_flags["sentiment_mention_vader_compound"])


def test_text_without_states(measure):
    out = measure.analyze(prepare("d", "The weather was lovely. Nobody was hurt."), {})
    assert out.spans == [] and out.targets == []  # only sentences that mention a target are scored
    assert out.metrics["sentiment_state_mentions"] == 0 and out.metrics["sentiment_state_mentions_per_1k"] == 0
    assert math.isnan(out.metrics["sentiment_vader_mean_mention_sentences"])
    assert out.sentence_flags["sentiment_mentions"] == [0, 0]


def test_learned_method(lexicons, measure):
    learned = SentimentMeasure(lexicons, method="learned")
    doc = prepare("d", "Iran's reckless strike drew praise for Pakistan's restraint.")
    out = learned.analyze(doc, {})
    ms = mentions(out)
    assert [m.target for m in ms] == ["Iran", "Pakistan"]
    assert all(m.rule.startswith("tone:learned") and -1 <= m.value <= 1 for m in ms)
    rules_out = measure.analyze(doc, {})
    # Same evidence, own labels.
    assert [s for s in out.spans if s.category == "valence"] == [s for s in rules_out.spans if s.category == "valence"]
    with pytest.raises(ValueError, match="method"):
        SentimentMeasure(lexicons, method="neural")


def test_metrics_names(scored):
    _, out = scored["vox"]
    for key in ("sentiment_state_mentions_per_1k", "sentiment_distinct_states",
                "sentiment_vader_mean_mention_sentences",
                "sentiment_tone_mean", "sentiment_attributed_share"):
        assert key in out.metrics
    assert out.metrics["sentiment_distinct_states"] >= 2
