"""Tests for the hedging measure: lexicon, context rules, voice, metrics, bad input.

The news sentences in ``NEWS`` are quoted from the project's own bundled case
(the five strikes articles); their expected markers were checked by hand.
"""

from __future__ import annotations

import math

import pytest

from framing.lexicons import load_lexicon
from framing.measures.base import SPAN_COLUMNS, Span, make_span
from framing.measures.hedging import CONTEXT_RULES, HedgingMeasure
from framing.text import prepare

LABELS = {"modal", "verb", "adverb", "adjective", "approximator", "phrase"}


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("hedging")


@pytest.fixture(scope="module")
def measure(lex):
    return HedgingMeasure({"hedging": lex})


@pytest.fixture(scope="module")
def plain(lex):
    return HedgingMeasure({"hedging": lex}, context_rules=False)


def found(measure, text, found_spans=None):
    """(text, category, label) of every span for `text`."""
    out = measure.analyze(prepare("t", text), found_spans or {})
    return [(s.text, s.category, s.label) for s in out.spans]


def cats(measure, text):
    return [(s[0], s[1]) for s in found(measure, text)]


# --- the lexicon -----------------------------------------------------------------

def test_lexicon_header_and_entries_are_traceable(lex):
    assert lex.name == "hedging" and lex.version and lex.licence
    ids = {s["id"] for s in lex.sources}
    assert {"hyland2005", "bioscope", "bednarek2006"} <= ids
    assert set(lex.categories) == {"hedge", "booster", "distancing"}
    for e in lex.entries:
        assert e.source in ids, f"{e.pattern} (line {e.line}) has no source"
        assert e.label in LABELS, e.label
        ctx = e.attrs.get("context")
        assert ctx is None or ctx in CONTEXT_RULES
        assert e.attrs.get("negated") in (None, "hedge")
    hedge_labels = {e.label for e in lex.select("hedge")}
    assert hedge_labels == LABELS


def test_lexicon_covers_the_issue_terms(lex):
    patterns = {(e.category, e.pattern) for e in lex.entries}
    for term in ("alleged", "purported", "so-called", "reportedly", "apparently", "claims", "claimed",
                 "what * claim", "as per some reports"):
        assert ("distancing", term) in patterns, term
    for term in ("may", "might", "could", "suggest", "indicate", "possible", "whether", "potential",
                 "putative", "hypothesis", "likely", "unknown", "appear", "unlikely", "unclear"):
        assert ("hedge", term) in patterns, term
    for term in ("clearly", "undoubtedly", "in fact", "must", "certainly"):
        assert ("booster", term) in patterns, term
    assert not any(e.pattern == "will" for e in lex.entries)  # plain future is not a booster


def test_unknown_context_rule_is_an_error(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nversion: 1\ndescription: x\nlicence: CC0-1.0\nsources: []\n"
                    "entries:\n  hedge:\n    modal:\n      - {pattern: may, context: nonsense}\n")
    with pytest.raises(ValueError, match="unknown context rule 'nonsense'"):
        HedgingMeasure({"hedging": load_lexicon(path)})


def test_document_matching_agrees_with_sentence_by_sentence_matching(lex, measure):
    text = " ".join(NEWS_TEXTS) + " What the Pakistani army claims were camps. As per some reports, so-called ~600 km."
    doc = prepare("d", text)
    core = lex.matcher(("hedge", "booster", "distancing"))
    per_sentence = [[tuple(m) for m in ms] for ms in measure._matcher.find_sentences(doc)]
    for idx, s in enumerate(doc.sentences):
        expected = [(m.start, m.end, m.entry) for m in core.find(doc.tok_norm, doc.tok_text, s.tok_start, s.tok_end)]
        assert per_sentence[idx] == expected


# --- context rules ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The talks were held in May 2023.",
    "On May 9, officials met.",
    "Fighting resumed in mid-May.",
    "Elections are due by May.",
])
def test_may_the_month_is_not_a_hedge(measure, text):
    assert found(measure, text) == []


