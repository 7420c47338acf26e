"""Bytes -> text, for articles from files, the web and archives.

UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they are. Otherwise the two legacy
Arabic encodings that sites still serve are tried: ISO-8859-6 (which leaves many byte values
undefined) and Windows-1256; the candidate whose decoding has the larger share of Arabic letters
wins. Empty, whitespace-only and binary inputs are refused with a clear error.
"""

from __future__ import annotations

from marsad.errors import BinaryInputError, EmptyInputError, EncodingError

_CONTROL_OK = {9, 10, 12, 13}
MAX_BYTES = 50 * 1024 * 1024 + 1024 * 1024  # 51 MB: a 50 MB HTML page still reads


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    ar = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return ar / len(letters)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in head if b < 32 and b not in _CONTROL_OK)
    return controls > max(8, len(head) // 50)


def decode(data: bytes, *, source: str | None = None, declared: str | None = None) -> str:
    """Decode an article's bytes; raise an :class:`InputError` subclass when it cannot be read."""
    if not data or not data.strip():
        raise EmptyInputError("input is empty", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if looks_binary(data):
        raise BinaryInputError("input looks binary, not text", source=source)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates: list[tuple[float, str]] = []
    for enc in ("iso-8859-6", "cp1256"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_share(text), text))
    if candidates:
        share, text = max(candidates, key=lambda c: c[0])
        if share >= 0.3:
            return text
    # Mostly UTF-8 with a truncated or damaged tail: keep what decodes.
    good = data[: utf8_error.start]
    if len(good) >= 0.9 * len(data):
        return data.decode("utf-8", errors="replace")
    raise EncodingError(
        "not UTF-8, Windows-1256 or ISO-8859-6 text",
        value=data[utf8_error.start : utf8_error.start + 8],
        source=source,
    )
