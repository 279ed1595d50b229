"""Validate tone toward a target against NewsMTSC's human labels.

NewsMTSC (Hamborg & Donnay, EACL 2021) labels the sentiment of a news sentence
toward each marked target: 2.0 negative, 4.0 neutral, 6.0 positive. This script
compares, per target, on a fixed held-out part of ``newsmtsc/train.jsonl``:

* the majority class (of the tuning part),
* (a) whole-sentence VADER (compound, +-0.05 as VADER recommends),
* (b) the scoped rule-based method (:func:`framing.tone.tone_toward`) with
  VADER's lexicon alone and with the conflict-news overlay (the default),
* the learned model shipped in ``framing/models/tone-newsmtsc.json``.

Split: documents are inferred from ``primary_gid`` (``allsides_<article>_<n>``,
``polusa_v1_<article>``) and assigned by a SHA-256 hash of that key: about 70 %
"tune" (used to tune the rule parameters and to fit the learned model) and 30 %
"test" (held out; reported). Other targets of the same sentence are passed as
competing mentions, as the sentiment measure does with the states it finds.

Reported: accuracy and macro-F1 over the three classes, on all targets, on
sentences with >= 2 targets, and on sentences whose targets differ in polarity;
a paired bootstrap interval of the macro-F1 margin of each method over
sentence VADER; confusion matrices; and an error analysis by word (which
lexicon words most often carried a wrong label). No sentence of the data is
printed unless ``--show-errors`` is given (never copy them into the repository).

    python bench/validate_sentiment.py            # report on the held-out part
    python bench/validate_sentiment.py --split tune
    python bench/validate_sentiment.py --tune     # grid search of the rule parameters on "tune"
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from bench._validation import validation_dir  # noqa: E402
from framing.tone import ToneScorer, tone_label  # noqa: E402
from framing.valence import ValenceScorer  # noqa: E402

LABELS = ("negative", "neutral", "positive")
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
TEST_SHARE = 30  # percent of documents held out


def doc_key(gid: str) -> str:
    """The article a NewsMTSC sentence comes from, inferred from its ``primary_gid``."""
    return "_".join(gid.split("_")[:3])


def split_of(gid: str) -> str:
    """'test' for about 30 % of documents (by a hash of the document key), else 'tune'."""
    h = int(hashlib.sha256(doc_key(gid).encode("utf-8")).hexdigest()[:8], 16)
    return "test" if h % 100 < TEST_SHARE else "tune"


def load_newsmtsc(split: str | None = None) -> list[dict]:
    """Sentences of ``newsmtsc/train.jsonl`` (optionally one split), as parsed JSON rows."""
    path = validation_dir("newsmtsc") / "train.jsonl"
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if split is None or split_of(row["primary_gid"]) == split:
                    rows.append(row)
    return rows


def targets_of(rows: list[dict]):
    """(text, start, end, others, gold label, n targets, mixed?) per target."""
    out = []
    for r in rows:
        text = r["sentence_normalized"]
        tg = r["targets"]
        spans = [(t["from"], t["to"]) for t in tg]
        mixed = len({t["polarity"] for t in tg}) > 1
        for i, t in enumerate(tg):
            others = [s for k, s in enumerate(spans) if k != i and s != spans[i]]
            out.append((text, t["from"], t["to"], others, POLARITY[t["polarity"]], len(tg), mixed))
    return out


def metrics(gold, pred) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    return {"n": len(gold), "accuracy": accuracy_score(gold, pred),
            "macro_f1": f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)}


def predict_rules(items, scorer: ToneScorer):
    return [scorer.score(text, s, e, others).label for text, s, e, others, *_ in items]


def predict_sentence_vader(items, valence: ValenceScorer):
    cache: dict[str, float] = {}
    out = []
    for text, *_ in items:
        if text not in cache:
            cache[text] = valence.score(text).compound
        out.append(tone_label(cache[text], 0.05))
    return out


def paired_bootstrap(gold, a, b, reps=1000, seed=0):
    """95 % interval of macro-F1(a) - macro-F1(b) over resampled targets."""
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(seed)
    g, a, b = np.array(gold), np.array(a), np.array(b)
    n = len(g)
    diffs = []
    for _ in range(reps):
        idx = rng.integers(0, n, n)
        diffs.append(f1_score(g[idx], a[idx], labels=list(LABELS), average="macro", zero_division=0)
                     - f1_score(g[idx], b[idx], labels=list(LABELS), average="macro", zero_division=0))
    return float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))


def confusion(gold, pred) -> str:
    c = Counter(zip(gold, pred))
    lines = ["gold \\ pred   " + "  ".join(f"{p:>9}" for p in LABELS)]
    for g in LABELS:
        lines.append(f"{g:>12}   " + "  ".join(f"{c[(g, p)]:>9}" for p in LABELS))
    return "\n".join(lines)


def error_words(items, scorer: ToneScorer, gold, pred, top=15):
    """Lexicon words most often behind a wrong polar label (counted once per target)."""
    blame: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (text, s, e, others, *_), g, p in zip(items, gold, pred):
        if g == p or p == "neutral":
            continue
        r = scorer.score(text, s, e, others)
        for w in {w.rule for w in r.words if (w.value < 0) == (p == "negative")}:
            blame[(g, p)][w] += 1
    return {f"gold {g} -> {p}": c.most_common(top) for (g, p), c in sorted(blame.items())}


def tune(items, valence):
    """Grid search of the scoping parameters on the tuning split.

    The objective is the mean of macro-F1 on all targets and on the targets of
    sentences whose targets differ in polarity: the measure exists to tell
    apart the states of one sentence, and on NewsMTSC most multi-target
    sentences give every target the same label, which rewards ignoring the
    other mentions.
    """
    gold = [it[4] for it in items]
    mixed = [it[6] for it in items]
    grid = {"decay": [0.7, 0.85, 0.9, 0.95, 1.0], "boundary_penalty": [0.3, 0.6, 1.0],
            "min_weight": [0.05, 0.2], "threshold": [0.05, 0.1], "competition": [0.0, 0.5, 0.7, 1.0]}
    results = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(grid, values))
        pred = predict_rules(items, ToneScorer(valence=valence, **params))
        f_all = metrics(gold, pred)["macro_f1"]
        f_mix = metrics([g for g, k in zip(gold, mixed) if k], [p for p, k in zip(pred, mixed) if k])["macro_f1"]
        results.append(((f_all + f_mix) / 2, f_all, f_mix, params))
    results.sort(key=lambda r: -r[0])
    for obj, f_all, f_mix, params in results[:12]:
        print(f"objective {obj:.4f}  macro-F1 all {f_all:.4f}  mixed {f_mix:.4f}  {params}")
    return results[0][3]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["test", "tune"], default="test")
    ap.add_argument("--tune", action="store_true", help="grid-search the rule parameters on 'tune'")
    ap.add_argument("--show-errors", type=int, default=0,
                    help="print this many misclassified targets (terminal only; never commit them)")
    ap.add_argument("--json", help="also write the numbers to this JSON file")
    args = ap.parse_args(argv)

    valence = ValenceScorer()
    if args.tune:
        tune(targets_of(load_newsmtsc("tune")), valence)
        return 0

    rows = load_newsmtsc(args.split)
    items = targets_of(rows)
    gold = [it[4] for it in items]
    tune_gold = [it[4] for it in targets_of(load_newsmtsc("tune"))]
    majority = Counter(tune_gold).most_common(1)[0][0]
    print(f"NewsMTSC train.jsonl, split '{args.split}': {len(rows)} sentences, {len(items)} targets, "
          f"{len({doc_key(r['primary_gid']) for r in rows})} documents; gold {dict(Counter(gold))}")

    t0 = time.perf_counter()
    overlay = ToneScorer(valence=valence)
    plain = ToneScorer(overlay=None, valence=valence)
    preds = {
        "majority class": [majority] * len(items),
        "(a) sentence VADER": predict_sentence_vader(items, valence),
        "(b) scoped rules, VADER lexicon": predict_rules(items, plain),
        "(b) scoped rules + conflict overlay": predict_rules(items, overlay),
    }
    try:
        from framing.tone_model import load_tone_model

        model = load_tone_model()
        name = "learned (tone-newsmtsc.json)" + (" IN-SAMPLE" if args.split == "tune" else "")
        preds[name] = list(model.predict(
            [(text, s, e, others) for text, s, e, others, *_ in items]))
    except (FileNotFoundError, ImportError) as exc:
        print(f"(learned model not available: {exc})")
    elapsed = time.perf_counter() - t0

    subsets = {
        "all targets": [True] * len(items),
        "sentences with >= 2 targets": [it[5] >= 2 for it in items],
        ">= 2 targets of different polarity": [it[6] for it in items],
    }
    report: dict = {"split": args.split, "n_sentences": len(rows), "n_targets": len(items),
                    "gold": dict(Counter(gold)), "majority_label": majority, "results": {}}
    for sname, mask in subsets.items():
        g = [x for x, k in zip(gold, mask) if k]
        print(f"\n{sname} (n={len(g)})")
        print(f"  {'method':<38} {'accuracy':>8} {'macro-F1':>8}   margin over (a), 95% CI")
        base = [x for x, k in zip(preds["(a) sentence VADER"], mask) if k]
        for name, p in preds.items():
            p = [x for x, k in zip(p, mask) if k]
            m = metrics(g, p)
            ci = ""
            if name != "(a) sentence VADER":
                lo, hi = paired_bootstrap(g, p, base)
                ci = f"[{lo:+.3f}, {hi:+.3f}]"
                m["margin_ci"] = [lo, hi]
            print(f"  {name:<38} {m['accuracy']:>8.3f} {m['macro_f1']:>8.3f}   {ci}")
            report["results"].setdefault(sname, {})[name] = m

    for name in ("(a) sentence VADER", "(b) scoped rules + conflict overlay", "learned (tone-newsmtsc.json)",
                 "learned (tone-newsmtsc.json) IN-SAMPLE"):
        if name in preds:
            print(f"\nconfusion, {name}:\n{confusion(gold, preds[name])}")
    print("\nerror analysis, scoped rules + overlay: lexicon words behind wrong polar labels")
    for k, v in error_words(items, overlay, gold, preds["(b) scoped rules + conflict overlay"]).items():
        print(f"  {k}: " + ", ".join(f"{w.split(':')[-1]} {c}" for w, c in v))
    p = preds["(b) scoped rules + conflict overlay"]
    no_words = sum(1 for (text, s, e, o, *_), x in zip(items, p)
                   if not overlay.score(text, s, e, o).words)
    print(f"\ntargets with no scoped word (labelled neutral by the rules): {no_words} of {len(items)}")
    print(f"scored in {elapsed:.1f} s")
    if args.show_errors:
        shown = 0
        for (text, s, e, o, *_), g, x in zip(items, gold, p):
            if g != x and shown < args.show_errors:
                r = overlay.score(text, s, e, o)
                print(f"\n[{g} -> {x}] target {text[s:e]!r}: {text}\n   {[(w.word, round(w.value, 2), w.scope) for w in r.words]}")
                shown += 1
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
