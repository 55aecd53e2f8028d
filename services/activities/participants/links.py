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
