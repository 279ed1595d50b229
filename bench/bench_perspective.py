"""Throughput of the perspective measure against plain VADER, same sentences, same run.

The bundled case (the five strikes articles) is replicated until it holds at
least 200,000 counted words. Timed, each best of ``--repeat`` runs:

* ``perspective analyze``: ``PerspectiveMeasure.analyze`` on documents already
  prepared, with the attribution and sentiment spans it reads precomputed
  (``found``): the perspective pass alone;
* ``perspective, no found``: the same without the other measures' spans (the
  measure then finds state mentions itself: the fallback path);
* ``score_document``: ``framing.Scorer(measures=["perspective"])`` end to end
  (prepare + attribution + sentiment + perspective), for context;
* ``vader``: ``SentimentIntensityAnalyzer().polarity_scores`` on every counted
  sentence of the same documents.

Words are counted sentences' words (``doc.n_words``) in every row. Times are
CPU time of this process (``time.process_time``), best of the repeats. The
script also checks that ``analyze`` with the sentiment spans never builds the
measure's own MentionFinder (it reuses the sentiment measure's mentions).

    PYTHONPATH=. python bench/bench_perspective.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import framing  # noqa: E402
from _common import bench_arguments, best_of, prepared, replicated_corpus, vader_seconds  # noqa: E402


def main(argv=None) -> int:
    args = bench_arguments(__doc__).parse_args(argv)
    frame = replicated_corpus(args.min_words)
    corpus = list(zip(frame.doc_id, frame.text))
    docs, n_words, sentences = prepared(frame)

    scorer = framing.Scorer(measures=["perspective"])
    measures = {m.name: m for m in scorer.measures}
    perspective = measures["perspective"]
    found_per_doc = []
    for d in docs:
        found: dict = {}
        for m in scorer.measures[:-1]:  # requirements, in order
            found[m.name] = m.analyze(d, found).spans
        found_per_doc.append(found)

    t_own = best_of(lambda: [perspective.analyze(d, f) for d, f in zip(docs, found_per_doc)], args.repeat)
    # The finder is built on first use only: still None means no mention was matched twice.
    reused = perspective._finder is None
    t_alone = best_of(lambda: [perspective.analyze(d, {}) for d in docs], args.repeat)
    t_all = best_of(lambda: [scorer.score_document(i, t) for i, t in corpus], 1)
    t_vader = vader_seconds(sentences, args.repeat)

    print(f"{len(docs)} documents (copies of the bundled articles), "
          f"{len(sentences)} counted sentences, {n_words} words; best of {args.repeat} "
          f"(score_document: 1 run)")
    print(f"mentions reused from the sentiment spans (no MentionFinder with found): {reused}")
    for name, t in (("perspective analyze", t_own), ("perspective, no found", t_alone),
                    ("score_document", t_all), ("vader", t_vader)):
        print(f"{name:22} {t:7.2f} s  {n_words / t:12,.0f} words/s  ({t_vader / t:5.1f}x vader)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
