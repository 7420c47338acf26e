"""Bearer-token checks: writes need the write token when one is configured, reads are open
unless the operator sets a read token.

Only SHA-256 digests of the tokens are kept in memory; a presented token is hashed and compared
in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request

from marsad.errors import AuthError


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    """Hashes of the configured tokens (``None``: that kind of access is open)."""

    write_hash: bytes | None = None
    read_hash: bytes | None = None

    @classmethod
    def from_tokens(cls, *, write_token: str | None, read_token: str | None) -> TokenPolicy:
        return cls(
            write_hash=digest(write_token) if write_token else None,
            read_hash=digest(read_token) if read_token else None,
        )

    @property
    def reads_open(self) -> bool:
        return self.read_hash is None

    def _matches(self, presented: str | None, wanted: bytes | None) -> bool:
        if wanted is None:
            return True
        if not presented:
            return False
        return hmac.compare_digest(digest(presented), wanted)

    def allow_read(self, presented: str | None) -> bool:
        if self.read_hash is None:
            return True
        # the write token also reads
        return self._matches(presented, self.read_hash) or (
            self.write_hash is not None and self._matches(presented, self.write_hash)
        )

    def allow_write(self, presented: str | None) -> bool:
        return self._matches(presented, self.write_hash)


def bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _policy(request: Request) -> TokenPolicy:
    policy: TokenPolicy = request.app.state.tokens
    return policy


def require_read(request: Request) -> None:
    """FastAPI dependency for every read endpoint."""
    if not _policy(request).allow_read(bearer(request)):
        raise AuthError("this server needs a read token (Authorization: Bearer <token>)")


def require_write(request: Request) -> None:
    """FastAPI dependency for every endpoint that writes or runs the pipeline."""
    if not _policy(request).allow_write(bearer(request)):
        raise AuthError("this endpoint needs the write token (Authorization: Bearer <token>)")
