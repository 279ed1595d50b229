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
    campaign, armed group, international body; any entry of the ``actors``
    lexicon), ``anonymous`` (unnamed or vague: "some reports", "officials",
    "analysts say", "observers", "farmers in the lower valley", "a senior
    official", an agentless passive "it was reported"), ``self`` (the text's
    authors: "we", "this analysis").
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
("Pakistan's foreign office", "the Iranian foreign minister", "farmers in
Belmark's lower valley"), a state named as the source ("India stated"), or an
institution in an apposition ("X, a fellow at SWP Berlin"). Non-state groups
(the ``actors`` lexicon, institutions labelled ``none``) have no state, and a
state inside their name ("Tehrik-e-Taliban Pakistan") is not theirs; to give a
group a state, list it in the people lexicon under ``organization`` with the
state as label. ``voice`` is ``attributed`` on content spans (not scare) and
``author`` elsewhere. ``rule`` names the lexicon entry or the context rule.

Lexicon roles: ``attribution`` (cues and source words), ``institutions``,
``people`` (the event's speakers: replace it with your own, ``lexicons={"people":
"my-people.yaml"}``), ``states`` and ``actors`` (the event's non-state groups, as
used by :class:`framing.mentions.MentionFinder`).

How sources are found (all rules work on word tokens, no parser)
----------------------------------------------------------------
* ``X said ...`` and ``..., X said``: the noun phrase left of the cue, with
  an apposition ("Madiha Afzal, a fellow at Brookings, told Vox"); content
  after the cue when a clause, "that" or a quotation follows, else the clause
  before the source ("Iran could retaliate, Mir wrote").
* The noun phrase is a head (titles, names, role or group words: "Dr. Mira
  Sand", "Farmers", "The environmental group Save the Kessel") with up to two
  prepositional phrases that say where the speaker works or lives ("of the
  Institute for River Studies", "in Belmark's lower Kessel valley", "a
  spokesman for the ministry", "villagers near the border"); lower-case "the",
  "for", "of" inside a capitalised name stay in it ("Save the Children",
  "Council on Foreign Relations"). The head decides the type; the phrase and an
  apposition give a named person's type (a person of an institute is an
  expert) and the state. A relative clause right after the head ("Save the
  Kessel, which has campaigned against the dam, said") describes the speaker
  in the author's words and is left out of the source
  (``rule:relative-clause-left-out``). A source never runs over the cue of
  another attribution ("Trump said Clinton claimed": two sources).
* ``"...," said X``: the noun phrase right of the cue (``rule:inverted``).
* ``according to X`` / ``as per X`` / ``citing X``: the phrase after the cue;
  content is the rest of the sentence or the clause before the cue.
* ``..., claiming ...`` / ``with X noting ...``: participles take the subject of
  the sentence (``rule:participle-subject``) or the "with" phrase.
* ``X said A and warned B``: a cue after "and"/"but" shares the source of the
  report before it (``rule:coordinated``); after a parenthetical report in
  another tense ("A has held, the statement added, and expects ...") it takes
  the subject of the reported clause (``rule:coordinated-with-content``).
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
* Several attributions in one sentence: a content stops before the source and
  cue of a separate report ("Varga said [the deal was a first step], but
  warned that ..."; ``rule:stops-at->a2``). Reports in clauses joined by
  "while", "whereas", "but", "yet" or "and" are separate, each with its own
  speaker: "Varga said [farms had suffered], while Reyl said [the flow was
  normal]" (also "[A], Varga said, while Reyl insisted [B]"), since the first
  speaker does not report the second. A nested one ("Trump said [Clinton
  claimed X]", "X said [A and that Y claimed B]": a report inside the reported
  clause, not coordinated with it) stays whole inside the outer content, as
  PolNeAR annotates it, except under a prepositional cue: "Iran claims [to have killed nine
  members], according to the foreign minister" attributes the report to the
  minister, and "Iran claims" stays the author's wording (author's voice) with
  the content of both attributions the same (``rule:frame-left-out->a1``).
  See ``AttributionMeasure._nest``.
* ``self``: first-person "we"/"I" outside quotation marks and "this
  analysis/article/report", "the author(s)" -- the outlet speaking of itself.
  An outlet naming itself in the third person ("ORF research") is typed by the
  institutions lexicon, since a document does not know its own outlet.

