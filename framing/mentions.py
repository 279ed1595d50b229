"""Who a text mentions: states and named actors, with character offsets.

A :class:`MentionFinder` matches target lexicons (the bundled ``states`` and
``actors-strikes-2024``, or your own) on a prepared document's word tokens and
applies each entry's ambiguity rules on the surrounding tokens, so that
"Washington Post", "George Washington", "Indian Ocean" and "turkey sandwich"
are not taken for states. Every mention keeps its offsets and the lexicon
entry that found it (``rule``), so a count can be traced to the words.

Rule vocabulary (entry fields; documented in ``docs/lexicons.md``):

``type``
    The mention's ``form``: name, short, demonym, capital, institution (any
    string; ``name`` when absent).
``not_before`` / ``not_after``
    Phrases that must not follow / precede the match.
``not_in_sentence`` / ``requires_context``
    Phrases that veto the match anywhere in its sentence / of which one must
    occur there.
``not_after_name`` / ``not_before_name``
    ``true``: reject after a capitalised first name or title ("George
    Washington", "Mr. Washington") / before a capitalised surname ("Chad
    Smith"). Skipped in headings, where every word is capitalised.
``not_in_caps``
    ``true``: reject in ALL-CAPS sentences, where "US" cannot be told from "us".

Datelines ("WASHINGTON —", "ISLAMABAD (Reuters) -") and names glued to ``_``
or ``]`` (handles, edited words) are never mentions.

A lexicon's header ``rules:`` may hold ``ignore`` (phrases that contain a
name but do not refer to it, e.g. "Indian Ocean": matched with the entries,
longest match wins, and yield no mention) and ``not_names`` (extra capitalised
words that are never personal names).

Examples
--------
>>> from framing.lexicons import load_lexicon
>>> from framing.text import prepare
>>> finder = MentionFinder(load_lexicon("states"), load_lexicon("actors-strikes-2024"))
>>> doc = prepare("d", "Pakistan's foreign office said the Iran-Pakistan border is calm; the Washington Post disagreed.")
>>> [(m.target, doc.text[m.start:m.end]) for m in finder.find(doc)]
[('Pakistan', 'Pakistan'), ('Iran', 'Iran'), ('Pakistan', 'Pakistan')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple, Sequence

from .errors import LexiconError
from .lexicons import Entry, Lexicon, Matcher, load_lexicon, pattern_tokens
from .text import PreparedDocument, Sentence


class Mention(NamedTuple):
    """One mention of a target: ``doc.text[start:end]`` is the matched text.

    ``kind`` is the lexicon category ('state', 'actor', or a user's own),
    ``form`` the entry's ``type`` (name, short, demonym, capital,
    institution), ``tok_start``/``tok_end`` token indices, ``rule`` the
    entry's rule id (``category/label:pattern``).
    """

    start: int
    end: int
    target: str
    kind: str
    form: str
    tok_start: int
    tok_end: int
    sent_id: int
    rule: str


#: Entry fields read by the finder (besides ``type``).
RULE_KEYS = ("not_before", "not_after", "not_in_sentence", "requires_context",
             "not_after_name", "not_before_name", "not_in_caps")
_PHRASE_KEYS = RULE_KEYS[:4]
_FLAG_KEYS = RULE_KEYS[4:]

_new_tuple = tuple.__new__
_IGNORE = "\x00ignore"  # category of the synthetic entries built from `rules: ignore`

# Capitalised words that are never a personal name, on either side of a
# state name: function words (sentence starts), months and days.
_FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet for of in on at to from by with without within into onto upon about
above below across after before against among amid between beyond despite during except inside
outside over under near since through throughout toward towards until unlike like via versus per
as if when while whereas whether though although because unless once where here there then now
today yesterday tomorrow still even also only just meanwhile however moreover indeed instead thus
hence therefore otherwise both either neither each every all some many most much more few no not
this that these those it its he she they we i you his her their our my your them us him who whom
whose which what why how is are was were be been being has have had do does did will would can
could should may might must shall said says say told tells according
january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
# Words that follow a state name as part of an office or body ("Chad President",
# "Jordan Foreign Minister"): not a surname. Before a name they are titles
# ("President Washington"), so not_after_name still rejects there.
_OFFICE_WORDS = frozenset("""
president prime minister ministers ministry foreign defence defense interior finance secretary
ambassador embassy envoy consulate government parliament senate congress assembly council court
army navy air force forces armed military police national federal central state supreme leader
king queen prince crown emir sheikh sultan chief general official officials spokesman spokesperson
border capital city province region cabinet republic kingdom regime authorities delegation team
mayor governor senator lawmaker lawmakers legislature
""".split())
# Words that Headline Style leaves in lower case.
_HEADLINE_SMALL = frozenset("a an the and or but nor for of in on at to as by via vs per up off".split())
# Abbreviated titles written with a period ("Mr. Washington", "Gen. Jordan").
_TITLES = frozenset("mr mrs ms mx dr prof gen lt col maj capt cmdr adm sgt sen rep gov pres amb rev fr sr jr".split())


@dataclass(frozen=True, slots=True)
class _Check:
    """An entry's ambiguity rules, compiled to token tuples."""

    not_before: tuple[tuple[str, ...], ...] = ()
    not_after: tuple[tuple[str, ...], ...] = ()
    not_in_sentence: tuple[tuple[str, ...], ...] = ()
    requires_context: tuple[tuple[str, ...], ...] = ()
    not_after_name: bool = False
    not_before_name: bool = False
    not_in_caps: bool = False


