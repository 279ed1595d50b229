"""What the speed benchmarks share: a corpus that scales, its sentences, and CPU timing.

The reference peer is always vaderSentiment's ``polarity_scores`` on the same
counted sentences, timed in the same run.
"""

from __future__ import annotations

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


def best_of(fn, repeat: int) -> float:
    """Best CPU time of this process over `repeat` runs (other work on a shared
    machine does not enter the comparison)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best
