"""Quotation marks: find quoted stretches of text, balanced or not.

Handles straight and curly double quotes, German „low-high“ and «guillemet»
quotes, single quotes inside (or instead of) double ones, quotes that run over
several sentences, and the news convention of a quote running over several
paragraphs (no closing mark at the paragraph end, a fresh opening mark at the
start of the next). An apostrophe (’ or ') is never taken for a closing
single quote unless a single quote is open and the mark does not sit inside a
word ("country’s", "don't"); a mark before a digit ("’90s") is an apostrophe.

Stray or unbalanced marks never raise: they come back with ``balanced=False``
so that they can be reported (the attribution measure counts them as
``attribution_unbalanced_quote_marks``).

Only the marks are scanned (one compiled regular expression), so the cost is
linear in the number of marks, not of characters.

>>> [(q.text, q.balanced) for q in find_quotes('He called it “illegal” and ‘unprovoked’.')]
[('illegal', True), ('unprovoked', True)]
>>> [(q.text, q.balanced) for q in find_quotes('A stray ” mark')]
[('', False)]
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Quote(NamedTuple):
    """A quoted stretch: ``[start, end)`` includes the marks, ``[inner_start, inner_end)`` not.

    ``balanced`` is True for a closed quote and for a paragraph of a
    multi-paragraph quote that ``continues`` in the next paragraph. An unclosed
    quote ends at its paragraph end (trailing spaces cut); a closing mark with
    no opening one is an empty quote at the mark. Both have ``balanced=False``.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    marks: str            # e.g. '“”', '""', "‘’", '“' (unclosed)
    balanced: bool
    continues: bool       # the quote goes on in the next paragraph
    text: str


_DOUBLE_OPEN, _DOUBLE_CLOSE = "“„«", "”»"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘‹", "’›"
# Two straight apostrophes ('') and two backticks (``) stand for double quotes
# in some archives and in Penn Treebank style text; a lone backtick is no mark.
# An apostrophe between two letters or digits ("country’s", "don't") is left out
# here: _scan would never take it for a quote mark, and it is the commonest mark.
# The pattern opens with one character class so that the regex engine skips
# quickly to the next candidate (an alternation is tried at every character).
_MARK_RE = re.compile(r"""
    [\n"“”„«»‘‹›'’`]
    (?: (?<=')'                             # '' : one double-quote mark
      | (?<=`)`                             # `` : one double-quote mark
      | (?<!`)(?!(?<=[^\W_]['’])[^\W_])     # any other mark alone, but not a lone backtick
    )                                       #   nor an apostrophe inside a word
""", re.VERBOSE)
# What may stand before an opening mark besides a space: brackets and dashes.
_OPEN_BEFORE = "([{—–-/"


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight (or misused closing) mark opens when a space or bracket is
    before it and a non-space after it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in _OPEN_BEFORE or before in _DOUBLE_OPEN) and not after.isspace()


def _paragraph_break(text: str, nl: int) -> bool:
    """True unless the newline at `nl` is a soft wrap inside a sentence.

    Same rule as sentence splitting (framing.text): a single newline followed
    by a lower-case letter, after a line without final punctuation, is a wrap.
    """
    j = nl + 1
    n = len(text)
    while j < n and text[j] in " \t\r":
        j += 1
    if j >= n or text[j] == "\n" or not text[j].islower():
        return True
    k = nl - 1
    while k >= 0 and text[k] in " \t\r":
        k -= 1
    return k < 0 or text[k] in ".!?:”\""


def find_quotes(text: str | None) -> list[Quote]:
    """All quotations in `text`, in order of start (outer before inner).

    Unclosed quotes end at the paragraph end; if the next paragraph opens with
    a double quotation mark the quote is marked ``continues`` and balanced (news
    style), otherwise ``balanced=False``. A closing mark with no opening one
    gives an empty unbalanced quote at the mark. `text` may be None or empty.

    >>> t = '“We will respond.\\n“We are ready,” he said.'
    >>> [(q.text, q.balanced, q.continues) for q in find_quotes(t)]
    [('We will respond.', True, True), ('We are ready,', True, False)]
    """
    if not text or not isinstance(text, str):
        return []
    out: list[Quote] = []
    marks: list[tuple[int, int]] = []  # (position, length)
    lo = 0
    for m in _MARK_RE.finditer(text):
        i = m.start()
        if text[i] == "\n":
            if _paragraph_break(text, i):
                if marks:
                    out.extend(_scan(text, marks, lo, i))
                    marks = []
                lo = i + 1
            continue
        marks.append((i, m.end() - i))
    if marks:
        out.extend(_scan(text, marks, lo, len(text)))
    out.sort(key=lambda q: (q.start, -q.end))
    return _mark_continuations(text, out)


