"""Sentiment toward each state: how much a text mentions it, and the tone of the words about it.

For every mention of a state (or named actor group) that
:class:`framing.mentions.MentionFinder` finds in a counted sentence, the tone
of the language *about it* is computed by :class:`framing.tone.ToneScorer`
(see :mod:`framing.tone` for the method): VADER's per-word valences (computed
once per sentence that mentions a target, exact vaderSentiment 3.3.2),
re-valued by the ``conflict-overlay`` lexicon (event words such as attack,
killed, war count 0; evaluative words such as reckless, illegal, restraint
keep their force), scoped to the target: the whole sentence when it is about
one target (mentions of the same target are one entity), the nearest target
otherwise, with role rules for agents and patients of attacks, objects and
sources of judgements and speakers of reported words, and a damped share of
the sentence's unclaimed words for a target that takes none. Each mention also
gets a ``voice`` (``author``, or ``attributed`` inside quoted or reported
speech, from the attribution measure).

Whether "attack" words mean violence or criticism is decided per document: a
document is about armed conflict when at least two of its sentences that
mention a target hold a ``context/conflict`` word of the overlay (missile,
troops, militants ...); otherwise each sentence decides by its own words.

Spans (``measure="sentiment"``)
-------------------------------
``category="mention"``
    one per mention: ``target`` the state or actor, ``value`` its tone in
    [-1, 1], ``label`` negative / neutral / positive, ``voice``, ``rule``
    ``tone:<method>[+role:<role>] scope:<how> (<mention lexicon entry>)``
    (``how``: ``sentence``, ``window``, ``role``, ``context`` joined by '+',
    or ``none`` when no word counted), ``link`` shared with the valence spans
    that make up its tone (and with the other mentions of the same target in
    the sentence, which share its words and its tone).
``category="valence"``
    one per word that counted toward a target (``target`` that target,
    ``value`` what it added: scoped valence x weight, same ``link``, ``rule``
    the word's lexical source and its scope, e.g. ``vader:praise
    scope:window``); one per valued word that no target took (``target`` ''),
    and one per word the overlay neutralised (``label="neutralised"``,
    ``value`` 0: an event word such as "attack" that sentence VADER would
    have counted). ``label`` positive / negative. Only sentences that mention
    a target are scored, so only they have valence spans.

``sum(value of the valence spans sharing a mention's link)`` normalised as
VADER normalises (``x / sqrt(x**2 + 15)``) gives the mention's tone.

Targets frame (one row per document x target)
---------------------------------------------
``sentiment_kind`` (state / actor), ``sentiment_mentions``,
``sentiment_mention_share`` (share of the document's mentions of that kind),
``sentiment_tone_mean`` with ``sentiment_tone_ci_low`` / ``_ci_high`` (95 %
percentile bootstrap of the mean over the mentions, 1,000 resamples drawn
from a fixed table per number of mentions, so results are reproducible and
equal values give equal intervals; NaN with fewer than 2 mentions),
``sentiment_n_negative`` / ``_neutral`` / ``_positive``, the same mean and
counts for ``_author`` and ``_attributed`` mentions, and
``sentiment_sentence_vader_mean``: plain VADER's mean compound over the
sentences that mention the target, the baseline to compare with.

Document metrics
----------------
``sentiment_state_mentions`` and ``_per_1k``, ``sentiment_actor_mentions``,
``sentiment_distinct_states``, ``sentiment_tone_mean`` (over state mentions),
``sentiment_negative_share`` / ``_positive_share`` (of state mentions),
``sentiment_attributed_share`` (state mentions in attributed voice),
``sentiment_vader_mean_mention_sentences`` (plain VADER's mean compound over
the counted sentences that mention a state or actor; NaN without one).
Sentence flags: ``sentiment_mention_vader_compound`` (VADER's compound of a
counted sentence that mentions a target; NaN for other sentences) and
``sentiment_mentions``.

Options
-------
``method="rules"`` (default) or ``"learned"``: the learned model
(:mod:`framing.tone_model`, fitted on NewsMTSC) labels each mention instead;
its tone is P(positive) - P(negative) and the valence spans are the same
rule-based evidence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np

from ..lexicons import Lexicon, load_lexicon
from ..mentions import MentionFinder
from ..text import PreparedDocument
from ..tone import NEGATIVE, NEUTRAL, POSITIVE, ToneScorer
from ..valence import ValenceScorer
from .base import ATTRIBUTED, AUTHOR, NAN, Measure, MeasureOutput, Span, VoiceMap, per_thousand, share

MEASURE_NAME = "sentiment"
METHODS = ("rules", "learned")
_BOOTSTRAP = 1000
_LABELS = (NEGATIVE, NEUTRAL, POSITIVE)
_COUNT_KEYS = [(lab, v) for lab in _LABELS for v in (AUTHOR, ATTRIBUTED, None)]
_N_KEY = {(lab, v): f"sentiment_n_{lab}" + (f"_{v}" if v else "") for lab, v in _COUNT_KEYS}
_MENTIONS_KEY = {v: f"sentiment_mentions_{v}" for v in (AUTHOR, ATTRIBUTED)}
_MEAN_KEY = {v: f"sentiment_tone_mean_{v}" for v in (AUTHOR, ATTRIBUTED)}
#: Sentences (that mention a target) with a conflict-context word that make a
#: document "about armed conflict" (attack words then mean violence everywhere in it).
CONFLICT_SENTENCES = 2
_SCALE = 10_000     # tones have 4 decimals: bootstrap sums are exact integers of 1e-4
_CACHED_N = 255     # resampling tables cached (64 sizes at most) up to this many mentions
_new_tuple = tuple.__new__  # Span(*fields) without NamedTuple's Python-level __new__ (runs for every word)


def _mean(values: Sequence[float]) -> float:
    vals = [v for v in values if v == v]
    return sum(vals) / len(vals) if vals else NAN


@lru_cache(maxsize=64)
def _cached_counts(n: int, reps: int) -> np.ndarray:
    return _draw_counts(n, reps).astype(np.uint8)  # counts <= n <= 255: 1 byte each


def _draw_counts(n: int, reps: int) -> np.ndarray:
    """How often each of n values is drawn in each of `reps` resamples: (reps, n).

    Drawn from a generator seeded by (n, reps) alone, so the table -- and every
    interval -- is the same in every run, process and document.
    """
    rng = np.random.Generator(np.random.PCG64([20240118, n, reps]))
    idx = rng.integers(0, n, size=(reps, n)) + (np.arange(reps) * n)[:, None]
    return np.bincount(idx.ravel(), minlength=reps * n).reshape(reps, n)


def _resample_counts(n: int, reps: int) -> np.ndarray:
    # Float64 holding small whole numbers, so that the sums use BLAS and stay exact.
    table = _cached_counts(n, reps) if n <= _CACHED_N else _draw_counts(n, reps)
    return table.astype(np.float64)


def bootstrap_intervals(groups: Sequence[Sequence[float]], reps: int = _BOOTSTRAP,
                        level: float = 0.95) -> list[tuple[float, float]]:
    """Percentile bootstrap interval of the mean of each group of values.

    Each group is resampled with replacement ``reps`` times; with ``t =
    floor(reps * (1 - level) / 2)`` its interval runs from the t-th smallest
    to the t-th largest resampled mean (the 25th smallest and 25th largest of
    1,000 for 95 %), rounded to 4 places. NaN values are dropped; a group
    with fewer than two values gives (NaN, NaN).

    The resamples come from a fixed table per group size (seeded by the size
    alone), and values are summed as whole numbers of 1e-4 (the tones'
    precision; sums below 2**53 are exact in float64, in any order), so the
    result depends only on the values: the same in any run, order, process or
    BLAS thread count. Groups of equal size are computed together.

    >>> bootstrap_intervals([[0.1, -0.2, 0.3, 0.0], [0.5]])[1]
    (nan, nan)
    >>> lo, hi = bootstrap_intervals([[0.1, -0.2, 0.3, 0.0]])[0]; lo < 0.05 < hi
    True
    """
    out: list[tuple[float, float]] = [(NAN, NAN)] * len(groups)
    by_size: dict[int, list[int]] = {}
    clean = []
    for g, values in enumerate(groups):
        vals = [v for v in values if v == v]
        clean.append(vals)
        if len(vals) >= 2:
            by_size.setdefault(len(vals), []).append(g)
    if not by_size:
        return out
    tail = int(reps * (1 - level) / 2)
    lo_k, hi_k = max(tail - 1, 0), min(reps - tail, reps - 1)
    blocks, order, denoms = [], [], []
    for n, members in by_size.items():
        values = np.rint(np.array([clean[g] for g in members], dtype=np.float64) * _SCALE)
        # One row of resampled sums per group (rows, not columns: the partition below
        # then runs over contiguous memory). Exact whole numbers.
        blocks.append(values @ _resample_counts(n, reps).T)  # (groups, reps)
        order.extend(members)
        denoms.extend([n * _SCALE] * len(members))
    sums = blocks[0] if len(blocks) == 1 else np.vstack(blocks)
    part = np.partition(sums, (lo_k, hi_k), axis=1)
    denom = np.array(denoms, dtype=np.float64)
    lo, hi = (part[:, lo_k] / denom).tolist(), (part[:, hi_k] / denom).tolist()
    for col, g in enumerate(order):
        out[g] = (round(lo[col], 4), round(hi[col], 4))
    return out


def bootstrap_interval(values: Sequence[float], reps: int = _BOOTSTRAP,
                       level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of `values` (see :func:`bootstrap_intervals`).

    >>> bootstrap_interval([0.1, -0.2, 0.3, 0.0]) == bootstrap_interval([0.1, -0.2, 0.3, 0.0])
    True
    >>> bootstrap_interval([0.5] * 5)
    (0.5, 0.5)
    """
    return bootstrap_intervals([values], reps, level)[0]


