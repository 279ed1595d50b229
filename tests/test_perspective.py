"""The perspective measure (indicators, terminology, aggregation, alignment) and its estimator."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import framing
from framing.lexicons import load_lexicon
from framing.measures.base import make_span
from framing.measures.perspective import (AGGREGATION_KINDS, DEFAULT_WEIGHTS, INDICATORS, PerspectiveMeasure,
                                          profile)
from framing.perspective_model import (PerspectiveFeatures, as_texts, make_bow_pipeline,
                                       make_perspective_pipeline)
from framing.text import prepare


@pytest.fixture(scope="module")
def measure():
    return PerspectiveMeasure(PerspectiveMeasure.default_lexicons())


@pytest.fixture(scope="module")
def scored():
    return framing.score("strikes-2024", measures=["perspective"])


def interest(measure, text):
    out = measure.analyze(prepare("d", text), {})
    return [(s.text, s.label, s.target) for s in out.spans if s.category == "interest"]


# --- lexicons ----------------------------------------------------------------------------

def test_lexicons_load_with_headers_and_weights():
    lex = load_lexicon("perspective")
    assert lex.version and lex.licence and lex.sources
    assert set(lex.rules["alignment_weights"]) == set(INDICATORS)
    terms = load_lexicon("terminology-strikes-2024")
    families = {e.label for e in terms.entries if e.category == "terminology"}
    assert {"balochistan-spelling", "jaish-spelling", "militant-label", "kashmir-label"} <= families
    # every entry names its variant and a source
    assert all(e.attrs.get("variant") and e.source for e in terms.entries)
    assert all(e.source for e in lex.entries)


# --- interest framing ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Iran violated Pakistan's sovereignty.", [("Pakistan's sovereignty", "sovereignty", "Pakistan")]),
    ("India's legitimate security concerns remain.",
     [("India's legitimate security concerns", "concerns", "India")]),
    ("The interests of Iran matter here.", [("interests of Iran", "interests", "Iran")]),
    ("US policy changed overnight.", [("US policy", "policy", "United States")]),
    ("Iranian security is fragile.", [("Iranian security", "security", "Iran")]),
    ("This is a threat to Pakistan.", [("threat to Pakistan", "threat", "Pakistan")]),
    ("Washington's Iran policy is unclear.", [("Washington's Iran policy", "policy", "United States")]),
])
def test_interest_owner_rules(measure, text, expected):
    assert interest(measure, text) == expected


def test_frame_defers_to_the_stake_it_introduces(measure):
    # "implications for US policy": one finding (US policy), not two
    assert interest(measure, "The strikes have implications for US policy.") == [
        ("US policy", "policy", "United States")]


def test_coordinated_owners_each_get_a_span(measure):
    found = interest(measure, "Iran and Pakistan's interests diverge.")
    assert sorted(t for _, _, t in found) == ["Iran", "Pakistan"]


@pytest.mark.parametrize("text", [
    "Pakistani security forces attacked the camp.",        # not_before: forces
    "Pakistani and Iranian security officials met.",       # not_before: officials
    "A Pakistan policy is needed in Washington.",          # bare name = the policy's topic
    "Iran's attack raised security concerns.",             # a verb between owner and stake
    "Pakistan's long-standing ties with Iran.",            # inside a hyphenated compound
    "Security concerns are growing.",                      # no owner
])
def test_interest_rejections(measure, text):
    assert interest(measure, text) == []


def test_interest_spans_carry_rules_and_offsets(measure):
    doc = prepare("d", "Pakistan’s sovereignty matters. US policy shifted.")
    spans = [s for s in measure.analyze(doc, {}).spans if s.category == "interest"]
    assert [s.rule.split(" ")[0] for s in spans] == ["rule:interest-possessive", "rule:interest-modifier"]
    assert all("(interest/" in s.rule for s in spans)
    assert all(doc.text[s.start:s.end] == s.text for s in spans)


# --- salience, voice, portrayal and alignment from the other measures' spans ---------------

TEXT = "Iran struck Pakistan. Pakistan called it illegal, officials said. Iran denied it. China watched."


def _found(doc):
    """Hand-made sentiment and attribution spans for TEXT."""
    def at(word, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = doc.text.index(word, i + 1)
        return i, i + len(word)

    sent = []
    for word, nth, tone in (("Iran", 0, -0.4), ("Pakistan", 0, 0.0), ("Pakistan", 1, 0.2), ("Iran", 1, -0.2),
                            ("China", 0, 0.0)):
        a, b = at(word, nth)
        label = "negative" if tone < 0 else "positive" if tone > 0 else "neutral"
        sent.append(make_span(doc, a, b, "sentiment", "mention", label, target=word, value=tone, voice="author",
                              rule=f"tone:rules (state/{word}:{word.lower()})"))
    a, b = at("officials")
    c, d = at("said")
    att = [make_span(doc, a, b, "attribution", "source", "official", target="Pakistan", voice="author",
                     rule="source", link="a1"),
           make_span(doc, c, d, "attribution", "cue", "neutral", target="Pakistan", voice="author",
                     rule="cue", link="a1")]
    a, b = at("denied")
    att.append(make_span(doc, a, b, "attribution", "cue", "evaluative", target="Iran", voice="author",
                         rule="cue", link="a2"))
    att.append(make_span(doc, a, b, "attribution", "cue", "neutral", target="", voice="author",
                         rule="cue", link="a3"))  # speaker's state unknown: not counted
    return {"attribution": att, "sentiment": sent}


def test_indicators_from_constructed_spans(measure):
    doc = prepare("d", TEXT)
    out = measure.analyze(doc, _found(doc))
    rows = {r["target"]: r for r in out.targets}
    assert set(rows) == {"Iran", "Pakistan", "China"}
    # salience: 2 + 2 + 1 mentions
    assert rows["Iran"]["perspective_salience"] == pytest.approx(0.4)
    assert rows["China"]["perspective_salience"] == pytest.approx(0.2)
    # voice: a1 (Pakistan) and a2 (Iran); a3 has no known state
    assert rows["Pakistan"]["perspective_voice_share"] == pytest.approx(0.5)
    assert rows["China"]["perspective_voice_share"] == 0
    assert out.metrics["perspective_voice_attributions"] == 2
    # portrayal: mean tone minus the mean over states of their means
    tones = {"Iran": -0.3, "Pakistan": 0.1, "China": 0.0}
    mean = sum(tones.values()) / 3
    for s, t in tones.items():
        assert rows[s]["perspective_tone"] == pytest.approx(t)
        assert rows[s]["perspective_portrayal"] == pytest.approx(t - mean)
    # no interest framing here: interest share NaN, contributes nothing
    assert math.isnan(rows["Iran"]["perspective_interest"])
    # spans: one mention span per sentiment mention, one voice span per known-state attribution
    cats = [s.category for s in out.spans]
    assert cats.count("mention") == 5 and cats.count("voice") == 2
    voice = [s for s in out.spans if s.category == "voice"]
    assert {(s.text, s.target, s.link) for s in voice} == {("officials", "Pakistan", "a1"),
                                                          ("denied", "Iran", "a2")}
    assert all(doc.text[s.start:s.end] == s.text for s in out.spans)


def test_alignment_applies_documented_weights(measure):
    doc = prepare("d", TEXT)
    out = measure.analyze(doc, _found(doc))
    rows = {r["target"]: r for r in out.targets}
    assert measure.weights == {**DEFAULT_WEIGHTS, **load_lexicon("perspective").rules["alignment_weights"]}

    def centred(col):
        vals = {s: (0.0 if math.isnan(r[col]) else r[col]) for s, r in rows.items()}
        has = any(not math.isnan(r[col]) for r in rows.values())
        m = sum(vals.values()) / len(vals)
        return {s: (v - m if has else 0.0) for s, v in vals.items()}

    sal, voi, intr = centred("perspective_salience"), centred("perspective_voice_share"), centred("perspective_interest")
    w = measure.weights
    for s, r in rows.items():
        expected = (w["salience"] * sal[s] + w["voice"] * voi[s] + w["interest"] * intr[s]
                    + w["portrayal"] * r["perspective_portrayal"])
        assert r["perspective_alignment"] == pytest.approx(expected)
    ranked = sorted(rows.values(), key=lambda r: r["perspective_rank"])
    assert out.metrics["perspective_leading"] == ranked[0]["target"]
    assert out.metrics["perspective_lead_margin"] == pytest.approx(
        ranked[0]["perspective_alignment"] - ranked[1]["perspective_alignment"])


def test_weights_come_from_the_lexicon(tmp_path):
    path = tmp_path / "my-perspective.yaml"
    path.write_text("name: my-perspective\nversion: 0.1.0\ndescription: voice only\nlicence: CC0-1.0\n"
                    "sources: []\nextends: perspective\n"
                    "rules:\n  alignment_weights: {salience: 0, voice: 1, interest: 0, portrayal: 0}\n"
                    "entries:\n  interest:\n    security: [homeland security]\n", encoding="utf-8")
    lexicons = PerspectiveMeasure.default_lexicons()
    lexicons["perspective"] = load_lexicon(path)
    m = PerspectiveMeasure(lexicons)
    doc = prepare("d", TEXT)
    rows = {r["target"]: r for r in m.analyze(doc, _found(doc)).targets}
    assert rows["Pakistan"]["perspective_alignment"] == pytest.approx(0.5 - 1 / 3)
    assert rows["China"]["perspective_alignment"] == pytest.approx(-1 / 3)


def test_unknown_weight_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nversion: 0.1.0\ndescription: x\nlicence: CC0-1.0\nsources: []\n"
                    "extends: perspective\nrules:\n  alignment_weights: {loudness: 1}\n"
                    "entries:\n  interest:\n    security: [homeland security]\n",
                    encoding="utf-8")
    lexicons = PerspectiveMeasure.default_lexicons()
    lexicons["perspective"] = load_lexicon(path)
    with pytest.raises(ValueError, match="loudness"):
        PerspectiveMeasure(lexicons)


def test_sentiment_mentions_are_reused_not_found_again():
    """With the sentiment measure's spans, analyze() never runs a MentionFinder of its own."""
    fresh = PerspectiveMeasure(PerspectiveMeasure.default_lexicons())
    doc = prepare("d", TEXT)
    out = fresh.analyze(doc, _found(doc))
    assert fresh._finder is None
    mentions = [s for s in out.spans if s.category == "mention"]
    assert len(mentions) == 5 and all(s.rule.startswith("rule:from-sentiment") for s in mentions)
    fresh.analyze(doc, {"sentiment": []})          # sentiment ran and found nothing: still no finder
    assert fresh._finder is None
    fresh.analyze(doc, {})                         # without sentiment it finds mentions itself
    assert fresh._finder is not None


