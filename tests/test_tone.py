"""Tests for scoped tone toward a target (framing.tone), its overlay lexicon and the learned model.

Sentences are made up for the test or quoted from the bundled strikes-2024
articles; none comes from the validation data.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from framing.lexicons import load_lexicon
from framing.tone import ToneScorer, tone_label, tone_toward
from framing.tone_model import TargetToneClassifier, load_tone_model
from framing.valence import ValenceScorer, compound_from


def at(text: str, name: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `name` (as a whole word) in `text`."""
    m = list(re.finditer(rf"\b{re.escape(name)}\b", text))[nth]
    return m.start(), m.end()


def tone(text, name, nth=0, others=(), **kw):
    s, e = at(text, name, nth)
    return tone_toward(text, s, e, others=[at(text, o) for o in others], **kw)


# --- the overlay lexicon ----------------------------------------------------------

def test_overlay_loads_with_sources_and_values():
    lex = load_lexicon("conflict-overlay")
    assert lex.name == "conflict-overlay" and lex.version
    assert {"event", "evaluative", "role"} <= set(lex.categories)
    ids = {s["id"] for s in lex.sources}
    assert {"vader", "dengwiebe2014"} <= ids
    for e in lex.entries:
        assert e.source or e.note, e.pattern
        assert " " not in e.pattern, "overlay patterns are single words"
        if e.category in ("event", "evaluative", "news"):
            assert e.value is not None and -4 <= e.value <= 4, e.pattern
    assert all(e.value == 0 for e in lex.select("event"))
    vals = {e.pattern: e.value for e in lex.select("evaluative")}
    for word in ("reckless", "illegal", "unprovoked", "violation", "aggression", "provocation"):
        assert vals[word] < 0
    for word in ("legitimate", "restraint", "professionalism"):
        assert vals[word] > 0
    for key in ("decay", "boundary_penalty", "threshold", "negative_threshold", "competition",
                "context_weight"):
        assert key in lex.rules
    # Conflict-context words and the verbal sense of attack words.
    context = {e.pattern for e in lex.select("context")}
    assert {"missile*", "troop*", "militant*"} <= context
    verbal = {e.pattern for e in lex.entries if e.attrs.get("verbal")}
    assert {"attack", "attacked", "attack*"} <= verbal


def test_unknown_parameter_is_rejected():
    with pytest.raises(TypeError, match="unknown tone parameter"):
        ToneScorer(decy=0.5)


# --- hand-made cases ---------------------------------------------------------------

def test_attack_on_x_is_not_negative_toward_x():
    # In conflict context (a context word in the sentence, or conflict=True) an attack
    # is violence, and the attacked party is its patient.
    for text, conflict in (("Iran launched a missile attack on Pakistan.", None),
                           ("The attack on Pakistan killed two children.", None),
                           ("Iran struck Pakistan on Tuesday.", None),
                           ("Pakistan was attacked by Iran.", True),
                           ("The unprovoked strikes in Pakistan killed two children.", None)):
        r = tone(text, "Pakistan", conflict=conflict)
        assert r.label == "neutral", (text, r)
        assert "patient" in r.role or not r.words, (text, r.role)


def test_attack_without_conflict_context_is_criticism():
    # "attacked" in political news means "criticised": negative toward its object,
    # not toward the critic; the same words in conflict context are violence.
    text = "Smith attacked Jones over the budget."
    st = ToneScorer().analyze(text, [at(text, "Smith"), at(text, "Jones")])
    smith, jones = st.targets
    assert jones.label == "negative" and jones.role == "object"
    assert smith.label == "neutral" and smith.role == "source"
    assert [w.rule for w in jones.words] == ["vader:attacked"]
    st = ToneScorer().analyze(text, [at(text, "Smith"), at(text, "Jones")], conflict=True)
    assert [t.label for t in st.targets] == ["neutral", "neutral"]
    assert st.targets[1].words == ()  # the event word is neutralised
    # A conflict-context word in the sentence decides without the flag.
    text = "Smith attacked Jones with missiles."
    assert ToneScorer().analyze(text, [at(text, "Jones")]).targets[0].label == "neutral"


