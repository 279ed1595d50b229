"""Lexicon files: load, validate, match, and record their version.

A lexicon is a plain YAML file a researcher can read and edit: a header
(name, version, description, licence, sources) and ``entries`` by category and
label. Patterns are matched on word tokens (see :mod:`framing.tokens`), case
insensitively unless an entry says ``case: sensitive``; ``*`` at the end of a
word matches any ending (``suggest*``), and ``*`` alone matches any one token.
Entries may carry a ``regex`` instead, matched against sentence text. The
format is documented in ``docs/lexicons.md``.

quanteda YAML dictionaries and LIWC ``.dic`` files load too.

Examples
--------
>>> lex = load_lexicon("hedging")
>>> lex.name, bool(lex.sha256)
('hedging', True)
>>> from framing.tokens import tokenize, normalize_token
>>> norms = [normalize_token(t) for _, _, t in tokenize("It may well suggest otherwise")]
>>> [(m.entry.category, m.entry.pattern) for m in lex.matcher().find(norms)][:1]
[('hedge', 'may')]
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import yaml

from .errors import LexiconError
from .resources import data_dir
from .tokens import normalize_token, tokenize

_HEADER_REQUIRED = ("name", "version", "description", "licence", "sources", "entries")
_HEADER_OPTIONAL = ("extends", "remove", "notes", "language", "rules", "license")
_ENTRY_KEYS = ("pattern", "regex", "source", "note", "value", "case")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One lexicon entry.

    ``tokens`` is the pattern split like document text (lower case unless
    ``case_sensitive``); a token ending in ``*`` is a prefix, ``*`` alone any
    token. ``attrs`` holds any extra fields of the entry (e.g. ``state``).
    """

    category: str
    label: str
    pattern: str | None = None
    regex: str | None = None
    line: int | None = None
    source: str | None = None
    note: str | None = None
    value: float | None = None
    case_sensitive: bool = False
    attrs: Mapping[str, Any] = field(default_factory=dict)
    tokens: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        """How the entry is named in the ``rule`` column of spans."""
        return f"{self.category}/{self.label}:{self.pattern or self.regex}"


class Match(NamedTuple):
    """Tokens ``[start, end)`` matched by `entry` (token indices, not characters)."""

    start: int
    end: int
    entry: Entry


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A loaded, validated lexicon. Build with :func:`load_lexicon`.

    Treat it as read-only: results record its hash, which describes the file.
    """

    name: str
    version: str
    description: str
    licence: str
    sources: tuple[Mapping[str, Any], ...]
    entries: tuple[Entry, ...]
    path: str = ""
    sha256: str = ""
    extends: str | None = None
    rules: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Lexicon {self.name} {self.version} ({len(self.entries)} entries, sha256 {self.sha256[:12]})>"

    @property
    def info(self) -> dict[str, str]:
        """Name, version and content hash, as recorded with results."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256,
                "path": self.path, "extends": self.extends or ""}

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(e.category for e in self.entries))

    def select(self, category: str | None = None, label: str | None = None) -> list[Entry]:
        """Entries of one category (and label)."""
        return [e for e in self.entries
                if (category is None or e.category == category) and (label is None or e.label == label)]

    def to_frame(self):
        """The entries as a tidy DataFrame, one row per entry."""
        import pandas as pd

        rows = [{"category": e.category, "label": e.label, "pattern": e.pattern, "regex": e.regex,
                 "source": e.source, "note": e.note, "value": e.value,
                 "case_sensitive": e.case_sensitive, "line": e.line, **dict(e.attrs)}
                for e in self.entries]
        return pd.DataFrame(rows)

    def extend(self, other: "Lexicon", *, remove: Iterable[str] = ()) -> "Lexicon":
        """A new lexicon: these entries minus `remove` patterns, plus `other`'s.

        Header ``rules`` merge: a list in both is joined, other values are replaced.
        """
        drop = {normalize_token(p) for p in remove}
        kept = tuple(e for e in self.entries if normalize_token(e.pattern or e.regex or "") not in drop)
        digest = hashlib.sha256((self.sha256 + other.sha256 + "|".join(sorted(drop))).encode()).hexdigest()
        rules = dict(self.rules)
        for key, value in other.rules.items():
            # Lists add up (an extension's `ignore` list keeps the bundled one);
            # anything else is replaced.
            if isinstance(value, list) and isinstance(rules.get(key), list):
                rules[key] = list(dict.fromkeys([*rules[key], *value]))
            else:
                rules[key] = value
        return replace(other, entries=kept + other.entries, sha256=digest,
                       extends=f"{self.name} {self.version}", sources=self.sources + other.sources,
                       rules=rules)

    def matcher(self, categories: Sequence[str] | None = None) -> "Matcher":
        """A token matcher over the pattern entries (cached per category set)."""
        key = None if categories is None else tuple(categories)
        cache_ = self.__dict__.setdefault("_matchers", {})
        if key not in cache_:
            cache_[key] = Matcher([e for e in self.entries if e.tokens and (key is None or e.category in key)])
        return cache_[key]