def _scan(text: str, positions: list[tuple[int, int]], lo: int, hi: int) -> list[Quote]:
    """Pair the quotation marks at `positions` within one paragraph ``[lo, hi)``."""
    found: list[Quote] = []
    stack: list[tuple[str, int, str]] = []  # (kind, position, mark)
    for i, width in positions:
        ch = text[i : i + width]
        before = text[i - 1] if i > lo else " "
        after = text[i + width] if i + width < hi else " "
        kind = None
        opening = False
        open_d = any(k == "d" for k, _, _ in stack)
        if ch == "``":
            kind, opening = "d", True
        elif ch == "''":
            kind, opening = "d", not open_d
        elif ch == "“" and open_d and any(mk == "„" for k, _, mk in stack if k == "d"):
            kind, opening = "d", False  # German „…“: the high mark closes
        elif ch in _DOUBLE_OPEN:
            kind, opening = "d", True
        elif ch in _DOUBLE_CLOSE:
            # A closing mark typed where an opening one belongs (' ”likely to')
            # opens a quote when nothing is open and a word follows.
            kind, opening = "d", not open_d and _is_opening_straight(text, i)
        elif ch == '"':
            # With nothing open a straight quote opens; with one open it closes.
            kind, opening = "d", not open_d
        else:  # single marks and apostrophes
            open_s = any(k == "s" for k, _, _ in stack)
            if after.isdigit():
                continue  # ’90s, '24: an elided century, not a quote
            if ch in _SINGLE_OPEN and not (before.isalnum() and after.isalnum()):
                kind, opening = "s", True
            elif ch == "'" and not open_s and _is_opening_straight(text, i) and not before.isalnum():
                kind, opening = "s", True
            elif open_s and not after.isalnum() and (ch in _SINGLE_CLOSE or ch == "'"):
                # Closing only when a single quote is open and the mark is not
                # inside a word ("country’s" stays an apostrophe).
                kind, opening = "s", False
        if kind is None:
            continue
        if opening:
            stack.append((kind, i, ch))
            continue
        j = max((idx for idx, (k, _, _) in enumerate(stack) if k == kind), default=None)
        if j is None:
            found.append(Quote(i, i + width, i, i, ch, False, False, ""))
            continue
        _, start, mark = stack[j]
        for _, s_inner, m_inner in stack[j + 1:]:
            # Inner quotes left open are cut at the outer closing mark: report them.
            w = s_inner + len(m_inner)
            found.append(Quote(s_inner, i, w, i, m_inner, False, False, text[w:i]))
        del stack[j:]
        w = start + len(mark)
        found.append(Quote(start, i + width, w, i, mark + ch, True, False, text[w:i]))
    for _, start, mark in stack:
        end = hi
        w = start + len(mark)
        while end > w and text[end - 1].isspace():
            end -= 1
        found.append(Quote(start, end, w, end, mark, False, False, text[w:end]))
    return found


def _mark_continuations(text: str, quotes: list[Quote]) -> list[Quote]:
    """An unclosed double quote followed by a paragraph that opens with a double quote continues."""
    out = []
    for q in quotes:
        if not q.balanced and q.end > q.start and q.marks in (*_DOUBLE_OPEN, '"', "''", "``"):
            nxt = q.end
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            if nxt < len(text) and (text[nxt] in _DOUBLE_OPEN + '"' or text.startswith(("''", "``"), nxt)) \
                    and "\n" in text[q.end:nxt]:
                q = q._replace(balanced=True, continues=True)
        out.append(q)
    return out


def outer_quotes(quotes: list[Quote], text: str) -> list[list[Quote]]:
    """Balanced quotes not inside another, grouped into quotation units.

    The paragraphs of one multi-paragraph quote (``continues``) form one unit.

    >>> t = 'She said “it was ‘unprovoked’.\\n“It was illegal.” Then she left.'
    >>> [[q.text for q in unit] for unit in outer_quotes(find_quotes(t), t)]
    [['it was ‘unprovoked’.', 'It was illegal.']]
    """
    units: list[list[Quote]] = []
    last_end = -1
    for q in quotes:
        if not q.balanced or q.start < last_end:
            continue
        prev = units[-1][-1] if units else None
        if prev is not None and prev.continues and not text[prev.end:q.start].strip():
            units[-1].append(q)
        else:
            units.append([q])
        last_end = q.end
    return units


__all__ = ["Quote", "find_quotes", "outer_quotes"]
