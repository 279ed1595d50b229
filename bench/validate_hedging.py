"""Validate the hedging measure against BioScope speculation cues (CoNLL-2010 task 2 data).

Protocol (fixed before looking at the test half)
------------------------------------------------
* Data: ``<validation dir>/bioscope/abstracts.xml`` (1,273 abstracts, 11,871
  sentences), read at run time, never copied.
* Split by abstract (``bench/_bioscope.py: split_of``): a document is *test* when
  the first hex digit of SHA-256 of its PMID is odd, else *dev*. Lexicon and
  rules were developed looking at dev only; report test.
* Each sentence is scored on its own (``prepare`` + ``HedgingMeasure.analyze``).
* Prediction: a span is a speculation cue when its category is ``hedge`` or
  ``distancing`` and its label is not ``approximator`` (BioScope does not
  annotate approximators such as "approximately" or "often"; the row
  ``+approximators`` shows what counting them costs). Boosters never count.
* Sentence level: a sentence is positive when it holds a speculation cue; precision,
  recall and F1 of predicted against gold.
* Cue level (token overlap): a predicted cue is correct when it shares at least
  one token with a gold cue; a gold cue (all its parts, joined by ``ref``) is
  found when some predicted cue shares a token with it. P = correct / predicted,
  R = found / gold. Also token level: P/R/F1 over the word tokens inside cues.
* 95% intervals: percentile bootstrap over documents (1,000 resamples, seed 0).
* The gain of (b) over (a) is given with a paired bootstrap interval (the same
  resampled documents for both systems).
* Systems: (a) ``plain list``: every lexicon match as filed, no context rule; (b)
  ``full measure``: context rules and negated boosters.

Run from the repository root::

    PYTHONPATH=. python bench/validate_hedging.py            # test half
    PYTHONPATH=. python bench/validate_hedging.py --split dev --errors 30
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bioscope import BioSentence, load_bioscope, split_of  # noqa: E402

from framing.lexicons import load_lexicon  # noqa: E402
from framing.measures.hedging import HedgingMeasure  # noqa: E402
from framing.text import prepare  # noqa: E402
from framing.tokens import tokenize  # noqa: E402

SPECULATIVE = ("hedge", "distancing")


def predicted_cues(measure: HedgingMeasure, s: BioSentence, *, approximators: bool = False):
    """(start, end, rule) of the spans taken as speculation cues in one sentence."""
    doc = prepare(s.sent_id, s.text)
    out = measure.analyze(doc, {})
    return [(sp.start, sp.end, sp.rule) for sp in out.spans
            if sp.category in SPECULATIVE and (approximators or sp.label != "approximator")]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_sentence(s: BioSentence, pred) -> dict[str, int]:
    """Counts for one sentence: sentence, cue and token level."""
    gold_groups: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for start, end, ref in s.cues:
        gold_groups[ref or f"{start}"].append((start, end))
    gold_parts = [p for parts in gold_groups.values() for p in parts]
    pred_ranges = [(a, b) for a, b, _ in pred]
    tokens = [(a, b) for a, b, t in tokenize(s.text) if any(ch.isalnum() for ch in t)]
    gold_tok = {t for t in tokens if any(_overlaps(t, g) for g in gold_parts)}
    pred_tok = {t for t in tokens if any(_overlaps(t, p) for p in pred_ranges)}
    # Token overlap: compare cue extents through the tokens they cover.
    def tok_of(r):
        return {t for t in tokens if _overlaps(t, r)}
    gold_tok_sets = [set().union(*(tok_of(p) for p in parts)) for parts in gold_groups.values()]
    pred_tok_sets = [tok_of(r) for r in pred_ranges]
    return {
        "sent_gold": int(bool(s.cues)), "sent_pred": int(bool(pred)),
        "sent_tp": int(bool(s.cues) and bool(pred)),
        "cue_pred": len(pred), "cue_gold": len(gold_groups),
        "cue_pred_ok": sum(any(p & g for g in gold_tok_sets) for p in pred_tok_sets),
        "cue_gold_found": sum(any(p & g for p in pred_tok_sets) for g in gold_tok_sets),
        "tok_pred": len(pred_tok), "tok_gold": len(gold_tok), "tok_tp": len(pred_tok & gold_tok),
    }


def prf(tp_p: float, n_pred: float, tp_r: float, n_gold: float) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else float("nan")
    r = tp_r / n_gold if n_gold else float("nan")
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def summarize(c: dict[str, int]) -> dict[str, tuple[float, float, float]]:
    return {
        "sentence": prf(c["sent_tp"], c["sent_pred"], c["sent_tp"], c["sent_gold"]),
        "cue": prf(c["cue_pred_ok"], c["cue_pred"], c["cue_gold_found"], c["cue_gold"]),
        "token": prf(c["tok_tp"], c["tok_pred"], c["tok_tp"], c["tok_gold"]),
    }


def bootstrap(per_doc: list[collections.Counter], level: str, n: int = 1000, seed: int = 0):
    """Percentile 95% interval of F1 at `level`, resampling documents."""
    rng = random.Random(seed)
    f1s = []
    for _ in range(n):
        total: collections.Counter = collections.Counter()
        for _ in range(len(per_doc)):
            total.update(per_doc[rng.randrange(len(per_doc))])
        f1s.append(summarize(total)[level][2])
    f1s.sort()
    return f1s[int(0.025 * n)], f1s[int(0.975 * n) - 1]


def paired_difference(a: dict[str, collections.Counter], b: dict[str, collections.Counter], level: str,
                      n: int = 1000, seed: int = 0) -> tuple[float, float, float]:
    """F1(b) - F1(a) at `level` and its paired bootstrap 95% interval (same documents resampled)."""
    docs = sorted(a)
    rng = random.Random(seed)

    def f1(counters, idx):
        total: collections.Counter = collections.Counter()
        for i in idx:
            total.update(counters[docs[i]])
        return summarize(total)[level][2]

    every = range(len(docs))
    diff = f1(b, every) - f1(a, every)
    diffs = []
    for _ in range(n):
        idx = [rng.randrange(len(docs)) for _ in every]
        diffs.append(f1(b, idx) - f1(a, idx))
    diffs.sort()
    return diff, diffs[int(0.025 * n)], diffs[int(0.975 * n) - 1]


def run(sentences: list[BioSentence], measure: HedgingMeasure, *, approximators: bool = False,
        errors: int = 0, ci: bool = True):
    per_doc: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    fp_rules: collections.Counter = collections.Counter()
    fn_words: collections.Counter = collections.Counter()
    for s in sentences:
        pred = predicted_cues(measure, s, approximators=approximators)
        per_doc[s.doc_id].update(score_sentence(s, pred))
        if errors:
            for a, b, rule in pred:
                if not any(_overlaps((a, b), (g0, g1)) for g0, g1, _ in s.cues):
                    fp_rules[rule] += 1
            for g0, g1, _ in s.cues:
                if not any(_overlaps((a, b), (g0, g1)) for a, b, _ in pred):
                    fn_words[s.text[g0:g1].lower()] += 1
    total: collections.Counter = collections.Counter()
    for c in per_doc.values():
        total.update(c)
    res = summarize(total)
    intervals = {lvl: bootstrap(list(per_doc.values()), lvl) for lvl in ("sentence", "cue")} if ci else {}
    return res, intervals, per_doc, fp_rules, fn_words


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("test", "dev", "all"), default="test")
    ap.add_argument("--errors", type=int, default=0, help="show the N most frequent false positives/negatives")
    ap.add_argument("--no-ci", action="store_true", help="skip the bootstrap intervals")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    sentences = [s for s in load_bioscope() if args.split == "all" or split_of(s.doc_id) == args.split]
    n_docs = len({s.doc_id for s in sentences})
    n_pos = sum(s.speculative for s in sentences)
    n_cues = sum(len({ref for _, _, ref in s.cues}) for s in sentences)
    lex = load_lexicon("hedging")
    print(f"BioScope abstracts, {args.split} split: {n_docs} documents, {len(sentences)} sentences, "
          f"{n_pos} speculative ({n_pos / len(sentences):.1%}), {n_cues} speculation cues")
    print(f"lexicon {lex.name} {lex.version} sha256 {lex.sha256[:12]}")
    systems = [
        ("(a) plain list", HedgingMeasure({"hedging": lex}, context_rules=False), False),
        ("(b) full measure", HedgingMeasure({"hedging": lex}), False),
        ("(b) +approximators", HedgingMeasure({"hedging": lex}), True),
    ]
    header = f"{'system':20} {'level':9} {'P':>6} {'R':>6} {'F1':>6}   95% CI (F1)"
    print(header)
    print("-" * len(header))
    per_system = {}
    for name, measure, approx in systems:
        res, ci, per_system[name], fp, fn = run(sentences, measure, approximators=approx, errors=args.errors,
                                     ci=not args.no_ci)
        for level in ("sentence", "cue", "token"):
            p, r, f = res[level]
            interval = f"[{ci[level][0]:.3f}, {ci[level][1]:.3f}]" if level in ci else ""
            print(f"{name:20} {level:9} {p:6.3f} {r:6.3f} {f:6.3f}   {interval}")
        if args.errors:
            print(f"  most frequent false positives (rule): {fp.most_common(args.errors)}")
            print(f"  most frequent missed gold cues: {fn.most_common(args.errors)}")
    if not args.no_ci:
        for level in ("sentence", "cue"):
            d, lo, hi = paired_difference(per_system["(a) plain list"], per_system["(b) full measure"], level)
            print(f"F1 (b) - (a), {level} level: {d:+.3f}, paired bootstrap 95% CI [{lo:+.3f}, {hi:+.3f}]")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
