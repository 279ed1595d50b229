"""Word tokens with character offsets, shared by text preparation and lexicon matching.

Lexicon patterns are tokenized with the same rules as documents, so a pattern
such as "so-called" or "Pakistan's" matches exactly what the text holds.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import sub

# The kinds of word token, each written once: the tokenizer and the word
# counter below are built from the same pieces.
_URL = r"(?:https?://|www\.)\S+[^\s.,;:!?)\]'\"”’]"
_ABBREVIATION = r"(?:[^\W\d_]\.){2,}(?![^\W\d_])"              # U.S., U.N., e.g.
_NUMBER = r"\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|%)?(?![^\W_])"   # 1979, 2,000, 16th, 1990s, 20%
# A word is written as runs of letters and digits joined by single inner
# apostrophes ("don't"): the same tokens as testing letter by letter, and the
# regex engine runs through a run of letters much faster.
_WORD = r"[^\W_]+(?:['’](?=[^\W_])(?!s(?![^\W_]))[^\W_]+)*"
_POSSESSIVE = r"['’]s(?![^\W_])"

# Order matters: URLs and dotted abbreviations before words; a possessive 's is
# its own token so "Pakistan's" yields the state name "Pakistan"; hyphens split
# ("Iran-Pakistan" -> Iran, -, Pakistan) so names inside compounds are found;
# contractions stay whole ("don't") because negation lists use them whole.
# Then an ellipsis, and any other single character.
_TOKEN_ALTERNATIVES = "|".join([_URL, _ABBREVIATION, _NUMBER, _POSSESSIVE, _WORD, r"\.{3}|…", r"\S"])
TOKEN_RE = re.compile(_TOKEN_ALTERNATIVES)

# The same tokens, each with the whitespace before it. No token starts with
# whitespace and only whitespace lies between tokens, so these pieces tile the
# text: their running lengths are the token end offsets.
_SPACED_TOKEN_RE = re.compile(rf"\s*(?:{_TOKEN_ALTERNATIVES})")

_WORD_PART = f"(?:{_URL}|{_ABBREVIATION}|{_NUMBER}|{_WORD})"

#: Words as a reader counts them: the word tokens above, with hyphenated
#: compounds ("cross-border"), contractions ("don't"), numbers ("2,000") and
#: abbreviations ("U.S.") one word each; a possessive 's is not a word.
WORD_RE = re.compile(rf"{_WORD_PART}(?:-{_WORD_PART})*(?:{_POSSESSIVE})?")

_CURLY = ("’", "‘", "ʼ", "`")
_APOSTROPHES = str.maketrans({c: "'" for c in _CURLY})


def normalize_token(token: str) -> str:
    """Return the matching form of a token: lower case with straight apostrophes.

    >>> normalize_token("Pakistan’s")
    "pakistan's"
    """
    return token.translate(_APOSTROPHES).lower()


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split `text` into ``(start, end, token)`` triples with character offsets.

    >>> tokenize("Iran’s so-called strikes")
    [(0, 4, 'Iran'), (4, 6, '’s'), (7, 9, 'so'), (9, 10, '-'), (10, 16, 'called'), (17, 24, 'strikes')]
    """
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def tokenize_normalized(text: str) -> tuple[list[str], list[int], list[int]]:
    """Normalised tokens and their offsets, the fast path used for whole documents.

    Lower-casing and straightening apostrophes first keeps every offset (one
    character for one) in all but rare scripts, where each token is
    normalised on its own instead. Each token is found with the whitespace
    before it, so its end offset is the running length of those pieces and its
    start that end minus its own length: no per-token search is needed.

    >>> tokenize_normalized("Iran’s US")
    (['iran', "'s", 'us'], [0, 4, 7], [4, 6, 9])
    """
    low = text.lower()
    for curly in _CURLY:  # str.replace is much faster than translate on long texts
        if curly in low:
            low = low.replace(curly, "'")
    if len(low) != len(text):  # e.g. 'İ'.lower() is two characters
        triples = tokenize(text)
        return ([normalize_token(t) for _, _, t in triples],
                [s for s, _, _ in triples], [e for _, e, _ in triples])
    # Trailing whitespace is left out of the search: a whitespace run that no
    # token follows would make the leading \s* retry at every position in it.
    pieces = _SPACED_TOKEN_RE.findall(low, 0, len(low.rstrip()))
    norms = list(map(str.lstrip, pieces))
    ends = list(accumulate(map(len, pieces)))
    starts = list(map(sub, ends, map(len, norms)))
    return norms, starts, ends


def word_flags(norms: list[str], starts: list[int], ends: list[int]) -> tuple[list[bool], list[int]]:
    """Which tokens start a word, and the tokens that join two words into one.

    A word is a token that begins with a letter or digit; a hyphen touching
    word tokens on both sides ("cross-border") joins them into one word.

    >>> norms, starts, ends = tokenize_normalized("cross-border, don't")
    >>> word_flags(norms, starts, ends)
    ([True, False, True, False, True], [1])
    """
    flags = [t[0].isalnum() for t in norms]
    last = len(norms) - 1
    joins = [i for i, t in enumerate(norms)
             if t == "-" and 0 < i < last and ends[i - 1] == starts[i] and ends[i] == starts[i + 1]
             and flags[i - 1] and flags[i + 1]]
    return flags, joins


def count_words(text: str) -> int:
    """Count words as a reader would: "cross-border", "don't", "2,000" and "U.S." are one
    word each, a possessive 's is none. The same count as ``Sentence.n_words``.

    >>> count_words("Iran’s cross-border strikes, 2,000 U.S. troops — again.")
    7
    """
    norms, starts, ends = tokenize_normalized(text)
    flags, joins = word_flags(norms, starts, ends)
    return sum(flags) - len(joins)


