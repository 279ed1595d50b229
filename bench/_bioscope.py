"""Read the BioScope abstracts (CoNLL-2010 task 2 data) for the hedging validation.

The XML stays outside the repository (see ``bench/_validation.py``); this
module reads it at run time and never writes any of it anywhere.

Each ``<sentence>`` becomes a :class:`BioSentence`: its plain text (all text
nodes joined, exactly as in the XML) and the character offsets of its
``<cue type="speculation">`` elements. Cues can be discontinuous in BioScope
("either ... or"): each part is kept as its own offset pair, tied by ``ref``.

The split is by document (abstract), fixed and documented: a document belongs to
the *test* half when the first hex digit of SHA-256 of its PMID is odd, else to
the *dev* half. Rules and lexicon choices are made looking at dev only; the
numbers reported in ``docs/validation.md`` are on test.

>>> import hashlib
>>> split_of("91079577") in ("dev", "test")
True
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from _validation import validation_dir


@dataclass(slots=True)
class BioSentence:
    """One BioScope sentence: text and speculation cue offsets into it."""

    doc_id: str
    sent_id: str
    text: str
    cues: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, ref)

    @property
    def speculative(self) -> bool:
        return bool(self.cues)


def split_of(doc_id: str) -> str:
    """'dev' or 'test' for a document id (fixed hash split, about half each)."""
    return "test" if int(hashlib.sha256(doc_id.encode()).hexdigest()[0], 16) % 2 else "dev"


def _walk(elem: ET.Element, parts: list[str], cues: list[tuple[int, int, str]], pos: int) -> int:
    """Append `elem`'s text to `parts`, record speculation cue offsets; return the new length."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _walk(child, parts, cues, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "cue" and elem.get("type") == "speculation" and pos > start:
        cues.append((start, pos, elem.get("ref", "")))
    return pos


def load_bioscope(path: str | Path | None = None) -> list[BioSentence]:
    """All sentences of ``abstracts.xml`` in document order.

    `path` defaults to ``<validation dir>/bioscope/abstracts.xml``.
    """
    path = Path(path) if path else validation_dir("bioscope") / "abstracts.xml"
    root = ET.parse(path).getroot()
    out: list[BioSentence] = []
    for document in root.iter("Document"):
        doc_id = (document.findtext("DocID") or "").strip()
        for sentence in document.iter("sentence"):
            parts: list[str] = []
            cues: list[tuple[int, int, str]] = []
            _walk(sentence, parts, cues, 0)
            cues.sort()
            out.append(BioSentence(doc_id, sentence.get("id", ""), "".join(parts), cues))
    return out