def test_may_the_name_and_the_modal(measure, plain):
    assert cats(measure, "Theresa May said the deal may fail.") == [("may", "hedge")]
    assert cats(measure, "May the talks succeed.") == [("May", "hedge")]  # sentence-initial: the modal
    assert cats(measure, "What May Happen Next") == [("May", "hedge")]   # title-case heading
    # The plain word list (no context rules) counts the month and the name.
    assert len(found(plain, "Theresa May met officials in May.")) == 2


@pytest.mark.parametrize("text", [
    "Officials could not confirm the toll.",
    "They couldn't agree on a venue.",
    "No link could be established between the groups.",
])
def test_could_not_is_negated_ability(measure, text):
    assert found(measure, text) == []


def test_could_can_hedge(measure):
    assert found(measure, "The strike could widen the war.") == [("could", "hedge", "modal")]
    # "could not be ruled out" is a hedge phrase of its own.
    assert cats(measure, "A wider war could not be ruled out.") == [("could not be ruled out", "hedge")]


def test_will_is_plain_future(measure):
    assert found(measure, "Iran will respond, and Pakistan will retaliate.") == []


def test_would_reported_future_volition_and_hedge(measure):
    assert found(measure, "Pakistan warned Iran that it would meet any aggression in kind.") == []
    assert found(measure, "Iran would like talks.") == []
    assert found(measure, "A wider war would be costly.") == [("would", "hedge", "modal")]
    # A reporting verb in another clause does not make "would" reported speech.
    assert ("would", "hedge") in cats(measure, "Assets could be threatened and would need defending.")


@pytest.mark.parametrize("text, expected", [
    ("Saravan lies about 70 miles from the border.", [("about", "hedge", "approximator")]),
    ("About 20 percent of the Baloch live in Iran.", [("About", "hedge", "approximator")]),
    ("About a third live there.", [("About", "hedge", "approximator")]),
    ("The strikes aren't about Gaza.", []),
    ("Concern about the regional implications grew.", []),
    ("Some 20 people were killed.", [("Some", "hedge", "approximator")]),
    ("Iran plays some role in the conflicts.", []),
    ("Trade stands at around $1 billion.", [("around", "hedge", "approximator")]),
    ("Proxies operate around the region.", []),
    ("They share a porous ~600 mile border.", [("~", "hedge", "approximator")]),
    ("The strike killed up to 20 people.", [("up to", "hedge", "approximator")]),
    ("It is up to Pakistan.", []),
])
def test_approximators_need_a_number(measure, text, expected):
    assert found(measure, text) == expected


def test_likely_and_unlikely(measure):
    assert found(measure, "Militants likely triggered the strike.") == [("likely", "hedge", "adverb")]
    assert found(measure, "Such measures are likely to receive approval.") == [("likely", "hedge", "adjective")]
    assert found(measure, "India is unlikely to get involved.") == [("unlikely", "hedge", "adjective")]
    spans = HedgingMeasure({"hedging": load_lexicon("hedging")}).analyze(
        prepare("t", "Militants likely triggered the strike."), {}).spans
    assert spans[0].rule == "rule:likely-adverb (hedge/adjective:likely)"


def test_appear(measure):
    assert found(measure, "The suspect appeared in court on Monday.") == []
    assert found(measure, "The minister appeared on television.") == []
    assert found(measure, "The attack appears to have surprised Pakistan.") == [("appears", "hedge", "verb")]
    assert found(measure, "Those critics appear vindicated.") == [("appear", "hedge", "verb")]


def test_claim_noun_responsibility_and_verb(measure):
    assert found(measure, "Pakistan rejected the claim.") == []
    assert found(measure, "Both states press their territorial claims.") == []
    assert found(measure, "Jaish al-Adl claimed responsibility for the attack.") == []
    assert found(measure, "The group has claimed several attacks on security forces.") == []
    assert found(measure, "The bombing claimed 11 lives.") == []
    assert found(measure, "Iran claims it struck terrorist cells.") == [("claims", "distancing", "verb")]
    assert found(measure, "Iran claims to have killed nine members.") == [("claims", "distancing", "verb")]