def test_without_other_measures_no_crash(measure):
    doc = prepare("d", TEXT)
    out = measure.analyze(doc, {})  # finds mentions itself; no tone, no voice
    rows = {r["target"]: r for r in out.targets}
    assert rows["Iran"]["perspective_mentions"] == 2
    assert math.isnan(rows["Iran"]["perspective_portrayal"])
    assert out.metrics["perspective_voice_attributions"] == 0
    out2 = measure.analyze(doc, {"attribution": _found(doc)["attribution"]})
    assert out2.metrics["perspective_voice_attributions"] == 2


@pytest.mark.parametrize("text", [None, "", "   \n ", "12345"])
def test_empty_text(measure, text):
    out = measure.analyze(prepare("d", text), {})
    m = out.metrics
    assert m["perspective_leading"] == ""
    assert math.isnan(m["perspective_lead_margin"])
    assert m["perspective_n_states"] == 0 and m["perspective_n_interest"] == 0
    assert all(m[f"perspective_aggregation_{k}"] == 0 for k in AGGREGATION_KINDS)
    assert m["perspective_publisher_boilerplate"] == 0
    if text is None or not str(text).strip():
        assert math.isnan(m["perspective_interest_per_1k"]) and math.isnan(m["perspective_aggregation_per_1k"])
    assert out.targets == [] and out.spans == []


