"""The files a build's stages hand each other through its work folder (``OUT/_work``): pickles
written whole or not at all (a worker killed while writing leaves only a temporary file, and a
task run again writes the same bytes), so a shuffle survives a lost worker.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def dump(path: Path, obj: Any) -> None:
    """Write ``obj`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path) -> Any:
    """What :func:`dump` wrote (only files of this build's own work folder are read)."""
    with path.open("rb") as fh:
        return pickle.load(fh)


def write_text(path: Path, text: str) -> None:
    """Write an output file atomically, as :func:`dump` does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pieces(folder: Path) -> list[Path]:
    """The finished pieces in ``folder`` (no temporary files), in name order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".pkl" and not p.name.startswith("."))
