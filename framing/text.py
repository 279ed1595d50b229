"""Text preparation: word tokens, sentences and paragraphs with character offsets.

Every offset is into the document text exactly as loaded, so any span can be
highlighted or handed to a human coder. Nothing is deleted: pull quotes that
repeat are flagged ``is_repeat`` and page debris (advertisement lines, bylines,
AI disclaimers, related-post links) is flagged in ``debris``; measures skip
both so that each sentence is counted once and only the article is scored.

Examples
--------
>>> doc = prepare("d1", "Gen. Asim Munir met U.S. envoys on Jan. 16. They talked.")
>>> [doc.sentence_text(s) for s in doc.sentences]
['Gen. Asim Munir met U.S. envoys on Jan. 16.', 'They talked.']
>>> doc.tok_text[:4]
['Gen', '.', 'Asim', 'Munir']
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate, compress

from .lexicons import load_lexicon
from .tokens import WORD_RE, tokenize_normalized, word_flags

# --- sentences ----------------------------------------------------------------

# Abbreviations after which a period never ends a sentence (titles, ranks).
_TITLES = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cmdr adm brig sgt cpl pvt gov sen rep
    pres amb hon rev fr sr jr st mt ft no nos vol fig figs art sec vs cf approx dept
    univ assn inc. corp ltd messrs mme mlle sen. gen. op ed eds""".split()
)
# Abbreviations that may end a sentence, but not before a number ("Jan. 16").
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vol p pp fig art sec ch para".split()
)
# Words that start a new sentence after an abbreviation such as "U.S." or
# "Inc."; otherwise "U.S. Central Command" would be split in two.
_SENTENCE_STARTERS = frozenset(
    """the a an this that these those it its he she they we i you there here but and
    or so yet however meanwhile still also in on at for as after before while when
    if although though since because despite what who why how where our their his
    her my your one some many most both each no not nor only then thus""".split()
)

# A run of . ! ? or one "…", then any closing quotes or brackets, before
# whitespace: the same as (?:[.!?]+|…)["”’')\]]*(?=\s), written to open with a
# single character class so that the regex engine skips to candidates in C
# (the first character of the run, then more . ! ? only when it was one).
_TERMINATOR_RE = re.compile(r"""[.!?…](?:(?<=[.!?])[.!?]*)?["”’')\]]*(?=\s)""")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w.]*)$")
_WORD_AFTER_RE = re.compile(r"[\"“‘'(\[«]*([\w’']+)")
_OPENERS = "\"“‘'([«"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: character span, token range and flags.

    ``counted`` is False for repeats and page debris: measures skip those.
    """

    sent_id: int
    start: int
    end: int
    paragraph: int
    tok_start: int
    tok_end: int
    n_words: int
    is_repeat: bool = False
    is_heading: bool = False
    debris: str = ""

    @property
    def counted(self) -> bool:
        return not self.is_repeat and not self.debris


@dataclass
class PreparedDocument:
    """A document split into tokens and sentences, all with character offsets.

    Token attributes are parallel lists (fast to scan in the measures):
    ``tok_start``, ``tok_end``, ``tok_norm`` (lower case, straight
    apostrophes), ``tok_sent`` (index of the sentence, -1 outside any) and
    ``tok_text`` (as written, built on first use).
    """

    doc_id: str
    text: str
    tok_start: list[int] = field(default_factory=list)
    tok_end: list[int] = field(default_factory=list)
    tok_norm: list[str] = field(default_factory=list)
    tok_sent: list[int] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @cached_property
    def tok_text(self) -> list[str]:
        text = self.text
        return [text[s:e] for s, e in zip(self.tok_start, self.tok_end)]

    @property
    def n_words(self) -> int:
        """Words in counted sentences (repeats and debris excluded)."""
        return sum(s.n_words for s in self.sentences if s.counted)

    @property
    def counted_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.counted]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding character `offset`, or None between sentences."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap characters ``[start, end)``."""
        lo = bisect_right(self.tok_end, start)
        hi = bisect_right(self.tok_start, end - 1)
        return range(lo, max(lo, hi))


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """Hard lines as ``(start, end, paragraph)``, whitespace trimmed.

    A newline ends a line unless the next line starts in lower case and the
    previous one has no final punctuation (a soft wrap inside a sentence).
    Every hard line starts a new paragraph.
    """
    spans: list[tuple[int, int, int]] = []
    cur: list[int] | None = None  # [start, end] of the line being built
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        lstart = m.start() + len(line) - len(line.lstrip())
        lend = m.start() + len(line.rstrip())
        newline_count = text.count("\n", cur[1], lstart) if cur else 0
        if cur and newline_count == 1 and stripped[0].islower() and text[cur[1] - 1] not in ".!?:”\"":
            cur[1] = lend  # soft wrap: the sentence continues on this line
            continue
        if cur:
            spans.append((cur[0], cur[1], len(spans)))
        cur = [lstart, lend]
    if cur:
        spans.append((cur[0], cur[1], len(spans)))
    return spans


