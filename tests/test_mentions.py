"""Tests for the states and strikes-2024 actor lexicons and the mention finder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from framing.errors import LexiconError
from framing.lexicons import load_lexicon
from framing.mentions import RULE_KEYS, Mention, MentionFinder, find_mentions
from framing.text import prepare

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(load_lexicon("states"), load_lexicon("actors-strikes-2024"))


def found(finder: MentionFinder, text: str, **kw) -> list[tuple[str, str]]:
    """(matched text, target) for each mention in `text`."""
    doc = prepare("t", text)
    return [(doc.text[m.start:m.end], m.target) for m in finder.find(doc, **kw)]


def targets(finder: MentionFinder, text: str) -> Counter:
    return Counter(t for _, t in found(finder, text))


# --- the lexicons ----------------------------------------------------------------

def test_states_lexicon_has_every_un_member_and_observer():
    lex = load_lexicon("states")
    labels = {e.label for e in lex.entries}
    assert len(labels) == 195  # 193 members + Holy See + Palestine
    assert {e.category for e in lex.entries} == {"state"}
    for name in ["Iran", "Pakistan", "United States", "United Kingdom", "Russia", "Syria", "South Korea",
                 "North Korea", "Vietnam", "Laos", "Bolivia", "Venezuela", "Tanzania", "Moldova", "Czechia",
                 "Turkey", "Côte d'Ivoire", "Democratic Republic of the Congo", "Republic of the Congo",
                 "Palestine", "Holy See", "Tuvalu", "Eswatini", "Timor-Leste", "São Tomé and Príncipe"]:
        assert name in labels, name
    # each label is itself a pattern of its state (its name as written in the label)
    patterns = {(e.label, e.pattern) for e in lex.entries}
    assert ("Turkey", "Türkiye") in patterns


def test_states_entries_are_typed_sourced_and_unambiguous():
    lex = load_lexicon("states")
    ids = {s["id"] for s in lex.sources}
    owner: dict[tuple, str] = {}
    for e in lex.entries:
        assert e.attrs.get("type") in {"name", "short", "demonym", "capital", "institution"}, e.pattern
        assert e.source in ids, e.pattern
        assert set(e.attrs) <= {"type", *RULE_KEYS}, (e.pattern, set(e.attrs))
        key = (e.tokens, e.case_sensitive)
        assert owner.setdefault(key, e.label) == e.label, f"{e.pattern!r} under two states"
    forms = Counter(e.attrs["type"] for e in lex.entries)
    assert all(forms[t] > 10 for t in ("name", "short", "demonym", "capital", "institution"))
    assert lex.rules["ignore"] and all(isinstance(p, str) for p in lex.rules["ignore"])


def test_actor_lexicon_labels_and_attributes():
    lex = load_lexicon("actors-strikes-2024")
    labels = {e.label for e in lex.entries}
    for name in ["Jaish al-Adl", "Balochistan Liberation Army", "Balochistan Liberation Front",
                 "Tehrik-i-Taliban Pakistan", "Taliban", "Houthis", "Hamas", "Hezbollah", "ISIS", "ISIS-K",
                 "Zeinabiyoun", "Jundallah", "Sarmachar"]:
        assert name in labels, name
    for e in lex.entries:
        assert e.category == "actor"
        assert {"kind", "affiliation", "based_in"} <= set(e.attrs), e.pattern
    houthis = lex.select("actor", "Houthis")[0]
    assert houthis.attrs["affiliation"] == "Iran-backed" and houthis.attrs["based_in"] == "Yemen"


def test_finder_builds_from_names_and_lists_targets(finder):
    assert MentionFinder("states").targets["Iran"] == "state"
    assert finder.targets["Houthis"] == "actor"
    with pytest.raises(ValueError):
        MentionFinder()


# --- offsets, forms, tokens ----------------------------------------------------------

def test_mentions_carry_offsets_forms_and_rules(finder):
    doc = prepare("d", "Iran’s foreign minister flew to Islamabad. The Pentagon and the IRGC were silent.")
    ms = finder.find(doc)
    assert [(doc.text[m.start:m.end], m.target, m.kind, m.form) for m in ms] == [
        ("Iran", "Iran", "state", "name"),
        ("Islamabad", "Pakistan", "state", "capital"),
        ("Pentagon", "United States", "state", "institution"),
        ("IRGC", "Iran", "state", "institution")]
    for m in ms:
        assert isinstance(m, Mention)
        assert doc.tok_start[m.tok_start] == m.start and doc.tok_end[m.tok_end - 1] == m.end
        assert doc.sentences[m.sent_id].start <= m.start < doc.sentences[m.sent_id].end
        assert m.rule.startswith(f"state/{m.target}:")
    assert [m.sent_id for m in ms] == [0, 0, 1, 1]


def test_possessive_and_hyphenated_compounds(finder):
    assert found(finder, "Pakistan's army and the Iran-Pakistan border") == [
        ("Pakistan", "Pakistan"), ("Iran", "Iran"), ("Pakistan", "Pakistan")]
    assert targets(finder, "an Iranian-backed militia and anti-Pakistan groups") == Counter(
        {"Iran": 1, "Pakistan": 1})


def test_longest_match_wins_across_lexicons(finder):
    assert found(finder, "The Pakistani Taliban, or Tehreek-e-Taliban Pakistan, attacked.") == [
        ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan")]
    assert found(finder, "South Sudan, Sudan and Sudanese; South Sudanese troops.") == [
        ("South Sudan", "South Sudan"), ("Sudan", "Sudan"), ("Sudanese", "Sudan"),
        ("South Sudanese", "South Sudan")]
    assert [t for _, t in found(finder, "Papua New Guinea, Equatorial Guinea, Guinea-Bissau and Guinea.")] == [
        "Papua New Guinea", "Equatorial Guinea", "Guinea-Bissau", "Guinea"]
    assert found(finder, "Niger is not Nigeria.") == [("Niger", "Niger"), ("Nigeria", "Nigeria")]
    assert found(finder, "Dominica and the Dominican Republic") == [
        ("Dominica", "Dominica"), ("Dominican Republic", "Dominican Republic")]
    # Jaish-e-Mohammed is not Jaish al-Adl, although bare 'Jaish' is
    assert [t for _, t in found(finder, "Jaish-e-Mohammed denied it; Jaish claimed it.")] == [
        "Jaish-e-Mohammed", "Jaish al-Adl"]


def test_spelling_variants_of_the_strike_actors(finder):
    for text in ["Jaish al-Adl", "Jaish ul-Adl", "Jaish ul Adl", "Jaish-ul-Adl", "Army of Justice", "JAA"]:
        assert found(finder, f"{text} claimed it.") == [(text, "Jaish al-Adl")], text
    for text in ["BLA", "Balochistan Liberation Army", "Baluchistan Liberation Army", "Baloch Liberation Army"]:
        assert found(finder, f"The {text} fought.") == [(text, "Balochistan Liberation Army")], text
    for text in ["BLF", "Baloch Liberation Front", "Baluchistan Liberation Front"]:
        assert found(finder, f"The {text} fought.") == [(text, "Balochistan Liberation Front")], text
    assert found(finder, "the TTP and ISIS-K") == [("TTP", "Tehrik-i-Taliban Pakistan"), ("ISIS-K", "ISIS-K")]


# --- ambiguity rules, each positive and negative ---------------------------------------

@pytest.mark.parametrize("text, expected", [
    # Washington: the newspaper, the US state, people
    ("Washington said it would respond.", [("Washington", "United States")]),
    ("The Washington Post reported it.", []),
    ("Officials in Washington, D.C. agreed.", [("Washington, D.C.", "United States")]),
    ("George Washington crossed the river.", []),
    ("Actor Denzel Washington spoke.", []),
    ("They met Mr. Washington on Monday.", []),
    ("Booker T. Washington was an educator.", []),
    ("She moved to Seattle, Washington in May.", []),
    ("Washington state officials and the University of Washington agreed.", []),
    ("In Washington, diplomats were relieved.", [("Washington", "United States")]),
    # Georgia: the country needs a cue in the sentence; the US state and a first name do not count
    ("Russia invaded Georgia in 2008.", [("Russia", "Russia"), ("Georgia", "Georgia")]),
    ("Tbilisi said Georgia would join.", [("Tbilisi", "Georgia"), ("Georgia", "Georgia")]),
    ("He campaigned hard in Georgia last week.", []),
    ("Georgia voters backed the Russian-born candidate.", [("Russian", "Russia")]),
    ("Georgia O'Keeffe painted flowers in Russia.", [("Russia", "Russia")]),
    # Jordan: a person or the river
    ("Jordan condemned the strike.", [("Jordan", "Jordan")]),
    ("Jordan's King Abdullah met the envoy.", [("Jordan", "Jordan")]),
    ("Michael Jordan won six titles.", []),
    ("Jordan Peterson gave a talk.", []),
    ("They crossed the Jordan at dawn.", []),
    ("Israel may annex the Jordan Valley.", [("Israel", "Israel")]),
    # Chad: a first name, lower-case chad, Lake Chad
    ("Lawmakers in Chad approved the budget.", [("Chad", "Chad")]),
    ("Chad President Mahamat Deby spoke.", [("Chad", "Chad")]),
    ("Chad Smith plays the drums.", []),
    ("A hanging chad decided Florida.", []),
    ("Lake Chad is shrinking.", []),
    # Turkey: the bird
    ("Turkey condemned the attack.", [("Turkey", "Turkey")]),
    ("We ate turkey on Thursday.", []),
    ("Turkey sandwiches were served.", []),
    ("Türkiye and Turkish officials met.", [("Türkiye", "Turkey"), ("Turkish", "Turkey")]),
    # India / Indian
    ("India and the Indian navy patrol the Indian Ocean.", [("India", "India"), ("Indian", "India")]),
    ("American Indian tribes met.", []),
    ("The West Indies toured India.", [("India", "India")]),
    # China
    ("China patrols the South China Sea.", [("China", "China")]),
    ("She collects fine china.", []),
    ("Taipei calls itself the Republic of China.", []),
    # Congo and Korea: documented defaults
    ("Congo and the Republic of Congo met.", [("Congo", "Democratic Republic of the Congo"),
                                               ("Republic of Congo", "Republic of the Congo")]),
    ("Korea and North Korea", [("Korea", "South Korea"), ("North Korea", "North Korea")]),
    ("tensions on the Korean Peninsula", []),
    # US: case and ALL CAPS
    ("US officials told us the U.S. and USA agree.", [("US", "United States"), ("U.S.", "United States"),
                                                      ("USA", "United States")]),
    ("US STRIKES IRAN AS CHINA WATCHES", [("IRAN", "Iran"), ("CHINA", "China")]),
    ("A loan of US$5 billion was agreed.", []),
    ("a poll by USA Today found", []),
    # America / American
    ("America and Americans voted.", [("America", "United States"), ("Americans", "United States")]),
    ("Latin America and North American leaders met.", []),
    # languages are not states
    ("She speaks Spanish; Spanish troops left.", [("Spanish", "Spain")]),
    ("Yerba (Spanish for herb) grows here.", []),
    # metonyms with their own traps
    ("The Hague recalled its ambassador.", [("The Hague", "Netherlands")]),
    ("The court in The Hague ruled.", []),
    ("Tripoli rejected the plan.", [("Tripoli", "Libya")]),
    ("Clashes in the Lebanese city of Tripoli.", [("Lebanese", "Lebanon")]),
    ("Santiago scored twice.", []),
    ("Protests in Chile's capital Santiago grew.", [("Chile", "Chile"), ("Santiago", "Chile")]),
    ("Senator Tom Israel spoke.", []),
    ("The London mayor met students of the University of London.", []),
    ("The Kremlin and Downing Street reacted.", [("Kremlin", "Russia"), ("Downing Street", "United Kingdom")]),
    ("the Islamic Republic and an Islamic republic", [("Islamic Republic", "Iran")]),
    ("They want an Islamic state, not the Islamic State.", [("Islamic State", "ISIS")]),
])
def test_ambiguity_rules(finder, text, expected):
    assert found(finder, text) == expected


def test_headline_style_sentences_skip_the_name_rules(finder):
    # Every word is capitalised, so "Neighbouring" before "Jordan" says nothing about a first name.
    assert found(finder, "Iran Warns Neighbouring Jordan Over Strikes") == [("Iran", "Iran"), ("Jordan", "Jordan")]
    assert found(finder, "Iran warned neighbouring Jordan.") == [("Iran", "Iran"), ("Jordan", "Jordan")]
    assert found(finder, "Iran warned Michael Jordan.") == [("Iran", "Iran")]


def test_datelines_and_glued_tokens_are_not_mentions(finder):
    assert found(finder, "WASHINGTON — The White House said Iran erred.") == [
        ("White House", "United States"), ("Iran", "Iran")]
    assert found(finder, "ISLAMABAD (Reuters) - Pakistan said it struck back.") == [("Pakistan", "Pakistan")]
    assert found(finder, "Washington (CNN) The Pentagon said so.") == [("Pentagon", "United States")]
    # an ALL-CAPS headline with a dash is no dateline
    assert found(finder, "IRAN STRIKES PAKISTAN — TEHRAN VOWS MORE") == [
        ("IRAN", "Iran"), ("PAKISTAN", "Pakistan"), ("TEHRAN", "Iran")]
    assert found(finder, "If @Mike_Jordan agrees, the [r]oman road stays.") == []


def test_explain_names_the_rejecting_rule(finder):
    doc = prepare("d", "The Washington Post and Denzel Washington, but not Washington itself.")
    reasons = [(doc.text[m.start:m.end], why) for m, why in finder.explain(doc)]
    assert reasons == [("Washington", "not_before: post"), ("Washington", "not_after_name"), ("Washington", "")]


# --- the bundled case ------------------------------------------------------------------

@pytest.mark.parametrize("sentence, iran, pakistan", [
    ("Relations between Iran and Pakistan have been generally peaceful and border skirmishes between "
     "the two sides have been minimal, or at least contained very close to the border and downplayed by "
     "both sides.", 1, 1),
    ("While Iran-Pakistan people-to-people exchanges are the strength of the relationship, there have been "
     "political grievances toward the other on both sides.", 1, 1),
    ("Though Pakistan had recalled its ambassador to Tehran — and told Iran’s representative to Pakistan not "
     "to return — both sides have since signaled a desire to avoid further escalation.", 2, 2),
    ("In the immediate aftermath of Iran’s missile and drone strikes on Pakistan’s Baluchistan province, "
     "Islamabad downgraded its diplomatic relationship with Tehran, recalling its ambassador and not allowing "
     "the Iranian ambassador to re-enter Pakistan.", 3, 3),
    ("Iranian President Raisi also warned Pakistan that Tehran would “not hesitate to strike the safe havens "
     "of terrorists” if militants continue attacks inside Iran.", 3, 1),
    ("If Pakistan let it pass, Pakistani leaders likely felt that this may embolden not just India but also "
     "Afghanistan, where the Taliban have been protecting the anti-Pakistan Tehrik-e Taliban Pakistan (TTP).",
     0, 3),
])
def test_iran_and_pakistan_counts_in_seed_sentences(finder, sentence, iran, pakistan):
    counts = targets(finder, sentence)
    assert counts["Iran"] == iran and counts["Pakistan"] == pakistan


def test_seed_sentence_with_actors(finder):
    sentence = ("If Pakistan let it pass, Pakistani leaders likely felt that this may embolden not just India but "
                "also Afghanistan, where the Taliban have been protecting the anti-Pakistan Tehrik-e Taliban "
                "Pakistan (TTP).")
    assert targets(finder, sentence) == Counter({"Pakistan": 3, "India": 1, "Afghanistan": 1, "Taliban": 1,
                                                 "Tehrik-i-Taliban Pakistan": 2})


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the checkout")
def test_seed_articles_spans_round_trip(finder):
    for path in sorted(SEEDS.glob("*.txt")):
        doc = prepare(path.name, path.read_text(encoding="utf-8"))
        ms = finder.find(doc)
        counts = Counter(m.target for m in ms)
        assert counts["Iran"] > 10 and counts["Pakistan"] > 10, path.name
        assert counts.most_common(2)[0][0] in ("Iran", "Pakistan")
        for m in ms:
            assert doc.sentences[m.sent_id].counted
            assert (m.start, m.end) == (doc.tok_start[m.tok_start], doc.tok_end[m.tok_end - 1])
            assert doc.tok_text[m.tok_start] == doc.text[m.start:doc.tok_end[m.tok_start]]


# --- counted sentences, bad input ---------------------------------------------------

def test_repeated_sentences_are_skipped_unless_asked(finder):
    text = "Iran struck Pakistan. Pakistan struck back. Iran struck Pakistan."
    doc = prepare("d", text)
    assert doc.sentences[2].is_repeat
    assert Counter(m.target for m in finder.find(doc)) == Counter({"Iran": 1, "Pakistan": 2})
    assert len(finder.find(doc, counted_only=False)) == 5


@pytest.mark.parametrize("text", [None, "", "   \n ", "No states here at all."])
def test_empty_and_missing_documents_give_no_mentions(finder, text):
    assert finder.find(prepare("d", text)) == []
    assert finder.explain(prepare("d", text)) == []


def test_none_document(finder):
    assert finder.find(None) == []
    assert find_mentions(None) == []


def test_find_mentions_convenience():
    assert [m.target for m in find_mentions(prepare("d", "Tehran and the BLA."))] == [
        "Iran", "Balochistan Liberation Army"]


# --- users' own target lexicons ---------------------------------------------------

USER_LEXICON = """\
name: my-regions
version: 0.1.0
description: Provinces named in border coverage.
licence: CC0-1.0
sources:
  - id: me
    citation: "My own list."
