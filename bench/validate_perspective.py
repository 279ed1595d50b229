"""Validate the perspective indicators: can they tell an outlet's country?

Data: ``../shared/validation/en_worldwide_newswire`` (Shan et al., Findings of
EMNLP 2023): 1,095 English articles from non-Western local outlets. Labels are
*metadata* -- the country the data set files each outlet under -- not a human
judgement of perspective. Nothing from the data is copied into the repository;
it is read at run time (``bench/_validation.py``).

Labels
------
* **country**: from the file prefix (``cn_`` China, ``in_`` India, ``kw_``
  Kuwait, ...; :data:`PREFIX_COUNTRY`). Pan-regional outlets (``af_``:
  afrol, allAfrica, IPS; ``panaf_``; ``asia_``: Al Jazeera) have no country and
  are left out of the country tasks; countries with fewer than ``--min-docs``
  (10) articles are dropped. The data set's filing is taken as is (e.g. SCMP
  and The Standard of Hong Kong are "China"; Gulf Times is filed under
  Kuwait; MercoPress under Paraguay and Uruguay).
* **region**: the data set's ``regions.txt`` (Africa, Asia, Indigenous, LATAM,
  Middle East); every article.
* **outlet** (the grouping for honest cross-validation): the URL's domain
  (first line of each file; the URL line is removed from the text so that no
  model can read it), or the file prefix when the first line is not a URL.

Models (all ``framing.perspective_model``)
------------------------------------------
majority class; (a) bag of words (``make_bow_pipeline``: TF-IDF ->
logistic regression); (b) the indicator pipeline
(``make_perspective_pipeline(n_states=N)``: PerspectiveFeatures ->
StandardScaler -> logistic regression); (c) both (``combined=True``).
Logistic regression is ``class_weight="balanced"`` in all three.

Cross-validation
----------------
A. country, stratified 5-fold: outlets appear on both sides of a split, so a
   bag of words can learn each outlet's boilerplate and beats;
B. country, leave-one-outlet-out, on the countries with at least two outlets
   of >= 5 articles: every test article comes from an outlet never seen in
   training -- the honest test of "does it generalise to a new outlet of that
   country";
C. region, stratified 5-fold grouped by outlet (StratifiedGroupKFold).
Reported: accuracy and macro-F1 of the pooled out-of-fold predictions.

Which indicators carry weight: permutation importance of each indicator
family (all its columns shuffled together across the held-out articles, 5
repeats; drop in macro-F1) in settings A and C, and the largest logistic
coefficients of the model fitted on all of A.

How often each kind of evidence occurs (``coverage``): the share of articles
with an interest span, a voice attribution, a machine-aggregation marker,
publisher boilerplate (counted apart from aggregation), each terminology
family, and how often the leading state is the outlet's country.

Finally, leave-one-out on the bundled strikes-2024 corpus (5 articles, label
``perspective_group``) as an illustration only: three of its four groups have
a single article, which leave-one-out can never predict.

    PYTHONPATH=. python bench/validate_perspective.py [--n-states 50] [--json results.json]
        [--weight-sweep 0.01,0.02,0.1,1]

Takes about 12 minutes on one CPU (the leave-one-outlet-out runs fit 36
models per pipeline); scoring the 1,095 texts once takes about 10 s.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _validation import validation_dir  # noqa: E402

#: File prefix (before the first '_') -> outlet country, as the data set files it.
#: None: a pan-regional outlet, left out of the country tasks.
PREFIX_COUNTRY = {
    "af": None, "afs": None, "panaf": None, "asia": None,
    "alg": "Algeria", "arg": "Argentina", "aus": "Australia", "bangladesh": "Bangladesh", "bol": "Bolivia",
    "canada": "Canada", "chile": "Chile", "cn": "China", "col": "Colombia", "cosric": "Costa Rica",
    "cosrica": "Costa Rica", "cuba": "Cuba", "ecuador": "Ecuador", "eg": "Egypt", "elsalv": "El Salvador",
    "et": "Ethiopia", "ghana": "Ghana", "guyana": "Guyana", "hond": "Honduras", "in": "India", "iran": "Iran",
    "israel": "Israel", "jp": "Japan", "jr": "Jordan", "kenya": "Kenya", "kr": "South Korea", "kw": "Kuwait",
    "mauritius": "Mauritius", "mex": "Mexico", "mong": "Mongolia", "my": "Malaysia", "nic": "Nicaragua",
    "nm": "Namibia", "nz": "New Zealand", "oman": "Oman", "pan": "Panama", "paraguay": "Paraguay",
    "peru": "Peru", "pk": "Pakistan", "qt": "Qatar", "sa": "South Africa", "saud": "Saudi Arabia",
    "th": "Thailand", "tw": "Taiwan", "uae": "United Arab Emirates", "uruguay": "Uruguay",
    "ven": "Venezuela",
}

FAMILIES = ("salience", "voice", "interest", "portrayal", "alignment", "aggregation", "terminology")


def family_of(feature: str) -> str:
    """The indicator family a PerspectiveFeatures column belongs to."""
    head = feature.split("[", 1)[0]
    if head in ("salience", "voice", "interest", "portrayal", "alignment"):
        return head
    return {"top_salience": "salience", "n_states": "salience", "interest_per_1k": "interest",
            "voice_attributions_per_1k": "voice", "lead_margin": "alignment",
            "aggregation_per_1k": "aggregation", "term": "terminology"}.get(head, head)


def load_newswire():
    """Articles with text (URL line removed), country, region and outlet."""
    import pandas as pd

    base = validation_dir("en_worldwide_newswire")
    regions: list[tuple[str, str]] = []
    section = None
    for line in (base / "regions.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith(":"):
            section = line[:-1]
        elif section and re.fullmatch(r"[a-z_]+", line):
            regions.append((line, section))
    regions.sort(key=lambda p: -len(p[0]))
    rows = []
    for path in sorted((base / "original_articles").glob("*.txt")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        first, _, rest = raw.partition("\n")
        prefix = path.name.split("_", 1)[0]
        if re.match(r"https?://", first.strip()):
            domain = re.sub(r"^https?://(www\.)?", "", first.strip()).split("/", 1)[0].split("%", 1)[0]
            text = rest.strip()
        else:
            domain = re.sub(r"_\d*\.txt$", "", path.name)
            text = raw.strip()
        region = next((r for p, r in regions if path.name.startswith(p)), None)
        rows.append({"file": path.name, "text": text, "country": PREFIX_COUNTRY.get(prefix),
                     "region": region, "outlet": domain})
    return pd.DataFrame(rows)


def scores(y_true, y_pred) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return {"accuracy": round(float(accuracy_score(y_true, y_pred)), 3),
            "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 3)}


def models(n_states: int) -> dict:
    from sklearn.dummy import DummyClassifier

    from framing.perspective_model import make_bow_pipeline, make_perspective_pipeline

    return {
        "majority": lambda: DummyClassifier(strategy="most_frequent"),
        "bag of words": make_bow_pipeline,
        "indicators": lambda: make_perspective_pipeline(n_states=n_states),
        "combined": lambda: make_perspective_pipeline(n_states=n_states, combined=True),
    }


def cross_validate(texts, y, splits, n_states: int) -> tuple[dict, dict]:
    """Pooled out-of-fold scores per model, and the predictions."""
    y = np.asarray(y)
    out, preds = {}, {}
    for name, make in models(n_states).items():
        pred = np.empty(len(y), dtype=object)
        for train, test in splits:
            model = make().fit([texts[i] for i in train], y[train])
            pred[test] = model.predict([texts[i] for i in test])
        out[name] = scores(y[[i for _, t in splits for i in t]], pred[[i for _, t in splits for i in t]])
        preds[name] = pred
    return out, preds


def permutation_importance_by_family(texts, y, splits, n_states: int, repeats: int = 5, seed: int = 0):
    """Mean drop in macro-F1 when one indicator family's columns are shuffled across held-out articles."""
    from sklearn.metrics import f1_score

    from framing.perspective_model import make_perspective_pipeline

    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    drops = {f: [] for f in FAMILIES}
    for train, test in splits:
        model = make_perspective_pipeline(n_states=n_states).fit([texts[i] for i in train], y[train])
        feats, head = model[0], model[1:]
        X = feats.transform([texts[i] for i in test])
        base = f1_score(y[test], head.predict(X), average="macro", zero_division=0)
        fam = np.array([family_of(n) for n in feats.get_feature_names_out()])
        for f in FAMILIES:
            cols = np.flatnonzero(fam == f)
            if not len(cols):
                continue
            for _ in range(repeats):
                Xp = X.copy()
                Xp[:, cols] = X[rng.permutation(len(X))][:, cols]
                drops[f].append(base - f1_score(y[test], head.predict(Xp), average="macro", zero_division=0))
    return {f: round(float(np.mean(v)), 3) for f, v in drops.items() if v}


