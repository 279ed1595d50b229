"""Hedging: how sure a text sounds, and where it keeps a claim at arm's length.

Every marker is a span in the ``spans`` frame with ``measure="hedging"``,
``category`` one of

``hedge``
    weakens commitment: epistemic modals (may, might, could), lexical verbs
    (seem, suggest, appear), adverbs (perhaps, probably), adjectives (possible,
    unclear), approximators of degree, quantity and frequency (about 70 miles,
    at least, generally) and phrases (in our view, whether, the possibility).
``booster``
    expresses certainty: clearly, undoubtedly, in fact, epistemic must.
``distancing``
    evidentials that attribute a claim to hearsay or to another's assertion:
    alleged, purported, so-called, reportedly, apparently, claims, "what they
    claim were", "as per some reports".

``label`` is the marker's word class (modal, verb, adverb, adjective,
approximator, phrase), ``rule`` the lexicon entry (``hedge/modal:may``) or, when
a context rule created or changed the span, ``rule:<name> (<entry>)``;
``voice`` is ``author`` or ``attributed`` (inside quoted or reported speech,
from the attribution measure's content spans when they are given, else from
quotation marks).

Context rules
-------------
An entry's ``context`` field in ``lexicons/hedging.yaml`` names the rule that
checks it; a rule either drops the match (nothing is emitted; see
:meth:`HedgingMeasure.explain` to list what was dropped and why) or
changes it (the ``rule`` column names it).

``may-month``, ``may-name`` (drop)
    "May" capitalised inside a sentence is the month ("in May", "May 9",
    "mid-May") or a name ("Theresa May"); sentence-initial "May" or "May" in a
    title-case heading is the modal unless a day or year follows.
``might-noun`` (drop)
    "military might", "might of the state": "might" followed by punctuation or
    of/and/in/against/with/to.
``could-not`` (drop)
    "could not", "couldn't", and "could" in a clause that opens with a negative
    subject ("No link could be found"): negated ability, not a hedge. "could
    not be ruled out" is its own hedge phrase.
``would-reported-future``, ``would-volition`` (drop)
    "would" after a reporting verb in the same sentence ("Pakistan warned that
    it would respond") is future in the past, and "would like/rather/prefer"
    is volition; other uses (conditional, tentative) stay hedges.
``appear-physical`` (drop)
    "appear in court", "appeared on television", "appeared before a judge".
``think-tank`` (drop)
    "think tank(s)", "think-tank".
``likely-adverb`` (relabel)
    "likely" and "unlikely" are always hedges; labelled ``adverb`` when they
    modify a verb ("likely triggered"), else ``adjective`` ("is likely to").
``possible-idiom`` (drop)
    "as soon as possible", "best possible", "every possible", "where possible".
``about-topic``, ``approximator-not-number`` (drop)
    "about", "around", "some", "up to", "close to", "as many as", "~" are
    approximators only before a number ("about 70 miles", "about 20
    percent", "some two dozen", "around $1 billion", "about a third"); "about
    Gaza", "around the world", "some role" are not.
``rather-than`` (drop)
    "rather than", "would rather", "or rather".
``must-epistemic`` (create) / ``must-obligation`` (drop)
    "must have been", "must be a mistake" are epistemic boosters; "must take
    care", "must be held accountable" are obligation and not counted.
``certain-determiner`` (drop)
    "certain groups" is a determiner; "is certain", "certain that", "certain
    to" are boosters ("a certain extent" is its own hedge).
``clear-verb`` (drop)
    "to clear", "will clear" (the verb).
``make-sure`` (drop)
    "make sure" is not a booster.
``apparent-predicative`` (relabel to booster)
    "it became apparent that" is a booster; attributive "apparent
    retaliation" stays distancing.
``claim-noun``, ``claim-responsibility``, ``claim-lives`` (drop)
    "a claim", "their claims", "claimed responsibility", "claimed several
    attacks", "claimed 11 lives" do not distance; "Iran claims to have
    killed", "claimed it had hit" do.
``suspected-verb`` (relabel to hedge)
    "leaders have long suspected Iran of" is a belief (hedge verb);
    "suspected militants", "is suspected of" stay distancing.
``negated-booster`` (relabel to hedge)
    a booster whose entry says ``negated: hedge`` preceded by a negator within
    ``rules.negation_window`` tokens ("not clear", "isn't entirely certain",
    "not necessarily", "no clear link") is a hedge; the span starts at the
    negator.

"will" is not in the lexicon: plain future is not a booster. "can" is left out
(see the lexicon notes).

Document metrics (prefix ``hedging_``): counts ``n_hedges``, ``n_boosters``,
``n_distancing``; rates per 1,000 counted words ``hedges_per_1k``,
``epistemic_hedges_per_1k`` (hedges other than approximators),
``boosters_per_1k``, ``distancing_per_1k``; ``hedged_sentence_share`` (counted
sentences with at least one hedge); ``hedge_booster_ratio`` =
(hedges + 0.5) / (boosters + 0.5), smoothed so that a text without boosters
still gets a finite ratio (1.0 when it has neither); and the rates and ratio
by voice (``hedges_per_1k_author``, ``hedges_per_1k_attributed``, ...) per
1,000 words *in that voice*, with the word counts ``words_author`` and
``words_attributed`` (they add up to ``doc.n_words``). Rates, shares and ratios
are NaN for a text without counted words; counts are 0.
Sentence flags: ``hedging_has_hedge``, ``hedging_has_booster``,
``hedging_has_distancing`` (False for sentences that are not counted).

Examples
--------
>>> from framing.lexicons import load_lexicon
>>> from framing.text import prepare
>>> m = HedgingMeasure({"hedging": load_lexicon("hedging")})
>>> doc = prepare("d", "In May, Iran may have struck about 70 miles inside. It is not clear why.")
>>> [(s.text, s.category, s.rule) for s in m.analyze(doc, {}).spans]  # doctest: +NORMALIZE_WHITESPACE
[('may', 'hedge', 'hedge/modal:may'), ('about', 'hedge', 'hedge/approximator:about'),
 ('not clear', 'hedge', 'rule:negated-booster (booster/adjective:clear)')]
"""