# --- terminology and aggregation on the bundled corpus ------------------------------------

def _forms(scored, doc_id, family):
    s = scored.evidence(doc_id, measure="perspective", category="terminology", label=family)
    return set(s["text"])


def test_terminology_on_bundled_corpus(scored):
    assert {"Baluchistan", "Baluchestan"} <= _forms(scored, "orf", "balochistan-spelling")
    vox = _forms(scored, "vox", "balochistan-spelling")
    assert "Balochistan" in vox and "Baluchistan" not in vox
    assert "Jaish ul-Adl" in _forms(scored, "orf", "jaish-spelling")
    assert "Jaish al-Adl" in _forms(scored, "usip", "jaish-spelling")
    assert "Indian-administered Kashmir" in _forms(scored, "agsiw", "kashmir-label")
    assert {"Sarmachar", "Sarmachars"} & _forms(scored, "agsiw", "militant-label")
    docs = scored.documents.set_index("doc_id")
    assert docs.loc["orf", "perspective_term_balochistan_spelling_baluch"] >= 2
    assert docs.loc["orf", "perspective_term_balochistan_spelling_baloch"] == 0
    assert docs.loc["vox", "perspective_term_balochistan_spelling_baloch"] > 0
    # "Sistan and Baluchestan": a province name and a u-spelling, counted in each family
    assert "Sistan and Baluchestan" in _forms(scored, "aibot", "province-name")