class SentimentMeasure(Measure):
    """Mentions of states and actors, and the scoped tone toward each.

    Parameters
    ----------
    lexicons : mapping
        ``states``, ``actors-strikes-2024`` (the targets) and
        ``conflict-overlay`` (the overlay on VADER's lexicon, with the role
        word lists and scoping parameters).
    method : {"rules", "learned"}
        How each mention is labelled (see the module docstring).

    Examples
    --------
    >>> from framing.text import prepare
    >>> m = SentimentMeasure(SentimentMeasure.default_lexicons())
    >>> out = m.analyze(prepare("d", "Iran's reckless strike on Pakistan killed two children."), {})
    >>> [(s.target, s.label, s.value) for s in out.spans if s.category == "mention"]
    [('Iran', 'negative', -0.4019), ('Pakistan', 'neutral', 0.0)]
    """

    name = MEASURE_NAME
    lexicon_names = ("states", "actors", "conflict-overlay")
    requires = ("attribution",)
    target_defaults = {
        "sentiment_kind": "", "sentiment_mentions": 0, "sentiment_mention_share": NAN,
        "sentiment_tone_mean": NAN, "sentiment_tone_ci_low": NAN, "sentiment_tone_ci_high": NAN,
        "sentiment_n_negative": 0, "sentiment_n_neutral": 0, "sentiment_n_positive": 0,
        "sentiment_mentions_author": 0, "sentiment_tone_mean_author": NAN,
        "sentiment_n_negative_author": 0, "sentiment_n_neutral_author": 0, "sentiment_n_positive_author": 0,
        "sentiment_mentions_attributed": 0, "sentiment_tone_mean_attributed": NAN,
        "sentiment_n_negative_attributed": 0, "sentiment_n_neutral_attributed": 0,
        "sentiment_n_positive_attributed": 0, "sentiment_sentence_vader_mean": NAN,
    }

    def __init__(self, lexicons: Mapping[str, Lexicon | str], *, method: str = "rules"):
        super().__init__(lexicons)
        if method not in METHODS:
            raise ValueError(f"sentiment method must be one of {METHODS}, not {method!r}")
        for n in self.lexicon_names:
            self.lexicons[n] = load_lexicon(self.lexicons[n])
        self.method = method
        self._finder = MentionFinder(self.lexicons["states"], self.lexicons["actors"])
        self._valence = ValenceScorer()
        self._tone = ToneScorer(self.lexicons["conflict-overlay"], valence=self._valence)
        self._rules: dict[tuple, str] = {}  # rule strings, built once
        self._model = self._plain = None
        if method == "learned":
            from ..tone_model import load_tone_model

            self._model = load_tone_model()
            self._plain = ToneScorer(None, valence=self._valence)

    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]]) -> MeasureOutput:
        n_sent = len(doc.sentences)
        compound_flag = [NAN] * n_sent
        mention_flag = [0] * n_sent
        flags = {"sentiment_mention_vader_compound": compound_flag, "sentiment_mentions": mention_flag}
        if not doc.n_words:
            return MeasureOutput([], self._empty_metrics(), flags, [])
        mentions = self._finder.find(doc)  # counted sentences only, in text order
        if not mentions:
            return MeasureOutput([], self._metrics(doc, [], []), flags, [])

        # Only sentences that mention a target are scored (tone is about targets).
        groups: list[tuple[int, list]] = []
        for m in mentions:
            if groups and groups[-1][0] == m.sent_id:
                groups[-1][1].append(m)
            else:
                groups.append((m.sent_id, [m]))
        text = doc.text
        sentences = doc.sentences
        score = self._valence.score
        scored = []
        n_conflict = 0
        conflict_words = self._tone.conflict_words
        for sid, ms in groups:
            s = sentences[sid]
            sent_text = text[s.start:s.end]
            sv = score(sent_text)
            compound_flag[sid] = sv.compound
            mention_flag[sid] = len(ms)
            if n_conflict < CONFLICT_SENTENCES and conflict_words(sv.words):
                n_conflict += 1
            scored.append((s.start, sent_text, sv))
        conflict = True if n_conflict >= CONFLICT_SENTENCES else None

        vm = VoiceMap.from_spans(doc, found.get("attribution") if found else None)
        voice = vm.voice
        doc_id = doc.doc_id
        tone_score = self._tone._score
        rules = self._rules
        spans: list[Span] = []
        append = spans.append
        # Per mention: (target, kind, tone, label, voice, sent_id)
        records: list[tuple[str, str, float, str, str, int]] = []
        for (sid, ms), (base, sent_text, sv) in zip(groups, scored):
            if not sv.words:  # cannot happen (a mention holds a word); kept for safety
                continue
            rel = [(m.start - base, m.end - base) for m in ms]
            keys = [m.target for m in ms]
            r = tone_score(sent_text, rel, sv, keys, conflict)
            ent_of = r.ent_of
            n_ent = len(r.tones)
            if self._model is None:
                per_mention = [(r.labels[q], r.tones[q]) for q in ent_of]
            else:
                # The model labels each mention from the rule-based evidence and its own features.
                st = ToneScorer._sentence_tone(sv, rel, r)
                pl = self._plain.analyze(sent_text, rel, sv, entities=keys, conflict=conflict)
                per_mention = self._model.analyze(sent_text, st, pl)
            # Most sentences hold no quoted or reported speech: one voice for all their spans.
            mixed_voice = vm.overlaps(base, base + len(sent_text))
            links = [f"sentiment:{sid}:{q}" for q in range(n_ent)]
            ent_target = [""] * n_ent
            mention_spans = []
            for m, q, (label, tone) in zip(ms, ent_of, per_mention):
                if not ent_target[q]:
                    ent_target[q] = m.target
                v = voice(m.start, m.end) if mixed_voice else AUTHOR
                key = (r.scopes[q], r.roles[q], m.rule)
                rule = rules.get(key)
                if rule is None:
                    rule = rules[key] = self._mention_rule(*key)
                mention_spans.append(_new_tuple(Span, (doc_id, sid, m.start, m.end, text[m.start:m.end], MEASURE_NAME,
                                            "mention", label, m.target, v, float(tone), rule, links[q])))
                records.append((m.target, m.kind, tone, label, v, sid))
            # Spans in text order: the valued words never overlap a mention.
            mi, n_m = 0, len(mention_spans)
            starts, ends = sv.starts, sv.ends
            for (j, value, wrule, _cat), own in zip(r.items, r.owners):
                # Offsets are the sentence's plus the word's; the text is cut from the document.
                a, b = base + starts[j], base + ends[j]
                while mi < n_m and mention_spans[mi][2] < a:
                    append(mention_spans[mi])
                    mi += 1
                wtext = text[a:b]
                wv = voice(a, b) if mixed_voice else AUTHOR
                if value == 0:
                    append(_new_tuple(Span, (doc_id, sid, a, b, wtext, MEASURE_NAME, "valence", "neutralised", "",
                                  wv, 0.0, wrule, "")))
                elif not own:
                    append(_new_tuple(Span, (doc_id, sid, a, b, wtext, MEASURE_NAME, "valence",
                                  POSITIVE if value > 0 else NEGATIVE, "", wv, float(value), wrule, "")))
                else:
                    for q, weight, scope in own:
                        v = value * weight
                        key = (wrule, scope)
                        rule = rules.get(key)
                        if rule is None:
                            rule = rules[key] = f"{wrule} scope:{scope}"
                        append(_new_tuple(Span, (doc_id, sid, a, b, wtext, MEASURE_NAME, "valence",
                                      POSITIVE if v > 0 else NEGATIVE, ent_target[q], wv, float(v),
                                      rule, links[q])))
            spans.extend(mention_spans[mi:])

        mention_sentences = [g[0] for g in groups]
        metrics = self._metrics(doc, records, [compound_flag[i] for i in mention_sentences])
        targets = self._targets(records, compound_flag)
        return MeasureOutput(spans, metrics, flags, targets)

    def _mention_rule(self, scope: str, role: str, entry_rule: str) -> str:
        return f"tone:{self.method}" + (f"+role:{role}" if role else "") + f" scope:{scope} ({entry_rule})"

    # -- aggregation ------------------------------------------------------------------

    @staticmethod
    def _empty_metrics() -> dict[str, float]:
        return {"sentiment_state_mentions": 0, "sentiment_state_mentions_per_1k": NAN,
                "sentiment_actor_mentions": 0, "sentiment_distinct_states": 0,
                "sentiment_tone_mean": NAN, "sentiment_negative_share": NAN,
                "sentiment_positive_share": NAN, "sentiment_attributed_share": NAN,
                "sentiment_vader_mean_mention_sentences": NAN}

    @staticmethod
    def _metrics(doc, records, compounds) -> dict[str, float]:
        n = n_neg = n_pos = n_att = n_actor = 0
        tone_sum, n_tone = 0.0, 0
        states = set()
        for target, kind, tone, label, v, _ in records:
            if kind != "state":
                n_actor += 1
                continue
            n += 1
            states.add(target)
            if tone == tone:
                tone_sum += tone
                n_tone += 1
            n_neg += label == NEGATIVE
            n_pos += label == POSITIVE
            n_att += v == ATTRIBUTED
        return {
            "sentiment_state_mentions": n,
            "sentiment_state_mentions_per_1k": per_thousand(n, doc.n_words),
            "sentiment_actor_mentions": n_actor,
            "sentiment_distinct_states": len(states),
            "sentiment_tone_mean": tone_sum / n_tone if n_tone else NAN,
            "sentiment_negative_share": share(n_neg, n),
            "sentiment_positive_share": share(n_pos, n),
            "sentiment_attributed_share": share(n_att, n),
            "sentiment_vader_mean_mention_sentences": _mean(compounds),
        }

    @staticmethod
    def _targets(records, compound_flag) -> list[dict[str, Any]]:
        by_target: dict[str, list] = {}
        kind_total: dict[str, int] = {}
        for r in records:
            by_target.setdefault(r[0], []).append(r)
            kind_total[r[1]] = kind_total.get(r[1], 0) + 1
        names = sorted(by_target)
        tones = [[r[2] for r in by_target[t]] for t in names]
        intervals = bootstrap_intervals(tones)
        rows = []
        for target, values, (lo, hi) in zip(names, tones, intervals):
            recs = by_target[target]
            kind = recs[0][1]
            counts: dict[tuple[str, str], int] = {}  # (label, voice) -> mentions
            for r in recs:
                key = (r[3], r[4])
                counts[key] = counts.get(key, 0) + 1
            n_of = counts.get
            row: dict[str, Any] = {
                "target": target,
                "sentiment_kind": kind,
                "sentiment_mentions": len(recs),
                "sentiment_mention_share": share(len(recs), kind_total[kind]),
                "sentiment_tone_mean": _mean(values),
                "sentiment_tone_ci_low": lo,
                "sentiment_tone_ci_high": hi,
            }
            for lab in _LABELS:
                row[_N_KEY[lab, None]] = n_of((lab, AUTHOR), 0) + n_of((lab, ATTRIBUTED), 0)
            for voice in (AUTHOR, ATTRIBUTED):
                by_label = [n_of((lab, voice), 0) for lab in _LABELS]
                n = sum(by_label)
                row[_MENTIONS_KEY[voice]] = n
                row[_MEAN_KEY[voice]] = _mean([r[2] for r in recs if r[4] == voice]) if n else NAN
                for lab, count in zip(_LABELS, by_label):
                    row[_N_KEY[lab, voice]] = count
            row["sentiment_sentence_vader_mean"] = _mean([compound_flag[i] for i in sorted({r[5] for r in recs})])
            rows.append(row)
        return rows

MEASURE = SentimentMeasure
