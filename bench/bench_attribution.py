"""Throughput of the attribution pass against plain VADER, same sentences, same run.

The bundled case (the strikes-2024 articles) is replicated until it holds at
least ``--words`` counted words (default 200,000). Timed, each best of
``--repeat`` runs:

* ``attribution analyze``: ``AttributionMeasure.analyze`` on documents already
  prepared (the attribution pass alone: quote finding, lexicon matching, source
  and content rules; tokenizing and sentence splitting are shared by all
  measures and timed separately);
* ``prepare + attribution``: the same including ``framing.text.prepare``;
* ``vader``: ``SentimentIntensityAnalyzer().polarity_scores`` on every counted
  sentence of the same documents.

Words are counted sentences' words (``doc.n_words``) in every row. Times are
CPU time of this process (``time.process_time``), best of the repeats, so that
other work on a shared machine does not enter the comparison.

    PYTHONPATH=. python bench/bench_attribution.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from framing.measures.attribution import AttributionMeasure  # noqa: E402
from framing.text import prepare  # noqa: E402
from _common import bench_arguments, best_of, prepared, replicated_corpus, vader_seconds  # noqa: E402


def main(argv=None) -> int:
    args = bench_arguments(__doc__).parse_args(argv)
    frame = replicated_corpus(args.min_words)
    corpus = list(zip(frame.doc_id, frame.text))
    docs, words, sentences = prepared(frame)

    measure = AttributionMeasure(AttributionMeasure.default_lexicons())
    t_att = best_of(lambda: [measure.analyze(d, {}) for d in docs], args.repeat)
    t_prep = best_of(lambda: [measure.analyze(prepare(i, t), {}) for i, t in corpus], args.repeat)
    t_vader = vader_seconds(sentences, args.repeat)

    print(f"{len(docs)} documents (copies of the bundled articles), {words:,} counted words, "
          f"{len(sentences):,} sentences; CPU seconds, best of {args.repeat}")
    for name, t in (("attribution analyze", t_att), ("prepare + attribution", t_prep), ("vader", t_vader)):
        print(f"  {name:24} {t:8.2f} s  {words / t:12,.0f} words/s")
    print(f"  attribution alone is {t_vader / t_att:.1f}x the speed of VADER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