def _contains(seq: Sequence[str], lo: int, hi: int, phrase: tuple[str, ...]) -> bool:
    """True when `phrase` occurs in ``seq[lo:hi]``."""
    n = len(phrase)
    first = phrase[0]
    for k in range(lo, hi - n + 1):
        if seq[k] == first and tuple(seq[k:k + n]) == phrase:
            return True
    return False


# A news dateline opening a paragraph: "WASHINGTON —", "DAKAR, Senegal —",
# "ISLAMABAD (Reuters) -", "ISLAMABAD:", "Washington (CNN)". The place names where a story
# was filed are not mentions of the state.
_DATELINE_RE = re.compile(
    r"""(?:[A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){0,2}          # WASHINGTON, NEW DELHI
          (?:,\ [A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,2})?    # , Senegal
          \s*(?:\([^()\n]{1,30}\)\s*)?(?:[—–-]{1,2}|:)\s     # (Reuters) —, ISLAMABAD:
       | [A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,2}               # Washington
          (?:,\ [A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,2})?
          \s*\((?:AP|AFP|CNN|Reuters|IANS|PTI|ANI|APP|IRNA|dpa|Xinhua|UPI|TASS|Anadolu)\)\s*[—–-]{0,2}
    )""", re.VERBOSE)


def _dateline_end(text: str, start: int, end: int) -> int:
    """End offset of a dateline at the start of a sentence, or -1."""
    m = _DATELINE_RE.match(text, start, end)
    # The story goes on in ordinary case; an ALL-CAPS headline with a dash is no dateline.
    if m and any(ch.islower() for ch in text[m.end():end]):
        return m.end()
    return -1


def _glued(text: str, start: int, end: int) -> bool:
    """A match glued to '_' or ']' is part of a handle or an edited word
    ("@Mike_Jordan", "[r]oman"), not a name."""
    return (start > 0 and text[start - 1] in "_]") or (end < len(text) and text[end] == "_")


class _TitleCased:
    """Token texts with one sentence's words title-cased ("CHINA" -> "China"), so
    that case-sensitive patterns also match in ALL-CAPS sentences."""

    def __init__(self, texts: Sequence[str], lo: int, hi: int):
        self._texts, self._lo, self._hi = texts, lo, hi

    def __len__(self) -> int:
        return len(self._texts)

    def __getitem__(self, i: int) -> str:
        t = self._texts[i]
        return t.title() if self._lo <= i < self._hi else t