def test_negated_boosters_are_hedges(measure):
    out = measure.analyze(prepare("t", "It's not clear who fired first."), {})
    (span,) = out.spans
    assert (span.text, span.category, span.label) == ("not clear", "hedge", "adjective")
    assert span.rule == "rule:negated-booster (booster/adjective:clear)"
    assert cats(measure, "The outcome is not certain.") == [("not certain", "hedge")]
    assert cats(measure, "It isn't entirely clear why.") == [("isn't entirely clear", "hedge")]
    assert cats(measure, "That is not necessarily true.") == [("not necessarily", "hedge")]
    assert cats(measure, "It is clear that Iran acted.") == [("It is clear", "booster")]
    assert cats(measure, "Iran clearly acted.") == [("clearly", "booster")]
    assert cats(measure, "There is no doubt Iran acted.") == [("no doubt", "booster")]


def test_must_epistemic_versus_obligation(measure):
    out = measure.analyze(prepare("t", "It must have been a mistake."), {})
    assert [(s.text, s.category, s.rule) for s in out.spans] == [
        ("must", "booster", "rule:must-epistemic (booster/modal:must)")]
    assert cats(measure, "That must be a mistake.") == [("must", "booster")]
    assert found(measure, "Iran must take care to avoid confrontation.") == []
    assert found(measure, "The attackers must be held accountable.") == []


@pytest.mark.parametrize("text", [
    "Pakistan displayed its military might.",
    "Analysts at two think tanks disagree.",
    "A think-tank report followed.",
    "Iran used missiles rather than proxies.",
    "Respond as soon as possible.",
    "Certain groups oppose the talks.",
    "Officials will make sure it is safe.",
    "Rescue teams will clear the road.",
])
def test_words_that_are_not_markers_in_context(measure, text):
    assert found(measure, text) == []


def test_markers_kept_in_context(measure):
    assert found(measure, "The country is rather polarized.") == [("rather", "hedge", "approximator")]
    assert found(measure, "Iran fears a possible attack.") == [("possible", "hedge", "adjective")]
    assert cats(measure, "Officials are certain of it.") == [("certain", "booster")]
    assert cats(measure, "It became apparent that talks had failed.") == [("apparent", "booster")]
    assert cats(measure, "The strikes were in apparent retaliation.") == [("apparent", "distancing")]
    assert cats(measure, "Leaders have long suspected Iran of meddling.") == [("suspected", "hedge")]
    assert cats(measure, "Police arrested suspected militants.") == [("suspected", "distancing")]


def test_explain_lists_dropped_matches_with_their_rule(measure):
    ex = measure.explain(prepare("t", "In May, Iran may strike about Gaza. It could not."))
    dropped = ex[~ex.kept]
    assert set(dropped.reason) == {"may-month", "about-topic", "could-not"}
    assert ex[ex.kept].text.tolist() == ["may"]


# --- voice -------------------------------------------------------------------------

def test_voice_from_quotation_marks(measure):
    out = measure.analyze(prepare("t", "“This may escalate,” he said. It may not."), {})
    assert [(s.text, s.voice) for s in out.spans] == [("may", "attributed"), ("may", "author")]
    m = out.metrics
    assert m["hedging_words_attributed"] == 3  # This may escalate
    assert m["hedging_words_author"] + m["hedging_words_attributed"] == prepare("t", "“This may escalate,” he said. It may not.").n_words
    assert m["hedging_hedges_per_1k_attributed"] == pytest.approx(1000 / 3)


def test_voice_from_attribution_spans(measure):
    text = "Officials said Iran may retaliate. Perhaps it will."
    doc = prepare("t", text)
    start = text.index("Iran")
    content = make_span(doc, start, text.index("."), "attribution", "content", "indirect")
    out = measure.analyze(doc, {"attribution": [content]})
    assert [(s.text, s.voice) for s in out.spans] == [("may", "attributed"), ("Perhaps", "author")]
    # Without attribution spans (None) the quotation marks decide: none here.
    out = measure.analyze(doc, {"attribution": None})
    assert {s.voice for s in out.spans} == {"author"}


