"""Perspective indicators as a scikit-learn transformer, and pipelines that learn outlet groups.

:class:`PerspectiveFeatures` turns raw texts into the perspective measure's
indicator matrix (named features, ``get_feature_names_out``,
``set_output(transform="pandas")``), so that any scikit-learn classifier can
learn outlet groups from interpretable features; :func:`make_perspective_pipeline`
is a ready ``PerspectiveFeatures -> StandardScaler -> LogisticRegression``
pipeline (``combined=True`` adds a TF-IDF bag of words), and
:func:`make_bow_pipeline` is the bag-of-words baseline to compare against.

Every feature is a number from :mod:`framing.measures.perspective`, so a
coefficient can be traced back to spans: score the same text with
``framing.score(..., measures=["perspective"])`` and read
``result.evidence(doc_id, measure="perspective", target=state)``.

Examples
--------
>>> texts = ["Pakistan's sovereignty was violated, Pakistan said.",
...          "Iran's legitimate concerns matter, Iranian officials said."]
>>> f = PerspectiveFeatures(n_states=2).fit(texts)
>>> f.states_
['Iran', 'Pakistan']
>>> f.set_output(transform="pandas").transform(texts)[["interest[Iran]", "interest[Pakistan]"]]
   interest[Iran]  interest[Pakistan]
0             0.0                 1.0
1             1.0                 0.0
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any, Mapping

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted

from .measures.perspective import AGGREGATION_KINDS

#: Per-state features, in column order (``<indicator>[<state>]``).
STATE_FEATURES = ("salience", "voice", "interest", "portrayal", "alignment")
#: Document-level features besides aggregation and terminology.
DOC_FEATURES = ("lead_margin", "n_states", "top_salience", "interest_per_1k", "voice_attributions_per_1k",
                "aggregation_per_1k")

# One scorer per lexicon configuration and process (lexicons load once), and a
# bounded cache of per-text results: scoring is deterministic and stateless, so
# a text seen in `fit` is not scored again by `transform`, nor by the clones
# that cross-validation makes. It never changes a result.
_SCORERS: dict[str, Any] = {}
_CACHE: "OrderedDict[tuple[str, str], dict]" = OrderedDict()


def _config_key(lexicons: Mapping[str, Any] | None) -> str:
    return repr(sorted((str(k), str(getattr(v, "sha256", v))) for k, v in (lexicons or {}).items()))


def _scorer(lexicons: Mapping[str, Any] | None):
    key = _config_key(lexicons)
    if key not in _SCORERS:
        from .score import Scorer

        _SCORERS[key] = Scorer(measures=["perspective"], lexicons=dict(lexicons or {}))
    return _SCORERS[key]


def as_texts(X) -> list[str]:
    """Texts from what a user or scikit-learn passes: a list, Series or 1-D array of
    texts, or a 2-D array / DataFrame whose cells of one row are fields of one
    document (joined with a blank line, e.g. title and body).

    Missing values (None, NaN) are empty texts; other non-strings are read as
    their ``str()``; bytes are decoded as UTF-8.

    >>> as_texts(["a", None, float("nan")])
    ['a', '', '']
    """
    if isinstance(X, (str, bytes)):
        raise ValueError("expected an iterable of texts (one per document), got a single string; "
                         "wrap it in a list: [text]")
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError("PerspectiveFeatures takes texts, not a sparse matrix; pass a list of strings")
    if hasattr(X, "to_numpy"):  # pandas Series or DataFrame
        arr = X.to_numpy(dtype=object)
    elif isinstance(X, np.ndarray) or hasattr(X, "__array__"):
        arr = np.asarray(X)
    else:
        items = list(X)
        try:
            arr = np.asarray(items, dtype=object)
        except ValueError:  # ragged rows: one document per item
            arr = np.empty(len(items), dtype=object)
            arr[:] = items
    if arr.dtype.kind == "c" or any(isinstance(v, complex) for v in arr.ravel()[:1]):
        raise ValueError("Complex data not supported: PerspectiveFeatures takes texts")
    if arr.ndim == 1:
        return [_cell(v) for v in arr]
    if arr.ndim == 2:
        return ["\n\n".join(t for t in (_cell(v) for v in row) if t) for row in arr]
    raise ValueError(f"expected a 1-D list of texts or a 2-D array of text fields, got {arr.ndim} dimensions")


def _shape(X) -> tuple:
    """The shape of X without converting its cells (strings stay strings)."""
    if isinstance(X, (str, bytes)):
        return ()
    shape = getattr(X, "shape", None)
    if shape is not None:
        return tuple(shape)
    try:
        return np.asarray(X, dtype=object).shape
    except ValueError:  # ragged nested lists
        return (len(X),)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    if isinstance(v, float) and math.isnan(v):
        return ""
    if isinstance(v, complex):
        raise ValueError("Complex data not supported: PerspectiveFeatures takes texts")
    try:
        import pandas as pd

        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def document_indicators(text: str | None, lexicons: Mapping[str, Any] | None = None, *,
                        cache_size: int = 4096) -> dict:
    """The perspective indicators of one text, as plain numbers.

    Returns ``{"states": {state: {feature: value}}, "doc": {feature: value},
    "terms": {(family, variant): count}}`` from one run of the perspective
    measure (with the attribution and sentiment measures it reads). Missing
    values are NaN here; :class:`PerspectiveFeatures` fills them.
    """
    key = (_config_key(lexicons), text if isinstance(text, str) else "")
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    scorer = _scorer(lexicons)
    out = scorer.score_document("doc", key[1])
    row = out.row
    states = {}
    for t in out.targets:
        rank = t.get("perspective_rank", math.nan)
        if rank is None or (isinstance(rank, float) and math.isnan(rank)):
            continue
        states[t["target"]] = {
            "mentions": float(t.get("perspective_mentions", 0)),
            "salience": t.get("perspective_salience", math.nan),
            "voice": t.get("perspective_voice_share", math.nan),
            "interest": t.get("perspective_interest", math.nan),
            "portrayal": t.get("perspective_portrayal", math.nan),
            "alignment": t.get("perspective_alignment", math.nan),
        }
    n_words = row.get("n_words", 0) or 0
    per_1k = (lambda c: c * 1000.0 / n_words) if n_words else (lambda c: math.nan)
    doc = {
        "lead_margin": row.get("perspective_lead_margin", math.nan),
        "n_states": float(row.get("perspective_n_states", 0)),
        "top_salience": max((s["salience"] for s in states.values()
                             if not math.isnan(s["salience"])), default=math.nan),
        "interest_per_1k": row.get("perspective_interest_per_1k", math.nan),
        "voice_attributions_per_1k": per_1k(row.get("perspective_voice_attributions", 0)),
        "aggregation_per_1k": row.get("perspective_aggregation_per_1k", math.nan),
    }
    for kind in AGGREGATION_KINDS:
        doc[f"aggregation_per_1k[{kind}]"] = per_1k(row.get(f"perspective_aggregation_{kind}", 0))
    measure = next(m for m in scorer.measures if m.name == "perspective")
    terms = {(family, v): row.get(measure.term_metric(family, v), 0)
             for family, variants in measure.term_variants.items() for v in variants}
    record = {"states": states, "doc": doc, "terms": terms}
    if cache_size:
        _CACHE[key] = record
        while len(_CACHE) > cache_size:
            _CACHE.popitem(last=False)
    return record


class PerspectiveFeatures(TransformerMixin, BaseEstimator):
    """Raw texts -> the perspective indicator matrix, with named features.

    ``fit`` chooses the states that get columns: the `n_states` most mentioned
    in the training texts (ties by name). ``transform`` scores each text with
    the perspective measure (and the attribution and sentiment measures it
    reads) and returns, in this order:

    * for each chosen state: ``salience[S]``, ``voice[S]``, ``interest[S]``,
      ``portrayal[S]``, ``alignment[S]`` (see :mod:`framing.measures.perspective`);
    * ``salience[other]``: the share of mentions going to all other states;
    * document features: ``lead_margin``, ``n_states``, ``top_salience`` (the
      largest salience: how concentrated the text is on one state),
      ``interest_per_1k``, ``voice_attributions_per_1k``, ``aggregation_per_1k``
      and ``aggregation_per_1k[<kind>]`` for each kind of machine-aggregation
      marker (if `aggregation`). Publisher boilerplate is not a feature: it
      identifies a site's template, not a viewpoint, and a model would learn
      the publisher from it;
    * ``term[<family>=<variant>]``: the share of a terminology family's
      markers that use that variant (if `terminology`; none when the
      terminology lexicon is turned off, ``lexicons={"terminology": None}``).

    An indicator without evidence (a state not mentioned, a text without
    attributions) is 0, so the matrix has no missing values; empty or missing
    texts give a row of zeros.

    Parameters
    ----------
    n_states : int or None, default=10
        How many states get columns (None: every state seen in training).
    min_mentions : int, default=1
        A state needs at least this many mentions in the training texts.
    aggregation, terminology : bool, default=True
        Include the aggregation-marker and terminology features.
    lexicons : dict, optional
        Replace lexicons of the perspective, sentiment or attribution
        measures, as in ``framing.score(..., lexicons=...)``.
    cache_size : int, default=4096
        Texts whose indicators are kept in memory (per process) so that
        ``fit`` + ``transform`` and cross-validation score each text once.
        0 disables the cache; results are the same either way.

    Attributes
    ----------
    states_ : list of str
        The states with columns, most mentioned first.
    feature_names_ : list of str
        Output feature names (also ``get_feature_names_out()``).
    mention_counts_ : dict
        Mentions of every state in the training texts.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> texts = ["Pakistan's security matters to Pakistan.", "Iran's interests matter to Iran."] * 3
    >>> y = ["pk", "ir"] * 3
    >>> model = make_pipeline(PerspectiveFeatures(n_states=2), LogisticRegression()).fit(texts, y)
    >>> model.predict(["Pakistan's sovereignty matters."]).tolist()
    ['pk']
    """

    def __init__(self, n_states: int | None = 10, *, min_mentions: int = 1, aggregation: bool = True,
                 terminology: bool = True, lexicons: Mapping[str, Any] | None = None, cache_size: int = 4096):
        self.n_states = n_states
        self.min_mentions = min_mentions
        self.aggregation = aggregation
        self.terminology = terminology
        self.lexicons = lexicons
        self.cache_size = cache_size

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Texts come as a 1-D list (the usual form) or as a 2-D array of text
        # fields per row. Only the 2-D form is declared: scikit-learn's checks
        # then feed 2-D arrays (whose cells are read as text), which exercises
        # the estimator API; its one_d_array mode assumes X[:, j] indexing.
        tags.input_tags.two_d_array = True
        tags.input_tags.string = True
        # A missing text (None/NaN) is an empty document, not an error.
        tags.input_tags.allow_nan = True
        tags.target_tags.required = False
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags

    def _records(self, X, fitting: bool = False) -> list[dict]:
        shape = _shape(X)
        if len(shape) == 2 and shape[1] == 0:
            raise ValueError(f"0 feature(s) (shape={shape}) while a minimum of 1 is required: "
                             "pass at least one text column")
        n_fields = getattr(self, "n_features_in_", None)
        if not fitting and n_fields is not None:
            if len(shape) == 2 and shape[1] != n_fields:
                raise ValueError(f"X has {shape[1]} features, but PerspectiveFeatures is expecting {n_fields} "
                                 "features as input (text fields per row, as in fit)")
            if len(shape) == 1 and n_fields > 1:
                raise ValueError(f"Reshape your data: PerspectiveFeatures was fitted on {n_fields} text fields "
                                 "per row, but got a 1-D array")
        texts = as_texts(X)
        if not texts:
            raise ValueError("PerspectiveFeatures needs at least one text (got 0 samples)")
        return [document_indicators(t, self.lexicons, cache_size=self.cache_size) for t in texts]

    def fit(self, X, y=None):
        """Choose the states that get columns from the training texts.

        Parameters
        ----------
        X : list of str, 1-D array, Series, or 2-D array / DataFrame of text fields
        y : ignored

        Returns
        -------
        self
        """
        if self.n_states is not None and (not isinstance(self.n_states, (int, np.integer)) or self.n_states < 0):
            raise ValueError(f"n_states must be a non-negative int or None, got {self.n_states!r}")
        records = self._records(X, fitting=True)
        counts: dict[str, float] = {}
        for r in records:
            for state, f in r["states"].items():
                counts[state] = counts.get(state, 0.0) + f["mentions"]
        eligible = sorted((s for s, c in counts.items() if c >= self.min_mentions and c > 0),
                          key=lambda s: (-counts[s], s))
        self.states_ = eligible if self.n_states is None else eligible[: self.n_states]
        self.mention_counts_ = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        names = [f"{feat}[{s}]" for s in self.states_ for feat in STATE_FEATURES]
        names.append("salience[other]")
        self._doc_keys = [d for d in DOC_FEATURES if self.aggregation or d != "aggregation_per_1k"]
        if self.aggregation:
            self._doc_keys += [f"aggregation_per_1k[{k}]" for k in AGGREGATION_KINDS]
        names.extend(self._doc_keys)
        self._term_keys = list(records[0]["terms"]) if self.terminology else []
        names.extend(f"term[{f}={v}]" for f, v in self._term_keys)
        self.feature_names_ = names
        shape = _shape(X)
        if len(shape) == 2:
            self.n_features_in_ = shape[1]  # text fields per row
        elif hasattr(self, "n_features_in_"):
            del self.n_features_in_
        return self

    def transform(self, X):
        """The indicator matrix: one row per text, columns ``get_feature_names_out()``.

        Returns
        -------
        ndarray of shape (n_texts, n_features), float64
        """
        check_is_fitted(self, "feature_names_")
        records = self._records(X)
        out = np.zeros((len(records), len(self.feature_names_)), dtype=np.float64)
        chosen = set(self.states_)
        for i, r in enumerate(records):
            values: list[float] = []
            for s in self.states_:
                f = r["states"].get(s)
                values.extend(f[k] if f is not None else 0.0 for k in STATE_FEATURES)
            values.append(sum(f["salience"] for s, f in r["states"].items()
                              if s not in chosen and not math.isnan(f["salience"])))
            values.extend(r["doc"][n] for n in self._doc_keys)
            for family, variant in self._term_keys:
                total = sum(c for (fam, _), c in r["terms"].items() if fam == family)
                values.append(r["terms"].get((family, variant), 0) / total if total else 0.0)
            row = np.asarray(values, dtype=np.float64)
            out[i] = np.where(np.isfinite(row), row, 0.0)
        return out

    def get_feature_names_out(self, input_features=None):
        """Names of the output features (input feature names play no part).

        Returns
        -------
        ndarray of str, dtype object
        """
        check_is_fitted(self, "feature_names_")
        if input_features is not None and hasattr(self, "n_features_in_") \
                and len(input_features) != self.n_features_in_:
            raise ValueError(f"input_features should have length equal to number of features "
                             f"({self.n_features_in_}), got {len(input_features)}")
        return np.asarray(self.feature_names_, dtype=object)


def _text_name(transformer, input_features) -> np.ndarray:
    return np.asarray(["text"], dtype=object)


def _bow() -> Pipeline:
    return Pipeline([("texts", FunctionTransformer(as_texts, feature_names_out=_text_name)),
                     ("tfidf", TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.95))])


def _classifier(classifier):
    if classifier is not None:
        return classifier
    return LogisticRegression(max_iter=5000, class_weight="balanced")


def _unit_block(X):
    """Divide a standardised block by sqrt(its width): its expected row norm becomes 1,
    like a TF-IDF row's, so neither block swamps the other in a linear model."""
    n = X.shape[1] if getattr(X, "ndim", 2) == 2 else 1
    return X / np.sqrt(n) if n else X


