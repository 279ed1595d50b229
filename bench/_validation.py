"""Where the human-labelled validation data lives, for the bench/ scripts.

The data sets stay outside the repository (their licences and the project's
rules forbid copying them in): by default ``../shared/validation`` beside the
checkout, or wherever ``FRAMING_VALIDATION_DIR`` points.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def validation_dir(subfolder: str = "", *, required: bool = True) -> Path | None:
    """The validation folder (or one data set in it); when it is missing, exits with
    code 2 and a clear message, so scripts fail loudly rather than report nothing
    (or returns None when it is optional)."""
    base = Path(os.environ.get("FRAMING_VALIDATION_DIR", REPO.parent / "shared" / "validation"))
    path = base / subfolder if subfolder else base
    if not path.exists():
        if not required:
            return None
        sys.exit(f"validation data not found at {path}: set FRAMING_VALIDATION_DIR to the folder "
                 "holding newsmtsc/, polnear/, bioscope/ and en_worldwide_newswire/")
    return path