# --- hand-checked news sentences from the bundled case -------------------------------

NEWS = [
    ("Iran and Pakistan traded missile attacks over the past week, supposedly as part of each nation’s "
     "efforts to disrupt violence by ethnic separatist groups.",
     [("supposedly", "distancing", "adverb")]),
    ("Pakistan carried out what the country’s foreign office called “highly coordinated and specifically "
     "targeted precision military strikes” against Baloch separatists in Saravan, a city in Iran’s "
     "southeast about 70 miles from the Iran-Pakistan border.",
     [("about", "hedge", "approximator")]),
    ("Thursday’s strikes were in apparent retaliation for a surprise Iranian attack on Tuesday in "
     "Pakistani territory, against the anti-Iranian Baloch militant group Jaish al-Adl, or Army of Justice.",
     [("apparent", "distancing", "adjective")]),
    ("The Iran-Pakistan strikes aren’t about Gaza.", []),
    ("Iran claims to have killed nine members of the group using drone and missile strikes in Pakistan, "
     "close to the Iranian border, where “the group [had] taken shelter,” according to Iranian Foreign "
     "Minister Hossein Amir-Abdollahian.",
     [("claims", "distancing", "verb")]),
    ("Jaish al-Adl claimed responsibility for an attack at a police station last month in the Iranian "
     "city of Rask, which killed 11 people.", []),
    ("Iraqi and Kurdish authorities denied that the building in Erbil had any ties to Iran, and it’s not "
     "clear that Iran’s strikes in Syria did any major damage to ISIS targets, according to the BBC.",
     [("not clear", "hedge", "adjective")]),
    ("Essentially, this week’s attacks could be interpreted as a message to its own people — "
     "particularly the government’s hardline base — that the Islamic Republic will not be bullied, even "
     "as it must take care to avoid direct confrontation with the United States and its allies.",
     [("Essentially", "hedge", "approximator"), ("could", "hedge", "modal")]),
    ("Iran could retaliate against Pakistan’s strikes, Mir wrote, but for now, it seems more likely that "
     "attacks will be suspended.",
     [("could", "hedge", "modal"), ("seems", "hedge", "verb"), ("more likely", "hedge", "adjective")]),
    ("To manage escalatory pressures, Pakistani leaders chose what they claim were camps of Baluch "
     "separatists in Iran, instead of direct Iranian military targets, thus minimizing the loss of face "
     "for the Iranian leadership due to damage inflicted in Pakistani action.",
     [("what they claim", "distancing", "phrase")]),
    ("If Pakistan let it pass, Pakistani leaders likely felt that this may embolden not just India but "
     "also Afghanistan, where the Taliban have been protecting the anti-Pakistan Tehrik-e Taliban "
     "Pakistan (TTP).",
     [("likely", "hedge", "adverb"), ("felt that", "hedge", "verb"), ("may", "hedge", "modal")]),
    ("As per some reports, the attacks were approximately 80 km inside Iranian territory and hit "
     "Saravan city, killing nine people all of whom were foreign nationals.",
     [("As per some reports", "distancing", "phrase"), ("approximately", "hedge", "approximator")]),
    ("On January 16, Iran launched strikes in Pakistan on alleged hideouts of Jaish al-Adl, an anti-Iran "
     "Baluch militant group involved in a January attack on a police station in the Iranian city of Rask.",
     [("alleged", "distancing", "adjective")]),
    ("Pakistan warned Iran that it would meet any further aggression in kind.", []),
    ("In retaliation, Pakistan’s air force conducted strikes the next day against camps belonging to the "
     "Baloch Liberation Front (BLF) inside Iran’s Sistan and Baluchestan province, killing at least 9 "
     "militants.",
     [("at least", "hedge", "approximator")]),
    ("New Delhi is monitoring events closely but unlikely to get directly involved.",
     [("unlikely", "hedge", "adjective")]),
    ("Even before Pakistan retaliated, there were reports the Chinese were trying to mediate and talk "
     "Pakistan out of a retaliation against Iran.",
     [("there were reports", "distancing", "phrase")]),
    ("To be clear, there’s no specific, concrete tie between Iran’s conflict with Pakistan and the wider "
     "conflicts in the Middle East, which include Israel’s war in Gaza as well as a tit-for-tat exchange "
     "between the US and Yemeni rebels in the Red Sea.",
     [("To be clear", "booster", "phrase")]),
]
NEWS_TEXTS = [t for t, _ in NEWS]