class Matcher:
    """Find lexicon patterns in a token sequence: longest match first, no overlaps.

    Patterns of plain words are compared as tuples of normalised tokens; only
    wildcard or case-sensitive patterns take the slower token-by-token test,
    and positions whose token starts no pattern are skipped in one pass.
    Candidates are looked up by a position's token and the one after it, so a
    plain pattern of several words is only tried where its second word follows.

    >>> lex = load_lexicon("hedging")
    >>> from framing.tokens import tokenize, normalize_token
    >>> toks = [t for _, _, t in tokenize("So-called experts")]
    >>> [m.entry.pattern for m in lex.matcher().find([normalize_token(t) for t in toks])]
    ['so-called']
    """

    def __init__(self, entries: Sequence[Entry]):
        # (length, tokens, entry, simple) per entry; `simple` = plain words, case-insensitive.
        self._exact: dict[str, list[tuple[int, tuple[str, ...], Entry, bool]]] = {}
        self._wild: list[tuple[int, tuple[str, ...], Entry, bool]] = []
        for e in entries:
            simple = not e.case_sensitive and not any(t.endswith("*") for t in e.tokens)
            item = (len(e.tokens), e.tokens, e, simple)
            # Index by the lower-case first token; case-sensitive entries are
            # checked against the text as written.
            if e.tokens[0].endswith("*"):
                self._wild.append(item)
            else:
                self._exact.setdefault(e.tokens[0].lower(), []).append(item)
        for bucket in self._exact.values():
            bucket.sort(key=lambda it: -it[0])  # stable: file order among equal lengths
        self._wild.sort(key=lambda it: -it[0])
        # One regex of all wildcard prefixes tells in C whether a token can start one.
        prefixes = sorted({w[1][0][:-1].lower() for w in self._wild}, key=len, reverse=True)
        self._wild_start = re.compile("|".join(map(re.escape, prefixes))).match if prefixes else None
        # The exact first tokens as a frozenset: testing a token there is faster
        # than in the dict, and every token of a text is tested.
        self._first_tokens = frozenset(self._exact)
        # Each bucket narrowed by the next token: a plain pattern of several
        # words can only match where its second word follows, so for each such
        # second word keep the bucket without the plain patterns that need
        # another one (order kept); `rest` is the bucket for any other next token.
        self._narrow: dict[str, tuple[dict[str, list], list]] = {}
        for first, bucket in self._exact.items():
            needs_next = [it[3] and it[0] > 1 for it in bucket]
            rest = [it for it, needs in zip(bucket, needs_next) if not needs]
            by_next = {it[1][1]: [] for it, needs in zip(bucket, needs_next) if needs}
            for second, narrowed in by_next.items():
                narrowed.extend(it for it, needs in zip(bucket, needs_next) if not needs or it[1][1] == second)
            self._narrow[first] = (by_next, rest)
        self.entries = tuple(entries)

    def _positions(self, norms: Sequence[str], start: int, end: int) -> list[int]:
        """Token positions where some pattern could start."""
        first, wild_start = self._first_tokens, self._wild_start
        seq = norms if start == 0 and end == len(norms) else norms[start:end]
        if wild_start is None:
            return [k for k, t in enumerate(seq, start) if t in first]
        return [k for k, t in enumerate(seq, start) if t in first or wild_start(t)]

    @staticmethod
    def _general(norms: Sequence[str], text_of, i: int, toks: tuple[str, ...], case_sensitive: bool) -> bool:
        """Token-by-token test for wildcard and case-sensitive patterns;
        `text_of(k)` gives token k as written (None: not available)."""
        if case_sensitive:
            # Reject on the normalised tokens first: cutting the text as written
            # is only worth it when the words already agree ("The Hindu" vs "the").
            for k, pat in enumerate(toks):
                if not pat.endswith("*") and norms[i + k] != pat.lower():
                    return False
        for k, pat in enumerate(toks):
            probe = norms[i + k]
            if case_sensitive and text_of is not None:
                probe = text_of(i + k).translate(_STRAIGHT)
            if pat == "*":
                ok = any(ch.isalnum() for ch in probe)
            elif pat.endswith("*"):
                ok = probe.startswith(pat[:-1])
            else:
                ok = probe == pat
            if not ok:
                return False
        return True

    def _candidates(self, tok: str, following: str | None):
        """Entries that may match at a token followed by `following` (None: no
        token follows), longest first (file order among equals)."""
        by_next, rest = self._narrow.get(tok, _NO_CANDIDATES)
        cands = rest if following is None else by_next.get(following, rest)
        if self._wild_start is not None and self._wild_start(tok):
            extra = [w for w in self._wild if tok.startswith(w[1][0][:-1].lower())]
            if extra:
                cands = sorted([*cands, *extra], key=lambda it: -it[0])
        return cands

    def find(self, norms: Sequence[str], texts: Sequence[str] | None = None,
             start: int = 0, end: int | None = None, *, overlapping: bool = False) -> list[Match]:
        """Matches in ``norms[start:end]`` (normalised tokens; `texts` as written,
        needed for case-sensitive entries).

        Without `overlapping`, the longest match at the leftmost position wins
        and matching resumes after it; with it, every entry that matches
        anywhere is returned.
        """
        end = len(norms) if end is None else end
        last = len(norms) - 1
        out: list[Match] = []
        nxt = start
        text_of = texts.__getitem__ if texts is not None else None
        for i in self._positions(norms, start, end):
            if i < nxt:
                continue
            following = norms[i + 1] if i < last else None
            cands = self._candidates(norms[i], following)
            for n, toks, e, simple in cands:
                j = i + n
                if j > end:
                    continue
                if simple:  # the second token rules out most candidates before a tuple is built
                    ok = n == 1 or (norms[i + 1] == toks[1] and tuple(norms[i:j]) == toks)
                else:
                    ok = self._general(norms, text_of, i, toks, e.case_sensitive)
                if ok:
                    out.append(Match(i, j, e))
                    if not overlapping:
                        nxt = j
                        break
        return out

    def find_sentences(self, doc) -> list[list[Match]]:
        """Matches for every sentence of a prepared document, in one pass.

        Returns one list per ``doc.sentences`` entry; a match never crosses a
        sentence boundary. Same semantics as :meth:`find` sentence by sentence.
        """
        norms, tok_sent = doc.tok_norm, doc.tok_sent
        n_tok = len(norms)
        out: list[list[Match]] = [[] for _ in doc.sentences]
        text, starts, ends = doc.text, doc.tok_start, doc.tok_end

        def text_of(k: int) -> str:  # cut only the tokens a case-sensitive pattern needs
            return text[starts[k]:ends[k]]

        nxt = 0
        for i in self._positions(norms, 0, n_tok):
            if i < nxt:
                continue
            sid = tok_sent[i]
            following = norms[i + 1] if i + 1 < n_tok else None
            cands = self._candidates(norms[i], following)
            for n, toks, e, simple in cands:
                j = i + n
                if j > n_tok or tok_sent[j - 1] != sid:
                    continue
                if simple:  # the second token rules out most candidates before a tuple is built
                    ok = n == 1 or (norms[i + 1] == toks[1] and tuple(norms[i:j]) == toks)
                else:
                    ok = self._general(norms, text_of, i, toks, e.case_sensitive)
                if ok:
                    if sid >= 0:
                        out[sid].append(Match(i, j, e))
                    nxt = j
                    break
        return out


