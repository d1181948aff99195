"""The evaluations behind ``newsfuse eval``, ``eval-quotes``, ``eval-figures`` and ``eval-cluster``."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ConfigError


def choose_systems(text: str, known: Iterable[str]) -> list[str]:
    """The names in the comma-separated ``text``, each checked against ``known``.

    Raises:
        ConfigError: an unknown name, or none at all.
    """
    known = list(known)
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if not names or unknown:
        raise ConfigError(f"unknown system(s) {', '.join(unknown) or '(none given)'}; choose from: {', '.join(known)}")
    return names
