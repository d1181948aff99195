"""Settings: one typed table of every knob, with its default, range and help text.

``SETTINGS`` is the only place a setting is written: its type, default, valid
range or choices, help text and, where one exists, the command-line flag that
sets it. The :class:`Settings` dataclass takes its defaults from the table (an
import-time check keeps its fields and the table in step), values are checked
against the table wherever they come from, and ``docs/settings.md``
(``scripts/gen_settings_docs.py``), the CLI options and the web page read it.

Layers, later ones win:

1. the defaults in ``SETTINGS``;
2. ``NEWSFUSE_<NAME>`` environment variables (``NEWSFUSE_SUMMARY_WORDS=150``);
3. ``--set name=value`` on the command line;
4. explicit command-line flags (``--words 150``) or keyword arguments
   (``newsfuse.brief(..., summary_words=150)``).

A bad value or an unknown name is refused with a one-line :class:`ConfigError`
that names where the value came from.
"""

from __future__ import annotations

import difflib
import math
import os
from dataclasses import dataclass, fields, replace
from typing import Any, Iterable, Mapping

from .errors import ConfigError

__all__ = ["SETTINGS", "Setting", "Settings", "load_settings", "parse_set_options", "setting"]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True, slots=True)
class Setting:
    """One knob: its name, type, default, valid values and help text.

    Attributes:
        name: the field of :class:`Settings` (``summary_words``).
        type: ``int``, ``float``, ``bool`` or ``str``.
        default: the value used when nothing sets it.
        help: one sentence for the docs and ``--help``.
        minimum, maximum: the inclusive range of a number (``None``: unbounded).
        exclusive_minimum: the value must be greater than ``minimum``, not equal to it.
        choices: the allowed values of a ``str`` setting (empty: any).
        flag: the command-line option that sets it (``--words``), if any.
    """

    name: str
    type: type
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    flag: str | None = None

    @property
    def env(self) -> str:
        """The environment variable that sets it: ``NEWSFUSE_SUMMARY_WORDS``."""
        return f"NEWSFUSE_{self.name.upper()}"

    def allowed(self) -> str:
        """The valid values in words: "a whole number of at least 10", "a number from 0 to 1"."""
        if self.type is bool:
            return "true or false"
        if self.type is str:
            return "one of: " + ", ".join(self.choices) if self.choices else "a string"
        kind = "a whole number" if self.type is int else "a number"
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return f"{kind} from {lo:g} to {hi:g}"
        if lo is not None:
            return f"{kind} {'above' if self.exclusive_minimum else 'of at least'} {lo:g}"
        if hi is not None:
            return f"{kind} of at most {hi:g}"
        return kind

    def parse(self, value: Any, origin: str | None = None) -> Any:
        """``value`` (typed, or text from the environment or ``--set``) checked and converted.

        Args:
            value: the value to check; text is converted to the setting's type.
            origin: where it came from, for the message ("NEWSFUSE_FAST", "--words").

        Returns:
            The value as the setting's type.

        Raises:
            ConfigError: the value has the wrong type or is out of range.
        """
        try:
            out = self._convert(value)
        except (TypeError, ValueError):
            out = None
        if out is None or not self._in_range(out):
            where = f" (from {origin})" if origin and origin != self.name else ""
            raise ConfigError(f"setting '{self.name}'{where} takes {self.allowed()}, not {_show(value)}")
        return out

    def _convert(self, value: Any) -> Any:
        text = value.strip() if isinstance(value, str) else None
        if self.type is bool:
            if isinstance(value, bool):
                return value
            if text is not None and text.lower() in _TRUE + _FALSE:
                return text.lower() in _TRUE
            return None
        if isinstance(value, bool):  # True is an int to Python, not a number to a user
            return None
        if self.type is int:
            if isinstance(value, int):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return int(text) if text is not None else None
        if self.type is float:
            if isinstance(value, (int, float)):
                return float(value)
            return float(text) if text is not None else None
        return text if text is not None else None

    def _in_range(self, value: Any) -> bool:
        if self.type is str:
            return not self.choices or value in self.choices
        if self.type is bool:
            return True
        if not math.isfinite(value):
            return False
        if self.minimum is not None and (value < self.minimum or (self.exclusive_minimum and value == self.minimum)):
            return False
        return self.maximum is None or value <= self.maximum


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


