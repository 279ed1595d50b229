"""Errors raised for bad input: each names the file, the line where it applies, and the problem."""

from __future__ import annotations

from pathlib import Path


class FramingInputError(ValueError):
    """Bad input that the user can fix: a corpus, lexicon or argument.

    The message always says where (file and line when known), what is wrong,
    and, where it helps, what to do.
    """

    def __init__(self, problem: str, *, path: str | Path | None = None, line: int | None = None):
        self.problem = problem
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path + (f", line {line}" if line is not None else "") + ": "
        super().__init__(where + problem)


class CorpusError(FramingInputError):
    """A corpus file, folder or frame that cannot be loaded as given."""


class LexiconError(FramingInputError):
    """A lexicon file that is malformed or holds an invalid entry."""