def test_plain_vader_would_call_the_attack_negative():
    # The baseline the overlay corrects: VADER scores the event words.
    text = "The attack on Pakistan killed two children."
    assert ValenceScorer().score(text).compound < -0.5
    r = tone(text, "Pakistan", overlay=None)
    assert r.label == "neutral"  # the role rule alone already protects the patient


def test_reckless_strike_is_negative_toward_its_agent():
    text = "Iran's reckless strike on Pakistan killed two children."
    r = tone(text, "Iran", others=["Pakistan"])
    assert r.label == "negative" and r.role == "agent"
    assert [w.word for w in r.words] == ["reckless"]
    assert tone(text, "Pakistan", others=["Iran"]).label == "neutral"


def test_restraint_is_positive():
    r = tone("Pakistan's restraint was widely noted.", "Pakistan")
    assert r.label == "positive" and r.tone > 0
    assert [w.word for w in r.words] == ["restraint"]


def test_two_targets_opposite_tone_in_one_sentence():
    text = "Iran's reckless strike drew praise for Pakistan's restraint."
    ts = ToneScorer()
    st = ts.analyze(text, [at(text, "Iran"), at(text, "Pakistan")])
    iran, pakistan = st.targets
    assert iran.label == "negative" and pakistan.label == "positive"
    text = "Pakistan showed professionalism, while Iran was reckless."
    st = ts.analyze(text, [at(text, "Pakistan"), at(text, "Iran")])
    assert [t.label for t in st.targets] == ["positive", "negative"]


def test_condemnation_goes_to_object_not_speaker():
    text = "The strike drew condemnation from Pakistan."
    assert tone(text, "Pakistan").label == "neutral"
    text = "Pakistan condemned Iran."
    st = ToneScorer().analyze(text, [at(text, "Pakistan"), at(text, "Iran")])
    assert [t.label for t in st.targets] == ["neutral", "negative"]
    assert st.targets[0].role == "source" and st.targets[1].role == "object"


def test_speaker_takes_no_valence_from_reported_words():
    text = "Pakistan said the strikes were illegal and reckless."
    r = tone(text, "Pakistan")
    assert r.label == "neutral" and "speaker" in r.role


def test_violation_goes_to_violator_not_to_the_violated():
    text = "Pakistan regularly violates Iran's sovereignty."
    st = ToneScorer().analyze(text, [at(text, "Pakistan"), at(text, "Iran")])
    pak, iran = st.targets
    assert pak.label == "negative" and pak.role == "agent"
    assert iran.tone >= 0 and "patient" in iran.role


def test_event_words_are_neutralised_but_evaluation_counts():
    r = tone("Iran killed nine militants in a missile strike.", "Iran")
    assert r.label == "neutral" and not r.words
    r = tone("Iran carried out an illegal strike.", "Iran")
    assert r.label == "negative"


def test_curly_quoted_words_are_scored():
    # VADER misses 'illegal' with curly quotes attached; the scoped method does not.
    text = "Pakistan called Iran’s ‘illegal’ attack a violation."
    r = tone(text, "Iran", others=["Pakistan"], conflict=True)
    assert any(w.word.strip("‘’") == "illegal" for w in r.words)
    assert r.label == "negative"


def test_name_parts_do_not_count():
    r = tone("Iran met the United States envoy.", "Iran")
    assert r.label == "neutral"


def test_headline_capitals_are_not_names():
    # In Headline Style every word is capitalised, so capitals do not mark names.
    r = tone("Iran Shows Great Restraint", "Iran")
    assert r.label == "positive" and {w.word for w in r.words} == {"Great", "Restraint"}
    assert tone("Iran shows Great Restraint", "Iran").label == "neutral"  # a name in running text


