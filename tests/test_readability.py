"""Readability: textstat's numbers where the sentences agree, NaN where undefined, offline."""

from __future__ import annotations

import math

import pytest

import framing
from framing.measures.readability import offline_textstat, readability_scores

TEXTS = [
    "The cat sat on the mat. It was happy there. Nobody knew why the animal liked that particular location.",
    "Pakistan carried out highly coordinated and specifically targeted precision military strikes against "
    "Baloch separatists. The government said it respected Iran's sovereignty. Officials didn't comment "
    "further on the operation.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_identical_to_textstat_when_sentences_agree(text):
    ts = offline_textstat()
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    ours = readability_scores(sentences)
    theirs = {"flesch_reading_ease": ts.flesch_reading_ease(text),
              "flesch_kincaid_grade": ts.flesch_kincaid_grade(text), "gunning_fog": ts.gunning_fog(text),
              "smog_index": ts.smog_index(text), "dale_chall": ts.dale_chall_readability_score(text)}
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, abs=1e-9), key


def test_abbreviations_do_not_inflate_the_sentence_count():
    one = readability_scores(["The U.S. envoy met Gen. Munir on Jan. 16 in Rawalpindi."])
    ts = offline_textstat().flesch_reading_ease("The U.S. envoy met Gen. Munir on Jan. 16 in Rawalpindi.")
    assert one["flesch_reading_ease"] < ts  # textstat splits at each period: shorter "sentences", easier


def test_smog_needs_three_sentences_and_empty_text_is_nan():
    assert math.isnan(readability_scores(["One sentence here.", "Two."])["smog_index"])
    assert all(math.isnan(v) for v in readability_scores([]).values())


def test_bundled_corpus_scores_are_plausible(corpus):
    docs = framing.score(corpus, measures=["readability"]).documents.set_index("doc_id")
    # Think-tank and news prose: college level, not children's text and not nonsense.
    assert docs.readability_flesch_kincaid_grade.between(8, 22).all()
    assert docs.readability_words_per_sentence.between(10, 40).all()
