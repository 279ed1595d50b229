"""Shared fixtures: the bundled corpus and its scored result (computed once per session)."""

from __future__ import annotations

import pytest

import framing


@pytest.fixture(scope="session")
def corpus():
    return framing.load_corpus("strikes-2024")


@pytest.fixture(scope="session")
def seed_texts(corpus):
    return dict(zip(corpus.doc_id, corpus.text))