def test_one_entity_takes_the_whole_sentence():
    # One target (or several mentions of one): every valued word counts, weighted by clauses.
    text = "The talks were a great success for once, and the result was a disappointment for Iran."
    r = tone(text, "Iran")
    # Far words count too, weighted by the clause boundaries between them and the mention.
    penalty = ToneScorer().params["boundary_penalty"]
    assert [(w.word, w.scope, w.weight) for w in r.words] == [
        ("great", "sentence", penalty), ("success", "sentence", penalty), ("disappointment", "sentence", 1.0)]
    text = "Iran's envoy was praised, and Iran's restraint was noted."
    ts = ToneScorer()
    spans = [at(text, "Iran", 0), at(text, "Iran", 1)]
    grouped = ts.analyze(text, spans, entities=["Iran", "Iran"]).targets
    assert grouped[0].tone == grouped[1].tone > 0
    assert [(w.word, w.scope) for w in grouped[0].words] == [("praised", "role:object"),
                                                            ("restraint", "sentence")]
    apart = ts.analyze(text, spans).targets  # two entities compete for the words
    assert apart[0].words != apart[1].words


def test_context_share_for_a_target_without_words():
    # "reckless" is attached to a strike whose agent is not named: it goes to no one,
    # and the targets of the sentence get a damped share of it (scope 'context').
    ts = ToneScorer()
    text = "After the reckless strike, Iran met Pakistan."
    st = ts.analyze(text, [at(text, "Iran"), at(text, "Pakistan")])
    for r in st.targets:
        assert [(w.word, w.scope, w.weight) for w in r.words] == [("reckless", "context", ts._context)]
        assert r.label == "negative"
    no_context = ToneScorer(context_weight=0.0).analyze(text, [at(text, "Iran"), at(text, "Pakistan")])
    assert [r.label for r in no_context.targets] == ["neutral", "neutral"]
    # A speaker takes nothing from the words it reports, not even as context.
    assert tone("Pakistan said the strikes were illegal and reckless.", "Pakistan").words == ()


def test_thresholds():
    assert tone_label(0.1, 0.2, 0.05) == "neutral"
    assert tone_label(-0.1, 0.2, 0.05) == "negative"
    assert tone_label(0.2, 0.2, 0.05) == "positive"
    ts = ToneScorer()
    assert ts.threshold >= ts.negative_threshold > 0


def test_negation_of_overlay_word():
    assert tone("Iran's strike was not unprovoked.", "Iran").tone > 0


# --- the result object -----------------------------------------------------------------

def test_result_fields_and_evidence_offsets():
    text = "Critics said Iran’s aggression was reckless, but Pakistan showed restraint."
    ts = ToneScorer()
    st = ts.analyze(text, [at(text, "Iran"), at(text, "Pakistan")])
    for r in st.targets:
        assert -1 <= r.tone <= 1
        assert r.label == tone_label(r.tone, ts.threshold)
        for w in r.words:
            assert text[w.start:w.end] == w.word
        assert r.tone == compound_from([w.value for w in r.words])
        assert math.isclose(r.pos + r.neg, sum(w.value for w in r.words), abs_tol=1e-12)
    for w in st.words:
        assert text[w.start:w.end] == w.word
    assert st.valence.compound == ValenceScorer().score(text).compound


def test_missing_and_bad_input():
    for missing in (None, float("nan")):
        r = tone_toward(missing, 0, 1)
        assert math.isnan(r.tone) and r.label == "" and r.words == ()
    with pytest.raises(TypeError):
        tone_toward(b"Iran", 0, 4)
    with pytest.raises(ValueError):
        tone_toward("Iran struck.", 5, 3)
    with pytest.raises(ValueError):
        tone_toward("Iran  struck.", 4, 5)  # blank span
    with pytest.raises(ValueError):
        tone_toward("Iran struck.", 0, 4, method="neural")
    st = ToneScorer().analyze("   ", [])
    assert st.targets == () and st.words == ()


def test_deterministic():
    text = "Iran's reckless strike drew praise for Pakistan's restraint."
    a = [tone(text, n) for n in ("Iran", "Pakistan")]
    b = [tone(text, n) for n in ("Iran", "Pakistan")]
    assert a == b


def test_reuses_given_valence():
    text = "Iran's reckless strike on Pakistan."
    ts = ToneScorer()
    sv = ts.valence.score(text)
    assert ts.analyze(text, [at(text, "Iran")], sv).targets == ts.analyze(text, [at(text, "Iran")]).targets


