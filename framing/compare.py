"""Compare groups of documents: intervals, permutation tests, keyness and keywords in context.

Scoring gives one number per document; comparison asks how sure we can be that
two outlets (or outlet types, or perspective groups) differ. Every function
here works on the frames of a :class:`~framing.score.ScoreResult`.

``group_intervals``
    a group's value of a metric with a bootstrap interval. A rate such as
    hedges per 1,000 words is rebuilt from sentence-level counts, so the
    bootstrap resamples *sentences within documents* (and documents within a
    group when it has several); a metric with no sentence-level form falls
    back to resampling documents, and the ``method`` column says which.
``permutation_test``
    a difference between two groups with a permutation p-value and Cliff's
    delta as effect size.
``keyness``
    words over-used by one group against the rest: signed log-likelihood G²
    (Dunning 1993) with log ratio (Hardie 2014) as effect size.
``kwic``
    keywords in context, with the lexicon pattern syntax; :func:`kwic_html`
    shows them with the keyword highlighted.

How a metric is rebuilt from sentences
--------------------------------------
A metric is a :class:`Ratio` of two per-sentence quantities summed over a
document's counted sentences: hedges per 1,000 words is
``Ratio(SpanCount("hedging", "hedge"), Words(), scale=1000)``; the share of
sentences with a hedge is ``Ratio(Column("hedging_has_hedge"), Column(None))``.
:data:`METRICS` maps document metric names to their ratio; before a ratio is
used it must reproduce every document's value in ``result.documents`` (to
1e-9), otherwise the metric falls back to document resampling and the
``note`` column says why. Register your own with :func:`register_metric`.

Groups with nothing to count
----------------------------
A text without a single booster has a booster rate of 0, and so has every
resample of its sentences: a percentile interval of [0, 0], which reads as
certainty where there is only absence. For such a group ``group_intervals``
reports the exact interval from the pooled counts instead (``method``
``exact-poisson`` for a rate per 1,000 words: [0, 3.69 / words x 1000] at
95%, Garwood's exact Poisson interval for 0 events; ``exact-binomial``,
Clopper-Pearson, for a share of none or all) and says so in ``note``; the
plots draw these intervals dashed with an open marker. See
:func:`exact_interval`.

With five documents, one per outlet, an interval for an outlet describes the
uncertainty of *that document's* rate given its sentences, not the outlet's
typical rate: it says how much the number would move had the author written
other sentences in the same way, nothing about the outlet's other articles.

Examples
--------
>>> import framing
>>> r = framing.score("strikes-2024", measures=["hedging"])          # doctest: +SKIP
>>> group_intervals(r, "hedging_hedges_per_1k", by="outlet")          # doctest: +SKIP
>>> keyness(r, "AiBot", by="outlet", stopwords=True).head()           # doctest: +SKIP
>>> kwic(r, "so-called")                                               # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
import warnings
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import FramingInputError

# --- per-sentence quantities ------------------------------------------------------


def _as_tuple(value) -> tuple | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class SpanCount:
    """Spans per sentence, filtered by measure, category, label and voice.

    ``category`` and ``label`` take one value or a tuple of values;
    ``exclude_labels`` drops labels; ``kind`` keeps spans whose target has
    that kind in the targets frame's ``<measure>_kind`` column (``"state"``
    or ``"actor"`` for sentiment); ``distinct_links`` counts distinct
    ``link`` values instead of spans (one attribution = cue + source +
    content), each counted in the sentence of its first span; ``sum_values``
    sums the spans' ``value`` instead of counting them (e.g. tone);
    ``linked_with`` keeps spans whose ``link`` also has a span of that
    category (content of attributions that have a reporting cue).

    >>> SpanCount("hedging", "hedge", voice="author").describe()
    'hedging hedge spans (author voice)'
    """

    measure: str
    category: str | tuple[str, ...] | None = None
    label: str | tuple[str, ...] | None = None
    voice: str | None = None
    exclude_labels: tuple[str, ...] = ()
    distinct_links: bool = False
    kind: str | None = None
    sum_values: bool = False
    linked_with: str | None = None

    def values(self, sentences: pd.DataFrame, spans: pd.DataFrame, targets: pd.DataFrame | None = None) -> np.ndarray:
        s = spans[spans["measure"] == self.measure]
        cats, labels = _as_tuple(self.category), _as_tuple(self.label)
        if cats is not None:
            s = s[s["category"].isin(cats)]
        if labels is not None:
            s = s[s["label"].isin(labels)]
        if self.exclude_labels:
            s = s[~s["label"].isin(self.exclude_labels)]
        if self.voice is not None:
            s = s[s["voice"] == self.voice]
        if self.linked_with is not None:
            has = spans[(spans["measure"] == self.measure) & (spans["category"] == self.linked_with)
                        & (spans["link"].astype(str) != "")]
            keys = set(zip(has["doc_id"].astype(str), has["link"].astype(str)))
            s = s[np.array([k in keys for k in zip(s["doc_id"].astype(str), s["link"].astype(str))], dtype=bool)]
        if self.kind is not None:
            col = f"{self.measure}_kind"
            if targets is None or col not in targets:
                raise FramingInputError(f"no column {col!r} in the targets frame to select kind={self.kind!r}")
            keep = targets.loc[targets[col] == self.kind, ["doc_id", "target"]].astype(str)
            s = s.merge(keep.drop_duplicates(), on=["doc_id", "target"], how="inner")
        if self.distinct_links:
            s = s[s["link"].astype(str) != ""]
            s = s.sort_values(["doc_id", "start"], kind="stable").drop_duplicates(["doc_id", "link"])
        grouped = s.groupby(["doc_id", "sent_id"])
        counts = grouped["value"].sum(min_count=1).fillna(0.0) if self.sum_values else grouped.size()
        key = pd.MultiIndex.from_arrays([sentences["doc_id"], sentences["sent_id"]])
        return counts.reindex(key, fill_value=0).to_numpy(dtype=float)

    def describe(self) -> str:
        parts = [self.measure]
        for v in (self.category, self.label):
            if v is not None:
                parts.append("/".join(_as_tuple(v)))
        text = " ".join(parts) + (" links" if self.distinct_links else " spans")
        if self.kind:
            text += f" ({self.kind} targets)"
        if self.sum_values:
            text = "sum of values of " + text
        if self.exclude_labels:
            text += f" except {'/'.join(self.exclude_labels)}"
        if self.voice:
            text += f" ({self.voice} voice)"
        return text


@dataclass(frozen=True)
class Column:
    """A column of the sentences frame (booleans count 1, missing values 0);
    ``Column(None)`` is 1 for every counted sentence."""

    name: str | None = None

    def values(self, sentences: pd.DataFrame, spans: pd.DataFrame, targets=None) -> np.ndarray:
        if self.name is None:
            return np.ones(len(sentences))
        if self.name not in sentences:
            raise FramingInputError(f"the sentences frame has no column {self.name!r}; "
                                    f"per-sentence columns are {_sentence_value_columns(sentences)}")
        return pd.to_numeric(sentences[self.name], errors="coerce").astype(float).fillna(0.0).to_numpy()

    def describe(self) -> str:
        return "sentences" if self.name is None else self.name


@dataclass(frozen=True)
class NotMissing:
    """1 for sentences where a sentences-frame column has a value (the denominator of a mean)."""

    name: str

    def values(self, sentences: pd.DataFrame, spans: pd.DataFrame, targets=None) -> np.ndarray:
        if self.name not in sentences:
            raise FramingInputError(f"the sentences frame has no column {self.name!r}")
        return pd.to_numeric(sentences[self.name], errors="coerce").notna().to_numpy(dtype=float)

    def describe(self) -> str:
        return f"sentences with {self.name}"


@dataclass(frozen=True)
class Words:
    """Words per sentence (the ``n_words`` column: counted words)."""

    def values(self, sentences: pd.DataFrame, spans: pd.DataFrame, targets=None) -> np.ndarray:
        return sentences["n_words"].to_numpy(dtype=float)

    def describe(self) -> str:
        return "words"


@dataclass(frozen=True)
class Ratio:
    """A document metric as ``(sum numerator + a) / (sum denominator + b) * scale``
    over a document's counted sentences; with ``denominator=None``, a total
    (``sum numerator * scale``).

    ``kind`` says what the counts are, for the intervals of a group with no
    events (see :func:`group_intervals`): ``"rate"`` (events per word: a
    Poisson count over the words), ``"share"`` (successes out of trials, the
    numerator counting a subset of what the denominator counts: binomial) or
    ``"other"``. The default ``"auto"`` means ``"rate"`` for a span count
    (not ``sum_values``) over :class:`Words` without offsets, else ``"other"``.

    >>> hedges_per_1k = Ratio(SpanCount("hedging", "hedge"), Words(), scale=1000)
    >>> hedged_share = Ratio(Column("hedging_has_hedge"), Column(None), kind="share")
    >>> hedges_per_1k.count_kind, hedged_share.count_kind
    ('rate', 'share')
    """

    numerator: Any
    denominator: Any = field(default_factory=Words)
    scale: float = 1.0
    numerator_offset: float = 0.0
    denominator_offset: float = 0.0
    kind: str = "auto"

    def __post_init__(self):
        if self.kind not in ("auto", "rate", "share", "other"):
            raise FramingInputError(f"Ratio kind must be 'auto', 'rate', 'share' or 'other', got {self.kind!r}")

    @property
    def count_kind(self) -> str:
        """``"rate"``, ``"share"`` or ``"other"`` (``kind`` with ``"auto"`` resolved)."""
        if self.kind != "auto":
            return self.kind
        if (isinstance(self.denominator, Words) and isinstance(self.numerator, SpanCount)
                and not self.numerator.sum_values and not self.numerator_offset and not self.denominator_offset):
            return "rate"
        return "other"

    def arrays(self, sentences: pd.DataFrame, spans: pd.DataFrame,
               targets: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per-sentence numerator and denominator for the rows of `sentences`."""
        num = self.numerator.values(sentences, spans, targets)
        if self.denominator is None:
            return num, np.zeros(len(num))
        return num, self.denominator.values(sentences, spans, targets)

    def finish(self, num: np.ndarray, den: np.ndarray) -> np.ndarray:
        """Document (or resample) values from summed numerators and denominators."""
        if self.denominator is None:
            return (num + self.numerator_offset) * self.scale
        den = den + self.denominator_offset
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (num + self.numerator_offset) / den * self.scale
        return np.where(den > 0, out, np.nan)

    def describe(self) -> str:
        text = self.numerator.describe()
        if self.denominator is not None:
            text += f" / {self.denominator.describe()}"
        return text + (f" x {self.scale:g}" if self.scale != 1 else "")