def test_aggregation_markers_on_bundled_corpus(scored):
    agg = scored.evidence("aibot", measure="perspective", category="aggregation")
    labels = set(agg["label"])
    assert {"ai_disclaimer", "templated_heading", "bullet_list"} <= labels
    assert "What Comes Next?" in set(agg["text"])
    assert any("written entirely by AI" in t for t in agg["text"])
    bullets = agg[agg["label"] == "bullet_list"]
    assert len(bullets) == 1 and bullets["value"].iloc[0] == 4
    # the repeated self-description counts once
    assert (agg["text"].str.startswith("AiBot scans breaking news")).sum() == 1
    docs = scored.documents.set_index("doc_id")
    assert docs.loc["aibot", "perspective_aggregation_per_1k"] > 3 * docs.loc["vox", "perspective_aggregation_per_1k"]
    assert docs.loc["vox", "perspective_aggregation_ai_disclaimer"] == 0


def test_publisher_boilerplate_is_not_machine_aggregation(scored, measure):
    assert "boilerplate" not in AGGREGATION_KINDS
    docs = scored.documents.set_index("doc_id")
    assert "perspective_aggregation_boilerplate" not in docs
    # ORF's "The views expressed above belong to the author(s)" and USIP's "originally published by":
    # publisher page furniture, counted apart
    pub = scored.evidence(measure="perspective", category="publisher")
    assert set(pub["label"]) == {"boilerplate"}
    assert any("views expressed above" in t for t in pub.loc[pub.doc_id == "orf", "text"])
    assert any("originally published" in t for t in pub.loc[pub.doc_id == "usip", "text"])
    assert (pub["rule"].str.startswith("rule:page-debris")).all()
    for doc_id in ("orf", "usip"):
        agg = scored.evidence(doc_id, measure="perspective", category="aggregation")
        assert not agg["text"].str.contains("views expressed|originally published").any()
        assert docs.loc[doc_id, "perspective_n_aggregation"] == len(agg)
        assert docs.loc[doc_id, "perspective_publisher_boilerplate"] == (pub.doc_id == doc_id).sum() > 0
    # a constructed text: the disclaimer counts as aggregation, the publisher line does not
    text = ("Iran struck Pakistan on Tuesday.\n\nThis article was written entirely by AI.\n\n"
            "The views expressed above belong to the author(s).")
    out = measure.analyze(prepare("d", text), {})
    m = out.metrics
    assert (m["perspective_aggregation_ai_disclaimer"], m["perspective_n_aggregation"]) == (1, 1)
    assert m["perspective_publisher_boilerplate"] == 1
    assert {(s.category, s.label) for s in out.spans if s.category in ("aggregation", "publisher")} == {
        ("aggregation", "ai_disclaimer"), ("publisher", "boilerplate")}
    assert [f for f in out.sentence_flags["perspective_aggregation"] if f] == ["ai_disclaimer"]


