"""framing.valence: exact parity with vaderSentiment 3.3.2, offsets, contributions."""

from __future__ import annotations

import doctest
import json
import math
import os
import random
from pathlib import Path

import pytest

vader_module = pytest.importorskip("vaderSentiment.vaderSentiment")

from framing import valence  # noqa: E402
from framing.valence import ValenceScorer, compound_from  # noqa: E402

KEYS = ("compound", "pos", "neg", "neu")
REPO = Path(__file__).resolve().parents[1]
VALIDATION = Path(os.environ.get("FRAMING_VALIDATION_DIR") or REPO.parent / "shared" / "validation")

# Hand-written sentences, grouped by the VADER rule they exercise.
TRICKY = [
    # plain lexicon words, punctuation stripping, short pieces kept whole
    "The minister gave a good speech.",
    "Good.",
    "ok.",
    "no.",
    "The deal is ok, not great.",
    "Peace talks collapsed; violence, fear, and chaos followed.",
    # negation: plain, n't, distance 2 and 3, "without doubt", "never so/this", "least"
    "The strike was not justified.",
    "Officials didn't call it a success.",
    "Officials didnt call it a success.",
    "It was not a very good outcome.",
    "It is not at all a good outcome.",
    "Without doubt a brilliant move.",
    "Without a doubt, a brilliant move.",
    "Relations have never been good.",
    "Relations have never been so good.",
    "Relations have never been this good.",
    "This is the least helpful statement.",
    "At least it was not a disaster.",
    "The very least helpful reply.",
    "least helpful",
    "They rarely praise anyone, seldom win and hate nothing.",
    # the 1.25 quirk for a word right after "so"/"this" (4th word or later)
    "Analysts say the reply was so weak.",
    "Analysts call this excellent work.",
    # "no": as a word, as negation of the next word(s), "no x or y"
    "There is no hope.",
    "There is no real hope left.",
    "No problem at all.",
    "no good no bad",
    "no no good",
    "There was no food or shelter or hope.",
    "There was no food nor safety.",
    # boosters and dampeners, at distances 1-3, before positive and negative words
    "An extremely dangerous escalation.",
    "An extremely, deeply dangerous and very rapid escalation.",
    "It was hardly a victory.",
    "It was somewhat of a victory and slightly bad.",
    "The response was kind of weak.",
    "The response was kinda weak.",
    "The response, sort of weak, was just enough effort.",
    "kind of good",
    "It was a kind gesture.",
    # ALL CAPS emphasis (only when case is mixed), caps boosters
    "The attack was HORRIBLE.",
    "THE ATTACK WAS HORRIBLE.",
    "The attack was VERY bad.",
    "The attack was VERY GOOD.",
    "NO good options remain.",
    "The talks were NOT very successful!",
    # "but"; duplicates expose VADER's list.index quirk
    "The plan is good, but the rollout was bad.",
    "Good, but bad, but good.",
    "good good but good",
    "good great but bad bad",
    "But it was fine.",
    "It was fine, BUT sad.",
    # idioms and special cases (the ones reachable in 3.3.2)
    "They said the new plan is the bomb.",
    "Critics said the rally was the shit!",
    "On the other hand, he is quite bad ass.",
    "He is such a badass.",
    "Supporters will wait at the bus stop today.",
    "The reporters said yeah right to that.",
    "For the party it was the kiss of death indeed.",
    "This cake is to die for honestly.",
    "He has a beating heart.",
    "She is under the weather today.",  # SENTIMENT_LADEN_IDIOMS: dead code in 3.3.2
    # punctuation emphasis
    "A great result!",
    "A great result!!!!!!",
    "A terrible result!!",
    "Is this a good idea?",
    "Is this a good idea??",
    "Is this a good idea???",
    "Is this a good idea?????",
    "Really?!?! Awful.",
    "!!!",
    "?",
    "...",
    # emoticons and emoji (single code points translated, glued to what follows)
    "Make sure you :) or :D today!",
    "What a day 😁",
    "What a day😁great",
    "💘💋",
    "Flag 🇺🇸 and thumbs 👍🏻 and keycap 1️⃣",
    "The ON button 🔛 is UP 🆙",
    "Copyright © 2024 ™",
    # whitespace oddities and odd unicode
    "  leading and trailing spaces, good  ",
    "tabs\tand\nnewlines\u00a0and\u2003em spaces are fine",
    "“Quoted good” and ‘single bad’ — dashes—everywhere",
    "Zero\u200bwidth joiner\u200d and combining e\u0301 marks",
    "Lone surrogate \ud800 here, good",
    "NUL\x00 byte bad",
    "Ünïcödé CAPS ÜBER GOOD",
    "İstanbul talks were GOOD",
]


