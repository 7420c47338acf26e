"""Shared CLI helpers: one-line errors with exit code 2, reading inputs."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from marsad.errors import InputError, MarsadError, TooLargeError
from marsad.ingest.decode import MAX_BYTES, decode

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


def fail(message: str, *, code: int = EXIT_BAD_INPUT) -> None:
    sys.stderr.write(f"marsad: {message}\n")
    raise typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn a :class:`MarsadError` into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MarsadError as exc:
            fail(str(exc))
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def read_bytes(path: str) -> bytes:
    """Bytes of ``path`` or of stdin for "-", refusing directories and files over the limit."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError("no such file", source=path)
        if p.is_dir():
            raise InputError("is a directory, not an article file", source=path)
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLargeError(f"input is larger than {MAX_BYTES // (1024 * 1024)} MB", source=path)
    return data


def read_text(path: str) -> str:
    return decode(read_bytes(path), source="<stdin>" if path == "-" else path)