def _is_boundary(text: str, term_start: int, term_end: int, line_end: int) -> bool:
    """Decide whether the terminator at ``text[term_start:term_end]`` ends a sentence."""
    nxt = term_end
    while nxt < line_end and text[nxt].isspace():
        nxt += 1
    if nxt >= line_end:
        return True
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    if text[term_start] != ".":
        return True
    # The word before the period decides: titles, initials, abbreviations.
    m = _WORD_BEFORE_RE.search(text, max(0, term_start - 20), term_start)
    if not m:
        return True
    prev = m.group(1)
    low = prev.lower()
    next_word = _WORD_AFTER_RE.match(text, nxt, line_end)
    next_low = next_word.group(1).lower() if next_word else ""
    if low in _TITLES:
        return False
    if low in _BEFORE_NUMBER and following.isdigit():
        return False
    if len(prev) == 1 and prev.isupper():  # an initial: "John F. Kennedy", "A. Q. Khan"
        return False
    if "." in prev:  # U.S., U.N.: split only before a likely sentence start
        return next_low in _SENTENCE_STARTERS
    return True


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """Split `text` into sentences as ``(start, end, paragraph)`` offsets.

    Handles titles and initials ("Gen. Asim Munir", "Col."), dates ("Jan. 16",
    "Dec. 15th"), dotted abbreviations ("U.S."), closing quotes that belong to
    the sentence they end, and lines without final punctuation (headings).

    >>> t = 'He said, “We will respond.” Mr. Khan disagreed.'
    >>> [t[s:e] for s, e, _ in split_sentences(t)]
    ['He said, “We will respond.”', 'Mr. Khan disagreed.']
    """
    out: list[tuple[int, int, int]] = []
    for line_start, line_end, paragraph in _line_spans(text):
        start = line_start
        for m in _TERMINATOR_RE.finditer(text, line_start, line_end):
            if _is_boundary(text, m.start(), m.end(), line_end):
                out.append((start, m.end(), paragraph))
                start = m.end()
                while start < line_end and text[start].isspace():
                    start += 1
        if start < line_end:
            out.append((start, line_end, paragraph))
    return out


# --- repeats, headings and page debris ------------------------------------------

def _looks_like_heading(sentence: str, n_words: int) -> bool:
    """A short line without final punctuation, most words capitalised."""
    s = sentence.rstrip()
    if not s or n_words == 0 or n_words > 12 or s[-1] in ".,;:!\"”’)":
        return False
    words = WORD_RE.findall(s)
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return caps / len(words) >= 0.6


class _DebrisPattern:
    """One page-debris regex, compiled for speed with the same meaning.

    Case-insensitive search with a leading word boundary defeats the regex
    engine's literal-prefix scan and costs more than the rest of text
    preparation; so a pattern written in lower case is searched in the
    lower-cased sentence, without its leading ``\\b``, and the boundary is
    checked on each hit instead.
    """

    def __init__(self, regex: str, kind: str, scope: str):
        self.kind, self.scope = kind, scope
        self.anchored = regex.startswith("^")
        self.lower = not self.anchored and not re.search(r"(?<!\\)[A-Z]", regex)
        self.boundary = self.lower and regex.startswith(r"\b")
        body = regex[2:] if self.boundary else regex
        self.regex = re.compile(body, 0 if self.lower else re.IGNORECASE)

    def found(self, sentence: str, lowered: str) -> bool:
        if self.anchored:
            return self.regex.match(sentence) is not None
        if not self.lower:
            return self.regex.search(sentence) is not None
        pos = 0
        while (m := self.regex.search(lowered, pos)) is not None:
            i = m.start()
            if not self.boundary or i == 0 or not (lowered[i - 1].isalnum() or lowered[i - 1] == "_"):
                return True
            pos = i + 1
        return False


