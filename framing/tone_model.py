"""The learned option for tone toward a target: a linear model over explainable features.

The rule-based scoped method (:mod:`framing.tone`) comes first and stays the
default: every word it counts is shown. :class:`TargetToneClassifier` is a
scikit-learn estimator beside it that learns from target-annotated sentences
(the bundled model from NewsMTSC's training data, see ``bench/fit_tone_model.py``).
Its features are still readable:

* the scoped method's own output for the target: tone, positive and negative
  sums, number of words counted, whether they came from the sentence's
  context, the target's role (agent, patient, source, object, speaker), plus
  the same with VADER's lexicon alone;
* plain VADER on the whole sentence (compound, pos, neg) -- the baseline;
* words near the target (within ``window`` word items on each side, marked
  left ``L:`` or right ``R:``) and the word pairs touching it, with the target
  masked as ``<T>`` and other mentions as ``<M>``, so the model learns
  "<T> denied", "accused <T>" rather than names;
* the words of the whole sentence (``S:``), weakly.

A multinomial logistic regression weighs them. The fitted model is saved as
plain JSON (feature names, coefficients, intercepts, classes, version, a
description of the training data and its validation metrics): no pickle, so
loading it runs no code, and every prediction can be explained as a sum of
``coefficient x feature``. :meth:`TargetToneClassifier.explain` lists them.

Examples
--------
>>> X = [("Critics attacked Smith.", 17, 22), ("Smith won praise.", 0, 5),
...      ("Smith spoke on Monday.", 0, 5)] * 4
>>> y = ["negative", "positive", "neutral"] * 4
>>> model = TargetToneClassifier(C=10.0, min_df=1).fit(X, y)
>>> list(model.predict([("Voters praised Jones.", 15, 20)]))
['positive']
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .tone import SentenceTone, ToneResult, ToneScorer

__all__ = ["TargetToneClassifier", "load_tone_model", "MODEL_FORMAT", "DEFAULT_MODEL"]

MODEL_FORMAT = "framing-tone-model/1"
DEFAULT_MODEL = "tone-newsmtsc.json"
_NUMERIC = ("tone", "pos", "neg", "n_words", "abs_tone", "role:agent", "role:patient", "role:source",
            "role:object", "plain_tone", "plain_pos", "plain_neg", "sent_compound", "sent_pos",
            "sent_neg", "n_mentions", "no_words", "context")


def _as_items(X) -> list[tuple[str, int, int, tuple]]:
    """Accept (text, start, end[, others]) sequences or a DataFrame with those columns."""
    if hasattr(X, "columns"):
        cols = ["text", "start", "end"] + (["others"] if "others" in X.columns else [])
        missing = [c for c in ("text", "start", "end") if c not in X.columns]
        if missing:
            raise ValueError(f"X needs columns text, start, end (missing {missing})")
        X = X[cols].itertuples(index=False, name=None)
    out = []
    for row in X:
        if len(row) == 3:
            text, s, e = row
            others = ()
        elif len(row) == 4:
            text, s, e, others = row
        else:
            raise ValueError("each sample must be (text, start, end) or (text, start, end, others)")
        out.append((text, int(s), int(e), tuple(tuple(o) for o in (others or ()))))
    return out


def _norm(word: str) -> str:
    w = word.lower().strip("\"'“”‘’()[]{}.,;:!?…—–-*")
    if w.replace(".", "").replace(",", "").isdigit():
        return "<num>"
    return w


class TargetToneClassifier(ClassifierMixin, BaseEstimator):
    """Learned tone toward a target: logistic regression on scoped-tone and n-gram features.

    Parameters
    ----------
    C : float
        Inverse L2 regularisation strength of the logistic regression.
    window : int
        Word items on each side of the target whose words (and the pairs
        touching the target) are features.
    min_df : int
        Keep only features seen in at least this many training samples
        (keeps the saved model small).
    class_weight : "balanced" or None
        Passed to :class:`sklearn.linear_model.LogisticRegression`.
    overlay : str
        Overlay lexicon of the scoped method whose output is a feature.
    max_iter : int
        Solver iterations.

    Attributes
    ----------
    classes_ : ndarray of str
    feature_names_ : list of str
    coef_ : ndarray, shape (n_classes, n_features)
    intercept_ : ndarray, shape (n_classes,)
    metadata_ : dict
        Version, training data description and metrics (from the JSON file).

    Examples
    --------
    >>> X = [("Critics attacked Smith.", 17, 22), ("Smith won praise.", 0, 5)] * 3
    >>> m = TargetToneClassifier(min_df=1).fit(X, ["negative", "positive"] * 3)
    >>> m.classes_.tolist()
    ['negative', 'positive']
    """

    def __init__(self, C: float = 1.0, window: int = 5, min_df: int = 2,
                 class_weight: str | None = "balanced", overlay: str = "conflict-overlay",
                 max_iter: int = 3000):
        self.C = C
        self.window = window
        self.min_df = min_df
        self.class_weight = class_weight
        self.overlay = overlay
        self.max_iter = max_iter

    # -- features ------------------------------------------------------------------

    def _scorers(self) -> tuple[ToneScorer, ToneScorer]:
        cached = self.__dict__.get("_scorer_cache")
        if cached is None or cached[0] != self.overlay:
            rules = ToneScorer(self.overlay)
            plain = ToneScorer(None, valence=rules.valence)
            cached = (self.overlay, rules, plain)
            self.__dict__["_scorer_cache"] = cached
        return cached[1], cached[2]

    def features(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = ()
                 ) -> dict[str, float]:
        """The feature dict of one target (names as stored in the model file).

        Mentions with the same text (ignoring case) are taken as one entity.
        """
        st, pl = self._analyze(text, [(start, end), *others])
        return self._features_from(st, pl, 0)

    def _analyze(self, text: str, spans: list[tuple[int, int]], entities=None, conflict=None):
        rules, plain = self._scorers()
        if entities is None:
            entities = [text[s:e].strip().lower() for s, e in spans]
        st = rules.analyze(text, spans, entities=entities, conflict=conflict)
        pl = plain.analyze(text, spans, st.valence, entities=entities, conflict=conflict)
        return st, pl

    def _features_from(self, st: SentenceTone, pl: SentenceTone, k: int) -> dict[str, float]:
        r, p = st.targets[k], pl.targets[k]
        sv = st.valence
        f: dict[str, float] = {}
        if sv.words:
            f["tone"] = r.tone
            f["abs_tone"] = abs(r.tone)
            f["pos"] = r.pos / 4.0
            f["neg"] = r.neg / 4.0
            f["n_words"] = min(len(r.words), 5) / 5.0
            f["no_words"] = float(not r.words)
            f["context"] = float(any(w.scope == "context" for w in r.words))
            for role in r.role.split("+") if r.role else ():
                f[f"role:{role}"] = 1.0
            f["plain_tone"] = p.tone
            f["plain_pos"] = p.pos / 4.0
            f["plain_neg"] = p.neg / 4.0
            f["sent_compound"] = sv.compound
            f["sent_pos"] = sv.pos
            f["sent_neg"] = sv.neg
            f["n_mentions"] = min(len(st.targets) - 1, 3) / 3.0
        n = len(sv.words)
        if not n:
            return f
        # Word items with the target masked as <T> and other mentions as <M>.
        mark = [None] * n
        for j, (a0, b0) in enumerate(zip(sv.starts, sv.ends)):
            for q, other in enumerate(st.targets):
                if a0 < other.end and b0 > other.start:
                    mark[j] = "<T>" if q == k else (mark[j] or "<M>")
                    if q == k:
                        break
        words = [mark[j] or _norm(w) for j, w in enumerate(sv.words)]
        pos = [j for j in range(n) if mark[j] == "<T>"]
        if not pos:
            return f
        a, b = pos[0], pos[-1]
        w = self.window
        for j in range(max(0, a - w), a):
            if words[j]:
                f[f"L:{words[j]}"] = 1.0
        for j in range(b + 1, min(n, b + 1 + w)):
            if words[j]:
                f[f"R:{words[j]}"] = 1.0
        if a > 0:
            f[f"B:{words[a - 1]} <T>"] = 1.0
        if a > 1:
            f[f"B:{words[a - 2]} {words[a - 1]} <T>"] = 1.0
        if b + 1 < n:
            f[f"B:<T> {words[b + 1]}"] = 1.0
        if b + 2 < n:
            f[f"B:<T> {words[b + 1]} {words[b + 2]}"] = 1.0
        f["B:<T> first"] = float(a == 0)
        for word in set(words):
            if word and word not in ("<T>",):
                f[f"S:{word}"] = 0.5
        return f

    def _matrix(self, feats: Iterable[dict[str, float]]):
        from scipy.sparse import csr_matrix

        index = self.__dict__.get("_index")
        if index is None:
            index = {name: i for i, name in enumerate(self.feature_names_)}
            self.__dict__["_index"] = index
        data, cols, ptr = [], [], [0]
        for f in feats:
            for name, v in f.items():
                i = index.get(name)
                if i is not None and v == v and v != 0:
                    cols.append(i)
                    data.append(float(v))
            ptr.append(len(cols))
        return csr_matrix((data, cols, ptr), shape=(len(ptr) - 1, len(self.feature_names_)))

    # -- fitting -----------------------------------------------------------------------

    def fit(self, X, y):
        """Fit on samples ``(text, start, end[, others])`` and labels negative/neutral/positive."""
        items = _as_items(X)
        if len(items) != len(y):
            raise ValueError(f"X has {len(items)} samples but y has {len(y)} labels")
        return self.fit_features([self.features(*it) for it in items], y)

    def fit_features(self, feats: Sequence[dict[str, float]], y):
        """Fit from feature dicts as returned by :meth:`features` (lets a tuning loop
        compute them once)."""
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(y, dtype=object)
        df: dict[str, int] = {}
        for f in feats:
            for name in f:
                df[name] = df.get(name, 0) + 1
        keep = sorted(name for name, c in df.items() if c >= self.min_df or name in _NUMERIC)
        self.feature_names_ = keep
        self.__dict__.pop("_index", None)
        Xm = self._matrix(feats)
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        lr.fit(Xm, y.astype(str))
        self.classes_ = np.array([str(c) for c in lr.classes_], dtype=object)
        self.coef_ = lr.coef_ if len(lr.classes_) > 2 else np.vstack([-lr.coef_, lr.coef_]) / 2
        self.intercept_ = (lr.intercept_ if len(lr.classes_) > 2
                           else np.array([-lr.intercept_[0], lr.intercept_[0]]) / 2)
        self.n_features_in_ = len(keep)
        self.metadata_ = {}
        self._sklearn_model = lr  # kept for checking the saved model; not saved
        return self

    # -- prediction ------------------------------------------------------------------------

    def _check(self):
        if not hasattr(self, "coef_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this TargetToneClassifier is not fitted: call fit() or load one "
                                 "with TargetToneClassifier.from_json()")

    def decision_function(self, X) -> np.ndarray:
        """Per-class scores ``coef_ @ features + intercept_`` (n_samples, n_classes)."""
        self._check()
        feats = [self.features(*it) for it in _as_items(X)]
        return self._decision(feats)

    def _decision(self, feats) -> np.ndarray:
        Xm = self._matrix(feats)
        return np.asarray(Xm @ self.coef_.T) + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities (softmax of the decision function, as scikit-learn's multinomial model)."""
        d = self.decision_function(X)
        return _softmax(d)

    def predict(self, X) -> np.ndarray:
        """Labels negative / neutral / positive."""
        d = self.decision_function(X)
        return self.classes_[np.argmax(d, axis=1)]

    def tone_of(self, proba: np.ndarray) -> np.ndarray:
        """Tone in [-1, 1] from class probabilities: P(positive) - P(negative)."""
        classes = list(self.classes_)
        pos = proba[:, classes.index("positive")] if "positive" in classes else 0.0
        neg = proba[:, classes.index("negative")] if "negative" in classes else 0.0
        return np.round(pos - neg, 4)

    def analyze(self, text: str, st: SentenceTone, pl: SentenceTone | None = None
                ) -> list[tuple[str, float]]:
        """(label, tone) for every target of a sentence already scored by the rules.

        `st` is ``ToneScorer(overlay).analyze(text, spans)``; `pl` the same with
        VADER's lexicon alone (computed here, reusing ``st.valence``, if omitted).
        """
        self._check()
        if not st.targets:
            return []
        if not st.valence.words:
            return [("", math.nan) for _ in st.targets]
        if pl is None:
            _, plain = self._scorers()
            pl = plain.analyze(text, [(t.start, t.end) for t in st.targets], st.valence)
        feats = [self._features_from(st, pl, k) for k in range(len(st.targets))]
        d = self._decision(feats)
        labels = self.classes_[np.argmax(d, axis=1)]
        tones = self.tone_of(_softmax(d))
        return [(str(lab), float(t)) for lab, t in zip(labels, tones)]

    def tone_toward(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
                    entities=None, conflict: bool | None = None) -> ToneResult:
        """Like :func:`framing.tone.tone_toward`, labelled by the model.

        ``words`` and ``role`` are the rule-based evidence; ``tone`` is
        P(positive) - P(negative) and ``label`` the most probable class.
        """
        st, pl = self._analyze(text, [(start, end), *others], entities, conflict)
        r = st.targets[0]
        if not st.valence.words:
            return r
        label, tone = self.analyze(text, st, pl)[0]
        return r._replace(tone=tone, label=label)

    def explain(self, text: str, start: int, end: int, others: Sequence[tuple[int, int]] = (),
                top: int = 10) -> list[tuple[str, float]]:
        """The features that pushed the predicted class most: (feature, coefficient x value).

        Examples
        --------
        >>> X = [("Critics attacked Smith.", 17, 22), ("Smith won praise.", 0, 5)] * 3
        >>> m = TargetToneClassifier(min_df=1).fit(X, ["negative", "positive"] * 3)
        >>> m.explain("Smith won praise.", 0, 5, top=1)[0][1] > 0
        True
        """
        f = self.features(text, start, end, others)
        d = self._decision([f])[0]
        c = int(np.argmax(d))
        index = {name: i for i, name in enumerate(self.feature_names_)}
        parts = [(name, float(self.coef_[c, index[name]] * v)) for name, v in f.items() if name in index]
        parts.sort(key=lambda x: -abs(x[1]))
        return parts[:top]

    # -- plain-data persistence ---------------------------------------------------------------

    def to_dict(self, **metadata: Any) -> dict:
        """The fitted model as plain data (JSON-ready)."""
        self._check()
        rules, _ = self._scorers()
        lex = rules.overlay
        meta = dict(getattr(self, "metadata_", {}) or {})
        meta.update(metadata)
        meta.setdefault("created", _dt.date.today().isoformat())
        from . import __version__

        return {
            "format": MODEL_FORMAT,
            "framing_version": __version__,
            "params": self.get_params(),
            "overlay": ({k: lex.info[k] for k in ("name", "version", "sha256")}
                        if lex is not None else None),
            "classes": [str(c) for c in self.classes_],
            "intercept": [float(v) for v in self.intercept_],
            "features": list(self.feature_names_),
            # One row per class; floats written with repr so they load bit-identical.
            "coef": [[float(v) for v in row] for row in self.coef_],
            "metadata": meta,
        }

    def to_json(self, path: str | Path, **metadata: Any) -> Path:
        """Save the fitted model as JSON (see :meth:`to_dict`)."""
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(**metadata), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        return path

    @classmethod
    def from_dict(cls, data: dict) -> "TargetToneClassifier":
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a framing tone model (format {data.get('format')!r}, "
                             f"expected {MODEL_FORMAT!r})")
        model = cls(**data["params"])
        model.classes_ = np.array(data["classes"], dtype=object)
        model.feature_names_ = list(data["features"])
        model.coef_ = np.array(data["coef"], dtype=float)
        model.intercept_ = np.array(data["intercept"], dtype=float)
        model.n_features_in_ = len(model.feature_names_)
        model.metadata_ = dict(data.get("metadata", {}))
        model.metadata_["overlay"] = data.get("overlay")
        if model.coef_.shape != (len(model.classes_), len(model.feature_names_)):
            raise ValueError(f"model coefficients have shape {model.coef_.shape}, expected "
                             f"({len(model.classes_)}, {len(model.feature_names_)})")
        return model

    @classmethod
    def from_json(cls, path: str | Path) -> "TargetToneClassifier":
        """Load a model saved with :meth:`to_json` (plain JSON; no code is run)."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _softmax(d: np.ndarray) -> np.ndarray:
    d = d - d.max(axis=1, keepdims=True)
    e = np.exp(d)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=4)
def _load(path: str) -> TargetToneClassifier:
    model = TargetToneClassifier.from_json(path)
    fitted = model.metadata_.get("overlay") or {}
    if fitted.get("name"):
        from .lexicons import load_lexicon

        current = load_lexicon(model.overlay)
        if current.version != fitted.get("version"):
            import warnings

            warnings.warn(f"the tone model {path} was fitted with {fitted['name']} {fitted.get('version')}, "
                          f"but {current.name} {current.version} is installed: its rule-based features "
                          "have changed; refit it with `python bench/fit_tone_model.py`", stacklevel=3)
    return model


def load_tone_model(path: str | Path | None = None) -> TargetToneClassifier:
    """The bundled learned model (``framing/models/tone-newsmtsc.json``) or one saved elsewhere.

    Raises FileNotFoundError when the file is missing (refit it with
    ``python bench/fit_tone_model.py``).
    """
    if path is None:
        path = Path(str(resources.files("framing") / "models" / DEFAULT_MODEL))
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"tone model file not found: {path}; refit it with "
                                "`python bench/fit_tone_model.py`")
    return _load(str(path.resolve()))

