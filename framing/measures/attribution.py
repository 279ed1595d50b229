"""Attribution: who is given a voice in a text, and how.

Every attribution is a group of spans in the ``spans`` frame with
``measure="attribution"`` that share a ``link`` ("a1", "a2", ... unique
within the document):

``cue``
    the reporting expression (said, told, claimed, according to, as per);
    ``label`` ``neutral`` or ``evaluative`` (from ``lexicons/attribution.yaml``).
``source``
    who speaks; ``label`` is the source type: ``named_person``, ``official``
    (a government body or office holder, or a state named as actor: "Iran
    claims"), ``expert`` (analyst, fellow, researcher, think tank, study),
    ``media`` (an outlet), ``organization`` (a named non-state group: party,
    armed group, international body), ``anonymous`` (unnamed or vague: "some
    reports", "officials", "analysts say", "observers", an agentless passive
    "it was reported"), ``self`` (the text's authors: "we", "this analysis").
``content``
    what is attributed; ``label`` ``direct`` (a quotation), ``indirect``
    (reported speech without quotation marks), ``mixed`` (reported speech
    holding a partial quote). A quotation with no speaker is a ``scare``
    content span on its own link (no cue, no source) when it has at most
    ``scare_max_words`` words (‘unprovoked’, ‘terrorist hideouts’); a longer
    one is ``direct`` with ``rule:quote-no-speaker``.

``target`` on all three is the speaker's state ("" when no lexicon tells):
from the event's people lexicon, an institution ("ISPR", "State Department",
"Brookings Institution"), a possessor or adjective in the source phrase
("Pakistan's foreign office", "the Iranian foreign minister"), a state named as
the source ("India stated"), or an institution in an apposition ("X, a fellow
at SWP Berlin"). ``voice`` is ``attributed`` on content spans (not scare) and
``author`` elsewhere. ``rule`` names the lexicon entry or the context rule.

How sources are found (all rules work on word tokens, no parser)
----------------------------------------------------------------
* ``X said ...`` and ``..., X said``: the noun phrase left of the cue, with
  an apposition ("Madiha Afzal, a fellow at Brookings, told Vox"); content
  after the cue when a clause, "that" or a quotation follows, else the clause
  before the source ("Iran could retaliate, Mir wrote").
* ``"...," said X``: the noun phrase right of the cue (``rule:inverted``).
* ``according to X`` / ``as per X`` / ``citing X``: the phrase after the cue;
  content is the rest of the sentence or the clause before the cue.
* ``..., claiming ...`` / ``with X noting ...``: participles take the subject of
  the sentence (``rule:participle-subject``) or the "with" phrase.
* ``X was told``/``it is said``: passives take a "by" agent or none
  (``rule:passive-agentless``, typed ``anonymous``, no source span).
* ``he said``/``she told``: the nearest earlier person source within
  ``pronoun_window`` sentences (``rule:pronoun-resolved->a3``); with several
  candidates only inside the same paragraph. ``it``/``they`` resolve to an
  institution or a plural group likewise. An unresolved he/she stays
  ``named_person`` (a specific individual the reader knows from context) with
  ``rule:pronoun-unresolved``; an unresolved it/they is ``anonymous``.
* A later bare surname ("Afzal said") takes the type and state of the full
  name seen earlier in the document (``rule:same-name->a2``).
* A quotation without a cue within ``continue_window`` sentences after an
  attribution (and no other cue between) continues it (``rule:quote-continues``).
* ``self``: first-person "we"/"I" outside quotation marks and "this
  analysis/article/report", "the author(s)" -- the outlet speaking of itself.
  An outlet naming itself in the third person ("ORF research") is typed by the
  institutions lexicon, since a document does not know its own outlet.

Document metrics (prefix ``attribution_``), rates per 1,000 counted words:
``attributions``, ``per_1k``, ``direct_share``/``indirect_share``/
``mixed_share`` (of attributions), ``scare_quotes``, ``scare_quotes_per_1k``,
``scare_share`` (of all quotations), ``unattributed_quotes``,
``source_<type>_share`` for each source type, ``evaluative_cue_share``,
``quoted_word_share`` (words inside quotation marks), ``attributed_word_share``
(words inside attributed content), ``known_state_share``, ``distinct_sources``,
``unresolved_pronoun_share`` and ``unbalanced_quote_marks`` (stray or unclosed
marks in the whole text: a data-quality report).

Examples
--------
>>> from framing.lexicons import load_lexicon
>>> from framing.text import prepare
>>> names = AttributionMeasure.lexicon_names
>>> m = AttributionMeasure({n: load_lexicon(n) for n in names})
>>> out = m.analyze(prepare("d", 'Pakistan’s foreign office called it “illegal”.'), {})
>>> [(s.category, s.label, s.text, s.target) for s in out.spans]  # doctest: +NORMALIZE_WHITESPACE
[('source', 'official', 'Pakistan’s foreign office', 'Pakistan'),
 ('cue', 'neutral', 'called', 'Pakistan'),
 ('content', 'mixed', 'it “illegal”', 'Pakistan')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..lexicons import Entry, Lexicon, Match
from ..quotes import find_quotes, outer_quotes
from ..text import PreparedDocument
from ..tokens import count_words
from .base import AUTHOR, ATTRIBUTED, NAN, Measure, MeasureOutput, Span, per_thousand, share
from .base import make_span as _make_span

MEASURE_NAME = "attribution"

#: Source types in the order metrics list them.
SOURCE_TYPES = ("named_person", "official", "expert", "media", "organization", "anonymous", "self")
CONTENT_LABELS = ("direct", "indirect", "mixed")

# --- closed-class words (grammar, not framing vocabulary: kept in code) ----------

_DETS = frozenset("""the a an this these those its his her their our my your some many most
    several few all both each every other another any no one two three four five six seven
    eight nine ten dozens hundreds thousands certain various numerous such""".split())
_POSS = frozenset(("'s", "'"))
_BE = frozenset("is are was were be been being".split())
_AUX = frozenset("""has have had having will would shall should can could may might must did
    does do is are was were be been being not never n't""".split())
_ADVERBS = frozenset("""also later earlier previously repeatedly again then recently once often
    publicly reportedly firmly separately explicitly flatly already just still even
    privately openly angrily quickly immediately initially particularly specifically simply
    only long first last too now yet jointly formally officially strongly sharply clearly
    directly indeed however partly generally widely frequently consistently rightly falsely
    wrongly similarly likewise notably subsequently afterwards previously apparently
    allegedly once ever always""".split())
_CLAUSE = frozenset("""and but or nor that which who whom whose when where while as because since
    although though if unless whether than so yet for of in on at to from by with without
    about into onto over under after before during against between among through across
    despite amid via per like upon within beyond toward towards around until""".split())
# Capitalised words that start sentences or clauses but never names.
_CAP_STOP = frozenset("""and but or so yet however meanwhile still also then thus now here there
    ultimately essentially instead indeed moreover furthermore similarly likewise
    interestingly already less more even only just last next earlier later today yesterday
    tomorrow in on at for as after before while when if though although because since
    during despite amid following given with without within over under against beyond by
    from to through until what who why how where which whether it its he she they we i you
    this that these those there their his her our my your not no yes responding according
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec""".split())
_TITLE_ABBREV = frozenset("gen lt col maj capt cmdr adm brig sgt mr mrs ms dr prof sen rep gov amb st".split())
_MODIFIERS = frozenset("""senior former top local independent unnamed anonymous chief deputy state
    security military intelligence government western regional foreign international
    political outgoing acting caretaker prominent leading retired current visiting junior
    associate assistant nonresident non-resident national federal provincial official
    defence defense administration campaign party white house press public private
    diplomatic elected military-run state-run""".split())
