"""Sentiment toward each state: how much a text mentions it, and the tone of the words about it.

For every mention of a state (or named actor group) that
:class:`framing.mentions.MentionFinder` finds in a counted sentence, the tone
of the language *about it* is computed by :class:`framing.tone.ToneScorer`
(see :mod:`framing.tone` for the method): VADER's per-word valences (computed
once per sentence, exact vaderSentiment 3.3.2), re-valued by the
``conflict-overlay`` lexicon (event words such as attack, killed, war count
0; evaluative words such as reckless, illegal, restraint keep their force),
assigned to the nearest mention in the same sentence, with role rules for
agents and patients of attacks, objects and speakers of judgements, and the
speakers of reported words. Each mention also gets a ``voice`` (``author``, or
``attributed`` inside quoted or reported speech, from the attribution measure).

Spans (``measure="sentiment"``)
-------------------------------
``category="mention"``
    one per mention: ``target`` the state or actor, ``value`` its tone in
    [-1, 1], ``label`` negative / neutral / positive, ``voice``, ``rule``
    ``tone:<method>[+role:<role>] (<mention lexicon entry>)``, ``link``
    shared with the valence spans that make up its tone.
``category="valence"``
    one per word that counted toward a mention (``target`` that mention's
    target, ``value`` what it added: scoped valence x weight, same ``link``);
    one per valued word that no mention took (``target`` ''), and one per
    word the overlay neutralised (``label="neutralised"``, ``value`` 0: an
    event word such as "attack" that sentence VADER would have counted).
    ``label`` positive / negative, ``rule`` ``vader:<word>`` or the overlay
    entry (``conflict-overlay:evaluative/negative:reckless``).

``sum(value of a mention's valence spans)`` normalised as VADER normalises
(``x / sqrt(x**2 + 15)``) gives the mention's tone.

Targets frame (one row per document x target)
---------------------------------------------
``sentiment_kind`` (state / actor), ``sentiment_mentions``,
``sentiment_mention_share`` (share of the document's mentions of that kind),
``sentiment_tone_mean`` with ``sentiment_tone_ci_low`` / ``_ci_high`` (95 %
percentile bootstrap over the mentions, 1,000 resamples, seeded from doc_id
and target so results are reproducible; NaN with fewer than 2 mentions),
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
``sentiment_vader_mean`` (mean sentence compound over counted sentences).
Sentence flags: ``sentiment_vader_compound`` (NaN for sentences not counted)
and ``sentiment_mentions``.

Options
-------
``method="rules"`` (default) or ``"learned"``: the learned model
(:mod:`framing.tone_model`, fitted on NewsMTSC) labels each mention instead;
its tone is P(positive) - P(negative) and the valence spans are the same
rule-based evidence.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping, Sequence

import numpy as np

from ..lexicons import Lexicon, load_lexicon
from ..mentions import MentionFinder
from ..text import PreparedDocument
from ..tone import NEGATIVE, NEUTRAL, POSITIVE, ToneScorer
from ..valence import ValenceScorer
from .base import ATTRIBUTED, AUTHOR, NAN, Measure, MeasureOutput, Span, VoiceMap, make_span, per_thousand, share

MEASURE_NAME = "sentiment"
METHODS = ("rules", "learned")
_BOOTSTRAP = 1000
_LABELS = (NEGATIVE, NEUTRAL, POSITIVE)


def _mean(values: Sequence[float]) -> float:
    vals = [v for v in values if v == v]
    return sum(vals) / len(vals) if vals else NAN


def bootstrap_interval(values: Sequence[float], seed_key: str, reps: int = _BOOTSTRAP,
                       level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, seeded from `seed_key` (reproducible).

    ``reps`` resamples of the values with replacement; with ``t = floor(reps *
    (1 - level) / 2)`` the interval runs from the t-th smallest to the t-th
    largest resampled mean (the 25th smallest and 25th largest of 1,000 for
    95 %), rounded to 4 places. NaN, NaN with fewer than two values.

    >>> bootstrap_interval([0.1, -0.2, 0.3, 0.0], "doc|Iran") == bootstrap_interval([0.1, -0.2, 0.3, 0.0], "doc|Iran")
    True
    >>> lo, hi = bootstrap_interval([0.1, -0.2, 0.3, 0.0], "doc|Iran"); lo < 0.05 < hi
    True
    """
    vals = np.asarray([v for v in values if v == v], dtype=float)
    n = len(vals)
    if n < 2:
        return NAN, NAN
    seed = int.from_bytes(hashlib.sha256(seed_key.encode("utf-8")).digest()[:8], "little")
    rng = np.random.Generator(np.random.PCG64(seed))
    sums = vals[rng.integers(0, n, size=(reps, n))].sum(axis=1)
    sums.sort()
    tail = int(reps * (1 - level) / 2)
    return round(float(sums[max(tail - 1, 0)] / n), 4), round(float(sums[min(reps - tail, reps - 1)] / n), 4)


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
        self._model = self._plain = None
        if method == "learned":
            from ..tone_model import load_tone_model

            self._model = load_tone_model()
            self._plain = ToneScorer(None, valence=self._valence)

    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]]) -> MeasureOutput:
        n_sent = len(doc.sentences)
        compound_flag = [NAN] * n_sent
        mention_flag = [0] * n_sent
        counted = doc.counted_sentences
        if not counted:
            return MeasureOutput([], self._empty_metrics(), {"sentiment_vader_compound": compound_flag,
                                                             "sentiment_mentions": mention_flag}, [])
        vm = VoiceMap.from_spans(doc, found.get("attribution") if found else None)
        by_sentence: dict[int, list] = {}
        for m in self._finder.find(doc):
            by_sentence.setdefault(m.sent_id, []).append(m)

        spans: list[Span] = []
        # Per mention: (target, kind, tone, label, voice, sent_id)
        records: list[tuple[str, str, float, str, str, int]] = []
        text = doc.text
        for s in counted:
            sent_text = text[s.start:s.end]
            sv = self._valence.score(sent_text)
            compound_flag[s.sent_id] = sv.compound
            mentions = by_sentence.get(s.sent_id, [])
            mention_flag[s.sent_id] = len(mentions)
            if not sv.words:
                continue
            rel = [(m.start - s.start, m.end - s.start) for m in mentions]
            st = self._tone.analyze(sent_text, rel, sv)
            if mentions and self._model is not None:
                pl = self._plain.analyze(sent_text, rel, sv)
                learned = self._model.analyze(sent_text, st, pl)
            else:
                learned = None
            links = []
            for k, (m, r) in enumerate(zip(mentions, st.targets)):
                tone, label = (r.tone, r.label) if learned is None else (learned[k][1], learned[k][0])
                voice = vm.voice(m.start, m.end)
                link = f"sentiment:{s.sent_id}:{k}"
                links.append(link)
                rule = f"tone:{self.method}" + (f"+role:{r.role}" if r.role else "") + f" ({m.rule})"
                spans.append(make_span(doc, m.start, m.end, MEASURE_NAME, "mention", label, target=m.target,
                                       voice=voice, value=tone, rule=rule, link=link, sent_id=s.sent_id))
                records.append((m.target, m.kind, tone, label, voice, s.sent_id))
            base = s.start
            doc_id, sid = doc.doc_id, s.sent_id
            for w in st.words:
                # Spans built directly (not make_span): the offsets are the sentence's
                # plus the word's, and the text is cut from the document as make_span does.
                a, b = base + w.start, base + w.end
                wtext = text[a:b]
                voice = vm.voice(a, b)
                if w.value == 0:
                    spans.append(Span(doc_id, sid, a, b, wtext, MEASURE_NAME, "valence", "neutralised", "",
                                      voice, 0.0, w.rule, ""))
                elif not w.owners:
                    spans.append(Span(doc_id, sid, a, b, wtext, MEASURE_NAME, "valence",
                                      POSITIVE if w.value > 0 else NEGATIVE, "", voice, float(w.value),
                                      w.rule, ""))
                else:
                    for k, weight, _scope in w.owners:
                        v = w.value * weight
                        spans.append(Span(doc_id, sid, a, b, wtext, MEASURE_NAME, "valence",
                                          POSITIVE if v > 0 else NEGATIVE, mentions[k].target, voice,
                                          float(v), w.rule, links[k]))

        spans.sort(key=lambda sp: (sp.start, sp.end, sp.category != "mention", sp.link))
        metrics = self._metrics(doc, records, compound_flag)
        targets = self._targets(doc, records, compound_flag)
        return MeasureOutput(spans, metrics, {"sentiment_vader_compound": compound_flag,
                                              "sentiment_mentions": mention_flag}, targets)

    # -- aggregation ------------------------------------------------------------------

    @staticmethod
    def _empty_metrics() -> dict[str, float]:
        return {"sentiment_state_mentions": 0, "sentiment_state_mentions_per_1k": NAN,
                "sentiment_actor_mentions": 0, "sentiment_distinct_states": 0,
                "sentiment_tone_mean": NAN, "sentiment_negative_share": NAN,
                "sentiment_positive_share": NAN, "sentiment_attributed_share": NAN,
                "sentiment_vader_mean": NAN}

    def _metrics(self, doc, records, compound_flag) -> dict[str, float]:
        states = [r for r in records if r[1] == "state"]
        n = len(states)
        compounds = [compound_flag[s.sent_id] for s in doc.counted_sentences]
        return {
            "sentiment_state_mentions": n,
            "sentiment_state_mentions_per_1k": per_thousand(n, doc.n_words),
            "sentiment_actor_mentions": sum(1 for r in records if r[1] != "state"),
            "sentiment_distinct_states": len({r[0] for r in states}),
            "sentiment_tone_mean": _mean([r[2] for r in states]),
            "sentiment_negative_share": share(sum(1 for r in states if r[3] == NEGATIVE), n),
            "sentiment_positive_share": share(sum(1 for r in states if r[3] == POSITIVE), n),
            "sentiment_attributed_share": share(sum(1 for r in states if r[4] == ATTRIBUTED), n),
            "sentiment_vader_mean": _mean(compounds),
        }

    def _targets(self, doc, records, compound_flag) -> list[dict[str, Any]]:
        by_target: dict[str, list] = {}
        kind_total: dict[str, int] = {}
        for r in records:
            by_target.setdefault(r[0], []).append(r)
            kind_total[r[1]] = kind_total.get(r[1], 0) + 1
        rows = []
        for target in sorted(by_target):
            recs = by_target[target]
            kind = recs[0][1]
            tones = [r[2] for r in recs]
            lo, hi = bootstrap_interval(tones, f"{doc.doc_id}\x00{target}")
            row: dict[str, Any] = {
                "target": target,
                "sentiment_kind": kind,
                "sentiment_mentions": len(recs),
                "sentiment_mention_share": share(len(recs), kind_total[kind]),
                "sentiment_tone_mean": _mean(tones),
                "sentiment_tone_ci_low": lo,
                "sentiment_tone_ci_high": hi,
            }
            for lab in _LABELS:
                row[f"sentiment_n_{lab}"] = sum(1 for r in recs if r[3] == lab)
            for voice in (AUTHOR, ATTRIBUTED):
                sub = [r for r in recs if r[4] == voice]
                row[f"sentiment_mentions_{voice}"] = len(sub)
                row[f"sentiment_tone_mean_{voice}"] = _mean([r[2] for r in sub])
                for lab in _LABELS:
                    row[f"sentiment_n_{lab}_{voice}"] = sum(1 for r in sub if r[3] == lab)
            sentences = sorted({r[5] for r in recs})
            row["sentiment_sentence_vader_mean"] = _mean([compound_flag[i] for i in sentences])
            rows.append(row)
        return rows


MEASURE = SentimentMeasure
