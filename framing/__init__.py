"""framing: explainable bias and framing analysis of news.

Score a corpus for attribution style, hedging, sentiment toward each state,
national perspective and readability; every number traces back to spans of
text with character offsets and the rule or lexicon entry that produced it.

>>> import framing
>>> corpus = framing.load_corpus("strikes-2024")
>>> result = framing.score(corpus)           # doctest: +SKIP
>>> result.documents                          # doctest: +SKIP
"""

from ._version import __version__
from .errors import CorpusError, FramingInputError, LexiconError
from .corpus import bundled_corpora, describe_corpus, load_corpus
from .lexicons import Lexicon, list_lexicons, load_lexicon
from .measures import available_measures
from .score import ScoreResult, Scorer, score
from .text import prepare
from .tone import tone_toward

# Modules that import matplotlib or seaborn load on first use, so that
# `import framing` stays fast: framing.compare, framing.plots, framing.highlight.
_LAZY_MODULES = ("compare", "plots", "highlight", "report")


def __getattr__(name):
    if name in _LAZY_MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


__all__ = [
    "__version__",
    "CorpusError",
    "FramingInputError",
    "LexiconError",
    "Lexicon",
    "list_lexicons",
    "load_lexicon",
    "bundled_corpora",
    "load_corpus",
    "describe_corpus",
    "available_measures",
    "prepare",
    "tone_toward",
    "score",
    "Scorer",
    "ScoreResult",
]