SETTINGS: tuple[Setting, ...] = (
    Setting("summary_words", int, 100, "Word budget of the summary; never exceeded.", minimum=10, flag="--words"),
    Setting("fast", bool, False, "Use no neural model: rule-based sentences and TF-IDF similarity.", flag="--fast"),
    Setting("support_threshold", float, 0.62,
            "Cosine similarity (MiniLM) at which two sentences count as the same content: what only one outlet "
            "reports, the timeline's merged events and an update's old news (citations use the learned support model).",
            minimum=0, maximum=1),
    Setting("support_threshold_fast", float, 0.38, "The same threshold for TF-IDF vectors in fast mode.",
            minimum=0, maximum=1),
    Setting("summary_compress", bool, True,
            "Let the summary use shortened sentences (no attribution tails, parentheses or dashed asides)."),
    Setting("max_file_bytes", int, 20_000_000, "Largest input file read, in bytes.", minimum=1),
    Setting("min_article_chars", int, 80, "Shortest article text accepted after cleaning.", minimum=1),
    Setting("fetch_timeout_s", float, 10.0,
            "Deadline for fetching a URL, in seconds: connecting, headers and body together, however slowly the server sends.",
            minimum=0, exclusive_minimum=True),
    Setting("fetch_max_bytes", int, 5_000_000, "Largest response body fetched from a URL, in bytes.", minimum=1),
    Setting("fetch_max_redirects", int, 5, "Most redirects followed when fetching a URL.", minimum=0),
    Setting("allow_private_urls", bool, False, "Allow fetching loopback, private and link-local addresses.",
            flag="--allow-private-urls"),
    Setting("max_articles", int, 200, "Most articles in one story or brief request.", minimum=1),
    Setting("max_upload_bytes", int, 10_000_000, "Largest upload or request body accepted by the web server, in bytes.",
            minimum=1),
    Setting("exclusive_per_source", int, 5, "Most exclusive statements listed per outlet (0 lists none).", minimum=0),
    Setting("story_window_days", float, 3.0,
            "Days without a new article after which a story closes (stream clustering), once story_window_articles "
            "have also passed.",
            minimum=0, exclusive_minimum=True, flag="--window-days"),
    Setting("story_window_articles", int, 2000,
            "Stream articles without a new one in a story after which it closes, once story_window_days have also "
            "passed: on a sparse stream the count decides, on a busy feed the days (0: days only).",
            minimum=0, flag="--window-articles"),
    Setting("allowed_hosts", str, "",
            "Host names the web server answers to, comma-separated ('.example.org' includes subdomains, '*' any); "
            "empty: the bound address and localhost."),
    Setting("max_title_chars", int, 300, "Longest story title accepted; a longer title from an article is shortened.",
            minimum=1),
    Setting("max_header_bytes", int, 32_768, "Largest request line plus headers the web server reads (414 or 431 beyond).",
            minimum=1024),
    Setting("client_timeout_s", float, 60.0, "Longest the web server waits for a request's headers, and for its body (408 beyond).",
            minimum=0, exclusive_minimum=True),
    Setting("max_concurrent_fetches", int, 64,
            "URL fetches the web server runs at once; more wait their turn, apart from other requests.", minimum=1),
    Setting("max_concurrent_writes", int, 4,
            "Story writes (brief and store) the web server runs at once; reads never wait for them.", minimum=1),
    Setting("feed_interval_s", int, 900,
            "Seconds between two polls of a feed added without an interval of its own (errors back off from it).",
            minimum=1, maximum=604_800),
    Setting("desk_checkpoint_articles", int, 500,
            "The desk saves the whole clustering state after this many new articles (0: after every batch); in "
            "between, each batch's arrivals are logged with the articles and replayed on restart.", minimum=0),

)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The :class:`Setting` called ``name``.

    Raises:
        ConfigError: no setting has that name; the message suggests the closest one.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        close = difflib.get_close_matches(name, _BY_NAME, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(_BY_NAME)}"
        raise ConfigError(f"unknown setting '{name}'{hint}") from None