def span_rate(measure: str, category=None, label=None, voice=None, *, per: float = 1000.0) -> Ratio:
    """Spans per `per` words: ``span_rate("hedging", "hedge", voice="author")``.

    Note that the denominator is all counted words, whatever the voice.
    """
    return Ratio(SpanCount(measure, category, label, voice), Words(), scale=per)


def _hedging_metrics() -> dict[str, Ratio]:
    h = {"hedges": "hedge", "boosters": "booster", "distancing": "distancing"}
    out: dict[str, Ratio] = {f"hedging_{k}_per_1k": span_rate("hedging", c) for k, c in h.items()}
    out.update({f"hedging_n_{k}": Ratio(SpanCount("hedging", c), None) for k, c in h.items()})
    out["hedging_epistemic_hedges_per_1k"] = Ratio(
        SpanCount("hedging", "hedge", exclude_labels=("approximator",)), Words(), scale=1000)
    out["hedging_hedged_sentence_share"] = Ratio(Column("hedging_has_hedge"), Column(None), kind="share")
    out["hedging_hedge_booster_ratio"] = Ratio(SpanCount("hedging", "hedge"), SpanCount("hedging", "booster"),
                                               numerator_offset=0.5, denominator_offset=0.5)
    return out


def _sentiment_metrics() -> dict[str, Ratio]:
    state = SpanCount("sentiment", "mention", kind="state")
    out = {
        "sentiment_vader_mean_mention_sentences": Ratio(Column("sentiment_mention_vader_compound"),
                                                        NotMissing("sentiment_mention_vader_compound")),
        "sentiment_state_mentions_per_1k": Ratio(state, Words(), scale=1000),
        "sentiment_state_mentions": Ratio(state, None),
        "sentiment_tone_mean": Ratio(SpanCount("sentiment", "mention", kind="state", sum_values=True), state),
        "sentiment_attributed_share": Ratio(SpanCount("sentiment", "mention", voice="attributed", kind="state"),
                                            state, kind="share"),
    }
    for lab in ("negative", "positive"):
        out[f"sentiment_{lab}_share"] = Ratio(SpanCount("sentiment", "mention", lab, kind="state"), state,
                                              kind="share")
    return out


