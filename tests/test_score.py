"""score(): frames, offsets, determinism, parallelism, bad input, export, offline."""

from __future__ import annotations

import json
import socket

import numpy as np
import pandas as pd
import pytest

import framing
from framing.measures import SPAN_COLUMNS, available_measures


@pytest.fixture(scope="module")
def result(corpus):
    return framing.score(corpus)


def test_frames_have_the_documented_shape(result, corpus):
    assert list(result.spans.columns) == list(SPAN_COLUMNS)
    assert result.documents.doc_id.tolist() == corpus.doc_id.tolist()
    assert {"n_words", "n_sentences", "readability_flesch_reading_ease"} <= set(result.documents.columns)
    assert {"doc_id", "sent_id", "start", "end", "text", "is_repeat", "debris", "counted"} <= set(result.sentences.columns)
    assert result.versions["measures"] == framing.measures.resolve(None)
    assert result.versions["framing"] == framing.__version__
    for name, info in result.versions["lexicons"].items():
        assert len(info["sha256"]) == 64 and info["version"]


def test_every_span_and_sentence_round_trips_to_the_text(result):
    texts = dict(zip(result.corpus.doc_id, result.corpus.text))
    for row in result.spans.itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text
    for row in result.sentences.itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.text
    if len(result.spans):
        assert set(result.spans.measure) <= set(available_measures())


def test_same_input_twice_gives_identical_frames(result, corpus, tmp_path):
    again = framing.score(corpus)
    for name in ("documents", "sentences", "spans", "targets"):
        pd.testing.assert_frame_equal(getattr(result, name), getattr(again, name))
    a, b = tmp_path / "a", tmp_path / "b"
    result.save(a)
    again.save(b)
    for path in sorted(a.iterdir()):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_parallel_scoring_gives_the_same_result(result, corpus):
    parallel = framing.score(corpus, n_jobs=2)
    for name in ("documents", "sentences", "spans", "targets"):
        pd.testing.assert_frame_equal(getattr(result, name), getattr(parallel, name))


def test_empty_and_missing_text_give_nan_scores_not_errors():
    corpus = pd.DataFrame({"doc_id": ["empty", "none", "nan", "ok"],
                           "text": ["", None, float("nan"), "Iran struck Pakistan. Pakistan may respond."]})
    r = framing.score(corpus)
    docs = r.documents.set_index("doc_id")
    assert docs.loc["empty", "n_words"] == 0 and docs.loc["none", "n_sentences"] == 0
    assert np.isnan(docs.loc["nan", "readability_flesch_reading_ease"])
    assert not np.isnan(docs.loc["ok", "readability_flesch_reading_ease"])
    assert set(r.spans.doc_id) <= {"ok"}


def test_duplicate_ids_in_a_frame_are_rejected():
    with pytest.raises(framing.CorpusError, match="duplicate doc_id 'a'"):
        framing.score(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))


@pytest.mark.parametrize("value, message", [(b"bytes here", "is bytes, not text"), (3.5, "is a float, not a string")])
def test_non_text_in_a_frame_is_rejected_not_read_as_missing(value, message):
    # The frame goes straight to scoring; bytes or numbers must not become NaN scores silently.
    with pytest.raises(framing.CorpusError, match=message):
        framing.score(pd.DataFrame({"doc_id": ["ok", "bad"], "text": ["Iran said so.", value]}))


def test_unknown_measure_lexicon_or_option():
    with pytest.raises(ValueError, match="unknown measure 'nope'"):
        framing.score("strikes-2024", measures=["nope"])
    with pytest.raises(framing.FramingInputError, match="not used by the measures"):
        framing.score("strikes-2024", measures=["readability"], lexicons={"hedging": "x.yaml"})
    with pytest.raises(framing.FramingInputError, match="options given for measures not being run"):
        framing.score("strikes-2024", measures=["readability"], options={"sentiment": {}})


def test_save_writes_csv_parquet_and_versions(result, tmp_path):
    written = result.save(tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(["documents.csv", "sentences.csv", "spans.csv", "targets.csv", "documents.parquet",
                            "sentences.parquet", "spans.parquet", "targets.parquet", "versions.json"])
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp files left
    back = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert back.doc_id.tolist() == result.documents.doc_id.tolist()
    assert json.loads((tmp_path / "out" / "versions.json").read_text())["framing"] == framing.__version__


def test_evidence_filters_spans(result):
    if result.spans.empty:
        pytest.skip("no span-producing measure installed")
    ev = result.evidence("vox")
    assert set(ev.doc_id) == {"vox"} and len(ev) > 0


def test_scoring_never_touches_the_network(corpus, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("framing tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    import nltk

    monkeypatch.setattr(nltk, "download", refuse)
    framing.measures.readability.offline_textstat.cache_clear()
    r = framing.score(corpus.assign(text=corpus.text + " Fresh text to defeat caches."))
    assert r.documents.readability_flesch_reading_ease.notna().all()


def test_saved_files_are_readable_by_others_like_any_new_file(result, tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        written = result.save(tmp_path / "perm")
    finally:
        os.umask(mask)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name


def test_lexicons_by_role_by_default_name_or_turned_off(corpus, tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text("name: my-people\nversion: 1.0.0\ndescription: test\nlicence: CC0-1.0\n"
                      "sources: [me]\nentries:\n  expert:\n    Germany: [Riccardo Valle]\n", encoding="utf-8")
    by_role = framing.Scorer(["attribution"], lexicons={"people": people})
    by_name = framing.Scorer(["attribution"], lexicons={"people-strikes-2024": people})
    assert by_role.lexicons["people"].name == by_name.lexicons["people"].name == "my-people"
    off = framing.score(corpus.head(1), measures=["perspective"], lexicons={"terminology": None})
    assert off.versions["lexicons"]["terminology"]["version"] == "none"
    assert off.evidence(measure="perspective", category="terminology").empty
    with pytest.raises(framing.FramingInputError, match="the lexicons they use are"):
        framing.Scorer(["attribution"], lexicons={"terminology": people})


def test_attributions_put_source_cue_and_content_side_by_side(result):
    table = result.attributions("vox")
    assert list(table.columns) == ["doc_id", "link", "source", "source_type", "state", "cue", "cue_type",
                                   "content", "content_type", "start", "end", "sent_id"]
    spans = result.evidence("vox", measure="attribution")
    assert set(table.link) == set(spans.link)
    afzal = table[table.source.str.contains("Madiha Afzal")].iloc[0]
    assert afzal.source_type == "expert" and afzal.cue == "told" and afzal.state == "United States"
    assert result.attributions("no-such-doc").empty


def test_evidence_with_sentence_context(result):
    ev = result.evidence("aibot", measure="hedging", context=True)
    assert len(ev) == len(result.evidence("aibot", measure="hedging"))
    assert all(row.text in row.sentence for row in ev.itertuples())
