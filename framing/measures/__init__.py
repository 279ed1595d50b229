"""The measures: each turns a prepared document into spans and numbers.

``available_measures()`` lists them; ``resolve(names)`` adds what each
requires (attribution sets ``voice`` for hedging and sentiment; sentiment and
attribution feed perspective) and orders them so requirements run first.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from .base import SPAN_COLUMNS, Measure, MeasureOutput, Span, VoiceMap, make_span

# name -> module in this package; a measure's module defines the class `MEASURE`.
_MODULES = {
    "readability": "readability",
    "attribution": "attribution",
    "hedging": "hedging",
    "sentiment": "sentiment",
    "perspective": "perspective",
}


def available_measures() -> list[str]:
    """Names of the measures this installation provides, in default order."""
    return [n for n, m in _MODULES.items() if find_spec(f"{__name__}.{m}") is not None]


def measure_class(name: str) -> type[Measure]:
    if name not in available_measures():
        raise ValueError(f"unknown measure '{name}'; choose from {', '.join(available_measures())}")
    return import_module(f"{__name__}.{_MODULES[name]}").MEASURE


def resolve(names=None) -> list[str]:
    """Measure names with their requirements added, requirements first.

    >>> resolve(["readability"])
    ['readability']
    """
    wanted = list(available_measures() if names is None else names)
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in trail:
            raise ValueError(f"measures require each other in a cycle: {' -> '.join(trail + (name,))}")
        for req in measure_class(name).requires:
            visit(req, trail + (name,))
        order.append(name)

    for n in wanted:
        visit(n, ())
    return order


__all__ = ["SPAN_COLUMNS", "Measure", "MeasureOutput", "Span", "VoiceMap", "make_span",
           "available_measures", "measure_class", "resolve"]
