"""What the speed benchmarks share: a corpus that scales, its sentences, and CPU timing.

The reference peer is always vaderSentiment's ``polarity_scores`` on the same
counted sentences, timed in the same run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import framing  # noqa: E402
from framing.text import PreparedDocument, prepare  # noqa: E402


def replicated_corpus(min_words: int = 200_000) -> pd.DataFrame:
    """The bundled strikes-2024 corpus copied until it holds `min_words` counted words.

    Each copy ends with a line of its own, so no cache keyed on the text can help.
    """
    base = framing.load_corpus("strikes-2024")
    words = sum(prepare(d, t).n_words for d, t in zip(base.doc_id, base.text))
    copies = max(1, -(-min_words // words))
    return pd.concat([base.assign(doc_id=base.doc_id + f"-{i}",
                                  text=base.text + f"\n\nCopy {i} of the bundled article ends here.")
                      for i in range(copies)], ignore_index=True)


def prepared(corpus: pd.DataFrame) -> tuple[list[PreparedDocument], int, list[str]]:
    """Prepared documents, their counted words, and every counted sentence (VADER's input)."""
    docs = [prepare(d, t) for d, t in zip(corpus.doc_id, corpus.text)]
    sentences = [d.text[s.start:s.end] for d in docs for s in d.counted_sentences]
    return docs, sum(d.n_words for d in docs), sentences


def best_of(fn, repeat: int, clock=time.process_time) -> float:
    """Best time of `fn` over `repeat` runs. The default clock is this process's CPU
    time (other work on a shared machine does not enter the comparison); pass
    ``time.perf_counter`` when worker processes do the work."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return best


def vader_seconds(sentences: list[str], repeat: int, clock=time.process_time) -> float:
    """The reference peer: vaderSentiment's polarity_scores on every sentence, best of `repeat`."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return best_of(lambda: [analyzer.polarity_scores(s) for s in sentences], repeat, clock)


def bench_arguments(doc: str) -> argparse.ArgumentParser:
    """The options every per-measure benchmark takes: corpus size and repeats."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--min-words", "--words", dest="min_words", type=int, default=200_000,
                    help="replicate the bundled corpus to at least this many counted words")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    return ap
