"""Corpus loading: every format, and a clear message for every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import CorpusError, load_corpus

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_bundled_corpus_by_name(corpus):
    assert list(corpus.doc_id) == ["vox", "usip", "orf", "agsiw", "aibot"]
    assert corpus.loc[corpus.doc_id == "orf", "perspective_group"].item() == "Indian think tank"
    assert corpus.loc[corpus.doc_id == "aibot", "outlet_type"].item() == "AI news aggregator"
    # dates stay as written (month-only dates are not invented into days)
    assert corpus.loc[corpus.doc_id == "agsiw", "date"].item() == "2024-01"
    for col in ("doc_id", "text", *framing.corpus.METADATA_COLUMNS, "notes", "seed_file"):
        assert col in corpus.columns


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds not present")
def test_bundled_texts_are_exactly_the_seeds(corpus):
    for row in corpus.itertuples():
        assert row.text == (SHARED_SEEDS / row.seed_file).read_bytes().decode("utf-8"), row.doc_id


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_folder_with_and_without_front_matter(tmp_path):
    _write(tmp_path / "b.txt", "Plain text, no header.\n")
    _write(tmp_path / "a.md", "---\noutlet: Dawn\ndate: 2024-01-18\nsection: world\n---\nBody here.\n")
    _write(tmp_path / "_notes.md", "ignored: starts with an underscore")
    df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == ["a", "b"]
    assert df.text.tolist() == ["Body here.\n", "Plain text, no header.\n"]
    assert df.loc[0, "outlet"] == "Dawn" and df.loc[0, "section"] == "world"
    assert df.loc[0, "date"] == "2024-01-18"  # a YAML date comes back as ISO text
    assert pd.isna(df.loc[1, "outlet"])


def test_csv_tsv_jsonl_parquet_and_dataframe(tmp_path):
    frame = pd.DataFrame({"id": ["x1", "x2"], "body": ["First text.", "Second text."], "outlet": ["A", "B"],
                          "extra": ["kept", "too"]})
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_csv(tmp_path / "c.tsv", index=False, sep="\t")
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in frame.to_dict("records")) + "\n")
    frame.to_parquet(tmp_path / "c.parquet")
    for source in (tmp_path / "c.csv", tmp_path / "c.tsv", tmp_path / "c.jsonl", tmp_path / "c.parquet", frame):
        df = load_corpus(source, text="body", id="id")
        assert df.doc_id.tolist() == ["x1", "x2"], source
        assert df.text.tolist() == ["First text.", "Second text."], source
        assert df.extra.tolist() == ["kept", "too"], source
        assert df.columns[:2].tolist() == ["doc_id", "text"]


def test_row_ids_when_no_id_column():
    assert load_corpus(pd.DataFrame({"text": ["a", "b", "c"]})).doc_id.tolist() == ["row1", "row2", "row3"]


def test_missing_text_is_kept_as_missing_not_an_error():
    df = load_corpus(pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Fine.", None, float("nan")]}))
    assert df.text.iloc[0] == "Fine." and pd.isna(df.text.iloc[1]) and pd.isna(df.text.iloc[2])


@pytest.mark.parametrize("content, message, line", [
    (b"", "empty", 1),
    (b"doc_id,body\na,x\n", "no text column 'text'", None),
    (b"doc_id,text\na,one\nb,two\na,three\n", "duplicate doc_id 'a' (first on line 2)", 4),
    (b"doc_id,text\na,ok\nb,caf\xe9\n", "cannot decode byte 0xe9 as utf-8", 3),
    (b"doc_id,text\n,no id\n", "empty doc_id", 2),
])
def test_bad_csv_messages(tmp_path, content, message, line):
    path = _write(tmp_path / "bad.csv", content)
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert err.value.line == line


def test_latin1_file_loads_with_encoding(tmp_path):
    path = _write(tmp_path / "l1.txt", "Caf\xe9 au lait.".encode("latin-1"))
    with pytest.raises(CorpusError, match="encoding='latin-1'"):
        load_corpus(path)
    assert load_corpus(path, encoding="latin-1").text.item() == "Café au lait."


def test_byte_order_mark_is_not_part_of_the_text(tmp_path):
    path = _write(tmp_path / "bom.csv", "\ufeffdoc_id,text\na,Hello.\n".encode("utf-8"))
    df = load_corpus(path)
    assert df.doc_id.tolist() == ["a"] and df.text.item() == "Hello."


def test_bad_front_matter(tmp_path):
    _write(tmp_path / "a.md", "---\noutlet: [unclosed\n---\ntext\n")
    with pytest.raises(CorpusError, match=r"a\.md, line \d+: malformed front matter"):
        load_corpus(tmp_path)
    _write(tmp_path / "a.md", "---\noutlet: X\nno closing line\n")
    with pytest.raises(CorpusError, match="never closed"):
        load_corpus(tmp_path)


def test_duplicate_ids_in_a_folder(tmp_path):
    _write(tmp_path / "a.md", "---\ndoc_id: same\n---\none\n")
    _write(tmp_path / "b.md", "---\ndoc_id: same\n---\ntwo\n")
    with pytest.raises(CorpusError, match="duplicate doc_id 'same'"):
        load_corpus(tmp_path)


def test_bytes_and_non_string_text():
    with pytest.raises(CorpusError, match="is bytes, not text"):
        load_corpus(pd.DataFrame({"text": [b"raw bytes"]}))
    with pytest.raises(CorpusError, match="is a int, not a string"):
        load_corpus(pd.DataFrame({"text": [42]}))


def test_bad_jsonl_names_the_line(tmp_path):
    path = _write(tmp_path / "c.jsonl", '{"text": "ok"}\n{"text": broken}\n')
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    assert err.value.line == 2 and "invalid JSON" in str(err.value)


def test_empty_inputs(tmp_path):
    with pytest.raises(CorpusError, match="no .txt or .md documents"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no documents"):
        load_corpus(pd.DataFrame({"text": []}))
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "missing.csv")
    with pytest.raises(CorpusError, match="unsupported corpus file type"):
        load_corpus(_write(tmp_path / "x.docx", "x"))


def test_input_files_are_never_modified(tmp_path):
    path = _write(tmp_path / "c.csv", "doc_id,text\na,Some text.\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    framing.score(load_corpus(path), measures=["readability"])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
