"""Throughput of the hedging pass against plain VADER, same sentences, same run.

The bundled case (the five strikes articles) is replicated until it holds at
least 200,000 counted words. Timed, each best of ``--repeat`` runs:

* ``hedging analyze``: ``HedgingMeasure.analyze`` on documents already prepared
  (the hedging pass alone; tokenizing and sentence splitting are shared by all
  measures and timed separately);
* ``prepare + hedging``: the same including ``framing.text.prepare``;
* ``vader``: ``SentimentIntensityAnalyzer().polarity_scores`` on every counted
  sentence of the same documents.

Words are counted sentences' words (``doc.n_words``) in every row. Times are
CPU time of this process (``time.process_time``), best of the repeats, so that
other work on a shared machine does not enter the comparison.

    PYTHONPATH=. python bench/bench_hedging.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from framing.lexicons import load_lexicon  # noqa: E402
from framing.measures.hedging import HedgingMeasure  # noqa: E402
from framing.text import prepare  # noqa: E402
from _common import bench_arguments, best_of, prepared, replicated_corpus, vader_seconds  # noqa: E402


def main(argv=None) -> int:
    args = bench_arguments(__doc__).parse_args(argv)
    frame = replicated_corpus(args.min_words)
    corpus = list(zip(frame.doc_id, frame.text))
    docs, n_words, sentences = prepared(frame)

    measure = HedgingMeasure({"hedging": load_lexicon("hedging")})

    t_hedge = best_of(lambda: [measure.analyze(d, {}) for d in docs], args.repeat)
    t_both = best_of(lambda: [measure.analyze(prepare(i, t), {}) for i, t in corpus], args.repeat)
    t_vader = vader_seconds(sentences, args.repeat)

    print(f"{len(docs)} documents (copies of the bundled articles), "
          f"{len(sentences)} counted sentences, {n_words} words; best of {args.repeat}")
    for name, t in (("hedging analyze", t_hedge), ("prepare + hedging", t_both), ("vader", t_vader)):
        print(f"{name:18} {t:7.2f} s  {n_words / t:12,.0f} words/s  ({t_vader / t:5.1f}x vader)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
