"""Full parity and speed check of framing.valence against vaderSentiment 3.3.2.

Scores every sentence of the validation sets (NewsMTSC train sentences, PolNeAR
train articles split into sentences) and of shared/seeds with both
``SentimentIntensityAnalyzer.polarity_scores`` and ``ValenceScorer.score``,
reports the largest differences and the speed of each, and exits 1 on any
difference above 1e-6 (2 if the validation folder is missing).

    python bench/vader_parity.py

The validation folder is ``../shared/validation`` beside the checkout, or
``$FRAMING_VALIDATION_DIR``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from framing.valence import ValenceScorer  # noqa: E402

TOL = 1e-6
KEYS = ("compound", "pos", "neg", "neu")


def _split_naive(text: str) -> list[str]:
    # Lines, then ". " -- crude, but any string is a valid parity input.
    out = []
    for line in text.splitlines():
        out.extend(p for p in re.split(r"(?<=\.) ", line) if p.strip())
    return out


def load_sentences(validation: Path, shared: Path) -> dict[str, list[str]]:
    sources: dict[str, list[str]] = {}
    newsmtsc = validation / "newsmtsc" / "train.jsonl"
    if newsmtsc.exists():
        with newsmtsc.open(encoding="utf-8") as f:
            sources["newsmtsc"] = [json.loads(line)["sentence_normalized"] for line in f if line.strip()]
    polnear = validation / "polnear" / "train" / "text"
    if polnear.is_dir():
        sents: list[str] = []
        for p in sorted(polnear.glob("*.txt")):
            sents.extend(_split_naive(p.read_text(encoding="utf-8")))
        sources["polnear"] = sents
    seeds = shared / "seeds"
    if seeds.is_dir():
        sents = []
        for p in sorted(seeds.glob("*.txt")):
            sents.extend(_split_naive(p.read_text(encoding="utf-8")))
        sources["seeds"] = sents
    return sources


def time_all(sentences: list[str], vader, repeats: int = 3) -> tuple[float, float, float]:
    """Best-of-``repeats`` seconds: vaderSentiment, ValenceScorer, and ValenceScorer
    with each result's ``.tokens`` objects built too (and dropped, as in a loop
    that turns them into highlights).

    The runs are interleaved so that load from other processes hits all alike;
    each ValenceScorer run uses a fresh scorer, so its token cache starts cold.
    Results are kept until the run ends, as a caller would keep them.
    """
    best = [float("inf")] * 3
    for _ in range(repeats):
        t0 = time.perf_counter()
        ref = [vader.polarity_scores(s) for s in sentences]
        best[0] = min(best[0], time.perf_counter() - t0)
        del ref
        scorer = ValenceScorer()
        t0 = time.perf_counter()
        ours = scorer.score_many(sentences)
        best[1] = min(best[1], time.perf_counter() - t0)
        del ours
        scorer = ValenceScorer()
        t0 = time.perf_counter()
        ours = [len(sv.tokens) for sv in scorer.score_many(sentences)]
        best[2] = min(best[2], time.perf_counter() - t0)
        del ours
    return best[0], best[1], best[2]


def main() -> int:
    validation = Path(
        os.environ.get("FRAMING_VALIDATION_DIR") or REPO.parent / "shared" / "validation"
    )
    if not validation.is_dir():
        print(f"validation folder not found: {validation} (set FRAMING_VALIDATION_DIR)", file=sys.stderr)
        return 2
    sources = load_sentences(validation, validation.parent)
    sentences = [s for sents in sources.values() for s in sents]
    if len(sentences) < 20_000:
        print(f"note: only {len(sentences):,} sentences found (expected > 20,000)", file=sys.stderr)
    if not sentences:
        print(f"no sentences found under {validation}", file=sys.stderr)
        return 2

    vader = SentimentIntensityAnalyzer()
    scorer = ValenceScorer()
    maxdiff = dict.fromkeys(KEYS, 0.0)
    mismatches = 0
    examples = []
    for s in sentences:
        ref = vader.polarity_scores(s)
        got = scorer.score(s)
        bad = False
        for k in KEYS:
            d = abs(ref[k] - getattr(got, k))
            maxdiff[k] = max(maxdiff[k], d)
            bad |= not d <= TOL  # NaN counts as a mismatch
        if bad:
            mismatches += 1
            if len(examples) < 5:
                examples.append((s[:120], ref, got[:4]))

    n_words = sum(len(s.split()) for s in sentences)
    t_vader, t_ours, t_tokens = time_all(sentences, vader)

    print("sources: " + ", ".join(f"{k} {len(v):,}" for k, v in sources.items()))
    print(f"sentences: {len(sentences):,}   words: {n_words:,}")
    print("max |diff|: " + "  ".join(f"{k} {maxdiff[k]:.2e}" for k in KEYS))
    print(f"mismatches > {TOL:g}: {mismatches}")
    for ex in examples:
        print("  ", ex)
    print(f"vaderSentiment: {n_words / t_vader:,.0f} words/s ({t_vader:.2f} s, best of 3)")
    print(f"ValenceScorer:  {n_words / t_ours:,.0f} words/s ({t_ours:.2f} s, best of 3, per-word columns included)")
    print(f"  + .tokens:    {n_words / t_tokens:,.0f} words/s ({t_tokens:.2f} s, a ValenceToken object per word)")
    print(f"speed ratio: {t_vader / t_ours:.2f}x  ({t_vader / t_tokens:.2f}x with .tokens built)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
