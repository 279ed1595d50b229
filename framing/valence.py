"""VADER sentiment with per-word contributions, exact parity with vaderSentiment 3.3.2.

:class:`ValenceScorer` reimplements ``SentimentIntensityAnalyzer.polarity_scores``
of vaderSentiment 3.3.2 rule for rule, quirks included, so that ``compound``,
``pos``, ``neg`` and ``neu`` equal VADER's output, and it also returns, for every
VADER word item, its character span in the input and the value VADER sums for
it. That lets highlights show which words carry the tone, and lets a *scoped*
tone be computed from a subset of words with :func:`compound_from`.

How VADER scores a text (and so how this module does):

1. Every character that is a key of the emoji lexicon is replaced by its
   description ("💘" -> "heart with arrow"); only single code points can match.
2. The text is split on whitespace; each piece has ASCII punctuation stripped
   from both ends unless that leaves two characters or fewer (then the piece is
   kept whole, so emoticons such as ":)" survive). These are the *word items*.
3. Each item found in the lexicon gets a valence, modified by "no", ALL-CAPS
   emphasis, up to three preceding boosters/dampeners, negations, idioms and
   "least". Other items get 0.
4. If the item list contains "but", valences before the first "but" are halved
   and those after it multiplied by 1.5 (the *contributions*; see the quirk below).
5. ``compound = normalize(S ± p)`` rounded to 4 places, where ``S`` is the sum of
   contributions (``raw_sum``), ``p`` the "!"/"?" emphasis (``punct_emphasis``)
   added away from zero (not at all when ``S == 0``), and
   ``normalize(x) = x / sqrt(x**2 + 15)``.
6. ``pos``/``neg``/``neu`` (rounded to 3 places): ``P`` = sum of ``c + 1`` over
   positive contributions ``c``, ``N`` = sum of ``c - 1`` over negative ones,
   ``Z`` = number of items whose contribution is 0 (every non-lexicon item).
   ``p`` is then added to ``P`` if ``P > |N|``, or subtracted from ``N`` if
   ``P < |N|``. With ``T = P + |N| + Z``: ``pos = P/T``, ``neg = |N|/T``,
   ``neu = Z/T``.

VADER 3.3.2 quirks reproduced on purpose (they change scores of real news):

- Only ASCII punctuation is stripped, so curly quotes stick to words
  ("“good”" is not found in the lexicon); pieces of <= 2 characters after
  stripping keep their punctuation ("no." is not "no", "ok," is not "ok").
- An emoji description is glued to the text after it ("💘abc" -> "...arrowabc");
  "🔛"/"🆙" describe as "ON!"/"UP!", whose "!" adds punctuation emphasis.
- Every modifier step for the 1st-3rd preceding word (booster, negation, idioms)
  is skipped when that word is itself in the lexicon.
- Operator precedence: a lexicon word right after "so" or "this" is multiplied
  by 1.25 (meant only for "never so/this X") if it is the 4th word or later.
- "no" zeroes itself before a lexicon word, but a word 1-3 after another "no"
  is reset to its negated lexicon value (so "no no" re-scores the second "no").
- ALL-CAPS and caps-booster emphasis treat a valence of exactly 0 as negative.
- Multi-word dampeners ("kind of", "sort of", "just enough") only act through
  the idiom check (4th word or later) and are added without sign adjustment,
  so "kind of bad" is *more* negative; "kind" itself is a lexicon word (2.4).
- SPECIAL_CASES are only checked from the 4th word on (an opening "the bomb"
  stays -2.2), replace the valence, and those matched before a word set *that*
  word ("to die for X" gives X 3.0 while "die" keeps -2.9).
- The "but" rule looks values up with ``list.index``, so with equal values the
  multiplier can land on an earlier, already multiplied word (``weights``
  shows what was applied).
- Dead code in 3.3.2: SENTIMENT_LADEN_IDIOMS (never called), "least" in
  ``negated()`` (commented out), the one-word special case "badass", multi-word
  lexicon entries ("fed up", "screwed up", "can't stand") and multi-code-point
  emoji keys can never match.

The one deliberate departure from VADER: a text with no word items (``""`` or
whitespace only), like ``None`` or NaN, scores NaN rather than VADER's 0.0,
because there is nothing to measure.
"""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Iterable
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import add, is_not
from types import MappingProxyType
from typing import NamedTuple