class MentionFinder:
    """Find mentions of the targets in one or more lexicons.

    Parameters
    ----------
    *lexicons
        Target lexicons (:class:`~framing.lexicons.Lexicon`, bundled names or
        paths). Every pattern entry is a target: its category becomes the
        mention's ``kind`` and its label the ``target``. Where entries of
        different lexicons overlap, the longest match wins; among equally long
        ones, the entry of the lexicon given first.

    Examples
    --------
    >>> from framing.text import prepare
    >>> finder = MentionFinder("states")
    >>> doc = prepare("d", "George Washington never met the Iranian envoy in Washington.")
    >>> [(m.target, m.form, doc.text[m.start:m.end]) for m in finder.find(doc)]
    [('Iran', 'demonym', 'Iranian'), ('United States', 'capital', 'Washington')]
    """

    def __init__(self, *lexicons: "Lexicon | str"):
        if not lexicons:
            raise ValueError("MentionFinder needs at least one target lexicon, e.g. "
                             "MentionFinder(load_lexicon('states'))")
        self.lexicons: tuple[Lexicon, ...] = tuple(load_lexicon(lx) for lx in lexicons)
        entries: list[Entry] = []
        ignore: list[Entry] = []
        not_names: set[str] = set()
        self._checks: dict[int, _Check] = {}
        self._forms: dict[int, str] = {}
        self._rules: dict[int, str] = {}   # entry.rule, computed once
        for lex in self.lexicons:
            for e in lex.entries:
                if not e.tokens:  # regex entries are not target names
                    continue
                entries.append(e)
                self._forms[id(e)] = str(e.attrs.get("type") or "name")
                self._rules[id(e)] = e.rule
                check = self._compile(e, lex)
                if check is not None:
                    self._checks[id(e)] = check
            for phrase in self._phrases(lex.rules.get("ignore"), lex, "rules: ignore"):
                ignore.append(Entry(category=_IGNORE, label=" ".join(phrase), pattern=" ".join(phrase),
                                    tokens=phrase))
            not_names.update(p.lower() for p in self._strings(lex.rules.get("not_names"), lex, "rules: not_names"))
        if not entries:
            raise ValueError("the target lexicons hold no pattern entries")
        # Entries before ignore phrases, so an equally long target of another
        # lexicon is never swallowed by an ignore phrase.
        self._matcher = Matcher(entries + ignore)
        self._never_names = _FUNCTION_WORDS | not_names
        self._not_surnames = self._never_names | _OFFICE_WORDS
        # A capitalised word that starts another target is not a name ("Iraq, Syria Jordan").
        self._target_starts = frozenset(e.tokens[0].lower() for e in entries)
        self.targets = {e.label: e.category for e in entries}

    # --- set-up -------------------------------------------------------------------

    @staticmethod
    def _strings(value: Any, lex: Lexicon, where: str, line: int | None = None) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, int, float)) for v in value):
            raise LexiconError(f"{where}: expected a list of phrases", path=lex.path or None, line=line)
        return [str(v) for v in value]

    @classmethod
    def _phrases(cls, value: Any, lex: Lexicon, where: str, line: int | None = None) -> list[tuple[str, ...]]:
        out = []
        for p in cls._strings(value, lex, where, line):
            toks = pattern_tokens(p)
            if not toks or any(t.endswith("*") for t in toks):
                raise LexiconError(f"{where}: phrase {p!r} must be plain words (no '*')",
                                   path=lex.path or None, line=line)
            out.append(toks)
        return out

    @classmethod
    def _compile(cls, e: Entry, lex: Lexicon) -> _Check | None:
        if not any(k in e.attrs for k in RULE_KEYS):
            return None
        where = f"entry {e.pattern!r} under {e.category}/{e.label}"
        spec: dict[str, Any] = {}
        for key in _PHRASE_KEYS:
            spec[key] = tuple(cls._phrases(e.attrs.get(key), lex, f"{where}: {key}", e.line))
        for key in _FLAG_KEYS:
            flag = e.attrs.get(key, False)
            if not isinstance(flag, bool):
                raise LexiconError(f"{where}: {key} must be true or false", path=lex.path or None, line=e.line)
            spec[key] = flag
        return _Check(**spec)

    # --- finding --------------------------------------------------------------------

    def find(self, doc: PreparedDocument | None, *, counted_only: bool = True) -> list[Mention]:
        """Mentions in `doc`, in text order.

        With `counted_only` (the default) repeated sentences and page debris
        are skipped, as the measures do. A missing or empty document gives
        an empty list.
        """
        return self._scan(doc, counted_only, rejected=False)

    def explain(self, doc: PreparedDocument | None, *, counted_only: bool = True) -> list[tuple[Mention, str]]:
        """Every candidate with the rule that rejected it ('' when kept).

        For checking the ambiguity rules on a corpus: ``[(m, why) for m, why in
        finder.explain(doc) if why]`` lists what was dropped and why (e.g.
        ``'not_before: post'``). Ignored phrases ("Indian Ocean") are not
        candidates.
        """
        return self._scan(doc, counted_only, rejected=True)

    def _scan(self, doc: PreparedDocument | None, counted_only: bool, rejected: bool) -> list:
        """Candidates in text order: mentions, or (mention, why) pairs with `rejected`."""
        out: list = []
        if doc is None or not doc.sentences:
            return out
        append = out.append
        norms = doc.tok_norm
        starts, ends = doc.tok_start, doc.tok_end
        text = doc.text
        checks, forms, rules = self._checks, self._forms, self._rules
        # One pass over the document; matches never cross a sentence boundary.
        by_sentence = self._matcher.find_sentences(doc)
        for s, matches in zip(doc.sentences, by_sentence):
            if (counted_only and not s.counted) or s.tok_start >= s.tok_end:
                continue
            # ALL-CAPS sentences: match again with title-cased words, so that
            # case-sensitive names ("US") are found there too.
            caps = s.n_words >= 3 and text[s.start:s.end].isupper()
            if caps:
                titled = self._matcher.find(norms, _TitleCased(doc.tok_text, s.tok_start, s.tok_end),
                                            s.tok_start, s.tok_end)
                matches = self._merge(matches, titled)
            if not matches:
                continue
            dateline_end = -1
            if matches[0].start == s.tok_start:
                dateline_end = _dateline_end(text, s.start, s.end)
            sid = s.sent_id
            for i, j, e in matches:
                key = id(e)
                form = forms.get(key)
                if form is None:  # an ignore phrase ("Indian Ocean"): not a candidate
                    continue
                a, b = starts[i], ends[j - 1]
                if a < dateline_end:
                    why = "dateline"
                elif _glued(text, a, b):
                    why = "inside_word"
                else:
                    check = checks.get(key)
                    why = self._rejected(check, doc, s, i, j, caps) if check is not None else ""
                if rejected:
                    append((_new_tuple(Mention, (a, b, e.label, e.category, form, i, j, sid, rules[key])), why))
                elif not why:
                    append(_new_tuple(Mention, (a, b, e.label, e.category, form, i, j, sid, rules[key])))
        return out

    @staticmethod
    def _merge(a: list, b: list) -> list:
        """Non-overlapping union of two match lists: leftmost first, then longest."""
        out, last = [], -1
        for m in sorted(a + b, key=lambda m: (m.start, m.start - m.end)):
            if m.start >= last:
                out.append(m)
                last = m.end
        return out

    def _rejected(self, c: _Check, doc: PreparedDocument, s: Sentence, i: int, j: int, caps: bool) -> str:
        """The rule that rejects tokens ``[i, j)`` as a mention, or ''."""
        norms, texts = doc.tok_norm, doc.tok_text
        lo, hi = s.tok_start, s.tok_end
        if c.not_in_caps and caps:
            return "not_in_caps"
        for p in c.not_before:
            if j + len(p) <= hi and tuple(norms[j:j + len(p)]) == p:
                return "not_before: " + " ".join(p)
        for p in c.not_after:
            if i - len(p) >= lo and tuple(norms[i - len(p):i]) == p:
                return "not_after: " + " ".join(p)
        for p in c.not_in_sentence:
            if _contains(norms, lo, hi, p):
                return "not_in_sentence: " + " ".join(p)
        if c.requires_context and not any(_contains(norms, lo, hi, p) for p in c.requires_context):
            return "requires_context"
        if (c.not_after_name or c.not_before_name) and not self._title_case(doc, s):
            if c.not_after_name and i > lo and self._after_name(texts, norms, lo, i):
                return "not_after_name"
            if c.not_before_name and j < hi and self._is_name(texts[j], norms[j], self._not_surnames):
                return "not_before_name"
        return ""

    def _is_name(self, text: str, norm: str, exclude: frozenset) -> bool:
        """A capitalised word that may be part of a personal name ("George", "O'Keeffe")."""
        return (len(text) > 1 and text[0].isupper() and not text.isupper() and text[0].isalpha()
                and norm not in exclude and norm not in self._target_starts)

    def _after_name(self, texts: Sequence[str], norms: Sequence[str], lo: int, i: int) -> bool:
        prev = i - 1
        if self._is_name(texts[prev], norms[prev], self._never_names):
            return True
        # "Mr. Washington", "Booker T. Washington": a title or an initial, then a period.
        if texts[prev] == "." and prev - 1 >= lo:
            before = texts[prev - 1]
            return norms[prev - 1] in _TITLES or (len(before) == 1 and before.isupper())
        return False

    @staticmethod
    def _title_case(doc: PreparedDocument, s: Sentence) -> bool:
        """Headings and Headline Style sentences, where capitals say nothing about names:
        no word starts in lower case except the short ones headline style keeps small."""
        if s.is_heading:
            return True
        words = [t for t in doc.tok_text[s.tok_start:s.tok_end] if t[0].isalpha()]
        return len(words) >= 3 and not any(t[0].islower() and t.lower() not in _HEADLINE_SMALL for t in words)


def find_mentions(doc: PreparedDocument | None, *lexicons: "Lexicon | str",
                  counted_only: bool = True) -> list[Mention]:
    """Mentions of the states and strikes-2024 actors (or of `lexicons`) in `doc`.

    A convenience for one document; build a :class:`MentionFinder` once to
    scan many. The default finder is cached.

    >>> from framing.text import prepare
    >>> [m.target for m in find_mentions(prepare("d", "Tehran and the BLA."))]
    ['Iran', 'Balochistan Liberation Army']
    """
    finder = _default_finder() if not lexicons else MentionFinder(*lexicons)
    return finder.find(doc, counted_only=counted_only)


_DEFAULT: list[MentionFinder] = []


def _default_finder() -> MentionFinder:
    # Rebuilt when a bundled file changed on disk (load_lexicon caches by mtime).
    lexicons = (load_lexicon("states"), load_lexicon("actors-strikes-2024"))
    if not _DEFAULT or any(a is not b for a, b in zip(_DEFAULT[0].lexicons, lexicons)):
        _DEFAULT[:] = [MentionFinder(*lexicons)]
    return _DEFAULT[0]
