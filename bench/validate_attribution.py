"""Validate the attribution measure against PolNeAR (human-annotated attribution relations).

    python bench/validate_attribution.py            # dev split: the numbers in docs/validation.md
    python bench/validate_attribution.py --split train

For every article the measure's cue, source and content spans are compared
with the first annotator's (see ``bench/_polnear.py`` for the policy and the
scoring): overlap precision/recall/F1 per category, character-level F1, and
attribution-level scores (a predicted attribution is right when its cue
overlaps a gold cue and its source overlaps that relation's source, or both
have none). Scare quotes and quotations without a speaker are not
attributions and are left out. The same numbers are given for a baseline that
only knows "said" and "according to", and, on articles with several
annotators, for one annotator scored against another (a ceiling).

The data are read from ``../shared/validation/polnear`` (or
``$FRAMING_VALIDATION_DIR/polnear``); the script exits with code 2 when they
are missing. Nothing from the data is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _polnear import CATEGORIES, Counts, Relation, annotator_pairs, load  # noqa: E402
from _validation import validation_dir  # noqa: E402

from framing.measures.attribution import AttributionMeasure  # noqa: E402
from framing.text import prepare  # noqa: E402


def predict(measure: AttributionMeasure, name: str, text: str):
    """Spans by category and predicted relations (links) of the measure."""
    doc = prepare(name, text)
    out = measure.analyze(doc, {})
    spans = {c: [] for c in CATEGORIES}
    rels: dict[str, Relation] = {}
    for s in out.spans:
        if s.label == "scare" or s.rule == "rule:quote-no-speaker":
            continue
        spans[s.category].append((s.start, s.end))
        getattr(rels.setdefault(s.link, Relation()), s.category).append((s.start, s.end))
    return spans, list(rels.values())


def baseline(name: str, text: str):
    """A reader that knows only "said" and "according to".

    "said": the source is the run of up to four words next to it (before it,
    or after it when punctuation comes first: '"...," said Smith'); the
    content is the longer remaining side of the sentence. "according to": the
    source is the words after it up to punctuation; the content is the longer
    remaining side.
    """
    doc = prepare(name, text)
    spans = {c: [] for c in CATEGORIES}
    rels = []
    st, en, norm = doc.tok_start, doc.tok_end, doc.tok_norm
    for sent in doc.sentences:
        if not sent.counted:
            continue
        lo, hi = sent.tok_start, sent.tok_end
        i = lo
        while i < hi:
            if norm[i] == "said":
                a, b = i, i + 1
                j = a
                while j > lo and a - j < 4 and norm[j - 1][:1].isalnum():
                    j -= 1
                if j < a:
                    src = (j, a)
                else:
                    k = b
                    while k < hi and k - b < 4 and norm[k][:1].isalnum():
                        k += 1
                    src = (b, k) if k > b else None
            elif norm[i] == "according" and i + 1 < hi and norm[i + 1] == "to":
                a, b = i, i + 2
                k = b
                while k < hi and norm[k][:1].isalnum():
                    k += 1
                src = (b, k) if k > b else None
            else:
                i += 1
                continue
            used = [a, b] + (list(src) if src else [])
            left, right = (lo, min(used)), (max(used), hi)
            side = left if (left[1] - left[0]) >= (right[1] - right[0]) else right
            rel = Relation(cue=[(st[a], en[b - 1])])
            if src:
                rel.source = [(st[src[0]], en[src[1] - 1])]
            if side[1] > side[0]:
                rel.content = [(st[side[0]], en[side[1] - 1])]
            for c in CATEGORIES:
                spans[c].extend(getattr(rel, c))
            rels.append(rel)
            i = b
    return spans, rels


def _ov(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def relation_counts(pred: list[Relation], gold: list[Relation]) -> tuple[int, int, int, int]:
    """(predicted right, predicted, gold found, gold): cue overlaps and source agrees."""
    def match(p: Relation, g: Relation) -> bool:
        if not _ov(p.cue, g.cue):
            return False
        if not g.source and not p.source:
            return True
        return _ov(p.source, g.source)

    ok = sum(1 for p in pred if any(match(p, g) for g in gold))
    found = sum(1 for g in gold if any(match(p, g) for p in pred))
    return ok, len(pred), found, len(gold)


def _prf(ok: int, n_pred: int, found: int, n_gold: int) -> dict[str, float]:
    p = ok / n_pred if n_pred else float("nan")
    r = found / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if p == p and r == r and p + r else float("nan")
    return {"precision": p, "recall": r, "f1": f}


def evaluate(articles, predictor) -> dict:
    counts = Counts()
    rel = [0, 0, 0, 0]
    for art in articles:
        spans, rels = predictor(art.name, art.text)
        counts.add(spans, art.spans)
        for i, v in enumerate(relation_counts(rels, art.relations)):
            rel[i] += v
    table = counts.table()
    table["attribution"] = _prf(*rel) | {"n_pred": rel[1], "n_gold": rel[3]}
    return table


def agreement(pairs) -> dict:
    counts = Counts()
    rel = [0, 0, 0, 0]
    for gold, other in pairs:
        counts.add(other.spans, gold.spans)
        for i, v in enumerate(relation_counts(other.relations, gold.relations)):
            rel[i] += v
    table = counts.table()
    table["attribution"] = _prf(*rel) | {"n_pred": rel[1], "n_gold": rel[3]}
    return table


def _print(title: str, table: dict) -> None:
    print(f"\n{title}")
    print(f"  {'':12} {'P':>6} {'R':>6} {'F1':>6}   {'charP':>6} {'charR':>6} {'charF1':>6}   {'pred':>6} {'gold':>6}")
    for cat in ("cue", "source", "content", "attribution"):
        r = table[cat]
        chars = (f"{r['char_precision']:6.3f} {r['char_recall']:6.3f} {r['char_f1']:6.3f}"
                 if "char_f1" in r else f"{'':6} {'':6} {'':6}")
        print(f"  {cat:12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}   {chars}   "
              f"{r['n_pred']:6d} {r['n_gold']:6d}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--json", action="store_true", help="print the tables as JSON")
    args = ap.parse_args(argv)
    split = validation_dir("polnear") / args.split
    if not split.is_dir():
        sys.exit(f"PolNeAR split not found at {split}")
    articles = load(split)
    measure = AttributionMeasure(AttributionMeasure.default_lexicons())
    t0 = time.perf_counter()
    ours = evaluate(articles, lambda name, text: predict(measure, name, text))
    elapsed = time.perf_counter() - t0
    base = evaluate(articles, baseline)
    pairs = annotator_pairs(split)
    result = {"split": args.split, "articles": len(articles), "seconds": elapsed,
              "measure": ours, "baseline": base,
              "annotator_agreement": agreement(pairs) if pairs else None,
              "agreement_pairs": len(pairs)}
    if args.json:
        print(json.dumps(result, indent=1, default=float))
        return 0
    print(f"PolNeAR {args.split}: {len(articles)} articles (gold = first annotator); measure ran in {elapsed:.1f} s")
    _print("attribution measure", ours)
    _print('baseline ("said", "according to" only)', base)
    if pairs:
        _print(f"one annotator against another ({len(pairs)} pairs on multiply annotated articles)",
               result["annotator_agreement"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
