"""National perspective: whose viewpoint a text takes, as indicators a reader can check.

For every state a document gives evidence about, four indicators, each traced
to spans in the ``spans`` frame with ``measure="perspective"``:

salience
    the state's share of all state mentions (``category="mention"``: one span
    per mention, copied from the sentiment measure with its tone in
    ``value``; rule ``rule:from-sentiment (<sentiment rule>)``).
voice
    the state's share of the attributions whose speaker's state is known
    (``category="voice"``: the source span of each attribution, or its cue
    when the source is implicit; ``label`` = source type, ``link`` = the
    attribution measure's link, so ``evidence(measure="attribution")`` gives
    the quote).
interest
    the state's share of interest-framing spans (``category="interest"``):
    a stake noun from ``lexicons/perspective.yaml`` (security, sovereignty,
    interests, concerns, credibility, policy, deterrence, stability ...) owned
    by a state mention, or a frame phrase naming a state ("implications for
    India", "a threat to Pakistan"). ``label`` = the stake, ``target`` = the
    owner. Ownership rules (``rule`` column): ``rule:interest-possessive``
    ("Pakistan's sovereignty", "Iran's legitimate concerns"),
    ``rule:interest-modifier`` ("US policy", "Pakistani sovereignty"),
    ``rule:interest-of`` ("the interests of Iran"), ``rule:interest-frame``
    ("implications for India"); coordinated owners ("Iran and Pakistan's
    interests") each get a span. Up to ``rules.max_modifiers`` words from the
    closed ``rules.modifiers`` list (or other stake nouns: "security
    concerns") may stand between owner and stake, and after a possessive one
    other content word ("Iran's complicated calculus"). A stake noun directly
    before another ("security concerns") is a modifier, not a stake of its
    own, nor is one inside a hyphenated compound ("long-standing"). An
    entry's ``not_before`` words (plural 's' ignored) veto it ("security forces"),
    ``name_modifier: false`` rejects a bare state name as owner ("a Pakistan
    policy" is a policy *toward* Pakistan) and ``requires_possessive: true``
    accepts only "X's".
portrayal
    relative tone: the mean tone of the state's mentions (sentiment measure,
    both voices) minus the mean over the document's states of their mean
    tones. Positive: portrayed more favourably than the average state in
    this text.

Two further kinds of evidence describe the document rather than a state:

terminology (``category="terminology"``)
    spelling and labelling choices from the event's terminology lexicon
    (bundled: ``lexicons/terminology-strikes-2024.yaml``): ``label`` = marker
    family (``balochistan-spelling``, ``jaish-spelling``, ``militant-label``,
    ``kashmir-label``, ``province-name``), the span text = the form used,
    ``rule`` = the entry (its ``variant`` field names the option). Observed
    usage only: nothing here says which nation a spelling belongs to.
aggregation (``category="aggregation"``)
    markers of machine-written aggregation: ``ai_disclaimer`` page debris
    (flagged by :mod:`framing.text`; the span is the sentence, repeats not
    counted again), ``templated_heading`` (a heading line matching a
    template: "Who Are the X?", "What Comes Next?", "Background"),
    ``bullet_list`` (at least ``rules.bullet_min_items`` consecutive
    paragraphs opening with a bullet or list number; one span per list,
    ``value`` = items) and ``stock_phrase`` ("it remains to be seen",
    "delve"). Evidence of templating, not proof of machine authorship.
publisher boilerplate (``category="publisher"``, ``label="boilerplate"``)
    a publisher's page furniture: "The views expressed above belong to the
    author(s)", "This article was originally published by ...", "all rights
    reserved" (``boilerplate`` page debris, one span per sentence, repeats
    once). It says which site template a text came through, not that a
    machine wrote it, so it is kept apart from the aggregation markers and
    counted on its own (``perspective_publisher_boilerplate``). The debris
    kinds of each group are ``rules.debris_kinds`` and
    ``rules.publisher_debris_kinds`` of the perspective lexicon.

Alignment
---------
Per document and state::

    alignment = w_salience  * (salience    - mean salience over the document's states)
              + w_voice     * (voice share - mean voice share)
              + w_interest  * (interest    - mean interest share)
              + w_portrayal *  portrayal                      # already relative

Each indicator is centred on its mean over the states the document gives
evidence for, so 0 means "like the average state in this text" and the four
are on comparable scales (shares in [0, 1], tones in [-1, 1]). An indicator
with no evidence in the document (no attributions with a known state, no
interest framing, no tone) contributes 0 to every state. The weights are in
``rules.alignment_weights`` of the perspective lexicon (default all 1.0:
chosen a priori, not fitted) and are listed in :data:`DEFAULT_WEIGHTS`.
The leading perspective is the state with the highest alignment (ties: more
mentions, then name); ``lead_margin`` is its alignment minus the runner-up's.
It is a summary of the evidence, not a judgement: read the spans.

Outputs
-------
Targets frame (one row per document x state with evidence):
``perspective_mentions``, ``perspective_salience``, ``perspective_voice_n``,
``perspective_voice_share``, ``perspective_interest_n``,
``perspective_interest``, ``perspective_tone``, ``perspective_portrayal``,
``perspective_alignment``, ``perspective_rank`` (1 = leading). Rows that other
measures report for non-state targets (armed groups) get 0 counts and NaN
indicators (:attr:`PerspectiveMeasure.target_defaults`).

Documents frame: ``perspective_leading`` (a state name, '' when none),
``perspective_lead_margin``, ``perspective_n_states``,
``perspective_state_mentions``, ``perspective_voice_attributions``,
``perspective_n_interest``, ``perspective_interest_per_1k``,
``perspective_n_aggregation``, ``perspective_aggregation_per_1k`` and one
count per aggregation kind (``perspective_aggregation_<kind>``; machine
aggregation only), ``perspective_publisher_boilerplate`` (boilerplate
sentences, not part of the aggregation rate), and, when the terminology
lexicon has entries, ``perspective_n_terminology`` and one count per
terminology family and variant (``perspective_term_<family>_<variant>``, '-'
written '_'). With ``lexicons={"terminology": None}`` (another event, no
terminology file of its own) there are no terminology columns at all, rather
than columns of zeros for the strikes-2024 spellings. Rates are per 1,000
counted words; NaN for a document without words.

Sentence flags: ``perspective_has_interest`` and ``perspective_aggregation``
(the marker kind, '' for none).

State mentions come from the sentiment measure's spans when it ran (the
usual case: :meth:`PerspectiveMeasure.analyze` then matches no state names
of its own, which keeps it cheap). Without sentiment spans in ``found`` the
measure finds state mentions itself (salience and interest still work; tone
and portrayal are NaN); without attribution spans the voice indicator has no
evidence.

Examples
--------
>>> from framing.lexicons import load_lexicon
>>> from framing.text import prepare
>>> m = PerspectiveMeasure(PerspectiveMeasure.default_lexicons())
>>> doc = prepare("d", "Iran violated Pakistan's sovereignty in Baluchistan, with implications for US policy.")
>>> out = m.analyze(doc, {})
>>> [(s.category, s.label, s.text, s.target) for s in out.spans if s.category != "mention"]
... # doctest: +NORMALIZE_WHITESPACE
[('interest', 'sovereignty', "Pakistan's sovereignty", 'Pakistan'),
 ('terminology', 'balochistan-spelling', 'Baluchistan', ''),
 ('interest', 'policy', 'US policy', 'United States')]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from typing import Any, Mapping, NamedTuple, Sequence

from ..lexicons import Entry, Lexicon, Matcher, load_lexicon, pattern_tokens
from ..text import PreparedDocument
from .base import NAN, Measure, MeasureOutput, Span, VoiceMap, make_span, per_thousand

MEASURE_NAME = "perspective"

#: The per-state indicators combined into ``alignment``, in order.
INDICATORS = ("salience", "voice", "interest", "portrayal")
#: Weights used when the perspective lexicon's ``rules`` give none.
DEFAULT_WEIGHTS = {"salience": 1.0, "voice": 1.0, "interest": 1.0, "portrayal": 1.0}
#: Kinds of machine-aggregation marker, in the order metrics list them.
AGGREGATION_KINDS = ("ai_disclaimer", "templated_heading", "bullet_list", "stock_phrase")
#: Page-debris kinds that are machine-aggregation markers / publisher boilerplate,
#: unless the perspective lexicon's rules say otherwise.
DEFAULT_DEBRIS_KINDS = ("ai_disclaimer",)
DEFAULT_PUBLISHER_KINDS = ("boilerplate",)

_new_tuple = tuple.__new__  # a NamedTuple without its Python-level __new__ (one per state mention)

# A paragraph that opens with a bullet character or a list number ("1.", "2)").
_BULLET_RE = re.compile(r"[•●▪▫◦‣∙·■□➢➤►▶✓✔*\-–—]\s|\(?\d{1,2}[.)]\s")
_POSSESSIVE = frozenset(("'s", "'"))
_COORD = frozenset(("and", ",", "&", "or"))
_DETERMINERS = frozenset(("the", "a", "an"))
# Owner forms that may stand bare before a stake with name_modifier: false.
_NAME_FORMS = frozenset(("name", "capital"))
# Words that end the walk from a stake noun back to its owner (closed classes).
_FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet for of in on at to from by with without within into onto upon about
above below across after before against among amid between beyond despite during except inside outside
over under near since through toward towards until via per as if when while whereas whether though
although because unless once where here there then now also only just even still is are was were be
been being has have had do does did will would can could may might must shall should not no never
this that these those it its he she they we i you his her their our my your them us him who whom whose
which what why how said says say told according than such
""".split())