# --- the learned model ------------------------------------------------------------------

SYNTHETIC = [
    ("Critics attacked {t} over the failed plan.", "negative"),
    ("Voters praised {t} for the excellent work.", "positive"),
    ("{t} spoke to reporters on Monday.", "neutral"),
    ("{t} was blamed for the terrible losses.", "negative"),
    ("{t} won a great victory.", "positive"),
    ("The meeting with {t} is on Friday.", "neutral"),
]
NAMES = ["Smith", "Jones", "Khan", "Garcia", "Lee"]


def synthetic():
    X, y = [], []
    for name in NAMES:
        for template, label in SYNTHETIC:
            text = template.format(t=name)
            s = text.index(name)
            X.append((text, s, s + len(name)))
            y.append(label)
    return X, y


def test_model_json_round_trip_matches_fitted_estimator(tmp_path):
    X, y = synthetic()
    model = TargetToneClassifier(C=1.0, min_df=1).fit(X, y)
    assert set(model.classes_) == {"negative", "neutral", "positive"}
    probe = [("Critics attacked Brown over the plan.", 17, 22), ("Brown won praise.", 0, 5),
             ("Brown spoke on Monday.", 0, 5)]
    # The hand-rolled linear model equals scikit-learn's own predictions.
    Xm = model._matrix([model.features(*p) for p in probe])
    np.testing.assert_allclose(model.predict_proba(probe), model._sklearn_model.predict_proba(Xm), atol=1e-12)
    assert list(model.predict(probe)) == list(model._sklearn_model.predict(Xm))
    path = model.to_json(tmp_path / "m.json", version="test")
    data = json.loads(path.read_text())
    assert data["format"].startswith("framing-tone-model") and data["metadata"]["version"] == "test"
    loaded = TargetToneClassifier.from_json(path)
    assert list(loaded.predict(probe)) == list(model.predict(probe))
    np.testing.assert_array_equal(loaded.predict_proba(probe), model.predict_proba(probe))
    assert loaded.get_params() == model.get_params()


def test_model_estimator_conventions():
    from sklearn.base import clone

    m = TargetToneClassifier(C=0.5, window=3)
    assert clone(m).get_params() == m.get_params()
    assert not any(k.endswith("_") for k in vars(m))  # nothing learned before fit
    with pytest.raises(Exception, match="not fitted"):
        m.predict([("Smith spoke.", 0, 5)])
    X, y = synthetic()
    fitted = m.fit(X, y)
    assert fitted is m and hasattr(m, "coef_") and hasattr(m, "feature_names_")
    with pytest.raises(ValueError):
        m.fit(X, y[:-1])


def test_model_accepts_dataframe():
    import pandas as pd

    X, y = synthetic()
    df = pd.DataFrame(X, columns=["text", "start", "end"])
    a = TargetToneClassifier(min_df=1).fit(df, y)
    b = TargetToneClassifier(min_df=1).fit(X, y)
    assert list(a.predict(df)) == list(b.predict(X))


def test_bundled_model_loads_small_and_plain():
    from importlib import resources
    from pathlib import Path

    path = Path(str(resources.files("framing") / "models" / "tone-newsmtsc.json"))
    assert path.stat().st_size < 2_000_000
    data = json.loads(path.read_text())
    assert data["classes"] == ["negative", "neutral", "positive"]
    for key in ("version", "training_data", "heldout_test", "created"):
        assert key in data["metadata"]
    model = load_tone_model()
    text = "Iran's reckless strike drew praise for Pakistan's restraint."
    labels = model.predict([(text, *at(text, "Iran")), (text, *at(text, "Pakistan"))])
    assert set(labels) <= {"negative", "neutral", "positive"}
    r = tone_toward(text, *at(text, "Pakistan"), method="learned")
    assert -1 <= r.tone <= 1 and r.label in ("negative", "neutral", "positive")
    assert r.words  # the rule-based evidence comes along
    top = model.explain(text, *at(text, "Pakistan"), top=3)
    assert len(top) == 3 and all(isinstance(v, float) for _, v in top)