from __future__ import annotations

from typing import Callable, Mapping, NamedTuple, Sequence

from ..lexicons import Entry, Lexicon, load_lexicon
from ..text import PreparedDocument, Sentence
from ..tokens import WORD_RE
from .base import (ATTRIBUTED, AUTHOR, NAN, Measure, MeasureOutput, Span, VoiceMap, make_span,
                   per_thousand, share)

CATEGORIES = ("hedge", "booster", "distancing")

# --- word sets used by the context rules -----------------------------------------

_BE = frozenset("be is are was were been being am 's 're 'm isn't aren't wasn't weren't".split())
_NEGATORS = frozenset("not never no hardly barely scarcely cannot nor without".split())
_NEGATION_GAP = frozenset(
    """entirely yet fully quite always immediately so very at all altogether completely totally
    exactly particularly necessarily really much that too be been being is are was were seem seems
    appear appears become becomes remain remains""".split())
_MONTH_BEFORE = frozenset(
    """in on of since until till by early late mid last next this through from to during before
    after between around throughout""".split())
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred hundreds thousand thousands million millions billion billions trillion dozen dozens
    half a-third score""".split())
_AFTER_A = frozenset(
    """dozen hundred thousand million billion trillion third quarter half fifth tenth score
    minute hour day week fortnight month year decade century mile kilometre kilometer km""".split())
_CURRENCY = frozenset("$ £ € ¥ ₹ us$ rs rs. usd eur".split())
_REPORTING = frozenset(
    """said say says told tell tells warned warn warns vowed vow vows promised promise promises
    pledged pledge pledges announced announce announces threatened threaten threatens insisted
    insist insists added stated declared declare declares assured assure assures confirmed
    agreed decided signaled signalled indicated hinted noted wrote writes predicted expected
    hoped reported reports claimed argued suggested conveyed saying warning vowing promising
    threatening announcing insisting adding stating declaring pledging""".split())
_CLAUSE_BREAK = frozenset("and but or ; : because while although though if when whereas".split())
_DETERMINERS = frozenset(
    """the a an its their his her our your my this that these those such any no some many every
    each 's of territorial false competing rival conflicting unverified rival's""".split())
_PREDICATIVE = _BE | frozenset(
    """feel feels felt seem seems seemed appear appears appeared remain remains remained become
    becomes became becoming almost nearly quite fairly less more very absolutely not n't never
    so too""".split())
_LIKELY_ADJ_BEFORE = _BE | frozenset(
    """seem seems seemed appear appears appeared become becomes became remain remains remained
    look looks looked a an the very quite highly less more most increasingly not fairly
    considered deemed""".split())
_PUNCT_END = frozenset(list(".,;:!?)]}\"”’'—–-…") + ["..."])
_OBLIGATION_AFTER_BE = frozenset(
    """able allowed made held done taken given seen kept paid met stopped prepared ready
    careful brought told""".split())


class Verdict(NamedTuple):
    """What the context rules decided about one lexicon match."""

    keep: bool
    category: str
    label: str
    rule: str           # the rule column ("" when dropped)
    start_tok: int      # first token of the span (a negator may extend it)
    end_tok: int
    reason: str = ""    # the context rule that fired, if any


class _Ctx:
    """Token access for one sentence (norms, texts, bounds), shared by the rules."""

    __slots__ = ("doc", "sent", "lo", "hi", "norms", "params")

    def __init__(self, doc: PreparedDocument, sent: Sentence, params: Mapping[str, int]):
        self.doc, self.sent, self.params = doc, sent, params
        self.lo, self.hi = sent.tok_start, sent.tok_end
        self.norms = doc.tok_norm

    def norm(self, k: int) -> str:
        return self.norms[k] if self.lo <= k < self.hi else ""

    def text(self, k: int) -> str:
        """Token `k` as written (cut from the text: cheaper than building all of tok_text)."""
        d = self.doc
        return d.text[d.tok_start[k]:d.tok_end[k]] if self.lo <= k < self.hi else ""

    def is_number(self, k: int) -> bool:
        """True when the tokens from `k` start a quantity ("70", "two dozen", "$1", "a third")."""
        t = self.norm(k)
        if not t:
            return False
        if t[0].isdigit() or t in _NUMBER_WORDS:
            return True
        if t in _CURRENCY or t == "~":
            nxt = self.norm(k + 1)
            return bool(nxt) and nxt[0].isdigit()
        if t in ("a", "an"):
            return self.norm(k + 1) in _AFTER_A or self.norm(k + 1).rstrip("s") in _AFTER_A
        return False

    def sentence_initial(self, k: int) -> bool:
        """No word token before `k` in the sentence (opening quotes and bullets allowed)."""
        return not any(ch.isalnum() for i in range(self.lo, k) for ch in self.norms[i])


# --- the context rules -----------------------------------------------------------
# Each takes (ctx, i, j, entry): the match is tokens [i, j). It returns None to keep
# the match as the lexicon files it, or a Verdict.

def _drop(name: str, i: int, j: int) -> Verdict:
    return Verdict(False, "", "", "", i, j, name)


def _rule_may(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    word = ctx.text(i)
    if word == "may":
        return None
    number_after = ctx.is_number(i + 1) or (ctx.norm(i + 1) == "," and ctx.norm(i + 2)[:1].isdigit())
    if number_after:
        return _drop("may-month", i, j)
    if word != "May" or ctx.sentence_initial(i) or ctx.sent.is_heading:
        return None  # "May the talks...", "MAY", "What May Happen": the modal
    if ctx.norm(i - 1) in _MONTH_BEFORE or (ctx.norm(i - 1) == "-" and ctx.norm(i - 2) == "mid"):
        return _drop("may-month", i, j)
    return _drop("may-name", i, j)


def _rule_might(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt = ctx.norm(j)
    if not nxt or nxt in _PUNCT_END or nxt in ("of", "and", "or", "in", "against", "with", "to", "behind"):
        return _drop("might-noun", i, j)
    return None


def _rule_could(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(i).endswith("n't") or ctx.norm(j) in _NEGATORS or ctx.norm(j) == "no":
        return _drop("could-not", i, j)
    # A clause opening with a negative subject: "No relationship could be established".
    k = i - 1
    while k >= ctx.lo and ctx.norms[k] not in (",", ";", ":", "—", "–") and i - k <= 8:
        k -= 1
    first = ctx.norm(k + 1)
    if first in ("no", "nothing", "none", "neither", "nobody", "nor"):
        return _drop("could-not", i, j)
    return None


def _rule_would(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(j) in ("like", "love", "prefer", "rather"):
        return _drop("would-volition", i, j)
    # Future in the past: a reporting verb earlier in the sentence whose clause
    # runs on to "would" ("warned Iran that it would"); a coordinator or clause
    # break in between, or a passive participle ("could be threatened and
    # would"), means "would" is not its complement.
    window = ctx.params["reported_future_window"]
    for k in range(i - 1, max(ctx.lo, i - window) - 1, -1):
        t = ctx.norms[k]
        if t in _CLAUSE_BREAK:
            return None
        if t in _REPORTING and ctx.norm(k - 1) not in _BE:
            return _drop("would-reported-future", i, j)
    return None


def _rule_appear(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt = ctx.norm(j)
    if nxt in ("in", "on", "at", "before", "alongside", "onstage", "onscreen", "outside"):
        return _drop("appear-physical", i, j)
    if nxt == "." and ctx.norm(i - 1) not in ("it", "so", "would", "may", "might"):
        return _drop("appear-physical", i, j)
    return None


def _rule_think(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt = ctx.norm(j)
    if nxt in ("tank", "tanks") or (nxt == "-" and ctx.norm(j + 1).startswith("tank")):
        return _drop("think-tank", i, j)
    return None


def _rule_likely(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt = ctx.norm(j)
    adjective = (ctx.norm(i - 1) in _LIKELY_ADJ_BEFORE or nxt in ("to", "that", "than", "")
                 or nxt in _PUNCT_END)
    if ctx.norm(i) in ("most", "more", "very", "highly") and ctx.norm(i - 1) not in _LIKELY_ADJ_BEFORE:
        adjective = nxt in ("to", "that", "than", "") or nxt in _PUNCT_END
    label = "adjective" if adjective else "adverb"
    if label == e.label:
        return None
    return Verdict(True, e.category, label, f"rule:likely-{label} ({e.rule})", i, j, f"likely-{label}")


def _rule_possible(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    prev = ctx.norm(i - 1)
    if prev in ("as", "every", "all", "best", "worst", "where", "wherever", "whenever", "if") or (
            len(prev) > 4 and prev.endswith("est")):
        return _drop("possible-idiom", i, j)
    return None


def _rule_number(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.is_number(j):
        return None
    return _drop("about-topic" if ctx.norm(i) in ("about", "around") else "approximator-not-number", i, j)


def _rule_rather(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(j) == "than" or ctx.norm(i - 1) in ("would", "'d", "or"):
        return _drop("rather-than", i, j)
    return None


def _rule_must(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt, after = ctx.norm(j), ctx.norm(j + 1)
    if nxt in ("have", "'ve"):
        epistemic = True
    elif nxt == "be":
        epistemic = bool(after) and after not in _OBLIGATION_AFTER_BE and not (
            after.endswith("ed") or after.endswith("en")) and after not in _PUNCT_END
    else:
        epistemic = False
    if not epistemic:
        return _drop("must-obligation", i, j)
    return Verdict(True, e.category, e.label, f"rule:must-epistemic ({e.rule})", i, j, "must-epistemic")


def _rule_certain(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    nxt = ctx.norm(j)
    if ctx.norm(i - 1) in _PREDICATIVE or ctx.norm(i - 1).endswith("n't") or nxt in (
            "that", "to", "of", "about", "whether", "") or nxt in _PUNCT_END:
        return None
    return _drop("certain-determiner", i, j)


def _rule_clear(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(i - 1) in ("to", "will", "would", "could", "can", "may", "might", "must", "should", "help"):
        return _drop("clear-verb", i, j)
    return None


def _rule_sure(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(i - 1) in ("make", "makes", "made", "making"):
        return _drop("make-sure", i, j)
    return None


def _rule_apparent(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    k = i - 1
    while ctx.norm(k) in ("increasingly", "more", "all", "quite", "very", "immediately", "already",
                          "now", "soon", "also", "readily", "clearly"):
        k -= 1
    if ctx.norm(k) in _BE or ctx.norm(k) in ("become", "became", "becomes", "becoming", "seem", "seems"):
        return Verdict(True, "booster", "adjective", f"rule:apparent-predicative ({e.rule})", i, j,
                       "apparent-predicative")
    return None


def _rule_claim(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    word = ctx.norm(i)
    if word in ("claim", "claims") and (ctx.norm(i - 1) in _DETERMINERS or ctx.norm(i - 1).endswith("'s")):
        return _drop("claim-noun", i, j)
    ahead = [ctx.norm(k) for k in range(j, min(j + 3, ctx.hi))]
    if any(w in ("responsibility", "credit", "ownership", "attack", "attacks", "bombing", "bombings")
           for w in ahead):
        return _drop("claim-responsibility", i, j)
    if any(w in ("lives", "life", "victims") for w in ahead):
        return _drop("claim-lives", i, j)
    return None


def _rule_suspected(ctx: _Ctx, i: int, j: int, e: Entry) -> Verdict | None:
    if ctx.norm(i - 1) in ("have", "has", "had", "'ve", "'d", "long", "strongly", "always", "never"):
        return Verdict(True, "hedge", "verb", f"rule:suspected-verb ({e.rule})", i, j, "suspected-verb")
    return None


_RULES: dict[str, Callable[[_Ctx, int, int, Entry], Verdict | None]] = {
    "may": _rule_may, "might": _rule_might, "could": _rule_could, "would": _rule_would,
    "appear": _rule_appear, "think": _rule_think, "likely": _rule_likely, "possible": _rule_possible,
    "number": _rule_number, "rather": _rule_rather, "must": _rule_must, "certain": _rule_certain,
    "clear": _rule_clear, "sure": _rule_sure, "apparent": _rule_apparent, "claim": _rule_claim,
    "suspected": _rule_suspected,
}
#: Names of the context rules an entry's ``context`` field may call.
CONTEXT_RULES = tuple(_RULES)


class HedgingMeasure(Measure):
    """Hedges, boosters and distancing markers, with context rules and voice.

    Parameters
    ----------
    lexicons : mapping
        Must hold ``"hedging"`` (a :class:`~framing.lexicons.Lexicon` or a name/path).
    context_rules : bool, default True
        False gives the plain word list: every lexicon match counts as filed,
        with no context rule and no negation (the validation baseline).

    Examples
    --------
    >>> from framing.text import prepare
    >>> m = HedgingMeasure({"hedging": load_lexicon("hedging")})
    >>> out = m.analyze(prepare("d", "Iran reportedly struck. It will clearly respond."), {})
    >>> [(s.text, s.category) for s in out.spans]
    [('reportedly', 'distancing'), ('clearly', 'booster')]
    """

    name = "hedging"
    lexicon_names = ("hedging",)
    requires = ("attribution",)

    def __init__(self, lexicons: Mapping[str, Lexicon | str], *, context_rules: bool = True):
        super().__init__(lexicons)
        lex = load_lexicon(self.lexicons["hedging"])
        self.lexicons["hedging"] = lex
        self.lexicon = lex
        self.context_rules = context_rules
        entries = [e for e in lex.entries if e.tokens and e.category in CATEGORIES]
        self._matcher = lex.matcher(CATEGORIES)
        self._params = {"negation_window": int(lex.rules.get("negation_window", 3)),
                        "reported_future_window": int(lex.rules.get("reported_future_window", 12))}
        # Precompile: entry -> its context rule (None when it has none).
        self._rule_of: dict[int, Callable | None] = {}
        for e in entries:
            name = e.attrs.get("context")
            if name is not None and name not in _RULES:
                raise ValueError(f"hedging lexicon entry {e.pattern!r} (line {e.line}) names an unknown "
                                 f"context rule {name!r}; known rules: {', '.join(CONTEXT_RULES)}")
            self._rule_of[id(e)] = _RULES.get(name) if name else None

    # -- matching ----------------------------------------------------------------

    def _verdicts(self, doc: PreparedDocument, sent: Sentence,
                  matches: Sequence[tuple[int, int, Entry]]) -> list[tuple[Entry, Verdict]]:
        """The decision taken about each lexicon match of one sentence."""
        out = []
        ctx = None
        for i, j, e in matches:
            plain = Verdict(True, e.category, e.label, e.rule, i, j)
            if not self.context_rules:
                out.append((e, plain))
                continue
            if ctx is None:
                ctx = _Ctx(doc, sent, self._params)
            rule = self._rule_of.get(id(e))
            v = rule(ctx, i, j, e) if rule is not None else None
            v = plain if v is None else v
            if v.keep and v.category == "booster" and e.attrs.get("negated") == "hedge":
                v = self._negated(ctx, v, e)
            out.append((e, v))
        return out

    def _negated(self, ctx: _Ctx, v: Verdict, e: Entry) -> Verdict:
        """A negated booster ("not clear", "isn't entirely certain") becomes a hedge."""
        k = v.start_tok - 1
        while k >= ctx.lo and v.start_tok - k <= ctx.params["negation_window"]:
            t = ctx.norms[k]
            if t in _NEGATORS or t.endswith("n't"):
                return Verdict(True, "hedge", v.label, f"rule:negated-booster ({e.rule})", k, v.end_tok,
                               "negated-booster")
            if t not in _NEGATION_GAP:
                break
            k -= 1
        return v

    # -- the measure -------------------------------------------------------------

    def analyze(self, doc: PreparedDocument, found: Mapping[str, Sequence[Span]]) -> MeasureOutput:
        """Spans, document metrics and sentence flags for one prepared document."""
        matches = self._matcher.find_sentences(doc)
        vm = VoiceMap.from_spans(doc, found.get("attribution") if found else None)
        spans: list[Span] = []
        n_sent = len(doc.sentences)
        flags = {f"hedging_has_{c}": [False] * n_sent for c in CATEGORIES}
        counts = {(c, v): 0 for c in CATEGORIES for v in (AUTHOR, ATTRIBUTED)}
        n_approx = 0
        words = {AUTHOR: 0, ATTRIBUTED: 0}
        hedged_sentences = n_counted = 0
        ts, te = doc.tok_start, doc.tok_end
        for idx, sent in enumerate(doc.sentences):
            if not sent.counted:
                continue
            n_counted += 1
            # Sentences that no attributed region touches are all in the
            # author's voice: their words need no per-word lookup (most sentences).
            if vm.overlaps(sent.start, sent.end):
                for m in WORD_RE.finditer(doc.text, sent.start, sent.end):
                    words[vm.voice(m.start(), m.end())] += 1
            else:
                words[AUTHOR] += sent.n_words
            for e, v in self._verdicts(doc, sent, matches[idx]):
                if not v.keep:
                    continue
                start, end = ts[v.start_tok], te[v.end_tok - 1]
                voice = vm.voice(start, end)
                spans.append(make_span(doc, start, end, self.name, v.category, v.label, voice=voice,
                                       rule=v.rule, sent_id=sent.sent_id))
                counts[(v.category, voice)] += 1
                flags[f"hedging_has_{v.category}"][idx] = True
                if v.category == "hedge" and v.label == "approximator":
                    n_approx += 1
            hedged_sentences += flags["hedging_has_hedge"][idx]
        metrics = self._metrics(counts, words, n_approx, hedged_sentences, n_counted)
        return MeasureOutput(spans=spans, metrics=metrics, sentence_flags=flags)

    @staticmethod
    def _metrics(counts, words, n_approx, hedged_sentences, n_counted) -> dict[str, float]:
        n_words = words[AUTHOR] + words[ATTRIBUTED]
        total = {c: counts[(c, AUTHOR)] + counts[(c, ATTRIBUTED)] for c in CATEGORIES}
        out: dict[str, float] = {
            "hedging_n_hedges": total["hedge"],
            "hedging_n_boosters": total["booster"],
            "hedging_n_distancing": total["distancing"],
            "hedging_hedges_per_1k": per_thousand(total["hedge"], n_words),
            "hedging_epistemic_hedges_per_1k": per_thousand(total["hedge"] - n_approx, n_words),
            "hedging_boosters_per_1k": per_thousand(total["booster"], n_words),
            "hedging_distancing_per_1k": per_thousand(total["distancing"], n_words),
            "hedging_hedged_sentence_share": share(hedged_sentences, n_counted) if n_words else NAN,
            "hedging_hedge_booster_ratio": _ratio(total["hedge"], total["booster"], n_words),
        }
        for voice in (AUTHOR, ATTRIBUTED):
            w = words[voice]
            out[f"hedging_hedges_per_1k_{voice}"] = per_thousand(counts[("hedge", voice)], w)
            out[f"hedging_boosters_per_1k_{voice}"] = per_thousand(counts[("booster", voice)], w)
            out[f"hedging_distancing_per_1k_{voice}"] = per_thousand(counts[("distancing", voice)], w)
            out[f"hedging_hedge_booster_ratio_{voice}"] = _ratio(counts[("hedge", voice)],
                                                                 counts[("booster", voice)], w)
            out[f"hedging_words_{voice}"] = w
        return out

    def explain(self, doc: PreparedDocument):
        """Every lexicon match in the counted sentences, kept or dropped, with the rule.

        A DataFrame with ``sent_id``, ``start``, ``end``, ``text``, ``entry``
        (the lexicon entry), ``kept``, ``category``, ``label``, ``rule`` (as in
        the spans frame) and ``reason`` (the context rule that fired, if any):
        the place to check why a word was or was not counted.

        >>> from framing.text import prepare
        >>> m = HedgingMeasure({"hedging": load_lexicon("hedging")})
        >>> m.explain(prepare("d", "She spoke about Gaza."))[["text", "kept", "reason"]].values.tolist()
        [['about', False, 'about-topic']]
        """
        import pandas as pd

        rows = []
        matches = self._matcher.find_sentences(doc)
        for idx, sent in enumerate(doc.sentences):
            if not sent.counted:
                continue
            for e, v in self._verdicts(doc, sent, matches[idx]):
                start, end = doc.tok_start[v.start_tok], doc.tok_end[v.end_tok - 1]
                rows.append({"sent_id": sent.sent_id, "start": start, "end": end,
                             "text": doc.text[start:end], "entry": e.rule, "kept": v.keep,
                             "category": v.category, "label": v.label, "rule": v.rule,
                             "reason": v.reason})
        return pd.DataFrame(rows, columns=["sent_id", "start", "end", "text", "entry", "kept",
                                           "category", "label", "rule", "reason"])


def _ratio(hedges: int, boosters: int, n_words: int) -> float:
    """(hedges + 0.5) / (boosters + 0.5); NaN without words."""
    return (hedges + 0.5) / (boosters + 0.5) if n_words else NAN


MEASURE = HedgingMeasure