@pytest.fixture(scope="module")
def scorer() -> ValenceScorer:
    return ValenceScorer()


@pytest.fixture(scope="module")
def vader():
    return vader_module.SentimentIntensityAnalyzer()


def assert_parity(scorer, vader, text):
    ref = vader.polarity_scores(text)
    got = scorer.score(text)
    for k in KEYS:
        assert abs(ref[k] - getattr(got, k)) <= 1e-6, (text, k, ref, getattr(got, k))
    return got


@pytest.mark.parametrize("text", TRICKY)
def test_parity_tricky(scorer, vader, text):
    got = assert_parity(scorer, vader, text)
    assert len(got.tokens) == len(text.split()) or any(ch in scorer._emojis for ch in text)


@pytest.mark.parametrize("text", TRICKY)
def test_offsets_round_trip(scorer, text):
    sv = scorer.score(text)
    for tok in sv.tokens:
        span = text[tok.start : tok.end]
        assert 0 <= tok.start < tok.end <= len(text)
        if any(ch in scorer._emojis for ch in span):
            continue  # an emoji's description words point at the emoji
        assert span == tok.word


def test_emoji_offsets_point_at_the_emoji(scorer):
    text = "What a day 😁 x💘y"
    sv = scorer.score(text)
    spans = {tok.word: text[tok.start : tok.end] for tok in sv.tokens}
    assert spans["smiling"] == "😁"
    assert spans["heart"] == "💘"
    assert spans["arrowy"] == "💘y"  # VADER glues the description to what follows
    assert spans["x"] == "x"


@pytest.mark.parametrize("text", TRICKY)
def test_compound_from_all_contributions(scorer, text):
    sv = scorer.score(text)
    contributions = [t.contribution for t in sv.tokens]
    assert sv.contributions == tuple(contributions)
    assert sv.raw_sum == float(sum(contributions))
    assert compound_from(contributions, sv.punct_emphasis) == sv.compound


def test_columns_match_tokens(scorer):
    sv = scorer.score("The plan is good, but the rollout was bad!")
    assert [t.start for t in sv.tokens] == list(sv.starts)
    assert [t.word for t in sv.tokens] == list(sv.words)
    assert [t.weight for t in sv.tokens] == list(sv.weights)
    assert sv.tokens == sv.tokens


def test_token_values(scorer):
    sv = scorer.score("The plan is good, but the rollout was not bad!")
    tok = {t.word: t for t in sv.tokens}
    assert tok["good"].valence == 1.9 and tok["good"].weight == 0.5
    assert tok["good"].contribution == pytest.approx(0.95)
    assert tok["bad"].valence == pytest.approx(-2.5 * -0.74)
    assert tok["bad"].weight == 1.5
    assert tok["but"].weight == 1.0 and tok["but"].contribution == 0.0
    assert sv.punct_emphasis == pytest.approx(0.292)