_PRONOUNS = frozenset("he she it they we i".split())
_QUANT = frozenset("some many most several few all both each none one two three half majority".split())
# Institution labels that are not states.
_NO_STATE = frozenset(("any", "international", "none"))
_FIRST_PERSON = frozenset(("we", "i"))
_OPEN_MARKS = frozenset("“„«‘‹\"'")
_CLOSE_MARKS = frozenset("”»’›\"'")
_TERMINAL = frozenset(".!?…")
_TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday today yesterday
    tonight earlier later recently again also publicly repeatedly separately privately
    afterward afterwards then""".split())
_MEDIUM = frozenset("""statement interview speech post tweet briefing conference report letter
    note email e-mail message video broadcast op-ed column press call meeting session
    televised address remarks hearing testimony""".split())
_PRESENT_3SG_EXCEPTIONS = frozenset(("news", "analysis", "press"))
# Reporting forms common enough to accept a source whose head is an ordinary noun
# ("the group said", "residents told"); other cues need a name, pronoun or known source word.
_STRONG = frozenset("""said says told tells added adds wrote writes stated reported reports announced
    explained noted asked replied responded claimed claims insisted denied argued warned
    acknowledged admitted alleged say tell""".split())
_BASE_FORMS = frozenset("say tell add write claim deny argue allege insist warn".split())
# Words that make a capitalised name an organisation, and which kind.
_ORG_WORDS = {
    "official": frozenset("""ministry department office council commission authority court army force
        forces guard guards police agency bureau directorate command corps government cabinet
        parliament assembly senate committee""".split()),
    "expert": frozenset("""institute institution center centre foundation university college school
        academy observatory program programme project initiative""".split()),
    "media": frozenset("""news times post journal daily tribune herald gazette radio tv television
        press network channel magazine review observer telegraph express chronicle""".split()),
    "organization": frozenset("""group party front movement organization organisation association
        union league federation alliance company corporation inc ltd bank fund army-of""".split()),
}


@dataclass
class _Att:
    """One attribution being built: token ranges are ``[lo, hi)``."""

    cue_tok: tuple[int, int]
    entry: Entry
    sent: int
    para: int
    cue_rule: str = ""
    src_tok: tuple[int, int] | None = None
    stype: str = "anonymous"
    state: str = ""
    srule: str = ""
    person: bool = False
    plural: bool = False
    key: str = ""
    pronoun: str = ""
    contents: list[list] = field(default_factory=list)  # [char_start, char_end, rule]
    link: str = ""
    kind: str = "speech"

    @property
    def label(self) -> str:
        return self.entry.label

    def pronoun_unresolved(self) -> bool:
        return bool(self.pronoun) and "rule:pronoun-unresolved" in self.srule


class _Ctx:
    """Per-document arrays shared by the rules (built once per document)."""

    def __init__(self, doc: PreparedDocument, measure: "AttributionMeasure", cue_sents: Sequence[int]):
        self.doc = doc
        self.norm = doc.tok_norm
        self.text = doc.tok_text
        self.n = len(doc.tok_norm)
        n = self.n
        self.sent_starts = [s.start for s in doc.sentences]
        # Source words are only read near a cue: match those lexicons in the sentences
        # holding one (and the next, where an inverted source may end). People are
        # matched everywhere, so that "Munir said" can find "Gen. Asim Munir" earlier.
        # cover[i] = the match holding token i.
        ranges = _merge_ranges([(doc.sentences[i].tok_start, doc.sentences[min(i + 1, len(doc.sentences) - 1)].tok_end)
                                for i in cue_sents])
        self.term = self._cover(_find(measure._terms, doc, ranges))
        self.inst = self._cover(_find(measure._inst, doc, ranges))
        self.states = self._cover(_find(measure._states, doc, ranges))
        self.people_matches = measure._people.find(doc.tok_norm, doc.tok_text)
        self.people = self._cover(self.people_matches)
        # Quotations: tok_unit[i] = index of the outer quotation unit holding token i.
        self.quotes = find_quotes(doc.text)
        self.units = outer_quotes(self.quotes, doc.text)
        self.unit_span = [(u[0].start, u[-1].end) for u in self.units]
        self.tok_unit = [-1] * n
        self.open_unit: dict[int, int] = {}   # token of an opening mark -> unit
        self.close_unit: dict[int, int] = {}  # token of a unit's last closing mark -> unit
        starts = doc.tok_start
        for ui, unit in enumerate(self.units):
            for q in unit:
                for t in doc.token_range(q.inner_start, q.inner_end):
                    self.tok_unit[t] = ui
            t0 = bisect_left(starts, unit[0].start)
            if t0 < n and starts[t0] == unit[0].start:
                self.open_unit[t0] = ui
            last = unit[-1]
            if last.end > last.inner_end:
                tc = bisect_left(starts, last.end - 1)  # the last character of the closing mark
                if tc < n and starts[tc] == last.end - 1:
                    self.close_unit[tc] = ui

    def _cover(self, matches: list[Match]) -> list[Match | None]:
        cover: list[Match | None] = [None] * self.n
        for m in matches:
            for t in range(m.start, m.end):
                cover[t] = m
        return cover

    # token predicates
    def is_word(self, i: int) -> bool:
        return self.text[i][:1].isalnum()

    def is_cap(self, i: int) -> bool:
        w = self.text[i]
        return w[:1].isupper() and self.norm[i] not in _CAP_STOP

    def known(self, i: int) -> bool:
        return (self.term[i] is not None and self.term[i].entry.label not in ("vague", "pronoun", "self")) \
            or self.inst[i] is not None or self.people[i] is not None or self.states[i] is not None

    def is_adverb(self, i: int) -> bool:
        w = self.norm[i]
        return w in _ADVERBS or (w.endswith("ly") and len(w) > 4 and self.text[i].islower())

    def unknown_word(self, i: int) -> bool:
        """A lower-case word that is not grammar: a possible noun."""
        w = self.norm[i]
        return (self.text[i][:1].islower() and self.text[i].isalpha() and w not in _CLAUSE
                and w not in _AUX and w not in _DETS and not self.is_adverb(i) and w not in _PRONOUNS)

    def char_span(self, lo: int, hi: int) -> tuple[int, int]:
        return self.doc.tok_start[lo], self.doc.tok_end[hi - 1]

    def sentence_at(self, offset: int):
        """The sentence holding character `offset` (None between sentences)."""
        i = bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and offset < self.doc.sentences[i].end:
            return self.doc.sentences[i]
        return None


class AttributionMeasure(Measure):
    """Direct, indirect and scare quotes; sources, their types and states; reporting verbs."""

    name = MEASURE_NAME
    lexicon_names = ("attribution", "institutions", "people", "states")
    requires = ()

    def __init__(self, lexicons: Mapping[str, Lexicon]):
        super().__init__(lexicons)
        att = self.lexicons["attribution"]
        self._cues = att.matcher(["cue"])
        self._terms = att.matcher(["source"])
        self._inst = self.lexicons["institutions"].matcher()
        self._people = self.lexicons["people"].matcher()
        states = self.lexicons["states"]
        self._states = states.matcher(["state"] if "state" in states.categories else None)
        rules = dict(att.rules)
        self.scare_max = int(rules.get("scare_max_words", 4))
        self.pronoun_window = int(rules.get("pronoun_window", 3))
        self.continue_window = int(rules.get("continue_window", 2))
        self.naming_window = int(rules.get("naming_window", 6))
        self.apposition_max = int(rules.get("apposition_max", 30))

    # ------------------------------------------------------------------ analyze
    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]] | None = None) -> MeasureOutput:
        if not doc.sentences:
            return MeasureOutput(spans=[], metrics=_metrics([], [], [], 0, 0, 0, 0),
                                 sentence_flags={"attribution_has_attribution": [],
                                                 "attribution_has_direct_quote": []}, targets=[])
        cues = [m for m in self._cues.find(doc.tok_norm, doc.tok_text)
                if doc.tok_sent[m.start] >= 0 and doc.sentences[doc.tok_sent[m.start]].counted]
        ctx = _Ctx(doc, self, sorted({doc.tok_sent[m.start] for m in cues}))
        atts: list[_Att] = []
        taken = [False] * ctx.n  # tokens already used as a source or cue
        for m in cues:
            if taken[m.start]:
                continue
            a = self._attribution(ctx, m, atts)
            if a is None:
                continue
            for t in range(*a.cue_tok):
                taken[t] = True
            if a.src_tok:
                for t in range(*a.src_tok):
                    taken[t] = True
            atts.append(a)
        # A cue inside a source already found (a relative clause) is not its own attribution.
        atts = [a for a in atts if not any(b is not a and b.src_tok and b.src_tok[0] <= a.cue_tok[0] < b.src_tok[1]
                                           for b in atts)]
        atts.sort(key=lambda a: a.cue_tok[0])
        for i, a in enumerate(atts, 1):
            a.link = f"a{i}"
        self._resolve_names(ctx, atts)
        scare, unattributed = self._leftover_quotes(ctx, atts)
        return self._output(ctx, atts, scare, unattributed)

    # ------------------------------------------------------------ one cue match
    def _attribution(self, ctx: _Ctx, m: Match, atts: list[_Att]) -> _Att | None:
        doc = ctx.doc
        e = m.entry
        a, b = m.start, m.end
        sent = doc.sentences[doc.tok_sent[a]]
        lo, hi = sent.tok_start, sent.tok_end
        att = _Att(cue_tok=(a, b), entry=e, sent=sent.sent_id, para=sent.paragraph,
                   cue_rule=e.rule, kind=str(e.attrs.get("kind", "speech")))
        if e.attrs.get("form") == "prep":
            return self._prep(ctx, att, lo, hi)
        prev = ctx.norm[a - 1] if a > lo else ""
        # A noun or infinitive, not a reporting verb: "some reports", "Iran's claims", "to say".
        if (prev in _DETS or prev in _POSS or prev == "to") and ctx.close_unit.get(a - 1) is None:
            return None
        first = ctx.norm[a]
        participle = first.endswith("ing")
        j = a - 1
        aux: list[str] = []
        while j >= lo and (ctx.norm[j] in _AUX or ctx.is_adverb(j)):
            aux.append(ctx.norm[j])
            j -= 1
        if j >= lo and ctx.norm[j] == ")":
            # "Rep. Jim McDermott (D-Wash.) said": skip a short parenthesis after the name.
            k = j - 1
            while k >= max(lo, j - 8) and ctx.norm[k] != "(":
                k -= 1
            if k >= lo and ctx.norm[k] == "(" and k - 1 >= lo and ctx.is_word(k - 1):
                j = k - 1
        if not participle and any(w in _BE for w in aux) and first.endswith(("ed", "said", "told", "wrote", "written", "shown", "found", "thought")):
            return self._passive(ctx, att, lo, hi)
        if not participle and not aux and b < hi and ctx.norm[b] == "by":
            return None  # "feeling threatened by Iran": an adjectival participle
        if participle and not aux:
            src = self._participle_source(ctx, j, lo, a, atts)
            if src is None:
                return None
            att.src_tok, rule = src
            att.srule = rule
            order_before = False
        else:
            src = None
            inverted = False
            if j >= lo and ctx.norm[j] in ("and", "but", "or") and (j - 1 >= lo):
                src = self._coordinated(ctx, att, j, lo, atts)
            elif j >= lo and ctx.norm[j] in ("who", "which"):
                k = j - 1 if j - 1 >= lo and ctx.norm[j - 1] != "," else j - 2
                start = self._np_left(ctx, k, lo)
                if start is not None and k >= lo:
                    src = ((start, k + 1), "rule:relative")
            elif j >= lo and ctx.norm[j] == ",":
                src = self._apposition(ctx, j, lo)
                if src is None:
                    src = self._np_right(ctx, b, hi, appos=True)
                    inverted = src is not None
            elif j >= lo and ctx.is_word(j):
                start = self._np_left(ctx, j, lo)
                if start is not None:
                    src = ((start, j + 1), "")
            else:
                src = self._np_right(ctx, b, hi, appos=True)
                inverted = src is not None
            if src is None:
                return None
            att.src_tok, att.srule = src
            if not self._head_ok(ctx, att, first):
                return None
            order_before = inverted
        # What follows the cue (or an inverted source) decides where the content is.
        if order_before and att.src_tok and att.src_tok[0] >= b:
            k, mode = self._after(ctx, att, att.src_tok[1], hi)
        else:
            k, mode = self._after(ctx, att, b, hi)
        needs = e.attrs.get("needs")
        s0 = min(att.src_tok[0], a) if att.src_tok else a
        quote_before = s0 - 1 >= max(lo - 1, 0) and (ctx.close_unit.get(s0 - 1) is not None or
                                         (ctx.norm[s0 - 1] == "," and s0 - 2 >= lo and ctx.close_unit.get(s0 - 2) is not None))
        if needs == "that" and mode not in ("that", "colon", "quote", "comma_quote") and not (quote_before and mode == "end"):
            return None
        if att.kind == "naming" and not self._quote_near(ctx, b, hi):
            return None
        content_before_possible = self._before_possible(ctx, s0, lo)
        if mode == "word" and quote_before and ctx.norm[k] in _CLAUSE and ctx.norm[k] != "that":
            mode = "end"  # '"...," Holsman said about halfway through the filibuster.'
        if order_before or (content_before_possible and mode in ("end", "comma", "comma_quote")):
            if not self._content_before(ctx, att, s0, lo):
                if mode not in ("comma_quote",):
                    return None
            if mode == "comma_quote":
                self._content_after(ctx, att, k + 1, hi, "rule:content-after")
            if order_before and att.srule == "":
                att.srule = "rule:inverted"
        elif mode == "end":
            # '“...,” CBS This Morning co-anchor DeMarco Morgan said.': a quotation closes a few
            # words before the source.
            for p in range(s0 - 1, max(lo - 1, s0 - 9), -1):
                ui = ctx.close_unit.get(p)
                if ui is not None:
                    att.contents.append([*ctx.unit_span[ui], "rule:content-before"])
                    break
                if ctx.norm[p] in _TERMINAL or ctx.norm[p] in (";", ":"):
                    break
            if not att.contents:
                return None
        else:
            start = k + 1 if mode in ("colon", "comma_quote") else k
            if att.kind == "naming":
                self._content_naming(ctx, att, b, hi)
            else:
                self._content_after(ctx, att, start, hi, "rule:content-after")
        if not att.contents:
            return None
        return att

    # ----------------------------------------------------------------- sources
    def _np_left(self, ctx: _Ctx, j: int, lo: int) -> int | None:
        """Start token of the noun phrase ending at token `j`, or None."""
        if j < lo or not ctx.is_word(j):
            return None
        w = ctx.norm[j]
        if w in _CLAUSE or w in _AUX or w in _DETS and w not in ("others", "some", "many", "most", "several", "both"):
            return None
        if ctx.text[j][:1].isupper() and w in _CAP_STOP and w not in _PRONOUNS:
            return None
        if ctx.tok_unit[j] >= 0 and ctx.doc.tok_start[j] >= 0 and j + 1 < ctx.n and ctx.close_unit.get(j + 1) is not None:
            return None  # the last word of a quotation is not a speaker
        if w in _PRONOUNS:
            return j
        i = j
        unknown = 0
        while i - 1 >= lo:
            t = i - 1
            n, tx = ctx.norm[t], ctx.text[t]
            if n in _POSS:
                pass
            elif ctx.known(t) or (ctx.term[t] is not None and ctx.term[t].entry.label == "vague"):
                pass
            elif n == "of" and t - 1 >= lo and ctx.norm[t - 1] in _QUANT:
                pass  # "most of them", "some of the officials"
            elif n in _DETS or n[:1].isdigit():
                i = t
                if t - 1 >= lo and ctx.norm[t - 1] in _QUANT | {"all"}:
                    i = t - 1
                break
            elif n in _MODIFIERS:
                pass
            elif ctx.is_cap(t) and tx[:1].isalpha():
                pass
            elif n == "-" and t - 1 >= lo and ctx.is_word(t - 1):
                pass
            elif n == "." and t - 1 >= lo and (ctx.norm[t - 1] in _TITLE_ABBREV or
                                                (len(ctx.text[t - 1]) == 1 and ctx.text[t - 1].isupper())):
                pass
            elif n == "of" and t - 1 >= lo and (ctx.is_cap(t - 1) or ctx.known(t - 1)) and (ctx.is_cap(i) or ctx.known(i) or ctx.norm[i] in _DETS):
                pass
            elif n in ("and", "&") and t - 1 >= lo and ctx.is_cap(t - 1) and ctx.is_cap(i):
                pass
            elif ctx.unknown_word(t) and unknown < 2:
                unknown += 1
            else:
                break
            i = t
        # Lower-case words must be anchored by a determiner, name or known word on their
        # left, or stand right after a clause boundary ('...," super PAC spokeswoman X said').
        boundary = i == lo or ctx.norm[i - 1] in (",", ":", ";", "—") or ctx.close_unit.get(i - 1) is not None
        while i < j and ctx.unknown_word(i) and not ctx.known(i) and ctx.norm[i] not in _MODIFIERS and not boundary:
            i += 1
        while i < j and ctx.norm[i] in (",", "-", "of", "and"):
            i += 1
        return i

    def _np_right(self, ctx: _Ctx, b: int, hi: int, *, appos: bool = False, prep: bool = False) -> tuple[tuple[int, int], str] | None:
        """The noun phrase starting at token `b` (after a cue), up to punctuation."""
        i = b
        head = False
        unknown = 0
        while i < hi:
            n, tx = ctx.norm[i], ctx.text[i]
            if n in _DETS or n in _POSS or n in _MODIFIERS or (n[:1].isdigit() and not head):
                pass
            elif ctx.known(i) or (ctx.term[i] is not None and ctx.term[i].entry.label == "vague"):
                head = True
            elif ctx.is_cap(i) and tx[:1].isalpha():
                head = True
            elif n == "-" and i > b and ctx.is_word(i - 1) and i + 1 < hi and ctx.is_word(i + 1):
                pass
            elif n == "." and i > b and (ctx.norm[i - 1] in _TITLE_ABBREV or
                                         (len(ctx.text[i - 1]) == 1 and ctx.text[i - 1].isupper())):
                pass
            elif n in ("of", "from", "by", "at", "in", "and") and i > b and i + 1 < hi and \
                    (ctx.is_cap(i + 1) or ctx.known(i + 1) or ctx.norm[i + 1] in _DETS) and (prep or n in ("of", "and", "at")):
                pass
            elif ctx.unknown_word(i) and not head and unknown < 2:
                unknown += 1
                if i + 1 >= hi or not (ctx.unknown_word(i + 1) or ctx.known(i + 1) or ctx.is_cap(i + 1)):
                    head = True  # "the group," "residents."
            else:
                break
            i += 1
        if i == b or not head:
            return None
        end = i
        while end > b and ctx.norm[end - 1] in (",", "-", "of", "and", "from", "by", "at", "in"):
            end -= 1
        if end <= b:
            return None
        if appos and end < hi and ctx.norm[end] == ",":
            # ", said John Roe, a fellow at X." -> include the apposition.
            k = end + 1
            stop = min(hi, k + self.apposition_max)
            while k < stop and ctx.norm[k] not in (",", ";", ":") and ctx.norm[k] not in _TERMINAL \
                    and ctx.text[k] not in _OPEN_MARKS:
                k += 1
            if k > end + 1 and (ctx.norm[end + 1] in _DETS or ctx.unknown_word(end + 1) or ctx.known(end + 1)) \
                    and (k >= hi or ctx.norm[k] in _TERMINAL or ctx.norm[k] == ","):
                end = k
        return (b, end), ""

    def _apposition(self, ctx: _Ctx, j: int, lo: int) -> tuple[tuple[int, int], str] | None:
        """``X, APPOSITION, cue``: `j` is the comma before the cue. Up to three
        comma segments ("Cory James, 22, of Flint, Mich., said")."""
        stop = max(lo, j - self.apposition_max)
        end = j
        found = None
        for seg in range(4):
            k = end - 1
            while k >= stop and ctx.norm[k] != "," and ctx.text[k] not in _OPEN_MARKS | _CLOSE_MARKS \
                    and ctx.norm[k] not in (";", ":", "—"):
                k -= 1
            if k < stop or ctx.norm[k] != "," or k + 1 >= end:
                break
            first = k + 1
            short_cap = ctx.is_cap(first) and end - first <= 3
            if not (ctx.norm[first] in _DETS or ctx.unknown_word(first) or ctx.known(first)
                    or ctx.norm[first] in ("who", "which", "in", "at", "on", "of", "from", "speaking")
                    or ctx.norm[first] in _MODIFIERS or ctx.norm[first][:1].isdigit() or short_cap
                    or (ctx.is_cap(first) and any(ctx.known(t) or ctx.unknown_word(t) or ctx.norm[t][:1].isdigit()
                                                  for t in range(first, end)))):
                break
            if k - 1 >= lo and (ctx.is_cap(k - 1) or ctx.known(k - 1) or ctx.norm[k - 1] in _PRONOUNS):
                start = self._np_left(ctx, k - 1, lo)
                if start is not None:
                    found = (start, j)
            # Ages, places and "of X" segments may follow the name: look one segment further.
            if not (ctx.norm[first][:1].isdigit() or ctx.norm[first] in ("of", "in", "from") or (short_cap and seg == 0)):
                break
            end = k
        return (found, "rule:apposition") if found else None

    def _participle_source(self, ctx: _Ctx, j: int, lo: int, a: int, atts: list[_Att]):
        """Source of "..., claiming ..." (sentence subject) or "with X noting ..."."""
        if j >= lo and ctx.is_word(j):
            start = self._np_left(ctx, j, lo)
            if start is not None and start - 1 >= lo and ctx.norm[start - 1] == "with":
                return (start, j + 1), "rule:with-participle"
        if j >= lo and ctx.norm[j] not in (",", "—", "–", "-", "by") and not ctx.is_word(j):
            return None
        for prior in reversed(atts):
            if prior.sent == ctx.doc.tok_sent[a] and prior.src_tok and prior.cue_tok[0] < a:
                return prior.src_tok, "rule:participle-shared"
        subj = self._subject(ctx, lo, a)
        if subj is None:
            return None
        return subj, "rule:participle-subject"

    def _coordinated(self, ctx: _Ctx, att: _Att, j: int, lo: int, atts: list[_Att]):
        """"X said A and warned B": the second cue shares the first's source."""
        for prior in reversed(atts):
            if prior.sent == att.sent and prior.src_tok and prior.cue_tok[0] < j:
                return prior.src_tok, "rule:coordinated"
        subj = self._subject(ctx, lo, j)
        return (subj, "rule:coordinated") if subj else None

    def _subject(self, ctx: _Ctx, lo: int, limit: int) -> tuple[int, int] | None:
        """The subject noun phrase of the sentence starting at `lo`, before `limit`."""
        i = lo
        while i < limit and (ctx.text[i] in _OPEN_MARKS or ctx.norm[i] in ("and", "but", "so", "yet", "however", ",")):
            i += 1
        if i < limit and (ctx.norm[i] in _CAP_STOP and ctx.norm[i] not in _PRONOUNS or not (ctx.is_cap(i) or ctx.known(i) or ctx.norm[i] in _DETS or ctx.norm[i] in _PRONOUNS)):
            # An introductory phrase: the subject follows its comma.
            k = i
            while k < limit and ctx.norm[k] != ",":
                k += 1
            if k >= limit:
                return None
            i = k + 1
        if i >= limit:
            return None
        if ctx.norm[i] in _PRONOUNS:
            return (i, i + 1)
        np = self._np_right(ctx, i, limit)
        if np is None:
            return None
        (s, e), _ = np
        return (s, e)

    def _head_ok(self, ctx: _Ctx, att: _Att, first: str) -> bool:
        """Reject sources that cannot speak for this kind of cue."""
        s, e = att.src_tok
        head = e - 1
        while head > s and not ctx.is_word(head):
            head -= 1
        w = ctx.norm[head]
        if ctx.tok_unit[s] >= 0 and (w in _FIRST_PERSON or w.startswith(("i'", "we'"))):
            return False  # "we said" inside a quotation: the quoted speaker's own report
        if att.kind == "research":
            # Findings come from studies, outlets, experts and people, not from states as actors.
            return any((ctx.term[t] is not None and ctx.term[t].entry.label in ("expert", "media", "official"))
                       or ctx.people[t] is not None or (ctx.inst[t] is not None and ctx.inst[t].entry.category != "official")
                       for t in range(s, e)) or (ctx.is_cap(head) and ctx.states[head] is None and not ctx.known(head))
        if w in _PRONOUNS:
            return not (w == "it" and att.kind == "belief")
        if ctx.known(head) or ctx.is_cap(head):
            return True
        if att.kind != "speech":
            return False
        # A lower-case head ("the group said", "residents told"): common reporting forms only;
        # a base form ("say") only after a plural ("prosecutors say", "most of them say").
        if first not in _STRONG:
            return False
        plural = (w.endswith("s") and w not in _PRESENT_3SG_EXCEPTIONS) or w in ("them", "us", "people")
        if first in _BASE_FORMS:
            return plural
        if any(ctx.known(t) or ctx.is_cap(t) for t in range(s, e)):
            return True
        return plural or any(ctx.norm[t] in _DETS or ctx.norm[t] in _POSS or ctx.norm[t] in _MODIFIERS
                             or ctx.norm[t][:1].isdigit() for t in range(s, e))

    def _passive(self, ctx: _Ctx, att: _Att, lo: int, hi: int) -> _Att | None:
        """``X was told``, ``it was reported that``: a "by" agent or none."""
        a, b = att.cue_tok
        if b < hi and ctx.norm[b] == "by":
            np = self._np_right(ctx, b + 1, hi, prep=True)
            if np is None:
                return None
            att.src_tok, _ = np
            att.srule = "rule:passive-by"
            k = att.src_tok[1]
            if k < hi and ctx.norm[k] == ",":
                k += 1
            self._content_after(ctx, att, k, hi, "rule:content-after")
        else:
            k, mode = self._after(ctx, att, b, hi)
            if mode not in ("that", "quote", "colon", "comma_quote") and not (k < hi and ctx.norm[k] == "to"):
                return None
            att.cue_rule = f"{att.cue_rule};rule:passive-agentless"
            att.srule = "rule:passive-agentless"
            start = k + 1 if mode in ("colon", "comma_quote") else k
            self._content_after(ctx, att, start, hi, "rule:content-after")
        return att if att.contents else None

    def _prep(self, ctx: _Ctx, att: _Att, lo: int, hi: int) -> _Att | None:
        """``according to X``, ``as per X``, ``citing X``."""
        a, b = att.cue_tok
        # The source runs to the next punctuation ("according to a senior official familiar
        # with the talks, ..."); without one near, a noun phrase.
        k = b
        while k < min(hi, b + 12) and (ctx.is_word(k) or (ctx.norm[k] in ("-", "'s", "'", ".", "&") and k > b
                                                            and k + 1 < hi and ctx.is_word(k + 1))):
            k += 1
        if k > b and (k >= hi or not ctx.is_word(k)) and (ctx.is_cap(k - 1) or ctx.known(k - 1) or ctx.unknown_word(k - 1)
                                                          or ctx.norm[k - 1] in _PRONOUNS):
            att.src_tok = (b, k)
        else:
            np = self._np_right(ctx, b, hi, prep=True)
            if np is None:
                return None
            att.src_tok, _ = np
        att.srule = "rule:prep-source"
        s, e = att.src_tok
        # At the head of its clause, the content follows; otherwise it precedes.
        i = lo
        while i < a and (ctx.text[i] in _OPEN_MARKS or ctx.norm[i] in ("and", "but", "so", "yet", "however", ",")
                         or ctx.is_adverb(i)):
            i += 1
        if i == a:
            k = e + 1 if e < hi and ctx.norm[e] == "," else e
            self._content_after(ctx, att, k, hi, "rule:content-after")
        else:
            end = a
            while end > lo and not ctx.is_word(end - 1) and ctx.close_unit.get(end - 1) is None:
                end -= 1
            start = self._clause_start(ctx, lo, end)
            if end > start:
                self._add_content(ctx, att, start, end, "rule:content-before")
        return att if att.contents else None

    # ----------------------------------------------------------------- content
    def _after(self, ctx: _Ctx, att: _Att, b: int, hi: int) -> tuple[int, str]:
        """Skip an addressee ("told Vox") and time phrases after the cue; say what follows."""
        k = b
        obj = bool(att.entry.attrs.get("object"))
        for _ in range(3):
            k0 = k
            # time phrases: "on Friday", "Friday", "last week", "in a statement", "on Thursday"
            while k < hi and (ctx.norm[k] in _TIME_WORDS or (ctx.norm[k].endswith("ly") and ctx.is_adverb(k))):
                k += 1
            if k + 1 < hi and ctx.norm[k] in ("on", "last", "this") and (ctx.norm[k + 1] in _TIME_WORDS or
                                                                          ctx.norm[k + 1] in ("week", "month", "year", "night", "morning", "evening")
                                                                          or ctx.norm[k + 1] in _CAP_STOP):
                k += 2
            if k + 2 < hi and ctx.norm[k] == "in" and ctx.norm[k + 1] in ("a", "an", "the", "his", "her", "its", "their") :
                q = k + 2
                while q < min(hi, k + 6) and ctx.norm[q] not in _MEDIUM and ctx.unknown_word(q):
                    q += 1
                if q < hi and ctx.norm[q] in _MEDIUM:
                    k = q + 1
            if obj and k < hi and ctx.norm[k] not in ("that", ",", ":") and ctx.text[k] not in _OPEN_MARKS:
                # "told reporters that", "warned Pakistan that": look for that/quote/colon ahead.
                q = k
                while q < min(hi, k + 8) and (ctx.is_cap(q) or ctx.known(q) or ctx.norm[q] in _DETS or ctx.norm[q] in _POSS
                                              or ctx.norm[q] in ("him", "her", "them", "us", "me", "reporters", "journalists", "-", ".")
                                              or ctx.unknown_word(q)):
                    q += 1
                if q > k and (q >= hi or ctx.norm[q] in ("that", ",", ":") or ctx.norm[q] in _TERMINAL
                              or ctx.text[q] in _OPEN_MARKS or ctx.norm[q] in _TIME_WORDS or ctx.norm[q] in ("on", "in", "last")):
                    k = q
                    obj = False
            if k == k0:
                break
        if k >= hi or ctx.norm[k] in _TERMINAL or (ctx.close_unit.get(k) is not None and k + 1 >= hi):
            return k, "end"
        w = ctx.norm[k]
        if ctx.close_unit.get(k) is not None and ctx.tok_unit[att.cue_tok[0]] >= 0:
            return k, "end"  # the cue sits inside a quotation that ends here
        if w == "that":
            return k, "that"
        if w == ":":
            return k, "colon"
        if ctx.open_unit.get(k) is not None:
            return k, "quote"
        if w in (",", "—", "–") and k + 1 < hi and ctx.open_unit.get(k + 1) is not None:
            return k, "comma_quote"
        if w in (",", ";", "—", "–", ")"):
            return k, "comma"
        return k, "word"

    def _quote_near(self, ctx: _Ctx, b: int, hi: int) -> bool:
        for k in range(b, min(hi, b + self.naming_window)):
            if ctx.open_unit.get(k) is not None:
                return True
            if ctx.norm[k] in (",", ";", ":") or ctx.norm[k] in _TERMINAL:
                return False
        return False

    def _before_possible(self, ctx: _Ctx, s0: int, lo: int) -> bool:
        """Is there a clause before the source, ended by a comma or a closing quote?"""
        p = s0 - 1
        if p < lo:
            # '“... missing.” Trump said.': the quotation closed the sentence before.
            return p >= 0 and ctx.close_unit.get(p) is not None
        if ctx.norm[p] in ("as",) and p - 1 >= lo and ctx.norm[p - 1] == ",":
            p -= 1  # "..., as X told Vox"
        return (ctx.norm[p] in (",", "—", "–", ":") or ctx.close_unit.get(p) is not None) and p > lo

    def _clause_start(self, ctx: _Ctx, lo: int, end: int) -> int:
        """Start of the last coordinated clause before `end` ("; " or ", and|but")."""
        start = lo
        for t in range(lo, end - 1):
            if ctx.tok_unit[t] >= 0:
                continue
            if ctx.norm[t] == ";" or (ctx.norm[t] == "," and ctx.norm[t + 1] in ("and", "but") and t + 2 < end
                                       and ctx.norm[t + 2] in _PRONOUNS | {"it's", "there"}):
                start = t + 1
        while start < end and ctx.norm[start] in ("and", "but", ","):
            start += 1
        return start

    def _content_before(self, ctx: _Ctx, att: _Att, s0: int, lo: int) -> bool:
        if s0 == lo and lo > 0 and ctx.close_unit.get(lo - 1) is not None:
            qs, qe = ctx.unit_span[ctx.close_unit[lo - 1]]
            att.contents.append([qs, qe, "rule:content-before"])
            return True
        end = s0
        while end > lo and (ctx.norm[end - 1] in (",", "—", "–", ":", "as") and ctx.close_unit.get(end - 1) is None):
            end -= 1
        if end <= lo:
            return False
        # A quotation that closes right before the source may have opened sentences earlier.
        ui = ctx.close_unit.get(end - 1)
        if ui is None and end - 2 >= lo and ctx.norm[end - 1] in (",",):
            ui = ctx.close_unit.get(end - 2)
        if ui is not None:
            qs, qe = ctx.unit_span[ui]
            if qs < ctx.doc.tok_start[lo]:
                first_sent = ctx.sentence_at(qs)
                cs = first_sent.start if first_sent is not None else qs
                cs = qs if ctx.doc.text[cs:qs].strip() == "" or ctx.open_unit.get(lo) is not None else cs
                att.contents.append([min(cs, qs), qe, "rule:content-before"])
                return True
        start = self._clause_start(ctx, lo, end)
        if end <= start:
            return False
        self._add_content(ctx, att, start, end, "rule:content-before")
        return True

    def _content_after(self, ctx: _Ctx, att: _Att, k: int, hi: int, rule: str) -> None:
        if k >= hi:
            return
        end = hi
        lo = ctx.doc.sentences[att.sent].tok_start
        dashes = sum(1 for t in range(lo, att.cue_tok[0]) if ctx.norm[t] in ("—", "–") and ctx.tok_unit[t] < 0)
        for t in range(k, hi):
            if ctx.tok_unit[t] >= 0:
                continue
            if ctx.norm[t] == ";" or (dashes % 2 == 1 and ctx.norm[t] in ("—", "–")):
                end = t
                break
        self._add_content(ctx, att, k, end, rule)

    def _content_naming(self, ctx: _Ctx, att: _Att, b: int, hi: int) -> None:
        """"called it “illegal”": the object and the quotation, up to its end."""
        for k in range(b, min(hi, b + self.naming_window)):
            ui = ctx.open_unit.get(k)
            if ui is not None:
                start = ctx.doc.tok_start[b]
                att.contents.append([start, ctx.unit_span[ui][1], "rule:content-after"])
                return

    def _add_content(self, ctx: _Ctx, att: _Att, k: int, end: int, rule: str) -> None:
        """Content over tokens ``[k, end)``, trimmed of edge punctuation, extended to
        the end of any quotation that starts inside it."""
        while k < end and not ctx.is_word(k) and ctx.open_unit.get(k) is None:
            k += 1
        while end > k and not ctx.is_word(end - 1) and ctx.close_unit.get(end - 1) is None \
                and not (ctx.tok_unit[end - 1] >= 0 and ctx.norm[end - 1] not in _TERMINAL and ctx.norm[end - 1] != ","):
            end -= 1
        if end <= k:
            return
        cs, ce = ctx.char_span(k, end)
        for t in range(k, end):
            ui = ctx.open_unit.get(t)
            if ui is not None:
                ce = max(ce, ctx.unit_span[ui][1])
        att.contents.append([cs, ce, rule])

    # ------------------------------------------------------- typing and states
    def _state_in(self, ctx: _Ctx, lo: int, hi: int) -> tuple[str, str]:
        """First state named in tokens ``[lo, hi)``: (state, rule). Institutions with
        a state come first, then possessors/adjectives/names from the states lexicon."""
        for t in range(lo, hi):
            m = ctx.inst[t]
            if m is not None and m.entry.label not in _NO_STATE:
                return m.entry.label, m.entry.rule
        for t in range(lo, hi):
            m = ctx.states[t]
            if m is not None:
                return m.entry.label, m.entry.rule
        return "", ""

    def _classify(self, ctx: _Ctx, att: _Att) -> None:
        """Set source type, state, person/plural flags and a name key from the source phrase."""
        if att.src_tok is None:
            att.stype, att.state = "anonymous", ""
            return
        s, e = att.src_tok
        # The head part ends at an apposition or relative clause.
        h = s
        while h < e and ctx.norm[h] not in (",", "who", "which", "that", "(", "—"):
            h += 1
        words = [t for t in range(s, h) if ctx.is_word(t)]
        rel = h
        while rel < e and ctx.norm[rel] not in ("who", "which", "that"):
            rel += 1
        rules: list[str] = []
        if len(words) == 1 and ctx.norm[words[0]] in _PRONOUNS:
            w = ctx.norm[words[0]]
            if w in _FIRST_PERSON:
                att.stype, att.srule = "self", _join(att.srule, "rule:first-person")
            else:
                att.pronoun = w
                att.plural = w == "they"
                att.person = w in ("he", "she")
            return
        for t in range(s, h):
            m = ctx.term[t]
            if m is not None and m.entry.label == "self" and ctx.tok_unit[t] < 0 and m.start == s:
                att.stype = "self"
                att.srule = _join(att.srule, m.entry.rule)
                return
        # 1. a person of the event lexicon
        for t in range(s, e):
            m = ctx.people[t]
            if m is not None:
                att.stype, att.person = m.entry.category, m.entry.category != "organization"
                att.state = "" if m.entry.label in _NO_STATE else m.entry.label
                att.key = ctx.norm[m.end - 1]
                att.srule = _join(att.srule, m.entry.rule)
                return
        names = [t for t in range(s, h) if ctx.is_cap(t) and ctx.text[t][:1].isalpha() and not ctx.known(t)
                 and ctx.norm[t] not in _DETS and ctx.norm[t] not in _MODIFIERS
                 and not (ctx.term[t] is not None) and ctx.norm[t] not in _TITLE_ABBREV]
        if names and words and names[-1] != words[-1] and ctx.norm[words[-1]] not in ("-", "."):
            # "Iraqi and Kurdish authorities": capitalised modifiers of a role noun, not a name.
            if ctx.known(words[-1]):
                names = []
        head_roles = [ctx.inst[t] or ctx.term[t] for t in range(s, h)
                      if (ctx.inst[t] is not None) or (ctx.term[t] is not None and ctx.term[t].entry.label not in ("vague", "pronoun", "self"))]
        app_roles = [ctx.inst[t] or ctx.term[t] for t in range(h, rel)
                     if (ctx.inst[t] is not None) or (ctx.term[t] is not None and ctx.term[t].entry.label not in ("vague", "pronoun", "self"))]
        vague = any(ctx.term[t] is not None and ctx.term[t].entry.label == "vague" for t in range(s, h))
        state, srule = self._state_in(ctx, s, h)
        if not state:
            state, srule = self._state_in(ctx, h, rel)
        att.state = state
        if names:
            org = _org_kind(ctx, names)
            if org:
                att.stype, att.key = org, " ".join(ctx.norm[t] for t in names)
                rules.append("rule:organisation-name")
            else:
                att.person = True
                att.key = ctx.norm[names[-1]]
                role = _role_type(head_roles) or _role_type(app_roles)
                if role == "official" and any(ctx.norm[t] in ("former", "ex", "retired", "late") for t in range(s, rel)):
                    role = ""  # a former office holder speaks as a person
                    rules.append("rule:former-title")
                att.stype = role if role in ("official", "expert", "media") else "named_person"
                rules.append("rule:capitalised-name")
                if role:
                    rules.append(_role_rule(head_roles or app_roles))
        elif head_roles:
            m = head_roles[-1]
            typ = _match_type(m)
            plural = m.entry.attrs.get("number") == "plural" or (m.entry.category == "source" and m.entry.label == "person" and ctx.norm[m.end - 1].endswith("s"))
            att.plural = plural
            rules.append(m.entry.rule)
            if typ == "person" or vague or (plural and m.entry.category == "source"):
                att.stype = "anonymous"
                if vague:
                    rules.append("rule:vague")
            else:
                att.stype = typ
            att.key = " ".join(ctx.norm[t] for t in range(s, h))
        elif state:
            kinds = [ctx.states[t].entry.attrs.get("type") for t in range(s, h) if ctx.states[t] is not None]
            plural_demonym = kinds and kinds[-1] == "demonym" and ctx.norm[h - 1].endswith("s")
            att.stype = "anonymous" if plural_demonym or vague else "official"
            att.key = state
            rules.append("rule:state-as-source")
        else:
            att.stype = "anonymous"
            att.plural = ctx.norm[words[-1]].endswith("s") if words else False
            rules.append("rule:unnamed")
        if srule:
            rules.append(srule)
        att.srule = _join(att.srule, *rules)

    def _resolve_names(self, ctx: _Ctx, atts: list[_Att]) -> None:
        """Type every source; carry surnames and pronouns back to earlier speakers."""
        # Surnames of people named anywhere before (event lexicon), by token position.
        people_seen = [(m.start, ctx.norm[m.end - 1], m.entry) for m in ctx.people_matches]
        for i, att in enumerate(atts):
            self._classify(ctx, att)
            s0 = att.src_tok[0] if att.src_tok else att.cue_tok[0]
            if att.stype == "named_person" and att.src_tok and not any(ctx.people[t] for t in range(*att.src_tok)):
                # "Afzal said" after "Madiha Afzal, a fellow at Brookings, told Vox".
                names = [t for t in range(*att.src_tok) if ctx.is_cap(t)]
                if len(names) <= 2:
                    for prior in reversed(atts[:i]):
                        if prior.person and prior.key == att.key and prior.src_tok and not prior.pronoun \
                                and prior.src_tok[1] - prior.src_tok[0] > att.src_tok[1] - att.src_tok[0]:
                            att.stype, att.state = prior.stype, prior.state
                            att.srule = f"rule:same-name->{prior.link}"
                            break
                    else:
                        for start, key, entry in reversed(people_seen):
                            if start < s0 and key == att.key:
                                att.stype = entry.category
                                att.state = "" if entry.label in _NO_STATE else entry.label
                                att.srule = f"rule:same-name;{entry.rule}"
                                break
            if att.pronoun:
                self._resolve_pronoun(ctx, att, atts[:i])

    def _resolve_pronoun(self, ctx: _Ctx, att: _Att, earlier: list[_Att]) -> None:
        window_start = att.sent - self.pronoun_window
        cands = [p for p in earlier if p.sent >= window_start and not p.pronoun_unresolved()
                 and _compatible(att.pronoun, p)]
        chosen = None
        if cands:
            nearest = cands[-1]
            keys = {p.key for p in cands}
            if nearest.para == att.para or len(keys) == 1:
                chosen = nearest
        if chosen is not None:
            att.stype, att.state, att.key, att.person = chosen.stype, chosen.state, chosen.key, chosen.person
            att.srule = _join(att.srule, f"rule:pronoun-resolved->{chosen.link}")
        else:
            att.stype = "named_person" if att.pronoun in ("he", "she") else "anonymous"
            att.srule = _join(att.srule, "rule:pronoun-unresolved")

    # ------------------------------------------------------- quotes left over
    def _leftover_quotes(self, ctx: _Ctx, atts: list[_Att]):
        """Quotations no attribution holds: continuations, scare quotes, speakerless quotes."""
        doc = ctx.doc
        covered = sorted((c[0], c[1]) for a in atts for c in a.contents)
        cue_starts = sorted(doc.tok_start[a.cue_tok[0]] for a in atts)
        scare: list[tuple[int, int, int]] = []
        unattributed: list[tuple[int, int, int]] = []
        for ui, (qs, qe) in enumerate(ctx.unit_span):
            sent = ctx.sentence_at(qs)
            if sent is None or not sent.counted:
                continue
            if any(cs <= qs < ce or qs <= cs < qe for cs, ce in covered):
                continue
            unit = ctx.units[ui]
            words = sum(count_words(q.text) for q in unit)
            if words == 0:
                continue
            if words > self.scare_max:
                prior = None
                for a in reversed(atts):
                    if a.contents and max(c[1] for c in a.contents) <= qs:
                        prior = a
                        break
                if prior is not None:
                    last_end = max([c[1] for c in prior.contents] + [doc.tok_end[prior.cue_tok[1] - 1]]
                                   + ([doc.tok_end[prior.src_tok[1] - 1]] if prior.src_tok else []))
                    last_sent = ctx.sentence_at(last_end - 1)
                    between = [c for c in cue_starts if last_end <= c < qs]
                    if last_sent is not None and not between and prior.src_tok is not None \
                            and sent.sent_id - last_sent.sent_id <= self.continue_window \
                            and sent.paragraph - last_sent.paragraph <= 1:
                        prior.contents.append([qs, qe, "rule:quote-continues"])
                        continue
                unattributed.append((qs, qe, sent.sent_id))
            else:
                scare.append((qs, qe, sent.sent_id))
        return scare, unattributed

    # ------------------------------------------------------------------ output
    def _output(self, ctx: _Ctx, atts: list[_Att], scare, unattributed) -> MeasureOutput:
        doc = ctx.doc
        spans: list[Span] = []

        def make_span(doc, start, end, *args, **kw):
            sent = ctx.sentence_at(start)
            return _make_span(doc, start, end, *args, sent_id=sent.sent_id if sent else -1, **kw)

        quote_spans = [(q.start, q.end) for unit in ctx.units for q in unit]
        content_types: list[str] = []
        for a in atts:
            tgt = a.state
            if a.src_tok:
                cs, ce = ctx.char_span(*a.src_tok)
                spans.append(make_span(doc, cs, ce, MEASURE_NAME, "source", a.stype, target=tgt,
                                       voice=AUTHOR, rule=a.srule, link=a.link))
            cs, ce = ctx.char_span(*a.cue_tok)
            spans.append(make_span(doc, cs, ce, MEASURE_NAME, "cue", a.label, target=tgt, voice=AUTHOR,
                                   rule=a.cue_rule, link=a.link))
            labels = []
            for c0, c1, rule in sorted(a.contents):
                lab = _content_label(doc.text, c0, c1, quote_spans)
                labels.append(lab)
                spans.append(make_span(doc, c0, c1, MEASURE_NAME, "content", lab, target=tgt,
                                       voice=ATTRIBUTED, rule=rule, link=a.link))
            content_types.append(labels[0] if len(set(labels)) == 1 else "mixed")
        n = len(atts)
        for qs, qe, sid in scare:
            n += 1
            spans.append(make_span(doc, qs, qe, MEASURE_NAME, "content", "scare", voice=AUTHOR,
                                   rule="rule:scare-quote", link=f"a{n}"))
        for qs, qe, sid in unattributed:
            n += 1
            spans.append(make_span(doc, qs, qe, MEASURE_NAME, "content", "direct", voice=ATTRIBUTED,
                                   rule="rule:quote-no-speaker", link=f"a{n}"))
        spans.sort(key=lambda s: (s.start, s.end))
        # sentence flags
        n_sent = len(doc.sentences)
        has_att = [False] * n_sent
        has_direct = [False] * n_sent
        starts = [s.start for s in doc.sentences]
        for sp in spans:
            if sp.label == "scare":
                continue
            for sid in _sentences_over(starts, doc, sp.start, sp.end):
                if sp.rule != "rule:quote-no-speaker":
                    has_att[sid] = True
                if sp.category == "content" and sp.label in ("direct", "mixed"):
                    has_direct[sid] = True
        # quoted words (counted sentences only)
        quoted_words = 0
        for ui, (qs, qe) in enumerate(ctx.unit_span):
            sent = ctx.sentence_at(qs)
            if sent is not None and sent.counted:
                quoted_words += sum(count_words(q.text) for q in ctx.units[ui])
        attributed_words = _words_in(doc.text, [(s.start, s.end) for s in spans
                                                if s.category == "content" and s.voice == ATTRIBUTED])
        unbalanced = sum(1 for q in ctx.quotes if not q.balanced)
        metrics = _metrics(atts, content_types, scare, doc.n_words, quoted_words, attributed_words,
                           unbalanced, n_unattributed=len(unattributed))
        # targets: speakers by state
        by_state: dict[str, list[_Att]] = {}
        for a, ct in zip(atts, content_types):
            if a.state:
                by_state.setdefault(a.state, []).append(a)
        known = sum(len(v) for v in by_state.values())
        targets = []
        for state in sorted(by_state):
            group = by_state[state]
            cts = [ct for a, ct in zip(atts, content_types) if a.state == state]
            targets.append({"target": state,
                            "attribution_attributions": len(group),
                            "attribution_speaker_share": share(len(group), known),
                            "attribution_direct_quotes": sum(1 for c in cts if c in ("direct", "mixed")),
                            "attribution_evaluative_cues": sum(1 for a in group if a.label == "evaluative")})
        return MeasureOutput(spans=spans, metrics=metrics,
                             sentence_flags={"attribution_has_attribution": has_att,
                                             "attribution_has_direct_quote": has_direct},
                             targets=targets)


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _find(matcher, doc: PreparedDocument, ranges: list[tuple[int, int]]) -> list[Match]:
    out: list[Match] = []
    for a, b in ranges:
        out.extend(matcher.find(doc.tok_norm, doc.tok_text, a, b))
    return out