# The rule constants come from the installed (pinned) vaderSentiment so that they
# cannot drift from the implementation we are matching.
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
)

__all__ = ["ValenceScorer", "SentenceValence", "ValenceToken", "compound_from", "normalize"]

_PUNCT = string.punctuation
_NEGATE = frozenset(NEGATE)
_SO_THIS = ("so", "this")
_NAN = float("nan")
# Components of every multi-word SPECIAL_CASES / BOOSTER_DICT key. An idiom can only
# match if its words are all in here, so most lexicon words skip the idiom check.
_IDIOM_WORDS = frozenset(
    w for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key for w in key.split(" ")
)
# Words that trigger a rule besides boosters, negations and idioms: "no" (negates
# up to 3 ahead), "this" (the 1.25 quirk), "least", "kind" (of).
_NOT_PLAIN = frozenset(("no", "this", "least", "kind"))
_CACHE_MAX = 200_000
_ONES = tuple((1.0,) * k for k in range(128))
_new_tuple = tuple.__new__


class ValenceToken(NamedTuple):
    """One VADER word item.

    ``text[start:end]`` is the item as it appears in the scored text (for an item
    from an emoji's description, the emoji itself). ``valence`` is VADER's value
    for the word after all its modifiers, before the "but" rule; ``weight`` is the
    "but" multiplier applied (1.0 without "but"); ``contribution`` is the value
    VADER sums. Non-lexicon words have ``valence == contribution == 0.0``.
    """

    start: int
    end: int
    word: str
    valence: float
    weight: float
    contribution: float


class SentenceValence(NamedTuple):
    """VADER scores of one text plus its per-word contributions.

    ``compound``, ``pos``, ``neg``, ``neu`` equal vaderSentiment's
    ``polarity_scores`` (rounded as it rounds). ``raw_sum`` is the sum of the
    contributions and ``punct_emphasis`` the "!"/"?" amplifier, so that
    ``compound == compound_from(contributions, punct_emphasis)``.
    The per-word data are columns, tuples in word order (compact to keep for a
    corpus, easy to slice); ``tokens`` gives the same as one
    :class:`ValenceToken` per word. All scores are NaN, and there are no words,
    for missing or empty text.
    """

    compound: float
    pos: float
    neg: float
    neu: float
    raw_sum: float
    punct_emphasis: float
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    words: tuple[str, ...] = ()
    valences: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    contributions: tuple[float, ...] = ()

    @property
    def tokens(self) -> tuple[ValenceToken, ...]:
        """One :class:`ValenceToken` per VADER word item, in order.

        Built from the columns on each access (bind it to a name in a loop). Not
        kept: holding an object per word for a whole corpus costs memory and slows
        Python's garbage collector; the columns hold the same data compactly.
        """
        cols = zip(self.starts, self.ends, self.words, self.valences, self.weights, self.contributions)
        return tuple(map(_new_tuple, repeat(ValenceToken), cols))


_MISSING = SentenceValence(_NAN, _NAN, _NAN, _NAN, _NAN, _NAN)


def normalize(score: float, alpha: float = 15.0) -> float:
    """VADER's squashing of a summed valence into [-1, 1]: ``x / sqrt(x*x + alpha)``.

    Examples
    --------
    >>> round(normalize(1.9), 4)
    0.4404
    """
    norm = score / math.sqrt(score * score + alpha)
    return -1.0 if norm < -1.0 else 1.0 if norm > 1.0 else norm


def compound_from(
    values: Iterable[float], punct_emphasis: float = 0.0, ndigits: int | None = 4
) -> float:
    """VADER's compound score of a set of word contributions.

    Sums ``values`` in the order given (as VADER does, so results match to the
    last bit), adds ``punct_emphasis`` away from zero when the sum is not zero,
    normalizes, and rounds to ``ndigits`` (4, as VADER; ``None`` for no rounding).
    An empty subset scores 0.0, as VADER scores a text without words.

    Examples
    --------
    >>> sv = ValenceScorer().score("The plan is good, but the rollout was bad!")
    >>> compound_from([t.contribution for t in sv.tokens], sv.punct_emphasis) == sv.compound
    True
    >>> compound_from([t.contribution for t in sv.tokens if t.word == "good"])
    0.2382
    """
    total = float(sum(values))
    if total > 0:
        total += punct_emphasis
    elif total < 0:
        total -= punct_emphasis
    c = normalize(total)
    return c if ndigits is None else round(c, ndigits)


