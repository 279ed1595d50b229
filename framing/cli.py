"""The ``framing`` command line.

    framing corpus strikes-2024               what a corpus holds
    framing score strikes-2024 -o scores/     score it, write the frames (CSV, Parquet)
    framing report strikes-2024 -o report/    the frames plus an HTML report to read and share
    framing lexicons                          the bundled lexicons, versions and hashes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import FramingInputError

_EPILOG = """\
PATH is a bundled corpus name (strikes-2024), a folder of .txt/.md files (YAML
front matter optional), or a .csv, .tsv, .jsonl or .parquet file with one
document per row.

Examples:
  framing report strikes-2024 -o report/
  framing score articles.csv --text-column body --id-column url -o scores/
  framing score corpus/ --measures hedging attribution --lexicon hedging=my-hedges.yaml -o out/
"""


def _add_corpus_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="corpus: bundled name, folder, or table file")
    p.add_argument("--text-column", default="text", metavar="COL", help="column holding the text (tables; default: text)")
    p.add_argument("--id-column", default="doc_id", metavar="COL", help="column holding document ids (default: doc_id, else row numbers)")
    p.add_argument("--encoding", default="utf-8", help="encoding of text files (default: utf-8)")


def _add_score_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into (created if missing)")
    p.add_argument("--measures", nargs="+", metavar="NAME",
                   help="measures to run (default: all); requirements are added automatically")
    p.add_argument("--lexicon", action="append", default=[], metavar="NAME=FILE",
                   help="replace a bundled lexicon with your own file (repeatable)")
    p.add_argument("--sentiment-method", choices=["rules", "learned"], default=None,
                   help="tone toward targets: the explainable rules (default) or the learned model")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (-1: all CPUs)")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Explainable framing analysis of news: attribution, hedging, tone toward states, "
                    "national perspective and readability, with the evidence behind every number.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("corpus", help="summarise a corpus: documents, words, metadata",
                       description="Show what a corpus holds, one line per document.")
    _add_corpus_args(p)

    p = sub.add_parser("score", help="score a corpus and write the frames",
                       description="Score every document and write documents, sentences, spans and "
                                   "targets as CSV (and Parquet when pyarrow is installed), with versions.json.")
    _add_corpus_args(p)
    _add_score_args(p)

    p = sub.add_parser("report", help="score a corpus and write an HTML report with the frames",
                       description="Score a corpus and write report.html (tables, figures, highlighted "
                                   "evidence, versions and lexicon hashes) beside the CSV frames.")
    _add_corpus_args(p)
    _add_score_args(p)
    p.add_argument("--group-by", default="outlet", metavar="COL",
                   help="metadata column to compare (default: outlet)")

    sub.add_parser("lexicons", help="list the bundled lexicons with versions and hashes")
    return parser


def _lexicon_overrides(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, file = pair.partition("=")
        if not sep or not name or not file:
            raise FramingInputError(f"--lexicon expects NAME=FILE, got {pair!r}")
        out[name] = file
    return out


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except FramingInputError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError) as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    import pandas as pd

    from .corpus import describe_corpus, load_corpus
    from .lexicons import list_lexicons
    from .score import score

    if args.command == "lexicons":
        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(list_lexicons().to_string(index=False))
        return 0
    corpus = load_corpus(args.path, text=args.text_column, id=args.id_column, encoding=args.encoding)
    if args.command == "corpus":
        meta = [c for c in ("doc_id", "outlet", "perspective_group", "date") if c in corpus.columns]
        summary = corpus[meta].merge(describe_corpus(corpus), on="doc_id")
        with pd.option_context("display.width", 200, "display.max_colwidth", 40):
            print(summary.to_string(index=False))
        print(f"\n{len(summary)} documents, {int(summary.words.sum()):,} words "
              f"(repeated sentences and page debris not counted)")
        extra = [c for c in corpus.columns if c not in ("doc_id", "text")]
        print("metadata columns:", ", ".join(extra))
        return 0
    options = {}
    if args.sentiment_method:
        options["sentiment"] = {"method": args.sentiment_method}
    result = score(corpus, measures=args.measures, lexicons=_lexicon_overrides(args.lexicon),
                   options=options, n_jobs=args.jobs, progress=False if args.no_progress else None)
    out = Path(args.output)
    written = result.save(out)
    if args.command == "report":
        from .report import write_report

        written.append(write_report(result, out, group_by=args.group_by))
    for path in written:
        print(path)
    print(f"scored {len(result.documents)} documents ({int(result.documents.n_words.sum()):,} words), "
          f"{len(result.spans):,} spans, into {out}/", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
