"""What every measure shares: the span record, the output shape, and voice.

A measure turns one prepared document into evidence (spans) and numbers
(document metrics, per-sentence flags, per-target rows). It holds no state
that depends on earlier documents, so documents can be scored in any order,
in parallel, or on Dask partitions.

Writing a measure
-----------------
Subclass :class:`Measure`, set ``name``, the bundled ``lexicon_names`` it uses
and the measures it ``requires`` (their spans arrive in ``found``), and
implement :meth:`Measure.analyze`. Register it in ``framing/measures/__init__.py``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping, NamedTuple, Sequence

from ..lexicons import Lexicon, load_lexicon
from ..text import PreparedDocument

NAN = math.nan

#: Columns of the spans frame, in order. Every measure emits exactly these.
SPAN_COLUMNS = ("doc_id", "sent_id", "start", "end", "text", "measure", "category",
                "label", "target", "voice", "value", "rule", "link")

AUTHOR, ATTRIBUTED = "author", "attributed"

#: Lexicon roles whose bundled default is a file for one event. Other roles
#: default to the bundled file of the same name ("states" -> states.yaml).
#: Another event brings its own: ``lexicons={"people": "my-people.yaml"}``.
DEFAULT_LEXICONS = {
    "people": "people-strikes-2024",
    "actors": "actors-strikes-2024",
    "terminology": "terminology-strikes-2024",
}


def default_lexicon(role: str) -> str:
    """The bundled lexicon name a role uses unless the user gives another."""
    return DEFAULT_LEXICONS.get(role, role)


class Span(NamedTuple):
    """One piece of evidence: ``text == document_text[start:end]`` always.

    ``link`` ties the parts of one finding together (e.g. cue, source and
    content of one attribution share ``link``); ``''`` when alone.
    """

    doc_id: str
    sent_id: int
    start: int
    end: int
    text: str
    measure: str
    category: str
    label: str = ""
    target: str = ""
    voice: str = ""
    value: float = NAN
    rule: str = ""
    link: str = ""


def make_span(doc: PreparedDocument, start: int, end: int, measure: str, category: str,
              label: str = "", *, target: str = "", voice: str = "", value: float = NAN,
              rule: str = "", link: str = "", sent_id: int | None = None) -> Span:
    """Build a span whose text is cut from the document, so offsets always round-trip.

    `sent_id` defaults to the sentence holding `start` (-1 between sentences).
    """
    if sent_id is None:
        sentence = doc.sentence_at(start)
        sent_id = sentence.sent_id if sentence is not None else -1
    return Span(doc.doc_id, sent_id, start, end, doc.text[start:end], measure, category, label,
                target, voice, float(value), rule, link)


@dataclass
class MeasureOutput:
    """What a measure returns for one document.

    metrics
        Document-level numbers, named ``<measure>_<metric>`` (NaN when the
        document has no text to measure).
    sentence_flags
        Extra columns for the sentences frame: name -> one value per sentence
        of ``doc.sentences`` (in order).
    targets
        Rows for the targets frame (one per target), each with ``target`` and
        columns named ``<measure>_<column>``.
    """

    spans: list[Span] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    sentence_flags: dict[str, list[Any]] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)


class Measure:
    """Base class: a stateless scorer of one prepared document."""

    name: ClassVar[str] = ""
    #: The lexicons a measure uses, by role (e.g. "hedging", "states", "actors").
    #: Each role defaults to a bundled file (see ``DEFAULT_LEXICONS``); users may
    #: replace or extend any of them: ``score(..., lexicons={"actors": "mine.yaml"})``.
    lexicon_names: ClassVar[tuple[str, ...]] = ()
    #: Measures whose spans this one reads (run first, passed in `found`).
    requires: ClassVar[tuple[str, ...]] = ()

    #: Values for the targets frame when this measure has no row for a target
    #: another measure reported (e.g. zero mentions).
    target_defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, lexicons: Mapping[str, Lexicon], **options: Any):
        if options:
            raise TypeError(f"measure '{self.name}' takes no options; got {', '.join(options)}")
        missing = [n for n in self.lexicon_names if n not in lexicons]
        if missing:
            raise ValueError(f"measure '{self.name}' needs lexicons {missing}")
        self.lexicons = dict(lexicons)

    @classmethod
    def default_lexicons(cls) -> dict[str, Lexicon]:
        """The bundled lexicon for each of this measure's roles."""
        return {role: load_lexicon(default_lexicon(role)) for role in cls.lexicon_names}

    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]]) -> MeasureOutput:
        raise NotImplementedError


def per_thousand(count: float, n_words: int) -> float:
    """A rate per 1,000 words; NaN for a document without words."""
    return count * 1000.0 / n_words if n_words else NAN


def share(part: float, whole: float) -> float:
    """part / whole, NaN when whole is 0."""
    return part / whole if whole else NAN


class VoiceMap:
    """Whose words are at a character offset: the author's, or an attributed speaker's.

    Built from the attribution measure's ``content`` spans (direct, indirect
    and mixed quotes; scare quotes stay in the author's voice). Without
    attribution spans it falls back to text inside quotation marks.

    >>> from framing.text import prepare
    >>> doc = prepare("d", 'Officials called it “illegal”, he said. It was not.')
    >>> vm = VoiceMap.from_quotes(doc)
    >>> vm.voice(21, 28), vm.voice(44, 47)
    ('attributed', 'author')
    """

    def __init__(self, regions: Sequence[tuple[int, int]]):
        regions = sorted(regions)
        merged: list[list[int]] = []
        for s, e in regions:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    @classmethod
    def from_spans(cls, doc: PreparedDocument, attribution: Sequence[Span] | None) -> "VoiceMap":
        if attribution is None:
            return cls.from_quotes(doc)
        return cls([(s.start, s.end) for s in attribution
                    if s.category == "content" and s.label != "scare"])

    @classmethod
    def from_quotes(cls, doc: PreparedDocument) -> "VoiceMap":
        from ..quotes import find_quotes

        return cls([(q.inner_start, q.inner_end) for q in find_quotes(doc.text) if q.balanced])

    def overlaps(self, start: int, end: int) -> bool:
        """True when any attributed region overlaps ``[start, end)``."""
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start

    def voice(self, start: int, end: int) -> str:
        """'attributed' when ``[start, end)`` lies inside an attributed region, else 'author'."""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and start < self._ends[i] and end <= self._ends[i]:
            return ATTRIBUTED
        return AUTHOR