def test_but_index_quirk_weights(scorer, vader):
    # VADER finds each value with list.index: "Yeah" (1.2) is halved to 0.6, then
    # "careful" (0.6) is looked up, found at "Yeah"'s slot, and "Yeah" is halved again.
    sv = assert_parity(scorer, vader, "Yeah, careful, but fine.")
    assert [(t.word, t.weight) for t in sv.tokens] == [
        ("Yeah", 0.25), ("careful", 1.0), ("but", 1.0), ("fine", 1.5)
    ]
    assert [t.contribution for t in sv.tokens][:2] == [0.3, 0.6]


def test_subset_compound(scorer):
    sv = scorer.score("The plan is good, but the rollout was bad!")
    good = [t.contribution for t in sv.tokens if t.word == "good"]
    assert compound_from(good) == round(valence.normalize(0.95), 4)
    assert compound_from([]) == 0.0
    assert compound_from(good, ndigits=None) == valence.normalize(0.95)
    # emphasis is added away from zero
    assert compound_from([-1.0], 0.5) == round(valence.normalize(-1.5), 4)


@pytest.mark.parametrize("missing", [None, float("nan"), "", "   ", "\n\t"])
def test_missing_is_nan(scorer, missing):
    sv = scorer.score(missing)
    for k in KEYS:
        assert math.isnan(getattr(sv, k))
    assert sv.tokens == ()


def test_numpy_and_pandas_missing(scorer):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert math.isnan(scorer.score(np.nan).compound)
    assert math.isnan(scorer.score(np.float32("nan")).compound)
    assert math.isnan(scorer.score(pd.NA).compound)
    assert scorer.score(np.str_("good")).compound == 0.4404


@pytest.mark.parametrize("bad", [b"good", bytearray(b"good"), 42, 1.5, True, ["good"]])
def test_bad_input_raises(scorer, bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        scorer.score(bad)


def test_score_many(scorer):
    out = scorer.score_many(["good", "bad", None])
    assert [o.compound for o in out[:2]] == [0.4404, -0.5423]
    assert math.isnan(out[2].compound)


def test_lexicon_is_vaders(scorer, vader):
    assert dict(scorer.lexicon) == vader.lexicon


def test_random_rule_combinations(scorer, vader):
    # Deterministic fuzz over the words that drive VADER's rules.
    v = vader_module
    rng = random.Random(20240117)
    vocab = (
        rng.sample(sorted(vader.lexicon), 150)
        + list(v.BOOSTER_DICT)
        + list(v.NEGATE)
        + list(v.SPECIAL_CASES)
        + ["no", "but", "least", "at", "very", "never", "so", "this", "without", "doubt"]
        + ["kind", "of", "or", "nor", "the", "a", "no.", "but,", "bad.", "GOOD", "NOT", "😁", "🔛"]
    )
    for _ in range(3000):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 12))]
        words = [w.upper() if rng.random() < 0.15 else w for w in words]
        seps = [rng.choice([" ", " ", " ", "", ", ", "! ", "? ", "\n"]) for _ in words]
        text = "".join(w + s for w, s in zip(words, seps))
        if text.split():
            sv = assert_parity(scorer, vader, text)
            assert compound_from(sv.contributions, sv.punct_emphasis) == sv.compound


def test_docstring_examples():
    failed, _ = doctest.testmod(valence)
    assert failed == 0


@pytest.fixture(scope="module")
def newsmtsc_sentences() -> list[str]:
    path = VALIDATION / "newsmtsc" / "train.jsonl"
    if not path.exists():
        pytest.skip(f"validation data not found at {path} (set FRAMING_VALIDATION_DIR)")
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["sentence_normalized"] for line in f if line.strip()]


def test_parity_newsmtsc(scorer, vader, newsmtsc_sentences):
    # All 7,758 sentences take about a second; bench/vader_parity.py runs >40,000.
    mismatches = []
    for text in newsmtsc_sentences:
        ref = vader.polarity_scores(text)
        got = scorer.score(text)
        if any(not abs(ref[k] - getattr(got, k)) <= 1e-6 for k in KEYS):
            mismatches.append(text[:80])
    assert not mismatches, f"{len(mismatches)} mismatches, e.g. {mismatches[:3]}"
