"""Tone toward a target: the valence of the words *about* a mention, not of its sentence.

Sentence-level VADER answers "how negative is this sentence?". In conflict
news that is the wrong question: "Iran's missile strike on Pakistan killed two
children" is a negative sentence, but it says nothing negative *about*
Pakistan. :func:`tone_toward` scores one target at character offsets in a
text, and :class:`ToneScorer` scores every mention of a sentence at once. The
method is rule-based and explains itself: every word that counts is returned
with its offsets, its value, its weight and the rule that scoped it.

How the tone toward a mention is computed
-----------------------------------------
1. **Words and their values.** The sentence is scored once by
   :class:`framing.valence.ValenceScorer` (VADER 3.3.2, exact), which gives
   each word item its contribution with VADER's negation, booster, caps and
   "but" rules applied. An overlay lexicon (default ``conflict-overlay``)
   then re-values words: ``event`` words (attack, killed, war, terrorism) are
   set to 0 because they name what happened rather than judge anyone;
   ``evaluative`` words keep or get force (reckless, illegal, unprovoked,
   restraint, professionalism); ``news`` words whose dominant sense in news
   is not an evaluation (health *care*, *special* counsel) are set to 0. A
   word VADER rates is rescaled in place (``contribution * new / old``), so
   its modifiers still apply; a word VADER lacks gets the overlay value,
   negated (x -0.74, VADER's factor) after a negation among the three items
   before it and weighted by VADER's "but" multiplier. Words VADER misses
   only because curly quotes cling to them (‘illegal’) are looked up without
   the quotes. Capitalised lexicon words inside names ("United States",
   "Army of Justice") count 0, except in headline-style sentences, where
   capitals say nothing about names.
2. **Word sense of attack words.** Words marked ``verbal`` in the overlay
   (attack, attacked ...) are physical violence only in a sentence with a
   ``context/conflict`` word (missile, troops, militants, killed ...) or when
   the caller says the text is about armed conflict (``conflict=True``; the
   sentiment measure decides per document). Otherwise they are read in their
   verbal sense, *criticise*: they keep VADER's value and are judgements
   (step 3), so "the senator attacked the governor" is negative toward the
   governor.
3. **Roles.** Generic role rules (word lists under ``role`` in the overlay)
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
   Pakistan). This follows Deng & Wiebe's (2014) good/badFor implicature
   rules. The speaker of a reporting verb ("X said", "according to X") takes
   no valence from outside the stretch between itself and the verb. Role
   rules run only in sentences with a valued word (they only decide where
   words go), so ``role`` is '' in a sentence without one.
4. **Scope.** Mentions are grouped into *entities* (the same target named
   twice is one entity; by default every span is its own entity).

   * When the sentence is about **one entity**, every valued word of the
     sentence counts toward it (scope ``sentence``), weighted by
     ``boundary_penalty ** b`` for the ``b`` clause boundaries (``, ; : ( )
     —`` or a clause word such as "but", "which", "that", "said") between the
     word and the nearest mention.
   * With **several entities**, each word goes to the *nearest* one: entities
     are ranked by ``decay ** (d - 1) * boundary_penalty ** b`` for a word
     ``d`` items and ``b`` boundaries from their nearest mention; the word goes
     to the best ranked entity and to every other ranking at least
     ``competition`` times as high, and counts there with its clause weight
     ``boundary_penalty ** b`` (scope ``window``). A word ranking below
     ``min_weight`` toward every entity is left unscoped.

   Role rules override both (scope ``role:agent``, ``role:object``; a word
   attached to a participant that is not mentioned goes to no one), and the
   words they keep from a patient, a source or a speaker never reach it.
5. **Context.** An entity that takes no valued word in step 4 gets a damped
   share of the sentence's tone instead of 0: the valued words that went to
   no entity (unscoped, or attached to an unnamed participant), weighted
   ``context_weight`` (scope ``context``), except those the role rules keep
   from it -- a patient still takes none of its attack's negative words, a
   speaker none of the words it reports. Words another entity took are not
   shared: they are about that entity.
6. **Tone.** ``tone = normalize(sum of counted values x weights)`` with VADER's
   normalisation (alpha = 15), rounded to 4 places as VADER rounds; the label
   is positive for ``tone >= threshold``, negative for ``tone <=
   -negative_threshold``, neutral otherwise. "!"/"?" emphasis is not used (it
   belongs to the sentence, not to one target).

The parameters (``decay``, ``boundary_penalty``, ``min_weight``,
``attach_window``, ``role_window``, ``threshold``, ``negative_threshold``,
``competition``, ``context_weight``) are read from the overlay's ``rules``
header, where they are documented; the tuned ones were tuned on the tuning
part of NewsMTSC only (``docs/validation.md``).

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
from functools import lru_cache, reduce
from itertools import accumulate, compress, repeat
from operator import and_, or_
from typing import Hashable, NamedTuple, Sequence

from vaderSentiment.vaderSentiment import N_SCALAR, NEGATE

from .lexicons import Entry, Lexicon, load_lexicon
from .valence import SentenceValence, ValenceScorer, compound_from

__all__ = ["tone_toward", "ToneScorer", "ToneResult", "ToneWord", "ScopedWord", "SentenceTone",
           "tone_label", "NEGATIVE", "NEUTRAL", "POSITIVE"]

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
_NAN = math.nan
_new_tuple = tuple.__new__  # NamedTuple(*fields) without its Python-level __new__
_EDGE = string.punctuation + "‘’“”«»‹›„‟—–…"
_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_NEGATE = frozenset(NEGATE)
# Words Headline Style leaves in lower case (as framing.mentions).
_HEADLINE_SMALL = frozenset("a an the and or but nor for of in on at to as by via vs per up off".split())

# Flags of a word item (bit mask): role word lists, and what the scorer checks per item.
(_ACTION, _ACTION_OF, _EVAL, _PATIENT_P, _OBJECT_P, _AGENT_P, _AUX, _DET, _CLAUSE, _NEG, _REPORT,
 _VERBAL, _CONFLICT, _TITLE, _LOWER, _MAYBE, _OF_THE, _TO, _PARTICIPLE) = (1 << k for k in range(19))
_PREP = _PATIENT_P | _OBJECT_P | _AGENT_P
_PARTICIPLES = frozenset({"struck", "hit", "shot", "shelled", "bombed", "targeted", "attacked"})

# How a word reached a target, for the mention's rule (scope -> kind).
_KIND = {"sentence": "sentence", "window": "window", "context": "context", "role:agent": "role",
         "role:object": "role", "role:none": "role"}

# Used where an overlay's `rules` header lacks a parameter (the bundled overlay's values).
_DEFAULT_RULES = {"decay": 0.8, "boundary_penalty": 0.6, "min_weight": 0.1, "attach_window": 3,
                  "role_window": 6, "threshold": 0.2, "negative_threshold": 0.05, "competition": 0.7,
                  "context_weight": 0.3, "name_parts": True, "clause_punctuation": ",;:()[]—–"}


class ToneWord(NamedTuple):
    """One word that counted toward a target.

    ``value`` is what it added to the target's sum (scoped value x ``weight``);
    ``vader`` is VADER's own contribution for the word (0 for a word VADER does
    not rate); ``rule`` names its lexical source (``vader:<word>`` or the
    overlay entry) and ``scope`` how it reached the target (``sentence``,
    ``window``, ``context`` or a role rule such as ``role:agent``).
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
    role rules ('agent', 'patient', 'source', 'object', 'speaker', joined by
    '+', or ''), ``words`` the words that counted, ``pos``/``neg`` the sums of
    their positive and negative values, ``sentence_compound`` plain VADER's
    compound of the whole text (the baseline).
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

    ``owners`` holds ``(target index, weight, scope)`` for every target (span)
    it counted toward (empty when unscoped). ``category`` is ``vader``, the
    overlay category (``event`` and ``news`` words have ``value == 0``:
    neutralised) or ``name`` (a capitalised word inside a name, value 0).
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


