"""Errors newsfuse raises, one tree for the CLI, the library and the web app.

::

    NewsfuseError                 .code ("NF101"), .source (path/URL or None)
    ├── InputError                a user's input is unusable -> CLI exit 2, HTTP 400/422
    │   ├── ReadError             missing, unreadable, binary, too large, undecodable
    │   ├── FormatError           malformed JSON/feed/HTML, missing required fields
    │   ├── ExtractionError       no article text after boilerplate removal
    │   ├── FetchError            URL refused (scheme, private host), timeout, not 2xx, too large
    │   ├── TooLargeError         an upload or request over a configured limit -> HTTP 413 (414/431 for heads)
    │   ├── CrossOriginError      a write sent by another site's page (CSRF) -> HTTP 403
    │   ├── HostError             a Host header not in allowed_hosts -> HTTP 400
    │   └── ClientTimeoutError    a client too slow to send its request -> HTTP 408
    ├── ConfigError               unknown setting, system or stage, bad value -> exit 2
    │   └── ContractError         stages whose declared fields do not fit, or a stage breaking them
    ├── ModelUnavailable          optional model not installed -> names the package, or --fast
    ├── StoreError                locked, schema newer than this version, disk full -> exit 1
    │   ├── NotFoundError         no story or article with that id -> HTTP 404
    │   ├── ConflictError         a story kept changing under a write; retry -> HTTP 409
    │   ├── StoreBusyError        another writer held the store past the busy timeout; retry -> HTTP 503
    │   └── StoreFileError        the --db path is a folder, in a missing folder, or not a store -> exit 2
    ├── OutputError               an output path cannot be written (missing folder, a folder) -> exit 2
    └── DataError                 evaluation data missing or malformed -> names the path, exit 2

Every message says which input, what is wrong and what to do, in one line.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes (``\\n``), so a
    message naming hostile input stays one line."""
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""

    code = "NF000"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, source: str | None = None, code: str | None = None) -> None:
        source = one_line(source) if source is not None else None
        message = one_line(message)
        self.source = source
        if code:
            self.code = code
        self.detail = message  # the message without its source, for audiences that must not see paths
        self.message = f"{source}: {message}" if source else message
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(NewsfuseError):
    """A user's input is unusable: the base of the read, format, extraction and fetch errors."""

    code = "NF100"
    exit_code = 2
    http_status = 422


class ReadError(InputError):
    """A file or stream could not be read: missing, binary, too large, undecodable, empty."""

    code = "NF101"


class FormatError(InputError):
    """Malformed JSON, JSON Lines, feed or HTML; a required field missing."""

    code = "NF102"


class ExtractionError(InputError):
    """No article text was left after boilerplate removal."""

    code = "NF103"


class FetchError(InputError):
    """A URL could not be read: refused, timed out, not 2xx, wrong type or too large."""

    code = "NF104"

    def __init__(self, message: str, *, url: str, code: str | None = None) -> None:
        super().__init__(message, source=url, code=code)
        self.url = url


class TooLargeError(InputError):
    """An upload or request exceeds a configured limit (HTTP 413)."""

    code = "NF105"
    http_status = 413


class CrossOriginError(InputError):
    """A state-changing request sent from another site's page (cross-site request forgery)."""

    code = "NF106"
    http_status = 403


class HostError(InputError):
    """The request's ``Host`` header names no host in ``allowed_hosts``."""

    code = "NF107"
    http_status = 400


class ClientTimeoutError(InputError):
    """A client took longer than ``client_timeout_s`` to send its request's headers or body."""

    code = "NF108"
    http_status = 408


class ConfigError(NewsfuseError):
    """An unknown setting, system, stage or cluster, or a bad value."""

    code = "NF200"
    exit_code = 2
    http_status = 400


class ContractError(ConfigError):
    """Stages whose declared fields do not fit together, or a stage that breaks its declaration
    (reads a field it does not require, leaves unset one it assigns, changes another's)."""

    code = "NF201"
    exit_code = 1
    http_status = 500


class ModelUnavailable(NewsfuseError):
    """An optional model is not installed; the message names the package or --fast."""

    code = "NF300"
    exit_code = 2
    http_status = 503


def model_import_error(module: str, exc: BaseException, *, what: str, install: str) -> ModelUnavailable:
    """The error for a model package whose import failed, telling "not installed" from "broken".

    Only a :class:`ModuleNotFoundError` for ``module`` itself means it is not installed; any other
    failure (a module it imports is missing, a shared library will not load, a version clash) is
    shown with its cause, so the user can fix that instead of reinstalling in vain.

    Args:
        module: the top-level module imported (``"onnxruntime"``).
        exc: the exception the import raised.
        what: how the message names it ("spaCy's English model").
        install: the command that installs it.
    """
    if isinstance(exc, ModuleNotFoundError) and exc.name == module:
        return ModelUnavailable(f"{what} is not installed; run `{install}` or pass --fast")
    return ModelUnavailable(f"{what} is installed but failed to import ({type(exc).__name__}: {exc}); "
                            f"reinstall it (`{install}`) or pass --fast")


class StoreError(NewsfuseError):
    """The SQLite store is locked, newer than this version, or could not be written."""

    code = "NF400"
    exit_code = 1
    http_status = 500


class StoreBusyError(StoreError):
    """Another writer held the store past its busy timeout: the write did nothing; try again."""

    code = "NF503"
    http_status = 503


class NotFoundError(StoreError):
    """A story or article id is not in the store."""

    code = "NF404"
    http_status = 404


class ConflictError(StoreError):
    """A story changed under a write more times than the write retries; send it again."""

    code = "NF409"
    http_status = 409


class StoreFileError(StoreError):
    """The store path is unusable: a folder, in a missing folder, or a file that is not a store."""

    code = "NF401"
    exit_code = 2


class OutputError(NewsfuseError):
    """An output file cannot be written: its folder is missing, it names a folder, or no permission."""

    code = "NF600"
    exit_code = 2
    http_status = 500


class DataError(NewsfuseError):
    """Evaluation data is missing or malformed; the message names the path."""

    code = "NF500"
    exit_code = 2
    http_status = 400