How a source is typed, first rule that applies: a person or group of the
people lexicon (in the head, or in an apposition that names the speaker: "the
water minister, Ilse Varga"); an actor of the actors lexicon heading the phrase
(``organization``); a capitalised name: an organisation when it holds an
organisation word ("Institute", "Party", "Times"), a lower-case "the" ("Save the
Children", ``rule:name-with-article``) or follows an organisation noun ("the
environmental group X"), else a person typed by a role word in the head or an
institution in the phrase or apposition (``official``, ``expert``, ``media``),
else ``named_person``; a role or group word (a plural, an indefinite or a
generic group is ``anonymous``); a phrase known only by its affiliation ("the
head of the army", ``rule:affiliation``); a state as the speaker; else
``anonymous`` (``rule:unnamed``).

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
>>> from framing.text import prepare
>>> m = AttributionMeasure(AttributionMeasure.default_lexicons())
>>> out = m.analyze(prepare("d", 'Pakistan’s foreign office called it “illegal”.'), {})
>>> [(s.category, s.label, s.text, s.target) for s in out.spans]  # doctest: +NORMALIZE_WHITESPACE
[('source', 'official', 'Pakistan’s foreign office', 'Pakistan'),
 ('cue', 'neutral', 'called', 'Pakistan'),
 ('content', 'mixed', 'it “illegal”', 'Pakistan')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Mapping, Sequence

from ..lexicons import Entry, Lexicon, Match, Matcher
from ..quotes import find_quotes, outer_quotes
from ..text import PreparedDocument
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
_CLAUSE = frozenset("""and but or nor that which who whom whose when where while whilst whereas as because since
    although though if unless whether than so yet for of in on at to from by with without
    about into onto over under after before during against between among through across
    despite amid via per like upon within beyond toward towards around until""".split())
# Capitalised words that start sentences or clauses but never names.
_CAP_STOP = frozenset("""and but or so yet however meanwhile still also then thus now here there whereas whilst
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

# Prepositions that attach an affiliation or a place to a speaker: "Dr. Mira Sand of
# the Institute for River Studies", "farmers in the lower valley", "a spokesman for
# the ministry", "officials at the embassy", "analysts from the bank", "villagers
# near the border".
_PP_PREPS = frozenset("of at from for in with near".split())
# Lower-case words that join the words of an organisation's name after one of the
# _ORG_WORDS ("Institute for River Studies", "Council on Foreign Relations", "Committee
# to Protect Journalists"); "of" and "and" join capitalised words anywhere ("Bank of
# England", "Johns Hopkins and Brookings").
_NAME_LINKS = frozenset("for on to".split())
# Words that join two clauses as equals: a report after one is not inside the report
# before it ("Varga said A, while Reyl said B"; see AttributionMeasure._nest).
_COORDINATORS = frozenset("while whilst whereas but yet and".split())
# Prepositions that open an adverbial at the start of a clause ("in the end", "after
# the meeting", "by then"); their object is not the speaker (AttributionMeasure._adverbial).
# "with" is left out: "with X noting" names a speaker (rule:with-participle).
_ADVERBIAL_PREPS = frozenset("""in on at after before during since until by following amid despite
    under over for without through throughout within upon across""".split())
# Nouns of time that make a noun phrase an adverbial: "this month", "the next day".
# Those that also join clauses ("after Reyl said ...").
_CONJ_PREPS = frozenset("after before since until".split())
_TIME_NOUNS = frozenset("""day days morning afternoon evening night week weekend month year spring
    summer autumn fall winter time""".split())
_TIME_DETS = frozenset("this that last next the following previous same coming past".split())
# Adjectives that take a prepositional phrase after a speaker noun: "a person familiar with
# the data", "an official close to the talks".
_ADJ_PREP = {"familiar": "with", "close": "to"}
# Nouns for a set of people or things: in "a group of farmers" the farmers speak.
_COLLECTIVE = frozenset("""group groups number numbers handful couple majority minority team panel
    delegation coalition series lot host dozens hundreds thousands millions crowd band body
    chorus string wave flurry range variety""".split())
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


class _Lookup:
    """Several lexicons' patterns found in one pass over a document's tokens.

    ``find`` gives, for each named lexicon, the matches
    :class:`framing.lexicons.Matcher` would give for it alone: longest first
    at the leftmost position, no overlaps within one lexicon (lexicons may
    overlap each other: "Pakistan" in "Pakistan's foreign office" is a state,
    "foreign office" an institution). One pass instead of one per lexicon,
    and plain case-sensitive patterns ("The Hindu", "WHO", "Raisi") are
    matched on their lower-case form and then checked against the tokens as
    written, instead of being tested token by token at every "the" or "who".

    >>> from framing.lexicons import load_lexicon
    >>> from framing.text import prepare
    >>> doc = prepare("d", "The Hindu said the hindu festival began.")
    >>> found = _Lookup({"inst": load_lexicon("institutions").entries}).find(doc, [(0, 9)])
    >>> [doc.tok_text[m.start] for m in found["inst"]]
    ['The']
    """

    def __init__(self, lexicons: Mapping[str, Sequence[Entry]]):
        self.names = tuple(lexicons)
        self._of: dict[int, tuple[int, Entry, tuple[str, ...] | None]] = {}  # id(item) -> (lexicon, entry, written)
        items = []
        for k, name in enumerate(self.names):
            for e in lexicons[name]:
                if not e.tokens:
                    continue
                item, written = e, None
                if e.case_sensitive and not any(t.endswith("*") for t in e.tokens):
                    item = replace(e, case_sensitive=False, tokens=tuple(t.lower() for t in e.tokens))
                    written = e.tokens
                self._of[id(item)] = (k, e, written)
                items.append(item)
        self._items = items  # keeps the copies alive: _of is keyed by their id
        self._matcher = Matcher(items)

    def find(self, doc: PreparedDocument, ranges: Sequence[tuple[int, int]]) -> dict[str, list[Match]]:
        norms, texts = doc.tok_norm, doc.tok_text
        of = self._of
        out: list[list[Match]] = [[] for _ in self.names]
        for a, b in ranges:
            last = [a] * len(self.names)
            # With `overlapping` every entry matching anywhere comes back, ordered by
            # position, then length, then file order: keeping, per lexicon, each match
            # that starts after the last one kept is what the matcher does for one lexicon.
            for m in self._matcher.find(norms, texts, a, b, overlapping=True):
                k, e, written = of[id(m.entry)]
                if m.start < last[k]:
                    continue
                if written is not None and tuple(t.translate(_STRAIGHT) for t in texts[m.start:m.end]) != written:
                    continue
                out[k].append(Match(m.start, m.end, e) if written is not None else m)
                last[k] = m.end
        return dict(zip(self.names, out))


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

    def __init__(self, doc: PreparedDocument, measure: "AttributionMeasure", cue_sents: Sequence[int],
                 people: list[Match]):
        self.doc = doc
        self.norm = doc.tok_norm
        self.text = doc.tok_text
        self.n = len(doc.tok_norm)
        n = self.n
        self.sent_starts = [s.start for s in doc.sentences]
        # Source words are only read near a cue: match those lexicons in the sentences
        # holding one (every rule stays inside the cue's sentence). People are matched
        # everywhere (with the cues, in `analyze`), so that "Munir said" can find
        # "Gen. Asim Munir" earlier.
        # cover[i] = the match holding token i.
        ranges = _merge_ranges([(doc.sentences[i].tok_start, doc.sentences[i].tok_end)
                                for i in cue_sents], gap=8)
        found = measure._sources.find(doc, ranges)
        self.term = self._cover(found["terms"])
        self.inst = self._cover(found["institutions"])
        self.states = self._cover(found["states"])
        self.actors = self._cover(found["actors"])
        self.people_matches = people
        self.people = self._cover(self.people_matches)
        self.cue = [False] * n  # tokens of the cues of attributions found so far
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
            or self.inst[i] is not None or self.people[i] is not None or self.states[i] is not None \
            or self.actors[i] is not None

    def named(self, i: int) -> bool:
        """Part of a name a lexicon knows (a person, institution, actor or state), not a role word."""
        return self.people[i] is not None or self.inst[i] is not None or self.actors[i] is not None \
            or self.states[i] is not None

    def is_adverb(self, i: int) -> bool:
        w = self.norm[i]
        return w in _ADVERBS or (w.endswith("ly") and len(w) > 4 and self.text[i].islower())

    def unknown_word(self, i: int) -> bool:
        """A lower-case word that is not grammar: a possible noun."""
        w = self.norm[i]
        return (self.text[i][:1].islower() and self.text[i].isalpha() and w not in _CLAUSE
                and w not in _AUX and w not in _DETS and not self.is_adverb(i) and w not in _PRONOUNS)

    def words(self, start: int, end: int) -> int:
        """Words in characters ``[start, end)`` counted on the document's tokens, as
        :func:`framing.tokens.count_words` counts them (a hyphen between two word
        tokens joins them), without tokenizing the stretch again."""
        doc, norm = self.doc, self.norm
        lo = bisect_right(doc.tok_end, start)
        hi = bisect_right(doc.tok_start, end - 1)
        n = 0
        for i in range(lo, hi):
            t = norm[i]
            if t[0].isalnum():
                n += 1
            elif t == "-" and lo < i < hi - 1 and norm[i - 1][0].isalnum() and norm[i + 1][0].isalnum() \
                    and doc.tok_end[i - 1] == doc.tok_start[i] and doc.tok_end[i] == doc.tok_start[i + 1]:
                n -= 1
        return n

    def char_span(self, lo: int, hi: int) -> tuple[int, int]:
        return self.doc.tok_start[lo], self.doc.tok_end[hi - 1]

    def sentence_at(self, offset: int):
        """The sentence holding character `offset` (None between sentences)."""
        i = bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and offset < self.doc.sentences[i].end:
            return self.doc.sentences[i]
        return None



_NO_CONTENT = 1 << 62  # an attribution without content is never a "prior" one


class _RightmostAtMost:
    """Values by position; the last position whose value is <= a bound, in O(log n).

    A minimum segment tree: finding the last attribution whose content ends
    before a quote stays logarithmic in long documents with thousands of
    attributions (a backwards scan made them quadratic).
    """

    def __init__(self, values: list[int]):
        self.n = size = max(1, len(values))
        self.size = 1 << (size - 1).bit_length()
        self.tree = [_NO_CONTENT] * (2 * self.size)
        self.tree[self.size:self.size + len(values)] = values
        for i in range(self.size - 1, 0, -1):
            self.tree[i] = min(self.tree[2 * i], self.tree[2 * i + 1])

    def update(self, i: int, value: int) -> None:
        i += self.size
        self.tree[i] = value
        while i > 1:
            i //= 2
            self.tree[i] = min(self.tree[2 * i], self.tree[2 * i + 1])

    def rightmost_at_most(self, bound: int) -> int:
        """The largest index whose value is <= bound, or -1."""
        if self.tree[1] > bound:
            return -1
        i = 1
        while i < self.size:
            i = 2 * i + 1 if self.tree[2 * i + 1] <= bound else 2 * i
        return i - self.size


class AttributionMeasure(Measure):
    """Direct, indirect and scare quotes; sources, their types and states; reporting verbs."""

    name = MEASURE_NAME
    lexicon_names = ("attribution", "institutions", "people", "states", "actors")
    requires = ()

    def __init__(self, lexicons: Mapping[str, Lexicon]):
        super().__init__(lexicons)
        att = self.lexicons["attribution"]
        states = self.lexicons["states"]
        # Source words are matched in one pass; people everywhere (see _Ctx).
        self._sources = _Lookup({"terms": att.select("source"),
                                 "institutions": self.lexicons["institutions"].entries,
                                 "states": states.select("state") if "state" in states.categories else states.entries,
                                 "actors": self.lexicons["actors"].entries})
        self._everywhere = _Lookup({"cues": att.select("cue"), "people": self.lexicons["people"].entries})
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
        found = self._everywhere.find(doc, [(0, len(doc.tok_norm))])
        cues = [m for m in found["cues"]
                if doc.tok_sent[m.start] >= 0 and doc.sentences[doc.tok_sent[m.start]].counted]
        ctx = _Ctx(doc, self, sorted({doc.tok_sent[m.start] for m in cues}), found["people"])
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
                ctx.cue[t] = True
            if a.src_tok:
                for t in range(*a.src_tok):
                    taken[t] = True
            atts.append(a)
        # A cue inside a source already found (a relative clause) is not its own attribution.
        # (Token -> attributions whose source covers it: linear, not pairwise.)
        in_source: dict[int, list[_Att]] = {}
        for b in atts:
            if b.src_tok:
                for t in range(*b.src_tok):
                    in_source.setdefault(t, []).append(b)
        atts = [a for a in atts if not any(b is not a for b in in_source.get(a.cue_tok[0], ()))]
        atts.sort(key=lambda a: a.cue_tok[0])
        for i, a in enumerate(atts, 1):
            a.link = f"a{i}"
        self._nest(ctx, atts)
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
        """Start token of the noun phrase ending at token `j`, or None.

        The phrase may carry prepositional phrases that say where the speaker
        is from or works ("Dr. Mira Sand of the Institute for River Studies",
        "farmers in the lower valley", "a spokesman for the ministry"): at most
        two, each attached to a head that can speak (a name, a known role or
        group word, or a noun after a determiner)."""
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
        i = self._chunk_left(ctx, j, lo)
        for _ in range(2):
            p = i - 1  # a preposition before the chunk: "of", "in", "at" ...
            if p - 2 >= lo and _ADJ_PREP.get(ctx.norm[p - 1]) == ctx.norm[p] and not ctx.cue[p - 2] \
                    and ctx.is_word(p - 2) and ctx.norm[p - 2] not in _CLAUSE:
                i = self._chunk_left(ctx, p - 2, lo)  # "a person familiar with the data"
                continue
            if p - 1 < lo or ctx.norm[p] not in _PP_PREPS or ctx.cue[p - 1] or not self._can_head(ctx, p - 1, lo):
                break
            named_object = any(ctx.is_cap(t) or ctx.named(t) for t in range(i, j + 1))
            if not named_object and not ctx.known(p - 1):
                break  # "Trump in private said": only a role or group word takes a common-noun place
            i = self._chunk_left(ctx, p - 1, lo)
        return self._adverbial(ctx, i, j, lo)

    def _adverbial(self, ctx: _Ctx, i: int, j: int, lo: int) -> int:
        """Start of the subject inside the phrase ``[i, j]`` once an adverbial before it is left out.

        A speaker phrase is the verb's subject. Words before it that the scan
        took in may instead belong to an adverbial that opens the clause:

        - a time phrase at its start ("this month officials", "the next day
          officials");
        - the object of a clause-opening preposition ("but in | the end Reyl",
          "After | the meeting Varga", "In | Ostra officials"). The object ends
          where a second noun phrase starts: a name after a common noun, a
          year or a state's name ("end | Reyl", "2016 | Reyl", "in Saudi Arabia
          | Reyl said"), or a role or group word after a noun or name that no
          lexicon knows ("briefing | spokesman", "Ostra | officials"). Other
          names side by side are not split ("President Varga", "River Times
          editor Jon Reyl").

        "after", "before", "since" and "until" also open clauses ("after Reyl
        said", "after River Times editor Jon Reyl noted"): after them
        only a phrase starting with a determiner or a year is taken for an
        object. Without parts of speech an adjective still passes for a noun
        ("after a desperate Varga asked": "Varga").

        A preposition after a noun ("Reports by state media", "the government
        in Ostra") is a post-modifier, not an opener, and is left alone; so is a
        phrase with no second noun phrase ("After Reyl said ...": there "after"
        joins a clause)."""
        # A time phrase at the start ("this month", "the next day"), unless it is a
        # possessor ("last year's winner").
        k = i
        while k < j and ctx.norm[k] in _TIME_DETS:
            k += 1
        timed = ctx.norm[k] in _TIME_WORDS or (k > i and ctx.norm[k] in _TIME_NOUNS and ctx.text[k].islower())
        if k < j and timed and ctx.norm[k + 1] not in _POSS:
            return k + 1
        p = i - 1
        if p < lo or ctx.norm[p] not in _ADVERBIAL_PREPS:
            return i
        opener = p == lo or ctx.norm[p - 1] in (",", ";", ":", "—", "(") or ctx.norm[p - 1] in _COORDINATORS \
            or ctx.norm[p - 1] in ("so", "then") or ctx.is_adverb(p - 1) or ctx.text[p - 1] in _OPEN_MARKS
        if not opener:
            return i
        if ctx.norm[p] in _CONJ_PREPS and ctx.norm[i] not in _DETS and not _year(ctx.norm[i]):
            return i  # "after River Times editor Jon Reyl noted": a clause, not an object
        for t in range(i + 1, j + 1):
            before, n = t - 1, ctx.norm[t]
            noun_before = ctx.is_word(before) and ctx.norm[before] not in _CLAUSE and ctx.norm[before] not in _DETS \
                and ctx.norm[before] not in _MODIFIERS and ctx.norm[before] not in _POSS
            if not noun_before:
                continue
            # Any other number counts what follows it: "over 200 citizens of X said".
            year = _year(ctx.norm[before])
            if ctx.norm[before][:1].isdigit() and not year:
                continue
            if ctx.is_cap(t) and ctx.text[t][:1].isalpha():
                place = ctx.states[before] is not None and ctx.states[before] is not ctx.states[t]
                if ctx.unknown_word(before) or year or place:
                    return t  # "the end | Reyl", "2016 | Reyl", "Saudi Arabia | Reyl"
            elif ctx.known(t) and n not in _MODIFIERS and not ctx.known(before):
                return t  # "the capital | officials", "Ostra | officials", "briefing | spokesman"
        return i

    def _can_head(self, ctx: _Ctx, k: int, lo: int) -> bool:
        """Can token `k` end the head of a speaker phrase that a prepositional phrase follows?"""
        if not ctx.is_word(k) or (ctx.tok_unit[k] >= 0 and k + 1 < ctx.n and ctx.close_unit.get(k + 1) is not None):
            return False  # not a word, or the last word of a quotation
        if ctx.known(k) or (ctx.is_cap(k) and ctx.text[k][:1].isalpha()):
            return True
        # "the head of the agency", "a member of parliament": a noun after a determiner.
        return ctx.unknown_word(k) and k - 1 >= lo and (ctx.norm[k - 1] in _DETS or ctx.norm[k - 1] in _POSS
                                                       or ctx.norm[k - 1] in _MODIFIERS)

    def _chunk_left(self, ctx: _Ctx, j: int, lo: int) -> int:
        """Start token of the name or noun group ending at token `j` (no prepositional phrase)."""
        i = j
        unknown = 0
        while i - 1 >= lo:
            t = i - 1
            n, tx = ctx.norm[t], ctx.text[t]
            if ctx.cue[t]:
                break  # "Trump said Clinton claimed": the cue of another attribution
            if n in _POSS:
                pass
            elif ctx.known(t) or (ctx.term[t] is not None and ctx.term[t].entry.label == "vague"):
                pass
            elif n == "of" and t - 1 >= lo and ctx.norm[t - 1] in _QUANT:
                pass  # "most of them", "some of the officials"
            elif n == "the" and t - 1 >= lo and ctx.is_cap(t - 1) and ctx.is_cap(i) and ctx.text[t - 1][:1].isalpha() \
                    and not ctx.is_adverb(t - 1) and not ctx.named(t - 1):
                pass  # inside a name: "Save the Children"
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
            elif n in _NAME_LINKS and t - 1 >= lo and ctx.is_cap(t - 1) and ctx.is_cap(i) and _org_word(ctx.norm[t - 1]):
                pass  # "Institute for River Studies", "Council on Foreign Relations"
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
            elif n in _NAME_LINKS and i > b and i + 1 < hi and ctx.is_cap(i - 1) and _org_word(ctx.norm[i - 1]) \
                    and ctx.is_cap(i + 1):
                pass  # "Institute for River Studies"
            elif n in _PP_PREPS and head and i + 1 < hi and (ctx.is_cap(i + 1) or ctx.named(i + 1) or (
                    ctx.norm[i + 1] == "the" and i + 2 < hi and (ctx.is_cap(i + 2) or ctx.named(i + 2)))):
                pass  # "said Mira Sand from the Kessel River Commission"
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
        head_comma = j
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
                    head_comma = k
            # Ages, places and "of X" segments may follow the name: look one segment further.
            if not (ctx.norm[first][:1].isdigit() or ctx.norm[first] in ("of", "in", "from") or (short_cap and seg == 0)):
                break
            end = k
        if found and ctx.norm[head_comma + 1] in ("who", "which", "whose"):
            # "Save the Kessel, which has campaigned against the dam, said": the relative
            # clause tells the reader about the speaker in the author's words; the source
            # is the noun phrase it follows.
            return (found[0], head_comma), "rule:relative-clause-left-out"
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
        """"X said A and warned B": the second cue shares the first's source.

        After a parenthetical report ("A, X said, and V ..."), V may continue
        either the reporting clause ("Farms had lost water, Varga said, and
        warned ...": Varga) or the reported one ("Arvonia has respected the
        treaty, the statement added, and expects ...": Arvonia). Coordinated
        verbs share their tense, so a verb in another tense than the
        parenthetical cue ("added" / "expects") takes the subject of the
        sentence (``rule:coordinated-with-content``)."""
        for prior in reversed(atts):
            if prior.sent == att.sent and prior.src_tok and prior.cue_tok[0] < j:
                parenthetical = bool(prior.contents) and all(c[1] <= ctx.doc.tok_start[min(prior.src_tok[0], prior.cue_tok[0])]
                                                             for c in prior.contents)
                t1, t2 = _tense(ctx.norm[prior.cue_tok[0]]), _tense(ctx.norm[att.cue_tok[0]])
                if parenthetical and t1 and t2 and t1 != t2:
                    subj = self._subject(ctx, lo, min(prior.src_tok[0], prior.cue_tok[0]))
                    if subj is not None and ctx.tok_unit[subj[0]] < 0:  # not a word of a quotation
                        return subj, "rule:coordinated-with-content"
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

    # ------------------------------------------------------ nested attributions
    def _nest(self, ctx: _Ctx, atts: list[_Att]) -> None:
        """Settle how the attributions of one sentence hold one another.

        Each content was found from its own cue, up to the end of the clause, so
        it may run over the cue of another attribution B of the sentence (outside
        quotation marks). Then:

        * B is *nested* when its source (if any) and its cue lie inside the
          content, its content follows its cue and its clause is not
          coordinated with the content ("Trump said [Clinton claimed the emails
          were deleted]"): the content keeps B whole, as PolNeAR
          annotates nested attributions: the outer speaker reported B's words
          and verb. But an outer prepositional cue ("[Iran claims to have killed
          nine members], according to the foreign minister"; "According to
          Reuters, [officials said the border was closed]") cites where a report
          comes from and does not speak: its content leaves B's source and cue
          out, so that the verb the author chose ("claims") stays in the
          author's voice (``rule:frame-left-out->aN``).
        * B is *coordinated* when a "while", "whereas", "but", "yet" or "and"
          (outside quotation marks, after some words of the content) opens B's
          clause: "Varga said [farms had suffered], while Reyl said ...". The
          two clauses stand side by side, so Varga does not report Reyl; a
          subordinator keeps B inside ("X said [that Y had claimed B]").
        * Otherwise (coordinated, or not wholly inside) B is a separate report
          and the content stops before it: before its source, its cue or its own content, whichever comes first
          ("Varga said [the deal was a first step], but warned that ...";
          "Iran claims [it struck militants], according to state media";
          "Iraq denied [that ...], and it is not clear that ..., according to
          the BBC"; ``rule:stops-at->aN``).
        """
        by_sent: dict[int, list[_Att]] = {}
        for a in atts:
            by_sent.setdefault(a.sent, []).append(a)
        groups = [g for g in by_sent.values() if len(g) > 1]
        if not groups:
            return
        starts, ends = ctx.doc.tok_start, ctx.doc.tok_end

        def inside(c: list, b: _Att) -> bool:
            """Is the cue of `b` inside content `c`, outside quotation marks?"""
            return c[0] <= starts[b.cue_tok[0]] and ends[b.cue_tok[1] - 1] <= c[1] and ctx.tok_unit[b.cue_tok[0]] < 0

        def nested(c: list, b: _Att) -> bool:
            cue_end = ends[b.cue_tok[1] - 1]
            src_in = b.src_tok is None or (c[0] <= starts[b.src_tok[0]] and ends[b.src_tok[1] - 1] <= c[1])
            return src_in and bool(b.contents) and all(bc[0] >= cue_end for bc in b.contents) \
                and coordinator(c, b) is None

        def coordinator(c: list, b: _Att) -> int | None:
            """The token of the word that joins `b`'s clause to content `c` as an equal, or None.

            "Varga said [farms had suffered], while Reyl said ...": "while", "whereas",
            "but", "yet" or "and" right before the second source (adverbs may stand
            between: "but later Reyl said") joins two reports side by side; the first
            speaker does not report the second. A subordinator keeps it inside ("X said
            [that Y had claimed B]", "X said [A and that Y claimed B]"), and so does a
            noun phrase before the word: "X said [his focus groups and other research
            show ...]" joins two subjects, not two clauses."""
            t = min(b.cue_tok[0], b.src_tok[0]) if b.src_tok is not None else b.cue_tok[0]
            t -= 1
            while t >= 0 and ctx.is_adverb(t) and ctx.norm[t] not in _COORDINATORS:
                t -= 1
            if t < 0 or ctx.norm[t] not in _COORDINATORS or ctx.tok_unit[t] >= 0 or starts[t] <= c[0]:
                return None
            t0 = bisect_left(starts, c[0])
            np = self._np_right(ctx, t0, t)
            if ctx.words(c[0], starts[t]) == 0 or (np is not None and np[0][1] == t):
                return None
            return t

        for group in groups:
            # 1. contents stop before a separate report.
            for a in group:
                for c in a.contents:
                    for b in group:
                        if b is a or not inside(c, b) or nested(c, b):
                            continue
                        cut = b.cue_tok[0]
                        if b.src_tok is not None and c[0] <= starts[b.src_tok[0]] < starts[cut]:
                            cut = b.src_tok[0]
                        k = coordinator(c, b)
                        if k is not None and k < cut:
                            cut = k  # "... but ultimately Prager thinks": stop before "but"
                        for bc in b.contents:
                            # "X denied A, and it's not clear that B, according to Y": B is Y's.
                            if c[0] < bc[0] < starts[cut]:
                                cut = bisect_left(starts, bc[0])
                        t0 = bisect_left(starts, c[0])
                        end = cut
                        while end > t0 and (not ctx.is_word(end - 1) or ctx.norm[end - 1] in _CLAUSE) \
                                and ctx.close_unit.get(end - 1) is None:
                            end -= 1
                        if end > t0 and ends[end - 1] < c[1]:
                            c[1] = ends[end - 1]
                            c[2] = _join(c[2], f"rule:stops-at->{b.link}")
            # 2. a prepositional cue does not report the frame of a nested attribution.
            for a in group:
                if a.entry.attrs.get("form") != "prep":
                    continue
                new: list[list] = []
                for c in a.contents:
                    frames = [b for b in group if b is not a and inside(c, b) and nested(c, b)]
                    if not frames:
                        new.append(c)
                        continue
                    cuts = sorted((min(b.cue_tok[0], b.src_tok[0] if b.src_tok else b.cue_tok[0]), b.cue_tok[1], b.link)
                                  for b in frames)
                    k = bisect_left(starts, c[0])
                    stop = bisect_right(ends, c[1])
                    pieces: list[list] = []
                    for f0, f1, link in cuts + [(stop, stop, "")]:
                        piece = _Att(cue_tok=a.cue_tok, entry=a.entry, sent=a.sent, para=a.para)
                        self._add_content(ctx, piece, k, max(k, f0), c[2])
                        pieces.extend([pc[0], pc[1], _join(c[2], *(f"rule:frame-left-out->{x[2]}" for x in cuts))]
                                      for pc in piece.contents if ctx.words(pc[0], pc[1]))
                        k = max(k, f1)
                    new.extend(pieces if pieces else [c])
                a.contents = new

    # ------------------------------------------------------- typing and states
    def _state_in(self, ctx: _Ctx, lo: int, hi: int) -> tuple[str, str]:
        """First state named in tokens ``[lo, hi)``: (state, rule). Institutions with
        a state come first, then possessors/adjectives/names from the states lexicon.
        A state inside the name of a non-state group ("Tehrik-e-Taliban Pakistan",
        an actor or an institution without a state) is part of the name."""
        for t in range(lo, hi):
            m = ctx.inst[t]
            if m is not None and m.entry.label not in _NO_STATE:
                return m.entry.label, m.entry.rule
        for t in range(lo, hi):
            m = ctx.states[t]
            if m is not None and ctx.actors[t] is None and (ctx.inst[t] is None or ctx.inst[t].entry.label == "any"):
                return m.entry.label, m.entry.rule
        return "", ""

    def _pp_start(self, ctx: _Ctx, s: int, h: int) -> int:
        """Where a phrase naming the speaker's affiliation or place starts inside the
        head part ``[s, h)`` ("Dr. Mira Sand | of the Institute for River Studies",
        "Farmers | in Belmark's lower valley", "A spokeswoman | for the ministry"),
        or `h`. "of" inside a name ("Bank of England", "University of
        California") and after a collective or a quantifier ("a group of
        farmers", "most of the officials") starts none."""
        for t in range(s + 1, h - 1):
            n = ctx.norm[t]
            if n not in _PP_PREPS or ctx.named(t) or ctx.term[t] is not None:
                continue  # part of a known name or phrase: "Ministry of Foreign Affairs", "people familiar with"
            last = ctx.norm[t - 1]
            if last in _QUANT or last in _DETS or (n == "of" and last in _COLLECTIVE):
                continue
            caps = [k for k in range(s, t) if ctx.is_cap(k) and ctx.text[k][:1].isalpha()
                    and ctx.norm[k] not in _TITLE_ABBREV and not ctx.known(k)]
            if caps and all(_org_word(ctx.norm[k]) for k in caps) and not any(ctx.known(k) for k in range(s, t)):
                continue  # "University of California", "Institute for River Studies"
            if self._can_head(ctx, t - 1, s):
                return t
        return h

    def _roles(self, ctx: _Ctx, lo: int, hi: int) -> list[tuple[str, Match]]:
        """(type, match) of the role words, institutions, actors and people in ``[lo, hi)``."""
        out: list[tuple[str, Match]] = []
        last = None
        for t in range(lo, hi):
            m = ctx.inst[t] or ctx.actors[t] or ctx.people[t] \
                or (ctx.term[t] if ctx.term[t] is not None and ctx.term[t].entry.label not in ("vague", "pronoun", "self") else None)
            if m is None or m is last:
                continue
            last = m
            if ctx.actors[t] is m:
                out.append(("organization", m))
            elif ctx.people[t] is m:
                out.append((m.entry.category, m))
            else:
                out.append((_match_type(m), m))
        return out

    def _classify(self, ctx: _Ctx, att: _Att) -> None:
        """Set source type, state, person/plural flags and a name key from the source phrase.

        The phrase is read in three parts: the head ("Dr. Mira Sand", "Farmers",
        "The environmental group Save the Kessel"), an affiliation or place
        phrase inside it ("of the Institute for River Studies", "in Belmark's
        lower valley") and an apposition after a comma ("a fellow at
        Brookings"). The head decides who speaks; the other two can give a
        person's type (a fellow at a think tank is an expert) and the state."""
        if att.src_tok is None:
            att.stype, att.state = "anonymous", ""
            return
        s, e = att.src_tok
        # The head part ends at an apposition or relative clause.
        h = s
        while h < e and ctx.norm[h] not in (",", "who", "which", "that", "(", "—"):
            h += 1
        rel = h
        while rel < e and ctx.norm[rel] not in ("who", "which", "that"):
            rel += 1
        p = self._pp_start(ctx, s, h)
        words = [t for t in range(s, p) if ctx.is_word(t)]
        rules: list[str] = []
        if len(words) == 1 and p == h and ctx.norm[words[0]] in _PRONOUNS:
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
        names = [t for t in range(s, p) if ctx.is_cap(t) and ctx.text[t][:1].isalpha() and not ctx.known(t)
                 and ctx.norm[t] not in _DETS and ctx.norm[t] not in _MODIFIERS
                 and not (ctx.term[t] is not None) and ctx.norm[t] not in _TITLE_ABBREV]
        # 1. a person (or group) of the event lexicon: in the head; else, when the head
        # names nobody ("a spokesman for ..."), in the rest of the phrase.
        pm = next((ctx.people[t] for t in range(s, p) if ctx.people[t] is not None), None)
        if pm is None and h + 1 < e:
            # "Belmark's water minister, Ilse Varga": an apposition that names the speaker.
            k = h + 1
            while k < rel and (ctx.norm[k] in _DETS or ctx.norm[k] in _MODIFIERS or ctx.norm[k] in _TITLE_ABBREV
                               or ctx.norm[k] == "."):
                k += 1
            pm = ctx.people[k] if k < rel and ctx.people[k] is not None and ctx.people[k].start == k else None
            if pm is not None and names:
                pm = None
        in_head = pm is not None
        if pm is None and not names:
            pm = next((ctx.people[t] for t in range(p, e) if ctx.people[t] is not None), None)
        if pm is not None:
            att.stype, att.person = pm.entry.category, pm.entry.category != "organization" or not in_head
            att.state = "" if pm.entry.label in _NO_STATE else pm.entry.label
            att.key = ctx.norm[pm.end - 1] if in_head else " ".join(ctx.norm[t] for t in range(s, p))
            att.srule = _join(att.srule, pm.entry.rule if in_head else f"rule:affiliation;{pm.entry.rule}")
            return
        # 2. a non-state group of the actors lexicon heads the phrase: no state.
        am = next((ctx.actors[t] for t in range(s, p) if ctx.actors[t] is not None), None)
        if am is not None and not names:
            att.stype, att.key = "organization", am.entry.label.lower()
            att.srule = _join(att.srule, am.entry.rule)
            return
        if names and words and names[-1] != words[-1] and ctx.norm[words[-1]] not in ("-", "."):
            # "Iraqi and Kurdish authorities": capitalised modifiers of a role noun, not a name.
            if ctx.known(words[-1]):
                names = []
        head_roles = self._roles(ctx, s, p)
        app_roles = self._roles(ctx, p, rel)
        vague = any(ctx.term[t] is not None and ctx.term[t].entry.label == "vague" for t in range(s, p))
        state, srule = self._state_in(ctx, s, h)
        if not state:
            state, srule = self._state_in(ctx, h, rel)
        if not state:
            # "an adviser to <a person of the event lexicon>": that person's state.
            pe = next((ctx.people[t] for t in range(p, rel) if ctx.people[t] is not None), None)
            if pe is not None and pe.entry.label not in _NO_STATE:
                state, srule = pe.entry.label, pe.entry.rule
        att.state = state
        if names:
            org = _org_kind(ctx, names)
            if not org and _inner_article(ctx, names):
                org, rule = "organization", "rule:name-with-article"  # "Save the Children"
            elif not org and head_roles and head_roles[-1][0] == "organization" and _ends_before(ctx, head_roles[-1][1], s, names[0]):
                org, rule = "organization", head_roles[-1][1].entry.rule  # "the environmental group X"
            else:
                rule = "rule:organisation-name"
            if org:
                att.stype, att.key = org, " ".join(ctx.norm[t] for t in names)
                rules.append(rule)
            else:
                att.person = True
                att.key = ctx.norm[names[-1]]
                role, role_rule = _role_type(head_roles), _role_rule(head_roles)
                if not role:
                    role, role_rule = _role_type(app_roles), _role_rule(app_roles)
                if not role:
                    # "of the Institute for River Studies": an unknown organisation's kind.
                    pp_names = [t for t in range(p, rel) if ctx.is_cap(t) and ctx.text[t][:1].isalpha()]
                    role = _org_kind(ctx, pp_names) if pp_names else ""
                    role_rule = "rule:affiliation-name"
                if role == "official" and any(ctx.norm[t] in ("former", "ex", "retired", "late") for t in range(s, rel)):
                    role = ""  # a former office holder speaks as a person
                    rules.append("rule:former-title")
                if role not in ("official", "expert", "media"):
                    role = ""
                att.stype = role or "named_person"
                rules.append("rule:capitalised-name")
                if role:
                    rules.append(role_rule)
        elif head_roles:
            typ, m = head_roles[-1]
            entry = m.entry
            plural = entry.attrs.get("number") == "plural" or (entry.category == "source" and entry.label == "person"
                                                                and ctx.norm[m.end - 1].endswith("s"))
            att.plural = plural
            rules.append(entry.rule)
            if typ == "person" or vague or (plural and entry.category == "source"):
                att.stype = "anonymous"
                if vague:
                    rules.append("rule:vague")
            else:
                att.stype = typ
            att.key = " ".join(ctx.norm[t] for t in range(s, p))
        elif p < h and (_role_type(app_roles) or any(t == "organization" for t, _ in app_roles)):
            # "the head of the agency", "a post from the ministry": a speaker known only by
            # whom they belong to.
            typ = _role_type(app_roles) or "organization"
            att.stype = "anonymous" if vague else typ
            att.key = " ".join(ctx.norm[t] for t in range(s, p))
            rules.append("rule:affiliation")
            rules.append(_role_rule(app_roles) or next(m.entry.rule for t, m in app_roles if t == "organization"))
        elif state and p == h:
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
        att_sents = [a.sent for a in atts]
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
                # Only attributions inside the pronoun window can be its antecedent
                # (atts are in text order, so their sentences are sorted).
                lo = bisect_left(att_sents, att.sent - self.pronoun_window, 0, i)
                self._resolve_pronoun(ctx, att, atts[lo:i])

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
        # A quote [qs, qe) overlaps some content iff, among contents starting
        # before qe, the furthest end passes qs: a prefix maximum answers that.
        covered_starts = [c[0] for c in covered]
        covered_reach = list(accumulate((c[1] for c in covered), max))
        cue_starts = sorted(doc.tok_start[a.cue_tok[0]] for a in atts)
        content_ends = _RightmostAtMost([max(c[1] for c in a.contents) if a.contents else _NO_CONTENT
                                         for a in atts])
        scare: list[tuple[int, int, int]] = []
        unattributed: list[tuple[int, int, int]] = []
        for ui, (qs, qe) in enumerate(ctx.unit_span):
            sent = ctx.sentence_at(qs)
            if sent is None or not sent.counted:
                continue
            k = bisect_left(covered_starts, qe)
            if k and covered_reach[k - 1] > qs:
                continue
            unit = ctx.units[ui]
            words = sum(ctx.words(q.inner_start, q.inner_end) for q in unit)
            if words == 0:
                continue
            if words > self.scare_max:
                # The last attribution (in cue order) whose content all ends by qs.
                i = content_ends.rightmost_at_most(qs)
                prior = atts[i] if i >= 0 else None
                if prior is not None:
                    last_end = max([c[1] for c in prior.contents] + [doc.tok_end[prior.cue_tok[1] - 1]]
                                   + ([doc.tok_end[prior.src_tok[1] - 1]] if prior.src_tok else []))
                    last_sent = ctx.sentence_at(last_end - 1)
                    j = bisect_left(cue_starts, last_end)
                    between = j < len(cue_starts) and cue_starts[j] < qs
                    if last_sent is not None and not between and prior.src_tok is not None \
                            and sent.sent_id - last_sent.sent_id <= self.continue_window \
                            and sent.paragraph - last_sent.paragraph <= 1:
                        prior.contents.append([qs, qe, "rule:quote-continues"])
                        content_ends.update(i, max(c[1] for c in prior.contents))
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

        quote_spans = sorted((q.start, q.end) for unit in ctx.units for q in unit)
        quote_starts = [q[0] for q in quote_spans]
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
                lab = _content_label(ctx, c0, c1, quote_spans, quote_starts)
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
                quoted_words += sum(ctx.words(q.inner_start, q.inner_end) for q in ctx.units[ui])
        attributed_words = _words_in(ctx, [(s.start, s.end) for s in spans
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


def _merge_ranges(ranges: list[tuple[int, int]], gap: int = 0) -> list[tuple[int, int]]:
    """Sorted ranges, joined where they overlap or are at most `gap` tokens apart
    (a short gap costs less to scan than one more call)."""
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _year(w: str) -> bool:
    """Is `w` a year ("2016"), not a count?"""
    return len(w) == 4 and w.isdigit() and w[:2] in ("19", "20")


def _compatible(pronoun: str, p: _Att) -> bool:
    if p.stype == "self":
        return False
    if pronoun in ("he", "she"):
        return p.person
    if pronoun == "it":
        return not p.person and not p.plural and p.stype in ("official", "media", "expert", "organization")
    return p.plural or (not p.person and p.stype != "named_person")  # they


_IRREGULAR_PAST = frozenset("""said told wrote thought felt saw knew found held made gave spoke took
    heard meant understood taught sought swore""".split())


def _tense(verb: str) -> str:
    """"past" (said, warned), "present" (says, expects) or "" (say, read, put: cannot tell)."""
    if verb.endswith("ed") or verb in _IRREGULAR_PAST:
        return "past"
    if verb.endswith("s") and not verb.endswith(("ss", "us")):
        return "present"
    return ""


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


def _role_type(roles: list[tuple[str, Match]]) -> str:
    """The last role that types a person: official, expert or media."""
    for t, _ in reversed(roles):
        if t in ("official", "expert", "media"):
            return t
    return ""


def _role_rule(roles: list[tuple[str, Match]]) -> str:
    for t, m in reversed(roles):
        if t in ("official", "expert", "media"):
            return m.entry.rule
    return ""


def _inner_article(ctx: _Ctx, names: list[int]) -> bool:
    """A lower-case "the" between the capitalised words of a name ("Save the
    Children", "Friends of the Earth"): an organisation, not a person."""
    return any(ctx.text[t] == "the" for t in range(names[0] + 1, names[-1]))


def _ends_before(ctx: _Ctx, m: Match, s: int, first_name: int) -> bool:
    """Does the role word `m` stand right before the name ("the group | Save the Kessel")?"""
    k = first_name - 1
    while k >= s and ctx.norm[k] in _MODIFIERS:
        k -= 1
    return k >= s and m.end == k + 1


def _org_word(w: str) -> bool:
    return any(w in words for words in _ORG_WORDS.values())


def _org_kind(ctx: _Ctx, names: list[int]) -> str:
    """"Khorasan Research Institute" -> expert; "BLA" -> organization; a person -> ''."""
    for kind, words in _ORG_WORDS.items():
        if any(ctx.norm[t] in words for t in names):
            return kind
    if len(names) == 1 and ctx.text[names[0]].isupper() and len(ctx.text[names[0]]) >= 2:
        return "organization"  # an acronym not in the lexicons
    return ""


def _content_label(ctx: _Ctx, c0: int, c1: int, quotes: list[tuple[int, int]], starts: list[int]) -> str:
    """direct, mixed or indirect: are there words outside the quotations inside ``[c0, c1)``?
    `quotes` are sorted, `starts` their start offsets."""
    inside = [(qs, qe) for qs, qe in quotes[bisect_left(starts, c0):bisect_left(starts, c1)] if qe <= c1]
    if not inside:
        return "indirect"
    k = c0
    for qs, qe in inside:
        if qs > k and ctx.words(k, qs):
            return "mixed"
        k = max(k, qe)
    return "mixed" if k < c1 and ctx.words(k, c1) else "direct"


def _sentences_over(starts: list[int], doc: PreparedDocument, start: int, end: int) -> range:
    i = max(0, bisect_right(starts, start) - 1)
    j = max(i, bisect_right(starts, max(start, end - 1)) - 1)
    return range(i, j + 1)


def _words_in(ctx: _Ctx, regions: list[tuple[int, int]]) -> int:
    merged: list[list[int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return sum(ctx.words(s, e) for s, e in merged)


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