def make_perspective_pipeline(classifier=None, *, combined: bool = False, perspective_weight: float | str = "auto",
                              **feature_params) -> Pipeline:
    """A ready pipeline that learns outlet groups from labelled texts.

    ``PerspectiveFeatures -> StandardScaler -> classifier`` (default
    ``LogisticRegression(class_weight="balanced", max_iter=5000)``); with
    `combined`, the scaled perspective features sit beside a TF-IDF bag of
    words (``FeatureUnion``), the perspective block weighted by
    `perspective_weight`.

    Parameters
    ----------
    classifier : estimator, optional
        Any scikit-learn classifier.
    combined : bool, default=False
        Add the bag of words.
    perspective_weight : float or "auto", default="auto"
        Multiplier of the scaled perspective block in the combined variant.
        "auto" divides it by the square root of its number of columns, so
        that its expected row norm is 1 like a TF-IDF row's (a choice made on
        principle, not fitted; ``docs/validation.md`` shows how the weight
        trades off on the newswire data).
    **feature_params
        Passed to :class:`PerspectiveFeatures` (``n_states``, ``lexicons`` ...).

    Examples
    --------
    >>> texts = ["Pakistan's security matters to Pakistan."] * 3 + ["Iran's interests matter to Iran."] * 3
    >>> model = make_perspective_pipeline(n_states=2).fit(texts, ["pk"] * 3 + ["ir"] * 3)
    >>> model.predict(["Iran's sovereignty."]).tolist()
    ['ir']
    """
    features = PerspectiveFeatures(**feature_params)
    if not combined:
        return Pipeline([("perspective", features), ("scale", StandardScaler()),
                         ("classify", _classifier(classifier))])
    block = [("features", features), ("scale", StandardScaler())]
    if perspective_weight == "auto":
        block.append(("unit", FunctionTransformer(_unit_block, feature_names_out="one-to-one")))
        weight = 1.0
    else:
        weight = float(perspective_weight)
    union = FeatureUnion([("words", _bow()), ("perspective", Pipeline(block))],
                         transformer_weights={"words": 1.0, "perspective": weight})
    return Pipeline([("features", union), ("classify", _classifier(classifier))])


def make_bow_pipeline(classifier=None) -> Pipeline:
    """The bag-of-words baseline: TF-IDF (sublinear tf, min_df=2) -> classifier.

    >>> model = make_bow_pipeline().fit(["war in the north", "war news", "peace talks", "peace now"],
    ...                                 ["a", "a", "b", "b"])
    >>> model.predict(["war"]).tolist()
    ['a']
    """
    return Pipeline([("words", _bow()), ("classify", _classifier(classifier))])


def clear_cache() -> None:
    """Forget the cached per-text indicators (e.g. after editing a lexicon file)."""
    _CACHE.clear()
    _SCORERS.clear()


__all__ = ["PerspectiveFeatures", "make_perspective_pipeline", "make_bow_pipeline", "as_texts",
           "document_indicators", "clear_cache", "STATE_FEATURES", "DOC_FEATURES"]
