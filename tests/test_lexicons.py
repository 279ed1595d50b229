"""Lexicon files: loading, matching, validation messages, extension, imports."""

from __future__ import annotations

import textwrap

import pytest

import framing
from framing import LexiconError, load_lexicon
from framing.lexicons import bundled_lexicons, pattern_tokens
from framing.tokens import normalize_token, tokenize

HEADER = """\
name: test-lex
version: 0.1.0
description: a test lexicon
licence: CC0-1.0
sources:
  - id: me
    citation: "Me (2026)."
"""


def write(tmp_path, body: str, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def norms(text):
    return [normalize_token(t) for _, _, t in tokenize(text)]


def texts(text):
    return [t for _, _, t in tokenize(text)]


def test_every_bundled_lexicon_loads_with_header_and_hash():
    names = bundled_lexicons()
    assert "page-debris" in names
    for name in names:
        lex = load_lexicon(name)
        assert lex.name == name and lex.version and lex.licence and lex.sources
        assert len(lex.sha256) == 64 and lex.entries
    table = framing.list_lexicons()
    assert set(table.name) == set(names)


def test_matching_multiword_wildcards_longest_first(tmp_path):
    lex = load_lexicon(write(tmp_path, """\
        entries:
          hedge:
            verb: [suggest*, "appear* to"]
            phrase: ["in fact", "what * claim*"]
          booster:
            adverb: [fact, so-called]
        """))
    m = lex.matcher().find(norms("In fact it suggests what they claimed, so-called facts appear to"))
    found = [(e.entry.pattern, e.start, e.end) for e in m]
    assert found == [("in fact", 0, 2), ("suggest*", 3, 4), ("what * claim*", 4, 7),
                     ("so-called", 8, 11), ("appear* to", 12, 14)]


def test_case_sensitive_entries(tmp_path):
    lex = load_lexicon(write(tmp_path, """\
        entries:
          state:
            United States: [{pattern: US, case: sensitive}, "United States"]
        """))
    text = "Give us the US view, said the United States."
    matches = lex.matcher().find(norms(text), texts(text))
    assert [(m.start, m.entry.pattern) for m in matches] == [(3, "US"), (8, "United States")]


def test_pattern_tokens_match_the_text_tokenizer():
    assert pattern_tokens("Pakistan's") == ("pakistan", "'s")
    assert pattern_tokens("so-called") == ("so", "-", "called")
    assert pattern_tokens("U.S.") == ("u.s.",)


@pytest.mark.parametrize("body, message, line", [
    ("entries:\n  hedge:\n    modal: [may, might, may]\n", "duplicate entry 'may' under hedge/modal (first at line 10)", 10),
    ("entries:\n  hedge:\n    modal: [{regex: 'suggest('}]\n", "bad regular expression", 10),
    ("entries:\n  hedge:\n    modal: [{pattern: may, source: nobody}]\n", "unknown source 'nobody'", 10),
    ("entries:\n  hedge:\n    modal: [{pattern: may, regex: may}]\n", "exactly one of 'pattern' or 'regex'", 10),
    ("entries:\n  hedge:\n    modal: [{pattern: may, value: high}]\n", "'value' must be a number", 10),
    ("entries:\n  hedge:\n    modal: ['* may']\n", "must start with a word", 10),
    ("entries:\n  hedge:\n    modal: [may]\n  hedge:\n    verb: [x]\n", "duplicate key 'hedge'", 11),
    ("entries:\n  hedge:\n    modal:\n      deeper: [may]\n", "nest too deep", 11),
    ("entries: {}\n", "no entries", 8),
    ("entries:\n  hedge: [may\n", "invalid YAML", None),
    ("colour: red\nentries:\n  hedge: [may]\n", "unknown header key 'colour'", 8),
])
def test_validation_errors_name_file_line_and_entry(tmp_path, body, message, line):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    if line is not None:
        assert err.value.line == line


def test_missing_header_and_missing_file(tmp_path):
    path = tmp_path / "bare.yaml"
    path.write_text("name: x\nentries:\n  a: [b]\n")
    with pytest.raises(LexiconError, match="header is missing 'version', 'description', 'licence', 'sources'"):
        load_lexicon(path)
    with pytest.raises(LexiconError, match="lexicon file not found"):
        load_lexicon(tmp_path / "nope.yaml")
    with pytest.raises(LexiconError, match="no bundled lexicon named 'nope'"):
        load_lexicon("nope")


def test_extends_a_bundled_lexicon_and_removes_entries(tmp_path):
    path = write(tmp_path, """\
        extends: page-debris
        remove: ['^\\W*(breaking( news)?|live|exclusive|analysis|opinion)\\W*$']
        entries:
          debris:
            promo: [{regex: '^\\W*listen to this article\\W*$'}]
        """)
    lex = load_lexicon(path)
    base = load_lexicon("page-debris")
    assert lex.extends == f"page-debris {base.version}"
    assert len(lex.entries) == len(base.entries)  # one removed, one added
    assert any(e.label == "promo" for e in lex.entries)
    assert lex.sha256 not in (base.sha256,)


def test_quanteda_yaml_and_liwc_dic(tmp_path):
    q = tmp_path / "qdict.yml"
    q.write_text("positive:\n  - good\n  - great*\nnegative:\n  strong: [terrible]\n")
    lex = load_lexicon(q)
    assert lex.version == "unversioned"
    assert {(e.category, e.label, e.pattern) for e in lex.entries} == {
        ("positive", "positive", "good"), ("positive", "positive", "great*"), ("negative", "strong", "terrible")}
    d = tmp_path / "mini.dic"
    d.write_text("%\n1\tposemo\n2\tnegemo\n%\nhappy*\t1\nkind of\t1\t2\nsad\t2\n")
    liwc = load_lexicon(d)
    assert sorted((e.category, e.pattern) for e in liwc.entries) == [
        ("negemo", "kind of"), ("negemo", "sad"), ("posemo", "happy*"), ("posemo", "kind of")]
    d.write_text("%\n1\tposemo\n%\nhappy\t9\n")
    with pytest.raises(LexiconError, match="line 4"):
        load_lexicon(d)


def test_lexicons_pickle_for_worker_processes():
    import pickle

    lex = load_lexicon("page-debris")
    clone = pickle.loads(pickle.dumps(lex))
    assert clone.sha256 == lex.sha256 and len(clone.entries) == len(lex.entries)


def test_extension_rules_lists_add_up(tmp_path):
    base = write(tmp_path, "rules:\n  ignore: [Indian Ocean]\n  window: 3\nentries:\n  state:\n    India: [India]\n",
                 name="base.yaml")
    ext = tmp_path / "ext.yaml"
    ext.write_text(HEADER.replace("test-lex", "ext") + "extends: base.yaml\nrules:\n  ignore: [West Indies]\n"
                   "  window: 5\nentries:\n  state:\n    Jordan: [Jordan]\n", encoding="utf-8")
    lex = load_lexicon(ext)
    assert lex.rules["ignore"] == ["Indian Ocean", "West Indies"]
    assert lex.rules["window"] == 5
    assert load_lexicon(base).rules["ignore"] == ["Indian Ocean"]