def top_coefficients(texts, y, n_states: int, k: int = 15) -> list[tuple[str, str, float]]:
    from framing.perspective_model import make_perspective_pipeline

    model = make_perspective_pipeline(n_states=n_states).fit(texts, y)
    names = model[0].get_feature_names_out()
    coef = model[-1].coef_
    classes = model[-1].classes_
    flat = [(abs(coef[c, j]), names[j], classes[c], coef[c, j]) for c in range(coef.shape[0])
            for j in range(coef.shape[1])]
    flat.sort(key=lambda t: -t[0])
    return [(n, str(c), round(float(v), 2)) for _, n, c, v in flat[:k]]


def coverage(df) -> dict:
    """How often each kind of evidence occurs in the articles (one scoring run of the perspective measure)."""
    import pandas as pd

    import framing

    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(df))], "text": df["text"].tolist()})
    docs = framing.score(corpus, measures=["perspective"]).documents
    def share(mask) -> float:
        return round(float(np.mean(mask)), 3)

    out = {
        "interest": share(docs["perspective_n_interest"] > 0),
        "voice_attribution": share(docs["perspective_voice_attributions"] > 0),
        "aggregation_marker": share(docs["perspective_n_aggregation"] > 0),
        "publisher_boilerplate": share(docs["perspective_publisher_boilerplate"] > 0),
        "no_state": share(docs["perspective_leading"] == ""),
    }
    country = df["country"].to_numpy()
    has = pd.notna(country)
    # among the articles whose outlet has a country
    out["leading_is_country"] = share(docs["perspective_leading"].to_numpy()[has] == country[has])
    out["n_with_country"] = int(has.sum())
    from framing.measures.perspective import PerspectiveMeasure

    families: dict[str, int] = {}
    for family, variants in PerspectiveMeasure(PerspectiveMeasure.default_lexicons()).term_variants.items():
        cols = [c for c in (PerspectiveMeasure.term_metric(family, v) for v in variants) if c in docs]
        families[family] = int((docs[cols].sum(axis=1) > 0).sum()) if cols else 0
    out["terminology_articles"] = families
    return out