@pytest.mark.parametrize("text, expected", NEWS, ids=[t[:40] for t in NEWS_TEXTS])
def test_hand_checked_news_sentences(measure, text, expected):
    assert found(measure, text) == expected


def test_quoted_hedge_in_news_is_attributed(measure):
    text = ("Within Pakistan, such measures are ”likely to receive wide approval from a politically divided "
            "Pakistan if it succeeds in de-escalation,” Afzal said.")
    out = measure.analyze(prepare("t", text), {})
    assert [(s.text, s.category, s.voice) for s in out.spans] == [("likely", "hedge", "attributed")]


# --- spans, metrics, flags, bad input -------------------------------------------------

def test_spans_round_trip_and_have_the_shared_columns(measure):
    text = "\n\n".join(NEWS_TEXTS)
    doc = prepare("news", text)
    out = measure.analyze(doc, {})
    assert out.spans
    for s in out.spans:
        assert isinstance(s, Span) and s._fields == SPAN_COLUMNS
        assert s.text == text[s.start:s.end]
        assert s.measure == "hedging" and s.category in ("hedge", "booster", "distancing")
        assert s.voice in ("author", "attributed") and s.rule
        assert doc.sentences[s.sent_id].start <= s.start < s.end <= doc.sentences[s.sent_id].end


def test_metrics_and_flags(measure):
    text = "Iran may strike. Pakistan clearly responded. Officials met. Reportedly, talks began."
    doc = prepare("t", text)
    out = measure.analyze(doc, {})
    m = out.metrics
    assert (m["hedging_n_hedges"], m["hedging_n_boosters"], m["hedging_n_distancing"]) == (1, 1, 1)
    assert m["hedging_hedges_per_1k"] == pytest.approx(1000 / doc.n_words)
    assert m["hedging_hedged_sentence_share"] == pytest.approx(1 / 4)
    assert m["hedging_hedge_booster_ratio"] == pytest.approx(1.5 / 1.5)
    assert out.sentence_flags["hedging_has_hedge"] == [True, False, False, False]
    assert out.sentence_flags["hedging_has_booster"] == [False, True, False, False]
    assert out.sentence_flags["hedging_has_distancing"] == [False, False, False, True]
    assert math.isnan(m["hedging_hedges_per_1k_attributed"])  # no attributed words
    assert m["hedging_hedges_per_1k_author"] == pytest.approx(m["hedging_hedges_per_1k"])


def test_repeated_sentences_are_not_counted(measure):
    text = "Iran may strike. Talks failed. Iran may strike."
    out = measure.analyze(prepare("t", text), {})
    assert out.metrics["hedging_n_hedges"] == 1
    assert out.sentence_flags["hedging_has_hedge"] == [True, False, False]


@pytest.mark.parametrize("text", [None, "", "   \n  "])
def test_empty_or_missing_text_gives_nan_and_zero_counts(measure, text):
    out = measure.analyze(prepare("t", text), {})
    assert out.spans == []
    assert out.metrics["hedging_n_hedges"] == 0
    for name, value in out.metrics.items():
        if "_per_1k" in name or "share" in name or "ratio" in name:
            assert math.isnan(value), name
    assert all(v == [] for v in out.sentence_flags.values())


def test_registered_in_the_measure_registry():
    from framing.measures import available_measures, measure_class

    assert "hedging" in available_measures()
    assert measure_class("hedging") is HedgingMeasure