rules:
  ignore:
    - Balochistan Liberation Army
entries:
  region:
    Balochistan:
      - {pattern: Balochistan, type: name, source: me}
      - {pattern: Baluchistan, type: name, source: me}
      - {pattern: Quetta, type: capital, source: me, not_before: [Gladiators]}
    Sistan and Baluchestan:
      - {pattern: Sistan and Baluchestan, source: me}
      - {pattern: Sistan-Baluchistan, source: me}
      - pattern: Zahedan
        type: capital
        source: me
        requires_context: [Iran, Iranian]
"""


def test_user_target_lexicon(tmp_path):
    path = tmp_path / "my-regions.yaml"
    path.write_text(USER_LEXICON, encoding="utf-8")
    mine = MentionFinder(str(path))
    doc = prepare("d", "Iran's Sistan-Baluchistan borders Pakistan's Balochistan; Quetta Gladiators won in Quetta. "
                       "Zahedan is quiet. The Balochistan Liberation Army denied it.")
    ms = mine.find(doc)
    assert [(doc.text[m.start:m.end], m.target, m.kind, m.form) for m in ms] == [
        ("Sistan-Baluchistan", "Sistan and Baluchestan", "region", "name"),
        ("Balochistan", "Balochistan", "region", "name"),
        ("Quetta", "Balochistan", "region", "capital")]
    both = MentionFinder("states", str(path))
    assert Counter(m.kind for m in both.find(doc)) == Counter({"state": 2, "region": 3})


def test_user_lexicon_extending_states(tmp_path):
    path = tmp_path / "states-plus.yaml"
    path.write_text("""\
