"""Load and validate corpora into one tidy frame: one row per document.

Accepted sources: the name of a bundled corpus ("strikes-2024"), a folder of
``.txt``/``.md`` files (YAML front matter optional), a CSV/TSV, JSONL or
Parquet file, or a pandas DataFrame. Every document gets a unique, stable
``doc_id`` (the file stem, or the id column); every metadata column is kept.
Input files are only read, never modified.

Examples
--------
>>> corpus = load_corpus("strikes-2024")
>>> list(corpus.doc_id)
['vox', 'usip', 'orf', 'agsiw', 'aibot']
>>> corpus.loc[0, "outlet"]
'Vox'
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import CorpusError
from .resources import data_dir

#: Metadata columns every corpus frame has (empty when unknown), after doc_id and text.
METADATA_COLUMNS = ("outlet", "outlet_type", "outlet_country", "perspective_group",
                    "author", "date", "title", "url")
_TEXT_SUFFIXES = (".txt", ".md")
_TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}


def bundled_corpora() -> list[str]:
    """Names of the corpora shipped with framing."""
    return sorted(p.name for p in data_dir("corpus").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_corpus(source: Any, *, text: str = "text", id: str = "doc_id",
                encoding: str = "utf-8") -> pd.DataFrame:
    """Load a corpus as a DataFrame with ``doc_id``, ``text`` and metadata columns.

    Parameters
    ----------
    source
        A bundled corpus name, a folder, a ``.csv``/``.tsv``/``.jsonl``/``.parquet``
        file, or a DataFrame.
    text, id
        Names of the text and id columns in tables (renamed to ``text`` and
        ``doc_id``). Without an id column, ids are the row numbers (``row1``...).
    encoding
        Encoding of text files (default UTF-8; a byte-order mark is ignored).

    Raises
    ------
    CorpusError
        Naming the file (and line) for: a missing text column, duplicate or
        empty ids, undecodable bytes, malformed front matter, unreadable tables.

    Examples
    --------
    >>> import pandas as pd
    >>> load_corpus(pd.DataFrame({"text": ["One.", "Two."]})).doc_id.tolist()
    ['row1', 'row2']
    """
    if isinstance(source, pd.DataFrame):
        return _finish(source.copy(), "<DataFrame>", text, id, line_offset=None)
    if isinstance(source, str) and source in bundled_corpora() and not Path(source).exists():
        return _load_folder(data_dir("corpus") / source, encoding)
    path = Path(source)
    if not path.exists():
        raise CorpusError(f"no such file or folder; bundled corpora are: {', '.join(bundled_corpora())}",
                          path=path)
    if path.is_dir():
        return _load_folder(path, encoding)
    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        return _load_table(path, _TABLE_SUFFIXES[suffix], text, id, encoding)
    if suffix in (".jsonl", ".ndjson"):
        return _load_jsonl(path, text, id, encoding)
    if suffix in (".parquet", ".pq"):
        try:
            frame = pd.read_parquet(path)
        except ImportError:
            raise CorpusError("reading Parquet needs pyarrow: pip install 'framing[parquet]'", path=path) from None
        except Exception as exc:  # pyarrow raises many types for bad files
            raise CorpusError(f"not a readable Parquet file ({exc})", path=path) from None
        return _finish(frame, path, text, id, line_offset=None)
    if suffix in _TEXT_SUFFIXES:
        return _finish(pd.DataFrame([_read_document(path, encoding)]), path, "text", "doc_id", line_offset=None)
    raise CorpusError(f"unsupported corpus file type '{suffix}': use a folder of .txt/.md files, "
                      ".csv, .tsv, .jsonl or .parquet", path=path)


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(f"cannot decode byte 0x{raw[exc.start]:02x} as {encoding}; if the file is in "
                          "another encoding, pass it, e.g. load_corpus(..., encoding='latin-1')",
                          path=path, line=line) from None


def _read_document(path: Path, encoding: str) -> dict[str, Any]:
    """One text file: optional YAML front matter between '---' lines, then the text as is."""
    content = _decode(path, path.read_bytes(), encoding)
    record: dict[str, Any] = {"doc_id": path.stem}
    if content.startswith("---\n") or content.startswith("---\r\n"):
        first_nl = content.index("\n") + 1
        close = content.find("\n---", first_nl - 1)
        while close >= 0 and content[close + 4 : close + 5] not in ("\n", "\r", ""):
            close = content.find("\n---", close + 1)
        if close < 0:
            raise CorpusError("front matter opened with '---' on line 1 is never closed by a '---' line",
                              path=path, line=1)
        header = content[first_nl:close + 1]
        try:
            meta = yaml.safe_load(header) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise CorpusError(f"malformed front matter: {problem}", path=path,
                              line=mark.line + 2 if mark else 1) from None
        if not isinstance(meta, dict):
            raise CorpusError("front matter must be a mapping of 'key: value' lines", path=path, line=2)
        body_start = close + 4
        if content[body_start : body_start + 2] == "\r\n":
            body_start += 2
        elif content[body_start : body_start + 1] == "\n":
            body_start += 1
        for key, value in meta.items():
            if key == "text":
                raise CorpusError("front matter may not set 'text': the text follows the closing '---'",
                                  path=path, line=2)
            record[str(key)] = value if not hasattr(value, "isoformat") else value.isoformat()
        record["doc_id"] = str(meta.get("doc_id", path.stem))
        content = content[body_start:]
    record["text"] = content
    return record


def _load_folder(folder: Path, encoding: str) -> pd.DataFrame:
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in _TEXT_SUFFIXES and p.is_file() and not p.name.startswith((".", "_")))
    if not files:
        raise CorpusError("no .txt or .md documents in this folder", path=folder)
    records = [_read_document(p, encoding) for p in files]
    frame = pd.DataFrame(records)
    order = [r.get("order") for r in records]
    if all(isinstance(o, int) for o in order):  # bundled corpora fix their order in front matter
        frame = frame.iloc[sorted(range(len(order)), key=order.__getitem__)].drop(columns="order")
    ids = frame["doc_id"].tolist()
    dups = {i for i in ids if ids.count(i) > 1}
    if dups:
        culprits = [str(f) for f, r in zip(files, records) if r["doc_id"] in dups]
        raise CorpusError(f"duplicate doc_id {sorted(dups)[0]!r} in {', '.join(culprits)}", path=folder)
    return _finish(frame.reset_index(drop=True), folder, "text", "doc_id", line_offset=None)


def _load_table(path: Path, sep: str, text: str, id: str, encoding: str) -> pd.DataFrame:
    raw = path.read_bytes()
    decoded = _decode(path, raw, encoding)
    if not decoded.strip():
        raise CorpusError("the file is empty", path=path, line=1)
    try:
        frame = pd.read_csv(io.StringIO(decoded), sep=sep, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        raise CorpusError(f"malformed table: {exc}", path=path) from None
    frame = frame.replace({"": None})
    return _finish(frame, path, text, id, line_offset=2)


def _load_jsonl(path: Path, text: str, id: str, encoding: str) -> pd.DataFrame:
    decoded = _decode(path, path.read_bytes(), encoding)
    records = []
    for n, line in enumerate(decoded.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"invalid JSON ({exc.msg}, column {exc.colno})", path=path, line=n) from None
        if not isinstance(obj, dict):
            raise CorpusError("each line must be a JSON object", path=path, line=n)
        obj["_line"] = n
        records.append(obj)
    if not records:
        raise CorpusError("the file holds no documents", path=path, line=1)
    frame = pd.DataFrame(records)
    return _finish(frame, path, text, id, line_offset="_line")


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _finish(frame: pd.DataFrame, path: Any, text: str, id: str, line_offset) -> pd.DataFrame:
    """Check and standardise a corpus frame: doc_id and text first, metadata after."""
    where = str(path)

    def line_of(i: int) -> int | None:
        if line_offset is None:
            return None
        if isinstance(line_offset, str):
            return int(frame[line_offset].iloc[i])
        return i + line_offset

    if frame.empty:
        raise CorpusError("the corpus holds no documents", path=where)
    if text not in frame.columns:
        raise CorpusError(f"no text column '{text}'; columns are: {', '.join(map(str, frame.columns))}. "
                          "Pass text='<column>' to name it", path=where)
    lines = frame.pop("_line") if isinstance(line_offset, str) else None
    if lines is not None:
        frame["_line"] = lines  # keep for messages below, dropped at the end
    if text != "text":
        if "text" in frame.columns:
            raise CorpusError(f"both 'text' and '{text}' columns exist; rename one", path=where)
        frame = frame.rename(columns={text: "text"})
    if id in frame.columns:
        if id != "doc_id":
            if "doc_id" in frame.columns:
                raise CorpusError(f"both 'doc_id' and '{id}' columns exist; rename one", path=where)
            frame = frame.rename(columns={id: "doc_id"})
    elif id != "doc_id":
        raise CorpusError(f"no id column '{id}'; columns are: {', '.join(map(str, frame.columns))}", path=where)
    else:
        frame.insert(0, "doc_id", [f"row{i + 1}" for i in range(len(frame))])
    ids = []
    for i, value in enumerate(frame["doc_id"].tolist()):
        if _is_missing(value) or str(value).strip() == "":
            raise CorpusError(f"document {i + 1} has an empty doc_id", path=where, line=line_of(i))
        ids.append(str(value.item() if hasattr(value, "item") else value))
    seen: dict[str, int] = {}
    for i, doc_id in enumerate(ids):
        if doc_id in seen:
            first = line_of(seen[doc_id])
            extra = f" (first on line {first})" if first is not None else f" (first at row {seen[doc_id] + 1})"
            raise CorpusError(f"duplicate doc_id {doc_id!r}{extra}", path=where, line=line_of(i))
        seen[doc_id] = i
    texts = []
    for i, value in enumerate(frame["text"].tolist()):
        if isinstance(value, (bytes, bytearray)):
            raise CorpusError(f"text of document {ids[i]!r} is bytes, not text; decode it first, "
                              "e.g. df['text'] = df['text'].str.decode('utf-8')", path=where, line=line_of(i))
        if _is_missing(value):
            texts.append(None)  # missing text: NaN scores downstream, not an error
        elif isinstance(value, str):
            texts.append(value)
        else:
            raise CorpusError(f"text of document {ids[i]!r} is a {type(value).__name__}, not a string",
                              path=where, line=line_of(i))
    frame = frame.drop(columns=[c for c in ("_line",) if c in frame.columns])
    frame["doc_id"] = pd.array(ids, dtype="string")
    frame["text"] = pd.array(texts, dtype="object")
    for col in METADATA_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    first = ["doc_id", "text", *METADATA_COLUMNS]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    return frame.reset_index(drop=True)


def describe_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Counts per document: words and sentences as scored, plus what is set aside.

    ``words`` and ``sentences`` count what the measures see; ``repeated``
    (pull quotes counted once) and ``debris`` (page furniture) are sentences
    flagged and left out. Join it to the corpus on ``doc_id`` for metadata.

    >>> describe_corpus(load_corpus("strikes-2024")).columns.tolist()
    ['doc_id', 'words', 'sentences', 'repeated', 'debris']
    """
    from .text import prepare

    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        doc = prepare(doc_id, text)
        rows.append({"doc_id": doc_id, "words": doc.n_words, "sentences": len(doc.counted_sentences),
                     "repeated": sum(s.is_repeat for s in doc.sentences),
                     "debris": sum(bool(s.debris) for s in doc.sentences)})
    return pd.DataFrame(rows, columns=["doc_id", "words", "sentences", "repeated", "debris"])
