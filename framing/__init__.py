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
from .lexicons import Lexicon, list_lexicons, load_lexicon

__all__ = [
    "__version__",
    "CorpusError",
    "FramingInputError",
    "LexiconError",
    "Lexicon",
    "list_lexicons",
    "load_lexicon",
]
