"""Find the bundled data folders (``lexicons/`` and ``corpus/``).

In an installed wheel they live inside the package (``framing/lexicons``);
in a source checkout or an editable install they sit beside the package at
the top of the repository. Both are read-only: nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """Return the folder of bundled data called `name` ("lexicons" or "corpus").

    Examples
    --------
    >>> (data_dir("lexicons") / "hedging.yaml").is_file()
    True
    """
    inside = resources.files("framing") / name
    if inside.is_dir():
        return Path(str(inside))
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(
        f"framing's bundled '{name}' folder is missing (looked in {inside} and {beside}); "
        "reinstall the package with `pip install framing`."
    )
