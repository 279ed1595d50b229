"""Throughput of the sentiment measure against plain VADER, same sentences, same run.

The bundled strikes-2024 corpus is replicated (each copy made unique) until it
holds at least 200,000 counted words. Timed, each best of ``--repeat`` runs, in
CPU time of this process (``time.process_time``):

* ``vader``: ``SentimentIntensityAnalyzer().polarity_scores`` on every counted
  sentence of the same documents (the reference);
* ``sentiment analyze``: ``SentimentMeasure.analyze`` on documents already
  prepared (mentions, VADER-equivalent valence of every counted sentence that
  mentions a target, scoped tone of every mention, spans, bootstrap
  intervals; voice from quotation marks, as no attribution spans are given);
* ``prepare + sentiment``: the same including ``framing.text.prepare``;
* ``sentiment analyze, learned``: with ``method="learned"``;
* ``whole profile``: ``framing.score`` with every measure (the hard constraint:
  >= 1.0x VADER), unless ``--no-profile``.

Words are counted sentences' words (``doc.n_words``) in every row. The machine
may be shared: compare rows of one run, and prefer ``--repeat 5`` or more.

    python bench/bench_sentiment.py
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import framing  # noqa: E402
from framing.measures.sentiment import SentimentMeasure  # noqa: E402
from framing.text import prepare  # noqa: E402
from _common import bench_arguments, best_of, prepared, replicated_corpus, vader_seconds  # noqa: E402


def main(argv=None) -> int:
    ap = bench_arguments(__doc__)
    ap.add_argument("--no-profile", action="store_true", help="skip the whole-profile run")
    args = ap.parse_args(argv)

    corpus = replicated_corpus(args.min_words)
    ids, texts = corpus.doc_id.tolist(), corpus.text.tolist()
    docs, words, sentences = prepared(corpus)
    lex = SentimentMeasure.default_lexicons()
    rules = SentimentMeasure(lex)
    learned = SentimentMeasure(lex, method="learned")
    for m in (rules, learned):
        m.analyze(docs[0], {})  # warm caches

    rows = [("vader polarity_scores", vader_seconds(sentences, args.repeat))]
    rows.append(("sentiment analyze", best_of(lambda: [rules.analyze(d, {}) for d in docs], args.repeat)))
    rows.append(("prepare + sentiment", best_of(
        lambda: [rules.analyze(prepare(i, t), {}) for i, t in zip(ids, texts)], args.repeat)))
    rows.append(("sentiment analyze, learned", best_of(lambda: [learned.analyze(d, {}) for d in docs], args.repeat)))
    if not args.no_profile:
        import pandas as pd

        corpus = pd.DataFrame({"doc_id": ids, "text": texts})
        framing.score(corpus.head(5), progress=False)
        rows.append(("whole profile (framing.score, all measures)",
                     best_of(lambda: framing.score(corpus, progress=False), max(1, args.repeat - 1))))

    t_vader = rows[0][1]
    print(f"framing {framing.__version__}, Python {platform.python_version()}; {len(docs)} documents, "
          f"{len(sentences)} counted sentences, {words:,} words; best of {args.repeat}, CPU time")
    print(f"{'':<46} {'seconds':>8} {'words/s':>10} {'x VADER':>8}")
    for name, t in rows:
        print(f"{name:<46} {t:>8.2f} {words / t:>10,.0f} {t_vader / t:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