def test_debris_kind_in_both_groups_is_an_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: p\nversion: 0.1.0\ndescription: x\nlicence: CC0-1.0\nsources: []\n"
                    "extends: perspective\nrules:\n  debris_kinds: [ai_disclaimer, boilerplate]\n"
                    "entries:\n  interest:\n    security: [homeland security]\n", encoding="utf-8")
    lexicons = PerspectiveMeasure.default_lexicons()
    lexicons["perspective"] = load_lexicon(path)
    with pytest.raises(ValueError, match="boilerplate"):
        PerspectiveMeasure(lexicons)


def test_without_a_terminology_lexicon_there_are_no_term_columns():
    r = framing.score("strikes-2024", measures=["perspective"], lexicons={"terminology": None})
    docs = r.documents
    assert not [c for c in docs if c.startswith("perspective_term_")]
    assert "perspective_n_terminology" not in docs
    assert not (r.spans["category"] == "terminology").any()
    # the rest of the profile is unchanged
    full = framing.score("strikes-2024", measures=["perspective"])
    for c in ("perspective_leading", "perspective_n_interest", "perspective_n_aggregation",
              "perspective_publisher_boilerplate"):
        assert docs[c].tolist() == full.documents[c].tolist(), c
    assert len([c for c in full.documents if c.startswith("perspective_term_")]) > 0
    # the estimator then has no terminology features
    f = PerspectiveFeatures(n_states=3, lexicons={"terminology": None}).fit(["Pakistan's security in Baluchistan."])
    assert not [n for n in f.get_feature_names_out() if n.startswith("term[")]
    # and the plots, comparison and report cope
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing import plots as fp
    from framing.compare import group_intervals
    from framing.report import render_report
    ax = fp.perspective_profile(r)
    assert not [t.get_text() for t in ax.get_yticklabels() if "term" in t.get_text()]
    plt.close(ax.figure)
    iv = group_intervals(r, "perspective_interest_per_1k", n_boot=50)
    assert len(iv) == 5 and (iv["method"] != "none").all()
    assert "perspective_term_" not in render_report(r)


def test_every_span_traces_to_text_and_rule(scored):
    spans = scored.spans[scored.spans["measure"] == "perspective"]
    assert len(spans) > 100
    for doc_id, group in spans.groupby("doc_id"):
        text = scored.text(doc_id)
        assert all(text[a:b] == t for a, b, t in zip(group["start"], group["end"], group["text"]))
    assert (spans["rule"] != "").all()


def test_profile_leading_state_is_backed_by_evidence(scored):
    docs = scored.documents.set_index("doc_id")
    prof = profile(scored)
    for doc_id in scored.documents["doc_id"]:
        lead = docs.loc[doc_id, "perspective_leading"]
        assert lead, doc_id
        rows = prof[prof["doc_id"] == doc_id]
        assert rows.iloc[0]["target"] == lead and rows.iloc[0]["perspective_rank"] == 1
        ev = scored.evidence(doc_id, measure="perspective", target=lead)
        assert len(ev) >= rows.iloc[0]["perspective_mentions"] > 0
        assert docs.loc[doc_id, "perspective_lead_margin"] >= 0