class _Mention(NamedTuple):
    """A state mention as the perspective measure uses it."""

    start: int
    end: int
    target: str
    tone: float
    voice: str
    rule: str
    i: int       # first token
    j: int       # token after the last
    sent_id: int
    label: str   # the sentiment measure's tone label ('' without sentiment)


class _LazyTexts:
    """Token texts as written, cut from the document only when a case-sensitive
    pattern asks (building ``doc.tok_text`` for every token would cost more)."""

    __slots__ = ("_doc",)

    def __init__(self, doc: PreparedDocument):
        self._doc = doc

    def __len__(self) -> int:
        return len(self._doc.tok_start)

    def __getitem__(self, i: int) -> str:
        d = self._doc
        return d.text[d.tok_start[i]:d.tok_end[i]]


def _key(name: str) -> str:
    """A metric-name part: lower case, '-' and spaces as '_'."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


class PerspectiveMeasure(Measure):
    """Salience, voice, interest framing and portrayal per state; terminology and
    aggregation markers per document; alignment and the leading perspective.

    Parameters
    ----------
    lexicons : mapping
        ``"perspective"`` (stake nouns, frames, aggregation markers, weights),
        ``"terminology"`` (or your event's terminology file in
        that slot) and ``"states"`` (whose labels are the states).

    Examples
    --------
    >>> from framing.text import prepare
    >>> m = PerspectiveMeasure(PerspectiveMeasure.default_lexicons())
    >>> out = m.analyze(prepare("d", "India's legitimate concerns matter to India and Iran."), {})
    >>> out.metrics["perspective_leading"], [t["target"] for t in out.targets]
    ('India', ['India', 'Iran'])
    """

    name = MEASURE_NAME
    lexicon_names = ("perspective", "terminology", "states")
    requires = ("attribution", "sentiment")
    target_defaults = {
        "perspective_mentions": 0, "perspective_salience": NAN, "perspective_voice_n": 0,
        "perspective_voice_share": NAN, "perspective_interest_n": 0, "perspective_interest": NAN,
        "perspective_tone": NAN, "perspective_portrayal": NAN, "perspective_alignment": NAN,
        "perspective_rank": NAN,
    }

    def __init__(self, lexicons: Mapping[str, Lexicon | str]):
        super().__init__(lexicons)
        for n in self.lexicon_names:
            self.lexicons[n] = load_lexicon(self.lexicons[n])
        lex = self.lexicons["perspective"]
        terms = self.lexicons["terminology"]
        states = self.lexicons["states"]
        self.lexicon, self.terminology, self.states = lex, terms, states

        rules = lex.rules
        weights = dict(DEFAULT_WEIGHTS)
        weights.update({k: float(v) for k, v in (rules.get("alignment_weights") or {}).items()})
        unknown = set(weights) - set(INDICATORS)
        if unknown:
            raise ValueError(f"perspective lexicon: alignment_weights has unknown indicators {sorted(unknown)}; "
                             f"use {', '.join(INDICATORS)}")
        #: The alignment weights in force (from the lexicon's rules).
        self.weights = weights
        self._max_mods = int(rules.get("max_modifiers", 3))
        self._modifiers = frozenset(t for w in rules.get("modifiers") or () for t in pattern_tokens(str(w)))
        self._debris_kinds = tuple(rules.get("debris_kinds") or DEFAULT_DEBRIS_KINDS)
        self._publisher_kinds = tuple(rules.get("publisher_debris_kinds") or DEFAULT_PUBLISHER_KINDS)
        both = set(self._debris_kinds) & set(self._publisher_kinds)
        if both:
            raise ValueError(f"perspective lexicon: debris kinds {sorted(both)} are in both debris_kinds "
                             "(machine aggregation) and publisher_debris_kinds (publisher boilerplate); "
                             "list each kind once")
        self._bullet_min = int(rules.get("bullet_min_items", 2))

        # One matcher for stake nouns, frames and stock phrases (one pass per document).
        cue_entries = [e for e in lex.entries if e.tokens and e.category in ("interest", "frame", "aggregation")]
        self._cues = Matcher(cue_entries)
        self._cue_info: dict[int, tuple[frozenset, bool, bool]] = {}
        for e in cue_entries:
            not_before = frozenset(t for w in _as_list(e.attrs.get("not_before")) for t in pattern_tokens(str(w)))
            self._cue_info[id(e)] = (not_before, e.attrs.get("name_modifier", True) is not False,
                                     bool(e.attrs.get("requires_possessive", False)))
        self._headings = [(re.compile(e.regex, re.IGNORECASE), e) for e in lex.entries
                          if e.regex and e.category == "aggregation"]

        # Terminology: every family matched independently, ignore phrases block.
        term_entries = [e for e in terms.entries if e.tokens and e.category == "terminology"]
        ignore = [Entry(category="\x00ignore", label=str(p), pattern=str(p), tokens=pattern_tokens(str(p)))
                  for p in _as_list(terms.rules.get("ignore"))]
        # No terminology entries (lexicons={"terminology": None}): no matching, no columns.
        self._terms = Matcher(term_entries + ignore) if term_entries else None
        #: Terminology families and their variants, in lexicon order.
        self.term_variants: dict[str, list[str]] = {}
        for e in term_entries:
            variant = str(e.attrs.get("variant") or e.pattern)
            vs = self.term_variants.setdefault(e.label, [])
            if variant not in vs:
                vs.append(variant)
        # Metric names built once, not per document.
        self._term_metrics = {(f, v): self.term_metric(f, v) for f, vs in self.term_variants.items() for v in vs}

        self._state_names = frozenset(e.label for e in states.entries if e.tokens)
        self._states_matcher = states.matcher()
        self._finder = None  # built on first use (only without sentiment spans)
        debris = load_lexicon("page-debris")
        self._debris_res: dict[str, list[tuple[re.Pattern, Entry]]] = {}
        for e in debris.entries:
            if e.regex:
                self._debris_res.setdefault(e.label, []).append((re.compile(e.regex, re.IGNORECASE), e))

    @staticmethod
    def term_metric(family: str, variant: str) -> str:
        """The document metric counting one terminology variant.

        >>> PerspectiveMeasure.term_metric("balochistan-spelling", "baluch")
        'perspective_term_balochistan_spelling_baluch'
        """
        return f"perspective_term_{_key(family)}_{_key(variant)}"

    # --- evidence from the other measures --------------------------------------------

    def _mentions(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]]) -> list[_Mention]:
        """State mentions: the sentiment measure's, or found here when it did not run."""
        starts = doc.tok_start
        sentiment = found.get("sentiment") if found else None
        out: list[_Mention] = []
        if sentiment is not None:
            for s in sentiment:
                if s.category != "mention" or s.target not in self._state_names:
                    continue
                i = bisect_left(starts, s.start)
                j = max(i + 1, bisect_left(starts, s.end))
                out.append(_new_tuple(_Mention, (s.start, s.end, s.target, s.value, s.voice,
                                                 f"rule:from-sentiment ({s.rule})", i, j, s.sent_id, s.label)))
            return out
        if self._finder is None:
            from ..mentions import MentionFinder

            self._finder = MentionFinder(self.states)
        attribution = found.get("attribution") if found else None
        vm = VoiceMap.from_spans(doc, attribution)
        for m in self._finder.find(doc):
            if m.target in self._state_names:
                out.append(_Mention(m.start, m.end, m.target, NAN, vm.voice(m.start, m.end), m.rule,
                                    m.tok_start, m.tok_end, m.sent_id, ""))
        return out

    @staticmethod
    def _attributions(attribution: Sequence[Span] | None) -> dict[str, tuple[str, Span]]:
        """link -> (speaker state, the span standing for the speaker) for attributions with a known state."""
        if not attribution:
            return {}
        by_link: dict[str, dict[str, Span]] = {}
        for s in attribution:
            if s.link and s.category in ("source", "cue"):
                by_link.setdefault(s.link, {}).setdefault(s.category, s)
        out = {}
        for link, parts in by_link.items():
            span = parts.get("source") or parts["cue"]
            state = next((p.target for p in parts.values() if p.target), "")
            if state:
                out[link] = (state, span)
        return out

    # --- interest framing ----------------------------------------------------------------

    def _form(self, doc: PreparedDocument, m: _Mention) -> str:
        """The states-lexicon form of a mention (name, short, demonym, capital, institution)."""
        found = self._states_matcher.find(doc.tok_norm, _LazyTexts(doc), m.i, m.j)
        return str(found[0].entry.attrs.get("type") or "name") if found else "name"

    def _interest(self, doc: PreparedDocument, lo: int, hi: int, cues, end_at: dict[int, _Mention],
                  start_at: dict[int, _Mention]):
        """Interest-framing findings in one sentence: (start, end, label, state, rule)."""
        norms = doc.tok_norm
        ts, te = doc.tok_start, doc.tok_end
        stakes = [c for c in cues if c.entry.category == "interest"]
        covered = {k for c in stakes for k in range(c.start, c.end)}
        stake_starts = {c.start for c in stakes}
        found: list[tuple[int, int, str, str, str]] = []
        owners_used: set[tuple[int, int]] = set()  # (mention start token, stake) pairs
        for c in stakes:
            if c.end in stake_starts:
                continue  # "security concerns": the first noun modifies the second
            not_before, name_ok, poss_only = self._cue_info[id(c.entry)]
            if c.end < hi and (norms[c.end] in not_before or _singular(norms[c.end]) in not_before):
                continue  # "security forces", "policy makers"
            if c.start > lo and norms[c.start - 1] == "-":
                continue  # inside a compound: "long-standing", "self-interest"
            owner, how = self._owner_before(doc, c.start, lo, covered, end_at, skip_names=not name_ok)
            if owner is not None and how == "modifier" and poss_only:
                owner = None
            if owner is not None:
                owners = [owner] + self._coordinated(norms, owner, lo, end_at)
                for o in owners:
                    found.append((ts[o.i], te[c.end - 1], c.entry.label, o.target,
                                  f"rule:interest-{how} ({c.entry.rule})"))
                    owners_used.add((o.i, c.start))
                continue
            if poss_only:
                continue
            # "the interests of (the) Iran"
            k = c.end
            if k < hi and norms[k] == "of":
                k += 1
                if k < hi and norms[k] in _DETERMINERS:
                    k += 1
                m = start_at.get(k)
                if m is not None:
                    found.append((ts[c.start], te[m.j - 1], c.entry.label, m.target,
                                  f"rule:interest-of ({c.entry.rule})"))
        owned_mentions = {i for i, _ in owners_used}
        for c in cues:
            if c.entry.category != "frame":
                continue
            k = c.end
            if k < hi and norms[k] in _DETERMINERS:
                k += 1
            m = start_at.get(k)
            if m is None or m.i in owned_mentions:
                continue  # "implications for US policy": the stake span already credits the US
            found.append((ts[c.start], te[m.j - 1], c.entry.label, m.target,
                          f"rule:interest-frame ({c.entry.rule})"))
        return found

    def _owner_before(self, doc: PreparedDocument, k: int, lo: int, covered: set[int],
                      end_at: dict[int, _Mention], skip_names: bool = False) -> tuple[_Mention | None, str]:
        """The state mention owning the stake that starts at token `k`, walking left over modifiers.

        Words from ``rules.modifiers`` and other stake nouns may stand between
        owner and stake; after a possessive, one other content word may too
        ("Iran's complicated calculus"), but not after a bare modifier owner,
        where it would usually be a verb ("Iran strikes threaten security").
        With `skip_names` a bare state name is the stake's topic, not its
        owner, and the walk goes on past it ("Washington's Iran policy": the US).
        """
        norms = doc.tok_norm
        mods = 0
        free = False
        while k > lo:
            m = end_at.get(k)
            if m is not None:
                if skip_names and self._form(doc, m) in _NAME_FORMS:
                    free = True  # a topic, like a content word: only a possessive may own beyond it
                    k = m.i
                    continue
                return (None, "") if free else (m, "modifier")
            prev = norms[k - 1]
            if prev in _POSSESSIVE:
                m = end_at.get(k - 1)
                return (m, "possessive") if m is not None else (None, "")
            if mods >= self._max_mods:
                break
            if prev in self._modifiers or (k - 1) in covered:
                pass
            elif not free and prev.isalpha() and prev not in _FUNCTION_WORDS:
                free = True
            else:
                break
            k -= 1
            mods += prev != "-"
        return None, ""

    @staticmethod
    def _coordinated(norms: Sequence[str], owner: _Mention, lo: int, end_at: dict[int, _Mention]) -> list[_Mention]:
        """Owners coordinated with `owner`: "Iran and Pakistan's interests" -> [Iran]."""
        out = []
        k = owner.i
        while k - 1 >= lo and norms[k - 1] in _COORD:
            m = end_at.get(k - 1)
            if m is None and norms[k - 1] == "and" and k - 2 >= lo and norms[k - 2] == ",":
                m = end_at.get(k - 2)
            if m is None or m.target == owner.target:
                break
            out.append(m)
            k = m.i
        return out

    # --- terminology and aggregation --------------------------------------------------------

    def _terminology(self, doc: PreparedDocument) -> list[list[tuple[int, int, Entry]]]:
        """Terminology matches per sentence of ``doc.sentences``: per family, leftmost-longest;
        ignore phrases block.

        One overlapping pass over the whole document, then the matches lying
        inside one sentence are grouped by it: the same matches, in the same
        order, as matching each sentence's tokens on their own.
        """
        out: list[list[tuple[int, int, Entry]]] = [[] for _ in doc.sentences]
        if self._terms is None:
            return out
        tok_sent = doc.tok_sent
        by_sent: dict[int, list] = {}
        for m in self._terms.find(doc.tok_norm, _LazyTexts(doc), overlapping=True):
            sid = tok_sent[m.start]
            if sid >= 0 and tok_sent[m.end - 1] == sid:
                by_sent.setdefault(sid, []).append(m)
        for sid, matches in by_sent.items():
            ignore = [(m.start, m.end) for m in matches if m.entry.category == "\x00ignore"]
            by_family: dict[str, list] = {}
            for m in matches:
                if m.entry.category != "\x00ignore":
                    by_family.setdefault(m.entry.label, []).append(m)
            for family, ms in by_family.items():
                taken = list(ignore)
                for m in sorted(ms, key=lambda m: (m.start, m.start - m.end)):
                    if any(m.start < b and a < m.end for a, b in taken):
                        continue
                    taken.append((m.start, m.end))
                    out[sid].append((m.start, m.end, m.entry))
        return out

    def _debris_rule(self, kind: str, sentence: str) -> str:
        for regex, e in self._debris_res.get(kind, ()):
            if regex.search(sentence):
                return f"rule:page-debris ({e.rule})"
        return f"rule:page-debris-paragraph (debris/{kind})"

    def _aggregation(self, doc: PreparedDocument) -> list[Span]:
        """Debris, heading and bullet-list markers (stock phrases are found with the cues), and
        publisher boilerplate (category ``publisher``)."""
        spans = []
        text = doc.text
        for s in doc.sentences:
            if s.debris and not s.is_repeat and (s.debris in self._debris_kinds
                                                 or s.debris in self._publisher_kinds):
                category = "aggregation" if s.debris in self._debris_kinds else "publisher"
                spans.append(make_span(doc, s.start, s.end, self.name, category, s.debris, voice="author",
                                       rule=self._debris_rule(s.debris, text[s.start:s.end]), sent_id=s.sent_id))
            elif s.is_heading and s.counted:
                line = text[s.start:s.end]
                for regex, e in self._headings:
                    if regex.search(line):
                        spans.append(make_span(doc, s.start, s.end, self.name, "aggregation", e.label,
                                               voice="author", rule=e.rule, sent_id=s.sent_id))
                        break
        # Bullet lists: runs of consecutive paragraphs that open with a bullet.
        firsts: dict[int, Any] = {}
        lasts: dict[int, Any] = {}
        for s in doc.sentences:
            firsts.setdefault(s.paragraph, s)
            lasts[s.paragraph] = s
        run: list[int] = []
        for p in sorted(firsts) + [None]:
            is_bullet = (p is not None and not firsts[p].debris
                         and _BULLET_RE.match(text, firsts[p].start) is not None)
            if is_bullet and (not run or run[-1] == p - 1):
                run.append(p)
                continue
            if len(run) >= self._bullet_min:
                a, b = firsts[run[0]], lasts[run[-1]]
                spans.append(make_span(doc, a.start, b.end, self.name, "aggregation", "bullet_list",
                                       voice="author", value=len(run), rule="rule:bullet-list",
                                       sent_id=a.sent_id))
            run = [p] if is_bullet else []
        return spans

    # --- the measure ------------------------------------------------------------------------

    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]] | None = None) -> MeasureOutput:
        """Spans, per-state rows and document metrics for one prepared document."""
        found = found or {}
        attribution = found.get("attribution")
        mentions = self._mentions(doc, found)
        end_at = {m.j: m for m in mentions}
        start_at = {m.i: m for m in mentions}
        vm = VoiceMap.from_spans(doc, attribution) if attribution is not None else None
        n_sent = len(doc.sentences)
        has_interest = [False] * n_sent
        agg_flag = [""] * n_sent
        spans: list[Span] = []

        # One span per mention, the commonest span here: built directly with the fields
        # make_span would fill (the mention's sentence is known).
        doc_id, text = doc.doc_id, doc.text
        spans.extend([_new_tuple(Span, (doc_id, m.sent_id, m.start, m.end, text[m.start:m.end], self.name,
                                        "mention", m.label, m.target, m.voice, float(m.tone), m.rule, ""))
                      for m in mentions])
        attributions = self._attributions(attribution)
        for link, (state, s) in attributions.items():
            spans.append(make_span(doc, s.start, s.end, self.name, "voice", s.label if s.category == "source" else "",
                                   target=state, voice=s.voice, rule=f"rule:from-attribution ({s.rule})",
                                   link=link, sent_id=s.sent_id))

        interest_n: dict[str, int] = {}
        term_counts = dict.fromkeys(self._term_metrics, 0)
        # Cues and terminology for the whole document in one pass each (a match
        # never crosses a sentence boundary), used for the counted sentences.
        cues_by_sent = self._cues.find_sentences(doc)
        terms_by_sent = self._terminology(doc)
        for sent in doc.sentences:
            if not sent.counted or sent.tok_start >= sent.tok_end:
                continue
            lo, hi = sent.tok_start, sent.tok_end
            cues = cues_by_sent[sent.sent_id]
            if cues:
                for a, b, label, state, rule in self._interest(doc, lo, hi, cues, end_at, start_at):
                    voice = vm.voice(a, b) if vm is not None else "author"
                    spans.append(make_span(doc, a, b, self.name, "interest", label, target=state, voice=voice,
                                           rule=rule, sent_id=sent.sent_id))
                    interest_n[state] = interest_n.get(state, 0) + 1
                    has_interest[sent.sent_id] = True
                for c in cues:
                    if c.entry.category == "aggregation":
                        a, b = doc.tok_start[c.start], doc.tok_end[c.end - 1]
                        spans.append(make_span(doc, a, b, self.name, "aggregation", c.entry.label,
                                               voice=vm.voice(a, b) if vm is not None else "author",
                                               rule=c.entry.rule, sent_id=sent.sent_id))
            for i, j, e in terms_by_sent[sent.sent_id]:
                a, b = doc.tok_start[i], doc.tok_end[j - 1]
                spans.append(make_span(doc, a, b, self.name, "terminology", e.label,
                                       voice=vm.voice(a, b) if vm is not None else "author",
                                       rule=e.rule, sent_id=sent.sent_id))
                term_counts[(e.label, str(e.attrs.get("variant") or e.pattern))] += 1

        spans.extend(self._aggregation(doc))
        agg_counts = dict.fromkeys(AGGREGATION_KINDS, 0)
        n_publisher = 0
        for s in spans[len(mentions):]:  # the mention spans come first: neither kind
            if s.category == "aggregation":
                agg_counts[s.label] = agg_counts.get(s.label, 0) + 1
                if 0 <= s.sent_id < n_sent and not agg_flag[s.sent_id]:
                    agg_flag[s.sent_id] = s.label
            elif s.category == "publisher":
                n_publisher += 1

        spans.sort(key=lambda s: (s.start, s.end, s.category))
        targets, leading, margin = self._profile(mentions, attributions, interest_n)
        n_words = doc.n_words
        n_interest = sum(interest_n.values())
        n_agg = sum(agg_counts.values())
        metrics: dict[str, Any] = {
            "perspective_leading": leading,
            "perspective_lead_margin": margin,
            "perspective_n_states": len(targets),
            "perspective_state_mentions": len(mentions),
            "perspective_voice_attributions": len(attributions),
            "perspective_n_interest": n_interest,
            "perspective_interest_per_1k": per_thousand(n_interest, n_words),
            "perspective_n_aggregation": n_agg,
            "perspective_aggregation_per_1k": per_thousand(n_agg, n_words),
        }
        for kind, n in agg_counts.items():
            metrics[f"perspective_aggregation_{kind}"] = n
        metrics["perspective_publisher_boilerplate"] = n_publisher
        if self._terms is not None:
            metrics["perspective_n_terminology"] = sum(term_counts.values())
            for key, n in term_counts.items():
                metrics[self._term_metrics[key]] = n
        return MeasureOutput(spans=spans, metrics=metrics, targets=targets,
                             sentence_flags={"perspective_has_interest": has_interest,
                                             "perspective_aggregation": agg_flag})

    def _profile(self, mentions: list[_Mention], attributions: dict[str, tuple[str, Span]],
                 interest_n: dict[str, int]) -> tuple[list[dict[str, Any]], str, float]:
        """Per-state indicator rows, the leading state and the lead margin."""
        mention_n: dict[str, int] = {}
        tones: dict[str, list[float]] = {}
        for m in mentions:
            mention_n[m.target] = mention_n.get(m.target, 0) + 1
            if not math.isnan(m.tone):
                tones.setdefault(m.target, []).append(m.tone)
        voice_n: dict[str, int] = {}
        for state, _ in attributions.values():
            voice_n[state] = voice_n.get(state, 0) + 1
        states = sorted(set(mention_n) | set(voice_n) | set(interest_n))
        if not states:
            return [], "", NAN
        totals = {"salience": sum(mention_n.values()), "voice": sum(voice_n.values()),
                  "interest": sum(interest_n.values())}
        counts = {"salience": mention_n, "voice": voice_n, "interest": interest_n}
        raw: dict[str, dict[str, float]] = {}
        for ind in ("salience", "voice", "interest"):
            total = totals[ind]
            raw[ind] = {s: (counts[ind].get(s, 0) / total if total else NAN) for s in states}
        tone = {s: (sum(tones[s]) / len(tones[s]) if s in tones else NAN) for s in states}
        toned = [t for t in tone.values() if not math.isnan(t)]
        mean_tone = sum(toned) / len(toned) if toned else NAN
        raw["portrayal"] = {s: tone[s] - mean_tone for s in states}

        alignment = {}
        centred: dict[str, dict[str, float]] = {}
        for ind in INDICATORS:
            values = raw[ind]
            if ind == "portrayal":  # already relative to the document's states
                centred[ind] = {s: (0.0 if math.isnan(v) else v) for s, v in values.items()}
                continue
            finite = [v for v in values.values() if not math.isnan(v)]
            mean = sum(finite) / len(finite) if finite else 0.0
            centred[ind] = {s: (0.0 if math.isnan(v) else v - mean) for s, v in values.items()}
        for s in states:
            alignment[s] = sum(self.weights[ind] * centred[ind][s] for ind in INDICATORS)
        order = sorted(states, key=lambda s: (-round(alignment[s], 12), -mention_n.get(s, 0), s))
        rank = {s: r + 1 for r, s in enumerate(order)}
        margin = alignment[order[0]] - alignment[order[1]] if len(order) > 1 else NAN
        rows = [{"target": s,
                 "perspective_mentions": mention_n.get(s, 0),
                 "perspective_salience": raw["salience"][s],
                 "perspective_voice_n": voice_n.get(s, 0),
                 "perspective_voice_share": raw["voice"][s],
                 "perspective_interest_n": interest_n.get(s, 0),
                 "perspective_interest": raw["interest"][s],
                 "perspective_tone": tone[s],
                 "perspective_portrayal": raw["portrayal"][s],
                 "perspective_alignment": alignment[s],
                 "perspective_rank": rank[s]} for s in states]
        return rows, order[0], margin


def _singular(word: str) -> str:
    """A plural's naive singular ("agencies" -> "agency", "forces" -> "force"), for not_before lists."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def profile(result, doc_id: str | None = None):
    """The perspective profile of scored documents: one row per document x state,
    best-aligned first, with the indicators behind the alignment.

    Parameters
    ----------
    result : ScoreResult
        From ``framing.score(..., measures=["perspective"])`` (or all measures).
    doc_id : str, optional
        One document only.

    Returns
    -------
    DataFrame
        ``doc_id``, ``target``, ``perspective_rank`` and the indicator columns,
        sorted by document and rank. The evidence for a row is
        ``result.evidence(doc_id, measure="perspective", target=state)``.
    """
    t = result.targets
    cols = ["doc_id", "target"] + [c for c in t.columns if c.startswith("perspective_")]
    t = t.loc[t["perspective_rank"].notna(), cols] if "perspective_rank" in t else t.iloc[0:0][["doc_id", "target"]]
    if doc_id is not None:
        t = t[t["doc_id"] == doc_id]
    return t.sort_values(["doc_id", "perspective_rank"]).reset_index(drop=True)


MEASURE = PerspectiveMeasure