_NO_CANDIDATES: tuple[dict, list] = ({}, [])

_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def pattern_tokens(pattern: str, case_sensitive: bool = False) -> tuple[str, ...]:
    """Split a pattern exactly as document text is split, keeping ``*`` wildcards.

    >>> pattern_tokens("so-called")
    ('so', '-', 'called')
    >>> pattern_tokens("suggest* that")
    ('suggest*', 'that')
    """
    out: list[str] = []
    for chunk in pattern.split():
        if chunk == "*":
            out.append("*")
            continue
        wild = chunk.endswith("*")
        toks = [t for _, _, t in tokenize(chunk.rstrip("*"))]
        toks = [t.translate(_STRAIGHT) if case_sensitive else normalize_token(t) for t in toks]
        if wild and toks:
            toks[-1] += "*"
        out.extend(toks)
    return tuple(out)


# --- loading --------------------------------------------------------------------

def empty_lexicon(name: str) -> Lexicon:
    """A lexicon with no entries, for a role the user turns off (``lexicons={"terminology": None}``)."""
    return Lexicon(name=name, version="none", description="no lexicon (turned off by the user)",
                   licence="", sources=(), entries=(), sha256="")


def bundled_lexicons() -> list[str]:
    """Names of the lexicons shipped with framing."""
    return sorted(p.stem for p in data_dir("lexicons").glob("*.yaml"))