class _Scored(NamedTuple):
    """The raw result of :meth:`ToneScorer._score` (what the sentiment measure reads).

    ``items``: per valued word ``(item index, value, rule, category)``;
    ``owners``: aligned, ``[(entity, weight, scope), ...]``; ``ent_of``: entity of
    each span; per entity ``tones``, ``labels``, ``roles`` and ``scopes`` (how its
    words reached it: ``sentence``, ``window``, ``role``, ``context`` joined by
    '+', or ``none``).
    """

    items: list
    owners: list
    ent_of: list
    tones: list
    labels: list
    roles: list
    scopes: list


def tone_label(tone: float, threshold: float = 0.05, negative_threshold: float | None = None) -> str:
    """negative / neutral / positive for a tone ('' for NaN).

    ``negative_threshold`` defaults to ``threshold``.

    >>> tone_label(-0.3), tone_label(0.01), tone_label(0.05)
    ('negative', 'neutral', 'positive')
    """
    if tone != tone:
        return ""
    neg = threshold if negative_threshold is None else negative_threshold
    return POSITIVE if tone >= threshold else NEGATIVE if tone <= -neg else NEUTRAL


@dataclass(frozen=True, slots=True)
class _ItemInfo:
    norm: str          # lower case, straight apostrophes, edge punctuation stripped
    vader_key: float | None   # VADER's value for the item as VADER looks it up
    quoted_value: float | None  # VADER's value for `norm` when VADER missed it (curly quotes)
    overlay: Entry | None
    flags: int         # role words and item properties (_TITLE, _LOWER, _MAYBE ...)
    rule: str          # the overlay entry's rule (with the lexicon name), or ''
    vader_rule: str    # vader:<word>


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
        nt = rules["negative_threshold"]
        self.negative_threshold = self.threshold if nt is None else float(nt)
        self._competition = float(rules["competition"])
        self._context = float(rules["context_weight"])
        self._name_parts = bool(rules["name_parts"])
        self._punct_re = re.compile("[" + re.escape(str(rules["clause_punctuation"])) + "]")
        self._lex = self.valence.lexicon
        self._lex_name = self.overlay.name if self.overlay is not None else ""
        # Valence entries (event/evaluative/news) and role word lists, exact and prefix.
        self._val_exact: dict[str, Entry] = {}
        self._val_prefix: list[tuple[str, Entry]] = []
        if self.overlay is not None:
            for e in self.overlay.entries:
                if e.category not in ("role", "context") and e.pattern and e.value is not None:
                    self._add(self._val_exact, self._val_prefix, e.pattern.lower(), e)
        self._role_exact: dict[str, int] = {}
        self._role_prefix: list[tuple[str, int]] = []
        flag_of = {"action": _ACTION, "evaluation": _EVAL, "patient_preposition": _PATIENT_P,
                   "object_preposition": _OBJECT_P, "agent_preposition": _AGENT_P,
                   "passive_auxiliary": _AUX, "determiner": _DET, "clause_word": _CLAUSE,
                   "reporting": _REPORT | _CLAUSE}
        # Word lists (role words, conflict-context words, verbal-sense marks) come from
        # the bundled overlay when scoring with VADER's lexicon alone.
        for e in roles.entries:
            if not e.pattern:
                continue
            flag = 0
            if e.category == "role" and e.label in flag_of:
                flag = flag_of[e.label]
                if e.attrs.get("of_patient"):
                    flag |= _ACTION_OF
            elif e.category == "context":
                flag = _CONFLICT
            if e.attrs.get("verbal"):
                flag |= _VERBAL
            if not flag:
                continue
            pat = e.pattern.lower().translate(_APOS)
            if pat.endswith("*"):
                self._role_prefix.append((pat[:-1], flag))
            else:
                self._role_exact[pat] = self._role_exact.get(pat, 0) | flag
        self._info_cache = _Cache(self._info)
        self._flag_cache = _Cache(lambda w: self._info_cache[w].flags)

    @staticmethod
    def _add(exact, prefix, pattern, entry):
        pattern = pattern.translate(_APOS)
        if pattern.endswith("*"):
            prefix.append((pattern[:-1], entry))
        else:
            exact.setdefault(pattern, entry)

    # -- word items ------------------------------------------------------------

    def _info(self, word: str) -> _ItemInfo:
        """What the scorer needs to know about a VADER word item (cached per item)."""
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
        if bare[:1].isupper() and not bare.isupper():
            flags |= _TITLE   # Capitalised (not ALL CAPS): may be part of a name
        if bare[:1].islower() and norm not in _HEADLINE_SMALL:
            flags |= _LOWER   # a word Headline Style would capitalise, in lower case
        if entry is not None or quoted is not None:
            flags |= _MAYBE   # may carry a value even where VADER gives 0
        if norm in ("of", "the"):
            flags |= _OF_THE
        if norm == "to":
            flags |= _TO
        if norm.endswith("ed") or norm in _PARTICIPLES:
            flags |= _PARTICIPLE
        return _ItemInfo(norm, vader_key, quoted, entry, flags,
                         f"{self._lex_name}:{entry.rule}" if entry is not None else "",
                         f"vader:{low if quoted is None else norm}")

    # -- scoring -----------------------------------------------------------------

    def score(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
              valence: SentenceValence | None = None, *, entities: Sequence[Hashable] | None = None,
              conflict: bool | None = None) -> ToneResult:
        """Tone toward ``text[start:end]``; `others` are other mentions competing for words."""
        return self.analyze(text, [(start, end), *others], valence, entities=entities,
                            conflict=conflict).targets[0]

    def analyze(self, text: str, spans: Sequence[tuple[int, int]],
                valence: SentenceValence | None = None, *, entities: Sequence[Hashable] | None = None,
                conflict: bool | None = None) -> SentenceTone:
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
        entities : sequence of hashables, optional
            Which spans name the same entity (equal keys, e.g. the target
            name): they share their words and their tone. By default every
            span is its own entity.
        conflict : bool, optional
            Whether the text is about armed conflict (``verbal`` overlay words
            such as "attack" are then physical violence). By default a
            ``context/conflict`` word in the sentence decides.

        Returns
        -------
        SentenceTone
        """
        sv = self.valence.score(text) if valence is None else valence
        spans = [(int(s), int(e)) for s, e in spans]
        if not sv.words:
            missing = tuple(ToneResult(_NAN, "", s, e, "", (), 0.0, 0.0, sv.compound) for s, e in spans)
            return SentenceTone(sv, (), missing)
        return self._sentence_tone(sv, spans, self._score(text, spans, sv, entities, conflict))

    @staticmethod
    def _sentence_tone(sv: SentenceValence, spans: list[tuple[int, int]], r: _Scored) -> SentenceTone:
        """The public result objects from :meth:`_score`'s raw result."""
        starts, ends, words_, contrib = sv.starts, sv.ends, sv.words, sv.contributions
        ent_of = r.ent_of
        # Owners per span: an entity's words count for every span of it.
        spans_of: list[list[int]] = [[] for _ in r.tones]
        for k, q in enumerate(ent_of):
            spans_of[q].append(k)
        scoped = []
        per_ent: list[list[ToneWord]] = [[] for _ in r.tones]
        for (j, v, rule, cat), own in zip(r.items, r.owners):
            scoped.append(ScopedWord(starts[j], ends[j], words_[j], v, contrib[j], rule, cat,
                                     tuple((k, w, sc) for q, w, sc in own for k in spans_of[q])))
            if v != 0:
                for q, w, sc in own:
                    per_ent[q].append(ToneWord(starts[j], ends[j], words_[j], v * w, contrib[j], w, rule, sc))
        results = []
        for k, (s, e) in enumerate(spans):
            q = ent_of[k]
            counted = tuple(per_ent[q])
            pos = sum(w.value for w in counted if w.value > 0)
            neg = sum(w.value for w in counted if w.value < 0)
            results.append(ToneResult(r.tones[q], r.labels[q], s, e, r.roles[q], counted, pos, neg,
                                      sv.compound))
        return SentenceTone(sv, tuple(scoped), tuple(results))

    def _score(self, text: str, spans: list[tuple[int, int]], sv: SentenceValence,
               entities: Sequence[Hashable] | None, conflict: bool | None) -> _Scored:
        """The scoring itself, on a sentence with at least one word item (see the module docstring)."""
        words_ = sv.words
        n = len(words_)
        starts, ends, weights, contrib = sv.starts, sv.ends, sv.weights, sv.contributions
        flags = list(map(self._flag_cache.__getitem__, words_))  # misses call _info
        all_flags = reduce(or_, flags, 0)

        # Entities: spans with equal keys are one entity (numbered in order of first span).
        m = len(spans)
        if entities is None:
            ent_of = list(range(m))
        else:
            if len(entities) != m:
                raise ValueError(f"entities has {len(entities)} keys for {m} spans")
            first: dict = {}
            ent_of = [first.setdefault(key, len(first)) for key in entities]
        n_ent = (max(ent_of) + 1) if m else 0

        # Mentions as item ranges [a, b] (inclusive); `owner` maps their items to the span.
        ranges: list[tuple[int, int]] = []
        owner: dict[int, int] = {}
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
                owner.setdefault(j, k)

        # Word sense of "attack" words: physical in conflict context, else "criticise".
        verbal = False
        if all_flags & _VERBAL:
            if conflict is None:
                conflict = bool(all_flags & _CONFLICT)
            if not conflict:
                verbal = True
                for j in compress(range(n), map(and_, flags, repeat(_VERBAL))):
                    f = flags[j]
                    if f & _ACTION:
                        flags[j] = (f & ~_ACTION) | _EVAL
                all_flags = reduce(or_, flags, 0)

        # Valued words (outside mentions): (item, value, rule, category), in word order.
        infos = self._info_cache
        name_parts = self._name_parts and not _headline(flags, all_flags)
        items: list[tuple[int, float, str, str]] = []
        nonzero = False
        for j in compress(range(n), map(or_, map(bool, contrib), map(and_, flags, repeat(_MAYBE)))):
            if j in owner:
                continue
            c = contrib[j]
            inf = infos[words_[j]]
            ent = inf.overlay
            if ent is not None and not (verbal and inf.flags & _VERBAL and ent.category == "event"):
                if inf.vader_key:
                    if c == 0:
                        continue
                    v = c * ent.value / inf.vader_key
                else:
                    v = ent.value * _negation(flags, j) * weights[j]
                item = (j, v, inf.rule, ent.category)
            elif c != 0:
                v = c
                item = (j, c, inf.vader_rule, "vader")
            elif inf.quoted_value is not None:
                v = inf.quoted_value * _negation(flags, j) * weights[j]
                item = (j, v, inf.vader_rule, "vader")
            else:  # a verbal-sense word VADER does not rate
                continue
            if name_parts and flags[j] & _TITLE and _name_part(flags, j, n):
                item = (j, 0.0, "name-part:" + inf.norm, "name")
            elif v:
                nonzero = True
            items.append(item)

        owners: list[list[tuple[int, float, str]]] = [[] for _ in items]
        if not nonzero or not m:
            # Nothing to scope: every target's tone is 0 (the role rules only scope words).
            t0 = compound_from(())
            lab = POSITIVE if t0 >= self.threshold else NEGATIVE if t0 <= -self.negative_threshold else NEUTRAL
            return _new_tuple(_Scored, (items, owners, ent_of, [t0] * n_ent, [lab] * n_ent, [""] * n_ent,
                                        ["none"] * n_ent))
        roles: list[set[str]] = [set() for _ in range(n_ent)]
        self._scope(text, starts, ends, flags, all_flags, ranges, owner, ent_of, n_ent, items, owners, roles)

        # Tone per entity: VADER's normalisation of the summed, weighted values.
        sums: list[list[float]] = [[] for _ in range(n_ent)]
        kinds: list[set[str]] = [set() for _ in range(n_ent)]
        for (j, v, rule, cat), own in zip(items, owners):
            if v != 0:
                for q, w, sc in own:
                    sums[q].append(v * w)
                    kinds[q].add(_KIND[sc])
        th, nth = self.threshold, self.negative_threshold
        tones = [compound_from(vals) if vals else 0.0 for vals in sums]
        labels = [POSITIVE if t >= th else NEGATIVE if t <= -nth else NEUTRAL for t in tones]
        return _new_tuple(_Scored, (items, owners, ent_of, tones, labels,
                                    ["+".join(sorted(r)) if r else "" for r in roles],
                                    ["+".join(sorted(k)) if k else "none" for k in kinds]))

    def conflict_words(self, words: Sequence[str]) -> bool:
        """True when any of `words` (VADER word items) is a ``context/conflict``
        word of the overlay (missile, troops, militants ...).

        >>> ToneScorer().conflict_words(["Drone", "strikes", "hit"]), ToneScorer().conflict_words(["He", "spoke"])
        (True, False)
        """
        return bool(reduce(or_, map(self._flag_cache.__getitem__, words), 0) & _CONFLICT)

    def _scope(self, text, starts, ends, flags, all_flags, ranges, owner, ent_of, n_ent,
               items, owners, roles) -> None:
        n = len(starts)
        # Clause boundaries: an item starts a new clause when it is a clause word or
        # clause punctuation lies between it and the previous item (never the first
        # item). clause[j] numbers item j's clause (the boundaries up to item j), so
        # clause[j] - clause[i] counts the boundaries between items i < j.
        marks = list(map(and_, flags, repeat(_CLAUSE)))
        marks[0] = 0
        for mt in self._punct_re.finditer(text):
            p = mt.start()
            k = bisect_right(starts, p)
            if 0 < k < n and p >= ends[k - 1]:
                marks[k] = _CLAUSE
        clause = list(accumulate(map(bool, marks)))

        # Role rules: forced owners for words attached to actions/evaluations, and
        # exclusions: `hard` (patients, sources of judgements) and `soft` (speakers:
        # reported words are not theirs).
        forced: dict[int, tuple[int, tuple[int, ...], str]] = {}  # item -> (distance, entities, scope)
        hard: dict[int, set[int]] = {}
        soft: dict[int, set[int]] = {}
        if all_flags & (_ACTION | _EVAL | _REPORT):
            self._roles(n, flags, clause, ranges, owner, ent_of, items, forced, hard, soft, roles)

        ppow = self._powers(self._penalty, clause[-1] + 1)
        spans = [(ent_of[k], a, b, clause[a], clause[b]) for k, (a, b) in enumerate(ranges)]
        direct = [False] * n_ent
        if n_ent == 1:
            # One entity: the whole sentence is about it; clauses weigh the words.
            for x, (j, v, _, _) in enumerate(items):
                f = forced.get(x)
                if f is not None:
                    if f[1]:
                        owners[x].append((0, 1.0, f[2]))
                        direct[0] = direct[0] or v != 0
                    continue
                if x in hard or x in soft:  # (the only entity is the one kept out)
                    continue
                bj = clause[j]
                nb = -1
                for _, a, b, ba, bb in spans:
                    d = ba - bj if j < a else bj - bb
                    if nb < 0 or d < nb:
                        nb = d
                owners[x].append((0, ppow[nb], "sentence"))
                direct[0] = direct[0] or v != 0
        else:
            min_w, comp = self._min_weight, self._competition
            dpow = self._powers(self._decay, n)
            for x, (j, v, _, _) in enumerate(items):
                f = forced.get(x)
                if f is not None:
                    owners[x].extend((q, 1.0, f[2]) for q in f[1])
                    if v:
                        for q in f[1]:
                            direct[q] = True
                    continue
                skip = hard.get(x, ())
                soft_skip = soft.get(x, ())
                bj = clause[j]
                best: dict[int, tuple[float, float]] = {}  # entity -> (rank, clause weight)
                for q, a, b, ba, bb in spans:
                    if q in skip or q in soft_skip:
                        continue
                    if j < a:
                        d, nb = a - j, ba - bj
                    else:
                        d, nb = j - b, bj - bb
                    clause_w = ppow[nb]
                    w = dpow[d - 1] * clause_w
                    old = best.get(q)
                    if old is None or w > old[0]:
                        best[q] = (w, clause_w)
                if not best:
                    continue
                top = max(best.values())[0]  # the highest rank (rank first in each tuple)
                # The nearest entity takes the word; others only if nearly as near. The
                # word then counts with its clause weight (distance only decides who owns it).
                cut = max(min_w, top * comp - 1e-12)
                for q in sorted(best):
                    w, cw = best[q]
                    if w >= cut:
                        owners[x].append((q, cw, "window"))
                        if v:
                            direct[q] = True

        # Context: an entity without a valued word of its own takes a damped share of
        # the words that went to no entity (unscoped, or attached to a participant not
        # mentioned), except those a role rule keeps from it (patient, source, speaker).
        ctx = self._context
        if ctx > 0 and not all(direct):
            free = [x for x, it in enumerate(items) if it[1] and not owners[x]]
            for q in range(n_ent):
                if direct[q]:
                    continue
                for x in free:
                    if q not in hard.get(x, ()) and q not in soft.get(x, ()):
                        owners[x].append((q, ctx, "context"))

    def _roles(self, n, flags, clause, ranges, owner, ent_of, items, forced, hard, soft, roles) -> None:
        """The role rules (module docstring, step 3): fill `forced`, `hard`, `soft`, `roles`.

        ``clause[j]`` is the clause number of item j: items i and j are in the same
        clause (no boundary between them) when ``clause[i] == clause[j]``.
        """
        pos_of = {it[0]: x for x, it in enumerate(items)}  # item index -> position in items
        role_items: list[int] = []
        for j in compress(range(n), map(and_, flags, repeat(_ACTION | _EVAL | _REPORT))):
            if j in owner:
                continue
            if flags[j] & _REPORT:
                self._speakers(j, n, flags, ranges, owner, ent_of, clause, pos_of, soft, roles)
            if flags[j] & (_ACTION | _EVAL):
                role_items.append(j)
        negatives: dict[int, list[int]] | None = None  # clause -> negative items in it
        for j in role_items:
            f = flags[j]
            pre, post, post_kind = self._neighbours(j, n, flags, ranges, owner, clause)
            # Passive: an auxiliary before the participle, or "by X" right after it
            # ("Pakistan, threatened by Iran").
            passive = bool(f & _PARTICIPLE) and (
                (j > 0 and flags[j - 1] & _AUX)
                or (j > 1 and flags[j - 2] & _AUX and j - 1 not in owner)
                or (post is not None and post_kind == "agent"))
            good: list[int] = []  # spans that get the attached words
            bad: list[int] = []   # spans that never get them (patient / source)
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
            good_e = tuple(sorted({ent_of[k] for k in good}))
            bad_e = {ent_of[k] for k in bad}
            for q in good_e:
                roles[q].add(agent_role)
            for q in bad_e:
                roles[q].add(patient_role)
            # Words attached to an action or a judgement belong to its agent or
            # object; with none mentioned, to nobody (never to the nearest name).
            scope = f"role:{agent_role}" if good_e else "role:none"
            # Attached words lie between the two participants, never beyond them
            # ("violates Iran's sovereignty": "sovereignty" is not the violator's).
            cj = clause[j]
            lo, hi = max(0, j - self._attach), min(n - 1, j + self._attach)
            if pre is not None:
                lo = max(lo, ranges[pre][1] + 1)
            if post is not None:
                hi = min(hi, ranges[post][0] - 1)
            for i in range(lo, hi + 1):
                x = pos_of.get(i)
                if x is not None and clause[i] == cj:
                    d = abs(i - j)
                    if x not in forced or d < forced[x][0]:
                        forced[x] = (d, good_e, scope)
            if bad_e:
                if f & _ACTION:
                    # The patient takes no negative word from its action's clause.
                    if negatives is None:  # negative items by clause, once per sentence
                        negatives = {}
                        for x, it in enumerate(items):
                            if it[1] < 0:
                                negatives.setdefault(clause[it[0]], []).append(x)
                    for x in negatives.get(cj, ()):
                        hard.setdefault(x, set()).update(bad_e)
                else:
                    for i in range(lo, hi + 1):
                        x = pos_of.get(i)
                        if x is not None and clause[i] == cj:
                            hard.setdefault(x, set()).update(bad_e)

    @staticmethod
    @lru_cache(maxsize=64)
    def _powers(base: float, n: int) -> tuple[float, ...]:
        # base ** k for k < n, computed once per sentence length.
        return tuple(base ** k for k in range(max(n, 1)))

    def _speakers(self, r, n, flags, ranges, owner, ent_of, clause, pos_of, soft, roles) -> None:
        """Reporting verb at item r: its speaker takes no valence from outside the
        stretch between itself and the verb ("X said the plan was bad": not X's)."""
        rw = self._role_window
        speaker, lo, hi = None, 0, 0
        # In the passive ("X was noted", "X is said to ...") the subject is what is
        # reported, not the speaker.
        i = r - 1 if not (r > 0 and flags[r - 1] & _AUX) else -1
        while i >= 0 and r - i <= rw:
            k = owner.get(i)
            if k is not None:
                # The verb's own boundary (it is a clause word) does not separate it from its subject.
                if clause[i] == clause[r - 1] and not (ranges[k][0] > 0 and flags[ranges[k][0] - 1] & _PREP):
                    speaker, lo, hi = k, ranges[k][0], r
                break
            if flags[i] & (_ACTION | _EVAL | _PREP | _REPORT):
                break
            i -= 1
        if speaker is None:
            # "..., said X", "according to X": only determiners or "to" in between.
            i = r + 1
            while i < n and i - r <= 3 and clause[i] == clause[r]:
                k = owner.get(i)
                if k is not None:
                    speaker, lo, hi = k, r, ranges[k][1]
                    break
                if not flags[i] & (_DET | _TO):
                    break
                i += 1
        if speaker is None:
            return
        q = ent_of[speaker]
        roles[q].add("speaker")
        for j, x in pos_of.items():
            if j < lo or j > hi:
                soft.setdefault(x, set()).add(q)

    def _neighbours(self, j, n, flags, ranges, owner, clause):
        """The mention (span) before item j that may be its subject/possessor, and the
        one after it with how it attaches (direct object, or by its preposition)."""
        rw = self._role_window
        pre = None
        i = j - 1
        while i >= 0 and j - i <= rw:
            k = owner.get(i)
            if k is not None:
                a = ranges[k][0]
                # A mention after a preposition ("in Iran") is a place or patient, not a subject.
                if clause[i] == clause[j] and not (a > 0 and flags[a - 1] & _PREP):
                    pre = k
                break
            if flags[i] & (_ACTION | _EVAL | _PREP):
                break
            i -= 1
        post, kind = None, ""
        prep = 0
        i = j + 1
        while i < n and i - j <= rw:
            k = owner.get(i)
            if k is not None:
                if clause[i] == clause[j]:
                    post = k
                    if prep & _AGENT_P:
                        kind = "agent"
                    elif prep & _PATIENT_P:
                        kind = "patient"
                    elif prep & _OBJECT_P:
                        kind = "object"
                    elif all(flags[x] & _DET for x in range(j + 1, i)):
                        kind = "direct"
                    else:
                        post = None
                break
            f = flags[i]
            if f & (_ACTION | _EVAL):
                break
            if f & _PREP and not prep:
                prep = f & _PREP
                # A word carrying several preposition flags: the first listed wins.
                prep = _AGENT_P if prep & _AGENT_P else _PATIENT_P if prep & _PATIENT_P else _OBJECT_P
            i += 1
        return pre, post, kind