def _compatible(pronoun: str, p: _Att) -> bool:
    if p.stype == "self":
        return False
    if pronoun in ("he", "she"):
        return p.person
    if pronoun == "it":
        return not p.person and not p.plural and p.stype in ("official", "media", "expert", "organization")
    return p.plural or (not p.person and p.stype != "named_person")  # they


def _join(*parts: str) -> str:
    """Rule names joined with ';', empty and repeated parts dropped."""
    out: list[str] = []
    for p in parts:
        for q in p.split(";"):
            if q and q not in out:
                out.append(q)
    return ";".join(out)


def _match_type(m: Match) -> str:
    cat, lab = m.entry.category, m.entry.label
    if cat == "source":
        return lab  # official / expert / media / person
    return cat  # institutions: official / expert / media / organization


def _role_type(roles: list[Match]) -> str:
    for m in reversed(roles):
        t = _match_type(m)
        if t in ("official", "expert", "media"):
            return t
    return ""


def _role_rule(roles: list[Match]) -> str:
    for m in reversed(roles):
        if _match_type(m) in ("official", "expert", "media"):
            return m.entry.rule
    return ""


def _org_kind(ctx: _Ctx, names: list[int]) -> str:
    """"Khorasan Research Institute" -> expert; "BLA" -> organization; a person -> ''."""
    for kind, words in _ORG_WORDS.items():
        if any(ctx.norm[t] in words for t in names):
            return kind
    if len(names) == 1 and ctx.text[names[0]].isupper() and len(ctx.text[names[0]]) >= 2:
        return "organization"  # an acronym not in the lexicons
    return ""