#: Document metric name -> its sentence-level :class:`Ratio`. A ratio is used
#: only when it reproduces the documents frame (see module notes).
METRICS: dict[str, Ratio] = {
    **_hedging_metrics(),
    # One attribution = one link with a reporting cue (scare quotes and
    # unattributed quotations have none).
    "attribution_per_1k": Ratio(SpanCount("attribution", "cue", distinct_links=True), Words(), scale=1000),
    "attribution_scare_quotes_per_1k": span_rate("attribution", "content", "scare"),
    **{f"attribution_{lab}_share": Ratio(SpanCount("attribution", "content", lab, distinct_links=True,
                                                   linked_with="cue"),
                                         SpanCount("attribution", "cue", distinct_links=True), kind="share")
       for lab in ("direct", "indirect", "mixed")},
    "attribution_evaluative_cue_share": Ratio(SpanCount("attribution", "cue", "evaluative"),
                                              SpanCount("attribution", "cue"), kind="share"),
    **{f"attribution_source_{t}_share": Ratio(SpanCount("attribution", "source", t, distinct_links=True),
                                              SpanCount("attribution", "cue", distinct_links=True), kind="share")
       for t in ("named_person", "official", "expert", "media", "organization", "anonymous", "self")},
    **_sentiment_metrics(),
    "perspective_interest_per_1k": span_rate("perspective", "interest"),
}


def register_metric(name: str, ratio: Ratio) -> None:
    """Tell :func:`group_intervals` how to rebuild document metric `name` from sentences.

    A span count per word is a rate by itself; give a share
    ``Ratio(..., kind="share")`` so that a group with none or all of its
    cases gets an exact interval (see :class:`Ratio`).

    >>> register_metric("mymeasure_flags_per_1k", span_rate("mymeasure", "flag"))
    """
    if not isinstance(ratio, Ratio):
        raise FramingInputError(f"register_metric expects a Ratio, got {type(ratio).__name__}")
    METRICS[name] = ratio


def _sentence_value_columns(sentences: pd.DataFrame) -> list[str]:
    base = {"doc_id", "sent_id", "paragraph", "start", "end", "text", "n_words", "is_repeat",
            "is_heading", "debris", "counted"}
    return [c for c in sentences.columns if c not in base]


# --- resolving a metric ---------------------------------------------------------------


@dataclass
class _Resolved:
    """A metric ready for resampling: per-sentence arrays, or document values only."""

    name: str
    ratio: Ratio | None
    sentences: pd.DataFrame          # counted sentences: doc_id, num, den
    doc_values: pd.Series            # doc_id -> document value
    note: str


def _check_result(result) -> None:
    for attr in ("documents", "sentences", "spans"):
        if not hasattr(result, attr):
            raise FramingInputError("expected a ScoreResult from framing.score(...) "
                                    f"(it has no '{attr}' frame); got {type(result).__name__}")


def _metric_name(metric) -> str:
    if isinstance(metric, str):
        return metric
    if isinstance(metric, Ratio):
        return metric.describe()
    return "rate of " + SpanCount(*metric).describe() + " per 1k words"


def _resolve(result, metric) -> _Resolved:
    """Find the sentence-level form of `metric` (a name, a Ratio or a span tuple)."""
    _check_result(result)
    sents = result.sentences
    sents = sents[sents["counted"].astype(bool)] if "counted" in sents else sents
    sents = sents.reset_index(drop=True)
    docs = result.documents
    name = _metric_name(metric)
    note = ""
    if isinstance(metric, str):
        if metric not in docs:
            numeric = [c for c in docs.columns if pd.api.types.is_numeric_dtype(docs[c])]
            raise FramingInputError(f"no document metric {metric!r}; numeric columns of result.documents "
                                    f"are: {', '.join(numeric)}")
        ratio = METRICS.get(metric)
        doc_values = pd.Series(pd.to_numeric(docs[metric], errors="coerce").to_numpy(dtype=float),
                               index=docs["doc_id"].astype(str))
        if ratio is None:
            note = "no sentence-level form registered for this metric"
        else:
            try:
                num, den = ratio.arrays(sents, result.spans, getattr(result, "targets", None))
            except FramingInputError as exc:
                return _Resolved(name, None, sents[["doc_id"]], doc_values, f"no sentence-level form: {exc}")
            rebuilt = _doc_values(ratio, sents["doc_id"].astype(str).to_numpy(), num, den, doc_values.index)
            if np.allclose(rebuilt, doc_values.to_numpy(), rtol=1e-9, atol=1e-9, equal_nan=True):
                return _Resolved(name, ratio, sents.assign(num=num, den=den)[["doc_id", "num", "den"]],
                                 doc_values, "")
            note = "the sentence-level form did not reproduce the document values"
        return _Resolved(name, None, sents[["doc_id"]], doc_values, note)
    ratio = metric if isinstance(metric, Ratio) else span_rate(*metric)
    num, den = ratio.arrays(sents, result.spans, getattr(result, "targets", None))
    ids = docs["doc_id"].astype(str)
    values = _doc_values(ratio, sents["doc_id"].astype(str).to_numpy(), num, den, ids)
    return _Resolved(name, ratio, sents.assign(num=num, den=den)[["doc_id", "num", "den"]],
                     pd.Series(values, index=ids.to_numpy()), "")


def _doc_values(ratio: Ratio, doc_ids: np.ndarray, num: np.ndarray, den: np.ndarray, order) -> np.ndarray:
    frame = pd.DataFrame({"doc_id": doc_ids, "num": num, "den": den}).groupby("doc_id", sort=False).sum()
    frame = frame.reindex(list(order), fill_value=0.0)
    return ratio.finish(frame["num"].to_numpy(), frame["den"].to_numpy())


# --- bootstrap --------------------------------------------------------------------------

_CHUNK = 4_000_000  # resampled entries held in memory at once


def _boot_documents(ratio: Ratio, num: np.ndarray, den: np.ndarray, lengths: np.ndarray, n_boot: int,
                    rng: np.random.Generator) -> np.ndarray:
    """``(n_docs, n_boot)`` values of each document's metric, its sentences resampled with replacement.

    `num` and `den` hold the documents' sentences one document after another,
    `lengths` the number of sentences of each. All documents are resampled at
    once (no Python loop over documents), in chunks that bound memory.
    """
    k, total = len(lengths), int(lengths.sum())
    out_num = np.zeros((k, n_boot))
    out_den = np.zeros((k, n_boot))
    nonempty = lengths > 0
    if total:
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        base = np.repeat(starts, lengths)     # first sentence of each position's document
        size = np.repeat(lengths, lengths)    # sentences in each position's document
        cuts = starts[nonempty]
        rows = max(1, _CHUNK // total)
        for lo in range(0, n_boot, rows):
            hi = min(n_boot, lo + rows)
            idx = base + rng.integers(0, size, size=(hi - lo, total))
            out_num[nonempty, lo:hi] = np.add.reduceat(num[idx], cuts, axis=1).T
            out_den[nonempty, lo:hi] = np.add.reduceat(den[idx], cuts, axis=1).T
    values = ratio.finish(out_num, out_den)
    values[~nonempty] = np.nan
    return values


def _nanmean_rows(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=1)


def _percentiles(boot: np.ndarray, ci: float) -> tuple[float, float]:
    boot = boot[~np.isnan(boot)]
    if boot.size == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2])
    return float(lo), float(hi)


