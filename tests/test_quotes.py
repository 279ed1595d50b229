"""The quote finder: balanced, nested, multi-paragraph, and bad quotation input."""

from __future__ import annotations

import random

import pytest

from framing.quotes import find_quotes, outer_quotes


def texts(text):
    return [(q.text, q.balanced) for q in find_quotes(text)]


def test_curly_and_straight_quotes():
    assert texts('He called it “illegal” and "unprovoked".') == [("illegal", True), ("unprovoked", True)]


def test_single_inside_double():
    t = '“They called it ‘unprovoked’ and ‘illegal’,” he said.'
    qs = find_quotes(t)
    assert [(q.text, q.marks) for q in qs] == [("They called it ‘unprovoked’ and ‘illegal’,", "“”"),
                                              ("unprovoked", "‘’"), ("illegal", "‘’")]
    # outer quotes come first and inner ones are inside them
    assert qs[0].start < qs[1].start and qs[1].end <= qs[0].end


def test_single_quotes_alone():
    # Seed 002 quotes official words in single curly marks.
    t = "Pakistan’s right to respond to the ‘unprovoked’ and ‘illegal’ attacks"
    assert texts(t) == [("unprovoked", True), ("illegal", True)]


@pytest.mark.parametrize("t", ["Pakistan’s army", "the country's border", "don't", "in the ’90s",
                               "rock 'n roll of the '80s", "the two countries’ borders"])
def test_apostrophes_are_not_quotes(t):
    assert [q for q in find_quotes(t) if q.balanced] == []


def test_offsets_round_trip():
    t = 'Before “inner ‘nested’ text,” after.'
    for q in find_quotes(t):
        assert t[q.inner_start:q.inner_end] == q.text
        assert q.start <= q.inner_start <= q.inner_end <= q.end


def test_multi_sentence_quote():
    t = '“We will respond. We are ready,” the minister said.'
    assert texts(t) == [("We will respond. We are ready,", True)]


def test_multi_paragraph_quote_continues():
    t = "“The first paragraph of the quote.\n\n“The second paragraph,” she said."
    qs = find_quotes(t)
    assert qs[0].balanced and qs[0].continues
    assert qs[1].balanced and not qs[1].continues
    units = outer_quotes(qs, t)
    assert len(units) == 1 and len(units[0]) == 2


def test_soft_wrap_does_not_end_a_quote():
    t = "He said “this is a quote that\nwraps onto a second line” and left."
    assert texts(t) == [("this is a quote that\nwraps onto a second line", True)]


def test_stray_closing_mark_is_reported_not_raised():
    qs = find_quotes("A stray ” mark and a stray ’ too")
    assert [(q.text, q.balanced) for q in qs] == [("", False)]


def test_unclosed_quote_runs_to_paragraph_end_unbalanced():
    t = "He said “this never closes\n\nNew paragraph without a quote."
    qs = find_quotes(t)
    assert len(qs) == 1 and not qs[0].balanced and qs[0].text == "this never closes"
    assert outer_quotes(qs, t) == []


def test_closing_mark_typed_as_opening():
    # Seed 000: such measures are ”likely to receive wide approval ...,” Afzal said.
    t = "such measures are ”likely to receive wide approval,” Afzal said."
    assert texts(t) == [("likely to receive wide approval,", True)]


def test_german_and_guillemets_and_double_apostrophes():
    assert texts("Er sagte „nein“ und ging.") == [("nein", True)]
    assert texts("Il a dit «non» hier.") == [("non", True)]
    assert texts("''She is an internationalist,'' said Truman.") == [("She is an internationalist,", True)]
    assert texts("``Yes,'' he said.") == [("Yes,", True)]


@pytest.mark.parametrize("bad", [None, "", "   ", "\n\n", '"', "“", "”", "‘’’‘", '"""', "''''", "“‘”’", 5])
def test_bad_input_never_raises(bad):
    qs = find_quotes(bad)
    assert isinstance(qs, list)


def test_random_marks_never_raise_and_offsets_hold():
    rng = random.Random(7)
    alphabet = "ab c\n'\"“”‘’„«»`.,"
    for _ in range(500):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for q in find_quotes(t):
            assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(t)
            assert t[q.inner_start:q.inner_end] == q.text
        for unit in outer_quotes(find_quotes(t), t):
            assert all(q.balanced for q in unit)
