"""Tokens, sentences, repeats and page debris, on hard cases from the bundled corpus."""

from __future__ import annotations

import pytest

from framing.text import prepare, split_sentences
from framing.tokens import count_words, tokenize, tokenize_normalized


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("In a surprising turn on Jan. 16, Iran launched missile strikes. Iran announced it.",
     ["In a surprising turn on Jan. 16, Iran launched missile strikes.", "Iran announced it."]),
    ("On Dec. 15th of last year, the group attacked. It was bad.",
     ["On Dec. 15th of last year, the group attacked.", "It was bad."]),
    ("The leadership of Pakistan’s army chief, Gen. Asim Munir, who has a hawkish image. Next.",
     ["The leadership of Pakistan’s army chief, Gen. Asim Munir, who has a hawkish image.", "Next."]),
    ("Col. Hussein-Ali Javdanfar was killed. Mr. Khan spoke.",
     ["Col. Hussein-Ali Javdanfar was killed.", "Mr. Khan spoke."]),
    ("Ties with the U.S. Central Command are strong. They matter.",
     ["Ties with the U.S. Central Command are strong.", "They matter."]),
    ("Pakistan is close to the U.S. The relationship is old.",
     ["Pakistan is close to the U.S.", "The relationship is old."]),
    ("John F. Kennedy and A. Q. Khan met. Then they left.",
     ["John F. Kennedy and A. Q. Khan met.", "Then they left."]),
    ("“A tit-for-tat cycle will erode Iran’s ability,” Mir wrote. Further strikes are risky.",
     ["“A tit-for-tat cycle will erode Iran’s ability,” Mir wrote.", "Further strikes are risky."]),
    ("He said: “We will respond. We are ready.” Then he left.",
     ["He said: “We will respond.", "We are ready.”", "Then he left."]),
    ("Uneasy Coexistence\nThe relationship remained cordial.",
     ["Uneasy Coexistence", "The relationship remained cordial."]),
    ("Is it over? Nobody knows! Maybe.", ["Is it over?", "Nobody knows!", "Maybe."]),
    ("It rose 3.5 percent in 2024. Then it fell.", ["It rose 3.5 percent in 2024.", "Then it fell."]),
    ("a line that wraps\nonto the next line. New one.", ["a line that wraps\nonto the next line.", "New one."]),
])
def test_segmenter_hard_cases(text, expected):
    assert sentences(text) == expected


def test_tokens_and_offsets():
    text = "Iran’s so-called strikes on Pakistan-Iran borders, U.S. officials said 20% don't."
    toks = tokenize(text)
    assert [t for _, _, t in toks][:6] == ["Iran", "’s", "so", "-", "called", "strikes"]
    assert "U.S." in [t for _, _, t in toks] and "20%" in [t for _, _, t in toks]
    assert "don't" in [t for _, _, t in toks]
    for s, e, t in toks:
        assert text[s:e] == t
    norms, starts, ends = tokenize_normalized(text)
    assert norms == [t.lower().replace("’", "'") for _, _, t in toks]
    assert starts == [s for s, _, _ in toks] and ends == [e for _, e, _ in toks]


def test_unicode_whose_lowercase_changes_length_keeps_offsets():
    text = "İstanbul and Iran met."
    norms, starts, ends = tokenize_normalized(text)
    assert [text[s:e] for s, e in zip(starts, ends)][:3] == ["İstanbul", "and", "Iran"]


def test_word_count():
    assert count_words("Iran’s cross-border strikes, 2024 — again.") == 5


def test_offsets_round_trip_on_the_bundled_corpus(seed_texts):
    for doc_id, text in seed_texts.items():
        doc = prepare(doc_id, text)
        for s in doc.sentences:
            sentence = text[s.start:s.end]
            assert sentence == sentence.strip() and sentence
            for i in range(s.tok_start, s.tok_end):
                assert doc.tok_sent[i] == s.sent_id
                assert text[doc.tok_start[i]:doc.tok_end[i]] == doc.tok_text[i]
        assert len(doc.tok_sent) == len(doc.tok_start)
        # every non-space character belongs to exactly one sentence
        covered = sum(s.end - s.start for s in doc.sentences)
        assert covered <= len(text)
        assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:]))


def test_pull_quote_repeats_are_counted_once(seed_texts):
    doc = prepare("orf", seed_texts["orf"])
    pull = [s for s in doc.sentences if doc.sentence_text(s).startswith("The strikes targeted seven locations")]
    assert len(pull) == 3
    assert [s.is_repeat for s in pull] == [False, True, True]
    assert doc.n_words == sum(s.n_words for s in doc.sentences if s.counted)


def test_page_debris_is_flagged_not_deleted(seed_texts):
    vox = prepare("vox", seed_texts["vox"])
    assert vox.sentences[-1].debris == "advertisement"
    assert vox.text == seed_texts["vox"]
    aibot = prepare("aibot", seed_texts["aibot"])
    kinds = {aibot.sentence_text(s): s.debris for s in aibot.sentences}
    assert kinds["Related Post"] == "related"
    assert kinds["Written by AiBot"] == "byline"
    assert kinds["Double check any facts you intend to rely on with another source."] == "ai_disclaimer"
    assert kinds["To err is human, but AI does it too."] == "ai_disclaimer"
    assert kinds["July 27, 2024"] == "dateline"
    # article sentences are not debris
    assert kinds["Both sides have since moved to deescalate tensions, with Iran’s foreign minister due to "
                 "visit Pakistan next week."] == ""
    orf = prepare("orf", seed_texts["orf"])
    assert any(s.debris == "boilerplate" and "views expressed" in orf.sentence_text(s) for s in orf.sentences)


def test_headings_flagged(seed_texts):
    doc = prepare("agsiw", seed_texts["agsiw"])
    heads = [doc.sentence_text(s) for s in doc.sentences if s.is_heading]
    assert "Uneasy Coexistence" in heads
    assert all(len(h.split()) <= 12 for h in heads)


@pytest.mark.parametrize("text", [None, "", "   \n\n ", float("nan")])
def test_empty_or_missing_text(text):
    doc = prepare("x", text)
    assert doc.sentences == [] and doc.n_words == 0 and doc.tok_start == []


def test_odd_input_does_not_crash():
    for text in ["...", "“", "” stray", "\u200b\u200b", "a" * 10000, "Mr.", "U.S.", "\n\n\n.", "İ" * 50]:
        doc = prepare("x", text)
        for s in doc.sentences:
            assert 0 <= s.start < s.end <= len(text)


def test_sentence_word_counts_agree_with_count_words(seed_texts):
    from framing.tokens import WORD_RE

    for doc_id, text in seed_texts.items():
        doc = prepare(doc_id, text)
        for s in doc.sentences:
            sentence = text[s.start:s.end]
            assert s.n_words == count_words(sentence) == len(WORD_RE.findall(sentence)), sentence


@pytest.mark.parametrize("text, n", [("U.S. troops", 2), ("2,000 people", 2), ("3.5 percent", 2),
                                     ("Iran’s cross-border F-16s", 3), ("don't go", 2), ("— ... !", 0)])
def test_word_count_units(text, n):
    assert count_words(text) == n