def list_lexicons():
    """A DataFrame describing every bundled lexicon (name, version, entries, hash)."""
    import pandas as pd

    rows = []
    for name in bundled_lexicons():
        lex = load_lexicon(name)
        rows.append({"name": lex.name, "version": lex.version, "entries": len(lex.entries),
                     "categories": ", ".join(lex.categories), "description": lex.description.strip(),
                     "sha256": lex.sha256[:12]})
    return pd.DataFrame(rows)


def _resolve(source: str | Path) -> Path:
    s = str(source)
    if isinstance(source, str) and _NAME_RE.match(s) and not s.endswith((".yaml", ".yml", ".dic")):
        bundled = data_dir("lexicons") / f"{s}.yaml"
        if bundled.is_file():
            return bundled
        raise LexiconError(f"no bundled lexicon named '{s}'; bundled ones are: "
                           f"{', '.join(bundled_lexicons())}. Pass a file path for your own.")
    return Path(source)


def load_lexicon(source: "str | Path | Lexicon") -> Lexicon:
    """Load a lexicon by bundled name or from a file (.yaml, quanteda .yml, LIWC .dic).

    Raises :class:`~framing.errors.LexiconError` naming the file, line and
    problem for anything malformed. Loaded files are cached by path and
    modification time.

    Examples
    --------
    >>> load_lexicon("hedging").version  # doctest: +ELLIPSIS
    '...'
    """
    if isinstance(source, Lexicon):
        return source
    path = _resolve(source)
    try:
        stat = path.stat()
    except OSError:
        raise LexiconError("lexicon file not found", path=path) from None
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@cache
def _load_cached(path: str, _mtime: int, _size: int) -> Lexicon:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LexiconError(f"not UTF-8 text (byte {exc.start})", path=path, line=line) from None
    digest = hashlib.sha256(raw).hexdigest()
    if path.endswith(".dic"):
        return _parse_liwc(text, path, digest)
    return _parse_yaml(text, path, digest)