def _default(name: str) -> Any:
    return _BY_NAME[name].default


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting's value; the defaults come from :data:`SETTINGS`.

    ``Settings(summary_words=150)`` checks each value against the table (type and
    range) and raises :class:`~newsfuse.errors.ConfigError` for a bad one. Read the
    layered values (environment, ``--set``, flags) with :func:`load_settings`.
    """

    summary_words: int = _default("summary_words")
    fast: bool = _default("fast")
    support_threshold: float = _default("support_threshold")
    support_threshold_fast: float = _default("support_threshold_fast")
    summary_compress: bool = _default("summary_compress")
    max_file_bytes: int = _default("max_file_bytes")
    min_article_chars: int = _default("min_article_chars")
    fetch_timeout_s: float = _default("fetch_timeout_s")
    fetch_max_bytes: int = _default("fetch_max_bytes")
    fetch_max_redirects: int = _default("fetch_max_redirects")
    allow_private_urls: bool = _default("allow_private_urls")
    max_articles: int = _default("max_articles")
    max_upload_bytes: int = _default("max_upload_bytes")
    exclusive_per_source: int = _default("exclusive_per_source")
    story_window_days: float = _default("story_window_days")
    story_window_articles: int = _default("story_window_articles")
    allowed_hosts: str = _default("allowed_hosts")
    max_title_chars: int = _default("max_title_chars")
    max_header_bytes: int = _default("max_header_bytes")
    client_timeout_s: float = _default("client_timeout_s")
    max_concurrent_fetches: int = _default("max_concurrent_fetches")
    max_concurrent_writes: int = _default("max_concurrent_writes")
    feed_interval_s: int = _default("feed_interval_s")
    desk_checkpoint_articles: int = _default("desk_checkpoint_articles")

    def __post_init__(self) -> None:
        for s in SETTINGS:
            object.__setattr__(self, s.name, s.parse(getattr(self, s.name)))

    @property
    def similarity_threshold(self) -> float:
        """The support threshold of the current mode: ``support_threshold_fast`` when ``fast``."""
        return self.support_threshold_fast if self.fast else self.support_threshold

    def to_dict(self) -> dict[str, Any]:
        """Every setting by name, in table order."""
        return {s.name: getattr(self, s.name) for s in SETTINGS}

    def with_(self, **overrides: Any) -> "Settings":
        """A copy with ``overrides`` applied, each checked against the table.

        Raises:
            ConfigError: an unknown name or a bad value.
        """
        return replace(self, **{k: setting(k).parse(v) for k, v in overrides.items()})


def _check_fields_match_table() -> None:
    names = [(f.name, f.type) for f in fields(Settings)]
    expected = [(s.name, s.type.__name__) for s in SETTINGS]
    if names != expected:  # a programming error, caught on import by every test
        raise RuntimeError(f"Settings fields {names} do not match the SETTINGS table {expected}")


_check_fields_match_table()


def parse_set_options(pairs: Iterable[str]) -> dict[str, str]:
    """``["summary_words=150", ...]`` (``--set`` options) as a dict of text values.

    Raises:
        ConfigError: an item is not ``name=value``, or names no setting.
    """
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--set takes name=value (e.g. --set summary_words=150), not '{pair}'")
        k, v = pair.split("=", 1)
        setting(k.strip())
        out[k.strip()] = v
    return out


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    set_: Iterable[str] = (),
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings in force: defaults < ``NEWSFUSE_*`` environment < ``set_`` < ``overrides``.

    Args:
        overrides: values by setting name (keyword arguments, explicit CLI flags);
            ``None`` values mean "not given" and are skipped.
        set_: ``name=value`` strings, as given to ``--set``.
        flags: like ``overrides``, but errors name the setting's CLI flag (``--words``).
        environ: the environment to read (default ``os.environ``); unrelated
            ``NEWSFUSE_*`` variables are ignored.

    Returns:
        A checked :class:`Settings`.

    Raises:
        ConfigError: an unknown name, a malformed ``--set`` item or a bad value; the
            message names where the value came from.
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        if s.env in env:
            values[s.name] = s.parse(env[s.env], s.env)
    for name, text in parse_set_options(set_).items():
        values[name] = setting(name).parse(text, "--set")
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name] = setting(name).parse(value)
    for name, value in (flags or {}).items():
        if value is not None:
            s = setting(name)
            values[name] = s.parse(value, s.flag)
    return Settings(**values)
