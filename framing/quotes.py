"""Quotation marks: find quoted stretches of text, balanced or not.

Handles straight and curly double quotes, single quotes inside (or instead
of) double ones, and the news convention of a quote running over several
paragraphs (no closing mark at the paragraph end, a fresh opening mark at the
start of the next). An apostrophe (’) is never taken for a closing single
quote unless a single quote is open. Stray or unbalanced marks never raise:
they come back with ``balanced=False`` so that they can be reported.

>>> [(q.text, q.balanced) for q in find_quotes('He called it “illegal” and ‘unprovoked’.')]
[('illegal', True), ('unprovoked', True)]
>>> [(q.text, q.balanced) for q in find_quotes('A stray ” mark')]
[('', False)]
"""

from __future__ import annotations

from typing import NamedTuple


class Quote(NamedTuple):
    """A quoted stretch: ``[start, end)`` includes the marks, ``[inner_start, inner_end)`` not."""

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


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, in order, nested single quotes included.

    Unclosed quotes end at the paragraph end; if the next paragraph opens with
    a quotation mark the quote is marked ``continues`` and balanced (news
    style), otherwise ``balanced=False``. A closing mark with no opening one
    gives an empty unbalanced quote at the mark.
    """
    if not text:
        return []
    out: list[Quote] = []
    n = len(text)
    # Scan paragraph by paragraph: quotation state does not cross a newline
    # except by the multi-paragraph convention handled below.
    pos = 0
    while pos < n:
        nl = text.find("\n", pos)
        para_end = n if nl < 0 else nl
        out.extend(_scan(text, pos, para_end))
        pos = para_end + 1
    return _mark_continuations(text, out)


def _scan(text: str, lo: int, hi: int) -> list[Quote]:
    found: list[Quote] = []
    stack: list[tuple[str, int, str]] = []  # (kind, position, mark)
    i = lo
    while i < hi:
        ch = text[i]
        kind = None
        if ch in _DOUBLE_OPEN:
            kind, opening = "d", True
        elif ch in _DOUBLE_CLOSE:
            # A closing mark typed where an opening one belongs (' ”likely to')
            # opens a quote when nothing is open and a word follows.
            open_d = any(k == "d" for k, _, _ in stack)
            kind, opening = "d", not open_d and _is_opening_straight(text, i)
        elif ch == '"':
            open_d = any(k == "d" for k, _, _ in stack)
            kind, opening = "d", not open_d and _is_opening_straight(text, i)
            if not open_d and not opening:
                opening = True  # a straight quote with nothing open opens one
        elif ch in _SINGLE_OPEN or (ch == "'" and _is_opening_straight(text, i)):
            kind, opening = "s", True
        elif ch in _SINGLE_CLOSE or ch == "'":
            # An apostrophe unless a single quote is open and the mark is not
            # inside a word ("country’s" stays an apostrophe).
            after = text[i + 1] if i + 1 < hi else " "
            if any(k == "s" for k, _, _ in stack) and not after.isalpha():
                kind, opening = "s", False
        if kind is None:
            i += 1
            continue
        if opening:
            stack.append((kind, i, ch))
        else:
            j = max((idx for idx, (k, _, _) in enumerate(stack) if k == kind), default=None)
            if j is None:
                found.append(Quote(i, i + 1, i, i, ch, False, False, ""))
            else:
                _, start, mark = stack[j]
                del stack[j:]  # inner quotes left open are closed by the outer mark
                found.append(Quote(start, i + 1, start + 1, i, mark + ch, True, False, text[start + 1 : i]))
        i += 1
    for _, start, mark in stack:
        end = hi
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        found.append(Quote(start, end, start + 1, end, mark, False, False, text[start + 1 : end]))
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def _mark_continuations(text: str, quotes: list[Quote]) -> list[Quote]:
    """An unclosed double quote followed by a paragraph that opens with a quote continues."""
    out = []
    for q in quotes:
        if not q.balanced and q.marks and q.marks[0] in _DOUBLE_OPEN + '"' and len(q.marks) == 1:
            nxt = q.end
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            if nxt < len(text) and text[nxt] in _DOUBLE_OPEN + '"' and "\n" in text[q.end:nxt]:
                q = q._replace(balanced=True, continues=True)
        out.append(q)
    return out