def _parse_yaml(text: str, path: str, digest: str) -> Lexicon:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(f"invalid YAML: {problem}", path=path,
                           line=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise LexiconError("expected a mapping with a header and 'entries'", path=path, line=1)
    _check_duplicate_keys(node, path)
    keys = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    if "entries" not in data and "name" not in data:
        # A quanteda dictionary: categories (possibly nested) of patterns, no header.
        return _build(Path(path).stem, "unversioned", "quanteda dictionary", "unknown", (),
                      node, path, digest, None)
    unknown = set(data) - set(_HEADER_REQUIRED) - set(_HEADER_OPTIONAL)
    if unknown:
        k = sorted(unknown)[0]
        raise LexiconError(f"unknown header key '{k}'; allowed keys are "
                           f"{', '.join(_HEADER_REQUIRED + _HEADER_OPTIONAL[:-1])}", path=path, line=keys[k])
    if "license" in data and "licence" not in data:
        data["licence"] = data["license"]
    missing = [k for k in _HEADER_REQUIRED if k not in data]
    if missing:
        raise LexiconError(f"header is missing {', '.join(repr(m) for m in missing)} "
                           "(a lexicon needs name, version, description, licence, sources, entries)",
                           path=path, line=1)
    name = str(data["name"])
    if not _NAME_RE.match(name):
        raise LexiconError(f"name '{name}' must be lower case letters, digits, '-', '_' or '.'",
                           path=path, line=keys["name"])
    sources = data["sources"] or []
    if not isinstance(sources, list) or not all(isinstance(s, (dict, str)) for s in sources):
        raise LexiconError("'sources' must be a list of citations or {id, citation, url} mappings",
                           path=path, line=keys["sources"])
    sources = tuple(s if isinstance(s, dict) else {"citation": s} for s in sources)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise LexiconError("'rules' must be a mapping", path=path, line=keys["rules"])
    entries_node = dict((k.value, v) for k, v in node.value)["entries"]
    lex = _build(name, str(data["version"]), str(data["description"]), str(data["licence"]), sources,
                 entries_node, path, digest, rules)
    if data.get("extends"):
        base_src = str(data["extends"])
        candidate = Path(path).parent / base_src
        base = load_lexicon(candidate if candidate.suffix and candidate.is_file() else base_src)
        remove = data.get("remove") or []
        if not isinstance(remove, list):
            raise LexiconError("'remove' must be a list of patterns to drop from the extended lexicon",
                               path=path, line=keys["remove"])
        lex = base.extend(lex, remove=[str(r) for r in remove])
    return lex


def _check_duplicate_keys(node: yaml.Node, path: str) -> None:
    """PyYAML keeps the last of duplicate keys silently; a lexicon must not."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for k, v in node.value:
            line = k.start_mark.line + 1
            if k.value in seen:
                raise LexiconError(f"duplicate key '{k.value}' (first at line {seen[k.value]})",
                                   path=path, line=line)
            seen[k.value] = line
            _check_duplicate_keys(v, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, path)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _build(name, version, description, licence, sources, entries_node, path, digest, rules) -> Lexicon:
    source_ids = {s.get("id") for s in sources if s.get("id")}
    entries: list[Entry] = []
    seen: dict[tuple, int] = {}

    def walk(node: yaml.Node, trail: list[str]) -> None:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            if len(trail) >= 2:
                raise LexiconError(f"entries nest too deep under {'/'.join(trail)}: use category -> label -> list",
                                   path=path, line=line)
            for k, v in node.value:
                walk(v, trail + [str(k.value)])
        elif isinstance(node, yaml.SequenceNode):
            if not trail:
                raise LexiconError("'entries' must map categories to labels or lists", path=path, line=line)
            category, label = trail[0], trail[-1]
            for item in node.value:
                entries.append(_entry(item, category, label, path, source_ids, seen))
        elif isinstance(node, yaml.ScalarNode) and trail and node.value not in ("", None):
            entries.append(_entry(node, trail[0], trail[-1], path, source_ids, seen))
        else:
            raise LexiconError(f"expected a list of entries under {'/'.join(trail) or 'entries'}",
                               path=path, line=line)

    walk(entries_node, [])
    if not entries:
        raise LexiconError("the lexicon has no entries", path=path, line=entries_node.start_mark.line + 1)
    return Lexicon(name=name, version=version, description=description, licence=licence,
                   sources=tuple(sources), entries=tuple(entries), path=path, sha256=digest,
                   rules=rules or {})


def _entry(node: yaml.Node, category: str, label: str, path: str, source_ids: set, seen: dict) -> Entry:
    line = node.start_mark.line + 1
    value = _scalar(node)
    where = f"{category}/{label}"
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        spec: dict[str, Any] = {"pattern": str(value)}
    elif isinstance(value, dict):
        spec = dict(value)
    else:
        raise LexiconError(f"entry under {where} must be a pattern or a mapping with 'pattern' or 'regex'",
                           path=path, line=line)
    has_pattern, has_regex = spec.get("pattern") not in (None, ""), spec.get("regex") not in (None, "")
    if has_pattern == has_regex:
        raise LexiconError(f"entry {value!r} under {where} needs exactly one of 'pattern' or 'regex'",
                           path=path, line=line)
    pattern = str(spec["pattern"]).strip() if has_pattern else None
    regex = str(spec["regex"]) if has_regex else None
    shown = pattern or regex
    if regex is not None:
        try:
            re.compile(regex)
        except re.error as exc:
            raise LexiconError(f"entry {shown!r} under {where}: bad regular expression ({exc})",
                               path=path, line=line) from None
    case = spec.get("case", "insensitive")
    if case not in ("sensitive", "insensitive"):
        raise LexiconError(f"entry {shown!r} under {where}: 'case' must be 'sensitive' or 'insensitive'",
                           path=path, line=line)
    tokens: tuple[str, ...] = ()
    if pattern is not None:
        if "**" in pattern or re.search(r"\*\S", pattern.replace("* ", "  ")):
            raise LexiconError(f"entry {shown!r} under {where}: '*' may only end a word", path=path, line=line)
        tokens = pattern_tokens(pattern, case == "sensitive")
        if not tokens or tokens[0] == "*":
            raise LexiconError(f"entry {shown!r} under {where}: a pattern must start with a word",
                               path=path, line=line)
    source = spec.get("source")
    if source is not None and source_ids and source not in source_ids:
        raise LexiconError(f"entry {shown!r} under {where}: unknown source '{source}' "
                           f"(the header lists: {', '.join(sorted(source_ids))})", path=path, line=line)
    num = spec.get("value")
    if num is not None:
        if isinstance(num, bool) or not isinstance(num, (int, float)) or not math.isfinite(num):
            raise LexiconError(f"entry {shown!r} under {where}: 'value' must be a number", path=path, line=line)
        num = float(num)
    key = (category, label, tokens or regex, case)
    if key in seen:
        raise LexiconError(f"duplicate entry {shown!r} under {where} (first at line {seen[key]})",
                           path=path, line=line)
    seen[key] = line
    attrs = {k: v for k, v in spec.items() if k not in _ENTRY_KEYS}
    return Entry(category=category, label=label, pattern=pattern, regex=regex, line=line,
                 source=source, note=spec.get("note"), value=num, case_sensitive=case == "sensitive",
                 attrs=attrs, tokens=tokens)


def _parse_liwc(text: str, path: str, digest: str) -> Lexicon:
    """LIWC .dic: a '%'-delimited block of 'id<TAB>category', then 'word<TAB>ids'."""
    lines = text.splitlines()
    marks = [i for i, l in enumerate(lines) if l.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError("not a LIWC .dic file: expected a category block between two '%' lines",
                           path=path, line=1)
    cats: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if len(parts) < 2:
            if parts:
                raise LexiconError(f"category line {lines[i]!r} needs an id and a name", path=path, line=i + 1)
            continue
        cats[parts[0]] = parts[1]
    entries: list[Entry] = []
    for i in range(marks[1] + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        # Words may hold spaces in LIWC 2015 ("kind of"); ids are the trailing numbers.
        parts = raw.split()
        ids = []
        while parts and parts[-1] in cats:
            ids.insert(0, parts.pop())
        if not parts or not ids:
            raise LexiconError(f"entry {raw!r}: expected a word followed by category ids", path=path, line=i + 1)
        pattern = " ".join(parts)
        for cid in ids:
            entries.append(Entry(category=cats[cid], label=cats[cid], pattern=pattern, line=i + 1,
                                 tokens=pattern_tokens(pattern)))
    if not entries:
        raise LexiconError("the dictionary has no entries", path=path, line=marks[1] + 1)
    return Lexicon(name=Path(path).stem.lower(), version="unversioned", description="LIWC dictionary",
                   licence="unknown", sources=(), entries=tuple(entries), path=path, sha256=digest)
