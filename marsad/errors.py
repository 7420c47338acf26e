"""Every error marsad raises: a stable code, a message and the offending value.

Codes are grouped by area: E1xx input, E2xx configuration and pipeline, E3xx data files,
E4xx store, E5xx evaluation, E6xx HTTP API, E7xx batch (Spark / multiprocessing). The CLI prints ``marsad: <input>: [<code>] <message>`` on stderr
and exits with status 2 for every :class:`MarsadError`.
"""

from __future__ import annotations

from typing import Any


class MarsadError(Exception):
    """Base class: ``code`` is stable and documented, ``value`` is what was wrong."""

    code: str = "E000"

    def __init__(self, message: str, *, value: Any = None, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.source = source

    def __str__(self) -> str:  # one line, always
        where = f"{self.source}: " if self.source else ""
        shown = ""
        if self.value is not None:
            text = repr(self.value)
            shown = f" (got {text[:80]}{'…' if len(text) > 80 else ''})"
        return f"{where}[{self.code}] {self.message}{shown}".replace("\n", " ")


class InputError(MarsadError):
    """The input could not be read as an article."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class BadDateError(InputError):
    code = "E104"


class BadRecordError(InputError):
    """A JSON line (or other record) that is malformed or has wrong types."""

    code = "E105"


class TooLargeError(InputError):
    code = "E106"


class ConfigError(MarsadError):
    code = "E200"


class UnknownStageError(ConfigError):
    code = "E201"


class StageOrderError(ConfigError):
    """A stage needs an annotation that no earlier stage adds."""

    code = "E202"


class StageError(MarsadError):
    """A stage failed on a document (a bug or an input it cannot handle); the record is skipped."""

    code = "E203"


class DataFileError(MarsadError):
    code = "E300"


class StoreError(MarsadError):
    code = "E400"


class GoldError(MarsadError):
    code = "E500"


class FetchError(InputError):
    """A URL or feed could not be fetched (network, HTTP status, robots.txt, size)."""

    code = "E107"


class UnsupportedSourceError(InputError):
    """A file or source type that ingest does not read."""

    code = "E108"


class StoreOpenError(StoreError):
    """The database could not be opened or migrated."""

    code = "E401"


class ExportError(StoreError):
    code = "E402"


class ApiError(MarsadError):
    """E6xx: the HTTP API (``marsad serve``)."""

    code = "E600"


class AuthError(ApiError):
    """A request without the token the operator configured."""

    code = "E601"


class NotFoundError(ApiError):
    """No article, entity, event or story with this id."""

    code = "E602"


class RequestTimeoutError(ApiError):
    """The request took longer than the server's time limit."""

    code = "E603"


class BadQueryError(ApiError):
    """A query parameter that is not valid (bad cursor, unknown format ...)."""

    code = "E604"


class RateLimitError(ApiError):
    """Too many requests from one client address (the server's per-client rate limit)."""

    code = "E605"


class BatchError(MarsadError):
    """E7xx: ``marsad batch`` (bad input format or output, a failed bulk load)."""

    code = "E700"


class EngineUnavailableError(BatchError):
    """The batch engine asked for cannot run here (no pyspark, no Java)."""

    code = "E701"


class BulkLoadError(BatchError):
    """The PostgreSQL COPY load failed (connection, permissions, schema)."""

    code = "E702"