def _punct_emphasis(text: str) -> float:
    # Up to 4 "!" at 0.292 each; "?" only counts from 2 on (0.18 each, 0.96 cap at 4+).
    ep = min(text.count("!"), 4) * 0.292
    qm = text.count("?")
    qa = 0 if qm <= 1 else qm * 0.18 if qm <= 3 else 0.96
    return ep + qa


def _read_package_text(name: str) -> str:
    # The lexicons ship inside the vaderSentiment package; read them as VADER does
    # (codecs.open: UTF-8, no newline translation -- strip() removes the "\r").
    return (resources.files("vaderSentiment") / name).read_bytes().decode("utf-8")


class ValenceScorer:
    """VADER (vaderSentiment 3.3.2) scorer that also reports per-word contributions.

    Construct once and reuse: it holds the lexicons and a cache of per-token
    lookups. Results are identical to
    ``SentimentIntensityAnalyzer().polarity_scores(text)``; it is several times
    faster on news sentences.

    Examples
    --------
    >>> scorer = ValenceScorer()
    >>> sv = scorer.score("The talks were NOT very successful!")
    >>> sv.compound
    -0.5545
    >>> [(t.word, round(t.contribution, 4)) for t in sv.tokens if t.contribution]
    [('successful', -2.2888)]
    >>> text = "Officials said the deal was good"
    >>> [text[t.start:t.end] for t in scorer.score(text).tokens][-1]
    'good'
    """

    def __init__(self) -> None:
        lex: dict[str, float] = {}
        for line in _read_package_text("vader_lexicon.txt").rstrip("\n").split("\n"):
            if not line:
                continue
            word, measure = line.strip().split("\t")[0:2]
            lex[word] = float(measure)
        emojis: dict[str, str] = {}
        for line in _read_package_text("emoji_utf8_lexicon.txt").rstrip("\n").split("\n"):
            emoji, description = line.strip().split("\t")[0:2]
            emojis[emoji] = description
        self._lex = lex
        self._emojis = emojis
        # VADER walks the text one code point at a time, so multi-code-point keys
        # (flags, ZWJ sequences, keycaps) never match; only single ones matter.
        # (A set, not a regex character class: re scans a class of ~1,200 astral
        # characters linearly and was the slowest step of scoring.)
        self._emoji_chars = frozenset(k for k in emojis if len(k) == 1)
        self._cache = _TokenCache(self._token_info)

    @property
    def lexicon(self) -> MappingProxyType:
        """VADER's word -> mean valence lexicon (read-only)."""
        return MappingProxyType(self._lex)

    # -- tokens -------------------------------------------------------------------

    def _token_info(self, raw: str) -> tuple:
        # Everything VADER recomputes per call for a whitespace token, computed once
        # and cached. Layout (indexed by number in the hot loops):
        # 0 lead (chars stripped in front), 1 item, 2 lowercased item, 3 isupper,
        # 4 lexicon valence or None, 5 booster value or None, 6 negation word,
        # 7 idiom word, 8 plain, 9 len(raw) + 1 (the piece and one space), 10 len(item).
        stripped = raw.strip(_PUNCT)
        if len(stripped) <= 2:  # VADER keeps short pieces whole (emoticons) -- and so "no." != "no"
            item, lead = raw, 0
        else:
            item, lead = stripped, len(raw) - len(raw.lstrip(_PUNCT))
        low = item.lower()
        negation = low in _NEGATE or "n't" in low  # VADER's negated([word])
        return (
            lead,
            item,
            low,
            item.isupper(),
            self._lex.get(low),
            BOOSTER_DICT.get(low),
            negation,
            low in _IDIOM_WORDS,
            # "plain": as a word at or up to 3 before a lexicon word, it triggers no
            # rule except the idiom check (see ValenceScorer._valences).
            low not in BOOSTER_DICT and not negation and low not in _NOT_PLAIN,
            len(raw) + 1,
            len(item),
        )

    def _translate_emoji(self, text: str) -> tuple[str, list[int]]:
        # VADER: replace each emoji by its description, inserting a space before it
        # unless the previous character was " " (only U+0020 counts) or it is the first,
        # and none after it (so "💘abc" becomes "heart with arrowabc").
        # Returns the new text and, per character, the index it came from.
        parts: list[str] = []
        origin: list[int] = []
        prev_space = True
        last = 0
        emojis = self._emojis
        for idx in [i for i, ch in enumerate(text) if ch in emojis]:
            if idx > last:
                parts.append(text[last:idx])
                origin.extend(range(last, idx))
                prev_space = text[idx - 1] == " "
            desc = emojis[text[idx]]
            if not prev_space:
                parts.append(" ")
                origin.append(idx)
            parts.append(desc)
            origin.extend([idx] * len(desc))
            prev_space = False
            last = idx + 1
        parts.append(text[last:])
        origin.extend(range(last, len(text)))
        return "".join(parts), origin

    # -- scoring ------------------------------------------------------------------

    def score(self, text: str) -> SentenceValence:
        """Score one text (a sentence, as VADER intends).

        Parameters
        ----------
        text : str
            The text. ``None``, a float NaN and ``pandas.NA`` are treated as
            missing.

        Returns
        -------
        SentenceValence
            Scores equal to vaderSentiment's, plus each VADER word item's span,
            valence, "but" weight and contribution. All-NaN with no words for
            missing text or text without words.

        Raises
        ------
        TypeError
            If ``text`` is neither a string nor missing (e.g. bytes or a number).

        Examples
        --------
        >>> ValenceScorer().score("Kind of a good result, but costly.").compound
        0.09
        >>> import math; math.isnan(ValenceScorer().score(None).compound)
        True
        """
        if type(text) is not str:
            if isinstance(text, str):
                text = str.__str__(text)  # e.g. numpy.str_: plain str from here on
            elif text is None or (isinstance(text, numbers.Real) and math.isnan(text)):
                return _MISSING
            elif type(text).__name__ == "NAType":  # pandas.NA, without importing pandas
                return _MISSING
            else:
                raise TypeError(
                    f"ValenceScorer.score expects a str (or None/NaN for missing), "
                    f"got {type(text).__name__}"
                    + (": decode bytes first" if isinstance(text, (bytes, bytearray)) else "")
                )

        origin = None
        work = text
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            work, origin = self._translate_emoji(text)
        raws = work.split()
        n = len(raws)
        if n == 0:
            return _MISSING

        # Per-token facts, from the cache (a C-level loop; misses call _token_info).
        infos = list(map(self._cache.__getitem__, raws))
        leads, items, lows, uppers, lexv, _, _, _, plain, steps, item_lens = zip(*infos)  # per-field columns
        sent = [0.0] * n  # VADER's `sentiments`, before the "but" rule
        n_lex = n - lexv.count(None)
        if n_lex:
            self._valences(infos, lows, lexv, plain, sum(uppers), sent, n)

        # "but": VADER only looks at the first one (list.index).
        valences = tuple(sent)
        if "but" in lows:
            contrib, weights = _but_check(sent, lows.index("but"))
            contrib, weights = tuple(contrib), tuple(weights)
        else:
            # Shared tuples: fewer new objects means less work for the cyclic GC
            # when many results are kept.
            contrib = valences
            weights = _ONES[n] if n < len(_ONES) else (1.0,) * n

        # Offsets of the whitespace pieces. Usually they are separated by single
        # spaces, so the offsets are running sums of (length + 1) (computed in C).
        if len(work) == sum(steps) - 1:
            raw_starts = accumulate(steps, initial=0)
        else:
            # Each piece is the first occurrence of itself at or after the end of the
            # previous one (only whitespace lies in between).
            raw_starts = []
            pos = 0
            find = work.find
            for raw in raws:
                pos = find(raw, pos)
                raw_starts.append(pos)
                pos += len(raw)
        starts = tuple(map(add, raw_starts, leads))  # skip leading punctuation
        ends = tuple(map(add, starts, item_lens))
        if origin is not None:  # map back from the emoji-translated text
            starts = tuple([origin[i] for i in starts])
            ends = tuple([origin[i - 1] + 1 for i in ends])
        cols = (starts, ends, items, valences, weights, contrib)

        punct = _punct_emphasis(work)
        if not n_lex:
            # No lexicon word: every item is neutral.
            return _new_tuple(SentenceValence, (0.0, 0.0, 0.0, 1.0, 0.0, punct, *cols))

        raw_sum = float(sum(contrib))  # same order as VADER, so bit-identical
        total = raw_sum + punct if raw_sum > 0 else raw_sum - punct if raw_sum < 0 else raw_sum
        compound = normalize(total)
        pos_sum = 0.0
        neg_sum = 0.0
        neu = n
        for c in compress(contrib, contrib):  # the non-zero ones, in order
            neu -= 1
            if c > 0:
                pos_sum += c + 1  # VADER: +1 compensates for neutral words counted as 1
            else:
                neg_sum += c - 1
        if pos_sum > -neg_sum:
            pos_sum += punct
        elif pos_sum < -neg_sum:
            neg_sum -= punct
        denom = pos_sum + math.fabs(neg_sum) + neu
        return _new_tuple(
            SentenceValence,
            (
                round(compound, 4),
                round(math.fabs(pos_sum / denom), 3),
                round(math.fabs(neg_sum / denom), 3),
                round(math.fabs(neu / denom), 3),
                raw_sum,
                punct,
                *cols,
            ),
        )

    def score_many(self, texts: Iterable[str]) -> list[SentenceValence]:
        """Score each text; see :meth:`score`.

        Examples
        --------
        >>> [sv.compound for sv in ValenceScorer().score_many(["good", "bad"])]
        [0.4404, -0.5423]
        """
        score = self.score
        return [score(t) for t in texts]

    def _valences(self, infos, lows, lexv, plain, n_upper, sent, n) -> None:
        """VADER's ``sentiment_valence`` for each lexicon item, written into ``sent``."""
        cap_diff = 0 < n_upper < n  # some, but not all, items are ALL CAPS
        last = n - 1
        for i in compress(range(n), map(is_not, lexv, repeat(None))):  # lexicon words
            inf = infos[i]
            if plain[i] and (i < 1 or plain[i - 1]) and (i < 2 or plain[i - 2]) and (i < 3 or plain[i - 3]):
                # Fast path (most words): nothing in reach modifies the word except
                # caps and, exactly where VADER would check them, idioms.
                v = lexv[i]
                if inf[3] and cap_diff:
                    v = v + C_INCR if v > 0 else v - C_INCR
                if i > 2 and lexv[i - 3] is None and (inf[7] or infos[i - 1][7] or infos[i - 2][7]):
                    v = _special_idioms(v, lows, i, n)
                sent[i] = v
                continue
            low = inf[2]
            # Boosters and "kind" (lexicon 2.4!) before "of" are modifiers, not words.
            if inf[5] is not None or (low == "kind" and i < last and lows[i + 1] == "of"):
                continue
            base = lexv[i]
            v = base
            # "no" before a lexicon word negates it instead of scoring itself ...
            if low == "no" and i != last and lexv[i + 1] is not None:
                v = 0.0
            # ... and any lexicon word 1-2 after "no" (3 after "no x or/nor") is negated.
            # Quirk: this starts again from the lexicon value, undoing the zeroing above
            # (so in "no no good" the second "no" scores 1.2 * 0.74).
            if (
                (i > 0 and lows[i - 1] == "no")
                or (i > 1 and lows[i - 2] == "no")
                or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
            ):
                v = base * N_SCALAR
            if inf[3] and cap_diff:
                # Quirk: a zero valence (a zeroed "no") gets -C_INCR.
                v = v + C_INCR if v > 0 else v - C_INCR
            for k in (0, 1, 2):
                j = i - k - 1
                # Quirk: the whole step -- booster, negation and, at k == 2, the idiom
                # check -- is skipped when that preceding word is itself a lexicon word.
                if j < 0 or lexv[j] is not None:
                    continue
                pinf = infos[j]
                b = pinf[5]
                if b is not None:  # scalar_inc_dec
                    s = b
                    if v < 0:
                        s *= -1
                    if pinf[3] and cap_diff:
                        # Quirk: for v == 0 the booster keeps its sign and loses C_INCR.
                        if v > 0:
                            s += C_INCR
                        else:
                            s -= C_INCR
                    if k == 1 and s != 0:
                        s = s * 0.95
                    elif k == 2 and s != 0:
                        s = s * 0.9
                    v = v + s
                # _negation_check
                if k == 0:
                    if pinf[6]:
                        v = v * N_SCALAR
                elif k == 1:
                    if lows[i - 2] == "never" and lows[i - 1] in _SO_THIS:
                        v = v * 1.25
                    elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
                        pass
                    elif pinf[6]:
                        v = v * N_SCALAR
                else:
                    # Quirk (operator precedence in VADER): `never so|this` OR simply a
                    # directly preceding "so"/"this" multiplies by 1.25.
                    if (lows[i - 3] == "never" and lows[i - 2] in _SO_THIS) or lows[i - 1] in _SO_THIS:
                        v = v * 1.25
                    elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                        pass
                    elif pinf[6]:
                        v = v * N_SCALAR
                    # Every idiom n-gram includes item i, i-1 or i-2 and needs all its
                    # words in _IDIOM_WORDS: otherwise nothing can match.
                    if infos[i][7] or infos[i - 1][7] or infos[i - 2][7]:
                        v = _special_idioms(v, lows, i, n)
            # _least_check: "least X" negates X, except "at least" / "very least".
            if i > 1 and lexv[i - 1] is None and lows[i - 1] == "least":
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    v = v * N_SCALAR
            elif i > 0 and lexv[i - 1] is None and lows[i - 1] == "least":
                v = v * N_SCALAR
            sent[i] = v