def exact_interval(kind: str, events: float, trials: float, *, ci: float = 0.95,
                   scale: float = 1.0) -> tuple[float, float] | None:
    """The exact interval for a group whose bootstrap can only give zero width, or None.

    For a rate with no events in `trials` words: the exact Poisson interval
    (Garwood 1936) for 0 events, ``[0, -ln((1 - ci) / 2) / trials]`` (3.69
    events at 95%, equal-tailed; the "rule of three", 3.0, is the one-sided
    95% bound). For a share with 0 or all of `trials` successes: the
    Clopper-Pearson interval, ``[0, 1 - ((1 - ci) / 2) ** (1 / n)]`` or its
    mirror. Both are multiplied by `scale`. Any other case: None.

    >>> lo, hi = exact_interval("rate", 0, 1500, scale=1000)
    >>> lo, round(hi, 3)
    (0.0, 2.459)
    >>> [round(v, 3) for v in exact_interval("share", 0, 10)]
    [0.0, 0.308]
    """
    if not trials or trials <= 0 or not 0 < ci < 1:
        return None
    tail = (1 - ci) / 2
    if kind == "rate" and events == 0:
        return 0.0, -math.log(tail) / trials * scale
    if kind == "share" and events == 0:
        return 0.0, (1 - tail ** (1 / trials)) * scale
    if kind == "share" and events == trials:
        return tail ** (1 / trials) * scale, 1.0 * scale
    return None


def _exact_note(kind: str, events: float, trials: float, ci: float) -> str:
    tail = (1 - ci) / 2
    if kind == "rate":
        return (f"no events in {trials:,.0f} counted words: every resample gives 0, which is not certainty; "
                f"interval: exact Poisson for 0 events (upper limit {-math.log(tail):.2f} events in "
                f"{trials:,.0f} words, {ci:.0%} two-sided)")
    what = "none" if events == 0 else "all"
    return (f"{what} of {trials:,.0f}: every resample gives the same share, which is not certainty; "
            f"interval: exact Clopper-Pearson ({ci:.0%})")


_ZERO_WIDTH_NOTE = ("zero-width interval: every resample gave the same value (the sentences do not vary), "
                    "which shows no sampling spread, not certainty")


def _groups(result, by: str) -> pd.Series:
    docs = result.documents
    if by not in docs:
        meta = [c for c in docs.columns if not pd.api.types.is_numeric_dtype(docs[c])]
        raise FramingInputError(f"no column {by!r} in result.documents to group by; "
                                f"metadata columns are: {', '.join(meta)}")
    return pd.Series(docs[by].to_numpy(), index=docs["doc_id"].astype(str).to_numpy())


def group_intervals(result, metric, by: str = "outlet", *, n_boot: int = 2000, seed: int = 0,
                    ci: float = 0.95) -> pd.DataFrame:
    """A metric per group with a bootstrap percentile interval.

    Parameters
    ----------
    result
        A :class:`~framing.score.ScoreResult`.
    metric
        A document metric name (``"hedging_hedges_per_1k"``), a span spec
        ``(measure, category[, label[, voice]])`` giving spans per 1,000
        words, a :class:`Ratio`, or a list of these.
    by
        Column of ``result.documents`` that defines the groups.
    n_boot, seed, ci
        Resamples, random seed (same seed, same numbers) and interval level.

    Returns
    -------
    DataFrame
        One row per group and metric: ``group``, ``metric``, ``estimate`` (the
        mean of the group's document values), ``ci_low``, ``ci_high``,
        ``n_documents``, ``n_sentences`` (counted), ``method`` and ``note``.
        ``method`` is ``sentences`` (one document: its counted sentences
        resampled), ``documents+sentences`` (documents resampled within the
        group, then sentences within each drawn document), ``documents``
        (the metric has no sentence-level form: documents resampled; ``note``
        says why), ``none`` (no sentence-level form and one document: no
        interval), or ``exact-poisson`` / ``exact-binomial`` (the group has no
        events at all, or a share has none or all: see Notes).

    Notes
    -----
    Percentile intervals from a two-stage bootstrap (Davison & Hinkley 1997,
    sec. 3.8). Each document's sentence resamples are drawn once; a group
    resample draws documents with replacement and, for each draw, one of that
    document's sentence resamples at random. Sentences are not independent
    (one argument runs over several), so intervals from sentence resampling
    are, if anything, too narrow.

    **No events.** A text without a single booster gives a rate of 0 and every
    resample of its sentences gives 0 again: the percentile interval [0, 0]
    would read as certainty, while 1,500 words without a booster are quite
    compatible with a rate of 2 per 1,000. For such a group the interval is
    the exact one from the pooled counts instead (:func:`exact_interval`):
    for a rate (:attr:`Ratio.count_kind` ``"rate"``: spans per word) the
    exact Poisson interval for 0 events, ``[0, 3.69 / words x 1000]`` at 95%;
    for a share with none or all of its trials, Clopper-Pearson. ``method``
    says so and ``note`` gives the counts. With several documents the words
    are pooled, assuming one rate for the group's documents (there are no
    events to tell their rates apart). Any other interval of zero width
    (identical sentences, or a metric of another kind) keeps its bootstrap
    value and gets a ``note``. :func:`framing.plots.intervals_plot` draws
    both kinds distinctly.

    Examples
    --------
    >>> iv = group_intervals(result, "hedging_hedges_per_1k", by="outlet")   # doctest: +SKIP
    >>> iv[["group", "estimate", "ci_low", "ci_high", "method"]]              # doctest: +SKIP
    """
    if isinstance(metric, list):
        return pd.concat([group_intervals(result, m, by, n_boot=n_boot, seed=seed, ci=ci) for m in metric],
                         ignore_index=True)
    if not 0 < ci < 1:
        raise FramingInputError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}")
    if n_boot < 1:
        raise FramingInputError(f"n_boot must be a positive number of resamples, got {n_boot}")
    res = _resolve(result, metric)
    groups = _groups(result, by)
    sent_doc = res.sentences["doc_id"].astype(str).to_numpy()
    order = np.argsort(sent_doc, kind="stable")
    sorted_docs = sent_doc[order]
    if res.ratio is not None:
        num_all, den_all = res.sentences["num"].to_numpy(), res.sentences["den"].to_numpy()
    rows = []
    for gi, group in enumerate(pd.unique(groups.dropna())):
        rng = np.random.default_rng([seed, gi])
        doc_ids = [d for d in groups.index[groups.to_numpy() == group]]
        values = res.doc_values.reindex(doc_ids).to_numpy(dtype=float)
        n_sent = int(np.isin(sent_doc, doc_ids).sum())
        estimate = float(np.nanmean(values)) if np.any(~np.isnan(values)) else math.nan
        k = len(doc_ids)
        note = res.note
        if res.ratio is not None:
            lo = np.searchsorted(sorted_docs, doc_ids, "left")
            hi = np.searchsorted(sorted_docs, doc_ids, "right")
            take = order[np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)])] if k else order[:0]
            boots = _boot_documents(res.ratio, num_all[take], den_all[take], hi - lo, n_boot, rng)
            if k == 1:
                boot, method = boots[0], "sentences"
            else:
                draw_doc = rng.integers(0, k, size=(n_boot, k))
                draw_rep = rng.integers(0, n_boot, size=(n_boot, k))
                boot, method = _nanmean_rows(boots[draw_doc, draw_rep]), "documents+sentences"
            low, high = _percentiles(boot, ci)
            kind = res.ratio.count_kind
            events, trials = float(num_all[take].sum()), float(den_all[take].sum())
            exact = exact_interval(kind, events, trials, ci=ci, scale=res.ratio.scale) \
                if res.ratio.denominator is not None and not np.isnan(estimate) else None
            if exact is not None:
                (low, high), method = exact, "exact-poisson" if kind == "rate" else "exact-binomial"
                note = "; ".join(filter(None, [note, _exact_note(kind, events, trials, ci)]))
        elif k > 1:
            boot = _nanmean_rows(values[rng.integers(0, k, size=(n_boot, k))])
            (low, high), method = _percentiles(boot, ci), "documents"
        else:
            low, high, method = math.nan, math.nan, "none"
        if np.isnan(estimate):
            low = high = math.nan
        elif not method.startswith("exact") and low == high:
            note = "; ".join(filter(None, [note, _ZERO_WIDTH_NOTE]))
        rows.append({"group": group, "metric": res.name, "estimate": estimate, "ci_low": low, "ci_high": high,
                     "n_documents": k, "n_sentences": n_sent, "method": method, "note": note})
    out = pd.DataFrame(rows, columns=["group", "metric", "estimate", "ci_low", "ci_high", "n_documents",
                                      "n_sentences", "method", "note"])
    out.attrs["by"] = by
    out.attrs["ci"] = ci
    return out