name: states-plus
version: 0.1.0
description: The bundled states plus Taiwan; bare Georgia means the country here.
licence: CC0-1.0
extends: states
remove: [Georgia]
sources: [{id: me, citation: "My additions."}]
entries:
  state:
    Taiwan:
      - {pattern: Taiwan, type: name, source: me}
      - {pattern: Taipei, type: capital, source: me}
    Georgia:
      - {pattern: Georgia, type: name, source: me}
""", encoding="utf-8")
    mine = MentionFinder(str(path))
    assert found(mine, "Taipei and Georgia protested; Tehran did not.") == [
        ("Taipei", "Taiwan"), ("Georgia", "Georgia"), ("Tehran", "Iran")]


def test_malformed_rules_raise_lexicon_errors(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("""\
name: bad
version: 1.0.0
description: A bad rule.
licence: CC0-1.0
sources: [{id: me, citation: "Me."}]
entries:
  state:
    Chad:
      - {pattern: Chad, source: me, not_before_name: "yes"}
""", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml, line 9: .*not_before_name must be true or false"):
        MentionFinder(str(path))
    path.write_text(path.read_text().replace('not_before_name: "yes"', "not_before: [Smith*]"))
    with pytest.raises(LexiconError, match="plain words"):
        MentionFinder(str(path))
