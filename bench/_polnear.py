"""Read PolNeAR attribution annotations and score span predictions against them.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution
relation in US political news (2016) as brat standoff: ``text/<name>.txt``
holds an article, ``attributions/<name>_<annotator>.ann`` one annotator's
spans, ``T`` lines ``T7<TAB>Content 292 543<TAB>text`` (a span may be
discontinuous: ``292 300;305 320``) and ``E`` lines tying Source, Cue and
Content together. The data stay outside the repository and are read at run
time (see ``bench/_validation.py``); nothing from them is copied.

Annotator policy: most articles have one annotator; for an article with
several, the first annotator id in sorted order is the gold standard (each
article counts once). :func:`annotator_pairs` gives the other annotations of
such articles, used to report agreement between people as a ceiling.

Scoring (:func:`score`): for each category (cue, source, content) a
predicted span is correct when it overlaps any gold span of that category by
at least one character, and a gold span is found when any predicted span
overlaps it; precision, recall and F1 come from these counts summed over
articles. ``chars`` gives character-level precision/recall/F1 (how much of the
gold text the predicted spans cover), which also judges boundaries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = ("cue", "source", "content")


@dataclass
class Relation:
    """One attribution: each part a list of (start, end) character segments."""

    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Article:
    name: str
    text: str
    annotator: str
    spans: dict[str, list[tuple[int, int]]]  # category -> segments
    relations: list[Relation]


def _segments(offsets: str) -> list[tuple[int, int]]:
    out = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(text: str) -> tuple[dict[str, list[tuple[int, int]]], list[Relation]]:
    """Spans by category and relations from one ``.ann`` file's text."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    tspans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[Relation] = []
    elines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            cat = kind.lower()
            try:
                segs = _segments(offsets)
            except ValueError:
                continue
            tspans[parts[0]] = (cat, segs)
            if cat in CATEGORIES:
                spans[cat].extend(segs)
        elif line.startswith("E") and len(parts) >= 2:
            elines.append(parts[1])
    for e in elines:
        rel = Relation()
        for arg in e.split()[1:]:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in CATEGORIES and tid in tspans:
                getattr(rel, role).extend(tspans[tid][1])
        relations.append(rel)
    return dict(spans), relations


def _annotations(split_dir: Path) -> dict[str, list[Path]]:
    """Article name -> its .ann files, sorted by annotator id."""
    by_name: dict[str, list[Path]] = defaultdict(list)
    for p in sorted((split_dir / "attributions").glob("*.ann")):
        name, _, _annotator = p.stem.rpartition("_")
        by_name[name].append(p)
    return by_name


def load(split_dir: Path) -> list[Article]:
    """Articles of one split (``dev/`` or ``train/``), gold = first annotator."""
    out = []
    for name, files in sorted(_annotations(split_dir).items()):
        txt = split_dir / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        spans, rels = parse_ann(files[0].read_text(encoding="utf-8"))
        out.append(Article(name, text, files[0].stem.rpartition("_")[2], spans, rels))
    return out


def annotator_pairs(split_dir: Path) -> list[tuple[Article, Article]]:
    """(first annotator, other annotator) for every article annotated more than once."""
    pairs = []
    for name, files in sorted(_annotations(split_dir).items()):
        if len(files) < 2:
            continue
        text = (split_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
        arts = []
        for f in files:
            spans, rels = parse_ann(f.read_text(encoding="utf-8"))
            arts.append(Article(name, text, f.stem.rpartition("_")[2], spans, rels))
        pairs.extend((arts[0], other) for other in arts[1:])
    return pairs


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


class Counts:
    """Accumulates overlap and character counts per category over articles."""

    def __init__(self) -> None:
        self.c = {cat: defaultdict(int) for cat in CATEGORIES}

    def add(self, pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]) -> None:
        for cat in CATEGORIES:
            p, g = pred.get(cat, []), gold.get(cat, [])
            c = self.c[cat]
            c["n_pred"] += len(p)
            c["n_gold"] += len(g)
            c["pred_ok"] += sum(1 for s in p if _overlaps(s, g))
            c["gold_found"] += sum(1 for s in g if _overlaps(s, p))
            pc, gc = _chars(p), _chars(g)
            c["char_pred"] += len(pc)
            c["char_gold"] += len(gc)
            c["char_both"] += len(pc & gc)

    def table(self) -> dict[str, dict[str, float]]:
        out = {}
        for cat, c in self.c.items():
            p = c["pred_ok"] / c["n_pred"] if c["n_pred"] else float("nan")
            r = c["gold_found"] / c["n_gold"] if c["n_gold"] else float("nan")
            cp = c["char_both"] / c["char_pred"] if c["char_pred"] else float("nan")
            cr = c["char_both"] / c["char_gold"] if c["char_gold"] else float("nan")
            out[cat] = {"precision": p, "recall": r, "f1": _f1(p, r),
                        "char_precision": cp, "char_recall": cr, "char_f1": _f1(cp, cr),
                        "n_pred": c["n_pred"], "n_gold": c["n_gold"]}
        return out


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def _f1(p: float, r: float) -> float:
    if p != p or r != r or p + r == 0:
        return float("nan") if (p != p or r != r) else 0.0
    return 2 * p * r / (p + r)