def _content_label(text: str, c0: int, c1: int, quotes: list[tuple[int, int]]) -> str:
    inside = [(qs, qe) for qs, qe in quotes if c0 <= qs and qe <= c1]
    if not inside:
        return "indirect"
    outside = text[c0:c1]
    for qs, qe in sorted(inside, reverse=True):
        outside = outside[: qs - c0] + outside[qe - c0:]
    return "direct" if count_words(outside) == 0 else "mixed"


def _sentences_over(starts: list[int], doc: PreparedDocument, start: int, end: int) -> range:
    from bisect import bisect_right

    i = max(0, bisect_right(starts, start) - 1)
    j = max(i, bisect_right(starts, max(start, end - 1)) - 1)
    return range(i, j + 1)


def _words_in(text: str, regions: list[tuple[int, int]]) -> int:
    merged: list[list[int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return sum(count_words(text[s:e]) for s, e in merged)


def _metrics(atts: list[_Att], content_types: list[str], scare, n_words: int, quoted_words: int,
             attributed_words: int, unbalanced: int, n_unattributed: int = 0) -> dict[str, float]:
    """Document metrics; NaN for rates and shares of a document without words."""
    n = len(atts)
    p = "attribution_"
    m: dict[str, float] = {f"{p}attributions": float(n), f"{p}per_1k": per_thousand(n, n_words)}
    for lab in CONTENT_LABELS:
        m[f"{p}{lab}_share"] = share(sum(1 for c in content_types if c == lab), n)
    n_scare = len(scare)
    m[f"{p}scare_quotes"] = float(n_scare)
    m[f"{p}scare_quotes_per_1k"] = per_thousand(n_scare, n_words)
    n_quoting = sum(1 for c in content_types if c in ("direct", "mixed")) + n_unattributed
    m[f"{p}scare_share"] = share(n_scare, n_scare + n_quoting)
    m[f"{p}unattributed_quotes"] = float(n_unattributed)
    for t in SOURCE_TYPES:
        m[f"{p}source_{t}_share"] = share(sum(1 for a in atts if a.stype == t), n)
    m[f"{p}evaluative_cue_share"] = share(sum(1 for a in atts if a.label == "evaluative"), n)
    m[f"{p}quoted_word_share"] = share(quoted_words, n_words)
    m[f"{p}attributed_word_share"] = share(attributed_words, n_words)
    m[f"{p}known_state_share"] = share(sum(1 for a in atts if a.state), n)
    m[f"{p}distinct_sources"] = float(len({(a.stype, a.key) for a in atts if a.key})) if n_words else NAN
    pron = [a for a in atts if a.pronoun]
    m[f"{p}unresolved_pronoun_share"] = share(sum(1 for a in pron if "pronoun-unresolved" in a.srule), len(pron))
    m[f"{p}unbalanced_quote_marks"] = float(unbalanced)
    return m


MEASURE = AttributionMeasure

__all__ = ["AttributionMeasure", "MEASURE", "SOURCE_TYPES", "CONTENT_LABELS"]
