"""Tone toward a target: the valence of the words *about* a mention, not of its sentence.

Sentence-level VADER answers "how negative is this sentence?". In conflict
news that is the wrong question: "Iran's missile strike on Pakistan killed two
children" is a negative sentence, but it says nothing negative *about*
Pakistan. :func:`tone_toward` scores one target at character offsets in a
text, and :class:`ToneScorer` scores every mention of a sentence at once. The
method is rule-based and explains itself: every word that counts is returned
with its offsets, its value and the rule that put it there.

How the tone toward a mention is computed
-----------------------------------------
1. **Words and their values.** The sentence is scored once by
   :class:`framing.valence.ValenceScorer` (VADER 3.3.2, exact), which gives
   each word item its contribution with VADER's negation, booster, caps and
   "but" rules applied. An overlay lexicon (default ``conflict-overlay``)
   then re-values words: ``event`` words (attack, killed, war, terrorism) are
   set to 0 because they name what happened rather than judge anyone;
   ``evaluative`` words keep or get force (reckless, illegal, unprovoked,
   restraint, professionalism). A word VADER rates is rescaled in place
   (``contribution * new / old``), so its modifiers still apply; a word VADER
   lacks gets the overlay value, negated (x -0.74, VADER's factor) after a
   negation among the three items before it and weighted by VADER's "but"
   multiplier. Words VADER misses only because curly quotes cling to them
   (‘illegal’) are looked up without the quotes.
2. **Roles.** Generic role rules (word lists under ``role`` in the overlay)
   find aggressive *actions* (attack, strike, violate ...) and their agent
   (possessor or subject before the action, "by X" after it; reversed in the
   passive) and patient (direct object, "on/against/in/into X", "violation of
   X"). Words attached to an action (within ``attach_window`` items, same
   clause) belong to its agent only -- "Iran's reckless strike" is negative
   toward Iran -- or to nobody when no agent is mentioned; the patient never
   takes negative words from its action's clause ("the unprovoked attack on
   Pakistan" is not negative toward Pakistan). Speech acts of *evaluation*
   (condemn, criticise, praise) give their valence to their object, never to
   their speaker ("condemnation from Pakistan" is not negative toward
   Pakistan). This follows Deng & Wiebe's (2014) good/badFor implicature rules.
3. **Scope.** Every other valued word goes to the *nearest* mention in the
   sentence: mentions are ranked by ``decay ** (d - 1) * boundary_penalty ** b``
   for a word ``d`` items and ``b`` clause boundaries away (``, ; : ( ) —`` or
   a clause word such as "but", "which", "said"); the word goes to the best
   ranked mention and to every other ranking at least ``competition`` times as
   high (all tied ones with the default 1.0), and counts there with its clause
   weight ``boundary_penalty ** b`` (distance decides *who* takes a word, clauses
   how much it counts). A word ranking below ``min_weight`` toward every
   mention is left unscoped. Mentions' own words (names) never count, nor do
   lexicon words inside capitalised names ("United States", "Army of Justice").
   The speaker of a reporting verb ("X said", "according to X") takes no
   valence from outside the stretch between itself and the verb.
4. **Tone.** ``tone = normalize(sum of counted values)`` with VADER's
   normalisation (alpha = 15), rounded to 4 places as VADER rounds; the label
   is positive for ``tone >= threshold``, negative for ``tone <= -threshold``,
   neutral otherwise. "!"/"?" emphasis is not used (it belongs to the
   sentence, not to one target).

The parameters (``decay``, ``boundary_penalty``, ``min_weight``,
``attach_window``, ``role_window``, ``threshold``) are read from the overlay's
``rules`` header, where they are documented; they were tuned on a development
split of NewsMTSC (``docs/validation.md``).

Examples
--------
>>> text = "Iran's missile strike on Pakistan killed two children."
>>> tone_toward(text, 25, 33).label          # Pakistan: the attacked party
'neutral'
>>> text = "Iran's reckless strike drew praise for Pakistan's restraint."
>>> r = tone_toward(text, 0, 4)              # Iran
>>> r.label, [w.word for w in r.words]
('negative', ['reckless'])
>>> tone_toward(text, 39, 47).label          # Pakistan
'positive'
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple, Sequence

from vaderSentiment.vaderSentiment import N_SCALAR, NEGATE

from .lexicons import Entry, Lexicon, load_lexicon
from .valence import SentenceValence, ValenceScorer, compound_from

__all__ = ["tone_toward", "ToneScorer", "ToneResult", "ToneWord", "ScopedWord", "SentenceTone",
           "tone_label", "NEGATIVE", "NEUTRAL", "POSITIVE"]

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
_NAN = math.nan
_EDGE = string.punctuation + "‘’“”«»‹›„‟—–…"
_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_NEGATE = frozenset(NEGATE)

# Role flags of a word item (bit mask).
_ACTION, _ACTION_OF, _EVAL, _PATIENT_P, _OBJECT_P, _AGENT_P, _AUX, _DET, _CLAUSE, _NEG, _REPORT = (
    1 << k for k in range(11))
_PREP = _PATIENT_P | _OBJECT_P | _AGENT_P
_PARTICIPLES = frozenset({"struck", "hit", "shot", "shelled", "bombed", "targeted", "attacked"})

_DEFAULT_RULES = {"decay": 0.95, "boundary_penalty": 0.6, "min_weight": 0.05, "attach_window": 3,
                  "role_window": 6, "threshold": 0.05, "competition": 1.0, "name_parts": True,
                  "clause_punctuation": ",;:()[]—–"}


class ToneWord(NamedTuple):
    """One word that counted toward a target.

    ``value`` is what it added to the target's sum (scoped value x ``weight``);
    ``vader`` is VADER's own contribution for the word (0 for a word VADER does
    not rate); ``rule`` names its lexical source (``vader:<word>`` or the
    overlay entry) and ``scope`` how it reached the target (``window`` or a
    role rule).
    """

    start: int
    end: int
    word: str
    value: float
    vader: float
    weight: float
    rule: str
    scope: str


class ToneResult(NamedTuple):
    """Tone toward one target.

    ``tone`` in [-1, 1] (NaN for missing text), ``label`` negative / neutral /
    positive ('' for missing text), ``role`` the target's role found by the
    role rules ('agent', 'patient', 'source', 'object', joined by '+', or ''),
    ``words`` the words that counted, ``pos``/``neg`` the sums of their
    positive and negative values, ``sentence_compound`` plain VADER's compound
    of the whole text (the baseline).
    """

    tone: float
    label: str
    start: int
    end: int
    role: str
    words: tuple[ToneWord, ...]
    pos: float
    neg: float
    sentence_compound: float


class ScopedWord(NamedTuple):
    """A valued word of a sentence and where it went.

    ``owners`` holds ``(target index, weight, scope)`` for every target it
    counted toward (empty when unscoped). ``category`` is ``vader``, or the
    overlay category (``event`` words have ``value == 0``: neutralised).
    """

    start: int
    end: int
    word: str
    value: float
    vader: float
    rule: str
    category: str
    owners: tuple[tuple[int, float, str], ...]


class SentenceTone(NamedTuple):
    """All targets of one text scored together: the valence, every valued word, each target."""

    valence: SentenceValence
    words: tuple[ScopedWord, ...]
    targets: tuple[ToneResult, ...]


def tone_label(tone: float, threshold: float = 0.05) -> str:
    """negative / neutral / positive for a tone ('' for NaN).

    >>> tone_label(-0.3), tone_label(0.01), tone_label(0.05)
    ('negative', 'neutral', 'positive')
    """
    if tone != tone:
        return ""
    return POSITIVE if tone >= threshold else NEGATIVE if tone <= -threshold else NEUTRAL


@dataclass(frozen=True, slots=True)
class _ItemInfo:
    norm: str          # lower case, straight apostrophes, edge punctuation stripped
    vader_key: float | None   # VADER's value for the item as VADER looks it up
    quoted_value: float | None  # VADER's value for `norm` when VADER missed it (curly quotes)
    overlay: Entry | None
    flags: int
    title: bool        # Capitalised (not ALL CAPS): may be part of a name
    maybe: bool        # may carry a value even where VADER gives 0 (overlay or quoted word)


class ToneScorer:
    """Scoped, rule-based tone toward targets (see the module docstring).

    Build once and reuse: it compiles the overlay lexicon and caches word lookups.

    Parameters
    ----------
    overlay : str, Path, Lexicon or None
        The overlay lexicon (default the bundled ``conflict-overlay``); ``None``
        scores with VADER's lexicon alone (the role and scope rules then use
        the bundled overlay's word lists and parameters).
    valence : ValenceScorer, optional
        Shared VADER engine.
    **params
        Override any scoping parameter of the overlay's ``rules``.

    Examples
    --------
    >>> ts = ToneScorer()
    >>> st = ts.analyze("Pakistan praised Iran.", [(0, 8), (16, 20)])
    >>> [t.label for t in st.targets]
    ['neutral', 'positive']
    """

    def __init__(self, overlay: "str | Lexicon | None" = "conflict-overlay",
                 valence: ValenceScorer | None = None, **params):
        self.valence = valence or ValenceScorer()
        roles = load_lexicon(overlay if overlay is not None else "conflict-overlay")
        self.overlay = load_lexicon(overlay) if overlay is not None else None
        rules = dict(_DEFAULT_RULES)
        rules.update({k: v for k, v in dict(roles.rules).items() if k in _DEFAULT_RULES})
        unknown = set(params) - set(_DEFAULT_RULES)
        if unknown:
            raise TypeError(f"unknown tone parameter(s) {sorted(unknown)}; "
                            f"choose from {sorted(_DEFAULT_RULES)}")
        rules.update(params)
        self.params = rules
        self._decay = float(rules["decay"])
        self._penalty = float(rules["boundary_penalty"])
        self._min_weight = float(rules["min_weight"])
        self._attach = int(rules["attach_window"])
        self._role_window = int(rules["role_window"])
        self.threshold = float(rules["threshold"])
        self._competition = float(rules["competition"])
        self._name_parts = bool(rules["name_parts"])
        self._punct_re = re.compile("[" + re.escape(str(rules["clause_punctuation"])) + "]")
        self._lex = self.valence.lexicon
        self._lex_name = self.overlay.name if self.overlay is not None else ""
        # Valence entries (event/evaluative) and role word lists, exact and prefix.
        self._val_exact: dict[str, Entry] = {}
        self._val_prefix: list[tuple[str, Entry]] = []
        if self.overlay is not None:
            for e in self.overlay.entries:
                if e.category != "role" and e.pattern and e.value is not None:
                    self._add(self._val_exact, self._val_prefix, e.pattern.lower(), e)
        self._role_exact: dict[str, int] = {}
        self._role_prefix: list[tuple[str, int]] = []
        flag_of = {"action": _ACTION, "evaluation": _EVAL, "patient_preposition": _PATIENT_P,
                   "object_preposition": _OBJECT_P, "agent_preposition": _AGENT_P,
                   "passive_auxiliary": _AUX, "determiner": _DET, "clause_word": _CLAUSE,
                   "reporting": _REPORT | _CLAUSE}
        for e in roles.entries:
            if e.category == "role" and e.pattern and e.label in flag_of:
                flag = flag_of[e.label]
                if e.attrs.get("of_patient"):
                    flag |= _ACTION_OF
                pat = e.pattern.lower().translate(_APOS)
                if pat.endswith("*"):
                    self._role_prefix.append((pat[:-1], flag))
                else:
                    self._role_exact[pat] = self._role_exact.get(pat, 0) | flag
        self._info_cache: dict[str, _ItemInfo] = {}

    @staticmethod
    def _add(exact, prefix, pattern, entry):
        pattern = pattern.translate(_APOS)
        if pattern.endswith("*"):
            prefix.append((pattern[:-1], entry))
        else:
            exact.setdefault(pattern, entry)

    # -- word items ------------------------------------------------------------

    def _info(self, word: str) -> _ItemInfo:
        info = self._info_cache.get(word)
        if info is not None:
            return info
        low = word.lower()
        norm = low.translate(_APOS).strip(_EDGE)
        base = norm[:-2] if norm.endswith("'s") and len(norm) > 2 else norm
        entry = self._val_exact.get(base)
        if entry is None:
            for p, e in self._val_prefix:
                if base.startswith(p):
                    entry = e
                    break
        flags = self._role_exact.get(base, 0)
        for p, f in self._role_prefix:
            if base.startswith(p):
                flags |= f
        if base in _NEGATE or "n't" in norm:
            flags |= _NEG
        vader_key = self._lex.get(low)
        quoted = self._lex.get(norm) if vader_key is None and norm != low else None
        bare = word.strip(_EDGE)
        title = bare[:1].isupper() and not bare.isupper()
        info = _ItemInfo(norm, vader_key, quoted, entry, flags, title,
                         entry is not None or quoted is not None)
        if len(self._info_cache) > 100_000:
            self._info_cache.clear()
        self._info_cache[word] = info
        return info

    # -- scoring -----------------------------------------------------------------

    def score(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
              valence: SentenceValence | None = None) -> ToneResult:
        """Tone toward ``text[start:end]``; `others` are other mentions competing for words."""
        return self.analyze(text, [(start, end), *others], valence).targets[0]

    def analyze(self, text: str, spans: Sequence[tuple[int, int]],
                valence: SentenceValence | None = None) -> SentenceTone:
        """Score every target span of one text (a sentence) together.

        Parameters
        ----------
        text : str
            The sentence (``None``/NaN: missing, every tone NaN).
        spans : sequence of (start, end)
            Character offsets of the mentions in `text`; each competes with the
            others for the words around it.
        valence : SentenceValence, optional
            ``ValenceScorer().score(text)`` if already computed (it is reused,
            not recomputed).

        Returns
        -------
        SentenceTone
        """
        sv = self.valence.score(text) if valence is None else valence
        spans = [(int(s), int(e)) for s, e in spans]
        words_ = sv.words
        n = len(words_)
        if n == 0:
            missing = tuple(ToneResult(_NAN, "", s, e, "", (), 0.0, 0.0, sv.compound) for s, e in spans)
            return SentenceTone(sv, (), missing)
        starts, ends, weights, contrib = sv.starts, sv.ends, sv.weights, sv.contributions
        cache = self._info_cache
        infos = [cache.get(w) or self._info(w) for w in words_]

        # Mentions as item ranges [a, b] (inclusive).
        ranges: list[tuple[int, int]] = []
        owner_of_item = [-1] * n
        for k, (s, e) in enumerate(spans):
            if not (0 <= s < e <= len(text)) or not text[s:e].strip():
                raise ValueError(f"target span ({s}, {e}) must be a non-empty, non-blank "
                                 f"stretch of the text (length {len(text)})")
            a = bisect_right(ends, s)
            b = bisect_left(starts, e) - 1
            if a > b:  # inside whitespace only; cannot happen for a non-blank span
                a = b = min(a, n - 1)
            ranges.append((a, b))
            for j in range(a, b + 1):
                if owner_of_item[j] == -1:
                    owner_of_item[j] = k

        # Valued words (outside mentions): item -> (value, rule, category).
        lex_name = self._lex_name
        valued: dict[int, tuple[float, str, str]] = {}
        for j in range(n):
            c = contrib[j]
            inf = infos[j]
            if (c == 0 and not inf.maybe) or owner_of_item[j] != -1:
                continue
            ent = inf.overlay
            if ent is not None:
                if inf.vader_key:
                    if c == 0:
                        continue
                    v = c * ent.value / inf.vader_key
                else:
                    v = ent.value * self._negation(infos, j) * weights[j]
                item = (v, f"{lex_name}:{ent.rule}", ent.category)
            elif c != 0:
                item = (c, f"vader:{words_[j].lower()}", "vader")
            else:
                item = (inf.quoted_value * self._negation(infos, j) * weights[j], f"vader:{inf.norm}", "vader")
            if inf.title and self._name_parts and _name_part(infos, j, n):
                item = (0.0, f"name-part:{inf.norm}", "name")
            valued[j] = item

        m = len(spans)
        owners: dict[int, list[tuple[int, float, str]]] = {j: [] for j in valued}
        roles: list[set[str]] = [set() for _ in range(m)]
        if m:  # (also without valued words: the role rules name the targets' roles)
            self._scope(text, starts, ends, infos, ranges, owner_of_item, valued, owners, roles)

        scoped = tuple(
            ScopedWord(starts[j], ends[j], words_[j], v, contrib[j], rule, cat, tuple(owners[j]))
            for j, (v, rule, cat) in valued.items())  # (inserted in word order)
        per_target: list[list[ToneWord]] = [[] for _ in range(m)]
        for w in scoped:
            if w.value != 0:
                for k, weight, scope in w.owners:
                    per_target[k].append(ToneWord(w.start, w.end, w.word, w.value * weight, w.vader,
                                                  weight, w.rule, scope))
        results = []
        threshold = self.threshold
        for k, (s, e) in enumerate(spans):
            counted = per_target[k]
            if counted:
                vals = [w.value for w in counted]
                tone = compound_from(vals)
                pos = sum(v for v in vals if v > 0)
                neg = sum(v for v in vals if v < 0)
            else:
                tone = pos = neg = 0.0
            results.append(ToneResult(tone, tone_label(tone, threshold), s, e,
                                      "+".join(sorted(roles[k])) if roles[k] else "", tuple(counted), pos, neg,
                                      sv.compound))
        return SentenceTone(sv, scoped, tuple(results))

    @staticmethod
    def _negation(infos, j) -> float:
        # VADER's negation window for a word it does not rate: any of the three
        # items before it negates (once).
        for i in range(max(0, j - 3), j):
            if infos[i].flags & _NEG:
                return N_SCALAR
        return 1.0

    def _scope(self, text, starts, ends, infos, ranges, owner_of_item, valued, owners, roles) -> None:
        n = len(starts)
        # Clause boundaries: bcum[j] = boundaries before item j (cumulative), so the
        # boundaries between items i < j are bcum[j] - bcum[i]. A boundary is clause
        # punctuation between two items, or a clause word.
        before = [0] * n
        role_items: list[int] = []
        report_items: list[int] = []
        for j, inf in enumerate(infos):
            f = inf.flags
            if f:  # most words have no role flag at all
                if f & _CLAUSE and j:
                    before[j] = 1
                if f & (_ACTION | _EVAL) and owner_of_item[j] == -1:
                    role_items.append(j)
                if f & _REPORT and owner_of_item[j] == -1:
                    report_items.append(j)
        for mt in self._punct_re.finditer(text):
            p = mt.start()
            k = bisect_right(starts, p)
            if 0 < k < n and p >= ends[k - 1]:
                before[k] = 1
        bcum = list(accumulate(before))

        def between(i: int, j: int) -> int:
            return abs(bcum[j] - bcum[i])

        # Role rules: forced owners for words attached to actions/evaluations and
        # exclusions (patients, speakers).
        forced: dict[int, tuple[int, tuple[int, ...], str]] = {}  # item -> (distance, owners, scope)
        excluded: dict[int, set[int]] = {}
        for r in report_items:
            self._speakers(r, infos, ranges, owner_of_item, between, valued, excluded, roles)
        if role_items:
            for j in role_items:
                f = infos[j].flags
                pre, post, post_kind = self._neighbours(j, infos, ranges, owner_of_item, between)
                norm = infos[j].norm
                participle = norm.endswith("ed") or norm in _PARTICIPLES
                # Passive: an auxiliary before the participle, or "by X" right after it
                # ("Pakistan, threatened by Iran").
                passive = participle and (
                    (j > 0 and infos[j - 1].flags & _AUX)
                    or (j > 1 and infos[j - 2].flags & _AUX and owner_of_item[j - 1] == -1)
                    or (post is not None and post_kind == "agent"))
                good: list[int] = []  # gets the attached words
                bad: list[int] = []   # never gets them (patient / speaker)
                if f & _ACTION:
                    agent_role, patient_role = "agent", "patient"
                    if passive:
                        if pre is not None:
                            bad.append(pre)
                        if post is not None and post_kind == "agent":
                            good.append(post)
                    else:
                        if pre is not None:
                            good.append(pre)
                        if post is not None:
                            if post_kind == "agent":
                                good.append(post)
                            elif post_kind in ("direct", "patient") or (
                                    post_kind == "object" and f & _ACTION_OF):
                                bad.append(post)
                else:
                    agent_role, patient_role = "object", "source"
                    if passive:
                        if pre is not None:
                            good.append(pre)
                        if post is not None and post_kind == "agent":
                            bad.append(post)
                    else:
                        if pre is not None:
                            bad.append(pre)
                        if post is not None:
                            (bad if post_kind == "agent" else good).append(post)
                for k in good:
                    roles[k].add(agent_role)
                for k in bad:
                    roles[k].add(patient_role)
                # Words attached to an action or a judgement belong to its agent or
                # object; with none mentioned, to nobody (never to the nearest name).
                scope = f"role:{agent_role}" if good else "role:none"
                # Attached words lie between the two participants, never beyond them
                # ("violates Iran's sovereignty": "sovereignty" is not the violator's).
                lo, hi = max(0, j - self._attach), min(n - 1, j + self._attach)
                if pre is not None:
                    lo = max(lo, ranges[pre][1] + 1)
                if post is not None:
                    hi = min(hi, ranges[post][0] - 1)
                for i in range(lo, hi + 1):
                    if i in valued and between(i, j) == 0:
                        d = abs(i - j)
                        if i not in forced or d < forced[i][0]:
                            forced[i] = (d, tuple(good), scope)
                if f & _ACTION and bad:
                    # The patient takes no negative word from its action's clause.
                    for i in valued:
                        if between(i, j) == 0 and valued[i][0] < 0:
                            excluded.setdefault(i, set()).update(bad)
                elif bad:
                    for i in range(lo, hi + 1):
                        if i in valued and between(i, j) == 0:
                            excluded.setdefault(i, set()).update(bad)

        decay, penalty, min_w, comp = self._decay, self._penalty, self._min_weight, self._competition
        dpow = self._powers(decay, n)
        ppow = self._powers(penalty, bcum[-1] + 1)
        spans = [(k, a, b, bcum[a], bcum[b]) for k, (a, b) in enumerate(ranges)]
        for j in valued:
            if j in forced:
                _, good, scope = forced[j]
                owners[j].extend((k, 1.0, scope) for k in good)
                continue
            skip = excluded.get(j, ())
            bj = bcum[j]
            weights: list[tuple[int, float, float]] = []
            for k, a, b, ba, bb in spans:
                if j < a:
                    d, nb = a - j, ba - bj
                elif j > b:
                    d, nb = j - b, bj - bb
                else:
                    continue
                if k in skip:
                    continue
                clause_w = ppow[nb]
                weights.append((k, dpow[d - 1] * clause_w, clause_w))
            if not weights:
                continue
            if len(weights) == 1:
                k, w, cw = weights[0]
                if w >= min_w:
                    owners[j].append((k, cw, "window"))
                continue
            best = max(w for _, w, _ in weights)
            # The nearest mention takes the word; others only if nearly as near. The
            # word then counts with its clause weight (distance only decides who owns it).
            cut = max(min_w, best * comp - 1e-12)
            owners[j].extend((k, cw, "window") for k, w, cw in weights if w >= cut)

    @staticmethod
    @lru_cache(maxsize=64)
    def _powers(base: float, n: int) -> tuple[float, ...]:
        # base ** k for k < n, computed once per sentence length.
        return tuple(base ** k for k in range(max(n, 1)))

    def _speakers(self, r, infos, ranges, owner_of_item, between, valued, excluded, roles) -> None:
        """Reporting verb at item r: its speaker takes no valence from outside the
        stretch between itself and the verb ("X said the plan was bad": not X's)."""
        rw = self._role_window
        speaker, lo, hi = None, 0, 0
        i = r - 1
        while i >= 0 and r - i <= rw:
            k = owner_of_item[i]
            if k != -1:
                # The verb's own boundary (it is a clause word) does not separate it from its subject.
                if between(i, r - 1) == 0 and not (ranges[k][0] > 0 and infos[ranges[k][0] - 1].flags & _PREP):
                    speaker, lo, hi = k, ranges[k][0], r
                break
            if infos[i].flags & (_ACTION | _EVAL | _PREP | _REPORT):
                break
            i -= 1
        if speaker is None:
            # "..., said X", "according to X": only determiners or "to" in between.
            i = r + 1
            while i < len(infos) and i - r <= 3 and between(r, i) == 0:
                k = owner_of_item[i]
                if k != -1:
                    speaker, lo, hi = k, r, ranges[k][1]
                    break
                if not (infos[i].flags & _DET or infos[i].norm == "to"):
                    break
                i += 1
        if speaker is None:
            return
        roles[speaker].add("speaker")
        for j in valued:
            if j < lo or j > hi:
                excluded.setdefault(j, set()).add(speaker)

    def _neighbours(self, j, infos, ranges, owner_of_item, between):
        """The mention before item j that may be its subject/possessor, and the one
        after it with how it attaches (direct object, or by its preposition)."""
        rw = self._role_window
        pre = None
        i = j - 1
        while i >= 0 and j - i <= rw:
            k = owner_of_item[i]
            if k != -1:
                a = ranges[k][0]
                # A mention after a preposition ("in Iran") is a place or patient, not a subject.
                if between(i, j) == 0 and not (a > 0 and infos[a - 1].flags & _PREP):
                    pre = k
                break
            if infos[i].flags & (_ACTION | _EVAL | _PREP):
                break
            i -= 1
        post, kind = None, ""
        prep = 0
        i = j + 1
        n = len(infos)
        while i < n and i - j <= rw:
            k = owner_of_item[i]
            if k != -1:
                if between(j, i) == 0:
                    post = k
                    if prep & _AGENT_P:
                        kind = "agent"
                    elif prep & _PATIENT_P:
                        kind = "patient"
                    elif prep & _OBJECT_P:
                        kind = "object"
                    elif all(infos[x].flags & _DET for x in range(j + 1, i)):
                        kind = "direct"
                    else:
                        post = None
                break
            f = infos[i].flags
            if f & (_ACTION | _EVAL):
                break
            if f & _PREP and not prep:
                prep = f & _PREP
                # A word carrying several preposition flags: the first listed wins.
                prep = _AGENT_P if prep & _AGENT_P else _PATIENT_P if prep & _PATIENT_P else _OBJECT_P
            i += 1
        return pre, post, kind


def _name_part(infos, j: int, n: int) -> bool:
    """True when capitalised item j is inside a name ("United States", "Justice
    Department", "Army of Justice"): its valence is not an evaluation."""
    if j + 1 < n and infos[j + 1].title:
        return True
    if j > 1 and infos[j - 1].title:  # a capitalised first word of the text proves nothing
        return True
    return j > 1 and infos[j - 1].norm in ("of", "the") and infos[j - 2].title


@lru_cache(maxsize=4)
def _default_scorer(overlay: str | None = "conflict-overlay") -> ToneScorer:
    return ToneScorer(overlay)


def tone_toward(text: str, start: int, end: int, *, others: Sequence[tuple[int, int]] = (),
                overlay: "str | Lexicon | None" = "conflict-overlay", method: str = "rules"):
    """Tone of `text` toward the target at characters ``[start, end)``.

    Parameters
    ----------
    text : str
        Usually one sentence (VADER is a sentence scorer). ``None`` or NaN
        gives a NaN tone.
    start, end : int
        Character offsets of the target mention in `text`.
    others : sequence of (start, end), optional
        Other mentions in the text; a word goes to the nearest mention, so
        naming them keeps their words away from the target.
    overlay : str, Lexicon or None
        The overlay lexicon (default ``conflict-overlay``; ``None`` for VADER's
        lexicon alone).
    method : {"rules", "learned"}
        ``"rules"`` (default) is the scoped rule-based method described in the
        module docstring; ``"learned"`` the bundled scikit-learn model
        (:mod:`framing.tone_model`), which returns the rule-based evidence with
        its own label and tone.

    Returns
    -------
    ToneResult
        ``.tone`` in [-1, 1], ``.label`` negative/neutral/positive, ``.words``
        the words that counted (with offsets and rules), ``.role``.

    Examples
    --------
    >>> t = "Pakistan's restraint after the attack was widely noted."
    >>> tone_toward(t, 0, 8).label
    'positive'
    >>> t = "Iran struck Pakistan."
    >>> tone_toward(t, 12, 20).tone
    0.0
    """
    if method not in ("rules", "learned"):
        raise ValueError(f"method must be 'rules' or 'learned', not {method!r}")
    if isinstance(overlay, str) or overlay is None:
        scorer = _default_scorer(overlay)
    else:
        scorer = ToneScorer(overlay)
    if not isinstance(text, str):
        sv = scorer.valence.score(text)  # None/NaN -> missing; other types raise TypeError
        return ToneResult(_NAN, "", start, end, "", (), 0.0, 0.0, sv.compound)
    if method == "learned":
        from .tone_model import load_tone_model

        return load_tone_model().tone_toward(text, start, end, others=others)
    return scorer.score(text, start, end, others)