class _TokenCache(dict):
    """raw whitespace piece -> ValenceScorer._token_info(piece), computed on a miss."""

    __slots__ = ("_make",)

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, raw: str) -> tuple:
        if len(self) >= _CACHE_MAX:  # bounded: a long-running process sees endless new tokens
            self.clear()
        info = self[raw] = self._make(raw)
        return info


def _special_idioms(v: float, lows: list[str], i: int, n: int) -> float:
    """VADER's ``_special_idioms_check`` (called only for i > 2)."""
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    # A special case *replaces* the valence (booster, negation, caps are lost); the
    # ones before the word set the word after them ("to die for X": X = 3).
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            v = SPECIAL_CASES[seq]
            break
    if n - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            v = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            v = SPECIAL_CASES[zeroonetwo]
    # Multi-word dampeners ("kind of", "sort of", "just enough"), only ever reached
    # here: added as is, not sign-adjusted, so "kind of bad" gets *more* negative.
    for ngram in (threetwoone, threetwo, twoone):
        if ngram in BOOSTER_DICT:
            v = v + BOOSTER_DICT[ngram]
    return v


def _but_check(sent: list[float], bi: int) -> tuple[list[float], list[float]]:
    """VADER's ``_but_check``: x0.5 before the first "but", x1.5 after it.

    Reproduces its bug: it looks each value up with ``list.index``, so the
    multiplier lands on the *first* item holding an equal value, which may be an
    earlier, already multiplied one. (With "good good but" both are halved; with
    values 1.9 and 0.95 before "but", 1.9 is quartered and 0.95 left alone.)
    Zeros never change, so only non-zero items are simulated; zero items report
    the multiplier of their side.
    """
    out = list(sent)
    weights = [0.5 if i < bi else 1.5 if i > bi else 1.0 for i in range(len(sent))]
    nz = [i for i, v in enumerate(sent) if v != 0]
    if nz:
        vals = [sent[i] for i in nz]
        mult = [1.0] * len(nz)
        for k in range(len(nz)):
            j = vals.index(vals[k])
            if nz[j] < bi:
                vals[j] = vals[j] * 0.5
                mult[j] *= 0.5
            elif nz[j] > bi:
                vals[j] = vals[j] * 1.5
                mult[j] *= 1.5
        for k, i in enumerate(nz):
            out[i] = vals[k]
            weights[i] = mult[k]
    return out, weights