def bundled_loo(n_states: int) -> dict:
    """Leave-one-out on the bundled corpus (illustration only)."""
    import framing

    corpus = framing.load_corpus("strikes-2024")
    texts, y = corpus["text"].tolist(), corpus["perspective_group"].to_numpy()
    splits = [(np.array([j for j in range(len(y)) if j != i]), np.array([i])) for i in range(len(y))]
    res, preds = cross_validate(texts, y, splits, n_states)
    return {"scores": res, "predictions": {name: dict(zip(corpus["doc_id"], map(str, p)))
                                           for name, p in preds.items()},
            "labels": dict(zip(corpus["doc_id"], map(str, y)))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-states", type=int, default=50, help="states with columns (PerspectiveFeatures)")
    ap.add_argument("--min-docs", type=int, default=10, help="drop countries with fewer articles")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--weight-sweep", default="",
                    help="comma-separated perspective_weight values of the combined model to compare "
                         "in settings A and B (e.g. 0.01,0.02,0.1,1)")
    args = ap.parse_args(argv)

    from sklearn.model_selection import LeaveOneGroupOut, StratifiedGroupKFold, StratifiedKFold

    from framing.perspective_model import document_indicators

    t0 = time.time()
    df = load_newswire()
    # Score every text once (the pipelines then read the per-text cache).
    for t in df["text"]:
        document_indicators(t, cache_size=8192)
    t_score = time.time() - t0
    results: dict = {"n_articles": len(df), "n_states": args.n_states, "scoring_seconds": round(t_score, 1)}

    # A. country, stratified k-fold
    a = df[df["country"].notna()]
    keep = a["country"].value_counts()
    a = a[a["country"].isin(keep[keep >= args.min_docs].index)].reset_index(drop=True)
    texts_a, y_a = a["text"].tolist(), a["country"].to_numpy()
    skf = StratifiedKFold(args.folds, shuffle=True, random_state=args.seed)
    splits_a = list(skf.split(texts_a, y_a))
    results["A_country_stratified"] = {
        "n_articles": len(a), "n_classes": int(a["country"].nunique()), "n_outlets": int(a["outlet"].nunique()),
        "scores": cross_validate(texts_a, y_a, splits_a, args.n_states)[0]}

    # B. country, leave one outlet out (countries with >= 2 outlets of >= 5 articles)
    sizes = a.groupby("outlet").size()
    b = a[a["outlet"].isin(sizes[sizes >= 5].index)]
    multi = b.groupby("country")["outlet"].nunique()
    b = b[b["country"].isin(multi[multi >= 2].index)].reset_index(drop=True)
    texts_b, y_b = b["text"].tolist(), b["country"].to_numpy()
    splits_b = list(LeaveOneGroupOut().split(texts_b, y_b, b["outlet"]))
    splits_b_strat = list(StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(texts_b, y_b))
    results["B_country_leave_outlet_out"] = {
        "n_articles": len(b), "n_classes": int(b["country"].nunique()), "n_outlets": int(b["outlet"].nunique()),
        "countries": sorted(b["country"].unique().tolist()),
        "scores": cross_validate(texts_b, y_b, splits_b, args.n_states)[0],
        "same_subset_stratified": cross_validate(texts_b, y_b, splits_b_strat, args.n_states)[0]}

    # C. region, stratified group k-fold by outlet
    c = df[df["region"].notna()].reset_index(drop=True)
    texts_c, y_c = c["text"].tolist(), c["region"].to_numpy()
    sgkf = StratifiedGroupKFold(args.folds, shuffle=True, random_state=args.seed)
    splits_c = list(sgkf.split(texts_c, y_c, c["outlet"]))
    splits_c_strat = list(StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(texts_c, y_c))
    results["C_region_grouped"] = {
        "n_articles": len(c), "n_classes": int(c["region"].nunique()), "n_outlets": int(c["outlet"].nunique()),
        "class_counts": c["region"].value_counts().to_dict(),
        "scores": cross_validate(texts_c, y_c, splits_c, args.n_states)[0],
        "same_data_stratified": cross_validate(texts_c, y_c, splits_c_strat, args.n_states)[0]}

    # Which indicators carry weight
    results["permutation_importance_A"] = permutation_importance_by_family(texts_a, y_a, splits_a, args.n_states,
                                                                           seed=args.seed)
    results["permutation_importance_C"] = permutation_importance_by_family(texts_c, y_c, splits_c, args.n_states,
                                                                           seed=args.seed)
    results["top_coefficients_A"] = top_coefficients(texts_a, y_a, args.n_states)

    if args.weight_sweep:
        from framing.perspective_model import make_perspective_pipeline

        sweep = {}
        for w in args.weight_sweep.split(","):
            w = w.strip()
            weight = w if w == "auto" else float(w)
            row = {}
            for key, (tx, yy, sp) in {"A": (texts_a, y_a, splits_a), "B": (texts_b, y_b, splits_b)}.items():
                pred = np.empty(len(yy), dtype=object)
                for train, test in sp:
                    model = make_perspective_pipeline(n_states=args.n_states, combined=True,
                                                      perspective_weight=weight)
                    model.fit([tx[i] for i in train], yy[train])
                    pred[test] = model.predict([tx[i] for i in test])
                row[key] = scores(yy, pred)
            sweep[w] = row
        results["combined_weight_sweep"] = sweep

    results["coverage"] = coverage(df)
    results["bundled_loo_illustration"] = bundled_loo(min(args.n_states, 10))
    results["seconds"] = round(time.time() - t0, 1)

    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