# --- permutation test -------------------------------------------------------------------


def cliffs_delta(x: Sequence[float], y: Sequence[float]) -> float:
    """Cliff's delta: P(X > Y) - P(X < Y) over all pairs, from -1 to 1 (0: no difference).

    A rank effect size that needs no normality and copes with the many zero
    counts of per-sentence rates. Rough guide (Romano et al. 2006): |d| < 0.147
    negligible, < 0.33 small, < 0.474 medium, else large.

    >>> cliffs_delta([3, 4, 5], [1, 2, 3])
    0.8888888888888888
    """
    x = np.asarray(x, dtype=float)
    y = np.sort(np.asarray(y, dtype=float))
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    if x.size == 0 or y.size == 0:
        return math.nan
    less = np.searchsorted(y, x, side="left")           # y < x
    greater = y.size - np.searchsorted(y, x, side="right")  # y > x
    return float((less.sum() - greater.sum()) / (x.size * y.size))


def smallest_p_value(n_a: int, n_b: int, *, alternative: str = "two-sided", n_perm: int = 9999) -> float:
    """The smallest p-value :func:`permutation_test` can return for groups of `n_a` and `n_b` units.

    With all ``C(n_a + n_b, n_a)`` splits enumerated (when there are at most
    `n_perm`), the observed split counts among them, so p is at least one
    over their number; for a two-sided test with equal group sizes, the
    mirror split (the groups swapped) gives the same difference with the
    other sign, as extreme as the observed one, so the floor is twice that.
    (With unequal sizes the most extreme split in one direction can beat
    every split in the other, so the floor stays one over the number.) With
    random permutations, p = (hits + 1) / (n_perm + 1) is at least
    ``1 / (n_perm + 1)``.

    >>> smallest_p_value(3, 3, alternative="greater")     # 1 / C(6, 3)
    0.05
    >>> smallest_p_value(3, 3)                            # two-sided: the mirror split too
    0.1
    >>> smallest_p_value(3, 2)                            # 1 / C(5, 3)
    0.1
    """
    total = math.comb(n_a + n_b, n_a)
    if total > n_perm:
        return 1 / (n_perm + 1)
    mirrored = alternative == "two-sided" and n_a == n_b
    return (2 if mirrored else 1) / total


