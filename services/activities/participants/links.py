"""The tokens of the links participants open: unguessable without the secret key, tied to
one stream and to the nonce of its latest link (opening a new link, or closing it, voids the
old one). The token is never stored: the stream keeps only the nonce, and the token is
derived again from it and the secret when the staff page shows the QR code.

    token = base64url(stream uuid, 16 bytes) + base64url(HMAC-SHA256(secret,
            purpose:stream:nonce), first 18 bytes)        (46 characters)
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid

from shared.eventstore import ConcurrencyError, NotFound

STREAM_CHARS, MAC_BYTES = 22, 18
TOKEN_CHARS = STREAM_CHARS + 24


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class LinkTokens:
    def __init__(self, secret: str):
        self._key = hashlib.sha256(b"argan.participant-links:" + secret.encode()).digest()

    def _mac(self, purpose: str, stream_id: str, nonce: str) -> str:
        message = f"{purpose}:{stream_id}:{nonce}".encode()
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest()[:MAC_BYTES])

    def token(self, purpose: str, stream_id: str, nonce: str) -> str:
        return _b64(uuid.UUID(stream_id).bytes) + self._mac(purpose, stream_id, nonce)

    @staticmethod
    def stream_of(token: str) -> str | None:
        """The stream a token names, or None for a token of the wrong shape."""
        if len(token) != TOKEN_CHARS:
            return None
        try:
            raw = base64.urlsafe_b64decode(token[:STREAM_CHARS] + "==")
            return str(uuid.UUID(bytes=raw))
        except (ValueError, TypeError):
            return None

    def matches(self, token: str, purpose: str, stream_id: str, nonce: str | None) -> bool:
        return bool(nonce) and hmac.compare_digest(token, self.token(purpose, stream_id, nonce))


# -- the aggregates of links (self sign-in, evaluations): `nonce` of the current link, None
# once closed, and `past_nonces` of those replaced or closed --------------------------------

def get_or_start(uow, cls, stream_id: str):
    """The link's aggregate, or a new one (no link was ever opened for it)."""
    try:
        return uow.get(cls, stream_id)
    except NotFound:
        return cls(stream_id)


def by_token(uow, cls, tokens: LinkTokens, purpose: str, token: str):
    """(aggregate, current) of the link a token opens: current False for a link replaced or
    closed since. NotFound for a token no link ever had (tampered, made up)."""
    stream = tokens.stream_of(token)
    if stream is None:
        raise NotFound(cls.stream_type, token)
    found = uow.get(cls, stream)
    if tokens.matches(token, purpose, found.id, found.nonce):
        return found, True
    if any(tokens.matches(token, purpose, found.id, old) for old in found.past_nonces):
        return found, False
    raise NotFound(cls.stream_type, token)


# Participants of one room answer at once: what was decided on a version that moved is
# decided again (each round one of those racing wins: ten at the same instant all get through).
RETRIES = 10


def retrying(decide):
    """decide() until it is not refused for a stale version (at most RETRIES times)."""
    for attempt in range(RETRIES):
        try:
            return decide()
        except ConcurrencyError:
            if attempt == RETRIES - 1:
                raise