def test_target_defaults_for_non_state_targets(scored):
    t = scored.targets
    actors = t[t["target"].isin(["Jaish al-Adl"])]
    assert len(actors) and actors["perspective_alignment"].isna().all()
    assert (actors["perspective_mentions"] == 0).all()


# --- the estimator ---------------------------------------------------------------------------

import sklearn  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

_SKLEARN_TAGS_API = tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 6)

#: Checks that do not apply to a text transformer, and why.
EXPECTED_FAILED_CHECKS = {
    "check_fit1d": "a 1-D array is a list of texts, this estimator's main input (as for CountVectorizer); "
                   "sklearn's rule that 1-D X must raise is for numeric estimators",
}


if _SKLEARN_TAGS_API:
    @parametrize_with_checks([PerspectiveFeatures(n_states=5)],
                             expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS)
    def test_sklearn_estimator_checks(estimator, check):
        check(estimator)
else:  # the tags API (and expected_failed_checks) arrived in scikit-learn 1.6
    @pytest.mark.skip(reason="scikit-learn >= 1.6 needed for the estimator tags these checks read")
    def test_sklearn_estimator_checks():
        pass


TRAIN = (["Pakistan's sovereignty was violated, Pakistani officials said. Pakistan will respond."] * 4
         + ["Iran's legitimate security concerns matter, Iranian officials said in Tehran."] * 4
         + ["India's interests in Kashmir, Indian officials said. New Delhi is watching."] * 4)
LABELS = ["pk"] * 4 + ["ir"] * 4 + ["in"] * 4


def test_features_named_and_pandas_output():
    f = PerspectiveFeatures(n_states=3).fit(TRAIN)
    assert set(f.states_) == {"Pakistan", "Iran", "India"}
    names = f.get_feature_names_out()
    assert "interest[Iran]" in names and "alignment[India]" in names and "salience[other]" in names
    out = f.set_output(transform="pandas").transform(TRAIN[:1] + [None, ""])
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(names)
    assert out.loc[0, "interest[Pakistan]"] == 1.0 and out.loc[0, "salience[Pakistan]"] == 1.0
    assert (out.iloc[1:] == 0).all().all()  # missing and empty texts: zeros
    assert np.isfinite(out.to_numpy()).all()


def test_pipeline_fits_and_predicts():
    for model in (make_perspective_pipeline(n_states=3), make_perspective_pipeline(n_states=3, combined=True),
                  make_bow_pipeline()):
        model.fit(TRAIN, LABELS)
        pred = model.predict(["Iran's sovereignty and Iranian interests, Tehran said.", None])
        assert len(pred) == 2 and pred[0] == "ir"


def test_pipeline_with_other_classifier():
    from sklearn.tree import DecisionTreeClassifier

    model = make_perspective_pipeline(DecisionTreeClassifier(random_state=0), n_states=3).fit(TRAIN, LABELS)
    assert model.predict(["Pakistan's security concerns, Pakistan said."])[0] == "pk"


def test_as_texts_forms():
    assert as_texts(pd.Series(["a", None])) == ["a", ""]
    assert as_texts(pd.DataFrame({"title": ["T", None], "body": ["B", "C"]})) == ["T\n\nB", "C"]
    with pytest.raises(ValueError, match="single string"):
        as_texts("one text")


def test_two_d_input_keeps_field_count():
    X = pd.DataFrame({"title": ["Pakistan's security"] * 2, "body": ["Iran's interests", "India"]})
    f = PerspectiveFeatures(n_states=3).fit(X)
    assert f.n_features_in_ == 2
    with pytest.raises(ValueError, match="expecting 2 features"):
        f.transform(X[["title"]])