@cache
def _debris_patterns() -> tuple[_DebrisPattern, ...]:
    """The bundled page-debris lexicon's regexes, in file order."""
    lex = load_lexicon("page-debris")
    return tuple(_DebrisPattern(e.regex, e.label, e.attrs.get("scope", "sentence"))
                 for e in lex.entries if e.regex)


def _flag_debris(text: str, spans: list[tuple[int, int, int]]) -> list[str]:
    """Debris kind for each sentence ('' when it is article text).

    Page furniture stands in paragraphs of its own or at the top and bottom
    of a page, so only those are checked: sentences inside a longer
    paragraph in the body of the text are article text.
    """
    kinds = [""] * len(spans)
    by_paragraph: dict[int, list[int]] = {}
    for i, (_, _, p) in enumerate(spans):
        by_paragraph.setdefault(p, []).append(i)
    last = spans[-1][2] if spans else 0
    patterns = _debris_patterns()
    for i, (s, e, p) in enumerate(spans):
        if len(by_paragraph[p]) > 1 and 3 <= p <= last - 8:
            continue
        sentence = text[s:e]
        lowered = sentence.lower()
        for pattern in patterns:
            if pattern.found(sentence, lowered):
                for j in (by_paragraph[p] if pattern.scope == "paragraph" else [i]):
                    kinds[j] = kinds[j] or pattern.kind
                break
    return kinds


def prepare(doc_id: str, text: str | None) -> PreparedDocument:
    """Tokenize and segment one document.

    Missing or empty text gives a document with no sentences (its scores are
    NaN downstream), never an error.

    Examples
    --------
    >>> doc = prepare("a", "Advertisements")
    >>> doc.sentences[0].debris
    'advertisement'
    >>> prepare("b", None).sentences
    []
    """
    text = text if isinstance(text, str) else ""
    doc = PreparedDocument(doc_id=doc_id, text=text)
    if not text.strip():
        return doc
    spans = split_sentences(text)
    debris = _flag_debris(text, spans)
    doc.tok_norm, doc.tok_start, doc.tok_end = tokenize_normalized(text)
    seen: set[tuple[str, ...]] = set()
    tok_start, tok_end, tok_sent, norms = doc.tok_start, doc.tok_end, doc.tok_sent, doc.tok_norm
    n_tok = len(tok_start)
    flags, joins = word_flags(norms, tok_start, tok_end)
    # Word-starting tokens before each token, and those tokens' normal forms:
    # a sentence's words are then one slice, found by two lookups.
    starts_before = list(accumulate(flags, initial=0))
    word_norms = list(compress(norms, flags))
    sentences = doc.sentences
    tok_i = 0
    for sent_id, ((start, end, paragraph), kind) in enumerate(zip(spans, debris)):
        # Token ranges by bisection; a whole sentence's ids go in with one extend.
        first = bisect_left(tok_start, start, tok_i)
        tok_sent.extend([-1] * (first - tok_i))  # tokens between sentences (none in practice)
        tok_i = bisect_right(tok_end, end, first)
        tok_sent.extend([sent_id] * (tok_i - first))
        w0, w1 = starts_before[first], starts_before[tok_i]
        n_words = w1 - w0
        if joins:  # a hyphen joining two words makes them one
            n_words -= bisect_left(joins, tok_i) - bisect_left(joins, first)
        # Repeats: the same words in the same order (case and punctuation aside).
        key = tuple(word_norms[w0:w1])
        is_repeat = bool(key) and key in seen
        seen.add(key)
        # Headings have 1 to 12 words: most sentences need no closer look.
        is_heading = 0 < n_words <= 12 and _looks_like_heading(text[start:end], n_words)
        # Positional arguments, in field order: a frozen dataclass takes half
        # as long again to build from keywords, and there is one per sentence.
        sentences.append(Sentence(sent_id, start, end, paragraph, first, tok_i, n_words,
                                  is_repeat, is_heading, kind))
    doc.tok_sent.extend([-1] * (n_tok - len(doc.tok_sent)))
    return doc