def _perm_pvalue(stat_fn, a: np.ndarray, n_perm: int, rng, alternative: str):
    """p-value of stat_fn(mask) for the observed split versus permuted splits.

    Exact (all splits) when there are at most `n_perm` of them.
    """
    n = len(a)
    n_a = int(a.sum())
    observed = stat_fn(a[None, :])[0]
    total = math.comb(n, n_a)
    if total <= n_perm:
        masks = np.zeros((total, n), dtype=bool)
        for i, idx in enumerate(combinations(range(n), n_a)):
            masks[i, list(idx)] = True
        stats, exact = stat_fn(masks), True
    else:
        stats = np.empty(n_perm)
        rows = max(1, _CHUNK // max(n, 1))
        for lo in range(0, n_perm, rows):
            hi = min(n_perm, lo + rows)
            stats[lo:hi] = stat_fn(rng.permuted(np.tile(a, (hi - lo, 1)), axis=1))
        exact = False
    tol = 1e-12 * max(1.0, abs(observed))
    if alternative == "two-sided":
        hits = np.abs(stats) >= abs(observed) - tol
    elif alternative == "greater":
        hits = stats >= observed - tol
    else:
        hits = stats <= observed + tol
    hits = int(np.sum(hits[~np.isnan(stats)]))
    valid = int(np.sum(~np.isnan(stats)))
    p = hits / valid if exact else (hits + 1) / (valid + 1)
    return float(observed), float(p), exact, total


def permutation_test(result, metric, groups: Sequence[Any], *, by: str = "outlet", level: str = "auto",
                     n_perm: int = 9999, seed: int = 0, alternative: str = "two-sided") -> pd.DataFrame:
    """Difference of a metric between two groups, a permutation p-value and Cliff's delta.

    Parameters
    ----------
    result
        A :class:`~framing.score.ScoreResult`.
    metric
        As in :func:`group_intervals`: a document metric name, a span spec
        ``(measure, category[, label[, voice]])``, or a :class:`Ratio` such
        as ``span_rate("hedging", "hedge")``.
    groups
        The two values of `by` to compare, ``(a, b)``; the difference is a - b.
    by
        Column of ``result.documents`` that defines the groups; ``"doc_id"``
        compares two single documents (see the examples).
    level
        ``"sentences"``: the counted sentences of the two groups' documents are
        the units (needs a metric with a sentence-level form);
        ``"documents"``: document values are the units; ``"auto"``: documents
        when both groups have at least 5 documents, else sentences.
    n_perm, seed
        Random permutations (all splits are enumerated when there are fewer)
        and the seed.
    alternative
        ``"two-sided"``, ``"greater"`` (a > b) or ``"less"``.

    Returns
    -------
    DataFrame
        One row: ``group_a``, ``group_b``, ``metric``, ``level``, ``n_a``,
        ``n_b`` (units), ``estimate_a``, ``estimate_b``, ``difference``,
        ``p_value``, ``permutations``, ``exact``, ``cliffs_delta`` and ``note``.

    Notes
    -----
    **What a sentence-level test can show.** With one document per group (the
    bundled corpus), the test asks whether the sentences of document A differ
    from those of document B more than a random split of the pooled sentences
    would. A small p says these two texts differ; it says nothing about the
    outlets in general, and sentences of one text are not independent, so p
    is optimistic. Only a document-level test with several documents per
    group compares outlets.

    At sentence level the estimate of each group is the pooled ratio (e.g. all
    hedges / all words x 1000 over the group's sentences) and Cliff's delta
    compares per-sentence values (hedges per 1,000 words of each sentence; a
    0/1 flag for shares). At document level the estimates are means of
    document values and Cliff's delta compares document values.

    With few documents an exact document-level test cannot go below
    :func:`smallest_p_value` (3 against 3 documents, two-sided: 0.1), which
    the ``note`` states.

    Examples
    --------
    Two single documents: group by ``doc_id`` and compare their sentences
    (``level="auto"`` chooses sentences with one document per group). Any
    rate built from spans works, not only the registered metric names:

    >>> import framing
    >>> from framing.compare import permutation_test, span_rate
    >>> r = framing.score("strikes-2024", measures=["hedging"])
    >>> t = permutation_test(r, span_rate("hedging", "hedge"), ["usip", "vox"], by="doc_id", n_perm=999)
    >>> t[["group_a", "group_b", "level", "n_a", "n_b"]].to_dict("records")
    [{'group_a': 'usip', 'group_b': 'vox', 'level': 'sentences', 'n_a': 60, 'n_b': 63}]

    ``t["p_value"]`` then says whether these two texts' sentences differ
    more than random splits of their pooled sentences do; it says nothing
    about the outlets (see Notes). The same with the author's voice only:
    ``span_rate("hedging", "hedge", voice="author")``; with the registered
    name: ``permutation_test(r, "hedging_hedges_per_1k", ["usip", "vox"],
    by="doc_id")``.
    """
    if len(groups) != 2 or groups[0] == groups[1]:
        raise FramingInputError(f"permutation_test compares two different groups; got {groups!r}")
    if level not in ("auto", "sentences", "documents"):
        raise FramingInputError(f"level must be 'auto', 'sentences' or 'documents', got {level!r}")
    if alternative not in ("two-sided", "greater", "less"):
        raise FramingInputError(f"alternative must be 'two-sided', 'greater' or 'less', got {alternative!r}")
    res = _resolve(result, metric)
    g = _groups(result, by)
    ids = []
    for value in groups:
        found = list(g.index[g.to_numpy() == value])
        if not found:
            raise FramingInputError(f"no documents with {by} == {value!r}; values are "
                                    f"{', '.join(map(str, pd.unique(g.dropna())))}")
        ids.append(found)
    k_a, k_b = len(ids[0]), len(ids[1])
    notes = []
    if level == "auto":
        level = "documents" if min(k_a, k_b) >= 5 or res.ratio is None else "sentences"
    if level == "sentences" and res.ratio is None:
        notes.append(f"no sentence-level form ({res.note}): tested document values instead")
        level = "documents"
    rng = np.random.default_rng(seed)
    if level == "documents":
        va = res.doc_values.reindex(ids[0]).to_numpy(dtype=float)
        vb = res.doc_values.reindex(ids[1]).to_numpy(dtype=float)
        va, vb = va[~np.isnan(va)], vb[~np.isnan(vb)]
        values = np.concatenate([va, vb])
        mask = np.r_[np.ones(len(va), bool), np.zeros(len(vb), bool)]

        def stat(m: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore", divide="ignore"):
                return (m @ values) / m.sum(axis=1) - (~m @ values) / (~m).sum(axis=1)

        est_a, est_b = (float(va.mean()) if va.size else math.nan), (float(vb.mean()) if vb.size else math.nan)
        delta = cliffs_delta(va, vb)
        if max(len(va), len(vb)) < 2:
            notes.append("one document per group: no test is possible between two single values")
        elif min(len(va), len(vb)) < 5:
            floor = smallest_p_value(len(va), len(vb), alternative=alternative, n_perm=n_perm)
            notes.append(f"few documents: the smallest attainable p-value is {floor:.3g} "
                         f"({alternative}, {len(va)} vs {len(vb)} documents)")
        notes.append("units are documents: a difference between the groups' documents")
    else:
        sent = res.sentences
        doc_of = sent["doc_id"].astype(str)
        in_a, in_b = doc_of.isin(ids[0]).to_numpy(), doc_of.isin(ids[1]).to_numpy()
        keep = in_a | in_b
        num, den = sent["num"].to_numpy()[keep], sent["den"].to_numpy()[keep]
        mask = in_a[keep]
        ratio = res.ratio

        def stat(m: np.ndarray) -> np.ndarray:
            return (ratio.finish(m @ num, m @ den) - ratio.finish(~m @ num, ~m @ den))

        est_a = float(ratio.finish(np.array([num[mask].sum()]), np.array([den[mask].sum()]))[0])
        est_b = float(ratio.finish(np.array([num[~mask].sum()]), np.array([den[~mask].sum()]))[0])
        with np.errstate(invalid="ignore", divide="ignore"):
            per_sentence = np.where(den > 0, num / den * ratio.scale, np.nan)
        delta = cliffs_delta(per_sentence[mask], per_sentence[~mask])
        va, vb = num[mask], num[~mask]
        notes.append(f"units are sentences of {k_a} and {k_b} document(s): a difference between these "
                     "texts' sentences, not evidence about the groups in general; sentences of one text are "
                     "not independent, so p is optimistic")
    n_a, n_b = int(mask.sum()), int((~mask).sum())
    if min(n_a, n_b) == 0 or (level == "documents" and max(n_a, n_b) < 2):
        observed, p, exact, total = est_a - est_b, math.nan, False, 0
    else:
        observed, p, exact, total = _perm_pvalue(stat, mask, n_perm, rng, alternative)
    return pd.DataFrame([{
        "group_a": groups[0], "group_b": groups[1], "metric": res.name, "level": level,
        "n_a": n_a, "n_b": n_b, "estimate_a": est_a, "estimate_b": est_b,
        "difference": observed, "p_value": p, "permutations": int(total if exact else n_perm) if total else 0,
        "exact": exact, "cliffs_delta": delta, "note": "; ".join(notes)}])


# --- keyness -------------------------------------------------------------------------------


def _stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def token_counts(data, *, by: str | None = None, counted_only: bool = True) -> pd.DataFrame:
    """Word-token frequencies per document (or per group): ``doc_id``/`by`, ``token``, ``n``.

    Words are :data:`framing.tokens.WORD_RE` words as a reader counts them
    (hyphenated compounds such as "cross-border" and contractions are one
    word), lower-cased with straight apostrophes and a possessive ``'s``
    removed ("Pakistan's" counts as "pakistan"); punctuation is not a word.
    From a ScoreResult only counted sentences are used (no repeats, no page
    debris); a corpus frame is prepared first to find them.

    >>> token_counts(pd.DataFrame({"doc_id": ["a"], "text": ["Iran’s cross-border strike."]}))
      doc_id         token  n
    0      a  cross-border  1
    1      a          iran  1
    2      a        strike  1
    """
    from .tokens import WORD_RE, normalize_token

    sentences, docs = _sentence_texts(data, counted_only)
    tokens = []
    for doc_id, text in zip(sentences["doc_id"], sentences["text"]):
        for word in WORD_RE.findall(text):
            norm = normalize_token(word)
            tokens.append((doc_id, norm[:-2] if norm.endswith("'s") and len(norm) > 2 else norm))
    frame = pd.DataFrame(tokens, columns=["doc_id", "token"])
    if by is not None:
        if by not in docs:
            raise FramingInputError(f"no column {by!r} to group by; columns are {', '.join(docs.columns)}")
        frame[by] = frame["doc_id"].map(dict(zip(docs["doc_id"].astype(str), docs[by])))
        key = by
    else:
        key = "doc_id"
    return frame.groupby([key, "token"], sort=True).size().rename("n").reset_index()


def _sentence_texts(data, counted_only: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sentences with doc_id and text, documents with metadata) from a result or corpus frame."""
    if hasattr(data, "sentences") and hasattr(data, "documents"):
        sents = data.sentences
        if counted_only and "counted" in sents:
            sents = sents[sents["counted"].astype(bool)]
        return sents[["doc_id", "text"]].astype({"doc_id": str}), data.documents
    if isinstance(data, pd.DataFrame) and {"doc_id", "text"} <= set(data.columns):
        from .text import prepare

        rows = []
        for doc_id, text in zip(data["doc_id"].astype(str), data["text"]):
            doc = prepare(doc_id, text)
            rows.extend((doc_id, doc.sentence_text(s)) for s in doc.sentences if s.counted or not counted_only)
        return pd.DataFrame(rows, columns=["doc_id", "text"]), data.drop(columns=["text"])
    raise FramingInputError("expected a ScoreResult or a corpus frame with 'doc_id' and 'text' columns; "
                            f"got {type(data).__name__}")


def log_likelihood(a, b, c, d):
    """Signed log-likelihood G² for frequencies `a` (target) and `b` (reference)
    in corpora of `c` and `d` tokens (Dunning 1993; Rayson & Garside 2000).

    Positive when the word is relatively more frequent in the target.

    >>> round(float(log_likelihood(20, 5, 1000, 1000)), 3)
    9.637
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    g2 = 2 * (t1 + t2)
    return np.where(a / c >= b / d, g2, -g2)


def log_ratio(a, b, c, d):
    """Hardie's (2014) log ratio: log2 of the ratio of relative frequencies.

    Each unit is a doubling; a zero frequency is replaced by 0.5 so the ratio
    stays finite.

    >>> float(log_ratio(20, 5, 1000, 1000))
    2.0
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))


def keyness(data, target, *, by: str = "outlet", reference=None, min_freq: int = 5,
            stopwords: bool | Iterable[str] = False, counted_only: bool = True,
            counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Words that distinguish one group from the rest: signed G² and log ratio.

    Parameters
    ----------
    data
        A ScoreResult (its counted sentences) or a corpus frame.
    target
        The value (or list of values) of `by` whose documents form the target.
    by
        Grouping column (any metadata column, or ``doc_id``).
    reference
        Values of `by` for the reference corpus; default all other documents.
    min_freq
        Keep words seen at least this often in target and reference together.
    stopwords
        ``True`` drops scikit-learn's English stop words; or give your own list.
    counts
        ``token_counts(data)`` computed once, to reuse when comparing each
        group in turn (tokenizing is the slow part).

    Returns
    -------
    DataFrame
        One row per word, sorted by ``g2`` (highest first): ``token``,
        ``n_target``, ``n_reference``, ``per_10k_target``,
        ``per_10k_reference``, ``g2`` (signed: negative when the word is
        under-used by the target), ``p_value`` (chi-squared, 1 df) and
        ``log_ratio``.

    Notes
    -----
    G² says how much evidence there is that the frequencies differ; log
    ratio says how big the difference is (2 = four times as frequent). Word
    tokens are not independent, so read p-values as a ranking, not a test
    (Kilgarriff 2005); with five short documents most G² values are small.

    Examples
    --------
    >>> keyness(result, "AiBot", stopwords=True).head(10)     # doctest: +SKIP
    """
    from scipy.stats import chi2

    docs = data.documents if hasattr(data, "documents") else data
    if by not in docs:
        raise FramingInputError(f"no column {by!r} to group by; columns are {', '.join(map(str, docs.columns))}")
    counts = token_counts(data, counted_only=counted_only) if counts is None else counts.copy()
    group_of = dict(zip(docs["doc_id"].astype(str), docs[by]))
    counts["group"] = counts["doc_id"].map(group_of)
    targets = [target] if isinstance(target, str) or not isinstance(target, Iterable) else list(target)
    missing = [t for t in targets if t not in set(group_of.values())]
    if missing:
        raise FramingInputError(f"no documents with {by} == {missing[0]!r}; values are "
                                f"{', '.join(map(str, pd.unique(pd.Series(list(group_of.values())))))}")
    is_target = counts["group"].isin(targets)
    if reference is None:
        is_ref = ~is_target
    else:
        refs = [reference] if isinstance(reference, str) or not isinstance(reference, Iterable) else list(reference)
        is_ref = counts["group"].isin(refs) & ~is_target
    c, d = counts.loc[is_target, "n"].sum(), counts.loc[is_ref, "n"].sum()
    a = counts[is_target].groupby("token")["n"].sum()
    b = counts[is_ref].groupby("token")["n"].sum()
    table = pd.concat([a.rename("n_target"), b.rename("n_reference")], axis=1).fillna(0).astype("int64")
    if stopwords is True:
        table = table[~table.index.isin(_stopwords())]
    elif stopwords:
        table = table[~table.index.isin({str(w).lower() for w in stopwords})]
    table = table[(table["n_target"] + table["n_reference"]) >= min_freq]
    columns = ["token", "n_target", "n_reference", "per_10k_target", "per_10k_reference", "g2", "p_value",
               "log_ratio"]
    if table.empty or c == 0 or d == 0:
        return pd.DataFrame({col: pd.Series(dtype=str if col == "token" else "int64" if col.startswith("n_")
                                            else float) for col in columns})
    na, nb = table["n_target"].to_numpy(), table["n_reference"].to_numpy()
    g2 = log_likelihood(na, nb, c, d)
    out = pd.DataFrame({
        "token": table.index.to_numpy(), "n_target": na, "n_reference": nb,
        "per_10k_target": na / c * 1e4, "per_10k_reference": nb / d * 1e4,
        "g2": g2, "p_value": chi2.sf(np.abs(g2), 1), "log_ratio": log_ratio(na, nb, c, d)})
    out = out.sort_values(["g2", "token"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.attrs.update({"target": targets, "by": by, "target_tokens": int(c), "reference_tokens": int(d)})
    return out


# --- keywords in context ------------------------------------------------------------------


def _kwic_matcher(pattern, categories):
    from .lexicons import Entry, Lexicon, Matcher, load_lexicon, pattern_tokens

    if isinstance(pattern, Lexicon) or (isinstance(pattern, str) and pattern.endswith((".yaml", ".yml"))):
        lex = load_lexicon(pattern)
        return lex.matcher(categories)
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    entries = []
    for p in patterns:
        toks = pattern_tokens(p)
        if not toks:
            raise FramingInputError(f"kwic pattern {p!r} holds no word to search for")
        entries.append(Entry(category="kwic", label="", pattern=p, tokens=toks))
    return Matcher(entries)


def _flat(text: str) -> str:
    return " ".join(text.split())


def kwic(data, pattern, window: int = 8, *, categories: Sequence[str] | None = None) -> pd.DataFrame:
    """Keywords in context: every match of `pattern` with `window` tokens either side.

    Parameters
    ----------
    data
        A ScoreResult (its ``corpus``), a corpus frame with ``doc_id`` and
        ``text``, or a single string.
    pattern
        A lexicon pattern (``"so-called"``, ``"suggest*"``, ``"what * claim*"``;
        see ``docs/lexicons.md``), a list of them, or a :class:`Lexicon`
        (optionally restricted to `categories`).
    window
        Tokens (words and punctuation) of context on each side.

    Returns
    -------
    DataFrame
        ``doc_id``, ``start``, ``end`` (character offsets of the keyword in the
        document), ``left``, ``keyword``, ``right`` and ``pattern`` (the entry
        that matched). Context is cut at the document's edges, not at sentence
        ends, and whitespace is shown as single spaces.

    Examples
    --------
    >>> kwic("Iran's so-called retaliation, it said.", "so-called", window=2)
      doc_id  start  end    left    keyword         right    pattern
    0   text      7   16  Iran's  so-called  retaliation,  so-called
    """
    from .text import prepare

    if isinstance(data, str):
        items = [("text", data)]
    elif hasattr(data, "corpus"):
        items = list(zip(data.corpus["doc_id"].astype(str), data.corpus["text"]))
    elif isinstance(data, pd.DataFrame) and {"doc_id", "text"} <= set(data.columns):
        items = list(zip(data["doc_id"].astype(str), data["text"]))
    else:
        raise FramingInputError("kwic expects a ScoreResult, a corpus frame with 'doc_id' and 'text', "
                                f"or a string; got {type(data).__name__}")
    matcher = _kwic_matcher(pattern, categories)
    rows = []
    for doc_id, text in items:
        doc = prepare(doc_id, text)
        if not doc.tok_norm:
            continue
        ts, te, n = doc.tok_start, doc.tok_end, len(doc.tok_start)
        texts = doc.tok_text if any(e.case_sensitive for e in matcher.entries) else None
        for m in matcher.find(doc.tok_norm, texts):
            s, e = ts[m.start], te[m.end - 1]
            lo, hi = max(0, m.start - window), min(n, m.end + window)
            left = doc.text[ts[lo]:s] if m.start > lo else ""
            right = doc.text[e:te[hi - 1]] if hi > m.end else ""
            rows.append((doc_id, s, e, _flat(left), doc.text[s:e], _flat(right), m.entry.pattern or ""))
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "left", "keyword", "right", "pattern"])


class HTMLFragment(str):
    """A string of HTML that Jupyter shows as HTML (and prints as the markup)."""

    def _repr_html_(self) -> str:
        return str(self)


def kwic_html(lines: pd.DataFrame, *, max_rows: int | None = 200) -> HTMLFragment:
    """Keyword-in-context lines as an HTML table, keywords highlighted, all text escaped.

    >>> print(kwic_html(kwic("a <b> so-called c", "so-called", window=1)))  # doctest: +ELLIPSIS
    <table ...&gt;...<mark ...>so-called</mark>...
    """
    if max_rows is not None:
        lines = lines.head(max_rows)
    cell = "padding:1px 6px;white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px"
    rows = []
    for r in lines.itertuples(index=False):
        rows.append(
            f"<tr><td style='{cell};color:#666'>{html.escape(str(r.doc_id))}</td>"
            f"<td style='{cell};text-align:right'>{html.escape(r.left)}</td>"
            f"<td style='{cell};text-align:center'><mark style='background:#E69F00;color:#000;padding:0 2px'>"
            f"{html.escape(r.keyword)}</mark></td>"
            f"<td style='{cell};text-align:left'>{html.escape(r.right)}</td></tr>")
    return HTMLFragment("<table style='border-collapse:collapse'>" + "".join(rows) + "</table>")


__all__ = ["METRICS", "Column", "NotMissing", "Ratio", "SpanCount", "Words", "cliffs_delta", "exact_interval",
           "group_intervals", "keyness", "kwic", "kwic_html", "log_likelihood", "log_ratio", "permutation_test", "register_metric",
           "smallest_p_value", "span_rate", "token_counts"]