def _headline(flags: list[int], all_flags: int) -> bool:
    """Headline Style: at least three capitalised words and none in lower case
    except the short ones headlines keep small ("Iran Strikes Back at Pakistan")."""
    return not all_flags & _LOWER and sum(1 for f in flags if f & _TITLE) >= 3


def _negation(flags: list[int], j: int) -> float:
    # VADER's negation window for a word it does not rate: any of the three
    # items before it negates (once).
    for i in range(max(0, j - 3), j):
        if flags[i] & _NEG:
            return N_SCALAR
    return 1.0


class _Cache(dict):
    """word item -> make(item), computed on a miss (bounded)."""

    __slots__ = ("_make",)

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, word: str):
        if len(self) >= 100_000:  # a long-running process sees endless new words
            self.clear()
        value = self[word] = self._make(word)
        return value


def _name_part(flags: list[int], j: int, n: int) -> bool:
    """True when capitalised item j is inside a name ("United States", "Justice
    Department", "Army of Justice"): its valence is not an evaluation."""
    if j + 1 < n and flags[j + 1] & _TITLE:
        return True
    if j > 1 and flags[j - 1] & _TITLE:  # a capitalised first word of the text proves nothing
        return True
    return j > 1 and flags[j - 1] & _OF_THE and flags[j - 2] & _TITLE


@lru_cache(maxsize=4)
def _default_scorer(overlay: str | None = "conflict-overlay") -> ToneScorer:
    return ToneScorer(overlay)


def tone_toward(text: str, start: int, end: int, *, others: Sequence[tuple[int, int]] = (),
                overlay: "str | Lexicon | None" = "conflict-overlay", method: str = "rules",
                entities: Sequence[Hashable] | None = None, conflict: bool | None = None):
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
    entities : sequence of hashables, optional
        Entity keys of the target and then of each of `others` (equal keys:
        the same entity, which shares words and tone).
    conflict : bool, optional
        Whether the text reports armed conflict (see :meth:`ToneScorer.analyze`).

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

        return load_tone_model().tone_toward(text, start, end, others=others, entities=entities,
                                             conflict=conflict)
    return scorer.score(text, start, end, others, entities=entities, conflict=conflict)
